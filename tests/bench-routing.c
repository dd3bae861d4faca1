/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-bench.h"
#include "vnl-generate.h"

/*
 * A benchmark of the routing core, not a test: it asserts nothing.
 *
 *   bench-routing [--json] [FILE]
 *
 * Without FILE it generates, in memory, the reference workload: 1,000 VNets,
 * 200 sites, 100 circuits and 20,000 on-premises prefixes (seed 1), then
 * prints what `vnetlab-cli bench` prints, plus the time to generate and
 * validate the design.
 */

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *path = NULL;
  gboolean json = FALSE;
  VnlBenchOptions opts;
  VnlBenchResult result;
  double t0, t_make, t_validate;

  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (path == NULL && argv[i][0] != '-')
        path = argv[i];
      else
        {
          g_printerr ("usage: %s [--json] [FILE]\n", argv[0]);
          return 2;
        }
    }

  t0 = now_s ();
  if (path != NULL)
    design = vnl_design_load (path, &error);
  else
    {
      VnlGenerateOptions gen = { 1000, 200, 100, 20000, 1 };
      design = vnl_generate_design (&gen, &error);
    }
  t_make = now_s () - t0;
  if (design == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  t0 = now_s ();
  problems = vnl_design_validate (design, path);
  t_validate = now_s () - t0;
  if (problems->len > 0)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *line = vnl_problem_to_string (problems->pdata[i]);
          g_printerr ("%s\n", line);
        }
      return 2;
    }

  vnl_bench_options_init (&opts);
  vnl_bench_result_init (&result);
  vnl_bench_run (design, &opts, &result);

  if (json)
    {
      text = vnl_bench_result_to_json (&result);
      g_print ("%s\n", text);
    }
  else
    {
      text = vnl_bench_result_to_text (&result);
      g_print ("%s\n", vnl_design_get_title (design) != NULL ? vnl_design_get_title (design) : path);
      g_print ("  %-34s %10.3f ms\n", path != NULL ? "load" : "generate", t_make * 1e3);
      g_print ("  %-34s %10.3f ms\n", "validate", t_validate * 1e3);
      g_print ("%s", text);
    }

  return 0;
}
