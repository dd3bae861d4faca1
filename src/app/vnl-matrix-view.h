/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-analysis.h"

G_BEGIN_DECLS

/*
 * VnlMatrixView: the reachability matrix of every endpoint, row = source.
 * Green: a ping gets its reply; amber: packets arrive but replies do not
 * come back; red: nothing arrives. Hovering a cell that is not green says
 * why in words; clicking a cell emits ::pair-activated (to show its path).
 */

#define VNL_TYPE_MATRIX_VIEW (vnl_matrix_view_get_type ())
G_DECLARE_FINAL_TYPE (VnlMatrixView, vnl_matrix_view, VNL, MATRIX_VIEW, GtkWidget)

GtkWidget   *vnl_matrix_view_new          (VnlAnalysis   *analysis);
/* The cell under a widget point: FALSE outside the cells. */
gboolean     vnl_matrix_view_cell_at      (VnlMatrixView *self,
                                           double         x,
                                           double         y,
                                           guint         *row,
                                           guint         *column);
/* The centre of a cell, in widget coordinates. */
void         vnl_matrix_view_cell_center  (VnlMatrixView *self,
                                           guint          row,
                                           guint          column,
                                           double        *x,
                                           double        *y);
/* The tooltip text of a cell (newly allocated). */
char        *vnl_matrix_view_describe     (VnlMatrixView *self,
                                           guint          row,
                                           guint          column);

G_END_DECLS
