/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-canvas.h"

G_BEGIN_DECLS

/* Internals shared by vnl-canvas.c (drawing, document), vnl-canvas-input.c
 * (controllers) and vnl-canvas-actions.c (commands). */

#define GRID 20.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_MOVE,
  DRAG_CONNECT,
  DRAG_RUBBER,
  DRAG_MINIMAP,
} DragMode;

typedef struct
{
  VnlObject *object;    /* borrowed */
  VnlPoint   start;
  gboolean   had_pos;
} MoveStart;

struct _VnlCanvas
{
  GtkWidget      parent_instance;

  VnlDesign     *design;      /* owned */
  VnlHistory    *history;     /* owned */
  VnlRenderer   *renderer;    /* owned */
  VnlViewport   *viewport;    /* owned */
  GSettings     *settings;    /* owned, nullable */

  GtkAdjustment *adjustment[2]; /* owned: horizontal and vertical scrollbars */
  gboolean       syncing;     /* adjustments being set from the viewport */

  GskRenderNode *scene;       /* owned: cached static scene */
  cairo_surface_t *scene_surface; /* owned: its pixels, repainted in part */
  GskRenderNode *legend;      /* owned: cached legend, at (0, 0) */
  VnlRect        legend_rect;
  GskRenderNode *minimap;     /* owned, nullable: cached minimap picture */
  VnlRect        minimap_world; /* world area it shows */
  GHashTable    *collapsed;   /* owned, nullable: names of collapsed hubs (view state) */
  GHashTable    *folded;      /* owned, nullable: node name → its group's (derived) */
  VnlRect        scene_rect;  /* world area it covers */
  double         scene_zoom;
  int            scene_scale;
  double         last_scene_ms;

  DragMode       drag_mode;
  double         drag_sx, drag_sy;     /* screen start */
  double         drag_dx, drag_dy;     /* offset so far */
  double         pan_x0, pan_y0;
  VnlObject     *drag_from;            /* borrowed */
  GArray        *move_starts;          /* owned, of MoveStart */
  double         pointer_x, pointer_y; /* screen */
  gpointer       hover;                /* borrowed */
  double         zoom_begin;

  int            alloc_width;         /* last allocation, to keep the centre */
  int            alloc_height;
  gboolean       fit_pending;         /* zoom to fit once allocated */
  gboolean       connect_mode;
  gboolean       show_grid;
  gboolean       snap;
  gboolean       show_legend;

  GtkWidget     *menu;                 /* owned popover */
  gpointer       menu_object;          /* borrowed */
  double         menu_wx, menu_wy;

  GPtrArray     *highlight;            /* owned array, nullable */

  GtkWidget     *find_popover;         /* owned, nullable: Ctrl+F */
  GtkWidget     *find_entry;           /* borrowed: the popover's child */

  VnlCanvasOverlayFunc overlay_func;   /* nullable: extra overlay (path analysis) */
  GPtrArray     *problems;             /* owned, nullable: objects with a problem badge */
  gpointer       overlay_data;
  GDestroyNotify overlay_destroy;
};

void     _vnl_canvas_say                (VnlCanvas      *self,
                                         const char     *message);
void     _vnl_canvas_activate           (VnlCanvas      *self,
                                         gpointer        object);
gpointer _vnl_canvas_association_target (VnlCanvas      *self,
                                         VnlKind         kind,
                                         double          wx,
                                         double          wy);
void     _vnl_canvas_associate          (VnlCanvas      *self,
                                         gpointer        object,
                                         gpointer        target);
double   _vnl_canvas_snap_value         (VnlCanvas      *self,
                                         double          v);
void     _vnl_canvas_update_actions     (VnlCanvas      *self);
void     _vnl_canvas_set_moving         (VnlCanvas      *self,
                                         gboolean        moving);
void     _vnl_canvas_init_input         (VnlCanvas      *self);
gboolean _vnl_canvas_drag_begin         (VnlCanvas      *self,
                                         double          x,
                                         double          y,
                                         guint           button,
                                         GdkModifierType state);
void     _vnl_canvas_drag_update        (VnlCanvas      *self,
                                         double          dx,
                                         double          dy);
void     _vnl_canvas_drag_end           (VnlCanvas      *self,
                                         double          dx,
                                         double          dy);
void     _vnl_canvas_class_actions_init (GtkWidgetClass *widget_class);

/* Collapsed groups (vnl-canvas-groups.c). */
void     _vnl_canvas_update_groups      (VnlCanvas      *self);
void     _vnl_canvas_draw_group_badges  (VnlCanvas      *self,
                                         cairo_t        *cr,
                                         double          zoom);

/* The minimap (vnl-canvas-minimap.c). */
gboolean _vnl_canvas_minimap_geometry   (VnlCanvas      *self,
                                         VnlRect        *screen,
                                         VnlRect        *world);
void     _vnl_canvas_minimap_snapshot   (VnlCanvas      *self,
                                         GtkSnapshot    *snapshot);
gboolean _vnl_canvas_minimap_contains   (VnlCanvas      *self,
                                         double          x,
                                         double          y);
void     _vnl_canvas_minimap_move_to    (VnlCanvas      *self,
                                         double          x,
                                         double          y);

G_END_DECLS
