/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * Internals shared by the control plane (vnl-network.c, compiled by
 * vnl-network-compile.c), the Azure rules (vnl-rules.c), the data plane
 * (vnl-forward.c), the tables (vnl-tables.c) and the explanations
 * (vnl-explain.c).
 *
 * Speakers and sessions are indexed arrays built once per rebuild; what-if
 * changes only flip their `up` flags and re-converge. A speaker's RIB maps
 * a prefix key (vnl_prefix_key) to an Entry with every candidate route and
 * the selected ones. For the longest-prefix lookups of forwarding, each
 * speaker compiles its selected prefixes after a convergence into one
 * sorted table of disjoint address ranges (the nested prefixes flattened,
 * each range naming its longest match), searched by bisection; any change
 * of a selection makes the table stale. Compiling costs about as much as
 * a few lookups per prefix, so it is done once the lookups since the last
 * change have paid for it (ski rental: a matrix compiles every speaker it
 * crosses, a single trace compiles none); until then `len_count`, the
 * prefixes per length, lets a lookup probe only the lengths that exist.
 */

#define ECMP_MAX_PATHS 8

typedef enum
{
  SPK_GATEWAY,
  SPK_MSEE,
  SPK_CE,
  SPK_LNG,
} SpeakerKind;

typedef enum
{
  SES_ER,              /* ExpressRoute gateway ↔ MSEE, one per link of the circuit */
  SES_CIRCUIT,         /* MSEE ↔ CE over a circuit link */
  SES_GLOBAL_REACH,    /* MSEE ↔ MSEE of another circuit */
  SES_S2S,             /* VPN gateway ↔ CE or local network gateway */
  SES_V2V,             /* VPN gateway ↔ VPN gateway */
} SessionKind;

typedef struct
{
  int     speaker;
  guint64 key;
} QueueItem;        /* a (speaker, prefix) to re-decide */

/* A set of routes stored compactly: one route in place, more in an array
 * whose size is the next power of two (the count alone tells which). */
typedef union
{
  VnlRoute  *one;
  VnlRoute **many;
} RouteSlots;

typedef struct
{
  RouteSlots cands;    /* owned refs: every candidate */
  RouteSlots best;     /* owned refs: the selected candidates, in tie-break order */
  guint16    n_cands;
  guint16    n_best;
  guint8     reason;   /* VnlReason */
  guint8     queued;
} Entry;

static inline VnlRoute **
entry_cands (Entry *entry)
{
  return entry->n_cands <= 1 ? &entry->cands.one : entry->cands.many;
}

static inline VnlRoute **
entry_best (Entry *entry)
{
  return entry->n_best <= 1 ? &entry->best.one : entry->best.many;
}

/* The first selected route, NULL when the entry has none. */
static inline VnlRoute *
entry_winner (Entry *entry)
{
  return entry->n_best > 0 ? entry_best (entry)[0] : NULL;
}

/* Address ranges [start[i], start[i + 1]) and their longest match. */
typedef struct
{
  guint32   *start;        /* owned */
  Entry    **entry;        /* owned array, borrowed entries; NULL: no route */
  guint      len;
  gboolean   valid;
} LpmTable;

typedef struct
{
  SpeakerKind  kind;
  VnlObject   *object;     /* borrowed: gateway, link (MSEE), CE or LNG */
  const char  *name;       /* borrowed */
  const char  *location;   /* borrowed */
  guint32      asn;
  gboolean     up;
  gboolean     allowas_in; /* accepts its own ASN in paths (R-D4) */
  guint        max_paths;
  int          vnet;       /* gateways: index in vnets */
  int          site;       /* CEs: index in sites */
  int          circuit;    /* MSEEs: index in circuits */
  GArray      *sessions;   /* owned, of guint */
  GHashTable  *rib;        /* owned: prefix key → Entry* */
  guint        len_count[33];
  LpmTable     lpm[2];     /* owned: every selected prefix; [1] learned only */
  guint        lpm_probes; /* lookups since the tables went stale */
  GHashTable  *local;      /* owned: (prefix key, session) → VnlRoute* originated here */
  GHashTable  *prepended;  /* owned: VnlAsPath* → the same path with asn
                              prepended (both referenced): one copy of
                              each path this speaker sends */
} Speaker;

typedef struct
{
  SessionKind  kind;
  VnlObject   *object;     /* borrowed: the connection, link or Global Reach */
  int          speaker[2];
  guint32      addr[2];    /* each side's address on the session */
  int          tunnel[2];  /* gateway sides: instance index, else -1 */
  gboolean     bgp;
  gboolean     up;
  guint        conn_weight;
} Session;

typedef struct
{
  VnlPrefix  prefix;
  int        vnet;
  VnlObject *peering;      /* borrowed */
} PeerRoute;

typedef struct
{
  VnlVnet   *vnet;         /* borrowed */
  gboolean   up;
  int        gw[2];        /* own gateways by VnlGatewayType, -1 */
  gboolean   has_gateway;  /* in the design, up or not */
  int        gw_owner;     /* VNet whose gateways it uses, -1 none */
  GArray    *peers;        /* owned, of PeerRoute: active peerings */
  GArray    *users;        /* owned, of int: VNets whose gw_owner is this one */
} NetVnet;

/* A set of addresses as sorted disjoint ranges [lo[i], hi[i]]: membership
 * by bisection instead of a scan of the prefixes. */
typedef struct
{
  guint32  *lo;            /* owned */
  guint32  *hi;            /* owned */
  guint     len;
} AddrSet;

typedef struct
{
  VnlSite   *site;         /* borrowed */
  gboolean   up;
  GArray    *ces;          /* owned, of int: speaker indices */
  AddrSet    prefixes;     /* owned: the site's prefixes, indexed */
} NetSite;

typedef struct
{
  VnlEndpoint *endpoint;   /* borrowed */
  int          vnet;       /* -1 when in a site */
  int          site;       /* -1 when in a VNet */
} NetEndpoint;

typedef struct
{
  VnlPeering *peering;     /* borrowed */
  int         ends[2];     /* VNet indices, -1 when not in the design */
} NetPeering;

typedef struct
{
  VnlCircuit *circuit;     /* borrowed */
  int         msee[2];     /* speakers of the primary and secondary links, -1 */
} NetCircuit;

typedef enum
{
  DEV_NONE,
  DEV_ENDPOINT,
  DEV_VNET,
  DEV_SPEAKER,
  DEV_SITE_HOP,
} DevKind;

typedef struct
{
  DevKind kind;
  int     idx;
  int     sub;             /* site hops: hop index */
} Dev;

struct _VnlNetwork
{
  GObject      parent_instance;

  VnlDesign   *design;      /* owned */
  GHashTable  *overrides;   /* owned: name → GINT_TO_POINTER (up + 1) */
  GHashTable  *override_objects; /* owned: the same by object (borrowed),
                                    rebuilt with the network */

  GArray      *speakers;    /* of Speaker */
  GArray      *sessions;    /* of Session */
  GArray      *vnets;       /* of NetVnet */
  GArray      *sites;       /* of NetSite */
  GArray      *endpoints;   /* of NetEndpoint */
  GArray      *circuits;    /* of NetCircuit */
  GArray      *peerings;    /* of NetPeering */
  GHashTable  *vnet_index;  /* name → index + 1 */
  GHashTable  *site_index;  /* name → index + 1 */
  GHashTable  *speaker_index; /* object name → index + 1 */
  GHashTable  *owners;      /* address → Dev* (owned) */
  GHashTable  *peerings_up; /* peering object → GINT (active) */
  AddrSet      design_space; /* owned: every VNet, site and local network
                                gateway prefix of the design */

  GArray      *queue;       /* owned, of QueueItem: a FIFO from queue_head */
  guint        queue_head;
  guint        updates;     /* entries processed by the last convergence */
  guint64      update_limit;
  gboolean     converged;   /* FALSE when the limit stopped an oscillation */
  GArray      *change_log;  /* borrowed, nullable: when set, every (speaker,
                               prefix key) whose selection a convergence
                               changed is appended, as a QueueItem (the
                               report's what-ifs) */
};

/* The default system routes of every subnet (spec G3): 0.0.0.0/0 to the
 * Internet, the private ranges to None. */
typedef struct
{
  guint32  addr;
  guint8   len;
  gboolean internet;
} DefaultRoute;

extern const DefaultRoute _vnl_default_routes[5];


/* A VNet's choice of next hop, rung by rung (R-D1). */
typedef enum
{
  VNET_NEXT_NONE,
  VNET_NEXT_VNET,      /* its own address space */
  VNET_NEXT_PEERING,   /* a peered VNet's address space */
  VNET_NEXT_GATEWAY,   /* a route learned by the gateways it uses */
  VNET_NEXT_INTERNET,  /* default route 0.0.0.0/0 */
  VNET_NEXT_NULL,      /* a default route to None */
} VnetNext;

typedef struct
{
  VnetNext         next;
  const PeerRoute *peer;   /* borrowed: VNET_NEXT_PEERING */
  int              gw;     /* VNET_NEXT_GATEWAY: the gateway speaker, else -1 */
  Entry           *entry;  /* borrowed: VNET_NEXT_GATEWAY: its RIB entry */
} VnetRoute;

/* vnl-network-compile.c */
void       _vnl_network_compile        (VnlNetwork *self);
void       _vnl_network_clear_compiled (VnlNetwork *self);
void       _vnl_entry_free             (Entry      *entry);

/* The interned @path with @speaker's ASN prepended (transfer full). */
VnlAsPath *_vnl_speaker_prepend        (Speaker    *speaker,
                                        VnlAsPath  *path);

void       _vnl_addr_set_init          (AddrSet    *set,
                                        GArray     *prefixes);
void       _vnl_addr_set_clear         (AddrSet    *set);
gboolean   _vnl_addr_set_contains      (const AddrSet *set,
                                        guint32        addr);

/* vnl-rules.c */
gboolean  *_vnl_compute_states      (VnlNetwork  *self);
GPtrArray *_vnl_compute_local       (VnlNetwork  *self,
                                     int          index);
VnlRoute  *_vnl_export_route        (VnlNetwork  *self,
                                     int          from,
                                     int          s,
                                     int          side,
                                     Entry       *entry,
                                     VnlFilter   *why);
VnlRoute  *_vnl_import_route        (VnlNetwork  *self,
                                     int          to,
                                     int          s,
                                     VnlRoute    *route,
                                     VnlFilter   *why);
gboolean   _vnl_gateway_entry_better (Entry      *a,
                                      Entry      *b,
                                      VnlReason  *why);
VnetNext   _vnl_vnet_system_route   (VnlNetwork       *net,
                                     int               v,
                                     const VnlPrefix  *prefix,
                                     const PeerRoute **peer);
void       _vnl_vnet_route          (VnlNetwork  *net,
                                     int          v,
                                     guint32      addr,
                                     VnetRoute   *out);
/* What speaker @to receives from @from over session @s for the prefix
 * @key: the export and import filters in turn. */
VnlFilter  _vnl_session_filter      (VnlNetwork  *net,
                                     int          s,
                                     int          from,
                                     guint64      key);

gboolean   _vnl_network_obj_up      (VnlNetwork *self,
                                     gpointer    object);
void       _vnl_speaker_clear_lpm   (Speaker    *speaker);
/* Longest-prefix match; with @learned_only the prefixes the speaker
 * originates itself are skipped (a VNet's system routes). */
Entry     *_vnl_speaker_lookup      (Speaker    *speaker,
                                     guint32     addr,
                                     gboolean    learned_only);
int        _vnl_network_vnet_of     (VnlNetwork *self,
                                     const char *name);
int        _vnl_network_site_of     (VnlNetwork *self,
                                     const char *name);
int        _vnl_network_speaker_of  (VnlNetwork *self,
                                     const char *name);

static inline Speaker *
spk (VnlNetwork *self, int i)
{
  return &g_array_index (self->speakers, Speaker, i);
}

static inline Session *
ses (VnlNetwork *self, int i)
{
  return &g_array_index (self->sessions, Session, i);
}

/* For the matrix (vnl-matrix.c): endpoints by index in `endpoints`. */
typedef enum
{
  VNL_REACH_NONE,      /* no flow is delivered */
  VNL_REACH_ALL,       /* every flow is delivered, whichever equal-cost path */
  VNL_REACH_DEPENDS,   /* it depends on the flow hash: ask per pair */
} VnlReach;

gboolean   _vnl_network_endpoint_reaches (VnlNetwork *self,
                                          guint       from,
                                          guint       to);
VnlReach   _vnl_network_endpoint_reaches_any_flow (VnlNetwork *self,
                                                   guint       from,
                                                   guint       to);
/* For the report (vnl-report.c): the walk of _vnl_network_endpoint_reaches
 * with the devices it steps through appended to @visits (nullable, of
 * Dev). */
gboolean   _vnl_network_endpoint_walk (VnlNetwork *self,
                                       guint       from,
                                       guint       to,
                                       GArray     *visits);

static inline NetVnet *
nvnet (VnlNetwork *self, int i)
{
  return &g_array_index (self->vnets, NetVnet, i);
}

static inline NetSite *
nsite (VnlNetwork *self, int i)
{
  return &g_array_index (self->sites, NetSite, i);
}

G_END_DECLS
