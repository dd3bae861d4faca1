/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "vnl-file.h"
#include "vnl-history.h"
#include "vnl-lists.h"

static VnlDesign *
load_testbed (void)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  if (dir != NULL)
    path = g_build_filename (dir, "azure-interop-testbed.vnetlab", NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "samples", "azure-interop-testbed.vnetlab", NULL);
  design = vnl_design_load (path, &error);
  g_assert_no_error (error);
  return design;
}

static const VnlList *
list_of (VnlKind     kind,
         const char *key)
{
  for (const VnlList * const *l = vnl_lists_for_kind (kind); *l != NULL; l++)
    if (g_str_equal ((*l)->key, key))
      return *l;
  g_assert_not_reached ();
}

typedef struct
{
  const char *object;
  const char *key;
  const char *text;     /* new value */
  gboolean    ok;
} Case;

static const Case cases[] = {
  { "hub", "subnets", "default\t10.10.30.0/25\nGatewaySubnet\t10.10.30.224/27", TRUE },
  { "hub", "subnets", "a\t10.10.30.0/25\na\t10.10.30.128/25", FALSE },   /* duplicate name */
  { "hub", "subnets", "a\t10.10.30.0/33", FALSE },
  { "hub", "subnets", "\t10.10.30.0/24", FALSE },                        /* name needed */
  { "hub-ergw", "instances", "10.10.30.228\n10.10.30.229\n10.10.30.230", TRUE },
  { "hub-ergw", "instances", "10.10.30.300", FALSE },
  { "loc1-ce", "policies", "er1-primary\t200\t2\t10.2.30.0/25, 10.2.31.0/24", TRUE },
  { "loc1-ce", "policies", "er1-primary\t\t\t", TRUE },
  { "loc1-ce", "policies", "er1-primary\tlots\t\t", FALSE },
  { "loc1-ce", "policies", "er1-primary\t\t99\t", FALSE },
  { "loc1", "hops", "core\t10.2.30.3\t10.2.30.129", TRUE },
  { "loc1", "hops", "\t10.2.30.3\t", TRUE },
  { "loc1", "hops", "core\t\t", FALSE },
};

/* Each list edit is one undoable step; a refused one changes nothing. */
static void
test_cases (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gpointer object = vnl_design_lookup (design, c->object);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *undone = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_assert_nonnull (object);
      g_assert_nonnull (list_of (((VnlObject *) object)->kind, c->key));
      before = vnl_object_get_text (design, object, c->key);
      ok = vnl_history_set_property (history, object, c->key, c->text, &error);
      g_assert_cmpint (ok, ==, c->ok);
      after = vnl_object_get_text (design, object, c->key);
      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_cmpstr (after, ==, before);
          continue;
        }
      g_assert_no_error (error);
      if (g_strcmp0 (before, after) == 0)
        continue;
      g_assert_true (vnl_history_undo (history));
      undone = vnl_object_get_text (design, object, c->key);
      g_assert_cmpstr (undone, ==, before);
      g_assert_true (vnl_history_redo (history));
    }

  /* The edited design still saves and loads. */
  {
    gsize length;
    g_autofree char *data = vnl_design_to_data (design, &length);
    g_autoptr(GError) error = NULL;
    g_autoptr(VnlDesign) again = vnl_design_load_from_data (data, length, "edited", &error);
    VnlGateway *gw;
    VnlCe *ce;

    g_assert_no_error (error);
    gw = vnl_design_lookup_kind (again, "hub-ergw", VNL_KIND_GATEWAY);
    g_assert_cmpuint (gw->instances->len, ==, 3);
    ce = vnl_design_lookup_kind (again, "loc1-ce", VNL_KIND_CE);
    g_assert_cmpuint (ce->policies->len, ==, 1);
  }
}

/* Locations and the latency table. */
static void
test_locations (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  VnlLocation *a, *b;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  double before;

  g_assert_cmpuint (locations->len, >=, 2);
  a = locations->pdata[0];
  b = locations->pdata[1];
  key = g_strdup_printf ("latency:%s", b->parent.name);
  before = vnl_design_latency (design, a->parent.name, b->parent.name);

  g_assert_true (vnl_history_set_property (history, a, key, "7,5", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (vnl_design_latency (design, a->parent.name, b->parent.name), ==, 7.5);
  g_assert_true (vnl_history_undo (history));
  g_assert_cmpfloat (vnl_design_latency (design, a->parent.name, b->parent.name), ==, before);

  g_assert_false (vnl_history_set_property (history, a, key, "-3", &error));
  g_clear_error (&error);
  g_assert_true (vnl_history_set_property (history, a, "display-name", "Somewhere", &error));
  g_assert_cmpstr (a->display_name, ==, "Somewhere");
  g_assert_true (vnl_history_set_property (history, a, "location-kind", "on-premises", &error));
  g_assert_cmpint (a->location_kind, ==, VNL_LOCATION_ON_PREMISES);
  g_assert_true (vnl_history_set_property (history, a, "intra-latency", "0.3", &error));
  g_assert_cmpfloat (vnl_design_latency (design, a->parent.name, a->parent.name), ==, 0.3);
  g_assert_true (vnl_history_undo (history));
  g_assert_true (vnl_history_undo (history));
  g_assert_true (vnl_history_undo (history));
  g_assert_null (a->display_name == NULL ? NULL : (g_str_equal (a->display_name, "Somewhere") ? a->display_name : NULL));
}

/* The route editor's pickers: the next-hop types are Azure's five
 * (virtual-networks-udr-overview.md) and nothing else is accepted; a
 * VirtualAppliance IP is offered from the hosts in VNets (named, the
 * address kept), none for another type; a subnet picker offers the
 * subnets of the row's VNet. The reference lab's hub has "default" and
 * "GatewaySubnet"; its hub VM is at 10.10.30.4 (spec). */
static void
test_route_offers (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  const VnlList *routes = list_of (VNL_KIND_ROUTE_TABLE, "routes");
  const VnlList *assoc = list_of (VNL_KIND_ROUTE_TABLE, "associations");
  const char *va_row[] = { "r", "0.0.0.0/0", "VirtualAppliance", "", NULL };
  const char *none_row[] = { "r", "0.0.0.0/0", "None", "", NULL };
  const char *hub_row[] = { "hub", "", NULL };
  g_auto(GStrv) types = vnl_list_column_offers (design, NULL, &routes->columns[2], NULL);
  g_auto(GStrv) ips = vnl_list_column_offers (design, NULL, &routes->columns[3], va_row);
  g_auto(GStrv) no_ips = vnl_list_column_offers (design, NULL, &routes->columns[3], none_row);
  g_auto(GStrv) subnets = vnl_list_column_offers (design, NULL, &assoc->columns[1], hub_row);
  g_autoptr(GError) error = NULL;
  gboolean hub_vm = FALSE;

  g_assert_cmpuint (g_strv_length (types), ==, 5);
  g_assert_true (g_strv_contains ((const char * const *) types, "VirtualNetworkGateway"));
  g_assert_true (vnl_list_validate_field (&routes->columns[2], "VnetLocal", NULL));
  g_assert_false (vnl_list_validate_field (&routes->columns[2], "VirtualNetworkPeering", &error));
  g_assert_nonnull (error);

  for (guint i = 0; ips[i] != NULL; i++)
    hub_vm |= g_str_has_suffix (ips[i], " 10.10.30.4");
  g_assert_true (hub_vm);
  g_assert_cmpuint (g_strv_length (no_ips), ==, 0);
  g_assert_cmpuint (g_strv_length (subnets), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) subnets, "GatewaySubnet"));
}

/* A VirtualAppliance route names "the private IP address of a network
 * interface attached to a virtual machine" or "of an Azure internal load
 * balancer" (virtual-networks-udr-overview.md): in the HA-pair sample the
 * picker offers the pair's frontend 10.0.1.100 once, before the two
 * appliances' NICs 10.0.1.4 and 10.0.1.5; in the firewall sample, azfw's
 * 10.0.1.4 first. */
static void
test_appliance_offers (void)
{
  const VnlList *routes = list_of (VNL_KIND_ROUTE_TABLE, "routes");
  const char *va_row[] = { "r", "0.0.0.0/0", "VirtualAppliance", "", NULL };
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *ha_path = g_build_filename (dir != NULL ? dir : "samples", "nva-ha-pair.vnetlab", NULL);
  g_autofree char *fw_path = g_build_filename (dir != NULL ? dir : "samples", "hub-spoke-firewall.vnetlab", NULL);
  g_autoptr(VnlDesign) ha = vnl_design_load (ha_path, NULL);
  g_autoptr(VnlDesign) fw = vnl_design_load (fw_path, NULL);
  g_auto(GStrv) ha_ips = NULL;
  g_auto(GStrv) fw_ips = NULL;
  guint frontends = 0;

  g_assert_nonnull (ha);
  g_assert_nonnull (fw);
  ha_ips = vnl_list_column_offers (ha, NULL, &routes->columns[3], va_row);
  fw_ips = vnl_list_column_offers (fw, NULL, &routes->columns[3], va_row);
  g_assert_nonnull (ha_ips[0]);
  g_assert_true (g_str_has_suffix (ha_ips[0], " 10.0.1.100"));
  for (guint i = 0; ha_ips[i] != NULL; i++)
    frontends += g_str_has_suffix (ha_ips[i], " 10.0.1.100");
  g_assert_cmpuint (frontends, ==, 1);
  g_assert_true (g_strv_contains ((const char * const *) ha_ips, "nva1 10.0.1.4"));
  g_assert_true (g_strv_contains ((const char * const *) ha_ips, "nva2 10.0.1.5"));
  g_assert_cmpstr (fw_ips[0], ==, "azfw 10.0.1.4");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/lists/edit-undo", test_cases);
  g_test_add_func ("/app/lists/locations", test_locations);
  g_test_add_func ("/app/lists/route-offers", test_route_offers);
  g_test_add_func ("/app/lists/appliance-offers", test_appliance_offers);
  return g_test_run ();
}
