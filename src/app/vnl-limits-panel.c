/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-limits-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-limits-panel.h"
#include "vnl-limits.h"
#include "vnl-network.h"

/*
 * Each refresh converges a network of its own over the design (the
 * analysis pane's may be busy in a worker thread) and rebuilds the list:
 * one row per limit of the table, in the table's order, followed by a row
 * per object over it. Each row keeps the name of the object it selects.
 * Changes to the design schedule a refresh, debounced like the live
 * checks of the window.
 */

#define REFRESH_DELAY_MS 400

struct _VnlLimitsPanel
{
  GtkWindow   parent_instance;

  GtkLabel   *summary_label;  /* borrowed: template child */
  GtkListBox *list;           /* borrowed: template child */

  VnlDesign  *design;         /* owned */
  guint       refresh_id;
  guint       n_crossed;
};

G_DEFINE_FINAL_TYPE (VnlLimitsPanel, vnl_limits_panel, GTK_TYPE_WINDOW)

enum {
  OBJECT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
add_row (VnlLimitsPanel *self,
         const char     *status,
         const char     *status_class,
         const char     *title,
         const char     *detail,
         const char     *object)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *chip = gtk_label_new (status);
  GtkWidget *main_label = gtk_label_new (title);
  g_autofree char *all = g_strdup_printf ("%s\t%s\t%s", status, title, detail != NULL ? detail : "");

  gtk_widget_set_size_request (chip, 90, -1);
  gtk_label_set_xalign (GTK_LABEL (chip), 0);
  gtk_widget_set_valign (chip, GTK_ALIGN_START);
  if (status_class != NULL)
    gtk_widget_add_css_class (chip, status_class);
  gtk_widget_add_css_class (chip, "heading");
  gtk_label_set_xalign (GTK_LABEL (main_label), 0);
  gtk_label_set_wrap (GTK_LABEL (main_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (main_label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (text), main_label);
  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (detail_label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_box_append (GTK_BOX (text), detail_label);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), object != NULL);
  if (object != NULL)
    gtk_widget_set_tooltip_text (row, _("Click to select the object on the canvas"));
  g_object_set_data_full (G_OBJECT (row), "vnl-object", g_strdup (object), g_free);
  g_object_set_data_full (G_OBJECT (row), "vnl-text", g_steal_pointer (&all), g_free);
  gtk_list_box_append (self->list, row);
  return row;
}

/* The rows of one limit: the closest object, then those over it. */
static guint
add_limit (VnlLimitsPanel *self,
           const VnlLimit *limit,
           GPtrArray      *checks)
{
  const VnlLimitCheck *worst = NULL;
  g_autofree char *detail = g_strdup_printf ("%s — %s", limit->figure, limit->source);
  g_autofree char *title = NULL;
  guint over = 0;

  for (guint i = 0; i < checks->len; i++)
    {
      const VnlLimitCheck *c = checks->pdata[i];

      if (c->limit != limit)
        continue;
      if (worst == NULL || (double) c->value / c->maximum > (double) worst->value / worst->maximum)
        worst = c;
      over += vnl_limit_check_crossed (c);
    }

  if (!limit->modelled)
    {
      title = g_strdup_printf (_("%s: not modelled by this version of vnetlab"), _(limit->what));
      add_row (self, _("n/a"), "dim-label", title, detail, NULL);
      return 0;
    }
  if (worst == NULL)
    {
      title = g_strdup_printf (_("%s: nothing it applies to"), _(limit->what));
      add_row (self, _("OK"), "success", title, detail, NULL);
      return 0;
    }
  /* TRANSLATORS: limit: object value / maximum */
  title = g_strdup_printf (_("%s: %s %u / %u"), _(limit->what), worst->object, worst->value, worst->maximum);
  add_row (self, over > 0 ? _("Over") : _("OK"), over > 0 ? "error" : "success", title, detail, worst->name);

  for (guint i = 0; over > 0 && i < checks->len; i++)
    {
      const VnlLimitCheck *c = checks->pdata[i];
      g_autofree char *line = NULL;

      if (c->limit != limit || !vnl_limit_check_crossed (c))
        continue;
      line = g_strdup_printf (_("%s: %u > %u: %s"), c->object, c->value, c->maximum, _(limit->crossed));
      add_row (self, "", NULL, line, NULL, c->name);
    }
  return over;
}

void
vnl_limits_panel_refresh (VnlLimitsPanel *self)
{
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *summary = NULL;
  const VnlLimit *limits;
  guint n_limits;
  GtkWidget *child;

  g_return_if_fail (VNL_IS_LIMITS_PANEL (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  network = vnl_network_new (self->design);
  checks = vnl_limits_check (self->design, network);
  limits = vnl_limits_all (&n_limits);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_crossed = 0;
  for (guint l = 0; l < n_limits; l++)
    self->n_crossed += add_limit (self, &limits[l], checks);

  if (self->n_crossed > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u limit crossed", "%u limits crossed",
                                            self->n_crossed), self->n_crossed);
  else
    summary = g_strdup (_("Within every limit checked"));
  gtk_label_set_text (self->summary_label, summary);
  if (self->n_crossed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
}

static gboolean
refresh_timeout (gpointer data)
{
  VnlLimitsPanel *self = data;

  self->refresh_id = 0;
  vnl_limits_panel_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (VnlLimitsPanel *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

void
vnl_limits_panel_set_design (VnlLimitsPanel *self,
                             VnlDesign      *design)
{
  g_return_if_fail (VNL_IS_LIMITS_PANEL (self));
  g_return_if_fail (VNL_IS_DESIGN (design));

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_set_object (&self->design, design);
  g_signal_connect_swapped (design, "object-added", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (schedule_refresh), self);
  vnl_limits_panel_refresh (self);
}

guint
vnl_limits_panel_get_n_crossed (VnlLimitsPanel *self)
{
  g_return_val_if_fail (VNL_IS_LIMITS_PANEL (self), 0);
  return self->n_crossed;
}

guint
vnl_limits_panel_get_n_rows (VnlLimitsPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (VNL_IS_LIMITS_PANEL (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

char *
vnl_limits_panel_get_row_text (VnlLimitsPanel *self,
                               guint           index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (VNL_IS_LIMITS_PANEL (self), NULL);
  row = gtk_list_box_get_row_at_index (self->list, index);
  return row != NULL ? g_strdup (g_object_get_data (G_OBJECT (row), "vnl-text")) : NULL;
}

static void
on_row_activated (VnlLimitsPanel *self,
                  GtkListBoxRow  *row)
{
  const char *object = g_object_get_data (G_OBJECT (row), "vnl-object");

  if (object != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

void
vnl_limits_panel_activate_row (VnlLimitsPanel *self,
                               guint           index)
{
  GtkListBoxRow *row;

  g_return_if_fail (VNL_IS_LIMITS_PANEL (self));
  row = gtk_list_box_get_row_at_index (self->list, index);
  if (row != NULL)
    g_signal_emit_by_name (self->list, "row-activated", row);
}

static void
vnl_limits_panel_dispose (GObject *object)
{
  VnlLimitsPanel *self = VNL_LIMITS_PANEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_object (&self->design);
  gtk_widget_dispose_template (GTK_WIDGET (object), VNL_TYPE_LIMITS_PANEL);
  G_OBJECT_CLASS (vnl_limits_panel_parent_class)->dispose (object);
}

static void
vnl_limits_panel_class_init (VnlLimitsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_limits_panel_dispose;

  /* ::object-activated (name): a row of that object was activated. */
  signals[OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-limits-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlLimitsPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VnlLimitsPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_limits_panel_init (VnlLimitsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vnl_limits_panel_new (GtkWindow *parent,
                      VnlDesign *design)
{
  VnlLimitsPanel *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_LIMITS_PANEL, "transient-for", parent, NULL);
  vnl_limits_panel_set_design (self, design);
  return GTK_WIDGET (self);
}
