/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"
#include "vnl-report.h"

/*
 * Route tables and user-defined routes against the example of
 * "Virtual network traffic routing" (MicrosoftDocs/azure-docs
 * articles/virtual-network/virtual-networks-udr-overview.md, "Example"),
 * rebuilt in tests/data/udr/doc-example.vnetlab: the expected states are
 * the document's route IDs 1–12 for Subnet1 and its table for Subnet2,
 * the expected traces follow from the rules quoted beside each case.
 * Nothing here was copied from the program's output.
 */

static VnlDesign *
load_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "udr", "doc-example.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

typedef struct
{
  const char *source;
  const char *prefix;
  const char *next_hop_type;
  gboolean    active;
} RowCase;

static const VnlRouteRow *
find_row (VnlRouteTable *table,
          const RowCase *c)
{
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      if (g_str_equal (row->source, c->source) && g_str_equal (prefix, c->prefix) &&
          g_str_equal (row->next_hop_type, c->next_hop_type))
        return row;
    }
  return NULL;
}

static void
check_rows (VnlNetwork    *network,
            const char    *node,
            const RowCase *cases,
            guint          n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, &error);
  VnlRouteTable *table;

  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 1);
  table = tables->pdata[0];
  for (guint i = 0; i < n_cases; i++)
    {
      const VnlRouteRow *row = find_row (table, &cases[i]);

      if (row == NULL)
        g_error ("%s: no row %s %s %s", node, cases[i].source, cases[i].prefix, cases[i].next_hop_type);
      if (row->active != cases[i].active)
        g_error ("%s: row %s %s %s is %s", node, cases[i].source, cases[i].prefix, cases[i].next_hop_type,
                 row->active ? "Active" : "Invalid");
      /* An Invalid row says why (the Why column). */
      if (!row->active)
        g_assert_cmpint (row->reason, !=, VNL_REASON_ONLY_ROUTE);
    }
  /* Nothing else: the document's rows and no more. */
  g_assert_cmpuint (table->rows->len, ==, n_cases);
}

/* Subnet1: the document's IDs (ID10, the service endpoint, is not modelled). */
static const RowCase subnet1_rows[] = {
  { "Default", "10.0.0.0/16", "Virtual network", FALSE },                   /* ID1: ID2 has its prefix */
  { "User", "10.0.0.0/16", "Virtual appliance", TRUE },                     /* ID2 */
  { "User", "10.0.0.0/24", "Virtual network", TRUE },                       /* ID3 */
  { "Default", "10.1.0.0/16", "VNet peering", FALSE },                      /* ID4: ID6 has its prefix */
  { "Default", "10.2.0.0/16", "VNet peering", FALSE },                      /* ID5: ID7 has its prefix */
  { "User", "10.1.0.0/16", "None", TRUE },                                  /* ID6 */
  { "User", "10.2.0.0/16", "None", TRUE },                                  /* ID7 */
  { "Virtual network gateway", "10.10.0.0/16", "Virtual network gateway", FALSE }, /* ID8 */
  { "User", "10.10.0.0/16", "Virtual appliance", TRUE },                    /* ID9 */
  { "Default", "0.0.0.0/0", "Internet", FALSE },                            /* ID11 */
  { "User", "0.0.0.0/0", "Virtual appliance", TRUE },                       /* ID12 */
  /* "Azure removed the routes for the 10.0.0.0/8, 192.168.0.0/16, and
   * 100.64.0.0/10 address prefixes from the Subnet1 route table when the
   * user-defined route for the 0.0.0.0/0 address prefix was added": kept
   * visible as Invalid, as the effective-route views keep losers. */
  { "Default", "10.0.0.0/8", "None", FALSE },
  { "Default", "192.168.0.0/16", "None", FALSE },
  { "Default", "100.64.0.0/10", "None", FALSE },
  /* Not named by the document: vnetlab keeps it (docs/routing.md). */
  { "Default", "172.16.0.0/12", "None", TRUE },
};

/* Subnet2: the document's table, all Active, plus 172.16.0.0/12 (G3). */
static const RowCase subnet2_rows[] = {
  { "Default", "10.0.0.0/16", "Virtual network", TRUE },
  { "Default", "10.1.0.0/16", "VNet peering", TRUE },
  { "Default", "10.2.0.0/16", "VNet peering", TRUE },
  { "Virtual network gateway", "10.10.0.0/16", "Virtual network gateway", TRUE },
  { "Default", "0.0.0.0/0", "Internet", TRUE },
  { "Default", "10.0.0.0/8", "None", TRUE },
  { "Default", "100.64.0.0/10", "None", TRUE },
  { "Default", "192.168.0.0/16", "None", TRUE },
  { "Default", "172.16.0.0/12", "None", TRUE },
};

static void
test_doc_subnet1 (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  check_rows (network, "Virtual-network-1/Subnet1", subnet1_rows, G_N_ELEMENTS (subnet1_rows));
  /* A NIC in Subnet1 shows its subnet's routes (Network Watcher per NIC). */
  check_rows (network, "vm1", subnet1_rows, G_N_ELEMENTS (subnet1_rows));
}

static void
test_doc_subnet2 (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  check_rows (network, "Virtual-network-1/Subnet2", subnet2_rows, G_N_ELEMENTS (subnet2_rows));
  check_rows (network, "vm2", subnet2_rows, G_N_ELEMENTS (subnet2_rows));
  /* The VNet's table stays the summary, without route tables. */
  check_rows (network, "Virtual-network-1", subnet2_rows, G_N_ELEMENTS (subnet2_rows));
}

typedef struct
{
  const char    *from;
  const char    *to;
  gboolean       reached;
  VnlDropReason  drop;
  const char    *drop_node;   /* nullable */
} TraceCase;

static const TraceCase doc_traces[] = {
  /* ID6: 10.1.0.0/16 to None, over the peering's system route. */
  { "vm1", "10.1.0.4", FALSE, VNL_DROP_NULL_ROUTE, "Virtual-network-1" },
  /* ID3 (/24, VnetLocal) is longer than ID2 (/16 to the appliance). */
  { "vm1", "10.0.0.5", TRUE, VNL_DROP_NONE, NULL },
  /* ID2: the rest of the VNet goes to the appliance, which does not
   * forward yet: the packet stops there. */
  { "vm1", "10.0.1.4", FALSE, VNL_DROP_NO_ROUTE, "nva" },
  /* ID9 over ID8: on-premises through the appliance. */
  { "vm1", "10.10.0.20", FALSE, VNL_DROP_NO_ROUTE, "nva" },
  /* The appliance itself is in 10.0.0.0/16 (ID2): its own address. */
  { "vm1", "10.0.100.4", FALSE, VNL_DROP_NO_ROUTE, "nva" },
  /* Subnet2 has no route table: peering, gateway as without one. */
  { "vm2", "10.1.0.4", TRUE, VNL_DROP_NONE, NULL },
  { "vm2", "10.10.0.20", TRUE, VNL_DROP_NONE, NULL },
  { "vm2", "10.0.0.4", TRUE, VNL_DROP_NONE, NULL },
  /* The peer VNet is untouched by Subnet1's table. */
  { "vm3", "10.0.0.4", TRUE, VNL_DROP_NONE, NULL },
};

static void
check_traces (VnlNetwork      *network,
              const TraceCase *cases,
              guint            n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      VnlDesign *design = vnl_network_get_design (network);
      VnlEndpoint *from = vnl_design_find_endpoint (design, cases[i].from);
      guint32 to;
      g_autoptr(VnlTrace) trace = NULL;

      g_assert_nonnull (from);
      g_assert_true (vnl_ip_parse (cases[i].to, &to));
      trace = vnl_network_trace_address (network, from, to);
      g_assert_nonnull (trace);
      if (trace->reached != cases[i].reached)
        g_error ("%s → %s: %s (%s)", cases[i].from, cases[i].to, trace->reached ? "reached" : "not reached",
                 trace->drop_detail ? trace->drop_detail : "");
      if (!cases[i].reached)
        {
          g_assert_cmpint (trace->drop, ==, cases[i].drop);
          g_assert_cmpstr (trace->drop_node, ==, cases[i].drop_node);
          /* The drop names the route that made it. */
          g_assert_nonnull (trace->drop_detail);
        }
    }
}

static void
test_doc_traces (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  check_traces (network, doc_traces, G_N_ELEMENTS (doc_traces));
}

static VnlUdrTable *
add_table (VnlDesign  *design,
           const char *name,
           const char *vnet,
           const char *subnet)
{
  VnlUdrTable *table = vnl_object_new (VNL_KIND_ROUTE_TABLE, name);
  VnlUdrSubnet *assoc = g_new0 (VnlUdrSubnet, 1);

  assoc->vnet = g_strdup (vnet);
  assoc->subnet = g_strdup (subnet);
  g_ptr_array_add (table->subnets, assoc);
  g_assert_true (vnl_design_add (design, table, NULL));
  return table;
}

static void
add_route (VnlUdrTable   *table,
           const char    *name,
           const char    *prefix,
           VnlUdrNextHop  next_hop,
           const char    *ip)
{
  VnlUdr *udr = g_new0 (VnlUdr, 1);

  udr->name = g_strdup (name);
  g_assert_true (vnl_prefix_parse (prefix, &udr->prefix, NULL));
  udr->next_hop = next_hop;
  if (ip != NULL)
    g_assert_true (vnl_ip_parse (ip, &udr->next_hop_ip));
  g_ptr_array_add (table->routes, udr);
}

/* "When you disable route propagation, the system doesn't add routes to
 * the route table of all subnets with Virtual network gateway route
 * propagation disabled. This process applies to both static routes and
 * BGP routes." Subnet2 with an empty table and propagation off: the
 * on-premises prefix is gone, 10.10.0.20 falls into 10.0.0.0/8 → None. */
static void
test_propagation_off (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  VnlUdrTable *table = add_table (design, "Subnet2-routes", "Virtual-network-1", "Subnet2");
  static const RowCase rows[] = {
    { "Default", "10.0.0.0/16", "Virtual network", TRUE },
    { "Default", "10.1.0.0/16", "VNet peering", TRUE },
    { "Default", "10.2.0.0/16", "VNet peering", TRUE },
    { "Virtual network gateway", "10.10.0.0/16", "Virtual network gateway", FALSE },
    { "Default", "0.0.0.0/0", "Internet", TRUE },
    { "Default", "10.0.0.0/8", "None", TRUE },
    { "Default", "100.64.0.0/10", "None", TRUE },
    { "Default", "192.168.0.0/16", "None", TRUE },
    { "Default", "172.16.0.0/12", "None", TRUE },
  };
  static const TraceCase traces[] = {
    { "vm2", "10.10.0.20", FALSE, VNL_DROP_NULL_ROUTE, "Virtual-network-1" },
    { "vm2", "10.1.0.4", TRUE, VNL_DROP_NONE, NULL },
  };
  g_autoptr(VnlNetwork) network = NULL;

  table->propagate_gateway_routes = FALSE;
  network = vnl_network_new (design);
  check_rows (network, "vm2", rows, G_N_ELEMENTS (rows));
  check_traces (network, traces, G_N_ELEMENTS (traces));

  /* With propagation on the same empty table changes nothing. */
  {
    g_autoptr(VnlNetwork) on = NULL;
    table->propagate_gateway_routes = TRUE;
    on = vnl_network_new (design);
    check_rows (on, "vm2", subnet2_rows, G_N_ELEMENTS (subnet2_rows));
  }
}

/* Next hops Azure cannot use: "A next hop private IP address must have
 * direct connectivity without having to route through ExpressRoute
 * Gateway or Virtual WAN. Setting the next hop to an IP address without
 * direct connectivity results in an invalid user-defined routing
 * configuration." and VirtualNetworkGateway "must be created with type
 * VPN … You can't specify Virtual Network Gateways if you have VPN and
 * ExpressRoute coexisting connections either." Invalid routes are shown
 * with the reason and never used. */
static void
test_invalid_next_hops (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  VnlUdrTable *table = add_table (design, "Subnet2-routes", "Virtual-network-1", "Subnet2");
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  static const TraceCase traces[] = {
    /* The invalid appliance route for the peer is ignored: peering. */
    { "vm2", "10.1.0.4", TRUE, VNL_DROP_NONE, NULL },
  };

  /* An appliance on premises, behind the gateway: not direct. */
  add_route (table, "via-onprem", "10.1.0.0/16", VNL_UDR_VIRTUAL_APPLIANCE, "10.10.0.20");
  /* An appliance in the peered VNet: direct. */
  add_route (table, "via-peer", "10.2.0.0/16", VNL_UDR_VIRTUAL_APPLIANCE, "10.1.0.4");
  /* The VPN gateway alone: valid. */
  add_route (table, "to-vpn", "192.0.2.0/24", VNL_UDR_GATEWAY, NULL);
  network = vnl_network_new (design);
  tables = vnl_network_get_tables (network, "Virtual-network-1/Subnet2", NULL);
  g_assert_nonnull (tables);
  for (guint i = 0; i < ((VnlRouteTable *) tables->pdata[0])->rows->len; i++)
    {
      VnlRouteRow *row = ((VnlRouteTable *) tables->pdata[0])->rows->pdata[i];

      if (g_strcmp0 (row->learned_from, "via-onprem") == 0)
        {
          g_assert_false (row->active);
          g_assert_cmpint (row->reason, ==, VNL_REASON_NEXT_HOP_UNREACHABLE);
        }
      else if (g_strcmp0 (row->learned_from, "via-peer") == 0 || g_strcmp0 (row->learned_from, "to-vpn") == 0)
        g_assert_true (row->active);
    }
  check_traces (network, traces, G_N_ELEMENTS (traces));
  g_clear_pointer (&tables, g_ptr_array_unref);
  g_clear_object (&network);

  /* An ExpressRoute gateway beside the VPN gateway: VirtualNetworkGateway
   * becomes invalid. */
  {
    VnlGateway *er = vnl_object_new (VNL_KIND_GATEWAY, "ergw");
    g_autoptr(VnlNetwork) coexist = NULL;
    g_autoptr(GPtrArray) t = NULL;
    gboolean seen = FALSE;

    er->vnet = g_strdup ("Virtual-network-1");
    er->type = VNL_GATEWAY_EXPRESSROUTE;
    g_assert_true (vnl_design_add (design, er, NULL));
    coexist = vnl_network_new (design);
    t = vnl_network_get_tables (coexist, "Virtual-network-1/Subnet2", NULL);
    for (guint i = 0; i < ((VnlRouteTable *) t->pdata[0])->rows->len; i++)
      {
        VnlRouteRow *row = ((VnlRouteTable *) t->pdata[0])->rows->pdata[i];
        if (g_strcmp0 (row->learned_from, "to-vpn") == 0)
          {
            g_assert_false (row->active);
            g_assert_cmpint (row->reason, ==, VNL_REASON_NEXT_HOP_NOT_VPN);
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
}

/* For every NIC of @design: a packet to an address of every Active row
 * leaves as the row says (the same check as test-routing's for VNets,
 * with the user-defined next hops). */
static guint
check_nics_agree (VnlDesign *design)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  guint checked = 0;

  for (guint e = 0; e < endpoints->len; e++)
    {
      VnlEndpoint *from = endpoints->pdata[e];
      g_autoptr(GPtrArray) tables = NULL;
      VnlRouteTable *table;

      if (vnl_design_lookup_kind (design, from->owner, VNL_KIND_VNET) == NULL)
        continue;
      tables = vnl_network_get_tables (network, from->parent.name, NULL);
      g_assert_nonnull (tables);
      table = tables->pdata[0];
      for (guint r = 0; r < table->rows->len; r++)
        {
          VnlRouteRow *row = table->rows->pdata[r];
          g_autoptr(VnlTrace) t = NULL;
          guint32 addr = row->prefix.addr + (row->prefix.len >= 31 ? 0 : 1);
          gboolean taken = FALSE;

          if (!row->active)
            continue;
          for (guint i = 0; i < table->rows->len; i++)
            {
              VnlRouteRow *other = table->rows->pdata[i];
              if (other != row && other->active && vnl_prefix_contains_ip (&other->prefix, addr) &&
                  other->prefix.len > row->prefix.len)
                taken = TRUE;
            }
          if (taken)
            continue;
          t = vnl_network_trace_address (network, from, addr);
          g_assert_nonnull (t);
          if (g_str_equal (row->next_hop_type, "None"))
            g_assert_cmpint (t->drop, ==, VNL_DROP_NULL_ROUTE);
          else if (g_str_equal (row->next_hop_type, "Internet"))
            {
              /* Leaves towards the Internet: reached when the address is
               * outside the design, dropped as such when something of the
               * design holds it (vnetlab models no Internet routers). */
              if (!t->internet)
                g_assert_cmpint (t->drop, ==, VNL_DROP_INTERNET);
            }
          else if (g_str_equal (row->next_hop_type, "Virtual appliance"))
            {
              VnlEndpoint *nva = vnl_design_find_endpoint (design, row->next_hop);
              g_assert_nonnull (nva);
              g_assert_cmpstr (t->drop_node, ==, nva->parent.name);
            }
          else if (g_str_equal (row->next_hop_type, "Virtual network gateway"))
            {
              gboolean via = FALSE;
              for (guint p = 0; p < t->path->len; p++)
                via |= g_strcmp0 (t->path->pdata[p], row->learned_from) == 0 ||
                       vnl_design_lookup_kind (design, t->path->pdata[p], VNL_KIND_GATEWAY) != NULL;
              g_assert_true (via);
            }
          else
            /* Virtual network, VNet peering: delivered in a VNet or no
             * host there, never dropped by a route. */
            g_assert_true (t->reached || t->drop == VNL_DROP_NO_HOST);
          checked++;
        }
    }
  return checked;
}

static void
test_tables_agree (void)
{
  g_autoptr(VnlDesign) design = load_example ();

  g_assert_cmpuint (check_nics_agree (design), >, 20);
}

static char *
dump (VnlNetwork *network)
{
  static const char *nodes[] = { "vm1", "vm2", "vm3", "Virtual-network-1", "Virtual-network-2", "vpngw" };
  GString *out = g_string_new (NULL);

  for (guint n = 0; n < G_N_ELEMENTS (nodes); n++)
    {
      g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, nodes[n], NULL);
      for (guint t = 0; tables != NULL && t < tables->len; t++)
        for (guint r = 0; r < ((VnlRouteTable *) tables->pdata[t])->rows->len; r++)
          {
            VnlRouteRow *row = ((VnlRouteTable *) tables->pdata[t])->rows->pdata[r];
            g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
            g_string_append_printf (out, "%s %s %s %s %d %d %d\n", nodes[n], prefix, row->source,
                                    row->next_hop ? row->next_hop : "-", row->best, row->active, row->reason);
          }
    }
  return g_string_free (out, FALSE);
}

/* Taking an object down incrementally gives the tables of a rebuild with
 * it down, route tables included (a route table that is down is not
 * associated). */
static void
test_incremental (void)
{
  static const char *objects[] = { "Subnet1-routes", "vpngw", "vnet1-vnet2", "vpn", "nva" };
  g_autoptr(VnlDesign) design = load_example ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autofree char *initial = dump (network);

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autofree char *incremental = NULL;
      g_autofree char *rebuilt = NULL;
      g_autofree char *restored = NULL;
      g_autoptr(VnlDesign) copy = load_example ();
      g_autoptr(VnlNetwork) fresh = NULL;

      g_assert_true (vnl_network_set_up (network, objects[i], FALSE, NULL));
      incremental = dump (network);
      vnl_design_set_up (copy, vnl_design_lookup (copy, objects[i]), FALSE);
      fresh = vnl_network_new (copy);
      rebuilt = dump (fresh);
      g_assert_cmpstr (incremental, ==, rebuilt);
      g_assert_true (vnl_network_set_up (network, objects[i], TRUE, NULL));
      restored = dump (network);
      g_assert_cmpstr (restored, ==, initial);
    }
  /* Without its table Subnet1 is Subnet2. */
  g_assert_true (vnl_network_set_up (network, "Subnet1-routes", FALSE, NULL));
  check_rows (network, "vm1", subnet2_rows, G_N_ELEMENTS (subnet2_rows));
}

/* Save and load keep every route and association. */
static void
test_round_trip (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  g_autofree char *first = vnl_design_to_data (design, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) again = vnl_design_load_from_data (first, strlen (first), "round-trip", &error);
  g_autofree char *second = NULL;
  VnlUdrTable *table;

  g_assert_no_error (error);
  second = vnl_design_to_data (again, NULL);
  g_assert_cmpstr (first, ==, second);
  table = vnl_design_lookup_kind (again, "Subnet1-routes", VNL_KIND_ROUTE_TABLE);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->routes->len, ==, 6);
  g_assert_cmpuint (table->subnets->len, ==, 1);
  g_assert_true (table->propagate_gateway_routes);
  g_assert_cmpint (((VnlUdr *) table->routes->pdata[1])->next_hop, ==, VNL_UDR_VNET_LOCAL);
}

/* The report holds the route tables and the tables of the subnets that
 * have one: the example's Subnet1-routes has six routes on Subnet1 (the
 * documentation's table), and Subnet1's effective routes follow its
 * VNet's, Subnet2 (no route table) having none of its own. */
static void
test_report (void)
{
  g_autoptr(VnlDesign) design = load_example ();
  g_autoptr(GError) error = NULL;
  VnlReport *report = vnl_report_new (design, "doc-example.vnetlab", NULL, NULL, NULL, NULL, &error);
  g_autoptr(GPtrArray) summary = NULL;
  VnlReportTable *udrs = NULL;
  int vnet1 = -1, subnet1 = -1, subnet2 = -1;

  g_assert_no_error (error);
  summary = vnl_report_summary_tables (report);
  for (guint i = 0; i < summary->len; i++)
    if (g_str_equal (((VnlReportTable *) summary->pdata[i])->id, "route-tables"))
      udrs = summary->pdata[i];
  g_assert_nonnull (udrs);
  g_assert_cmpuint (udrs->rows->len, ==, 6);
  g_assert_cmpstr (((VnlReportRow *) udrs->rows->pdata[0])->cells[1], ==, "Virtual-network-1/Subnet1");

  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *table = report->tables->pdata[t];
      if (g_str_equal (table->node, "Virtual-network-1"))
        vnet1 = t;
      else if (g_str_equal (table->node, "Virtual-network-1/Subnet1"))
        subnet1 = t;
      else if (g_str_equal (table->node, "Virtual-network-1/Subnet2"))
        subnet2 = t;
    }
  g_assert_cmpint (vnet1, >=, 0);
  g_assert_cmpint (subnet1, ==, vnet1 + 1);
  g_assert_cmpint (subnet2, ==, -1);
  vnl_report_free (report);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/udr/doc-example/subnet1", test_doc_subnet1);
  g_test_add_func ("/core/udr/doc-example/subnet2", test_doc_subnet2);
  g_test_add_func ("/core/udr/doc-example/traces", test_doc_traces);
  g_test_add_func ("/core/udr/propagation-off", test_propagation_off);
  g_test_add_func ("/core/udr/invalid-next-hops", test_invalid_next_hops);
  g_test_add_func ("/core/udr/tables-agree-with-forwarding", test_tables_agree);
  g_test_add_func ("/core/udr/incremental-equals-rebuild", test_incremental);
  g_test_add_func ("/core/udr/round-trip", test_round_trip);
  g_test_add_func ("/core/udr/report", test_report);
  return g_test_run ();
}
