/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-limits.h"
#include "vnl-network.h"
#include "vnl-report.h"

/*
 * Each modelled limit of vnl-limits.c crossed by one generated design, one
 * object past the published figure, and the same design one short of it
 * within the limit: the figures are Azure's (spec §4), not the program's.
 */

typedef struct
{
  GString *s;
} Gen;

static void
gen_begin (Gen *g)
{
  g->s = g_string_new ("<?xml version=\"1.0\"?>\n"
                       "<design xmlns=\"urn:vnetlab:design:1\" version=\"1\" title=\"limits\">\n"
                       " <locations>\n"
                       "  <location name=\"r\" kind=\"azure-region\"/>\n"
                       "  <location name=\"dc\" kind=\"on-premises\"/>\n");
}

static VnlDesign *
gen_end (Gen *g)
{
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  g_string_append (g->s, "</design>\n");
  design = vnl_design_load_from_data (g->s->str, g->s->len, "generated", &error);
  g_assert_no_error (error);
  g_string_free (g->s, TRUE);
  return design;
}

/* VNet i: 10.(i/256).(i%256).0/24 with a GatewaySubnet. */
static void
vnet (Gen  *g,
      guint i,
      guint extra_spaces)
{
  g_string_append_printf (g->s, " <vnet name=\"v%u\" location=\"r\">\n  <address-space prefix=\"10.%u.%u.0/24\"/>\n",
                          i, i / 256, i % 256);
  for (guint k = 0; k < extra_spaces; k++)
    g_string_append_printf (g->s, "  <address-space prefix=\"100.%u.%u.0/24\"/>\n", 64 + k / 256, k % 256);
  g_string_append_printf (g->s, "  <subnet name=\"GatewaySubnet\" prefix=\"10.%u.%u.224/27\"/>\n"
                          "  <endpoint name=\"v%u-vm\" address=\"10.%u.%u.4\"/>\n </vnet>\n",
                          i / 256, i % 256, i, i / 256, i % 256);
}

static void
er_gateway (Gen        *g,
            guint       i,
            const char *sku)
{
  g_string_append_printf (g->s, " <gateway name=\"v%u-er\" vnet=\"v%u\" type=\"expressroute\" sku=\"%s\" asn=\"65515\">"
                          "<instance address=\"10.%u.%u.228\"/></gateway>\n", i, i, sku, i / 256, i % 256);
}

static void
circuit_sku (Gen        *g,
             guint       c,
             const char *location,
             const char *ce,
             const char *sku)
{
  g_string_append_printf (g->s,
                          " <circuit name=\"c%u\" peering-location=\"%s\" bandwidth-mbps=\"1000\" sku=\"%s\""
                          " microsoft-asn=\"12076\" peer-asn=\"65100\" vlan=\"%u\">\n"
                          "  <link name=\"c%u-primary\" role=\"primary\" subnet=\"172.16.%u.0/30\""
                          " ce-address=\"172.16.%u.1\" msee-address=\"172.16.%u.2\"%s%s%s/>\n </circuit>\n",
                          c, location, sku, 100 + c, c, c, c, c, ce != NULL ? " ce=\"" : "", ce != NULL ? ce : "",
                          ce != NULL ? "\"" : "");
}

static void
circuit (Gen        *g,
         guint       c,
         const char *location,
         const char *ce)
{
  circuit_sku (g, c, location, ce, "standard");
}

/* A site with @n prefixes 20.x.y.0/24 and one CE. */
static void
site (Gen  *g,
      guint n)
{
  g_string_append (g->s, " <site name=\"dc1\" location=\"dc\">\n");
  for (guint k = 0; k < n; k++)
    g_string_append_printf (g->s, "  <prefix value=\"20.%u.%u.0/24\"/>\n", k / 256, k % 256);
  g_string_append (g->s, "  <endpoint name=\"dc1-vm\" address=\"20.0.0.10\"/>\n");
  g_string_append (g->s, "  <ce name=\"ce1\" asn=\"65100\" lan-address=\"20.0.0.1\" tunnel-address=\"192.0.2.1\""
                         " public-address=\"198.51.100.1\" maximum-paths=\"1\"/>\n </site>\n");
}

static void
locations_end (Gen        *g,
               guint       n_peering_locations)
{
  for (guint i = 0; i < n_peering_locations; i++)
    g_string_append_printf (g->s, "  <location name=\"pl%u\" kind=\"peering-location\"/>\n", i);
  g_string_append (g->s, " </locations>\n");
}

static const VnlLimitCheck *
worst (GPtrArray  *checks,
       const char *id)
{
  const VnlLimitCheck *w = NULL;

  for (guint i = 0; i < checks->len; i++)
    {
      const VnlLimitCheck *c = checks->pdata[i];
      if (g_str_equal (c->limit->id, id) && (w == NULL || c->value > w->value))
        w = c;
    }
  g_assert_nonnull (w);
  return w;
}

typedef VnlDesign *(*Build) (guint n);

static VnlDesign *
build_peerings (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  for (guint i = 0; i <= n; i++)
    vnet (&g, i, 0);
  for (guint i = 1; i <= n; i++)
    g_string_append_printf (g.s, " <peering name=\"p%u\" vnet-a=\"v0\" vnet-b=\"v%u\"/>\n", i, i);
  return gen_end (&g);
}

/* @n VNets with an ExpressRoute gateway each on one Standard circuit. */
static VnlDesign *
build_vnet_links (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 1);
  circuit (&g, 0, "pl0", NULL);
  for (guint i = 0; i < n; i++)
    {
      vnet (&g, i, 0);
      er_gateway (&g, i, "Standard");
      g_string_append_printf (g.s, " <expressroute-connection name=\"e%u\" gateway=\"v%u-er\" circuit=\"c0\"/>\n", i, i);
    }
  return gen_end (&g);
}

/* One VNet on @n circuits; all at one peering location, or each at its own. */
static VnlDesign *
build_circuits (guint    n,
                gboolean same_location)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, n);
  vnet (&g, 0, 0);
  er_gateway (&g, 0, "Standard");
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *loc = g_strdup_printf ("pl%u", same_location ? 0 : c);
      circuit (&g, c, loc, NULL);
      g_string_append_printf (g.s, " <expressroute-connection name=\"e%u\" gateway=\"v0-er\" circuit=\"c%u\"/>\n", c, c);
    }
  return gen_end (&g);
}

static VnlDesign *
build_same_location (guint n)
{
  return build_circuits (n, TRUE);
}

static VnlDesign *
build_different_locations (guint n)
{
  return build_circuits (n, FALSE);
}

/* A Basic VPN gateway with @n site-to-site connections. */
static VnlDesign *
build_tunnels (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <gateway name=\"vpn\" vnet=\"v0\" type=\"vpn\" sku=\"Basic\" asn=\"65515\""
                        " public-address=\"198.51.100.200\"><instance address=\"10.0.0.228\"/></gateway>\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (g.s,
                            " <local-network-gateway name=\"l%u\" public-address=\"203.0.113.%u\">"
                            "<prefix value=\"192.168.%u.0/24\"/></local-network-gateway>\n"
                            " <s2s-connection name=\"s%u\" gateway=\"vpn\" local-network-gateway=\"l%u\" bgp=\"false\""
                            " ike-version=\"2\"/>\n", i, i + 1, i, i, i);
  return gen_end (&g);
}

/* A site advertising @n prefixes over an ExpressRoute circuit of @sku to
 * a VNet's gateway. */
static VnlDesign *
build_er_routes_sku (guint       n,
                     const char *sku)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 1);
  vnet (&g, 0, 0);
  er_gateway (&g, 0, "ErGw1AZ");
  circuit_sku (&g, 0, "pl0", "ce1", sku);
  site (&g, n);
  g_string_append (g.s, " <expressroute-connection name=\"e0\" gateway=\"v0-er\" circuit=\"c0\"/>\n");
  return gen_end (&g);
}

static VnlDesign *
build_er_routes (guint n)
{
  return build_er_routes_sku (n, "standard");
}

/* Premium: private peering takes 10,000 prefixes, so 4,001 reach the
 * gateway (on Standard the circuit would drop them first). */
static VnlDesign *
build_er_routes_premium (guint n)
{
  return build_er_routes_sku (n, "premium");
}

/* A VNet with @n address spaces behind its ExpressRoute gateway. */
static VnlDesign *
build_er_advertised (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 1);
  vnet (&g, 0, n - 1);
  er_gateway (&g, 0, "ErGw1AZ");
  return gen_end (&g);
}

/* A site advertising @n prefixes over a BGP site-to-site VPN. */
static VnlDesign *
build_vpn_bgp (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <gateway name=\"vpn\" vnet=\"v0\" type=\"vpn\" sku=\"VpnGw1\" asn=\"65515\""
                        " bgp-address=\"10.0.0.254\" public-address=\"198.51.100.200\">"
                        "<instance address=\"10.0.0.228\"/></gateway>\n");
  site (&g, n);
  g_string_append (g.s, " <local-network-gateway name=\"l0\" location=\"dc\" public-address=\"198.51.100.1\""
                        " asn=\"65100\" bgp-address=\"192.0.2.1\" ce=\"ce1\"><prefix value=\"192.0.2.1/32\"/>"
                        "</local-network-gateway>\n"
                        " <s2s-connection name=\"s0\" gateway=\"vpn\" local-network-gateway=\"l0\" bgp=\"true\""
                        " ike-version=\"2\"/>\n");
  return gen_end (&g);
}

/* A VpnGw1 gateway with @n site-to-site connections. */
static VnlDesign *
build_tunnels_vpngw1 (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <gateway name=\"vpn\" vnet=\"v0\" type=\"vpn\" sku=\"VpnGw1\" asn=\"65515\""
                        " public-address=\"198.51.100.200\"><instance address=\"10.0.0.228\"/></gateway>\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (g.s,
                            " <local-network-gateway name=\"l%u\" public-address=\"203.0.%u.%u\">"
                            "<prefix value=\"192.168.%u.0/24\"/></local-network-gateway>\n"
                            " <s2s-connection name=\"s%u\" gateway=\"vpn\" local-network-gateway=\"l%u\" bgp=\"false\""
                            " ike-version=\"2\"/>\n", i, 113 + i / 250, 1 + i % 250, i, i, i);
  return gen_end (&g);
}

/* One route table with @n routes on a VNet's subnet. */
static VnlDesign *
build_udrs (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <route-table name=\"rt\">\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (g.s, "  <route name=\"r%u\" prefix=\"172.%u.%u.0/24\" next-hop-type=\"None\"/>\n",
                            i, 16 + i / 256, i % 256);
  g_string_append (g.s, "  <subnet vnet=\"v0\" name=\"GatewaySubnet\"/>\n </route-table>\n");
  return gen_end (&g);
}

/* One network security group with @n rules of its own on a VNet's NIC. */
static VnlDesign *
build_nsg_rules (guint n)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <network-security-group name=\"nsg\">\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (g.s, "  <rule name=\"r%u\" priority=\"%u\" direction=\"%s\" access=\"Allow\""
                            " protocol=\"Tcp\" source=\"*\" source-ports=\"*\" destination=\"*\""
                            " destination-ports=\"%u\"/>\n",
                            i, 100 + i / 2, i % 2 ? "Outbound" : "Inbound", 1000 + i);
  g_string_append (g.s, "  <nic endpoint=\"v0-vm\"/>\n </network-security-group>\n");
  return gen_end (&g);
}

/* A VNet with a route server in its RouteServerSubnet and @n_peers
 * appliances (AS 65001 + i) peered with it, the first advertising
 * @n_routes prefixes 100.64.0.0/10 and up, the others one each. */
static VnlDesign *
build_route_server (guint n_peers,
                    guint n_routes)
{
  Gen g;

  gen_begin (&g);
  locations_end (&g, 0);
  g_string_append (g.s, " <vnet name=\"hub\" location=\"r\">\n  <address-space prefix=\"10.0.0.0/16\"/>\n"
                        "  <subnet name=\"nva\" prefix=\"10.0.1.0/24\"/>\n"
                        "  <subnet name=\"RouteServerSubnet\" prefix=\"10.0.2.0/26\"/>\n </vnet>\n"
                        " <route-server name=\"rs\" vnet=\"hub\"/>\n");
  for (guint i = 0; i < n_peers; i++)
    {
      guint routes = i == 0 ? n_routes : 1;

      g_string_append_printf (g.s, " <appliance name=\"nva%u\" vnet=\"hub\" address=\"10.0.1.%u\" asn=\"%u\">\n",
                              i, 4 + i, 65001 + i);
      for (guint k = 0; k < routes; k++)
        g_string_append_printf (g.s, "  <advertise prefix=\"100.%u.%u.0/24\"/>\n", 64 + i * 16 + k / 256, k % 256);
      g_string_append_printf (g.s, " </appliance>\n"
                              " <route-server-peering name=\"rs-nva%u\" route-server=\"rs\" appliance=\"nva%u\""
                              " peer-asn=\"%u\"/>\n", i, i, 65001 + i);
    }
  return gen_end (&g);
}

/* @n appliances peered with one route server. */
static VnlDesign *
build_rs_peers (guint n)
{
  return build_route_server (n, 1);
}

/* One appliance advertising @n prefixes to a route server. */
static VnlDesign *
build_rs_routes (guint n)
{
  return build_route_server (1, n);
}

/* Virtual WAN (spec §4 row "vWAN hub", includes/virtual-wan-limits.md):
 * a WAN with @n_hubs hubs (hub0, hub1, …: 10.(200+i).0.0/23), hub0 with
 * a VPN and an ExpressRoute gateway. */
static void
vwan_begin (Gen  *g,
            guint n_peering_locations,
            guint n_hubs)
{
  gen_begin (g);
  g_string_replace (g->s, "version=\"1\"", "version=\"4\"", 1);
  locations_end (g, n_peering_locations);
  g_string_append (g->s, " <virtual-wan name=\"wan\" type=\"standard\"/>\n");
  for (guint i = 0; i < n_hubs; i++)
    g_string_append_printf (g->s, " <virtual-hub name=\"hub%u\" wan=\"wan\" location=\"r\" address-prefix=\"10.%u.0.0/23\"/>\n",
                            i, 200 + i);
  g_string_append (g->s, " <gateway name=\"hub0-vpn\" vnet=\"hub0\" type=\"vpn\" asn=\"65515\" bgp-address=\"10.200.0.12\">"
                         "<instance address=\"10.200.0.12\"/></gateway>\n"
                         " <gateway name=\"hub0-er\" vnet=\"hub0\" type=\"expressroute\" asn=\"65515\"/>\n");
}

/* @n VNets connected to hub0 of a WAN of two hubs: 498 allowed. */
static VnlDesign *
build_vwan_vnets (guint n)
{
  Gen g;

  vwan_begin (&g, 0, 2);
  for (guint i = 0; i < n; i++)
    {
      vnet (&g, i, 0);
      g_string_append_printf (g.s, " <hub-connection name=\"v%u-conn\" vnet=\"v%u\" hub=\"hub0\"/>\n", i, i);
    }
  return gen_end (&g);
}

/* @n branches (static: an LNG with one prefix each) on hub0's VPN gateway. */
static VnlDesign *
build_vwan_branches (guint n)
{
  Gen g;

  vwan_begin (&g, 0, 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (g.s, " <local-network-gateway name=\"b%u\" public-address=\"198.18.%u.%u\">"
                            "<prefix value=\"20.%u.%u.0/24\"/></local-network-gateway>\n"
                            " <s2s-connection name=\"b%u-conn\" gateway=\"hub0-vpn\" local-network-gateway=\"b%u\"/>\n",
                            i, i / 256, i % 256, i / 256, i % 256, i, i);
  return gen_end (&g);
}

/* @n circuits on hub0's ExpressRoute gateway. */
static VnlDesign *
build_vwan_circuits (guint n)
{
  Gen g;

  vwan_begin (&g, n, 1);
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *loc = g_strdup_printf ("pl%u", c);
      circuit (&g, c, loc, NULL);
      g_string_append_printf (g.s, " <expressroute-connection name=\"e%u\" gateway=\"hub0-er\" circuit=\"c%u\"/>\n", c, c);
    }
  return gen_end (&g);
}

/* hub0 accepts @n routes: one VNet (its space) and a static branch with
 * @n − 1 prefixes, each a route of the hub's Default table. */
static VnlDesign *
build_vwan_routes (guint n)
{
  Gen g;

  vwan_begin (&g, 0, 1);
  vnet (&g, 0, 0);
  g_string_append (g.s, " <hub-connection name=\"v0-conn\" vnet=\"v0\" hub=\"hub0\"/>\n"
                        " <local-network-gateway name=\"b0\" public-address=\"198.18.0.1\">\n");
  for (guint k = 0; k + 1 < n; k++)
    g_string_append_printf (g.s, "  <prefix value=\"20.%u.%u.0/24\"/>\n", k / 256, k % 256);
  g_string_append (g.s, " </local-network-gateway>\n"
                        " <s2s-connection name=\"b0-conn\" gateway=\"hub0-vpn\" local-network-gateway=\"b0\"/>\n");
  return gen_end (&g);
}

/* hub0 with routing intent (a private traffic policy to its firewall)
 * and one VNet of @n address spaces connected. */
static VnlDesign *
build_vwan_intent (guint n)
{
  Gen g;

  vwan_begin (&g, 0, 1);
  g_string_replace (g.s, "address-prefix=\"10.200.0.0/23\"/>",
                    "address-prefix=\"10.200.0.0/23\" private-policy=\"hub0-fw\"/>\n"
                    " <firewall name=\"hub0-fw\" vnet=\"hub0\" address=\"10.200.0.132\"/>", 1);
  vnet (&g, 0, n - 1);
  g_string_append (g.s, " <hub-connection name=\"v0-conn\" vnet=\"v0\" hub=\"hub0\"/>\n");
  return gen_end (&g);
}

typedef struct
{
  const char *id;
  Build       build;
  guint       figure;   /* Azure's figure for the generated objects' SKU */
} Case;

static const Case cases[] = {
  { "vnet-peerings", build_peerings, 500 },                 /* [LIM-VNET] */
  { "er-vnet-links", build_vnet_links, 10 },                /* Standard circuit [LIM-ER] */
  { "er-circuits-same-location", build_same_location, 4 },  /* [LIM-ER] */
  { "er-circuits-per-vnet", build_different_locations, 4 }, /* Standard gateway [LIM-ER] */
  { "vpn-tunnels", build_tunnels, 10 },                     /* Basic [VPN-SKU] */
  { "er-private-peering-routes", build_er_routes, 4000 },   /* Standard circuit [LIM-ER] */
  { "er-gateway-learned", build_er_routes_premium, 4000 },  /* ErGw1AZ [LIM-ERGW] */
  { "er-gateway-advertised", build_er_advertised, 1000 },   /* [LIM-ER] */
  { "vpn-bgp-prefixes", build_vpn_bgp, 4000 },              /* [VPN-BGP-FAQ] */
  /* The same limits for other SKUs. */
  { "vpn-tunnels", build_tunnels_vpngw1, 100 },             /* VpnGw1: "up to 100 tunnels" [VPN-SKU] */
  { "er-private-peering-routes", build_er_routes_premium, 10000 }, /* Premium circuit [LIM-ER] */
  /* "User-defined routes per route table |400", "NSG rules per NSG |1,000"
   * [LIM-VNET] */
  { "udrs", build_udrs, 400 },
  { "nsg-rules", build_nsg_rules, 1000 },
  /* [LIM-RS] "Number of BGP peers supported: 8"; "Number of routes each
   * BGP peer can advertise to Azure Route Server: 1,000"
   * (includes/route-server-limits.md). */
  { "route-server-peers", build_rs_peers, 8 },
  { "route-server-routes", build_rs_routes, 1000 },
  /* [LIM-VWAN] "VPN (branch) connections per hub | 1,000", "ExpressRoute
   * circuit connections per hub | 8", "VNet connections per hub | 500
   * minus total number of hubs in Virtual WAN" (two hubs: 498), "Total
   * number of routes the hub can accept from its connected resources
   * ... | 10,000"; [VWAN-RI] 600 address spaces with a private policy. */
  { "vwan-vpn-connections", build_vwan_branches, 1000 },
  { "vwan-er-circuits", build_vwan_circuits, 8 },
  { "vwan-vnet-connections", build_vwan_vnets, 498 },
  { "vwan-hub-routes", build_vwan_routes, 10000 },
  { "vwan-routing-intent-spaces", build_vwan_intent, 600 },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;

  for (guint over = 0; over < 2; over++)
    {
      guint n = over ? c->figure + 1 : c->figure;
      g_autoptr(VnlDesign) design = c->build (n);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(GPtrArray) checks = vnl_limits_check (design, network);
      const VnlLimitCheck *w = worst (checks, c->id);

      g_test_message ("%s: %s %u / %u", c->id, w->object, w->value, w->maximum);
      g_assert_cmpuint (w->maximum, ==, c->figure);
      g_assert_cmpuint (w->value, ==, n);
      g_assert_cmpint (vnl_limit_check_crossed (w), ==, over);
    }
}

/* Routes of @table whose prefix lies in 20.0.0.0/8, the site's pool. */
static guint
site_routes (VnlNetwork *network,
             const char *node)
{
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, NULL);
  guint n = 0;

  g_assert_nonnull (tables);
  for (guint t = 0; t < tables->len; t++)
    {
      GPtrArray *rows = ((VnlRouteTable *) tables->pdata[t])->rows;
      for (guint r = 0; r < rows->len; r++)
        n += (((VnlRouteRow *) rows->pdata[r])->prefix.addr >> 24) == 20;
    }
  return n;
}

static const char *
table_note (VnlNetwork *network,
            const char *node,
            char      **owned)
{
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, NULL);
  VnlRouteTable *table = tables->pdata[0];

  *owned = g_strdup (table->note);
  return *owned;
}

typedef struct
{
  const char *what;
  Build       build;
  guint       limit;     /* Azure's figure: the session drops above it */
  const char *receiver;  /* the Azure side that counts */
  const char *sender;
  const char *beyond;    /* a table past the session that loses the routes */
} Drop;

static const Drop drops[] = {
  /* [LIM-ER] Standard: 4,000 prefixes; the gateway and the VNet lose them. */
  { "er-standard", build_er_routes, 4000, "c0-primary", "ce1", "v0" },
  /* [LIM-ER] Premium: 10,000. */
  { "er-premium", build_er_routes_premium, 10000, "c0-primary", "ce1", "v0" },
  /* [VPN-BGP-FAQ] 4,000 from one BGP peer. */
  { "vpn-bgp", build_vpn_bgp, 4000, "vpn", "ce1", "v0" },
};

/* [LIM-RS] "If your NVA advertises more routes than the limit, the BGP
 * session will get dropped": at 1,000 the VNet has the appliance's
 * routes, at 1,001 none, and the check still counts what it sends. */
static void
test_route_server_drop (void)
{
  for (guint over = 0; over < 2; over++)
    {
      guint n = 1000 + over;
      g_autoptr(VnlDesign) design = build_rs_routes (n);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(GPtrArray) checks = vnl_limits_check (design, network);
      g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "hub", NULL);
      const VnlLimitCheck *w = worst (checks, "route-server-routes");
      guint from_nva = 0;

      for (guint t = 0; t < tables->len; t++)
        {
          GPtrArray *rows = ((VnlRouteTable *) tables->pdata[t])->rows;
          for (guint r = 0; r < rows->len; r++)
            {
              const VnlPrefix *prefix = &((VnlRouteRow *) rows->pdata[r])->prefix;
              /* The /24s in 100.64.0.0/10 (not Azure's default route for
               * that block itself). */
              from_nva += prefix->len == 24 && (prefix->addr >> 22) == (100u << 2 | 1);
            }
        }
      g_assert_cmpuint (from_nva, ==, over ? 0 : n);
      g_assert_cmpstr (w->object, ==, "rs ← nva0");
      g_assert_cmpstr (w->name, ==, "rs-nva0");
      g_assert_cmpuint (w->value, ==, n);
      g_assert_cmpint (vnl_limit_check_crossed (w), ==, over);
    }
}

/* At the limit the session carries every prefix; one more and Azure
 * drops it: the routes are gone on both sides and beyond, the tables say
 * why with the figures, the filter and the explanation of a failed trace
 * name the limit, and the limit check still counts what the peer sends. */
static void
test_session_drops (gconstpointer data)
{
  const Drop *d = data;

  for (guint over = 0; over < 2; over++)
    {
      guint n = d->limit + over;
      g_autoptr(VnlDesign) design = d->build (n);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(GArray) limits = vnl_network_get_prefix_limits (network);
      g_autoptr(GPtrArray) checks = vnl_limits_check (design, network);
      g_autoptr(VnlTrace) trace = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *note = NULL;
      g_autofree char *expect = NULL;
      g_autofree char *why = NULL;
      VnlPrefix prefix = { 0 };
      VnlFilter filter;
      gboolean found = FALSE;

      g_assert_true (vnl_prefix_parse ("20.0.0.0/24", &prefix, NULL));
      for (guint i = 0; i < limits->len; i++)
        {
          VnlPrefixLimit *l = &g_array_index (limits, VnlPrefixLimit, i);
          if (!g_str_equal (l->receiver, d->receiver))
            continue;
          found = TRUE;
          g_assert_cmpstr (l->sender, ==, d->sender);
          g_assert_cmpuint (l->received, ==, n);
          g_assert_cmpuint (l->limit, ==, d->limit);
          g_assert_cmpint (l->dropped, ==, over);
        }
      g_assert_true (found);

      g_assert_true (vnl_network_filter (network, d->sender, d->receiver, &prefix, &filter, &error));
      g_assert_no_error (error);
      g_assert_cmpint (filter, ==, over ? VNL_FILTER_PREFIX_LIMIT : VNL_FILTER_ACCEPT);
      g_assert_cmpuint (site_routes (network, d->receiver), ==, over ? 0 : n);
      g_assert_cmpuint (site_routes (network, d->beyond), ==, over ? 0 : n);

      trace = vnl_network_trace (network, "v0-vm", "dc1-vm", &error);
      g_assert_no_error (error);
      g_assert_cmpint (trace->reached, ==, !over);
      why = vnl_network_explain (network, trace);

      expect = g_strdup_printf ("sends %u prefixes, more than the %u %s accepts", n, d->limit, d->receiver);
      table_note (network, d->receiver, &note);
      if (over)
        {
          g_autofree char *beyond = NULL;

          g_assert_nonnull (note);
          g_assert_nonnull (strstr (note, expect));
          /* The VNet behind the gateway says why too. */
          table_note (network, d->beyond, &beyond);
          g_assert_nonnull (beyond);
          g_assert_nonnull (strstr (beyond, expect));
          g_assert_nonnull (why);
          g_test_message ("%s", why);
          g_assert_nonnull (strstr (why, expect));
          g_assert_cmpuint (worst (checks, d->receiver[0] == 'c' ? "er-private-peering-routes" : "vpn-bgp-prefixes")->value,
                            ==, n);
        }
      else
        g_assert_null (note);
    }
}

/* A what-if tries a dropped session again, and drops it again while the
 * peer still sends too many; taking the CE down and up changes nothing. */
static void
test_session_what_if (void)
{
  g_autoptr(VnlDesign) design = build_er_routes (4001);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  VnlPrefix prefix = { 0 };
  VnlFilter filter;

  g_assert_true (vnl_prefix_parse ("20.0.0.0/24", &prefix, NULL));
  g_assert_true (vnl_network_set_up (network, "c0-primary", FALSE, &error));
  g_assert_true (vnl_network_filter (network, "ce1", "c0-primary", &prefix, &filter, NULL));
  g_assert_cmpint (filter, ==, VNL_FILTER_SESSION_DOWN);
  g_assert_true (vnl_network_set_up (network, "c0-primary", TRUE, &error));
  g_assert_true (vnl_network_filter (network, "ce1", "c0-primary", &prefix, &filter, NULL));
  g_assert_cmpint (filter, ==, VNL_FILTER_PREFIX_LIMIT);
  g_assert_cmpuint (site_routes (network, "v0"), ==, 0);
}

/* The note of a dropped session is in every report format, for the
 * tables that lost the routes: the MSEE's and the VNet's behind it. */
static void
test_note_in_reports (void)
{
  g_autoptr(VnlDesign) design = build_er_routes (4001);
  g_autoptr(GError) error = NULL;
  VnlReport *report = vnl_report_new (design, "generated", NULL, NULL, NULL, NULL, &error);
  const char *expect = "ce1 sends 4001 prefixes, more than the 4000 c0-primary accepts";
  char *texts[4];

  g_assert_no_error (error);
  texts[0] = vnl_report_to_html (report, NULL);
  texts[1] = vnl_report_to_markdown (report);
  texts[2] = vnl_report_to_csv (report, VNL_REPORT_CSV_ROUTES);
  texts[3] = vnl_report_to_json (report);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_nonnull (strstr (texts[i], expect));
      g_free (texts[i]);
    }
  /* Under the title of each table that says it, not elsewhere. */
  {
    g_autoptr(GPtrArray) tables = vnl_report_routes_tables (report);
    guint with_note = 0;

    for (guint i = 0; i < tables->len; i++)
      {
        VnlReportTable *t = tables->pdata[i];
        if (t->note != NULL && strstr (t->note, expect) != NULL)
          with_note++;
      }
    /* At least the MSEE that drops the session and the VNet behind it. */
    g_assert_cmpuint (with_note, >=, 2);
  }
  vnl_report_free (report);
}

/* Every limit has its figure and source; the unmodelled ones say so. */
static void
test_table (void)
{
  guint n;
  const VnlLimit *limits = vnl_limits_all (&n);
  guint modelled = 0;

  for (guint i = 0; i < n; i++)
    {
      gboolean tested = FALSE;

      g_assert_nonnull (limits[i].figure);
      g_assert_nonnull (strstr (limits[i].source, ".md"));
      modelled += limits[i].modelled;
      /* Every modelled limit is crossed by a case, no other is. */
      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        tested |= g_str_equal (cases[c].id, limits[i].id);
      g_assert_cmpint (tested, ==, limits[i].modelled);
    }
  g_assert_cmpuint (modelled, ==, 18);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/limits/table", test_table);
  g_test_add_func ("/core/limits/session-what-if", test_session_what_if);
  g_test_add_func ("/core/limits/note-in-reports", test_note_in_reports);
  g_test_add_func ("/core/limits/route-server-drop", test_route_server_drop);
  for (guint i = 0; i < G_N_ELEMENTS (drops); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/limits/session-drops/%s", drops[i].what);
      g_test_add_data_func (path, &drops[i], test_session_drops);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/limits/%s/%u", cases[i].id, cases[i].figure);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  return g_test_run ();
}
