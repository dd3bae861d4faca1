/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "vnl-bgp.h"
#include "vnl-cli.h"
#include "vnl-file.h"
#include "vnl-scenario.h"

/* One row per command; a command whose implementation is not built (for
 * example the diagram export without GTK) is left out of the table. */
static const VnlCliCommand commands[] = {
  { "validate", vnl_cli_validate, N_("Check designs against the schema and the semantic rules") },
  { "show",     vnl_cli_show,     N_("Print a readable summary of a design") },
  { "import",   vnl_cli_import,   N_("Import Azure CLI, Resource Graph or ARM template JSON") },
  { "compare",  vnl_cli_compare,  N_("Compare the routes Azure reports with the routes vnetlab predicts") },
  { "check",    vnl_cli_check,    N_("Hold the design against Azure's published limits") },
#ifdef VNL_CLI_HAVE_ROUTING
  { "trace",    vnl_cli_trace,    N_("Trace the route between two points, as tracert prints it") },
  { "ping",     vnl_cli_ping,     N_("Ping between two points, as Windows ping prints it") },
  { "routes",   vnl_cli_routes,   N_("Show the routes of a VNet, subnet, NIC, gateway, MSEE or CE router") },
  { "matrix",   vnl_cli_matrix,   N_("Reachability between every pair of endpoints") },
  { "flow",     vnl_cli_flow,     N_("Verify a flow: allowed or denied, by which security rule, where") },
#endif
#ifdef VNL_CLI_HAVE_BENCH
  { "generate", vnl_cli_generate, N_("Write a large synthetic design") },
  { "bench",    vnl_cli_bench,    N_("Measure convergence and trace speed on a design") },
#endif
#ifdef VNL_CLI_HAVE_EXPORT
  { "export",   vnl_cli_export,   N_("Export the diagram as PNG, SVG, PDF or draw.io") },
#endif
#ifdef VNL_CLI_HAVE_REPORT
  { "report",   vnl_cli_report,   N_("Write a design report as HTML, PDF, Markdown, CSV or JSON") },
#endif
};

static gboolean opt_version;

static const GOptionEntry version_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the program version and exit"), NULL },
  { NULL }
};

/* Every command's options: its own @entries (nullable) and --version. */
GOptionContext *
vnl_cli_context_new (const char         *parameter,
                     const char         *summary,
                     const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, version_entries, GETTEXT_PACKAGE);
  return context;
}

/* Parses the options; prints the error and returns FALSE on a usage error.
 * --version prints the version and ends the program. */
gboolean
vnl_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  opt_version = FALSE;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());
      return FALSE;
    }

  if (opt_version)
    {
      g_print ("vnetlab-cli %s\n", PACKAGE_VERSION);
      exit (VNL_CLI_EXIT_OK);
    }

  return TRUE;
}

void
vnl_cli_print_problems (GPtrArray *problems)
{
  guint shown = MIN (problems->len, VNL_CLI_MAX_PROBLEMS);

  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *line = vnl_problem_to_string (problems->pdata[i]);
      g_printerr ("%s\n", line);
    }
  if (problems->len > shown)
    g_printerr (ngettext ("… and %u more problem (%u in all)\n",
                          "… and %u more problems (%u in all)\n", problems->len - shown),
                problems->len - shown, problems->len);
}

VnlDesign *
vnl_cli_load_valid (const char *path,
                    const char *invalid_format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!(design = vnl_design_load (path, &error)))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  /* Warnings (a configuration Azure accepts that cannot work) still
   * route: only errors stop the command. */
  problems = vnl_design_validate (design, path);
  if (vnl_problems_count (problems, VNL_SEVERITY_ERROR) > 0)
    {
      vnl_cli_print_problems (problems);
      g_printerr (invalid_format, path);
      return NULL;
    }

  return g_steal_pointer (&design);
}

GStrv
vnl_cli_what_if_down (VnlDesign   *design,
                      const char  *scenario,
                      char       **down)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (scenario != NULL)
    {
      VnlScenario *found = vnl_scenario_lookup (design, scenario);

      if (found == NULL)
        {
          GPtrArray *list = vnl_scenario_list (design);
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint i = 0; i < list->len; i++)
            g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                                    ((VnlScenario *) list->pdata[i])->name);
          if (list->len == 0)
            g_printerr (_("vnetlab-cli: --scenario %s: the design has no saved scenarios\n"), scenario);
          else
            g_printerr (_("vnetlab-cli: --scenario %s: the design has no scenario of that name; it has %s\n"),
                        scenario, names->str);
          return NULL;
        }
      for (guint i = 0; found->down[i] != NULL; i++)
        {
          if (!vnl_design_can_take_down (design, found->down[i]))
            {
              g_printerr (_("vnetlab-cli: --scenario %s: the design has no object named “%s”\n"),
                          scenario, found->down[i]);
              return NULL;
            }
          g_strv_builder_add (builder, found->down[i]);
        }
    }
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    {
      if (!vnl_design_can_take_down (design, down[i]))
        {
          g_printerr (_("vnetlab-cli: --down %s: the design has no object named “%s”\n"),
                      down[i], down[i]);
          return NULL;
        }
      g_strv_builder_add (builder, down[i]);
    }
  return g_strv_builder_end (builder);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: vnetlab-cli COMMAND [OPTION…] FILE…"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “vnetlab-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *prgname = NULL;

  vnl_memory_init ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return VNL_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return VNL_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("vnetlab-cli %s\n", PACKAGE_VERSION);
      return VNL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        prgname = g_strdup_printf ("vnetlab-cli %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }

  g_printerr (_("vnetlab-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return VNL_CLI_EXIT_USAGE;
}
