/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-xml-private.h"
#include "vnl-core-resources.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Loading .vnetlab files.
 *
 * Loading runs in four fenced stages, each of which can only fail with
 * "FILE:LINE: reason":
 *
 *  1. size: anything over VNL_FILE_MAX_SIZE is refused before a byte is
 *     parsed;
 *  2. syntax: libxml2 parses with XML_PARSE_NONET and without NOENT or
 *     DTDLOAD; a DOCTYPE is refused the moment the parser sees it (our
 *     format has none), so no entity is ever declared, let alone expanded —
 *     this is what defeats both external-entity reads and entity bombs;
 *  3. root and version: <design version="1"> in VNL_FILE_NAMESPACE;
 *  4. schema: the RelaxNG schema compiled into the core as a resource; every
 *     error is collected, each with its line.
 *
 * Then the tree is turned into a VnlDesign. That step never fails: a value
 * that does not parse (an address, a prefix, an out-of-range ASN) becomes a
 * VnlLoadProblem stored on the design and reported by vnl_design_validate()
 * with the semantic problems, and a reference to an unknown object is kept
 * as a name.
 *
 */

#define RNG_RESOURCE          "/io/github/vnetlab/core/vnetlab.rng"

/* Parsing: stages 1 to 4 */

typedef struct
{
  const char *display_name;   /* borrowed */
  GPtrArray  *problems;       /* borrowed, nullable, of VnlProblem* */
  gboolean    doctype;
  guint       doctype_line;
  char       *message;        /* owned: first fatal parser message */
  guint       line;
} ParseState;

static char *
clean_libxml_message (const char *message)
{
  char *text = g_strdup (message ? message : "");

  g_strstrip (text);
  return text;
}

static guint
error_line (const xmlError *error)
{
  if (error->node != NULL)
    {
      long line = xmlGetLineNo ((xmlNode *) error->node);
      if (line > 0)
        return (guint) line;
    }
  return error->line > 0 ? (guint) error->line : 0;
}

static void
on_parse_error (void     *user_data,
                xmlError *error)
{
  xmlParserCtxt *ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state == NULL || error->level < XML_ERR_ERROR || state->message != NULL)
    return;

  state->message = clean_libxml_message (error->message);
  state->line = error->line > 0 ? (guint) error->line : 1;
}

/* The format has no DOCTYPE. Stopping here, before the internal subset is
 * read, means no entity can be declared: no external entity is fetched and
 * no "billion laughs" is expanded, whatever the parser's own limits. */
static void
on_internal_subset (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = user_data;
  ParseState *state = ctxt->_private;

  state->doctype = TRUE;
  state->doctype_line = ctxt->input != NULL ? (guint) ctxt->input->line : 1;
  xmlStopParser (ctxt);
}

static void
ignore_error (void     *user_data,
              xmlError *error)
{
}

static gboolean
fail (ParseState  *state,
      GError     **error,
      VnlFileError code,
      guint        line,
      const char  *message)
{
  if (state->problems != NULL)
    g_ptr_array_add (state->problems, _vnl_problem_new (state->display_name, line, NULL, message));

  if (line > 0)
    g_set_error (error, VNL_FILE_ERROR, code, "%s:%u: %s", state->display_name, line, message);
  else
    g_set_error (error, VNL_FILE_ERROR, code, "%s: %s", state->display_name, message);

  return FALSE;
}

static xmlRelaxNG *
get_schema (void)
{
  static gsize initialized = 0;
  static xmlRelaxNG *schema = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      xmlRelaxNGParserCtxt *pctxt;
      gsize size = 0;
      const char *data;

      bytes = g_resource_lookup_data (vnl_core_get_resource (), RNG_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);
      data = g_bytes_get_data (bytes, &size);

      pctxt = xmlRelaxNGNewMemParserCtxt (data, (int) size);
      xmlRelaxNGSetParserStructuredErrors (pctxt, ignore_error, NULL);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);

      /* The schema is part of the program: failing to compile it is a bug. */
      g_assert (schema != NULL);

      g_once_init_leave (&initialized, 1);
    }

  return schema;
}

typedef struct
{
  ParseState *state;
  guint       n_errors;
} SchemaErrors;

static void
on_schema_error (void     *user_data,
                 xmlError *error)
{
  SchemaErrors *errors = user_data;
  ParseState *state = errors->state;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  guint line;

  if (error->level < XML_ERR_ERROR)
    return;

  line = error_line (error);
  text = clean_libxml_message (error->message);
  message = g_strdup_printf (_("does not match the schema: %s"), text);

  errors->n_errors++;
  if (state->problems != NULL)
    g_ptr_array_add (state->problems, _vnl_problem_new (state->display_name, line, NULL, message));

  /* The error message gets every line, so that one GError tells it all. */
  if (state->message == NULL)
    {
      state->message = g_strdup_printf ("%s:%u: %s", state->display_name, line, message);
      state->line = line;
    }
  else
    {
      char *joined = g_strdup_printf ("%s\n%s:%u: %s", state->message, state->display_name, line, message);
      g_free (state->message);
      state->message = joined;
    }
}

static xmlDoc *
parse_document (const char  *data,
                gsize        length,
                ParseState  *state,
                GError     **error)
{
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlRelaxNGValidCtxt) vctxt = NULL;
  g_autofree char *version = NULL;
  SchemaErrors schema_errors = { state, 0 };
  xmlNode *root;
  xmlChar *value;
  int options;

  /* Stage 1: size. */
  if (length > VNL_FILE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
      g_autofree char *message =
        g_strdup_printf (_("the file is too large (%s bytes, the limit is %d MiB)"),
                         bytes, VNL_FILE_MAX_SIZE / (1024 * 1024));
      fail (state, error, VNL_FILE_ERROR_TOO_LARGE, 0, message);
      return NULL;
    }

  /* Stage 2: well-formed XML, no DOCTYPE, nothing fetched. */
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      fail (state, error, VNL_FILE_ERROR_IO, 0, _("out of memory"));
      return NULL;
    }
  ctxt->sax->serror = on_parse_error;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;

  options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
  ctxt->_private = state;
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, options);

  if (state->doctype)
    {
      fail (state, error, VNL_FILE_ERROR_SYNTAX, state->doctype_line,
            _("a DOCTYPE is not allowed in a design file (entities are never expanded)"));
      return NULL;
    }

  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);
      g_autofree char *message = NULL;
      guint line = state->line;

      if (state->message == NULL && last != NULL && last->message != NULL)
        {
          state->message = clean_libxml_message (last->message);
          line = last->line > 0 ? (guint) last->line : 1;
        }
      message = g_strdup_printf (_("not a well-formed XML file: %s"),
                                 state->message ? state->message : _("unknown error"));
      fail (state, error, VNL_FILE_ERROR_SYNTAX, line > 0 ? line : 1, message);
      return NULL;
    }

  /* Stage 3: our root element and version. */
  root = xmlDocGetRootElement (doc);
  if (root == NULL || root->ns == NULL ||
      g_strcmp0 ((const char *) root->ns->href, VNL_FILE_NAMESPACE) != 0 ||
      g_strcmp0 ((const char *) root->name, "design") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("not a vnetlab design: the root element must be <design> in the namespace %s"),
                         VNL_FILE_NAMESPACE);
      fail (state, error, VNL_FILE_ERROR_VERSION, root ? (guint) xmlGetLineNo (root) : 1, message);
      return NULL;
    }

  value = xmlGetNoNsProp (root, (const xmlChar *) "version");
  version = g_strdup ((const char *) value);
  xmlFree (value);
  if (g_strcmp0 (version, G_STRINGIFY (VNL_FILE_VERSION)) != 0)
    {
      g_autofree char *message = NULL;

      if (version == NULL)
        message = g_strdup_printf (_("the format version is missing (this program reads version %d)"),
                                   VNL_FILE_VERSION);
      else
        message = g_strdup_printf (_("unsupported format version “%s” (this program reads version %d)"),
                                   version, VNL_FILE_VERSION);
      fail (state, error, VNL_FILE_ERROR_VERSION, (guint) xmlGetLineNo (root), message);
      return NULL;
    }

  /* Stage 4: the schema, every error. */
  g_clear_pointer (&state->message, g_free);
  vctxt = xmlRelaxNGNewValidCtxt (get_schema ());
  xmlRelaxNGSetValidStructuredErrors (vctxt, on_schema_error, &schema_errors);
  if (xmlRelaxNGValidateDoc (vctxt, doc) != 0)
    {
      if (schema_errors.n_errors == 0)
        {
          g_autofree char *message = g_strdup (_("does not match the schema"));
          fail (state, error, VNL_FILE_ERROR_SCHEMA, (guint) xmlGetLineNo (root), message);
          return NULL;
        }

      /* The problems were added one by one; the error carries them all. */
      g_set_error_literal (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SCHEMA, state->message);
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* Building the design */

typedef struct
{
  VnlDesign       *design;         /* borrowed */
  VnlLoadProblems *load_problems;  /* borrowed */
} Loader;

static void load_problem (Loader        *loader,
                          gconstpointer  object,
                          const char    *field,
                          guint          line,
                          const char    *format,
                          ...) G_GNUC_PRINTF (5, 6);

static void
load_problem (Loader        *loader,
              gconstpointer  object,
              const char    *field,
              guint          line,
              const char    *format,
              ...)
{
  VnlLoadProblem *problem = g_new0 (VnlLoadProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->object = object;
  problem->field = field;
  problem->line = line;
  problem->name = object ? g_strdup (((const VnlObject *) object)->name) : NULL;
  _vnl_load_problems_add (loader->load_problems, problem);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         strcmp ((const char *) node->ns->href, VNL_FILE_NAMESPACE) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static guint
node_line (xmlNode *node)
{
  long line = xmlGetLineNo (node);
  return line > 0 ? (guint) line : 0;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *result = g_strdup ((const char *) value);

  xmlFree (value);
  return result;
}

static void
read_ip (Loader     *loader,
         gpointer    object,
         xmlNode    *node,
         const char *attr,
         guint32    *out)
{
  g_autofree char *text = get_attr (node, attr);

  if (text == NULL)
    return;

  if (!vnl_ip_parse (text, out))
    {
      *out = 0;
      load_problem (loader, object, attr, node_line (node),
                    _("invalid IP address “%s” in %s"), text, attr);
    }
}

/* Returns FALSE when the attribute is missing or invalid (reported). */
static gboolean
read_prefix (Loader     *loader,
             gpointer    object,
             xmlNode    *node,
             const char *attr,
             VnlPrefix  *out)
{
  g_autofree char *text = get_attr (node, attr);
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;

  if (!vnl_prefix_parse (text, out, &error))
    {
      out->addr = 0;
      out->len = 0;
      load_problem (loader, object, attr, node_line (node),
                    _("invalid prefix in %s: %s"), attr, error->message);
      return FALSE;
    }

  return TRUE;
}

static void
read_uint (Loader     *loader,
           gpointer    object,
           xmlNode    *node,
           const char *attr,
           guint64     max,
           guint      *out)
{
  g_autofree char *text = get_attr (node, attr);
  guint64 value = 0;

  if (text == NULL)
    return;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      load_problem (loader, object, attr, node_line (node),
                    _("invalid number “%s” in %s (0 to %s)"), text, attr, limit);
      return;
    }

  *out = (guint) value;
}

/* An out-of-range ASN becomes 0 with a load problem on @attr; validation
 * does not report the 0 again. */
static void
read_asn (Loader     *loader,
          gpointer    object,
          xmlNode    *node,
          const char *attr,
          guint32    *out)
{
  g_autofree char *text = get_attr (node, attr);
  guint64 value = 0;

  if (text == NULL)
    return;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    {
      *out = 0;
      load_problem (loader, object, attr, node_line (node),
                    _("ASN %s is out of range (1 to 4294967295)"), text);
      return;
    }

  *out = (guint32) value;
}

static gboolean
read_double (xmlNode    *node,
             const char *attr,
             double     *out)
{
  g_autofree char *text = get_attr (node, attr);
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;

  g_strstrip (text);
  if (g_str_equal (text, "INF"))
    value = INFINITY;
  else if (g_str_equal (text, "-INF"))
    value = -INFINITY;
  else
    {
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return FALSE;
    }

  *out = value;
  return TRUE;
}

static void
read_bool (xmlNode    *node,
           const char *attr,
           gboolean   *out)
{
  g_autofree char *text = get_attr (node, attr);

  if (text == NULL)
    return;
  g_strstrip (text);
  *out = g_str_equal (text, "true") || g_str_equal (text, "1");
}

/* Header fields shared by every object: line, state, position, bends. */
static gpointer
new_object (VnlKind  kind,
            xmlNode *node)
{
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *state = get_attr (node, "state");
  VnlObject *object = vnl_object_new (kind, name ? name : "");
  double x, y;

  object->line = node_line (node);
  object->up = g_strcmp0 (state, "down") != 0;

  if (read_double (node, "x", &x) && read_double (node, "y", &y))
    {
      object->has_pos = TRUE;
      object->pos.x = x;
      object->pos.y = y;
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "bend"))
      {
        VnlPoint point = { 0, 0 };
        read_double (child, "x", &point.x);
        read_double (child, "y", &point.y);
        g_array_append_val (object->bends, point);
      }

  return object;
}

static void
add_object (Loader   *loader,
            gpointer  object)
{
  _vnl_design_add_unchecked (loader->design, object);
}

static void
load_locations (Loader  *loader,
                xmlNode *node)
{
  double value;

  if (read_double (node, "default-latency-ms", &value))
    vnl_design_set_default_latency (loader->design, value);
  if (read_double (node, "intra-latency-ms", &value))
    vnl_design_set_intra_latency (loader->design, value);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "location"))
        {
          VnlLocation *location = new_object (VNL_KIND_LOCATION, child);
          g_autofree char *kind = get_attr (child, "kind");

          if (g_strcmp0 (kind, "peering-location") == 0)
            location->location_kind = VNL_LOCATION_PEERING_LOCATION;
          else if (g_strcmp0 (kind, "on-premises") == 0)
            location->location_kind = VNL_LOCATION_ON_PREMISES;
          else
            location->location_kind = VNL_LOCATION_AZURE_REGION;
          location->display_name = get_attr (child, "display-name");
          read_double (child, "intra-latency-ms", &location->intra_ms);
          add_object (loader, location);
        }
      else if (is_element (child, "latency"))
        {
          g_autofree char *a = get_attr (child, "a");
          g_autofree char *b = get_attr (child, "b");
          GPtrArray *latencies = vnl_design_get_latencies (loader->design);
          double ms = 0;
          guint n_before = latencies->len;

          read_double (child, "ms", &ms);
          vnl_design_add_latency (loader->design, a ? a : "", b ? b : "", ms);

          if (latencies->len > n_before)
            ((VnlLatency *) latencies->pdata[latencies->len - 1])->line = node_line (child);
          else
            {
              guint first = 0;

              for (guint i = 0; i < latencies->len; i++)
                {
                  VnlLatency *latency = latencies->pdata[i];
                  if ((g_strcmp0 (latency->a, a) == 0 && g_strcmp0 (latency->b, b) == 0) ||
                      (g_strcmp0 (latency->a, b) == 0 && g_strcmp0 (latency->b, a) == 0))
                    first = latency->line;
                }
              load_problem (loader, NULL, NULL, node_line (child),
                            _("duplicate latency between “%s” and “%s” (first given on line %u; the last one wins)"),
                            a, b, first);
            }
        }
    }
}

static void
load_endpoint (Loader     *loader,
               xmlNode    *node,
               const char *owner)
{
  VnlEndpoint *endpoint = new_object (VNL_KIND_ENDPOINT, node);
  g_autofree char *owner_attr = get_attr (node, "owner");

  endpoint->owner = owner_attr ? g_steal_pointer (&owner_attr) : g_strdup (owner);
  read_ip (loader, endpoint, node, "address", &endpoint->address);
  add_object (loader, endpoint);
}

static void
load_vnet (Loader  *loader,
           xmlNode *node)
{
  VnlVnet *vnet = new_object (VNL_KIND_VNET, node);

  vnet->location = get_attr (node, "location");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "address-space"))
        {
          VnlPrefix prefix;
          if (read_prefix (loader, vnet, child, "prefix", &prefix))
            g_array_append_val (vnet->address_spaces, prefix);
        }
      else if (is_element (child, "subnet"))
        {
          VnlPrefix prefix;
          if (read_prefix (loader, vnet, child, "prefix", &prefix))
            {
              VnlSubnet *subnet = g_new0 (VnlSubnet, 1);
              subnet->name = get_attr (child, "name");
              subnet->prefix = prefix;
              subnet->line = node_line (child);
              g_ptr_array_add (vnet->subnets, subnet);
            }
        }
    }

  add_object (loader, vnet);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "endpoint"))
      load_endpoint (loader, child, vnet->parent.name);
}

static void
load_gateway (Loader  *loader,
              xmlNode *node)
{
  VnlGateway *gateway = new_object (VNL_KIND_GATEWAY, node);
  g_autofree char *type = get_attr (node, "type");

  gateway->vnet = get_attr (node, "vnet");
  gateway->type = g_strcmp0 (type, "expressroute") == 0 ? VNL_GATEWAY_EXPRESSROUTE : VNL_GATEWAY_VPN;
  gateway->sku = get_attr (node, "sku");
  read_asn (loader, gateway, node, "asn", &gateway->asn);
  read_ip (loader, gateway, node, "bgp-address", &gateway->bgp_address);
  read_ip (loader, gateway, node, "public-address", &gateway->public_address);
  read_bool (node, "active-active", &gateway->active_active);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "instance"))
      {
        guint32 address = 0;
        g_autofree char *text = get_attr (child, "address");

        if (text != NULL && vnl_ip_parse (text, &address))
          g_array_append_val (gateway->instances, address);
        else
          load_problem (loader, gateway, "instance", node_line (child),
                        _("invalid IP address “%s” in instance"), text ? text : "");
      }

  add_object (loader, gateway);
}

static void
load_link (Loader     *loader,
           xmlNode    *node,
           const char *circuit)
{
  VnlLink *link = new_object (VNL_KIND_LINK, node);
  g_autofree char *circuit_attr = get_attr (node, "circuit");
  g_autofree char *role = get_attr (node, "role");

  link->circuit = circuit_attr ? g_steal_pointer (&circuit_attr) : g_strdup (circuit);
  link->role = g_strcmp0 (role, "secondary") == 0 ? VNL_LINK_SECONDARY : VNL_LINK_PRIMARY;
  read_prefix (loader, link, node, "subnet", &link->subnet);
  read_ip (loader, link, node, "ce-address", &link->ce_address);
  read_ip (loader, link, node, "msee-address", &link->msee_address);
  link->ce = get_attr (node, "ce");
  add_object (loader, link);
}

static void
load_circuit (Loader  *loader,
              xmlNode *node)
{
  VnlCircuit *circuit = new_object (VNL_KIND_CIRCUIT, node);
  g_autofree char *sku = get_attr (node, "sku");

  circuit->provider = get_attr (node, "provider");
  circuit->peering_location = get_attr (node, "peering-location");
  read_uint (loader, circuit, node, "bandwidth-mbps", G_MAXUINT32, &circuit->bandwidth_mbps);
  circuit->sku = g_strcmp0 (sku, "premium") == 0 ? VNL_CIRCUIT_SKU_PREMIUM : VNL_CIRCUIT_SKU_STANDARD;
  read_asn (loader, circuit, node, "microsoft-asn", &circuit->microsoft_asn);
  read_asn (loader, circuit, node, "peer-asn", &circuit->peer_asn);
  read_uint (loader, circuit, node, "vlan", 4094, &circuit->vlan);
  add_object (loader, circuit);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "link"))
      load_link (loader, child, circuit->parent.name);
}

static void
load_ce (Loader     *loader,
         xmlNode    *node,
         const char *site)
{
  VnlCe *ce = new_object (VNL_KIND_CE, node);
  g_autofree char *site_attr = get_attr (node, "site");

  ce->site = site_attr ? g_steal_pointer (&site_attr) : g_strdup (site);
  read_asn (loader, ce, node, "asn", &ce->asn);
  read_ip (loader, ce, node, "lan-address", &ce->lan_address);
  read_ip (loader, ce, node, "tunnel-address", &ce->tunnel_address);
  read_ip (loader, ce, node, "public-address", &ce->public_address);
  read_uint (loader, ce, node, "maximum-paths", 256, &ce->maximum_paths);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "neighbor"))
      {
        VnlCePolicy *policy = g_new0 (VnlCePolicy, 1);
        guint local_preference = 0;

        policy->peer = get_attr (child, "peer");
        policy->line = node_line (child);
        policy->export_prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
        read_uint (loader, ce, child, "local-preference", G_MAXUINT32, &local_preference);
        policy->local_preference = local_preference;
        read_uint (loader, ce, child, "as-path-prepend", 16, &policy->as_path_prepend);

        for (xmlNode *export = child->children; export != NULL; export = export->next)
          if (is_element (export, "export"))
            {
              VnlPrefix prefix;
              if (read_prefix (loader, ce, export, "prefix", &prefix))
                g_array_append_val (policy->export_prefixes, prefix);
            }

        g_ptr_array_add (ce->policies, policy);
      }

  add_object (loader, ce);
}

static void
load_site (Loader  *loader,
           xmlNode *node)
{
  VnlSite *site = new_object (VNL_KIND_SITE, node);

  site->location = get_attr (node, "location");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "prefix"))
        {
          VnlPrefix prefix;
          if (read_prefix (loader, site, child, "value", &prefix))
            g_array_append_val (site->prefixes, prefix);
        }
      else if (is_element (child, "hop"))
        {
          VnlSiteHop *hop = g_new0 (VnlSiteHop, 1);
          hop->name = get_attr (child, "name");
          hop->line = node_line (child);
          read_ip (loader, site, child, "address", &hop->address);
          read_ip (loader, site, child, "uplink-address", &hop->uplink_address);
          g_ptr_array_add (site->hops, hop);
        }
    }

  add_object (loader, site);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "endpoint"))
        load_endpoint (loader, child, site->parent.name);
      else if (is_element (child, "ce"))
        load_ce (loader, child, site->parent.name);
    }
}

static void
load_lng (Loader  *loader,
          xmlNode *node)
{
  VnlLng *lng = new_object (VNL_KIND_LNG, node);

  lng->location = get_attr (node, "location");
  read_ip (loader, lng, node, "public-address", &lng->public_address);
  read_asn (loader, lng, node, "asn", &lng->asn);
  read_ip (loader, lng, node, "bgp-address", &lng->bgp_address);
  lng->ce = get_attr (node, "ce");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "prefix"))
      {
        VnlPrefix prefix;
        if (read_prefix (loader, lng, child, "value", &prefix))
          g_array_append_val (lng->prefixes, prefix);
      }

  add_object (loader, lng);
}

static void
load_peering (Loader  *loader,
              xmlNode *node)
{
  VnlPeering *peering = new_object (VNL_KIND_PEERING, node);
  gboolean seen[2] = { FALSE, FALSE };

  peering->vnet_a = get_attr (node, "vnet-a");
  peering->vnet_b = get_attr (node, "vnet-b");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "side"))
      {
        g_autofree char *vnet = get_attr (child, "vnet");
        VnlPeeringSide *side;
        guint i;

        /* A VNet peered with itself has two sides of the same name: take
         * them in order. */
        if (g_strcmp0 (vnet, peering->vnet_a) == 0 && !seen[0])
          i = 0;
        else if (g_strcmp0 (vnet, peering->vnet_b) == 0 && !seen[1])
          i = 1;
        else if (g_strcmp0 (vnet, peering->vnet_a) == 0 || g_strcmp0 (vnet, peering->vnet_b) == 0)
          {
            load_problem (loader, peering, "side", node_line (child),
                          _("the side of “%s” is given twice"), vnet);
            continue;
          }
        else
          {
            load_problem (loader, peering, "side", node_line (child),
                          _("side “%s” is neither vnet-a “%s” nor vnet-b “%s”"),
                          vnet, peering->vnet_a, peering->vnet_b);
            continue;
          }

        seen[i] = TRUE;
        side = &peering->side[i];
        read_bool (child, "allow-virtual-network-access", &side->allow_virtual_network_access);
        read_bool (child, "allow-forwarded-traffic", &side->allow_forwarded_traffic);
        read_bool (child, "allow-gateway-transit", &side->allow_gateway_transit);
        read_bool (child, "use-remote-gateways", &side->use_remote_gateways);
      }

  add_object (loader, peering);
}

static void
load_connection (Loader  *loader,
                 xmlNode *node)
{
  if (is_element (node, "expressroute-connection"))
    {
      VnlErConnection *conn = new_object (VNL_KIND_ER_CONNECTION, node);
      conn->gateway = get_attr (node, "gateway");
      conn->circuit = get_attr (node, "circuit");
      read_uint (loader, conn, node, "routing-weight", G_MAXUINT32, &conn->routing_weight);
      add_object (loader, conn);
    }
  else if (is_element (node, "global-reach"))
    {
      VnlGlobalReach *conn = new_object (VNL_KIND_GLOBAL_REACH, node);
      conn->circuit_a = get_attr (node, "circuit-a");
      conn->circuit_b = get_attr (node, "circuit-b");
      add_object (loader, conn);
    }
  else if (is_element (node, "s2s-connection"))
    {
      VnlS2sConnection *conn = new_object (VNL_KIND_S2S_CONNECTION, node);
      conn->gateway = get_attr (node, "gateway");
      conn->lng = get_attr (node, "local-network-gateway");
      read_bool (node, "bgp", &conn->bgp);
      read_uint (loader, conn, node, "ike-version", 2, &conn->ike_version);
      conn->shared_key = get_attr (node, "shared-key");
      add_object (loader, conn);
    }
  else if (is_element (node, "vnet-to-vnet-connection"))
    {
      VnlV2vConnection *conn = new_object (VNL_KIND_V2V_CONNECTION, node);
      conn->gateway_a = get_attr (node, "gateway-a");
      conn->gateway_b = get_attr (node, "gateway-b");
      read_bool (node, "bgp", &conn->bgp);
      conn->shared_key = get_attr (node, "shared-key");
      add_object (loader, conn);
    }
}

/* circuit->links[] is derived from the links' roles; the first link of
 * each role wins, validation reports the others. */
static void
link_circuits (VnlDesign *design)
{
  GPtrArray *links = vnl_design_get_objects (design, VNL_KIND_LINK);

  for (guint i = 0; i < links->len; i++)
    {
      VnlLink *link = links->pdata[i];
      VnlCircuit *circuit = vnl_design_lookup_kind (design, link->circuit, VNL_KIND_CIRCUIT);
      guint slot = link->role == VNL_LINK_SECONDARY ? 1 : 0;

      if (circuit != NULL && circuit->links[slot] == NULL)
        circuit->links[slot] = g_strdup (link->parent.name);
    }
}

static VnlDesign *
build_design (xmlDoc *doc)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  VnlLoadProblems *load_problems = _vnl_load_problems_new ();
  Loader loader = { design, load_problems };
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *title = get_attr (root, "title");

  vnl_design_set_title (design, title);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (node, "locations"))
        load_locations (&loader, node);
      else if (is_element (node, "vnet"))
        load_vnet (&loader, node);
      else if (is_element (node, "gateway"))
        load_gateway (&loader, node);
      else if (is_element (node, "circuit"))
        load_circuit (&loader, node);
      else if (is_element (node, "site"))
        load_site (&loader, node);
      else if (is_element (node, "local-network-gateway"))
        load_lng (&loader, node);
      else if (is_element (node, "peering"))
        load_peering (&loader, node);
      else if (is_element (node, "endpoint"))
        load_endpoint (&loader, node, NULL);
      else if (is_element (node, "ce"))
        load_ce (&loader, node, NULL);
      else if (is_element (node, "link"))
        load_link (&loader, node, NULL);
      else
        load_connection (&loader, node);
    }

  link_circuits (design);

  if (_vnl_load_problems_count (load_problems) > 0)
    _vnl_design_set_load_problems (design, load_problems);
  else
    _vnl_load_problems_free (load_problems);

  return g_steal_pointer (&design);
}

VnlDesign *
_vnl_design_load_data_full (const char  *data,
                            gsize        length,
                            const char  *display_name,
                            GPtrArray   *problems,
                            GError     **error)
{
  ParseState state = { display_name, problems, FALSE, 0, NULL, 0 };
  g_autoptr(xmlDoc) doc = NULL;

  doc = parse_document (data, length, &state, error);
  g_free (state.message);
  if (doc == NULL)
    return NULL;

  return build_design (doc);
}

VnlDesign *
vnl_design_load_from_data (const char  *data,
                           gsize        length,
                           const char  *display_name,
                           GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "(data)";
  if (length == (gsize) -1)
    length = strlen (data);

  return _vnl_design_load_data_full (data ? data : "", length, display_name, NULL, error);
}

/* Reads @path, refusing it before reading when it is too large. Problems
 * go to @problems as well when it is not NULL. */
static char *
read_file (const char  *path,
           gsize       *length,
           GPtrArray   *problems,
           GError     **error)
{
  ParseState state = { path, problems, FALSE, 0, NULL, 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_size > VNL_FILE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_size);
      g_autofree char *message =
        g_strdup_printf (_("the file is too large (%s bytes, the limit is %d MiB)"),
                         bytes, VNL_FILE_MAX_SIZE / (1024 * 1024));
      fail (&state, error, VNL_FILE_ERROR_TOO_LARGE, 0, message);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("cannot read the file (%s)"), local_error->message);

      fail (&state, error, VNL_FILE_ERROR_IO, 0, message);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

VnlDesign *
vnl_design_load (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = read_file (path, &length, NULL, error);
  if (contents == NULL)
    return NULL;

  return _vnl_design_load_data_full (contents, length, path, NULL, error);
}

VnlDesign *
_vnl_design_load_with_problems (const char *path,
                                GPtrArray  *problems)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = read_file (path, &length, problems, NULL);
  if (contents == NULL)
    return NULL;

  return _vnl_design_load_data_full (contents, length, path, problems, NULL);
}

