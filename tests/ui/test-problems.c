/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-problems-panel.h"
#include "vnl-kinds.h"
#include "vnl-window.h"

/* Live checks (issue 11): an edit that breaks the design shows up in the
 * problems panel without saving or running the CLI; clicking the row
 * selects the object and brings it into the middle of the canvas. */

typedef struct
{
  VnlWindow *window;
} Fixture;

/* Runs the main loop for @ms milliseconds: the checks are debounced. */
static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until the last check found problems (@some) or none,
 * at most 10 s: a loaded machine may take long to draw a frame. */
static void
wait_check (Fixture  *f,
            gboolean  some)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  wait_ms (200);
  while ((vnl_window_get_problems (f->window)->len > 0) != some && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "samples", "azure-interop-testbed.vnetlab", NULL);

  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vnl_window_open_path (f->window, path));
  wait_ms (100);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  wait_ms (50);
}

static void
set_property (Fixture    *f,
              const char *object,
              const char *key,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_window_get_design (f->window);

  g_assert_true (vnl_history_set_property (vnl_window_get_history (f->window),
                                           vnl_design_lookup (design, object), key, text,
                                           &error));
  g_assert_no_error (error);
}

/* The row of the panel that mentions both @a and @b, or -1. */
static int
find_row (VnlProblemsPanel *panel,
          const char       *a,
          const char       *b)
{
  for (guint i = 0; i < vnl_problems_panel_get_n_rows (panel); i++)
    {
      g_autofree char *text = vnl_problems_panel_get_row_text (panel, i);
      if (strstr (text, a) != NULL && strstr (text, b) != NULL)
        return i;
    }
  return -1;
}

static void
test_planted_overlap (Fixture       *f,
                      gconstpointer  data)
{
  VnlProblemsPanel *panel = VNL_PROBLEMS_PANEL (vnl_window_get_problems_panel (f->window));
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlViewport *viewport = vnl_canvas_get_viewport (canvas);
  gpointer spoke = vnl_design_lookup (vnl_window_get_design (f->window), "spoke");
  VnlRect r;
  double sx, sy;
  int row;

  /* The reference lab is valid. */
  g_assert_cmpuint (vnl_problems_panel_get_n_rows (panel), ==, 0);

  /* Spoke is peered with hub (10.10.30.0/24): giving it a part of hub's
   * space is refused by Azure and by `vnetlab-cli validate`. */
  set_property (f, "spoke", "address-spaces", "10.10.30.0/26");
  wait_check (f, TRUE);
  g_assert_cmpuint (vnl_window_get_problems (f->window)->len, >=, 1);
  g_assert_cmpuint (vnl_problems_panel_get_n_rows (panel), ==, vnl_window_get_problems (f->window)->len);
  row = find_row (panel, "overlap", "10.10.30.0/26");
  g_assert_cmpint (row, >=, 0);

  /* Shown, the panel's row selects and centres the object it names. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.problems", NULL));
  wait_ms (600);    /* the panel slides in: the canvas gets shorter */
  vnl_viewport_clear_selection (viewport);
  vnl_viewport_pan (viewport, 700, -500);
  for (guint i = 0; i < vnl_problems_panel_get_n_rows (panel); i++)
    {
      g_autofree char *text = vnl_problems_panel_get_row_text (panel, i);
      if (g_str_has_suffix (text, "— spoke"))
        row = i;
    }
  vnl_problems_panel_activate_row (panel, row);
  wait_ms (300);
  g_assert_true (vnl_viewport_get_focus (viewport) == spoke);
  g_assert_true (vnl_renderer_get_object_bounds (vnl_canvas_get_renderer (canvas), spoke, &r));
  vnl_viewport_to_screen (viewport, r.x + r.width / 2, r.y + r.height / 2, &sx, &sy);
  g_assert_cmpfloat (fabs (sx - gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0), <, 2);
  g_assert_cmpfloat (fabs (sy - gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0), <, 2);
  if (g_getenv ("VNL_SHOT") != NULL)
    {
      /* Leave time to take a screenshot of the panel. */
      wait_ms (atoi (g_getenv ("VNL_SHOT")));
    }

  /* Undo repairs the design: the panel empties. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  wait_check (f, FALSE);
  g_assert_cmpuint (vnl_problems_panel_get_n_rows (panel), ==, 0);
}

/* A VM outside its VNet and use-remote-gateways without gateway transit
 * on the other side: both listed, both with their object. */
static void
test_more_checks (Fixture       *f,
                  gconstpointer  data)
{
  VnlProblemsPanel *panel = VNL_PROBLEMS_PANEL (vnl_window_get_problems_panel (f->window));

  set_property (f, "spoke-vm", "address", "192.0.2.10");
  set_property (f, "hub-spoke", "b-use-remote-gateways", "true");
  set_property (f, "hub-spoke", "a-allow-gateway-transit", "false");
  wait_check (f, TRUE);
  g_assert_cmpint (find_row (panel, "192.0.2.10", "spoke-vm"), >=, 0);
  g_assert_cmpint (find_row (panel, "gateway transit", "hub-spoke"), >=, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

  g_test_add ("/ui/problems/planted-overlap", Fixture, NULL, fixture_setup, test_planted_overlap, fixture_teardown);
  g_test_add ("/ui/problems/more-checks", Fixture, NULL, fixture_setup, test_more_checks, fixture_teardown);
  return g_test_run ();
}
