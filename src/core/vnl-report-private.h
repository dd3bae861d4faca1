/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-report.h"

G_BEGIN_DECLS

/*
 * Shared by the report's collection (vnl-report.c), its table model
 * (vnl-report-model.c) and its writers (vnl-report-{json,csv,markdown,
 * html}.c).
 */

/* The objects a what-if takes down: links and connections. */
extern const VnlKind _vnl_report_what_if_kinds[6];

const char *_vnl_report_endpoint_name (VnlReport  *report,
                                       guint       i);
/* Where a writer's text goes: kept whole (@stream NULL) or written out a
 * megabyte at a time, so that a large report never holds its own text. */
typedef struct
{
  GOutputStream *stream;   /* borrowed, nullable */
  GError        *error;    /* owned, nullable: the first write error */
} VnlReportSink;

/* Writes what @out holds to the sink's stream (if any) and empties it. */
void        _vnl_report_sink_flush    (GString     *out,
                                       gpointer     sink);
static inline void
_vnl_report_sink_maybe_flush (GString       *out,
                              VnlReportSink *sink)
{
  if (out->len >= (1 << 20))
    _vnl_report_sink_flush (out, sink);
}

/* A writer appends its text to @out, calling _vnl_report_sink_maybe_flush()
 * as it goes and _vnl_report_sink_flush() at the end. */
typedef void (*VnlReportWriteFunc) (VnlReport     *report,
                                    GString       *out,
                                    VnlReportSink *sink,
                                    gpointer       user_data);
/* Runs @write into @path: g_file_replace() writes a temporary file beside
 * it and renames it into place when closed, so a failure leaves no
 * partial output (as vnl_report_write_file()). */
gboolean    _vnl_report_write_streamed (VnlReport          *report,
                                        const char         *path,
                                        VnlReportWriteFunc  write,
                                        gpointer            user_data,
                                        GError            **error);
/* The JSON and CSV reports streamed to a file, atomically. */
gboolean    _vnl_report_write_csv     (VnlReport          *report,
                                       VnlReportCsvTable   table,
                                       const char         *path,
                                       GError            **error);
/* The JSON report streamed to a file (vnl-report-json.c), atomically. */
gboolean    _vnl_report_write_json    (VnlReport   *report,
                                       const char  *path,
                                       GError     **error);
/* "a, b" (or with @separator) of a prefix list. */
char       *_vnl_report_format_prefixes (GArray     *prefixes,
                                         const char *separator);
/* Dotted quad, "" for 0. */
char       *_vnl_report_format_ip     (guint32     address);
/* "12 ms", "<1 ms" or "no reply". */
char       *_vnl_report_format_rtt    (double      ms);
/* The two ends of a link or connection, "" when unset. */
void        _vnl_report_object_ends   (gpointer     object,
                                       const char **a,
                                       const char **b);
/* "Active"/"Invalid" for VNet routes, "Best"/"" for BGP routes. */
const char *_vnl_report_route_state   (VnlRouteTable *table,
                                       VnlRouteRow   *row);

G_END_DECLS
