/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * What Azure reports against what vnetlab predicts: the effective routes
 * of a NIC (`az network nic show-effective-route-table`) against the
 * effective routes vnetlab gives the NIC (its subnet's, with the subnet's
 * route table and its user-defined routes), the learned routes of a gateway
 * (`az network vnet-gateway list-learned-routes`) against its table.
 *
 * Effective routes are matched on prefix, next hop type and next hop
 * addresses, then their states (Active / Invalid) compared; learned routes
 * on network and next hop, then their origin and AS path. Azure's names
 * of next hop types (VnetLocal, VNetPeering…) are mapped to vnetlab's.
 */

#define VNL_COMPARE_ERROR (vnl_compare_error_quark ())

typedef enum
{
  VNL_COMPARE_ERROR_SYNTAX,    /* not JSON (FILE:LINE:COLUMN) */
  VNL_COMPARE_ERROR_SHAPE,     /* not a route list (JSON path) */
  VNL_COMPARE_ERROR_NODE,      /* no such NIC, VNet or gateway in the design */
} VnlCompareError;

GQuark vnl_compare_error_quark (void);

typedef enum
{
  VNL_DIFF_AZURE_ONLY,    /* Azure reports it, vnetlab does not predict it */
  VNL_DIFF_VNETLAB_ONLY,  /* vnetlab predicts it, Azure does not report it */
  VNL_DIFF_STATE,         /* both, in another state (or origin, AS path) */
} VnlDiffKind;

typedef struct
{
  VnlDiffKind  kind;
  char        *prefix;         /* owned */
  char        *next_hop_type;  /* owned, nullable */
  char        *next_hop;       /* owned, nullable */
  char        *azure;          /* owned, nullable: Azure's state / origin */
  char        *vnetlab;        /* owned, nullable: vnetlab's */
} VnlDiff;

typedef struct
{
  char      *node;      /* owned: the table compared: NIC (endpoint), VNET/SUBNET, VNet or gateway */
  char      *what;      /* owned: the NIC or gateway named, and the file */
  guint      n_azure;   /* routes Azure reported */
  guint      n_agree;
  GPtrArray *diffs;     /* owned, of VnlDiff* */
} VnlComparison;

void           vnl_comparison_free        (VnlComparison *comparison);
/* @name: an endpoint (its NIC's table), VNET/SUBNET, a VNet, or for
 * learned routes a gateway. @data: the command's JSON output. */
VnlComparison *vnl_compare_effective_routes (VnlNetwork  *network,
                                             const char  *name,
                                             const char  *data,
                                             gssize       length,
                                             const char  *file,
                                             GError     **error);
VnlComparison *vnl_compare_learned_routes (VnlNetwork  *network,
                                           const char  *gateway,
                                           const char  *data,
                                           gssize       length,
                                           const char  *file,
                                           GError     **error);
const char    *vnl_diff_kind_to_string    (VnlDiffKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlComparison, vnl_comparison_free)

G_END_DECLS
