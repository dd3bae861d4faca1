/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-list-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-list-editor.h"

/*
 * Rows are rebuilt from the object whenever the editor itself adds or
 * removes one (in an idle, not under the button being clicked); field
 * edits leave the rows in place so typing is never interrupted. Each
 * entry knows its row and column ("vnl-row", "vnl-column"); each row's
 * reason label is "vnl-reason" on its entries.
 */

struct _VnlListEditor
{
  GtkWidget      parent_instance;

  GtkWidget     *box;        /* child */
  GtkWidget     *rows_box;
  GtkWidget     *empty;
  VnlHistory    *history;    /* owned */
  gpointer       object;     /* borrowed */
  const VnlList *list;       /* static */
  GPtrArray     *entries;    /* owned, of GPtrArray* of GtkEntry (borrowed): per row */
  guint          rebuild_id;
};

G_DEFINE_FINAL_TYPE (VnlListEditor, vnl_list_editor, GTK_TYPE_WIDGET)

static void rebuild (VnlListEditor *self);

static gboolean
rebuild_idle (gpointer data)
{
  VnlListEditor *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (VnlListEditor *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
show_reason (GtkWidget  *entry,
             const char *reason)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (entry), "vnl-reason");

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

static const VnlListColumn *
column_of (VnlListEditor *self,
           GtkWidget     *entry)
{
  return &self->list->columns[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "vnl-column"))];
}

static void
on_entry_changed (GtkEditable   *editable,
                  VnlListEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (vnl_list_validate_field (column_of (self, GTK_WIDGET (editable)),
                               gtk_editable_get_text (editable), &error))
    show_reason (GTK_WIDGET (editable), NULL);
  else
    show_reason (GTK_WIDGET (editable), error->message);
}

/* The rows as shown, without row @skip (G_MAXUINT: none). */
static GPtrArray *
collect (VnlListEditor *self,
         guint          skip)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint r = 0; r < self->entries->len; r++)
    {
      GPtrArray *entries = self->entries->pdata[r];
      char **row;

      if (r == skip)
        continue;
      row = g_new0 (char *, entries->len + 1);
      for (guint c = 0; c < entries->len; c++)
        row[c] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[c])));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* Stores @rows through the history; on refusal the reason shows at
 * @entry (nullable). */
static gboolean
store (VnlListEditor *self,
       GPtrArray     *rows,
       GtkWidget     *entry)
{
  g_autofree char *text = vnl_list_encode (self->list, rows);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_history_get_design (self->history);

  if (vnl_design_lookup (design, ((VnlObject *) self->object)->name) != self->object)
    return FALSE;
  if (!vnl_history_set_property (self->history, self->object, self->list->key, text, &error))
    {
      if (entry != NULL)
        show_reason (entry, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
apply (VnlListEditor *self,
       GtkWidget     *entry)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* Focus leaving while the editor is being taken apart. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL || gtk_widget_get_parent (entry) == NULL)
    return;
  if (!vnl_list_validate_field (column_of (self, entry), gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    {
      show_reason (entry, error->message);
      return;
    }
  /* Every other field must be valid too: the list is stored whole. A
   * field is judged by its text, not by its error style: that may be a
   * refusal of the row (None with an IP) which this edit repairs. */
  for (guint r = 0; r < self->entries->len; r++)
    {
      GPtrArray *entries = self->entries->pdata[r];
      for (guint c = 0; c < entries->len; c++)
        if (entries->pdata[c] != entry &&
            !vnl_list_validate_field (column_of (self, entries->pdata[c]),
                                      gtk_editable_get_text (GTK_EDITABLE (entries->pdata[c])), NULL))
          return;
    }
  rows = collect (self, G_MAXUINT);
  g_object_ref (entry);
  if (store (self, rows, entry))
    {
      /* Stored whole: no field is wrong any more. */
      for (guint r = 0; r < self->entries->len; r++)
        {
          GPtrArray *entries = self->entries->pdata[r];
          for (guint c = 0; c < entries->len; c++)
            show_reason (entries->pdata[c], NULL);
        }
    }
  g_object_unref (entry);
}

static void
on_entry_activate (GtkEntry      *entry,
                   VnlListEditor *self)
{
  apply (self, GTK_WIDGET (entry));
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VnlListEditor           *self)
{
  apply (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

/* Whether every field as shown, but those of row @skip (G_MAXUINT:
 * none), is valid; else the first wrong one shows why. */
static gboolean
check_shown (VnlListEditor *self,
             guint          skip)
{
  for (guint r = 0; r < self->entries->len; r++)
    {
      GPtrArray *entries = self->entries->pdata[r];
      for (guint c = 0; c < entries->len && r != skip; c++)
        {
          g_autoptr(GError) error = NULL;

          if (!vnl_list_validate_field (column_of (self, entries->pdata[c]),
                                        gtk_editable_get_text (GTK_EDITABLE (entries->pdata[c])), &error))
            {
              show_reason (entries->pdata[c], error->message);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* The first field of row @row: where a refusal of a row button shows. */
static GtkWidget *
first_entry (VnlListEditor *self,
             guint          row)
{
  GPtrArray *entries = row < self->entries->len ? self->entries->pdata[row] : NULL;

  return entries != NULL && entries->len > 0 ? entries->pdata[0] : NULL;
}

static void
on_remove_clicked (GtkButton     *button,
                   VnlListEditor *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vnl-row"));
  g_autoptr(GPtrArray) rows = collect (self, row);

  /* The other rows as shown: when one is wrong, its text stays and
   * the reason shows at it. */
  if (check_shown (self, row) && store (self, rows, first_entry (self, row)))
    queue_rebuild (self);
}

static void
on_add_clicked (GtkButton     *button,
                VnlListEditor *self)
{
  g_autoptr(GPtrArray) rows = vnl_list_get_rows (self->object, self->list);

  g_ptr_array_add (rows, vnl_list_new_row (vnl_history_get_design (self->history), self->object, self->list));
  store (self, rows, NULL);
  queue_rebuild (self);
}

/* Up (-1) or down (+1): the rows as shown, two swapped, stored whole. */
static void
on_move_clicked (GtkButton     *button,
                 VnlListEditor *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vnl-row"));
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "vnl-step"));
  g_autoptr(GPtrArray) rows = collect (self, G_MAXUINT);
  guint other = row + step;
  gpointer swap;

  if (other >= rows->len || !check_shown (self, G_MAXUINT))
    return;
  swap = rows->pdata[row];
  rows->pdata[row] = rows->pdata[other];
  rows->pdata[other] = swap;
  if (store (self, rows, first_entry (self, row)))
    queue_rebuild (self);
}

/* A picked offer: "NAME ADDRESS" suggestions keep the address. */
static void
on_offer_clicked (GtkButton     *button,
                  VnlListEditor *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (button), "vnl-entry");
  const char *offer = g_object_get_data (G_OBJECT (button), "vnl-offer");
  const char *space = strrchr (offer, ' ');
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (entry), space != NULL ? space + 1 : offer);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  apply (self, entry);
}

/* The picker's list, made when it opens so it shows the design as it is
 * and the row as typed. */
static void
create_offers (GtkMenuButton *menu_button,
               gpointer       data)
{
  VnlListEditor *self = data;
  GtkWidget *entry = g_object_get_data (G_OBJECT (menu_button), "vnl-entry");
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "vnl-row"));
  GPtrArray *entries = row < self->entries->len ? self->entries->pdata[row] : NULL;
  g_autofree const char **values = g_new0 (const char *, self->list->n_columns + 1);
  g_auto(GStrv) offers = NULL;
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint c = 0; entries != NULL && c < entries->len; c++)
    values[c] = gtk_editable_get_text (GTK_EDITABLE (entries->pdata[c]));
  offers = vnl_list_column_offers (vnl_history_get_design (self->history), self->object,
                                   column_of (self, entry), entries != NULL ? values : NULL);
  for (guint i = 0; offers != NULL && offers[i] != NULL; i++)
    {
      GtkWidget *item = gtk_button_new_with_label (offers[i]);

      gtk_widget_add_css_class (item, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (item))), 0);
      g_object_set_data (G_OBJECT (item), "vnl-entry", entry);
      g_object_set_data_full (G_OBJECT (item), "vnl-offer", g_strdup (offers[i]), g_free);
      g_signal_connect (item, "clicked", G_CALLBACK (on_offer_clicked), self);
      gtk_box_append (GTK_BOX (box), item);
    }
  if (offers == NULL || offers[0] == NULL)
    {
      GtkWidget *none = gtk_label_new (_("Nothing to choose from"));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (menu_button, popover);
}

/* @entry with a picker beside it when its column offers values. */
static GtkWidget *
with_picker (VnlListEditor *self,
             GtkWidget     *entry)
{
  const VnlListColumn *col = column_of (self, entry);
  GtkWidget *box, *button;

  if (col->choices == NULL && col->suggest == NULL)
    return entry;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_hexpand (box, TRUE);
  button = gtk_menu_button_new ();
  gtk_widget_set_tooltip_text (button, _("Choose"));
  g_object_set_data (G_OBJECT (button), "vnl-entry", entry);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_offers, self, NULL);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
make_move (VnlListEditor *self,
           guint          row,
           int            step)
{
  GtkWidget *button = gtk_button_new_from_icon_name (step < 0 ? "go-up-symbolic" : "go-down-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, step < 0 ? _("Move Up") : _("Move Down"));
  g_object_set_data (G_OBJECT (button), "vnl-row", GUINT_TO_POINTER (row));
  g_object_set_data (G_OBJECT (button), "vnl-step", GINT_TO_POINTER (step));
  g_signal_connect (button, "clicked", G_CALLBACK (on_move_clicked), self);
  return button;
}

static GtkWidget *
make_entry (VnlListEditor *self,
            guint          row,
            guint          column,
            const char    *value,
            GtkWidget     *reason)
{
  const VnlListColumn *col = &self->list->columns[column];
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_widget_set_hexpand (entry, TRUE);
  if (col->placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _(col->placeholder));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(col->label), -1);
  gtk_widget_set_tooltip_text (entry, _(col->label));
  g_object_set_data (G_OBJECT (entry), "vnl-row", GUINT_TO_POINTER (row));
  g_object_set_data (G_OBJECT (entry), "vnl-column", GUINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (entry), "vnl-reason", reason);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

static GtkWidget *
make_remove (VnlListEditor *self,
             guint          row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Remove"));
  g_object_set_data (G_OBJECT (button), "vnl-row", GUINT_TO_POINTER (row));
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  return button;
}

static void
rebuild (VnlListEditor *self)
{
  g_autoptr(GPtrArray) rows = vnl_list_get_rows (self->object, self->list);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rows_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows_box), child);
  g_ptr_array_set_size (self->entries, 0);
  gtk_widget_set_visible (self->empty, rows->len == 0);

  for (guint r = 0; r < rows->len; r++)
    {
      char **values = rows->pdata[r];
      GPtrArray *entries = g_ptr_array_new ();
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *reason = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (reason), 0);
      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_widget_add_css_class (reason, "error");
      gtk_widget_add_css_class (reason, "caption");
      gtk_widget_set_visible (reason, FALSE);

      if (self->list->n_columns <= 2)
        {
          /* One line: the fields side by side, then remove. */
          GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
          for (guint c = 0; c < self->list->n_columns; c++)
            {
              GtkWidget *entry = make_entry (self, r, c, values[c], reason);
              g_ptr_array_add (entries, entry);
              gtk_box_append (GTK_BOX (line), with_picker (self, entry));
            }
          gtk_box_append (GTK_BOX (line), make_remove (self, r));
          gtk_box_append (GTK_BOX (item), line);
        }
      else
        {
          /* A card: label and field per column, remove at the top. */
          GtkWidget *frame = gtk_frame_new (NULL);
          GtkWidget *grid = gtk_grid_new ();

          gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
          gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
          gtk_widget_set_margin_start (grid, 8);
          gtk_widget_set_margin_end (grid, 4);
          gtk_widget_set_margin_top (grid, 4);
          gtk_widget_set_margin_bottom (grid, 6);
          for (guint c = 0; c < self->list->n_columns; c++)
            {
              GtkWidget *label = gtk_label_new (_(self->list->columns[c].label));
              GtkWidget *entry = make_entry (self, r, c, values[c], reason);

              gtk_label_set_xalign (GTK_LABEL (label), 0);
              gtk_label_set_wrap (GTK_LABEL (label), TRUE);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
              gtk_widget_add_css_class (label, "dim-label");
              gtk_widget_add_css_class (label, "caption");
              gtk_grid_attach (GTK_GRID (grid), label, 0, c, 1, 1);
              gtk_grid_attach (GTK_GRID (grid), with_picker (self, entry), 1, c, 1, 1);
              g_ptr_array_add (entries, entry);
            }
          gtk_grid_attach (GTK_GRID (grid), make_remove (self, r), 2, 0, 1, 1);
          /* Order is the user's: up and down beside the card. */
          if (r > 0)
            gtk_grid_attach (GTK_GRID (grid), make_move (self, r, -1), 2, 1, 1, 1);
          if (r + 1 < rows->len)
            gtk_grid_attach (GTK_GRID (grid), make_move (self, r, +1), 2, 2, 1, 1);
          gtk_frame_set_child (GTK_FRAME (frame), grid);
          gtk_box_append (GTK_BOX (item), frame);
        }
      gtk_box_append (GTK_BOX (item), reason);
      gtk_box_append (GTK_BOX (self->rows_box), item);
      g_ptr_array_add (self->entries, entries);
    }
}

static void
vnl_list_editor_dispose (GObject *object)
{
  VnlListEditor *self = (VnlListEditor *) object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (vnl_list_editor_parent_class)->dispose (object);
}

static void
vnl_list_editor_class_init (VnlListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_list_editor_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vnllisteditor");
}

static void
vnl_list_editor_init (VnlListEditor *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
vnl_list_editor_new (VnlHistory    *history,
                     gpointer       object,
                     const VnlList *list)
{
  VnlListEditor *self;
  GtkWidget *heading, *add, *content;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (object != NULL && list != NULL, NULL);

  self = g_object_new (VNL_TYPE_LIST_EDITOR, NULL);
  self->history = g_object_ref (history);
  self->object = object;
  self->list = list;

  heading = gtk_label_new (_(list->label));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (self->box), heading);

  self->empty = gtk_label_new (_("None"));
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->empty);

  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->box), self->rows_box);

  content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (content), gtk_label_new (_(list->add_label)));
  add = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked), self);
  gtk_box_append (GTK_BOX (self->box), add);

  rebuild (self);
  return GTK_WIDGET (self);
}
