/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* `vnetlab-cli validate` and `show`, run as the real program ($VNL_CLI). */

#include "vnl-test-cli.h"

static void
test_cli_validate_valid (void)
{
  g_autofree char *a = sample ("azure-interop-testbed.vnetlab");
  g_autofree char *b = sample ("hub-spoke.vnetlab");
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "validate", a, b, NULL });
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: valid\n", a);
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_cli_validate_invalid (void)
{
  g_autofree char *good = sample ("global-reach.vnetlab");
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "invalid", "gateways.vnetlab", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "data", "invalid", "schema-unknown-element.vnetlab", NULL);
  g_autofree char *where = NULL;
  g_autofree char *where_schema = NULL;
  g_autofree char *valid = NULL;
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "validate", good, bad, schema, NULL });
  g_assert_cmpint (run.status, ==, 1);

  /* Problems on stderr as FILE:LINE: message (object). */
  where = g_strdup_printf ("%s:15: ", bad);
  g_assert_nonnull (strstr (run.err, where));
  g_assert_nonnull (strstr (run.err, "(a-vpn2)"));
  where_schema = g_strdup_printf ("%s:10: ", schema);
  g_assert_nonnull (strstr (run.err, where_schema));

  /* The good file is still reported as valid. */
  valid = g_strdup_printf ("%s: valid\n", good);
  g_assert_cmpstr (run.out, ==, valid);
}

/* Warnings (Azure accepts the design, but it cannot work) are printed and
 * marked, and leave the exit status 0; --strict makes them fail. The
 * corpus file azure-bgp-sessions.vnetlab has three warnings and no error
 * (tests/data/invalid/azure-bgp-sessions.expected says why). */
static void
test_cli_validate_warnings (void)
{
  g_autofree char *warned = g_test_build_filename (G_TEST_DIST, "data", "invalid", "azure-bgp-sessions.vnetlab", NULL);
  g_autofree char *refused = g_test_build_filename (G_TEST_DIST, "data", "invalid", "azure-global-reach.vnetlab", NULL);
  g_autofree char *where = NULL;
  g_autofree char *valid = NULL;

  if (skip_without_cli ())
    return;

  where = g_strdup_printf ("%s:21: warning: CE “ce-a” has ASN 65009", warned);
  valid = g_strdup_printf ("%s: valid, with 3 warnings\n", warned);

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "validate", warned, NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, valid);
    g_assert_nonnull (strstr (run.err, where));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "validate", "--strict", warned, NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, where));
  }
  /* An error fails with or without --strict, and is not marked. */
  for (guint strict = 0; strict < 2; strict++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *error_at = g_strdup_printf ("%s:12: Global Reach joins", refused);

      if (strict)
        run_cli (&run, (const char *const[]) { "validate", "--strict", refused, NULL });
      else
        run_cli (&run, (const char *const[]) { "validate", refused, NULL });
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, error_at));
      g_assert_null (strstr (run.err, "warning:"));
    }
}

/* A design with warnings only can still be routed: `routes` runs on it,
 * and shows the disagreeing session carrying nothing. In
 * azure-bgp-sessions.vnetlab ce-a (ASN 65009) sits on c1-primary of a
 * circuit whose peer ASN is 65001, so that MSEE learns no site prefix;
 * ce-b (ASN 65001) on c1-secondary advertises the site's 192.168.10.0/24. */
static void
test_cli_validate_warnings_route (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid", "azure-bgp-sessions.vnetlab", NULL);

  if (skip_without_cli ())
    return;

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "routes", path, "c1-primary", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "10.0.0.0/24"));
    g_assert_null (strstr (run.out, "192.168.10.0/24"));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "routes", path, "c1-secondary", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "192.168.10.0/24"));
  }
}

static void
test_cli_validate_usage (void)
{
  g_autofree char *good = sample ("global-reach.vnetlab");

  if (skip_without_cli ())
    return;

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "validate", NULL });
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "validate", "--no-such-option", good, NULL });
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "validate", "--help", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "FILE"));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "show", NULL });
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, (const char *const[]) { "show", "--version", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "vnetlab-cli "));
  }
}

static void
test_cli_validate_missing_file (void)
{
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "validate", "/nonexistent/x.vnetlab", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "/nonexistent/x.vnetlab: "));
}

/* Thousands of problems: the first 100 printed, the rest counted, and
 * the routing commands (which print the load error) bounded alike. */
static void
test_cli_validate_many_problems (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnl-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.vnetlab", NULL);
  g_autoptr(GString) data = g_string_new ("<design xmlns='urn:vnetlab:design:1' version='1'>\n");
  guint n_lines = 0;

  if (skip_without_cli ())
    return;

  /* 3000 gateways without their vnet: one schema error each. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (data, "  <gateway name='g%u' type='vpn'/>\n", i);
  g_string_append (data, "</design>\n");
  g_assert_true (g_file_set_contents (path, data->str, data->len, NULL));

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, (const char *const[]) { "validate", path, NULL });
    g_assert_cmpint (run.status, ==, 1);
    for (const char *p = run.err; *p != '\0'; p++)
      n_lines += *p == '\n';
    g_assert_cmpuint (n_lines, ==, 101);
    g_assert_nonnull (strstr (run.err, "… and 2900 more problems (3000 in all)\n"));
    g_assert_null (strstr (run.err, ":0: "));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, (const char *const[]) { "routes", path, "g1", NULL });
    g_assert_cmpint (run.status, !=, 0);
    n_lines = 0;
    for (const char *p = run.err; *p != '\0'; p++)
      n_lines += *p == '\n';
    g_assert_cmpuint (n_lines, <=, 102);
    g_assert_nonnull (strstr (run.err, "3000 in all"));
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* A device and a FIFO are refused at once: neither read for ever nor
 * waited on. */
static void
test_cli_validate_not_regular (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnl-cli-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.vnetlab", NULL);
  const char *paths[] = { "/dev/zero", fifo };

  if (skip_without_cli ())
    return;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *prefix = g_strdup_printf ("%s: ", paths[i]);

      run_cli (&run, (const char *const[]) { "validate", paths[i], NULL });
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, prefix));
      g_assert_nonnull (strstr (run.err, "not a regular file"));
    }

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_cli_show_testbed (void)
{
  g_autofree char *path = sample ("azure-interop-testbed.vnetlab");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "show", path, NULL });
  g_assert_cmpint (run.status, ==, 0);

  /* The shared keys are secrets. */
  g_assert_null (strstr (run.out, "IamSecure123"));
  g_assert_null (strstr (run.err, "IamSecure123"));
  g_assert_null (strstr (run.out, "hub-branch-psk"));

  g_assert_nonnull (strstr (run.out, "Azure interoperability test bed"));
  g_assert_nonnull (strstr (run.out, "10.10.30.0/24"));
  g_assert_nonnull (strstr (run.out, "loc1-ce ASN 65021"));
  g_assert_nonnull (strstr (run.out, "192.168.30.20/30"));
  g_assert_nonnull (strstr (run.out, "DOWN"));
  g_assert_nonnull (strstr (run.out, "routing weight 0"));
  g_assert_nonnull (strstr (run.out, "IKEv2"));
  g_assert_nonnull (strstr (run.out, "remote gateways yes"));
}

static void
test_cli_show_global_reach (void)
{
  g_autofree char *path = sample ("global-reach.vnetlab");
  g_auto(Run) run = { 0 };

  if (skip_without_cli ())
    return;

  run_cli (&run, (const char *const[]) { "show", path, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Global Reach gr-us-eu: er-us ↔ er-eu"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/validate/valid", test_cli_validate_valid);
  g_test_add_func ("/cli/validate/invalid", test_cli_validate_invalid);
  g_test_add_func ("/cli/validate/warnings", test_cli_validate_warnings);
  g_test_add_func ("/cli/validate/warnings-still-route", test_cli_validate_warnings_route);
  g_test_add_func ("/cli/validate/usage", test_cli_validate_usage);
  g_test_add_func ("/cli/validate/missing-file", test_cli_validate_missing_file);
  g_test_add_func ("/cli/validate/many-problems", test_cli_validate_many_problems);
  g_test_add_func ("/cli/validate/not-regular", test_cli_validate_not_regular);
  g_test_add_func ("/cli/show/testbed", test_cli_show_testbed);
  g_test_add_func ("/cli/show/global-reach", test_cli_show_global_reach);

  return g_test_run ();
}
