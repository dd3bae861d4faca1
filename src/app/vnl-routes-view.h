/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-analysis.h"

G_BEGIN_DECLS

/*
 * VnlRoutesView: the route tables of one VNet, gateway, circuit (its MSEEs),
 * link, CE router or BGP local network gateway — the tables of
 * `vnetlab-cli routes` — with the reason each best route won. A search entry
 * filters the rows; the visible rows can be copied (tab-separated) or saved
 * as CSV.
 */

#define VNL_TYPE_ROUTES_VIEW (vnl_routes_view_get_type ())
G_DECLARE_FINAL_TYPE (VnlRoutesView, vnl_routes_view, VNL, ROUTES_VIEW, GtkBox)

GtkWidget   *vnl_routes_view_new        (VnlAnalysis   *analysis);
/* Shows the tables of @node (a routing node's name); FALSE if it has none. */
gboolean     vnl_routes_view_set_node   (VnlRoutesView *self,
                                         const char    *node);
const char  *vnl_routes_view_get_node   (VnlRoutesView *self);
guint        vnl_routes_view_get_n_rows (VnlRoutesView *self);
/* The visible rows as CSV, header first. */
char        *vnl_routes_view_to_csv     (VnlRoutesView *self);

G_END_DECLS
