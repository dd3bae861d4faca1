/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "vnl-analysis-pane.h"
#include "vnl-export-dialog.h"
#include "vnl-inspector.h"
#include "vnl-matrix-view.h"
#include "vnl-nsg-editor.h"
#include "vnl-viewport.h"
#include "vnl-window.h"
#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
#include "vnl-edit.h"

/* The security rule editor (issue 15) on samples/hub-spoke-nsg.vnetlab,
 * group "nsg-spoke3-data": inbound allow-sql-from-dc1 (100) and
 * deny-vnet-in (4000), outbound deny-internet-out (4000). The editor is
 * driven through its widgets; results are read back from the design and
 * the history. Expected values come from "Network security groups"
 * (MicrosoftDocs/azure-docs articles/virtual-network/
 * network-security-groups-overview.md): priorities 100–4096, unique per
 * direction; three default rules per direction at 65000, 65001 and 65500
 * (allow, allow, deny). Set VNL_SHOT=DIR for screenshots. */

typedef struct
{
  VnlWindow    *window;
  VnlNsgEditor *editor;
} Fixture;

static VnlNsg *
nsg (Fixture *f)
{
  VnlNsg *group = vnl_design_lookup_kind (vnl_window_get_design (f->window), "nsg-spoke3-data", VNL_KIND_NSG);

  g_assert_nonnull (group);
  return group;
}

static VnlNsgRule *
rule_named (Fixture    *f,
            const char *name)
{
  for (guint i = 0; i < nsg (f)->rules->len; i++)
    if (g_str_equal (((VnlNsgRule *) nsg (f)->rules->pdata[i])->name, name))
      return nsg (f)->rules->pdata[i];
  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "samples", "hub-spoke-nsg.vnetlab", NULL);

  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 1000);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vnl_window_open_path (f->window, path));
  vnl_test_ui_wait (100);
  f->editor = vnl_nsg_editor_present (GTK_WINDOW (f->window), vnl_window_get_history (f->window), nsg (f));
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  vnl_test_ui_wait (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (f->editor));
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  vnl_test_ui_wait (50);
}

/* Runs the main loop until @expr holds (the editor makes its rows again
 * in an idle), two seconds at most. */
#define WAIT_UNTIL(expr) \
  for (gint64 end_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; !(expr) && g_get_monotonic_time () < end_; ) \
    g_main_context_iteration (NULL, FALSE)

/* Row @i of the direction shown. */
static GtkWidget *
row_at (Fixture *f,
        guint    i)
{
  g_autoptr(GPtrArray) rows = vnl_nsg_editor_get_rows (f->editor);

  g_assert_cmpuint (i, <, rows->len);
  return rows->pdata[i];
}

static guint
n_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = vnl_nsg_editor_get_rows (f->editor);

  return rows->len;
}

static const char *
text_at (Fixture    *f,
         guint       i,
         const char *column)
{
  return gtk_editable_get_text (GTK_EDITABLE (vnl_nsg_editor_get_field (row_at (f, i), column)));
}

/* Types @text into field @column of row @i and presses Enter. */
static void
type_at (Fixture    *f,
         guint       i,
         const char *column,
         const char *text)
{
  GtkWidget *entry = vnl_nsg_editor_get_field (row_at (f, i), column);

  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  vnl_test_ui_wait (50);
}

static void
select_row (Fixture *f,
            guint    i)
{
  GtkWidget *row = row_at (f, i);

  /* As a click in the row would: its field takes the focus (which the
   * window gives back to it after another window had it). */
  gtk_widget_grab_focus (vnl_nsg_editor_get_field (row, "name"));
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  vnl_test_ui_wait (20);
}

static gboolean
action (Fixture    *f,
        const char *name)
{
  gboolean ok = gtk_widget_activate_action (GTK_WIDGET (f->editor), name, NULL);

  vnl_test_ui_wait (50);
  return ok;
}

/* Inbound then outbound: own rules by priority, then the three default
 * rules greyed and read-only. */
static void
test_table (Fixture       *f,
            gconstpointer  data)
{
  static const char * const default_priorities[] = { "65000", "65001", "65500" };
  static const char * const default_access[] = { "Allow", "Allow", "Deny" };

  vnl_nsg_editor_set_direction (f->editor, VNL_NSG_INBOUND);
  vnl_test_ui_shot ("nsg-editor-inbound");
  g_assert_cmpuint (n_rows (f), ==, 2 + 3);
  g_assert_cmpstr (text_at (f, 0, "priority"), ==, "100");
  g_assert_cmpstr (text_at (f, 0, "name"), ==, "allow-sql-from-dc1");
  g_assert_cmpstr (text_at (f, 0, "ports"), ==, "1433");
  g_assert_cmpstr (text_at (f, 0, "source"), ==, "10.100.0.0/16");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vnl_nsg_editor_get_field (row_at (f, 0), "protocol"))), ==, 1); /* TCP */
  g_assert_cmpstr (text_at (f, 1, "priority"), ==, "4000");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vnl_nsg_editor_get_field (row_at (f, 1), "access"))), ==, 1); /* Deny */
  for (guint d = 0; d < 2; d++)
    {
      guint own = d == 0 ? 2 : 1;

      vnl_nsg_editor_set_direction (f->editor, d);
      g_assert_cmpuint (n_rows (f), ==, own + 3);
      g_assert_true (gtk_widget_get_sensitive (row_at (f, 0)));
      for (guint i = 0; i < 3; i++)
        {
          GtkWidget *row = row_at (f, own + i);
          GtkWidget *access = vnl_nsg_editor_get_field (row, "access");
          guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (access));

          g_assert_cmpstr (text_at (f, own + i, "priority"), ==, default_priorities[i]);
          g_assert_cmpstr (selected == 0 ? "Allow" : "Deny", ==, default_access[i]);
          g_assert_false (gtk_widget_get_sensitive (row));
          g_assert_false (gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row)));
          g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (vnl_nsg_editor_get_field (row, "name"))));
        }
    }
  vnl_test_ui_shot ("nsg-editor-outbound");
}

/* A wrong field shows why beside its row and nothing is stored; a valid
 * one is one undoable step. */
static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  VnlHistory *history = vnl_window_get_history (f->window);
  static const struct { const char *column, *text, *reason; } wrong[] = {
    { "priority", "50", "Priority" },           /* below 100 */
    { "priority", "4097", "Priority" },         /* above 4096 */
    { "priority", "4000", "deny-vnet-in" },     /* taken in this direction */
    { "ports", "8080-", "Port(s)" },
    { "ports", "70000", "Port(s)" },            /* a port is 0–65535 */
    { "source", "Intranet", "Source" },         /* not a service tag */
    { "source", "10.100.0.0/33", "Source" },
    { "destination", "", "Destination" },
    { "name", "deny-vnet-in", "Name" },         /* names are unique in a group */
  };

  vnl_nsg_editor_set_direction (f->editor, VNL_NSG_INBOUND);
  g_assert_false (vnl_history_can_undo (history));
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      type_at (f, 0, wrong[i].column, wrong[i].text);
      g_test_message ("%s = “%s”: %s", wrong[i].column, wrong[i].text, vnl_nsg_editor_get_reason (row_at (f, 0)));
      g_assert_nonnull (vnl_nsg_editor_get_reason (row_at (f, 0)));
      g_assert_nonnull (strstr (vnl_nsg_editor_get_reason (row_at (f, 0)), wrong[i].reason));
      g_assert_true (gtk_widget_has_css_class (vnl_nsg_editor_get_field (row_at (f, 0), wrong[i].column), "error"));
      /* Nothing applied. */
      g_assert_false (vnl_history_can_undo (history));
      g_assert_nonnull (rule_named (f, "allow-sql-from-dc1"));
      g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->priority, ==, 100);
      vnl_test_ui_shot (i == 2 ? "nsg-editor-duplicate" : "nsg-editor-wrong");
      /* Put it back. */
      if (g_str_equal (wrong[i].column, "priority"))
        type_at (f, 0, "priority", "100");
      else if (g_str_equal (wrong[i].column, "ports"))
        type_at (f, 0, "ports", "1433");
      else if (g_str_equal (wrong[i].column, "source"))
        type_at (f, 0, "source", "10.100.0.0/16");
      else if (g_str_equal (wrong[i].column, "destination"))
        type_at (f, 0, "destination", "10.3.0.0/25");
      else
        type_at (f, 0, "name", "allow-sql-from-dc1");
      g_assert_null (vnl_nsg_editor_get_reason (row_at (f, 0)));
      g_assert_false (vnl_history_can_undo (history));
    }

  /* Valid values: each is stored, one step each. */
  type_at (f, 0, "ports", "1433,8000-8080");
  g_assert_true (vnl_history_can_undo (history));
  g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->destination_ports->len, ==, 2);
  type_at (f, 0, "source", "VirtualNetwork, AzureLoadBalancer");
  g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->sources->len, ==, 2);
  g_assert_true (vnl_history_undo (history));
  g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->sources->len, ==, 1);
  WAIT_UNTIL (g_str_equal (text_at (f, 0, "source"), "10.100.0.0/16"));
  /* The editor shows the group after the undo. */
  g_assert_cmpstr (text_at (f, 0, "source"), ==, "10.100.0.0/16");
  g_assert_cmpstr (text_at (f, 0, "ports"), ==, "1433,8000-8080");

  /* A new priority re-sorts the table: 4001 goes after deny-vnet-in. */
  type_at (f, 0, "priority", "4001");
  WAIT_UNTIL (g_str_equal (text_at (f, 0, "name"), "deny-vnet-in"));
  g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->priority, ==, 4001);
  g_assert_cmpstr (text_at (f, 0, "name"), ==, "deny-vnet-in");
  g_assert_cmpstr (text_at (f, 1, "name"), ==, "allow-sql-from-dc1");

  /* The drop-downs store at once. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vnl_nsg_editor_get_field (row_at (f, 1), "access")), 1);
  vnl_test_ui_wait (50);
  g_assert_false (rule_named (f, "allow-sql-from-dc1")->allow);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vnl_nsg_editor_get_field (row_at (f, 1), "protocol")), 0);
  vnl_test_ui_wait (50);
  g_assert_cmpint (rule_named (f, "allow-sql-from-dc1")->protocol, ==, VNL_PROTO_ANY);
}

/* Add, move (priorities swapped), remove: each one undoable step. */
static void
test_add_move_remove (Fixture       *f,
                      gconstpointer  data)
{
  VnlHistory *history = vnl_window_get_history (f->window);
  VnlNsgRule *added;

  vnl_nsg_editor_set_direction (f->editor, VNL_NSG_OUTBOUND);
  g_assert_true (action (f, "rules.add"));
  g_assert_cmpuint (nsg (f)->rules->len, ==, 4);
  added = nsg (f)->rules->pdata[3];
  g_assert_cmpint (added->direction, ==, VNL_NSG_OUTBOUND);
  /* After the last outbound rule (4000), in steps of ten. */
  g_assert_cmpuint (added->priority, ==, 4010);
  g_assert_cmpuint (n_rows (f), ==, 2 + 3);
  g_assert_cmpstr (text_at (f, 1, "name"), ==, added->name);
  vnl_test_ui_shot ("nsg-editor-added");

  /* Up: it takes 4000, deny-internet-out takes 4010. */
  select_row (f, 1);
  g_assert_true (action (f, "rules.move-up"));
  g_assert_cmpuint (((VnlNsgRule *) nsg (f)->rules->pdata[3])->priority, ==, 4000);
  g_assert_cmpuint (rule_named (f, "deny-internet-out")->priority, ==, 4010);
  g_assert_cmpstr (text_at (f, 0, "name"), ==, ((VnlNsgRule *) nsg (f)->rules->pdata[3])->name);
  /* Still selected: down again is the undo's twin. */
  g_assert_true (action (f, "rules.move-down"));
  g_assert_cmpuint (rule_named (f, "deny-internet-out")->priority, ==, 4000);
  g_assert_true (vnl_history_undo (history));
  WAIT_UNTIL (g_str_equal (text_at (f, 1, "name"), "deny-internet-out"));
  g_assert_cmpuint (rule_named (f, "deny-internet-out")->priority, ==, 4010);
  g_assert_cmpstr (text_at (f, 1, "name"), ==, "deny-internet-out");

  /* The inbound rules are untouched by all of it. */
  g_assert_cmpuint (rule_named (f, "allow-sql-from-dc1")->priority, ==, 100);
  g_assert_cmpuint (rule_named (f, "deny-vnet-in")->priority, ==, 4000);

  /* Remove the selected rule; undo brings it back. */
  select_row (f, 1);
  g_assert_true (action (f, "rules.remove"));
  g_assert_null (rule_named (f, "deny-internet-out"));
  g_assert_cmpuint (n_rows (f), ==, 1 + 3);
  g_assert_true (vnl_history_undo (history));
  WAIT_UNTIL (n_rows (f) == 2 + 3);
  g_assert_nonnull (rule_named (f, "deny-internet-out"));
  g_assert_cmpuint (n_rows (f), ==, 2 + 3);

  /* A wrong row blocks the buttons: nothing stored. */
  type_at (f, 0, "ports", "x");
  g_assert_nonnull (vnl_nsg_editor_get_reason (row_at (f, 0)));
  g_assert_true (action (f, "rules.add"));
  g_assert_cmpuint (nsg (f)->rules->len, ==, 4);
}

/* The inspector of a group opens the editor; removing the group closes it. */
static void
test_inspector (Fixture       *f,
                gconstpointer  data)
{
  VnlViewport *viewport = vnl_canvas_get_viewport (vnl_window_get_canvas (f->window));
  GtkWidget *button;
  VnlNsgEditor *again;

  gtk_window_destroy (GTK_WINDOW (f->editor));
  vnl_test_ui_wait (50);
  g_assert_null (f->editor);
  vnl_viewport_select (viewport, nsg (f), FALSE);
  vnl_test_ui_wait (50);
  button = vnl_test_ui_find_button (GTK_WIDGET (vnl_window_get_inspector (f->window)), "_Edit Security Rules…");
  if (button == NULL)
    button = vnl_test_ui_find_button (GTK_WIDGET (vnl_window_get_inspector (f->window)), "Edit Security Rules…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  vnl_test_ui_wait (100);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (VNL_IS_NSG_EDITOR (w))
          f->editor = VNL_NSG_EDITOR (w);
      }
  }
  g_assert_nonnull (f->editor);
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  /* One editor per group. */
  again = vnl_nsg_editor_present (GTK_WINDOW (f->window), vnl_window_get_history (f->window), nsg (f));
  g_assert_true (again == f->editor);
  vnl_history_remove (vnl_window_get_history (f->window), nsg (f));
  vnl_test_ui_wait (50);
  g_assert_null (f->editor);
}

/* The window taking another document closes the editors of this one. */
static void
test_closes_with_document (Fixture       *f,
                           gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "samples", "azure-interop-testbed.vnetlab", NULL);

  g_assert_nonnull (f->editor);
  g_assert_true (vnl_window_open_path (f->window, path));
  WAIT_UNTIL (f->editor == NULL);
  g_assert_null (f->editor);
}

/* Association by drop */

static void
on_message (VnlCanvas  *canvas,
            const char *message,
            char      **last)
{
  g_free (*last);
  *last = g_strdup (message);
}

/* Where @name is drawn (the middle of its box), in world coordinates. */
static void
middle (Fixture    *f,
        const char *name,
        double     *wx,
        double     *wy)
{
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  gpointer object = vnl_design_lookup (vnl_window_get_design (f->window), name);
  VnlRect box;

  g_assert_nonnull (object);
  if (!vnl_renderer_get_object_bounds (vnl_canvas_get_renderer (canvas), object, &box))
    g_assert_true (vnl_renderer_get_frame (vnl_canvas_get_renderer (canvas), object, &box));
  *wx = box.x + box.width / 2;
  *wy = box.y + box.height / 2;
}

static const char *
nsg_place_id (void)
{
  for (guint i = 0; i < vnl_place_count (); i++)
    if (vnl_place_get_kind (i) == VNL_KIND_NSG)
      return vnl_place_to_id (i);
  g_assert_not_reached ();
  return NULL;
}

/* A group dropped from the palette on an endpoint is associated with its
 * NIC, on a VNet with its first subnet that has none (a subnet and a NIC
 * have one group at most, "network-security-groups-overview.md"); a
 * second on the same NIC or a VNet with no free subnet is refused with a
 * message. Moving a group onto an endpoint associates it too; each is
 * one undoable step. */
static void
test_associate (Fixture       *f,
                gconstpointer  data)
{
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlHistory *history = vnl_window_get_history (f->window);
  GPtrArray *groups = vnl_design_get_objects (design, VNL_KIND_NSG);
  guint n = groups->len;
  g_autofree char *said = NULL;
  VnlNsg *on_nic, *on_subnet;
  VnlViewport *viewport = vnl_canvas_get_viewport (canvas);
  double wx, wy, sx, sy, tx, ty;

  gtk_window_destroy (GTK_WINDOW (f->editor));
  g_signal_connect (canvas, "message", G_CALLBACK (on_message), &said);
  vnl_canvas_zoom_to_fit (canvas);
  vnl_test_ui_wait (100);

  middle (f, "db-vm", &wx, &wy);
  on_nic = vnl_canvas_place (canvas, nsg_place_id (), wx, wy);
  g_assert_nonnull (on_nic);
  g_assert_cmpuint (groups->len, ==, n + 1);
  g_assert_cmpuint (on_nic->nics->len, ==, 1);
  g_assert_cmpstr (((VnlNsgNic *) on_nic->nics->pdata[0])->endpoint, ==, "db-vm");
  g_assert_cmpuint (on_nic->subnets->len, ==, 0);
  g_assert_nonnull (strstr (said, "db-vm"));
  /* One step: undo takes the group away, association and all. */
  g_assert_true (vnl_history_undo (history));
  g_assert_cmpuint (groups->len, ==, n);
  g_assert_true (vnl_history_redo (history));
  on_nic = groups->pdata[groups->len - 1];
  g_assert_cmpuint (on_nic->nics->len, ==, 1);

  /* A second group on that NIC: refused, nothing added. */
  g_assert_null (vnl_canvas_place (canvas, nsg_place_id (), wx, wy));
  g_assert_cmpuint (groups->len, ==, n + 1);
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, on_nic->parent.name));

  /* spoke2: app has nsg-spoke2-app, privatelink has none. */
  middle (f, "spoke2", &wx, &wy);
  on_subnet = vnl_canvas_place (canvas, nsg_place_id (), wx, wy);
  g_assert_nonnull (on_subnet);
  g_assert_cmpuint (on_subnet->subnets->len, ==, 1);
  g_assert_cmpstr (((VnlUdrSubnet *) on_subnet->subnets->pdata[0])->vnet, ==, "spoke2");
  g_assert_cmpstr (((VnlUdrSubnet *) on_subnet->subnets->pdata[0])->subnet, ==, "privatelink");
  /* spoke3's only subnet has a group: refused. */
  middle (f, "spoke3", &wx, &wy);
  g_assert_null (vnl_canvas_place (canvas, nsg_place_id (), wx, wy));
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, "spoke3"));
  g_assert_cmpuint (groups->len, ==, n + 2);

  /* Moving the NIC's group onto app-vm (away from db-vm) adds that NIC:
   * one step with the move. */
  middle (f, on_nic->parent.name, &wx, &wy);
  vnl_viewport_to_screen (viewport, wx, wy, &sx, &sy);
  middle (f, "app-vm", &wx, &wy);
  vnl_viewport_to_screen (viewport, wx, wy, &tx, &ty);
  g_assert_true (_vnl_canvas_drag_begin (canvas, sx, sy, GDK_BUTTON_PRIMARY, 0));
  _vnl_canvas_drag_update (canvas, (tx - sx) / 2, (ty - sy) / 2);
  _vnl_canvas_drag_update (canvas, tx - sx, ty - sy);
  _vnl_canvas_drag_end (canvas, tx - sx, ty - sy);
  vnl_test_ui_wait (50);
  g_test_message ("%s", said);
  g_assert_cmpuint (on_nic->nics->len, ==, 2);
  g_assert_cmpstr (((VnlNsgNic *) on_nic->nics->pdata[1])->endpoint, ==, "app-vm");
  vnl_test_ui_shot ("associated");
  g_assert_true (vnl_history_undo (history));
  g_assert_cmpuint (on_nic->nics->len, ==, 1);
  g_signal_handlers_disconnect_by_func (canvas, on_message, &said);
}

/* The flow picker of the analysis pane: the drop-down whose first item
 * is ICMP, then the port and the source port entries beside it. */
static GtkDropDown *
flow_protocol (VnlAnalysisPane *pane)
{
  g_autoptr(GPtrArray) drops = g_ptr_array_new ();

  vnl_test_ui_find_all (GTK_WIDGET (pane), GTK_TYPE_DROP_DOWN, drops);
  for (guint i = 0; i < drops->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (drops->pdata[i]);
      if (GTK_IS_STRING_LIST (model) && g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), "ICMP") == 0)
        return drops->pdata[i];
    }
  g_assert_not_reached ();
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* File → Export of the view shown as @format to @path (with its
 * extension added); returns the file written. */
static char *
export_shown (Fixture    *f,
              const char *format,
              const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autofree char *view = NULL;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  vnl_test_ui_wait (50);
  dialog = find_toplevel (VNL_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_get (dialog, "view", &view, NULL);
  g_assert_cmpstr (view, ==, "trace:dc1-vm:db-vm");
  g_object_set (dialog, "format", format, "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL));
  while (find_toplevel (VNL_TYPE_EXPORT_DIALOG) != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (find_toplevel (VNL_TYPE_EXPORT_DIALOG));
  return g_strdup_printf ("%s.%s", path, format);
}

/* On the sample, dc1-vm (10.100.1.10, on-premises) to db-vm (spoke3
 * data, nsg-spoke3-data inbound): TCP 1433 is allow-sql-from-dc1 (100,
 * source 10.100.0.0/16); TCP 22 falls to deny-vnet-in (4000, source
 * VirtualNetwork, which holds the on-premises ranges: "the address space
 * of the VNet, all connected on-premises address spaces…",
 * network-security-groups-overview.md / service-tags-overview.md). The
 * picker sets the flow; the path page and the matrix follow it. */
static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  VnlAnalysisPane *pane = vnl_window_get_analysis_pane (f->window);
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (pane);
  GtkDropDown *protocol = flow_protocol (pane);
  GtkWidget *port = gtk_widget_get_next_sibling (GTK_WIDGET (protocol));
  GtkWidget *source_port = gtk_widget_get_next_sibling (port);
  VnlMatrixView *matrix;
  GPtrArray *names = NULL;
  int from = -1, to = -1;
  VnlTrace *trace;
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;

  gtk_window_destroy (GTK_WINDOW (f->editor));
  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_test_ui_wait (100);
  vnl_analysis_set_path (analysis, "dc1-vm", "db-vm");
  g_assert_cmpint (vnl_analysis_get_flow (analysis)->protocol, ==, VNL_PROTO_ICMP);
  g_assert_false (gtk_widget_get_sensitive (port));

  /* TCP with no port yet: refused, the flow stays ICMP. */
  gtk_drop_down_set_selected (protocol, 1);
  g_assert_true (gtk_widget_get_sensitive (port));
  g_assert_true (gtk_widget_has_css_class (port, "error"));
  g_assert_cmpint (vnl_analysis_get_flow (analysis)->protocol, ==, VNL_PROTO_ICMP);
  gtk_editable_set_text (GTK_EDITABLE (port), "1433");
  vnl_test_ui_wait (100);
  g_assert_cmpint (vnl_analysis_get_flow (analysis)->protocol, ==, VNL_PROTO_TCP);
  g_assert_cmpuint (vnl_analysis_get_flow (analysis)->port, ==, 1433);
  g_assert_cmpuint (vnl_analysis_get_flow (analysis)->source_port, ==, 49152);
  trace = vnl_analysis_get_trace (analysis);
  g_assert_nonnull (trace);
  g_assert_true (trace->reached);

  gtk_editable_set_text (GTK_EDITABLE (port), "22");
  vnl_test_ui_wait (100);
  trace = vnl_analysis_get_trace (analysis);
  g_assert_nonnull (trace);
  g_assert_false (trace->reached);
  g_assert_cmpint (trace->drop, ==, VNL_DROP_DENIED);
  g_assert_cmpstr (trace->drop_node, ==, "db-vm");
  g_assert_nonnull (trace->denied_by);
  g_assert_cmpstr (trace->denied_by->group, ==, "nsg-spoke3-data");
  g_assert_cmpstr (vnl_nsg_check_rule (trace->denied_by)->name, ==, "deny-vnet-in");
  /* The hop list says by which rule. */
  text = vnl_analysis_pane_get_path_text (pane);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "deny-vnet-in"));
  g_assert_nonnull (strstr (text, "4000"));
  g_assert_nonnull (strstr (text, "nsg-spoke3-data"));
  vnl_test_ui_shot ("flow-denied");

  /* Exports of the path (the dialog offers it) show the denial: the PDF's
   * text names the group, the rule and its priority. */
  {
    g_autofree char *dir = g_dir_make_tmp ("vnl-nsg-XXXXXX", NULL);
    g_autofree char *base = g_build_filename (dir, "denied", NULL);
    const char *shots = g_getenv ("VNL_SHOT");
    static const char * const formats[] = { "png", "svg", "pdf" };
    g_autofree char *pdf_text = NULL;
    g_autofree char *command = NULL;
    g_autofree char *pdf = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *written = export_shown (f, formats[i], base);
        GStatBuf st;

        g_assert_cmpint (g_stat (written, &st), ==, 0);
        g_assert_cmpint (st.st_size, >, 1000);
        if (i == 2)
          pdf = g_steal_pointer (&written);
        else if (shots != NULL)
          {
            g_autofree char *copy = g_strdup_printf ("cp %s %s/", written, shots);
            g_spawn_command_line_sync (copy, NULL, NULL, NULL, NULL);
          }
      }
    command = g_strdup_printf ("pdftotext %s -", pdf);
    g_assert_true (g_spawn_command_line_sync (command, &pdf_text, NULL, NULL, NULL));
    g_test_message ("%s", pdf_text);
    g_assert_nonnull (strstr (pdf_text, "nsg-spoke3-data"));
    g_assert_nonnull (strstr (pdf_text, "deny-vnet-in"));
    g_assert_nonnull (strstr (pdf_text, "4000"));
    if (shots != NULL)
      {
        g_autofree char *png = g_strdup_printf ("pdftoppm -png -r 60 -singlefile %s %s/denied-pdf", pdf, shots);
        g_spawn_command_line_sync (png, NULL, NULL, NULL, NULL);
      }
    g_remove (base);
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *written = g_strdup_printf ("%s.%s", base, formats[i]);
        g_remove (written);
      }
    g_rmdir (dir);
  }

  /* A wrong source port is refused; the flow keeps its last. */
  gtk_editable_set_text (GTK_EDITABLE (source_port), "70000");
  g_assert_true (gtk_widget_has_css_class (source_port, "error"));
  g_assert_cmpuint (vnl_analysis_get_flow (analysis)->source_port, ==, 49152);
  gtk_editable_set_text (GTK_EDITABLE (source_port), "");

  /* The matrix is of the same flow: the cell is routed but denied and
   * its tooltip names the rule. */
  vnl_analysis_pane_show_page (pane, "matrix");
  vnl_test_ui_wait (100);
  matrix = VNL_MATRIX_VIEW (vnl_analysis_pane_get_page_widget (pane, "matrix"));
  g_assert_nonnull (vnl_analysis_get_reachability (analysis, &names));
  for (guint i = 0; i < names->len; i++)
    {
      if (g_str_equal (names->pdata[i], "dc1-vm"))
        from = i;
      if (g_str_equal (names->pdata[i], "db-vm"))
        to = i;
    }
  g_assert_cmpint (from, >=, 0);
  g_assert_cmpint (to, >=, 0);
  g_assert_cmpint (vnl_matrix_get_cell (vnl_analysis_get_reachability (analysis, NULL), from, to), ==, VNL_MATRIX_DENIED);
  tip = vnl_matrix_view_describe (matrix, from, to);
  g_test_message ("%s", tip);
  g_assert_nonnull (strstr (tip, "denied"));
  g_assert_nonnull (strstr (tip, "deny-vnet-in"));
  vnl_test_ui_shot ("flow-matrix");

  /* Back to 1433: allowed again, in the matrix too. */
  gtk_editable_set_text (GTK_EDITABLE (port), "1433");
  vnl_test_ui_wait (100);
  g_assert_cmpint (vnl_matrix_get_cell (vnl_analysis_get_reachability (analysis, NULL), from, to), ==, VNL_MATRIX_REACHABLE);
}

int
main (int   argc,
      char *argv[])
{
  int skip = vnl_test_ui_init (&argc, &argv);

  if (skip >= 0)
    return skip;
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/nsg-editor/table", test_table);
  ADD ("/ui/nsg-editor/validation", test_validation);
  ADD ("/ui/nsg-editor/add-move-remove", test_add_move_remove);
  ADD ("/ui/nsg-editor/inspector", test_inspector);
  ADD ("/ui/nsg-editor/closes-with-document", test_closes_with_document);
  ADD ("/ui/nsg/flow-picker", test_flow);
  ADD ("/ui/nsg/associate-by-drop", test_associate);
  return g_test_run ();
}
