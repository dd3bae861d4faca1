/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-nsg-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-nsg-editor.h"
#include "vnl-lists.h"
#include "vnl-nsg.h"

/*
 * The rules live in the group (VnlNsg.rules, file order); the editor
 * shows them and stores them back whole as the group's "security-rules"
 * list (vnl-lists.c: one text, one history step, the same setter as the
 * inspector's list editor and the file). A row widget knows the index of
 * its rule in VnlNsg.rules ("vnl-rule"), its fields by column key and
 * its reason label ("vnl-reason"). The rows are made again when the
 * group changes from elsewhere (undo), when a row is added, removed or
 * moved, and when an edited priority changes the order; plain field
 * edits leave them in place so typing is never interrupted.
 *
 * Moving a rule swaps its priority with its neighbour's in the table:
 * the other rules keep theirs, priorities stay unique, and a move is
 * undone as one step. (Renumbering into the gaps would change rules the
 * user did not touch.)
 */

/* The fields of a rule in the order of the "security-rules" list. */
enum
{
  F_NAME,
  F_PRIORITY,
  F_DIRECTION,
  F_ACCESS,
  F_PROTOCOL,
  F_SOURCE,
  F_SOURCE_PORTS,
  F_DESTINATION,
  F_DESTINATION_PORTS,
  N_FIELDS
};

typedef struct
{
  const char *key;
  const char *label;          /* N_() */
  guint       field;
  int         width_chars;
  const char * const *values; /* a drop-down's values as stored */
  const char * const *labels; /* …and as shown (N_() where words) */
} Column;

static const char * const protocol_values[] = { "*", "Tcp", "Udp", "Icmp", NULL };
static const char * const protocol_labels[] = { N_("Any"), "TCP", "UDP", "ICMP", NULL };
static const char * const access_values[] = { "Allow", "Deny", NULL };
static const char * const access_labels[] = { N_("Allow"), N_("Deny"), NULL };

/* The columns as shown, Azure's order (Source port(s) beside Source). */
static const Column columns[] = {
  { "priority", N_("Priority"), F_PRIORITY, 5 },
  { "name", N_("Name"), F_NAME, 16 },
  { "ports", N_("Port(s)"), F_DESTINATION_PORTS, 10 },
  { "protocol", N_("Protocol"), F_PROTOCOL, 0, protocol_values, protocol_labels },
  { "source", N_("Source"), F_SOURCE, 18 },
  { "source-ports", N_("Source port(s)"), F_SOURCE_PORTS, 8 },
  { "destination", N_("Destination"), F_DESTINATION, 18 },
  { "access", N_("Action"), F_ACCESS, 0, access_values, access_labels },
};

struct _VnlNsgEditor
{
  GtkWindow      parent_instance;

  VnlHistory    *history;              /* owned */
  VnlDesign     *design;               /* owned */
  VnlNsg        *nsg;                  /* borrowed: closes when removed */
  const VnlList *list;                 /* static: the group's "security-rules" */
  GtkWidget     *stack;
  GtkWidget     *title;
  GtkWidget     *boxes[2];             /* GtkListBox per direction */
  GPtrArray     *rows[2];              /* owned container: own rules' rows, by priority */
  GtkSizeGroup  *groups[G_N_ELEMENTS (columns)]; /* owned */
  guint          rebuild_id;
  gboolean       storing;              /* our own change is being stored */
  gboolean       building;
  /* What to select and focus once the rows are made again. */
  guint          select_rule;
  const char    *focus_column;         /* static, nullable */
};

G_DEFINE_FINAL_TYPE (VnlNsgEditor, vnl_nsg_editor, GTK_TYPE_WINDOW)

static void rebuild (VnlNsgEditor *self);
static void apply   (VnlNsgEditor *self);

static const Column *
column_by_key (const char *key)
{
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    if (g_str_equal (columns[c].key, key))
      return &columns[c];
  return NULL;
}

static guint
shown_direction (VnlNsgEditor *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "outbound") == 0
         ? VNL_NSG_OUTBOUND : VNL_NSG_INBOUND;
}

static guint
rule_of (GtkWidget *row)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "vnl-rule"));
}

/* The text of field @c of @row as shown (a drop-down's stored value). */
static const char *
field_text (GtkWidget    *row,
            const Column *c)
{
  GtkWidget *w = g_object_get_data (G_OBJECT (row), c->key);

  if (c->values != NULL)
    {
      guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (w));
      return i < g_strv_length ((char **) c->values) ? c->values[i] : c->values[0];
    }
  return gtk_editable_get_text (GTK_EDITABLE (w));
}

static gboolean
rebuild_idle (gpointer data)
{
  VnlNsgEditor *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (VnlNsgEditor *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle, self, NULL);
}

/* Validation */

static void
show_reason (GtkWidget  *row,
             GtkWidget  *field,
             const char *reason)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "vnl-reason");

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gtk_widget_remove_css_class (g_object_get_data (G_OBJECT (row), columns[c].key), "error");
  if (field != NULL)
    gtk_widget_add_css_class (field, "error");
  gtk_label_set_text (GTK_LABEL (label), reason != NULL ? reason : "");
  gtk_widget_set_visible (label, reason != NULL);
}

/* Whether @row as shown is a rule Azure takes beside the other rules
 * shown; else the first wrong field and why. Priority: "a number between
 * 100 and 4096 … no two rules of one direction with the same priority"
 * (network-security-groups-overview.md, "Security rules"); names are
 * unique in a group. */
static gboolean
check_row (VnlNsgEditor  *self,
           GtkWidget     *row,
           GtkWidget    **bad,
           char         **reason)
{
  const char *priority = field_text (row, column_by_key ("priority"));
  const char *name = field_text (row, column_by_key ("name"));
  guint direction = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "vnl-direction"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) parsed = NULL;
  guint64 value = 0;
  const char *wrong = NULL;

  if (!g_ascii_string_to_unsigned (priority, 10, VNL_NSG_MIN_PRIORITY, VNL_NSG_MAX_PRIORITY, &value, NULL))
    {
      *bad = g_object_get_data (G_OBJECT (row), "priority");
      *reason = g_strdup_printf (_("Priority: a number from %u to %u"), VNL_NSG_MIN_PRIORITY, VNL_NSG_MAX_PRIORITY);
      return FALSE;
    }
  for (guint i = 0; i < self->rows[direction]->len; i++)
    {
      GtkWidget *other = self->rows[direction]->pdata[i];
      if (other != row &&
          g_ascii_strtoull (field_text (other, column_by_key ("priority")), NULL, 10) == value)
        {
          *bad = g_object_get_data (G_OBJECT (row), "priority");
          *reason = g_strdup_printf (_("Priority: rule “%s” has priority %u already"),
                                     field_text (other, column_by_key ("name")), (guint) value);
          return FALSE;
        }
    }
  if (*name == '\0')
    wrong = _("Name: a rule needs a name");
  for (guint d = 0; d < 2 && wrong == NULL; d++)
    for (guint i = 0; i < self->rows[d]->len && wrong == NULL; i++)
      if (self->rows[d]->pdata[i] != row && g_str_equal (field_text (self->rows[d]->pdata[i], column_by_key ("name")), name))
        wrong = _("Name: another rule of the group has this name");
  if (wrong != NULL)
    {
      *bad = g_object_get_data (G_OBJECT (row), "name");
      *reason = g_strdup (wrong);
      return FALSE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      const char *text = field_text (row, &columns[c]);

      g_clear_pointer (&parsed, g_array_unref);
      g_clear_error (&error);
      if (columns[c].field == F_SOURCE || columns[c].field == F_DESTINATION)
        parsed = vnl_nsg_addrs_parse (text, &error);
      else if (columns[c].field == F_SOURCE_PORTS || columns[c].field == F_DESTINATION_PORTS)
        parsed = vnl_nsg_ports_parse (text, &error);
      else
        continue;
      if (parsed == NULL)
        {
          *bad = g_object_get_data (G_OBJECT (row), columns[c].key);
          *reason = g_strdup_printf ("%s: %s", _(columns[c].label), error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks @row and shows the outcome beside it. */
static gboolean
check_and_show (VnlNsgEditor *self,
                GtkWidget    *row)
{
  GtkWidget *bad = NULL;
  g_autofree char *reason = NULL;
  gboolean ok = check_row (self, row, &bad, &reason);

  show_reason (row, bad, reason);
  return ok;
}

/* Every row shown but @skip (nullable) is valid; each shows its reason. */
static gboolean
check_all (VnlNsgEditor *self,
           GtkWidget    *skip)
{
  gboolean ok = TRUE;

  for (guint d = 0; d < 2; d++)
    for (guint i = 0; i < self->rows[d]->len; i++)
      if (self->rows[d]->pdata[i] != skip)
        ok &= check_and_show (self, self->rows[d]->pdata[i]);
  return ok;
}

/* Storing */

/* The group's own rules as rows of the list, with the fields shown. */
static GPtrArray *
collect (VnlNsgEditor *self)
{
  GPtrArray *rows = vnl_list_get_rows (self->nsg, self->list);

  /* vnl_list_get_rows() ends with the default rules: not ours to store. */
  g_ptr_array_set_size (rows, self->nsg->rules->len);
  for (guint d = 0; d < 2; d++)
    for (guint i = 0; i < self->rows[d]->len; i++)
      {
        GtkWidget *row = self->rows[d]->pdata[i];
        char **values = rows->pdata[rule_of (row)];

        for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
          {
            g_free (values[columns[c].field]);
            values[columns[c].field] = g_strstrip (g_strdup (field_text (row, &columns[c])));
          }
      }
  return rows;
}

/* Stores @rows as one history step (nothing when they are what the group
 * has); a refusal shows beside @row (nullable). */
static gboolean
store (VnlNsgEditor *self,
       GPtrArray    *rows,
       GtkWidget    *row)
{
  g_autoptr(GPtrArray) current = vnl_list_get_rows (self->nsg, self->list);
  g_autofree char *text = vnl_list_encode (self->list, rows);
  g_autofree char *old = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_ptr_array_set_size (current, self->nsg->rules->len);
  old = vnl_list_encode (self->list, current);
  if (g_str_equal (old, text))
    return TRUE;
  self->storing = TRUE;
  ok = vnl_history_set_property (self->history, self->nsg, self->list->key, text, &error);
  self->storing = FALSE;
  if (!ok && row != NULL)
    show_reason (row, NULL, error->message);
  return ok;
}

/* Whether the rows of a direction are no longer in priority order. */
static gboolean
order_changed (VnlNsgEditor *self)
{
  for (guint d = 0; d < 2; d++)
    for (guint i = 1; i < self->rows[d]->len; i++)
      if (g_ascii_strtoull (field_text (self->rows[d]->pdata[i - 1], column_by_key ("priority")), NULL, 10) >
          g_ascii_strtoull (field_text (self->rows[d]->pdata[i], column_by_key ("priority")), NULL, 10))
        return TRUE;
  return FALSE;
}

/* What has focus, kept across the rows being made again. */
static void
remember_focus (VnlNsgEditor *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  self->focus_column = NULL;
  if (row == NULL || g_object_get_data (G_OBJECT (row), "vnl-reason") == NULL)
    return;
  self->select_rule = rule_of (row);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      GtkWidget *field = g_object_get_data (G_OBJECT (row), columns[c].key);
      if (focus == field || gtk_widget_is_ancestor (focus, field))
        self->focus_column = columns[c].key;
    }
}

static void
apply (VnlNsgEditor *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (self->building || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (!check_all (self, NULL))
    return;
  rows = collect (self);
  if (store (self, rows, NULL) && order_changed (self))
    {
      remember_focus (self);
      queue_rebuild (self);
    }
}

/* Row widgets */

static void
on_entry_changed (GtkEditable  *editable,
                  VnlNsgEditor *self)
{
  if (!self->building)
    check_and_show (self, gtk_widget_get_ancestor (GTK_WIDGET (editable), GTK_TYPE_LIST_BOX_ROW));
}

static void
on_entry_activate (GtkEntry     *entry,
                   VnlNsgEditor *self)
{
  apply (self);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VnlNsgEditor            *self)
{
  apply (self);
}

/* A field taking the focus selects its row: the buttons act on it. */
static void
on_focus_enter (GtkEventControllerFocus *controller,
                VnlNsgEditor            *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)),
                                            GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *box = gtk_widget_get_parent (row);

  if (!self->building)
    gtk_list_box_select_row (GTK_LIST_BOX (box), GTK_LIST_BOX_ROW (row));
}

static void
on_dropdown_selected (GtkDropDown  *dropdown,
                      GParamSpec   *pspec,
                      VnlNsgEditor *self)
{
  apply (self);
}

static GtkWidget *
make_field (VnlNsgEditor *self,
            guint         c,
            const char   *value,
            gboolean      editable)
{
  const Column *col = &columns[c];
  GtkWidget *field;

  if (col->values != NULL)
    {
      const char *labels[5] = { NULL };
      guint selected = 0;

      for (guint i = 0; col->labels[i] != NULL; i++)
        {
          labels[i] = _(col->labels[i]);
          if (g_ascii_strcasecmp (col->values[i], value) == 0)
            selected = i;
        }
      field = gtk_drop_down_new_from_strings (labels);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (field), selected);
      if (editable)
        g_signal_connect (field, "notify::selected", G_CALLBACK (on_dropdown_selected), self);
    }
  else
    {
      field = gtk_entry_new ();
      gtk_editable_set_text (GTK_EDITABLE (field), value);
      gtk_editable_set_width_chars (GTK_EDITABLE (field), col->width_chars);
      gtk_editable_set_editable (GTK_EDITABLE (field), editable);
      /* Ctrl+Z is the document's undo (rules.undo), not the field's. */
      gtk_editable_set_enable_undo (GTK_EDITABLE (field), FALSE);
      if (editable)
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          g_signal_connect (field, "changed", G_CALLBACK (on_entry_changed), self);
          g_signal_connect (field, "activate", G_CALLBACK (on_entry_activate), self);
          g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
          g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), self);
          gtk_widget_add_controller (field, focus);
        }
    }
  if (col->field == F_SOURCE || col->field == F_DESTINATION)
    gtk_widget_set_tooltip_text (field, _("Prefixes or addresses separated by commas, * or a service tag: "
                                          "VirtualNetwork, Internet, AzureLoadBalancer"));
  else if (col->field == F_SOURCE_PORTS || col->field == F_DESTINATION_PORTS)
    gtk_widget_set_tooltip_text (field, _("*, a port (443), a range (8000-8080), or several separated by commas"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, _(col->label), -1);
  gtk_size_group_add_widget (self->groups[c], field);
  return field;
}

/* A row for rule @values (fields in list order); @rule: its index in the
 * group's rules, G_MAXUINT for a default rule (greyed, read-only). */
static GtkWidget *
make_row (VnlNsgEditor *self,
          char        **values,
          guint         rule,
          guint         direction)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gboolean own = rule != G_MAXUINT;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      GtkWidget *field = make_field (self, c, values[columns[c].field], own);

      g_object_set_data (G_OBJECT (row), columns[c].key, field);
      gtk_box_append (GTK_BOX (line), field);
    }
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);
  if (own)
    {
      GtkWidget *reason = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (reason), 0);
      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_widget_add_css_class (reason, "error");
      gtk_widget_set_visible (reason, FALSE);
      gtk_box_append (GTK_BOX (box), reason);
      g_object_set_data (G_OBJECT (row), "vnl-reason", reason);
      g_object_set_data (G_OBJECT (row), "vnl-rule", GUINT_TO_POINTER (rule));
    }
  else
    {
      /* Azure's default rules: shown, never editable. */
      gtk_widget_set_sensitive (row, FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_widget_set_tooltip_text (row, _("A default rule: Azure adds it to every group; it cannot be changed "
                                          "or removed, only overridden by a rule of lower priority number"));
    }
  g_object_set_data (G_OBJECT (row), "vnl-direction", GUINT_TO_POINTER (direction));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  GPtrArray *rows = data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  guint64 pa = g_ascii_strtoull (((char **) rows->pdata[ia])[F_PRIORITY], NULL, 10);
  guint64 pb = g_ascii_strtoull (((char **) rows->pdata[ib])[F_PRIORITY], NULL, 10);

  return pa != pb ? (pa < pb ? -1 : 1) : (ia < ib ? -1 : ia > ib);
}

static void update_actions (VnlNsgEditor *self);

static void
rebuild (VnlNsgEditor *self)
{
  g_autoptr(GPtrArray) rows = vnl_list_get_rows (self->nsg, self->list);
  g_autofree char *title = g_strdup_printf (_("Security Rules — %s"), self->nsg->parent.name);
  GtkWidget *focus = NULL;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->building = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (GTK_LABEL (self->title), self->nsg->parent.name);
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (self->boxes[d])) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (self->boxes[d]), child);
      g_ptr_array_set_size (self->rows[d], 0);

      for (guint i = 0; i < self->nsg->rules->len; i++)
        if (((VnlNsgRule *) self->nsg->rules->pdata[i])->direction == d)
          g_array_append_val (order, i);
      g_array_sort_with_data (order, compare_priority, rows);
      for (guint k = 0; k < order->len; k++)
        {
          guint i = g_array_index (order, guint, k);
          GtkWidget *row = make_row (self, rows->pdata[i], i, d);

          gtk_list_box_append (GTK_LIST_BOX (self->boxes[d]), row);
          g_ptr_array_add (self->rows[d], row);
          if (i == self->select_rule)
            {
              gtk_list_box_select_row (GTK_LIST_BOX (self->boxes[d]), GTK_LIST_BOX_ROW (row));
              if (self->focus_column != NULL)
                focus = g_object_get_data (G_OBJECT (row), self->focus_column);
            }
        }
      /* vnl_list_get_rows() ends with the default rules of both directions. */
      for (guint i = self->nsg->rules->len; i < rows->len; i++)
        if (g_ascii_strcasecmp (((char **) rows->pdata[i])[F_DIRECTION], vnl_nsg_direction_to_string (d)) == 0)
          gtk_list_box_append (GTK_LIST_BOX (self->boxes[d]), make_row (self, rows->pdata[i], G_MAXUINT, d));
    }
  self->building = FALSE;
  self->select_rule = G_MAXUINT;
  self->focus_column = NULL;
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  update_actions (self);
}

/* Actions */

static GtkWidget *
selected_row (VnlNsgEditor *self,
              guint        *position)
{
  guint d = shown_direction (self);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->boxes[d]));

  if (row == NULL || !g_ptr_array_find (self->rows[d], row, position))
    return NULL;
  return GTK_WIDGET (row);
}

static void
update_actions (VnlNsgEditor *self)
{
  guint d = shown_direction (self);
  guint position = 0;
  GtkWidget *row = selected_row (self, &position);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.remove", row != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.move-up", row != NULL && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.move-down",
                                 row != NULL && position + 1 < self->rows[d]->len);
}

/* A priority for a new rule of @direction: after the last one in steps
 * of ten, else the first free one. */
static guint
free_priority (VnlNsgEditor *self,
               guint         direction)
{
  guint last = 0;

  for (guint i = 0; i < self->nsg->rules->len; i++)
    {
      VnlNsgRule *rule = self->nsg->rules->pdata[i];
      if (rule->direction == direction)
        last = MAX (last, rule->priority);
    }
  if (last == 0)
    return VNL_NSG_MIN_PRIORITY;
  if (last + 10 <= VNL_NSG_MAX_PRIORITY)
    return last + 10;
  for (guint p = VNL_NSG_MIN_PRIORITY; p <= VNL_NSG_MAX_PRIORITY; p++)
    {
      gboolean taken = FALSE;
      for (guint i = 0; i < self->nsg->rules->len && !taken; i++)
        taken = ((VnlNsgRule *) self->nsg->rules->pdata[i])->direction == direction &&
                ((VnlNsgRule *) self->nsg->rules->pdata[i])->priority == p;
      if (!taken)
        return p;
    }
  return VNL_NSG_MAX_PRIORITY;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VnlNsgEditor *self = VNL_NSG_EDITOR (widget);
  guint d = shown_direction (self);
  g_autoptr(GPtrArray) rows = NULL;
  char **row;

  if (!check_all (self, NULL))
    return;
  rows = collect (self);
  row = vnl_list_new_row (self->design, self->nsg, self->list);
  g_free (row[F_DIRECTION]);
  row[F_DIRECTION] = g_strdup (vnl_nsg_direction_to_string (d));
  g_free (row[F_PRIORITY]);
  row[F_PRIORITY] = g_strdup_printf ("%u", free_priority (self, d));
  for (guint n = rows->len + 1; ; n++)
    {
      gboolean taken = FALSE;
      for (guint i = 0; i < rows->len && !taken; i++)
        taken = g_str_equal (((char **) rows->pdata[i])[F_NAME], row[F_NAME]);
      if (!taken)
        break;
      g_free (row[F_NAME]);
      row[F_NAME] = g_strdup_printf ("rule%u", n);
    }
  g_ptr_array_add (rows, row);
  if (store (self, rows, NULL))
    {
      self->select_rule = rows->len - 1;
      self->focus_column = "name";
      rebuild (self);
    }
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VnlNsgEditor *self = VNL_NSG_EDITOR (widget);
  GtkWidget *row = selected_row (self, NULL);
  g_autoptr(GPtrArray) rows = NULL;

  /* The others as shown must be valid: the list is stored whole. */
  if (row == NULL || !check_all (self, row))
    return;
  rows = collect (self);
  g_ptr_array_remove_index (rows, rule_of (row));
  if (store (self, rows, row))
    rebuild (self);
}

/* Up or down: the selected rule swaps its priority with its neighbour's. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VnlNsgEditor *self = VNL_NSG_EDITOR (widget);
  guint d = shown_direction (self);
  int step = g_str_equal (action_name, "rules.move-up") ? -1 : +1;
  guint position;
  GtkWidget *row = selected_row (self, &position);
  g_autoptr(GPtrArray) rows = NULL;
  char **a, **b;
  char *swap;

  if (row == NULL || (step < 0 && position == 0) || (step > 0 && position + 1 >= self->rows[d]->len) ||
      !check_all (self, NULL))
    return;
  rows = collect (self);
  a = rows->pdata[rule_of (row)];
  b = rows->pdata[rule_of (self->rows[d]->pdata[position + step])];
  swap = a[F_PRIORITY];
  a[F_PRIORITY] = b[F_PRIORITY];
  b[F_PRIORITY] = swap;
  if (store (self, rows, row))
    {
      self->select_rule = rule_of (row);
      rebuild (self);
    }
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VnlNsgEditor *self = VNL_NSG_EDITOR (widget);

  if (g_str_equal (action_name, "rules.undo"))
    vnl_history_undo (self->history);
  else
    vnl_history_redo (self->history);
}

/* The document */

static void
on_object_changed (VnlNsgEditor *self,
                   gpointer      object)
{
  if (object != self->nsg || self->storing || vnl_design_change_is_layout (self->design))
    return;
  remember_focus (self);
  queue_rebuild (self);
}

static void
on_object_removed (VnlNsgEditor *self,
                   gpointer      object)
{
  if (object == self->nsg)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_row_selected (VnlNsgEditor *self)
{
  if (!self->building)
    update_actions (self);
}

/* A page: the column headings over a list of rows. */
static GtkWidget *
make_page (VnlNsgEditor *self,
           guint         direction)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_list_box_new ();

  /* Line the headings up with the fields (a list box row pads by 6). */
  gtk_widget_set_margin_start (heading, 6);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      GtkWidget *label = gtk_label_new (_(columns[c].label));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_size_group_add_widget (self->groups[c], label);
      gtk_box_append (GTK_BOX (heading), label);
    }
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (box, "rich-list");
  g_signal_connect_swapped (box, "selected-rows-changed", G_CALLBACK (on_row_selected), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (page), heading);
  gtk_box_append (GTK_BOX (page), scrolled);
  self->boxes[direction] = box;
  return page;
}

static GtkWidget *
make_button (const char *icon,
             const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name (icon));
  gtk_box_append (GTK_BOX (content), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
vnl_nsg_editor_dispose (GObject *object)
{
  VnlNsgEditor *self = (VnlNsgEditor *) object;

  /* Focus leaves the fields as they go: nothing to apply any more. */
  self->building = TRUE;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_object (&self->design);
  g_clear_object (&self->history);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    g_clear_object (&self->groups[c]);
  for (guint d = 0; d < 2; d++)
    g_clear_pointer (&self->rows[d], g_ptr_array_unref);

  G_OBJECT_CLASS (vnl_nsg_editor_parent_class)->dispose (object);
}

static void
vnl_nsg_editor_class_init (VnlNsgEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_nsg_editor_dispose;

  gtk_widget_class_install_action (widget_class, "rules.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "rules.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "rules.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "rules.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "rules.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "rules.redo", NULL, history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_nsg_editor_init (VnlNsgEditor *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *switcher = gtk_stack_switcher_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  /* Ctrl+Z is the document's undo even in a field: caught before it. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("rules.undo")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("rules.redo")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->select_rule = G_MAXUINT;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    self->groups[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint d = 0; d < 2; d++)
    self->rows[d] = g_ptr_array_new ();

  self->stack = gtk_stack_new ();
  gtk_stack_add_titled (GTK_STACK (self->stack), make_page (self, VNL_NSG_INBOUND), "inbound",
                        _("Inbound security rules"));
  gtk_stack_add_titled (GTK_STACK (self->stack), make_page (self, VNL_NSG_OUTBOUND), "outbound",
                        _("Outbound security rules"));
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (update_actions), self);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), GTK_STACK (self->stack));
  gtk_header_bar_set_title_widget (GTK_HEADER_BAR (header), switcher);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "title-4");
  gtk_widget_set_margin_end (self->title, 12);
  gtk_box_append (GTK_BOX (toolbar), self->title);
  gtk_box_append (GTK_BOX (toolbar), make_button ("list-add-symbolic", _("Add"), "rules.add"));
  gtk_box_append (GTK_BOX (toolbar), make_button ("list-remove-symbolic", _("Remove"), "rules.remove"));
  gtk_box_append (GTK_BOX (toolbar), make_button ("go-up-symbolic", _("Move Up"), "rules.move-up"));
  gtk_box_append (GTK_BOX (toolbar), make_button ("go-down-symbolic", _("Move Down"), "rules.move-down"));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), toolbar);
  gtk_box_append (GTK_BOX (box), self->stack);
  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1180, 460);
}

VnlNsgEditor *
vnl_nsg_editor_present (GtkWindow  *parent,
                        VnlHistory *history,
                        gpointer    nsg)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* borrowed */
  VnlNsgEditor *self;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (nsg != NULL && ((VnlObject *) nsg)->kind == VNL_KIND_NSG, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VNL_IS_NSG_EDITOR (window) && VNL_NSG_EDITOR (window)->nsg == nsg &&
          VNL_NSG_EDITOR (window)->history == history)
        {
          gtk_window_present (GTK_WINDOW (window));
          return VNL_NSG_EDITOR (window);
        }
    }

  self = g_object_new (VNL_TYPE_NSG_EDITOR, "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  self->history = g_object_ref (history);
  self->design = g_object_ref (vnl_history_get_design (history));
  self->nsg = nsg;
  for (const VnlList * const *l = vnl_lists_for_kind (VNL_KIND_NSG); *l != NULL; l++)
    if (g_str_equal ((*l)->key, "security-rules"))
      self->list = *l;
  g_assert (self->list != NULL);
  g_signal_connect_swapped (self->design, "object-changed", G_CALLBACK (on_object_changed), self);
  g_signal_connect_swapped (self->design, "object-removed", G_CALLBACK (on_object_removed), self);
  rebuild (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

void
vnl_nsg_editor_close_all (VnlHistory *history)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* borrowed */
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (VNL_IS_HISTORY (history));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GObject *window = g_list_model_get_item (toplevels, i);

      if (VNL_IS_NSG_EDITOR (window) && VNL_NSG_EDITOR (window)->history == history)
        g_ptr_array_add (doomed, window);
      else
        g_object_unref (window);
    }
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (doomed->pdata[i]);
}

void
vnl_nsg_editor_set_direction (VnlNsgEditor *self,
                              guint         direction)
{
  g_return_if_fail (VNL_IS_NSG_EDITOR (self));

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    direction == VNL_NSG_OUTBOUND ? "outbound" : "inbound");
}

GPtrArray *
vnl_nsg_editor_get_rows (VnlNsgEditor *self)
{
  GPtrArray *rows = g_ptr_array_new ();
  guint d;

  g_return_val_if_fail (VNL_IS_NSG_EDITOR (self), NULL);

  d = shown_direction (self);
  for (GtkWidget *c = gtk_widget_get_first_child (self->boxes[d]); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c))
      g_ptr_array_add (rows, c);
  return rows;
}

GtkWidget *
vnl_nsg_editor_get_field (GtkWidget  *row,
                          const char *column)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);
  g_return_val_if_fail (column_by_key (column) != NULL, NULL);

  return g_object_get_data (G_OBJECT (row), column);
}

const char *
vnl_nsg_editor_get_reason (GtkWidget *row)
{
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  label = g_object_get_data (G_OBJECT (row), "vnl-reason");
  return label != NULL && gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}
