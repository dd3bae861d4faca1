/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "vnl-window.h"

/* Opening off the main thread (issue 12, defect 4): the window keeps
 * running while a file loads, shows progress, and Cancel keeps the design
 * it shows. */

typedef struct
{
  VnlWindow *window;
  char      *sample;
} Fixture;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_loaded (VnlWindow *window,
             guint      ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (vnl_window_is_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return !vnl_window_is_loading (window);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  f->sample = g_build_filename (dir != NULL ? dir : "samples", "azure-interop-testbed.vnetlab", NULL);
  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_free (f->sample);
  wait_ms (50);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  VnlDesign *before = vnl_window_get_design (f->window);

  vnl_window_open_path_async (f->window, f->sample, FALSE);
  g_assert_true (vnl_window_is_loading (f->window));
  /* Nothing changes until the worker is done. */
  g_assert_true (vnl_window_get_design (f->window) == before);
  g_assert_true (wait_loaded (f->window, 10000));
  g_assert_true (vnl_window_get_design (f->window) != before);
  /* The reference lab: 6 VNets (hub, spoke, branch, remote, vnet1… see the
   * file); counted from the file itself rather than a fixed number. */
  {
    g_autofree char *text = NULL;
    guint vnets = 0;

    g_assert_true (g_file_get_contents (f->sample, &text, NULL, NULL));
    for (const char *p = text; (p = strstr (p, "<vnet ")) != NULL; p++)
      vnets++;
    g_assert_cmpuint (vnl_design_get_objects (vnl_window_get_design (f->window), VNL_KIND_VNET)->len, ==, vnets);
  }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  VnlDesign *before = vnl_window_get_design (f->window);

  vnl_window_open_path_async (f->window, f->sample, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-open", NULL));
  g_assert_false (vnl_window_is_loading (f->window));
  wait_ms (1000);
  g_assert_true (vnl_window_get_design (f->window) == before);
}

/* A FIFO nobody writes to: reading it never ends (or the loader refuses
 * it); either way the window's main loop keeps running, and Cancel leaves
 * the design shown. */
static void
test_fifo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("vnl-open-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.vnetlab", NULL);
  VnlDesign *before = vnl_window_get_design (f->window);
  gint64 start;
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  vnl_window_open_path_async (f->window, fifo, FALSE);
  start = g_get_monotonic_time ();
  wait_ms (300);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  vnl_window_cancel_open (f->window);
  g_assert_false (vnl_window_is_loading (f->window));
  wait_ms (100);
  g_assert_true (vnl_window_get_design (f->window) == before);

  /* Let a worker still blocked in open() or read() finish. */
  fd = open (fifo, O_WRONLY | O_NONBLOCK);
  if (fd >= 0)
    close (fd);
  wait_ms (200);
  g_unlink (fifo);
  g_rmdir (dir);
}

/* The samples: one button each on the empty canvas and in the Samples
 * menu; one opens as a new unsaved design, and the buttons go. */
static void
test_samples (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->sample);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  GtkWidget *empty = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (f->window), VNL_TYPE_WINDOW, "empty_box");
  GtkWidget *box = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (f->window), VNL_TYPE_WINDOW, "samples_box");
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (f->window), VNL_TYPE_WINDOW, "samples_section"));
  const char *name;
  guint n = 0, buttons = 0;

  while ((name = g_dir_read_name (folder)) != NULL)
    n += g_str_has_suffix (name, ".vnetlab");
  g_assert_cmpuint (n, >, 0);
  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    buttons++;
  g_assert_cmpuint (buttons, ==, n);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, n);
  g_assert_true (gtk_widget_get_visible (empty));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-sample", "s", f->sample));
  wait_ms (100);
  g_assert_cmpuint (vnl_design_get_objects (vnl_window_get_design (f->window), VNL_KIND_VNET)->len, >, 0);
  g_assert_false (gtk_widget_get_visible (empty));
  /* Not tied to the installed file: the title is the untitled one. */
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), "azure-interop-testbed"));
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

  g_test_add ("/ui/open/async", Fixture, NULL, fixture_setup, test_async, fixture_teardown);
  g_test_add ("/ui/open/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/ui/open/samples", Fixture, NULL, fixture_setup, test_samples, fixture_teardown);
  g_test_add ("/ui/open/fifo", Fixture, NULL, fixture_setup, test_fifo, fixture_teardown);
  return g_test_run ();
}
