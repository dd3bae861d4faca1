/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vnl-cli.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-import.h"
#include "vnl-layout.h"
#include "vnl-arm-export.h"
#include "vnl-compare.h"
#include "vnl-limits.h"
#include "vnl-network.h"

/*
 * `import`: Azure CLI, Resource Graph and ARM template JSON into a design.
 *
 * The report of the import is a table on the standard output, one row per
 * resource read, merged, ignored, referenced outside the input or unknown
 * until deployment. Bad input is an error naming FILE:LINE or the JSON path
 * and nothing is written; the design is saved atomically, its nodes placed
 * by the automatic layout (positions from a template's metadata kept).
 */

static char *opt_output;
static gboolean opt_quiet;

static const GOptionEntry import_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Write the design to OUT"), N_("OUT") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, N_("Print only the summary, not the table"), NULL },
  { NULL }
};

int
vnl_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint errors;

  g_clear_pointer (&opt_output, g_free);
  opt_quiet = FALSE;
  context = vnl_cli_context_new (_("FILE.json… -o DESIGN.vnetlab"),
                                 _("Reads Azure CLI output (-o json), Azure Resource Graph results and ARM\n"
                                   "templates, in any mix, into one design. Prints the import report: every\n"
                                   "resource read, every resource or property ignored and why, every reference\n"
                                   "to a resource not in the input.\n"
                                   "Exit status: 0 imported, 1 imported but the design is invalid,\n"
                                   "2 bad input or usage (nothing written)."), import_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;
  if (argc < 2 || opt_output == NULL)
    {
      g_printerr (argc < 2 ? _("%s: no file given\n") : _("%s: -o OUT is required\n"), g_get_prgname ());
      g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    if (!vnl_import_add_file (import, argv[i], &error))
      {
        g_printerr ("%s\n", error->message);
        return VNL_CLI_EXIT_USAGE;
      }
  design = vnl_import_run (import, &error);
  if (design == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VNL_CLI_EXIT_USAGE;
    }

  vnl_layout_place_unplaced (design);

  if (!opt_quiet)
    {
      g_autofree char *table = vnl_import_report_to_text (import);
      g_print ("%s", table);
    }
  summary = vnl_import_summary (import, design);
  g_print ("%s\n", summary);

  if (!vnl_design_save (design, opt_output, &error))
    {
      g_printerr ("%s\n", error->message);
      return VNL_CLI_EXIT_USAGE;
    }

  problems = vnl_design_validate (design, opt_output);
  for (guint p = 0; p < problems->len; p++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[p]);
      g_printerr ("%s\n", text);
    }
  errors = vnl_problems_count (problems, VNL_SEVERITY_ERROR);
  g_print (_("%s: written\n"), opt_output);
  return errors > 0 ? VNL_CLI_EXIT_FAILURE : VNL_CLI_EXIT_OK;
}

/* `export DESIGN -o OUT.json --format arm` (called by `export` when it
 * sees --format arm): the design's Azure part as an ARM template. */
gboolean
vnl_cli_export_wants_arm (int    argc,
                          char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--format=arm")
        || (g_str_equal (argv[i], "--format") && i + 1 < argc && g_str_equal (argv[i + 1], "arm")))
      return TRUE;
  return FALSE;
}

static char *opt_format;

static const GOptionEntry arm_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Write the template to OUT"), N_("OUT") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("arm: an ARM template"), N_("FORMAT") },
  { NULL }
};

int
vnl_cli_export_arm (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&opt_output, g_free);
  g_clear_pointer (&opt_format, g_free);
  context = vnl_cli_context_new (_("DESIGN -o OUT.json --format arm"),
                                 _("Writes the design's Azure part as a deployable ARM template. Shared keys\n"
                                   "are parameters without a value; what Azure does not hold (sites, CE\n"
                                   "routers, policies, positions) is kept in the template's metadata, which\n"
                                   "Azure ignores and `vnetlab-cli import` reads back.\n"
                                   "`az bicep decompile --file OUT.json` turns it into Bicep."), arm_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;
  if (argc != 2 || opt_output == NULL)
    {
      g_printerr (_("%s: expected one design file and -o OUT; see --help\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }
  if (!(design = vnl_design_load (argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      return VNL_CLI_EXIT_USAGE;
    }
  problems = vnl_design_validate (design, argv[1]);
  if (vnl_problems_count (problems, VNL_SEVERITY_ERROR) > 0)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *line = vnl_problem_to_string (problems->pdata[i]);
          g_printerr ("%s\n", line);
        }
      g_printerr (_("%s: the design is invalid; fix it before exporting\n"), argv[1]);
      return VNL_CLI_EXIT_USAGE;
    }
  if (!vnl_arm_export_save (design, opt_output, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return VNL_CLI_EXIT_FAILURE;
    }
  return VNL_CLI_EXIT_OK;
}

/* compare */

static char **opt_effective;
static char **opt_learned;

static const GOptionEntry compare_entries[] = {
  { "effective-routes", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_effective,
    N_("`az network nic show-effective-route-table` output; NAME= names the NIC's endpoint or VNet, "
       "else the file name does (repeatable)"), N_("[NAME=]FILE") },
  { "learned-routes", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_learned,
    N_("`az network vnet-gateway list-learned-routes` output; NAME= names the gateway, "
       "else the file name does (repeatable)"), N_("[NAME=]FILE") },
  { NULL }
};

static gboolean
compare_one (VnlNetwork *network,
             const char *arg,
             gboolean    learned,
             gboolean   *agree)
{
  const char *eq = strchr (arg, '=');
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlComparison) c = NULL;
  gsize length;

  if (eq != NULL && !g_file_test (arg, G_FILE_TEST_EXISTS))
    {
      name = g_strndup (arg, eq - arg);
      file = g_strdup (eq + 1);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (arg);
      char *dot = strrchr (base, '.');
      if (dot != NULL)
        *dot = '\0';
      name = g_strdup (base);
      file = g_strdup (arg);
    }
  if (!g_file_get_contents (file, &data, &length, &error))
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return FALSE;
    }
  c = learned ? vnl_compare_learned_routes (network, name, data, length, file, &error)
              : vnl_compare_effective_routes (network, name, data, length, file, &error);
  if (c == NULL)
    {
      g_printerr ("vnetlab-cli: %s\n", error->message);
      return FALSE;
    }

  g_print (learned ? _("Learned routes of %s against gateway %s: %u reported, %u agree, %u differ\n")
                   : _("Effective routes of %s against vnetlab's for %s: %u reported, %u agree, %u differ\n"),
           c->what, c->node, c->n_azure, c->n_agree, c->diffs->len);
  if (c->diffs->len > 0)
    g_print ("  %-13s %-18s %-24s %-30s %-10s %s\n", _("DIFFERENCE"), _("PREFIX"), _("NEXT HOP TYPE"),
             _("NEXT HOP"), _("AZURE"), _("VNETLAB"));
  for (guint i = 0; i < c->diffs->len; i++)
    {
      VnlDiff *d = c->diffs->pdata[i];
      g_print ("  %-13s %-18s %-24s %-30s %-10s %s\n", vnl_diff_kind_to_string (d->kind), d->prefix,
               d->next_hop_type != NULL ? d->next_hop_type : "-", d->next_hop != NULL ? d->next_hop : "-",
               d->azure != NULL ? d->azure : "-", d->vnetlab != NULL ? d->vnetlab : "-");
    }
  *agree = *agree && c->diffs->len == 0;
  return TRUE;
}

int
vnl_cli_compare (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GError) error = NULL;
  gboolean agree = TRUE;
  int status = VNL_CLI_EXIT_USAGE;

  g_clear_pointer (&opt_effective, g_strfreev);
  g_clear_pointer (&opt_learned, g_strfreev);
  context = vnl_cli_context_new (_("DESIGN --effective-routes NIC.json… [--learned-routes GW.json…]"),
                                 _("Compares the routes Azure reports with the routes vnetlab predicts for the\n"
                                   "design: per NIC and per gateway, the routes only Azure reports, the routes\n"
                                   "only vnetlab predicts, and those in another state, with their next hop.\n"
                                   "Exit status: 0 they agree, 1 they differ, 2 bad input or usage."),
                                 compare_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    goto out;
  if (argc != 2 || (opt_effective == NULL && opt_learned == NULL))
    {
      g_printerr (_("%s: expected one design and --effective-routes or --learned-routes; see --help\n"),
                  g_get_prgname ());
      goto out;
    }
  if (!(design = vnl_design_load (argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }
  network = vnl_network_new (design);
  for (guint i = 0; opt_effective != NULL && opt_effective[i] != NULL; i++)
    if (!compare_one (network, opt_effective[i], FALSE, &agree))
      goto out;
  for (guint i = 0; opt_learned != NULL && opt_learned[i] != NULL; i++)
    if (!compare_one (network, opt_learned[i], TRUE, &agree))
      goto out;
  status = agree ? VNL_CLI_EXIT_OK : VNL_CLI_EXIT_FAILURE;

out:
  g_clear_pointer (&opt_effective, g_strfreev);
  g_clear_pointer (&opt_learned, g_strfreev);
  return status;
}

/* check */

int
vnl_cli_check (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  const VnlLimit *limits;
  guint n_limits;
  guint crossed = 0;

  context = vnl_cli_context_new (_("DESIGN"),
                                 _("Holds the design against Azure's published limits: per limit, the\n"
                                   "object closest to it, the figure and its source, and every object over it\n"
                                   "with what Azure does then. Exit status: 0 within every limit, 1 a limit\n"
                                   "is crossed, 2 bad input or usage."), NULL);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("%s: expected one design file; see --help\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }
  if (!(design = vnl_design_load (argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      return VNL_CLI_EXIT_USAGE;
    }
  network = vnl_network_new (design);
  checks = vnl_limits_check (design, network);
  limits = vnl_limits_all (&n_limits);

  g_print ("%-8s %-58s %-28s %9s %9s\n", _("STATUS"), _("LIMIT"), _("OBJECT"), _("VALUE"), _("MAXIMUM"));
  for (guint l = 0; l < n_limits; l++)
    {
      const VnlLimitCheck *worst = NULL;
      guint over = 0;

      for (guint i = 0; i < checks->len; i++)
        {
          const VnlLimitCheck *c = checks->pdata[i];
          if (c->limit != &limits[l])
            continue;
          if (worst == NULL || (double) c->value / c->maximum > (double) worst->value / worst->maximum)
            worst = c;
          over += vnl_limit_check_crossed (c);
        }
      if (!limits[l].modelled)
        g_print ("%-8s %-58s %-28s %9s %9s\n", _("n/a"), _(limits[l].what), "-", "-", limits[l].figure);
      else if (worst == NULL)
        g_print ("%-8s %-58s %-28s %9s %9s\n", _("ok"), _(limits[l].what), _("(nothing it applies to)"), "-", "-");
      else
        g_print ("%-8s %-58s %-28s %9u %9u\n", over > 0 ? _("OVER") : _("ok"), _(limits[l].what), worst->object,
                 worst->value, worst->maximum);
      for (guint i = 0; over > 0 && i < checks->len; i++)
        {
          const VnlLimitCheck *c = checks->pdata[i];
          if (c->limit == &limits[l] && vnl_limit_check_crossed (c))
            g_print (_("  %s: %u > %u: %s\n"), c->object, c->value, c->maximum, _(limits[l].crossed));
        }
      g_print ("         %s: %s — %s\n", _("figure"), limits[l].figure, limits[l].source);
      crossed += over;
    }
  if (crossed > 0)
    g_print (ngettext ("%s: %u limit crossed\n", "%s: %u limits crossed\n", crossed), argv[1], crossed);
  else
    g_print (_("%s: within every limit checked\n"), argv[1]);
  return crossed > 0 ? VNL_CLI_EXIT_FAILURE : VNL_CLI_EXIT_OK;
}
