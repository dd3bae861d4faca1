/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-problems-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-file.h"
#include "vnl-problems-panel.h"

struct _VnlProblemsPanel
{
  GtkBox      parent_instance;

  GtkLabel   *title;     /* borrowed: child */
  GtkListBox *list;      /* borrowed: child */
};

G_DEFINE_FINAL_TYPE (VnlProblemsPanel, vnl_problems_panel, GTK_TYPE_BOX)

enum {
  OBJECT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
problem_row (const VnlProblem *problem)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *message = gtk_label_new (problem->message);
  GtkWidget *object = gtk_label_new (problem->object != NULL ? problem->object : "");
  g_autofree char *text = g_strdup_printf ("%s — %s", problem->message, problem->object != NULL ? problem->object : "");

  gtk_widget_add_css_class (icon, "error");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_widget_add_css_class (object, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), object);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Click to select the object on the canvas"));
  g_object_set_data_full (G_OBJECT (row), "vnl-object", g_strdup (problem->object), g_free);
  g_object_set_data_full (G_OBJECT (row), "vnl-text", g_steal_pointer (&text), g_free);
  return row;
}

void
vnl_problems_panel_set_problems (VnlProblemsPanel *self,
                                 GPtrArray        *problems)
{
  guint n = problems != NULL ? problems->len : 0;
  g_autofree char *title = NULL;
  GtkWidget *child;

  g_return_if_fail (VNL_IS_PROBLEMS_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, problem_row (problems->pdata[i]));
  if (n == 0)
    title = g_strdup (_("No problems: the design passes every check of “vnetlab-cli validate”."));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The design has %u problem", "The design has %u problems", n), n);
  gtk_label_set_text (self->title, title);
}

guint
vnl_problems_panel_get_n_rows (VnlProblemsPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (VNL_IS_PROBLEMS_PANEL (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

char *
vnl_problems_panel_get_row_text (VnlProblemsPanel *self,
                                 guint             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, index);

  return row != NULL ? g_strdup (g_object_get_data (G_OBJECT (row), "vnl-text")) : NULL;
}

static void
on_row_activated (VnlProblemsPanel *self,
                  GtkListBoxRow    *row)
{
  const char *object = g_object_get_data (G_OBJECT (row), "vnl-object");

  if (object != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

void
vnl_problems_panel_activate_row (VnlProblemsPanel *self,
                                 guint             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, index);

  if (row != NULL)
    g_signal_emit_by_name (self->list, "row-activated", row);
}

static void
vnl_problems_panel_class_init (VnlProblemsPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (widget_class, "problemspanel");
}

static void
vnl_problems_panel_init (VnlProblemsPanel *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_widget_set_margin_start (GTK_WIDGET (self->title), 10);
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->title), 4);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "rich-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);
  vnl_problems_panel_set_problems (self, NULL);
}

GtkWidget *
vnl_problems_panel_new (void)
{
  return g_object_new (VNL_TYPE_PROBLEMS_PANEL, NULL);
}
