/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-compare"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vnl-compare.h"
#include "vnl-prefix.h"

/*
 * Each side becomes a list of Route (key, state); the key holds what must
 * be equal for two routes to be the same route, the state what may differ.
 * Azure's side is matched against vnetlab's one route at a time, so a
 * prefix reported twice (an active ExpressRoute route and an invalid VPN
 * one) matches two vnetlab rows.
 */

G_DEFINE_QUARK (vnl-compare-error-quark, vnl_compare_error)

typedef struct
{
  char     *key;            /* owned */
  char     *prefix;         /* owned */
  char     *type;           /* owned, nullable */
  char     *hop;            /* owned, nullable */
  char     *state;          /* owned */
  gboolean  matched;
} Route;

static void
route_free (Route *r)
{
  g_free (r->key);
  g_free (r->prefix);
  g_free (r->type);
  g_free (r->hop);
  g_free (r->state);
  g_free (r);
}

static void
diff_free (VnlDiff *d)
{
  g_free (d->prefix);
  g_free (d->next_hop_type);
  g_free (d->next_hop);
  g_free (d->azure);
  g_free (d->vnetlab);
  g_free (d);
}

void
vnl_comparison_free (VnlComparison *c)
{
  if (c == NULL)
    return;
  g_free (c->node);
  g_free (c->what);
  g_ptr_array_unref (c->diffs);
  g_free (c);
}

const char *
vnl_diff_kind_to_string (VnlDiffKind kind)
{
  switch (kind)
    {
    case VNL_DIFF_AZURE_ONLY:   return "azure-only";
    case VNL_DIFF_VNETLAB_ONLY: return "vnetlab-only";
    case VNL_DIFF_STATE:        return "differs";
    default:                    return "?";
    }
}

/* "VnetLocal", "Virtual network" → "virtualnetwork"… */
static char *
hop_type_key (const char *type)
{
  GString *s = g_string_new (NULL);

  for (const char *p = type != NULL ? type : ""; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  if (g_str_equal (s->str, "vnetlocal"))
    g_string_assign (s, "virtualnetwork");
  else if (g_str_equal (s->str, "vnetglobalpeering"))
    g_string_assign (s, "vnetpeering");
  return g_string_free (s, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* Addresses as a sorted, comma-separated list; "" for none. */
static char *
hops_key (GPtrArray *addresses)
{
  g_ptr_array_sort (addresses, compare_strings);
  g_ptr_array_add (addresses, NULL);
  char *joined = g_strjoinv (",", (char **) addresses->pdata);
  g_ptr_array_remove_index (addresses, addresses->len - 1);
  return joined;
}

static GPtrArray *
split_hops (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", ", ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0' && !g_str_equal (parts[i], "0.0.0.0"))
      g_ptr_array_add (out, g_strdup (parts[i]));
  return out;
}

static Route *
route_new (const char *prefix,
           const char *type,
           GPtrArray  *hops,
           const char *state)
{
  Route *r = g_new0 (Route, 1);
  g_autofree char *tk = hop_type_key (type);
  g_autofree char *hk = hops_key (hops);

  r->prefix = g_strdup (prefix);
  r->type = g_strdup (type);
  r->hop = hk[0] != '\0' ? g_strdup (hk) : NULL;
  r->state = g_strdup (state != NULL ? state : "");
  r->key = g_strdup_printf ("%s|%s|%s", prefix, tk, hk);
  return r;
}

static JsonArray *
route_list (const char  *data,
            gssize       length,
            const char  *file,
            JsonParser  *parser,
            GError     **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>"))
        msg += strlen ("<data>");
      g_set_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_SYNTAX, "%s%s", file, msg);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *value = json_object_get_member (json_node_get_object (root), "value");
      if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
        return json_node_get_array (value);
    }
  g_set_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_SHAPE,
               _("%s: $: not a route list (expected {\"value\": […]} or […])"), file);
  return NULL;
}

static GPtrArray *
string_list (JsonObject *o,
             const char *member)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  JsonNode *n = json_object_get_member (o, member);

  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (json_array_get_string_element (a, i) != NULL)
          g_ptr_array_add (out, g_strdup (json_array_get_string_element (a, i)));
    }
  else if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_string (n) != NULL)
    {
      g_ptr_array_unref (out);
      out = split_hops (json_node_get_string (n));
    }
  return out;
}

/* Matches @azure against @ours; the differences into @c. */
static void
match (VnlComparison *c,
       GPtrArray     *azure,
       GPtrArray     *ours)
{
  c->n_azure = azure->len;
  for (guint i = 0; i < azure->len; i++)
    {
      Route *a = azure->pdata[i];
      Route *found = NULL;

      for (guint j = 0; j < ours->len && found == NULL; j++)
        {
          Route *o = ours->pdata[j];
          if (!o->matched && g_str_equal (o->key, a->key) && g_ascii_strcasecmp (o->state, a->state) == 0)
            found = o;
        }
      for (guint j = 0; j < ours->len && found == NULL; j++)
        {
          Route *o = ours->pdata[j];
          if (!o->matched && g_str_equal (o->key, a->key))
            found = o;
        }
      if (found != NULL)
        found->matched = a->matched = TRUE;
      if (found != NULL && g_ascii_strcasecmp (found->state, a->state) == 0)
        {
          c->n_agree++;
          continue;
        }

      VnlDiff *d = g_new0 (VnlDiff, 1);
      d->kind = found != NULL ? VNL_DIFF_STATE : VNL_DIFF_AZURE_ONLY;
      d->prefix = g_strdup (a->prefix);
      d->next_hop_type = g_strdup (a->type);
      d->next_hop = g_strdup (a->hop);
      d->azure = g_strdup (a->state);
      d->vnetlab = found != NULL ? g_strdup (found->state) : NULL;
      g_ptr_array_add (c->diffs, d);
    }
  for (guint j = 0; j < ours->len; j++)
    {
      Route *o = ours->pdata[j];
      VnlDiff *d;

      if (o->matched)
        continue;
      d = g_new0 (VnlDiff, 1);
      d->kind = VNL_DIFF_VNETLAB_ONLY;
      d->prefix = g_strdup (o->prefix);
      d->next_hop_type = g_strdup (o->type);
      d->next_hop = g_strdup (o->hop);
      d->vnetlab = g_strdup (o->state);
      g_ptr_array_add (c->diffs, d);
    }
}

static GPtrArray *
our_table (VnlNetwork   *network,
           const char   *node,
           VnlTableKind  kind,
           GError      **error)
{
  g_autoptr(GError) local = NULL;
  GPtrArray *tables = vnl_network_get_tables (network, node, &local);

  if (tables == NULL || tables->len == 0 || ((VnlRouteTable *) tables->pdata[0])->kind != kind)
    {
      g_set_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_NODE, _("%s: no routing table in the design (%s)"),
                   node, local != NULL ? local->message : _("not a VNet or gateway"));
      g_clear_pointer (&tables, g_ptr_array_unref);
      return NULL;
    }
  return tables;
}

/* The comparison of @node's routes as Azure reports them (@azure, read
 * from @file for @what) with vnetlab's (@ours). */
static VnlComparison *
comparison_new (const char *node,
                const char *what,
                const char *file,
                GPtrArray  *azure,
                GPtrArray  *ours)
{
  VnlComparison *c = g_new0 (VnlComparison, 1);

  c->node = g_strdup (node);
  c->what = g_strdup_printf ("%s (%s)", what, file);
  c->diffs = g_ptr_array_new_with_free_func ((GDestroyNotify) diff_free);
  match (c, azure, ours);
  return c;
}

VnlComparison *
vnl_compare_effective_routes (VnlNetwork  *network,
                              const char  *name,
                              const char  *data,
                              gssize       length,
                              const char  *file,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) azure = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  g_autoptr(GPtrArray) tables = NULL;
  JsonArray *list;

  if (!(list = route_list (data, length, file, parser, error)))
    return NULL;
  /* A NIC's table is its subnet's, with the subnet's route table. */
  if (!(tables = our_table (network, name, VNL_TABLE_VNET, error)))
    return NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      g_autoptr(GPtrArray) prefixes = NULL;

      if (o == NULL || !json_object_has_member (o, "nextHopType"))
        {
          g_set_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_SHAPE,
                       _("%s: $.value[%u]: not an effective route (no nextHopType)"), file, i);
          return NULL;
        }
      prefixes = string_list (o, "addressPrefix");
      for (guint p = 0; p < prefixes->len; p++)
        {
          g_autoptr(GPtrArray) hops = string_list (o, "nextHopIpAddress");
          g_ptr_array_add (azure, route_new (prefixes->pdata[p], json_object_get_string_member (o, "nextHopType"),
                                             hops, json_object_get_string_member_with_default (o, "state", "Active")));
        }
    }

  VnlRouteTable *table = tables->pdata[0];
  for (guint i = 0; i < table->rows->len; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
      g_autoptr(GPtrArray) hops = NULL;

      /* What vnetlab shows as Invalid with these reasons Azure does not
       * list at all: "Azure removed the routes for the 10.0.0.0/8,
       * 192.168.0.0/16, and 100.64.0.0/10 address prefixes ... when the
       * user-defined route for the 0.0.0.0/0 address prefix was added",
       * and with propagation off "the system doesn't add routes" of the
       * gateways (articles/virtual-network/virtual-networks-udr-overview.md). */
      if (!row->active && (row->reason == VNL_REASON_UDR_DEFAULT || row->reason == VNL_REASON_PROPAGATION_OFF))
        continue;
      hops = split_hops (row->next_hop);
      g_ptr_array_add (ours, route_new (prefix, row->next_hop_type, hops, row->active ? "Active" : "Invalid"));
    }

  return comparison_new (table->node, name, file, azure, ours);
}

VnlComparison *
vnl_compare_learned_routes (VnlNetwork  *network,
                            const char  *gateway,
                            const char  *data,
                            gssize       length,
                            const char  *file,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) azure = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tables = NULL;
  JsonArray *list;

  if (!(list = route_list (data, length, file, parser, error)))
    return NULL;
  if (!(tables = our_table (network, gateway, VNL_TABLE_GATEWAY, error)))
    return NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *network_prefix = o != NULL ? json_object_get_string_member_with_default (o, "network", NULL) : NULL;
      g_autoptr(GPtrArray) hops = NULL;
      Route *r;

      if (network_prefix == NULL)
        {
          g_set_error (error, VNL_COMPARE_ERROR, VNL_COMPARE_ERROR_SHAPE,
                       _("%s: $.value[%u]: not a learned route (no network)"), file, i);
          return NULL;
        }
      hops = string_list (o, "nextHop");
      /* The state compared is the origin: Network, EBgp, IBgp. */
      r = route_new (network_prefix, NULL, hops, json_object_get_string_member_with_default (o, "origin", ""));
      /* Each instance reports its own copy: one route per network and hop. */
      if (!g_hash_table_add (seen, g_strdup_printf ("%s|%s", r->key, r->state)))
        {
          route_free (r);
          continue;
        }
      g_ptr_array_add (azure, r);
    }

  GPtrArray *rows = ((VnlRouteTable *) tables->pdata[0])->rows;
  for (guint i = 0; i < rows->len; i++)
    {
      VnlRouteRow *row = rows->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&row->prefix);
      g_autoptr(GPtrArray) hops = split_hops (row->next_hop);
      /* vnetlab's "Static" (a local network gateway's address space) is
       * what Azure lists with origin Network (assumed: the docs show
       * only BGP-learned examples). */
      g_autofree char *origin = g_strndup (row->source, strcspn (row->source, " ("));
      /* "Network (peered VNet)" is origin Network. */
      g_ptr_array_add (ours, route_new (prefix, NULL, hops, g_str_equal (origin, "Static") ? "Network" : origin));
    }

  return comparison_new (gateway, gateway, file, azure, ours);
}
