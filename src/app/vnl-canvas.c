/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
#include "vnl-edit.h"
#include "vnl-kinds.h"

/*
 * The diagram canvas. The static scene (grid, frames, links, nodes) is
 * rasterised by the renderer into a texture covering the visible area plus
 * a margin, and kept as a render node until the design, the style or the
 * zoom changes, or a pan leaves the cached area. Selection, hover,
 * rubber band, connect preview and paths are drawn on top every frame.
 *
 * Input (vnl-canvas-input.c): one controller per concern — click (select,
 * context menu), drag (move, connect, pan, rubber band), scroll and pinch
 * (zoom at the pointer), motion (hover), drop (palette). Commands
 * (vnl-canvas-actions.c) are actions with their key bindings. The three
 * files share vnl-canvas-private.h.
 */


G_DEFINE_FINAL_TYPE (VnlCanvas, vnl_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECT_MODE,
  PROP_SHOW_GRID,
  PROP_SNAP,
  PROP_SHOW_LEGEND,
  N_PROPS
};

enum {
  MESSAGE,
  OBJECT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_style   (VnlCanvas *self);
static void repaint_scene_area (VnlCanvas     *self,
                                const VnlRect *area);

void
_vnl_canvas_say (VnlCanvas  *self,
                 const char *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

void
_vnl_canvas_activate (VnlCanvas *self,
                      gpointer   object)
{
  g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

/* Scrollbars: the scrollable area is the design (at the current zoom)
 * with half a view of room around it, widened to include what is shown;
 * the value is the left (top) edge of the view, i.e. -offset. */
static void
sync_adjustments (VnlCanvas *self)
{
  double view[2] = { gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)) };
  double offset[2];
  double zoom = vnl_viewport_get_zoom (self->viewport);
  VnlRect bounds = { 0, 0, 0, 0 };

  if (self->adjustment[0] == NULL || view[0] <= 1 || view[1] <= 1)
    return;
  if (self->renderer != NULL)
    vnl_renderer_get_bounds (self->renderer, &bounds);
  vnl_viewport_get_offset (self->viewport, &offset[0], &offset[1]);

  self->syncing = TRUE;
  for (guint axis = 0; axis < 2; axis++)
    {
      double start = (axis == 0 ? bounds.x : bounds.y) * zoom;
      double end = start + (axis == 0 ? bounds.width : bounds.height) * zoom;
      double value = -offset[axis];
      double lower = MIN (start - view[axis] / 2, value);
      double upper = MAX (end + view[axis] / 2, value + view[axis]);

      gtk_adjustment_configure (self->adjustment[axis], value, lower, upper,
                                view[axis] * 0.1, view[axis] * 0.9, view[axis]);
    }
  self->syncing = FALSE;
}

static void
on_adjustment_changed (VnlCanvas     *self,
                       GtkAdjustment *adjustment)
{
  double ox, oy;

  if (self->syncing)
    return;
  vnl_viewport_get_offset (self->viewport, &ox, &oy);
  if (adjustment == self->adjustment[0])
    ox = -gtk_adjustment_get_value (adjustment);
  else
    oy = -gtk_adjustment_get_value (adjustment);
  vnl_viewport_set_offset (self->viewport, ox, oy);
}

/**
 * vnl_canvas_get_adjustment:
 * @orientation: which scrollbar
 *
 * Returns: (transfer none): the adjustment a GtkScrollbar pans the canvas with
 */
GtkAdjustment *
vnl_canvas_get_adjustment (VnlCanvas      *self,
                           GtkOrientation  orientation)
{
  guint axis = orientation == GTK_ORIENTATION_HORIZONTAL ? 0 : 1;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);

  if (self->adjustment[axis] == NULL)
    {
      self->adjustment[axis] = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 1, 1, 1));
      g_signal_connect_object (self->adjustment[axis], "value-changed",
                               G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
      sync_adjustments (self);
    }
  return self->adjustment[axis];
}

void
vnl_canvas_invalidate_scene (VnlCanvas *self)
{
  _vnl_canvas_update_groups (self);
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  g_clear_pointer (&self->scene_surface, cairo_surface_destroy);
  g_clear_pointer (&self->legend, gsk_render_node_unref);
  g_clear_pointer (&self->minimap, gsk_render_node_unref);
  sync_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
_vnl_canvas_snap_value (VnlCanvas *self,
                        double     v)
{
  return self->snap ? round (v / GRID) * GRID : round (v);
}

/* Dragged nodes leave the cached scene for the overlay while they move,
 * and come back into it when the drag ends. */
void
_vnl_canvas_set_moving (VnlCanvas *self,
                        gboolean   moving)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();

  VnlRect area;

  for (guint i = 0; i < self->move_starts->len; i++)
    g_ptr_array_add (objects, g_array_index (self->move_starts, MoveStart, i).object);
  if (self->renderer == NULL)
    return;
  /* Starting, the scene loses the dragged nodes (and what is drawn with
   * them); ending, it gets them back where they are now: either way only
   * the area they cover is repainted. */
  vnl_renderer_set_moving (self->renderer, objects);
  if (!vnl_renderer_get_moving_bounds (self->renderer, &area))
    {
      vnl_canvas_invalidate_scene (self);
      return;
    }
  if (!moving)
    vnl_renderer_set_moving (self->renderer, NULL);
  repaint_scene_area (self, &area);
}

/* Document */

static void
on_design_changed (VnlCanvas *self)
{
  /* While nodes are dragged, the cached scene leaves them out and the
   * overlay draws them: a move only needs a new frame. */
  if (self->drag_mode == DRAG_MOVE && self->design != NULL &&
      vnl_design_change_is_layout (self->design))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  vnl_canvas_invalidate_scene (self);
  _vnl_canvas_update_actions (self);
}

static void
on_object_removed (VnlCanvas *self,
                   gpointer   object)
{
  if (self->drag_mode == DRAG_MOVE)
    {
      self->drag_mode = DRAG_NONE;
      _vnl_canvas_set_moving (self, FALSE);
      g_array_set_size (self->move_starts, 0);
    }
  vnl_viewport_unselect (self->viewport, object);
  if (self->hover == object)
    self->hover = NULL;
  if (self->highlight != NULL)
    g_ptr_array_remove (self->highlight, object);
  on_design_changed (self);
}

void
vnl_canvas_set_document (VnlCanvas  *self,
                         VnlDesign  *design,
                         VnlHistory *history)
{
  g_return_if_fail (VNL_IS_CANVAS (self));
  g_return_if_fail (VNL_IS_DESIGN (design));
  g_return_if_fail (VNL_IS_HISTORY (history));

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  vnl_viewport_clear_selection (self->viewport);
  self->hover = NULL;
  g_clear_pointer (&self->highlight, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_set_object (&self->design, design);
  g_set_object (&self->history, history);
  g_clear_object (&self->renderer);
  self->renderer = vnl_renderer_new (design);
  /* Collapsed groups are the view of one document. */
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  update_style (self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_object_removed), self);
  self->fit_pending = TRUE;
  vnl_canvas_invalidate_scene (self);
  _vnl_canvas_update_actions (self);
}

VnlViewport *
vnl_canvas_get_viewport (VnlCanvas *self)
{
  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);
  return self->viewport;
}

VnlRenderer *
vnl_canvas_get_renderer (VnlCanvas *self)
{
  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);
  return self->renderer;
}

double
vnl_canvas_get_last_scene_ms (VnlCanvas *self)
{
  return self->last_scene_ms;
}

/* Style: follow the theme's dark or light variant. */

static void
update_style (VnlCanvas *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg, bg, accent;
  VnlRenderStyle style;
  gboolean dark;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &bg) &&
      !gtk_style_context_lookup_color (context, "theme_base_color", &bg))
    bg = (GdkRGBA) { 1, 1, 1, 1 };
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent) &&
      !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &accent))
    accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS

  dark = (0.299 * bg.red + 0.587 * bg.green + 0.114 * bg.blue) < 0.5;
  vnl_render_style_init (&style, dark);
  style.background = (VnlColor) { bg.red, bg.green, bg.blue, 1 };
  style.halo = (VnlColor) { bg.red, bg.green, bg.blue, 1 };
  style.foreground = (VnlColor) { fg.red, fg.green, fg.blue, 1 };
  style.accent = (VnlColor) { accent.red, accent.green, accent.blue, 1 };
  if (self->renderer != NULL)
    vnl_renderer_set_style (self->renderer, &style);
  vnl_canvas_invalidate_scene (self);
}

static void
vnl_canvas_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  GTK_WIDGET_CLASS (vnl_canvas_parent_class)->size_allocate (widget, width, height, baseline);
  /* The view keeps its zoom and its centre when the canvas is resized
   * (the Analysis pane opens, the window or the pane is resized). */
  if (self->alloc_width > 1 && self->alloc_height > 1 &&
      (width != self->alloc_width || height != self->alloc_height))
    vnl_viewport_pan (self->viewport, (width - self->alloc_width) / 2.0,
                      (height - self->alloc_height) / 2.0);
  self->alloc_width = width;
  self->alloc_height = height;
  sync_adjustments (self);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
  if (self->find_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->find_popover));
  if (self->fit_pending && width > 1 && height > 1)
    {
      self->fit_pending = FALSE;
      vnl_canvas_zoom_to_fit (self);
    }
}

static void
vnl_canvas_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (vnl_canvas_parent_class)->css_changed (widget, change);
  update_style (VNL_CANVAS (widget));
}

/* Drawing */

static void
visible_world (VnlCanvas *self,
               VnlRect   *out)
{
  double x1, y1, x2, y2;

  vnl_viewport_to_world (self->viewport, 0, 0, &x1, &y1);
  vnl_viewport_to_world (self->viewport,
                         gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)), &x2, &y2);
  *out = (VnlRect) { x1, y1, x2 - x1, y2 - y1 };
}

/* Paints the static scene's @area (world) into the scene surface, which
 * covers self->scene_rect at self->scene_zoom. */
static void
paint_scene (VnlCanvas       *self,
             cairo_surface_t *surface,
             const VnlRect   *area)
{
  double k = self->scene_zoom * self->scene_scale;
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, k, k);
  cairo_translate (cr, -self->scene_rect.x, -self->scene_rect.y);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  vnl_renderer_draw_background (self->renderer, cr, area, self->show_grid ? GRID : 0);
  vnl_renderer_draw (self->renderer, cr, area);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

/* A cairo node that paints the finished image: the cairo renderer
 * replays it as one blit, the GL renderer uploads it once and keeps the
 * texture for as long as the node lives. */
static GskRenderNode *
scene_node (VnlCanvas *self)
{
  double zoom = self->scene_zoom;
  int scale = self->scene_scale;
  int pw = cairo_image_surface_get_width (self->scene_surface);
  int ph = cairo_image_surface_get_height (self->scene_surface);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  cairo_t *ncr;

  ncr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (self->scene_rect.x * zoom, self->scene_rect.y * zoom,
                                                                  pw / (double) scale, ph / (double) scale));
  cairo_translate (ncr, self->scene_rect.x * zoom, self->scene_rect.y * zoom);
  cairo_scale (ncr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (ncr, self->scene_surface, 0, 0);
  cairo_paint (ncr);
  cairo_destroy (ncr);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Repaints only @area (world) of the cached scene, when there is one:
 * what a drag's start and end change. */
static void
repaint_scene_area (VnlCanvas     *self,
                    const VnlRect *area)
{
  VnlRect r = *area;

  if (self->scene_surface == NULL)
    {
      vnl_canvas_invalidate_scene (self);
      return;
    }
  /* Whole device pixels, so that the clip leaves no seam. */
  {
    double k = self->scene_zoom * self->scene_scale;
    double x0 = floor ((r.x - self->scene_rect.x) * k) / k + self->scene_rect.x;
    double y0 = floor ((r.y - self->scene_rect.y) * k) / k + self->scene_rect.y;
    double x1 = ceil ((r.x + r.width - self->scene_rect.x) * k) / k + self->scene_rect.x;
    double y1 = ceil ((r.y + r.height - self->scene_rect.y) * k) / k + self->scene_rect.y;
    r = (VnlRect) { x0, y0, x1 - x0, y1 - y0 };
  }
  paint_scene (self, self->scene_surface, &r);
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  self->scene = scene_node (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ensure_scene (VnlCanvas *self)
{
  double zoom = vnl_viewport_get_zoom (self->viewport);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  VnlRect visible, area;
  cairo_surface_t *surface;
  int pw, ph;
  double mx, my;
  gint64 start;

  visible_world (self, &visible);
  if (self->scene != NULL && self->scene_zoom == zoom && self->scene_scale == scale &&
      vnl_rect_inside (&visible, &self->scene_rect))
    return;

  start = g_get_monotonic_time ();
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  g_clear_pointer (&self->scene_surface, cairo_surface_destroy);

  /* Half a screen of margin each way, within a texture size every
   * renderer accepts. */
  mx = MIN (visible.width / 2, MAX (0, (4096.0 / (zoom * scale) - visible.width) / 2));
  my = MIN (visible.height / 2, MAX (0, (4096.0 / (zoom * scale) - visible.height) / 2));
  area = (VnlRect) { visible.x - mx, visible.y - my, visible.width + 2 * mx, visible.height + 2 * my };
  pw = MAX (1, (int) ceil (area.width * zoom * scale));
  ph = MAX (1, (int) ceil (area.height * zoom * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  self->scene_rect = area;
  self->scene_zoom = zoom;
  self->scene_scale = scale;
  paint_scene (self, surface, &area);
  self->scene_surface = surface;
  self->scene = scene_node (self);
  self->last_scene_ms = (g_get_monotonic_time () - start) / 1000.0;
}

/* Screen rectangle covered by the overlays, FALSE when there are none. */
static gboolean
overlay_bounds (VnlCanvas *self,
                VnlRect   *out)
{
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  gboolean any = FALSE;
  VnlRect r;

  if (self->overlay_func != NULL || self->problems != NULL || self->folded != NULL ||
      self->drag_mode == DRAG_CONNECT || self->drag_mode == DRAG_RUBBER)
    {
      *out = (VnlRect) { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)) };
      return TRUE;
    }

  /* Dragged nodes, with their links and frames. */
  if (self->drag_mode == DRAG_MOVE && vnl_renderer_get_moving_bounds (self->renderer, &r))
    {
      double x1, y1, x2, y2;

      vnl_viewport_to_screen (self->viewport, r.x, r.y, &x1, &y1);
      vnl_viewport_to_screen (self->viewport, r.x + r.width, r.y + r.height, &x2, &y2);
      *out = (VnlRect) { x1 - 2, y1 - 2, x2 - x1 + 4, y2 - y1 + 4 };
      any = TRUE;
    }

  for (guint pass = 0; pass < 3; pass++)
    {
      GPtrArray *objects = pass == 0 ? selection : pass == 1 ? self->highlight : NULL;
      gpointer single = pass == 2 ? self->hover : NULL;
      guint n = objects != NULL ? objects->len : (single != NULL ? 1 : 0);

      for (guint i = 0; i < n; i++)
        {
          gpointer object = objects != NULL ? objects->pdata[i] : single;
          double x1, y1, x2, y2;

          if (!vnl_renderer_get_object_bounds (self->renderer, object, &r))
            continue;
          vnl_viewport_to_screen (self->viewport, r.x, r.y, &x1, &y1);
          vnl_viewport_to_screen (self->viewport, r.x + r.width, r.y + r.height, &x2, &y2);
          r = (VnlRect) { x1 - 16, y1 - 16, x2 - x1 + 32, y2 - y1 + 32 };
          if (!any)
            *out = r;
          else
            vnl_rect_union (out, &r);
          any = TRUE;
        }
    }
  return any;
}

static void
draw_overlays (VnlCanvas *self,
               cairo_t   *cr,
               double     ox,
               double     oy,
               double     zoom)
{
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, zoom, zoom);
  if (self->drag_mode == DRAG_MOVE)
    vnl_renderer_draw_moving (self->renderer, cr);
  if (self->highlight != NULL)
    vnl_renderer_draw_highlight (self->renderer, cr, self->highlight, NULL);
  if (self->overlay_func != NULL)
    self->overlay_func (self, cr, zoom, self->overlay_data);
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    vnl_renderer_draw_problem_badge (self->renderer, cr, self->problems->pdata[i], zoom);
  _vnl_canvas_draw_group_badges (self, cr, zoom);
  vnl_renderer_draw_selection (self->renderer, cr, vnl_viewport_get_selection (self->viewport));
  if (self->hover != NULL && !vnl_viewport_is_selected (self->viewport, self->hover))
    {
      g_autoptr(GPtrArray) hover = g_ptr_array_new ();
      VnlColor c = vnl_renderer_get_style (self->renderer)->accent;

      c.a = 0.35;
      g_ptr_array_add (hover, self->hover);
      vnl_renderer_draw_highlight (self->renderer, cr, hover, &c);
    }
  if (self->drag_mode == DRAG_CONNECT && self->drag_from != NULL)
    {
      static const double dash[] = { 6, 4 };
      const VnlColor *c = &vnl_renderer_get_style (self->renderer)->accent;
      double wx, wy;

      vnl_viewport_to_world (self->viewport, self->pointer_x, self->pointer_y, &wx, &wy);
      cairo_set_source_rgba (cr, c->r, c->g, c->b, 1);
      cairo_set_line_width (cr, 2.5 / zoom);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, self->drag_from->pos.x, self->drag_from->pos.y);
      cairo_line_to (cr, wx, wy);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  if (self->drag_mode == DRAG_RUBBER)
    {
      const VnlColor *c = &vnl_renderer_get_style (self->renderer)->accent;
      double x = MIN (self->drag_sx, self->drag_sx + self->drag_dx);
      double y = MIN (self->drag_sy, self->drag_sy + self->drag_dy);

      cairo_rectangle (cr, x + 0.5, y + 0.5, fabs (self->drag_dx), fabs (self->drag_dy));
      cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.9);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }

}

static void
vnl_canvas_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double ox, oy, zoom;
  VnlRect overlay;
  cairo_t *cr;

  if (self->renderer == NULL || width <= 0 || height <= 0)
    return;

  ensure_scene (self);
  vnl_viewport_get_offset (self->viewport, &ox, &oy);
  zoom = vnl_viewport_get_zoom (self->viewport);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));
  gtk_snapshot_append_node (snapshot, self->scene);
  gtk_snapshot_restore (snapshot);

  /* Overlays: a cairo node only as large as what they cover. */
  if (overlay_bounds (self, &overlay))
    {
      graphene_rect_t area = GRAPHENE_RECT_INIT (overlay.x, overlay.y, overlay.width, overlay.height);

      if (graphene_rect_intersection (&area, &GRAPHENE_RECT_INIT (0, 0, width, height), &area))
        {
          cr = gtk_snapshot_append_cairo (snapshot, &area);
          draw_overlays (self, cr, ox, oy, zoom);
          cairo_destroy (cr);
        }
    }

  if (self->show_legend)
    {
      if (self->legend == NULL)
        {
          GtkSnapshot *ls = gtk_snapshot_new ();
          cairo_t *lcr;

          /* Measure, then draw. */
          lcr = gtk_snapshot_append_cairo (ls, &GRAPHENE_RECT_INIT (0, 0, 1, 1));
          vnl_renderer_draw_legend (self->renderer, lcr, 0, 0, &self->legend_rect);
          cairo_destroy (lcr);
          gsk_render_node_unref (gtk_snapshot_free_to_node (ls));
          ls = gtk_snapshot_new ();
          lcr = gtk_snapshot_append_cairo (ls, &GRAPHENE_RECT_INIT (0, 0, self->legend_rect.width + 1,
                                                                     self->legend_rect.height + 1));
          vnl_renderer_draw_legend (self->renderer, lcr, 0.5, 0.5, NULL);
          cairo_destroy (lcr);
          self->legend = gtk_snapshot_free_to_node (ls);
        }
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, height - self->legend_rect.height - 12));
      gtk_snapshot_append_node (snapshot, self->legend);
      gtk_snapshot_restore (snapshot);
    }
  _vnl_canvas_minimap_snapshot (self, snapshot);
  gtk_snapshot_pop (snapshot);
}

/* Editing entry points (also used by tests) */

/* Whether a node at (x, y) would cover @container or one of its members:
 * its icon and label, with a gap, against theirs. */
static gboolean
spot_is_taken (VnlCanvas *self,
               VnlObject *container,
               GPtrArray *members,
               double     x,
               double     y)
{
  double s = VNL_RENDER_ICON_SIZE;
  VnlRect spot = { x - s / 2 - 8, y - s / 2 - 8, s + 16, s + 36 };
  VnlRect box;

  if (vnl_renderer_get_object_bounds (self->renderer, container, &box) && vnl_rect_intersects (&spot, &box))
    return TRUE;
  for (guint i = 0; i < members->len; i++)
    if (vnl_renderer_get_object_bounds (self->renderer, members->pdata[i], &box) &&
        vnl_rect_intersects (&spot, &box))
      return TRUE;
  return FALSE;
}

/* A child dropped on a container (VNet, site, virtual hub) lands where it was dropped if that is
 * free, else at the nearest free grid point around it: never on its
 * parent's icon (where a click would grab the parent) nor on a sibling. */
static void
free_spot (VnlCanvas *self,
           VnlObject *container,
           double    *wx,
           double    *wy)
{
  g_autoptr(GPtrArray) members = vnl_renderer_get_members (self->renderer, container);

  if (!spot_is_taken (self, container, members, *wx, *wy))
    return;
  /* Rings of points two grid steps apart, nearest ring first. */
  for (int ring = 1; ring <= 12; ring++)
    for (int dy = -ring; dy <= ring; dy++)
      for (int dx = -ring; dx <= ring; dx++)
        {
          double x = round (*wx / GRID) * GRID + dx * GRID * 2;
          double y = round (*wy / GRID) * GRID + dy * GRID * 2;

          if (MAX (ABS (dx), ABS (dy)) != ring || spot_is_taken (self, container, members, x, y))
            continue;
          *wx = x;
          *wy = y;
          return;
        }
}

/* A network security group or a route table dropped on an endpoint or a
 * VNet: placed (beside the endpoint, or in a free spot of the VNet) and
 * associated as one step; refused, saying why, when the association
 * would be (a subnet or NIC with one already). */
static gpointer
place_associated (VnlCanvas  *self,
                  const char *place_id,
                  VnlPlace    place,
                  gpointer    target,
                  double      wx,
                  double      wy)
{
  g_autofree char *label = g_strdup_printf (_("Add %s"), vnl_place_get_label (place));
  g_autoptr(GError) error = NULL;
  gpointer object;

  if (!vnl_edit_can_associate (self->design, vnl_place_get_kind (place), target, &error))
    {
      _vnl_canvas_say (self, error->message);
      return NULL;
    }
  if (((VnlObject *) target)->kind == VNL_KIND_ENDPOINT)
    wx += 80;
  else
    free_spot (self, target, &wx, &wy);
  vnl_history_begin_group (self->history, label);
  object = vnl_canvas_place_into (self, place_id, wx, wy, NULL);
  if (object != NULL)
    _vnl_canvas_associate (self, object, target);
  vnl_history_end_group (self->history);
  return object;
}

gpointer
vnl_canvas_place (VnlCanvas  *self,
                  const char *place_id,
                  double      wx,
                  double      wy)
{
  gpointer container = NULL;
  gpointer target;
  VnlPlace place;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);

  if (self->renderer == NULL || !vnl_place_from_id (place_id, &place))
    return NULL;
  target = _vnl_canvas_association_target (self, vnl_place_get_kind (place), wx, wy);
  if (target != NULL && self->history != NULL)
    return place_associated (self, place_id, place, target, wx, wy);
  /* The containers it may sit in, in the order of the table of kinds. */
  for (VnlKind k = 0; k < VNL_N_KINDS && container == NULL; k++)
    if (vnl_kind_get_info (k)->container && vnl_place_accepts (place, k))
      container = vnl_renderer_container_at (self->renderer, wx, wy, k);
  if (container != NULL)
    free_spot (self, container, &wx, &wy);
  return vnl_canvas_place_into (self, place_id, wx, wy, container);
}

gpointer
vnl_canvas_place_into (VnlCanvas  *self,
                       const char *place_id,
                       double      wx,
                       double      wy,
                       gpointer    container)
{
  g_autoptr(GError) error = NULL;
  VnlObject *object;
  VnlPlace place;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);

  if (self->history == NULL || !vnl_place_from_id (place_id, &place))
    return NULL;

  object = vnl_edit_place (self->history, place, _vnl_canvas_snap_value (self, wx), _vnl_canvas_snap_value (self, wy),
                           container, &error);
  if (object == NULL)
    {
      _vnl_canvas_say (self, error->message);
      return NULL;
    }
  vnl_viewport_select (self->viewport, object, FALSE);
  {
    g_autofree char *message = g_strdup_printf (_("Added %s"), object->name);
    _vnl_canvas_say (self, message);
  }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return object;
}

gpointer
vnl_canvas_connect (VnlCanvas *self,
                    gpointer   a,
                    gpointer   b)
{
  g_autoptr(GError) error = NULL;
  VnlObject *link;
  g_autofree char *message = NULL;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);

  link = vnl_edit_connect (self->history, a, b, &error);
  if (link == NULL)
    {
      _vnl_canvas_say (self, error->message);
      return NULL;
    }
  vnl_viewport_select (self->viewport, link, FALSE);
  /* Named by its kind: a hub connection is drawn like a peering but is not one. */
  message = g_strdup_printf (_("Connected %s (%s)"), link->name, vnl_kind_get_label (link));
  _vnl_canvas_say (self, message);
  return link;
}

void
vnl_canvas_set_highlight (VnlCanvas *self,
                          GPtrArray *objects)
{
  g_return_if_fail (VNL_IS_CANVAS (self));

  g_clear_pointer (&self->highlight, g_ptr_array_unref);
  if (objects != NULL)
    self->highlight = g_ptr_array_copy (objects, NULL, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vnl_canvas_set_problems (VnlCanvas *self,
                         GPtrArray *objects)
{
  g_return_if_fail (VNL_IS_CANVAS (self));

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (objects != NULL && objects->len > 0)
    self->problems = g_ptr_array_copy (objects, NULL, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vnl_canvas_set_overlay_func (VnlCanvas            *self,
                             VnlCanvasOverlayFunc  func,
                             gpointer              user_data,
                             GDestroyNotify        destroy)
{
  g_return_if_fail (VNL_IS_CANVAS (self));

  if (self->overlay_destroy != NULL)
    self->overlay_destroy (self->overlay_data);
  self->overlay_func = func;
  self->overlay_data = user_data;
  self->overlay_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vnl_canvas_zoom_to_fit (VnlCanvas *self)
{
  VnlRect bounds;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (VNL_IS_CANVAS (self));

  if (self->renderer == NULL || !vnl_renderer_get_bounds (self->renderer, &bounds))
    {
      vnl_viewport_set_zoom (self->viewport, 1.0);
      vnl_viewport_set_offset (self->viewport, 0, 0);
      return;
    }
  if (width <= 1 || height <= 1)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  vnl_viewport_fit (self->viewport, bounds.x, bounds.y, bounds.width, bounds.height, width, height);

  /* The legend sits in the bottom-left corner. When it would cover a node,
   * fit the design above it or beside it, whichever keeps it larger. */
  if (self->show_legend)
    {
      double lw = (self->legend_rect.width > 0 ? self->legend_rect.width : 180) + 12;
      double lh = (self->legend_rect.height > 0 ? self->legend_rect.height : 130) + 12;
      VnlRect corner;
      double x0, y0, x1, y1;
      gboolean covers = FALSE;

      vnl_viewport_to_world (self->viewport, 0, height - lh, &x0, &y0);
      vnl_viewport_to_world (self->viewport, lw, height, &x1, &y1);
      corner = (VnlRect) { x0, y0, x1 - x0, y1 - y0 };
      for (guint k = 0; k < VNL_N_KINDS && !covers; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (vnl_renderer_get_design (self->renderer), k);

          for (guint i = 0; i < objects->len && !covers; i++)
            {
              VnlRect box;

              if (vnl_object_is_node (objects->pdata[i]) &&
                  vnl_renderer_get_object_bounds (self->renderer, objects->pdata[i], &box))
                covers = vnl_rect_intersects (&box, &corner);
            }
        }
      if (covers)
        {
          double ox, oy;
          double zoom_beside, zoom_above;

          vnl_viewport_fit (self->viewport, bounds.x, bounds.y, bounds.width, bounds.height,
                            width - lw, height);
          zoom_beside = vnl_viewport_get_zoom (self->viewport);
          vnl_viewport_fit (self->viewport, bounds.x, bounds.y, bounds.width, bounds.height,
                            width, height - lh);
          zoom_above = vnl_viewport_get_zoom (self->viewport);
          if (zoom_beside > zoom_above)
            {
              vnl_viewport_fit (self->viewport, bounds.x, bounds.y, bounds.width, bounds.height,
                                width - lw, height);
              vnl_viewport_get_offset (self->viewport, &ox, &oy);
              vnl_viewport_set_offset (self->viewport, ox + lw, oy);
            }
        }
    }
}

static void
on_selection_changed (VnlCanvas *self)
{
  _vnl_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}


/* Finding and fitting */

/* Centres the view on @object (a node's position, a link's middle). */
static void
center_on (VnlCanvas *self,
           VnlObject *object)
{
  VnlRect box;

  if (!vnl_renderer_get_object_bounds (self->renderer, object, &box))
    return;
  vnl_viewport_center_on (self->viewport,
                          object->has_pos ? object->pos.x : box.x + box.width / 2,
                          object->has_pos ? object->pos.y : box.y + box.height / 2,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
}

void
vnl_canvas_zoom_to_selection (VnlCanvas *self)
{
  GPtrArray *selection;
  gboolean any = FALSE;
  VnlRect bounds = { 0 };

  g_return_if_fail (VNL_IS_CANVAS (self));

  selection = vnl_viewport_get_selection (self->viewport);
  for (guint i = 0; self->renderer != NULL && i < selection->len; i++)
    {
      VnlRect box;

      if (!vnl_renderer_get_object_bounds (self->renderer, selection->pdata[i], &box))
        continue;
      if (!any)
        bounds = box;
      else
        vnl_rect_union (&bounds, &box);
      any = TRUE;
    }
  if (!any)
    {
      vnl_canvas_zoom_to_fit (self);
      return;
    }
  vnl_viewport_fit (self->viewport, bounds.x, bounds.y, bounds.width, bounds.height,
                    gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
}

/* The object @text names, or whose address it is (see vnl_canvas_find()). */
static VnlObject *
find_object (VnlDesign  *design,
             const char *text)
{
  g_autofree char *needle = g_utf8_casefold (text, -1);
  VnlObject *prefix_match = NULL, *substring_match = NULL;
  guint32 ip;

  if (*needle == '\0')
    return NULL;
  if (vnl_design_lookup (design, text) != NULL)
    return vnl_design_lookup (design, text);
  if (vnl_ip_parse (text, &ip))
    {
      VnlEndpoint *endpoint = vnl_design_find_endpoint (design, text);
      GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
      GPtrArray *sites = vnl_design_get_objects (design, VNL_KIND_SITE);

      if (endpoint != NULL)
        return (VnlObject *) endpoint;
      for (guint i = 0; i < vnets->len; i++)
        {
          VnlVnet *vnet = vnets->pdata[i];
          for (guint j = 0; j < vnet->address_spaces->len; j++)
            if (vnl_prefix_contains_ip (&g_array_index (vnet->address_spaces, VnlPrefix, j), ip))
              return (VnlObject *) vnet;
        }
      for (guint i = 0; i < sites->len; i++)
        {
          VnlSite *site = sites->pdata[i];
          for (guint j = 0; j < site->prefixes->len; j++)
            if (vnl_prefix_contains_ip (&g_array_index (site->prefixes, VnlPrefix, j), ip))
              return (VnlObject *) site;
        }
    }
  for (guint k = 0; k < VNL_N_KINDS && prefix_match == NULL; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      if (k == VNL_KIND_LOCATION)
        continue;
      for (guint i = 0; i < objects->len && prefix_match == NULL; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autofree char *name = g_utf8_casefold (object->name, -1);

          if (g_str_has_prefix (name, needle))
            prefix_match = object;
          else if (substring_match == NULL && strstr (name, needle) != NULL)
            substring_match = object;
        }
    }
  return prefix_match != NULL ? prefix_match : substring_match;
}

gpointer
vnl_canvas_find (VnlCanvas  *self,
                 const char *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *message = NULL;
  VnlObject *found;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (self->design == NULL || (found = find_object (self->design, stripped)) == NULL)
    return NULL;
  vnl_viewport_select (self->viewport, found, FALSE);
  center_on (self, found);
  message = g_strdup_printf (_("Found %s"), found->name);
  _vnl_canvas_say (self, message);
  return found;
}

/* Object life */

static void
vnl_canvas_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VnlCanvas *self = VNL_CANVAS (object);

  switch (prop_id)
    {
    case PROP_CONNECT_MODE:
      g_value_set_boolean (value, self->connect_mode);
      break;
    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;
    case PROP_SNAP:
      g_value_set_boolean (value, self->snap);
      break;
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_canvas_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VnlCanvas *self = VNL_CANVAS (object);
  gboolean b = g_value_get_boolean (value);
  gboolean *field;

  switch (prop_id)
    {
    case PROP_CONNECT_MODE: field = &self->connect_mode; break;
    case PROP_SHOW_GRID:    field = &self->show_grid; break;
    case PROP_SNAP:         field = &self->snap; break;
    case PROP_SHOW_LEGEND:  field = &self->show_legend; break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field == b)
    return;
  *field = b;
  if (prop_id == PROP_SHOW_GRID)
    vnl_canvas_invalidate_scene (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (object, pspec);
}

static void
vnl_canvas_dispose (GObject *object)
{
  VnlCanvas *self = (VnlCanvas *) object;

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->find_popover, gtk_widget_unparent);
  if (self->overlay_destroy != NULL)
    g_clear_pointer (&self->overlay_data, self->overlay_destroy);
  self->overlay_func = NULL;
  g_clear_object (&self->adjustment[0]);
  g_clear_object (&self->adjustment[1]);
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  g_clear_pointer (&self->scene_surface, cairo_surface_destroy);
  g_clear_pointer (&self->legend, gsk_render_node_unref);
  g_clear_pointer (&self->minimap, gsk_render_node_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  g_clear_pointer (&self->move_starts, g_array_unref);
  g_clear_pointer (&self->highlight, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_object (&self->renderer);
  g_clear_object (&self->history);
  g_clear_object (&self->design);
  g_clear_object (&self->viewport);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vnl_canvas_parent_class)->dispose (object);
}

static void
vnl_canvas_class_init (VnlCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_canvas_dispose;
  object_class->get_property = vnl_canvas_get_property;
  object_class->set_property = vnl_canvas_set_property;
  widget_class->snapshot = vnl_canvas_snapshot;
  widget_class->css_changed = vnl_canvas_css_changed;
  widget_class->size_allocate = vnl_canvas_size_allocate;

  properties[PROP_CONNECT_MODE] =
    g_param_spec_boolean ("connect-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP] =
    g_param_spec_boolean ("snap", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A one-line message for the status bar (a refusal, a result). */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A double-click on an object (the window opens its editor, if any). */
  signals[OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  _vnl_canvas_class_actions_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "vnlcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vnl_canvas_init (VnlCanvas *self)
{
  self->viewport = vnl_viewport_new ();
  self->move_starts = g_array_new (FALSE, FALSE, sizeof (MoveStart));
  self->show_grid = TRUE;
  self->snap = TRUE;
  self->show_legend = TRUE;
  self->scene_zoom = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_swapped (self->viewport, "changed", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (self->viewport, "changed", G_CALLBACK (sync_adjustments), self);
  g_signal_connect_swapped (self->viewport, "selection-changed", G_CALLBACK (on_selection_changed), self);

  _vnl_canvas_init_input (self);

  self->menu = gtk_popover_menu_new_from_model (NULL);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);

  _vnl_canvas_update_actions (self);
}

GtkWidget *
vnl_canvas_new (void)
{
  return g_object_new (VNL_TYPE_CANVAS, NULL);
}