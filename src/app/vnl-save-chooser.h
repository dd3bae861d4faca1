/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the chosen path when the user accepts the save chooser. */
typedef void (*VnlSaveChosen) (GObject    *owner,
                               const char *path);

/* The save chooser of the export and report dialogs: a modal
 * GtkFileChooserNative (GTK 4.8: no GtkFileDialog) over @parent, one
 * filter for @suffix (and @mime_type, nullable), opened in the folder of
 * @design_path (nullable) with @suggested_name. @chosen runs on @owner,
 * which is kept alive until the chooser closes, only when a local path
 * was chosen. */
void vnl_save_chooser_run (GtkWindow     *parent,
                           const char    *title,
                           const char    *accept_label,
                           const char    *filter_name,
                           const char    *suffix,
                           const char    *mime_type,
                           const char    *design_path,
                           const char    *suggested_name,
                           GObject       *owner,
                           VnlSaveChosen  chosen);

G_END_DECLS
