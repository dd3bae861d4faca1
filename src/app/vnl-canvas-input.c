/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
#include "vnl-edit.h"

/* The canvas's input: which object a point hits, and one controller per
 * concern (see vnl-canvas.c). */

/* Input: click */

static gpointer
hit (VnlCanvas *self,
     double     sx,
     double     sy)
{
  double wx, wy;

  if (self->renderer == NULL)
    return NULL;
  vnl_viewport_to_world (self->viewport, sx, sy, &wx, &wy);
  return vnl_renderer_hit_test (self->renderer, wx, wy, 6.0 / vnl_viewport_get_zoom (self->viewport));
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action)
{
  g_menu_append (menu, label, action);
}

static void
show_context_menu (VnlCanvas *self,
                   double     sx,
                   double     sy)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section1 = g_menu_new ();
  g_autoptr(GMenu) section2 = g_menu_new ();
  VnlObject *object = hit (self, sx, sy);

  self->menu_object = object;
  vnl_viewport_to_world (self->viewport, sx, sy, &self->menu_wx, &self->menu_wy);

  if (object != NULL)
    {
      if (!vnl_viewport_is_selected (self->viewport, object))
        vnl_viewport_select (self->viewport, object, FALSE);
      if (object->up)
        append_item (section1, _("Take _Down"), "canvas.take-down");
      else
        append_item (section1, _("Bring _Up"), "canvas.bring-up");
      if (object->kind == VNL_KIND_VNET)
        append_item (section1, vnl_canvas_get_collapsed (self, object->name) ? _("E_xpand Group")
                                                                             : _("Co_llapse With Peered VNets"),
                     "canvas.collapse-group");
      if (vnl_object_is_node (object))
        {
          append_item (section1, _("_Connect From Here…"), "canvas.connect-from");
          append_item (section2, _("D_uplicate"), "canvas.duplicate");
          append_item (section2, _("_Copy"), "canvas.copy");
          append_item (section2, _("Cu_t"), "canvas.cut");
        }
      append_item (section2, _("_Delete"), "canvas.delete");
    }
  else
    {
      append_item (section1, _("Add _Virtual Network Here"), "canvas.add-here::vnet");
      append_item (section1, _("Add ExpressRoute _Circuit Here"), "canvas.add-here::circuit");
      append_item (section1, _("Add On-Premises _Site Here"), "canvas.add-here::site");
      append_item (section1, _("Add _Local Network Gateway Here"), "canvas.add-here::lng");
      append_item (section2, _("_Paste"), "canvas.paste");
      append_item (section2, _("Select _All"), "canvas.select-all");
      append_item (section2, _("Zoom to _Fit"), "canvas.zoom-fit");
      append_item (section2, _("Arrange _Automatically"), "canvas.auto-layout");
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section1));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section2));

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { sx, sy, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  VnlCanvas       *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gpointer object;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (button == GDK_BUTTON_SECONDARY)
    {
      show_context_menu (self, x, y);
      return;
    }
  if (button != GDK_BUTTON_PRIMARY)
    return;

  object = hit (self, x, y);
  if (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
    {
      if (object != NULL && !(state & GDK_CONTROL_MASK && self->connect_mode))
        vnl_viewport_toggle (self->viewport, object);
    }
  else if (object == NULL)
    vnl_viewport_clear_selection (self->viewport);
  else if (!vnl_viewport_is_selected (self->viewport, object))
    vnl_viewport_select (self->viewport, object, FALSE);
  if (n_press == 2 && object != NULL && !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)))
    _vnl_canvas_activate (self, object);
}

/* Input: drag */

/* A drag of @button with @state held, from screen point (x, y): returns
 * FALSE when the canvas does not take it. The gesture's handlers below
 * and the canvas benchmark, which replays input, come through here. */
gboolean
_vnl_canvas_drag_begin (VnlCanvas       *self,
                        double           x,
                        double           y,
                        guint            button,
                        GdkModifierType  state)
{
  VnlObject *object;

  self->drag_sx = x;
  self->drag_sy = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_from = NULL;
  vnl_viewport_get_offset (self->viewport, &self->pan_x0, &self->pan_y0);

  if (button == GDK_BUTTON_MIDDLE)
    {
      self->drag_mode = DRAG_PAN;
      return TRUE;
    }
  if (button != GDK_BUTTON_PRIMARY || self->renderer == NULL)
    {
      self->drag_mode = DRAG_NONE;
      return FALSE;
    }

  /* The minimap is above the scene: a press there moves the view. */
  if (_vnl_canvas_minimap_contains (self, x, y))
    {
      self->drag_mode = DRAG_MINIMAP;
      _vnl_canvas_minimap_move_to (self, x, y);
      return TRUE;
    }

  object = hit (self, x, y);
  if (object != NULL && vnl_object_is_node (object))
    {
      if (self->connect_mode || (state & GDK_CONTROL_MASK))
        {
          self->drag_mode = DRAG_CONNECT;
          self->drag_from = object;
          return TRUE;
        }
      self->drag_mode = DRAG_MOVE;
      if (!vnl_viewport_is_selected (self->viewport, object))
        vnl_viewport_select (self->viewport, object, (state & GDK_SHIFT_MASK) != 0);
      g_array_set_size (self->move_starts, 0);
      {
        GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
        for (guint i = 0; i < selection->len; i++)
          {
            VnlObject *o = selection->pdata[i];
            MoveStart ms = { o, o->pos, o->has_pos };
            if (vnl_object_is_node (o) && o->has_pos)
              g_array_append_val (self->move_starts, ms);
          }
      }
      _vnl_canvas_set_moving (self, TRUE);
      return TRUE;
    }
  if (object != NULL)
    {
      self->drag_mode = DRAG_NONE;
      return TRUE;
    }
  self->drag_mode = (state & GDK_SHIFT_MASK) ? DRAG_RUBBER : DRAG_PAN;
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               VnlCanvas      *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!_vnl_canvas_drag_begin (self, x, y, button, state))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

void
_vnl_canvas_drag_update (VnlCanvas *self,
                         double     dx,
                         double     dy)
{
  double zoom = vnl_viewport_get_zoom (self->viewport);

  self->drag_dx = dx;
  self->drag_dy = dy;
  self->pointer_x = self->drag_sx + dx;
  self->pointer_y = self->drag_sy + dy;

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      vnl_viewport_set_offset (self->viewport, self->pan_x0 + dx, self->pan_y0 + dy);
      break;
    case DRAG_MOVE:
      for (guint i = 0; i < self->move_starts->len; i++)
        {
          MoveStart *ms = &g_array_index (self->move_starts, MoveStart, i);
          vnl_design_move (self->design, ms->object,
                           _vnl_canvas_snap_value (self, ms->start.x + dx / zoom),
                           _vnl_canvas_snap_value (self, ms->start.y + dy / zoom));
        }
      break;
    case DRAG_CONNECT:
      self->hover = hit (self, self->pointer_x, self->pointer_y);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_RUBBER:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_MINIMAP:
      _vnl_canvas_minimap_move_to (self, self->pointer_x, self->pointer_y);
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

/* Input: associating by drop */

/* The endpoint whose box holds world point (wx, wy), or NULL. */
static gpointer
endpoint_at (VnlCanvas *self,
             double     wx,
             double     wy)
{
  GPtrArray *endpoints = vnl_design_get_objects (self->design, VNL_KIND_ENDPOINT);

  for (guint i = 0; i < endpoints->len; i++)
    {
      VnlRect box;
      if (vnl_renderer_get_object_bounds (self->renderer, endpoints->pdata[i], &box) &&
          vnl_rect_contains (&box, wx, wy))
        return endpoints->pdata[i];
    }
  return NULL;
}

/* What a network security group or a route table dropped at world point
 * (wx, wy) would be associated with: the endpoint there, else the VNet
 * whose frame holds it; NULL for other kinds or on the background. */
gpointer
_vnl_canvas_association_target (VnlCanvas *self,
                                VnlKind    kind,
                                double     wx,
                                double     wy)
{
  gpointer target;

  if ((kind != VNL_KIND_NSG && kind != VNL_KIND_ROUTE_TABLE) || self->renderer == NULL)
    return NULL;
  target = endpoint_at (self, wx, wy);
  if (target == NULL)
    target = vnl_renderer_container_at (self->renderer, wx, wy, VNL_KIND_VNET);
  return target;
}

/* Associates @object with @target (through the history, inside the step
 * being recorded) and says what it did or why not. */
void
_vnl_canvas_associate (VnlCanvas *self,
                       gpointer   object,
                       gpointer   target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = vnl_edit_associate (self->history, object, target, &error);
  g_autofree char *message = NULL;

  if (what == NULL)
    {
      _vnl_canvas_say (self, error->message);
      return;
    }
  message = g_strdup_printf (_("Associated %s with %s"), ((VnlObject *) object)->name, what);
  _vnl_canvas_say (self, message);
}

/* A group or table moved onto a VNet or an endpoint (under the pointer,
 * screen point @sx, @sy) it was not on. */
static gpointer
moved_onto (VnlCanvas *self,
            double     sx,
            double     sy)
{
  MoveStart *ms;
  gpointer target;
  double wx, wy;

  if (self->move_starts->len != 1)
    return NULL;
  ms = &g_array_index (self->move_starts, MoveStart, 0);
  vnl_viewport_to_world (self->viewport, sx, sy, &wx, &wy);
  target = _vnl_canvas_association_target (self, ms->object->kind, wx, wy);
  if (target == NULL || target == _vnl_canvas_association_target (self, ms->object->kind, ms->start.x, ms->start.y))
    return NULL;
  return target;
}

void
_vnl_canvas_drag_end (VnlCanvas *self,
                      double     dx,
                      double     dy)
{
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  switch (mode)
    {
    case DRAG_MOVE:
      {
        guint moved = 0;
        gpointer onto = moved_onto (self, self->drag_sx + dx, self->drag_sy + dy);
        g_autofree char *label = onto != NULL
          ? g_strdup_printf (_("Associate %s"), g_array_index (self->move_starts, MoveStart, 0).object->name) : NULL;

        vnl_history_begin_group (self->history, label != NULL ? label : self->move_starts->len == 1
                                 ? NULL : _("Move objects"));
        for (guint i = 0; i < self->move_starts->len; i++)
          {
            MoveStart *ms = &g_array_index (self->move_starts, MoveStart, i);
            if (ms->object->pos.x != ms->start.x || ms->object->pos.y != ms->start.y)
              {
                vnl_history_record_move (self->history, ms->object, ms->had_pos, ms->start.x, ms->start.y);
                moved++;
              }
          }
        if (onto != NULL)
          _vnl_canvas_associate (self, g_array_index (self->move_starts, MoveStart, 0).object, onto);
        vnl_history_end_group (self->history);
        _vnl_canvas_set_moving (self, FALSE);
        g_array_set_size (self->move_starts, 0);
      }
      break;
    case DRAG_CONNECT:
      {
        gpointer target = hit (self, self->drag_sx + dx, self->drag_sy + dy);
        if (target != NULL && target != self->drag_from)
          vnl_canvas_connect (self, self->drag_from, target);
        else if (fabs (dx) + fabs (dy) > 8)
          _vnl_canvas_say (self, _("Drop on another node to connect."));
        self->drag_from = NULL;
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_RUBBER:
      {
        double x1, y1, x2, y2;
        g_autoptr(GPtrArray) inside = NULL;
        VnlRect rect;

        vnl_viewport_to_world (self->viewport, self->drag_sx, self->drag_sy, &x1, &y1);
        vnl_viewport_to_world (self->viewport, self->drag_sx + dx, self->drag_sy + dy, &x2, &y2);
        rect = (VnlRect) { MIN (x1, x2), MIN (y1, y2), fabs (x2 - x1), fabs (y2 - y1) };
        inside = vnl_renderer_objects_in_rect (self->renderer, &rect);
        vnl_viewport_set_selection (self->viewport, inside);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_PAN:
    case DRAG_MINIMAP:
    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                VnlCanvas      *self)
{
  _vnl_canvas_drag_update (self, dx, dy);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             VnlCanvas      *self)
{
  _vnl_canvas_drag_end (self, dx, dy);
}

/* Input: motion, scroll, pinch */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VnlCanvas                *self)
{
  gpointer object;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode != DRAG_NONE)
    return;
  object = hit (self, x, y);
  if (object != self->hover)
    {
      self->hover = object;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       object == NULL ? NULL
                                       : self->connect_mode ? "crosshair" : "pointer");
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          VnlCanvas                *self)
{
  if (self->hover != NULL)
    {
      self->hover = NULL;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VnlCanvas                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  /* Shift-wheel pans sideways; the wheel zooms at the pointer. */
  if (state & GDK_SHIFT_MASK)
    {
      vnl_viewport_pan (self->viewport, -(dx + dy) * 40, 0);
      return TRUE;
    }
  /* A wheel notch is one step of the zoom ladder; a touchpad's smooth
   * deltas zoom continuously at the same rate. */
  if (dy != 0 && dy == round (dy))
    vnl_viewport_zoom_step (self->viewport, -(int) dy, self->pointer_x, self->pointer_y);
  else
    vnl_viewport_zoom_at (self->viewport, pow (VNL_VIEWPORT_ZOOM_STEP, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               VnlCanvas        *self)
{
  self->zoom_begin = vnl_viewport_get_zoom (self->viewport);
}

static void
on_zoom_changed (GtkGestureZoom *gesture,
                 double          scale,
                 VnlCanvas      *self)
{
  double cx, cy;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy);
  vnl_viewport_zoom_at (self->viewport,
                        self->zoom_begin * scale / vnl_viewport_get_zoom (self->viewport), cx, cy);
}

/* Input: drop from the palette */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VnlCanvas     *self)
{
  double wx, wy;

  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  vnl_viewport_to_world (self->viewport, x, y, &wx, &wy);
  return vnl_canvas_place (self, g_value_get_string (value), wx, wy) != NULL;
}


void
_vnl_canvas_init_input (VnlCanvas *self)
{
  GtkGesture *click, *drag, *zoom;
  GtkEventController *motion, *scroll;
  GtkDropTarget *drop;

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
