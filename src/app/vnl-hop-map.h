/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * VnlHopMap: a trace drawn on its own, as the monitoring tools draw it.
 *
 * NETWORK_WATCHER: Azure Network Watcher's connection-troubleshoot topology —
 * the source, then every hop as a box with its name, type, address and a
 * status icon, an arrow from each hop to the next.
 *
 * NPM: Network Performance Monitor's hop-by-hop map — the source on the
 * left, the destination on the right, each segment labelled with the
 * latency it adds; every path (ECMP alternatives included) on its own row;
 * a path whose round trip is over the threshold is drawn red; intermediate
 * hops beyond the visible count collapse into one "⋯ n hops" node.
 */

typedef enum
{
  VNL_HOP_MAP_NETWORK_WATCHER,
  VNL_HOP_MAP_NPM,
} VnlHopMapStyle;

#define VNL_TYPE_HOP_MAP (vnl_hop_map_get_type ())
G_DECLARE_FINAL_TYPE (VnlHopMap, vnl_hop_map, VNL, HOP_MAP, GtkWidget)

GtkWidget   *vnl_hop_map_new           (VnlHopMapStyle style);
/* @traces: the path then its alternatives (borrowed, copied container). */
void         vnl_hop_map_set_traces    (VnlHopMap   *self,
                                        GPtrArray   *traces);
/* The design the traces are of (nullable): Network Watcher's topology
 * shows the virtual hubs a path crosses, which are not traceroute hops. */
void         vnl_hop_map_set_design    (VnlHopMap   *self,
                                        VnlDesign   *design);
/* The names drawn for the first trace, in order (source, hops, hubs,
 * drop); for tests. (transfer full) */
GStrv        vnl_hop_map_get_names     (VnlHopMap   *self);
void         vnl_hop_map_set_threshold (VnlHopMap   *self,
                                        double       ms);
/* Intermediate hops shown (the rest collapse); G_MAXUINT shows all. */
void         vnl_hop_map_set_visible_hops (VnlHopMap *self,
                                           guint      n);

G_END_DECLS
