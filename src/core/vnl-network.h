/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vnl-bgp.h"
#include "vnl-design.h"
#include "vnl-nsg.h"

G_BEGIN_DECLS

/*
 * VnlNetwork: the routing core's view of a design. It compiles the design
 * into BGP speakers (Azure gateways, MSEEs, CE routers, BGP-speaking local
 * network gateways) joined by sessions, converges their tables, and forwards
 * packets through them. The design is never modified: what-if states (an
 * object taken down) live in the network.
 */

#define VNL_NETWORK_ERROR (vnl_network_error_quark ())

typedef enum
{
  VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
  VNL_NETWORK_ERROR_UNKNOWN_ENDPOINT,
  VNL_NETWORK_ERROR_NOT_ROUTABLE,    /* not a node with a routing table */
  VNL_NETWORK_ERROR_NOT_NEIGHBOURS,  /* no session joins the two */
} VnlNetworkError;

GQuark vnl_network_error_quark (void);

#define VNL_TYPE_NETWORK (vnl_network_get_type ())
G_DECLARE_FINAL_TYPE (VnlNetwork, vnl_network, VNL, NETWORK, GObject)

VnlNetwork  *vnl_network_new            (VnlDesign   *design);
VnlDesign   *vnl_network_get_design     (VnlNetwork  *self);
/* Rebuilds everything from the design (after structural edits). */
void         vnl_network_rebuild        (VnlNetwork  *self);
/* What-if: takes any named object, or a gateway instance "GATEWAY/N"
 * (vnl_design_lookup_instance()), down or up, and re-converges
 * incrementally. */
gboolean     vnl_network_set_up         (VnlNetwork  *self,
                                         const char  *name,
                                         gboolean     up,
                                         GError     **error);
gboolean     vnl_network_is_up          (VnlNetwork  *self,
                                         const char  *name);
/* Statistics of the last convergence. */
guint        vnl_network_get_n_routes   (VnlNetwork  *self);
guint        vnl_network_get_n_speakers (VnlNetwork  *self);
guint        vnl_network_get_last_updates (VnlNetwork *self);
gboolean     vnl_network_is_converged   (VnlNetwork  *self);

/* Routing tables. */
typedef enum
{
  VNL_TABLE_VNET,         /* effective routes of a VNet */
  VNL_TABLE_GATEWAY,      /* learned routes of a VPN or ExpressRoute gateway */
  VNL_TABLE_MSEE,         /* one MSEE (circuit link) */
  VNL_TABLE_CE,           /* a CE router's BGP table */
  VNL_TABLE_LNG,          /* a BGP-speaking local network gateway */
  VNL_TABLE_ROUTE_SERVER, /* a route server: what it learned, per peer */
  VNL_TABLE_APPLIANCE,    /* the BGP table of an appliance that speaks BGP */
  VNL_TABLE_HUB,          /* a Virtual WAN hub route table (vnl-vwan.c) */
} VnlTableKind;

typedef struct
{
  VnlPrefix  prefix;
  char      *source;        /* owned: "Default", "Virtual network gateway", "EBgp"… */
  char      *next_hop_type; /* owned: VNet tables: "Virtual network", "VNet peering",
                               "Virtual network gateway", "Internet", "None" */
  char      *next_hop;      /* owned, nullable: addresses, comma separated */
  char      *learned_from;  /* owned, nullable: name of the neighbour or gateway */
  char      *as_path;       /* owned, nullable */
  guint32    weight;
  guint32    local_pref;
  gboolean   best;
  gboolean   active;        /* VNet tables: Active or Invalid */
  VnlReason  reason;        /* why the best won (best rows) */
} VnlRouteRow;

typedef struct
{
  VnlTableKind  kind;
  char         *node;      /* owned: the object's name */
  char         *title;     /* owned: e.g. "er1-primary (MSEE 192.168.30.18)" */
  GPtrArray    *rows;      /* owned, of VnlRouteRow*, sorted by prefix */
  char         *note;      /* owned, nullable: why routes are missing, e.g. a
                              BGP session dropped over a prefix limit */
} VnlRouteTable;

void           vnl_route_table_free    (VnlRouteTable *table);
/* The tables of @node: one for a VNet, gateway, CE or LNG; one per link for a
 * circuit (its MSEEs) or for a link name. */
GPtrArray     *vnl_network_get_tables  (VnlNetwork  *self,
                                        const char  *node,
                                        GError     **error);

/* A BGP session whose Azure side drops it when the peer advertises more
 * prefixes than it accepts (spec §4): ExpressRoute private peering, an
 * MSEE receiving from a CE (4,000 Local and Standard, 10,000 Premium);
 * a VPN gateway receiving from one BGP peer (4,000). */
typedef struct
{
  const char *session;   /* borrowed: the link or connection */
  const char *receiver;  /* borrowed: the side that enforces the limit (link, gateway) */
  const char *sender;    /* borrowed: its peer (CE, local network gateway, gateway) */
  guint       received;  /* prefixes the peer advertises (when dropped: when it was) */
  guint       limit;     /* the most the receiver accepts */
  gboolean    dropped;   /* received > limit: the session is down */
} VnlPrefixLimit;

/* Of VnlPrefixLimit, one per side of a session that has such a limit, in
 * session order (transfer container; the names borrowed from the design). */
GArray        *vnl_network_get_prefix_limits (VnlNetwork *self);
/* The sentence saying that @limit dropped its session (transfer full). */
char          *vnl_prefix_limit_describe (const VnlPrefixLimit *limit);

/* Why an export or import filter keeps a route from a neighbour: each value
 * is one rule of spec §4, returned by the filter that applies it. */
typedef enum
{
  VNL_FILTER_ACCEPT,
  VNL_FILTER_NO_ROUTE,           /* the sender has selected nothing */
  VNL_FILTER_SESSION_DOWN,       /* the session is down or does not run BGP */
  VNL_FILTER_SPLIT_HORIZON,      /* never back over the session it came over */
  VNL_FILTER_NOT_READVERTISED,   /* statics of a VNet-to-VNet connection without BGP (G17) */
  VNL_FILTER_ER_GATEWAY_LEARNED, /* an ExpressRoute gateway advertises only its VNets (R-D2) */
  VNL_FILTER_DEFAULT_ROUTE,      /* VPN gateways never advertise a default route (G15) */
  VNL_FILTER_OVERLAPS_VNET,      /* nor a learned route overlapping their VNets (G15) */
  VNL_FILTER_GLOBAL_REACH_TO_AZURE,      /* Global Reach routes go to the customer only (G13) */
  VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY, /* only customer routes cross Global Reach (G13) */
  VNL_FILTER_PREFIX_LIST,        /* a CE's outbound prefix list (R-D7) */
  VNL_FILTER_AS_LOOP,            /* the path holds the receiver's ASN (R-D6) */
  VNL_FILTER_NO_ER_VPN_TRANSIT,  /* a VNet's ExpressRoute and VPN gateways exchange nothing (A11, G7) */
  VNL_FILTER_PREFIX_LIMIT,       /* the session was dropped: the peer sent more prefixes than Azure accepts (§4) */
  VNL_FILTER_MATCHES_VNET,       /* a VPN gateway filters a site's route equal to or inside its VNets */
  /* Azure Route Server (spec §1.3 C, vnl-route-server.c): */
  VNL_FILTER_NO_BRANCH_TO_BRANCH, /* branch-to-branch off: appliances and gateways exchange nothing */
  VNL_FILTER_NO_ADVERTISE,       /* the route carries NO_ADVERTISE: sent to no other peer */
  VNL_FILTER_RS_INSIDE_VNET,     /* an appliance's route equal to or inside the VNets is not programmed */
  VNL_FILTER_RS_OWN_NETWORKS,    /* a route server and its VNet's gateways both originate the VNets */
  /* Virtual WAN (docs/vwan.md, vnl-vwan-transit.c): */
  VNL_FILTER_VWAN_NO_BRANCH_TO_BRANCH, /* the WAN's branch-to-branch off: no route between its branches */
  VNL_FILTER_VWAN_NOT_PROPAGATED,      /* the branch connection does not propagate to that hub's Default table */
} VnlFilter;

const char *vnl_filter_to_string (VnlFilter filter);

/* Does @to learn @prefix from its neighbour @from? The rule that refuses
 * it, replayed by the filters that decided (VNL_FILTER_ACCEPT when it is
 * sent and accepted). Two gateways of one VNet are neighbours that never
 * exchange routes (VNL_FILTER_NO_ER_VPN_TRANSIT). FALSE with @error when
 * they are not neighbours. */
gboolean    vnl_network_filter   (VnlNetwork      *self,
                                  const char      *from,
                                  const char      *to,
                                  const VnlPrefix *prefix,
                                  VnlFilter       *filter,
                                  GError         **error);

/* Data plane. */
typedef enum
{
  VNL_DROP_NONE,
  VNL_DROP_NO_ROUTE,      /* no route for the destination */
  VNL_DROP_NULL_ROUTE,    /* a route to None (Azure's drop for private ranges) */
  VNL_DROP_INTERNET,      /* leaves the design towards the Internet */
  VNL_DROP_DOWN,          /* the next device or link is down */
  VNL_DROP_LOOP,          /* TTL exhausted */
  VNL_DROP_NO_HOST,       /* the network is reached but nothing has that address */
  VNL_DROP_STATEFUL,      /* a stateful firewall or appliance saw only one
                             direction of the flow */
  VNL_DROP_DENIED,        /* routed, but a network security group denies the flow */
} VnlDropReason;

const char *vnl_drop_reason_to_string (VnlDropReason reason);

/* The kind of device a hop is. */
typedef enum
{
  VNL_HOP_ENDPOINT,
  VNL_HOP_SITE_ROUTER,
  VNL_HOP_CE_ROUTER,
  VNL_HOP_MSEE,
  VNL_HOP_EXPRESSROUTE_GATEWAY,
  VNL_HOP_VPN_GATEWAY,
  VNL_HOP_LOCAL_NETWORK_GATEWAY,
  VNL_HOP_INTERNET,               /* an address outside the design */
  VNL_HOP_APPLIANCE,              /* a network virtual appliance */
  VNL_HOP_FIREWALL,               /* Azure Firewall */
  VNL_HOP_HUB_ROUTER,             /* a Virtual WAN hub router (never answers) */
  VNL_N_HOP_KINDS
} VnlHopKind;

/* "expressroute-gateway", "msee"…: the name in JSON and CSV. */
const char *vnl_hop_kind_to_string (VnlHopKind kind);
/* "ExpressRoute gateway": translated, for people. */
const char *vnl_hop_kind_to_label  (VnlHopKind kind);

typedef struct
{
  guint       ttl;
  const char *node;        /* borrowed from the design */
  VnlHopKind  kind;
  guint32     address;     /* 0: silent hop (Request timed out) */
  guint32     device_address; /* the address the device would answer from */
  double      rtt_ms[3];
  guint       n_rtt;       /* 3 when it answered, 0 when silent */
} VnlHop;

typedef struct _VnlTrace VnlTrace;

struct _VnlTrace
{
  guint32        source;
  guint32        destination;
  const char    *source_name;   /* borrowed */
  gboolean       reached;
  GArray        *hops;          /* of VnlHop */
  GPtrArray     *path;          /* names of every object crossed, in order,
                                   including links, connections and VNets */
  GPtrArray     *crossed;       /* the devices and links alone (no VNets or
                                   sites), in order: what asymmetry compares */
  VnlDropReason  drop;
  const char    *drop_node;     /* borrowed, nullable */
  char          *drop_detail;   /* owned, nullable */
  double         one_way_ms;    /* to the destination, when reached */
  VnlTrace      *reverse;       /* owned, nullable: the return path */
  gboolean       asymmetric;    /* the return path crosses other devices or
                                   links (or the same in another order) */
  gboolean       internet;      /* reached: left the design to the Internet
                                   (the last hop is VNL_HOP_INTERNET) */
  guint32        snat_address;  /* the source address an Azure Firewall
                                   translated it to, 0: none; the return
                                   path then ends at that firewall */
  const char    *snat_node;     /* borrowed, nullable: that firewall */
  VnlFlow        flow;          /* what was traced (a reply: the reply's) */
  GPtrArray     *nsg_checks;    /* owned, of VnlNsgCheck*: the network security
                                   groups met, in order; empty for a reply,
                                   which is never filtered (stateful) */
  const VnlNsgCheck *denied_by; /* borrowed from nsg_checks: VNL_DROP_DENIED */
};

void        vnl_trace_free       (VnlTrace     *trace);
/* The flow traces, pings and matrices of the network are filtered for:
 * vnl_flow_icmp (an echo, as ping and tracert send) until set. */
void           vnl_network_set_flow (VnlNetwork    *self,
                                     const VnlFlow *flow);
const VnlFlow *vnl_network_get_flow (VnlNetwork    *self);
/* @from: an endpoint name or address; @to: an address or endpoint name; an
 * address no part of the design holds is on the Internet. */
VnlTrace   *vnl_network_trace    (VnlNetwork   *self,
                                  const char   *from,
                                  const char   *to,
                                  GError      **error);
/* A trace from endpoint @from to any address, in the design or not (the
 * Internet, a None route); with its return path when it arrives. */
VnlTrace   *vnl_network_trace_address (VnlNetwork  *self,
                                       VnlEndpoint *from,
                                       guint32      to);
/* Forward delivery only, no hop rendering: for matrices and benchmarks. */
gboolean    vnl_network_reaches  (VnlNetwork   *self,
                                  VnlEndpoint  *from,
                                  guint32       to);

/* Why a trace (or its return path) fails, in words, naming the design rule
 * that stops it; NULL when both directions arrive. */
char       *vnl_network_explain  (VnlNetwork   *self,
                                  VnlTrace     *trace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlTrace, vnl_trace_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlRouteTable, vnl_route_table_free)

G_END_DECLS
