/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-locations-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-lists.h"
#include "vnl-locations-dialog.h"

/*
 * Two grids built from the design: one row per location, one row per
 * pair of locations, and the design's two default latencies below. Every
 * field carries its location ("vnl-object", NULL for the defaults) and
 * history key ("vnl-key": a vnl_object_set_text() key, or "name",
 * "default-latency", "default-intra-latency"); text fields are checked as
 * typed and applied on Enter or when focus leaves. Every edit, adding and
 * removing a location included, is one step of the history. Changes
 * rebuild the grids once, from an idle, unless the user is typing in them;
 * focus stays on the same field of the same location.
 */

struct _VnlLocationsDialog
{
  GtkWindow   parent_instance;

  GtkWidget  *locations_grid;
  GtkWidget  *latency_grid;
  GtkWidget  *message_label;
  GtkWidget  *default_entry;
  GtkWidget  *intra_entry;
  VnlHistory *history;     /* owned */
  VnlDesign  *design;      /* owned */
  gboolean    updating;
  guint       rebuild_id;
  gpointer    focus_object; /* borrowed: to focus after the next rebuild */
  char       *focus_key;    /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (VnlLocationsDialog, vnl_locations_dialog, GTK_TYPE_WINDOW)

static const char * const kinds[] = { "azure-region", "peering-location", "on-premises" };

static void rebuild (VnlLocationsDialog *self);

static gboolean
is_default_key (const char *key)
{
  return g_str_equal (key, "default-latency") || g_str_equal (key, "default-intra-latency");
}

/* What may be typed in a field, before the history has its say. */
static gboolean
check_text (const char  *key,
            const char  *text,
            GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  double ms;

  if (g_str_equal (key, "display-name"))
    return TRUE;
  if (g_str_equal (key, "name"))
    {
      if (copy[0] != '\0')
        return TRUE;
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("a name cannot be empty"));
      return FALSE;
    }
  /* Locations and pairs may fall back to a default; the defaults may not. */
  if (copy[0] == '\0' && !is_default_key (key))
    return TRUE;
  return vnl_lists_parse_latency (copy, &ms, error);
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
show_message (VnlLocationsDialog *self,
              const char         *message)
{
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->message_label, message != NULL);
}

static gboolean
rebuild_cb (gpointer data)
{
  VnlLocationsDialog *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (VnlLocationsDialog *self)
{
  if (self->design != NULL && self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
on_entry_changed (GtkEditable        *editable,
                  VnlLocationsDialog *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), "vnl-key");
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  if (!check_text (key, gtk_editable_get_text (editable), &error))
    set_error (GTK_WIDGET (editable), error->message);
  else
    set_error (GTK_WIDGET (editable), NULL);
}

static gboolean
apply_text (VnlLocationsDialog  *self,
            gpointer             location,
            const char          *key,
            const char          *text,
            GError             **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  double ms;

  if (is_default_key (key))
    {
      if (!vnl_lists_parse_latency (stripped, &ms, error))
        return FALSE;
      if (g_str_equal (key, "default-latency"))
        vnl_history_set_default_latency (self->history, ms);
      else
        vnl_history_set_intra_latency (self->history, ms);
      queue_rebuild (self);
      return TRUE;
    }
  if (g_str_equal (key, "name"))
    {
      if (g_str_equal (stripped, ((VnlObject *) location)->name))
        return TRUE;
      if (!vnl_history_rename (self->history, location, stripped, error))
        return FALSE;
      /* Pair rows name it: rebuild even under the cursor. */
      queue_rebuild (self);
      return TRUE;
    }
  return vnl_history_set_property (self->history, location, key, text, error);
}

static void
apply (VnlLocationsDialog *self,
       GtkWidget          *entry)
{
  gpointer location = g_object_get_data (G_OBJECT (entry), "vnl-object");
  g_autofree char *key = g_strdup (g_object_get_data (G_OBJECT (entry), "vnl-key"));
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autoptr(GError) error = NULL;

  if (self->updating || self->history == NULL || gtk_widget_get_parent (entry) == NULL)
    return;
  if (location != NULL &&
      vnl_design_lookup (self->design, ((VnlObject *) location)->name) != location)
    return;
  if (!check_text (key, text, &error) ||
      !apply_text (self, location, key, text, &error))
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
  vnl_history_set_property (self->history, location, "location-kind", kinds[index], NULL);
}

static void
connect_entry (VnlLocationsDialog *self,
               GtkWidget          *entry,
               gpointer            location,
               const char         *key)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (entry), "vnl-object", location);
  g_object_set_data_full (G_OBJECT (entry), "vnl-key", g_strdup (key), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (entry, focus);
}

static GtkWidget *
make_entry (VnlLocationsDialog *self,
            gpointer            location,
            const char         *key,
            const char         *placeholder,
            const char         *label)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *value = NULL;

  if (g_str_equal (key, "name"))
    value = g_strdup (((VnlObject *) location)->name);
  else
    value = vnl_object_get_text (self->design, location, key);
  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  connect_entry (self, entry, location, key);
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

static char *
ms_text (double ms)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", ms));
}

static void
set_default_entry (VnlLocationsDialog *self,
                   GtkWidget          *entry,
                   double              ms,
                   GtkWidget          *focus)
{
  g_autofree char *text = ms_text (ms);

  /* Not under the user's cursor. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, entry))
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  set_error (entry, NULL);
}

/* The field for (@object, @key) in @grid, or NULL. */
static GtkWidget *
find_field (GtkWidget  *grid,
            gpointer    object,
            const char *key)
{
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "vnl-object") == object &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "vnl-key"), key) == 0)
      return child;
  return NULL;
}

static void
rebuild (VnlLocationsDialog *self)
{
  GPtrArray *locations = vnl_design_get_objects (self->design, VNL_KIND_LOCATION);
  const char *labels[] = { _("Azure region"), _("Peering location"), _("On-premises"), NULL };
  g_autofree char *intra_default = g_strdup_printf (_("default (%g ms)"), vnl_design_get_intra_latency (self->design));
  g_autofree char *default_latency = g_strdup_printf (_("default (%g ms)"), vnl_design_get_default_latency (self->design));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *field;
  int row = 1;

  /* Keep the cursor on the same field of the same location. */
  if (self->focus_key == NULL && focus != NULL && GTK_IS_TEXT (focus))
    {
      GtkWidget *entry = gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
      if (entry != NULL && gtk_widget_get_parent (entry) != NULL &&
          (gtk_widget_get_parent (entry) == self->locations_grid ||
           gtk_widget_get_parent (entry) == self->latency_grid))
        {
          self->focus_object = g_object_get_data (G_OBJECT (entry), "vnl-object");
          self->focus_key = g_strdup (g_object_get_data (G_OBJECT (entry), "vnl-key"));
        }
    }

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
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
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), location->parent.name);
      GtkWidget *name = make_entry (self, location, "name", NULL, _("Name"));
      GtkWidget *kind = gtk_drop_down_new_from_strings (labels);
      GtkWidget *display = make_entry (self, location, "display-name", _("none"), _("Display name"));
      GtkWidget *intra = make_entry (self, location, "intra-latency", intra_default, _("Intra latency (ms)"));
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_editable_set_width_chars (GTK_EDITABLE (name), 12);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), location->location_kind);
      gtk_accessible_update_property (GTK_ACCESSIBLE (kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind"), -1);
      g_object_set_data (G_OBJECT (kind), "vnl-object", location);
      g_signal_connect (kind, "notify::selected", G_CALLBACK (on_kind_selected), self);
      gtk_widget_set_hexpand (display, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (intra), 7);
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "locations.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", location->parent.name);
      gtk_grid_attach (GTK_GRID (self->locations_grid), name, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), kind, 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), display, 2, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), intra, 3, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->locations_grid), remove, 4, row, 1, 1);
    }
  if (locations->len == 0)
    gtk_grid_attach (GTK_GRID (self->locations_grid),
                     heading (_("No locations yet.")), 0, 1, 4, 1);

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

  set_default_entry (self, self->default_entry, vnl_design_get_default_latency (self->design), focus);
  set_default_entry (self, self->intra_entry, vnl_design_get_intra_latency (self->design), focus);
  self->updating = FALSE;

  if (self->focus_key != NULL)
    {
      field = find_field (self->locations_grid, self->focus_object, self->focus_key);
      if (field == NULL)
        field = find_field (self->latency_grid, self->focus_object, self->focus_key);
      if (field != NULL)
        gtk_widget_grab_focus (field);
      self->focus_object = NULL;
      g_clear_pointer (&self->focus_key, g_free);
    }
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
  queue_rebuild (self);
}

static void
on_structure_changed (VnlLocationsDialog *self,
                      gpointer            object)
{
  if (((VnlObject *) object)->kind == VNL_KIND_LOCATION)
    queue_rebuild (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VnlLocationsDialog *self = VNL_LOCATIONS_DIALOG (widget);
  VnlLocation *location = vnl_lists_add_location (self->history);

  show_message (self, NULL);
  /* The new row's name is the first thing to change. */
  self->focus_object = location;
  g_free (self->focus_key);
  self->focus_key = g_strdup ("name");
  rebuild (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VnlLocationsDialog *self = VNL_LOCATIONS_DIALOG (widget);
  VnlLocation *location = vnl_design_lookup_kind (self->design, g_variant_get_string (parameter, NULL),
                                                  VNL_KIND_LOCATION);
  g_autoptr(GError) error = NULL;

  if (location == NULL)
    return;
  if (!vnl_lists_remove_location (self->history, location, &error))
    show_message (self, error->message);
  else
    show_message (self, NULL);
}

static void
vnl_locations_dialog_dispose (GObject *object)
{
  VnlLocationsDialog *self = (VnlLocationsDialog *) object;

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  /* Disposing the template moves focus out of a field, which applies it
   * and may queue a rebuild: clear that after. */
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_LOCATIONS_DIALOG);
  g_clear_object (&self->history);
  g_clear_object (&self->design);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_pointer (&self->focus_key, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, VnlLocationsDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, VnlLocationsDialog, default_entry);
  gtk_widget_class_bind_template_child (widget_class, VnlLocationsDialog, intra_entry);
  gtk_widget_class_install_action (widget_class, "locations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "locations.remove", "s", remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_locations_dialog_init (VnlLocationsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  connect_entry (self, self->default_entry, NULL, "default-latency");
  connect_entry (self, self->intra_entry, NULL, "default-intra-latency");
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
  g_signal_connect_swapped (self->design, "object-added", G_CALLBACK (on_structure_changed), self);
  g_signal_connect_swapped (self->design, "object-removed", G_CALLBACK (on_structure_changed), self);
  rebuild (self);
  return GTK_WIDGET (self);
}
