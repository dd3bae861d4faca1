/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-import.h"
#include "vnl-window.h"

G_BEGIN_DECLS

/*
 * File → Import…: Azure CLI, Resource Graph and ARM template JSON, one or
 * more files chosen at once, imported into a new window as an untitled
 * design with unsaved changes; the import report is a dialog over it, a
 * table of every resource (status, resource, object, why, where) that can
 * be copied or saved as the text `vnetlab-cli import` prints. Bad input
 * (not JSON, truncated, not Azure) is an error naming FILE:LINE:COLUMN or
 * the JSON path, and nothing is opened.
 */

#define VNL_TYPE_IMPORT_DIALOG (vnl_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VnlImportDialog, vnl_import_dialog, VNL, IMPORT_DIALOG, GtkWindow)

/* The report of @import (transfer full), which made @design. */
GtkWidget  *vnl_import_dialog_new         (GtkWindow        *parent,
                                           VnlImport        *import,
                                           VnlDesign        *design);
guint       vnl_import_dialog_get_n_rows  (VnlImportDialog  *self);
/* The text of the cells of row @index, tab-separated (tests). */
char       *vnl_import_dialog_get_row_text (VnlImportDialog *self,
                                            guint            index);
/* What Copy copies and Save writes: vnl_import_report_to_text(). */
char       *vnl_import_dialog_get_text    (VnlImportDialog  *self);
gboolean    vnl_import_dialog_save        (VnlImportDialog  *self,
                                           const char       *path,
                                           GError          **error);

/* Imports @paths into a new window (of @parent's application), shows it
 * and the report over it; returns the window (borrowed: the application
 * or the caller's toplevel list holds it), or NULL with @error set and
 * nothing opened. @out_dialog (nullable) receives the report (borrowed). */
VnlWindow  *vnl_import_dialog_import      (GtkWindow          *parent,
                                           const char * const *paths,
                                           VnlImportDialog   **out_dialog,
                                           GError            **error);
/* The file chooser (several JSON files), then vnl_import_dialog_import();
 * an error is shown in a dialog over @parent. */
void        vnl_import_dialog_choose      (GtkWindow          *parent);

G_END_DECLS
