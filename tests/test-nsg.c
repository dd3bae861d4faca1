/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-kinds.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-report.h"
#include "vnl-network-private.h"
#include "vnl-nsg.h"
#include "vnl-test-cli.h"

/*
 * Network security groups and private endpoints, rule by rule. Every
 * expected value follows from the documentation quoted beside the case
 * (articles/virtual-network/network-security-group-how-it-works.md
 * [NSG-HOW], network-security-groups-overview.md [NSG-OV],
 * service-tags-overview.md [TAGS], articles/private-link/
 * disable-private-endpoint-network-policy.md [PE-POL]) and from the
 * rules of the small design below, never from the program's output.
 *
 * The design: a hub (10.0.0.0/16) with a VPN gateway to a data centre
 * (10.100.0.0/16, learned over BGP), a spoke (10.1.0.0/16) peered with it
 * using its gateway, and a VNet peered with nothing (10.9.0.0/16).
 */

#define BASE_HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<design xmlns=\"urn:vnetlab:design:1\" version=\"3\" title=\"nsg\">\n" \
  "  <locations default-latency-ms=\"1\" intra-latency-ms=\"0.1\">\n" \
  "    <location name=\"r\" kind=\"azure-region\"/>\n" \
  "    <location name=\"dc\" kind=\"on-premises\"/>\n" \
  "  </locations>\n" \
  "  <vnet name=\"hub\" location=\"r\">\n" \
  "    <address-space prefix=\"10.0.0.0/16\"/>\n" \
  "    <subnet name=\"default\" prefix=\"10.0.0.0/24\"/>\n" \
  "    <subnet name=\"nva\" prefix=\"10.0.1.0/24\"/>\n" \
  "    <subnet name=\"GatewaySubnet\" prefix=\"10.0.255.0/27\"/>\n" \
  "    <endpoint name=\"hub-vm\" address=\"10.0.0.4\"/>\n" \
  "    <endpoint name=\"hub-nva\" address=\"10.0.1.4\"/>\n" \
  "  </vnet>\n" \
  "  <vnet name=\"spoke\" location=\"r\">\n" \
  "    <address-space prefix=\"10.1.0.0/16\"/>\n" \
  "    <subnet name=\"app\" prefix=\"10.1.0.0/24\"/>\n" \
  "    <subnet name=\"pl\" prefix=\"10.1.1.0/24\"%s/>\n" \
  "    <endpoint name=\"app-vm\" address=\"10.1.0.4\"/>\n" \
  "    <endpoint name=\"app-vm2\" address=\"10.1.0.5\"/>\n" \
  "    <endpoint name=\"pe\" address=\"10.1.1.4\" private-endpoint=\"true\"/>\n" \
  "  </vnet>\n" \
  "  <vnet name=\"lonely\" location=\"r\">\n" \
  "    <address-space prefix=\"10.9.0.0/16\"/>\n" \
  "    <subnet name=\"s\" prefix=\"10.9.0.0/24\"/>\n" \
  "    <endpoint name=\"lonely-vm\" address=\"10.9.0.4\"/>\n" \
  "  </vnet>\n" \
  "  <gateway name=\"hub-vpn\" vnet=\"hub\" type=\"vpn\" asn=\"65515\" bgp-address=\"10.0.255.30\"" \
  " public-address=\"198.51.100.20\">\n" \
  "    <instance address=\"10.0.255.4\"/>\n" \
  "  </gateway>\n" \
  "  <site name=\"dc1\" location=\"dc\">\n" \
  "    <prefix value=\"10.100.0.0/16\"/>\n" \
  "    <endpoint name=\"dc-vm\" address=\"10.100.1.10\"/>\n" \
  "    <ce name=\"dc-ce\" asn=\"65100\" lan-address=\"10.100.255.2\" tunnel-address=\"10.100.255.254\"" \
  " public-address=\"203.0.113.10\">\n" \
  "      <neighbor peer=\"hub-dc\"><export prefix=\"10.100.0.0/16\"/></neighbor>\n" \
  "    </ce>\n" \
  "  </site>\n" \
  "  <local-network-gateway name=\"dc-lng\" location=\"dc\" public-address=\"203.0.113.10\" asn=\"65100\"" \
  " bgp-address=\"10.100.255.254\" ce=\"dc-ce\">\n" \
  "    <prefix value=\"10.100.255.254/32\"/>\n" \
  "  </local-network-gateway>\n" \
  "  <s2s-connection name=\"hub-dc\" gateway=\"hub-vpn\" local-network-gateway=\"dc-lng\" bgp=\"true\"" \
  " ike-version=\"2\" shared-key=\"k\"/>\n" \
  "  <peering name=\"hub-spoke\" vnet-a=\"hub\" vnet-b=\"spoke\">\n" \
  "    <side vnet=\"hub\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\"" \
  " allow-gateway-transit=\"true\" use-remote-gateways=\"false\"/>\n" \
  "    <side vnet=\"spoke\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"false\"" \
  " allow-gateway-transit=\"false\" use-remote-gateways=\"true\"/>\n" \
  "  </peering>\n"

/* A rule element. */
#define RULE(name, prio, dir, access, proto, src, dst, ports) \
  "    <rule name=\"" name "\" priority=\"" prio "\" direction=\"" dir "\" access=\"" access "\"" \
  " protocol=\"" proto "\" source=\"" src "\" destination=\"" dst "\" destination-ports=\"" ports "\"/>\n"

static VnlDesign *
design_with (const char *pl_attrs,
             const char *extra)
{
  g_autofree char *head = g_strdup_printf (BASE_HEAD, pl_attrs != NULL ? pl_attrs : "");
  g_autofree char *xml = g_strconcat (head, extra != NULL ? extra : "", "</design>\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  VnlDesign *design = vnl_design_load_from_data (xml, -1, "test-nsg", &error);

  g_assert_no_error (error);
  problems = vnl_design_validate (design, "test-nsg");
  guint errors = 0;
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[i]);
      g_test_message ("%s", text);
      /* hub-nva is a VM that does not forward (a warning): the traces
       * below stop there when a route sends them to it. */
      errors += ((VnlProblem *) problems->pdata[i])->severity == VNL_SEVERITY_ERROR;
    }
  g_assert_cmpuint (errors, ==, 0);
  return design;
}

static VnlTrace *
trace_flow (VnlNetwork *network,
            const char *from,
            const char *to,
            const char *protocol,
            const char *port)
{
  g_autoptr(GError) error = NULL;
  VnlFlow flow;
  VnlTrace *trace;

  g_assert_true (vnl_flow_parse (protocol, port, NULL, &flow, &error));
  vnl_network_set_flow (network, &flow);
  trace = vnl_network_trace (network, from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

static const VnlNsgCheck *
check_at (VnlTrace *trace,
          guint     i)
{
  g_assert_cmpuint (i, <, trace->nsg_checks->len);
  return trace->nsg_checks->pdata[i];
}

static void
assert_check (const VnlNsgCheck *check,
              const char        *group,
              VnlNsgDirection    direction,
              gboolean           allowed,
              const char        *rule,
              guint              priority)
{
  g_assert_cmpstr (check->group, ==, group);
  g_assert_cmpint (check->direction, ==, direction);
  g_assert_cmpint (check->allowed, ==, allowed);
  g_assert_cmpstr (vnl_nsg_check_rule (check)->name, ==, rule);
  g_assert_cmpuint (vnl_nsg_check_rule (check)->priority, ==, priority);
}

static int
endpoint_index (VnlNetwork *net,
                const char *name)
{
  for (guint i = 0; i < net->endpoints->len; i++)
    if (g_str_equal (g_array_index (net->endpoints, NetEndpoint, i).endpoint->parent.name, name))
      return i;
  g_assert_not_reached ();
  return -1;
}

/* The rule that decides a packet @src → @dst at endpoint @ep (the last
 * group met), with the number of groups met. */
static const VnlNsgRule *
decide (VnlNetwork      *net,
        const char      *ep,
        VnlNsgDirection  direction,
        const char      *src,
        const char      *dst,
        const VnlFlow   *flow,
        gboolean        *allowed)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_nsg_check_free);
  guint32 s, d;
  const VnlNsgRule *rule;

  g_assert_true (vnl_ip_parse (src, &s) && vnl_ip_parse (dst, &d));
  *allowed = _vnl_nsg_allows (net, endpoint_index (net, ep), direction, s, d, flow, checks);
  g_assert_cmpuint (checks->len, >, 0);
  rule = vnl_nsg_check_rule (checks->pdata[checks->len - 1]);
  return rule;
}

/* [NSG-HOW] "For inbound traffic, Azure processes the rules in a network
 * security group associated to a subnet first, if there's one, and then
 * the rules in a network security group associated to the network
 * interface"; traffic passes only when both allow. */
static void
test_inbound_order (void)
{
  static const char *const cases[][2] = {
    /* subnet's access, NIC's access */
    { "Allow", "Deny" }, { "Deny", "Allow" }, { "Allow", "Allow" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *extra = g_strdup_printf (
        "  <network-security-group name=\"nsg-sub\">\n"
        "    <rule name=\"sub-rule\" priority=\"100\" direction=\"Inbound\" access=\"%s\" protocol=\"Tcp\""
        " source=\"*\" destination=\"*\" destination-ports=\"443\"/>\n"
        "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
        "  </network-security-group>\n"
        "  <network-security-group name=\"nsg-nic\">\n"
        "    <rule name=\"nic-rule\" priority=\"100\" direction=\"Inbound\" access=\"%s\" protocol=\"Tcp\""
        " source=\"*\" destination=\"*\" destination-ports=\"443\"/>\n"
        "    <nic endpoint=\"app-vm\"/>\n"
        "  </network-security-group>\n", cases[c][0], cases[c][1]);
      g_autoptr(VnlDesign) design = design_with (NULL, extra);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(VnlTrace) t = trace_flow (network, "hub-vm", "app-vm", "tcp", "443");
      gboolean sub = g_str_equal (cases[c][0], "Allow"), nic = g_str_equal (cases[c][1], "Allow");

      /* The subnet's group first; the NIC's only when the subnet allowed. */
      assert_check (check_at (t, 0), "nsg-sub", VNL_NSG_INBOUND, sub, "sub-rule", 100);
      g_assert_true (check_at (t, 0)->on_subnet);
      g_assert_cmpuint (t->nsg_checks->len, ==, sub ? 2 : 1);
      if (sub)
        assert_check (check_at (t, 1), "nsg-nic", VNL_NSG_INBOUND, nic, "nic-rule", 100);
      g_assert_cmpint (t->reached, ==, sub && nic);
      if (!t->reached)
        {
          g_assert_cmpint (t->drop, ==, VNL_DROP_DENIED);
          g_assert_cmpstr (t->drop_node, ==, "app-vm");
          g_assert_cmpstr (t->denied_by->group, ==, sub ? "nsg-nic" : "nsg-sub");
          g_assert_nonnull (strstr (t->drop_detail, sub ? "nic-rule (priority 100)" : "sub-rule (priority 100)"));
        }
    }
}

/* [NSG-HOW] "For outbound traffic, Azure processes the rules in a network
 * security group associated to a network interface first, if there's one,
 * and then the rules in a network security group associated to the
 * subnet". */
static void
test_outbound_order (void)
{
  static const char *const cases[][2] = {
    /* NIC's access, subnet's access */
    { "Deny", "Allow" }, { "Allow", "Deny" }, { "Allow", "Allow" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *extra = g_strdup_printf (
        "  <network-security-group name=\"nsg-sub\">\n"
        "    <rule name=\"sub-out\" priority=\"200\" direction=\"Outbound\" access=\"%s\" protocol=\"*\""
        " source=\"*\" destination=\"10.0.0.0/16\" destination-ports=\"*\"/>\n"
        "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
        "  </network-security-group>\n"
        "  <network-security-group name=\"nsg-nic\">\n"
        "    <rule name=\"nic-out\" priority=\"300\" direction=\"Outbound\" access=\"%s\" protocol=\"*\""
        " source=\"*\" destination=\"10.0.0.0/16\" destination-ports=\"*\"/>\n"
        "    <nic endpoint=\"app-vm\"/>\n"
        "  </network-security-group>\n", cases[c][1], cases[c][0]);
      g_autoptr(VnlDesign) design = design_with (NULL, extra);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(VnlTrace) t = trace_flow (network, "app-vm", "hub-vm", "udp", "53");
      gboolean nic = g_str_equal (cases[c][0], "Allow"), sub = g_str_equal (cases[c][1], "Allow");

      assert_check (check_at (t, 0), "nsg-nic", VNL_NSG_OUTBOUND, nic, "nic-out", 300);
      g_assert_false (check_at (t, 0)->on_subnet);
      g_assert_cmpuint (t->nsg_checks->len, ==, nic ? 2 : 1);
      if (nic)
        assert_check (check_at (t, 1), "nsg-sub", VNL_NSG_OUTBOUND, sub, "sub-out", 200);
      g_assert_cmpint (t->reached, ==, nic && sub);
      if (!t->reached)
        /* It never left: dropped at the source. */
        g_assert_cmpstr (t->drop_node, ==, "app-vm");
    }
}

/* [NSG-OV] "Rules are processed in priority order, with lower numbers
 * processed before higher numbers … Once traffic matches a rule,
 * processing stops": the file order does not matter, a port outside a
 * rule's range falls through to the next rule. */
static void
test_priority_first_match (void)
{
  static const struct
  {
    const char *port;
    gboolean    allowed;
    const char *rule;
    guint       priority;
    guint       evaluated;
  } cases[] = {
    { "22",   FALSE, "deny-ssh",        100,   1 },
    { "443",  TRUE,  "allow-https",     200,   2 },
    { "8080", TRUE,  "allow-range",     250,   3 },
    { "8081", FALSE, "deny-web",        300,   4 },
    /* No own rule matches: the default rules, AllowVnetInBound first
     * (the hub is a peered VNet, [TAGS]). */
    { "25",   TRUE,  "AllowVnetInBound", 65000, 5 },
  };
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"nsg\">\n"
    RULE ("deny-web", "300", "Inbound", "Deny", "Tcp", "*", "*", "443,8000-8090")
    RULE ("allow-range", "250", "Inbound", "Allow", "Tcp", "*", "*", "8000-8080")
    RULE ("allow-https", "200", "Inbound", "Allow", "Tcp", "*", "*", "443")
    RULE ("deny-ssh", "100", "Inbound", "Deny", "Tcp", "*", "*", "22")
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(VnlTrace) t = trace_flow (network, "hub-vm", "app-vm", "tcp", cases[c].port);

      g_test_message ("port %s", cases[c].port);
      assert_check (check_at (t, 0), "nsg", VNL_NSG_INBOUND, cases[c].allowed, cases[c].rule, cases[c].priority);
      /* Every rule looked at, in priority order, the match last. */
      g_assert_cmpuint (check_at (t, 0)->evaluated->len, ==, cases[c].evaluated);
      for (guint i = 1; i < check_at (t, 0)->evaluated->len; i++)
        g_assert_cmpuint (((VnlNsgRule *) check_at (t, 0)->evaluated->pdata[i - 1])->priority, <,
                          ((VnlNsgRule *) check_at (t, 0)->evaluated->pdata[i])->priority);
      g_assert_cmpint (t->reached, ==, cases[c].allowed);
    }
}

/* [NSG-OV] "Default security rules": inbound AllowVNetInBound 65000
 * (VirtualNetwork to VirtualNetwork), AllowAzureLoadBalancerInBound 65001,
 * DenyAllInBound 65500; outbound AllowVnetOutBound 65000,
 * AllowInternetOutBound 65001, DenyAllOutBound 65500 — in a group with no
 * rule of its own. */
static void
test_default_rules (void)
{
  static const struct
  {
    VnlNsgDirection direction;
    const char     *src;
    const char     *dst;
    gboolean        allowed;
    const char     *rule;
    guint           priority;
  } cases[] = {
    { VNL_NSG_INBOUND,  "10.0.0.4",      "10.1.0.4", TRUE,  "AllowVnetInBound",              65000 },
    /* The host's virtual IP is in VirtualNetwork too ([TAGS] "the virtual
     * IP address of the host"): AllowVnetInBound matches it first … */
    { VNL_NSG_INBOUND,  "168.63.129.16", "10.1.0.4", TRUE,  "AllowVnetInBound",              65000 },
    /* … unless the destination is outside VirtualNetwork (a public
     * address of the VM): then the load balancer's rule. */
    { VNL_NSG_INBOUND,  "168.63.129.16", "20.1.2.3", TRUE,  "AllowAzureLoadBalancerInBound", 65001 },
    { VNL_NSG_INBOUND,  "203.0.113.7",   "10.1.0.4", FALSE, "DenyAllInBound",                65500 },
    { VNL_NSG_OUTBOUND, "10.1.0.4",      "10.0.0.4", TRUE,  "AllowVnetOutBound",             65000 },
    { VNL_NSG_OUTBOUND, "10.1.0.4",      "8.8.8.8",  TRUE,  "AllowInternetOutBound",         65001 },
    /* A private address outside every VirtualNetwork range is neither. */
    { VNL_NSG_OUTBOUND, "10.1.0.4",      "172.16.9.9", FALSE, "DenyAllOutBound",             65500 },
  };
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"empty\">\n"
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  VnlFlow flow = { VNL_PROTO_TCP, 49152, 80 };
  guint n;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gboolean allowed;
      const VnlNsgRule *rule = decide (network, "app-vm", cases[c].direction, cases[c].src, cases[c].dst,
                                       &flow, &allowed);

      g_test_message ("%s → %s", cases[c].src, cases[c].dst);
      g_assert_cmpint (allowed, ==, cases[c].allowed);
      g_assert_cmpstr (rule->name, ==, cases[c].rule);
      g_assert_cmpuint (rule->priority, ==, cases[c].priority);
      g_assert_true (vnl_nsg_rule_is_default (rule));
    }

  /* Three each way, never written to the file. */
  g_assert_nonnull (vnl_nsg_default_rules (VNL_NSG_INBOUND, &n));
  g_assert_cmpuint (n, ==, 3);
  {
    g_autofree char *data = vnl_design_to_data (design, NULL);
    g_assert_null (strstr (data, "DenyAllInBound"));
  }
}

/* [TAGS] VirtualNetwork: "the virtual network address space …, all
 * connected on-premises address spaces, peered virtual networks …": from
 * the spoke, its own range, the peered hub and the data centre learned
 * through the hub's gateway are in it; a VNet peered with nothing is not
 * (it falls through to DenyAllInBound, not AllowVnetInBound). */
static void
test_virtual_network_tag (void)
{
  static const struct
  {
    const char *src;
    const char *rule;
  } cases[] = {
    { "10.1.0.5",    "deny-vnet" },       /* own address space */
    { "10.0.0.4",    "deny-vnet" },       /* the peered hub */
    { "10.100.1.10", "deny-vnet" },       /* on premises, over the gateway */
    { "10.9.0.4",    "DenyAllInBound" },  /* not peered, not connected */
  };
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"nsg\">\n"
    RULE ("deny-vnet", "100", "Inbound", "Deny", "*", "VirtualNetwork", "*", "*")
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gboolean allowed;
      const VnlNsgRule *rule = decide (network, "app-vm", VNL_NSG_INBOUND, cases[c].src, "10.1.0.4",
                                       &vnl_flow_icmp, &allowed);

      g_test_message ("%s", cases[c].src);
      g_assert_false (allowed);
      g_assert_cmpstr (rule->name, ==, cases[c].rule);
    }

  /* The same through a trace from on premises: denied at the spoke VM by
   * the rule, the packet having crossed the gateway. */
  {
    g_autoptr(VnlTrace) t = trace_flow (network, "dc-vm", "app-vm", NULL, NULL);
    g_assert_false (t->reached);
    g_assert_cmpint (t->drop, ==, VNL_DROP_DENIED);
    g_assert_cmpstr (vnl_nsg_check_rule (t->denied_by)->name, ==, "deny-vnet");
    g_assert_true (g_ptr_array_find_with_equal_func (t->path, "hub-vpn", g_str_equal, NULL));
  }
}

/* [NSG-OV] "Security rules are stateful. If you specify an outbound
 * security rule to any address over port 80, for example, it's not
 * necessary to specify an inbound security rule for the response": a
 * group that denies every outbound packet still lets the reply of an
 * allowed inbound flow out, but no flow of its own. */
static void
test_stateful (void)
{
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"nsg\">\n"
    RULE ("allow-https", "100", "Inbound", "Allow", "Tcp", "VirtualNetwork", "*", "443")
    RULE ("deny-all-out", "100", "Outbound", "Deny", "*", "*", "*", "*")
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) in = trace_flow (network, "dc-vm", "app-vm", "tcp", "443");
  g_autoptr(VnlTrace) out = trace_flow (network, "app-vm", "dc-vm", "tcp", "443");

  g_assert_true (in->reached);
  g_assert_nonnull (in->reverse);
  g_assert_true (in->reverse->reached);
  /* The reply is not filtered: no group met on the way back. */
  g_assert_cmpuint (in->reverse->nsg_checks->len, ==, 0);
  g_assert_cmpuint (in->reverse->flow.port, ==, VNL_FLOW_DEFAULT_SOURCE_PORT);

  g_assert_false (out->reached);
  g_assert_cmpstr (out->drop_node, ==, "app-vm");
  g_assert_cmpstr (vnl_nsg_check_rule (out->denied_by)->name, ==, "deny-all-out");
}

/* [PE-POL] "the /32 default route sends traffic directly to the private
 * endpoint in accordance with the longest prefix match algorithm"; with
 * network policies for route tables on for its subnet, a user-defined
 * route as long as the VNet's range overrides it, "a user-defined route
 * default route (0.0.0.0/0) doesn't invalidate private endpoint routes".
 * The hub's default subnet sends the spoke's range (or everything) to an
 * appliance that does not forward, so a trace that reaches the endpoint
 * went around it. */
static void
test_private_endpoint (void)
{
  static const struct
  {
    const char *policies;
    const char *prefix;
    gboolean    direct;
  } cases[] = {
    { NULL,                                            "10.1.0.0/16", TRUE },
    { " private-endpoint-route-policies=\"true\"",     "10.1.0.0/16", FALSE },
    { " private-endpoint-route-policies=\"true\"",     "0.0.0.0/0",   TRUE },
    { NULL,                                            "0.0.0.0/0",   TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *extra = g_strdup_printf (
        "  <route-table name=\"rt\">\n"
        "    <route name=\"via-nva\" prefix=\"%s\" next-hop-type=\"VirtualAppliance\" next-hop-ip=\"10.0.1.4\"/>\n"
        "    <subnet vnet=\"hub\" name=\"default\"/>\n"
        "  </route-table>\n"
        /* Network policies for groups are off: this group filters no
         * private endpoint ([PE-POL], "By default, network policies are
         * disabled"). */
        "  <network-security-group name=\"nsg-pl\">\n"
        RULE ("deny-all", "100", "Inbound", "Deny", "*", "*", "*", "*")
        "    <subnet vnet=\"spoke\" name=\"pl\"/>\n"
        "  </network-security-group>\n", cases[c].prefix);
      g_autoptr(VnlDesign) design = design_with (cases[c].policies, extra);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(VnlTrace) pe = trace_flow (network, "hub-vm", "pe", "tcp", "1433");
      g_autoptr(VnlTrace) vm = trace_flow (network, "hub-vm", "app-vm", "tcp", "1433");
      gboolean via_nva = g_ptr_array_find_with_equal_func (pe->path, "hub-nva", g_str_equal, NULL);

      g_test_message ("%s%s", cases[c].prefix, cases[c].policies != NULL ? " with policies" : "");
      g_assert_cmpint (pe->reached, ==, cases[c].direct);
      g_assert_cmpint (via_nva, ==, !cases[c].direct);
      /* An ordinary VM in the spoke: the /16 UDR takes it to the appliance
       * (for the same prefix the user-defined route wins); 0.0.0.0/0 loses
       * to the peering's /16. */
      g_assert_cmpint (vm->reached, ==, g_str_equal (cases[c].prefix, "0.0.0.0/0"));

      /* The subnet's effective routes show the /32, Active exactly when
       * the trace took it. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "hub/default", &error);
        VnlRouteTable *table;
        gboolean found = FALSE;

        g_assert_no_error (error);
        table = tables->pdata[0];
        for (guint i = 0; i < table->rows->len; i++)
          {
            VnlRouteRow *row = table->rows->pdata[i];
            g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

            if (!g_str_equal (prefix, "10.1.1.4/32"))
              continue;
            found = TRUE;
            g_assert_cmpstr (row->next_hop_type, ==, "InterfaceEndpoint");
            g_assert_cmpint (row->active, ==, cases[c].direct);
          }
        g_assert_true (found);
      }
    }
}

/* Rows as the inspector edits them: the default rules are shown and come
 * back unchanged; a changed one, or a priority outside 100–4096, is
 * refused ([NSG-OV] "You can specify a number between 100 and 4096"). */
static void
test_rule_editor (void)
{
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"nsg\">\n"
    RULE ("allow-https", "100", "Inbound", "Allow", "Tcp", "Internet,10.9.0.0/16", "VirtualNetwork", "443,8000-8080")
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  VnlNsg *nsg = vnl_design_lookup_kind (design, "nsg", VNL_KIND_NSG);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vnl_object_get_text (design, nsg, "security-rules");
  g_autofree char *changed = NULL;
  g_autofree char *again = NULL;
  g_autofree char *high = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto(GStrv) parts = NULL;

  /* One own rule and the six default rules. */
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_nonnull (strstr (text, "Internet,10.9.0.0/16"));
  g_assert_true (vnl_object_set_text (design, nsg, "security-rules", text, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nsg->rules->len, ==, 1);

  /* DenyAllInBound made an Allow. */
  parts = g_strsplit (text, "Deny\t*\t*\t*\t*\t*", -1);
  g_assert_cmpuint (g_strv_length (parts), >, 1);
  changed = g_strjoinv ("Allow\t*\t*\t*\t*\t*", parts);
  g_assert_false (vnl_object_set_text (design, nsg, "security-rules", changed, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  high = g_strdup ("mine\t5000\tInbound\tAllow\tTcp\t*\t*\t*\t80");
  g_assert_false (vnl_object_set_text (design, nsg, "security-rules", high, &error));
  g_clear_error (&error);
  g_assert_false (vnl_object_set_text (design, nsg, "security-rules",
                                       "bad\t200\tInbound\tAllow\tTcp\tNotATag\t*\t*\t80", &error));
  g_assert_nonnull (strstr (error->message, "NotATag"));
  g_clear_error (&error);
  g_assert_cmpuint (nsg->rules->len, ==, 1);

  /* The file keeps what was read, byte for byte through a round trip. */
  {
    g_autofree char *data = vnl_design_to_data (design, NULL);
    g_autoptr(VnlDesign) back = vnl_design_load_from_data (data, -1, "again", &error);
    g_autofree char *data2 = NULL;

    g_assert_no_error (error);
    data2 = vnl_design_to_data (back, NULL);
    g_assert_cmpstr (data, ==, data2);
    g_assert_nonnull (strstr (data, "source=\"Internet,10.9.0.0/16\""));
    g_assert_nonnull (strstr (data, "destination-ports=\"443,8000-8080\""));
  }
  again = vnl_object_get_text (design, nsg, "security-rules");
  g_assert_cmpstr (again, ==, text);
}

/* The matrix for a flow: pairs routed both ways but denied are apart from
 * pairs not routed, and every cell is the filtered walk of its pair. The
 * sample's rules: spoke2's app subnet takes TCP 8080 from the hub's
 * default subnet; spoke3 takes nothing from the hub; the hub's management
 * subnet sends spoke2 to the appliance hub-nva, which forwards it (by its
 * own subnet's routes, over the peering: its source is in the hub, so
 * spoke2's allow-forwarded-traffic does not apply), and spoke2's app
 * group allows TCP 8080 only from the hub's default subnet: denied. */
static void
test_matrix_cells (void)
{
  g_autofree char *path = sample ("hub-spoke-nsg.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlMatrix) matrix = NULL;
  VnlFlow flow = { VNL_PROTO_TCP, VNL_FLOW_DEFAULT_SOURCE_PORT, 8080 };
  guint n;

  g_assert_no_error (error);
  network = vnl_network_new (design);
  vnl_network_set_flow (network, &flow);
  matrix = vnl_matrix_new (network, NULL);
  n = vnl_matrix_get_n_endpoints (matrix);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const char *a = vnl_matrix_get_endpoint (matrix, i)->parent.name;
        const char *b = vnl_matrix_get_endpoint (matrix, j)->parent.name;
        VnlMatrixCell cell = vnl_matrix_get_cell (matrix, i, j);
        gboolean routed = i == j || (_vnl_network_endpoint_reaches (network, i, j) &&
                                     _vnl_network_endpoint_reaches (network, j, i));
        gboolean pings = i == j || (_vnl_network_endpoint_flow_reaches (network, i, j) &&
                                    _vnl_network_endpoint_reaches (network, j, i));

        if (g_str_equal (a, "hub-vm") && g_str_equal (b, "app-vm"))
          g_assert_cmpint (cell, ==, VNL_MATRIX_REACHABLE);
        if (g_str_equal (a, "hub-vm") && g_str_equal (b, "db-vm"))
          g_assert_cmpint (cell, ==, VNL_MATRIX_DENIED);
        if (g_str_equal (a, "hub-jump") && g_str_equal (b, "app-vm"))
          g_assert_cmpint (cell, ==, VNL_MATRIX_DENIED);
        g_assert_cmpint (vnl_matrix_get (matrix, i, j), ==, pings);
        g_assert_cmpint (cell == VNL_MATRIX_REACHABLE, ==, pings);
        g_assert_cmpint (cell == VNL_MATRIX_UNROUTED, ==, !routed);
      }
}

/* `vnetlab-cli flow` on the sample, like IP flow verify: the verdict, the
 * group and rule with its priority, where. */
static void
test_flow_cli (void)
{
  static const struct
  {
    const char *from;
    const char *to;
    const char *port;
    int         status;
    const char *says;
  } cases[] = {
    /* On premises is VirtualNetwork for spoke1: its HTTPS rule. */
    { "dc1-vm",  "web-vm",  "443",  0, "Inbound at web-vm: allowed by rule allow-https-in (priority 100) "
                                       "of network security group nsg-spoke1-web on subnet spoke1/web" },
    { "dc1-vm",  "web-vm",  "22",   1, "Inbound at web-vm: denied by rule deny-vnet-in (priority 4000)" },
    { "hub-vm",  "app-vm",  "8080", 0, "allowed by rule allow-app (priority 100)" },
    { "hub-vm",  "db-vm",   "1433", 1, "denied by rule deny-vnet-in (priority 4000) of network security group "
                                       "nsg-spoke3-data" },
    { "db-vm",   "8.8.8.8", "443",  1, "Outbound at db-vm: denied by rule deny-internet-out (priority 4000)" },
    { "web-vm",  "8.8.8.8", "443",  0, "allowed by rule AllowInternetOutBound (priority 65001)" },
    /* Spokes are not peered: not VirtualNetwork for each other. */
    { "web-vm",  "app-vm",  "8080", 1, "Outbound at web-vm: denied by rule DenyAllOutBound (priority 65500)" },
  };
  g_autofree char *path = sample ("hub-spoke-nsg.vnetlab");

  if (cli_path () == NULL)
    {
      g_test_skip ("VNL_CLI not set");
      return;
    }
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(Run) run = { 0 };
      const char *args[] = { "flow", path, "--from", cases[c].from, "--to", cases[c].to,
                             "--protocol", "tcp", "--port", cases[c].port, "--diagnostics", NULL };

      run_cli (&run, args);
      g_test_message ("%s → %s:%s\n%s%s", cases[c].from, cases[c].to, cases[c].port, run.out, run.err);
      g_assert_cmpint (run.status, ==, cases[c].status);
      g_assert_nonnull (strstr (run.out, cases[c].says));
      g_assert_nonnull (strstr (run.out, cases[c].status == 0 ? "Result: allowed." : "Result: "));
    }

  /* JSON: the verdict and every rule evaluated. */
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "flow", path, "--from", "dc1-vm", "--to", "web-vm", "--protocol", "tcp",
                           "--port", "22", "--json", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "\"verdict\" : \"denied\""));
    g_assert_nonnull (strstr (run.out, "\"rule\" : \"allow-https-in\""));
    g_assert_nonnull (strstr (run.out, "\"matched\" : false"));
  }
  /* Bad input: a port without TCP or UDP. */
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "trace", path, "--from", "dc1-vm", "--to", "web-vm", "--port", "22", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "ICMP has no ports"));
  }
}

/* Refusals, each with the file line of its element ([NSG-OV]). */
static void
test_validation (void)
{
  static const char *const expected[] = {
    "priority 5000: a priority is 100 to 4096",
    "have the same priority 200 in one direction",
    "has two rules named “twice”",
    "subnet “nowhere”, which VNet “spoke” does not have",
    "the NIC of dc-vm, which is not in a VNet",
    "subnet spoke/app already has network security group “bad”",
    "the NIC of app-vm already has network security group “bad”",
  };
  g_autofree char *head = g_strdup_printf (BASE_HEAD, "");
  g_autofree char *xml = g_strconcat (head,
    "  <network-security-group name=\"bad\">\n"
    RULE ("high", "5000", "Inbound", "Allow", "*", "*", "*", "*")
    RULE ("twice", "200", "Inbound", "Allow", "*", "*", "*", "*")
    RULE ("twice", "200", "Inbound", "Deny", "*", "*", "*", "*")
    "    <subnet vnet=\"spoke\" name=\"nowhere\"/>\n"
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "    <nic endpoint=\"dc-vm\"/>\n"
    "    <nic endpoint=\"app-vm\"/>\n"
    "  </network-security-group>\n"
    "  <network-security-group name=\"again\">\n"
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "    <nic endpoint=\"app-vm\"/>\n"
    "  </network-security-group>\n"
    "</design>\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (xml, -1, "bad", &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_no_error (error);
  problems = vnl_design_validate (design, "bad");
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[i]);
      g_string_append_printf (all, "%s\n", text);
    }
  g_test_message ("%s", all->str);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (strstr (all->str, expected[i]));
}

/* The report lists every group with its associations and its rules: its
 * own, then the six default rules Azure adds (network-security-groups-
 * overview.md: AllowVnetInBound, AllowAzureLoadBalancerInBound,
 * DenyAllInBound and the outbound three), the group and its subnets on its
 * first row only. */
static void
test_report_groups (void)
{
  g_autofree char *path = sample ("hub-spoke-nsg.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  VnlReport *report = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  VnlReportTable *groups = NULL;
  GPtrArray *nsgs;
  guint expected = 0, row = 0;

  g_assert_no_error (error);
  report = vnl_report_new (design, "hub-spoke-nsg.vnetlab", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  tables = vnl_report_summary_tables (report);
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (((VnlReportTable *) tables->pdata[i])->id, "security-groups"))
      groups = tables->pdata[i];
  g_assert_nonnull (groups);

  nsgs = vnl_design_get_objects (design, VNL_KIND_NSG);
  g_assert_cmpuint (nsgs->len, >, 0);
  for (guint i = 0; i < nsgs->len; i++)
    {
      VnlNsg *nsg = nsgs->pdata[i];
      VnlReportRow *first = groups->rows->pdata[row];

      g_assert_cmpstr (first->cells[0], ==, nsg->parent.name);
      g_assert_cmpstr (first->cells[2], ==, ((VnlNsgRule *) nsg->rules->pdata[0])->name);
      row += nsg->rules->len + 6;
      expected += nsg->rules->len + 6;
      g_assert_cmpstr (((VnlReportRow *) groups->rows->pdata[row - 1])->cells[2], ==, "DenyAllOutBound");
    }
  g_assert_cmpuint (groups->rows->len, ==, expected);
  vnl_report_free (report);
}

/* [NSG-OV] "Application security groups enable you to configure network
 * security as a natural extension of an application's structure ... and
 * define network security policies based on those groups": a rule naming
 * asg:web matches the addresses of the NICs in the group web. hub-vm is in
 * web, hub-nva is not; both are in the peered hub, so without the group
 * rule deny-vnet (200) decides. */
static void
test_application_security_groups (void)
{
  g_autoptr(VnlDesign) design = design_with (NULL,
    "  <network-security-group name=\"nsg\">\n"
    RULE ("allow-web", "100", "Inbound", "Allow", "Tcp", "asg:web", "*", "443")
    RULE ("deny-vnet", "200", "Inbound", "Deny", "*", "VirtualNetwork", "*", "*")
    "    <subnet vnet=\"spoke\" name=\"app\"/>\n"
    "  </network-security-group>\n");
  VnlEndpoint *web = vnl_design_lookup_kind (design, "hub-vm", VNL_KIND_ENDPOINT);
  const VnlField *field = vnl_kind_lookup_field (VNL_KIND_ENDPOINT, "application-security-groups");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) addrs = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(VnlDesign) reloaded = NULL;

  g_assert_nonnull (field);
  g_assert_true (vnl_field_set_text (web, field, "frontend, web", &error));
  g_assert_no_error (error);

  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    g_autoptr(VnlTrace) in_group = trace_flow (network, "hub-vm", "app-vm", "tcp", "443");
    g_autoptr(VnlTrace) outside = trace_flow (network, "hub-nva", "app-vm", "tcp", "443");
    /* The group's rule is for port 443 only. */
    g_autoptr(VnlTrace) other_port = trace_flow (network, "hub-vm", "app-vm", "tcp", "22");

    assert_check (check_at (in_group, 0), "nsg", VNL_NSG_INBOUND, TRUE, "allow-web", 100);
    g_assert_true (in_group->reached);
    assert_check (check_at (outside, 0), "nsg", VNL_NSG_INBOUND, FALSE, "deny-vnet", 200);
    g_assert_false (outside->reached);
    assert_check (check_at (other_port, 0), "nsg", VNL_NSG_INBOUND, FALSE, "deny-vnet", 200);
  }

  /* The text of a rule's addresses, and the membership, survive a save. */
  addrs = vnl_nsg_addrs_parse ("asg:web, 10.0.0.0/8", &error);
  g_assert_no_error (error);
  text = vnl_nsg_addrs_to_string (addrs);
  g_assert_cmpstr (text, ==, "asg:web,10.0.0.0/8");
  g_assert_null (vnl_nsg_addrs_parse ("asg:", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  saved = vnl_design_to_data (design, NULL);
  reloaded = vnl_design_load_from_data (saved, -1, "saved", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((VnlEndpoint *) vnl_design_lookup_kind (reloaded, "hub-vm", VNL_KIND_ENDPOINT))->asgs, ==,
                   "frontend, web");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/nsg/inbound-subnet-then-nic", test_inbound_order);
  g_test_add_func ("/core/nsg/outbound-nic-then-subnet", test_outbound_order);
  g_test_add_func ("/core/nsg/priority-first-match", test_priority_first_match);
  g_test_add_func ("/core/nsg/default-rules", test_default_rules);
  g_test_add_func ("/core/nsg/service-tag-virtual-network", test_virtual_network_tag);
  g_test_add_func ("/core/nsg/stateful-replies", test_stateful);
  g_test_add_func ("/core/nsg/private-endpoint-32", test_private_endpoint);
  g_test_add_func ("/core/nsg/application-security-groups", test_application_security_groups);
  g_test_add_func ("/core/nsg/rule-editor", test_rule_editor);
  g_test_add_func ("/core/nsg/matrix-denied-apart-from-unrouted", test_matrix_cells);
  g_test_add_func ("/core/nsg/flow-cli", test_flow_cli);
  g_test_add_func ("/core/nsg/validation", test_validation);

  g_test_add_func ("/core/nsg/report-groups", test_report_groups);
  return g_test_run ();
}
