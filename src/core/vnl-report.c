/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-report-private.h"
#include "vnl-file.h"
#include "vnl-network-private.h"

/*
 * DOC: The design report
 *
 * Collection (vnl_report_new) runs in four steps, each reported to the
 * progress callback: route tables, the reachability matrix, traces between
 * ordered pairs of endpoints, then the what-ifs. All results index
 * endpoints by their position in report->endpoints, which is the matrix
 * order of the network, so traces[i * n + j], matrix[i * n + j] and a
 * VnlReportChange's (from, to) all mean the same pair.
 *
 * A what-if does not recompute the matrix: a packet's walk depends only on
 * the tables of the nodes it visits and on the objects it crosses, so only
 * the pairs whose traced path (either way) crosses the object taken down,
 * or a node whose table changed with it, are traced again (index_paths,
 * take_down_changed, what_if_collect).
 *
 * The writers live in their own files (vnl-report-{json,csv,markdown,
 * html}.c) over one table model (vnl-report-model.c); the HTML writer
 * receives the diagram as an SVG string so that the core stays free of
 * cairo.
 */

G_DEFINE_QUARK (vnl-report-error-quark, vnl_report_error)

/* The baseline's reroute detection traces every pair twice: beyond this
 * many endpoints only its reachability changes are looked for. */
#define REROUTE_MAX_ENDPOINTS 40

/* Tests lower it to run an overview's what-ifs on small designs. */
guint _vnl_report_trace_max_endpoints = VNL_REPORT_TRACE_MAX_ENDPOINTS;

/* The nodes whose tables are reported, in report order. */
static const VnlKind table_kinds[] = {
  VNL_KIND_VNET, VNL_KIND_GATEWAY, VNL_KIND_CIRCUIT, VNL_KIND_CE, VNL_KIND_LNG,
};

/* "VNET/SUBNET" of every subnet a route table is associated with. */
static GHashTable *
associated_subnets (VnlDesign *design)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *tables = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);

  for (guint i = 0; i < tables->len; i++)
    {
      GPtrArray *subnets = ((VnlUdrTable *) tables->pdata[i])->subnets;

      for (guint j = 0; j < subnets->len; j++)
        {
          VnlUdrSubnet *assoc = subnets->pdata[j];
          g_hash_table_add (set, g_strdup_printf ("%s/%s", assoc->vnet, assoc->subnet));
        }
    }
  return set;
}

static void
add_subnet_tables (VnlReport  *report,
                   VnlVnet    *vnet,
                   GHashTable *own_subnets)
{
  for (guint s = 0; s < vnet->subnets->len && g_hash_table_size (own_subnets) > 0; s++)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", vnet->parent.name,
                                              ((VnlSubnet *) vnet->subnets->pdata[s])->name);
      g_autoptr(GPtrArray) tables = NULL;

      if (!g_hash_table_contains (own_subnets, key))
        continue;
      tables = vnl_network_get_tables (report->network, key, NULL);
      for (guint t = 0; tables != NULL && t < tables->len; t++)
        g_ptr_array_add (report->tables, g_steal_pointer (&tables->pdata[t]));
    }
}

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
  else if (g_str_equal (text, "flows"))
    *table = VNL_REPORT_CSV_FLOWS;
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
/* Collection */

static void
what_if_free (VnlReportWhatIf *what_if)
{
  if (what_if == NULL)
    return;
  g_free (what_if->object);
  g_clear_pointer (&what_if->changes, g_array_unref);
  g_clear_pointer (&what_if->owner_changes, g_array_unref);
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
  g_clear_pointer (&report->matrix, vnl_matrix_free);
  g_strfreev (report->down);
  g_strfreev (report->design_down);
  g_strfreev (report->what_if_down);
  g_free (report->scenario);
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
                VnlMatrix  *before,
                VnlNetwork *before_network,
                VnlMatrix  *after,
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
        gboolean was = vnl_matrix_get (before, i, j), is = vnl_matrix_get (after, i, j);
        VnlTrace *tb;

        if (i == j)
          continue;
        if (was == is && !(was && reroutes))
          continue;

        if (before_network != NULL)
          tb = trace_before = trace_pair (before_network, from, to);
        else
          tb = report->traces->pdata[i * n + j];
        trace_after = trace_pair (after_network, from, to);
        if (tb == NULL || trace_after == NULL)
          continue;

        change.rtt_before_ms = was ? trace_rtt (tb) : -1;
        change.rtt_after_ms = is ? trace_rtt (trace_after) : -1;
        if (was && !is)
          {
            change.kind = VNL_REPORT_CHANGE_LOST;
            what_if->n_lost++;
          }
        else if (!was && is)
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

/* The one place the report asks for the endpoint matrix; @endpoints (when
 * not NULL) gets them in matrix order. */
static VnlMatrix *
collect_matrix (VnlNetwork    *network,
                GPtrArray    **endpoints,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, cancellable);

  if (matrix == NULL)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (endpoints != NULL)
    {
      guint n = vnl_matrix_get_n_endpoints (matrix);

      *endpoints = g_ptr_array_sized_new (MAX (n, 1));
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (*endpoints, vnl_matrix_get_endpoint (matrix, i));
    }
  return g_steal_pointer (&matrix);
}

/* Which pairs cross which object */

/* Object name → GArray of guint pair indices (from * n + to) whose forward
 * or return path crosses it: the pairs a what-if can change. */
static GHashTable *
index_paths (VnlReport *report)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_array_unref);

  for (guint p = 0; p < report->traces->len; p++)
    {
      VnlTrace *trace = report->traces->pdata[p];

      for (VnlTrace *t = trace; t != NULL; t = t == trace ? trace->reverse : NULL)
        for (guint k = 0; k < t->path->len; k++)
          {
            GArray *pairs = g_hash_table_lookup (index, t->path->pdata[k]);

            if (pairs == NULL)
              g_hash_table_insert (index, t->path->pdata[k],
                                   pairs = g_array_new (FALSE, FALSE, sizeof (guint)));
            /* Paths rarely cross an object twice; a repeat is skipped here
             * when adjacent and by the caller's marks otherwise. */
            if (pairs->len == 0 || g_array_index (pairs, guint, pairs->len - 1) != p)
              g_array_append_val (pairs, p);
          }
    }
  return index;
}

/* What a what-if changed. The network's change log lists every (speaker,
 * prefix) whose selection a re-convergence changed; a speaker's up flag
 * and a VNet's state (up, the VNet whose gateways it uses, its active
 * peerings: what its route choice reads besides the gateways' tables) are
 * compared before and after. */
static guint64
mix (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  return x;
}

static guint64
vnet_print (NetVnet *vnet)
{
  guint64 print = mix (vnet->up + 2 * (guint64) (vnet->gw_owner + 1));

  for (guint p = 0; vnet->peers != NULL && p < vnet->peers->len; p++)
    print = mix (print + (guintptr) g_array_index (vnet->peers, PeerRoute, p).peering);
  return print;
}

typedef struct
{
  guint64  *vnets;        /* owned: vnet_print() of each VNet */
  gboolean *speakers_up;  /* owned */
} NetState;

static void
net_state_take (NetState   *state,
                VnlNetwork *net)
{
  state->vnets = g_new (guint64, MAX (net->vnets->len, 1));
  state->speakers_up = g_new (gboolean, MAX (net->speakers->len, 1));
  for (guint v = 0; v < net->vnets->len; v++)
    state->vnets[v] = vnet_print (nvnet (net, v));
  for (guint i = 0; i < net->speakers->len; i++)
    state->speakers_up[i] = spk (net, i)->up;
}

static void
net_state_clear (NetState *state)
{
  g_clear_pointer (&state->vnets, g_free);
  g_clear_pointer (&state->speakers_up, g_free);
}

/* Takes @object down in @net and returns the names of the nodes whose
 * table or state that changed, the object first (borrowed names). */
static GPtrArray *
take_down_changed (VnlNetwork *net,
                   VnlObject  *object)
{
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (QueueItem));
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (net->speakers->len, 1));
  GPtrArray *names = g_ptr_array_new ();
  NetState before;

  net_state_take (&before, net);
  net->change_log = log;
  vnl_network_set_up (net, object->name, FALSE, NULL);
  net->change_log = NULL;

  g_ptr_array_add (names, object->name);
  for (guint k = 0; k < log->len; k++)
    seen[g_array_index (log, QueueItem, k).speaker] = TRUE;
  for (guint i = 0; i < net->speakers->len; i++)
    if (seen[i] || before.speakers_up[i] != spk (net, i)->up)
      g_ptr_array_add (names, (gpointer) spk (net, i)->name);
  for (guint v = 0; v < net->vnets->len; v++)
    if (vnet_print (nvnet (net, v)) != before.vnets[v])
      g_ptr_array_add (names, nvnet (net, v)->vnet->parent.name);
  net_state_clear (&before);
  return names;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Takes @object down in report->network, traces again the pairs whose
 * paths cross it or a node whose table or state changed, and brings it up
 * again. A pair whose path crosses neither takes every decision it took
 * before, so it cannot change. @marks: n × n scratch, all below @stamp. */
static VnlReportWhatIf *
what_if_collect (VnlReport    *report,
                 GHashTable   *index,
                 VnlObject    *object,
                 guint        *marks,
                 guint         stamp)
{
  VnlReportWhatIf *what_if = g_new0 (VnlReportWhatIf, 1);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) changed = NULL;
  guint n = report->endpoints->len;

  what_if->object = g_strdup (object->name);
  what_if->kind = object->kind;
  what_if->changes = g_array_new (FALSE, FALSE, sizeof (VnlReportChange));

  changed = take_down_changed (report->network, object);
  for (guint k = 0; k < changed->len; k++)
    {
      GArray *crossing = g_hash_table_lookup (index, changed->pdata[k]);

      for (guint c = 0; crossing != NULL && c < crossing->len; c++)
        {
          guint p = g_array_index (crossing, guint, c);

          if (marks[p] == stamp)
            continue;
          marks[p] = stamp;
          g_array_append_val (pairs, p);
        }
    }
  g_array_sort (pairs, compare_uint);    /* changes are row-major */

  for (guint c = 0; c < pairs->len; c++)
    {
      guint p = g_array_index (pairs, guint, c);
      VnlTrace *tb = report->traces->pdata[p];
      g_autoptr(VnlTrace) ta = trace_pair (report->network, report->endpoints->pdata[p / n],
                                           report->endpoints->pdata[p % n]);
      VnlReportChange change = { 0, p / n, p % n, -1, -1 };
      gboolean was = vnl_matrix_get (report->matrix, p / n, p % n), reached_after;

      if (ta == NULL)
        continue;
      reached_after = trace_rtt (ta) >= 0;
      change.rtt_before_ms = was ? trace_rtt (tb) : -1;
      change.rtt_after_ms = reached_after ? trace_rtt (ta) : -1;
      if (was && !reached_after)
        {
          change.kind = VNL_REPORT_CHANGE_LOST;
          what_if->n_lost++;
        }
      else if (!was && reached_after)
        {
          change.kind = VNL_REPORT_CHANGE_GAINED;
          what_if->n_gained++;
        }
      else if (was && !same_path (tb, ta))
        {
          change.kind = VNL_REPORT_CHANGE_REROUTED;
          what_if->n_rerouted++;
        }
      else
        continue;
      g_array_append_val (what_if->changes, change);
    }

  vnl_network_set_up (report->network, object->name, TRUE, NULL);
  return what_if;
}

/* What-ifs of an overview, per pair of networks */

/*
 * An overview has too many pairs to trace, but not too many to walk: each
 * ordered pair of endpoints is walked once, quietly (the matrix's walk,
 * _vnl_network_endpoint_walk), and the devices each walk steps through are
 * indexed: VNets and BGP speakers, each with the walks that cross it. A
 * pair pings when its walk and the walk back both deliver.
 *
 * A what-if takes its object down with the network's change log on, which
 * lists every (speaker, prefix) whose selection the re-convergence changed.
 * A walk takes every decision it took before unless it crosses
 *  - the object itself (a circuit link is its MSEE) or a speaker at an end
 *    of one of its sessions, or a VNet whose state (up, the gateways it
 *    uses, its active peerings) changed: all the walks that cross it;
 *  - a speaker with a changed prefix that holds the walk's destination:
 *    the speaker looked the destination up there. A gateway's table is also
 *    read by the VNets that use it (gateway transit), and a CE's by the
 *    walks that start in its site (which CE to send to), so those walks
 *    count as crossing it.
 * Only those walks are walked again; the rest keep their answer. The
 * property test compares the counts with the matrix recomputed in full.
 */

typedef struct
{
  guint     n;          /* endpoints */
  guint     n_vnets;
  guint32  *addr;       /* owned, n: endpoint addresses */
  guint    *owner;      /* owned, n: index in owners */
  GPtrArray *owners;    /* owned container: owner names, first-endpoint order */
  GHashTable *owner_index; /* owned: owner name (borrowed) → its index + 1 */
  guint32  *members;    /* owned, n: endpoints sorted by owner */
  guint    *first;      /* owned, owners + 1: owner k's are members[first[k] .. first[k + 1]) */
  guint    *hit_stamp;  /* owned, n: hit[j] holds for the prefixes of this stamp */
  guint8   *hit;        /* owned, n: endpoint j's address is in the changed prefixes */
  guint     hit_now;
  GArray  **crossing;   /* owned, per device (VNets, then speakers): guint32 walk ids */
  guint     n_devices;
  guint8   *delivered;  /* owned, n * n: walk from * n + to delivers */
  guint    *marks;      /* owned, n * n */
  guint     stamp;
} WalkIndex;

static void
walk_index_free (WalkIndex *x)
{
  for (guint d = 0; d < x->n_devices; d++)
    g_clear_pointer (&x->crossing[d], g_array_unref);
  g_free (x->crossing);
  g_free (x->addr);
  g_free (x->owner);
  g_clear_pointer (&x->owners, g_ptr_array_unref);
  g_clear_pointer (&x->owner_index, g_hash_table_unref);
  g_free (x->members);
  g_free (x->first);
  g_free (x->hit_stamp);
  g_free (x->hit);
  g_free (x->delivered);
  g_free (x->marks);
  g_free (x);
}

static int
device_of (VnlNetwork *net,
           WalkIndex  *x,
           Dev         dev)
{
  if (dev.kind == DEV_VNET)
    return dev.idx;
  if (dev.kind == DEV_SPEAKER)
    return x->n_vnets + dev.idx;
  /* An appliance that speaks BGP forwards by its table too
   * (vnl-route-server.c): its speaker stands for it. */
  if (dev.kind == DEV_APPLIANCE && g_array_index (net->appliances, NetAppliance, dev.idx).speaker >= 0)
    return x->n_vnets + g_array_index (net->appliances, NetAppliance, dev.idx).speaker;
  return -1;
}

static WalkIndex *
walk_index_new (VnlReport    *report,
                GCancellable *cancellable)
{
  VnlNetwork *net = report->network;
  WalkIndex *x = g_new0 (WalkIndex, 1);
  g_autoptr(GArray) visits = g_array_new (FALSE, FALSE, sizeof (Dev));
  GHashTable *owner_index;
  guint n = report->endpoints->len;

  x->n = n;
  x->n_vnets = net->vnets->len;
  x->n_devices = x->n_vnets + net->speakers->len;
  x->crossing = g_new0 (GArray *, MAX (x->n_devices, 1));
  x->addr = g_new (guint32, MAX (n, 1));
  x->owner = g_new (guint, MAX (n, 1));
  x->owners = g_ptr_array_new ();
  x->owner_index = owner_index = g_hash_table_new (g_str_hash, g_str_equal);
  x->hit_stamp = g_new0 (guint, MAX (n, 1));
  x->hit = g_new0 (guint8, MAX (n, 1));
  x->delivered = g_new0 (guint8, MAX ((gsize) n * n, 1));
  x->marks = g_new0 (guint, MAX ((gsize) n * n, 1));
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *ep = report->endpoints->pdata[i];
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (owner_index, ep->owner));

      if (k == 0)
        {
          g_ptr_array_add (x->owners, ep->owner);
          g_hash_table_insert (owner_index, ep->owner, GUINT_TO_POINTER (k = x->owners->len));
        }
      x->addr[i] = ep->address;
      x->owner[i] = k - 1;
    }
  /* The endpoints of each owner, by a counting sort. */
  x->first = g_new0 (guint, x->owners->len + 1);
  x->members = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    x->first[x->owner[i] + 1]++;
  for (guint k = 0; k < x->owners->len; k++)
    x->first[k + 1] += x->first[k];
  {
    g_autofree guint *fill = g_memdup2 (x->first, sizeof (guint) * (x->owners->len + 1));

    for (guint i = 0; i < n; i++)
      x->members[fill[x->owner[i]]++] = i;
  }

  for (guint i = 0; i < n; i++)
    {
      if ((i & 63) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          walk_index_free (x);
          return NULL;
        }
      for (guint j = 0; j < n; j++)
        {
          guint32 w = i * n + j;
          int last = -1;

          if (i == j)
            continue;
          g_array_set_size (visits, 0);
          x->delivered[w] = _vnl_network_endpoint_walk (net, i, j, visits);
          for (guint v = 0; v < visits->len; v++)
            {
              int d = device_of (net, x, g_array_index (visits, Dev, v));

              /* A walk crosses a device once or, rarely, twice apart: a
               * repeat is skipped by the marks of its users. */
              if (d < 0 || d == last)
                continue;
              last = d;
              if (x->crossing[d] == NULL)
                x->crossing[d] = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_array_append_val (x->crossing[d], w);
            }
        }
    }
  return x;
}

static inline void
mark_walk (WalkIndex *x,
           GArray    *walks,
           guint32    w)
{
  if (x->marks[w] == x->stamp)
    return;
  x->marks[w] = x->stamp;
  g_array_append_val (walks, w);
}

static void
mark_device (WalkIndex *x,
             GArray    *walks,
             int        d)
{
  GArray *crossing = d >= 0 ? x->crossing[d] : NULL;

  for (guint c = 0; crossing != NULL && c < crossing->len; c++)
    mark_walk (x, walks, g_array_index (crossing, guint32, c));
}

/* Whether endpoint @j's address is in @prefixes, the changed prefixes of
 * the speaker being marked: looked up once per endpoint and speaker (the
 * walks crossing a device share few destinations). */
static inline gboolean
dest_hit (WalkIndex     *x,
          guint          j,
          const AddrSet *prefixes)
{
  if (x->hit_stamp[j] != x->hit_now)
    {
      x->hit_stamp[j] = x->hit_now;
      x->hit[j] = _vnl_addr_set_contains (prefixes, x->addr[j]);
    }
  return x->hit[j];
}

/* The walks crossing device @d whose destination is in @prefixes. */
static void
mark_device_for (WalkIndex     *x,
                 GArray        *walks,
                 int            d,
                 const AddrSet *prefixes)
{
  GArray *crossing = d >= 0 ? x->crossing[d] : NULL;

  for (guint c = 0; crossing != NULL && c < crossing->len; c++)
    {
      guint32 w = g_array_index (crossing, guint32, c);

      if (dest_hit (x, w % x->n, prefixes))
        mark_walk (x, walks, w);
    }
}

static int
compare_queue_item (gconstpointer a,
                    gconstpointer b)
{
  const QueueItem *x = a, *y = b;

  if (x->speaker != y->speaker)
    return x->speaker - y->speaker;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* One speaker's changed prefixes: the walks that read them. */
static void
mark_speaker_changes (VnlReport     *report,
                      WalkIndex     *x,
                      GArray        *walks,
                      int            s,
                      const AddrSet *prefixes)
{
  VnlNetwork *net = report->network;
  Speaker *speaker = spk (net, s);

  x->hit_now++;
  mark_device_for (x, walks, x->n_vnets + s, prefixes);
  if ((speaker->kind == SPK_GATEWAY || speaker->kind == SPK_ROUTE_SERVER) && speaker->vnet >= 0)
    {
      /* The VNets that use this VNet's gateways (or route server) read
       * its table. */
      NetVnet *owner = nvnet (net, speaker->vnet);

      mark_device_for (x, walks, speaker->vnet, prefixes);
      for (guint u = 0; owner->users != NULL && u < owner->users->len; u++)
        mark_device_for (x, walks, g_array_index (owner->users, int, u), prefixes);
    }
  if (speaker->kind == SPK_CE && speaker->site >= 0)
    {
      /* Walks that start in the site chose among its CEs by their tables. */
      VnlSite *site = nsite (net, speaker->site)->site;
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (x->owner_index, site->parent.name));

      for (guint m = k > 0 ? x->first[k - 1] : 0; k > 0 && m < x->first[k]; m++)
        {
          guint i = x->members[m];

          for (guint j = 0; j < x->n; j++)
            if (j != i && dest_hit (x, j, prefixes))
              mark_walk (x, walks, i * x->n + j);
        }
    }
}

static int
compare_owner_change (gconstpointer a,
                      gconstpointer b)
{
  const VnlReportOwnerChange *x = a, *y = b;
  int c = strcmp (x->from, y->from);

  return c != 0 ? c : strcmp (x->to, y->to);
}

static VnlReportWhatIf *
overview_what_if (VnlReport  *report,
                  WalkIndex  *x,
                  VnlObject  *object)
{
  VnlNetwork *net = report->network;
  VnlReportWhatIf *what_if = g_new0 (VnlReportWhatIf, 1);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (QueueItem));
  g_autoptr(GArray) walks = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
  g_autoptr(GHashTable) by_owners = g_hash_table_new (NULL, NULL);
  g_autofree guint64 *prints = g_new (guint64, MAX (x->n_vnets, 1));
  g_autofree guint *per_owner = g_new0 (guint, MAX (x->owners->len, 1));
  guint n = x->n;
  int own;

  what_if->object = g_strdup (object->name);
  what_if->kind = object->kind;
  what_if->changes = g_array_new (FALSE, FALSE, sizeof (VnlReportChange));
  what_if->owner_changes = g_array_new (FALSE, FALSE, sizeof (VnlReportOwnerChange));

  for (guint v = 0; v < x->n_vnets; v++)
    prints[v] = vnet_print (nvnet (net, v));
  net->change_log = log;
  vnl_network_set_up (net, object->name, FALSE, NULL);
  net->change_log = NULL;
  x->stamp++;

  /* The object and the ends of its sessions. */
  if ((own = _vnl_network_speaker_of (net, object->name)) >= 0)
    mark_device (x, walks, x->n_vnets + own);
  for (guint s = 0; s < net->sessions->len; s++)
    if (ses (net, s)->object == object)
      {
        mark_device (x, walks, x->n_vnets + ses (net, s)->speaker[0]);
        mark_device (x, walks, x->n_vnets + ses (net, s)->speaker[1]);
      }
  for (guint v = 0; v < x->n_vnets; v++)
    if (vnet_print (nvnet (net, v)) != prints[v])
      mark_device (x, walks, v);

  /* Changed prefixes, speaker by speaker. */
  g_array_sort (log, compare_queue_item);
  for (guint k = 0; k < log->len; )
    {
      int s = g_array_index (log, QueueItem, k).speaker;

      AddrSet set;

      g_array_set_size (prefixes, 0);
      for (; k < log->len && g_array_index (log, QueueItem, k).speaker == s; k++)
        {
          VnlPrefix prefix = vnl_prefix_from_key (g_array_index (log, QueueItem, k).key);
          g_array_append_val (prefixes, prefix);
        }
      _vnl_addr_set_init (&set, prefixes);
      mark_speaker_changes (report, x, walks, s, &set);
      _vnl_addr_set_clear (&set);
    }

  /* Walk them again; a pair pings when both its walks deliver, so a walk
   * is walked only while the pair can still ping: not when the way back,
   * unmarked, kept its failure, nor the way back after the way out failed. */
  for (guint c = 0; c < walks->len; c++)
    {
      guint32 w = g_array_index (walks, guint32, c), back = (w % n) * n + w / n;
      guint i = w / n, j = w % n;
      gboolean back_marked = x->marks[back] == x->stamp;
      gboolean was, is;
      VnlReportOwnerChange *change;
      guint64 key;
      gpointer slot;

      /* Each unordered pair once: from its walk with i < j, or from the
       * other when that one was not walked again. */
      if (i > j && back_marked)
        continue;
      was = x->delivered[w] && x->delivered[back];
      if (back_marked)
        is = _vnl_network_endpoint_walk (net, i, j, NULL) &&
             _vnl_network_endpoint_walk (net, j, i, NULL);
      else
        is = x->delivered[back] && _vnl_network_endpoint_walk (net, i, j, NULL);
      if (was == is)
        continue;
      for (guint d = 0; d < 2; d++)
        {
          guint a = x->owner[d == 0 ? i : j], b = x->owner[d == 0 ? j : i];

          key = ((guint64) a << 32) | b;
          if (g_hash_table_lookup_extended (by_owners, GSIZE_TO_POINTER (key), NULL, &slot))
            change = &g_array_index (what_if->owner_changes, VnlReportOwnerChange, GPOINTER_TO_UINT (slot));
          else
            {
              VnlReportOwnerChange fresh = { x->owners->pdata[a], x->owners->pdata[b], 0, 0 };

              g_hash_table_insert (by_owners, GSIZE_TO_POINTER (key),
                                   GUINT_TO_POINTER (what_if->owner_changes->len));
              g_array_append_val (what_if->owner_changes, fresh);
              change = &g_array_index (what_if->owner_changes, VnlReportOwnerChange,
                                       what_if->owner_changes->len - 1);
            }
          if (was)
            change->lost++, what_if->n_lost++;
          else
            change->gained++, what_if->n_gained++;
          per_owner[a]++;
        }
    }

  /* Summary: the networks touched and the most touched. */
  {
    guint best = 0;

    for (guint o = 0; o < x->owners->len; o++)
      {
        what_if->n_networks += per_owner[o] > 0;
        if (per_owner[o] > best)
          {
            best = per_owner[o];
            what_if->most_affected = x->owners->pdata[o];
          }
      }
  }
  g_array_sort (what_if->owner_changes, compare_owner_change);

  vnl_network_set_up (net, object->name, TRUE, NULL);
  return what_if;
}

/* Every candidate of an overview taken down in turn (what-ifs per pair of
 * networks); FALSE when cancelled. */
static gboolean
overview_what_ifs (VnlReport          *report,
                   GPtrArray          *candidates,
                   VnlReportProgress   progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  WalkIndex *x;

  report_progress (progress, user_data, 0, _("Indexing the paths of every pair"));
  if (!(x = walk_index_new (report, cancellable)))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  for (guint c = 0; c < candidates->len; c++)
    {
      VnlObject *object = candidates->pdata[c];

      if ((c & 15) == 0)
        {
          g_autofree char *what = g_strdup_printf (_("What if %s is down"), object->name);
          report_progress (progress, user_data, (double) c / candidates->len, what);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          walk_index_free (x);
          return FALSE;
        }
      g_ptr_array_add (report->what_ifs, overview_what_if (report, x, object));
    }
  walk_index_free (x);
  return TRUE;
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
  return vnl_report_new_for_flow (design, source, down, NULL, progress, user_data, cancellable, error);
}

VnlReport *
vnl_report_new_for_flow (VnlDesign          *design,
                         const char         *source,
                         const char * const *down,
                         const VnlFlow      *flow,
                         VnlReportProgress   progress,
                         gpointer            user_data,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) down_names = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) instances_down = g_ptr_array_new ();
  g_autoptr(GHashTable) index = NULL;
  g_autofree guint *marks = NULL;
  guint n, n_steps, step = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = g_new0 (VnlReport, 1);
  report->source = g_strdup (source);
  now = g_date_time_new_now_utc ();
  report->generated = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (!(report->design = snapshot_design (design, error)))
    return NULL;
  /* The design's own down objects are part of the design, not a what-if:
   * the single-failure table below leaves them out. */
  report->design_down = vnl_design_get_down_names (report->design);
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    {
      VnlObject *object = vnl_design_lookup (report->design, down[i]);

      /* A gateway instance has no state in the design: it goes down in
       * the network below. */
      if (object == NULL && vnl_design_lookup_instance (report->design, down[i], NULL, NULL))
        {
          g_ptr_array_add (instances_down, (gpointer) down[i]);
          continue;
        }
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
  for (guint i = 0; i < instances_down->len; i++)
    g_ptr_array_add (down_names, g_strdup (instances_down->pdata[i]));
  g_ptr_array_add (down_names, NULL);
  report->down = (GStrv) g_ptr_array_free (g_steal_pointer (&down_names), FALSE);
  {
    g_autoptr(GStrvBuilder) what_if = g_strv_builder_new ();

    for (guint i = 0; report->down[i] != NULL; i++)
      if (!g_strv_contains ((const char * const *) report->design_down, report->down[i]))
        g_strv_builder_add (what_if, report->down[i]);
    report->what_if_down = g_strv_builder_end (what_if);
  }

  for (guint k = 0; k < G_N_ELEMENTS (_vnl_report_what_if_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, _vnl_report_what_if_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        if (((VnlObject *) objects->pdata[i])->up)
          g_ptr_array_add (candidates, objects->pdata[i]);
    }
  /* The devices that forward in a VNet fail too: a firewall or appliance
   * taken down loses the pairs whose paths cross it (issue 14). */
  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, k == 0 ? VNL_KIND_FIREWALL : VNL_KIND_APPLIANCE);

      for (guint i = 0; i < objects->len; i++)
        if (((VnlObject *) objects->pdata[i])->up)
          g_ptr_array_add (candidates, objects->pdata[i]);
    }

  report_progress (progress, user_data, 0, _("Converging routes"));
  report->network = vnl_network_new (report->design);
  vnl_network_set_flow (report->network, flow != NULL ? flow : &vnl_flow_icmp);
  report->flow = *vnl_network_get_flow (report->network);
  for (guint i = 0; i < instances_down->len; i++)
    vnl_network_set_up (report->network, instances_down->pdata[i], FALSE, NULL);

  /* Route tables; after a VNet's, those of its subnets that have a route
   * table of their own (the others are the VNet's). */
  report->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_table_free);
  g_autoptr(GHashTable) own_subnets = associated_subnets (report->design);
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
          if (object->kind == VNL_KIND_VNET)
            add_subnet_tables (report, (VnlVnet *) object, own_subnets);
        }
    }

  /* Matrix, then the traces: every pair, or in a summarised report the
   * pairs that get a reply, or in an overview none. */
  report_progress (progress, user_data, 0, _("Computing reachability"));
  if (!(report->matrix = collect_matrix (report->network, &report->endpoints,
                                         cancellable, error)))
    return NULL;
  n = report->endpoints->len;
  report->overview = n > _vnl_report_trace_max_endpoints;
  report->summarised = report->overview || n > VNL_REPORT_FULL_MAX_ENDPOINTS;
  /* The what-ifs change report->network under the matrix; an overview
   * runs none (and its matrix may be too large to detach). At most
   * VNL_REPORT_TRACE_MAX_ENDPOINTS² pairs always detach. */
  if (!report->overview && !vnl_matrix_detach (report->matrix))
    g_assert_not_reached ();
  if (report->overview)
    {
      report->traces = g_ptr_array_new ();
      report->what_ifs = g_ptr_array_new_with_free_func ((GDestroyNotify) what_if_free);
      if (n <= VNL_REPORT_WHAT_IF_MAX_ENDPOINTS && vnl_matrix_detach (report->matrix) &&
          !overview_what_ifs (report, candidates, progress, user_data, cancellable, error))
        return NULL;
      report_progress (progress, user_data, 1, _("Done"));
      return g_steal_pointer (&report);
    }
  n_steps = n + candidates->len + (down != NULL && down[0] != NULL ? 1 : 0) + 1;
  report->traces = g_ptr_array_new_full (n * n, (GDestroyNotify) vnl_trace_free);
  for (guint i = 0; i < n; i++)
    {
      if ((i & 31) == 0 || !report->summarised)
        {
          g_autofree char *what = g_strdup_printf (_("Tracing from %s"),
                                                   ((VnlObject *) report->endpoints->pdata[i])->name);
          report_progress (progress, user_data, (double) step / n_steps, what);
        }
      step++;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint j = 0; j < n; j++)
        {
          VnlTrace *trace = NULL;

          if (i != j && (!report->summarised || vnl_matrix_get (report->matrix, i, j)))
            trace = trace_pair (report->network, report->endpoints->pdata[i],
                                report->endpoints->pdata[j]);
          report->n_traced += trace != NULL;
          g_ptr_array_add (report->traces, trace);
        }
    }

  /* What-ifs: each link or connection down in turn, tracing again only the
   * pairs it can change. */
  report->what_ifs = g_ptr_array_new_with_free_func ((GDestroyNotify) what_if_free);
  index = index_paths (report);
  marks = g_new0 (guint, MAX (n * n, 1));
  for (guint c = 0; c < candidates->len; c++)
    {
      VnlObject *object = candidates->pdata[c];
      g_autofree char *what = g_strdup_printf (_("What if %s is down"), object->name);

      report_progress (progress, user_data, (double) ++step / n_steps, what);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_ptr_array_add (report->what_ifs,
                       what_if_collect (report, index, object, marks, c + 1));
    }

  /* Baseline: the design as it was before the caller's what-ifs. */
  if (down != NULL && down[0] != NULL)
    {
      g_autoptr(VnlNetwork) all_up = vnl_network_new (report->design);
      g_autoptr(VnlMatrix) before = NULL;
      g_autofree char *names = g_strjoinv (", ", (GStrv) down);

      vnl_network_set_flow (all_up, &report->flow);
      report_progress (progress, user_data, (double) ++step / n_steps,
                       _("Comparing with the design as drawn"));
      for (guint i = 0; down[i] != NULL; i++)
        vnl_network_set_up (all_up, down[i], TRUE, NULL);
      if (!(before = collect_matrix (all_up, NULL, cancellable, error)))
        return NULL;
      g_assert (vnl_matrix_get_n_endpoints (before) == n);
      report->baseline = compare_states (report, names, VNL_N_KINDS,
                                         before, all_up, report->matrix, report->network);
    }

  report_progress (progress, user_data, 1, _("Done"));
  return g_steal_pointer (&report);
}

void
vnl_report_set_scenario (VnlReport  *report,
                         const char *name)
{
  g_return_if_fail (report != NULL);

  g_free (report->scenario);
  report->scenario = g_strdup (name);
}

char *
vnl_report_describe_down (VnlReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  if (report->design_down[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", report->design_down);
      g_string_append_printf (text, _("Down in the design: %s."), names);
    }
  if (report->what_if_down[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", report->what_if_down);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (report->scenario != NULL)
        g_string_append_printf (text, _("What-if scenario “%s”: %s down."), report->scenario, names);
      else
        g_string_append_printf (text, _("What-if: %s down."), names);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Async collection */

typedef struct
{
  VnlDesign         *design;          /* owned: snapshot */
  char              *source;          /* owned */
  GStrv              down;            /* owned */
  VnlFlow            flow;
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

  report = vnl_report_new_for_flow (data->design, data->source, (const char * const *) data->down,
                                    &data->flow, data->progress != NULL ? forward_progress : NULL, data,
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
  vnl_report_new_for_flow_async (design, source, down, NULL, progress, progress_data, progress_destroy,
                                 cancellable, callback, user_data);
}

void
vnl_report_new_for_flow_async (VnlDesign          *design,
                               const char         *source,
                               const char * const *down,
                               const VnlFlow      *flow,
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
  data->flow = flow != NULL ? *flow : vnl_flow_icmp;
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
  if (report->overview)
    return NULL;
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
  if (from == to || report->overview || !vnl_matrix_get (report->matrix, from, to))
    return -1;
  return trace_rtt (vnl_report_get_trace (report, from, to));
}

guint
vnl_report_count_kind (VnlReport *report,
                       VnlKind    kind)
{
  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (kind < VNL_N_KINDS, 0);
  return vnl_design_get_objects (report->design, kind)->len;
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

void
_vnl_report_sink_flush (GString  *out,
                        gpointer  user_data)
{
  VnlReportSink *sink = user_data;

  if (sink->stream == NULL)
    return;
  if (sink->error == NULL &&
      !g_output_stream_write_all (sink->stream, out->str, out->len, NULL, NULL, &sink->error))
    g_assert (sink->error != NULL);
  g_string_truncate (out, 0);
}

gboolean
_vnl_report_write_streamed (VnlReport          *report,
                            const char         *path,
                            VnlReportWriteFunc  write,
                            gpointer            user_data,
                            GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) out = g_string_sized_new (2 << 20);
  g_autoptr(GError) local_error = NULL;
  VnlReportSink sink = { NULL, NULL };

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE,
                   _("cannot write %s: %s"), path, local_error->message);
      return FALSE;
    }
  sink.stream = G_OUTPUT_STREAM (stream);
  write (report, out, &sink, user_data);
  if (sink.error != NULL)
    {
      /* Cancelled so that the temporary file is removed, not renamed. */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE,
                   _("cannot write %s: %s"), path, sink.error->message);
      g_error_free (sink.error);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
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
      return _vnl_report_write_csv (report, csv_table, path, error);
    case VNL_REPORT_FORMAT_JSON:
      return _vnl_report_write_json (report, path, error);
    case VNL_REPORT_FORMAT_PDF:
    default:
      g_set_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_FORMAT,
                   _("%s: PDF reports are written by the diagram renderer"), path);
      return FALSE;
    }

  return vnl_report_write_file (path, text, -1, error);
}


/* Heat map */

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

  n = report->overview ? 0 : report->endpoints->len;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      max = MAX (max, vnl_report_get_rtt (report, i, j));
  return max;
}

