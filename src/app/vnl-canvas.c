/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-edit.h"
#include "vnl-layout.h"

/*
 * The diagram canvas. The static scene (grid, frames, links, nodes) is
 * rasterised by the renderer into a texture covering the visible area plus
 * a margin, and kept as a render node until the design, the style or the
 * zoom changes, or a pan leaves the cached area. Selection, hover,
 * rubber band, connect preview and paths are drawn on top every frame.
 *
 * Input: one controller per concern — click (select, context menu), drag
 * (move, connect, pan, rubber band), scroll and pinch (zoom at the
 * pointer), motion (hover), drop (palette).
 */

#define GRID 20.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_MOVE,
  DRAG_CONNECT,
  DRAG_RUBBER,
} DragMode;

typedef struct
{
  VnlObject *object;    /* borrowed */
  VnlPoint   start;
  gboolean   had_pos;
} MoveStart;

struct _VnlCanvas
{
  GtkWidget      parent_instance;

  VnlDesign     *design;      /* owned */
  VnlHistory    *history;     /* owned */
  VnlRenderer   *renderer;    /* owned */
  VnlViewport   *viewport;    /* owned */
  GSettings     *settings;    /* owned, nullable */

  GtkAdjustment *adjustment[2]; /* owned: horizontal and vertical scrollbars */
  gboolean       syncing;     /* adjustments being set from the viewport */

  GskRenderNode *scene;       /* owned: cached static scene */
  GskRenderNode *legend;      /* owned: cached legend, at (0, 0) */
  VnlRect        legend_rect;
  VnlRect        scene_rect;  /* world area it covers */
  double         scene_zoom;
  int            scene_scale;
  double         last_scene_ms;

  DragMode       drag_mode;
  double         drag_sx, drag_sy;     /* screen start */
  double         drag_dx, drag_dy;     /* offset so far */
  double         pan_x0, pan_y0;
  VnlObject     *drag_from;            /* borrowed */
  GArray        *move_starts;          /* owned, of MoveStart */
  double         pointer_x, pointer_y; /* screen */
  gpointer       hover;                /* borrowed */
  double         zoom_begin;

  gboolean       fit_pending;         /* zoom to fit once allocated */
  gboolean       connect_mode;
  gboolean       show_grid;
  gboolean       snap;
  gboolean       show_legend;

  GtkWidget     *menu;                 /* owned popover */
  gpointer       menu_object;          /* borrowed */
  double         menu_wx, menu_wy;

  GPtrArray     *highlight;            /* owned array, nullable */

  VnlCanvasOverlayFunc overlay_func;   /* nullable: extra overlay (path analysis) */
  GPtrArray   *problems;   /* owned, nullable: objects with a problem badge */
  gpointer       overlay_data;
  GDestroyNotify overlay_destroy;
};

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_actions (VnlCanvas *self);
static void update_style   (VnlCanvas *self);

static void
say (VnlCanvas  *self,
     const char *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
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
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  g_clear_pointer (&self->legend, gsk_render_node_unref);
  sync_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
snap_value (VnlCanvas *self,
            double     v)
{
  return self->snap ? round (v / GRID) * GRID : round (v);
}

/* Document */

static void
on_design_changed (VnlCanvas *self)
{
  vnl_canvas_invalidate_scene (self);
  update_actions (self);
}

static void
on_object_removed (VnlCanvas *self,
                   gpointer   object)
{
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
  update_style (self);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_object_removed), self);
  self->fit_pending = TRUE;
  vnl_canvas_invalidate_scene (self);
  update_actions (self);
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
  style.halo = (VnlColor) { bg.red, bg.green, bg.blue, 0.85 };
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
  sync_adjustments (self);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
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

static gboolean
rect_inside (const VnlRect *inner,
             const VnlRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

static void
ensure_scene (VnlCanvas *self)
{
  double zoom = vnl_viewport_get_zoom (self->viewport);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  VnlRect visible, area;
  cairo_surface_t *surface;
  cairo_t *cr;
  int pw, ph;
  double mx, my;
  GtkSnapshot *snapshot;
  cairo_t *ncr;
  gint64 start;

  visible_world (self, &visible);
  if (self->scene != NULL && self->scene_zoom == zoom && self->scene_scale == scale &&
      rect_inside (&visible, &self->scene_rect))
    return;

  start = g_get_monotonic_time ();
  g_clear_pointer (&self->scene, gsk_render_node_unref);

  /* Half a screen of margin each way, within a texture size every
   * renderer accepts. */
  mx = MIN (visible.width / 2, MAX (0, (4096.0 / (zoom * scale) - visible.width) / 2));
  my = MIN (visible.height / 2, MAX (0, (4096.0 / (zoom * scale) - visible.height) / 2));
  area = (VnlRect) { visible.x - mx, visible.y - my, visible.width + 2 * mx, visible.height + 2 * my };
  pw = MAX (1, (int) ceil (area.width * zoom * scale));
  ph = MAX (1, (int) ceil (area.height * zoom * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, zoom * scale, zoom * scale);
  cairo_translate (cr, -area.x, -area.y);
  vnl_renderer_draw_background (self->renderer, cr, &area, self->show_grid ? GRID : 0);
  vnl_renderer_draw (self->renderer, cr, &area);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* A cairo node that paints the finished image: the cairo renderer
   * replays it as one blit, the GL renderer uploads it once and keeps the
   * texture for as long as the node lives. */
  snapshot = gtk_snapshot_new ();
  ncr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (area.x * zoom, area.y * zoom,
                                                                  pw / (double) scale, ph / (double) scale));
  cairo_translate (ncr, area.x * zoom, area.y * zoom);
  cairo_scale (ncr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (ncr, surface, 0, 0);
  cairo_paint (ncr);
  cairo_destroy (ncr);
  cairo_surface_destroy (surface);
  self->scene = gtk_snapshot_free_to_node (snapshot);
  self->scene_rect = area;
  self->scene_zoom = zoom;
  self->scene_scale = scale;
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

  if (self->overlay_func != NULL || self->problems != NULL ||
      self->drag_mode == DRAG_CONNECT || self->drag_mode == DRAG_RUBBER)
    {
      *out = (VnlRect) { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)) };
      return TRUE;
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
  if (self->highlight != NULL)
    vnl_renderer_draw_highlight (self->renderer, cr, self->highlight, NULL);
  if (self->overlay_func != NULL)
    self->overlay_func (self, cr, zoom, self->overlay_data);
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    vnl_renderer_draw_problem_badge (self->renderer, cr, self->problems->pdata[i], zoom);
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
  gtk_snapshot_pop (snapshot);
}

/* Editing entry points (also used by tests) */

gpointer
vnl_canvas_place (VnlCanvas  *self,
                  const char *place_id,
                  double      wx,
                  double      wy)
{
  gpointer container = NULL;
  VnlPlace place;

  g_return_val_if_fail (VNL_IS_CANVAS (self), NULL);

  if (self->renderer == NULL || !vnl_place_from_id (place_id, &place))
    return NULL;
  if (vnl_place_accepts (place, VNL_KIND_VNET))
    container = vnl_renderer_container_at (self->renderer, wx, wy, VNL_KIND_VNET);
  if (container == NULL && vnl_place_accepts (place, VNL_KIND_SITE))
    container = vnl_renderer_container_at (self->renderer, wx, wy, VNL_KIND_SITE);
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

  object = vnl_edit_place (self->history, place, snap_value (self, wx), snap_value (self, wy),
                           container, &error);
  if (object == NULL)
    {
      say (self, error->message);
      return NULL;
    }
  vnl_viewport_select (self->viewport, object, FALSE);
  {
    g_autofree char *message = g_strdup_printf (_("Added %s"), object->name);
    say (self, message);
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
      say (self, error->message);
      return NULL;
    }
  vnl_viewport_select (self->viewport, link, FALSE);
  message = g_strdup_printf (_("Connected %s (%s)"), link->name, vnl_link_style_get_label (vnl_link_style_for_kind (link->kind)));
  say (self, message);
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

/* Input: click */

static gpointer
hit (VnlCanvas *self,
     double     sx,
     double     sy)
{
  double wx, wy;

  if (self->renderer == NULL)
    return NULL;
  vnl_viewport_to_world (self->viewport, sx, sy, &wx, &wy);
  return vnl_renderer_hit_test (self->renderer, wx, wy, 6.0 / vnl_viewport_get_zoom (self->viewport));
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action)
{
  g_menu_append (menu, label, action);
}

static void
show_context_menu (VnlCanvas *self,
                   double     sx,
                   double     sy)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section1 = g_menu_new ();
  g_autoptr(GMenu) section2 = g_menu_new ();
  VnlObject *object = hit (self, sx, sy);

  self->menu_object = object;
  vnl_viewport_to_world (self->viewport, sx, sy, &self->menu_wx, &self->menu_wy);

  if (object != NULL)
    {
      if (!vnl_viewport_is_selected (self->viewport, object))
        vnl_viewport_select (self->viewport, object, FALSE);
      if (object->up)
        append_item (section1, _("Take _Down"), "canvas.take-down");
      else
        append_item (section1, _("Bring _Up"), "canvas.bring-up");
      if (vnl_object_is_node (object))
        {
          append_item (section1, _("_Connect From Here…"), "canvas.connect-from");
          append_item (section2, _("D_uplicate"), "canvas.duplicate");
          append_item (section2, _("_Copy"), "canvas.copy");
          append_item (section2, _("Cu_t"), "canvas.cut");
        }
      append_item (section2, _("_Delete"), "canvas.delete");
    }
  else
    {
      append_item (section1, _("Add _Virtual Network Here"), "canvas.add-here::vnet");
      append_item (section1, _("Add ExpressRoute _Circuit Here"), "canvas.add-here::circuit");
      append_item (section1, _("Add On-Premises _Site Here"), "canvas.add-here::site");
      append_item (section1, _("Add _Local Network Gateway Here"), "canvas.add-here::lng");
      append_item (section2, _("_Paste"), "canvas.paste");
      append_item (section2, _("Select _All"), "canvas.select-all");
      append_item (section2, _("Zoom to _Fit"), "canvas.zoom-fit");
      append_item (section2, _("Arrange _Automatically"), "canvas.auto-layout");
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section1));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section2));

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { sx, sy, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  VnlCanvas       *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gpointer object;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (button == GDK_BUTTON_SECONDARY)
    {
      show_context_menu (self, x, y);
      return;
    }
  if (button != GDK_BUTTON_PRIMARY)
    return;

  object = hit (self, x, y);
  if (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
    {
      if (object != NULL && !(state & GDK_CONTROL_MASK && self->connect_mode))
        vnl_viewport_toggle (self->viewport, object);
    }
  else if (object == NULL)
    vnl_viewport_clear_selection (self->viewport);
  else if (!vnl_viewport_is_selected (self->viewport, object))
    vnl_viewport_select (self->viewport, object, FALSE);
}

/* Input: drag */

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               VnlCanvas      *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  VnlObject *object;

  self->drag_sx = x;
  self->drag_sy = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_from = NULL;
  vnl_viewport_get_offset (self->viewport, &self->pan_x0, &self->pan_y0);

  if (button == GDK_BUTTON_MIDDLE)
    {
      self->drag_mode = DRAG_PAN;
      return;
    }
  if (button != GDK_BUTTON_PRIMARY || self->renderer == NULL)
    {
      self->drag_mode = DRAG_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  object = hit (self, x, y);
  if (object != NULL && vnl_object_is_node (object))
    {
      if (self->connect_mode || (state & GDK_CONTROL_MASK))
        {
          self->drag_mode = DRAG_CONNECT;
          self->drag_from = object;
          return;
        }
      self->drag_mode = DRAG_MOVE;
      if (!vnl_viewport_is_selected (self->viewport, object))
        vnl_viewport_select (self->viewport, object, (state & GDK_SHIFT_MASK) != 0);
      g_array_set_size (self->move_starts, 0);
      {
        GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
        for (guint i = 0; i < selection->len; i++)
          {
            VnlObject *o = selection->pdata[i];
            MoveStart ms = { o, o->pos, o->has_pos };
            if (vnl_object_is_node (o) && o->has_pos)
              g_array_append_val (self->move_starts, ms);
          }
      }
      return;
    }
  if (object != NULL)
    {
      self->drag_mode = DRAG_NONE;
      return;
    }
  self->drag_mode = (state & GDK_SHIFT_MASK) ? DRAG_RUBBER : DRAG_PAN;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                VnlCanvas      *self)
{
  double zoom = vnl_viewport_get_zoom (self->viewport);

  self->drag_dx = dx;
  self->drag_dy = dy;
  self->pointer_x = self->drag_sx + dx;
  self->pointer_y = self->drag_sy + dy;

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      vnl_viewport_set_offset (self->viewport, self->pan_x0 + dx, self->pan_y0 + dy);
      break;
    case DRAG_MOVE:
      for (guint i = 0; i < self->move_starts->len; i++)
        {
          MoveStart *ms = &g_array_index (self->move_starts, MoveStart, i);
          vnl_design_move (self->design, ms->object,
                           snap_value (self, ms->start.x + dx / zoom),
                           snap_value (self, ms->start.y + dy / zoom));
        }
      break;
    case DRAG_CONNECT:
      self->hover = hit (self, self->pointer_x, self->pointer_y);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_RUBBER:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             VnlCanvas      *self)
{
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  switch (mode)
    {
    case DRAG_MOVE:
      {
        guint moved = 0;

        vnl_history_begin_group (self->history, self->move_starts->len == 1
                                 ? NULL : _("Move objects"));
        for (guint i = 0; i < self->move_starts->len; i++)
          {
            MoveStart *ms = &g_array_index (self->move_starts, MoveStart, i);
            if (ms->object->pos.x != ms->start.x || ms->object->pos.y != ms->start.y)
              {
                vnl_history_record_move (self->history, ms->object, ms->had_pos, ms->start.x, ms->start.y);
                moved++;
              }
          }
        vnl_history_end_group (self->history);
        g_array_set_size (self->move_starts, 0);
      }
      break;
    case DRAG_CONNECT:
      {
        gpointer target = hit (self, self->drag_sx + dx, self->drag_sy + dy);
        if (target != NULL && target != self->drag_from)
          vnl_canvas_connect (self, self->drag_from, target);
        else if (fabs (dx) + fabs (dy) > 8)
          say (self, _("Drop on another node to connect."));
        self->drag_from = NULL;
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_RUBBER:
      {
        double x1, y1, x2, y2;
        g_autoptr(GPtrArray) inside = NULL;
        VnlRect rect;

        vnl_viewport_to_world (self->viewport, self->drag_sx, self->drag_sy, &x1, &y1);
        vnl_viewport_to_world (self->viewport, self->drag_sx + dx, self->drag_sy + dy, &x2, &y2);
        rect = (VnlRect) { MIN (x1, x2), MIN (y1, y2), fabs (x2 - x1), fabs (y2 - y1) };
        inside = vnl_renderer_objects_in_rect (self->renderer, &rect);
        vnl_viewport_set_selection (self->viewport, inside);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_PAN:
    case DRAG_NONE:
    default:
      break;
    }
}

/* Input: motion, scroll, pinch */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VnlCanvas                *self)
{
  gpointer object;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode != DRAG_NONE)
    return;
  object = hit (self, x, y);
  if (object != self->hover)
    {
      self->hover = object;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       object == NULL ? NULL
                                       : self->connect_mode ? "crosshair" : "pointer");
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          VnlCanvas                *self)
{
  if (self->hover != NULL)
    {
      self->hover = NULL;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VnlCanvas                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  /* Shift-wheel pans sideways; the wheel zooms at the pointer. */
  if (state & GDK_SHIFT_MASK)
    {
      vnl_viewport_pan (self->viewport, -(dx + dy) * 40, 0);
      return TRUE;
    }
  vnl_viewport_zoom_at (self->viewport, pow (1.15, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               VnlCanvas        *self)
{
  self->zoom_begin = vnl_viewport_get_zoom (self->viewport);
}

static void
on_zoom_changed (GtkGestureZoom *gesture,
                 double          scale,
                 VnlCanvas      *self)
{
  double cx, cy;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy);
  vnl_viewport_zoom_at (self->viewport,
                        self->zoom_begin * scale / vnl_viewport_get_zoom (self->viewport), cx, cy);
}

/* Input: drop from the palette */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VnlCanvas     *self)
{
  double wx, wy;

  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  vnl_viewport_to_world (self->viewport, x, y, &wx, &wy);
  return vnl_canvas_place (self, g_value_get_string (value), wx, wy) != NULL;
}

/* Actions */

static void
update_actions (VnlCanvas *self)
{
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  gboolean any = selection->len > 0;
  gboolean any_up = FALSE, any_down = FALSE;

  for (guint i = 0; i < selection->len; i++)
    {
      if (((VnlObject *) selection->pdata[i])->up)
        any_up = TRUE;
      else
        any_down = TRUE;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.delete", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.duplicate", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.copy", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.cut", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.take-down", any_up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.bring-up", any_down);
}

static void
on_selection_changed (VnlCanvas *self)
{
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  double cx = gtk_widget_get_width (widget) / 2.0;
  double cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "canvas.zoom-in"))
    vnl_viewport_zoom_at (self->viewport, 1.25, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    vnl_viewport_zoom_at (self->viewport, 1 / 1.25, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-reset"))
    vnl_viewport_zoom_at (self->viewport, 1 / vnl_viewport_get_zoom (self->viewport), cx, cy);
  else
    vnl_canvas_zoom_to_fit (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) objects = g_ptr_array_copy (vnl_viewport_get_selection (self->viewport), NULL, NULL);
  g_autofree char *label = NULL;

  if (objects->len == 0)
    return;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u object", "Delete %u objects", objects->len), objects->len);
  vnl_viewport_clear_selection (self->viewport);
  vnl_history_begin_group (self->history, objects->len == 1 ? NULL : label);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      /* An earlier deletion may already have taken it along. */
      if (vnl_design_lookup (self->design, object->name) == (gpointer) object)
        vnl_history_remove (self->history, object);
    }
  vnl_history_end_group (self->history);
  say (self, label);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) copies = vnl_edit_duplicate (self->history, vnl_viewport_get_selection (self->viewport));

  if (copies->len > 0)
    vnl_viewport_set_selection (self->viewport, copies);
}

/* Clipboard: the selection travels as a small .vnetlab document (without
 * shared keys), offered both as its own type and as text. */
static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;
  gsize length = 0;

  data = vnl_edit_copy (self->design, selection, &length);
  if (data == NULL)
    return;
  bytes = g_bytes_new (data, length);
  providers[0] = gdk_content_provider_new_for_bytes ("application/x-vnetlab", bytes);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);

  if (g_str_equal (action_name, "canvas.cut"))
    gtk_widget_activate_action (widget, "canvas.delete", NULL);
  else
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Copied %u object",
                                                              "Copied %u objects", selection->len),
                                                  selection->len);
      say (self, message);
    }
}

static void
on_paste_text (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VnlCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(GPtrArray) pasted = NULL;

  if (self->history == NULL)
    return;
  if (text == NULL || strstr (text, "urn:vnetlab:design:1") == NULL)
    {
      say (self, _("The clipboard holds no vnetlab objects"));
      return;
    }
  pasted = vnl_edit_paste (self->history, text, strlen (text), &error);
  if (pasted == NULL)
    {
      say (self, error->message);
      return;
    }
  if (pasted->len > 0)
    vnl_viewport_set_selection (self->viewport, pasted);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 on_paste_text, g_object_ref (widget));
}

static void
set_up_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  gboolean up = g_str_equal (action_name, "canvas.bring-up");
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);

  vnl_history_begin_group (self->history, up ? _("Bring up") : _("Take down"));
  for (guint i = 0; i < selection->len; i++)
    vnl_history_set_up (self->history, selection->pdata[i], up);
  vnl_history_end_group (self->history);
  update_actions (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      for (guint i = 0; i < objects->len; i++)
        if (k != VNL_KIND_LOCATION)
          g_ptr_array_add (all, objects->pdata[i]);
    }
  vnl_viewport_set_selection (self->viewport, all);
}

static void
add_here_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  vnl_canvas_place (self, g_variant_get_string (param, NULL), self->menu_wx, self->menu_wy);
}

static void
auto_layout_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;
  if (!vnl_layout_apply (self->history, VNL_LAYOUT_DOT, &error))
    {
      say (self, error->message);
      return;
    }
  vnl_canvas_zoom_to_fit (self);
  say (self, _("Arranged automatically; Undo restores the previous layout."));
}

static void
connect_from_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  if (self->menu_object == NULL)
    return;
  self->connect_mode = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_MODE]);
  say (self, _("Connect mode: drag from a node to another node. Press C to leave."));
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
  if (self->overlay_destroy != NULL)
    g_clear_pointer (&self->overlay_data, self->overlay_destroy);
  self->overlay_func = NULL;
  g_clear_object (&self->adjustment[0]);
  g_clear_object (&self->adjustment[1]);
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  g_clear_pointer (&self->legend, gsk_render_node_unref);
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

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "canvas.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "canvas.cut", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "canvas.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "canvas.take-down", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "canvas.bring-up", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "canvas.add-here", "s", add_here_action);
  gtk_widget_class_install_action (widget_class, "canvas.connect-from", NULL, connect_from_action);
  gtk_widget_class_install_action (widget_class, "canvas.auto-layout", NULL, auto_layout_action);
  gtk_widget_class_install_property_action (widget_class, "canvas.connect-mode", "connect-mode");
  gtk_widget_class_install_property_action (widget_class, "canvas.show-grid", "show-grid");
  gtk_widget_class_install_property_action (widget_class, "canvas.snap", "snap");
  gtk_widget_class_install_property_action (widget_class, "canvas.show-legend", "show-legend");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "canvas.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK, "canvas.cut", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "canvas.connect-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "canvas.auto-layout", NULL);

  gtk_widget_class_set_css_name (widget_class, "vnlcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vnl_canvas_init (VnlCanvas *self)
{
  GtkGesture *click, *drag, *zoom;
  GtkEventController *motion, *scroll;
  GtkDropTarget *drop;

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

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->menu = gtk_popover_menu_new_from_model (NULL);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);

  update_actions (self);
}

GtkWidget *
vnl_canvas_new (void)
{
  return g_object_new (VNL_TYPE_CANVAS, NULL);
}
