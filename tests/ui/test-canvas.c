/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-canvas.h"
#include "vnl-window.h"

/* UI tests of the canvas as a view: what a point hits, a view that stays
 * where the user put it, and finding, placing and zooming. A real
 * VnlWindow, driven through its widgets, controllers and actions. */

typedef struct
{
  VnlWindow *window;
  VnlCanvas *canvas;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets timeouts (such as a delayed refit) fire and the window settle. */
static void
settle (void)
{
  for (guint i = 0; i < 4; i++)
    {
      iterate ();
      g_usleep (50000);
    }
  iterate ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  f->canvas = vnl_window_get_canvas (f->window);
  g_object_set (f->canvas, "snap", FALSE, NULL);
  settle ();
}

static void
open_sample (Fixture *f)
{
  g_autofree char *path = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "azure-interop-testbed.vnetlab", NULL);

  g_assert_true (vnl_window_open_path (f->window, path));
  settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  iterate ();
}

/* The world point at the centre of the canvas. */
static void
view_centre (Fixture *f,
             double  *wx,
             double  *wy)
{
  vnl_viewport_to_world (vnl_canvas_get_viewport (f->canvas),
                         gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0, wx, wy);
}

/* Overlapping icons: the one drawn last (on top) is the one a click hits,
 * whatever the objects' addresses in memory. Twelve VNets, each 3 units to
 * the right of the one before, all cover x = 120 (an icon is 40 wide): the
 * last one placed is drawn last. A gateway moved onto a VNet's icon is
 * drawn after every VNet, so it is hit. */
static void
test_hit_topmost (Fixture       *f,
                  gconstpointer  data)
{
  VnlRenderer *renderer = vnl_canvas_get_renderer (f->canvas);
  VnlObject *vnets[12];
  VnlObject *gw;

  for (guint i = 0; i < G_N_ELEMENTS (vnets); i++)
    {
      vnets[i] = vnl_canvas_place_into (f->canvas, "vnet", 100 + 3 * i, 100, NULL);
      g_assert_nonnull (vnets[i]);
      g_assert_cmpfloat (vnets[i]->pos.x, ==, 100 + 3 * i);
    }
  for (guint n = 1; n < G_N_ELEMENTS (vnets); n++)
    {
      /* With only the first n + 1 placed as they are, the n-th is on top:
       * move the later ones far away. */
      for (guint i = 0; i < G_N_ELEMENTS (vnets); i++)
        vnl_design_move (vnl_window_get_design (f->window), vnets[i],
                         i <= n ? 100 + 3 * i : 2000 + 100 * i, 100);
      g_assert_true (vnl_renderer_hit_test (renderer, 120, 100, 1) == (gpointer) vnets[n]);
    }

  gw = vnl_canvas_place_into (f->canvas, "vpn-gateway", 100, 300, vnets[0]);
  g_assert_nonnull (gw);
  vnl_design_move (vnl_window_get_design (f->window), gw, 120, 100);
  g_assert_true (vnl_renderer_hit_test (renderer, 120, 100, 1) == (gpointer) gw);
}

/* Opening the Analysis pane and switching its pages keeps the zoom and
 * the centre of the view, and the pane's width. */
static void
test_pane_keeps_view (Fixture       *f,
                      gconstpointer  data)
{
  static const char *pages[] = { "path", "watcher", "npm", "routes", "matrix", "perspective", "what-if", "path" };
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);
  VnlViewport *viewport = vnl_canvas_get_viewport (f->canvas);
  double zoom, cx, cy, x, y;
  int canvas_width, pane_width;

  open_sample (f);
  /* A zoom of the user's own, not the fit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL));
  settle ();
  zoom = vnl_viewport_get_zoom (viewport);
  view_centre (f, &cx, &cy);
  canvas_width = gtk_widget_get_width (GTK_WIDGET (f->canvas));

  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->canvas)), <, canvas_width);
  g_assert_cmpfloat_with_epsilon (vnl_viewport_get_zoom (viewport), zoom, 1e-9);
  view_centre (f, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, cx, 1.0);
  g_assert_cmpfloat_with_epsilon (y, cy, 1.0);

  pane_width = gtk_widget_get_width (GTK_WIDGET (pane));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      vnl_analysis_pane_show_page (pane, pages[i]);
      settle ();
      g_assert_cmpfloat_with_epsilon (vnl_viewport_get_zoom (viewport), zoom, 1e-9);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (pane)), ==, pane_width);
      view_centre (f, &x, &y);
      g_assert_cmpfloat_with_epsilon (x, cx, 1.0);
    }

  gtk_widget_set_visible (GTK_WIDGET (pane), FALSE);
  settle ();
  g_assert_cmpfloat_with_epsilon (vnl_viewport_get_zoom (viewport), zoom, 1e-9);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->canvas)), ==, canvas_width);
}

/* The pane's width is the user's: a drag on its left edge sets it, and the
 * application keeps it in GSettings (bound as vnl-application.c binds it). */
static void
test_pane_width_setting (Fixture       *f,
                         gconstpointer  data)
{
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vnetlab.VNetLab");
  g_autoptr(GListModel) controllers = NULL;
  GtkGesture *resize = NULL;

  /* Wider than any page's minimum under any theme (without the app's CSS,
   * the page switcher alone needs about 930 px). */
  g_settings_set_int (settings, "analysis-pane-width", 1000);
  g_settings_bind (settings, "analysis-pane-width", pane, "pane-width", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_analysis_pane_show_page (pane, "routes");
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (pane)), ==, 1000);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (pane));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_DRAG (controller))
        resize = GTK_GESTURE (controller);
    }
  g_assert_nonnull (resize);
  /* Drag the left edge 100 px to the left: the pane widens by 100,
   * and keeps that width on another page. */
  g_signal_emit_by_name (resize, "drag-begin", 3.0, 200.0);
  g_signal_emit_by_name (resize, "drag-update", -100.0, 0.0);
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (pane)), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "analysis-pane-width"), ==, 1100);
  vnl_analysis_pane_show_page (pane, "path");
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (pane)), ==, 1100);
  g_settings_unbind (pane, "pane-width");
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/canvas/hit-topmost", test_hit_topmost);
  ADD ("/ui/canvas/pane-keeps-view", test_pane_keeps_view);
  ADD ("/ui/canvas/pane-width-setting", test_pane_width_setting);
#undef ADD

  return g_test_run ();
}
