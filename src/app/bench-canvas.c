/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-canvas"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <glib/gstdio.h>

#include "vnl-canvas.h"
#include "vnl-file.h"
#include "vnl-generate.h"

/*
 * Canvas benchmark (not a test): generates a large design (default about
 * 2,000 nodes: hubs with spokes, gateways, endpoints, circuits, sites and
 * CEs) with vnl_generate_design(),
 * saves it, then measures
 *   - open to first paint: load the file, hand it to a canvas, first frame;
 *   - frame time with the cached static scene (only overlays redrawn);
 *   - frame time when the static scene is rebuilt each frame;
 * all at a zoom that shows the whole design and at 100 %.
 * Usage: bench-canvas [NODES] (needs a display; prints figures).
 */

/* The project's synthetic design generator, sized so that the design has
 * about @n_nodes nodes (a VNet brings about 2.2 nodes with its endpoint and
 * a hub's gateways; a site about 3.5 with its CEs, endpoint and LNG). */
static VnlDesign *
generate (guint n_nodes)
{
  VnlGenerateOptions opts;
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  vnl_generate_options_init (&opts);
  opts.n_vnets = MAX (10, n_nodes * 37 / 100);
  opts.n_sites = MAX (2, n_nodes / 20);
  opts.n_circuits = MAX (1, n_nodes / 40);
  opts.n_prefixes = opts.n_sites * 10;

  design = vnl_generate_design (&opts, &error);
  if (design == NULL)
    g_error ("bench-canvas: %s", error->message);
  return design;
}

typedef struct
{
  GMainLoop *loop;
  gint64     start;
  double     first_paint_ms;
} FirstPaint;

static void
on_after_paint (GdkFrameClock *clock,
                FirstPaint    *fp)
{
  if (fp->first_paint_ms < 0)
    {
      fp->first_paint_ms = (g_get_monotonic_time () - fp->start) / 1000.0;
      g_main_loop_quit (fp->loop);
    }
}

static double
frame_ms (GtkWidget *window,
          VnlCanvas *canvas,
          gboolean   rebuild,
          guint      frames)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  VnlViewport *viewport = vnl_canvas_get_viewport (canvas);
  int w = gtk_widget_get_width (GTK_WIDGET (canvas));
  int h = gtk_widget_get_height (GTK_WIDGET (canvas));
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < frames; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      GdkTexture *texture;

      if (rebuild)
        vnl_canvas_invalidate_scene (canvas);
      /* What changes between cached frames: the selection overlay. */
      vnl_viewport_clear_selection (viewport);
      GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  return (g_get_monotonic_time () - start) / 1000.0 / frames;
}

int
main (int   argc,
      char *argv[])
{
  guint n_nodes = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  g_autoptr(VnlDesign) generated = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window, *canvas;
  FirstPaint fp = { 0 };
  gint64 t0;
  double load_ms, cached_fit, rebuild_fit, cached_100, rebuild_100;
  guint count = 0;

  g_setenv ("GTK_A11Y", "none", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-canvas: no display\n");
      return 77;
    }

  generated = generate (n_nodes);
  dir = g_dir_make_tmp ("vnl-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "large.vnetlab", NULL);
  if (!vnl_design_save (generated, path, &error))
    {
      g_printerr ("bench-canvas: %s\n", error->message);
      return 1;
    }
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (generated, k);
      if (objects->len > 0 && vnl_object_is_node (objects->pdata[0]))
        count += objects->len;
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  canvas = vnl_canvas_new ();
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Open to first paint. */
  fp.loop = g_main_loop_new (NULL, FALSE);
  fp.first_paint_ms = -1;
  fp.start = t0 = g_get_monotonic_time ();
  design = vnl_design_load (path, &error);
  if (design == NULL)
    {
      g_printerr ("bench-canvas: %s\n", error->message);
      return 1;
    }
  load_ms = (g_get_monotonic_time () - t0) / 1000.0;
  history = vnl_history_new (design);
  vnl_canvas_set_document (VNL_CANVAS (canvas), design, history);
  g_signal_connect (gtk_widget_get_frame_clock (canvas), "after-paint", G_CALLBACK (on_after_paint), &fp);
  gtk_widget_queue_draw (canvas);
  g_main_loop_run (fp.loop);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (canvas), &fp);

  vnl_canvas_zoom_to_fit (VNL_CANVAS (canvas));
  cached_fit = frame_ms (window, VNL_CANVAS (canvas), FALSE, 30);
  rebuild_fit = frame_ms (window, VNL_CANVAS (canvas), TRUE, 5);
  vnl_viewport_set_zoom (vnl_canvas_get_viewport (VNL_CANVAS (canvas)), 1.0);
  cached_100 = frame_ms (window, VNL_CANVAS (canvas), FALSE, 30);
  rebuild_100 = frame_ms (window, VNL_CANVAS (canvas), TRUE, 5);

  g_print ("design: %u nodes, %u objects (%s)\n", count, vnl_design_count (design), path);
  g_print ("renderer: %s, window 1400×900\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("load file:                        %8.1f ms\n", load_ms);
  g_print ("open to first paint:              %8.1f ms\n", fp.first_paint_ms);
  g_print ("frame, cached scene, whole design: %7.2f ms\n", cached_fit);
  g_print ("frame, scene rebuilt, whole design:%7.2f ms\n", rebuild_fit);
  g_print ("frame, cached scene, 100 %%:        %7.2f ms\n", cached_100);
  g_print ("frame, scene rebuilt, 100 %%:       %7.2f ms\n", rebuild_100);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_remove (dir);
  g_main_loop_unref (fp.loop);
  return 0;
}
