/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-network.h"

/*
 * The synthetic design generator: its designs are valid for every shape of
 * options (more circuits than sites, fewer, far fewer), survive a save and a
 * load (schema included), are the same for the same seed, and route.
 */

typedef struct
{
  guint   n_vnets;
  guint   n_sites;
  guint   n_circuits;
  guint   n_prefixes;
  guint32 seed;
} Shape;

static const Shape valid_shapes[] = {
  {    1,   0,   0,     0,  1 },   /* one hub, nothing else */
  {    1,   1,   0,     1,  2 },   /* a VPN-only site */
  {   10,   2,   1,     2,  3 },   /* C < S <= 2C: single links */
  {   25,   3,  10,    30,  4 },   /* S <= C: pairs and spare circuits */
  {   50,  15,  10,   100,  5 },   /* C < S <= 2C: pairs and single links */
  {  100,  30,   5,   300,  6 },   /* S > 2C: VPN-only sites */
  {  120,  20,  20,  2000, 42 },
  {  300,  60,  30,  6000,  7 },
  {  300, 200, 100,  2000,  3 },   /* dense: hubs at the gateway limits (16 circuits, 4 per peering location) */
};

static VnlDesign *
generate (const Shape *shape)
{
  VnlGenerateOptions opts = {
    shape->n_vnets, shape->n_sites, shape->n_circuits, shape->n_prefixes, shape->seed,
  };
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_generate_design (&opts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static void
assert_valid (VnlDesign *design)
{
  g_autoptr(GPtrArray) problems = vnl_design_validate (design, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[i]);
      g_test_message ("  %s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_generate_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_shapes); i++)
    {
      const Shape *shape = &valid_shapes[i];
      g_autoptr(VnlDesign) design = NULL;
      g_autoptr(VnlDesign) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      GPtrArray *array;
      guint n_prefixes = 0;
      gsize length;

      g_test_message ("%u VNets, %u sites, %u circuits, %u prefixes, seed %u",
                      shape->n_vnets, shape->n_sites, shape->n_circuits,
                      shape->n_prefixes, shape->seed);
      design = generate (shape);
      assert_valid (design);

      /* What was asked for. */
      g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, shape->n_vnets);
      g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_SITE)->len, ==, shape->n_sites);
      g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len, ==, shape->n_circuits);
      g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, 2 * shape->n_circuits);
      array = vnl_design_get_objects (design, VNL_KIND_SITE);
      for (guint s = 0; s < array->len; s++)
        n_prefixes += ((VnlSite *) array->pdata[s])->prefixes->len;
      g_assert_cmpuint (n_prefixes, ==, shape->n_prefixes);

      /* Every node is placed. */
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          array = vnl_design_get_objects (design, k);
          for (guint j = 0; j < array->len; j++)
            if (vnl_object_is_node (array->pdata[j]))
              g_assert_true (((VnlObject *) array->pdata[j])->has_pos);
        }

      /* The file says the same: schema-valid and still without problems. */
      data = vnl_design_to_data (design, &length);
      loaded = vnl_design_load_from_data (data, length, "generated.vnetlab", &error);
      g_assert_no_error (error);
      assert_valid (loaded);
      g_assert_cmpuint (vnl_design_count (loaded), ==, vnl_design_count (design));
    }
}

static void
test_generate_deterministic (void)
{
  const Shape shape = { 200, 40, 20, 1500, 1234 };
  const Shape other = { 200, 40, 20, 1500, 1235 };
  g_autoptr(VnlDesign) a = generate (&shape);
  g_autoptr(VnlDesign) b = generate (&shape);
  g_autoptr(VnlDesign) c = generate (&other);
  g_autofree char *data_a = NULL;
  g_autofree char *data_b = NULL;
  g_autofree char *data_c = NULL;
  gsize len_a, len_b, len_c;

  data_a = vnl_design_to_data (a, &len_a);
  data_b = vnl_design_to_data (b, &len_b);
  data_c = vnl_design_to_data (c, &len_c);

  g_assert_cmpmem (data_a, len_a, data_b, len_b);
  g_assert_false (len_a == len_c && memcmp (data_a, data_c, len_a) == 0);
}

/* Spoke ↔ hub peering is a system route: every VM reaches its hub's VM, and
 * the hub's VM reaches it back. */
static void
test_generate_reaches_hub (void)
{
  const Shape shape = { 40, 6, 4, 60, 99 };
  g_autoptr(VnlDesign) design = generate (&shape);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);

  g_assert_cmpuint (vnl_network_get_n_speakers (network), >, 0);
  g_assert_cmpuint (vnl_network_get_n_routes (network), >, 0);

  for (guint v = 0; v < vnets->len; v++)
    {
      VnlVnet *vnet = vnets->pdata[v];
      g_autofree char *hub_name = g_strdup_printf ("hub%u", v / 10);
      g_autoptr(GPtrArray) eps = vnl_design_get_endpoints_of (design, vnet->parent.name);
      g_autoptr(GPtrArray) hub_eps = vnl_design_get_endpoints_of (design, hub_name);
      VnlEndpoint *ep, *hub_ep;

      g_assert_cmpuint (eps->len, ==, 1);
      g_assert_cmpuint (hub_eps->len, ==, 1);
      ep = eps->pdata[0];
      hub_ep = hub_eps->pdata[0];

      g_assert_true (vnl_network_reaches (network, ep, hub_ep->address));
      g_assert_true (vnl_network_reaches (network, hub_ep, ep->address));
    }
}

static void
test_generate_bad_options (void)
{
  static const Shape bad[] = {
    {     0,    0,    0,     0, 1 },   /* no VNet */
    { 40000,    0,    0,     0, 1 },   /* over the 10.0.0.0/9 plan */
    {    10, 5000,   10,  5000, 1 },   /* too many sites */
    {    10,    2, 5000,     2, 1 },   /* too many circuits */
    {    10,   10,    5,     5, 1 },   /* fewer prefixes than sites */
    {    10,    0,    5,    10, 1 },   /* prefixes without sites */
    {    10,   10,    5, 60000, 1 },   /* over the prefix pools */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      VnlGenerateOptions opts = {
        bad[i].n_vnets, bad[i].n_sites, bad[i].n_circuits, bad[i].n_prefixes, bad[i].seed,
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = vnl_generate_design (&opts, &error);

      g_assert_null (design);
      g_assert_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS);
    }
}

static void
test_generate_defaults (void)
{
  VnlGenerateOptions opts;
  g_autoptr(GError) error = NULL;

  vnl_generate_options_init (&opts);
  g_assert_true (vnl_generate_options_check (&opts, &error));
  g_assert_no_error (error);
}

/* --route-tables adds the landing zone and nothing else: an appliance per
 * hub, a table per spoke (its default subnet, 0.0.0.0/0 to the hub's
 * appliance) and per hub (its GatewaySubnet, a route per spoke); the
 * design stays valid; a spoke VM's packet to the Internet crosses its
 * hub's appliance: the user-defined 0.0.0.0/0 beats the Internet system
 * route of the same prefix (UDR > system, virtual-networks-udr-overview.md),
 * and the appliance's own subnet has the Internet route. */
static void
test_generate_route_tables (void)
{
  const Shape shape = { 35, 5, 3, 50, 9 };   /* 4 hubs, 31 spokes */
  VnlGenerateOptions opts = { shape.n_vnets, shape.n_sites, shape.n_circuits, shape.n_prefixes, shape.seed, TRUE };
  g_autoptr(VnlDesign) plain = generate (&shape);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_generate_design (&opts, &error);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) trace = NULL;
  GPtrArray *tables;

  g_assert_no_error (error);
  assert_valid (design);
  tables = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);
  g_assert_cmpuint (tables->len, ==, 31 + 4);
  g_assert_cmpuint (vnl_design_count (design), ==, vnl_design_count (plain) + 35 + 4);
  for (guint i = 0; i < tables->len; i++)
    {
      VnlUdrTable *table = tables->pdata[i];
      VnlUdrSubnet *assoc;

      g_assert_cmpuint (table->subnets->len, ==, 1);
      assoc = table->subnets->pdata[0];
      if (g_str_equal (assoc->subnet, "GatewaySubnet"))
        g_assert_cmpuint (table->routes->len, >=, 1);
      else
        g_assert_cmpuint (table->routes->len, ==, 1);
    }

  network = vnl_network_new (design);
  trace = vnl_network_trace (network, "hub1-spoke3-vm", "8.8.8.8", NULL);
  g_assert_nonnull (trace);
  g_assert_true (trace->internet);
  {
    gboolean via = FALSE;
    for (guint i = 0; i < trace->path->len; i++)
      via |= g_strcmp0 (trace->path->pdata[i], "hub1-nva") == 0;
    g_assert_true (via);
  }
}

/* --nsgs: one group per spoke on its default subnet and none on a hub;
 * from a hub (a peered VNet: VirtualNetwork) HTTPS reaches a spoke's VM
 * (allow-https-in, 100) and DNS over UDP does not (deny-all-in, 4096). */
static void
test_generate_nsgs (void)
{
  const Shape shape = { 35, 5, 3, 50, 9 };   /* 4 hubs, 31 spokes */
  VnlGenerateOptions opts = { shape.n_vnets, shape.n_sites, shape.n_circuits, shape.n_prefixes, shape.seed, FALSE,
                              TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_generate_design (&opts, &error);
  g_autoptr(VnlNetwork) network = NULL;
  GPtrArray *groups;
  VnlEndpoint *vm;
  char to[16];
  static const struct { const char *protocol, *port; gboolean reached; } cases[] = {
    { "tcp", "443", TRUE }, { "udp", "53", FALSE }, { NULL, NULL, TRUE },
  };

  g_assert_no_error (error);
  assert_valid (design);
  groups = vnl_design_get_objects (design, VNL_KIND_NSG);
  g_assert_cmpuint (groups->len, ==, 31);
  for (guint i = 0; i < groups->len; i++)
    {
      VnlNsg *nsg = groups->pdata[i];
      VnlUdrSubnet *assoc;

      g_assert_cmpuint (nsg->subnets->len, ==, 1);
      assoc = nsg->subnets->pdata[0];
      g_assert_cmpstr (assoc->subnet, ==, "default");
      g_assert_nonnull (strstr (assoc->vnet, "-spoke"));
    }

  network = vnl_network_new (design);
  vm = vnl_design_lookup_kind (design, "hub1-spoke3-vm", VNL_KIND_ENDPOINT);
  g_assert_nonnull (vm);
  vnl_ip_format (vm->address, to);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(VnlTrace) trace = NULL;
      VnlFlow flow;

      g_assert_true (vnl_flow_parse (cases[c].protocol, cases[c].port, NULL, &flow, &error));
      vnl_network_set_flow (network, &flow);
      trace = vnl_network_trace (network, "hub1-vm", to, &error);
      g_assert_no_error (error);
      g_assert_cmpint (trace->reached, ==, cases[c].reached);
      if (!cases[c].reached)
        g_assert_cmpstr (vnl_nsg_check_rule (trace->denied_by)->name, ==, "deny-all-in");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/generate/valid", test_generate_valid);
  g_test_add_func ("/core/generate/deterministic", test_generate_deterministic);
  g_test_add_func ("/core/generate/reaches-hub", test_generate_reaches_hub);
  g_test_add_func ("/core/generate/bad-options", test_generate_bad_options);
  g_test_add_func ("/core/generate/defaults", test_generate_defaults);
  g_test_add_func ("/core/generate/route-tables", test_generate_route_tables);
  g_test_add_func ("/core/generate/nsgs", test_generate_nsgs);

  return g_test_run ();
}
