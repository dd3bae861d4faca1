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
/* Opens @path as vnl_window_open_path() does, reading it in a worker
 * thread with progress and Cancel in the status bar; @offer_recovery:
 * then offer the work a crash left unsaved in that file. */
void          vnl_window_open_path_async (VnlWindow   *self,
                                          const char  *path,
                                          gboolean     offer_recovery);
void          vnl_window_cancel_open  (VnlWindow      *self);
/* Shows @design, made by an import, as an untitled design with unsaved
 * changes; @message (nullable) goes to the status line. */
void          vnl_window_open_imported (VnlWindow     *self,
                                        VnlDesign     *design,
                                        const char    *message);
gboolean      vnl_window_is_loading   (VnlWindow      *self);
gboolean      vnl_window_save         (VnlWindow      *self,
                                       GError        **error);
VnlCanvas    *vnl_window_get_canvas   (VnlWindow      *self);
VnlInspector *vnl_window_get_inspector (VnlWindow     *self);
VnlAnalysisPane *vnl_window_get_analysis_pane (VnlWindow *self);
VnlDesign    *vnl_window_get_design   (VnlWindow      *self);
VnlHistory   *vnl_window_get_history  (VnlWindow      *self);
/* The problems of the last live check (of VnlProblem), and the panel
 * that lists them. */
GPtrArray    *vnl_window_get_problems (VnlWindow      *self);
GtkWidget    *vnl_window_get_problems_panel (VnlWindow *self);
/* Offers, one after the other, to restore the work a crash left
 * unsaved: of @origin only, or of every document when NULL. */
void          vnl_window_offer_recovery (VnlWindow    *self,
                                         const char   *origin);

G_END_DECLS
