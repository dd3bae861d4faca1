/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-export"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vnl-export-private.h"
#include "vnl-renderer.h"
#include "vnl-render-resources.h"

/*
 * DOC: The PDF report
 *
 * A4 landscape, 1 unit = 1 pt. Pages are laid out by a small flowing "Doc"
 * cursor: each block asks for its height and the cursor starts a new page
 * when it does not fit. Tables come from the core's table model
 * (vnl_report_summary_tables and friends), so the PDF shows the rows the
 * other formats show; each row's cells are laid out once, measured, then
 * drawn.
 */

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
  /* Table cells: one context and one layout per column, header and body
   * apart, reused row after row (a report's tables run to tens of
   * thousands of cells; a context per cell cost more than its text). */
  PangoContext    *context;   /* owned, nullable until the first table */
  PangoLayout     *cells[2][16]; /* owned, nullable: [header][column] */
} Doc;

static PangoLayout *
doc_layout (Doc        *doc,
            const char *font,
            const char *markup,
            double      width)
{
  PangoLayout *layout = _vnl_export_text_layout (doc->cr, font, "", width);

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

typedef VnlReportColumn Column;

static const double *
row_highlight (VnlReportRowStyle style)
{
  static const double down[3] = { 1.0, 0.92, 0.92 };
  static const double best[3] = { 0.92, 0.97, 0.92 };
  static const double inactive[3] = { 0.97, 0.97, 0.97 };

  switch (style)
    {
    case VNL_REPORT_ROW_DOWN:     return down;
    case VNL_REPORT_ROW_BEST:     return best;
    case VNL_REPORT_ROW_INACTIVE: return inactive;
    case VNL_REPORT_ROW_PLAIN:
    default:                      return NULL;
    }
}

/* A row laid out once: its cells' layouts and height, then drawn. */
typedef struct
{
  PangoLayout *cells[16];    /* borrowed: the doc's layouts of its kind of row */
  guint        n_columns;
  double       height;
} RowLayout;

/* The layout of column @c, header or body, reset to @font and @width. The
 * tables are drawn untransformed, so the context made from the page's
 * identity matrix stays right for them. */
static PangoLayout *
cell_layout (Doc        *doc,
             gboolean    header,
             guint       c,
             const char *font,
             double      width)
{
  PangoLayout **slot = &doc->cells[header ? 1 : 0][c];
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  if (doc->context == NULL)
    {
      doc->context = pango_cairo_create_context (doc->cr);
      pango_cairo_context_set_resolution (doc->context, 72.0);
    }
  if (*slot == NULL)
    {
      *slot = pango_layout_new (doc->context);
      pango_layout_set_wrap (*slot, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_font_description (*slot, desc);
  pango_layout_set_width (*slot, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  return *slot;
}

static void
doc_clear_cells (Doc *doc)
{
  for (guint h = 0; h < 2; h++)
    for (guint c = 0; c < G_N_ELEMENTS (doc->cells[h]); c++)
      g_clear_object (&doc->cells[h][c]);
  g_clear_object (&doc->context);
}

static void
row_layout_init (RowLayout     *row,
                 Doc           *doc,
                 const Column  *columns,
                 guint          n_columns,
                 const char   **cells,
                 gboolean       header)
{
  const char *font = header ? "Sans Bold 8" : "Sans 8";
  const char *mono = header ? "Sans Bold 8" : "Monospace 7.5";

  g_assert (n_columns <= G_N_ELEMENTS (row->cells));
  row->n_columns = n_columns;
  row->height = 0;
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *escaped = g_markup_escape_text (cells[c] != NULL ? cells[c] : "", -1);

      row->cells[c] = cell_layout (doc, header, c, columns[c].mono ? mono : font,
                                   columns[c].width * CONTENT_W - 8);
      pango_layout_set_markup (row->cells[c], escaped, -1);
      row->height = MAX (row->height, layout_height (row->cells[c]));
    }
  row->height += 6;
}

static void
row_layout_draw (RowLayout    *row,
                 Doc          *doc,
                 const Column *columns,
                 gboolean      header,
                 guint         index,
                 const double *highlight)
{
  double x = PAGE_M, h = row->height;

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

  for (guint c = 0; c < row->n_columns; c++)
    {
      show_at (doc, row->cells[c], x + 4, doc->y + 3, header ? brand : ink);
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
  RowLayout row;

  g_assert (n_columns <= G_N_ELEMENTS (cells));
  for (guint c = 0; c < n_columns; c++)
    cells[c] = columns[c].title;
  row_layout_init (&row, doc, columns, n_columns, cells, TRUE);
  row_layout_draw (&row, doc, columns, TRUE, 0, NULL);
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
  RowLayout row;

  row_layout_init (&row, doc, columns, n_columns, cells, FALSE);
  if (doc->y + row.height > CONTENT_BOTTOM)
    {
      doc_new_page (doc);
      table_header (doc, columns, n_columns);
    }
  row_layout_draw (&row, doc, columns, FALSE, index, highlight);
}

/* A table of the core's model under its title. */
static void
doc_table (Doc            *doc,
           VnlReportTable *table,
           gboolean        outline)
{
  doc_heading (doc, table->title, outline);
  if (table->note != NULL)
    doc_paragraph (doc, "Sans 8.5", table->note, dim);
  table_header (doc, table->columns, table->n_columns);
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];
      table_row (doc, table->columns, table->n_columns, (const char **) row->cells, r,
                 row_highlight (row->style));
    }
  doc->y += 14;
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
  g_autofree char *title = g_markup_escape_text (vnl_report_get_title (report), -1);
  g_autoptr(GString) sub = g_string_new (NULL);
  guint n = report->endpoints->len, connections = 0;
  guint64 pairs = n > 0 ? (guint64) n * (n - 1) : 0;
  guint64 reachable = vnl_matrix_count_reachable (report->matrix);
  static const VnlKind connection_kinds[] = {
    VNL_KIND_ER_CONNECTION, VNL_KIND_GLOBAL_REACH, VNL_KIND_S2S_CONNECTION,
    VNL_KIND_V2V_CONNECTION, VNL_KIND_PEERING,
  };

  doc->section = _("Design summary");
  doc_new_page (doc);
  cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, _("Design summary"),
                                 "page=1", 0);

  {
    /* A long title wraps: the cursor goes below all of its lines. */
    g_autoptr(PangoLayout) layout = doc_layout (doc, "Sans Bold 24", title, CONTENT_W);

    show_at (doc, layout, PAGE_M, doc->y, brand);
    doc->y += MAX (36, layout_height (layout) + 6);
  }
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
      g_autofree char *names = vnl_report_describe_down (report);
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", names);
      doc_text (doc, PAGE_M, doc->y, "Sans 10", markup, CONTENT_W, (const double[]) { 0.78, 0.16, 0.16 });
      doc->y += 18;
    }
  doc->y += 8;

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
    /* A fraction of six digits or more does not fit its box: a percentage. */
    g_autofree char *ratio = pairs < 100000
                             ? g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                                                reachable, pairs)
                             : g_strdup_printf ("%.1f %%", 100.0 * reachable / pairs);

    for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
      {
        g_autofree char *value = g_strdup_printf ("%u", stats[i].value);
        stat_box (doc, PAGE_M + i * (w + 10), doc->y, w, value, stats[i].label);
      }
    stat_box (doc, PAGE_M + 6 * (w + 10), doc->y, w, ratio, _("endpoint pairs reachable"));
    doc->y += 68;
  }

  {
    g_autoptr(GPtrArray) tables = vnl_report_summary_tables (report);
    g_autofree char *scope = vnl_report_scope_note (report);

    if (scope != NULL)
      doc_paragraph (doc, "Sans 9", scope, ink);
    for (guint t = 0; t < tables->len; t++)
      doc_table (doc, tables->pdata[t], FALSE);
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
  _vnl_export_measure_legend (renderer, &legend);

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

  g_autoptr(GPtrArray) tables = vnl_report_routes_tables (report);

  doc_section (doc, _("Effective routes"));
  for (guint t = 0; t < tables->len; t++)
    {
      doc_need (doc, 80);
      doc_table (doc, tables->pdata[t], TRUE);
      doc->y += 2;
    }
}

static void
page_traces (Doc *doc)
{
  VnlReport *report = doc->report;
  g_autoptr(GArray) listed = vnl_report_listed_traces (report);
  guint n = report->endpoints->len;
  const double col_w = (CONTENT_W - 16) / 2;

  /* An overview traces nothing; its summary page says so. */
  if (report->overview)
    return;
  double col_y[2];
  guint col = 0;

  doc_section (doc, _("Traceroutes"));
  col_y[0] = col_y[1] = doc->y;

  for (guint k = 0; k < listed->len; k++)
      {
        guint i = g_array_index (listed, guint, k) / n, j = g_array_index (listed, guint, k) % n;
        VnlTrace *trace = report->traces->pdata[i * n + j];
        g_autofree char *text = NULL;
        g_autofree char *escaped = NULL;
        g_autofree char *head = NULL;
        g_autofree char *status = NULL;
        g_autoptr(PangoLayout) body = NULL;
        double rtt, h, x, y;
        gboolean ok;

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
        ok = vnl_matrix_get (report->matrix, i, j);
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
  if (report->summarised)
    {
      g_autoptr(VnlReportTable) reach = vnl_report_reach_table (report);
      g_autofree char *scope = vnl_report_scope_note (report);

      doc_paragraph (doc, "Sans 9", scope, dim);
      doc_table (doc, reach, FALSE);
      return;
    }
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
              vnl_report_heat_color (vnl_matrix_get (report->matrix, i, j) ? MAX (rtt, 0) : -1, max_rtt, &r, &g, &b);
              cairo_set_source_rgb (doc->cr, r, g, b);
            }
          cairo_rectangle (doc->cr, x + 1, y + 1, cell - 2, cell - 2);
          cairo_fill (doc->cr);
          if (i != j && cell >= 22)
            {
              g_autofree char *value = NULL;
              g_autoptr(PangoLayout) v = NULL;

              if (!vnl_matrix_get (report->matrix, i, j))
                value = g_strdup ("✗");
              else if (rtt < 1)
                value = g_strdup ("&lt;1 ms");
              else
                value = g_strdup_printf ("%.0f ms", rtt);
              v = doc_layout (doc, cell >= 40 ? "Sans Bold 8" : "Sans Bold 6", value, 0);
              show_at (doc, v, x + (cell - layout_width (v)) / 2, y + (cell - layout_height (v)) / 2,
                       vnl_matrix_get (report->matrix, i, j) ? ink : (const double[]) { 1, 1, 1 });
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
  {
    g_autoptr(VnlReportTable) reach = vnl_report_reach_table (report);

    doc_need (doc, 80);
    doc_table (doc, reach, FALSE);
  }
}

/* The flows of the matrix with their verdicts (the core's table: per
 * endpoint pair, or per network pair in a summarised report). */
static void
page_flows (Doc *doc)
{
  g_autoptr(VnlReportTable) flows = vnl_report_flows_table (doc->report);

  doc_section (doc, _("Flows and verdicts"));
  doc_table (doc, flows, FALSE);
}

static void
page_latency (Doc *doc)
{
  VnlReport *report = doc->report;
  guint n = report->endpoints->len;
  double max_rtt = vnl_report_get_max_rtt (report);
  const double col_w = (CONTENT_W - 24) / 2, bar_h = 11, gap = 3;
  double name_w = 0, col_y[2];

  if (report->summarised)
    return;    /* one bar per pair: the reachability table stands for it */
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
page_what_if (Doc *doc)
{
  VnlReport *report = doc->report;
  g_autoptr(VnlReportTable) single = vnl_report_what_if_table (report);

  if (report->overview && report->what_ifs->len == 0)
    return;
  doc_section (doc, _("What if a link is down"));
  doc_paragraph (doc, "Sans 9",
                 _("Every link and connection taken down on its own, everything else as in this "
                   "report. A lost pair no longer gets a ping reply; a rerouted pair still does, "
                   "over other objects."),
                 dim);

  if (report->baseline != NULL)
    {
      g_autoptr(VnlReportTable) changes = vnl_report_changes_table (report, report->baseline);

      g_free (changes->title);
      changes->title = g_strdup (_("This report's what-if"));
      changes->note = g_strdup_printf (_("Compared with the design as drawn, taking %s down "
                                         "loses %u pairs, reroutes %u and gains %u."),
                                       report->baseline->object, report->baseline->n_lost,
                                       report->baseline->n_rerouted, report->baseline->n_gained);
      doc_table (doc, changes, FALSE);
    }

  g_free (single->title);
  single->title = g_strdup (_("Single failures"));
  doc_table (doc, single, FALSE);

  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      g_autoptr(VnlReportTable) changes = NULL;

      if (what_if->changes->len == 0)
        continue;
      changes = vnl_report_changes_table (report, what_if);
      doc_need (doc, 60);
      doc_table (doc, changes, TRUE);
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
    page_summary, page_diagram, page_routes, page_traces, page_matrix, page_flows, page_latency, page_what_if,
  };
  static const char *const page_names[] = {
    N_("Design summary"), N_("Diagram"), N_("Effective routes"), N_("Traceroutes"),
    N_("Reachability matrix"), N_("Flows and verdicts"), N_("Latency per path"), N_("What if a link is down"),
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  Doc doc = { 0 };
  gboolean ok;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (_vnl_export_append_bytes, bytes, PAGE_W, PAGE_H);
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
          doc_clear_cells (&doc);
          cairo_destroy (doc.cr);
          cairo_surface_destroy (surface);
          return FALSE;
        }
      pages[p] (&doc);
    }
  if (progress != NULL)
    progress (1.0, _("Done"), user_data);

  doc_clear_cells (&doc);
  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  ok = _vnl_export_check_surface (surface, path, error);
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
