/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-regions"

#include "config.h"

#include "vnl-regions.h"

#include <math.h>
#include <string.h>

/*
 * One flat table, Azure regions first, then ExpressRoute peering
 * locations. Names are Azure's: a region's is its programmatic name (`az
 * account list-locations`), a peering location's the one of
 * expressroute-locations-providers.md with spaces dropped. Coordinates are
 * those `az account list-locations` publishes for a region and the city's
 * for a peering location, to a tenth of a degree: the latency estimate
 * needs no more (a tenth of a degree is 11 km, under 0.1 ms).
 *
 * The estimate (docs/latencies.md): a fixed 0.5 ms for the equipment at
 * both ends, plus the great-circle distance at 150 km per ms — light in
 * fibre covers about 200 km per ms, and a fibre route is typically about a
 * third longer than the great circle. Rounded to 0.1 ms.
 */

#define R(name, display, lat, lon) { name, display, VNL_LOCATION_AZURE_REGION, lat, lon }
#define P(name, display, lat, lon) { name, display, VNL_LOCATION_PEERING_LOCATION, lat, lon }

static const VnlRegion regions[] = {
  /* Azure regions */
  R ("eastus",             "East US",              37.4,  -79.8),
  R ("eastus2",            "East US 2",            36.7,  -78.4),
  R ("centralus",          "Central US",           41.6,  -93.6),
  R ("northcentralus",     "North Central US",     41.9,  -87.6),
  R ("southcentralus",     "South Central US",     29.4,  -98.5),
  R ("westcentralus",      "West Central US",      40.9, -110.2),
  R ("westus",             "West US",              37.8, -122.4),
  R ("westus2",            "West US 2",            47.2, -119.9),
  R ("westus3",            "West US 3",            33.4, -112.1),
  R ("canadacentral",      "Canada Central",       43.7,  -79.4),
  R ("canadaeast",         "Canada East",          46.8,  -71.2),
  R ("brazilsouth",        "Brazil South",        -23.6,  -46.6),
  R ("northeurope",        "North Europe",         53.3,   -6.3),
  R ("westeurope",         "West Europe",          52.4,    4.9),
  R ("uksouth",            "UK South",             50.9,   -0.8),
  R ("ukwest",             "UK West",              53.4,   -3.1),
  R ("francecentral",      "France Central",       46.4,    2.4),
  R ("germanywestcentral", "Germany West Central", 50.1,    8.7),
  R ("switzerlandnorth",   "Switzerland North",    47.5,    8.6),
  R ("norwayeast",         "Norway East",          59.9,   10.8),
  R ("swedencentral",      "Sweden Central",       60.7,   17.1),
  R ("polandcentral",      "Poland Central",       52.2,   21.0),
  R ("italynorth",         "Italy North",          45.5,    9.2),
  R ("uaenorth",           "UAE North",            25.3,   55.3),
  R ("southafricanorth",   "South Africa North",  -25.7,   28.2),
  R ("centralindia",       "Central India",        18.6,   73.9),
  R ("southindia",         "South India",          13.0,   80.2),
  R ("southeastasia",      "Southeast Asia",        1.3,  103.8),
  R ("eastasia",           "East Asia",            22.3,  114.2),
  R ("japaneast",          "Japan East",           35.7,  139.8),
  R ("japanwest",          "Japan West",           34.7,  135.5),
  R ("koreacentral",       "Korea Central",        37.6,  127.0),
  R ("australiaeast",      "Australia East",      -33.9,  151.2),
  R ("australiasoutheast", "Australia Southeast", -37.8,  145.0),

  /* ExpressRoute peering locations */
  P ("amsterdam",          "Amsterdam",            52.4,    4.9),
  P ("amsterdam2",         "Amsterdam2",           52.3,    4.9),
  P ("london",             "London",               51.5,   -0.1),
  P ("london2",            "London2",              51.5,    0.0),
  P ("frankfurt",          "Frankfurt",            50.1,    8.7),
  P ("paris",              "Paris",                48.9,    2.4),
  P ("dublin",             "Dublin",               53.3,   -6.3),
  P ("zurich",             "Zurich",               47.4,    8.5),
  P ("oslo",               "Oslo",                 59.9,   10.8),
  P ("stockholm",          "Stockholm",            59.3,   18.1),
  P ("milan",              "Milan",                45.5,    9.2),
  P ("madrid",             "Madrid",               40.4,   -3.7),
  P ("marseille",          "Marseille",            43.3,    5.4),
  P ("warsaw",             "Warsaw",               52.2,   21.0),
  P ("washingtondc",       "Washington DC",        39.0,  -77.5),
  P ("newyork",            "New York",             40.7,  -74.0),
  P ("atlanta",            "Atlanta",              33.7,  -84.4),
  P ("miami",              "Miami",                25.8,  -80.2),
  P ("chicago",            "Chicago",              41.9,  -87.6),
  P ("dallas",             "Dallas",               32.8,  -96.8),
  P ("denver",             "Denver",               39.7, -105.0),
  P ("seattle",            "Seattle",              47.6, -122.3),
  P ("siliconvalley",      "Silicon Valley",       37.4, -121.9),
  P ("losangeles",         "Los Angeles",          34.1, -118.2),
  P ("toronto",            "Toronto",              43.7,  -79.4),
  P ("montreal",           "Montreal",             45.5,  -73.6),
  P ("saopaulo",           "Sao Paulo",           -23.6,  -46.6),
  P ("dubai",              "Dubai",                25.2,   55.3),
  P ("johannesburg",       "Johannesburg",        -26.2,   28.0),
  P ("mumbai",             "Mumbai",               19.1,   72.9),
  P ("chennai",            "Chennai",              13.1,   80.3),
  P ("singapore",          "Singapore",             1.4,  103.8),
  P ("hongkong",           "Hong Kong",            22.3,  114.2),
  P ("tokyo",              "Tokyo",                35.7,  139.7),
  P ("osaka",              "Osaka",                34.7,  135.5),
  P ("seoul",              "Seoul",                37.6,  127.0),
  P ("sydney",             "Sydney",              -33.9,  151.2),
  P ("melbourne",          "Melbourne",           -37.8,  145.0),
};

#undef R
#undef P

#define EQUIPMENT_MS  0.5     /* both ends together */
#define KM_PER_MS     150.0   /* 200 km/ms in fibre over a route 4/3 of the great circle */
#define EARTH_KM      6371.0

const VnlRegion *
vnl_regions_all (guint *n_regions)
{
  if (n_regions != NULL)
    *n_regions = G_N_ELEMENTS (regions);
  return regions;
}

/* Lower-case letters and digits only: "West Europe" and "west-europe"
 * both give "westeurope". */
static char *
normalize (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

const VnlRegion *
vnl_region_lookup (const char *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  key = normalize (name);
  if (*key == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autofree char *display = normalize (regions[i].display_name);

      if (g_str_equal (key, regions[i].name) || g_str_equal (key, display))
        return &regions[i];
    }
  return NULL;
}

double
vnl_region_distance_km (const VnlRegion *a,
                        const VnlRegion *b)
{
  double la1, la2, dlon, c;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  la1 = a->latitude * G_PI / 180;
  la2 = b->latitude * G_PI / 180;
  dlon = (b->longitude - a->longitude) * G_PI / 180;
  c = sin (la1) * sin (la2) + cos (la1) * cos (la2) * cos (dlon);
  return EARTH_KM * acos (CLAMP (c, -1.0, 1.0));
}

double
vnl_region_latency_ms (const char *a,
                       const char *b)
{
  const VnlRegion *ra, *rb;

  g_return_val_if_fail (a != NULL && b != NULL, -1);

  ra = vnl_region_lookup (a);
  rb = vnl_region_lookup (b);
  if (ra == NULL || rb == NULL)
    return -1;
  return round ((EQUIPMENT_MS + vnl_region_distance_km (ra, rb) / KM_PER_MS) * 10) / 10;
}
