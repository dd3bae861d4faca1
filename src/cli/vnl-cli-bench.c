/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-cli.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-bench.h"
#include "vnl-generate.h"
#ifdef VNL_CLI_HAVE_RENDER
#include "vnl-renderer.h"
#endif

/*
 * `generate` writes a synthetic design (vnl_generate_design) and `bench`
 * measures the routing core on a design (vnl_bench_run) and the file
 * steps around it (vnl_bench_load, vnl_bench_save, and here the
 * renderer's geometry). Both are thin: parse, call the core, print.
 */

static char *opt_vnets;
static char *opt_vwan;
static char *opt_sites;
static char *opt_circuits;
static char *opt_prefixes;
static char *opt_seed;
static char *opt_output;
static char *opt_traces;
static char *opt_links;
static gboolean opt_json;
static gboolean opt_no_matrix;
static gboolean opt_route_tables;
static gboolean opt_nsgs;
static gboolean opt_no_save;

static const GOptionEntry generate_entries[] = {
  { "vnets", 0, 0, G_OPTION_ARG_STRING, &opt_vnets, N_("Number of VNets, one hub per ten (default 100)"), N_("N") },
  { "sites", 0, 0, G_OPTION_ARG_STRING, &opt_sites, N_("Number of on-premises sites (default 20)"), N_("N") },
  { "circuits", 0, 0, G_OPTION_ARG_STRING, &opt_circuits, N_("Number of ExpressRoute circuits (default 10)"), N_("N") },
  { "prefixes", 0, 0, G_OPTION_ARG_STRING, &opt_prefixes, N_("On-premises prefixes over all sites (default 2000)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_STRING, &opt_seed, N_("Random seed: the same seed gives the same design (default 1)"), N_("S") },
  { "vwan", 0, 0, G_OPTION_ARG_STRING, &opt_vwan,
    N_("A Virtual WAN of N hubs instead, with --vnets VNet connections (default 1000)"), N_("N") },
  { "route-tables", 0, 0, G_OPTION_ARG_NONE, &opt_route_tables,
    N_("Add the landing zone's route tables: every spoke subnet 0.0.0.0/0 to its hub's appliance, the GatewaySubnet's routes to the spokes"), NULL },
  { "nsgs", 0, 0, G_OPTION_ARG_NONE, &opt_nsgs,
    N_("Add a network security group on every spoke subnet: inbound HTTPS and ICMP from VirtualNetwork, the rest denied"), NULL },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Write the design to FILE (required)"), N_("FILE") },
  { NULL }
};

static const GOptionEntry bench_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { "traces", 0, 0, G_OPTION_ARG_STRING, &opt_traces, N_("Number of traces between random endpoint pairs (default 5000)"), N_("N") },
  { "links", 0, 0, G_OPTION_ARG_STRING, &opt_links, N_("Number of circuit links taken down in turn (default 8)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_STRING, &opt_seed, N_("Random seed for the choice of links and pairs (default 1)"), N_("S") },
  { "no-matrix", 0, 0, G_OPTION_ARG_NONE, &opt_no_matrix, N_("Do not time the full reachability matrix"), NULL },
  { "no-save", 0, 0, G_OPTION_ARG_NONE, &opt_no_save, N_("Do not time a save of the design"), NULL },
  { NULL }
};

static void
reset_options (void)
{
  g_clear_pointer (&opt_vnets, g_free);
  g_clear_pointer (&opt_vwan, g_free);
  g_clear_pointer (&opt_sites, g_free);
  g_clear_pointer (&opt_circuits, g_free);
  g_clear_pointer (&opt_prefixes, g_free);
  g_clear_pointer (&opt_seed, g_free);
  g_clear_pointer (&opt_output, g_free);
  g_clear_pointer (&opt_traces, g_free);
  g_clear_pointer (&opt_links, g_free);
  opt_json = FALSE;
  opt_no_matrix = FALSE;
  opt_route_tables = FALSE;
  opt_nsgs = FALSE;
  opt_no_save = FALSE;
}

/* Parses an unsigned decimal option into @value, keeping it when @text is
 * NULL. Prints and returns FALSE on a bad number. */
static gboolean
parse_number (const char *option,
              const char *text,
              guint64     max,
              guint      *value)
{
  g_autoptr(GError) error = NULL;
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &number, &error))
    {
      g_printerr (_("%s: --%s: %s\n"), g_get_prgname (), option, error->message);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

int
vnl_cli_generate (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GError) error = NULL;
  VnlGenerateOptions opts;
  guint seed;

  reset_options ();
  context = vnl_cli_context_new (NULL,
                         _("Writes a large synthetic design: hub-and-spoke VNets with ExpressRoute\n"
                           "and VPN gateways, ExpressRoute circuits, on-premises sites with CE\n"
                           "routers, S2S VPN backups. The same seed gives the same file.\n"
                           "Exit status: 0 written, 1 cannot write, 2 bad arguments."),
                         generate_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("%s: unexpected argument “%s”; see --help\n"), g_get_prgname (), argv[1]);
      reset_options ();
      return VNL_CLI_EXIT_USAGE;
    }
  if (opt_output == NULL)
    {
      g_printerr (_("%s: --output is required\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }

  if (opt_vwan != NULL)
    {
      guint n_hubs = 0, n_connections = 1000;

      if (!parse_number ("vwan", opt_vwan, G_MAXUINT, &n_hubs) ||
          (opt_vnets != NULL && !parse_number ("vnets", opt_vnets, G_MAXUINT, &n_connections)))
        {
          reset_options ();
          return VNL_CLI_EXIT_USAGE;
        }
      if (!(design = vnl_generate_vwan_design (n_hubs, n_connections, &error)))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          reset_options ();
          return VNL_CLI_EXIT_USAGE;
        }
    }
  else
    {
      vnl_generate_options_init (&opts);
      seed = opts.seed;
      if (!parse_number ("vnets", opt_vnets, G_MAXUINT, &opts.n_vnets) ||
          !parse_number ("sites", opt_sites, G_MAXUINT, &opts.n_sites) ||
          !parse_number ("circuits", opt_circuits, G_MAXUINT, &opts.n_circuits) ||
          !parse_number ("prefixes", opt_prefixes, G_MAXUINT, &opts.n_prefixes) ||
          !parse_number ("seed", opt_seed, G_MAXUINT32, &seed))
        {
          reset_options ();
          return VNL_CLI_EXIT_USAGE;
        }
      opts.seed = seed;
      opts.route_tables = opt_route_tables;
      opts.nsgs = opt_nsgs;

      if (!(design = vnl_generate_design (&opts, &error)))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          reset_options ();
          return VNL_CLI_EXIT_USAGE;
        }
    }

  if (!vnl_design_save (design, opt_output, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      reset_options ();
      return VNL_CLI_EXIT_FAILURE;
    }

  reset_options ();
  return VNL_CLI_EXIT_OK;
}

/* The renderer's geometry of @design (what every export and the canvas
 * compute before drawing), without output: computed once to warm the
 * fonts, then timed after an invalidation, as an edit causes. */
static void
bench_geometry (VnlDesign      *design,
                VnlBenchResult *result)
{
#ifdef VNL_CLI_HAVE_RENDER
  g_autoptr(VnlRenderer) renderer = vnl_renderer_new (design);
  VnlRect bounds;
  double t0;

  vnl_renderer_get_bounds (renderer, &bounds);
  vnl_renderer_invalidate (renderer);
  t0 = vnl_bench_clock ();
  vnl_renderer_get_bounds (renderer, &bounds);
  result->geometry_s = vnl_bench_clock () - t0;
#else
  (void) design;
  (void) result;
#endif
}

int
vnl_cli_bench (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  VnlBenchOptions opts;
  VnlBenchResult result;
  guint seed;

  reset_options ();
  context = vnl_cli_context_new (_("FILE"),
                         _("Measures the routing core on a design, on one thread: convergence\n"
                           "time and memory, re-convergence after one circuit link goes down,\n"
                           "traces per second, the full reachability matrix; and the file\n"
                           "steps: load, validate, save, the renderer's geometry.\n"
                           "Exit status: 0 measured, 1 the timed save failed, 2 bad arguments\n"
                           "or an invalid design."),
                         bench_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("%s: expected one file; see --help\n"), g_get_prgname ());
      reset_options ();
      return VNL_CLI_EXIT_USAGE;
    }

  vnl_bench_options_init (&opts);
  seed = opts.seed;
  if (!parse_number ("traces", opt_traces, G_MAXUINT, &opts.n_traces) ||
      !parse_number ("links", opt_links, G_MAXUINT, &opts.n_links) ||
      !parse_number ("seed", opt_seed, G_MAXUINT32, &seed))
    {
      reset_options ();
      return VNL_CLI_EXIT_USAGE;
    }
  opts.seed = seed;
  opts.matrix = !opt_no_matrix;

  /* vnl_cli_load_valid(), with the load and the validation timed apart. */
  vnl_bench_result_init (&result);
  if (!(design = vnl_bench_load (argv[1], &result, &problems, &error)))
    {
      g_printerr ("%s\n", error->message);
      reset_options ();
      return VNL_CLI_EXIT_USAGE;
    }
  if (vnl_problems_count (problems, VNL_SEVERITY_ERROR) > 0)
    {
      vnl_cli_print_problems (problems);
      g_printerr (_("%s: the design is invalid; fix it before routing\n"), argv[1]);
      reset_options ();
      return VNL_CLI_EXIT_USAGE;
    }

  vnl_bench_run (design, &opts, &result);
  bench_geometry (design, &result);
  if (!opt_no_save && !vnl_bench_save (design, &result, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      reset_options ();
      return VNL_CLI_EXIT_FAILURE;
    }
  text = opt_json ? vnl_bench_result_to_json (&result) : vnl_bench_result_to_text (&result);
  g_print ("%s%s", text, opt_json ? "\n" : "");

  reset_options ();
  return VNL_CLI_EXIT_OK;
}
