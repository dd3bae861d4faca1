/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-analysis"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-analysis.h"
#include "vnl-file.h"
#include "vnl-matrix.h"

#include <string.h>

/*
 * Results: what one computation over a converged network yields — the
 * endpoint names in matrix order, the matrix, and the path signature of
 * every ordered pair (the objects crossed, joined; NULL when not delivered).
 * Results are computed in the worker thread for large designs, then
 * installed on the main thread, where they are compared with the previous
 * ones to list the what-if changes.
 *
 * Pair signatures cost n² traces, so designs with more than
 * MAX_PAIR_ENDPOINTS endpoints compare matrices only.
 */

#define MAX_PAIR_ENDPOINTS 60
#define EDIT_DELAY_MS      60
/* Pairs compared one by one between two results in another order. */
#define MAX_DIFF_PAIRS     (4u << 20)
/* What-if changes listed; the rest are counted. */
#define MAX_CHANGES        10000

typedef struct
{
  GPtrArray *names;       /* owned, of char* */
  VnlMatrix *matrix;      /* owned, nullable (too large), detached */
  GPtrArray *paths;       /* owned, of char* (nullable), n×n, or NULL */
} Results;

static void
results_free (Results *results)
{
  g_clear_pointer (&results->names, g_ptr_array_unref);
  g_clear_pointer (&results->paths, g_ptr_array_unref);
  g_clear_pointer (&results->matrix, vnl_matrix_free);
  g_free (results);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

typedef struct
{
  char     *name;
  gboolean  up;
} Toggle;

struct _VnlAnalysis
{
  GObject       parent_instance;

  VnlDesign    *design;        /* owned */
  VnlNetwork   *network;       /* owned, nullable; over design or a snapshot */
  Results      *results;       /* owned, nullable */

  char         *from;          /* owned, nullable */
  char         *to;            /* owned, nullable */
  VnlTrace     *trace;         /* owned, nullable */
  char         *trace_error;   /* owned, nullable */
  GPtrArray    *alternatives;  /* owned, of VnlTrace* */

  char         *last_toggle;   /* owned, nullable */
  GPtrArray    *changes;       /* owned, of VnlAnalysisChange* */
  guint64       changes_omitted; /* changes beyond those listed */

  GHashTable   *states;        /* name → administrative state when last computed */
  GHashTable   *what_if;       /* owned set of names: taken down by the what-if,
                                  not in the design (see vnl-scenario.h) */
  char         *scenario;      /* owned, nullable: the saved scenario the
                                  what-if set was loaded from, unchanged since */
  GArray       *toggles;       /* pending administrative changes, of Toggle */
  gboolean      full_pending;  /* a structural edit is pending */
  guint         source_id;
  gboolean      busy;
  gboolean      snapshot;      /* made by vnl_analysis_new_snapshot() */
  GCancellable *cancellable;   /* owned, nullable: the running worker */
  double        last_ms;
  VnlFlow       flow;          /* what traces and the matrix are filtered for */
};

G_DEFINE_FINAL_TYPE (VnlAnalysis, vnl_analysis, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
vnl_analysis_change_free (VnlAnalysisChange *change)
{
  g_free (change->from);
  g_free (change->to);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

static char *
path_signature (VnlTrace *trace)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (trace == NULL || !trace->reached)
    return NULL;
  for (guint i = 0; i < trace->path->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " → " : "", (char *) trace->path->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Runs in the worker thread for large designs: only reads @network.
 * @pairs: also the path of every pair, which only the what-if needs. */
static Results *
compute_results (VnlNetwork   *network,
                 gboolean      pairs,
                 GCancellable *cancellable)
{
  Results *results = g_new0 (Results, 1);
  guint n;

  results->names = g_ptr_array_new_with_free_func (g_free);
  results->matrix = vnl_matrix_new (network, cancellable);
  if (results->matrix == NULL)
    return results;
  n = vnl_matrix_get_n_endpoints (results->matrix);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (results->names, g_strdup (vnl_matrix_get_endpoint (results->matrix, i)->parent.name));
  /* Kept to be compared after the next what-if, when the network changed. */
  if (!vnl_matrix_detach (results->matrix))
    g_clear_pointer (&results->matrix, vnl_matrix_free);

  if (pairs && n <= MAX_PAIR_ENDPOINTS)
    {
      results->paths = g_ptr_array_new_full (n * n, g_free);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            g_autoptr(VnlTrace) trace = NULL;

            if (i != j && !g_cancellable_is_cancelled (cancellable))
              trace = vnl_network_trace (network, results->names->pdata[i],
                                         results->names->pdata[j], NULL);
            g_ptr_array_add (results->paths, path_signature (trace));
          }
    }
  return results;
}

static void
add_change (GPtrArray             *changes,
            VnlAnalysisChangeKind  kind,
            const char            *from,
            const char            *to,
            const char            *before,
            const char            *after)
{
  VnlAnalysisChange *change = g_new0 (VnlAnalysisChange, 1);

  change->kind = kind;
  change->from = g_strdup (from);
  change->to = g_strdup (to);
  change->before = g_strdup (before);
  change->after = g_strdup (after);
  g_ptr_array_add (changes, change);
}

typedef struct
{
  GPtrArray *changes;
  guint64    omitted;
} Diff;

static void
diff_pair (Diff       *diff,
           const char *from,
           const char *to,
           gboolean    was,
           gboolean    is,
           const char *before,
           const char *after)
{
  VnlAnalysisChangeKind kind;

  if (was && !is)
    kind = VNL_ANALYSIS_LOST;
  else if (!was && is)
    kind = VNL_ANALYSIS_GAINED;
  else if (was && is && g_strcmp0 (before, after) != 0)
    kind = VNL_ANALYSIS_REROUTED;
  else
    return;
  if (diff->changes->len >= MAX_CHANGES)
    {
      diff->omitted++;
      return;
    }
  add_change (diff->changes, kind, from, to, before, after);
}

static gboolean
same_names (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Lists in @changes what changed from @old to @new; returns the number of
 * changes beyond MAX_CHANGES, not listed. */
static guint64
diff_results (GPtrArray *changes,
              Results   *old,
              Results   *new)
{
  Diff diff = { changes, 0 };
  guint n = new->names->len;
  guint m = old->names->len;

  if (old->matrix == NULL || new->matrix == NULL)
    return 0;

  /* The same endpoints in the same order (a what-if): rows compared as
   * bits, pairs looked at only where they differ or paths are known. */
  if (same_names (old->names, new->names))
    {
      gsize words = vnl_matrix_row_words (new->matrix);
      g_autofree guint64 *was = g_new (guint64, words);
      g_autofree guint64 *is = g_new (guint64, words);
      gboolean paths = old->paths != NULL && new->paths != NULL;

      for (guint i = 0; i < n; i++)
        {
          vnl_matrix_get_row (old->matrix, i, was);
          vnl_matrix_get_row (new->matrix, i, is);
          for (guint w = 0; w < words; w++)
            {
              guint64 bits = paths ? ~(guint64) 0 : was[w] ^ is[w];

              for (guint j = w * 64; bits != 0 && j < MIN (n, (w + 1) * 64); j++)
                if (i != j && ((bits >> (j % 64)) & 1))
                  diff_pair (&diff, new->names->pdata[i], new->names->pdata[j],
                             vnl_matrix_row_bit (was, j), vnl_matrix_row_bit (is, j),
                             paths ? old->paths->pdata[i * m + j] : NULL,
                             paths ? new->paths->pdata[i * n + j] : NULL);
            }
        }
      return diff.omitted;
    }

  /* Otherwise pair by pair, through the names, for designs small enough. */
  if ((guint64) n * n <= MAX_DIFF_PAIRS)
    {
      g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree int *old_of = g_new (int, MAX (n, 1));

      for (guint i = 0; i < m; i++)
        g_hash_table_insert (index, old->names->pdata[i], GUINT_TO_POINTER (i + 1));
      for (guint i = 0; i < n; i++)
        old_of[i] = (int) GPOINTER_TO_UINT (g_hash_table_lookup (index, new->names->pdata[i])) - 1;

      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            int oi = old_of[i], oj = old_of[j];

            if (i == j || oi < 0 || oj < 0)
              continue;
            diff_pair (&diff, new->names->pdata[i], new->names->pdata[j],
                       vnl_matrix_get (old->matrix, oi, oj), vnl_matrix_get (new->matrix, i, j),
                       old->paths != NULL ? old->paths->pdata[oi * m + oj] : NULL,
                       new->paths != NULL ? new->paths->pdata[i * n + j] : NULL);
          }
    }
  return diff.omitted;
}

/* ECMP: when a circuit link of the path has an up sibling that the route
 * tables also use (equal-cost best routes), the flow hashed onto the other
 * link takes another path. It is found by tracing again with the used link
 * taken down for a moment (incremental re-convergence), then restored. */
static void
find_alternatives (VnlAnalysis *self)
{
  VnlTrace *trace = self->trace;

  g_ptr_array_set_size (self->alternatives, 0);
  if (trace == NULL || !trace->reached)
    return;
  for (guint i = 0; i < trace->path->len; i++)
    {
      VnlLink *link = vnl_design_lookup_kind (self->design, trace->path->pdata[i], VNL_KIND_LINK);
      VnlCircuit *circuit;
      VnlLink *other;
      gboolean ecmp = FALSE;

      if (link == NULL || (circuit = vnl_design_lookup_kind (self->design, link->circuit, VNL_KIND_CIRCUIT)) == NULL)
        continue;
      other = vnl_design_lookup_kind (self->design, circuit->links[link->role == VNL_LINK_PRIMARY ? 1 : 0], VNL_KIND_LINK);
      if (other == NULL || !vnl_network_is_up (self->network, other->parent.name))
        continue;

      /* Equal-cost: some node before the link holds a best route whose next
       * hops include both MSEEs or both CEs. */
      for (guint k = 0; k < i && !ecmp; k++)
        {
          g_autoptr(GPtrArray) tables = vnl_network_get_tables (self->network, trace->path->pdata[k], NULL);
          g_autofree char *a1 = NULL, *a2 = NULL;

          if (tables == NULL)
            continue;
          a1 = vnl_ip_to_string (link->msee_address);
          a2 = vnl_ip_to_string (other->msee_address);
          for (guint t = 0; t < tables->len && !ecmp; t++)
            {
              VnlRouteTable *table = tables->pdata[t];
              for (guint r = 0; r < table->rows->len; r++)
                {
                  VnlRouteRow *row = table->rows->pdata[r];
                  if (row->best && row->next_hop != NULL && row->reason == VNL_REASON_ECMP &&
                      vnl_prefix_contains_ip (&row->prefix, trace->destination) &&
                      strstr (row->next_hop, a1) != NULL && strstr (row->next_hop, a2) != NULL)
                    {
                      ecmp = TRUE;
                      break;
                    }
                }
            }
        }
      if (!ecmp)
        continue;

      if (vnl_network_set_up (self->network, link->parent.name, FALSE, NULL))
        {
          VnlTrace *alt = vnl_network_trace (self->network, self->from, self->to, NULL);
          if (alt != NULL && alt->reached)
            g_ptr_array_add (self->alternatives, alt);
          else if (alt != NULL)
            vnl_trace_free (alt);
          vnl_network_set_up (self->network, link->parent.name, TRUE, NULL);
        }
    }
}

static void
update_trace (VnlAnalysis *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->trace, vnl_trace_free);
  g_clear_pointer (&self->trace_error, g_free);
  g_ptr_array_set_size (self->alternatives, 0);
  if (self->network == NULL || self->from == NULL || self->to == NULL)
    return;
  self->trace = vnl_network_trace (self->network, self->from, self->to, &error);
  if (self->trace == NULL)
    self->trace_error = g_strdup (error->message);
  else
    find_alternatives (self);
}

static void
install (VnlAnalysis *self,
         VnlNetwork  *network,
         Results     *results,
         gboolean     was_toggle)
{
  if (network != self->network)
    {
      g_clear_object (&self->network);
      self->network = g_object_ref (network);
    }
  /* A structural edit or a move that changes nothing keeps the last list. */
  if (self->results != NULL)
    {
      g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_analysis_change_free);

      guint64 omitted = diff_results (changes, self->results, results);
      if (changes->len > 0 || was_toggle)
        {
          g_ptr_array_unref (self->changes);
          self->changes = g_steal_pointer (&changes);
          self->changes_omitted = omitted;
          /* An edit that changed reachability: the list is now the edit's,
           * not the last what-if's (vnl_analysis_get_last_toggle() says
           * which). */
          if (!was_toggle)
            g_clear_pointer (&self->last_toggle, g_free);
        }
    }
  g_clear_pointer (&self->results, results_free);
  self->results = results;
  update_trace (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The state the network gives @object: up in the design and not taken
 * down by the what-if. */
static gboolean
effective_up (VnlAnalysis *self,
              VnlObject   *object)
{
  return object->up && !g_hash_table_contains (self->what_if, object->name);
}

/* After the network was built again from the design: the what-if failures
 * on top of it (names the design no longer has are forgotten). */
static void
apply_what_if (VnlAnalysis *self,
               VnlNetwork  *network)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, self->what_if);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!vnl_network_set_up (network, name, FALSE, NULL))
      g_hash_table_iter_remove (&iter);
}

/* Remembers every object's administrative state, to tell a toggle from
 * other edits when the design says an object changed. */
static void
remember_states (VnlAnalysis *self)
{
  g_hash_table_remove_all (self->states);
  for (guint k = 0; self->design != NULL && k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *o = objects->pdata[i];
          g_hash_table_insert (self->states, g_strdup (o->name), GINT_TO_POINTER (o->up ? 1 : 2));
        }
    }
}

static void
set_busy (VnlAnalysis *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
describe_toggles (VnlAnalysis *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->toggles->len; i++)
    {
      Toggle *toggle = &g_array_index (self->toggles, Toggle, i);
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, toggle->up ? _("%s brought up") : _("%s taken down"), toggle->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_toggles (VnlAnalysis *self)
{
  for (guint i = 0; i < self->toggles->len; i++)
    g_free (g_array_index (self->toggles, Toggle, i).name);
  g_array_set_size (self->toggles, 0);
}

/* Worker thread */

static void
worker (GTask        *task,
        gpointer      source,
        gpointer      data,
        GCancellable *cancellable)
{
  VnlDesign *snapshot = data;
  g_autoptr(VnlNetwork) network = vnl_network_new (snapshot);
  Results *results;

  vnl_network_set_flow (network, g_object_get_data (G_OBJECT (task), "vnl-flow"));
  results = compute_results (network, TRUE, cancellable);

  g_object_set_data_full (G_OBJECT (task), "vnl-network", g_steal_pointer (&network), g_object_unref);
  g_task_return_pointer (task, results, (GDestroyNotify) results_free);
}

static void
on_worker_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  VnlAnalysis *self = VNL_ANALYSIS (source);
  GTask *task = G_TASK (result);
  gint64 started = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "vnl-started"));
  Results *results = g_task_propagate_pointer (task, NULL);

  if (results == NULL || g_task_get_cancellable (task) != self->cancellable)
    {
      g_clear_pointer (&results, results_free);
      return;
    }
  g_clear_object (&self->cancellable);
  self->last_ms = (g_get_monotonic_time () - started) / 1000.0;
  g_debug ("recomputed in a worker in %.2f ms", self->last_ms);
  install (self, g_object_get_data (G_OBJECT (task), "vnl-network"), results, GPOINTER_TO_INT (data));
  set_busy (self, FALSE);
}

static void
recompute (VnlAnalysis *self,
           gboolean     force_sync)
{
  gint64 started = g_get_monotonic_time ();
  gboolean was_toggle = self->toggles->len > 0;
  g_autofree char *toggles = was_toggle ? describe_toggles (self) : NULL;

  g_clear_handle_id (&self->source_id, g_source_remove);
  if (self->design == NULL)
    return;
  remember_states (self);
  if (toggles != NULL)
    {
      g_free (self->last_toggle);
      self->last_toggle = g_steal_pointer (&toggles);
    }

  if (!force_sync && vnl_design_count (self->design) > VNL_ANALYSIS_ASYNC_OBJECTS)
    {
      g_autoptr(GTask) task = NULL;
      g_autofree char *data = NULL;
      gsize length = 0;
      VnlDesign *snapshot;

      /* The worker converges a snapshot so that editing can go on. */
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      data = vnl_design_to_data (self->design, &length);
      snapshot = vnl_design_load_from_data (data, length, "(analysis)", NULL);
      if (snapshot == NULL)
        return;
      /* The snapshot is the worker's own: what-if failures go into it. */
      {
        GHashTableIter iter;
        gpointer name;

        g_hash_table_iter_init (&iter, self->what_if);
        while (g_hash_table_iter_next (&iter, &name, NULL))
          {
            VnlObject *object = vnl_design_lookup (snapshot, name);
            if (object != NULL)
              vnl_design_set_up (snapshot, object, FALSE);
          }
      }
      self->cancellable = g_cancellable_new ();
      task = g_task_new (self, self->cancellable, on_worker_done, GINT_TO_POINTER (was_toggle));
      g_object_set_data (G_OBJECT (task), "vnl-started", GSIZE_TO_POINTER (started));
      g_object_set_data_full (G_OBJECT (task), "vnl-flow", g_memdup2 (&self->flow, sizeof self->flow), g_free);
      g_task_set_task_data (task, snapshot, g_object_unref);
      clear_toggles (self);
      self->full_pending = FALSE;
      set_busy (self, TRUE);
      g_task_run_in_thread (task, worker);
      return;
    }

  if (self->network == NULL || vnl_network_get_design (self->network) != self->design)
    {
      g_clear_object (&self->network);
      self->network = vnl_network_new (self->design);
      vnl_network_set_flow (self->network, &self->flow);
      apply_what_if (self, self->network);
    }
  else
    {
      if (self->full_pending)
        {
          vnl_network_rebuild (self->network);
          apply_what_if (self, self->network);
        }
      /* Each toggled object in the state it has now (the network keeps
       * what it was told across rebuilds). */
      for (guint i = 0; i < self->toggles->len; i++)
        {
          Toggle *toggle = &g_array_index (self->toggles, Toggle, i);
          VnlObject *object = vnl_design_lookup (self->design, toggle->name);

          if (object != NULL)
            vnl_network_set_up (self->network, toggle->name, effective_up (self, object), NULL);
          else
            vnl_network_set_up (self->network, toggle->name,
                                !g_hash_table_contains (self->what_if, toggle->name), NULL);
        }
    }
  clear_toggles (self);
  self->full_pending = FALSE;
  install (self, self->network, compute_results (self->network, TRUE, NULL), was_toggle);
  self->last_ms = (g_get_monotonic_time () - started) / 1000.0;
  g_debug ("recomputed in %.2f ms", self->last_ms);
}

static gboolean
recompute_cb (gpointer data)
{
  VnlAnalysis *self = data;

  self->source_id = 0;
  recompute (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule (VnlAnalysis *self,
          gboolean     now)
{
  if (self->source_id != 0 && !now)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  /* Administrative toggles at once; edits (drags emit many) after a pause. */
  if (now)
    self->source_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, recompute_cb, self, NULL);
  else
    self->source_id = g_timeout_add (EDIT_DELAY_MS, recompute_cb, self);
}

static void
on_object_changed (VnlAnalysis *self,
                   gpointer     object)
{
  VnlObject *o = object;
  int known = GPOINTER_TO_INT (g_hash_table_lookup (self->states, o->name));
  gboolean toggled = known != 0 && (known == 1) != (o->up != FALSE);

  /* Where an object is drawn (position, bends) cannot change routing. */
  if (vnl_design_change_is_layout (self->design))
    return;
  if (toggled)
    {
      Toggle toggle = { g_strdup (o->name), effective_up (self, o) };

      /* Remember it now: the next change of the same object compares with
       * this state, not with the last computation. */
      g_hash_table_insert (self->states, g_strdup (o->name), GINT_TO_POINTER (o->up ? 1 : 2));
      g_array_append_val (self->toggles, toggle);
      if (!self->full_pending && self->network != NULL &&
          vnl_network_get_design (self->network) == self->design)
        {
          schedule (self, TRUE);
          return;
        }
    }
  self->full_pending = TRUE;
  schedule (self, toggled);
}

static void
on_structure_changed (VnlAnalysis *self)
{
  self->full_pending = TRUE;
  schedule (self, FALSE);
}

void
vnl_analysis_set_design (VnlAnalysis *self,
                         VnlDesign   *design)
{
  g_return_if_fail (VNL_IS_ANALYSIS (self));
  g_return_if_fail (design == NULL || VNL_IS_DESIGN (design));

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  g_set_object (&self->design, design);
  self->snapshot = FALSE;
  g_clear_object (&self->network);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->last_toggle, g_free);
  g_hash_table_remove_all (self->what_if);
  g_clear_pointer (&self->scenario, g_free);
  g_ptr_array_set_size (self->changes, 0);
  self->changes_omitted = 0;
  clear_toggles (self);
  self->full_pending = FALSE;
  /* The old trace borrows names from the old design: drop it now. */
  update_trace (self);
  if (design == NULL)
    {
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (on_object_changed), self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_structure_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_structure_changed), self);
  recompute (self, FALSE);
  /* A worker is converging: the views show nothing stale meanwhile. */
  if (self->busy)
    g_signal_emit (self, signals[CHANGED], 0);
}

VnlDesign *
vnl_analysis_get_design (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->design;
}

VnlNetwork *
vnl_analysis_get_network (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->network;
}

gboolean
vnl_analysis_is_busy (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), FALSE);
  return self->busy;
}

double
vnl_analysis_get_last_ms (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), 0);
  return self->last_ms;
}

void
vnl_analysis_recompute_now (VnlAnalysis *self)
{
  g_return_if_fail (VNL_IS_ANALYSIS (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  recompute (self, TRUE);
}

VnlEndpoint *
vnl_analysis_endpoint_for (VnlAnalysis *self,
                           gpointer     object)
{
  VnlObject *o = object;
  g_autoptr(GPtrArray) endpoints = NULL;

  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);

  if (o == NULL || self->design == NULL)
    return NULL;
  if (o->kind == VNL_KIND_ENDPOINT)
    return object;
  if (o->kind != VNL_KIND_VNET && o->kind != VNL_KIND_SITE)
    return NULL;
  endpoints = vnl_design_get_endpoints_of (self->design, o->name);
  return endpoints != NULL && endpoints->len > 0 ? endpoints->pdata[0] : NULL;
}

/* What-if failures */

/* Queues the change of @object's state in the network that a change of the
 * what-if set made, as an administrative toggle is queued. */
static void
queue_what_if (VnlAnalysis *self,
               VnlObject   *object)
{
  Toggle toggle = { g_strdup (object->name), effective_up (self, object) };

  g_array_append_val (self->toggles, toggle);
  if (self->network == NULL || vnl_network_get_design (self->network) != self->design)
    self->full_pending = TRUE;
  schedule (self, TRUE);
}

static gboolean
what_if_set (VnlAnalysis *self,
             const char  *name,
             gboolean     down)
{
  VnlObject *object = vnl_design_lookup (self->design, name);
  gboolean was = object != NULL && effective_up (self, object);

  /* A gateway instance ("GATEWAY/N") has no state of its own in the
   * design: the what-if alone takes it down. */
  if (object == NULL && vnl_design_lookup_instance (self->design, name, NULL, NULL))
    {
      Toggle toggle = { g_strdup (name), !down };

      if (g_hash_table_contains (self->what_if, name) == !!down)
        return FALSE;
      if (down)
        g_hash_table_add (self->what_if, g_strdup (name));
      else
        g_hash_table_remove (self->what_if, name);
      g_array_append_val (self->toggles, toggle);
      if (self->network == NULL || vnl_network_get_design (self->network) != self->design)
        self->full_pending = TRUE;
      schedule (self, TRUE);
      return TRUE;
    }
  if (object == NULL || g_hash_table_contains (self->what_if, name) == !!down)
    return FALSE;
  if (down)
    g_hash_table_add (self->what_if, g_strdup (name));
  else
    g_hash_table_remove (self->what_if, name);
  if (was != effective_up (self, object))
    queue_what_if (self, object);
  return TRUE;
}

/**
 * vnl_analysis_set_what_if_down:
 *
 * Takes @name down (or brings it back) in the what-if only: the design is
 * not touched, so it is neither modified nor given an undo step. An object
 * down in the design stays down whatever the what-if says. Forgets the
 * name of a scenario loaded before.
 */
void
vnl_analysis_set_what_if_down (VnlAnalysis *self,
                               const char  *name,
                               gboolean     down)
{
  g_return_if_fail (VNL_IS_ANALYSIS (self));
  g_return_if_fail (name != NULL);

  if (self->design == NULL || !what_if_set (self, name, down))
    return;
  g_clear_pointer (&self->scenario, g_free);
}

gboolean
vnl_analysis_is_what_if_down (VnlAnalysis *self,
                              const char  *name)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), FALSE);
  return name != NULL && g_hash_table_contains (self->what_if, name);
}

/**
 * vnl_analysis_get_what_if_down:
 *
 * Returns: (transfer full): the names taken down by the what-if, in design
 * order
 */
GStrv
vnl_analysis_get_what_if_down (VnlAnalysis *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);

  for (guint k = 0; self->design != NULL && k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      for (guint i = 0; i < objects->len; i++)
        if (g_hash_table_contains (self->what_if, ((VnlObject *) objects->pdata[i])->name))
          g_strv_builder_add (builder, ((VnlObject *) objects->pdata[i])->name);
    }
  /* Then the gateway instances, gateway by gateway. */
  for (guint i = 0; self->design != NULL && i < vnl_design_get_objects (self->design, VNL_KIND_GATEWAY)->len; i++)
    {
      VnlGateway *gateway = vnl_design_get_objects (self->design, VNL_KIND_GATEWAY)->pdata[i];

      for (guint k = 0; k < gateway->instances->len; k++)
        {
          g_autofree char *name = g_strdup_printf ("%s/%u", gateway->parent.name, k);
          if (g_hash_table_contains (self->what_if, name) && vnl_design_lookup (self->design, name) == NULL)
            g_strv_builder_add (builder, name);
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * vnl_analysis_set_what_if:
 * @scenario: (nullable): name of the saved scenario @down comes from
 * @down: (nullable): the names to take down; NULL brings everything back
 *
 * Replaces the whole what-if set (loading a scenario, or clearing). Names
 * the design does not have are ignored; returns how many were.
 */
guint
vnl_analysis_set_what_if (VnlAnalysis        *self,
                          const char         *scenario,
                          const char * const *down)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) current = NULL;
  guint unknown = 0;

  g_return_val_if_fail (VNL_IS_ANALYSIS (self), 0);

  if (self->design == NULL)
    return 0;
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    {
      if (!vnl_design_can_take_down (self->design, down[i]))
        unknown++;
      else
        g_hash_table_add (wanted, (gpointer) down[i]);
    }
  current = g_ptr_array_new_with_free_func (g_free);
  {
    GHashTableIter iter;
    gpointer name;

    g_hash_table_iter_init (&iter, self->what_if);
    while (g_hash_table_iter_next (&iter, &name, NULL))
      g_ptr_array_add (current, g_strdup (name));
  }
  for (guint i = 0; i < current->len; i++)
    if (!g_hash_table_contains (wanted, current->pdata[i]))
      what_if_set (self, current->pdata[i], FALSE);
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    if (g_hash_table_contains (wanted, down[i]))
      what_if_set (self, down[i], TRUE);
  g_free (self->scenario);
  self->scenario = g_strdup (scenario);
  return unknown;
}

const char *
vnl_analysis_get_scenario (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->scenario;
}

void
vnl_analysis_set_path (VnlAnalysis *self,
                       const char  *from,
                       const char  *to)
{
  g_return_if_fail (VNL_IS_ANALYSIS (self));

  g_free (self->from);
  g_free (self->to);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  update_trace (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
vnl_analysis_get_from (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->from;
}

const char *
vnl_analysis_get_to (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->to;
}

VnlTrace *
vnl_analysis_get_trace (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->trace;
}

const char *
vnl_analysis_get_trace_error (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->trace_error;
}

GPtrArray *
vnl_analysis_get_alternatives (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->alternatives;
}

static void
ensure_results (VnlAnalysis *self)
{
  /* A snapshot computes its matrix only for a view that needs it. */
  if (self->results == NULL && self->snapshot && self->network != NULL)
    self->results = compute_results (self->network, FALSE, NULL);
}

VnlMatrix *
vnl_analysis_get_reachability (VnlAnalysis  *self,
                               GPtrArray   **names)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);

  ensure_results (self);
  if (names != NULL)
    *names = self->results != NULL ? self->results->names : NULL;
  return self->results != NULL ? self->results->matrix : NULL;
}

const char *
vnl_analysis_get_last_toggle (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->last_toggle;
}

GPtrArray *
vnl_analysis_get_changes (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return self->changes;
}

guint64
vnl_analysis_get_n_changes_omitted (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), 0);
  return self->changes_omitted;
}

/* Explanations */

char *
vnl_analysis_explain (VnlAnalysis *self,
                      const char  *from,
                      const char  *to)
{
  g_autoptr(VnlTrace) trace = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);

  if (self->network == NULL)
    return g_strdup (_("Not computed yet."));
  trace = vnl_network_trace (self->network, from, to, NULL);
  if (trace == NULL)
    return g_strdup (_("No such endpoint."));
  if (trace->reached && trace->reverse != NULL && trace->reverse->reached)
    return g_strdup_printf (_("%s reaches %s (%.1f ms one way)."), from, to, trace->one_way_ms);

  /* The design rule behind the drop (Global Reach, VPN/ExpressRoute
   * transit, gateway use over peerings), or the drop itself, in words. */
  why = vnl_network_explain (self->network, trace);
  return why != NULL ? g_steal_pointer (&why) : g_strdup ("");
}

/* Object life */

static void
vnl_analysis_dispose (GObject *object)
{
  VnlAnalysis *self = (VnlAnalysis *) object;

  g_clear_handle_id (&self->source_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_object (&self->design);
  g_clear_object (&self->network);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->trace, vnl_trace_free);
  g_clear_pointer (&self->what_if, g_hash_table_unref);
  g_clear_pointer (&self->scenario, g_free);

  G_OBJECT_CLASS (vnl_analysis_parent_class)->dispose (object);
}

static void
vnl_analysis_finalize (GObject *object)
{
  VnlAnalysis *self = (VnlAnalysis *) object;

  clear_toggles (self);
  g_array_unref (self->toggles);
  g_hash_table_unref (self->states);
  g_ptr_array_unref (self->changes);
  g_ptr_array_unref (self->alternatives);
  g_free (self->from);
  g_free (self->to);
  g_free (self->trace_error);
  g_free (self->last_toggle);

  G_OBJECT_CLASS (vnl_analysis_parent_class)->finalize (object);
}

static void
vnl_analysis_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VnlAnalysis *self = VNL_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_analysis_class_init (VnlAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vnl_analysis_dispose;
  object_class->finalize = vnl_analysis_finalize;
  object_class->get_property = vnl_analysis_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vnl_analysis_init (VnlAnalysis *self)
{
  self->toggles = g_array_new (FALSE, FALSE, sizeof (Toggle));
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->what_if = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_analysis_change_free);
  self->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_trace_free);
  self->flow = vnl_flow_icmp;
}

VnlAnalysis *
vnl_analysis_new (void)
{
  return g_object_new (VNL_TYPE_ANALYSIS, NULL);
}

VnlAnalysis *
vnl_analysis_new_snapshot (VnlDesign  *design,
                           VnlNetwork *network)
{
  VnlAnalysis *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (network == NULL || VNL_IS_NETWORK (network), NULL);

  /* No signal handlers and no main loop sources: safe in any thread. */
  self = vnl_analysis_new ();
  self->snapshot = TRUE;
  self->design = g_object_ref (design);
  if (network != NULL && vnl_network_get_design (network) == design)
    {
      self->network = g_object_ref (network);
      self->flow = *vnl_network_get_flow (network);
    }
  else
    self->network = vnl_network_new (design);
  return self;
}

void
vnl_analysis_set_flow (VnlAnalysis   *self,
                       const VnlFlow *flow)
{
  g_return_if_fail (VNL_IS_ANALYSIS (self));
  g_return_if_fail (flow != NULL);

  if (self->flow.protocol == flow->protocol && self->flow.port == flow->port &&
      self->flow.source_port == flow->source_port)
    return;
  self->flow = *flow;
  if (self->network != NULL)
    vnl_network_set_flow (self->network, flow);
  /* Another flow is not a what-if: there is nothing to compare with. */
  g_clear_pointer (&self->results, results_free);
  if (self->snapshot)
    {
      update_trace (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  else if (self->design != NULL)
    recompute (self, FALSE);
}

const VnlFlow *
vnl_analysis_get_flow (VnlAnalysis *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS (self), NULL);
  return &self->flow;
}
