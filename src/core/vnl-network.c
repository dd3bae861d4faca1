/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-network"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-network-private.h"

/*
 * DOC: The control plane
 *
 * The design is compiled into speakers and sessions
 * (vnl-network-compile.c); this file runs them.
 *
 * Convergence is an event-driven path-vector computation: a queue of
 * (speaker, prefix) pairs whose candidates changed; each is re-decided with
 * vnl_route_compare() (multipath: vnl_route_mergeable()), and when the
 * selection changes, the export and import policies of vnl-rules.c decide
 * what each neighbour now receives. Starting from empty tables with every
 * session down, a full build is the same computation as a what-if change:
 * apply_states() diffs what should be up and originated (the rules again)
 * against what is, and feeds only the differences to the queue. That is
 * what makes one link going down re-converge incrementally.
 */

G_DEFINE_QUARK (vnl-network-error-quark, vnl_network_error)

G_DEFINE_FINAL_TYPE (VnlNetwork, vnl_network, G_TYPE_OBJECT)

/* ---------------------------------------------------------------------- */
/* Lookups                                                                */

static int
index_of (GHashTable *index,
          const char *name)
{
  if (name == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (index, name)) - 1;
}

int
_vnl_network_vnet_of (VnlNetwork *self,
                      const char *name)
{
  return index_of (self->vnet_index, name);
}

int
_vnl_network_site_of (VnlNetwork *self,
                      const char *name)
{
  return index_of (self->site_index, name);
}

int
_vnl_network_speaker_of (VnlNetwork *self,
                         const char *name)
{
  return index_of (self->speaker_index, name);
}

gboolean
_vnl_network_obj_up (VnlNetwork *self,
                     gpointer    data)
{
  VnlObject *object = data;
  gpointer value;

  if (object == NULL)
    return FALSE;
  value = g_hash_table_lookup (self->override_objects, object);
  if (value != NULL)
    return GPOINTER_TO_INT (value) - 1;
  return object->up;
}


/* Longest-prefix match                                                   */

void
_vnl_speaker_clear_lpm (Speaker *speaker)
{
  for (guint i = 0; i < G_N_ELEMENTS (speaker->lpm); i++)
    {
      g_clear_pointer (&speaker->lpm[i].start, g_free);
      g_clear_pointer (&speaker->lpm[i].entry, g_free);
      speaker->lpm[i].len = 0;
      speaker->lpm[i].valid = FALSE;
    }
}

static inline void
speaker_lpm_stale (Speaker *speaker)
{
  speaker->lpm[0].valid = speaker->lpm[1].valid = FALSE;
  speaker->lpm_probes = 0;
}

typedef struct
{
  guint64  order;    /* address << 8 | length: a covering prefix sorts first */
  Entry   *entry;
} LpmPrefix;

static int
lpm_prefix_compare (gconstpointer a,
                    gconstpointer b)
{
  guint64 x = ((const LpmPrefix *) a)->order;
  guint64 y = ((const LpmPrefix *) b)->order;

  return x < y ? -1 : x > y;
}

static inline guint64
lpm_end (const LpmPrefix *p)
{
  /* One past the last address of the prefix. */
  return (p->order >> 8) + ((guint64) 1 << (32 - (p->order & 0xff)));
}

/* Flattens prefixes given in address order into disjoint ranges, with a
 * stack of the prefixes that cover the current address. */
typedef struct
{
  GArray    *starts;   /* of guint32 */
  GArray    *entries;  /* of Entry* */
  LpmPrefix  stack[33];
  guint      depth;
} LpmBuilder;

static void
lpm_emit (LpmBuilder *b,
          guint64     from,
          Entry      *entry)
{
  guint32 start = (guint32) from;
  guint n = b->starts->len;

  /* A range that starts where the last one did replaces it (it was
   * empty); one with the same match as the last extends it. */
  if (n > 0 && g_array_index (b->starts, guint32, n - 1) == start)
    {
      g_array_index (b->entries, Entry *, n - 1) = entry;
      if (n > 1 && g_array_index (b->entries, Entry *, n - 2) == entry)
        {
          g_array_set_size (b->starts, n - 1);
          g_array_set_size (b->entries, n - 1);
        }
      return;
    }
  if (n > 0 && g_array_index (b->entries, Entry *, n - 1) == entry)
    return;
  g_array_append_val (b->starts, start);
  g_array_append_val (b->entries, entry);
}

/* Closes the prefixes that end at or before @addr: past each, the one
 * below it on the stack is the longest match again. */
static void
lpm_close (LpmBuilder *b,
           guint64     addr)
{
  while (b->depth > 0 && lpm_end (&b->stack[b->depth - 1]) <= addr)
    {
      guint64 end = lpm_end (&b->stack[--b->depth]);
      if (end <= G_MAXUINT32)
        lpm_emit (b, end, b->depth > 0 ? b->stack[b->depth - 1].entry : NULL);
    }
}

static void
lpm_add (LpmBuilder      *b,
         const LpmPrefix *p)
{
  lpm_close (b, p->order >> 8);
  g_assert (b->depth < G_N_ELEMENTS (b->stack));
  b->stack[b->depth++] = *p;
  lpm_emit (b, p->order >> 8, p->entry);
}

static void
lpm_finish (LpmBuilder *b,
            LpmTable   *table)
{
  lpm_close (b, (guint64) 1 << 33);
  g_free (table->start);
  g_free (table->entry);
  table->len = b->starts->len;
  table->start = (guint32 *) g_array_free (b->starts, FALSE);
  table->entry = (Entry **) g_array_free (b->entries, FALSE);
  table->valid = TRUE;
}

/* Both tables of a speaker from one sort of its selected prefixes:
 * O(n log n) once after a convergence, then each lookup is a bisection. */
static void
lpm_build (Speaker *speaker)
{
  guint size = g_hash_table_size (speaker->rib);
  g_autofree LpmPrefix *prefixes = g_new (LpmPrefix, size + 1);
  g_autofree gboolean *learned = NULL;
  LpmBuilder b[2];
  GHashTableIter iter;
  Entry *entry;
  guint n = 0;

  g_hash_table_iter_init (&iter, speaker->rib);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      VnlRoute *best = entry_winner (entry);

      if (best == NULL)
        continue;
      prefixes[n].order = (guint64) best->prefix.addr << 8 | best->prefix.len;
      prefixes[n].entry = entry;
      n++;
    }
  qsort (prefixes, n, sizeof (LpmPrefix), lpm_prefix_compare);

  for (guint t = 0; t < 2; t++)
    {
      b[t].starts = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 2 * n + 1);
      b[t].entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry *), 2 * n + 1);
      b[t].depth = 0;
      lpm_emit (&b[t], 0, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      VnlOrigin origin = entry_winner (prefixes[i].entry)->origin;

      lpm_add (&b[0], &prefixes[i]);
      /* Learned only: without what the speaker originates itself. */
      if (origin != VNL_ORIGIN_NETWORK && origin != VNL_ORIGIN_TRANSIT_PEER)
        lpm_add (&b[1], &prefixes[i]);
    }
  for (guint t = 0; t < 2; t++)
    lpm_finish (&b[t], &speaker->lpm[t]);
}

/* The same match by probing the RIB once per prefix length it holds. */
static Entry *
lookup_by_lengths (Speaker  *speaker,
                   guint32   addr,
                   gboolean  learned_only)
{
  for (int len = 32; len >= 0; len--)
    {
      VnlPrefix prefix;
      Entry *entry;
      VnlRoute *best;

      if (speaker->len_count[len] == 0)
        continue;

      prefix.len = len;
      prefix.addr = addr & vnl_prefix_mask (len);
      entry = g_hash_table_lookup (speaker->rib, GSIZE_TO_POINTER (vnl_prefix_key (&prefix)));
      if (entry == NULL || (best = entry_winner (entry)) == NULL)
        continue;
      if (learned_only && (best->origin == VNL_ORIGIN_NETWORK || best->origin == VNL_ORIGIN_TRANSIT_PEER))
        continue;
      return entry;
    }

  return NULL;
}

/* Longest-prefix match among the speaker's selected routes. With
 * @learned_only, the prefixes whose selected route the speaker originates
 * are left out. */
Entry *
_vnl_speaker_lookup (Speaker  *speaker,
                     guint32   addr,
                     gboolean  learned_only)
{
  LpmTable *table = &speaker->lpm[learned_only ? 1 : 0];
  guint lo = 0, hi;

  if (!table->valid)
    {
      if (++speaker->lpm_probes <= g_hash_table_size (speaker->rib) + 16)
        return lookup_by_lengths (speaker, addr, learned_only);
      lpm_build (speaker);
    }

  /* The last range starting at or before @addr; the first starts at 0. */
  hi = table->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (table->start[mid] <= addr)
        lo = mid;
      else
        hi = mid;
    }
  return table->entry[lo];
}

/* ---------------------------------------------------------------------- */
/* AS paths a speaker sends are interned per speaker, as BIRD keeps one
 * copy of each attribute list: routes that share a path share its memory. */
VnlAsPath *
_vnl_speaker_prepend (Speaker   *speaker,
                      VnlAsPath *path)
{
  VnlAsPath *longer = g_hash_table_lookup (speaker->prepended, path);

  if (longer == NULL)
    {
      longer = vnl_as_path_prepend (path, speaker->asn);
      g_hash_table_insert (speaker->prepended, vnl_as_path_ref (path), longer);
    }
  return vnl_as_path_ref (longer);
}

/* ---------------------------------------------------------------------- */
/* RIB entries                                                            */

/* The storage of a RouteSlots for @n routes: in place up to one, else an
 * array of the next power of two. */
static guint
slots_capacity (guint n)
{
  guint cap = 2;

  if (n <= 1)
    return 1;
  while (cap < n)
    cap <<= 1;
  return cap;
}

/* Resizes @slots from @old_len to @new_len routes, keeping the first
 * MIN (old_len, new_len); the references are the caller's business. */
static void
slots_resize (RouteSlots *slots,
              guint       old_len,
              guint       new_len)
{
  guint old_cap = slots_capacity (old_len);
  guint new_cap = slots_capacity (new_len);

  if (old_cap == new_cap)
    return;
  if (old_cap == 1)
    {
      VnlRoute *one = old_len == 1 ? slots->one : NULL;

      slots->many = g_new (VnlRoute *, new_cap);
      slots->many[0] = one;
    }
  else if (new_cap == 1)
    {
      VnlRoute **many = slots->many;

      slots->one = new_len == 1 ? many[0] : NULL;
      g_free (many);
    }
  else
    slots->many = g_renew (VnlRoute *, slots->many, new_cap);
}

static void
entry_set_best (Entry     *entry,
                VnlRoute **best,
                guint      n_best)
{
  VnlRoute **slots = entry_best (entry);

  for (guint i = 0; i < entry->n_best; i++)
    vnl_route_unref (slots[i]);
  slots_resize (&entry->best, entry->n_best, n_best);
  entry->n_best = n_best;
  slots = entry_best (entry);
  for (guint i = 0; i < n_best; i++)
    slots[i] = vnl_route_ref (best[i]);
}

void
_vnl_entry_free (Entry *entry)
{
  VnlRoute **cands = entry_cands (entry);

  for (guint i = 0; i < entry->n_cands; i++)
    vnl_route_unref (cands[i]);
  slots_resize (&entry->cands, entry->n_cands, 0);
  entry_set_best (entry, NULL, 0);
  g_slice_free (Entry, entry);
}

static Entry *
entry_get (Speaker *speaker,
           guint64  key,
           gboolean create)
{
  Entry *entry = g_hash_table_lookup (speaker->rib, GSIZE_TO_POINTER (key));

  if (entry == NULL && create)
    {
      entry = g_slice_new0 (Entry);
      g_hash_table_insert (speaker->rib, GSIZE_TO_POINTER (key), entry);
      speaker->len_count[key & 0xff]++;
    }

  return entry;
}

static void
enqueue (VnlNetwork *self,
         int         speaker,
         guint64     key,
         Entry      *entry)
{
  QueueItem item = { speaker, key };

  if (entry->queued)
    return;
  entry->queued = TRUE;
  g_array_append_val (self->queue, item);
}

static gboolean
cand_matches (const VnlRoute *route,
              int             session,
              gboolean        local)
{
  return route->session == session && (route->origin != VNL_ORIGIN_BGP) == local;
}

/* Sets (or, with @route NULL, removes) the candidate that came over
 * @session (-1: originated here; @local tells a static or originated route
 * from a learned one). Takes ownership of @route. */
static void
set_candidate (VnlNetwork *self,
               int         speaker_index,
               guint64     key,
               int         session,
               gboolean    local,
               VnlRoute   *route)
{
  Speaker *speaker = spk (self, speaker_index);
  Entry *entry = entry_get (speaker, key, route != NULL);
  VnlRoute **cands;
  guint n, i;

  if (entry == NULL)
    return;

  cands = entry_cands (entry);
  n = entry->n_cands;
  for (i = 0; i < n; i++)
    if (cand_matches (cands[i], session, local))
      break;

  if (route == NULL)
    {
      if (i == n)
        return;
      vnl_route_unref (cands[i]);
      memmove (cands + i, cands + i + 1, (n - i - 1) * sizeof (VnlRoute *));
      slots_resize (&entry->cands, n, n - 1);
      entry->n_cands = n - 1;
    }
  else if (i < n)
    {
      if (vnl_route_same (cands[i], route))
        {
          vnl_route_unref (route);
          return;
        }
      /* `best` holds its own references, so the old route stays valid
       * until decide() replaces it. */
      vnl_route_unref (cands[i]);
      cands[i] = route;
    }
  else
    {
      g_assert (n < G_MAXUINT16);
      slots_resize (&entry->cands, n, n + 1);
      entry->n_cands = n + 1;
      entry_cands (entry)[n] = route;
    }

  enqueue (self, speaker_index, key, entry);
}

/* ---------------------------------------------------------------------- */
/* Best-path selection                                                    */

/* Returns TRUE when the selection changed. */
static gboolean
decide (Speaker *speaker,
        Entry   *entry)
{
  VnlRoute **cands = entry_cands (entry);
  VnlRoute *winner = NULL;
  VnlRoute *best[ECMP_MAX_PATHS];
  guint n_best = 0;
  guint max_paths = MIN (speaker->max_paths, ECMP_MAX_PATHS);
  gboolean ecmp = FALSE;
  VnlReason closest = VNL_REASON_ONLY_ROUTE;
  gboolean changed;

  /* The comparator is a total order: the winner does not depend on the
   * order the candidates arrived in. */
  for (guint i = 0; i < entry->n_cands; i++)
    {
      VnlRoute *route = cands[i];

      if (winner == NULL || vnl_route_compare (route, winner, NULL) < 0)
        winner = route;
    }

  if (winner != NULL)
    best[n_best++] = winner;

  for (guint i = 0; winner != NULL && i < entry->n_cands; i++)
    {
      VnlRoute *route = cands[i];
      VnlReason why;

      if (route == winner)
        continue;

      /* Multipath where the speaker does it (Azure gateways and MSEEs; a
       * CE with maximum-paths > 1): only a route that lost on the
       * tie-break alone can be mergeable. */
      vnl_route_compare (winner, route, &why);
      if (why == VNL_REASON_TIE_BREAK && n_best < max_paths && vnl_route_mergeable (winner, route))
        {
          best[n_best++] = route;
          ecmp = TRUE;
          continue;
        }

      /* The reason shown is the rung where the closest runner-up lost
       * (the tie-break being the last rung). */
      closest = MAX (closest, why);
    }

  /* Multipath members in a stable order: by the tie-break. */
  for (guint i = 1; i < n_best; i++)
    for (guint j = i; j > 0 && vnl_route_compare (best[j], best[j - 1], NULL) < 0; j--)
      {
        VnlRoute *tmp = best[j];
        best[j] = best[j - 1];
        best[j - 1] = tmp;
      }

  entry->reason = ecmp ? VNL_REASON_ECMP : closest;

  changed = n_best != entry->n_best;
  for (guint i = 0; !changed && i < n_best; i++)
    changed = best[i] != entry_best (entry)[i];

  if (changed)
    entry_set_best (entry, best, n_best);

  return changed;
}


static void
advertise (VnlNetwork *self,
           int         from,
           int         s,
           guint64     key,
           Entry      *entry)
{
  Session *session = ses (self, s);
  int side = session->speaker[0] == from ? 0 : 1;
  int to = session->speaker[1 - side];
  VnlRoute *route = NULL;
  VnlFilter why;

  if (session->up && session->bgp)
    route = _vnl_import_route (self, to, s, _vnl_export_route (self, from, s, side, entry, &why), &why);

  set_candidate (self, to, key, s, FALSE, route);
}

/* The same two filters, replayed for one prefix: what explains a missing
 * route is the decision that dropped it. */
VnlFilter
_vnl_session_filter (VnlNetwork *self,
                     int         s,
                     int         from,
                     guint64     key)
{
  Session *session = ses (self, s);
  int side = session->speaker[0] == from ? 0 : 1;
  VnlFilter why = VNL_FILTER_SESSION_DOWN;
  VnlRoute *route;

  if (!session->up || !session->bgp)
    return why;
  route = _vnl_import_route (self, session->speaker[1 - side], s,
                             _vnl_export_route (self, from, s, side, entry_get (spk (self, from), key, FALSE), &why),
                             &why);
  g_clear_pointer (&route, vnl_route_unref);
  return why;
}

static void
converge (VnlNetwork *self)
{
  while (self->queue_head < self->queue->len)
    {
      QueueItem item = g_array_index (self->queue, QueueItem, self->queue_head++);
      Speaker *speaker;

      /* Drop what was processed once it is most of the array. */
      if (self->queue_head == self->queue->len)
        {
          g_array_set_size (self->queue, 0);
          self->queue_head = 0;
        }
      else if (self->queue_head >= 4096 && self->queue_head * 2 >= self->queue->len)
        {
          g_array_remove_range (self->queue, 0, self->queue_head);
          self->queue_head = 0;
        }

      /* Policies can make BGP oscillate forever (a dispute wheel); stop
       * rather than hang, and say so. */
      if (self->updates > self->update_limit)
        {
          self->converged = FALSE;
          continue;
        }

      speaker = spk (self, item.speaker);
      guint64 key = item.key;
      Entry *entry = entry_get (speaker, key, FALSE);

      self->updates++;

      if (entry == NULL)
        continue;
      entry->queued = FALSE;

      if (decide (speaker, entry))
        {
          if (self->change_log != NULL)
            g_array_append_val (self->change_log, item);
          speaker_lpm_stale (speaker);
          for (guint i = 0; i < speaker->sessions->len; i++)
            {
              int s = g_array_index (speaker->sessions, guint, i);
              if (ses (self, s)->up && ses (self, s)->bgp)
                advertise (self, (int) (speaker - spk (self, 0)), s, key, entry);
            }
        }

      if (entry->n_cands == 0)
        {
          speaker_lpm_stale (speaker);
          speaker->len_count[key & 0xff]--;
          g_hash_table_remove (speaker->rib, GSIZE_TO_POINTER (key));
        }
    }

  /* A full convergence grows the queue to a few megabytes: give them
   * back rather than keep them for the next small change. */
  g_array_unref (self->queue);
  self->queue = g_array_new (FALSE, FALSE, sizeof (QueueItem));
  self->queue_head = 0;
}

/* ---------------------------------------------------------------------- */
/* Applying states and local origination                                  */


static guint64
local_key (const VnlRoute *route)
{
  /* (prefix, session) identifies an originated route. */
  return vnl_prefix_key (&route->prefix) ^ ((guint64) (route->session + 1) << 40);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static void
mark_dirty (GArray   *dirty,
            gboolean *is_dirty,
            int       speaker)
{
  if (speaker < 0 || is_dirty[speaker])
    return;
  is_dirty[speaker] = TRUE;
  g_array_append_val (dirty, speaker);
}

/* A VNet's gateways originate the address spaces of the VNets that use
 * them, and the CEs behind their tunnels without BGP route statics to
 * them: when the users of @owner change, all of these are dirty. */
static void
mark_owner_dirty (VnlNetwork *self,
                  GArray     *dirty,
                  gboolean   *is_dirty,
                  int         owner)
{
  if (owner < 0)
    return;
  for (guint t = 0; t < 2; t++)
    {
      int gw = nvnet (self, owner)->gw[t];
      GArray *sessions;

      if (gw < 0)
        continue;
      mark_dirty (dirty, is_dirty, gw);
      sessions = spk (self, gw)->sessions;
      for (guint i = 0; i < sessions->len; i++)
        {
          Session *session = ses (self, g_array_index (sessions, guint, i));
          if (session->kind == SES_S2S)
            mark_dirty (dirty, is_dirty, session->speaker[session->speaker[0] == gw ? 1 : 0]);
        }
    }
}

/* Diffs the wanted state against the current one and queues only what
 * changed: the heart of incremental re-convergence. The speakers whose
 * originated routes may change are the dirty ones: what
 * _vnl_compute_local() reads is the speaker's state, its sessions' states
 * and the users of the VNet whose gateways it is or tunnels to; with
 * @all_dirty (a rebuild) every speaker is. */
static void
apply_states (VnlNetwork *self,
              gboolean    all_dirty)
{
  guint n_vnets = self->vnets->len;
  guint n_speakers = self->speakers->len;
  g_autofree int *was_owner = g_new (int, n_vnets + 1);
  g_autofree gboolean *was_up = g_new (gboolean, n_vnets + n_speakers + 1);
  g_autofree gboolean *is_dirty = g_new0 (gboolean, n_speakers + 1);
  g_autoptr(GArray) dirty = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *up = NULL;
  g_autoptr(GArray) went_down = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) went_up = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint v = 0; v < n_vnets; v++)
    {
      was_owner[v] = nvnet (self, v)->gw_owner;
      was_up[v] = nvnet (self, v)->up;
    }
  for (guint i = 0; i < n_speakers; i++)
    was_up[n_vnets + i] = spk (self, i)->up;

  up = _vnl_compute_states (self);

  for (guint i = 0; i < n_speakers; i++)
    if (all_dirty || was_up[n_vnets + i] != spk (self, i)->up)
      mark_dirty (dirty, is_dirty, (int) i);
  for (guint v = 0; v < n_vnets; v++)
    {
      NetVnet *nv = nvnet (self, v);

      if (was_owner[v] == nv->gw_owner && was_up[v] == nv->up)
        continue;
      mark_owner_dirty (self, dirty, is_dirty, was_owner[v]);
      mark_owner_dirty (self, dirty, is_dirty, nv->gw_owner);
    }

  for (guint s = 0; s < self->sessions->len; s++)
    {
      Session *session = ses (self, s);

      if (session->up && !up[s])
        g_array_append_val (went_down, s);
      else if (!session->up && up[s])
        g_array_append_val (went_up, s);
      else
        continue;
      session->up = up[s];
      mark_dirty (dirty, is_dirty, session->speaker[0]);
      mark_dirty (dirty, is_dirty, session->speaker[1]);
    }
  /* In index order, as a rebuild visits them. */
  g_array_sort (dirty, compare_int);

  /* Sessions that went down: forget what came over them. */
  for (guint d = 0; d < went_down->len; d++)
    {
      guint s = g_array_index (went_down, guint, d);
      Session *session = ses (self, s);

      for (guint side = 0; side < 2; side++)
        {
          Speaker *speaker = spk (self, session->speaker[side]);
          g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
          GHashTableIter iter;
          gpointer key;
          Entry *entry;

          g_hash_table_iter_init (&iter, speaker->rib);
          while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
            for (guint i = 0; i < entry->n_cands; i++)
              if (cand_matches (entry_cands (entry)[i], (int) s, FALSE))
                {
                  guint64 k = GPOINTER_TO_SIZE (key);
                  g_array_append_val (keys, k);
                  break;
                }

          for (guint i = 0; i < keys->len; i++)
            set_candidate (self, session->speaker[side], g_array_index (keys, guint64, i),
                           (int) s, FALSE, NULL);
        }
    }

  /* Originated routes (networks and the statics of up sessions): add,
   * change or withdraw. */
  for (guint d = 0; d < dirty->len; d++)
    {
      int i = g_array_index (dirty, int, d);
      Speaker *speaker = spk (self, i);
      g_autoptr(GPtrArray) wanted = _vnl_compute_local (self, i);
      g_autoptr(GHashTable) keep = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      VnlRoute *old;

      for (guint k = 0; k < wanted->len; k++)
        {
          VnlRoute *route = wanted->pdata[k];
          guint64 lk = local_key (route);

          g_hash_table_add (keep, GSIZE_TO_POINTER (lk));
          old = g_hash_table_lookup (speaker->local, GSIZE_TO_POINTER (lk));
          if (old != NULL && vnl_route_same (old, route))
            continue;

          g_hash_table_insert (speaker->local, GSIZE_TO_POINTER (lk), vnl_route_ref (route));
          set_candidate (self, i, vnl_prefix_key (&route->prefix), route->session, TRUE,
                         vnl_route_ref (route));
        }

      g_hash_table_iter_init (&iter, speaker->local);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
        {
          if (g_hash_table_contains (keep, GSIZE_TO_POINTER (local_key (old))))
            continue;
          set_candidate (self, i, vnl_prefix_key (&old->prefix), old->session, TRUE, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  /* Sessions that came up: each side sends what it has selected. */
  for (guint u = 0; u < went_up->len; u++)
    {
      guint s = g_array_index (went_up, guint, u);
      Session *session = ses (self, s);

      if (!session->bgp)
        continue;

      for (guint side = 0; side < 2; side++)
        {
          int from = session->speaker[side];
          GHashTableIter iter;
          gpointer key;
          Entry *entry;

          g_hash_table_iter_init (&iter, spk (self, from)->rib);
          while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
            if (entry->n_best > 0)
              advertise (self, from, (int) s, GPOINTER_TO_SIZE (key), entry);
        }
    }

  self->updates = 0;
  self->converged = TRUE;
  self->update_limit = 1000000 + 200 * (guint64) self->speakers->len * (self->sessions->len + 1);
  converge (self);
}



/* ---------------------------------------------------------------------- */
/* Object                                                                 */

static void
vnl_network_finalize (GObject *object)
{
  VnlNetwork *self = (VnlNetwork *) object;

  _vnl_network_clear_compiled (self);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->override_objects, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_object (&self->design);

  G_OBJECT_CLASS (vnl_network_parent_class)->finalize (object);
}

static void
vnl_network_class_init (VnlNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnl_network_finalize;
}

static void
vnl_network_init (VnlNetwork *self)
{
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->override_objects = g_hash_table_new (NULL, NULL);
  self->queue = g_array_new (FALSE, FALSE, sizeof (QueueItem));
}

/**
 * vnl_network_new:
 * @design: the design
 *
 * Compiles @design and converges every routing table.
 *
 * Returns: (transfer full): the network
 */
VnlNetwork *
vnl_network_new (VnlDesign *design)
{
  VnlNetwork *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_NETWORK, NULL);
  self->design = g_object_ref (design);
  vnl_network_rebuild (self);
  return self;
}

VnlDesign *
vnl_network_get_design (VnlNetwork *self)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);
  return self->design;
}

void
vnl_network_rebuild (VnlNetwork *self)
{
  GHashTableIter iter;
  gpointer name, value;

  g_return_if_fail (VNL_IS_NETWORK (self));

  /* The design may have changed: find the overridden objects again. */
  g_hash_table_remove_all (self->override_objects);
  g_hash_table_iter_init (&iter, self->overrides);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      VnlObject *object = vnl_design_lookup (self->design, name);
      if (object != NULL)
        g_hash_table_insert (self->override_objects, object, value);
    }

  _vnl_network_compile (self);
  apply_states (self, TRUE);
}

gboolean
vnl_network_set_up (VnlNetwork  *self,
                    const char  *name,
                    gboolean     up,
                    GError     **error)
{
  VnlObject *object;

  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  object = vnl_design_lookup (self->design, name);
  if (object == NULL)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                   _("the design has no object named “%s”"), name);
      return FALSE;
    }

  g_hash_table_insert (self->overrides, g_strdup (name), GINT_TO_POINTER (!!up + 1));
  g_hash_table_insert (self->override_objects, object, GINT_TO_POINTER (!!up + 1));
  apply_states (self, FALSE);
  return TRUE;
}

gboolean
vnl_network_is_up (VnlNetwork *self,
                   const char *name)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  return _vnl_network_obj_up (self, vnl_design_lookup (self->design, name));
}

guint
vnl_network_get_n_routes (VnlNetwork *self)
{
  guint n = 0;

  for (guint i = 0; i < self->speakers->len; i++)
    {
      GHashTableIter iter;
      Entry *entry;

      g_hash_table_iter_init (&iter, spk (self, i)->rib);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        n += entry->n_cands;
    }
  return n;
}

guint
vnl_network_get_n_speakers (VnlNetwork *self)
{
  return self->speakers->len;
}

guint
vnl_network_get_last_updates (VnlNetwork *self)
{
  return self->updates;
}

gboolean
vnl_network_is_converged (VnlNetwork *self)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  return self->converged;
}
