/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vnl-edit.h"
#include "vnl-file.h"
#include "vnl-history.h"
#include "vnl-network.h"

static VnlDesign *
load_sample (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  if (dir != NULL)
    path = g_build_filename (dir, name, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
  design = vnl_design_load (path, &error);
  g_assert_no_error (error);
  return design;
}

static VnlDesign *
load_testbed (void)
{
  return load_sample ("azure-interop-testbed.vnetlab");
}

/* Duplicating a circuit copies its two links, detached from any CE, in
 * one undoable step. */
static void
test_duplicate_circuit (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GPtrArray) selection = g_ptr_array_new ();
  g_autoptr(GPtrArray) copies = NULL;
  VnlCircuit *er1 = vnl_design_lookup_kind (design, "er1", VNL_KIND_CIRCUIT);
  guint n_links = vnl_design_get_objects (design, VNL_KIND_LINK)->len;
  guint n_circuits = vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len;
  VnlCircuit *copy;

  g_assert_nonnull (er1);
  g_ptr_array_add (selection, er1);
  copies = vnl_edit_duplicate (history, selection);
  g_assert_cmpuint (copies->len, ==, 1);
  copy = copies->pdata[0];
  g_assert_cmpint (copy->parent.kind, ==, VNL_KIND_CIRCUIT);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links + 2);
  g_assert_cmpstr (copy->peering_location, ==, er1->peering_location);

  for (guint i = 0; i < 2; i++)
    {
      VnlLink *orig = vnl_design_lookup_kind (design, er1->links[i], VNL_KIND_LINK);
      VnlLink *link = vnl_design_lookup_kind (design, copy->links[i], VNL_KIND_LINK);

      g_assert_nonnull (link);
      g_assert_true (link != orig);
      g_assert_cmpstr (link->circuit, ==, copy->parent.name);
      g_assert_cmpint (link->role, ==, orig->role);
      g_assert_cmpuint (link->subnet.addr, ==, orig->subnet.addr);
      g_assert_cmpuint (link->msee_address, ==, orig->msee_address);
      g_assert_null (link->ce);
    }

  g_assert_true (vnl_history_undo (history));
  g_assert_false (vnl_history_can_undo (history));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len, ==, n_circuits);
  g_assert_true (vnl_history_redo (history));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links + 2);
}

/* Copying the hub and the spoke takes their gateways, VMs, the peering
 * between them, the VNet-to-VNet connection's ends only when both come
 * (the branch does not), and their location; pasting into the same design
 * renames everything taken (hub → hub1…) and keeps references consistent,
 * in one undoable step. Shared keys never reach the clipboard. */
static void
test_copy_paste (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GPtrArray) selection = g_ptr_array_new ();
  g_autoptr(GPtrArray) pasted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  guint before = vnl_design_count (design);
  gsize length = 0;
  VnlGateway *gw;
  VnlPeering *peering;
  VnlEndpoint *vm;

  g_ptr_array_add (selection, vnl_design_lookup (design, "hub"));
  g_ptr_array_add (selection, vnl_design_lookup (design, "spoke"));
  data = vnl_edit_copy (design, selection, &length);
  g_assert_nonnull (data);
  g_assert_null (strstr (data, "IamSecure123"));
  g_assert_null (strstr (data, "hub-branch-psk"));
  g_assert_nonnull (strstr (data, "name=\"hub-ergw\""));
  g_assert_nonnull (strstr (data, "name=\"hub-spoke\""));
  g_assert_null (strstr (data, "name=\"branch\""));     /* not selected */
  g_assert_null (strstr (data, "name=\"hub-branch-vpn\"")); /* one end only */

  pasted = vnl_edit_paste (history, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pasted);
  /* hub, spoke, hub-vm, spoke-vm, hub-ergw, hub-vpngw. */
  g_assert_cmpuint (pasted->len, ==, 6);

  gw = vnl_design_lookup_kind (design, "hub-ergw1", VNL_KIND_GATEWAY);
  g_assert_nonnull (gw);
  g_assert_cmpstr (gw->vnet, ==, "hub1");
  vm = vnl_design_lookup_kind (design, "spoke-vm1", VNL_KIND_ENDPOINT);
  g_assert_nonnull (vm);
  g_assert_cmpstr (vm->owner, ==, "spoke1");
  peering = vnl_design_lookup_kind (design, "hub-spoke1", VNL_KIND_PEERING);
  g_assert_nonnull (peering);
  g_assert_cmpstr (peering->vnet_a, ==, "hub1");
  g_assert_cmpstr (peering->vnet_b, ==, "spoke1");
  /* The location region1 existed: it was reused, not duplicated. */
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LOCATION)->len, ==, 7);

  g_assert_true (vnl_history_undo (history));
  g_assert_cmpuint (vnl_design_count (design), ==, before);
  g_assert_null (vnl_design_lookup (design, "hub1"));
}

/* A route table dropped on a VNet is associated with a subnet that has
 * none (the GatewaySubnet last), dropped elsewhere with nothing; one undo
 * takes it away. The reference's hub has "default" and a GatewaySubnet. */
static void
test_place_route_table (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  VnlVnet *hub = vnl_design_lookup_kind (design, "hub", VNL_KIND_VNET);
  VnlUdrTable *first, *second, *third, *loose;
  VnlUdrSubnet *assoc;
  VnlPlace rt_place;

  g_assert_nonnull (hub);
  g_assert_true (vnl_place_from_id ("route-table", &rt_place));
  g_assert_false (vnl_place_needs_container (rt_place));
  g_assert_true (vnl_place_accepts (rt_place, VNL_KIND_VNET));
  g_assert_false (vnl_place_accepts (rt_place, VNL_KIND_SITE));

  first = vnl_edit_place (history, rt_place, 10, 10, hub, NULL);
  g_assert_nonnull (first);
  g_assert_cmpuint (first->subnets->len, ==, 1);
  assoc = first->subnets->pdata[0];
  g_assert_cmpstr (assoc->vnet, ==, "hub");
  g_assert_cmpstr (assoc->subnet, !=, "GatewaySubnet");
  g_assert_true (first->propagate_gateway_routes);

  /* The workload subnets are taken: then the GatewaySubnet; then none. */
  second = vnl_edit_place (history, rt_place, 20, 10, hub, NULL);
  g_assert_nonnull (second);
  g_assert_cmpuint (hub->subnets->len, ==, 2);
  g_assert_cmpuint (second->subnets->len, ==, 1);
  g_assert_cmpstr (((VnlUdrSubnet *) second->subnets->pdata[0])->subnet, ==, "GatewaySubnet");
  third = vnl_edit_place (history, rt_place, 30, 10, hub, NULL);
  g_assert_nonnull (third);
  g_assert_cmpuint (third->subnets->len, ==, 0);

  loose = vnl_edit_place (history, rt_place, 500, 500, NULL, NULL);
  g_assert_nonnull (loose);
  g_assert_cmpuint (loose->subnets->len, ==, 0);
  {
    g_autofree char *name = g_strdup (((VnlObject *) loose)->name);
    g_assert_true (vnl_history_undo (history));
    g_assert_null (vnl_design_lookup (design, name));
  }
}

static gpointer
place (VnlHistory *history,
       const char *id,
       double      x,
       double      y,
       gpointer    container)
{
  g_autoptr(GError) error = NULL;
  VnlPlace place;
  gpointer object;

  g_assert_true (vnl_place_from_id (id, &place));
  object = vnl_edit_place (history, place, x, y, container, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

static guint
count_problems_of (GPtrArray  *problems,
                   const char *object)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((VnlProblem *) problems->pdata[i])->object, object) == 0)
      n++;
  return n;
}

/* A design drawn from an empty canvas: a hub with an ExpressRoute gateway,
 * a circuit, a site with its CE router. The CE and the circuit get
 * matching ASNs when they are connected (else the BGP session stays down,
 * vnl-validate-azure.c), in the step of the attach, and the places the
 * design gets are real ones with the latencies of the built-in table: a
 * round trip from the hub to the site of a few milliseconds, not 80. */
static void
test_new_design_defaults (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  VnlObject *hub, *gw, *site, *vm, *svm;
  VnlCe *ce, *ce2;
  VnlCircuit *circuit, *circuit2;
  guint32 ce_asn;
  GPtrArray *locations;

  hub = place (history, "vnet", 100, 100, NULL);
  gw = place (history, "er-gateway", 110, 110, hub);
  vm = place (history, "endpoint", 130, 130, hub);
  circuit = place (history, "circuit", 400, 100, NULL);
  site = place (history, "site", 700, 100, NULL);
  svm = place (history, "endpoint", 710, 130, site);
  ce = place (history, "ce", 720, 110, site);
  ce_asn = ce->asn;

  /* Each new network gets its own private ASN, none reserved by Azure. */
  g_assert_cmpuint (ce->asn, !=, circuit->peer_asn);
  g_assert_cmpuint (ce->asn, >=, 64512);
  g_assert_cmpuint (ce->asn, <, 65515);
  g_assert_cmpuint (circuit->peer_asn, >=, 64512);
  g_assert_cmpuint (circuit->peer_asn, <, 65515);

  g_assert_nonnull (vnl_edit_connect (history, gw, circuit, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vnl_edit_connect (history, circuit, ce, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ce->asn, ==, circuit->peer_asn);

  /* No BGP session of the design disagrees. */
  problems = vnl_design_validate (design, NULL);
  g_assert_cmpuint (count_problems_of (problems, ce->parent.name), ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (count_problems_of (problems, circuit->links[i]), ==, 0);

  /* One step: undo detaches the CE and gives it its ASN back. */
  g_assert_true (vnl_history_undo (history));
  g_assert_cmpuint (ce->asn, ==, ce_asn);
  g_assert_true (vnl_history_redo (history));
  g_assert_cmpuint (ce->asn, ==, circuit->peer_asn);

  /* A CE already tied to its ASN gives it to a second circuit that has no
   * CE yet. */
  circuit2 = place (history, "circuit", 400, 300, NULL);
  g_assert_cmpuint (circuit2->peer_asn, !=, ce->asn);
  g_assert_nonnull (vnl_edit_connect (history, circuit2, ce, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (circuit2->peer_asn, ==, ce->asn);

  /* A second CE of another network, new, takes the circuit's ASN even
   * when its circuit serves the first CE too. */
  ce2 = place (history, "ce", 740, 110, site);
  g_assert_cmpuint (ce2->asn, !=, ce->asn);
  g_assert_nonnull (vnl_edit_connect (history, circuit2, ce2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ce2->asn, ==, circuit2->peer_asn);

  /* Three real places, each pair with a latency of the table (West
   * Europe and Amsterdam are in one metro: about a millisecond). */
  locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  g_assert_cmpuint (locations->len, ==, 3);
  for (guint i = 0; i < locations->len; i++)
    for (guint j = 0; j < locations->len; j++)
      if (i != j)
        {
          double ms = vnl_design_latency (design, ((VnlObject *) locations->pdata[i])->name,
                                          ((VnlObject *) locations->pdata[j])->name);
          g_assert_cmpfloat (ms, >, 0);
          g_assert_cmpfloat (ms, <, 3);
        }

  /* The hub reaches the site over the circuit in a few ms round trip. */
  {
    g_autoptr(VnlNetwork) network = vnl_network_new (design);
    VnlTrace *trace = vnl_network_trace (network, vm->name, svm->name, &error);

    g_assert_no_error (error);
    g_assert_nonnull (trace);
    g_assert_true (trace->reached);
    g_assert_cmpfloat (trace->one_way_ms, <, 5);
    g_assert_cmpfloat (trace->one_way_ms, >, 0.5);
    vnl_trace_free (trace);
  }
}

/* Associating by drop, on samples/hub-spoke-nsg.vnetlab: groups on
 * spoke1/web, spoke2/app and spoke3/data; route table rt-spokes on the
 * three spoke subnets, rt-hub on hub/mgmt. A subnet or a NIC has one
 * network security group and one route table at most
 * (network-security-groups-overview.md, virtual-networks-udr-overview.md);
 * a group is never put on the GatewaySubnet. Expected values follow from
 * those rules over the sample, not from the program. */
static void
test_associate (void)
{
  static const struct
  {
    VnlKind     kind;
    const char *target;
    const char *expected;   /* NULL: refused */
  } cases[] = {
    { VNL_KIND_NSG, "db-vm", "the NIC of db-vm" },
    { VNL_KIND_NSG, "db-vm", NULL },                         /* that NIC has one now */
    { VNL_KIND_NSG, "spoke2", "subnet spoke2/privatelink" }, /* app has one */
    { VNL_KIND_NSG, "spoke3", NULL },                        /* data, its only subnet, has one */
    { VNL_KIND_NSG, "hub", "subnet hub/default" },
    { VNL_KIND_NSG, "hub-vpngw", NULL },                     /* a gateway is not a subnet */
    { VNL_KIND_ROUTE_TABLE, "hub-vm", "subnet hub/default" },/* 10.0.0.4 is in default */
    { VNL_KIND_ROUTE_TABLE, "db-vm", NULL },                 /* spoke3/data has rt-spokes */
    { VNL_KIND_ROUTE_TABLE, "hub", "subnet hub/nva" },       /* default now taken, mgmt has rt-hub */
  };
  g_autoptr(VnlDesign) design = load_sample ("hub-spoke-nsg.vnetlab");
  g_autoptr(VnlHistory) history = vnl_history_new (design);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *what = NULL;
      g_autofree char *name = g_strdup_printf ("new%u", i);
      VnlObject *group = vnl_object_new (cases[i].kind, name);
      gpointer target = vnl_design_lookup (design, cases[i].target);
      gboolean can;

      g_assert_nonnull (target);
      g_assert_true (vnl_history_add (history, group, NULL));
      can = vnl_edit_can_associate (design, cases[i].kind, target, NULL);
      what = vnl_edit_associate (history, group, target, &error);
      g_test_message ("%s on %s: %s", name, cases[i].target, what != NULL ? what : error->message);
      g_assert_cmpstr (what, ==, cases[i].expected);
      g_assert_true (can == (cases[i].expected != NULL));
      if (cases[i].expected == NULL)
        g_assert_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE);
    }

  /* One step each: undo takes the last association back. */
  {
    VnlUdrTable *table = vnl_design_lookup (design, "new8");

    g_assert_cmpuint (table->subnets->len, ==, 1);
    g_assert_true (vnl_history_undo (history));
    g_assert_cmpuint (table->subnets->len, ==, 0);
  }
}

/* A connection made between two nodes of the reference lab: the kind the
 * pair means in Azure, its two ends in the kind's order whatever the order
 * of the pair, and one undo step. */
static void
assert_connects (VnlHistory *history,
                 const char *a,
                 const char *b,
                 VnlKind     kind,
                 const char *end_a,
                 const char *end_b)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autoptr(GError) error = NULL;
  const char *x = NULL, *y = NULL;
  VnlObject *link;
  g_autofree char *name = NULL;

  link = vnl_edit_connect (history, vnl_design_lookup (design, a), vnl_design_lookup (design, b), &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpint (link->kind, ==, kind);
  g_assert_true (vnl_object_get_ends (link, &x, &y));
  g_assert_cmpstr (x, ==, end_a);
  g_assert_cmpstr (y, ==, end_b);
  name = g_strdup (link->name);
  g_assert_true (vnl_history_undo (history));
  g_assert_null (vnl_design_lookup (design, name));
}

/* A pair refused, with a message naming what to do or what exists. */
static void
assert_refused (VnlHistory *history,
                const char *a,
                const char *b,
                const char *says)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autoptr(GError) error = NULL;
  guint objects = vnl_design_count (design);

  g_assert_null (vnl_edit_connect (history, vnl_design_lookup (design, a), vnl_design_lookup (design, b), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_cmpuint (vnl_design_count (design), ==, objects);
}

/* The connect gesture's rules on the reference lab: VNet ↔ VNet is a
 * peering, ExpressRoute gateway ↔ circuit a connection, VPN gateway ↔ VPN
 * gateway a VNet-to-VNet connection, circuit ↔ circuit Global Reach;
 * what exists already and what has no Azure meaning is refused. */
static void
test_connect_rules (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);

  /* spoke and branch are not peered in the lab. */
  assert_connects (history, "spoke", "branch", VNL_KIND_PEERING, "spoke", "branch");
  assert_connects (history, "branch", "spoke", VNL_KIND_PEERING, "branch", "spoke");
  assert_refused (history, "hub", "spoke", "already peered");
  /* remote-ergw has er1 only; the circuit first still gives gateway → circuit. */
  assert_connects (history, "er2", "remote-ergw", VNL_KIND_ER_CONNECTION, "remote-ergw", "er2");
  assert_refused (history, "hub-ergw", "er1", "already connected");
  assert_refused (history, "hub-vpngw", "er1", "VPN gateway");
  /* Global Reach is not in the lab's design. */
  assert_connects (history, "er1", "er2", VNL_KIND_GLOBAL_REACH, "er1", "er2");
  assert_refused (history, "hub-vpngw", "branch-vpngw", "already connected");
  assert_refused (history, "hub-ergw", "remote-ergw", "Only two VPN gateways");
  assert_refused (history, "hub-vm", "hub", "Endpoints are not connected");
  assert_refused (history, "hub", "er1", "through a gateway");
  assert_refused (history, "hub", "hub", "itself");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/edit/duplicate-circuit", test_duplicate_circuit);
  g_test_add_func ("/app/edit/copy-paste", test_copy_paste);
  g_test_add_func ("/app/edit/place-route-table", test_place_route_table);
  g_test_add_func ("/app/edit/associate", test_associate);
  g_test_add_func ("/app/edit/new-design-defaults", test_new_design_defaults);
  g_test_add_func ("/app/edit/connect-rules", test_connect_rules);
  return g_test_run ();
}
