/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * The routing of a virtual hub's connections as a grid, as the Azure
 * portal's hub route table blade shows it: one row per connection (VNet
 * connections, and the site-to-site and ExpressRoute connections of the
 * hub's gateways), an "Associated" radio per route table of the hub (one
 * table per connection), and "Propagates to" check buttons per route
 * table and per label. A propagation that holds only through a label is
 * shown inconsistent. Every click is one undoable edit of the
 * connection through the history; the grid owns nothing of the document
 * and is rebuilt from it after each change.
 */

#define VNL_TYPE_ROUTING_GRID (vnl_routing_grid_get_type ())
G_DECLARE_FINAL_TYPE (VnlRoutingGrid, vnl_routing_grid, VNL, ROUTING_GRID, GtkWidget)

/* @hub: a virtual hub of the history's design, borrowed; the grid must
 * not outlive it there. */
GtkWidget  *vnl_routing_grid_new        (VnlHistory  *history,
                                         gpointer     hub);

/* The connections to @hub (rows) and its route tables (columns), in the
 * grid's order, borrowed objects in a new array; the Default table first,
 * NULL when the hub has no object for it. For tests and the grid. */
GPtrArray  *vnl_routing_grid_rows       (VnlDesign   *design,
                                         gpointer     hub);
GPtrArray  *vnl_routing_grid_tables     (VnlDesign   *design,
                                         gpointer     hub);
/* The labels offered as columns: "default" and every label of a hub
 * route table of the design, sorted after it. (transfer full) */
GStrv       vnl_routing_grid_labels     (VnlDesign   *design);

/* The edits the grid's cells make, one history step each. @table NULL:
 * the hub's Default table without an object. */
gboolean    vnl_routing_grid_associate  (VnlHistory  *history,
                                         gpointer     connection,
                                         gpointer     table);
gboolean    vnl_routing_grid_propagate  (VnlHistory  *history,
                                         gpointer     connection,
                                         gpointer     table,
                                         gboolean     on);
gboolean    vnl_routing_grid_propagate_label (VnlHistory *history,
                                              gpointer    connection,
                                              const char *label,
                                              gboolean    on);

G_END_DECLS
