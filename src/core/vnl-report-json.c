/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-report-private.h"
#include "vnl-kinds.h"

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

static void
jo_escape_or_null (GString    *out,
                   const char *text)
{
  if (text != NULL)
    jo_escape (out, text);
  else
    g_string_append (out, "null");
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

/* The flows of the matrix (vnl_report_flows_table()): per endpoint pair
 * or per network pair, as the note says; the rules that decided a pair as
 * an array, counts as numbers. */
static void
jo_flows (JsonOut   *j,
          VnlReport *report)
{
  g_autoptr(VnlReportTable) table = vnl_report_flows_table (report);

  jo_open (j, "flows", '{');
  jo_string (j, "per", report->summarised ? "network-pair" : "endpoint-pair");
  jo_string (j, "note", table->note);
  jo_open (j, "rows", '[');
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];

      jo_open (j, NULL, '{');
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *key = g_ascii_strdown (table->columns[c].title, -1);

          g_strdelimit (key, " ", '_');
          if (table->columns[c].mono)
            jo_int (j, key, g_ascii_strtoll (row->cells[c], NULL, 10));
          else if (g_str_equal (key, "rules"))
            {
              g_auto(GStrv) lines = g_strsplit (row->cells[c], "\n", -1);

              jo_open (j, key, '[');
              for (guint l = 0; lines[l] != NULL; l++)
                if (*lines[l] != '\0')
                  jo_string (j, NULL, lines[l]);
              jo_close (j, ']');
            }
          else
            jo_string (j, key, row->cells[c]);
        }
      jo_close (j, '}');
    }
  jo_close (j, ']');
  jo_close (j, '}');
}

/* A denied trace's drop: the hop it ends at (the TTL of the device that
 * dropped it, or the next one when a group denied it as it was to be
 * delivered) and the group or firewall check that denied it. */
static void
trace_denial_members (VnlTrace    *trace,
                      JsonBuilder *b)
{
  guint ttl = trace->hops->len + 1;

  for (guint i = trace->hops->len; i > 0; i--)
    if (g_strcmp0 (g_array_index (trace->hops, VnlHop, i - 1).node, trace->drop_node) == 0)
      {
        ttl = g_array_index (trace->hops, VnlHop, i - 1).ttl;
        break;
      }
  json_builder_set_member_name (b, "hop");
  json_builder_add_int_value (b, ttl);
  json_builder_set_member_name (b, "denied_by");
  vnl_nsg_check_to_json (trace->denied_by, b);
}

/* The flow a trace was filtered for and every group or firewall it met
 * (NSG diagnostics), in the order met. */
static void
trace_filter_members (VnlTrace    *trace,
                      JsonBuilder *b)
{
  json_builder_set_member_name (b, "flow");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol");
  json_builder_add_string_value (b, vnl_protocol_to_string (trace->flow.protocol));
  json_builder_set_member_name (b, "port");
  if (trace->flow.protocol == VNL_PROTO_ICMP)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, trace->flow.port);
  json_builder_set_member_name (b, "source_port");
  if (trace->flow.protocol == VNL_PROTO_ICMP)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, trace->flow.source_port);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "nsg_checks");
  json_builder_begin_array (b);
  for (guint i = 0; trace->nsg_checks != NULL && i < trace->nsg_checks->len; i++)
    vnl_nsg_check_to_json (trace->nsg_checks->pdata[i], b);
  json_builder_end_array (b);
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
      if (trace->drop == VNL_DROP_DENIED && trace->denied_by != NULL)
        trace_denial_members (trace, b);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "path");
  json_builder_begin_array (b);
  for (guint i = 0; i < trace->path->len; i++)
    json_builder_add_string_value (b, trace->path->pdata[i]);
  json_builder_end_array (b);

  trace_filter_members (trace, b);
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
  static const char *kinds[] = { "vnet", "gateway", "msee", "ce", "lng", "route-server", "appliance" };

  g_return_if_fail (table != NULL);
  g_return_if_fail (JSON_IS_BUILDER (b));

  add_string (b, "node", table->node);
  add_string (b, "table", kinds[table->kind]);
  add_string (b, "title", table->title);
  if (table->note != NULL)
    add_string (b, "note", table->note);
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

/* The design's objects as JSON (the report's "summary" member), each as
 * the table of kinds writes it (vnl_kind_object_to_json): the summary's
 * arrays name the kinds they list, a kind owned by another is nested in
 * its owner (a circuit's links, a site's CE routers), and a kind in
 * neither table is listed under "other" by its kind name — so that a new
 * kind appears in the report with no code here. */
static const struct
{
  const char *member;
  VnlKind     kind;
} summary_arrays[] = {
  { "locations", VNL_KIND_LOCATION },
  { "vnets", VNL_KIND_VNET },
  { "gateways", VNL_KIND_GATEWAY },
  { "circuits", VNL_KIND_CIRCUIT },
  { "sites", VNL_KIND_SITE },
  { "local_network_gateways", VNL_KIND_LNG },
  { "endpoints", VNL_KIND_ENDPOINT },
  /* Connections: never their shared keys (secrets stay in the design). */
  { "connections", VNL_KIND_ER_CONNECTION },
  { "connections", VNL_KIND_GLOBAL_REACH },
  { "connections", VNL_KIND_S2S_CONNECTION },
  { "connections", VNL_KIND_V2V_CONNECTION },
  { "connections", VNL_KIND_PEERING },
};

static const struct
{
  VnlKind     owner;
  VnlKind     kind;
  const char *member;
  const char *field;      /* the child's field naming its owner */
} summary_nested[] = {
  { VNL_KIND_CIRCUIT, VNL_KIND_LINK, "links", "circuit" },
  { VNL_KIND_SITE, VNL_KIND_CE, "ce_routers", "site" },
};

static gboolean
summary_lists (VnlKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (summary_arrays); i++)
    if (summary_arrays[i].kind == kind)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (summary_nested); i++)
    if (summary_nested[i].kind == kind)
      return TRUE;
  return FALSE;
}

static void
summary_object (VnlDesign   *design,
                VnlObject   *object,
                JsonBuilder *b)
{
  json_builder_begin_object (b);
  vnl_kind_object_to_json (object, b);
  for (guint n = 0; n < G_N_ELEMENTS (summary_nested); n++)
    {
      GPtrArray *children;

      if (summary_nested[n].owner != object->kind)
        continue;
      children = vnl_design_get_objects (design, summary_nested[n].kind);
      json_builder_set_member_name (b, summary_nested[n].member);
      json_builder_begin_array (b);
      for (guint i = 0; i < children->len; i++)
        {
          g_autofree char *owner = vnl_object_get_text (design, children->pdata[i],
                                                        summary_nested[n].field);

          if (g_strcmp0 (owner, object->name) == 0)
            summary_object (design, children->pdata[i], b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
summary_kind (VnlDesign   *design,
              VnlKind      kind,
              JsonBuilder *b)
{
  GPtrArray *objects = vnl_design_get_objects (design, kind);

  for (guint i = 0; i < objects->len; i++)
    summary_object (design, objects->pdata[i], b);
}

static void
json_summary (VnlReport   *report,
              JsonBuilder *b)
{
  VnlDesign *design = report->design;
  gboolean other = FALSE;

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    add_int (b, vnl_kind_to_string (k), vnl_design_get_objects (design, k)->len);
  json_builder_end_object (b);

  for (guint a = 0; a < G_N_ELEMENTS (summary_arrays); a++)
    {
      gboolean first = a == 0 || !g_str_equal (summary_arrays[a - 1].member, summary_arrays[a].member);
      gboolean last = a + 1 == G_N_ELEMENTS (summary_arrays) ||
                      !g_str_equal (summary_arrays[a + 1].member, summary_arrays[a].member);

      if (first)
        {
          json_builder_set_member_name (b, summary_arrays[a].member);
          json_builder_begin_array (b);
        }
      summary_kind (design, summary_arrays[a].kind, b);
      if (last)
        json_builder_end_array (b);
    }

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      if (summary_lists (k))
        continue;
      if (!other)
        {
          json_builder_set_member_name (b, "other");
          json_builder_begin_object (b);
          other = TRUE;
        }
      json_builder_set_member_name (b, vnl_kind_to_string (k));
      json_builder_begin_array (b);
      summary_kind (design, k, b);
      json_builder_end_array (b);
    }
  if (other)
    json_builder_end_object (b);

  json_builder_end_object (b);
}


/* Matrix */

typedef struct
{
  JsonOut            *j;
  VnlMatrixFlushFunc  flush;
  gpointer            flush_data;
  guint64             unlisted;   /* endpoint pairs of the owner pairs left out */
} OwnerPairWrite;

/* Only the pairs of owners some of whose endpoint pairs ping: 8,000 VNets
 * and 1,600 sites are 92 million pairs of owners, of which a few hundred
 * thousand reach each other; the others' endpoint pairs are counted in
 * "unlisted_pairs". */
static gboolean
write_owner_pair (const VnlMatrixOwnerPair *pair,
                  gpointer                  user_data)
{
  OwnerPairWrite *w = user_data;

  if (pair->reachable == 0)
    {
      w->unlisted += pair->pairs;
      return TRUE;
    }
  jo_key (w->j, NULL);
  g_string_append (w->j->out, "{ \"from\" : ");
  jo_escape (w->j->out, pair->from);
  g_string_append (w->j->out, ", \"to\" : ");
  jo_escape (w->j->out, pair->to);
  g_string_append_printf (w->j->out, ", \"pairs\" : %" G_GUINT64_FORMAT
                          ", \"reachable\" : %" G_GUINT64_FORMAT " }",
                          pair->pairs, pair->reachable);
  /* A write per megabyte, not per pair. */
  if (w->flush != NULL && w->j->out->len >= (1 << 20))
    w->flush (w->j->out, w->flush_data);
  return TRUE;
}

/**
 * vnl_matrix_write_json:
 *
 * The reachability matrix as the JSON object that both `vnetlab-cli matrix
 * --json` and the report's "matrix" member use (see vnl-matrix.h).
 */
void
vnl_matrix_write_json (VnlMatrix          *self,
                       GString            *out,
                       guint               depth,
                       guint               max_endpoints,
                       VnlMatrixRttFunc    rtt,
                       gpointer            rtt_data,
                       VnlMatrixFlushFunc  flush,
                       gpointer            flush_data)
{
  JsonOut j = { out, depth, TRUE };
  guint n;
  g_autofree guint64 *row = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  n = vnl_matrix_get_n_endpoints (self);
  row = g_new (guint64, MAX (vnl_matrix_row_words (self), 1));
  g_string_append_c (out, '{');
  j.depth++;
  jo_open (&j, "endpoints", '[');
  for (guint i = 0; i < n; i++)
    {
      VnlEndpoint *ep = vnl_matrix_get_endpoint (self, i);
      g_autofree char *address = _vnl_report_format_ip (ep->address);

      jo_open (&j, NULL, '{');
      jo_string (&j, "name", ep->parent.name);
      jo_string (&j, "address", *address != '\0' ? address : NULL);
      jo_string (&j, "owner", ep->owner);
      jo_close (&j, '}');
      if (flush != NULL && (i & 255) == 255)
        flush (out, flush_data);
    }
  jo_close (&j, ']');
  jo_int (&j, "classes", vnl_matrix_get_n_classes (self));
  jo_key (&j, "reachable_pairs");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, vnl_matrix_count_reachable (self));
  jo_bool (&j, "truncated", n > max_endpoints);

  if (n > max_endpoints)
    {
      OwnerPairWrite w = { &j, flush, flush_data, 0 };
      g_autofree char *note = g_strdup_printf (_("%u endpoints: more than %u, so the matrix is "
                                                 "summarised per pair of VNets and sites, listing "
                                                 "the pairs that reach each other; the endpoint "
                                                 "pairs of the others are counted in unlisted_pairs"),
                                               n, max_endpoints);

      jo_string (&j, "note", note);
      jo_open (&j, "owner_pairs", '[');
      vnl_matrix_foreach_owner_pair (self, write_owner_pair, &w);
      jo_close (&j, ']');
      jo_key (&j, "unlisted_pairs");
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, w.unlisted);
    }
  else
    for (guint table = 0; table < (rtt != NULL ? 2 : 1); table++)
      {
        jo_open (&j, table == 0 ? "reachable" : "rtt_ms", '[');
        for (guint i = 0; i < n; i++)
          {
            if (table == 0)
              vnl_matrix_get_row (self, i, row);
            jo_key (&j, NULL);
            g_string_append_c (out, '[');
            for (guint k = 0; k < n; k++)
              {
                if (k > 0)
                  g_string_append (out, ", ");
                if (table == 0)
                  g_string_append (out, vnl_matrix_row_bit (row, k) ? "true" : "false");
                else
                  jo_rtt_text (out, rtt (i, k, rtt_data));
              }
            g_string_append_c (out, ']');
            if (flush != NULL)
              flush (out, flush_data);
          }
        jo_close (&j, ']');
      }
  jo_close (&j, '}');
  if (flush != NULL)
    flush (out, flush_data);
}

static double
report_rtt (guint    from,
            guint    to,
            gpointer data)
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

/* An overview's what-if per pair of networks, one pair a line. */
static void
jo_owner_changes (JsonOut         *j,
                  VnlReportWhatIf *what_if)
{
  jo_int (j, "networks", what_if->n_networks);
  jo_string (j, "most_affected", what_if->most_affected);
  jo_open (j, "network_changes", '[');
  for (guint i = 0; i < what_if->owner_changes->len; i++)
    {
      VnlReportOwnerChange *change = &g_array_index (what_if->owner_changes, VnlReportOwnerChange, i);

      jo_key (j, NULL);
      g_string_append (j->out, "{ \"from\" : ");
      jo_escape (j->out, change->from);
      g_string_append (j->out, ", \"to\" : ");
      jo_escape (j->out, change->to);
      g_string_append_printf (j->out, ", \"lost\" : %u, \"gained\" : %u }", change->lost, change->gained);
    }
  jo_close (j, ']');
}

/* A route table, as vnl_route_table_add_json_members() shapes it, written
 * straight to the stream (a JsonBuilder per table was most of the time of
 * a large report), one route a line. */
static void
jo_route_table (JsonOut       *j,
                VnlRouteTable *table)
{
  static const char *kinds[] = { "vnet", "gateway", "msee", "ce", "lng", "route-server", "appliance" };

  jo_open (j, NULL, '{');
  jo_string (j, "node", table->node);
  jo_string (j, "table", kinds[table->kind]);
  jo_string (j, "title", table->title != NULL ? table->title : "");
  if (table->note != NULL)
    jo_string (j, "note", table->note);
  jo_open (j, "routes", '[');
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      char prefix[20];
      GString *out = j->out;

      vnl_prefix_format (&row->prefix, prefix);
      jo_key (j, NULL);
      g_string_append (out, "{ \"prefix\" : \"");
      g_string_append (out, prefix);
      g_string_append (out, "\", \"source\" : ");
      jo_escape (out, row->source != NULL ? row->source : "");
      g_string_append (out, ", \"next_hop_type\" : ");
      jo_escape_or_null (out, row->next_hop_type != NULL && *row->next_hop_type ? row->next_hop_type : NULL);
      g_string_append (out, ", \"next_hop\" : ");
      jo_escape_or_null (out, row->next_hop != NULL && *row->next_hop ? row->next_hop : NULL);
      g_string_append (out, ", \"learned_from\" : ");
      jo_escape_or_null (out, row->learned_from != NULL && *row->learned_from ? row->learned_from : NULL);
      /* "" is a locally originated route's (empty) AS path, not null. */
      g_string_append (out, ", \"as_path\" : ");
      jo_escape_or_null (out, row->as_path);
      g_string_append_printf (out, ", \"weight\" : %u, \"local_pref\" : %u, \"best\" : %s, "
                              "\"active\" : %s, \"reason\" : ",
                              row->weight, row->local_pref, row->best ? "true" : "false",
                              row->active ? "true" : "false");
      jo_escape (out, vnl_reason_to_string (row->reason));
      g_string_append (out, " }");
    }
  jo_close (j, ']');
  jo_close (j, '}');
}

static void
jo_trace (JsonOut   *j,
          VnlReport *report,
          guint      i,
          guint      k)
{
  VnlTrace *trace = vnl_report_get_trace (report, i, k);
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

static void
write_json (VnlReport     *report,
            GString       *out,
            VnlReportSink *sink,
            gpointer       user_data)
{
  JsonOut j = { NULL, 0, TRUE };
  guint n;

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
  jo_bool (&j, "overview", report->overview);
  {
    g_autofree char *note = vnl_report_scope_note (report);
    jo_string (&j, "note", note);
  }
  jo_close (&j, '}');

  /* The flow the matrix and the traces are for. */
  jo_open (&j, "flow", '{');
  jo_string (&j, "protocol", vnl_protocol_to_string (report->flow.protocol));
  if (report->flow.protocol != VNL_PROTO_ICMP)
    {
      jo_int (&j, "port", report->flow.port);
      jo_int (&j, "source_port", report->flow.source_port);
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
      jo_route_table (&j, report->tables->pdata[t]);
      _vnl_report_sink_maybe_flush (out, sink);
    }
  jo_close (&j, ']');

  jo_key (&j, "matrix");
  vnl_matrix_write_json (report->matrix, out, j.depth, VNL_MATRIX_JSON_MAX_ENDPOINTS,
                         report_rtt, report, sink->stream != NULL ? _vnl_report_sink_flush : NULL, sink);

  jo_flows (&j, report);

  jo_open (&j, "traces", '[');
  for (guint i = 0; i < (report->overview ? 0 : n); i++)
    for (guint k = 0; k < n; k++)
      if (report->traces->pdata[i * n + k] != NULL)
        {
          jo_trace (&j, report, i, k);
          _vnl_report_sink_maybe_flush (out, sink);
        }
  jo_close (&j, ']');

  jo_open (&j, "what_if", '[');
  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];

      jo_open (&j, NULL, '{');
      jo_string (&j, "down", what_if->object);
      jo_string (&j, "kind", vnl_kind_to_string (what_if->kind));
      jo_changes (&j, report, what_if);
      if (what_if->owner_changes != NULL)
        jo_owner_changes (&j, what_if);
      _vnl_report_sink_maybe_flush (out, sink);
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
  _vnl_report_sink_flush (out, sink);
}

char *
vnl_report_to_json (VnlReport *report)
{
  GString *out;
  VnlReportSink sink = { NULL, NULL };

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  write_json (report, out, &sink, NULL);
  return g_string_free (out, FALSE);
}

/* The JSON report streamed to @path, atomically. */
gboolean
_vnl_report_write_json (VnlReport   *report,
                        const char  *path,
                        GError     **error)
{
  return _vnl_report_write_streamed (report, path, write_json, NULL, error);
}
