/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-analysis-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-analysis-overlay.h"
#include "vnl-analysis-pane.h"
#include "vnl-file.h"
#include "vnl-scenario.h"
#include "vnl-hop-map.h"
#include "vnl-matrix-view.h"
#include "vnl-report.h"
#include "vnl-routes-view.h"

#include <string.h>

/*
 * The pane keeps no routing state of its own: every page is refilled from
 * the VnlAnalysis on its ::changed signal, so an edit, a what-if toggle or a
 * new pick shows everywhere at once. The canvas overlay reads the same
 * analysis each time it is drawn.
 */

struct _VnlAnalysisPane
{
  GtkBox          parent_instance;

  VnlAnalysis    *analysis;       /* owned */
  VnlCanvas      *canvas;         /* weak: the window owns both */
  VnlDesign      *design;         /* owned */
  VnlHistory     *history;        /* owned */
  GtkGesture     *pick_gesture;   /* weak, owned by the canvas */
  gboolean        picking;
  char           *picked;         /* owned, nullable: the source picked first */
  char           *perspective;    /* owned, nullable */
  GHashTable     *perspective_labels; /* owned, nullable: link → lines */
  GHashTable     *perspective_lit;    /* owned, nullable: names reached */
  GtkStringList  *networks;       /* owned: perspective choices */
  GHashTable     *toggles;        /* name → GtkCheckButton (borrowed) */
  gboolean        updating;
  gboolean        npm_all_hops;   /* the slider is at its end: show every hop */
  gboolean        pages_stale;    /* the analysis changed while the pane was closed */
  guint           design_idle;    /* source: a large design handed to the analysis later */
  GdkFrameClock  *design_clock;   /* borrowed, nullable: waited on for that */
  GString        *path_text;      /* owned: what the Path page shows */
  GString        *what_if_text;   /* owned: what the What-if page shows */
  int             pane_width;     /* the user's width, whatever the page */
  GPtrArray      *problems;       /* owned, nullable: the live checks' last run */
  int             resize_from;    /* width when a resize drag began */

  GtkWidget      *nw_map;
  GtkWidget      *npm_map;
  GtkWidget      *routes_view;
  GtkWidget      *matrix_view;

  /* Template children */
  GtkToggleButton *pick_button;
  GtkLabel        *path_label;
  GtkSpinner      *spinner;
  GtkStack        *stack;
  GtkWidget       *switcher;
  GtkLabel        *problems_label;
  GtkLabel        *summary_label;
  GtkEntry        *address_entry;
  GtkTextView     *tracert_view;
  GtkGrid         *hop_grid;
  GtkLabel        *return_label;
  GtkBox          *watcher_box;
  GtkGrid         *watcher_grid;
  GtkSpinButton   *threshold_spin;
  GtkScale        *hops_scale;
  GtkScrolledWindow *npm_scrolled;
  GtkWidget       *npm_agent_box;
  GtkLabel        *npm_agent_label;
  GtkWidget       *npm_agent_button;
  GtkBox          *routes_box;
  GtkScrolledWindow *matrix_scrolled;
  GtkDropDown     *perspective_drop;
  GtkTextView     *perspective_view;
  GtkFlowBox      *toggles_box;
  GtkDropDown     *scenario_drop;
  GtkEntry        *scenario_entry;
  GtkLabel        *scenario_label;
  GtkStringList   *scenarios;      /* owned: names in the drop-down */
  GtkLabel        *whatif_title;
  GtkBox          *changes_box;
  GtkDropDown     *flow_protocol;
  GtkEntry        *flow_port;
  GtkEntry        *flow_source_port;
  GtkMenuButton   *flow_services;
};

G_DEFINE_FINAL_TYPE (VnlAnalysisPane, vnl_analysis_pane, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_PICKING,
  PROP_PANE_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* More objects than this get no check button on the What-if page. */
#define MAX_TOGGLES 300

static const VnlKind toggle_kinds[] = {
  VNL_KIND_LINK, VNL_KIND_ER_CONNECTION, VNL_KIND_S2S_CONNECTION, VNL_KIND_V2V_CONNECTION,
  VNL_KIND_GLOBAL_REACH, VNL_KIND_PEERING, VNL_KIND_GATEWAY,
  /* Take the firewall down: what is lost (issue 14). */
  VNL_KIND_FIREWALL, VNL_KIND_APPLIANCE,
};

static void
say (VnlAnalysisPane *self,
     const char      *message)
{
  if (self->canvas != NULL)
    g_signal_emit_by_name (self->canvas, "message", message);
}

static gboolean
page_is (VnlAnalysisPane *self,
         const char      *name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) == 0;
}

static void
redraw_canvas (VnlAnalysisPane *self)
{
  if (self->canvas != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

/* Grids */

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
grid_cell (GtkGrid    *grid,
           GString    *text,
           int         column,
           int         row,
           const char *value,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Cells wrap between words so that the table fits the pane's width
   * (a name or an address is one word and stays whole). */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  if (text != NULL)
    g_string_append_printf (text, "%s%s", column > 0 ? "\t" : "", value);
}

static char *
format_rtt (const VnlHop *hop)
{
  GString *out = g_string_new (NULL);

  if (hop->n_rtt == 0)
    return g_string_free (out, FALSE);
  for (guint i = 0; i < hop->n_rtt; i++)
    {
      if (i > 0)
        g_string_append (out, " / ");
      if (hop->rtt_ms[i] < 1)
        g_string_append (out, "<1");
      else
        g_string_append_printf (out, "%.0f", hop->rtt_ms[i]);
    }
  g_string_append (out, " ms");
  return g_string_free (out, FALSE);
}

/* The flow picker: protocol and ports, shared by the path and the matrix */

static const char * const flow_protocols[] = { "icmp", "tcp", "udp" };

/* Services Azure's portal offers for a rule, with their ports. */
static const struct
{
  const char *label;
  guint       protocol;       /* index in flow_protocols */
  const char *port;
} flow_services[] = {
  { "HTTPS", 1, "443" },
  { "HTTP", 1, "80" },
  { "SSH", 1, "22" },
  { "RDP", 1, "3389" },
  { "MS SQL", 1, "1433" },
  { "DNS", 2, "53" },
  { N_("Ping (ICMP)"), 0, NULL },
};

static void
on_flow_changed (VnlAnalysisPane *self)
{
  guint protocol = gtk_drop_down_get_selected (self->flow_protocol);
  gboolean icmp = protocol == 0 || protocol >= G_N_ELEMENTS (flow_protocols);
  const char *port = gtk_editable_get_text (GTK_EDITABLE (self->flow_port));
  const char *source_port = gtk_editable_get_text (GTK_EDITABLE (self->flow_source_port));
  g_autoptr(GError) error = NULL;
  VnlFlow flow;

  if (self->updating || self->analysis == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->flow_port), !icmp);
  gtk_widget_set_sensitive (GTK_WIDGET (self->flow_source_port), !icmp);
  gtk_widget_remove_css_class (GTK_WIDGET (self->flow_port), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->flow_source_port), "error");
  /* A packet has one protocol: "Any" is a rule's, not a flow's. */
  if (vnl_flow_parse (icmp ? "icmp" : flow_protocols[protocol],
                      icmp || *port == '\0' ? NULL : port,
                      icmp || *source_port == '\0' ? NULL : source_port, &flow, &error))
    vnl_analysis_set_flow (self->analysis, &flow);
  else
    {
      VnlFlow probe;
      gboolean port_ok = *port != '\0' && vnl_flow_parse (flow_protocols[protocol], port, NULL, &probe, NULL);
      GtkWidget *wrong = GTK_WIDGET (port_ok ? self->flow_source_port : self->flow_port);

      gtk_widget_add_css_class (wrong, "error");
      gtk_widget_set_tooltip_text (wrong, *port == '\0' ? _("A TCP or UDP flow needs a destination port")
                                                       : _("A port is a number from 0 to 65535"));
    }
}

static void
on_flow_service_clicked (GtkButton       *button,
                         VnlAnalysisPane *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vnl-service"));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->flow_protocol, flow_services[i].protocol);
  gtk_editable_set_text (GTK_EDITABLE (self->flow_port), flow_services[i].port != NULL ? flow_services[i].port : "");
  gtk_editable_set_text (GTK_EDITABLE (self->flow_source_port), "");
  self->updating = FALSE;
  gtk_menu_button_popdown (self->flow_services);
  on_flow_changed (self);
}

static void
setup_flow_picker (VnlAnalysisPane *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (flow_services); i++)
    {
      g_autofree char *label = flow_services[i].port != NULL
        ? g_strdup_printf ("%s — %s %s", flow_services[i].label,
                           flow_services[i].protocol == 1 ? "TCP" : "UDP", flow_services[i].port)
        : g_strdup (_(flow_services[i].label));
      GtkWidget *item = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (item, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (item))), 0);
      g_object_set_data (G_OBJECT (item), "vnl-service", GUINT_TO_POINTER (i));
      g_signal_connect (item, "clicked", G_CALLBACK (on_flow_service_clicked), self);
      gtk_box_append (GTK_BOX (box), item);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->flow_services, popover);
  gtk_widget_set_sensitive (GTK_WIDGET (self->flow_port), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->flow_source_port), FALSE);
}

/* Path page */

static void
update_path_page (VnlAnalysisPane *self)
{
  VnlTrace *trace = vnl_analysis_get_trace (self->analysis);
  GPtrArray *alternatives = vnl_analysis_get_alternatives (self->analysis);
  const char *from = vnl_analysis_get_from (self->analysis);
  const char *to = vnl_analysis_get_to (self->analysis);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *tracert = NULL;
  static const char *headers[] = { N_("Hop"), N_("Node"), N_("Type"), N_("Address"), N_("Round trips") };

  g_string_truncate (self->path_text, 0);
  clear_grid (self->hop_grid);
  gtk_label_set_text (self->return_label, "");

  if (from == NULL || to == NULL)
    {
      g_autofree char *label = self->picked != NULL
        ? g_strdup_printf (_("From %s → click the destination, or enter an address"), self->picked)
        : g_strdup (_("No path: press Pick Path, then click two nodes."));
      gtk_label_set_text (self->path_label, label);
      gtk_label_set_text (self->summary_label, "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->tracert_view), "", -1);
      return;
    }
  {
    g_autofree char *label = g_strdup_printf ("%s → %s", from, to);
    gtk_label_set_text (self->path_label, label);
  }
  if (trace == NULL)
    {
      const char *error = vnl_analysis_get_trace_error (self->analysis);
      gtk_label_set_text (self->summary_label, error != NULL ? error : _("Computing…"));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->tracert_view), "", -1);
      return;
    }

  if (trace->reached)
    g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%s reaches %s in %u hop; one way %.1f ms.",
                                                  "%s reaches %s in %u hops; one way %.1f ms.", trace->hops->len),
                            from, to, trace->hops->len, trace->one_way_ms);
  else
    {
      g_autofree char *why = vnl_analysis_explain (self->analysis, from, to);
      g_string_append_printf (summary, _("%s does not reach %s. %s"), from, to, why);
    }
  if (trace->reached && trace->reverse != NULL && !trace->reverse->reached)
    {
      g_autofree char *why = vnl_analysis_explain (self->analysis, from, to);
      g_string_append_printf (summary, "\n%s", why);
    }
  if (trace->asymmetric)
    g_string_append (summary, _("\nAsymmetric: the return path crosses other objects (orange on the canvas)."));
  if (alternatives->len > 0)
    g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                  "\nMultipath: %u more equal-cost path (both circuit links in use), dashed purple on the canvas.",
                                                  "\nMultipath: %u more equal-cost paths (both circuit links in use), dashed purple on the canvas.",
                                                  alternatives->len), alternatives->len);
  gtk_label_set_text (self->summary_label, summary->str);
  g_string_append_printf (self->path_text, "%s\n", summary->str);

  tracert = vnl_trace_format_tracert (trace);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->tracert_view), tracert, -1);
  g_string_append_printf (self->path_text, "%s\n", tracert);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    grid_cell (self->hop_grid, self->path_text, c, 0, _(headers[c]), "heading");
  g_string_append_c (self->path_text, '\n');
  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);
      g_autofree char *ttl = g_strdup_printf ("%u", hop->ttl);
      g_autofree char *address = hop->address != 0 ? vnl_ip_to_string (hop->address) : g_strdup ("*");
      g_autofree char *rtt = hop->n_rtt > 0 ? format_rtt (hop) : g_strdup (_("Request timed out"));
      const char *dim = hop->address == 0 ? "dim-label" : NULL;

      grid_cell (self->hop_grid, self->path_text, 0, i + 1, ttl, dim);
      grid_cell (self->hop_grid, self->path_text, 1, i + 1, hop->node, dim);
      grid_cell (self->hop_grid, self->path_text, 2, i + 1, vnl_hop_kind_to_label (hop->kind), dim);
      grid_cell (self->hop_grid, self->path_text, 3, i + 1, address, dim);
      grid_cell (self->hop_grid, self->path_text, 4, i + 1, rtt, dim);
      g_string_append_c (self->path_text, '\n');
    }
  if (!trace->reached)
    {
      g_autofree char *text = g_strdup_printf (_("Dropped at %s: %s"), trace->drop_node != NULL ? trace->drop_node : "?",
                                               trace->drop_detail != NULL ? trace->drop_detail : _(vnl_drop_reason_to_string (trace->drop)));
      GtkWidget *label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_grid_attach (self->hop_grid, label, 0, trace->hops->len + 1, 5, 1);
      g_string_append_printf (self->path_text, "%s\n", text);
    }

  {
    g_autoptr(GString) forward = g_string_new (alternatives->len > 0 ? _("Path 1: ") : _("Path: "));
    for (guint i = 0; i < trace->path->len; i++)
      g_string_append_printf (forward, "%s%s", i > 0 ? " → " : "", (char *) trace->path->pdata[i]);
    gtk_label_set_text (self->return_label, forward->str);
    g_string_append_printf (self->path_text, "%s\n", forward->str);
  }
  if (trace->reverse != NULL)
    {
      g_autoptr(GString) back = g_string_new (gtk_label_get_text (self->return_label));
      g_string_append (back, trace->asymmetric ? _("\nReturn path (differs — asymmetric): ") : _("\nReturn path: "));
      for (guint i = 0; i < trace->reverse->path->len; i++)
        g_string_append_printf (back, "%s%s", i > 0 ? " → " : "", (char *) trace->reverse->path->pdata[i]);
      if (!trace->reverse->reached)
        g_string_append_printf (back, _(" — dropped at %s"), trace->reverse->drop_node != NULL ? trace->reverse->drop_node : "?");
      gtk_label_set_text (self->return_label, back->str);
      g_string_append_printf (self->path_text, "%s\n", strrchr (back->str, '\n') + 1);
    }
  for (guint a = 0; a < alternatives->len; a++)
    {
      VnlTrace *alt = alternatives->pdata[a];
      g_string_append_printf (self->path_text, _("Path %u:"), a + 2);
      for (guint i = 0; i < alt->path->len; i++)
        g_string_append_printf (self->path_text, " %s", (char *) alt->path->pdata[i]);
      g_string_append_c (self->path_text, '\n');
    }
  if (alternatives->len > 0)
    {
      /* The ECMP alternatives, after the return path. */
      g_autoptr(GString) alts = g_string_new (gtk_label_get_text (self->return_label));
      for (guint a = 0; a < alternatives->len; a++)
        {
          VnlTrace *alt = alternatives->pdata[a];
          g_string_append_printf (alts, _("%sPath %u (ECMP): "), alts->len > 0 ? "\n" : "", a + 2);
          for (guint i = 0; i < alt->path->len; i++)
            g_string_append_printf (alts, "%s%s", i > 0 ? " → " : "", (char *) alt->path->pdata[i]);
        }
      gtk_label_set_text (self->return_label, alts->str);
    }
}

/* Network Watcher page */

static void
update_watcher_page (VnlAnalysisPane *self)
{
  VnlTrace *trace = vnl_analysis_get_trace (self->analysis);
  g_autoptr(GPtrArray) traces = g_ptr_array_new ();
  static const char *headers[] = { N_("Hop"), N_("Type"), N_("Name"), N_("IP address"), N_("Status"), N_("Next hop"), N_("RTT (ms)") };
  guint row = 1;

  if (trace != NULL)
    g_ptr_array_add (traces, trace);
  vnl_hop_map_set_design (VNL_HOP_MAP (self->nw_map), vnl_analysis_get_design (self->analysis));
  vnl_hop_map_set_traces (VNL_HOP_MAP (self->nw_map), traces);
  clear_grid (self->watcher_grid);
  if (trace == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    grid_cell (self->watcher_grid, NULL, c, 0, _(headers[c]), "heading");

  /* The source first, as the portal lists it. */
  {
    g_autofree char *address = vnl_ip_to_string (trace->source);
    g_autofree char *next = trace->hops->len > 0 && g_array_index (trace->hops, VnlHop, 0).address != 0
      ? vnl_ip_to_string (g_array_index (trace->hops, VnlHop, 0).address) : g_strdup ("—");
    grid_cell (self->watcher_grid, NULL, 0, row, "0", NULL);
    grid_cell (self->watcher_grid, NULL, 1, row, _("Source"), NULL);
    grid_cell (self->watcher_grid, NULL, 2, row, trace->source_name != NULL ? trace->source_name : "", NULL);
    grid_cell (self->watcher_grid, NULL, 3, row, address, NULL);
    grid_cell (self->watcher_grid, NULL, 4, row, _("✓ Healthy"), "success");
    grid_cell (self->watcher_grid, NULL, 5, row, next, NULL);
    grid_cell (self->watcher_grid, NULL, 6, row, "0", NULL);
    row++;
  }
  for (guint i = 0; i < trace->hops->len; i++, row++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);
      VnlHop *next_hop = i + 1 < trace->hops->len ? &g_array_index (trace->hops, VnlHop, i + 1) : NULL;
      g_autofree char *ttl = g_strdup_printf ("%u", hop->ttl);
      g_autofree char *address = hop->address != 0 ? vnl_ip_to_string (hop->address) : g_strdup ("*");
      g_autofree char *next = next_hop == NULL ? g_strdup ("—")
                              : next_hop->address != 0 ? vnl_ip_to_string (next_hop->address) : g_strdup ("*");
      g_autofree char *rtt = NULL;
      gboolean dropped = !trace->reached && i + 1 == trace->hops->len && g_strcmp0 (trace->drop_node, hop->node) == 0;
      gboolean last = trace->reached && i + 1 == trace->hops->len;
      double sum = 0;

      for (guint k = 0; k < hop->n_rtt; k++)
        sum += hop->rtt_ms[k];
      rtt = hop->n_rtt > 0 ? g_strdup_printf ("%.1f", sum / hop->n_rtt) : g_strdup ("—");
      grid_cell (self->watcher_grid, NULL, 0, row, ttl, NULL);
      grid_cell (self->watcher_grid, NULL, 1, row, last ? _("Destination") : vnl_hop_kind_to_label (hop->kind), NULL);
      grid_cell (self->watcher_grid, NULL, 2, row, hop->node, NULL);
      grid_cell (self->watcher_grid, NULL, 3, row, address, NULL);
      if (dropped)
        grid_cell (self->watcher_grid, NULL, 4, row, _("✗ Unhealthy"), "error");
      else if (hop->address == 0)
        grid_cell (self->watcher_grid, NULL, 4, row, _("? Unknown"), "dim-label");
      else
        grid_cell (self->watcher_grid, NULL, 4, row, _("✓ Healthy"), "success");
      grid_cell (self->watcher_grid, NULL, 5, row, next, NULL);
      grid_cell (self->watcher_grid, NULL, 6, row, rtt, NULL);
    }
  /* Seven columns in a side pane: the portal's grid in a smaller type. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->watcher_grid)); c != NULL; c = gtk_widget_get_next_sibling (c))
    gtk_widget_add_css_class (c, "caption");
  if (!trace->reached)
    {
      g_autofree char *text = g_strdup_printf (_("Unreachable: dropped at %s — %s"), trace->drop_node != NULL ? trace->drop_node : "?",
                                               trace->drop_detail != NULL ? trace->drop_detail : _(vnl_drop_reason_to_string (trace->drop)));
      GtkWidget *label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_grid_attach (self->watcher_grid, label, 0, row, 7, 1);
    }
}

/* NPM page */

/* Whether endpoint @name sits on premises: in a site, or in a location
 * of that kind. */
static gboolean
is_on_premises (VnlDesign  *design,
                const char *name)
{
  VnlEndpoint *endpoint = name != NULL ? vnl_design_find_endpoint (design, name) : NULL;
  VnlObject *owner;
  const char *where;
  VnlLocation *location;

  if (endpoint == NULL)
    return FALSE;
  owner = vnl_design_lookup (design, endpoint->owner);
  if (owner != NULL && owner->kind == VNL_KIND_SITE)
    return TRUE;
  where = vnl_design_get_location_of (design, endpoint);
  location = where != NULL ? vnl_design_lookup_kind (design, where, VNL_KIND_LOCATION) : NULL;
  return location != NULL && location->location_kind == VNL_LOCATION_ON_PREMISES;
}

/* NPM draws its map from an agent on premises: say so when the picked
 * path starts elsewhere, and offer the view from the other end. */
static void
update_npm_agent_note (VnlAnalysisPane *self)
{
  VnlDesign *design = vnl_analysis_get_design (self->analysis);
  const char *from = vnl_analysis_get_from (self->analysis);
  const char *to = vnl_analysis_get_to (self->analysis);
  g_autofree char *text = NULL;

  if (design == NULL || from == NULL || to == NULL || is_on_premises (design, from))
    {
      gtk_widget_set_visible (self->npm_agent_box, FALSE);
      return;
    }
  if (is_on_premises (design, to))
    text = g_strdup_printf (_("Network Performance Monitor measures from its agent on premises, "
                              "so it would show this path from %s, not from %s in Azure."), to, from);
  else
    text = g_strdup_printf (_("Network Performance Monitor measures from an agent on premises: "
                              "neither %s nor %s is, so NPM would not show this path."), from, to);
  gtk_label_set_text (self->npm_agent_label, text);
  gtk_widget_set_visible (self->npm_agent_button, is_on_premises (design, to));
  gtk_widget_set_visible (self->npm_agent_box, TRUE);
}

static void
update_npm_page (VnlAnalysisPane *self)
{
  VnlTrace *trace = vnl_analysis_get_trace (self->analysis);
  GPtrArray *alternatives = vnl_analysis_get_alternatives (self->analysis);
  g_autoptr(GPtrArray) traces = g_ptr_array_new ();
  GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->hops_scale));
  guint max = 0;

  if (trace != NULL)
    {
      g_ptr_array_add (traces, trace);
      for (guint i = 0; i < alternatives->len; i++)
        g_ptr_array_add (traces, alternatives->pdata[i]);
    }
  for (guint i = 0; i < traces->len; i++)
    max = MAX (max, ((VnlTrace *) traces->pdata[i])->hops->len);
  max = max > 0 ? max - 1 : 0;
  self->updating = TRUE;
  gtk_adjustment_set_upper (adj, MAX (max, 1));
  if (self->npm_all_hops || gtk_adjustment_get_value (adj) > max)
    gtk_adjustment_set_value (adj, max);
  self->updating = FALSE;
  vnl_hop_map_set_traces (VNL_HOP_MAP (self->npm_map), traces);
  vnl_hop_map_set_threshold (VNL_HOP_MAP (self->npm_map), gtk_spin_button_get_value (self->threshold_spin));
  vnl_hop_map_set_visible_hops (VNL_HOP_MAP (self->npm_map), (guint) gtk_adjustment_get_value (adj));
  update_npm_agent_note (self);
}

static void
on_npm_settings_changed (VnlAnalysisPane *self)
{
  GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->hops_scale));

  if (self->updating)
    return;
  self->npm_all_hops = gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj);
  vnl_hop_map_set_threshold (VNL_HOP_MAP (self->npm_map), gtk_spin_button_get_value (self->threshold_spin));
  vnl_hop_map_set_visible_hops (VNL_HOP_MAP (self->npm_map), (guint) gtk_range_get_value (GTK_RANGE (self->hops_scale)));
}

/* Perspective page */

static void
update_perspective_page (VnlAnalysisPane *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->networks));
  gboolean same;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint k = 0; self->design != NULL && k < 2; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k == 0 ? VNL_KIND_VNET : VNL_KIND_SITE);
      for (guint i = 0; i < objects->len; i++)
        g_ptr_array_add (names, ((VnlObject *) objects->pdata[i])->name);
    }
  same = names->len == n;
  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (gtk_string_list_get_string (self->networks, i), names->pdata[i]);
  self->updating = TRUE;
  if (!same)
    {
      g_ptr_array_add (names, NULL);
      gtk_string_list_splice (self->networks, 0, n, (const char * const *) names->pdata);
      g_ptr_array_set_size (names, names->len - 1);
    }
  for (guint i = 0; self->perspective != NULL && i < names->len; i++)
    if (g_str_equal (names->pdata[i], self->perspective))
      selected = i;
  gtk_drop_down_set_selected (self->perspective_drop, selected);
  self->updating = FALSE;

  g_clear_pointer (&self->perspective_labels, g_hash_table_unref);
  g_clear_pointer (&self->perspective_lit, g_hash_table_unref);
  if (self->perspective == NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->perspective_view), "", -1);
      return;
    }
  self->perspective_labels = vnl_analysis_perspective_labels (self->analysis, self->perspective, &self->perspective_lit);
  g_string_append_printf (text, _("Perspective of %s: reaches %u objects.\n\nRoutes carried per link (advertiser → receiver: prefix, AS path):\n"),
                          self->perspective, g_hash_table_size (self->perspective_lit));
  keys = g_list_sort (g_hash_table_get_keys (self->perspective_labels), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      GPtrArray *lines = g_hash_table_lookup (self->perspective_labels, l->data);
      g_string_append_printf (text, "\n%s\n", (char *) l->data);
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (text, "  %s\n", (char *) lines->pdata[i]);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->perspective_view), text->str, -1);
}

static void
on_perspective_picked (VnlAnalysisPane *self)
{
  guint i = gtk_drop_down_get_selected (self->perspective_drop);

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;
  vnl_analysis_pane_set_perspective (self, gtk_string_list_get_string (self->networks, i));
}

/* What-if page */

static void
on_toggle_toggled (GtkCheckButton  *button,
                   VnlAnalysisPane *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "vnl-name");

  /* A what-if, not an edit: the design (and its undo history) stay. */
  if (self->updating || self->design == NULL || !vnl_design_can_take_down (self->design, name))
    return;
  vnl_analysis_set_what_if_down (self->analysis, name, !gtk_check_button_get_active (button));
}

/* The drop-down lists the design's saved scenarios; the label says which
 * one the what-if shows. */
static void
update_scenarios (VnlAnalysisPane *self)
{
  GPtrArray *list = self->design != NULL ? vnl_scenario_list (self->design) : NULL;
  guint n = list != NULL ? list->len : 0;
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));
  guint selected = gtk_drop_down_get_selected (self->scenario_drop);
  const char *shown = vnl_analysis_get_scenario (self->analysis);
  g_auto(GStrv) down = vnl_analysis_get_what_if_down (self->analysis);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *text = NULL;
  gboolean same = old == n;

  for (guint i = 0; i < n; i++)
    {
      const char *name = ((VnlScenario *) list->pdata[i])->name;
      g_strv_builder_add (names, name);
      same = same && g_strcmp0 (gtk_string_list_get_string (self->scenarios, i), name) == 0;
    }
  strv = g_strv_builder_end (names);
  if (!same)
    {
      self->updating = TRUE;
      gtk_string_list_splice (self->scenarios, 0, old, (const char * const *) strv);
      if (selected != GTK_INVALID_LIST_POSITION && selected < n)
        gtk_drop_down_set_selected (self->scenario_drop, selected);
      self->updating = FALSE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_drop), n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.load-scenario", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.delete-scenario", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.clear-what-if", down[0] != NULL);

  if (down[0] == NULL)
    text = g_strdup (n == 0 ? _("Nothing is taken down by the what-if. No scenarios are saved with the design.")
                     : _("Nothing is taken down by the what-if."));
  else
    {
      g_autofree char *joined = g_strjoinv (", ", down);

      if (shown != NULL)
        text = g_strdup_printf (_("Scenario “%s”: %s down (not saved into the design)."), shown, joined);
      else
        text = g_strdup_printf (_("Unsaved what-if: %s down (not saved into the design)."), joined);
    }
  gtk_label_set_text (self->scenario_label, text);
}

static const char *
selected_scenario (VnlAnalysisPane *self)
{
  guint i = gtk_drop_down_get_selected (self->scenario_drop);

  if (i == GTK_INVALID_LIST_POSITION || i >= g_list_model_get_n_items (G_LIST_MODEL (self->scenarios)))
    return NULL;
  return gtk_string_list_get_string (self->scenarios, i);
}

static void
save_scenario_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->scenario_entry))));
  g_auto(GStrv) down = NULL;

  if (self->design == NULL || self->history == NULL)
    return;
  if (*name == '\0')
    {
      say (self, _("Give the scenario a name first"));
      gtk_widget_grab_focus (GTK_WIDGET (self->scenario_entry));
      return;
    }
  down = vnl_analysis_get_what_if_down (self->analysis);
  /* Saving it is an edit of the design: undoable, and the file changes. */
  vnl_history_set_scenario (self->history, name, (const char * const *) down);
  vnl_analysis_set_what_if (self->analysis, name, (const char * const *) down);
  gtk_editable_set_text (GTK_EDITABLE (self->scenario_entry), "");
  update_scenarios (self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->scenarios)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->scenarios, i), name) == 0)
      gtk_drop_down_set_selected (self->scenario_drop, i);
}

static void
load_scenario_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);
  const char *name = selected_scenario (self);
  VnlScenario *scenario = name != NULL && self->design != NULL
                          ? vnl_scenario_lookup (self->design, name) : NULL;
  guint unknown;

  if (scenario == NULL)
    return;
  unknown = vnl_analysis_set_what_if (self->analysis, scenario->name,
                                      (const char * const *) scenario->down);
  if (unknown > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Scenario “%s”: %u object is no longer in the design",
                                                            "Scenario “%s”: %u objects are no longer in the design",
                                                            unknown), scenario->name, unknown);
      say (self, message);
    }
  update_scenarios (self);
}

static void
delete_scenario_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);
  g_autofree char *name = g_strdup (selected_scenario (self));

  if (name == NULL || self->history == NULL)
    return;
  vnl_history_set_scenario (self->history, name, NULL);
  update_scenarios (self);
}

static void
clear_what_if_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);

  vnl_analysis_set_what_if (self->analysis, NULL, NULL);
  update_scenarios (self);
}

/* What the What-if page offers to take down, in order: the objects of
 * toggle_kinds, then the instances ("GATEWAY/N") of each gateway that has
 * more than one, whose failover is worth seeing. @owners gets the object
 * each name stands for (the gateway of an instance). */
static GPtrArray *
toggle_names (VnlAnalysisPane *self,
              GPtrArray       *owners)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *gateways;

  if (self->design == NULL)
    return names;
  for (guint k = 0; k < G_N_ELEMENTS (toggle_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, toggle_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          g_ptr_array_add (names, g_strdup (((VnlObject *) objects->pdata[i])->name));
          g_ptr_array_add (owners, objects->pdata[i]);
        }
    }
  gateways = vnl_design_get_objects (self->design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gateway = gateways->pdata[i];

      for (guint n = 0; gateway->instances->len > 1 && n < gateway->instances->len; n++)
        {
          g_autofree char *name = g_strdup_printf ("%s/%u", gateway->parent.name, n);

          if (vnl_design_lookup (self->design, name) != NULL)
            continue;
          g_ptr_array_add (names, g_steal_pointer (&name));
          g_ptr_array_add (owners, gateway);
        }
    }
  return names;
}

static void
update_toggles (VnlAnalysisPane *self)
{
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = toggle_names (self, owners);
  guint count = names->len;
  gboolean rebuild;

  /* Large designs: the canvas menu and the inspector's Up switch do it. */
  if (count > MAX_TOGGLES)
    count = 0;
  rebuild = count != g_hash_table_size (self->toggles);
  for (guint i = 0; !rebuild && i < count; i++)
    rebuild = !g_hash_table_contains (self->toggles, names->pdata[i]);

  self->updating = TRUE;
  if (rebuild)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->toggles_box))) != NULL)
        gtk_flow_box_remove (self->toggles_box, child);
      g_hash_table_remove_all (self->toggles);
      for (guint i = 0; i < count; i++)
        {
          GtkWidget *button = gtk_check_button_new_with_label (names->pdata[i]);

          g_object_set_data_full (G_OBJECT (button), "vnl-name", g_strdup (names->pdata[i]), g_free);
          g_signal_connect (button, "toggled", G_CALLBACK (on_toggle_toggled), self);
          gtk_flow_box_append (self->toggles_box, button);
          g_hash_table_insert (self->toggles, g_strdup (names->pdata[i]), button);
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      VnlObject *object = owners->pdata[i];
      GtkWidget *button = g_hash_table_lookup (self->toggles, names->pdata[i]);
      gboolean what_if = vnl_analysis_is_what_if_down (self->analysis, names->pdata[i]);

      if (button == NULL)
        continue;
      /* Down in the design: the inspector's business, not a what-if. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (button), object->up && !what_if);
      gtk_widget_set_sensitive (button, object->up);
      gtk_widget_set_tooltip_text (button, object->up ? _("Checked: up. Uncheck to see what happens if it fails.")
                                   : _("Down in the design (the inspector's Up switch)"));
      if (object->up && what_if)
        gtk_widget_add_css_class (button, "error");
      else
        gtk_widget_remove_css_class (button, "error");
    }
  self->updating = FALSE;
}

static void
update_what_if_page (VnlAnalysisPane *self)
{
  const char *toggle = vnl_analysis_get_last_toggle (self->analysis);
  GPtrArray *changes = vnl_analysis_get_changes (self->analysis);
  GtkWidget *child;
  guint lost = 0, gained = 0, rerouted = 0;
  g_autofree char *title = NULL;

  update_toggles (self);
  update_scenarios (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_box))) != NULL)
    gtk_box_remove (self->changes_box, child);
  g_string_truncate (self->what_if_text, 0);

  for (guint i = 0; i < changes->len; i++)
    {
      VnlAnalysisChange *change = changes->pdata[i];
      g_autofree char *markup = NULL;
      g_autofree char *plain = NULL;
      GtkWidget *label;

      switch (change->kind)
        {
        case VNL_ANALYSIS_LOST:
          lost++;
          markup = g_markup_printf_escaped ("<span foreground='#c0392b' weight='bold'>%s</span>  %s → %s\n<small>%s %s</small>",
                                            _("✗ lost"), change->from, change->to, _("was:"), change->before != NULL ? change->before : "—");
          plain = g_strdup_printf ("lost %s → %s", change->from, change->to);
          break;
        case VNL_ANALYSIS_GAINED:
          gained++;
          markup = g_markup_printf_escaped ("<span foreground='#1e8449' weight='bold'>%s</span>  %s → %s\n<small>%s %s</small>",
                                            _("✓ gained"), change->from, change->to, _("now:"), change->after != NULL ? change->after : "—");
          plain = g_strdup_printf ("gained %s → %s", change->from, change->to);
          break;
        case VNL_ANALYSIS_REROUTED:
        default:
          rerouted++;
          markup = g_markup_printf_escaped ("<span foreground='#d35400' weight='bold'>%s</span>  %s → %s\n<small>%s %s\n%s %s</small>",
                                            _("↻ rerouted"), change->from, change->to,
                                            _("was:"), change->before != NULL ? change->before : "—",
                                            _("now:"), change->after != NULL ? change->after : "—");
          plain = g_strdup_printf ("rerouted %s → %s", change->from, change->to);
          break;
        }
      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (self->changes_box, label);
      g_string_append_printf (self->what_if_text, "%s\n", plain);
    }
  if (toggle == NULL && changes->len > 0)
    title = g_strdup_printf (_("Before → after the last edit: %u pairs lost, %u gained, %u rerouted"), lost, gained, rerouted);
  else if (toggle == NULL)
    title = g_strdup (_("No what-if yet: nothing was taken down or brought up."));
  else
    title = g_strdup_printf (_("Before → after “%s”: %u pairs lost, %u gained, %u rerouted"), toggle, lost, gained, rerouted);
  gtk_label_set_text (self->whatif_title, title);
  g_string_prepend (self->what_if_text, "\n");
  g_string_prepend (self->what_if_text, title);
}

/* Problems that explain the answer */

/* Does @text name @name as a whole word (not inside a longer name)? */
static gboolean
text_names (const char *text,
            const char *name)
{
  gsize len = strlen (name);

  if (text == NULL || len == 0)
    return FALSE;
  for (const char *p = strstr (text, name); p != NULL; p = strstr (p + 1, name))
    {
      gboolean start = p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '-' || p[-1] == '_');
      gboolean end = !(g_ascii_isalnum (p[len]) || p[len] == '-' || p[len] == '_');

      if (start && end)
        return TRUE;
    }
  return FALSE;
}

static void
add_trace_names (GHashTable *names,
                 VnlTrace   *trace)
{
  for (guint i = 0; trace != NULL && i < trace->path->len; i++)
    g_hash_table_add (names, trace->path->pdata[i]);
  if (trace != NULL && trace->drop_node != NULL)
    g_hash_table_add (names, (gpointer) trace->drop_node);
}

/* An endpoint and the VNet or site it is in. */
static void
add_endpoint_names (GHashTable *names,
                    VnlDesign  *design,
                    const char *name)
{
  VnlEndpoint *endpoint = name != NULL ? vnl_design_lookup_kind (design, name, VNL_KIND_ENDPOINT) : NULL;

  if (name == NULL)
    return;
  g_hash_table_add (names, (gpointer) name);
  if (endpoint != NULL && endpoint->owner != NULL)
    g_hash_table_add (names, endpoint->owner);
}

/* The problems that bear on the answer the page shows: for a pair (the
 * Path, Watcher and NPM pages, and the matrix cell it came from), those on
 * the source or destination or the network each is in, on an object either
 * path crosses or drops at, or on an object the answer's explanation
 * names; for the whole matrix, those on an endpoint or its network. A
 * problem elsewhere does not explain this answer, and is not mentioned. */
static GPtrArray *
relevant_problems (VnlAnalysisPane *self)
{
  GPtrArray *relevant = g_ptr_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *why = NULL;
  const char *from = vnl_analysis_get_from (self->analysis);
  const char *to = vnl_analysis_get_to (self->analysis);
  VnlDesign *design = vnl_analysis_get_design (self->analysis);
  VnlTrace *trace = vnl_analysis_get_trace (self->analysis);

  if (self->problems == NULL || self->problems->len == 0 || design == NULL)
    return relevant;

  if (page_is (self, "matrix"))
    {
      GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);

      for (guint i = 0; i < endpoints->len; i++)
        add_endpoint_names (names, design, ((VnlObject *) endpoints->pdata[i])->name);
    }
  else if (from != NULL && to != NULL &&
           (page_is (self, "path") || page_is (self, "watcher") || page_is (self, "npm")))
    {
      GPtrArray *alternatives = vnl_analysis_get_alternatives (self->analysis);

      add_endpoint_names (names, design, from);
      add_endpoint_names (names, design, to);
      add_trace_names (names, trace);
      if (trace != NULL)
        add_trace_names (names, trace->reverse);
      for (guint i = 0; alternatives != NULL && i < alternatives->len; i++)
        add_trace_names (names, alternatives->pdata[i]);
      if (trace == NULL)
        why = g_strdup (vnl_analysis_get_trace_error (self->analysis));
      else if (!trace->reached || (trace->reverse != NULL && !trace->reverse->reached))
        why = vnl_analysis_explain (self->analysis, from, to);
    }
  else
    return relevant;

  for (guint i = 0; i < self->problems->len; i++)
    {
      VnlProblem *problem = self->problems->pdata[i];

      if (problem->object != NULL &&
          (g_hash_table_contains (names, problem->object) || text_names (why, problem->object)))
        g_ptr_array_add (relevant, problem);
    }
  return relevant;
}

static void
update_problems_label (VnlAnalysisPane *self)
{
  g_autoptr(GPtrArray) relevant = relevant_problems (self);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n_objects = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), relevant->len > 0);
  if (relevant->len == 0)
    return;
  for (guint i = 0; i < relevant->len; i++)
    {
      const char *object = ((VnlProblem *) relevant->pdata[i])->object;

      if (text_names (objects->str, object))
        continue;
      if (n_objects++ < 3)
        g_string_append_printf (objects, "%s%s", objects->len > 0 ? ", " : "", object);
      else if (n_objects == 4)
        g_string_append (objects, ", …");
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The design has %u problem that bears on this answer (%s): F8 lists it.",
                                       "The design has %u problems that bear on this answer (%s): F8 lists them.",
                                       relevant->len),
                          relevant->len, objects->str);
  gtk_label_set_text (self->problems_label, text);
}

void
vnl_analysis_pane_set_problems (VnlAnalysisPane *self,
                                GPtrArray       *problems)
{
  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (problems != NULL)
    self->problems = g_ptr_array_ref (problems);
  update_problems_label (self);
}

gboolean
vnl_analysis_pane_get_problems_shown (VnlAnalysisPane *self,
                                      const char     **text)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), FALSE);

  if (text != NULL)
    *text = gtk_label_get_text (self->problems_label);
  return gtk_widget_get_visible (GTK_WIDGET (self->problems_label));
}

static void
on_analysis_changed (VnlAnalysisPane *self)
{
  /* A closed pane shows nothing: its pages are filled when it opens (a
   * large design's What-if page alone has hundreds of check buttons,
   * which would delay the first paint of the design). */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      self->pages_stale = TRUE;
      redraw_canvas (self);
      return;
    }
  self->pages_stale = FALSE;
  update_path_page (self);
  update_watcher_page (self);
  update_npm_page (self);
  update_perspective_page (self);
  update_what_if_page (self);
  update_problems_label (self);
  redraw_canvas (self);
}

static void
on_busy_changed (VnlAnalysisPane *self)
{
  gboolean busy = vnl_analysis_is_busy (self->analysis);

  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    say (self, _("Recomputing routes in the background…"));
}

/* Canvas */

static void
draw_overlay (VnlCanvas *canvas,
              cairo_t   *cr,
              double     zoom,
              gpointer   data)
{
  VnlAnalysisPane *self = data;
  VnlRenderer *renderer = vnl_canvas_get_renderer (canvas);

  if (renderer == NULL || vnl_analysis_get_design (self->analysis) == NULL ||
      vnl_renderer_get_design (renderer) != vnl_analysis_get_design (self->analysis))
    return;
  /* A what-if failure shows whether the pane is open or not. */
  vnl_analysis_overlay_draw_what_if (renderer, self->analysis, cr, zoom);
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (page_is (self, "perspective"))
    {
      if (self->perspective != NULL && self->perspective_labels != NULL)
        vnl_analysis_overlay_draw_perspective (renderer, self->analysis, cr, zoom, self->perspective,
                                               self->perspective_labels, self->perspective_lit);
      return;
    }
  vnl_analysis_overlay_draw_path (renderer, self->analysis, cr, zoom, self->picked);
}

/* As draw_overlay() above decides what the canvas shows. */
char *
vnl_analysis_pane_get_view (VnlAnalysisPane *self)
{
  const char *from, *to;

  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  if (page_is (self, "perspective"))
    return self->perspective != NULL ? g_strconcat ("perspective:", self->perspective, NULL) : g_strdup ("design");
  from = vnl_analysis_get_from (self->analysis);
  to = vnl_analysis_get_to (self->analysis);
  if (from != NULL && to != NULL)
    return g_strdup_printf ("trace:%s:%s", from, to);
  return g_strdup ("design");
}

void
vnl_analysis_pane_pick (VnlAnalysisPane *self,
                        gpointer         object)
{
  VnlEndpoint *endpoint;
  g_autofree char *message = NULL;

  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));

  if (page_is (self, "perspective") && object != NULL &&
      (((VnlObject *) object)->kind == VNL_KIND_VNET || ((VnlObject *) object)->kind == VNL_KIND_SITE))
    {
      vnl_analysis_pane_set_perspective (self, ((VnlObject *) object)->name);
      return;
    }
  endpoint = vnl_analysis_endpoint_for (self->analysis, object);
  if (endpoint == NULL)
    {
      say (self, _("Pick an endpoint, or a VNet or site (it stands for its first endpoint)."));
      return;
    }
  if (self->picked == NULL)
    {
      self->picked = g_strdup (endpoint->parent.name);
      vnl_analysis_set_path (self->analysis, NULL, NULL);
      message = g_strdup_printf (_("Source %s — now click the destination."), self->picked);
    }
  else
    {
      g_autofree char *from = g_steal_pointer (&self->picked);
      vnl_analysis_set_path (self->analysis, from, endpoint->parent.name);
      if (!page_is (self, "watcher") && !page_is (self, "npm"))
        gtk_stack_set_visible_child_name (self->stack, "path");
      message = g_strdup_printf (_("Path %s → %s (Pick Path again for another)"), from, endpoint->parent.name);
      /* Two clicks make one path: clicks edit and select again after it. */
      g_object_set (self, "picking", FALSE, NULL);
    }
  say (self, message);
  redraw_canvas (self);
}

static void
on_canvas_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   VnlAnalysisPane *self)
{
  VnlRenderer *renderer = vnl_canvas_get_renderer (self->canvas);
  VnlViewport *viewport = vnl_canvas_get_viewport (self->canvas);
  gboolean perspective = page_is (self, "perspective") && gtk_widget_get_visible (GTK_WIDGET (self));
  double wx, wy;
  gpointer object;

  if ((!self->picking && !perspective) || renderer == NULL)
    return;
  vnl_viewport_to_world (viewport, x, y, &wx, &wy);
  object = vnl_renderer_hit_test (renderer, wx, wy, 6.0 / vnl_viewport_get_zoom (viewport));
  if (perspective && !self->picking)
    {
      /* Perspective picking only takes networks; other clicks edit as usual. */
      if (object == NULL || (((VnlObject *) object)->kind != VNL_KIND_VNET && ((VnlObject *) object)->kind != VNL_KIND_SITE))
        return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  vnl_analysis_pane_pick (self, object);
}

static void
on_canvas_selection_changed (VnlAnalysisPane *self)
{
  VnlObject *focus = vnl_viewport_get_focus (vnl_canvas_get_viewport (self->canvas));

  if (focus == NULL || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (page_is (self, "routes"))
    vnl_routes_view_set_node (VNL_ROUTES_VIEW (self->routes_view), focus->name);
}

void
vnl_analysis_pane_set_canvas (VnlAnalysisPane *self,
                              VnlCanvas       *canvas)
{
  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));
  g_return_if_fail (VNL_IS_CANVAS (canvas));

  g_set_weak_pointer (&self->canvas, canvas);
  vnl_canvas_set_overlay_func (canvas, draw_overlay, self, NULL);
  /* Path mode: a capture-phase click that claims the press before the
   * canvas's own select and drag gestures see it. */
  self->pick_gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->pick_gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->pick_gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (self->pick_gesture, "pressed", G_CALLBACK (on_canvas_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), GTK_EVENT_CONTROLLER (self->pick_gesture));
  g_object_add_weak_pointer (G_OBJECT (self->pick_gesture), (gpointer *) &self->pick_gesture);
  g_signal_connect_object (vnl_canvas_get_viewport (canvas), "selection-changed",
                           G_CALLBACK (on_canvas_selection_changed), self, G_CONNECT_SWAPPED);
}

static gboolean set_design_now (VnlAnalysisPane *self);

static void
cancel_design_later (VnlAnalysisPane *self)
{
  g_clear_handle_id (&self->design_idle, g_source_remove);
  if (self->design_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->design_clock, set_design_now, self);
  self->design_clock = NULL;
}

/* After the first frame of a large design: analyse it. */
static gboolean
set_design_now (VnlAnalysisPane *self)
{
  self->design_idle = 0;
  cancel_design_later (self);
  vnl_analysis_set_design (self->analysis, self->design);
  return G_SOURCE_REMOVE;
}

void
vnl_analysis_pane_set_document (VnlAnalysisPane *self,
                                VnlDesign       *design,
                                VnlHistory      *history)
{
  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));

  g_set_object (&self->design, design);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, update_scenarios, self);
  g_set_object (&self->history, history);
  /* Undo and redo of a saved scenario change the list. */
  if (history != NULL)
    g_signal_connect_swapped (history, "notify::can-undo", G_CALLBACK (update_scenarios), self);
  if (history != NULL)
    g_signal_connect_swapped (history, "notify::can-redo", G_CALLBACK (update_scenarios), self);
  g_clear_pointer (&self->picked, g_free);
  g_clear_pointer (&self->perspective, g_free);
  cancel_design_later (self);
  /* A large design is drawn first and analysed after: the analysis copies
   * it for its worker on this thread, which would cost as much again as
   * the first frame. */
  if (design != NULL && vnl_design_count (design) > VNL_ANALYSIS_ASYNC_OBJECTS)
    {
      GdkFrameClock *clock = self->canvas != NULL ? gtk_widget_get_frame_clock (GTK_WIDGET (self->canvas)) : NULL;

      vnl_analysis_set_design (self->analysis, NULL);
      if (clock != NULL)
        {
          self->design_clock = clock;
          g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_design_now), self);
        }
      else
        self->design_idle = g_idle_add_full (G_PRIORITY_LOW, (GSourceFunc) set_design_now, self, NULL);
      return;
    }
  vnl_analysis_set_design (self->analysis, design);
}

VnlAnalysis *
vnl_analysis_pane_get_analysis (VnlAnalysisPane *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), NULL);
  return self->analysis;
}

void
vnl_analysis_pane_show_page (VnlAnalysisPane *self,
                             const char      *page)
{
  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));
  gtk_stack_set_visible_child_name (self->stack, page);
}

GtkWidget *
vnl_analysis_pane_get_page_widget (VnlAnalysisPane *self,
                                   const char      *page)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), NULL);

  if (g_strcmp0 (page, "watcher") == 0)
    return self->nw_map;
  if (g_strcmp0 (page, "npm") == 0)
    return self->npm_map;
  if (g_strcmp0 (page, "routes") == 0)
    return self->routes_view;
  if (g_strcmp0 (page, "matrix") == 0)
    return self->matrix_view;
  return gtk_stack_get_child_by_name (self->stack, page);
}

void
vnl_analysis_pane_set_perspective (VnlAnalysisPane *self,
                                   const char      *network)
{
  g_return_if_fail (VNL_IS_ANALYSIS_PANE (self));

  if (g_strcmp0 (self->perspective, network) == 0)
    return;
  g_free (self->perspective);
  self->perspective = g_strdup (network);
  update_perspective_page (self);
  redraw_canvas (self);
}

char *
vnl_analysis_pane_get_path_text (VnlAnalysisPane *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), NULL);
  return g_strdup (self->path_text->str);
}

char *
vnl_analysis_pane_get_what_if_text (VnlAnalysisPane *self)
{
  g_return_val_if_fail (VNL_IS_ANALYSIS_PANE (self), NULL);
  return g_strdup (self->what_if_text->str);
}

/* The pane is as wide as the user made it (dragging its left edge; the
 * application keeps the width in GSettings), on every page: pages wider
 * than that scroll inside it. Neither showing the pane nor switching pages
 * touches the canvas's zoom: the canvas keeps its centre when it is
 * resized (see vnl-canvas.c). */
#define PANE_MIN_WIDTH 320
#define PANE_MAX_WIDTH 1400
#define RESIZE_EDGE    8

static void
set_pane_width (VnlAnalysisPane *self,
                int              width)
{
  width = CLAMP (width, PANE_MIN_WIDTH, PANE_MAX_WIDTH);
  if (width == self->pane_width)
    return;
  self->pane_width = width;
  gtk_widget_set_size_request (GTK_WIDGET (self), width, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANE_WIDTH]);
}

static void
on_resize_begin (GtkGestureDrag  *gesture,
                 double           x,
                 double           y,
                 VnlAnalysisPane *self)
{
  if (x > RESIZE_EDGE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->resize_from = self->pane_width;
}

static void
on_resize_update (GtkGestureDrag  *gesture,
                  double           dx,
                  double           dy,
                  VnlAnalysisPane *self)
{
  /* The pane is at the window's right: dragging its edge left widens it. */
  set_pane_width (self, self->resize_from - (int) dx);
}

static void
on_edge_motion (GtkEventControllerMotion *motion,
                double                    x,
                double                    y,
                VnlAnalysisPane          *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), x <= RESIZE_EDGE ? "col-resize" : NULL);
}

static void
on_page_changed (VnlAnalysisPane *self)
{
  redraw_canvas (self);
  update_problems_label (self);
  if (page_is (self, "routes") && self->canvas != NULL)
    on_canvas_selection_changed (self);
}

static void
on_visible_changed (VnlAnalysisPane *self)
{
  if (self->pages_stale && gtk_widget_get_visible (GTK_WIDGET (self)))
    on_analysis_changed (self);
  redraw_canvas (self);
}

static void
on_pair_activated (VnlAnalysisPane *self,
                   const char      *from,
                   const char      *to)
{
  g_clear_pointer (&self->picked, g_free);
  vnl_analysis_set_path (self->analysis, from, to);
  gtk_stack_set_visible_child_name (self->stack, "path");
}

/* Actions */

static void
clear_path_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);

  g_clear_pointer (&self->picked, g_free);
  vnl_analysis_set_path (self->analysis, NULL, NULL);
}

/* The path to an address typed in, from the source being picked or the
 * path's source: an address no part of the design holds is on the
 * Internet (vnl_network_trace()). */
static void
trace_to_address_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));
  g_autofree char *from = g_strdup (self->picked != NULL ? self->picked : vnl_analysis_get_from (self->analysis));
  g_autofree char *message = NULL;
  guint32 address;

  if (!vnl_ip_parse (text, &address))
    {
      message = g_strdup_printf (_("“%s” is not an IPv4 address."), text);
      say (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
      return;
    }
  if (from == NULL)
    {
      say (self, _("Pick the source first: press Pick Path and click an endpoint, then enter the address."));
      return;
    }
  g_clear_pointer (&self->picked, g_free);
  vnl_analysis_set_path (self->analysis, from, text);
  gtk_stack_set_visible_child_name (self->stack, "path");
  g_object_set (self, "picking", FALSE, NULL);
  message = g_strdup_printf (_("Path %s → %s (Pick Path again for another)"), from, text);
  say (self, message);
  redraw_canvas (self);
}

static void
on_address_activate (VnlAnalysisPane *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "analysis.trace-to-address", NULL);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (widget);
  g_autofree char *from = g_strdup (vnl_analysis_get_from (self->analysis));
  g_autofree char *to = g_strdup (vnl_analysis_get_to (self->analysis));

  if (from != NULL && to != NULL)
    vnl_analysis_set_path (self->analysis, to, from);
}

static void
vnl_analysis_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (object);

  switch (prop_id)
    {
    case PROP_PICKING:
      g_value_set_boolean (value, self->picking);
      break;
    case PROP_PANE_WIDTH:
      g_value_set_int (value, self->pane_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_analysis_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VnlAnalysisPane *self = VNL_ANALYSIS_PANE (object);

  switch (prop_id)
    {
    case PROP_PICKING:
      if (self->picking != g_value_get_boolean (value))
        {
          self->picking = g_value_get_boolean (value);
          g_clear_pointer (&self->picked, g_free);
          if (self->picking)
            say (self, _("Path mode: click the source, then the destination."));
          g_object_notify_by_pspec (object, properties[PROP_PICKING]);
          redraw_canvas (self);
        }
      break;
    case PROP_PANE_WIDTH:
      set_pane_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_analysis_pane_dispose (GObject *object)
{
  VnlAnalysisPane *self = (VnlAnalysisPane *) object;

  /* The canvas may be disposed first (it is the window's child too). */
  if (self->canvas != NULL)
    {
      vnl_canvas_set_overlay_func (self->canvas, NULL, NULL, NULL);
      if (self->pick_gesture != NULL &&
          gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (self->pick_gesture)) == GTK_WIDGET (self->canvas))
        gtk_widget_remove_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (self->pick_gesture));
    }
  if (self->pick_gesture != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->pick_gesture), (gpointer *) &self->pick_gesture);
  self->pick_gesture = NULL;
  cancel_design_later (self);
  g_clear_weak_pointer (&self->canvas);
  if (self->analysis != NULL)
    g_signal_handlers_disconnect_by_data (self->analysis, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_ANALYSIS_PANE);
  g_clear_object (&self->analysis);
  g_clear_object (&self->design);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, update_scenarios, self);
  g_clear_object (&self->history);
  g_clear_object (&self->networks);
  g_clear_object (&self->scenarios);
  g_clear_pointer (&self->toggles, g_hash_table_unref);
  g_clear_pointer (&self->picked, g_free);
  g_clear_pointer (&self->perspective, g_free);
  g_clear_pointer (&self->perspective_labels, g_hash_table_unref);
  g_clear_pointer (&self->perspective_lit, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->path_text != NULL)
    g_string_free (g_steal_pointer (&self->path_text), TRUE);
  if (self->what_if_text != NULL)
    g_string_free (g_steal_pointer (&self->what_if_text), TRUE);

  G_OBJECT_CLASS (vnl_analysis_pane_parent_class)->dispose (object);
}

static void
vnl_analysis_pane_class_init (VnlAnalysisPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vnl_analysis_pane_dispose;
  object_class->get_property = vnl_analysis_pane_get_property;
  object_class->set_property = vnl_analysis_pane_set_property;

  properties[PROP_PICKING] =
    g_param_spec_boolean ("picking", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The width the user gave the pane (the window binds it to GSettings). */
  properties[PROP_PANE_WIDTH] =
    g_param_spec_int ("pane-width", NULL, NULL, PANE_MIN_WIDTH, PANE_MAX_WIDTH, 480,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-analysis-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, pick_button);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, path_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, stack);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, switcher);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, address_entry);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, tracert_view);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, problems_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, hop_grid);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, return_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, watcher_box);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, watcher_grid);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, hops_scale);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, npm_scrolled);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, npm_agent_box);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, npm_agent_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, npm_agent_button);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, routes_box);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, matrix_scrolled);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, perspective_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, perspective_view);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, toggles_box);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, scenario_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, scenario_entry);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, scenario_label);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, whatif_title);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, changes_box);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, flow_protocol);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, flow_port);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, flow_source_port);
  gtk_widget_class_bind_template_child (widget_class, VnlAnalysisPane, flow_services);
  gtk_widget_class_bind_template_callback (widget_class, on_flow_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_npm_settings_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_perspective_picked);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_address_activate);

  gtk_widget_class_install_property_action (widget_class, "analysis.pick-path", "picking");
  gtk_widget_class_install_action (widget_class, "analysis.clear-path", NULL, clear_path_action);
  gtk_widget_class_install_action (widget_class, "analysis.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "analysis.trace-to-address", NULL, trace_to_address_action);
  gtk_widget_class_install_action (widget_class, "analysis.save-scenario", NULL, save_scenario_action);
  gtk_widget_class_install_action (widget_class, "analysis.load-scenario", NULL, load_scenario_action);
  gtk_widget_class_install_action (widget_class, "analysis.delete-scenario", NULL, delete_scenario_action);
  gtk_widget_class_install_action (widget_class, "analysis.clear-what-if", NULL, clear_what_if_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "analysis.clear-path", NULL);
}

static void
vnl_analysis_pane_init (VnlAnalysisPane *self)
{
  GtkWidget *child;

  self->analysis = vnl_analysis_new ();
  self->toggles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->path_text = g_string_new (NULL);
  self->what_if_text = g_string_new (NULL);
  self->networks = gtk_string_list_new (NULL);
  self->scenarios = gtk_string_list_new (NULL);
  self->npm_all_hops = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  setup_flow_picker (self);
  self->pane_width = 0;
  set_pane_width (self, 480);
  /* Page buttons as wide as their titles, not all as wide as the widest:
   * the switcher then fits the narrowest pane. */
  gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (self->switcher)), FALSE);
  {
    GtkGesture *resize = gtk_gesture_drag_new ();
    GtkEventController *edge = gtk_event_controller_motion_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (resize), GTK_PHASE_CAPTURE);
    g_signal_connect (resize, "drag-begin", G_CALLBACK (on_resize_begin), self);
    g_signal_connect (resize, "drag-update", G_CALLBACK (on_resize_update), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (resize));
    g_signal_connect (edge, "motion", G_CALLBACK (on_edge_motion), self);
    gtk_widget_add_controller (GTK_WIDGET (self), edge);
  }
  gtk_drop_down_set_model (self->perspective_drop, G_LIST_MODEL (self->networks));
  gtk_drop_down_set_model (self->scenario_drop, G_LIST_MODEL (self->scenarios));

  /* The Network Watcher topology goes between its heading and the grid. */
  self->nw_map = vnl_hop_map_new (VNL_HOP_MAP_NETWORK_WATCHER);
  child = gtk_widget_get_first_child (GTK_WIDGET (self->watcher_box));
  gtk_box_insert_child_after (self->watcher_box, self->nw_map, child);
  self->npm_map = vnl_hop_map_new (VNL_HOP_MAP_NPM);
  gtk_scrolled_window_set_child (self->npm_scrolled, self->npm_map);
  self->routes_view = vnl_routes_view_new (self->analysis);
  gtk_widget_set_vexpand (self->routes_view, TRUE);
  gtk_box_append (self->routes_box, self->routes_view);
  self->matrix_view = vnl_matrix_view_new (self->analysis);
  gtk_scrolled_window_set_child (self->matrix_scrolled, self->matrix_view);
  g_signal_connect_swapped (self->matrix_view, "pair-activated", G_CALLBACK (on_pair_activated), self);

  g_signal_connect_swapped (self->analysis, "changed", G_CALLBACK (on_analysis_changed), self);
  g_signal_connect_swapped (self->analysis, "notify::busy", G_CALLBACK (on_busy_changed), self);
  g_signal_connect (self, "notify::visible", G_CALLBACK (on_visible_changed), NULL);
  on_analysis_changed (self);
}
