/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

/* `vnetlab-cli validate` and `show`, run as the real program ($VNL_CLI). */

typedef struct
{
  int   status;
  char *out;   /* owned */
  char *err;   /* owned */
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
cli_path (void)
{
  const char *cli = g_getenv ("VNL_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return cli;
}

static void
run_cli (Run        *run,
         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static char *
sample (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
}

static gboolean
skip_without_cli (void)
{
  if (cli_path () != NULL)
    return FALSE;
  g_test_skip ("VNL_CLI is not set to the vnetlab-cli program");
  return TRUE;
}

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
  g_test_add_func ("/cli/validate/usage", test_cli_validate_usage);
  g_test_add_func ("/cli/validate/missing-file", test_cli_validate_missing_file);
  g_test_add_func ("/cli/show/testbed", test_cli_show_testbed);
  g_test_add_func ("/cli/show/global-reach", test_cli_show_global_reach);

  return g_test_run ();
}
