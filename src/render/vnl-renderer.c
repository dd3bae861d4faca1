/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-renderer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <librsvg/rsvg.h>

#include "vnl-renderer.h"
#include "vnl-renderer-private.h"
#include "vnl-kinds.h"
#include "vnl-render-resources.h"

/*
 * Layout of a node: the icon (VNL_RENDER_ICON_SIZE square) is centred on
 * the object's position and its label (name in bold, then one or two lines
 * of details) hangs below it. A circuit also shows its MSEE pair as two
 * small pills left and right of its icon; its primary and secondary links
 * leave from them. VNets and sites are containers: a tinted frame encloses
 * them with their gateways, endpoints and CE routers.
 *
 * Geometry is cached in `nodes` (object → NodeGeom) and `frames`
 * (container → VnlRect) and rebuilt after any change of the design. The
 * text of the labels is laid out line by line, each (style, line) once in
 * `texts`, which outlives the rebuilds: after an edit only the labels
 * that changed meet pango again.
 */

#define LABEL_GAP       3.0
#define FRAME_PAD      10.0
#define PILL_W         34.0
#define PILL_H         15.0

/* The fonts of the scene, for pango and for the SVG writer alike: a
 * node's name (its details at DETAIL_SIZE of it), a link's label, a
 * circuit's MSEE pills. */
#define NAME_FONT       "Sans 9"
#define DETAIL_SIZE     0.86
#define LINK_LABEL_FONT "Sans Italic 7.5"
#define MSEE_FONT       "Sans Bold 6.5"


/* The styles of the scene's text: a node's name, its details, a link's
 * label. */
typedef enum
{
  TEXT_NAME,
  TEXT_DETAIL,
  TEXT_LINK,
  N_TEXT_STYLES
} TextStyle;

/* The item pango_itemize() makes of printable ASCII in a style, when one
 * font covers it; see ascii_item(). */
typedef struct
{
  gboolean   made;
  PangoItem *letters;       /* owned, nullable: text with a letter (Latin) */
  PangoItem *no_letters;    /* owned, nullable: text without (Common) */
  guint64    same_font[2];  /* bit c: ASCII c alone is itemized in that font */
} AsciiItem;

/* A text laid out in one style, once: the renderer keeps one per (style,
 * text) across geometry rebuilds, shared by every label that shows it
 * (a gateway's "AS 65515", a region), and every output draws it. */
typedef struct
{
  PangoLayout *layout;     /* owned, nullable: a text only a layout lays out
                            * (shape_line()) */
  GSList      *runs;       /* owned PangoGlyphItem*, left to right, without
                            * a layout */
  const char  *text;       /* borrowed: its key in the texts */
  TextStyle    style;
  int          width;      /* logical extents, Pango units */
  int          height;
  int          baseline;   /* of its first line, from the top */
  guint        generation; /* the last geometry that used it */
} TextLine;

typedef struct
{
  VnlRect      icon;
  VnlRect      label;
  VnlRect      box;       /* icon ∪ label ∪ pills */
  VnlObject   *container; /* borrowed, nullable: the VNet or site framing it */
  char        *text;      /* owned: the label's text, its name first */
  gsize        name_len;
  guint        generation; /* the last geometry that computed it */
  int          label_width; /* the widest line's, Pango units */
  guint        n_lines;
  TextLine    *lines[];   /* borrowed from the renderer's texts: the name's
                           * paragraphs, then the details' */
} NodeGeom;

struct _VnlRenderer
{
  GObject          parent_instance;

  VnlDesign       *design;       /* owned */
  VnlRenderStyle   style;
  PangoContext    *pango;        /* owned */
  PangoLayout     *text_styles[N_TEXT_STYLES]; /* owned, lazily: an empty layout
                                  * in each style, copied for each text */
  PangoAttrList   *text_attrs[N_TEXT_STYLES]; /* owned, lazily: the same style as
                                  * attributes, to itemize a line */
  GHashTable      *texts[N_TEXT_STYLES]; /* owned: text → TextLine*, per style */
  AsciiItem        ascii[N_TEXT_STYLES]; /* lazily: see ascii_item() */
  guint            generation;   /* of the geometry, counting rebuilds */
  guint            texts_used;   /* texts the geometry of `generation` used */
  PangoLayout     *msee;         /* owned, lazily: the "MSEE" of a circuit's pills,
                                  * laid out once for every circuit */
  GHashTable      *nodes;        /* object → NodeGeom*, owned */
  GHashTable      *frames;       /* container → VnlRect*, owned */
  GPtrArray       *frame_order;  /* owned container of the keys of `frames`, in the
                                    order they were made: the drawing order */
  GHashTable      *moving;       /* owned, nullable: set of dragged nodes */
  GHashTable      *moving_frames; /* owned, nullable: set of their frames */
  GHashTable      *folded;       /* owned, nullable: name of a collapsed node → name of
                                  * the group node it is drawn as (view state) */
  int              pass;         /* PASS_…: what vnl_renderer_draw() draws */
  gboolean         valid;

  GHashTable      *icons;        /* icon name → IconEntry*, owned, lazily */
  GPtrArray       *icon_marks;   /* owned, nullable: with icon markers on, the
                                    names of the icons marked, by index */
};

G_DEFINE_FINAL_TYPE (VnlRenderer, vnl_renderer, G_TYPE_OBJECT)

enum { PASS_ALL, PASS_STILL, PASS_MOVING };

/* An icon of the table of kinds, loaded on first use. */
typedef struct
{
  RsvgHandle      *handle;   /* owned, NULL when missing or invalid */
  cairo_surface_t *cache;    /* owned, rasterised at cache_px */
  int              cache_px;
  cairo_surface_t *vector;   /* owned, nullable: a recording at VECTOR_ICON_SIZE */
  gboolean         has_colour;
  VnlColor         colour;    /* its dominant colour, for the level of detail */
} IconEntry;

static void
icon_entry_free (IconEntry *entry)
{
  g_clear_object (&entry->handle);
  g_clear_pointer (&entry->cache, cairo_surface_destroy);
  /* Finished first: that detaches the snapshots a vector output took of
   * the recording (cairo keeps them otherwise). */
  if (entry->vector != NULL)
    cairo_surface_finish (entry->vector);
  g_clear_pointer (&entry->vector, cairo_surface_destroy);
  g_free (entry);
}

typedef struct
{
  VnlColor     light;
  VnlColor     dark;
  double       width;
  double       dash[4];
  int          n_dash;
  const char  *label;
} LinkStyleInfo;

static const LinkStyleInfo link_styles[VNL_N_LINK_STYLES] = {
  [VNL_LINK_STYLE_PEERING]       = { { 0.05, 0.58, 0.53, 1 }, { 0.25, 0.80, 0.73, 1 }, 3.0, { 0 }, 0, N_("VNet peering") },
  [VNL_LINK_STYLE_ER_CONNECTION] = { { 0.48, 0.25, 0.77, 1 }, { 0.70, 0.52, 0.95, 1 }, 3.0, { 0 }, 0, N_("ExpressRoute connection") },
  [VNL_LINK_STYLE_CIRCUIT_LINK]  = { { 0.29, 0.16, 0.55, 1 }, { 0.62, 0.50, 0.86, 1 }, 2.0, { 10, 3, 2, 3 }, 4, N_("Circuit link (MSEE–CE)") },
  [VNL_LINK_STYLE_S2S]           = { { 0.88, 0.48, 0.10, 1 }, { 0.98, 0.65, 0.30, 1 }, 2.2, { 7, 4 }, 2, N_("Site-to-site VPN") },
  [VNL_LINK_STYLE_V2V]           = { { 0.10, 0.45, 0.85, 1 }, { 0.40, 0.65, 1.00, 1 }, 2.2, { 7, 4 }, 2, N_("VNet-to-VNet VPN") },
  [VNL_LINK_STYLE_GLOBAL_REACH]  = { { 0.48, 0.25, 0.77, 1 }, { 0.70, 0.52, 0.95, 1 }, 3.5, { 0.1, 6 }, 2, N_("Global Reach") },
  [VNL_LINK_STYLE_RS_PEERING]    = { { 0.35, 0.38, 0.42, 1 }, { 0.68, 0.70, 0.73, 1 }, 1.6, { 3, 3 }, 2, N_("Route server BGP peering") },
  [VNL_LINK_STYLE_SDWAN]         = { { 0.80, 0.20, 0.45, 1 }, { 0.95, 0.45, 0.65, 1 }, 2.2, { 7, 4 }, 2, N_("SD-WAN tunnel") },
};

static void
node_geom_free (NodeGeom *geom)
{
  g_free (geom->text);
  g_free (geom);
}

static void
text_line_free (TextLine *line)
{
  g_clear_object (&line->layout);
  g_slist_free_full (line->runs, (GDestroyNotify) pango_glyph_item_free);
  g_free (line);
}

/* Rectangles */

gboolean
vnl_rect_intersects (const VnlRect *a,
                     const VnlRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
vnl_rect_contains (const VnlRect *rect,
                   double         x,
                   double         y)
{
  return x >= rect->x && x <= rect->x + rect->width &&
         y >= rect->y && y <= rect->y + rect->height;
}

void
vnl_rect_union (VnlRect       *dest,
                const VnlRect *src)
{
  double x1 = MIN (dest->x, src->x);
  double y1 = MIN (dest->y, src->y);
  double x2 = MAX (dest->x + dest->width, src->x + src->width);
  double y2 = MAX (dest->y + dest->height, src->y + src->height);

  dest->x = x1;
  dest->y = y1;
  dest->width = x2 - x1;
  dest->height = y2 - y1;
}

static void
rect_inflate (VnlRect *rect,
              double   d)
{
  rect->x -= d;
  rect->y -= d;
  rect->width += 2 * d;
  rect->height += 2 * d;
}

/* A set of rectangles that answers whether a rectangle overlaps one of
 * them by looking only at its own cells of a square grid: placing n
 * names or labels greedily costs n, not n². A cell holds a chain of the
 * rectangles over it; cells are hashed, so that two cells sharing a
 * chain only make more candidates, each tested exactly. */
typedef struct
{
  double      cell;
  GArray     *rects;      /* VnlRect, in the order added */
  GArray     *entries;    /* RectEntry */
  GHashTable *heads;      /* cell hash → its first entry + 1 */
} RectIndex;

typedef struct
{
  guint rect;
  guint next;             /* + 1, 0 ending the chain */
} RectEntry;

static void
rect_index_init (RectIndex *index,
                 double     cell)
{
  index->cell = cell;
  index->rects = g_array_new (FALSE, FALSE, sizeof (VnlRect));
  index->entries = g_array_new (FALSE, FALSE, sizeof (RectEntry));
  index->heads = g_hash_table_new (NULL, NULL);
}

static void
rect_index_clear (RectIndex *index)
{
  g_array_set_size (index->rects, 0);
  g_array_set_size (index->entries, 0);
  g_hash_table_remove_all (index->heads);
}

static void
rect_index_destroy (RectIndex *index)
{
  g_clear_pointer (&index->rects, g_array_unref);
  g_clear_pointer (&index->entries, g_array_unref);
  g_clear_pointer (&index->heads, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RectIndex, rect_index_destroy)

static inline guint
rect_index_cell (gint64 cx,
                 gint64 cy)
{
  return (guint) ((guint64) cx * 73856093u ^ (guint64) cy * 19349663u);
}

/* The cells @r covers: [*x0, *x1] × [*y0, *y1]. */
static void
rect_index_span (const RectIndex *index,
                 const VnlRect   *r,
                 gint64          *x0,
                 gint64          *x1,
                 gint64          *y0,
                 gint64          *y1)
{
  *x0 = (gint64) floor (r->x / index->cell);
  *x1 = (gint64) floor ((r->x + r->width) / index->cell);
  *y0 = (gint64) floor (r->y / index->cell);
  *y1 = (gint64) floor ((r->y + r->height) / index->cell);
}

static gboolean
rect_index_hits (const RectIndex *index,
                 const VnlRect   *r)
{
  gint64 x0, x1, y0, y1;

  rect_index_span (index, r, &x0, &x1, &y0, &y1);
  for (gint64 cy = y0; cy <= y1; cy++)
    for (gint64 cx = x0; cx <= x1; cx++)
      {
        guint e = GPOINTER_TO_UINT (g_hash_table_lookup (index->heads, GUINT_TO_POINTER (rect_index_cell (cx, cy))));

        while (e != 0)
          {
            const RectEntry *entry = &g_array_index (index->entries, RectEntry, e - 1);

            if (vnl_rect_intersects (r, &g_array_index (index->rects, VnlRect, entry->rect)))
              return TRUE;
            e = entry->next;
          }
      }
  return FALSE;
}

static void
rect_index_add (RectIndex     *index,
                const VnlRect *r)
{
  gint64 x0, x1, y0, y1;

  g_array_append_val (index->rects, *r);
  rect_index_span (index, r, &x0, &x1, &y0, &y1);
  for (gint64 cy = y0; cy <= y1; cy++)
    for (gint64 cx = x0; cx <= x1; cx++)
      {
        gpointer key = GUINT_TO_POINTER (rect_index_cell (cx, cy));
        RectEntry entry = { index->rects->len - 1, GPOINTER_TO_UINT (g_hash_table_lookup (index->heads, key)) };

        g_array_append_val (index->entries, entry);
        g_hash_table_insert (index->heads, key, GUINT_TO_POINTER (index->entries->len));
      }
}

/* Adds @plate to the layer of labels @layer holds. TRUE when @plate
 * overlaps one of them: the labels before it are then a layer to draw,
 * and @layer holds @plate alone, the first of the next. */
static gboolean
rect_index_layer_take (RectIndex     *layer,
                       const VnlRect *plate)
{
  gboolean full = rect_index_hits (layer, plate);

  if (full)
    rect_index_clear (layer);
  rect_index_add (layer, plate);
  return full;
}

/* Styles */

void
vnl_render_style_init (VnlRenderStyle *style,
                       gboolean        dark)
{
  g_return_if_fail (style != NULL);

  style->dark = dark;
  if (dark)
    {
      style->background = (VnlColor) { 0.14, 0.14, 0.15, 1 };
      style->foreground = (VnlColor) { 0.93, 0.93, 0.94, 1 };
      style->dim        = (VnlColor) { 0.68, 0.70, 0.73, 1 };
      style->halo       = (VnlColor) { 0.14, 0.14, 0.15, 1 };
      style->grid       = (VnlColor) { 1, 1, 1, 0.06 };
      style->accent     = (VnlColor) { 0.47, 0.68, 0.93, 1 };
      style->down       = (VnlColor) { 0.95, 0.35, 0.35, 1 };
    }
  else
    {
      style->background = (VnlColor) { 0.99, 0.99, 0.99, 1 };
      style->foreground = (VnlColor) { 0.13, 0.14, 0.16, 1 };
      style->dim        = (VnlColor) { 0.38, 0.40, 0.44, 1 };
      style->halo       = (VnlColor) { 0.99, 0.99, 0.99, 1 };
      style->grid       = (VnlColor) { 0, 0, 0, 0.06 };
      style->accent     = (VnlColor) { 0.21, 0.52, 0.89, 1 };
      style->down       = (VnlColor) { 0.85, 0.11, 0.14, 1 };
    }
}

static void
set_color (cairo_t        *cr,
           const VnlColor *color,
           double          alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a * alpha);
}

VnlLinkStyle
vnl_link_style_for_kind (VnlKind kind)
{
  switch (kind)
    {
    case VNL_KIND_PEERING:        return VNL_LINK_STYLE_PEERING;
    case VNL_KIND_ER_CONNECTION:  return VNL_LINK_STYLE_ER_CONNECTION;
    case VNL_KIND_LINK:           return VNL_LINK_STYLE_CIRCUIT_LINK;
    case VNL_KIND_S2S_CONNECTION: return VNL_LINK_STYLE_S2S;
    case VNL_KIND_V2V_CONNECTION: return VNL_LINK_STYLE_V2V;
    case VNL_KIND_GLOBAL_REACH:   return VNL_LINK_STYLE_GLOBAL_REACH;
    case VNL_KIND_RS_PEERING:     return VNL_LINK_STYLE_RS_PEERING;
    case VNL_KIND_SDWAN_TUNNEL:   return VNL_LINK_STYLE_SDWAN;
    /* A hub virtual network connection is a peering to the hub's VNet. */
    case VNL_KIND_HUB_CONNECTION: return VNL_LINK_STYLE_PEERING;
    case VNL_KIND_VIRTUAL_WAN:
    case VNL_KIND_VIRTUAL_HUB:
    case VNL_KIND_HUB_ROUTE_TABLE:
    case VNL_KIND_LOCATION:
    case VNL_KIND_VNET:
    case VNL_KIND_ENDPOINT:
    case VNL_KIND_GATEWAY:
    case VNL_KIND_CIRCUIT:
    case VNL_KIND_SITE:
    case VNL_KIND_CE:
    case VNL_KIND_LNG:
    case VNL_KIND_ROUTE_TABLE:
    case VNL_KIND_APPLIANCE:
    case VNL_KIND_FIREWALL:
    case VNL_KIND_NSG:
    case VNL_KIND_ROUTE_SERVER:
    case VNL_N_KINDS:
    default:
      return VNL_N_LINK_STYLES;
    }
}

const char *
vnl_link_style_get_label (VnlLinkStyle style)
{
  g_return_val_if_fail (style < VNL_N_LINK_STYLES, NULL);
  return _(link_styles[style].label);
}

const char *
vnl_icon_for_object (gpointer object)
{
  return vnl_kind_get_icon (object);
}

/* Object life */

static void
on_design_changed (VnlRenderer *self)
{
  vnl_renderer_invalidate (self);
}

static gboolean move_node (VnlRenderer *self,
                           VnlObject   *object);

static void
on_object_changed (VnlRenderer *self,
                   VnlObject   *object)
{
  /* Moving a node keeps every other node's geometry; a bend needs none. */
  if (self->valid && vnl_design_change_is_layout (self->design) &&
      (!vnl_object_is_node (object) || move_node (self, object)))
    return;
  vnl_renderer_invalidate (self);
}

static void
vnl_renderer_dispose (GObject *object)
{
  VnlRenderer *self = (VnlRenderer *) object;

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_object (&self->design);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->frames, g_hash_table_unref);
  g_clear_pointer (&self->frame_order, g_ptr_array_unref);
  g_clear_pointer (&self->moving, g_hash_table_unref);
  g_clear_pointer (&self->moving_frames, g_hash_table_unref);
  g_clear_pointer (&self->folded, g_hash_table_unref);
  g_clear_object (&self->msee);
  for (guint i = 0; i < N_TEXT_STYLES; i++)
    {
      g_clear_object (&self->text_styles[i]);
      g_clear_pointer (&self->text_attrs[i], pango_attr_list_unref);
      g_clear_pointer (&self->ascii[i].letters, pango_item_free);
      g_clear_pointer (&self->ascii[i].no_letters, pango_item_free);
      g_clear_pointer (&self->texts[i], g_hash_table_unref);
    }
  g_clear_object (&self->pango);
  g_clear_pointer (&self->icons, g_hash_table_unref);
  g_clear_pointer (&self->icon_marks, g_ptr_array_unref);

  G_OBJECT_CLASS (vnl_renderer_parent_class)->dispose (object);
}

static void
vnl_renderer_class_init (VnlRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vnl_renderer_dispose;
}

static void
vnl_renderer_init (VnlRenderer *self)
{
  cairo_font_options_t *options;

  vnl_render_style_init (&self->style, FALSE);
  self->generation = 1;
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) node_geom_free);
  for (guint i = 0; i < N_TEXT_STYLES; i++)
    self->texts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) text_line_free);
  self->frames = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->frame_order = g_ptr_array_new ();
  self->icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) icon_entry_free);

  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->pango, 96.0);
  /* Unhinted metrics: labels keep their size relative to the icons at
   * every zoom level. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  /* Glyphs at their exact advances: rounded to whole pixels at 1:1, the
   * letters of a label drawn at a fractional zoom are unevenly spaced. */
  pango_context_set_round_glyph_positions (self->pango, FALSE);
}

VnlRenderer *
vnl_renderer_new (VnlDesign *design)
{
  VnlRenderer *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_RENDERER, NULL);
  self->design = g_object_ref (design);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (on_object_changed), self);

  return self;
}

VnlDesign *
vnl_renderer_get_design (VnlRenderer *self)
{
  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);
  return self->design;
}

void
vnl_renderer_set_style (VnlRenderer          *self,
                        const VnlRenderStyle *style)
{
  g_return_if_fail (VNL_IS_RENDERER (self));
  g_return_if_fail (style != NULL);

  if (memcmp (&self->style, style, sizeof *style) == 0)
    return;
  self->style = *style;
  vnl_renderer_invalidate (self);
}

const VnlRenderStyle *
vnl_renderer_get_style (VnlRenderer *self)
{
  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);
  return &self->style;
}

void
vnl_renderer_invalidate (VnlRenderer *self)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  if (!self->valid)
    return;
  /* The nodes stay, to be recomputed in place (the next geometry drops
   * those it does not reach). */
  g_hash_table_remove_all (self->frames);
  g_ptr_array_set_size (self->frame_order, 0);
  self->valid = FALSE;
}

/* Labels */

static char *
format_bandwidth (guint mbps)
{
  if (mbps >= 1000 && mbps % 1000 == 0)
    return g_strdup_printf (_("%u Gbps"), mbps / 1000);
  return g_strdup_printf (_("%u Mbps"), mbps);
}

/* @a then @b: what printf ("%s%s") appends, without parsing a format for
 * every line of every label. */
static void
append_pair (GString    *out,
             const char *a,
             const char *b)
{
  g_string_append (out, a);
  g_string_append (out, b);
}

/* The detail lines under a node's name, plain text, one per line. */
static char *
node_details (VnlObject *object)
{
  GString *out = g_string_new (NULL);
  char buf[20];

  switch (object->kind)
    {
    case VNL_KIND_VNET:
      {
        VnlVnet *vnet = (VnlVnet *) object;
        vnl_prefix_list_append (out, vnet->address_spaces, 2);
        if (vnet->location != NULL)
          append_pair (out, "\n", vnet->location);
      }
      break;

    case VNL_KIND_ENDPOINT:
      vnl_ip_format (((VnlEndpoint *) object)->address, buf);
      g_string_append (out, buf);
      break;

    case VNL_KIND_GATEWAY:
      {
        VnlGateway *gw = (VnlGateway *) object;
        g_string_append (out, gw->type == VNL_GATEWAY_EXPRESSROUTE ? _("ExpressRoute") : _("VPN"));
        if (gw->sku != NULL)
          append_pair (out, " · ", gw->sku);
        g_string_append_printf (out, "\n%s %u", _("AS"), gw->asn);
        if (gw->active_active)
          append_pair (out, " · ", _("active-active"));
      }
      break;

    case VNL_KIND_CIRCUIT:
      {
        VnlCircuit *circuit = (VnlCircuit *) object;
        g_autofree char *bw = format_bandwidth (circuit->bandwidth_mbps);
        if (circuit->provider != NULL)
          g_string_append_printf (out, "%s · ", circuit->provider);
        g_string_append (out, bw);
        if (circuit->sku == VNL_CIRCUIT_SKU_PREMIUM)
          append_pair (out, " · ", _("Premium"));
        g_string_append_printf (out, "\n%s %u ↔ %u", _("AS"), circuit->microsoft_asn, circuit->peer_asn);
      }
      break;

    case VNL_KIND_SITE:
      {
        VnlSite *site = (VnlSite *) object;
        vnl_prefix_list_append (out, site->prefixes, 2);
        if (site->location != NULL)
          append_pair (out, "\n", site->location);
      }
      break;

    case VNL_KIND_CE:
      {
        VnlCe *ce = (VnlCe *) object;
        g_string_append_printf (out, "%s %u", _("AS"), ce->asn);
        if (ce->lan_address != 0)
          {
            vnl_ip_format (ce->lan_address, buf);
            append_pair (out, "\n", buf);
          }
      }
      break;

    case VNL_KIND_LNG:
      {
        VnlLng *lng = (VnlLng *) object;
        vnl_ip_format (lng->public_address, buf);
        g_string_append (out, buf);
        if (lng->asn != 0)
          g_string_append_printf (out, "\n%s %u", _("AS"), lng->asn);
      }
      break;

    case VNL_KIND_APPLIANCE:
      {
        VnlAppliance *appliance = (VnlAppliance *) object;
        vnl_ip_format (appliance->address, buf);
        g_string_append (out, buf);
        if (appliance->address_2 != 0)
          {
            vnl_ip_format (appliance->address_2, buf);
            append_pair (out, ", ", buf);
          }
        if (appliance->frontend != 0)
          {
            vnl_ip_format (appliance->frontend, buf);
            g_string_append_printf (out, "\n%s %s", _("behind"), buf);
          }
        if (appliance->asn != 0)
          g_string_append_printf (out, "\n%s %u", _("AS"), appliance->asn);
      }
      break;

    case VNL_KIND_FIREWALL:
      vnl_ip_format (((VnlFirewall *) object)->address, buf);
      g_string_append (out, buf);
      if (((VnlFirewall *) object)->management)
        append_pair (out, "\n", _("forced tunnelling"));
      break;

    case VNL_KIND_ROUTE_TABLE:
      {
        VnlUdrTable *table = (VnlUdrTable *) object;
        g_string_append_printf (out, _("%u routes · %u subnets"), table->routes->len, table->subnets->len);
        if (!table->propagate_gateway_routes)
          append_pair (out, "\n", _("no gateway routes"));
      }
      break;

    case VNL_KIND_NSG:
      {
        VnlNsg *nsg = (VnlNsg *) object;
        g_string_append_printf (out, _("%u rules · %u subnets · %u NICs"),
                                nsg->rules->len, nsg->subnets->len, nsg->nics->len);
      }
      break;

    case VNL_KIND_ROUTE_SERVER:
      g_string_append_printf (out, "%s %u", _("AS"), VNL_AZURE_DEFAULT_ASN);
      if (((VnlRouteServer *) object)->branch_to_branch)
        append_pair (out, "\n", _("branch-to-branch"));
      break;

    case VNL_KIND_RS_PEERING:
    case VNL_KIND_SDWAN_TUNNEL:
      break;

    case VNL_KIND_VIRTUAL_HUB:
      {
        VnlVirtualHub *hub = (VnlVirtualHub *) object;
        vnl_prefix_format (&hub->address_prefix, buf);
        g_string_append (out, buf);
        if (hub->location != NULL)
          append_pair (out, "\n", hub->location);
      }
      break;

    case VNL_KIND_VIRTUAL_WAN:
    case VNL_KIND_HUB_CONNECTION:
    case VNL_KIND_HUB_ROUTE_TABLE:
    case VNL_KIND_LOCATION:
    case VNL_KIND_LINK:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_N_KINDS:
    default:
      break;
    }

  return g_string_free (out, FALSE);
}

/* Labels are drawn in the colours of the style rounded to 8 bits a
 * channel, widened as pango widens the hex digits of markup's
 * foreground="#rrggbb" (as the labels were once written), so that every
 * output keeps its colours. */
static void
set_text_color (cairo_t        *cr,
                const VnlColor *color)
{
  cairo_set_source_rgb (cr,
                        (int) (color->r * 255 + 0.5) * 257 / 65535.0,
                        (int) (color->g * 255 + 0.5) * 257 / 65535.0,
                        (int) (color->b * 255 + 0.5) * 257 / 65535.0);
}

/* The empty layout of @style, made once: a name in bold, details at
 * DETAIL_SIZE of it (attributes set directly, the same attributes
 * pango's markup parser made of the labels once written as markup), a
 * link's label in its font. */
static PangoLayout *
text_style (VnlRenderer *self,
            TextStyle    style)
{
  if (self->text_styles[style] == NULL)
    {
      PangoLayout *layout = pango_layout_new (self->pango);
      PangoFontDescription *font = pango_font_description_from_string (style == TEXT_LINK ? LINK_LABEL_FONT
                                                                                          : NAME_FONT);
      PangoAttrList *attrs = pango_attr_list_new ();

      if (style == TEXT_NAME)
        pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      else if (style == TEXT_DETAIL)
        pango_attr_list_insert (attrs, pango_attr_scale_new (DETAIL_SIZE));
      pango_layout_set_font_description (layout, font);
      pango_layout_set_attributes (layout, attrs);
      pango_font_description_free (font);
      pango_attr_list_unref (attrs);
      self->text_styles[style] = layout;
    }
  return self->text_styles[style];
}

/* The attributes of @style for pango_itemize(): the layout's font first,
 * then its attributes over it, as a layout itemizes its text. */
static PangoAttrList *
text_attrs (VnlRenderer *self,
            TextStyle    style)
{
  if (self->text_attrs[style] == NULL)
    {
      PangoLayout *layout = text_style (self, style);
      PangoAttrList *attrs = pango_attr_list_copy (pango_layout_get_attributes (layout));

      if (attrs == NULL)
        attrs = pango_attr_list_new ();
      pango_attr_list_insert_before (attrs, pango_attr_font_desc_new (pango_layout_get_font_description (layout)));
      self->text_attrs[style] = attrs;
    }
  return self->text_attrs[style];
}

/* The one item of @text in @style, or NULL when it is not one. */
static PangoItem *
itemize_one (VnlRenderer *self,
             TextStyle    style,
             const char  *text)
{
  GList *items = pango_itemize (self->pango, text, 0, (int) strlen (text), text_attrs (self, style), NULL);
  PangoItem *item = NULL;

  if (items != NULL && items->next == NULL)
    item = g_steal_pointer (&items->data);
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  return item;
}

/* Nearly every label is printable ASCII, which pango_itemize() makes one
 * item of when every character comes from one font: the itemizer takes
 * each character's font from the style's fontset (the first that has
 * it) and its script from the text (Latin where a letter is, which the
 * digits and signs around it take; Common when there is no letter). So
 * the item of any such text in @style is the item of "A" (or of "0"),
 * made once here, provided each of its characters alone is itemized in
 * that same font, which is checked here for all 95 once. NULL when the
 * text has a character outside that set: the itemizer decides. */
static const PangoItem *
ascii_item (VnlRenderer *self,
            TextStyle    style,
            const char  *text,
            gsize        len)
{
  AsciiItem *ascii = &self->ascii[style];
  gboolean letter = FALSE;

  if (!ascii->made)
    {
      ascii->made = TRUE;
      ascii->letters = itemize_one (self, style, "A");
      ascii->no_letters = itemize_one (self, style, "0");
      /* Unless both are one item in one font, no character is marked,
       * and every text goes to the itemizer. */
      for (char c = ' ';
           c <= '~' && ascii->letters != NULL && ascii->no_letters != NULL &&
           ascii->letters->analysis.font == ascii->no_letters->analysis.font;
           c++)
        {
          char one[2] = { c, '\0' };
          PangoItem *item = itemize_one (self, style, one);
          const PangoItem *same = g_ascii_isalpha (c) ? ascii->letters : ascii->no_letters;

          if (item != NULL && item->analysis.font == same->analysis.font &&
              item->analysis.script == same->analysis.script && item->analysis.level == 0)
            ascii->same_font[c / 64] |= G_GUINT64_CONSTANT (1) << (c % 64);
          g_clear_pointer (&item, pango_item_free);
        }
    }
  if (len == 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 128 || (ascii->same_font[c / 64] & (G_GUINT64_CONSTANT (1) << (c % 64))) == 0)
        return NULL;
      letter |= g_ascii_isalpha (c);
    }
  return letter ? ascii->letters : ascii->no_letters;
}

/* @line's text laid out as a layout lays out one line of one paragraph,
 * without the rest of a layout (line breaking, its bookkeeping, half of
 * the cost): itemized in its style, each item shaped, the line's logical
 * extents the union of its runs' from the baseline. FALSE, and nothing
 * done, for what only a layout lays out: an empty line (as high as its
 * font), a tab, several paragraphs, text right to left (runs reordered). */
static gboolean
shape_line (VnlRenderer *self,
            TextLine    *line,
            gsize        len)
{
  PangoShapeFlags flags = pango_context_get_round_glyph_positions (self->pango) ? PANGO_SHAPE_ROUND_POSITIONS
                                                                                 : PANGO_SHAPE_NONE;
  int delimiter, next, top = 0, bottom = 0, width = 0;
  const PangoItem *ascii;
  GList *items;

  if (len == 0 || memchr (line->text, '\t', len) != NULL)
    return FALSE;
  pango_find_paragraph_boundary (line->text, len, &delimiter, &next);
  if ((gsize) delimiter != len)
    return FALSE;
  if ((ascii = ascii_item (self, line->style, line->text, len)) != NULL)
    {
      PangoItem *item = pango_item_copy ((PangoItem *) ascii);

      item->offset = 0;
      item->length = (int) len;
      item->num_chars = (int) len;
      items = g_list_prepend (NULL, item);
    }
  else
    items = pango_itemize (self->pango, line->text, 0, len, text_attrs (self, line->style), NULL);
  for (GList *l = items; l != NULL; l = l->next)
    if (((PangoItem *) l->data)->analysis.level % 2 != 0)
      {
        g_list_free_full (items, (GDestroyNotify) pango_item_free);
        return FALSE;
      }
  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = g_slice_new (PangoGlyphItem);
      PangoRectangle logical;

      run->item = l->data;
      run->glyphs = pango_glyph_string_new ();
      pango_shape_item (run->item, line->text, len, NULL, run->glyphs, flags);
      pango_glyph_string_extents (run->glyphs, run->item->analysis.font, NULL, &logical);
      width += logical.width;
      bottom = MAX (bottom, logical.y + logical.height);
      top = MIN (top, logical.y);
      line->runs = g_slist_prepend (line->runs, run);
    }
  g_list_free (items);
  line->runs = g_slist_reverse (line->runs);
  line->width = width;
  line->height = bottom - top;
  line->baseline = -top;
  return TRUE;
}

/* Draws @line with its top left at (@x, @y) (Pango units from @origin),
 * in the cairo source. */
static void
draw_text (cairo_t        *cr,
           const TextLine *line,
           const VnlPoint *origin,
           int             x,
           int             y)
{
  if (line->layout != NULL)
    {
      cairo_move_to (cr, origin->x + x / (double) PANGO_SCALE, origin->y + y / (double) PANGO_SCALE);
      pango_cairo_show_layout (cr, line->layout);
      return;
    }
  /* Where pango's renderer puts a layout's runs: from the origin, each
   * run's baseline in Pango units. */
  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = l->data;

      cairo_move_to (cr, origin->x + x / (double) PANGO_SCALE,
                     origin->y + (y + line->baseline) / (double) PANGO_SCALE);
      pango_cairo_show_glyph_item (cr, line->text, run);
      x += pango_glyph_string_get_width (run->glyphs);
    }
}

/* Marks @line as used by the current geometry. */
static void
use_text (VnlRenderer *self,
          TextLine    *line)
{
  if (line->generation != self->generation)
    {
      line->generation = self->generation;
      self->texts_used++;
    }
}

/* @len bytes of @text in @style, laid out on first use, marked as used by
 * the current geometry. */
static TextLine *
get_text (VnlRenderer *self,
          TextStyle    style,
          const char  *text,
          gsize        len)
{
  char buf[128];
  char *key = len < sizeof buf ? buf : g_malloc (len + 1);
  TextLine *line;

  memcpy (key, text, len);
  key[len] = '\0';
  line = g_hash_table_lookup (self->texts[style], key);
  if (line == NULL)
    {
      line = g_new0 (TextLine, 1);
      line->style = style;
      line->text = key == buf ? g_strdup (key) : key;
      g_hash_table_insert (self->texts[style], (char *) line->text, line);
      if (!shape_line (self, line, len))
        {
          PangoRectangle logical;

          line->layout = pango_layout_copy (text_style (self, style));
          pango_layout_set_text (line->layout, line->text, len);
          pango_layout_get_extents (line->layout, NULL, &logical);
          line->width = logical.width;
          line->height = logical.height;
          line->baseline = pango_layout_get_baseline (line->layout);
        }
    }
  else if (key != buf)
    g_free (key);
  use_text (self, line);
  return line;
}

/* Before a new geometry: drops the texts nothing used since the last one
 * once they outnumber those used (renamed objects leave theirs behind),
 * so that the texts stay proportional to the design. */
static void
prune_texts (VnlRenderer *self)
{
  guint total = 0;

  for (guint i = 0; i < N_TEXT_STYLES; i++)
    total += g_hash_table_size (self->texts[i]);
  if (total > 2 * self->texts_used + 256)
    for (guint i = 0; i < N_TEXT_STYLES; i++)
      {
        GHashTableIter iter;
        TextLine *line;

        g_hash_table_iter_init (&iter, self->texts[i]);
        while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &line))
          if (line->generation != self->generation)
            g_hash_table_iter_remove (&iter);
      }
  self->generation++;
  self->texts_used = 0;
}

/* Where @line starts in a label @width wide (Pango units): centred, as
 * pango centres the lines of one layout (on a whole pixel when both
 * widths are whole pixels). */
static int
line_x (int             width,
        const TextLine *line)
{
  int x = (width - line->width) / 2;

  if (((width | line->width) & (PANGO_SCALE - 1)) == 0)
    x = PANGO_UNITS_ROUND (x);
  return x;
}

/* Geometry */

static void
circuit_pill (const NodeGeom *geom,
              guint           index,
              VnlRect        *out)
{
  double cx = geom->icon.x + geom->icon.width / 2;
  double cy = geom->icon.y + geom->icon.height / 2;
  double dx = VNL_RENDER_ICON_SIZE / 2 + 6 + PILL_W / 2;

  out->width = PILL_W;
  out->height = PILL_H;
  out->x = (index == 0 ? cx - dx : cx + dx) - PILL_W / 2;
  out->y = cy - PILL_H / 2;
}

/* A node's label: its name in bold, then its details, one paragraph a
 * line (split where pango would split the whole text), each line a text of
 * the renderer's, centred under the icon as one layout centres its lines.
 * A node whose text is the same as at the last geometry keeps its lines. */
static void
compute_node (VnlRenderer *self,
              VnlObject   *object)
{
  g_autofree char *details = node_details (object);
  g_autofree char *joined = *details ? g_strconcat (object->name, "\n", details, NULL) : NULL;
  const char *text = joined != NULL ? joined : object->name;
  gsize name_len = strlen (object->name);
  double s = VNL_RENDER_ICON_SIZE;
  NodeGeom *geom = g_hash_table_lookup (self->nodes, object);

  if (geom != NULL && geom->name_len == name_len && strcmp (geom->text, text) == 0)
    for (guint i = 0; i < geom->n_lines; i++)
      use_text (self, geom->lines[i]);
  else
    {
      const char *end = text + strlen (text);
      guint n_lines = 0;
      int width = 0, height = 0;

      /* The last paragraph is the one without a delimiter. */
      for (const char *p = text;;)
        {
          int delimiter, next;

          pango_find_paragraph_boundary (p, end - p, &delimiter, &next);
          n_lines++;
          if (next == delimiter)
            break;
          p += next;
        }
      geom = g_malloc0 (sizeof *geom + n_lines * sizeof geom->lines[0]);
      geom->n_lines = n_lines;
      for (const char *p = text; n_lines > 0; n_lines--)
        {
          int delimiter, next;
          TextLine *line;

          pango_find_paragraph_boundary (p, end - p, &delimiter, &next);
          line = get_text (self, (gsize) (p - text) < name_len ? TEXT_NAME : TEXT_DETAIL, p, delimiter);
          geom->lines[geom->n_lines - n_lines] = line;
          width = MAX (width, line->width);
          height += line->height;
          p += next;
        }
      geom->text = joined != NULL ? g_steal_pointer (&joined) : g_strdup (text);
      geom->name_len = name_len;
      geom->label_width = width;
      /* As pango_layout_get_pixel_extents() rounds a layout's logical extents. */
      geom->label.width = PANGO_PIXELS_CEIL (width);
      geom->label.height = PANGO_PIXELS_CEIL (height);
      g_hash_table_insert (self->nodes, object, geom);
    }

  geom->generation = self->generation;
  geom->container = NULL;
  geom->icon = (VnlRect) { object->pos.x - s / 2, object->pos.y - s / 2, s, s };
  geom->label.x = object->pos.x - geom->label.width / 2.0;
  geom->label.y = object->pos.y + s / 2 + LABEL_GAP;

  geom->box = geom->icon;
  vnl_rect_union (&geom->box, &geom->label);
  if (object->kind == VNL_KIND_CIRCUIT)
    for (guint i = 0; i < 2; i++)
      {
        VnlRect pill;
        circuit_pill (geom, i, &pill);
        vnl_rect_union (&geom->box, &pill);
      }
}

/* Whether nodes of @member_kind sit in containers of @container_kind:
 * the member's OWNER field names that kind (the table of kinds). */
static const VnlField *
member_owner_field (VnlKind member_kind,
                    VnlKind container_kind)
{
  const VnlField *owner = vnl_kind_get_owner_field (member_kind);

  if (owner == NULL || (owner->ref_kind != container_kind && owner->ref_kind_b != container_kind))
    return NULL;
  return owner;
}

/* Keeps @frame as the frame of @container (taking it), in the order frames
 * are made, so that every drawing and every export draws them alike (a
 * hash table's order follows the addresses of the objects). */
static void
add_frame (VnlRenderer *self,
           VnlObject   *container,
           VnlRect     *frame)
{
  if (!g_hash_table_contains (self->frames, container))
    g_ptr_array_add (self->frame_order, container);
  g_hash_table_insert (self->frames, container, frame);
}

/* Grows the frame of each member's container (the object its OWNER
 * field names, when of a kind the field allows) by the member's box: one
 * pass over the members, so that geometry stays linear in the design. */
static void
grow_frames (VnlRenderer    *self,
             GHashTable     *containers_by_name,
             VnlKind         member_kind,
             const VnlField *owner_field)
{
  GPtrArray *members = vnl_design_get_objects (self->design, member_kind);

  for (guint i = 0; i < members->len; i++)
    {
      const char *owner = G_STRUCT_MEMBER (const char *, members->pdata[i], owner_field->offset);
      VnlObject *container = owner != NULL ? g_hash_table_lookup (containers_by_name, owner) : NULL;
      VnlRect *frame;
      NodeGeom *geom;

      if (container == NULL || member_owner_field (member_kind, container->kind) == NULL)
        continue;
      geom = g_hash_table_lookup (self->nodes, members->pdata[i]);
      frame = g_hash_table_lookup (self->frames, container);
      if (geom == NULL || frame == NULL)
        continue;
      vnl_rect_union (frame, &geom->box);
      /* The member remembers its frame: a moved member updates only it. */
      geom->container = container;
    }
}

/* The frame of one container (a VNet, a site, a virtual hub…), after one
 * of its members moved: its own box and its members' boxes; the members
 * remember it. (The whole geometry grows every frame in one pass
 * instead: grow_frames().) */
static void
compute_frame (VnlRenderer *self,
               VnlObject   *object)
{
  NodeGeom *geom = g_hash_table_lookup (self->nodes, object);
  g_autoptr(GPtrArray) members = NULL;
  VnlRect *frame;

  if (geom == NULL)
    return;
  frame = g_new (VnlRect, 1);
  *frame = geom->box;
  members = vnl_renderer_get_members (self, object);
  for (guint i = 0; i < members->len; i++)
    {
      NodeGeom *member = g_hash_table_lookup (self->nodes, members->pdata[i]);

      if (member == NULL)
        continue;
      vnl_rect_union (frame, &member->box);
      member->container = object;
    }
  rect_inflate (frame, FRAME_PAD);
  add_frame (self, object, frame);
}

GPtrArray *
vnl_renderer_get_members (VnlRenderer *self,
                          gpointer     container)
{
  VnlObject *object = container;
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
  GPtrArray *members = g_ptr_array_new ();

  g_return_val_if_fail (VNL_IS_RENDERER (self), members);
  g_return_val_if_fail (object != NULL, members);

  for (guint k = 0; k < n_node_kinds; k++)
    {
      const VnlField *owner = member_owner_field (node_kinds[k], object->kind);
      GPtrArray *objects;

      if (owner == NULL)
        continue;
      objects = vnl_design_get_objects (self->design, node_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        if (g_strcmp0 (G_STRUCT_MEMBER (const char *, objects->pdata[i], owner->offset), object->name) == 0)
          g_ptr_array_add (members, objects->pdata[i]);
    }
  return members;
}

static void
offset_rect (VnlRect *rect,
             double   dx,
             double   dy)
{
  rect->x += dx;
  rect->y += dy;
}

/* A node moved (a layout-only change): its label is the same, so its
 * geometry moves with it, and only the frame around it changes. */
static gboolean
move_node (VnlRenderer *self,
           VnlObject   *object)
{
  NodeGeom *geom = g_hash_table_lookup (self->nodes, object);
  double dx, dy;

  if (geom == NULL || !object->has_pos)
    return FALSE;
  dx = object->pos.x - (geom->icon.x + geom->icon.width / 2);
  dy = object->pos.y - (geom->icon.y + geom->icon.height / 2);
  offset_rect (&geom->icon, dx, dy);
  offset_rect (&geom->label, dx, dy);
  offset_rect (&geom->box, dx, dy);
  if (g_hash_table_contains (self->frames, object))
    compute_frame (self, object);
  if (geom->container != NULL)
    compute_frame (self, geom->container);
  return TRUE;
}

static void
ensure_geometry (VnlRenderer *self)
{
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
  g_autoptr(GHashTable) containers = NULL;
  guint n_nodes = 0;

  if (self->valid)
    return;

  prune_texts (self);
  for (guint k = 0; k < n_node_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, node_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          if (object->has_pos && (self->folded == NULL || !g_hash_table_contains (self->folded, object->name)))
            {
              compute_node (self, object);
              n_nodes++;
            }
        }
    }
  /* The nodes of the last geometry this one did not reach: removed, folded
   * or without a position now. */
  if (g_hash_table_size (self->nodes) > n_nodes)
    {
      GHashTableIter iter;
      NodeGeom *geom;

      g_hash_table_iter_init (&iter, self->nodes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &geom))
        if (geom->generation != self->generation)
          g_hash_table_iter_remove (&iter);
    }

  /* Container frames (kinds with `container` in the table of kinds): the
   * container's own box and the boxes of the nodes whose OWNER names it. */
  containers = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; k < n_node_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, node_kinds[k]);

      if (!vnl_kind_get_info (node_kinds[k])->container)
        continue;
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          NodeGeom *geom = g_hash_table_lookup (self->nodes, object);
          VnlRect *frame;

          if (geom == NULL)
            continue;
          frame = g_new (VnlRect, 1);
          *frame = geom->box;
          add_frame (self, object, frame);
          g_hash_table_insert (containers, object->name, object);
        }
    }
  for (guint k = 0; k < n_node_kinds; k++)
    {
      const VnlField *owner = vnl_kind_get_owner_field (node_kinds[k]);

      if (owner != NULL)
        grow_frames (self, containers, node_kinds[k], owner);
    }
  {
    GHashTableIter iter;
    gpointer frame;

    g_hash_table_iter_init (&iter, self->frames);
    while (g_hash_table_iter_next (&iter, NULL, &frame))
      rect_inflate (frame, FRAME_PAD);
  }

  self->valid = TRUE;
}

static NodeGeom *
get_node (VnlRenderer *self,
          const char  *name)
{
  VnlObject *object = vnl_design_lookup (self->design, name);

  if (object == NULL)
    return NULL;
  return g_hash_table_lookup (self->nodes, object);
}

/* Where a line from @centre towards @towards leaves @rect. */
static VnlPoint
clip_to_rect (const VnlRect *rect,
              VnlPoint       towards)
{
  double cx = rect->x + rect->width / 2;
  double cy = rect->y + rect->height / 2;
  double dx = towards.x - cx;
  double dy = towards.y - cy;
  double tx, ty, t;

  if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
    return (VnlPoint) { cx, cy };
  tx = fabs (dx) > 1e-9 ? (rect->width / 2) / fabs (dx) : G_MAXDOUBLE;
  ty = fabs (dy) > 1e-9 ? (rect->height / 2) / fabs (dy) : G_MAXDOUBLE;
  t = MIN (MIN (tx, ty), 1.0);
  return (VnlPoint) { cx + dx * t, cy + dy * t };
}

/* The rectangle a link attaches to at node @name: the icon, or for a
 * circuit link the MSEE pill of its role. */
/* The node @name is drawn as: itself, or the group it is folded into. */
static const char *
drawn_as (VnlRenderer *self,
          const char  *name)
{
  const char *group = self->folded != NULL ? g_hash_table_lookup (self->folded, name) : NULL;

  return group != NULL ? group : name;
}

static gboolean
attach_rect (VnlRenderer *self,
             VnlObject   *link,
             const char  *name,
             VnlRect     *out)
{
  NodeGeom *geom;
  VnlObject *node;

  name = drawn_as (self, name);
  geom = get_node (self, name);

  if (geom == NULL)
    return FALSE;
  node = vnl_design_lookup (self->design, name);
  if (link->kind == VNL_KIND_LINK && node->kind == VNL_KIND_CIRCUIT)
    circuit_pill (geom, ((VnlLink *) link)->role == VNL_LINK_SECONDARY ? 1 : 0, out);
  else
    {
      *out = geom->icon;
      rect_inflate (out, 3);
    }
  return TRUE;
}

gboolean
vnl_renderer_get_link_ends (VnlRenderer *self,
                            gpointer     data,
                            VnlPoint    *a,
                            VnlPoint    *b)
{
  VnlObject *object = data;
  const char *na, *nb;
  VnlRect ra, rb;
  VnlPoint ca, cb, first, last;

  g_return_val_if_fail (VNL_IS_RENDERER (self), FALSE);

  ensure_geometry (self);
  if (!vnl_object_get_ends (object, &na, &nb))
    return FALSE;
  /* Inside one collapsed group, a link is not drawn. */
  if (g_strcmp0 (drawn_as (self, na), drawn_as (self, nb)) == 0)
    return FALSE;
  if (!attach_rect (self, object, na, &ra) || !attach_rect (self, object, nb, &rb))
    return FALSE;

  ca = (VnlPoint) { ra.x + ra.width / 2, ra.y + ra.height / 2 };
  cb = (VnlPoint) { rb.x + rb.width / 2, rb.y + rb.height / 2 };
  first = object->bends->len > 0 ? g_array_index (object->bends, VnlPoint, 0) : cb;
  last = object->bends->len > 0 ? g_array_index (object->bends, VnlPoint, object->bends->len - 1) : ca;
  *a = clip_to_rect (&ra, first);
  *b = clip_to_rect (&rb, last);
  return TRUE;
}

/* Icons */

/* How many times larger than the page the PDF background is painted (see
 * vnl_renderer_draw_background()). */
#define BACKGROUND_SCALE 4.0

/* The size an icon is recorded at for vector outputs (scaled when painted). */
#define VECTOR_ICON_SIZE 64.0
#define VECTOR_ICON_TOLERANCE 0.5

static IconEntry *
get_icon (VnlRenderer *self,
          const char  *icon)
{
  IconEntry *entry = g_hash_table_lookup (self->icons, icon);

  if (entry == NULL)
    {
      g_autofree char *path = g_strconcat (VNL_ICON_RESOURCE_PREFIX, icon, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize size;
      gconstpointer data;

      entry = g_new0 (IconEntry, 1);
      g_hash_table_insert (self->icons, g_strdup (icon), entry);
      vnl_render_get_resource ();
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_warning ("missing icon %s: %s", path, error->message);
          return entry;
        }
      data = g_bytes_get_data (bytes, &size);
      entry->handle = rsvg_handle_new_from_data (data, size, &error);
      if (entry->handle == NULL)
        g_warning ("invalid icon %s: %s", path, error->message);
    }
  return entry;
}

static gboolean
target_is_vector (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_PS ||
         type == CAIRO_SURFACE_TYPE_SVG;
}

/* PDF and PostScript: the targets an icon is painted to as one recording
 * (see vnl_renderer_draw_icon()). */
static gboolean
paints_recordings (cairo_t *cr)
{
  return target_is_vector (cr) && cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_SVG;
}

/**
 * vnl_renderer_set_icon_markers:
 * @self: a renderer
 * @markers: whether icons drawn onto SVG surfaces are markers
 *
 * cairo writes an icon as all of its paths again at every node that shows
 * it (and, in 1.16, keeps every recording an SVG surface is given). With
 * markers on, an icon drawn onto an SVG surface is instead one rectangle
 * in the icon's place, filled with the colour rgba (index / 100, 1, 0,
 * VNL_RENDER_ICON_MARK_ALPHA), which the SVG export replaces by a <use>
 * of the icon, written once (vnl_renderer_get_marked_icon()). Turning
 * markers on forgets the icons marked so far.
 */
void
vnl_renderer_set_icon_markers (VnlRenderer *self,
                               gboolean     markers)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  g_clear_pointer (&self->icon_marks, g_ptr_array_unref);
  if (markers)
    self->icon_marks = g_ptr_array_new_with_free_func (g_free);
}

/**
 * vnl_renderer_get_marked_icon:
 * @self: a renderer
 * @index: a marker's index
 *
 * Returns: (nullable): the SVG document of the icon marked with @index,
 * NULL when no icon was.
 */
GBytes *
vnl_renderer_get_marked_icon (VnlRenderer *self,
                              guint        index)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);

  if (self->icon_marks == NULL || index >= self->icon_marks->len)
    return NULL;
  path = g_strconcat (VNL_ICON_RESOURCE_PREFIX, (const char *) self->icon_marks->pdata[index], NULL);
  vnl_render_get_resource ();
  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

void
vnl_renderer_draw_icon (VnlRenderer *self,
                        cairo_t     *cr,
                        const char  *icon,
                        double       x,
                        double       y,
                        double       size)
{
  IconEntry *entry;
  RsvgHandle *handle;
  double sx = size, sy = 0;
  int px;

  g_return_if_fail (VNL_IS_RENDERER (self));
  g_return_if_fail (icon != NULL);

  entry = get_icon (self, icon);
  handle = entry->handle;
  if (handle == NULL)
    return;

  /* SVG with markers on: a rectangle in the marker colour, which the
   * export replaces by a <use> of the icon written once (see
   * vnl_renderer_set_icon_markers()). */
  if (self->icon_marks != NULL && cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_SVG)
    {
      guint index;

      if (g_ptr_array_find_with_equal_func (self->icon_marks, icon, g_str_equal, &index))
        {
          if (index >= VNL_RENDER_MAX_ICON_MARKS)
            goto draw;
        }
      else
        {
          if (self->icon_marks->len >= VNL_RENDER_MAX_ICON_MARKS)
            goto draw;
          index = self->icon_marks->len;
          g_ptr_array_add (self->icon_marks, g_strdup (icon));
        }
      cairo_save (cr);
      cairo_new_path (cr);
      cairo_rectangle (cr, x, y, size, size);
      cairo_set_source_rgba (cr, index / 100.0, 1, 0, VNL_RENDER_ICON_MARK_ALPHA);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }
draw:
  /* PDF and PostScript: the icon is recorded once and every node paints
   * that one recording, which cairo writes once (a PDF form XObject)
   * instead of the icon's paths again at every node. Not for SVG: cairo
   * 1.16's SVG backend keeps a reference to each recording it is given
   * (valgrind: every recording of an export lost), so SVG draws the icon
   * itself. */
  if (paints_recordings (cr))
    {
      if (entry->vector == NULL)
        {
          cairo_rectangle_t extents = { 0, 0, VECTOR_ICON_SIZE, VECTOR_ICON_SIZE };
          RsvgRectangle viewport = { 0, 0, VECTOR_ICON_SIZE, VECTOR_ICON_SIZE };
          cairo_t *rcr;

          entry->vector = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
          rcr = cairo_create (entry->vector);
          /* cairo works out the extents of the recording's operations
           * again at every node that paints it, stroking and flattening
           * at their tolerance (see stroke_path()), which the file never
           * holds: half a unit, five times cairo's default, still well
           * under the radius of the thinnest stroke of an icon (0.8 of
           * 48) and under its shortest dash period. */
          cairo_set_tolerance (rcr, VECTOR_ICON_TOLERANCE);
          rsvg_handle_render_document (handle, rcr, &viewport, NULL);
          cairo_destroy (rcr);
        }
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, size / VECTOR_ICON_SIZE, size / VECTOR_ICON_SIZE);
      cairo_set_source_surface (cr, entry->vector, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      return;
    }
  if (target_is_vector (cr))
    {
      RsvgRectangle viewport = { x, y, size, size };
      rsvg_handle_render_document (handle, cr, &viewport, NULL);
      return;
    }

  /* Raster targets: rasterise once per device size, then paint. */
  cairo_user_to_device_distance (cr, &sx, &sy);
  px = (int) ceil (hypot (sx, sy));
  px = CLAMP (px, 4, 512);
  if (entry->cache == NULL || entry->cache_px != px)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
      cairo_t *icr = cairo_create (surface);
      RsvgRectangle viewport = { 0, 0, px, px };

      rsvg_handle_render_document (handle, icr, &viewport, NULL);
      cairo_destroy (icr);
      g_clear_pointer (&entry->cache, cairo_surface_destroy);
      entry->cache = surface;
      entry->cache_px = px;
    }

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size / px, size / px);
  cairo_set_source_surface (cr, entry->cache, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Drawing */

/* Strokes the current path, kept with @preserve. To a vector surface
 * cairo 1.16 hands every stroke three times to its extents code (the PDF
 * backend's analysis, the analysis surface's, the PDF backend's output),
 * which strokes the path into a polygon at the tolerance each time: a pen
 * of up to 20 vertices at each round cap and join, and again at every
 * dash (most of the cost of a dashed stroke). The file holds the path
 * and its style, never that polygon, so a vector stroke is made at a
 * tolerance of the pen's radius, cairo's smallest true pen (four vertices;
 * the extents stay within the tolerance), which the file does not show (a
 * tenth cheaper at 1,000 VNets). The tolerance stays under half the dash
 * period, past which cairo would approximate the dashes themselves. */
static void
stroke_path (cairo_t  *cr,
             gboolean  preserve)
{
  void (*stroke) (cairo_t *) = preserve ? cairo_stroke_preserve : cairo_stroke;
  g_autofree double *dash = NULL;
  double scale, offset, period = G_MAXDOUBLE, radius;
  int n_dash;
  cairo_matrix_t ctm;

  cairo_get_matrix (cr, &ctm);
  if (!target_is_vector (cr) || ctm.xy != 0 || ctm.yx != 0 || ctm.xx != ctm.yy || ctm.xx <= 0)
    {
      stroke (cr);
      return;
    }

  /* The path is already in device space (cairo keeps it so): under an
   * identity matrix, with the width and dashes scaled, the stroke is the
   * same, and cairo writes it without the matrix (q 1 0 0 1 0 0 cm … Q)
   * it puts around every stroke under a scale. */
  scale = ctm.xx;
  n_dash = cairo_get_dash_count (cr);
  dash = g_new (double, MAX (n_dash, 1));
  cairo_get_dash (cr, dash, &offset);
  if (n_dash > 0)
    {
      period = 0;
      for (int i = 0; i < n_dash; i++)
        period += (dash[i] *= scale);
      /* An odd count repeats the pattern with on and off swapped. */
      if (n_dash % 2 != 0)
        period *= 2;
    }
  radius = MIN (cairo_get_line_width (cr) * scale / 2, period / 2);

  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_line_width (cr, cairo_get_line_width (cr) * scale);
  cairo_set_dash (cr, dash, n_dash, offset * scale);
  if (radius > cairo_get_tolerance (cr))
    cairo_set_tolerance (cr, radius);
  stroke (cr);
  cairo_restore (cr);
}

static void
rounded_rect (cairo_t       *cr,
              const VnlRect *r,
              double         radius)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, r->x + radius, r->y + r->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Fills @r with corners of @radius in @color: the plate behind a label.
 * To a vector target, the rectangle @radius inside it, filled and
 * stroked @radius wide with round joins: the same shape, which a PDF
 * holds as one "re B" of four numbers where the rounded path takes four
 * curves (36 numbers), once per label. That needs an opaque colour (the
 * fill and the stroke overlap); any other is filled as the path. */
static void
fill_halo (cairo_t        *cr,
           const VnlRect  *r,
           double          radius,
           const VnlColor *color)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  set_color (cr, color, 1);
  if (color->a < 1 || !target_is_vector (cr) || radius <= 0)
    {
      rounded_rect (cr, r, radius);
      cairo_fill (cr);
      return;
    }
  cairo_rectangle (cr, r->x + radius, r->y + radius, r->width - 2 * radius, r->height - 2 * radius);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2 * radius);
  stroke_path (cr, FALSE);
  cairo_restore (cr);
}

/* Moving objects (see vnl_renderer_set_moving()): whether the current
 * pass leaves out a frame, a link or a node. */
static gboolean
frame_is_moving (VnlRenderer *self,
                 VnlObject   *container)
{
  return self->moving_frames != NULL && g_hash_table_contains (self->moving_frames, container);
}

static gboolean
node_is_moving (VnlRenderer *self,
                VnlObject   *object)
{
  NodeGeom *geom;

  if (self->moving == NULL)
    return FALSE;
  if (g_hash_table_contains (self->moving, object) || frame_is_moving (self, object))
    return TRUE;
  geom = g_hash_table_lookup (self->nodes, object);
  return geom != NULL && geom->container != NULL && frame_is_moving (self, geom->container);
}

static gboolean
link_is_moving (VnlRenderer *self,
                VnlObject   *link)
{
  const char *a, *b;

  if (self->moving == NULL || !vnl_object_get_ends (link, &a, &b))
    return FALSE;
  return node_is_moving (self, vnl_design_lookup (self->design, a)) ||
         node_is_moving (self, vnl_design_lookup (self->design, b));
}

/* Whether the current pass skips @object, given whether it moves. */
static gboolean
pass_skips (VnlRenderer *self,
            gboolean     moving)
{
  return (self->pass == PASS_STILL && moving) || (self->pass == PASS_MOVING && !moving);
}

static const VnlColor *icon_colour (VnlRenderer *self,
                                    const char  *icon);

/* @color at @alpha over the background, as one opaque colour. */
static VnlColor
over_background (VnlRenderer    *self,
                 const VnlColor *color,
                 double          alpha)
{
  const VnlColor *bg = &self->style.background;

  alpha *= color->a;
  return (VnlColor) { color->r * alpha + bg->r * (1 - alpha),
                      color->g * alpha + bg->g * (1 - alpha),
                      color->b * alpha + bg->b * (1 - alpha), 1 };
}

/* Containers, under everything else. A frame is tinted in its container's
 * icon colour, the fill and the edge at two alphas: translucent, cairo's
 * PDF backend writes the rounded path twice (a fill, then a stroke), and
 * formatting those numbers was a tenth of a 1,000-VNet export. To a
 * vector target a frame that overlaps no frame drawn before it lies on
 * the background alone, so the same colours made opaque over the
 * background look the same, and the fill and the edge are one operation
 * on one path ("B"). The edge's inner half then shows the background
 * under it instead of the fill: 6 % of the tint (12 % dark), on half a
 * line 1.2 wide. */
static void
draw_frames (VnlRenderer   *self,
             cairo_t       *cr,
             const VnlRect *clip)
{
  gboolean vector = target_is_vector (cr) && self->style.background.a >= 1;
  g_auto(RectIndex) drawn = { 0 };

  if (vector)
    rect_index_init (&drawn, 512);
  for (guint i = 0; i < self->frame_order->len; i++)
    {
      VnlObject *object = self->frame_order->pdata[i];
      VnlRect *frame = g_hash_table_lookup (self->frames, object);
      /* A container is tinted in its icon's colour (the VNet blue, the
       * site grey, the hub teal); an on-premises site has a dashed edge. */
      gboolean azure = object->kind != VNL_KIND_SITE;
      VnlColor tint = *icon_colour (self, vnl_icon_for_object (object));
      double fill_alpha = self->style.dark ? 0.12 : 0.06;
      double edge_alpha = self->style.dark ? 0.55 : 0.40;
      VnlColor fill, edge;
      gboolean opaque;

      if ((clip != NULL && !vnl_rect_intersects (frame, clip)) ||
          pass_skips (self, frame_is_moving (self, object)))
        continue;

      opaque = vector && !rect_index_hits (&drawn, frame);
      if (vector)
        rect_index_add (&drawn, frame);
      fill = opaque ? over_background (self, &tint, fill_alpha) : tint;
      edge = opaque ? over_background (self, &tint, edge_alpha) : tint;

      rounded_rect (cr, frame, 12);
      set_color (cr, &fill, opaque ? 1 : fill_alpha);
      cairo_fill_preserve (cr);
      set_color (cr, &edge, opaque ? 1 : edge_alpha);
      cairo_set_line_width (cr, 1.2);
      if (azure)
        cairo_set_dash (cr, NULL, 0, 0);
      else
        {
          static const double dash[] = { 5, 3 };
          cairo_set_dash (cr, dash, 2, 0);
        }
      stroke_path (cr, FALSE);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* The geometry of the line joining @hub to its Virtual WAN, FALSE when
 * either is not drawn. */
static gboolean
wan_member (VnlRenderer    *self,
            VnlVirtualHub  *hub,
            VnlObject     **wan,
            NodeGeom      **a,
            NodeGeom      **b)
{
  *wan = hub->wan != NULL ? vnl_design_lookup_kind (self->design, hub->wan, VNL_KIND_VIRTUAL_WAN) : NULL;
  *a = *wan != NULL ? g_hash_table_lookup (self->nodes, *wan) : NULL;
  *b = g_hash_table_lookup (self->nodes, hub);
  return *a != NULL && *b != NULL;
}

/* A Virtual WAN and its hubs: a hub names its WAN (not a link, not an
 * owner), drawn as a thin dotted line in the WAN's colour from the WAN to
 * each hub, under the links. */
static void
draw_wan_members (VnlRenderer   *self,
                  cairo_t       *cr,
                  const VnlRect *clip)
{
  static const double dash[] = { 1.5, 4 };
  GPtrArray *hubs = vnl_design_get_objects (self->design, VNL_KIND_VIRTUAL_HUB);

  cairo_save (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dash, 2, 0);
  for (guint i = 0; i < hubs->len; i++)
    {
      VnlVirtualHub *hub = hubs->pdata[i];
      VnlObject *wan;
      NodeGeom *a, *b;
      VnlRect span;
      VnlPoint pa, pb;

      if (!wan_member (self, hub, &wan, &a, &b) ||
          pass_skips (self, node_is_moving (self, wan) || node_is_moving (self, (VnlObject *) hub)))
        continue;
      span = a->icon;
      vnl_rect_union (&span, &b->icon);
      if (clip != NULL && !vnl_rect_intersects (&span, clip))
        continue;
      pa = clip_to_rect (&a->icon, (VnlPoint) { b->icon.x + b->icon.width / 2, b->icon.y + b->icon.height / 2 });
      pb = clip_to_rect (&b->icon, (VnlPoint) { a->icon.x + a->icon.width / 2, a->icon.y + a->icon.height / 2 });
      cairo_move_to (cr, pa.x, pa.y);
      cairo_line_to (cr, pb.x, pb.y);
      set_color (cr, icon_colour (self, vnl_icon_for_object (wan)), 0.6);
      stroke_path (cr, FALSE);
    }
  cairo_restore (cr);
}

static void
link_path (VnlObject *object,
           cairo_t   *cr,
           VnlPoint   a,
           VnlPoint   b)
{
  cairo_move_to (cr, a.x, a.y);
  for (guint i = 0; i < object->bends->len; i++)
    {
      VnlPoint *p = &g_array_index (object->bends, VnlPoint, i);
      cairo_line_to (cr, p->x, p->y);
    }
  cairo_line_to (cr, b.x, b.y);
}

static VnlPoint
link_midpoint (VnlObject *object,
               VnlPoint   a,
               VnlPoint   b)
{
  if (object->bends->len > 0)
    return g_array_index (object->bends, VnlPoint, object->bends->len / 2);
  return (VnlPoint) { (a.x + b.x) / 2, (a.y + b.y) / 2 };
}

static void
draw_down_badge (VnlRenderer *self,
                 cairo_t     *cr,
                 VnlPoint     p)
{
  cairo_arc (cr, p.x, p.y, 7, 0, 2 * G_PI);
  set_color (cr, &self->style.down, 1);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.8);
  cairo_move_to (cr, p.x - 3, p.y - 3);
  cairo_line_to (cr, p.x + 3, p.y + 3);
  cairo_move_to (cr, p.x + 3, p.y - 3);
  cairo_line_to (cr, p.x - 3, p.y + 3);
  stroke_path (cr, FALSE);
}

static void
draw_links (VnlRenderer   *self,
            cairo_t       *cr,
            const VnlRect *clip)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);
      const LinkStyleInfo *info = &link_styles[vnl_link_style_for_kind (link_kinds[k])];

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlPoint a, b;
          double x1, y1, x2, y2;

          if (!vnl_renderer_get_link_ends (self, object, &a, &b) ||
              pass_skips (self, link_is_moving (self, object)))
            continue;

          link_path (object, cr, a, b);
          if (clip != NULL)
            {
              VnlRect extent;
              cairo_stroke_extents (cr, &x1, &y1, &x2, &y2);
              extent = (VnlRect) { x1 - 8, y1 - 8, x2 - x1 + 16, y2 - y1 + 16 };
              if (!vnl_rect_intersects (&extent, clip))
                {
                  cairo_new_path (cr);
                  continue;
                }
            }

          /* A casing in the background colour keeps crossings readable. */
          cairo_set_dash (cr, NULL, 0, 0);
          set_color (cr, &self->style.background, 0.9);
          cairo_set_line_width (cr, info->width + 3);
          stroke_path (cr, TRUE);

          if (object->up)
            {
              set_color (cr, self->style.dark ? &info->dark : &info->light, 1);
              cairo_set_dash (cr, info->dash, info->n_dash, 0);
              cairo_set_line_width (cr, info->width);
            }
          else
            {
              static const double down_dash[] = { 4, 4 };
              set_color (cr, &self->style.down, 1);
              cairo_set_dash (cr, down_dash, 2, 0);
              cairo_set_line_width (cr, MAX (info->width, 2.0));
            }
          stroke_path (cr, FALSE);
          cairo_set_dash (cr, NULL, 0, 0);

          if (!object->up)
            draw_down_badge (self, cr, link_midpoint (object, a, b));
        }
    }
}

/* The label of @link (its name in the link label font) and its box, the
 * text at (x + 3, y + 1); NULL when the link has none: a part of a node (a
 * circuit's link, named by the node), not drawn, moving in a pass that
 * leaves it out, or too short to carry one. */
static TextLine *
link_label_place (VnlRenderer *self,
                  VnlObject   *object,
                  VnlRect     *r)
{
  VnlPoint a, b, m;
  TextLine *label;
  int w, h;

  if (vnl_object_get_owner (object) != NULL)
    return NULL;
  if (!vnl_renderer_get_link_ends (self, object, &a, &b) ||
      pass_skips (self, link_is_moving (self, object)))
    return NULL;
  if (hypot (b.x - a.x, b.y - a.y) < 90 && object->bends->len == 0)
    return NULL;
  m = link_midpoint (object, a, b);
  label = get_text (self, TEXT_LINK, object->name, strlen (object->name));
  /* As pango_layout_get_pixel_size() rounds. */
  w = PANGO_PIXELS_CEIL (label->width);
  h = PANGO_PIXELS_CEIL (label->height);
  *r = (VnlRect) { m.x - w / 2.0 - 3, m.y - h / 2.0 - 1, w + 6, h + 2 };
  if (!object->up)
    r->y += 11;
  return label;
}

typedef struct
{
  TextLine *label;
  VnlRect   plate;
} LinkLabel;

/* Labels are drawn in layers, all plates and then all texts in one
 * colour: to a PDF that is one text object for a layer instead of a text
 * object, a colour and a font per label. A layer holds labels whose
 * plates do not overlap, so that the picture is the one drawn label by
 * label: a label whose plate overlaps one in the layer starts the next
 * layer, its plate over the texts before it (see draw_node_labels()). */
#define LABEL_CELL 128

static void
draw_link_label_layer (VnlRenderer *self,
                       cairo_t     *cr,
                       GArray      *labels,
                       guint        from,
                       guint        to)
{
  for (guint i = from; i < to; i++)
    fill_halo (cr, &g_array_index (labels, LinkLabel, i).plate, 3, &self->style.halo);
  set_color (cr, &self->style.dim, 1);
  for (guint i = from; i < to; i++)
    {
      LinkLabel *l = &g_array_index (labels, LinkLabel, i);

      draw_text (cr, l->label, &(VnlPoint) { l->plate.x + 3, l->plate.y + 1 }, 0, 0);
    }
}

static void
draw_link_labels (VnlRenderer   *self,
                  cairo_t       *cr,
                  const VnlRect *clip)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (LinkLabel));
  g_auto(RectIndex) layer = { 0 };
  guint from = 0;

  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          TextLine *label;
          VnlRect r;

          if (!(label = link_label_place (self, object, &r)) ||
              (clip != NULL && !vnl_rect_intersects (&r, clip)))
            continue;
          g_array_append_val (labels, ((LinkLabel) { label, r }));
        }
    }

  rect_index_init (&layer, LABEL_CELL);
  for (guint i = 0; i < labels->len; i++)
    if (rect_index_layer_take (&layer, &g_array_index (labels, LinkLabel, i).plate))
      {
        draw_link_label_layer (self, cr, labels, from, i);
        from = i;
      }
  draw_link_label_layer (self, cr, labels, from, labels->len);
}

/* Level of detail. Below this many device pixels per world unit a 9 px
 * label is under 4 px high and cannot be read: nodes become clean shapes
 * in their kind's colour (no blurred icon), endpoints, details and link
 * labels are left out, and VNets, gateways, circuits and sites keep their
 * names at a readable size while there is room for them. */
#define LOD_SCALE       0.45
#define LOD_NAMES_SCALE 0.12
#define LOD_NAME_PX     10.0

/* The colour a node is drawn in at low zoom: its icon's own, as the mean
 * of the icon's coloured pixels (white and transparent ones left out), so
 * that a kind needs no colour of its own here. */
static const VnlColor *
icon_colour (VnlRenderer *self,
             const char  *icon)
{
  static const VnlColor grey = { 0.5, 0.5, 0.5, 1 };
  IconEntry *entry = get_icon (self, icon);

  if (entry->handle == NULL)
    return &grey;
  if (!entry->has_colour)
    {
      enum { PX = 16 };
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PX, PX);
      cairo_t *cr = cairo_create (surface);
      RsvgRectangle viewport = { 0, 0, PX, PX };
      double sum[3] = { 0, 0, 0 }, weight = 0;
      const guint8 *data;
      int stride;

      rsvg_handle_render_document (entry->handle, cr, &viewport, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (int y = 0; y < PX; y++)
        for (int x = 0; x < PX; x++)
          {
            guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
            double a = ((p >> 24) & 0xff) / 255.0;
            double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0, b = (p & 0xff) / 255.0;

            /* Premultiplied: a white pixel has r = g = b = a. */
            if (a < 0.5 || (r > 0.85 * a && g > 0.85 * a && b > 0.85 * a))
              continue;
            sum[0] += r / a;
            sum[1] += g / a;
            sum[2] += b / a;
            weight += 1;
          }
      cairo_surface_destroy (surface);
      entry->colour = weight > 0 ? (VnlColor) { sum[0] / weight, sum[1] / weight, sum[2] / weight, 1 } : grey;
      entry->has_colour = TRUE;
    }
  return &entry->colour;
}

/* Device pixels per world unit of @cr (1 for vector exports). */
static double
device_scale (cairo_t *cr)
{
  double dx = 1, dy = 0;

  if (target_is_vector (cr))
    return 1;
  cairo_user_to_device_distance (cr, &dx, &dy);
  return hypot (dx, dy);
}

/* Whether @object's name gets room at this level of detail: names are
 * placed greedily in drawing order (VNets first) and one that would
 * overlap a name already placed is left out. Decided over every node,
 * whatever is being repainted, so that a partial repaint places the
 * same names. The width is estimated from the length, without a layout. */
static gboolean
lod_name_fits (VnlObject *object,
               NodeGeom  *geom,
               double     scale,
               RectIndex *placed)
{
  double size = LOD_NAME_PX / scale;
  double w = strlen (object->name) * size * 0.62;
  VnlRect r = { object->pos.x - w / 2, geom->icon.y + geom->icon.height, w, size * 1.3 };

  if (scale < LOD_NAMES_SCALE ||
      !(vnl_kind_get_info (object->kind)->container || object->kind == VNL_KIND_GATEWAY ||
        object->kind == VNL_KIND_CIRCUIT))
    return FALSE;
  if (rect_index_hits (placed, &r))
    return FALSE;
  rect_index_add (placed, &r);
  return TRUE;
}

static void
draw_node_shape (VnlRenderer *self,
                 cairo_t     *cr,
                 VnlObject   *object,
                 NodeGeom    *geom,
                 double       scale,
                 gboolean     named)
{
  VnlRect r = geom->icon;

  rect_inflate (&r, -4);
  rounded_rect (cr, &r, r.width / 4);
  set_color (cr, icon_colour (self, vnl_icon_for_object (object)), object->up ? 1 : 0.35);
  cairo_fill (cr);

  if (named)
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (self->pango);
      PangoFontDescription *font = pango_font_description_new ();
      int w, h;

      pango_font_description_set_family (font, "Sans");
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_font_description_set_absolute_size (font, LOD_NAME_PX / scale * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, object->name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, object->pos.x - w / 2.0, geom->icon.y + geom->icon.height);
      set_color (cr, &self->style.foreground, 1);
      pango_cairo_show_layout (cr, layout);
    }
}

/* The "MSEE" of a circuit's pills: laid out once, the same for every
 * circuit (its colour is the cairo source's, not the layout's). */
static PangoLayout *
msee_layout (VnlRenderer *self)
{
  if (self->msee == NULL)
    {
      PangoFontDescription *font = pango_font_description_from_string (MSEE_FONT);

      self->msee = pango_layout_new (self->pango);
      pango_layout_set_font_description (self->msee, font);
      pango_font_description_free (font);
      pango_layout_set_text (self->msee, "MSEE", -1);
    }
  return self->msee;
}

static void
draw_node (VnlRenderer *self,
           cairo_t     *cr,
           VnlObject   *object,
           NodeGeom    *geom)
{
  const char *icon = vnl_icon_for_object (object);

  /* MSEE pair of a circuit. */
  if (object->kind == VNL_KIND_CIRCUIT)
    {
      VnlColor purple = link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].light;
      PangoLayout *layout = msee_layout (self);

      for (guint i = 0; i < 2; i++)
        {
          VnlRect pill;
          int w, h;

          circuit_pill (geom, i, &pill);
          cairo_move_to (cr, geom->icon.x + (i == 0 ? 0 : geom->icon.width), pill.y + pill.height / 2);
          cairo_line_to (cr, i == 0 ? pill.x + pill.width : pill.x, pill.y + pill.height / 2);
          set_color (cr, &purple, 1);
          cairo_set_line_width (cr, 2);
          stroke_path (cr, FALSE);
          rounded_rect (cr, &pill, PILL_H / 2);
          set_color (cr, &self->style.background, 1);
          cairo_fill_preserve (cr);
          set_color (cr, self->style.dark ? &link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].dark : &purple, 1);
          cairo_set_line_width (cr, 1.5);
          stroke_path (cr, FALSE);
          pango_layout_get_pixel_size (layout, &w, &h);
          cairo_move_to (cr, pill.x + (pill.width - w) / 2, pill.y + (pill.height - h) / 2);
          pango_cairo_show_layout (cr, layout);
        }
    }

  if (!object->up)
    cairo_push_group (cr);
  vnl_renderer_draw_icon (self, cr, icon, geom->icon.x, geom->icon.y, geom->icon.width);
  if (!object->up)
    {
      static const double dash[] = { 4, 3 };
      VnlRect r = geom->icon;

      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 0.4);
      rect_inflate (&r, 3);
      rounded_rect (cr, &r, 10);
      set_color (cr, &self->style.down, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, 2, 0);
      stroke_path (cr, FALSE);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_down_badge (self, cr, (VnlPoint) { r.x + r.width, r.y });
    }
}

static void
node_halo (const NodeGeom *geom,
           VnlRect        *halo)
{
  *halo = geom->label;
  rect_inflate (halo, 1.5);
}

static void
draw_node_label_layer (VnlRenderer *self,
                       cairo_t     *cr,
                       GPtrArray   *geoms,
                       guint        from,
                       guint        to)
{
  for (guint i = from; i < to; i++)
    {
      VnlRect halo;

      node_halo (geoms->pdata[i], &halo);
      fill_halo (cr, &halo, 3, &self->style.halo);
    }

  for (TextStyle style = TEXT_NAME; style <= TEXT_DETAIL; style++)
    {
      set_text_color (cr, style == TEXT_NAME ? &self->style.foreground : &self->style.dim);
      for (guint i = from; i < to; i++)
        {
          NodeGeom *geom = geoms->pdata[i];
          int y = 0;

          for (guint j = 0; j < geom->n_lines; y += geom->lines[j++]->height)
            {
              TextLine *line = geom->lines[j];

              if (line->style == style && *line->text != '\0')
                draw_text (cr, line, &(VnlPoint) { geom->label.x, geom->label.y },
                           line_x (geom->label_width, line), y);
            }
        }
    }
}

/* The labels of the nodes drawn (@geoms, in drawing order) above every
 * node, in layers (see draw_link_label_layer()): a layer's halos, then
 * its names in the foreground colour, then its details dimmed. Where two
 * labels overlap, the later one's halo covers the earlier one's text, as
 * when each node drew its own label; a label now lies above every icon,
 * so that the label of a node in a crowded place stays readable. */
static void
draw_node_labels (VnlRenderer *self,
                  cairo_t     *cr,
                  GPtrArray   *geoms)
{
  g_auto(RectIndex) layer = { 0 };
  guint from = 0;

  rect_index_init (&layer, LABEL_CELL);
  for (guint i = 0; i < geoms->len; i++)
    {
      VnlRect halo;

      node_halo (geoms->pdata[i], &halo);
      if (rect_index_layer_take (&layer, &halo))
        {
          draw_node_label_layer (self, cr, geoms, from, i);
          from = i;
        }
    }
  draw_node_label_layer (self, cr, geoms, from, geoms->len);
}

void
vnl_renderer_draw (VnlRenderer   *self,
                   cairo_t       *cr,
                   const VnlRect *clip)
{
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
  g_auto(RectIndex) names = { 0 };
  g_autoptr(GPtrArray) labelled = g_ptr_array_new ();
  double scale;

  g_return_if_fail (VNL_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);

  ensure_geometry (self);
  scale = device_scale (cr);
  /* A name is about LOD_NAME_PX / scale high and a few times as wide. */
  rect_index_init (&names, 8 * LOD_NAME_PX / MAX (scale, LOD_NAMES_SCALE));

  cairo_save (cr);
  draw_frames (self, cr, clip);
  draw_wan_members (self, cr, clip);
  draw_links (self, cr, clip);
  if (scale >= LOD_SCALE)
    draw_link_labels (self, cr, clip);

  for (guint k = 0; k < n_node_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, node_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          NodeGeom *geom = g_hash_table_lookup (self->nodes, objects->pdata[i]);
          gboolean named;
          VnlRect reach;

          if (geom == NULL)
            continue;
          named = scale < LOD_SCALE && lod_name_fits (objects->pdata[i], geom, scale, &names);
          reach = geom->box;
          if (named)
            vnl_rect_union (&reach, &g_array_index (names.rects, VnlRect, names.rects->len - 1));
          if ((clip != NULL && !vnl_rect_intersects (&reach, clip)) ||
              pass_skips (self, node_is_moving (self, objects->pdata[i])))
            continue;
          if (scale >= LOD_SCALE)
            {
              draw_node (self, cr, objects->pdata[i], geom);
              g_ptr_array_add (labelled, geom);
            }
          else if (node_kinds[k] != VNL_KIND_ENDPOINT)
            draw_node_shape (self, cr, objects->pdata[i], geom, scale, named);
        }
    }
  draw_node_labels (self, cr, labelled);
  cairo_restore (cr);
}

void
vnl_renderer_set_folded (VnlRenderer *self,
                         GHashTable  *folded)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  if (folded == self->folded)
    return;
  g_clear_pointer (&self->folded, g_hash_table_unref);
  if (folded != NULL && g_hash_table_size (folded) > 0)
    self->folded = g_hash_table_ref (folded);
  self->valid = TRUE;   /* so that invalidate drops the geometry */
  vnl_renderer_invalidate (self);
}

void
vnl_renderer_set_moving (VnlRenderer *self,
                         GPtrArray   *objects)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  g_clear_pointer (&self->moving, g_hash_table_unref);
  g_clear_pointer (&self->moving_frames, g_hash_table_unref);
  self->pass = PASS_ALL;
  if (objects == NULL || objects->len == 0)
    return;

  ensure_geometry (self);
  self->moving = g_hash_table_new (NULL, NULL);
  self->moving_frames = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      NodeGeom *geom = g_hash_table_lookup (self->nodes, object);

      g_hash_table_add (self->moving, object);
      if (g_hash_table_contains (self->frames, object))
        g_hash_table_add (self->moving_frames, object);
      if (geom != NULL && geom->container != NULL)
        g_hash_table_add (self->moving_frames, geom->container);
    }
  self->pass = PASS_STILL;
}

gboolean
vnl_renderer_get_moving_bounds (VnlRenderer *self,
                                VnlRect     *out)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);
  GHashTableIter iter;
  gpointer key, value;
  gboolean any = FALSE;

  g_return_val_if_fail (VNL_IS_RENDERER (self), FALSE);

  if (self->moving == NULL)
    return FALSE;
  ensure_geometry (self);
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (node_is_moving (self, key))
      {
        VnlRect *frame = g_hash_table_lookup (self->frames, key);
        VnlRect r = frame != NULL ? *frame : ((NodeGeom *) value)->box;

        if (!any)
          *out = r;
        else
          vnl_rect_union (out, &r);
        any = TRUE;
      }
  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlRect r;

          if (!link_is_moving (self, objects->pdata[i]) ||
              !vnl_renderer_get_object_bounds (self, objects->pdata[i], &r))
            continue;
          if (!any)
            *out = r;
          else
            vnl_rect_union (out, &r);
          any = TRUE;
        }
    }
  /* A moving hub or Virtual WAN takes its membership lines along. */
  {
    GPtrArray *hubs = vnl_design_get_objects (self->design, VNL_KIND_VIRTUAL_HUB);

    for (guint i = 0; i < hubs->len; i++)
      {
        VnlObject *wan;
        NodeGeom *a, *b;
        VnlRect r;

        if (!wan_member (self, hubs->pdata[i], &wan, &a, &b) ||
            !(node_is_moving (self, wan) || node_is_moving (self, hubs->pdata[i])))
          continue;
        r = a->icon;
        vnl_rect_union (&r, &b->icon);
        if (!any)
          *out = r;
        else
          vnl_rect_union (out, &r);
        any = TRUE;
      }
  }
  /* Line casings, dash badges and link labels reach past the ends. */
  if (any)
    rect_inflate (out, 24);
  return any;
}

void
vnl_renderer_draw_moving (VnlRenderer *self,
                          cairo_t     *cr)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  if (self->moving == NULL)
    return;
  self->pass = PASS_MOVING;
  vnl_renderer_draw (self, cr, NULL);
  self->pass = PASS_STILL;
}

void
vnl_renderer_draw_background (VnlRenderer   *self,
                              cairo_t       *cr,
                              const VnlRect *area,
                              double         grid)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  cairo_save (cr);
  if (paints_recordings (cr))
    {
      /* cairo 1.16's PDF analysis adds each operation of a recording it
       * paints (an icon) to the page's region of native operations with
       * the recording's transformation applied twice, so those regions
       * land past the page, where no background subsumes them, and the
       * region grows by an icon's worth of rectangles each time: every
       * union then walks it (quadratic; 8 % of a 1,000-VNet export).
       * The background painted as a recording scaled BACKGROUND_SCALE
       * times makes that region one rectangle as many times the page,
       * which every later icon's falls inside. It is one form of one
       * rectangle in the file and looks the same. */
      cairo_rectangle_t extents = { 0, 0, area->width / BACKGROUND_SCALE, area->height / BACKGROUND_SCALE };
      cairo_surface_t *fill = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cairo_t *fcr = cairo_create (fill);

      /* The page's rectangle itself, as the recording's extents are whole
       * units. */
      set_color (fcr, &self->style.background, 1);
      cairo_rectangle (fcr, 0, 0, extents.width, extents.height);
      cairo_fill (fcr);
      cairo_destroy (fcr);
      cairo_save (cr);
      cairo_translate (cr, area->x, area->y);
      cairo_scale (cr, BACKGROUND_SCALE, BACKGROUND_SCALE);
      cairo_set_source_surface (cr, fill, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      /* Finished first, as an icon's (icon_entry_free()). */
      cairo_surface_finish (fill);
      cairo_surface_destroy (fill);
    }
  else
    {
      set_color (cr, &self->style.background, 1);
      cairo_rectangle (cr, area->x, area->y, area->width, area->height);
      cairo_fill (cr);
    }

  if (grid > 0)
    {
      double x0 = floor (area->x / grid) * grid;
      double y0 = floor (area->y / grid) * grid;
      double dot = 1.2;
      double dx = 1, dy = 0;

      /* Keep the dots about one device pixel whatever the zoom, and at
       * least 8 pixels apart: zoomed out, every fifth dot remains. */
      cairo_user_to_device_distance (cr, &dx, &dy);
      dot = 1.1 / MAX (hypot (dx, dy), 0.01);
      while (grid * hypot (dx, dy) < 8)
        grid *= 5;
      x0 = floor (area->x / grid) * grid;
      y0 = floor (area->y / grid) * grid;
      set_color (cr, &self->style.grid, self->style.dark ? 2.0 : 2.5);
      for (double y = y0; y <= area->y + area->height; y += grid)
        for (double x = x0; x <= area->x + area->width; x += grid)
          cairo_rectangle (cr, x - dot / 2, y - dot / 2, dot, dot);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

void
vnl_renderer_draw_legend (VnlRenderer *self,
                          cairo_t     *cr,
                          double       x,
                          double       y,
                          VnlRect     *out_extent)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (self->pango);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  const double row = 18, swatch = 34, pad = 10;
  double width = 0;
  VnlRect box;

  g_return_if_fail (VNL_IS_RENDERER (self));

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  for (guint i = 0; i < VNL_N_LINK_STYLES; i++)
    {
      int w, h;
      pango_layout_set_text (layout, vnl_link_style_get_label (i), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      width = MAX (width, w);
    }
  width += swatch + 8 + 2 * pad;
  box = (VnlRect) { x, y, width, (VNL_N_LINK_STYLES + 1) * row + 2 * pad - 4 };

  cairo_save (cr);
  rounded_rect (cr, &box, 8);
  set_color (cr, &self->style.background, 0.92);
  cairo_fill_preserve (cr);
  set_color (cr, &self->style.dim, 0.35);
  cairo_set_line_width (cr, 1);
  stroke_path (cr, FALSE);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i <= VNL_N_LINK_STYLES; i++)
    {
      double ly = y + pad + i * row + row / 2 - 2;
      int w, h;

      if (i < VNL_N_LINK_STYLES)
        {
          const LinkStyleInfo *info = &link_styles[i];
          set_color (cr, self->style.dark ? &info->dark : &info->light, 1);
          cairo_set_dash (cr, info->dash, info->n_dash, 0);
          cairo_set_line_width (cr, info->width);
          pango_layout_set_text (layout, vnl_link_style_get_label (i), -1);
        }
      else
        {
          static const double dash[] = { 4, 4 };
          set_color (cr, &self->style.down, 1);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_set_line_width (cr, 2);
          pango_layout_set_text (layout, _("Down (any kind)"), -1);
        }
      cairo_move_to (cr, x + pad, ly);
      cairo_line_to (cr, x + pad + swatch, ly);
      stroke_path (cr, FALSE);
      cairo_set_dash (cr, NULL, 0, 0);

      pango_layout_get_pixel_size (layout, &w, &h);
      set_color (cr, &self->style.foreground, 1);
      cairo_move_to (cr, x + pad + swatch + 8, ly - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);

  if (out_extent != NULL)
    *out_extent = box;
}

/* Overlays */

static void
outline_object (VnlRenderer    *self,
                cairo_t        *cr,
                VnlObject      *object,
                const VnlColor *color,
                double          width)
{
  if (vnl_object_is_node (object))
    {
      NodeGeom *geom = g_hash_table_lookup (self->nodes, object);
      VnlRect r;

      if (geom == NULL)
        return;
      r = geom->box;
      rect_inflate (&r, 4);
      rounded_rect (cr, &r, 8);
      set_color (cr, color, 0.12);
      cairo_fill_preserve (cr);
      set_color (cr, color, 1);
      cairo_set_line_width (cr, width);
      stroke_path (cr, FALSE);
    }
  else
    {
      VnlPoint a, b;

      if (!vnl_renderer_get_link_ends (self, object, &a, &b))
        return;
      link_path (object, cr, a, b);
      set_color (cr, color, 0.45);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 6 + width * 2);
      stroke_path (cr, FALSE);
      /* Handles at both ends. */
      for (guint i = 0; i < 2; i++)
        {
          VnlPoint p = i == 0 ? a : b;
          cairo_arc (cr, p.x, p.y, 4, 0, 2 * G_PI);
          set_color (cr, &self->style.background, 1);
          cairo_fill_preserve (cr);
          set_color (cr, color, 1);
          cairo_set_line_width (cr, 2);
          stroke_path (cr, FALSE);
        }
    }
}

void
vnl_renderer_draw_selection (VnlRenderer *self,
                             cairo_t     *cr,
                             GPtrArray   *objects)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  if (objects == NULL)
    return;
  ensure_geometry (self);
  cairo_save (cr);
  for (guint i = 0; i < objects->len; i++)
    outline_object (self, cr, objects->pdata[i], &self->style.accent, 2);
  cairo_restore (cr);
}

void
vnl_renderer_draw_highlight (VnlRenderer    *self,
                             cairo_t        *cr,
                             GPtrArray      *objects,
                             const VnlColor *color)
{
  g_return_if_fail (VNL_IS_RENDERER (self));

  if (objects == NULL)
    return;
  ensure_geometry (self);
  cairo_save (cr);
  for (guint i = 0; i < objects->len; i++)
    outline_object (self, cr, objects->pdata[i], color != NULL ? color : &self->style.accent, 2.5);
  cairo_restore (cr);
}

/* A round red badge with "!" at the top right of a node's icon, or on a
 * link's middle: the object has a problem (the designer's live checks).
 * Kept the same size on screen down to 50 % zoom. */
void
vnl_renderer_draw_problem_badge (VnlRenderer *self,
                                 cairo_t     *cr,
                                 gpointer     object,
                                 double       zoom)
{
  static const VnlColor red = { 0.80, 0.13, 0.16, 1 };
  double r = 7.0 / CLAMP (zoom, 0.5, 1.0);
  double x, y;

  g_return_if_fail (VNL_IS_RENDERER (self));

  ensure_geometry (self);
  if (vnl_object_is_node (object))
    {
      NodeGeom *geom = g_hash_table_lookup (self->nodes, object);

      if (geom == NULL)
        return;
      x = geom->icon.x + geom->icon.width;
      y = geom->icon.y;
    }
  else
    {
      VnlPoint a, b;

      if (!vnl_renderer_get_link_ends (self, object, &a, &b))
        return;
      x = (a.x + b.x) / 2;
      y = (a.y + b.y) / 2;
    }
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  set_color (cr, &red, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, r / 5);
  stroke_path (cr, FALSE);
  /* The "!": a bar and a dot. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, r / 3.5);
  cairo_move_to (cr, x, y - r * 0.5);
  cairo_line_to (cr, x, y + r * 0.1);
  stroke_path (cr, FALSE);
  cairo_arc (cr, x, y + r * 0.5, r / 7, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Geometry queries */

gboolean
vnl_renderer_get_bounds (VnlRenderer *self,
                         VnlRect     *out)
{
  GHashTableIter iter;
  gpointer value;
  gboolean any = FALSE;

  g_return_val_if_fail (VNL_IS_RENDERER (self), FALSE);

  ensure_geometry (self);
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      NodeGeom *geom = value;
      if (!any)
        *out = geom->box;
      else
        vnl_rect_union (out, &geom->box);
      any = TRUE;
    }
  g_hash_table_iter_init (&iter, self->frames);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    vnl_rect_union (out, value);

  return any;
}

gboolean
vnl_renderer_get_object_bounds (VnlRenderer *self,
                                gpointer     object,
                                VnlRect     *out)
{
  NodeGeom *geom;

  g_return_val_if_fail (VNL_IS_RENDERER (self), FALSE);

  ensure_geometry (self);
  geom = g_hash_table_lookup (self->nodes, object);
  if (geom != NULL)
    {
      *out = geom->box;
      return TRUE;
    }
  if (!vnl_object_is_node (object))
    {
      VnlPoint a, b;
      VnlObject *link = object;

      if (!vnl_renderer_get_link_ends (self, object, &a, &b))
        return FALSE;
      *out = (VnlRect) { MIN (a.x, b.x), MIN (a.y, b.y), fabs (b.x - a.x), fabs (b.y - a.y) };
      for (guint i = 0; i < link->bends->len; i++)
        {
          VnlPoint *p = &g_array_index (link->bends, VnlPoint, i);
          VnlRect pr = { p->x, p->y, 0, 0 };
          vnl_rect_union (out, &pr);
        }
      return TRUE;
    }
  return FALSE;
}

char *
_vnl_renderer_get_label (VnlRenderer *self,
                         gpointer     object,
                         VnlRect     *rect)
{
  NodeGeom *geom;
  GString *text;

  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);

  ensure_geometry (self);
  if ((geom = g_hash_table_lookup (self->nodes, object)) == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < geom->n_lines; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", geom->lines[i]->text);
  *rect = geom->label;
  return g_string_free (text, FALSE);
}

PangoContext *
_vnl_renderer_get_context (VnlRenderer *self)
{
  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);
  return self->pango;
}

gboolean
vnl_renderer_get_frame (VnlRenderer *self,
                        gpointer     object,
                        VnlRect     *out)
{
  VnlRect *frame;

  g_return_val_if_fail (VNL_IS_RENDERER (self), FALSE);

  ensure_geometry (self);
  frame = g_hash_table_lookup (self->frames, object);
  if (frame == NULL)
    return FALSE;
  *out = *frame;
  return TRUE;
}

static double
segment_distance (VnlPoint p,
                  VnlPoint a,
                  VnlPoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static double
link_distance (VnlObject *object,
               VnlPoint   p,
               VnlPoint   a,
               VnlPoint   b)
{
  VnlPoint prev = a;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i <= object->bends->len; i++)
    {
      VnlPoint next = i < object->bends->len ? g_array_index (object->bends, VnlPoint, i) : b;
      best = MIN (best, segment_distance (p, prev, next));
      prev = next;
    }
  return best;
}

/* The topmost node (in reverse drawing order: vnl_renderer_draw() draws the
 * kinds of node_kinds in order, each kind's objects in design order) whose
 * icon — or with @labels, whose label or MSEE pill — holds (x, y). */
static VnlObject *
node_at (VnlRenderer *self,
         double       x,
         double       y,
         gboolean     labels)
{
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);

  for (guint k = n_node_kinds; k-- > 0;)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, node_kinds[k]);

      for (guint i = objects->len; i-- > 0;)
        {
          VnlObject *object = objects->pdata[i];
          NodeGeom *geom = g_hash_table_lookup (self->nodes, object);

          if (geom == NULL)
            continue;
          if (!labels && vnl_rect_contains (&geom->icon, x, y))
            return object;
          if (labels && vnl_rect_contains (&geom->box, x, y) &&
              (vnl_rect_contains (&geom->label, x, y) || object->kind == VNL_KIND_CIRCUIT))
            return object;
        }
    }
  return NULL;
}

gpointer
vnl_renderer_hit_test (VnlRenderer *self,
                       double       x,
                       double       y,
                       double       tolerance)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);
  gpointer best = NULL;
  double best_d = tolerance;
  VnlObject *node;

  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);

  ensure_geometry (self);

  /* Rule 1: an icon wins over everything; Rule 2: then a label or a
   * circuit's MSEE pill. Within each, what is drawn last (on top) is hit
   * first. */
  if ((node = node_at (self, x, y, FALSE)) != NULL)
    return node;
  if ((node = node_at (self, x, y, TRUE)) != NULL)
    return node;

  /* Rule 3: the nearest link within the tolerance. */
  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlPoint a, b;
          double d;

          if (!vnl_renderer_get_link_ends (self, objects->pdata[i], &a, &b))
            continue;
          d = link_distance (objects->pdata[i], (VnlPoint) { x, y }, a, b);
          if (d <= best_d)
            {
              best = objects->pdata[i];
              best_d = d;
            }
        }
    }

  return best;
}

gpointer
vnl_renderer_container_at (VnlRenderer *self,
                           double       x,
                           double       y,
                           VnlKind      kind)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer best = NULL;
  double best_area = G_MAXDOUBLE;

  g_return_val_if_fail (VNL_IS_RENDERER (self), NULL);

  ensure_geometry (self);
  /* The smallest frame holding the point: nested-looking frames resolve to
   * the inner one. */
  g_hash_table_iter_init (&iter, self->frames);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VnlRect *frame = value;
      if (((VnlObject *) key)->kind != kind || !vnl_rect_contains (frame, x, y))
        continue;
      if (frame->width * frame->height < best_area)
        {
          best = key;
          best_area = frame->width * frame->height;
        }
    }
  return best;
}

static gboolean
rect_inside (const VnlRect *inner,
             const VnlRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

GPtrArray *
vnl_renderer_objects_in_rect (VnlRenderer   *self,
                              const VnlRect *rect)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);
  GPtrArray *result = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VNL_IS_RENDERER (self), result);

  ensure_geometry (self);
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (rect_inside (&((NodeGeom *) value)->icon, rect))
      g_ptr_array_add (result, key);

  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlPoint a, b;
          if (vnl_renderer_get_link_ends (self, objects->pdata[i], &a, &b) &&
              vnl_rect_contains (rect, a.x, a.y) && vnl_rect_contains (rect, b.x, b.y))
            g_ptr_array_add (result, objects->pdata[i]);
        }
    }

  return result;
}

/* SVG */

/*
 * vnl_renderer_write_svg() writes the scene vnl_renderer_draw() draws on a
 * vector surface (no clip, full detail) as SVG elements, from the same
 * geometry (NodeGeom, the frames, link ends, label places) and the same
 * styles (link_styles, the style's colours, the fonts above), in the same
 * order, so that overlaps come out alike: labels as <text> in the font
 * pango resolved for them, icons as <use> of one <symbol> each. cairo's SVG
 * surface wrote every glyph of every label as a <use> of its own and
 * replayed the page twice; this is one pass over the geometry.
 */

/* @v with at most two decimals, without printf: a big diagram has
 * hundreds of thousands of numbers. */
static void
svg_num (GString *out,
         double   v)
{
  gint64 n = (gint64) llround (v * 100);
  char buf[32];
  int i = sizeof buf;
  gint64 whole;

  if (n < 0)
    {
      g_string_append_c (out, '-');
      n = -n;
    }
  whole = n / 100;
  n %= 100;
  if (n != 0)
    {
      if (n % 10 != 0)
        buf[--i] = '0' + n % 10;
      buf[--i] = '0' + n / 10;
      buf[--i] = '.';
    }
  do
    {
      buf[--i] = '0' + whole % 10;
      whole /= 10;
    }
  while (whole > 0);
  g_string_append_len (out, buf + i, sizeof buf - i);
}

/* ` NAME="V"` */
static void
svg_attr_num (GString    *out,
              const char *name,
              double      v)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  svg_num (out, v);
  g_string_append_c (out, '"');
}

static void
svg_hex (GString        *out,
         const VnlColor *color)
{
  static const char digits[] = "0123456789abcdef";
  const double c[3] = { color->r, color->g, color->b };

  g_string_append_c (out, '#');
  for (guint i = 0; i < 3; i++)
    {
      int v = CLAMP ((int) (c[i] * 255 + 0.5), 0, 255);

      g_string_append_c (out, digits[v >> 4]);
      g_string_append_c (out, digits[v & 15]);
    }
}

/* ` fill="#rrggbb" fill-opacity="A"` (or stroke), as set_color() sets it. */
static void
svg_paint (GString        *out,
           const char     *what,
           const VnlColor *color,
           double          alpha)
{
  double a = color->a * alpha;

  g_string_append_c (out, ' ');
  append_pair (out, what, "=\"");
  svg_hex (out, color);
  g_string_append_c (out, '"');
  if (a < 1)
    {
      g_string_append_c (out, ' ');
      append_pair (out, what, "-opacity=\"");
      svg_num (out, a);
      g_string_append_c (out, '"');
    }
}

static void
svg_escape (GString    *out,
            const char *text,
            gssize      len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;

  for (const char *p = text; p < end; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\n': case '\r': break;
      default: g_string_append_c (out, *p); break;
      }
}

static void
svg_arc_to (GString *out,
            double   radius,
            double   x,
            double   y)
{
  g_string_append (out, " A ");
  svg_num (out, radius);
  g_string_append_c (out, ' ');
  svg_num (out, radius);
  g_string_append (out, " 0 0 1 ");
  svg_num (out, x);
  g_string_append_c (out, ' ');
  svg_num (out, y);
}

/* ` d="…"` of rounded_rect(): the same start and direction, so that a
 * dash pattern starts where cairo's does. */
static void
svg_rounded_rect (GString       *out,
                  const VnlRect *r,
                  double         radius)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  g_string_append (out, " d=\"M ");
  svg_num (out, r->x + r->width - radius);
  g_string_append_c (out, ' ');
  svg_num (out, r->y);
  svg_arc_to (out, radius, r->x + r->width, r->y + radius);
  g_string_append (out, " V ");
  svg_num (out, r->y + r->height - radius);
  svg_arc_to (out, radius, r->x + r->width - radius, r->y + r->height);
  g_string_append (out, " H ");
  svg_num (out, r->x + radius);
  svg_arc_to (out, radius, r->x, r->y + r->height - radius);
  g_string_append (out, " V ");
  svg_num (out, r->y + radius);
  svg_arc_to (out, radius, r->x + radius, r->y);
  g_string_append (out, " Z\"");
}

static void
svg_dash (GString      *out,
          const double *dash,
          int           n_dash)
{
  if (n_dash == 0)
    return;
  g_string_append (out, " stroke-dasharray=\"");
  for (int i = 0; i < n_dash; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      svg_num (out, dash[i]);
    }
  g_string_append_c (out, '"');
}

/* The CSS of @font as pango draws it here: the family it resolves to,
 * the size in CSS pixels (the context's 96 dpi), weight and style. */
static void
svg_font_css (VnlRenderer *self,
              GString     *out,
              const char  *font,
              double       scale,
              gboolean     bold)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  PangoFont *loaded;
  PangoFontDescription *used;
  const char *family;
  double px;

  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  loaded = pango_context_load_font (self->pango, desc);
  used = loaded != NULL ? pango_font_describe (loaded) : NULL;
  family = used != NULL ? pango_font_description_get_family (used) : NULL;
  px = pango_font_description_get_size (desc) / (double) PANGO_SCALE * scale;

  if (!pango_font_description_get_size_is_absolute (desc))
    px *= pango_cairo_context_get_resolution (self->pango) / 72.0;
  g_string_append (out, "font-family:");
  if (family != NULL)
    {
      g_string_append_c (out, '\'');
      svg_escape (out, family, -1);
      g_string_append (out, "',");
    }
  g_string_append (out, "sans-serif;font-size:");
  svg_num (out, px);
  g_string_append_printf (out, "px;font-weight:%d;font-style:%s",
                          (int) pango_font_description_get_weight (desc),
                          pango_font_description_get_style (desc) == PANGO_STYLE_ITALIC
                          ? "italic" : "normal");
  if (used != NULL)
    pango_font_description_free (used);
  g_clear_object (&loaded);
  pango_font_description_free (desc);
}

static void
svg_text_class (VnlRenderer    *self,
                GString        *out,
                const char     *name,
                const char     *font,
                double          scale,
                gboolean        bold,
                const VnlColor *color)
{
  g_string_append_printf (out, "text.%s{", name);
  svg_font_css (self, out, font, scale, bold);
  g_string_append (out, ";fill:");
  svg_hex (out, color);
  g_string_append (out, "}\n");
}

static void
svg_text (GString    *out,
          const char *klass,
          double      x,
          double      y,
          const char *text,
          gssize      len)
{
  append_pair (out, "<text class=\"", klass);
  g_string_append_c (out, '"');
  svg_attr_num (out, "x", x);
  svg_attr_num (out, "y", y);
  g_string_append_c (out, '>');
  svg_escape (out, text, len);
  g_string_append (out, "</text>\n");
}

/* An icon: a <use> of its symbol, numbered as the icon markers are. */
static void
svg_icon (VnlRenderer *self,
          GString     *out,
          const char  *icon,
          const VnlRect *r)
{
  guint index;

  if (get_icon (self, icon)->handle == NULL)
    return;
  if (self->icon_marks == NULL)
    self->icon_marks = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (self->icon_marks, icon, g_str_equal, &index))
    {
      index = self->icon_marks->len;
      g_ptr_array_add (self->icon_marks, g_strdup (icon));
    }
  g_string_append_printf (out, "<use xlink:href=\"#vnl-icon-%u\"", index);
  svg_attr_num (out, "x", r->x);
  svg_attr_num (out, "y", r->y);
  svg_attr_num (out, "width", r->width);
  svg_attr_num (out, "height", r->height);
  g_string_append (out, "/>\n");
}

/* draw_down_badge() */
static void
svg_down_badge (VnlRenderer *self,
                GString     *out,
                VnlPoint     p)
{
  g_string_append (out, "<circle");
  svg_attr_num (out, "cx", p.x);
  svg_attr_num (out, "cy", p.y);
  g_string_append (out, " r=\"7\"");
  svg_paint (out, "fill", &self->style.down, 1);
  g_string_append (out, "/>\n<path d=\"M ");
  svg_num (out, p.x - 3);
  g_string_append_c (out, ' ');
  svg_num (out, p.y - 3);
  g_string_append (out, " l 6 6 m 0 -6 l -6 6\" stroke=\"#ffffff\" stroke-width=\"1.8\"/>\n");
}

/* draw_frames() */
static void
svg_frames (VnlRenderer *self,
            GString     *out)
{
  for (guint i = 0; i < self->frame_order->len; i++)
    {
      VnlObject *object = self->frame_order->pdata[i];
      VnlColor tint = *icon_colour (self, vnl_icon_for_object (object));

      g_string_append (out, "<path");
      svg_rounded_rect (out, g_hash_table_lookup (self->frames, object), 12);
      svg_paint (out, "fill", &tint, self->style.dark ? 0.12 : 0.06);
      svg_paint (out, "stroke", &tint, self->style.dark ? 0.55 : 0.40);
      g_string_append (out, " stroke-width=\"1.2\"");
      if (object->kind == VNL_KIND_SITE)
        g_string_append (out, " stroke-dasharray=\"5 3\"");
      g_string_append (out, "/>\n");
    }
}

/* draw_wan_members() */
static void
svg_wan_members (VnlRenderer *self,
                 GString     *out)
{
  GPtrArray *hubs = vnl_design_get_objects (self->design, VNL_KIND_VIRTUAL_HUB);

  for (guint i = 0; i < hubs->len; i++)
    {
      VnlObject *wan;
      NodeGeom *a, *b;
      VnlPoint pa, pb;

      if (!wan_member (self, hubs->pdata[i], &wan, &a, &b))
        continue;
      pa = clip_to_rect (&a->icon, (VnlPoint) { b->icon.x + b->icon.width / 2, b->icon.y + b->icon.height / 2 });
      pb = clip_to_rect (&b->icon, (VnlPoint) { a->icon.x + a->icon.width / 2, a->icon.y + a->icon.height / 2 });
      g_string_append (out, "<path d=\"M ");
      svg_num (out, pa.x);
      g_string_append_c (out, ' ');
      svg_num (out, pa.y);
      g_string_append (out, " L ");
      svg_num (out, pb.x);
      g_string_append_c (out, ' ');
      svg_num (out, pb.y);
      g_string_append_c (out, '"');
      svg_paint (out, "stroke", icon_colour (self, vnl_icon_for_object (wan)), 0.6);
      g_string_append (out, " stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-dasharray=\"1.5 4\"/>\n");
    }
}

/* draw_links() */
static void
svg_links (VnlRenderer *self,
           GString     *out)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);
  g_autoptr(GString) d = g_string_new (NULL);

  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);
      const LinkStyleInfo *info = &link_styles[vnl_link_style_for_kind (link_kinds[k])];

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlPoint a, b;

          if (!vnl_renderer_get_link_ends (self, object, &a, &b))
            continue;
          g_string_assign (d, " d=\"M ");
          svg_num (d, a.x);
          g_string_append_c (d, ' ');
          svg_num (d, a.y);
          for (guint j = 0; j < object->bends->len; j++)
            {
              VnlPoint *p = &g_array_index (object->bends, VnlPoint, j);

              g_string_append (d, " L ");
              svg_num (d, p->x);
              g_string_append_c (d, ' ');
              svg_num (d, p->y);
            }
          g_string_append (d, " L ");
          svg_num (d, b.x);
          g_string_append_c (d, ' ');
          svg_num (d, b.y);
          g_string_append_c (d, '"');

          /* The casing, then the line. */
          g_string_append (out, "<path");
          g_string_append_len (out, d->str, d->len);
          svg_paint (out, "stroke", &self->style.background, 0.9);
          svg_attr_num (out, "stroke-width", info->width + 3);
          g_string_append (out, "/>\n<path");
          g_string_append_len (out, d->str, d->len);
          if (object->up)
            {
              svg_paint (out, "stroke", self->style.dark ? &info->dark : &info->light, 1);
              svg_attr_num (out, "stroke-width", info->width);
              svg_dash (out, info->dash, info->n_dash);
            }
          else
            {
              static const double down_dash[] = { 4, 4 };

              svg_paint (out, "stroke", &self->style.down, 1);
              svg_attr_num (out, "stroke-width", MAX (info->width, 2.0));
              svg_dash (out, down_dash, 2);
            }
          g_string_append (out, "/>\n");
          if (!object->up)
            svg_down_badge (self, out, link_midpoint (object, a, b));
        }
    }
}

/* draw_link_labels() */
static void
svg_link_labels (VnlRenderer *self,
                 GString     *out)
{
  guint n_link_kinds;
  const VnlKind *link_kinds = vnl_kinds_links (&n_link_kinds);

  for (guint k = 0; k < n_link_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, link_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          TextLine *label;
          VnlRect r;

          if (!(label = link_label_place (self, object, &r)))
            continue;
          g_string_append (out, "<path");
          svg_rounded_rect (out, &r, 3);
          svg_paint (out, "fill", &self->style.halo, 1);
          g_string_append (out, "/>\n");
          svg_text (out, "vnl-link", r.x + 3, r.y + 1 + label->baseline / (double) PANGO_SCALE,
                    object->name, -1);
        }
    }
}

/* The lines of a node's label (compute_node()): the name, then the
 * details, each at its baseline. */
static void
svg_label (GString        *out,
           const NodeGeom *geom)
{
  int y = 0;

  for (guint i = 0; i < geom->n_lines; y += geom->lines[i++]->height)
    {
      TextLine *line = geom->lines[i];
      const char *text = line->text;

      if (*text != '\0')
        svg_text (out, line->style == TEXT_NAME ? "vnl-name" : "vnl-detail",
                  geom->label.x + line_x (geom->label_width, line) / (double) PANGO_SCALE,
                  geom->label.y + (y + line->baseline) / (double) PANGO_SCALE, text, -1);
    }
}

/* draw_node() */
static void
svg_node (VnlRenderer *self,
          GString     *out,
          VnlObject   *object,
          NodeGeom    *geom,
          PangoLayout *msee)
{
  VnlRect halo;

  if (object->kind == VNL_KIND_CIRCUIT)
    {
      const VnlColor *purple = &link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].light;
      const VnlColor *edge = self->style.dark ? &link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].dark : purple;
      int w, h;

      pango_layout_get_pixel_size (msee, &w, &h);
      for (guint i = 0; i < 2; i++)
        {
          VnlRect pill;

          circuit_pill (geom, i, &pill);
          g_string_append (out, "<path d=\"M ");
          svg_num (out, geom->icon.x + (i == 0 ? 0 : geom->icon.width));
          g_string_append_c (out, ' ');
          svg_num (out, pill.y + pill.height / 2);
          g_string_append (out, " H ");
          svg_num (out, i == 0 ? pill.x + pill.width : pill.x);
          g_string_append_c (out, '"');
          svg_paint (out, "stroke", purple, 1);
          g_string_append (out, " stroke-width=\"2\"/>\n<path");
          svg_rounded_rect (out, &pill, PILL_H / 2);
          svg_paint (out, "fill", &self->style.background, 1);
          svg_paint (out, "stroke", edge, 1);
          g_string_append (out, " stroke-width=\"1.5\"/>\n");
          svg_text (out, "vnl-msee", pill.x + (pill.width - w) / 2,
                    pill.y + (pill.height - h) / 2 + pango_layout_get_baseline (msee) / (double) PANGO_SCALE,
                    "MSEE", -1);
        }
    }

  if (object->up)
    svg_icon (self, out, vnl_icon_for_object (object), &geom->icon);
  else
    {
      VnlRect r = geom->icon;

      g_string_append (out, "<g opacity=\"0.4\">\n");
      svg_icon (self, out, vnl_icon_for_object (object), &geom->icon);
      g_string_append (out, "</g>\n<path");
      rect_inflate (&r, 3);
      svg_rounded_rect (out, &r, 10);
      g_string_append (out, " fill=\"none\"");
      svg_paint (out, "stroke", &self->style.down, 1);
      g_string_append (out, " stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n");
      svg_down_badge (self, out, (VnlPoint) { r.x + r.width, r.y });
    }

  halo = geom->label;
  rect_inflate (&halo, 1.5);
  g_string_append (out, "<path");
  svg_rounded_rect (out, &halo, 3);
  svg_paint (out, "fill", &self->style.halo, 1);
  g_string_append (out, "/>\n");
  svg_label (out, geom);
}

/**
 * vnl_renderer_write_svg:
 * @self: a renderer
 * @out: where the elements are appended
 *
 * Appends the static scene as SVG elements in design coordinates: what
 * vnl_renderer_draw() draws onto a vector surface with no clip, from the
 * same geometry and styles. Icons are <use> of "#vnl-icon-INDEX", the
 * symbols vnl_renderer_get_marked_icon() returns (numbered with the icon
 * markers); the document must declare the xlink namespace.
 */
void
vnl_renderer_write_svg (VnlRenderer *self,
                        GString     *out)
{
  guint n_node_kinds;
  const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
  PangoLayout *msee;

  g_return_if_fail (VNL_IS_RENDERER (self));
  g_return_if_fail (out != NULL);

  ensure_geometry (self);
  msee = msee_layout (self);

  g_string_append (out, "<g class=\"vnl-scene\" fill=\"none\">\n<style>\n");
  svg_text_class (self, out, "vnl-name", NAME_FONT, 1, TRUE, &self->style.foreground);
  svg_text_class (self, out, "vnl-detail", NAME_FONT, DETAIL_SIZE, FALSE, &self->style.dim);
  svg_text_class (self, out, "vnl-link", LINK_LABEL_FONT, 1, FALSE, &self->style.dim);
  svg_text_class (self, out, "vnl-msee", MSEE_FONT, 1, FALSE,
                  self->style.dark ? &link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].dark
                                   : &link_styles[VNL_LINK_STYLE_CIRCUIT_LINK].light);
  g_string_append (out, "</style>\n");
  svg_frames (self, out);
  svg_wan_members (self, out);
  /* From the links on, cairo strokes with round caps and joins. */
  g_string_append (out, "<g stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
  svg_links (self, out);
  svg_link_labels (self, out);
  for (guint k = 0; k < n_node_kinds; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, node_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          NodeGeom *geom = g_hash_table_lookup (self->nodes, objects->pdata[i]);

          if (geom != NULL)
            svg_node (self, out, objects->pdata[i], geom, msee);
        }
    }
  g_string_append (out, "</g>\n</g>\n");
}
