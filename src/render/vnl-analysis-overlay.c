/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-analysis-overlay"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vnl-analysis-overlay.h"
#include "vnl-nsg.h"

static const VnlColor forward_color = { 0.10, 0.45, 0.85, 1 };
static const VnlColor return_color = { 0.93, 0.48, 0.08, 1 };
static const VnlColor alternative_color = { 0.55, 0.30, 0.75, 1 };
static const VnlColor drop_color = { 0.85, 0.15, 0.15, 1 };
static const VnlColor silent_color = { 0.55, 0.55, 0.55, 1 };
static const VnlColor lit_color = { 0.15, 0.65, 0.30, 0.45 };

/* What one drawing draws with. Labels, badges and strokes keep a readable
 * size on screen whatever the zoom: world sizes are multiplied by @scale.
 * Per call, so that an export in a worker thread and the canvas can draw
 * at the same time. */
typedef struct
{
  cairo_t     *cr;       /* borrowed */
  PangoLayout *layout;   /* owned */
  double       scale;
} Ink;

#define S(v) ((v) * ink->scale)

static void
ink_init (Ink        *ink,
          cairo_t    *cr,
          double      zoom,
          const char *font)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);

  ink->cr = cr;
  ink->scale = CLAMP (1.0 / zoom, 1.0, 3.0);
  ink->layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (ink->layout, desc);
  pango_font_description_free (desc);
}

static void
ink_clear (Ink *ink)
{
  g_clear_object (&ink->layout);
}

static void
set_color (cairo_t        *cr,
           const VnlColor *c,
           double          alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

gboolean
vnl_analysis_overlay_anchor (VnlRenderer *renderer,
                             VnlDesign   *design,
                             const char  *name,
                             VnlPoint    *out)
{
  VnlObject *object = vnl_design_lookup (design, name);
  VnlRect r;

  if (object == NULL)
    {
      /* A routed hop inside a site is drawn at its site. */
      GPtrArray *sites = vnl_design_get_objects (design, VNL_KIND_SITE);
      for (guint i = 0; i < sites->len; i++)
        {
          VnlSite *site = sites->pdata[i];
          for (guint k = 0; k < site->hops->len; k++)
            if (g_strcmp0 (((VnlSiteHop *) site->hops->pdata[k])->name, name) == 0)
              return vnl_analysis_overlay_anchor (renderer, design, site->parent.name, out);
        }
      return FALSE;
    }
  if (vnl_object_is_node (object))
    {
      if (!vnl_renderer_get_object_bounds (renderer, object, &r))
        return FALSE;
      out->x = r.x + r.width / 2;
      out->y = r.y + r.height / 2;
      return TRUE;
    }
  else
    {
      VnlPoint a, b;
      if (!vnl_renderer_get_link_ends (renderer, object, &a, &b))
        return FALSE;
      out->x = (a.x + b.x) / 2;
      out->y = (a.y + b.y) / 2;
      return TRUE;
    }
}

#define LABEL_PAD 3

/* @text in the layout, as Pango markup when @markup. */
static void
set_text (Ink        *ink,
          const char *text,
          gboolean    markup)
{
  if (markup)
    pango_layout_set_markup (ink->layout, text, -1);
  else
    pango_layout_set_text (ink->layout, text, -1);
}

/* The world size of the box label_box() draws around @text. */
static void
measure_box (Ink        *ink,
             const char *text,
             gboolean    markup,
             double     *width,
             double     *height)
{
  int w, h;

  set_text (ink, text, markup);
  pango_layout_get_pixel_size (ink->layout, &w, &h);
  *width = S (w + 2 * LABEL_PAD);
  *height = S (h + 2 * LABEL_PAD);
}

/* A boxed label, its left edge at @x and its middle at @y. */
static void
label_box_full (Ink            *ink,
                double          x,
                double          y,
                const char     *text,
                gboolean        markup,
                const VnlColor *border,
                gboolean        filled)
{
  cairo_t *cr = ink->cr;
  PangoLayout *layout = ink->layout;
  int w, h;
  double pad = LABEL_PAD;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, ink->scale, ink->scale);
  x = 0;
  y = 0;
  set_text (ink, text, markup);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y - h / 2.0 - pad, w + 2 * pad, h + 2 * pad);
  if (filled)
    set_color (cr, border, 1);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  set_color (cr, border, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (filled)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, x + pad, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
label_box (Ink            *ink,
           double          x,
           double          y,
           const char     *text,
           const VnlColor *border,
           gboolean        filled)
{
  label_box_full (ink, x, y, text, FALSE, border, filled);
}

static void
badge (Ink            *ink,
       double          x,
       double          y,
       const char     *text,
       const VnlColor *color)
{
  cairo_t *cr = ink->cr;
  PangoLayout *layout = ink->layout;
  int w, h;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, ink->scale, ink->scale);
  x = 0;
  y = 0;
  cairo_new_path (cr);
  cairo_arc (cr, x, y, 10, 0, 2 * G_PI);
  set_color (cr, color, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
arrow_head (Ink      *ink,
            VnlPoint *a,
            VnlPoint *b)
{
  cairo_t *cr = ink->cr;
  double dx = b->x - a->x, dy = b->y - a->y;
  double len = hypot (dx, dy);
  double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;
  double ux, uy;

  if (len < S (30))
    return;
  ux = dx / len * ink->scale;
  uy = dy / len * ink->scale;
  cairo_move_to (cr, mx + ux * 7, my + uy * 7);
  cairo_line_to (cr, mx - ux * 7 - uy * 6, my - uy * 7 + ux * 6);
  cairo_line_to (cr, mx - ux * 7 + uy * 6, my - uy * 7 - ux * 6);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The polyline of a trace's objects, @offset world units to the side. */
static GArray *
trace_points (Ink         *ink,
              VnlRenderer *renderer,
              VnlDesign   *design,
              VnlTrace    *trace,
              double       offset)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (VnlPoint));

  for (guint i = 0; i < trace->path->len; i++)
    {
      VnlPoint p;
      if (!vnl_analysis_overlay_anchor (renderer, design, trace->path->pdata[i], &p))
        continue;
      if (points->len > 0)
        {
          VnlPoint *last = &g_array_index (points, VnlPoint, points->len - 1);
          if (fabs (last->x - p.x) < 1 && fabs (last->y - p.y) < 1)
            continue;
        }
      g_array_append_val (points, p);
    }
  if (offset != 0)
    for (guint i = 0; i < points->len; i++)
      {
        VnlPoint *p = &g_array_index (points, VnlPoint, i);
        p->x += S (offset);
        p->y += S (offset);
      }
  return points;
}

static void
stroke_points (Ink            *ink,
               GArray         *points,
               const VnlColor *color,
               double          width,
               gboolean        dashed)
{
  cairo_t *cr = ink->cr;
  double dash[] = { S (10), S (6) };

  if (points->len < 2)
    return;
  cairo_save (cr);
  cairo_new_path (cr);
  for (guint i = 0; i < points->len; i++)
    {
      VnlPoint *p = &g_array_index (points, VnlPoint, i);
      if (i == 0)
        cairo_move_to (cr, p->x, p->y);
      else
        cairo_line_to (cr, p->x, p->y);
    }
  set_color (cr, color, dashed ? 0.9 : 0.7);
  cairo_set_line_width (cr, S (width));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (dashed)
    cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  set_color (cr, color, 1);
  for (guint i = 0; i + 1 < points->len; i++)
    arrow_head (ink, &g_array_index (points, VnlPoint, i), &g_array_index (points, VnlPoint, i + 1));
  cairo_restore (cr);
}

static double
hop_rtt (const VnlHop *hop)
{
  double sum = 0;

  for (guint i = 0; i < hop->n_rtt; i++)
    sum += hop->rtt_ms[i];
  return hop->n_rtt > 0 ? sum / hop->n_rtt : -1;
}

/* Where a hop badge goes: beside its node, clear of every node (icon and
 * label) and of the badges placed before it. Tried in order around the
 * icon (left first, where the label box that follows has room), then one
 * ring further out; the first free spot wins, else the first tried. */
static VnlPoint
place_badge (Ink         *ink,
             VnlRenderer *renderer,
             VnlPoint     anchor,
             GArray      *placed)
{
  static const double dirs[][2] = {
    { -1, -0.5 }, { -1, 0.5 }, { -0.7, -1 }, { 0, -1.2 }, { 0.7, -1 }, { 1, -0.5 }, { 1, 0.5 }, { -1, 1.2 }, { 1, 1.2 },
  };
  double r = S (10);
  VnlPoint first = { 0, 0 };

  for (guint ring = 0; ring < 3; ring++)
    for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
      {
        double reach = VNL_RENDER_ICON_SIZE / 2 + r + 4 + ring * (2 * r + 4);
        VnlPoint c = { anchor.x + dirs[d][0] * reach, anchor.y + dirs[d][1] * reach };
        gboolean free = TRUE;

        if (ring == 0 && d == 0)
          first = c;
        for (guint i = 0; i < placed->len && free; i++)
          {
            VnlPoint *q = &g_array_index (placed, VnlPoint, i);
            free = hypot (q->x - c.x, q->y - c.y) >= 2 * r + 2;
          }
        for (int corner = 0; corner < 5 && free; corner++)
          {
            double cx = c.x + (corner == 0 ? 0 : (corner & 1 ? r : -r));
            double cy = c.y + (corner == 0 ? 0 : (corner & 2 ? r : -r));
            VnlObject *under = vnl_renderer_hit_test (renderer, cx, cy, 0);
            free = under == NULL || !vnl_object_is_node (under);
          }
        if (free)
          {
            g_array_append_val (placed, c);
            return c;
          }
      }
  g_array_append_val (placed, first);
  return first;
}

static void
draw_hops (Ink            *ink,
           VnlRenderer    *renderer,
           VnlDesign      *design,
           VnlTrace       *trace,
           const VnlColor *color,
           const char     *prefix,
           GArray         *placed)
{
  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);
      g_autofree char *number = g_strdup_printf ("%s%u", prefix, hop->ttl);
      g_autofree char *text = NULL;
      gboolean silent = hop->address == 0;
      VnlPoint p;
      double x, y;

      if (!vnl_analysis_overlay_anchor (renderer, design, hop->node, &p))
        continue;
      p = place_badge (ink, renderer, p, placed);
      x = p.x;
      y = p.y;
      badge (ink, x, y, number, silent ? &silent_color : color);
      if (silent)
        text = g_strdup_printf ("*  %s", hop->node);
      else
        {
          g_autofree char *address = vnl_ip_to_string (hop->address);
          double rtt = hop_rtt (hop);
          text = rtt < 1 ? g_strdup_printf ("%s  <1 ms", address) : g_strdup_printf ("%s  %.0f ms", address, rtt);
        }
      label_box (ink, x + S (13), y, text, silent ? &silent_color : color, FALSE);
    }
}

/* A flow a network security group denied: the drop mark at the device
 * where the group applied, the rule that matched named beside it (group,
 * rule, priority, direction), and a dashed leader to the group itself
 * when the diagram shows it. */
static void
draw_denied (Ink            *ink,
             VnlRenderer    *renderer,
             VnlDesign      *design,
             const VnlTrace *trace)
{
  cairo_t *cr = ink->cr;
  const VnlNsgCheck *check = trace->denied_by;
  const VnlNsgRule *rule = vnl_nsg_check_rule (check);
  const char *at = trace->drop_node != NULL ? trace->drop_node : check->node;
  g_autofree char *text = NULL;
  VnlPoint p, g;

  if (at == NULL || !vnl_analysis_overlay_anchor (renderer, design, at, &p))
    return;
  text = g_strdup_printf (_("Denied by %s\nrule %s · priority %u · %s\non %s %s"), check->group,
                          rule != NULL && rule->name != NULL ? rule->name : "?", rule != NULL ? rule->priority : 0,
                          vnl_nsg_direction_to_string (check->direction),
                          check->on_subnet ? _("subnet") : _("NIC of"), check->attached);
  cairo_new_path (cr);
  cairo_arc (cr, p.x, p.y, S (26), 0, 2 * G_PI);
  set_color (cr, &drop_color, 1);
  cairo_set_line_width (cr, S (4));
  cairo_stroke (cr);
  /* The "no entry" bar across the device. */
  cairo_move_to (cr, p.x - S (18), p.y + S (18));
  cairo_line_to (cr, p.x + S (18), p.y - S (18));
  cairo_stroke (cr);
  if (vnl_analysis_overlay_anchor (renderer, design, check->group, &g))
    {
      double dashes[] = { S (6), S (4) };

      cairo_new_path (cr);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, S (2));
      cairo_move_to (cr, p.x, p.y);
      cairo_line_to (cr, g.x, g.y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_new_path (cr);
      cairo_arc (cr, g.x, g.y, S (24), 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  label_box (ink, p.x + S (30), p.y + S (36), text, &drop_color, TRUE);
}

void
vnl_analysis_overlay_draw_path (VnlRenderer *renderer,
                                VnlAnalysis *analysis,
                                cairo_t     *cr,
                                double       zoom,
                                const char  *picked)
{
  VnlDesign *design = vnl_analysis_get_design (analysis);
  VnlTrace *trace = vnl_analysis_get_trace (analysis);
  GPtrArray *alternatives = vnl_analysis_get_alternatives (analysis);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (VnlPoint));
  Ink ink_data, *ink = &ink_data;
  VnlPoint p;

  g_return_if_fail (VNL_IS_RENDERER (renderer));
  g_return_if_fail (VNL_IS_ANALYSIS (analysis));

  if (design == NULL)
    return;
  ink_init (ink, cr, zoom, "Sans Bold 8");
  cairo_save (cr);

  if (picked != NULL && vnl_analysis_overlay_anchor (renderer, design, picked, &p))
    {
      cairo_new_path (cr);
      cairo_arc (cr, p.x, p.y, S (30), 0, 2 * G_PI);
      set_color (cr, &forward_color, 1);
      cairo_set_line_width (cr, S (3));
      cairo_stroke (cr);
      label_box (ink, p.x + S (32), p.y - S (30), _("Source — now click the destination"), &forward_color, TRUE);
    }

  if (trace != NULL)
    {
      g_autoptr(GArray) forward = trace_points (ink, renderer, design, trace, 0);

      for (guint i = 0; i < alternatives->len; i++)
        {
          g_autoptr(GArray) alt = trace_points (ink, renderer, design, alternatives->pdata[i], -7 * (i + 1));
          stroke_points (ink, alt, &alternative_color, 4, TRUE);
        }
      if (trace->reverse != NULL && trace->asymmetric)
        {
          g_autoptr(GArray) back = trace_points (ink, renderer, design, trace->reverse, 8);
          stroke_points (ink, back, &return_color, 4, TRUE);
        }
      stroke_points (ink, forward, trace->reached ? &forward_color : &drop_color, 6, FALSE);

      if (forward->len > 0)
        {
          VnlPoint *a = &g_array_index (forward, VnlPoint, 0);
          label_box (ink, a->x - S (20), a->y + S (34), _("Source"), &forward_color, TRUE);
        }
      if (trace->reached && forward->len > 1)
        {
          VnlPoint *b = &g_array_index (forward, VnlPoint, forward->len - 1);
          label_box (ink, b->x - S (20), b->y + S (34), _("Destination"), &forward_color, TRUE);
        }

      draw_hops (ink, renderer, design, trace, &forward_color, "", placed);
      if (trace->reverse != NULL && trace->asymmetric)
        draw_hops (ink, renderer, design, trace->reverse, &return_color, "↩", placed);

      if (trace->denied_by != NULL)
        draw_denied (ink, renderer, design, trace);
      else if (!trace->reached && trace->drop_node != NULL &&
               vnl_analysis_overlay_anchor (renderer, design, trace->drop_node, &p))
        {
          g_autofree char *text = g_strdup_printf (_("Dropped: %s"), trace->drop_detail != NULL ? trace->drop_detail
                                                   : _(vnl_drop_reason_to_string (trace->drop)));
          cairo_new_path (cr);
          cairo_arc (cr, p.x, p.y, S (26), 0, 2 * G_PI);
          set_color (cr, &drop_color, 1);
          cairo_set_line_width (cr, S (4));
          cairo_stroke (cr);
          cairo_move_to (cr, p.x + S (18), p.y + S (18));
          cairo_line_to (cr, p.x + S (30), p.y + S (30));
          cairo_stroke (cr);
          label_box (ink, p.x + S (30), p.y + S (36), text, &drop_color, TRUE);
        }
      if (trace->asymmetric && forward->len > 0)
        {
          VnlPoint *a = &g_array_index (forward, VnlPoint, 0);
          label_box (ink, a->x - S (20), a->y + S (58), _("Asymmetric: the return path (orange) differs"), &return_color, TRUE);
        }
    }
  cairo_restore (cr);
  ink_clear (ink);
}

/* Perspectives */

static char *
prefix_of (VnlDesign *design,
           guint32    address)
{
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *sites = vnl_design_get_objects (design, VNL_KIND_SITE);

  for (guint i = 0; i < vnets->len; i++)
    {
      VnlVnet *vnet = vnets->pdata[i];
      for (guint k = 0; k < vnet->address_spaces->len; k++)
        if (vnl_prefix_contains_ip (&g_array_index (vnet->address_spaces, VnlPrefix, k), address))
          return vnl_prefix_to_string (&g_array_index (vnet->address_spaces, VnlPrefix, k));
    }
  for (guint i = 0; i < sites->len; i++)
    {
      VnlSite *site = sites->pdata[i];
      for (guint k = 0; k < site->prefixes->len; k++)
        if (vnl_prefix_contains_ip (&g_array_index (site->prefixes, VnlPrefix, k), address))
          return vnl_prefix_to_string (&g_array_index (site->prefixes, VnlPrefix, k));
    }
  return vnl_ip_to_string (address);
}

/* The AS path of the best route @node holds towards @address. */
static const char *
as_path_at (VnlNetwork *network,
            GHashTable *cache,
            const char *node,
            guint32     address)
{
  GPtrArray *tables;
  VnlRouteRow *best = NULL;

  if (!g_hash_table_lookup_extended (cache, node, NULL, (gpointer *) &tables))
    {
      tables = vnl_network_get_tables (network, node, NULL);
      g_hash_table_insert (cache, g_strdup (node), tables);
    }
  if (tables == NULL || tables->len == 0)
    return NULL;
  for (guint r = 0; r < ((VnlRouteTable *) tables->pdata[0])->rows->len; r++)
    {
      VnlRouteRow *row = ((VnlRouteTable *) tables->pdata[0])->rows->pdata[r];
      if (row->best && vnl_prefix_contains_ip (&row->prefix, address) &&
          (best == NULL || row->prefix.len > best->prefix.len))
        best = row;
    }
  return best != NULL && best->as_path != NULL && best->as_path[0] != '\0' ? best->as_path : NULL;
}

static void
add_line (GHashTable *labels,
          const char *object,
          const char *line)
{
  GPtrArray *lines = g_hash_table_lookup (labels, object);

  if (lines == NULL)
    {
      lines = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (labels, g_strdup (object), lines);
    }
  if (!g_ptr_array_find_with_equal_func (lines, line, g_str_equal, NULL))
    g_ptr_array_add (lines, g_strdup (line));
}

/* Along @trace, the routes each link carries: the destination's prefix was
 * advertised against the traffic, from the far side to the near side. */
static void
label_trace (VnlAnalysis *analysis,
             VnlTrace    *trace,
             GHashTable  *cache,
             GHashTable  *labels,
             GHashTable  *lit)
{
  VnlDesign *design = vnl_analysis_get_design (analysis);
  VnlNetwork *network = vnl_analysis_get_network (analysis);
  g_autofree char *prefix = prefix_of (design, trace->destination);

  for (guint k = 0; k < trace->path->len; k++)
    {
      const char *name = trace->path->pdata[k];
      VnlObject *object = vnl_design_lookup (design, name);

      const char *a = NULL, *b = NULL, *near, *far, *table_node;
      gboolean a_before = FALSE, b_before = FALSE;

      g_hash_table_add (lit, g_strdup (name));
      if (object == NULL || vnl_object_is_node (object) || !vnl_object_get_ends (object, &a, &b))
        continue;
      /* The traffic enters the link from the end it has already crossed. */
      for (guint i = 0; i < k; i++)
        {
          a_before |= g_strcmp0 (trace->path->pdata[i], a) == 0;
          b_before |= g_strcmp0 (trace->path->pdata[i], b) == 0;
        }
      if (b_before && !a_before)
        near = b, far = a;
      else if (a_before)
        near = a, far = b;
      else
        {
          gboolean a_after = FALSE;
          for (guint i = k + 1; i < trace->path->len; i++)
            a_after |= g_strcmp0 (trace->path->pdata[i], a) == 0;
          near = a_after ? b : a;
          far = a_after ? a : b;
        }
      /* A circuit's table is per link: the MSEE the traffic came through. */
      table_node = near;
      if (vnl_design_lookup_kind (design, near, VNL_KIND_CIRCUIT) != NULL && k > 0 &&
          vnl_design_lookup_kind (design, trace->path->pdata[k - 1], VNL_KIND_LINK) != NULL)
        table_node = trace->path->pdata[k - 1];
      {
        const char *as_path = as_path_at (network, cache, table_node, trace->destination);
        g_autofree char *line = as_path != NULL
          ? g_strdup_printf ("%s → %s: %s  AS %s", far, near, prefix, as_path)
          : g_strdup_printf ("%s → %s: %s", far, near, prefix);
        add_line (labels, name, line);
      }
    }
}

/* Cached tables may be NULL: nodes without a routing table. */
static void
free_tables (gpointer tables)
{
  if (tables != NULL)
    g_ptr_array_unref (tables);
}

GHashTable *
vnl_analysis_perspective_labels (VnlAnalysis *analysis,
                                 const char  *network_name,
                                 GHashTable **lit_out)
{
  VnlDesign *design = vnl_analysis_get_design (analysis);
  VnlNetwork *network = vnl_analysis_get_network (analysis);
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  GHashTable *lit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_tables);
  VnlEndpoint *source;
  GPtrArray *names = NULL;
  g_autofree guint64 *row = NULL;
  VnlMatrix *matrix;
  int si = -1;

  *lit_out = lit;
  if (design == NULL || network == NULL || network_name == NULL)
    return labels;
  source = vnl_analysis_endpoint_for (analysis, vnl_design_lookup (design, network_name));
  matrix = vnl_analysis_get_reachability (analysis, &names);
  if (source == NULL || matrix == NULL)
    return labels;
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], source->parent.name))
      si = i;
  if (si < 0)
    return labels;

  g_hash_table_add (lit, g_strdup (network_name));
  row = g_new (guint64, vnl_matrix_row_words (matrix));
  vnl_matrix_get_row (matrix, si, row);
  for (guint j = 0; j < names->len; j++)
    {
      g_autoptr(VnlTrace) trace = NULL;

      if ((int) j == si || !vnl_matrix_row_bit (row, j))
        continue;
      trace = vnl_network_trace (network, source->parent.name, names->pdata[j], NULL);
      if (trace == NULL)
        continue;
      label_trace (analysis, trace, cache, labels, lit);
      if (trace->reverse != NULL)
        label_trace (analysis, trace->reverse, cache, labels, lit);
    }
  return labels;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/*
 * Placing the perspective's labels
 *
 * Each link's block of routes is tried at a few places along the link
 * (fractions of its length, on either side, pushed further out step by
 * step) and goes to the first place that covers no block already placed,
 * no node and nothing outside the diagram; a thin leader ties it to its
 * point on the link. Where no place is free, the block shrinks to one line
 * (the link and how many routes it carries: the pane lists them all);
 * where even that does not fit, the whole block goes where it covers
 * least. Blocks are placed largest first, the hardest to fit.
 */

static const VnlColor leader_color = { 0.10, 0.50, 0.22, 1 };

static const double label_fractions[] = { 0.5, 0.35, 0.65, 0.2, 0.8 };
#define LABEL_STEPS 4

typedef struct
{
  GArray  *placed;   /* of VnlRect: blocks placed so far */
  GArray  *nodes;    /* of VnlRect: node boxes */
  VnlRect  bounds;   /* the diagram */
} Room;

static double
overlap (const VnlRect *a,
         const VnlRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* How much @r covers of what it should not: other blocks and the outside
 * count double, nodes (a block hides what it covers) once. */
static double
crowding (const Room    *room,
          const VnlRect *r)
{
  double score = 2 * (r->width * r->height - overlap (r, &room->bounds));

  for (guint i = 0; i < room->placed->len; i++)
    score += 2 * overlap (r, &g_array_index (room->placed, VnlRect, i));
  for (guint i = 0; i < room->nodes->len; i++)
    score += overlap (r, &g_array_index (room->nodes, VnlRect, i));
  return score;
}

/* The point at @t (0 to 1) of a link's length, over its bends. */
static gboolean
link_point (VnlRenderer *renderer,
            VnlObject   *link,
            double       t,
            VnlPoint    *out)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (VnlPoint));
  double total = 0, run = 0, want;
  VnlPoint a, b;

  if (!vnl_renderer_get_link_ends (renderer, link, &a, &b))
    return FALSE;
  g_array_append_val (points, a);
  for (guint i = 0; link->bends != NULL && i < link->bends->len; i++)
    g_array_append_val (points, g_array_index (link->bends, VnlPoint, i));
  g_array_append_val (points, b);
  for (guint i = 0; i + 1 < points->len; i++)
    {
      VnlPoint *p = &g_array_index (points, VnlPoint, i);
      total += hypot (p[1].x - p[0].x, p[1].y - p[0].y);
    }
  want = total * t;
  for (guint i = 0; i + 1 < points->len; i++)
    {
      VnlPoint *p = &g_array_index (points, VnlPoint, i);
      double length = hypot (p[1].x - p[0].x, p[1].y - p[0].y);

      if (length > 0 && run + length >= want)
        {
          double f = (want - run) / length;
          out->x = p[0].x + f * (p[1].x - p[0].x);
          out->y = p[0].y + f * (p[1].y - p[0].y);
          return TRUE;
        }
      run += length;
    }
  *out = b;
  return TRUE;
}

/* Where a @width × @height block of @link goes: the first free place, or
 * (when @best_effort) the least crowded one. FALSE when none is free and
 * not @best_effort. */
static gboolean
find_place (Ink         *ink,
            VnlRenderer *renderer,
            const Room  *room,
            VnlObject   *link,
            double       width,
            double       height,
            gboolean     best_effort,
            VnlRect     *out,
            VnlPoint    *anchor)
{
  double best = G_MAXDOUBLE;
  double gap = S (5);

  for (guint k = 0; k < LABEL_STEPS; k++)
    for (guint f = 0; f < G_N_ELEMENTS (label_fractions); f++)
      {
        VnlPoint p;

        if (!link_point (renderer, link, label_fractions[f], &p))
          return FALSE;
        /* Below right, below left, above right, above left of the point,
         * further out at each step. */
        for (guint q = 0; q < 4; q++)
          {
            double push = k * S (14);
            VnlRect r = {
              q & 1 ? p.x - width - gap - push : p.x + gap + push,
              q & 2 ? p.y - height - gap - push : p.y + gap + push,
              width, height,
            };
            double score = crowding (room, &r);

            if (score < best)
              {
                best = score;
                *out = r;
                *anchor = p;
              }
            if (score == 0)
              return TRUE;
          }
      }
  return best_effort && best < G_MAXDOUBLE;
}

/* A link's routes as Pango markup, grouped by direction: the
 * "advertiser → receiver" of each direction once, in bold, then its
 * routes (prefix and AS path) one a line. @lines are sorted. */
static char *
block_markup (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *last = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      const char *colon = strstr (line, ": ");
      g_autofree char *head = colon != NULL ? g_strndup (line, colon - line) : NULL;
      g_autofree char *route = g_markup_escape_text (colon != NULL ? colon + 2 : line, -1);

      if (head != NULL && g_strcmp0 (head, last) != 0)
        {
          g_autofree char *escaped = g_markup_escape_text (head, -1);
          g_string_append_printf (text, "%s<b>%s</b>", text->len > 0 ? "\n" : "", escaped);
          g_free (last);
          last = g_steal_pointer (&head);
        }
      g_string_append_printf (text, "%s%s%s", text->len > 0 ? "\n" : "", colon != NULL ? "  " : "", route);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
draw_leader (Ink           *ink,
             const VnlRect *r,
             VnlPoint      *p)
{
  cairo_t *cr = ink->cr;
  double x = CLAMP (p->x, r->x, r->x + r->width);
  double y = CLAMP (p->y, r->y, r->y + r->height);

  set_color (cr, &leader_color, 0.8);
  cairo_new_path (cr);
  cairo_arc (cr, p->x, p->y, S (2.5), 0, 2 * G_PI);
  cairo_fill (cr);
  if (hypot (x - p->x, y - p->y) > S (4))
    {
      cairo_set_line_width (cr, S (1));
      cairo_move_to (cr, p->x, p->y);
      cairo_line_to (cr, x, y);
      cairo_stroke (cr);
    }
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b,
                gpointer      labels)
{
  const char *name_a = *(char * const *) a, *name_b = *(char * const *) b;
  GPtrArray *lines_a = g_hash_table_lookup (labels, name_a);
  GPtrArray *lines_b = g_hash_table_lookup (labels, name_b);

  if (lines_a->len != lines_b->len)
    return lines_a->len > lines_b->len ? -1 : 1;
  return g_strcmp0 (name_a, name_b);
}

static void
place_labels (Ink         *ink,
              VnlRenderer *renderer,
              VnlDesign   *design,
              GHashTable  *labels,
              Room        *room)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort_with_data (names, compare_blocks, labels);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      GPtrArray *lines = g_hash_table_lookup (labels, name);
      VnlObject *link = vnl_design_lookup (design, name);
      g_autofree char *text = NULL;
      double width, height;
      VnlPoint anchor;
      VnlRect r;

      if (link == NULL || vnl_object_is_node (link))
        continue;
      g_ptr_array_sort (lines, compare_strings);
      text = block_markup (lines);
      measure_box (ink, text, TRUE, &width, &height);
      if (!find_place (ink, renderer, room, link, width, height, FALSE, &r, &anchor))
        {
          g_autofree char *escaped = g_markup_escape_text (name, -1);
          g_autofree char *count = g_strdup_printf (ngettext ("%u route", "%u routes", lines->len), lines->len);
          g_autofree char *compact = g_strdup_printf ("<b>%s</b>  %s", escaped, count);

          measure_box (ink, compact, TRUE, &width, &height);
          if (find_place (ink, renderer, room, link, width, height, FALSE, &r, &anchor))
            {
              g_free (text);
              text = g_steal_pointer (&compact);
            }
          else
            {
              measure_box (ink, text, TRUE, &width, &height);
              if (!find_place (ink, renderer, room, link, width, height, TRUE, &r, &anchor))
                continue;
            }
        }
      g_array_append_val (room->placed, r);
      draw_leader (ink, &r, &anchor);
      label_box_full (ink, r.x, r.y + r.height / 2, text, TRUE, &lit_color, FALSE);
    }
}

void
vnl_analysis_overlay_draw_perspective (VnlRenderer *renderer,
                                       VnlAnalysis *analysis,
                                       cairo_t     *cr,
                                       double       zoom,
                                       const char  *network_name,
                                       GHashTable  *labels,
                                       GHashTable  *lit)
{
  VnlDesign *design = vnl_analysis_get_design (analysis);
  g_autoptr(GPtrArray) lit_objects = g_ptr_array_new ();
  const VnlRenderStyle *style = vnl_renderer_get_style (renderer);
  Room room = { 0 };
  Ink ink_data, *ink = &ink_data;
  VnlPoint p;

  g_return_if_fail (VNL_IS_RENDERER (renderer));
  g_return_if_fail (VNL_IS_ANALYSIS (analysis));

  if (design == NULL || labels == NULL || lit == NULL)
    return;
  ink_init (ink, cr, zoom, "Sans 7.5");
  room.placed = g_array_new (FALSE, FALSE, sizeof (VnlRect));
  room.nodes = g_array_new (FALSE, FALSE, sizeof (VnlRect));
  if (!vnl_renderer_get_bounds (renderer, &room.bounds))
    room.bounds = (VnlRect) { 0, 0, 0, 0 };
  room.bounds.x -= S (16);
  room.bounds.y -= S (16);
  room.bounds.width += S (32);
  room.bounds.height += S (32);
  cairo_save (cr);

  /* Grey what it cannot reach: a wash of the background over it. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlRect r;
          VnlPoint a, b;

          if (k == VNL_KIND_LOCATION)
            continue;
          if (vnl_object_is_node (object) && vnl_renderer_get_object_bounds (renderer, object, &r))
            g_array_append_val (room.nodes, r);
          if (g_hash_table_contains (lit, object->name))
            {
              g_ptr_array_add (lit_objects, object);
              continue;
            }
          cairo_set_source_rgba (cr, style->background.r, style->background.g, style->background.b, 0.72);
          if (vnl_object_is_node (object))
            {
              if (vnl_renderer_get_object_bounds (renderer, object, &r))
                {
                  cairo_rectangle (cr, r.x - 2, r.y - 2, r.width + 4, r.height + 4);
                  cairo_fill (cr);
                }
            }
          else if (vnl_renderer_get_link_ends (renderer, object, &a, &b))
            {
              cairo_set_line_width (cr, 7);
              cairo_move_to (cr, a.x, a.y);
              cairo_line_to (cr, b.x, b.y);
              cairo_stroke (cr);
            }
        }
    }
  vnl_renderer_draw_highlight (renderer, cr, lit_objects, &lit_color);

  if (network_name != NULL && vnl_analysis_overlay_anchor (renderer, design, network_name, &p))
    {
      const char *text = _("Viewpoint");
      double width, height;
      VnlRect r;

      cairo_new_path (cr);
      cairo_arc (cr, p.x, p.y, S (30), 0, 2 * G_PI);
      set_color (cr, &forward_color, 1);
      cairo_set_line_width (cr, S (3));
      cairo_stroke (cr);
      measure_box (ink, text, FALSE, &width, &height);
      r = (VnlRect) { p.x - S (30), p.y - S (40) - height / 2, width, height };
      g_array_append_val (room.placed, r);
      label_box (ink, p.x - S (30), p.y - S (40), text, &forward_color, TRUE);
    }

  place_labels (ink, renderer, design, labels, &room);

  cairo_restore (cr);
  g_array_unref (room.placed);
  g_array_unref (room.nodes);
  ink_clear (ink);
}

/* What-if failures: drawn apart from the design's own down objects (which
 * the renderer greys out as part of the design) — a dashed magenta outline
 * over the link or around the node, and a "what-if" tag at its middle. */
static const VnlColor what_if_color = { 0.78, 0.10, 0.55, 1 };

void
vnl_analysis_overlay_draw_what_if (VnlRenderer *renderer,
                                   VnlAnalysis *analysis,
                                   cairo_t     *cr,
                                   double       zoom)
{
  VnlDesign *design = vnl_analysis_get_design (analysis);
  g_auto(GStrv) down = NULL;
  Ink ink;

  if (design == NULL)
    return;
  down = vnl_analysis_get_what_if_down (analysis);
  if (down[0] == NULL)
    return;
  ink_init (&ink, cr, zoom, "Sans Bold 8");
  for (guint i = 0; down[i] != NULL; i++)
    {
      VnlObject *object = vnl_design_lookup (design, down[i]);
      double dash[] = { 6 * ink.scale, 4 * ink.scale };
      VnlPoint mid;
      VnlRect r;

      if (object == NULL || !vnl_analysis_overlay_anchor (renderer, design, down[i], &mid))
        continue;
      cairo_save (cr);
      set_color (cr, &what_if_color, 1);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      if (vnl_object_is_node (object) && vnl_renderer_get_object_bounds (renderer, object, &r))
        {
          cairo_set_line_width (cr, 2.5 * ink.scale);
          cairo_rectangle (cr, r.x - 4, r.y - 4, r.width + 8, r.height + 8);
          cairo_stroke (cr);
        }
      else
        {
          VnlPoint a, b;

          if (vnl_renderer_get_link_ends (renderer, object, &a, &b))
            {
              cairo_set_line_width (cr, 5 * ink.scale);
              set_color (cr, &what_if_color, 0.75);
              cairo_move_to (cr, a.x, a.y);
              cairo_line_to (cr, b.x, b.y);
              cairo_stroke (cr);
            }
        }
      cairo_restore (cr);
      label_box (&ink, mid.x + 6 * ink.scale, mid.y, _("✗ what-if"), &what_if_color, TRUE);
    }
  ink_clear (&ink);
}
