/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-locations-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-lists.h"
#include "vnl-locations-dialog.h"

/*
 * Two grids built from the design: one row per location, one row per
 * pair of locations. Every field carries its location ("vnl-object") and
 * history key ("vnl-key"); text fields are checked as typed and applied on
 * Enter or when focus leaves. Undo elsewhere rebuilds the grids unless the
 * user is typing in them.
 */

struct _VnlLocationsDialog
{
  GtkWindow   parent_instance;

  GtkWidget  *locations_grid;
  GtkWidget  *latency_grid;
  VnlHistory *history;     /* owned */
  VnlDesign  *design;      /* owned */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (VnlLocationsDialog, vnl_locations_dialog, GTK_TYPE_WINDOW)

static const char * const kinds[] = { "azure-region", "peering-location", "on-premises" };

static void rebuild (VnlLocationsDialog *self);

static gboolean
check_ms (const char  *text,
          GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double ms;

  if (copy[0] == '\0')
    return TRUE;
  g_strdelimit (copy, ",", '.');
  ms = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || ms < 0 || ms > 10000)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("a latency in milliseconds from 0 to 10000 is needed"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
needs_ms (GtkWidget *entry)
{
  const char *key = g_object_get_data (G_OBJECT (entry), "vnl-key");
  return !g_str_equal (key, "display-name");
}

static void
set_error (GtkWidget  *entry,
           const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_widget_set_tooltip_text (entry, message);
}

static void
on_entry_changed (GtkEditable        *editable,
                  VnlLocationsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  if (needs_ms (GTK_WIDGET (editable)) && !check_ms (gtk_editable_get_text (editable), &error))
    set_error (GTK_WIDGET (editable), error->message);
  else
    set_error (GTK_WIDGET (editable), NULL);
}

static void
apply (VnlLocationsDialog *self,
       GtkWidget          *entry)
{
  gpointer location = g_object_get_data (G_OBJECT (entry), "vnl-object");
  g_autofree char *key = g_strdup (g_object_get_data (G_OBJECT (entry), "vnl-key"));
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autoptr(GError) error = NULL;

  if (self->updating || gtk_widget_get_parent (entry) == NULL ||
      vnl_design_lookup (self->design, ((VnlObject *) location)->name) != location)
    return;
  if (needs_ms (entry) && !check_ms (text, &error))
    {
      set_error (entry, error->message);
      return;
    }
  if (!vnl_history_set_property (self->history, location, key, text, vnl_lists_access (), &error))
    set_error (entry, error->message);
  else
    set_error (entry, NULL);
}

static void
on_entry_activate (GtkEntry           *entry,
                   VnlLocationsDialog *self)
{
  apply (self, GTK_WIDGET (entry));
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VnlLocationsDialog      *self)
{
  apply (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
on_kind_selected (GtkDropDown        *dropdown,
                  GParamSpec         *pspec,
                  VnlLocationsDialog *self)
{
  gpointer location = g_object_get_data (G_OBJECT (dropdown), "vnl-object");
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->updating || index >= G_N_ELEMENTS (kinds))
    return;
  vnl_history_set_property (self->history, location, "location-kind", kinds[index], vnl_lists_access (), NULL);
}

static GtkWidget *
make_entry (VnlLocationsDialog *self,
            gpointer            location,
            const char         *key,
            const char         *placeholder,
            const char         *label)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *value = vnl_lists_access ()->get (self->design, location, key);

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (entry), "vnl-object", location);
  g_object_set_data_full (G_OBJECT (entry), "vnl-key", g_strdup (key), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static void
clear_grid (GtkWidget *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (grid)) != NULL)
    gtk_grid_remove (GTK_GRID (grid), child);
}

static void
rebuild (VnlLocationsDialog *self)
{
  GPtrArray *locations = vnl_design_get_objects (self->design, VNL_KIND_LOCATION);
  const char *labels[] = { _("Azure region"), _("Peering location"), _("On-premises"), NULL };
  g_autofree char *intra_default = g_strdup_printf (_("default (%g ms)"), vnl_design_get_intra_latency (self->design));
  g_autofree char *default_latency = g_strdup_printf (_("default (%g ms)"), vnl_design_get_default_latency (self->design));
  int row = 1;

  self->updating = TRUE;
  clear_grid (self->locations_grid);
  clear_grid (self->latency_grid);

  gtk_grid_attach (GTK_GRID (self->locations_grid), heading (_("Name")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self->locations_grid), heading (_("Kind")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self->locations_grid), heading (_("Display name")), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self->locations_grid), heading (_("Intra latency (ms)")), 3, 0, 1, 1);
  for (guint i = 0; i < locations->len; i++, row++)
    {
      VnlLocation *location = locations->pdata[i];
      GtkWidget *name = gtk_label_new (location->parent.name);
      GtkWidget *kind = gtk_drop_down_new_from_strings (labels);
      GtkWidget *display = make_entry (self, location, "display-name", _("none"), _("Display name"));
      GtkWidget *intra = make_entry (self, location, "intra-latency", intra_default, _("Intra latency (ms)"));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), location->location_kind);
      g_object_set_data (G_OBJECT (kind), "vnl-object", location);
      g_signal_connect (kind, "notify::selected", G_CALLBACK (on_kind_selected), self);
      gtk_widget_set_hexpand (display, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (intra), 10);
      gtk_grid_attach (GTK_GRID (self->locations_grid), name, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), kind, 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), display, 2, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), intra, 3, row, 1, 1);
    }

  /* Every pair once, in location order; stored on the first of the two. */
  row = 0;
  for (guint i = 0; i < locations->len; i++)
    for (guint j = i + 1; j < locations->len; j++, row++)
      {
        VnlLocation *a = locations->pdata[i];
        VnlLocation *b = locations->pdata[j];
        g_autofree char *pair = g_strdup_printf ("%s ↔ %s", a->parent.name, b->parent.name);
        g_autofree char *key = g_strdup_printf ("latency:%s", b->parent.name);
        GtkWidget *label = gtk_label_new (pair);
        GtkWidget *entry = make_entry (self, a, key, default_latency, pair);

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
        gtk_grid_attach (GTK_GRID (self->latency_grid), label, 0, row, 1, 1);
        gtk_grid_attach (GTK_GRID (self->latency_grid), entry, 1, row, 1, 1);
      }
  if (row == 0)
    gtk_grid_attach (GTK_GRID (self->latency_grid),
                     heading (_("A latency needs two locations.")), 0, 0, 1, 1);
  self->updating = FALSE;
}

static void
on_object_changed (VnlLocationsDialog *self,
                   gpointer            object)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (((VnlObject *) object)->kind != VNL_KIND_LOCATION)
    return;
  /* Not under the user's cursor: their own edit is already shown. */
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;
  rebuild (self);
}

static void
vnl_locations_dialog_dispose (GObject *object)
{
  VnlLocationsDialog *self = (VnlLocationsDialog *) object;

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_LOCATIONS_DIALOG);
  g_clear_object (&self->history);
  g_clear_object (&self->design);

  G_OBJECT_CLASS (vnl_locations_dialog_parent_class)->dispose (object);
}

static void
vnl_locations_dialog_class_init (VnlLocationsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_locations_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-locations-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlLocationsDialog, locations_grid);
  gtk_widget_class_bind_template_child (widget_class, VnlLocationsDialog, latency_grid);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_locations_dialog_init (VnlLocationsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vnl_locations_dialog_new (GtkWindow  *parent,
                          VnlHistory *history)
{
  VnlLocationsDialog *self;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);

  self = g_object_new (VNL_TYPE_LOCATIONS_DIALOG, "transient-for", parent, NULL);
  self->history = g_object_ref (history);
  self->design = g_object_ref (vnl_history_get_design (history));
  g_signal_connect_swapped (self->design, "object-changed", G_CALLBACK (on_object_changed), self);
  rebuild (self);
  return GTK_WIDGET (self);
}
