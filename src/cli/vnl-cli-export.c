/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <unistd.h>

#include "vnl-cli.h"
#include "vnl-layout.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"
#include "vnl-report.h"
#ifdef VNL_CLI_HAVE_RENDER
#include "vnl-export.h"
#endif

/*
 * export and report: the diagram (PNG, SVG, PDF, draw.io) and the design
 * report (HTML, PDF, Markdown, CSV, JSON). The format follows the extension
 * of -o. Like the routing commands, both refuse an invalid design and take
 * --down what-ifs. Without the renderer (a build with -Dgtk=false,
 * VNL_CLI_HAVE_RENDER undefined) `export` says that it needs it, and
 * `report` writes HTML without its diagram and refuses PDF.
 */

static char **opt_down;
static char *opt_scenario;
static char *opt_output;
static char *opt_view;
static char *opt_table;
static double opt_scale;
static gboolean opt_quiet;
static char *opt_protocol;
static char *opt_port;

static const GOptionEntry common_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to OUT; the format follows its extension"), N_("OUT") },
  { "down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_down,
    N_("Take the named link, connection, gateway, gateway instance (GATEWAY/N) or other object down (repeatable)"), N_("NAME") },
  { "scenario", 0, 0, G_OPTION_ARG_STRING, &opt_scenario,
    N_("Take down the objects of the design's saved what-if scenario NAME"), N_("NAME") },
  { NULL }
};

#ifdef VNL_CLI_HAVE_RENDER
static const GOptionEntry export_entries[] = {
  { "view", 0, 0, G_OPTION_ARG_STRING, &opt_view,
    N_("design (default), a VNet or site name (its perspective) or trace:FROM:TO"), N_("NAME") },
  { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt_scale,
    N_("PNG pixels per design unit (default 2)"), N_("SCALE") },
  { NULL }
};
#endif

static const GOptionEntry report_entries[] = {
  { "table", 0, 0, G_OPTION_ARG_STRING, &opt_table,
    N_("CSV only: routes (default), matrix, traces or flows"), N_("TABLE") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, N_("Do not show progress"), NULL },
  { "protocol", 0, 0, G_OPTION_ARG_STRING, &opt_protocol,
    N_("The matrix's flow: icmp (default), tcp or udp, as for matrix"), N_("PROTOCOL") },
  { "port", 0, 0, G_OPTION_ARG_STRING, &opt_port, N_("Destination port (tcp and udp)"), N_("PORT") },
  { NULL }
};

static void
reset_options (void)
{
  g_clear_pointer (&opt_down, g_strfreev);
  g_clear_pointer (&opt_scenario, g_free);
  g_clear_pointer (&opt_output, g_free);
  g_clear_pointer (&opt_view, g_free);
  g_clear_pointer (&opt_table, g_free);
  g_clear_pointer (&opt_protocol, g_free);
  g_clear_pointer (&opt_port, g_free);
  opt_scale = 0;
  opt_quiet = FALSE;
}

static GOptionContext *
context_new (const char         *summary,
             const GOptionEntry *extra)
{
  GOptionContext *context = g_option_context_new (_("FILE"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  return context;
}

static gboolean
check_args (int    argc,
            char **argv)
{
  if (argc != 2)
    {
      g_printerr (_("%s: expected one design file; see --help\n"), g_get_prgname ());
      return FALSE;
    }
  if (opt_output == NULL)
    {
      g_printerr (_("%s: -o OUT is required\n"), g_get_prgname ());
      return FALSE;
    }
  return TRUE;
}

/* Loads and validates; prints the problems and returns NULL on bad input.
 * Nodes without a position (a file written by hand) are placed by the
 * automatic layout, as the designer places them when it opens the file,
 * so that they are drawn; the file itself is not changed. */
static VnlDesign *
load_design (const char *path)
{
  VnlDesign *design = vnl_cli_load_valid (path, _("%s: the design is invalid; fix it before exporting\n"));
  guint placed;

  if (design != NULL && (placed = vnl_layout_place_unplaced (design)) > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%s: %u node had no position: placed by the automatic layout (the file is not changed)\n",
                             "%s: %u nodes had no position: placed by the automatic layout (the file is not changed)\n",
                             placed),
                path, placed);
  return design;
}

#ifdef VNL_CLI_HAVE_RENDER
int
vnl_cli_export (int    argc,
                char **argv)
{
  if (vnl_cli_export_wants_arm (argc, argv))
    return vnl_cli_export_arm (argc, argv);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_auto(GStrv) down = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GError) error = NULL;
  VnlExportFormat format;
  double used_scale = 0;
  int status = VNL_CLI_EXIT_USAGE;

  reset_options ();
  context = context_new (_("Exports the diagram as PNG, SVG, PDF or draw.io (diagrams.net); the\n"
                           "format follows the extension of OUT. Down objects are drawn as down.\n"
                           "Views: design (default); a VNet or site name, or perspective:NAME,\n"
                           "shows what that network reaches; trace:FROM:TO shows a path."),
                         export_entries);
  if (!vnl_cli_parse (context, &argc, &argv) || !check_args (argc, argv))
    goto out;
  if (!vnl_export_format_from_path (opt_output, &format, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      goto out;
    }
  if (opt_scale != 0 && (opt_scale < 0.1 || opt_scale > 16))
    {
      g_printerr (_("%s: --scale must be between 0.1 and 16\n"), g_get_prgname ());
      goto out;
    }
  if (!(design = load_design (argv[1])))
    goto out;

  /* The diagram shows the what-if: the objects are down in this copy. */
  if (!(down = vnl_cli_what_if_down (design, opt_scenario, opt_down)))
    goto out;
  for (guint i = 0; down[i] != NULL; i++)
    if (vnl_design_lookup (design, down[i]) != NULL)
      vnl_design_set_up (design, vnl_design_lookup (design, down[i]), FALSE);
  if (opt_view != NULL && !g_str_equal (opt_view, "design"))
    {
      network = vnl_network_new (design);
      /* Gateway instances ("GATEWAY/N") go down in the network alone. */
      for (guint i = 0; down[i] != NULL; i++)
        if (vnl_design_lookup (design, down[i]) == NULL)
          vnl_network_set_up (network, down[i], FALSE, NULL);
    }

  /* Without --scale, PNG picks the default scale or less, to fit. */
  if (!vnl_export_diagram_scaled (design, network, opt_view, format, opt_scale, &used_scale,
                                  opt_output, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      status = g_error_matches (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE)
               ? VNL_CLI_EXIT_FAILURE : VNL_CLI_EXIT_USAGE;
      goto out;
    }
  if (format == VNL_EXPORT_PNG && opt_scale <= 0 && used_scale < VNL_EXPORT_DEFAULT_SCALE)
    g_printerr (_("vnetlab-cli: %s: drawn at scale %g (the default, %g, would exceed %d pixels "
                  "a side or %.0f megapixels); --scale chooses another\n"),
                opt_output, used_scale, VNL_EXPORT_DEFAULT_SCALE, VNL_EXPORT_MAX_PIXELS,
                VNL_EXPORT_MAX_AREA / (1024 * 1024));
  status = VNL_CLI_EXIT_OK;

out:
  reset_options ();
  return status;
}
#else
int
vnl_cli_export (int    argc,
                char **argv)
{
  if (vnl_cli_export_wants_arm (argc, argv))
    return vnl_cli_export_arm (argc, argv);
  g_printerr (_("vnetlab-cli: export needs the diagram renderer: this vnetlab-cli was built "
                "without GTK (-Dgtk=false); `report` still writes HTML, Markdown, CSV and JSON\n"));
  return VNL_CLI_EXIT_USAGE;
}
#endif

static void
print_progress (double      fraction,
                const char *what,
                gpointer    user_data)
{
  g_printerr ("\r%3d%%  %-60.60s", (int) (fraction * 100), what);
  if (fraction >= 1.0)
    g_printerr ("\n");
}

int
vnl_cli_report (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_auto(GStrv) down = NULL;
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  VnlReportFormat format;
  VnlReportCsvTable table = VNL_REPORT_CSV_ROUTES;
  VnlReportProgress progress;
  VnlFlow flow;
  gboolean ok;
  int status = VNL_CLI_EXIT_USAGE;

  reset_options ();
  context = context_new (_("Writes the design report: summary, diagram, effective routes, every\n"
                           "traceroute between endpoints, the reachability matrix, latencies and\n"
                           "what-if results. Formats: .html, .pdf, .md, .csv (one table, see\n"
                           "--table) and .json (everything; schema in data/vnetlab-report.schema.json).\n"
                           "Shared keys never appear in a report."),
                         report_entries);
  if (!vnl_cli_parse (context, &argc, &argv) || !check_args (argc, argv))
    goto out;
  if (!vnl_report_format_from_path (opt_output, &format, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      goto out;
    }
  if (!vnl_flow_parse (opt_protocol, opt_port, NULL, &flow, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      goto out;
    }
  if (opt_table != NULL && !vnl_report_csv_table_from_string (opt_table, &table))
    {
      g_printerr (_("%s: --table is routes, matrix, traces or flows\n"), g_get_prgname ());
      goto out;
    }
#ifndef VNL_CLI_HAVE_RENDER
  if (format == VNL_REPORT_FORMAT_PDF)
    {
      g_printerr (_("vnetlab-cli: PDF reports need the diagram renderer: this vnetlab-cli was "
                    "built without GTK (-Dgtk=false)\n"));
      goto out;
    }
#endif
  if (!(design = load_design (argv[1])))
    goto out;

  source = g_path_get_basename (argv[1]);
  progress = !opt_quiet && isatty (2) ? print_progress : NULL;
  if (!(down = vnl_cli_what_if_down (design, opt_scenario, opt_down)))
    goto out;
  report = vnl_report_new_for_flow (design, source, (const char * const *) down, &flow, progress, NULL,
                                    NULL, &error);
  if (report == NULL)
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      goto out;
    }
  /* A saved scenario is named in the report (a bare --down is not). */
  if (opt_scenario != NULL && (opt_down == NULL || opt_down[0] == NULL))
    vnl_report_set_scenario (report, opt_scenario);

#ifdef VNL_CLI_HAVE_RENDER
  ok = vnl_export_report (report, format, table, opt_output, progress, NULL, NULL, &error);
#else
  /* Without the renderer the HTML report has no diagram. */
  ok = vnl_report_write (report, format, table, NULL, opt_output, &error);
#endif
  if (!ok)
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      status = VNL_CLI_EXIT_FAILURE;
      goto out;
    }
  status = VNL_CLI_EXIT_OK;

out:
  reset_options ();
  return status;
}
