/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"

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

static GPtrArray *
list_dir (const char *dir,
          const char *suffix)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);

  return paths;
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
  g_autoptr(GPtrArray) paths = list_dir (dir, ".vnetlab");

  g_assert_cmpuint (paths->len, >=, 3);
  check_valid_files (paths);
}

static void
test_validate_valid_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "valid", NULL);
  g_autoptr(GPtrArray) paths = list_dir (dir, ".vnetlab");

  g_assert_cmpuint (paths->len, >=, 1);
  check_valid_files (paths);
}

static void
test_validate_invalid_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autoptr(GPtrArray) paths = list_dir (dir, ".vnetlab");
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

  return g_test_run ();
}
