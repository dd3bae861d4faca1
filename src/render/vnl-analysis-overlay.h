/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "vnl-analysis.h"
#include "vnl-renderer.h"

G_BEGIN_DECLS

/*
 * What path analysis draws over the diagram, in world coordinates: the
 * traced path hop by hop (numbered badges, addresses and round trips,
 * silent hops as * in grey, the drop with its reason), the return path in
 * another colour when it differs, ECMP alternatives dashed; and the
 * perspective of one network (what it reaches lit, the rest greyed, each
 * link labelled with the prefixes and AS paths it carries in each
 * direction). The designer's canvas draws it over the scene, and so do
 * the exported trace and perspective views, so that both look the same.
 *
 * @zoom is the screen pixels per world unit (1 for exports): labels and
 * badges keep a readable size when zoomed out. Nothing is kept between
 * calls: drawing is safe from any thread, one cairo context per thread.
 */

/* Where a named object (or a hop inside a site) sits on the diagram. */
gboolean   vnl_analysis_overlay_anchor       (VnlRenderer *renderer,
                                              VnlDesign   *design,
                                              const char  *name,
                                              VnlPoint    *out);

/* The path of @analysis's trace; @picked (nullable): the source picked so
 * far, while the user is choosing a path. */
void       vnl_analysis_overlay_draw_path    (VnlRenderer *renderer,
                                              VnlAnalysis *analysis,
                                              cairo_t     *cr,
                                              double       zoom,
                                              const char  *picked);

/* Labels of each link crossed by the paths of @network's perspective:
 * object name → GPtrArray of lines (one per direction and prefix); @lit
 * receives the set of names it reaches. Costs a trace per endpoint: callers
 * compute it once per change and draw from it. */
GHashTable *vnl_analysis_perspective_labels  (VnlAnalysis *analysis,
                                              const char  *network,
                                              GHashTable **lit);

/* Labels are placed along their links where they overlap neither each
 * other nor nodes; a link without room gets a one-line summary. */
void       vnl_analysis_overlay_draw_perspective (VnlRenderer *renderer,
                                                  VnlAnalysis *analysis,
                                                  cairo_t     *cr,
                                                  double       zoom,
                                                  const char  *network,
                                                  GHashTable  *labels,
                                                  GHashTable  *lit);

/* The objects the what-if took down (not those down in the design, which
 * the diagram itself shows): dashed outline and a "what-if" tag. */
void       vnl_analysis_overlay_draw_what_if (VnlRenderer *renderer,
                                              VnlAnalysis *analysis,
                                              cairo_t     *cr,
                                              double       zoom);

G_END_DECLS
