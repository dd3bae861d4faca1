/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-forward"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-network-private.h"
#include "vnl-vwan.h"

/*
 * DOC: The data plane
 *
 * A packet walks from device to device: endpoints, VNets (the Azure fabric,
 * which forwards without being a hop), gateways, MSEEs, CE routers and the
 * routed hops inside a site, one step function per kind of device
 * (step_endpoint, step_vnet, step_speaker with arrive_gateway, arrive_msee,
 * arrive_ce and arrive_lng, step_site_hop). Each device decides with its own
 * table: a VNet with the ladder of vnl-rules.c (system routes first — VNet
 * and peering routes win even over more specific BGP routes, spec G2 — then
 * the routes of the gateways it uses, then the default routes to the
 * Internet and to None), which the route tables show too; a speaker with
 * its converged RIB and its connected interfaces.
 *
 * Multipath picks one path per flow with a hash of source and destination,
 * so the same pair always takes the same path. A trace is asymmetric when
 * its return crosses other devices or links (VnlTrace.crossed), not other
 * areas: a site or a VNet is where devices are, not one itself.
 *
 * Which hops answer a traceroute is decided by properties of devices, never
 * by addresses (spec §3.3):
 *  - a device is a hop when it decrements the TTL: the Azure fabric and
 *    peering do not (A7); an MSEE only for packets entering from the CE side
 *    (rule 3); the Azure VPN gateways behind an IPsec tunnel entered at an
 *    on-premises CE do not either (rule 4);
 *  - a hop answers from the address of the interface the packet came in on
 *    (so a site router answers with its LAN address towards the LAN and with
 *    its uplink towards the CE);
 *  - an Azure gateway answers only sources in its own VNet or in VNets that
 *    use it through gateway transit;
 *  - an answer is seen only when the source can route to the reply address
 *    and the device can route back to the source (rule 2): both are walked.
 *
 * Latency: a one-way sum of the location latencies crossed; a hop's round
 * trip is twice the one-way latency to it. An ExpressRoute gateway that
 * hands the packet to an MSEE answers with the round trip to the MSEE's
 * peering location (spec §3.4).
 */

#define MAX_TTL 30
#define MAX_STEPS 128

typedef enum
{
  MODE_ORIGIN,        /* the packet starts at this device */
  MODE_FROM_VNET,     /* into a gateway from its VNet side */
  MODE_FROM_GATEWAY,  /* into a VNet from a gateway */
  MODE_FROM_PEERING,  /* into a VNet over a peering */
  MODE_SESSION,       /* into a speaker over a session */
  MODE_FROM_LAN,      /* towards the CEs, from the site's endpoint side */
  MODE_FROM_CE,       /* into a site from a CE */
  MODE_FROM_APPLIANCE, /* into a VNet from an appliance that forwards it */
} Mode;

typedef struct
{
  Dev         dev;
  gboolean    is_hop;
  gboolean    may_answer;
  guint32     reply;
  double      lat;
  const char *node;
  VnlHopKind  kind;
} Step;

/* The equal-cost choices of one walk, enumerated in odometer order so that
 * every path a flow could take is walked once (the matrix's classes of
 * endpoints stand for many flows, hashed differently). */
#define MAX_BRANCH_DEPTH 16
#define MAX_BRANCH_RUNS  64

typedef struct
{
  guint8   choice[MAX_BRANCH_DEPTH];
  guint8   count[MAX_BRANCH_DEPTH];
  guint    depth;      /* decisions known */
  guint    pos;        /* decisions taken by the current run */
  gboolean overflow;   /* more decisions than MAX_BRANCH_DEPTH */
} Branches;

static guint
branches_next (Branches *b,
               guint     n)
{
  if (b->pos >= MAX_BRANCH_DEPTH)
    {
      b->overflow = TRUE;
      return 0;
    }
  if (b->pos == b->depth)
    {
      b->choice[b->depth] = 0;
      b->count[b->depth] = MIN (n, 255);
      b->depth++;
    }
  return b->choice[b->pos++];
}

/* Moves to the next combination of choices; FALSE when all were taken. */
static gboolean
branches_advance (Branches *b)
{
  while (b->depth > 0 && b->choice[b->depth - 1] + 1u >= b->count[b->depth - 1])
    b->depth--;
  if (b->depth == 0)
    return FALSE;
  b->choice[b->depth - 1]++;
  b->pos = 0;
  return TRUE;
}

typedef struct
{
  VnlNetwork    *net;
  guint32        src;
  guint32        dst;
  guint32        hash;
  int            src_vnet;
  gboolean       hidden;     /* inside an IPsec tunnel entered on premises */
  gboolean       internet;   /* delivered to the Internet */
  double         lat;
  guint          ttl;
  GArray        *steps;      /* nullable, of Step */
  GPtrArray     *path;       /* nullable, of borrowed names */
  GPtrArray     *crossed;    /* nullable, of borrowed names: devices and links */
  VnlDropReason  drop;
  const char    *drop_node;
  char          *detail;
  Dev            final;
  Branches      *branches;   /* nullable: take scripted ECMP choices (matrix) */
  /* Appliances and firewalls (issue 14): */
  gboolean       forwarded;  /* an appliance forwarded it: its source is
                                not the sending VNet's (allow-forwarded-traffic) */
  guint64        stateful;   /* bit i: stateful appliance i (< 64) crossed */
  guint32        snat;       /* the source a firewall's SNAT gave it, 0: none */
  const char    *snat_node;  /* borrowed: that firewall */
  guint          n_visits;
  struct
  {
    int           app;       /* index in net->appliances */
    const VnlUdr *udr;       /* borrowed: the route that sent it there */
    const char   *table;     /* borrowed: its route table */
  } visits[16];              /* the appliances crossed, in order (loops) */
  guint          n_egress;
  struct
  {
    int           vnet;
    const char   *subnet;    /* borrowed */
  } egress[8];               /* the subnets whose routes it left by */
  /* Network security groups (vnl-nsg.c): the flow a walk is filtered for,
   * NULL for an unfiltered walk (a reply to an allowed flow, which is
   * stateful, the answers of traceroute hops, the matrix's routing); the
   * groups met when the walk keeps steps. */
  const VnlFlow *flow;
  GPtrArray     *nsg_checks; /* nullable, of VnlNsgCheck* (owned) */
  const VnlNsgCheck *denied_by;
  GArray        *devices;    /* nullable, of Dev: every device stepped through
                                (the report's index of what-if pairs) */
} Walk;


guint32
_vnl_flow_hash (guint32 src,
                guint32 dst)
{
  /* FNV-1a over the two addresses, most significant byte first. */
  guint32 h = 2166136261u;
  guint32 words[2] = { src, dst };

  for (guint w = 0; w < 2; w++)
    for (int shift = 24; shift >= 0; shift -= 8)
      {
        h ^= (words[w] >> shift) & 0xff;
        h *= 16777619u;
      }
  return h;
}

static gboolean
in_spaces (GArray  *spaces,
           guint32  addr)
{
  for (guint i = 0; i < spaces->len; i++)
    if (vnl_prefix_contains_ip (&g_array_index (spaces, VnlPrefix, i), addr))
      return TRUE;
  return FALSE;
}

static double
latency (VnlNetwork *net,
         const char *a,
         const char *b)
{
  return vnl_design_latency (net->design, a, b);
}

/* The kinds of device that answer a traceroute: the name in JSON and the
 * label the user reads, described once. */
static const struct
{
  const char *name;
  const char *label;
} hop_kinds[VNL_N_HOP_KINDS] = {
  [VNL_HOP_ENDPOINT]              = { "endpoint",              N_("Virtual machine") },
  [VNL_HOP_SITE_ROUTER]           = { "site-router",           N_("On-premises router") },
  [VNL_HOP_CE_ROUTER]             = { "ce-router",             N_("Customer edge router") },
  [VNL_HOP_MSEE]                  = { "msee",                  N_("Microsoft edge (MSEE)") },
  [VNL_HOP_EXPRESSROUTE_GATEWAY]  = { "expressroute-gateway",  N_("ExpressRoute gateway") },
  [VNL_HOP_VPN_GATEWAY]           = { "vpn-gateway",           N_("VPN gateway") },
  [VNL_HOP_LOCAL_NETWORK_GATEWAY] = { "local-network-gateway", N_("Local network gateway") },
  [VNL_HOP_INTERNET]              = { "internet",              N_("Internet") },
  [VNL_HOP_APPLIANCE]             = { "appliance",             N_("Network virtual appliance") },
  [VNL_HOP_FIREWALL]              = { "firewall",              N_("Azure Firewall") },
  [VNL_HOP_HUB_ROUTER]            = { "hub-router",            N_("Virtual hub router") },
};

const char *
vnl_hop_kind_to_string (VnlHopKind kind)
{
  g_return_val_if_fail (kind < VNL_N_HOP_KINDS, "");
  return hop_kinds[kind].name;
}

const char *
vnl_hop_kind_to_label (VnlHopKind kind)
{
  g_return_val_if_fail (kind < VNL_N_HOP_KINDS, "");
  return _(hop_kinds[kind].label);
}

static VnlHopKind
speaker_hop_kind (Speaker *speaker)
{
  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      return ((VnlGateway *) speaker->object)->type == VNL_GATEWAY_VPN
             ? VNL_HOP_VPN_GATEWAY : VNL_HOP_EXPRESSROUTE_GATEWAY;
    case SPK_MSEE:
      return VNL_HOP_MSEE;
    case SPK_CE:
      return VNL_HOP_CE_ROUTER;
    case SPK_APPLIANCE:
      return VNL_HOP_APPLIANCE;
    case SPK_LNG:
    case SPK_ROUTE_SERVER:
    default:
      return VNL_HOP_LOCAL_NETWORK_GATEWAY;
    }
}

static Dev
dev_make (DevKind kind,
          int     idx,
          int     sub)
{
  Dev dev = { kind, idx, sub };
  return dev;
}

static gboolean
dev_equal (Dev a,
           Dev b)
{
  return a.kind == b.kind && a.idx == b.idx && (a.kind != DEV_SITE_HOP || a.sub == b.sub);
}

static Dev
owner_of (VnlNetwork *net,
          guint32     addr)
{
  Dev *dev = g_hash_table_lookup (net->owners, GUINT_TO_POINTER (addr));
  return dev != NULL ? *dev : dev_make (DEV_NONE, -1, 0);
}

static void
names_add (GPtrArray  *names,
           const char *name)
{
  if (names == NULL || name == NULL)
    return;
  if (names->len > 0 && g_str_equal (names->pdata[names->len - 1], name))
    return;
  g_ptr_array_add (names, (gpointer) name);
}

/* A device or a link the packet crosses: in the path, and in what decides
 * whether the return path is the same. */
static void
path_add (Walk       *w,
          const char *name)
{
  names_add (w->path, name);
  names_add (w->crossed, name);
}

/* A VNet or a site the packet is in: the path names it, but it is an area,
 * not a device: entering a site without routed hops crosses nothing more
 * than its CE. */
static void
path_add_area (Walk       *w,
               const char *name)
{
  names_add (w->path, name);
}

/* Quiet walks (matrices, reachability checks) skip the message: formatting
 * it was a fifth of a matrix's time, and translating its arguments (the
 * _() calls at every drop) another quarter, so the macro below evaluates
 * them only for a walk that keeps steps. */
#define drop(w, reason, node, ...) \
  ((w)->steps != NULL ? drop_detailed ((w), (reason), (node), __VA_ARGS__) \
                      : drop_quiet ((w), (reason), (node)))

static void
drop_quiet (Walk          *w,
            VnlDropReason  reason,
            const char    *node)
{
  w->drop = reason;
  w->drop_node = node;
  g_clear_pointer (&w->detail, g_free);
}

static void G_GNUC_PRINTF (4, 5)
drop_detailed (Walk          *w,
               VnlDropReason  reason,
               const char    *node,
               const char    *format,
               ...)
{
  va_list args;

  drop_quiet (w, reason, node);
  va_start (args, format);
  w->detail = g_strdup_vprintf (format, args);
  va_end (args);
}

static void
add_latency (Walk       *w,
             const char *a,
             const char *b)
{
  if (w->steps != NULL)
    w->lat += vnl_design_latency (w->net->design, a, b);
}

static gboolean
record (Walk       *w,
        Dev         dev,
        gboolean    is_hop,
        gboolean    may_answer,
        guint32     reply,
        double      lat,
        const char *node,
        VnlHopKind  kind)
{
  if (is_hop)
    {
      w->ttl++;
      if (w->ttl > MAX_TTL)
        {
          drop (w, VNL_DROP_LOOP, node, "%s", _("TTL exhausted after 30 hops"));
          return FALSE;
        }
    }

  if (w->steps != NULL)
    {
      Step step = { dev, is_hop, may_answer, reply, lat, node, kind };
      g_array_append_val (w->steps, step);
    }

  return TRUE;
}

static guint32
fmix32 (guint32 h)
{
  /* MurmurHash3's finaliser: every input bit reaches every output bit. */
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* Which of @n equal-cost members (ordered by ascending neighbour address)
 * carries this flow at device @device. The flow hash is seeded per device,
 * as routers seed their ECMP hash to avoid polarisation, and counted from
 * the highest address. Nothing here knows any address of a design: the
 * tests check that this fixed function reproduces the six multipath
 * choices the reference measured (spec §3.2, §3.4). */
static guint
ecmp_index (Walk       *w,
            const char *device,
            guint       n)
{
  guint32 seed = 2166136261u;

  if (w->branches != NULL && n > 1)
    return branches_next (w->branches, n);

  for (const char *p = device; *p; p++)
    {
      seed ^= (guchar) *p;
      seed *= 16777619u;
    }
  return n - 1 - fmix32 (w->hash ^ seed) % n;
}

/* The peering through which VNet @v uses the gateways of VNet @owner, or
 * NULL when they are the same VNet. */
static const char *
transit_peering (VnlNetwork *net,
                 int         v,
                 int         owner)
{
  GArray *peers = nvnet (net, v)->peers;

  if (v == owner)
    return NULL;
  for (guint i = 0; i < peers->len; i++)
    if (g_array_index (peers, PeerRoute, i).vnet == owner)
      return g_array_index (peers, PeerRoute, i).peering->name;
  return NULL;
}

static VnlRoute *
pick (Walk       *w,
      const char *device,
      Entry      *entry)
{
  return entry_best (entry)[ecmp_index (w, device, entry->n_best)];
}

static guint32
tunnel_address (VnlNetwork *net,
                Speaker    *gw,
                int         s)
{
  VnlGateway *gateway = (VnlGateway *) gw->object;
  Session *session;
  int side, instance;

  if (s < 0)
    return gateway->instances->len > 0 ? g_array_index (gateway->instances, guint32, 0)
                                       : gateway->bgp_address;
  session = ses (net, s);
  side = session->speaker[0] == (int) (gw - spk (net, 0)) ? 0 : 1;
  /* The instance that carries the tunnel answers (after a failover, the
   * one that took over). */
  if (_vnl_network_session_instance (net, session, side, &instance) && instance >= 0)
    return g_array_index (gateway->instances, guint32, instance);
  return session->addr[side];
}

/* Length of the best route a CE has for @addr, -1 when none. */
static int
ce_route_len (VnlNetwork *net,
              int         c,
              guint32     addr)
{
  Speaker *ce = spk (net, c);
  VnlCe *model = (VnlCe *) ce->object;
  Entry *entry;
  int best = -1;

  if (!ce->up)
    return -1;
  if (model->lan_address != 0 && (model->lan_address & ~1u) == (addr & ~1u))
    best = 31;
  for (guint i = 0; i < ce->sessions->len; i++)
    {
      Session *session = ses (net, g_array_index (ce->sessions, guint, i));
      if (!session->up)
        continue;
      if (session->kind == SES_CIRCUIT &&
          vnl_prefix_contains_ip (&((VnlLink *) session->object)->subnet, addr))
        best = MAX (best, 30);
      if (session->kind == SES_S2S && session->addr[0] == addr)
        best = 32;
    }
  entry = _vnl_speaker_lookup (ce, addr, FALSE);
  if (entry != NULL)
    best = MAX (best, (int) entry_winner (entry)->prefix.len);
  return best;
}

static int
choose_ce (Walk    *w,
           NetSite *ns)
{
  int best_len = -1;
  int chosen[16];
  guint n = 0;

  for (guint i = 0; i < ns->ces->len; i++)
    {
      int c = g_array_index (ns->ces, int, i);
      int len = ce_route_len (w->net, c, w->dst);
      if (len > best_len)
        {
          best_len = len;
          n = 0;
        }
      if (len == best_len && n < G_N_ELEMENTS (chosen))
        chosen[n++] = c;
    }

  if (best_len < 0)
    {
      /* No CE has a route: the CEs originate a default route into the site
       * (`default-information originate always`), so any CE that is up. */
      n = 0;
      for (guint i = 0; i < ns->ces->len && n < G_N_ELEMENTS (chosen); i++)
        if (spk (w->net, g_array_index (ns->ces, int, i))->up)
          chosen[n++] = g_array_index (ns->ces, int, i);
    }

  if (n == 0)
    return -1;

  /* Members by ascending LAN address, as for every multipath choice. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && ((VnlCe *) spk (w->net, chosen[j])->object)->lan_address <
                               ((VnlCe *) spk (w->net, chosen[j - 1])->object)->lan_address; j--)
      {
        int tmp = chosen[j];
        chosen[j] = chosen[j - 1];
        chosen[j - 1] = tmp;
      }

  return chosen[ecmp_index (w, ns->site->parent.name, n)];
}

/* Where a packet is: the device, how it entered, over which session. */
typedef struct
{
  Dev      dev;
  Mode     mode;
  int      in_s;
  guint32  egress;   /* into a VNet: the address whose subnet's routes
                        apply (an appliance's NIC, a gateway's subnet), 0:
                        the VNet's; at an appliance: the address it was
                        sent to */
} At;

typedef enum
{
  STEP_NEXT,        /* moved to the next device */
  STEP_DELIVERED,   /* w->final owns the destination */
  STEP_DROPPED,     /* w->drop says why */
} StepResult;

static void
move_to (At   *at,
         Dev   dev,
         Mode  mode,
         int   in_s)
{
  at->dev = dev;
  at->mode = mode;
  at->in_s = in_s;
  at->egress = 0;
}

static StepResult
deliver (Walk *w,
         Dev   dev)
{
  w->final = dev;
  return STEP_DELIVERED;
}

static gboolean address_in_design (VnlNetwork *self,
                                   guint32     addr);

/* The Internet: an address that no VNet, site, local network gateway or
 * device of the design holds. The packet leaves the design where a route
 * to the Internet sends it (the VNet's 0.0.0.0/0 system route, or the site
 * that breaks out); vnetlab does not model the Internet's own routers, so
 * the destination is one hop and answers (issue 10 §3). */
static StepResult
deliver_internet (Walk       *w,
                  Dev         dev)
{
  if (!record (w, dev, TRUE, TRUE, w->dst, w->lat, N_("Internet"), VNL_HOP_INTERNET))
    return STEP_DROPPED;
  w->final = dev_make (DEV_NONE, -1, 0);
  w->internet = TRUE;
  return STEP_DELIVERED;
}

/* The network security groups of endpoint @ep in @direction (vnl-nsg.c):
 * FALSE, with the walk dropped at the endpoint by the rule, when one of
 * them denies the walk's flow. */
static gboolean
nsg_pass (Walk            *w,
          int              ep,
          VnlNsgDirection  direction)
{
  NetEndpoint *ne = &g_array_index (w->net->endpoints, NetEndpoint, ep);
  guint before = w->nsg_checks != NULL ? w->nsg_checks->len : 0;
  g_autofree char *why = NULL;

  if (w->flow == NULL || ne->vnet < 0 ||
      _vnl_nsg_allows (w->net, ep, direction, w->src, w->dst, w->flow, w->nsg_checks))
    return TRUE;
  if (w->nsg_checks != NULL && w->nsg_checks->len > before)
    {
      w->denied_by = w->nsg_checks->pdata[w->nsg_checks->len - 1];
      why = vnl_nsg_check_describe (w->denied_by);
    }
  drop (w, VNL_DROP_DENIED, ne->endpoint->parent.name,
        direction == VNL_NSG_INBOUND ? _("inbound, by %s") : _("outbound, by %s"), why != NULL ? why : "");
  return FALSE;
}

/* An endpoint: where a packet starts, or where it is delivered. */
static StepResult
step_endpoint (Walk *w,
               At   *at,
               Dev   owner)
{
  VnlNetwork *net = w->net;
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, at->dev.idx);
  NetSite *ns;

  if (!_vnl_network_obj_up (net, ne->endpoint))
    {
      drop (w, VNL_DROP_DOWN, ne->endpoint->parent.name, _("%s is down"), ne->endpoint->parent.name);
      return STEP_DROPPED;
    }

  path_add (w, ne->endpoint->parent.name);
  /* Filtering: inbound as it is delivered, outbound as it leaves. */
  if (!nsg_pass (w, at->dev.idx, at->mode != MODE_ORIGIN ? VNL_NSG_INBOUND : VNL_NSG_OUTBOUND))
    return STEP_DROPPED;
  if (at->mode != MODE_ORIGIN)
    {
      if (!record (w, at->dev, TRUE, TRUE, ne->endpoint->address, w->lat,
                   ne->endpoint->parent.name, VNL_HOP_ENDPOINT))
        return STEP_DROPPED;
      return deliver (w, at->dev);
    }

  if (ne->vnet >= 0)
    {
      move_to (at, dev_make (DEV_VNET, ne->vnet, 0), MODE_ORIGIN, -1);
      return STEP_NEXT;
    }

  ns = nsite (net, ne->site);
  if (ns->site->hops->len > 0)
    {
      move_to (at, dev_make (DEV_SITE_HOP, ne->site, 0), MODE_FROM_LAN, -1);
      return STEP_NEXT;
    }

  {
    int c = choose_ce (w, ns);
    if (c < 0)
      {
        drop (w, VNL_DROP_NO_ROUTE, ns->site->parent.name, "%s", _("no CE router is up in the site"));
        return STEP_DROPPED;
      }
    add_latency (w, ns->site->location, ns->site->location);
    move_to (at, dev_make (DEV_SPEAKER, c, 0), MODE_FROM_LAN, at->in_s);
    return STEP_NEXT;
  }
}

/* ---------------------------------------------------------------------- */
/* Network virtual appliances and Azure Firewall (issue 14)               */
/*
 * A user-defined route to a VirtualAppliance IP hands the packet to the
 * appliance or firewall that has the address, or, for a load balancer
 * frontend, to one appliance of its pool, in the VNet or a directly peered
 * one (_vnl_udr_check() allows no other). The appliance is a VM with IP
 * forwarding: it forwards by the effective routes of its NIC's subnet
 * ([UDR]: "Deploy a virtual appliance into a different subnet than the
 * resources that route through the virtual appliance"), through the NIC
 * whose subnet holds the destination, else through its first NIC (the
 * guest's default route is on its primary NIC: vnetlab's assumption).
 *
 * Traceroute: an appliance is a VM routing in its guest OS, so it
 * decrements the TTL and answers from the address it was sent to. Azure
 * Firewall's documentation says nothing of traceroute: vnetlab assumes it
 * decrements the TTL (it is a routed hop, the next hop of the route) but
 * sends no Time Exceeded, so it is a silent hop ("Request timed out"). Both
 * add the latency inside their location, as a VM does.
 *
 * Load balancer frontend: "The load-balancing decision is made per flow"
 * (articles/load-balancer/load-balancer-ha-ports-overview.md). vnetlab
 * picks the member by a hash of the two addresses taken in ascending
 * order, so a flow and its reply reach the same member when both are sent
 * to the frontend; members that are down are out of the pool (the health
 * probe). The matrix walks every member in turn.
 *
 * A packet sent back to an appliance it already crossed is a routing loop:
 * the walk stops and names the appliances and the routes that make it.
 */

static NetAppliance *
napp (VnlNetwork *net,
      int         i)
{
  return &g_array_index (net->appliances, NetAppliance, i);
}

/* The member of the pool behind @frontend that carries this flow, -1 when
 * all are down. */
static int
frontend_member (Walk    *w,
                 guint32  frontend,
                 GArray  *pool)
{
  int up[16];
  guint n = 0;
  guint32 lo = MIN (w->src, w->dst), hi = MAX (w->src, w->dst);

  for (guint i = 0; i < pool->len && n < G_N_ELEMENTS (up); i++)
    {
      int a = g_array_index (pool, int, i);
      if (_vnl_network_obj_up (w->net, napp (w->net, a)->object))
        up[n++] = a;
    }
  if (n == 0)
    return -1;
  if (w->branches != NULL && n > 1)
    return up[branches_next (w->branches, n)];
  return up[fmix32 (_vnl_flow_hash (lo, hi) ^ frontend) % n];
}

/* "routing loop: A → B → A (route R of table T, …)" from the visit of
 * appliance @again. */
static void
drop_loop (Walk       *w,
           int         again,
           const char *node)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) routes = g_string_new (NULL);
  guint first = 0;

  if (w->steps == NULL)
    {
      drop_quiet (w, VNL_DROP_LOOP, node);
      return;
    }
  while (first < w->n_visits && w->visits[first].app != again)
    first++;
  for (guint i = first; i < w->n_visits; i++)
    {
      g_string_append_printf (names, "%s → ", napp (w->net, w->visits[i].app)->object->name);
      if (i > first)
        g_string_append (routes, "; ");
      if (w->visits[i].udr != NULL)
        g_string_append_printf (routes, _("route %s of %s"), w->visits[i].udr->name, w->visits[i].table);
      else
        g_string_append_printf (routes, _("a route of route server %s"), w->visits[i].table);
    }
  g_string_append (names, napp (w->net, again)->object->name);
  drop (w, VNL_DROP_LOOP, node, _("routing loop: %s (%s)"), names->str, routes->str);
}

/* Peering honours allow-forwarded-traffic. Its documented direction is
 * ambiguous: the peering API says "Whether the forwarded traffic from the
 * VMs in the local virtual network will be allowed/disallowed in remote
 * virtual network" in its newer versions and "from the VMs in the remote
 * virtual network will be allowed/disallowed" in older ones, the portal
 * asks it of the VNet that receives, and a user reports it was not
 * needed (MicrosoftDocs/architecture-center#1051). vnetlab reads it as the
 * portal does: the option on the side of the VNet a packet enters decides
 * whether that VNet accepts packets, over this peering, whose source is
 * outside the VNet that sends them (forwarded by an appliance). */
static gboolean
peering_refuses (Walk             *w,
                 int               from,
                 const PeerRoute  *peer)
{
  VnlPeering *peering = (VnlPeering *) peer->peering;
  NetVnet *sender = nvnet (w->net, from);
  const char *receiver = nvnet (w->net, peer->vnet)->vnet->parent.name;
  const VnlPeeringSide *side = &peering->side[g_strcmp0 (peering->vnet_a, receiver) == 0 ? 0 : 1];

  if (!w->forwarded || side->allow_forwarded_traffic || in_spaces (sender->vnet->address_spaces, w->src))
    return FALSE;
  drop (w, VNL_DROP_NO_ROUTE, peering->parent.name,
        _("peering %s: %s does not allow forwarded traffic from %s (allow-forwarded-traffic is off on its side), "
          "and the source is outside %s"),
        peering->parent.name, receiver, sender->vnet->parent.name, sender->vnet->parent.name);
  return TRUE;
}

/* The endpoint a VirtualAppliance route names: it does not forward (Azure
 * drops what reaches a NIC without IP forwarding that is not for its own
 * address), so the packet stops there. */
static StepResult
to_endpoint_next_hop (Walk            *w,
                      At              *at,
                      const VnetRoute *route,
                      Dev              dev)
{
  VnlNetwork *net = w->net;
  NetVnet *nv = nvnet (net, at->dev.idx);
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, dev.idx);
  NetVnet *there = nvnet (net, ne->vnet);
  VnlPrefix host = { route->udr->next_hop_ip, 32 };
  const PeerRoute *peer;
  char ip[16];

  vnl_ip_format (route->udr->next_hop_ip, ip);
  if (ne->vnet != at->dev.idx &&
      _vnl_vnet_system_route (net, at->dev.idx, &host, &peer) == VNET_NEXT_PEERING)
    path_add (w, peer->peering->name);
  add_latency (w, nv->vnet->location, there->vnet->location);
  path_add (w, ne->endpoint->parent.name);
  if (!_vnl_network_obj_up (net, ne->endpoint))
    {
      drop (w, VNL_DROP_DOWN, ne->endpoint->parent.name, _("%s is down"), ne->endpoint->parent.name);
      return STEP_DROPPED;
    }
  if (!record (w, dev, FALSE, FALSE, ne->endpoint->address, w->lat, ne->endpoint->parent.name,
               VNL_HOP_ENDPOINT))
    return STEP_DROPPED;
  drop (w, VNL_DROP_NO_ROUTE, ne->endpoint->parent.name,
        _("route %s hands it to %s (%s), a VM without IP forwarding, which does not forward: "
          "make it a network virtual appliance"),
        route->udr->name, ne->endpoint->parent.name, ip);
  return STEP_DROPPED;
}

/* A user-defined route to a VirtualAppliance IP, from VNet at->dev (the
 * route of @table). */
static StepResult
to_appliance (Walk              *w,
              At                *at,
              const VnetRoute   *route,
              const VnlUdrTable *table)
{
  VnlNetwork *net = w->net;
  NetVnet *nv = nvnet (net, at->dev.idx);
  guint32 ip = route->udr->next_hop_ip;
  Dev dev = owner_of (net, ip);
  GArray *pool = g_hash_table_lookup (net->frontends, GUINT_TO_POINTER (ip));
  VnlPrefix host = { ip, 32 };
  const PeerRoute *peer;
  NetAppliance *na;
  char addr[16];

  vnl_ip_format (ip, addr);
  if (dev.kind == DEV_NONE && pool != NULL)
    {
      int member = frontend_member (w, ip, pool);

      if (member < 0)
        {
          drop (w, VNL_DROP_DOWN, nv->vnet->parent.name,
                _("route %s is to the load balancer frontend %s, whose appliances are all down"),
                route->udr->name, addr);
          return STEP_DROPPED;
        }
      dev = dev_make (DEV_APPLIANCE, member, 0);
    }
  if (dev.kind == DEV_ENDPOINT)
    return to_endpoint_next_hop (w, at, route, dev);
  if (dev.kind != DEV_APPLIANCE)
    {
      drop (w, VNL_DROP_NO_HOST, nv->vnet->parent.name,
            _("route %s sends it to the virtual appliance %s, but nothing in the design has that address"),
            route->udr->name, addr);
      return STEP_DROPPED;
    }

  na = napp (net, dev.idx);
  for (guint i = 0; i < w->n_visits; i++)
    if (w->visits[i].app == dev.idx)
      {
        if (w->n_visits < G_N_ELEMENTS (w->visits))
          {
            w->visits[w->n_visits].app = dev.idx;
            w->visits[w->n_visits].udr = route->udr;
            w->visits[w->n_visits].table = table->parent.name;
          }
        drop_loop (w, dev.idx, nv->vnet->parent.name);
        w->n_visits = 0;
        return STEP_DROPPED;
      }
  if (w->n_visits < G_N_ELEMENTS (w->visits))
    {
      w->visits[w->n_visits].app = dev.idx;
      w->visits[w->n_visits].udr = route->udr;
      w->visits[w->n_visits].table = table->parent.name;
      w->n_visits++;
    }

  if (na->vnet != at->dev.idx &&
      _vnl_vnet_system_route (net, at->dev.idx, &host, &peer) == VNET_NEXT_PEERING)
    {
      path_add (w, peer->peering->name);
      if (peering_refuses (w, at->dev.idx, peer))
        return STEP_DROPPED;
    }
  add_latency (w, nv->vnet->location, nvnet (net, na->vnet)->vnet->location);
  move_to (at, dev, MODE_FROM_VNET, -1);
  at->egress = ip;
  return STEP_NEXT;
}

/* A route a route server programmed from appliances, from VNet at->dev
 * (spec §1.3 C: Route Server "doesn't route data traffic"; the next hop is
 * the appliance, one per flow when several sent it with the same AS path
 * length). */
static StepResult
to_rs_appliance (Walk            *w,
                 At              *at,
                 const VnetRoute *route)
{
  VnlNetwork *net = w->net;
  NetVnet *nv = nvnet (net, at->dev.idx);
  Speaker *rs = spk (net, route->gw);
  VnlRoute *hops[ECMP_MAX_PATHS];
  guint n = 0;
  VnlRoute *chosen;
  int app;
  NetAppliance *na;
  VnlPrefix host;
  const PeerRoute *peer;

  for (guint k = 0; route->entry != NULL && k < route->entry->n_best && n < G_N_ELEMENTS (hops); k++)
    if (_vnl_route_server_appliance_of (net, entry_best (route->entry)[k]) >= 0)
      hops[n++] = entry_best (route->entry)[k];
  if (n == 0)
    {
      drop (w, VNL_DROP_NO_ROUTE, nv->vnet->parent.name, "%s", _("no gateway route"));
      return STEP_DROPPED;
    }
  chosen = hops[ecmp_index (w, nv->vnet->parent.name, n)];
  app = _vnl_route_server_appliance_of (net, chosen);
  na = napp (net, app);

  for (guint i = 0; i < w->n_visits; i++)
    if (w->visits[i].app == app)
      {
        if (w->n_visits < G_N_ELEMENTS (w->visits))
          {
            w->visits[w->n_visits].app = app;
            w->visits[w->n_visits].udr = NULL;
            w->visits[w->n_visits].table = rs->name;
          }
        drop_loop (w, app, nv->vnet->parent.name);
        w->n_visits = 0;
        return STEP_DROPPED;
      }
  if (w->n_visits < G_N_ELEMENTS (w->visits))
    {
      w->visits[w->n_visits].app = app;
      w->visits[w->n_visits].udr = NULL;
      w->visits[w->n_visits].table = rs->name;
      w->n_visits++;
    }

  host.addr = chosen->next_hop;
  host.len = 32;
  if (na->vnet != at->dev.idx &&
      _vnl_vnet_system_route (net, at->dev.idx, &host, &peer) == VNET_NEXT_PEERING)
    {
      path_add (w, peer->peering->name);
      if (peering_refuses (w, at->dev.idx, peer))
        return STEP_DROPPED;
    }
  add_latency (w, nv->vnet->location, nvnet (net, na->vnet)->vnet->location);
  move_to (at, dev_make (DEV_APPLIANCE, app, 0), MODE_FROM_VNET, -1);
  at->egress = chosen->next_hop;
  return STEP_NEXT;
}

/* An appliance that speaks BGP sends what it learned over an SD-WAN
 * tunnel into that tunnel, to the branch's CE: its own routing table, not
 * its subnet's (which the route server programmed back to it). TRUE when
 * it did (@result set). */
static gboolean
appliance_sdwan (Walk         *w,
                 At           *at,
                 NetAppliance *na,
                 StepResult   *result)
{
  VnlNetwork *net = w->net;
  Speaker *sp;
  Entry *entry;
  VnlRoute *route;
  Session *tunnel;
  int ce;

  if (na->speaker < 0)
    return FALSE;
  sp = spk (net, na->speaker);
  entry = _vnl_speaker_lookup (sp, w->dst, TRUE);
  if (!sp->up || entry == NULL || entry->n_best == 0 ||
      entry_winner (entry)->session < 0 || ses (net, entry_winner (entry)->session)->kind != SES_SDWAN)
    return FALSE;

  route = pick (w, sp->name, entry);
  tunnel = ses (net, route->session);
  ce = tunnel->speaker[tunnel->speaker[0] == na->speaker ? 1 : 0];
  if (!tunnel->up)
    {
      drop (w, VNL_DROP_DOWN, tunnel->object->name, _("%s is down"), tunnel->object->name);
      *result = STEP_DROPPED;
      return TRUE;
    }
  path_add (w, tunnel->object->name);
  add_latency (w, sp->location, spk (net, ce)->location);
  move_to (at, dev_make (DEV_SPEAKER, ce, 0), MODE_SESSION, route->session);
  *result = STEP_NEXT;
  return TRUE;
}

/* The NIC an appliance sends @dst out of: the one whose subnet holds it,
 * else the first. */
static guint32
appliance_nic (VnlNetwork   *net,
               NetAppliance *na,
               guint32       dst)
{
  GPtrArray *subnets = nvnet (net, na->vnet)->vnet->subnets;

  for (guint n = 1; n < G_N_ELEMENTS (na->nics); n++)
    for (guint i = 0; na->nics[n] != 0 && i < subnets->len; i++)
      {
        const VnlSubnet *subnet = subnets->pdata[i];
        if (vnl_prefix_contains_ip (&subnet->prefix, na->nics[n]) && vnl_prefix_contains_ip (&subnet->prefix, dst))
          return na->nics[n];
      }
  return na->nics[0];
}

/* Azure Firewall's network rules (vnl-firewall.c) for the walk's flow, as
 * the packet crosses it: FALSE, with the walk dropped at the firewall by
 * the rule (or its default deny), when they deny it. The source is the
 * packet's as it arrives (an earlier firewall's SNAT). */
static gboolean
firewall_pass (Walk         *w,
               NetAppliance *na)
{
  guint before = w->nsg_checks != NULL ? w->nsg_checks->len : 0;
  guint32 src = w->snat != 0 ? w->snat : w->src;
  g_autofree char *why = NULL;

  if (w->flow == NULL || !na->firewall ||
      _vnl_firewall_allows (w->net, (VnlFirewall *) na->object, src, w->dst, w->flow, w->nsg_checks))
    return TRUE;
  if (w->nsg_checks != NULL && w->nsg_checks->len > before)
    {
      w->denied_by = w->nsg_checks->pdata[w->nsg_checks->len - 1];
      why = vnl_nsg_check_describe (w->denied_by);
    }
  drop (w, VNL_DROP_DENIED, na->object->name, _("by %s"), why != NULL ? why : "");
  return FALSE;
}

/* The group of the subnet of an appliance's NIC @nic (vnl-nsg.c), as the
 * packet arrives through it or leaves through it: FALSE, with the walk
 * dropped at the appliance by the rule, when it denies the walk's flow. */
static gboolean
appliance_nsg_pass (Walk            *w,
                    int              app,
                    guint32          nic,
                    VnlNsgDirection  direction)
{
  guint before = w->nsg_checks != NULL ? w->nsg_checks->len : 0;
  guint32 src = w->snat != 0 ? w->snat : w->src;
  g_autofree char *why = NULL;

  if (w->flow == NULL ||
      _vnl_appliance_nsg_allows (w->net, app, nic, direction, src, w->dst, w->flow, w->nsg_checks))
    return TRUE;
  if (w->nsg_checks != NULL && w->nsg_checks->len > before)
    {
      w->denied_by = w->nsg_checks->pdata[w->nsg_checks->len - 1];
      why = vnl_nsg_check_describe (w->denied_by);
    }
  drop (w, VNL_DROP_DENIED, napp (w->net, app)->object->name,
        direction == VNL_NSG_INBOUND ? _("inbound, by %s") : _("outbound, by %s"), why != NULL ? why : "");
  return FALSE;
}

/* An appliance or a firewall: where a packet is delivered (its own
 * address), or forwarded by its NIC's subnet. */
static StepResult
step_appliance (Walk *w,
                At   *at,
                Dev   owner)
{
  VnlNetwork *net = w->net;
  NetAppliance *na = napp (net, at->dev.idx);
  const char *name = na->object->name;
  VnlHopKind kind = na->firewall ? VNL_HOP_FIREWALL : VNL_HOP_APPLIANCE;
  guint32 reply = at->egress != 0 && owner_of (net, at->egress).kind == DEV_APPLIANCE ? at->egress : na->nics[0];
  guint32 nic;

  if (!_vnl_network_obj_up (net, na->object))
    {
      drop (w, VNL_DROP_DOWN, name, _("%s is down"), name);
      return STEP_DROPPED;
    }
  path_add (w, name);

  if (dev_equal (owner, at->dev))
    {
      if (!record (w, at->dev, TRUE, TRUE, w->dst, w->lat, name, kind))
        return STEP_DROPPED;
      return deliver (w, at->dev);
    }
  if (at->mode != MODE_ORIGIN)
    {
      /* An appliance answers traceroute, the firewall is silent. */
      if (!record (w, at->dev, TRUE, !na->firewall, reply, w->lat, name, kind))
        return STEP_DROPPED;
      if (!firewall_pass (w, na) || !appliance_nsg_pass (w, at->dev.idx, reply, VNL_NSG_INBOUND))
        return STEP_DROPPED;
      w->forwarded = TRUE;
      if (na->stateful && at->dev.idx < 64)
        w->stateful |= (guint64) 1 << at->dev.idx;
    }

  /* [FW-SNAT]: network rules SNAT what is not for RFC 1918 or RFC 6598
   * addresses: to the public address towards the Internet, to the
   * firewall's private address when it is forced-tunnelled ("Internet-bound
   * traffic is SNATed to one of the firewall's private IP addresses in
   * AzureFirewallSubnet") or for a public range inside the design. */
  if (na->firewall && w->snat == 0 && _vnl_firewall_snats (w->dst))
    {
      VnlFirewall *firewall = (VnlFirewall *) na->object;

      w->snat = !address_in_design (net, w->dst) && !firewall->management && firewall->public_address != 0
                ? firewall->public_address : firewall->address;
      w->snat_node = name;
    }

  {
    StepResult result;

    if (appliance_sdwan (w, at, na, &result))
      return result;
  }
  /* A Virtual WAN hub's firewall forwards by its hub router's tables. */
  if (_vnl_vwan_hub_of_vnet (net, na->vnet) >= 0)
    {
      int h = _vnl_vwan_hub_of_vnet (net, na->vnet);
      move_to (at, dev_make (DEV_HUB, h, g_array_index (net->vwan->hubs, NetHub, h).default_table),
               MODE_FROM_APPLIANCE, -1);
      return STEP_NEXT;
    }

  nic = appliance_nic (net, na, w->dst);
  if (!appliance_nsg_pass (w, at->dev.idx, nic, VNL_NSG_OUTBOUND))
    return STEP_DROPPED;
  move_to (at, dev_make (DEV_VNET, na->vnet, 0), MODE_FROM_APPLIANCE, -1);
  at->egress = nic;
  return STEP_NEXT;
}

/* A gateway hands traffic from on premises into a VNet that uses it by
 * the routes of its own GatewaySubnet: a user-defined route there (the
 * hub-and-spoke's spoke prefixes to the firewall, [RS-INJ] "a route table
 * in the GatewaySubnet is still required") takes the packet into the
 * gateway's VNet at that subnet. Remembers the subnet either way (what a
 * stateful drop names). TRUE when a route of its table applies. */
static gboolean
gateway_subnet_route (Walk      *w,
                      Speaker   *sp,
                      guint32   *egress)
{
  VnlNetwork *net = w->net;
  GPtrArray *subnets = nvnet (net, sp->vnet)->vnet->subnets;
  VnlUdrTable *table;
  VnetRoute route;

  for (guint i = 0; i < subnets->len; i++)
    {
      const VnlSubnet *subnet = subnets->pdata[i];

      if (g_strcmp0 (subnet->name, "GatewaySubnet") != 0)
        continue;
      if (w->n_egress < G_N_ELEMENTS (w->egress))
        {
          w->egress[w->n_egress].vnet = sp->vnet;
          w->egress[w->n_egress].subnet = subnet->name;
          w->n_egress++;
        }
      table = _vnl_subnet_table (net, sp->vnet, subnet->prefix.addr, NULL);
      if (table == NULL)
        return FALSE;
      _vnl_subnet_route (net, sp->vnet, table, w->dst, &route);
      *egress = subnet->prefix.addr;
      return route.udr != NULL;
    }
  return FALSE;
}

/* A VNet: the Azure fabric, which forwards without being a hop. Its choice
 * of route is the ladder of _vnl_vnet_route() (system, peering, gateway,
 * default), the same the route tables show; a packet leaving a subnet
 * with a route table takes that subnet's routes (_vnl_subnet_route()). */
static StepResult
step_vnet (Walk *w,
           At   *at,
           Dev   owner)
{
  VnlNetwork *net = w->net;
  NetVnet *nv = nvnet (net, at->dev.idx);
  const char *loc = nv->vnet->location;
  VnlUdrTable *table = NULL;
  const char *subnet = NULL;
  guint32 egress = at->mode == MODE_ORIGIN ? w->src : at->egress;
  VnetRoute route;

  if (!nv->up)
    {
      drop (w, VNL_DROP_DOWN, nv->vnet->parent.name, _("VNet %s is down"), nv->vnet->parent.name);
      return STEP_DROPPED;
    }
  path_add_area (w, nv->vnet->parent.name);

  /* Leaving a subnet (a packet's source, an appliance's NIC, a gateway's
   * subnet): the subnet's route table, if it has one. */
  if (egress != 0)
    {
      table = _vnl_subnet_table (net, at->dev.idx, egress, &subnet);
      if (subnet != NULL && w->n_egress < G_N_ELEMENTS (w->egress) && at->mode != MODE_FROM_GATEWAY)
        {
          w->egress[w->n_egress].vnet = at->dev.idx;
          w->egress[w->n_egress].subnet = subnet;
          w->n_egress++;
        }
    }
  if (table != NULL)
    _vnl_subnet_route (net, at->dev.idx, table, w->dst, &route);
  else
    _vnl_vnet_route (net, at->dev.idx, w->dst, &route);

  /* Traffic that entered over a peering or from a gateway is delivered in
   * the VNet (or, from a gateway, into a peer), never routed onwards;
   * unless the gateway's subnet has a user-defined route for it. */
  if ((at->mode == MODE_FROM_PEERING && route.next != VNET_NEXT_VNET) ||
      (at->mode == MODE_FROM_GATEWAY && route.next != VNET_NEXT_VNET && route.next != VNET_NEXT_PEERING &&
       route.udr == NULL))
    {
      drop (w, VNL_DROP_NO_ROUTE, nv->vnet->parent.name,
            "%s", _("traffic entering the VNet is not routed onwards"));
      return STEP_DROPPED;
    }

  switch (route.next)
    {
    case VNET_NEXT_VNET:
      if (owner.kind == DEV_ENDPOINT &&
          g_array_index (net->endpoints, NetEndpoint, owner.idx).vnet == at->dev.idx)
        {
          add_latency (w, loc, loc);
          move_to (at, owner, MODE_FROM_GATEWAY, at->in_s);
          return STEP_NEXT;
        }
      if (owner.kind == DEV_SPEAKER && spk (net, owner.idx)->vnet == at->dev.idx &&
          spk (net, owner.idx)->kind == SPK_GATEWAY)
        {
          add_latency (w, loc, loc);
          move_to (at, owner, MODE_FROM_VNET, -1);
          return STEP_NEXT;
        }
      if (owner.kind == DEV_APPLIANCE && napp (net, owner.idx)->vnet == at->dev.idx)
        {
          add_latency (w, loc, loc);
          move_to (at, owner, MODE_FROM_GATEWAY, at->in_s);
          return STEP_NEXT;
        }
      drop (w, VNL_DROP_NO_HOST, nv->vnet->parent.name, "%s", _("nothing in the VNet has this address"));
      return STEP_DROPPED;

    case VNET_NEXT_PEERING:
      path_add (w, route.peer->peering->name);
      if (peering_refuses (w, at->dev.idx, route.peer))
        return STEP_DROPPED;
      add_latency (w, loc, nvnet (net, route.peer->vnet)->vnet->location);
      move_to (at, dev_make (DEV_VNET, route.peer->vnet, 0), MODE_FROM_PEERING, at->in_s);
      return STEP_NEXT;

    case VNET_NEXT_APPLIANCE:
      return to_appliance (w, at, &route, table);

    case VNET_NEXT_GATEWAY:
      if (route.udr == NULL && spk (net, route.gw)->kind == SPK_ROUTE_SERVER)
        return to_rs_appliance (w, at, &route);
      if (route.udr != NULL && !spk (net, route.gw)->up)
        {
          drop (w, VNL_DROP_DOWN, nv->vnet->parent.name, _("route %s is to gateway %s, which is down"),
                route.udr->name, spk (net, route.gw)->name);
          return STEP_DROPPED;
        }
      path_add (w, transit_peering (net, at->dev.idx, spk (net, route.gw)->vnet));
      add_latency (w, loc, spk (net, route.gw)->location);
      move_to (at, dev_make (DEV_SPEAKER, route.gw, 0), MODE_FROM_VNET, -1);
      return STEP_NEXT;

    case VNET_NEXT_HUB:
      {
        /* A spoke of a Virtual WAN hub: to the hub router, over its hub
         * virtual network connection. */
        HubTable *table = net->vwan->tables->pdata[route.hub_table];
        NetHub *nh = &g_array_index (net->vwan->hubs, NetHub, table->hub);

        path_add (w, _vnl_vwan_spoke_connection (net, at->dev.idx));
        add_latency (w, loc, nh->hub->location);
        move_to (at, dev_make (DEV_HUB, table->hub, route.hub_table), MODE_FROM_VNET, -1);
        return STEP_NEXT;
      }

    case VNET_NEXT_INTERNET:
      /* G3: 0.0.0.0/0 → Internet, when no gateway route (the on-premises
       * default of forced tunnelling) is there to win it. */
      if (!address_in_design (net, w->dst))
        return deliver_internet (w, at->dev);
      drop (w, VNL_DROP_INTERNET, nv->vnet->parent.name,
            "%s", _("the route is to the Internet, outside the design"));
      return STEP_DROPPED;

    case VNET_NEXT_NULL:
      if (route.udr != NULL)
        {
          drop (w, VNL_DROP_NULL_ROUTE, nv->vnet->parent.name,
                _("user-defined route %s is to None"), route.udr->name);
          return STEP_DROPPED;
        }
      G_GNUC_FALLTHROUGH;
    case VNET_NEXT_NONE:
    default:
      drop (w, VNL_DROP_NULL_ROUTE, nv->vnet->parent.name,
            "%s", _("no gateway route; the default route for private ranges is None"));
      return STEP_DROPPED;
    }
}

/* What a speaker does with a packet before its routing table: it may own
 * the destination, deliver it into a network it is attached to, or look the
 * destination up (ARRIVE_LOOKUP, @entry set, or NULL for no route). */
typedef enum
{
  ARRIVE_LOOKUP,
  ARRIVE_DONE,      /* the step is over: result in @result */
} Arrive;

typedef struct
{
  gboolean    is_hop;
  gboolean    may_answer;
  guint32     reply;
  Entry      *entry;
  StepResult  result;
} Arrival;

/* The speaker owns the destination: it answers as the last hop. */
static Arrive
arrive_owner (Walk       *w,
              At         *at,
              gboolean    may_answer,
              Speaker    *sp,
              Arrival    *a)
{
  a->result = record (w, at->dev, TRUE, may_answer, w->dst, w->lat, sp->name, speaker_hop_kind (sp))
              ? deliver (w, at->dev) : STEP_DROPPED;
  return ARRIVE_DONE;
}

/* An Azure gateway. */
static Arrive
arrive_gateway (Walk    *w,
                At      *at,
                Dev      owner,
                Arrival *a)
{
  VnlNetwork *net = w->net;
  Speaker *sp = spk (net, at->dev.idx);
  GArray *users = nvnet (net, sp->vnet)->users;

  /* Rule 4: behind a tunnel entered on premises the Azure gateways are not
   * hops. Rule 1: a gateway answers its own VNet and the VNets using it. */
  a->is_hop = !w->hidden;
  a->may_answer = w->src_vnet >= 0 &&
                  (w->src_vnet == sp->vnet || nvnet (net, w->src_vnet)->gw_owner == sp->vnet ||
                   (_vnl_vwan_hub_of_vnet (net, sp->vnet) >= 0 &&
                    _vnl_vwan_spoke_hub (net, w->src_vnet) == _vnl_vwan_hub_of_vnet (net, sp->vnet)));
  a->reply = tunnel_address (net, sp, at->mode == MODE_SESSION ? at->in_s : -1);

  if (dev_equal (owner, at->dev))
    return arrive_owner (w, at, a->may_answer, sp, a);

  /* A Virtual WAN hub's gateway hands what comes from the branches to
   * the hub router, which routes it by the Default table ("All branch
   * connections ... need to be associated to the Default route table"). */
  if (at->mode == MODE_SESSION && _vnl_vwan_hub_of_vnet (net, sp->vnet) >= 0)
    {
      int h = _vnl_vwan_hub_of_vnet (net, sp->vnet);

      a->result = STEP_DROPPED;
      if (!record (w, at->dev, a->is_hop, a->may_answer, a->reply, w->lat, sp->name, speaker_hop_kind (sp)))
        return ARRIVE_DONE;
      /* Rule 4 holds through the hubs: a packet from a tunnel stays
       * hidden from the VPN gateway it leaves by (step_hub() clears it
       * towards anything else). */
      move_to (at, dev_make (DEV_HUB, h, g_array_index (net->vwan->hubs, NetHub, h).default_table),
               MODE_FROM_GATEWAY, -1);
      a->result = STEP_NEXT;
      return ARRIVE_DONE;
    }

  /* Into its VNet, or a VNet using it (gateway transit). */
  for (guint u = 0; u < users->len; u++)
    {
      int v = g_array_index (users, int, u);
      NetVnet *nv = nvnet (net, v);

      if (!nv->up || !in_spaces (nv->vnet->address_spaces, w->dst))
        continue;
      a->result = STEP_DROPPED;
      if (at->mode == MODE_FROM_VNET)
        {
          /* A VNet sent it here by a learned route covering another VNet
           * that uses this gateway (an on-premises summary, no peering
           * between the two): an ExpressRoute gateway hands it to the MSEE,
           * which knows that VNet's own prefix and sends it back, the
           * hairpin of issue 10 §3. Anything else is not routed back. */
          if (((VnlGateway *) sp->object)->type == VNL_GATEWAY_EXPRESSROUTE &&
              (a->entry = _vnl_speaker_lookup (sp, w->dst, TRUE)) != NULL)
            return ARRIVE_LOOKUP;
          drop (w, VNL_DROP_NO_ROUTE, sp->name, "%s", _("the gateway does not route back into Azure"));
          return ARRIVE_DONE;
        }
      if (!record (w, at->dev, a->is_hop, a->may_answer, a->reply, w->lat, sp->name, speaker_hop_kind (sp)))
        return ARRIVE_DONE;
      w->hidden = FALSE;
      {
        guint32 egress = 0;

        if (gateway_subnet_route (w, sp, &egress))
          {
            add_latency (w, sp->location, nvnet (net, sp->vnet)->vnet->location);
            move_to (at, dev_make (DEV_VNET, sp->vnet, 0), MODE_FROM_GATEWAY, at->in_s);
            at->egress = egress;
            a->result = STEP_NEXT;
            return ARRIVE_DONE;
          }
      }
      path_add (w, transit_peering (net, v, sp->vnet));
      add_latency (w, sp->location, nv->vnet->location);
      move_to (at, dev_make (DEV_VNET, v, 0), MODE_FROM_GATEWAY, at->in_s);
      a->result = STEP_NEXT;
      return ARRIVE_DONE;
    }

  a->entry = _vnl_speaker_lookup (sp, w->dst, TRUE);
  return ARRIVE_LOOKUP;
}

/* An MSEE. */
static Arrive
arrive_msee (Walk    *w,
             At      *at,
             Dev      owner,
             Arrival *a)
{
  VnlNetwork *net = w->net;
  Speaker *sp = spk (net, at->dev.idx);

  /* Rule 3: the MSEE decrements the TTL only for traffic entering from the
   * CE side. */
  a->is_hop = at->mode == MODE_SESSION && at->in_s >= 0 && ses (net, at->in_s)->kind == SES_CIRCUIT;
  a->reply = ((VnlLink *) sp->object)->msee_address;

  if (dev_equal (owner, at->dev))
    return arrive_owner (w, at, TRUE, sp, a);
  a->entry = _vnl_speaker_lookup (sp, w->dst, FALSE);
  return ARRIVE_LOOKUP;
}

/* A CE router. */
static Arrive
arrive_ce (Walk    *w,
           At      *at,
           Dev      owner,
           Arrival *a)
{
  VnlNetwork *net = w->net;
  Speaker *sp = spk (net, at->dev.idx);
  VnlCe *ce = (VnlCe *) sp->object;
  NetSite *ns = sp->site >= 0 ? nsite (net, sp->site) : NULL;

  if (at->mode == MODE_SESSION && at->in_s >= 0)
    {
      Session *in = ses (net, at->in_s);
      a->reply = in->kind == SES_CIRCUIT ? ((VnlLink *) in->object)->ce_address : ce->tunnel_address;
    }
  else
    a->reply = ce->lan_address;
  /* The tunnel ends here. */
  w->hidden = FALSE;

  if (dev_equal (owner, at->dev))
    return arrive_owner (w, at, TRUE, sp, a);

  if (ns != NULL && (_vnl_addr_set_contains (&ns->prefixes, w->dst) ||
                     (owner.kind == DEV_SITE_HOP && owner.idx == sp->site)))
    {
      a->result = STEP_DROPPED;
      if (at->mode == MODE_FROM_LAN)
        {
          drop (w, VNL_DROP_LOOP, sp->name, "%s", _("the site's own prefix came back to its CE"));
          return ARRIVE_DONE;
        }
      if (!record (w, at->dev, TRUE, TRUE, a->reply, w->lat, sp->name, VNL_HOP_CE_ROUTER))
        return ARRIVE_DONE;
      path_add_area (w, ns->site->parent.name);
      add_latency (w, ns->site->location, ns->site->location);
      if (ns->site->hops->len == 0)
        {
          /* No routed hop inside: the CE's LAN is the endpoints' network. */
          if (owner.kind == DEV_ENDPOINT &&
              g_array_index (net->endpoints, NetEndpoint, owner.idx).site == sp->site)
            {
              move_to (at, owner, MODE_FROM_CE, at->in_s);
              a->result = STEP_NEXT;
              return ARRIVE_DONE;
            }
          drop (w, VNL_DROP_NO_HOST, ns->site->parent.name, "%s", _("nothing in the site has this address"));
          return ARRIVE_DONE;
        }
      move_to (at, dev_make (DEV_SITE_HOP, sp->site, (int) ns->site->hops->len - 1), MODE_FROM_CE, at->in_s);
      a->result = STEP_NEXT;
      return ARRIVE_DONE;
    }

  a->entry = _vnl_speaker_lookup (sp, w->dst, FALSE);

  /* The site's own way out: an address outside the design for which the
   * CE learned nothing (or only its own origination, a default it
   * advertises to Azure for forced tunnelling) leaves to the Internet
   * here, the CE answering on the way. */
  if ((a->entry == NULL || entry_winner (a->entry) == NULL || entry_winner (a->entry)->session < 0) &&
      !address_in_design (net, w->dst))
    {
      if (!record (w, at->dev, TRUE, TRUE, a->reply, w->lat, sp->name, VNL_HOP_CE_ROUTER))
        a->result = STEP_DROPPED;
      else
        a->result = deliver_internet (w, at->dev);
      return ARRIVE_DONE;
    }
  return ARRIVE_LOOKUP;
}

/* A local network gateway that speaks BGP for no modelled CE: the end of
 * the design for its prefixes. */
static Arrive
arrive_lng (Walk    *w,
            At      *at,
            Dev      owner,
            Arrival *a)
{
  Speaker *sp = spk (w->net, at->dev.idx);

  if (in_spaces (((VnlLng *) sp->object)->prefixes, w->dst))
    {
      a->result = record (w, at->dev, TRUE, FALSE, 0, w->lat, sp->name, VNL_HOP_LOCAL_NETWORK_GATEWAY)
                  ? deliver (w, at->dev) : STEP_DROPPED;
      return ARRIVE_DONE;
    }
  a->entry = _vnl_speaker_lookup (sp, w->dst, FALSE);
  return ARRIVE_LOOKUP;
}

/* The session a speaker sends the packet over: the connected peer that
 * owns the destination (it answers on its own session address: the MSEE
 * across a link, a VPN gateway's BGP address across a tunnel), else the
 * route's; -1 when dropped. */
static int
out_session (Walk    *w,
             At      *at,
             Dev      owner,
             Arrival *a,
             double   hop_lat)
{
  VnlNetwork *net = w->net;
  Speaker *sp = spk (net, at->dev.idx);
  VnlRoute *route;

  for (guint i = 0; i < sp->sessions->len; i++)
    {
      int s = g_array_index (sp->sessions, guint, i);
      Session *session = ses (net, s);
      int peer_side = session->speaker[0] == at->dev.idx ? 1 : 0;

      if (session->up && session->addr[peer_side] == w->dst &&
          owner.kind == DEV_SPEAKER && owner.idx == session->speaker[peer_side])
        return s;
    }

  if (a->entry == NULL)
    {
      if (record (w, at->dev, a->is_hop, a->may_answer, a->reply, hop_lat, sp->name, speaker_hop_kind (sp)))
        drop (w, VNL_DROP_NO_ROUTE, sp->name, _("%s has no route to the destination"), sp->name);
      return -1;
    }

  route = pick (w, sp->name, a->entry);
  if (route->session < 0)
    {
      /* A locally originated prefix not delivered above. */
      if (record (w, at->dev, a->is_hop, a->may_answer, a->reply, hop_lat, sp->name, speaker_hop_kind (sp)))
        drop (w, VNL_DROP_NO_HOST, sp->name, "%s", _("nothing has this address"));
      return -1;
    }
  return route->session;
}

/* A BGP speaker: gateway, MSEE, CE or local network gateway. */
static StepResult
step_speaker (Walk *w,
              At   *at,
              Dev   owner)
{
  VnlNetwork *net = w->net;
  Speaker *sp = spk (net, at->dev.idx);
  Arrival a = { TRUE, TRUE, 0, NULL, STEP_DROPPED };
  Arrive arrive;
  Session *out;
  int out_s;
  int next;
  int side;
  double hop_lat = w->lat;

  if (!sp->up)
    {
      drop (w, VNL_DROP_DOWN, sp->name, _("%s is down"), sp->name);
      return STEP_DROPPED;
    }
  path_add (w, sp->name);

  switch (sp->kind)
    {
    case SPK_GATEWAY: arrive = arrive_gateway (w, at, owner, &a); break;
    case SPK_MSEE:    arrive = arrive_msee (w, at, owner, &a); break;
    case SPK_CE:      arrive = arrive_ce (w, at, owner, &a); break;
    /* Never walked: an appliance is a DEV_APPLIANCE, a route server
     * forwards nothing. */
    case SPK_ROUTE_SERVER:
    case SPK_APPLIANCE:
    case SPK_LNG:
    default:          arrive = arrive_lng (w, at, owner, &a); break;
    }
  if (arrive == ARRIVE_DONE)
    return a.result;

  if ((out_s = out_session (w, at, owner, &a, hop_lat)) < 0)
    return STEP_DROPPED;

  out = ses (net, out_s);
  side = out->speaker[0] == at->dev.idx ? 0 : 1;
  next = out->speaker[1 - side];

  /* A gateway's route from its VNet's route server (branch-to-branch):
   * into the VNet, to the appliance the route server learned it from,
   * which the gateway's own subnet is programmed with. */
  if (out->kind == SES_RS_GATEWAY && sp->kind == SPK_GATEWAY)
    {
      VnetRoute route = { VNET_NEXT_GATEWAY, NULL, NULL, next, NULL };

      if (!record (w, at->dev, a.is_hop, a.may_answer, a.reply, hop_lat, sp->name, speaker_hop_kind (sp)))
        return STEP_DROPPED;
      w->hidden = FALSE;
      route.entry = spk (net, next)->up ? _vnl_speaker_lookup (spk (net, next), w->dst, TRUE) : NULL;
      path_add_area (w, nvnet (net, sp->vnet)->vnet->parent.name);
      add_latency (w, sp->location, nvnet (net, sp->vnet)->vnet->location);
      move_to (at, dev_make (DEV_VNET, sp->vnet, 0), MODE_FROM_GATEWAY, out_s);
      return to_rs_appliance (w, at, &route);
    }

  if (sp->kind == SPK_GATEWAY)
    {
      if (at->mode != MODE_SESSION)
        a.reply = tunnel_address (net, sp, out_s);
      /* §3.4: an ExpressRoute gateway answers with the round trip to the
       * MSEE it hands the packet to. */
      if (spk (net, next)->kind == SPK_MSEE && w->steps != NULL)
        hop_lat = w->lat + latency (net, sp->location, spk (net, next)->location);
    }

  if (!record (w, at->dev, a.is_hop, a.may_answer, a.reply, hop_lat, sp->name, speaker_hop_kind (sp)))
    return STEP_DROPPED;

  /* Rule 4: a packet a CE puts into an IPsec tunnel is hidden from the
   * Azure gateways until it leaves the tunnels. */
  if (sp->kind == SPK_CE && out->kind == SES_S2S)
    w->hidden = TRUE;

  if (!out->up)
    {
      drop (w, VNL_DROP_DOWN, out->object->name, _("%s is down"), out->object->name);
      return STEP_DROPPED;
    }

  /* A site-to-site tunnel crosses its connection and the local network
   * gateway that stands for the on-premises end, in the order the packet
   * meets them. */
  if (out->kind == SES_S2S && sp->kind != SPK_GATEWAY)
    path_add (w, ((VnlS2sConnection *) out->object)->lng);
  path_add (w, out->object->name);
  if (out->kind == SES_S2S && sp->kind == SPK_GATEWAY)
    path_add (w, ((VnlS2sConnection *) out->object)->lng);
  add_latency (w, sp->location, spk (net, next)->location);
  /* Over an SD-WAN tunnel to the appliance, a device of the data plane. */
  if (spk (net, next)->kind == SPK_APPLIANCE)
    {
      move_to (at, dev_make (DEV_APPLIANCE, spk (net, next)->appliance, 0), MODE_SESSION, out_s);
      return STEP_NEXT;
    }
  move_to (at, dev_make (DEV_SPEAKER, next, 0), MODE_SESSION, out_s);
  return STEP_NEXT;
}

/* A routed hop inside a site (hop 0 faces the endpoints, the last one the
 * CEs). */
static StepResult
step_site_hop (Walk *w,
               At   *at,
               Dev   owner)
{
  VnlNetwork *net = w->net;
  NetSite *ns = nsite (net, at->dev.idx);
  VnlSiteHop *hop = ns->site->hops->pdata[at->dev.sub];
  const char *name = hop->name != NULL ? hop->name : ns->site->parent.name;
  const char *loc = ns->site->location;

  if (!ns->up)
    {
      drop (w, VNL_DROP_DOWN, ns->site->parent.name, _("site %s is down"), ns->site->parent.name);
      return STEP_DROPPED;
    }
  path_add_area (w, ns->site->parent.name);
  /* The routed hop itself is a device the packet crosses. */
  names_add (w->crossed, name);

  if (dev_equal (owner, at->dev))
    {
      if (!record (w, at->dev, TRUE, TRUE, w->dst, w->lat, name, VNL_HOP_SITE_ROUTER))
        return STEP_DROPPED;
      return deliver (w, at->dev);
    }

  if (!record (w, at->dev, at->mode != MODE_ORIGIN, TRUE,
               at->mode == MODE_FROM_CE ? hop->uplink_address : hop->address,
               w->lat, name, VNL_HOP_SITE_ROUTER))
    return STEP_DROPPED;

  if (_vnl_addr_set_contains (&ns->prefixes, w->dst))
    {
      if (owner.kind == DEV_ENDPOINT &&
          g_array_index (net->endpoints, NetEndpoint, owner.idx).site == at->dev.idx)
        {
          add_latency (w, loc, loc);
          move_to (at, owner, MODE_FROM_CE, at->in_s);
          return STEP_NEXT;
        }
      if (at->mode == MODE_FROM_CE && at->dev.sub > 0)
        {
          add_latency (w, loc, loc);
          at->dev.sub--;
          return STEP_NEXT;
        }
      drop (w, VNL_DROP_NO_HOST, ns->site->parent.name, "%s", _("nothing in the site has this address"));
      return STEP_DROPPED;
    }

  if (at->mode == MODE_FROM_CE)
    {
      drop (w, VNL_DROP_NO_ROUTE, name, "%s", _("not a prefix of the site"));
      return STEP_DROPPED;
    }

  add_latency (w, loc, loc);
  if ((guint) at->dev.sub + 1 < ns->site->hops->len)
    {
      at->dev.sub++;
      at->mode = MODE_FROM_LAN;
      return STEP_NEXT;
    }

  {
    int c = choose_ce (w, ns);
    if (c < 0)
      {
        drop (w, VNL_DROP_NO_ROUTE, name, "%s", _("no CE router is up in the site"));
        return STEP_DROPPED;
      }
    move_to (at, dev_make (DEV_SPEAKER, c, 0), MODE_FROM_LAN, -1);
    return STEP_NEXT;
  }
}

/* Runs the walk from @dev entered in @mode (over session @in_s), one device
 * at a time. Returns TRUE when the packet was delivered; w->final is the
 * device that owns the destination. */
/* A Virtual WAN hub router (vnl-vwan.c): it routes by the table the
 * packet's connection is associated with (at->dev.sub), as that
 * connection sees it (routing intent applies) unless the hub's firewall
 * sent it (MODE_FROM_APPLIANCE: the firewall's view); from a remote hub
 * (sub -1) it hands the packet to the connection the route came from
 * (at->in_s). The docs show no hub router in a traceroute: vnetlab
 * assumes it is as silent as the VNet fabric, a step that is no hop. */
static StepResult
step_hub (Walk *w,
          At   *at,
          Dev   owner)
{
  VnlNetwork *net = w->net;
  VnlVwan *vwan = net->vwan;
  NetHub *nh = &g_array_index (vwan->hubs, NetHub, at->dev.idx);
  const char *name = nh->hub->parent.name;
  gboolean from_firewall = at->mode == MODE_FROM_APPLIANCE;
  HubRoute *route = NULL;
  HubRoute pseudo = { 0 };
  NetHubConn *nc;

  if (!nvnet (net, nh->vnet)->up)
    {
      drop (w, VNL_DROP_DOWN, name, _("virtual hub %s is down"), name);
      return STEP_DROPPED;
    }
  path_add (w, name);
  if (!record (w, at->dev, FALSE, FALSE, 0, w->lat, name, VNL_HOP_HUB_ROUTER))
    return STEP_DROPPED;

  if (at->dev.sub < 0)
    {
      /* From a remote hub: the private policy sends it through this hub's
       * firewall too ("including inter-hub traffic"). */
      if (nh->private_policy != NULL && nh->firewall_app >= 0)
        {
          pseudo.type = VNL_HUB_NEXT_FIREWALL;
          route = &pseudo;
        }
      else
        {
          pseudo.type = g_array_index (vwan->conns, NetHubConn, at->in_s).type;
          pseudo.conn = at->in_s;
          route = &pseudo;
        }
    }
  else
    {
      guint n = 0;
      HubRoute **routes = _vnl_vwan_lookup (net, at->dev.sub, w->dst, !from_firewall, &n, NULL);

      if (routes == NULL)
        {
          if (from_firewall && !address_in_design (net, w->dst))
            return deliver_internet (w, at->dev);
          drop (w, VNL_DROP_NO_ROUTE, name, _("hub route table %s has no route for it"),
                ((HubTable *) vwan->tables->pdata[at->dev.sub])->name);
          return STEP_DROPPED;
        }
      route = routes[n > 1 ? ecmp_index (w, name, n) : 0];
    }

  /* Rule 4 (§3.3): "IPsec tunnels entered at the on-prem CE hide all
   * Azure VPN gateways", so a branch-to-branch packet from a tunnel stays
   * hidden through the hub routers to the VPN gateway it leaves by; it
   * is out of the tunnel towards anything else (an ExpressRoute gateway,
   * the firewall, a spoke). */
  if (route->type != VNL_HUB_NEXT_REMOTE_HUB &&
      !(route->type == VNL_HUB_NEXT_VPN && route->conn >= 0))
    w->hidden = FALSE;

  switch (route->type)
    {
    case VNL_HUB_NEXT_FIREWALL:
      {
        NetAppliance *na = napp (net, nh->firewall_app);

        if (from_firewall)
          {
            drop (w, VNL_DROP_LOOP, name, "%s", _("the hub route table sends the firewall's traffic back to it"));
            return STEP_DROPPED;
          }
        move_to (at, dev_make (DEV_APPLIANCE, nh->firewall_app, 0), MODE_FROM_VNET, -1);
        at->egress = na->nics[0];
        return STEP_NEXT;
      }

    case VNL_HUB_NEXT_REMOTE_HUB:
      {
        NetHub *remote = &g_array_index (vwan->hubs, NetHub, route->hub);

        add_latency (w, nh->hub->location, remote->hub->location);
        move_to (at, dev_make (DEV_HUB, route->hub, -1), MODE_FROM_VNET, route->conn);
        return STEP_NEXT;
      }

    case VNL_HUB_NEXT_VPN:
    case VNL_HUB_NEXT_EXPRESSROUTE:
      nc = &g_array_index (vwan->conns, NetHubConn, route->conn);
      move_to (at, dev_make (DEV_SPEAKER, nc->gateway, 0), MODE_FROM_VNET, -1);
      return STEP_NEXT;

    case VNL_HUB_NEXT_VNET_CONNECTION:
    default:
      {
        NetVnet *nv;
        Dev hop;

        nc = &g_array_index (vwan->conns, NetHubConn, route->conn);
        nv = nvnet (net, nc->vnet);
        path_add (w, nc->object->name);
        add_latency (w, nh->hub->location, nv->vnet->location);
        /* A static route's next hop IP: an appliance in the spoke. */
        hop = route->next_hop_ip != 0 ? owner_of (net, route->next_hop_ip) : dev_make (DEV_NONE, -1, 0);
        if (hop.kind == DEV_APPLIANCE)
          {
            move_to (at, hop, MODE_FROM_VNET, -1);
            at->egress = route->next_hop_ip;
            return STEP_NEXT;
          }
        move_to (at, dev_make (DEV_VNET, nc->vnet, 0), MODE_FROM_GATEWAY, -1);
        return STEP_NEXT;
      }
    }
}

static gboolean
walk_run (Walk *w,
          Dev   dev,
          Mode  mode,
          int   in_s)
{
  At at = { dev, mode, in_s };

  for (guint guard = 0; guard < MAX_STEPS; guard++)
    {
      Dev owner = owner_of (w->net, w->dst);
      StepResult result;

      if (w->devices != NULL)
        g_array_append_val (w->devices, at.dev);
      switch (at.dev.kind)
        {
        case DEV_ENDPOINT: result = step_endpoint (w, &at, owner); break;
        case DEV_VNET:     result = step_vnet (w, &at, owner); break;
        case DEV_SPEAKER:  result = step_speaker (w, &at, owner); break;
        case DEV_SITE_HOP: result = step_site_hop (w, &at, owner); break;
        case DEV_APPLIANCE: result = step_appliance (w, &at, owner); break;
        case DEV_HUB:      result = step_hub (w, &at, owner); break;
        case DEV_NONE:
        default:
          g_assert_not_reached ();
        }
      if (result != STEP_NEXT)
        return result == STEP_DELIVERED;
    }

  drop (w, VNL_DROP_LOOP, NULL, "%s", _("forwarding loop"));
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Traces                                                                 */

static void
walk_init (Walk       *w,
           VnlNetwork *net,
           guint32     src,
           guint32     dst,
           int         src_vnet)
{
  memset (w, 0, sizeof *w);
  w->net = net;
  w->src = src;
  w->dst = dst;
  w->hash = _vnl_flow_hash (src, dst);
  w->src_vnet = src_vnet;
  w->final = dev_make (DEV_NONE, -1, 0);
}

static void
walk_clear (Walk *w)
{
  g_clear_pointer (&w->detail, g_free);
  g_clear_pointer (&w->nsg_checks, g_ptr_array_unref);
}

static int
endpoint_index (VnlNetwork  *net,
                VnlEndpoint *ep)
{
  Dev dev = owner_of (net, ep->address);

  if (dev.kind == DEV_ENDPOINT &&
      g_array_index (net->endpoints, NetEndpoint, dev.idx).endpoint == ep)
    return dev.idx;
  for (guint i = 0; i < net->endpoints->len; i++)
    if (g_array_index (net->endpoints, NetEndpoint, i).endpoint == ep)
      return i;
  return -1;
}

/* Can a packet from endpoint @ep reach @addr, delivered at @target? */
static gboolean
quiet_reach (VnlNetwork *net,
             int         ep,
             guint32     addr,
             Dev         target)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  Walk w;
  gboolean ok;

  walk_init (&w, net, ne->endpoint->address, addr, ne->vnet);
  ok = walk_run (&w, dev_make (DEV_ENDPOINT, ep, 0), MODE_ORIGIN, -1) &&
       (target.kind == DEV_NONE || dev_equal (w.final, target));
  walk_clear (&w);
  return ok;
}

/* Can device @dev send a reply to endpoint @ep? */
static gboolean
quiet_reply (VnlNetwork *net,
             Dev         dev,
             guint32     from,
             int         ep)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  Walk w;
  gboolean ok;

  walk_init (&w, net, from, ne->endpoint->address, -1);
  ok = walk_run (&w, dev, MODE_ORIGIN, -1) &&
       w.final.kind == DEV_ENDPOINT && w.final.idx == ep;
  walk_clear (&w);
  return ok;
}

/* Rule 1 (§3.3): "Azure VM → anything through a local gateway: first
 * hop = the local gateway instance IP ..., always answered". The gateways
 * of a Virtual WAN hub are its spokes' local gateways: vnetlab assumes
 * they answer a VM of a spoke connected to their hub (docs/vwan.md; the
 * spoke's route to the hub's range is Azure's, not modelled). */
static gboolean
hub_gateway_of_spoke (VnlNetwork *net,
                      Dev         dev,
                      int         ep)
{
  int vnet = g_array_index (net->endpoints, NetEndpoint, ep).vnet;
  int hub;

  if (dev.kind != DEV_SPEAKER || spk (net, dev.idx)->kind != SPK_GATEWAY || vnet < 0)
    return FALSE;
  hub = _vnl_vwan_hub_of_vnet (net, spk (net, dev.idx)->vnet);
  return hub >= 0 && _vnl_vwan_spoke_hub (net, vnet) == hub;
}

static double
jitter (guint32 hash,
        guint   ttl,
        guint   probe)
{
  guint32 h = hash ^ (ttl * 0x9e3779b9u) ^ (probe * 0x85ebca6bu);

  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  /* ±0.3 ms */
  return ((int) (h % 61) - 30) / 100.0;
}

/* Asymmetry is decided by what a packet crosses (issue 10 §1): the
 * devices and links of the way there, in order, are those of the way back,
 * backwards. The VNets and sites are areas, not crossed devices: a site
 * without routed hops is entered at its CE either way. */
static gboolean
same_devices (GPtrArray *there,
              GPtrArray *back)
{
  if (there->len != back->len)
    return FALSE;
  for (guint i = 0; i < there->len; i++)
    if (!g_str_equal (there->pdata[i], back->pdata[back->len - 1 - i]))
      return FALSE;
  return TRUE;
}

/* The subnets a walk left by, kept for a trace (stateful drops name the
 * one that bypassed the device). */
typedef struct
{
  guint n;
  struct
  {
    int         vnet;
    const char *subnet;
  } egress[8];
} EgressLog;

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return TRUE;
  return FALSE;
}

/* Stateful devices: Azure Firewall ("a fully stateful firewall-as-a-service",
 * articles/firewall/firewall-faq.md) and the appliances marked stateful
 * keep state per flow and drop a packet of a flow they did not see open.
 * When one direction crosses such a device and the other does not, the
 * flow fails: the reply is dropped, either by the device (the reply comes
 * through it, the request did not) or, when the reply bypasses it, by the
 * device when the source's next packet reaches it (vnetlab says the reply,
 * as a connection sees it). A flow the firewall SNATed comes back to the
 * firewall by its address and is not checked. */
static void
check_stateful (VnlNetwork      *net,
                VnlTrace        *trace,
                const EgressLog *there,
                const EgressLog *back)
{
  VnlTrace *reverse = trace->reverse;

  if (reverse == NULL || !reverse->reached || trace->snat_address != 0)
    return;
  for (guint i = 0; i < net->appliances->len; i++)
    {
      NetAppliance *na = napp (net, i);
      const char *name = na->object->name;
      gboolean in_there = names_contain (trace->crossed, name);
      gboolean in_back = names_contain (reverse->crossed, name);
      const EgressLog *bypass = in_there ? back : there;
      const char *subnet = NULL, *vnet = NULL;
      g_autofree char *why = NULL;

      if (!na->stateful || in_there == in_back)
        continue;
      /* The subnet in the device's VNet whose routes did not lead to it,
       * else the first the bypassing packet left by. */
      for (guint k = 0; k < bypass->n && subnet == NULL; k++)
        if (bypass->egress[k].vnet == na->vnet)
          {
            subnet = bypass->egress[k].subnet;
            vnet = nvnet (net, na->vnet)->vnet->parent.name;
          }
      if (subnet == NULL && bypass->n > 0)
        {
          subnet = bypass->egress[0].subnet;
          vnet = nvnet (net, bypass->egress[0].vnet)->vnet->parent.name;
        }
      why = subnet != NULL ? g_strdup_printf (_("%s of %s has no route to it"), subnet, vnet)
                           : g_strdup (_("no route leads to it"));
      reverse->reached = FALSE;
      reverse->drop = VNL_DROP_STATEFUL;
      reverse->drop_node = name;
      g_clear_pointer (&reverse->drop_detail, g_free);
      if (in_there)
        reverse->drop_detail = g_strdup_printf (na->firewall
                                                ? _("return traffic bypasses %s (%s): a stateful firewall drops the reply")
                                                : _("return traffic bypasses %s (%s): a stateful appliance drops the reply"),
                                                name, why);
      else
        reverse->drop_detail = g_strdup_printf (na->firewall
                                                ? _("the request bypassed %s (%s) but the reply crosses it: a stateful firewall drops the reply")
                                                : _("the request bypassed %s (%s) but the reply crosses it: a stateful appliance drops the reply"),
                                                name, why);
      return;
    }
}

/* A SNATed flow's return ends at the firewall: the devices from the
 * firewall onwards are those the reply crosses. */
static gboolean
same_devices_from (GPtrArray  *there,
                   const char *from,
                   GPtrArray  *back)
{
  g_autoptr(GPtrArray) tail = g_ptr_array_new ();
  gboolean on = FALSE;

  for (guint i = 0; i < there->len; i++)
    {
      on = on || g_str_equal (there->pdata[i], from);
      if (on)
        g_ptr_array_add (tail, there->pdata[i]);
    }
  return same_devices (tail, back);
}

static VnlTrace *trace_endpoint_log (VnlNetwork *net,
                                     int         ep,
                                     guint32     dst,
                                     gboolean    with_reverse,
                                     gboolean    reply,
                                     EgressLog  *log);

/* A trace of the network's flow from endpoint @ep to @dst; @reply: the
 * way back of an allowed flow, never filtered (security rules are
 * stateful), with the flow's ports swapped. */
static VnlTrace *
trace_endpoint (VnlNetwork *net,
                int         ep,
                guint32     dst,
                gboolean    with_reverse,
                gboolean    reply)
{
  return trace_endpoint_log (net, ep, dst, with_reverse, reply, NULL);
}

static VnlTrace *
trace_endpoint_log (VnlNetwork *net,
                    int         ep,
                    guint32     dst,
                    gboolean    with_reverse,
                    gboolean    reply,
                    EgressLog  *log)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  VnlTrace *trace = g_new0 (VnlTrace, 1);
  Walk w;
  guint ttl = 0;

  walk_init (&w, net, ne->endpoint->address, dst, ne->vnet);
  w.steps = g_array_new (FALSE, FALSE, sizeof (Step));
  w.path = g_ptr_array_new ();
  w.crossed = g_ptr_array_new ();
  w.nsg_checks = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_nsg_check_free);
  w.flow = reply ? NULL : &net->flow;
  trace->flow = net->flow;
  if (reply)
    {
      trace->flow.source_port = net->flow.port;
      trace->flow.port = net->flow.source_port;
    }

  trace->source = ne->endpoint->address;
  trace->source_name = ne->endpoint->parent.name;
  trace->destination = dst;
  trace->hops = g_array_new (FALSE, TRUE, sizeof (VnlHop));
  trace->reached = walk_run (&w, dev_make (DEV_ENDPOINT, ep, 0), MODE_ORIGIN, -1);
  trace->path = g_steal_pointer (&w.path);
  trace->one_way_ms = w.lat;
  trace->internet = w.internet;

  for (guint i = 0; i < w.steps->len; i++)
    {
      Step *step = &g_array_index (w.steps, Step, i);
      VnlHop hop = { 0 };
      gboolean answers;
      gboolean last = trace->reached && i == w.steps->len - 1;

      if (!step->is_hop)
        continue;

      hop.ttl = ++ttl;
      hop.node = step->node;
      hop.kind = step->kind;
      hop.device_address = step->reply;

      if (last)
        answers = TRUE;
      else
        answers = step->may_answer && step->reply != 0 &&
                  (hub_gateway_of_spoke (net, step->dev, ep) ||
                   (quiet_reach (net, ep, step->reply, step->dev) &&
                    quiet_reply (net, step->dev, step->reply, ep)));

      if (answers)
        {
          hop.address = last ? dst : step->reply;
          hop.n_rtt = 3;
          for (guint k = 0; k < 3; k++)
            hop.rtt_ms[k] = MAX (0.05, 2 * step->lat + jitter (w.hash, hop.ttl, k));
        }
      g_array_append_val (trace->hops, hop);
    }

  if (!trace->reached)
    {
      trace->drop = w.drop;
      trace->drop_node = w.drop_node;
      trace->drop_detail = g_steal_pointer (&w.detail);
      trace->denied_by = w.drop == VNL_DROP_DENIED ? w.denied_by : NULL;
    }
  trace->nsg_checks = g_steal_pointer (&w.nsg_checks);

  trace->crossed = g_steal_pointer (&w.crossed);
  trace->snat_address = w.snat;
  trace->snat_node = w.snat_node;
  {
    EgressLog there = { MIN (w.n_egress, G_N_ELEMENTS (there.egress)), { { 0 } } };
    EgressLog back = { 0 };

    for (guint i = 0; i < there.n; i++)
      {
        there.egress[i].vnet = w.egress[i].vnet;
        there.egress[i].subnet = w.egress[i].subnet;
      }
    if (log != NULL)
      *log = there;
    if (with_reverse && trace->reached && w.final.kind == DEV_ENDPOINT)
      {
        /* A SNATed reply is addressed to the firewall. */
        trace->reverse = trace_endpoint_log (net, w.final.idx, w.snat != 0 ? w.snat : trace->source, FALSE, TRUE, &back);
        if (trace->reverse != NULL)
          trace->asymmetric = w.snat != 0 ? !same_devices_from (trace->crossed, w.snat_node, trace->reverse->crossed)
                                          : !same_devices (trace->crossed, trace->reverse->crossed);
        check_stateful (net, trace, &there, &back);
      }
  }

  g_array_unref (w.steps);
  walk_clear (&w);
  return trace;
}

void
vnl_trace_free (VnlTrace *trace)
{
  if (trace == NULL)
    return;
  g_clear_pointer (&trace->hops, g_array_unref);
  g_clear_pointer (&trace->path, g_ptr_array_unref);
  g_clear_pointer (&trace->crossed, g_ptr_array_unref);
  g_clear_pointer (&trace->reverse, vnl_trace_free);
  g_clear_pointer (&trace->nsg_checks, g_ptr_array_unref);
  g_free (trace->drop_detail);
  g_free (trace);
}

const char *
vnl_drop_reason_to_string (VnlDropReason reason)
{
  switch (reason)
    {
    case VNL_DROP_NONE:       return N_("delivered");
    case VNL_DROP_NO_ROUTE:   return N_("no route");
    case VNL_DROP_NULL_ROUTE: return N_("drop route");
    case VNL_DROP_INTERNET:   return N_("Internet");
    case VNL_DROP_DOWN:       return N_("down");
    case VNL_DROP_LOOP:       return N_("loop");
    case VNL_DROP_NO_HOST:    return N_("no host");
    case VNL_DROP_STATEFUL:   return N_("stateful drop");
    case VNL_DROP_DENIED:     return N_("denied");
    default:                  return "";
    }
}

static VnlEndpoint *
resolve_endpoint (VnlNetwork  *net,
                  const char  *text,
                  GError     **error)
{
  VnlEndpoint *ep = vnl_design_find_endpoint (net->design, text);

  if (ep == NULL)
    g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_ENDPOINT,
                 _("“%s” is neither an endpoint name nor an endpoint address of the design"), text);
  return ep;
}

/* Is @addr a device's address or inside a VNet, site or local network
 * gateway of the design? */
static gboolean
address_in_design (VnlNetwork *self,
                   guint32     addr)
{
  return g_hash_table_contains (self->owners, GUINT_TO_POINTER (addr)) ||
         _vnl_addr_set_contains (&self->design_space, addr);
}

/**
 * vnl_network_trace:
 *
 * Returns: (transfer full) (nullable): the trace, with its return path
 */
VnlTrace *
vnl_network_trace (VnlNetwork  *self,
                   const char  *from,
                   const char  *to,
                   GError     **error)
{
  VnlEndpoint *src;
  VnlEndpoint *dst_ep;
  guint32 dst;
  int ep;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (!(src = resolve_endpoint (self, from, error)))
    return NULL;

  /* An address: of the design, or (held by nothing of it) the Internet. */
  if (!vnl_ip_parse (to, &dst))
    {
      if (!(dst_ep = resolve_endpoint (self, to, error)))
        return NULL;
      dst = dst_ep->address;
    }

  ep = endpoint_index (self, src);
  if (ep < 0)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_ENDPOINT,
                   _("endpoint “%s” is not in a known VNet or site"), src->parent.name);
      return NULL;
    }

  return trace_endpoint (self, ep, dst, TRUE, FALSE);
}

VnlTrace *
vnl_network_trace_address (VnlNetwork  *self,
                           VnlEndpoint *from,
                           guint32      to)
{
  int ep;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);

  ep = endpoint_index (self, from);
  return ep >= 0 ? trace_endpoint (self, ep, to, TRUE, FALSE) : NULL;
}

gboolean
vnl_network_reaches (VnlNetwork  *self,
                     VnlEndpoint *from,
                     guint32      to)
{
  int ep;

  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);

  ep = endpoint_index (self, from);
  return ep >= 0 && quiet_reach (self, ep, to, dev_make (DEV_NONE, -1, 0));
}

gboolean
_vnl_network_filters_on_path (VnlNetwork *net)
{
  for (guint i = 0; i < net->appliances->len; i++)
    {
      NetAppliance *na = napp (net, i);

      if (na->firewall)
        return TRUE;
      for (guint n = 0; n < G_N_ELEMENTS (na->nics); n++)
        if (_vnl_appliance_nsg (net, i, na->nics[n], NULL) != NULL)
          return TRUE;
    }
  return FALSE;
}

/* Does the design hold a stateful appliance or firewall? */
static gboolean
has_stateful (VnlNetwork *net)
{
  for (guint i = 0; i < net->appliances->len; i++)
    if (napp (net, i)->stateful)
      return TRUE;
  return FALSE;
}

/* A quiet walk from endpoint @ep to endpoint @to: delivered, and the
 * stateful devices it crossed and whether a firewall SNATed it. */
static gboolean
quiet_reach_stateful (VnlNetwork *net,
                      guint       ep,
                      guint       to,
                      guint64    *stateful,
                      gboolean   *snat)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  NetEndpoint *dst = &g_array_index (net->endpoints, NetEndpoint, to);
  Walk w;
  gboolean ok;

  walk_init (&w, net, ne->endpoint->address, dst->endpoint->address, ne->vnet);
  ok = walk_run (&w, dev_make (DEV_ENDPOINT, ep, 0), MODE_ORIGIN, -1) &&
       dev_equal (w.final, dev_make (DEV_ENDPOINT, to, 0));
  *stateful = w.stateful;
  *snat = w.snat != 0;
  walk_clear (&w);
  return ok;
}

/* The matrix (vnl-matrix.c) asks about endpoints by index: does a packet
 * from endpoint @from reach endpoint @to at its address, for this pair's
 * own flow hash? With stateful devices in the design, also: does the
 * reply cross the same ones (check_stateful() of a trace), so that the
 * matrix and the traces agree on a flow a stateful device drops. */
gboolean
_vnl_network_endpoint_reaches (VnlNetwork *self,
                               guint       from,
                               guint       to)
{
  NetEndpoint *dst = &g_array_index (self->endpoints, NetEndpoint, to);
  guint64 there, back;
  gboolean snat, back_snat;

  if (!has_stateful (self))
    return quiet_reach (self, from, dst->endpoint->address, dev_make (DEV_ENDPOINT, to, 0));
  if (!quiet_reach_stateful (self, from, to, &there, &snat))
    return FALSE;
  if (snat || !quiet_reach_stateful (self, to, from, &back, &back_snat))
    return TRUE;
  return there == back;
}

/* One walk from endpoint @from to endpoint @to: whether it arrives. With
 * @flow the filters on the way judge it; @visits, when not NULL, gets the
 * devices stepped through; @drop, when not NULL, why it stopped. */
static gboolean
walk_pair (VnlNetwork    *self,
           guint          from,
           guint          to,
           const VnlFlow *flow,
           GArray        *visits,
           VnlDropReason *drop)
{
  NetEndpoint *ne = &g_array_index (self->endpoints, NetEndpoint, from);
  NetEndpoint *dst = &g_array_index (self->endpoints, NetEndpoint, to);
  Walk w;
  gboolean ok;

  walk_init (&w, self, ne->endpoint->address, dst->endpoint->address, ne->vnet);
  w.flow = flow;
  w.devices = visits;
  ok = walk_run (&w, dev_make (DEV_ENDPOINT, from, 0), MODE_ORIGIN, -1) &&
       dev_equal (w.final, dev_make (DEV_ENDPOINT, to, 0));
  if (drop != NULL)
    *drop = w.drop;
  walk_clear (&w);
  return ok;
}

/* The same walk filtered by the network security groups for the
 * network's flow (the matrix's tests compare its classes with it). */
gboolean
_vnl_network_endpoint_flow_reaches (VnlNetwork *self,
                                    guint       from,
                                    guint       to)
{
  return walk_pair (self, from, to, &self->flow, NULL, NULL);
}

/* …and whether a filter denies it (a group, a firewall's rules), routing
 * apart. */
gboolean
_vnl_network_endpoint_flow_denied (VnlNetwork *self,
                                   guint       from,
                                   guint       to)
{
  VnlDropReason drop;

  return !walk_pair (self, from, to, &self->flow, NULL, &drop) && drop == VNL_DROP_DENIED;
}

/* The report's what-ifs (vnl-report.c) ask the same of one pair, and for
 * its index which devices the walk stepped through (appended to @visits
 * when not NULL). */
gboolean
_vnl_network_endpoint_walk (VnlNetwork *self,
                            guint       from,
                            guint       to,
                            GArray     *visits)
{
  return walk_pair (self, from, to, NULL, visits, NULL);
}

/* The matrix's shared rows (vnl-matrix.c). A walk from an endpoint of a
 * VNet to an address outside the VNet's system routes (its own address
 * space and its direct peers', _vnl_vnet_system_route()) takes the
 * gateway rung or the default rung of the ladder (step_vnet(), vnet_route_full()
 * in vnl-rules.c), which depends on the VNet only through the VNet whose
 * gateways it uses (gw_owner): the packet moves to that gateway from
 * its VNet side, or is dropped. From there on a walk reads nothing of
 * where it started but the flow hash (ecmp_index(), which the matrix
 * replaces by taking every equal-cost choice in turn), and the source
 * VNet for whether a hop answers (which a quiet walk does not record).
 * So every such endpoint of the same gw_owner has the same walks to
 * those addresses.
 *
 * That holds while nothing else reads the source: not when the
 * endpoint's subnet has a route table (its routes are the first
 * step), nor in a design with appliances or firewalls (forwarded
 * traffic, SNAT, load balancer pools hash the source, stateful
 * devices), a route server (its selection programs the VNet) or Virtual
 * WAN hubs (the hub's routes are per spoke): _vnl_network_transit_shared(). */
gboolean
_vnl_network_transit_shared (VnlNetwork *net)
{
  if (net->appliances->len > 0 || (net->vwan != NULL && net->vwan->hubs->len > 0))
    return FALSE;
  for (guint k = 0; k < net->speakers->len; k++)
    if (spk (net, k)->kind == SPK_ROUTE_SERVER)
      return FALSE;
  return TRUE;
}

/* The group of endpoint @ep in such a design: gw_owner + 1 (0 for a VNet
 * without gateways), or -1 when the endpoint's walks are its own. */
int
_vnl_network_endpoint_transit_group (VnlNetwork *net,
                                     guint       ep)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  NetVnet *nv;

  if (ne->vnet < 0)
    return -1;
  nv = nvnet (net, ne->vnet);
  if (!nv->up || !_vnl_network_obj_up (net, ne->endpoint) ||
      _vnl_subnet_table (net, ne->vnet, ne->endpoint->address, NULL) != NULL)
    return -1;
  return nv->gw_owner + 1;
}

/* …and for every flow at once: every equal-cost choice the walk meets is
 * taken in turn (not hashed), so the answer holds for any pair of source
 * and destination addresses that routing and filtering cannot tell apart
 * from these two. */
VnlReach
_vnl_network_endpoint_reaches_any_flow (VnlNetwork *self,
                                        guint       from,
                                        guint       to)
{
  NetEndpoint *ne = &g_array_index (self->endpoints, NetEndpoint, from);
  NetEndpoint *dst = &g_array_index (self->endpoints, NetEndpoint, to);
  Dev target = dev_make (DEV_ENDPOINT, to, 0);
  Branches branches = { 0 };
  guint delivered = 0, runs = 0;

  do
    {
      Walk w;

      walk_init (&w, self, ne->endpoint->address, dst->endpoint->address, ne->vnet);
      w.branches = &branches;
      branches.pos = 0;
      if (walk_run (&w, dev_make (DEV_ENDPOINT, from, 0), MODE_ORIGIN, -1) &&
          dev_equal (w.final, target))
        delivered++;
      walk_clear (&w);
      runs++;
    }
  while (!branches.overflow && runs < MAX_BRANCH_RUNS && branches_advance (&branches));

  if (branches.overflow || (runs == MAX_BRANCH_RUNS && branches_advance (&branches)))
    return VNL_REACH_DEPENDS;
  /* Whether a stateful device sees both directions depends on the return
   * of each flow: asked per pair. */
  if (delivered > 0 && has_stateful (self))
    return VNL_REACH_DEPENDS;
  return delivered == 0 ? VNL_REACH_NONE
       : delivered == runs ? VNL_REACH_ALL : VNL_REACH_DEPENDS;
}
