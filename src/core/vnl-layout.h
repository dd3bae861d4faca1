/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * Automatic layout through Graphviz, without widgets: the design's nodes
 * become a graph (a VNet with its gateways and endpoints, a site with its
 * CE routers and hosts, each one Graphviz node the size of its frame,
 * the members placed inside it in rows; the containers of one region or
 * location together when there are several; spokes above their hub),
 * Graphviz places them and the result is a position per node, in canvas
 * coordinates on the 20-unit grid. vnl_layout_apply() moves every node in
 * one undoable history step; vnl_layout_place_unplaced() gives a position
 * to the nodes that have none (an imported design, a file written by
 * hand), outside any history.
 */

#define VNL_LAYOUT_ERROR (vnl_layout_error_quark ())

typedef enum
{
  VNL_LAYOUT_ERROR_EMPTY,     /* nothing to lay out */
  VNL_LAYOUT_ERROR_GRAPHVIZ,  /* Graphviz refused the graph */
} VnlLayoutError;

typedef enum
{
  VNL_LAYOUT_DOT,    /* layered: Azure above, circuits between, on-premises below */
  VNL_LAYOUT_NEATO,  /* spring model */
} VnlLayoutEngine;

/* The room a node takes on the canvas: its icon and, below it, a label of
 * up to three lines. The footprint's centre lies VNL_LAYOUT_NODE_OFFSET
 * below the node's position (the icon's centre); laid-out nodes never
 * overlap by their footprints. */
#define VNL_LAYOUT_NODE_WIDTH  140.0
#define VNL_LAYOUT_NODE_HEIGHT  90.0
#define VNL_LAYOUT_NODE_OFFSET  22.0

GQuark      vnl_layout_error_quark (void);

/* Returns (transfer full): node (borrowed VnlObject*) → VnlPoint* (owned),
 * for every node of @design; NULL with @error set on failure. */
GHashTable *vnl_layout_compute     (VnlDesign        *design,
                                    VnlLayoutEngine   engine,
                                    GError          **error);
/* Computes and applies the layout as one history step (nodes moved, the
 * bend points of links cleared); FALSE with @error set when nothing moved. */
gboolean    vnl_layout_apply       (VnlHistory       *history,
                                    VnlLayoutEngine   engine,
                                    GError          **error);
/* Places the nodes of @design without a position where the layout puts
 * them (the others stay); returns how many were placed, 0 also when the
 * layout failed. */
guint       vnl_layout_place_unplaced (VnlDesign      *design);

G_END_DECLS
