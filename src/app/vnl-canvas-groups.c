/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"


#include "vnl-canvas-private.h"
#include "vnl-kinds.h"

/*
 * Collapsed groups: a hub VNet drawn as one group node for itself, the
 * spokes peered with it and every node inside them (gateways, endpoints).
 * It is view state, like the zoom: the canvas keeps the names of the
 * collapsed hubs; the design is never changed and collapsing is no edit.
 * The folded map (node name → hub name) is derived from the design again
 * whenever the scene is rebuilt, so that a new peering or VM joins its
 * group; the renderer (vnl_renderer_set_folded()) leaves folded nodes out
 * and attaches their links to the hub.
 */

/* Every node whose owner (VNet or site) is @container, folded into @group. */
static void
fold_members (VnlDesign  *design,
              GHashTable *folded,
              const char *container,
              const char *group)
{
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);

  for (guint k = 0; k < n_node_kinds; k++)
    {
      const VnlField *owner = vnl_kind_get_owner_field (node_kinds[k]);
      GPtrArray *objects = vnl_design_get_objects (design, node_kinds[k]);

      for (guint i = 0; owner != NULL && i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];

          if (g_strcmp0 (G_STRUCT_MEMBER (const char *, object, owner->offset), container) == 0 &&
              !g_hash_table_contains (folded, object->name))
            g_hash_table_insert (folded, g_strdup (object->name), g_strdup (group));
        }
    }
}

/* name → group (copies: a removed object must not leave a dangling key),
 * NULL when nothing is collapsed. */
static GHashTable *
compute_folded (VnlCanvas *self)
{
  GHashTable *folded;
  GHashTableIter iter;
  gpointer key;
  GPtrArray *peerings;

  if (self->design == NULL || self->collapsed == NULL || g_hash_table_size (self->collapsed) == 0)
    return NULL;
  folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  peerings = vnl_design_get_objects (self->design, VNL_KIND_PEERING);
  g_hash_table_iter_init (&iter, self->collapsed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      VnlObject *hub = vnl_design_lookup_kind (self->design, key, VNL_KIND_VNET);

      /* A collapsed hub folded into another collapsed group stays there. */
      if (hub == NULL || g_hash_table_contains (folded, hub->name))
        continue;
      fold_members (self->design, folded, hub->name, hub->name);
      for (guint i = 0; i < peerings->len; i++)
        {
          VnlPeering *peering = peerings->pdata[i];
          const char *spoke = g_strcmp0 (peering->vnet_a, hub->name) == 0 ? peering->vnet_b
                              : g_strcmp0 (peering->vnet_b, hub->name) == 0 ? peering->vnet_a : NULL;
          VnlObject *object = spoke != NULL ? vnl_design_lookup_kind (self->design, spoke, VNL_KIND_VNET) : NULL;

          if (object == NULL || object == hub || g_hash_table_contains (folded, object->name) ||
              g_hash_table_contains (self->collapsed, object->name))
            continue;
          g_hash_table_insert (folded, g_strdup (object->name), g_strdup (hub->name));
          fold_members (self->design, folded, object->name, hub->name);
        }
    }
  return folded;
}

static gboolean
same_folding (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (b, key), value) != 0)
      return FALSE;
  return TRUE;
}

/* Derives the folding from the design again; tells the renderer only when
 * it changed (a drag must not rebuild the geometry every frame). */
void
_vnl_canvas_update_groups (VnlCanvas *self)
{
  g_autoptr(GHashTable) folded = compute_folded (self);

  if (self->renderer == NULL || same_folding (folded, self->folded))
    return;
  g_clear_pointer (&self->folded, g_hash_table_unref);
  self->folded = folded != NULL ? g_hash_table_ref (folded) : NULL;
  vnl_renderer_set_folded (self->renderer, self->folded);
}

guint
vnl_canvas_get_group_size (VnlCanvas  *self,
                           const char *hub)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (VNL_IS_CANVAS (self), 0);

  if (self->folded == NULL || hub == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->folded);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (value, hub))
      n++;
  return n;
}

gboolean
vnl_canvas_get_collapsed (VnlCanvas  *self,
                          const char *hub)
{
  g_return_val_if_fail (VNL_IS_CANVAS (self), FALSE);

  return self->collapsed != NULL && hub != NULL && g_hash_table_contains (self->collapsed, hub);
}

void
vnl_canvas_set_collapsed (VnlCanvas  *self,
                          const char *hub,
                          gboolean    collapsed)
{
  g_return_if_fail (VNL_IS_CANVAS (self));
  g_return_if_fail (hub != NULL);

  if (collapsed == vnl_canvas_get_collapsed (self, hub))
    return;
  if (self->collapsed == NULL)
    self->collapsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (collapsed)
    g_hash_table_add (self->collapsed, g_strdup (hub));
  else
    g_hash_table_remove (self->collapsed, hub);
  /* What is folded is neither selected nor hovered any more. */
  vnl_viewport_clear_selection (self->viewport);
  self->hover = NULL;
  vnl_canvas_invalidate_scene (self);
}

/* The group's badge: "+N" at the top-right of the hub's icon. */
void
_vnl_canvas_draw_group_badges (VnlCanvas *self,
                               cairo_t   *cr,
                               double     zoom)
{
  const VnlRenderStyle *style;
  GHashTableIter iter;
  gpointer key;

  if (self->collapsed == NULL || self->renderer == NULL)
    return;
  style = vnl_renderer_get_style (self->renderer);
  g_hash_table_iter_init (&iter, self->collapsed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      VnlObject *hub = vnl_design_lookup_kind (self->design, key, VNL_KIND_VNET);
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      double s = 1.0 / MIN (zoom, 1.0), w, h, x, y;
      PangoRectangle ink;

      if (hub == NULL || !hub->has_pos || (self->folded != NULL && g_hash_table_contains (self->folded, hub->name)))
        continue;
      text = g_strdup_printf ("+%u", vnl_canvas_get_group_size (self, hub->name));
      layout = pango_cairo_create_layout (cr);
      {
        PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 9");
        pango_font_description_set_absolute_size (font, 11 * s * PANGO_SCALE);
        pango_layout_set_font_description (layout, font);
        pango_font_description_free (font);
      }
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_extents (layout, NULL, &ink);
      w = ink.width + 10 * s;
      h = ink.height + 6 * s;
      x = hub->pos.x + VNL_RENDER_ICON_SIZE / 2 - w / 2;
      y = hub->pos.y - VNL_RENDER_ICON_SIZE / 2 - h / 2;

      /* A second and third card behind the icon: a stack. */
      for (int c = 2; c >= 1; c--)
        {
          cairo_rectangle (cr, hub->pos.x - VNL_RENDER_ICON_SIZE / 2 + 4 * c * s,
                           hub->pos.y - VNL_RENDER_ICON_SIZE / 2 - 4 * c * s,
                           VNL_RENDER_ICON_SIZE, VNL_RENDER_ICON_SIZE);
          cairo_set_source_rgba (cr, style->accent.r, style->accent.g, style->accent.b, 0.25);
          cairo_set_line_width (cr, 1.5 * s);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
      cairo_arc (cr, x + h / 2, y + h / 2, h / 2, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, x + w - h / 2, y + h / 2, h / 2, -G_PI / 2, G_PI / 2);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, style->accent.r, style->accent.g, style->accent.b, 1);
      cairo_fill (cr);
      cairo_move_to (cr, x + (w - ink.width) / 2 - ink.x, y + (h - ink.height) / 2 - ink.y);
      cairo_set_source_rgb (cr, 1, 1, 1);
      pango_cairo_show_layout (cr, layout);
    }
}
