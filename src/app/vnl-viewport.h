/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * View state of a canvas, apart from the document and from any widget:
 * zoom, offset (screen = world × zoom + offset) and the selection (design
 * objects, borrowed: the owner clears it when objects leave the design).
 */

#define VNL_VIEWPORT_MIN_ZOOM 0.05
#define VNL_VIEWPORT_MAX_ZOOM 8.0

#define VNL_TYPE_VIEWPORT (vnl_viewport_get_type ())
G_DECLARE_FINAL_TYPE (VnlViewport, vnl_viewport, VNL, VIEWPORT, GObject)

VnlViewport *vnl_viewport_new             (void);
double       vnl_viewport_get_zoom        (VnlViewport  *self);
void         vnl_viewport_set_zoom        (VnlViewport  *self,
                                           double        zoom);
void         vnl_viewport_get_offset      (VnlViewport  *self,
                                           double       *x,
                                           double       *y);
void         vnl_viewport_set_offset      (VnlViewport  *self,
                                           double        x,
                                           double        y);
void         vnl_viewport_pan             (VnlViewport  *self,
                                           double        dx,
                                           double        dy);
/* Zooms by @factor keeping the world point under (sx, sy) in place. */
void         vnl_viewport_zoom_at         (VnlViewport  *self,
                                           double        factor,
                                           double        sx,
                                           double        sy);
/* Zooms @steps levels in (negative: out) on the geometric ladder of
 * powers of VNL_VIEWPORT_ZOOM_STEP, keeping (sx, sy) in place: from a zoom
 * between two levels, the first step goes to the next level. */
#define VNL_VIEWPORT_ZOOM_STEP 1.25
void         vnl_viewport_zoom_step       (VnlViewport  *self,
                                           int           steps,
                                           double        sx,
                                           double        sy);
/* Puts the world point (wx, wy) at the centre of a view of that size. */
void         vnl_viewport_center_on       (VnlViewport  *self,
                                           double        wx,
                                           double        wy,
                                           double        view_width,
                                           double        view_height);
/* Shows the world rectangle in a view of width × height with a margin. */
void         vnl_viewport_fit             (VnlViewport  *self,
                                           double        x,
                                           double        y,
                                           double        width,
                                           double        height,
                                           double        view_width,
                                           double        view_height);
void         vnl_viewport_to_world        (VnlViewport  *self,
                                           double        sx,
                                           double        sy,
                                           double       *wx,
                                           double       *wy);
void         vnl_viewport_to_screen       (VnlViewport  *self,
                                           double        wx,
                                           double        wy,
                                           double       *sx,
                                           double       *sy);

GPtrArray   *vnl_viewport_get_selection   (VnlViewport  *self);
gboolean     vnl_viewport_is_selected     (VnlViewport  *self,
                                           gpointer      object);
void         vnl_viewport_select          (VnlViewport  *self,
                                           gpointer      object,
                                           gboolean      extend);
void         vnl_viewport_toggle          (VnlViewport  *self,
                                           gpointer      object);
void         vnl_viewport_set_selection   (VnlViewport  *self,
                                           GPtrArray    *objects);
void         vnl_viewport_unselect        (VnlViewport  *self,
                                           gpointer      object);
void         vnl_viewport_clear_selection (VnlViewport  *self);
/* The only selected object, or NULL. */
gpointer     vnl_viewport_get_focus       (VnlViewport  *self);

G_END_DECLS
