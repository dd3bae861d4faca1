/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-matrix-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vnl-matrix-view.h"

#define CELL          34
#define MAX_ONE_WAY   200   /* endpoints up to which one-way cells are told apart */
#define MAX_RTT       80    /* endpoints up to which reachable cells show their round trip */
#define LEGEND_WIDTH  180
#define MAX_CELLS     1000  /* endpoints up to which cells are drawn */

typedef enum
{
  CELL_SELF,
  CELL_OK,
  CELL_ONE_WAY,
  CELL_NONE,
  CELL_DENIED,   /* routed both ways, denied by a network security group */
} CellState;

struct _VnlMatrixView
{
  GtkWidget    parent_instance;

  VnlAnalysis *analysis;      /* owned */
  GPtrArray   *names;         /* owned copy, of char* */
  guint8      *cells;         /* owned, n×n CellState; NULL above MAX_CELLS */
  double      *rtt;           /* owned, nullable (above MAX_RTT): n×n round trip in ms
                                 of reachable cells, < 0 unknown */
  char        *too_many;      /* owned, nullable: why no cells are drawn, and the totals */
  double       rtt_min;       /* range of the known round trips, for the heat scale */
  double       rtt_max;
  double       label_width;
  double       header_height;
  int          hover_row, hover_col;
};

G_DEFINE_FINAL_TYPE (VnlMatrixView, vnl_matrix_view, GTK_TYPE_WIDGET)

enum
{
  PAIR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void measure_labels (VnlMatrixView *self);

/* What a ping from @from to @to would take: there and back, the way back
 * being its own path when routing is asymmetric. */
static double
round_trip (VnlNetwork *network,
            const char *from,
            const char *to)
{
  g_autoptr(VnlTrace) trace = vnl_network_trace (network, from, to, NULL);

  if (trace == NULL || !trace->reached)
    return -1;
  if (trace->reverse != NULL && trace->reverse->reached)
    return trace->one_way_ms + trace->reverse->one_way_ms;
  return 2 * trace->one_way_ms;
}

/* The heat scale of reachable cells: green for the nearest, through blue
 * to violet for the farthest, on a logarithmic scale (a 0.2 ms hop and a
 * 70 ms continent apart both stay readable). Never amber or red, which
 * mean one-way and unreachable. */
static double
heat_position (VnlMatrixView *self,
               double         rtt)
{
  if (rtt < 0 || self->rtt_max <= self->rtt_min)
    return 0;
  return CLAMP (log (MAX (rtt, 0.01) / MAX (self->rtt_min, 0.01)) /
                log (MAX (self->rtt_max, 0.01) / MAX (self->rtt_min, 0.01)), 0, 1);
}

static void
heat_color (double   t,
            double  *rgb)
{
  static const double stops[3][3] = {
    { 0.16, 0.58, 0.32 },   /* near: green */
    { 0.13, 0.42, 0.70 },   /* blue */
    { 0.40, 0.22, 0.60 },   /* far: violet */
  };
  int k = t < 0.5 ? 0 : 1;
  double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;

  for (int c = 0; c < 3; c++)
    rgb[c] = stops[k][c] + (stops[k + 1][c] - stops[k][c]) * u;
}

static char *
format_ms (double ms)
{
  return ms < 10 ? g_strdup_printf ("%.1f", ms) : g_strdup_printf ("%.0f", ms);
}

static double
cell_rtt (VnlMatrixView *self,
          guint          i,
          guint          j)
{
  return self->rtt != NULL ? self->rtt[i * self->names->len + j] : -1;
}

static void
on_analysis_changed (VnlMatrixView *self)
{
  GPtrArray *names = NULL;
  VnlMatrix *matrix = vnl_analysis_get_reachability (self->analysis, &names);
  VnlNetwork *network = vnl_analysis_get_network (self->analysis);
  g_autofree guint64 *row = NULL;
  guint n;

  g_ptr_array_set_size (self->names, 0);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->rtt, g_free);
  g_clear_pointer (&self->too_many, g_free);
  self->rtt_min = G_MAXDOUBLE;
  self->rtt_max = -1;
  n = names != NULL ? names->len : 0;

  /* More endpoints than cells can be drawn: say so, with the totals. */
  if (n > MAX_CELLS || (matrix == NULL && n > 0))
    {
      guint64 pairs = (guint64) n * (n - 1);

      if (matrix != NULL)
        {
          g_autofree char *cells = g_strdup_printf ("%" G_GUINT64_FORMAT, pairs);
          g_autofree char *reachable = g_strdup_printf ("%" G_GUINT64_FORMAT, vnl_matrix_count_reachable (matrix));

          self->too_many = g_strdup_printf (_("%u endpoints: %s pairs are too many cells to draw.\n"
                                              "Reachable: %s of %s ordered pairs (%u classes of endpoints "
                                              "that routing treats alike).\n"
                                              "“vnetlab-cli matrix” summarises them per pair of VNets and sites."),
                                            n, cells, reachable, cells, vnl_matrix_get_n_classes (matrix));
        }
      else
        self->too_many = g_strdup_printf (_("%u endpoints: the matrix is too large to keep for the designer.\n"
                                            "“vnetlab-cli matrix” summarises it per pair of VNets and sites."), n);
      measure_labels (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }
  if (matrix == NULL)
    {
      measure_labels (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->names, g_strdup (names->pdata[i]));
  self->cells = g_new0 (guint8, (gsize) MAX (n, 1) * n);
  if (n <= MAX_RTT)
    self->rtt = g_new (double, (gsize) MAX (n, 1) * n);
  row = g_new (guint64, vnl_matrix_row_words (matrix));
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *from = n <= MAX_ONE_WAY ? vnl_design_find_endpoint (vnl_network_get_design (network), names->pdata[i]) : NULL;

      vnl_matrix_get_row (matrix, i, row);
      for (guint j = 0; j < n; j++)
        {
          CellState state;
          if (i == j)
            state = CELL_SELF;
          else if (vnl_matrix_row_bit (row, j))
            state = CELL_OK;
          else if (vnl_matrix_get_cell (matrix, i, j) == VNL_MATRIX_DENIED)
            state = CELL_DENIED;
          else
            {
              VnlEndpoint *to = from != NULL ? vnl_design_find_endpoint (vnl_network_get_design (network), names->pdata[j]) : NULL;
              state = to != NULL && vnl_network_reaches (network, from, to->address) ? CELL_ONE_WAY : CELL_NONE;
            }
          self->cells[i * n + j] = state;
          if (self->rtt == NULL)
            continue;
          self->rtt[i * n + j] = state == CELL_OK ? round_trip (network, names->pdata[i], names->pdata[j]) : -1;
          if (self->rtt[i * n + j] >= 0)
            {
              self->rtt_min = MIN (self->rtt_min, self->rtt[i * n + j]);
              self->rtt_max = MAX (self->rtt_max, self->rtt[i * n + j]);
            }
        }
    }
  measure_labels (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static PangoLayout *
make_layout (VnlMatrixView *self,
             const char    *font_desc)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_from_string (font_desc);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
measure_labels (VnlMatrixView *self)
{
  g_autoptr(PangoLayout) layout = make_layout (self, "Sans 9");
  int w, h, max = 40;

  for (guint i = 0; i < self->names->len; i++)
    {
      pango_layout_set_text (layout, self->names->pdata[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      max = MAX (max, w);
    }
  self->label_width = max + 16;
  self->header_height = max * 0.75 + 24;
}

gboolean
vnl_matrix_view_cell_at (VnlMatrixView *self,
                         double         x,
                         double         y,
                         guint         *row,
                         guint         *column)
{
  guint n = self->names->len;
  double cx = x - self->label_width, cy = y - self->header_height;

  if (cx < 0 || cy < 0 || cx >= n * CELL || cy >= n * CELL)
    return FALSE;
  *row = cy / CELL;
  *column = cx / CELL;
  return TRUE;
}

void
vnl_matrix_view_cell_center (VnlMatrixView *self,
                             guint          row,
                             guint          column,
                             double        *x,
                             double        *y)
{
  *x = self->label_width + column * CELL + CELL / 2.0;
  *y = self->header_height + row * CELL + CELL / 2.0;
}

char *
vnl_matrix_view_describe (VnlMatrixView *self,
                          guint          row,
                          guint          column)
{
  guint n = self->names->len;
  const char *from, *to;
  g_autofree char *why = NULL;

  g_return_val_if_fail (row < n && column < n, NULL);
  from = self->names->pdata[row];
  to = self->names->pdata[column];
  if (row == column)
    return g_strdup (from);
  if (self->cells[row * n + column] == CELL_OK && cell_rtt (self, row, column) >= 0)
    return g_strdup_printf (_("%s → %s: reachable, round trip %.1f ms. Click to show the path."),
                            from, to, cell_rtt (self, row, column));
  if (self->cells[row * n + column] == CELL_OK)
    return g_strdup_printf (_("%s → %s: reachable. Click to show the path."), from, to);
  why = vnl_analysis_explain (self->analysis, from, to);
  if (self->cells[row * n + column] == CELL_DENIED)
    return g_strdup_printf (_("%s → %s: routed, but denied by a network security group.\n%s\n"
                              "Click to show the path."), from, to, why);
  return g_strdup_printf (_("%s → %s: unreachable.\n%s\nClick to show the path."), from, to, why);
}

static void
vnl_matrix_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  VnlMatrixView *self = VNL_MATRIX_VIEW (widget);
  guint n = self->names->len;
  g_autoptr(PangoLayout) layout = make_layout (self, "Sans 9");
  g_autoptr(PangoLayout) mark = make_layout (self, "Sans Bold 11");
  g_autoptr(PangoLayout) number = make_layout (self, "Sans Bold 8");
  GdkRGBA fg;
  cairo_t *cr;
  int w, h;
  graphene_rect_t visible = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  guint r0 = 0, r1 = n, c0 = 0, c1 = n;

  /* Thousands of endpoints make a huge widget: draw only what the
   * scrolled window shows. */
  if (viewport != NULL)
    {
      graphene_rect_t bounds;
      if (gtk_widget_compute_bounds (viewport, widget, &bounds))
        graphene_rect_intersection (&bounds, &visible, &visible);
    }
  if (visible.size.width <= 0 || visible.size.height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &visible);
  if (n == 0)
    {
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, self->too_many != NULL ? self->too_many : _("No endpoints."), -1);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_width (layout, MAX (gtk_widget_get_width (widget) - 24, 100) * PANGO_SCALE);
      cairo_move_to (cr, 12, 12);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      return;
    }
  r0 = CLAMP ((visible.origin.y - self->header_height) / CELL, 0, n);
  r1 = CLAMP ((visible.origin.y + visible.size.height - self->header_height) / CELL + 1, 0, n);
  c0 = CLAMP ((visible.origin.x - self->label_width) / CELL - 4, 0, n);
  c1 = CLAMP ((visible.origin.x + visible.size.width - self->label_width) / CELL + 1, 0, n);

  for (guint i = 0; i < n; i++)
    {
      if ((i < r0 || i >= r1) && (i < c0 || i >= c1))
        continue;
      /* Row labels, right-aligned; column labels slanted. */
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, self->names->pdata[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, self->label_width - w - 8, self->header_height + i * CELL + (CELL - h) / 2.0);
      pango_cairo_show_layout (cr, layout);

      cairo_save (cr);
      cairo_translate (cr, self->label_width + i * CELL + CELL / 2.0 - 4, self->header_height - 6);
      cairo_rotate (cr, -G_PI / 4);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }

  for (guint i = r0; i < r1; i++)
    for (guint j = c0; j < c1; j++)
      {
        double x = self->label_width + j * CELL, y = self->header_height + i * CELL;
        double rtt = cell_rtt (self, i, j);
        const char *text = "";
        g_autofree char *ms = NULL;
        PangoLayout *text_layout = mark;

        switch (self->cells[i * n + j])
          {
          case CELL_SELF:    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12); text = "—"; break;
          case CELL_OK:
            if (rtt >= 0)
              {
                double rgb[3];
                heat_color (heat_position (self, rtt), rgb);
                cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
                text = ms = format_ms (rtt);
                text_layout = number;
              }
            else
              {
                cairo_set_source_rgb (cr, 0.22, 0.66, 0.33);
                text = "✓";
              }
            break;
          case CELL_ONE_WAY: cairo_set_source_rgb (cr, 0.95, 0.65, 0.15); text = "→"; break;
          case CELL_DENIED:  cairo_set_source_rgb (cr, 0.42, 0.44, 0.50); text = "⊘"; break;
          case CELL_NONE:
          default:           cairo_set_source_rgb (cr, 0.86, 0.24, 0.22); text = "✗"; break;
          }
        cairo_rectangle (cr, x + 1, y + 1, CELL - 2, CELL - 2);
        cairo_fill (cr);
        if ((int) i == self->hover_row && (int) j == self->hover_col)
          {
            gdk_cairo_set_source_rgba (cr, &fg);
            cairo_set_line_width (cr, 2);
            cairo_rectangle (cr, x + 1, y + 1, CELL - 2, CELL - 2);
            cairo_stroke (cr);
          }
        cairo_set_source_rgb (cr, 1, 1, 1);
        pango_layout_set_text (text_layout, text, -1);
        pango_layout_get_pixel_size (text_layout, &w, &h);
        cairo_move_to (cr, x + (CELL - w) / 2.0, y + (CELL - h) / 2.0);
        pango_cairo_show_layout (cr, text_layout);
      }

  /* Legend under the grid: the heat scale, then the failures. */
  {
    static const struct { double r, g, b; const char *label; } legend[] = {
      { 0.22, 0.66, 0.33, N_("reachable (ping replies)") },
      { 0.95, 0.65, 0.15, N_("one way only (no reply)") },
      { 0.86, 0.24, 0.22, N_("unreachable") },
      { 0.42, 0.44, 0.50, N_("routed, denied by a security rule") },
    };
    double y = self->header_height + n * CELL + 14;
    guint first = 0;

    if (self->rtt_max >= 0)
      {
        cairo_pattern_t *ramp = cairo_pattern_create_linear (12, 0, 12 + LEGEND_WIDTH, 0);
        g_autofree char *low = format_ms (self->rtt_min);
        g_autofree char *high = format_ms (self->rtt_max);
        g_autofree char *mid = NULL;

        for (int k = 0; k <= 8; k++)
          {
            double rgb[3];
            heat_color (k / 8.0, rgb);
            cairo_pattern_add_color_stop_rgb (ramp, k / 8.0, rgb[0], rgb[1], rgb[2]);
          }
        gdk_cairo_set_source_rgba (cr, &fg);
        pango_layout_set_text (layout, _("Reachable: round trip in ms (cell value)"), -1);
        cairo_move_to (cr, 12, y);
        pango_cairo_show_layout (cr, layout);
        y += 18;
        cairo_set_source (cr, ramp);
        cairo_rectangle (cr, 12, y, LEGEND_WIDTH, 14);
        cairo_fill (cr);
        cairo_pattern_destroy (ramp);

        /* Ticks at both ends and, when the range is wide, at its middle
         * (the geometric mean, as the scale is logarithmic). */
        gdk_cairo_set_source_rgba (cr, &fg);
        pango_layout_set_text (layout, low, -1);
        cairo_move_to (cr, 12, y + 16);
        pango_cairo_show_layout (cr, layout);
        pango_layout_set_text (layout, high, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_move_to (cr, 12 + LEGEND_WIDTH - w, y + 16);
        pango_cairo_show_layout (cr, layout);
        if (self->rtt_max > 4 * MAX (self->rtt_min, 0.01))
          {
            mid = format_ms (sqrt (MAX (self->rtt_min, 0.01) * self->rtt_max));
            pango_layout_set_text (layout, mid, -1);
            pango_layout_get_pixel_size (layout, &w, &h);
            cairo_move_to (cr, 12 + LEGEND_WIDTH / 2.0 - w / 2.0, y + 16);
            pango_cairo_show_layout (cr, layout);
          }
        y += 40;
        first = 1;
      }

    for (guint k = first; k < G_N_ELEMENTS (legend); k++)
      {
        cairo_set_source_rgb (cr, legend[k].r, legend[k].g, legend[k].b);
        cairo_rectangle (cr, 12, y + (k - first) * 20, 14, 14);
        cairo_fill (cr);
        gdk_cairo_set_source_rgba (cr, &fg);
        pango_layout_set_text (layout, _(legend[k].label), -1);
        cairo_move_to (cr, 32, y + (k - first) * 20);
        pango_cairo_show_layout (cr, layout);
      }
  }
  cairo_destroy (cr);
}

static void
vnl_matrix_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  VnlMatrixView *self = VNL_MATRIX_VIEW (widget);
  guint n = self->names->len;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MAX (self->label_width + n * CELL + 60, LEGEND_WIDTH + 60);
  else
    *minimum = self->header_height + n * CELL + 140;
  *natural = *minimum;
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  VnlMatrixView *self = VNL_MATRIX_VIEW (widget);
  g_autofree char *text = NULL;
  guint row, column;

  if (!vnl_matrix_view_cell_at (self, x, y, &row, &column))
    return FALSE;
  text = vnl_matrix_view_describe (self, row, column);
  {
    GtkWidget *label = gtk_label_new (text);

    /* Explanations are sentences: wrap them to a readable width. */
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_tooltip_set_custom (tooltip, label);
  }
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VnlMatrixView            *self)
{
  guint row, column;
  int r = -1, c = -1;

  if (vnl_matrix_view_cell_at (self, x, y, &row, &column))
    {
      r = row;
      c = column;
    }
  if (r != self->hover_row || c != self->hover_col)
    {
      self->hover_row = r;
      self->hover_col = c;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            VnlMatrixView   *self)
{
  guint row, column;

  if (!vnl_matrix_view_cell_at (self, x, y, &row, &column) || row == column)
    return;
  g_signal_emit (self, signals[PAIR_ACTIVATED], 0, self->names->pdata[row], self->names->pdata[column]);
}

static void
vnl_matrix_view_dispose (GObject *object)
{
  VnlMatrixView *self = (VnlMatrixView *) object;

  if (self->analysis != NULL)
    g_signal_handlers_disconnect_by_data (self->analysis, self);
  g_clear_object (&self->analysis);
  G_OBJECT_CLASS (vnl_matrix_view_parent_class)->dispose (object);
}

static void
vnl_matrix_view_finalize (GObject *object)
{
  VnlMatrixView *self = (VnlMatrixView *) object;

  g_ptr_array_unref (self->names);
  g_free (self->cells);
  g_free (self->rtt);
  g_free (self->too_many);
  G_OBJECT_CLASS (vnl_matrix_view_parent_class)->finalize (object);
}

static void
vnl_matrix_view_class_init (VnlMatrixViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_matrix_view_dispose;
  object_class->finalize = vnl_matrix_view_finalize;
  widget_class->snapshot = vnl_matrix_view_snapshot;
  widget_class->measure = vnl_matrix_view_measure;
  gtk_widget_class_set_css_name (widget_class, "vnlmatrixview");

  signals[PAIR_ACTIVATED] =
    g_signal_new ("pair-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vnl_matrix_view_init (VnlMatrixView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->names = g_ptr_array_new_with_free_func (g_free);
  self->hover_row = self->hover_col = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
vnl_matrix_view_new (VnlAnalysis *analysis)
{
  VnlMatrixView *self = g_object_new (VNL_TYPE_MATRIX_VIEW, NULL);

  self->analysis = g_object_ref (analysis);
  g_signal_connect_swapped (analysis, "changed", G_CALLBACK (on_analysis_changed), self);
  on_analysis_changed (self);
  return GTK_WIDGET (self);
}
