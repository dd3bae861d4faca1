/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The start of every UI test program: skip without a display (an empty TAP
 * plan under --tap, exit 77 otherwise), no accessibility bus, and the
 * warnings of a headless machine without a session bus are not failures.
 * Static: each test program includes it once. */

#include <gtk/gtk.h>
#include <string.h>

static inline gboolean
vnl_test_ui_not_fatal (const char     *domain,
                       GLogLevelFlags  level,
                       const char     *message,
                       gpointer        data)
{
  return strstr (message, "session bus") == NULL && strstr (message, "dbus") == NULL &&
         strstr (message, "portal") == NULL;
}

/* Returns -1 to go on with the tests, else the exit status to return. */
static inline int
vnl_test_ui_init (int    *argc,
                  char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      for (int i = 1; i < *argc; i++)
        if (g_str_equal ((*argv)[i], "--tap"))
          {
            g_print ("1..0 # SKIP no display\n");
            return 0;
          }
      g_print ("SKIP: no display\n");
      return 77;
    }
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (argc, argv, NULL);
  g_test_log_set_fatal_handler (vnl_test_ui_not_fatal, NULL);
  return -1;
}

/* Runs the main loop for @ms milliseconds. */
static inline void
vnl_test_ui_wait (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Every widget of @type under @widget (itself included), in tree order. */
static inline void
vnl_test_ui_find_all (GtkWidget *widget,
                      GType      type,
                      GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    vnl_test_ui_find_all (c, type, out);
}

/* The first button under @widget whose label (or its label child's text)
 * is @label, NULL when none. */
static inline GtkWidget *
vnl_test_ui_find_button (GtkWidget  *widget,
                         const char *label)
{
  GPtrArray *buttons = g_ptr_array_new ();
  GtkWidget *found = NULL;

  vnl_test_ui_find_all (widget, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len && found == NULL; i++)
    {
      GPtrArray *labels = g_ptr_array_new ();

      vnl_test_ui_find_all (buttons->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint l = 0; l < labels->len && found == NULL; l++)
        if (g_str_equal (gtk_label_get_text (GTK_LABEL (labels->pdata[l])), label))
          found = buttons->pdata[i];
      g_ptr_array_unref (labels);
    }
  g_ptr_array_unref (buttons);
  return found;
}

/* Writes the screen as DIR/NAME.png when VNL_SHOT=DIR is set (with
 * ImageMagick's import). */
static inline void
vnl_test_ui_shot (const char *name)
{
  const char *dir = g_getenv ("VNL_SHOT");
  char *command;

  if (dir == NULL)
    return;
  vnl_test_ui_wait (300);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (command);
}

/* Runs the main loop until idle, a few times over 200 ms: long enough for
 * the analysis to recompute and the widgets to follow. */
static inline void
vnl_test_ui_settle (void)
{
  for (guint i = 0; i < 4; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (50000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The first widget of @type under @widget, NULL when none. */
static inline GtkWidget *
vnl_test_ui_find_first (GtkWidget *widget,
                        GType      type)
{
  GPtrArray *found = g_ptr_array_new ();
  GtkWidget *first;

  vnl_test_ui_find_all (widget, type, found);
  first = found->len > 0 ? found->pdata[0] : NULL;
  g_ptr_array_unref (found);
  return first;
}

/* Does the first drop-down under @widget (a GtkStringList model) offer
 * @name? Its position in *@position when it does. */
static inline gboolean
vnl_test_ui_drop_down_offers (GtkWidget  *widget,
                              const char *name,
                              guint      *position)
{
  GtkWidget *picker = vnl_test_ui_find_first (widget, GTK_TYPE_DROP_DOWN);
  GListModel *model;

  g_assert_nonnull (picker);
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (picker));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }
  return FALSE;
}

/* Picks @name in the first drop-down under @widget, as a user would;
 * FALSE when it is not offered. */
static inline gboolean
vnl_test_ui_drop_down_pick (GtkWidget  *widget,
                            const char *name)
{
  guint position;

  if (!vnl_test_ui_drop_down_offers (widget, name, &position))
    return FALSE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vnl_test_ui_find_first (widget, GTK_TYPE_DROP_DOWN)), position);
  vnl_test_ui_settle ();
  return TRUE;
}
