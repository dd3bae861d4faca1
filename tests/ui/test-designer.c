/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-edit.h"
#include "vnl-inspector.h"
#include "vnl-window.h"

/* UI tests: a real VnlWindow, driven through its controllers and actions. */

typedef struct
{
  VnlWindow *window;
  char      *message;
} Fixture;

static void
on_message (Fixture    *f,
            const char *message)
{
  g_free (f->message);
  f->message = g_strdup (message);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_signal_connect_swapped (vnl_window_get_canvas (f->window), "message", G_CALLBACK (on_message), f);
  iterate ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Unmodified now or not, close without asking. */
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_clear_pointer (&f->message, g_free);
  iterate ();
}

/* Emits ::drop on the canvas's drop target, as a drag from the palette
 * does when it is released at screen point (x, y). */
static gboolean
drop (VnlCanvas  *canvas,
      const char *id,
      double      x,
      double      y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (canvas));
  GValue value = G_VALUE_INIT;
  gboolean ok = FALSE;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, id);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, x, y, &ok);
    }
  g_value_unset (&value);
  iterate ();
  return ok;
}

static VnlObject *
world_drop (Fixture    *f,
            const char *id,
            double      wx,
            double      wy)
{
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  double sx, sy;

  vnl_viewport_to_screen (vnl_canvas_get_viewport (canvas), wx, wy, &sx, &sy);
  if (!drop (canvas, id, sx, sy))
    return NULL;
  return vnl_viewport_get_focus (vnl_canvas_get_viewport (canvas));
}

static void
test_palette_drop (Fixture       *f,
                   gconstpointer  data)
{
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlObject *vnet, *gw;

  vnet = world_drop (f, "vnet", 200, 200);
  g_assert_nonnull (vnet);
  g_assert_cmpint (vnet->kind, ==, VNL_KIND_VNET);
  g_assert_cmpfloat (vnet->pos.x, ==, 200);
  g_assert_true (vnl_design_lookup (design, vnet->name) == (gpointer) vnet);

  /* A gateway dropped on the VNet belongs to it... */
  gw = world_drop (f, "vpn-gateway", 205, 230);
  g_assert_nonnull (gw);
  g_assert_cmpint (gw->kind, ==, VNL_KIND_GATEWAY);
  g_assert_cmpstr (((VnlGateway *) gw)->vnet, ==, vnet->name);

  /* ...and one dropped on empty canvas is refused, with the reason. */
  g_assert_null (world_drop (f, "er-gateway", 900, 700));
  g_assert_nonnull (f->message);
  g_assert_nonnull (strstr (f->message, "VNet"));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_GATEWAY)->len, ==, 1);
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlObject *a = world_drop (f, "vnet", 100, 100);
  VnlObject *b = world_drop (f, "vnet", 400, 100);
  VnlObject *c = world_drop (f, "circuit", 250, 400);
  VnlObject *gw = world_drop (f, "vpn-gateway", 100, 130);
  VnlObject *link;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_nonnull (gw);

  link = vnl_canvas_connect (canvas, a, b);
  g_assert_nonnull (link);
  g_assert_cmpint (link->kind, ==, VNL_KIND_PEERING);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_PEERING)->len, ==, 1);

  /* Refused, with a reason: a VPN gateway cannot reach a circuit. */
  g_assert_null (vnl_canvas_connect (canvas, gw, c));
  g_assert_nonnull (strstr (f->message, "ExpressRoute"));
  g_assert_null (vnl_canvas_connect (canvas, a, b));
  g_assert_nonnull (strstr (f->message, "peered"));
}

static void
test_inspector_edit (Fixture       *f,
                     gconstpointer  data)
{
  VnlInspector *inspector = vnl_window_get_inspector (f->window);
  VnlVnet *vnet = (VnlVnet *) world_drop (f, "vnet", 100, 100);
  char buf[20];

  g_assert_nonnull (vnet);
  iterate ();
  g_assert_true (vnl_inspector_edit (inspector, "address-spaces", "10.9.0.0/16, 10.10.0.0/24"));
  g_assert_cmpuint (vnet->address_spaces->len, ==, 2);
  vnl_prefix_format (&g_array_index (vnet->address_spaces, VnlPrefix, 1), buf);
  g_assert_cmpstr (buf, ==, "10.10.0.0/24");

  /* Host bits set: refused, the model keeps its value. */
  g_assert_false (vnl_inspector_edit (inspector, "address-spaces", "10.9.0.1/16"));
  g_assert_cmpuint (vnet->address_spaces->len, ==, 2);

  g_assert_true (vnl_inspector_edit (inspector, "name", "core"));
  g_assert_cmpstr (vnet->parent.name, ==, "core");
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlInspector *inspector = vnl_window_get_inspector (f->window);
  VnlObject *vnet = world_drop (f, "vnet", 100, 100);

  g_assert_nonnull (vnet);
  iterate ();
  g_assert_true (vnl_inspector_edit (inspector, "location", "eastus"));
  g_assert_cmpstr (((VnlVnet *) vnet)->location, ==, "eastus");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  iterate ();
  g_assert_cmpstr (((VnlVnet *) vnet)->location, !=, "eastus");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  iterate ();
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.redo", NULL));
  iterate ();
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, 1);

  /* Delete through the canvas action, then undo brings it back. */
  vnl_viewport_select (vnl_canvas_get_viewport (vnl_window_get_canvas (f->window)), vnet, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vnl_window_get_canvas (f->window)), "canvas.delete", NULL));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, 1);
}

static void
test_open_sample (Fixture       *f,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "samples", "azure-interop-testbed.vnetlab", NULL);
  VnlCanvas *canvas = vnl_window_get_canvas (f->window);
  VnlObject *link;
  VnlRect bounds;

  g_assert_true (vnl_window_open_path (f->window, path));
  iterate ();
  g_assert_true (vnl_renderer_get_bounds (vnl_canvas_get_renderer (canvas), &bounds));
  g_assert_cmpfloat (bounds.width, >, 800);

  /* Take a link down and bring it back up through the canvas actions. */
  link = vnl_design_lookup (vnl_window_get_design (f->window), "hub-spoke");
  vnl_viewport_select (vnl_canvas_get_viewport (canvas), link, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.take-down", NULL));
  g_assert_false (link->up);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "doc.undo", NULL));
  g_assert_true (link->up);
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/designer/palette-drop", test_palette_drop);
  ADD ("/ui/designer/connect", test_connect);
  ADD ("/ui/designer/inspector-edit", test_inspector_edit);
  ADD ("/ui/designer/undo", test_undo);
  ADD ("/ui/designer/open-sample", test_open_sample);
#undef ADD

  return g_test_run ();
}
