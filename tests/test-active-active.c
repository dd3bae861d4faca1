/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-kinds.h"
#include "vnl-network.h"
#include "vnl-scenario.h"

/*
 * Gateway instances and active-active VPN gateways (issue 10 §5), and the
 * advertisements Azure filters (§3). Expected values come from the Azure
 * documentation quoted beside each test (MicrosoftDocs/azure-docs):
 *
 * [AA]   articles/vpn-gateway/about-active-active-gateways.md
 * [BGP]  articles/vpn-gateway/bgp-howto.md
 * [FAQ]  includes/vpn-gateway-faq-bgp-include.md
 *
 * The design is written here: an active-active gateway "aa" in VNet v
 * (instances 10.0.255.4 and .5, custom APIPA 169.254.21.1 and .22.1) with
 * one connection to each of two devices of one site: "p-ce" peers from a
 * private address, "q-ce" from an APIPA one — Azure's dual-redundancy
 * design, four tunnels.
 */

static const char design_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<design xmlns=\"urn:vnetlab:design:1\" version=\"3\">\n"
  "  <locations default-latency-ms=\"10\">\n"
  "    <location name=\"r\" kind=\"azure-region\"/>\n"
  "    <location name=\"dc\" kind=\"on-premises\"/>\n"
  "  </locations>\n"
  "  <vnet name=\"v\" location=\"r\">\n"
  "    <address-space prefix=\"10.0.0.0/16\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.0.0.0/24\"/>\n"
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.0.255.0/27\"/>\n"
  "    <endpoint name=\"vm1\" address=\"10.0.0.4\"/>\n"
  "    <endpoint name=\"vm2\" address=\"10.0.0.5\"/>\n"
  "    <endpoint name=\"vm3\" address=\"10.0.0.6\"/>\n"
  "    <endpoint name=\"vm4\" address=\"10.0.0.7\"/>\n"
  "  </vnet>\n"
  "  <vnet name=\"w\" location=\"r\">\n"
  "    <address-space prefix=\"10.1.0.0/16\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.1.0.0/24\"/>\n"
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.1.255.0/27\"/>\n"
  "    <endpoint name=\"wvm\" address=\"10.1.0.4\"/>\n"
  "  </vnet>\n"
  "  <gateway name=\"aa\" vnet=\"v\" type=\"vpn\" sku=\"VpnGw2\" asn=\"65515\" public-address=\"198.51.100.1\" active-active=\"true\">\n"
  "    <instance address=\"10.0.255.4\" apipa-bgp-address=\"169.254.21.1\"/>\n"
  "    <instance address=\"10.0.255.5\" apipa-bgp-address=\"169.254.22.1\"/>\n"
  "  </gateway>\n"
  "  <vnet name=\"x\" location=\"r\">\n"
  "    <address-space prefix=\"10.2.0.0/16\"/>\n"
  "    <subnet name=\"default\" prefix=\"10.2.0.0/24\"/>\n"
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.2.255.0/27\"/>\n"
  "    <endpoint name=\"xvm\" address=\"10.2.0.4\"/>\n"
  "  </vnet>\n"
  "  <gateway name=\"ax\" vnet=\"x\" type=\"vpn\" sku=\"VpnGw2\" asn=\"65516\" public-address=\"198.51.100.3\" active-active=\"true\">\n"
  "    <instance address=\"10.2.255.4\"/>\n"
  "    <instance address=\"10.2.255.5\"/>\n"
  "  </gateway>\n"
  "  <gateway name=\"as\" vnet=\"w\" type=\"vpn\" sku=\"VpnGw2\" asn=\"65515\" bgp-address=\"10.1.255.30\" public-address=\"198.51.100.2\">\n"
  "    <instance address=\"10.1.255.4\"/>\n"
  "    <instance address=\"10.1.255.5\"/>\n"
  "  </gateway>\n"
  "  <site name=\"s\" location=\"dc\">\n"
  "    <prefix value=\"192.168.0.0/16\"/>\n"
  "    <endpoint name=\"h1\" address=\"192.168.1.10\"/>\n"
  "    <endpoint name=\"h2\" address=\"192.168.1.11\"/>\n"
  "    <endpoint name=\"h3\" address=\"192.168.1.12\"/>\n"
  "    <endpoint name=\"h4\" address=\"192.168.1.13\"/>\n"
  "    <ce name=\"p-ce\" asn=\"65001\" lan-address=\"192.168.0.1\" tunnel-address=\"192.168.254.1\" public-address=\"203.0.113.1\"/>\n"
  "    <ce name=\"q-ce\" asn=\"65001\" lan-address=\"192.168.0.2\" tunnel-address=\"169.254.100.2\" public-address=\"203.0.113.2\"/>\n"
  "  </site>\n"
  "  <local-network-gateway name=\"p-lng\" location=\"dc\" public-address=\"203.0.113.1\" asn=\"65001\" bgp-address=\"192.168.254.1\" ce=\"p-ce\">\n"
  "    <prefix value=\"192.168.254.1/32\"/>\n"
  "  </local-network-gateway>\n"
  "  <local-network-gateway name=\"q-lng\" location=\"dc\" public-address=\"203.0.113.2\" asn=\"65001\" bgp-address=\"169.254.100.2\" ce=\"q-ce\">\n"
  "    <prefix value=\"169.254.100.2/32\"/>\n"
  "  </local-network-gateway>\n"
  "  <s2s-connection name=\"p-vpn\" gateway=\"aa\" local-network-gateway=\"p-lng\" bgp=\"true\" shared-key=\"k\"/>\n"
  "  <s2s-connection name=\"q-vpn\" gateway=\"aa\" local-network-gateway=\"q-lng\" bgp=\"true\" shared-key=\"k\"/>\n"
  "  <vnet-to-vnet-connection name=\"v-x\" gateway-a=\"aa\" gateway-b=\"ax\" bgp=\"true\" shared-key=\"k\"/>\n"
  "  <s2s-connection name=\"w-vpn\" gateway=\"as\" local-network-gateway=\"p-lng\" bgp=\"true\" shared-key=\"k\"/>\n"
  "</design>\n";

static const char * const vms[] = { "vm1", "vm2", "vm3", "vm4" };
static const char * const hosts[] = { "h1", "h2", "h3", "h4" };

static VnlDesign *
load_design (const char *xml)
{
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load_from_data (xml, strlen (xml), "aa.vnetlab", &error);

  g_assert_no_error (error);
  return design;
}

/* The rows of @node's first table for @prefix: how many, and how many of
 * them are best. */
static guint
count_rows (VnlNetwork *network,
            const char *node,
            const char *prefix,
            guint      *n_best)
{
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, NULL);
  VnlRouteTable *table;
  guint n = 0;

  g_assert_nonnull (tables);
  table = tables->pdata[0];
  *n_best = 0;
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *text = vnl_prefix_to_string (&row->prefix);

      if (!g_str_equal (text, prefix))
        continue;
      n++;
      *n_best += row->best;
    }
  return n;
}

/* Whether one row of @node for @prefix has next hop @next_hop. */
static gboolean
has_next_hop (VnlNetwork *network,
              const char *node,
              const char *prefix,
              const char *next_hop)
{
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, NULL);
  VnlRouteTable *table = tables->pdata[0];

  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *text = vnl_prefix_to_string (&row->prefix);

      if (g_str_equal (text, prefix) && g_strcmp0 (row->next_hop, next_hop) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The address of the first hop of a trace from @from to @to, 0 when the
 * packet does not arrive. */
static guint32
first_hop (VnlNetwork *network,
           const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  VnlTrace *trace = vnl_network_trace (network, from, to, &error);
  guint32 address = 0;

  g_assert_no_error (error);
  if (trace->reached && trace->hops->len > 0)
    address = g_array_index (trace->hops, VnlHop, 0).address;
  vnl_trace_free (trace);
  return address;
}

static guint32
ip (const char *text)
{
  guint32 address = 0;

  g_assert_true (vnl_ip_parse (text, &address));
  return address;
}

/* [AA] "each Azure gateway instance has a unique public IP address, and
 * each will establish an IPsec/IKE S2S VPN tunnel to your on-premises VPN
 * device ... Both VPN tunnels are actually part of the same connection."
 * [BGP] "By default, Azure assigns a private IP address from the
 * GatewaySubnet prefix range automatically as the Azure BGP IP address";
 * an active-active gateway shows "default, and APIPA BGP IP addresses of
 * the second Azure VPN gateway instance"; "Azure VPN Gateway will choose
 * the custom APIPA address if the corresponding local network gateway
 * resource ... has an APIPA address as the BGP peer IP". So each device
 * has two BGP neighbours on the Azure side: p-ce the two instances'
 * private addresses, q-ce their APIPA addresses; the gateway hears the
 * site from four sessions, and [AA] "the traffic from your Azure virtual
 * network to your on-premises network are routed through both tunnels
 * simultaneously": all four are best (multipath). */
static void
test_one_session_per_instance (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  guint n_best;

  g_assert_cmpuint (count_rows (network, "p-ce", "10.0.0.0/16", &n_best), ==, 2);
  g_assert_true (has_next_hop (network, "p-ce", "10.0.0.0/16", "10.0.255.4"));
  g_assert_true (has_next_hop (network, "p-ce", "10.0.0.0/16", "10.0.255.5"));

  g_assert_cmpuint (count_rows (network, "q-ce", "10.0.0.0/16", &n_best), ==, 2);
  g_assert_true (has_next_hop (network, "q-ce", "10.0.0.0/16", "169.254.21.1"));
  g_assert_true (has_next_hop (network, "q-ce", "10.0.0.0/16", "169.254.22.1"));

  g_assert_cmpuint (count_rows (network, "aa", "192.168.0.0/16", &n_best), ==, 4);
  g_assert_cmpuint (n_best, ==, 4);

  /* An active-standby gateway has one BGP address for its one tunnel. */
  g_assert_cmpuint (count_rows (network, "p-ce", "10.1.0.0/16", &n_best), ==, 1);
  g_assert_true (has_next_hop (network, "p-ce", "10.1.0.0/16", "10.1.255.30"));
}

/* Every flow from the VNet to the site leaves by an instance of the
 * gateway, and both instances carry some ([AA], "routed through both
 * tunnels simultaneously"). [AA] "When a planned maintenance or unplanned
 * event happens to one gateway instance, the IPsec tunnel from that
 * instance to your on-premises VPN device will be disconnected ... the
 * switch over will happen automatically from the affected instance to the
 * other active instance": with "aa/0" down every flow arrives and leaves by
 * instance 1, and the devices keep only routes from instance 1; with both
 * down nothing arrives. Taking the instance up again restores the four
 * sessions. */
static void
test_instance_down_fails_over (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  const guint32 inst[2] = { ip ("10.0.255.4"), ip ("10.0.255.5") };
  gboolean used[2] = { FALSE, FALSE };
  guint n_best;

  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    for (guint j = 0; j < G_N_ELEMENTS (hosts); j++)
      {
        guint32 hop = first_hop (network, vms[i], hosts[j]);
        g_assert_true (hop == inst[0] || hop == inst[1]);
        used[hop == inst[1]] = TRUE;
      }
  g_assert_true (used[0] && used[1]);

  for (guint down = 0; down < 2; down++)
    {
      g_autofree char *name = g_strdup_printf ("aa/%u", down);

      g_assert_true (vnl_network_set_up (network, name, FALSE, &error));
      g_assert_no_error (error);
      g_assert_false (vnl_network_is_up (network, name));
      g_assert_true (vnl_network_is_up (network, "aa"));

      for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
        for (guint j = 0; j < G_N_ELEMENTS (hosts); j++)
          g_assert_cmpuint (first_hop (network, vms[i], hosts[j]), ==, inst[1 - down]);
      g_assert_cmpuint (count_rows (network, "aa", "192.168.0.0/16", &n_best), ==, 2);
      g_assert_cmpuint (count_rows (network, "p-ce", "10.0.0.0/16", &n_best), ==, 1);
      g_assert_true (has_next_hop (network, "p-ce", "10.0.0.0/16", down == 0 ? "10.0.255.5" : "10.0.255.4"));
      g_assert_cmpuint (first_hop (network, "h1", "vm1"), !=, 0);

      g_assert_true (vnl_network_set_up (network, name, TRUE, &error));
      g_assert_cmpuint (count_rows (network, "aa", "192.168.0.0/16", &n_best), ==, 4);
    }

  g_assert_true (vnl_network_set_up (network, "aa/0", FALSE, NULL));
  g_assert_true (vnl_network_set_up (network, "aa/1", FALSE, NULL));
  g_assert_cmpuint (first_hop (network, "vm1", "h1"), ==, 0);
  g_assert_cmpuint (count_rows (network, "p-ce", "10.0.0.0/16", &n_best), ==, 0);
}

/* vpn-gateway-highlyavailable.md: "You can create active-active VPN
 * gateways for each virtual network, then connect them together to form
 * the same full mesh connectivity of 4 tunnels between the two VNets":
 * aa hears x from each of ax's two instances over each of its own (four
 * sessions, next hops ax's two instance addresses, all used). With ax/0
 * down "there are always a pair of tunnels": two are left, and the VNets
 * still reach each other. */
static void
test_vnet_to_vnet_full_mesh (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  guint n_best;

  g_assert_cmpuint (count_rows (network, "aa", "10.2.0.0/16", &n_best), ==, 4);
  g_assert_cmpuint (n_best, ==, 4);
  g_assert_true (has_next_hop (network, "aa", "10.2.0.0/16", "10.2.255.4"));
  g_assert_true (has_next_hop (network, "aa", "10.2.0.0/16", "10.2.255.5"));
  g_assert_cmpuint (first_hop (network, "vm1", "xvm"), !=, 0);

  g_assert_true (vnl_network_set_up (network, "ax/0", FALSE, NULL));
  g_assert_cmpuint (count_rows (network, "aa", "10.2.0.0/16", &n_best), ==, 2);
  g_assert_false (has_next_hop (network, "aa", "10.2.0.0/16", "10.2.255.4"));
  g_assert_cmpuint (first_hop (network, "vm1", "xvm"), !=, 0);
  g_assert_cmpuint (first_hop (network, "xvm", "vm1"), ==, ip ("10.2.255.5"));
}

/* [AA] "In active-standby mode ... The standby instance takes over
 * automatically (failover)": with "as/0" down the active-standby gateway
 * still carries the flow, answering from its other instance, and keeps
 * its one BGP address. An instance the gateway does not have is refused. */
static void
test_standby_takes_over (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  guint n_best;

  g_assert_cmpuint (first_hop (network, "wvm", "h1"), ==, ip ("10.1.255.4"));
  g_assert_true (vnl_network_set_up (network, "as/0", FALSE, NULL));
  g_assert_cmpuint (first_hop (network, "wvm", "h1"), ==, ip ("10.1.255.5"));
  g_assert_true (has_next_hop (network, "p-ce", "10.1.0.0/16", "10.1.255.30"));
  g_assert_true (vnl_network_set_up (network, "as/1", FALSE, NULL));
  g_assert_cmpuint (first_hop (network, "wvm", "h1"), ==, 0);
  g_assert_cmpuint (count_rows (network, "p-ce", "10.1.0.0/16", &n_best), ==, 0);

  g_assert_false (vnl_network_set_up (network, "as/2", FALSE, &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT);
  g_clear_error (&error);
  g_assert_false (vnl_network_set_up (network, "as/x", FALSE, &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT);
  g_assert_true (vnl_design_can_take_down (design, "as/1"));
  g_assert_false (vnl_design_can_take_down (design, "as/2"));
  g_assert_false (vnl_design_can_take_down (design, "p-ce/0"));
}

/* A saved what-if names an instance like any object. */
static void
test_scenario_takes_instance_down (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  const char * const down[] = { "aa/1", NULL };
  g_autoptr(GError) error = NULL;
  VnlScenario *scenario = vnl_scenario_new ("instance 1 maintenance", down);

  g_assert_true (vnl_scenario_apply (scenario, network, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    g_assert_cmpuint (first_hop (network, vms[i], "h2"), ==, ip ("10.0.255.4"));
  vnl_scenario_free (scenario);
}

/* [BGP] "you will also need to specify an APIPA IP address ... for your
 * Azure VPN gateway, otherwise the BGP session cannot establish for this
 * connection": without instance 1's APIPA address the connection to q-ce
 * is refused (a warning) and q-ce learns nothing from Azure. */
static void
test_apipa_peer_needs_gateway_apipa (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  VnlGateway *gateway = vnl_design_lookup_kind (design, "aa", VNL_KIND_GATEWAY);
  guint n_best;

  g_assert_true (vnl_object_set_text (design, gateway, "instances",
                                      "10.0.255.4\t169.254.21.1\n10.0.255.5\t", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vnl_gateway_get_instance_apipa (gateway, 1), ==, 0);

  problems = vnl_design_validate (design, "aa.vnetlab");
  g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, 0);
  g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_WARNING), ==, 1);

  network = vnl_network_new (design);
  g_assert_cmpuint (count_rows (network, "q-ce", "10.0.0.0/16", &n_best), ==, 0);
  g_assert_cmpuint (count_rows (network, "p-ce", "10.0.0.0/16", &n_best), ==, 2);
}

/* [BGP] "you must select an address from the Azure-reserved APIPA address
 * range for VPN, which is from 169.254.21.0 to 169.254.22.255" and "The
 * second IP address must be different than the first address." */
static void
test_apipa_range (void)
{
  static const struct { const char *instances; guint errors; } cases[] = {
    { "10.0.255.4\t169.254.21.0\n10.0.255.5\t169.254.22.255", 0 },
    { "10.0.255.4\t169.254.20.255\n10.0.255.5\t169.254.22.1", 1 },
    { "10.0.255.4\t169.254.21.1\n10.0.255.5\t169.254.23.0", 1 },
    { "10.0.255.4\t169.254.21.9\n10.0.255.5\t169.254.21.9", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlDesign) design = load_design (design_xml);
      g_autoptr(GPtrArray) problems = NULL;
      VnlGateway *gateway = vnl_design_lookup_kind (design, "aa", VNL_KIND_GATEWAY);

      g_assert_true (vnl_object_set_text (design, gateway, "instances", cases[i].instances, NULL));
      problems = vnl_design_validate (design, "aa.vnetlab");
      g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, cases[i].errors);
    }
}

/* The custom APIPA addresses survive a save and a load, written as
 * version 3; a version-2 file (no APIPA addresses) still loads. */
static void
test_round_trip (void)
{
  g_autoptr(VnlDesign) design = load_design (design_xml);
  g_autoptr(VnlDesign) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = vnl_design_to_data (design, NULL);
  g_autofree char *v2 = NULL;
  VnlGateway *gateway;

  g_assert_nonnull (strstr (data, "version=\"" G_STRINGIFY (VNL_FILE_VERSION) "\""));
  again = vnl_design_load_from_data (data, strlen (data), "again", &error);
  g_assert_no_error (error);
  gateway = vnl_design_lookup_kind (again, "aa", VNL_KIND_GATEWAY);
  g_assert_cmpuint (vnl_gateway_get_instance_apipa (gateway, 0), ==, ip ("169.254.21.1"));
  g_assert_cmpuint (vnl_gateway_get_instance_apipa (gateway, 1), ==, ip ("169.254.22.1"));
  g_clear_object (&again);

  v2 = g_strdup (design_xml);
  memcpy (strstr (v2, "version=\"3\""), "version=\"2\"", strlen ("version=\"2\""));
  g_assert_nonnull (strstr (v2, " apipa-bgp-address"));
  /* Without the attributes it is a version-2 file. */
  {
    g_autoptr(GRegex) regex = g_regex_new (" apipa-bgp-address=\"[0-9.]+\"", 0, 0, NULL);
    g_autofree char *plain = g_regex_replace_literal (regex, v2, -1, 0, "", 0, NULL);

    again = vnl_design_load_from_data (plain, strlen (plain), "v2", &error);
    g_assert_no_error (error);
    gateway = vnl_design_lookup_kind (again, "aa", VNL_KIND_GATEWAY);
    g_assert_cmpuint (gateway->instances->len, ==, 2);
    g_assert_cmpuint (vnl_gateway_get_instance_apipa (gateway, 0), ==, 0);
  }
}

/* [FAQ] "Can I advertise the exact prefixes as my virtual network
 * prefixes? No, advertising the same prefixes as any one of your virtual
 * network address prefixes will be blocked or filtered by Azure. You can,
 * however, advertise a prefix that is a superset ... if your virtual
 * network used the address space 10.0.0.0/16, you can advertise
 * 10.0.0.0/8. But you can't advertise 10.0.0.0/16 or 10.0.0.0/24." A
 * warning (Azure accepts the configuration) for the exact prefix and one
 * inside it, none for the superset nor for a prefix of a VNet the CE's
 * gateways do not serve (w is behind the other gateway, which p-ce reaches
 * too; q-ce reaches only v). */
static void
test_advertisement_inside_vnet (void)
{
  static const struct { const char *ce; const char *prefix; guint warnings; } cases[] = {
    { "q-ce", "10.0.0.0/16", 1 },
    { "q-ce", "10.0.1.0/24", 1 },
    { "q-ce", "10.0.0.0/8", 0 },
    { "q-ce", "10.1.0.0/24", 0 },
    { "p-ce", "10.1.0.0/24", 1 },
    { "q-ce", "172.16.0.0/12", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlDesign) design = load_design (design_xml);
      g_autoptr(GPtrArray) problems = NULL;
      VnlCe *ce = vnl_design_lookup_kind (design, cases[i].ce, VNL_KIND_CE);
      VnlPrefix own, adv;

      g_assert_true (vnl_prefix_parse ("192.168.0.0/16", &own, NULL));
      g_assert_true (vnl_prefix_parse (cases[i].prefix, &adv, NULL));
      g_array_append_val (ce->advertises, own);
      g_array_append_val (ce->advertises, adv);
      vnl_design_changed (design, ce);
      problems = vnl_design_validate (design, "aa.vnetlab");
      g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, 0);
      g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_WARNING), ==, cases[i].warnings);

      /* And the route: the gateway serving the VNet does not learn what it
       * filters, and learns the rest. */
      {
        g_autoptr(VnlNetwork) network = vnl_network_new (design);
        const char *gateway = g_str_equal (cases[i].ce, "q-ce") ? "aa" : "as";
        g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, gateway, NULL);
        VnlRouteTable *table = tables->pdata[0];
        guint n = 0;

        for (guint r = 0; r < table->rows->len; r++)
          {
            VnlRouteRow *row = table->rows->pdata[r];
            g_autofree char *text = vnl_prefix_to_string (&row->prefix);

            n += g_str_equal (text, cases[i].prefix) && row->learned_from != NULL &&
                 g_str_has_prefix (row->learned_from, cases[i].ce);
          }

        if (cases[i].warnings > 0)
          g_assert_cmpuint (n, ==, 0);
        else
          g_assert_cmpuint (n, >, 0);
      }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/active-active/one-session-per-instance", test_one_session_per_instance);
  g_test_add_func ("/core/active-active/instance-down-fails-over", test_instance_down_fails_over);
  g_test_add_func ("/core/active-active/standby-takes-over", test_standby_takes_over);
  g_test_add_func ("/core/active-active/vnet-to-vnet-full-mesh", test_vnet_to_vnet_full_mesh);
  g_test_add_func ("/core/active-active/scenario-takes-instance-down", test_scenario_takes_instance_down);
  g_test_add_func ("/core/active-active/apipa-peer-needs-gateway-apipa", test_apipa_peer_needs_gateway_apipa);
  g_test_add_func ("/core/active-active/apipa-range", test_apipa_range);
  g_test_add_func ("/core/active-active/round-trip", test_round_trip);
  g_test_add_func ("/core/validate/advertisement-inside-vnet", test_advertisement_inside_vnet);
  return g_test_run ();
}
