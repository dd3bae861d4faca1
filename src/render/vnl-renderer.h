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

/* Is @inner wholly inside @outer (edges included)? */
static inline gboolean
vnl_rect_inside (const VnlRect *inner,
                 const VnlRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

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
  VNL_LINK_STYLE_RS_PEERING,
  VNL_LINK_STYLE_SDWAN,
  VNL_N_LINK_STYLES
} VnlLinkStyle;

#define VNL_RENDER_ICON_SIZE 40.0
/* The resource folder of the icons the table of kinds names (icons/,
 * listed in vnl-render.gresource.xml). */
#define VNL_ICON_RESOURCE_PREFIX "/io/github/vnetlab/VNetLab/icons/"


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
                                            const char           *icon,
                                            double                x,
                                            double                y,
                                            double                size);
/* SVG exports: icons as markers replaced by one copy of each icon. */
#define VNL_RENDER_MAX_ICON_MARKS  100
#define VNL_RENDER_ICON_MARK_ALPHA 0.125
void         vnl_renderer_set_icon_markers (VnlRenderer          *self,
                                            gboolean              markers);
GBytes      *vnl_renderer_get_marked_icon  (VnlRenderer          *self,
                                            guint                 index);
/* The static scene as SVG elements (vnl-renderer.c, "SVG"): what
 * vnl_renderer_draw() draws on a vector surface, labels as <text>, icons
 * as <use> of the marked icons' symbols. */
void         vnl_renderer_write_svg        (VnlRenderer          *self,
                                            GString              *out);

/* Collapsed groups, view state of the canvas: @folded (nullable) maps the
 * name of each node not drawn to the name of the node drawn for it (a hub
 * for its spokes and their members). Folded nodes have no geometry (not
 * drawn, not hit); links to them attach to their group, links inside one
 * group are not drawn. */
void         vnl_renderer_set_folded       (VnlRenderer          *self,
                                            GHashTable           *folded);

/* Overlays, drawn on top of the static scene. */
/* While @objects (nodes, nullable) are dragged: vnl_renderer_draw() leaves
 * out them, the links at them and the frames around them (with those
 * frames' members), and vnl_renderer_draw_moving() draws just those, so
 * that a canvas keeps the rest as a cached scene. */
void         vnl_renderer_set_moving       (VnlRenderer          *self,
                                            GPtrArray            *objects);
void         vnl_renderer_draw_moving      (VnlRenderer          *self,
                                            cairo_t              *cr);
/* The world rectangle that what vnl_renderer_draw_moving() draws covers
 * (FALSE when nothing moves). */
gboolean     vnl_renderer_get_moving_bounds (VnlRenderer         *self,
                                             VnlRect             *out);
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
/* The rectangle a container node (VNet, site, virtual hub) draws around
 * its members. */
gboolean     vnl_renderer_get_frame        (VnlRenderer          *self,
                                            gpointer              object,
                                            VnlRect              *out);
/* The members a container's frame encloses: the nodes whose OWNER names
 * @container, of every kind the table of kinds lets sit in its kind
 * (borrowed objects, in drawing order; a new array). */
GPtrArray   *vnl_renderer_get_members      (VnlRenderer          *self,
                                            gpointer              container);
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
/* The container of @kind (VNet, site, virtual hub) whose frame or box
 * holds (x, y), or NULL. */
gpointer     vnl_renderer_container_at     (VnlRenderer          *self,
                                            double                x,
                                            double                y,
                                            VnlKind               kind);
/* Nodes whose box lies inside @rect, and links whose two ends do. */
GPtrArray   *vnl_renderer_objects_in_rect  (VnlRenderer          *self,
                                            const VnlRect        *rect);

VnlLinkStyle vnl_link_style_for_kind       (VnlKind               kind);
const char  *vnl_link_style_get_label      (VnlLinkStyle          style);
/* The icon drawn for @object: the one its kind's descriptor names
 * (vnl_kind_get_icon()), NULL for objects not drawn as a node. Icons are
 * bundled under VNL_ICON_RESOURCE_PREFIX. */
const char  *vnl_icon_for_object           (gpointer              object);

gboolean     vnl_rect_intersects           (const VnlRect        *a,
                                            const VnlRect        *b);
gboolean     vnl_rect_contains             (const VnlRect        *rect,
                                            double                x,
                                            double                y);
void         vnl_rect_union                (VnlRect              *dest,
                                            const VnlRect        *src);

G_END_DECLS
