/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"
#include "vnl-test-cli.h"

/*
 * The invalid corpus: tests/data/invalid/NAME.vnetlab, each with
 * NAME.expected beside it, one expectation per line:
 *
 *   LINE: substring     a problem at LINE whose text contains substring
 *   !LINE: substring    no problem at LINE contains substring
 *
 * Lines starting with '#' and empty lines are ignored.
 */

static char *
samples_dir (void)
{
  const char *env = g_getenv ("VNL_SAMPLES_DIR");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);
}

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[i]);
      g_test_message ("  %s", text);
    }
}

static gboolean
has_problem (GPtrArray  *problems,
             guint       line,
             const char *substring)
{
  for (guint i = 0; i < problems->len; i++)
    {
      VnlProblem *problem = problems->pdata[i];
      g_autofree char *text = vnl_problem_to_string (problem);

      if (problem->line == line && strstr (text, substring) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
check_valid_files (GPtrArray *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GPtrArray) problems = vnl_file_check (paths->pdata[i]);

      g_test_message ("%s", (char *) paths->pdata[i]);
      dump_problems (problems);
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

static void
test_validate_samples (void)
{
  g_autofree char *dir = samples_dir ();
  g_autoptr(GPtrArray) paths = list_designs (dir);

  g_assert_cmpuint (paths->len, >=, 3);
  check_valid_files (paths);
}

static void
test_validate_valid_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "valid", NULL);
  g_autoptr(GPtrArray) paths = list_designs (dir);

  g_assert_cmpuint (paths->len, >=, 1);
  check_valid_files (paths);
}

static void
test_validate_invalid_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autoptr(GPtrArray) paths = list_designs (dir);
  guint n_expectations = 0;

  g_assert_cmpuint (paths->len, >=, 15);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      g_autofree char *base = g_strndup (path, strlen (path) - strlen (".vnetlab"));
      g_autofree char *expected_path = g_strconcat (base, ".expected", NULL);
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", path);
      problems = vnl_file_check (path);
      dump_problems (problems);

      /* Every file of the corpus is invalid, and quickly so (the entity
       * bomb included). */
      g_assert_cmpuint (problems->len, >, 0);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
      for (guint p = 0; p < problems->len; p++)
        {
          VnlProblem *problem = problems->pdata[p];
          g_assert_cmpstr (problem->file, ==, path);
          g_assert_null (strstr (problem->message, "root:x:0:0"));
        }

      g_file_get_contents (expected_path, &expected, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (expected, "\n", -1);

      for (guint l = 0; lines[l] != NULL; l++)
        {
          const char *text = lines[l];
          gboolean negative = FALSE;
          char *end = NULL;
          guint64 line;

          if (*text == '\0' || *text == '#')
            continue;
          if (*text == '!')
            {
              negative = TRUE;
              text++;
            }

          line = g_ascii_strtoull (text, &end, 10);
          g_assert_true (end != text && end[0] == ':' && end[1] == ' ');

          if (negative)
            {
              if (has_problem (problems, (guint) line, end + 2))
                g_error ("%s: unexpected problem at line %u containing “%s”",
                         path, (guint) line, end + 2);
            }
          else if (!has_problem (problems, (guint) line, end + 2))
            g_error ("%s: expected a problem at line %u containing “%s”",
                     path, (guint) line, end + 2);
          n_expectations++;
        }
    }

  g_assert_cmpuint (n_expectations, >=, 15);
}

/* Problems come sorted by line, and validating twice gives the same. */
static void
test_validate_sorted (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid", "dangling-references.vnetlab", NULL);
  g_autoptr(GPtrArray) first = vnl_file_check (path);
  g_autoptr(GPtrArray) second = vnl_file_check (path);

  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      g_autofree char *a = vnl_problem_to_string (first->pdata[i]);
      g_autofree char *b = vnl_problem_to_string (second->pdata[i]);

      g_assert_cmpstr (a, ==, b);
      if (i > 0)
        g_assert_cmpuint (((VnlProblem *) first->pdata[i - 1])->line, <=,
                          ((VnlProblem *) first->pdata[i])->line);
    }
}

/* A design built in code (no lines): the rules apply the same. */
static void
test_validate_built (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GPtrArray) problems = NULL;
  VnlLocation *region = vnl_object_new (VNL_KIND_LOCATION, "r");
  VnlVnet *a = vnl_object_new (VNL_KIND_VNET, "a");
  VnlVnet *b = vnl_object_new (VNL_KIND_VNET, "b");
  VnlPeering *peering = vnl_object_new (VNL_KIND_PEERING, "a-b");
  VnlPrefix p = { 0x0a000000, 16 };
  VnlPrefix q = { 0x0a000100, 24 };
  g_autofree char *text = NULL;

  a->location = g_strdup ("r");
  b->location = g_strdup ("r");
  g_array_append_val (a->address_spaces, p);
  g_array_append_val (b->address_spaces, q);
  peering->vnet_a = g_strdup ("a");
  peering->vnet_b = g_strdup ("b");

  g_assert_true (vnl_design_add (design, region, NULL));
  g_assert_true (vnl_design_add (design, a, NULL));
  g_assert_true (vnl_design_add (design, b, NULL));

  /* Not connected yet: overlapping is allowed. */
  problems = vnl_design_validate (design, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_assert_true (vnl_design_add (design, peering, NULL));
  problems = vnl_design_validate (design, NULL);
  g_assert_cmpuint (problems->len, ==, 1);
  text = vnl_problem_to_string (problems->pdata[0]);
  g_assert_nonnull (strstr (text, "10.0.1.0/24 overlaps 10.0.0.0/16 of vnet “a”"));
}

/* Errors by default; a warning says so in its text. The Azure refusals of
 * the corpus come as errors, the disagreeing BGP sessions (which Azure
 * accepts) as warnings only. */
static void
test_validate_severity (void)
{
  static const struct { const char *file; VnlSeverity severity; } cases[] = {
    { "azure-global-reach.vnetlab",    VNL_SEVERITY_ERROR },
    { "azure-skus.vnetlab",            VNL_SEVERITY_ERROR },
    { "azure-gateway-subnet.vnetlab",  VNL_SEVERITY_ERROR },
    { "dangling-references.vnetlab",   VNL_SEVERITY_ERROR },
    { "azure-bgp-sessions.vnetlab",    VNL_SEVERITY_WARNING },
  };
  VnlProblem plain = { (char *) "f.vnetlab", 3, (char *) "it cannot work", NULL, VNL_SEVERITY_WARNING };
  g_autofree char *text = vnl_problem_to_string (&plain);

  g_assert_cmpstr (text, ==, "f.vnetlab:3: warning: it cannot work");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid", cases[i].file, NULL);
      g_autoptr(GPtrArray) problems = vnl_file_check (path);

      g_assert_cmpuint (problems->len, >, 0);
      for (guint p = 0; p < problems->len; p++)
        {
          VnlProblem *problem = problems->pdata[p];
          g_autofree char *line = vnl_problem_to_string (problem);

          g_assert_cmpint (problem->severity, ==, cases[i].severity);
          g_assert_true ((strstr (line, ": warning: ") != NULL) == (cases[i].severity == VNL_SEVERITY_WARNING));
        }
    }
}

static VnlDesign *
load_sample (const char *name)
{
  g_autofree char *dir = samples_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

/* The names of the neighbours @node learned routes from, in its tables. */
static gboolean
learned_from (VnlNetwork *network,
              const char *node,
              const char *neighbour)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, node, &error);

  g_assert_no_error (error);
  for (guint t = 0; t < tables->len; t++)
    {
      VnlRouteTable *table = tables->pdata[t];

      for (guint r = 0; r < table->rows->len; r++)
        if (g_strcmp0 (((VnlRouteRow *) table->rows->pdata[r])->learned_from, neighbour) == 0)
          return TRUE;
    }
  return FALSE;
}

/* A BGP session whose ends disagree stays down, so no route crosses it.
 *
 * ExpressRoute: in the reference test bed, circuit er2 has peer ASN 65022
 * and both Location 2 CEs use it. Give loc2-ce1 (on er2-primary) another
 * ASN: validation warns, naming both values, and the er2-primary MSEE and
 * loc2-ce1 learn nothing from each other, while er2-secondary still
 * carries Location 2 (its CE agrees).
 *
 * VPN: loc1-lng stands for loc1-ce (ASN 65021, tunnel 10.2.30.125). With
 * another ASN on the LNG, the hub's VPN gateway learns nothing from
 * loc1-ce any more; with the agreeing values it does. */
static void
test_validate_disagreeing_sessions (void)
{
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  VnlCe *ce1 = vnl_design_lookup_kind (design, "loc2-ce1", VNL_KIND_CE);
  VnlLng *lng = vnl_design_lookup_kind (design, "loc1-lng", VNL_KIND_LNG);
  VnlLink *primary = vnl_design_lookup_kind (design, "er2-primary", VNL_KIND_LINK);
  VnlS2sConnection *vpn = vnl_design_lookup_kind (design, "hub-loc1-vpn", VNL_KIND_S2S_CONNECTION);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *reason = NULL;

  g_assert_nonnull (ce1);
  g_assert_nonnull (lng);

  /* As shipped, every session agrees and routes cross them. */
  g_assert_true (vnl_design_session_agrees (design, primary, NULL));
  g_assert_true (vnl_design_session_agrees (design, vpn, NULL));
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);

    g_assert_true (learned_from (network, "er2-primary", "loc2-ce1"));
    g_assert_true (learned_from (network, "loc2-ce1", "er2-primary"));
    g_assert_true (learned_from (network, "hub-vpngw", "loc1-ce"));
  }

  ce1->asn = 65099;
  lng->asn = 65098;
  vnl_design_changed (design, ce1);
  vnl_design_changed (design, lng);

  g_assert_false (vnl_design_session_agrees (design, primary, &reason));
  g_assert_nonnull (strstr (reason, "65099"));
  g_assert_nonnull (strstr (reason, "65022"));
  g_clear_pointer (&reason, g_free);
  g_assert_false (vnl_design_session_agrees (design, vpn, &reason));
  g_assert_nonnull (strstr (reason, "65098"));
  g_assert_nonnull (strstr (reason, "65021"));

  /* Warnings only: Azure accepts each object. */
  problems = vnl_design_validate (design, NULL);
  g_assert_cmpuint (problems->len, ==, 2);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpint (((VnlProblem *) problems->pdata[i])->severity, ==, VNL_SEVERITY_WARNING);

  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);

    g_assert_false (learned_from (network, "er2-primary", "loc2-ce1"));
    g_assert_false (learned_from (network, "loc2-ce1", "er2-primary"));
    g_assert_true (learned_from (network, "er2-secondary", "loc2-ce2"));
    g_assert_false (learned_from (network, "hub-vpngw", "loc1-ce"));
    /* 10.10.30.4 is hub-vm: Location 2 still reaches it over er2-secondary. */
    g_assert_true (vnl_network_reaches (network, vnl_design_find_endpoint (design, "loc2-vm"), 0x0a0a1e04));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validate/samples", test_validate_samples);
  g_test_add_func ("/core/validate/valid-corpus", test_validate_valid_corpus);
  g_test_add_func ("/core/validate/invalid-corpus", test_validate_invalid_corpus);
  g_test_add_func ("/core/validate/sorted", test_validate_sorted);
  g_test_add_func ("/core/validate/built", test_validate_built);
  g_test_add_func ("/core/validate/severity", test_validate_severity);
  g_test_add_func ("/core/validate/disagreeing-sessions", test_validate_disagreeing_sessions);

  return g_test_run ();
}
