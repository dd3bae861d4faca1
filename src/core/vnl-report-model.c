/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-report-private.h"
#include "vnl-lists.h"
#include "vnl-firewall.h"
#include "vnl-matrix.h"

/*
 * DOC: The report's table model
 *
 * Every table a report shows is built here once, as rows of strings with a
 * row style, so that the JSON-free writers (Markdown, HTML, and the PDF in
 * src/render) show the same content and differ only in how they draw it.
 * Cells hold plain text; "\n" separates lines within a cell. Column titles
 * and widths are static: a writer may use the widths (the PDF does) or not.
 */

const VnlKind _vnl_report_what_if_kinds[6] = {
  VNL_KIND_LINK, VNL_KIND_ER_CONNECTION, VNL_KIND_GLOBAL_REACH,
  VNL_KIND_S2S_CONNECTION, VNL_KIND_V2V_CONNECTION, VNL_KIND_PEERING,
};

/* Shared formatting */

const char *
_vnl_report_endpoint_name (VnlReport *report,
                           guint      i)
{
  return ((VnlObject *) report->endpoints->pdata[i])->name;
}

char *
_vnl_report_format_prefixes (GArray     *prefixes,
                             const char *separator)
{
  GString *out = g_string_new (NULL);

  vnl_prefix_list_join (out, prefixes, separator, G_MAXUINT);
  return g_string_free (out, FALSE);
}

char *
_vnl_report_format_ip (guint32 address)
{
  return address != 0 ? vnl_ip_to_string (address) : g_strdup ("");
}

char *
_vnl_report_format_rtt (double ms)
{
  if (ms < 0)
    return g_strdup (_("no reply"));
  if (ms < 1)
    return g_strdup ("<1 ms");
  return g_strdup_printf ("%.0f ms", ms);
}

void
_vnl_report_object_ends (gpointer     object,
                         const char **a,
                         const char **b)
{
  *a = *b = "";
  vnl_object_get_ends (object, a, b);
  if (*a == NULL)
    *a = "";
  if (*b == NULL)
    *b = "";
}

const char *
_vnl_report_route_state (VnlRouteTable *table,
                         VnlRouteRow   *row)
{
  if (table->kind == VNL_TABLE_VNET)
    return row->active ? "Active" : "Invalid";
  return row->best ? "Best" : "";
}

char *
vnl_report_route_why (VnlRouteTable *table,
                      VnlRouteRow   *row)
{
  gboolean vnet, won, said;
  const char *why;

  g_return_val_if_fail (table != NULL && row != NULL, NULL);

  /* The rung that decided, "lost: …" when the row lost. The rungs of
   * route tables (a user-defined route, the None routes a 0.0.0.0/0
   * removes, propagation off, an unusable next hop) are said whether or
   * not the row has a next hop address; a VNet's system route without one
   * lost to a gateway route. */
  vnet = table->kind == VNL_TABLE_VNET;
  won = row->best || (vnet && row->active);
  said = row->next_hop != NULL || (vnet && row->reason >= VNL_REASON_USER_DEFINED);
  if (vnet && !won && !said)
    return g_strdup (_("a gateway route for the same prefix wins"));
  if (!said)
    return g_strdup ("");
  why = _(vnl_reason_to_string (row->reason));
  return won ? g_strdup (why) : g_strdup_printf (_("lost: %s"), why);
}

/* Tables */

static void
row_free (VnlReportRow *row)
{
  g_strfreev (row->cells);
  g_free (row);
}

void
vnl_report_table_free (VnlReportTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_free (table->note);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

static VnlReportTable *
table_new (const char            *id,
           const char            *title,
           const VnlReportColumn *columns,
           guint                  n_columns)
{
  VnlReportTable *table = g_new0 (VnlReportTable, 1);

  table->id = id;
  table->title = g_strdup (title);
  table->columns = columns;
  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  return table;
}

/* Adds a row of n_columns cells (copied; NULL is ""). */
static void
table_add (VnlReportTable    *table,
           VnlReportRowStyle  style,
           const char       **cells)
{
  VnlReportRow *row = g_new0 (VnlReportRow, 1);

  row->style = style;
  row->cells = g_new0 (char *, table->n_columns + 1);
  for (guint c = 0; c < table->n_columns; c++)
    row->cells[c] = g_strdup (cells[c] != NULL ? cells[c] : "");
  g_ptr_array_add (table->rows, row);
}

static const char *
location_name (VnlDesign  *design,
               const char *name)
{
  VnlLocation *location = name != NULL ? vnl_design_lookup_kind (design, name, VNL_KIND_LOCATION)
                                       : NULL;

  return location != NULL && location->display_name != NULL ? location->display_name : name;
}

static VnlReportTable *
counts_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Object", 0.30, FALSE }, { "Count", 0.12, TRUE },
  };
  VnlReportTable *table = table_new ("counts", _("Objects"), columns, G_N_ELEMENTS (columns));

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      char count[16];
      guint c = vnl_design_get_objects (report->design, k)->len;

      if (c == 0)
        continue;
      g_snprintf (count, sizeof count, "%u", c);
      table_add (table, VNL_REPORT_ROW_PLAIN, (const char *[]) { vnl_kind_to_string (k), count });
    }
  return table;
}

/* Owner (VNet or site) → its members, in design order: one pass over the
 * members instead of one per owner. */
static GHashTable *
members_by_owner (GPtrArray *members,
                  gsize      owner_offset)
{
  GHashTable *by_owner = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < members->len; i++)
    {
      const char *owner = G_STRUCT_MEMBER (const char *, members->pdata[i], owner_offset);
      GPtrArray *list;

      if (owner == NULL)
        continue;
      if (!(list = g_hash_table_lookup (by_owner, owner)))
        g_hash_table_insert (by_owner, (gpointer) owner, list = g_ptr_array_new ());
      g_ptr_array_add (list, members->pdata[i]);
    }
  return by_owner;
}

static VnlReportTable *
vnets_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "VNet", 0.16, FALSE }, { "Location", 0.22, FALSE }, { "Address space", 0.22, TRUE },
    { "Subnets", 0.22, TRUE }, { "Gateways", 0.18, FALSE },
  };
  VnlDesign *design = report->design;
  VnlReportTable *table = table_new ("vnets", _("Virtual networks"), columns, G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  g_autoptr(GHashTable) gateways = members_by_owner (vnl_design_get_objects (design, VNL_KIND_GATEWAY),
                                                     G_STRUCT_OFFSET (VnlGateway, vnet));

  for (guint i = 0; i < objects->len; i++)
    {
      VnlVnet *vnet = objects->pdata[i];
      g_autofree char *spaces = _vnl_report_format_prefixes (vnet->address_spaces, "\n");
      g_autoptr(GString) subnets = g_string_new (NULL);
      g_autoptr(GString) gws = g_string_new (NULL);
      GPtrArray *own = g_hash_table_lookup (gateways, vnet->parent.name);

      for (guint s = 0; s < vnet->subnets->len; s++)
        {
          VnlSubnet *subnet = vnet->subnets->pdata[s];
          char buf[20];

          vnl_prefix_format (&subnet->prefix, buf);
          g_string_append_printf (subnets, "%s%s %s", s > 0 ? "\n" : "", buf, subnet->name);
        }
      for (guint g = 0; own != NULL && g < own->len; g++)
        g_string_append_printf (gws, "%s%s", g > 0 ? ", " : "", ((VnlObject *) own->pdata[g])->name);
      table_add (table, vnet->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                 (const char *[]) { vnet->parent.name, location_name (design, vnet->location),
                                    spaces, subnets->str, gws->str });
    }
  return table;
}

static VnlReportTable *
gateways_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Gateway", 0.16, FALSE }, { "VNet", 0.12, FALSE }, { "Type", 0.12, FALSE },
    { "SKU", 0.10, FALSE }, { "ASN", 0.08, TRUE }, { "Instances", 0.22, TRUE },
    { "BGP peer IP", 0.12, TRUE }, { "State", 0.08, FALSE },
  };
  VnlReportTable *table = table_new ("gateways", _("Gateways"), columns, G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (report->design, VNL_KIND_GATEWAY);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];
      g_autoptr(GString) instances = g_string_new (NULL);
      g_autofree char *bgp = NULL;
      g_autoptr(GString) bgp_list = g_string_new (NULL);
      char asn[16];

      g_snprintf (asn, sizeof asn, "%u", gw->asn);
      for (guint k = 0; gw->instances != NULL && k < gw->instances->len; k++)
        {
          char buf[16], apipa[16];

          vnl_ip_format (g_array_index (gw->instances, guint32, k), buf);
          g_string_append_printf (instances, "%s%s", k > 0 ? ", " : "", buf);
          /* Each instance of an active-active gateway has its own BGP
           * address; any instance may have a custom APIPA one. */
          if (gw->active_active && gw->type == VNL_GATEWAY_VPN)
            g_string_append_printf (bgp_list, "%s%s", k > 0 ? ", " : "", buf);
          if (vnl_gateway_get_instance_apipa (gw, k) != 0)
            {
              vnl_ip_format (vnl_gateway_get_instance_apipa (gw, k), apipa);
              g_string_append_printf (instances, " (APIPA %s)", apipa);
            }
        }
      bgp = bgp_list->len > 0 ? g_strdup (bgp_list->str) : _vnl_report_format_ip (gw->bgp_address);
      table_add (table, gw->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                 (const char *[]) { gw->parent.name, gw->vnet,
                                    gw->type == VNL_GATEWAY_EXPRESSROUTE ? "ExpressRoute" : "VPN",
                                    gw->sku, asn, instances->str, bgp,
                                    gw->parent.up ? "up" : "down" });
    }
  return table;
}

static VnlReportTable *
circuits_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Circuit", 0.12, FALSE }, { "Provider", 0.12, FALSE }, { "Peering location", 0.20, FALSE },
    { "Bandwidth", 0.10, FALSE }, { "Peer ASN", 0.08, TRUE },
    { "Primary link", 0.19, TRUE }, { "Secondary link", 0.19, TRUE },
  };
  VnlDesign *design = report->design;
  VnlReportTable *table = table_new ("circuits", _("ExpressRoute circuits"), columns,
                                     G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlCircuit *circuit = objects->pdata[i];
      g_autofree char *bw = g_strdup_printf ("%u Mbps", circuit->bandwidth_mbps);
      g_autofree char *asn = g_strdup_printf ("%u", circuit->peer_asn);
      char *links[2] = { NULL, NULL };

      for (guint l = 0; l < 2; l++)
        {
          VnlLink *link = circuit->links[l] != NULL
                          ? vnl_design_lookup_kind (design, circuit->links[l], VNL_KIND_LINK) : NULL;
          char subnet[20];

          if (link == NULL)
            continue;
          vnl_prefix_format (&link->subnet, subnet);
          links[l] = g_strdup_printf ("%s %s%s", link->parent.name, subnet,
                                      link->parent.up ? "" : " (down)");
        }
      table_add (table, circuit->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                 (const char *[]) { circuit->parent.name, circuit->provider,
                                    location_name (design, circuit->peering_location),
                                    bw, asn, links[0], links[1] });
      g_free (links[0]);
      g_free (links[1]);
    }
  return table;
}

static VnlReportTable *
sites_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Site", 0.14, FALSE }, { "Location", 0.24, FALSE }, { "Prefixes", 0.22, TRUE },
    { "CE routers", 0.40, FALSE },
  };
  VnlDesign *design = report->design;
  VnlReportTable *table = table_new ("sites", _("On-premises sites"), columns,
                                     G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  g_autoptr(GHashTable) routers = members_by_owner (vnl_design_get_objects (design, VNL_KIND_CE),
                                                    G_STRUCT_OFFSET (VnlCe, site));

  for (guint i = 0; i < objects->len; i++)
    {
      VnlSite *site = objects->pdata[i];
      g_autofree char *prefixes = _vnl_report_format_prefixes (site->prefixes, "\n");
      g_autoptr(GString) ces = g_string_new (NULL);
      GPtrArray *own = g_hash_table_lookup (routers, site->parent.name);

      for (guint c = 0; own != NULL && c < own->len; c++)
        {
          VnlCe *ce = own->pdata[c];
          g_string_append_printf (ces, "%s%s (AS %u)", c > 0 ? ", " : "", ce->parent.name, ce->asn);
        }
      table_add (table, site->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                 (const char *[]) { site->parent.name, location_name (design, site->location),
                                    prefixes, ces->str });
    }
  return table;
}

static char *
connection_details (VnlObject *object)
{
  if (object->kind == VNL_KIND_S2S_CONNECTION)
    return g_strdup_printf ("IKEv%u%s", ((VnlS2sConnection *) object)->ike_version,
                            ((VnlS2sConnection *) object)->bgp ? ", BGP" : "");
  if (object->kind == VNL_KIND_V2V_CONNECTION)
    return g_strdup (((VnlV2vConnection *) object)->bgp ? "BGP" : "static");
  if (object->kind == VNL_KIND_ER_CONNECTION)
    return g_strdup_printf ("weight %u", ((VnlErConnection *) object)->routing_weight);
  if (object->kind == VNL_KIND_PEERING)
    {
      VnlPeering *p = (VnlPeering *) object;
      return g_strdup (p->side[0].allow_gateway_transit || p->side[1].allow_gateway_transit
                       ? "gateway transit" : "");
    }
  if (object->kind == VNL_KIND_LINK)
    return g_strdup (((VnlLink *) object)->role == VNL_LINK_PRIMARY ? "primary" : "secondary");
  return g_strdup ("");
}

static VnlReportTable *
connections_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Connection", 0.22, FALSE }, { "Kind", 0.18, FALSE }, { "From", 0.18, FALSE },
    { "To", 0.18, FALSE }, { "Details", 0.16, FALSE }, { "State", 0.08, FALSE },
  };
  VnlReportTable *table = table_new ("connections", _("Connections and peerings"), columns,
                                     G_N_ELEMENTS (columns));

  for (guint k = 0; k < G_N_ELEMENTS (_vnl_report_what_if_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, _vnl_report_what_if_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autofree char *details = connection_details (object);
          const char *a, *b;

          _vnl_report_object_ends (object, &a, &b);
          table_add (table, object->up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                     (const char *[]) { object->name, vnl_kind_to_string (object->kind), a, b,
                                        details, object->up ? "up"
                                        : g_strv_contains ((const char * const *) report->what_if_down,
                                                           object->name) ? "down (what-if)" : "down" });
        }
    }
  return table;
}

/* "VNET/SUBNET, …" of a route table's or a security group's subnets
 * (VnlUdrSubnet*), appended to `out`. */
static void
append_subnets (GString   *out,
                GPtrArray *assocs)
{
  for (guint j = 0; j < assocs->len; j++)
    {
      VnlUdrSubnet *assoc = assocs->pdata[j];
      g_string_append_printf (out, "%s%s/%s", out->len > 0 ? ", " : "", assoc->vnet, assoc->subnet);
    }
}

/* The route tables (user-defined routes): a row per route, the table's
 * subnets and propagation on its first row. */
static VnlReportTable *
udr_tables_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Route table", 0.16, FALSE }, { "Subnets", 0.22, FALSE }, { "Gateway routes", 0.10, FALSE },
    { "Route", 0.14, FALSE }, { "Address prefix", 0.13, TRUE }, { "Next hop type", 0.15, FALSE },
    { "Next hop IP", 0.10, TRUE },
  };
  VnlReportTable *table = table_new ("route-tables", _("Route tables"), columns, G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (report->design, VNL_KIND_ROUTE_TABLE);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlUdrTable *rt = objects->pdata[i];
      g_autoptr(GString) subnets = g_string_new (NULL);
      const char *propagate = rt->propagate_gateway_routes ? "propagated" : "not propagated";

      append_subnets (subnets, rt->subnets);
      if (rt->routes->len == 0)
        table_add (table, rt->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                   (const char *[]) { rt->parent.name, subnets->str, propagate, "", "", "", "" });
      for (guint r = 0; r < rt->routes->len; r++)
        {
          VnlUdr *udr = rt->routes->pdata[r];
          g_autofree char *prefix = vnl_prefix_to_string (&udr->prefix);
          g_autofree char *ip = udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE ? _vnl_report_format_ip (udr->next_hop_ip)
                                                                          : g_strdup ("");

          table_add (table, rt->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                     (const char *[]) { r == 0 ? rt->parent.name : "", r == 0 ? subnets->str : "",
                                        r == 0 ? propagate : "", udr->name != NULL ? udr->name : "",
                                        prefix, _vnl_udr_next_hop_names[udr->next_hop], ip });
        }
    }
  return table;
}

/* The network security groups: a row per rule, their own then Azure's
 * default rules (the inspector's list, vnl-lists.c), the group's subnets
 * and NICs on its first row. */
static VnlReportTable *
nsg_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Group", 0.12, FALSE }, { "Associated with", 0.16, FALSE }, { "Rule", 0.12, FALSE },
    { "Priority", 0.06, TRUE }, { "Direction", 0.07, FALSE }, { "Access", 0.06, FALSE },
    { "Protocol", 0.06, FALSE }, { "Source", 0.11, TRUE }, { "Source ports", 0.06, TRUE },
    { "Destination", 0.12, TRUE }, { "Destination ports", 0.06, TRUE },
  };
  VnlReportTable *table = table_new ("security-groups", _("Network security groups"), columns,
                                     G_N_ELEMENTS (columns));
  GPtrArray *objects = vnl_design_get_objects (report->design, VNL_KIND_NSG);
  const VnlList *rules_list = NULL;

  for (const VnlList * const *l = vnl_lists_for_kind (VNL_KIND_NSG); *l != NULL; l++)
    if (g_str_equal ((*l)->key, "security-rules"))
      rules_list = *l;
  g_return_val_if_fail (rules_list != NULL && rules_list->n_columns == 9, table);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlNsg *nsg = objects->pdata[i];
      g_autoptr(GString) where = g_string_new (NULL);
      g_autoptr(GPtrArray) rows = vnl_list_get_rows (nsg, rules_list);

      append_subnets (where, nsg->subnets);
      for (guint j = 0; j < nsg->nics->len; j++)
        g_string_append_printf (where, "%s%s (NIC)", where->len > 0 ? ", " : "",
                                ((VnlNsgNic *) nsg->nics->pdata[j])->endpoint);
      for (guint r = 0; r < rows->len; r++)
        {
          char **cells = rows->pdata[r];

          table_add (table, nsg->parent.up ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                     (const char *[]) { r == 0 ? nsg->parent.name : "", r == 0 ? where->str : "",
                                        cells[0], cells[1], cells[2], cells[3], cells[4],
                                        cells[5], cells[6], cells[7], cells[8] });
        }
    }
  return table;
}

GPtrArray *
vnl_report_summary_tables (VnlReport *report)
{
  GPtrArray *tables;

  g_return_val_if_fail (report != NULL, NULL);

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_report_table_free);
  g_ptr_array_add (tables, counts_table (report));
  g_ptr_array_add (tables, vnets_table (report));
  g_ptr_array_add (tables, gateways_table (report));
  if (vnl_design_get_objects (report->design, VNL_KIND_CIRCUIT)->len > 0)
    g_ptr_array_add (tables, circuits_table (report));
  if (vnl_design_get_objects (report->design, VNL_KIND_SITE)->len > 0)
    g_ptr_array_add (tables, sites_table (report));
  g_ptr_array_add (tables, connections_table (report));
  if (vnl_design_get_objects (report->design, VNL_KIND_ROUTE_TABLE)->len > 0)
    g_ptr_array_add (tables, udr_tables_table (report));
  if (vnl_design_get_objects (report->design, VNL_KIND_NSG)->len > 0)
    g_ptr_array_add (tables, nsg_table (report));
  return tables;
}

VnlReportTable *
vnl_report_routes_table (VnlRouteTable *table)
{
  static const VnlReportColumn vnet_columns[] = {
    { "Source", 0.16, FALSE }, { "State", 0.07, FALSE }, { "Address prefix", 0.14, TRUE },
    { "Next hop type", 0.16, FALSE }, { "Next hop IP", 0.20, TRUE }, { "Why", 0.27, FALSE },
  };
  static const VnlReportColumn bgp_columns[] = {
    { "", 0.03, FALSE }, { "Network", 0.13, TRUE }, { "Next hop", 0.15, TRUE },
    { "LocPrf", 0.06, TRUE }, { "Weight", 0.07, TRUE }, { "AS path", 0.12, TRUE },
    { "Learned from", 0.17, FALSE }, { "Why", 0.27, FALSE },
  };
  gboolean vnet;
  VnlReportTable *model;

  g_return_val_if_fail (table != NULL, NULL);

  vnet = table->kind == VNL_TABLE_VNET;
  model = vnet ? table_new ("routes", table->title, vnet_columns, G_N_ELEMENTS (vnet_columns))
               : table_new ("routes", table->title, bgp_columns, G_N_ELEMENTS (bgp_columns));
  /* Why routes are missing (a BGP session Azure dropped over its prefix
   * limit): under the title in every format. */
  model->note = g_strdup (table->note);
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *why = vnl_report_route_why (table, row);
      char prefix[20], weight[16], pref[16];

      vnl_prefix_format (&row->prefix, prefix);
      if (vnet)
        table_add (model, row->active ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_INACTIVE,
                   (const char *[]) { row->source, _vnl_report_route_state (table, row), prefix,
                                      row->next_hop_type, row->next_hop, why });
      else
        {
          g_snprintf (weight, sizeof weight, "%u", row->weight);
          g_snprintf (pref, sizeof pref, "%u", row->local_pref);
          table_add (model, row->best ? VNL_REPORT_ROW_BEST : VNL_REPORT_ROW_PLAIN,
                     (const char *[]) { row->best ? ">" : "", prefix, row->next_hop, pref, weight,
                                        row->as_path != NULL && *row->as_path ? row->as_path : "i",
                                        row->learned_from != NULL ? row->learned_from : row->source,
                                        why });
        }
    }
  return model;
}

/* The route tables a report shows: every route of every table, or in an
 * overview (whose tables run to hundreds of thousands of routes) one
 * table of counts per node that says where the routes are. */
static VnlReportTable *
routes_counts_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Node", 0.40, FALSE }, { "Table", 0.20, FALSE },
    { "Routes", 0.20, TRUE }, { "Best or active", 0.20, TRUE },
  };
  static const char *kinds[] = { "VNet", "gateway", "MSEE", "CE router", "local network gateway" };
  VnlReportTable *table = table_new ("routes", _("Route tables"), columns, G_N_ELEMENTS (columns));
  guint64 total = 0;
  char n_total[24];

  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *routes = report->tables->pdata[t];
      char n_rows[16], n_best[16];
      guint best = 0;

      for (guint r = 0; r < routes->rows->len; r++)
        {
          VnlRouteRow *row = routes->rows->pdata[r];
          best += routes->kind == VNL_TABLE_VNET ? row->active : row->best;
        }
      total += routes->rows->len;
      g_snprintf (n_rows, sizeof n_rows, "%u", routes->rows->len);
      g_snprintf (n_best, sizeof n_best, "%u", best);
      table_add (table, VNL_REPORT_ROW_PLAIN,
                 (const char *[]) { routes->node, kinds[routes->kind], n_rows, n_best });
    }
  g_snprintf (n_total, sizeof n_total, "%" G_GUINT64_FORMAT, total);
  g_autoptr(GString) note = g_string_new (NULL);
  g_string_printf (note, _("This overview counts the routes of its %u tables "
                           "(%s routes in all) instead of listing them: the JSON "
                           "report and the CSV (--table routes) hold every route, and "
                           "vnetlab-cli routes NODE shows one table."),
                   report->tables->len, n_total);
  /* The tables' own notes (a BGP session dropped over its prefix limit),
   * each once: several tables behind one session say the same. */
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint t = 0; t < report->tables->len; t++)
    {
      const char *own = ((VnlRouteTable *) report->tables->pdata[t])->note;
      if (own != NULL && g_hash_table_add (seen, (gpointer) own))
        g_string_append_printf (note, " %s", own);
    }
  table->note = g_string_free (g_steal_pointer (&note), FALSE);
  return table;
}

GPtrArray *
vnl_report_routes_tables (VnlReport *report)
{
  GPtrArray *tables;

  g_return_val_if_fail (report != NULL, NULL);

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_report_table_free);
  if (report->overview)
    g_ptr_array_add (tables, routes_counts_table (report));
  else
    for (guint t = 0; t < report->tables->len; t++)
      g_ptr_array_add (tables, vnl_report_routes_table (report->tables->pdata[t]));
  return tables;
}

/* Reachability per network */

typedef struct
{
  const char *name;        /* borrowed: VNet or site */
  guint       endpoints;
  guint64     pairs;       /* ordered pairs from its endpoints */
  guint64     replied;
  guint       reached;     /* other networks with a replying pair */
} NetworkReach;

typedef struct
{
  GHashTable *index;       /* borrowed: name → position in nets + 1 */
  GArray     *nets;        /* borrowed, of NetworkReach */
} ReachCount;

static gboolean
count_owner_pair (const VnlMatrixOwnerPair *pair,
                  gpointer                  user_data)
{
  ReachCount *count = user_data;
  guint k = GPOINTER_TO_UINT (g_hash_table_lookup (count->index, pair->from));
  NetworkReach *from;

  g_assert (k > 0);
  from = &g_array_index (count->nets, NetworkReach, k - 1);
  from->pairs += pair->pairs;
  from->replied += pair->reachable;
  from->reached += pair->reachable > 0 && !g_str_equal (pair->from, pair->to);
  return TRUE;
}

VnlReportTable *
vnl_report_reach_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Network", 0.24, FALSE }, { "Endpoints", 0.12, TRUE },
    { "Pairs from it", 0.16, TRUE }, { "Get a reply", 0.16, TRUE },
    { "No reply", 0.16, TRUE }, { "Networks reached", 0.16, TRUE },
  };
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) nets = g_array_new (FALSE, TRUE, sizeof (NetworkReach));
  ReachCount count = { index, nets };
  VnlReportTable *table;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  /* Networks in the order of their first endpoint, as the matrix's owners. */
  n = report->endpoints->len;
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *ep = report->endpoints->pdata[i];
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, ep->owner));

      if (k == 0)
        {
          NetworkReach net = { ep->owner, 0, 0, 0, 0 };

          g_array_append_val (nets, net);
          g_hash_table_insert (index, ep->owner, GUINT_TO_POINTER (k = nets->len));
        }
      g_array_index (nets, NetworkReach, k - 1).endpoints++;
    }
  vnl_matrix_foreach_owner_pair (report->matrix, count_owner_pair, &count);

  table = table_new ("reach", _("Reachability per network"), columns, G_N_ELEMENTS (columns));
  for (guint k = 0; k < nets->len; k++)
    {
      NetworkReach *net = &g_array_index (nets, NetworkReach, k);
      char endpoints[16], pairs[24], replied[24], none[24], reached[16];

      g_snprintf (endpoints, sizeof endpoints, "%u", net->endpoints);
      g_snprintf (pairs, sizeof pairs, "%" G_GUINT64_FORMAT, net->pairs);
      g_snprintf (replied, sizeof replied, "%" G_GUINT64_FORMAT, net->replied);
      g_snprintf (none, sizeof none, "%" G_GUINT64_FORMAT, net->pairs - net->replied);
      g_snprintf (reached, sizeof reached, "%u", net->reached);
      table_add (table, net->replied == 0 && net->pairs > 0 ? VNL_REPORT_ROW_DOWN : VNL_REPORT_ROW_PLAIN,
                 (const char *[]) { net->name, endpoints, pairs, replied, none, reached });
    }
  return table;
}

/* Flows of the matrix */

/* "nsg-app AllowWeb (200)", "azfw allow-spokes/web (200)": the check's
 * deciding rule, short. */
static char *
check_short (const VnlNsgCheck *check)
{
  const VnlFwHit *hit;
  const VnlNsgRule *rule;

  if (check->firewall == NULL)
    {
      rule = vnl_nsg_check_rule (check);
      return g_strdup_printf ("%s %s %s (%u)", check->group, vnl_nsg_direction_to_string (check->direction),
                              rule != NULL ? rule->name : "", rule != NULL ? rule->priority : 0);
    }
  if ((hit = vnl_nsg_check_fw_hit (check)) == NULL)
    return g_strdup_printf (_("%s default deny"), check->group);
  return g_strdup_printf ("%s %s/%s/%s (%u)", check->group, hit->group->name, hit->collection->name,
                          hit->rule->name, hit->collection->priority);
}

/* The rules that decided a trace, one line per group or firewall met. */
static char *
trace_rules (VnlTrace *trace)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; trace != NULL && i < trace->nsg_checks->len; i++)
    {
      g_autofree char *line = check_short (trace->nsg_checks->pdata[i]);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  VnlReportTable *table;
  guint64         pairs, allowed, denied;
  guint           listed, left_out;   /* network pairs with a denied flow */
} FlowCount;

static void
flow_count_row (VnlReportTable *table,
                const char     *from,
                const char     *to,
                guint64         pairs,
                guint64         allowed,
                guint64         denied)
{
  char p[24], a[24], d[24], u[24];

  g_snprintf (p, sizeof p, "%" G_GUINT64_FORMAT, pairs);
  g_snprintf (a, sizeof a, "%" G_GUINT64_FORMAT, allowed);
  g_snprintf (d, sizeof d, "%" G_GUINT64_FORMAT, denied);
  g_snprintf (u, sizeof u, "%" G_GUINT64_FORMAT, pairs - allowed - denied);
  table_add (table, denied > 0 ? VNL_REPORT_ROW_DOWN : VNL_REPORT_ROW_PLAIN,
             (const char *[]) { from, to, p, a, d, u });
}

/* Totals, and the pairs of networks some of whose flows are denied (the
 * first VNL_REPORT_MAX_LISTED_TRACES): a design of 1,000 VNets has a
 * million pairs of networks. */
static gboolean
count_flow_owner_pair (const VnlMatrixOwnerPair *pair,
                       gpointer                  user_data)
{
  FlowCount *count = user_data;

  count->pairs += pair->pairs;
  count->allowed += pair->reachable;
  count->denied += pair->denied;
  if (pair->denied == 0)
    return TRUE;
  if (count->listed >= VNL_REPORT_MAX_LISTED_TRACES)
    {
      count->left_out++;
      return TRUE;
    }
  count->listed++;
  flow_count_row (count->table, pair->from, pair->to, pair->pairs, pair->reachable, pair->denied);
  return TRUE;
}

VnlReportTable *
vnl_report_flows_table (VnlReport *report)
{
  static const VnlReportColumn pair_columns[] = {
    { "From", 0.16, FALSE }, { "To", 0.16, FALSE }, { "Verdict", 0.12, FALSE },
    { "At", 0.12, FALSE }, { "Rules", 0.44, FALSE },
  };
  static const VnlReportColumn network_columns[] = {
    { "From", 0.22, FALSE }, { "To", 0.22, FALSE }, { "Pairs", 0.14, TRUE },
    { "Allowed", 0.14, TRUE }, { "Denied", 0.14, TRUE }, { "Not routed", 0.14, TRUE },
  };
  g_autofree char *flow = NULL;
  g_autofree char *title = NULL;
  VnlReportTable *table;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  flow = vnl_flow_to_string (&report->flow);
  title = g_strdup_printf (_("Flows of the matrix: %s"), flow);
  n = report->endpoints->len;
  if (report->summarised)
    {
      FlowCount count = { NULL, 0, 0, 0, 0, 0 };

      table = table_new ("flows", title, network_columns, G_N_ELEMENTS (network_columns));
      count.table = table;
      vnl_matrix_foreach_owner_pair (report->matrix, count_flow_owner_pair, &count);
      /* The totals first, then the pairs of networks with a denied flow. */
      flow_count_row (table, _("all"), _("all"), count.pairs, count.allowed, count.denied);
      g_ptr_array_insert (table->rows, 0, g_ptr_array_steal_index (table->rows, table->rows->len - 1));
      table->note = g_strdup_printf (_("The matrix's flow is %s; the reply to an allowed flow is allowed "
                                       "(network security groups and Azure Firewall are stateful). This design "
                                       "has more than %u endpoints: the verdicts are counted per pair of "
                                       "networks (VNets and sites), all of them on the first row, then the "
                                       "%u pairs of networks with a denied flow%s; vnetlab-cli flow names the "
                                       "rule of a pair."),
                                     flow, VNL_REPORT_FULL_MAX_ENDPOINTS, count.listed,
                                     count.left_out > 0 ? _(" listed first (the others are counted on the "
                                                            "first row)") : "");
      return table;
    }

  table = table_new ("flows", title, pair_columns, G_N_ELEMENTS (pair_columns));
  table->note = g_strdup_printf (_("The matrix's flow is %s, from each endpoint to each other one; the reply "
                                   "to an allowed flow is allowed (network security groups and Azure Firewall "
                                   "are stateful). Rules: those that decided, in the order met."), flow);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlTrace *trace = i != j ? report->traces->pdata[i * n + j] : NULL;
        VnlMatrixCell cell;
        g_autofree char *rules = NULL;
        const char *verdict, *at = "";

        if (i == j)
          continue;
        cell = vnl_matrix_get_cell (report->matrix, i, j);
        verdict = cell == VNL_MATRIX_REACHABLE ? _("allowed") : cell == VNL_MATRIX_DENIED ? _("denied")
                                                                                        : _("not routed");
        if (trace != NULL && cell != VNL_MATRIX_UNROUTED)
          rules = trace_rules (trace);
        if (trace != NULL && cell == VNL_MATRIX_DENIED && trace->drop == VNL_DROP_DENIED && trace->drop_node != NULL)
          at = trace->drop_node;
        table_add (table, cell == VNL_MATRIX_REACHABLE ? VNL_REPORT_ROW_PLAIN : VNL_REPORT_ROW_DOWN,
                   (const char *[]) { _vnl_report_endpoint_name (report, i), _vnl_report_endpoint_name (report, j),
                                      verdict, at, rules });
      }
  return table;
}

/* What-ifs */

VnlReportTable *
vnl_report_what_if_table (VnlReport *report)
{
  static const VnlReportColumn columns[] = {
    { "Down", 0.26, FALSE }, { "Kind", 0.20, FALSE }, { "Pairs lost", 0.14, TRUE },
    { "Pairs rerouted", 0.14, TRUE }, { "Pairs gained", 0.14, TRUE }, { "Verdict", 0.12, FALSE },
  };
  /* An overview counts per pair of networks and looks for no reroutes. */
  static const VnlReportColumn overview_columns[] = {
    { "Down", 0.22, FALSE }, { "Kind", 0.16, FALSE }, { "Pairs lost", 0.11, TRUE },
    { "Pairs gained", 0.11, TRUE }, { "Networks", 0.10, TRUE }, { "Most affected", 0.18, FALSE },
    { "Verdict", 0.12, FALSE },
  };
  VnlReportTable *table;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->overview)
    {
      table = table_new ("what-if", _("What if a link is down"), overview_columns,
                         G_N_ELEMENTS (overview_columns));
      for (guint w = 0; w < report->what_ifs->len; w++)
        {
          VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
          char lost[16], gained[16], networks[16];

          g_snprintf (lost, sizeof lost, "%u", what_if->n_lost);
          g_snprintf (gained, sizeof gained, "%u", what_if->n_gained);
          g_snprintf (networks, sizeof networks, "%u", what_if->n_networks);
          table_add (table, what_if->n_lost > 0 ? VNL_REPORT_ROW_DOWN : VNL_REPORT_ROW_PLAIN,
                     (const char *[]) { what_if->object, vnl_kind_to_string (what_if->kind), lost,
                                        gained, networks, what_if->most_affected,
                                        what_if->n_lost > 0 ? "outage"
                                        : what_if->n_gained > 0 ? "gains" : "no outage" });
        }
      table->note = g_strdup (_("Pairs are ordered pairs of endpoints that get a ping reply, "
                                "counted per pair of networks (the JSON report lists those "
                                "counts); “Networks” are the VNets and sites with a pair lost "
                                "or gained. An overview does not look for rerouted pairs."));
      return table;
    }

  table = table_new ("what-if", _("What if a link is down"), columns, G_N_ELEMENTS (columns));
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      char lost[16], rerouted[16], gained[16];

      g_snprintf (lost, sizeof lost, "%u", what_if->n_lost);
      g_snprintf (rerouted, sizeof rerouted, "%u", what_if->n_rerouted);
      g_snprintf (gained, sizeof gained, "%u", what_if->n_gained);
      table_add (table, what_if->n_lost > 0 ? VNL_REPORT_ROW_DOWN : VNL_REPORT_ROW_PLAIN,
                 (const char *[]) { what_if->object, vnl_kind_to_string (what_if->kind), lost,
                                    rerouted, gained,
                                    what_if->n_lost > 0 ? "outage"
                                    : what_if->n_rerouted > 0 ? "fails over" : "no effect" });
    }
  /* The single failures are of what is up: the links and connections down
   * already are listed as such, not as failing over. */
  for (guint k = 0; k < G_N_ELEMENTS (_vnl_report_what_if_kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (report->design, _vnl_report_what_if_kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];

          if (object->up)
            continue;
          table_add (table, VNL_REPORT_ROW_PLAIN,
                     (const char *[]) { object->name, vnl_kind_to_string (object->kind), "—", "—", "—",
                                        g_strv_contains ((const char * const *) report->design_down, object->name)
                                        ? "down in the design" : "down in the what-if" });
        }
    }
  return table;
}

VnlReportTable *
vnl_report_changes_table (VnlReport       *report,
                          VnlReportWhatIf *what_if)
{
  static const VnlReportColumn columns[] = {
    { "From", 0.28, FALSE }, { "To", 0.28, FALSE }, { "Change", 0.14, FALSE },
    { "Ping before", 0.15, TRUE }, { "Ping after", 0.15, TRUE },
  };
  g_autofree char *title = NULL;
  VnlReportTable *table;

  g_return_val_if_fail (report != NULL && what_if != NULL, NULL);

  title = g_strdup_printf (_("%s down"), what_if->object);
  table = table_new ("changes", title, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < what_if->changes->len; i++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, i);
      g_autofree char *before = _vnl_report_format_rtt (change->rtt_before_ms);
      g_autofree char *after = _vnl_report_format_rtt (change->rtt_after_ms);

      table_add (table, change->kind == VNL_REPORT_CHANGE_LOST ? VNL_REPORT_ROW_DOWN
                                                                : VNL_REPORT_ROW_PLAIN,
                 (const char *[]) { _vnl_report_endpoint_name (report, change->from),
                                    _vnl_report_endpoint_name (report, change->to),
                                    vnl_report_change_kind_to_string (change->kind),
                                    before, after });
    }
  return table;
}

GPtrArray *
vnl_report_changes_tables (VnlReport *report)
{
  GPtrArray *tables;

  g_return_val_if_fail (report != NULL, NULL);

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_report_table_free);
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];

      if (what_if->changes->len > 0)
        g_ptr_array_add (tables, vnl_report_changes_table (report, what_if));
    }
  if (report->baseline != NULL)
    {
      VnlReportTable *changes = vnl_report_changes_table (report, report->baseline);

      g_free (changes->title);
      changes->title = g_strdup ("Compared with the design as drawn");
      changes->note = g_strdup_printf ("Taking %s down: %u pairs lost, %u rerouted, %u gained.",
                                       report->baseline->object, report->baseline->n_lost,
                                       report->baseline->n_rerouted, report->baseline->n_gained);
      g_ptr_array_add (tables, changes);
    }
  return tables;
}

/* Scope */

GArray *
vnl_report_listed_traces (VnlReport *report)
{
  GArray *pairs;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  n = report->overview ? 0 : report->endpoints->len;
  pairs = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = 0; p < n * n; p++)
    {
      if (report->traces->pdata[p] == NULL)
        continue;
      if (report->summarised && pairs->len >= VNL_REPORT_MAX_LISTED_TRACES)
        break;
      g_array_append_val (pairs, p);
    }
  return pairs;
}

char *
vnl_report_scope_note (VnlReport *report)
{
  char pairs[24];
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  if (!report->summarised)
    return NULL;
  n = report->endpoints->len;
  g_snprintf (pairs, sizeof pairs, "%" G_GUINT64_FORMAT, (guint64) n * (n - 1));
  if (report->overview)
    {
      char reachable[24];

      g_snprintf (reachable, sizeof reachable, "%" G_GUINT64_FORMAT,
                  vnl_matrix_count_reachable (report->matrix));
      return g_strdup_printf (_("This design has %u endpoints, %s ordered pairs: more than a "
                                "report of %u endpoints can trace. Reachability is summarised "
                                "per pair of networks (VNets and sites): %s pairs get a reply "
                                "(computed over %u equivalence classes of endpoints). No pair "
                                "is traced: trace the pairs of interest with vnetlab-cli "
                                "trace. %s"),
                              n, pairs, VNL_REPORT_TRACE_MAX_ENDPOINTS, reachable,
                              vnl_matrix_get_n_classes (report->matrix),
                              report->what_ifs->len > 0
                              ? _("The what-ifs count the pairs each failure loses or gains, "
                                  "per pair of networks, without reroutes; HTML, PDF and Markdown "
                                  "count the routes of each table.")
                              : _("No what-if is run at this size; HTML, PDF and Markdown count "
                                  "the routes of each table."));
    }
  return g_strdup_printf (_("This design has %u endpoints, %s ordered pairs: "
                            "too many to read one by one. The report shows reachability per "
                            "network instead of the endpoint matrix; only the %u pairs that "
                            "get a reply were traced, and %u of their traceroutes are listed "
                            "(the JSON and CSV traces hold them all). What-ifs look for pairs "
                            "lost or rerouted; pairs that get no reply are not traced, so pairs "
                            "gained are not looked for."),
                          n, pairs, report->n_traced,
                          MIN (report->n_traced, VNL_REPORT_MAX_LISTED_TRACES));
}
