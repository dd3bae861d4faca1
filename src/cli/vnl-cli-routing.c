/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "vnl-cli.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-report.h"

/*
 * The commands over the routing core: trace, ping, routes, matrix, flow. Each
 * loads one design, refuses an invalid one (its problems are printed as
 * `validate` prints them), applies the --down what-ifs and asks the core.
 */

static char **opt_down;
static char *opt_scenario;
static char *opt_from;
static char *opt_to;
static gboolean opt_json;
static char *opt_protocol;
static char *opt_port;
static char *opt_source_port;
static gboolean opt_diagnostics;

static const GOptionEntry down_entries[] = {
  { "down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_down,
    N_("Take the named link, connection, gateway, gateway instance (GATEWAY/N) or other object down (repeatable)"), N_("NAME") },
  { "scenario", 0, 0, G_OPTION_ARG_STRING, &opt_scenario,
    N_("Take down the objects of the design's saved what-if scenario NAME"), N_("NAME") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

#define FLOW_ENTRIES \
  { "protocol", 0, 0, G_OPTION_ARG_STRING, &opt_protocol, \
    N_("Protocol of the flow network security groups filter: tcp, udp or icmp (default: icmp)"), N_("PROTO") }, \
  { "port", 0, 0, G_OPTION_ARG_STRING, &opt_port, N_("Destination port (tcp and udp)"), N_("PORT") }, \
  { "source-port", 0, 0, G_OPTION_ARG_STRING, &opt_source_port, \
    N_("Source port (tcp and udp; default 49152), the reply's destination"), N_("PORT") }

static const GOptionEntry path_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("Source endpoint (name or address)"), N_("SRC") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Destination address or endpoint name"), N_("DST") },
  FLOW_ENTRIES,
  { NULL }
};

static const GOptionEntry matrix_entries[] = {
  FLOW_ENTRIES,
  { NULL }
};

static const GOptionEntry flow_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("Source endpoint (name or address)"), N_("SRC") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Destination address or endpoint name"), N_("DST") },
  FLOW_ENTRIES,
  { "diagnostics", 0, 0, G_OPTION_ARG_NONE, &opt_diagnostics,
    N_("List every rule evaluated in each network security group"), NULL },
  { NULL }
};

static void
reset_options (void)
{
  g_clear_pointer (&opt_down, g_strfreev);
  g_clear_pointer (&opt_scenario, g_free);
  g_clear_pointer (&opt_from, g_free);
  g_clear_pointer (&opt_to, g_free);
  g_clear_pointer (&opt_protocol, g_free);
  g_clear_pointer (&opt_port, g_free);
  g_clear_pointer (&opt_source_port, g_free);
  opt_json = FALSE;
  opt_diagnostics = FALSE;
}

/* --protocol, --port, --source-port into the network's flow. Prints and
 * returns FALSE when wrong. */
static gboolean
apply_flow (VnlNetwork *network)
{
  g_autoptr(GError) error = NULL;
  VnlFlow flow;

  if (!vnl_flow_parse (opt_protocol, opt_port, opt_source_port, &flow, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return FALSE;
    }
  vnl_network_set_flow (network, &flow);
  return TRUE;
}

/* Loads, validates and applies the what-ifs. Prints and returns NULL on bad
 * input. */
static VnlNetwork *
load_network (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_auto(GStrv) down = NULL;

  design = vnl_cli_load_valid (path, _("%s: the design is invalid; fix it before routing\n"));
  if (design == NULL)
    return NULL;

  /* The what-if goes into the network, never into the design. */
  if (!(down = vnl_cli_what_if_down (design, opt_scenario, opt_down)))
    return NULL;
  network = vnl_network_new (design);
  for (guint i = 0; down[i] != NULL; i++)
    if (!vnl_network_set_up (network, down[i], FALSE, &error))
      {
        g_printerr ("vnetlab-cli: --down %s: %s\n", down[i], error->message);
        return NULL;
      }

  return g_steal_pointer (&network);
}

static GOptionContext *
context_new (const char         *parameter,
             const char         *summary,
             const GOptionEntry *extra)
{
  GOptionContext *context = vnl_cli_context_new (parameter, summary, down_entries);

  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  return context;
}

static gboolean
check_args (int    argc,
            char **argv,
            int    want)
{
  if (argc != want)
    {
      g_printerr (ngettext ("%s: expected %d argument; see --help\n",
                            "%s: expected %d arguments; see --help\n", want - 1),
                  g_get_prgname (), want - 1);
      return FALSE;
    }
  return TRUE;
}

/* The start trace and ping share: options, the design, the trace. Prints
 * what is wrong and returns NULL on bad input. */
static VnlTrace *
parse_and_trace (GOptionContext  *context,
                 int              argc,
                 char           **argv,
                 VnlNetwork     **network)
{
  g_autoptr(GError) error = NULL;
  VnlTrace *trace;

  if (!vnl_cli_parse (context, &argc, &argv) || !check_args (argc, argv, 2))
    return NULL;
  if (opt_from == NULL || opt_to == NULL)
    {
      g_printerr (_("%s: --from and --to are required\n"), g_get_prgname ());
      return NULL;
    }
  if (!(*network = load_network (argv[1])) || !apply_flow (*network))
    return NULL;
  if (!(trace = vnl_network_trace (*network, opt_from, opt_to, &error)))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return NULL;
    }
  return trace;
}

/* ---------------------------------------------------------------------- */
/* trace                                                                  */

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

int
vnl_cli_trace (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) trace = NULL;
  int status;

  reset_options ();
  context = context_new (_("FILE"),
                         _("Traces the route from an endpoint to an address, hop by hop, as\n"
                           "Windows tracert prints it. Exit status: 0 reached, 1 not reached,\n"
                           "2 bad input."), path_entries);
  if (!(trace = parse_and_trace (context, argc, argv, &network)))
    return VNL_CLI_EXIT_USAGE;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      vnl_trace_add_json_members (trace, b);
      json_builder_set_member_name (b, "asymmetric");
      json_builder_add_boolean_value (b, trace->asymmetric);
      if (trace->snat_address != 0)
        {
          g_autofree char *addr = vnl_ip_to_string (trace->snat_address);

          json_builder_set_member_name (b, "snat");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "node");
          json_builder_add_string_value (b, trace->snat_node);
          json_builder_set_member_name (b, "address");
          json_builder_add_string_value (b, addr);
          json_builder_end_object (b);
        }
      if (trace->reverse != NULL)
        {
          json_builder_set_member_name (b, "return");
          json_builder_begin_object (b);
          vnl_trace_add_json_members (trace->reverse, b);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_autofree char *text = vnl_trace_format_tracert (trace);
      g_autofree char *why = trace->reached ? NULL : vnl_network_explain (network, trace);

      g_print ("%s", text);
      if (why != NULL)
        g_print (_("Why: %s\n"), why);
      if (trace->asymmetric)
        g_print (_("\nNote: the return path differs from the forward path (asymmetric routing).\n"));
      if (trace->snat_address != 0)
        {
          char addr[16];
          vnl_ip_format (trace->snat_address, addr);
          g_print (_("Note: %s translates the source to %s (SNAT); the reply returns to it.\n"), trace->snat_node, addr);
        }
      if (trace->reverse != NULL && !trace->reverse->reached)
        g_print (_("Return path dropped at %s: %s.\n"),
                 trace->reverse->drop_node != NULL ? trace->reverse->drop_node : "?",
                 trace->reverse->drop_detail != NULL ? trace->reverse->drop_detail
                                                     : _(vnl_drop_reason_to_string (trace->reverse->drop)));
    }

  status = trace->reached ? VNL_CLI_EXIT_OK : VNL_CLI_EXIT_FAILURE;
  reset_options ();
  return status;
}

/* ---------------------------------------------------------------------- */
/* ping                                                                   */

int
vnl_cli_ping (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) trace = NULL;
  gboolean replied;
  double min = G_MAXDOUBLE, max = 0, sum = 0;
  char dst[16];
  guint received = 0;
  guint ttl = 128;

  reset_options ();
  context = context_new (_("FILE"),
                         _("Sends four 32-byte echo requests from an endpoint, as Windows ping\n"
                           "prints them: a reply needs both the forward and the return path.\n"
                           "Exit status: 0 replies received, 1 all lost, 2 bad input."), path_entries);
  if (!(trace = parse_and_trace (context, argc, argv, &network)))
    return VNL_CLI_EXIT_USAGE;

  replied = trace->reached && trace->reverse != NULL && trace->reverse->reached;
  if (replied)
    ttl = 128 - (trace->reverse->hops->len > 0 ? trace->reverse->hops->len - 1 : 0);

  vnl_ip_format (trace->destination, dst);
  if (trace->flow.protocol == VNL_PROTO_ICMP)
    g_print ("\nPinging %s with 32 bytes of data:\n", dst);
  else
    g_print ("\nProbing %s port %u (%s) four times:\n", dst, trace->flow.port,
             trace->flow.protocol == VNL_PROTO_TCP ? "TCP" : "UDP");
  for (guint k = 0; k < 4; k++)
    {
      if (!replied)
        {
          g_print ("Request timed out.\n");
          continue;
        }
      {
        VnlHop *last = &g_array_index (trace->hops, VnlHop, trace->hops->len - 1);
        double rtt = trace->one_way_ms + trace->reverse->one_way_ms +
                     (last->n_rtt > 0 ? last->rtt_ms[k % 3] - 2 * trace->one_way_ms : 0);
        int ms = (int) lround (MAX (rtt, 0));

        received++;
        min = MIN (min, ms);
        max = MAX (max, ms);
        sum += ms;
        if (trace->flow.protocol != VNL_PROTO_ICMP)
          g_print ("Reply from %s:%u: time%s%dms TTL=%u\n", dst, trace->flow.port, ms < 1 ? "<" : "=",
                   MAX (ms, 1), ttl);
        else if (ms < 1)
          g_print ("Reply from %s: bytes=32 time<1ms TTL=%u\n", dst, ttl);
        else
          g_print ("Reply from %s: bytes=32 time=%dms TTL=%u\n", dst, ms, ttl);
      }
    }

  if (!replied)
    {
      g_autofree char *why = vnl_network_explain (network, trace);
      if (why != NULL)
        g_printerr (_("Why: %s\n"), why);
    }

  g_print ("\nPing statistics for %s:\n", dst);
  g_print ("    Packets: Sent = 4, Received = %u, Lost = %u (%u%% loss),\n",
           received, 4 - received, (4 - received) * 25);
  if (received > 0)
    {
      g_print ("Approximate round trip times in milli-seconds:\n");
      g_print ("    Minimum = %dms, Maximum = %dms, Average = %dms\n",
               (int) min, (int) max, (int) lround (sum / received));
    }

  reset_options ();
  return received > 0 ? VNL_CLI_EXIT_OK : VNL_CLI_EXIT_FAILURE;
}

/* ---------------------------------------------------------------------- */
/* routes                                                                 */

static void
print_table_text (VnlRouteTable *table)
{
  g_print ("%s\n\n", table->title);
  if (table->note != NULL)
    g_print ("%s\n\n", table->note);

  if (table->kind == VNL_TABLE_VNET)
    {
      g_print ("%-24s %-8s %-18s %-24s %-30s %-14s %s\n",
               "Source", "State", "Address prefix", "Next hop type", "Next hop IP", "Gateway", "Why");
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          char prefix[20];

          vnl_prefix_format (&row->prefix, prefix);
          const char *why = "";

          if (row->next_hop != NULL || row->reason >= VNL_REASON_USER_DEFINED)
            why = _(vnl_reason_to_string (row->reason));
          else if (!row->active)
            why = _("a gateway route for the same prefix wins");
          g_print ("%-24s %-8s %-18s %-24s %-30s %-14s %s%s\n", row->source,
                   row->active ? "Active" : "Invalid", prefix, row->next_hop_type,
                   row->next_hop != NULL ? row->next_hop : "",
                   row->next_hop != NULL && row->learned_from ? row->learned_from : "",
                   !row->active && row->next_hop != NULL ? _("lost: ") : "", why);
        }
    }
  else if (table->kind == VNL_TABLE_HUB)
    {
      /* As the portal's "Effective Routes" of a hub route table. */
      g_print ("   %-18s %-27s %-24s %-22s %-14s %s\n",
               "Prefix", "Next hop type", "Next hop", "AS path", "Origin", "Why");
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          char prefix[20];

          vnl_prefix_format (&row->prefix, prefix);
          g_print (" %s %-18s %-27s %-24s %-22s %-14s %s\n", row->best ? ">" : " ", prefix, row->next_hop_type,
                   row->next_hop != NULL ? row->next_hop : "", row->as_path != NULL ? row->as_path : "",
                   row->source, row->best ? _(vnl_reason_to_string (row->reason)) : "");
        }
    }
  else
    {
      g_print ("   %-18s %-16s %-7s %-7s %-22s %-22s %s\n",
               "Network", "Next hop", "LocPrf", "Weight", "Path", "Learned from", "Why");
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          char prefix[20];

          vnl_prefix_format (&row->prefix, prefix);
          g_print (" %s %-18s %-16s %-7u %-7u %-22s %-22s %s\n", row->best ? ">" : " ", prefix,
                   row->next_hop, row->local_pref, row->weight,
                   *row->as_path ? row->as_path : "i",
                   row->learned_from != NULL ? row->learned_from : row->source,
                   row->best ? _(vnl_reason_to_string (row->reason)) : "");
        }
    }
  g_print ("\n");
}

int
vnl_cli_routes (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;

  reset_options ();
  context = context_new (_("FILE NODE"),
                         _("Shows the routes of a node: a VNet's effective routes (the summary),\n"
                           "a subnet's (VNET/SUBNET) or an endpoint's NIC's with its route table,\n"
                           "a gateway's learned routes, the MSEEs of a circuit (or one link), a CE router's\n"
                           "BGP table, a Virtual WAN hub's route tables (HUB, or HUB/TABLE with\n"
                           "HUB/defaultRouteTable). Each best route says why it won."), NULL);
  if (!vnl_cli_parse (context, &argc, &argv) || !check_args (argc, argv, 3))
    return VNL_CLI_EXIT_USAGE;
  if (!(network = load_network (argv[1])))
    return VNL_CLI_EXIT_USAGE;
  if (!(tables = vnl_network_get_tables (network, argv[2], &error)))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return VNL_CLI_EXIT_USAGE;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "node");
      json_builder_add_string_value (b, argv[2]);
      json_builder_set_member_name (b, "tables");
      json_builder_begin_array (b);
      for (guint t = 0; t < tables->len; t++)
        {
          json_builder_begin_object (b);
          vnl_route_table_add_json_members (tables->pdata[t], b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    for (guint t = 0; t < tables->len; t++)
      print_table_text (tables->pdata[t]);

  reset_options ();
  return VNL_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* matrix                                                                 */

/* Beyond these the endpoint matrix is summarised per pair of VNets and
 * sites: a text table of more columns cannot be read, and JSON of more than
 * 25 million cells is no use to anyone. */
#define MATRIX_MAX_TEXT_ENDPOINTS  60
#define MATRIX_MAX_JSON_ENDPOINTS  VNL_MATRIX_JSON_MAX_ENDPOINTS
#define MATRIX_MAX_TEXT_PAIRS      1000

typedef struct
{
  guint    shown;
  guint64  more;
} OwnerPairPrint;

static gboolean
print_owner_pair (const VnlMatrixOwnerPair *pair,
                  gpointer                  user_data)
{
  OwnerPairPrint *p = user_data;

  if (pair->pairs == 0)
    return TRUE;
  if (p->shown >= MATRIX_MAX_TEXT_PAIRS)
    {
      p->more++;
      return TRUE;
    }
  g_print ("%-24s %-24s %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "\n",
           pair->from, pair->to, pair->reachable, pair->pairs);
  p->shown++;
  return TRUE;
}

static void
flush_stdout (GString  *out,
              gpointer  user_data)
{
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

static void
print_matrix_json (VnlMatrix *matrix)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* Written row by row, never held whole. */
  vnl_matrix_write_json (matrix, out, 0, MATRIX_MAX_JSON_ENDPOINTS, NULL, NULL,
                         flush_stdout, NULL);
  g_string_append_c (out, '\n');
  flush_stdout (out, NULL);
}

static void
print_matrix_text (VnlMatrix *matrix)
{
  guint n = vnl_matrix_get_n_endpoints (matrix);
  g_autofree guint64 *row = g_new (guint64, vnl_matrix_row_words (matrix));
  guint width = 4;

  if (n > MATRIX_MAX_TEXT_ENDPOINTS)
    {
      OwnerPairPrint p = { 0, 0 };
      guint64 pairs = (guint64) n * (n - 1);

      g_autofree char *reachable = g_strdup_printf ("%" G_GUINT64_FORMAT, vnl_matrix_count_reachable (matrix));
      g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, pairs);

      g_print (_("%u endpoints: a matrix of %u × %u cannot be shown, so it is summarised per pair "
                 "of VNets and sites (use --json for every pair up to %u endpoints).\n"),
               n, n, n, MATRIX_MAX_JSON_ENDPOINTS);
      g_print (_("Reachable: %s of %s ordered pairs (%u equivalence classes of endpoints).\n\n"),
               reachable, total, vnl_matrix_get_n_classes (matrix));
      g_print ("%-24s %-24s %12s %12s\n", _("From"), _("To"), _("Reachable"), _("Pairs"));
      vnl_matrix_foreach_owner_pair (matrix, print_owner_pair, &p);
      if (p.more > 0)
        {
          g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, p.more);
          g_print (_("… and %s more pairs of VNets and sites (use --json).\n"), more);
        }
      return;
    }

  for (guint i = 0; i < n; i++)
    width = MAX (width, strlen (vnl_matrix_get_endpoint (matrix, i)->parent.name));

  g_print ("%-*s", width + 2, "");
  for (guint j = 0; j < n; j++)
    g_print (" %-*s", width, vnl_matrix_get_endpoint (matrix, j)->parent.name);
  g_print ("\n");
  for (guint i = 0; i < n; i++)
    {
      vnl_matrix_get_row (matrix, i, row);
      g_print ("%-*s", width + 2, vnl_matrix_get_endpoint (matrix, i)->parent.name);
      for (guint j = 0; j < n; j++)
        g_print (" %-*s", width, i == j ? "-" : vnl_matrix_row_bit (row, j) ? "yes"
                                 : vnl_matrix_get_cell (matrix, i, j) == VNL_MATRIX_DENIED ? "denied" : "no");
      g_print ("\n");
    }
}

int
vnl_cli_matrix (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlMatrix) matrix = NULL;

  reset_options ();
  context = context_new (_("FILE"),
                         _("Reachability between every pair of endpoints (row = source,\n"
                           "column = destination); reachable means a ping gets its reply.\n"
                           "Large designs are summarised per pair of VNets and sites."), matrix_entries);
  if (!vnl_cli_parse (context, &argc, &argv) || !check_args (argc, argv, 2))
    return VNL_CLI_EXIT_USAGE;
  if (!(network = load_network (argv[1])) || !apply_flow (network))
    return VNL_CLI_EXIT_USAGE;

  matrix = vnl_matrix_new (network, NULL);
  if (opt_json)
    print_matrix_json (matrix);
  else
    print_matrix_text (matrix);

  reset_options ();
  return VNL_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* flow                                                                   */

static void
print_check_text (const VnlNsgCheck *check)
{
  g_autofree char *rule = vnl_nsg_check_describe (check);

  g_print (_("%s at %s: %s by %s\n"), check->direction == VNL_NSG_INBOUND ? _("Inbound") : _("Outbound"),
           check->node, check->allowed ? _("allowed") : _("denied"), rule);
  if (!opt_diagnostics)
    return;
  for (guint i = 0; i < check->evaluated->len; i++)
    {
      const VnlNsgRule *r = check->evaluated->pdata[i];
      g_autofree char *src = vnl_nsg_addrs_to_string (r->sources);
      g_autofree char *sports = vnl_nsg_ports_to_string (r->source_ports);
      g_autofree char *dst = vnl_nsg_addrs_to_string (r->destinations);
      g_autofree char *dports = vnl_nsg_ports_to_string (r->destination_ports);

      g_print ("    %5u  %-30s %-5s %-4s %s:%s -> %s:%s  %s\n", r->priority, r->name,
               r->allow ? "Allow" : "Deny", vnl_protocol_to_string (r->protocol), src, sports, dst, dports,
               i + 1 == check->evaluated->len ? _("matched") : _("no match"));
    }
}

static void
add_check_json (JsonBuilder       *b,
                const VnlNsgCheck *check)
{
  const VnlNsgRule *rule = vnl_nsg_check_rule (check);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "group");
  json_builder_add_string_value (b, check->group);
  json_builder_set_member_name (b, check->on_subnet ? "subnet" : "nic");
  json_builder_add_string_value (b, check->attached);
  json_builder_set_member_name (b, "direction");
  json_builder_add_string_value (b, vnl_nsg_direction_to_string (check->direction));
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, check->node);
  json_builder_set_member_name (b, "access");
  json_builder_add_string_value (b, check->allowed ? "Allow" : "Deny");
  json_builder_set_member_name (b, "rule");
  json_builder_add_string_value (b, rule->name);
  json_builder_set_member_name (b, "priority");
  json_builder_add_int_value (b, rule->priority);
  json_builder_set_member_name (b, "evaluated");
  json_builder_begin_array (b);
  for (guint i = 0; i < check->evaluated->len; i++)
    {
      const VnlNsgRule *r = check->evaluated->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, r->name);
      json_builder_set_member_name (b, "priority");
      json_builder_add_int_value (b, r->priority);
      json_builder_set_member_name (b, "matched");
      json_builder_add_boolean_value (b, i + 1 == check->evaluated->len);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* Like Network Watcher's IP flow verify: the flow from an endpoint to an
 * address, allowed or denied by which rule of which group at which
 * endpoint, in each direction; the reply of an allowed flow is allowed
 * (stateful). Exit status: 0 allowed both ways, 1 denied or not routed. */
int
vnl_cli_flow (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) trace = NULL;
  g_autofree char *flow_text = NULL;
  const char *verdict;
  gboolean allowed;
  char src[16], dst[16];
  int status;

  reset_options ();
  context = context_new (_("FILE"),
                         _("Verifies a flow from an endpoint to an address, as Network Watcher's\n"
                           "IP flow verify does: allowed or denied, by which rule of which network\n"
                           "security group, at which endpoint, outbound and inbound; the reply of\n"
                           "an allowed flow is allowed (security rules are stateful). With\n"
                           "--diagnostics every rule evaluated is listed. Exit status: 0 allowed,\n"
                           "1 denied or not routed, 2 bad input."), flow_entries);
  if (!(trace = parse_and_trace (context, argc, argv, &network)))
    return VNL_CLI_EXIT_USAGE;

  /* No return path is traced from the Internet. */
  allowed = trace->reached && (trace->reverse != NULL ? trace->reverse->reached : trace->internet);
  verdict = allowed ? "allowed" : !trace->reached && trace->drop == VNL_DROP_DENIED ? "denied" : "not-routed";
  flow_text = vnl_flow_to_string (&trace->flow);
  vnl_ip_format (trace->source, src);
  vnl_ip_format (trace->destination, dst);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, vnl_protocol_to_string (trace->flow.protocol));
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, src);
      json_builder_set_member_name (b, "destination");
      json_builder_add_string_value (b, dst);
      json_builder_set_member_name (b, "source_port");
      if (trace->flow.protocol == VNL_PROTO_ICMP)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, trace->flow.source_port);
      json_builder_set_member_name (b, "port");
      if (trace->flow.protocol == VNL_PROTO_ICMP)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, trace->flow.port);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, verdict);
      json_builder_set_member_name (b, "dropped_at");
      if (trace->reached)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, trace->drop_node);
      json_builder_set_member_name (b, "groups");
      json_builder_begin_array (b);
      for (guint i = 0; i < trace->nsg_checks->len; i++)
        add_check_json (b, trace->nsg_checks->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print (_("Flow %s from %s to %s\n"), flow_text, src, dst);
      if (trace->nsg_checks->len == 0 && trace->drop != VNL_DROP_DENIED)
        g_print ("%s\n", _("No network security group on the way."));
      for (guint i = 0; i < trace->nsg_checks->len; i++)
        print_check_text (trace->nsg_checks->pdata[i]);
      if (g_str_equal (verdict, "allowed"))
        g_print ("%s\n", trace->reverse != NULL
                 ? _("Reply: allowed (security rules are stateful).\nResult: allowed.")
                 : _("Result: allowed."));
      else if (g_str_equal (verdict, "denied"))
        g_print (_("Result: denied at %s.\n"), trace->drop_node);
      else
        {
          g_autofree char *why = vnl_network_explain (network, trace);
          g_print (_("Result: not routed. %s\n"), why != NULL ? why : "");
        }
    }

  status = g_str_equal (verdict, "allowed") ? VNL_CLI_EXIT_OK : VNL_CLI_EXIT_FAILURE;
  reset_options ();
  return status;
}
