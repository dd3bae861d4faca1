/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vnl-test-cli.h"

/*
 * `vnetlab-cli trace`, `ping`, `routes` and `matrix`, run as the real
 * program: the output formats the issue asks for (Windows tracert and ping,
 * the JSON shapes) and the exit codes 0 reached / 1 not reached / 2 bad
 * input. The routes and hops themselves are tested in test-routing.
 */

static void
test_trace_text (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  /* Spec §3.2 #3: hub → Location 1, two silent hops. */
  run_cli (&run, (const char *const[]) { "trace", file, "--from", "hub-vm", "--to", "10.2.30.10", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Tracing route to 10.2.30.10 over a maximum of 30 hops\n"));
  g_assert_nonnull (strstr (run.out, "  1     2 ms     2 ms     2 ms  10.10.30.132\n"));
  g_assert_nonnull (strstr (run.out, "  2     *        *        *     Request timed out.\n"));
  g_assert_nonnull (strstr (run.out, "10.2.30.10\n\nTrace complete.\n"));

  /* #16: below one millisecond Windows prints "<1 ms". */
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  run_cli (&run, (const char *const[]) { "trace", file, "--from", "loc1-vm", "--to", "10.10.30.4", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "  1    <1 ms    <1 ms    <1 ms  10.2.30.3\n"));
}

/* The hub-spoke without its GatewaySubnet route: the trace says in words
 * that the stateful firewall drops the reply; towards the Internet the
 * firewall's SNAT is named, in the text and in the JSON. */
static void
test_trace_firewall (void)
{
  g_autofree char *broken = sample ("hub-spoke-firewall-broken.vnetlab");
  g_autofree char *file = sample ("hub-spoke-firewall.vnetlab");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "trace", broken, "--from", "spoke1-vm", "--to", "dc1-vm", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Return path dropped at azfw: return traffic bypasses azfw "
                                     "(GatewaySubnet of hub has no route to it): a stateful firewall drops the reply.\n"));
  run_clear (&run);

  run_cli (&run, (const char *const[]) { "trace", file, "--from", "spoke1-vm", "--to", "8.8.8.8", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Note: azfw translates the source to 198.51.100.40 (SNAT)"));
  run_clear (&run);

  run_cli (&run, (const char *const[]) { "trace", file, "--from", "spoke1-vm", "--to", "8.8.8.8", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"snat\""));
  g_assert_nonnull (strstr (run.out, "\"firewall\""));
}

/* --scenario NAME takes down the objects of a scenario saved in the file,
 * as --down would: with er1's primary link down (its secondary is shut in
 * the lab), Location 1 reaches the hub over the S2S VPN backup (spec §2.2),
 * so the primary MSEE 192.168.30.18 is no longer a hop. An unknown
 * scenario is bad input (exit 2) and the message lists the ones there are. */
static void
test_scenario (void)
{
  g_autofree char *sample_file = sample ("azure-interop-testbed.vnetlab");
  g_autofree char *dir = g_dir_make_tmp ("vnl-cli-scenario-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "lab.vnetlab", NULL);
  g_autofree char *text = NULL, *with = NULL, *end = NULL;
  g_auto(Run) run = { 0 };
  char *close;

  if (skip_without_cli ())
    return;

  g_assert_true (g_file_get_contents (sample_file, &text, NULL, NULL));
  close = strstr (text, "</design>");
  g_assert_nonnull (close);
  with = g_strdup_printf ("%.*s  <scenario name=\"er1 out\"><down ref=\"er1-primary\"/></scenario>\n</design>\n",
                          (int) (close - text), text);
  g_assert_true (g_file_set_contents (file, with, -1, NULL));

  run_cli (&run, (const char *const[]) { "trace", file, "--from", "loc1-vm", "--to", "10.10.30.4", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "192.168.30.18"));
  run_clear (&run);

  run_cli (&run, (const char *const[]) { "trace", file, "--from", "loc1-vm", "--to", "10.10.30.4",
                                         "--scenario", "er1 out", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "192.168.30.18"));
  g_assert_nonnull (strstr (run.out, "Trace complete."));
  run_clear (&run);

  run_cli (&run, (const char *const[]) { "matrix", file, "--scenario", "no such", NULL });
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no such"));
  g_assert_nonnull (strstr (run.err, "er1 out"));

  /* The command never writes the file. */
  g_assert_true (g_file_get_contents (file, &end, NULL, NULL));
  g_assert_cmpstr (end, ==, with);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_trace_json (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *hops;
  JsonObject *silent;

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "trace", file, "--from", "hub-vm", "--to", "10.2.30.10", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "10.10.30.4");
  g_assert_cmpstr (json_object_get_string_member (root, "destination"), ==, "10.2.30.10");
  g_assert_true (json_object_get_boolean_member (root, "reached"));
  g_assert_true (json_object_get_null_member (root, "drop"));

  hops = json_object_get_array_member (root, "hops");
  g_assert_cmpuint (json_array_get_length (hops), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hops, 0), "kind"),
                   ==, "expressroute-gateway");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hops, 0), "node"),
                   ==, "hub-ergw");

  /* A silent hop: address null, no RTTs, but it still names its node. */
  silent = json_array_get_object_element (hops, 1);
  g_assert_true (json_object_get_null_member (silent, "address"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (silent, "rtt_ms")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (silent, "kind"), ==, "ce-router");
}

static void
test_trace_not_reached (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *drop;

  if (skip_without_cli ())
    return;

  /* #14: the branch has no route to Location 2; its VNet drops it with
   * the None route for private ranges. */
  run_cli (&run, (const char *const[]) { "trace", file, "--from", "branch-vm", "--to", "10.1.31.10", "--json", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)), "reached"));
  drop = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "drop");
  g_assert_cmpstr (json_object_get_string_member (drop, "node"), ==, "branch");
  g_assert_cmpstr (json_object_get_string_member (drop, "reason"), ==, "drop route");
}

static void
test_bad_input (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  static const char *const cases[][8] = {
    { "trace", NULL, "--from", "nobody", "--to", "10.10.30.4", NULL },
    { "trace", NULL, "--from", "hub-vm", "--to", "10.2.30.10", "--down", "no-such-link" },
    { "trace", NULL, "--from", "hub-vm", NULL },
    /* An endpoint on premises has no routing table (one in a VNet has its
     * NIC's effective routes). */
    { "routes", NULL, "loc1-vm", NULL },
  };

  if (skip_without_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[9] = { 0 };
      g_auto(Run) run = { 0 };

      for (guint k = 0; k < 8 && (k == 1 || cases[i][k] != NULL); k++)
        args[k] = k == 1 ? file : cases[i][k];
      run_cli (&run, args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, !=, "");
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_ping (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) ok = { 0 };
  g_auto(Run) lost = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&ok, (const char *const[]) { "ping", file, "--from", "hub-vm", "--to", "10.1.31.10", NULL });
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "Pinging 10.1.31.10 with 32 bytes of data:\n"));
  g_assert_nonnull (strstr (ok.out, "Reply from 10.1.31.10: bytes=32 time="));
  g_assert_nonnull (strstr (ok.out, "Packets: Sent = 4, Received = 4, Lost = 0 (0% loss)"));

  /* #20: Location 1 → Location 2, 100 % loss. */
  run_cli (&lost, (const char *const[]) { "ping", file, "--from", "loc1-vm", "--to", "10.1.31.10", NULL });
  g_assert_cmpint (lost.status, ==, 1);
  g_assert_nonnull (strstr (lost.out, "Request timed out.\nRequest timed out.\nRequest timed out.\nRequest timed out.\n"));
  g_assert_nonnull (strstr (lost.out, "Packets: Sent = 4, Received = 0, Lost = 4 (100% loss)"));
}

static void
test_matrix_json (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *endpoints;
  JsonArray *rows;

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "matrix", file, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  endpoints = json_object_get_array_member (root, "endpoints");
  rows = json_object_get_array_member (root, "reachable");
  g_assert_cmpuint (json_array_get_length (endpoints), ==, 6);
  g_assert_cmpuint (json_array_get_length (rows), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      JsonObject *ep = json_array_get_object_element (endpoints, i);
      g_assert_true (json_object_has_member (ep, "name"));
      g_assert_true (json_object_has_member (ep, "address"));
      g_assert_cmpuint (json_array_get_length (json_array_get_array_element (rows, i)), ==, 6);
    }
}

/* `bench --json` times the file steps apart (tests/scale/scale.py reads
 * them): each a figure, never negative; a save writes a file that holds
 * the design (not empty); --no-save leaves the save out, as null. */
static void
test_bench_file_steps (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  const char *steps[] = { "load_ms", "validate_ms", "save_ms" };

  if (skip_without_cli ())
    return;

  for (guint save = 0; save < 2; save++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root, *steps_of;

      run_cli (&run, (const char *const[]) { "bench", file, "--json", "--traces", "10",
                                              "--no-matrix", save ? NULL : "--no-save", NULL });
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      steps_of = json_object_get_object_member (root, "file");
      g_assert_nonnull (steps_of);
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          JsonNode *node = json_object_get_member (steps_of, steps[i]);

          g_assert_nonnull (node);
          if (!save && g_str_equal (steps[i], "save_ms"))
            g_assert_true (JSON_NODE_HOLDS_NULL (node));
          else
            g_assert_cmpfloat (json_node_get_double (node), >=, 0);
        }
      if (save)
        g_assert_cmpint (json_object_get_int_member (steps_of, "save_bytes"), >, 100);
      else
        g_assert_cmpint (json_object_get_int_member (steps_of, "save_bytes"), ==, 0);
      /* The renderer's geometry is measured where the CLI has a renderer. */
      g_assert_true (json_object_has_member (steps_of, "geometry_ms"));
    }
}

static void
test_routes (void)
{
  g_autofree char *file = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  /* §2.3.2: the hub's effective routes, in Azure's columns. */
  run_cli (&run, (const char *const[]) { "routes", file, "hub", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Source"));
  g_assert_nonnull (strstr (run.out, "Next hop type"));
  g_assert_nonnull (strstr (run.out, "VNet peering"));
  g_assert_nonnull (strstr (run.out, "ExpressRoute preferred over VPN (weight)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/trace/text", test_trace_text);
  g_test_add_func ("/cli/trace/json", test_trace_json);
  g_test_add_func ("/cli/trace/scenario", test_scenario);
  g_test_add_func ("/cli/trace/firewall", test_trace_firewall);
  g_test_add_func ("/cli/trace/not-reached", test_trace_not_reached);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/ping", test_ping);
  g_test_add_func ("/cli/matrix/json", test_matrix_json);
  g_test_add_func ("/cli/routes", test_routes);
  g_test_add_func ("/cli/bench/file-steps", test_bench_file_steps);
  return g_test_run ();
}
