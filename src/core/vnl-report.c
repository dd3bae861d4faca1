/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-report.h"
#include "vnl-file.h"

/*
 * DOC: The design report
 *
 * Collection (vnl_report_new) runs in four steps, each reported to the
 * progress callback: route tables, traces between every ordered pair of
 * endpoints, the reachability matrix, then the what-ifs. All results index
 * endpoints by their position in report->endpoints, which is the matrix
 * order of the network, so traces[i * n + j], matrix[i * n + j] and a
 * VnlReportChange's (from, to) all mean the same pair.
 *
 * The writers below only read the report; the HTML writer receives the
 * diagram as an SVG string so that the core stays free of cairo.
 */

G_DEFINE_QUARK (vnl-report-error-quark, vnl_report_error)

/* Reroute detection traces every pair once per what-if: beyond this many
 * endpoints only reachability changes are looked for. */
#define REROUTE_MAX_ENDPOINTS 40

/* The objects a what-if takes down: links and connections. */
static const VnlKind what_if_kinds[] = {
  VNL_KIND_LINK, VNL_KIND_ER_CONNECTION, VNL_KIND_GLOBAL_REACH,
  VNL_KIND_S2S_CONNECTION, VNL_KIND_V2V_CONNECTION, VNL_KIND_PEERING,
};

/* The nodes whose tables are reported, in report order. */
static const VnlKind table_kinds[] = {
  VNL_KIND_VNET, VNL_KIND_GATEWAY, VNL_KIND_CIRCUIT, VNL_KIND_CE, VNL_KIND_LNG,
};

/* Formats and names */

gboolean
vnl_report_format_from_path (const char       *path,
                             VnlReportFormat  *format,
                             GError          **error)
{
  static const struct { const char *ext; VnlReportFormat format; } formats[] = {
    { ".html", VNL_REPORT_FORMAT_HTML },
    { ".htm", VNL_REPORT_FORMAT_HTML },
    { ".pdf", VNL_REPORT_FORMAT_PDF },
    { ".md", VNL_REPORT_FORMAT_MARKDOWN },
    { ".csv", VNL_REPORT_FORMAT_CSV },
    { ".json", VNL_REPORT_FORMAT_JSON },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].ext))
      {
        *format = formats[i].format;
        return TRUE;
      }

  g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_FORMAT,
               _("%s: unknown report format; use .html, .pdf, .md, .csv or .json"), path);
  return FALSE;
}

gboolean
vnl_report_csv_table_from_string (const char        *text,
                                  VnlReportCsvTable *table)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (g_str_equal (text, "routes"))
    *table = VNL_REPORT_CSV_ROUTES;
  else if (g_str_equal (text, "matrix"))
    *table = VNL_REPORT_CSV_MATRIX;
  else if (g_str_equal (text, "traces"))
    *table = VNL_REPORT_CSV_TRACES;
  else
    return FALSE;
  return TRUE;
}

const char *
vnl_report_change_kind_to_string (VnlReportChangeKind kind)
{
  switch (kind)
    {
    case VNL_REPORT_CHANGE_LOST:     return "lost";
    case VNL_REPORT_CHANGE_GAINED:   return "gained";
    case VNL_REPORT_CHANGE_REROUTED: return "rerouted";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Tracert text */

static void
append_rtt (GString *out,
            double   ms)
{
  if (ms < 1.0)
    g_string_append (out, "    <1 ms");
  else
    g_string_append_printf (out, "  %4d ms", (int) lround (ms));
}

char *
vnl_trace_format_tracert (VnlTrace *trace)
{
  GString *out;
  char dst[16];

  g_return_val_if_fail (trace != NULL, NULL);

  out = g_string_new (NULL);
  vnl_ip_format (trace->destination, dst);
  g_string_append_printf (out, "\nTracing route to %s over a maximum of 30 hops\n\n", dst);

  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);

      g_string_append_printf (out, "%3u", hop->ttl);
      if (hop->n_rtt == 0)
        g_string_append (out, "     *        *        *     Request timed out.\n");
      else
        {
          char addr[16];

          for (guint k = 0; k < hop->n_rtt; k++)
            append_rtt (out, hop->rtt_ms[k]);
          vnl_ip_format (hop->address, addr);
          g_string_append_printf (out, "  %s\n", addr);
        }
    }

  if (trace->reached)
    g_string_append (out, "\nTrace complete.\n");
  else
    g_string_append_printf (out, "\nPacket dropped at %s: %s (%s).\n",
                            trace->drop_node != NULL ? trace->drop_node : "?",
                            _(vnl_drop_reason_to_string (trace->drop)),
                            trace->drop_detail != NULL ? trace->drop_detail : "");

  return g_string_free (out, FALSE);
}

void
vnl_trace_add_json_members (VnlTrace    *trace,
                            JsonBuilder *b)
{
  char addr[16];

  g_return_if_fail (trace != NULL);
  g_return_if_fail (JSON_IS_BUILDER (b));

  vnl_ip_format (trace->source, addr);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, addr);
  vnl_ip_format (trace->destination, addr);
  json_builder_set_member_name (b, "destination");
  json_builder_add_string_value (b, addr);
  json_builder_set_member_name (b, "reached");
  json_builder_add_boolean_value (b, trace->reached);
  json_builder_set_member_name (b, "one_way_ms");
  if (trace->reached)
    json_builder_add_double_value (b, round (trace->one_way_ms * 100) / 100);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "hops");
  json_builder_begin_array (b);
  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ttl");
      json_builder_add_int_value (b, hop->ttl);
      json_builder_set_member_name (b, "address");
      if (hop->n_rtt > 0)
        {
          vnl_ip_format (hop->address, addr);
          json_builder_add_string_value (b, addr);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "rtt_ms");
      json_builder_begin_array (b);
      for (guint k = 0; k < hop->n_rtt; k++)
        json_builder_add_double_value (b, round (hop->rtt_ms[k] * 10) / 10);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "node");
      json_builder_add_string_value (b, hop->node);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, vnl_hop_kind_to_string (hop->kind));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "drop");
  if (trace->reached)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "node");
      if (trace->drop_node != NULL)
        json_builder_add_string_value (b, trace->drop_node);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, vnl_drop_reason_to_string (trace->drop));
      json_builder_set_member_name (b, "detail");
      json_builder_add_string_value (b, trace->drop_detail != NULL ? trace->drop_detail : "");
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "path");
  json_builder_begin_array (b);
  for (guint i = 0; i < trace->path->len; i++)
    json_builder_add_string_value (b, trace->path->pdata[i]);
  json_builder_end_array (b);
}

/* Collection */

static void
what_if_free (VnlReportWhatIf *what_if)
{
  if (what_if == NULL)
    return;
  g_free (what_if->object);
  g_clear_pointer (&what_if->changes, g_array_unref);
  g_free (what_if);
}

void
vnl_report_free (VnlReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->tables, g_ptr_array_unref);
  g_clear_pointer (&report->traces, g_ptr_array_unref);
  g_clear_pointer (&report->endpoints, g_ptr_array_unref);
  g_clear_pointer (&report->what_ifs, g_ptr_array_unref);
  g_clear_pointer (&report->baseline, what_if_free);
  g_free (report->matrix);
  g_strfreev (report->down);
  g_free (report->source);
  g_free (report->generated);
  g_clear_object (&report->network);
  g_clear_object (&report->design);
  g_free (report);
}

static VnlDesign *
snapshot_design (VnlDesign  *design,
                 GError    **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  VnlDesign *copy;

  data = vnl_design_to_data (design, &length);
  copy = vnl_design_load_from_data (data, length, "(report)", error);
  if (copy == NULL)
    g_prefix_error (error, _("cannot snapshot the design: "));
  return copy;
}

static double
trace_rtt (VnlTrace *trace)
{
  if (trace == NULL || !trace->reached || trace->reverse == NULL || !trace->reverse->reached)
    return -1;
  return trace->one_way_ms + trace->reverse->one_way_ms;
}

static gboolean
same_path (VnlTrace *a,
           VnlTrace *b)
{
  if (a->path->len != b->path->len)
    return FALSE;
  for (guint i = 0; i < a->path->len; i++)
    if (g_strcmp0 (a->path->pdata[i], b->path->pdata[i]) != 0)
      return FALSE;
  if ((a->reverse == NULL) != (b->reverse == NULL))
    return FALSE;
  return a->reverse == NULL || same_path (a->reverse, b->reverse);
}

static VnlTrace *
trace_pair (VnlNetwork  *network,
            VnlEndpoint *from,
            VnlEndpoint *to)
{
  g_autoptr(GError) error = NULL;
  VnlTrace *trace = vnl_network_trace (network, from->parent.name, to->parent.name, &error);

  /* Endpoints of a valid design always resolve. */
  if (trace == NULL)
    g_warning ("trace %s → %s: %s", from->parent.name, to->parent.name, error->message);
  return trace;
}

/* Compares the report's state (@before: matrix and traces of the report)
 * with @network in another state. @traces_before is indexed like
 * report->traces; when NULL, the traces are made on @before_network. */
static VnlReportWhatIf *
compare_states (VnlReport  *report,
                const char *object,
                VnlKind     kind,
                const gboolean *before,
                VnlNetwork *before_network,
                const gboolean *after,
                VnlNetwork *after_network)
{
  VnlReportWhatIf *what_if = g_new0 (VnlReportWhatIf, 1);
  guint n = report->endpoints->len;
  gboolean reroutes = n <= REROUTE_MAX_ENDPOINTS;

  what_if->object = g_strdup (object);
  what_if->kind = kind;
  what_if->changes = g_array_new (FALSE, FALSE, sizeof (VnlReportChange));

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlEndpoint *from = report->endpoints->pdata[i];
        VnlEndpoint *to = report->endpoints->pdata[j];
        VnlReportChange change = { 0, i, j, -1, -1 };
        g_autoptr(VnlTrace) trace_before = NULL;
        g_autoptr(VnlTrace) trace_after = NULL;
        VnlTrace *tb;

        if (i == j)
          continue;
        if (before[i * n + j] == after[i * n + j] && !(before[i * n + j] && reroutes))
          continue;

        if (before_network != NULL)
          tb = trace_before = trace_pair (before_network, from, to);
        else
          tb = report->traces->pdata[i * n + j];
        trace_after = trace_pair (after_network, from, to);
        if (tb == NULL || trace_after == NULL)
          continue;

        change.rtt_before_ms = before[i * n + j] ? trace_rtt (tb) : -1;
        change.rtt_after_ms = after[i * n + j] ? trace_rtt (trace_after) : -1;
        if (before[i * n + j] && !after[i * n + j])
          {
            change.kind = VNL_REPORT_CHANGE_LOST;
            what_if->n_lost++;
          }
        else if (!before[i * n + j] && after[i * n + j])
          {
            change.kind = VNL_REPORT_CHANGE_GAINED;
            what_if->n_gained++;
          }
        else if (!same_path (tb, trace_after))
          {
            change.kind = VNL_REPORT_CHANGE_REROUTED;
            what_if->n_rerouted++;
          }
        else
          continue;
        g_array_append_val (what_if->changes, change);
      }

  return what_if;
}

static void
report_progress (VnlReportProgress  progress,
                 gpointer           user_data,
                 double             fraction,
                 const char        *what)
{
  if (progress != NULL)
    progress (CLAMP (fraction, 0.0, 1.0), what, user_data);
}

VnlReport *
vnl_report_new (VnlDesign          *design,
                const char         *source,
                const char * const *down,
                VnlReportProgress   progress,
                gpointer            user_data,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) down_names = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  guint n, n_steps, step = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = g_new0 (VnlReport, 1);
  report->source = g_strdup (source);
  now = g_date_time_new_now_utc ();
  report->generated = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (!(report->design = snapshot_design (design, error)))
    return NULL;
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    {
      VnlObject *object = vnl_design_lookup (report->design, down[i]);

      if (object == NULL)
        {
          g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                       _("the design has no object named “%s”"), down[i]);
          return NULL;
        }
      vnl_design_set_up (report->design, object, FALSE);
    }

  down_names = g_ptr_array_new ();
  candidates = g_ptr_array_new ();
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];

          if (!object->up)
            g_ptr_array_add (down_names, g_strdup (object->name));
        }
    }
  g_ptr_array_add (down_names, NULL);
  report->down = (GStrv) g_ptr_array_free (g_steal_pointer (&down_names), FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (what_if_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, what_if_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        if (((VnlObject *) objects->pdata[i])->up)
          g_ptr_array_add (candidates, objects->pdata[i]);
    }

  report_progress (progress, user_data, 0, _("Converging routes"));
  report->network = vnl_network_new (report->design);

  /* Route tables. */
  report->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_table_free);
  for (guint k = 0; k < G_N_ELEMENTS (table_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, table_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autoptr(GPtrArray) tables = NULL;

          /* A local network gateway has a BGP table only when it speaks BGP. */
          if (object->kind == VNL_KIND_LNG && ((VnlLng *) object)->asn == 0)
            continue;
          tables = vnl_network_get_tables (report->network, object->name, NULL);
          if (tables == NULL)
            continue;
          for (guint t = 0; t < tables->len; t++)
            g_ptr_array_add (report->tables, g_steal_pointer (&tables->pdata[t]));
        }
    }

  /* Matrix, then every trace. */
  report->matrix = vnl_network_matrix (report->network, &report->endpoints);
  n = report->endpoints->len;
  n_steps = n * n + candidates->len + (down != NULL && down[0] != NULL ? 1 : 0) + 1;
  report->traces = g_ptr_array_new_full (n * n, (GDestroyNotify) vnl_trace_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *what = g_strdup_printf (_("Tracing from %s"),
                                               ((VnlObject *) report->endpoints->pdata[i])->name);

      report_progress (progress, user_data, (double) ++step / n_steps, what);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint j = 0; j < n; j++)
        g_ptr_array_add (report->traces,
                         i == j ? NULL : trace_pair (report->network,
                                                     report->endpoints->pdata[i],
                                                     report->endpoints->pdata[j]));
      step += n - 1;
    }

  /* What-ifs: each link or connection down in turn. */
  report->what_ifs = g_ptr_array_new_with_free_func ((GDestroyNotify) what_if_free);
  for (guint c = 0; c < candidates->len; c++)
    {
      VnlObject *object = candidates->pdata[c];
      g_autoptr(GPtrArray) order = NULL;
      g_autofree gboolean *after = NULL;
      g_autofree char *what = g_strdup_printf (_("What if %s is down"), object->name);

      report_progress (progress, user_data, (double) ++step / n_steps, what);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      vnl_network_set_up (report->network, object->name, FALSE, NULL);
      after = vnl_network_matrix (report->network, &order);
      g_assert (order->len == n);
      g_ptr_array_add (report->what_ifs,
                       compare_states (report, object->name, object->kind,
                                       report->matrix, NULL, after, report->network));
      vnl_network_set_up (report->network, object->name, TRUE, NULL);
    }

  /* Baseline: the design as it was before the caller's what-ifs. */
  if (down != NULL && down[0] != NULL)
    {
      g_autoptr(VnlNetwork) all_up = vnl_network_new (report->design);
      g_autoptr(GPtrArray) order = NULL;
      g_autofree gboolean *before = NULL;
      g_autofree char *names = g_strjoinv (", ", (GStrv) down);

      report_progress (progress, user_data, (double) ++step / n_steps,
                       _("Comparing with the design as drawn"));
      for (guint i = 0; down[i] != NULL; i++)
        vnl_network_set_up (all_up, down[i], TRUE, NULL);
      before = vnl_network_matrix (all_up, &order);
      g_assert (order->len == n);
      report->baseline = compare_states (report, names, VNL_N_KINDS,
                                         before, all_up, report->matrix, report->network);
    }

  report_progress (progress, user_data, 1, _("Done"));
  return g_steal_pointer (&report);
}

/* Async collection */

typedef struct
{
  VnlDesign         *design;          /* owned: snapshot */
  char              *source;          /* owned */
  GStrv              down;            /* owned */
  VnlReportProgress  progress;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
  GMainContext      *context;         /* owned: the caller's */
} AsyncData;

typedef struct
{
  AsyncData *data;                    /* borrowed */
  double     fraction;
  char      *what;                    /* owned */
} ProgressEvent;

static void
async_data_free (AsyncData *data)
{
  g_clear_object (&data->design);
  g_free (data->source);
  g_strfreev (data->down);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (event->fraction, event->what, event->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (ProgressEvent *event)
{
  g_free (event->what);
  g_free (event);
}

static void
forward_progress (double      fraction,
                  const char *what,
                  gpointer    user_data)
{
  AsyncData *data = user_data;
  ProgressEvent *event = g_new0 (ProgressEvent, 1);

  event->data = data;
  event->fraction = fraction;
  event->what = g_strdup (what);
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, deliver_progress,
                              event, (GDestroyNotify) progress_event_free);
}

static void
collect_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  VnlReport *report;

  report = vnl_report_new (data->design, data->source, (const char * const *) data->down,
                           data->progress != NULL ? forward_progress : NULL, data,
                           cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vnl_report_free);
}

void
vnl_report_new_async (VnlDesign          *design,
                      const char         *source,
                      const char * const *down,
                      VnlReportProgress   progress,
                      gpointer            progress_data,
                      GDestroyNotify      progress_destroy,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData *data;

  g_return_if_fail (VNL_IS_DESIGN (design));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnl_report_new_async);

  data = g_new0 (AsyncData, 1);
  data->source = g_strdup (source);
  data->down = g_strdupv ((GStrv) down);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);

  /* The worker must not see the caller's later edits. */
  if (!(data->design = snapshot_design (design, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, collect_in_thread);
}

VnlReport *
vnl_report_new_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors */

const char *
vnl_report_get_title (VnlReport *report)
{
  const char *title;

  g_return_val_if_fail (report != NULL, NULL);

  title = vnl_design_get_title (report->design);
  if (title != NULL && *title != '\0')
    return title;
  if (report->source != NULL)
    return report->source;
  return _("Untitled design");
}

guint
vnl_report_get_n_endpoints (VnlReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->endpoints->len;
}

VnlTrace *
vnl_report_get_trace (VnlReport *report,
                      guint      from,
                      guint      to)
{
  guint n;

  g_return_val_if_fail (report != NULL, NULL);
  n = report->endpoints->len;
  g_return_val_if_fail (from < n && to < n, NULL);
  return report->traces->pdata[from * n + to];
}

double
vnl_report_get_rtt (VnlReport *report,
                    guint      from,
                    guint      to)
{
  guint n;

  g_return_val_if_fail (report != NULL, -1);
  n = report->endpoints->len;
  g_return_val_if_fail (from < n && to < n, -1);
  if (from == to || !report->matrix[from * n + to])
    return -1;
  return trace_rtt (report->traces->pdata[from * n + to]);
}

guint
vnl_report_count_kind (VnlReport *report,
                       VnlKind    kind)
{
  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (kind < VNL_N_KINDS, 0);
  return vnl_design_get_objects (report->design, kind)->len;
}

static const char *
endpoint_name (VnlReport *report,
               guint      i)
{
  return ((VnlObject *) report->endpoints->pdata[i])->name;
}

/* Writing files */

gboolean
vnl_report_write_file (const char  *path,
                       const char  *contents,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  /* g_file_set_contents writes a temporary file beside @path and renames
   * it: a failure leaves no partial output. */
  if (!g_file_set_contents (path, contents, length, &local_error))
    {
      g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE,
                   _("cannot write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
vnl_report_write (VnlReport          *report,
                  VnlReportFormat     format,
                  VnlReportCsvTable   csv_table,
                  const char         *svg_diagram,
                  const char         *path,
                  GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (format)
    {
    case VNL_REPORT_FORMAT_HTML:
      text = vnl_report_to_html (report, svg_diagram);
      break;
    case VNL_REPORT_FORMAT_MARKDOWN:
      text = vnl_report_to_markdown (report);
      break;
    case VNL_REPORT_FORMAT_CSV:
      text = vnl_report_to_csv (report, csv_table);
      break;
    case VNL_REPORT_FORMAT_JSON:
      text = vnl_report_to_json (report);
      break;
    case VNL_REPORT_FORMAT_PDF:
    default:
      g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_FORMAT,
                   _("%s: PDF reports are written by the diagram renderer"), path);
      return FALSE;
    }

  return vnl_report_write_file (path, text, -1, error);
}

/* Shared formatting */

static char *
format_ip (guint32 address)
{
  return address != 0 ? vnl_ip_to_string (address) : g_strdup ("");
}

static char *
format_rtt (double ms)
{
  if (ms < 0)
    return g_strdup (_("no reply"));
  if (ms < 1)
    return g_strdup ("<1 ms");
  return g_strdup_printf ("%.0f ms", ms);
}

/* The two ends of a link or connection, for the connection list. */
static void
object_ends (gpointer     object,
             const char **a,
             const char **b)
{
  *a = *b = "";
  vnl_object_get_ends (object, a, b);
  if (*a == NULL)
    *a = "";
  if (*b == NULL)
    *b = "";
}

static const char *
route_state (VnlRouteTable *table,
             VnlRouteRow   *row)
{
  if (table->kind == VNL_TABLE_VNET)
    return row->active ? "Active" : "Invalid";
  return row->best ? "Best" : "";
}

char *
vnl_report_route_why (VnlRouteTable *table,
                      VnlRouteRow   *row)
{
  g_return_val_if_fail (table != NULL && row != NULL, NULL);

  if (table->kind == VNL_TABLE_VNET)
    {
      /* A gateway route that lost says which rule beat it. */
      if (row->next_hop != NULL && !row->active)
        return g_strdup_printf (_("lost: %s"), _(vnl_reason_to_string (row->reason)));
      if (row->next_hop != NULL)
        return g_strdup (_(vnl_reason_to_string (row->reason)));
      if (!row->active)
        return g_strdup (_("a gateway route for the same prefix wins"));
      return g_strdup ("");
    }
  return g_strdup (row->best ? _(vnl_reason_to_string (row->reason)) : "");
}

/* JSON */

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

/**
 * vnl_route_table_add_json_members:
 *
 * Adds the members of a route table object (node, table kind, title and
 * its routes with the reason each best route won) to the object being
 * built by @b: the one shape of `vnetlab-cli routes --json` and the report.
 */
void
vnl_route_table_add_json_members (VnlRouteTable *table,
                                  JsonBuilder   *b)
{
  static const char *kinds[] = { "vnet", "gateway", "msee", "ce", "lng" };

  g_return_if_fail (table != NULL);
  g_return_if_fail (JSON_IS_BUILDER (b));

  add_string (b, "node", table->node);
  add_string (b, "table", kinds[table->kind]);
  add_string (b, "title", table->title);
  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      json_builder_begin_object (b);
      add_string (b, "prefix", prefix);
      add_string (b, "source", row->source);
      add_string_or_null (b, "next_hop_type", row->next_hop_type);
      add_string_or_null (b, "next_hop", row->next_hop);
      add_string_or_null (b, "learned_from", row->learned_from);
      /* "" is a locally originated route's (empty) AS path, not null. */
      json_builder_set_member_name (b, "as_path");
      if (row->as_path != NULL)
        json_builder_add_string_value (b, row->as_path);
      else
        json_builder_add_null_value (b);
      add_int (b, "weight", row->weight);
      add_int (b, "local_pref", row->local_pref);
      add_bool (b, "best", row->best);
      add_bool (b, "active", row->active);
      add_string (b, "reason", vnl_reason_to_string (row->reason));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_ip (JsonBuilder *b,
        const char  *name,
        guint32      address)
{
  g_autofree char *text = format_ip (address);
  add_string_or_null (b, name, text);
}

static void
add_prefix_array (JsonBuilder *b,
                  const char  *name,
                  GArray      *prefixes)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; prefixes != NULL && i < prefixes->len; i++)
    {
      g_autofree char *text = vnl_prefix_to_string (&g_array_index (prefixes, VnlPrefix, i));
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
}

static void
add_rtt (JsonBuilder *b,
         const char  *name,
         double       ms)
{
  json_builder_set_member_name (b, name);
  if (ms < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (ms * 100) / 100);
}

static void
add_object_header (JsonBuilder *b,
                   VnlObject   *object)
{
  add_string (b, "name", object->name);
  add_string (b, "kind", vnl_kind_to_string (object->kind));
  add_bool (b, "up", object->up);
}

static void
json_summary (VnlReport   *report,
              JsonBuilder *b)
{
  VnlDesign *design = report->design;
  GPtrArray *objects;

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    add_int (b, vnl_kind_to_string (k), vnl_design_get_objects (design, k)->len);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "locations");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  for (guint i = 0; i < objects->len; i++)
    {
      static const char *kinds[] = { "azure-region", "peering-location", "on-premises" };
      VnlLocation *location = objects->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "name", location->parent.name);
      add_string (b, "type", kinds[location->location_kind]);
      add_string_or_null (b, "display_name", location->display_name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "vnets");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlVnet *vnet = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &vnet->parent);
      add_string_or_null (b, "location", vnet->location);
      add_prefix_array (b, "address_spaces", vnet->address_spaces);
      json_builder_set_member_name (b, "subnets");
      json_builder_begin_array (b);
      for (guint s = 0; s < vnet->subnets->len; s++)
        {
          VnlSubnet *subnet = vnet->subnets->pdata[s];
          g_autofree char *prefix = vnl_prefix_to_string (&subnet->prefix);

          json_builder_begin_object (b);
          add_string (b, "name", subnet->name);
          add_string (b, "prefix", prefix);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "gateways");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &gw->parent);
      add_string (b, "vnet", gw->vnet);
      add_string (b, "type", gw->type == VNL_GATEWAY_EXPRESSROUTE ? "expressroute" : "vpn");
      add_string_or_null (b, "sku", gw->sku);
      add_int (b, "asn", gw->asn);
      json_builder_set_member_name (b, "instances");
      json_builder_begin_array (b);
      for (guint k = 0; gw->instances != NULL && k < gw->instances->len; k++)
        {
          g_autofree char *addr = vnl_ip_to_string (g_array_index (gw->instances, guint32, k));
          json_builder_add_string_value (b, addr);
        }
      json_builder_end_array (b);
      add_ip (b, "bgp_address", gw->bgp_address);
      add_ip (b, "public_address", gw->public_address);
      add_bool (b, "active_active", gw->active_active);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "circuits");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCircuit *circuit = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &circuit->parent);
      add_string_or_null (b, "provider", circuit->provider);
      add_string_or_null (b, "peering_location", circuit->peering_location);
      add_int (b, "bandwidth_mbps", circuit->bandwidth_mbps);
      add_string (b, "sku", circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? "premium" : "standard");
      add_int (b, "microsoft_asn", circuit->microsoft_asn);
      add_int (b, "peer_asn", circuit->peer_asn);
      add_int (b, "vlan", circuit->vlan);
      json_builder_set_member_name (b, "links");
      json_builder_begin_array (b);
      for (guint l = 0; l < 2; l++)
        {
          VnlLink *link = circuit->links[l] != NULL
                          ? vnl_design_lookup_kind (design, circuit->links[l], VNL_KIND_LINK) : NULL;
          g_autofree char *subnet = NULL;

          if (link == NULL)
            continue;
          subnet = vnl_prefix_to_string (&link->subnet);
          json_builder_begin_object (b);
          add_object_header (b, &link->parent);
          add_string (b, "role", link->role == VNL_LINK_PRIMARY ? "primary" : "secondary");
          add_string (b, "subnet", subnet);
          add_ip (b, "ce_address", link->ce_address);
          add_ip (b, "msee_address", link->msee_address);
          add_string_or_null (b, "ce", link->ce);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sites");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlSite *site = objects->pdata[i];
      g_autoptr(GPtrArray) ces = vnl_design_get_ces_of (design, site->parent.name);

      json_builder_begin_object (b);
      add_object_header (b, &site->parent);
      add_string_or_null (b, "location", site->location);
      add_prefix_array (b, "prefixes", site->prefixes);
      json_builder_set_member_name (b, "ce_routers");
      json_builder_begin_array (b);
      for (guint c = 0; ces != NULL && c < ces->len; c++)
        {
          VnlCe *ce = ces->pdata[c];

          json_builder_begin_object (b);
          add_object_header (b, &ce->parent);
          add_int (b, "asn", ce->asn);
          add_ip (b, "lan_address", ce->lan_address);
          add_ip (b, "tunnel_address", ce->tunnel_address);
          add_ip (b, "public_address", ce->public_address);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "local_network_gateways");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_LNG);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLng *lng = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &lng->parent);
      add_ip (b, "public_address", lng->public_address);
      add_prefix_array (b, "prefixes", lng->prefixes);
      add_int (b, "asn", lng->asn);
      add_ip (b, "bgp_address", lng->bgp_address);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *ep = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &ep->parent);
      add_string (b, "owner", ep->owner);
      add_ip (b, "address", ep->address);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Connections: never their shared keys. */
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint k = 0; k < G_N_ELEMENTS (what_if_kinds); k++)
    {
      if (what_if_kinds[k] == VNL_KIND_LINK)
        continue;
      objects = vnl_design_get_objects (design, what_if_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a, *c;

          object_ends (object, &a, &c);
          json_builder_begin_object (b);
          add_object_header (b, object);
          add_string (b, "a", a);
          add_string (b, "b", c);
          if (object->kind == VNL_KIND_S2S_CONNECTION)
            add_bool (b, "bgp", ((VnlS2sConnection *) object)->bgp);
          else if (object->kind == VNL_KIND_V2V_CONNECTION)
            add_bool (b, "bgp", ((VnlV2vConnection *) object)->bgp);
          else if (object->kind == VNL_KIND_ER_CONNECTION)
            add_int (b, "routing_weight", ((VnlErConnection *) object)->routing_weight);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
}

static void
json_changes (VnlReport       *report,
              JsonBuilder     *b,
              VnlReportWhatIf *what_if)
{
  add_int (b, "lost", what_if->n_lost);
  add_int (b, "gained", what_if->n_gained);
  add_int (b, "rerouted", what_if->n_rerouted);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < what_if->changes->len; i++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, i);

      json_builder_begin_object (b);
      add_string (b, "change", vnl_report_change_kind_to_string (change->kind));
      add_string (b, "from", endpoint_name (report, change->from));
      add_string (b, "to", endpoint_name (report, change->to));
      add_rtt (b, "rtt_before_ms", change->rtt_before_ms);
      add_rtt (b, "rtt_after_ms", change->rtt_after_ms);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
vnl_report_to_json (VnlReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  n = report->endpoints->len;
  json_builder_begin_object (b);
  add_string (b, "format", "vnetlab-report");
  add_int (b, "version", 1);
  add_string (b, "generator", "vnetlab " PACKAGE_VERSION);
  add_string (b, "generated", report->generated);
  add_string (b, "title", vnl_report_get_title (report));
  add_string_or_null (b, "source", report->source);
  json_builder_set_member_name (b, "down");
  json_builder_begin_array (b);
  for (guint i = 0; report->down[i] != NULL; i++)
    json_builder_add_string_value (b, report->down[i]);
  json_builder_end_array (b);

  json_summary (report, b);

  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint t = 0; t < report->tables->len; t++)
    {
      json_builder_begin_object (b);
      vnl_route_table_add_json_members (report->tables->pdata[t], b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "matrix");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *ep = report->endpoints->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "name", ep->parent.name);
      add_ip (b, "address", ep->address);
      add_string (b, "owner", ep->owner);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reachable");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < n; j++)
        json_builder_add_boolean_value (b, report->matrix[i * n + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rtt_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < n; j++)
        {
          double rtt = vnl_report_get_rtt (report, i, j);
          if (rtt < 0)
            json_builder_add_null_value (b);
          else
            json_builder_add_double_value (b, round (rtt * 100) / 100);
        }
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "traces");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlTrace *trace = report->traces->pdata[i * n + j];

        if (trace == NULL)
          continue;
        json_builder_begin_object (b);
        add_string (b, "from", endpoint_name (report, i));
        add_string (b, "to", endpoint_name (report, j));
        add_rtt (b, "rtt_ms", vnl_report_get_rtt (report, i, j));
        add_bool (b, "asymmetric", trace->asymmetric);
        vnl_trace_add_json_members (trace, b);
        json_builder_set_member_name (b, "return");
        if (trace->reverse != NULL)
          {
            json_builder_begin_object (b);
            vnl_trace_add_json_members (trace->reverse, b);
            json_builder_end_object (b);
          }
        else
          json_builder_add_null_value (b);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "what_if");
  json_builder_begin_array (b);
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];

      json_builder_begin_object (b);
      add_string (b, "down", what_if->object);
      add_string (b, "kind", vnl_kind_to_string (what_if->kind));
      json_changes (report, b, what_if);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "baseline");
  if (report->baseline != NULL)
    {
      json_builder_begin_object (b);
      json_changes (report, b, report->baseline);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* CSV */

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

char *
vnl_report_to_csv (VnlReport         *report,
                   VnlReportCsvTable  table_kind)
{
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  n = report->endpoints->len;
  switch (table_kind)
    {
    case VNL_REPORT_CSV_ROUTES:
      g_string_append (out, "node,table,prefix,source,state,next_hop_type,next_hop,"
                            "learned_from,as_path,weight,local_pref,reason\r\n");
      for (guint t = 0; t < report->tables->len; t++)
        {
          VnlRouteTable *table = report->tables->pdata[t];

          for (guint i = 0; i < table->rows->len; i++)
            {
              VnlRouteRow *row = table->rows->pdata[i];
              g_autofree char *why = vnl_report_route_why (table, row);
              char prefix[20], weight[16], pref[16];

              vnl_prefix_format (&row->prefix, prefix);
              g_snprintf (weight, sizeof weight, "%u", row->weight);
              g_snprintf (pref, sizeof pref, "%u", row->local_pref);
              csv_field (out, table->node, FALSE);
              csv_field (out, table->title, FALSE);
              csv_field (out, prefix, FALSE);
              csv_field (out, row->source, FALSE);
              csv_field (out, route_state (table, row), FALSE);
              csv_field (out, row->next_hop_type, FALSE);
              csv_field (out, row->next_hop, FALSE);
              csv_field (out, row->learned_from, FALSE);
              csv_field (out, row->as_path, FALSE);
              csv_field (out, table->kind == VNL_TABLE_VNET ? "" : weight, FALSE);
              csv_field (out, table->kind == VNL_TABLE_VNET ? "" : pref, FALSE);
              csv_field (out, why, TRUE);
            }
        }
      break;

    case VNL_REPORT_CSV_MATRIX:
      csv_field (out, "from \\ to", n == 0);
      for (guint j = 0; j < n; j++)
        csv_field (out, endpoint_name (report, j), j + 1 == n);
      for (guint i = 0; i < n; i++)
        {
          csv_field (out, endpoint_name (report, i), FALSE);
          for (guint j = 0; j < n; j++)
            csv_field (out, i == j ? "-" : report->matrix[i * n + j] ? "yes" : "no", j + 1 == n);
        }
      break;

    case VNL_REPORT_CSV_TRACES:
      g_string_append (out, "from,to,source_address,destination_address,reached,replied,"
                            "rtt_ms,hops,asymmetric,drop_node,drop_reason,path\r\n");
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            VnlTrace *trace = report->traces->pdata[i * n + j];
            char src[16], dst[16], hops[16], rtt[32] = "";
            double ms = vnl_report_get_rtt (report, i, j);
            g_autofree char *path = NULL;

            if (trace == NULL)
              continue;
            vnl_ip_format (trace->source, src);
            vnl_ip_format (trace->destination, dst);
            g_snprintf (hops, sizeof hops, "%u", trace->hops->len);
            if (ms >= 0)
              g_ascii_formatd (rtt, sizeof rtt, "%.2f", ms);
            g_ptr_array_add (trace->path, NULL);
            path = g_strjoinv (" > ", (GStrv) trace->path->pdata);
            g_ptr_array_remove_index (trace->path, trace->path->len - 1);
            csv_field (out, endpoint_name (report, i), FALSE);
            csv_field (out, endpoint_name (report, j), FALSE);
            csv_field (out, src, FALSE);
            csv_field (out, dst, FALSE);
            csv_field (out, trace->reached ? "yes" : "no", FALSE);
            csv_field (out, report->matrix[i * n + j] ? "yes" : "no", FALSE);
            csv_field (out, rtt, FALSE);
            csv_field (out, hops, FALSE);
            csv_field (out, trace->asymmetric ? "yes" : "no", FALSE);
            csv_field (out, trace->reached ? "" : trace->drop_node, FALSE);
            csv_field (out, trace->reached ? "" : vnl_drop_reason_to_string (trace->drop), FALSE);
            csv_field (out, path, TRUE);
          }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

/* Markdown */

static void
md_cell (GString    *out,
         const char *text)
{
  g_string_append (out, " ");
  for (const char *p = text != NULL ? text : ""; *p; p++)
    {
      if (*p == '|')
        g_string_append (out, "\\|");
      else if (*p == '\n')
        g_string_append (out, "<br>");
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, " |");
}

static void
md_row (GString *out,
        ...)
{
  va_list args;
  const char *cell;

  va_start (args, out);
  g_string_append (out, "|");
  while ((cell = va_arg (args, const char *)) != NULL)
    md_cell (out, cell);
  g_string_append (out, "\n");
  va_end (args);
}

static void
md_rule (GString *out,
         guint    n)
{
  g_string_append (out, "|");
  for (guint i = 0; i < n; i++)
    g_string_append (out, " --- |");
  g_string_append (out, "\n");
}

static void
md_changes (GString         *out,
            VnlReport       *report,
            VnlReportWhatIf *what_if)
{
  for (guint i = 0; i < what_if->changes->len; i++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, i);
      g_autofree char *before = format_rtt (change->rtt_before_ms);
      g_autofree char *after = format_rtt (change->rtt_after_ms);

      g_string_append_printf (out, "  - %s → %s: %s (%s → %s)\n",
                              endpoint_name (report, change->from),
                              endpoint_name (report, change->to),
                              vnl_report_change_kind_to_string (change->kind), before, after);
    }
}

char *
vnl_report_to_markdown (VnlReport *report)
{
  GString *out = g_string_new (NULL);
  VnlDesign *design;
  GPtrArray *objects;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  design = report->design;
  n = report->endpoints->len;

  g_string_append_printf (out, "# %s\n\n", vnl_report_get_title (report));
  g_string_append_printf (out, "_%s%s%s · generated %s by vnetlab %s_\n\n",
                          report->source != NULL ? "Design file `" : "",
                          report->source != NULL ? report->source : "",
                          report->source != NULL ? "`" : "",
                          report->generated, PACKAGE_VERSION);
  if (report->down[0] != NULL)
    {
      g_autofree char *names = g_strjoinv ("`, `", report->down);
      g_string_append_printf (out, "**Down in this report:** `%s`\n\n", names);
    }

  g_string_append (out, "## Design summary\n\n");
  md_row (out, "Object", "Count", NULL);
  md_rule (out, 2);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      char count[16];
      guint c = vnl_design_get_objects (design, k)->len;

      if (c == 0)
        continue;
      g_snprintf (count, sizeof count, "%u", c);
      md_row (out, vnl_kind_to_string (k), count, NULL);
    }

  g_string_append (out, "\n### Virtual networks\n\n");
  md_row (out, "VNet", "Location", "Address space", "Gateways", NULL);
  md_rule (out, 4);
  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlVnet *vnet = objects->pdata[i];
      g_autofree char *spaces = vnl_prefix_list_to_string (vnet->address_spaces);
      g_autoptr(GPtrArray) gws = vnl_design_get_gateways_of (design, vnet->parent.name);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint g = 0; gws != NULL && g < gws->len; g++)
        g_string_append_printf (names, "%s%s", g > 0 ? ", " : "", ((VnlObject *) gws->pdata[g])->name);
      md_row (out, vnet->parent.name, vnet->location, spaces, names->str, NULL);
    }

  g_string_append (out, "\n### Gateways\n\n");
  md_row (out, "Gateway", "VNet", "Type", "SKU", "ASN", "State", NULL);
  md_rule (out, 6);
  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];
      char asn[16];

      g_snprintf (asn, sizeof asn, "%u", gw->asn);
      md_row (out, gw->parent.name, gw->vnet,
              gw->type == VNL_GATEWAY_EXPRESSROUTE ? "ExpressRoute" : "VPN",
              gw->sku, asn, gw->parent.up ? "up" : "**down**", NULL);
    }

  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  if (objects->len > 0)
    {
      g_string_append (out, "\n### ExpressRoute circuits\n\n");
      md_row (out, "Circuit", "Provider", "Peering location", "Bandwidth", "Peer ASN", NULL);
      md_rule (out, 5);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlCircuit *circuit = objects->pdata[i];
          char bw[32], asn[16];

          g_snprintf (bw, sizeof bw, "%u Mbps", circuit->bandwidth_mbps);
          g_snprintf (asn, sizeof asn, "%u", circuit->peer_asn);
          md_row (out, circuit->parent.name, circuit->provider, circuit->peering_location,
                  bw, asn, NULL);
        }
    }

  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  if (objects->len > 0)
    {
      g_string_append (out, "\n### On-premises sites\n\n");
      md_row (out, "Site", "Location", "Prefixes", NULL);
      md_rule (out, 3);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlSite *site = objects->pdata[i];
          g_autofree char *prefixes = vnl_prefix_list_to_string (site->prefixes);

          md_row (out, site->parent.name, site->location, prefixes, NULL);
        }
    }

  g_string_append (out, "\n### Connections\n\n");
  md_row (out, "Connection", "Kind", "From", "To", "State", NULL);
  md_rule (out, 5);
  for (guint k = 0; k < G_N_ELEMENTS (what_if_kinds); k++)
    {
      objects = vnl_design_get_objects (design, what_if_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a, *b;

          object_ends (object, &a, &b);
          md_row (out, object->name, vnl_kind_to_string (object->kind), a, b,
                  object->up ? "up" : "**down**", NULL);
        }
    }

  g_string_append (out, "\n## Reachability matrix\n\n"
                        "Row = source, column = destination; a cell is the round trip of a "
                        "ping, ✗ when it gets no reply.\n\n");
  g_string_append (out, "| from \\ to |");
  for (guint j = 0; j < n; j++)
    md_cell (out, endpoint_name (report, j));
  g_string_append (out, "\n");
  md_rule (out, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "|");
      md_cell (out, endpoint_name (report, i));
      for (guint j = 0; j < n; j++)
        {
          g_autofree char *rtt = format_rtt (vnl_report_get_rtt (report, i, j));

          if (i == j)
            md_cell (out, "–");
          else if (report->matrix[i * n + j])
            {
              g_autofree char *cell = g_strdup_printf ("✓ %s", rtt);
              md_cell (out, cell);
            }
          else
            md_cell (out, "✗");
        }
      g_string_append (out, "\n");
    }

  g_string_append (out, "\n## Effective routes\n");
  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *table = report->tables->pdata[t];

      g_string_append_printf (out, "\n### %s\n\n", table->title);
      if (table->kind == VNL_TABLE_VNET)
        {
          md_row (out, "Source", "State", "Address prefix", "Next hop type", "Next hop IP",
                  "Why", NULL);
          md_rule (out, 6);
        }
      else
        {
          md_row (out, "", "Network", "Next hop", "LocPrf", "Weight", "Path", "Learned from",
                  "Why", NULL);
          md_rule (out, 8);
        }
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          g_autofree char *why = vnl_report_route_why (table, row);
          char prefix[20], weight[16], pref[16];

          vnl_prefix_format (&row->prefix, prefix);
          if (table->kind == VNL_TABLE_VNET)
            md_row (out, row->source, route_state (table, row), prefix, row->next_hop_type,
                    row->next_hop, why, NULL);
          else
            {
              g_snprintf (weight, sizeof weight, "%u", row->weight);
              g_snprintf (pref, sizeof pref, "%u", row->local_pref);
              md_row (out, row->best ? ">" : "", prefix, row->next_hop, pref, weight,
                      row->as_path != NULL && *row->as_path ? row->as_path : "i",
                      row->learned_from != NULL ? row->learned_from : row->source,
                      why, NULL);
            }
        }
    }

  g_string_append (out, "\n## Traceroutes\n");
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlTrace *trace = report->traces->pdata[i * n + j];
        g_autofree char *text = NULL;
        g_autofree char *rtt = NULL;

        if (trace == NULL)
          continue;
        text = vnl_trace_format_tracert (trace);
        rtt = format_rtt (vnl_report_get_rtt (report, i, j));
        g_string_append_printf (out, "\n### %s → %s\n\n", endpoint_name (report, i),
                                endpoint_name (report, j));
        g_string_append_printf (out, "Ping: %s%s\n\n```%s```\n", rtt,
                                trace->asymmetric ? " · the return path is asymmetric" : "",
                                text);
      }

  g_string_append (out, "\n## What if a link is down\n\n"
                        "Each link and connection taken down on its own, the rest as above.\n\n");
  md_row (out, "Down", "Kind", "Pairs lost", "Pairs rerouted", "Pairs gained", NULL);
  md_rule (out, 5);
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      char lost[16], rerouted[16], gained[16];

      g_snprintf (lost, sizeof lost, "%u", what_if->n_lost);
      g_snprintf (rerouted, sizeof rerouted, "%u", what_if->n_rerouted);
      g_snprintf (gained, sizeof gained, "%u", what_if->n_gained);
      md_row (out, what_if->object, vnl_kind_to_string (what_if->kind), lost, rerouted,
              gained, NULL);
    }
  g_string_append (out, "\n");
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];

      if (what_if->changes->len == 0)
        continue;
      g_string_append_printf (out, "- **%s down**\n", what_if->object);
      md_changes (out, report, what_if);
    }

  if (report->baseline != NULL)
    {
      g_string_append_printf (out, "\n### Compared with the design as drawn\n\n"
                                   "Taking `%s` down: %u pairs lost, %u rerouted, %u gained.\n\n",
                              report->baseline->object, report->baseline->n_lost,
                              report->baseline->n_rerouted, report->baseline->n_gained);
      md_changes (out, report, report->baseline);
    }

  return g_string_free (out, FALSE);
}

/* HTML */

void
vnl_report_heat_color (double  rtt_ms,
                       double  max_ms,
                       double *r,
                       double *g,
                       double *b)
{
  double t;

  /* Unreachable: a clear red. Reachable: from green (fast) through yellow
   * to amber (slowest of the design). */
  if (rtt_ms < 0)
    {
      *r = 0.86; *g = 0.26; *b = 0.24;
      return;
    }
  t = max_ms > 0 ? CLAMP (sqrt (rtt_ms / max_ms), 0, 1) : 0;
  if (t < 0.5)
    {
      double u = t / 0.5;
      *r = 0.30 + u * (0.95 - 0.30);
      *g = 0.70 + u * (0.83 - 0.70);
      *b = 0.40 + u * (0.30 - 0.40);
    }
  else
    {
      double u = (t - 0.5) / 0.5;
      *r = 0.95 + u * (0.96 - 0.95);
      *g = 0.83 + u * (0.56 - 0.83);
      *b = 0.30 + u * (0.20 - 0.30);
    }
}

double
vnl_report_get_max_rtt (VnlReport *report)
{
  guint n;
  double max = 0;

  g_return_val_if_fail (report != NULL, 0);

  n = report->endpoints->len;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      max = MAX (max, vnl_report_get_rtt (report, i, j));
  return max;
}

static void
html_text (GString    *out,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  g_string_append (out, escaped);
}

static void
html_row (GString *out,
          gboolean header,
          ...)
{
  va_list args;
  const char *cell;

  va_start (args, header);
  g_string_append (out, "<tr>");
  while ((cell = va_arg (args, const char *)) != NULL)
    {
      g_string_append (out, header ? "<th>" : "<td>");
      html_text (out, cell);
      g_string_append (out, header ? "</th>" : "</td>");
    }
  g_string_append (out, "</tr>\n");
  va_end (args);
}

static const char html_style[] =
  "body{font-family:'Segoe UI',system-ui,-apple-system,'DejaVu Sans',sans-serif;"
  "color:#1f2328;margin:0;background:#f6f7f9}"
  "header{background:#0f3d6e;color:#fff;padding:28px 48px}"
  "header h1{margin:0 0 6px;font-weight:600}header p{margin:0;opacity:.85}"
  "main{max-width:1200px;margin:0 auto;padding:8px 48px 48px}"
  "section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:8px 24px 20px;"
  "margin:24px 0}"
  "h2{color:#0f3d6e;border-bottom:2px solid #0f3d6e;padding-bottom:4px}"
  "h3{color:#24292f;margin-top:22px}"
  "table{border-collapse:collapse;font-size:13px;margin:8px 0}"
  "th{background:#eaeef2;text-align:left}th,td{border:1px solid #d0d7de;padding:4px 8px}"
  "tbody tr:nth-child(even){background:#f6f8fa}"
  ".down{color:#c62828;font-weight:600}"
  ".diagram svg{max-width:100%;height:auto;border:1px solid #d8dee4;border-radius:6px}"
  "pre{background:#0d1117;color:#e6edf3;padding:10px 14px;border-radius:6px;font-size:12px;"
  "overflow-x:auto}"
  ".matrix td{text-align:center;min-width:64px;font-variant-numeric:tabular-nums}"
  ".matrix th{writing-mode:horizontal-tb}"
  ".bar{display:flex;align-items:center;gap:8px;font-size:12px;margin:2px 0}"
  ".bar .name{width:220px;text-align:right}"
  ".bar .fill{height:14px;border-radius:3px;background:#2b7bd6}"
  ".bar .none{color:#c62828}"
  ".traces{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}"
  ".trace h4{margin:8px 0 4px}"
  ".note{color:#57606a;font-size:13px}";

char *
vnl_report_to_html (VnlReport  *report,
                    const char *svg_diagram)
{
  GString *out = g_string_new (NULL);
  VnlDesign *design;
  GPtrArray *objects;
  double max_rtt;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  design = report->design;
  n = report->endpoints->len;
  max_rtt = vnl_report_get_max_rtt (report);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"generator\" content=\"vnetlab " PACKAGE_VERSION "\">\n<title>");
  html_text (out, vnl_report_get_title (report));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>",
                          html_style);
  html_text (out, vnl_report_get_title (report));
  g_string_append (out, "</h1>\n<p>");
  if (report->source != NULL)
    {
      html_text (out, report->source);
      g_string_append (out, " · ");
    }
  g_string_append_printf (out, "generated %s by vnetlab %s</p>\n", report->generated,
                          PACKAGE_VERSION);
  if (report->down[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", report->down);
      g_string_append (out, "<p>Down in this report: ");
      html_text (out, names);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</header>\n<main>\n");

  /* Summary */
  g_string_append (out, "<section id=\"summary\">\n<h2>Design summary</h2>\n<table><tbody>\n");
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      char count[16];
      guint c = vnl_design_get_objects (design, k)->len;

      if (c == 0)
        continue;
      g_snprintf (count, sizeof count, "%u", c);
      html_row (out, FALSE, vnl_kind_to_string (k), count, NULL);
    }
  g_string_append (out, "</tbody></table>\n<h3>Virtual networks</h3>\n<table><thead>");
  html_row (out, TRUE, "VNet", "Location", "Address space", "Gateways", NULL);
  g_string_append (out, "</thead><tbody>\n");
  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlVnet *vnet = objects->pdata[i];
      g_autofree char *spaces = vnl_prefix_list_to_string (vnet->address_spaces);
      g_autoptr(GPtrArray) gws = vnl_design_get_gateways_of (design, vnet->parent.name);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint g = 0; gws != NULL && g < gws->len; g++)
        g_string_append_printf (names, "%s%s", g > 0 ? ", " : "", ((VnlObject *) gws->pdata[g])->name);
      html_row (out, FALSE, vnet->parent.name, vnet->location, spaces, names->str, NULL);
    }
  g_string_append (out, "</tbody></table>\n<h3>Gateways</h3>\n<table><thead>");
  html_row (out, TRUE, "Gateway", "VNet", "Type", "SKU", "ASN", "State", NULL);
  g_string_append (out, "</thead><tbody>\n");
  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];
      char asn[16];

      g_snprintf (asn, sizeof asn, "%u", gw->asn);
      html_row (out, FALSE, gw->parent.name, gw->vnet,
                gw->type == VNL_GATEWAY_EXPRESSROUTE ? "ExpressRoute" : "VPN",
                gw->sku, asn, gw->parent.up ? "up" : "down", NULL);
    }
  g_string_append (out, "</tbody></table>\n<h3>Connections</h3>\n<table><thead>");
  html_row (out, TRUE, "Connection", "Kind", "From", "To", "State", NULL);
  g_string_append (out, "</thead><tbody>\n");
  for (guint k = 0; k < G_N_ELEMENTS (what_if_kinds); k++)
    {
      objects = vnl_design_get_objects (design, what_if_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a, *b;

          object_ends (object, &a, &b);
          html_row (out, FALSE, object->name, vnl_kind_to_string (object->kind), a, b,
                    object->up ? "up" : "down", NULL);
        }
    }
  g_string_append (out, "</tbody></table>\n</section>\n");

  /* Diagram */
  g_string_append (out, "<section id=\"diagram\">\n<h2>Diagram</h2>\n<div class=\"diagram\">\n");
  if (svg_diagram != NULL)
    {
      /* Drop the XML declaration: inline SVG is an element, not a document. */
      const char *start = strstr (svg_diagram, "<svg");
      g_string_append (out, start != NULL ? start : svg_diagram);
    }
  else
    g_string_append (out, "<p class=\"note\">The diagram needs the renderer "
                          "(a build with GTK); this report was written without it.</p>");
  g_string_append (out, "\n</div>\n</section>\n");

  /* Matrix */
  g_string_append (out, "<section id=\"matrix\">\n<h2>Reachability matrix</h2>\n"
                        "<p class=\"note\">Row = source, column = destination; a cell is the "
                        "round trip of a ping, coloured from fast (green) to slow (amber); red: "
                        "no reply.</p>\n<table class=\"matrix\"><thead><tr><th>from \\ to</th>");
  for (guint j = 0; j < n; j++)
    {
      g_string_append (out, "<th>");
      html_text (out, endpoint_name (report, j));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<tr><th>");
      html_text (out, endpoint_name (report, i));
      g_string_append (out, "</th>");
      for (guint j = 0; j < n; j++)
        {
          double rtt = vnl_report_get_rtt (report, i, j);
          double r, g, b;

          if (i == j)
            {
              g_string_append (out, "<td style=\"background:#eaeef2\">–</td>");
              continue;
            }
          vnl_report_heat_color (report->matrix[i * n + j] ? MAX (rtt, 0) : -1, max_rtt,
                                 &r, &g, &b);
          g_string_append_printf (out, "<td style=\"background:#%02x%02x%02x\">",
                                  (int) (r * 255), (int) (g * 255), (int) (b * 255));
          if (report->matrix[i * n + j])
            {
              g_autofree char *text = format_rtt (rtt);
              html_text (out, text);
            }
          else
            g_string_append (out, "✗");
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table>\n</section>\n");

  /* Latency bars */
  g_string_append (out, "<section id=\"latency\">\n<h2>Round-trip latency per path</h2>\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<h3>From ");
      html_text (out, endpoint_name (report, i));
      g_string_append (out, "</h3>\n");
      for (guint j = 0; j < n; j++)
        {
          double rtt = vnl_report_get_rtt (report, i, j);

          if (i == j)
            continue;
          g_string_append (out, "<div class=\"bar\"><span class=\"name\">");
          html_text (out, endpoint_name (report, j));
          g_string_append (out, "</span>");
          if (rtt >= 0)
            {
              g_autofree char *text = format_rtt (rtt);
              char width[32];

              g_ascii_formatd (width, sizeof width, "%.1f",
                               max_rtt > 0 ? MAX (0.5, 60.0 * rtt / max_rtt) : 0.5);
              g_string_append_printf (out, "<span class=\"fill\" style=\"width:%s%%\"></span>"
                                           "<span>", width);
              html_text (out, text);
              g_string_append (out, "</span>");
            }
          else
            g_string_append (out, "<span class=\"none\">no reply</span>");
          g_string_append (out, "</div>\n");
        }
    }
  g_string_append (out, "</section>\n");

  /* Routes */
  g_string_append (out, "<section id=\"routes\">\n<h2>Effective routes</h2>\n");
  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *table = report->tables->pdata[t];

      g_string_append (out, "<h3>");
      html_text (out, table->title);
      g_string_append (out, "</h3>\n<table><thead>");
      if (table->kind == VNL_TABLE_VNET)
        html_row (out, TRUE, "Source", "State", "Address prefix", "Next hop type",
                  "Next hop IP", "Why", NULL);
      else
        html_row (out, TRUE, "", "Network", "Next hop", "LocPrf", "Weight", "Path",
                  "Learned from", "Why", NULL);
      g_string_append (out, "</thead><tbody>\n");
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          g_autofree char *why = vnl_report_route_why (table, row);
          char prefix[20], weight[16], pref[16];

          vnl_prefix_format (&row->prefix, prefix);
          if (table->kind == VNL_TABLE_VNET)
            html_row (out, FALSE, row->source, route_state (table, row), prefix,
                      row->next_hop_type, row->next_hop, why, NULL);
          else
            {
              g_snprintf (weight, sizeof weight, "%u", row->weight);
              g_snprintf (pref, sizeof pref, "%u", row->local_pref);
              html_row (out, FALSE, row->best ? ">" : "", prefix, row->next_hop, pref, weight,
                        row->as_path != NULL && *row->as_path ? row->as_path : "i",
                        row->learned_from != NULL ? row->learned_from : row->source,
                        why, NULL);
            }
        }
      g_string_append (out, "</tbody></table>\n");
    }
  g_string_append (out, "</section>\n");

  /* Traces */
  g_string_append (out, "<section id=\"traces\">\n<h2>Traceroutes</h2>\n<div class=\"traces\">\n");
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlTrace *trace = report->traces->pdata[i * n + j];
        g_autofree char *text = NULL;
        g_autofree char *rtt = NULL;

        if (trace == NULL)
          continue;
        text = vnl_trace_format_tracert (trace);
        rtt = format_rtt (vnl_report_get_rtt (report, i, j));
        g_string_append (out, "<div class=\"trace\"><h4>");
        html_text (out, endpoint_name (report, i));
        g_string_append (out, " → ");
        html_text (out, endpoint_name (report, j));
        g_string_append (out, "</h4><span class=\"note\">ping: ");
        html_text (out, rtt);
        if (trace->asymmetric)
          g_string_append (out, " · asymmetric return path");
        g_string_append (out, "</span><pre>");
        html_text (out, text);
        g_string_append (out, "</pre></div>\n");
      }
  g_string_append (out, "</div>\n</section>\n");

  /* What-if */
  g_string_append (out, "<section id=\"what-if\">\n<h2>What if a link is down</h2>\n"
                        "<p class=\"note\">Each link and connection taken down on its own.</p>\n"
                        "<table><thead>");
  html_row (out, TRUE, "Down", "Kind", "Pairs lost", "Pairs rerouted", "Pairs gained",
            "Details", NULL);
  g_string_append (out, "</thead><tbody>\n");
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      g_autoptr(GString) details = g_string_new (NULL);
      char lost[16], rerouted[16], gained[16];

      for (guint c = 0; c < what_if->changes->len; c++)
        {
          VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, c);
          g_string_append_printf (details, "%s%s → %s %s", c > 0 ? "; " : "",
                                  endpoint_name (report, change->from),
                                  endpoint_name (report, change->to),
                                  vnl_report_change_kind_to_string (change->kind));
        }
      g_snprintf (lost, sizeof lost, "%u", what_if->n_lost);
      g_snprintf (rerouted, sizeof rerouted, "%u", what_if->n_rerouted);
      g_snprintf (gained, sizeof gained, "%u", what_if->n_gained);
      html_row (out, FALSE, what_if->object, vnl_kind_to_string (what_if->kind), lost,
                rerouted, gained, details->str, NULL);
    }
  g_string_append (out, "</tbody></table>\n");
  if (report->baseline != NULL)
    {
      g_string_append (out, "<h3>Compared with the design as drawn</h3>\n<p>Taking ");
      html_text (out, report->baseline->object);
      g_string_append_printf (out, " down: %u pairs lost, %u rerouted, %u gained.</p>\n",
                              report->baseline->n_lost, report->baseline->n_rerouted,
                              report->baseline->n_gained);
    }
  g_string_append (out, "</section>\n</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}
