/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"

#include "vnl-canvas-private.h"
#include "vnl-kinds.h"

#include <math.h>

/*
 * The minimap: when the design is larger than the window, a small overview
 * of all of it in the canvas's bottom-right corner — VNet and site frames,
 * a dot per node — with the visible area outlined; a click or a drag there
 * moves the view. Its picture is world-sized, not zoom-sized: it is cached
 * as a render node and redrawn only when the scene changes; the outline of
 * the view is drawn over it each frame. It is view state only.
 */

#define MINIMAP_MAX_W   200.0
#define MINIMAP_MAX_H   150.0
#define MINIMAP_MARGIN  12.0
#define MINIMAP_PAD     6.0

/* Where the minimap is on screen and what world area it shows; FALSE when
 * there is none (the whole design fits, or the canvas is too small). */
gboolean
_vnl_canvas_minimap_geometry (VnlCanvas *self,
                              VnlRect   *screen,
                              VnlRect   *world)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom, scale;
  VnlRect bounds;

  if (self->renderer == NULL || width < 3 * MINIMAP_MAX_W || height < 2 * MINIMAP_MAX_H ||
      !vnl_renderer_get_bounds (self->renderer, &bounds) || bounds.width <= 0 || bounds.height <= 0)
    return FALSE;
  zoom = vnl_viewport_get_zoom (self->viewport);
  if (bounds.width * zoom <= width && bounds.height * zoom <= height)
    return FALSE;

  scale = MIN ((MINIMAP_MAX_W - 2 * MINIMAP_PAD) / bounds.width, (MINIMAP_MAX_H - 2 * MINIMAP_PAD) / bounds.height);
  if (screen != NULL)
    {
      screen->width = bounds.width * scale + 2 * MINIMAP_PAD;
      screen->height = bounds.height * scale + 2 * MINIMAP_PAD;
      screen->x = width - screen->width - MINIMAP_MARGIN;
      screen->y = height - screen->height - MINIMAP_MARGIN;
    }
  if (world != NULL)
    *world = bounds;
  return TRUE;
}

static double
minimap_scale (const VnlRect *screen,
               const VnlRect *world)
{
  return (screen->width - 2 * MINIMAP_PAD) / world->width;
}

static void
draw_picture (VnlCanvas     *self,
              cairo_t       *cr,
              const VnlRect *screen,
              const VnlRect *world)
{
  const VnlRenderStyle *style = vnl_renderer_get_style (self->renderer);
  double s = minimap_scale (screen, world);

  /* The panel. */
  cairo_rectangle (cr, 0.5, 0.5, screen->width - 1, screen->height - 1);
  cairo_set_source_rgba (cr, style->background.r, style->background.g, style->background.b, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_translate (cr, MINIMAP_PAD - world->x * s, MINIMAP_PAD - world->y * s);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);

      if (vnl_kind_get_info (k)->shape != VNL_SHAPE_NODE)
        continue;
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlRect r;

          if (vnl_kind_get_info (k)->container && vnl_renderer_get_frame (self->renderer, object, &r))
            {
              cairo_rectangle (cr, r.x * s, r.y * s, MAX (r.width * s, 1), MAX (r.height * s, 1));
              cairo_set_source_rgba (cr, style->accent.r, style->accent.g, style->accent.b,
                                     k == VNL_KIND_SITE ? 0.10 : 0.22);
              cairo_fill (cr);
            }
          else if (object->has_pos)
            cairo_rectangle (cr, object->pos.x * s - 0.75, object->pos.y * s - 0.75, 1.5, 1.5);
        }
    }
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 0.55);
  cairo_fill (cr);
}

void
_vnl_canvas_minimap_snapshot (VnlCanvas   *self,
                              GtkSnapshot *snapshot)
{
  const VnlRenderStyle *style;
  VnlRect screen, world, view;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double x1, y1, x2, y2, s;
  cairo_t *cr;

  if (!_vnl_canvas_minimap_geometry (self, &screen, &world))
    return;
  style = vnl_renderer_get_style (self->renderer);
  s = minimap_scale (&screen, &world);

  if (self->minimap == NULL || self->minimap_world.x != world.x || self->minimap_world.y != world.y ||
      self->minimap_world.width != world.width || self->minimap_world.height != world.height)
    {
      GtkSnapshot *ms = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (ms, &GRAPHENE_RECT_INIT (0, 0, screen.width, screen.height));
      draw_picture (self, cr, &screen, &world);
      cairo_destroy (cr);
      g_clear_pointer (&self->minimap, gsk_render_node_unref);
      self->minimap = gtk_snapshot_free_to_node (ms);
      self->minimap_world = world;
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (screen.x, screen.y));
  gtk_snapshot_append_node (snapshot, self->minimap);
  gtk_snapshot_restore (snapshot);

  /* The visible area, clipped to the panel. */
  vnl_viewport_to_world (self->viewport, 0, 0, &x1, &y1);
  vnl_viewport_to_world (self->viewport, width, height, &x2, &y2);
  view = (VnlRect) { screen.x + MINIMAP_PAD + (x1 - world.x) * s, screen.y + MINIMAP_PAD + (y1 - world.y) * s,
                     (x2 - x1) * s, (y2 - y1) * s };
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (screen.x, screen.y, screen.width, screen.height));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (screen.x, screen.y, screen.width, screen.height));
  cairo_rectangle (cr, view.x, view.y, view.width, view.height);
  cairo_set_source_rgba (cr, style->accent.r, style->accent.g, style->accent.b, 0.15);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->accent.r, style->accent.g, style->accent.b, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
  gtk_snapshot_pop (snapshot);
}

gboolean
_vnl_canvas_minimap_contains (VnlCanvas *self,
                              double     x,
                              double     y)
{
  VnlRect screen;

  return _vnl_canvas_minimap_geometry (self, &screen, NULL) &&
         x >= screen.x && x < screen.x + screen.width && y >= screen.y && y < screen.y + screen.height;
}

/* Centres the view on the world point under (@x, @y) of the minimap
 * (clamped to the design). */
void
_vnl_canvas_minimap_move_to (VnlCanvas *self,
                             double     x,
                             double     y)
{
  VnlRect screen, world;
  double s, wx, wy;

  if (!_vnl_canvas_minimap_geometry (self, &screen, &world))
    return;
  s = minimap_scale (&screen, &world);
  wx = CLAMP ((x - screen.x - MINIMAP_PAD) / s + world.x, world.x, world.x + world.width);
  wy = CLAMP ((y - screen.y - MINIMAP_PAD) / s + world.y, world.y, world.y + world.height);
  vnl_viewport_center_on (self->viewport, wx, wy, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
