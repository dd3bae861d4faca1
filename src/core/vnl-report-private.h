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
