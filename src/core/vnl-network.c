/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-network"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-network-private.h"
#include "vnl-vwan.h"

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
 * what makes one link going down re-converge incrementally. A what-if
 * change recomputes only the states its object reaches: the compiler
 * lists, per object, the states that read its up/down (`dependents`), and
 * each stage (VNets and sites, peerings, speakers, sessions) passes on
 * only what changed, so one link down costs what it changes, not the size
 * of the design.
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

static gboolean
instance_up (VnlNetwork *self,
             VnlGateway *gateway,
             guint       index)
{
  g_autofree char *name = NULL;
  gpointer value;

  if (g_hash_table_size (self->override_instances) == 0)
    return TRUE;
  name = g_strdup_printf ("%s/%u", gateway->parent.name, index);
  value = g_hash_table_lookup (self->override_instances, name);
  return value == NULL || GPOINTER_TO_INT (value) - 1;
}

/* about-active-active-gateways.md: in active-active mode "each Azure
 * gateway instance ... will establish an IPsec/IKE S2S VPN tunnel", and
 * when an event "happens to one gateway instance, the IPsec tunnel from
 * that instance ... will be disconnected"; in active-standby mode "the
 * standby instance takes over automatically (failover)". An ExpressRoute
 * gateway's instances all peer with the MSEEs, so another takes over
 * too. */
gboolean
_vnl_network_session_instance (VnlNetwork *self,
                               Session    *session,
                               int         side,
                               int        *instance)
{
  Speaker *speaker = spk (self, session->speaker[side]);
  VnlGateway *gateway;
  guint n;

  *instance = -1;
  if (speaker->kind != SPK_GATEWAY || session->tunnel[side] < 0)
    return TRUE;
  gateway = (VnlGateway *) speaker->object;
  n = gateway->instances->len;
  if (n == 0)
    return TRUE;
  if (gateway->type == VNL_GATEWAY_VPN && gateway->active_active)
    {
      *instance = session->tunnel[side] % n;
      return instance_up (self, gateway, *instance);
    }
  for (guint j = 0; j < n; j++)
    if (instance_up (self, gateway, (session->tunnel[side] + j) % n))
      {
        *instance = (session->tunnel[side] + j) % n;
        return TRUE;
      }
  return FALSE;
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
  guint size = speaker->rib.len;
  g_autofree LpmPrefix *prefixes = g_new (LpmPrefix, size + 1);
  LpmBuilder b[2];
  RibIter iter;
  Entry *entry;
  guint n = 0;

  _vnl_rib_iter_init (&iter, &speaker->rib);
  while (_vnl_rib_iter_next (&iter, NULL, &entry))
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
      entry = _vnl_rib_lookup (&speaker->rib, vnl_prefix_key (&prefix));
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
      if (++speaker->lpm_probes <= speaker->rib.len + 16)
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
/* AS paths speakers send are interned once per network, as BIRD keeps one
 * copy of each attribute list: (path, ASN) → the path with the ASN
 * prepended, so that routes that share a path share its memory, and the
 * speakers of one ASN (every Azure gateway, every MSEE) share the paths
 * they make. An open-addressing table (linear probing, at most half
 * full) holding a reference on both paths of each slot. */
static guint
prepend_home (const PrependTable *table,
              const VnlAsPath    *path,
              guint32             asn)
{
  guint64 key = (guint64) (guintptr) path ^ ((guint64) asn << 32);

  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> (64 - g_bit_storage (table->size - 1)));
}

static void
prepend_put (PrependTable *table,
             VnlAsPath    *path,
             guint32       asn,
             VnlAsPath    *longer)
{
  guint i = prepend_home (table, path, asn);

  while (table->slots[i].path != NULL)
    i = (i + 1) & (table->size - 1);
  table->slots[i] = (PrependSlot) { path, asn, longer };
}

void
_vnl_prepend_table_clear (PrependTable *table)
{
  for (guint i = 0; i < table->size; i++)
    if (table->slots[i].path != NULL)
      {
        vnl_as_path_unref (table->slots[i].path);
        vnl_as_path_unref (table->slots[i].longer);
      }
  g_clear_pointer (&table->slots, g_free);
  table->size = table->len = 0;
}

VnlAsPath *
_vnl_speaker_prepend (VnlNetwork *self,
                      Speaker    *speaker,
                      VnlAsPath  *path)
{
  PrependTable *table = &self->prepended;
  VnlAsPath *longer = NULL;

  /* A speaker sends one path over each of its sessions in turn. */
  if (path == speaker->last_path && path != NULL)
    return vnl_as_path_ref (speaker->last_longer);

  if (table->len > 0)
    for (guint i = prepend_home (table, path, speaker->asn); table->slots[i].path != NULL;
         i = (i + 1) & (table->size - 1))
      if (table->slots[i].path == path && table->slots[i].asn == speaker->asn)
        {
          longer = table->slots[i].longer;
          break;
        }
  if (longer == NULL)
    {
      if ((table->len + 1) * 2 > table->size)
        {
          PrependSlot *old = table->slots;
          guint old_size = table->size;

          table->size = MAX (old_size * 2, 64);
          table->slots = g_new0 (PrependSlot, table->size);
          for (guint i = 0; i < old_size; i++)
            if (old[i].path != NULL)
              prepend_put (table, old[i].path, old[i].asn, old[i].longer);
          g_free (old);
        }
      longer = vnl_as_path_prepend (path, speaker->asn);
      prepend_put (table, vnl_as_path_ref (path), speaker->asn, longer);
      table->len++;
    }
  speaker->last_path = path;
  speaker->last_longer = longer;
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
slots_realloc (RouteSlots *slots,
               guint       old_len,
               guint       new_len,
               guint       old_cap,
               guint       new_cap)
{
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

/* Most changes keep the storage (a first candidate goes in place): no
 * call then. */
static inline void
slots_resize (RouteSlots *slots,
              guint       old_len,
              guint       new_len)
{
  guint old_cap = slots_capacity (old_len);
  guint new_cap = slots_capacity (new_len);

  if (old_cap != new_cap)
    slots_realloc (slots, old_len, new_len, old_cap, new_cap);
}

/* Drops what @entry holds; its storage is the arena's. */
static void
entry_clear (Entry *entry)
{
  VnlRoute **cands = entry_cands (entry);

  for (guint i = 0; i < entry->n_cands; i++)
    vnl_route_unref (cands[i]);
  slots_resize (&entry->cands, entry->n_cands, 0);
  entry->n_cands = 0;
  entry->n_best = 0;
}

/* A new entry, cleared; its index in @index. */
static Entry *
arena_alloc (EntryArena *arena,
             guint      *index)
{
  Entry *entry;

  if (arena->free != 0)
    {
      *index = arena->free - 1;
      entry = _vnl_entry_at (arena, *index);
      arena->free = GPOINTER_TO_UINT (entry->cands.one);
    }
  else
    {
      /* A RIB slot could not name more (vnl-network-private.h). */
      g_assert (arena->used <= ENTRY_INDEX_MAX);
      if (arena->used % ENTRY_CHUNK == 0)
        vnl_chunks_alloc (&arena->chunks);
      *index = arena->used++;
      entry = _vnl_entry_at (arena, *index);
    }
  memset (entry, 0, sizeof *entry);
  return entry;
}

static void
arena_release (EntryArena *arena,
               guint       index)
{
  _vnl_entry_at (arena, index)->cands.one = GUINT_TO_POINTER (arena->free);
  arena->free = index + 1;
}

void
_vnl_entry_arena_clear (EntryArena *arena)
{
  vnl_chunks_clear (&arena->chunks);
  arena->used = 0;
  arena->free = 0;
}

static void
rib_put (Rib     *rib,
         guint64  key,
         guint32  tag)
{
  guint i = _vnl_rib_home (rib, key);

  while (rib->slots[i].tag != 0)
    i = (i + 1) & (rib->size - 1);
  rib->slots[i].addr = (guint32) (key >> 8);
  rib->slots[i].tag = tag;
}

/* Is the table too full for one more key (or still without slots)? */
static inline gboolean
rib_full (const Rib *rib)
{
  return (rib->len + 1) * 8 > rib->size * 7;
}

static void
rib_grow (Rib *rib)
{
  RibSlot *old = rib->slots;
  guint old_size = rib->size;

  rib->size = MAX (old_size * 2, 8);
  rib->shift = 64 - g_bit_storage (rib->size - 1);
  rib->slots = g_new0 (RibSlot, rib->size);
  for (guint i = 0; i < old_size; i++)
    if (old[i].tag != 0)
      rib_put (rib, _vnl_rib_slot_key (&old[i]), old[i].tag);
  g_free (old);
}

static void
rib_insert (Rib     *rib,
            guint64  key,
            guint    index)
{
  if (rib_full (rib))
    rib_grow (rib);
  rib_put (rib, key, ((index + 1) << 6) | (guint32) (key & 0xff));
  rib->len++;
}

/* Backward-shift deletion: the slots after the hole that may move into
 * it do, so that no probe sequence is cut. Returns the entry's index. */
static guint
rib_remove (Rib     *rib,
            guint64  key)
{
  guint mask = rib->size - 1;
  guint i = _vnl_rib_home (rib, key);
  guint index;

  while (_vnl_rib_slot_key (&rib->slots[i]) != key || rib->slots[i].tag == 0)
    {
      g_assert (rib->slots[i].tag != 0);
      i = (i + 1) & mask;
    }
  index = RIB_TAG_INDEX (rib->slots[i].tag);
  for (guint j = (i + 1) & mask; rib->slots[j].tag != 0; j = (j + 1) & mask)
    {
      guint home = _vnl_rib_home (rib, _vnl_rib_slot_key (&rib->slots[j]));

      /* Can slot j move to i? Only when its home is not in (i, j]. */
      if (((j - home) & mask) >= ((j - i) & mask))
        {
          rib->slots[i] = rib->slots[j];
          i = j;
        }
    }
  rib->slots[i].tag = 0;
  rib->len--;
  return index;
}

void
_vnl_rib_insert_index (Rib     *rib,
                       guint64  key,
                       guint    index)
{
  g_assert (index <= ENTRY_INDEX_MAX);
  rib_insert (rib, key, index);
}

void
_vnl_rib_clear (Rib *rib)
{
  for (guint i = 0; i < rib->size; i++)
    if (rib->slots[i].tag != 0)
      entry_clear (_vnl_entry_at (rib->arena, RIB_TAG_INDEX (rib->slots[i].tag)));
  g_clear_pointer (&rib->slots, g_free);
  rib->size = rib->len = 0;
}

static Entry *
entry_get (VnlNetwork *self,
           Speaker    *speaker,
           guint64     key,
           gboolean    create)
{
  Rib *rib = &speaker->rib;
  guint32 addr = (guint32) (key >> 8);
  guint32 len = (guint32) (key & 0xff);
  RibSlot *slot = NULL;
  Entry *entry;
  guint index;

  if (!create)
    return _vnl_rib_lookup (rib, key);

  /* One probe finds the entry or the free slot a new one takes, unless
   * the table must grow first (as rib_insert() would). */
  if (rib->size > 0)
    for (guint i = _vnl_rib_home (rib, key);; i = (i + 1) & (rib->size - 1))
      {
        slot = &rib->slots[i];
        if (slot->tag == 0)
          break;
        if (slot->addr == addr && RIB_TAG_LEN (slot->tag) == len)
          return _vnl_entry_at (rib->arena, RIB_TAG_INDEX (slot->tag));
      }

  entry = arena_alloc (&self->entries, &index);
  if (slot == NULL || rib_full (rib))
    rib_insert (rib, key, index);
  else
    {
      slot->addr = addr;
      slot->tag = ((index + 1) << 6) | len;
      rib->len++;
    }
  speaker->len_count[len]++;

  return entry;
}

/* Takes the prefix @key out of @speaker's RIB, its entry back to the arena. */
static void
entry_remove (VnlNetwork *self,
              Speaker    *speaker,
              guint64     key,
              Entry      *entry)
{
  entry_clear (entry);
  arena_release (&self->entries, rib_remove (&speaker->rib, key));
  speaker->len_count[key & 0xff]--;
}

static void
free_blocks (QueueBlock *block)
{
  while (block != NULL)
    {
      QueueBlock *next = block->next;

      g_free (block);
      block = next;
    }
}

void
_vnl_queue_clear (Queue *queue)
{
  free_blocks (queue->first);
  free_blocks (queue->spare);
  queue->first = queue->last = queue->spare = NULL;
}

static void
enqueue (VnlNetwork *self,
         int         speaker,
         guint64     key,
         Entry      *entry)
{
  Queue *queue = &self->queue;
  QueueBlock *last = queue->last;

  if (entry->queued)
    return;
  entry->queued = TRUE;
  if (last == NULL || last->tail == QUEUE_BLOCK)
    {
      QueueBlock *block = queue->spare;

      if (block != NULL)
        queue->spare = block->next;
      else
        block = g_new (QueueBlock, 1);
      block->next = NULL;
      block->head = block->tail = 0;
      if (last != NULL)
        last->next = block;
      else
        queue->first = block;
      queue->last = last = block;
    }
  last->items[last->tail++] = (QueueItem) { speaker, key, entry };
}

/* Takes the item at the head into @item; FALSE when the queue is empty. */
static gboolean
dequeue (Queue     *queue,
         QueueItem *item)
{
  QueueBlock *first = queue->first;

  while (first != NULL && first->head == first->tail)
    {
      if (first == queue->last)
        {
          first->head = first->tail = 0;
          return FALSE;
        }
      queue->first = first->next;
      first->next = queue->spare;
      queue->spare = first;
      first = queue->first;
    }
  if (first == NULL)
    return FALSE;
  *item = first->items[first->head++];
  /* The entry of the next item, while this one is decided: the queue
   * walks the RIBs in no order the caches can guess. */
  if (first->head < first->tail)
    __builtin_prefetch (first->items[first->head].entry);
  return TRUE;
}

static gboolean
cand_matches (const VnlRoute *route,
              int             session,
              gboolean        local)
{
  return route->session == session && (route->origin != VNL_ORIGIN_BGP) == local;
}

/* One more (@delta 1) or one fewer (-1) route @speaker_index learned over
 * @session: what its prefix limit counts. */
static void
count_received (VnlNetwork *self,
                int         speaker_index,
                int         session,
                int         delta)
{
  Session *s;

  if (session < 0)
    return;
  s = ses (self, session);
  s->received[s->speaker[0] == speaker_index ? 0 : 1] += delta;
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
  Entry *entry = entry_get (self, speaker, key, route != NULL);
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
      if (i < entry->n_best)
        {
          /* A selected route goes: the selection is no more. */
          entry->n_best = 0;
          entry->stale = TRUE;
        }
      vnl_route_unref (cands[i]);
      memmove (cands + i, cands + i + 1, (n - i - 1) * sizeof (VnlRoute *));
      slots_resize (&entry->cands, n, n - 1);
      entry->n_cands = n - 1;
      if (!local)
        count_received (self, speaker_index, session, -1);
    }
  else if (i < n)
    {
      if (vnl_route_same (cands[i], route))
        {
          vnl_route_unref (route);
          return;
        }
      /* A selected route changes: so does the selection, whatever
       * decide() finds (its pointers cannot tell, as the new route may
       * take the old one's memory). */
      if (i < entry->n_best)
        {
          entry->n_best = 0;
          entry->stale = TRUE;
        }
      vnl_route_unref (cands[i]);
      cands[i] = route;
    }
  else
    {
      g_assert (n < G_MAXUINT16);
      slots_resize (&entry->cands, n, n + 1);
      entry->n_cands = n + 1;
      entry_cands (entry)[n] = route;
      if (!local)
        count_received (self, speaker_index, session, 1);
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

  /* One candidate, most entries: it is the selection, as the ladder
   * below would find. */
  if (entry->n_cands == 1)
    {
      changed = entry->stale || entry->n_best != 1;
      entry->stale = FALSE;
      entry->reason = VNL_REASON_ONLY_ROUTE;
      entry->n_best = 1;
      return changed;
    }

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

  changed = entry->stale || n_best != entry->n_best;
  for (guint i = 0; !changed && i < n_best; i++)
    changed = best[i] != cands[i];
  entry->stale = FALSE;

  /* The selected routes to the front, in order; the others keep theirs. */
  if (changed)
    for (guint k = 0; k < n_best; k++)
      {
        guint j = k;

        while (cands[j] != best[k])
          j++;
        if (j > k)
          {
            memmove (cands + k + 1, cands + k, (j - k) * sizeof (VnlRoute *));
            cands[k] = best[k];
          }
      }
  entry->n_best = n_best;

  return changed;
}


/* Inlined into the loops of convergence: most calls end at the export
 * filter, where a call costs more than the test. */
G_ALWAYS_INLINE static inline void
advertise (VnlNetwork *self,
           int         from,
           int         s,
           guint64     key,
           Entry      *entry,
           gboolean    sent)
{
  Session *session = ses (self, s);
  int side = session->speaker[0] == from ? 0 : 1;
  int to = session->speaker[1 - side];
  VnlRoute *route = NULL;
  VnlRoute *best = entry_winner (entry);
  VnlFilter why;

  /* Nothing selected, or what an ExpressRoute gateway keeps back from
   * its circuit, and nothing sent before: the export would refuse, and
   * there is nothing to withdraw. */
  if (!sent && (best == NULL || _vnl_er_gateway_keeps (self, spk (self, from), session, best)))
    return;

  /* The import filter only when the export let a route through. */
  if (session->up && session->bgp && (route = _vnl_export_route (self, from, s, side, entry, &why)) != NULL)
    route = _vnl_import_route (self, to, s, route, &why);

  /* Nothing to send and nothing sent before: nothing to withdraw either
   * (most refusals of a first convergence), so no lookup. */
  if (route == NULL && !sent)
    return;
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

  if (session->dropped > 0)
    return VNL_FILTER_PREFIX_LIMIT;
  if (!session->up || !session->bgp)
    return why;
  route = _vnl_import_route (self, session->speaker[1 - side], s,
                             _vnl_export_route (self, from, s, side, entry_get (self, spk (self, from), key, FALSE), &why),
                             &why);
  g_clear_pointer (&route, vnl_route_unref);
  return why;
}

static void
converge (VnlNetwork *self)
{
  QueueItem item;

  while (dequeue (&self->queue, &item))
    {
      Speaker *speaker;

      /* Policies can make BGP oscillate forever (a dispute wheel); stop
       * rather than hang, and say so. */
      if (self->updates > self->update_limit)
        {
          self->converged = FALSE;
          continue;
        }

      speaker = spk (self, item.speaker);
      guint64 key = item.key;
      Entry *entry = item.entry;
      gboolean sent;

      self->updates++;

      g_assert (entry->queued);
      entry->queued = FALSE;

      /* An entry without a selection has sent nothing: its neighbours
       * got a withdrawal when it lost the last one (a selected route
       * that goes leaves it stale until decided). */
      sent = entry->n_best > 0 || entry->stale;
      if (decide (speaker, entry))
        {
          if (self->change_log != NULL)
            g_array_append_val (self->change_log, item);
          _vnl_vwan_speaker_changed (self, item.speaker);
          speaker_lpm_stale (speaker);
          for (guint i = 0; i < speaker->sessions->len; i++)
            {
              /* advertise() sends only over sessions up that speak BGP. */
              advertise (self, item.speaker, (int) g_array_index (speaker->sessions, guint, i), key, entry, sent);
            }
        }

      if (entry->n_cands == 0)
        {
          speaker_lpm_stale (speaker);
          entry_remove (self, speaker, key, entry);
        }
    }

  /* The hub route tables read the converged gateways (vnl-vwan.c). */
  _vnl_vwan_invalidate (self);

  /* Give back the blocks a full convergence needed rather than keep them
   * for the next small change. */
  _vnl_queue_clear (&self->queue);
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
local_compare (gconstpointer a,
               gconstpointer b)
{
  guint64 x = local_key (*(VnlRoute * const *) a);
  guint64 y = local_key (*(VnlRoute * const *) b);

  return x < y ? -1 : x > y;
}

/* Makes @wanted (the routes speaker @i should originate) what it
 * originates: a merge of the two lists sorted by (prefix, session), which
 * adds, changes or withdraws only the candidates that differ. Of two
 * wanted routes with one key, the later counts (as one replacing the
 * other). */
static void
update_local (VnlNetwork *self,
              int         i,
              Speaker    *speaker,
              GPtrArray  *wanted)
{
  VnlRoute **old = speaker->local;
  guint n_old = speaker->n_local;
  VnlRoute **now = wanted->len > 0 ? g_new (VnlRoute *, wanted->len) : NULL;
  guint n = 0;
  guint a = 0, b = 0;

  /* Stable: equal keys keep their order, the last is kept. A speaker's
   * spaces mostly come in order already: then one pass instead. */
  for (guint k = 1; k < wanted->len; k++)
    if (local_key (wanted->pdata[k - 1]) > local_key (wanted->pdata[k]))
      {
        g_ptr_array_sort (wanted, local_compare);
        break;
      }
  while (a < n_old || b < wanted->len)
    {
      VnlRoute *was = a < n_old ? old[a] : NULL;
      VnlRoute *route = b < wanted->len ? wanted->pdata[b] : NULL;
      guint64 ka = was != NULL ? local_key (was) : G_MAXUINT64;
      guint64 kb = route != NULL ? local_key (route) : G_MAXUINT64;

      if (route != NULL && b + 1 < wanted->len && local_key (wanted->pdata[b + 1]) == kb)
        {
          b++;
          continue;
        }
      if (ka < kb)
        {
          set_candidate (self, i, vnl_prefix_key (&was->prefix), was->session, TRUE, NULL);
          a++;
          continue;
        }
      if (ka == kb && vnl_route_same (was, route))
        now[n++] = vnl_route_ref (was);
      else
        {
          now[n++] = vnl_route_ref (route);
          set_candidate (self, i, vnl_prefix_key (&route->prefix), route->session, TRUE,
                         vnl_route_ref (route));
        }
      a += ka == kb;
      b++;
    }

  _vnl_speaker_clear_local (speaker);
  /* To its length: the list stays as long as the network. */
  if (n > 0)
    speaker->local = g_renew (VnlRoute *, now, n);
  else
    g_free (now);
  speaker->n_local = n;
}

void
_vnl_speaker_clear_local (Speaker *speaker)
{
  for (guint k = 0; k < speaker->n_local; k++)
    vnl_route_unref (speaker->local[k]);
  g_clear_pointer (&speaker->local, g_free);
  speaker->n_local = 0;
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
  /* A route server sends its appliances the users' spaces too. */
  if (nvnet (self, owner)->rs >= 0)
    mark_dirty (dirty, is_dirty, nvnet (self, owner)->rs);
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

/* What a state change makes dirty, gathered by the two ways of finding
 * it (every state recomputed, or only those a change reaches). */
typedef struct
{
  GArray   *dirty;      /* of int: speakers whose originated routes may change */
  gboolean *is_dirty;   /* by speaker */
  GArray   *went_down;  /* of guint: sessions */
  GArray   *went_up;    /* of guint: sessions */
} StateDiff;

static void
session_changed (VnlNetwork *self,
                 StateDiff  *diff,
                 guint       s,
                 gboolean    up)
{
  Session *session = ses (self, s);

  if (session->up == up)
    return;
  g_array_append_val (up ? diff->went_up : diff->went_down, s);
  session->up = up;
  mark_dirty (diff->dirty, diff->is_dirty, session->speaker[0]);
  mark_dirty (diff->dirty, diff->is_dirty, session->speaker[1]);
}

/* A rebuild: every state recomputed and compared with what it was. */
static void
diff_all_states (VnlNetwork *self,
                 StateDiff  *diff)
{
  guint n_vnets = self->vnets->len;
  guint n_speakers = self->speakers->len;
  g_autofree int *was_owner = g_new (int, n_vnets + 1);
  g_autofree gboolean *was_up = g_new (gboolean, n_vnets + n_speakers + 1);
  g_autofree gboolean *up = NULL;

  for (guint v = 0; v < n_vnets; v++)
    {
      was_owner[v] = nvnet (self, v)->gw_owner;
      was_up[v] = nvnet (self, v)->up;
    }
  for (guint i = 0; i < n_speakers; i++)
    was_up[n_vnets + i] = spk (self, i)->up;

  up = _vnl_compute_states (self);

  for (guint i = 0; i < n_speakers; i++)
    mark_dirty (diff->dirty, diff->is_dirty, (int) i);
  for (guint v = 0; v < n_vnets; v++)
    {
      NetVnet *nv = nvnet (self, v);

      if (was_owner[v] == nv->gw_owner && was_up[v] == nv->up)
        continue;
      mark_owner_dirty (self, diff->dirty, diff->is_dirty, was_owner[v]);
      mark_owner_dirty (self, diff->dirty, diff->is_dirty, nv->gw_owner);
    }
  for (guint s = 0; s < self->sessions->len; s++)
    session_changed (self, diff, s, up[s]);
}

/* An index set: each index once, in the order added. */
typedef struct
{
  GArray     *items;  /* of int */
  GHashTable *seen;   /* index + 1 */
} IndexSet;

static void
index_set_add (IndexSet *set,
               int       index)
{
  if (index < 0 || !g_hash_table_add (set->seen, GINT_TO_POINTER (index + 1)))
    return;
  g_array_append_val (set->items, index);
}

static void
index_set_init (IndexSet *set)
{
  set->items = g_array_new (FALSE, FALSE, sizeof (int));
  set->seen = g_hash_table_new (NULL, NULL);
}

static void
index_set_clear (IndexSet *set)
{
  g_array_unref (set->items);
  g_hash_table_unref (set->seen);
}

/* Moves VNet @v from the users of @from to those of @to (-1: none),
 * keeping each list in index order as a rebuild makes it. */
static void
move_user (VnlNetwork *self,
           int         v,
           int         from,
           int         to)
{
  if (from >= 0)
    {
      GArray *users = nvnet (self, from)->users;

      for (guint u = 0; u < users->len; u++)
        if (g_array_index (users, int, u) == v)
          {
            g_array_remove_index (users, u);
            break;
          }
    }
  if (to >= 0)
    {
      GArray *users = nvnet (self, to)->users;
      guint u = 0;

      while (u < users->len && g_array_index (users, int, u) < v)
        u++;
      g_array_insert_val (users, u, v);
    }
}

/* A what-if change of @object: the states it reaches alone, recomputed by
 * the same rules in the order _vnl_compute_states() runs them (VNets and
 * sites, peering routes and gateway owners, speakers, sessions), each
 * stage adding to the next only what changed. A property test holds the
 * result equal to a rebuild. */
static void
diff_reached_states (VnlNetwork *self,
                     VnlObject  *object,
                     StateDiff  *diff)
{
  const StateDep *deps = (const StateDep *) (gpointer) self->dependents->data;
  guint n_deps = self->dependents->len;
  guint first = 0, hi = n_deps;
  g_autoptr(GArray) vnets = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) sites = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (int));
  IndexSet links, speakers, sessions;

  /* The first dependent of @object, by bisection. */
  while (first < hi)
    {
      guint mid = first + (hi - first) / 2;
      if ((guintptr) deps[mid].object < (guintptr) object)
        first = mid + 1;
      else
        hi = mid;
    }
  if (first == n_deps || deps[first].object != object)
    return;
  index_set_init (&links);
  index_set_init (&speakers);
  index_set_init (&sessions);

  for (guint d = first; d < n_deps && deps[d].object == object; d++)
    {
      const StateDep *dep = &deps[d];
      const NetPeering *np;

      switch (dep->kind)
        {
        case DEP_VNET:
          g_array_append_val (vnets, dep->index);
          break;
        case DEP_SITE:
          g_array_append_val (sites, dep->index);
          break;
        case DEP_PEERING:
          np = &g_array_index (self->peerings, NetPeering, dep->index);
          index_set_add (&links, np->ends[0]);
          index_set_add (&links, np->ends[1]);
          break;
        case DEP_SPEAKER:
          index_set_add (&speakers, dep->index);
          break;
        case DEP_SESSION:
          index_set_add (&sessions, dep->index);
          break;
        case DEP_HUB:
          mark_owner_dirty (self, diff->dirty, diff->is_dirty, dep->index);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* A VNet's state: its peerings and its gateways read it, and the
   * gateways its users' spaces come from (mark_owner_dirty below). */
  for (guint i = 0; i < vnets->len; i++)
    {
      int v = g_array_index (vnets, int, i);
      NetVnet *nv = nvnet (self, v);
      gboolean up = _vnl_network_obj_up (self, nv->vnet);

      if (up == nv->up)
        continue;
      nv->up = up;
      for (guint p = 0; p < nv->peerings->len; p++)
        {
          const NetPeering *np = &g_array_index (self->peerings, NetPeering,
                                                 g_array_index (nv->peerings, int, p));
          index_set_add (&links, np->ends[0]);
          index_set_add (&links, np->ends[1]);
        }
      index_set_add (&speakers, nv->gw[0]);
      index_set_add (&speakers, nv->gw[1]);
      /* Its route server and BGP appliances read it too. */
      index_set_add (&speakers, nv->rs);
      for (guint a = 0; a < self->appliances->len; a++)
        if (g_array_index (self->appliances, NetAppliance, a).vnet == v)
          index_set_add (&speakers, g_array_index (self->appliances, NetAppliance, a).speaker);
      mark_owner_dirty (self, diff->dirty, diff->is_dirty, nv->gw_owner);
    }

  for (guint i = 0; i < links.items->len; i++)
    {
      int v = g_array_index (links.items, int, i);
      int was = nvnet (self, v)->gw_owner;

      _vnl_vnet_links (self, v);
      if (nvnet (self, v)->gw_owner == was)
        continue;
      move_user (self, v, was, nvnet (self, v)->gw_owner);
      mark_owner_dirty (self, diff->dirty, diff->is_dirty, was);
      mark_owner_dirty (self, diff->dirty, diff->is_dirty, nvnet (self, v)->gw_owner);
    }

  for (guint i = 0; i < sites->len; i++)
    {
      NetSite *ns = nsite (self, g_array_index (sites, int, i));
      gboolean up = _vnl_network_obj_up (self, ns->site);

      if (up == ns->up)
        continue;
      ns->up = up;
      for (guint c = 0; c < ns->ces->len; c++)
        index_set_add (&speakers, g_array_index (ns->ces, int, c));
    }

  for (guint i = 0; i < speakers.items->len; i++)
    {
      int k = g_array_index (speakers.items, int, i);
      Speaker *speaker = spk (self, k);
      gboolean up = _vnl_speaker_up (self, k);

      if (up == speaker->up)
        continue;
      speaker->up = up;
      mark_dirty (diff->dirty, diff->is_dirty, k);
      for (guint s = 0; s < speaker->sessions->len; s++)
        index_set_add (&sessions, (int) g_array_index (speaker->sessions, guint, s));
    }

  for (guint i = 0; i < sessions.items->len; i++)
    {
      int s = g_array_index (sessions.items, int, i);
      session_changed (self, diff, (guint) s, _vnl_session_up (self, s));
    }

  index_set_clear (&links);
  index_set_clear (&speakers);
  index_set_clear (&sessions);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Diffs the wanted state against the current one and queues only what
 * changed: the heart of incremental re-convergence. The speakers whose
 * originated routes may change are the dirty ones: what
 * _vnl_compute_local() reads is the speaker's state, its sessions' states
 * and the users of the VNet whose gateways it is or tunnels to. With
 * @changed NULL (a rebuild) every state is recomputed and every speaker
 * is dirty; else only the states @changed reaches. */
static void
apply_states (VnlNetwork *self,
              VnlObject  *changed)
{
  g_autofree gboolean *is_dirty = g_new0 (gboolean, self->speakers->len + 1);
  g_autoptr(GArray) dirty = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) went_down = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) went_up = g_array_new (FALSE, FALSE, sizeof (guint));
  StateDiff diff = { dirty, is_dirty, went_down, went_up };

  if (changed == NULL)
    diff_all_states (self, &diff);
  else
    diff_reached_states (self, changed, &diff);

  /* In index order, as a rebuild visits them. */
  g_array_sort (dirty, compare_int);
  g_array_sort (went_down, compare_uint);
  g_array_sort (went_up, compare_uint);

  /* Sessions that went down: forget what came over them. */
  for (guint d = 0; d < went_down->len; d++)
    {
      guint s = g_array_index (went_down, guint, d);
      Session *session = ses (self, s);

      for (guint side = 0; side < 2; side++)
        {
          Speaker *speaker = spk (self, session->speaker[side]);
          g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
          RibIter iter;
          guint64 key;
          Entry *entry;

          _vnl_rib_iter_init (&iter, &speaker->rib);
          while (_vnl_rib_iter_next (&iter, &key, &entry))
            for (guint i = 0; i < entry->n_cands; i++)
              if (cand_matches (entry_cands (entry)[i], (int) s, FALSE))
                {
                  g_array_append_val (keys, key);
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

      update_local (self, i, speaker, wanted);
    }

  /* Sessions that came up: each side sends what it has selected. A
   * rebuild right after compiling starts from empty tables, where nothing
   * is selected yet: converge() sends each selection over the sessions up
   * as it makes it, so the walk of every table would find nothing to
   * send. Any other full recomputation (a gateway instance taken down or
   * up, sessions dropped over a prefix limit) has tables to send. */
  gboolean from_empty = changed == NULL && self->fresh;

  self->fresh = FALSE;
  for (guint u = 0; !from_empty && u < went_up->len; u++)
    {
      guint s = g_array_index (went_up, guint, u);
      Session *session = ses (self, s);

      if (!session->bgp)
        continue;

      for (guint side = 0; side < 2; side++)
        {
          int from = session->speaker[side];
          RibIter iter;
          guint64 key;
          Entry *entry;

          _vnl_rib_iter_init (&iter, &spk (self, from)->rib);
          while (_vnl_rib_iter_next (&iter, &key, &entry))
            if (entry->n_best > 0)
              advertise (self, from, (int) s, key, entry, TRUE);
        }
    }

  self->updates = 0;
  self->converged = TRUE;
  self->update_limit = 1000000 + 200 * (guint64) self->speakers->len * (self->sessions->len + 1);
  converge (self);
}



/* ---------------------------------------------------------------------- */
/* Prefix limits                                                          */

/* Spec §4: the Azure side of a BGP session drops it when the peer
 * advertises more prefixes than it accepts ([LIM-ER] private peering,
 * [VPN-BGP-FAQ]; vnl_limits_session_prefixes()). Counted once converged:
 * every session over its limit goes down. Returns TRUE when one did. */
static gboolean
drop_over_limit (VnlNetwork *self)
{
  gboolean any = FALSE;

  for (guint s = 0; s < self->sessions->len; s++)
    {
      Session *session = ses (self, s);

      for (int side = 0; side < 2; side++)
        if (session->up && session->dropped == 0 && session->prefix_limit[side] > 0
            && session->received[side] > session->prefix_limit[side])
          {
            session->dropped = session->received[side];
            session->dropped_side = side;
            any = TRUE;
          }
    }
  return any;
}

/* apply_states(), then the sessions over their prefix limits down. Each
 * round drops at least one more session, so it ends. A what-if tries the
 * dropped sessions again: what the peers send may have changed. */
static void
apply (VnlNetwork *self,
       VnlObject  *changed)
{
  gboolean had_drops = FALSE;

  /* A session a limit dropped is tried again: once a change can make it
   * fit, every state is computed again (rare: limits crossed), not only
   * those @changed reaches. */
  for (guint s = 0; s < self->sessions->len; s++)
    {
      had_drops |= ses (self, s)->dropped > 0;
      ses (self, s)->dropped = 0;
    }
  apply_states (self, had_drops ? NULL : changed);
  while (drop_over_limit (self))
    apply_states (self, NULL);
}

GArray *
vnl_network_get_prefix_limits (VnlNetwork *self)
{
  GArray *out;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);

  out = g_array_new (FALSE, FALSE, sizeof (VnlPrefixLimit));
  for (guint s = 0; s < self->sessions->len; s++)
    {
      Session *session = ses (self, s);

      for (int side = 0; side < 2; side++)
        {
          VnlPrefixLimit limit;
          gboolean dropped_here = session->dropped > 0 && session->dropped_side == side;

          if (session->prefix_limit[side] == 0 || !session->bgp)
            continue;
          limit.session = session->object->name;
          limit.receiver = spk (self, session->speaker[side])->name;
          limit.sender = spk (self, session->speaker[1 - side])->name;
          limit.received = dropped_here ? session->dropped : session->received[side];
          limit.limit = session->prefix_limit[side];
          limit.dropped = dropped_here;
          g_array_append_val (out, limit);
        }
    }
  return out;
}

char *
vnl_prefix_limit_describe (const VnlPrefixLimit *limit)
{
  g_return_val_if_fail (limit != NULL, NULL);

  return g_strdup_printf (_("BGP session %s down: %s sends %u prefixes, more than the %u %s accepts; "
                            "Azure drops the session and every route it carried"),
                          limit->session, limit->sender, limit->received, limit->limit, limit->receiver);
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */

static void
vnl_network_finalize (GObject *object)
{
  VnlNetwork *self = (VnlNetwork *) object;

  _vnl_network_clear_compiled (self);
  /* After the tables: they held the last references to its routes. */
  g_clear_pointer (&self->routes, vnl_route_arena_free);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->override_objects, g_hash_table_unref);
  g_clear_pointer (&self->override_instances, g_hash_table_unref);
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
  self->override_instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->routes = vnl_route_arena_new ();
  self->flow = vnl_flow_icmp;
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
  self->fresh = TRUE;
  apply (self, NULL);
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
  if (object == NULL && vnl_design_lookup_instance (self->design, name, NULL, NULL))
    {
      g_hash_table_insert (self->override_instances, g_strdup (name), GINT_TO_POINTER (!!up + 1));
      apply (self, NULL);
      return TRUE;
    }
  if (object == NULL)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                   _("the design has no object named “%s”"), name);
      return FALSE;
    }

  g_hash_table_insert (self->overrides, g_strdup (name), GINT_TO_POINTER (!!up + 1));
  g_hash_table_insert (self->override_objects, object, GINT_TO_POINTER (!!up + 1));
  _vnl_vwan_set_override (self, object, up);
  apply (self, object);
  return TRUE;
}

gboolean
vnl_network_is_up (VnlNetwork *self,
                   const char *name)
{
  VnlGateway *gateway;
  guint index;

  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  if (vnl_design_lookup (self->design, name) == NULL &&
      vnl_design_lookup_instance (self->design, name, &gateway, &index))
    return _vnl_network_obj_up (self, gateway) && instance_up (self, gateway, index);
  return _vnl_network_obj_up (self, vnl_design_lookup (self->design, name));
}

guint
vnl_network_get_n_routes (VnlNetwork *self)
{
  guint n = 0;

  for (guint i = 0; i < self->speakers->len; i++)
    {
      RibIter iter;
      Entry *entry;

      _vnl_rib_iter_init (&iter, &spk (self, i)->rib);
      while (_vnl_rib_iter_next (&iter, NULL, &entry))
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
