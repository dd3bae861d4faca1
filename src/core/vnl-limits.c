/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-limits"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vnl-limits.h"

/*
 * The table of limits, then one counting function per modelled limit. A
 * figure that depends on a SKU or a bandwidth is looked up per object.
 */

#define SRC_VNET  "Azure networking limits (includes/azure-virtual-network-limits.md)"
#define SRC_ER    "ExpressRoute limits (includes/expressroute-limits.md)"
#define SRC_ERGW  "ExpressRoute gateway limits (includes/expressroute-gateway-performance-include.md)"
#define SRC_VPN   "About VPN gateway SKUs (articles/vpn-gateway/about-gateway-skus.md)"
#define SRC_BGP   "VPN Gateway BGP FAQ (includes/vpn-gateway-faq-bgp-include.md)"
#define SRC_RS    "Route Server limits (includes/route-server-limits.md)"
#define SRC_VWAN  "Virtual WAN limits (includes/virtual-wan-limits.md)"

enum
{
  L_VNET_PEERINGS,
  L_ER_VNET_LINKS,
  L_ER_SAME_LOCATION,
  L_ER_CIRCUITS_PER_VNET,
  L_VPN_TUNNELS,
  L_ER_PRIVATE_ROUTES,
  L_ER_GW_ADVERTISED,
  L_ER_GW_LEARNED,
  L_VPN_BGP_PREFIXES,
  L_RS_PEERS,
  L_RS_ROUTES,
  L_VWAN_ROUTES,
  L_UDRS,
  L_NSG_RULES,
  L_VWAN_VPN_CONNECTIONS,
  L_VWAN_ER_CIRCUITS,
  L_VWAN_VNET_CONNECTIONS,
  L_VWAN_INTENT_SPACES,
  N_LIMITS
};

static const VnlLimit limits[N_LIMITS] = {
  [L_VNET_PEERINGS] = { "vnet-peerings", N_("VNet peerings per VNet"), "500", SRC_VNET,
                        N_("the peering cannot be created"), TRUE },
  [L_ER_VNET_LINKS] = { "er-vnet-links", N_("VNet links per ExpressRoute circuit (Global Reach counts)"),
                        "10 Standard; Premium 20 (50 Mbps), 25 (100–200 Mbps), 40 (500 Mbps), 50 (1 Gbps), "
                        "60 (2 Gbps), 75 (5 Gbps), 100 (10 Gbps and more)", SRC_ER,
                        N_("the connection cannot be created"), TRUE },
  [L_ER_SAME_LOCATION] = { "er-circuits-same-location", N_("ExpressRoute circuits from one peering location per VNet"),
                           "4", SRC_ER, N_("the connection cannot be created"), TRUE },
  [L_ER_CIRCUITS_PER_VNET] = { "er-circuits-per-vnet", N_("ExpressRoute circuits per VNet (different peering locations)"),
                               "4 (Standard, ErGw1AZ), 8 (HighPerformance, ErGw2AZ), 16 (UltraPerformance, ErGw3AZ)",
                               SRC_ER, N_("the connection cannot be created"), TRUE },
  [L_VPN_TUNNELS] = { "vpn-tunnels", N_("Site-to-site and VNet-to-VNet tunnels per VPN gateway"),
                      "Basic 10; VpnGw1–5 up to 100 (30 in older SKU tables)", SRC_VPN,
                      N_("the connection cannot be created; more needs Virtual WAN"), TRUE },
  [L_ER_PRIVATE_ROUTES] = { "er-private-peering-routes", N_("IPv4 routes advertised to ExpressRoute private peering"),
                            "4,000 (Local, Standard), 10,000 (Premium)", SRC_ER,
                            N_("the BGP session drops: every route of the link is gone"), TRUE },
  [L_ER_GW_ADVERTISED] = { "er-gateway-advertised", N_("Routes from VNet address spaces to the ExpressRoute gateway"),
                           "1,000", SRC_ER, N_("the gateway stops advertising: on-premises loses routes"), TRUE },
  [L_ER_GW_LEARNED] = { "er-gateway-learned", N_("Routes an ExpressRoute gateway learns"),
                        "4,000 (ErGw1AZ, Standard), 9,500 (ErGw2AZ, ErGw3AZ, HighPerformance, UltraPerformance), "
                        "60,000 (ErGwScale)", SRC_ERGW, N_("routes beyond the limit are dropped"), TRUE },
  [L_VPN_BGP_PREFIXES] = { "vpn-bgp-prefixes", N_("Prefixes a VPN gateway accepts from one BGP peer"), "4,000",
                           SRC_BGP, N_("the BGP session is dropped: every route of the peer is gone"), TRUE },
  [L_RS_PEERS] = { "route-server-peers", N_("Route Server BGP peers"), "8", SRC_RS,
                   N_("the peerings beyond the 8th are not established"), TRUE },
  [L_RS_ROUTES] = { "route-server-routes", N_("Routes per Route Server peer"), "1,000", SRC_RS,
                    N_("the BGP session drops: every route of the peer is gone"), TRUE },
  /* [LIM-VWAN] "Total number of routes the hub can accept from its
   * connected resources (virtual networks, branches, other virtual hubs,
   * etc.) | 10,000": the documentation does not say what the hub does
   * beyond; vnetlab reports it and leaves the routing as it is. */
  [L_VWAN_ROUTES] = { "vwan-hub-routes", N_("Routes a Virtual WAN hub accepts from its connections and other hubs"),
                      "10,000", SRC_VWAN,
                      N_("not documented; vnetlab assumes the hub routes as before and only reports it"), TRUE },
  [L_UDRS] = { "udrs", N_("User-defined routes per route table"), "400", SRC_VNET,
               N_("the route cannot be added"), TRUE },
  [L_NSG_RULES] = { "nsg-rules", N_("Security rules per network security group"), "1,000", SRC_VNET,
                    N_("the rule cannot be added"), TRUE },
  /* [LIM-VWAN] "VPN (branch) connections per hub | 1,000", "ExpressRoute
   * circuit connections per hub | 8", "VNet connections per hub | 500
   * minus total number of hubs in Virtual WAN" (newer copies: "VNet
   * connections per hub without Routing Intent enabled"). */
  [L_VWAN_VPN_CONNECTIONS] = { "vwan-vpn-connections", N_("VPN (branch) connections per Virtual WAN hub"), "1,000",
                               SRC_VWAN, N_("the connection cannot be created"), TRUE },
  [L_VWAN_ER_CIRCUITS] = { "vwan-er-circuits", N_("ExpressRoute circuit connections per Virtual WAN hub"), "8",
                           SRC_VWAN, N_("the connection cannot be created"), TRUE },
  [L_VWAN_VNET_CONNECTIONS] = { "vwan-vnet-connections", N_("VNet connections per Virtual WAN hub"),
                                "500 minus the number of hubs in the Virtual WAN", SRC_VWAN,
                                N_("the connection cannot be created"), TRUE },
  /* [VWAN-RI] "Address spaces across all VNets directly connected to
   * single hub with Routing Intent with private routing policies enabled
   * | 600 per Virtual WAN hub" (spec §4: act at 540). */
  [L_VWAN_INTENT_SPACES] = { "vwan-routing-intent-spaces",
                             N_("VNet address spaces directly connected to a hub with a private traffic policy"),
                             "600", "How to configure routing intent (articles/virtual-wan/how-to-routing-policies.md)",
                             N_("not documented beyond the figure; vnetlab only reports it"), TRUE },
};

const VnlLimit *
vnl_limits_all (guint *n_limits)
{
  *n_limits = N_LIMITS;
  return limits;
}

/* [LIM-ER] "We support up to 4000 prefixes advertised to us through the
 * Azure private peering. This can be increased up to 10,000 prefixes if
 * the ExpressRoute premium add-on is enabled. [...] The BGP session is
 * dropped if the number of prefixes exceeds the limit."
 * (articles/expressroute/expressroute-routing.md) — Local as Standard.
 * [VPN-BGP-FAQ] "Azure VPN Gateway supports up to 4,000 prefixes. The BGP
 * session is dropped if the number of prefixes exceeds the limit." */
guint
vnl_limits_session_prefixes (const VnlCircuit *circuit)
{
  if (circuit == NULL)
    return 4000;
  return circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? 10000 : 4000;
}

gboolean
vnl_limit_check_crossed (const VnlLimitCheck *check)
{
  return check->value > check->maximum;
}

static void
check_free (VnlLimitCheck *check)
{
  g_free (check->object);
  g_free (check->name);
  g_free (check);
}

static void
add_named (GPtrArray  *out,
           guint       limit,
           const char *object,
           const char *name,
           guint       value,
           guint       maximum)
{
  VnlLimitCheck *c = g_new0 (VnlLimitCheck, 1);

  c->limit = &limits[limit];
  c->object = g_strdup (object);
  c->name = g_strdup (name);
  c->value = value;
  c->maximum = maximum;
  g_ptr_array_add (out, c);
}

static void
add (GPtrArray  *out,
     guint       limit,
     const char *object,
     guint       value,
     guint       maximum)
{
  add_named (out, limit, object, object, value, maximum);
}

static gboolean
sku_is (const char *sku,
        const char *a,
        const char *b)
{
  return sku != NULL && (g_ascii_strcasecmp (sku, a) == 0 || (b != NULL && g_ascii_strcasecmp (sku, b) == 0));
}

static guint
vnet_links_maximum (VnlCircuit *circuit)
{
  static const struct { guint mbps; guint links; } premium[] = {
    { 50, 20 }, { 100, 25 }, { 200, 25 }, { 500, 40 }, { 1000, 50 }, { 2000, 60 }, { 5000, 75 }, { 10000, 100 },
  };
  guint links = 20;

  if (circuit->sku != VNL_CIRCUIT_SKU_PREMIUM)
    return 10;
  for (guint i = 0; i < G_N_ELEMENTS (premium); i++)
    if (circuit->bandwidth_mbps >= premium[i].mbps)
      links = premium[i].links;
  return links;
}

static void
check_structure (VnlDesign *design,
                 GPtrArray *out)
{
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *peerings = vnl_design_get_objects (design, VNL_KIND_PEERING);
  GPtrArray *circuits = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  GPtrArray *er = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  GPtrArray *reach = vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH);
  GPtrArray *gateways = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  GPtrArray *v2v = vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION);
  GPtrArray *tables = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);
  GPtrArray *groups = vnl_design_get_objects (design, VNL_KIND_NSG);
  GPtrArray *route_servers = vnl_design_get_objects (design, VNL_KIND_ROUTE_SERVER);
  GPtrArray *rs_peerings = vnl_design_get_objects (design, VNL_KIND_RS_PEERING);
  g_autoptr(GHashTable) count = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < peerings->len; i++)
    {
      VnlPeering *p = peerings->pdata[i];
      g_hash_table_insert (count, p->vnet_a, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, p->vnet_a)) + 1));
      g_hash_table_insert (count, p->vnet_b, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, p->vnet_b)) + 1));
    }
  for (guint i = 0; i < vnets->len; i++)
    {
      VnlObject *v = vnets->pdata[i];
      add (out, L_VNET_PEERINGS, v->name, GPOINTER_TO_UINT (g_hash_table_lookup (count, v->name)), 500);
    }

  /* [LIM-VNET] "User-defined routes per route table |400", "NSG rules per
   * NSG |1,000" (includes/azure-virtual-network-limits.md): a group's own
   * rules, Azure's default rules not counted. */
  for (guint i = 0; i < tables->len; i++)
    {
      VnlUdrTable *t = tables->pdata[i];
      add (out, L_UDRS, t->parent.name, t->routes->len, 400);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      VnlNsg *g = groups->pdata[i];
      add (out, L_NSG_RULES, g->parent.name, g->rules->len, 1000);
    }

  /* [LIM-RS] "Number of BGP peers supported: 8"
   * (includes/route-server-limits.md); vnl-route-server.c does not
   * establish the peerings beyond. */
  for (guint i = 0; i < route_servers->len; i++)
    {
      VnlObject *rs = route_servers->pdata[i];
      guint n = 0;

      for (guint j = 0; j < rs_peerings->len; j++)
        n += g_strcmp0 (((VnlRsPeering *) rs_peerings->pdata[j])->route_server, rs->name) == 0;
      add (out, L_RS_PEERS, rs->name, n, 8);
    }

  for (guint i = 0; i < circuits->len; i++)
    {
      VnlCircuit *c = circuits->pdata[i];
      guint n = 0;

      for (guint j = 0; j < er->len; j++)
        n += g_strcmp0 (((VnlErConnection *) er->pdata[j])->circuit, c->parent.name) == 0;
      for (guint j = 0; j < reach->len; j++)
        {
          VnlGlobalReach *gr = reach->pdata[j];
          n += g_strcmp0 (gr->circuit_a, c->parent.name) == 0 || g_strcmp0 (gr->circuit_b, c->parent.name) == 0;
        }
      add (out, L_ER_VNET_LINKS, c->parent.name, n, vnet_links_maximum (c));
    }

  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gw = gateways->pdata[i];

      /* A Virtual WAN hub's gateways have the hub's limits (check_vwan()). */
      if (vnl_design_lookup_kind (design, gw->vnet, VNL_KIND_VIRTUAL_HUB) != NULL)
        continue;
      if (gw->type == VNL_GATEWAY_EXPRESSROUTE)
        {
          g_autoptr(GHashTable) per_location = g_hash_table_new (g_str_hash, g_str_equal);
          g_autoptr(GHashTable) circuits_seen = g_hash_table_new (g_str_hash, g_str_equal);
          guint worst = 0;
          guint maximum = sku_is (gw->sku, "UltraPerformance", "ErGw3AZ") ? 16
                          : sku_is (gw->sku, "HighPerformance", "ErGw2AZ") ? 8 : 4;

          for (guint j = 0; j < er->len; j++)
            {
              VnlErConnection *c = er->pdata[j];
              VnlCircuit *circuit = vnl_design_lookup_kind (design, c->circuit, VNL_KIND_CIRCUIT);
              const char *loc;
              guint n;

              if (g_strcmp0 (c->gateway, gw->parent.name) != 0 || circuit == NULL
                  || !g_hash_table_add (circuits_seen, circuit->parent.name))
                continue;
              loc = circuit->peering_location != NULL ? circuit->peering_location : "";
              n = GPOINTER_TO_UINT (g_hash_table_lookup (per_location, loc)) + 1;
              g_hash_table_insert (per_location, (gpointer) loc, GUINT_TO_POINTER (n));
              worst = MAX (worst, n);
            }
          add (out, L_ER_SAME_LOCATION, gw->vnet, worst, 4);
          add (out, L_ER_CIRCUITS_PER_VNET, gw->vnet, g_hash_table_size (circuits_seen), maximum);
        }
      else
        {
          guint n = 0;

          for (guint j = 0; j < s2s->len; j++)
            n += g_strcmp0 (((VnlS2sConnection *) s2s->pdata[j])->gateway, gw->parent.name) == 0;
          for (guint j = 0; j < v2v->len; j++)
            {
              VnlV2vConnection *c = v2v->pdata[j];
              n += g_strcmp0 (c->gateway_a, gw->parent.name) == 0 || g_strcmp0 (c->gateway_b, gw->parent.name) == 0;
            }
          add (out, L_VPN_TUNNELS, gw->parent.name, n, sku_is (gw->sku, "Basic", NULL) ? 10 : 100);
        }
    }
}

/* Virtual WAN, per hub: its branch connections (site-to-site
 * connections to its VPN gateway), the circuits its ExpressRoute gateway
 * connects, its VNet connections against 500 minus the hubs of its WAN,
 * and, with a private traffic policy, the address spaces of the VNets
 * connected to it. */
static void
check_vwan (VnlDesign *design,
            GPtrArray *out)
{
  GPtrArray *hubs = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
  GPtrArray *conns = vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION);
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  GPtrArray *er = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);

  for (guint i = 0; i < hubs->len; i++)
    {
      VnlVirtualHub *hub = hubs->pdata[i];
      g_autoptr(GHashTable) circuits = g_hash_table_new (g_str_hash, g_str_equal);
      guint branches = 0;
      guint vnets = 0;
      guint spaces = 0;
      guint wan_hubs = 0;

      for (guint j = 0; j < hubs->len; j++)
        wan_hubs += g_strcmp0 (((VnlVirtualHub *) hubs->pdata[j])->wan, hub->wan) == 0;
      for (guint j = 0; j < s2s->len; j++)
        {
          VnlGateway *gw = vnl_design_lookup_kind (design, ((VnlS2sConnection *) s2s->pdata[j])->gateway, VNL_KIND_GATEWAY);
          branches += gw != NULL && g_strcmp0 (gw->vnet, hub->parent.name) == 0;
        }
      for (guint j = 0; j < er->len; j++)
        {
          VnlErConnection *c = er->pdata[j];
          VnlGateway *gw = vnl_design_lookup_kind (design, c->gateway, VNL_KIND_GATEWAY);
          if (gw != NULL && g_strcmp0 (gw->vnet, hub->parent.name) == 0 && c->circuit != NULL)
            g_hash_table_add (circuits, c->circuit);
        }
      for (guint j = 0; j < conns->len; j++)
        {
          VnlHubConnection *c = conns->pdata[j];
          VnlVnet *vnet = vnl_design_lookup_kind (design, c->vnet, VNL_KIND_VNET);

          if (g_strcmp0 (c->hub, hub->parent.name) != 0)
            continue;
          vnets++;
          spaces += vnet != NULL ? vnet->address_spaces->len : 0;
        }
      add (out, L_VWAN_VPN_CONNECTIONS, hub->parent.name, branches, 1000);
      add (out, L_VWAN_ER_CIRCUITS, hub->parent.name, g_hash_table_size (circuits), 8);
      add (out, L_VWAN_VNET_CONNECTIONS, hub->parent.name, vnets, 500 > wan_hubs ? 500 - wan_hubs : 0);
      if (hub->private_policy != NULL)
        add (out, L_VWAN_INTENT_SPACES, hub->parent.name, spaces, 600);
    }
}

/* The routes a hub holds from its connections and other hubs: each
 * prefix once per next hop, over all its route tables (a route in two
 * tables is one route of the hub router); the tables' own static routes
 * are not from a connected resource. vnetlab's reading of "routes the
 * hub can accept from its connected resources". */
static void
check_vwan_routes (VnlDesign  *design,
                   VnlNetwork *network,
                   GPtrArray  *out)
{
  GPtrArray *hubs = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);

  for (guint i = 0; i < hubs->len; i++)
    {
      VnlObject *hub = hubs->pdata[i];
      g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, hub->name, NULL);
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint t = 0; tables != NULL && t < tables->len; t++)
        {
          GPtrArray *rows = ((VnlRouteTable *) tables->pdata[t])->rows;

          for (guint r = 0; r < rows->len; r++)
            {
              VnlRouteRow *row = rows->pdata[r];
              g_autofree char *prefix = NULL;

              if (row->source != NULL && g_ascii_strcasecmp (row->source, "Static") == 0)
                continue;
              prefix = vnl_prefix_to_string (&row->prefix);
              g_hash_table_add (seen, g_strdup_printf ("%s %s %s", prefix, row->next_hop_type ? row->next_hop_type : "",
                                                       row->next_hop ? row->next_hop : ""));
            }
        }
      add (out, L_VWAN_ROUTES, hub->name, g_hash_table_size (seen), 10000);
    }
}

/* Route counts: the prefixes each BGP session with a limit carries
 * (counted by the network, also when they dropped the session), and the
 * converged tables of the ExpressRoute gateways. */
static void
check_routes (VnlDesign  *design,
              VnlNetwork *network,
              GPtrArray  *out)
{
  GPtrArray *gateways = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  g_autoptr(GArray) sessions = vnl_network_get_prefix_limits (network);

  /* Per link: what its CE advertises to the MSEE. Per route server
   * peering: what the appliance advertises to the route server ([LIM-RS]
   * "Number of routes each BGP peer can advertise to Azure Route Server:
   * 1,000"; "If your NVA advertises more routes than the limit, the BGP
   * session will get dropped": vnl-route-server.c sets that limit). */
  for (guint i = 0; i < sessions->len; i++)
    {
      VnlPrefixLimit *p = &g_array_index (sessions, VnlPrefixLimit, i);

      if (vnl_design_lookup_kind (design, p->receiver, VNL_KIND_LINK) != NULL)
        add (out, L_ER_PRIVATE_ROUTES, p->receiver, p->received, p->limit);
      else if (vnl_design_lookup_kind (design, p->receiver, VNL_KIND_ROUTE_SERVER) != NULL)
        {
          g_autofree char *object = g_strdup_printf ("%s ← %s", p->receiver, p->sender);
          add_named (out, L_RS_ROUTES, object, p->session, p->received, p->limit);
        }
    }

  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gw = gateways->pdata[i];
      g_autoptr(GPtrArray) tables = NULL;
      guint network_routes = 0;
      guint learned = 0;

      if (gw->type != VNL_GATEWAY_EXPRESSROUTE)
        {
          /* The peer that sends the most prefixes. */
          const VnlPrefixLimit *worst = NULL;
          g_autofree char *object = NULL;

          for (guint s = 0; s < sessions->len; s++)
            {
              VnlPrefixLimit *p = &g_array_index (sessions, VnlPrefixLimit, s);
              if (g_str_equal (p->receiver, gw->parent.name) && (worst == NULL || p->received > worst->received))
                worst = p;
            }
          if (worst == NULL)
            continue;
          object = g_strdup_printf ("%s ← %s", gw->parent.name, worst->sender);
          add_named (out, L_VPN_BGP_PREFIXES, object, gw->parent.name, worst->received, worst->limit);
          continue;
        }

      tables = vnl_network_get_tables (network, gw->parent.name, NULL);
      if (tables == NULL || tables->len == 0)
        continue;
      for (guint r = 0; r < ((VnlRouteTable *) tables->pdata[0])->rows->len; r++)
        {
          VnlRouteRow *row = ((VnlRouteTable *) tables->pdata[0])->rows->pdata[r];

          if (row->source != NULL && g_str_has_prefix (row->source, "Network"))
            network_routes++;
          else
            learned++;
        }
      {
        guint maximum = sku_is (gw->sku, "ErGwScale", NULL) ? 60000
                        : sku_is (gw->sku, "ErGw2AZ", "ErGw3AZ") || sku_is (gw->sku, "HighPerformance", "UltraPerformance")
                        ? 9500 : 4000;
        add (out, L_ER_GW_ADVERTISED, gw->parent.name, network_routes, 1000);
        add (out, L_ER_GW_LEARNED, gw->parent.name, learned, maximum);
      }
    }
}

GPtrArray *
vnl_limits_check (VnlDesign  *design,
                  VnlNetwork *network)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  check_structure (design, out);
  check_vwan (design, out);
  if (network != NULL)
    check_routes (design, network, out);
  if (network != NULL)
    check_vwan_routes (design, network, out);
  return out;
}
