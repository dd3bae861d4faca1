/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-analysis.h"
#include "vnl-analysis-pane.h"
#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
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
count (guint *counter)
{
  (*counter)++;
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

/* Zoom steps are geometric: from the fit (between two levels) the first
 * step goes to the next power of 1.25, every later one multiplies by 1.25
 * exactly; out again comes back down the same ladder. */
static void
test_zoom_ladder (Fixture       *f,
                  gconstpointer  data)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (f->canvas);
  double levels[6];

  open_sample (f);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      double before = vnl_viewport_get_zoom (viewport);
      double level;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL));
      levels[i] = vnl_viewport_get_zoom (viewport);
      level = log (levels[i]) / log (1.25);
      g_assert_cmpfloat_with_epsilon (level, round (level), 1e-9);
      g_assert_cmpfloat (levels[i], >, before);
      g_assert_cmpfloat (levels[i], <=, before * 1.25 + 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (levels[i] / levels[i - 1], 1.25, 1e-9);
    }
  for (guint i = G_N_ELEMENTS (levels) - 1; i > 0; i--)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL));
      g_assert_cmpfloat_with_epsilon (vnl_viewport_get_zoom (viewport), levels[i - 1], 1e-9);
    }
}

/* Zoom to selection: the selected node fills the view, centred. */
static void
test_zoom_selection (Fixture       *f,
                     gconstpointer  data)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (f->canvas);
  VnlObject *vm;
  double fit, x, y;

  open_sample (f);
  fit = vnl_viewport_get_zoom (viewport);
  vm = vnl_design_lookup (vnl_window_get_design (f->window), "loc1-vm");
  vnl_viewport_select (viewport, vm, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-selection", NULL));
  g_assert_cmpfloat (vnl_viewport_get_zoom (viewport), >, fit);
  view_centre (f, &x, &y);
  /* The node's box is its icon and its label below: its centre is within
   * half a box of the position. */
  g_assert_cmpfloat (fabs (x - vm->pos.x), <, 2);
  g_assert_cmpfloat (fabs (y - vm->pos.y), <, 40);
}

/* Find (Ctrl+F): by name, by part of a name, by an endpoint's address and
 * by an address inside a VNet's address space (the sample's loc1-vm is
 * 10.2.30.10, hub's space 10.10.30.0/24); the found object is selected
 * and centred. */
static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  static const struct { const char *text; const char *expected; } cases[] = {
    { "loc1-vm", "loc1-vm" },
    { "REMOTE-E", "remote-ergw" },
    { "10.2.30.10", "loc1-vm" },
    { "10.10.30.99", "hub" },
  };
  VnlViewport *viewport = vnl_canvas_get_viewport (f->canvas);
  GtkWidget *entry;

  open_sample (f);
  /* Zoomed in, so that centring has to move the view. */
  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VnlObject *found = vnl_canvas_find (f->canvas, cases[i].text);
      double x, y;

      g_assert_nonnull (found);
      g_assert_cmpstr (found->name, ==, cases[i].expected);
      g_assert_true (vnl_viewport_get_focus (viewport) == (gpointer) found);
      view_centre (f, &x, &y);
      g_assert_cmpfloat_with_epsilon (x, found->pos.x, 1.0);
      g_assert_cmpfloat_with_epsilon (y, found->pos.y, 1.0);
    }
  g_assert_null (vnl_canvas_find (f->canvas, "no-such-thing"));

  /* Through the action and its entry, as a user types it. */
  vnl_viewport_clear_selection (viewport);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.find", NULL));
  settle ();
  entry = gtk_root_get_focus (GTK_ROOT (f->window));
  while (entry != NULL && !GTK_IS_SEARCH_ENTRY (entry))
    entry = gtk_widget_get_parent (entry);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "er2");
  g_signal_emit_by_name (entry, "activate");
  settle ();
  g_assert_cmpstr (((VnlObject *) vnl_viewport_get_focus (viewport))->name, ==, "er2");
}

/* A gateway or endpoint dropped on a VNet's icon belongs to the VNet but
 * lands free of it and of its siblings, so a click on the VNet's icon
 * still grabs the VNet. */
static void
test_drop_free (Fixture       *f,
                gconstpointer  data)
{
  static const char *children[] = { "vpn-gateway", "endpoint", "er-gateway", "endpoint" };
  VnlRenderer *renderer = vnl_canvas_get_renderer (f->canvas);
  g_autoptr(GPtrArray) placed = g_ptr_array_new ();
  VnlObject *vnet;

  vnet = vnl_canvas_place (f->canvas, "vnet", 400, 300);
  g_assert_nonnull (vnet);
  g_ptr_array_add (placed, vnet);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      VnlObject *child = vnl_canvas_place (f->canvas, children[i], vnet->pos.x, vnet->pos.y);

      g_assert_nonnull (child);
      /* Icons are 40 units square, with the label below: no two icons
       * overlap, and no icon sits on another's label. */
      for (guint j = 0; j < placed->len; j++)
        {
          VnlObject *other = placed->pdata[j];
          g_assert_true (fabs (child->pos.x - other->pos.x) >= 40 || fabs (child->pos.y - other->pos.y) >= 70);
        }
      g_assert_true (vnl_renderer_hit_test (renderer, child->pos.x, child->pos.y, 1) == (gpointer) child);
      g_ptr_array_add (placed, child);
    }
  g_assert_cmpstr (((VnlGateway *) placed->pdata[1])->vnet, ==, vnet->name);
  g_assert_true (vnl_renderer_hit_test (renderer, vnet->pos.x, vnet->pos.y, 1) == (gpointer) vnet);
}

/* Moving a node (a change of layout only) recomputes no routes; changing
 * a link does (the control that shows the counter counts). */
static void
test_move_no_recompute (Fixture       *f,
                        gconstpointer  data)
{
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (vnl_window_get_analysis_pane (f->window));
  VnlDesign *design;
  VnlObject *vm;
  guint changed = 0;

  open_sample (f);
  design = vnl_window_get_design (f->window);
  g_signal_connect_swapped (analysis, "changed", G_CALLBACK (count), &changed);
  vm = vnl_design_lookup (design, "hub-vm");
  for (guint i = 0; i < 20; i++)
    vnl_design_move (design, vm, vm->pos.x + 20, vm->pos.y);
  settle ();
  g_assert_cmpuint (changed, ==, 0);

  vnl_design_changed (design, vnl_design_lookup (design, "hub-spoke"));
  settle ();
  g_assert_cmpuint (changed, >, 0);
  g_signal_handlers_disconnect_by_data (analysis, &changed);
}

/* The minimap: shown only when the design is larger than the window; a
 * press and a drag on it centre the view on the point under the pointer,
 * which is view state only (the design is not changed). */
static void
test_minimap (Fixture       *f,
              gconstpointer  data)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (f->canvas);
  VnlRect screen, world;
  double wx, wy, x, y, s;

  open_sample (f);
  vnl_canvas_zoom_to_fit (f->canvas);
  settle ();
  g_assert_false (_vnl_canvas_minimap_geometry (f->canvas, NULL, NULL));

  vnl_viewport_set_zoom (viewport, 2.5);
  settle ();
  g_assert_true (_vnl_canvas_minimap_geometry (f->canvas, &screen, &world));
  /* In the bottom-right corner, inside the canvas, and its picture has the
   * design's proportions. */
  g_assert_cmpfloat (screen.x + screen.width, <=, gtk_widget_get_width (GTK_WIDGET (f->canvas)));
  g_assert_cmpfloat (screen.y + screen.height, <=, gtk_widget_get_height (GTK_WIDGET (f->canvas)));
  g_assert_cmpfloat (screen.x, >, gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0);
  g_assert_cmpfloat (screen.y, >, gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0);
  s = (screen.width - 12) / world.width;
  g_assert_cmpfloat (fabs ((screen.height - 12) - world.height * s), <, 1);

  /* A press at a quarter and a third of the picture: the view centres on
   * that world point. */
  x = screen.x + 6 + (screen.width - 12) / 4;
  y = screen.y + 6 + (screen.height - 12) / 3;
  g_assert_true (_vnl_canvas_drag_begin (f->canvas, x, y, GDK_BUTTON_PRIMARY, 0));
  settle ();
  view_centre (f, &wx, &wy);
  g_assert_cmpfloat (fabs (wx - (world.x + world.width / 4)), <, 2);
  g_assert_cmpfloat (fabs (wy - (world.y + world.height / 3)), <, 2);

  /* Dragged to the bottom-right of the picture: the view follows. */
  _vnl_canvas_drag_update (f->canvas, (screen.width - 12) / 2, (screen.height - 12) / 2);
  settle ();
  view_centre (f, &wx, &wy);
  g_assert_cmpfloat (fabs (wx - (world.x + world.width * 3 / 4)), <, 2);
  g_assert_cmpfloat (fabs (wy - (world.y + world.height * 5 / 6)), <, 2);
  _vnl_canvas_drag_end (f->canvas, (screen.width - 12) / 2, (screen.height - 12) / 2);
  g_assert_false (vnl_history_can_undo (vnl_window_get_history (f->window)));
  g_assert_cmpfloat (vnl_viewport_get_zoom (viewport), ==, 2.5);
}

/* Collapsing the hub: one group node for the hub, the spoke peered with it
 * and what both hold (on the reference lab: spoke, spoke-vm, hub-vm,
 * hub-ergw, hub-vpngw); folded nodes are neither drawn nor hit, links to
 * them attach to the hub, the design is not edited; expanding brings all
 * back. */
static void
test_collapse_group (Fixture       *f,
                     gconstpointer  data)
{
  static const char *folded[] = { "spoke", "spoke-vm", "hub-vm", "hub-ergw", "hub-vpngw" };
  VnlDesign *design;
  VnlRenderer *renderer;
  VnlObject *hub, *spoke;
  VnlRect r;
  VnlPoint a, b;

  open_sample (f);
  design = vnl_window_get_design (f->window);
  renderer = vnl_canvas_get_renderer (f->canvas);
  hub = vnl_design_lookup (design, "hub");
  spoke = vnl_design_lookup (design, "spoke");

  vnl_viewport_select (vnl_canvas_get_viewport (f->canvas), hub, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.collapse-group", NULL));
  settle ();
  g_assert_true (vnl_canvas_get_collapsed (f->canvas, "hub"));
  g_assert_cmpuint (vnl_canvas_get_group_size (f->canvas, "hub"), ==, G_N_ELEMENTS (folded));
  for (guint i = 0; i < G_N_ELEMENTS (folded); i++)
    g_assert_false (vnl_renderer_get_object_bounds (renderer, vnl_design_lookup (design, folded[i]), &r));
  g_assert_true (vnl_renderer_get_object_bounds (renderer, hub, &r));
  g_assert_true (vnl_renderer_hit_test (renderer, spoke->pos.x, spoke->pos.y, 4) != spoke);

  /* hub-er1 joins hub-ergw (folded) to er1: drawn from the hub's icon. */
  g_assert_true (vnl_renderer_get_link_ends (renderer, vnl_design_lookup (design, "hub-er1"), &a, &b));
  g_assert_cmpfloat (hypot (a.x - hub->pos.x, a.y - hub->pos.y), <, VNL_RENDER_ICON_SIZE);
  /* hub-spoke lies inside the group: not drawn. */
  g_assert_false (vnl_renderer_get_link_ends (renderer, vnl_design_lookup (design, "hub-spoke"), &a, &b));

  /* View state: no undo step, the design unchanged. */
  g_assert_false (vnl_history_can_undo (vnl_window_get_history (f->window)));
  g_assert_nonnull (vnl_design_lookup (design, "spoke-vm"));
  if (g_getenv ("VNL_SHOT") != NULL)
    {
      gint64 end = g_get_monotonic_time () + atoi (g_getenv ("VNL_SHOT")) * 1000;
      while (g_get_monotonic_time () < end)
        {
          iterate ();
          g_usleep (10000);
        }
    }

  vnl_viewport_select (vnl_canvas_get_viewport (f->canvas), hub, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.collapse-group", NULL));
  settle ();
  g_assert_false (vnl_canvas_get_collapsed (f->canvas, "hub"));
  for (guint i = 0; i < G_N_ELEMENTS (folded); i++)
    g_assert_true (vnl_renderer_get_object_bounds (renderer, vnl_design_lookup (design, folded[i]), &r));
  g_assert_true (vnl_renderer_get_link_ends (renderer, vnl_design_lookup (design, "hub-spoke"), &a, &b));
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
  ADD ("/ui/canvas/zoom-ladder", test_zoom_ladder);
  ADD ("/ui/canvas/zoom-selection", test_zoom_selection);
  ADD ("/ui/canvas/find", test_find);
  ADD ("/ui/canvas/drop-free", test_drop_free);
  ADD ("/ui/canvas/move-no-recompute", test_move_no_recompute);
  ADD ("/ui/canvas/minimap", test_minimap);
  ADD ("/ui/canvas/collapse-group", test_collapse_group);
#undef ADD

  return g_test_run ();
}
