/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-report.h"

/*
 * Network virtual appliances and Azure Firewall (issue 14): forwarding
 * through them, the HA pair behind a load balancer frontend, SNAT,
 * allow-forwarded-traffic, stateful drops, loops and what validate says.
 * The designs are the samples hub-spoke-firewall.vnetlab (the Architecture
 * Center's hub-spoke with Azure Firewall), its broken variant and
 * nva-ha-pair.vnetlab, and tests/data/nva/checks.vnetlab. The expected
 * values follow from the rules quoted beside each case; nothing was copied
 * from the program's output.
 */

static VnlDesign *
load (const char *dir,
      const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", dir, name, NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static VnlTrace *
trace (VnlNetwork *network,
       const char *from,
       const char *to)
{
  g_autoptr(GError) error = NULL;
  VnlTrace *t = vnl_network_trace (network, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static gboolean
crosses (GPtrArray  *names,
         const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return TRUE;
  return FALSE;
}

static const VnlHop *
hop_of (VnlTrace   *t,
        const char *node)
{
  for (guint i = 0; i < t->hops->len; i++)
    if (g_strcmp0 (g_array_index (t->hops, VnlHop, i).node, node) == 0)
      return &g_array_index (t->hops, VnlHop, i);
  return NULL;
}

/* Spoke to spoke in the hub-spoke with Azure Firewall: the spoke subnet's
 * 0.0.0.0/0 user-defined route sends it to the firewall's private IP; the
 * firewall forwards by the routes of AzureFirewallSubnet, whose peering
 * system route reaches the other spoke; the reply does the same the other
 * way, so both directions cross the firewall. RFC 1918 destination: no
 * SNAT ([FW-SNAT]). The firewall is a hop that does not answer (vnetlab's
 * stated assumption), the destination answers. */
static void
test_firewall_spoke_to_spoke (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "hub-spoke-firewall.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) t = trace (network, "spoke1-vm", "spoke2-vm");
  const VnlHop *fw;

  g_assert_true (t->reached);
  g_assert_true (crosses (t->crossed, "azfw"));
  g_assert_cmpuint (t->hops->len, ==, 2);
  fw = hop_of (t, "azfw");
  g_assert_nonnull (fw);
  g_assert_cmpuint (fw->ttl, ==, 1);
  g_assert_cmpint (fw->kind, ==, VNL_HOP_FIREWALL);
  g_assert_cmpuint (fw->n_rtt, ==, 0);
  g_assert_cmpstr (g_array_index (t->hops, VnlHop, 1).node, ==, "spoke2-vm");
  g_assert_cmpuint (t->snat_address, ==, 0);
  g_assert_nonnull (t->reverse);
  g_assert_true (t->reverse->reached);
  g_assert_true (crosses (t->reverse->crossed, "azfw"));
  g_assert_false (t->asymmetric);
}

/* Spoke to on premises: through the firewall, then the hub's VPN gateway
 * (AzureFirewallSubnet learns the on-premises prefix from it: propagation
 * is on there). The reply leaves the gateway by the GatewaySubnet's route
 * table, whose spoke route names the firewall ([RS-INJ] "a route table in
 * the GatewaySubnet is still required"): back through the firewall. */
static void
test_firewall_on_premises (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "hub-spoke-firewall.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) there = trace (network, "spoke1-vm", "dc1-vm");
  g_autoptr(VnlTrace) back = trace (network, "dc1-vm", "spoke2-vm");
  guint fw = 0, gw = 0;

  g_assert_true (there->reached);
  for (guint i = 0; i < there->crossed->len; i++)
    {
      if (g_str_equal (there->crossed->pdata[i], "azfw"))
        fw = i + 1;
      if (g_str_equal (there->crossed->pdata[i], "hub-vpngw"))
        gw = i + 1;
    }
  g_assert_cmpuint (fw, >, 0);
  g_assert_cmpuint (gw, >, fw);
  g_assert_true (there->reverse->reached);
  g_assert_true (crosses (there->reverse->crossed, "azfw"));

  /* Opened from on premises: inspected on the way in too. */
  g_assert_true (back->reached);
  g_assert_true (crosses (back->crossed, "azfw"));
  g_assert_true (back->reverse->reached);
}

/* The broken variant has no route table on the GatewaySubnet: the reply
 * from on premises leaves the gateway by the peering system route, straight
 * to the spoke, and the stateful firewall saw one direction only. */
static void
test_stateful_drop (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "hub-spoke-firewall-broken.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) there = trace (network, "spoke1-vm", "dc1-vm");
  g_autoptr(VnlTrace) opened = trace (network, "dc1-vm", "spoke1-vm");
  g_autoptr(VnlTrace) east_west = trace (network, "spoke1-vm", "spoke2-vm");

  /* The request crosses the firewall; the reply bypasses it. */
  g_assert_true (there->reached);
  g_assert_true (crosses (there->crossed, "azfw"));
  g_assert_nonnull (there->reverse);
  g_assert_false (crosses (there->reverse->crossed, "azfw"));
  g_assert_false (there->reverse->reached);
  g_assert_cmpint (there->reverse->drop, ==, VNL_DROP_STATEFUL);
  g_assert_cmpstr (there->reverse->drop_node, ==, "azfw");
  g_assert_nonnull (strstr (there->reverse->drop_detail, "return traffic bypasses azfw"));
  g_assert_nonnull (strstr (there->reverse->drop_detail, "GatewaySubnet of hub"));
  g_assert_nonnull (strstr (there->reverse->drop_detail, "a stateful firewall drops the reply"));

  /* Opened from on premises: the request bypasses it, the reply (0/0 of
   * the spoke) crosses it. */
  g_assert_true (opened->reached);
  g_assert_false (crosses (opened->crossed, "azfw"));
  g_assert_false (opened->reverse->reached);
  g_assert_cmpint (opened->reverse->drop, ==, VNL_DROP_STATEFUL);
  g_assert_nonnull (strstr (opened->reverse->drop_detail, "bypassed azfw"));

  /* Spoke to spoke is not affected: both directions cross it. */
  g_assert_true (east_west->reverse->reached);
}

/* The matrix agrees with the traces: a pair whose flow a stateful firewall
 * drops gets no reply, whichever end opens it; every pair does once the
 * GatewaySubnet route is there. A ping is both directions: the cells are
 * symmetric. */
static void
test_stateful_matrix (void)
{
  static const struct
  {
    const char *file;
    const char *a;
    const char *b;
    gboolean    pings;
  } cases[] = {
    { "hub-spoke-firewall-broken.vnetlab", "spoke1-vm", "dc1-vm", FALSE },
    { "hub-spoke-firewall-broken.vnetlab", "spoke2-vm", "dc1-vm", FALSE },
    { "hub-spoke-firewall-broken.vnetlab", "spoke1-vm", "spoke2-vm", TRUE },
    { "hub-spoke-firewall.vnetlab", "spoke1-vm", "dc1-vm", TRUE },
    { "hub-spoke-firewall.vnetlab", "spoke2-vm", "dc1-vm", TRUE },
    { "nva-ha-pair.vnetlab", "spoke1-vm", "spoke2-vm", TRUE },
    { "nva-ha-pair.vnetlab", "spoke1-vm2", "spoke2-vm", TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(VnlDesign) design = load ("samples", cases[c].file);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      VnlMatrix *matrix = vnl_matrix_new (network, NULL);
      guint a = G_MAXUINT, b = G_MAXUINT;

      for (guint i = 0; i < vnl_matrix_get_n_endpoints (matrix); i++)
        {
          const char *name = vnl_matrix_get_endpoint (matrix, i)->parent.name;
          if (g_str_equal (name, cases[c].a))
            a = i;
          if (g_str_equal (name, cases[c].b))
            b = i;
        }
      g_assert_cmpuint (a, !=, G_MAXUINT);
      g_assert_cmpuint (b, !=, G_MAXUINT);
      g_assert_cmpint (vnl_matrix_get (matrix, a, b), ==, cases[c].pings);
      g_assert_cmpint (vnl_matrix_get (matrix, b, a), ==, cases[c].pings);
      {
        g_autoptr(VnlTrace) t = trace (network, cases[c].a, cases[c].b);
        g_assert_cmpint (t->reached && t->reverse != NULL && t->reverse->reached, ==, cases[c].pings);
      }
      vnl_matrix_free (matrix);
    }
}

/* [FW-SNAT]: "Azure Firewall doesn't SNAT with Network rules when the
 * destination IP address is in a private IP address range per IANA RFC
 * 1918 or shared address space per IANA RFC 6598"; towards the Internet it
 * SNATs to its public address, and with forced tunnelling "Internet-bound
 * traffic is SNATed to one of the firewall's private IP addresses in
 * AzureFirewallSubnet". */
static void
test_snat (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "hub-spoke-firewall.vnetlab");
  VnlFirewall *fw = vnl_design_lookup_kind (design, "azfw", VNL_KIND_FIREWALL);
  guint32 public_address = 0, private_address = 0;

  g_assert_nonnull (fw);
  g_assert_true (vnl_ip_parse ("198.51.100.40", &public_address));
  g_assert_true (vnl_ip_parse ("10.0.1.4", &private_address));

  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) internet = trace (network, "spoke1-vm", "8.8.8.8");
    /* RFC 1918 and RFC 6598 addresses outside the design: no SNAT, and the
     * None routes of AzureFirewallSubnet drop them. */
    g_autoptr(VnlTrace) rfc1918 = trace (network, "spoke1-vm", "192.168.5.1");
    g_autoptr(VnlTrace) rfc6598 = trace (network, "spoke1-vm", "100.64.0.1");

    g_assert_true (internet->reached);
    g_assert_true (internet->internet);
    g_assert_true (crosses (internet->crossed, "azfw"));
    g_assert_cmpuint (internet->snat_address, ==, public_address);
    g_assert_cmpstr (internet->snat_node, ==, "azfw");
    g_assert_cmpuint (rfc1918->snat_address, ==, 0);
    g_assert_cmpuint (rfc6598->snat_address, ==, 0);
    g_assert_false (rfc1918->reached);
    g_assert_cmpint (rfc1918->drop, ==, VNL_DROP_NULL_ROUTE);
    g_assert_cmpstr (rfc1918->drop_node, ==, "hub");
  }

  fw->management = TRUE;
  vnl_design_changed (design, fw);
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) internet = trace (network, "spoke1-vm", "8.8.8.8");

    g_assert_cmpuint (internet->snat_address, ==, private_address);
  }
}

/* A spoke with a public range used privately (not RFC 1918): "If your
 * organization uses registered IP address ranges outside of IANA RFC 1918
 * or IANA RFC 6598 for private networks, Azure Firewall SNATs the traffic
 * to one of the firewall's private IP addresses in AzureFirewallSubnet"
 * [FW-SNAT]; the reply then comes back to the firewall's address. */
static void
test_snat_public_range (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "samples", "hub-spoke-firewall.vnetlab", NULL);
  g_autofree char *text = NULL;
  g_autofree char *with = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) t = NULL;
  guint32 private_address = 0;
  char *close;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  close = strstr (text, "</design>");
  g_assert_nonnull (close);
  with = g_strdup_printf ("%.*s"
                          "  <vnet name=\"spoke3\" location=\"westeurope\">\n"
                          "    <address-space prefix=\"20.1.0.0/24\"/>\n"
                          "    <subnet name=\"workload\" prefix=\"20.1.0.0/25\"/>\n"
                          "    <endpoint name=\"spoke3-vm\" address=\"20.1.0.4\"/>\n"
                          "  </vnet>\n"
                          "  <peering name=\"hub-spoke3\" vnet-a=\"hub\" vnet-b=\"spoke3\">\n"
                          "    <side vnet=\"hub\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" "
                          "allow-gateway-transit=\"false\" use-remote-gateways=\"false\"/>\n"
                          "    <side vnet=\"spoke3\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\" "
                          "allow-gateway-transit=\"false\" use-remote-gateways=\"false\"/>\n"
                          "  </peering>\n"
                          "</design>\n", (int) (close - text), text);
  design = vnl_design_load_from_data (with, strlen (with), "spoke3", &error);
  g_assert_no_error (error);
  network = vnl_network_new (design);
  g_assert_true (vnl_ip_parse ("10.0.1.4", &private_address));

  t = trace (network, "spoke1-vm", "spoke3-vm");
  g_assert_true (t->reached);
  g_assert_true (crosses (t->crossed, "azfw"));
  g_assert_cmpuint (t->snat_address, ==, private_address);
  g_assert_nonnull (t->reverse);
  g_assert_cmpuint (t->reverse->destination, ==, private_address);
  g_assert_true (t->reverse->reached);
  g_assert_false (t->asymmetric);
}

/* The HA pair: one appliance per flow, chosen by a hash of the flow; the
 * reply, sent to the same frontend, reaches the same appliance, so the
 * stateful appliances see both directions. Members that are down leave
 * the pool; with both down the route's next hop is gone. An appliance is
 * a VM: it answers traceroute from the address it was sent to (its NIC). */
static void
test_ha_pair (void)
{
  static const char *sources[] = { "spoke1-vm", "spoke1-vm2" };
  static const char *members[] = { "nva1", "nva2" };
  g_autoptr(VnlDesign) design = load ("samples", "nva-ha-pair.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autoptr(VnlTrace) t = trace (network, sources[s], "spoke2-vm");
      guint n = 0;

      g_assert_true (t->reached);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        if (crosses (t->crossed, members[m]))
          {
            const VnlHop *hop = hop_of (t, members[m]);
            VnlAppliance *a = vnl_design_lookup_kind (design, members[m], VNL_KIND_APPLIANCE);

            n++;
            g_assert_true (crosses (t->reverse->crossed, members[m]));
            g_assert_nonnull (hop);
            g_assert_cmpint (hop->kind, ==, VNL_HOP_APPLIANCE);
            g_assert_cmpuint (hop->n_rtt, ==, 3);
            g_assert_cmpuint (hop->address, ==, a->address);
          }
      g_assert_cmpuint (n, ==, 1);
      g_assert_true (t->reverse->reached);
      g_assert_false (t->asymmetric);
    }

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_assert_true (vnl_network_set_up (network, members[m], FALSE, NULL));
      for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
        {
          g_autoptr(VnlTrace) t = trace (network, sources[s], "spoke2-vm");

          g_assert_true (t->reached);
          g_assert_false (crosses (t->crossed, members[m]));
          g_assert_true (crosses (t->crossed, members[1 - m]));
        }
      g_assert_true (vnl_network_set_up (network, members[m], TRUE, NULL));
    }

  g_assert_true (vnl_network_set_up (network, "nva1", FALSE, NULL));
  g_assert_true (vnl_network_set_up (network, "nva2", FALSE, NULL));
  {
    g_autoptr(VnlTrace) t = trace (network, "spoke1-vm", "spoke2-vm");
    g_assert_false (t->reached);
    g_assert_cmpint (t->drop, ==, VNL_DROP_DOWN);
  }
}

/* allow-forwarded-traffic, read on the side of the VNet a packet enters:
 * with it off on spoke2's side, what the appliance forwards from spoke1
 * (a source outside the hub) is refused on the way into spoke2; what
 * spoke1 sends to the appliance itself (its own source) is not forwarded
 * traffic and passes. */
static void
test_allow_forwarded_traffic (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "nva-ha-pair.vnetlab");
  VnlPeering *peering = vnl_design_lookup_kind (design, "hub-spoke2", VNL_KIND_PEERING);
  int side;

  g_assert_nonnull (peering);
  side = g_str_equal (peering->vnet_a, "spoke2") ? 0 : 1;
  peering->side[side].allow_forwarded_traffic = FALSE;
  vnl_design_changed (design, peering);
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) t = trace (network, "spoke1-vm", "spoke2-vm");
    g_autoptr(VnlTrace) to_nva = trace (network, "spoke1-vm", "10.0.1.4");

    g_assert_false (t->reached);
    g_assert_cmpstr (t->drop_node, ==, "hub-spoke2");
    g_assert_nonnull (strstr (t->drop_detail, "allow-forwarded-traffic"));
    g_assert_true (to_nva->reached);
  }
  /* The hub's own side does not decide what enters spoke2. */
  peering->side[side].allow_forwarded_traffic = TRUE;
  peering->side[1 - side].allow_forwarded_traffic = FALSE;
  vnl_design_changed (design, peering);
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) t = trace (network, "spoke1-vm", "spoke2-vm");

    g_assert_true (t->reached);
  }
}

/* Two appliances whose subnets' tables send 0.0.0.0/0 to each other, and
 * one in the subnet whose table sends to it ([UDR]: deploying it there
 * "can result in routing loops"): the trace stops at the second visit and
 * names the appliances and the routes. */
static void
test_loops (void)
{
  g_autoptr(VnlDesign) design = load ("tests/data/nva", "checks.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) pair = trace (network, "vm-a", "8.8.8.8");
  g_autoptr(VnlTrace) self = trace (network, "vm-d", "8.8.8.8");

  g_assert_false (pair->reached);
  g_assert_cmpint (pair->drop, ==, VNL_DROP_LOOP);
  g_assert_nonnull (strstr (pair->drop_detail, "routing loop: nva-b → nva-a → nva-b"));
  g_assert_nonnull (strstr (pair->drop_detail, "route to-b of rt-a"));
  g_assert_nonnull (strstr (pair->drop_detail, "route to-a of rt-b"));

  g_assert_false (self->reached);
  g_assert_cmpint (self->drop, ==, VNL_DROP_LOOP);
  g_assert_nonnull (strstr (self->drop_detail, "routing loop: nva-d → nva-d"));
  g_assert_nonnull (strstr (self->drop_detail, "route to-self of rt-d"));
}

/* Next hops that cannot forward: a VM without IP forwarding stops the
 * packet; an address nothing has drops it. */
static void
test_invalid_next_hops (void)
{
  g_autoptr(VnlDesign) design = load ("tests/data/nva", "checks.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) to_vm = trace (network, "vm-c", "10.9.0.1");
  g_autoptr(VnlTrace) to_nothing = trace (network, "vm-c", "10.8.0.1");

  g_assert_false (to_vm->reached);
  g_assert_cmpstr (to_vm->drop_node, ==, "vm-a");
  g_assert_nonnull (strstr (to_vm->drop_detail, "without IP forwarding"));
  g_assert_false (to_nothing->reached);
  g_assert_cmpint (to_nothing->drop, ==, VNL_DROP_NO_HOST);
}

/* [FW-FT]: a default route not to the Internet on AzureFirewallSubnet is
 * disabled without a management subnet: Invalid in the firewall NIC's
 * table, with the reason. */
static void
test_firewall_default_disabled (void)
{
  g_autoptr(VnlDesign) design = load ("tests/data/nva", "checks.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "fw", &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 1);
  for (guint i = 0; i < ((VnlRouteTable *) tables->pdata[0])->rows->len; i++)
    {
      VnlRouteRow *row = ((VnlRouteTable *) tables->pdata[0])->rows->pdata[i];

      if (!g_str_equal (row->source, "User"))
        continue;
      found = TRUE;
      g_assert_cmpuint (row->prefix.len, ==, 0);
      g_assert_false (row->active);
      g_assert_cmpint (row->reason, ==, VNL_REASON_FIREWALL_DEFAULT);
    }
  g_assert_true (found);
}

/* Forced tunnelling [FW-FT]: with its management NIC, the firewall's
 * subnet may send 0.0.0.0/0 to the VPN gateway; Internet-bound traffic
 * then goes on premises (where the CE breaks out) SNATed to the
 * firewall's private address. Without the management NIC that route is
 * disabled. */
static void
test_forced_tunnelling (void)
{
  g_autoptr(VnlDesign) design = load ("tests/data/nva", "forced-tunnel.vnetlab");
  VnlFirewall *fw = vnl_design_lookup_kind (design, "azfw", VNL_KIND_FIREWALL);
  guint32 private_address = 0;

  g_assert_true (vnl_ip_parse ("10.0.1.4", &private_address));
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) t = trace (network, "spoke1-vm", "8.8.8.8");
    g_autoptr(GPtrArray) problems = vnl_design_validate (design, "forced-tunnel.vnetlab");

    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_true (t->reached);
    g_assert_true (t->internet);
    g_assert_true (crosses (t->crossed, "azfw"));
    g_assert_true (crosses (t->crossed, "hub-vpngw"));
    g_assert_true (crosses (t->crossed, "dc1-ce"));
    g_assert_cmpuint (t->snat_address, ==, private_address);
  }

  fw->management = FALSE;
  vnl_design_changed (design, fw);
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "azfw", NULL);
    VnlRouteTable *table = tables->pdata[0];
    gboolean found = FALSE;

    for (guint i = 0; i < table->rows->len; i++)
      {
        VnlRouteRow *row = table->rows->pdata[i];
        if (g_str_equal (row->source, "User"))
          {
            found = TRUE;
            g_assert_false (row->active);
            g_assert_cmpint (row->reason, ==, VNL_REASON_FIREWALL_DEFAULT);
          }
      }
    g_assert_true (found);
  }
}

typedef struct
{
  guint        line;
  VnlSeverity  severity;
  const char  *words;
} ProblemCase;

/* What validate says of tests/data/nva/checks.vnetlab, rule by rule. */
static void
test_validate (void)
{
  static const ProblemCase cases[] = {
    /* "This resource must be named 'AzureFirewallSubnet'" (REST API);
     * "Why does Azure Firewall need a /26 subnet size?" (FAQ); forced
     * tunnelling needs AzureFirewallManagementSubnet. Refused: errors. */
    { 0, VNL_SEVERITY_ERROR,   "is a /27: Azure Firewall needs a /26" },
    { 0, VNL_SEVERITY_ERROR,   "has no AzureFirewallManagementSubnet" },
    { 0, VNL_SEVERITY_ERROR,   "its subnet must be named AzureFirewallSubnet" },
    /* Accepted by Azure, cannot work: warnings. */
    { 0, VNL_SEVERITY_WARNING, "vm-a, a VM without IP forwarding" },
    { 0, VNL_SEVERITY_WARNING, "no appliance, firewall or load balancer frontend" },
    { 0, VNL_SEVERITY_WARNING, "nva-d, which is in subnet hub/d that the table serves" },
    { 0, VNL_SEVERITY_WARNING, "Azure disables it" },
  };
  g_autoptr(VnlDesign) design = load ("tests/data/nva", "checks.vnetlab");
  g_autoptr(GPtrArray) problems = vnl_design_validate (design, "checks.vnetlab");

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (cases));
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < problems->len && !found; i++)
        {
          VnlProblem *p = problems->pdata[i];
          found = p->severity == cases[c].severity && strstr (p->message, cases[c].words) != NULL;
        }
      if (!found)
        g_error ("no problem “%s”", cases[c].words);
    }

  /* The samples are valid, without warnings. */
  {
    static const char *samples[] = { "hub-spoke-firewall.vnetlab", "hub-spoke-firewall-broken.vnetlab",
                                     "nva-ha-pair.vnetlab" };
    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      {
        g_autoptr(VnlDesign) sample = load ("samples", samples[i]);
        g_autoptr(GPtrArray) none = vnl_design_validate (sample, samples[i]);
        g_assert_cmpuint (none->len, ==, 0);
      }
  }
}

static char *
dump (VnlNetwork *network,
      VnlDesign  *design)
{
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  GString *out = g_string_new (NULL);

  for (guint a = 0; a < endpoints->len; a++)
    for (guint b = 0; b < endpoints->len; b++)
      {
        VnlEndpoint *from = endpoints->pdata[a];
        VnlEndpoint *to = endpoints->pdata[b];
        g_autoptr(VnlTrace) t = NULL;

        if (a == b)
          continue;
        t = vnl_network_trace_address (network, from, to->address);
        g_string_append_printf (out, "%s>%s %d %d", from->parent.name, to->parent.name, t->reached, t->drop);
        for (guint i = 0; i < t->path->len; i++)
          g_string_append_printf (out, " %s", (char *) t->path->pdata[i]);
        if (t->reverse != NULL)
          g_string_append_printf (out, " | %d %d", t->reverse->reached, t->reverse->drop);
        g_string_append_c (out, '\n');
      }
  return g_string_free (out, FALSE);
}

/* Taking a firewall, an appliance or a route table down incrementally
 * gives the traces of a rebuild with it down. */
static void
test_incremental (void)
{
  static const struct
  {
    const char *file;
    const char *object;
  } cases[] = {
    { "hub-spoke-firewall.vnetlab", "azfw" },
    { "hub-spoke-firewall.vnetlab", "rt-gateway" },
    { "hub-spoke-firewall.vnetlab", "hub-vpngw" },
    { "nva-ha-pair.vnetlab", "nva1" },
    { "nva-ha-pair.vnetlab", "rt-spokes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlDesign) design = load ("samples", cases[i].file);
      g_autoptr(VnlDesign) copy = load ("samples", cases[i].file);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(VnlNetwork) fresh = NULL;
      g_autofree char *initial = dump (network, design);
      g_autofree char *incremental = NULL;
      g_autofree char *rebuilt = NULL;
      g_autofree char *restored = NULL;

      g_assert_true (vnl_network_set_up (network, cases[i].object, FALSE, NULL));
      incremental = dump (network, design);
      vnl_design_set_up (copy, vnl_design_lookup (copy, cases[i].object), FALSE);
      fresh = vnl_network_new (copy);
      rebuilt = dump (fresh, copy);
      g_assert_cmpstr (incremental, ==, rebuilt);
      g_assert_cmpstr (incremental, !=, initial);
      g_assert_true (vnl_network_set_up (network, cases[i].object, TRUE, NULL));
      restored = dump (network, design);
      g_assert_cmpstr (restored, ==, initial);
    }
}

/* Take the firewall down: what is lost. In the Architecture Center's
 * hub-spoke every path crosses azfw (the spokes send 0.0.0.0/0 to it, the
 * GatewaySubnet sends the spokes to it, and the spokes are not peered), so
 * its what-if loses all six ordered pairs of the three VMs and gains none;
 * taking a spoke's peering down loses the four pairs of that spoke. */
static void
test_report_what_if_firewall (void)
{
  g_autoptr(VnlDesign) design = load ("samples", "hub-spoke-firewall.vnetlab");
  g_autoptr(GError) error = NULL;
  VnlReport *report = vnl_report_new (design, "hub-spoke-firewall.vnetlab", NULL, NULL, NULL, NULL, &error);
  VnlReportWhatIf *fw = NULL, *peering = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < report->what_ifs->len; i++)
    {
      VnlReportWhatIf *w = report->what_ifs->pdata[i];
      if (g_str_equal (w->object, "azfw"))
        fw = w;
      else if (g_str_equal (w->object, "hub-spoke1"))
        peering = w;
    }
  g_assert_nonnull (fw);
  g_assert_cmpint (fw->kind, ==, VNL_KIND_FIREWALL);
  g_assert_cmpuint (fw->n_lost, ==, 6);
  g_assert_cmpuint (fw->n_gained, ==, 0);
  g_assert_nonnull (peering);
  g_assert_cmpuint (peering->n_lost, ==, 4);
  vnl_report_free (report);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/nva/firewall-spoke-to-spoke", test_firewall_spoke_to_spoke);
  g_test_add_func ("/core/nva/firewall-on-premises", test_firewall_on_premises);
  g_test_add_func ("/core/nva/stateful-drop", test_stateful_drop);
  g_test_add_func ("/core/nva/stateful-matrix", test_stateful_matrix);
  g_test_add_func ("/core/nva/snat", test_snat);
  g_test_add_func ("/core/nva/snat-public-range", test_snat_public_range);
  g_test_add_func ("/core/nva/ha-pair", test_ha_pair);
  g_test_add_func ("/core/nva/allow-forwarded-traffic", test_allow_forwarded_traffic);
  g_test_add_func ("/core/nva/loops", test_loops);
  g_test_add_func ("/core/nva/invalid-next-hops", test_invalid_next_hops);
  g_test_add_func ("/core/nva/firewall-default-disabled", test_firewall_default_disabled);
  g_test_add_func ("/core/nva/forced-tunnelling", test_forced_tunnelling);
  g_test_add_func ("/core/nva/validate", test_validate);
  g_test_add_func ("/core/nva/incremental-equals-rebuild", test_incremental);
  g_test_add_func ("/core/nva/report-what-if-firewall", test_report_what_if_firewall);

  return g_test_run ();
}
