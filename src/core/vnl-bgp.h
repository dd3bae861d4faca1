/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnl-prefix.h"

G_BEGIN_DECLS

/* AS paths are immutable and shared: prepending makes a new path. Index 0 is
 * the nearest AS (the one the route was last received from). */
typedef struct _VnlAsPath VnlAsPath;

struct _VnlAsPath
{
  gint    ref_count;
  guint   len;
  guint32 asns[];
};

VnlAsPath *vnl_as_path_new        (const guint32   *asns,
                                   guint            len);
VnlAsPath *vnl_as_path_prepend    (const VnlAsPath *path,
                                   guint32          asn);
VnlAsPath *vnl_as_path_ref        (VnlAsPath       *path);
void       vnl_as_path_unref      (VnlAsPath       *path);
gboolean   vnl_as_path_contains   (const VnlAsPath *path,
                                   guint32          asn);
gboolean   vnl_as_path_equal      (const VnlAsPath *a,
                                   const VnlAsPath *b);
/* "12076 65021", or "" for an empty path. */
char      *vnl_as_path_to_string  (const VnlAsPath *path);

/* Where a route came from, as the tables show it. */
typedef enum
{
  VNL_ORIGIN_NETWORK,       /* the speaker's own VNet or site prefixes */
  VNL_ORIGIN_TRANSIT_PEER,  /* a peered VNet that uses this gateway (gateway transit) */
  VNL_ORIGIN_STATIC,        /* local network gateway prefixes, VNet-to-VNet without BGP */
  VNL_ORIGIN_BGP,           /* learned over a BGP session */
} VnlOrigin;

/* Azure gateways weigh routes by how they were learned (spec G6). */
#define VNL_WEIGHT_EXPRESSROUTE  32769
#define VNL_WEIGHT_DEFAULT       32768
#define VNL_LOCAL_PREF_DEFAULT   100

/* One candidate route: 40 bytes, the fields ordered so that nothing pads
 * (a converged 8,000-VNet design holds some 360,000 of them). */
typedef struct
{
  VnlAsPath  *path;          /* owned */
  guint16     ref_count;     /* a table, an origin list and a caller at most */
  VnlOrigin   origin : 2;
  guint       from_customer : 1;  /* an MSEE learned it from a CE */
  guint       global_reach : 1;   /* learned over Global Reach */
  guint       exportable : 1;     /* static routes that are not re-advertised clear it */
  guint       in_arena : 1;       /* from a VnlRouteArena: unref gives it back there */
  guint       no_advertise : 1;   /* carries the NO_ADVERTISE community (65535:65282) */
  guint       rs_rank : 2;        /* a route server's hub routing preference, 0 best;
                                     0 on every other speaker */
  VnlPrefix   prefix;
  int         session;       /* session it came over, -1 when local */
  int         neighbor;      /* speaker it came from, -1 when local */
  guint32     next_hop;      /* the neighbour's address on that session, 0 when local */
  guint32     local_pref;
  guint16     conn_weight;   /* ExpressRoute connection routing weight (0 to 32,000) */
  guint16     weight;        /* 0, or an Azure gateway's 32768 / 32769 (G6) */
} VnlRoute;

G_STATIC_ASSERT (sizeof (VnlRoute) <= 40);

VnlRoute  *vnl_route_new          (const VnlPrefix *prefix,
                                   VnlAsPath       *path,
                                   VnlOrigin        origin);
VnlRoute  *vnl_route_copy         (const VnlRoute  *route);
VnlRoute  *vnl_route_ref          (VnlRoute        *route);
/* Memory for the arenas of a network (its routes, its RIB entries): 64 KiB
 * chunks aligned on their size, freed all at once. Past an arena's first
 * VNL_CHUNKS_SMALL chunks (512 KiB) they are carved out of 2 MiB regions mapped
 * apart and offered to the kernel for transparent huge pages: a big
 * network's first convergence takes one page fault per 2 MiB rather than
 * one per 4 KiB, and small designs keep small chunks. */
#define VNL_CHUNK_BYTES   65536
#define VNL_CHUNKS_SMALL  8

typedef struct
{
  GPtrArray *all;          /* owned array, of every chunk in allocation order */
  GPtrArray *small;        /* owned, nullable: the chunks from malloc */
  GPtrArray *regions;      /* owned array, nullable: the mapped regions */
  guint8    *next;         /* borrowed: the next free chunk of the last region */
} VnlChunks;

/* Sets the process's malloc up for building networks (vnl-bgp.c); once,
 * at the start of main(). */
void       vnl_memory_init        (void);
gpointer   vnl_chunks_alloc       (VnlChunks       *chunks);
void       vnl_chunks_clear       (VnlChunks       *chunks);
/* Bytes of the chunks every VnlChunks of the process took from its
 * mapped regions (outside malloc, so that a measure of the heap adds
 * them; a region's untouched rest is not counted, as malloc does not
 * count what it keeps free). */
gsize      vnl_chunks_mapped_bytes (void);

/* Routes in bulk: fixed-size slots in big aligned chunks, a freed route's
 * slot reused by the next, every chunk released at once with the arena
 * (a network's routes: BIRD's slab of rte). Every route made in an arena
 * must be unreferenced before vnl_route_arena_free(). */
typedef struct _VnlRouteArena VnlRouteArena;

VnlRouteArena *vnl_route_arena_new  (void);
void       vnl_route_arena_free   (VnlRouteArena   *arena);
VnlRoute  *vnl_route_new_in       (VnlRouteArena   *arena,
                                   const VnlPrefix *prefix,
                                   VnlAsPath       *path,
                                   VnlOrigin        origin);
VnlRoute  *vnl_route_copy_in      (VnlRouteArena   *arena,
                                   const VnlRoute  *route);
void       vnl_route_unref        (VnlRoute        *route);
/* Same attributes (everything a neighbour would see change). */
gboolean   vnl_route_same         (const VnlRoute  *a,
                                   const VnlRoute  *b);

/* Why one route won over another: each value is one rung of the ladder in
 * vnl_route_compare(), in order. */
typedef enum
{
  VNL_REASON_ONLY_ROUTE,
  VNL_REASON_LOCAL_ORIGIN,      /* own networks over anything learned */
  VNL_REASON_WEIGHT,            /* ExpressRoute (32769) over VPN (32768) */
  VNL_REASON_CONNECTION_WEIGHT, /* higher ExpressRoute connection weight */
  VNL_REASON_LOCAL_PREF,        /* higher local preference */
  VNL_REASON_AS_PATH,           /* shorter AS path */
  VNL_REASON_ECMP,              /* equal: multipath */
  VNL_REASON_TIE_BREAK,         /* equal, multipath off: lowest neighbour address */
  VNL_REASON_SYSTEM_ROUTE,      /* VNet tables: a VNet or peering system route
                                   covers the prefix and wins (G2) */
  VNL_REASON_ROUTE_TYPE,        /* VNet tables: same prefix, BGP over the
                                   default system route (G2) */
  /* Subnet tables with a route table (vnl-rules.c, _vnl_subnet_route): */
  VNL_REASON_USER_DEFINED,      /* a user-defined route of the same or a
                                   longer prefix wins over BGP and system */
  VNL_REASON_UDR_DEFAULT,       /* a user-defined 0.0.0.0/0 removes the None
                                   routes of 10/8, 192.168/16, 100.64/10 */
  VNL_REASON_PROPAGATION_OFF,   /* "propagate gateway routes" is off */
  VNL_REASON_NEXT_HOP_NOT_VPN,  /* VirtualNetworkGateway: no VPN gateway, or
                                   VPN and ExpressRoute coexist */
  VNL_REASON_NEXT_HOP_UNREACHABLE, /* VirtualAppliance: the IP is not in the
                                      VNet or a directly peered VNet */
  VNL_REASON_FIREWALL_DEFAULT,  /* a default route not to the Internet on
                                   AzureFirewallSubnet without a management
                                   subnet is disabled */
  VNL_REASON_ROUTE_SERVER_PREFERENCE, /* a route server's hub routing preference
                                         (ExpressRoute, VPN/NVA), after own
                                         networks, before the weight */
  /* Virtual WAN hub route tables (vnl-vwan.c, hub_route_compare): */
  VNL_REASON_HUB_STATIC,        /* static over BGP */
  VNL_REASON_HUB_LOCAL,         /* a local connection's over a remote hub's */
  VNL_REASON_HUB_ER_OVER_VPN,   /* all local: ExpressRoute over VPN */
  VNL_REASON_HUB_REMOTE_VPN_OVER_ER, /* all remote: VPN over ExpressRoute */
  VNL_REASON_HUB_PREFERENCE,    /* hub routing preference VPN: VPN over ExpressRoute */
  VNL_REASON_HUB_ROUTING_INTENT, /* the private traffic policy: via the firewall */
} VnlReason;

const char *vnl_reason_to_string  (VnlReason reason);
const char *vnl_origin_to_string  (VnlOrigin origin);

/* The best-path comparator, a total order: < 0 when @a is better, > 0 when
 * @b is better, 0 only for the same route (same neighbour address, session
 * and neighbour). @reason tells which rung decided; VNL_REASON_TIE_BREAK
 * when only the final tie-break did. */
int        vnl_route_compare      (const VnlRoute  *a,
                                   const VnlRoute  *b,
                                   VnlReason       *reason);
/* Multipath: can @route be used together with @best (equal on every rung
 * before the tie-break, both learned over BGP)? As BIRD's
 * bgp_rte_mergable(), apart from the order. */
gboolean   vnl_route_mergeable    (const VnlRoute  *best,
                                   const VnlRoute  *route);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlRoute, vnl_route_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlAsPath, vnl_as_path_unref)

G_END_DECLS
