/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-hop-map.h"
#include "vnl-matrix-view.h"
#include "vnl-routes-view.h"
#include "vnl-scenario.h"
#include "vnl-window.h"

/* UI tests of path analysis: a real VnlWindow on the reference sample, the
 * analysis pane driven through its canvas gesture, actions and pages, and
 * what the pages show read back from their widgets. */

typedef struct
{
  VnlWindow       *window;
  VnlAnalysisPane *pane;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every text a widget tree shows: labels and text views. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_string_append_printf (out, "%s\n", text);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

static char *
page_text (Fixture    *f,
           const char *page)
{
  GString *out = g_string_new (NULL);
  GtkWidget *widget = vnl_analysis_pane_get_page_widget (f->pane, page);

  /* The Watcher page's widget is its topology map: read the whole page. */
  if (g_str_equal (page, "watcher"))
    widget = gtk_widget_get_parent (widget);
  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "azure-interop-testbed.vnetlab", NULL);

  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vnl_window_open_path (f->window, path));
  f->pane = VNL_ANALYSIS_PANE (find_type (GTK_WIDGET (f->window), VNL_TYPE_ANALYSIS_PANE));
  g_assert_nonnull (f->pane);
  gtk_widget_set_visible (GTK_WIDGET (f->pane), TRUE);
  iterate ();
  g_usleep (100000);
  iterate ();
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

/* Presses the primary button on @name's node, as a click in path mode
 * would: the pane's capture-phase gesture takes it. */
static void
click_node (Fixture    *f,
            const char *name)
{
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlObject *object = vnl_design_lookup (vnl_window_get_design (f->window), name);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (canvas));
  double sx, sy;
  gboolean sent = FALSE;

  g_assert_nonnull (object);
  vnl_viewport_to_screen (vnl_canvas_get_viewport (canvas), object->pos.x, object->pos.y, &sx, &sy);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "pressed", 1, sx, sy);
          sent = TRUE;
        }
    }
  g_assert_true (sent);
  iterate ();
}

static void
pick (Fixture    *f,
      const char *from,
      const char *to)
{
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "analysis.pick-path", NULL);
  click_node (f, from);
  click_node (f, to);
}

static void
test_pick_path (Fixture       *f,
                gconstpointer  data)
{
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (f->pane);
  g_autofree char *text = NULL;

  pick (f, "loc1-vm", "hub-vm");
  g_assert_cmpstr (vnl_analysis_get_from (analysis), ==, "loc1-vm");
  g_assert_cmpstr (vnl_analysis_get_to (analysis), ==, "hub-vm");

  /* The hops as the Path page shows them: tracert text and hop table. */
  text = page_text (f, "path");
  g_assert_nonnull (strstr (text, "Tracing route to 10.10.30.4"));
  g_assert_nonnull (strstr (text, "10.2.30.3"));         /* loc1-l3 */
  g_assert_nonnull (strstr (text, "192.168.30.0"));      /* loc1-ce */
  g_assert_nonnull (strstr (text, "192.168.30.18"));     /* MSEE of er1-primary */
  g_assert_nonnull (strstr (text, "Request timed out")); /* hub-ergw is silent */
  g_assert_nonnull (strstr (text, "er1-primary"));
  g_assert_nonnull (strstr (text, "hub-ergw"));
  g_assert_cmpuint (vnl_analysis_get_trace (analysis)->hops->len, ==, 5);

  /* A VNet stands for its first endpoint. */
  pick (f, "branch", "remote");
  g_assert_cmpstr (vnl_analysis_get_from (analysis), ==, "branch-vm");
  g_assert_cmpstr (vnl_analysis_get_to (analysis), ==, "remote-vm");
  g_assert_false (vnl_analysis_get_trace (analysis)->reached);
  g_clear_pointer (&text, g_free);
  text = page_text (f, "path");
  g_assert_nonnull (strstr (text, "does not reach"));
  g_assert_nonnull (strstr (text, "no transit between ExpressRoute and VPN"));
}

static void
test_multipath (Fixture       *f,
                gconstpointer  data)
{
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (f->pane);
  g_autofree char *text = NULL;

  /* Both links of er2 carry hub → loc2 (ECMP): both paths are shown. */
  pick (f, "hub-vm", "loc2-vm");
  g_assert_cmpuint (vnl_analysis_get_alternatives (analysis)->len, ==, 1);
  text = page_text (f, "path");
  g_assert_nonnull (strstr (text, "er2-primary"));
  g_assert_nonnull (strstr (text, "er2-secondary"));
  g_assert_nonnull (strstr (text, "asymmetric"));
}

static void
test_what_if (Fixture       *f,
              gconstpointer  data)
{
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (f->pane);
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlDesign *design = vnl_window_get_design (f->window);
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  VnlTrace *trace;
  gboolean vpn = FALSE;

  pick (f, "loc1-vm", "hub-vm");
  before = page_text (f, "path");
  g_assert_nonnull (strstr (before, "192.168.30.18"));

  /* The reference's failover: the primary ExpressRoute link of Location 1
   * goes down through the canvas's Take Down command. */
  vnl_viewport_select (vnl_canvas_get_viewport (canvas), vnl_design_lookup (design, "er1-primary"), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.take-down", NULL);
  iterate ();

  trace = vnl_analysis_get_trace (analysis);
  g_assert_true (trace->reached);
  for (guint i = 0; i < trace->path->len; i++)
    vpn |= g_str_equal (trace->path->pdata[i], "hub-loc1-vpn");
  g_assert_true (vpn);
  text = page_text (f, "path");
  g_assert_null (strstr (text, "192.168.30.18"));

  g_clear_pointer (&text, g_free);
  text = page_text (f, "what-if");
  g_assert_nonnull (strstr (text, "er1-primary taken down"));
  g_assert_nonnull (strstr (text, "loc1-vm → hub-vm"));
  g_assert_nonnull (strstr (text, "lost"));        /* loc1-vm ↔ remote-vm */
  g_assert_nonnull (strstr (text, "rerouted"));

  /* Undo brings it up: ExpressRoute again, and the list says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL);
  iterate ();
  g_clear_pointer (&text, g_free);
  text = page_text (f, "what-if");
  g_assert_nonnull (strstr (text, "er1-primary brought up"));
  g_assert_nonnull (strstr (text, "gained"));
  g_clear_pointer (&text, g_free);
  text = page_text (f, "path");
  g_assert_nonnull (strstr (text, "192.168.30.18"));
}

/* An edit that moves pairs (deleting the hub-spoke peering) lists what it
 * changed as the edit's, not as a what-if: the title must not say that
 * nothing was taken down while pairs are listed as lost. Without the
 * peering the spoke has no route to the hub (a peering is what adds the
 * other VNet's space to a VNet's routes), so spoke-vm → hub-vm is lost. */
static void
test_edit_changes (Fixture       *f,
                   gconstpointer  data)
{
  VnlDesign *design = vnl_window_get_design (f->window);
  g_autofree char *text = NULL;

  text = page_text (f, "what-if");
  g_assert_nonnull (strstr (text, "No what-if yet"));
  g_clear_pointer (&text, g_free);

  vnl_history_remove (vnl_window_get_history (f->window), vnl_design_lookup (design, "hub-spoke"));
  iterate ();
  g_usleep (100000);
  iterate ();
  g_assert_null (vnl_design_lookup (design, "hub-spoke"));
  text = page_text (f, "what-if");
  g_assert_null (strstr (text, "No what-if yet"));
  g_assert_nonnull (strstr (text, "the last edit"));
  g_assert_nonnull (strstr (text, "spoke-vm → hub-vm"));
  g_assert_nonnull (strstr (text, "lost"));
}

/* The check button of @name on the What-if page. */
static GtkCheckButton *
what_if_button (Fixture    *f,
                const char *name)
{
  GtkWidget *page = vnl_analysis_pane_get_page_widget (f->pane, "what-if");
  GPtrArray *stack = g_ptr_array_new ();
  GtkCheckButton *found = NULL;

  g_ptr_array_add (stack, page);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_CHECK_BUTTON (w) &&
          g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)), name) == 0)
        found = GTK_CHECK_BUTTON (w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);
  return found;
}

static gboolean
trace_crosses (VnlAnalysis *analysis,
               const char  *name)
{
  VnlTrace *trace = vnl_analysis_get_trace (analysis);

  g_assert_nonnull (trace);
  for (guint i = 0; i < trace->path->len; i++)
    if (g_str_equal (trace->path->pdata[i], name))
      return TRUE;
  return FALSE;
}

/* Issue 11: a what-if failure is a scenario, not an edit. Taking the
 * primary ExpressRoute link down on the What-if page reroutes the path
 * over the VPN (the reference lab's failover) but leaves the design
 * unmodified, gives no undo step, and saving writes the very same bytes.
 * Saving it as a named scenario is an edit: the file then holds the
 * scenario (and still no state="down" on the link), and reopening lists it
 * and loads it back into the what-if. */
static void
test_what_if_not_an_edit (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "azure-interop-testbed.vnetlab", NULL);
  g_autofree char *dir = g_dir_make_tmp ("vnl-whatif-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lab.vnetlab", NULL);
  g_autofree char *original = NULL, *saved = NULL, *with_scenario = NULL;
  gsize original_len = 0, saved_len = 0;
  VnlAnalysis *analysis;
  VnlHistory *history;
  VnlDesign *design;
  GtkCheckButton *button;
  GtkWidget *page;
  GtkEntry *entry = NULL;
  g_auto(GStrv) down = NULL;
  VnlScenario *scenario;

  /* The window's own copy of the sample, saved once so that the bytes
   * compared are the writer's. */
  g_assert_true (g_file_get_contents (sample, &original, &original_len, NULL));
  g_assert_true (g_file_set_contents (path, original, original_len, NULL));
  g_assert_true (vnl_window_open_path (f->window, path));
  iterate ();
  g_assert_true (vnl_window_save (f->window, NULL));
  g_clear_pointer (&original, g_free);
  g_assert_true (g_file_get_contents (path, &original, &original_len, NULL));

  analysis = vnl_analysis_pane_get_analysis (f->pane);
  history = vnl_window_get_history (f->window);
  design = vnl_window_get_design (f->window);
  vnl_analysis_pane_show_page (f->pane, "what-if");
  pick (f, "loc1-vm", "hub-vm");
  g_assert_false (trace_crosses (analysis, "hub-loc1-vpn"));

  /* er1-secondary is down in the file itself: not a what-if toggle. */
  button = what_if_button (f, "er1-secondary");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));

  button = what_if_button (f, "er1-primary");
  g_assert_true (gtk_check_button_get_active (button));
  gtk_check_button_set_active (button, FALSE);
  iterate ();
  g_assert_true (vnl_analysis_is_what_if_down (analysis, "er1-primary"));
  g_assert_true (((VnlObject *) vnl_design_lookup (design, "er1-primary"))->up);
  g_assert_true (trace_crosses (analysis, "hub-loc1-vpn"));
  g_assert_false (vnl_history_is_modified (history));
  g_assert_false (vnl_history_can_undo (history));

  g_assert_true (vnl_window_save (f->window, NULL));
  g_assert_true (g_file_get_contents (path, &saved, &saved_len, NULL));
  g_assert_cmpmem (saved, saved_len, original, original_len);

  /* Saved as a scenario: an undoable edit that the file keeps. */
  page = vnl_analysis_pane_get_page_widget (f->pane, "what-if");
  entry = GTK_ENTRY (find_type (page, GTK_TYPE_ENTRY));
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "ER1 primary out");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "analysis.save-scenario", NULL);
  iterate ();
  g_assert_true (vnl_history_is_modified (history));
  g_assert_cmpstr (vnl_analysis_get_scenario (analysis), ==, "ER1 primary out");
  g_assert_true (vnl_window_save (f->window, NULL));
  g_assert_true (g_file_get_contents (path, &with_scenario, NULL, NULL));
  g_assert_nonnull (strstr (with_scenario, "<scenario name=\"ER1 primary out\">"));
  g_assert_nonnull (strstr (with_scenario, "<down ref=\"er1-primary\"/>"));
  g_assert_null (strstr (with_scenario, "name=\"er1-primary\" role=\"primary\" subnet=\"192.168.30.16/30\" ce-address=\"192.168.30.17\" msee-address=\"192.168.30.18\" ce=\"loc1-ce\" state=\"down\""));

  /* Reopened: nothing is down in the what-if until the scenario is loaded. */
  g_assert_true (vnl_window_open_path (f->window, path));
  iterate ();
  analysis = vnl_analysis_pane_get_analysis (f->pane);
  design = vnl_window_get_design (f->window);
  scenario = vnl_scenario_lookup (design, "ER1 primary out");
  g_assert_nonnull (scenario);
  g_assert_cmpstr (scenario->down[0], ==, "er1-primary");
  g_assert_null (scenario->down[1]);
  g_assert_false (vnl_analysis_is_what_if_down (analysis, "er1-primary"));
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "analysis.load-scenario", NULL);
  iterate ();
  down = vnl_analysis_get_what_if_down (analysis);
  g_assert_cmpuint (g_strv_length (down), ==, 1);
  g_assert_cmpstr (down[0], ==, "er1-primary");
  g_assert_cmpstr (vnl_analysis_get_scenario (analysis), ==, "ER1 primary out");
  g_assert_false (vnl_history_is_modified (vnl_window_get_history (f->window)));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  static const char *pages[] = { "path", "watcher", "npm", "routes", "matrix", "perspective", "what-if" };
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (f->pane);
  VnlMatrixView *matrix = VNL_MATRIX_VIEW (vnl_analysis_pane_get_page_widget (f->pane, "matrix"));
  VnlRoutesView *routes = VNL_ROUTES_VIEW (vnl_analysis_pane_get_page_widget (f->pane, "routes"));
  GPtrArray *names = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *why = NULL;
  int from = -1, to = -1;
  double x, y;

  pick (f, "loc1-vm", "hub-vm");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page;

      vnl_analysis_pane_show_page (f->pane, pages[i]);
      iterate ();
      page = vnl_analysis_pane_get_page_widget (f->pane, pages[i]);
      g_assert_true (gtk_widget_get_mapped (page));
    }

  /* Network Watcher grid. */
  text = page_text (f, "watcher");
  g_assert_nonnull (strstr (text, "Source"));
  g_assert_nonnull (strstr (text, "Destination"));
  g_assert_nonnull (strstr (text, "Healthy"));
  g_assert_nonnull (strstr (text, "Unknown"));       /* the silent gateway */

  /* Routes of the hub, with the reason the best route won, as CSV. */
  g_assert_true (vnl_routes_view_set_node (routes, "hub"));
  g_assert_cmpuint (vnl_routes_view_get_n_rows (routes), >, 5);
  csv = vnl_routes_view_to_csv (routes);
  g_assert_true (g_str_has_prefix (csv, "State,Prefix,"));
  g_assert_nonnull (strstr (csv, "10.2.30.0/25"));
  g_assert_nonnull (strstr (csv, "ExpressRoute preferred over VPN"));

  /* Matrix: loc1 and loc2 are behind two circuits without Global Reach. */
  vnl_analysis_get_reachability (analysis, &names);
  for (guint i = 0; i < names->len; i++)
    {
      if (g_str_equal (names->pdata[i], "loc1-vm"))
        from = i;
      if (g_str_equal (names->pdata[i], "loc2-vm"))
        to = i;
    }
  g_assert_cmpint (from, >=, 0);
  g_assert_cmpint (to, >=, 0);
  why = vnl_matrix_view_describe (matrix, from, to);
  g_assert_nonnull (strstr (why, "unreachable"));
  g_assert_nonnull (strstr (why, "unless Global Reach joins them"));
  vnl_matrix_view_cell_center (matrix, from, to, &x, &y);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (matrix));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
        if (GTK_IS_GESTURE_CLICK (controller))
          g_signal_emit_by_name (controller, "pressed", 1, x, y);
      }
  }
  iterate ();
  g_assert_cmpstr (vnl_analysis_get_from (analysis), ==, "loc1-vm");
  g_assert_cmpstr (vnl_analysis_get_to (analysis), ==, "loc2-vm");

  /* Perspective of loc1: the routes each link carries. */
  vnl_analysis_pane_show_page (f->pane, "perspective");
  vnl_analysis_pane_set_perspective (f->pane, "loc1");
  iterate ();
  g_clear_pointer (&text, g_free);
  text = page_text (f, "perspective");
  g_assert_nonnull (strstr (text, "Perspective of loc1"));
  g_assert_nonnull (strstr (text, "loc1-ce → er1: 10.2.30.0/25"));
}

/* Every label of @widget ends inside @page's visible width, but for those
 * inside a GtkScrolledWindow that scrolls sideways (the tracert text). */
static void
assert_fits (GtkWidget *widget,
             GtkWidget *page,
             int        width,
             guint     *n_checked)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && widget != page)
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));
      graphene_rect_t bounds;

      /* A sideways scroller itself fits, and shows its scrollbar when it
       * scrolls: overlay indicators only appear under the pointer. */
      g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width + 1);
      if (gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h) + 1)
        g_assert_false (gtk_scrolled_window_get_overlay_scrolling (GTK_SCROLLED_WINDOW (widget)));
      return;
    }
  if ((GTK_IS_LABEL (widget) || VNL_IS_HOP_MAP (widget)) && gtk_widget_is_drawable (widget))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
      if (bounds.origin.x + bounds.size.width > width + 1)
        g_error ("“%s” ends at %.0f, past the pane's %d px",
                 GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "the hop map",
                 bounds.origin.x + bounds.size.width, width);
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    assert_fits (c, page, width, n_checked);
}

/* The scrolled window a page lives in. */
static GtkWidget *
page_scroller (Fixture    *f,
               const char *page)
{
  GtkWidget *widget = vnl_analysis_pane_get_page_widget (f->pane, page);

  while (widget != NULL && !GTK_IS_SCROLLED_WINDOW (widget))
    widget = gtk_widget_get_parent (widget);
  g_assert_nonnull (widget);
  return widget;
}

/* The hop table, the tracert text and the Network Watcher cards and grid
 * fit a narrow pane: they wrap (or, for the tracert columns, scroll
 * sideways with a visible scrollbar), nothing is cut off on the right.
 * A dropped path brings the longest texts (the drop and its reason). */
static void
test_pages_fit (Fixture       *f,
                gconstpointer  data)
{
  static const char *pairs[][2] = { { "loc1-vm", "hub-vm" }, { "branch", "remote" } };
  static const char *pages[] = { "path", "watcher" };

  /* The application's style, as the designer runs with it (the stack
   * switcher's buttons are narrower there). */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/io/github/vnetlab/VNetLab/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_object_set (f->pane, "pane-width", 340, NULL);
  for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
    {
      pick (f, pairs[p][0], pairs[p][1]);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          GtkWidget *scroller;
          guint n = 0;
          int width;

          vnl_analysis_pane_show_page (f->pane, pages[i]);
          for (guint k = 0; k < 5; k++)
            {
              iterate ();
              g_usleep (20000);
            }
          scroller = page_scroller (f, pages[i]);
          width = gtk_widget_get_width (scroller);
          g_assert_cmpint (width, >, 200);
          g_assert_cmpint (width, <, 520);   /* no narrower than its page switcher */
          assert_fits (scroller, scroller, width, &n);
          g_test_message ("%s %s→%s: %u widgets fit %d px", pages[i], pairs[p][0], pairs[p][1], n, width);
          g_assert_cmpuint (n, >, 5);
        }
    }
}

/* Runs the main loop until the live checks found problems. */
static void
wait_problems (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (vnl_window_get_problems (f->window)->len == 0 && g_get_monotonic_time () < end)
    {
      iterate ();
      g_usleep (10000);
    }
  iterate ();
  g_assert_cmpuint (vnl_window_get_problems (f->window)->len, >, 0);
}

/* "The design has N problems" where one explains the answer shown: a VM
 * given an address outside its VNet explains a path to it (and the
 * matrix, whose rows are endpoints), not a path elsewhere. */
static void
test_problems_that_explain (Fixture       *f,
                            gconstpointer  data)
{
  VnlHistory *history = vnl_window_get_history (f->window);
  gpointer remote_vm = vnl_design_lookup (vnl_window_get_design (f->window), "remote-vm");
  g_autoptr(GError) error = NULL;
  const char *text = NULL;

  pick (f, "loc1-vm", "hub-vm");
  vnl_analysis_pane_show_page (f->pane, "path");
  iterate ();
  g_assert_false (vnl_analysis_pane_get_problems_shown (f->pane, NULL));

  /* remote is 10.17.30.0/24. */
  g_assert_true (vnl_history_set_property (history, remote_vm, "address", "10.99.30.4", &error));
  g_assert_no_error (error);
  wait_problems (f);

  /* A problem, but not on this path: not mentioned. */
  pick (f, "loc1-vm", "hub-vm");
  g_assert_false (vnl_analysis_pane_get_problems_shown (f->pane, NULL));

  /* Towards the VM with the problem: said, naming it. */
  pick (f, "hub-vm", "remote-vm");
  g_assert_true (vnl_analysis_pane_get_problems_shown (f->pane, &text));
  g_assert_nonnull (strstr (text, "1 problem"));
  g_assert_nonnull (strstr (text, "remote-vm"));
  if (g_getenv ("VNL_SHOT") != NULL)
    {
      gint64 end = g_get_monotonic_time () + atoi (g_getenv ("VNL_SHOT")) * 1000;
      while (g_get_monotonic_time () < end)
        {
          iterate ();
          g_usleep (10000);
        }
    }

  /* On the Matrix page, whose rows are the endpoints: said; on the
   * Routes page, which answers no pair: not. */
  vnl_analysis_pane_show_page (f->pane, "matrix");
  iterate ();
  g_assert_true (vnl_analysis_pane_get_problems_shown (f->pane, NULL));
  vnl_analysis_pane_show_page (f->pane, "routes");
  iterate ();
  g_assert_false (vnl_analysis_pane_get_problems_shown (f->pane, NULL));

  /* Undone, nothing to say. */
  vnl_analysis_pane_show_page (f->pane, "path");
  g_assert_true (vnl_history_undo (history));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (vnl_window_get_problems (f->window)->len > 0 && g_get_monotonic_time () < end)
      {
        iterate ();
        g_usleep (10000);
      }
  }
  g_assert_false (vnl_analysis_pane_get_problems_shown (f->pane, NULL));
}

/* A large design recomputes in a worker: the main loop keeps running. */
static gboolean
tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_large_async (void)
{
  VnlGenerateOptions opts = { 0 };
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlAnalysis) analysis = vnl_analysis_new ();
  guint ticks = 0, id;
  gint64 deadline;

  vnl_generate_options_init (&opts);
  opts.n_vnets = 400;
  opts.n_sites = 40;
  opts.n_circuits = 10;
  opts.n_prefixes = 400;
  design = vnl_generate_design (&opts, NULL);
  g_assert_nonnull (design);
  g_assert_cmpuint (vnl_design_count (design), >, VNL_ANALYSIS_ASYNC_OBJECTS);

  id = g_timeout_add (5, tick, &ticks);
  vnl_analysis_set_design (analysis, design);
  g_assert_true (vnl_analysis_is_busy (analysis));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (vnl_analysis_is_busy (analysis) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  g_assert_false (vnl_analysis_is_busy (analysis));
  g_assert_nonnull (vnl_analysis_get_network (analysis));
  g_test_message ("large design: %.0f ms in the worker, %u main-loop ticks meanwhile",
                  vnl_analysis_get_last_ms (analysis), ticks);
  g_assert_cmpuint (ticks, >, 0);
}

/* Issue 10 §3: the path tool takes any address as the destination. An
 * address no part of the design holds is on the Internet, reached by the
 * VNet's 0.0.0.0/0 → Internet system route (spec G3: the default system
 * routes of every subnet); an entry that is not an address changes
 * nothing. A gateway's instances are What-if toggles of their own
 * (issue 10 §5): taking one ExpressRoute gateway instance down keeps the
 * path, another instance takes over. */
static void
test_trace_to_address (Fixture       *f,
                       gconstpointer  data)
{
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (f->pane);
  GtkWidget *entry = find_type (vnl_analysis_pane_get_page_widget (f->pane, "path"), GTK_TYPE_ENTRY);
  g_autofree char *text = NULL;
  g_auto(GStrv) down = NULL;
  GtkCheckButton *instance;

  g_assert_nonnull (entry);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "analysis.pick-path", NULL);
  click_node (f, "hub-vm");
  gtk_editable_set_text (GTK_EDITABLE (entry), "8.8.8.x");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "analysis.trace-to-address", NULL);
  iterate ();
  g_assert_null (vnl_analysis_get_to (analysis));

  gtk_editable_set_text (GTK_EDITABLE (entry), " 8.8.8.8 ");
  g_signal_emit_by_name (entry, "activate");
  iterate ();
  g_assert_cmpstr (vnl_analysis_get_from (analysis), ==, "hub-vm");
  g_assert_cmpstr (vnl_analysis_get_to (analysis), ==, "8.8.8.8");
  g_assert_nonnull (vnl_analysis_get_trace (analysis));
  g_assert_true (vnl_analysis_get_trace (analysis)->reached);
  g_assert_true (vnl_analysis_get_trace (analysis)->internet);
  text = page_text (f, "path");
  g_assert_nonnull (strstr (text, "Tracing route to 8.8.8.8"));

  pick (f, "loc1-vm", "hub-vm");
  instance = what_if_button (f, "hub-ergw/0");
  g_assert_true (gtk_check_button_get_active (instance));
  gtk_check_button_set_active (instance, FALSE);
  vnl_analysis_recompute_now (analysis);
  iterate ();
  g_assert_true (vnl_analysis_is_what_if_down (analysis, "hub-ergw/0"));
  down = vnl_analysis_get_what_if_down (analysis);
  g_assert_true (g_strv_contains ((const char * const *) down, "hub-ergw/0"));
  g_assert_true (vnl_analysis_get_trace (analysis)->reached);
}

typedef struct
{
  VnlWindow *window;
  VnlAnalysis *analysis;
  gboolean   painted;
  gboolean   analysed_before_paint;
} OpenLarge;

static void
on_large_after_paint (GdkFrameClock *clock,
                      OpenLarge     *ol)
{
  if (ol->painted || vnl_design_count (vnl_window_get_design (ol->window)) == 0)
    return;
  ol->painted = TRUE;
  ol->analysed_before_paint = vnl_analysis_get_design (ol->analysis) != NULL;
}

/* Opening a large design paints it first: the analysis (whose worker needs
 * a copy of the design, made on the main thread) gets it only after the
 * first frame, and the closed pane fills its pages only when it opens.
 * (The time itself is measured by bench-canvas: "window: open to first
 * paint".) */
static void
test_large_open_paints_first (void)
{
  VnlGenerateOptions opts;
  g_autoptr(VnlDesign) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnl-large-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.vnetlab", NULL);
  OpenLarge ol = { 0 };
  VnlAnalysisPane *pane;
  GdkFrameClock *clock;
  gint64 deadline;

  vnl_generate_options_init (&opts);
  opts.n_vnets = 300;
  opts.n_sites = 30;
  opts.n_circuits = 8;
  opts.n_prefixes = 300;
  generated = vnl_generate_design (&opts, NULL);
  g_assert_cmpuint (vnl_design_count (generated), >, VNL_ANALYSIS_ASYNC_OBJECTS);
  g_assert_true (vnl_design_save (generated, path, &error));
  g_assert_no_error (error);

  ol.window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (ol.window), 1400, 900);
  gtk_window_present (GTK_WINDOW (ol.window));
  iterate ();
  pane = VNL_ANALYSIS_PANE (find_type (GTK_WIDGET (ol.window), VNL_TYPE_ANALYSIS_PANE));
  ol.analysis = vnl_analysis_pane_get_analysis (pane);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane)));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (vnl_window_get_canvas (ol.window)));
  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_large_after_paint), &ol);

  vnl_window_open_path_async (ol.window, path, FALSE);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while ((!ol.painted || vnl_analysis_get_design (ol.analysis) == NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (clock, &ol);
  g_assert_true (ol.painted);
  g_assert_false (ol.analysed_before_paint);
  g_assert_true (vnl_analysis_get_design (ol.analysis) == vnl_window_get_design (ol.window));

  /* Closed, the pages are not filled for it (the Perspective page lists
   * no network of it yet); opened, they are. */
  while (vnl_analysis_is_busy (ol.analysis) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  {
    GtkWidget *drop = find_type (vnl_analysis_pane_get_page_widget (pane, "perspective"), GTK_TYPE_DROP_DOWN);

    g_assert_nonnull (drop);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop))), ==, 0);
    gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
    iterate ();
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop))), >=, opts.n_vnets);
  }

  vnl_history_set_unmodified (vnl_window_get_history (ol.window));
  gtk_window_destroy (GTK_WINDOW (ol.window));
  g_object_unref (ol.window);
  iterate ();
  g_unlink (path);
  g_rmdir (dir);
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
  ADD ("/ui/analysis/pick-path", test_pick_path);
  ADD ("/ui/analysis/multipath", test_multipath);
  ADD ("/ui/analysis/what-if-failover", test_what_if);
  ADD ("/ui/analysis/what-if-not-an-edit", test_what_if_not_an_edit);
  ADD ("/ui/analysis/edit-changes", test_edit_changes);
  ADD ("/ui/analysis/views", test_views);
  ADD ("/ui/analysis/trace-to-address", test_trace_to_address);
  ADD ("/ui/analysis/pages-fit-pane", test_pages_fit);
  ADD ("/ui/analysis/problems-that-explain", test_problems_that_explain);
#undef ADD
  g_test_add_func ("/ui/analysis/large-design-async", test_large_async);
  g_test_add_func ("/ui/analysis/large-open-paints-first", test_large_open_paints_first);

  return g_test_run ();
}
