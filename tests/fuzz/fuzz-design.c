/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-design"

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-matrix.h"
#include "vnl-network-private.h"
#include "vnl-report.h"

/*
 * The fuzz harness of the file format and everything that reads a design:
 * load from memory → validate → save → reload → byte-compare the two saves
 * → network → traces (and why they fail), matrix, route tables, what-if →
 * report JSON. Each stage must either refuse the input with a GError or
 * hold its invariant; anything else aborts, which libFuzzer (or the replay
 * main below) reports as a finding.
 *
 * Built with -Dfuzzing=true (clang, -fsanitize=fuzzer,address,undefined)
 * it is a libFuzzer target; otherwise it is a plain program whose main
 * replays every file of the corpus directories it is given.
 *
 * The work per input is bounded so that one execution stays in the
 * milliseconds: a few endpoints traced, a few objects taken down.
 */

#define MAX_TRACED     6   /* endpoints traced pairwise */
#define MAX_WHAT_IF    8   /* objects taken down one at a time */
#define MAX_REPORT_EPS 8   /* reports only on small valid designs */
#define MAX_MATRIX_CHECKED 16 /* endpoints whose matrix is checked pair by pair */

static void
check_round_trip (VnlDesign *design)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(VnlDesign) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize len1 = 0, len2 = 0;

  first = vnl_design_to_data (design, &len1);
  again = vnl_design_load_from_data (first, len1, "saved.vnetlab", &error);
  if (again == NULL)
    {
      fprintf (stderr, "a saved design does not load again: %s\n--- saved:\n%.*s\n",
               error->message, (int) len1, first);
      abort ();
    }
  second = vnl_design_to_data (again, &len2);
  if (len1 != len2 || memcmp (first, second, len1) != 0)
    {
      fprintf (stderr, "save → load → save changed the file\n--- first:\n%.*s\n--- second:\n%.*s\n",
               (int) len1, first, (int) len2, second);
      abort ();
    }
}

static void
trace_pairs (VnlNetwork *network,
             GPtrArray  *endpoints)
{
  guint n = MIN (endpoints->len, MAX_TRACED);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlEndpoint *a = endpoints->pdata[i];
        VnlEndpoint *b = endpoints->pdata[j];
        g_autofree char *to = vnl_ip_to_string (b->address);
        g_autoptr(VnlTrace) trace = NULL;
        g_autofree char *why = NULL;

        if (i == j)
          continue;
        trace = vnl_network_trace (network, a->parent.name, to, NULL);
        if (trace != NULL)
          why = vnl_network_explain (network, trace);
      }
}

static void
matrix_and_tables (VnlNetwork *network,
                   VnlDesign  *design)
{
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, NULL);
  guint n = vnl_matrix_get_n_endpoints (matrix);

  /* The class matrix is the per-endpoint matrix (vnl-matrix.c's argument,
   * on whatever the fuzzer makes of addresses, owners and prefixes). */
  for (guint i = 0; i < MIN (n, MAX_MATRIX_CHECKED); i++)
    for (guint j = 0; j < MIN (n, MAX_MATRIX_CHECKED); j++)
      {
        gboolean expected = i == j || (_vnl_network_endpoint_flow_reaches (network, i, j) &&
                                       _vnl_network_endpoint_reaches (network, j, i));
        if (vnl_matrix_get (matrix, i, j) != expected)
          {
            fprintf (stderr, "matrix %s → %s: classes say %d, the walks %d\n",
                     vnl_matrix_get_endpoint (matrix, i)->parent.name,
                     vnl_matrix_get_endpoint (matrix, j)->parent.name, !expected, expected);
            abort ();
          }
      }

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          GPtrArray *tables =
            vnl_network_get_tables (network, ((VnlObject *) objects->pdata[i])->name, NULL);
          g_clear_pointer (&tables, g_ptr_array_unref);
        }
    }
}

static void
what_if (VnlNetwork *network,
         VnlDesign  *design,
         GPtrArray  *endpoints)
{
  guint done = 0;

  for (guint k = 0; k < VNL_N_KINDS && done < MAX_WHAT_IF; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len && done < MAX_WHAT_IF; i++, done++)
        {
          const char *name = ((VnlObject *) objects->pdata[i])->name;

          if (!vnl_network_set_up (network, name, FALSE, NULL))
            continue;
          trace_pairs (network, endpoints);
          g_assert_true (vnl_network_set_up (network, name, TRUE, NULL));
        }
    }
}

static void
report (VnlDesign *design,
        GPtrArray *endpoints)
{
  g_autoptr(VnlReport) report = NULL;
  g_autofree char *json = NULL;

  if (endpoints->len > MAX_REPORT_EPS)
    return;
  report = vnl_report_new (design, "fuzz.vnetlab", NULL, NULL, NULL, NULL, NULL);
  if (report == NULL)
    return;
  json = vnl_report_to_json (report);
  g_assert_nonnull (json);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  GPtrArray *endpoints;

  design = vnl_design_load_from_data ((const char *) data, size, "fuzz.vnetlab", NULL);
  if (design == NULL)
    return 0;

  problems = vnl_design_validate (design, "fuzz.vnetlab");
  check_round_trip (design);

  /* The designer analyses whatever is on the canvas, valid or not. */
  endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  network = vnl_network_new (design);
  trace_pairs (network, endpoints);
  matrix_and_tables (network, design);
  what_if (network, design, endpoints);

  /* The report requires a valid design. */
  if (problems->len == 0)
    report (design, endpoints);
  return 0;
}

#ifndef VNL_LIBFUZZER
/* Without libFuzzer: replay every file of the directories (or files) given
 * on the command line, as a test. */
static guint
replay_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  GDir *dir;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_get_contents (path, &data, &len, &error))
        g_error ("%s", error->message);
      LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
      return 1;
    }
  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        n += replay_path (child);
    }
  g_dir_close (dir);
  return n;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    n += replay_path (argv[i]);
  printf ("replayed %u inputs\n", n);
  return n > 0 ? 0 : 1;
}
#endif
