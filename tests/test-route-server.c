/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"

/*
 * Azure Route Server (issue 16, spec §1.3 C). Expected values come from the
 * documentation quoted beside each test (MicrosoftDocs/azure-docs):
 *
 * [FAQ]   articles/route-server/route-server-faq.md
 * [INJ]   articles/route-server/route-injection-in-spokes.md
 * [ERVPN] articles/route-server/expressroute-vpn-support.md
 * [PREF]  articles/route-server/hub-routing-preference.md
 * [LIM]   includes/route-server-limits.md
 *
 * The design is written here, not taken from a sample: a hub 10.10.0.0/20
 * with an ExpressRoute gateway to a data centre (172.20.0.0/16, AS 65050)
 * and route server "rs"; spoke-a uses the hub's gateways, spoke-b does
 * not. Each test adds appliances, peerings and SD-WAN branches.
 */

static const char base_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<design xmlns=\"urn:vnetlab:design:1\" version=\"4\">\n"
  "  <locations default-latency-ms=\"10\">\n"
  "    <location name=\"r\" kind=\"azure-region\"/>\n"
  "    <location name=\"pl\" kind=\"peering-location\"/>\n"
  "    <location name=\"dc\" kind=\"on-premises\"/>\n"
  "    <location name=\"br\" kind=\"on-premises\"/>\n"
  "    <latency a=\"r\" b=\"br\" ms=\"7\"/>\n"
  "  </locations>\n"
  "  <vnet name=\"hub\" location=\"r\">\n"
  "    <address-space prefix=\"10.10.0.0/20\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.10.0.0/24\"/>\n"
  "    <subnet name=\"nva\" prefix=\"10.10.1.0/24\"/>\n"
  "    <subnet name=\"RouteServerSubnet\" prefix=\"10.10.2.0/27\"/>\n"
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.10.3.0/27\"/>\n"
  "    <endpoint name=\"hub-vm\" address=\"10.10.0.4\"/>\n"
  "  </vnet>\n"
  "  <vnet name=\"spoke-a\" location=\"r\">\n"
  "    <address-space prefix=\"10.20.0.0/24\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.20.0.0/24\"/>\n"
  "    <endpoint name=\"a-vm\" address=\"10.20.0.4\"/>\n"
  "  </vnet>\n"
  "  <vnet name=\"spoke-b\" location=\"r\">\n"
  "    <address-space prefix=\"10.30.0.0/24\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.30.0.0/24\"/>\n"
  "    <endpoint name=\"b-vm\" address=\"10.30.0.4\"/>\n"
  "  </vnet>\n"
  "  <gateway name=\"ergw\" vnet=\"hub\" type=\"expressroute\" asn=\"65515\">\n"
  "    <instance address=\"10.10.3.4\"/>\n"
  "  </gateway>\n"
  "  <circuit name=\"c\" peering-location=\"pl\" bandwidth-mbps=\"1000\" sku=\"standard\" microsoft-asn=\"12076\" peer-asn=\"65050\" vlan=\"10\">\n"
  "    <link name=\"c-1\" role=\"primary\" subnet=\"172.31.0.0/30\" ce-address=\"172.31.0.1\" msee-address=\"172.31.0.2\" ce=\"dc-ce\"/>\n"
  "  </circuit>\n"
  "  <site name=\"dcsite\" location=\"dc\">\n"
  "    <prefix value=\"172.20.0.0/16\"/>\n"
  "    <endpoint name=\"dc-vm\" address=\"172.20.1.10\"/>\n"
  "    <ce name=\"dc-ce\" asn=\"65050\" lan-address=\"172.20.0.1\"/>\n"
  "  </site>\n"
  "  <expressroute-connection name=\"er\" gateway=\"ergw\" circuit=\"c\" routing-weight=\"0\"/>\n"
  "  <peering name=\"hub-a\" vnet-a=\"hub\" vnet-b=\"spoke-a\">\n"
  "    <side vnet=\"hub\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" allow-gateway-transit=\"true\" use-remote-gateways=\"false\"/>\n"
  "    <side vnet=\"spoke-a\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" allow-gateway-transit=\"false\" use-remote-gateways=\"true\"/>\n"
  "  </peering>\n"
  "  <peering name=\"hub-b\" vnet-a=\"hub\" vnet-b=\"spoke-b\">\n"
  "    <side vnet=\"hub\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" allow-gateway-transit=\"true\" use-remote-gateways=\"false\"/>\n"
  "    <side vnet=\"spoke-b\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" allow-gateway-transit=\"false\" use-remote-gateways=\"false\"/>\n"
  "  </peering>\n"
  "  <route-server name=\"rs\" vnet=\"hub\" %s/>\n"
  "%s"
  "</design>\n";

/* An appliance in the hub's nva subnet (.4 + @n) with ASN @asn, peered
 * with the route server, announcing @prefix (NULL: nothing). */
static void
add_nva (GString    *xml,
         const char *name,
         guint       n,
         guint       asn,
         const char *prefix,
         const char *attrs)
{
  g_string_append_printf (xml, "  <appliance name=\"%s\" vnet=\"hub\" address=\"10.10.1.%u\" asn=\"%u\" %s>\n",
                          name, 4 + n, asn, attrs != NULL ? attrs : "");
  if (prefix != NULL)
    g_string_append_printf (xml, "    <advertise prefix=\"%s\"/>\n", prefix);
  g_string_append (xml, "  </appliance>\n");
  g_string_append_printf (xml, "  <route-server-peering name=\"rs-%s\" route-server=\"rs\" appliance=\"%s\" peer-asn=\"%u\"/>\n",
                          name, name, asn);
}

/* A branch site @prefix (its host .10, CE .1, tunnel .254) behind the
 * appliances listed. */
static void
add_branch (GString     *xml,
            const char  *name,
            guint        asn,
            const char  *net,
            const char **nvas)
{
  g_string_append_printf (xml,
                          "  <site name=\"%s\" location=\"br\">\n"
                          "    <prefix value=\"%s.0/24\"/>\n"
                          "    <endpoint name=\"%s-pc\" address=\"%s.10\"/>\n"
                          "    <ce name=\"%s-ce\" asn=\"%u\" lan-address=\"%s.1\" tunnel-address=\"%s.254\" maximum-paths=\"2\"/>\n"
                          "  </site>\n",
                          name, net, name, net, name, asn, net, net);
  for (guint i = 0; nvas[i] != NULL; i++)
    g_string_append_printf (xml, "  <sd-wan-tunnel name=\"%s-%s\" appliance=\"%s\" ce=\"%s-ce\"/>\n",
                            name, nvas[i], nvas[i], name);
}

static VnlDesign *
design_for (const char *rs_attrs,
            GString    *extra)
{
  g_autofree char *xml = g_strdup_printf (base_xml, rs_attrs, extra->str);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load_from_data (xml, strlen (xml), "test", &error);

  g_assert_no_error (error);
  return design;
}

static VnlNetwork *
network_for (const char *rs_attrs,
             GString    *extra)
{
  g_autoptr(VnlDesign) design = design_for (rs_attrs, extra);

  return vnl_network_new (design);
}

/* The row of @prefix in @node's tables learned from @from (NULL: any),
 * NULL when there is none; an appliance's BGP table, not its NICs'. The
 * tables stay with @keep. */
static VnlRouteRow *
find_row (VnlNetwork  *net,
          const char  *node,
          const char  *prefix,
          const char  *from,
          GPtrArray  **keep)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tables = vnl_network_get_tables (net, node, &error);
  VnlPrefix p;

  g_assert_no_error (error);
  g_assert_true (vnl_prefix_parse (prefix, &p, NULL));
  g_clear_pointer (keep, g_ptr_array_unref);
  *keep = tables;
  for (guint t = 0; t < tables->len; t++)
    {
      VnlRouteTable *table = tables->pdata[t];

      if (vnl_design_lookup_kind (vnl_network_get_design (net), node, VNL_KIND_APPLIANCE) != NULL &&
          table->kind != VNL_TABLE_APPLIANCE)
        continue;
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          if (vnl_prefix_equal (&row->prefix, &p) && (from == NULL || g_strcmp0 (row->learned_from, from) == 0))
            return row;
        }
    }
  return NULL;
}

static VnlFilter
filter (VnlNetwork *net,
        const char *from,
        const char *to,
        const char *prefix)
{
  g_autoptr(GError) error = NULL;
  VnlFilter f = VNL_FILTER_ACCEPT;
  VnlPrefix p;

  g_assert_true (vnl_prefix_parse (prefix, &p, NULL));
  g_assert_true (vnl_network_filter (net, from, to, &p, &f, &error));
  g_assert_no_error (error);
  return f;
}

/* [FAQ] "If the route has the same AS path length, Azure Route Server will
 * program multiple copies of the route, each with a different next hop, to
 * the VMs in the virtual network ... ECMP": two appliances announcing
 * 192.168.10.0/24 with one AS each; the hub and spoke-a get both next
 * hops, and traffic reaches one of them. */
static void
test_ecmp (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  g_autoptr(VnlTrace) trace = NULL;
  VnlRouteRow *row;

  add_nva (extra, "nva-a", 0, 65010, "192.168.10.0/24", NULL);
  add_nva (extra, "nva-b", 1, 65020, "192.168.10.0/24", NULL);
  net = network_for ("", extra);

  for (guint i = 0; i < 2; i++)
    {
      row = find_row (net, i == 0 ? "hub" : "spoke-a", "192.168.10.0/24", NULL, &keep);
      g_assert_nonnull (row);
      g_assert_true (row->active);
      g_assert_cmpstr (row->next_hop_type, ==, "Virtual appliance");
      g_assert_cmpstr (row->next_hop, ==, "10.10.1.4, 10.10.1.5");
      g_assert_cmpint (row->reason, ==, VNL_REASON_ECMP);
    }

  /* The route server never forwards: the first hop is an appliance. */
  trace = vnl_network_trace (net, "a-vm", "192.168.10.1", NULL);
  g_assert_nonnull (trace);
  g_assert_cmpuint (trace->hops->len, >=, 1);
  g_assert_true (g_array_index (trace->hops, VnlHop, 0).kind == VNL_HOP_APPLIANCE);
  g_assert_true (g_str_has_prefix (g_array_index (trace->hops, VnlHop, 0).node, "nva-"));
}

/* [FAQ] "if one NVA sends the route with a shorter AS path length than
 * other NVAs, Azure Route Server will only program the route that has the
 * next hop set to this NVA": nva-b learns the branch from its CE (path
 * 65020 65099), nva-a announces it itself (65010). */
static void
test_shorter_as_path (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  static const char *behind_b[] = { "nva-b", NULL };
  VnlRouteRow *row;

  add_nva (extra, "nva-a", 0, 65010, "192.168.10.0/24", NULL);
  add_nva (extra, "nva-b", 1, 65020, NULL, NULL);
  add_branch (extra, "br1", 65099, "192.168.10", behind_b);
  net = network_for ("", extra);

  row = find_row (net, "hub", "192.168.10.0/24", NULL, &keep);
  g_assert_nonnull (row);
  g_assert_true (row->active);
  g_assert_cmpstr (row->next_hop, ==, "10.10.1.4");
  g_assert_cmpint (row->reason, ==, VNL_REASON_AS_PATH);

  row = find_row (net, "rs", "192.168.10.0/24", "nva-b", &keep);
  g_assert_nonnull (row);
  g_assert_false (row->best);
  g_assert_cmpstr (row->as_path, ==, "65020 65099");
}

/* [ERVPN] "by default Azure Route Server doesn't propagate the routes it
 * receives from the NVA and ExpressRoute gateway between each other. Once
 * you enable the route exchange, ExpressRoute and the NVA will learn each
 * other's routes": a branch behind an SD-WAN appliance and the data centre
 * behind ExpressRoute reach each other only with branch-to-branch on. */
static void
test_branch_to_branch (void)
{
  static const char *behind[] = { "sdwan", NULL };

  for (guint on = 0; on < 2; on++)
    {
      g_autoptr(GString) extra = g_string_new (NULL);
      g_autoptr(VnlNetwork) net = NULL;
      g_autoptr(GPtrArray) keep = NULL;
      g_autoptr(VnlTrace) to_dc = NULL;
      g_autoptr(VnlTrace) to_branch = NULL;
      VnlRouteRow *row;

      add_nva (extra, "sdwan", 0, 65010, NULL, NULL);
      add_branch (extra, "br1", 65099, "192.168.10", behind);
      net = network_for (on ? "branch-to-branch=\"true\"" : "", extra);

      /* The VMs have both either way ([FAQ]: the route server programs
       * the NVA's routes into the VNet). */
      g_assert_nonnull (find_row (net, "hub", "192.168.10.0/24", "rs", &keep));
      g_assert_nonnull (find_row (net, "hub", "172.20.0.0/16", "ergw", &keep));

      /* The appliance learns the data centre, the circuit the branch. */
      row = find_row (net, "sdwan", "172.20.0.0/16", NULL, &keep);
      g_assert_true ((row != NULL) == on);
      row = find_row (net, "dc-ce", "192.168.10.0/24", NULL, &keep);
      g_assert_true ((row != NULL) == on);
      if (on)
        /* eBGP: the ExpressRoute gateway prepends 65515 to what the
         * route server passed on unchanged (65010 65099). */
        g_assert_cmpstr (row->as_path, ==, "12076 65515 65010 65099");
      g_assert_cmpint (filter (net, "rs", "ergw", "192.168.10.0/24"), ==,
                       on ? VNL_FILTER_ACCEPT : VNL_FILTER_NO_BRANCH_TO_BRANCH);
      g_assert_cmpint (filter (net, "rs", "sdwan", "172.20.0.0/16"), ==,
                       on ? VNL_FILTER_ACCEPT : VNL_FILTER_NO_BRANCH_TO_BRANCH);

      to_dc = vnl_network_trace (net, "br1-pc", "dc-vm", NULL);
      to_branch = vnl_network_trace (net, "dc-vm", "br1-pc", NULL);
      g_assert_true (to_dc->reached == (on != 0));
      g_assert_true (to_branch->reached == (on != 0));
      if (!on)
        {
          g_autofree char *why = vnl_network_explain (net, to_branch);
          g_assert_nonnull (why);
          g_assert_nonnull (strstr (why, "branch-to-branch"));
        }
    }
}

/* [INJ] "Azure Route Server doesn't advertise a route that is the same or
 * longer prefix than the virtual network address space learned from the
 * NVA"; "Azure Route Server, however, will advertise a larger subnet than
 * the VNet address space". */
static void
test_address_space_filter (void)
{
  static const struct
  {
    const char *prefix;
    VnlFilter   expected;
  } cases[] = {
    { "10.10.0.0/20", VNL_FILTER_RS_INSIDE_VNET },   /* the hub's space */
    { "10.10.5.0/24", VNL_FILTER_RS_INSIDE_VNET },   /* inside it */
    { "10.20.0.0/25", VNL_FILTER_RS_INSIDE_VNET },   /* inside spoke-a, which uses the hub */
    { "10.30.0.0/24", VNL_FILTER_ACCEPT },           /* spoke-b uses no remote gateway */
    { "10.0.0.0/8",   VNL_FILTER_ACCEPT },           /* a supernet */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) extra = g_string_new (NULL);
      g_autoptr(VnlNetwork) net = NULL;
      g_autoptr(GPtrArray) keep = NULL;
      VnlRouteRow *row;

      add_nva (extra, "nva-a", 0, 65010, cases[i].prefix, NULL);
      net = network_for ("", extra);
      g_assert_cmpint (filter (net, "nva-a", "rs", cases[i].prefix), ==, cases[i].expected);
      row = find_row (net, "rs", cases[i].prefix, "nva-a", &keep);
      g_assert_true ((row != NULL) == (cases[i].expected == VNL_FILTER_ACCEPT));
    }
}

/* A route whose AS path already holds 65515 is dropped: an appliance
 * peered with two route servers (the hub's and one in spoke-b) passes the
 * hub's space, learned with path 65515, to the other. */
static void
test_loop_65515 (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlRouteRow *row;
  VnlRouteServer *rs2;
  VnlRsPeering *peering;

  add_nva (extra, "nva-a", 0, 65010, NULL, NULL);
  design = design_for ("", extra);
  /* spoke-b gets its own route server in a RouteServerSubnet. */
  {
    VnlVnet *spoke = vnl_design_lookup_kind (design, "spoke-b", VNL_KIND_VNET);
    VnlSubnet *subnet = g_new0 (VnlSubnet, 1);

    subnet->name = g_strdup ("RouteServerSubnet");
    g_assert_true (vnl_prefix_parse ("10.30.0.224/27", &subnet->prefix, NULL));
    ((VnlSubnet *) spoke->subnets->pdata[0])->prefix.len = 25;
    g_ptr_array_add (spoke->subnets, subnet);
  }
  rs2 = vnl_object_new (VNL_KIND_ROUTE_SERVER, "rs2");
  rs2->vnet = g_strdup ("spoke-b");
  g_assert_true (vnl_design_add (design, rs2, NULL));
  peering = vnl_object_new (VNL_KIND_RS_PEERING, "rs2-nva-a");
  peering->route_server = g_strdup ("rs2");
  peering->appliance = g_strdup ("nva-a");
  peering->peer_asn = 65010;
  g_assert_true (vnl_design_add (design, peering, NULL));
  net = vnl_network_new (design);

  row = find_row (net, "nva-a", "10.10.0.0/20", "rs", &keep);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->as_path, ==, "65515");
  g_assert_cmpint (filter (net, "nva-a", "rs2", "10.10.0.0/20"), ==, VNL_FILTER_AS_LOOP);
  g_assert_null (find_row (net, "rs2", "10.10.0.0/20", NULL, &keep));
}

/* [FAQ] NO_ADVERTISE: "the route server won't advertise it to other peers
 * including the ExpressRoute gateway" — but it is programmed into the
 * VNet ("injected into subnets", spec §1.3 C). */
static void
test_no_advertise (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  VnlRouteRow *row;

  add_nva (extra, "nva-a", 0, 65010, "192.168.20.0/24", "no-advertise=\"true\"");
  add_nva (extra, "nva-b", 1, 65020, "192.168.30.0/24", NULL);
  net = network_for ("branch-to-branch=\"true\"", extra);

  row = find_row (net, "hub", "192.168.20.0/24", NULL, &keep);
  g_assert_nonnull (row);
  g_assert_true (row->active);
  g_assert_cmpint (filter (net, "rs", "ergw", "192.168.20.0/24"), ==, VNL_FILTER_NO_ADVERTISE);
  g_assert_cmpint (filter (net, "rs", "nva-b", "192.168.20.0/24"), ==, VNL_FILTER_NO_ADVERTISE);
  g_assert_null (find_row (net, "nva-b", "192.168.20.0/24", NULL, &keep));
  /* Without the community, the other appliance and the circuit learn it. */
  g_assert_nonnull (find_row (net, "nva-a", "192.168.30.0/24", NULL, &keep));
  g_assert_nonnull (find_row (net, "dc-ce", "192.168.30.0/24", NULL, &keep));
}

/* [FAQ] "if you peer a virtual network hosting the Azure Route Server to
 * another virtual network and you enable Use Remote Gateway on the second
 * virtual network, Azure Route Server will learn the address spaces of
 * that virtual network and send them to all the peered NVAs. It will also
 * program the routes from the NVAs into the routing table of the VMs in
 * the peered virtual network." */
static void
test_spokes (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  static const char *behind[] = { "nva-a", NULL };
  g_autoptr(VnlTrace) trace = NULL;
  VnlRouteRow *row;

  add_nva (extra, "nva-a", 0, 65010, NULL, NULL);
  add_branch (extra, "br1", 65099, "192.168.10", behind);
  net = network_for ("", extra);

  row = find_row (net, "spoke-a", "192.168.10.0/24", "rs", &keep);
  g_assert_nonnull (row);
  g_assert_true (row->active);
  g_assert_null (find_row (net, "spoke-b", "192.168.10.0/24", NULL, &keep));

  g_assert_nonnull (find_row (net, "nva-a", "10.20.0.0/24", "rs", &keep));
  g_assert_null (find_row (net, "nva-a", "10.30.0.0/24", NULL, &keep));
  row = find_row (net, "br1-ce", "10.20.0.0/24", NULL, &keep);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->as_path, ==, "65010 65515");

  /* The data plane: VM → appliance (the programmed route) → tunnel → the
   * branch's CE → host; hops answer, and the branch is 7 ms away. */
  trace = vnl_network_trace (net, "a-vm", "br1-pc", NULL);
  g_assert_true (trace->reached);
  g_assert_cmpuint (trace->hops->len, ==, 3);
  g_assert_cmpstr (g_array_index (trace->hops, VnlHop, 0).node, ==, "nva-a");
  g_assert_cmpstr (g_array_index (trace->hops, VnlHop, 1).node, ==, "br1-ce");
  g_assert_true (g_array_index (trace->hops, VnlHop, 1).kind == VNL_HOP_CE_ROUTER);
  g_assert_cmpfloat (trace->one_way_ms, >=, 7.0);
  g_assert_true (trace->reverse != NULL && trace->reverse->reached);

  {
    g_autoptr(VnlTrace) none = vnl_network_trace (net, "b-vm", "br1-pc", NULL);
    g_assert_false (none->reached);
  }
}

/* What the route server advertises to one peer (`az network routeserver
 * peering list-advertised-routes`): its VNet and spoke-a ([FAQ] "send
 * them to all the peered NVAs"), the other appliance's route with 65515
 * prepended, and never the peer's own route back. */
static void
test_advertised (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlNetwork) net = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  VnlRouteTable *to_a = NULL;
  gboolean hub = FALSE, spoke_a = FALSE, spoke_b = FALSE, own = FALSE, other = FALSE;

  add_nva (extra, "nva-a", 0, 65010, "192.168.20.0/24", NULL);
  add_nva (extra, "nva-b", 1, 65020, "192.168.30.0/24", NULL);
  net = network_for ("", extra);
  tables = vnl_network_get_tables (net, "rs", NULL);
  for (guint t = 0; t < tables->len; t++)
    if (strstr (((VnlRouteTable *) tables->pdata[t])->title, "advertises to nva-a") != NULL)
      to_a = tables->pdata[t];
  g_assert_nonnull (to_a);
  for (guint i = 0; i < to_a->rows->len; i++)
    {
      VnlRouteRow *row = to_a->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      hub = hub || g_str_equal (prefix, "10.10.0.0/20");
      spoke_a = spoke_a || g_str_equal (prefix, "10.20.0.0/24");
      spoke_b = spoke_b || g_str_equal (prefix, "10.30.0.0/24");
      own = own || g_str_equal (prefix, "192.168.20.0/24");
      if (g_str_equal (prefix, "192.168.30.0/24"))
        {
          other = TRUE;
          g_assert_cmpstr (row->as_path, ==, "65515 65020");
        }
    }
  g_assert_true (hub && spoke_a && other);
  g_assert_false (spoke_b || own);
}

/* [LIM] "Number of BGP peers supported: 8"; "Number of routes each BGP
 * peer can advertise to Azure Route Server: 1,000"; "If your NVA
 * advertises more routes than the limit, the BGP session will get
 * dropped." */
static void
test_limits (void)
{
  for (guint n = 1000; n <= 1001; n++)
    {
      g_autoptr(GString) extra = g_string_new (NULL);
      g_autoptr(VnlNetwork) net = NULL;
      g_autoptr(GPtrArray) keep = NULL;
      g_autoptr(GPtrArray) tables = NULL;

      g_string_append (extra, "  <appliance name=\"big\" vnet=\"hub\" address=\"10.10.1.4\" asn=\"65010\">\n");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (extra, "    <advertise prefix=\"100.%u.%u.0/24\"/>\n", 64 + i / 256, i % 256);
      g_string_append (extra, "  </appliance>\n"
                              "  <route-server-peering name=\"rs-big\" route-server=\"rs\" appliance=\"big\" peer-asn=\"65010\"/>\n");
      net = network_for ("", extra);
      g_assert_true ((find_row (net, "hub", "100.64.0.0/24", NULL, &keep) != NULL) == (n <= 1000));
      tables = vnl_network_get_tables (net, "rs", NULL);
      g_assert_true ((((VnlRouteTable *) tables->pdata[0])->note != NULL) == (n > 1000));
    }

  {
    g_autoptr(GString) extra = g_string_new (NULL);
    g_autoptr(VnlDesign) design = NULL;
    g_autoptr(VnlNetwork) net = NULL;
    g_autoptr(GPtrArray) keep = NULL;
    g_autoptr(GPtrArray) problems = NULL;
    guint warned = 0;

    for (guint i = 0; i < 9; i++)
      {
        g_autofree char *name = g_strdup_printf ("nva%u", i);
        g_autofree char *prefix = g_strdup_printf ("192.168.%u.0/24", 100 + i);
        add_nva (extra, name, i, 65001 + i, prefix, NULL);
      }
    design = design_for ("", extra);
    net = vnl_network_new (design);
    for (guint i = 0; i < 9; i++)
      {
        g_autofree char *prefix = g_strdup_printf ("192.168.%u.0/24", 100 + i);
        g_assert_true ((find_row (net, "hub", prefix, NULL, &keep) != NULL) == (i < 8));
      }
    problems = vnl_design_validate (design, NULL);
    for (guint i = 0; i < problems->len; i++)
      if (strstr (((VnlProblem *) problems->pdata[i])->message, "more than 8 BGP peers") != NULL)
        warned++;
    g_assert_cmpuint (warned, ==, 1);
  }
}

/* [PREF] "1. Prefer routes with the longest prefix match (LPM) 2. Prefer
 * routes based on routing preference configuration": ExpressRoute
 * (default) over VPN/SD-WAN, VPN/NVA over ExpressRoute, AS-Path the
 * shortest AS path. The data centre's 172.20.0.0/16 comes over
 * ExpressRoute with path 12076 65050 (two ASes) and from an appliance. */
static void
test_hub_routing_preference (void)
{
  static const struct
  {
    const char *attrs;
    gboolean    prepend;   /* the appliance's path is three ASes long */
    const char *winner;    /* learned from, in the VNet's table */
    VnlReason   reason;
  } cases[] = {
    { "", FALSE, "ergw", VNL_REASON_ROUTE_SERVER_PREFERENCE },
    { "hub-routing-preference=\"expressroute\"", FALSE, "ergw", VNL_REASON_ROUTE_SERVER_PREFERENCE },
    { "hub-routing-preference=\"vpn-nva\"", TRUE, "rs", VNL_REASON_ROUTE_SERVER_PREFERENCE },
    { "hub-routing-preference=\"as-path\"", FALSE, "rs", VNL_REASON_AS_PATH },
    { "hub-routing-preference=\"as-path\"", TRUE, "ergw", VNL_REASON_AS_PATH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) extra = g_string_new (NULL);
      g_autoptr(VnlNetwork) net = NULL;
      g_autoptr(GPtrArray) keep = NULL;
      static const char *behind[] = { "nva-a", "nva-b", NULL };
      VnlRouteRow *row;

      if (cases[i].prepend)
        {
          /* nva-b (not peered with the route server) announces it to a
           * branch CE (65099), which passes it to nva-a: the route
           * server learns 65010 65099 65020, three ASes. */
          add_nva (extra, "nva-a", 0, 65010, NULL, NULL);
          g_string_append (extra, "  <appliance name=\"nva-b\" vnet=\"hub\" address=\"10.10.1.5\" asn=\"65020\">\n"
                                  "    <advertise prefix=\"172.20.0.0/16\"/>\n"
                                  "  </appliance>\n");
          add_branch (extra, "br1", 65099, "192.168.10", behind);
        }
      else
        add_nva (extra, "nva-a", 0, 65010, "172.20.0.0/16", NULL);
      net = network_for (cases[i].attrs, extra);

      row = find_row (net, "rs", "172.20.0.0/16", "nva-a", &keep);
      g_assert_nonnull (row);
      g_assert_cmpstr (row->as_path, ==, cases[i].prepend ? "65010 65099 65020" : "65010");

      row = find_row (net, "hub", "172.20.0.0/16", cases[i].winner, &keep);
      g_assert_nonnull (row);
      g_assert_true (row->active);
      g_assert_cmpint (row->reason, ==, cases[i].reason);
      /* The loser is listed, Invalid, with the same rung. */
      row = find_row (net, "hub", "172.20.0.0/16", g_str_equal (cases[i].winner, "rs") ? "ergw" : "rs", &keep);
      if (row != NULL)
        {
          g_assert_false (row->active);
          g_assert_cmpint (row->reason, ==, cases[i].reason);
        }
    }
}

/* The file: version 4 round-trips the new kinds and the appliance's BGP. */
static void
test_round_trip (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlDesign) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  static const char *behind[] = { "nva-a", NULL };
  VnlRouteServer *rs;
  VnlAppliance *nva;

  add_nva (extra, "nva-a", 0, 65010, "192.168.20.0/24", "no-advertise=\"true\"");
  add_branch (extra, "br1", 65099, "192.168.10", behind);
  design = design_for ("branch-to-branch=\"true\" hub-routing-preference=\"as-path\"", extra);
  data = vnl_design_to_data (design, NULL);
  again = vnl_design_load_from_data (data, strlen (data), "again", &error);
  g_assert_no_error (error);
  data2 = vnl_design_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);

  rs = vnl_design_lookup_kind (again, "rs", VNL_KIND_ROUTE_SERVER);
  g_assert_true (rs->branch_to_branch);
  g_assert_cmpint (rs->preference, ==, VNL_HUB_PREF_AS_PATH);
  /* Unset instance addresses: the 4th and 5th of RouteServerSubnet. */
  g_assert_cmpuint (vnl_route_server_get_address (again, rs, 0), ==, 0x0a0a0204);
  g_assert_cmpuint (vnl_route_server_get_address (again, rs, 1), ==, 0x0a0a0205);
  nva = vnl_design_lookup_kind (again, "nva-a", VNL_KIND_APPLIANCE);
  g_assert_cmpuint (nva->asn, ==, 65010);
  g_assert_true (nva->no_advertise);
  g_assert_cmpuint (nva->advertises->len, ==, 1);
  g_assert_nonnull (vnl_design_lookup_kind (again, "br1-nva-a", VNL_KIND_SDWAN_TUNNEL));
}

/* Validation: the refusals of [FAQ], each with its reason. */
static void
test_validation (void)
{
  static const struct
  {
    const char *rs_attrs;
    const char *extra;
    const char *message;
  } cases[] = {
    { "", "  <appliance name=\"n\" vnet=\"hub\" address=\"10.10.1.4\" asn=\"65515\"/>\n"
          "  <route-server-peering name=\"p\" route-server=\"rs\" appliance=\"n\" peer-asn=\"65515\"/>\n",
      "reserved by Azure" },
    { "", "  <appliance name=\"n\" vnet=\"hub\" address=\"10.10.1.4\" asn=\"64500\"/>\n"
          "  <route-server-peering name=\"p\" route-server=\"rs\" appliance=\"n\" peer-asn=\"64500\"/>\n",
      "reserved by IANA" },
    { "", "  <appliance name=\"n\" vnet=\"hub\" address=\"10.10.1.4\" asn=\"4200000001\"/>\n"
          "  <route-server-peering name=\"p\" route-server=\"rs\" appliance=\"n\" peer-asn=\"4200000001\"/>\n",
      "16-bit" },
    { "", "  <appliance name=\"n\" vnet=\"hub\" address=\"10.10.1.4\"/>\n"
          "  <route-server-peering name=\"p\" route-server=\"rs\" appliance=\"n\" peer-asn=\"65010\"/>\n",
      "has no ASN" },
    { "", "  <appliance name=\"n\" vnet=\"hub\" address=\"10.10.1.4\" asn=\"65011\"/>\n"
          "  <route-server-peering name=\"p\" route-server=\"rs\" appliance=\"n\" peer-asn=\"65010\"/>\n",
      "stays down" },
    { "", "  <route-server name=\"rs-two\" vnet=\"hub\"/>\n", "only one" },
    { "", "  <route-server name=\"rs-b\" vnet=\"spoke-b\"/>\n", "RouteServerSubnet" },
    { "address-1=\"10.10.0.9\"", "", "outside its RouteServerSubnet" },
    { "", "  <route-table name=\"rt\">\n    <subnet vnet=\"hub\" name=\"RouteServerSubnet\"/>\n  </route-table>\n",
      "does not support a route table" },
    { "", "  <network-security-group name=\"nsg\">\n    <subnet vnet=\"hub\" name=\"RouteServerSubnet\"/>\n"
          "  </network-security-group>\n", "does not support a network security group" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) extra = g_string_new (cases[i].extra);
      g_autoptr(VnlDesign) design = design_for (cases[i].rs_attrs, extra);
      g_autoptr(GPtrArray) problems = vnl_design_validate (design, NULL);
      gboolean found = FALSE;

      for (guint p = 0; p < problems->len; p++)
        found = found || strstr (((VnlProblem *) problems->pdata[p])->message, cases[i].message) != NULL;
      if (!found)
        g_error ("case %u: no problem says “%s”", i, cases[i].message);
    }

  /* A /28 RouteServerSubnet is too small. */
  {
    g_autoptr(GString) extra = g_string_new (NULL);
    g_autoptr(VnlDesign) design = design_for ("", extra);
    VnlVnet *hub = vnl_design_lookup_kind (design, "hub", VNL_KIND_VNET);
    g_autoptr(GPtrArray) problems = NULL;
    gboolean found = FALSE;

    for (guint i = 0; i < hub->subnets->len; i++)
      if (g_str_equal (((VnlSubnet *) hub->subnets->pdata[i])->name, "RouteServerSubnet"))
        ((VnlSubnet *) hub->subnets->pdata[i])->prefix.len = 28;
    problems = vnl_design_validate (design, NULL);
    for (guint p = 0; p < problems->len; p++)
      found = found || strstr (((VnlProblem *) problems->pdata[p])->message, "/27 or larger") != NULL;
    g_assert_true (found);
  }
}

/* Every table of every node that has one, as text. */
static char *
dump_tables (VnlNetwork *network)
{
  VnlDesign *design = vnl_network_get_design (network);
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, ((VnlObject *) objects->pdata[i])->name, NULL);

          for (guint t = 0; tables != NULL && t < tables->len; t++)
            {
              VnlRouteTable *table = tables->pdata[t];

              g_string_append_printf (out, "%s: %s\n", table->title, table->note ? table->note : "");
              for (guint r = 0; r < table->rows->len; r++)
                {
                  VnlRouteRow *row = table->rows->pdata[r];
                  g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
                  g_string_append_printf (out, "%s %s %s %s %u %u %d %d %d\n", prefix,
                                          row->as_path ? row->as_path : "-", row->next_hop ? row->next_hop : "-",
                                          row->learned_from ? row->learned_from : "-", row->weight,
                                          row->local_pref, row->best, row->active, row->reason);
                }
            }
        }
    }
  return g_string_free (out, FALSE);
}

/* The property of tests/test-routing.c with route servers in the design:
 * taking any object of the Route Server sample down incrementally gives
 * the tables of a rebuild with it down, and bringing it back restores
 * them. */
static void
test_incremental_matches_rebuild (void)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "route-server-sdwan.vnetlab", NULL)
                                      : g_test_build_filename (G_TEST_DIST, "..", "samples",
                                                               "route-server-sdwan.vnetlab", NULL);
  g_autoptr(VnlDesign) design = vnl_design_load (path, NULL);
  g_autoptr(VnlNetwork) network = NULL;
  g_autofree char *initial = NULL;
  guint checked = 0;

  g_assert_nonnull (design);
  network = vnl_network_new (design);
  initial = dump_tables (network);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          const char *name = ((VnlObject *) objects->pdata[i])->name;
          g_autofree char *incremental = NULL;
          g_autofree char *rebuilt = NULL;
          g_autofree char *restored = NULL;
          g_autoptr(VnlDesign) copy = vnl_design_load (path, NULL);
          g_autoptr(VnlNetwork) fresh = NULL;

          if (!vnl_design_can_take_down (design, name))
            continue;
          g_assert_true (vnl_network_set_up (network, name, FALSE, NULL));
          incremental = dump_tables (network);
          vnl_design_set_up (copy, vnl_design_lookup (copy, name), FALSE);
          fresh = vnl_network_new (copy);
          rebuilt = dump_tables (fresh);
          if (!g_str_equal (incremental, rebuilt))
            g_error ("%s down: incremental tables differ from a rebuild:\n--- incremental\n%s\n--- rebuild\n%s",
                     name, incremental, rebuilt);
          g_assert_true (vnl_network_set_up (network, name, TRUE, NULL));
          restored = dump_tables (network);
          g_assert_cmpstr (restored, ==, initial);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/route-server/ecmp", test_ecmp);
  g_test_add_func ("/core/route-server/shorter-as-path", test_shorter_as_path);
  g_test_add_func ("/core/route-server/branch-to-branch", test_branch_to_branch);
  g_test_add_func ("/core/route-server/address-space-filter", test_address_space_filter);
  g_test_add_func ("/core/route-server/loop-65515", test_loop_65515);
  g_test_add_func ("/core/route-server/no-advertise", test_no_advertise);
  g_test_add_func ("/core/route-server/spokes", test_spokes);
  g_test_add_func ("/core/route-server/advertised", test_advertised);
  g_test_add_func ("/core/route-server/limits", test_limits);
  g_test_add_func ("/core/route-server/hub-routing-preference", test_hub_routing_preference);
  g_test_add_func ("/core/route-server/round-trip", test_round_trip);
  g_test_add_func ("/core/route-server/validation", test_validation);
  g_test_add_func ("/core/route-server/incremental", test_incremental_matches_rebuild);

  return g_test_run ();
}
