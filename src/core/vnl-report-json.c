/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-report-private.h"

/*
 * The JSON report (data/vnetlab-report.schema.json), written as a stream:
 * the skeleton and the matrix are appended as text, and each element that
 * has structure (the design summary, one route table, one trace) is built
 * on its own with a JsonBuilder and appended, so that memory holds the
 * output and one element, never a tree of the whole report.
 */

/* Streaming output */

typedef struct
{
  GString  *out;      /* borrowed */
  guint     depth;
  gboolean  first;    /* no member yet at this depth */
} JsonOut;

static void
jo_indent (JsonOut *j)
{
  g_string_append_c (j->out, '\n');
  for (guint i = 0; i < j->depth; i++)
    g_string_append (j->out, "  ");
}

static void
jo_escape (GString    *out,
           const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* Starts a value: separator, new line, and "name" : inside objects. */
static void
jo_key (JsonOut    *j,
        const char *name)
{
  if (!j->first)
    g_string_append_c (j->out, ',');
  j->first = FALSE;
  if (j->depth > 0)
    jo_indent (j);
  if (name != NULL)
    {
      jo_escape (j->out, name);
      g_string_append (j->out, " : ");
    }
}

static void
jo_open (JsonOut    *j,
         const char *name,
         char        bracket)
{
  jo_key (j, name);
  g_string_append_c (j->out, bracket);
  j->depth++;
  j->first = TRUE;
}

static void
jo_close (JsonOut *j,
          char     bracket)
{
  gboolean empty = j->first;

  j->depth--;
  if (!empty)
    jo_indent (j);
  g_string_append_c (j->out, bracket);
  j->first = FALSE;
}

static void
jo_string (JsonOut    *j,
           const char *name,
           const char *value)
{
  jo_key (j, name);
  if (value != NULL)
    jo_escape (j->out, value);
  else
    g_string_append (j->out, "null");
}

static void
jo_int (JsonOut    *j,
        const char *name,
        gint64      value)
{
  jo_key (j, name);
  g_string_append_printf (j->out, "%" G_GINT64_FORMAT, value);
}

static void
jo_bool (JsonOut    *j,
         const char *name,
         gboolean    value)
{
  jo_key (j, name);
  g_string_append (j->out, value ? "true" : "false");
}

static void
jo_rtt_text (GString *out,
             double   ms)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (ms < 0)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, round (ms * 100) / 100));
}

/* Appends @node, indented at the current depth. */
static void
jo_node (JsonOut    *j,
         const char *name,
         JsonNode   *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  jo_key (j, name);
  for (const char *p = text; *p; p++)
    {
      g_string_append_c (j->out, *p);
      if (*p == '\n')
        for (guint i = 0; i < j->depth; i++)
          g_string_append (j->out, "  ");
    }
}

/* Appends the element built by @b. */
static void
jo_builder (JsonOut     *j,
            const char  *name,
            JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  jo_node (j, name, root);
}

void
vnl_trace_add_json_members (VnlTrace    *trace,
                            JsonBuilder *b)
{
  char addr[16];

  g_return_if_fail (trace != NULL);
  g_return_if_fail (JSON_IS_BUILDER (b));

  vnl_ip_format (trace->source, addr);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, addr);
  vnl_ip_format (trace->destination, addr);
  json_builder_set_member_name (b, "destination");
  json_builder_add_string_value (b, addr);
  json_builder_set_member_name (b, "reached");
  json_builder_add_boolean_value (b, trace->reached);
  json_builder_set_member_name (b, "one_way_ms");
  if (trace->reached)
    json_builder_add_double_value (b, round (trace->one_way_ms * 100) / 100);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "hops");
  json_builder_begin_array (b);
  for (guint i = 0; i < trace->hops->len; i++)
    {
      VnlHop *hop = &g_array_index (trace->hops, VnlHop, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ttl");
      json_builder_add_int_value (b, hop->ttl);
      json_builder_set_member_name (b, "address");
      if (hop->n_rtt > 0)
        {
          vnl_ip_format (hop->address, addr);
          json_builder_add_string_value (b, addr);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "rtt_ms");
      json_builder_begin_array (b);
      for (guint k = 0; k < hop->n_rtt; k++)
        json_builder_add_double_value (b, round (hop->rtt_ms[k] * 10) / 10);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "node");
      json_builder_add_string_value (b, hop->node);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, vnl_hop_kind_to_string (hop->kind));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "drop");
  if (trace->reached)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "node");
      if (trace->drop_node != NULL)
        json_builder_add_string_value (b, trace->drop_node);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, vnl_drop_reason_to_string (trace->drop));
      json_builder_set_member_name (b, "detail");
      json_builder_add_string_value (b, trace->drop_detail != NULL ? trace->drop_detail : "");
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "path");
  json_builder_begin_array (b);
  for (guint i = 0; i < trace->path->len; i++)
    json_builder_add_string_value (b, trace->path->pdata[i]);
  json_builder_end_array (b);
}


/* Route tables and design objects as JsonBuilder members */


static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

/**
 * vnl_route_table_add_json_members:
 *
 * Adds the members of a route table object (node, table kind, title and
 * its routes with the reason each best route won) to the object being
 * built by @b: the one shape of `vnetlab-cli routes --json` and the report.
 */
void
vnl_route_table_add_json_members (VnlRouteTable *table,
                                  JsonBuilder   *b)
{
  static const char *kinds[] = { "vnet", "gateway", "msee", "ce", "lng" };

  g_return_if_fail (table != NULL);
  g_return_if_fail (JSON_IS_BUILDER (b));

  add_string (b, "node", table->node);
  add_string (b, "table", kinds[table->kind]);
  add_string (b, "title", table->title);
  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);

      json_builder_begin_object (b);
      add_string (b, "prefix", prefix);
      add_string (b, "source", row->source);
      add_string_or_null (b, "next_hop_type", row->next_hop_type);
      add_string_or_null (b, "next_hop", row->next_hop);
      add_string_or_null (b, "learned_from", row->learned_from);
      /* "" is a locally originated route's (empty) AS path, not null. */
      json_builder_set_member_name (b, "as_path");
      if (row->as_path != NULL)
        json_builder_add_string_value (b, row->as_path);
      else
        json_builder_add_null_value (b);
      add_int (b, "weight", row->weight);
      add_int (b, "local_pref", row->local_pref);
      add_bool (b, "best", row->best);
      add_bool (b, "active", row->active);
      add_string (b, "reason", vnl_reason_to_string (row->reason));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_ip (JsonBuilder *b,
        const char  *name,
        guint32      address)
{
  g_autofree char *text = _vnl_report_format_ip (address);
  add_string_or_null (b, name, text);
}

static void
add_prefix_array (JsonBuilder *b,
                  const char  *name,
                  GArray      *prefixes)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; prefixes != NULL && i < prefixes->len; i++)
    {
      g_autofree char *text = vnl_prefix_to_string (&g_array_index (prefixes, VnlPrefix, i));
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
}

static void
add_rtt (JsonBuilder *b,
         const char  *name,
         double       ms)
{
  json_builder_set_member_name (b, name);
  if (ms < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (ms * 100) / 100);
}

static void
add_object_header (JsonBuilder *b,
                   VnlObject   *object)
{
  add_string (b, "name", object->name);
  add_string (b, "kind", vnl_kind_to_string (object->kind));
  add_bool (b, "up", object->up);
}

/* The design's objects as JSON (the report's "summary" member). Object
 * JSON lives in this one function so that it can become the kind table's
 * generic object-to-JSON later. */
static void
json_summary (VnlReport   *report,
              JsonBuilder *b)
{
  VnlDesign *design = report->design;
  GPtrArray *objects;

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    add_int (b, vnl_kind_to_string (k), vnl_design_get_objects (design, k)->len);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "locations");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  for (guint i = 0; i < objects->len; i++)
    {
      static const char *kinds[] = { "azure-region", "peering-location", "on-premises" };
      VnlLocation *location = objects->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "name", location->parent.name);
      add_string (b, "type", kinds[location->location_kind]);
      add_string_or_null (b, "display_name", location->display_name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "vnets");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlVnet *vnet = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &vnet->parent);
      add_string_or_null (b, "location", vnet->location);
      add_prefix_array (b, "address_spaces", vnet->address_spaces);
      json_builder_set_member_name (b, "subnets");
      json_builder_begin_array (b);
      for (guint s = 0; s < vnet->subnets->len; s++)
        {
          VnlSubnet *subnet = vnet->subnets->pdata[s];
          g_autofree char *prefix = vnl_prefix_to_string (&subnet->prefix);

          json_builder_begin_object (b);
          add_string (b, "name", subnet->name);
          add_string (b, "prefix", prefix);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "gateways");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &gw->parent);
      add_string (b, "vnet", gw->vnet);
      add_string (b, "type", gw->type == VNL_GATEWAY_EXPRESSROUTE ? "expressroute" : "vpn");
      add_string_or_null (b, "sku", gw->sku);
      add_int (b, "asn", gw->asn);
      json_builder_set_member_name (b, "instances");
      json_builder_begin_array (b);
      for (guint k = 0; gw->instances != NULL && k < gw->instances->len; k++)
        {
          g_autofree char *addr = vnl_ip_to_string (g_array_index (gw->instances, guint32, k));
          json_builder_add_string_value (b, addr);
        }
      json_builder_end_array (b);
      add_ip (b, "bgp_address", gw->bgp_address);
      add_ip (b, "public_address", gw->public_address);
      add_bool (b, "active_active", gw->active_active);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "circuits");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCircuit *circuit = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &circuit->parent);
      add_string_or_null (b, "provider", circuit->provider);
      add_string_or_null (b, "peering_location", circuit->peering_location);
      add_int (b, "bandwidth_mbps", circuit->bandwidth_mbps);
      add_string (b, "sku", circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? "premium" : "standard");
      add_int (b, "microsoft_asn", circuit->microsoft_asn);
      add_int (b, "peer_asn", circuit->peer_asn);
      add_int (b, "vlan", circuit->vlan);
      json_builder_set_member_name (b, "links");
      json_builder_begin_array (b);
      for (guint l = 0; l < 2; l++)
        {
          VnlLink *link = circuit->links[l] != NULL
                          ? vnl_design_lookup_kind (design, circuit->links[l], VNL_KIND_LINK) : NULL;
          g_autofree char *subnet = NULL;

          if (link == NULL)
            continue;
          subnet = vnl_prefix_to_string (&link->subnet);
          json_builder_begin_object (b);
          add_object_header (b, &link->parent);
          add_string (b, "role", link->role == VNL_LINK_PRIMARY ? "primary" : "secondary");
          add_string (b, "subnet", subnet);
          add_ip (b, "ce_address", link->ce_address);
          add_ip (b, "msee_address", link->msee_address);
          add_string_or_null (b, "ce", link->ce);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sites");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlSite *site = objects->pdata[i];
      g_autoptr(GPtrArray) ces = vnl_design_get_ces_of (design, site->parent.name);

      json_builder_begin_object (b);
      add_object_header (b, &site->parent);
      add_string_or_null (b, "location", site->location);
      add_prefix_array (b, "prefixes", site->prefixes);
      json_builder_set_member_name (b, "ce_routers");
      json_builder_begin_array (b);
      for (guint c = 0; ces != NULL && c < ces->len; c++)
        {
          VnlCe *ce = ces->pdata[c];

          json_builder_begin_object (b);
          add_object_header (b, &ce->parent);
          add_int (b, "asn", ce->asn);
          add_ip (b, "lan_address", ce->lan_address);
          add_ip (b, "tunnel_address", ce->tunnel_address);
          add_ip (b, "public_address", ce->public_address);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "local_network_gateways");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_LNG);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLng *lng = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &lng->parent);
      add_ip (b, "public_address", lng->public_address);
      add_prefix_array (b, "prefixes", lng->prefixes);
      add_int (b, "asn", lng->asn);
      add_ip (b, "bgp_address", lng->bgp_address);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *ep = objects->pdata[i];

      json_builder_begin_object (b);
      add_object_header (b, &ep->parent);
      add_string (b, "owner", ep->owner);
      add_ip (b, "address", ep->address);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Connections: never their shared keys. */
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint k = 0; k < G_N_ELEMENTS (_vnl_report_what_if_kinds); k++)
    {
      if (_vnl_report_what_if_kinds[k] == VNL_KIND_LINK)
        continue;
      objects = vnl_design_get_objects (design, _vnl_report_what_if_kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *a, *c;

          _vnl_report_object_ends (object, &a, &c);
          json_builder_begin_object (b);
          add_object_header (b, object);
          add_string (b, "a", a);
          add_string (b, "b", c);
          if (object->kind == VNL_KIND_S2S_CONNECTION)
            add_bool (b, "bgp", ((VnlS2sConnection *) object)->bgp);
          else if (object->kind == VNL_KIND_V2V_CONNECTION)
            add_bool (b, "bgp", ((VnlV2vConnection *) object)->bgp);
          else if (object->kind == VNL_KIND_ER_CONNECTION)
            add_int (b, "routing_weight", ((VnlErConnection *) object)->routing_weight);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
}


/* Matrix */

typedef double (*RttFunc) (gpointer data,
                           guint    from,
                           guint    to);

/* The one shape of an endpoint matrix in JSON: endpoints (name, address,
 * owner), "reachable" rows and, with @rtt, "rtt_ms" rows (null: no reply). */
static void
jo_matrix (JsonOut        *j,
           const char     *name,
           GPtrArray      *endpoints,
           const gboolean *matrix,
           RttFunc         rtt,
           gpointer        data)
{
  guint n = endpoints->len;

  jo_open (j, name, '{');
  jo_open (j, "endpoints", '[');
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *ep = endpoints->pdata[i];
      g_autofree char *address = _vnl_report_format_ip (ep->address);

      jo_open (j, NULL, '{');
      jo_string (j, "name", ep->parent.name);
      jo_string (j, "address", *address != '\0' ? address : NULL);
      jo_string (j, "owner", ep->owner);
      jo_close (j, '}');
    }
  jo_close (j, ']');
  for (guint table = 0; table < (rtt != NULL ? 2 : 1); table++)
    {
      jo_open (j, table == 0 ? "reachable" : "rtt_ms", '[');
      for (guint i = 0; i < n; i++)
        {
          jo_key (j, NULL);
          g_string_append_c (j->out, '[');
          for (guint k = 0; k < n; k++)
            {
              if (k > 0)
                g_string_append (j->out, ", ");
              if (table == 0)
                g_string_append (j->out, matrix[i * n + k] ? "true" : "false");
              else
                jo_rtt_text (j->out, rtt (data, i, k));
            }
          g_string_append_c (j->out, ']');
        }
      jo_close (j, ']');
    }
  jo_close (j, '}');
}

/**
 * vnl_matrix_to_json:
 *
 * The reachability matrix of @endpoints as the JSON object that both
 * `vnetlab-cli matrix --json` and the report's "matrix" member use.
 */
char *
vnl_matrix_to_json (GPtrArray      *endpoints,
                    const gboolean *matrix)
{
  GString *out;
  JsonOut j = { NULL, 0, TRUE };

  g_return_val_if_fail (endpoints != NULL, NULL);
  g_return_val_if_fail (matrix != NULL || endpoints->len == 0, NULL);

  out = g_string_new (NULL);
  j.out = out;
  jo_matrix (&j, NULL, endpoints, matrix, NULL, NULL);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static double
report_rtt (gpointer data,
            guint    from,
            guint    to)
{
  return vnl_report_get_rtt (data, from, to);
}

static void
jo_changes (JsonOut         *j,
            VnlReport       *report,
            VnlReportWhatIf *what_if)
{
  jo_int (j, "lost", what_if->n_lost);
  jo_int (j, "gained", what_if->n_gained);
  jo_int (j, "rerouted", what_if->n_rerouted);
  jo_open (j, "changes", '[');
  for (guint i = 0; i < what_if->changes->len; i++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, i);

      jo_open (j, NULL, '{');
      jo_string (j, "change", vnl_report_change_kind_to_string (change->kind));
      jo_string (j, "from", _vnl_report_endpoint_name (report, change->from));
      jo_string (j, "to", _vnl_report_endpoint_name (report, change->to));
      jo_key (j, "rtt_before_ms");
      jo_rtt_text (j->out, change->rtt_before_ms);
      jo_key (j, "rtt_after_ms");
      jo_rtt_text (j->out, change->rtt_after_ms);
      jo_close (j, '}');
    }
  jo_close (j, ']');
}

static void
jo_trace (JsonOut   *j,
          VnlReport *report,
          guint      i,
          guint      k)
{
  guint n = report->endpoints->len;
  VnlTrace *trace = report->traces->pdata[i * n + k];
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "from", _vnl_report_endpoint_name (report, i));
  add_string (b, "to", _vnl_report_endpoint_name (report, k));
  add_rtt (b, "rtt_ms", vnl_report_get_rtt (report, i, k));
  add_bool (b, "asymmetric", trace->asymmetric);
  vnl_trace_add_json_members (trace, b);
  json_builder_set_member_name (b, "return");
  if (trace->reverse != NULL)
    {
      json_builder_begin_object (b);
      vnl_trace_add_json_members (trace->reverse, b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  jo_builder (j, NULL, b);
}

char *
vnl_report_to_json (VnlReport *report)
{
  GString *out;
  JsonOut j = { NULL, 0, TRUE };
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  j.out = out;
  n = report->endpoints->len;
  jo_open (&j, NULL, '{');
  jo_string (&j, "format", "vnetlab-report");
  jo_int (&j, "version", 1);
  jo_string (&j, "generator", "vnetlab " PACKAGE_VERSION);
  jo_string (&j, "generated", report->generated);
  jo_string (&j, "title", vnl_report_get_title (report));
  jo_string (&j, "source", report->source != NULL && *report->source ? report->source : NULL);
  jo_open (&j, "down", '[');
  for (guint i = 0; report->down[i] != NULL; i++)
    jo_string (&j, NULL, report->down[i]);
  jo_close (&j, ']');
  /* The what-if apart from the design's own down objects (optional). */
  if (report->what_if_down[0] != NULL)
    {
      jo_open (&j, "scenario", '{');
      jo_string (&j, "name", report->scenario);
      jo_open (&j, "down", '[');
      for (guint i = 0; report->what_if_down[i] != NULL; i++)
        jo_string (&j, NULL, report->what_if_down[i]);
      jo_close (&j, ']');
      jo_close (&j, '}');
    }

  /* A summarised report says so (the schema's optional "scope"). */
  jo_open (&j, "scope", '{');
  jo_bool (&j, "summarised", report->summarised);
  jo_int (&j, "endpoints", n);
  jo_int (&j, "traced_pairs", report->n_traced);
  {
    g_autofree char *note = vnl_report_scope_note (report);
    jo_string (&j, "note", note);
  }
  jo_close (&j, '}');

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    json_summary (report, b);
    json_builder_end_object (b);
    /* json_summary adds the "summary" member to an object: unwrap it. */
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      jo_node (&j, "summary", json_object_get_member (json_node_get_object (root), "summary"));
    }
  }

  jo_open (&j, "routes", '[');
  for (guint t = 0; t < report->tables->len; t++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      vnl_route_table_add_json_members (report->tables->pdata[t], b);
      json_builder_end_object (b);
      jo_builder (&j, NULL, b);
    }
  jo_close (&j, ']');

  jo_matrix (&j, "matrix", report->endpoints, report->matrix, report_rtt, report);

  jo_open (&j, "traces", '[');
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n; k++)
      if (report->traces->pdata[i * n + k] != NULL)
        jo_trace (&j, report, i, k);
  jo_close (&j, ']');

  jo_open (&j, "what_if", '[');
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];

      jo_open (&j, NULL, '{');
      jo_string (&j, "down", what_if->object);
      jo_string (&j, "kind", vnl_kind_to_string (what_if->kind));
      jo_changes (&j, report, what_if);
      jo_close (&j, '}');
    }
  jo_close (&j, ']');

  if (report->baseline != NULL)
    {
      jo_open (&j, "baseline", '{');
      jo_changes (&j, report, report->baseline);
      jo_close (&j, '}');
    }
  else
    {
      jo_key (&j, "baseline");
      g_string_append (out, "null");
    }
  jo_close (&j, '}');
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}
