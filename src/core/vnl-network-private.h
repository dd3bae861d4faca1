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
 * the selected ones: an open-addressing table (Rib) of entries that all
 * come from one arena per network (EntryArena), as the routes the speakers
 * send each other come from one VnlRouteArena, so that a table costs no
 * allocation per prefix and a network's memory goes back in chunks.
 * For the longest-prefix lookups of forwarding, each
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
  SPK_ROUTE_SERVER,    /* Azure Route Server (vnl-route-server.c) */
  SPK_APPLIANCE,       /* an appliance that speaks BGP (asn set) */
} SpeakerKind;

typedef enum
{
  SES_ER,              /* ExpressRoute gateway ↔ MSEE, one per link of the circuit */
  SES_CIRCUIT,         /* MSEE ↔ CE over a circuit link */
  SES_GLOBAL_REACH,    /* MSEE ↔ MSEE of another circuit */
  SES_S2S,             /* VPN gateway ↔ CE or local network gateway */
  SES_V2V,             /* VPN gateway ↔ VPN gateway */
  SES_RS_PEER,         /* route server ↔ appliance, a route-server-peering */
  SES_RS_GATEWAY,      /* route server ↔ a gateway of its VNet (no object of its own) */
  SES_SDWAN,           /* appliance ↔ a branch's CE over an sd-wan-tunnel */
  SES_HUB,             /* two Virtual WAN hub gateways, through the hub router(s) (vnl-vwan-transit.c) */
} SessionKind;



/* A set of routes stored compactly: one route in place, more in an array
 * whose size is the next power of two (the count alone tells which). */
typedef union
{
  VnlRoute  *one;
  VnlRoute **many;
} RouteSlots;

/* Every candidate for one prefix, the selected ones first (in tie-break
 * order): 16 bytes, one route in place. */
typedef struct
{
  RouteSlots cands;    /* owned refs: every candidate; [0, n_best) selected */
  guint16    n_cands;
  guint8     n_best;
  guint8     reason;   /* VnlReason */
  guint8     queued : 1;
  guint8     stale : 1; /* a selected candidate was replaced or withdrawn
                           since decide(): its selection has changed */
} Entry;

G_STATIC_ASSERT (sizeof (Entry) <= 16);

typedef struct
{
  int     speaker;
  guint64 key;
  Entry  *entry;    /* borrowed: the queue's only, while queued (a queued
                       entry stays in its RIB until converge() takes it) */
} QueueItem;        /* a (speaker, prefix) to re-decide */

/* The FIFO of convergence: blocks of items in a list, a consumed block
 * reused for the tail, so that the queue costs what is in flight (not
 * every update of a convergence) and never moves what it holds. */
#define QUEUE_BLOCK 1024

typedef struct _QueueBlock QueueBlock;

struct _QueueBlock
{
  QueueBlock *next;        /* owned */
  guint       head;
  guint       tail;
  QueueItem   items[QUEUE_BLOCK];
};

typedef struct
{
  QueueBlock *first;       /* owned: the list, head to tail */
  QueueBlock *last;        /* borrowed */
  QueueBlock *spare;       /* owned: consumed blocks, linked by next */
} Queue;

static inline VnlRoute **
entry_cands (Entry *entry)
{
  return entry->n_cands <= 1 ? &entry->cands.one : entry->cands.many;
}

static inline VnlRoute **
entry_best (Entry *entry)
{
  return entry_cands (entry);
}

/* The first selected route, NULL when the entry has none. */
static inline VnlRoute *
entry_winner (Entry *entry)
{
  return entry->n_best > 0 ? entry_best (entry)[0] : NULL;
}

/* Entries are allocated in chunks and freed all at once with the
 * network; an entry is named by its index in the arena (what a RIB slot
 * holds), and a freed one goes on a free list of indices (through its
 * `cands`). */
typedef struct
{
  VnlChunks  chunks;       /* owned, of Entry[ENTRY_CHUNK] */
  guint      used;         /* entries handed out, freed ones included */
  guint      free;         /* the first free entry's index + 1, 0 none */
} EntryArena;

#define ENTRY_CHUNK (VNL_CHUNK_BYTES / sizeof (Entry))
/* A RIB slot has 26 bits for the index + 1: 67 million entries. */
#define ENTRY_INDEX_MAX ((1u << 26) - 2)

static inline Entry *
_vnl_entry_at (const EntryArena *arena,
               guint             index)
{
  return (Entry *) arena->chunks.all->pdata[index / ENTRY_CHUNK] + index % ENTRY_CHUNK;
}

/* A speaker's RIB: prefix key → Entry*, an open-addressing hash table
 * (linear probing, at most 7/8 full, backward-shift deletion) of 8-byte
 * slots: the prefix's address, and its length with the index of its
 * entry in the network's arena (EntryArena). Entries never move, so an
 * Entry* stays valid until its prefix leaves the RIB. */
typedef struct
{
  guint32  addr;
  guint32  tag;            /* (entry index + 1) << 6 | prefix length; 0: a free slot */
} RibSlot;

#define RIB_TAG_LEN(tag)   ((tag) & 63)
#define RIB_TAG_INDEX(tag) (((tag) >> 6) - 1)

typedef struct
{
  RibSlot          *slots; /* owned; NULL while nothing was ever added */
  guint             size;  /* slots: 0 or a power of two */
  guint             shift; /* 64 - log2 (size) */
  guint             len;   /* entries */
  const EntryArena *arena; /* borrowed: the network's */
} Rib;

static inline guint
_vnl_rib_home (const Rib *rib,
               guint64    key)
{
  /* Fibonacci hashing: the key's high bits decide, mixed by the multiply. */
  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> rib->shift);
}

static inline guint64
_vnl_rib_slot_key (const RibSlot *slot)
{
  return ((guint64) slot->addr << 8) | RIB_TAG_LEN (slot->tag);
}

static inline Entry *
_vnl_rib_lookup (const Rib *rib,
                 guint64    key)
{
  guint32 addr = (guint32) (key >> 8);
  guint32 len = (guint32) (key & 0xff);

  if (rib->len == 0)
    return NULL;
  for (guint i = _vnl_rib_home (rib, key);; i = (i + 1) & (rib->size - 1))
    {
      const RibSlot *slot = &rib->slots[i];

      if (slot->tag == 0)
        return NULL;
      if (slot->addr == addr && RIB_TAG_LEN (slot->tag) == len)
        return _vnl_entry_at (rib->arena, RIB_TAG_INDEX (slot->tag));
    }
}

/* The same table as a map of prefix keys to small indices, for tables
 * that hold no Entry (the Virtual WAN hub tables: an index in their
 * selections): @key's index + 1, 0 when absent. */
static inline guint
_vnl_rib_find_index (const Rib *rib,
                     guint64    key)
{
  guint32 addr = (guint32) (key >> 8);
  guint32 len = (guint32) (key & 0xff);

  if (rib->len == 0)
    return 0;
  for (guint i = _vnl_rib_home (rib, key);; i = (i + 1) & (rib->size - 1))
    {
      const RibSlot *slot = &rib->slots[i];

      if (slot->tag == 0)
        return 0;
      if (slot->addr == addr && RIB_TAG_LEN (slot->tag) == len)
        return RIB_TAG_INDEX (slot->tag) + 1;
    }
}

typedef struct
{
  const Rib *rib;
  guint      i;
} RibIter;

static inline void
_vnl_rib_iter_init (RibIter   *iter,
                    const Rib *rib)
{
  iter->rib = rib;
  iter->i = 0;
}

/* The next entry, in no particular order; @key may be NULL. The RIB must
 * not change during the walk. */
static inline gboolean
_vnl_rib_iter_next (RibIter  *iter,
                    guint64  *key,
                    Entry   **entry)
{
  while (iter->i < iter->rib->size)
    {
      const RibSlot *slot = &iter->rib->slots[iter->i++];

      if (slot->tag == 0)
        continue;
      if (key != NULL)
        *key = _vnl_rib_slot_key (slot);
      *entry = _vnl_entry_at (iter->rib->arena, RIB_TAG_INDEX (slot->tag));
      return TRUE;
    }
  return FALSE;
}

/* Address ranges [start[i], start[i + 1]) and their longest match. */
typedef struct
{
  guint32   *start;        /* owned */
  Entry    **entry;        /* owned array, borrowed entries; NULL: no route */
  guint      len;
  gboolean   valid;
} LpmTable;

/* The network's interned AS paths (_vnl_speaker_prepend()). */
typedef struct
{
  VnlAsPath *path;         /* owned ref; NULL: a free slot */
  guint32    asn;
  VnlAsPath *longer;       /* owned ref: @path with @asn prepended */
} PrependSlot;

typedef struct
{
  PrependSlot *slots;      /* owned */
  guint        size;       /* 0 or a power of two */
  guint        len;
} PrependTable;

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
  Rib          rib;        /* owned: prefix key → Entry* */
  guint        len_count[33];
  LpmTable     lpm[2];     /* owned: every selected prefix; [1] learned only */
  guint        lpm_probes; /* lookups since the tables went stale */
  VnlRoute   **local;      /* owned, nullable: the routes originated here
                              (owned refs), sorted by (prefix key, session) */
  guint        n_local;
  VnlAsPath   *last_path;  /* borrowed (held by the network's prepended): the last path */
  VnlAsPath   *last_longer; /* looked up there, and what it gave: a speaker
                              sends one path over each of its sessions in turn */
  int          appliance;  /* SPK_APPLIANCE: index in appliances, else -1 */
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
  gboolean     agrees;     /* vnl_design_session_agrees(), asked once */
  VnlObject   *lng;        /* borrowed: S2S: the local network gateway it needs */
  guint        conn_weight;
  /* Prefix limits (spec §4, vnl_limits_session_prefixes()): side i drops
   * the session when it holds more than prefix_limit[i] routes learned
   * over it (0: no limit); received[i] counts them, kept by
   * set_candidate(). A dropped session stays down until the next what-if
   * or rebuild, which try it again; `dropped` holds the count that
   * dropped it and `dropped_side` the side that did. */
  guint        prefix_limit[2];
  guint        received[2];
  guint        dropped;
  int          dropped_side;
  /* Each side's CE policy towards the session (CE sides only; NULL for
   * none), found once at compile time rather than by name on every
   * export, and its sorted export prefix keys, found on first use. */
  VnlCePolicy *ce_policy[2];    /* borrowed */
  GArray      *export_keys[2];  /* borrowed from export_lists: sorted VnlPrefix */
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
  GArray    *users;        /* owned, of int: VNets whose gw_owner is this one,
                              in index order */
  GArray    *peerings;     /* owned, of int: the peerings with an end here,
                              in index order */
  int        rs;           /* its route server's speaker, -1 none */
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

/* A network virtual appliance or an Azure Firewall: a device in a VNet
 * that forwards by the routes of its NIC's subnet. */
typedef struct
{
  VnlObject  *object;      /* borrowed: VnlAppliance or VnlFirewall */
  int         vnet;        /* index in vnets */
  gboolean    firewall;    /* Azure Firewall */
  gboolean    stateful;    /* a firewall always is */
  guint32     nics[2];     /* NIC addresses, 0: none */
  int         speaker;     /* its BGP speaker (SPK_APPLIANCE), -1 none */
} NetAppliance;
/* A state computed from an object's own up/down (what the rules of
 * _vnl_compute_states() read): what a what-if change of the object
 * starts recomputing from. */
typedef enum
{
  DEP_VNET,                /* the VNet's up */
  DEP_SITE,                /* the site's up */
  DEP_PEERING,             /* the peering routes and gateways of its ends */
  DEP_SPEAKER,             /* the speaker's up */
  DEP_SESSION,             /* the session's up */
  DEP_HUB,                 /* what the gateways of a Virtual WAN hub (index:
                              its engine VNet) originate (vnl-vwan.c) */
} StateDepKind;

typedef struct
{
  gconstpointer object;    /* borrowed: whose up/down is read */
  StateDepKind  kind;
  int           index;
} StateDep;

typedef enum
{
  DEV_NONE,
  DEV_ENDPOINT,
  DEV_VNET,
  DEV_SPEAKER,
  DEV_SITE_HOP,
  DEV_APPLIANCE,           /* idx: in appliances */
  DEV_HUB,                 /* a Virtual WAN hub router (vnl-vwan.c): idx the hub,
                              sub the route table it routes by */
} DevKind;

typedef struct
{
  DevKind kind;
  int     idx;
  int     sub;             /* site hops: hop index */
} Dev;

#define DEV_BLOCK 256

struct _VnlNetwork
{
  GObject      parent_instance;

  VnlDesign   *design;      /* owned */
  GHashTable  *overrides;   /* owned: name → GINT_TO_POINTER (up + 1) */
  GHashTable  *override_objects; /* owned: the same by object (borrowed),
                                    rebuilt with the network */
  GHashTable  *override_instances; /* owned: "GATEWAY/N" → GINT (up + 1) */

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
  GHashTable  *owners;      /* address → Dev* (borrowed from dev_blocks) */
  GPtrArray   *dev_blocks;  /* owned, of Dev[DEV_BLOCK]: the owners' */
  guint        dev_used;    /* in the last block */
  GArray      *appliances;  /* of NetAppliance: appliances and firewalls */
  GHashTable  *frontends;   /* owned: load balancer frontend address →
                               GArray of int (owned): its appliances, in
                               design order */
  GHashTable  *subnet_tables; /* owned, lazily: VnlSubnet* → the first
                               route table naming it (VnlUdrTable*) */
  GHashTable  *nsg_subnets; /* owned, lazily: "VNET/SUBNET" (owned) → the
                               first network security group naming it */
  GHashTable  *nsg_nics;    /* owned, lazily: endpoint name (borrowed) →
                               the first group naming its NIC */
  GHashTable  *endpoints_by_address; /* owned, lazily: address → the
                                       VnlEndpoint in an application security group */
  GHashTable  *export_lists; /* owned, lazily: VnlCePolicy* → its export
                               list (GArray of VnlPrefix, referenced) sorted
                               by prefix key */
  gboolean     fresh;       /* compiled, tables still empty: the next
                               rebuild of states sends nothing over the
                               sessions it finds up (converge() does) */
  GArray      *dependents;  /* owned, of StateDep: the states that read each
                               object's own, sorted by object (bisection) */
  AddrSet      design_space; /* owned: every VNet, site and local network
                                gateway prefix of the design */

  EntryArena   entries;     /* owned: every Entry of every RIB */
  PrependTable prepended;   /* owned: the paths speakers send, interned */
  VnlRouteArena *routes;    /* owned: the routes speakers send each other,
                               kept across rebuilds */
  Queue        queue;       /* owned */
  guint        updates;     /* entries processed by the last convergence */
  guint64      update_limit;
  gboolean     converged;   /* FALSE when the limit stopped an oscillation */

  VnlFlow      flow;        /* what traces are filtered for (vnl-nsg.c) */
  GArray      *change_log;  /* borrowed, nullable: when set, every (speaker,
                               prefix key) whose selection a convergence
                               changed is appended, as a QueueItem (the
                               report's what-ifs) */
  struct _VnlVwan *vwan;    /* owned, nullable: Virtual WAN hubs (vnl-vwan.h) */
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
  VNET_NEXT_APPLIANCE, /* a user-defined route to a VirtualAppliance IP */
  VNET_NEXT_HUB,       /* a route its Virtual WAN hub programs into it */
} VnetNext;

typedef struct
{
  VnetNext         next;
  const VnlUdr    *udr;    /* borrowed: the user-defined route used, else NULL */
  const PeerRoute *peer;   /* borrowed: VNET_NEXT_PEERING */
  int              gw;     /* VNET_NEXT_GATEWAY: the gateway speaker, else -1 */
  Entry           *entry;  /* borrowed: VNET_NEXT_GATEWAY: its RIB entry */
  const void      *hub_route; /* borrowed: VNET_NEXT_HUB: the HubRoute (vnl-vwan.h) */
  int              hub_table; /* VNET_NEXT_HUB: the route table it came from */
} VnetRoute;

/* vnl-network-compile.c */
void       _vnl_network_compile        (VnlNetwork *self);
void       _vnl_network_clear_compiled (VnlNetwork *self);
/* Drops the RIB's references to routes and its slots; the entries go
 * with the arena. */
void       _vnl_rib_clear              (Rib        *rib);
/* Adds @key (not in @rib) → @index, for tables keyed by prefix that hold
 * no Entry (the hub route tables of vnl-vwan.c; read back with
 * _vnl_rib_find_index()). */
/* vnl-rules.c: is @prefix equal to or inside the space of @speaker's VNet
 * or of a VNet using it (gateways and route servers refuse those)? */
gboolean   _vnl_speaker_serves         (VnlNetwork      *self,
                                        Speaker         *speaker,
                                        const VnlPrefix *prefix);
void       _vnl_rib_insert_index       (Rib        *rib,
                                        guint64     key,
                                        guint       index);
void       _vnl_queue_clear            (Queue       *queue);
void       _vnl_entry_arena_clear      (EntryArena *arena);

/* The interned @path with @speaker's ASN prepended (transfer full). */
VnlAsPath *_vnl_speaker_prepend        (VnlNetwork *self,
                                        Speaker    *speaker,
                                        VnlAsPath  *path);
void       _vnl_prepend_table_clear    (PrependTable *table);
void       _vnl_speaker_clear_local    (Speaker      *speaker);

void       _vnl_addr_set_init          (AddrSet    *set,
                                        GArray     *prefixes);
void       _vnl_addr_set_clear         (AddrSet    *set);
gboolean   _vnl_addr_set_contains      (const AddrSet *set,
                                        guint32        addr);

/* vnl-tables.c: frees one row of a VnlRouteTable. */
void       _vnl_route_row_free      (VnlRouteRow *row);

/* vnl-rules.c */
gboolean  *_vnl_compute_states      (VnlNetwork  *self);
/* The policy of @ce towards the neighbour over @peer (a link, connection
 * or tunnel name), NULL when it has none. */
VnlCePolicy *_vnl_ce_policy         (VnlCe       *ce,
                                     const char  *peer);
/* The parts of it, for the objects a change reaches: a speaker's and a
 * session's state from the states they read; a VNet's peering routes and
 * the VNet whose gateways it uses (G18), from its peerings. */
gboolean   _vnl_speaker_up          (VnlNetwork  *self,
                                     int          index);
gboolean   _vnl_session_up          (VnlNetwork  *self,
                                     int          index);
void       _vnl_vnet_links          (VnlNetwork  *self,
                                     int          v);
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
/* Route tables (user-defined routes): the table of the subnet of VNet @v
 * that holds @addr (NULL: none, the VNet's ladder alone decides); whether
 * one route can be used (VNL_REASON_ONLY_ROUTE) or why it is Invalid; the
 * route a packet leaving that subnet takes, the VNet's ladder with the
 * user-defined rungs on top. */
VnlUdrTable *_vnl_subnet_table      (VnlNetwork  *net,
                                     int          v,
                                     guint32      addr,
                                     const char **subnet);
VnlReason  _vnl_udr_check           (VnlNetwork        *net,
                                     int                v,
                                     const VnlUdrTable *table,
                                     const VnlUdr      *udr);
void       _vnl_subnet_route        (VnlNetwork  *net,
                                     int          v,
                                     VnlUdrTable *table,
                                     guint32      addr,
                                     VnetRoute   *out);
/* Is @addr outside RFC 1918 and RFC 6598 (where Azure Firewall's network
 * rules SNAT)? */
gboolean   _vnl_firewall_snats      (guint32 addr);
/* 32 when @addr is a private endpoint whose /32 stands against @udr
 * (vnl-rules.c), else -1. */
int        _vnl_private_endpoint_len (VnlNetwork   *net,
                                      guint32       addr,
                                      const VnlUdr *udr);
/* The default None routes a user-defined 0.0.0.0/0 removes. */
gboolean   _vnl_udr_default_removes (const VnlPrefix *prefix);
/* What speaker @to receives from @from over session @s for the prefix
 * @key: the export and import filters in turn. */
VnlFilter  _vnl_session_filter      (VnlNetwork  *net,
                                     int          s,
                                     int          from,
                                     guint64      key);

gboolean   _vnl_network_obj_up      (VnlNetwork *self,
                                     gpointer    object);

/* vnl-route-server.c: Azure Route Server, its appliance peers and their
 * SD-WAN tunnels. Compiling (after the appliances and CEs); what the
 * route server and the appliances send and accept (called by
 * _vnl_export_route() and _vnl_import_route() for the sessions and
 * speakers that are theirs; NULL refuses with @why); what they
 * originate; the route a VNet using the route server takes. */
void       _vnl_route_server_compile (VnlNetwork *self);
/* vnl-network-compile.c, for it. */
int        _vnl_network_add_speaker (VnlNetwork  *self,
                                     SpeakerKind  kind,
                                     VnlObject   *object,
                                     guint32      asn,
                                     const char  *location);
int        _vnl_network_add_session (VnlNetwork  *self,
                                     SessionKind  kind,
                                     VnlObject   *object,
                                     int          a,
                                     guint32      addr_a,
                                     int          b,
                                     guint32      addr_b,
                                     gboolean     bgp);
gboolean   _vnl_route_server_export  (VnlNetwork *self,
                                      int         from,
                                      int         s,
                                      VnlRoute   *best,
                                      VnlFilter  *why);
gboolean   _vnl_route_server_import  (VnlNetwork *self,
                                      int         to,
                                      int         s,
                                      VnlRoute   *route,
                                      VnlFilter  *why);
void       _vnl_route_server_local   (VnlNetwork *self,
                                      int         index,
                                      GPtrArray  *out);
/* For VNet @nv's gateway rung when the VNet whose gateways it uses has a
 * route server up: the gateway whose route it programs (its own entry),
 * or the route server itself for an appliance's route; -1 none. */
int        _vnl_route_server_vnet_route (VnlNetwork *self,
                                         NetVnet    *owner,
                                         guint32     addr,
                                         Entry     **out_entry);
/* The route server's route to @addr learned from an appliance, or
 * NULL; and the appliance (index in appliances) that the route's next
 * hop is. */
int        _vnl_route_server_appliance_of (VnlNetwork     *self,
                                           const VnlRoute *route);
/* The gateway instance that carries side @side of @session: its own for a
 * tunnel of an active-active VPN gateway, else the first instance up from
 * its own (the standby takes over). FALSE when none is up; @instance is
 * -1 for a side that is no gateway or a gateway listing no instances. */
gboolean   _vnl_network_session_instance (VnlNetwork *self,
                                          Session    *session,
                                          int         side,
                                          int        *instance);
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
/* Filtered by the network security groups for the network's flow. */
gboolean   _vnl_network_endpoint_flow_reaches (VnlNetwork *self,
                                               guint       from,
                                               guint       to);
VnlReach   _vnl_network_endpoint_reaches_any_flow (VnlNetwork *self,
                                                   guint       from,
                                                   guint       to);
/* Endpoints whose walks outside their VNet's system routes are alike
 * (vnl-forward.c): whether the design allows it, and a group number >= 0,
 * or -1. */
gboolean   _vnl_network_transit_shared (VnlNetwork *net);
int        _vnl_network_endpoint_transit_group (VnlNetwork *net,
                                                guint       ep);
/* For the report (vnl-report.c): the walk of _vnl_network_endpoint_reaches
 * with the devices it steps through appended to @visits (nullable, of
 * Dev). */
gboolean   _vnl_network_endpoint_walk (VnlNetwork *self,
                                       guint       from,
                                       guint       to,
                                       GArray     *visits);

/* vnl-nsg.c: network security groups. The groups of endpoint @ep (its
 * subnet's, its NIC's; NULL when none or down); does the way through
 * them in @direction let a packet @src → @dst of @flow pass (with
 * @checks, a VnlNsgCheck appended for each group met); both ends of a
 * flow (for the matrix: the groups are all a delivered flow meets); the
 * prefixes a verdict can depend on (the matrix's atoms). */
void       _vnl_endpoint_nsgs       (VnlNetwork  *net,
                                     int          ep,
                                     VnlNsg     **subnet_nsg,
                                     VnlNsg     **nic_nsg,
                                     const char **subnet_name);
gboolean   _vnl_nsg_allows          (VnlNetwork      *net,
                                     int              ep,
                                     VnlNsgDirection  direction,
                                     guint32          src,
                                     guint32          dst,
                                     const VnlFlow   *flow,
                                     GPtrArray       *checks);
gboolean   _vnl_nsg_flow_allowed    (VnlNetwork    *net,
                                     guint          from,
                                     guint          to,
                                     const VnlFlow *flow);
void       _vnl_nsg_add_prefixes    (VnlNetwork *net,
                                     GArray     *prefixes);
/* The group of the subnet of appliance @app's NIC @nic (NULL for a
 * firewall), and whether it lets a packet through in @direction. */
VnlNsg    *_vnl_appliance_nsg       (VnlNetwork  *net,
                                     int          app,
                                     guint32      nic,
                                     const char **subnet_name);
gboolean   _vnl_appliance_nsg_allows (VnlNetwork      *net,
                                      int              app,
                                      guint32          nic,
                                      VnlNsgDirection  direction,
                                      guint32          src,
                                      guint32          dst,
                                      const VnlFlow   *flow,
                                      GPtrArray       *checks);

/* vnl-firewall.c: Azure Firewall network rules. Does @firewall let a
 * packet @src → @dst of @flow through (with @checks, one VnlNsgCheck
 * appended); its words for people; the rules' prefixes (matrix atoms). */
gboolean   _vnl_firewall_allows     (VnlNetwork    *net,
                                     VnlFirewall   *firewall,
                                     guint32        src,
                                     guint32        dst,
                                     const VnlFlow *flow,
                                     GPtrArray     *checks);
char      *_vnl_firewall_check_describe (const VnlNsgCheck *check);
/* vnl-forward.c: does a walk meet filters between its ends (a firewall,
 * a group on an appliance's subnet)? */
gboolean   _vnl_network_filters_on_path (VnlNetwork *net);
gboolean   _vnl_network_endpoint_flow_denied (VnlNetwork *self,
                                              guint       from,
                                              guint       to);
void       _vnl_firewall_add_prefixes (VnlNetwork *net,
                                       GArray     *prefixes);

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

/* Was @route learned from another hub gateway (SES_HUB, vnl-vwan-transit.c)? */
static inline gboolean
_vnl_vwan_transit_learned (VnlNetwork     *self,
                           const VnlRoute *route)
{
  return route->session >= 0 && ses (self, route->session)->kind == SES_HUB;
}

/* R-D2, a rule of _vnl_export_route() (vnl-rules.c): an ExpressRoute
 * gateway sends its circuit what it originates, never what it learned,
 * but for what came from its route server ([RS-ERVPN]) or, in a Virtual
 * WAN hub, over a hub session from another hub gateway. Inline, so that
 * convergence skips the export call for what such a gateway keeps back:
 * most of what it learns. */
static inline gboolean
_vnl_er_gateway_keeps (VnlNetwork     *self,
                       const Speaker  *speaker,
                       const Session  *session,
                       const VnlRoute *best)
{
  if (speaker->kind != SPK_GATEWAY || session->kind != SES_ER ||
      best->origin == VNL_ORIGIN_NETWORK || best->origin == VNL_ORIGIN_TRANSIT_PEER)
    return FALSE;
  if (best->session >= 0 && ses (self, best->session)->kind == SES_RS_GATEWAY)
    return FALSE;
  return !_vnl_vwan_transit_learned (self, best);
}

G_END_DECLS
