/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-import-dialog.h"
#include "vnl-layout.h"
#include "vnl-message.h"
#include "vnl-save-chooser.h"

/*
 * The dialog owns the VnlImport whose report it shows; the column view's
 * model holds one item per report row, in reading order, and each cell is
 * bound from the row at the item's position (the model is never sorted or
 * filtered, so position and row index agree). The text it copies and saves
 * is the core's, the same table the CLI prints.
 */

struct _VnlImportDialog
{
  GtkWindow      parent_instance;

  GtkLabel      *summary_label;  /* borrowed: template child */
  GtkColumnView *view;           /* borrowed: template child */

  VnlImport     *import;         /* owned */
  char          *summary;        /* owned */
};

G_DEFINE_FINAL_TYPE (VnlImportDialog, vnl_import_dialog, GTK_TYPE_WINDOW)

typedef enum
{
  COLUMN_STATUS,
  COLUMN_TYPE,
  COLUMN_NAME,
  COLUMN_OBJECT,
  COLUMN_WHY,
  COLUMN_WHERE,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;   /* N_() */
  gboolean    expand;
} columns[N_COLUMNS] = {
  [COLUMN_STATUS] = { N_("Status"), FALSE },
  [COLUMN_TYPE]   = { N_("Type"), FALSE },
  [COLUMN_NAME]   = { N_("Resource"), FALSE },
  [COLUMN_OBJECT] = { N_("Design object"), FALSE },
  [COLUMN_WHY]    = { N_("Why"), TRUE },
  [COLUMN_WHERE]  = { N_("Where"), FALSE },
};

/* The words of the status column; the CLI prints the untranslated ones. */
static const char *
status_label (VnlImportStatus status)
{
  switch (status)
    {
    case VNL_IMPORT_READ:    return C_("import", "read");
    case VNL_IMPORT_MERGED:  return C_("import", "merged");
    case VNL_IMPORT_IGNORED: return C_("import", "ignored");
    case VNL_IMPORT_OUTSIDE: return C_("import", "outside");
    case VNL_IMPORT_UNKNOWN: return C_("import", "unknown");
    default:                 return "?";
    }
}

/* The text of one cell (owned). */
static char *
cell_text (const VnlImportRow *row,
           Column              column)
{
  switch (column)
    {
    case COLUMN_STATUS: return g_strdup (status_label (row->status));
    case COLUMN_TYPE:   return g_strdup (vnl_import_row_get_short_type (row));
    case COLUMN_NAME:   return g_strdup (row->name != NULL ? row->name : "–");
    case COLUMN_OBJECT: return g_strdup (row->object != NULL ? row->object : "–");
    case COLUMN_WHY:    return g_strdup (row->message);
    case COLUMN_WHERE:
      {
        g_autofree char *base = g_path_get_basename (row->file);
        return g_strdup_printf ("%s:%s", base, row->path);
      }
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  /* Long texts wrap; names are never cut: the view scrolls sideways. */
  if (GPOINTER_TO_UINT (data) == COLUMN_WHY || GPOINTER_TO_UINT (data) == COLUMN_WHERE)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), GPOINTER_TO_UINT (data) == COLUMN_WHY ? 40 : 24);
      gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_UINT (data) == COLUMN_WHY ? 70 : 32);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  VnlImportDialog *self = g_object_get_data (G_OBJECT (factory), "vnl-dialog");
  Column column = GPOINTER_TO_UINT (data);
  GPtrArray *rows = vnl_import_get_report (self->import);
  guint position = gtk_list_item_get_position (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  VnlImportRow *row;
  g_autofree char *text = NULL;

  if (position >= rows->len)
    return;
  row = rows->pdata[position];
  text = cell_text (row, column);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, column == COLUMN_WHERE ? row->file : NULL);
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (column != COLUMN_STATUS)
    return;
  if (row->status == VNL_IMPORT_OUTSIDE)
    gtk_widget_add_css_class (label, "error");
  else if (row->status == VNL_IMPORT_IGNORED || row->status == VNL_IMPORT_UNKNOWN)
    gtk_widget_add_css_class (label, "warning");
  else if (row->status == VNL_IMPORT_MERGED)
    gtk_widget_add_css_class (label, "dim-label");
}

static void
add_columns (VnlImportDialog *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "vnl-dialog", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->view, column);
    }
}

static void
fill (VnlImportDialog *self)
{
  GPtrArray *rows = vnl_import_get_report (self->import);
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  GtkNoSelection *selection;

  for (guint i = 0; i < rows->len; i++)
    gtk_string_list_append (items, ((VnlImportRow *) rows->pdata[i])->message);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&items)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_label_set_text (self->summary_label, self->summary);
}

char *
vnl_import_dialog_get_text (VnlImportDialog *self)
{
  g_autofree char *table = NULL;

  g_return_val_if_fail (VNL_IS_IMPORT_DIALOG (self), NULL);

  table = vnl_import_report_to_text (self->import);
  return g_strdup_printf ("%s%s\n", table, self->summary);
}

guint
vnl_import_dialog_get_n_rows (VnlImportDialog *self)
{
  g_return_val_if_fail (VNL_IS_IMPORT_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (self->view)));
}

char *
vnl_import_dialog_get_row_text (VnlImportDialog *self,
                                guint            index)
{
  GPtrArray *rows;
  GString *text;

  g_return_val_if_fail (VNL_IS_IMPORT_DIALOG (self), NULL);

  rows = vnl_import_get_report (self->import);
  if (index >= rows->len)
    return NULL;
  text = g_string_new (NULL);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *cell = cell_text (rows->pdata[index], c);
      g_string_append_printf (text, "%s%s", c > 0 ? "\t" : "", cell);
    }
  return g_string_free (text, FALSE);
}

gboolean
vnl_import_dialog_save (VnlImportDialog  *self,
                        const char       *path,
                        GError          **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VNL_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = vnl_import_dialog_get_text (self);
  /* g_file_set_contents() writes a temporary file and renames it. */
  return g_file_set_contents (path, text, -1, error);
}

/* Actions */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_autofree char *text = vnl_import_dialog_get_text (VNL_IMPORT_DIALOG (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
on_save_chosen (GObject    *owner,
                const char *path)
{
  VnlImportDialog *self = VNL_IMPORT_DIALOG (owner);
  g_autoptr(GError) error = NULL;

  if (!vnl_import_dialog_save (self, path, &error))
    vnl_message_show_error (GTK_WINDOW (self), _("The import report could not be saved"), error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  vnl_save_chooser_run (GTK_WINDOW (widget), _("Save Import Report"), _("_Save"), _("Text files"), "txt",
                        "text/plain", NULL, "import-report.txt", G_OBJECT (widget), on_save_chosen);
}

/* Object life */

static void
vnl_import_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VNL_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (vnl_import_dialog_parent_class)->dispose (object);
}

static void
vnl_import_dialog_finalize (GObject *object)
{
  VnlImportDialog *self = VNL_IMPORT_DIALOG (object);

  g_clear_pointer (&self->import, vnl_import_free);
  g_clear_pointer (&self->summary, g_free);
  G_OBJECT_CLASS (vnl_import_dialog_parent_class)->finalize (object);
}

static void
vnl_import_dialog_class_init (VnlImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_import_dialog_dispose;
  object_class->finalize = vnl_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VnlImportDialog, view);

  gtk_widget_class_install_action (widget_class, "import-report.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "import-report.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "import-report.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "import-report.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_import_dialog_init (VnlImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_columns (self);
}

GtkWidget *
vnl_import_dialog_new (GtkWindow *parent,
                       VnlImport *import,
                       VnlDesign *design)
{
  VnlImportDialog *self;

  g_return_val_if_fail (import != NULL, NULL);
  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->import = import;
  self->summary = vnl_import_summary (import, design);
  fill (self);
  return GTK_WIDGET (self);
}

/* Importing */

VnlWindow *
vnl_import_dialog_import (GtkWindow          *parent,
                          const char * const *paths,
                          VnlImportDialog   **out_dialog,
                          GError            **error)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(VnlDesign) design = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  GtkApplication *application;
  VnlWindow *window;
  GtkWidget *dialog;
  guint n = 0;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (; paths[n] != NULL; n++)
    if (!vnl_import_add_file (import, paths[n], error))
      return NULL;
  if (!(design = vnl_import_run (import, error)))
    return NULL;
  vnl_layout_place_unplaced (design);

  application = parent != NULL ? gtk_window_get_application (parent) : NULL;
  window = vnl_window_new (application);
  summary = vnl_import_summary (import, design);
  if (n == 1)
    {
      g_autofree char *base = g_path_get_basename (paths[0]);
      message = g_strdup_printf (_("Imported %s: %s. Save the design to keep it."), base, summary);
    }
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u file: %s. Save the design to keep it.",
                                            "Imported %u files: %s. Save the design to keep it.", n), n, summary);
  vnl_window_open_imported (window, design, message);
  gtk_window_present (GTK_WINDOW (window));

  dialog = vnl_import_dialog_new (GTK_WINDOW (window), g_steal_pointer (&import), design);
  gtk_window_present (GTK_WINDOW (dialog));
  if (out_dialog != NULL)
    *out_dialog = VNL_IMPORT_DIALOG (dialog);
  return window;
}

static void
on_import_response (GtkNativeDialog *native,
                    int              response,
                    GtkWindow       *parent)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      if (paths->len > 1
          && !vnl_import_dialog_import (parent, (const char * const *) paths->pdata, NULL, &error))
        vnl_message_show_error (parent, g_dngettext (GETTEXT_PACKAGE, "The file could not be imported",
                                                     "The files could not be imported", paths->len - 1),
                                error->message);
    }
  g_object_unref (native);
  g_object_unref (parent);
}

void
vnl_import_dialog_choose (GtkWindow *parent)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  native = gtk_file_chooser_native_new (_("Import from Azure"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Azure CLI, Resource Graph and ARM template JSON"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect (native, "response", G_CALLBACK (on_import_response), g_object_ref (parent));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
