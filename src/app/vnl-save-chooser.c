/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-save-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-save-chooser.h"

typedef struct
{
  GObject       *owner;    /* owned */
  VnlSaveChosen  chosen;
} Pending;

static void
on_response (GtkNativeDialog *native,
             int              response,
             Pending         *pending)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        pending->chosen (pending->owner, path);
    }
  g_object_unref (native);
  g_object_unref (pending->owner);
  g_free (pending);
}

void
vnl_save_chooser_run (GtkWindow     *parent,
                      const char    *title,
                      const char    *accept_label,
                      const char    *filter_name,
                      const char    *suffix,
                      const char    *mime_type,
                      const char    *design_path,
                      const char    *suggested_name,
                      GObject       *owner,
                      VnlSaveChosen  chosen)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;
  Pending *pending;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (chosen != NULL);

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  if (design_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (design_path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);

  pending = g_new0 (Pending, 1);
  pending->owner = g_object_ref (owner);
  pending->chosen = chosen;
  g_signal_connect (native, "response", G_CALLBACK (on_response), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
