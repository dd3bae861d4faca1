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
