/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-arm.h"
#include "vnl-arm-export.h"
#include "vnl-compare.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-import.h"
#include "vnl-matrix.h"
#include "vnl-kinds.h"
#include "vnl-network.h"
#include "vnl-nsg.h"
#include "vnl-prefix.h"
#include "vnl-regions.h"
#include "vnl-test-cli.h"

/*
 * Import of Azure JSON. The fixtures (tests/data/import, written by
 * make-fixtures.py) hold one hub-and-spoke estate as Azure CLI output, as
 * Resource Graph results and as an ARM template; hub-spoke-expected.vnetlab
 * is the same estate drawn by hand. Each shape must import to that design:
 * the same objects field by field, valid, and the same traces between
 * every pair of endpoints.
 */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static VnlDesign *
import_files (const char *const *names,
              VnlImport         **out_import)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = data_path (names[i]);
      vnl_import_add_file (import, path, &error);
      g_assert_no_error (error);
    }
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  g_assert_nonnull (design);
  if (out_import != NULL)
    *out_import = g_steal_pointer (&import);
  return design;
}

static const char *const cli_files[] = {
  "cli/vnet-list.json", "cli/vnet-peering-list-spoke1.json", "cli/vnet-gateway-list.json",
  "cli/public-ip-list.json", "cli/local-gateway-list.json", "cli/express-route-list.json",
  "cli/vpn-connection-list.json", "cli/nic-list.json", "cli/route-table-list.json",
  "cli/nsg-list.json", "cli/firewall-list.json", "cli/firewall-policy-list.json",
  "cli/firewall-policy-rule-collection-group-list.json", NULL
};
static const char *const graph_files[] = { "graph.json", NULL };
static const char *const template_files[] = { "template.json", NULL };

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((VnlObject *) *(gpointer *) a)->name, ((VnlObject *) *(gpointer *) b)->name);
}

/* Every object as its JSON, by kind and name: two designs with the same
 * objects and values give the same text, whatever their order. */
static char *
objects_text (VnlDesign *design)
{
  GString *s = g_string_new (NULL);

  for (VnlKind k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

      for (guint i = 0; i < objects->len; i++)
        g_ptr_array_add (sorted, objects->pdata[i]);
      g_ptr_array_sort (sorted, compare_names);
      for (guint i = 0; i < sorted->len; i++)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          json_builder_begin_object (b);
          vnl_kind_object_to_json (sorted->pdata[i], b);
          json_builder_end_object (b);
          node = json_builder_get_root (b);
          text = json_to_string (node, FALSE);
          g_string_append_printf (s, "%s\n", text);
        }
    }
  return g_string_free (s, FALSE);
}

/* Every trace between two endpoints: delivered or not, and the hops. */
static char *
traces_text (VnlDesign *design)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < endpoints->len; i++)
    for (guint j = 0; j < endpoints->len; j++)
      {
        VnlEndpoint *from = endpoints->pdata[i];
        VnlEndpoint *to = endpoints->pdata[j];
        g_autoptr(GError) error = NULL;
        g_autoptr(VnlTrace) trace = NULL;

        if (i == j)
          continue;
        trace = vnl_network_trace (network, from->parent.name, to->parent.name, &error);
        g_assert_no_error (error);
        g_string_append_printf (s, "%s > %s: %s", from->parent.name, to->parent.name,
                                trace->reached ? "reached" : "dropped");
        for (guint h = 0; h < trace->hops->len; h++)
          {
            VnlHop *hop = &g_array_index (trace->hops, VnlHop, h);
            g_autofree char *addr = vnl_ip_to_string (hop->address);
            g_string_append_printf (s, " %s(%s)", hop->node, addr);
          }
        g_string_append_c (s, '\n');
      }
  return g_string_free (s, FALSE);
}

/* The reachability matrix (both directions, as a ping needs), by name. */
static char *
matrix_text (VnlDesign *design)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  VnlMatrix *matrix = vnl_matrix_new (network, NULL);
  guint n = vnl_matrix_get_n_endpoints (matrix);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      g_string_append_printf (s, "%s %s %d\n", vnl_matrix_get_endpoint (matrix, i)->parent.name,
                              vnl_matrix_get_endpoint (matrix, j)->parent.name,
                              i != j && vnl_matrix_get (matrix, i, j));
  vnl_matrix_free (matrix);
  return g_string_free (s, FALSE);
}

static VnlDesign *
load_expected (void)
{
  g_autofree char *path = data_path ("hub-spoke-expected.vnetlab");
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

static void
check_shape (const char *const *files)
{
  g_autoptr(VnlDesign) expected = load_expected ();
  g_autoptr(VnlDesign) design = import_files (files, NULL);
  g_autoptr(GPtrArray) problems = vnl_design_validate (design, "imported");
  g_autofree char *want = objects_text (expected);
  g_autofree char *got = objects_text (design);
  g_autofree char *want_traces = traces_text (expected);
  g_autofree char *got_traces = traces_text (design);

  g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, 0);
  g_assert_cmpstr (got, ==, want);
  /* The latencies of the built-in region table. */
  g_assert_cmpuint (vnl_design_get_latencies (design)->len, ==, vnl_design_get_latencies (expected)->len);
  g_assert_cmpfloat_with_epsilon (vnl_design_latency (design, "westeurope", "amsterdam"), 0.5, 1e-9);
  g_assert_cmpstr (got_traces, ==, want_traces);
  /* Within the estate (reasoned in hub-spoke-expected.vnetlab): the hub
   * and the spokes reach each other directly over peering; spoke to spoke
   * goes through the firewall (their 0.0.0.0/0), which forwards it, and
   * spokes-nsg's deny-vnet-in drops it at the far spoke; hub-vm-nsg drops
   * ICMP from spoke2 at the hub VM's NIC. The firewall's hop does not
   * answer (no address), as Azure Firewall does not. */
  g_assert_nonnull (strstr (got_traces, "spoke1-vm-nic > hub-vm-nic: reached"));
  g_assert_nonnull (strstr (got_traces, "hub-vm-nic > spoke2-vm-nic: reached"));
  g_assert_nonnull (strstr (got_traces, "spoke1-vm-nic > spoke2-vm-nic: dropped hub-fw(0.0.0.0)\n"));
  g_assert_nonnull (strstr (got_traces, "spoke2-vm-nic > hub-vm-nic: dropped"));
}

static void
test_cli_shape (void)
{
  check_shape (cli_files);
}

static void
test_graph_shape (void)
{
  check_shape (graph_files);
}

static void
test_template_shape (void)
{
  check_shape (template_files);
}

/* The CLI fixture prints a connection's shared key, as `vpn-connection
 * show` does: it must reach neither the design nor the report. */
static void
test_shared_key_never_read (void)
{
  g_autoptr(VnlImport) import = NULL;
  g_autoptr(VnlDesign) design = import_files (cli_files, &import);
  VnlS2sConnection *s2s = vnl_design_lookup_kind (design, "hub-dc1-vpn", VNL_KIND_S2S_CONNECTION);
  g_autofree char *data = NULL;
  gsize length;
  gboolean reported = FALSE;
  GPtrArray *rows = vnl_import_get_report (import);

  g_assert_nonnull (s2s);
  g_assert_null (s2s->shared_key);
  data = vnl_design_to_data (design, &length);
  g_assert_null (strstr (data, "imported-secret-never-read"));
  for (guint i = 0; i < rows->len; i++)
    {
      VnlImportRow *row = rows->pdata[i];
      g_assert_null (strstr (row->message, "imported-secret-never-read"));
      reported |= row->status == VNL_IMPORT_IGNORED && g_str_has_prefix (row->message, "sharedKey");
    }
  g_assert_true (reported);
}

static VnlImportRow *
find_row (VnlImport       *import,
          VnlImportStatus  status,
          const char      *name,
          const char      *message_part)
{
  GPtrArray *rows = vnl_import_get_report (import);

  for (guint i = 0; i < rows->len; i++)
    {
      VnlImportRow *row = rows->pdata[i];
      if (row->status == status && g_strcmp0 (row->name, name) == 0
          && (message_part == NULL || strstr (row->message, message_part) != NULL))
        return row;
    }
  return NULL;
}

/* Every resource of the fixtures is in the report: read, merged into
 * another, or ignored with the reason. */
static void
test_report_lists_everything (void)
{
  g_autoptr(VnlImport) import = NULL;
  g_autoptr(VnlDesign) design = import_files (cli_files, &import);
  VnlImportRow *row;

  g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "hub-fw", "Azure Firewall"));
  /* Its policy and rule collection group are read into it; a rule naming
   * an FQDN and a DNAT collection are reported with their paths. */
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "hub-fw-policy", "policy"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "DefaultNetworkRuleCollectionGroup", "rule collection group"));
  row = find_row (import, VNL_IMPORT_IGNORED, "DefaultNetworkRuleCollectionGroup", "FQDNs");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (row->message, "ruleCollections[1].rules[0].destinationFqdns"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "DefaultNetworkRuleCollectionGroup", "DNAT"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "spoke1-rt", "route table"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "to-firewall", "user-defined route"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "default", "associated with route table spoke2-rt"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "spokes-nsg", "network security group"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "default", "associated with network security group spokes-nsg"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "hub-vm-nic",
                              "NIC associated with network security group hub-vm-nsg"));
  /* Azure's default rules are vnetlab's: read once, not duplicated. */
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "DenyAllInBound", "default rule"));
  g_assert_null (find_row (import, VNL_IMPORT_IGNORED, "DenyAllInBound", NULL));
  /* A rule to a service tag vnetlab does not model: reported with its
   * path, left out. */
  row = find_row (import, VNL_IMPORT_IGNORED, "allow-storage-out", "Storage");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->path, ==, "$[0].securityRules[2]");
  g_assert_cmpstr (row->file + strlen (row->file) - strlen ("cli/nsg-list.json"), ==, "cli/nsg-list.json");
  /* spoke1's peering is in the VNet list and in the peering list: once. */
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "spoke1-to-hub", "read once"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "hub-er-ams", NULL));
  g_assert_cmpuint (vnl_import_count (import, VNL_IMPORT_OUTSIDE), ==, 0);
}

/* A file with unsupported resources, references outside the input, and a
 * policy-based gateway. */
static const char report_input[] =
  "[\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/a\",\n"
  "  \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\", \"location\": \"northeurope\",\n"
  "  \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},\n"
  "  \"subnets\": [{\"name\": \"GatewaySubnet\", \"addressPrefix\": \"10.0.255.0/27\",\n"
  "    \"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/a/subnets/GatewaySubnet\"}],\n"
  "  \"virtualNetworkPeerings\": [{\"name\": \"a-to-x\",\n"
  "    \"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/a/virtualNetworkPeerings/a-to-x\",\n"
  "    \"remoteVirtualNetwork\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/x\"}}]},\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworkGateways/gw\",\n"
  "  \"name\": \"gw\", \"type\": \"Microsoft.Network/virtualNetworkGateways\", \"gatewayType\": \"Vpn\",\n"
  "  \"ipConfigurations\": [{\"subnet\": {\"id\": \"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKS/A/SUBNETS/GATEWAYSUBNET\"}}]},\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworkGateways/far\",\n"
  "  \"name\": \"far\", \"type\": \"Microsoft.Network/virtualNetworkGateways\", \"gatewayType\": \"Vpn\",\n"
  "  \"ipConfigurations\": [{\"subnet\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/y/subnets/GatewaySubnet\"}}]},\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworkGateways/pb\",\n"
  "  \"name\": \"pb\", \"type\": \"Microsoft.Network/virtualNetworkGateways\", \"gatewayType\": \"Vpn\", \"vpnType\": \"PolicyBased\",\n"
  "  \"ipConfigurations\": [{\"subnet\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/a/subnets/GatewaySubnet\"}}]},\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualHubs/rs\",\n"
  "  \"name\": \"rs\", \"type\": \"Microsoft.Network/virtualHubs\"},\n"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\",\n"
  "  \"name\": \"vm\", \"type\": \"Microsoft.Compute/virtualMachines\"}\n"
  "]\n";

static void
test_report_unsupported_and_dangling (void)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlImportRow *row;

  vnl_import_add_data (import, report_input, -1, "estate.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);

  /* Joined although the case of the subnet ID differs. */
  g_assert_nonnull (vnl_design_lookup_kind (design, "gw", VNL_KIND_GATEWAY));
  g_assert_cmpstr (((VnlGateway *) vnl_design_lookup (design, "gw"))->vnet, ==, "a");

  row = find_row (import, VNL_IMPORT_OUTSIDE, "a-to-x", "remoteVirtualNetwork.id");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->file, ==, "estate.json");
  g_assert_cmpstr (row->path, ==, "$[0].virtualNetworkPeerings[0]");
  g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "far", "virtualnetworks/y"));
  g_assert_null (vnl_design_lookup (design, "far"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "pb", "policy-based"));
  g_assert_null (vnl_design_lookup (design, "pb"));
  /* A route server whose IP configuration (its subnet) is not in the input. */
  g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "rs", "ipConfigurations"));
  g_assert_null (vnl_design_lookup (design, "rs"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "vm", "not a network resource"));
  g_assert_null (vnl_design_lookup_kind (design, "a-to-x", VNL_KIND_PEERING));
}

/* Locations from the resources' regions, latencies from the built-in
 * table: two regions an ocean apart are tens of milliseconds apart (one
 * way, docs/latencies.md: some 43 ms US East to Western Europe); a region
 * the table does not know keeps the design's default. */
static void
test_region_latencies (void)
{
  static const char input[] =
    "[{\"id\": \"/s/v/a\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"location\": \"westeurope\", \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}},"
    " {\"id\": \"/s/v/b\", \"name\": \"b\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"location\": \"East US\", \"addressSpace\": {\"addressPrefixes\": [\"10.1.0.0/16\"]}},"
    " {\"id\": \"/s/v/c\", \"name\": \"c\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"location\": \"moonbase1\", \"addressSpace\": {\"addressPrefixes\": [\"10.2.0.0/16\"]}}]";
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  double ms;

  vnl_import_add_data (import, input, -1, "regions.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((VnlVnet *) vnl_design_lookup (design, "b"))->location, ==, "eastus");
  ms = vnl_design_latency (design, "westeurope", "eastus");
  g_assert_cmpfloat (ms, >, 35);
  g_assert_cmpfloat (ms, <, 50);
  g_assert_cmpfloat_with_epsilon (ms, vnl_region_latency_ms ("West Europe", "East US"), 1e-9);
  g_assert_cmpfloat (vnl_design_latency (design, "westeurope", "moonbase1"), ==,
                     vnl_design_get_default_latency (design));
  g_assert_cmpuint (vnl_design_get_latencies (design)->len, ==, 1);
}

/* Appliances, an internal load balancer and a private endpoint, in the
 * Resource Graph shape (properties wrapped, IDs in mixed case). */
#define SUB "/subscriptions/s/resourceGroups/g/providers/"
static const char appliance_input[] =
  "{\"data\": [\n"
  " {\"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub\", \"name\": \"hub\","
  "  \"type\": \"microsoft.network/virtualnetworks\", \"location\": \"westeurope\", \"properties\": {\n"
  "  \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},\n"
  "  \"subnets\": [{\"name\": \"nva\", \"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/nva\","
  "                 \"properties\": {\"addressPrefix\": \"10.0.1.0/24\"}},\n"
  "               {\"name\": \"pe\", \"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/pe\","
  "                 \"properties\": {\"addressPrefix\": \"10.0.2.0/24\","
  "                                  \"privateEndpointNetworkPolicies\": \"RouteTableEnabled\"}}]}},\n"
  /* nva1: two NICs of one VM, the first in the pool (the NIC's side). */
  " {\"id\": \"" SUB "Microsoft.Network/networkInterfaces/nva1-nic1\", \"name\": \"nva1-nic1\","
  "  \"type\": \"microsoft.network/networkinterfaces\", \"properties\": {\"enableIPForwarding\": true,\n"
  "  \"virtualMachine\": {\"id\": \"" SUB "Microsoft.Compute/virtualMachines/nva1\"},\n"
  "  \"ipConfigurations\": [{\"name\": \"ipconfig1\", \"properties\": {\"privateIPAddress\": \"10.0.1.4\",\n"
  "    \"subnet\": {\"id\": \"" SUB "MICROSOFT.NETWORK/virtualNetworks/HUB/subnets/nva\"},\n"
  "    \"loadBalancerBackendAddressPools\": [{\"id\": \"" SUB "Microsoft.Network/loadBalancers/ilb/backendAddressPools/nvas\"}]}}]}},\n"
  " {\"id\": \"" SUB "Microsoft.Network/networkInterfaces/nva1-nic2\", \"name\": \"nva1-nic2\","
  "  \"type\": \"microsoft.network/networkinterfaces\", \"properties\": {\"enableIPForwarding\": true,\n"
  "  \"virtualMachine\": {\"id\": \"" SUB "microsoft.compute/virtualmachines/NVA1\"},\n"
  "  \"ipConfigurations\": [{\"name\": \"ipconfig1\", \"properties\": {\"privateIPAddress\": \"10.0.1.14\",\n"
  "    \"subnet\": {\"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/nva\"}}}]}},\n"
  /* nva2: in the pool by the load balancer's side; its NIC's group is not
   * in the input. */
  " {\"id\": \"" SUB "Microsoft.Network/networkInterfaces/nva2-nic\", \"name\": \"nva2-nic\","
  "  \"type\": \"microsoft.network/networkinterfaces\", \"properties\": {\"enableIPForwarding\": true,\n"
  "  \"virtualMachine\": {\"id\": \"" SUB "Microsoft.Compute/virtualMachines/nva2\"},\n"
  "  \"networkSecurityGroup\": {\"id\": \"" SUB "Microsoft.Network/networkSecurityGroups/elsewhere\"},\n"
  "  \"ipConfigurations\": [{\"name\": \"ipconfig1\", \"properties\": {\"privateIPAddress\": \"10.0.1.5\",\n"
  "    \"subnet\": {\"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/nva\"}}}]}},\n"
  " {\"id\": \"" SUB "Microsoft.Network/loadBalancers/ilb\", \"name\": \"ilb\","
  "  \"type\": \"microsoft.network/loadbalancers\", \"properties\": {\n"
  "  \"frontendIPConfigurations\": [{\"name\": \"fe\", \"properties\": {\"privateIPAddress\": \"10.0.1.100\"}}],\n"
  "  \"backendAddressPools\": [{\"name\": \"nvas\", \"id\": \"" SUB "Microsoft.Network/loadBalancers/ilb/backendAddressPools/nvas\",\n"
  "    \"properties\": {\"backendIPConfigurations\": [{\"id\": \"" SUB "Microsoft.Network/networkInterfaces/nva2-nic/ipConfigurations/ipconfig1\"}]}}]}},\n"
  /* A private endpoint and the NIC Azure made for it. */
  " {\"id\": \"" SUB "Microsoft.Network/privateEndpoints/sql-pe\", \"name\": \"sql-pe\","
  "  \"type\": \"microsoft.network/privateendpoints\", \"properties\": {\n"
  "  \"subnet\": {\"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/pe\"},\n"
  "  \"networkInterfaces\": [{\"id\": \"" SUB "Microsoft.Network/networkInterfaces/sql-pe.nic.1\"}],\n"
  "  \"privateLinkServiceConnections\": [{\"name\": \"sql\", \"properties\": {\"privateLinkServiceId\": \"" SUB "Microsoft.Sql/servers/db\"}}]}},\n"
  " {\"id\": \"" SUB "Microsoft.Network/networkInterfaces/sql-pe.nic.1\", \"name\": \"sql-pe.nic.1\","
  "  \"type\": \"microsoft.network/networkinterfaces\", \"properties\": {\n"
  "  \"privateEndpoint\": {\"id\": \"" SUB "Microsoft.Network/privateEndpoints/sql-pe\"},\n"
  "  \"ipConfigurations\": [{\"name\": \"ipconfig\", \"properties\": {\"privateIPAddress\": \"10.0.2.5\",\n"
  "    \"subnet\": {\"id\": \"" SUB "Microsoft.Network/virtualNetworks/hub/subnets/pe\"}}}]}}\n"
  "]}\n";

static void
test_appliances_and_private_endpoints (void)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlAppliance *nva1, *nva2;
  VnlEndpoint *pe;
  VnlVnet *hub;
  guint32 ip;

  vnl_import_add_data (import, appliance_input, -1, "estate.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);

  /* One appliance per VM (named after it), its two NICs' addresses; the
   * NICs with IP forwarding are no endpoints. */
  nva1 = vnl_design_lookup_kind (design, "nva1", VNL_KIND_APPLIANCE);
  nva2 = vnl_design_lookup_kind (design, "nva2", VNL_KIND_APPLIANCE);
  g_assert_nonnull (nva1);
  g_assert_nonnull (nva2);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_APPLIANCE)->len, ==, 2);
  g_assert_cmpstr (nva1->vnet, ==, "hub");
  vnl_ip_parse ("10.0.1.4", &ip);
  g_assert_cmpuint (nva1->address, ==, ip);
  vnl_ip_parse ("10.0.1.14", &ip);
  g_assert_cmpuint (nva1->address_2, ==, ip);
  /* Both in the load balancer's pool, from either side: its frontend. */
  vnl_ip_parse ("10.0.1.100", &ip);
  g_assert_cmpuint (nva1->frontend, ==, ip);
  g_assert_cmpuint (nva2->frontend, ==, ip);
  g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "nva2-nic", "networkSecurityGroup.id"));

  /* The private endpoint at its NIC's address; the NIC read into it. */
  pe = vnl_design_lookup_kind (design, "sql-pe", VNL_KIND_ENDPOINT);
  g_assert_nonnull (pe);
  g_assert_true (pe->private_endpoint);
  g_assert_cmpstr (pe->owner, ==, "hub");
  vnl_ip_parse ("10.0.2.5", &ip);
  g_assert_cmpuint (pe->address, ==, ip);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_ENDPOINT)->len, ==, 1);
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "sql-pe.nic.1", "private endpoint"));
  hub = vnl_design_lookup_kind (design, "hub", VNL_KIND_VNET);
  g_assert_false (((VnlSubnet *) hub->subnets->pdata[0])->pe_route_policies);
  g_assert_true (((VnlSubnet *) hub->subnets->pdata[1])->pe_route_policies);
  g_assert_cmpuint (vnl_import_count (import, VNL_IMPORT_OUTSIDE), ==, 1);
}

/* Rules vnetlab cannot hold are reported with their JSON path and left
 * out, the others read with their lists; a default rule unlike Azure's
 * documented one is reported, not read as a rule of the group's own. */
static void
test_nsg_rules (void)
{
  static const char input[] =
    "{\"value\": [{\"id\": \"/s/g/networkSecurityGroups/n\", \"name\": \"n\","
    "  \"type\": \"Microsoft.Network/networkSecurityGroups\", \"properties\": {\"securityRules\": [\n"
    "  {\"name\": \"from-asg\", \"properties\": {\"priority\": 100, \"direction\": \"Inbound\","
    "   \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceApplicationSecurityGroups\": [{\"id\": \"/s/g/applicationSecurityGroups/Web-ASG\"}],"
    "   \"destinationAddressPrefix\": \"*\", \"sourcePortRange\": \"*\", \"destinationPortRange\": \"22\"}},\n"
    "  {\"name\": \"esp\", \"properties\": {\"priority\": 110, \"direction\": \"Inbound\","
    "   \"access\": \"Allow\", \"protocol\": \"Esp\", \"sourceAddressPrefix\": \"*\","
    "   \"destinationAddressPrefix\": \"*\", \"sourcePortRange\": \"*\", \"destinationPortRange\": \"*\"}},\n"
    "  {\"name\": \"web\", \"properties\": {\"priority\": 120, \"direction\": \"Inbound\","
    "   \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"\","
    "   \"sourceAddressPrefixes\": [\"10.0.0.0/8\", \"192.168.0.0/16\"], \"destinationAddressPrefix\": \"VirtualNetwork\","
    "   \"sourcePortRange\": \"*\", \"destinationPortRanges\": [\"80\", \"443\"]}}],\n"
    "  \"defaultSecurityRules\": [{\"name\": \"DenyAllInBound\", \"properties\": {\"priority\": 65500,"
    "   \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"*\", \"sourceAddressPrefix\": \"*\","
    "   \"destinationAddressPrefix\": \"*\", \"sourcePortRange\": \"*\", \"destinationPortRange\": \"*\"}}]}}]}";
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlNsg *nsg;
  VnlNsgRule *rule;

  vnl_import_add_data (import, input, -1, "nsg.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  nsg = vnl_design_lookup_kind (design, "n", VNL_KIND_NSG);
  g_assert_nonnull (nsg);
  g_assert_cmpuint (nsg->rules->len, ==, 2);
  /* The application security group, by the last segment of its ID. */
  rule = nsg->rules->pdata[0];
  g_assert_cmpstr (rule->name, ==, "from-asg");
  g_assert_cmpint (g_array_index (rule->sources, VnlNsgAddr, 0).kind, ==, VNL_NSG_ADDR_ASG);
  g_assert_cmpstr (g_array_index (rule->sources, VnlNsgAddr, 0).asg, ==, "Web-ASG");
  rule = nsg->rules->pdata[1];
  g_assert_cmpstr (rule->name, ==, "web");
  g_assert_cmpuint (rule->sources->len, ==, 2);
  g_assert_cmpuint (rule->destination_ports->len, ==, 2);
  g_assert_cmpint (g_array_index (rule->destinations, VnlNsgAddr, 0).kind, ==, VNL_NSG_ADDR_VIRTUAL_NETWORK);
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "esp", "protocol Esp"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "DenyAllInBound", "unlike Azure's"));
}

/* The NIC Azure made for a private endpoint, without the endpoint's own
 * resource (`az network nic list` alone): still a private endpoint. */
static void
test_private_endpoint_nic_alone (void)
{
  static const char input[] =
    "[{\"id\": \"/s/g/virtualNetworks/v\", \"name\": \"v\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"location\": \"westeurope\", \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},"
    "  \"subnets\": [{\"name\": \"pe\", \"id\": \"/s/g/virtualNetworks/v/subnets/pe\", \"addressPrefix\": \"10.0.2.0/24\"}]},"
    " {\"id\": \"/s/g/networkInterfaces/pe.nic\", \"name\": \"pe.nic\", \"type\": \"Microsoft.Network/networkInterfaces\","
    "  \"privateEndpoint\": {\"id\": \"/s/g/privateEndpoints/pe\"},"
    "  \"ipConfigurations\": [{\"name\": \"c\", \"privateIPAddress\": \"10.0.2.4\","
    "    \"subnet\": {\"id\": \"/s/g/virtualNetworks/v/subnets/pe\"}}]}]";
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlEndpoint *ep;

  vnl_import_add_data (import, input, -1, "nics.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  ep = vnl_design_lookup_kind (design, "pe.nic", VNL_KIND_ENDPOINT);
  g_assert_nonnull (ep);
  g_assert_true (ep->private_endpoint);
}

typedef struct
{
  const char     *data;
  VnlImportError  code;
  const char     *where;   /* expected in the message */
} BadInput;

static const BadInput bad_inputs[] = {
  /* Truncated: the line of the end of the file. */
  { "[\n {\"id\": \"/x\", \"name\": \"a\",\n  \"type\": \"Microsoft.Network/virtualNetworks\",\n",
    VNL_IMPORT_ERROR_SYNTAX, "bad.json:3:" },
  { "not json", VNL_IMPORT_ERROR_SYNTAX, "bad.json:1:" },
  { "{\"value\": 1, \"other\": []}", VNL_IMPORT_ERROR_NOT_AZURE, "bad.json: not Azure" },
  { "[{\"name\": \"a\"}]", VNL_IMPORT_ERROR_NOT_AZURE, "bad.json: $[0]:" },
  /* Required properties missing: the JSON path of the member. */
  { "[{\"id\": \"/v/a\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\"}]",
    VNL_IMPORT_ERROR_INVALID, "$[0].addressSpace.addressPrefixes" },
  { "{\"data\": [{\"id\": \"/c/x\", \"name\": \"x\", \"type\": \"microsoft.network/connections\", \"properties\": {}}]}",
    VNL_IMPORT_ERROR_INVALID, "$.data[0].connectionType" },
  { "[{\"id\": \"/v/a\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\","
    " \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.300/16\"]}}]",
    VNL_IMPORT_ERROR_INVALID, "bad.json: $[0]:" },
  /* A route without its next-hop type; one Azure does not have. */
  { "[{\"id\": \"/r/t\", \"name\": \"t\", \"type\": \"Microsoft.Network/routeTables\","
    " \"routes\": [{\"name\": \"r\", \"addressPrefix\": \"10.0.0.0/8\"}]}]",
    VNL_IMPORT_ERROR_INVALID, "bad.json: $[0].routes[0].nextHopType" },
  { "{\"data\": [{\"id\": \"/r/t\", \"name\": \"t\", \"type\": \"microsoft.network/routetables\", \"properties\":"
    " {\"routes\": [{\"name\": \"r\", \"properties\": {\"addressPrefix\": \"10.0.0.0/8\", \"nextHopType\": \"VNetPeering\"}}]}}]}",
    VNL_IMPORT_ERROR_INVALID, "bad.json: $.data[0].properties.routes[0]: " },
  /* A malformed template expression. */
  { "{\"resources\": [{\"type\": \"Microsoft.Network/virtualNetworks\", \"name\": \"[concat('a', ]\"}]}",
    VNL_IMPORT_ERROR_EXPRESSION, "$.resources[0].name" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(VnlImport) import = vnl_import_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = NULL;

      if (vnl_import_add_data (import, bad_inputs[i].data, -1, "bad.json", &error))
        design = vnl_import_run (import, &error);
      g_test_message ("%s", error != NULL ? error->message : "(no error)");
      g_assert_null (design);
      g_assert_error (error, VNL_IMPORT_ERROR, (int) bad_inputs[i].code);
      g_assert_nonnull (strstr (error->message, bad_inputs[i].where));
    }
}

typedef struct
{
  const char *expression;
  const char *value;      /* as JSON; NULL: unknown until deployed */
} Expression;

static const char template_root[] =
  "{\"parameters\": {\"name\": {\"type\": \"string\", \"defaultValue\": \"hub\"},"
  "                  \"key\": {\"type\": \"securestring\"}},"
  " \"variables\": {\"prefix\": \"10.0\", \"space\": \"[concat(variables('prefix'), '.0.0/16')]\","
  "               \"list\": [\"a\", \"b\"]}}";

static const Expression expressions[] = {
  { "plain", "\"plain\"" },
  { "[[literal]", "\"[literal]\"" },
  { "[parameters('name')]", "\"hub\"" },
  { "[variables('space')]", "\"10.0.0.0/16\"" },
  { "[concat(parameters('name'), '/', 'default')]", "\"hub/default\"" },
  { "[format('{0}-to-{1}', 'a', parameters('name'))]", "\"a-to-hub\"" },
  { "[variables('list')[1]]", "\"b\"" },
  { "['it''s']", "\"it's\"" },
  { "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('name'), 'GatewaySubnet')]",
    "\"/subscriptions/" VNL_ARM_SUBSCRIPTION "/resourceGroups/" VNL_ARM_GROUP
    "/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet\"" },
  { "[resourceId('rg2', 'Microsoft.Network/virtualNetworks', 'v')]",
    "\"/subscriptions/" VNL_ARM_SUBSCRIPTION "/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v\"" },
  { "[resourceId('sub3', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]",
    "\"/subscriptions/sub3/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v\"" },
  { "[toLower('West Europe')]", "\"west europe\"" },
  { "[reference('fw').ipConfigurations[0].properties.privateIPAddress]", NULL },
  { "[concat('x', reference('fw').id)]", NULL },
  { "[parameters('key')]", NULL },
  { "[resourceGroup().location]", NULL },
};

static void
test_arm_expressions (void)
{
  g_autoptr(JsonNode) root = json_from_string (template_root, NULL);
  g_autoptr(VnlArmContext) ctx = vnl_arm_context_new (json_node_get_object (root));

  for (guint i = 0; i < G_N_ELEMENTS (expressions); i++)
    {
      g_autoptr(JsonNode) in = json_node_new (JSON_NODE_VALUE);
      g_autoptr(GPtrArray) unknowns = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) out = NULL;
      g_autofree char *text = NULL;

      json_node_set_string (in, expressions[i].expression);
      out = vnl_arm_evaluate_tree (ctx, in, "$.x", unknowns, &error);
      g_assert_no_error (error);
      text = json_to_string (out, FALSE);
      g_test_message ("%s → %s", expressions[i].expression, text);
      if (expressions[i].value == NULL)
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (out));
          g_assert_cmpuint (unknowns->len, ==, 1);
          g_assert_true (g_str_has_prefix (unknowns->pdata[0], "$.x: "));
        }
      else
        {
          g_assert_cmpstr (text, ==, expressions[i].value);
          g_assert_cmpuint (unknowns->len, ==, 0);
        }
    }
}

/* Global Reach from a circuit peering's connections, seen from both
 * circuits, is one object; so is a VNet-to-VNet connection given as its
 * two resources. IDs differ in case between the references and the
 * resources. */
#define ID "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
static const char pairs_input[] =
  "["
  "{\"id\": \"" ID "expressRouteCircuits/c1\", \"name\": \"c1\", \"type\": \"Microsoft.Network/expressRouteCircuits\","
  " \"sku\": {\"tier\": \"Premium\"}, \"serviceProviderProperties\": {\"peeringLocation\": \"Silicon Valley\", \"bandwidthInMbps\": 200},"
  " \"peerings\": [{\"name\": \"AzurePrivatePeering\", \"id\": \"" ID "expressRouteCircuits/c1/peerings/AzurePrivatePeering\","
  "   \"peeringType\": \"AzurePrivatePeering\", \"peerASN\": 65001, \"vlanId\": 10,"
  "   \"primaryPeerAddressPrefix\": \"192.168.1.0/30\", \"secondaryPeerAddressPrefix\": \"192.168.1.4/30\","
  "   \"connections\": [{\"name\": \"gr\", \"id\": \"" ID "expressRouteCircuits/c1/peerings/AzurePrivatePeering/connections/gr\","
  "     \"expressRouteCircuitPeering\": {\"id\": \"" ID "expressRouteCircuits/c1/peerings/AzurePrivatePeering\"},"
  "     \"peerExpressRouteCircuitPeering\": {\"id\": \"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.NETWORK/EXPRESSROUTECIRCUITS/C2/PEERINGS/AZUREPRIVATEPEERING\"},"
  "     \"addressPrefix\": \"10.255.0.0/29\"}]},"
  "  {\"name\": \"MicrosoftPeering\", \"peeringType\": \"MicrosoftPeering\"}]},"
  "{\"id\": \"" ID "expressRouteCircuits/c2\", \"name\": \"c2\", \"type\": \"Microsoft.Network/expressRouteCircuits\","
  " \"sku\": {\"tier\": \"Standard\"}, \"serviceProviderProperties\": {\"peeringLocation\": \"London\", \"bandwidthInMbps\": 50},"
  " \"peerings\": [{\"name\": \"AzurePrivatePeering\", \"id\": \"" ID "expressRouteCircuits/c2/peerings/AzurePrivatePeering\","
  "   \"peeringType\": \"AzurePrivatePeering\", \"peerASN\": 65002, \"vlanId\": 20,"
  "   \"primaryPeerAddressPrefix\": \"192.168.2.0/30\", \"secondaryPeerAddressPrefix\": \"192.168.2.4/30\","
  "   \"connections\": [{\"name\": \"gr-back\", \"id\": \"" ID "expressRouteCircuits/c2/peerings/AzurePrivatePeering/connections/gr-back\","
  "     \"expressRouteCircuitPeering\": {\"id\": \"" ID "expressRouteCircuits/c2/peerings/AzurePrivatePeering\"},"
  "     \"peerExpressRouteCircuitPeering\": {\"id\": \"" ID "expressRouteCircuits/c1/peerings/AzurePrivatePeering\"}}]}]},"
  "{\"id\": \"" ID "virtualNetworks/a\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\","
  " \"addressSpace\": {\"addressPrefixes\": [\"10.1.0.0/16\"]},"
  " \"subnets\": [{\"name\": \"GatewaySubnet\", \"addressPrefix\": \"10.1.255.0/27\"}]},"
  "{\"id\": \"" ID "virtualNetworks/b\", \"name\": \"b\", \"type\": \"Microsoft.Network/virtualNetworks\","
  " \"addressSpace\": {\"addressPrefixes\": [\"10.2.0.0/16\"]},"
  " \"subnets\": [{\"name\": \"GatewaySubnet\", \"addressPrefix\": \"10.2.255.0/27\"}]},"
  "{\"id\": \"" ID "virtualNetworkGateways/ga\", \"name\": \"ga\", \"type\": \"Microsoft.Network/virtualNetworkGateways\","
  " \"gatewayType\": \"Vpn\", \"bgpSettings\": {\"asn\": 65010},"
  " \"ipConfigurations\": [{\"subnet\": {\"id\": \"" ID "virtualNetworks/a/subnets/GatewaySubnet\"}}]},"
  "{\"id\": \"" ID "virtualNetworkGateways/gb\", \"name\": \"gb\", \"type\": \"Microsoft.Network/virtualNetworkGateways\","
  " \"gatewayType\": \"Vpn\", \"bgpSettings\": {\"asn\": 65020},"
  " \"ipConfigurations\": [{\"subnet\": {\"id\": \"" ID "virtualNetworks/b/subnets/GatewaySubnet\"}}]},"
  "{\"id\": \"" ID "connections/a-to-b\", \"name\": \"a-to-b\", \"type\": \"Microsoft.Network/connections\","
  " \"connectionType\": \"Vnet2Vnet\", \"enableBgp\": true,"
  " \"virtualNetworkGateway1\": {\"id\": \"" ID "virtualNetworkGateways/ga\"},"
  " \"virtualNetworkGateway2\": {\"id\": \"" ID "virtualNetworkGateways/GB\"}},"
  "{\"id\": \"" ID "connections/b-to-a\", \"name\": \"b-to-a\", \"type\": \"Microsoft.Network/connections\","
  " \"connectionType\": \"Vnet2Vnet\", \"enableBgp\": true,"
  " \"virtualNetworkGateway1\": {\"id\": \"" ID "virtualNetworkGateways/gb\"},"
  " \"virtualNetworkGateway2\": {\"id\": \"" ID "virtualNetworkGateways/ga\"}}"
  "]";
#undef ID

static void
test_pairs (void)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlGlobalReach *gr;
  VnlV2vConnection *v2v;
  VnlCircuit *c1;
  VnlLink *secondary;

  vnl_import_add_data (import, pairs_input, -1, "pairs.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH)->len, ==, 1);
  gr = vnl_design_lookup_kind (design, "gr", VNL_KIND_GLOBAL_REACH);
  g_assert_nonnull (gr);
  g_assert_cmpstr (gr->circuit_a, ==, "c1");
  g_assert_cmpstr (gr->circuit_b, ==, "c2");
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "gr-back", "other circuit"));

  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION)->len, ==, 1);
  v2v = vnl_design_lookup_kind (design, "a-to-b", VNL_KIND_V2V_CONNECTION);
  g_assert_nonnull (v2v);
  g_assert_cmpstr (v2v->gateway_b, ==, "gb");
  g_assert_true (v2v->bgp);
  g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "b-to-a", "other direction"));

  /* The circuit: Premium, the peering location by its Azure name, both
   * links from the /30s (CE first usable address, Microsoft second). */
  c1 = vnl_design_lookup_kind (design, "c1", VNL_KIND_CIRCUIT);
  g_assert_cmpint (c1->sku, ==, VNL_CIRCUIT_SKU_PREMIUM);
  g_assert_cmpuint (c1->peer_asn, ==, 65001);
  g_assert_cmpuint (c1->vlan, ==, 10);
  g_assert_cmpuint (c1->microsoft_asn, ==, VNL_MICROSOFT_ASN);
  g_assert_cmpstr (c1->peering_location, ==, "siliconvalley");
  g_assert_cmpstr (((VnlLocation *) vnl_design_lookup (design, "siliconvalley"))->display_name, ==, "Silicon Valley");
  secondary = vnl_design_lookup_kind (design, c1->links[1], VNL_KIND_LINK);
  g_assert_nonnull (secondary);
  g_assert_cmpint (secondary->role, ==, VNL_LINK_SECONDARY);
  g_assert_cmpuint (secondary->ce_address, ==, (192u << 24 | 168u << 16 | 1u << 8 | 5u));
  g_assert_cmpuint (secondary->msee_address, ==, (192u << 24 | 168u << 16 | 1u << 8 | 6u));
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "MicrosoftPeering", "only private peering"));
}

/* An unconnected peering (its other side not created) is imported down. */
/* Route tables: associations from the subnet's routeTable.id or from the
 * table's subnets[] (either, joined case-insensitively; the subnet's own
 * link decides when they disagree), routes inline or as child resources,
 * and what cannot be read reported with its path. */
#define RT_A "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/a"
#define RT_T "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/routeTables/"
static const char route_table_input[] =
  "[\n"
  " {\"id\": \"" RT_A "\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\",\n"
  "  \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},\n"
  "  \"subnets\": [\n"
  "   {\"id\": \"" RT_A "/subnets/s1\", \"name\": \"s1\", \"addressPrefix\": \"10.0.1.0/24\",\n"
  "    \"routeTable\": {\"id\": \"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.NETWORK/ROUTETABLES/RT1\"}},\n"
  "   {\"id\": \"" RT_A "/subnets/s2\", \"name\": \"s2\", \"addressPrefix\": \"10.0.2.0/24\"},\n"
  "   {\"id\": \"" RT_A "/subnets/s3\", \"name\": \"s3\", \"addressPrefix\": \"10.0.3.0/24\",\n"
  "    \"routeTable\": {\"id\": \"" RT_T "rt2\"}},\n"
  "   {\"id\": \"" RT_A "/subnets/s4\", \"name\": \"s4\", \"addressPrefix\": \"10.0.4.0/24\",\n"
  "    \"routeTable\": {\"id\": \"" RT_T "gone\"}}]},\n"
  " {\"id\": \"" RT_T "rt1\", \"name\": \"rt1\", \"type\": \"Microsoft.Network/routeTables\",\n"
  "  \"disableBgpRoutePropagation\": true,\n"
  "  \"routes\": [\n"
  "   {\"name\": \"nva\", \"addressPrefix\": \"0.0.0.0/0\", \"nextHopType\": \"VirtualAppliance\", \"nextHopIpAddress\": \"10.0.1.4\"},\n"
  "   {\"name\": \"tag\", \"addressPrefix\": \"AzureCloud\", \"nextHopType\": \"Internet\"},\n"
  "   {\"name\": \"unknown\", \"addressPrefix\": \"10.9.0.0/16\", \"nextHopType\": \"VirtualAppliance\"}],\n"
  "  \"subnets\": [{\"id\": \"" RT_A "/SUBNETS/S2\"}, {\"id\": \"" RT_A "/subnets/s3\"},\n"
  "               {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/z/subnets/x\"}]},\n"
  " {\"id\": \"" RT_T "rt2\", \"name\": \"rt2\", \"type\": \"Microsoft.Network/routeTables\"},\n"
  " {\"id\": \"" RT_T "rt2/routes/blackhole\", \"name\": \"blackhole\", \"type\": \"Microsoft.Network/routeTables/routes\",\n"
  "  \"addressPrefix\": \"192.0.2.0/24\", \"nextHopType\": \"None\"}\n"
  "]\n";

static void
test_route_tables (void)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlUdrTable *rt1;
  VnlUdrTable *rt2;
  VnlUdr *udr;

  vnl_import_add_data (import, route_table_input, -1, "rt.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);

  rt1 = vnl_design_lookup_kind (design, "rt1", VNL_KIND_ROUTE_TABLE);
  rt2 = vnl_design_lookup_kind (design, "rt2", VNL_KIND_ROUTE_TABLE);
  g_assert_nonnull (rt1);
  g_assert_nonnull (rt2);
  g_assert_false (rt1->propagate_gateway_routes);
  g_assert_true (rt2->propagate_gateway_routes);

  /* s1 by its own link (upper case), s2 by the table's back-link only. */
  g_assert_cmpuint (rt1->subnets->len, ==, 2);
  g_assert_cmpstr (((VnlUdrSubnet *) rt1->subnets->pdata[0])->vnet, ==, "a");
  g_assert_cmpstr (((VnlUdrSubnet *) rt1->subnets->pdata[0])->subnet, ==, "s1");
  g_assert_cmpstr (((VnlUdrSubnet *) rt1->subnets->pdata[1])->subnet, ==, "s2");
  /* s3 names rt2 itself: rt1's back-link to it is not followed. */
  g_assert_cmpuint (rt2->subnets->len, ==, 1);
  g_assert_cmpstr (((VnlUdrSubnet *) rt2->subnets->pdata[0])->subnet, ==, "s3");
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "rt1", "routeTable.id decides"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "rt1", "virtualnetworks/z/subnets/x"));
  g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "s4", "routetables/gone"));

  /* Only the route vnetlab can hold; the others reported with their path. */
  g_assert_cmpuint (rt1->routes->len, ==, 1);
  udr = rt1->routes->pdata[0];
  g_assert_cmpstr (udr->name, ==, "nva");
  g_assert_cmpuint (udr->prefix.len, ==, 0);
  g_assert_cmpint (udr->next_hop, ==, VNL_UDR_VIRTUAL_APPLIANCE);
  g_assert_cmpuint (udr->next_hop_ip, ==, (10u << 24) | (1u << 8) | 4u);
  g_assert_cmpstr (find_row (import, VNL_IMPORT_IGNORED, "tag", "service tags")->path, ==, "$[1].routes[1]");
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "unknown", "nextHopIpAddress"));
  /* A route as a child resource of its own. */
  g_assert_cmpuint (rt2->routes->len, ==, 1);
  g_assert_cmpint (((VnlUdr *) rt2->routes->pdata[0])->next_hop, ==, VNL_UDR_NONE);
}

/* A template whose appliance address is a reference() (the firewall's
 * private IP, as in the Architecture Center's hub-spoke): unknown until
 * deployed, so the route is reported and left out, never read as a route
 * to nowhere. */
static void
test_route_table_reference (void)
{
  static const char template[] =
    "{\"resources\": [{\"type\": \"Microsoft.Network/routeTables\", \"name\": \"rt\", \"properties\": {\"routes\": ["
    " {\"name\": \"to-fw\", \"properties\": {\"addressPrefix\": \"0.0.0.0/0\", \"nextHopType\": \"VirtualAppliance\","
    "  \"nextHopIpAddress\": \"[reference(resourceId('Microsoft.Network/azureFirewalls', 'fw')).ipConfigurations[0].properties.privateIPAddress]\"}},"
    " {\"name\": \"web\", \"properties\": {\"addressPrefix\": \"0.0.0.0/0\", \"nextHopType\": \"Internet\"}}]}},"
    " {\"type\": \"Microsoft.Network/routeTables/routes\", \"name\": \"rt/local\","
    "  \"properties\": {\"addressPrefix\": \"10.0.0.0/16\", \"nextHopType\": \"VnetLocal\"}}]}";
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlUdrTable *rt;

  vnl_import_add_data (import, template, -1, "t.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  rt = vnl_design_lookup_kind (design, "rt", VNL_KIND_ROUTE_TABLE);
  g_assert_nonnull (rt);
  g_assert_cmpuint (rt->routes->len, ==, 2);
  g_assert_cmpstr (((VnlUdr *) rt->routes->pdata[0])->name, ==, "web");
  g_assert_cmpstr (((VnlUdr *) rt->routes->pdata[1])->name, ==, "local");
  g_assert_nonnull (find_row (import, VNL_IMPORT_UNKNOWN, "rt", "reference()"));
  g_assert_cmpstr (find_row (import, VNL_IMPORT_IGNORED, "to-fw", "nextHopIpAddress")->path, ==,
                   "$.resources[0].properties.routes[0]");
}

static void
test_peering_state (void)
{
  static const char input[] =
    "[{\"id\": \"/s/g/virtualNetworks/a\", \"name\": \"a\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},"
    "  \"virtualNetworkPeerings\": [{\"name\": \"a-b\", \"peeringState\": \"Initiated\","
    "    \"remoteVirtualNetwork\": {\"id\": \"/s/g/virtualNetworks/B\"}}]},"
    " {\"id\": \"/s/g/virtualNetworks/b\", \"name\": \"b\", \"type\": \"Microsoft.Network/virtualNetworks\","
    "  \"addressSpace\": {\"addressPrefixes\": [\"10.1.0.0/16\"]}}]";
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlPeering *peering;

  vnl_import_add_data (import, input, -1, "p.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  peering = vnl_design_lookup_kind (design, "a-b", VNL_KIND_PEERING);
  g_assert_nonnull (peering);
  g_assert_cmpstr (peering->vnet_b, ==, "b");
  g_assert_false (peering->parent.up);
  g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "a-b", "Initiated"));
}

/* Route Server (spec §1.3 C, §3): a virtual hub without virtualWan.id in
 * the VNet of its IP configuration's subnet, its bgpConnections peerings
 * to the appliance holding peerIp; the same estate as CLI output (the IP
 * configuration inline), as Resource Graph output (as a child resource)
 * and as a template with its children inline in resources[]. */
static const char rs_template[] =
  "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
  " \"contentVersion\": \"1.0.0.0\", \"resources\": ["
  "  {\"type\": \"Microsoft.Network/virtualNetworks\", \"apiVersion\": \"2023-09-01\", \"name\": \"hub\","
  "   \"location\": \"westeurope\", \"properties\": {\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]},"
  "   \"subnets\": [{\"name\": \"nva\", \"properties\": {\"addressPrefix\": \"10.0.1.0/24\"}},"
  "    {\"name\": \"RouteServerSubnet\", \"properties\": {\"addressPrefix\": \"10.0.2.0/26\"}}]}},"
  "  {\"type\": \"Microsoft.Network/networkInterfaces\", \"apiVersion\": \"2023-09-01\", \"name\": \"nva1-nic\","
  "   \"location\": \"westeurope\", \"properties\": {\"enableIPForwarding\": true,"
  "   \"virtualMachine\": {\"id\": \"[resourceId('Microsoft.Compute/virtualMachines', 'nva1')]\"},"
  "   \"ipConfigurations\": [{\"name\": \"ipconfig1\", \"properties\": {\"privateIPAddress\": \"10.0.1.4\","
  "    \"subnet\": {\"id\": \"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'nva')]\"}}}]}},"
  "  {\"type\": \"Microsoft.Network/virtualHubs\", \"apiVersion\": \"2023-09-01\", \"name\": \"hub-rs\","
  "   \"location\": \"westeurope\", \"properties\": {\"sku\": \"Standard\", \"allowBranchToBranchTraffic\": true,"
  "   \"hubRoutingPreference\": \"VpnGateway\", \"virtualRouterIps\": [\"10.0.2.4\", \"10.0.2.5\"]},"
  "   \"resources\": ["
  "    {\"type\": \"ipConfigurations\", \"apiVersion\": \"2023-09-01\", \"name\": \"ipconfig1\","
  "     \"properties\": {\"subnet\": {\"id\": \"[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'RouteServerSubnet')]\"}}},"
  "    {\"type\": \"bgpConnections\", \"apiVersion\": \"2023-09-01\", \"name\": \"rs-nva1\","
  "     \"properties\": {\"peerAsn\": 65001, \"peerIp\": \"10.0.1.4\"}},"
  "    {\"type\": \"bgpConnections\", \"apiVersion\": \"2023-09-01\", \"name\": \"rs-elsewhere\","
  "     \"properties\": {\"peerAsn\": 65002, \"peerIp\": \"10.0.1.99\"}}]},"
  "  {\"type\": \"Microsoft.Network/virtualHubs\", \"apiVersion\": \"2023-09-01\", \"name\": \"wan-hub\","
  "   \"location\": \"westeurope\", \"properties\": {\"addressPrefix\": \"10.100.0.0/23\","
  "   \"virtualWan\": {\"id\": \"[resourceId('Microsoft.Network/virtualWans', 'wan')]\"}}}]}";

static void
test_route_server (void)
{
  static const char *const cli[] = { "route-server/cli.json", NULL };
  static const char *const graph[] = { "route-server/graph.json", NULL };
  g_autofree char *first = NULL;

  for (guint shape = 0; shape < 3; shape++)
    {
      g_autoptr(VnlImport) import = NULL;
      g_autoptr(VnlDesign) design = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      VnlRouteServer *rs;
      VnlRsPeering *peering;
      VnlAppliance *nva;

      if (shape < 2)
        design = import_files (shape == 0 ? cli : graph, &import);
      else
        {
          import = vnl_import_new ();
          vnl_import_add_data (import, rs_template, -1, "rs-template.json", &error);
          g_assert_no_error (error);
          design = vnl_import_run (import, &error);
          g_assert_no_error (error);
        }
      g_test_message ("shape %u", shape);
      rs = vnl_design_lookup_kind (design, "hub-rs", VNL_KIND_ROUTE_SERVER);
      g_assert_nonnull (rs);
      g_assert_cmpstr (rs->vnet, ==, "hub");
      g_assert_true (rs->branch_to_branch);
      g_assert_cmpint (rs->preference, ==, VNL_HUB_PREF_VPN);
      g_assert_cmpuint (rs->addresses[0], ==, 0x0a000204);
      g_assert_cmpuint (rs->addresses[1], ==, 0x0a000205);
      g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "hub-rs", NULL));
      g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "ipconfig1", "IP configuration of the route server"));

      /* peerIp is the appliance's first NIC: the peering's default. */
      nva = vnl_design_lookup_kind (design, "nva1", VNL_KIND_APPLIANCE);
      g_assert_nonnull (nva);
      peering = vnl_design_lookup_kind (design, "rs-nva1", VNL_KIND_RS_PEERING);
      g_assert_nonnull (peering);
      g_assert_cmpstr (peering->route_server, ==, "hub-rs");
      g_assert_cmpstr (peering->appliance, ==, "nva1");
      g_assert_cmpuint (peering->peer_asn, ==, 65001);
      g_assert_cmpuint (peering->peer_ip, ==, 0);
      /* The appliance speaks BGP with the ASN the route server expects. */
      g_assert_cmpuint (nva->asn, ==, 65001);

      /* No appliance of the input holds 10.0.1.99. */
      g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "rs-elsewhere", "10.0.1.99"));
      g_assert_null (vnl_design_lookup (design, "rs-elsewhere"));
      /* A hub of a Virtual WAN is not a route server: a Virtual WAN hub,
       * whose WAN is not in the input. */
      g_assert_nonnull (find_row (import, VNL_IMPORT_OUTSIDE, "wan-hub", "Virtual WAN"));
      g_assert_null (vnl_design_lookup_kind (design, "wan-hub", VNL_KIND_ROUTE_SERVER));
      g_assert_null (vnl_design_lookup (design, "wan-hub"));

      text = objects_text (design);
      if (first == NULL)
        first = g_steal_pointer (&text);
      else
        g_assert_cmpstr (text, ==, first);
    }
}

static char *
positions_text (VnlDesign *design)
{
  GString *s = g_string_new (NULL);

  for (VnlKind k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *o = objects->pdata[i];
          if (o->has_pos)
            g_string_append_printf (s, "%s %g %g\n", o->name, o->pos.x, o->pos.y);
        }
    }
  return g_string_free (s, FALSE);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

static char *
sorted_lines (char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  g_free (text);
  return g_strjoinv ("\n", lines);
}

/* Export as an ARM template, import it back: the same objects, field by
 * field, the same positions and states, the same traces (so the same
 * reachability) — for every sample and valid test design. */
static void
test_round_trip (void)
{
  static const char *const extra[] = {
    "tests/data/valid/empty.vnetlab", "tests/data/valid/features.vnetlab",
    "tests/data/valid/global-reach-sites-only.vnetlab", "tests/data/valid/peered-vnets-one-circuit.vnetlab",
    "tests/data/valid/static-s2s-site.vnetlab", "tests/data/udr/doc-example.vnetlab",
    "tests/data/import/hub-spoke-expected.vnetlab", "tests/data/valid/application-security-groups.vnetlab",
    "tests/data/import/vwan-expected.vnetlab", "tests/data/import/vwan-round-trip.vnetlab",
  };
  g_autofree char *samples_dir = g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (samples_dir, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  /* Every sample, whatever is added later, and the test designs. */
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".vnetlab"))
      g_ptr_array_add (files, g_strdup_printf ("samples/%s", entry));
  g_assert_cmpuint (files->len, >=, 10);
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    g_ptr_array_add (files, g_strdup (extra[i]));

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", (char *) files->pdata[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
      g_autoptr(JsonNode) template = NULL;
      g_autofree char *json = NULL;
      g_autoptr(VnlImport) import = vnl_import_new ();
      g_autoptr(VnlDesign) back = NULL;

      g_test_message ("%s", (char *) files->pdata[i]);
      g_assert_no_error (error);
      template = vnl_arm_export (design);
      json = json_to_string (template, TRUE);
      /* Secrets are parameters, never values. */
      for (guint k = 0; k < vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION)->len; k++)
        {
          VnlS2sConnection *c = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION)->pdata[k];
          if (c->shared_key != NULL)
            g_assert_null (strstr (json, c->shared_key));
        }
      vnl_import_add_data (import, json, -1, files->pdata[i], &error);
      g_assert_no_error (error);
      back = vnl_import_run (import, &error);
      g_assert_no_error (error);

      g_autofree char *want = objects_text (design);
      g_autofree char *got = objects_text (back);
      g_assert_cmpstr (got, ==, want);
      g_autofree char *want_pos = sorted_lines (positions_text (design));
      g_autofree char *got_pos = sorted_lines (positions_text (back));
      g_assert_cmpstr (got_pos, ==, want_pos);
      /* By pair, whatever the order the objects come back in. */
      g_autofree char *want_traces = sorted_lines (traces_text (design));
      g_autofree char *got_traces = sorted_lines (traces_text (back));
      g_assert_cmpstr (got_traces, ==, want_traces);
      g_autofree char *want_matrix = sorted_lines (matrix_text (design));
      g_autofree char *got_matrix = sorted_lines (matrix_text (back));
      g_assert_cmpstr (got_matrix, ==, want_matrix);
      g_assert_cmpfloat (vnl_design_latency (back, "a", "b"), ==, vnl_design_latency (design, "a", "b"));
      g_assert_cmpuint (vnl_design_get_latencies (back)->len, ==, vnl_design_get_latencies (design)->len);
    }
}

/* The resource @type named @name in an exported template, or NULL. */
static JsonObject *
template_resource (JsonNode   *template,
                   const char *type,
                   const char *name)
{
  JsonArray *resources = json_object_get_array_member (json_node_get_object (template), "resources");

  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      if (g_str_equal (json_object_get_string_member (r, "type"), type)
          && g_str_equal (json_object_get_string_member (r, "name"), name))
        return r;
    }
  return NULL;
}

/* The route table of features.vnetlab as Azure's ARM schema has it
 * (learn.microsoft.com/azure/templates/microsoft.network/routetables):
 * properties.disableBgpRoutePropagation (the file turns propagation off),
 * properties.routes[].{name, properties.{addressPrefix, nextHopType,
 * nextHopIpAddress}} with an address only for the VirtualAppliance route,
 * and the association as the subnet's properties.routeTable.id, the VNet
 * depending on the table. */
static void
test_export_route_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "tests/data/valid/features.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(JsonNode) template = NULL;
  const char *id = "[resourceId('Microsoft.Network/routeTables', 'rt-app')]";
  JsonObject *rt;
  JsonObject *props;
  JsonArray *routes;
  JsonObject *vnet;
  JsonArray *subnets;
  JsonArray *depends;
  gboolean linked = FALSE;

  g_assert_no_error (error);
  template = vnl_arm_export (design);
  rt = template_resource (template, "Microsoft.Network/routeTables", "rt-app");
  g_assert_nonnull (rt);
  g_assert_cmpstr (json_object_get_string_member (rt, "location"), ==, "r1");
  props = json_object_get_object_member (rt, "properties");
  g_assert_true (json_object_get_boolean_member (props, "disableBgpRoutePropagation"));
  routes = json_object_get_array_member (props, "routes");
  g_assert_cmpuint (json_array_get_length (routes), ==, 3);
  JsonObject *to_vm = json_array_get_object_element (routes, 0);
  JsonObject *to_vm_props = json_object_get_object_member (to_vm, "properties");
  g_assert_cmpstr (json_object_get_string_member (to_vm, "name"), ==, "to-vm");
  g_assert_cmpstr (json_object_get_string_member (to_vm_props, "addressPrefix"), ==, "10.2.0.0/24");
  g_assert_cmpstr (json_object_get_string_member (to_vm_props, "nextHopType"), ==, "VirtualAppliance");
  /* features.vnetlab: to-vm goes to the v1-nva pair's frontend. */
  g_assert_cmpstr (json_object_get_string_member (to_vm_props, "nextHopIpAddress"), ==, "10.101.0.190");
  JsonObject *vpn_props = json_object_get_object_member (json_array_get_object_element (routes, 2), "properties");
  g_assert_cmpstr (json_object_get_string_member (vpn_props, "nextHopType"), ==, "VirtualNetworkGateway");
  g_assert_false (json_object_has_member (vpn_props, "nextHopIpAddress"));

  vnet = template_resource (template, "Microsoft.Network/virtualNetworks", "v1");
  subnets = json_object_get_array_member (json_object_get_object_member (vnet, "properties"), "subnets");
  for (guint i = 0; i < json_array_get_length (subnets); i++)
    {
      JsonObject *subnet = json_array_get_object_element (subnets, i);
      JsonObject *sp = json_object_get_object_member (subnet, "properties");
      gboolean app = g_str_equal (json_object_get_string_member (subnet, "name"), "app");

      /* Only app has the table; GatewaySubnet has none. */
      g_assert_cmpint (json_object_has_member (sp, "routeTable"), ==, app);
      if (app)
        {
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sp, "routeTable"), "id"),
                           ==, id);
          linked = TRUE;
        }
    }
  g_assert_true (linked);
  /* On the table and on the group of its app subnet (export-resources). */
  depends = json_object_get_array_member (vnet, "dependsOn");
  g_assert_cmpuint (json_array_get_length (depends), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (depends, 0), ==, id);
  g_assert_cmpstr (json_array_get_string_element (depends, 1), ==,
                   "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]");
  g_assert_false (json_object_has_member (template_resource (template, "Microsoft.Network/virtualNetworks", "v2"),
                                          "dependsOn"));
}

/* The member @path ("a.b.c") of @o, every step an object, or NULL. */
static JsonNode *
member (JsonObject *o,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (o == NULL || !json_object_has_member (o, parts[i]))
        return NULL;
      node = json_object_get_member (o, parts[i]);
      o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static const char *
member_string (JsonObject *o,
               const char *path)
{
  JsonNode *node = member (o, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* features.vnetlab's group, appliance and private endpoint as the ARM
 * schema has them (learn.microsoft.com/azure/templates/microsoft.network/
 * networksecuritygroups, networkinterfaces, loadbalancers,
 * privateendpoints), and hub-spoke-firewall's firewall (azurefirewalls):
 * resources, not metadata. */
static void
test_export_resources (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "features.vnetlab", NULL);
  g_autofree char *fw_path = g_test_build_filename (G_TEST_DIST, "..", "samples", "hub-spoke-firewall.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(VnlDesign) fw_design = NULL;
  g_autoptr(JsonNode) template = NULL;
  g_autoptr(JsonNode) fw_template = NULL;
  JsonObject *nsg, *rule, *nic, *nic2, *lb, *pe, *fw, *vnet;
  JsonArray *rules, *list;

  g_assert_no_error (error);
  template = vnl_arm_export (design);

  /* The group: its own rules only (Azure adds the defaults); two
   * addresses or port ranges as the plural member, one as the singular. */
  nsg = template_resource (template, "Microsoft.Network/networkSecurityGroups", "nsg-app");
  g_assert_nonnull (nsg);
  rules = json_node_get_array (member (nsg, "properties.securityRules"));
  g_assert_cmpuint (json_array_get_length (rules), ==, 2);
  rule = json_array_get_object_element (rules, 0);
  g_assert_cmpstr (json_object_get_string_member (rule, "name"), ==, "allow-https");
  g_assert_cmpint (json_node_get_int (member (rule, "properties.priority")), ==, 100);
  g_assert_cmpstr (member_string (rule, "properties.direction"), ==, "Inbound");
  g_assert_cmpstr (member_string (rule, "properties.access"), ==, "Allow");
  g_assert_cmpstr (member_string (rule, "properties.protocol"), ==, "Tcp");
  list = json_node_get_array (member (rule, "properties.sourceAddressPrefixes"));
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "Internet");
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, "10.9.0.0/16");
  g_assert_cmpstr (member_string (rule, "properties.sourcePortRange"), ==, "*");
  g_assert_cmpstr (member_string (rule, "properties.destinationAddressPrefix"), ==, "VirtualNetwork");
  list = json_node_get_array (member (rule, "properties.destinationPortRanges"));
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, "8000-8080");

  /* Its associations: the subnet's and the NIC's networkSecurityGroup.id. */
  vnet = template_resource (template, "Microsoft.Network/virtualNetworks", "v1");
  list = json_node_get_array (member (vnet, "properties.subnets"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *subnet = json_array_get_object_element (list, i);
      const char *name = json_object_get_string_member (subnet, "name");

      g_assert_cmpint (member (subnet, "properties.networkSecurityGroup") != NULL, ==, g_str_equal (name, "app"));
      /* The pe subnet's route table policies for private endpoints. */
      g_assert_cmpstr (member_string (subnet, "properties.privateEndpointNetworkPolicies"), ==,
                       g_str_equal (name, "pe") ? "RouteTableEnabled" : NULL);
    }
  nic = template_resource (template, "Microsoft.Network/networkInterfaces", "v1-vm");
  g_assert_cmpstr (member_string (nic, "properties.networkSecurityGroup.id"), ==,
                   "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]");

  /* The appliance: a NIC per address with IP forwarding, both of its VM,
   * both in the pool of the load balancer of its frontend. */
  nic = template_resource (template, "Microsoft.Network/networkInterfaces", "v1-nva-nic");
  nic2 = template_resource (template, "Microsoft.Network/networkInterfaces", "v1-nva-nic2");
  g_assert_nonnull (nic);
  g_assert_nonnull (nic2);
  g_assert_true (json_node_get_boolean (member (nic, "properties.enableIPForwarding")));
  g_assert_true (json_node_get_boolean (member (nic2, "properties.enableIPForwarding")));
  g_assert_cmpstr (member_string (nic2, "properties.virtualMachine.id"), ==,
                   "[resourceId('Microsoft.Compute/virtualMachines', 'v1-nva')]");
  list = json_node_get_array (member (nic, "properties.ipConfigurations"));
  rule = json_array_get_object_element (list, 0);
  g_assert_cmpstr (member_string (rule, "properties.privateIPAddress"), ==, "10.101.0.130");
  g_assert_cmpstr (member_string (rule, "properties.subnet.id"), ==,
                   "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v1', 'nva')]");
  list = json_node_get_array (member (nic2, "properties.ipConfigurations"));
  rule = json_array_get_object_element (list, 0);
  g_assert_cmpstr (member_string (rule, "properties.subnet.id"), ==,
                   "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v1', 'transit')]");
  lb = template_resource (template, "Microsoft.Network/loadBalancers", "ilb-10-101-0-190");
  g_assert_nonnull (lb);
  list = json_node_get_array (member (lb, "properties.frontendIPConfigurations"));
  g_assert_cmpstr (member_string (json_array_get_object_element (list, 0), "properties.privateIPAddress"), ==,
                   "10.101.0.190");
  list = json_node_get_array (member (lb, "properties.loadBalancingRules"));
  g_assert_cmpstr (member_string (json_array_get_object_element (list, 0), "properties.protocol"), ==, "All");
  g_assert_cmpint (json_node_get_int (member (json_array_get_object_element (list, 0), "properties.frontendPort")), ==, 0);

  /* The private endpoint: its own resource, the service a parameter. */
  pe = template_resource (template, "Microsoft.Network/privateEndpoints", "v1-pe");
  g_assert_nonnull (pe);
  g_assert_null (template_resource (template, "Microsoft.Network/networkInterfaces", "v1-pe"));
  g_assert_cmpstr (member_string (pe, "properties.subnet.id"), ==,
                   "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v1', 'pe')]");
  list = json_node_get_array (member (pe, "properties.privateLinkServiceConnections"));
  g_assert_cmpstr (member_string (json_array_get_object_element (list, 0), "properties.privateLinkServiceId"), ==,
                   "[parameters('v1-pe-privateLinkServiceId')]");
  g_assert_nonnull (member (json_node_get_object (template), "parameters.v1-pe-privateLinkServiceId"));

  /* The firewall, in the subnet holding its address, with its public IP. */
  fw_design = vnl_design_load (fw_path, &error);
  g_assert_no_error (error);
  fw_template = vnl_arm_export (fw_design);
  fw = template_resource (fw_template, "Microsoft.Network/azureFirewalls", "azfw");
  g_assert_nonnull (fw);
  g_assert_cmpstr (member_string (fw, "properties.sku.name"), ==, "AZFW_VNet");
  list = json_node_get_array (member (fw, "properties.ipConfigurations"));
  rule = json_array_get_object_element (list, 0);
  g_assert_cmpstr (member_string (rule, "properties.subnet.id"), ==,
                   "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'AzureFirewallSubnet')]");
  g_assert_cmpstr (member_string (rule, "properties.publicIPAddress.id"), ==,
                   "[resourceId('Microsoft.Network/publicIPAddresses', 'azfw-pip')]");
  g_assert_cmpstr (member_string (template_resource (fw_template, "Microsoft.Network/publicIPAddresses", "azfw-pip"),
                                  "properties.ipAddress"), ==, "198.51.100.40");
  /* Its rules as a Firewall Policy with its rule collection group (the
   * sample's hub-policy, priority 200; allow-icmp first, priority 100). */
  g_assert_cmpstr (member_string (fw, "properties.firewallPolicy.id"), ==,
                   "[resourceId('Microsoft.Network/firewallPolicies', 'azfw-policy')]");
  g_assert_nonnull (template_resource (fw_template, "Microsoft.Network/firewallPolicies", "azfw-policy"));
  rule = template_resource (fw_template, "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                            "azfw-policy/hub-policy");
  g_assert_nonnull (rule);
  g_assert_cmpint (json_node_get_int (member (rule, "properties.priority")), ==, 200);
  list = json_node_get_array (member (rule, "properties.ruleCollections"));
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  rule = json_array_get_object_element (list, 0);
  g_assert_cmpstr (member_string (rule, "ruleCollectionType"), ==, "FirewallPolicyFilterRuleCollection");
  g_assert_cmpstr (member_string (rule, "name"), ==, "allow-icmp");
  g_assert_cmpstr (member_string (rule, "action.type"), ==, "Allow");
  rules = json_node_get_array (member (rule, "rules"));
  rule = json_array_get_object_element (rules, 0);
  g_assert_cmpstr (member_string (rule, "ruleType"), ==, "NetworkRule");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (member (rule, "ipProtocols")), 0), ==, "ICMP");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (member (rule, "sourceAddresses")), 0), ==,
                   "10.0.0.0/8");
  g_assert_null (member (fw, "properties.managementIpConfiguration"));
}

static VnlComparison *
compare_fixture (VnlNetwork *network,
                 const char *name,
                 const char *file,
                 gboolean    learned)
{
  g_autofree char *path = data_path (file);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  VnlComparison *c;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  c = learned ? vnl_compare_learned_routes (network, name, data, length, file, &error)
              : vnl_compare_effective_routes (network, name, data, length, file, &error);
  g_assert_no_error (error);
  return c;
}

/* @hop: the next hop, NULL for any. */
static gboolean
has_diff (VnlComparison *c,
          VnlDiffKind    kind,
          const char    *prefix,
          const char    *hop,
          const char    *azure,
          const char    *vnetlab)
{
  for (guint i = 0; i < c->diffs->len; i++)
    {
      VnlDiff *d = c->diffs->pdata[i];
      if (d->kind == kind && g_str_equal (d->prefix, prefix) && (hop == NULL || g_strcmp0 (d->next_hop, hop) == 0)
          && g_strcmp0 (d->azure, azure) == 0 && g_strcmp0 (d->vnetlab, vnetlab) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Azure's reports of the fixture estate, written from the estate and the
 * [UDR] article (articles/virtual-network/virtual-networks-udr-overview.md):
 * spoke1's NIC sees its VNet, the hub through peering, the VPN's local
 * network gateway prefix through the hub's gateway (propagation on), its
 * route table's 0.0.0.0/0 to the firewall (User, Active) with the system
 * 0.0.0.0/0 it overrides shown Invalid, and of the None routes only
 * 172.16.0.0/12: "Azure removed the routes for the 10.0.0.0/8,
 * 192.168.0.0/16, and 100.64.0.0/10 address prefixes ... when the
 * user-defined route for the 0.0.0.0/0 address prefix was added". They
 * agree. The drift file has the peering route Invalid, the UDR to another
 * appliance, a UDR the design does not have and the gateway route
 * missing. */
static void
test_compare (void)
{
  g_autoptr(VnlDesign) design = load_expected ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlComparison) agree = compare_fixture (network, "spoke1-vm-nic", "compare/spoke1-vm-nic.json", FALSE);
  g_autoptr(VnlComparison) subnet = compare_fixture (network, "spoke1/default", "compare/spoke1-vm-nic.json", FALSE);
  g_autoptr(VnlComparison) vnet = compare_fixture (network, "spoke1", "compare/spoke1-vm-nic.json", FALSE);
  g_autoptr(VnlComparison) learned = compare_fixture (network, "hub-vpngw", "compare/hub-vpngw.json", TRUE);
  g_autoptr(VnlComparison) drift = compare_fixture (network, "spoke1-vm-nic", "compare/spoke1-vm-nic-drift.json", FALSE);
  g_autoptr(VnlComparison) ldrift = compare_fixture (network, "hub-vpngw", "compare/hub-vpngw-drift.json", TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (agree->node, ==, "spoke1-vm-nic");
  g_assert_cmpuint (agree->diffs->len, ==, 0);
  g_assert_cmpuint (agree->n_agree, ==, 6);
  /* The NIC's table is its subnet's. */
  g_assert_cmpstr (subnet->node, ==, "spoke1/default");
  g_assert_cmpuint (subnet->diffs->len, ==, 0);
  /* The VNet's summary knows no route table: the UDR is not predicted. */
  g_assert_true (has_diff (vnet, VNL_DIFF_AZURE_ONLY, "0.0.0.0/0", "10.0.1.4", "Active", NULL));
  g_assert_cmpuint (learned->diffs->len, ==, 0);

  g_assert_true (has_diff (drift, VNL_DIFF_STATE, "10.0.0.0/22", NULL, "Invalid", "Active"));
  g_assert_true (has_diff (drift, VNL_DIFF_AZURE_ONLY, "0.0.0.0/0", "10.0.1.5", "Active", NULL));
  g_assert_true (has_diff (drift, VNL_DIFF_VNETLAB_ONLY, "0.0.0.0/0", "10.0.1.4", NULL, "Active"));
  g_assert_true (has_diff (drift, VNL_DIFF_AZURE_ONLY, "10.2.0.0/24", "10.0.1.4", "Active", NULL));
  g_assert_true (has_diff (drift, VNL_DIFF_VNETLAB_ONLY, "10.100.255.254/32", "10.100.255.254", NULL, "Active"));
  g_assert_cmpuint (drift->diffs->len, ==, 5);
  g_assert_cmpuint (drift->n_agree, ==, 3);
  g_assert_true (has_diff (ldrift, VNL_DIFF_AZURE_ONLY, "10.100.0.0/16", NULL, "EBgp", NULL));
  g_assert_true (has_diff (ldrift, VNL_DIFF_VNETLAB_ONLY, "10.2.0.0/24", NULL, NULL, "Network"));
  g_assert_cmpuint (ldrift->diffs->len, ==, 2);

  /* Propagation off: "the system doesn't add routes" of the gateway to
   * the subnet, so Azure does not list the gateway route (the fixture
   * without it agrees). */
  VnlUdrTable *rt = vnl_design_lookup_kind (design, "spoke1-rt", VNL_KIND_ROUTE_TABLE);
  g_autofree char *path = data_path ("compare/spoke1-vm-nic.json");
  g_autofree char *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_autoptr(JsonNode) root = json_from_string (data, NULL);
  JsonArray *value = json_object_get_array_member (json_node_get_object (root), "value");
  json_array_remove_element (value, 2);   /* 10.100.255.254/32 */
  g_autofree char *without = json_to_string (root, FALSE);
  rt->propagate_gateway_routes = FALSE;
  vnl_design_changed (design, rt);
  g_autoptr(VnlNetwork) off = vnl_network_new (design);
  g_autoptr(VnlComparison) agree_off = vnl_compare_effective_routes (off, "spoke1-vm-nic", without, -1, "off.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agree_off->diffs->len, ==, 0);
  g_assert_cmpuint (agree_off->n_agree, ==, 5);

  /* Not a route list; a node the design does not have. */
  g_assert_null (vnl_compare_effective_routes (network, "spoke1", "{\"value\": [{\"a\": 1}]}", -1, "x.json", &error));
  g_assert_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_null (vnl_compare_learned_routes (network, "nope", "{\"value\": []}", -1, "x.json", &error));
  g_assert_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_NODE);
}

/* The CLI: a table, and nothing written for bad input. */
static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *graph = data_path ("graph.json");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;
  dir = g_dir_make_tmp ("vnl-import-XXXXXX", NULL);
  out = g_build_filename (dir, "out.vnetlab", NULL);
  bad = g_build_filename (dir, "truncated.json", NULL);
  g_assert_true (g_file_set_contents (bad, "[{\"id\": \"/x\",\n \"name\": ", -1, NULL));

  run_cli (&run, (const char *[]) { "import", graph, bad, "-o", out, NULL });
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "truncated.json:2:"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&run);

  run_cli (&run, (const char *[]) { "import", graph, "-o", out, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "azurefirewalls"));
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&run);
  run_cli (&run, (const char *[]) { "validate", out, NULL });
  g_assert_cmpint (run.status, ==, 0);

  run_clear (&run);

  /* compare: 0 when Azure and vnetlab agree, 1 when they differ. */
  g_autofree char *expected = data_path ("hub-spoke-expected.vnetlab");
  g_autofree char *nic = data_path ("compare/spoke1-vm-nic.json");
  g_autofree char *drift = data_path ("compare/spoke1-vm-nic-drift.json");
  g_autofree char *drift_arg = g_strdup_printf ("spoke1-vm-nic=%s", drift);
  run_cli (&run, (const char *[]) { "compare", expected, "--effective-routes", nic, NULL });
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, (const char *[]) { "compare", expected, "--effective-routes", drift_arg, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "azure-only"));

  g_unlink (out);
  g_unlink (bad);
  g_rmdir (dir);
}

/* The `virtualHubs` reference (azure/templates/microsoft.network/
 * virtualhubs, /ipconfigurations, /bgpconnections) and spec §1.3 C: a
 * route server is a hub with sku Standard and no virtualWan, its IP
 * configuration in RouteServerSubnet with a public IP, a bgpConnections
 * child per peering with peerAsn and peerIp (the sample's nva1 leaves
 * peer-ip to its NIC, 10.0.1.4). The SD-WAN tunnels have no Azure
 * resource: metadata. */
static void
test_export_route_server (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "samples", "route-server-sdwan.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(JsonNode) template = NULL;
  JsonObject *hub, *config, *bgp;
  JsonArray *objects;
  guint tunnels = 0;

  g_assert_no_error (error);
  template = vnl_arm_export (design);
  hub = template_resource (template, "Microsoft.Network/virtualHubs", "hub-rs");
  g_assert_nonnull (hub);
  g_assert_null (member (hub, "properties.virtualWan"));
  g_assert_cmpstr (member_string (hub, "properties.sku"), ==, "Standard");
  g_assert_cmpstr (member_string (hub, "properties.hubRoutingPreference"), ==, "ExpressRoute");
  g_assert_true (json_node_get_boolean (member (hub, "properties.allowBranchToBranchTraffic")));
  g_assert_cmpint (json_node_get_int (member (hub, "properties.virtualRouterAsn")), ==, 65515);
  config = template_resource (template, "Microsoft.Network/virtualHubs/ipConfigurations", "hub-rs/ipconfig1");
  g_assert_nonnull (config);
  g_assert_nonnull (strstr (member_string (config, "properties.subnet.id"), "'hub', 'RouteServerSubnet'"));
  g_assert_nonnull (strstr (member_string (config, "properties.publicIPAddress.id"), "publicIPAddresses"));
  bgp = template_resource (template, "Microsoft.Network/virtualHubs/bgpConnections", "hub-rs/hub-rs-nva1");
  g_assert_nonnull (bgp);
  g_assert_cmpint (json_node_get_int (member (bgp, "properties.peerAsn")), ==, 65001);
  g_assert_cmpstr (member_string (bgp, "properties.peerIp"), ==, "10.0.1.4");
  /* One change of a hub at a time (vnetlab's assumption): the second
   * connection waits for the first. */
  bgp = template_resource (template, "Microsoft.Network/virtualHubs/bgpConnections", "hub-rs/hub-rs-nva2");
  g_assert_nonnull (bgp);
  g_assert_cmpstr (member_string (bgp, "properties.peerIp"), ==, "10.0.1.5");
  {
    JsonArray *depends = json_node_get_array (member (bgp, "dependsOn"));
    gboolean after_first = FALSE;

    for (guint i = 0; i < json_array_get_length (depends); i++)
      after_first |= strstr (json_array_get_string_element (depends, i), "'hub-rs', 'hub-rs-nva1'") != NULL;
    g_assert_true (after_first);
  }

  objects = json_node_get_array (member (json_node_get_object (template), "metadata.vnetlab.objects"));
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      const char *kind = json_object_get_string_member (o, "kind");

      if (g_str_equal (kind, "route-server") || g_str_equal (kind, "route-server-peering"))
        g_assert_true (json_object_get_boolean_member (o, "azure"));
      if (g_str_equal (kind, "sd-wan-tunnel"))
        {
          g_assert_false (json_object_get_boolean_member (o, "azure"));
          tunnels++;
        }
    }
  g_assert_cmpuint (tunnels, ==, vnl_design_get_objects (design, VNL_KIND_SDWAN_TUNNEL)->len);
}

/* Virtual WAN (make-fixtures.py, vw_resources()): the estate as Azure CLI
 * output, Resource Graph results and an ARM template imports to the
 * hand-built vwan-expected.vnetlab: the same objects, valid, the same
 * traces and the same hub route tables. */
static const char *const vwan_cli_files[] = {
  "vwan/cli/vwan-list.json", "vwan/cli/vhub-list.json", "vwan/cli/vnet-list.json", "vwan/cli/nic-list.json",
  "vwan/cli/vhub-route-table-list-hub-we.json", "vwan/cli/vhub-route-table-list-hub-ne.json",
  "vwan/cli/vhub-connection-list-hub-we.json", "vwan/cli/vhub-connection-list-hub-ne.json",
  "vwan/cli/vhub-routing-intent-list-hub-ne.json", "vwan/cli/vpn-site-list.json", "vwan/cli/vpn-gateway-list.json",
  "vwan/cli/express-route-list.json", "vwan/cli/express-route-gateway-list.json", "vwan/cli/firewall-list.json",
  "vwan/cli/firewall-policy-list.json", "vwan/cli/firewall-policy-rule-collection-group-list.json", NULL
};

/* Every route table of every hub: prefix, next hop type, next hop, AS
 * path of the selected routes. */
static char *
hub_tables_text (VnlDesign *design)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  GPtrArray *hubs = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < hubs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, ((VnlObject *) hubs->pdata[i])->name, &error);

      g_assert_no_error (error);
      for (guint t = 0; t < tables->len; t++)
        {
          VnlRouteTable *table = tables->pdata[t];
          g_string_append_printf (s, "%s\n", table->title);
          for (guint r = 0; r < table->rows->len; r++)
            {
              VnlRouteRow *row = table->rows->pdata[r];
              g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
              if (row->best)
                g_string_append_printf (s, "  %s %s %s %s\n", prefix, row->next_hop_type,
                                        row->next_hop != NULL && row->next_hop[0] != '\0' ? row->next_hop : "-",
                                        row->as_path != NULL && row->as_path[0] != '\0' ? row->as_path : "-");
            }
        }
    }
  return g_string_free (s, FALSE);
}

static void
test_vwan_shapes (void)
{
  static const char *const graph[] = { "vwan/graph.json", NULL };
  static const char *const template[] = { "vwan/template.json", NULL };
  const char *const *shapes[] = { vwan_cli_files, graph, template };
  g_autofree char *path = data_path ("vwan-expected.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) expected = vnl_design_load (path, &error);
  g_autofree char *want = NULL;
  g_autofree char *want_traces = NULL;
  g_autofree char *want_tables = NULL;

  g_assert_no_error (error);
  want = objects_text (expected);
  want_traces = traces_text (expected);
  want_tables = hub_tables_text (expected);
  for (guint shape = 0; shape < G_N_ELEMENTS (shapes); shape++)
    {
      g_autoptr(VnlImport) import = NULL;
      g_autoptr(VnlDesign) design = import_files (shapes[shape], &import);
      g_autoptr(GPtrArray) problems = vnl_design_validate (design, "imported");
      g_autofree char *got = objects_text (design);
      g_autofree char *got_traces = traces_text (design);
      g_autofree char *got_tables = hub_tables_text (design);
      GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);

      g_test_message ("shape %u", shape);
      g_assert_cmpuint (vnl_problems_count (problems, VNL_SEVERITY_ERROR), ==, 0);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got_traces, ==, want_traces);
      g_assert_cmpstr (got_tables, ==, want_tables);
      /* Every pair of the regions and peering location the built-in
       * table knows gets its latency. */
      for (guint i = 0; i < locations->len; i++)
        for (guint j = i + 1; j < locations->len; j++)
          {
            const char *a = ((VnlObject *) locations->pdata[i])->name;
            const char *b = ((VnlObject *) locations->pdata[j])->name;
            g_assert_cmpfloat (vnl_design_latency (design, a, b), ==, vnl_region_latency_ms (a, b));
          }
      /* What is not modelled is reported, never dropped silently. */
      /* allowBranchToBranchTraffic true in every shape: the WAN's switch. */
      {
        g_autofree char *b2b = vnl_object_get_text (design, vnl_design_lookup (design, "wan"), "branch-to-branch");
        g_assert_cmpstr (b2b, ==, "true");
      }
      g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "defaultRouteTable", "Default route table"));
      g_assert_nonnull (find_row (import, VNL_IMPORT_MERGED, "noneRouteTable", "None route table"));
      g_assert_nonnull (find_row (import, VNL_IMPORT_READ, "hub-ne-ri", "routing intent"));
      /* The CLI output carries the link's shared key (as `vpn-gateway
       * show` prints it); the template a parameter without a value. */
      if (shape == 0)
        g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "hub-we-branch1", "sharedKey"));
      if (shape == 2)
        g_assert_nonnull (find_row (import, VNL_IMPORT_UNKNOWN, "hub-we-vpn", "branch1SharedKey"));
    }

  /* Reasoned on the estate (vnl-vwan.c, docs/vwan.md): rt-blue, spoke-we-2's
   * table, holds what propagates to it or to the label blue (spoke-we-1
   * and spoke-we-2, and its static route), not spoke-ne-1 nor the branch
   * (label default only): spoke-we-2 reaches spoke-we-1 directly through
   * the hub router (no hop answers), not spoke-ne-1. Between hubs the
   * traffic crosses hub-ne's firewall (its private traffic policy: "all
   * ... inter-hub traffic is sent via" it), which allows private ranges. */
  g_assert_nonnull (strstr (want_traces, "vm-we-2 > vm-we-1: reached vm-we-1(10.11.1.4)\n"));
  g_assert_nonnull (strstr (want_traces, "vm-we-2 > vm-ne-1: dropped\n"));
  g_assert_nonnull (strstr (want_traces, "vm-we-1 > vm-ne-1: reached hub-ne-fw(0.0.0.0) vm-ne-1(10.21.1.4)\n"));
  g_assert_nonnull (strstr (want_tables, "  10.12.99.0/24 Virtual Network Connection spoke-we-2-conn -\n"));
  g_assert_nonnull (strstr (want_tables, "  10.21.0.0/16 Remote Hub hub-ne 65520 65520\n"));
  g_assert_nonnull (strstr (want_tables, "  192.168.1.254/32 VPN_S2S_Gateway hub-we-branch1 -\n"));
}

/* A point-to-site gateway (not modelled) and a hub connection to a VNet
 * not in the input (a dangling reference): both in the report, neither
 * in the design, the rest read. */
static const char vwan_report_json[] =
  "[{\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualWans/wan\","
  "  \"name\": \"wan\", \"type\": \"Microsoft.Network/virtualWans\", \"location\": \"westeurope\","
  "  \"typePropertiesType\": \"Standard\"},"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualHubs/hub\","
  "  \"name\": \"hub\", \"type\": \"Microsoft.Network/virtualHubs\", \"location\": \"westeurope\","
  "  \"addressPrefix\": \"10.100.0.0/24\","
  "  \"virtualWan\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualWans/wan\"},"
  "  \"p2SVpnGateway\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/p2sVpnGateways/p2s\"}},"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/p2sVpnGateways/p2s\","
  "  \"name\": \"p2s\", \"type\": \"Microsoft.Network/p2sVpnGateways\", \"location\": \"westeurope\","
  "  \"virtualHub\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualHubs/hub\"}},"
  " {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualHubs/hub/hubVirtualNetworkConnections/gone-conn\","
  "  \"name\": \"gone-conn\", \"type\": \"Microsoft.Network/virtualHubs/hubVirtualNetworkConnections\","
  "  \"remoteVirtualNetwork\": {\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/gone\"}}]";

static void
test_vwan_report (void)
{
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  VnlImportRow *row;

  vnl_import_add_data (import, vwan_report_json, -1, "vwan-report.json", &error);
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vnl_design_lookup_kind (design, "hub", VNL_KIND_VIRTUAL_HUB));
  /* The hub's p2SVpnGateway.id, and the gateway's own resource. */
  g_assert_nonnull (find_row (import, VNL_IMPORT_IGNORED, "hub", "p2SVpnGateway.id"));
  row = find_row (import, VNL_IMPORT_IGNORED, "p2s", "point-to-site");
  g_assert_nonnull (row);
  g_assert_cmpstr (row->path, ==, "$[2]");
  g_assert_null (vnl_design_lookup (design, "p2s"));
  /* The dangling reference: the path and the ID it names. */
  row = find_row (import, VNL_IMPORT_OUTSIDE, "gone-conn", "remoteVirtualNetwork.id");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (row->message, "/virtualnetworks/gone"));
  g_assert_cmpstr (row->path, ==, "$[3]");
  g_assert_null (vnl_design_lookup (design, "gone-conn"));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION)->len, ==, 0);
}

/* The resourceId() expression naming template resource @r, as dependsOn
 * lists it. */
static char *
resource_expression (JsonObject *r)
{
  g_auto(GStrv) names = g_strsplit (json_object_get_string_member (r, "name"), "/", -1);
  GString *e = g_string_new (NULL);

  g_string_append_printf (e, "[resourceId('%s'", json_object_get_string_member (r, "type"));
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (e, ", '%s'", names[i]);
  g_string_append (e, ")]");
  return g_string_free (e, FALSE);
}

/* Virtual WAN exported as the resources Azure holds (the ARM schema's
 * microsoft.network/virtualwans, virtualhubs, virtualhubs/hubroutetables,
 * …/hubvirtualnetworkconnections, …/routingintent, vpngateways,
 * vpnsites, expressroutegateways, azurefirewalls), not in metadata;
 * secrets as parameters without a value; deployable order: every
 * dependsOn names a resource of the template and they have no cycle. */
static void
test_export_vwan (void)
{
  static const char *const files[] = {
    "samples/vwan-routing-intent.vnetlab", "samples/vwan-two-region.vnetlab", "tests/data/valid/features.vnetlab",
    "tests/data/import/vwan-expected.vnetlab", "tests/data/import/vwan-round-trip.vnetlab",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", files[f], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
      g_autoptr(JsonNode) template = NULL;
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);
      JsonArray *resources;
      JsonArray *objects;
      gboolean progress = TRUE;

      g_test_message ("%s", files[f]);
      g_assert_no_error (error);
      template = vnl_arm_export (design);
      resources = json_object_get_array_member (json_node_get_object (template), "resources");
      for (guint i = 0; i < json_array_get_length (resources); i++)
        g_hash_table_insert (ids, resource_expression (json_array_get_object_element (resources, i)),
                             json_array_get_object_element (resources, i));
      /* Each hub, its gateways, connections, tables and firewall a resource. */
      for (VnlKind k = 0; k < VNL_N_KINDS; k++)
        for (guint i = 0; i < vnl_design_get_objects (design, k)->len; i++)
          {
            VnlObject *o = vnl_design_get_objects (design, k)->pdata[i];
            g_autofree char *hub_child = NULL;

            const char *type = NULL;
            const char *name = o->name;

            if (k == VNL_KIND_VIRTUAL_WAN)
              type = "Microsoft.Network/virtualWans";
            else if (k == VNL_KIND_VIRTUAL_HUB)
              type = "Microsoft.Network/virtualHubs";
            else if (k == VNL_KIND_HUB_CONNECTION)
              {
                type = "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections";
                name = hub_child = g_strdup_printf ("%s/%s", ((VnlHubConnection *) o)->hub, o->name);
              }
            else if (k == VNL_KIND_HUB_ROUTE_TABLE)
              {
                type = "Microsoft.Network/virtualHubs/hubRouteTables";
                name = hub_child = g_strdup_printf ("%s/%s", ((VnlHubRouteTable *) o)->hub,
                                                    ((VnlHubRouteTable *) o)->is_default ? "defaultRouteTable" : o->name);
              }
            else if (k == VNL_KIND_GATEWAY
                     && vnl_design_lookup_kind (design, ((VnlGateway *) o)->vnet, VNL_KIND_VIRTUAL_HUB) != NULL)
              type = ((VnlGateway *) o)->type == VNL_GATEWAY_VPN ? "Microsoft.Network/vpnGateways"
                                                                 : "Microsoft.Network/expressRouteGateways";
            else if (k == VNL_KIND_FIREWALL)
              type = "Microsoft.Network/azureFirewalls";
            if (type != NULL)
              g_assert_nonnull (template_resource (template, type, name));
          }
      for (guint i = 0; i < vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB)->len; i++)
        {
          VnlVirtualHub *hub = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB)->pdata[i];
          JsonObject *r = template_resource (template, "Microsoft.Network/virtualHubs", hub->parent.name);
          g_autofree char *intent = g_strdup_printf ("%s/%s-routingIntent", hub->parent.name, hub->parent.name);

          g_assert_nonnull (member (r, "properties.virtualWan.id"));
          g_assert_cmpuint (hub->internet_policy != NULL || hub->private_policy != NULL, ==,
                            template_resource (template, "Microsoft.Network/virtualHubs/routingIntent", intent) != NULL);
        }
      /* Nothing of Virtual WAN left to metadata but what Azure lacks. */
      objects = json_node_get_array (json_object_get_member (
                  json_object_get_object_member (json_object_get_object_member (json_node_get_object (template),
                                                                                "metadata"), "vnetlab"), "objects"));
      for (guint i = 0; i < json_array_get_length (objects); i++)
        {
          JsonObject *o = json_array_get_object_element (objects, i);
          const char *kind = json_object_get_string_member (o, "kind");
          if (g_str_has_prefix (kind, "virtual-") || g_str_has_prefix (kind, "hub-"))
            g_assert_true (json_object_get_boolean_member (o, "azure"));
        }
      /* Deployable: dependsOn names resources of the template, no cycle. */
      while (progress)
        {
          progress = FALSE;
          for (guint i = 0; i < json_array_get_length (resources); i++)
            {
              JsonObject *r = json_array_get_object_element (resources, i);
              JsonArray *deps = json_object_has_member (r, "dependsOn") ? json_object_get_array_member (r, "dependsOn") : NULL;
              g_autofree char *self_id = resource_expression (r);
              gboolean ready = TRUE;

              if (g_hash_table_contains (done, r))
                continue;
              for (guint d = 0; deps != NULL && d < json_array_get_length (deps); d++)
                {
                  JsonObject *target = g_hash_table_lookup (ids, json_array_get_string_element (deps, d));
                  if (target == NULL)
                    g_error ("%s: %s depends on %s, not in the template", files[f], self_id,
                             json_array_get_string_element (deps, d));
                  ready &= g_hash_table_contains (done, target);
                }
              if (ready)
                {
                  g_hash_table_add (done, r);
                  progress = TRUE;
                }
            }
        }
      g_assert_cmpuint (g_hash_table_size (done), ==, json_array_get_length (resources));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/import/cli-shape", test_cli_shape);
  g_test_add_func ("/core/import/resource-graph-shape", test_graph_shape);
  g_test_add_func ("/core/import/template-shape", test_template_shape);
  g_test_add_func ("/core/import/shared-key-never-read", test_shared_key_never_read);
  g_test_add_func ("/core/import/report-lists-everything", test_report_lists_everything);
  g_test_add_func ("/core/import/report-unsupported-and-dangling", test_report_unsupported_and_dangling);
  g_test_add_func ("/core/import/appliances-and-private-endpoints", test_appliances_and_private_endpoints);
  g_test_add_func ("/core/import/region-latencies", test_region_latencies);
  g_test_add_func ("/core/import/nsg-rules", test_nsg_rules);
  g_test_add_func ("/core/import/private-endpoint-nic-alone", test_private_endpoint_nic_alone);
  g_test_add_func ("/core/import/bad-input", test_bad_input);
  g_test_add_func ("/core/import/arm-expressions", test_arm_expressions);
  g_test_add_func ("/core/import/route-tables", test_route_tables);
  g_test_add_func ("/core/import/route-table-reference", test_route_table_reference);
  g_test_add_func ("/core/import/peering-state", test_peering_state);
  g_test_add_func ("/core/import/global-reach-and-vnet-to-vnet", test_pairs);
  g_test_add_func ("/core/import/route-server", test_route_server);
  g_test_add_func ("/core/import/round-trip", test_round_trip);
  g_test_add_func ("/core/import/export-route-table", test_export_route_table);
  g_test_add_func ("/core/import/export-resources", test_export_resources);
  g_test_add_func ("/core/import/export-route-server", test_export_route_server);
  g_test_add_func ("/core/import/compare", test_compare);
  g_test_add_func ("/core/import/cli", test_cli);
  g_test_add_func ("/core/import/vwan-shapes", test_vwan_shapes);
  g_test_add_func ("/core/import/vwan-report", test_vwan_report);
  g_test_add_func ("/core/import/export-vwan", test_export_vwan);

  return g_test_run ();
}
