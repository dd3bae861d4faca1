/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-inspector.h"
#include "vnl-list-editor.h"
#include "vnl-routes-view.h"
#include "vnl-window.h"

/* The route editor and the Routes page (issue 14) on the example of
 * "Virtual network traffic routing" (MicrosoftDocs/azure-docs
 * articles/virtual-network/virtual-networks-udr-overview.md, "Example"),
 * tests/data/udr/doc-example.vnetlab. The editor is driven through its
 * widgets (entries, pickers, move buttons) and the result read back from
 * the design and the history, not from the widgets. Set VNL_SHOT=DIR to
 * write a screenshot of each step there. */

typedef struct
{
  VnlWindow *window;
} Fixture;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every widget of @type under @widget, in tree order. */
static void
find_all (GtkWidget *widget,
          GType      type,
          GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_all (c, type, out);
}

/* Writes the screen (popovers included) as DIR/NAME.png when
 * VNL_SHOT=DIR is set, with ImageMagick's import. */
static void
shot (Fixture    *f,
      const char *name)
{
  const char *dir = g_getenv ("VNL_SHOT");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  wait_ms (300);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "udr", "doc-example.vnetlab", NULL);

  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 1000);
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

/* The route editor */

static VnlUdrTable *
route_table (Fixture *f)
{
  VnlUdrTable *table = vnl_design_lookup_kind (vnl_window_get_design (f->window), "Subnet1-routes",
                                               VNL_KIND_ROUTE_TABLE);

  g_assert_nonnull (table);
  return table;
}

static VnlUdr *
route (Fixture *f,
       guint    i)
{
  VnlUdrTable *table = route_table (f);

  g_assert_cmpuint (i, <, table->routes->len);
  return table->routes->pdata[i];
}

/* The inspector's editor of the list headed @heading. The editor is made
 * again when the inspector is: look it up after each step. */
static GtkWidget *
find_editor (Fixture    *f,
             const char *heading)
{
  g_autoptr(GPtrArray) editors = g_ptr_array_new ();

  find_all (GTK_WIDGET (vnl_window_get_inspector (f->window)), VNL_TYPE_LIST_EDITOR, editors);
  for (guint i = 0; i < editors->len; i++)
    {
      GtkWidget *label = find_type (editors->pdata[i], GTK_TYPE_LABEL);
      if (label != NULL && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), heading))
        return editors->pdata[i];
    }
  g_assert_not_reached ();
  return NULL;
}

/* Route fields, as the route table's columns are. */
enum { NAME, PREFIX, TYPE, IP, N_FIELDS };

/* The entry of field @column of route @row in the Routes editor. */
static GtkWidget *
entry_at (Fixture *f,
          guint    row,
          guint    column)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  find_all (find_editor (f, "Routes"), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, route_table (f)->routes->len * N_FIELDS);
  return entries->pdata[row * N_FIELDS + column];
}

/* The reason shown under the row of @entry, or NULL when hidden. */
static const char *
reason_of (GtkWidget *entry)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (entry), "vnl-reason");

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* Opens the picker beside @entry: its offers' buttons (borrowed, in the
 * order shown). */
static GPtrArray *
open_picker (Fixture   *f,
             GtkWidget *entry)
{
  GtkWidget *button = gtk_widget_get_next_sibling (entry);
  GtkPopover *popover;
  GPtrArray *items = g_ptr_array_new ();

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  /* As a click would: the button takes the focus, which scrolls the
   * inspector to it (a popover must point at a visible widget). */
  gtk_widget_grab_focus (button);
  wait_ms (100);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  wait_ms (50);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  find_all (GTK_WIDGET (popover), GTK_TYPE_BUTTON, items);
  return items;
}

/* Closes the picker beside @entry, as Escape would. */
static void
close_picker (GtkWidget *entry)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (gtk_widget_get_next_sibling (entry)));
  wait_ms (50);
}

static const char *
item_label (GtkWidget *item)
{
  return gtk_button_get_label (GTK_BUTTON (item));
}

/* Picks the offer labelled @label in the picker of @entry. */
static void
pick_offer (Fixture    *f,
            GtkWidget  *entry,
            const char *label)
{
  g_autoptr(GPtrArray) items = open_picker (f, entry);

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (item_label (items->pdata[i]), label))
      {
        g_signal_emit_by_name (items->pdata[i], "clicked");
        wait_ms (50);
        return;
      }
  g_error ("the picker offers no “%s”", label);
}

static void
select_route_table (Fixture *f)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (vnl_window_get_canvas (f->window));

  vnl_viewport_select (viewport, route_table (f), FALSE);
  wait_ms (100);
  /* Six routes of the document's example: ID2, ID3, ID6, ID7, ID9, ID12. */
  g_assert_cmpuint (route_table (f)->routes->len, ==, 6);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_at (f, 0, NAME))), ==, "ToVNet1");
}

/* The next-hop types Azure accepts in a route (the ARM names of "Custom
 * routes", virtual-networks-udr-overview.md): exactly these five. */
static void
test_type_picker (Fixture       *f,
                  gconstpointer  data)
{
  static const char *azure[] = { "VirtualAppliance", "VirtualNetworkGateway", "VnetLocal", "Internet", "None" };
  g_autoptr(GPtrArray) items = NULL;

  select_route_table (f);
  items = open_picker (f, entry_at (f, 0, TYPE));
  shot (f, "1-type-picker");
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (azure));
  for (guint i = 0; i < G_N_ELEMENTS (azure); i++)
    {
      gboolean offered = FALSE;
      for (guint j = 0; j < items->len; j++)
        offered |= g_str_equal (item_label (items->pdata[j]), azure[i]);
      g_assert_true (offered);
    }
  close_picker (entry_at (f, 0, TYPE));
}

/* A None route drops the traffic: it has no next hop IP, so set_routes
 * refuses "None" while the row still has 10.0.100.4, and takes it once
 * the IP is cleared. */
static void
test_none_needs_no_ip (Fixture       *f,
                       gconstpointer  data)
{
  VnlHistory *history = vnl_window_get_history (f->window);
  GtkWidget *type, *ip;
  const char *reason;

  select_route_table (f);
  g_assert_cmpint (route (f, 0)->next_hop, ==, VNL_UDR_VIRTUAL_APPLIANCE);
  g_assert_false (vnl_history_can_undo (history));

  type = entry_at (f, 0, TYPE);
  pick_offer (f, type, "None");
  shot (f, "2-none-refused");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (type)), ==, "None");
  reason = reason_of (type);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "only a VirtualAppliance route has a next hop IP"));
  g_assert_cmpint (route (f, 0)->next_hop, ==, VNL_UDR_VIRTUAL_APPLIANCE);
  g_assert_cmphex (route (f, 0)->next_hop_ip, ==, 0x0a006404);   /* 10.0.100.4 */
  g_assert_false (vnl_history_can_undo (history));

  /* With None chosen, the IP picker has nothing to offer. */
  {
    g_autoptr(GPtrArray) items = open_picker (f, entry_at (f, 0, IP));
    g_assert_cmpuint (items->len, ==, 0);
    close_picker (entry_at (f, 0, IP));
  }

  /* Clearing the IP makes the row whole: stored as one step, the
   * refusal's reason gone. */
  ip = entry_at (f, 0, IP);
  gtk_editable_set_text (GTK_EDITABLE (ip), "");
  g_signal_emit_by_name (ip, "activate");
  wait_ms (50);
  shot (f, "3-none-accepted");
  g_assert_cmpint (route (f, 0)->next_hop, ==, VNL_UDR_NONE);
  g_assert_cmphex (route (f, 0)->next_hop_ip, ==, 0);
  g_assert_true (vnl_history_can_undo (history));
  g_assert_null (reason_of (entry_at (f, 0, TYPE)));
  g_assert_false (gtk_widget_has_css_class (entry_at (f, 0, TYPE), "error"));

  /* One undo brings the appliance route back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  wait_ms (50);
  g_assert_cmpint (route (f, 0)->next_hop, ==, VNL_UDR_VIRTUAL_APPLIANCE);
  g_assert_cmphex (route (f, 0)->next_hop_ip, ==, 0x0a006404);
}

/* The next hop IP picker offers the VMs in VNets (not the on-premises
 * PC) as "NAME ADDRESS"; picking one stores only the address. */
static void
test_ip_picker (Fixture       *f,
                gconstpointer  data)
{
  static const char *vms[] = { "vm1 10.0.0.4", "vm1b 10.0.0.5", "vm2 10.0.1.4", "nva 10.0.100.4", "vm3 10.1.0.4" };
  g_autoptr(GPtrArray) items = NULL;
  VnlHistory *history = vnl_window_get_history (f->window);
  GtkWidget *ip;

  select_route_table (f);
  /* Route 4, To-On-Prem: VirtualAppliance 10.0.100.4. */
  ip = entry_at (f, 4, IP);
  items = open_picker (f, ip);
  shot (f, "4-ip-picker");
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (vms));
  for (guint i = 0; i < G_N_ELEMENTS (vms); i++)
    {
      gboolean offered = FALSE;
      for (guint j = 0; j < items->len; j++)
        offered |= g_str_equal (item_label (items->pdata[j]), vms[i]);
      g_assert_true (offered);
    }
  close_picker (ip);

  pick_offer (f, ip, "vm2 10.0.1.4");
  shot (f, "5-ip-picked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_at (f, 4, IP))), ==, "10.0.1.4");
  g_assert_cmphex (route (f, 4)->next_hop_ip, ==, 0x0a000104);   /* 10.0.1.4 */
  g_assert_cmpint (route (f, 4)->next_hop, ==, VNL_UDR_VIRTUAL_APPLIANCE);
  /* Only that route changed. */
  g_assert_cmphex (route (f, 5)->next_hop_ip, ==, 0x0a006404);
  g_assert_true (vnl_history_can_undo (history));
  g_assert_true (vnl_history_undo (history));
  wait_ms (50);
  g_assert_cmphex (route (f, 4)->next_hop_ip, ==, 0x0a006404);
}

/* The Move Up (@step -1) or Move Down (+1) button of route @row. */
static GtkWidget *
move_button (Fixture *f,
             guint    row,
             int      step)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (find_editor (f, "Routes"), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (GPOINTER_TO_INT (g_object_get_data (buttons->pdata[i], "vnl-step")) == step &&
        GPOINTER_TO_UINT (g_object_get_data (buttons->pdata[i], "vnl-row")) == row)
      return buttons->pdata[i];
  g_assert_not_reached ();
  return NULL;
}

/* Move Down swaps two routes in the design; one undo restores them. */
static void
test_move_down (Fixture       *f,
                gconstpointer  data)
{
  static const char *order[] = { "ToVNet1", "Within-Subnet1", "ToVNet2-1-Drop", "ToVNet2-2-Drop",
                                 "To-On-Prem", "Default-NVA" };
  GtkWidget *down;

  select_route_table (f);
  down = move_button (f, 1, +1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (down), ==, "Move Down");

  g_signal_emit_by_name (down, "clicked");
  wait_ms (100);
  shot (f, "6-moved-down");
  g_assert_cmpuint (route_table (f)->routes->len, ==, 6);
  g_assert_cmpstr (route (f, 1)->name, ==, "ToVNet2-1-Drop");
  g_assert_cmpstr (route (f, 2)->name, ==, "Within-Subnet1");
  g_assert_cmpint (route (f, 2)->next_hop, ==, VNL_UDR_VNET_LOCAL);
  for (guint i = 0; i < 6; i++)
    if (i != 1 && i != 2)
      g_assert_cmpstr (route (f, i)->name, ==, order[i]);
  /* The editor shows the new order. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_at (f, 1, NAME))), ==, "ToVNet2-1-Drop");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  wait_ms (100);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (route (f, i)->name, ==, order[i]);
  g_assert_false (vnl_history_can_undo (vnl_window_get_history (f->window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_at (f, 1, NAME))), ==, "Within-Subnet1");
}

/* A prefix with host bits is refused as typed: the error shows, Enter
 * stores nothing. */
static void
test_invalid_prefix (Fixture       *f,
                     gconstpointer  data)
{
  static const char *bad[] = { "10.0.0.1/16", "10.0.0.0/33", "10.0.0" };

  select_route_table (f);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GtkWidget *prefix = entry_at (f, 0, PREFIX);
      char buf[20];

      gtk_editable_set_text (GTK_EDITABLE (prefix), bad[i]);
      wait_ms (20);
      g_assert_true (gtk_widget_has_css_class (prefix, "error"));
      g_assert_nonnull (reason_of (prefix));
      g_signal_emit_by_name (prefix, "activate");
      wait_ms (50);
      if (i == 0)
        shot (f, "7-invalid-prefix");
      g_assert_nonnull (reason_of (prefix));
      vnl_prefix_format (&route (f, 0)->prefix, buf);
      g_assert_cmpstr (buf, ==, "10.0.0.0/16");
      g_assert_false (vnl_history_can_undo (vnl_window_get_history (f->window)));
    }
}

/* Moving a route while another field is wrong as typed is refused with
 * the reason, and the typed text stays to be corrected. */
static void
test_move_refused (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *prefix;
  const char *reason;
  char buf[20];

  select_route_table (f);
  prefix = entry_at (f, 1, PREFIX);
  gtk_editable_set_text (GTK_EDITABLE (prefix), "10.0.0.1/24");
  g_signal_emit_by_name (move_button (f, 1, +1), "clicked");
  wait_ms (100);
  shot (f, "8-move-refused");
  g_assert_cmpstr (route (f, 1)->name, ==, "Within-Subnet1");
  g_assert_cmpstr (route (f, 2)->name, ==, "ToVNet2-1-Drop");
  vnl_prefix_format (&route (f, 1)->prefix, buf);
  g_assert_cmpstr (buf, ==, "10.0.0.0/24");
  g_assert_false (vnl_history_can_undo (vnl_window_get_history (f->window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_at (f, 1, PREFIX))), ==, "10.0.0.1/24");
  reason = reason_of (entry_at (f, 1, PREFIX));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "10.0.0.1/24"));
  /* At the field that is wrong, which is not the name. */
  g_assert_true (gtk_widget_has_css_class (entry_at (f, 1, PREFIX), "error"));
  g_assert_false (gtk_widget_has_css_class (entry_at (f, 1, NAME), "error"));
}

/* The Routes page */

static VnlRoutesView *
show_routes (Fixture *f)
{
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);

  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_analysis_pane_show_page (pane, "routes");
  wait_ms (100);
  return VNL_ROUTES_VIEW (vnl_analysis_pane_get_page_widget (pane, "routes"));
}

/* Picks @name in the page's drop-down, as a user would. */
static void
pick_node (VnlRoutesView *view,
           const char    *name)
{
  GtkDropDown *picker = GTK_DROP_DOWN (find_type (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN));
  GListModel *model = gtk_drop_down_get_model (picker);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      {
        gtk_drop_down_set_selected (picker, i);
        wait_ms (50);
        g_assert_cmpstr (vnl_routes_view_get_node (view), ==, name);
        return;
      }
  g_error ("the picker offers no “%s”", name);
}

/* The page's heading: the titles of the tables shown. */
static const char *
title_of (VnlRoutesView *view)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (GTK_WIDGET (view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "heading"))
      return gtk_label_get_text (labels->pdata[i]);
  g_assert_not_reached ();
  return NULL;
}

/* The CSV line whose prefix and source are @prefix and @source, or NULL. */
static char *
row_of (VnlRoutesView *view,
        const char    *prefix,
        const char    *source)
{
  g_autofree char *csv = vnl_routes_view_to_csv (view);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], ",", -1);
      /* State, Prefix, Next hop type, Next hop, Why, Source, … */
      if (g_strv_length (cols) > 5 && g_str_equal (cols[1], prefix) && g_str_equal (cols[5], source))
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* The document's effective routes of Subnet1: its route table's
 * 0.0.0.0/0 to the appliance 10.0.100.4 is Active and Azure's default
 * route to the Internet Invalid. */
static void
test_routes_subnet_and_nic (Fixture       *f,
                            gconstpointer  data)
{
  VnlRoutesView *view = show_routes (f);
  g_autofree char *user = NULL;
  g_autofree char *def = NULL;
  g_autofree char *other = NULL;

  pick_node (view, "Virtual-network-1/Subnet1");
  shot (f, "9-routes-subnet1");
  g_assert_nonnull (strstr (title_of (view), "Subnet1"));
  g_assert_nonnull (strstr (title_of (view), "Subnet1-routes"));
  user = row_of (view, "0.0.0.0/0", "User");
  g_assert_nonnull (user);
  g_assert_true (g_str_has_prefix (user, "Active,0.0.0.0/0,Virtual appliance,10.0.100.4,"));
  def = row_of (view, "0.0.0.0/0", "Default");
  g_assert_nonnull (def);
  g_assert_true (g_str_has_prefix (def, "Invalid,0.0.0.0/0,Internet,,lost: a user-defined route is preferred,"));
  /* "If you assign 0.0.0.0/0 in a route table, Azure removes the default
   * None routes of 10.0.0.0/8, 192.168.0.0/16 and 100.64.0.0/10": each
   * says so, not that a gateway route won. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *removed[] = { "10.0.0.0/8", "192.168.0.0/16", "100.64.0.0/10" };
      g_autofree char *line = row_of (view, removed[i], "Default");
      g_autofree char *expected = g_strdup_printf ("Invalid,%s,None,,lost: removed by the user-defined route for 0.0.0.0/0,",
                                                   removed[i]);
      g_assert_nonnull (line);
      g_assert_true (g_str_has_prefix (line, expected));
    }

  /* vm1's NIC is in Subnet1: the same user route. */
  pick_node (view, "vm1");
  shot (f, "10-routes-vm1");
  g_assert_nonnull (strstr (title_of (view), "NIC of vm1"));
  g_assert_nonnull (strstr (title_of (view), "Subnet1-routes"));
  g_clear_pointer (&user, g_free);
  user = row_of (view, "0.0.0.0/0", "User");
  g_assert_nonnull (user);
  g_assert_true (g_str_has_prefix (user, "Active,0.0.0.0/0,Virtual appliance,10.0.100.4,"));

  /* vm2's NIC is in Subnet2, which has no route table: no user route,
   * the default route to the Internet is the one. */
  pick_node (view, "vm2");
  shot (f, "11-routes-vm2");
  g_assert_nonnull (strstr (title_of (view), "NIC of vm2"));
  g_assert_null (strstr (title_of (view), "Subnet1-routes"));
  g_assert_null (row_of (view, "0.0.0.0/0", "User"));
  other = row_of (view, "0.0.0.0/0", "Default");
  g_assert_nonnull (other);
  g_assert_true (g_str_has_prefix (other, "Active,0.0.0.0/0,Internet,"));
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/route-editor/type-picker", test_type_picker);
  ADD ("/ui/route-editor/none-needs-no-ip", test_none_needs_no_ip);
  ADD ("/ui/route-editor/ip-picker", test_ip_picker);
  ADD ("/ui/route-editor/move-down", test_move_down);
  ADD ("/ui/route-editor/invalid-prefix", test_invalid_prefix);
  ADD ("/ui/route-editor/move-refused", test_move_refused);
  ADD ("/ui/route-editor/routes-subnet-and-nic", test_routes_subnet_and_nic);
#undef ADD
  return g_test_run ();
}
