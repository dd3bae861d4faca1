/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-network-private.h"

G_BEGIN_DECLS

/*
 * Virtual WAN hub routing (vnl-vwan.c), inside a VnlNetwork.
 *
 * Each virtual hub is compiled as a VNet of the engine (a NetVnet over a
 * VnlVnet the VnlVwan owns, named like the hub, holding the hub's address
 * prefix): Azure builds the hub as a Microsoft-managed virtual network, and
 * so the hub's VPN and ExpressRoute gateways are ordinary gateway speakers
 * whose BGP sessions to CEs, local network gateways and MSEEs are the
 * engine's. The hub router is not a BGP speaker of the engine: its route
 * tables are computed here, after each convergence, from the design (the
 * VNet connections, their static routes, the tables' static routes and
 * labels) and from the routes the hub's gateways learned over BGP.
 *
 * Invariants: hubs[i].vnet is the engine VNet index of hub i; a table's
 * `sels` holds, per prefix (found by key in `index`, an open-addressing
 * table as a speaker's RIB), the candidates of that prefix in the
 * ladder's order (hub_route_compare()), the first n_best selected. The
 * candidates are records of one array per table (no allocation per
 * route); each connection keeps what it brings (ConnRoute), so that a
 * computation after a what-if rebuilds only the tables fed by the
 * connections whose routes, or whose hub's choice among them, changed.
 */

/* The next-hop types of a hub's effective routes, as Azure names them
 * ([VWAN-EFF] "Virtual Network Connection, VPN_S2S_Gateway,
 * ExpressRouteGateway, Remote Hub, or Azure Firewall"). */
typedef enum
{
  VNL_HUB_NEXT_VNET_CONNECTION,
  VNL_HUB_NEXT_VPN,
  VNL_HUB_NEXT_EXPRESSROUTE,
  VNL_HUB_NEXT_REMOTE_HUB,
  VNL_HUB_NEXT_FIREWALL,
} VnlHubNextHop;

typedef struct
{
  VnlPrefix      prefix;
  VnlHubNextHop  type;
  VnlHubNextHop  origin;      /* the kind of connection at its source (remote routes keep it) */
  gboolean       is_static;   /* a static route: of a table or of a VNet connection */
  gboolean       intent;      /* added by routing intent: connections see it, the firewall does not */
  gboolean       remote;      /* learned from another hub */
  int            hub;         /* the hub it leads to (remote: the hub it came from) */
  int            conn;        /* the connection it leads to, -1: the firewall */
  VnlAsPath     *path;        /* borrowed: its connection's ConnRoute's or the VnlVwan's shared paths */
  guint32        next_hop_ip; /* a static route's next hop IP, 0 none */
  const char    *next_hop;    /* borrowed: connection, gateway, hub or firewall name */
} HubRoute;

/* The candidates of one prefix in a table: cands[first, first + n_cands)
 * of the table, best first, the first n_best selected; the slice has room
 * for cap. None (n_cands 0): the prefix left the table. */
typedef struct
{
  guint      first;
  guint      n_cands;
  guint      cap;
  guint      n_best;
  VnlReason  reason;
} HubSel;

typedef struct
{
  VnlObject  *object;         /* borrowed: its VnlHubRouteTable, NULL: an implicit Default */
  int         hub;
  char       *name;           /* owned: "HUB/defaultRouteTable" or the object's name */
  GStrv       labels;         /* owned */
  gboolean    is_default;
  HubRoute   *routes;         /* owned: every candidate, by connection (in index
                                 order) then the table's own statics; a prefix
                                 patched since (table_patch()) appends its new
                                 ones, the old stay unused until the next build */
  guint       n_routes;
  guint       routes_size;    /* allocated; kept across rebuilds */
  guint       n_live;         /* routes some HubSel holds */
  HubRoute  **cands;          /* owned array of borrowed: routes grouped by prefix */
  guint       n_cands;        /* slices handed out */
  guint       cands_size;
  GArray     *sels;           /* owned, of HubSel: one per prefix, in order of first
                                 appearance in routes */
  Rib         index;          /* owned slots: prefix key → index in sels
                                 (_vnl_rib_find_index(); no arena) */
  guint       len_count[33];
  GArray     *sources;        /* owned, of int: the connections propagating to it
                                 (hub_best: the hub's own), in index order */
} HubTable;

/* One route a connection brings to its hub: a VNet's prefix, a VNet
 * connection's static route or what the hub gateway selected over it. */
typedef struct
{
  VnlPrefix   prefix;
  gboolean    is_static;
  gboolean    selected;       /* among its hub's own best: advertised to the other hubs */
  guint32     next_hop_ip;    /* a static route's next hop IP, 0 none */
  VnlAsPath  *path;           /* owned */
  VnlAsPath  *remote_path;    /* owned, nullable: path with 65520-65520 prepended; NULL
                                 for what never leaves the hub (0.0.0.0/0, static) */
} ConnRoute;

typedef struct
{
  VnlVirtualHub *hub;         /* borrowed */
  int            vnet;        /* the engine VNet that stands for it */
  int            default_table;
  VnlFirewall   *firewall;    /* borrowed, nullable: its Azure Firewall */
  int            firewall_app; /* index in net->appliances, -1 */
  VnlFirewall   *internet_policy; /* borrowed, nullable: routing intent */
  VnlFirewall   *private_policy;  /* borrowed, nullable */
} NetHub;

typedef struct
{
  VnlObject     *object;      /* borrowed: VnlHubConnection, VnlS2sConnection or VnlErConnection */
  VnlHubRouting *routing;     /* borrowed */
  int            hub;
  int            vnet;        /* VNet connections: the spoke, else -1 */
  int            gateway;     /* branches: the hub gateway's speaker, else -1 */
  int            table;       /* the associated table */
  VnlHubNextHop  type;
  GArray        *targets;     /* owned, of int: the tables it propagates to, once */
  GArray        *routes;      /* owned, nullable, of ConnRoute: what it brings now */
  GArray        *keys;        /* owned, of guint64: the prefixes whose routes, or
                                 whose choice by its hub, changed in this
                                 computation (unless all_dirty) */
  gboolean       all_dirty;   /* too many changed to list: every one did */
  gboolean       alive;       /* it and its hub were up at the last computation */
  gboolean       was_up;      /* its object was up then */
  gboolean       changed;     /* its routes or its hub's choice among them changed
                                 in this computation: its tables are patched
                                 (those keys) or rebuilt */
} NetHubConn;

typedef struct _VnlVwanTransit VnlVwanTransit;

/* Routes between hubs carry this ASN twice ([VWAN-EFF]). */
#define VWAN_INTER_HUB_ASN 65520

typedef struct _VnlVwan
{
  GPtrArray  *hub_vnets;      /* owned, of VnlVnet*: the hubs as VNets */
  GArray     *hubs;           /* of NetHub */
  GArray     *conns;          /* of NetHubConn */
  GPtrArray  *tables;         /* owned, of HubTable* */
  GPtrArray  *hub_best;       /* owned, of HubTable*, by hub: its connections'
                                 own routes, selected: what it advertises to
                                 the other hubs */
  GHashTable *hub_index;      /* hub name → index + 1 */
  GHashTable *vnet_hub;       /* engine VNet index + 1 → hub index + 1 */
  GHashTable *vnet_conn;      /* spoke VNet index + 1 → its first connection + 1 */
  gboolean    valid;          /* the tables are of the current convergence */
  VnlVwanTransit *transit;    /* owned, nullable: branch-to-branch (vnl-vwan-transit.c) */
  gboolean    built;          /* every table was computed once */
  gboolean   *gw_changed;     /* owned, by speaker: a selection changed since the
                                 last computation (_vnl_vwan_speaker_changed()) */
  guint       n_speakers;
  VnlAsPath  *empty_path;     /* owned: the path of local and static routes */
  VnlAsPath  *inter_hub_path; /* owned: 65520-65520, a VNet prefix from another hub */
} VnlVwan;

/* vnl-network-compile.c: the hubs as VNets (before the gateways), then
 * the connections and tables (after everything else). */
void        _vnl_vwan_compile_hubs  (VnlNetwork  *net,
                                     GPtrArray   *objects);
void        _vnl_vwan_compile       (VnlNetwork  *net);
void        _vnl_vwan_free          (VnlVwan     *vwan);
/* vnl-network.c: a convergence makes the tables stale; the selection of
 * @speaker changed (what a hub gateway selected feeds its branches'
 * connections). */
void        _vnl_vwan_invalidate    (VnlNetwork  *net);

static inline void
_vnl_vwan_speaker_changed (VnlNetwork *net,
                           int         speaker)
{
  if (net->vwan != NULL && (guint) speaker < net->vwan->n_speakers)
    net->vwan->gw_changed[speaker] = TRUE;
}
/* The tables of the current convergence, built now rather than by the
 * next lookup (vnl-bench.c times them so). */
void        _vnl_vwan_update        (VnlNetwork  *net);
/* vnl-rules.c: what a hub gateway originates towards its branches. */
void        _vnl_vwan_gateway_local (VnlNetwork  *net,
                                     int          speaker,
                                     GPtrArray   *out);
/* vnl-network-compile.c: the states _vnl_vwan_gateway_local() reads (a
 * VNet connection, its spoke) and the hubs whose gateways read them,
 * appended to @deps (of StateDep, DEP_HUB). */
void        _vnl_vwan_add_dependents (VnlNetwork *net,
                                      GArray     *deps);
/* The hub an engine VNet stands for, -1. */
int         _vnl_vwan_hub_of_vnet   (VnlNetwork  *net,
                                     int          v);
/* Forwarding: the route of @table for @addr, as a connection associated
 * with it sees it (@connection_view: routing intent applies) or as the
 * hub's firewall does; NULL when none. @n_best: the equal-cost routes. */
HubRoute  **_vnl_vwan_lookup        (VnlNetwork  *net,
                                     int          table,
                                     guint32      addr,
                                     gboolean     connection_view,
                                     guint       *n_best,
                                     VnlReason   *reason);
/* A spoke VNet's hub routes: the longest that its connection's table
 * programs into it for @addr ("only ... if the prefix is shorter (less
 * specific) than the virtual network prefix", 0.0.0.0/0 only with
 * internet security); NULL when none. @table: the associated table. */
HubRoute   *_vnl_vwan_vnet_route    (VnlNetwork  *net,
                                     int          v,
                                     guint32      addr,
                                     int         *table);
/* The programmed routes of spoke @v, every prefix once (borrowed). */
GPtrArray  *_vnl_vwan_vnet_routes   (VnlNetwork  *net,
                                     int          v);
const char *_vnl_hub_next_hop_name  (VnlHubNextHop type);
/* The hub spoke @v is connected to and the name of that connection;
 * -1 / NULL when none. */
int         _vnl_vwan_spoke_hub     (VnlNetwork  *net,
                                     int          v);
const char *_vnl_vwan_spoke_connection (VnlNetwork *net,
                                        int         v);
/* vnl-tables.c: the tables of hub @hub (all) or of one table. */
void        _vnl_vwan_add_tables    (VnlNetwork  *net,
                                     VnlObject   *object,
                                     const char  *table_name,
                                     GPtrArray   *tables);
/* Hub tables by name "HUB/TABLE" (TABLE: a table's name,
 * defaultRouteTable or Default). -1 when none. */
int         _vnl_vwan_table_by_path (VnlNetwork  *net,
                                     const char  *path);

/* Does branch or VNet connection @c propagate to hub @h's Default table? */
gboolean    _vnl_vwan_reaches_default (VnlVwan   *vwan,
                                       int        c,
                                       int        h);

/* vnl_network_set_up(): a what-if taking hub @object (any object: only
 * hubs count) down or up takes its engine VNet with it. */
void        _vnl_vwan_set_override    (VnlNetwork *net,
                                       VnlObject  *object,
                                       gboolean    up);

/* @path with 65520-65520 prepended (transfer full). */
VnlAsPath  *_vnl_vwan_inter_hub_path  (const VnlAsPath *path);

/* vnl-vwan-transit.c: branch-to-branch. After _vnl_vwan_compile(): the
 * sessions (SES_HUB) between the hub gateways. */
void        _vnl_vwan_compile_transit (VnlNetwork *net);
void        _vnl_vwan_transit_free    (VnlVwanTransit *transit);
/* vnl-rules.c: may hub gateway @from send @best over session @s? FALSE
 * with @why when not (branch-to-branch off, not propagated there, what
 * a gateway does not pass to another). */
gboolean    _vnl_vwan_transit_export  (VnlNetwork     *net,
                                       int             from,
                                       int             s,
                                       const VnlRoute *best,
                                       VnlFilter      *why);
/* vnl-rules.c: what a hub gateway receives over ExpressRoute (65515
 * shown as the MSEE's 12076). */
void        _vnl_vwan_transit_import  (VnlNetwork     *net,
                                       int             to,
                                       int             s,
                                       VnlRoute       *route);
/* The AS path of @out sent over SES_HUB session @s: 65520-65520
 * prepended between hubs, nothing within one. */
void        _vnl_vwan_transit_path    (VnlNetwork     *net,
                                       int             s,
                                       VnlRoute       *out);

G_END_DECLS
