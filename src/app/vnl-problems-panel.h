/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The problems panel: every problem `vnetlab-cli validate` finds in the
 * window's design, one row each with the object it concerns. Activating a
 * row emits ::object-activated with the object's name (NULL-free: rows
 * without an object do nothing).
 */

#define VNL_TYPE_PROBLEMS_PANEL (vnl_problems_panel_get_type ())
G_DECLARE_FINAL_TYPE (VnlProblemsPanel, vnl_problems_panel, VNL, PROBLEMS_PANEL, GtkBox)

GtkWidget *vnl_problems_panel_new          (void);
/* @problems: of VnlProblem, borrowed during the call. */
void       vnl_problems_panel_set_problems (VnlProblemsPanel *self,
                                            GPtrArray        *problems);
guint      vnl_problems_panel_get_n_rows   (VnlProblemsPanel *self);
/* The text of row @index ("message — object"), for tests. */
char      *vnl_problems_panel_get_row_text (VnlProblemsPanel *self,
                                            guint             index);
void       vnl_problems_panel_activate_row (VnlProblemsPanel *self,
                                            guint             index);

G_END_DECLS
