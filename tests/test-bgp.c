/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnl-bgp.h"
#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-network.h"

/*
 * The BGP decisions, one table row per rung of the best-path ladder and per
 * export or import filter. Each row's expected value is reasoned from the
 * rule of shared/spec/azure-interop-testbed.md §4 cited beside it, never
 * copied from the program's output.
 */

/* ---------------------------------------------------------------------- */
/* The comparator                                                         */

typedef struct
{
  VnlOrigin   origin;
  guint32     weight;
  guint       conn_weight;
  guint32     local_pref;
  guint       path_len;
  guint32     next_hop;
  int         session;
} RouteSpec;

typedef struct
{
  const char *name;
  RouteSpec   winner;
  RouteSpec   loser;
  VnlReason   reason;
} RungCase;

#define BGP_ROUTE(w, cw, lp, len, nh, s) { VNL_ORIGIN_BGP, w, cw, lp, len, nh, s }
#define ER    VNL_WEIGHT_EXPRESSROUTE
#define VPN   VNL_WEIGHT_DEFAULT
#define LP    VNL_LOCAL_PREF_DEFAULT

static const RungCase rung_cases[] = {
  /* A speaker's own network is never replaced by a learned route, even one
   * with a higher weight (R-D1: the VNet's own prefixes stay system routes;
   * a CE's network statement is its own). */
  { "local-origin", { VNL_ORIGIN_NETWORK, VPN, 0, LP, 0, 0, -1 },
                    BGP_ROUTE (ER, 0, LP, 1, 0x0a000001, 3), VNL_REASON_LOCAL_ORIGIN },
  /* G5, G6, A4: ExpressRoute (32769) over VPN (32768), whatever the AS
   * path length (the VPN path is shorter here). */
  { "weight",       BGP_ROUTE (ER, 0, LP, 3, 0x0a000009, 4),
                    BGP_ROUTE (VPN, 0, LP, 1, 0x0a000001, 2), VNL_REASON_WEIGHT },
  /* G11: "The connection weight is considered before the AS Path length". */
  { "connection-weight", BGP_ROUTE (ER, 100, LP, 4, 0x0a000009, 4),
                    BGP_ROUTE (ER, 0, LP, 2, 0x0a000001, 2), VNL_REASON_CONNECTION_WEIGHT },
  /* §1.6, R-D7: the CE's local preference 200 on ExpressRoute-learned
   * routes wins over the VPN's shorter path. */
  { "local-pref",   BGP_ROUTE (0, 0, 200, 2, 0xc0a81e12, 1),
                    BGP_ROUTE (0, 0, 100, 1, 0x0a0b1e04, 5), VNL_REASON_LOCAL_PREF },
  /* G11: then the shorter AS path (a prepended path loses). */
  { "as-path",      BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f16, 7),
                    BGP_ROUTE (ER, 0, LP, 4, 0xc0a81f12, 6), VNL_REASON_AS_PATH },
  /* Equal on every rung: the lowest neighbour address (BIRD's
   * bgp_rte_better() ends the same way), so the order is total. */
  { "tie-break",    BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 9),
                    BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f16, 1), VNL_REASON_TIE_BREAK },
  /* Same address (two sessions to one neighbour): the session decides. */
  { "tie-break-session", BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 1),
                    BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 2), VNL_REASON_TIE_BREAK },
};

static VnlRoute *
route_from_spec (const RouteSpec *spec)
{
  VnlPrefix prefix = { 0x0a011f00, 25 };
  g_autofree guint32 *asns = g_new0 (guint32, spec->path_len + 1);
  g_autoptr(VnlAsPath) path = NULL;
  VnlRoute *route;

  for (guint i = 0; i < spec->path_len; i++)
    asns[i] = 65000 + i;
  path = vnl_as_path_new (asns, spec->path_len);
  route = vnl_route_new (&prefix, path, spec->origin);
  route->weight = spec->weight;
  route->conn_weight = spec->conn_weight;
  route->local_pref = spec->local_pref;
  route->next_hop = spec->next_hop;
  route->session = spec->session;
  return route;
}

static void
test_rungs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rung_cases); i++)
    {
      const RungCase *c = &rung_cases[i];
      g_autoptr(VnlRoute) winner = route_from_spec (&c->winner);
      g_autoptr(VnlRoute) loser = route_from_spec (&c->loser);
      VnlReason why = VNL_REASON_ONLY_ROUTE;
      VnlReason why_back = VNL_REASON_ONLY_ROUTE;

      if (vnl_route_compare (winner, loser, &why) >= 0)
        g_error ("%s: the winner does not win", c->name);
      if (vnl_route_compare (loser, winner, &why_back) <= 0)
        g_error ("%s: the order is not antisymmetric", c->name);
      if (why != c->reason || why_back != c->reason)
        g_error ("%s: reason %d/%d, expected %d", c->name, why, why_back, c->reason);
      g_test_message ("%s: %s", c->name, vnl_reason_to_string (why));
    }
}

/* A total order: 0 only for a route against itself (or a copy), and
 * transitive over every route of the table. */
static void
test_total_order (void)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_unref);

  for (guint i = 0; i < G_N_ELEMENTS (rung_cases); i++)
    {
      g_ptr_array_add (routes, route_from_spec (&rung_cases[i].winner));
      g_ptr_array_add (routes, route_from_spec (&rung_cases[i].loser));
    }

  for (guint i = 0; i < routes->len; i++)
    {
      g_autoptr(VnlRoute) copy = vnl_route_copy (routes->pdata[i]);
      g_assert_cmpint (vnl_route_compare (routes->pdata[i], copy, NULL), ==, 0);

      for (guint j = 0; j < routes->len; j++)
        {
          int ij = vnl_route_compare (routes->pdata[i], routes->pdata[j], NULL);
          int ji = vnl_route_compare (routes->pdata[j], routes->pdata[i], NULL);

          g_assert_true ((ij < 0) == (ji > 0));
          if (ij == 0)
            g_assert_true (vnl_route_same (routes->pdata[i], routes->pdata[j]));
          for (guint k = 0; k < routes->len; k++)
            if (ij < 0 && vnl_route_compare (routes->pdata[j], routes->pdata[k], NULL) < 0)
              g_assert_cmpint (vnl_route_compare (routes->pdata[i], routes->pdata[k], NULL), <, 0);
        }
    }
}

typedef struct
{
  const char *name;
  RouteSpec   best;
  RouteSpec   other;
  gboolean    mergeable;
} MergeCase;

static const MergeCase merge_cases[] = {
  /* R-D8, G11 ("otherwise ECMP"): the two links of ER2, equal in all but
   * the neighbour address, carry traffic together. */
  { "equal-learned", BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 1),
                     BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f16, 2), TRUE },
  /* G11: a longer (prepended) path is no multipath member. */
  { "longer-path",   BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 1),
                     BGP_ROUTE (ER, 0, LP, 4, 0xc0a81f16, 2), FALSE },
  /* G6: an ExpressRoute and a VPN route are never used together. */
  { "other-weight",  BGP_ROUTE (ER, 0, LP, 2, 0xc0a81f12, 1),
                     BGP_ROUTE (VPN, 0, LP, 2, 0x0a0b1e04, 2), FALSE },
  /* Only learned routes join: two statics (the prefixes of two local
   * network gateways) go each to its own tunnel. */
  { "statics",       { VNL_ORIGIN_STATIC, VPN, 0, LP, 0, 0x0a000001, 1 },
                     { VNL_ORIGIN_STATIC, VPN, 0, LP, 0, 0x0a000002, 2 }, FALSE },
};

static void
test_mergeable (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      const MergeCase *c = &merge_cases[i];
      g_autoptr(VnlRoute) best = route_from_spec (&c->best);
      g_autoptr(VnlRoute) other = route_from_spec (&c->other);

      if (vnl_route_mergeable (best, other) != c->mergeable ||
          vnl_route_mergeable (other, best) != c->mergeable)
        g_error ("%s: mergeable should be %d", c->name, c->mergeable);
      /* Mergeable routes are still ordered: the tie-break. */
      g_assert_cmpint (vnl_route_compare (best, other, NULL), !=, 0);
    }
}

/* ---------------------------------------------------------------------- */
/* The filters, on the reference lab and variants of it                   */

typedef enum
{
  VARIANT_NONE,
  VARIANT_GLOBAL_REACH,    /* Global Reach between ER1 and ER2 */
  VARIANT_V2V_NO_BGP,      /* hub ↔ branch VNet-to-VNet without BGP */
  VARIANT_SITE_DEFAULT,    /* Location 1 also advertises 0.0.0.0/0 */
  VARIANT_SITE_OVERLAP,    /* Location 1 also advertises a part of the hub */
  VARIANT_SITE_SUPERSET,   /* Location 1 also advertises a superset of the hub */
} Variant;

typedef struct
{
  Variant     variant;
  const char *from;
  const char *to;
  const char *prefix;
  VnlFilter   filter;
} FilterCase;

static const FilterCase filter_cases[] = {
  /* §2.3.1: the MSEE hands the hub's prefix to the CE. */
  { VARIANT_NONE, "er1-primary", "loc1-ce", "10.10.30.0/24", VNL_FILTER_ACCEPT },
  /* The CE's own prefix is not sent back to it. */
  { VARIANT_NONE, "er1-primary", "loc1-ce", "10.2.30.0/25", VNL_FILTER_SPLIT_HORIZON },
  /* R-D8: the secondary ER1 link's BGP session is down (its CE
   * sub-interface disabled), so nothing crosses it. */
  { VARIANT_NONE, "er1-secondary", "loc1-ce2", "10.10.30.0/24", VNL_FILTER_SESSION_DOWN },
  /* ER2's MSEE never learns Location 1 (A10). */
  { VARIANT_NONE, "er2-primary", "hub-ergw", "10.2.30.0/25", VNL_FILTER_NO_ROUTE },
  /* R-D2: the hub's ExpressRoute gateway learns Location 2 from ER2 and
   * does not advertise it to ER1. */
  { VARIANT_NONE, "hub-ergw", "er1-primary", "10.1.31.0/25", VNL_FILTER_ER_GATEWAY_LEARNED },
  /* A11, G7: the hub's ExpressRoute gateway does not pass Location 1's
   * ExpressRoute route to its VPN gateway. */
  { VARIANT_NONE, "hub-ergw", "hub-vpngw", "10.2.30.0/25", VNL_FILTER_NO_ER_VPN_TRANSIT },
  /* R-D7: Location 1's CE advertises only 10.2.30.0/25 to ER1, never the
   * branch it learned over the VPN. */
  { VARIANT_NONE, "loc1-ce", "er1-primary", "10.11.30.64/26", VNL_FILTER_PREFIX_LIST },
  /* R-D6: the CE's re-advertisement of the remote VNet (65021 12076
   * 65515) holds the hub VPN gateway's 65515. */
  { VARIANT_NONE, "loc1-ce", "hub-vpngw", "10.17.30.0/24", VNL_FILTER_AS_LOOP },
  /* G13: what ER1's MSEE learns over Global Reach goes to the customer
   * only, not to the VNets' gateways. */
  { VARIANT_GLOBAL_REACH, "er1-primary", "remote-ergw", "10.1.31.0/25", VNL_FILTER_GLOBAL_REACH_TO_AZURE },
  /* G13: and only the customer's routes cross Global Reach, not a VNet's. */
  { VARIANT_GLOBAL_REACH, "er1-primary", "er2-primary", "10.17.30.0/24", VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY },
  /* G13: the customer's own routes do. */
  { VARIANT_GLOBAL_REACH, "er1-primary", "er2-primary", "10.2.30.0/25", VNL_FILTER_ACCEPT },
  /* G17: without BGP the branch's prefix is a static of the hub VPN
   * gateway, not re-advertised to Location 1. */
  { VARIANT_V2V_NO_BGP, "hub-vpngw", "loc1-ce", "10.11.30.64/26", VNL_FILTER_NOT_READVERTISED },
  /* G15: "VPN gateways don't advertise default routes to other BGP peers". */
  { VARIANT_SITE_DEFAULT, "hub-vpngw", "branch-vpngw", "0.0.0.0/0", VNL_FILTER_DEFAULT_ROUTE },
  /* G15: nor learned routes "that overlap with any virtual network prefix":
   * a superset of the hub's 10.10.30.0/24 is learned (the FAQ: "you can
   * advertise a prefix that is a superset"), not passed on. */
  { VARIANT_SITE_SUPERSET, "loc1-ce", "hub-vpngw", "10.10.0.0/16", VNL_FILTER_ACCEPT },
  { VARIANT_SITE_SUPERSET, "hub-vpngw", "branch-vpngw", "10.10.0.0/16", VNL_FILTER_OVERLAPS_VNET },
  /* includes/vpn-gateway-faq-bgp-include.md: "advertising the same prefixes
   * as any one of your virtual network address prefixes will be blocked or
   * filtered by Azure ... you can't advertise 10.0.0.0/16 or 10.0.0.0/24"
   * (for 10.0.0.0/16): a part of the hub is refused by its gateway. */
  { VARIANT_SITE_OVERLAP, "loc1-ce", "hub-vpngw", "10.10.30.0/25", VNL_FILTER_MATCHES_VNET },
  { VARIANT_SITE_OVERLAP, "loc1-ce", "hub-vpngw", "10.2.30.0/25", VNL_FILTER_ACCEPT },
};

static VnlDesign *
load_variant (Variant variant)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "azure-interop-testbed.vnetlab", NULL)
                                      : g_test_build_filename (G_TEST_DIST, "..", "samples",
                                                               "azure-interop-testbed.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);
  VnlPrefix extra;

  g_assert_no_error (error);
  switch (variant)
    {
    case VARIANT_GLOBAL_REACH:
      {
        VnlGlobalReach *gr = vnl_object_new (VNL_KIND_GLOBAL_REACH, "er1-er2-gr");
        gr->circuit_a = g_strdup ("er1");
        gr->circuit_b = g_strdup ("er2");
        g_assert_true (vnl_design_add (design, gr, NULL));
      }
      break;
    case VARIANT_V2V_NO_BGP:
      ((VnlV2vConnection *) vnl_design_lookup_kind (design, "hub-branch-vpn", VNL_KIND_V2V_CONNECTION))->bgp = FALSE;
      break;
    case VARIANT_SITE_DEFAULT:
    case VARIANT_SITE_OVERLAP:
    case VARIANT_SITE_SUPERSET:
      g_assert_true (vnl_prefix_parse (variant == VARIANT_SITE_DEFAULT ? "0.0.0.0/0"
                                       : variant == VARIANT_SITE_OVERLAP ? "10.10.30.0/25" : "10.10.0.0/16",
                                       &extra, NULL));
      g_array_append_val (((VnlSite *) vnl_design_lookup_kind (design, "loc1", VNL_KIND_SITE))->prefixes, extra);
      break;
    case VARIANT_NONE:
    default:
      break;
    }
  return design;
}

static void
test_filters (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_cases); i++)
    {
      const FilterCase *c = &filter_cases[i];
      g_autoptr(VnlDesign) design = load_variant (c->variant);
      g_autoptr(VnlNetwork) network = vnl_network_new (design);
      g_autoptr(GError) error = NULL;
      VnlFilter filter;
      VnlPrefix prefix;

      g_assert_true (vnl_prefix_parse (c->prefix, &prefix, NULL));
      if (!vnl_network_filter (network, c->from, c->to, &prefix, &filter, &error))
        g_error ("%s → %s: %s", c->from, c->to, error->message);
      if (filter != c->filter)
        g_error ("%s → %s %s: “%s”, expected “%s”", c->from, c->to, c->prefix,
                 vnl_filter_to_string (filter), vnl_filter_to_string (c->filter));
    }
}

static void
test_filter_errors (void)
{
  g_autoptr(VnlDesign) design = load_variant (VARIANT_NONE);
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(GError) error = NULL;
  VnlPrefix prefix = { 0x0a0a1e00, 24 };
  VnlFilter filter;

  /* Location 2's CE and the hub VPN gateway share no session. */
  g_assert_false (vnl_network_filter (network, "loc2-ce1", "hub-vpngw", &prefix, &filter, &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_NOT_NEIGHBOURS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/bgp/ladder", test_rungs);
  g_test_add_func ("/core/bgp/total-order", test_total_order);
  g_test_add_func ("/core/bgp/mergeable", test_mergeable);
  g_test_add_func ("/core/bgp/filters", test_filters);
  g_test_add_func ("/core/bgp/filter-errors", test_filter_errors);
  return g_test_run ();
}
