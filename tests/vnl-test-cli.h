/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Running the real vnetlab-cli ($VNL_CLI) from a test, and finding the
 * samples and other designs. Static: each test program includes it once. */

#include <gio/gio.h>

typedef struct
{
  int   status;
  char *out;   /* owned */
  char *err;   /* owned */
} Run;

static inline void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static inline const char *
cli_path (void)
{
  const char *cli = g_getenv ("VNL_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return cli;
}

static inline void
run_cli (Run        *run,
         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static inline char *
sample (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
}

static inline int
path_compare (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The designs (*.vnetlab) in @dir, their paths sorted. */
static inline GPtrArray *
list_designs (const char *dir)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (name, ".vnetlab"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, path_compare);
  return paths;
}

static inline gboolean
skip_without_cli (void)
{
  if (cli_path () != NULL)
    return FALSE;
  g_test_skip ("VNL_CLI is not set to the vnetlab-cli program");
  return TRUE;
}

