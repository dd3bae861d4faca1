/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-report-private.h"

/* CSV: one table per file (routes, matrix or traces), RFC 4180. */

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

typedef struct
{
  GString       *out;
  VnlReportSink *sink;
} CsvWrite;

static gboolean
csv_owner_pair (const VnlMatrixOwnerPair *pair,
                gpointer                  user_data)
{
  CsvWrite *w = user_data;

  csv_field (w->out, pair->from, FALSE);
  csv_field (w->out, pair->to, FALSE);
  g_string_append_printf (w->out, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\r\n",
                          pair->pairs, pair->reachable);
  _vnl_report_sink_maybe_flush (w->out, w->sink);
  return TRUE;
}

/* A table of the model: its column titles (lower case, "_" for spaces)
 * then its rows, the lines of a cell joined by "; ". */
static void
csv_model_table (GString        *out,
                 VnlReportTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_autofree char *title = g_ascii_strdown (table->columns[c].title, -1);

      g_strdelimit (title, " ", '_');
      csv_field (out, title, c + 1 == table->n_columns);
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_auto(GStrv) lines = g_strsplit (row->cells[c], "\n", -1);
          g_autofree char *cell = g_strjoinv ("; ", lines);

          csv_field (out, cell, c + 1 == table->n_columns);
        }
    }
}

/* Writes table @user_data (a VnlReportCsvTable) into @out and @sink: the
 * routes table of a big design runs to a hundred megabytes, streamed a row
 * at a time rather than held whole. */
static void
write_csv (VnlReport     *report,
           GString       *out,
           VnlReportSink *sink,
           gpointer       user_data)
{
  VnlReportCsvTable table_kind = GPOINTER_TO_INT (user_data);
  guint n;

  n = report->endpoints->len;
  switch (table_kind)
    {
    case VNL_REPORT_CSV_ROUTES:
      g_string_append (out, "node,table,prefix,source,state,next_hop_type,next_hop,"
                            "learned_from,as_path,weight,local_pref,reason,note\r\n");
      for (guint t = 0; t < report->tables->len; t++)
        {
          VnlRouteTable *table = report->tables->pdata[t];

          /* The table's note (why routes are missing: a BGP session Azure
           * dropped) on each of its rows, and on a row of its own when no
           * route is left. */
          if (table->rows->len == 0 && table->note != NULL)
            {
              csv_field (out, table->node, FALSE);
              csv_field (out, table->title, FALSE);
              for (guint k = 0; k < 10; k++)
                csv_field (out, "", FALSE);
              csv_field (out, table->note, TRUE);
            }

          for (guint i = 0; i < table->rows->len; i++)
            {
              VnlRouteRow *row = table->rows->pdata[i];
              g_autofree char *why = vnl_report_route_why (table, row);
              char prefix[20], weight[16], pref[16];

              vnl_prefix_format (&row->prefix, prefix);
              g_snprintf (weight, sizeof weight, "%u", row->weight);
              g_snprintf (pref, sizeof pref, "%u", row->local_pref);
              csv_field (out, table->node, FALSE);
              csv_field (out, table->title, FALSE);
              csv_field (out, prefix, FALSE);
              csv_field (out, row->source, FALSE);
              csv_field (out, _vnl_report_route_state (table, row), FALSE);
              csv_field (out, row->next_hop_type, FALSE);
              csv_field (out, row->next_hop, FALSE);
              csv_field (out, row->learned_from, FALSE);
              csv_field (out, row->as_path, FALSE);
              csv_field (out, table->kind == VNL_TABLE_VNET ? "" : weight, FALSE);
              csv_field (out, table->kind == VNL_TABLE_VNET ? "" : pref, FALSE);
              csv_field (out, why, FALSE);
              csv_field (out, table->note, TRUE);
              _vnl_report_sink_maybe_flush (out, sink);
            }
        }
      break;

    case VNL_REPORT_CSV_MATRIX:
      /* An overview's matrix would have billions of cells: per pair of
       * networks instead. */
      if (report->overview)
        {
          g_string_append (out, "from_network,to_network,pairs,reachable\r\n");
          CsvWrite w = { out, sink };

          vnl_matrix_foreach_owner_pair (report->matrix, csv_owner_pair, &w);
          break;
        }
      csv_field (out, "from \\ to", n == 0);
      for (guint j = 0; j < n; j++)
        csv_field (out, _vnl_report_endpoint_name (report, j), j + 1 == n);
      for (guint i = 0; i < n; i++)
        {
          csv_field (out, _vnl_report_endpoint_name (report, i), FALSE);
          for (guint j = 0; j < n; j++)
            csv_field (out, i == j ? "-" : vnl_matrix_get (report->matrix, i, j) ? "yes" : "no", j + 1 == n);
          _vnl_report_sink_maybe_flush (out, sink);
        }
      break;

    case VNL_REPORT_CSV_FLOWS:
      {
        g_autoptr(VnlReportTable) flows = vnl_report_flows_table (report);
        csv_model_table (out, flows);
      }
      break;

    case VNL_REPORT_CSV_TRACES:
      if (report->overview)
        n = 0;
      g_string_append (out, "from,to,source_address,destination_address,reached,replied,"
                            "rtt_ms,hops,asymmetric,drop_node,drop_reason,path\r\n");
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            VnlTrace *trace = report->traces->pdata[i * n + j];
            char src[16], dst[16], hops[16], rtt[32] = "";
            double ms = vnl_report_get_rtt (report, i, j);
            g_autofree char *path = NULL;

            if (trace == NULL)
              continue;
            vnl_ip_format (trace->source, src);
            vnl_ip_format (trace->destination, dst);
            g_snprintf (hops, sizeof hops, "%u", trace->hops->len);
            if (ms >= 0)
              g_ascii_formatd (rtt, sizeof rtt, "%.2f", ms);
            g_ptr_array_add (trace->path, NULL);
            path = g_strjoinv (" > ", (GStrv) trace->path->pdata);
            g_ptr_array_remove_index (trace->path, trace->path->len - 1);
            csv_field (out, _vnl_report_endpoint_name (report, i), FALSE);
            csv_field (out, _vnl_report_endpoint_name (report, j), FALSE);
            csv_field (out, src, FALSE);
            csv_field (out, dst, FALSE);
            csv_field (out, trace->reached ? "yes" : "no", FALSE);
            csv_field (out, vnl_matrix_get (report->matrix, i, j) ? "yes" : "no", FALSE);
            csv_field (out, rtt, FALSE);
            csv_field (out, hops, FALSE);
            csv_field (out, trace->asymmetric ? "yes" : "no", FALSE);
            csv_field (out, trace->reached ? "" : trace->drop_node, FALSE);
            csv_field (out, trace->reached ? "" : vnl_drop_reason_to_string (trace->drop), FALSE);
            csv_field (out, path, TRUE);
            _vnl_report_sink_maybe_flush (out, sink);
          }
      break;

    default:
      g_assert_not_reached ();
    }
  _vnl_report_sink_flush (out, sink);
}

char *
vnl_report_to_csv (VnlReport         *report,
                   VnlReportCsvTable  table_kind)
{
  GString *out;
  VnlReportSink sink = { NULL, NULL };

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  write_csv (report, out, &sink, GINT_TO_POINTER (table_kind));
  return g_string_free (out, FALSE);
}

gboolean
_vnl_report_write_csv (VnlReport          *report,
                       VnlReportCsvTable   table,
                       const char         *path,
                       GError            **error)
{
  return _vnl_report_write_streamed (report, path, write_csv, GINT_TO_POINTER (table), error);
}

