/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-canvas"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "vnl-analysis.h"
#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-window.h"

/*
 * Canvas benchmark (not a test): generates a large design (default about
 * 2,000 nodes: hubs with spokes, gateways, endpoints, circuits, sites and
 * CEs) with vnl_generate_design(),
 * saves it, then measures
 *   - open to first paint: load the file, hand it to a canvas, first frame;
 *   - frame time with the cached static scene (only overlays redrawn);
 *   - frame time when the static scene is rebuilt each frame;
 * all at a zoom that shows the whole design and at 100 %; then it replays
 * input as a user's drag would (pointer down on a node, motion events,
 * release), 1,000 drag operations of 10 frames each, and reports
 *   - the time of each dragging frame (update, snapshot, render), mean and
 *     worst, against the one-frame budget of 16 ms;
 *   - whether the analysis recomputed routes for these position-only
 *     changes (it must not);
 *   - resident memory before and after the drags (it must stay flat);
 *   - the zoom levels of ten zoom-in steps (geometric, ×1.25).
 * Before all that, the designer's real window opens the saved file as File
 * → Open does: "window: open to first paint" (VNL_BENCH_OPEN_ONLY=1 stops
 * there).
 * Usage: bench-canvas [NODES | FILE.vnetlab] (needs a display; prints
 * figures). A file is benchmarked as it is, e.g. one written by
 * `vnetlab-cli generate --vnets 1000 --sites 200 --circuits 100`.
 */

/* The project's synthetic design generator, sized so that the design has
 * about @n_nodes nodes (a VNet brings about 2.2 nodes with its endpoint and
 * a hub's gateways; a site about 3.5 with its CEs, endpoint and LNG). */
static VnlDesign *
generate (guint n_nodes)
{
  VnlGenerateOptions opts = { 0 };
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

static void
count_recompute (guint *count)
{
  (*count)++;
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

/* The designer's window opening @path as a user's File → Open does (the
 * file read and checked in a worker, then shown): milliseconds from the
 * request to the first frame of the canvas with the design in it. */
typedef struct
{
  GMainLoop *loop;
  VnlWindow *window;
  gint64     start;
  double     ms;
  double     cpu_start;
  double     cpu_ms;    /* of every thread: what an idle machine would take */
} WindowOpen;

static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static void
on_window_after_paint (GdkFrameClock *clock,
                       WindowOpen    *wo)
{
  if (wo->ms < 0 && vnl_design_count (vnl_window_get_design (wo->window)) > 0)
    {
      wo->ms = (g_get_monotonic_time () - wo->start) / 1000.0;
      wo->cpu_ms = process_cpu_ms () - wo->cpu_start;
      g_main_loop_quit (wo->loop);
    }
}

static double
window_open_ms (const char *path,
                double     *cpu_ms)
{
  WindowOpen wo = { .ms = -1 };
  GtkWidget *canvas;

  wo.window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (wo.window), 1400, 900);
  gtk_window_present (GTK_WINDOW (wo.window));
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  canvas = GTK_WIDGET (vnl_window_get_canvas (wo.window));
  wo.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (gtk_widget_get_frame_clock (canvas), "after-paint", G_CALLBACK (on_window_after_paint), &wo);
  wo.start = g_get_monotonic_time ();
  wo.cpu_start = process_cpu_ms ();
  vnl_window_open_path_async (wo.window, path, FALSE);
  g_main_loop_run (wo.loop);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (canvas), &wo);
  g_main_loop_unref (wo.loop);
  vnl_history_set_unmodified (vnl_window_get_history (wo.window));
  gtk_window_destroy (GTK_WINDOW (wo.window));
  g_object_unref (wo.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  *cpu_ms = wo.cpu_ms;
  return wo.ms;
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

/* Resident set size in MB (Linux), -1 elsewhere. */
static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

typedef struct
{
  double mean_ms;
  double worst_ms;
  guint  frames;
} DragStats;

/* One frame as GTK would make it: the canvas's snapshot, rendered. */
static double
one_frame (GtkWidget *window,
           GtkWidget *canvas)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int w = gtk_widget_get_width (canvas);
  int h = gtk_widget_get_height (canvas);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  gint64 start = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (canvas)->snapshot (canvas, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Replays @n_drags drags of node after node, each of @steps motion events
 * with a frame after each, through the canvas's drag entry points (the
 * ones its GtkGestureDrag calls). */
static DragStats
replay_drags (GtkWidget *window,
              VnlCanvas *canvas,
              VnlDesign *design,
              guint      n_drags,
              guint      steps)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (canvas);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  DragStats stats = { 0, 0, 0 };
  double total = 0;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_is_node (objects->pdata[i]) && ((VnlObject *) objects->pdata[i])->has_pos)
          g_ptr_array_add (nodes, objects->pdata[i]);
    }
  for (guint d = 0; d < n_drags && nodes->len > 0; d++)
    {
      VnlObject *node = nodes->pdata[(d * 7919) % nodes->len];
      double sx, sy;

      /* At the fit zoom every node is on screen: press on it. */
      vnl_viewport_to_screen (viewport, node->pos.x, node->pos.y, &sx, &sy);
      one_frame (window, GTK_WIDGET (canvas));
      if (!_vnl_canvas_drag_begin (canvas, sx, sy, GDK_BUTTON_PRIMARY, 0) || canvas->drag_mode != DRAG_MOVE)
        g_error ("bench-canvas: the drag of %s does not move it", node->name);
      for (guint i = 1; i <= steps; i++)
        {
          gint64 start = g_get_monotonic_time ();
          double ms;

          /* The motion event's work and the frame it needs; the frame GTK
           * then paints to the window comes after, untimed. */
          _vnl_canvas_drag_update (canvas, 4.0 * i, 3.0 * i);
          one_frame (window, GTK_WIDGET (canvas));
          ms = (g_get_monotonic_time () - start) / 1000.0;
          while (g_main_context_iteration (NULL, FALSE))
            ;
          total += ms;
          stats.worst_ms = MAX (stats.worst_ms, ms);
          stats.frames++;
        }
      _vnl_canvas_drag_end (canvas, 4.0 * steps, 3.0 * steps);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  stats.mean_ms = stats.frames > 0 ? total / stats.frames : 0;
  return stats;
}

int
main (int   argc,
      char *argv[])
{
  const char *arg = argc > 1 ? argv[1] : "2000";
  gboolean from_file = g_str_has_suffix (arg, ".vnetlab");
  guint n_nodes = from_file ? 0 : (guint) atoi (arg);
  guint n_drags = argc > 2 ? (guint) atoi (argv[2]) : 1000;
  g_autoptr(VnlAnalysis) analysis = NULL;
  DragStats drags;
  double rss_before, rss_after;
  guint recomputes = 0;
  GString *zooms = g_string_new (NULL);
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

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_setenv ("GTK_A11Y", "none", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-canvas: no display\n");
      return 77;
    }

  if (from_file)
    generated = vnl_design_load (arg, &error);
  else
    generated = generate (n_nodes);
  dir = g_dir_make_tmp ("vnl-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "large.vnetlab", NULL);
  if (generated == NULL || !vnl_design_save (generated, path, &error))
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

  /* The designer's window first: File → Open to first paint. */
  {
    double cpu_ms, open_ms = window_open_ms (path, &cpu_ms);

    g_print ("window: open to first paint:      %8.1f ms, %.1f ms of CPU (%u nodes; target 1000 ms)\n",
             open_ms, cpu_ms, count);
    if (g_getenv ("VNL_BENCH_OPEN_ONLY") != NULL)
      return 0;
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

  /* Drags at fit zoom, with the routing state kept current as the window
   * keeps it: position-only changes must not recompute routes. */
  analysis = vnl_analysis_new ();
  vnl_analysis_set_design (analysis, design);
  while (vnl_analysis_is_busy (analysis))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect_swapped (analysis, "changed", G_CALLBACK (count_recompute), &recomputes);
  g_signal_connect_swapped (analysis, "notify::busy", G_CALLBACK (count_recompute), &recomputes);
  vnl_canvas_zoom_to_fit (VNL_CANVAS (canvas));
  g_print ("routing state computed\n");
  rss_before = rss_mb ();
  drags = replay_drags (window, VNL_CANVAS (canvas), design, n_drags, 10);
  /* Let a pending recomputation start and finish. */
  for (guint i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (50000);
    }
  while (vnl_analysis_is_busy (analysis))
    g_main_context_iteration (NULL, TRUE);
  rss_after = rss_mb ();

  vnl_canvas_zoom_to_fit (VNL_CANVAS (canvas));
  for (guint i = 0; i < 10; i++)
    {
      double before = vnl_viewport_get_zoom (vnl_canvas_get_viewport (VNL_CANVAS (canvas)));
      gtk_widget_activate_action (canvas, "canvas.zoom-in", NULL);
      g_string_append_printf (zooms, " %.3g%%(×%.3f)",
                              100 * vnl_viewport_get_zoom (vnl_canvas_get_viewport (VNL_CANVAS (canvas))),
                              vnl_viewport_get_zoom (vnl_canvas_get_viewport (VNL_CANVAS (canvas))) / before);
    }

  g_print ("drag frames (%u drags × 10):    mean %6.2f ms, worst %6.2f ms (budget 16 ms)\n",
           n_drags, drags.mean_ms, drags.worst_ms);
  g_print ("routing recomputations for moves: %u (changed or busy signals)\n", recomputes);
  g_print ("memory before / after the drags:  %.0f MB / %.0f MB\n", rss_before, rss_after);
  g_print ("zoom-in steps from fit:          %s\n", zooms->str);
  g_string_free (zooms, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_remove (dir);
  g_main_loop_unref (fp.loop);
  return 0;
}
