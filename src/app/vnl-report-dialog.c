/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-message.h"
#include "vnl-report-dialog.h"
#include "vnl-save-chooser.h"
#include "vnl-export.h"
#include "vnl-file.h"

#include <string.h>

/*
 * A run goes IDLE → COLLECTING → WRITING → IDLE. Collecting is
 * vnl_report_new_async() over a snapshot of the design; writing is
 * vnl_export_report() in a GTask thread (a PDF report draws every page and
 * takes far longer than collecting). One GCancellable covers both; closing
 * the dialog cancels it. The progress bar gives collecting the first
 * `collect_share` of its length, by format, so that it moves evenly.
 *
 * Lifetimes: the dialog may be closed (disposed) while a thread still
 * runs. Every callback and progress event holds a reference of its own,
 * released in the main thread, and does nothing once `closed` is set or
 * the run it belongs to is over (`phase`).
 */

typedef enum
{
  PHASE_IDLE,
  PHASE_COLLECTING,
  PHASE_WRITING,
} Phase;

struct _VnlReportDialog
{
  GtkWindow       parent_instance;

  GtkDropDown    *format_drop;
  GtkDropDown    *table_drop;
  GtkWidget      *options_grid;
  GtkLabel       *hint_label;
  GtkLabel       *down_label;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *result_label;

  VnlDesign      *design;        /* owned */
  GStrv           what_if;       /* owned: taken down by the what-if, not the design */
  char           *scenario;      /* owned, nullable: the saved scenario shown */
  VnlFlow         flow;          /* the matrix's: the analysis pane's */
  char           *design_path;   /* owned, nullable */
  char           *target_path;   /* owned, nullable: skips the file chooser */
  char           *output_path;   /* owned, nullable: being written, then written */
  GCancellable   *cancellable;   /* owned, nullable: the current run */
  double          collect_share; /* of the progress bar, for this run */
  Phase           phase;
  gboolean        closed;
};

G_DEFINE_FINAL_TYPE (VnlReportDialog, vnl_report_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DESIGN,
  PROP_DESIGN_PATH,
  PROP_TARGET_PATH,
  PROP_FORMAT,
  PROP_RUNNING,
  PROP_OUTPUT_PATH,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of format_drop's items. */
static const struct
{
  const char     *id;
  VnlReportFormat format;
  const char     *extension;
  const char     *filter_name;
  const char     *mime_type;
  const char     *hint;
  double          collect_share;  /* roughly, of the time a run takes */
} formats[] = {
  { "html", VNL_REPORT_FORMAT_HTML, "html", N_("HTML pages"), "text/html",
    N_("One page with the diagram, route tables, traceroutes, the reachability matrix and the what-if analysis."), 0.7 },
  { "pdf", VNL_REPORT_FORMAT_PDF, "pdf", N_("PDF documents"), "application/pdf",
    N_("A printable document: summary, diagram, route tables, traceroutes, heat map, latency charts and what-ifs."), 0.15 },
  { "markdown", VNL_REPORT_FORMAT_MARKDOWN, "md", N_("Markdown documents"), "text/markdown",
    N_("The report as Markdown text, for wikis and pull requests."), 0.9 },
  { "csv", VNL_REPORT_FORMAT_CSV, "csv", N_("CSV tables"), "text/csv",
    N_("One table for spreadsheets: the route tables, the reachability matrix or the traces."), 0.9 },
  { "json", VNL_REPORT_FORMAT_JSON, "json", N_("JSON files"), "application/json",
    N_("Everything the report holds, for scripts."), 0.9 },
};

/* In the order of table_drop's items. */
static const VnlReportCsvTable csv_tables[] = {
  VNL_REPORT_CSV_ROUTES,
  VNL_REPORT_CSV_MATRIX,
  VNL_REPORT_CSV_TRACES,
};

static guint
format_index (VnlReportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->format_drop);

  return i < G_N_ELEMENTS (formats) ? i : 0;
}

static VnlReportCsvTable
csv_table (VnlReportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->table_drop);

  return csv_tables[i < G_N_ELEMENTS (csv_tables) ? i : 0];
}

static void
on_format_changed (VnlReportDialog *self)
{
  guint i = format_index (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->table_drop), formats[i].format == VNL_REPORT_FORMAT_CSV);
  gtk_label_set_text (self->hint_label, _(formats[i].hint));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

static void
build_down_label (VnlReportDialog *self)
{
  guint n = self->what_if != NULL ? g_strv_length (self->what_if) : 0;
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->down_label), n > 0);
  if (n == 0)
    return;
  names = g_strjoinv (", ", self->what_if);
  if (self->scenario != NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Scenario “%s”: %s is down in the report, which compares it with the design as drawn.",
                                         "Scenario “%s”: %s are down in the report, which compares them with the design as drawn.", n),
                            self->scenario, names);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "What-if: %s is down in the report, which compares it with the design as drawn.",
                                         "What-if: %s are down in the report, which compares them with the design as drawn.", n),
                            names);
  gtk_label_set_text (self->down_label, text);
}

static void
show_error (VnlReportDialog *self,
            const char *primary,
            const char *secondary)
{
  vnl_message_show_error (GTK_WINDOW (self), primary, secondary);
}

/* Run state */

static void
set_phase (VnlReportDialog *self,
           Phase            phase)
{
  gboolean was_running = self->phase != PHASE_IDLE;
  gboolean running = phase != PHASE_IDLE;

  self->phase = phase;
  if (running == was_running)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel", running);
  gtk_widget_set_sensitive (self->options_grid, !running);
  gtk_widget_set_visible (self->progress_box, running);
  if (!running)
    g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_progress (VnlReportDialog *self,
              double           fraction,
              const char      *what)
{
  g_autofree char *text = g_strdup_printf ("%s — %.0f %%", what != NULL ? what : "", fraction * 100);

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
show_result (VnlReportDialog *self,
             const char      *text)
{
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
}

static void
end_run (VnlReportDialog *self,
         GError          *error)
{
  g_autofree char *message = NULL;

  set_phase (self, PHASE_IDLE);
  if (error == NULL)
    {
      message = g_strdup_printf (_("Report written to %s"), self->output_path);
      show_result (self, message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_PATH]);
      g_signal_emit (self, signals[MESSAGE], 0, message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_result (self, _("The report was cancelled; no file was written."));
  else
    {
      show_result (self, NULL);
      show_error (self, _("The report could not be made"), error->message);
    }
}

/* Writing, in a thread */

typedef struct
{
  VnlReport        *report;     /* owned */
  VnlReportFormat   format;
  VnlReportCsvTable csv_table;
  char             *path;       /* owned */
  double            share;      /* of the progress bar before writing */
  VnlReportDialog  *self;       /* borrowed: the callback holds a reference */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_pointer (&data->report, vnl_report_free);
  g_free (data->path);
  g_free (data);
}

typedef struct
{
  VnlReportDialog *self;        /* owned */
  Phase            phase;
  double           fraction;
  char            *what;        /* owned */
} ProgressEvent;

static void
progress_event_free (ProgressEvent *event)
{
  g_object_unref (event->self);
  g_free (event->what);
  g_free (event);
}

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  if (!event->self->closed && event->self->phase == event->phase &&
      !g_cancellable_is_cancelled (event->self->cancellable))
    set_progress (event->self, event->fraction, event->what);
  return G_SOURCE_REMOVE;
}

/* Called in the writing thread: hands the progress to the main thread. */
static void
on_write_progress (double      fraction,
                   const char *what,
                   gpointer    user_data)
{
  WriteData *data = user_data;
  ProgressEvent *event = g_new0 (ProgressEvent, 1);

  event->self = g_object_ref (data->self);
  event->phase = PHASE_WRITING;
  event->fraction = data->share + (1 - data->share) * fraction;
  event->what = g_strdup (what);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_progress, event,
                              (GDestroyNotify) progress_event_free);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (!vnl_export_report (data->report, data->format, data->csv_table, data->path,
                          on_write_progress, data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VnlReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->closed)
    return;
  end_run (self, error);
}

/* Collecting */

static void
on_collect_progress (double      fraction,
                     const char *what,
                     gpointer    user_data)
{
  VnlReportDialog *self = user_data;

  if (!self->closed && self->phase == PHASE_COLLECTING &&
      !g_cancellable_is_cancelled (self->cancellable))
    set_progress (self, self->collect_share * fraction, what);
}

static gboolean
unref_idle (gpointer object)
{
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

/* The collection may drop its progress data in its thread: the dialog is
 * released in the main thread, after any progress still queued. */
static void
unref_later (gpointer object)
{
  g_idle_add_full (G_PRIORITY_LOW, unref_idle, object, NULL);
}

static void
on_collected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VnlReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlReport) report = vnl_report_new_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  if (self->closed)
    return;
  if (report == NULL)
    {
      end_run (self, error);
      return;
    }
  vnl_report_set_scenario (report, self->scenario);

  set_phase (self, PHASE_WRITING);
  set_progress (self, self->collect_share, _("Writing the report"));
  data = g_new0 (WriteData, 1);
  data->report = g_steal_pointer (&report);
  data->format = formats[format_index (self)].format;
  data->csv_table = csv_table (self);
  data->path = g_strdup (self->output_path);
  data->share = self->collect_share;
  data->self = self;
  task = g_task_new (NULL, self->cancellable, on_written, g_object_ref (self));
  g_task_set_source_tag (task, on_collected);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_in_thread);
}

/* @path, with the extension of the chosen format added unless it has it. */
static char *
with_extension (VnlReportDialog *self,
                const char      *path)
{
  VnlReportFormat format;
  guint i = format_index (self);

  if (vnl_report_format_from_path (path, &format, NULL) && format == formats[i].format)
    return g_strdup (path);
  return g_strconcat (path, ".", formats[i].extension, NULL);
}

static void
start (VnlReportDialog *self,
       const char      *chosen)
{
  g_autofree char *source = self->design_path != NULL ? g_path_get_basename (self->design_path) : NULL;

  g_free (self->output_path);
  self->output_path = with_extension (self, chosen);
  self->cancellable = g_cancellable_new ();
  self->collect_share = formats[format_index (self)].collect_share;
  show_result (self, NULL);
  set_phase (self, PHASE_COLLECTING);
  set_progress (self, 0, _("Converging routes"));
  vnl_report_new_for_flow_async (self->design, source, (const char * const *) self->what_if, &self->flow,
                                 on_collect_progress, g_object_ref (self), unref_later,
                                 self->cancellable, on_collected, g_object_ref (self));
}

/* Actions */

static char *
suggested_name (VnlReportDialog *self)
{
  const char *extension = formats[format_index (self)].extension;
  g_autofree char *base = NULL;

  if (self->design_path == NULL)
    return g_strdup_printf ("%s.%s", _("report"), extension);
  base = g_path_get_basename (self->design_path);
  if (strrchr (base, '.') != NULL && strrchr (base, '.') != base)
    *strrchr (base, '.') = '\0';
  return g_strdup_printf ("%s-%s.%s", base, _("report"), extension);
}

static void
on_chosen (GObject    *owner,
           const char *path)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (owner);

  if (!self->closed && self->phase == PHASE_IDLE)
    start (self, path);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (widget);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *name = NULL;
  guint i = format_index (self);

  if (self->phase != PHASE_IDLE)
    return;

  /* The report needs routes that mean something. */
  problems = vnl_design_validate (self->design, self->design_path);
  if (problems != NULL && vnl_problems_count (problems, VNL_SEVERITY_ERROR) > 0)
    {
      g_autofree char *first = vnl_problem_to_string (problems->pdata[0]);
      g_autofree char *secondary = NULL;

      if (problems->len == 1)
        secondary = g_strdup_printf (_("Fix this problem first:\n%s"), first);
      else
        secondary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Fix %u problem first:\n%s",
                                                  "Fix these %u problems first; the first one:\n%s",
                                                  problems->len),
                                     problems->len, first);
      show_error (self, _("The design has problems"), secondary);
      return;
    }

  if (self->target_path != NULL)
    {
      start (self, self->target_path);
      return;
    }

  name = suggested_name (self);
  vnl_save_chooser_run (GTK_WINDOW (self), _("Save Report"), _("_Save"),
                        _(formats[i].filter_name), formats[i].extension, formats[i].mime_type,
                        self->design_path, name, G_OBJECT (self), on_chosen);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (widget);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  /* The writers stop at their next check, which may be a while. */
  gtk_widget_action_set_enabled (widget, "report.cancel", FALSE);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
}

/* Object life */

GtkWidget *
vnl_report_dialog_new (GtkWindow  *parent,
                       VnlDesign  *design,
                       const char *design_path)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  return g_object_new (VNL_TYPE_REPORT_DIALOG,
                       "transient-for", parent,
                       "design", design,
                       "design-path", design_path,
                       NULL);
}

static gboolean
vnl_report_dialog_close_request (GtkWindow *window)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (vnl_report_dialog_parent_class)->close_request (window);
}

static void
set_format (VnlReportDialog *self,
            const char      *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i].id, id))
      {
        gtk_drop_down_set_selected (self->format_drop, i);
        return;
      }
  g_warning ("unknown report format “%s”", id);
}

static void
vnl_report_dialog_constructed (GObject *object)
{
  VnlReportDialog *self = (VnlReportDialog *) object;

  G_OBJECT_CLASS (vnl_report_dialog_parent_class)->constructed (object);

  g_assert (self->design != NULL);
  build_down_label (self);
  on_format_changed (self);
}

static void
vnl_report_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESIGN:
      g_value_set_object (value, self->design);
      break;
    case PROP_DESIGN_PATH:
      g_value_set_string (value, self->design_path);
      break;
    case PROP_TARGET_PATH:
      g_value_set_string (value, self->target_path);
      break;
    case PROP_FORMAT:
      g_value_set_string (value, formats[format_index (self)].id);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->phase != PHASE_IDLE);
      break;
    case PROP_OUTPUT_PATH:
      g_value_set_string (value, self->phase == PHASE_IDLE ? self->output_path : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_report_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VnlReportDialog *self = VNL_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESIGN:
      self->design = g_value_dup_object (value);
      break;
    case PROP_DESIGN_PATH:
      self->design_path = g_value_dup_string (value);
      break;
    case PROP_TARGET_PATH:
      if (g_strcmp0 (self->target_path, g_value_get_string (value)) != 0)
        {
          g_free (self->target_path);
          self->target_path = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FORMAT:
      set_format (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_report_dialog_dispose (GObject *object)
{
  VnlReportDialog *self = (VnlReportDialog *) object;

  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_REPORT_DIALOG);
  g_clear_object (&self->design);
  g_clear_pointer (&self->what_if, g_strfreev);
  g_clear_pointer (&self->scenario, g_free);

  G_OBJECT_CLASS (vnl_report_dialog_parent_class)->dispose (object);
}

static void
vnl_report_dialog_finalize (GObject *object)
{
  VnlReportDialog *self = (VnlReportDialog *) object;

  g_clear_object (&self->cancellable);
  g_free (self->design_path);
  g_free (self->target_path);
  g_free (self->output_path);

  G_OBJECT_CLASS (vnl_report_dialog_parent_class)->finalize (object);
}

static void
vnl_report_dialog_class_init (VnlReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vnl_report_dialog_constructed;
  object_class->get_property = vnl_report_dialog_get_property;
  object_class->set_property = vnl_report_dialog_set_property;
  object_class->dispose = vnl_report_dialog_dispose;
  object_class->finalize = vnl_report_dialog_finalize;
  window_class->close_request = vnl_report_dialog_close_request;

  properties[PROP_DESIGN] =
    g_param_spec_object ("design", NULL, NULL, VNL_TYPE_DESIGN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESIGN_PATH] =
    g_param_spec_string ("design-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Where "report.run" writes without asking; NULL asks (the default). */
  properties[PROP_TARGET_PATH] =
    g_param_spec_string ("target-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "html", "pdf", "markdown", "csv" or "json". */
  properties[PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, "html",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a report is collected or written. */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The file the last run wrote; NULL while running or before. */
  properties[PROP_OUTPUT_PATH] =
    g_param_spec_string ("output-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::message (text): a one-line report of a written report, for the
   * window's status line. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, format_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, table_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, options_grid);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, down_label);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VnlReportDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);

  gtk_widget_class_install_action (widget_class, "report.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "report.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_report_dialog_init (VnlReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel", FALSE);
  self->flow = vnl_flow_icmp;
}

/* The what-if the report shows (the analysis's, not the design's own down
 * objects) and the saved scenario it comes from (nullable). */
void
vnl_report_dialog_set_what_if (VnlReportDialog    *self,
                               const char         *scenario,
                               const char * const *down)
{
  g_return_if_fail (VNL_IS_REPORT_DIALOG (self));

  g_strfreev (self->what_if);
  self->what_if = down != NULL ? g_strdupv ((GStrv) down) : NULL;
  g_free (self->scenario);
  self->scenario = g_strdup (scenario);
  build_down_label (self);
}

void
vnl_report_dialog_set_flow (VnlReportDialog *self,
                            const VnlFlow   *flow)
{
  g_return_if_fail (VNL_IS_REPORT_DIALOG (self));
  g_return_if_fail (flow != NULL);

  self->flow = *flow;
}
