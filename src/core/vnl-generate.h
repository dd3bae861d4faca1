/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * Synthetic designs for tests and benchmarks: hub-and-spoke VNets, ExpressRoute
 * circuits, on-premises sites with CE routers, S2S VPN backups and a few
 * VNet-to-VNet connections, laid out on a grid. The same options (seed
 * included) always give the same design, object for object.
 */

#define VNL_GENERATE_ERROR (vnl_generate_error_quark ())

typedef enum
{
  VNL_GENERATE_ERROR_INVALID_OPTIONS,
} VnlGenerateError;

GQuark vnl_generate_error_quark (void);

/* Upper bounds of the address plan (see vnl-generate.c). */
#define VNL_GENERATE_MAX_VNETS      32768   /* /24s in 10.0.0.0/9 */
#define VNL_GENERATE_MAX_SITES      4096    /* /29 transits in 192.168.128.0/17 */
#define VNL_GENERATE_MAX_CIRCUITS   4096    /* /30 pairs in 192.168.0.0/17 */
#define VNL_GENERATE_MAX_PREFIXES   53248   /* /24 slots of the on-premises pools */

typedef struct
{
  guint   n_vnets;      /* >= 1; one hub per 10 VNets */
  guint   n_sites;      /* on-premises sites */
  guint   n_circuits;   /* ExpressRoute circuits */
  guint   n_prefixes;   /* on-premises prefixes over all sites, >= n_sites */
  guint32 seed;
} VnlGenerateOptions;

/* Fills @opts with the defaults: 100 VNets, 20 sites, 10 circuits,
 * 2,000 prefixes, seed 1. */
void        vnl_generate_options_init (VnlGenerateOptions        *opts);
/* FALSE with VNL_GENERATE_ERROR_INVALID_OPTIONS when a number is out of
 * range. */
gboolean    vnl_generate_options_check (const VnlGenerateOptions *opts,
                                        GError                  **error);
VnlDesign  *vnl_generate_design       (const VnlGenerateOptions *opts,
                                       GError                  **error);

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
  gboolean matrix;        /* time vnl_network_matrix */
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
  guint   matrix_reachable;       /* ordered pairs that ping */
} VnlBenchResult;

void        vnl_bench_options_init    (VnlBenchOptions       *opts);
void        vnl_bench_run             (VnlDesign             *design,
                                       const VnlBenchOptions *opts,
                                       VnlBenchResult        *result);
/* A readable table, and the same figures as a JSON object. */
char       *vnl_bench_result_to_text  (const VnlBenchResult  *result);
char       *vnl_bench_result_to_json  (const VnlBenchResult  *result);

G_END_DECLS
