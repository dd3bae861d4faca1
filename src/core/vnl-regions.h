/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * A built-in table of Azure regions and ExpressRoute peering locations,
 * each with where it is, and the one-way latency between two of them
 * estimated from the distance (docs/latencies.md says how and from what).
 * What the designer gives a new design's locations, and what an import
 * can give the regions of the resources it reads.
 */

typedef struct
{
  const char      *name;          /* "westeurope", "amsterdam" */
  const char      *display_name;  /* "West Europe", "Amsterdam" */
  VnlLocationKind  kind;          /* Azure region or peering location */
  double           latitude;      /* degrees */
  double           longitude;     /* degrees */
} VnlRegion;

/* Every entry; @n_regions receives the count. */
const VnlRegion *vnl_regions_all       (guint      *n_regions);
/* The entry named @name (its name or display name, ignoring case, spaces,
 * hyphens and underscores: "West Europe", "west-europe"), else NULL. */
const VnlRegion *vnl_region_lookup     (const char *name);
/* The great-circle distance between two entries, in km. */
double           vnl_region_distance_km (const VnlRegion *a,
                                         const VnlRegion *b);
/* The estimated one-way latency between two entries named as
 * vnl_region_lookup() takes them, in ms; < 0 when either is unknown. */
double           vnl_region_latency_ms (const char *a,
                                        const char *b);

G_END_DECLS
