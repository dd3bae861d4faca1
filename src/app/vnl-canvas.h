/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-design.h"
#include "vnl-history.h"
#include "vnl-renderer.h"
#include "vnl-viewport.h"

G_BEGIN_DECLS

#define VNL_TYPE_CANVAS (vnl_canvas_get_type ())
G_DECLARE_FINAL_TYPE (VnlCanvas, vnl_canvas, VNL, CANVAS, GtkWidget)

GtkWidget   *vnl_canvas_new            (void);
void         vnl_canvas_set_document   (VnlCanvas   *self,
                                        VnlDesign   *design,
                                        VnlHistory  *history);
VnlViewport *vnl_canvas_get_viewport   (VnlCanvas   *self);
VnlRenderer *vnl_canvas_get_renderer   (VnlCanvas   *self);
void         vnl_canvas_zoom_to_fit    (VnlCanvas   *self);
/* Fits the selected objects (the whole design when nothing is selected). */
void         vnl_canvas_zoom_to_selection (VnlCanvas *self);
/* Finds an object by name (exact, then the first whose name starts with,
 * then contains @text, ignoring case) or by address (an endpoint with
 * that address, else the node whose prefixes hold it); selects it and
 * centres the view on it. Returns it (borrowed), or NULL. */
gpointer     vnl_canvas_find           (VnlCanvas   *self,
                                        const char  *text);
/* Places a palette item at a world point, as a drop would. */
gpointer     vnl_canvas_place          (VnlCanvas   *self,
                                        const char  *place_id,
                                        double       wx,
                                        double       wy);
/* Places a palette item in @container (nullable) at a world point. */
gpointer     vnl_canvas_place_into     (VnlCanvas   *self,
                                        const char  *place_id,
                                        double       wx,
                                        double       wy,
                                        gpointer     container);
/* Connects two nodes, as a drag between them would. */
gpointer     vnl_canvas_connect        (VnlCanvas   *self,
                                        gpointer     a,
                                        gpointer     b);
void         vnl_canvas_set_highlight  (VnlCanvas   *self,
                                        GPtrArray   *objects);
/* Objects drawn with a problem badge (borrowed during the call; copied). */
void         vnl_canvas_set_problems   (VnlCanvas   *self,
                                        GPtrArray   *objects);
/* An extra overlay drawn over the scene in world coordinates (cairo
 * transformed), under the selection; NULL removes it. */
typedef void (*VnlCanvasOverlayFunc) (VnlCanvas *canvas,
                                      cairo_t   *cr,
                                      double     zoom,
                                      gpointer   user_data);
void         vnl_canvas_set_overlay_func (VnlCanvas            *self,
                                          VnlCanvasOverlayFunc  func,
                                          gpointer              user_data,
                                          GDestroyNotify        destroy);
/* Collapsing a hub VNet draws it as one group node for itself, the spokes
 * peered with it and what they hold; view state, not an edit. */
void         vnl_canvas_set_collapsed  (VnlCanvas   *self,
                                        const char  *hub,
                                        gboolean     collapsed);
gboolean     vnl_canvas_get_collapsed  (VnlCanvas   *self,
                                        const char  *hub);
/* How many nodes the collapsed group of @hub stands for. */
guint        vnl_canvas_get_group_size (VnlCanvas   *self,
                                        const char  *hub);
/* Milliseconds spent building the static scene last time (benchmarks). */
double       vnl_canvas_get_last_scene_ms (VnlCanvas *self);
void         vnl_canvas_invalidate_scene  (VnlCanvas *self);
GtkAdjustment *vnl_canvas_get_adjustment (VnlCanvas      *self,
                                          GtkOrientation  orientation);

G_END_DECLS
