/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"

/*
 * What on-premises owns is not what it advertises (issue 10 §3), one test
 * per rule, each with the Azure source beside its expected values. The
 * designs are the samples that show each rule and small designs written
 * here; the expectations come from the documentation, never from the
 * program's output.
 */

static VnlDesign *
load (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, name, NULL)
                                      : g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

/* The row of @node's first table for @prefix that is best (or Active). */
static VnlRouteRow *
best_row (GPtrArray  *tables,
          const char *prefix)
{
  VnlRouteTable *table = tables->pdata[0];

  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *text = vnl_prefix_to_string (&row->prefix);
      if (g_str_equal (text, prefix) && (row->best || row->active))
        return row;
    }
  return NULL;
}

static gboolean
path_has (VnlTrace   *trace,
          const char *name)
{
  for (guint i = 0; i < trace->path->len; i++)
    if (g_str_equal (trace->path->pdata[i], name))
      return TRUE;
  return FALSE;
}

static guint
path_count (VnlTrace   *trace,
            const char *name)
{
  guint n = 0;

  for (guint i = 0; i < trace->path->len; i++)
    n += g_str_equal (trace->path->pdata[i], name);
  return n;
}

static VnlHop *
last_hop (VnlTrace *trace)
{
  g_assert_cmpuint (trace->hops->len, >, 0);
  return &g_array_index (trace->hops, VnlHop, trace->hops->len - 1);
}

/* A file without <advertise> (every version-1 file) means what it meant:
 * the CE originates what its site owns. */
static void
test_default_is_owned (void)
{
  g_autoptr(VnlDesign) design = load ("hub-spoke.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "dc1-ce1", NULL);
  VnlCe *ce = vnl_design_lookup_kind (design, "dc1-ce1", VNL_KIND_CE);
  VnlSite *site = vnl_design_lookup_kind (design, "dc1", VNL_KIND_SITE);
  g_autofree char *owned = vnl_prefix_to_string (&g_array_index (site->prefixes, VnlPrefix, 0));
  VnlRouteRow *row;

  g_assert_cmpuint (ce->advertises->len, ==, 0);
  row = best_row (tables, owned);
  g_assert_nonnull (row);
  g_assert_null (row->learned_from);   /* its own network statement */
}

/* Forced tunnelling: "VNets using that gateway send Internet-bound traffic
 * to it" — a BGP default from on premises beats the 0.0.0.0/0 → Internet
 * system route (same prefix: "If multiple routes contain the same address
 * prefix, Azure selects the route type: User-defined, BGP, System",
 * virtual-networks-udr-overview.md), ExpressRoute over the VPN by weight;
 * the packet leaves to the Internet on premises, at a CE. */
static void
test_forced_tunnelling (void)
{
  g_autoptr(VnlDesign) design = load ("forced-tunnelling.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "app", NULL);
  VnlEndpoint *vm = vnl_design_find_endpoint (design, "app-vm");
  g_autoptr(VnlTrace) trace = NULL;
  g_autoptr(VnlTrace) backup = NULL;
  VnlRouteRow *row;
  guint32 internet;

  g_assert_nonnull (vm);
  g_assert_true (vnl_ip_parse ("8.8.8.8", &internet));

  row = best_row (tables, "0.0.0.0/0");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->next_hop_type, ==, "Virtual network gateway");
  g_assert_cmpstr (row->learned_from, ==, "hub-ergw");

  trace = vnl_network_trace_address (network, vm, internet);
  g_assert_true (trace->reached);
  g_assert_true (trace->internet);
  g_assert_true (path_has (trace, "hub-ergw"));
  g_assert_true (path_has (trace, "er-ams-primary") || path_has (trace, "er-ams-secondary"));
  g_assert_true (path_has (trace, "dc1-ce1") || path_has (trace, "dc1-ce2"));
  g_assert_cmpint (last_hop (trace)->kind, ==, VNL_HOP_INTERNET);
  g_assert_cmpuint (last_hop (trace)->address, ==, internet);
  g_assert_cmpuint (last_hop (trace)->n_rtt, ==, 3);

  /* The circuit down: the VPN's default takes over (the backup). */
  g_assert_true (vnl_network_set_up (network, "er-ams", FALSE, NULL));
  backup = vnl_network_trace_address (network, vm, internet);
  g_assert_true (backup->reached);
  g_assert_true (backup->internet);
  g_assert_true (path_has (backup, "hub-vpngw"));
  g_assert_false (path_has (backup, "hub-ergw"));
}

/* Without a default from on premises the Internet system route answers:
 * "Azure routes traffic for any address not specified by an address range
 * within a virtual network to the Internet" (virtual-networks-udr-overview.md). */
static void
test_internet_system_route (void)
{
  g_autoptr(VnlDesign) design = load ("hub-spoke.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) trace = vnl_network_trace (network, "spoke1-vm", "8.8.8.8", NULL);

  g_assert_nonnull (trace);
  g_assert_true (trace->reached);
  g_assert_true (trace->internet);
  g_assert_cmpuint (trace->hops->len, ==, 1);   /* straight out of the VNet */
  g_assert_false (path_has (trace, "hub-ergw"));
  g_assert_null (trace->reverse);               /* the Internet is not traced back */
}

/* A summary: "System routes for traffic related to virtual network, virtual
 * network peerings, or virtual network service endpoints, are preferred
 * routes, even if BGP routes are more specific" (G2), and two spokes no
 * peering joins reach each other by the summary, hairpinning through the
 * gateway and the MSEE, which learned each spoke's prefix from the
 * gateway. */
static void
test_summary (void)
{
  g_autoptr(VnlDesign) design = load ("onprem-summary.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "spoke1", NULL);
  g_autoptr(VnlTrace) hub = vnl_network_trace (network, "spoke1-vm", "hub-vm", NULL);
  g_autoptr(VnlTrace) other = vnl_network_trace (network, "spoke1-vm", "spoke2-vm", NULL);
  g_autoptr(GPtrArray) problems = vnl_design_validate (design, "onprem-summary.vnetlab");
  VnlRouteRow *row;

  /* Azure accepts a superset of a VNet's range: no overlap error. */
  g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, 0);

  row = best_row (tables, "10.0.0.0/8");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->next_hop_type, ==, "Virtual network gateway");

  /* The peering system route wins over the summary. */
  g_assert_true (hub->reached);
  g_assert_false (path_has (hub, "hub-ergw"));
  g_assert_true (path_has (hub, "hub-spoke1"));

  g_assert_true (other->reached);
  g_assert_false (other->internet);
  g_assert_cmpuint (path_count (other, "hub-ergw"), ==, 2);   /* there and back */
  g_assert_true (path_has (other, "er-ams-primary") || path_has (other, "er-ams-secondary"));
  g_assert_false (path_has (other, "dc1-ce1") || path_has (other, "dc1-ce2"));  /* turns at the MSEE */
}

/* Owning is still checked: a site that *owns* the summary overlaps the
 * VNets connected to it, an error; advertising it is not. */
static void
test_owned_overlap_refused (void)
{
  g_autoptr(VnlDesign) design = load ("onprem-summary.vnetlab");
  VnlSite *site = vnl_design_lookup_kind (design, "dc1", VNL_KIND_SITE);
  g_autoptr(GPtrArray) problems = NULL;
  VnlPrefix summary;

  g_assert_true (vnl_prefix_parse ("10.0.0.0/8", &summary, NULL));
  g_array_index (site->prefixes, VnlPrefix, 0) = summary;
  vnl_design_changed (design, site);
  problems = vnl_design_validate (design, "x.vnetlab");
  g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), >, 0);
}

/* Two sites on one VPN gateway over BGP, the first advertising a default
 * route and a prefix it does not own: "Azure VPN gateways will NOT
 * advertise default routes to other BGP peers", and they advertise
 * "BGP-learned routes … except default route or routes overlapped with any
 * VNet prefix" (includes/vpn-gateway-faq-bgp-include.md). */
static const char vpn_design[] =
  "<?xml version=\"1.0\"?>\n"
  "<design xmlns=\"urn:vnetlab:design:1\" version=\"2\">\n"
  "  <locations default-latency-ms=\"10\">\n"
  "    <location name=\"r\" kind=\"azure-region\"/>\n"
  "    <location name=\"p\" kind=\"on-premises\"/>\n"
  "  </locations>\n"
  "  <vnet name=\"v\" location=\"r\">\n"
  "    <address-space prefix=\"10.0.0.0/16\"/>\n"
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.0.255.0/27\"/>\n"
  "    <endpoint name=\"vm\" address=\"10.0.0.4\"/>\n"
  "  </vnet>\n"
  "  <gateway name=\"g\" vnet=\"v\" type=\"vpn\" sku=\"VpnGw1\" asn=\"65515\" bgp-address=\"10.0.255.30\" public-address=\"198.51.100.1\">\n"
  "    <instance address=\"10.0.255.4\"/>\n"
  "  </gateway>\n"
  "  <site name=\"a\" location=\"p\">\n"
  "    <prefix value=\"192.168.1.0/24\"/>\n"
  "    <ce name=\"a-ce\" asn=\"65001\" lan-address=\"192.168.1.1\" tunnel-address=\"192.168.1.254\" public-address=\"203.0.113.1\">\n"
  "      <advertise prefix=\"192.168.1.0/24\"/>\n"
  "      <advertise prefix=\"0.0.0.0/0\"/>\n"
  "      <advertise prefix=\"172.20.0.0/16\"/>\n"
  "      <advertise prefix=\"10.0.0.0/8\"/>\n"
  "    </ce>\n"
  "  </site>\n"
  "  <site name=\"b\" location=\"p\">\n"
  "    <prefix value=\"192.168.2.0/24\"/>\n"
  "    <ce name=\"b-ce\" asn=\"65002\" lan-address=\"192.168.2.1\" tunnel-address=\"192.168.2.254\" public-address=\"203.0.113.2\"/>\n"
  "  </site>\n"
  "  <local-network-gateway name=\"a-lng\" location=\"p\" public-address=\"203.0.113.1\" asn=\"65001\" bgp-address=\"192.168.1.254\" ce=\"a-ce\">\n"
  "    <prefix value=\"192.168.1.254/32\"/>\n"
  "  </local-network-gateway>\n"
  "  <local-network-gateway name=\"b-lng\" location=\"p\" public-address=\"203.0.113.2\" asn=\"65002\" bgp-address=\"192.168.2.254\" ce=\"b-ce\">\n"
  "    <prefix value=\"192.168.2.254/32\"/>\n"
  "  </local-network-gateway>\n"
  "  <s2s-connection name=\"a-vpn\" gateway=\"g\" local-network-gateway=\"a-lng\" bgp=\"true\" shared-key=\"k\"/>\n"
  "  <s2s-connection name=\"b-vpn\" gateway=\"g\" local-network-gateway=\"b-lng\" bgp=\"true\" shared-key=\"k\"/>\n"
  "</design>\n";

static void
test_vpn_never_readvertises_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (vpn_design, strlen (vpn_design), "vpn", &error);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) vnet = NULL;
  VnlRouteRow *row;

  g_assert_no_error (error);
  network = vnl_network_new (design);
  tables = vnl_network_get_tables (network, "b-ce", NULL);
  g_assert_nonnull (tables);

  /* What a owns and what it advertises without owning both cross the
   * gateway to b (transit between BGP peers)… */
  g_assert_nonnull (best_row (tables, "192.168.1.0/24"));
  row = best_row (tables, "172.20.0.0/16");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->learned_from, ==, "g");
  /* …but never the default route, nor a route overlapping the VNet. */
  g_assert_null (best_row (tables, "0.0.0.0/0"));
  g_assert_null (best_row (tables, "10.0.0.0/8"));

  /* The VNet itself takes a's default (forced tunnelling over a BGP S2S). */
  vnet = vnl_network_get_tables (network, "v", NULL);
  row = best_row (vnet, "0.0.0.0/0");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->next_hop_type, ==, "Virtual network gateway");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/advertise/default-is-owned", test_default_is_owned);
  g_test_add_func ("/advertise/forced-tunnelling", test_forced_tunnelling);
  g_test_add_func ("/advertise/internet-system-route", test_internet_system_route);
  g_test_add_func ("/advertise/summary", test_summary);
  g_test_add_func ("/advertise/owned-overlap-refused", test_owned_overlap_refused);
  g_test_add_func ("/advertise/vpn-never-readvertises-default", test_vpn_never_readvertises_default);
  return g_test_run ();
}
