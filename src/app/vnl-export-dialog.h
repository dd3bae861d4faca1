/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-analysis.h"
#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * VnlExportDialog: exports the diagram of the design as PNG (at a chosen
 * scale), SVG, PDF or draw.io. The view is the whole design, the path the
 * analysis looks at, or the perspective of a VNet or site; objects taken
 * down (what-if) are drawn as down. "export.run" asks where to write
 * through a file chooser — or writes to :target-path when it is set, which
 * tests use — then writes atomically, emits ::message and closes. Failures
 * are shown in a dialog and the export dialog stays open.
 */

#define VNL_TYPE_EXPORT_DIALOG (vnl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VnlExportDialog, vnl_export_dialog, VNL, EXPORT_DIALOG, GtkWindow)

/* @analysis (nullable) offers its current path as a view; @design_path
 * (nullable) names the suggested file and folder. */
GtkWidget *vnl_export_dialog_new (GtkWindow   *parent,
                                  VnlDesign   *design,
                                  VnlAnalysis *analysis,
                                  const char  *design_path);

G_END_DECLS
