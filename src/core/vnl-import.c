/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vnl-import.h"
#include "vnl-arm.h"
#include "vnl-firewall.h"
#include "vnl-kinds.h"
#include "vnl-lists.h"
#include "vnl-nsg.h"
#include "vnl-prefix.h"
#include "vnl-regions.h"

/*
 * Records. Every resource of every input becomes one Rec: its lower-case
 * type and ID (the join key), its name, where it came from (file and JSON
 * path, for the report and for errors) and its JSON object. Members are
 * looked up with prop(), which accepts `obj.X` and `obj.properties.X` at
 * every step, so the flattened CLI shape and the wrapped ARM / Resource
 * Graph shape read alike. Inline children get records of their own with
 * the ID Azure gives them (or, in templates, parent ID + type + name);
 * `children` maps a parent key to them.
 *
 * Reading happens in dependency order (VNets before the gateways,
 * firewalls and NICs placed in their subnets, NICs before the route
 * servers' BGP connections that name their addresses and the load
 * balancers and security groups that name them, circuits before their
 * connections); `names` maps a key to the design object made from it (a
 * NIC's to its endpoint or appliance). Links whose authoritative side is
 * the referring resource (a subnet's routeTable.id and
 * networkSecurityGroup.id, a NIC's group and backend pools) are gathered
 * while reading it and applied when the target is read. A reference whose key has no object is a
 * reference outside the input: reported, and the object that needs it is
 * not made.
 */

G_DEFINE_QUARK (vnl-import-error-quark, vnl_import_error)

typedef struct
{
  char     *type;     /* owned, lower case, full: microsoft.network/virtualnetworks/subnets */
  char     *key;      /* owned, lower-case ID */
  char     *name;     /* owned */
  char     *file;     /* owned */
  char     *path;     /* owned, JSON path */
  JsonNode *node;     /* owned: the resource's object */
  gboolean  done;     /* reported */
} Rec;

struct _VnlImport
{
  GPtrArray  *records;    /* of Rec* (owned), input order */
  GHashTable *by_key;     /* key → Rec* (borrowed): the first of each ID */
  GHashTable *children;   /* parent key → GPtrArray of Rec* (borrowed) */
  GPtrArray  *report;     /* of VnlImportRow* (owned) */
  GPtrArray  *titles;     /* file basenames */
  JsonNode   *metadata;   /* owned, nullable: a template's metadata.vnetlab */
  char       *metadata_file; /* owned: the template it came from */
  /* During vnl_import_run () */
  VnlDesign  *design;     /* borrowed */
  GHashTable *names;      /* key → design name (owned) */
  GHashTable *pips;       /* public IP key → address (owned) */
  GHashTable *pairs;      /* "a\nb" of peerings, V2V, Global Reach → object name */
  GHashTable *rt_subnets; /* route table key → GPtrArray of subnet Rec* (borrowed) naming it */
  GHashTable *nsg_links;  /* group key → GPtrArray of subnet and NIC Rec* (borrowed) naming it */
  GHashTable *vms;        /* virtual machine key → the appliance made of its NICs */
  GHashTable *pools;      /* backend pool key → GPtrArray of NIC Rec* (borrowed) naming it */
  GPtrArray  *hub_tables; /* of hub route table Rec* (borrowed) whose routes are read last */
  GError     *error;      /* the first required property missing */
};

static void
rec_free (Rec *rec)
{
  g_free (rec->type);
  g_free (rec->key);
  g_free (rec->name);
  g_free (rec->file);
  g_free (rec->path);
  json_node_unref (rec->node);
  g_free (rec);
}

static void
row_free (VnlImportRow *row)
{
  g_free (row->file);
  g_free (row->path);
  g_free (row->type);
  g_free (row->name);
  g_free (row->object);
  g_free (row->message);
  g_free (row);
}

VnlImport *
vnl_import_new (void)
{
  VnlImport *self = g_new0 (VnlImport, 1);

  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) rec_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->report = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->titles = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
vnl_import_free (VnlImport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->records);
  g_hash_table_unref (self->by_key);
  g_hash_table_unref (self->children);
  g_ptr_array_unref (self->report);
  g_ptr_array_unref (self->titles);
  g_clear_pointer (&self->metadata, json_node_unref);
  g_free (self->metadata_file);
  g_free (self);
}

GPtrArray *
vnl_import_get_report (VnlImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->report;
}

guint
vnl_import_count (VnlImport       *self,
                  VnlImportStatus  status)
{
  guint n = 0;

  for (guint i = 0; i < self->report->len; i++)
    n += ((VnlImportRow *) self->report->pdata[i])->status == status;
  return n;
}

const char *
vnl_import_status_to_string (VnlImportStatus status)
{
  switch (status)
    {
    case VNL_IMPORT_READ:    return "read";
    case VNL_IMPORT_MERGED:  return "merged";
    case VNL_IMPORT_IGNORED: return "ignored";
    case VNL_IMPORT_OUTSIDE: return "outside";
    case VNL_IMPORT_UNKNOWN: return "unknown";
    default:                 return "?";
    }
}

const char *
vnl_import_row_get_short_type (const VnlImportRow *row)
{
  const char *type;

  g_return_val_if_fail (row != NULL, NULL);

  type = row->type != NULL ? row->type : "-";
  if (g_str_has_prefix (type, "microsoft.network/"))
    type += strlen ("microsoft.network/");
  return type;
}

char *
vnl_import_report_to_text (VnlImport *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (text, "%-8s %-34s %-22s %-22s %s\n", _("STATUS"), _("TYPE"), _("NAME"), _("OBJECT"),
                          _("WHERE / WHY"));
  for (guint i = 0; i < self->report->len; i++)
    {
      VnlImportRow *row = self->report->pdata[i];

      g_string_append_printf (text, "%-8s %-34s %-22s %-22s %s:%s: %s\n", vnl_import_status_to_string (row->status),
                              vnl_import_row_get_short_type (row), row->name != NULL ? row->name : "-",
                              row->object != NULL ? row->object : "-", row->file, row->path, row->message);
    }
  return g_string_free (text, FALSE);
}

char *
vnl_import_summary (VnlImport *self,
                    VnlDesign *design)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  return g_strdup_printf (_("%u objects from %u resources read; %u ignored, %u references outside the input, "
                            "%u values unknown until deployed"),
                          vnl_design_count (design), vnl_import_count (self, VNL_IMPORT_READ),
                          vnl_import_count (self, VNL_IMPORT_IGNORED), vnl_import_count (self, VNL_IMPORT_OUTSIDE),
                          vnl_import_count (self, VNL_IMPORT_UNKNOWN));
}

static void G_GNUC_PRINTF (5, 6)
add_row (VnlImport       *self,
         VnlImportStatus  status,
         Rec             *rec,
         const char      *object,
         const char      *format,
         ...)
{
  VnlImportRow *row = g_new0 (VnlImportRow, 1);
  va_list args;

  row->status = status;
  row->file = g_strdup (rec->file);
  row->path = g_strdup (rec->path);
  row->type = g_strdup (rec->type);
  row->name = g_strdup (rec->name);
  row->object = g_strdup (object);
  va_start (args, format);
  row->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->report, row);
  rec->done = TRUE;
}

/* JSON access: `obj.X` or `obj.properties.X` at every step of @path. */
static JsonNode *
prop (JsonNode   *node,
      const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      JsonObject *o;
      JsonNode *next = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      o = json_node_get_object (node);
      if (json_object_has_member (o, parts[i]))
        next = json_object_get_member (o, parts[i]);
      else if (json_object_has_member (o, "properties"))
        {
          JsonNode *p = json_object_get_member (o, "properties");
          if (JSON_NODE_HOLDS_OBJECT (p) && json_object_has_member (json_node_get_object (p), parts[i]))
            next = json_object_get_member (json_node_get_object (p), parts[i]);
        }
      node = next;
    }
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static const char *
prop_str (JsonNode   *node,
          const char *path)
{
  JsonNode *v = prop (node, path);

  if (v == NULL || !JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (v);
}

static JsonArray *
prop_array (JsonNode   *node,
            const char *path)
{
  JsonNode *v = prop (node, path);

  return v != NULL && JSON_NODE_HOLDS_ARRAY (v) ? json_node_get_array (v) : NULL;
}

static gboolean
prop_bool (JsonNode   *node,
           const char *path,
           gboolean    fallback)
{
  JsonNode *v = prop (node, path);

  if (v == NULL || !JSON_NODE_HOLDS_VALUE (v))
    return fallback;
  if (json_node_get_value_type (v) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (v);
  if (json_node_get_value_type (v) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (v), "true") == 0;
  return fallback;
}

/* A number, also when given as a string (`"asn": "65515"`); -1 if none. */
static gint64
prop_int (JsonNode   *node,
          const char *path)
{
  JsonNode *v = prop (node, path);

  if (v == NULL || !JSON_NODE_HOLDS_VALUE (v))
    return -1;
  if (json_node_get_value_type (v) == G_TYPE_INT64)
    return json_node_get_int (v);
  if (json_node_get_value_type (v) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (v);
  if (json_node_get_value_type (v) == G_TYPE_STRING)
    {
      guint64 n;
      if (g_ascii_string_to_unsigned (json_node_get_string (v), 10, 0, G_MAXUINT32, &n, NULL))
        return (gint64) n;
    }
  return -1;
}

/* The @i-th element of @array when it is a string, else NULL. */
static const char *
array_string (JsonArray *array,
              guint      i)
{
  JsonNode *e = array != NULL && i < json_array_get_length (array) ? json_array_get_element (array, i) : NULL;

  if (e == NULL || !JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (e);
}

static gboolean
prop_double (JsonNode   *node,
             const char *path,
             double     *value)
{
  JsonNode *v = prop (node, path);

  if (v == NULL || !JSON_NODE_HOLDS_VALUE (v)
      || (json_node_get_value_type (v) != G_TYPE_DOUBLE && json_node_get_value_type (v) != G_TYPE_INT64))
    return FALSE;
  *value = json_node_get_double (v);
  return TRUE;
}

/* The lower-case ID at @path ("subnet.id"), or NULL. */
static char *
prop_key (JsonNode   *node,
          const char *path)
{
  const char *id = prop_str (node, path);

  return id != NULL && id[0] != '\0' ? g_ascii_strdown (id, -1) : NULL;
}

/* The key of the resource @key is a child of (two segments up). */
static char *
parent_key (const char *key)
{
  const char *slash = strrchr (key, '/');

  if (slash == NULL || slash == key)
    return NULL;
  for (slash--; slash > key && *slash != '/'; slash--)
    ;
  return slash > key ? g_strndup (key, slash - key) : NULL;
}

static char *
key_group (const char *key)
{
  const char *g = key != NULL ? strstr (key, "/resourcegroups/") : NULL;

  if (g == NULL)
    return NULL;
  g += strlen ("/resourcegroups/");
  return g_strndup (g, strcspn (g, "/"));
}

/* Inputs into records */

typedef struct
{
  const char *parent;    /* lower-case type */
  const char *member;    /* the array of inline children */
  const char *segment;   /* the ID segment of the child type */
} InlineChildren;

static const InlineChildren inline_children[] = {
  { "microsoft.network/virtualnetworks", "subnets", "subnets" },
  { "microsoft.network/virtualnetworks", "virtualNetworkPeerings", "virtualNetworkPeerings" },
  { "microsoft.network/expressroutecircuits", "peerings", "peerings" },
  { "microsoft.network/expressroutecircuits/peerings", "connections", "connections" },
  { "microsoft.network/routetables", "routes", "routes" },
  { "microsoft.network/networksecuritygroups", "securityRules", "securityRules" },
  { "microsoft.network/networksecuritygroups", "defaultSecurityRules", "defaultSecurityRules" },
  { "microsoft.network/virtualhubs", "ipConfigurations", "ipConfigurations" },
  { "microsoft.network/virtualhubs", "bgpConnections", "bgpConnections" },
  { "microsoft.network/vpnsites", "vpnSiteLinks", "vpnSiteLinks" },
  { "microsoft.network/vpngateways", "connections", "vpnConnections" },
  { "microsoft.network/vpngateways/vpnconnections", "vpnLinkConnections", "vpnLinkConnections" },
  { "microsoft.network/expressroutegateways", "expressRouteConnections", "expressRouteConnections" },
};

static void add_record (VnlImport *self, const char *file, const char *path, const char *type,
                        const char *id, const char *name, JsonNode *node);

static void
add_inline_children (VnlImport  *self,
                     Rec        *parent,
                     const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (inline_children); i++)
    {
      const InlineChildren *c = &inline_children[i];
      JsonArray *array;

      if (!g_str_equal (parent->type, c->parent) || (array = prop_array (parent->node, c->member)) == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *child = json_array_get_element (array, j);
          const char *name = prop_str (child, "name");
          const char *child_id = prop_str (child, "id");
          /* The path as written: wrapped shapes hold it under properties. */
          gboolean wrapped = !json_object_has_member (json_node_get_object (parent->node), c->member);
          g_autofree char *path = g_strdup_printf ("%s.%s%s[%u]", parent->path, wrapped ? "properties." : "",
                                                   c->member, j);
          g_autofree char *type = g_strdup_printf ("%s/%s", parent->type, c->segment);
          g_autofree char *made = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (child) || name == NULL)
            continue;
          if (child_id == NULL)
            child_id = made = g_strdup_printf ("%s/%s/%s", id, c->segment, name);
          add_record (self, parent->file, path, type, child_id, name, child);
        }
    }
}

static void
add_record (VnlImport  *self,
            const char *file,
            const char *path,
            const char *type,
            const char *id,
            const char *name,
            JsonNode   *node)
{
  Rec *rec = g_new0 (Rec, 1);
  Rec *first;

  rec->type = g_ascii_strdown (type, -1);
  rec->key = g_ascii_strdown (id, -1);
  rec->name = g_strdup (name);
  rec->file = g_strdup (file);
  rec->path = g_strdup (path);
  rec->node = json_node_ref (node);
  g_ptr_array_add (self->records, rec);

  first = g_hash_table_lookup (self->by_key, rec->key);
  if (first != NULL)
    {
      add_row (self, VNL_IMPORT_MERGED, rec, NULL, _("the same resource as %s %s: read once"),
               first->file, first->path);
      return;
    }
  g_hash_table_insert (self->by_key, rec->key, rec);

  g_autofree char *pk = parent_key (rec->key);
  if (pk != NULL && strchr (rec->type + strlen ("microsoft.network/"), '/') != NULL)
    {
      GPtrArray *list = g_hash_table_lookup (self->children, pk);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->children, g_steal_pointer (&pk), list);
        }
      g_ptr_array_add (list, rec);
    }
  add_inline_children (self, rec, id);
}

static gboolean
add_resource (VnlImport   *self,
              const char  *file,
              const char  *path,
              JsonNode    *node,
              GError     **error)
{
  const char *type = prop_str (node, "type");
  const char *id = prop_str (node, "id");
  const char *name = prop_str (node, "name");

  if (type == NULL || id == NULL || name == NULL)
    {
      g_set_error (error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_NOT_AZURE,
                   _("%s: %s: not an Azure resource (it needs “id”, “name” and “type”)"), file, path);
      return FALSE;
    }
  add_record (self, file, path, type, id, name, node);
  return TRUE;
}

/* An ARM template: resources[] evaluated, with their children inline
 * (`resources[]` of a resource) or top level as "parent/child". */
static gboolean
add_template_resources (VnlImport     *self,
                        VnlArmContext *ctx,
                        const char    *file,
                        JsonArray     *resources,
                        const char    *base,
                        const char    *parent_type,
                        const char    *parent_names,
                        GError       **error)
{
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", base, i);
      g_autoptr(GPtrArray) unknowns = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) node = vnl_arm_evaluate_tree (ctx, json_array_get_element (resources, i), path,
                                                        unknowns, error);
      g_autofree char *type = NULL;
      g_autofree char *names = NULL;
      JsonNode *condition;
      Rec where = { NULL, NULL, NULL, (char *) file, path, NULL, FALSE };

      if (node == NULL)
        {
          g_prefix_error (error, "%s: ", file);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node) || prop_str (node, "type") == NULL || prop_str (node, "name") == NULL)
        {
          where.type = (char *) prop_str (node, "type");
          add_row (self, VNL_IMPORT_IGNORED, &where, NULL,
                   _("a resource without a type or name known before deployment"));
          for (guint k = 0; k < unknowns->len; k++)
            add_row (self, VNL_IMPORT_UNKNOWN, &where, NULL, "%s", (char *) unknowns->pdata[k]);
          continue;
        }

      type = parent_type != NULL && strchr (prop_str (node, "type"), '/') == NULL
             ? g_strdup_printf ("%s/%s", parent_type, prop_str (node, "type"))
             : g_strdup (prop_str (node, "type"));
      names = parent_names != NULL && strchr (prop_str (node, "name"), '/') == NULL
              ? g_strdup_printf ("%s/%s", parent_names, prop_str (node, "name"))
              : g_strdup (prop_str (node, "name"));
      where.type = g_ascii_strdown (type, -1);
      where.name = (char *) prop_str (node, "name");

      condition = prop (node, "condition");
      if (condition != NULL && JSON_NODE_HOLDS_VALUE (condition)
          && json_node_get_value_type (condition) == G_TYPE_BOOLEAN && !json_node_get_boolean (condition))
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, NULL, _("its condition is false: not deployed"));
          g_free (where.type);
          continue;
        }
      if (prop (node, "copy") != NULL)
        add_row (self, VNL_IMPORT_IGNORED, &where, NULL, _("copy loops are not expanded: one copy read"));
      for (guint k = 0; k < unknowns->len; k++)
        add_row (self, VNL_IMPORT_UNKNOWN, &where, NULL, "%s", (char *) unknowns->pdata[k]);
      g_free (where.type);

      g_autofree char *id = vnl_arm_resource_id (type, names);
      const char *last = strrchr (names, '/');
      add_record (self, file, path, type, id, last != NULL ? last + 1 : names, node);

      JsonNode *inner_node = json_object_get_member (json_node_get_object (node), "resources");
      JsonArray *inner = inner_node != NULL && JSON_NODE_HOLDS_ARRAY (inner_node) ? json_node_get_array (inner_node) : NULL;
      if (inner != NULL)
        {
          g_autofree char *sub = g_strdup_printf ("%s.resources", path);
          if (!add_template_resources (self, ctx, file, inner, sub, type, names, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
vnl_import_add_data (VnlImport   *self,
                     const char  *data,
                     gssize       length,
                     const char  *display_name,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  JsonArray *list = NULL;
  const char *base = "$";

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>"))
        msg += strlen ("<data>");
      g_set_error (error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_SYNTAX, "%s%s%s", display_name,
                   msg[0] == ':' ? "" : ": ", msg);
      return FALSE;
    }
  g_ptr_array_add (self->titles, g_path_get_basename (display_name));
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_NOT_AZURE, _("%s: empty file"), display_name);
      return FALSE;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    list = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);
      JsonNode *resources = json_object_get_member (o, "resources");
      JsonNode *data_member = json_object_get_member (o, "data");
      JsonNode *value = json_object_get_member (o, "value");

      if (resources != NULL && JSON_NODE_HOLDS_ARRAY (resources))
        {
          g_autoptr(VnlArmContext) ctx = vnl_arm_context_new (o);
          JsonNode *meta = prop (root, "metadata.vnetlab");

          /* What vnetlab's own export put beside the resources. */
          if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta) && self->metadata == NULL)
            {
              self->metadata = json_node_copy (meta);
              self->metadata_file = g_strdup (display_name);
            }
          return add_template_resources (self, ctx, display_name, json_node_get_array (resources),
                                         "$.resources", NULL, NULL, error);
        }
      if (data_member != NULL && JSON_NODE_HOLDS_ARRAY (data_member))
        list = json_node_get_array (data_member), base = "$.data";
      else if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
        list = json_node_get_array (value), base = "$.value";
      else if (json_object_has_member (o, "type") && json_object_has_member (o, "id"))
        return add_resource (self, display_name, "$", root, error);
    }
  if (list == NULL)
    {
      g_set_error (error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_NOT_AZURE,
                   _("%s: not Azure resources: expected a list (Azure CLI), {\"data\": […]} (Resource Graph), "
                     "{\"value\": […]} (REST) or a template with “resources”"), display_name);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", base, i);
      if (!add_resource (self, display_name, path, json_array_get_element (list, i), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
vnl_import_add_file (VnlImport   *self,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &data, &length, &local))
    {
      g_set_error (error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return vnl_import_add_data (self, data, length, path, error);
}

/* Building the design */

static void
missing (VnlImport  *self,
         Rec        *rec,
         const char *member)
{
  if (self->error == NULL)
    g_set_error (&self->error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_INVALID,
                 _("%s: %s.%s: %s “%s” has no %s"), rec->file, rec->path, member, rec->type, rec->name, member);
}

/* Sets a field through the table of kinds: values are checked as if typed. */
static void
set (VnlImport  *self,
     Rec        *rec,
     gpointer    object,
     const char *key,
     const char *text)
{
  VnlObject *o = object;
  g_autoptr(GError) local = NULL;
  const VnlField *field = vnl_kind_lookup_field (o->kind, key);
  gboolean ok;

  g_assert (field != NULL || vnl_lists_for_kind (o->kind)[0] != NULL);
  if (text == NULL || self->error != NULL)
    return;
  ok = field != NULL && field->type != VNL_FIELD_OTHER
       ? vnl_field_set_text (object, field, text, &local)
       : vnl_object_set_text (self->design, object, key, text, &local);
  if (!ok)
    g_set_error (&self->error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_INVALID, _("%s: %s: %s “%s”: %s"),
                 rec->file, rec->path, rec->type, rec->name, local->message);
}

static void
set_uint (VnlImport  *self,
          Rec        *rec,
          gpointer    object,
          const char *key,
          gint64      value)
{
  g_autofree char *text = NULL;

  if (value < 0)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  set (self, rec, object, key, text);
}

/* A design name for @wanted: the Azure name, else with its resource
 * group, else numbered (names are unique across the whole design). */
static char *
claim_name (VnlImport  *self,
            Rec        *rec,
            const char *wanted)
{
  g_autofree char *group = NULL;

  if (vnl_design_lookup (self->design, wanted) == NULL)
    return g_strdup (wanted);
  group = key_group (rec->key);
  if (group != NULL)
    {
      g_autofree char *with = g_strdup_printf ("%s-%s", wanted, group);
      if (vnl_design_lookup (self->design, with) == NULL)
        return g_steal_pointer (&with);
    }
  for (guint n = 2;; n++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s-%u", wanted, n);
      if (vnl_design_lookup (self->design, numbered) == NULL)
        return g_steal_pointer (&numbered);
    }
}

static gpointer
new_object (VnlImport  *self,
            Rec        *rec,
            VnlKind     kind,
            const char *wanted)
{
  g_autofree char *name = claim_name (self, rec, wanted != NULL ? wanted : rec->name);
  gpointer object = vnl_object_new (kind, name);

  vnl_design_add (self->design, object, NULL);
  if (rec->key != NULL && kind != VNL_KIND_LOCATION)
    g_hash_table_insert (self->names, g_strdup (rec->key), g_strdup (name));
  return object;
}

/* The design object made from the resource @key names, or NULL. */
static const char *
object_for (VnlImport  *self,
            const char *key)
{
  return key != NULL ? g_hash_table_lookup (self->names, key) : NULL;
}

/* The location named after an Azure region or peering location. */
static const char *
ensure_location (VnlImport       *self,
                 Rec             *rec,
                 const char      *azure_name,
                 VnlLocationKind  kind)
{
  g_autofree char *lower = NULL;
  g_autofree char *key = NULL;
  GString *name;
  const char *known;

  if (azure_name == NULL || azure_name[0] == '\0')
    return NULL;
  lower = g_utf8_strdown (azure_name, -1);
  name = g_string_new (NULL);
  for (const char *p = lower; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (name, *p);
  key = g_strdup_printf ("location:%u:%s", kind, name->str);
  known = g_hash_table_lookup (self->names, key);
  if (known != NULL)
    {
      g_string_free (name, TRUE);
      return known;
    }

  Rec where = *rec;
  where.key = NULL;
  VnlLocation *loc = new_object (self, &where, VNL_KIND_LOCATION, name->str);
  loc->location_kind = kind;
  if (kind != VNL_LOCATION_AZURE_REGION || strchr (azure_name, ' ') != NULL)
    set (self, rec, loc, "display-name", azure_name);
  g_hash_table_insert (self->names, g_steal_pointer (&key), g_strdup (loc->parent.name));
  g_string_free (name, TRUE);
  return loc->parent.name;
}

static GPtrArray *
children_of (VnlImport  *self,
             Rec        *rec,
             const char *type)
{
  GPtrArray *all = g_hash_table_lookup (self->children, rec->key);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; all != NULL && i < all->len; i++)
    if (g_str_equal (((Rec *) all->pdata[i])->type, type))
      g_ptr_array_add (out, all->pdata[i]);
  return out;
}

static void
join_prefixes (GString   *out,
               JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", json_node_get_string (e));
    }
}

/* Adds @rec to the list @key maps to in @table. */
static void
list_add (GHashTable *table,
          const char *key,
          Rec        *rec)
{
  GPtrArray *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (table, g_strdup (key), list);
    }
  g_ptr_array_add (list, rec);
}

/* A subnet's routeTable.id, the authoritative link to its route table
 * (a route table's subnets[] are back-links): kept for read_route_table,
 * or reported when the table is not in the input. */
static void
subnet_route_table (VnlImport  *self,
                    Rec        *subnet,
                    const char *vnet)
{
  g_autofree char *table = prop_key (subnet->node, "routeTable.id");
  Rec *found = table != NULL ? g_hash_table_lookup (self->by_key, table) : NULL;

  if (table == NULL)
    return;
  if (found == NULL || !g_str_equal (found->type, "microsoft.network/routetables"))
    {
      add_row (self, VNL_IMPORT_OUTSIDE, subnet, vnet,
               _("routeTable.id: the route table %s is not in the input: the subnet has none"), table);
      return;
    }
  list_add (self->rt_subnets, table, subnet);
}

/* A subnet's or a NIC's networkSecurityGroup.id, the authoritative link
 * (a group's subnets[] and networkInterfaces[] are back-links), kept for
 * read_nsg; a group not in the input is reported. */
static void
link_nsg (VnlImport  *self,
          Rec        *rec,
          const char *object)
{
  g_autofree char *group = prop_key (rec->node, "networkSecurityGroup.id");
  Rec *found = group != NULL ? g_hash_table_lookup (self->by_key, group) : NULL;

  if (group == NULL)
    return;
  if (found == NULL || !g_str_equal (found->type, "microsoft.network/networksecuritygroups"))
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, object,
               _("networkSecurityGroup.id: the network security group %s is not in the input: none applied"), group);
      return;
    }
  list_add (self->nsg_links, group, rec);
}

static void
read_vnet (VnlImport *self,
           Rec       *rec)
{
  JsonArray *spaces = prop_array (rec->node, "addressSpace.addressPrefixes");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GPtrArray) subnets = children_of (self, rec, "microsoft.network/virtualnetworks/subnets");
  VnlVnet *vnet;

  if (spaces == NULL)
    {
      missing (self, rec, "addressSpace.addressPrefixes");
      return;
    }
  vnet = new_object (self, rec, VNL_KIND_VNET, NULL);
  set (self, rec, vnet, "location",
       ensure_location (self, rec, prop_str (rec->node, "location"), VNL_LOCATION_AZURE_REGION));
  join_prefixes (text, spaces);
  set (self, rec, vnet, "address-spaces", text->str);
  add_row (self, VNL_IMPORT_READ, rec, vnet->parent.name, _("virtual network"));

  for (guint i = 0; i < subnets->len; i++)
    {
      Rec *s = subnets->pdata[i];
      const char *prefix = prop_str (s->node, "addressPrefix");
      JsonArray *prefixes = prop_array (s->node, "addressPrefixes");

      if (prefix == NULL)
        prefix = array_string (prefixes, 0);
      if (prefix == NULL)
        {
          missing (self, s, "addressPrefix");
          return;
        }
      g_string_append_printf (rows, "%s%s\t%s", rows->len > 0 ? "\n" : "", s->name, prefix);
      add_row (self, VNL_IMPORT_MERGED, s, vnet->parent.name, _("subnet of the virtual network"));
      if (prefixes != NULL && json_array_get_length (prefixes) > 1)
        add_row (self, VNL_IMPORT_IGNORED, s, vnet->parent.name,
                 _("addressPrefixes: only the first prefix of a subnet is modelled"));
      subnet_route_table (self, s, vnet->parent.name);
      link_nsg (self, s, vnet->parent.name);
    }
  if (rows->len > 0)
    set (self, rec, vnet, "subnets", rows->str);
  /* privateEndpointNetworkPolicies Enabled or RouteTableEnabled: a UDR can
   * override the subnet's private endpoint routes (vnl-rules.c). */
  for (guint i = 0; i < subnets->len && i < vnet->subnets->len && self->error == NULL; i++)
    {
      const char *policies = prop_str (((Rec *) subnets->pdata[i])->node, "privateEndpointNetworkPolicies");
      VnlSubnet *subnet = vnet->subnets->pdata[i];

      subnet->pe_route_policies = policies != NULL && (g_ascii_strcasecmp (policies, "Enabled") == 0
                                                       || g_ascii_strcasecmp (policies, "RouteTableEnabled") == 0);
    }
}

/* The VNet a resource sits in, from the subnet of its first IP
 * configuration. */
static char *
vnet_key_of (Rec *rec)
{
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  g_autofree char *subnet = NULL;

  if (configs == NULL || json_array_get_length (configs) == 0)
    return NULL;
  subnet = prop_key (json_array_get_element (configs, 0), "subnet.id");
  return subnet != NULL ? parent_key (subnet) : NULL;
}

static gboolean
reference (VnlImport  *self,
           Rec        *rec,
           const char *key,
           const char *what,
           const char *member)
{
  if (key == NULL)
    {
      missing (self, rec, member);
      return FALSE;
    }
  if (object_for (self, key) != NULL)
    return TRUE;
  add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("%s: the %s %s is not in the input: not imported"),
           member, what, key);
  return FALSE;
}

/* The first private address of a NIC's IP configurations. */
static const char *
nic_address (Rec *rec)
{
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");

  return configs != NULL && json_array_get_length (configs) > 0
         ? prop_str (json_array_get_element (configs, 0), "privateIPAddress") : NULL;
}

/* The backend pools a NIC's IP configurations are in, for read_lb. */
static void
nic_pools (VnlImport *self,
           Rec       *rec)
{
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");

  for (guint i = 0; configs != NULL && i < json_array_get_length (configs); i++)
    {
      JsonArray *pools = prop_array (json_array_get_element (configs, i), "loadBalancerBackendAddressPools");

      for (guint j = 0; pools != NULL && j < json_array_get_length (pools); j++)
        {
          g_autofree char *pool = prop_key (json_array_get_element (pools, j), "id");
          if (pool != NULL)
            list_add (self->pools, pool, rec);
        }
    }
}

/* A NIC with IP forwarding on is a network virtual appliance's (spec
 * §1.3 B: "the NIC needs Enable IP forwarding"): one appliance per
 * virtual machine, its first NIC's address and a second NIC's; a NIC
 * without a VM is an appliance of its own. */
static void
read_appliance_nic (VnlImport  *self,
                    Rec        *rec,
                    const char *vnet,
                    const char *address)
{
  g_autofree char *vm = prop_key (rec->node, "virtualMachine.id");
  const char *known = vm != NULL ? g_hash_table_lookup (self->vms, vm) : NULL;
  const char *vm_id;
  VnlAppliance *appliance;

  if (known != NULL)
    {
      appliance = vnl_design_lookup_kind (self->design, known, VNL_KIND_APPLIANCE);
      if (appliance->address_2 != 0 || g_strcmp0 (appliance->vnet, object_for (self, vnet)) != 0)
        {
          add_row (self, VNL_IMPORT_IGNORED, rec, known,
                   _("a third NIC, or one in another virtual network, of the appliance: not modelled; left out"));
          return;
        }
      set (self, rec, appliance, "address-2", address);
      g_hash_table_insert (self->names, g_strdup (rec->key), g_strdup (known));
      add_row (self, VNL_IMPORT_MERGED, rec, known, _("network interface (IP forwarding on): the appliance's second NIC"));
      nic_pools (self, rec);
      return;
    }
  /* Named after its VM, the appliance, when the NIC says which. */
  vm_id = prop_str (rec->node, "virtualMachine.id");
  appliance = new_object (self, rec, VNL_KIND_APPLIANCE, vm_id != NULL ? strrchr (vm_id, '/') + 1 : NULL);
  if (vm != NULL)
    g_hash_table_insert (self->vms, g_strdup (vm), g_strdup (appliance->parent.name));
  set (self, rec, appliance, "vnet", object_for (self, vnet));
  set (self, rec, appliance, "address", address);
  add_row (self, VNL_IMPORT_READ, rec, appliance->parent.name,
           _("network interface with IP forwarding on: a network virtual appliance"));
  nic_pools (self, rec);
  link_nsg (self, rec, appliance->parent.name);
}

/* The application security groups of a NIC's first IP configuration
 * (ipConfigurations[0].applicationSecurityGroups[].id), by the last
 * segment of their IDs as the rules name them. */
static void
nic_asgs (VnlImport   *self,
          Rec         *rec,
          VnlEndpoint *ep)
{
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  JsonArray *asgs = configs != NULL && json_array_get_length (configs) > 0
                    ? prop_array (json_array_get_element (configs, 0), "applicationSecurityGroups") : NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; asgs != NULL && i < json_array_get_length (asgs); i++)
    {
      const char *id = prop_str (json_array_get_element (asgs, i), "id");
      const char *slash = id != NULL ? strrchr (id, '/') : NULL;

      if (slash != NULL && slash[1] != '\0')
        g_string_append_printf (names, "%s%s", names->len > 0 ? "," : "", slash + 1);
    }
  if (names->len > 0)
    set (self, rec, ep, "application-security-groups", names->str);
}

/* An application security group holds nothing of its own: its members
 * are the NICs that name it, its uses the rules that name it. */
static void
read_asg (VnlImport *self,
          Rec       *rec)
{
  add_row (self, VNL_IMPORT_MERGED, rec, NULL,
           _("application security group: the NICs naming it are its members, the rules naming it asg:%s"),
           rec->name);
}

static void
read_nic (VnlImport *self,
          Rec       *rec)
{
  g_autofree char *vnet = vnet_key_of (rec);
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  const char *address;
  VnlEndpoint *ep;

  if (!reference (self, rec, vnet, _("virtual network"), "ipConfigurations[0].subnet.id"))
    return;
  address = nic_address (rec);
  if (address == NULL)
    {
      missing (self, rec, "ipConfigurations[0].privateIPAddress");
      return;
    }
  if (json_array_get_length (configs) > 1)
    add_row (self, VNL_IMPORT_IGNORED, rec, NULL, _("ipConfigurations: only the first IP configuration is modelled"));
  if (prop_bool (rec->node, "enableIPForwarding", FALSE))
    {
      read_appliance_nic (self, rec, vnet, address);
      return;
    }
  ep = new_object (self, rec, VNL_KIND_ENDPOINT, NULL);
  set (self, rec, ep, "owner", object_for (self, vnet));
  set (self, rec, ep, "address", address);
  nic_asgs (self, rec, ep);
  /* The NIC of a private endpoint not in the input: still one. */
  if (prop_str (rec->node, "privateEndpoint.id") != NULL)
    {
      set (self, rec, ep, "private-endpoint", "true");
      add_row (self, VNL_IMPORT_READ, rec, ep->parent.name,
               _("network interface of a private endpoint not in the input: an endpoint with the private-endpoint flag"));
    }
  else
    add_row (self, VNL_IMPORT_READ, rec, ep->parent.name, _("network interface: an endpoint"));
  nic_pools (self, rec);
  link_nsg (self, rec, ep->parent.name);
}

/* A private endpoint (`az network private-endpoint list`): an endpoint
 * with the private-endpoint flag in its subnet's VNet, at the address of
 * its NIC (customDnsConfigs, its static ipConfigurations, or the NIC
 * resource). The NIC Azure made for it is read into it, not twice. */
static void
read_private_endpoint (VnlImport *self,
                       Rec       *rec)
{
  g_autofree char *subnet = prop_key (rec->node, "subnet.id");
  g_autofree char *vnet = subnet != NULL ? parent_key (subnet) : NULL;
  JsonArray *dns = prop_array (rec->node, "customDnsConfigs");
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  JsonArray *nics = prop_array (rec->node, "networkInterfaces");
  const char *address = NULL;
  Rec *nic = NULL;
  VnlEndpoint *ep;

  if (!reference (self, rec, vnet, _("virtual network"), "subnet.id"))
    return;
  for (guint i = 0; nics != NULL && i < json_array_get_length (nics) && nic == NULL; i++)
    {
      g_autofree char *key = prop_key (json_array_get_element (nics, i), "id");
      nic = key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;
    }
  if (nic != NULL)
    address = nic_address (nic);
  if (address == NULL && configs != NULL && json_array_get_length (configs) > 0)
    address = prop_str (json_array_get_element (configs, 0), "privateIPAddress");
  if (address == NULL && dns != NULL && json_array_get_length (dns) > 0)
    address = array_string (prop_array (json_array_get_element (dns, 0), "ipAddresses"), 0);
  if (address == NULL)
    {
      add_row (self, VNL_IMPORT_UNKNOWN, rec, NULL,
               _("its private address is not in the input (known once deployed): not imported"));
      return;
    }
  ep = new_object (self, rec, VNL_KIND_ENDPOINT, NULL);
  set (self, rec, ep, "owner", object_for (self, vnet));
  set (self, rec, ep, "address", address);
  set (self, rec, ep, "private-endpoint", "true");
  add_row (self, VNL_IMPORT_READ, rec, ep->parent.name,
           _("private endpoint: an endpoint whose /32 is a route; the service it connects to is not modelled"));
  if (nic != NULL && !nic->done)
    {
      g_hash_table_insert (self->names, g_strdup (nic->key), g_strdup (ep->parent.name));
      add_row (self, VNL_IMPORT_MERGED, nic, ep->parent.name, _("network interface of the private endpoint"));
      link_nsg (self, nic, ep->parent.name);
    }
}

/* A network rule's array member as the design's comma-separated text, or
 * NULL with the reason reported when it holds what vnetlab does not model. */
static char *
fw_rule_list (VnlImport  *self,
              Rec        *rec,
              JsonNode   *rule,
              const char *path,
              const char *member,
              const char *object,
              gboolean    addresses)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GError) local = NULL;

  join_prefixes (text, prop_array (rule, member));
  if (text->len == 0)
    g_string_append_c (text, '*');
  if (addresses)
    {
      g_autoptr(GArray) parsed = vnl_fw_addrs_parse (text->str, &local);

      if (parsed == NULL)
        {
          add_row (self, VNL_IMPORT_IGNORED, rec, object, _("%s.%s %s: %s; rule left out"), path, member,
                   text->str, local->message);
          g_string_free (text, TRUE);
          return NULL;
        }
    }
  return g_string_free (text, FALSE);
}

/* One network rule as a row of the firewall's "network-rules" list
 * (group, group priority, collection, collection priority, action, rule,
 * protocols, sources, destinations, destination ports), or NULL when it is
 * left out (reported): IP groups and FQDNs are not modelled. @protocols
 * is the member naming them ("protocols" in classic rules, "ipProtocols"
 * in a policy's). */
static char *
fw_rule_row (VnlImport  *self,
             Rec        *rec,
             JsonNode   *rule,
             const char *path,
             const char *prefix,
             const char *protocols_member,
             const char *object)
{
  static const char *const unmodelled[] = { "sourceIpGroups", "destinationIpGroups", "destinationFqdns" };
  const char *name = prop_str (rule, "name");
  g_autoptr(GString) protocols = g_string_new (NULL);
  g_autofree char *sources = NULL;
  g_autofree char *destinations = NULL;
  g_autofree char *ports = NULL;
  guint bits;

  for (guint i = 0; i < G_N_ELEMENTS (unmodelled); i++)
    if (prop_array (rule, unmodelled[i]) != NULL && json_array_get_length (prop_array (rule, unmodelled[i])) > 0)
      {
        add_row (self, VNL_IMPORT_IGNORED, rec, object,
                 _("%s.%s: IP groups and FQDNs are not modelled by this version of vnetlab; rule left out"),
                 path, unmodelled[i]);
        return NULL;
      }
  join_prefixes (protocols, prop_array (rule, protocols_member));
  if (name == NULL || !vnl_fw_protocols_parse (protocols->str, &bits, NULL))
    {
      add_row (self, VNL_IMPORT_IGNORED, rec, object, _("%s: a network rule needs a name and protocols "
                                                        "(TCP, UDP, ICMP or Any); rule left out"), path);
      return NULL;
    }
  if ((sources = fw_rule_list (self, rec, rule, path, "sourceAddresses", object, TRUE)) == NULL
      || (destinations = fw_rule_list (self, rec, rule, path, "destinationAddresses", object, TRUE)) == NULL)
    return NULL;
  ports = fw_rule_list (self, rec, rule, path, "destinationPorts", object, FALSE);
  return g_strdup_printf ("%s\t%s\t%s\t%s\t%s\t%s", prefix, name, protocols->str, sources, destinations, ports);
}

/* The network rule collections of @collections (JSON path @path) as rows
 * of group @group (priority @group_priority) appended to @text. A policy's
 * collections say their type: NAT collections and application rules are
 * reported, not read. */
static void
fw_collections_rows (VnlImport  *self,
                     Rec        *rec,
                     JsonArray  *collections,
                     const char *path,
                     const char *group,
                     gint64      group_priority,
                     gboolean    policy,
                     const char *object,
                     GString    *text)
{
  for (guint c = 0; collections != NULL && c < json_array_get_length (collections); c++)
    {
      JsonNode *coll = json_array_get_element (collections, c);
      const char *name = prop_str (coll, "name");
      const char *type = prop_str (coll, "ruleCollectionType");
      const char *action = prop_str (coll, "action.type");
      gint64 priority = prop_int (coll, "priority");
      JsonArray *rules = prop_array (coll, "rules");
      g_autofree char *cpath = g_strdup_printf ("%s[%u]", path, c);
      g_autofree char *prefix = NULL;

      if (policy && type != NULL && g_ascii_strcasecmp (type, "FirewallPolicyFilterRuleCollection") != 0)
        {
          add_row (self, VNL_IMPORT_IGNORED, rec, object,
                   _("%s: a %s (DNAT) is not modelled by this version of vnetlab"), cpath, type);
          continue;
        }
      if (name == NULL || priority < 0 || action == NULL)
        {
          add_row (self, VNL_IMPORT_IGNORED, rec, object,
                   _("%s: a rule collection needs a name, a priority and an action; left out"), cpath);
          continue;
        }
      prefix = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s", group, group_priority,
                                name, priority, action);
      for (guint r = 0; rules != NULL && r < json_array_get_length (rules); r++)
        {
          JsonNode *rule = json_array_get_element (rules, r);
          const char *rule_type = prop_str (rule, "ruleType");
          g_autofree char *rpath = g_strdup_printf ("%s.rules[%u]", cpath, r);
          g_autofree char *row = NULL;

          if (policy && rule_type != NULL && g_ascii_strcasecmp (rule_type, "NetworkRule") != 0)
            {
              add_row (self, VNL_IMPORT_IGNORED, rec, object,
                       _("%s: an %s is not modelled by this version of vnetlab (network rules only)"), rpath,
                       rule_type);
              continue;
            }
          row = fw_rule_row (self, rec, rule, rpath, prefix, policy ? "ipProtocols" : "protocols", object);
          if (row != NULL)
            g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", row);
        }
    }
}

/* A firewall's network rules: its policy's rule collection groups
 * (firewallPolicy.id, the policy and its ruleCollectionGroups children in
 * the input), or the classic networkRuleCollections of the firewall
 * itself, read as one group "classic-rules" (priority 100: classic
 * collections have no group). Application and NAT rules are reported.
 * None read: the firewall denies everything, as Azure does ("Azure
 * Firewall denies all traffic by default", rule-processing.md), and the
 * report says so. */
static void
read_firewall_rules (VnlImport   *self,
                     Rec         *rec,
                     VnlFirewall *fw)
{
  static const char *const classic_other[] = { "applicationRuleCollections", "natRuleCollections" };
  g_autofree char *policy_key = prop_key (rec->node, "firewallPolicy.id");
  JsonArray *classic = prop_array (rec->node, "networkRuleCollections");
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean wrapped = !json_object_has_member (json_node_get_object (rec->node), "networkRuleCollections");

  for (guint i = 0; i < G_N_ELEMENTS (classic_other); i++)
    if (prop_array (rec->node, classic_other[i]) != NULL && json_array_get_length (prop_array (rec->node, classic_other[i])) > 0)
      add_row (self, VNL_IMPORT_IGNORED, rec, fw->parent.name,
               _("%s: application and NAT rules are not modelled by this version of vnetlab"), classic_other[i]);
  if (classic != NULL && json_array_get_length (classic) > 0)
    fw_collections_rows (self, rec, classic, wrapped ? "properties.networkRuleCollections" : "networkRuleCollections",
                         "classic-rules", 100, FALSE, fw->parent.name, text);
  if (policy_key != NULL)
    {
      Rec *policy = g_hash_table_lookup (self->by_key, policy_key);
      g_autoptr(GPtrArray) groups = NULL;

      if (policy == NULL)
        add_row (self, VNL_IMPORT_OUTSIDE, rec, fw->parent.name,
                 _("firewallPolicy.id: %s is not in the input: its rules are not imported"), policy_key);
      else
        {
          if (prop_str (policy->node, "basePolicy.id") != NULL)
            add_row (self, VNL_IMPORT_IGNORED, policy, fw->parent.name,
                     _("basePolicy.id: inherited rules are not imported by this version of vnetlab"));
          add_row (self, VNL_IMPORT_MERGED, policy, fw->parent.name, _("the firewall's policy"));
          groups = children_of (self, policy, "microsoft.network/firewallpolicies/rulecollectiongroups");
          for (guint g = 0; g < groups->len; g++)
            {
              Rec *group = groups->pdata[g];
              gboolean group_wrapped = !json_object_has_member (json_node_get_object (group->node), "ruleCollections");

              fw_collections_rows (self, group, prop_array (group->node, "ruleCollections"),
                                   group_wrapped ? "properties.ruleCollections" : "ruleCollections", group->name,
                                   prop_int (group->node, "priority"), TRUE, fw->parent.name, text);
              add_row (self, VNL_IMPORT_MERGED, group, fw->parent.name, _("rule collection group of the firewall's policy"));
            }
        }
    }
  if (text->len > 0)
    set (self, rec, fw, "network-rules", text->str);
  else
    add_row (self, VNL_IMPORT_READ, rec, fw->parent.name,
             _("no network rules in the input: the firewall denies everything, as Azure does"));
}

/* Azure Firewall in a VNet: its IP configuration's subnet
 * (AzureFirewallSubnet) and private address, forced-tunnel mode when it
 * has a management IP configuration, its public address when the public
 * IP resource is in the input. */
static void
read_firewall (VnlImport *self,
               Rec       *rec)
{
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  JsonNode *config = configs != NULL && json_array_get_length (configs) > 0 ? json_array_get_element (configs, 0) : NULL;
  const char *sku = prop_str (rec->node, "sku.name");
  /* A secured Virtual WAN hub's firewall (sku AZFW_Hub, virtualHub.id):
   * its addresses are hubIPAddresses' ("privateIPAddress",
   * "publicIPs.addresses[].address"), it has no IP configuration. */
  gboolean in_hub = prop_str (rec->node, "virtualHub.id") != NULL
                    || (sku != NULL && g_ascii_strcasecmp (sku, "AZFW_Hub") == 0);
  g_autofree char *vnet = in_hub ? prop_key (rec->node, "virtualHub.id") : vnet_key_of (rec);
  const char *address = in_hub ? prop_str (rec->node, "hubIPAddresses.privateIPAddress")
                               : config != NULL ? prop_str (config, "privateIPAddress") : NULL;
  JsonArray *hub_publics = prop_array (rec->node, "hubIPAddresses.publicIPs.addresses");
  const char *hub_public = hub_publics != NULL && json_array_get_length (hub_publics) > 0
                           ? prop_str (json_array_get_element (hub_publics, 0), "address") : NULL;
  g_autofree char *pip = config != NULL && !in_hub ? prop_key (config, "publicIPAddress.id") : NULL;
  VnlFirewall *fw;

  if (in_hub && !reference (self, rec, vnet, _("virtual hub"), "virtualHub.id"))
    return;
  if (!in_hub && !reference (self, rec, vnet, _("virtual network"), "ipConfigurations[0].subnet.id"))
    return;
  if (address == NULL)
    {
      add_row (self, VNL_IMPORT_UNKNOWN, rec, NULL,
               in_hub ? _("hubIPAddresses.privateIPAddress: the firewall's address is not in the input "
                          "(known once deployed): not imported")
                      : _("ipConfigurations[0].privateIPAddress: the firewall's address is not in the input "
                          "(known once deployed): not imported"));
      return;
    }
  fw = new_object (self, rec, VNL_KIND_FIREWALL, NULL);
  set (self, rec, fw, "vnet", object_for (self, vnet));
  set (self, rec, fw, "address", address);
  set (self, rec, fw, "management", prop (rec->node, "managementIpConfiguration") != NULL ? "true" : "false");
  add_row (self, VNL_IMPORT_READ, rec, fw->parent.name, in_hub ? _("Azure Firewall of a secured virtual hub")
                                                               : _("Azure Firewall"));
  if (hub_public != NULL)
    set (self, rec, fw, "public-address", hub_public);
  else if (pip != NULL && g_hash_table_contains (self->pips, pip))
    {
      const char *public_address = g_hash_table_lookup (self->pips, pip);
      if (public_address[0] != '\0')
        set (self, rec, fw, "public-address", public_address);
    }
  else if (pip != NULL)
    add_row (self, VNL_IMPORT_OUTSIDE, rec, fw->parent.name,
             _("publicIPAddress.id: %s is not in the input: public address left empty"), pip);
  read_firewall_rules (self, rec, fw);
}

/* An internal load balancer in front of appliances (an HA pair): its
 * private frontend becomes the `frontend` of each appliance whose NIC is
 * in one of its backend pools (backendIPConfigurations[] or the NIC's
 * loadBalancerBackendAddressPools[], either). */
static void
read_lb (VnlImport *self,
         Rec       *rec)
{
  JsonArray *frontends = prop_array (rec->node, "frontendIPConfigurations");
  JsonArray *pools = prop_array (rec->node, "backendAddressPools");
  const char *frontend = NULL;
  g_autoptr(GPtrArray) appliances = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; frontends != NULL && i < json_array_get_length (frontends) && frontend == NULL; i++)
    frontend = prop_str (json_array_get_element (frontends, i), "privateIPAddress");
  if (frontend == NULL)
    {
      add_row (self, VNL_IMPORT_IGNORED, rec, NULL,
               _("a load balancer without a private frontend: public load balancers are not modelled"));
      return;
    }
  for (guint i = 0; pools != NULL && i < json_array_get_length (pools); i++)
    {
      JsonNode *pool = json_array_get_element (pools, i);
      JsonArray *backends = prop_array (pool, "backendIPConfigurations");
      g_autofree char *pool_key = prop_key (pool, "id");
      GPtrArray *nics = pool_key != NULL ? g_hash_table_lookup (self->pools, pool_key) : NULL;

      if (pool_key == NULL && prop_str (pool, "name") != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (prop_str (pool, "name"), -1);
          pool_key = g_strdup_printf ("%s/backendaddresspools/%s", rec->key, lower);
          nics = g_hash_table_lookup (self->pools, pool_key);
        }
      for (guint j = 0; nics != NULL && j < nics->len; j++)
        g_ptr_array_add (appliances, ((Rec *) nics->pdata[j])->key);
      for (guint j = 0; backends != NULL && j < json_array_get_length (backends); j++)
        {
          g_autofree char *config = prop_key (json_array_get_element (backends, j), "id");
          g_autofree char *nic = config != NULL ? parent_key (config) : NULL;
          Rec *nic_rec = nic != NULL ? g_hash_table_lookup (self->by_key, nic) : NULL;
          if (nic_rec != NULL)
            g_ptr_array_add (appliances, nic_rec->key);
        }
    }
  add_row (self, VNL_IMPORT_MERGED, rec, NULL,
           _("internal load balancer: its frontend %s is read into the appliances of its backend pools"), frontend);
  for (guint i = 0; i < appliances->len; i++)
    {
      const char *name = object_for (self, appliances->pdata[i]);
      VnlAppliance *appliance = name != NULL ? vnl_design_lookup_kind (self->design, name, VNL_KIND_APPLIANCE) : NULL;
      Rec *nic = g_hash_table_lookup (self->by_key, appliances->pdata[i]);

      if (!g_hash_table_add (seen, appliances->pdata[i]))
        continue;
      if (appliance != NULL)
        set (self, rec, appliance, "frontend", frontend);
      else if (nic != NULL)
        add_row (self, VNL_IMPORT_IGNORED, nic, name,
                 _("in the backend pool of load balancer %s: load balancing to endpoints is not modelled"), rec->name);
    }
}

static void
read_public_ip (VnlImport *self,
                Rec       *rec)
{
  const char *address = prop_str (rec->node, "ipAddress");

  /* Known, even without an address (a dynamic one not yet assigned). */
  g_hash_table_insert (self->pips, g_strdup (rec->key), g_strdup (address != NULL ? address : ""));
  add_row (self, VNL_IMPORT_MERGED, rec, NULL, _("public IP address: read into the gateway that uses it"));
}

/* "10.0.3.30,10.0.3.31" (active-active) → the first. */
static char *
first_address (const char *list)
{
  return list != NULL ? g_strndup (list, strcspn (list, ", ")) : NULL;
}

/* A VPN gateway's bgpSettings (virtualNetworkGateways, or a Virtual WAN
 * hub's vpnGateways): its first BGP peering address, and its instances'
 * default BGP addresses, their addresses in the gateway's subnet (with
 * a custom APIPA address each when set). */
static void
read_vpn_bgp (VnlImport  *self,
              Rec        *rec,
              VnlGateway *gw)
{
  JsonArray *bgp = prop_array (rec->node, "bgpSettings.bgpPeeringAddresses");
  g_autoptr(GString) instances = g_string_new (NULL);
  g_autofree char *bgp_address = first_address (prop_str (rec->node, "bgpSettings.bgpPeeringAddress"));

  set (self, rec, gw, "bgp-address", bgp_address);
  for (guint i = 0; bgp != NULL && i < json_array_get_length (bgp); i++)
    {
      const char *d = array_string (prop_array (json_array_get_element (bgp, i), "defaultBgpIpAddresses"), 0);
      const char *c = array_string (prop_array (json_array_get_element (bgp, i), "customBgpIpAddresses"), 0);
      if (d != NULL)
        g_string_append_printf (instances, "%s%s\t%s", instances->len > 0 ? "\n" : "", d, c != NULL ? c : "");
    }
  if (instances->len > 0)
    set (self, rec, gw, "instances", instances->str);
}

static void
read_gateway (VnlImport *self,
              Rec       *rec)
{
  g_autofree char *vnet = vnet_key_of (rec);
  const char *type = prop_str (rec->node, "gatewayType");
  gboolean er = type != NULL && g_ascii_strcasecmp (type, "ExpressRoute") == 0;
  const char *vpn_type = prop_str (rec->node, "vpnType");
  JsonArray *configs = prop_array (rec->node, "ipConfigurations");
  g_autofree char *pip = NULL;
  VnlGateway *gw;

  if (type == NULL)
    {
      missing (self, rec, "gatewayType");
      return;
    }
  if (!er && g_ascii_strcasecmp (type, "Vpn") != 0)
    {
      add_row (self, VNL_IMPORT_IGNORED, rec, NULL, _("gatewayType %s: not modelled by this version of vnetlab"), type);
      return;
    }
  if (!er && vpn_type != NULL && g_ascii_strcasecmp (vpn_type, "PolicyBased") == 0)
    {
      add_row (self, VNL_IMPORT_IGNORED, rec, NULL,
               _("a policy-based VPN gateway: vnetlab models route-based VPN only"));
      return;
    }
  if (!reference (self, rec, vnet, _("virtual network"), "ipConfigurations[0].subnet.id"))
    return;

  gw = new_object (self, rec, VNL_KIND_GATEWAY, NULL);
  set (self, rec, gw, "vnet", object_for (self, vnet));
  set (self, rec, gw, "type", er ? "expressroute" : "vpn");
  set (self, rec, gw, "sku", prop_str (rec->node, "sku.name"));
  set_uint (self, rec, gw, "asn", prop_int (rec->node, "bgpSettings.asn") > 0
                                  ? prop_int (rec->node, "bgpSettings.asn") : VNL_AZURE_DEFAULT_ASN);
  if (!er)
    {
      read_vpn_bgp (self, rec, gw);
      set (self, rec, gw, "active-active", prop_bool (rec->node, "activeActive", FALSE) ? "true" : "false");

      pip = configs != NULL && json_array_get_length (configs) > 0
            ? prop_key (json_array_get_element (configs, 0), "publicIPAddress.id") : NULL;
      if (pip != NULL && g_hash_table_contains (self->pips, pip))
        {
          const char *address = g_hash_table_lookup (self->pips, pip);
          if (address[0] != '\0')
            set (self, rec, gw, "public-address", address);
        }
      else if (pip != NULL)
        add_row (self, VNL_IMPORT_OUTSIDE, rec, gw->parent.name,
                 _("publicIPAddress.id: %s is not in the input: public address left empty"), pip);
    }
  add_row (self, VNL_IMPORT_READ, rec, gw->parent.name, er ? _("ExpressRoute gateway") : _("VPN gateway"));
  if (prop_array (rec->node, "customRoutes.addressPrefixes") != NULL
      && json_array_get_length (prop_array (rec->node, "customRoutes.addressPrefixes")) > 0)
    add_row (self, VNL_IMPORT_IGNORED, rec, gw->parent.name, _("customRoutes: not modelled by this version of vnetlab"));
  if (prop_array (rec->node, "natRules") != NULL && json_array_get_length (prop_array (rec->node, "natRules")) > 0)
    add_row (self, VNL_IMPORT_IGNORED, rec, gw->parent.name, _("natRules: NAT is not modelled by this version of vnetlab"));
}

static void
read_lng (VnlImport *self,
          Rec       *rec)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *bgp_address = first_address (prop_str (rec->node, "bgpSettings.bgpPeeringAddress"));
  VnlLng *lng = new_object (self, rec, VNL_KIND_LNG, NULL);

  /* Its `location` is the Azure region holding the resource, not where
   * the device is: the on-premises location is left unset. */
  set (self, rec, lng, "public-address", prop_str (rec->node, "gatewayIpAddress"));
  join_prefixes (text, prop_array (rec->node, "localNetworkAddressSpace.addressPrefixes"));
  if (text->len > 0)
    set (self, rec, lng, "prefixes", text->str);
  set_uint (self, rec, lng, "asn", prop_int (rec->node, "bgpSettings.asn"));
  set (self, rec, lng, "bgp-address", bgp_address);
  add_row (self, VNL_IMPORT_READ, rec, lng->parent.name, _("local network gateway"));
  if (prop_str (rec->node, "gatewayIpAddress") == NULL && prop_str (rec->node, "fqdn") != NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, lng->parent.name, _("fqdn: not resolved; public address left empty"));
}

/* The link of @circuit for one /30 of its private peering: the CE takes
 * the first usable address, Microsoft the second. */
static void
add_link (VnlImport  *self,
          Rec        *rec,
          VnlCircuit *circuit,
          guint       slot,
          const char *subnet)
{
  g_autofree char *wanted = g_strdup_printf ("%s-%s", circuit->parent.name, slot == 0 ? "primary" : "secondary");
  Rec where = *rec;
  VnlPrefix prefix;
  VnlLink *link;

  if (subnet == NULL)
    {
      /* Azure wants both; a design may hold fewer links. */
      add_row (self, VNL_IMPORT_IGNORED, rec, circuit->parent.name, _("no %s: the circuit has no %s link"),
               slot == 0 ? "primaryPeerAddressPrefix" : "secondaryPeerAddressPrefix",
               slot == 0 ? _("primary") : _("secondary"));
      return;
    }
  if (subnet == NULL || !vnl_prefix_parse (subnet, &prefix, NULL))
    {
      missing (self, rec, slot == 0 ? "primaryPeerAddressPrefix" : "secondaryPeerAddressPrefix");
      return;
    }
  where.key = NULL;
  link = new_object (self, &where, VNL_KIND_LINK, wanted);
  set (self, rec, link, "circuit", circuit->parent.name);
  set (self, rec, link, "role", slot == 0 ? "primary" : "secondary");
  set (self, rec, link, "subnet", subnet);
  g_autofree char *ce = vnl_ip_to_string (prefix.addr + 1);
  g_autofree char *msee = vnl_ip_to_string (prefix.addr + 2);
  set (self, rec, link, "ce-address", ce);
  set (self, rec, link, "msee-address", msee);
  set (self, rec, circuit, slot == 0 ? "primary-link" : "secondary-link", link->parent.name);
}

static void
read_circuit (VnlImport *self,
              Rec       *rec)
{
  const char *tier = prop_str (rec->node, "sku.tier");
  g_autoptr(GPtrArray) peerings = children_of (self, rec, "microsoft.network/expressroutecircuits/peerings");
  VnlCircuit *circuit = new_object (self, rec, VNL_KIND_CIRCUIT, NULL);

  set (self, rec, circuit, "provider", prop_str (rec->node, "serviceProviderProperties.serviceProviderName"));
  set (self, rec, circuit, "peering-location",
       ensure_location (self, rec, prop_str (rec->node, "serviceProviderProperties.peeringLocation"),
                        VNL_LOCATION_PEERING_LOCATION));
  set_uint (self, rec, circuit, "bandwidth-mbps", prop_int (rec->node, "serviceProviderProperties.bandwidthInMbps"));
  set (self, rec, circuit, "sku", tier != NULL && g_ascii_strcasecmp (tier, "Premium") == 0 ? "premium" : "standard");
  add_row (self, VNL_IMPORT_READ, rec, circuit->parent.name, _("ExpressRoute circuit"));
  if (tier != NULL && g_ascii_strcasecmp (tier, "Local") == 0)
    add_row (self, VNL_IMPORT_IGNORED, rec, circuit->parent.name,
             _("sku.tier Local: read as Standard (same route limits)"));

  for (guint i = 0; i < peerings->len; i++)
    {
      Rec *p = peerings->pdata[i];
      const char *type = prop_str (p->node, "peeringType");

      if (type == NULL || g_ascii_strcasecmp (type, "AzurePrivatePeering") != 0)
        {
          add_row (self, VNL_IMPORT_IGNORED, p, circuit->parent.name,
                   _("%s: only private peering is modelled by this version of vnetlab"), type ? type : "?");
          continue;
        }
      set_uint (self, p, circuit, "peer-asn", prop_int (p->node, "peerASN"));
      set_uint (self, p, circuit, "vlan", prop_int (p->node, "vlanId"));
      set_uint (self, p, circuit, "microsoft-asn", prop_int (p->node, "azureASN") > 0
                                                   ? prop_int (p->node, "azureASN") : VNL_MICROSOFT_ASN);
      add_link (self, p, circuit, 0, prop_str (p->node, "primaryPeerAddressPrefix"));
      add_link (self, p, circuit, 1, prop_str (p->node, "secondaryPeerAddressPrefix"));
      add_row (self, VNL_IMPORT_MERGED, p, circuit->parent.name,
               _("private peering: the circuit's ASNs, VLAN and two links"));
      /* The peering's key names its circuit, for the Global Reach below. */
      g_hash_table_insert (self->names, g_strdup (p->key), g_strdup (circuit->parent.name));
    }
  if (circuit->vlan == 0 && self->error == NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, circuit->parent.name,
             _("no private peering in the input: the circuit has no links"));
}

/* Objects joining two others once whichever of their two resources comes:
 * a peering's two directions, a VNet-to-VNet connection's two resources,
 * Global Reach from either circuit. */
static char *
pair_key (const char *kind,
          const char *a,
          const char *b)
{
  return g_strcmp0 (a, b) < 0 ? g_strdup_printf ("%s\n%s\n%s", kind, a, b) : g_strdup_printf ("%s\n%s\n%s", kind, b, a);
}

static void
read_connection (VnlImport *self,
                 Rec       *rec)
{
  const char *type = prop_str (rec->node, "connectionType");
  g_autofree char *gw1 = prop_key (rec->node, "virtualNetworkGateway1.id");
  gint64 weight = prop_int (rec->node, "routingWeight");

  if (type == NULL)
    {
      missing (self, rec, "connectionType");
      return;
    }
  if (!reference (self, rec, gw1, _("virtual network gateway"), "virtualNetworkGateway1.id"))
    return;
  if (g_ascii_strcasecmp (type, "ExpressRoute") == 0)
    {
      g_autofree char *circuit = prop_key (rec->node, "peer.id");
      VnlErConnection *c;

      if (!reference (self, rec, circuit, _("ExpressRoute circuit"), "peer.id"))
        return;
      c = new_object (self, rec, VNL_KIND_ER_CONNECTION, NULL);
      set (self, rec, c, "gateway", object_for (self, gw1));
      set (self, rec, c, "circuit", object_for (self, circuit));
      set_uint (self, rec, c, "routing-weight", weight > 0 ? weight : 0);
      add_row (self, VNL_IMPORT_READ, rec, c->parent.name, _("ExpressRoute connection"));
      if (prop_bool (rec->node, "expressRouteGatewayBypass", FALSE))
        add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name,
                 _("expressRouteGatewayBypass: FastPath is not modelled by this version of vnetlab"));
      return;
    }

  if (prop (rec->node, "sharedKey") != NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, NULL, _("sharedKey: secrets are never read into a design"));
  if (g_ascii_strcasecmp (type, "IPsec") == 0)
    {
      g_autofree char *lng = prop_key (rec->node, "localNetworkGateway2.id");
      const char *ike = prop_str (rec->node, "connectionProtocol");
      VnlS2sConnection *c;

      if (!reference (self, rec, lng, _("local network gateway"), "localNetworkGateway2.id"))
        return;
      c = new_object (self, rec, VNL_KIND_S2S_CONNECTION, NULL);
      set (self, rec, c, "gateway", object_for (self, gw1));
      set (self, rec, c, "local-network-gateway", object_for (self, lng));
      set (self, rec, c, "bgp", prop_bool (rec->node, "enableBgp", FALSE) ? "true" : "false");
      set (self, rec, c, "ike-version", ike != NULL && g_ascii_strcasecmp (ike, "IKEv1") == 0 ? "1" : "2");
      add_row (self, VNL_IMPORT_READ, rec, c->parent.name, _("site-to-site VPN connection"));
      if (weight > 0)
        add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name,
                 _("routingWeight %u: weights of VPN connections are not modelled"), (guint) weight);
      if (prop_bool (rec->node, "usePolicyBasedTrafficSelectors", FALSE))
        add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name,
                 _("usePolicyBasedTrafficSelectors: traffic selectors are not modelled (read as route-based)"));
      return;
    }
  if (g_ascii_strcasecmp (type, "Vnet2Vnet") == 0)
    {
      g_autofree char *gw2 = prop_key (rec->node, "virtualNetworkGateway2.id");
      g_autofree char *pair = NULL;
      const char *known;
      VnlV2vConnection *c;

      if (!reference (self, rec, gw2, _("virtual network gateway"), "virtualNetworkGateway2.id"))
        return;
      pair = pair_key ("v2v", gw1, gw2);
      known = g_hash_table_lookup (self->pairs, pair);
      if (known != NULL)
        {
          add_row (self, VNL_IMPORT_MERGED, rec, known, _("the other direction of a VNet-to-VNet connection"));
          return;
        }
      c = new_object (self, rec, VNL_KIND_V2V_CONNECTION, NULL);
      set (self, rec, c, "gateway-a", object_for (self, gw1));
      set (self, rec, c, "gateway-b", object_for (self, gw2));
      set (self, rec, c, "bgp", prop_bool (rec->node, "enableBgp", FALSE) ? "true" : "false");
      g_hash_table_insert (self->pairs, g_steal_pointer (&pair), g_strdup (c->parent.name));
      add_row (self, VNL_IMPORT_READ, rec, c->parent.name, _("VNet-to-VNet connection"));
      return;
    }
  add_row (self, VNL_IMPORT_IGNORED, rec, NULL, _("connectionType %s: not modelled by this version of vnetlab"), type);
}

static void
read_peering (VnlImport *self,
              Rec       *rec)
{
  g_autofree char *local = parent_key (rec->key);
  g_autofree char *remote = prop_key (rec->node, "remoteVirtualNetwork.id");
  const char *state = prop_str (rec->node, "peeringState");
  g_autofree char *pair = NULL;
  const char *known;
  VnlPeering *peering;
  const char *side;

  if (!reference (self, rec, remote, _("virtual network"), "remoteVirtualNetwork.id"))
    return;
  if (object_for (self, local) == NULL)
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its virtual network %s is not in the input: not imported"),
               local);
      return;
    }

  pair = pair_key ("peering", local, remote);
  known = g_hash_table_lookup (self->pairs, pair);
  if (known != NULL)
    {
      peering = vnl_design_lookup_kind (self->design, known, VNL_KIND_PEERING);
      side = "b";
      add_row (self, VNL_IMPORT_MERGED, rec, known, _("the other direction of the VNet peering"));
    }
  else
    {
      peering = new_object (self, rec, VNL_KIND_PEERING, NULL);
      set (self, rec, peering, "vnet-a", object_for (self, local));
      set (self, rec, peering, "vnet-b", object_for (self, remote));
      side = "a";
      g_hash_table_insert (self->pairs, g_steal_pointer (&pair), g_strdup (peering->parent.name));
      add_row (self, VNL_IMPORT_READ, rec, peering->parent.name, _("VNet peering (both directions)"));
    }

  static const struct { const char *json; const char *key; } flags[] = {
    { "allowVirtualNetworkAccess", "allow-virtual-network-access" },
    { "allowForwardedTraffic", "allow-forwarded-traffic" },
    { "allowGatewayTransit", "allow-gateway-transit" },
    { "useRemoteGateways", "use-remote-gateways" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s-%s", side, flags[i].key);
      gboolean fallback = i == 0;   /* Azure's defaults: access on, the rest off */
      set (self, rec, peering, key, prop_bool (rec->node, flags[i].json, fallback) ? "true" : "false");
    }
  if (state != NULL && g_ascii_strcasecmp (state, "Connected") != 0)
    {
      peering->parent.up = FALSE;
      add_row (self, VNL_IMPORT_READ, rec, peering->parent.name,
               _("peeringState %s: the peering carries no traffic; imported down"), state);
    }
}

static void
read_global_reach (VnlImport *self,
                   Rec       *rec)
{
  g_autofree char *a = prop_key (rec->node, "expressRouteCircuitPeering.id");
  g_autofree char *b = prop_key (rec->node, "peerExpressRouteCircuitPeering.id");
  g_autofree char *pair = NULL;
  const char *known;
  VnlGlobalReach *gr;

  if (a == NULL)
    a = parent_key (rec->key);
  if (!reference (self, rec, a, _("ExpressRoute circuit peering"), "expressRouteCircuitPeering.id")
      || !reference (self, rec, b, _("ExpressRoute circuit peering"), "peerExpressRouteCircuitPeering.id"))
    return;
  pair = pair_key ("gr", object_for (self, a), object_for (self, b));
  known = g_hash_table_lookup (self->pairs, pair);
  if (known != NULL)
    {
      add_row (self, VNL_IMPORT_MERGED, rec, known, _("the same Global Reach connection seen from the other circuit"));
      return;
    }
  gr = new_object (self, rec, VNL_KIND_GLOBAL_REACH, NULL);
  set (self, rec, gr, "circuit-a", object_for (self, a));
  set (self, rec, gr, "circuit-b", object_for (self, b));
  g_hash_table_insert (self->pairs, g_steal_pointer (&pair), g_strdup (gr->parent.name));
  add_row (self, VNL_IMPORT_READ, rec, gr->parent.name, _("Global Reach"));
}

/* A route table's subnet from the subnet's record: "VNET\tSUBNET" rows of
 * its associations, each subnet once. */
static void
add_association (VnlImport   *self,
                 GString     *rows,
                 GHashTable  *seen,
                 Rec         *subnet,
                 VnlUdrTable *table)
{
  g_autofree char *vnet = parent_key (subnet->key);
  Rec where = *subnet;

  if (!g_hash_table_add (seen, subnet->key))
    return;
  g_string_append_printf (rows, "%s%s\t%s", rows->len > 0 ? "\n" : "", object_for (self, vnet), subnet->name);
  add_row (self, VNL_IMPORT_MERGED, &where, table->parent.name, _("associated with route table %s"),
           table->parent.name);
}

/* A route table's routes: inline (`routes[]`) or child resources
 * (`routeTables/routes`, `parent/child`), read as records of their own
 * (inline_children). What vnetlab cannot hold is reported and left out. */
static void
read_routes (VnlImport   *self,
             Rec         *rec,
             VnlUdrTable *table)
{
  g_autoptr(GPtrArray) routes = children_of (self, rec, "microsoft.network/routetables/routes");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < routes->len && self->error == NULL; i++)
    {
      Rec *r = routes->pdata[i];
      const char *prefix = prop_str (r->node, "addressPrefix");
      const char *type = prop_str (r->node, "nextHopType");
      const char *ip = prop_str (r->node, "nextHopIpAddress");
      gboolean appliance = type != NULL && g_ascii_strcasecmp (type, "VirtualAppliance") == 0;
      VnlPrefix parsed;

      if (prefix == NULL || type == NULL)
        {
          missing (self, r, prefix == NULL ? "addressPrefix" : "nextHopType");
          return;
        }
      if (ip != NULL && ip[0] == '\0')
        ip = NULL;
      /* A service tag (AzureCloud, Storage.WestEurope…) is no prefix. */
      if (!vnl_prefix_parse (prefix, &parsed, NULL) && strchr (prefix, '.') == NULL && strchr (prefix, '/') == NULL)
        {
          add_row (self, VNL_IMPORT_IGNORED, r, table->parent.name,
                   _("addressPrefix %s: service tags are not modelled by this version of vnetlab; route left out"),
                   prefix);
          continue;
        }
      /* A template's reference() to an appliance's address. */
      if (appliance && ip == NULL)
        {
          add_row (self, VNL_IMPORT_IGNORED, r, table->parent.name,
                   _("nextHopIpAddress: the appliance's address is not in the input (known once deployed?); "
                     "route left out"));
          continue;
        }
      if (!appliance && ip != NULL)
        add_row (self, VNL_IMPORT_IGNORED, r, table->parent.name,
                 _("nextHopIpAddress %s: only a VirtualAppliance route has one"), ip);
      g_string_append_printf (text, "%s%s\t%s\t%s\t%s", text->len > 0 ? "\n" : "", r->name, prefix, type,
                              appliance ? ip : "");
      /* Set route by route, so that an error names this route's path. */
      set (self, r, table, "routes", text->str);
      add_row (self, VNL_IMPORT_MERGED, r, table->parent.name, _("user-defined route of the route table"));
    }
}

/* The subnets a route table is associated with: from the subnets'
 * routeTable.id (the authoritative link) and from the table's own
 * subnets[] (the back-links of the CLI and Resource Graph shapes), either,
 * joined on IDs case-insensitively; when they disagree the subnet's link
 * decides. */
static void
read_associations (VnlImport   *self,
                   Rec         *rec,
                   VnlUdrTable *table)
{
  GPtrArray *linked = g_hash_table_lookup (self->rt_subnets, rec->key);
  JsonArray *back = prop_array (rec->node, "subnets");
  gboolean wrapped = !json_object_has_member (json_node_get_object (rec->node), "subnets");
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; linked != NULL && i < linked->len; i++)
    add_association (self, rows, seen, linked->pdata[i], table);
  for (guint i = 0; back != NULL && i < json_array_get_length (back); i++)
    {
      g_autofree char *key = prop_key (json_array_get_element (back, i), "id");
      g_autofree char *vnet = key != NULL ? parent_key (key) : NULL;
      g_autofree char *path = g_strdup_printf ("%s.%ssubnets[%u]", rec->path, wrapped ? "properties." : "", i);
      g_autofree char *own = NULL;
      Rec *subnet = key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;
      Rec where = *rec;

      where.path = path;
      if (key == NULL || g_hash_table_contains (seen, key))
        continue;
      if (subnet == NULL || object_for (self, vnet) == NULL)
        {
          add_row (self, VNL_IMPORT_OUTSIDE, &where, table->parent.name,
                   _("id: the subnet %s is not in the input: not associated"), key);
          continue;
        }
      own = prop_key (subnet->node, "routeTable.id");
      if (own != NULL && !g_str_equal (own, rec->key))
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, table->parent.name,
                   _("id: the subnet %s names route table %s, and its routeTable.id decides: not associated"),
                   key, own);
          continue;
        }
      add_association (self, rows, seen, subnet, table);
    }
  if (rows->len > 0)
    set (self, rec, table, "associations", rows->str);
}

static void
read_route_table (VnlImport *self,
                  Rec       *rec)
{
  VnlUdrTable *table = new_object (self, rec, VNL_KIND_ROUTE_TABLE, NULL);

  /* disableBgpRoutePropagation is "Propagate gateway routes" off. */
  set (self, rec, table, "propagate-gateway-routes",
       prop_bool (rec->node, "disableBgpRoutePropagation", FALSE) ? "false" : "true");
  add_row (self, VNL_IMPORT_READ, rec, table->parent.name, _("route table"));
  read_routes (self, rec, table);
  if (self->error == NULL)
    read_associations (self, rec, table);
}

/* Network security groups */

/* A rule's addresses (`sourceAddressPrefix` or `sourceAddressPrefixes[]`)
 * as the text of the design; NULL when one is a service tag vnetlab does
 * not model (reported, the rule left out) or an application security
 * group names them. */
static char *
rule_addresses (VnlImport  *self,
                Rec        *rule,
                const char *object,
                const char *side)
{
  g_autofree char *one = g_strdup_printf ("%sAddressPrefix", side);
  g_autofree char *many = g_strdup_printf ("%sAddressPrefixes", side);
  g_autofree char *asgs = g_strdup_printf ("%sApplicationSecurityGroups", side);
  const char *single = prop_str (rule->node, one);
  JsonArray *list = prop_array (rule->node, many);
  g_autoptr(GString) text = g_string_new (NULL);

  if (single != NULL && single[0] != '\0')
    g_string_append (text, single);
  else
    join_prefixes (text, list);
  /* Application security groups: asg:NAME, NAME the last segment of the
   * group's ID as written (its members are the NICs naming it; names are
   * compared case-insensitively, as Azure does). */
  for (guint i = 0; prop_array (rule->node, asgs) != NULL && i < json_array_get_length (prop_array (rule->node, asgs)); i++)
    {
      const char *id = prop_str (json_array_get_element (prop_array (rule->node, asgs), i), "id");
      const char *slash = id != NULL ? strrchr (id, '/') : NULL;

      if (slash == NULL || slash[1] == '\0')
        {
          add_row (self, VNL_IMPORT_IGNORED, rule, object, _("%s[%u].id: not a resource ID; rule left out"), asgs, i);
          return NULL;
        }
      g_string_append_printf (text, "%sasg:%s", text->len > 0 ? "," : "", slash + 1);
    }
  g_auto(GStrv) parts = g_strsplit (text->str, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GArray) parsed = vnl_nsg_addrs_parse (parts[i], &local);

      /* A service tag begins with a letter (Storage, AzureCloud.WestEurope…);
       * anything else that does not parse is a bad prefix: set() says so. */
      if (parsed == NULL && g_ascii_isalpha (g_strstrip (parts[i])[0]))
        {
          add_row (self, VNL_IMPORT_IGNORED, rule, object,
                   _("%s %s: service tags other than VirtualNetwork, Internet and AzureLoadBalancer are not "
                     "modelled by this version of vnetlab; rule left out"),
                   single != NULL && single[0] != '\0' ? one : many, parts[i]);
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
rule_ports (Rec        *rule,
            const char *side)
{
  g_autofree char *one = g_strdup_printf ("%sPortRange", side);
  g_autofree char *many = g_strdup_printf ("%sPortRanges", side);
  const char *single = prop_str (rule->node, one);
  GString *text = g_string_new (NULL);

  if (single != NULL && single[0] != '\0')
    g_string_append (text, single);
  else
    join_prefixes (text, prop_array (rule->node, many));
  if (text->len == 0)
    g_string_append_c (text, '*');
  return g_string_free (text, FALSE);
}

/* One rule as a row of the design's "security-rules" list, or NULL when it
 * is left out (reported). */
static char *
rule_row (VnlImport  *self,
          Rec        *rule,
          const char *object)
{
  static const char *const required[] = { "priority", "direction", "access", "protocol" };
  const char *protocol = prop_str (rule->node, "protocol");
  VnlProtocol parsed;
  g_autofree char *sources = NULL;
  g_autofree char *destinations = NULL;
  g_autofree char *source_ports = NULL;
  g_autofree char *destination_ports = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (prop (rule->node, required[i]) == NULL)
      {
        missing (self, rule, required[i]);
        return NULL;
      }
  if (protocol == NULL || !vnl_protocol_parse (protocol, &parsed))
    {
      add_row (self, VNL_IMPORT_IGNORED, rule, object,
               _("protocol %s: vnetlab models Tcp, Udp, Icmp and *; rule left out"), protocol ? protocol : "?");
      return NULL;
    }
  if ((sources = rule_addresses (self, rule, object, "source")) == NULL
      || (destinations = rule_addresses (self, rule, object, "destination")) == NULL)
    return NULL;
  source_ports = rule_ports (rule, "source");
  destination_ports = rule_ports (rule, "destination");
  return g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\t%s\t%s", rule->name,
                          prop_int (rule->node, "priority"), prop_str (rule->node, "direction"),
                          prop_str (rule->node, "access"), protocol, sources, source_ports, destinations,
                          destination_ports);
}

/* Is @row (rule_row) one of the default rules vnetlab adds to every group
 * (vnl_nsg_default_rules)? Compared as the design would hold it. */
static gboolean
is_default_rule (const char *row)
{
  g_auto(GStrv) cells = g_strsplit (row, "\t", -1);

  if (g_strv_length (cells) != 9)
    return FALSE;
  for (guint d = 0; d < 2; d++)
    {
      guint n;
      const VnlNsgRule * const *defaults = vnl_nsg_default_rules (d, &n);

      for (guint i = 0; i < n; i++)
        {
          const VnlNsgRule *r = defaults[i];
          g_autofree char *src = vnl_nsg_addrs_to_string (r->sources);
          g_autofree char *dst = vnl_nsg_addrs_to_string (r->destinations);
          g_autofree char *sp = vnl_nsg_ports_to_string (r->source_ports);
          g_autofree char *dp = vnl_nsg_ports_to_string (r->destination_ports);
          g_autoptr(GArray) gs = vnl_nsg_addrs_parse (cells[5], NULL);
          g_autoptr(GArray) gd = vnl_nsg_addrs_parse (cells[7], NULL);
          g_autoptr(GArray) gsp = vnl_nsg_ports_parse (cells[6], NULL);
          g_autoptr(GArray) gdp = vnl_nsg_ports_parse (cells[8], NULL);
          g_autofree char *s2 = gs != NULL ? vnl_nsg_addrs_to_string (gs) : NULL;
          g_autofree char *d2 = gd != NULL ? vnl_nsg_addrs_to_string (gd) : NULL;
          g_autofree char *sp2 = gsp != NULL ? vnl_nsg_ports_to_string (gsp) : NULL;
          g_autofree char *dp2 = gdp != NULL ? vnl_nsg_ports_to_string (gdp) : NULL;
          VnlProtocol protocol;

          if (g_ascii_strcasecmp (cells[0], r->name) == 0 && r->priority == strtoul (cells[1], NULL, 10)
              && g_ascii_strcasecmp (cells[2], vnl_nsg_direction_to_string (r->direction)) == 0
              && g_ascii_strcasecmp (cells[3], r->allow ? "Allow" : "Deny") == 0
              && vnl_protocol_parse (cells[4], &protocol) && protocol == r->protocol
              && g_strcmp0 (src, s2) == 0 && g_strcmp0 (dst, d2) == 0 && g_strcmp0 (sp, sp2) == 0
              && g_strcmp0 (dp, dp2) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
read_nsg_rules (VnlImport *self,
                Rec       *rec,
                VnlNsg    *nsg)
{
  g_autoptr(GPtrArray) rules = children_of (self, rec, "microsoft.network/networksecuritygroups/securityrules");
  g_autoptr(GPtrArray) defaults = children_of (self, rec, "microsoft.network/networksecuritygroups/defaultsecurityrules");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rules->len && self->error == NULL; i++)
    {
      Rec *r = rules->pdata[i];
      g_autofree char *row = rule_row (self, r, nsg->parent.name);

      if (row == NULL)
        continue;
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", row);
      /* Set rule by rule, so that an error names this rule's path. */
      set (self, r, nsg, "security-rules", text->str);
      add_row (self, VNL_IMPORT_MERGED, r, nsg->parent.name, _("security rule of the network security group"));
    }
  /* Azure's built-in rules: vnetlab adds the same to every group. */
  for (guint i = 0; i < defaults->len && self->error == NULL; i++)
    {
      Rec *r = defaults->pdata[i];
      g_autofree char *row = rule_row (self, r, nsg->parent.name);

      if (row != NULL && is_default_rule (row))
        add_row (self, VNL_IMPORT_MERGED, r, nsg->parent.name,
                 _("default rule: the same as the one vnetlab gives every group"));
      else if (row != NULL)
        add_row (self, VNL_IMPORT_IGNORED, r, nsg->parent.name,
                 _("a default rule unlike Azure's documented ones: vnetlab keeps its own default rules"));
    }
}

/* The subnets and NICs of a group: their networkSecurityGroup.id (the
 * authoritative link) and the group's subnets[] and networkInterfaces[]
 * (back-links), either, joined on IDs case-insensitively; when they
 * disagree the subnet's or NIC's own link decides. */
static void
read_nsg_associations (VnlImport *self,
                       Rec       *rec,
                       VnlNsg    *nsg)
{
  GPtrArray *linked = g_hash_table_lookup (self->nsg_links, rec->key);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) subnets = g_string_new (NULL);
  g_autoptr(GString) nics = g_string_new (NULL);
  static const char *const back_links[] = { "subnets", "networkInterfaces" };

  for (guint i = 0; linked != NULL && i < linked->len; i++)
    g_ptr_array_add (all, linked->pdata[i]);
  for (guint m = 0; m < G_N_ELEMENTS (back_links); m++)
    {
      JsonArray *back = prop_array (rec->node, back_links[m]);
      gboolean wrapped = !json_object_has_member (json_node_get_object (rec->node), back_links[m]);

      for (guint i = 0; back != NULL && i < json_array_get_length (back); i++)
        {
          g_autofree char *key = prop_key (json_array_get_element (back, i), "id");
          g_autofree char *path = g_strdup_printf ("%s.%s%s[%u]", rec->path, wrapped ? "properties." : "",
                                                   back_links[m], i);
          Rec *target = key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;
          g_autofree char *own = target != NULL ? prop_key (target->node, "networkSecurityGroup.id") : NULL;
          g_autofree char *vnet = m == 0 && key != NULL ? parent_key (key) : NULL;
          Rec where = *rec;

          where.path = path;
          if (key == NULL || (linked != NULL && target != NULL && g_ptr_array_find (linked, target, NULL)))
            continue;
          if (target == NULL || (m == 0 && object_for (self, vnet) == NULL))
            {
              add_row (self, VNL_IMPORT_OUTSIDE, &where, nsg->parent.name,
                       _("id: %s is not in the input: not associated"), key);
              continue;
            }
          if (own != NULL && !g_str_equal (own, rec->key))
            {
              add_row (self, VNL_IMPORT_IGNORED, &where, nsg->parent.name,
                       _("id: %s names network security group %s, and its own link decides: not associated"),
                       key, own);
              continue;
            }
          g_ptr_array_add (all, target);
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      Rec *target = all->pdata[i];
      Rec where = *target;

      if (!g_hash_table_add (seen, target->key))
        continue;
      if (g_str_equal (target->type, "microsoft.network/virtualnetworks/subnets"))
        {
          g_autofree char *vnet = parent_key (target->key);
          g_string_append_printf (subnets, "%s%s\t%s", subnets->len > 0 ? "\n" : "", object_for (self, vnet),
                                  target->name);
          add_row (self, VNL_IMPORT_MERGED, &where, nsg->parent.name, _("associated with network security group %s"),
                   nsg->parent.name);
          continue;
        }
      const char *name = object_for (self, target->key);
      if (name == NULL || vnl_design_lookup_kind (self->design, name, VNL_KIND_ENDPOINT) == NULL)
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, name,
                   _("networkSecurityGroup.id: a group on a NIC that is no endpoint (an appliance's) is not "
                     "modelled; not associated"));
          continue;
        }
      g_string_append_printf (nics, "%s%s", nics->len > 0 ? "\n" : "", name);
      add_row (self, VNL_IMPORT_MERGED, &where, nsg->parent.name, _("NIC associated with network security group %s"),
               nsg->parent.name);
    }
  if (subnets->len > 0)
    set (self, rec, nsg, "associations", subnets->str);
  if (nics->len > 0)
    set (self, rec, nsg, "nics", nics->str);
}

static void
read_nsg (VnlImport *self,
          Rec       *rec)
{
  VnlNsg *nsg = new_object (self, rec, VNL_KIND_NSG, NULL);

  add_row (self, VNL_IMPORT_READ, rec, nsg->parent.name, _("network security group"));
  read_nsg_rules (self, rec, nsg);
  if (self->error == NULL)
    read_nsg_associations (self, rec, nsg);
}

static void read_virtual_hub (VnlImport *self, Rec *rec);

/* Azure Route Server (`az network routeserver list`, spec §1.3 C and §3):
 * a virtualHubs resource WITHOUT virtualWan.id, in the VNet of its IP
 * configuration's subnet (ipConfigurations[] inline, or its
 * virtualHubs/ipConfigurations children: a REST or Resource Graph
 * resource of its own, a template's "parent/child"); virtualRouterIps are
 * its two instances. A hub with virtualWan.id is a Virtual WAN hub
 * (read_virtual_hub). */
static void
read_route_server (VnlImport *self,
                   Rec       *rec)
{
  static const struct { const char *azure; const char *design; } preferences[] = {
    { "ExpressRoute", "expressroute" }, { "VpnGateway", "vpn-nva" }, { "ASPath", "as-path" },
  };
  g_autoptr(GPtrArray) configs = children_of (self, rec, "microsoft.network/virtualhubs/ipconfigurations");
  g_autofree char *vnet = NULL;
  JsonArray *ips = prop_array (rec->node, "virtualRouterIps");
  const char *preference = prop_str (rec->node, "hubRoutingPreference");
  VnlRouteServer *rs;

  if (prop_str (rec->node, "virtualWan.id") != NULL)
    {
      read_virtual_hub (self, rec);
      return;
    }
  vnet = vnet_key_of (rec);
  for (guint i = 0; i < configs->len && vnet == NULL; i++)
    {
      g_autofree char *subnet = prop_key (((Rec *) configs->pdata[i])->node, "subnet.id");
      vnet = subnet != NULL ? parent_key (subnet) : NULL;
    }
  if (vnet == NULL)
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL,
               _("ipConfigurations: the route server's IP configuration (its subnet) is not in the input: "
                 "not imported"));
      return;
    }
  if (!reference (self, rec, vnet, _("virtual network"), "ipConfigurations[0].subnet.id"))
    return;
  rs = new_object (self, rec, VNL_KIND_ROUTE_SERVER, NULL);
  set (self, rec, rs, "vnet", object_for (self, vnet));
  set (self, rec, rs, "branch-to-branch", prop_bool (rec->node, "allowBranchToBranchTraffic", FALSE) ? "true" : "false");
  for (guint i = 0; preference != NULL && i < G_N_ELEMENTS (preferences); i++)
    if (g_ascii_strcasecmp (preference, preferences[i].azure) == 0)
      {
        set (self, rec, rs, "hub-routing-preference", preferences[i].design);
        preference = NULL;
      }
  if (preference != NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, rs->parent.name,
             _("hubRoutingPreference %s: not a known value; ExpressRoute (the default) assumed"), preference);
  set (self, rec, rs, "address-1", array_string (ips, 0));
  set (self, rec, rs, "address-2", array_string (ips, 1));
  add_row (self, VNL_IMPORT_READ, rec, rs->parent.name, _("route server (a virtual hub without a Virtual WAN)"));
  for (guint i = 0; i < configs->len; i++)
    add_row (self, VNL_IMPORT_MERGED, configs->pdata[i], rs->parent.name, _("IP configuration of the route server"));
}

/* A route server's BGP connection (`az network routeserver peering
 * list`, virtualHubs/bgpConnections): a route server peering with the
 * appliance whose NIC holds peerIp, which speaks BGP with peerAsn. That
 * address is the peering's default (the appliance's first NIC) unless it
 * is the appliance's second. */
static void
read_rs_peering (VnlImport *self,
                 Rec       *rec)
{
  g_autofree char *hub = parent_key (rec->key);
  const char *rs = object_for (self, hub);
  const char *peer_ip = prop_str (rec->node, "peerIp");
  GPtrArray *appliances = vnl_design_get_objects (self->design, VNL_KIND_APPLIANCE);
  VnlAppliance *appliance = NULL;
  VnlRsPeering *peering;
  guint32 address;

  if (rs == NULL || vnl_design_lookup_kind (self->design, rs, VNL_KIND_ROUTE_SERVER) == NULL)
    {
      if (rs != NULL && vnl_design_lookup_kind (self->design, rs, VNL_KIND_VIRTUAL_HUB) != NULL)
        add_row (self, VNL_IMPORT_IGNORED, rec, rs,
                 _("a BGP connection of a Virtual WAN hub (an NVA peering with the hub router): not modelled by "
                   "this version of vnetlab"));
      else if (hub != NULL && g_hash_table_contains (self->by_key, hub))
        add_row (self, VNL_IMPORT_IGNORED, rec, NULL, _("a BGP connection of a hub not imported: not imported"));
      else
        add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its route server %s is not in the input: not imported"),
                 hub != NULL ? hub : "?");
      return;
    }
  if (peer_ip == NULL)
    {
      missing (self, rec, "peerIp");
      return;
    }
  if (!vnl_ip_parse (peer_ip, &address))
    {
      if (self->error == NULL)
        g_set_error (&self->error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_INVALID,
                     _("%s: %s.peerIp: “%s” is not an IPv4 address"), rec->file, rec->path, peer_ip);
      return;
    }
  for (guint i = 0; i < appliances->len && appliance == NULL; i++)
    {
      VnlAppliance *a = appliances->pdata[i];
      if (a->address == address || (a->address_2 != 0 && a->address_2 == address))
        appliance = a;
    }
  if (appliance == NULL)
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL,
               _("peerIp: no network virtual appliance of the input holds %s: not imported"), peer_ip);
      return;
    }
  peering = new_object (self, rec, VNL_KIND_RS_PEERING, NULL);
  set (self, rec, peering, "route-server", rs);
  set (self, rec, peering, "appliance", appliance->parent.name);
  set_uint (self, rec, peering, "peer-asn", prop_int (rec->node, "peerAsn"));
  if (address != appliance->address)
    set (self, rec, peering, "peer-ip", peer_ip);
  /* Azure does not hold the appliance's own BGP settings: its ASN is the
   * one the route server expects (what it announces is not in Azure). */
  if (appliance->asn == 0)
    set_uint (self, rec, appliance, "asn", prop_int (rec->node, "peerAsn"));
  add_row (self, VNL_IMPORT_READ, rec, peering->parent.name, _("route server peering with the appliance %s"),
           appliance->parent.name);
}

/* Virtual WAN (spec §3.2, the vWAN row; docs/vwan.md). A virtualWans
 * resource is a virtual-wan; a virtualHubs resource WITH virtualWan.id a
 * virtual-hub (without, a route server: read_route_server). What sits in
 * a hub names it: vpnGateways and expressRouteGateways (virtualHub.id)
 * are gateways whose `vnet` is the hub, an Azure Firewall with
 * virtualHub.id the hub's firewall (read_firewall), its children
 * (hubRouteTables, hubVirtualNetworkConnections, routingIntent) are
 * route tables, connections and the hub's policies. A vpnSites resource
 * is a local network gateway (the branch as Azure holds it, as
 * localNetworkGateways are); the VPN gateway's connections[]
 * (vpnConnections) its site-to-site connections; an ExpressRoute
 * gateway's expressRouteConnections[] connections to the circuit whose
 * private peering they name. */

static void
read_virtual_wan (VnlImport *self,
                  Rec       *rec)
{
  JsonObject *o = json_node_get_object (rec->node);
  JsonNode *props = json_object_get_member (o, "properties");
  VnlVirtualWan *wan = new_object (self, rec, VNL_KIND_VIRTUAL_WAN, NULL);
  JsonNode *b2b = prop (rec->node, "allowBranchToBranchTraffic");
  /* The resource's own `type` is "Microsoft.Network/virtualWans"; the
   * WAN's (Standard/Basic) is properties.type, which the CLI's flattened
   * output names typePropertiesType as its top-level `type` is taken. */
  const char *type = props != NULL && JSON_NODE_HOLDS_OBJECT (props) ? prop_str (props, "type")
                                                                      : prop_str (rec->node, "typePropertiesType");
  set (self, rec, wan, "type", type != NULL && g_ascii_strcasecmp (type, "Basic") == 0 ? "basic" : "standard");
  add_row (self, VNL_IMPORT_READ, rec, wan->parent.name, _("Virtual WAN"));
  /* Absent, the WAN keeps the kind's default: on ("Enabling
   * branch-to-branch is enabled by default", virtual-wan-faq.md). */
  if (b2b != NULL)
    set (self, rec, wan, "branch-to-branch", prop_bool (rec->node, "allowBranchToBranchTraffic", TRUE) ? "true" : "false");
  if (prop_bool (rec->node, "disableVpnEncryption", FALSE))
    add_row (self, VNL_IMPORT_IGNORED, rec, wan->parent.name,
             _("disableVpnEncryption: not modelled by this version of vnetlab"));
}

static const struct { const char *azure; const char *design; } hub_preferences[] = {
  { "ExpressRoute", "expressroute" }, { "VpnGateway", "vpn" }, { "ASPath", "as-path" },
};

static void
read_virtual_hub (VnlImport *self,
                  Rec       *rec)
{
  g_autofree char *wan_key = prop_key (rec->node, "virtualWan.id");
  const char *prefix = prop_str (rec->node, "addressPrefix");
  const char *preference = prop_str (rec->node, "hubRoutingPreference");
  static const char *const not_modelled[] = {
    "p2SVpnGateway.id", "securityPartnerProvider.id", "routeTable.routes", "virtualHubRouteTableV2s",
  };
  VnlVirtualHub *hub;

  if (!reference (self, rec, wan_key, _("Virtual WAN"), "virtualWan.id"))
    return;
  if (prefix == NULL)
    {
      missing (self, rec, "addressPrefix");
      return;
    }
  hub = new_object (self, rec, VNL_KIND_VIRTUAL_HUB, NULL);
  set (self, rec, hub, "wan", object_for (self, wan_key));
  set (self, rec, hub, "location",
       ensure_location (self, rec, prop_str (rec->node, "location"), VNL_LOCATION_AZURE_REGION));
  set (self, rec, hub, "address-prefix", prefix);
  set_uint (self, rec, hub, "asn", prop_int (rec->node, "virtualRouterAsn") > 0
                                   ? prop_int (rec->node, "virtualRouterAsn") : VNL_AZURE_DEFAULT_ASN);
  for (guint i = 0; preference != NULL && i < G_N_ELEMENTS (hub_preferences); i++)
    if (g_ascii_strcasecmp (preference, hub_preferences[i].azure) == 0)
      {
        set (self, rec, hub, "routing-preference", hub_preferences[i].design);
        preference = NULL;
      }
  add_row (self, VNL_IMPORT_READ, rec, hub->parent.name, _("Virtual WAN hub"));
  if (preference != NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, hub->parent.name,
             _("hubRoutingPreference %s: not a known value; ExpressRoute (the default) assumed"), preference);
  for (guint i = 0; i < G_N_ELEMENTS (not_modelled); i++)
    {
      JsonNode *v = prop (rec->node, not_modelled[i]);
      if (v != NULL && !(JSON_NODE_HOLDS_ARRAY (v) && json_array_get_length (json_node_get_array (v)) == 0))
        add_row (self, VNL_IMPORT_IGNORED, rec, hub->parent.name, _("%s: not modelled by this version of vnetlab"),
                 not_modelled[i]);
    }
}

/* The hub a child resource (virtualHubs/X/...) belongs to, or NULL with
 * the child reported. */
static VnlVirtualHub *
hub_of_child (VnlImport *self,
              Rec       *rec)
{
  g_autofree char *hub = parent_key (rec->key);
  const char *name = object_for (self, hub);
  VnlVirtualHub *found = name != NULL ? vnl_design_lookup_kind (self->design, name, VNL_KIND_VIRTUAL_HUB) : NULL;

  if (found == NULL)
    add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its virtual hub %s is not imported: not imported"),
             hub != NULL ? hub : "?");
  return found;
}

static gboolean
is_default_table_key (const char *key)
{
  return key != NULL && g_str_has_suffix (key, "/hubroutetables/defaultroutetable");
}

static gboolean
is_none_table_key (const char *key)
{
  return key != NULL && g_str_has_suffix (key, "/hubroutetables/noneroutetable");
}

/* A hub route table (virtualHubs/hubRouteTables): its labels; the
 * hub's defaultRouteTable is an object only when it holds static routes
 * or labels beyond "default" (vnl-design.h: the Default table needs
 * none), noneRouteTable never. Its routes name connections and the
 * hub's firewall, read after them (read_hub_table_routes). */
static void
read_hub_route_table (VnlImport *self,
                      Rec       *rec)
{
  VnlVirtualHub *hub = hub_of_child (self, rec);
  JsonArray *labels = prop_array (rec->node, "labels");
  JsonArray *routes = prop_array (rec->node, "routes");
  gboolean is_default = is_default_table_key (rec->key);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *wanted = NULL;
  VnlHubRouteTable *table;

  if (hub == NULL)
    return;
  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      const char *label = array_string (labels, i);
      if (label != NULL && !(is_default && g_ascii_strcasecmp (label, "default") == 0))
        g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", label);
    }
  if (is_none_table_key (rec->key)
      || (is_default && text->len == 0 && (routes == NULL || json_array_get_length (routes) == 0)))
    {
      add_row (self, VNL_IMPORT_MERGED, rec, hub->parent.name,
               is_default ? _("the hub's Default route table, without static routes: no object needed")
                          : _("the hub's None route table: no object needed"));
      return;
    }
  wanted = is_default ? g_strdup_printf ("%s-default", hub->parent.name) : NULL;
  table = new_object (self, rec, VNL_KIND_HUB_ROUTE_TABLE, wanted);
  set (self, rec, table, "hub", hub->parent.name);
  if (text->len > 0)
    set (self, rec, table, "labels", text->str);
  if (is_default)
    set (self, rec, table, "is-default", "true");
  add_row (self, VNL_IMPORT_READ, rec, table->parent.name, _("hub route table"));
  g_ptr_array_add (self->hub_tables, rec);
}

/* A hub route table's routes[] {name, destinationType CIDR,
 * destinations[], nextHopType ResourceId, nextHop}, once the
 * connections and firewalls they name are read: one static route per
 * destination. */
static void
read_hub_table_routes (VnlImport *self,
                       Rec       *rec)
{
  JsonArray *routes = prop_array (rec->node, "routes");
  const char *table = object_for (self, rec->key);
  g_autoptr(GString) rows = g_string_new (NULL);

  for (guint i = 0; routes != NULL && i < json_array_get_length (routes); i++)
    {
      JsonNode *route = json_array_get_element (routes, i);
      const char *name = prop_str (route, "name");
      const char *dest_type = prop_str (route, "destinationType");
      const char *hop_type = prop_str (route, "nextHopType");
      JsonArray *destinations = prop_array (route, "destinations");
      g_autofree char *hop_key = prop_key (route, "nextHop");
      const char *hop = object_for (self, hop_key);
      Rec where = *rec;
      g_autofree char *path = g_strdup_printf ("%s.routes[%u]", rec->path, i);

      where.path = path;
      if (dest_type != NULL && g_ascii_strcasecmp (dest_type, "CIDR") != 0)
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, table,
                   _("destinationType %s: only CIDR destinations are modelled: route left out"), dest_type);
          continue;
        }
      if (hop_type != NULL && g_ascii_strcasecmp (hop_type, "ResourceId") != 0)
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, table,
                   _("nextHopType %s: only a resource (a connection, the hub's firewall) is modelled: route left out"),
                   hop_type);
          continue;
        }
      if (hop == NULL)
        {
          add_row (self, VNL_IMPORT_OUTSIDE, &where, table,
                   _("nextHop: %s is not imported: route left out"), hop_key != NULL ? hop_key : "?");
          continue;
        }
      for (guint j = 0; destinations != NULL && j < json_array_get_length (destinations); j++)
        {
          const char *prefix = array_string (destinations, j);
          g_autofree char *route_name = j == 0 ? g_strdup (name != NULL ? name : "route")
                                               : g_strdup_printf ("%s-%u", name != NULL ? name : "route", j + 1);
          if (prefix != NULL)
            g_string_append_printf (rows, "%s%s\t%s\t%s\t", rows->len > 0 ? "\n" : "", route_name, prefix, hop);
        }
    }
  if (rows->len > 0 && table != NULL)
    set (self, rec, vnl_design_lookup (self->design, table), "static-routes", rows->str);
}

/* A connection's routingConfiguration {associatedRouteTable.id,
 * propagatedRouteTables.{ids[].id, labels[]}} and enableInternetSecurity
 * (about-virtual-hub-routing.md: "Each connection is associated to one
 * route table"; propagation to tables and labels). The hub's Default
 * table without an object is the design's default association; the
 * labels ["default"] (Azure's default, with the Default table of its
 * hub) the design's default propagation (no labels), beside the tables
 * named; no labels at all "none" with those tables. */
static void
read_hub_routing (VnlImport  *self,
                  Rec        *rec,
                  gpointer    object,
                  gboolean    internet_security)
{
  const char *name = ((VnlObject *) object)->name;
  g_autofree char *assoc = prop_key (rec->node, "routingConfiguration.associatedRouteTable.id");
  JsonArray *ids = prop_array (rec->node, "routingConfiguration.propagatedRouteTables.ids");
  JsonArray *labels = prop_array (rec->node, "routingConfiguration.propagatedRouteTables.labels");
  g_autoptr(GString) tables = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_labels = labels != NULL ? json_array_get_length (labels) : 0;
  gboolean only_default = n_labels > 0;
  gboolean labelled_default = FALSE;

  for (guint j = 0; j < n_labels; j++)
    labelled_default |= g_ascii_strcasecmp (array_string (labels, j) ? array_string (labels, j) : "", "default") == 0;
  set (self, rec, object, "internet-security",
       prop_bool (rec->node, "enableInternetSecurity", internet_security) ? "true" : "false");
  /* The hub's defaultRouteTable, an object or not, is the default
   * association. */
  if (assoc != NULL && object_for (self, assoc) != NULL && !is_default_table_key (assoc))
    set (self, rec, object, "associated-route-table", object_for (self, assoc));
  else if (assoc != NULL && !is_default_table_key (assoc))
    add_row (self, VNL_IMPORT_OUTSIDE, rec, name,
             _("routingConfiguration.associatedRouteTable.id: %s is not imported: associated with Default"), assoc);

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      g_autofree char *key = prop_key (json_array_get_element (ids, i), "id");
      const char *table = object_for (self, key);

      /* A Default table is covered by the label "default" when it is
       * there. */
      if (is_default_table_key (key) && labelled_default)
        continue;
      if (table != NULL)
        g_string_append_printf (tables, "%s%s", tables->len > 0 ? "\n" : "", table);
      else if (is_default_table_key (key))
        add_row (self, VNL_IMPORT_IGNORED, rec, name,
                 _("routingConfiguration.propagatedRouteTables.ids[%u]: the Default route table of one hub "
                   "alone is not modelled; propagate to the label default instead"), i);
      else if (!is_none_table_key (key))
        add_row (self, VNL_IMPORT_OUTSIDE, rec, name,
                 _("routingConfiguration.propagatedRouteTables.ids[%u]: %s is not imported: not propagated there"),
                 i, key != NULL ? key : "?");
    }
  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      const char *label = array_string (labels, i);
      if (label == NULL)
        continue;
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", label);
      only_default &= g_ascii_strcasecmp (label, "default") == 0;
    }
  if (tables->len > 0)
    set (self, rec, object, "propagated-route-tables", tables->str);
  if (n_labels > 0 && !only_default)
    set (self, rec, object, "propagated-labels", text->str);
  else if (n_labels == 0 && (labels != NULL || ids != NULL))
    set (self, rec, object, "propagated-labels", "none");

  static const char *const not_modelled[] = {
    "routingConfiguration.inboundRouteMap.id", "routingConfiguration.outboundRouteMap.id",
  };
  for (guint i = 0; i < G_N_ELEMENTS (not_modelled); i++)
    if (prop_str (rec->node, not_modelled[i]) != NULL)
      add_row (self, VNL_IMPORT_IGNORED, rec, name, _("%s: route maps are not modelled by this version of vnetlab"),
               not_modelled[i]);
}

/* A hub virtual network connection: the spoke (remoteVirtualNetwork.id),
 * enableInternetSecurity ("true" by default for VNet connections,
 * [VWAN-EFF]), its routing configuration and its static routes
 * (vnetRoutes.staticRoutes[] {name, addressPrefixes[], nextHopIpAddress}). */
static void
read_hub_connection (VnlImport *self,
                     Rec       *rec)
{
  VnlVirtualHub *hub = hub_of_child (self, rec);
  g_autofree char *vnet = prop_key (rec->node, "remoteVirtualNetwork.id");
  JsonArray *statics = prop_array (rec->node, "routingConfiguration.vnetRoutes.staticRoutes");
  const char *criteria = prop_str (rec->node,
                                   "routingConfiguration.vnetRoutes.staticRoutesConfig.vnetLocalRouteOverrideCriteria");
  g_autoptr(GString) rows = g_string_new (NULL);
  VnlHubConnection *conn;

  if (hub == NULL || !reference (self, rec, vnet, _("virtual network"), "remoteVirtualNetwork.id"))
    return;
  conn = new_object (self, rec, VNL_KIND_HUB_CONNECTION, NULL);
  set (self, rec, conn, "vnet", object_for (self, vnet));
  set (self, rec, conn, "hub", hub->parent.name);
  read_hub_routing (self, rec, conn, TRUE);
  for (guint i = 0; statics != NULL && i < json_array_get_length (statics); i++)
    {
      JsonNode *route = json_array_get_element (statics, i);
      JsonArray *prefixes = prop_array (route, "addressPrefixes");
      const char *name = prop_str (route, "name");
      const char *hop = prop_str (route, "nextHopIpAddress");

      for (guint j = 0; prefixes != NULL && j < json_array_get_length (prefixes); j++)
        {
          g_autofree char *route_name = j == 0 ? g_strdup (name != NULL ? name : "route")
                                               : g_strdup_printf ("%s-%u", name != NULL ? name : "route", j + 1);
          if (array_string (prefixes, j) != NULL)
            g_string_append_printf (rows, "%s%s\t%s\t\t%s", rows->len > 0 ? "\n" : "", route_name,
                                    array_string (prefixes, j), hop != NULL ? hop : "");
        }
    }
  if (rows->len > 0)
    set (self, rec, conn, "static-routes", rows->str);
  add_row (self, VNL_IMPORT_READ, rec, conn->parent.name, _("hub virtual network connection"));
  if (criteria != NULL && g_ascii_strcasecmp (criteria, "Contains") != 0)
    add_row (self, VNL_IMPORT_IGNORED, rec, conn->parent.name,
             _("routingConfiguration.vnetRoutes.staticRoutesConfig.vnetLocalRouteOverrideCriteria %s: "
               "not modelled (Contains assumed)"), criteria);
  if (!prop_bool (rec->node, "allowHubToRemoteVnetTransit", TRUE)
      || !prop_bool (rec->node, "allowRemoteVnetToUseHubVnetGateways", TRUE))
    add_row (self, VNL_IMPORT_IGNORED, rec, conn->parent.name,
             _("allowHubToRemoteVnetTransit / allowRemoteVnetToUseHubVnetGateways off: not modelled"));
}

/* A VPN site: a local network gateway (the branch's device as Azure
 * holds it). Its address space; its first link's public address
 * (vpnSiteLinks[].ipAddress) and BGP (the link's bgpProperties, else
 * the site's); further links are not modelled. */
static void
read_vpn_site (VnlImport *self,
               Rec       *rec)
{
  g_autoptr(GPtrArray) links = children_of (self, rec, "microsoft.network/vpnsites/vpnsitelinks");
  Rec *link = links->len > 0 ? links->pdata[0] : NULL;
  JsonNode *bgp_node = link != NULL && prop (link->node, "bgpProperties") != NULL ? link->node : rec->node;
  gint64 asn = prop_int (bgp_node, "bgpProperties.asn");
  const char *address = link != NULL ? prop_str (link->node, "ipAddress") : prop_str (rec->node, "ipAddress");
  g_autoptr(GString) text = g_string_new (NULL);
  VnlLng *lng = new_object (self, rec, VNL_KIND_LNG, NULL);

  set (self, rec, lng, "public-address", address);
  join_prefixes (text, prop_array (rec->node, "addressSpace.addressPrefixes"));
  if (text->len > 0)
    set (self, rec, lng, "prefixes", text->str);
  if (asn > 0)
    {
      set_uint (self, rec, lng, "asn", asn);
      set (self, rec, lng, "bgp-address", prop_str (bgp_node, "bgpProperties.bgpPeeringAddress"));
    }
  add_row (self, VNL_IMPORT_READ, rec, lng->parent.name,
           _("VPN site: a local network gateway (the site and its CE router are not in Azure)"));
  for (guint i = 0; i < links->len; i++)
    if (i == 0)
      add_row (self, VNL_IMPORT_MERGED, links->pdata[i], lng->parent.name,
               _("VPN site link: its public address and BGP read into the local network gateway"));
    else
      add_row (self, VNL_IMPORT_IGNORED, links->pdata[i], lng->parent.name,
               _("a second link of a VPN site: one link per site is modelled"));
  if (prop_str (rec->node, "fqdn") != NULL || (link != NULL && prop_str (link->node, "fqdn") != NULL))
    add_row (self, VNL_IMPORT_IGNORED, rec, lng->parent.name, _("fqdn: not resolved"));
}

/* A gateway in a Virtual WAN hub (vpnGateways, expressRouteGateways):
 * a gateway of the design whose `vnet` is the hub. */
static VnlGateway *
hub_gateway (VnlImport  *self,
             Rec        *rec,
             const char *type)
{
  g_autofree char *hub = prop_key (rec->node, "virtualHub.id");
  VnlGateway *gw;

  if (!reference (self, rec, hub, _("virtual hub"), "virtualHub.id"))
    return NULL;
  gw = new_object (self, rec, VNL_KIND_GATEWAY, NULL);
  set (self, rec, gw, "vnet", object_for (self, hub));
  set (self, rec, gw, "type", type);
  set_uint (self, rec, gw, "asn", prop_int (rec->node, "bgpSettings.asn") > 0
                                  ? prop_int (rec->node, "bgpSettings.asn") : VNL_AZURE_DEFAULT_ASN);
  return gw;
}

static void
read_vpn_gateway (VnlImport *self,
                  Rec       *rec)
{
  VnlGateway *gw = hub_gateway (self, rec, "vpn");

  if (gw == NULL)
    return;
  read_vpn_bgp (self, rec, gw);
  add_row (self, VNL_IMPORT_READ, rec, gw->parent.name, _("VPN gateway of a virtual hub"));
  if (prop_array (rec->node, "natRules") != NULL && json_array_get_length (prop_array (rec->node, "natRules")) > 0)
    add_row (self, VNL_IMPORT_IGNORED, rec, gw->parent.name, _("natRules: NAT is not modelled by this version of vnetlab"));
}

/* A VPN gateway's connection to a VPN site (vpnGateways/vpnConnections,
 * inline as connections[]): a site-to-site connection, BGP as its link
 * connection says; "enableInternetSecurity" is off by default for
 * branches ([VWAN-EFF]). */
static void
read_vpn_connection (VnlImport *self,
                     Rec       *rec)
{
  g_autofree char *gw_key = parent_key (rec->key);
  g_autofree char *site = prop_key (rec->node, "remoteVpnSite.id");
  g_autoptr(GPtrArray) links = children_of (self, rec, "microsoft.network/vpngateways/vpnconnections/vpnlinkconnections");
  Rec *link = links->len > 0 ? links->pdata[0] : NULL;
  JsonNode *link_node = link != NULL ? link->node : rec->node;
  const char *ike = prop_str (link_node, "vpnConnectionProtocolType");
  VnlS2sConnection *c;

  if (object_for (self, gw_key) == NULL)
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its VPN gateway %s is not imported: not imported"),
               gw_key != NULL ? gw_key : "?");
      return;
    }
  if (!reference (self, rec, site, _("VPN site"), "remoteVpnSite.id"))
    return;
  c = new_object (self, rec, VNL_KIND_S2S_CONNECTION, NULL);
  set (self, rec, c, "gateway", object_for (self, gw_key));
  set (self, rec, c, "local-network-gateway", object_for (self, site));
  set (self, rec, c, "bgp", prop_bool (link_node, "enableBgp", prop_bool (rec->node, "enableBgp", FALSE)) ? "true" : "false");
  set (self, rec, c, "ike-version", ike != NULL && g_ascii_strcasecmp (ike, "IKEv1") == 0 ? "1" : "2");
  read_hub_routing (self, rec, c, FALSE);
  add_row (self, VNL_IMPORT_READ, rec, c->parent.name, _("site-to-site VPN connection to a virtual hub"));
  if (prop (rec->node, "sharedKey") != NULL || (link != NULL && prop (link->node, "sharedKey") != NULL))
    add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name, _("sharedKey: secrets are never read into a design"));
  for (guint i = 0; i < links->len; i++)
    if (i == 0)
      add_row (self, VNL_IMPORT_MERGED, links->pdata[i], c->parent.name,
               _("VPN link connection: read into the site-to-site connection"));
    else
      add_row (self, VNL_IMPORT_IGNORED, links->pdata[i], c->parent.name,
               _("a second link connection: one link per site is modelled"));
  if (prop_bool (link_node, "usePolicyBasedTrafficSelectors", FALSE))
    add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name,
             _("usePolicyBasedTrafficSelectors: traffic selectors are not modelled (read as route-based)"));
}

static void
read_er_gateway (VnlImport *self,
                 Rec       *rec)
{
  VnlGateway *gw = hub_gateway (self, rec, "expressroute");

  if (gw != NULL)
    add_row (self, VNL_IMPORT_READ, rec, gw->parent.name, _("ExpressRoute gateway of a virtual hub"));
}

/* An ExpressRoute gateway's connection (expressRouteConnections[]): to
 * the circuit whose private peering expressRouteCircuitPeering.id names. */
static void
read_er_hub_connection (VnlImport *self,
                        Rec       *rec)
{
  g_autofree char *gw_key = parent_key (rec->key);
  g_autofree char *peering = prop_key (rec->node, "expressRouteCircuitPeering.id");
  gint64 weight = prop_int (rec->node, "routingWeight");
  VnlErConnection *c;

  if (object_for (self, gw_key) == NULL)
    {
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its ExpressRoute gateway %s is not imported: not imported"),
               gw_key != NULL ? gw_key : "?");
      return;
    }
  if (!reference (self, rec, peering, _("ExpressRoute circuit peering"), "expressRouteCircuitPeering.id"))
    return;
  c = new_object (self, rec, VNL_KIND_ER_CONNECTION, NULL);
  set (self, rec, c, "gateway", object_for (self, gw_key));
  set (self, rec, c, "circuit", object_for (self, peering));
  set_uint (self, rec, c, "routing-weight", weight > 0 ? weight : 0);
  read_hub_routing (self, rec, c, FALSE);
  add_row (self, VNL_IMPORT_READ, rec, c->parent.name, _("ExpressRoute connection to a virtual hub"));
  if (prop (rec->node, "authorizationKey") != NULL)
    add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name, _("authorizationKey: secrets are never read into a design"));
  if (prop_bool (rec->node, "expressRouteGatewayBypass", FALSE) || prop_bool (rec->node, "enablePrivateLinkFastPath", FALSE))
    add_row (self, VNL_IMPORT_IGNORED, rec, c->parent.name,
             _("expressRouteGatewayBypass: FastPath is not modelled by this version of vnetlab"));
}

/* Routing intent (virtualHubs/routingIntent, how-to-routing-policies.md):
 * routingPolicies[] {name, destinations [Internet | PrivateTraffic],
 * nextHop}: "at most one Internet and one Private policy per hub", each
 * to the hub's firewall. */
static void
read_routing_intent (VnlImport *self,
                     Rec       *rec)
{
  VnlVirtualHub *hub = hub_of_child (self, rec);
  JsonArray *policies = prop_array (rec->node, "routingPolicies");

  if (hub == NULL)
    return;
  add_row (self, VNL_IMPORT_READ, rec, hub->parent.name, _("routing intent of the hub"));
  for (guint i = 0; policies != NULL && i < json_array_get_length (policies); i++)
    {
      JsonNode *policy = json_array_get_element (policies, i);
      JsonArray *destinations = prop_array (policy, "destinations");
      g_autofree char *hop_key = prop_key (policy, "nextHop");
      const char *hop = object_for (self, hop_key);
      Rec where = *rec;
      g_autofree char *path = g_strdup_printf ("%s.routingPolicies[%u]", rec->path, i);

      where.path = path;
      if (hop == NULL || vnl_design_lookup_kind (self->design, hop, VNL_KIND_FIREWALL) == NULL)
        {
          add_row (self, hop_key != NULL && g_hash_table_contains (self->by_key, hop_key)
                         ? VNL_IMPORT_IGNORED : VNL_IMPORT_OUTSIDE, &where, hub->parent.name,
                   _("nextHop %s: not an Azure Firewall of the input (an NVA or SaaS in the hub is not modelled): "
                     "policy left out"), hop_key != NULL ? hop_key : "?");
          continue;
        }
      for (guint j = 0; destinations != NULL && j < json_array_get_length (destinations); j++)
        {
          const char *d = array_string (destinations, j);
          if (d != NULL && g_ascii_strcasecmp (d, "Internet") == 0)
            set (self, rec, hub, "internet-policy", hop);
          else if (d != NULL && g_ascii_strcasecmp (d, "PrivateTraffic") == 0)
            set (self, rec, hub, "private-policy", hop);
          else
            add_row (self, VNL_IMPORT_IGNORED, &where, hub->parent.name, _("destination %s: not modelled"),
                     d != NULL ? d : "?");
        }
    }
}

/* Types vnetlab knows of but cannot model yet: why, for the report. */
static const struct
{
  const char *type;
  const char *why;
} unsupported[] = {
  { "microsoft.network/firewallpolicies", N_("a firewall policy no firewall of the input uses: not imported") },
  { "microsoft.network/firewallpolicies/rulecollectiongroups",
    N_("a rule collection group of a policy no firewall of the input uses: not imported") },
  { "microsoft.network/virtualhubs", N_("this part of a Virtual WAN hub is not modelled by this version of vnetlab") },
  { "microsoft.network/p2svpngateways",
    N_("Virtual WAN point-to-site (user VPN) gateways are not modelled by this version of vnetlab") },
  { "microsoft.network/vpnserverconfigurations",
    N_("point-to-site VPN server configurations are not modelled by this version of vnetlab") },
  { "microsoft.network/networkvirtualappliances",
    N_("a network virtual appliance in a Virtual WAN hub is not modelled by this version of vnetlab") },
  { "microsoft.network/bastionhosts", N_("Azure Bastion is not modelled by this version of vnetlab") },
};

typedef void (*ReadFunc) (VnlImport *self, Rec *rec);

/* In reading order: what others refer to first. */
static const struct
{
  const char *type;
  ReadFunc    read;
} readers[] = {
  { "microsoft.network/publicipaddresses", read_public_ip },
  { "microsoft.network/virtualnetworks", read_vnet },
  { "microsoft.network/routetables", read_route_table },
  { "microsoft.network/privateendpoints", read_private_endpoint },
  { "microsoft.network/networkinterfaces", read_nic },
  { "microsoft.network/virtualwans", read_virtual_wan },
  { "microsoft.network/virtualhubs", read_route_server },
  { "microsoft.network/azurefirewalls", read_firewall },
  { "microsoft.network/virtualhubs/hubroutetables", read_hub_route_table },
  { "microsoft.network/virtualhubs/bgpconnections", read_rs_peering },
  { "microsoft.network/loadbalancers", read_lb },
  { "microsoft.network/applicationsecuritygroups", read_asg },
  { "microsoft.network/networksecuritygroups", read_nsg },
  { "microsoft.network/virtualnetworkgateways", read_gateway },
  { "microsoft.network/localnetworkgateways", read_lng },
  { "microsoft.network/expressroutecircuits", read_circuit },
  { "microsoft.network/connections", read_connection },
  { "microsoft.network/virtualnetworks/virtualnetworkpeerings", read_peering },
  { "microsoft.network/expressroutecircuits/peerings/connections", read_global_reach },
  { "microsoft.network/virtualhubs/hubvirtualnetworkconnections", read_hub_connection },
  { "microsoft.network/vpnsites", read_vpn_site },
  { "microsoft.network/vpngateways", read_vpn_gateway },
  { "microsoft.network/vpngateways/vpnconnections", read_vpn_connection },
  { "microsoft.network/expressroutegateways", read_er_gateway },
  { "microsoft.network/expressroutegateways/expressrouteconnections", read_er_hub_connection },
  { "microsoft.network/virtualhubs/routingintent", read_routing_intent },
};

static void
report_rest (VnlImport *self,
             Rec       *rec)
{
  const char *type = g_str_has_prefix (rec->type, "microsoft.network/virtualhubs/")
                     ? "microsoft.network/virtualhubs" : rec->type;

  if (g_str_equal (rec->type, "microsoft.network/virtualnetworks/subnets")
      || g_str_equal (rec->type, "microsoft.network/expressroutecircuits/peerings")
      || g_str_equal (rec->type, "microsoft.network/routetables/routes")
      || g_str_equal (rec->type, "microsoft.network/virtualhubs/ipconfigurations")
      || g_str_equal (rec->type, "microsoft.network/vpnsites/vpnsitelinks")
      || g_str_equal (rec->type, "microsoft.network/vpngateways/vpnconnections/vpnlinkconnections")
      || g_str_has_prefix (rec->type, "microsoft.network/networksecuritygroups/"))
    {
      g_autofree char *pk = parent_key (rec->key);
      add_row (self, VNL_IMPORT_OUTSIDE, rec, NULL, _("its parent %s is not in the input: not imported"),
               pk != NULL ? pk : "?");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    if (g_str_equal (type, unsupported[i].type))
      {
        add_row (self, VNL_IMPORT_IGNORED, rec, NULL, "%s", _(unsupported[i].why));
        return;
      }
  add_row (self, VNL_IMPORT_IGNORED, rec, NULL,
           g_str_has_prefix (rec->type, "microsoft.network/")
           ? _("this network resource type is not modelled by this version of vnetlab")
           : _("not a network resource: vnetlab models the network only"));
}

/* metadata.vnetlab of a template vnetlab exported: what Azure does not
 * hold (vnl-arm-export.c), applied over the objects read. A value that
 * does not apply is reported, not fatal: the resources are the truth. */
static void
meta_fields (VnlImport  *self,
             Rec        *where,
             gpointer    object,
             JsonObject *fields)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) local = NULL;
      const char *text = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;

      if (text == NULL)
        continue;
      if (!vnl_object_set_text (self->design, object, key, text, &local) && text[0] != '\0')
        add_row (self, VNL_IMPORT_IGNORED, where, ((VnlObject *) object)->name, "%s: %s", key, local->message);
    }
}

static void
apply_metadata (VnlImport *self)
{
  JsonNode *meta = self->metadata;
  JsonArray *objects = prop_array (meta, "objects");
  JsonArray *latencies = prop_array (meta, "latencies");
  Rec where = { NULL, NULL, NULL, self->metadata_file, (char *) "$.metadata.vnetlab", NULL, FALSE };
  guint n = 0;

  if (prop_str (meta, "title") != NULL)
    vnl_design_set_title (self->design, prop_str (meta, "title"));
  double ms;
  if (prop_double (meta, "default-latency-ms", &ms))
    vnl_design_set_default_latency (self->design, ms);
  if (prop_double (meta, "intra-latency-ms", &ms))
    vnl_design_set_intra_latency (self->design, ms);

  for (guint i = 0; objects != NULL && i < json_array_get_length (objects); i++)
    {
      JsonNode *o = json_array_get_element (objects, i);
      const char *kind_name = prop_str (o, "kind");
      const char *name = prop_str (o, "name");
      JsonNode *fields = prop (o, "fields");
      g_autofree char *path = g_strdup_printf ("$.metadata.vnetlab.objects[%u]", i);
      VnlKind kind;
      VnlObject *object;

      where.path = path;
      if (kind_name == NULL || name == NULL || !vnl_kind_from_string (kind_name, &kind))
        continue;
      object = vnl_design_lookup (self->design, name);
      /* A link is named by its circuit and role in Azure. */
      if (object == NULL && kind == VNL_KIND_LINK && fields != NULL)
        {
          VnlCircuit *c = vnl_design_lookup_kind (self->design, prop_str (fields, "circuit"), VNL_KIND_CIRCUIT);
          guint slot = g_strcmp0 (prop_str (fields, "role"), "secondary") == 0;
          if (c != NULL && c->links[slot] != NULL)
            {
              object = vnl_design_lookup (self->design, c->links[slot]);
              vnl_design_rename (self->design, object, name, NULL);
            }
        }
      /* A hub's Default route table is defaultRouteTable in Azure. */
      if (object == NULL && kind == VNL_KIND_HUB_ROUTE_TABLE && fields != NULL
          && g_strcmp0 (prop_str (fields, "is-default"), "true") == 0)
        {
          GPtrArray *tables = vnl_design_get_objects (self->design, VNL_KIND_HUB_ROUTE_TABLE);
          for (guint t = 0; t < tables->len && object == NULL; t++)
            {
              VnlHubRouteTable *table = tables->pdata[t];
              if (table->is_default && g_strcmp0 (table->hub, prop_str (fields, "hub")) == 0)
                {
                  object = tables->pdata[t];
                  vnl_design_rename (self->design, object, name, NULL);
                }
            }
        }
      if (object == NULL && prop_bool (o, "azure", TRUE))
        {
          add_row (self, VNL_IMPORT_IGNORED, &where, NULL,
                   _("metadata for %s, which the resources do not hold: not applied"), name);
          continue;
        }
      if (object == NULL)
        {
          object = vnl_object_new (kind, name);
          vnl_design_add (self->design, object, NULL);
        }
      if (object->kind != kind)
        continue;
      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        meta_fields (self, &where, object, json_node_get_object (fields));
      double x, y;
      if (prop_double (o, "x", &x) && prop_double (o, "y", &y))
        {
          object->has_pos = TRUE;
          object->pos.x = x;
          object->pos.y = y;
        }
      object->up = prop_bool (o, "up", TRUE);
      n++;
    }
  for (guint i = 0; latencies != NULL && i < json_array_get_length (latencies); i++)
    {
      JsonNode *e = json_array_get_element (latencies, i);
      JsonArray *l = JSON_NODE_HOLDS_ARRAY (e) ? json_node_get_array (e) : NULL;
      JsonNode *v = l != NULL && json_array_get_length (l) == 3 ? json_array_get_element (l, 2) : NULL;

      if (v != NULL && JSON_NODE_HOLDS_VALUE (v) && array_string (l, 0) != NULL && array_string (l, 1) != NULL)
        vnl_design_add_latency (self->design, array_string (l, 0), array_string (l, 1), json_node_get_double (v));
    }
  where.path = (char *) "$.metadata.vnetlab";
  add_row (self, VNL_IMPORT_MERGED, &where, NULL,
           _("what Azure does not hold, for %u objects (sites, CE routers, positions, states), from vnetlab's export"), n);
}

/* The latency between every two locations the import made (regions of
 * the resources, peering locations of the circuits) that the built-in
 * table knows (vnl-regions.c, docs/latencies.md); other pairs keep the
 * design's default. A template vnetlab exported carries the design's own
 * latencies instead (apply_metadata). */
static void
add_table_latencies (VnlImport *self)
{
  GPtrArray *locations = vnl_design_get_objects (self->design, VNL_KIND_LOCATION);

  for (guint i = 0; i < locations->len; i++)
    for (guint j = i + 1; j < locations->len; j++)
      {
        const char *a = ((VnlObject *) locations->pdata[i])->name;
        const char *b = ((VnlObject *) locations->pdata[j])->name;
        double ms = vnl_region_latency_ms (a, b);

        if (ms >= 0)
          vnl_design_add_latency (self->design, a, b, ms);
      }
}

VnlDesign *
vnl_import_run (VnlImport  *self,
                GError    **error)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autofree char *title = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  self->design = design;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rt_subnets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->nsg_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->vms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->hub_tables = g_ptr_array_new ();
  g_clear_error (&self->error);

  if (self->titles->len <= 3)
    {
      g_ptr_array_add (self->titles, NULL);
      title = g_strjoinv (", ", (char **) self->titles->pdata);
      g_ptr_array_remove_index (self->titles, self->titles->len - 1);
    }
  else
    title = g_strdup_printf (_("Imported from %s and %u other files"), (char *) self->titles->pdata[0],
                             self->titles->len - 1);
  vnl_design_set_title (design, title);

  for (guint r = 0; r < G_N_ELEMENTS (readers) && self->error == NULL; r++)
    for (guint i = 0; i < self->records->len && self->error == NULL; i++)
      {
        Rec *rec = self->records->pdata[i];
        if (!rec->done && g_str_equal (rec->type, readers[r].type))
          readers[r].read (self, rec);
      }
  for (guint i = 0; i < self->hub_tables->len && self->error == NULL; i++)
    read_hub_table_routes (self, self->hub_tables->pdata[i]);
  for (guint i = 0; i < self->records->len && self->error == NULL; i++)
    {
      Rec *rec = self->records->pdata[i];
      if (!rec->done)
        report_rest (self, rec);
    }
  if (self->metadata != NULL && self->error == NULL)
    apply_metadata (self);
  else if (self->error == NULL)
    add_table_latencies (self);

  self->design = NULL;
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->pips, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_hash_table_unref);
  g_clear_pointer (&self->rt_subnets, g_hash_table_unref);
  g_clear_pointer (&self->nsg_links, g_hash_table_unref);
  g_clear_pointer (&self->vms, g_hash_table_unref);
  g_clear_pointer (&self->pools, g_hash_table_unref);
  g_clear_pointer (&self->hub_tables, g_ptr_array_unref);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return NULL;
    }
  return g_steal_pointer (&design);
}
