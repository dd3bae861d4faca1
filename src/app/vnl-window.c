/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vnl-message.h"
#include "vnl-analysis-pane.h"
#include "vnl-application.h"
#include "vnl-edit.h"
#include "vnl-export-dialog.h"
#include "vnl-file.h"
#include "vnl-inspector.h"
#include "vnl-locations-dialog.h"
#include "vnl-palette.h"
#include "vnl-report-dialog.h"
#include "vnl-window.h"
#include "vnl-layout.h"

/*
 * The main window: the document (design, history, file path), the file
 * commands, and the wiring between palette, canvas, inspector and status
 * line. The design is autosaved to a recovery file while it has unsaved
 * changes; the file is removed when the changes are saved or discarded.
 */

#define AUTOSAVE_SECONDS 20

typedef void (*AfterConfirm) (VnlWindow *self, gpointer data);

struct _VnlWindow
{
  GtkApplicationWindow parent_instance;

  VnlCanvas    *canvas;
  VnlInspector *inspector;
  VnlAnalysisPane *analysis_pane;
  GtkScrollbar    *hscrollbar;
  GtkScrollbar    *vscrollbar;
  VnlPalette   *palette;
  GtkLabel     *status_label;
  GtkLabel     *count_label;
  GtkLabel     *zoom_label;
  GMenu        *recent_section;  /* template child: Open Recent items */

  VnlDesign    *design;      /* owned */
  VnlHistory   *history;     /* owned */
  char         *path;        /* owned, nullable */
  guint         autosave_id;
  gboolean      closing;
};

G_DEFINE_FINAL_TYPE (VnlWindow, vnl_window, GTK_TYPE_APPLICATION_WINDOW)

static char *
recovery_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "vnetlab", "recovery.vnetlab", NULL);
}

static void
status (VnlWindow  *self,
        const char *message)
{
  gtk_label_set_text (self->status_label, message);
}

static void
update_title (VnlWindow *self)
{
  g_autofree char *base = self->path != NULL ? g_path_get_basename (self->path) : g_strdup (_("Untitled design"));
  g_autofree char *title = g_strdup_printf ("%s%s — VNetLab",
                                            vnl_history_is_modified (self->history) ? "• " : "", base);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_counts (VnlWindow *self)
{
  guint nodes = 0, links = 0;
  g_autofree char *text = NULL;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      if (k == VNL_KIND_LOCATION || objects->len == 0)
        continue;
      if (vnl_object_is_node (objects->pdata[0]))
        nodes += objects->len;
      else
        links += objects->len;
    }
  text = g_strdup_printf (_("%u nodes · %u links"), nodes, links);
  gtk_label_set_text (self->count_label, text);
}

static void
update_undo_actions (VnlWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.undo", vnl_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.redo", vnl_history_can_redo (self->history));
  update_title (self);
}

static void
on_zoom_changed (VnlWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f %%", vnl_viewport_get_zoom (vnl_canvas_get_viewport (self->canvas)) * 100);
  gtk_label_set_text (self->zoom_label, text);
}

static void
on_selection_changed (VnlWindow *self)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (self->canvas);
  GPtrArray *selection = vnl_viewport_get_selection (viewport);

  vnl_inspector_set_object (self->inspector, vnl_viewport_get_focus (viewport));
  if (selection->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object selected", "%u objects selected", selection->len), selection->len);
      status (self, text);
    }
}

static void
on_canvas_message (VnlWindow  *self,
                   const char *message)
{
  status (self, message);
}

static void
on_palette_place (VnlWindow  *self,
                  const char *id)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (self->canvas);
  double wx, wy;
  gpointer focus = vnl_viewport_get_focus (viewport);
  VnlPlace place;

  /* Into the selected container when there is one, else mid-view. */
  if (vnl_place_from_id (id, &place) && vnl_place_needs_container (place) &&
      focus != NULL && vnl_place_accepts (place, ((VnlObject *) focus)->kind))
    {
      VnlObject *container = focus;
      VnlRect frame;

      /* Beside the container's own node, inside its frame. */
      if (vnl_renderer_get_frame (vnl_canvas_get_renderer (self->canvas), focus, &frame))
        {
          vnl_canvas_place_into (self->canvas, id, frame.x + frame.width + 50,
                                 container->pos.y, container);
          return;
        }
    }
  vnl_viewport_to_world (viewport,
                         gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0, &wx, &wy);
  vnl_canvas_place (self->canvas, id, wx, wy);
}

static void
on_design_changed (VnlWindow *self)
{
  update_counts (self);
}

/* A design written by hand or by another tool may carry no layout: the
 * nodes without a position are placed by the automatic layout, so nothing
 * is left invisible. Returns how many were placed. */
static guint
place_unplaced (VnlDesign *design)
{
  g_autoptr(GHashTable) positions = NULL;
  guint missing = 0;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_is_node (objects->pdata[i]) && !((VnlObject *) objects->pdata[i])->has_pos)
          missing++;
    }
  if (missing == 0 || !(positions = vnl_layout_compute (design, VNL_LAYOUT_DOT, NULL)))
    return 0;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlPoint *point = g_hash_table_lookup (positions, object);

          if (point != NULL && !object->has_pos && vnl_object_is_node (object))
            {
              object->has_pos = TRUE;
              object->pos = *point;
            }
        }
    }
  return missing;
}

static void
set_document (VnlWindow  *self,
              VnlDesign  *design,
              const char *path)
{
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->design, design);
  g_clear_object (&self->history);
  self->history = vnl_history_new (design);
  g_free (self->path);
  self->path = g_strdup (path);

  g_signal_connect_swapped (self->history, "notify", G_CALLBACK (update_undo_actions), self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_design_changed), self);
  vnl_canvas_set_document (self->canvas, design, self->history);
  vnl_inspector_set_document (self->inspector, design, self->history);
  vnl_analysis_pane_set_document (self->analysis_pane, design, self->history);
  update_undo_actions (self);
  update_counts (self);
  vnl_canvas_zoom_to_fit (self->canvas);
}

/* Dialogs */

static void
show_error (VnlWindow *self,
            const char *primary,
            const char *secondary)
{
  vnl_message_show_error (GTK_WINDOW (self), primary, secondary);
}

/* Lists every problem of @path as FILE:LINE: message. @opened: the design
 * was opened all the same (semantic problems only). */
static void
show_problems (VnlWindow  *self,
               const char *path,
               GPtrArray  *problems,
               const char *fallback,
               gboolean    opened)
{
  GString *text = g_string_new (NULL);
  g_autofree char *primary = NULL;
  g_autofree char *base = g_path_get_basename (path);
  GtkWidget *dialog, *scrolled, *view, *area;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = vnl_problem_to_string (problems->pdata[i]);
      g_string_append_printf (text, "%s\n", line);
    }
  if (text->len == 0 && fallback != NULL)
    g_string_append (text, fallback);

  if (opened)
    primary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” has %u problem", "“%s” has %u problems", problems->len),
                               base, problems->len);
  else
    primary = g_strdup_printf (_("“%s” could not be opened"), base);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   opened ? GTK_MESSAGE_WARNING : GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            opened ? _("The design was opened so that you can fix them; routing results may be wrong until then.")
                                                   : _("The file has these problems. The current design is kept."));
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text->str, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 560);
  gtk_widget_set_vexpand (scrolled, TRUE);
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  gtk_box_append (GTK_BOX (area), scrolled);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  g_string_free (text, TRUE);
}

typedef struct
{
  VnlWindow    *self;
  AfterConfirm  then;
  gpointer      data;
  GDestroyNotify destroy;
} Confirm;

static void save_as_then (VnlWindow *self, AfterConfirm then, gpointer data, GDestroyNotify destroy);

static void
on_confirm_response (GtkDialog *dialog,
                     int        response,
                     Confirm   *confirm)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GError) error = NULL;
      if (confirm->self->path == NULL)
        {
          save_as_then (confirm->self, confirm->then, confirm->data, confirm->destroy);
          g_free (confirm);
          return;
        }
      if (!vnl_window_save (confirm->self, &error))
        {
          show_error (confirm->self, _("The design could not be saved"), error->message);
          goto out;
        }
      confirm->then (confirm->self, confirm->data);
    }
  else if (response == GTK_RESPONSE_REJECT)
    confirm->then (confirm->self, confirm->data);
out:
  if (confirm->destroy != NULL)
    confirm->destroy (confirm->data);
  g_free (confirm);
}

/* Runs @then now, or after the user saved or discarded unsaved changes. */
static void
confirm_discard (VnlWindow      *self,
                 AfterConfirm    then,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  GtkWidget *dialog;
  Confirm *confirm;

  if (!vnl_history_is_modified (self->history))
    {
      then (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  confirm = g_new0 (Confirm, 1);
  confirm->self = self;
  confirm->then = then;
  confirm->data = data;
  confirm->destroy = destroy;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("Save changes to the design?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Unsaved changes will be lost otherwise."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Recent files */

static VnlApplication *
get_app (VnlWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return VNL_IS_APPLICATION (app) ? VNL_APPLICATION (app) : NULL;
}

static void
remember (VnlWindow  *self,
          const char *path)
{
  VnlApplication *app = get_app (self);

  if (app != NULL && path != NULL)
    vnl_application_add_recent (app, path);
}

/* Menu labels take mnemonics: a file name's underscores are doubled. */
static char *
menu_label (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
update_recent (VnlWindow *self)
{
  VnlApplication *app = get_app (self);
  const char * const *recent = app != NULL ? vnl_application_get_recent (app) : NULL;
  guint n = recent != NULL ? g_strv_length ((char **) recent) : 0;

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;
      gboolean unique = TRUE;

      /* Two designs of the same name: say where each one is. */
      for (guint j = 0; j < n; j++)
        {
          g_autofree char *other = g_path_get_basename (recent[j]);
          if (j != i && g_str_equal (base, other))
            unique = FALSE;
        }
      if (unique)
        label = menu_label (base);
      else
        {
          g_autofree char *dir = g_path_get_dirname (recent[i]);
          g_autofree char *both = g_strdup_printf ("%s (%s)", base, dir);
          label = menu_label (both);
        }
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_section, item);
    }
  if (n == 0)
    g_menu_append (self->recent_section, _("No Recent Designs"), "win.no-recent");
}

static void
on_application_changed (VnlWindow *self)
{
  VnlApplication *app = get_app (self);

  if (app != NULL)
    g_signal_connect_object (app, "recent-changed", G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);
}

/* Files */

static void
remove_recovery (void)
{
  g_autofree char *path = recovery_path ();
  g_unlink (path);
}

gboolean
vnl_window_open_path (VnlWindow  *self,
                      const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *message = NULL;
  guint placed;

  g_return_val_if_fail (VNL_IS_WINDOW (self), FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(VnlDesign) fresh = vnl_design_new ();
      set_document (self, fresh, path);
      message = g_strdup_printf (_("New design, will be saved as %s"), path);
      status (self, message);
      return TRUE;
    }

  design = vnl_design_load (path, &error);
  if (design == NULL)
    {
      problems = vnl_file_check (path);
      show_problems (self, path, problems, error->message, FALSE);
      return FALSE;
    }
  problems = vnl_design_validate (design, path);
  placed = place_unplaced (design);
  set_document (self, design, path);
  remember (self, path);
  if (problems != NULL && problems->len > 0)
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened %s — %u problem found", "Opened %s — %u problems found", problems->len), path, problems->len);
      show_problems (self, path, problems, NULL, TRUE);
    }
  else if (placed > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Opened %s — %u object had no position and was placed automatically",
                                            "Opened %s — %u objects had no position and were placed automatically",
                                            placed), path, placed);
  else
    message = g_strdup_printf (_("Opened %s"), path);
  status (self, message);
  return TRUE;
}

gboolean
vnl_window_save (VnlWindow  *self,
                 GError    **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (VNL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->path != NULL, FALSE);

  if (!vnl_design_save (self->design, self->path, error))
    return FALSE;
  vnl_history_set_unmodified (self->history);
  remove_recovery ();
  remember (self, self->path);
  message = g_strdup_printf (_("Saved %s"), self->path);
  status (self, message);
  update_title (self);
  return TRUE;
}

static gboolean
autosave (gpointer data)
{
  VnlWindow *self = data;
  g_autofree char *path = recovery_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (!vnl_history_is_modified (self->history))
    return G_SOURCE_CONTINUE;
  g_mkdir_with_parents (dir, 0700);
  vnl_design_save (self->design, path, NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_recovery_response (GtkDialog *dialog,
                      int        response,
                      VnlWindow *self)
{
  g_autofree char *path = recovery_path ();

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(VnlDesign) design = vnl_design_load (path, NULL);
      if (design != NULL)
        {
          set_document (self, design, NULL);
          status (self, _("Restored the unsaved design; save it under a name."));
          return;
        }
    }
  g_unlink (path);
}

void
vnl_window_offer_recovery (VnlWindow *self)
{
  g_autofree char *path = recovery_path ();
  GtkWidget *dialog;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("Restore unsaved design?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("VNetLab did not close properly last time. The changes made since the last save can be restored."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Restore"), GTK_RESPONSE_ACCEPT, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_recovery_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
design_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("VNetLab designs"));
  gtk_file_filter_add_pattern (filter, "*.vnetlab");
  gtk_file_filter_add_mime_type (filter, "application/x-vnetlab");
  return filter;
}

static void
open_chosen (VnlWindow *self,
             gpointer   data)
{
  vnl_window_open_path (self, data);
}

static void
on_open_response (GtkNativeDialog *native,
                  int              response,
                  VnlWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      char *path = g_file_get_path (file);
      if (path != NULL)
        confirm_discard (self, open_chosen, path, g_free);
    }
  g_object_unref (native);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Design"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), design_filter ());
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);
  const char *path = g_variant_get_string (param, NULL);

  /* Gone since: say so and drop it, rather than start a new design there. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *primary = g_strdup_printf (_("“%s” could not be opened"), base);
      g_autofree char *secondary = g_strdup_printf (_("%s no longer exists. It was removed from the recent designs."), path);

      if (get_app (self) != NULL)
        vnl_application_remove_recent (get_app (self), path);
      show_error (self, primary, secondary);
      return;
    }
  confirm_discard (self, open_chosen, g_strdup (path), g_free);
}

static void
new_now (VnlWindow *self,
         gpointer   data)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();

  set_document (self, design, NULL);
  remove_recovery ();
  status (self, _("New design"));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  confirm_discard (VNL_WINDOW (widget), new_now, NULL, NULL);
}

typedef struct
{
  AfterConfirm   then;
  gpointer       data;
  GDestroyNotify destroy;
} SaveAs;

static void
on_save_as_response (GtkNativeDialog *native,
                     int              response,
                     VnlWindow       *self)
{
  SaveAs *save_as = g_object_get_data (G_OBJECT (native), "vnl-then");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !g_str_has_suffix (path, ".vnetlab"))
        {
          char *with = g_strconcat (path, ".vnetlab", NULL);
          g_free (path);
          path = with;
        }
      g_free (self->path);
      self->path = g_steal_pointer (&path);
      if (!vnl_window_save (self, &error))
        show_error (self, _("The design could not be saved"), error->message);
      else if (save_as != NULL && save_as->then != NULL)
        save_as->then (self, save_as->data);
    }
  if (save_as != NULL && save_as->destroy != NULL)
    save_as->destroy (save_as->data);
  g_free (save_as);
  g_object_unref (native);
}

static void
save_as_then (VnlWindow      *self,
              AfterConfirm    then,
              gpointer        data,
              GDestroyNotify  destroy)
{
  GtkFileChooserNative *native;
  SaveAs *save_as = g_new0 (SaveAs, 1);

  save_as->then = then;
  save_as->data = data;
  save_as->destroy = destroy;
  native = gtk_file_chooser_native_new (_("Save Design"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), design_filter ());
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), self->path != NULL ? self->path : _("design.vnetlab"));
  g_object_set_data (G_OBJECT (native), "vnl-then", save_as);
  g_signal_connect (native, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->path == NULL || g_str_equal (action_name, "win.save-as"))
    {
      save_as_then (self, NULL, NULL, NULL);
      return;
    }
  if (!vnl_window_save (self, &error))
    show_error (self, _("The design could not be saved"), error->message);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);
  g_autofree char *label = NULL;
  gboolean undo = g_str_equal (action_name, "doc.undo");
  const char *what = undo ? vnl_history_get_undo_label (self->history) : vnl_history_get_redo_label (self->history);

  label = g_strdup_printf (undo ? _("Undid: %s") : _("Redid: %s"), what != NULL ? what : "");
  if (undo ? vnl_history_undo (self->history) : vnl_history_redo (self->history))
    status (self, label);
}

static void
locations_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (vnl_locations_dialog_new (GTK_WINDOW (self), self->history)));
}

/* win.analysis shows or hides the analysis pane; win.pick-path opens it and
 * starts picking a path's two ends on the canvas. */
static void
analysis_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);
  GtkWidget *pane = GTK_WIDGET (self->analysis_pane);

  if (g_str_equal (action_name, "win.analysis"))
    {
      gtk_widget_set_visible (pane, !gtk_widget_get_visible (pane));
      return;
    }
  gtk_widget_set_visible (pane, TRUE);
  gtk_widget_activate_action (pane, "analysis.pick-path", NULL);
}

/* Export and report dialogs: a finished run is told in the status line. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);
  GtkWidget *dialog;

  if (g_str_equal (action_name, "win.export"))
    dialog = vnl_export_dialog_new (GTK_WINDOW (self), self->design,
                                    vnl_analysis_pane_get_analysis (self->analysis_pane), self->path);
  else
    dialog = vnl_report_dialog_new (GTK_WINDOW (self), self->design, self->path);
  g_signal_connect_object (dialog, "message", G_CALLBACK (on_canvas_message), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_now (VnlWindow *self,
           gpointer   data)
{
  self->closing = TRUE;
  remove_recovery ();
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
vnl_window_close_request (GtkWindow *window)
{
  VnlWindow *self = VNL_WINDOW (window);

  if (self->closing || !vnl_history_is_modified (self->history))
    {
      remove_recovery ();
      return FALSE;
    }
  confirm_discard (self, close_now, NULL, NULL);
  return TRUE;
}

/* Accessors */

VnlCanvas *
vnl_window_get_canvas (VnlWindow *self)
{
  return self->canvas;
}

VnlAnalysisPane *
vnl_window_get_analysis_pane (VnlWindow *self)
{
  return self->analysis_pane;
}

VnlInspector *
vnl_window_get_inspector (VnlWindow *self)
{
  return self->inspector;
}

VnlDesign *
vnl_window_get_design (VnlWindow *self)
{
  return self->design;
}

VnlHistory *
vnl_window_get_history (VnlWindow *self)
{
  return self->history;
}

/* Object life */

static void
vnl_window_dispose (GObject *object)
{
  VnlWindow *self = (VnlWindow *) object;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_WINDOW);
  g_clear_object (&self->history);
  g_clear_object (&self->design);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (vnl_window_parent_class)->dispose (object);
}

static void
vnl_window_class_init (VnlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vnl_window_dispose;
  window_class->close_request = vnl_window_close_request;

  g_type_ensure (VNL_TYPE_CANVAS);
  g_type_ensure (VNL_TYPE_INSPECTOR);
  g_type_ensure (VNL_TYPE_ANALYSIS_PANE);
  g_type_ensure (VNL_TYPE_PALETTE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, analysis_pane);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, hscrollbar);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, vscrollbar);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_message);
  gtk_widget_class_bind_template_callback (widget_class, on_palette_place);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.locations", NULL, locations_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.report", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.report", NULL);
  gtk_widget_class_install_action (widget_class, "win.analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "win.pick-path", NULL, analysis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.analysis", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.pick-path", NULL);
  gtk_widget_class_install_action (widget_class, "doc.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "doc.redo", NULL, undo_action);
}

static void
forward_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  VnlWindow *self = data;
  g_autofree char *name = g_strconcat ("canvas.", g_action_get_name (G_ACTION (action)), NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->canvas), name, param);
}

/* The header bar and the main menu are outside the canvas, so the canvas
 * commands they show are forwarded as window actions. */
static void
add_canvas_actions (VnlWindow *self)
{
  static const GActionEntry forwarded[] = {
    { "zoom-in", forward_action },
    { "zoom-out", forward_action },
    { "zoom-fit", forward_action },
    { "zoom-reset", forward_action },
    { "auto-layout", forward_action },
  };
  static const char *toggles[] = { "connect-mode", "show-grid", "snap", "show-legend" };

  g_action_map_add_action_entries (G_ACTION_MAP (self), forwarded, G_N_ELEMENTS (forwarded), self);
  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (toggles[i], self->canvas, toggles[i]);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

static void
vnl_window_init (VnlWindow *self)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  VnlViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));
  vnl_analysis_pane_set_canvas (self->analysis_pane, self->canvas);
  gtk_scrollbar_set_adjustment (self->hscrollbar,
                                vnl_canvas_get_adjustment (self->canvas, GTK_ORIENTATION_HORIZONTAL));
  gtk_scrollbar_set_adjustment (self->vscrollbar,
                                vnl_canvas_get_adjustment (self->canvas, GTK_ORIENTATION_VERTICAL));
  add_canvas_actions (self);

  viewport = vnl_canvas_get_viewport (self->canvas);
  g_signal_connect_swapped (viewport, "notify::zoom", G_CALLBACK (on_zoom_changed), self);
  g_signal_connect_swapped (viewport, "selection-changed", G_CALLBACK (on_selection_changed), self);
  set_document (self, design, NULL);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);
  update_recent (self);
  on_zoom_changed (self);
  status (self, _("Drag objects from the palette; Ctrl+drag between two nodes connects them."));
  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave, self);
}

VnlWindow *
vnl_window_new (GtkApplication *application)
{
  return g_object_new (VNL_TYPE_WINDOW, "application", application, NULL);
}
