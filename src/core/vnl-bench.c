/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-bench"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
# include <sys/resource.h>
# include <time.h>
# include <unistd.h>
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
# include <malloc.h>
# define HAVE_MALLINFO2 1
#endif

#include "vnl-bench.h"
#include "vnl-file.h"
#include "vnl-bgp.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-vwan.h"

/*
 * DOC: Benchmarks
 *
 * What `vnetlab-cli bench` and tests/bench-routing measure, on one thread:
 * convergence, memory, re-convergence after one link down, traces and the
 * full matrix; and the steps around them that tests/scale/scale.py
 * times one by one: load, validate, save (the renderer's geometry is the
 * CLI's, as the core holds no renderer). Figures, never pass/fail: timed
 * tests would be flaky. Times are the thread's CPU time where the system
 * has that clock: on a machine shared with other work, wall time measures
 * the others too.
 * The Virtual WAN hub route tables are computed lazily, by the first
 * lookup after a convergence; every convergence and link down timed here
 * builds them at once (converged()), so that the figures include them.
 */

void
vnl_bench_options_init (VnlBenchOptions *opts)
{
  g_return_if_fail (opts != NULL);

  opts->n_converge = 3;
  opts->n_links = 8;
  opts->n_traces = 5000;
  opts->n_reaches = 50000;
  opts->matrix = TRUE;
  opts->seed = 1;
}

void
vnl_bench_result_init (VnlBenchResult *result)
{
  g_return_if_fail (result != NULL);

  memset (result, 0, sizeof *result);
  result->load_s = -1;
  result->validate_s = -1;
  result->save_s = -1;
  result->geometry_s = -1;
}

double
vnl_bench_clock (void)
{
#if defined(G_OS_UNIX) && defined(CLOCK_THREAD_CPUTIME_ID)
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    return ts.tv_sec + ts.tv_nsec / 1e9;
#endif
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* The resident set now, in KiB (Linux /proc; 0 elsewhere). */
static glong
rss_now_kb (void)
{
#ifdef G_OS_UNIX
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  long page = sysconf (_SC_PAGESIZE);

  if (page <= 0 || !g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    return 0;
  fields = g_strsplit (text, " ", 3);
  if (fields[0] == NULL || fields[1] == NULL)
    return 0;
  return (glong) (g_ascii_strtoll (fields[1], NULL, 10) * (page / 1024));
#else
  return 0;
#endif
}

/* Bytes the allocator has handed out and not taken back, in KiB: unlike
 * the RSS it does not hide memory reused after an earlier free (the XML
 * tree of a loaded file, for one). */
static glong
heap_in_use_kb (void)
{
#ifdef HAVE_MALLINFO2
  struct mallinfo2 info = mallinfo2 ();

  /* With the arenas' regions mapped apart from malloc (vnl-bgp.h). */
  return (glong) ((info.uordblks + info.hblkhd + vnl_chunks_mapped_bytes ()) / 1024);
#else
  return 0;
#endif
}

/* The peak resident set of the process so far, in KiB. */
static glong
maxrss_kb (void)
{
#ifdef G_OS_UNIX
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) == 0)
    return usage.ru_maxrss;
#endif
  return 0;
}

/* A network converged with everything the lookups read built. */
static VnlNetwork *
converged (VnlDesign *design)
{
  VnlNetwork *network = vnl_network_new (design);

  _vnl_vwan_update (network);
  return network;
}

static void
set_up (VnlNetwork *network,
        const char *name,
        gboolean    up)
{
  vnl_network_set_up (network, name, up, NULL);
  _vnl_vwan_update (network);
}

static GPtrArray *
all_endpoints (VnlDesign *design)
{
  GPtrArray *array = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  GPtrArray *copy = g_ptr_array_sized_new (array->len);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, array->pdata[i]);
  return copy;
}

/* @n random ordered pairs of distinct endpoints, as indices. */
static guint *
random_pairs (GRand *rand,
              guint  n_endpoints,
              guint  n)
{
  guint *pairs = g_new (guint, 2 * MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      pairs[2 * i] = g_rand_int_range (rand, 0, n_endpoints);
      do
        pairs[2 * i + 1] = g_rand_int_range (rand, 0, n_endpoints);
      while (pairs[2 * i + 1] == pairs[2 * i]);
    }
  return pairs;
}

void
vnl_bench_run (VnlDesign             *design,
               const VnlBenchOptions *opts,
               VnlBenchResult        *result)
{
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GRand) rand = NULL;
  double t0, sum;
  glong heap_before;

  g_return_if_fail (VNL_IS_DESIGN (design));
  g_return_if_fail (opts != NULL);
  g_return_if_fail (result != NULL);

  {
    VnlBenchResult file = *result;

    vnl_bench_result_init (result);
    result->load_s = file.load_s;
    result->validate_s = file.validate_s;
    result->save_s = file.save_s;
    result->save_bytes = file.save_bytes;
    result->geometry_s = file.geometry_s;
  }
  rand = g_rand_new_with_seed (opts->seed);
  endpoints = all_endpoints (design);
  result->n_objects = vnl_design_count (design);
  result->n_endpoints = endpoints->len;

  /* Convergence: the first run also tells the memory it costs. */
  result->rss_before_kb = rss_now_kb ();
  heap_before = heap_in_use_kb ();
  t0 = vnl_bench_clock ();
  network = converged (design);
  result->converge_first_s = vnl_bench_clock () - t0;
  result->rss_delta_kb = rss_now_kb () - result->rss_before_kb;
  result->heap_delta_kb = heap_in_use_kb () - heap_before;
  result->maxrss_converged_kb = maxrss_kb ();
  result->n_speakers = vnl_network_get_n_speakers (network);
  result->n_routes = vnl_network_get_n_routes (network);
  result->n_updates = vnl_network_get_last_updates (network);

  result->n_converge = MAX (opts->n_converge, 1);
  result->converge_best_s = result->converge_first_s;
  sum = result->converge_first_s;
  for (guint i = 1; i < result->n_converge; i++)
    {
      g_autoptr(VnlNetwork) again = NULL;
      double t;

      t0 = vnl_bench_clock ();
      again = converged (design);
      t = vnl_bench_clock () - t0;
      result->converge_best_s = MIN (result->converge_best_s, t);
      sum += t;
    }
  result->converge_mean_s = sum / result->n_converge;

  /* One circuit link down, then back up, for several different links. */
  links = g_ptr_array_new ();
  {
    GPtrArray *array = vnl_design_get_objects (design, VNL_KIND_LINK);

    for (guint i = 0; i < array->len; i++)
      if (((VnlObject *) array->pdata[i])->up && ((VnlLink *) array->pdata[i])->ce != NULL)
        g_ptr_array_add (links, array->pdata[i]);
  }
  for (guint i = 0; i < opts->n_links && links->len > 0; i++)
    {
      guint k = g_rand_int_range (rand, 0, links->len);
      VnlObject *link = links->pdata[k];
      double t_down;

      g_ptr_array_remove_index_fast (links, k);

      t0 = vnl_bench_clock ();
      set_up (network, link->name, FALSE);
      t_down = vnl_bench_clock () - t0;
      result->link_down_updates_mean += vnl_network_get_last_updates (network);

      t0 = vnl_bench_clock ();
      set_up (network, link->name, TRUE);
      result->link_up_mean_s += vnl_bench_clock () - t0;

      result->link_down_mean_s += t_down;
      result->link_down_max_s = MAX (result->link_down_max_s, t_down);
      result->n_links++;
    }
  if (result->n_links > 0)
    {
      result->link_down_mean_s /= result->n_links;
      result->link_up_mean_s /= result->n_links;
      result->link_down_updates_mean /= result->n_links;
    }

  /* Traces and forward-only lookups between random pairs. */
  if (endpoints->len >= 2 && opts->n_traces > 0)
    {
      g_autofree guint *pairs = random_pairs (rand, endpoints->len, opts->n_traces);

      double reached_s = 0;

      t0 = vnl_bench_clock ();
      for (guint i = 0; i < opts->n_traces; i++)
        {
          VnlObject *from = endpoints->pdata[pairs[2 * i]];
          VnlObject *to = endpoints->pdata[pairs[2 * i + 1]];
          double t1 = vnl_bench_clock ();
          g_autoptr(VnlTrace) trace = vnl_network_trace (network, from->name, to->name, NULL);

          /* Delivered traces walk the whole path and back: time them apart
           * from the ones dropped early. */
          if (trace != NULL && trace->reached)
            {
              result->traces_reached++;
              reached_s += vnl_bench_clock () - t1;
            }
        }
      result->traces_s = vnl_bench_clock () - t0;
      if (result->traces_reached > 0)
        result->trace_reached_mean_us = reached_s * 1e6 / result->traces_reached;
      result->n_traces = opts->n_traces;
      result->traces_per_s = result->traces_s > 0 ? result->n_traces / result->traces_s : 0;
      result->trace_mean_us = result->traces_s * 1e6 / result->n_traces;
    }

  if (endpoints->len >= 2 && opts->n_reaches > 0)
    {
      g_autofree guint *pairs = random_pairs (rand, endpoints->len, opts->n_reaches);

      t0 = vnl_bench_clock ();
      for (guint i = 0; i < opts->n_reaches; i++)
        {
          VnlEndpoint *from = endpoints->pdata[pairs[2 * i]];
          VnlEndpoint *to = endpoints->pdata[pairs[2 * i + 1]];

          if (vnl_network_reaches (network, from, to->address))
            result->reaches_true++;
        }
      result->n_reaches = opts->n_reaches;
      result->reaches_mean_us = (vnl_bench_clock () - t0) * 1e6 / result->n_reaches;
    }

  if (opts->matrix)
    {
      g_autoptr(VnlMatrix) matrix = NULL;

      /* The matrix per class, and every endpoint pair counted from it. */
      t0 = vnl_bench_clock ();
      matrix = vnl_matrix_new (network, NULL);
      result->matrix_reachable = vnl_matrix_count_reachable (matrix);
      result->matrix_s = vnl_bench_clock () - t0;
      result->matrix = TRUE;
      result->matrix_n = vnl_matrix_get_n_endpoints (matrix);
      result->matrix_classes = vnl_matrix_get_n_classes (matrix);
    }

  result->maxrss_end_kb = maxrss_kb ();
}

VnlDesign *
vnl_bench_load (const char      *path,
                VnlBenchResult  *result,
                GPtrArray      **problems,
                GError         **error)
{
  g_autoptr(VnlDesign) design = NULL;
  double t0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  t0 = vnl_bench_clock ();
  design = vnl_design_load (path, error);
  result->load_s = vnl_bench_clock () - t0;
  if (design == NULL)
    return NULL;

  t0 = vnl_bench_clock ();
  *problems = vnl_design_validate (design, path);
  result->validate_s = vnl_bench_clock () - t0;

  return g_steal_pointer (&design);
}

gboolean
vnl_bench_save (VnlDesign       *design,
                VnlBenchResult  *result,
                GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;
  gboolean saved;
  double t0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(dir = g_dir_make_tmp ("vnl-bench-XXXXXX", error)))
    return FALSE;
  path = g_build_filename (dir, "design.vnetlab", NULL);

  t0 = vnl_bench_clock ();
  saved = vnl_design_save (design, path, error);
  result->save_s = vnl_bench_clock () - t0;
  if (saved && g_stat (path, &st) == 0)
    result->save_bytes = (guint64) st.st_size;

  g_unlink (path);
  g_rmdir (dir);
  return saved;
}

char *
vnl_bench_result_to_text (const VnlBenchResult *r)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (r != NULL, NULL);

#define ROW(label, fmt, ...) g_string_append_printf (out, "  %-34s " fmt "\n", label, __VA_ARGS__)
  g_string_append (out, "Design\n");
  ROW ("objects", "%u", r->n_objects);
  ROW ("endpoints", "%u", r->n_endpoints);
  ROW ("BGP speakers", "%u", r->n_speakers);
  ROW ("routes", "%u", r->n_routes);
  ROW ("updates (first convergence)", "%u", r->n_updates);

  if (r->load_s >= 0)
    {
      g_string_append (out, "File\n");
      ROW ("load (read and parse)", "%10.3f ms", r->load_s * 1e3);
      if (r->validate_s >= 0)
        ROW ("validate", "%10.3f ms", r->validate_s * 1e3);
      if (r->save_s >= 0)
        ROW ("save", "%10.3f ms (%" G_GUINT64_FORMAT " bytes)", r->save_s * 1e3, r->save_bytes);
      if (r->geometry_s >= 0)
        ROW ("renderer geometry", "%10.3f ms", r->geometry_s * 1e3);
    }

  g_string_append (out, "Convergence (vnl_network_new)\n");
  ROW ("first", "%10.3f ms", r->converge_first_s * 1e3);
  ROW ("best / mean", "%10.3f / %.3f ms (%u runs)", r->converge_best_s * 1e3,
       r->converge_mean_s * 1e3, r->n_converge);
  ROW ("RSS before", "%10.1f MiB", r->rss_before_kb / 1024.0);
  ROW ("RSS delta (first convergence)", "%10.1f MiB", r->rss_delta_kb / 1024.0);
  ROW ("heap delta (first convergence)", "%10.1f MiB", r->heap_delta_kb / 1024.0);
  ROW ("heap per route", "%10.1f bytes", r->n_routes > 0 ? r->heap_delta_kb * 1024.0 / r->n_routes : 0.0);
  ROW ("peak RSS after convergence", "%10.1f MiB", r->maxrss_converged_kb / 1024.0);
  ROW ("peak RSS at the end", "%10.1f MiB", r->maxrss_end_kb / 1024.0);

  g_string_append (out, "Re-convergence (one circuit link)\n");
  ROW ("links measured", "%u", r->n_links);
  ROW ("down: mean / max", "%10.3f / %.3f ms", r->link_down_mean_s * 1e3, r->link_down_max_s * 1e3);
  ROW ("up again: mean", "%10.3f ms", r->link_up_mean_s * 1e3);
  ROW ("updates per link down (mean)", "%10.1f", r->link_down_updates_mean);

  g_string_append (out, "Traces (vnl_network_trace, random pairs)\n");
  ROW ("traces", "%u (%u reached)", r->n_traces, r->traces_reached);
  ROW ("traces per second", "%10.0f", r->traces_per_s);
  ROW ("mean per trace", "%10.2f µs", r->trace_mean_us);
  ROW ("mean per delivered trace", "%10.2f µs", r->trace_reached_mean_us);
  ROW ("vnl_network_reaches: mean", "%10.2f µs (%u calls, %u true)", r->reaches_mean_us,
       r->n_reaches, r->reaches_true);

  if (r->matrix)
    {
      g_string_append (out, "Matrix (vnl_matrix_new, per equivalence class)\n");
      ROW ("endpoints", "%u", r->matrix_n);
      ROW ("classes", "%u", r->matrix_classes);
      ROW ("time", "%10.3f ms", r->matrix_s * 1e3);
      ROW ("reachable ordered pairs", "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT, r->matrix_reachable,
           r->matrix_n > 0 ? (guint64) r->matrix_n * (r->matrix_n - 1) : 0);
    }
#undef ROW

  return g_string_free (out, FALSE);
}

char *
vnl_bench_result_to_json (const VnlBenchResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (r != NULL, NULL);

#define INT(name, value) G_STMT_START { json_builder_set_member_name (b, name); \
                                        json_builder_add_int_value (b, value); } G_STMT_END
#define DBL(name, value) G_STMT_START { json_builder_set_member_name (b, name); \
                                        json_builder_add_double_value (b, round ((value) * 1000) / 1000); } G_STMT_END
  json_builder_begin_object (b);
  INT ("objects", r->n_objects);
  INT ("endpoints", r->n_endpoints);
  INT ("speakers", r->n_speakers);
  INT ("routes", r->n_routes);
  INT ("updates", r->n_updates);

  json_builder_set_member_name (b, "convergence");
  json_builder_begin_object (b);
  INT ("runs", r->n_converge);
  DBL ("first_ms", r->converge_first_s * 1e3);
  DBL ("best_ms", r->converge_best_s * 1e3);
  DBL ("mean_ms", r->converge_mean_s * 1e3);
  INT ("rss_before_kb", r->rss_before_kb);
  INT ("rss_delta_kb", r->rss_delta_kb);
  INT ("heap_delta_kb", r->heap_delta_kb);
  DBL ("heap_bytes_per_route", r->n_routes > 0 ? r->heap_delta_kb * 1024.0 / r->n_routes : 0.0);
  INT ("maxrss_converged_kb", r->maxrss_converged_kb);
  INT ("maxrss_end_kb", r->maxrss_end_kb);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "link_down");
  json_builder_begin_object (b);
  INT ("links", r->n_links);
  DBL ("mean_ms", r->link_down_mean_s * 1e3);
  DBL ("max_ms", r->link_down_max_s * 1e3);
  DBL ("up_mean_ms", r->link_up_mean_s * 1e3);
  DBL ("updates_mean", r->link_down_updates_mean);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "traces");
  json_builder_begin_object (b);
  INT ("count", r->n_traces);
  INT ("reached", r->traces_reached);
  DBL ("per_second", r->traces_per_s);
  DBL ("mean_us", r->trace_mean_us);
  DBL ("reached_mean_us", r->trace_reached_mean_us);
  INT ("reaches_count", r->n_reaches);
  INT ("reaches_true", r->reaches_true);
  DBL ("reaches_mean_us", r->reaches_mean_us);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "matrix");
  if (r->matrix)
    {
      json_builder_begin_object (b);
      INT ("endpoints", r->matrix_n);
      INT ("classes", r->matrix_classes);
      DBL ("ms", r->matrix_s * 1e3);
      INT ("reachable_pairs", r->matrix_reachable);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  /* Each file step, null when not measured. */
  json_builder_set_member_name (b, "file");
  json_builder_begin_object (b);
  {
    const struct { const char *name; double s; } steps[] = {
      { "load_ms", r->load_s },
      { "validate_ms", r->validate_s },
      { "save_ms", r->save_s },
      { "geometry_ms", r->geometry_s },
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        if (steps[i].s >= 0)
          DBL (steps[i].name, steps[i].s * 1e3);
        else
          {
            json_builder_set_member_name (b, steps[i].name);
            json_builder_add_null_value (b);
          }
      }
    INT ("save_bytes", r->save_bytes);
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
#undef INT
#undef DBL

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
