/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnl-design.h"
#include "vnl-network.h"
#include "vnl-report.h"

G_BEGIN_DECLS

/*
 * Exports built on the renderer: the diagram as PNG, SVG, PDF or draw.io,
 * and the design report as PDF (and as HTML with the diagram embedded).
 *
 * A diagram shows a *view* of the design:
 *   - NULL or "design": the whole design;
 *   - "perspective:NAME", or just NAME of a VNet or site: what that network
 *     reaches (its endpoints' pings) lit, the rest greyed, each link
 *     labelled with the routes it carries;
 *   - "trace:FROM:TO": the path of a trace between two endpoints, a badge
 *     per traceroute hop, the rest faded.
 * Both draw with the designer's overlay (vnl-analysis-overlay.h), so that
 * they look as on the canvas. Views other than "design" need a converged
 * @network of the design; a trace view takes links of it down and up again
 * for a moment to find ECMP alternatives.
 *
 * Every output is built in memory and written atomically (a temporary file
 * beside the target, then a rename): a failure leaves nothing behind.
 * Secrets of the design are never drawn nor written.
 */

#define VNL_EXPORT_ERROR (vnl_export_error_quark ())

typedef enum
{
  VNL_EXPORT_ERROR_FORMAT,     /* unknown output format */
  VNL_EXPORT_ERROR_VIEW,       /* unknown view */
  VNL_EXPORT_ERROR_EMPTY,      /* nothing to draw */
  VNL_EXPORT_ERROR_TOO_LARGE,  /* the image would be too large */
  VNL_EXPORT_ERROR_RENDER,     /* cairo failed */
} VnlExportError;

GQuark vnl_export_error_quark (void);

typedef enum
{
  VNL_EXPORT_PNG,
  VNL_EXPORT_SVG,
  VNL_EXPORT_PDF,
  VNL_EXPORT_DRAWIO,
} VnlExportFormat;

#define VNL_EXPORT_DEFAULT_SCALE 2.0
#define VNL_EXPORT_MAX_PIXELS    16384      /* a side; cairo's limit is 32767 */
#define VNL_EXPORT_MAX_AREA      (48.0 * 1024 * 1024)   /* pixels: 192 MB ARGB */

/* The format named by the extension of @path (.png, .svg, .pdf, .drawio),
 * case-insensitive; fails with VNL_EXPORT_ERROR_FORMAT otherwise. */
gboolean   vnl_export_format_from_path (const char       *path,
                                        VnlExportFormat  *format,
                                        GError          **error);

/* The views a design offers, for the export dialog: "design", then one
 * "perspective:NAME" per VNet and site. (Trace views are made from two
 * endpoint names.) Free with g_ptr_array_unref. */
GPtrArray *vnl_export_list_views       (VnlDesign        *design);

/* Writes the diagram of @view. @scale: PNG pixels per design unit (1 = the
 * canvas at 100 %), ignored by vector formats; draw.io ignores the view. */
gboolean   vnl_export_diagram          (VnlDesign        *design,
                                        VnlNetwork       *network,
                                        const char       *view,
                                        VnlExportFormat   format,
                                        double            scale,
                                        const char       *path,
                                        GError          **error);
/* The same; for PNG, @scale ≤ 0 picks the default scale reduced to fit
 * VNL_EXPORT_MAX_PIXELS a side and VNL_EXPORT_MAX_AREA, and @used_scale
 * (nullable) receives the scale drawn at, so that the caller can say it. */
gboolean   vnl_export_diagram_scaled   (VnlDesign        *design,
                                        VnlNetwork       *network,
                                        const char       *view,
                                        VnlExportFormat   format,
                                        double            scale,
                                        double           *used_scale,
                                        const char       *path,
                                        GError          **error);
/* The self-contained SVG document of @view: labels as <text>, each icon
 * once as a <symbol> used at every node. */
char      *vnl_export_diagram_to_svg   (VnlDesign        *design,
                                        VnlNetwork       *network,
                                        const char       *view,
                                        GError          **error);
/* The draw.io (diagrams.net) file of the design: one vertex per node, one
 * frame per VNet and site, one edge per link and connection. */
char      *vnl_export_design_to_drawio (VnlDesign        *design);

/* The PDF report: summary, diagram, route tables, traceroutes, reachability
 * heat map, latency charts, what-ifs. @n_pages (nullable) receives the page
 * count. */
gboolean   vnl_export_report_pdf       (VnlReport        *report,
                                        const char       *path,
                                        VnlReportProgress progress,
                                        gpointer          user_data,
                                        GCancellable     *cancellable,
                                        guint            *n_pages,
                                        GError          **error);
/* Any report format: PDF through vnl_export_report_pdf(), HTML with the
 * diagram embedded, the others through vnl_report_write(). */
gboolean   vnl_export_report           (VnlReport        *report,
                                        VnlReportFormat   format,
                                        VnlReportCsvTable csv_table,
                                        const char       *path,
                                        VnlReportProgress progress,
                                        gpointer          user_data,
                                        GCancellable     *cancellable,
                                        GError          **error);

G_END_DECLS
