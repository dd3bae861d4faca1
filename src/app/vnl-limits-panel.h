/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * View → Azure Limits: the design held against Azure's published limits,
 * the checks of `vnetlab-cli check` (vnl_limits_check() over a network
 * converged for the purpose): per limit the object closest to it with
 * its value and the maximum, the figure and its source, and a row for
 * every object over it saying what Azure then does. Kept current while
 * the design changes. Activating a row emits ::object-activated with the
 * name of the design object it concerns.
 */

#define VNL_TYPE_LIMITS_PANEL (vnl_limits_panel_get_type ())
G_DECLARE_FINAL_TYPE (VnlLimitsPanel, vnl_limits_panel, VNL, LIMITS_PANEL, GtkWindow)

GtkWidget *vnl_limits_panel_new          (GtkWindow      *parent,
                                          VnlDesign      *design);
/* Another document: checked at once. */
void       vnl_limits_panel_set_design   (VnlLimitsPanel *self,
                                          VnlDesign      *design);
/* Checks again now (else a moment after each change). */
void       vnl_limits_panel_refresh      (VnlLimitsPanel *self);
guint      vnl_limits_panel_get_n_crossed (VnlLimitsPanel *self);
guint      vnl_limits_panel_get_n_rows   (VnlLimitsPanel *self);
/* The text of row @index, for tests. */
char      *vnl_limits_panel_get_row_text (VnlLimitsPanel *self,
                                          guint           index);
void       vnl_limits_panel_activate_row (VnlLimitsPanel *self,
                                          guint           index);

G_END_DECLS
