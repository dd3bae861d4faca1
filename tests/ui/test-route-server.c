/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-canvas.h"
#include "vnl-edit.h"
#include "vnl-routes-view.h"
#include "vnl-window.h"

/* Azure Route Server in the designer (issue 16), on
 * samples/route-server-sdwan.vnetlab: the connect gesture's call
 * (vnl_canvas_connect(), which the Ctrl-drag makes) peers a route server
 * with an appliance and tunnels an appliance to a branch CE, each one
 * undoable step, and refuses what Azure would not build; the Routes page
 * offers the route server and the BGP appliances and shows what the route
 * server learned from each peer and advertises to each. Results are read
 * from the design, the history and the page's rows. Set VNL_SHOT=DIR for
 * a screenshot of the page. */

typedef struct
{
  VnlWindow  *window;
  VnlCanvas  *canvas;
  VnlDesign  *design;   /* borrowed */
  VnlHistory *history;  /* borrowed */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "route-server-sdwan.vnetlab", NULL);

  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vnl_window_open_path (f->window, path));
  f->canvas = vnl_window_get_canvas (f->window);
  f->design = vnl_window_get_design (f->window);
  f->history = vnl_window_get_history (f->window);
  vnl_test_ui_settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  vnl_test_ui_settle ();
}

static gpointer
lookup (Fixture    *f,
        const char *name)
{
  gpointer object = vnl_design_lookup (f->design, name);

  g_assert_nonnull (object);
  return object;
}

/* The objects of @kind joining @a and @b, either way round. */
static guint
count_links (Fixture    *f,
             VnlKind     kind,
             const char *a,
             const char *b)
{
  GPtrArray *objects = vnl_design_get_objects (f->design, kind);
  guint n = 0;

  for (guint i = 0; i < objects->len; i++)
    {
      const char *x, *y;
      if (vnl_object_get_ends (objects->pdata[i], &x, &y) &&
          ((g_strcmp0 (x, a) == 0 && g_strcmp0 (y, b) == 0) || (g_strcmp0 (x, b) == 0 && g_strcmp0 (y, a) == 0)))
        n++;
    }
  return n;
}

/* A network virtual appliance in the sample's hub VNet, added as one
 * step; @asn 0: no BGP. */
static VnlAppliance *
add_appliance (Fixture    *f,
               const char *name,
               const char *address,
               guint32     asn)
{
  VnlAppliance *appliance = vnl_object_new (VNL_KIND_APPLIANCE, name);
  g_autoptr(GError) error = NULL;

  appliance->vnet = g_strdup ("hub");
  g_assert_true (vnl_ip_parse (address, &appliance->address));
  appliance->asn = asn;
  g_assert_true (vnl_history_add (f->history, appliance, &error));
  g_assert_no_error (error);
  return appliance;
}

/* vnl_edit_connect() refuses @a ↔ @b with a message holding @needle,
 * and the design and the history are as they were. */
static void
assert_refused (Fixture    *f,
                gpointer    a,
                gpointer    b,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *undo = g_strdup (vnl_history_get_undo_label (f->history));
  guint before[2] = { vnl_design_get_objects (f->design, VNL_KIND_RS_PEERING)->len,
                      vnl_design_get_objects (f->design, VNL_KIND_SDWAN_TUNNEL)->len };

  g_assert_null (vnl_edit_connect (f->history, a, b, &error));
  g_assert_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_CONNECT);
  if (strstr (error->message, needle) == NULL)
    g_error ("refusal “%s” does not say “%s”", error->message, needle);
  g_assert_cmpuint (vnl_design_get_objects (f->design, VNL_KIND_RS_PEERING)->len, ==, before[0]);
  g_assert_cmpuint (vnl_design_get_objects (f->design, VNL_KIND_SDWAN_TUNNEL)->len, ==, before[1]);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, undo);
}

/* Route server ↔ appliance is a route-server-peering whose peer ASN is
 * the appliance's (the BGP session comes up only when they agree), in
 * either order of the gesture; undo and redo take it away and back. */
static void
test_connect_peering (Fixture       *f,
                      gconstpointer  data)
{
  VnlObject *rs = lookup (f, "hub-rs");
  VnlAppliance *nva3 = add_appliance (f, "nva3", "10.0.1.6", 0);
  VnlRsPeering *peering;

  /* An appliance without an ASN does not speak BGP: vnetlab does not
   * invent one, it says to set one. */
  assert_refused (f, rs, nva3, "ASN");
  g_assert_null (vnl_canvas_connect (f->canvas, nva3, rs));

  g_assert_true (vnl_history_set_property (f->history, nva3, "asn", "65003", NULL));
  peering = vnl_canvas_connect (f->canvas, nva3, rs);
  g_assert_nonnull (peering);
  g_assert_cmpint (peering->parent.kind, ==, VNL_KIND_RS_PEERING);
  g_assert_cmpstr (peering->route_server, ==, "hub-rs");
  g_assert_cmpstr (peering->appliance, ==, "nva3");
  g_assert_cmpuint (peering->peer_asn, ==, 65003);
  /* Its peer IP is left to the appliance's NIC. */
  g_assert_cmpuint (peering->peer_ip, ==, 0);

  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpuint (count_links (f, VNL_KIND_RS_PEERING, "hub-rs", "nva3"), ==, 0);
  g_assert_cmpuint (nva3->asn, ==, 65003);   /* the ASN was a step of its own */
  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpuint (count_links (f, VNL_KIND_RS_PEERING, "hub-rs", "nva3"), ==, 1);

  /* The same pair again, either way round, is refused. */
  assert_refused (f, rs, nva3, "already");
  assert_refused (f, lookup (f, "sdwan-nva1"), rs, "already");
}

/* What Azure refuses: a 32-bit peer ASN ("Azure Route Server supports
 * only 16-bit (2 bytes) ASNs"), a ninth peer ("Number of BGP peers
 * supported: 8"), a route server joined to anything but an appliance. */
static void
test_connect_refusals (Fixture       *f,
                       gconstpointer  data)
{
  VnlObject *rs = lookup (f, "hub-rs");
  VnlAppliance *wide = add_appliance (f, "nva-32bit", "10.0.1.20", 4200000000u);
  guint peers = vnl_design_get_objects (f->design, VNL_KIND_RS_PEERING)->len;

  assert_refused (f, rs, wide, "16-bit");

  /* The sample has two peers; six more make eight, the limit. */
  g_assert_cmpuint (peers, ==, 2);
  for (guint i = 0; peers < 8; i++, peers++)
    {
      g_autofree char *name = g_strdup_printf ("nva-extra%u", i);
      g_autofree char *address = g_strdup_printf ("10.0.1.%u", 30 + i);
      VnlAppliance *appliance = add_appliance (f, name, address, 65010 + i);

      g_assert_nonnull (vnl_canvas_connect (f->canvas, rs, appliance));
    }
  g_assert_cmpuint (vnl_design_get_objects (f->design, VNL_KIND_RS_PEERING)->len, ==, 8);
  assert_refused (f, rs, add_appliance (f, "nva-ninth", "10.0.1.60", 65030), "8");

  /* Its VNet, its gateway, a CE: none is a BGP peer one draws. */
  assert_refused (f, rs, lookup (f, "hub"), "appliance");
  assert_refused (f, lookup (f, "hub-ergw"), rs, "appliance");
  assert_refused (f, lookup (f, "branch2-ce"), rs, "appliance");
}

/* Appliance ↔ CE router is an SD-WAN tunnel (an eBGP session over it),
 * in either order; refused twice and from an appliance without BGP. */
static void
test_connect_sdwan (Fixture       *f,
                    gconstpointer  data)
{
  VnlObject *nva2 = lookup (f, "sdwan-nva2");
  VnlObject *ce = lookup (f, "branch2-ce");
  VnlSdwanTunnel *tunnel;

  /* In the sample branch 2 tunnels to the first appliance only. */
  g_assert_cmpuint (count_links (f, VNL_KIND_SDWAN_TUNNEL, "sdwan-nva2", "branch2-ce"), ==, 0);
  tunnel = vnl_canvas_connect (f->canvas, ce, nva2);
  g_assert_nonnull (tunnel);
  g_assert_cmpint (tunnel->parent.kind, ==, VNL_KIND_SDWAN_TUNNEL);
  g_assert_cmpstr (tunnel->appliance, ==, "sdwan-nva2");
  g_assert_cmpstr (tunnel->ce, ==, "branch2-ce");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpuint (count_links (f, VNL_KIND_SDWAN_TUNNEL, "sdwan-nva2", "branch2-ce"), ==, 0);
  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpuint (count_links (f, VNL_KIND_SDWAN_TUNNEL, "sdwan-nva2", "branch2-ce"), ==, 1);
  g_assert_true (vnl_history_undo (f->history));
  tunnel = vnl_canvas_connect (f->canvas, nva2, ce);
  g_assert_nonnull (tunnel);
  g_assert_cmpstr (tunnel->appliance, ==, "sdwan-nva2");

  assert_refused (f, lookup (f, "sdwan-nva1"), lookup (f, "branch1-ce"), "already");
  assert_refused (f, add_appliance (f, "plain-nva", "10.0.1.40", 0), ce, "ASN");
}

static VnlRoutesView *
show_routes (Fixture *f)
{
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);

  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_analysis_pane_show_page (pane, "routes");
  vnl_analysis_recompute_now (vnl_analysis_pane_get_analysis (pane));
  vnl_test_ui_settle ();
  return VNL_ROUTES_VIEW (vnl_analysis_pane_get_page_widget (pane, "routes"));
}

/* The page's CSV lines holding every one of @needles (NULL-terminated). */
static guint
count_rows (VnlRoutesView *view,
            ...)
{
  g_autofree char *csv = vnl_routes_view_to_csv (view);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  guint n = 0;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      gboolean all = TRUE;
      va_list args;

      va_start (args, view);
      for (const char *needle = va_arg (args, const char *); needle != NULL && all; needle = va_arg (args, const char *))
        all = strstr (lines[i], needle) != NULL;
      va_end (args);
      n += all && lines[i][0] != '\0';
    }
  return n;
}

/* The Routes page offers the route server and the appliances that speak
 * BGP (not one without an ASN: it has only its NIC's routes, reached by
 * selecting it). The route server's rows, reasoned from the sample:
 *  - learned: branch 1's 10.201.0.0/24 from both appliances (branch 1
 *    tunnels to both, same AS path length: multipath), branch 2's
 *    10.202.0.0/24 from sdwan-nva1 only;
 *  - advertised to sdwan-nva1: the hub 10.0.0.0/22 and spoke 1
 *    10.1.0.0/24 (it uses the hub's gateways and route server) but not
 *    spoke 2 10.2.0.0/24 (it does not), and, branch-to-branch on, the
 *    data centre's 10.100.0.0/16 from the ExpressRoute gateway.
 * Each row's Table column names its table, so the two kinds are told
 * apart. A peering drawn with the gesture gets its own table. */
static void
test_routes_page (Fixture       *f,
                  gconstpointer  data)
{
  VnlRoutesView *view;
  const char *learned = "learned from each peer";
  const char *to_nva1 = "advertises to sdwan-nva1";

  add_appliance (f, "plain-nva", "10.0.1.40", 0);
  view = show_routes (f);
  g_assert_true (vnl_test_ui_drop_down_offers (GTK_WIDGET (view), "hub-rs", NULL));
  g_assert_true (vnl_test_ui_drop_down_offers (GTK_WIDGET (view), "sdwan-nva1", NULL));
  g_assert_true (vnl_test_ui_drop_down_offers (GTK_WIDGET (view), "sdwan-nva2", NULL));
  g_assert_false (vnl_test_ui_drop_down_offers (GTK_WIDGET (view), "plain-nva", NULL));

  g_assert_true (vnl_test_ui_drop_down_pick (GTK_WIDGET (view), "hub-rs"));
  g_assert_cmpstr (vnl_routes_view_get_node (view), ==, "hub-rs");
  vnl_test_ui_shot ("route-server-routes");

  g_assert_cmpuint (count_rows (view, "10.201.0.0/24", "sdwan-nva1", learned, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "10.201.0.0/24", "sdwan-nva2", learned, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "10.202.0.0/24", "sdwan-nva1", learned, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "10.202.0.0/24", "sdwan-nva2", learned, NULL), ==, 0);

  g_assert_cmpuint (count_rows (view, "10.0.0.0/22", to_nva1, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "10.1.0.0/24", to_nva1, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "10.2.0.0/24", to_nva1, NULL), ==, 0);
  g_assert_cmpuint (count_rows (view, "10.100.0.0/16", to_nva1, NULL), ==, 1);
  g_assert_cmpuint (count_rows (view, "advertises to sdwan-nva2", NULL), >, 0);

  /* A BGP appliance: its BGP table holds both branches (tunnels to
   * branch 1 and branch 2). */
  g_assert_true (vnl_test_ui_drop_down_pick (GTK_WIDGET (view), "sdwan-nva1"));
  g_assert_cmpuint (count_rows (view, "10.201.0.0/24", "BGP table of appliance sdwan-nva1", NULL), >=, 1);
  g_assert_cmpuint (count_rows (view, "10.202.0.0/24", "BGP table of appliance sdwan-nva1", NULL), >=, 1);

  /* Peer a new appliance with the gesture's call: the route server now
   * advertises to it too. */
  {
    VnlAppliance *nva3 = add_appliance (f, "nva3", "10.0.1.6", 65003);

    g_assert_nonnull (vnl_canvas_connect (f->canvas, lookup (f, "hub-rs"), nva3));
    view = show_routes (f);
    g_assert_true (vnl_test_ui_drop_down_offers (GTK_WIDGET (view), "nva3", NULL));
    g_assert_true (vnl_test_ui_drop_down_pick (GTK_WIDGET (view), "hub-rs"));
    g_assert_cmpuint (count_rows (view, "10.1.0.0/24", "advertises to nva3", NULL), ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  int skip = vnl_test_ui_init (&argc, &argv);

  if (skip >= 0)
    return skip;
  g_test_add ("/ui/route-server/connect-peering", Fixture, NULL, fixture_setup, test_connect_peering, fixture_teardown);
  g_test_add ("/ui/route-server/connect-refusals", Fixture, NULL, fixture_setup, test_connect_refusals, fixture_teardown);
  g_test_add ("/ui/route-server/connect-sdwan", Fixture, NULL, fixture_setup, test_connect_sdwan, fixture_teardown);
  g_test_add ("/ui/route-server/routes-page", Fixture, NULL, fixture_setup, test_routes_page, fixture_teardown);
  return g_test_run ();
}
