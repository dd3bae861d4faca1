/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "vnl-window.h"

/* The designer in German (po/de.po, compiled into the build tree): the
 * new strings are translated, and no label of the window is cut off (an
 * ellipsized label gets at least its natural width), except the status
 * message and the title (a file name), which have any length by design. */

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
collect_cut (GtkWidget *widget,
             GString   *cut)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut (child, cut);
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      g_strcmp0 (gtk_widget_get_name (widget), "status") != 0 &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)),
                 gtk_window_get_title (GTK_WINDOW (gtk_widget_get_root (widget)))) != 0)
    {
      int natural;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (widget) < natural)
        g_string_append_printf (cut, "“%s” (%d < %d px)\n", gtk_label_get_text (GTK_LABEL (widget)),
                                gtk_widget_get_width (widget), natural);
    }
}

static void
test_german (void)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "samples", "azure-interop-testbed.vnetlab", NULL);
  VnlWindow *window;
  g_autoptr(GString) cut = g_string_new (NULL);

  /* New strings of this change, translated. */
  g_assert_cmpstr (_("_Samples"), ==, "_Beispiele");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "The design has %u problem", "The design has %u problems", 3),
                   ==, "Der Entwurf hat %u Probleme");

  window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vnl_window_open_path (window, path));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.problems", NULL));
  wait_ms (800);
  collect_cut (GTK_WIDGET (window), cut);
  if (cut->len > 0)
    g_test_message ("cut off in German:\n%s", cut->str);
  g_assert_cmpuint (cut->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po = g_build_filename (BUILD_DIR, "po", NULL);
  int status;

  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  status = vnl_test_ui_init (&argc, &argv);
  if (status >= 0)
    return status;
  g_test_add_func ("/ui/german/translated-and-not-cut", test_german);
  return g_test_run ();
}
