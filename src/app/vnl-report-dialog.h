/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-design.h"
#include "vnl-nsg.h"

G_BEGIN_DECLS

/*
 * VnlReportDialog: writes the design report as HTML, PDF, Markdown, CSV or
 * JSON. "report.run" asks where to write through a file chooser — or uses
 * :target-path when it is set, which tests use — then collects the report
 * in a worker thread (vnl_report_new_async) and writes it in another, with
 * a progress bar and "report.cancel"; the dialog is not modal, so the
 * designer stays usable meanwhile. Objects taken down (what-if) are down in
 * the report, which compares them with the all-up design. On completion
 * the dialog says where the file is and emits ::message.
 */

#define VNL_TYPE_REPORT_DIALOG (vnl_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VnlReportDialog, vnl_report_dialog, VNL, REPORT_DIALOG, GtkWindow)

/* @design_path (nullable) names the report, the suggested file and folder. */
GtkWidget *vnl_report_dialog_new (GtkWindow  *parent,
                                  VnlDesign  *design,
                                  const char *design_path);
void       vnl_report_dialog_set_what_if (VnlReportDialog    *self,
                                          const char         *scenario,
                                          const char * const *down);
/* The flow of the report's matrix, traces and verdicts: the analysis
 * pane's (ICMP until set), as `vnetlab-cli report --protocol --port`. */
void       vnl_report_dialog_set_flow    (VnlReportDialog    *self,
                                          const VnlFlow      *flow);

G_END_DECLS
