/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-analysis.h"
#include "vnl-canvas.h"
#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * VnlAnalysisPane: the path-analysis side pane of the designer. It owns the
 * window's VnlAnalysis and shows it in pages — Path (tracert text and hop
 * table), Watcher (Network Watcher topology and grid), NPM (hop-by-hop map),
 * Routes, Matrix, Perspective and What-if — and draws the path or the
 * perspective over the canvas. In path mode ("analysis.pick-path") two
 * clicks on the canvas pick the source and the destination.
 */

#define VNL_TYPE_ANALYSIS_PANE (vnl_analysis_pane_get_type ())
G_DECLARE_FINAL_TYPE (VnlAnalysisPane, vnl_analysis_pane, VNL, ANALYSIS_PANE, GtkBox)

void         vnl_analysis_pane_set_canvas   (VnlAnalysisPane *self,
                                             VnlCanvas       *canvas);
void         vnl_analysis_pane_set_document (VnlAnalysisPane *self,
                                             VnlDesign       *design,
                                             VnlHistory      *history);
VnlAnalysis *vnl_analysis_pane_get_analysis (VnlAnalysisPane *self);
/* Shows a page: "path", "watcher", "npm", "routes", "matrix",
 * "perspective", "what-if". */
void         vnl_analysis_pane_show_page    (VnlAnalysisPane *self,
                                             const char      *page);
/* What path mode does with a click on @object (tests use it too). */
void         vnl_analysis_pane_pick         (VnlAnalysisPane *self,
                                             gpointer         object);
void         vnl_analysis_pane_set_perspective (VnlAnalysisPane *self,
                                                const char      *network);
GtkWidget   *vnl_analysis_pane_get_page_widget (VnlAnalysisPane *self,
                                                const char      *page);
/* The view of vnl_export_diagram() that the canvas shows: while the pane
 * is open, "perspective:NAME" on the Perspective page (once a network is
 * chosen), else "trace:FROM:TO" when a path is set, else "design"; NULL
 * while the pane is closed (the canvas shows no analysis). */
char        *vnl_analysis_pane_get_view     (VnlAnalysisPane *self);
/* The live checks' last problems (of VnlProblem, nullable): the pane says
 * so when one of them explains the answer it shows — a problem on the
 * source, the destination or their networks, on an object a path crosses,
 * or on one the explanation names (or, on the Matrix page, on an endpoint
 * or its network). */
void         vnl_analysis_pane_set_problems (VnlAnalysisPane *self,
                                             GPtrArray       *problems);
/* Whether the pane says so now, and (nullable) what it says; for tests. */
gboolean     vnl_analysis_pane_get_problems_shown (VnlAnalysisPane *self,
                                                   const char     **text);
/* Text shown on the Path page (tracert and hop table), for tests. */
char        *vnl_analysis_pane_get_path_text (VnlAnalysisPane *self);
/* Text shown on the What-if page, for tests. */
char        *vnl_analysis_pane_get_what_if_text (VnlAnalysisPane *self);

G_END_DECLS
