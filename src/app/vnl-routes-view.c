/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-routes-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-routes-view.h"
#include "vnl-report.h"

#include <string.h>

/*
 * Rows are small VnlRouteItem objects (one string per column) in a list
 * store, seen through a filter model by the column view. The item type is
 * private to this file: nothing else needs it.
 */

enum
{
  COL_STATE,
  COL_PREFIX,
  COL_NEXT_HOP_TYPE,
  COL_NEXT_HOP,
  COL_WHY,
  COL_SOURCE,
  COL_LEARNED_FROM,
  COL_AS_PATH,
  COL_LOCAL_PREF,
  COL_WEIGHT,
  COL_TABLE,
  N_COLS
};

static const char *column_titles[N_COLS] = {
  [COL_STATE] = N_("State"), [COL_PREFIX] = N_("Prefix"), [COL_NEXT_HOP_TYPE] = N_("Next hop type"),
  [COL_NEXT_HOP] = N_("Next hop"), [COL_WHY] = N_("Why"), [COL_SOURCE] = N_("Source"),
  [COL_LEARNED_FROM] = N_("Learned from"), [COL_AS_PATH] = N_("AS path"), [COL_LOCAL_PREF] = N_("LocPrf"),
  [COL_WEIGHT] = N_("Weight"), [COL_TABLE] = N_("Table"),
};

#define VNL_TYPE_ROUTE_ITEM (vnl_route_item_get_type ())
G_DECLARE_FINAL_TYPE (VnlRouteItem, vnl_route_item, VNL, ROUTE_ITEM, GObject)

struct _VnlRouteItem
{
  GObject  parent_instance;
  char    *cols[N_COLS];   /* owned */
};

G_DEFINE_FINAL_TYPE (VnlRouteItem, vnl_route_item, G_TYPE_OBJECT)

static void
vnl_route_item_finalize (GObject *object)
{
  VnlRouteItem *self = (VnlRouteItem *) object;

  for (guint i = 0; i < N_COLS; i++)
    g_free (self->cols[i]);
  G_OBJECT_CLASS (vnl_route_item_parent_class)->finalize (object);
}

static void
vnl_route_item_class_init (VnlRouteItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnl_route_item_finalize;
}

static void
vnl_route_item_init (VnlRouteItem *self)
{
}

struct _VnlRoutesView
{
  GtkBox              parent_instance;

  VnlAnalysis        *analysis;    /* owned */
  char               *node;        /* owned, nullable */
  GListStore         *store;       /* owned, of VnlRouteItem */
  GtkFilterListModel *filtered;    /* owned */
  GtkCustomFilter    *filter;      /* borrowed from filtered */
  GtkStringList      *nodes;       /* owned: names offered in the picker */
  GtkDropDown        *picker;
  GtkSearchEntry     *search;
  GtkColumnView      *view;
  GtkLabel           *title;
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (VnlRoutesView, vnl_routes_view, GTK_TYPE_BOX)

/* @table_name: what the Table column says (the node, or the title when
 * the node has several tables). */
static VnlRouteItem *
item_from_row (VnlRouteTable *table,
               const char    *table_name,
               VnlRouteRow   *row)
{
  VnlRouteItem *item = g_object_new (VNL_TYPE_ROUTE_ITEM, NULL);
  gboolean vnet = table->kind == VNL_TABLE_VNET;

  item->cols[COL_TABLE] = g_strdup (table_name);
  item->cols[COL_STATE] = g_strdup (vnet ? (row->active ? _("Active") : _("Invalid")) : (row->best ? _("Best") : ""));
  item->cols[COL_PREFIX] = vnl_prefix_to_string (&row->prefix);
  item->cols[COL_SOURCE] = g_strdup (row->source != NULL ? row->source : "");
  item->cols[COL_NEXT_HOP_TYPE] = g_strdup (row->next_hop_type != NULL ? row->next_hop_type : "");
  item->cols[COL_NEXT_HOP] = g_strdup (row->next_hop != NULL ? row->next_hop : "");
  item->cols[COL_LEARNED_FROM] = g_strdup (row->learned_from != NULL ? row->learned_from : "");
  item->cols[COL_AS_PATH] = g_strdup (row->as_path != NULL ? row->as_path : "");
  item->cols[COL_LOCAL_PREF] = vnet ? g_strdup ("") : g_strdup_printf ("%u", row->local_pref);
  item->cols[COL_WEIGHT] = vnet ? g_strdup ("") : g_strdup_printf ("%u", row->weight);
  item->cols[COL_WHY] = vnl_report_route_why (table, row);
  return item;
}

static void
reload (VnlRoutesView *self)
{
  VnlNetwork *network = vnl_analysis_get_network (self->analysis);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  gboolean by_title = FALSE;

  g_list_store_remove_all (self->store);
  if (network == NULL || self->node == NULL)
    {
      gtk_label_set_text (self->title, _("Pick a VNet, subnet, VM (its NIC), gateway, circuit, link or CE router."));
      return;
    }
  tables = vnl_network_get_tables (network, self->node, NULL);
  /* A circuit's tables are its links, each named by its node; a route
   * server's (what it learned, what it advertises to each peer) and an
   * appliance's (its NICs', its BGP table) share one node, so their rows
   * are named by their table's title. */
  for (guint t = 1; tables != NULL && t < tables->len && !by_title; t++)
    by_title = g_str_equal (((VnlRouteTable *) tables->pdata[t])->node, ((VnlRouteTable *) tables->pdata[0])->node);
  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      VnlRouteTable *table = tables->pdata[t];
      g_string_append_printf (titles, "%s%s", t > 0 ? "\n" : "", table->title);
      /* Why routes are missing: a session dropped over a prefix limit. */
      if (table->note != NULL)
        g_string_append_printf (titles, "\n⚠ %s", table->note);
      for (guint r = 0; r < table->rows->len; r++)
        {
          g_autoptr(VnlRouteItem) item = item_from_row (table, by_title ? table->title : table->node,
                                                        table->rows->pdata[r]);
          g_list_store_append (self->store, item);
        }
    }
  gtk_label_set_text (self->title, titles->len > 0 ? titles->str : _("No routing table."));
}

static void
fill_picker (VnlRoutesView *self)
{
  /* Virtual WAN: the effective routes of each hub route table (and of
   * the hub's Default table, under the hub's name). Route Server: what
   * it learned from each peer and what it advertises to each; the
   * appliances that speak BGP: their NICs' routes and their BGP table. */
  static const VnlKind kinds[] = { VNL_KIND_VNET, VNL_KIND_ENDPOINT, VNL_KIND_GATEWAY, VNL_KIND_CIRCUIT,
                                   VNL_KIND_LINK, VNL_KIND_CE, VNL_KIND_LNG, VNL_KIND_ROUTE_SERVER,
                                   VNL_KIND_APPLIANCE, VNL_KIND_VIRTUAL_HUB, VNL_KIND_HUB_ROUTE_TABLE };
  VnlDesign *design = vnl_analysis_get_design (self->analysis);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  gboolean same;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint k = 0; design != NULL && k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          if (kinds[k] == VNL_KIND_LNG && ((VnlLng *) objects->pdata[i])->asn == 0)
            continue;
          if (kinds[k] == VNL_KIND_APPLIANCE && ((VnlAppliance *) objects->pdata[i])->asn == 0)
            continue;
          /* A NIC's effective routes: the endpoints in VNets. */
          if (kinds[k] == VNL_KIND_ENDPOINT &&
              vnl_design_lookup_kind (design, ((VnlEndpoint *) objects->pdata[i])->owner, VNL_KIND_VNET) == NULL)
            continue;
          g_ptr_array_add (names, ((VnlObject *) objects->pdata[i])->name);
          /* Each subnet's effective routes follow its VNet's summary
           * ("VNET/SUBNET", as vnetlab-cli routes names them). */
          if (kinds[k] == VNL_KIND_VNET)
            {
              VnlVnet *vnet = objects->pdata[i];
              for (guint j = 0; j < vnet->subnets->len; j++)
                {
                  char *name = g_strdup_printf ("%s/%s", vnet->parent.name,
                                                ((VnlSubnet *) vnet->subnets->pdata[j])->name);
                  g_ptr_array_add (owned, name);
                  g_ptr_array_add (names, name);
                }
            }
        }
    }
  same = names->len == n;
  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (gtk_string_list_get_string (self->nodes, i), names->pdata[i]);
  if (same)
    return;
  g_ptr_array_add (names, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->nodes, 0, n, (const char * const *) names->pdata);
  for (guint i = 0; self->node != NULL && names->pdata[i] != NULL; i++)
    if (g_str_equal (names->pdata[i], self->node))
      selected = i;
  gtk_drop_down_set_selected (self->picker, selected);
  self->updating = FALSE;
}

static void
on_analysis_changed (VnlRoutesView *self)
{
  fill_picker (self);
  reload (self);
}

static void
on_picked (VnlRoutesView *self)
{
  guint i = gtk_drop_down_get_selected (self->picker);

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;
  vnl_routes_view_set_node (self, gtk_string_list_get_string (self->nodes, i));
}

static gboolean
filter_func (gpointer item,
             gpointer data)
{
  VnlRoutesView *self = data;
  VnlRouteItem *row = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  for (guint i = 0; i < N_COLS; i++)
    {
      g_autofree char *hay = g_utf8_casefold (row->cols[i], -1);
      if (strstr (hay, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
on_search_changed (VnlRoutesView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
rows_to_text (VnlRoutesView *self,
              char           separator)
{
  GString *out = g_string_new (NULL);
  GListModel *model = G_LIST_MODEL (self->filtered);

  for (guint i = 0; i < N_COLS; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      append_csv_field (out, column_titles[i]);
    }
  g_string_append_c (out, '\n');
  for (guint r = 0; r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr(VnlRouteItem) item = g_list_model_get_item (model, r);
      for (guint i = 0; i < N_COLS; i++)
        {
          if (i > 0)
            g_string_append_c (out, separator);
          if (separator == ',')
            append_csv_field (out, item->cols[i]);
          else
            g_string_append (out, item->cols[i]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

char *
vnl_routes_view_to_csv (VnlRoutesView *self)
{
  g_return_val_if_fail (VNL_IS_ROUTES_VIEW (self), NULL);
  return rows_to_text (self, ',');
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlRoutesView *self = VNL_ROUTES_VIEW (widget);
  g_autofree char *text = rows_to_text (self, '\t');

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
on_save_response (GtkNativeDialog *native,
                  int              response,
                  VnlRoutesView   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *csv = vnl_routes_view_to_csv (self);
      g_autoptr(GError) error = NULL;

      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        gtk_label_set_text (self->title, error->message);
    }
  g_object_unref (native);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlRoutesView *self = VNL_ROUTES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = g_strdup_printf ("routes-%s.csv", self->node != NULL ? self->node : "");
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Routes as CSV"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  VnlRouteItem *item = gtk_list_item_get_item (list_item);
  guint col = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), item->cols[col]);
  if (col == COL_STATE && (g_str_equal (item->cols[col], _("Active")) || g_str_equal (item->cols[col], _("Best"))))
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_remove_css_class (label, "success");
}

static void
vnl_routes_view_dispose (GObject *object)
{
  VnlRoutesView *self = (VnlRoutesView *) object;

  if (self->analysis != NULL)
    g_signal_handlers_disconnect_by_data (self->analysis, self);
  g_clear_object (&self->analysis);
  g_clear_object (&self->filtered);
  g_clear_object (&self->store);
  g_clear_object (&self->nodes);
  g_clear_pointer (&self->node, g_free);

  G_OBJECT_CLASS (vnl_routes_view_parent_class)->dispose (object);
}

static void
vnl_routes_view_class_init (VnlRoutesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_routes_view_dispose;
  gtk_widget_class_install_action (widget_class, "routes.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "routes.save-csv", NULL, save_action);
}

static void
vnl_routes_view_init (VnlRoutesView *self)
{
  GtkWidget *bar, *button, *scrolled;
  GtkSingleSelection *selection;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->nodes = gtk_string_list_new (NULL);
  self->picker = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->nodes)), NULL));
  gtk_drop_down_set_enable_search (self->picker, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->picker), _("The node whose routes are shown; selecting it on the canvas does the same"));
  g_signal_connect_swapped (self->picker, "notify::selected", G_CALLBACK (on_picked), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->picker));
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_object_set (self->search, "placeholder-text", _("Filter routes"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "routes.copy");
  gtk_widget_set_tooltip_text (button, _("Copy the shown routes"));
  gtk_box_append (GTK_BOX (bar), button);
  button = gtk_button_new_with_mnemonic (_("Save _CSV…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "routes.save-csv");
  gtk_box_append (GTK_BOX (bar), button);
  gtk_box_append (GTK_BOX (self), bar);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title));

  self->store = g_list_store_new (VNL_TYPE_ROUTE_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), GTK_FILTER (self->filter));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  for (guint i = 0; i < N_COLS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(column_titles[i]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->view, column);
      g_object_unref (column);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);
}

GtkWidget *
vnl_routes_view_new (VnlAnalysis *analysis)
{
  VnlRoutesView *self = g_object_new (VNL_TYPE_ROUTES_VIEW, NULL);

  self->analysis = g_object_ref (analysis);
  g_signal_connect_swapped (analysis, "changed", G_CALLBACK (on_analysis_changed), self);
  on_analysis_changed (self);
  return GTK_WIDGET (self);
}

gboolean
vnl_routes_view_set_node (VnlRoutesView *self,
                          const char    *node)
{
  VnlNetwork *network;
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (VNL_IS_ROUTES_VIEW (self), FALSE);

  network = vnl_analysis_get_network (self->analysis);
  if (network == NULL || node == NULL || !(tables = vnl_network_get_tables (network, node, NULL)))
    return FALSE;
  if (g_strcmp0 (self->node, node) != 0)
    {
      g_free (self->node);
      self->node = g_strdup (node);
      self->updating = TRUE;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->nodes)); i++)
        if (g_str_equal (gtk_string_list_get_string (self->nodes, i), node))
          gtk_drop_down_set_selected (self->picker, i);
      self->updating = FALSE;
    }
  reload (self);
  return TRUE;
}

const char *
vnl_routes_view_get_node (VnlRoutesView *self)
{
  g_return_val_if_fail (VNL_IS_ROUTES_VIEW (self), NULL);
  return self->node;
}

guint
vnl_routes_view_get_n_rows (VnlRoutesView *self)
{
  g_return_val_if_fail (VNL_IS_ROUTES_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}
