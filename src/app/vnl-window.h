/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-analysis-pane.h"
#include "vnl-canvas.h"
#include "vnl-inspector.h"

G_BEGIN_DECLS

#define VNL_TYPE_WINDOW (vnl_window_get_type ())
G_DECLARE_FINAL_TYPE (VnlWindow, vnl_window, VNL, WINDOW, GtkApplicationWindow)

VnlWindow    *vnl_window_new          (GtkApplication *application);
/* Opens @path; a path that does not exist yet starts a new design that
 * will be saved there. Problems are shown in a dialog and the current
 * design is kept. */
gboolean      vnl_window_open_path    (VnlWindow      *self,
                                       const char     *path);
gboolean      vnl_window_save         (VnlWindow      *self,
                                       GError        **error);
VnlCanvas    *vnl_window_get_canvas   (VnlWindow      *self);
VnlInspector *vnl_window_get_inspector (VnlWindow     *self);
VnlAnalysisPane *vnl_window_get_analysis_pane (VnlWindow *self);
VnlDesign    *vnl_window_get_design   (VnlWindow      *self);
VnlHistory   *vnl_window_get_history  (VnlWindow      *self);
/* Offers to restore the recovery file left by a crash, if any. */
void          vnl_window_offer_recovery (VnlWindow    *self);

G_END_DECLS
