/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-routing-grid"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vnl-routing-grid.h"
#include "vnl-kinds.h"
#include "vnl-lists.h"

/*
 * Rows are connections, columns the hub's route tables (Default first)
 * and then the labels. What a cell shows is read from the connection's
 * routing configuration (VnlHubRouting) each time the grid is rebuilt —
 * in an idle after any change of the design, never under the button
 * being clicked. Labels follow the model's conventions
 * (articles/virtual-wan/about-virtual-hub-routing.md, "Labels"): no
 * labels is the default propagation, label "default"; "none" propagates
 * nowhere; every hub's Default table carries the label "default".
 */

struct _VnlRoutingGrid
{
  GtkWidget   parent_instance;

  GtkWidget  *box;          /* child */
  GtkWidget  *grid;         /* associations and propagations to tables */
  GtkWidget  *label_grid;   /* propagations to labels */
  GtkWidget  *empty;
  VnlHistory *history;      /* owned */
  VnlDesign  *design;       /* owned */
  gpointer    hub;          /* borrowed */
  guint       rebuild_id;
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (VnlRoutingGrid, vnl_routing_grid, GTK_TYPE_WIDGET)

#define LABEL_DEFAULT "default"
#define LABEL_NONE    "none"

/* The hub a connection attaches to: a VNet connection names it, a branch
 * connection's gateway sits in it. */
static const char *
hub_of_connection (VnlDesign *design,
                   gpointer   object)
{
  VnlKind kind = ((VnlObject *) object)->kind;
  const char *gateway = NULL;
  VnlGateway *gw;

  if (kind == VNL_KIND_HUB_CONNECTION)
    return ((VnlHubConnection *) object)->hub;
  if (kind == VNL_KIND_S2S_CONNECTION)
    gateway = ((VnlS2sConnection *) object)->gateway;
  else if (kind == VNL_KIND_ER_CONNECTION)
    gateway = ((VnlErConnection *) object)->gateway;
  gw = gateway != NULL ? vnl_design_lookup_kind (design, gateway, VNL_KIND_GATEWAY) : NULL;
  if (gw == NULL || vnl_design_lookup_kind (design, gw->vnet, VNL_KIND_VIRTUAL_HUB) == NULL)
    return NULL;
  return gw->vnet;
}

GPtrArray *
vnl_routing_grid_rows (VnlDesign *design,
                       gpointer   hub)
{
  static const VnlKind kinds[] = { VNL_KIND_HUB_CONNECTION, VNL_KIND_S2S_CONNECTION, VNL_KIND_ER_CONNECTION };
  GPtrArray *rows = g_ptr_array_new ();

  g_return_val_if_fail (VNL_IS_DESIGN (design), rows);
  g_return_val_if_fail (hub != NULL, rows);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        if (g_strcmp0 (hub_of_connection (design, objects->pdata[i]), ((VnlObject *) hub)->name) == 0)
          g_ptr_array_add (rows, objects->pdata[i]);
    }
  return rows;
}

GPtrArray *
vnl_routing_grid_tables (VnlDesign *design,
                         gpointer   hub)
{
  GPtrArray *tables = g_ptr_array_new ();
  GPtrArray *objects;

  g_return_val_if_fail (VNL_IS_DESIGN (design), tables);
  g_return_val_if_fail (hub != NULL, tables);

  g_ptr_array_add (tables, NULL);
  objects = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlHubRouteTable *table = objects->pdata[i];

      if (g_strcmp0 (table->hub, ((VnlObject *) hub)->name) != 0)
        continue;
      if (table->is_default && tables->pdata[0] == NULL)
        tables->pdata[0] = table;
      else
        g_ptr_array_add (tables, table);
    }
  return tables;
}

/* The comma-separated labels of @text, trimmed, into @set. */
static void
add_labels (GHashTable *set,
            const char *text)
{
  g_auto(GStrv) parts = text != NULL ? g_strsplit (text, ",", -1) : NULL;

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      char *label = g_strstrip (parts[i]);
      if (*label != '\0')
        g_hash_table_add (set, g_strdup (label));
    }
}

/* The labels a table carries (its own, and "default" for a Default table). */
static GHashTable *
table_labels (VnlHubRouteTable *table)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (table == NULL || table->is_default)
    g_hash_table_add (set, g_strdup (LABEL_DEFAULT));
  if (table != NULL)
    add_labels (set, table->labels);
  return set;
}

/* The labels a connection propagates to: none set is "default", "none"
 * is nothing. */
static GHashTable *
connection_labels (VnlHubRouting *routing)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (routing->labels == NULL || *routing->labels == '\0')
    g_hash_table_add (set, g_strdup (LABEL_DEFAULT));
  else
    add_labels (set, routing->labels);
  g_hash_table_remove (set, LABEL_NONE);
  return set;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;

  /* "default" first, then by name. */
  if (g_str_equal (x, LABEL_DEFAULT) != g_str_equal (y, LABEL_DEFAULT))
    return g_str_equal (x, LABEL_DEFAULT) ? -1 : 1;
  return g_utf8_collate (x, y);
}

static GStrv
sorted_set (GHashTable *set)
{
  guint n;
  char **labels = (char **) g_hash_table_get_keys_as_array (set, &n);
  GStrv copy = g_new0 (char *, n + 1);

  qsort (labels, n, sizeof (char *), (int (*) (const void *, const void *)) compare_labels);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (labels[i]);
  g_free (labels);
  return copy;
}

GStrv
vnl_routing_grid_labels (VnlDesign *design)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *tables;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  g_hash_table_add (set, g_strdup (LABEL_DEFAULT));
  tables = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
  for (guint i = 0; i < tables->len; i++)
    add_labels (set, ((VnlHubRouteTable *) tables->pdata[i])->labels);
  g_hash_table_remove (set, LABEL_NONE);
  return sorted_set (set);
}

static gboolean
is_associated (VnlHubRouting    *routing,
               VnlHubRouteTable *table,
               gboolean          is_default_column)
{
  if (routing->associated == NULL || *routing->associated == '\0')
    return is_default_column;
  return table != NULL && g_str_equal (routing->associated, table->parent.name);
}

static gboolean
propagates_explicitly (VnlHubRouting    *routing,
                       VnlHubRouteTable *table)
{
  if (table == NULL)
    return FALSE;
  for (guint i = 0; i < routing->propagated->len; i++)
    if (g_strcmp0 (routing->propagated->pdata[i], table->parent.name) == 0)
      return TRUE;
  return FALSE;
}

/* The label through which @routing reaches @table, or NULL. */
static char *
propagates_by_label (VnlHubRouting    *routing,
                     VnlHubRouteTable *table)
{
  g_autoptr(GHashTable) mine = connection_labels (routing);
  g_autoptr(GHashTable) theirs = table_labels (table);
  g_auto(GStrv) labels = sorted_set (mine);

  for (guint i = 0; labels[i] != NULL; i++)
    if (g_hash_table_contains (theirs, labels[i]))
      return g_strdup (labels[i]);
  return NULL;
}

/* Edits */

gboolean
vnl_routing_grid_associate (VnlHistory *history,
                            gpointer    connection,
                            gpointer    table)
{
  VnlHubRouteTable *t = table;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (VNL_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (vnl_object_get_hub_routing (connection) != NULL, FALSE);

  /* The Default table is the unset association, whether or not the hub
   * has an object standing for it. */
  if (!vnl_history_set_property (history, connection, "associated-route-table",
                                 t == NULL || t->is_default ? "" : t->parent.name, &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The propagated tables as the list's text (vnl-lists.c encodes a list;
 * one name per row). */
static char *
encode_names (gpointer   connection,
              GPtrArray *names)
{
  const VnlList * const *lists = vnl_lists_for_kind (((VnlObject *) connection)->kind);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < names->len; i++)
    {
      char **row = g_new0 (char *, 2);
      row[0] = g_strdup (names->pdata[i]);
      g_ptr_array_add (rows, row);
    }
  for (; *lists != NULL; lists++)
    if (g_str_equal ((*lists)->key, "propagated-route-tables"))
      return vnl_list_encode (*lists, rows);
  {
    GString *text = g_string_new (NULL);
    for (guint i = 0; i < names->len; i++)
      g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", (const char *) names->pdata[i]);
    return g_string_free (text, FALSE);
  }
}

gboolean
vnl_routing_grid_propagate (VnlHistory *history,
                            gpointer    connection,
                            gpointer    table,
                            gboolean    on)
{
  VnlHubRouting *routing = vnl_object_get_hub_routing (connection);
  VnlHubRouteTable *t = table;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (VNL_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (routing != NULL && t != NULL, FALSE);

  if (propagates_explicitly (routing, t) == on)
    return TRUE;
  for (guint i = 0; i < routing->propagated->len; i++)
    if (g_strcmp0 (routing->propagated->pdata[i], t->parent.name) != 0)
      g_ptr_array_add (names, routing->propagated->pdata[i]);
  if (on)
    g_ptr_array_add (names, t->parent.name);
  text = encode_names (connection, names);
  if (!vnl_history_set_property (history, connection, "propagated-route-tables", text, &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
vnl_routing_grid_propagate_label (VnlHistory *history,
                                  gpointer    connection,
                                  const char *label,
                                  gboolean    on)
{
  VnlHubRouting *routing = vnl_object_get_hub_routing (connection);
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (VNL_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (routing != NULL && label != NULL, FALSE);

  set = connection_labels (routing);
  if (g_hash_table_contains (set, label) == on)
    return TRUE;
  if (on)
    g_hash_table_add (set, g_strdup (label));
  else
    g_hash_table_remove (set, label);

  /* Written back in the model's own terms: just "default" is the unset
   * value, nothing is "none". */
  if (g_hash_table_size (set) == 0)
    text = g_strdup (LABEL_NONE);
  else if (g_hash_table_size (set) == 1 && g_hash_table_contains (set, LABEL_DEFAULT))
    text = g_strdup ("");
  else
    {
      g_auto(GStrv) labels = sorted_set (set);
      text = g_strjoinv (",", labels);
    }
  if (!vnl_history_set_property (history, connection, "propagated-labels", text, &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The widget */

static void rebuild (VnlRoutingGrid *self);

static gboolean
rebuild_idle (gpointer data)
{
  VnlRoutingGrid *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (VnlRoutingGrid *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
on_associate_toggled (GtkCheckButton *button,
                      VnlRoutingGrid *self)
{
  if (self->updating || !gtk_check_button_get_active (button))
    return;
  vnl_routing_grid_associate (self->history, g_object_get_data (G_OBJECT (button), "vnl-connection"),
                              g_object_get_data (G_OBJECT (button), "vnl-table"));
}

static void
on_propagate_toggled (GtkCheckButton *button,
                      VnlRoutingGrid *self)
{
  gpointer connection = g_object_get_data (G_OBJECT (button), "vnl-connection");
  const char *label = g_object_get_data (G_OBJECT (button), "vnl-label");

  if (self->updating)
    return;
  /* A click on an inconsistent cell (reached through a label) makes the
   * propagation explicit. */
  gtk_check_button_set_inconsistent (button, FALSE);
  if (label != NULL)
    vnl_routing_grid_propagate_label (self->history, connection, label, gtk_check_button_get_active (button));
  else
    vnl_routing_grid_propagate (self->history, connection, g_object_get_data (G_OBJECT (button), "vnl-table"),
                                gtk_check_button_get_active (button));
}

static GtkWidget *
header (const char *text,
        const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  /* Never cut: the grid scrolls sideways in a narrow inspector. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css);
  return label;
}

static const char *
connection_kind_label (gpointer connection)
{
  VnlKind kind = ((VnlObject *) connection)->kind;

  if (kind == VNL_KIND_S2S_CONNECTION)
    return _("VPN site");
  if (kind == VNL_KIND_ER_CONNECTION)
    return _("ExpressRoute");
  return _("VNet");
}

static void
rebuild (VnlRoutingGrid *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_auto(GStrv) labels = NULL;
  GtkWidget *child;
  guint n_labels;
  int col;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  while ((child = gtk_widget_get_first_child (self->label_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->label_grid), child);

  rows = vnl_routing_grid_rows (self->design, self->hub);
  tables = vnl_routing_grid_tables (self->design, self->hub);
  labels = vnl_routing_grid_labels (self->design);
  n_labels = g_strv_length (labels);
  gtk_widget_set_visible (self->empty, rows->len == 0);
  gtk_widget_set_visible (self->grid, rows->len > 0);
  gtk_widget_set_visible (self->label_grid, rows->len > 0);

  /* Two heading rows: the groups, then a table or label per column; the
   * labels in a grid of their own below, so that each fits a narrow
   * inspector. */
  gtk_grid_attach (GTK_GRID (self->grid), header (_("Connection"), "caption"), 0, 1, 1, 1);
  child = header (_("Associated"), "heading");
  gtk_widget_set_margin_end (child, 12);
  gtk_grid_attach (GTK_GRID (self->grid), child, 1, 0, tables->len, 1);
  gtk_grid_attach (GTK_GRID (self->grid), header (_("Propagates to"), "heading"), 1 + tables->len, 0,
                   tables->len, 1);
  gtk_grid_attach (GTK_GRID (self->label_grid), header (_("Connection"), "caption"), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (self->label_grid), header (_("Propagates to labels"), "heading"), 1, 0, n_labels, 1);
  col = 1;
  for (guint pass = 0; pass < 2; pass++)
    for (guint t = 0; t < tables->len; t++)
      {
        VnlHubRouteTable *table = tables->pdata[t];
        GtkWidget *label = header (table == NULL || table->is_default ? _("Default") : table->parent.name,
                                   "caption");

        if (table != NULL && table->is_default)
          gtk_widget_set_tooltip_text (label, table->parent.name);
        gtk_grid_attach (GTK_GRID (self->grid), label, col++, 1, 1, 1);
      }
  for (guint l = 0; l < n_labels; l++)
    {
      g_autofree char *text = g_strdup_printf (_("Propagates to the tables labelled %s"), labels[l]);
      GtkWidget *label = header (labels[l], "caption");

      gtk_widget_set_tooltip_text (label, text);
      gtk_grid_attach (GTK_GRID (self->label_grid), label, 1 + l, 1, 1, 1);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      gpointer connection = rows->pdata[r];
      VnlHubRouting *routing = vnl_object_get_hub_routing (connection);
      g_autoptr(GHashTable) mine = connection_labels (routing);
      g_autofree char *tip = g_strdup_printf ("%s · %s", connection_kind_label (connection),
                                              ((VnlObject *) connection)->name);
      GtkWidget *name = header (((VnlObject *) connection)->name, "body");
      GtkCheckButton *group = NULL;

      gtk_widget_set_tooltip_text (name, tip);
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, 2 + r, 1, 1);
      name = header (((VnlObject *) connection)->name, "body");
      gtk_widget_set_tooltip_text (name, tip);
      gtk_grid_attach (GTK_GRID (self->label_grid), name, 0, 2 + r, 1, 1);
      col = 1;
      for (guint t = 0; t < tables->len; t++)
        {
          VnlHubRouteTable *table = tables->pdata[t];
          GtkWidget *radio = gtk_check_button_new ();

          if (group == NULL && tables->len == 1)
            {
              /* A lone table still gets a radio: a check button looks
               * like one only in a group, so a hidden one leads it. */
              GtkWidget *leader = gtk_check_button_new ();

              gtk_widget_set_visible (leader, FALSE);
              gtk_grid_attach (GTK_GRID (self->grid), leader, col, 2 + r, 1, 1);
              group = GTK_CHECK_BUTTON (leader);
            }
          if (group == NULL)
            group = GTK_CHECK_BUTTON (radio);
          else
            gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), group);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), is_associated (routing, table, t == 0));
          g_object_set_data (G_OBJECT (radio), "vnl-connection", connection);
          g_object_set_data (G_OBJECT (radio), "vnl-table", table);
          gtk_widget_set_name (radio, "associate");
          g_signal_connect (radio, "toggled", G_CALLBACK (on_associate_toggled), self);
          gtk_grid_attach (GTK_GRID (self->grid), radio, col++, 2 + r, 1, 1);
        }
      for (guint t = 0; t < tables->len; t++)
        {
          VnlHubRouteTable *table = tables->pdata[t];
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *via = propagates_by_label (routing, table);

          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), propagates_explicitly (routing, table));
          if (!propagates_explicitly (routing, table) && via != NULL)
            {
              g_autofree char *text = g_strdup_printf (_("Propagates through label %s"), via);
              gtk_check_button_set_inconsistent (GTK_CHECK_BUTTON (check), TRUE);
              gtk_widget_set_tooltip_text (check, text);
            }
          /* The Default table without an object is reached by label only. */
          gtk_widget_set_sensitive (check, table != NULL);
          g_object_set_data (G_OBJECT (check), "vnl-connection", connection);
          g_object_set_data (G_OBJECT (check), "vnl-table", table);
          gtk_widget_set_name (check, "propagate");
          g_signal_connect (check, "toggled", G_CALLBACK (on_propagate_toggled), self);
          gtk_grid_attach (GTK_GRID (self->grid), check, col++, 2 + r, 1, 1);
        }
      for (guint l = 0; l < n_labels; l++)
        {
          GtkWidget *check = gtk_check_button_new ();

          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (mine, labels[l]));
          g_object_set_data (G_OBJECT (check), "vnl-connection", connection);
          g_object_set_data_full (G_OBJECT (check), "vnl-label", g_strdup (labels[l]), g_free);
          gtk_widget_set_name (check, "propagate-label");
          g_signal_connect (check, "toggled", G_CALLBACK (on_propagate_toggled), self);
          gtk_grid_attach (GTK_GRID (self->label_grid), check, 1 + l, 2 + r, 1, 1);
        }
    }
  self->updating = FALSE;
}

static void
on_design_changed (VnlRoutingGrid *self,
                   gpointer        object)
{
  queue_rebuild (self);
}

static void
on_object_removed (VnlRoutingGrid *self,
                   gpointer        object)
{
  /* Not drawn any more: the inspector drops the grid with its hub. */
  if (object == self->hub)
    {
      self->hub = NULL;
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      return;
    }
  if (self->hub != NULL)
    queue_rebuild (self);
}

static void
vnl_routing_grid_dispose (GObject *object)
{
  VnlRoutingGrid *self = (VnlRoutingGrid *) object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->design != NULL)
    g_signal_handlers_disconnect_by_data (self->design, self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->history);
  g_clear_object (&self->design);
  G_OBJECT_CLASS (vnl_routing_grid_parent_class)->dispose (object);
}

static void
vnl_routing_grid_class_init (VnlRoutingGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_routing_grid_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vnlroutinggrid");
}

static void
vnl_routing_grid_init (VnlRoutingGrid *self)
{
  GtkWidget *title;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_top (self->box, 6);

  title = gtk_label_new (_("Connections: association and propagation"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (self->box), title);

  self->empty = gtk_label_new (_("No connections yet: connect a VNet, a VPN site or a circuit to the hub."));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->empty);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *grid = gtk_grid_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
      gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
      gtk_widget_set_margin_bottom (grid, 8);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
      gtk_box_append (GTK_BOX (self->box), scrolled);
      if (i == 0)
        self->grid = grid;
      else
        self->label_grid = grid;
    }
}

GtkWidget *
vnl_routing_grid_new (VnlHistory *history,
                      gpointer    hub)
{
  VnlRoutingGrid *self;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (hub != NULL && ((VnlObject *) hub)->kind == VNL_KIND_VIRTUAL_HUB, NULL);

  self = g_object_new (VNL_TYPE_ROUTING_GRID, NULL);
  self->history = g_object_ref (history);
  self->design = g_object_ref (vnl_history_get_design (history));
  self->hub = hub;
  g_signal_connect_swapped (self->design, "object-changed", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (self->design, "object-added", G_CALLBACK (on_design_changed), self);
  g_signal_connect_swapped (self->design, "object-removed", G_CALLBACK (on_object_removed), self);
  rebuild (self);
  return GTK_WIDGET (self);
}
