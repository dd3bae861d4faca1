/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-network-private.h"

/*
 * The routing core against the reference test bed
 * (shared/spec/azure-interop-testbed.md). Every expected value below is
 * copied from the spec's measured traceroutes (§3.2), its visibility matrix
 * (§2.2) and route tables (§2.3), or derived from its rules (§4) in the
 * comment beside it. Nothing here was copied from the program's output.
 */

static char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
}

static VnlDesign *
load_testbed (void)
{
  g_autofree char *path = sample_path ("azure-interop-testbed.vnetlab");
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

/* ---------------------------------------------------------------------- */
/* §3.2: the measured traceroutes                                         */

#define SILENT NULL
#define LT1    0.5    /* "<1 ms" */

typedef struct
{
  guint        number;      /* # in spec §3.2 */
  const char  *from;
  const char  *to;
  const char  *hops[6];     /* address, or SILENT for "Request timed out." */
  double       rtt[6];      /* median of the three probes, ms */
} TraceCase;

static const TraceCase trace_cases[] = {
  {  1, "hub-vm",    "10.11.30.4",  { "10.11.30.4" }, { 1 } },
  {  2, "hub-vm",    "10.11.30.68", { "10.10.30.142", SILENT, "10.11.30.68" }, { 1, 0, 2 } },
  {  3, "hub-vm",    "10.2.30.10",  { "10.10.30.132", SILENT, SILENT, "10.2.30.10" }, { 2, 0, 0, 2 } },
  {  4, "hub-vm",    "10.1.31.10",  { "10.10.30.134", SILENT, SILENT, "10.1.31.10" }, { 75, 0, 0, 75 } },
  {  5, "hub-vm",    "10.17.30.4",  { "10.10.30.132", SILENT, "10.17.30.4" }, { 2, 0, 69 } },
  {  6, "spoke-vm",  "10.10.30.4",  { "10.10.30.4" }, { LT1 } },
  {  7, "spoke-vm",  "10.11.30.68", { "10.10.30.142", SILENT, "10.11.30.68" }, { LT1, 0, 2 } },
  {  8, "spoke-vm",  "10.2.30.10",  { "10.10.30.132", SILENT, SILENT, "10.2.30.10" }, { 3, 0, 0, 2 } },
  {  9, "spoke-vm",  "10.1.31.10",  { "10.10.30.134", SILENT, SILENT, "10.1.31.10" }, { 76, 0, 0, 75 } },
  { 10, "spoke-vm",  "10.17.30.4",  { "10.10.30.133", SILENT, "10.17.30.4" }, { 1, 0, 70 } },
  { 11, "branch-vm", "10.10.30.4",  { "10.11.30.100", SILENT, "10.10.30.4" }, { LT1, 0, 3 } },
  { 12, "branch-vm", "10.11.30.4",  { "10.11.30.100", SILENT, "10.11.30.4" }, { 1, 0, 3 } },
  { 16, "loc1-vm",   "10.10.30.4",  { "10.2.30.3", "192.168.30.0", "192.168.30.18", SILENT, "10.10.30.4" },
                                    { LT1, LT1, LT1, 0, 2 } },
  { 18, "loc1-vm",   "10.11.30.4",  { "10.2.30.3", "192.168.30.0", "192.168.30.18", SILENT, "10.11.30.4" },
                                    { LT1, LT1, LT1, 0, 2 } },
  { 19, "loc1-vm",   "10.11.30.68", { "10.2.30.3", "192.168.30.0", "10.11.30.68" }, { LT1, LT1, 2 } },
  { 22, "loc2-vm",   "10.10.30.4",  { "10.1.31.3", "192.168.31.4", "192.168.31.22", SILENT, "10.10.30.4" },
                                    { LT1, LT1, LT1, 0, 74 } },
  { 23, "loc2-vm",   "10.11.30.4",  { "10.1.31.3", "192.168.31.0", "192.168.31.18", SILENT, "10.11.30.4" },
                                    { LT1, LT1, LT1, 0, 74 } },
  { 25, "remote-vm", "10.10.30.4",  { "10.17.30.36", SILENT, "10.10.30.4" }, { 65, 0, 68 } },
};

static double
median3 (const double v[3])
{
  double a = v[0], b = v[1], c = v[2];

  if ((a <= b && b <= c) || (c <= b && b <= a))
    return b;
  if ((b <= a && a <= c) || (c <= a && a <= b))
    return a;
  return c;
}

static void
assert_trace (VnlNetwork      *network,
              const TraceCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlTrace) trace = vnl_network_trace (network, c->from, c->to, &error);
  guint n = 0;

  g_assert_no_error (error);
  /* The last hop always answers: the hops end after the last address. */
  for (guint i = 0; i < G_N_ELEMENTS (c->hops); i++)
    if (c->hops[i] != NULL)
      n = i + 1;

  if (!trace->reached || trace->hops->len != n)
    g_error ("trace #%u %s → %s: reached %d with %u hops, expected %u",
             c->number, c->from, c->to, trace->reached, trace->hops->len, n);

  for (guint i = 0; i < n; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);

      g_assert_cmpuint (hop->ttl, ==, i + 1);
      if (c->hops[i] == SILENT)
        {
          if (hop->n_rtt != 0)
            g_error ("trace #%u hop %u: expected a silent hop, got an answer", c->number, i + 1);
          g_assert_nonnull (hop->node);
        }
      else
        {
          char addr[16];
          double got;

          g_assert_cmpuint (hop->n_rtt, ==, 3);
          vnl_ip_format (hop->address, addr);
          if (!g_str_equal (addr, c->hops[i]))
            g_error ("trace #%u hop %u: %s, expected %s", c->number, i + 1, addr, c->hops[i]);

          /* "RTTs within a couple of milliseconds" of the measured median. */
          got = median3 (hop->rtt_ms);
          if (fabs (got - c->rtt[i]) > 2.0)
            g_error ("trace #%u hop %u: %.1f ms, measured %.1f ms", c->number, i + 1, got, c->rtt[i]);
        }
    }
}

static void
test_testbed_traces (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint i = 0; i < G_N_ELEMENTS (trace_cases); i++)
    assert_trace (network, &trace_cases[i]);
}

/* A flow always takes the same path. */
static void
test_trace_deterministic (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint k = 0; k < 5; k++)
    for (guint i = 0; i < G_N_ELEMENTS (trace_cases); i++)
      assert_trace (network, &trace_cases[i]);
}

/* ---------------------------------------------------------------------- */
/* §3.2 unreachable pairs and §2.2 visibility matrix                      */

static gboolean
pings (VnlNetwork *network,
       const char *from,
       const char *to)
{
  g_autoptr(VnlTrace) trace = vnl_network_trace (network, from, to, NULL);

  g_assert_nonnull (trace);
  return trace->reached && trace->reverse != NULL && trace->reverse->reached;
}

static void
test_testbed_unreachable (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  static const char *pairs[][2] = {
    { "branch-vm", "10.1.31.10" },   /* #14 */
    { "branch-vm", "10.17.30.4" },   /* #15 */
    { "loc1-vm",   "10.1.31.10" },   /* #20 */
    { "loc2-vm",   "10.11.30.68" },  /* #24 */
    { "loc2-vm",   "10.2.30.10" },   /* #24 */
    { "loc2-vm",   "10.17.30.4" },   /* #24 */
    { "remote-vm", "10.11.30.68" },  /* #27 */
    { "remote-vm", "10.1.31.10" },   /* #27 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (pings (network, pairs[i][0], pairs[i][1]))
      g_error ("%s → %s should be unreachable", pairs[i][0], pairs[i][1]);
}

static void
test_testbed_matrix (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, NULL);
  /* §2.2, symmetric: hub and spoke see everything; branch sees hub, spoke
   * and Location 1; Location 1 sees all but Location 2; Location 2 sees
   * hub and spoke; remote sees hub, spoke and Location 1. */
  static const char *names[] = { "hub-vm", "spoke-vm", "branch-vm", "loc1-vm", "loc2-vm", "remote-vm" };
  static const gboolean expected[6][6] = {
    /*            hub    spoke  branch loc1   loc2   remote */
    /* hub */   { TRUE,  TRUE,  TRUE,  TRUE,  TRUE,  TRUE  },
    /* spoke */ { TRUE,  TRUE,  TRUE,  TRUE,  TRUE,  TRUE  },
    /* branch */{ TRUE,  TRUE,  TRUE,  TRUE,  FALSE, FALSE },
    /* loc1 */  { TRUE,  TRUE,  TRUE,  TRUE,  FALSE, TRUE  },
    /* loc2 */  { TRUE,  TRUE,  FALSE, FALSE, TRUE,  FALSE },
    /* remote */{ TRUE,  TRUE,  FALSE, TRUE,  FALSE, TRUE  },
  };
  int index[6];

  g_assert_cmpuint (vnl_matrix_get_n_endpoints (matrix), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      index[i] = -1;
      for (guint k = 0; k < 6; k++)
        if (g_str_equal (vnl_matrix_get_endpoint (matrix, k)->parent.name, names[i]))
          index[i] = k;
      g_assert_cmpint (index[i], >=, 0);
    }

  for (guint i = 0; i < 6; i++)
    for (guint j = 0; j < 6; j++)
      if (vnl_matrix_get (matrix, index[i], index[j]) != expected[i][j])
        g_error ("matrix %s → %s: %d, expected %d", names[i], names[j],
                 vnl_matrix_get (matrix, index[i], index[j]), expected[i][j]);
}

/* ---------------------------------------------------------------------- */
/* §2.3: route tables                                                     */

typedef struct
{
  const char *node;      /* table node (VNet, gateway, link, CE) */
  const char *prefix;
  gboolean    present;
  const char *as_path;   /* of the best route, NULL: don't check */
  const char *via;       /* learned_from of the best route, NULL: don't check */
  guint32     local_pref;/* 0: don't check */
} RouteCase;

static const RouteCase route_cases[] = {
  /* §2.3.2 hub: ER over VPN for Location 1 regardless of AS-path length. */
  { "hub",           "10.2.30.0/25",   TRUE,  "12076 65021", "hub-ergw", 0 },
  { "hub",           "10.11.30.64/26", TRUE,  "65516",       "hub-vpngw", 0 },
  { "hub",           "10.1.31.0/25",   TRUE,  "12076 65022", "hub-ergw", 0 },   /* L2ASN = 65022 in the sample */
  { "hub",           "10.17.30.0/24",  TRUE,  "12076 65515", "hub-ergw", 0 },
  /* §2.3.3 spoke: the hub's gateway routes through gateway transit. */
  { "spoke",         "10.2.30.0/25",   TRUE,  "12076 65021", "hub-ergw", 0 },
  { "spoke",         "10.11.30.64/26", TRUE,  "65516",       "hub-vpngw", 0 },
  { "spoke",         "10.17.30.0/24",  TRUE,  "12076 65515", "hub-ergw", 0 },
  /* §2.3.1 MSEEs: VNet prefixes with 65515, on-prem with the CE's ASN;
   * no branch (VPN routes never enter ExpressRoute), no Location 2 on ER1. */
  { "er1-primary",   "10.2.30.0/25",   TRUE,  "65021",       "loc1-ce", 0 },
  { "er1-primary",   "10.10.30.0/24",  TRUE,  "65515",       "hub-ergw", 0 },
  { "er1-primary",   "10.11.30.0/26",  TRUE,  "65515",       "hub-ergw", 0 },
  { "er1-primary",   "10.17.30.0/24",  TRUE,  "65515",       "remote-ergw", 0 },
  { "er1-primary",   "10.11.30.64/26", FALSE, NULL, NULL, 0 },
  { "er1-primary",   "10.1.31.0/25",   FALSE, NULL, NULL, 0 },
  { "er1-secondary", "10.2.30.0/25",   FALSE, NULL, NULL, 0 },  /* its CE session is down */
  { "er1-secondary", "10.10.30.0/24",  TRUE,  "65515",       "hub-ergw", 0 },
  { "er2-primary",   "10.1.31.0/25",   TRUE,  "65022",       "loc2-ce1", 0 },
  { "er2-secondary", "10.1.31.0/25",   TRUE,  "65022",       "loc2-ce2", 0 },
  { "er2-primary",   "10.10.30.0/24",  TRUE,  "65515",       "hub-ergw", 0 },
  { "er2-primary",   "10.2.30.0/25",   FALSE, NULL, NULL, 0 },
  { "er2-primary",   "10.17.30.0/24",  FALSE, NULL, NULL, 0 },
  { "er2-primary",   "10.11.30.64/26", FALSE, NULL, NULL, 0 },
  /* §2.3.4 branch: hub, spoke and Location 1 through the hub VPN gateway. */
  { "branch",        "10.10.30.0/24",  TRUE,  "65515",       "branch-vpngw", 0 },
  { "branch",        "10.11.30.0/26",  TRUE,  "65515",       "branch-vpngw", 0 },
  { "branch",        "10.2.30.0/25",   TRUE,  "65515 65021", "branch-vpngw", 0 },
  { "branch",        "10.1.31.0/25",   FALSE, NULL, NULL, 0 },
  { "branch",        "10.17.30.0/24",  FALSE, NULL, NULL, 0 },
  /* §2.3.5 Location 1 CE: ER with local-preference 200 over the VPN. */
  { "loc1-ce",       "10.10.30.0/24",  TRUE,  "12076 65515", "er1-primary", 200 },
  { "loc1-ce",       "10.11.30.0/26",  TRUE,  "12076 65515", "er1-primary", 200 },
  { "loc1-ce",       "10.11.30.64/26", TRUE,  "65515 65516", "hub-vpngw", 100 },
  { "loc1-ce",       "10.17.30.0/24",  TRUE,  "12076 65515", "er1-primary", 200 },
  { "loc1-ce",       "10.1.31.0/25",   FALSE, NULL, NULL, 0 },
  /* §2.3.6 Location 2 CEs: hub and spoke only. */
  { "loc2-ce1",      "10.10.30.0/24",  TRUE,  "12076 65515", "er2-primary", 0 },
  { "loc2-ce2",      "10.11.30.0/26",  TRUE,  "12076 65515", "er2-secondary", 0 },
  { "loc2-ce1",      "10.2.30.0/25",   FALSE, NULL, NULL, 0 },
  { "loc2-ce1",      "10.11.30.64/26", FALSE, NULL, NULL, 0 },
  /* §2.3.7 remote: hub, spoke, Location 1 over ER1. */
  { "remote",        "10.10.30.0/24",  TRUE,  "12076 65515", "remote-ergw", 0 },
  { "remote",        "10.11.30.0/26",  TRUE,  "12076 65515", "remote-ergw", 0 },
  { "remote",        "10.2.30.0/25",   TRUE,  "12076 65021", "remote-ergw", 0 },
  { "remote",        "10.11.30.64/26", FALSE, NULL, NULL, 0 },
  { "remote",        "10.1.31.0/25",   FALSE, NULL, NULL, 0 },
  /* Hub VPN gateway: the CE's re-advertisement of ER-learned Azure prefixes
   * (65021 12076 65515) carries 65515 and is discarded (R-D6). */
  { "hub-vpngw",     "10.17.30.0/24",  FALSE, NULL, NULL, 0 },
  { "hub-vpngw",     "10.2.30.0/25",   TRUE,  "65021",       "loc1-ce", 0 },
};

static VnlRouteRow *
find_best_row (GPtrArray  *tables,
               const char *prefix,
               gboolean   *any)
{
  *any = FALSE;
  for (guint t = 0; t < tables->len; t++)
    {
      VnlRouteTable *table = tables->pdata[t];
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          g_autofree char *text = vnl_prefix_to_string (&row->prefix);

          if (!g_str_equal (text, prefix))
            continue;
          /* A VNet's own and peering routes are system routes: only the
           * gateway rows count as "learned". */
          if (table->kind == VNL_TABLE_VNET && row->as_path == NULL)
            continue;
          *any = TRUE;
          if (row->best)
            return row;
        }
    }
  return NULL;
}

static void
test_testbed_routes (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);

  for (guint i = 0; i < G_N_ELEMENTS (route_cases); i++)
    {
      const RouteCase *c = &route_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, c->node, &error);
      gboolean any;
      VnlRouteRow *row;

      g_assert_no_error (error);
      row = find_best_row (tables, c->prefix, &any);
      if (!c->present)
        {
          if (any)
            g_error ("%s should have no route for %s", c->node, c->prefix);
          continue;
        }
      if (row == NULL)
        g_error ("%s has no best route for %s", c->node, c->prefix);
      if (c->as_path != NULL && g_strcmp0 (row->as_path, c->as_path) != 0)
        g_error ("%s %s: AS path “%s”, expected “%s”", c->node, c->prefix, row->as_path, c->as_path);
      if (c->via != NULL && g_strcmp0 (row->learned_from, c->via) != 0)
        g_error ("%s %s: via %s, expected %s", c->node, c->prefix, row->learned_from, c->via);
      if (c->local_pref != 0)
        g_assert_cmpuint (row->local_pref, ==, c->local_pref);
    }
}

/* The VPN route to Location 1 is in the hub's table but loses, for the
 * reason G5/G6 give: ExpressRoute's weight. */
static void
test_testbed_reason (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "hub", NULL);
  VnlRouteTable *table = tables->pdata[0];
  guint found = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *text = vnl_prefix_to_string (&row->prefix);

      if (!g_str_equal (text, "10.2.30.0/25"))
        continue;
      found++;
      g_assert_cmpint (row->reason, ==, VNL_REASON_WEIGHT);
      g_assert_true (row->active == g_str_equal (row->learned_from, "hub-ergw"));
    }
  g_assert_cmpuint (found, ==, 2);
}

/* ---------------------------------------------------------------------- */
/* Variants: expectations derived from the rules                          */

static VnlTrace *
trace (VnlNetwork *network,
       const char *from,
       const char *to)
{
  g_autoptr(GError) error = NULL;
  VnlTrace *t = vnl_network_trace (network, from, to, &error);

  g_assert_no_error (error);
  return t;
}

static const char *
hop_address (VnlTrace *t,
             guint     i,
             char      buf[16])
{
  VnlHop *hop = &g_array_index (t->hops, VnlHop, i);

  if (hop->n_rtt == 0)
    return "*";
  vnl_ip_format (hop->address, buf);
  return buf;
}

/* G13: Global Reach between ER1 and ER2 exchanges the two sites' routes
 * between the circuits, so Location 1 ↔ Location 2 work; it does not hand
 * on-premises routes to VNets, so the remote VNet still cannot reach
 * Location 2. */
static void
test_variant_global_reach (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  VnlGlobalReach *gr = vnl_object_new (VNL_KIND_GLOBAL_REACH, "er1-er2-gr");
  g_autoptr(VnlNetwork) network = NULL;

  gr->circuit_a = g_strdup ("er1");
  gr->circuit_b = g_strdup ("er2");
  g_assert_true (vnl_design_add (design, gr, NULL));
  network = vnl_network_new (design);

  g_assert_true (pings (network, "loc1-vm", "10.1.31.10"));
  g_assert_true (pings (network, "loc2-vm", "10.2.30.10"));
  g_assert_false (pings (network, "remote-vm", "10.1.31.10"));
  g_assert_false (pings (network, "branch-vm", "10.1.31.10"));

  /* And taking the Global Reach down restores §2.2. */
  g_assert_true (vnl_network_set_up (network, "er1-er2-gr", FALSE, NULL));
  g_assert_false (pings (network, "loc1-vm", "10.1.31.10"));
}

/* G18: without use-remote-gateways the spoke has no gateway, so it loses
 * every route learned by the hub's gateways, and the hub stops advertising
 * the spoke. */
static void
test_variant_no_remote_gateways (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  VnlPeering *peering = vnl_design_lookup_kind (design, "hub-spoke", VNL_KIND_PEERING);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  VnlRouteTable *table;

  g_assert_nonnull (peering);
  g_assert_true (g_str_equal (peering->vnet_b, "spoke"));
  peering->side[1].use_remote_gateways = FALSE;
  network = vnl_network_new (design);

  tables = vnl_network_get_tables (network, "spoke", NULL);
  table = tables->pdata[0];
  for (guint i = 0; i < table->rows->len; i++)
    g_assert_cmpstr (((VnlRouteRow *) table->rows->pdata[i])->source, !=, "Virtual network gateway");

  g_assert_false (pings (network, "spoke-vm", "10.2.30.10"));
  g_assert_false (pings (network, "spoke-vm", "10.1.31.10"));
  g_assert_false (pings (network, "spoke-vm", "10.11.30.68"));
  g_assert_true (pings (network, "spoke-vm", "10.10.30.4"));   /* peering still works */
}

/* §1.6: without the CE's local-preference 200 the CE prefers the VPN's
 * shorter AS path (65515 vs 12076 65515) towards the hub, while Azure still
 * prefers ExpressRoute (weight) towards Location 1: asymmetric. */
static void
test_variant_no_local_pref (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  VnlCe *ce = vnl_design_lookup_kind (design, "loc1-ce", VNL_KIND_CE);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlTrace) to_hub = NULL;
  g_autoptr(VnlTrace) from_hub = NULL;
  char buf[16];

  for (guint i = 0; i < ce->policies->len; i++)
    ((VnlCePolicy *) ce->policies->pdata[i])->local_preference = 0;
  network = vnl_network_new (design);

  /* Rule 4: the tunnel entered at the CE hides the VPN gateway: 3 hops. */
  to_hub = trace (network, "loc1-vm", "10.10.30.4");
  g_assert_true (to_hub->reached);
  g_assert_cmpuint (to_hub->hops->len, ==, 3);
  g_assert_cmpstr (hop_address (to_hub, 1, buf), ==, "192.168.30.0");
  g_assert_true (to_hub->asymmetric);

  from_hub = trace (network, "hub-vm", "10.2.30.10");
  g_assert_true (from_hub->reached);
  g_assert_cmpstr (vnl_hop_kind_to_string (g_array_index (from_hub->hops, VnlHop, 0).kind), ==, "expressroute-gateway");
}

/* G17: a VNet-to-VNet connection without BGP carries only the two VNets:
 * the hub no longer re-advertises the branch to Location 1 and the branch
 * learns nothing of Location 1. */
static void
test_variant_v2v_without_bgp (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  VnlV2vConnection *conn = vnl_design_lookup_kind (design, "hub-branch-vpn", VNL_KIND_V2V_CONNECTION);
  g_autoptr(VnlNetwork) network = NULL;

  conn->bgp = FALSE;
  network = vnl_network_new (design);

  g_assert_false (pings (network, "branch-vm", "10.2.30.10"));
  g_assert_false (pings (network, "loc1-vm", "10.11.30.68"));
  g_assert_true (pings (network, "hub-vm", "10.11.30.68"));
}

/* R-D8: with ER2's primary link down only the secondary CE/MSEE pair has
 * Location 2's routes, so every Location 2 flow uses it. */
static void
test_variant_er2_primary_down (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  static const char *targets[] = { "10.10.30.4", "10.11.30.4" };

  g_assert_true (vnl_network_set_up (network, "er2-primary", FALSE, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(VnlTrace) t = trace (network, "loc2-vm", targets[i]);
      char buf[16];

      g_assert_true (t->reached);
      g_assert_cmpstr (hop_address (t, 1, buf), ==, "192.168.31.4");
      g_assert_cmpstr (hop_address (t, 2, buf), ==, "192.168.31.22");
      g_assert_true (g_ptr_array_find_with_equal_func (t->reverse->path, "er2-secondary", g_str_equal, NULL));
      g_assert_false (g_ptr_array_find_with_equal_func (t->reverse->path, "er2-primary", g_str_equal, NULL));
    }
}

/* R-D9 and A5: both ER1 links down: Location 1 falls back to the VPN for
 * the hub (a 3-hop trace, rule 4), and the remote VNet, reachable only over
 * ER1, is lost. */
static void
test_variant_er1_down (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlTrace) t = NULL;
  char buf[16];

  g_assert_true (vnl_network_set_up (network, "er1-primary", FALSE, NULL));
  g_assert_true (vnl_network_set_up (network, "er1-secondary", FALSE, NULL));

  g_assert_false (pings (network, "loc1-vm", "10.17.30.4"));
  t = trace (network, "loc1-vm", "10.10.30.4");
  g_assert_true (t->reached);
  g_assert_cmpuint (t->hops->len, ==, 3);
  g_assert_cmpstr (hop_address (t, 0, buf), ==, "10.2.30.3");
  g_assert_cmpstr (hop_address (t, 1, buf), ==, "192.168.30.0");
  g_assert_cmpstr (hop_address (t, 2, buf), ==, "10.10.30.4");
}

/* G11: a CE that prepends its ASN twice on the primary link makes that
 * path longer (12076 65022 65022 65022 vs 12076 65022), so the hub's
 * ExpressRoute gateway stops multipathing and uses the secondary only. */
static void
test_variant_prepend (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  VnlCe *ce = vnl_design_lookup_kind (design, "loc2-ce1", VNL_KIND_CE);
  VnlCePolicy *policy = g_new0 (VnlCePolicy, 1);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  VnlRouteTable *table;
  guint best = 0;

  policy->peer = g_strdup ("er2-primary");
  policy->export_prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
  policy->as_path_prepend = 2;
  g_ptr_array_add (ce->policies, policy);
  network = vnl_network_new (design);

  tables = vnl_network_get_tables (network, "hub-ergw", NULL);
  table = tables->pdata[0];
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      if (!g_str_equal (prefix, "10.1.31.0/25") || !row->best)
        continue;
      best++;
      g_assert_cmpstr (row->learned_from, ==, "er2-secondary");
      g_assert_cmpstr (row->as_path, ==, "12076 65022");
      g_assert_cmpint (row->reason, ==, VNL_REASON_AS_PATH);
    }
  g_assert_cmpuint (best, ==, 1);
}

/* ---------------------------------------------------------------------- */
/* Incremental re-convergence                                             */

static char *
dump_tables (VnlNetwork *network)
{
  VnlDesign *design = vnl_network_get_design (network);
  GString *out = g_string_new (NULL);
  static const VnlKind kinds[] = { VNL_KIND_VNET, VNL_KIND_GATEWAY, VNL_KIND_LINK, VNL_KIND_CE };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, ((VnlObject *) objects->pdata[i])->name, NULL);
          for (guint t = 0; tables != NULL && t < tables->len; t++)
            {
              VnlRouteTable *table = tables->pdata[t];
              for (guint r = 0; r < table->rows->len; r++)
                {
                  VnlRouteRow *row = table->rows->pdata[r];
                  g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
                  g_string_append_printf (out, "%s %s %s %s %s %u %u %d %d\n", table->node, prefix,
                                          row->as_path ? row->as_path : "-",
                                          row->next_hop ? row->next_hop : "-",
                                          row->learned_from ? row->learned_from : "-",
                                          row->weight, row->local_pref, row->best, row->active);
                }
            }
        }
    }
  return g_string_free (out, FALSE);
}

/* Objects of every kind whose state feeds the control plane: links,
 * connections, gateways, a CE, a peering, a VNet, a circuit, a site. */
static const char *incremental_objects[] = {
  "er1-primary", "er2-primary", "er2-secondary", "hub-er1", "hub-er2", "remote-er1",
  "hub-loc1-vpn", "hub-branch-vpn", "hub-vpngw", "hub-ergw", "loc1-ce", "hub-spoke",
  "spoke", "er1", "loc2",
};

/* Taking any object down incrementally must give the tables of a full
 * rebuild with the object down, and bringing it back must restore the
 * original tables. */
static void
test_incremental_matches_rebuild (void)
{
  const char **objects = incremental_objects;
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autofree char *initial = dump_tables (network);

  for (guint i = 0; i < G_N_ELEMENTS (incremental_objects); i++)
    {
      VnlObject *object = vnl_design_lookup (design, objects[i]);
      g_autofree char *incremental = NULL;
      g_autofree char *rebuilt = NULL;
      g_autofree char *restored = NULL;

      g_assert_nonnull (object);
      g_assert_true (vnl_network_set_up (network, objects[i], FALSE, NULL));
      incremental = dump_tables (network);

      {
        g_autoptr(VnlDesign) copy = load_testbed ();
        g_autoptr(VnlNetwork) fresh = NULL;
        vnl_design_set_up (copy, vnl_design_lookup (copy, objects[i]), FALSE);
        fresh = vnl_network_new (copy);
        rebuilt = dump_tables (fresh);
      }
      if (!g_str_equal (incremental, rebuilt))
        g_error ("%s down: incremental tables differ from a rebuild:\n--- incremental\n%s\n--- rebuild\n%s",
                 objects[i], incremental, rebuilt);
      g_assert_cmpstr (incremental, !=, initial);

      g_assert_true (vnl_network_set_up (network, objects[i], TRUE, NULL));
      restored = dump_tables (network);
      g_assert_cmpstr (restored, ==, initial);
    }
}

/* Only the speakers a change can reach are recomputed (dirty tracking), so
 * changes must also compose: with every pair of objects down, one after the
 * other, the tables are those of a rebuild with both down, and bringing
 * them back in the other order restores the original tables. */
static void
test_incremental_pairs_match_rebuild (void)
{
  const char **objects = incremental_objects;
  guint n = G_N_ELEMENTS (incremental_objects);
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autofree char *initial = dump_tables (network);

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        g_autofree char *incremental = NULL;
        g_autofree char *rebuilt = NULL;
        g_autofree char *restored = NULL;

        g_assert_true (vnl_network_set_up (network, objects[i], FALSE, NULL));
        g_assert_true (vnl_network_set_up (network, objects[j], FALSE, NULL));
        incremental = dump_tables (network);

        {
          g_autoptr(VnlDesign) copy = load_testbed ();
          g_autoptr(VnlNetwork) fresh = NULL;
          vnl_design_set_up (copy, vnl_design_lookup (copy, objects[i]), FALSE);
          vnl_design_set_up (copy, vnl_design_lookup (copy, objects[j]), FALSE);
          fresh = vnl_network_new (copy);
          rebuilt = dump_tables (fresh);
        }
        if (!g_str_equal (incremental, rebuilt))
          g_error ("%s and %s down: incremental tables differ from a rebuild:\n--- incremental\n%s\n--- rebuild\n%s",
                   objects[i], objects[j], incremental, rebuilt);

        g_assert_true (vnl_network_set_up (network, objects[i], TRUE, NULL));
        g_assert_true (vnl_network_set_up (network, objects[j], TRUE, NULL));
        restored = dump_tables (network);
        g_assert_cmpstr (restored, ==, initial);
      }
}

/* The same on a generated design, where hubs carry gateway transit for
 * their spokes and sites reach several circuits and tunnels: objects of
 * every kind the states read, taken down and brought up in a random
 * sequence (each change on top of the earlier ones), give after each step
 * the tables of a rebuild with the same objects down. */
static void
test_incremental_generated_matches_rebuild (void)
{
  static const VnlKind kinds[] = {
    VNL_KIND_VNET, VNL_KIND_PEERING, VNL_KIND_GATEWAY, VNL_KIND_CIRCUIT, VNL_KIND_LINK,
    VNL_KIND_ER_CONNECTION, VNL_KIND_S2S_CONNECTION, VNL_KIND_V2V_CONNECTION,
    VNL_KIND_GLOBAL_REACH, VNL_KIND_CE, VNL_KIND_SITE, VNL_KIND_LNG,
  };
  VnlGenerateOptions opts = { 30, 6, 3, 60, 3 };
  g_autoptr(VnlDesign) design = vnl_generate_design (&opts, NULL);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) down = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *initial = dump_tables (network);
  GHashTableIter iter;
  gpointer name;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        g_ptr_array_add (names, ((VnlObject *) objects->pdata[i])->name);
    }
  g_assert_cmpuint (names->len, >, 50);

  for (guint step = 0; step < 40; step++)
    {
      const char *pick = names->pdata[g_rand_int_range (rand, 0, names->len)];
      gboolean up = g_hash_table_contains (down, pick);
      g_autoptr(VnlDesign) copy = vnl_generate_design (&opts, NULL);
      g_autoptr(VnlNetwork) fresh = NULL;
      g_autofree char *incremental = NULL;
      g_autofree char *rebuilt = NULL;

      if (up)
        g_hash_table_remove (down, pick);
      else
        g_hash_table_add (down, (gpointer) pick);
      g_assert_true (vnl_network_set_up (network, pick, up, NULL));
      incremental = dump_tables (network);

      g_hash_table_iter_init (&iter, down);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        vnl_design_set_up (copy, vnl_design_lookup (copy, name), FALSE);
      fresh = vnl_network_new (copy);
      rebuilt = dump_tables (fresh);
      if (!g_str_equal (incremental, rebuilt))
        g_error ("step %u, %s %s: incremental tables differ from a rebuild", step, pick,
                 up ? "up" : "down");
    }

  g_hash_table_iter_init (&iter, down);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_assert_true (vnl_network_set_up (network, name, TRUE, NULL));
  {
    g_autofree char *restored = dump_tables (network);
    g_assert_cmpstr (restored, ==, initial);
  }
}

/* The reasons in words name the rule of spec §4 that stops each of the
 * reference's unreachable pairs. */
static void
test_explain (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  static const struct { const char *from, *to, *words; } cases[] = {
    { "loc1-vm",   "10.1.31.10",  "Global Reach" },           /* A10, G13 */
    { "remote-vm", "10.1.31.10",  "Global Reach" },           /* A10 */
    { "branch-vm", "10.1.31.10",  "ExpressRoute and VPN" },   /* A11 */
    { "remote-vm", "10.11.30.68", "ExpressRoute and VPN" },   /* A11 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlTrace) t = trace (network, cases[i].from, cases[i].to);
      g_autofree char *why = vnl_network_explain (network, t);

      g_assert_nonnull (why);
      if (strstr (why, cases[i].words) == NULL)
        g_error ("%s → %s: “%s” does not mention %s", cases[i].from, cases[i].to, why, cases[i].words);
    }

  {
    g_autoptr(VnlTrace) ok = trace (network, "hub-vm", "10.2.30.10");
    g_assert_null (vnl_network_explain (network, ok));
  }
}

/* The explanation comes from the filter that dropped the route, so it names
 * where: Location 2's prefix reaches only hub-ergw, the one gateway linked
 * to both circuits, which does not pass it on to ER1 (R-D2); the branch's
 * VPN-side routes stop between the hub's two gateways (A11). */
static void
test_explain_names_the_filter (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  static const struct { const char *from, *to, *names[3]; } cases[] = {
    { "loc1-vm",   "10.1.31.10",  { "hub-ergw", "er1-primary", "10.1.31.0/25" } },
    { "remote-vm", "10.1.31.10",  { "hub-ergw", "er1-", "10.1.31.0/25" } },
    { "branch-vm", "10.1.31.10",  { "hub-ergw", "hub-vpngw", "10.1.31.0/25" } },
    { "remote-vm", "10.11.30.68", { "hub-vpngw", "hub-ergw", "10.11.30.64/26" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlTrace) t = trace (network, cases[i].from, cases[i].to);
      g_autofree char *why = vnl_network_explain (network, t);

      for (guint k = 0; k < G_N_ELEMENTS (cases[i].names); k++)
        if (strstr (why, cases[i].names[k]) == NULL)
          g_error ("%s → %s: “%s” does not name %s", cases[i].from, cases[i].to, why, cases[i].names[k]);
    }
}

/* The designer routes designs that do not validate (so that the user sees
 * what the design does while fixing it): the routing core must survive
 * every file of the invalid corpus that loads — every trace, table, matrix
 * and what-if — and still answer each question. */
static void
test_invalid_designs (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint routed = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(VnlDesign) design = NULL;
      g_autoptr(VnlNetwork) network = NULL;
      g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
      g_autoptr(VnlMatrix) matrix = NULL;

      if (!g_str_has_suffix (name, ".vnetlab"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      design = vnl_design_load (path, NULL);
      if (design == NULL)
        continue;   /* refused at load: nothing to route */

      network = vnl_network_new (design);
      matrix = vnl_matrix_new (network, NULL);
      g_assert_nonnull (matrix);
      for (guint i = 0; i < vnl_matrix_get_n_endpoints (matrix); i++)
        g_ptr_array_add (endpoints, vnl_matrix_get_endpoint (matrix, i));
      for (guint i = 0; i < endpoints->len; i++)
        for (guint j = 0; j < endpoints->len; j++)
          {
            VnlEndpoint *to = endpoints->pdata[j];
            char addr[16];
            g_autoptr(VnlTrace) t = NULL;
            g_autoptr(GError) error = NULL;

            /* Either a trace, or a clear error (an address in no network). */
            vnl_ip_format (to->address, addr);
            t = vnl_network_trace (network, ((VnlObject *) endpoints->pdata[i])->name, addr, &error);
            g_assert_true ((t != NULL) != (error != NULL));
            g_assert_true (t == NULL || t->reached || t->drop != VNL_DROP_NONE);
          }
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, k);
          for (guint i = 0; i < objects->len; i++)
            {
              const char *object = ((VnlObject *) objects->pdata[i])->name;
              g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, object, NULL);

              g_assert_true (vnl_network_set_up (network, object, FALSE, NULL));
              g_assert_true (vnl_network_set_up (network, object, TRUE, NULL));
            }
        }
      routed++;
    }
  g_assert_cmpuint (routed, >, 5);
}


/* ---------------------------------------------------------------------- */
/* Asymmetry from what a packet crosses                                   */

static VnlDesign *
load_valid (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", name, NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

/* The path without the areas (VNets and sites) it names: what a packet
 * crosses, derived here from the design's kinds, not from the core's list. */
static GPtrArray *
devices_of (VnlDesign *design,
            GPtrArray *path)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < path->len; i++)
    {
      VnlObject *o = vnl_design_lookup (design, path->pdata[i]);
      if (o != NULL && (o->kind == VNL_KIND_VNET || o->kind == VNL_KIND_SITE))
        continue;
      g_ptr_array_add (out, path->pdata[i]);
    }
  return out;
}

static gboolean
crosses_same_both_ways (VnlDesign *design,
                        VnlTrace  *t)
{
  g_autoptr(GPtrArray) there = devices_of (design, t->path);
  g_autoptr(GPtrArray) back = devices_of (design, t->reverse->path);

  if (there->len != back->len)
    return FALSE;
  for (guint i = 0; i < there->len; i++)
    if (!g_str_equal (there->pdata[i], back->pdata[back->len - 1 - i]))
      return FALSE;
  return TRUE;
}

/* Issue 10 §1: a path that crosses the same devices and links both ways is
 * never asymmetric, whether the site at an end has routed hops or not (a
 * site without hops is entered and left at its CE), over Global Reach
 * between sites only, or over a static site-to-site VPN. Each pair below
 * has a single CE and no multipath, so both ways cross the same devices. */
static void
test_symmetric_paths (void)
{
  static const struct { const char *file, *from, *to; } cases[] = {
    { "global-reach-sites-only.vnetlab", "west-vm",   "east-vm" },   /* no hops → hops */
    { "global-reach-sites-only.vnetlab", "east-vm",   "west-vm" },   /* hops → no hops */
    { "static-s2s-site.vnetlab",         "office-pc", "app-vm" },    /* static S2S, no hops */
    { "static-s2s-site.vnetlab",         "app-vm",    "office-pc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VnlDesign) design = load_valid (cases[i].file);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(VnlTrace) t = trace (network, cases[i].from, cases[i].to);

      g_assert_true (t->reached);
      g_assert_nonnull (t->reverse);
      g_assert_true (t->reverse->reached);
      g_assert_true (crosses_same_both_ways (design, t));
      if (t->asymmetric)
        g_error ("%s: %s → %s reported asymmetric", cases[i].file, cases[i].from, cases[i].to);
    }
}

/* As a property, on every sample and test design: a trace is asymmetric
 * exactly when the two ways cross different devices or links. */
static void
test_asymmetry_property (void)
{
  static const char *dirs[] = { "samples", "valid" };
  guint pairs = 0, asymmetric = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = d == 0 ? sample_path ("")
                                         : g_test_build_filename (G_TEST_DIST, "data", "valid", NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(VnlDesign) design = NULL;
          g_autoptr(VnlNetwork) network = NULL;
          GPtrArray *eps;

          if (!g_str_has_suffix (name, ".vnetlab"))
            continue;
          design = vnl_design_load (path, NULL);
          g_assert_nonnull (design);
          network = vnl_network_new (design);
          eps = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
          for (guint i = 0; i < eps->len; i++)
            for (guint j = 0; j < eps->len; j++)
              {
                g_autoptr(VnlTrace) t = NULL;

                if (i == j)
                  continue;
                t = trace (network, ((VnlObject *) eps->pdata[i])->name, ((VnlObject *) eps->pdata[j])->name);
                if (!t->reached || t->reverse == NULL || !t->reverse->reached)
                  continue;
                pairs++;
                asymmetric += t->asymmetric;
                if (t->asymmetric == crosses_same_both_ways (design, t))
                  g_error ("%s: %s → %s: asymmetric %d", name, ((VnlObject *) eps->pdata[i])->name,
                           ((VnlObject *) eps->pdata[j])->name, t->asymmetric);
              }
        }
    }
  g_assert_cmpuint (pairs, >, 20);
  g_test_message ("%u delivered pairs, %u asymmetric", pairs, asymmetric);
}

/* ---------------------------------------------------------------------- */
/* One truth for the route tables and forwarding                          */

/* An address of @row that no longer Active row takes from it (G1): a row
 * that a system route covers must not be Active, so those addresses are
 * tried too. FALSE when every address tried is taken. */
static gboolean
address_of_row (VnlRouteTable     *table,
                const VnlRouteRow *row,
                guint32           *out)
{
  guint32 size = row->prefix.len == 0 ? 0 : (guint32) 1 << (32 - row->prefix.len);
  guint32 tries[] = { 0, size - 1, size / 2, 1, size / 4, size - 2 };

  for (guint t = 0; t < G_N_ELEMENTS (tries); t++)
    {
      guint32 addr = row->prefix.addr + (row->prefix.len == 32 ? 0 : tries[t]);
      gboolean taken = FALSE;

      for (guint i = 0; !taken && i < table->rows->len; i++)
        {
          VnlRouteRow *other = table->rows->pdata[i];

          if (other == row || !other->active || !vnl_prefix_contains_ip (&other->prefix, addr))
            continue;
          taken = other->prefix.len > row->prefix.len;
        }
      if (!taken)
        {
          *out = addr;
          return TRUE;
        }
    }
  return FALSE;
}

/* Where the trace left the VNet: TRUE when that is @row's next hop. */
static gboolean
leaves_by (VnlDesign         *design,
           const char        *vnet,
           VnlTrace          *t,
           const VnlRouteRow *row)
{
  const char *type = row->next_hop_type;
  GPtrArray *path = t->path;
  const char *next = path->len > 2 ? path->pdata[2] : NULL;
  const char *after = path->len > 3 ? path->pdata[3] : NULL;

  g_assert_cmpuint (path->len, >=, 2);
  g_assert_cmpstr (path->pdata[1], ==, vnet);

  /* The Internet system route: an address outside the design leaves to
   * the Internet from the VNet itself (issue 10 §3); one inside the design
   * (a public address of a device) is outside what vnetlab walks. */
  if (g_str_equal (type, "Internet"))
    return (t->reached && t->internet && path->len == 2) ||
           (!t->reached && t->drop == VNL_DROP_INTERNET && g_strcmp0 (t->drop_node, vnet) == 0);
  if (g_str_equal (type, "None"))
    return !t->reached && t->drop == VNL_DROP_NULL_ROUTE && g_strcmp0 (t->drop_node, vnet) == 0;
  if (g_str_equal (type, "VNet peering"))
    return g_strcmp0 (next, row->learned_from) == 0;
  if (g_str_equal (type, "Virtual network gateway"))
    {
      /* Through a transit peering to the hub's gateway, or straight to its
       * own. */
      VnlObject *o = next != NULL ? vnl_design_lookup (design, next) : NULL;
      const char *gw = o != NULL && o->kind == VNL_KIND_PEERING ? after : next;

      /* A user-defined route names no gateway: the VNet's own, or the
       * hub's it uses over the peering (udr-overview: the next hop is the
       * virtual network gateway). */
      if (g_strcmp0 (row->source, "User") == 0)
        {
          VnlObject *g = gw != NULL ? vnl_design_lookup (design, gw) : NULL;
          return g != NULL && g->kind == VNL_KIND_GATEWAY;
        }
      return g_strcmp0 (gw, row->learned_from) == 0;
    }
  if (g_str_equal (type, "Virtual network"))
    {
      /* Delivered inside: to an endpoint or gateway of the VNet, or to an
       * address no one has. */
      VnlObject *o = next != NULL ? vnl_design_lookup (design, next) : NULL;
      if (o == NULL)
        return !t->reached && t->drop == VNL_DROP_NO_HOST && g_strcmp0 (t->drop_node, vnet) == 0;
      if (o->kind == VNL_KIND_ENDPOINT)
        return g_strcmp0 (((VnlEndpoint *) o)->owner, vnet) == 0;
      if (o->kind == VNL_KIND_APPLIANCE)
        return g_strcmp0 (((VnlAppliance *) o)->vnet, vnet) == 0;
      if (o->kind == VNL_KIND_FIREWALL)
        return g_strcmp0 (((VnlFirewall *) o)->vnet, vnet) == 0;
      return o->kind == VNL_KIND_GATEWAY && g_strcmp0 (((VnlGateway *) o)->vnet, vnet) == 0;
    }
  if (g_str_equal (type, "Virtual appliance"))
    {
      /* A user-defined route: to the appliance or firewall with the next
       * hop's address, or one behind that load balancer frontend, maybe
       * over a peering; or stopped at a VM that does not forward. */
      VnlObject *o = next != NULL ? vnl_design_lookup (design, next) : NULL;
      guint32 ip = 0;
      g_auto(GStrv) hops = g_strsplit (row->next_hop, ", ", -1);

      /* A route server's route may name several appliances (ECMP): the
       * packet reaches one of them. */
      if (g_strv_length (hops) > 1)
        {
          if (o != NULL && o->kind == VNL_KIND_PEERING)
            o = after != NULL ? vnl_design_lookup (design, after) : NULL;
          for (guint i = 0; o != NULL && o->kind == VNL_KIND_APPLIANCE && hops[i] != NULL; i++)
            if (vnl_ip_parse (hops[i], &ip) &&
                (((VnlAppliance *) o)->address == ip || ((VnlAppliance *) o)->address_2 == ip))
              return TRUE;
          return FALSE;
        }
      g_assert_true (vnl_ip_parse (row->next_hop, &ip));
      if (o != NULL && o->kind == VNL_KIND_PEERING)
        o = after != NULL ? vnl_design_lookup (design, after) : NULL;
      if (o == NULL)
        return !t->reached;
      if (o->kind == VNL_KIND_APPLIANCE)
        return ((VnlAppliance *) o)->address == ip || ((VnlAppliance *) o)->address_2 == ip ||
               ((VnlAppliance *) o)->frontend == ip;
      if (o->kind == VNL_KIND_FIREWALL)
        return ((VnlFirewall *) o)->address == ip;
      return o->kind == VNL_KIND_ENDPOINT && ((VnlEndpoint *) o)->address == ip && !t->reached;
    }
  if (g_str_equal (type, "InterfaceEndpoint"))
    /* A private endpoint's /32: delivered to it (or refused by a rule). */
    return t->reached || t->drop == VNL_DROP_DENIED;
  g_error ("unknown next hop type %s", type);
}

/* For every VNet of @design: a packet to an address of every Active row of
 * its effective routes leaves by that row's next hop, and every row that
 * loses is Invalid with the reason (issue 10 §2; G1, G2 of spec §4.2). */
static guint
check_tables_agree (VnlDesign  *design,
                    const char *what)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  guint checked = 0;

  for (guint v = 0; v < vnets->len; v++)
    {
      const char *vnet = ((VnlObject *) vnets->pdata[v])->name;
      VnlEndpoint *from = NULL;
      g_autoptr(GPtrArray) tables = NULL;
      VnlRouteTable *table;

      for (guint e = 0; from == NULL && e < endpoints->len; e++)
        if (g_strcmp0 (((VnlEndpoint *) endpoints->pdata[e])->owner, vnet) == 0 &&
            vnl_network_is_up (network, ((VnlObject *) endpoints->pdata[e])->name))
          from = endpoints->pdata[e];
      if (from == NULL || !vnl_network_is_up (network, vnet))
        continue;

      /* The NIC's table: its subnet's, with a route table on it. */
      tables = vnl_network_get_tables (network, from->parent.name, NULL);
      g_assert_nonnull (tables);
      table = tables->pdata[0];
      for (guint r = 0; r < table->rows->len; r++)
        {
          VnlRouteRow *row = table->rows->pdata[r];
          g_autoptr(VnlTrace) t = NULL;
          guint32 addr;

          if (!row->active)
            {
              /* The loser says why. */
              g_assert_false (row->best);
              if (row->reason == VNL_REASON_ONLY_ROUTE || row->reason == VNL_REASON_ECMP)
                g_error ("%s: VNet %s: an Invalid row without a reason", what, vnet);
              continue;
            }
          if (!address_of_row (table, row, &addr))
            continue;
          t = vnl_network_trace_address (network, from, addr);
          g_assert_nonnull (t);
          /* A network security group stops it before any route is used:
           * filtering, not routing (tests/test-nsg.c). */
          if (!t->reached && t->drop == VNL_DROP_DENIED)
            continue;
          if (!leaves_by (design, vnet, t, row))
            {
              g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
              char text[16];
              vnl_ip_format (addr, text);
              g_error ("%s: VNet %s: Active row %s → %s %s, but a packet to %s goes %s%s%s",
                       what, vnet, prefix, row->next_hop_type, row->learned_from ? row->learned_from : "",
                       text, t->path->len > 2 ? (char *) t->path->pdata[2] : "nowhere",
                       t->reached ? "" : ", dropped: ",
                       t->reached ? "" : vnl_drop_reason_to_string (t->drop));
            }
          checked++;
        }
    }
  return checked;
}

static void
test_tables_agree_with_forwarding (void)
{
  static const char *dirs[] = { "samples", "valid" };
  guint checked = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = d == 0 ? sample_path ("")
                                         : g_test_build_filename (G_TEST_DIST, "data", "valid", NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(VnlDesign) design = NULL;

          if (!g_str_has_suffix (name, ".vnetlab"))
            continue;
          design = vnl_design_load (path, &error);
          g_assert_no_error (error);
          checked += check_tables_agree (design, name);
        }
    }

  /* Generated designs: hubs and spokes, circuits, VPN backups. */
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      VnlGenerateOptions opts = { 0 };
      g_autoptr(VnlDesign) design = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *what = g_strdup_printf ("generated seed %u", seed);

      vnl_generate_options_init (&opts);
      opts.n_vnets = 30;
      opts.n_sites = 6;
      opts.n_circuits = 3;
      opts.n_prefixes = 40;
      opts.seed = seed;
      design = vnl_generate_design (&opts, &error);
      g_assert_no_error (error);
      checked += check_tables_agree (design, what);
    }

  g_assert_cmpuint (checked, >, 100);
}

/* The case of issue 10 §2: each gateway learns the peered VNet's space from
 * the circuit, and the peering route, a system route, wins (G2). */
static void
test_peering_beats_gateway_route (void)
{
  g_autoptr(VnlDesign) design = load_valid ("peered-vnets-one-circuit.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GPtrArray) tables = vnl_network_get_tables (network, "vnet-a", NULL);
  g_autoptr(VnlTrace) t = trace (network, "a-vm", "b-vm");
  VnlRouteTable *table = tables->pdata[0];
  guint rows = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      if (!g_str_equal (prefix, "10.42.0.0/16"))
        continue;
      rows++;
      if (g_str_equal (row->next_hop_type, "VNet peering"))
        g_assert_true (row->active);
      else
        {
          g_assert_cmpstr (row->next_hop_type, ==, "Virtual network gateway");
          g_assert_false (row->active);
          g_assert_cmpint (row->reason, ==, VNL_REASON_SYSTEM_ROUTE);
        }
    }
  g_assert_cmpuint (rows, ==, 2);

  g_assert_true (t->reached);
  g_assert_cmpstr (t->path->pdata[2], ==, "a-b");
}

static void
test_errors (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;

  g_assert_null (vnl_network_trace (network, "nobody", "10.10.30.4", &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_ENDPOINT);
  g_clear_error (&error);
  g_assert_false (vnl_network_set_up (network, "no-such-link", FALSE, &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT);
  g_clear_error (&error);
  /* An endpoint on premises has no routing table (one in a VNet has its
   * NIC's effective routes). */
  g_assert_null (vnl_network_get_tables (network, "loc1-vm", &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_NOT_ROUTABLE);
}

/* An address set answers as a scan of its prefixes would, whatever order
 * the prefixes come in (sorted, reversed, random, repeated), at sizes on
 * both sides of the sort's small-input cut-off. Brute force is the
 * reference: an address is in the set exactly when a prefix contains it. */
static void
test_addr_set_property (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  const guint sizes[] = { 0, 1, 2, 63, 64, 65, 300, 2000 };

  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    for (guint order = 0; order < 3; order++)
      {
        g_autoptr(GArray) prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
        AddrSet set = { 0 };

        for (guint i = 0; i < sizes[z]; i++)
          {
            VnlPrefix p = { 0 };

            /* Clustered in 10.0.0.0/14 so prefixes overlap and touch; a
             * few short ones span several bytes of the start. */
            p.len = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 8, 16)
                                                       : g_rand_int_range (rand, 16, 33);
            p.addr = (10u << 24) | (g_rand_int (rand) & 0x3ffff);
            if (g_rand_int_range (rand, 0, 50) == 0)
              p.addr = g_rand_int (rand);
            p.addr &= vnl_prefix_mask (p.len);
            g_array_append_val (prefixes, p);
          }
        /* order 0: random; 1: sorted by start; 2: each prefix twice. */
        if (order == 1)
          for (guint i = 1; i < prefixes->len; i++)
            for (guint j = i; j > 0; j--)
              {
                VnlPrefix *a = &g_array_index (prefixes, VnlPrefix, j - 1);
                VnlPrefix *b = &g_array_index (prefixes, VnlPrefix, j);
                VnlPrefix t;

                if ((a->addr & vnl_prefix_mask (a->len)) <= (b->addr & vnl_prefix_mask (b->len)))
                  break;
                t = *a, *a = *b, *b = t;
              }
        if (order == 2)
          {
            /* From a copy: appending grows (moves) the array read from. */
            g_autoptr(GArray) copy = g_array_copy (prefixes);
            g_array_append_vals (prefixes, copy->data, copy->len);
          }

        _vnl_addr_set_init (&set, prefixes);
        for (guint k = 0; k + 1 < set.len; k++)
          g_assert_cmpuint ((guint64) set.hi[k] + 1, <, set.lo[k + 1]);
        for (guint q = 0; q < 4000; q++)
          {
            guint32 addr = q % 2 ? g_rand_int (rand) : (10u << 24) | (g_rand_int (rand) & 0x7ffff);
            gboolean expected = FALSE;

            for (guint i = 0; i < prefixes->len && !expected; i++)
              expected = vnl_prefix_contains_ip (&g_array_index (prefixes, VnlPrefix, i), addr);
            g_assert_cmpint (_vnl_addr_set_contains (&set, addr), ==, expected);
          }
        _vnl_addr_set_clear (&set);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/routing/testbed/traces", test_testbed_traces);
  g_test_add_func ("/core/routing/testbed/deterministic", test_trace_deterministic);
  g_test_add_func ("/core/routing/testbed/unreachable", test_testbed_unreachable);
  g_test_add_func ("/core/routing/testbed/matrix", test_testbed_matrix);
  g_test_add_func ("/core/routing/testbed/routes", test_testbed_routes);
  g_test_add_func ("/core/routing/testbed/er-preferred-over-vpn", test_testbed_reason);
  g_test_add_func ("/core/routing/variant/global-reach", test_variant_global_reach);
  g_test_add_func ("/core/routing/variant/no-use-remote-gateways", test_variant_no_remote_gateways);
  g_test_add_func ("/core/routing/variant/no-local-preference", test_variant_no_local_pref);
  g_test_add_func ("/core/routing/variant/v2v-without-bgp", test_variant_v2v_without_bgp);
  g_test_add_func ("/core/routing/variant/er2-primary-down", test_variant_er2_primary_down);
  g_test_add_func ("/core/routing/variant/er1-down", test_variant_er1_down);
  g_test_add_func ("/core/routing/variant/as-path-prepend", test_variant_prepend);
  g_test_add_func ("/core/routing/incremental", test_incremental_matches_rebuild);
  g_test_add_func ("/core/routing/incremental-pairs", test_incremental_pairs_match_rebuild);
  g_test_add_func ("/core/routing/incremental-generated", test_incremental_generated_matches_rebuild);
  g_test_add_func ("/core/routing/explain", test_explain);
  g_test_add_func ("/core/routing/explain/names-the-filter", test_explain_names_the_filter);
  g_test_add_func ("/core/routing/invalid-designs", test_invalid_designs);
  g_test_add_func ("/core/routing/tables-agree-with-forwarding", test_tables_agree_with_forwarding);
  g_test_add_func ("/core/routing/peering-beats-gateway-route", test_peering_beats_gateway_route);
  g_test_add_func ("/core/routing/asymmetry/symmetric-paths", test_symmetric_paths);
  g_test_add_func ("/core/routing/asymmetry/property", test_asymmetry_property);
  g_test_add_func ("/core/routing/errors", test_errors);
  g_test_add_func ("/core/routing/addr-set-property", test_addr_set_property);
  return g_test_run ();
}
