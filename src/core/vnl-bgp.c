/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-bgp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "vnl-bgp.h"

/*
 * DOC: BGP routes and the best-path comparator
 *
 * A VnlRoute is one candidate for a prefix in a speaker's table. Routes are
 * reference counted and never change once shared: a speaker that passes a
 * route on makes a copy with the attributes the neighbour sees.
 *
 * vnl_route_compare() is the single place that decides which of two routes
 * wins, for every kind of speaker (Azure gateways, MSEEs, CE routers and the
 * merge of a VNet's gateways). It is a flat ladder in the spirit of BIRD's
 * bgp_rte_better(): each rung either decides or falls through, and returns
 * the rung as a VnlReason so the user interface can say why. It is a total
 * order: the last rung is the tie-break on the neighbour address.
 * vnl_route_mergeable() alone decides which equal routes multipath joins,
 * as BIRD's bgp_rte_mergable() does.
 */

/* The empty path, shared by every route a speaker originates: never
 * freed (a negative count marks it). */
static VnlAsPath empty_path = { -1, 0 };

VnlAsPath *
vnl_as_path_new (const guint32 *asns,
                 guint          len)
{
  VnlAsPath *path;

  if (len == 0)
    return &empty_path;
  path = g_malloc (sizeof (VnlAsPath) + len * sizeof (guint32));

  path->ref_count = 1;
  path->len = len;
  if (len > 0)
    memcpy (path->asns, asns, len * sizeof (guint32));
  return path;
}

VnlAsPath *
vnl_as_path_prepend (const VnlAsPath *path,
                     guint32          asn)
{
  guint len = path != NULL ? path->len : 0;
  VnlAsPath *result = g_malloc (sizeof (VnlAsPath) + (len + 1) * sizeof (guint32));

  result->ref_count = 1;
  result->len = len + 1;
  result->asns[0] = asn;
  if (len > 0)
    memcpy (result->asns + 1, path->asns, len * sizeof (guint32));
  return result;
}

VnlAsPath *
vnl_as_path_ref (VnlAsPath *path)
{
  if (path != &empty_path)
    g_atomic_int_inc (&path->ref_count);
  return path;
}

void
vnl_as_path_unref (VnlAsPath *path)
{
  if (path != NULL && path != &empty_path && g_atomic_int_dec_and_test (&path->ref_count))
    g_free (path);
}

gboolean
vnl_as_path_contains (const VnlAsPath *path,
                      guint32          asn)
{
  for (guint i = 0; i < path->len; i++)
    if (path->asns[i] == asn)
      return TRUE;
  return FALSE;
}

gboolean
vnl_as_path_equal (const VnlAsPath *a,
                   const VnlAsPath *b)
{
  if (a == b)
    return TRUE;
  return a->len == b->len && memcmp (a->asns, b->asns, a->len * sizeof (guint32)) == 0;
}

char *
vnl_as_path_to_string (const VnlAsPath *path)
{
  /* One allocation, no printf: a report formats hundreds of thousands. */
  char *text = g_malloc ((gsize) path->len * 11 + 1), *end = text;

  for (guint i = 0; i < path->len; i++)
    {
      char digits[10];
      guint32 asn = path->asns[i];
      guint n = 0;

      if (i > 0)
        *end++ = ' ';
      do
        digits[n++] = '0' + asn % 10;
      while ((asn /= 10) != 0);
      while (n > 0)
        *end++ = digits[--n];
    }
  *end = '\0';
  return text;
}

static void
route_init (VnlRoute        *route,
            const VnlPrefix *prefix,
            VnlAsPath       *path,
            VnlOrigin        origin)
{
  memset (route, 0, sizeof *route);
  route->ref_count = 1;
  route->prefix = *prefix;
  route->path = path != NULL ? vnl_as_path_ref (path) : vnl_as_path_new (NULL, 0);
  route->origin = origin;
  route->session = -1;
  route->neighbor = -1;
  route->weight = VNL_WEIGHT_DEFAULT;
  route->local_pref = VNL_LOCAL_PREF_DEFAULT;
  route->exportable = TRUE;
}

VnlRoute *
vnl_route_new (const VnlPrefix *prefix,
               VnlAsPath       *path,
               VnlOrigin        origin)
{
  VnlRoute *route = g_new (VnlRoute, 1);

  route_init (route, prefix, path, origin);
  return route;
}

VnlRoute *
vnl_route_copy (const VnlRoute *route)
{
  VnlRoute *copy = g_new (VnlRoute, 1);

  *copy = *route;
  copy->ref_count = 1;
  copy->in_arena = FALSE;
  vnl_as_path_ref (copy->path);
  return copy;
}

/* Chunks: the first few from malloc, then 2 MiB regions. */
#define REGION_BYTES (2 * 1024 * 1024)

static gsize chunks_mapped;   /* atomic: bytes of the chunks handed out of
                                 regions (as malloc counts what it handed
                                 out, not what it keeps) */

static guint8 *
region_new (void)
{
#ifdef __linux__
  gsize len = 2 * REGION_BYTES;
  guint8 *map = mmap (NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *region;
  gsize head, tail;

  if (map == MAP_FAILED)
    return NULL;
  /* Aligned on its size, so that the kernel can back it with one page. */
  region = (guint8 *) (((guintptr) map + REGION_BYTES - 1) & ~(guintptr) (REGION_BYTES - 1));
  head = region - map;
  tail = len - head - REGION_BYTES;
  if (head > 0)
    munmap (map, head);
  if (tail > 0)
    munmap (region + REGION_BYTES, tail);
#ifdef MADV_HUGEPAGE
  madvise (region, REGION_BYTES, MADV_HUGEPAGE);
#endif
  return region;
#else
  return NULL;
#endif
}

/* glibc's malloc, left to itself, grows the heap 128 KiB at a time and
 * maps every block past a threshold that starts at 128 KiB (a RIB's hash
 * table, a large array) on its own, unmapping it when freed: memory that
 * is touched anew, page fault by page fault, each time. A load that
 * streams (vnl-file-load.c) no longer leaves a freed tree behind for the
 * next step to reuse, and the first convergence at 8,000 VNets paid for
 * it: 153 ms instead of 79 ms, validation 50 ms instead of 23 ms. The
 * heap grows 64 MiB at a time (address space; only what is touched is
 * resident) and keeps blocks under 32 MiB, glibc's own ceiling for the
 * threshold. Called once, first thing, by the programs. */
void
vnl_memory_init (void)
{
#ifdef __GLIBC__
  mallopt (M_TOP_PAD, 64 << 20);
  mallopt (M_MMAP_THRESHOLD, 32 << 20);
#endif
}

gpointer
vnl_chunks_alloc (VnlChunks *chunks)
{
  guint8 *chunk = NULL;

  if (chunks->all == NULL)
    chunks->all = g_ptr_array_new ();
  if (chunks->all->len >= VNL_CHUNKS_SMALL)
    {
      if (chunks->next == NULL)
        {
          guint8 *region = region_new ();

          if (region != NULL)
            {
              if (chunks->regions == NULL)
                chunks->regions = g_ptr_array_new ();
              g_ptr_array_add (chunks->regions, region);
              chunks->next = region;
            }
        }
      if (chunks->next != NULL)
        {
          chunk = chunks->next;
          chunks->next += VNL_CHUNK_BYTES;
          g_atomic_pointer_add (&chunks_mapped, VNL_CHUNK_BYTES);
          if ((guintptr) chunks->next % REGION_BYTES == 0)
            chunks->next = NULL;
        }
    }
  if (chunk == NULL)
    {
      if (chunks->small == NULL)
        chunks->small = g_ptr_array_new_with_free_func (g_aligned_free);
      chunk = g_aligned_alloc (1, VNL_CHUNK_BYTES, VNL_CHUNK_BYTES);
      g_ptr_array_add (chunks->small, chunk);
    }
  g_ptr_array_add (chunks->all, chunk);
  return chunk;
}

void
vnl_chunks_clear (VnlChunks *chunks)
{
  guint mapped = chunks->all != NULL ? chunks->all->len : 0;

  if (chunks->small != NULL)
    mapped -= chunks->small->len;
  g_atomic_pointer_add (&chunks_mapped, -(gssize) mapped * VNL_CHUNK_BYTES);
  g_clear_pointer (&chunks->small, g_ptr_array_unref);
#ifdef __linux__
  for (guint r = 0; chunks->regions != NULL && r < chunks->regions->len; r++)
    munmap (chunks->regions->pdata[r], REGION_BYTES);
#endif
  g_clear_pointer (&chunks->regions, g_ptr_array_unref);
  g_clear_pointer (&chunks->all, g_ptr_array_unref);
  chunks->next = NULL;
}

gsize
vnl_chunks_mapped_bytes (void)
{
  return (gsize) g_atomic_pointer_get (&chunks_mapped);
}

/* The arena: chunks aligned on their size, so that a route finds its
 * chunk, and the chunk its arena, from the route's address alone. */
#define ARENA_CHUNK_BYTES  VNL_CHUNK_BYTES
#define ARENA_HEADER_BYTES 64
#define ARENA_CHUNK_ROUTES ((ARENA_CHUNK_BYTES - ARENA_HEADER_BYTES) / sizeof (VnlRoute))

struct _VnlRouteArena
{
  VnlChunks  chunks;   /* owned */
  guint8    *current;  /* borrowed: the last chunk, NULL before the first */
  guint      used;     /* routes handed out of the last chunk */
  VnlRoute  *free;     /* borrowed: freed routes, linked through `path` */
};

typedef struct
{
  VnlRouteArena *arena;
} ArenaChunk;

G_STATIC_ASSERT (sizeof (ArenaChunk) <= ARENA_HEADER_BYTES);

VnlRouteArena *
vnl_route_arena_new (void)
{
  return g_new0 (VnlRouteArena, 1);
}

void
vnl_route_arena_free (VnlRouteArena *arena)
{
  if (arena == NULL)
    return;
  vnl_chunks_clear (&arena->chunks);
  g_free (arena);
}

static VnlRoute *
arena_alloc (VnlRouteArena *arena)
{
  VnlRoute *route = arena->free;
  guint8 *chunk;

  if (route != NULL)
    {
      arena->free = (VnlRoute *) route->path;
      return route;
    }
  if (arena->current == NULL || arena->used == ARENA_CHUNK_ROUTES)
    {
      arena->current = vnl_chunks_alloc (&arena->chunks);
      ((ArenaChunk *) arena->current)->arena = arena;
      arena->used = 0;
    }
  chunk = arena->current;
  return (VnlRoute *) (chunk + ARENA_HEADER_BYTES) + arena->used++;
}

static void
arena_release (VnlRoute *route)
{
  ArenaChunk *chunk = (ArenaChunk *) ((guintptr) route & ~(guintptr) (ARENA_CHUNK_BYTES - 1));
  VnlRouteArena *arena = chunk->arena;

  route->path = (VnlAsPath *) arena->free;
  arena->free = route;
}

VnlRoute *
vnl_route_new_in (VnlRouteArena   *arena,
                  const VnlPrefix *prefix,
                  VnlAsPath       *path,
                  VnlOrigin        origin)
{
  VnlRoute *route = arena_alloc (arena);

  route_init (route, prefix, path, origin);
  route->in_arena = TRUE;
  return route;
}

VnlRoute *
vnl_route_copy_in (VnlRouteArena  *arena,
                   const VnlRoute *route)
{
  VnlRoute *copy = arena_alloc (arena);

  *copy = *route;
  copy->ref_count = 1;
  copy->in_arena = TRUE;
  vnl_as_path_ref (copy->path);
  return copy;
}

VnlRoute *
vnl_route_ref (VnlRoute *route)
{
  g_assert (route->ref_count < G_MAXUINT16);
  route->ref_count++;
  return route;
}

void
vnl_route_unref (VnlRoute *route)
{
  if (route != NULL && --route->ref_count == 0)
    {
      vnl_as_path_unref (route->path);
      if (route->in_arena)
        arena_release (route);
      else
        g_free (route);
    }
}

gboolean
vnl_route_same (const VnlRoute *a,
                const VnlRoute *b)
{
  return vnl_prefix_equal (&a->prefix, &b->prefix) &&
         a->origin == b->origin &&
         a->session == b->session &&
         a->neighbor == b->neighbor &&
         a->next_hop == b->next_hop &&
         a->weight == b->weight &&
         a->local_pref == b->local_pref &&
         a->conn_weight == b->conn_weight &&
         a->from_customer == b->from_customer &&
         a->global_reach == b->global_reach &&
         a->exportable == b->exportable &&
         a->no_advertise == b->no_advertise &&
         a->rs_rank == b->rs_rank &&
         vnl_as_path_equal (a->path, b->path);
}

const char *
vnl_reason_to_string (VnlReason reason)
{
  switch (reason)
    {
    case VNL_REASON_ONLY_ROUTE:        return N_("only route");
    case VNL_REASON_LOCAL_ORIGIN:      return N_("own network");
    case VNL_REASON_WEIGHT:            return N_("ExpressRoute preferred over VPN (weight)");
    case VNL_REASON_CONNECTION_WEIGHT: return N_("higher connection weight");
    case VNL_REASON_LOCAL_PREF:        return N_("higher local preference");
    case VNL_REASON_AS_PATH:           return N_("shorter AS path");
    case VNL_REASON_ECMP:              return N_("equal-cost multipath");
    case VNL_REASON_TIE_BREAK:         return N_("tie-break: lowest neighbour address");
    case VNL_REASON_SYSTEM_ROUTE:      return N_("a virtual network or peering system route is preferred");
    case VNL_REASON_ROUTE_TYPE:        return N_("a BGP route of the same prefix is preferred");
    case VNL_REASON_USER_DEFINED:      return N_("a user-defined route is preferred");
    case VNL_REASON_UDR_DEFAULT:       return N_("removed by the user-defined route for 0.0.0.0/0");
    case VNL_REASON_PROPAGATION_OFF:   return N_("gateway route propagation is disabled on the route table");
    case VNL_REASON_NEXT_HOP_NOT_VPN:
      return N_("invalid next hop: VirtualNetworkGateway needs a VPN gateway without ExpressRoute coexisting");
    case VNL_REASON_NEXT_HOP_UNREACHABLE:
      return N_("invalid next hop: the IP address is not directly reachable (not in the VNet or a peered VNet)");
    case VNL_REASON_ROUTE_SERVER_PREFERENCE:
      return N_("the route server's hub routing preference");
    case VNL_REASON_FIREWALL_DEFAULT:
      return N_("disabled: a default route on AzureFirewallSubnet must go to the Internet unless the firewall has a management subnet (forced tunnelling)");
    case VNL_REASON_HUB_STATIC:        return N_("static route preferred over BGP");
    case VNL_REASON_HUB_LOCAL:         return N_("local hub's connection preferred over a remote hub");
    case VNL_REASON_HUB_ER_OVER_VPN:   return N_("hub routing preference: ExpressRoute preferred over VPN (all local)");
    case VNL_REASON_HUB_REMOTE_VPN_OVER_ER:
      return N_("hub routing preference: VPN preferred over ExpressRoute (all through remote hubs)");
    case VNL_REASON_HUB_PREFERENCE:    return N_("hub routing preference VPN: VPN preferred over ExpressRoute");
    case VNL_REASON_HUB_ROUTING_INTENT: return N_("routing intent: private traffic goes through the hub firewall");
    default:                           return "";
    }
}

const char *
vnl_origin_to_string (VnlOrigin origin)
{
  switch (origin)
    {
    case VNL_ORIGIN_NETWORK:      return "Network";
    case VNL_ORIGIN_TRANSIT_PEER: return "Network (peered VNet)";
    case VNL_ORIGIN_STATIC:       return "Static";
    case VNL_ORIGIN_BGP:          return "EBgp";
    default:                      return "";
    }
}

static inline gboolean
is_local (const VnlRoute *route)
{
  return route->origin != VNL_ORIGIN_BGP;
}

/* Every rung but the final tie-break: 0 when @a and @b are equally good. */
static int
compare_preference (const VnlRoute *a,
                    const VnlRoute *b,
                    VnlReason      *reason)
{
  /* A speaker's own networks (and configured statics) win over anything it
   * learned: BGP never replaces a locally originated prefix. */
  *reason = VNL_REASON_LOCAL_ORIGIN;
  if (is_local (a) != is_local (b))
    return is_local (a) ? -1 : 1;

  /* Route Server [RS-PREF] (articles/route-server/hub-routing-preference.md):
   * after the longest prefix, "Prefer routes based on routing preference
   * configuration": ExpressRoute (default) over VPN/SD-WAN, or VPN/NVA
   * over ExpressRoute; "If the same routes are learned over VPN and NVA
   * connections, Route Server will prefer the route with the shortest BGP
   * AS-PATH", and AS-Path ranks every route alike (the AS-path rung
   * below decides). Only a route server ranks routes (rs_rank). */
  *reason = VNL_REASON_ROUTE_SERVER_PREFERENCE;
  if (a->rs_rank != b->rs_rank)
    return a->rs_rank < b->rs_rank ? -1 : 1;

  /* Weight: Azure gateways give ExpressRoute-learned routes 32769 and
   * VPN-learned ones 32768, so ExpressRoute wins for the same prefix
   * (spec G5, G6, R-D1). */
  *reason = VNL_REASON_WEIGHT;
  if (a->weight != b->weight)
    return a->weight > b->weight ? -1 : 1;

  /* ExpressRoute connection weight, considered before the AS path length
   * (spec G11). */
  *reason = VNL_REASON_CONNECTION_WEIGHT;
  if (a->conn_weight != b->conn_weight)
    return a->conn_weight > b->conn_weight ? -1 : 1;

  /* Local preference, set by a CE's inbound policy (spec §1.6, R-D7). */
  *reason = VNL_REASON_LOCAL_PREF;
  if (a->local_pref != b->local_pref)
    return a->local_pref > b->local_pref ? -1 : 1;

  /* Shorter AS path (spec G11). */
  *reason = VNL_REASON_AS_PATH;
  if (a->path->len != b->path->len)
    return a->path->len < b->path->len ? -1 : 1;

  return 0;
}

int
vnl_route_compare (const VnlRoute *a,
                   const VnlRoute *b,
                   VnlReason      *reason)
{
  VnlReason dummy;
  int cmp;

  if (reason == NULL)
    reason = &dummy;

  if ((cmp = compare_preference (a, b, reason)) != 0)
    return cmp;

  /* Equal on every rung: the lowest neighbour address wins, then the
   * session and the neighbour, so that any two routes are ordered and a
   * selection never depends on the order candidates arrived in (BIRD's
   * bgp_rte_better() ends the same way). Whether equal routes are used
   * together instead is vnl_route_mergeable()'s decision. */
  *reason = VNL_REASON_TIE_BREAK;
  if (a->next_hop != b->next_hop)
    return a->next_hop < b->next_hop ? -1 : 1;
  if (a->session != b->session)
    return a->session < b->session ? -1 : 1;
  if (a->neighbor != b->neighbor)
    return a->neighbor < b->neighbor ? -1 : 1;
  return 0;
}

gboolean
vnl_route_mergeable (const VnlRoute *best,
                     const VnlRoute *route)
{
  VnlReason dummy;

  /* Multipath joins learned routes only: a speaker's own prefix has one
   * origin, and a static route is configured towards one tunnel. */
  return best->origin == VNL_ORIGIN_BGP && route->origin == VNL_ORIGIN_BGP &&
         compare_preference (best, route, &dummy) == 0;
}
