/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * The diagram renderer: draws a VnlDesign with cairo, pango and librsvg.
 * It knows nothing about widgets: everything is in design ("world")
 * coordinates, the caller sets up the cairo transformation. The same
 * renderer draws the designer's canvas and the CLI's PNG/SVG/PDF exports.
 *
 * Geometry (icon rectangles, label layouts, container frames) is computed
 * lazily per node and cached; the cache is dropped whenever the design emits
 * a change signal, so a renderer always matches its design.
 */

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} VnlRect;

typedef struct
{
  double r, g, b, a;
} VnlColor;

typedef struct
{
  VnlColor background;   /* canvas */
  VnlColor foreground;   /* labels */
  VnlColor dim;          /* secondary labels */
  VnlColor halo;         /* behind labels */
  VnlColor grid;
  VnlColor accent;       /* selection */
  VnlColor down;         /* objects that are down */
  gboolean dark;
} VnlRenderStyle;

/* Link styles: one per link kind, shown in the legend. */
typedef enum
{
  VNL_LINK_STYLE_PEERING,
  VNL_LINK_STYLE_ER_CONNECTION,
  VNL_LINK_STYLE_CIRCUIT_LINK,
  VNL_LINK_STYLE_S2S,
  VNL_LINK_STYLE_V2V,
  VNL_LINK_STYLE_GLOBAL_REACH,
  VNL_N_LINK_STYLES
} VnlLinkStyle;

/* Icon rendered for a node kind (gateways have two). */
typedef enum
{
  VNL_ICON_VNET,
  VNL_ICON_ENDPOINT,
  VNL_ICON_VPN_GATEWAY,
  VNL_ICON_ER_GATEWAY,
  VNL_ICON_CIRCUIT,
  VNL_ICON_SITE,
  VNL_ICON_CE,
  VNL_ICON_LNG,
  VNL_ICON_ROUTE_TABLE,
  VNL_N_ICONS
} VnlIcon;

#define VNL_RENDER_ICON_SIZE 40.0

#define VNL_TYPE_RENDERER (vnl_renderer_get_type ())
G_DECLARE_FINAL_TYPE (VnlRenderer, vnl_renderer, VNL, RENDERER, GObject)

VnlRenderer *vnl_renderer_new              (VnlDesign            *design);
VnlDesign   *vnl_renderer_get_design       (VnlRenderer          *self);
void         vnl_render_style_init         (VnlRenderStyle       *style,
                                            gboolean              dark);
void         vnl_renderer_set_style        (VnlRenderer          *self,
                                            const VnlRenderStyle *style);
const VnlRenderStyle *
             vnl_renderer_get_style        (VnlRenderer          *self);
/* Drops cached geometry; called automatically on design signals. */
void         vnl_renderer_invalidate       (VnlRenderer          *self);

/* The whole static scene: frames, links, nodes, labels. @clip (world
 * coordinates, nullable) skips what lies outside. */
void         vnl_renderer_draw             (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            const VnlRect        *clip);
void         vnl_renderer_draw_background  (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            const VnlRect        *area,
                                            double                grid);
void         vnl_renderer_draw_legend      (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            double                x,
                                            double                y,
                                            VnlRect              *out_extent);
void         vnl_renderer_draw_icon        (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            VnlIcon               icon,
                                            double                x,
                                            double                y,
                                            double                size);

/* Overlays, drawn on top of the static scene. */
void         vnl_renderer_draw_selection   (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            GPtrArray            *objects);
void         vnl_renderer_draw_highlight   (VnlRenderer          *self,
                                            cairo_t              *cr,
                                            GPtrArray            *objects,
                                            const VnlColor       *color);
/* The badge of an object with a problem (live checks). */
void         vnl_renderer_draw_problem_badge (VnlRenderer        *self,
                                              cairo_t            *cr,
                                              gpointer            object,
                                              double              zoom);

/* Geometry and hit testing, in world coordinates. */
gboolean     vnl_renderer_get_bounds       (VnlRenderer          *self,
                                            VnlRect              *out);
gboolean     vnl_renderer_get_object_bounds (VnlRenderer         *self,
                                             gpointer             object,
                                             VnlRect             *out);
/* The rectangle a container node (VNet or site) draws around its members. */
gboolean     vnl_renderer_get_frame        (VnlRenderer          *self,
                                            gpointer              object,
                                            VnlRect              *out);
gboolean     vnl_renderer_get_link_ends    (VnlRenderer          *self,
                                            gpointer              object,
                                            VnlPoint             *a,
                                            VnlPoint             *b);
/* The topmost object at (x, y): nodes first, then links within
 * @tolerance, then container frames. Returns NULL on the background. */
gpointer     vnl_renderer_hit_test         (VnlRenderer          *self,
                                            double                x,
                                            double                y,
                                            double                tolerance);
/* The container (VNet or site) whose frame or box holds (x, y), or NULL. */
gpointer     vnl_renderer_container_at     (VnlRenderer          *self,
                                            double                x,
                                            double                y,
                                            VnlKind               kind);
/* Nodes whose box lies inside @rect, and links whose two ends do. */
GPtrArray   *vnl_renderer_objects_in_rect  (VnlRenderer          *self,
                                            const VnlRect        *rect);

VnlLinkStyle vnl_link_style_for_kind       (VnlKind               kind);
const char  *vnl_link_style_get_label      (VnlLinkStyle          style);
VnlIcon      vnl_icon_for_object           (gpointer              object);
const char  *vnl_icon_get_resource         (VnlIcon               icon);

gboolean     vnl_rect_intersects           (const VnlRect        *a,
                                            const VnlRect        *b);
gboolean     vnl_rect_contains             (const VnlRect        *rect,
                                            double                x,
                                            double                y);
void         vnl_rect_union                (VnlRect              *dest,
                                            const VnlRect        *src);

G_END_DECLS
