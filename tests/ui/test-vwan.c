/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-canvas.h"
#include "vnl-edit.h"
#include "vnl-hop-map.h"
#include "vnl-routing-grid.h"
#include "vnl-window.h"

/* Virtual WAN in the designer (issue 16): the palette offers the kinds, a
 * hub placed and connected through the same calls the drop and the
 * connect gesture make (vnl_canvas_place(), vnl_canvas_connect()) holds
 * its gateways in its frame, and the inspector's routing grid edits a
 * connection's association and propagations, each click one undoable
 * step. Results are read back from the design and the history, not from
 * the widgets. Set VNL_SHOT=DIR for a screenshot of the grid. */

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
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  iterate ();
}

static void
find_all (GtkWidget *widget,
          GType      type,
          const char *name,
          GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_all (c, type, name, out);
}

static GtkWidget *
find_one (GtkWidget  *widget,
          GType       type,
          const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (widget, type, name, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

static void
shot (const char *name)
{
  const char *dir = g_getenv ("VNL_SHOT");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  settle ();
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

/* The palette has a tile for the hub and its route table, named by the
 * kind, with an icon the renderer bundles. */
static void
test_palette (Fixture       *f,
              gconstpointer  data)
{
  static const char *tiles[] = { "virtual-hub", "hub-route-table" };

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      VnlPlace place;
      GtkWidget *button = find_one (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, tiles[i]);
      g_autofree char *path = NULL;

      g_assert_true (vnl_place_from_id (tiles[i], &place));
      g_assert_nonnull (button);
      path = g_strconcat ("/io/github/vnetlab/VNetLab/icons/", vnl_place_get_icon (place), NULL);
      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
    }
  /* A hub route table sits in a hub, nowhere else. */
  {
    VnlPlace place;

    g_assert_true (vnl_place_from_id ("hub-route-table", &place));
    g_assert_true (vnl_place_needs_container (place));
    g_assert_true (vnl_place_accepts (place, VNL_KIND_VIRTUAL_HUB));
    g_assert_false (vnl_place_accepts (place, VNL_KIND_VNET));
  }
}

/* Finds the one object of @kind whose two ends are @a and @b. */
static VnlObject *
link_between (VnlDesign  *design,
              VnlKind     kind,
              const char *a,
              const char *b)
{
  GPtrArray *objects = vnl_design_get_objects (design, kind);

  for (guint i = 0; i < objects->len; i++)
    {
      const char *x, *y;
      if (vnl_object_get_ends (objects->pdata[i], &x, &y) && g_strcmp0 (x, a) == 0 && g_strcmp0 (y, b) == 0)
        return objects->pdata[i];
    }
  return NULL;
}

typedef struct
{
  VnlObject *vnet;
  VnlObject *hub;
  VnlObject *vpngw;
} Scene;

/* A VNet left, a hub right with a VPN gateway dropped inside it. */
static void
make_scene (Fixture *f,
            Scene   *s)
{
  VnlRect frame, box;

  s->vnet = vnl_canvas_place (f->canvas, "vnet", 100, 300);
  s->hub = vnl_canvas_place (f->canvas, "virtual-hub", 600, 300);
  g_assert_nonnull (s->vnet);
  g_assert_nonnull (s->hub);
  g_assert_cmpint (s->hub->kind, ==, VNL_KIND_VIRTUAL_HUB);
  /* Dropped on the hub's frame: the gateway sits in the hub. */
  s->vpngw = vnl_canvas_place (f->canvas, "vpn-gateway", 610, 300);
  g_assert_nonnull (s->vpngw);
  g_assert_cmpstr (((VnlGateway *) s->vpngw)->vnet, ==, s->hub->name);
  settle ();
  /* The hub is drawn as a container: its frame holds the gateway. */
  g_assert_true (vnl_renderer_get_frame (vnl_canvas_get_renderer (f->canvas), s->hub, &frame));
  g_assert_true (vnl_renderer_get_object_bounds (vnl_canvas_get_renderer (f->canvas), s->vpngw, &box));
  g_assert_true (frame.x <= box.x && frame.y <= box.y &&
                 box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height);
}

static void
test_hub_connect (Fixture       *f,
                  gconstpointer  data)
{
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlHistory *history = vnl_window_get_history (f->window);
  VnlVirtualHub *hub;
  VnlObject *conn, *site, *ce;
  Scene s;

  make_scene (f, &s);
  hub = (VnlVirtualHub *) s.hub;
  /* A hub belongs to a Virtual WAN, made with the first hub. */
  g_assert_nonnull (hub->wan);
  g_assert_nonnull (vnl_design_lookup_kind (design, hub->wan, VNL_KIND_VIRTUAL_WAN));

  /* VNet ↔ hub is a hub virtual network connection, one step. */
  conn = vnl_canvas_connect (f->canvas, s.vnet, s.hub);
  g_assert_nonnull (conn);
  g_assert_cmpint (conn->kind, ==, VNL_KIND_HUB_CONNECTION);
  g_assert_true (link_between (design, VNL_KIND_HUB_CONNECTION, s.vnet->name, s.hub->name) == conn);
  g_assert_true (vnl_history_undo (history));
  g_assert_null (link_between (design, VNL_KIND_HUB_CONNECTION, s.vnet->name, s.hub->name));
  g_assert_true (vnl_history_redo (history));
  g_assert_nonnull (link_between (design, VNL_KIND_HUB_CONNECTION, s.vnet->name, s.hub->name));
  /* A VNet connects to one hub. */
  g_assert_null (vnl_canvas_connect (f->canvas, s.hub, s.vnet));

  /* A site connects through the hub's VPN gateway: a site-to-site
   * connection from that gateway (to an LNG standing for the CE). */
  site = vnl_canvas_place (f->canvas, "site", 600, 700);
  g_assert_nonnull (site);
  ce = vnl_canvas_place (f->canvas, "ce", 610, 700);
  g_assert_nonnull (ce);
  g_assert_nonnull (vnl_canvas_connect (f->canvas, site, s.hub));
  {
    GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
    g_assert_cmpuint (s2s->len, ==, 1);
    g_assert_cmpstr (((VnlS2sConnection *) s2s->pdata[0])->gateway, ==, s.vpngw->name);
  }
  /* A circuit needs the hub's ExpressRoute gateway: refused without one,
   * an ExpressRoute connection from it once dropped in the hub. */
  {
    VnlObject *circuit = vnl_canvas_place (f->canvas, "circuit", 1000, 700);
    VnlObject *ergw, *er;

    g_assert_nonnull (circuit);
    g_assert_null (vnl_canvas_connect (f->canvas, circuit, s.hub));
    ergw = vnl_canvas_place (f->canvas, "er-gateway", 620, 300);
    g_assert_nonnull (ergw);
    g_assert_cmpstr (((VnlGateway *) ergw)->vnet, ==, s.hub->name);
    er = vnl_canvas_connect (f->canvas, s.hub, circuit);
    g_assert_nonnull (er);
    g_assert_cmpint (er->kind, ==, VNL_KIND_ER_CONNECTION);
    g_assert_cmpstr (((VnlErConnection *) er)->gateway, ==, ergw->name);
    /* The grid's rows: the VNet connection and the branch connections. */
    {
      g_autoptr(GPtrArray) rows = vnl_routing_grid_rows (design, s.hub);
      g_assert_true (g_ptr_array_find (rows, er, NULL));
      g_assert_true (g_ptr_array_find (rows, conn, NULL));
    }
  }
}

/* The grid's cells of one row: radios, then table checks, then label
 * checks, in column order. */
static void
grid_cells (GtkWidget  *grid,
            const char *name,
            GPtrArray  *out)
{
  find_all (grid, GTK_TYPE_CHECK_BUTTON, name, out);
}

static GtkWidget *
get_grid (Fixture *f)
{
  settle ();
  return find_one (GTK_WIDGET (f->window), VNL_TYPE_ROUTING_GRID, NULL);
}

static gboolean
propagates_to (VnlHubConnection *conn,
               const char       *table)
{
  for (guint i = 0; i < conn->routing.propagated->len; i++)
    if (g_strcmp0 (conn->routing.propagated->pdata[i], table) == 0)
      return TRUE;
  return FALSE;
}

static void
test_grid (Fixture       *f,
           gconstpointer  data)
{
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlHistory *history = vnl_window_get_history (f->window);
  VnlHubConnection *conn;
  VnlObject *blue;
  g_autoptr(GPtrArray) radios = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) tables = NULL;
  GtkWidget *grid;
  Scene s;

  make_scene (f, &s);
  conn = vnl_canvas_connect (f->canvas, s.vnet, s.hub);
  g_assert_nonnull (conn);
  blue = vnl_canvas_place (f->canvas, "hub-route-table", 620, 320);
  g_assert_nonnull (blue);
  g_assert_cmpstr (((VnlHubRouteTable *) blue)->hub, ==, s.hub->name);

  /* Columns: the hub's Default table (no object here) and the new one. */
  tables = vnl_routing_grid_tables (design, s.hub);
  g_assert_cmpuint (tables->len, ==, 2);
  g_assert_null (tables->pdata[0]);
  g_assert_true (tables->pdata[1] == blue);

  vnl_viewport_select (vnl_canvas_get_viewport (f->canvas), s.hub, FALSE);
  grid = get_grid (f);
  g_assert_nonnull (grid);
  shot ("vwan-grid");

  /* A new connection is associated with Default (the first radio). */
  grid_cells (grid, "associate", radios);
  g_assert_cmpuint (radios->len, ==, 2);
  g_assert_true (gtk_check_button_get_active (radios->pdata[0]));
  g_assert_null (conn->routing.associated);

  /* Associate with the custom table: one step; undo restores Default. */
  gtk_check_button_set_active (radios->pdata[1], TRUE);
  g_assert_cmpstr (conn->routing.associated, ==, blue->name);
  g_assert_nonnull (vnl_history_get_undo_label (history));
  g_assert_true (vnl_history_undo (history));
  g_assert_true (conn->routing.associated == NULL || *conn->routing.associated == '\0');
  g_assert_true (vnl_history_redo (history));
  g_assert_cmpstr (conn->routing.associated, ==, blue->name);

  /* Propagate to the custom table; the implicit Default takes no
   * explicit propagation (it is reached by label). */
  grid = get_grid (f);
  grid_cells (grid, "propagate", checks);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_false (gtk_widget_get_sensitive (checks->pdata[0]));
  gtk_check_button_set_active (checks->pdata[1], TRUE);
  g_assert_true (propagates_to (conn, blue->name));
  g_assert_true (vnl_history_undo (history));
  g_assert_false (propagates_to (conn, blue->name));

  /* A label on the table becomes a column; propagating to it is one step,
   * and the table's cell then shows it reached through the label. */
  g_assert_true (vnl_history_set_property (history, blue, "labels", "blue", NULL));
  grid = get_grid (f);
  grid_cells (grid, "propagate-label", labels);
  /* "default" (checked: the default propagation) and "blue". */
  g_assert_cmpuint (labels->len, ==, 2);
  g_assert_true (gtk_check_button_get_active (labels->pdata[0]));
  g_assert_false (gtk_check_button_get_active (labels->pdata[1]));
  gtk_check_button_set_active (labels->pdata[1], TRUE);
  g_assert_nonnull (conn->routing.labels);
  g_assert_nonnull (strstr (conn->routing.labels, "blue"));
  g_assert_nonnull (strstr (conn->routing.labels, "default"));
  grid = get_grid (f);
  g_ptr_array_set_size (checks, 0);
  grid_cells (grid, "propagate", checks);
  g_assert_true (gtk_check_button_get_inconsistent (checks->pdata[1]));
  g_assert_true (vnl_history_undo (history));
  g_assert_true (conn->routing.labels == NULL || *conn->routing.labels == '\0');

  /* Unchecking "default" with no other label propagates nowhere. */
  grid = get_grid (f);
  g_ptr_array_set_size (labels, 0);
  grid_cells (grid, "propagate-label", labels);
  gtk_check_button_set_active (labels->pdata[0], FALSE);
  g_assert_cmpstr (conn->routing.labels, ==, "none");
  g_assert_true (vnl_history_undo (history));
}

/* Network Watcher's topology shows the hubs a path crosses. In the
 * two-region sample a VM of a spoke of hub-we reaching a VM of a spoke of
 * hub-ne goes spoke → its hub → the remote hub → the remote spoke
 * ("Virtual hubs in the same Virtual WAN are connected", inter-hub); hub
 * routers are not traceroute hops, so they are cards of their own between
 * the source and the destination, in that order. */
static void
test_watcher_hubs (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "vwan-two-region.vnetlab", NULL);
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (pane);
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();
  gboolean seen = FALSE;

  g_assert_true (vnl_window_open_path (f->window, path));
  settle ();
  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_analysis_pane_show_page (pane, "watcher");
  vnl_analysis_set_path (analysis, "vm-we-1", "vm-ne-1");
  vnl_analysis_recompute_now (analysis);
  settle ();
  g_assert_nonnull (vnl_analysis_get_trace (analysis));
  g_assert_true (vnl_analysis_get_trace (analysis)->reached);
  shot ("vwan-watcher");

  find_all (GTK_WIDGET (pane), VNL_TYPE_HOP_MAP, NULL, maps);
  for (guint i = 0; i < maps->len; i++)
    {
      g_auto(GStrv) names = vnl_hop_map_get_names (maps->pdata[i]);
      guint n = g_strv_length (names);

      if (n == 0 || !g_strv_contains ((const char * const *) names, "hub-we"))
        continue;
      seen = TRUE;
      g_assert_cmpuint (n, ==, 4);
      g_assert_cmpstr (names[0], ==, "vm-we-1");
      g_assert_cmpstr (names[1], ==, "hub-we");
      g_assert_cmpstr (names[2], ==, "hub-ne");
      g_assert_cmpstr (names[3], ==, "vm-ne-1");
    }
  g_assert_true (seen);
}

int
main (int    argc,
      char **argv)
{
  int skip = vnl_test_ui_init (&argc, &argv);

  if (skip >= 0)
    return skip;
  g_test_add ("/ui/vwan/palette", Fixture, NULL, fixture_setup, test_palette, fixture_teardown);
  g_test_add ("/ui/vwan/hub-connect", Fixture, NULL, fixture_setup, test_hub_connect, fixture_teardown);
  g_test_add ("/ui/vwan/grid", Fixture, NULL, fixture_setup, test_grid, fixture_teardown);
  g_test_add ("/ui/vwan/watcher-hubs", Fixture, NULL, fixture_setup, test_watcher_hubs, fixture_teardown);
  return g_test_run ();
}
