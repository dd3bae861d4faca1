/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-firewall.h"
#include "vnl-generate.h"
#include "vnl-kinds.h"
#include "vnl-lists.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-nsg.h"
#include "vnl-report.h"
#include "vnl-test-cli.h"

/*
 * Azure Firewall network rules and network security groups at
 * appliances' NICs, rule by rule. Expected values follow from the
 * documentation quoted beside each case — articles/firewall/
 * rule-processing.md [FW-RP] ("Azure Firewall denies all traffic by
 * default", "The rules are terminating, so rule processing stops on a
 * match", collections "in priority order, lower numbers to higher
 * numbers"), policy-rule-sets.md [FW-RCG] (rule collection groups are
 * "the first unit processed by the firewall and follow a priority order"),
 * firewall-faq.md [FW-FAQ] ("a fully stateful firewall-as-a-service";
 * "Subnet level NSGs aren't required on the AzureFirewallSubnet, and are
 * disabled"), network-security-group-how-it-works.md [NSG-HOW] — and from
 * the small design below, never from the program's output.
 *
 * The design: a hub (10.0.0.0/16) with Azure Firewall fw (10.0.1.4, in
 * AzureFirewallSubnet) and a network virtual appliance nva (10.0.2.4, in
 * subnet nva); spokes 1 and 2 send 0.0.0.0/0 to the firewall, spoke 3 to
 * the appliance, and its 10.0.0.0/24 too (longer than the hub's peering
 * route); every peering allows forwarded traffic. So spoke1-vm ↔
 * spoke2-vm (spokes are not peered together) crosses fw both ways;
 * spoke3-vm → hub-vm crosses nva (the reply goes straight back over the
 * peering).
 */

#define HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<design xmlns=\"urn:vnetlab:design:1\" version=\"%s\" title=\"fw\">\n" \
  "  <locations default-latency-ms=\"1\" intra-latency-ms=\"0.1\">\n" \
  "    <location name=\"r\" kind=\"azure-region\"/>\n" \
  "  </locations>\n" \
  "  <vnet name=\"hub\" location=\"r\">\n" \
  "    <address-space prefix=\"10.0.0.0/16\"/>\n" \
  "    <subnet name=\"default\" prefix=\"10.0.0.0/24\"/>\n" \
  "    <subnet name=\"AzureFirewallSubnet\" prefix=\"10.0.1.0/26\"/>\n" \
  "    <subnet name=\"nva\" prefix=\"10.0.2.0/24\"/>\n" \
  "    <endpoint name=\"hub-vm\" address=\"10.0.0.4\"/>\n" \
  "  </vnet>\n" \
  SPOKE ("1") SPOKE ("2") SPOKE ("3") \
  PEERING ("1") PEERING ("2") PEERING ("3") \
  "  <appliance name=\"nva\" vnet=\"hub\" address=\"10.0.2.4\"/>\n" \
  "  <route-table name=\"rt-fw\" propagate-gateway-routes=\"false\">\n" \
  "    <route name=\"default\" prefix=\"0.0.0.0/0\" next-hop-type=\"VirtualAppliance\" next-hop-ip=\"10.0.1.4\"/>\n" \
  "    <subnet vnet=\"spoke1\" name=\"app\"/>\n" \
  "    <subnet vnet=\"spoke2\" name=\"app\"/>\n" \
  "  </route-table>\n" \
  "  <route-table name=\"rt-nva\" propagate-gateway-routes=\"false\">\n" \
  "    <route name=\"default\" prefix=\"0.0.0.0/0\" next-hop-type=\"VirtualAppliance\" next-hop-ip=\"10.0.2.4\"/>\n" \
  "    <route name=\"hub-default\" prefix=\"10.0.0.0/24\" next-hop-type=\"VirtualAppliance\"" \
  " next-hop-ip=\"10.0.2.4\"/>\n" \
  "    <subnet vnet=\"spoke3\" name=\"app\"/>\n" \
  "  </route-table>\n"

#define SPOKE(n) \
  "  <vnet name=\"spoke" n "\" location=\"r\">\n" \
  "    <address-space prefix=\"10." n ".0.0/16\"/>\n" \
  "    <subnet name=\"app\" prefix=\"10." n ".0.0/24\"/>\n" \
  "    <endpoint name=\"spoke" n "-vm\" address=\"10." n ".0.4\"/>\n" \
  "  </vnet>\n"

#define PEERING(n) \
  "  <peering name=\"hub-spoke" n "\" vnet-a=\"hub\" vnet-b=\"spoke" n "\">\n" \
  "    <side vnet=\"hub\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\"" \
  " allow-gateway-transit=\"false\" use-remote-gateways=\"false\"/>\n" \
  "    <side vnet=\"spoke" n "\" allow-virtual-network-access=\"true\" allow-forwarded-traffic=\"true\"" \
  " allow-gateway-transit=\"false\" use-remote-gateways=\"false\"/>\n" \
  "  </peering>\n"

#define FW_OPEN "  <firewall name=\"fw\" vnet=\"hub\" address=\"10.0.1.4\">\n"
#define FW_CLOSE "  </firewall>\n"
#define GROUP(name, prio) "    <rule-collection-group name=\"" name "\" priority=\"" prio "\">\n"
#define GROUP_END "    </rule-collection-group>\n"
#define COLL(name, prio, action) \
  "      <network-rule-collection name=\"" name "\" priority=\"" prio "\" action=\"" action "\">\n"
#define COLL_END "      </network-rule-collection>\n"
#define RULE(name, protocols, src, dst, ports) \
  "        <rule name=\"" name "\" protocols=\"" protocols "\" source=\"" src "\" destination=\"" dst "\"" \
  " destination-ports=\"" ports "\"/>\n"

static VnlDesign *
design_load (const char *version,
             const char *extra)
{
  g_autofree char *head = g_strdup_printf (HEAD, version);
  g_autofree char *xml = g_strconcat (head, extra, "</design>\n", NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load_from_data (xml, -1, "test-firewall-rules", &error);

  g_assert_no_error (error);
  return design;
}

static guint
count_problems (VnlDesign        *design,
                VnlSeverity        severity,
                const char        *words)
{
  g_autoptr(GPtrArray) problems = vnl_design_validate (design, "test-firewall-rules");
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      VnlProblem *p = problems->pdata[i];
      g_autofree char *text = vnl_problem_to_string (p);

      g_test_message ("%s", text);
      if (p->severity == severity && (words == NULL || strstr (text, words) != NULL))
        n++;
    }
  return n;
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

/* The firewall's check of a trace (there is one firewall on the way). */
static const VnlNsgCheck *
firewall_check (VnlTrace *trace)
{
  for (guint i = 0; i < trace->nsg_checks->len; i++)
    if (((VnlNsgCheck *) trace->nsg_checks->pdata[i])->firewall != NULL)
      return trace->nsg_checks->pdata[i];
  g_assert_not_reached ();
  return NULL;
}

/* A policy whose file order differs from its priority order: group
 * g-late (300) allows everything; group g-early (100) holds, in this
 * file order, a Deny collection for SSH (200), an Allow collection for
 * SSH from spoke 1 to spoke 2 (100) and an Allow collection for the web
 * to spoke 2 (300, two rules). */
#define POLICY \
  FW_OPEN \
  GROUP ("g-late", "300") COLL ("allow-all-late", "100", "Allow") RULE ("any", "Any", "*", "*", "*") COLL_END \
  GROUP_END \
  GROUP ("g-early", "100") \
  COLL ("deny-ssh", "200", "Deny") RULE ("ssh", "TCP", "10.0.0.0/8", "*", "22") COLL_END \
  COLL ("allow-ssh-spoke1", "100", "Allow") RULE ("ssh-from-spoke1", "TCP", "10.1.0.0/16", "10.2.0.0/16", "22") \
  COLL_END \
  COLL ("allow-web", "300", "Allow") RULE ("web", "TCP", "*", "10.2.0.0/16", "80,443") \
  RULE ("web-again", "TCP", "*", "10.2.0.0/16", "443") COLL_END \
  GROUP_END \
  FW_CLOSE

static const struct
{
  const char *from, *to, *protocol, *port;
  gboolean    allowed;
  const char *group, *collection, *rule;
  guint       evaluated;   /* rules looked at, the deciding one last */
} order_cases[] = {
  /* [FW-RCG] g-early (100) before g-late (300); inside it [FW-RP] the
   * collections by priority, not file order: allow-ssh-spoke1 (100) is
   * looked at first and matches. */
  { "spoke1-vm", "10.2.0.4", "tcp", "22", TRUE, "g-early", "allow-ssh-spoke1", "ssh-from-spoke1", 1 },
  /* From spoke 2 allow-ssh-spoke1 does not match, deny-ssh (200) does:
   * denied, although g-late would allow it (terminating rules). */
  { "spoke2-vm", "10.1.0.4", "tcp", "22", FALSE, "g-early", "deny-ssh", "ssh", 2 },
  /* 443: neither SSH collection matches; allow-web's first rule does, so
   * the second is never looked at (first match). */
  { "spoke1-vm", "10.2.0.4", "tcp", "443", TRUE, "g-early", "allow-web", "web", 3 },
  /* UDP: nothing of g-early (3 collections, 4 rules) matches; g-late's
   * rule does. */
  { "spoke1-vm", "10.2.0.4", "udp", "53", TRUE, "g-late", "allow-all-late", "any", 5 },
};

static void
test_priority_order (void)
{
  g_autoptr(VnlDesign) design = design_load ("4", POLICY);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  g_assert_cmpuint (count_problems (design, VNL_SEVERITY_ERROR, NULL), ==, 0);
  for (guint c = 0; c < G_N_ELEMENTS (order_cases); c++)
    {
      g_autoptr(VnlTrace) t = trace_flow (network, order_cases[c].from, order_cases[c].to,
                                          order_cases[c].protocol, order_cases[c].port);
      const VnlNsgCheck *check = firewall_check (t);
      const VnlFwHit *hit = vnl_nsg_check_fw_hit (check);

      g_test_message ("case %u", c);
      g_assert_cmpint (t->reached, ==, order_cases[c].allowed);
      g_assert_cmpint (check->allowed, ==, order_cases[c].allowed);
      g_assert_nonnull (hit);
      g_assert_cmpstr (hit->group->name, ==, order_cases[c].group);
      g_assert_cmpstr (hit->collection->name, ==, order_cases[c].collection);
      g_assert_cmpstr (hit->rule->name, ==, order_cases[c].rule);
      g_assert_cmpuint (check->fw_evaluated->len, ==, order_cases[c].evaluated);
      /* Evaluated in (group priority, collection priority) order. */
      for (guint i = 1; i < check->fw_evaluated->len; i++)
        {
          const VnlFwHit *a = &g_array_index (check->fw_evaluated, VnlFwHit, i - 1);
          const VnlFwHit *b = &g_array_index (check->fw_evaluated, VnlFwHit, i);
          g_assert_true (a->group->priority < b->group->priority ||
                         (a->group == b->group && a->collection->priority <= b->collection->priority));
        }
      if (!order_cases[c].allowed)
        {
          /* The denial ends the trace at the firewall, with its rule. */
          g_assert_cmpint (t->drop, ==, VNL_DROP_DENIED);
          g_assert_cmpstr (t->drop_node, ==, "fw");
          g_assert_true (t->denied_by == check);
          g_assert_nonnull (strstr (t->drop_detail, "deny-ssh"));
          g_assert_nonnull (strstr (t->drop_detail, "priority 200"));
        }
    }
}

/* [FW-RP] "Azure Firewall denies all traffic by default": a version-4
 * firewall with no rule denies even ICMP, no rule matched, and validation
 * warns; a flow no rule matches is denied the same way. */
static void
test_default_deny (void)
{
  g_autoptr(VnlDesign) design = design_load ("4", "  <firewall name=\"fw\" vnet=\"hub\" address=\"10.0.1.4\"/>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) ping = trace_flow (network, "spoke1-vm", "10.2.0.4", NULL, NULL);
  g_autoptr(VnlDesign) ruled = design_load ("4", POLICY);
  g_autoptr(VnlNetwork) ruled_net = vnl_network_new (ruled);
  g_autoptr(VnlTrace) icmp = NULL;
  VnlFirewall *fw;

  g_assert_cmpuint (count_problems (design, VNL_SEVERITY_WARNING, "denies everything"), ==, 1);
  g_assert_cmpuint (count_problems (ruled, VNL_SEVERITY_WARNING, "denies everything"), ==, 0);
  g_assert_false (ping->reached);
  g_assert_cmpint (ping->drop, ==, VNL_DROP_DENIED);
  g_assert_cmpstr (ping->drop_node, ==, "fw");
  g_assert_false (firewall_check (ping)->fw_matched);
  g_assert_null (vnl_nsg_check_fw_hit (firewall_check (ping)));
  g_assert_cmpuint (firewall_check (ping)->fw_evaluated->len, ==, 0);

  /* POLICY allows ICMP by g-late's Any rule only: with g-late gone, no
   * rule matches ICMP (g-early's four are TCP): denied by default. */
  fw = vnl_design_lookup_kind (ruled, "fw", VNL_KIND_FIREWALL);
  g_assert_cmpstr (((VnlFwGroup *) fw->rule_groups->pdata[0])->name, ==, "g-late");
  g_ptr_array_remove_index (fw->rule_groups, 0);
  g_clear_object (&ruled_net);
  ruled_net = vnl_network_new (ruled);
  icmp = trace_flow (ruled_net, "spoke1-vm", "10.2.0.4", NULL, NULL);
  g_assert_false (icmp->reached);
  g_assert_false (firewall_check (icmp)->fw_matched);
  g_assert_cmpuint (firewall_check (icmp)->fw_evaluated->len, ==, 4);
}

/* [FW-FAQ] stateful: only spoke 1 → spoke 2 on 443 is allowed; its reply
 * (from port 443 to the ephemeral port, which no rule allows) comes back
 * through the firewall all the same, while the same flow started from
 * spoke 2 is denied by default. */
static void
test_stateful_reply (void)
{
  g_autoptr(VnlDesign) design = design_load ("4",
    FW_OPEN GROUP ("g", "100") COLL ("c", "100", "Allow") RULE ("r", "TCP", "10.1.0.0/16", "10.2.0.0/16", "443")
    COLL_END GROUP_END FW_CLOSE);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) there = trace_flow (network, "spoke1-vm", "10.2.0.4", "tcp", "443");
  g_autoptr(VnlTrace) started = trace_flow (network, "spoke2-vm", "10.1.0.4", "tcp", "443");

  g_assert_true (there->reached);
  g_assert_nonnull (there->reverse);
  g_assert_true (there->reverse->reached);
  g_assert_cmpuint (there->reverse->nsg_checks->len, ==, 0);
  g_assert_false (started->reached);
  g_assert_cmpint (started->drop, ==, VNL_DROP_DENIED);
  g_assert_false (firewall_check (started)->fw_matched);
}

/* Files older than version 4 had firewalls that forwarded everything
 * (docs/file-format.md): such a firewall gets the allow-all group, which a
 * save keeps, so the design means the same after a round trip. */
static void
test_older_files_allow_all (void)
{
  g_autoptr(VnlDesign) design = design_load ("3", "  <firewall name=\"fw\" vnet=\"hub\" address=\"10.0.1.4\"/>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) ssh = trace_flow (network, "spoke2-vm", "10.1.0.4", "tcp", "22");
  g_autofree char *data = vnl_design_to_data (design, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) again = vnl_design_load_from_data (data, -1, "again", &error);
  g_autoptr(VnlNetwork) again_net = NULL;
  g_autoptr(VnlTrace) again_ssh = NULL;

  g_assert_true (ssh->reached);
  g_assert_cmpstr (vnl_nsg_check_fw_hit (firewall_check (ssh))->group->name, ==, VNL_FW_ALLOW_ALL_GROUP);
  g_assert_cmpuint (count_problems (design, VNL_SEVERITY_WARNING, "denies everything"), ==, 0);
  g_assert_nonnull (strstr (data, "version=\"" G_STRINGIFY (VNL_FILE_VERSION) "\""));
  g_assert_no_error (error);
  g_assert_cmpuint (((VnlFirewall *) vnl_design_lookup_kind (again, "fw", VNL_KIND_FIREWALL))->rule_groups->len,
                    ==, 1);
  again_net = vnl_network_new (again);
  again_ssh = trace_flow (again_net, "spoke2-vm", "10.1.0.4", "tcp", "22");
  g_assert_true (again_ssh->reached);
}

/* The list editor's rows nest back into the same policy (a round trip
 * through text), and refuse a group named again with another priority. */
static void
test_rows (void)
{
  g_autoptr(VnlDesign) design = design_load ("4", POLICY);
  VnlFirewall *fw = vnl_design_lookup_kind (design, "fw", VNL_KIND_FIREWALL);
  g_autofree char *before = vnl_design_to_data (design, NULL);
  g_autofree char *text = vnl_object_get_text (design, fw, "network-rules");
  g_autofree char *after = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = g_strsplit (text, "\n", -1);

  /* One row per rule: 1 + 1 + 1 + 2. */
  g_assert_cmpuint (g_strv_length (rows), ==, 5);
  g_assert_true (vnl_object_set_text (design, fw, "network-rules", text, &error));
  g_assert_no_error (error);
  after = vnl_design_to_data (design, NULL);
  g_assert_cmpstr (after, ==, before);

  bad = g_strconcat (text, "\ng-late\t400\tx\t100\tAllow\ty\tTCP\t*\t*\t*", NULL);
  g_assert_false (vnl_object_set_text (design, fw, "network-rules", bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "g-late"));
}

/* [NSG-HOW] a network virtual appliance's NIC is in a subnet, and that
 * subnet's group filters what arrives at the appliance (inbound) and what
 * leaves it (outbound), as for a VM. spoke3-vm → hub-vm crosses nva; the
 * group on hub/nva denies inbound TCP 22 and outbound TCP 3389; the
 * source 10.3.0.4 is a peered VNet's, VirtualNetwork for the hub, so
 * AllowVnetInBound and AllowVnetOutBound (65000) pass everything else. */
#define NVA_NSG \
  "  <network-security-group name=\"nsg-nva\">\n" \
  "    <rule name=\"no-ssh\" priority=\"100\" direction=\"Inbound\" access=\"Deny\" protocol=\"Tcp\"" \
  " source=\"*\" destination=\"*\" destination-ports=\"22\"/>\n" \
  "    <rule name=\"no-rdp-out\" priority=\"100\" direction=\"Outbound\" access=\"Deny\" protocol=\"Tcp\"" \
  " source=\"*\" destination=\"*\" destination-ports=\"3389\"/>\n" \
  "    <subnet vnet=\"hub\" name=\"nva\"/>\n" \
  "  </network-security-group>\n"

static const struct
{
  const char     *protocol, *port;
  gboolean        reached;
  guint           checks;      /* groups met at the appliance */
  const char     *rule;        /* the deciding rule of the last check */
  VnlNsgDirection direction;
} nva_cases[] = {
  { "tcp", "22", FALSE, 1, "no-ssh", VNL_NSG_INBOUND },
  { "tcp", "3389", FALSE, 2, "no-rdp-out", VNL_NSG_OUTBOUND },
  { "tcp", "443", TRUE, 2, "AllowVnetOutBound", VNL_NSG_OUTBOUND },
  { NULL, NULL, TRUE, 2, "AllowVnetOutBound", VNL_NSG_OUTBOUND },
};

static void
test_appliance_nsg (void)
{
  g_autoptr(VnlDesign) design = design_load ("4", NVA_NSG);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  g_assert_cmpuint (count_problems (design, VNL_SEVERITY_ERROR, NULL), ==, 0);
  for (guint c = 0; c < G_N_ELEMENTS (nva_cases); c++)
    {
      g_autoptr(VnlTrace) t = trace_flow (network, "spoke3-vm", "10.0.0.4", nva_cases[c].protocol, nva_cases[c].port);
      const VnlNsgCheck *last;

      g_test_message ("case %u", c);
      g_assert_cmpint (t->reached, ==, nva_cases[c].reached);
      g_assert_cmpuint (t->nsg_checks->len, ==, nva_cases[c].checks);
      last = t->nsg_checks->pdata[t->nsg_checks->len - 1];
      g_assert_cmpstr (last->group, ==, "nsg-nva");
      g_assert_cmpstr (last->attached, ==, "hub/nva");
      g_assert_cmpstr (last->node, ==, "nva");
      g_assert_true (last->on_subnet);
      g_assert_cmpint (last->direction, ==, nva_cases[c].direction);
      g_assert_cmpstr (vnl_nsg_check_rule (last)->name, ==, nva_cases[c].rule);
      if (!nva_cases[c].reached)
        {
          g_assert_cmpint (t->drop, ==, VNL_DROP_DENIED);
          g_assert_cmpstr (t->drop_node, ==, "nva");
        }
      /* The inbound check comes first, when the packet arrives. */
      g_assert_cmpint (((VnlNsgCheck *) t->nsg_checks->pdata[0])->direction, ==, VNL_NSG_INBOUND);
    }
}

/* [FW-FAQ]: a group on AzureFirewallSubnet is refused, and it filters
 * nothing at the firewall (the firewall's own rules do). */
static void
test_no_nsg_on_firewall_subnet (void)
{
  g_autoptr(VnlDesign) design = design_load ("3",
    "  <firewall name=\"fw\" vnet=\"hub\" address=\"10.0.1.4\"/>\n"
    "  <network-security-group name=\"nsg-fw\">\n"
    "    <rule name=\"deny\" priority=\"100\" direction=\"Inbound\" access=\"Deny\" protocol=\"*\""
    " source=\"*\" destination=\"*\" destination-ports=\"*\"/>\n"
    "    <subnet vnet=\"hub\" name=\"AzureFirewallSubnet\"/>\n"
    "  </network-security-group>\n");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) t = trace_flow (network, "spoke1-vm", "10.2.0.4", "tcp", "22");

  g_assert_cmpuint (count_problems (design, VNL_SEVERITY_ERROR, "AzureFirewallSubnet"), ==, 1);
  g_assert_true (t->reached);
  for (guint i = 0; i < t->nsg_checks->len; i++)
    g_assert_cmpstr (((VnlNsgCheck *) t->nsg_checks->pdata[i])->group, !=, "nsg-fw");
}

/* The matrix for TCP 443 with only spoke 1 → spoke 2 allowed: that cell
 * reachable, the reverse cell routed but denied by the firewall (the
 * same pairs as the traces of test_stateful_reply). */
static void
test_matrix (void)
{
  g_autoptr(VnlDesign) design = design_load ("4",
    FW_OPEN GROUP ("g", "100") COLL ("c", "100", "Allow") RULE ("r", "TCP", "10.1.0.0/16", "10.2.0.0/16", "443")
    COLL_END GROUP_END FW_CLOSE);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlMatrix) matrix = NULL;
  VnlFlow flow;
  int idx[5] = { -1, -1, -1, -1, -1 };
  static const char * const names[5] = { "hub-vm", "spoke1-vm", "spoke2-vm", "spoke3-vm", NULL };

  g_assert_true (vnl_flow_parse ("tcp", "443", NULL, &flow, &error));
  vnl_network_set_flow (network, &flow);
  matrix = vnl_matrix_new (network, NULL);
  for (guint i = 0; i < vnl_matrix_get_n_endpoints (matrix); i++)
    for (guint n = 0; names[n] != NULL; n++)
      if (g_str_equal (vnl_matrix_get_endpoint (matrix, i)->parent.name, names[n]))
        idx[n] = i;
  g_assert_cmpint (vnl_matrix_get_cell (matrix, idx[1], idx[2]), ==, VNL_MATRIX_REACHABLE);
  g_assert_cmpint (vnl_matrix_get_cell (matrix, idx[2], idx[1]), ==, VNL_MATRIX_DENIED);
}

/* `flow` on samples/hub-spoke-firewall.vnetlab, from its policy (the
 * comment above its firewall): spoke to spoke on 443 meets the Deny
 * collection (150) before the Allow one (200); spoke to on premises on
 * 443 is allowed by spokes-to-onprem-https; UDP 53 matches no rule. */
static const struct
{
  const char *to, *protocol, *port;
  int         status;
  const char *verdict, *collection, *rule;
} sample_cases[] = {
  { "10.2.0.4", "tcp", "443", 1, "denied", "deny-spoke-to-spoke", "spoke1-spoke2" },
  { "10.100.1.10", "tcp", "443", 0, "allowed", "allow-spokes", "spokes-to-onprem-https" },
  { "10.100.1.10", "udp", "53", 1, "denied", NULL, NULL },
  { "10.2.0.4", "icmp", NULL, 0, "allowed", "allow-icmp", "icmp-private" },
};

static void
test_sample_flow (void)
{
  g_autofree char *file = sample ("hub-spoke-firewall.vnetlab");

  if (skip_without_cli ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (sample_cases); c++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *root, *check;

      run_cli (&run, (const char *const[]) { "flow", file, "--from", "spoke1-vm", "--to", sample_cases[c].to,
                                              "--protocol", sample_cases[c].protocol,
                                              sample_cases[c].port != NULL ? "--port" : "--json",
                                              sample_cases[c].port != NULL ? sample_cases[c].port : NULL,
                                              "--json", NULL });
      g_assert_cmpint (run.status, ==, sample_cases[c].status);
      g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, sample_cases[c].verdict);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "groups")), ==, 1);
      check = json_array_get_object_element (json_object_get_array_member (root, "groups"), 0);
      g_assert_cmpstr (json_object_get_string_member (check, "firewall"), ==, "azfw");
      g_assert_cmpstr (json_object_get_string_member (check, "collection"), ==, sample_cases[c].collection);
      g_assert_cmpstr (json_object_get_string_member (check, "rule"), ==, sample_cases[c].rule);
      g_assert_cmpint (json_object_get_boolean_member (check, "default_deny"), ==, sample_cases[c].rule == NULL);
    }
}

/* `trace --json` carries the denial: the firewall is the first routed
 * hop from spoke1-vm (its route 0.0.0.0/0 hands the packet to it), and
 * the check that denied, with its collection, is also in the list of
 * every check met. */
static void
test_trace_json (void)
{
  g_autofree char *file = sample ("hub-spoke-firewall.vnetlab");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *drop, *denied;

  if (skip_without_cli ())
    return;
  run_cli (&run, (const char *const[]) { "trace", file, "--from", "spoke1-vm", "--to", "10.2.0.4",
                                          "--protocol", "tcp", "--port", "443", "--json", NULL });
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "reached"));
  drop = json_object_get_object_member (root, "drop");
  g_assert_cmpstr (json_object_get_string_member (drop, "reason"), ==, "denied");
  g_assert_cmpint (json_object_get_int_member (drop, "hop"), ==, 1);
  denied = json_object_get_object_member (drop, "denied_by");
  g_assert_cmpstr (json_object_get_string_member (denied, "collection"), ==, "deny-spoke-to-spoke");
  g_assert_cmpint (json_object_get_int_member (denied, "priority"), ==, 150);
  g_assert_cmpstr (json_object_get_string_member (denied, "rule_collection_group"), ==, "hub-policy");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "nsg_checks")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "flow"), "protocol"), ==,
                   "Tcp");
}

/* The report for TCP 443 on the sample: its table of flows gives each
 * pair the verdict the sample's policy gives (see test_sample_flow), the
 * device that denied and the rule that decided; its JSON says the flow. */
static void
test_report_flows (void)
{
  g_autofree char *path = sample ("hub-spoke-firewall.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(VnlReportTable) flows = NULL;
  g_autofree char *json = NULL;
  VnlFlow flow;
  guint seen = 0;

  g_assert_no_error (error);
  g_assert_true (vnl_flow_parse ("tcp", "443", NULL, &flow, &error));
  report = vnl_report_new_for_flow (design, "hub-spoke-firewall.vnetlab", NULL, &flow, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  flows = vnl_report_flows_table (report);
  /* Three endpoints: six ordered pairs. */
  g_assert_cmpuint (flows->rows->len, ==, 6);
  for (guint r = 0; r < flows->rows->len; r++)
    {
      GStrv cells = ((VnlReportRow *) flows->rows->pdata[r])->cells;

      if (g_str_equal (cells[0], "spoke1-vm") && g_str_equal (cells[1], "spoke2-vm"))
        {
          g_assert_cmpstr (cells[2], ==, "denied");
          g_assert_cmpstr (cells[3], ==, "azfw");
          g_assert_nonnull (strstr (cells[4], "deny-spoke-to-spoke"));
          seen++;
        }
      if (g_str_equal (cells[0], "spoke1-vm") && g_str_equal (cells[1], "dc1-vm"))
        {
          g_assert_cmpstr (cells[2], ==, "allowed");
          g_assert_nonnull (strstr (cells[4], "spokes-to-onprem-https"));
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 2);
  json = vnl_report_to_json (report);
  g_assert_nonnull (strstr (json, "\"flows\""));
  g_assert_nonnull (strstr (json, "\"source_port\""));
}

/* A summarised report (more than VNL_REPORT_FULL_MAX_ENDPOINTS) counts the
 * flows per pair of networks: its first row counts every ordered pair of
 * endpoints once, as allowed, denied or not routed, the allowed ones being
 * the pairs the matrix says reach; the rows after it are pairs of
 * networks with a denied flow (with the generated groups, UDP 53 into
 * every spoke is denied), which add up to the denied total when none is
 * left out. */
static void
test_report_flows_per_network (void)
{
  VnlGenerateOptions opts;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(VnlReportTable) flows = NULL;
  guint64 pairs = 0, allowed = 0, denied = 0, total_denied = 0, n;
  VnlFlow flow;

  vnl_generate_options_init (&opts);
  opts.n_vnets = 60;
  opts.n_sites = 6;
  opts.n_circuits = 3;
  opts.n_prefixes = 60;
  opts.nsgs = TRUE;
  design = vnl_generate_design (&opts, &error);
  g_assert_no_error (error);
  g_assert_true (vnl_flow_parse ("udp", "53", NULL, &flow, &error));
  report = vnl_report_new_for_flow (design, NULL, NULL, &flow, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  n = report->endpoints->len;
  g_assert_cmpuint (n, >, VNL_REPORT_FULL_MAX_ENDPOINTS);
  flows = vnl_report_flows_table (report);
  g_assert_cmpuint (flows->n_columns, ==, 6);
  for (guint r = 0; r < flows->rows->len; r++)
    {
      GStrv cells = ((VnlReportRow *) flows->rows->pdata[r])->cells;
      guint64 p = g_ascii_strtoull (cells[2], NULL, 10), a = g_ascii_strtoull (cells[3], NULL, 10);
      guint64 d = g_ascii_strtoull (cells[4], NULL, 10), u = g_ascii_strtoull (cells[5], NULL, 10);

      g_assert_cmpuint (a + d + u, ==, p);
      if (r == 0)
        {
          g_assert_cmpuint (p, ==, n * (n - 1));
          g_assert_cmpuint (a, ==, vnl_matrix_count_reachable (report->matrix));
          total_denied = d;
          continue;
        }
      g_assert_cmpuint (d, >, 0);
      pairs += p;
      allowed += a;
      denied += d;
    }
  g_assert_cmpuint (total_denied, >, 0);
  if (flows->rows->len - 1 < VNL_REPORT_MAX_LISTED_TRACES)
    g_assert_cmpuint (denied, ==, total_denied);
  g_assert_nonnull (strstr (flows->note, "per pair of networks"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/firewall/priority-order", test_priority_order);
  g_test_add_func ("/core/firewall/default-deny", test_default_deny);
  g_test_add_func ("/core/firewall/stateful-reply", test_stateful_reply);
  g_test_add_func ("/core/firewall/older-files-allow-all", test_older_files_allow_all);
  g_test_add_func ("/core/firewall/rows", test_rows);
  g_test_add_func ("/core/firewall/appliance-nsg", test_appliance_nsg);
  g_test_add_func ("/core/firewall/no-nsg-on-firewall-subnet", test_no_nsg_on_firewall_subnet);
  g_test_add_func ("/core/firewall/matrix", test_matrix);
  g_test_add_func ("/core/firewall/sample-flow", test_sample_flow);
  g_test_add_func ("/core/firewall/trace-json", test_trace_json);
  g_test_add_func ("/core/firewall/report-flows", test_report_flows);
  g_test_add_func ("/core/firewall/report-flows-per-network", test_report_flows_per_network);

  return g_test_run ();
}
