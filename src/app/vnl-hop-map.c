/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-hop-map"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vnl-hop-map.h"

#define NW_BOX_HEIGHT 56
#define NW_GAP        26
#define NPM_ROW       120
#define NPM_MIN_STEP  80
#define NPM_MARGIN    34

/* One drawn node: a hop, the source, or a run of collapsed hops. */
typedef struct
{
  char    *name;        /* owned */
  char    *type;        /* owned */
  char    *address;     /* owned: "*" for silent */
  double   rtt;         /* average round trip, < 0 unknown */
  double   added;       /* latency added by the segment before it, < 0 unknown */
  int      status;      /* 0 ok, 1 silent/unknown, 2 dropped */
  char    *detail;      /* owned, nullable: drop reason */
  gboolean transit;     /* routes the packet without being a hop (a hub router) */
} Item;

static void
item_clear (Item *item)
{
  g_free (item->name);
  g_free (item->type);
  g_free (item->address);
  g_free (item->detail);
}

struct _VnlHopMap
{
  GtkWidget       parent_instance;

  VnlHopMapStyle  style;
  GPtrArray      *traces;      /* owned container, borrowed VnlTrace* */
  VnlDesign      *design;      /* owned, nullable: names the path's hubs */
  double          threshold;
  guint           visible_hops;
};

G_DEFINE_FINAL_TYPE (VnlHopMap, vnl_hop_map, GTK_TYPE_WIDGET)

static double
avg_rtt (const VnlHop *hop)
{
  double sum = 0;

  for (guint i = 0; i < hop->n_rtt; i++)
    sum += hop->rtt_ms[i];
  return hop->n_rtt > 0 ? sum / hop->n_rtt : -1;
}

static Item
hop_item (const VnlHop *hop,
          double       *last)
{
  Item item = { 0 };

  item.name = g_strdup (hop->node);
  item.type = g_strdup (vnl_hop_kind_to_label (hop->kind));
  item.address = hop->address != 0 ? vnl_ip_to_string (hop->address) : g_strdup ("*");
  item.rtt = avg_rtt (hop);
  item.added = item.rtt >= 0 ? MAX (item.rtt - *last, 0) : -1;
  if (item.rtt >= 0)
    *last = item.rtt;
  item.status = hop->address != 0 ? 0 : 1;
  return item;
}

/* The virtual hubs of @trace's path from @from to before @to, as items:
 * a hub router routes the packet without being a traceroute hop, but
 * Network Watcher's topology shows the hub it crosses. */
static void
add_hubs (GArray      *items,
          VnlDesign   *design,
          VnlTrace    *trace,
          guint        from,
          guint        to)
{
  for (guint p = from; design != NULL && p < to && p < trace->path->len; p++)
    {
      VnlVirtualHub *hub = vnl_design_lookup_kind (design, trace->path->pdata[p], VNL_KIND_VIRTUAL_HUB);
      Item item = { 0 };

      if (hub == NULL)
        continue;
      item.name = g_strdup (hub->parent.name);
      item.type = g_strdup (vnl_hop_kind_to_label (VNL_HOP_HUB_ROUTER));
      item.address = vnl_prefix_to_string (&hub->address_prefix);
      item.rtt = -1;
      item.added = -1;
      item.status = 1;
      item.transit = TRUE;
      g_array_append_val (items, item);
    }
}

/* The source and the hops of @trace as items, with the latency each
 * segment adds (from the last hop that answered); with @design, the
 * virtual hubs crossed between them, in path order. */
static GArray *
trace_items (VnlTrace  *trace,
             VnlDesign *design)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));
  double last = 0;
  Item source = { 0 };
  guint p = 1;

  g_array_set_clear_func (items, (GDestroyNotify) item_clear);
  source.name = g_strdup (trace->source_name != NULL ? trace->source_name : "");
  source.type = g_strdup (_("Source"));
  source.address = vnl_ip_to_string (trace->source);
  source.rtt = 0;
  source.added = -1;
  g_array_append_val (items, source);

  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);
      Item item;

      /* The hubs crossed before this hop's place in the path. */
      for (guint q = p; q < trace->path->len; q++)
        if (g_strcmp0 (trace->path->pdata[q], hop->node) == 0)
          {
            add_hubs (items, design, trace, p, q);
            p = q + 1;
            break;
          }
      item = hop_item (hop, &last);
      g_array_append_val (items, item);
    }
  /* A packet dropped after a hub. */
  if (!trace->reached)
    add_hubs (items, design, trace, p, trace->path->len);
  if (!trace->reached)
    {
      Item *tail = items->len > 0 ? &g_array_index (items, Item, items->len - 1) : NULL;
      g_autofree char *detail = g_strdup (trace->drop_detail != NULL ? trace->drop_detail
                                          : _(vnl_drop_reason_to_string (trace->drop)));

      if (tail != NULL && trace->drop_node != NULL && g_strcmp0 (tail->name, trace->drop_node) == 0)
        {
          tail->status = 2;
          tail->detail = g_steal_pointer (&detail);
        }
      else
        {
          Item drop = { 0 };
          drop.name = g_strdup (trace->drop_node != NULL ? trace->drop_node : "?");
          drop.type = g_strdup (_("Packet dropped"));
          drop.address = g_strdup ("");
          drop.rtt = -1;
          drop.added = -1;
          drop.status = 2;
          drop.detail = g_steal_pointer (&detail);
          g_array_append_val (items, drop);
        }
    }
  return items;
}

static void
status_icon (cairo_t *cr,
             double   x,
             double   y,
             int      status)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, 8, 0, 2 * G_PI);
  if (status == 0)
    cairo_set_source_rgb (cr, 0.13, 0.6, 0.25);
  else if (status == 1)
    cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  else
    cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2);
  if (status == 0)
    {
      cairo_move_to (cr, x - 4, y);
      cairo_line_to (cr, x - 1, y + 3);
      cairo_line_to (cr, x + 4, y - 3);
    }
  else if (status == 2)
    {
      cairo_move_to (cr, x - 3, y - 3);
      cairo_line_to (cr, x + 3, y + 3);
      cairo_move_to (cr, x + 3, y - 3);
      cairo_line_to (cr, x - 3, y + 3);
    }
  else
    {
      cairo_move_to (cr, x - 4, y);
      cairo_line_to (cr, x + 4, y);
    }
  cairo_stroke (cr);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           const char  *text,
           gboolean     centred)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, centred ? x - w / 2.0 : x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_font (PangoLayout *layout,
          const char  *desc)
{
  PangoFontDescription *font = pango_font_description_from_string (desc);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
}

/* A Network Watcher card: the hop's name, its type and address, and a
 * third line (the drop, the round trip, or that it does not answer),
 * each wrapped to the card's width, so that nothing runs past its right
 * edge however narrow the pane. */
#define NW_TEXT_X   40      /* from the card's left edge */
#define NW_PAD      6
#define NW_MIN_CARD NW_BOX_HEIGHT

typedef struct
{
  char  *lines[3];          /* owned, nullable */
  double height;
} Card;

static void
card_clear (Card *card)
{
  for (guint i = 0; i < G_N_ELEMENTS (card->lines); i++)
    g_free (card->lines[i]);
}

static const char * const card_fonts[] = { "Sans Bold 9", "Sans 8.5", "Sans 8.5" };

/* The lines of @item's card, and its height at @text_width (pixels). */
static void
card_layout (Item        *item,
             guint        index,
             PangoLayout *layout,
             double       text_width,
             Card        *card)
{
  memset (card, 0, sizeof *card);
  card->lines[0] = g_strdup (item->name);
  card->lines[1] = g_strdup_printf ("%s · %s", item->type, item->address[0] != '\0' ? item->address : "—");
  if (item->detail != NULL)
    card->lines[2] = g_strdup (item->detail);
  else if (item->rtt >= 0 && index > 0)
    card->lines[2] = g_strdup_printf (_("RTT %.1f ms"), item->rtt);
  else if (item->transit)
    card->lines[2] = g_strdup (_("Routes the packet; not a traceroute hop"));
  else if (item->status == 1)
    card->lines[2] = g_strdup (_("No response (hop does not answer ICMP)"));

  pango_layout_set_width (layout, (int) (MAX (text_width, 40) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  card->height = 2 * NW_PAD;
  for (guint i = 0; i < G_N_ELEMENTS (card->lines); i++)
    {
      int h;

      if (card->lines[i] == NULL)
        continue;
      set_font (layout, card_fonts[i]);
      pango_layout_set_text (layout, card->lines[i], -1);
      pango_layout_get_pixel_size (layout, NULL, &h);
      card->height += h + 1;
    }
  card->height = MAX (card->height, NW_MIN_CARD);
}

/* The cards of the first trace at @width: their total height. */
static GArray *
network_watcher_cards (VnlHopMap   *self,
                       PangoLayout *layout,
                       int          width,
                       double      *height)
{
  VnlTrace *trace = self->traces->pdata[0];
  g_autoptr(GArray) items = trace_items (trace, self->style == VNL_HOP_MAP_NETWORK_WATCHER ? self->design : NULL);
  GArray *cards = g_array_sized_new (FALSE, TRUE, sizeof (Card), items->len);

  g_array_set_clear_func (cards, (GDestroyNotify) card_clear);
  *height = 10;
  for (guint i = 0; i < items->len; i++)
    {
      Card card;

      card_layout (&g_array_index (items, Item, i), i, layout, width - 40 - NW_TEXT_X - NW_PAD, &card);
      g_array_append_val (cards, card);
      *height += card.height + (i + 1 < items->len ? NW_GAP : 10);
    }
  return cards;
}

static void
draw_network_watcher (VnlHopMap *self,
                      cairo_t   *cr,
                      int        width,
                      GdkRGBA   *fg)
{
  VnlTrace *trace = self->traces->pdata[0];
  g_autoptr(GArray) items = trace_items (trace, self->style == VNL_HOP_MAP_NETWORK_WATCHER ? self->design : NULL);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(GArray) cards = NULL;
  double x = 20, w = width - 40, y = 10, total;

  cards = network_watcher_cards (self, layout, width, &total);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      Card *card = &g_array_index (cards, Card, i);
      double ty = y + NW_PAD;

      cairo_new_path (cr);
      cairo_rectangle (cr, x + 0.5, y + 0.5, w, card->height);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.05);
      cairo_fill_preserve (cr);
      if (item->status == 2)
        cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
      else
        cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.35);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      /* The portal's blue stripe on the left of each hop card. */
      cairo_rectangle (cr, x, y, 4, card->height + 1);
      cairo_set_source_rgb (cr, 0.0, 0.47, 0.83);
      cairo_fill (cr);

      status_icon (cr, x + 22, y + NW_MIN_CARD / 2.0, item->status);
      for (guint l = 0; l < G_N_ELEMENTS (card->lines); l++)
        {
          int h;

          if (card->lines[l] == NULL)
            continue;
          if (l == 0)
            gdk_cairo_set_source_rgba (cr, fg);
          else if (l == 2 && item->detail != NULL)
            cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
          else if (l == 2)
            cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, item->status == 1 ? 0.55 : 0.7);
          set_font (layout, card_fonts[l]);
          pango_layout_set_text (layout, card->lines[l], -1);
          pango_layout_get_pixel_size (layout, NULL, &h);
          cairo_move_to (cr, x + NW_TEXT_X, ty);
          pango_cairo_show_layout (cr, layout);
          ty += h + 1;
        }

      if (i + 1 < items->len)
        {
          double ax = x + w / 2, ay0 = y + card->height + 2, ay1 = y + card->height + NW_GAP - 2;
          cairo_set_source_rgb (cr, 0.0, 0.47, 0.83);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, ax, ay0);
          cairo_line_to (cr, ax, ay1 - 6);
          cairo_stroke (cr);
          cairo_move_to (cr, ax, ay1);
          cairo_line_to (cr, ax - 5, ay1 - 7);
          cairo_line_to (cr, ax + 5, ay1 - 7);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      y += card->height + NW_GAP;
    }
}

/* Collapses the middle intermediate hops into one item. */
static void
collapse (GArray *items,
          guint   visible,
          gboolean reached)
{
  guint first = 1;
  guint last = reached ? items->len - 1 : items->len;   /* exclusive */
  guint n = last > first ? last - first : 0;
  guint keep_head, hide, start;
  double added = 0;
  Item run = { 0 };

  if (n <= visible)
    return;
  keep_head = (visible + 1) / 2;
  hide = n - visible;
  start = first + keep_head;
  for (guint i = start; i < start + hide; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      if (item->added >= 0)
        added += item->added;
    }
  run.name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "⋯ %u hop", "⋯ %u hops", hide), hide);
  run.type = g_strdup (_("Hidden hops"));
  run.address = g_strdup ("");
  run.rtt = -1;
  run.added = added;      /* what the hidden hops add together */
  run.status = 1;
  g_array_remove_range (items, start, hide);
  g_array_insert_val (items, start, run);
}

static void
draw_npm (VnlHopMap *self,
          cairo_t   *cr,
          int        width,
          GdkRGBA   *fg)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);

  for (guint t = 0; t < self->traces->len; t++)
    {
      VnlTrace *trace = self->traces->pdata[t];
      g_autoptr(GArray) items = trace_items (trace, self->style == VNL_HOP_MAP_NETWORK_WATCHER ? self->design : NULL);
      double total = -1, step, y = 40 + t * NPM_ROW;
      gboolean over;
      g_autofree char *title = NULL;

      for (guint i = 0; i < items->len; i++)
        if (g_array_index (items, Item, i).rtt >= 0)
          total = g_array_index (items, Item, i).rtt;
      over = !trace->reached || (total >= 0 && total > self->threshold);
      collapse (items, self->visible_hops, trace->reached);
      step = items->len > 1 ? MAX ((width - 2.0 * NPM_MARGIN) / (items->len - 1), NPM_MIN_STEP) : 0;

      set_font (layout, "Sans Bold 8.5");
      gdk_cairo_set_source_rgba (cr, fg);
      if (!trace->reached)
        title = g_strdup_printf (_("Path %u · unreachable"), t + 1);
      else if (over)
        title = g_strdup_printf (t == 0 ? _("Path %u · round trip %.1f ms · over threshold")
                                 : _("Path %u (ECMP) · round trip %.1f ms · over threshold"), t + 1, total);
      else
        title = g_strdup_printf (t == 0 ? _("Path %u · round trip %.1f ms")
                                 : _("Path %u (ECMP) · round trip %.1f ms"), t + 1, total);
      if (over)
        cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
      show_text (cr, layout, 12, y - 34, title, FALSE);

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          double x = NPM_MARGIN + i * step;

          if (i > 0)
            {
              double px = NPM_MARGIN + (i - 1) * step;
              static const double dash[] = { 5, 4 };
              g_autofree char *added = NULL;

              if (over)
                cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
              else
                cairo_set_source_rgb (cr, 0.13, 0.6, 0.25);
              cairo_set_line_width (cr, 3);
              if (item->status == 2 || item->added < 0)
                cairo_set_dash (cr, dash, 2, 0);
              cairo_move_to (cr, px + 13, y);
              cairo_line_to (cr, x - 13, y);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
              set_font (layout, "Sans 8");
              added = item->added >= 0 ? g_strdup_printf ("+%.1f ms", item->added) : g_strdup ("?");
              show_text (cr, layout, (px + x) / 2, y - 20, added, TRUE);
            }
          cairo_new_path (cr);
          cairo_arc (cr, x, y, 12, 0, 2 * G_PI);
          if (i == 0 || (trace->reached && i + 1 == items->len))
            cairo_set_source_rgb (cr, 0.0, 0.47, 0.83);
          else if (item->status == 2)
            cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
          else if (item->status == 1)
            cairo_set_source_rgb (cr, 0.62, 0.62, 0.62);
          else
            cairo_set_source_rgb (cr, 0.35, 0.35, 0.4);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, fg);
          set_font (layout, "Sans Bold 7.5");
          show_text (cr, layout, x, y + 15, item->name, TRUE);
          set_font (layout, "Sans 7.5");
          show_text (cr, layout, x, y + 28, item->address, TRUE);
          if (item->detail != NULL)
            {
              cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
              show_text (cr, layout, x, y + 41, item->detail, TRUE);
            }
        }
    }
}

static void
vnl_hop_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  VnlHopMap *self = VNL_HOP_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  cairo_t *cr;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->traces->len == 0)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      show_text (cr, layout, width / 2.0, 20, _("Pick a source and a destination on the canvas."), TRUE);
    }
  else if (self->style == VNL_HOP_MAP_NETWORK_WATCHER)
    draw_network_watcher (self, cr, width, &fg);
  else
    draw_npm (self, cr, width, &fg);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
vnl_hop_map_get_request_mode (GtkWidget *widget)
{
  return VNL_HOP_MAP (widget)->style == VNL_HOP_MAP_NETWORK_WATCHER ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH
                                                                   : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
vnl_hop_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  VnlHopMap *self = VNL_HOP_MAP (widget);
  guint n = 0;

  /* The source, the hops, and a drop card when it is not reached. */
  for (guint t = 0; t < self->traces->len; t++)
    {
      VnlTrace *trace = self->traces->pdata[t];
      n = MAX (n, trace->hops->len + (trace->reached ? 1 : 2));
    }
  if (self->style == VNL_HOP_MAP_NETWORK_WATCHER && orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 260;
  else if (self->style == VNL_HOP_MAP_NETWORK_WATCHER && self->traces->len > 0 && for_size > 0)
    {
      /* Cards grow with their wrapped text: height for the width given. */
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
      g_autoptr(GArray) cards = NULL;
      double height;

      cards = network_watcher_cards (self, layout, for_size, &height);
      *minimum = (int) ceil (height);
    }
  else if (self->style == VNL_HOP_MAP_NETWORK_WATCHER)
    *minimum = 20 + n * (NW_BOX_HEIGHT + NW_GAP);
  else if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Nodes: the source, the shown hops, a collapsed run, the destination. */
      guint shown = MIN (n, self->visible_hops == G_MAXUINT ? n : self->visible_hops + 3);
      *minimum = 2 * NPM_MARGIN + (shown > 1 ? shown - 1 : 1) * NPM_MIN_STEP;
    }
  else
    *minimum = 40 + MAX (self->traces->len, 1) * NPM_ROW;
  *natural = *minimum;
}

static void
vnl_hop_map_finalize (GObject *object)
{
  VnlHopMap *self = (VnlHopMap *) object;

  g_ptr_array_unref (self->traces);
  g_clear_object (&self->design);
  G_OBJECT_CLASS (vnl_hop_map_parent_class)->finalize (object);
}

static void
vnl_hop_map_class_init (VnlHopMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vnl_hop_map_finalize;
  widget_class->snapshot = vnl_hop_map_snapshot;
  widget_class->measure = vnl_hop_map_measure;
  widget_class->get_request_mode = vnl_hop_map_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "vnlhopmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vnl_hop_map_init (VnlHopMap *self)
{
  self->traces = g_ptr_array_new ();
  self->threshold = 10;
  self->visible_hops = G_MAXUINT;
}

GtkWidget *
vnl_hop_map_new (VnlHopMapStyle style)
{
  VnlHopMap *self = g_object_new (VNL_TYPE_HOP_MAP, NULL);

  self->style = style;
  return GTK_WIDGET (self);
}

void
vnl_hop_map_set_traces (VnlHopMap *self,
                        GPtrArray *traces)
{
  g_return_if_fail (VNL_IS_HOP_MAP (self));

  g_ptr_array_set_size (self->traces, 0);
  for (guint i = 0; traces != NULL && i < traces->len; i++)
    g_ptr_array_add (self->traces, traces->pdata[i]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GStrv
vnl_hop_map_get_names (VnlHopMap *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VNL_IS_HOP_MAP (self), NULL);

  if (self->traces->len > 0)
    {
      g_autoptr(GArray) items = trace_items (self->traces->pdata[0],
                                             self->style == VNL_HOP_MAP_NETWORK_WATCHER ? self->design : NULL);
      for (guint i = 0; i < items->len; i++)
        g_strv_builder_add (builder, g_array_index (items, Item, i).name);
    }
  return g_strv_builder_end (builder);
}

void
vnl_hop_map_set_design (VnlHopMap *self,
                        VnlDesign *design)
{
  g_return_if_fail (VNL_IS_HOP_MAP (self));

  if (g_set_object (&self->design, design))
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
vnl_hop_map_set_threshold (VnlHopMap *self,
                           double     ms)
{
  g_return_if_fail (VNL_IS_HOP_MAP (self));
  self->threshold = ms;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vnl_hop_map_set_visible_hops (VnlHopMap *self,
                              guint      n)
{
  g_return_if_fail (VNL_IS_HOP_MAP (self));
  self->visible_hops = n;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
