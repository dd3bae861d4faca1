/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * Measuring the routing core on a design, on the calling thread: what the
 * `bench` command and tests/bench-routing print. Times are wall-clock
 * (monotonic) seconds; memory is the process's resident set in KiB (0 where
 * the platform does not tell).
 */

typedef struct
{
  guint   n_converge;     /* vnl_network_new runs (the first is also measured for memory) */
  guint   n_links;        /* circuit links taken down one at a time */
  guint   n_traces;       /* vnl_network_trace calls between random endpoint pairs */
  guint   n_reaches;      /* vnl_network_reaches calls between random endpoint pairs */
  gboolean matrix;        /* time the matrix (vnl_matrix_new) */
  guint32 seed;           /* for the choice of links and pairs */
} VnlBenchOptions;

typedef struct
{
  guint   n_objects;
  guint   n_endpoints;
  guint   n_speakers;
  guint   n_routes;
  guint   n_updates;              /* entries processed by the first convergence */

  guint   n_converge;
  double  converge_first_s;       /* the first vnl_network_new */
  double  converge_best_s;
  double  converge_mean_s;
  glong   rss_before_kb;          /* before the first vnl_network_new */
  glong   rss_delta_kb;           /* growth over the first vnl_network_new */
  glong   heap_delta_kb;          /* malloc'd bytes it added (glibc; else 0) */
  glong   maxrss_converged_kb;    /* getrusage peak right after it */
  glong   maxrss_end_kb;          /* getrusage peak at the end */

  guint   n_links;
  double  link_down_mean_s;
  double  link_down_max_s;
  double  link_up_mean_s;
  double  link_down_updates_mean;

  guint   n_traces;
  guint   traces_reached;
  double  traces_s;
  double  traces_per_s;
  double  trace_mean_us;
  double  trace_reached_mean_us;  /* mean over the delivered traces only */

  guint   n_reaches;
  guint   reaches_true;
  double  reaches_mean_us;

  gboolean matrix;
  double  matrix_s;
  guint   matrix_n;               /* endpoints */
  guint   matrix_classes;         /* equivalence classes of endpoints */
  guint64 matrix_reachable;       /* ordered pairs that ping */

  /* The file steps, when the caller measured them (vnl_bench_load() and
   * vnl_bench_save(); the geometry is the renderer's, which the core does
   * not hold, so the CLI fills it in). Negative: not measured. */
  double  load_s;                 /* read and parse the file into a design */
  double  validate_s;             /* vnl_design_validate, once */
  double  save_s;                 /* vnl_design_save to a temporary file */
  guint64 save_bytes;             /* the size of that file */
  double  geometry_s;             /* the renderer's geometry, no output */
} VnlBenchResult;

void        vnl_bench_options_init    (VnlBenchOptions       *opts);
/* Clears @result, the file steps marked as not measured. */
void        vnl_bench_result_init     (VnlBenchResult        *result);
/* The clock of every figure: the thread's CPU seconds (user + system)
 * where the system has that clock, else monotonic seconds. */
double      vnl_bench_clock           (void);
/* Loads @path, timing the load (parse into a design) and the validation
 * apart into @result; the validation's problems go to @problems. NULL
 * with @error when the file cannot be loaded. */
VnlDesign  *vnl_bench_load            (const char            *path,
                                       VnlBenchResult        *result,
                                       GPtrArray            **problems,
                                       GError               **error);
/* Times one save of @design (the atomic save of File → Save) to a
 * temporary file, removed afterwards. */
gboolean    vnl_bench_save            (VnlDesign             *design,
                                       VnlBenchResult        *result,
                                       GError               **error);
/* Measures the routing core; keeps the file steps already in @result. */
void        vnl_bench_run             (VnlDesign             *design,
                                       const VnlBenchOptions *opts,
                                       VnlBenchResult        *result);
/* A readable table, and the same figures as a JSON object. */
char       *vnl_bench_result_to_text  (const VnlBenchResult  *result);
char       *vnl_bench_result_to_json  (const VnlBenchResult  *result);

G_END_DECLS
