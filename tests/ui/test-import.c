/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vnl-import-dialog.h"
#include "vnl-window.h"

/* UI tests of File → Import…: the fixtures of tests/data/import imported
 * as the chooser would hand them over (vnl_import_dialog_import), into a
 * new window with the report dialog over it; bad input opens nothing. */

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static guint
count_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      n += VNL_IS_WINDOW (window);
    }
  return n;
}

static void
close_window (VnlWindow *window)
{
  vnl_history_set_unmodified (vnl_window_get_history (window));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static const char * const cli_files[] = {
  "cli/vnet-list.json", "cli/vnet-peering-list-spoke1.json", "cli/vnet-gateway-list.json",
  "cli/public-ip-list.json", "cli/local-gateway-list.json", "cli/express-route-list.json",
  "cli/vpn-connection-list.json", "cli/nic-list.json", "cli/route-table-list.json",
  "cli/nsg-list.json", "cli/firewall-list.json",
};

/* Several files at once: one new, untitled, unsaved window holding what
 * the core import makes, every node placed, and the report of every row
 * (the firewall's policy ignored with its reason), copied and saved as the CLI's
 * table. */
static void
test_import_files (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VnlImport) reference = vnl_import_new ();
  g_autoptr(VnlDesign) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnetlab-import-XXXXXX", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;
  VnlImportDialog *dialog = NULL;
  VnlWindow *window;
  VnlDesign *design;
  guint before = count_windows ();
  gboolean found_firewall = FALSE;
  const char *title;

  for (guint i = 0; i < G_N_ELEMENTS (cli_files); i++)
    {
      g_ptr_array_add (paths, data_path (cli_files[i]));
      g_assert_true (vnl_import_add_file (reference, paths->pdata[i], &error));
    }
  g_ptr_array_add (paths, NULL);
  expected = vnl_import_run (reference, &error);
  g_assert_no_error (error);

  window = vnl_import_dialog_import (NULL, (const char * const *) paths->pdata, &dialog, &error);
  g_assert_no_error (error);
  g_assert_nonnull (window);
  g_assert_nonnull (dialog);
  iterate ();
  g_assert_cmpuint (count_windows (), ==, before + 1);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* Untitled and unsaved. */
  title = gtk_window_get_title (GTK_WINDOW (window));
  g_assert_true (g_str_has_prefix (title, "• "));
  design = vnl_window_get_design (window);
  g_assert_cmpuint (vnl_design_count (design), ==, vnl_design_count (expected));
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_assert_nonnull (vnl_design_lookup (expected, object->name));
          if (vnl_object_is_node (object))
            g_assert_true (object->has_pos);
        }
    }

  /* One row per report row; the firewall's policy is there with its reason. */
  g_assert_cmpuint (vnl_import_dialog_get_n_rows (dialog), ==, vnl_import_get_report (reference)->len);
  for (guint i = 0; i < vnl_import_dialog_get_n_rows (dialog); i++)
    {
      g_autofree char *row = vnl_import_dialog_get_row_text (dialog, i);
      if (strstr (row, "hub-fw") != NULL && strstr (row, "firewallPolicy.id") != NULL)
        found_firewall = TRUE;
    }
  g_assert_true (found_firewall);

  /* Copy and Save give the CLI's table and summary. */
  text = vnl_import_dialog_get_text (dialog);
  g_assert_true (g_str_has_prefix (text, "STATUS"));
  g_assert_nonnull (strstr (text, "azurefirewalls"));
  g_assert_nonnull (strstr (text, "objects from"));
  g_assert_true (vnl_import_dialog_save (dialog, saved_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, text);
  g_remove (saved_path);
  g_rmdir (dir);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import-report.copy", NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
}

/* Not JSON, truncated, not Azure: an error naming the file (and the line
 * and column where the JSON breaks), and no window is opened. */
static void
test_bad_input (void)
{
  static const struct { const char *data; const char *expect; } cases[] = {
    { "hello", ":1:" },
    { "[{\"id\": \"/subscriptions/s/x\", \"name\":\n  \"a\", ", ":2:" },
    { "{\"a\": 1}", "not Azure" },
  };
  g_autofree char *dir = g_dir_make_tmp ("vnetlab-import-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *good = data_path ("cli/vnet-list.json");
      g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
      const char *paths[] = { good, bad, NULL };
      g_autoptr(GError) error = NULL;
      guint before = count_windows ();

      g_assert_true (g_file_set_contents (bad, cases[i].data, -1, NULL));
      g_assert_null (vnl_import_dialog_import (NULL, paths, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, bad));
      g_assert_nonnull (strstr (error->message, cases[i].expect));
      iterate ();
      g_assert_cmpuint (count_windows (), ==, before);
      g_remove (bad);
    }
  g_rmdir (dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("vnetlab-import-cache-XXXXXX", NULL);
  int status;

  /* An imported design is unsaved work: its autosave goes to a recovery
   * slot of our own, not the user's. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  status = vnl_test_ui_init (&argc, &argv);
  if (status >= 0)
    return status;
  g_test_add_func ("/ui/import/files", test_import_files);
  g_test_add_func ("/ui/import/bad-input", test_bad_input);
  status = g_test_run ();
  remove_tree (cache);
  return status;
}
