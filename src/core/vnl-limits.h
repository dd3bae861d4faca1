/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * Azure's published limits, each with its figure and source
 * (shared/spec/azure-beyond-the-lab.md §4), held against a design: one
 * VnlLimitCheck per object a limit applies to. Limits on routes are
 * counted in the converged tables of a VnlNetwork. Limits on what this
 * version does not model are listed with `modelled` FALSE and never
 * checked.
 */

typedef struct
{
  const char *id;        /* "vnet-peerings" */
  const char *what;      /* N_(): "VNet peerings per VNet" */
  const char *figure;    /* the published figure, as the source words it */
  const char *source;    /* document and its path in MicrosoftDocs/azure-docs */
  const char *crossed;   /* N_(): what Azure does when it is crossed */
  gboolean    modelled;
} VnlLimit;

typedef struct
{
  const VnlLimit *limit;
  char           *object;   /* owned: what it is counted on, as shown ("gw ← peer") */
  char           *name;     /* owned: the design object to select */
  guint           value;
  guint           maximum;  /* for this object (SKU, bandwidth) */
} VnlLimitCheck;

const VnlLimit *vnl_limits_all        (guint       *n_limits);
/* The prefixes the Azure side of a BGP session accepts before it drops
 * the session: an MSEE from a CE over @circuit's private peering, or,
 * with @circuit NULL, a VPN gateway from one peer. */
guint           vnl_limits_session_prefixes (const VnlCircuit *circuit);
/* Of VnlLimitCheck, every object each modelled limit applies to. */
GPtrArray      *vnl_limits_check      (VnlDesign   *design,
                                       VnlNetwork  *network);
gboolean        vnl_limit_check_crossed (const VnlLimitCheck *check);

G_END_DECLS
