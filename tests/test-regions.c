/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "vnl-regions.h"

/* The built-in table of Azure regions and ExpressRoute peering locations:
 * properties every entry and every pair must have, and distances checked
 * against geography known independently of the table. */

static void
test_lookup (void)
{
  guint n = 0;
  const VnlRegion *all = vnl_regions_all (&n);

  g_assert_cmpuint (n, >, 40);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *upper = g_ascii_strup (all[i].display_name, -1);

      /* Found by name, by display name, in any case. */
      g_assert_true (vnl_region_lookup (all[i].name) == &all[i]);
      g_assert_true (vnl_region_lookup (all[i].display_name) == &all[i]);
      g_assert_true (vnl_region_lookup (upper) == &all[i]);
      g_assert_true (all[i].kind == VNL_LOCATION_AZURE_REGION ||
                     all[i].kind == VNL_LOCATION_PEERING_LOCATION);
      g_assert_cmpfloat (fabs (all[i].latitude), <=, 90);
      g_assert_cmpfloat (fabs (all[i].longitude), <=, 180);
    }
  g_assert_true (vnl_region_lookup ("west-europe") == vnl_region_lookup ("westeurope"));
  g_assert_true (vnl_region_lookup ("Silicon Valley")->kind == VNL_LOCATION_PEERING_LOCATION);
  g_assert_true (vnl_region_lookup ("eastus2")->kind == VNL_LOCATION_AZURE_REGION);
  g_assert_null (vnl_region_lookup ("region1"));
  g_assert_null (vnl_region_lookup (""));
  g_assert_null (vnl_region_lookup ("-"));
}

/* Distances between cities as any atlas gives them (great circle, to a
 * few per cent: the table's coordinates are rounded to 0.1°). */
typedef struct
{
  const char *a;
  const char *b;
  double      km;
} DistanceCase;

static const DistanceCase distances[] = {
  { "london", "amsterdam", 358 },
  { "london", "newyork", 5570 },
  { "frankfurt", "paris", 479 },
  { "tokyo", "sydney", 7820 },
  { "seattle", "siliconvalley", 1140 },
};

static void
test_distance (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (distances); i++)
    {
      const DistanceCase *c = &distances[i];
      double km = vnl_region_distance_km (vnl_region_lookup (c->a), vnl_region_lookup (c->b));

      g_assert_cmpfloat (fabs (km - c->km), <, c->km * 0.04);
    }
}

/* Every pair: symmetric, never faster than light in fibre (200 km/ms over
 * the great circle), and the one-way time of a path through a third
 * place is never shorter than the direct one. */
static void
test_latency_properties (void)
{
  guint n = 0;
  const VnlRegion *all = vnl_regions_all (&n);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        double ms = vnl_region_latency_ms (all[i].name, all[j].name);
        double km = vnl_region_distance_km (&all[i], &all[j]);

        g_assert_cmpfloat (ms, >, 0);
        g_assert_cmpfloat (ms, ==, vnl_region_latency_ms (all[j].name, all[i].name));
        g_assert_cmpfloat (ms, >=, km / 200);
        for (guint k = 0; k < n; k += 7)
          g_assert_cmpfloat (ms, <=, vnl_region_latency_ms (all[i].name, all[k].name) +
                                     vnl_region_latency_ms (all[k].name, all[j].name) + 0.1);
      }

  /* A region and the peering location in its metro are about a
   * millisecond apart; across the Atlantic some 40 ms one way (6,300 km
   * of great circle is 31.5 ms at the speed of light in fibre alone). */
  g_assert_cmpfloat (vnl_region_latency_ms ("westeurope", "Amsterdam"), <, 1.5);
  g_assert_cmpfloat (vnl_region_latency_ms ("westeurope", "eastus"), >, 31.5);
  g_assert_cmpfloat (vnl_region_latency_ms ("westeurope", "eastus"), <, 60);
  g_assert_cmpfloat (vnl_region_latency_ms ("westeurope", "region1"), <, 0);
  g_assert_cmpfloat (vnl_region_latency_ms ("nowhere", "eastus"), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/regions/lookup", test_lookup);
  g_test_add_func ("/core/regions/distance", test_distance);
  g_test_add_func ("/core/regions/latency-properties", test_latency_properties);
  return g_test_run ();
}
