/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-viewport"

#include "config.h"

#include "vnl-viewport.h"

#include <math.h>

struct _VnlViewport
{
  GObject    parent_instance;

  double     zoom;
  double     offset_x;
  double     offset_y;
  GPtrArray *selection;   /* owned array, borrowed objects */
};

G_DEFINE_FINAL_TYPE (VnlViewport, vnl_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

enum {
  CHANGED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
vnl_viewport_finalize (GObject *object)
{
  VnlViewport *self = (VnlViewport *) object;

  g_clear_pointer (&self->selection, g_ptr_array_unref);
  G_OBJECT_CLASS (vnl_viewport_parent_class)->finalize (object);
}

static void
vnl_viewport_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VnlViewport *self = VNL_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_viewport_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VnlViewport *self = VNL_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      vnl_viewport_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_viewport_class_init (VnlViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnl_viewport_finalize;
  object_class->get_property = vnl_viewport_get_property;
  object_class->set_property = vnl_viewport_set_property;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         VNL_VIEWPORT_MIN_ZOOM, VNL_VIEWPORT_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Zoom or offset changed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vnl_viewport_init (VnlViewport *self)
{
  self->zoom = 1.0;
  self->selection = g_ptr_array_new ();
}

VnlViewport *
vnl_viewport_new (void)
{
  return g_object_new (VNL_TYPE_VIEWPORT, NULL);
}

double
vnl_viewport_get_zoom (VnlViewport *self)
{
  g_return_val_if_fail (VNL_IS_VIEWPORT (self), 1.0);
  return self->zoom;
}

void
vnl_viewport_set_zoom (VnlViewport *self,
                       double       zoom)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  zoom = CLAMP (zoom, VNL_VIEWPORT_MIN_ZOOM, VNL_VIEWPORT_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vnl_viewport_get_offset (VnlViewport *self,
                         double      *x,
                         double      *y)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));
  if (x != NULL)
    *x = self->offset_x;
  if (y != NULL)
    *y = self->offset_y;
}

void
vnl_viewport_set_offset (VnlViewport *self,
                         double       x,
                         double       y)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (x == self->offset_x && y == self->offset_y)
    return;
  self->offset_x = x;
  self->offset_y = y;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vnl_viewport_pan (VnlViewport *self,
                  double       dx,
                  double       dy)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));
  vnl_viewport_set_offset (self, self->offset_x + dx, self->offset_y + dy);
}

void
vnl_viewport_zoom_at (VnlViewport *self,
                      double       factor,
                      double       sx,
                      double       sy)
{
  double wx, wy, zoom;

  g_return_if_fail (VNL_IS_VIEWPORT (self));

  vnl_viewport_to_world (self, sx, sy, &wx, &wy);
  zoom = CLAMP (self->zoom * factor, VNL_VIEWPORT_MIN_ZOOM, VNL_VIEWPORT_MAX_ZOOM);
  /* Move the offset first so a single "changed" sees a consistent state. */
  self->offset_x = sx - wx * zoom;
  self->offset_y = sy - wy * zoom;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vnl_viewport_zoom_step (VnlViewport *self,
                        int          steps,
                        double       sx,
                        double       sy)
{
  double level, target;

  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (steps == 0)
    return;
  /* The level of the current zoom, snapped to the ladder when it is on it
   * (within rounding), else the level just past it in the step's way. */
  level = log (self->zoom) / log (VNL_VIEWPORT_ZOOM_STEP);
  if (fabs (level - round (level)) < 1e-6)
    level = round (level);
  level = steps > 0 ? floor (level) + steps : ceil (level) + steps;
  target = pow (VNL_VIEWPORT_ZOOM_STEP, level);
  vnl_viewport_zoom_at (self, target / self->zoom, sx, sy);
}

void
vnl_viewport_center_on (VnlViewport *self,
                        double       wx,
                        double       wy,
                        double       view_width,
                        double       view_height)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));
  vnl_viewport_set_offset (self, view_width / 2 - wx * self->zoom, view_height / 2 - wy * self->zoom);
}

void
vnl_viewport_fit (VnlViewport *self,
                  double       x,
                  double       y,
                  double       width,
                  double       height,
                  double       view_width,
                  double       view_height)
{
  const double margin = 32;
  double zoom;

  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (view_width <= 2 * margin || view_height <= 2 * margin)
    return;
  width = MAX (width, 1);
  height = MAX (height, 1);
  zoom = MIN ((view_width - 2 * margin) / width, (view_height - 2 * margin) / height);
  zoom = CLAMP (zoom, VNL_VIEWPORT_MIN_ZOOM, 1.5);
  self->offset_x = view_width / 2 - (x + width / 2) * zoom;
  self->offset_y = view_height / 2 - (y + height / 2) * zoom;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vnl_viewport_to_world (VnlViewport *self,
                       double       sx,
                       double       sy,
                       double      *wx,
                       double      *wy)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));
  *wx = (sx - self->offset_x) / self->zoom;
  *wy = (sy - self->offset_y) / self->zoom;
}

void
vnl_viewport_to_screen (VnlViewport *self,
                        double       wx,
                        double       wy,
                        double      *sx,
                        double      *sy)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));
  *sx = wx * self->zoom + self->offset_x;
  *sy = wy * self->zoom + self->offset_y;
}

GPtrArray *
vnl_viewport_get_selection (VnlViewport *self)
{
  g_return_val_if_fail (VNL_IS_VIEWPORT (self), NULL);
  return self->selection;
}

gboolean
vnl_viewport_is_selected (VnlViewport *self,
                          gpointer     object)
{
  g_return_val_if_fail (VNL_IS_VIEWPORT (self), FALSE);
  return g_ptr_array_find (self->selection, object, NULL);
}

void
vnl_viewport_select (VnlViewport *self,
                     gpointer     object,
                     gboolean     extend)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (!extend)
    {
      if (self->selection->len == 1 && self->selection->pdata[0] == object)
        return;
      g_ptr_array_set_size (self->selection, 0);
    }
  else if (vnl_viewport_is_selected (self, object))
    return;
  if (object != NULL)
    g_ptr_array_add (self->selection, object);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
vnl_viewport_toggle (VnlViewport *self,
                     gpointer     object)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (!g_ptr_array_remove (self->selection, object))
    g_ptr_array_add (self->selection, object);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
vnl_viewport_set_selection (VnlViewport *self,
                            GPtrArray   *objects)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  g_ptr_array_set_size (self->selection, 0);
  for (guint i = 0; objects != NULL && i < objects->len; i++)
    g_ptr_array_add (self->selection, objects->pdata[i]);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
vnl_viewport_unselect (VnlViewport *self,
                       gpointer     object)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (g_ptr_array_remove (self->selection, object))
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
vnl_viewport_clear_selection (VnlViewport *self)
{
  g_return_if_fail (VNL_IS_VIEWPORT (self));

  if (self->selection->len == 0)
    return;
  g_ptr_array_set_size (self->selection, 0);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gpointer
vnl_viewport_get_focus (VnlViewport *self)
{
  g_return_val_if_fail (VNL_IS_VIEWPORT (self), NULL);
  return self->selection->len == 1 ? self->selection->pdata[0] : NULL;
}
