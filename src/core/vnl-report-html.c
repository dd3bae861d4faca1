/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-report-private.h"

/* The HTML report: one self-contained page, the table model as tables,
 * the matrix as a heat map, latency bars, traceroutes, the diagram inline. */

static void
html_text (GString    *out,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  g_string_append (out, escaped);
}

/* Escaped, with the model's line breaks as <br>. */
static void
html_cell_text (GString    *out,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br>");
      html_text (out, lines[i]);
    }
}

static void
html_table (GString        *out,
            const char     *heading,
            VnlReportTable *table)
{
  static const char *row_class[] = {
    [VNL_REPORT_ROW_PLAIN] = NULL,
    [VNL_REPORT_ROW_DOWN] = "down",
    [VNL_REPORT_ROW_BEST] = "best",
    [VNL_REPORT_ROW_INACTIVE] = "inactive",
  };

  g_string_append_printf (out, "<%s>", heading);
  html_text (out, table->title);
  g_string_append_printf (out, "</%s>\n", heading);
  if (table->note != NULL)
    {
      g_string_append (out, "<p class=\"note\">");
      html_text (out, table->note);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<table class=\"%s\"><thead><tr>", table->id);
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_string_append (out, "<th>");
      html_text (out, table->columns[c].title);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];

      if (row_class[row->style] != NULL)
        g_string_append_printf (out, "<tr class=\"%s\">", row_class[row->style]);
      else
        g_string_append (out, "<tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_string_append (out, "<td>");
          html_cell_text (out, row->cells[c]);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table>\n");
}

static const char html_style[] =
  "body{font-family:'Segoe UI',system-ui,-apple-system,'DejaVu Sans',sans-serif;"
  "color:#1f2328;margin:0;background:#f6f7f9}"
  "header{background:#0f3d6e;color:#fff;padding:28px 48px}"
  "header h1{margin:0 0 6px;font-weight:600}header p{margin:0;opacity:.85}"
  "main{max-width:1200px;margin:0 auto;padding:8px 48px 48px}"
  "section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:8px 24px 20px;"
  "margin:24px 0}"
  "h2{color:#0f3d6e;border-bottom:2px solid #0f3d6e;padding-bottom:4px}"
  "h3{color:#24292f;margin-top:22px}"
  "table{border-collapse:collapse;font-size:13px;margin:8px 0}"
  "th{background:#eaeef2;text-align:left}th,td{border:1px solid #d0d7de;padding:4px 8px}"
  "tbody tr:nth-child(even){background:#f6f8fa}tr.best{background:#ebf7eb}tr.inactive{color:#6e7781}"
  ".down{color:#c62828;font-weight:600}"
  ".diagram svg{max-width:100%;height:auto;border:1px solid #d8dee4;border-radius:6px}"
  "pre{background:#0d1117;color:#e6edf3;padding:10px 14px;border-radius:6px;font-size:12px;"
  "overflow-x:auto}"
  ".matrix td{text-align:center;min-width:64px;font-variant-numeric:tabular-nums}"
  ".matrix th{writing-mode:horizontal-tb}"
  ".bar{display:flex;align-items:center;gap:8px;font-size:12px;margin:2px 0}"
  ".bar .name{width:220px;text-align:right}"
  ".bar .fill{height:14px;border-radius:3px;background:#2b7bd6}"
  ".bar .none{color:#c62828}"
  ".traces{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}"
  ".trace h4{margin:8px 0 4px}"
  ".note{color:#57606a;font-size:13px}";

static void
html_matrix_and_latency (GString   *out,
                         VnlReport *report)
{
  guint n = report->endpoints->len;
  double max_rtt = vnl_report_get_max_rtt (report);

  /* Matrix */
  g_string_append (out, "<section id=\"matrix\">\n<h2>Reachability matrix</h2>\n"
                        "<p class=\"note\">Row = source, column = destination; a cell is the "
                        "round trip of a ping, coloured from fast (green) to slow (amber); red: "
                        "no reply.</p>\n<table class=\"matrix\"><thead><tr><th>from \\ to</th>");
  for (guint j = 0; j < n; j++)
    {
      g_string_append (out, "<th>");
      html_text (out, _vnl_report_endpoint_name (report, j));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<tr><th>");
      html_text (out, _vnl_report_endpoint_name (report, i));
      g_string_append (out, "</th>");
      for (guint j = 0; j < n; j++)
        {
          double rtt = vnl_report_get_rtt (report, i, j);
          double r, g, b;

          if (i == j)
            {
              g_string_append (out, "<td style=\"background:#eaeef2\">–</td>");
              continue;
            }
          vnl_report_heat_color (vnl_matrix_get (report->matrix, i, j) ? MAX (rtt, 0) : -1, max_rtt,
                                 &r, &g, &b);
          g_string_append_printf (out, "<td style=\"background:#%02x%02x%02x\">",
                                  (int) (r * 255), (int) (g * 255), (int) (b * 255));
          if (vnl_matrix_get (report->matrix, i, j))
            {
              g_autofree char *text = _vnl_report_format_rtt (rtt);
              html_text (out, text);
            }
          else
            g_string_append (out, "✗");
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table>\n</section>\n");

  /* Latency bars */
  g_string_append (out, "<section id=\"latency\">\n<h2>Round-trip latency per path</h2>\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<h3>From ");
      html_text (out, _vnl_report_endpoint_name (report, i));
      g_string_append (out, "</h3>\n");
      for (guint j = 0; j < n; j++)
        {
          double rtt = vnl_report_get_rtt (report, i, j);

          if (i == j)
            continue;
          g_string_append (out, "<div class=\"bar\"><span class=\"name\">");
          html_text (out, _vnl_report_endpoint_name (report, j));
          g_string_append (out, "</span>");
          if (rtt >= 0)
            {
              g_autofree char *text = _vnl_report_format_rtt (rtt);
              char width[32];

              g_ascii_formatd (width, sizeof width, "%.1f",
                               max_rtt > 0 ? MAX (0.5, 60.0 * rtt / max_rtt) : 0.5);
              g_string_append_printf (out, "<span class=\"fill\" style=\"width:%s%%\"></span>"
                                           "<span>", width);
              html_text (out, text);
              g_string_append (out, "</span>");
            }
          else
            g_string_append (out, "<span class=\"none\">no reply</span>");
          g_string_append (out, "</div>\n");
        }
    }
  g_string_append (out, "</section>\n");

}

static void
html_traces (GString   *out,
             VnlReport *report)
{
  g_autoptr(GArray) listed = vnl_report_listed_traces (report);
  guint n = report->endpoints->len;

  g_string_append (out, "<section id=\"traces\">\n<h2>Traceroutes</h2>\n<div class=\"traces\">\n");
  for (guint k = 0; k < listed->len; k++)
    {
      guint p = g_array_index (listed, guint, k);
      VnlTrace *trace = report->traces->pdata[p];
      g_autofree char *text = vnl_trace_format_tracert (trace);
      g_autofree char *rtt = _vnl_report_format_rtt (vnl_report_get_rtt (report, p / n, p % n));

      g_string_append (out, "<div class=\"trace\"><h4>");
      html_text (out, _vnl_report_endpoint_name (report, p / n));
      g_string_append (out, " → ");
      html_text (out, _vnl_report_endpoint_name (report, p % n));
      g_string_append (out, "</h4><span class=\"note\">ping: ");
      html_text (out, rtt);
      if (trace->asymmetric)
        g_string_append (out, " · asymmetric return path");
      g_string_append (out, "</span><pre>");
      html_text (out, text);
      g_string_append (out, "</pre></div>\n");
    }
  g_string_append (out, "</div>\n</section>\n");
}

static void
html_what_ifs (GString   *out,
               VnlReport *report)
{
  g_autoptr(VnlReportTable) what_ifs = vnl_report_what_if_table (report);
  g_autoptr(GPtrArray) changes = NULL;

  g_string_append (out, "<section id=\"what-if\">\n");
  if (what_ifs->note == NULL)
    what_ifs->note = g_strdup ("Each link, connection, firewall and appliance taken down on its own.");
  html_table (out, "h2", what_ifs);
  changes = vnl_report_changes_tables (report);
  for (guint t = 0; t < changes->len; t++)
    html_table (out, "h3", changes->pdata[t]);
  g_string_append (out, "</section>\n");
}

char *
vnl_report_to_html (VnlReport  *report,
                    const char *svg_diagram)
{
  GString *out;
  g_autoptr(GPtrArray) summary = NULL;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"generator\" content=\"vnetlab " PACKAGE_VERSION "\">\n<title>");
  html_text (out, vnl_report_get_title (report));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>",
                          html_style);
  html_text (out, vnl_report_get_title (report));
  g_string_append (out, "</h1>\n<p>");
  if (report->source != NULL)
    {
      html_text (out, report->source);
      g_string_append (out, " · ");
    }
  g_string_append_printf (out, "generated %s by vnetlab %s</p>\n", report->generated,
                          PACKAGE_VERSION);
  if (report->down[0] != NULL)
    {
      g_autofree char *names = vnl_report_describe_down (report);
      g_string_append (out, "<p>");
      html_text (out, names);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</header>\n<main>\n");
  if ((scope = vnl_report_scope_note (report)) != NULL)
    {
      g_string_append (out, "<section id=\"scope\"><p class=\"note\">");
      html_text (out, scope);
      g_string_append (out, "</p></section>\n");
    }

  /* Summary */
  g_string_append (out, "<section id=\"summary\">\n<h2>Design summary</h2>\n");
  summary = vnl_report_summary_tables (report);
  for (guint t = 0; t < summary->len; t++)
    html_table (out, "h3", summary->pdata[t]);
  g_string_append (out, "</section>\n");

  /* Diagram */
  g_string_append (out, "<section id=\"diagram\">\n<h2>Diagram</h2>\n<div class=\"diagram\">\n");
  if (svg_diagram != NULL)
    {
      /* Drop the XML declaration: inline SVG is an element, not a document. */
      const char *start = strstr (svg_diagram, "<svg");
      g_string_append (out, start != NULL ? start : svg_diagram);
    }
  else
    g_string_append (out, "<p class=\"note\">The diagram needs the renderer "
                          "(a build with GTK); this report was written without it.</p>");
  g_string_append (out, "\n</div>\n</section>\n");

  if (!report->summarised)
    html_matrix_and_latency (out, report);
  {
    g_autoptr(VnlReportTable) reach = vnl_report_reach_table (report);

    g_string_append (out, "<section id=\"reach\">\n");
    html_table (out, "h2", reach);
    g_string_append (out, "</section>\n");
  }
  {
    g_autoptr(VnlReportTable) flows = vnl_report_flows_table (report);

    g_string_append (out, "<section id=\"flows\">\n");
    html_table (out, "h2", flows);
    g_string_append (out, "</section>\n");
  }

  /* Routes */
  g_string_append (out, "<section id=\"routes\">\n<h2>Effective routes</h2>\n");
  {
    g_autoptr(GPtrArray) routes = vnl_report_routes_tables (report);

    for (guint t = 0; t < routes->len; t++)
      html_table (out, "h3", routes->pdata[t]);
  }
  g_string_append (out, "</section>\n");

  /* An overview traces nothing and may run no what-if (its scope note
   * says so). */
  if (!report->overview)
    html_traces (out, report);
  if (!report->overview || report->what_ifs->len > 0)
    html_what_ifs (out, report);
  g_string_append (out, "</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}
