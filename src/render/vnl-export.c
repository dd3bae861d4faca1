/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-export"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vnl-export.h"
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
 * The PDF report is A4 landscape, 1 unit = 1 pt. Its pages are laid out by a
 * small flowing "Doc" cursor: each block asks for its height and the cursor
 * starts a new page when it does not fit.
 */

G_DEFINE_QUARK (vnl-export-error-quark, vnl_export_error)

#define MARGIN        28.0
#define TITLE_H       54.0
#define LEGEND_GAP    24.0

/* Atomic output */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_surface (cairo_surface_t  *surface,
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
  const gboolean *matrix;
  GPtrArray *names = NULL;
  guint n;

  view->analysis = vnl_analysis_new_snapshot (design, network);
  view->perspective = g_strdup (container->name);
  view->labels = vnl_analysis_perspective_labels (view->analysis, container->name, &view->lit);

  /* The caption: the networks its endpoints reach, and those they miss. */
  matrix = vnl_analysis_get_matrix (view->analysis, &names);
  n = names != NULL ? names->len : 0;
  for (guint i = 0; i < n; i++)
    {
      if (owner_of (design, names->pdata[i]) != container)
        continue;
      for (guint j = 0; j < n; j++)
        {
          VnlObject *owner = owner_of (design, names->pdata[j]);

          if (owner == NULL || owner == container)
            continue;
          add_unique (matrix[i * n + j] ? reached : missed, owner);
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

static void
measure_legend (VnlRenderer *renderer,
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
  measure_legend (renderer, &layout->legend);
  layout->width = MARGIN + layout->scene.width + LEGEND_GAP + layout->legend.width + MARGIN;
  layout->height = TITLE_H + MAX (layout->scene.height, layout->legend.height) + MARGIN;
  return TRUE;
}

static PangoLayout *
text_layout (cairo_t    *cr,
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

static void
draw_scene (VnlRenderer *renderer,
            cairo_t     *cr,
            const View  *view)
{
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
      VnlObject *object = view->focus->pdata[i];
      VnlRect r;

      /* A network in focus comes back whole, frame and members, so that no
       * frame is cut in two shades. */
      if ((object->kind == VNL_KIND_VNET || object->kind == VNL_KIND_SITE) &&
          vnl_renderer_get_frame (renderer, object, &r))
        cairo_rectangle (cr, r.x - 2, r.y - 2, r.width + 4, r.height + 4);
      else if (vnl_renderer_get_object_bounds (renderer, object, &r))
        cairo_rectangle (cr, r.x - 6, r.y - 6, r.width + 12, r.height + 12);
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

  heading = text_layout (cr, "Sans Bold 16", title != NULL && *title ? title : _("Network design"),
                         layout->width - 2 * MARGIN);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 1);
  cairo_move_to (cr, MARGIN, 12);
  pango_cairo_show_layout (cr, heading);
  if (view->caption != NULL)
    {
      g_autoptr(PangoLayout) caption = text_layout (cr, "Sans 10", view->caption,
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

/* The SVG that cairo writes has text as glyph outlines: add a title, and an
 * invisible text layer with every node's name at its place so that the
 * names can be searched, selected and read by assistive tools. */
static char *
decorate_svg (VnlDesign    *design,
              VnlRenderer  *renderer,
              const Layout *layout,
              GByteArray   *bytes)
{
  g_autoptr(GString) out = g_string_new_len ((const char *) bytes->data, bytes->len);
  g_autoptr(GString) layer = g_string_new ("<g id=\"vnl-names\" fill-opacity=\"0\" "
                                           "font-family=\"sans-serif\" font-size=\"9\">\n");
  const char *title = vnl_design_get_title (design);
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);
  const char *svg, *tag_end, *close;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autofree char *name = g_markup_escape_text (object->name, -1);
          char x[32], y[32];
          VnlRect r;

          if (!vnl_object_is_node (object) || !vnl_renderer_get_object_bounds (renderer, object, &r))
            continue;
          g_ascii_formatd (x, sizeof x, "%.1f", MARGIN - layout->scene.x + r.x + r.width / 2);
          g_ascii_formatd (y, sizeof y, "%.1f", TITLE_H - layout->scene.y + object->pos.y +
                           VNL_RENDER_ICON_SIZE / 2 + 12);
          g_string_append_printf (layer, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
                                         "data-kind=\"%s\">%s</text>\n",
                                  x, y, vnl_kind_to_string (object->kind), name);
        }
    }
  g_string_append (layer, "</g>\n");

  svg = strstr (out->str, "<svg");
  close = g_strrstr (out->str, "</svg>");
  if (svg == NULL || close == NULL || !(tag_end = strchr (svg, '>')))
    return g_strndup ((const char *) bytes->data, bytes->len);
  g_string_insert (out, close - out->str, layer->str);
  {
    g_autofree char *title_el = g_strdup_printf ("\n<title>%s</title>\n", escaped_title);
    g_string_insert (out, tag_end + 1 - out->str, title_el);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
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
  cairo_surface_t *surface;
  cairo_t *cr;
  char *result = NULL;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  if (!diagram_init (&diagram, design, network, view, error))
    {
      diagram_clear (&diagram);
      return NULL;
    }

  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, diagram.layout.width,
                                                 diagram.layout.height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  draw_diagram_page (diagram.renderer, cr, &diagram.layout, &diagram.view);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (check_surface (surface, "SVG", error))
    result = decorate_svg (design, diagram.renderer, &diagram.layout, bytes);
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
        scale = VNL_EXPORT_DEFAULT_SCALE;
      w = (int) ceil (diagram.layout.width * scale);
      h = (int) ceil (diagram.layout.height * scale);
      if (w > VNL_EXPORT_MAX_PIXELS || h > VNL_EXPORT_MAX_PIXELS)
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
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes,
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
  if (format == VNL_EXPORT_PNG)
    cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  diagram_clear (&diagram);

  return ok && vnl_report_write_file (path, (const char *) bytes->data, bytes->len, error);
}

/* draw.io */

typedef struct
{
  const char *fill;
  const char *stroke;
  const char *dash;       /* nullable */
  double      width;
} EdgeStyle;

/* The link styles of the renderer's legend, as draw.io colours. */
static EdgeStyle
edge_style (VnlKind kind)
{
  switch (vnl_link_style_for_kind (kind))
    {
    case VNL_LINK_STYLE_PEERING:       return (EdgeStyle) { NULL, "#0D9488", NULL, 3 };
    case VNL_LINK_STYLE_ER_CONNECTION: return (EdgeStyle) { NULL, "#7A40C4", NULL, 3 };
    case VNL_LINK_STYLE_CIRCUIT_LINK:  return (EdgeStyle) { NULL, "#4A298C", "10 3 2 3", 2 };
    case VNL_LINK_STYLE_S2S:           return (EdgeStyle) { NULL, "#E07A1A", "7 4", 2 };
    case VNL_LINK_STYLE_V2V:           return (EdgeStyle) { NULL, "#1A73D9", "7 4", 2 };
    case VNL_LINK_STYLE_GLOBAL_REACH:  return (EdgeStyle) { NULL, "#7A40C4", "1 6", 3 };
    case VNL_N_LINK_STYLES:
    default:                           return (EdgeStyle) { NULL, "#555555", NULL, 2 };
    }
}

static char *
icon_data_uri (VnlIcon icon)
{
  g_autofree char *path = g_strconcat ("/io/github/vnetlab/VNetLab/icons/",
                                       vnl_icon_get_resource (icon), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *b64 = NULL;

  vnl_render_get_resource ();
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  b64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* draw.io styles separate keys with ';': the data URI must not have one. */
  return g_strconcat ("data:image/svg+xml,", b64, NULL);
}

static void
xml_attr (GString    *out,
          const char *name,
          const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);
  GString *tmp = g_string_new (escaped);

  /* Line breaks inside labels survive as character references. */
  g_string_replace (tmp, "\n", "&#xa;", 0);
  g_string_append_printf (out, " %s=\"%s\"", name, tmp->str);
  g_string_free (tmp, TRUE);
}

static char *
node_label (VnlDesign *design,
            VnlObject *object)
{
  char addr[16];

  switch (object->kind)
    {
    case VNL_KIND_VNET:
      {
        GArray *spaces = ((VnlVnet *) object)->address_spaces;
        if (spaces != NULL && spaces->len > 0)
          {
            char prefix[20];
            vnl_prefix_format (&g_array_index (spaces, VnlPrefix, 0), prefix);
            return g_strdup_printf ("%s\n%s", object->name, prefix);
          }
      }
      break;
    case VNL_KIND_ENDPOINT:
      vnl_ip_format (((VnlEndpoint *) object)->address, addr);
      return g_strdup_printf ("%s\n%s", object->name, addr);
    case VNL_KIND_GATEWAY:
      return g_strdup_printf ("%s\nASN %u", object->name, ((VnlGateway *) object)->asn);
    case VNL_KIND_CE:
      return g_strdup_printf ("%s\nASN %u", object->name, ((VnlCe *) object)->asn);
    case VNL_KIND_CIRCUIT:
      return g_strdup_printf ("%s\n%u Mbps", object->name, ((VnlCircuit *) object)->bandwidth_mbps);
    case VNL_KIND_LOCATION:
    case VNL_KIND_LINK:
    case VNL_KIND_SITE:
    case VNL_KIND_LNG:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_N_KINDS:
    default:
      break;
    }
  return g_strdup (object->name);
}

char *
vnl_export_design_to_drawio (VnlDesign *design)
{
  g_autoptr(VnlRenderer) renderer = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *icons[VNL_N_ICONS] = { NULL };
  const char *title;
  double s = VNL_RENDER_ICON_SIZE;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  renderer = vnl_renderer_new (design);
  title = vnl_design_get_title (design);
  for (guint i = 0; i < VNL_N_ICONS; i++)
    icons[i] = icon_data_uri (i);

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<mxfile host=\"vnetlab\" agent=\"vnetlab " PACKAGE_VERSION "\">\n  <diagram");
  xml_attr (out, "id", "vnetlab-design");
  xml_attr (out, "name", title != NULL && *title ? title : "Design");
  g_string_append (out, ">\n    <mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" "
                        "tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"0\" "
                        "pageScale=\"1\" math=\"0\" shadow=\"0\">\n      <root>\n"
                        "        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n");

  /* Container frames first, so that they lie behind everything. */
  for (guint k = 0; k < 2; k++)
    {
      gboolean vnet = k == 0;
      GPtrArray *objects = vnl_design_get_objects (design, vnet ? VNL_KIND_VNET : VNL_KIND_SITE);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autofree char *id = g_strconcat ("frame:", object->name, NULL);
          VnlRect r;

          if (!vnl_renderer_get_frame (renderer, object, &r))
            continue;
          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", "");
          g_string_append_printf (out, " style=\"rounded=1;arcSize=6;whiteSpace=wrap;html=1;"
                                       "fillColor=%s;strokeColor=%s;%s\" vertex=\"1\" parent=\"1\">\n"
                                       "          <mxGeometry x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                                       "height=\"%.1f\" as=\"geometry\"/>\n        </mxCell>\n",
                                  vnet ? "#EEF5FC" : "#F1F3F4", vnet ? "#6699CC" : "#8896A0",
                                  vnet ? "" : "dashed=1;", r.x, r.y, r.width, r.height);
        }
    }

  /* Nodes: the icon as an image, the label below it. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlIcon icon;
          g_autofree char *label = NULL;
          g_autofree char *id = NULL;

          if (!vnl_object_is_node (object) || !object->has_pos)
            continue;
          icon = vnl_icon_for_object (object);
          label = node_label (design, object);
          id = g_strconcat ("node:", object->name, NULL);

          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", label);
          g_string_append_printf (out, " style=\"shape=image;html=0;verticalLabelPosition=bottom;"
                                       "verticalAlign=top;labelBackgroundColor=#FFFFFF;fontSize=11;"
                                       "aspect=fixed;imageAspect=0;%s%s%s\" vertex=\"1\" parent=\"1\">\n",
                                  object->up ? "" : "opacity=45;fontColor=#C62828;",
                                  icon < VNL_N_ICONS && icons[icon] != NULL ? "image=" : "",
                                  icon < VNL_N_ICONS && icons[icon] != NULL ? icons[icon] : "");
          g_string_append_printf (out, "          <mxGeometry x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" "
                                       "height=\"%.0f\" as=\"geometry\"/>\n        </mxCell>\n",
                                  object->pos.x - s / 2, object->pos.y - s / 2, s, s);
        }
    }

  /* Edges. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a = NULL, *b = NULL;
          g_autofree char *id = NULL;
          g_autofree char *source = NULL;
          g_autofree char *target = NULL;
          EdgeStyle style;

          if (vnl_object_is_node (object) || !vnl_object_get_ends (object, &a, &b) ||
              a == NULL || b == NULL || vnl_design_lookup (design, a) == NULL ||
              vnl_design_lookup (design, b) == NULL)
            continue;
          style = edge_style (object->kind);
          id = g_strconcat ("edge:", object->name, NULL);
          source = g_strconcat ("node:", a, NULL);
          target = g_strconcat ("node:", b, NULL);
          g_string_append (out, "        <mxCell");
          xml_attr (out, "id", id);
          xml_attr (out, "value", object->name);
          g_string_append_printf (out, " style=\"endArrow=none;startArrow=none;html=0;rounded=0;"
                                       "fontSize=9;fontStyle=2;labelBackgroundColor=#FFFFFF;"
                                       "strokeColor=%s;strokeWidth=%.0f;%s%s%s%s\" edge=\"1\" "
                                       "parent=\"1\"",
                                  object->up ? style.stroke : "#C62828", style.width,
                                  style.dash != NULL || !object->up ? "dashed=1;dashPattern=" : "",
                                  !object->up ? "4 4" : style.dash != NULL ? style.dash : "",
                                  style.dash != NULL || !object->up ? ";" : "",
                                  object->kind == VNL_KIND_LINK ? "fontColor=#4A298C;" : "");
          xml_attr (out, "source", source);
          xml_attr (out, "target", target);
          g_string_append (out, ">\n          <mxGeometry relative=\"1\" as=\"geometry\">");
          if (object->bends != NULL && object->bends->len > 0)
            {
              g_string_append (out, "\n            <Array as=\"points\">\n");
              for (guint p = 0; p < object->bends->len; p++)
                {
                  VnlPoint *pt = &g_array_index (object->bends, VnlPoint, p);
                  g_string_append_printf (out, "              <mxPoint x=\"%.1f\" y=\"%.1f\"/>\n",
                                          pt->x, pt->y);
                }
              g_string_append (out, "            </Array>\n          ");
            }
          g_string_append (out, "</mxGeometry>\n        </mxCell>\n");
        }
    }

  g_string_append (out, "      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
  for (guint i = 0; i < VNL_N_ICONS; i++)
    g_clear_pointer (&icons[i], g_free);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---------------------------------------------------------------------- */
/* PDF report                                                             */

#define PAGE_W      842.0    /* A4 landscape, pt */
#define PAGE_H      595.0
#define PAGE_M       36.0
#define HEADER_H     34.0
#define FOOTER_H     22.0
#define CONTENT_TOP (PAGE_M + HEADER_H)
#define CONTENT_BOTTOM (PAGE_H - PAGE_M - FOOTER_H)
#define CONTENT_W   (PAGE_W - 2 * PAGE_M)

static const char *
endpoint_name_of (VnlReport *report,
                  guint      i)
{
  return ((VnlObject *) report->endpoints->pdata[i])->name;
}

static const double ink[3] = { 0.12, 0.14, 0.17 };
static const double dim[3] = { 0.40, 0.43, 0.47 };
static const double brand[3] = { 0.06, 0.24, 0.43 };

typedef struct
{
  cairo_surface_t *surface;   /* borrowed */
  cairo_t         *cr;        /* borrowed */
  VnlReport       *report;    /* borrowed */
  guint            page;      /* pages started */
  double           y;         /* cursor */
  const char      *section;   /* running header */
  int              outline;   /* outline id of the current section */
} Doc;

static PangoLayout *
doc_layout (Doc        *doc,
            const char *font,
            const char *markup,
            double      width)
{
  PangoLayout *layout = text_layout (doc->cr, font, "", width);

  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
set_rgb (cairo_t      *cr,
         const double *c)
{
  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
}

static void
show_at (Doc         *doc,
         PangoLayout *layout,
         double       x,
         double       y,
         const double *color)
{
  set_rgb (doc->cr, color);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

static void
doc_text (Doc        *doc,
          double      x,
          double      y,
          const char *font,
          const char *markup,
          double      width,
          const double *color)
{
  g_autoptr(PangoLayout) layout = doc_layout (doc, font, markup, width);
  show_at (doc, layout, x, y, color);
}

static void
doc_new_page (Doc *doc)
{
  g_autofree char *footer = NULL;
  g_autofree char *title = g_markup_escape_text (vnl_report_get_title (doc->report), -1);
  g_autofree char *section = g_markup_escape_text (doc->section != NULL ? doc->section : "", -1);

  if (doc->page > 0)
    cairo_show_page (doc->cr);
  doc->page++;

  /* Running header and footer. */
  cairo_set_source_rgb (doc->cr, brand[0], brand[1], brand[2]);
  cairo_rectangle (doc->cr, 0, 0, PAGE_W, 6);
  cairo_fill (doc->cr);
  doc_text (doc, PAGE_M, PAGE_M - 12, "Sans Bold 9", title, CONTENT_W / 2, brand);
  {
    g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans 9", section, 0);
    show_at (doc, layout, PAGE_W - PAGE_M - layout_width (layout), PAGE_M - 12, dim);
  }
  cairo_set_source_rgb (doc->cr, 0.80, 0.83, 0.86);
  cairo_rectangle (doc->cr, PAGE_M, PAGE_M + 4, CONTENT_W, 0.6);
  cairo_fill (doc->cr);

  footer = g_strdup_printf ("Generated %s by vnetlab %s", doc->report->generated, PACKAGE_VERSION);
  doc_text (doc, PAGE_M, PAGE_H - PAGE_M, "Sans 7.5", footer, 0, dim);
  {
    g_autofree char *number = g_strdup_printf ("%u", doc->page);
    g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans 7.5", number, 0);
    show_at (doc, layout, PAGE_W - PAGE_M - layout_width (layout), PAGE_H - PAGE_M, dim);
  }

  doc->y = CONTENT_TOP;
}

static void
doc_section (Doc        *doc,
             const char *title)
{
  g_autofree char *link = NULL;
  g_autofree char *markup = g_markup_escape_text (title, -1);

  doc->section = title;
  doc_new_page (doc);
  link = g_strdup_printf ("page=%u", doc->page);
  doc->outline = cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, title, link,
                                                CAIRO_PDF_OUTLINE_FLAG_OPEN);
  doc_text (doc, PAGE_M, doc->y, "Sans Bold 17", markup, 0, brand);
  doc->y += 30;
}

/* A wrapped paragraph across the content width; advances the cursor. */
static void
doc_paragraph (Doc        *doc,
               const char *font,
               const char *text,
               const double *color)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  g_autoptr(PangoLayout) layout = doc_layout (doc, font, markup, CONTENT_W);

  show_at (doc, layout, PAGE_M, doc->y, color);
  doc->y += layout_height (layout) + 10;
}

/* Starts a new page (same section) when @height does not fit. */
static void
doc_need (Doc    *doc,
          double  height)
{
  if (doc->y + height > CONTENT_BOTTOM)
    doc_new_page (doc);
}

static void
doc_heading (Doc        *doc,
             const char *text,
             gboolean    outline)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  doc_need (doc, 60);
  if (outline)
    {
      g_autofree char *link = g_strdup_printf ("page=%u", doc->page);
      cairo_pdf_surface_add_outline (doc->surface, doc->outline, text, link, 0);
    }
  doc_text (doc, PAGE_M, doc->y, "Sans Bold 11.5", markup, CONTENT_W, ink);
  doc->y += 20;
}

/* Tables */

typedef struct
{
  const char *title;
  double      width;     /* fraction of the content width */
  gboolean    mono;
} Column;

static double
table_row_height (Doc          *doc,
                  const Column *columns,
                  guint         n_columns,
                  const char  **cells,
                  const char   *font,
                  const char   *mono_font)
{
  double h = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *escaped = g_markup_escape_text (cells[c] != NULL ? cells[c] : "", -1);
      g_autoptr(PangoLayout) layout = doc_layout (doc, columns[c].mono ? mono_font : font, escaped,
                                                  columns[c].width * CONTENT_W - 8);
      h = MAX (h, layout_height (layout));
    }
  return h + 6;
}

static void
table_draw_row (Doc          *doc,
                const Column *columns,
                guint         n_columns,
                const char  **cells,
                gboolean      header,
                guint         index,
                const double *highlight)
{
  const char *font = header ? "Sans Bold 8" : "Sans 8";
  const char *mono = header ? "Sans Bold 8" : "Monospace 7.5";
  double h = table_row_height (doc, columns, n_columns, cells, font, mono);
  double x = PAGE_M;

  if (header)
    cairo_set_source_rgb (doc->cr, 0.90, 0.92, 0.95);
  else if (highlight != NULL)
    cairo_set_source_rgb (doc->cr, highlight[0], highlight[1], highlight[2]);
  else if (index % 2 == 1)
    cairo_set_source_rgb (doc->cr, 0.965, 0.972, 0.98);
  else
    cairo_set_source_rgb (doc->cr, 1, 1, 1);
  cairo_rectangle (doc->cr, PAGE_M, doc->y, CONTENT_W, h);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.85, 0.87, 0.90);
  cairo_rectangle (doc->cr, PAGE_M, doc->y + h - 0.5, CONTENT_W, 0.5);
  cairo_fill (doc->cr);

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *escaped = g_markup_escape_text (cells[c] != NULL ? cells[c] : "", -1);

      doc_text (doc, x + 4, doc->y + 3, columns[c].mono && !header ? mono : font, escaped,
                columns[c].width * CONTENT_W - 8, header ? brand : ink);
      x += columns[c].width * CONTENT_W;
    }
  doc->y += h;
}

static void
table_header (Doc          *doc,
              const Column *columns,
              guint         n_columns)
{
  const char *cells[16];

  g_assert (n_columns <= G_N_ELEMENTS (cells));
  for (guint c = 0; c < n_columns; c++)
    cells[c] = columns[c].title;
  table_draw_row (doc, columns, n_columns, cells, TRUE, 0, NULL);
}

/* A body row; a page break repeats the header. */
static void
table_row (Doc          *doc,
           const Column *columns,
           guint         n_columns,
           const char  **cells,
           guint         index,
           const double *highlight)
{
  double h = table_row_height (doc, columns, n_columns, cells, "Sans 8", "Monospace 7.5");

  if (doc->y + h > CONTENT_BOTTOM)
    {
      doc_new_page (doc);
      table_header (doc, columns, n_columns);
    }
  table_draw_row (doc, columns, n_columns, cells, FALSE, index, highlight);
}

/* Pages */

static void
stat_box (Doc        *doc,
          double      x,
          double      y,
          double      w,
          const char *value,
          const char *label)
{
  g_autofree char *v = g_markup_escape_text (value, -1);
  g_autofree char *l = g_markup_escape_text (label, -1);

  cairo_set_source_rgb (doc->cr, 0.94, 0.96, 0.99);
  cairo_rectangle (doc->cr, x, y, w, 52);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, brand[0], brand[1], brand[2]);
  cairo_rectangle (doc->cr, x, y, 3, 52);
  cairo_fill (doc->cr);
  doc_text (doc, x + 12, y + 6, "Sans Bold 18", v, w - 16, brand);
  doc_text (doc, x + 12, y + 32, "Sans 8", l, w - 16, dim);
}

static void
page_summary (Doc *doc)
{
  VnlReport *report = doc->report;
  VnlDesign *design = report->design;
  g_autofree char *title = g_markup_escape_text (vnl_report_get_title (report), -1);
  g_autoptr(GString) sub = g_string_new (NULL);
  guint n = report->endpoints->len, pairs = 0, reachable = 0, connections = 0;
  GPtrArray *objects;
  static const VnlKind connection_kinds[] = {
    VNL_KIND_ER_CONNECTION, VNL_KIND_GLOBAL_REACH, VNL_KIND_S2S_CONNECTION,
    VNL_KIND_V2V_CONNECTION, VNL_KIND_PEERING,
  };

  doc->section = _("Design summary");
  doc_new_page (doc);
  cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, _("Design summary"),
                                 "page=1", 0);

  doc_text (doc, PAGE_M, doc->y, "Sans Bold 24", title, CONTENT_W, brand);
  doc->y += 36;
  if (report->source != NULL)
    g_string_append_printf (sub, "Design file %s · ", report->source);
  g_string_append_printf (sub, "report generated %s", report->generated);
  {
    g_autofree char *markup = g_markup_escape_text (sub->str, -1);
    doc_text (doc, PAGE_M, doc->y, "Sans 10", markup, CONTENT_W, dim);
    doc->y += 18;
  }
  if (report->down[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", report->down);
      g_autofree char *escaped = g_markup_escape_text (names, -1);
      g_autofree char *markup = g_strdup_printf ("<b>Down in this report:</b> %s", escaped);
      doc_text (doc, PAGE_M, doc->y, "Sans 10", markup, CONTENT_W, (const double[]) { 0.78, 0.16, 0.16 });
      doc->y += 18;
    }
  doc->y += 8;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (i != j)
        {
          pairs++;
          reachable += report->matrix[i * n + j];
        }
  for (guint k = 0; k < G_N_ELEMENTS (connection_kinds); k++)
    connections += vnl_report_count_kind (report, connection_kinds[k]);

  {
    struct { guint value; const char *label; } stats[] = {
      { vnl_report_count_kind (report, VNL_KIND_VNET), _("virtual networks") },
      { vnl_report_count_kind (report, VNL_KIND_GATEWAY), _("gateways") },
      { vnl_report_count_kind (report, VNL_KIND_CIRCUIT), _("ExpressRoute circuits") },
      { vnl_report_count_kind (report, VNL_KIND_SITE), _("on-premises sites") },
      { connections, _("connections and peerings") },
      { n, _("endpoints") },
    };
    double w = (CONTENT_W - 6 * 10) / 7;
    g_autofree char *ratio = g_strdup_printf ("%u/%u", reachable, pairs);

    for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
      {
        g_autofree char *value = g_strdup_printf ("%u", stats[i].value);
        stat_box (doc, PAGE_M + i * (w + 10), doc->y, w, value, stats[i].label);
      }
    stat_box (doc, PAGE_M + 6 * (w + 10), doc->y, w, ratio, _("endpoint pairs reachable"));
    doc->y += 68;
  }

  {
    static const Column columns[] = {
      { "VNet", 0.16, FALSE }, { "Location", 0.22, FALSE }, { "Address space", 0.22, TRUE },
      { "Subnets", 0.22, TRUE }, { "Gateways", 0.18, FALSE },
    };

    doc_heading (doc, _("Virtual networks"), FALSE);
    table_header (doc, columns, G_N_ELEMENTS (columns));
    objects = vnl_design_get_objects (design, VNL_KIND_VNET);
    for (guint i = 0; i < objects->len; i++)
      {
        VnlVnet *vnet = objects->pdata[i];
        g_autoptr(GString) spaces = g_string_new (NULL);
        g_autoptr(GString) subnets = g_string_new (NULL);
        g_autoptr(GString) gws = g_string_new (NULL);
        g_autoptr(GPtrArray) gateways = vnl_design_get_gateways_of (design, vnet->parent.name);
        VnlLocation *location = vnl_design_lookup_kind (design, vnet->location, VNL_KIND_LOCATION);
        const char *cells[5];

        for (guint s = 0; s < vnet->address_spaces->len; s++)
          {
            char buf[20];
            vnl_prefix_format (&g_array_index (vnet->address_spaces, VnlPrefix, s), buf);
            g_string_append_printf (spaces, "%s%s", s > 0 ? "\n" : "", buf);
          }
        for (guint s = 0; s < vnet->subnets->len; s++)
          {
            VnlSubnet *subnet = vnet->subnets->pdata[s];
            char buf[20];
            vnl_prefix_format (&subnet->prefix, buf);
            g_string_append_printf (subnets, "%s%s %s", s > 0 ? "\n" : "", buf, subnet->name);
          }
        for (guint g = 0; gateways != NULL && g < gateways->len; g++)
          g_string_append_printf (gws, "%s%s", g > 0 ? ", " : "", ((VnlObject *) gateways->pdata[g])->name);
        cells[0] = vnet->parent.name;
        cells[1] = location != NULL && location->display_name != NULL ? location->display_name : vnet->location;
        cells[2] = spaces->str;
        cells[3] = subnets->str;
        cells[4] = gws->str;
        table_row (doc, columns, G_N_ELEMENTS (columns), cells, i, NULL);
      }
    doc->y += 14;
  }

  {
    static const Column columns[] = {
      { "Gateway", 0.16, FALSE }, { "VNet", 0.12, FALSE }, { "Type", 0.12, FALSE },
      { "SKU", 0.10, FALSE }, { "ASN", 0.08, TRUE }, { "Instances", 0.22, TRUE },
      { "BGP peer IP", 0.12, TRUE }, { "State", 0.08, FALSE },
    };

    doc_heading (doc, _("Gateways"), FALSE);
    table_header (doc, columns, G_N_ELEMENTS (columns));
    objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
    for (guint i = 0; i < objects->len; i++)
      {
        VnlGateway *gw = objects->pdata[i];
        g_autoptr(GString) instances = g_string_new (NULL);
        g_autofree char *asn = g_strdup_printf ("%u", gw->asn);
        char bgp[16] = "";
        const char *cells[8];

        for (guint k = 0; gw->instances != NULL && k < gw->instances->len; k++)
          {
            char buf[16];
            vnl_ip_format (g_array_index (gw->instances, guint32, k), buf);
            g_string_append_printf (instances, "%s%s", k > 0 ? ", " : "", buf);
          }
        if (gw->bgp_address != 0)
          vnl_ip_format (gw->bgp_address, bgp);
        cells[0] = gw->parent.name;
        cells[1] = gw->vnet;
        cells[2] = gw->type == VNL_GATEWAY_EXPRESSROUTE ? "ExpressRoute" : "VPN";
        cells[3] = gw->sku;
        cells[4] = asn;
        cells[5] = instances->str;
        cells[6] = bgp;
        cells[7] = gw->parent.up ? "up" : "down";
        table_row (doc, columns, G_N_ELEMENTS (columns), cells, i,
                   gw->parent.up ? NULL : (const double[]) { 1.0, 0.92, 0.92 });
      }
    doc->y += 14;
  }

  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  if (objects->len > 0)
    {
      static const Column columns[] = {
        { "Circuit", 0.12, FALSE }, { "Provider", 0.12, FALSE }, { "Peering location", 0.20, FALSE },
        { "Bandwidth", 0.10, FALSE }, { "Peer ASN", 0.08, TRUE },
        { "Primary link", 0.19, TRUE }, { "Secondary link", 0.19, TRUE },
      };

      doc_heading (doc, _("ExpressRoute circuits"), FALSE);
      table_header (doc, columns, G_N_ELEMENTS (columns));
      for (guint i = 0; i < objects->len; i++)
        {
          VnlCircuit *circuit = objects->pdata[i];
          g_autofree char *bw = g_strdup_printf ("%u Mbps", circuit->bandwidth_mbps);
          g_autofree char *asn = g_strdup_printf ("%u", circuit->peer_asn);
          g_autofree char *links[2] = { NULL, NULL };
          VnlLocation *location = vnl_design_lookup_kind (design, circuit->peering_location,
                                                          VNL_KIND_LOCATION);
          const char *cells[7];

          for (guint l = 0; l < 2; l++)
            {
              VnlLink *link = circuit->links[l] != NULL
                              ? vnl_design_lookup_kind (design, circuit->links[l], VNL_KIND_LINK) : NULL;
              char subnet[20];

              if (link == NULL)
                continue;
              vnl_prefix_format (&link->subnet, subnet);
              links[l] = g_strdup_printf ("%s %s%s", link->parent.name, subnet,
                                          link->parent.up ? "" : " (down)");
            }
          cells[0] = circuit->parent.name;
          cells[1] = circuit->provider;
          cells[2] = location != NULL && location->display_name != NULL ? location->display_name
                                                                         : circuit->peering_location;
          cells[3] = bw;
          cells[4] = asn;
          cells[5] = links[0];
          cells[6] = links[1];
          table_row (doc, columns, G_N_ELEMENTS (columns), cells, i, NULL);
          g_clear_pointer (&links[0], g_free);
          g_clear_pointer (&links[1], g_free);
        }
      doc->y += 14;
    }

  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  if (objects->len > 0)
    {
      static const Column columns[] = {
        { "Site", 0.14, FALSE }, { "Location", 0.24, FALSE }, { "Prefixes", 0.22, TRUE },
        { "CE routers", 0.40, FALSE },
      };

      doc_heading (doc, _("On-premises sites"), FALSE);
      table_header (doc, columns, G_N_ELEMENTS (columns));
      for (guint i = 0; i < objects->len; i++)
        {
          VnlSite *site = objects->pdata[i];
          g_autoptr(GString) prefixes = g_string_new (NULL);
          g_autoptr(GString) ces = g_string_new (NULL);
          g_autoptr(GPtrArray) routers = vnl_design_get_ces_of (design, site->parent.name);
          VnlLocation *location = vnl_design_lookup_kind (design, site->location, VNL_KIND_LOCATION);
          const char *cells[4];

          for (guint p = 0; p < site->prefixes->len; p++)
            {
              char buf[20];
              vnl_prefix_format (&g_array_index (site->prefixes, VnlPrefix, p), buf);
              g_string_append_printf (prefixes, "%s%s", p > 0 ? "\n" : "", buf);
            }
          for (guint c = 0; routers != NULL && c < routers->len; c++)
            {
              VnlCe *ce = routers->pdata[c];
              g_string_append_printf (ces, "%s%s (AS %u)", c > 0 ? ", " : "", ce->parent.name, ce->asn);
            }
          cells[0] = site->parent.name;
          cells[1] = location != NULL && location->display_name != NULL ? location->display_name : site->location;
          cells[2] = prefixes->str;
          cells[3] = ces->str;
          table_row (doc, columns, G_N_ELEMENTS (columns), cells, i, NULL);
        }
      doc->y += 14;
    }

  {
    static const Column columns[] = {
      { "Connection", 0.22, FALSE }, { "Kind", 0.18, FALSE }, { "From", 0.18, FALSE },
      { "To", 0.18, FALSE }, { "Details", 0.16, FALSE }, { "State", 0.08, FALSE },
    };
    guint row = 0;

    doc_heading (doc, _("Connections and peerings"), FALSE);
    table_header (doc, columns, G_N_ELEMENTS (columns));
    for (guint k = 0; k < G_N_ELEMENTS (connection_kinds); k++)
      {
        objects = vnl_design_get_objects (design, connection_kinds[k]);
        for (guint i = 0; i < objects->len; i++)
          {
            VnlObject *object = objects->pdata[i];
            const char *a = NULL, *b = NULL;
            g_autofree char *details = NULL;
            const char *cells[6];

            vnl_object_get_ends (object, &a, &b);
            if (object->kind == VNL_KIND_S2S_CONNECTION)
              details = g_strdup_printf ("IKEv%u%s", ((VnlS2sConnection *) object)->ike_version,
                                         ((VnlS2sConnection *) object)->bgp ? ", BGP" : "");
            else if (object->kind == VNL_KIND_V2V_CONNECTION)
              details = g_strdup (((VnlV2vConnection *) object)->bgp ? "BGP" : "static");
            else if (object->kind == VNL_KIND_ER_CONNECTION)
              details = g_strdup_printf ("weight %u", ((VnlErConnection *) object)->routing_weight);
            else if (object->kind == VNL_KIND_PEERING)
              {
                VnlPeering *p = (VnlPeering *) object;
                details = g_strdup (p->side[0].allow_gateway_transit || p->side[1].allow_gateway_transit
                                    ? "gateway transit" : "");
              }
            cells[0] = object->name;
            cells[1] = vnl_kind_to_string (object->kind);
            cells[2] = a;
            cells[3] = b;
            cells[4] = details;
            cells[5] = object->up ? "up" : "down";
            table_row (doc, columns, G_N_ELEMENTS (columns), cells, row++,
                       object->up ? NULL : (const double[]) { 1.0, 0.92, 0.92 });
          }
      }
  }
}

static void
page_diagram (Doc *doc)
{
  VnlReport *report = doc->report;
  g_autoptr(VnlRenderer) renderer = vnl_renderer_new (report->design);
  VnlRect bounds, legend;
  double avail_w, avail_h, scale;

  doc_section (doc, _("Diagram"));
  if (!vnl_renderer_get_bounds (renderer, &bounds))
    {
      doc_text (doc, PAGE_M, doc->y, "Sans 10", _("The design has nothing to draw."), 0, dim);
      return;
    }
  bounds.x -= 16;
  bounds.y -= 16;
  bounds.width += 32;
  bounds.height += 32;
  measure_legend (renderer, &legend);

  avail_w = CONTENT_W;
  avail_h = CONTENT_BOTTOM - doc->y;
  scale = MIN (avail_w / bounds.width, avail_h / bounds.height);
  scale = MIN (scale, 1.0);

  cairo_save (doc->cr);
  cairo_translate (doc->cr, PAGE_M + (avail_w - bounds.width * scale) / 2, doc->y);
  cairo_scale (doc->cr, scale, scale);
  cairo_translate (doc->cr, -bounds.x, -bounds.y);
  vnl_renderer_draw (renderer, doc->cr, NULL);
  cairo_restore (doc->cr);

  /* The legend in the bottom-right corner, scaled like the diagram. */
  cairo_save (doc->cr);
  scale = MIN (scale, 0.8);
  cairo_translate (doc->cr, PAGE_W - PAGE_M - legend.width * scale,
                   CONTENT_BOTTOM - legend.height * scale);
  cairo_scale (doc->cr, scale, scale);
  vnl_renderer_draw_legend (renderer, doc->cr, 0, 0, NULL);
  cairo_restore (doc->cr);
}

static void
page_routes (Doc *doc)
{
  VnlReport *report = doc->report;
  static const Column vnet_columns[] = {
    { "Source", 0.16, FALSE }, { "State", 0.07, FALSE }, { "Address prefix", 0.14, TRUE },
    { "Next hop type", 0.16, FALSE }, { "Next hop IP", 0.20, TRUE }, { "Why", 0.27, FALSE },
  };
  static const Column bgp_columns[] = {
    { "", 0.03, FALSE }, { "Network", 0.13, TRUE }, { "Next hop", 0.15, TRUE },
    { "LocPrf", 0.06, TRUE }, { "Weight", 0.07, TRUE }, { "AS path", 0.12, TRUE },
    { "Learned from", 0.17, FALSE }, { "Why", 0.27, FALSE },
  };

  doc_section (doc, _("Effective routes"));
  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *table = report->tables->pdata[t];
      gboolean vnet = table->kind == VNL_TABLE_VNET;
      const Column *columns = vnet ? vnet_columns : bgp_columns;
      guint n_columns = vnet ? G_N_ELEMENTS (vnet_columns) : G_N_ELEMENTS (bgp_columns);

      doc_need (doc, 80);
      doc_heading (doc, table->title, TRUE);
      table_header (doc, columns, n_columns);
      for (guint i = 0; i < table->rows->len; i++)
        {
          VnlRouteRow *row = table->rows->pdata[i];
          char prefix[20], weight[16], pref[16];
          const char *cells[8];
          g_autofree char *why = vnl_report_route_why (table, row);

          vnl_prefix_format (&row->prefix, prefix);
          if (vnet)
            {
              cells[0] = row->source;
              cells[1] = row->active ? "Active" : "Invalid";
              cells[2] = prefix;
              cells[3] = row->next_hop_type;
              cells[4] = row->next_hop;
              cells[5] = why;
              table_row (doc, columns, n_columns, cells, i,
                         row->active ? NULL : (const double[]) { 0.97, 0.97, 0.97 });
            }
          else
            {
              g_snprintf (weight, sizeof weight, "%u", row->weight);
              g_snprintf (pref, sizeof pref, "%u", row->local_pref);
              cells[0] = row->best ? ">" : "";
              cells[1] = prefix;
              cells[2] = row->next_hop;
              cells[3] = pref;
              cells[4] = weight;
              cells[5] = row->as_path != NULL && *row->as_path ? row->as_path : "i";
              cells[6] = row->learned_from != NULL ? row->learned_from : row->source;
              cells[7] = why;
              table_row (doc, columns, n_columns, cells, i,
                         row->best ? (const double[]) { 0.92, 0.97, 0.92 } : NULL);
            }
        }
      doc->y += 16;
    }
}

static void
page_traces (Doc *doc)
{
  VnlReport *report = doc->report;
  guint n = report->endpoints->len;
  const double col_w = (CONTENT_W - 16) / 2;
  double col_y[2];
  guint col = 0;

  doc_section (doc, _("Traceroutes"));
  col_y[0] = col_y[1] = doc->y;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlTrace *trace = report->traces->pdata[i * n + j];
        g_autofree char *text = NULL;
        g_autofree char *escaped = NULL;
        g_autofree char *head = NULL;
        g_autofree char *status = NULL;
        g_autoptr(PangoLayout) body = NULL;
        double rtt, h, x, y;
        gboolean ok;

        if (trace == NULL)
          continue;
        text = vnl_trace_format_tracert (trace);
        g_strstrip (text);
        escaped = g_markup_escape_text (text, -1);
        body = doc_layout (doc, "Monospace 7", escaped, col_w - 16);
        h = 22 + layout_height (body) + 10;

        /* Fill the shorter column; a new page when neither has room. */
        col = col_y[0] <= col_y[1] ? 0 : 1;
        if (col_y[col] + h > CONTENT_BOTTOM)
          {
            doc_new_page (doc);
            col_y[0] = col_y[1] = doc->y;
            col = 0;
          }
        x = PAGE_M + col * (col_w + 16);
        y = col_y[col];

        rtt = vnl_report_get_rtt (report, i, j);
        ok = report->matrix[i * n + j];
        cairo_set_source_rgb (doc->cr, 0.97, 0.975, 0.98);
        cairo_rectangle (doc->cr, x, y, col_w, h);
        cairo_fill (doc->cr);
        if (ok)
          cairo_set_source_rgb (doc->cr, 0.18, 0.62, 0.33);
        else
          cairo_set_source_rgb (doc->cr, 0.80, 0.20, 0.18);
        cairo_rectangle (doc->cr, x, y, 3, h);
        cairo_fill (doc->cr);

        {
          g_autofree char *a = g_markup_escape_text (endpoint_name_of (report, i), -1);
          g_autofree char *b = g_markup_escape_text (endpoint_name_of (report, j), -1);
          head = g_strdup_printf ("<b>%s</b> → <b>%s</b>", a, b);
        }
        doc_text (doc, x + 10, y + 5, "Sans 9.5", head, col_w - 120, ink);
        if (ok)
          status = g_strdup_printf ("%s%s", rtt < 1 ? "&lt;1 ms" : "", "");
        if (ok && rtt >= 1)
          {
            g_free (status);
            status = g_strdup_printf ("ping %.0f ms", rtt);
          }
        else if (ok)
          {
            g_free (status);
            status = g_strdup ("ping &lt;1 ms");
          }
        else
          status = g_strdup (trace->reached ? "no reply (return path)" : "unreachable");
        if (trace->asymmetric)
          {
            char *tmp = g_strconcat (status, " · asymmetric", NULL);
            g_free (status);
            status = tmp;
          }
        {
          g_autoptr(PangoLayout) pill = doc_layout (doc, "Sans Bold 7.5", status, 0);
          double pw = layout_width (pill) + 10;

          if (ok)
            cairo_set_source_rgb (doc->cr, 0.86, 0.95, 0.88);
          else
            cairo_set_source_rgb (doc->cr, 0.99, 0.88, 0.87);
          cairo_rectangle (doc->cr, x + col_w - pw - 6, y + 5, pw, 13);
          cairo_fill (doc->cr);
          show_at (doc, pill, x + col_w - pw - 1, y + 6,
                   ok ? (const double[]) { 0.10, 0.45, 0.22 } : (const double[]) { 0.70, 0.12, 0.10 });
        }
        show_at (doc, body, x + 10, y + 22, ink);
        col_y[col] = y + h + 10;
      }
  doc->y = MAX (col_y[0], col_y[1]);
}

static void
page_matrix (Doc *doc)
{
  VnlReport *report = doc->report;
  guint n = report->endpoints->len;
  double max_rtt = vnl_report_get_max_rtt (report);
  double label_w = 0, cell, x0, y0, head_h = 0;

  doc_section (doc, _("Reachability matrix"));
  doc_paragraph (doc, "Sans 9",
                 _("Row = source, column = destination. A cell gives the round trip of a ping "
                   "(forward and return path); green is fast, amber slow, red means no reply."),
                 dim);
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_markup_escape_text (endpoint_name_of (report, i), -1);
      g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans Bold 8.5", name, 0);
      label_w = MAX (label_w, layout_width (layout));
    }
  head_h = label_w * 0.75 + 10;
  cell = MIN (64, MIN ((CONTENT_W - label_w - 150) / n, (CONTENT_BOTTOM - doc->y - head_h - 10) / n));
  x0 = PAGE_M + label_w + 10;
  y0 = doc->y + head_h;

  /* Column headers, slanted. */
  for (guint j = 0; j < n; j++)
    {
      g_autofree char *name = g_markup_escape_text (endpoint_name_of (report, j), -1);
      g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans Bold 8.5", name, 0);

      cairo_save (doc->cr);
      cairo_translate (doc->cr, x0 + j * cell + cell / 2 - 4, y0 - 6);
      cairo_rotate (doc->cr, -G_PI / 4);
      show_at (doc, layout, 0, -layout_height (layout) / 2, ink);
      cairo_restore (doc->cr);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_markup_escape_text (endpoint_name_of (report, i), -1);
      g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans Bold 8.5", name, 0);

      show_at (doc, layout, x0 - 8 - layout_width (layout),
               y0 + i * cell + (cell - layout_height (layout)) / 2, ink);
      for (guint j = 0; j < n; j++)
        {
          double x = x0 + j * cell, y = y0 + i * cell;
          double r, g, b;
          double rtt = vnl_report_get_rtt (report, i, j);

          if (i == j)
            cairo_set_source_rgb (doc->cr, 0.88, 0.89, 0.91);
          else
            {
              vnl_report_heat_color (report->matrix[i * n + j] ? MAX (rtt, 0) : -1, max_rtt, &r, &g, &b);
              cairo_set_source_rgb (doc->cr, r, g, b);
            }
          cairo_rectangle (doc->cr, x + 1, y + 1, cell - 2, cell - 2);
          cairo_fill (doc->cr);
          if (i != j && cell >= 22)
            {
              g_autofree char *value = NULL;
              g_autoptr(PangoLayout) v = NULL;

              if (!report->matrix[i * n + j])
                value = g_strdup ("✗");
              else if (rtt < 1)
                value = g_strdup ("&lt;1 ms");
              else
                value = g_strdup_printf ("%.0f ms", rtt);
              v = doc_layout (doc, cell >= 40 ? "Sans Bold 8" : "Sans Bold 6", value, 0);
              show_at (doc, v, x + (cell - layout_width (v)) / 2, y + (cell - layout_height (v)) / 2,
                       report->matrix[i * n + j] ? ink : (const double[]) { 1, 1, 1 });
            }
        }
    }

  /* The colour scale. */
  {
    double lx = x0 + n * cell + 30, ly = y0, lh = MIN (n * cell, 180);
    g_autofree char *top = g_strdup_printf ("%.0f ms", max_rtt);

    doc_text (doc, lx, ly - 16, "Sans Bold 8", _("Round trip"), 0, ink);
    for (int k = 0; k < 40; k++)
      {
        double r, g, b;
        vnl_report_heat_color (max_rtt * k / 39.0 * k / 39.0, max_rtt, &r, &g, &b);
        cairo_set_source_rgb (doc->cr, r, g, b);
        cairo_rectangle (doc->cr, lx, ly + lh * k / 40.0, 16, lh / 40.0 + 0.5);
        cairo_fill (doc->cr);
      }
    doc_text (doc, lx + 22, ly - 2, "Sans 8", "0 ms", 0, dim);
    doc_text (doc, lx + 22, ly + lh - 10, "Sans 8", top, 0, dim);
    cairo_set_source_rgb (doc->cr, 0.86, 0.26, 0.24);
    cairo_rectangle (doc->cr, lx, ly + lh + 12, 16, 16);
    cairo_fill (doc->cr);
    doc_text (doc, lx + 22, ly + lh + 14, "Sans 8", _("no reply"), 0, dim);
  }
  doc->y = y0 + n * cell + 10;
}

static void
page_latency (Doc *doc)
{
  VnlReport *report = doc->report;
  guint n = report->endpoints->len;
  double max_rtt = vnl_report_get_max_rtt (report);
  const double col_w = (CONTENT_W - 24) / 2, bar_h = 11, gap = 3;
  double name_w = 0, col_y[2];

  doc_section (doc, _("Latency per path"));
  doc_paragraph (doc, "Sans 9",
                 _("Round trip of a ping from each endpoint to every other one, on one scale."),
                 dim);
  col_y[0] = col_y[1] = doc->y;
  if (max_rtt <= 0)
    max_rtt = 1;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_markup_escape_text (endpoint_name_of (report, i), -1);
      g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans 7.5", name, 0);
      name_w = MAX (name_w, layout_width (layout));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *from = g_markup_escape_text (endpoint_name_of (report, i), -1);
      g_autofree char *heading = g_strdup_printf ("From <b>%s</b>", from);
      double h = 18 + (n - 1) * (bar_h + gap) + 14;
      guint col = col_y[0] <= col_y[1] ? 0 : 1;
      double x, y, bar_x, bar_w;

      if (col_y[col] + h > CONTENT_BOTTOM)
        {
          doc_new_page (doc);
          col_y[0] = col_y[1] = doc->y;
          col = 0;
        }
      x = PAGE_M + col * (col_w + 24);
      y = col_y[col];
      bar_x = x + name_w + 8;
      bar_w = col_w - name_w - 8 - 56;

      doc_text (doc, x, y, "Sans 9.5", heading, col_w, ink);
      y += 18;
      /* Grid lines every 10 or 50 ms. */
      {
        double step = max_rtt > 100 ? 50 : max_rtt > 20 ? 10 : max_rtt > 5 ? 2 : 1;
        for (double t = 0; t <= max_rtt + 0.01; t += step)
          {
            cairo_set_source_rgb (doc->cr, 0.88, 0.90, 0.92);
            cairo_rectangle (doc->cr, bar_x + bar_w * t / max_rtt, y - 2, 0.5,
                             (n - 1) * (bar_h + gap) + 2);
            cairo_fill (doc->cr);
          }
      }
      for (guint j = 0; j < n; j++)
        {
          g_autofree char *to = NULL;
          g_autofree char *value = NULL;
          g_autoptr(PangoLayout) label = NULL;
          double rtt = vnl_report_get_rtt (report, i, j);

          if (i == j)
            continue;
          to = g_markup_escape_text (endpoint_name_of (report, j), -1);
          label = doc_layout (doc, "Sans 7.5", to, 0);
          show_at (doc, label, bar_x - 6 - layout_width (label), y + (bar_h - layout_height (label)) / 2, ink);
          if (rtt >= 0)
            {
              double r, g, b;
              double w = MAX (1.5, bar_w * rtt / max_rtt);

              vnl_report_heat_color (rtt, max_rtt, &r, &g, &b);
              cairo_set_source_rgb (doc->cr, r * 0.85, g * 0.85, b * 0.85);
              cairo_rectangle (doc->cr, bar_x, y, w, bar_h);
              cairo_fill (doc->cr);
              value = rtt < 1 ? g_strdup ("&lt;1 ms") : g_strdup_printf ("%.1f ms", rtt);
              doc_text (doc, bar_x + w + 4, y, "Sans 7.5", value, 0, dim);
            }
          else
            doc_text (doc, bar_x, y, "Sans Italic 7.5", _("no reply"),
                      0, (const double[]) { 0.78, 0.16, 0.16 });
          y += bar_h + gap;
        }
      col_y[col] = y + 14;
    }
  doc->y = MAX (col_y[0], col_y[1]);
}

static void
what_if_details (Doc             *doc,
                 VnlReportWhatIf *what_if)
{
  VnlReport *report = doc->report;

  for (guint c = 0; c < what_if->changes->len; c++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, c);
      g_autofree char *from = g_markup_escape_text (endpoint_name_of (report, change->from), -1);
      g_autofree char *to = g_markup_escape_text (endpoint_name_of (report, change->to), -1);
      g_autofree char *line = NULL;
      const char *color = change->kind == VNL_REPORT_CHANGE_LOST ? "#B71C1C"
                          : change->kind == VNL_REPORT_CHANGE_GAINED ? "#1B5E20" : "#8A5300";

      if (change->kind == VNL_REPORT_CHANGE_REROUTED)
        line = g_strdup_printf ("<span foreground=\"%s\"><b>rerouted</b></span>  %s → %s   "
                                "%.1f ms → %.1f ms", color, from, to,
                                MAX (change->rtt_before_ms, 0), MAX (change->rtt_after_ms, 0));
      else
        line = g_strdup_printf ("<span foreground=\"%s\"><b>%s</b></span>  %s → %s", color,
                                vnl_report_change_kind_to_string (change->kind), from, to);
      doc_need (doc, 12);
      doc_text (doc, PAGE_M + 18, doc->y, "Sans 8", line, CONTENT_W - 18, ink);
      doc->y += 11.5;
    }
}

static void
page_what_if (Doc *doc)
{
  VnlReport *report = doc->report;
  static const Column columns[] = {
    { "Taken down", 0.26, FALSE }, { "Kind", 0.20, FALSE }, { "Pairs lost", 0.14, FALSE },
    { "Pairs rerouted", 0.14, FALSE }, { "Pairs gained", 0.14, FALSE }, { "Verdict", 0.12, FALSE },
  };

  doc_section (doc, _("What if a link is down"));
  doc_paragraph (doc, "Sans 9",
                 _("Every link and connection taken down on its own, everything else as in this "
                   "report. A lost pair no longer gets a ping reply; a rerouted pair still does, "
                   "over other objects."),
                 dim);

  if (report->baseline != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Compared with the design as drawn, taking %s down "
                                                 "loses %u pairs, reroutes %u and gains %u."),
                                               report->baseline->object, report->baseline->n_lost,
                                               report->baseline->n_rerouted,
                                               report->baseline->n_gained);

      doc_heading (doc, _("This report's what-if"), FALSE);
      doc_paragraph (doc, "Sans 9", text, ink);
      what_if_details (doc, report->baseline);
      doc->y += 12;
    }

  doc_heading (doc, _("Single failures"), FALSE);
  table_header (doc, columns, G_N_ELEMENTS (columns));
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      g_autofree char *lost = g_strdup_printf ("%u", what_if->n_lost);
      g_autofree char *rerouted = g_strdup_printf ("%u", what_if->n_rerouted);
      g_autofree char *gained = g_strdup_printf ("%u", what_if->n_gained);
      const char *cells[6] = {
        what_if->object, vnl_kind_to_string (what_if->kind), lost, rerouted, gained,
        what_if->n_lost > 0 ? "outage" : what_if->n_rerouted > 0 ? "fails over" : "no effect",
      };

      table_row (doc, columns, G_N_ELEMENTS (columns), cells, w,
                 what_if->n_lost > 0 ? (const double[]) { 1.0, 0.90, 0.89 }
                 : what_if->n_rerouted > 0 ? (const double[]) { 1.0, 0.96, 0.86 } : NULL);
    }
  doc->y += 16;

  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      g_autofree char *heading = NULL;

      if (what_if->changes->len == 0)
        continue;
      heading = g_strdup_printf (_("%s down"), what_if->object);
      doc_heading (doc, heading, TRUE);
      what_if_details (doc, what_if);
      doc->y += 8;
    }
}

gboolean
vnl_export_report_pdf (VnlReport        *report,
                       const char       *path,
                       VnlReportProgress progress,
                       gpointer          user_data,
                       GCancellable     *cancellable,
                       guint            *n_pages,
                       GError          **error)
{
  static void (*const pages[]) (Doc *) = {
    page_summary, page_diagram, page_routes, page_traces, page_matrix, page_latency, page_what_if,
  };
  static const char *const page_names[] = {
    N_("Design summary"), N_("Diagram"), N_("Effective routes"), N_("Traceroutes"),
    N_("Reachability matrix"), N_("Latency per path"), N_("What if a link is down"),
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  Doc doc = { 0 };
  gboolean ok;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, vnl_report_get_title (report));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, _("Network design report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "vnetlab " PACKAGE_VERSION);
  doc.surface = surface;
  doc.cr = cairo_create (surface);
  doc.report = report;

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      if (progress != NULL)
        progress ((double) p / G_N_ELEMENTS (pages), _(page_names[p]), user_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (doc.cr);
          cairo_surface_destroy (surface);
          return FALSE;
        }
      pages[p] (&doc);
    }
  if (progress != NULL)
    progress (1.0, _("Done"), user_data);

  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  if (n_pages != NULL)
    *n_pages = doc.page;

  return ok && vnl_report_write_file (path, (const char *) bytes->data, bytes->len, error);
}

gboolean
vnl_export_report (VnlReport        *report,
                   VnlReportFormat   format,
                   VnlReportCsvTable csv_table,
                   const char       *path,
                   VnlReportProgress progress,
                   gpointer          user_data,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autofree char *svg = NULL;

  g_return_val_if_fail (report != NULL, FALSE);

  if (format == VNL_REPORT_FORMAT_PDF)
    return vnl_export_report_pdf (report, path, progress, user_data, cancellable, NULL, error);
  if (format == VNL_REPORT_FORMAT_HTML &&
      !(svg = vnl_export_diagram_to_svg (report->design, report->network, NULL, error)))
    return FALSE;
  return vnl_report_write (report, format, csv_table, svg, path, error);
}
