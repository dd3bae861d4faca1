/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * The security rules of one network security group, as Azure's
 * "Inbound/Outbound security rules" blades show them: a page per
 * direction, a table sorted by priority (Priority, Name, Port(s),
 * Protocol, Source, Source port(s), Destination, Action) with the default
 * rules greyed after the group's own, and Add, Remove, Move Up and Move
 * Down. Fields are checked as typed; the rules are stored (one history
 * step, the "security-rules" list of the group) only when every rule
 * shown is valid. Moving a rule swaps its priority with its neighbour's.
 */

#define VNL_TYPE_NSG_EDITOR (vnl_nsg_editor_get_type ())
G_DECLARE_FINAL_TYPE (VnlNsgEditor, vnl_nsg_editor, VNL, NSG_EDITOR, GtkWindow)

/* Shows the editor of @nsg (a VnlNsg of @history's design, borrowed),
 * the one already open for it if any. It closes when @nsg is removed. */
VnlNsgEditor *vnl_nsg_editor_present   (GtkWindow       *parent,
                                        VnlHistory      *history,
                                        gpointer         nsg);

/* Closes the editors of @history's groups (its window takes another
 * document). */
void          vnl_nsg_editor_close_all (VnlHistory     *history);

/* For tests: the direction shown (VNL_NSG_INBOUND or VNL_NSG_OUTBOUND). */
void          vnl_nsg_editor_set_direction (VnlNsgEditor *self,
                                            guint         direction);
/* The row widgets of the direction shown, own rules first by priority,
 * then the default rules (borrowed, transfer container). */
GPtrArray    *vnl_nsg_editor_get_rows  (VnlNsgEditor    *self);
/* The entry of @column ("priority", "name", "ports", "source",
 * "source-ports", "destination") or the drop-down ("protocol", "access")
 * of @row, one of vnl_nsg_editor_get_rows(). */
GtkWidget    *vnl_nsg_editor_get_field (GtkWidget       *row,
                                        const char      *column);
/* The reason shown beside @row, NULL when it is valid. */
const char   *vnl_nsg_editor_get_reason (GtkWidget      *row);

G_END_DECLS
