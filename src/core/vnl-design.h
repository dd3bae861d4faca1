/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vnl-prefix.h"

G_BEGIN_DECLS

/*
 * The design model.
 *
 * A VnlDesign owns every object the user places. Objects are plain structs
 * that start with a VnlObject header (kind, unique name, source line, canvas
 * position, administrative state) and refer to each other *by name*, never
 * by pointer: a reference is resolved with vnl_design_lookup() when it is
 * needed, so deleting or renaming an object can never leave a dangling
 * pointer behind, and a reference the loader could not resolve is kept and
 * reported rather than dropped.
 *
 * Invariants kept by the design:
 *  - names are unique across all objects of the design (the name index maps
 *    each name to exactly one object; a loaded file with duplicates keeps
 *    the first in the index and validation reports the rest);
 *  - objects are stored per kind in insertion order, which is also the order
 *    in which they are saved, so load → save → load is stable;
 *  - every change goes through vnl_design_* functions, which emit
 *    ::object-added, ::object-removed or ::object-changed.
 */

#define VNL_DESIGN_ERROR (vnl_design_error_quark ())

typedef enum
{
  VNL_DESIGN_ERROR_INVALID_PREFIX,
  VNL_DESIGN_ERROR_INVALID_ADDRESS,
  VNL_DESIGN_ERROR_DUPLICATE_NAME,
  VNL_DESIGN_ERROR_UNKNOWN_OBJECT,
  VNL_DESIGN_ERROR_INVALID,
} VnlDesignError;

GQuark vnl_design_error_quark (void);

#define VNL_AZURE_DEFAULT_ASN   65515
#define VNL_MICROSOFT_ASN       12076

typedef enum
{
  VNL_KIND_LOCATION,
  VNL_KIND_VNET,
  VNL_KIND_ENDPOINT,        /* a VM in a VNet or a host in a site */
  VNL_KIND_GATEWAY,         /* VPN or ExpressRoute virtual network gateway */
  VNL_KIND_CIRCUIT,
  VNL_KIND_LINK,            /* one of the two links of a circuit */
  VNL_KIND_SITE,
  VNL_KIND_CE,
  VNL_KIND_LNG,             /* local network gateway */
  VNL_KIND_ER_CONNECTION,
  VNL_KIND_GLOBAL_REACH,
  VNL_KIND_S2S_CONNECTION,
  VNL_KIND_V2V_CONNECTION,
  VNL_KIND_PEERING,
  VNL_KIND_ROUTE_TABLE,     /* user-defined routes, associated with subnets */
  VNL_KIND_APPLIANCE,       /* a network virtual appliance: a VM that forwards */
  VNL_KIND_FIREWALL,        /* Azure Firewall, in a hub's AzureFirewallSubnet */
  VNL_KIND_NSG,             /* network security group: rules, on subnets and NICs */
  VNL_KIND_ROUTE_SERVER,    /* Azure Route Server, in a VNet's RouteServerSubnet */
  VNL_KIND_RS_PEERING,      /* a BGP peering of a route server with an appliance */
  VNL_KIND_SDWAN_TUNNEL,    /* an SD-WAN tunnel: an appliance to a branch's CE */
  VNL_KIND_VIRTUAL_WAN,     /* Virtual WAN (vnl-vwan.c): its hubs name it */
  VNL_KIND_VIRTUAL_HUB,     /* a Virtual WAN hub: router, gateways, firewall */
  VNL_KIND_HUB_CONNECTION,  /* hub virtual network connection (VNet → hub) */
  VNL_KIND_HUB_ROUTE_TABLE, /* a hub route table: labels, static routes */
  VNL_N_KINDS
} VnlKind;

typedef struct
{
  double x;
  double y;
} VnlPoint;

typedef struct
{
  VnlKind  kind;
  char    *name;       /* owned, unique in the design */
  guint    line;       /* line in the file it was loaded from, 0 if none */
  gboolean has_pos;
  VnlPoint pos;        /* canvas position of a node (centre) */
  GArray  *bends;      /* owned, of VnlPoint: bend points of a link */
  gboolean up;         /* administrative state */
} VnlObject;

typedef enum
{
  VNL_LOCATION_AZURE_REGION,
  VNL_LOCATION_PEERING_LOCATION,
  VNL_LOCATION_ON_PREMISES,
} VnlLocationKind;

typedef struct
{
  VnlObject       parent;
  VnlLocationKind location_kind;
  char           *display_name;     /* owned, nullable */
  double          intra_ms;         /* one-way latency inside it, < 0: design default */
} VnlLocation;

/* One-way latency between two locations, in milliseconds. */
typedef struct
{
  char   *a;          /* owned, location name */
  char   *b;          /* owned, location name */
  double  ms;
  guint   line;
} VnlLatency;

typedef struct
{
  char      *name;    /* owned */
  VnlPrefix  prefix;
  guint      line;
  /* privateEndpointNetworkPolicies includes RouteTableEnabled: a
   * user-defined route as long as the VNet's range can override the /32
   * of the subnet's private endpoints (vnl-rules.c). */
  gboolean   pe_route_policies;
} VnlSubnet;

typedef struct
{
  VnlObject  parent;
  char      *location;        /* owned, location name */
  GArray    *address_spaces;  /* owned, of VnlPrefix */
  GPtrArray *subnets;         /* owned, of VnlSubnet* */
} VnlVnet;

typedef struct
{
  VnlObject  parent;
  char      *owner;           /* owned, name of the VNet or site it sits in */
  guint32    address;
  gboolean   private_endpoint; /* a private endpoint: its /32 is a route (vnl-rules.c) */
  char      *asgs;            /* owned, nullable: the application security groups
                                 its NIC is in, comma-separated (vnl-nsg.c) */
} VnlEndpoint;

typedef enum
{
  VNL_GATEWAY_VPN,
  VNL_GATEWAY_EXPRESSROUTE,
} VnlGatewayType;

typedef struct
{
  VnlObject       parent;
  char           *vnet;            /* owned, VNet name */
  VnlGatewayType  type;
  char           *sku;             /* owned, nullable */
  guint32         asn;
  GArray         *instances;       /* owned, of guint32: instance addresses;
                                      active-active VPN: each instance's
                                      default BGP peer address too */
  GArray         *instance_apipa;  /* owned, of guint32: each instance's custom
                                      APIPA BGP address, 0 none; indexed as
                                      instances, may be shorter */
  guint32         bgp_address;     /* VPN: BGP peer IP, 0 if none */
  guint32         public_address;  /* VPN: public IP, 0 if none */
  gboolean        active_active;
} VnlGateway;

typedef enum
{
  VNL_LINK_PRIMARY,
  VNL_LINK_SECONDARY,
} VnlLinkRole;

typedef struct
{
  VnlObject    parent;
  char        *circuit;       /* owned, circuit name */
  VnlLinkRole  role;
  VnlPrefix    subnet;        /* the /30 */
  guint32      ce_address;
  guint32      msee_address;
  char        *ce;            /* owned, nullable: CE router attached */
} VnlLink;

typedef enum
{
  VNL_CIRCUIT_SKU_STANDARD,
  VNL_CIRCUIT_SKU_PREMIUM,
} VnlCircuitSku;

typedef struct
{
  VnlObject      parent;
  char          *provider;          /* owned, nullable */
  char          *peering_location;  /* owned, location name */
  guint          bandwidth_mbps;
  VnlCircuitSku  sku;
  guint32        microsoft_asn;
  guint32        peer_asn;
  guint          vlan;
  char          *links[2];          /* owned, names of the primary and secondary VnlLink */
} VnlCircuit;

/* A routed hop inside an on-premises site, between its endpoints and its
 * CE routers (the reference's 10.2.30.3). */
typedef struct
{
  char    *name;            /* owned, nullable */
  guint32  address;         /* LAN side, facing the endpoints */
  guint32  uplink_address;  /* facing the CE routers, 0 if unknown */
  guint    line;
} VnlSiteHop;

typedef struct
{
  VnlObject  parent;
  char      *location;        /* owned */
  GArray    *prefixes;        /* owned, of VnlPrefix: LAN prefixes */
  GPtrArray *hops;            /* owned, of VnlSiteHop*, endpoint side first */
} VnlSite;

/* BGP policy a CE applies to one neighbour, named by the circuit link or the
 * S2S connection the session runs over. */
typedef struct
{
  char     *peer;             /* owned: link or S2S connection name */
  guint32   local_preference; /* inbound, 0 = not set (100) */
  guint     as_path_prepend;  /* outbound: extra copies of the CE's ASN */
  GArray   *export_prefixes;  /* owned, of VnlPrefix: outbound prefix-list, empty = all */
  guint     line;
} VnlCePolicy;

typedef struct
{
  VnlObject  parent;
  char      *site;            /* owned */
  guint32    asn;
  guint32    lan_address;     /* facing the site's hops */
  guint32    tunnel_address;  /* IPsec tunnel interface, 0 if none */
  guint32    public_address;  /* 0 if none */
  guint      maximum_paths;   /* BGP multipath, 1 = best path only */
  GArray    *advertises;      /* owned, of VnlPrefix: what the CE originates
                               * (its network statements); empty = what its
                               * site owns. Owning places addresses, advertising
                               * only attracts traffic (a summary, a default). */
  GPtrArray *policies;        /* owned, of VnlCePolicy* */
} VnlCe;

typedef struct
{
  VnlObject  parent;
  char      *location;        /* owned, nullable */
  guint32    public_address;
  GArray    *prefixes;        /* owned, of VnlPrefix */
  guint32    asn;             /* 0 = no BGP */
  guint32    bgp_address;
  char      *ce;              /* owned, nullable: the CE router it stands for */
} VnlLng;

/* Virtual WAN (articles/virtual-wan/about-virtual-hub-routing.md): the
 * routing configuration of a connection to a hub. "Each connection is
 * associated to one route table" (NULL: the hub's Default route table)
 * and propagates to route tables (by name, in any hub) and to labels
 * ("When users propagate connection routes to 'Default' label, it
 * automatically applies to all the Default Route Tables across every
 * hub"). `labels` NULL is the default propagation, label "default";
 * the label "none" (Azure's noneRouteTable) propagates nowhere. */
typedef struct
{
  char      *associated;        /* owned, nullable: a VnlHubRouteTable */
  GPtrArray *propagated;        /* owned, of char* (owned): VnlHubRouteTable names */
  char      *labels;            /* owned, nullable: comma-separated labels */
  gboolean   internet_security; /* enableInternetSecurity: 0.0.0.0/0 reaches it */
} VnlHubRouting;

typedef struct
{
  VnlObject      parent;
  char          *gateway;       /* owned */
  char          *circuit;       /* owned */
  guint          routing_weight;
  VnlHubRouting  hub_routing;   /* to a hub's ExpressRoute gateway only */
} VnlErConnection;

typedef struct
{
  VnlObject  parent;
  char      *circuit_a;       /* owned */
  char      *circuit_b;       /* owned */
} VnlGlobalReach;

typedef struct
{
  VnlObject  parent;
  char      *gateway;         /* owned, VPN gateway */
  char      *lng;             /* owned, local network gateway */
  gboolean   bgp;
  guint      ike_version;
  char      *shared_key;      /* owned, nullable: a secret, never printed */
  VnlHubRouting hub_routing;  /* to a hub's VPN gateway only */
} VnlS2sConnection;

typedef struct
{
  VnlObject  parent;
  char      *gateway_a;       /* owned */
  char      *gateway_b;       /* owned */
  gboolean   bgp;
  char      *shared_key;      /* owned, nullable: a secret, never printed */
} VnlV2vConnection;

typedef struct
{
  gboolean allow_virtual_network_access;
  gboolean allow_forwarded_traffic;
  gboolean allow_gateway_transit;
  gboolean use_remote_gateways;
} VnlPeeringSide;

/* One object for both directions: side[0] is configured on vnet_a, side[1]
 * on vnet_b. */
typedef struct
{
  VnlObject       parent;
  char           *vnet_a;     /* owned */
  char           *vnet_b;     /* owned */
  VnlPeeringSide  side[2];
} VnlPeering;

/* The next-hop types of a user-defined route ("You can't specify Virtual
 * network peering or VirtualNetworkServiceEndpoint as the next hop type in
 * user-defined routes", articles/virtual-network/virtual-networks-udr-overview.md). */
typedef enum
{
  VNL_UDR_VIRTUAL_APPLIANCE,   /* to next_hop_ip */
  VNL_UDR_GATEWAY,             /* VirtualNetworkGateway: the VNet's VPN gateway */
  VNL_UDR_VNET_LOCAL,
  VNL_UDR_INTERNET,
  VNL_UDR_NONE,
} VnlUdrNextHop;

#define VNL_N_UDR_NEXT_HOPS (VNL_UDR_NONE + 1)

/* Their Azure names, by VnlUdrNextHop (file, JSON, route tables). */
extern const char * const _vnl_udr_next_hop_names[VNL_N_UDR_NEXT_HOPS + 1];

/* One user-defined route. */
typedef struct
{
  char          *name;         /* owned */
  VnlPrefix      prefix;
  VnlUdrNextHop  next_hop;
  guint32        next_hop_ip;  /* VirtualAppliance only, else 0 */
  guint          line;
} VnlUdr;

/* A subnet a route table is associated with: the VNet by name (a
 * reference) and the subnet's name inside it. */
typedef struct
{
  char  *vnet;                 /* owned */
  char  *subnet;               /* owned */
  guint  line;
} VnlUdrSubnet;

/* A route table (the Azure resource; VnlRouteTable in vnl-network.h is a
 * computed table of routes). A subnet has at most one: validation reports
 * a subnet two tables name. */
typedef struct
{
  VnlObject  parent;
  gboolean   propagate_gateway_routes;
  GPtrArray *routes;           /* owned, of VnlUdr*, in file order */
  GPtrArray *subnets;          /* owned, of VnlUdrSubnet* */
} VnlUdrTable;

/* A network virtual appliance: a VM in a VNet whose NICs have IP
 * forwarding on (spec §1.3 A "the NIC needs Enable IP forwarding"). Each
 * NIC sits in the subnet of the VNet that holds its address. Two or more
 * appliances naming the same `frontend` are the backend pool of an
 * internal load balancer with HA ports: a route to the frontend reaches one
 * of them per flow. */
typedef struct
{
  VnlObject  parent;
  char      *vnet;             /* owned, VNet name */
  guint32    address;          /* the first NIC's private IP */
  guint32    address_2;        /* a second NIC's, 0 if none */
  guint32    frontend;         /* internal load balancer frontend IP, 0 if none */
  gboolean   stateful;         /* drops a flow whose return bypasses it */
  /* BGP (a route server's peer, an SD-WAN head end; vnl-route-server.c): */
  guint32    asn;              /* 0 = no BGP */
  GArray    *advertises;       /* owned, of VnlPrefix: what it originates */
  gboolean   no_advertise;     /* its routes carry NO_ADVERTISE (65535:65282) */
} VnlAppliance;

/* The hub routing preference (hubRoutingPreference) of a route server
 * (articles/route-server/hub-routing-preference.md) or a Virtual WAN hub
 * (articles/virtual-wan/about-virtual-hub-routing-preference.md): the
 * same property with the same three values. */
typedef enum
{
  VNL_HUB_PREF_EXPRESSROUTE,   /* the default */
  VNL_HUB_PREF_VPN,            /* VpnGateway: VPN (for a route server, VPN/NVA) */
  VNL_HUB_PREF_AS_PATH,
} VnlHubPreference;

/* Azure Route Server (articles/route-server/): one per VNet, in its
 * RouteServerSubnet, AS 65515, two instances; it exchanges routes with
 * the appliances it peers with and the VNet's gateways, and never
 * forwards a packet. */
typedef struct
{
  VnlObject         parent;
  char             *vnet;              /* owned, VNet name */
  guint32           addresses[2];      /* instance IPs (virtualRouterIps), 0: the
                                          subnet's 4th and 5th addresses */
  gboolean          branch_to_branch;  /* allowBranchToBranchTraffic */
  VnlHubPreference  preference;        /* hubRoutingPreference */
} VnlRouteServer;

/* A BGP peering (virtualHubs/bgpConnections) of a route server with an
 * appliance: multi-hop eBGP from both instances. */
typedef struct
{
  VnlObject  parent;
  char      *route_server;     /* owned */
  char      *appliance;        /* owned */
  guint32    peer_asn;
  guint32    peer_ip;          /* 0: the appliance's first NIC */
} VnlRsPeering;

/* An SD-WAN tunnel from an appliance to the CE of a branch site: an
 * eBGP session over it, and the packets to what the CE announces. */
typedef struct
{
  VnlObject  parent;
  char      *appliance;        /* owned */
  char      *ce;               /* owned */
} VnlSdwanTunnel;

/* Azure Firewall: its private IP is in the VNet's AzureFirewallSubnet; a
 * management NIC (AzureFirewallManagementSubnet) allows forced tunnelling.
 * Always stateful. */
typedef struct
{
  VnlObject  parent;
  char      *vnet;             /* owned, VNet name */
  guint32    address;          /* private IP */
  guint32    public_address;   /* the SNAT address towards the Internet, 0 if unset */
  gboolean   management;       /* forced-tunnel mode: a management NIC */
  /* Its policy's rule collection groups (vnl-firewall.c); none: the
   * firewall denies everything, as Azure does. */
  GPtrArray *rule_groups;      /* owned, of VnlFwGroup*, in file order */
} VnlFirewall;

/* Network security groups
 * (articles/virtual-network/network-security-groups-overview.md). */
typedef enum
{
  VNL_NSG_INBOUND,
  VNL_NSG_OUTBOUND,
} VnlNsgDirection;

typedef enum
{
  VNL_PROTO_ANY,               /* "*" in a rule */
  VNL_PROTO_TCP,
  VNL_PROTO_UDP,
  VNL_PROTO_ICMP,
} VnlProtocol;

/* One source or destination of a rule: a prefix, any address, or a
 * service tag whose addresses depend on where the group is applied. */
typedef enum
{
  VNL_NSG_ADDR_PREFIX,
  VNL_NSG_ADDR_ANY,
  VNL_NSG_ADDR_VIRTUAL_NETWORK,
  VNL_NSG_ADDR_INTERNET,
  VNL_NSG_ADDR_AZURE_LOAD_BALANCER,
  VNL_NSG_ADDR_ASG,            /* an application security group: "asg:NAME" */
} VnlNsgAddrKind;

typedef struct
{
  VnlNsgAddrKind kind;
  VnlPrefix      prefix;       /* VNL_NSG_ADDR_PREFIX */
  const char    *asg;          /* VNL_NSG_ADDR_ASG: its name, interned */
} VnlNsgAddr;

typedef struct
{
  guint16 lo;
  guint16 hi;
} VnlPortRange;

/* A security rule. Port lists are empty for "*" (any port). */
typedef struct
{
  char            *name;       /* owned */
  guint            priority;   /* 100–4096; the default rules 65000–65500 */
  VnlNsgDirection  direction;
  gboolean         allow;
  VnlProtocol      protocol;
  GArray          *sources;           /* owned, of VnlNsgAddr, never empty when valid */
  GArray          *source_ports;      /* owned, of VnlPortRange */
  GArray          *destinations;      /* owned, of VnlNsgAddr */
  GArray          *destination_ports; /* owned, of VnlPortRange */
  guint            line;
} VnlNsgRule;

/* A network interface a group is associated with: its endpoint by name. */
typedef struct
{
  char  *endpoint;             /* owned */
  guint  line;
} VnlNsgNic;

/* A network security group: its own rules (the default rules are
 * vnl_nsg_default_rules(), never stored), the subnets (VnlUdrSubnet, as
 * route tables) and the NICs it is associated with. A subnet or a NIC has
 * at most one group: the first that names it. */
typedef struct
{
  VnlObject  parent;
  GPtrArray *rules;            /* owned, of VnlNsgRule*, in file order */
  GPtrArray *subnets;          /* owned, of VnlUdrSubnet* */
  GPtrArray *nics;             /* owned, of VnlNsgNic* */
} VnlNsg;

/* Azure Firewall network rules (articles/firewall/policy-rule-sets.md):
 * a firewall's policy holds rule collection groups, each of network rule
 * collections (one action for all their rules), each of rules. */
typedef struct
{
  char      *name;             /* owned */
  guint      protocols;        /* bits 1 << VNL_PROTO_TCP, _UDP, _ICMP; all three: Any */
  GArray    *sources;          /* owned, of VnlNsgAddr (prefixes and "*") */
  GArray    *destinations;     /* owned, of VnlNsgAddr */
  GArray    *destination_ports; /* owned, of VnlPortRange, empty: "*" */
  guint      line;
} VnlFwRule;

typedef struct
{
  char      *name;             /* owned */
  guint      priority;         /* 100–65000 */
  gboolean   allow;            /* the action of every rule of it */
  GPtrArray *rules;            /* owned, of VnlFwRule*, in file order */
  guint      line;
} VnlFwCollection;

typedef struct
{
  char      *name;             /* owned */
  guint      priority;         /* 100–65000 */
  GPtrArray *collections;      /* owned, of VnlFwCollection*, in file order */
  guint      line;
} VnlFwGroup;
/* Virtual WAN (vnl-vwan.c). A hub's gateways and firewall are the
 * gateway and firewall kinds whose `vnet` names the hub. */
typedef enum
{
  VNL_VWAN_STANDARD,
  VNL_VWAN_BASIC,
} VnlVwanType;

typedef struct
{
  VnlObject    parent;
  VnlVwanType  type;
  /* allowBranchToBranchTraffic (virtual-wan-faq.md: "Enabling
   * branch-to-branch is enabled by default"): transit between the
   * branches (VPN sites, ExpressRoute circuits) through the hubs. */
  gboolean     branch_to_branch;
} VnlVirtualWan;

typedef struct
{
  VnlObject         parent;
  char             *wan;             /* owned: its VnlVirtualWan */
  char             *location;        /* owned: Azure region */
  VnlPrefix         address_prefix;  /* the hub's own range, /24 or larger */
  guint             asn;             /* the hub router's, 65515 */
  VnlHubPreference  preference;
  /* Routing intent (articles/virtual-wan/how-to-routing-policies.md):
   * each policy names the hub's Azure Firewall, NULL: none. */
  char             *internet_policy; /* owned, nullable */
  char             *private_policy;  /* owned, nullable */
} VnlVirtualHub;

/* A static route: of a hub route table (to a VNet connection or the
 * hub's firewall, `next_hop`) or of a VNet connection (to an address in
 * that VNet, `next_hop_ip`). */
typedef struct
{
  char      *name;             /* owned */
  VnlPrefix  prefix;
  char      *next_hop;         /* owned, nullable: connection or firewall name */
  guint32    next_hop_ip;      /* 0 if none */
  guint      line;
} VnlHubRoute;

typedef struct
{
  VnlObject      parent;
  char          *vnet;          /* owned: the spoke */
  char          *hub;           /* owned */
  VnlHubRouting  routing;       /* internet_security TRUE by default */
  GPtrArray     *routes;        /* owned, of VnlHubRoute*: static routes */
} VnlHubConnection;

/* A hub's route table. A hub has a Default table (label "default") and
 * None without objects for them; a table with `is_default` stands for its
 * hub's Default table (its labels and static routes). */
typedef struct
{
  VnlObject  parent;
  char      *hub;              /* owned */
  char      *labels;           /* owned, nullable: comma-separated */
  gboolean   is_default;
  GPtrArray *routes;           /* owned, of VnlHubRoute*: static routes */
} VnlHubRouteTable;

#define VNL_TYPE_DESIGN (vnl_design_get_type ())
G_DECLARE_FINAL_TYPE (VnlDesign, vnl_design, VNL, DESIGN, GObject)

VnlDesign   *vnl_design_new                (void);
const char  *vnl_design_get_title          (VnlDesign     *self);
void         vnl_design_set_title          (VnlDesign     *self,
                                            const char    *title);
double       vnl_design_get_default_latency (VnlDesign    *self);
void         vnl_design_set_default_latency (VnlDesign    *self,
                                             double        ms);
double       vnl_design_get_intra_latency  (VnlDesign     *self);
void         vnl_design_set_intra_latency  (VnlDesign     *self,
                                            double         ms);

/* Objects of one kind, in order (element type: the kind's struct). */
GPtrArray   *vnl_design_get_objects        (VnlDesign     *self,
                                            VnlKind        kind);
GPtrArray   *vnl_design_get_latencies      (VnlDesign     *self);
gpointer     vnl_design_lookup             (VnlDesign     *self,
                                            const char    *name);
gpointer     vnl_design_lookup_kind        (VnlDesign     *self,
                                            const char    *name,
                                            VnlKind        kind);
guint        vnl_design_count              (VnlDesign     *self);

/* Takes ownership of @object. Fails if the name is taken. */
gboolean     vnl_design_add                (VnlDesign     *self,
                                            gpointer       object,
                                            GError       **error);
/* Like vnl_design_add but keeps a duplicate (for the loader, which must not
 * drop data: validation reports it). */
void         _vnl_design_add_unchecked     (VnlDesign     *self,
                                            gpointer       object);
/* TRUE when no two objects share a name (no duplicate kept by
 * _vnl_design_add_unchecked): then vnl_design_lookup() finds every
 * object of the design by its name. Constant time. */
gboolean     _vnl_design_names_unique      (VnlDesign     *self);
/* The values the loader could not convert (vnl-file-private.h): the
 * design takes @problems, forgets those of an object when it changes or
 * goes, and validation reports the rest. */
typedef struct _VnlLoadProblems VnlLoadProblems;
void             _vnl_design_set_load_problems (VnlDesign       *self,
                                                VnlLoadProblems *problems);
VnlLoadProblems *_vnl_design_load_problems     (VnlDesign       *self);
/* Removes and returns @object, still owned by the caller. */
gpointer     vnl_design_remove             (VnlDesign     *self,
                                            gpointer       object);
gboolean     vnl_design_rename             (VnlDesign     *self,
                                            gpointer       object,
                                            const char    *new_name,
                                            GError       **error);
void         vnl_design_set_up             (VnlDesign     *self,
                                            gpointer       object,
                                            gboolean       up);
void         vnl_design_move               (VnlDesign     *self,
                                            gpointer       object,
                                            double         x,
                                            double         y);
/* Call after changing fields of @object directly. */
void         vnl_design_changed            (VnlDesign     *self,
                                            gpointer       object);
/* Call after changing only where @object is drawn (its bends): emits
 * ::object-changed with the detail "layout", as vnl_design_move() does. */
void         vnl_design_changed_layout     (VnlDesign     *self,
                                            gpointer       object);
/* In an ::object-changed handler: whether the change is of layout only
 * (position, bends), which cannot change routing. */
gboolean     vnl_design_change_is_layout   (VnlDesign     *self);
void         vnl_design_add_latency        (VnlDesign     *self,
                                            const char    *a,
                                            const char    *b,
                                            double         ms);
/* One-way latency between two locations: the table, else the intra-location
 * value when a == b, else the design default. */
double       vnl_design_latency            (VnlDesign     *self,
                                            const char    *a,
                                            const char    *b);

/* Object constructors: the object is not yet in a design. */
gpointer     vnl_object_new                (VnlKind        kind,
                                            const char    *name);
void         vnl_object_free               (gpointer       object);
const char  *vnl_kind_to_string            (VnlKind        kind);
gboolean     vnl_kind_from_string          (const char    *text,
                                            VnlKind       *kind);
/* The names of the objects @object refers to, in a fixed order. */
GPtrArray   *vnl_object_get_references     (gpointer       object);
/* Nodes are drawn as boxes; everything else is drawn as a line between
 * two nodes (endpoints returned in @a and @b). */
gboolean     vnl_object_is_node            (gpointer       object);
gboolean     vnl_object_get_ends           (gpointer       object,
                                            const char   **a,
                                            const char   **b);
/* Sets the two ends of a new link object (its fields of role end A and
 * end B) to copies of @a and @b; FALSE if @object is not a link. */
gboolean     vnl_object_set_ends           (gpointer       object,
                                            const char    *a,
                                            const char    *b);

/* Helpers over the model. */
VnlEndpoint *vnl_design_find_endpoint      (VnlDesign     *self,
                                            const char    *name_or_address);
const char  *vnl_design_get_location_of    (VnlDesign     *self,
                                            gpointer       object);
GPtrArray   *vnl_design_get_gateways_of    (VnlDesign     *self,
                                            const char    *vnet);
GPtrArray   *vnl_design_get_endpoints_of   (VnlDesign     *self,
                                            const char    *owner);
GPtrArray   *vnl_design_get_ces_of         (VnlDesign     *self,
                                            const char    *site);
/* The names of the objects that are administratively down, in design
 * order (the what-if state an export or report reflects). */
GStrv        vnl_design_get_down_names     (VnlDesign     *self);

/* Gateway instances: "GATEWAY/N" names instance N (from 0, as Azure
 * numbers them IN_0, IN_1) of a gateway for --down and the what-if. */
gboolean     vnl_design_lookup_instance    (VnlDesign     *self,
                                            const char    *name,
                                            VnlGateway   **gateway,
                                            guint         *index);
gboolean     vnl_design_can_take_down      (VnlDesign     *self,
                                            const char    *name);
guint32      vnl_gateway_get_instance_apipa (const VnlGateway *gateway,
                                             guint             index);
guint32      vnl_gateway_get_bgp_address   (const VnlGateway *gateway,
                                            guint             index,
                                            guint32           peer);

/* A route server's instance @i (0 or 1) address: set, else the 4th and
 * 5th address of its VNet's RouteServerSubnet; 0 when unknown. */
guint32      vnl_route_server_get_address  (VnlDesign            *design,
                                            const VnlRouteServer *rs,
                                            guint                 i);
/* Do the two ends of a route server peering agree (peer ASN, peer IP)?
 * (vnl-route-server.c; @reason: transfer full, nullable.) */
gboolean     _vnl_rs_peering_agrees        (VnlDesign            *design,
                                            const VnlRsPeering   *peering,
                                            char                **reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlObject, vnl_object_free)

G_END_DECLS
