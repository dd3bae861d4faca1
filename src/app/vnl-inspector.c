/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-inspector.h"
#include "vnl-list-editor.h"
#include "vnl-kinds.h"
#include "vnl-nsg-editor.h"
#include "vnl-routing-grid.h"

/*
 * The inspector shows the selected object's properties as a form built
 * from the property table. Text fields are validated as typed (the field
 * turns red and the reason shows under it) and applied on Enter or when
 * focus leaves, through the history.
 */

struct _VnlInspector
{
  GtkWidget   parent_instance;

  GtkWidget  *box;        /* child */
  GtkWidget  *title;
  GtkWidget  *subtitle;
  GtkWidget  *grid;
  GtkWidget  *empty;
  VnlDesign  *design;     /* owned */
  VnlHistory *history;    /* owned */
  gpointer    object;     /* borrowed */
  GHashTable *entries;    /* key → GtkEntry (borrowed) */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (VnlInspector, vnl_inspector, GTK_TYPE_WIDGET)

static void rebuild (VnlInspector *self);

static GtkWidget *
reason_label_for (GtkWidget *entry)
{
  return g_object_get_data (G_OBJECT (entry), "vnl-reason");
}

static gboolean
validate_entry (VnlInspector *self,
                GtkWidget    *entry,
                GError      **error)
{
  const char *key = g_object_get_data (G_OBJECT (entry), "vnl-key");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const VnlField *field;

  if (g_str_equal (key, "name"))
    {
      VnlObject *other = vnl_design_lookup (self->design, text);
      if (text[0] == '\0')
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("a name cannot be empty"));
          return FALSE;
        }
      if (other != NULL && other != self->object)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME,
                       _("the name “%s” is already used"), text);
          return FALSE;
        }
      return TRUE;
    }
  field = vnl_kind_lookup_field (((VnlObject *) self->object)->kind, key);
  return vnl_field_validate (field, text, error);
}

static void
show_reason (GtkWidget  *entry,
             const char *reason)
{
  GtkWidget *label = reason_label_for (entry);

  /* The form was rebuilt meanwhile: the field is gone. */
  if (gtk_widget_get_parent (entry) == NULL)
    return;
  if (reason != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_label_set_text (GTK_LABEL (label), reason);
      gtk_widget_set_visible (label, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_set_visible (label, FALSE);
    }
}

static void
on_entry_changed (GtkEditable  *editable,
                  VnlInspector *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->object == NULL)
    return;
  if (validate_entry (self, GTK_WIDGET (editable), &error))
    show_reason (GTK_WIDGET (editable), NULL);
  else
    show_reason (GTK_WIDGET (editable), error->message);
}

static gboolean
apply_entry_inner (VnlInspector *self,
                   GtkWidget    *entry,
                   const char   *key,
                   const char   *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A field of a previous object losing focus while the form is rebuilt. */
  if (self->object == NULL || self->updating ||
      g_object_get_data (G_OBJECT (entry), "vnl-object") != self->object)
    return FALSE;
  if (!validate_entry (self, entry, &error))
    {
      show_reason (entry, error->message);
      return FALSE;
    }
  if (g_str_equal (key, "name"))
    ok = vnl_history_rename (self->history, self->object, text, &error);
  else
    ok = vnl_history_set_property (self->history, self->object, key, text, &error);
  show_reason (entry, ok ? NULL : error->message);
  return ok;
}

static gboolean
apply_entry (VnlInspector *self,
             GtkWidget    *entry)
{
  g_autofree char *key = g_strdup (g_object_get_data (G_OBJECT (entry), "vnl-key"));
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gboolean ok;

  /* The form may be rebuilt by the change: keep the entry alive. */
  g_object_ref (entry);
  ok = apply_entry_inner (self, entry, key, text);
  g_object_unref (entry);
  return ok;
}

static void
on_entry_activate (GtkEntry     *entry,
                   VnlInspector *self)
{
  apply_entry (self, GTK_WIDGET (entry));
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VnlInspector            *self)
{
  apply_entry (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
on_switch_active (GtkSwitch    *sw,
                  GParamSpec   *pspec,
                  VnlInspector *self)
{
  const char *key = g_object_get_data (G_OBJECT (sw), "vnl-key");

  if (self->updating || self->object == NULL ||
      g_object_get_data (G_OBJECT (sw), "vnl-object") != self->object)
    return;
  vnl_history_set_property (self->history, self->object, key,
                            gtk_switch_get_active (sw) ? "true" : "false", NULL);
}

static void
on_dropdown_selected (GtkDropDown  *dropdown,
                      GParamSpec   *pspec,
                      VnlInspector *self)
{
  const char *key = g_object_get_data (G_OBJECT (dropdown), "vnl-key");
  const VnlField *field;
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->object == NULL ||
      g_object_get_data (G_OBJECT (dropdown), "vnl-object") != self->object)
    return;
  field = vnl_kind_lookup_field (((VnlObject *) self->object)->kind, key);
  if (index < G_N_ELEMENTS (field->choices) && field->choices[index] != NULL)
    vnl_history_set_property (self->history, self->object, key, field->choices[index], NULL);
}

static int
add_row (VnlInspector *self,
         int           row,
         const char   *label_text,
         GtkWidget    *field,
         const char   *key)
{
  GtkWidget *label = gtk_label_new (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_grid_attach (GTK_GRID (self->grid), label, 0, row, 1, 1);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (GTK_GRID (self->grid), field, 1, row, 1, 1);
  g_object_set_data_full (G_OBJECT (field), "vnl-key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (field), "vnl-object", self->object);

  if (GTK_IS_ENTRY (field))
    {
      GtkWidget *reason = gtk_label_new (NULL);
      GtkEventController *focus = gtk_event_controller_focus_new ();

      gtk_label_set_xalign (GTK_LABEL (reason), 0);
      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_widget_add_css_class (reason, "error");
      gtk_widget_add_css_class (reason, "caption");
      gtk_widget_set_visible (reason, FALSE);
      gtk_grid_attach (GTK_GRID (self->grid), reason, 1, row + 1, 1, 1);
      g_object_set_data (G_OBJECT (field), "vnl-reason", reason);
      g_signal_connect (field, "changed", G_CALLBACK (on_entry_changed), self);
      g_signal_connect (field, "activate", G_CALLBACK (on_entry_activate), self);
      g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
      gtk_widget_add_controller (field, focus);
      g_hash_table_insert (self->entries, g_strdup (key), field);
      return row + 2;
    }
  return row + 1;
}

/* What-if: the administrative state, undoable like any edit; path
 * analysis recomputes at once. */
static void
on_up_active (GtkSwitch    *sw,
              GParamSpec   *pspec,
              VnlInspector *self)
{
  if (self->updating || self->object == NULL ||
      ((VnlObject *) self->object)->up == gtk_switch_get_active (sw))
    return;
  vnl_history_set_up (self->history, self->object, gtk_switch_get_active (sw));
}

/* What an empty optional field means. Mostly nothing; a hub connection's
 * routing left unset is Azure's default (the Default route table, the
 * label "default"), and "none" there is a value of its own. */
static const char *
empty_text (const VnlField *field)
{
  if (g_str_equal (field->key, "associated-route-table"))
    return _("Default");
  if (g_str_equal (field->key, "propagated-labels"))
    return "default";
  return _("none");
}

static void
on_edit_rules_clicked (GtkButton    *button,
                       VnlInspector *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->object != NULL)
    vnl_nsg_editor_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->history, self->object);
}

/* A group's rules are edited in their own window (vnl-nsg-editor.c):
 * here, how many there are and the button that opens it. */
static GtkWidget *
make_nsg_rules (VnlInspector *self,
                VnlNsg       *nsg)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Security rules"));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit Security Rules…"));
  guint n[2] = { 0, 0 };
  g_autofree char *counts = NULL;
  GtkWidget *summary;

  for (guint i = 0; i < nsg->rules->len; i++)
    n[((VnlNsgRule *) nsg->rules->pdata[i])->direction == VNL_NSG_OUTBOUND]++;
  counts = g_strdup_printf (_("%u inbound, %u outbound (and the default rules)"), n[0], n[1]);
  summary = gtk_label_new (counts);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Inbound and outbound rules by priority (double-click the group)"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_edit_rules_clicked), self);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
rebuild (VnlInspector *self)
{
  VnlObject *object = self->object;
  GtkWidget *child;
  int row = 0;

  g_hash_table_remove_all (self->entries);
  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  self->updating = FALSE;

  gtk_widget_set_visible (self->empty, object == NULL);
  gtk_widget_set_visible (self->title, object != NULL);
  gtk_widget_set_visible (self->subtitle, object != NULL);
  if (object == NULL)
    return;

  self->updating = TRUE;
  gtk_label_set_text (GTK_LABEL (self->title), object->name);
  {
    const char *a, *b;
    g_autofree char *sub = NULL;

    if (vnl_object_get_ends (object, &a, &b))
      sub = g_strdup_printf ("%s · %s ↔ %s", vnl_kind_get_label (object), a, b);
    else
      sub = g_strdup (vnl_kind_get_label (object));
    if (!object->up)
      {
        char *t = g_strdup_printf ("%s · %s", sub, _("down"));
        g_free (sub);
        sub = t;
      }
    gtk_label_set_text (GTK_LABEL (self->subtitle), sub);
  }

  {
    GtkWidget *entry = gtk_entry_new ();
    gtk_editable_set_text (GTK_EDITABLE (entry), object->name);
    row = add_row (self, row, _("Name"), entry, "name");
  }

  {
    GtkWidget *up = gtk_switch_new ();

    gtk_widget_set_halign (up, GTK_ALIGN_START);
    gtk_switch_set_active (GTK_SWITCH (up), object->up);
    gtk_widget_set_tooltip_text (up, _("Off takes it down (what-if): routes and paths recompute at once"));
    g_signal_connect (up, "notify::active", G_CALLBACK (on_up_active), self);
    row = add_row (self, row, _("Up"), up, NULL);
  }

  for (const VnlField *p = vnl_kind_get_info (object->kind)->fields; p->key != NULL; p++)
    {
      g_autofree char *value = NULL;
      g_autofree char *label = NULL;
      GtkWidget *field;

      if (!(p->flags & VNL_FIELD_INSPECT))
        continue;
      value = vnl_field_get_text (object, p);
      label = vnl_field_describe (self->design, object, p);

      switch (p->type)
        {
        case VNL_FIELD_BOOL:
          field = gtk_switch_new ();
          gtk_widget_set_halign (field, GTK_ALIGN_START);
          gtk_switch_set_active (GTK_SWITCH (field), g_str_equal (value, "true"));
          g_signal_connect (field, "notify::active", G_CALLBACK (on_switch_active), self);
          break;
        case VNL_FIELD_CHOICE:
          {
            const char *labels[G_N_ELEMENTS (p->choices) + 1] = { NULL };
            guint selected = 0;

            for (guint i = 0; i < G_N_ELEMENTS (p->choices) && p->choices[i] != NULL; i++)
              {
                labels[i] = vnl_field_choice_label (p->choices[i]);
                if (g_str_equal (p->choices[i], value))
                  selected = i;
              }
            field = gtk_drop_down_new_from_strings (labels);
            gtk_drop_down_set_selected (GTK_DROP_DOWN (field), selected);
            g_signal_connect (field, "notify::selected", G_CALLBACK (on_dropdown_selected), self);
          }
          break;
        case VNL_FIELD_STRING:
        case VNL_FIELD_UINT:
        case VNL_FIELD_IP:
        case VNL_FIELD_PREFIX:
        case VNL_FIELD_PREFIXES:
        case VNL_FIELD_OTHER:
        default:
          field = gtk_entry_new ();
          gtk_editable_set_text (GTK_EDITABLE (field), value);
          if (p->flags & VNL_FIELD_OPTIONAL)
            gtk_entry_set_placeholder_text (GTK_ENTRY (field), empty_text (p));
          break;
        }
      if (p->tooltip != NULL)
        gtk_widget_set_tooltip_text (field, _(p->tooltip));
      row = add_row (self, row, label, field, p->key);
    }

  /* Lists (subnets, instances, BGP policies, hops): one editor each. */
  for (const VnlList * const *l = vnl_lists_for_kind (object->kind); *l != NULL; l++)
    if (object->kind == VNL_KIND_NSG && g_str_equal ((*l)->key, "security-rules"))
      gtk_grid_attach (GTK_GRID (self->grid), make_nsg_rules (self, self->object), 0, row++, 2, 1);
    else
      gtk_grid_attach (GTK_GRID (self->grid), vnl_list_editor_new (self->history, object, *l), 0, row++, 2, 1);

  /* A virtual hub, its route tables and VNet connections: the hub's connections
   * with their association and propagations, as a grid. */
  {
    VnlObject *hub = NULL;

    if (object->kind == VNL_KIND_VIRTUAL_HUB)
      hub = object;
    else if (object->kind == VNL_KIND_HUB_ROUTE_TABLE)
      hub = vnl_design_lookup_kind (self->design, ((VnlHubRouteTable *) object)->hub, VNL_KIND_VIRTUAL_HUB);
    else if (object->kind == VNL_KIND_HUB_CONNECTION)
      hub = vnl_design_lookup_kind (self->design, ((VnlHubConnection *) object)->hub, VNL_KIND_VIRTUAL_HUB);
    if (hub != NULL)
      gtk_grid_attach (GTK_GRID (self->grid), vnl_routing_grid_new (self->history, hub), 0, row++, 2, 1);
  }
  self->updating = FALSE;
}

static void
on_object_changed (VnlInspector *self,
                   gpointer      object)
{
  GtkRoot *root;
  GtkWidget *focus;

  if (object != self->object)
    return;
  /* Do not rebuild under the user's cursor: just refresh other fields. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, self->grid))
    {
      VnlObject *obj = object;
      gtk_label_set_text (GTK_LABEL (self->title), obj->name);
      return;
    }
  rebuild (self);
}

static void
on_object_removed (VnlInspector *self,
                   gpointer      object)
{
  if (object == self->object)
    vnl_inspector_set_object (self, NULL);
}

void
vnl_inspector_set_document (VnlInspector *self,
                            VnlDesign    *design,
                            VnlHistory   *history)
{
  g_return_if_fail (VNL_IS_INSPECTOR (self));

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  self->object = NULL;
  g_set_object (&self->design, design);
  g_set_object (&self->history, history);
  g_signal_connect_swapped (design, "object-changed", G_CALLBACK (on_object_changed), self);
  g_signal_connect_swapped (design, "object-removed", G_CALLBACK (on_object_removed), self);
  rebuild (self);
}

void
vnl_inspector_set_object (VnlInspector *self,
                          gpointer      object)
{
  g_return_if_fail (VNL_IS_INSPECTOR (self));

  if (self->object == object)
    return;
  self->object = object;
  rebuild (self);
}

gboolean
vnl_inspector_edit (VnlInspector *self,
                    const char   *key,
                    const char   *text)
{
  GtkWidget *entry;

  g_return_val_if_fail (VNL_IS_INSPECTOR (self), FALSE);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  return apply_entry (self, entry);
}

static void
vnl_inspector_dispose (GObject *object)
{
  VnlInspector *self = (VnlInspector *) object;

  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->design);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (vnl_inspector_parent_class)->dispose (object);
}

static void
vnl_inspector_class_init (VnlInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_inspector_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vnlinspector");
}

static void
vnl_inspector_init (VnlInspector *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "title-3");
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (self->subtitle), TRUE);
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_widget_set_margin_bottom (self->subtitle, 6);
  gtk_box_append (GTK_BOX (self->box), self->subtitle);

  self->empty = gtk_label_new (_("Select an object to see and edit its properties."));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_margin_top (self->empty, 24);
  gtk_box_append (GTK_BOX (self->box), self->empty);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 10);
  gtk_box_append (GTK_BOX (self->box), self->grid);
}

GtkWidget *
vnl_inspector_new (void)
{
  return g_object_new (VNL_TYPE_INSPECTOR, NULL);
}
