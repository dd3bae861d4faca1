/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-export"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <string.h>

#include "vnl-export-private.h"
#include "vnl-analysis.h"
#include "vnl-analysis-overlay.h"
#include "vnl-renderer.h"
#include "vnl-render-resources.h"

/*
 * DOC: Exports
 *
 * Every cairo output is drawn onto a surface that writes into a GByteArray;
 * the bytes are then written with vnl_report_write_file(), which renames a
 * temporary file into place. So a PNG, SVG or PDF is either complete or not
 * there at all.
 *
 * A diagram page is laid out as: a title band (design title, view caption),
 * the scene at its design coordinates, and the legend in a column on the
 * right. A trace view draws the whole scene faded, then the scene again
 * clipped to the objects of the path, and on top the path as the designer's
 * canvas draws it (vnl-analysis-overlay.c: a badge per traceroute hop with
 * its address and round trip, the drop, the return path, ECMP). A
 * perspective view draws the scene and the canvas's perspective overlay
 * over it (what the network reaches lit, the rest greyed, the routes each
 * link carries). Both build a VnlAnalysis of the design they are given,
 * its down objects down.
 *
 * An SVG's scene is not drawn through cairo: the renderer writes it from
 * its geometry (vnl_renderer_write_svg()), and cairo's SVG of the page
 * around it (title, legend, overlay) holds a marker where it goes,
 * replaced by the export (decorate_svg()).
 *
 * draw.io is written by vnl-export-drawio.c and the PDF report by
 * vnl-export-report.c; both share this file's helpers through
 * vnl-export-private.h.
 */

G_DEFINE_QUARK (vnl-export-error-quark, vnl_export_error)

#define MARGIN        28.0
#define TITLE_H       54.0
#define LEGEND_GAP    24.0

/* Atomic output */

cairo_status_t
_vnl_export_append_bytes (void                *closure,
                          const unsigned char *data,
                          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
_vnl_export_check_surface (cairo_surface_t  *surface,
                           const char       *path,
                           GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_RENDER,
               _("cannot draw %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

/* PNG */

static void
png_write_bytes (png_structp  png,
                 png_bytep    data,
                 png_size_t   length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
png_flush_nothing (png_structp png)
{
}

/* Writes the ARGB32 @surface as an 8-bit RGBA PNG into @bytes. cairo's own
 * writer compresses at zlib's default level, where half the export time
 * went; a diagram is large flat colour areas, which level 1 with the "up"
 * filter keeps small at a fraction of the time. */
static gboolean
write_png (cairo_surface_t *surface,
           GByteArray      *bytes)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  g_autofree guint8 *row = g_new (guint8, (gsize) MAX (w, 1) * 4);
  gboolean opaque = TRUE;
  png_structp png;
  png_infop info;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  /* An opaque image (a diagram on its background) is written as RGB, as
   * cairo does. */
  for (int y = 0; y < h && opaque; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        if (src[x] >> 24 != 0xff)
          {
            opaque = FALSE;
            break;
          }
    }
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return FALSE;
    }
  png_set_write_fn (png, bytes, png_write_bytes, png_flush_nothing);
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_IHDR (png, info, w, h, 8, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);

      /* Cairo stores premultiplied native-endian ARGB. */
      for (int x = 0; x < w; x++)
        {
          guint32 p = src[x];
          guint a = p >> 24;
          guint8 *d = row + (opaque ? 3 : 4) * x;

          if (opaque)
            {
              d[0] = (p >> 16) & 0xff;
              d[1] = (p >> 8) & 0xff;
              d[2] = p & 0xff;
            }
          else if (a == 0)
            d[0] = d[1] = d[2] = d[3] = 0;
          else
            {
              d[0] = (((p >> 16) & 0xff) * 255 + a / 2) / a;
              d[1] = (((p >> 8) & 0xff) * 255 + a / 2) / a;
              d[2] = ((p & 0xff) * 255 + a / 2) / a;
              d[3] = a;
            }
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return TRUE;
}

/* Formats */

gboolean
vnl_export_format_from_path (const char       *path,
                             VnlExportFormat  *format,
                             GError          **error)
{
  static const struct { const char *ext; VnlExportFormat format; } formats[] = {
    { ".png", VNL_EXPORT_PNG },
    { ".svg", VNL_EXPORT_SVG },
    { ".pdf", VNL_EXPORT_PDF },
    { ".drawio", VNL_EXPORT_DRAWIO },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].ext))
      {
        *format = formats[i].format;
        return TRUE;
      }
  g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_FORMAT,
               _("%s: unknown diagram format; use .png, .svg, .pdf or .drawio"), path);
  return FALSE;
}

GPtrArray *
vnl_export_list_views (VnlDesign *design)
{
  GPtrArray *views = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (VNL_IS_DESIGN (design), views);

  g_ptr_array_add (views, g_strdup ("design"));
  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k == 0 ? VNL_KIND_VNET : VNL_KIND_SITE);

      for (guint i = 0; i < objects->len; i++)
        g_ptr_array_add (views, g_strconcat ("perspective:", ((VnlObject *) objects->pdata[i])->name,
                                             NULL));
    }
  return views;
}

/* Views */

typedef struct
{
  char        *caption;      /* owned, nullable */
  GPtrArray   *focus;        /* owned container of borrowed objects, nullable */
  VnlAnalysis *analysis;     /* owned, nullable: the trace or the perspective */
  char        *perspective;  /* owned, nullable: the network seen from */
  GHashTable  *labels;       /* owned, nullable: the perspective's link labels */
  GHashTable  *lit;          /* owned, nullable: what the perspective reaches */
  gboolean     scene_marker; /* SVG: the scene is a marker, replaced by the
                              * renderer's own SVG of it (write_svg_scene()) */
} View;

static void
view_clear (View *view)
{
  g_clear_pointer (&view->caption, g_free);
  g_clear_pointer (&view->focus, g_ptr_array_unref);
  g_clear_pointer (&view->labels, g_hash_table_unref);
  g_clear_pointer (&view->lit, g_hash_table_unref);
  g_clear_pointer (&view->perspective, g_free);
  g_clear_object (&view->analysis);
}

static void
add_unique (GPtrArray *array,
            gpointer   object)
{
  if (object != NULL && !g_ptr_array_find (array, object, NULL))
    g_ptr_array_add (array, object);
}

static void
add_path_objects (VnlDesign *design,
                  GPtrArray *focus,
                  VnlTrace  *trace)
{
  for (guint i = 0; i < trace->path->len; i++)
    add_unique (focus, vnl_design_lookup (design, trace->path->pdata[i]));
}

static char *
rtt_text (VnlTrace *trace)
{
  if (!trace->reached || trace->reverse == NULL || !trace->reverse->reached)
    return g_strdup (_("no reply"));
  return g_strdup_printf (_("%.0f ms round trip"), trace->one_way_ms + trace->reverse->one_way_ms);
}

static gboolean
resolve_trace_view (VnlDesign   *design,
                    VnlNetwork  *network,
                    const char  *from,
                    const char  *to,
                    View        *view,
                    GError     **error)
{
  GPtrArray *alternatives;
  g_autofree char *rtt = NULL;
  VnlTrace *trace;

  view->analysis = vnl_analysis_new_snapshot (design, network);
  vnl_analysis_set_path (view->analysis, from, to);
  trace = vnl_analysis_get_trace (view->analysis);
  if (trace == NULL)
    {
      g_set_error_literal (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_VIEW,
                           vnl_analysis_get_trace_error (view->analysis));
      return FALSE;
    }

  /* Everything the overlay draws on stays at full strength. */
  view->focus = g_ptr_array_new ();
  add_path_objects (design, view->focus, trace);
  /* The group that denied, which the overlay names and points at. */
  if (trace->denied_by != NULL)
    add_unique (view->focus, vnl_design_lookup (design, trace->denied_by->group));
  if (trace->reverse != NULL && trace->asymmetric)
    add_path_objects (design, view->focus, trace->reverse);
  alternatives = vnl_analysis_get_alternatives (view->analysis);
  for (guint i = 0; i < alternatives->len; i++)
    add_path_objects (design, view->focus, alternatives->pdata[i]);

  rtt = rtt_text (trace);
  if (trace->reached)
    view->caption = g_strdup_printf (_("Trace %s → %s: reached in %u hops, %s%s"), from, to,
                                     trace->hops->len, rtt,
                                     trace->asymmetric ? _(", asymmetric return path") : "");
  else if (trace->denied_by != NULL)
    {
      g_autofree char *flow = vnl_flow_to_string (&trace->flow);
      g_autofree char *why = vnl_nsg_check_describe (trace->denied_by);

      view->caption = g_strdup_printf (_("Trace %s → %s, %s: denied at %s by %s"), from, to, flow,
                                       trace->drop_node != NULL ? trace->drop_node : "?", why);
    }
  else
    view->caption = g_strdup_printf (_("Trace %s → %s: dropped at %s (%s)"), from, to,
                                     trace->drop_node != NULL ? trace->drop_node : "?",
                                     _(vnl_drop_reason_to_string (trace->drop)));
  return TRUE;
}

/* The VNet or site an endpoint of the matrix belongs to. */
static VnlObject *
owner_of (VnlDesign  *design,
          const char *endpoint)
{
  VnlEndpoint *object = vnl_design_lookup_kind (design, endpoint, VNL_KIND_ENDPOINT);

  return object != NULL ? vnl_design_lookup (design, object->owner) : NULL;
}

static gboolean
resolve_perspective_view (VnlDesign   *design,
                          VnlNetwork  *network,
                          VnlObject   *container,
                          View        *view,
                          GError     **error)
{
  g_autoptr(GPtrArray) reached = g_ptr_array_new ();
  g_autoptr(GPtrArray) missed = g_ptr_array_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GString) unseen = g_string_new (NULL);
  g_autofree guint64 *row = NULL;
  VnlMatrix *matrix;
  GPtrArray *names = NULL;
  guint n;

  view->analysis = vnl_analysis_new_snapshot (design, network);
  view->perspective = g_strdup (container->name);
  view->labels = vnl_analysis_perspective_labels (view->analysis, container->name, &view->lit);

  /* The caption: the networks its endpoints reach, and those they miss. */
  matrix = vnl_analysis_get_reachability (view->analysis, &names);
  n = matrix != NULL ? names->len : 0;
  row = g_new (guint64, matrix != NULL ? vnl_matrix_row_words (matrix) : 1);
  for (guint i = 0; i < n; i++)
    {
      if (owner_of (design, names->pdata[i]) != container)
        continue;
      vnl_matrix_get_row (matrix, i, row);
      for (guint j = 0; j < n; j++)
        {
          VnlObject *owner = owner_of (design, names->pdata[j]);

          if (owner == NULL || owner == container)
            continue;
          add_unique (vnl_matrix_row_bit (row, j) ? reached : missed, owner);
        }
    }

  for (guint i = 0; i < reached->len; i++)
    g_string_append_printf (seen, "%s%s", i > 0 ? ", " : "", ((VnlObject *) reached->pdata[i])->name);
  for (guint i = 0; i < missed->len; i++)
    if (!g_ptr_array_find (reached, missed->pdata[i], NULL))
      g_string_append_printf (unseen, "%s%s", unseen->len > 0 ? ", " : "",
                              ((VnlObject *) missed->pdata[i])->name);

  view->caption = g_strdup_printf (_("Perspective of %s — reaches: %s%s%s"), container->name,
                                   seen->len > 0 ? seen->str : _("nothing"),
                                   unseen->len > 0 ? _(" — no reply from: ") : "",
                                   unseen->str);
  return TRUE;
}

static gboolean
resolve_view (VnlDesign   *design,
              VnlNetwork  *network,
              const char  *text,
              View        *view,
              GError     **error)
{
  const char *name = text;
  VnlObject *object;

  memset (view, 0, sizeof *view);
  if (text == NULL || *text == '\0' || g_str_equal (text, "design"))
    return TRUE;

  if (network == NULL)
    {
      g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_VIEW,
                   _("the view “%s” needs the routes of the design"), text);
      return FALSE;
    }

  if (g_str_has_prefix (text, "trace:"))
    {
      g_auto(GStrv) parts = g_strsplit (text + strlen ("trace:"), ":", 2);

      if (g_strv_length (parts) != 2 || *parts[0] == '\0' || *parts[1] == '\0')
        {
          g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_VIEW,
                       _("“%s”: a trace view is trace:FROM:TO"), text);
          return FALSE;
        }
      if (!resolve_trace_view (design, network, parts[0], parts[1], view, error))
        {
          g_prefix_error (error, _("view “%s”: "), text);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_has_prefix (text, "perspective:"))
    name = text + strlen ("perspective:");
  object = vnl_design_lookup (design, name);
  if (object == NULL || (object->kind != VNL_KIND_VNET && object->kind != VNL_KIND_SITE))
    {
      g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_VIEW,
                   _("unknown view “%s”: use design, a VNet or site name "
                     "(perspective:NAME) or trace:FROM:TO"), text);
      return FALSE;
    }
  return resolve_perspective_view (design, network, object, view, error);
}

/* Diagram drawing */

typedef struct
{
  VnlRect scene;       /* design coordinates drawn */
  VnlRect legend;      /* legend extent, relative to its origin */
  double  width;       /* page size in design units */
  double  height;
} Layout;

void
_vnl_export_measure_legend (VnlRenderer *renderer,
                            VnlRect     *out)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  vnl_renderer_draw_legend (renderer, cr, 0, 0, out);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static gboolean
compute_layout (VnlRenderer  *renderer,
                Layout       *layout,
                GError      **error)
{
  if (!vnl_renderer_get_bounds (renderer, &layout->scene))
    {
      g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_EMPTY,
                   _("the design has nothing to draw"));
      return FALSE;
    }
  /* Room for link labels and path badges beyond the boxes. */
  layout->scene.x -= 16;
  layout->scene.y -= 16;
  layout->scene.width += 32;
  layout->scene.height += 32;
  _vnl_export_measure_legend (renderer, &layout->legend);
  layout->width = MARGIN + layout->scene.width + LEGEND_GAP + layout->legend.width + MARGIN;
  layout->height = TITLE_H + MAX (layout->scene.height, layout->legend.height) + MARGIN;
  return TRUE;
}

PangoLayout *
_vnl_export_text_layout (cairo_t    *cr,
                         const char *font,
                         const char *text,
                         double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* The area of @object a view in focus draws at full strength. */
static gboolean
focus_rect (VnlRenderer *renderer,
            VnlObject   *object,
            VnlRect     *r)
{
  /* A network in focus comes back whole, frame and members, so that no
   * frame is cut in two shades. */
  if ((object->kind == VNL_KIND_VNET || object->kind == VNL_KIND_SITE) &&
      vnl_renderer_get_frame (renderer, object, r))
    {
      *r = (VnlRect) { r->x - 2, r->y - 2, r->width + 4, r->height + 4 };
      return TRUE;
    }
  if (vnl_renderer_get_object_bounds (renderer, object, r))
    {
      *r = (VnlRect) { r->x - 6, r->y - 6, r->width + 12, r->height + 12 };
      return TRUE;
    }
  return FALSE;
}

/* The marker of the scene in an SVG: a rectangle of the icon markers'
 * kind (vnl_renderer_set_icon_markers()) with an index past the icons'. */
#define SCENE_MARK VNL_RENDER_MAX_ICON_MARKS

static void
draw_scene (VnlRenderer *renderer,
            cairo_t     *cr,
            const View  *view)
{
  if (view->scene_marker)
    {
      VnlRect r = { 0, 0, 1, 1 };

      /* On the page: cairo leaves out what falls outside. */
      vnl_renderer_get_bounds (renderer, &r);
      cairo_save (cr);
      cairo_new_path (cr);
      cairo_rectangle (cr, r.x, r.y, 1, 1);
      cairo_set_source_rgba (cr, SCENE_MARK / 100.0, 1, 0, VNL_RENDER_ICON_MARK_ALPHA);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }
  if (view->focus == NULL)
    {
      vnl_renderer_draw (renderer, cr, NULL);
      return;
    }

  /* The scene faded, then the focused objects again at full strength. A
   * group painted with an alpha stays vector in SVG and PDF. */
  cairo_push_group (cr);
  vnl_renderer_draw (renderer, cr, NULL);
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, 0.22);

  cairo_save (cr);
  cairo_new_path (cr);
  for (guint i = 0; i < view->focus->len; i++)
    {
      VnlRect r;

      if (focus_rect (renderer, view->focus->pdata[i], &r))
        cairo_rectangle (cr, r.x, r.y, r.width, r.height);
    }
  cairo_clip (cr);
  vnl_renderer_draw (renderer, cr, NULL);
  cairo_restore (cr);

}

/* The view's overlay, as the designer's canvas draws it at 100 %. */
static void
draw_overlay (VnlRenderer *renderer,
              cairo_t     *cr,
              const View  *view)
{
  if (view->analysis == NULL)
    return;
  if (view->perspective != NULL)
    vnl_analysis_overlay_draw_perspective (renderer, view->analysis, cr, 1.0, view->perspective,
                                           view->labels, view->lit);
  else
    vnl_analysis_overlay_draw_path (renderer, view->analysis, cr, 1.0, NULL);
}

/* Draws the whole diagram page with its top-left at (0, 0), in design
 * units. */
static void
draw_diagram_page (VnlRenderer  *renderer,
                   cairo_t      *cr,
                   const Layout *layout,
                   const View   *view)
{
  const VnlRenderStyle *style = vnl_renderer_get_style (renderer);
  VnlDesign *design = vnl_renderer_get_design (renderer);
  const char *title = vnl_design_get_title (design);
  g_autoptr(PangoLayout) heading = NULL;
  VnlRect page = { 0, 0, layout->width, layout->height };

  vnl_renderer_draw_background (renderer, cr, &page, 0);

  heading = _vnl_export_text_layout (cr, "Sans Bold 16", title != NULL && *title ? title : _("Network design"),
                         layout->width - 2 * MARGIN);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 1);
  cairo_move_to (cr, MARGIN, 12);
  pango_cairo_show_layout (cr, heading);
  if (view->caption != NULL)
    {
      g_autoptr(PangoLayout) caption = _vnl_export_text_layout (cr, "Sans 10", view->caption,
                                                     layout->width - 2 * MARGIN);
      pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      cairo_set_source_rgba (cr, style->dim.r, style->dim.g, style->dim.b, 1);
      cairo_move_to (cr, MARGIN, 34);
      pango_cairo_show_layout (cr, caption);
    }
  cairo_set_source_rgba (cr, style->dim.r, style->dim.g, style->dim.b, 0.35);
  cairo_rectangle (cr, MARGIN, TITLE_H - 4, layout->width - 2 * MARGIN, 0.8);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, MARGIN - layout->scene.x, TITLE_H - layout->scene.y);
  draw_scene (renderer, cr, view);
  draw_overlay (renderer, cr, view);
  cairo_restore (cr);

  vnl_renderer_draw_legend (renderer, cr, MARGIN + layout->scene.width + LEGEND_GAP, TITLE_H, NULL);
}

/* The icons marked by the renderer (vnl_renderer_set_icon_markers()), each
 * once as a <symbol> whose id is "vnl-icon-INDEX": the icon document's
 * content under its viewBox. */
static void
append_icon_symbols (GString     *out,
                     VnlRenderer *renderer)
{
  g_string_append (out, "<defs>\n");
  for (guint i = 0;; i++)
    {
      g_autoptr(GBytes) icon = vnl_renderer_get_marked_icon (renderer, i);
      const char *data, *root, *body, *end, *box;
      gsize len;

      if (icon == NULL)
        break;
      data = g_bytes_get_data (icon, &len);
      root = g_strstr_len (data, len, "<svg");
      body = root != NULL ? memchr (root, '>', len - (root - data)) : NULL;
      end = body != NULL ? g_strrstr_len (data, len, "</svg>") : NULL;
      box = body != NULL ? g_strstr_len (root, body - root, "viewBox=\"") : NULL;
      g_string_append_printf (out, "<symbol id=\"vnl-icon-%u\"", i);
      if (box != NULL)
        {
          const char *q = memchr (box + 9, '"', body - (box + 9));

          if (q != NULL)
            g_string_append_printf (out, " viewBox=\"%.*s\"", (int) (q - (box + 9)), box + 9);
        }
      g_string_append (out, ">");
      if (body != NULL && end != NULL && end > body)
        g_string_append_len (out, body + 1, end - (body + 1));
      g_string_append (out, "</symbol>\n");
    }
  g_string_append (out, "</defs>\n");
}

/* How cairo 1.16 writes the fill of a marker rectangle, up to its red. */
#define MARK_PREFIX "<path style=\" stroke:none;fill-rule:nonzero;fill:rgb("

/* If @p (in [@p, @end)) is a marker, appends the <use> that replaces it
 * and returns where the marker ends; else NULL. */
static const char *
replace_marker (GString       *out,
                const char    *p,
                const char    *end,
                const GString *scene)
{
  const char *q = p + strlen (MARK_PREFIX);
  const char *close;
  char *next;
  double red, xs[5], ys[5], x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  g_autofree char *tail = NULL;
  char expected[64], alpha[G_ASCII_DTOSTR_BUF_SIZE];

  close = memchr (q, '>', MIN ((gsize) (end - q), 256));
  if (close == NULL)
    return NULL;
  tail = g_strndup (q, close + 1 - q);
  red = g_ascii_strtod (tail, &next);
  g_ascii_formatd (alpha, sizeof alpha, "%g", VNL_RENDER_ICON_MARK_ALPHA);
  g_snprintf (expected, sizeof expected, "%%,100%%,0%%);fill-opacity:%s;\" d=\"M ", alpha);
  if (next == tail || !g_str_has_prefix (next, expected))
    return NULL;
  next += strlen (expected);
  /* The rectangle: M x y L x y L x y L x y Z M x y */
  for (guint k = 0; k < 4; k++)
    {
      char *after;

      if (k > 0)
        {
          if (!g_str_has_prefix (next, " L "))
            return NULL;
          next += 3;
        }
      xs[k] = g_ascii_strtod (next, &after);
      if (after == next || *after != ' ')
        return NULL;
      next = after + 1;
      ys[k] = g_ascii_strtod (next, &after);
      if (after == next)
        return NULL;
      next = after;
      x0 = MIN (x0, xs[k]);
      x1 = MAX (x1, xs[k]);
      y0 = MIN (y0, ys[k]);
      y1 = MAX (y1, ys[k]);
    }
  if (!g_str_has_prefix (next, " Z M "))
    return NULL;

  if ((int) round (red) == SCENE_MARK)
    {
      g_string_append_len (out, scene->str, scene->len);
      return close + 1;
    }
  {
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
    char c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append_printf (out, "<use xlink:href=\"#vnl-icon-%d\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>",
                            (int) round (red),
                            g_ascii_formatd (a, sizeof a, "%.6g", x0),
                            g_ascii_formatd (b, sizeof b, "%.6g", y0),
                            g_ascii_formatd (c, sizeof c, "%.6g", x1 - x0),
                            g_ascii_formatd (d, sizeof d, "%.6g", y1 - y0));
  }
  return close + 1;
}

/* Appends [@p, @end) to @out with every icon marker replaced, and the
 * scene's marker by @scene. */
static void
append_replacing_markers (GString       *out,
                          const char    *p,
                          const char    *end,
                          const GString *scene)
{
  gsize n = strlen (MARK_PREFIX);

  while (p < end)
    {
      const char *m = p;
      const char *after;

      /* The next "<path style=\"stroke:none;…", by its '<'. */
      while ((m = memchr (m, '<', end - m)) != NULL &&
             ((gsize) (end - m) < n || memcmp (m, MARK_PREFIX, n) != 0))
        m++;

      if (m == NULL)
        {
          g_string_append_len (out, p, end - p);
          return;
        }
      g_string_append_len (out, p, m - p);
      after = replace_marker (out, m, end, scene);
      if (after == NULL)
        {
          g_string_append_len (out, m, n);
          p = m + n;
        }
      else
        p = after;
    }
}

/* The scene of an SVG page, written by the renderer (labels as <text>,
 * icons as <use>), moved to its place on the page. A view in focus draws
 * it faded, then again clipped to the objects in focus, as draw_scene()
 * does. */
static GString *
write_svg_scene (VnlRenderer  *renderer,
                 const Layout *layout,
                 const View   *view)
{
  GString *out = g_string_sized_new (1 << 20);
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "<g transform=\"translate(%s %s)\">\n",
                          g_ascii_formatd (x, sizeof x, "%.6g", MARGIN - layout->scene.x),
                          g_ascii_formatd (y, sizeof y, "%.6g", TITLE_H - layout->scene.y));
  if (view->focus == NULL)
    vnl_renderer_write_svg (renderer, out);
  else
    {
      g_string_append (out, "<g opacity=\"0.22\"><g id=\"vnl-scene\">\n");
      vnl_renderer_write_svg (renderer, out);
      g_string_append (out, "</g></g>\n<clipPath id=\"vnl-focus\">\n");
      for (guint i = 0; i < view->focus->len; i++)
        {
          char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
          VnlRect r;

          if (!focus_rect (renderer, view->focus->pdata[i], &r))
            continue;
          g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>\n",
                                  g_ascii_formatd (x, sizeof x, "%.6g", r.x),
                                  g_ascii_formatd (y, sizeof y, "%.6g", r.y),
                                  g_ascii_formatd (w, sizeof w, "%.6g", r.width),
                                  g_ascii_formatd (h, sizeof h, "%.6g", r.height));
        }
      g_string_append (out, "</clipPath>\n"
                            "<use xlink:href=\"#vnl-scene\" clip-path=\"url(#vnl-focus)\"/>\n");
    }
  g_string_append (out, "</g>\n");
  return out;
}

/* cairo's SVG of the page around the scene (title, legend, overlay) is
 * completed: a title, each icon once as a <symbol>, the renderer's icon
 * markers replaced by <use> of it and the scene's marker by @scene. The
 * result is put together in one pass, sized beforehand: a big diagram's
 * SVG is megabytes, and each copy or insertion moves all of it. */
static char *
decorate_svg (VnlDesign     *design,
              VnlRenderer   *renderer,
              GByteArray    *bytes,
              const GString *scene)
{
  const char *title = vnl_design_get_title (design);
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);
  const char *data = (const char *) bytes->data;
  const char *svg, *tag_end, *close;
  GString *out;

  /* cairo's document: the <svg> tag near the start, </svg> at the end. */
  svg = g_strstr_len (data, MIN (bytes->len, 4096), "<svg");
  tag_end = svg != NULL ? memchr (svg, '>', bytes->len - (svg - data)) : NULL;
  close = NULL;
  for (gsize back = MIN (bytes->len, 64); tag_end != NULL && back >= 6 && close == NULL; back--)
    if (memcmp (data + bytes->len - back, "</svg>", 6) == 0)
      close = data + bytes->len - back;
  if (tag_end == NULL || close == NULL)
    return g_strndup (data, bytes->len);

  out = g_string_sized_new (bytes->len + scene->len + strlen (escaped_title) + 4096);
  g_string_append_len (out, data, tag_end + 1 - data);
  g_string_append_printf (out, "\n<title>%s</title>\n", escaped_title);
  append_icon_symbols (out, renderer);
  append_replacing_markers (out, tag_end + 1, close, scene);
  g_string_append_len (out, close, bytes->len - (close - data));
  return g_string_free (out, FALSE);
}

typedef struct
{
  VnlRenderer *renderer;   /* owned */
  Layout       layout;
  View         view;
} Diagram;

static void
diagram_clear (Diagram *diagram)
{
  g_clear_object (&diagram->renderer);
  view_clear (&diagram->view);
}

static gboolean
diagram_init (Diagram     *diagram,
              VnlDesign   *design,
              VnlNetwork  *network,
              const char  *view,
              GError     **error)
{
  memset (diagram, 0, sizeof *diagram);
  diagram->renderer = vnl_renderer_new (design);
  return compute_layout (diagram->renderer, &diagram->layout, error) &&
         resolve_view (design, network, view, &diagram->view, error);
}

char *
vnl_export_diagram_to_svg (VnlDesign   *design,
                           VnlNetwork  *network,
                           const char  *view,
                           GError     **error)
{
  Diagram diagram;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GString) scene = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  char *result = NULL;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  if (!diagram_init (&diagram, design, network, view, error))
    {
      diagram_clear (&diagram);
      return NULL;
    }

  vnl_renderer_set_icon_markers (diagram.renderer, TRUE);
  scene = write_svg_scene (diagram.renderer, &diagram.layout, &diagram.view);
  diagram.view.scene_marker = TRUE;
  surface = cairo_svg_surface_create_for_stream (_vnl_export_append_bytes, bytes, diagram.layout.width,
                                                 diagram.layout.height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  draw_diagram_page (diagram.renderer, cr, &diagram.layout, &diagram.view);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (_vnl_export_check_surface (surface, "SVG", error))
    result = decorate_svg (design, diagram.renderer, bytes, scene);
  cairo_surface_destroy (surface);
  diagram_clear (&diagram);
  return result;
}

gboolean
vnl_export_diagram (VnlDesign        *design,
                    VnlNetwork       *network,
                    const char       *view,
                    VnlExportFormat   format,
                    double            scale,
                    const char       *path,
                    GError          **error)
{
  return vnl_export_diagram_scaled (design, network, view, format, scale, NULL, path, error);
}

/* The automatic PNG scale: the default, reduced so that the image stays
 * within VNL_EXPORT_MAX_PIXELS a side and VNL_EXPORT_MAX_AREA in all. */
static double
fit_scale (double width,
           double height)
{
  double scale = VNL_EXPORT_DEFAULT_SCALE;

  scale = MIN (scale, (VNL_EXPORT_MAX_PIXELS - 1) / MAX (width, 1));
  scale = MIN (scale, (VNL_EXPORT_MAX_PIXELS - 1) / MAX (height, 1));
  scale = MIN (scale, sqrt (VNL_EXPORT_MAX_AREA / MAX (width * height, 1)));
  /* Two decimals, rounded down, so that the scale said is the scale used. */
  return floor (scale * 100) / 100;
}

gboolean
vnl_export_diagram_scaled (VnlDesign        *design,
                           VnlNetwork       *network,
                           const char       *view,
                           VnlExportFormat   format,
                           double            scale,
                           double           *used_scale,
                           const char       *path,
                           GError          **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  Diagram diagram;
  gboolean ok;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == VNL_EXPORT_DRAWIO)
    {
      g_autofree char *xml = vnl_export_design_to_drawio (design);
      return vnl_report_write_file (path, xml, -1, error);
    }
  if (format == VNL_EXPORT_SVG)
    {
      g_autofree char *svg = vnl_export_diagram_to_svg (design, network, view, error);
      return svg != NULL && vnl_report_write_file (path, svg, -1, error);
    }

  if (!diagram_init (&diagram, design, network, view, error))
    {
      diagram_clear (&diagram);
      return FALSE;
    }

  bytes = g_byte_array_new ();
  if (format == VNL_EXPORT_PNG)
    {
      int w, h;

      if (scale <= 0)
        scale = fit_scale (diagram.layout.width, diagram.layout.height);
      if (used_scale != NULL)
        *used_scale = scale;
      w = (int) ceil (diagram.layout.width * scale);
      h = (int) ceil (diagram.layout.height * scale);
      if (w > VNL_EXPORT_MAX_PIXELS || h > VNL_EXPORT_MAX_PIXELS || scale < 0.01)
        {
          g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_TOO_LARGE,
                       _("%s: %d×%d pixels is too large at scale %g; the limit is %d per side"),
                       path, w, h, scale, VNL_EXPORT_MAX_PIXELS);
          diagram_clear (&diagram);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
    }
  else
    {
      /* 1 design unit is one CSS pixel: 0.75 pt. */
      surface = cairo_pdf_surface_create_for_stream (_vnl_export_append_bytes, bytes,
                                                     diagram.layout.width * 0.75,
                                                     diagram.layout.height * 0.75);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      vnl_design_get_title (design) != NULL
                                      ? vnl_design_get_title (design) : "");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "vnetlab " PACKAGE_VERSION);
      cr = cairo_create (surface);
      cairo_scale (cr, 0.75, 0.75);
    }

  draw_diagram_page (diagram.renderer, cr, &diagram.layout, &diagram.view);
  cairo_destroy (cr);
  ok = _vnl_export_check_surface (surface, path, error);
  if (ok && format == VNL_EXPORT_PNG && !write_png (surface, bytes))
    {
      g_set_error (error, VNL_EXPORT_ERROR, VNL_EXPORT_ERROR_RENDER,
                   _("cannot encode %s as PNG"), path);
      ok = FALSE;
    }
  cairo_surface_finish (surface);
  ok = ok && _vnl_export_check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  diagram_clear (&diagram);

  return ok && vnl_report_write_file (path, (const char *) bytes->data, bytes->len, error);
}

