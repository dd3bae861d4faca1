/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vnl-application.h"
#include "vnl-bgp.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VnlApplication) app = NULL;

  vnl_memory_init ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  /* Run from the build tree (not installed): use the catalogues meson
   * compiled there (BUILD_DIR/po/LANG/LC_MESSAGES/vnetlab.mo). */
  {
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *build_po = g_build_filename (BUILD_DIR, "po", NULL);

    if (exe != NULL && g_str_has_prefix (exe, BUILD_DIR G_DIR_SEPARATOR_S) &&
        g_file_test (build_po, G_FILE_TEST_IS_DIR))
      bindtextdomain (GETTEXT_PACKAGE, build_po);
  }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("VNetLab");
  app = vnl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
