/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vnl-limits-panel.h"
#include "vnl-window.h"

/* UI tests of View → Azure Limits: a Basic VPN gateway with 11 tunnels
 * crosses Azure's limit of 10 for that SKU [VPN-SKU] and one with 10 is
 * within it. The panel opens through win.limits, lists the crossing,
 * follows an edit, and a click selects the gateway on the canvas. */

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A Basic VPN gateway "vpn" with @n site-to-site connections. */
static char *
write_tunnels (const char *dir,
               guint       n)
{
  g_autoptr(GString) s = g_string_new ("<?xml version=\"1.0\"?>\n"
                                       "<design xmlns=\"urn:vnetlab:design:1\" version=\"1\">\n"
                                       " <locations><location name=\"r\" kind=\"azure-region\"/></locations>\n"
                                       " <vnet name=\"v0\" location=\"r\"><address-space prefix=\"10.0.0.0/24\"/>"
                                       "<subnet name=\"GatewaySubnet\" prefix=\"10.0.0.224/27\"/></vnet>\n"
                                       " <gateway name=\"vpn\" vnet=\"v0\" type=\"vpn\" sku=\"Basic\" asn=\"65515\""
                                       " public-address=\"198.51.100.200\"><instance address=\"10.0.0.228\"/></gateway>\n");
  char *path = g_strdup_printf ("%s/tunnels-%u.vnetlab", dir, n);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, " <local-network-gateway name=\"l%u\" public-address=\"203.0.113.%u\">"
                            "<prefix value=\"192.168.%u.0/24\"/></local-network-gateway>\n"
                            " <s2s-connection name=\"s%u\" gateway=\"vpn\" local-network-gateway=\"l%u\" bgp=\"false\""
                            " ike-version=\"2\"/>\n", i, i + 1, i, i, i);
  g_string_append (s, "</design>\n");
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  return path;
}

static VnlLimitsPanel *
find_panel (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (VNL_IS_LIMITS_PANEL (window))
        return VNL_LIMITS_PANEL (window);
    }
  return NULL;
}

/* The row whose text holds every one of @words, or -1. */
static int
find_row (VnlLimitsPanel *panel,
          const char     *a,
          const char     *b)
{
  for (guint i = 0; i < vnl_limits_panel_get_n_rows (panel); i++)
    {
      g_autofree char *text = vnl_limits_panel_get_row_text (panel, i);
      if (strstr (text, a) != NULL && (b == NULL || strstr (text, b) != NULL))
        return (int) i;
    }
  return -1;
}

static void
test_crossed_and_within (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnetlab-limits-XXXXXX", NULL);
  g_autofree char *over = write_tunnels (dir, 11);
  g_autofree char *at = write_tunnels (dir, 10);
  VnlWindow *window = g_object_ref_sink (vnl_window_new (NULL));
  VnlViewport *viewport;
  VnlLimitsPanel *panel;
  GPtrArray *selection;
  int row;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vnl_window_open_path (window, over));
  iterate ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.limits", NULL);
  iterate ();
  panel = find_panel ();
  g_assert_nonnull (panel);

  /* 11 tunnels on a Basic gateway: the one limit crossed, with the
   * figure's source on the limit's row. */
  g_assert_cmpuint (vnl_limits_panel_get_n_crossed (panel), ==, 1);
  row = find_row (panel, "vpn: 11 > 10", NULL);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpint (find_row (panel, "vpn 11 / 10", "about-gateway-skus.md"), >=, 0);
  /* Every limit of the table is counted now (the Virtual WAN hub's
   * last): no row says it is not modelled. */
  g_assert_cmpint (find_row (panel, "not modelled", NULL), <, 0);

  /* A click selects the gateway. */
  viewport = vnl_canvas_get_viewport (vnl_window_get_canvas (window));
  vnl_viewport_clear_selection (viewport);
  vnl_limits_panel_activate_row (panel, row);
  selection = vnl_viewport_get_selection (viewport);
  g_assert_cmpuint (selection->len, ==, 1);
  g_assert_cmpstr (((VnlObject *) selection->pdata[0])->name, ==, "vpn");

  /* Another document: the panel follows it; ten tunnels are within. */
  g_assert_true (vnl_window_open_path (window, at));
  iterate ();
  g_assert_cmpuint (vnl_limits_panel_get_n_crossed (panel), ==, 0);
  g_assert_cmpint (find_row (panel, "vpn 10 / 10", NULL), >=, 0);
  g_assert_cmpint (find_row (panel, " > ", NULL), <, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  iterate ();
  g_assert_null (find_panel ());
  g_remove (over);
  g_remove (at);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;
  g_test_add_func ("/ui/limits/crossed-and-within", test_crossed_and_within);
  return g_test_run ();
}
