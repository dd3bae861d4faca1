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
 * Loading and saving .vnetlab files.
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
 * Saving writes the same format in storage order, so that load → save →
 * load → save gives identical bytes. Endpoints, CEs and circuit links are
 * written inside their owner when the owner exists, otherwise at the top
 * level with an owner attribute, so nothing in the model is ever dropped.
 */

#define RNG_RESOURCE          "/io/github/vnetlab/core/vnetlab.rng"
#define LOAD_PROBLEMS_KEY     "vnl-file-load-problems"

G_DEFINE_QUARK (vnl-file-error-quark, vnl_file_error)

/* Problems */

void
vnl_problem_free (VnlProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem->object);
  g_free (problem);
}

char *
vnl_problem_to_string (const VnlProblem *problem)
{
  GString *str;

  g_return_val_if_fail (problem != NULL, NULL);

  str = g_string_new (problem->file ? problem->file : "");
  if (problem->line > 0)
    g_string_append_printf (str, ":%u", problem->line);
  if (str->len > 0)
    g_string_append (str, ": ");
  if (problem->severity == VNL_SEVERITY_WARNING)
    g_string_append (str, _("warning: "));
  g_string_append (str, problem->message);
  if (problem->object != NULL)
    g_string_append_printf (str, " (%s)", problem->object);

  return g_string_free (str, FALSE);
}

guint
vnl_problems_count (GPtrArray   *problems,
                    VnlSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (problems != NULL, 0);

  for (guint i = 0; i < problems->len; i++)
    n += ((VnlProblem *) problems->pdata[i])->severity == severity;
  return n;
}

VnlProblem *
_vnl_problem_new (const char *file,
                  guint       line,
                  const char *object,
                  const char *message)
{
  VnlProblem *problem = g_new0 (VnlProblem, 1);

  problem->file = g_strdup (file);
  problem->line = line;
  problem->object = g_strdup (object);
  problem->message = g_strdup (message);

  return problem;
}

/* Load problems kept on the design */

static void
load_problem_free (VnlLoadProblem *problem)
{
  g_free (problem->message);
  g_free (problem->name);
  g_free (problem);
}

GPtrArray *
_vnl_design_get_load_problems (VnlDesign *design)
{
  return g_object_get_data (G_OBJECT (design), LOAD_PROBLEMS_KEY);
}

gboolean
_vnl_design_has_load_problem (VnlDesign     *design,
                              gconstpointer  object,
                              const char    *field)
{
  GPtrArray *problems = _vnl_design_get_load_problems (design);

  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      VnlLoadProblem *problem = problems->pdata[i];
      if (problem->object == object && g_strcmp0 (problem->field, field) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The value a load problem complains about may be fixed by any change of
 * its object, and a removed object's pointer may be reused: forget them. */
static void
forget_load_problems (VnlDesign *design,
                      gpointer   object,
                      gpointer   user_data)
{
  GPtrArray *problems = _vnl_design_get_load_problems (design);

  if (problems == NULL)
    return;

  for (guint i = problems->len; i > 0; i--)
    {
      VnlLoadProblem *problem = problems->pdata[i - 1];
      if (problem->object == object)
        g_ptr_array_remove_index (problems, i - 1);
    }
}

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
  VnlDesign *design;         /* borrowed */
  GPtrArray *load_problems;  /* borrowed, of VnlLoadProblem* */
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
  g_ptr_array_add (loader->load_problems, problem);
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
  g_autoptr(GPtrArray) load_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) load_problem_free);
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

  if (load_problems->len > 0)
    {
      g_object_set_data_full (G_OBJECT (design), LOAD_PROBLEMS_KEY,
                              g_steal_pointer (&load_problems),
                              (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect (design, "object-changed", G_CALLBACK (forget_load_problems), NULL);
      g_signal_connect (design, "object-removed", G_CALLBACK (forget_load_problems), NULL);
    }

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

/* Saving */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':  g_string_append (out, "&amp;"); break;
        case '<':  g_string_append (out, "&lt;"); break;
        case '>':  g_string_append (out, "&gt;"); break;
        case '"':  g_string_append (out, "&quot;"); break;
        /* Attribute value normalisation would turn these into spaces. */
        case '\t': g_string_append (out, "&#9;"); break;
        case '\n': g_string_append (out, "&#10;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        default:   g_string_append_c (out, *p); break;
        }
    }
}

static void
attr_str (GString    *out,
          const char *name,
          const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s=\"", name);
  append_escaped (out, value);
  g_string_append_c (out, '"');
}

static void
attr_uint (GString    *out,
           const char *name,
           guint64     value)
{
  g_string_append_printf (out, " %s=\"%" G_GUINT64_FORMAT "\"", name, value);
}

static void
attr_bool (GString    *out,
           const char *name,
           gboolean    value)
{
  g_string_append_printf (out, " %s=\"%s\"", name, value ? "true" : "false");
}

static void
attr_ip (GString    *out,
         const char *name,
         guint32     addr)
{
  char buf[16];

  vnl_ip_format (addr, buf);
  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

static void
attr_prefix (GString         *out,
             const char      *name,
             const VnlPrefix *prefix)
{
  char buf[20];

  vnl_prefix_format (prefix, buf);
  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

/* The shortest text that reads back as the same double. */
static void
attr_double (GString    *out,
             const char *name,
             double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_strlcpy (buf, "NaN", sizeof buf);
  else if (isinf (value))
    g_strlcpy (buf, value > 0 ? "INF" : "-INF", sizeof buf);
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.15g", value);
      if (g_ascii_strtod (buf, NULL) != value)
        g_ascii_formatd (buf, sizeof buf, "%.17g", value);
    }

  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* Opens "<name name="…"" with the object's name. */
static void
open_object (GString    *out,
             guint       level,
             const char *element,
             gpointer    data)
{
  VnlObject *object = data;

  indent (out, level);
  g_string_append_printf (out, "<%s", element);
  attr_str (out, "name", object->name);
}

static void
attr_node_tail (GString  *out,
                gpointer  data)
{
  VnlObject *object = data;

  if (object->has_pos)
    {
      attr_double (out, "x", object->pos.x);
      attr_double (out, "y", object->pos.y);
    }
  if (!object->up)
    attr_str (out, "state", "down");
}

/* Closes the start tag: "/>" when @children is empty, else the children
 * and the end tag. */
static void
close_element (GString    *out,
               guint       level,
               const char *element,
               GString    *children)
{
  if (children == NULL || children->len == 0)
    {
      g_string_append (out, "/>\n");
      return;
    }

  g_string_append (out, ">\n");
  g_string_append_len (out, children->str, children->len);
  indent (out, level);
  g_string_append_printf (out, "</%s>\n", element);
}

static void
write_bends (GString  *out,
             guint     level,
             gpointer  data)
{
  VnlObject *object = data;

  for (guint i = 0; i < object->bends->len; i++)
    {
      const VnlPoint *point = &g_array_index (object->bends, VnlPoint, i);
      indent (out, level);
      g_string_append (out, "<bend");
      attr_double (out, "x", point->x);
      attr_double (out, "y", point->y);
      g_string_append (out, "/>\n");
    }
}

static void
write_prefix_list (GString    *out,
                   guint       level,
                   const char *element,
                   const char *attr,
                   GArray     *prefixes)
{
  for (guint i = 0; i < prefixes->len; i++)
    {
      indent (out, level);
      g_string_append_printf (out, "<%s", element);
      attr_prefix (out, attr, &g_array_index (prefixes, VnlPrefix, i));
      g_string_append (out, "/>\n");
    }
}

/* Whether @object is the one its child objects are written into. */
static gboolean
is_container (VnlDesign  *design,
              const char *owner,
              gpointer    object)
{
  return owner != NULL && vnl_design_lookup (design, owner) == object;
}

static gboolean
has_container (VnlDesign  *design,
               const char *owner,
               VnlKind     kind_a,
               VnlKind     kind_b)
{
  VnlObject *object = vnl_design_lookup (design, owner);

  return object != NULL && (object->kind == kind_a || object->kind == kind_b);
}

static void
write_endpoint (GString     *out,
                guint        level,
                VnlEndpoint *endpoint,
                gboolean     orphan)
{
  open_object (out, level, "endpoint", endpoint);
  if (orphan)
    attr_str (out, "owner", endpoint->owner ? endpoint->owner : "");
  attr_ip (out, "address", endpoint->address);
  attr_node_tail (out, endpoint);
  g_string_append (out, "/>\n");
}

static void
write_endpoints_of (GString   *out,
                    guint      level,
                    VnlDesign *design,
                    VnlObject *owner)
{
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);

  for (guint i = 0; i < endpoints->len; i++)
    {
      VnlEndpoint *endpoint = endpoints->pdata[i];
      if (is_container (design, endpoint->owner, owner))
        write_endpoint (out, level, endpoint, FALSE);
    }
}

static void
write_link (GString  *out,
            guint     level,
            VnlLink  *link,
            gboolean  orphan)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, level, "link", link);
  if (orphan)
    attr_str (out, "circuit", link->circuit ? link->circuit : "");
  attr_str (out, "role", link->role == VNL_LINK_SECONDARY ? "secondary" : "primary");
  attr_prefix (out, "subnet", &link->subnet);
  attr_ip (out, "ce-address", link->ce_address);
  attr_ip (out, "msee-address", link->msee_address);
  attr_str (out, "ce", link->ce);
  if (!link->parent.up)
    attr_str (out, "state", "down");
  write_bends (children, level + 1, link);
  close_element (out, level, "link", children);
}

static void
write_ce (GString  *out,
          guint     level,
          VnlCe    *ce,
          gboolean  orphan)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, level, "ce", ce);
  if (orphan)
    attr_str (out, "site", ce->site ? ce->site : "");
  attr_uint (out, "asn", ce->asn);
  attr_ip (out, "lan-address", ce->lan_address);
  if (ce->tunnel_address != 0)
    attr_ip (out, "tunnel-address", ce->tunnel_address);
  if (ce->public_address != 0)
    attr_ip (out, "public-address", ce->public_address);
  attr_uint (out, "maximum-paths", ce->maximum_paths);
  attr_node_tail (out, ce);

  for (guint i = 0; i < ce->policies->len; i++)
    {
      VnlCePolicy *policy = ce->policies->pdata[i];
      g_autoptr(GString) exports = g_string_new (NULL);

      indent (children, level + 1);
      g_string_append (children, "<neighbor");
      attr_str (children, "peer", policy->peer ? policy->peer : "");
      if (policy->local_preference != 0)
        attr_uint (children, "local-preference", policy->local_preference);
      if (policy->as_path_prepend != 0)
        attr_uint (children, "as-path-prepend", policy->as_path_prepend);
      write_prefix_list (exports, level + 2, "export", "prefix", policy->export_prefixes);
      close_element (children, level + 1, "neighbor", exports);
    }

  close_element (out, level, "ce", children);
}

static void
write_locations (GString   *out,
                 VnlDesign *design)
{
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  GPtrArray *latencies = vnl_design_get_latencies (design);
  g_autoptr(GString) children = g_string_new (NULL);

  g_string_append (out, "  <locations");
  attr_double (out, "default-latency-ms", vnl_design_get_default_latency (design));
  attr_double (out, "intra-latency-ms", vnl_design_get_intra_latency (design));

  for (guint i = 0; i < locations->len; i++)
    {
      VnlLocation *location = locations->pdata[i];
      const char *kind = "azure-region";

      if (location->location_kind == VNL_LOCATION_PEERING_LOCATION)
        kind = "peering-location";
      else if (location->location_kind == VNL_LOCATION_ON_PREMISES)
        kind = "on-premises";

      open_object (children, 2, "location", location);
      attr_str (children, "kind", kind);
      attr_str (children, "display-name", location->display_name);
      if (location->intra_ms >= 0)
        attr_double (children, "intra-latency-ms", location->intra_ms);
      if (!location->parent.up)
        attr_str (children, "state", "down");
      g_string_append (children, "/>\n");
    }

  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];

      indent (children, 2);
      g_string_append (children, "<latency");
      attr_str (children, "a", latency->a);
      attr_str (children, "b", latency->b);
      attr_double (children, "ms", latency->ms);
      g_string_append (children, "/>\n");
    }

  close_element (out, 1, "locations", children);
}

static void
write_vnet (GString   *out,
            VnlDesign *design,
            VnlVnet   *vnet)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "vnet", vnet);
  attr_str (out, "location", vnet->location ? vnet->location : "");
  attr_node_tail (out, vnet);

  write_prefix_list (children, 2, "address-space", "prefix", vnet->address_spaces);
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];

      indent (children, 2);
      g_string_append (children, "<subnet");
      attr_str (children, "name", subnet->name ? subnet->name : "");
      attr_prefix (children, "prefix", &subnet->prefix);
      g_string_append (children, "/>\n");
    }
  write_endpoints_of (children, 2, design, (VnlObject *) vnet);

  close_element (out, 1, "vnet", children);
}

static void
write_gateway (GString    *out,
               VnlGateway *gateway)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "gateway", gateway);
  attr_str (out, "vnet", gateway->vnet ? gateway->vnet : "");
  attr_str (out, "type", gateway->type == VNL_GATEWAY_EXPRESSROUTE ? "expressroute" : "vpn");
  attr_str (out, "sku", gateway->sku);
  attr_uint (out, "asn", gateway->asn);
  if (gateway->bgp_address != 0)
    attr_ip (out, "bgp-address", gateway->bgp_address);
  if (gateway->public_address != 0)
    attr_ip (out, "public-address", gateway->public_address);
  if (gateway->active_active)
    attr_bool (out, "active-active", TRUE);
  attr_node_tail (out, gateway);

  for (guint i = 0; i < gateway->instances->len; i++)
    {
      indent (children, 2);
      g_string_append (children, "<instance");
      attr_ip (children, "address", g_array_index (gateway->instances, guint32, i));
      g_string_append (children, "/>\n");
    }

  close_element (out, 1, "gateway", children);
}

static void
write_circuit (GString    *out,
               VnlDesign  *design,
               VnlCircuit *circuit)
{
  GPtrArray *links = vnl_design_get_objects (design, VNL_KIND_LINK);
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "circuit", circuit);
  attr_str (out, "provider", circuit->provider);
  attr_str (out, "peering-location", circuit->peering_location ? circuit->peering_location : "");
  attr_uint (out, "bandwidth-mbps", circuit->bandwidth_mbps);
  attr_str (out, "sku", circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? "premium" : "standard");
  attr_uint (out, "microsoft-asn", circuit->microsoft_asn);
  attr_uint (out, "peer-asn", circuit->peer_asn);
  attr_uint (out, "vlan", circuit->vlan);
  attr_node_tail (out, circuit);

  for (guint i = 0; i < links->len; i++)
    {
      VnlLink *link = links->pdata[i];
      if (is_container (design, link->circuit, circuit))
        write_link (children, 2, link, FALSE);
    }

  close_element (out, 1, "circuit", children);
}

static void
write_site (GString   *out,
            VnlDesign *design,
            VnlSite   *site)
{
  GPtrArray *ces = vnl_design_get_objects (design, VNL_KIND_CE);
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "site", site);
  attr_str (out, "location", site->location ? site->location : "");
  attr_node_tail (out, site);

  write_prefix_list (children, 2, "prefix", "value", site->prefixes);
  for (guint i = 0; i < site->hops->len; i++)
    {
      VnlSiteHop *hop = site->hops->pdata[i];

      indent (children, 2);
      g_string_append (children, "<hop");
      attr_str (children, "name", hop->name);
      attr_ip (children, "address", hop->address);
      if (hop->uplink_address != 0)
        attr_ip (children, "uplink-address", hop->uplink_address);
      g_string_append (children, "/>\n");
    }
  write_endpoints_of (children, 2, design, (VnlObject *) site);
  for (guint i = 0; i < ces->len; i++)
    {
      VnlCe *ce = ces->pdata[i];
      if (is_container (design, ce->site, site))
        write_ce (children, 2, ce, FALSE);
    }

  close_element (out, 1, "site", children);
}

static void
write_lng (GString *out,
           VnlLng  *lng)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "local-network-gateway", lng);
  attr_str (out, "location", lng->location);
  attr_ip (out, "public-address", lng->public_address);
  if (lng->asn != 0)
    attr_uint (out, "asn", lng->asn);
  if (lng->bgp_address != 0)
    attr_ip (out, "bgp-address", lng->bgp_address);
  attr_str (out, "ce", lng->ce);
  attr_node_tail (out, lng);
  write_prefix_list (children, 2, "prefix", "value", lng->prefixes);
  close_element (out, 1, "local-network-gateway", children);
}

static void
write_connection (GString  *out,
                  gpointer  data)
{
  VnlObject *object = data;
  g_autoptr(GString) children = g_string_new (NULL);
  const char *element = vnl_kind_to_string (object->kind);

  open_object (out, 1, element, object);

  switch (object->kind)
    {
    case VNL_KIND_ER_CONNECTION:
      {
        VnlErConnection *conn = data;
        attr_str (out, "gateway", conn->gateway ? conn->gateway : "");
        attr_str (out, "circuit", conn->circuit ? conn->circuit : "");
        attr_uint (out, "routing-weight", conn->routing_weight);
      }
      break;

    case VNL_KIND_GLOBAL_REACH:
      {
        VnlGlobalReach *conn = data;
        attr_str (out, "circuit-a", conn->circuit_a ? conn->circuit_a : "");
        attr_str (out, "circuit-b", conn->circuit_b ? conn->circuit_b : "");
      }
      break;

    case VNL_KIND_S2S_CONNECTION:
      {
        VnlS2sConnection *conn = data;
        attr_str (out, "gateway", conn->gateway ? conn->gateway : "");
        attr_str (out, "local-network-gateway", conn->lng ? conn->lng : "");
        attr_bool (out, "bgp", conn->bgp);
        attr_uint (out, "ike-version", conn->ike_version);
        /* The design file is where the key lives; nothing else prints it. */
        attr_str (out, "shared-key", conn->shared_key);
      }
      break;

    case VNL_KIND_V2V_CONNECTION:
      {
        VnlV2vConnection *conn = data;
        attr_str (out, "gateway-a", conn->gateway_a ? conn->gateway_a : "");
        attr_str (out, "gateway-b", conn->gateway_b ? conn->gateway_b : "");
        attr_bool (out, "bgp", conn->bgp);
        attr_str (out, "shared-key", conn->shared_key);
      }
      break;

    case VNL_KIND_PEERING:
      {
        VnlPeering *peering = data;
        const char *vnets[2] = { peering->vnet_a, peering->vnet_b };

        attr_str (out, "vnet-a", peering->vnet_a ? peering->vnet_a : "");
        attr_str (out, "vnet-b", peering->vnet_b ? peering->vnet_b : "");
        for (guint i = 0; i < 2; i++)
          {
            const VnlPeeringSide *side = &peering->side[i];

            indent (children, 2);
            g_string_append (children, "<side");
            attr_str (children, "vnet", vnets[i] ? vnets[i] : "");
            attr_bool (children, "allow-virtual-network-access", side->allow_virtual_network_access);
            attr_bool (children, "allow-forwarded-traffic", side->allow_forwarded_traffic);
            attr_bool (children, "allow-gateway-transit", side->allow_gateway_transit);
            attr_bool (children, "use-remote-gateways", side->use_remote_gateways);
            g_string_append (children, "/>\n");
          }
      }
      break;

    case VNL_KIND_LOCATION:
    case VNL_KIND_VNET:
    case VNL_KIND_ENDPOINT:
    case VNL_KIND_GATEWAY:
    case VNL_KIND_CIRCUIT:
    case VNL_KIND_LINK:
    case VNL_KIND_SITE:
    case VNL_KIND_CE:
    case VNL_KIND_LNG:
    case VNL_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  if (!object->up)
    attr_str (out, "state", "down");
  write_bends (children, 2, object);
  close_element (out, 1, element, children);
}

char *
vnl_design_to_data (VnlDesign *design,
                    gsize     *length)
{
  static const VnlKind connection_kinds[] = {
    VNL_KIND_ER_CONNECTION,
    VNL_KIND_GLOBAL_REACH,
    VNL_KIND_S2S_CONNECTION,
    VNL_KIND_V2V_CONNECTION,
    VNL_KIND_PEERING,
  };
  GString *out;
  GPtrArray *objects;
  gboolean orphans = FALSE;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out, "<design xmlns=\"%s\" version=\"%d\"", VNL_FILE_NAMESPACE, VNL_FILE_VERSION);
  attr_str (out, "title", vnl_design_get_title (design));
  g_string_append (out, ">\n");

  write_locations (out, design);

  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_vnet (out, design, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_gateway (out, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_circuit (out, design, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_site (out, design, objects->pdata[i]);

  /* Objects whose owner is not in the design: kept at the top level. */
  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *endpoint = objects->pdata[i];
      if (!has_container (design, endpoint->owner, VNL_KIND_VNET, VNL_KIND_SITE))
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_endpoint (out, 1, endpoint, TRUE);
        }
    }
  objects = vnl_design_get_objects (design, VNL_KIND_CE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCe *ce = objects->pdata[i];
      if (!has_container (design, ce->site, VNL_KIND_SITE, VNL_KIND_SITE))
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_ce (out, 1, ce, TRUE);
        }
    }
  objects = vnl_design_get_objects (design, VNL_KIND_LINK);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLink *link = objects->pdata[i];
      if (!has_container (design, link->circuit, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT))
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_link (out, 1, link, TRUE);
        }
    }

  objects = vnl_design_get_objects (design, VNL_KIND_LNG);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_lng (out, objects->pdata[i]);

  for (guint k = 0; k < G_N_ELEMENTS (connection_kinds); k++)
    {
      objects = vnl_design_get_objects (design, connection_kinds[k]);
      if (objects->len > 0)
        g_string_append_c (out, '\n');
      for (guint i = 0; i < objects->len; i++)
        write_connection (out, objects->pdata[i]);
    }

  g_string_append (out, "</design>\n");

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
save_error (GError     **error,
            const char  *path,
            int          saved_errno)
{
  g_set_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO,
               _("cannot write %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Keeps the current PATH as PATH~: a hard link when the file system allows
 * it (PATH itself never disappears), else a copy. */
static gboolean
keep_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_unlink (backup) != 0 && errno != ENOENT)
    return save_error (error, backup, errno);

  if (link (path, backup) == 0)
    return TRUE;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return save_error (error, backup, EIO);

  return g_file_set_contents (backup, contents, length, error);
}

gboolean
vnl_design_save (VnlDesign   *design,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;
  gboolean exists;
  gsize length = 0;
  int mode = 0666;
  int saved_errno;
  int fd;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  exists = g_stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    return save_error (error, path, EISDIR);
  if (exists)
    mode = st.st_mode & 0777;

  data = vnl_design_to_data (design, &length);

  /* The temporary file lives beside PATH so that the final rename stays on
   * one file system and is atomic. */
  tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    return save_error (error, path, errno);

  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  /* Open applied the umask; a replaced file keeps its own mode exactly.
   * Failing to is not worth failing the save for. */
  if (exists)
    (void) fchmod (fd, (mode_t) mode);

  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  if (exists && !keep_backup (path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  /* Make the rename itself durable. */
  dir = g_path_get_dirname (path);
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  return TRUE;
}
