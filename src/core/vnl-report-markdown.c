/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-report-private.h"

/* The Markdown report: the table model as pipe tables, traceroutes as
 * code blocks. */

static void
md_cell (GString    *out,
         const char *text)
{
  g_string_append (out, " ");
  for (const char *p = text != NULL ? text : ""; *p; p++)
    {
      if (*p == '|')
        g_string_append (out, "\\|");
      else if (*p == '\n')
        g_string_append (out, "<br>");
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, " |");
}

static void
md_rule (GString *out,
         guint    n)
{
  g_string_append (out, "|");
  for (guint i = 0; i < n; i++)
    g_string_append (out, " --- |");
  g_string_append (out, "\n");
}

/* @heading: "##" or "###"; the table model as a pipe table. */
static void
md_table (GString        *out,
          const char     *heading,
          VnlReportTable *table)
{
  g_string_append_printf (out, "\n%s %s\n\n", heading, table->title);
  if (table->note != NULL)
    g_string_append_printf (out, "%s\n\n", table->note);
  g_string_append (out, "|");
  for (guint c = 0; c < table->n_columns; c++)
    md_cell (out, table->columns[c].title);
  g_string_append (out, "\n");
  md_rule (out, table->n_columns);
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];

      g_string_append (out, "|");
      for (guint c = 0; c < table->n_columns; c++)
        {
          /* A down object's state stands out. */
          if (row->style == VNL_REPORT_ROW_DOWN && g_str_equal (row->cells[c], "down"))
            md_cell (out, "**down**");
          else
            md_cell (out, row->cells[c]);
        }
      g_string_append (out, "\n");
    }
}

static void
md_matrix (GString   *out,
           VnlReport *report)
{
  guint n = report->endpoints->len;

  g_string_append (out, "\n## Reachability matrix\n\n"
                        "Row = source, column = destination; a cell is the round trip of a "
                        "ping, ✗ when it gets no reply.\n\n");
  g_string_append (out, "| from \\ to |");
  for (guint j = 0; j < n; j++)
    md_cell (out, _vnl_report_endpoint_name (report, j));
  g_string_append (out, "\n");
  md_rule (out, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "|");
      md_cell (out, _vnl_report_endpoint_name (report, i));
      for (guint j = 0; j < n; j++)
        {
          if (i == j)
            md_cell (out, "–");
          else if (vnl_matrix_get (report->matrix, i, j))
            {
              g_autofree char *rtt = _vnl_report_format_rtt (vnl_report_get_rtt (report, i, j));
              g_autofree char *cell = g_strdup_printf ("✓ %s", rtt);
              md_cell (out, cell);
            }
          else
            md_cell (out, "✗");
        }
      g_string_append (out, "\n");
    }
}

static void
md_traces (GString   *out,
           VnlReport *report)
{
  g_autoptr(GArray) listed = vnl_report_listed_traces (report);
  guint n = report->endpoints->len;

  g_string_append (out, "\n## Traceroutes\n");
  for (guint k = 0; k < listed->len; k++)
    {
      guint p = g_array_index (listed, guint, k);
      VnlTrace *trace = report->traces->pdata[p];
      g_autofree char *text = vnl_trace_format_tracert (trace);
      g_autofree char *rtt = _vnl_report_format_rtt (vnl_report_get_rtt (report, p / n, p % n));

      g_string_append_printf (out, "\n### %s → %s\n\n", _vnl_report_endpoint_name (report, p / n),
                              _vnl_report_endpoint_name (report, p % n));
      g_string_append_printf (out, "Ping: %s%s\n\n```%s```\n", rtt,
                              trace->asymmetric ? " · the return path is asymmetric" : "",
                              text);
    }
}

char *
vnl_report_to_markdown (VnlReport *report)
{
  GString *out;
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(VnlReportTable) what_ifs = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "# %s\n\n", vnl_report_get_title (report));
  g_string_append_printf (out, "_%s%s%s · generated %s by vnetlab %s_\n\n",
                          report->source != NULL ? "Design file `" : "",
                          report->source != NULL ? report->source : "",
                          report->source != NULL ? "`" : "",
                          report->generated, PACKAGE_VERSION);
  if (report->down[0] != NULL)
    {
      g_autofree char *down = vnl_report_describe_down (report);
      g_string_append_printf (out, "**%s**\n\n", down);
    }
  if ((scope = vnl_report_scope_note (report)) != NULL)
    g_string_append_printf (out, "> %s\n\n", scope);

  g_string_append (out, "## Design summary\n");
  summary = vnl_report_summary_tables (report);
  for (guint t = 0; t < summary->len; t++)
    md_table (out, "###", summary->pdata[t]);

  if (!report->summarised)
    md_matrix (out, report);
  {
    g_autoptr(VnlReportTable) reach = vnl_report_reach_table (report);
    md_table (out, "##", reach);
  }
  {
    g_autoptr(VnlReportTable) flows = vnl_report_flows_table (report);
    md_table (out, "##", flows);
  }

  g_string_append (out, "\n## Effective routes\n");
  {
    g_autoptr(GPtrArray) routes = vnl_report_routes_tables (report);

    for (guint t = 0; t < routes->len; t++)
      md_table (out, "###", routes->pdata[t]);
  }

  /* An overview traces nothing and may run no what-if (its scope note
   * says so). */
  if (report->overview && report->what_ifs->len == 0)
    return g_string_free (out, FALSE);

  if (!report->overview)
    md_traces (out, report);

  what_ifs = vnl_report_what_if_table (report);
  if (what_ifs->note == NULL)
    what_ifs->note = g_strdup ("Each link, connection, firewall and appliance taken down on its own, the rest as above.");
  md_table (out, "##", what_ifs);
  changes = vnl_report_changes_tables (report);
  for (guint t = 0; t < changes->len; t++)
    md_table (out, "###", changes->pdata[t]);

  return g_string_free (out, FALSE);
}
