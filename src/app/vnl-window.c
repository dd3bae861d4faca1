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
#include "vnl-import-dialog.h"
#include "vnl-limits-panel.h"
#include "vnl-inspector.h"
#include "vnl-nsg-editor.h"
#include "vnl-locations-dialog.h"
#include "vnl-palette.h"
#include "vnl-problems-panel.h"
#include "vnl-recovery.h"
#include "vnl-report-dialog.h"
#include "vnl-window.h"
#include "vnl-layout.h"

/*
 * The main window: the document (design, history, file path), the file
 * commands, and the wiring between palette, canvas, inspector and status
 * line. The design is autosaved to its own recovery slot (vnl-recovery.c)
 * a few seconds after each unsaved change; the slot is emptied when the
 * changes are saved or discarded. Restored work counts as unsaved until
 * it is saved.
 */

#define AUTOSAVE_SECONDS 3

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
  GMenu        *samples_section; /* template child: Samples items */
  GtkWidget    *empty_box;       /* shown over an empty canvas */
  GtkBox       *samples_box;
  VnlProblemsPanel *problems_panel;
  GtkRevealer  *problems_revealer;
  GtkButton    *problems_button;

  VnlLimitsPanel *limits_panel; /* nullable, weak: View → Azure Limits */
  VnlDesign    *design;      /* owned */
  VnlHistory   *history;     /* owned */
  char         *path;        /* owned, nullable */
  VnlRecovery  *recovery;    /* owned, nullable: claimed at the first autosave */
  gboolean      restored;    /* holds restored or imported work not yet saved */
  guint         autosave_id;
  GPtrArray    *problems;    /* owned, of VnlProblem: the last live check */
  guint         check_id;    /* pending live check */
  GCancellable *load_cancellable; /* owned, nullable: the load in progress */
  guint         pulse_id;
  GtkBox       *load_box;
  GtkLabel     *load_label;
  GtkProgressBar *load_progress;
  gboolean      closing;
};

G_DEFINE_FINAL_TYPE (VnlWindow, vnl_window, GTK_TYPE_APPLICATION_WINDOW)

/* Unsaved: edits since the last save, or restored work. */
static gboolean
is_modified (VnlWindow *self)
{
  return self->restored || vnl_history_is_modified (self->history);
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
                                            is_modified (self) ? "• " : "", base);
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

/* A double-click: a network security group opens its rule editor. */
static void
on_canvas_object_activated (VnlWindow *self,
                            gpointer   object)
{
  if (((VnlObject *) object)->kind == VNL_KIND_NSG)
    vnl_nsg_editor_present (GTK_WINDOW (self), self->history, object);
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

static void schedule_autosave (VnlWindow *self);

/* The samples offered on an empty canvas, hidden once there is a design. */
static void
update_empty (VnlWindow *self)
{
  gtk_widget_set_visible (self->empty_box, vnl_design_count (self->design) == 0);
}

static void
on_design_changed (VnlWindow *self)
{
  update_counts (self);
  update_empty (self);
  schedule_autosave (self);
}

/* Live checks: the checks of `vnetlab-cli validate` (vnl_design_validate)
 * run again shortly after every change, debounced so that a burst of edits
 * (a drag, a cascade) runs them once; longer for large designs, where a
 * run takes longer. */

#define CHECK_DELAY_MS        150
#define CHECK_DELAY_LARGE_MS  600
#define CHECK_LARGE_OBJECTS   1000

static void
update_problem_views (VnlWindow *self)
{
  guint n = self->problems->len;
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  g_autofree char *label = NULL;

  for (guint i = 0; i < n; i++)
    {
      VnlProblem *problem = self->problems->pdata[i];
      gpointer object = problem->object != NULL ? vnl_design_lookup (self->design, problem->object) : NULL;

      if (object != NULL && !g_ptr_array_find (objects, object, NULL))
        g_ptr_array_add (objects, object);
    }
  vnl_canvas_set_problems (self->canvas, objects);
  vnl_problems_panel_set_problems (self->problems_panel, self->problems);
  if (n == 0)
    label = g_strdup (_("No problems"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "⚠ %u problem", "⚠ %u problems", n), n);
  gtk_button_set_label (self->problems_button, label);
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->problems_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->problems_button), "error");

  /* The analysis answers follow from the design: the pane says when a
   * problem explains the one it shows. */
  vnl_analysis_pane_set_problems (self->analysis_pane, self->problems);
}

static gboolean
run_check (gpointer data)
{
  VnlWindow *self = data;

  gint64 start = g_get_monotonic_time ();

  self->check_id = 0;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = vnl_design_validate (self->design, self->path);
  g_debug ("checked %u objects in %.1f ms: %u problems", vnl_design_count (self->design),
           (g_get_monotonic_time () - start) / 1000.0, self->problems->len);
  update_problem_views (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (VnlWindow *self)
{
  guint delay = vnl_design_count (self->design) > CHECK_LARGE_OBJECTS ? CHECK_DELAY_LARGE_MS : CHECK_DELAY_MS;

  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (delay, run_check, self);
}

/* An object went away: its badge goes at once, not at the next check. */
static void
on_object_removed (VnlWindow *self,
                   gpointer   object)
{
  vnl_canvas_set_problems (self->canvas, NULL);
  schedule_check (self);
}

/* Selects @name and scrolls the canvas so that it is in the middle. */
static void
reveal_object (VnlWindow  *self,
               const char *name)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (self->canvas);
  gpointer object = vnl_design_lookup (self->design, name);
  VnlRect r;
  double sx, sy;

  if (object == NULL)
    return;
  vnl_viewport_select (viewport, object, FALSE);
  if (!vnl_renderer_get_object_bounds (vnl_canvas_get_renderer (self->canvas), object, &r))
    return;
  vnl_viewport_to_screen (viewport, r.x + r.width / 2, r.y + r.height / 2, &sx, &sy);
  vnl_viewport_pan (viewport,
                    gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0 - sx,
                    gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0 - sy);
}

static void
on_problem_activated (VnlWindow  *self,
                      const char *name)
{
  reveal_object (self, name);
}

static void remove_recovery (VnlWindow *self);

static void
set_document (VnlWindow  *self,
              VnlDesign  *design,
              const char *path)
{
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  /* The previous document was saved or discarded: so is its recovery. */
  if (self->recovery != NULL)
    {
      remove_recovery (self);
      g_clear_pointer (&self->recovery, vnl_recovery_free);
    }
  self->restored = FALSE;
  if (self->history != NULL)
    vnl_nsg_editor_close_all (self->history);
  g_set_object (&self->design, design);
  g_clear_object (&self->history);
  self->history = vnl_history_new (design);
  g_free (self->path);
  self->path = g_strdup (path);

  g_signal_connect_swapped (self->history, "notify", G_CALLBACK (update_undo_actions), self);
  g_signal_connect_swapped (self->history, "notify::modified", G_CALLBACK (schedule_autosave), self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (schedule_autosave), self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (schedule_check), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_object_removed), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (schedule_check), self);
  vnl_canvas_set_document (self->canvas, design, self->history);
  if (self->limits_panel != NULL)
    vnl_limits_panel_set_design (self->limits_panel, design);
  vnl_inspector_set_document (self->inspector, design, self->history);
  vnl_analysis_pane_set_document (self->analysis_pane, design, self->history);
  update_undo_actions (self);
  update_counts (self);
  update_empty (self);
  vnl_canvas_zoom_to_fit (self->canvas);
  /* Soon, not before the design is first drawn. */
  vnl_canvas_set_problems (self->canvas, NULL);
  schedule_check (self);
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

  if (!is_modified (self))
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

/* Samples: the designs installed with the app (samples/ of the source
 * tree when run uninstalled). One opens as a new, unsaved design with the
 * sample's content, so that Save asks where to keep it. */

static char *
samples_dir (void)
{
  const char *env = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", NULL);

  if (env != NULL)
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_build_filename (SOURCE_DIR, "samples", NULL);
}

static void
open_sample_now (VnlWindow *self,
                 gpointer   data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = NULL;

  if (design == NULL)
    {
      show_error (self, _("The sample could not be opened"), error->message);
      return;
    }
  vnl_layout_place_unplaced (design);
  set_document (self, design, NULL);
  message = g_strdup_printf (_("Opened the sample %s; save it under a name to keep your changes."), base);
  status (self, message);
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  confirm_discard (VNL_WINDOW (widget), open_sample_now, g_strdup (g_variant_get_string (param, NULL)), g_free);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Fills the Samples menu and the empty canvas's buttons. */
static void
add_samples (VnlWindow *self)
{
  g_autofree char *dir = samples_dir ();
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".vnetlab"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_strings);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      g_autoptr(VnlDesign) design = vnl_design_load (path, NULL);
      g_autofree char *base = g_path_get_basename (path);
      const char *title = design != NULL ? vnl_design_get_title (design) : NULL;
      g_autofree char *label = menu_label (title != NULL && *title != '\0' ? title : base);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
      GtkWidget *button = gtk_button_new_with_label (title != NULL && *title != '\0' ? title : base);

      g_menu_item_set_action_and_target_value (item, "win.open-sample", g_variant_new_string (path));
      g_menu_append_item (self->samples_section, item);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-sample");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (path));
      gtk_widget_set_tooltip_text (button, base);
      gtk_box_append (self->samples_box, button);
    }
  if (paths->len == 0)
    g_menu_append (self->samples_section, _("No Samples Installed"), "win.no-recent");
}

/* Files */

static void
remove_recovery (VnlWindow *self)
{
  self->restored = FALSE;
  if (self->recovery != NULL)
    vnl_recovery_discard (self->recovery);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
}

/* Loading: vnl_design_load() and the checks run in a worker thread
 * (GTask), so that a large or slow file does not freeze the window; the
 * status bar shows progress with a Cancel button. A cancelled load is
 * dropped when the worker returns; the current design is kept. */

typedef struct
{
  char      *path;            /* owned */
  gboolean   offer_recovery;  /* offer the file's recovery once opened */
  VnlDesign *design;          /* owned, nullable: the result */
  GPtrArray *problems;        /* owned, nullable: semantic, or the file's */
  GError    *error;           /* owned, nullable */
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_clear_object (&load->design);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

/* Reads and checks @load->path: safe in any thread, touches nothing of
 * the window. */
static void
load_run (Load *load)
{
  load->design = vnl_design_load (load->path, &load->error);
  if (load->design != NULL)
    load->problems = vnl_design_validate (load->design, load->path);
  else
    load->problems = vnl_file_check (load->path);
}

/* Shows the result of a load in the window (main thread). */
static gboolean
open_loaded (VnlWindow *self,
             Load      *load)
{
  g_autofree char *message = NULL;
  const char *path = load->path;
  GPtrArray *problems = load->problems;
  guint placed;

  if (load->design == NULL)
    {
      show_problems (self, path, problems, load->error->message, FALSE);
      status (self, load->error->message);
      return FALSE;
    }
  placed = vnl_layout_place_unplaced (load->design);
  set_document (self, load->design, path);
  /* The worker checked the design already: no second run. */
  if (problems != NULL)
    {
      g_clear_handle_id (&self->check_id, g_source_remove);
      g_ptr_array_unref (self->problems);
      self->problems = g_ptr_array_ref (problems);
      update_problem_views (self);
    }
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
  if (load->offer_recovery)
    vnl_window_offer_recovery (self, path);
  return TRUE;
}

/* A path that does not exist yet starts a new design saved there. */
static gboolean
open_new_path (VnlWindow  *self,
               const char *path)
{
  g_autoptr(VnlDesign) fresh = NULL;
  g_autofree char *message = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  fresh = vnl_design_new ();
  set_document (self, fresh, path);
  message = g_strdup_printf (_("New design, will be saved as %s"), path);
  status (self, message);
  return TRUE;
}

gboolean
vnl_window_open_path (VnlWindow  *self,
                      const char *path)
{
  Load *load;
  gboolean ok;

  g_return_val_if_fail (VNL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  vnl_recovery_remove_stale_temporaries (path);
  if (open_new_path (self, path))
    return TRUE;
  load = g_new0 (Load, 1);
  load->path = g_strdup (path);
  load_run (load);
  ok = open_loaded (self, load);
  load_free (load);
  return ok;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  load_run (data);
  g_task_return_boolean (task, TRUE);
}

static gboolean
pulse_progress (gpointer data)
{
  VnlWindow *self = data;

  gtk_progress_bar_pulse (self->load_progress);
  return G_SOURCE_CONTINUE;
}

static void
set_loading (VnlWindow *self,
             gboolean   loading)
{
  gtk_widget_set_visible (GTK_WIDGET (self->load_box), loading);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (loading)
    self->pulse_id = g_timeout_add (100, pulse_progress, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-open", loading);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  VnlWindow *self = VNL_WINDOW (source);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;

  /* A newer load or a cancel made this one stale. */
  if (self->load_cancellable == g_task_get_cancellable (task))
    {
      g_clear_object (&self->load_cancellable);
      set_loading (self, FALSE);
    }
  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *base = g_path_get_basename (((Load *) g_task_get_task_data (task))->path);
          g_autofree char *message = g_strdup_printf (_("Opening %s was cancelled; the design shown is unchanged."), base);
          status (self, message);
        }
      return;
    }
  open_loaded (self, g_task_get_task_data (task));
}

void
vnl_window_open_path_async (VnlWindow  *self,
                            const char *path,
                            gboolean    offer_recovery)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;
  Load *load;

  g_return_if_fail (VNL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  vnl_recovery_remove_stale_temporaries (path);
  if (open_new_path (self, path))
    {
      if (offer_recovery)
        vnl_window_offer_recovery (self, path);
      return;
    }
  vnl_window_cancel_open (self);
  self->load_cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->path = g_strdup (path);
  load->offer_recovery = offer_recovery;
  task = g_task_new (self, self->load_cancellable, on_loaded, NULL);
  g_task_set_source_tag (task, vnl_window_open_path_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);

  base = g_path_get_basename (path);
  message = g_strdup_printf (_("Opening %s…"), base);
  gtk_label_set_text (self->load_label, message);
  set_loading (self, TRUE);
}

void
vnl_window_cancel_open (VnlWindow *self)
{
  g_return_if_fail (VNL_IS_WINDOW (self));

  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);
}

gboolean
vnl_window_is_loading (VnlWindow *self)
{
  g_return_val_if_fail (VNL_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

static void
cancel_open_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  vnl_window_cancel_open (VNL_WINDOW (widget));
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
  remove_recovery (self);
  /* The next autosave claims the slot of the path saved to. */
  g_clear_pointer (&self->recovery, vnl_recovery_free);
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
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;
  if (!is_modified (self))
    return G_SOURCE_REMOVE;
  if (self->recovery == NULL)
    self->recovery = vnl_recovery_claim (self->path);
  if (!vnl_recovery_write (self->recovery, self->design, &error))
    g_warning ("Autosave failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* A few seconds after an unsaved change, not on every change. */
static void
schedule_autosave (VnlWindow *self)
{
  if (self->autosave_id == 0 && is_modified (self) && !self->closing)
    self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave, self);
}

/* Restores @slot into @self, which takes the slot over: the work stays
 * recoverable until it is saved or discarded. */
static void
restore_into (VnlWindow   *self,
              VnlRecovery *slot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_recovery_load (slot, &error);
  const char *origin = vnl_recovery_get_origin (slot);
  g_autofree char *message = NULL;

  if (design == NULL)
    {
      /* Kept for a later try: the user may want the file. */
      show_error (self, _("The unsaved design could not be restored"), error->message);
      vnl_recovery_free (slot);
      return;
    }
  vnl_layout_place_unplaced (design);
  set_document (self, design, origin);
  g_clear_pointer (&self->recovery, vnl_recovery_free);
  self->recovery = slot;
  self->restored = TRUE;
  update_title (self);
  if (origin != NULL)
    message = g_strdup_printf (_("Restored unsaved changes to %s; save to keep them."), origin);
  else
    message = g_strdup (_("Restored an unsaved new design; save it under a name."));
  status (self, message);
}

typedef struct
{
  VnlWindow *self;     /* borrowed: the window that offers */
  GPtrArray *slots;    /* owned, of VnlRecovery*: still to offer */
} Offer;

static void offer_next (Offer *offer);

/* The window restored work goes into: this one while it shows nothing
 * (or the same file, untouched), else a new one. */
static VnlWindow *
window_for_restore (VnlWindow   *self,
                    VnlRecovery *slot)
{
  VnlApplication *app = get_app (self);
  gboolean empty = vnl_design_count (self->design) == 0 && self->path == NULL;
  gboolean same = self->path != NULL && g_strcmp0 (self->path, vnl_recovery_get_origin (slot)) == 0;
  VnlWindow *window;

  if ((!is_modified (self) && (empty || same)) || app == NULL)
    return self;
  window = vnl_application_new_window (app);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_recovery_response (GtkDialog *dialog,
                      int        response,
                      Offer     *offer)
{
  VnlRecovery *slot = g_ptr_array_steal_index (offer->slots, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    restore_into (window_for_restore (offer->self, slot), slot);
  else
    {
      if (response == GTK_RESPONSE_REJECT)
        vnl_recovery_discard (slot);
      /* Closed without a choice: offered again next time. */
      vnl_recovery_free (slot);
    }
  offer_next (offer);
}

static void
offer_next (Offer *offer)
{
  VnlWindow *self = offer->self;
  VnlRecovery *slot;
  const char *origin;
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  GtkWidget *dialog;

  if (offer->slots->len == 0)
    {
      g_ptr_array_unref (offer->slots);
      g_object_unref (offer->self);
      g_free (offer);
      return;
    }
  slot = offer->slots->pdata[0];
  origin = vnl_recovery_get_origin (slot);
  when = g_date_time_new_from_unix_local (vnl_recovery_get_time (slot));
  time = g_date_time_format (when, "%x %X");
  if (origin != NULL)
    {
      g_autofree char *base = g_path_get_basename (origin);
      primary = g_strdup_printf (_("Restore unsaved changes to “%s”?"), base);
      secondary = g_strdup_printf (_("VNetLab did not close properly. The changes to %s made before %s can be restored; “Discard” keeps the file as it was last saved."),
                                   origin, time);
    }
  else
    {
      primary = g_strdup (_("Restore an unsaved new design?"));
      secondary = g_strdup_printf (_("VNetLab did not close properly. A new design that was never saved, as it was at %s, can be restored."), time);
    }
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Restore"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (on_recovery_response), offer);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
vnl_window_offer_recovery (VnlWindow  *self,
                           const char *origin)
{
  g_autoptr(GPtrArray) slots = NULL;
  Offer *offer;

  g_return_if_fail (VNL_IS_WINDOW (self));

  slots = vnl_recovery_list_orphans (origin);
  if (slots->len == 0)
    return;
  offer = g_new0 (Offer, 1);
  offer->self = g_object_ref (self);
  offer->slots = g_steal_pointer (&slots);
  offer_next (offer);
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
  vnl_window_open_path_async (self, data, FALSE);
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

/* File → Import…: into a new window (vnl-import-dialog.c). */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  vnl_import_dialog_choose (GTK_WINDOW (widget));
}

void
vnl_window_open_imported (VnlWindow  *self,
                          VnlDesign  *design,
                          const char *message)
{
  g_return_if_fail (VNL_IS_WINDOW (self));
  g_return_if_fail (VNL_IS_DESIGN (design));

  set_document (self, design, NULL);
  /* Unsaved until saved, as restored work is: closing asks, autosave keeps it. */
  self->restored = TRUE;
  update_title (self);
  schedule_autosave (self);
  if (message != NULL)
    status (self, message);
}

static void
new_now (VnlWindow *self,
         gpointer   data)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();

  set_document (self, design, NULL);
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

/* View → Azure Limits: one panel per window, following its document. */
static void
limits_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlWindow *self = VNL_WINDOW (widget);

  if (self->limits_panel == NULL)
    {
      self->limits_panel = VNL_LIMITS_PANEL (vnl_limits_panel_new (GTK_WINDOW (self), self->design));
      g_object_add_weak_pointer (G_OBJECT (self->limits_panel), (gpointer *) &self->limits_panel);
      g_signal_connect_object (self->limits_panel, "object-activated", G_CALLBACK (on_problem_activated),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->limits_panel));
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
    {
      /* The analysis view on screen is the view exported. */
      g_autofree char *view = vnl_analysis_pane_get_view (self->analysis_pane);

      dialog = vnl_export_dialog_new (GTK_WINDOW (self), self->design,
                                      vnl_analysis_pane_get_analysis (self->analysis_pane), self->path);
      if (view != NULL)
        g_object_set (dialog, "view", view, NULL);
    }
  else
    {
      VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (self->analysis_pane);
      g_auto(GStrv) down = vnl_analysis_get_what_if_down (analysis);

      dialog = vnl_report_dialog_new (GTK_WINDOW (self), self->design, self->path);
      vnl_report_dialog_set_what_if (VNL_REPORT_DIALOG (dialog), vnl_analysis_get_scenario (analysis),
                                     (const char * const *) down);
      /* The flow picked in the analysis pane, as the export dialog does. */
      vnl_report_dialog_set_flow (VNL_REPORT_DIALOG (dialog), vnl_analysis_get_flow (analysis));
    }
  g_signal_connect_object (dialog, "message", G_CALLBACK (on_canvas_message), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
destroy_idle (gpointer data)
{
  gtk_window_destroy (data);
  return G_SOURCE_REMOVE;
}

static void
close_now (VnlWindow *self,
           gpointer   data)
{
  self->closing = TRUE;
  remove_recovery (self);
  /* From the idle loop: the question dialog that asked is still being
   * released, and it must not outlive its parent window. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle, g_object_ref (self), g_object_unref);
}

static gboolean
vnl_window_close_request (GtkWindow *window)
{
  VnlWindow *self = VNL_WINDOW (window);

  if (self->closing || !is_modified (self))
    {
      remove_recovery (self);
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

GPtrArray *
vnl_window_get_problems (VnlWindow *self)
{
  return self->problems;
}

GtkWidget *
vnl_window_get_problems_panel (VnlWindow *self)
{
  return GTK_WIDGET (self->problems_panel);
}

/* Object life */

static void
vnl_window_dispose (GObject *object)
{
  VnlWindow *self = (VnlWindow *) object;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->limits_panel != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->limits_panel), (gpointer *) &self->limits_panel);
      gtk_window_destroy (GTK_WINDOW (self->limits_panel));
      self->limits_panel = NULL;
    }
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_WINDOW);
  g_clear_object (&self->history);
  g_clear_object (&self->design);
  g_clear_pointer (&self->path, g_free);
  /* Unsaved work stays in the slot for the next start. */
  g_clear_pointer (&self->recovery, vnl_recovery_free);

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
  g_type_ensure (VNL_TYPE_PROBLEMS_PANEL);

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
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, samples_section);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, empty_box);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, samples_box);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, problems_panel);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, problems_button);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, load_box);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, VnlWindow, load_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_message);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_object_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_palette_place);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-open", NULL, cancel_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.locations", NULL, locations_action);
  gtk_widget_class_install_action (widget_class, "win.limits", NULL, limits_action);
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
  g_autoptr(GPropertyAction) problems = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (toggles[i], self->canvas, toggles[i]);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
  /* win.problems shows or hides the problems panel. */
  problems = g_property_action_new ("problems", self->problems_revealer, "reveal-child");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (problems));
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
  g_signal_connect_swapped (self->analysis_pane, "notify::visible", G_CALLBACK (update_problem_views), self);
  self->problems = g_ptr_array_new ();
  add_samples (self);
  set_document (self, design, NULL);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);
  update_recent (self);
  on_zoom_changed (self);
  status (self, _("Drag objects from the palette; Ctrl+drag between two nodes connects them."));
  set_loading (self, FALSE);
}

VnlWindow *
vnl_window_new (GtkApplication *application)
{
  return g_object_new (VNL_TYPE_WINDOW, "application", application, NULL);
}
