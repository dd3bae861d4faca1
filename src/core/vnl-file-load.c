/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-kinds.h"
#include "vnl-firewall.h"
#include "vnl-nsg.h"
#include "vnl-scenario.h"
#include "vnl-xml-private.h"
#include "vnl-core-resources.h"

#include <libxml/SAX2.h>
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
 * Loading runs in fenced stages, each of which can only fail with
 * "FILE:LINE: reason" (or "FILE: reason" before there is a line):
 *
 *  1. reading: only a regular file is opened (a device, FIFO or socket is
 *     refused before a byte is read, and the open never waits for a FIFO's
 *     writer), and the read stops past VNL_FILE_MAX_SIZE whatever the file
 *     claims its size is;
 *  2. bytes: a NUL byte is refused where it is (XML has none; libxml2
 *     would stop there and ignore the rest);
 *  3. syntax: libxml2 parses with XML_PARSE_NONET and without NOENT or
 *     DTDLOAD; a DOCTYPE is refused the moment the parser sees it (our
 *     format has none), so no entity is ever declared, let alone expanded —
 *     this is what defeats both external-entity reads and entity bombs. The
 *     element handler counts as the tree grows and stops the parser past
 *     the format's limits (depth, objects of each kind, elements in all),
 *     so an oversized design never becomes an oversized tree;
 *  4. root and version: <design version="1"> in VNL_FILE_NAMESPACE;
 *  5. schema: the RelaxNG schema compiled into the core as a resource; every
 *     error is collected in a list, each with its line; the GError tells the
 *     first VNL_FILE_MAX_ERROR_LINES and how many more.
 *
 * Every message libxml2 gives while we load goes through our handlers
 * (thread-local in libxml2), never to stderr, and gets a line: from its
 * node, else from the parser's position, else the root element's.
 *
 * A good file goes through stages 3 to 5 in one pass that also builds the
 * design, each top-level object as soon as it has ended and passed the
 * schema (stream_design()); at the first doubt the file is read again
 * stage by stage, as described here, for the messages.
 *
 * Then the tree is turned into a VnlDesign, freeing each top-level element
 * once it is built so that the tree and the model do not peak together.
 * That step never fails: a value that does not parse (an address, a prefix,
 * an out-of-range ASN) becomes a VnlLoadProblem kept by the design and
 * reported by vnl_design_validate() with the semantic problems, and a
 * reference to an unknown object is kept as a name.
 */

/* How often, in elements, a long parse or build looks at its cancellable. */
#define CANCEL_CHECK_EVERY    4096

/* The format's limits (docs/file-format.md), by element name. */
static const struct {
  const char *element;
  guint       max;
} object_limits[] = {
  { "location",                 VNL_FILE_MAX_LOCATIONS },
  { "vnet",                     VNL_FILE_MAX_VNETS },
  { "endpoint",                 VNL_FILE_MAX_ENDPOINTS },
  { "gateway",                  VNL_FILE_MAX_GATEWAYS },
  { "circuit",                  VNL_FILE_MAX_CIRCUITS },
  { "link",                     VNL_FILE_MAX_CIRCUITS * 2 },
  { "site",                     VNL_FILE_MAX_SITES },
  { "ce",                       VNL_FILE_MAX_CES },
  { "local-network-gateway",    VNL_FILE_MAX_LNGS },
  { "expressroute-connection",  VNL_FILE_MAX_CONNECTIONS },
  { "global-reach",             VNL_FILE_MAX_CONNECTIONS },
  { "s2s-connection",           VNL_FILE_MAX_CONNECTIONS },
  { "vnet-to-vnet-connection",  VNL_FILE_MAX_CONNECTIONS },
  { "peering",                  VNL_FILE_MAX_PEERINGS },
};

/* Parsing: stages 2 to 5 */

/* What builds the design: the tree's elements go in, objects come out. */
typedef struct
{
  VnlDesign       *design;         /* owned */
  VnlLoadProblems *load_problems;  /* owned */
  guint            version;        /* the file's format version */
} Loader;

typedef struct
{
  const char    *display_name;   /* borrowed */
  GPtrArray     *problems;       /* borrowed, nullable, of VnlProblem* */
  GCancellable  *cancellable;    /* borrowed, nullable */
  xmlParserCtxt *ctxt;           /* borrowed, while parsing */
  gboolean       doctype;
  guint          doctype_line;
  char          *message;        /* owned: first fatal parser message */
  guint          line;
  /* Limits, counted by the element handler. */
  VnlFileError   limit_code;     /* VNL_FILE_ERROR_IO: none hit */
  char          *limit_message;  /* owned, nullable */
  guint          limit_line;
  gboolean       cancelled;
  guint          depth;
  guint          n_elements;
  guint          n_objects[G_N_ELEMENTS (object_limits)];
  /* object_limits[]'s names in the parser's dictionary, which is where
   * the element names come from: a pointer compares them. */
  const xmlChar *limit_names[G_N_ELEMENTS (object_limits)];
  /* Schema errors: every one in @problems, the first few in @schema_text. */
  GString       *schema_text;    /* owned, nullable */
  guint          n_schema_errors;
  guint          root_line;
  guint          version;        /* the file's format version */
  /* Streaming (stream_design()): the schema's progressive check, the
   * element it checks whole at its end, if any, and the build. */
  xmlRelaxNGValidCtxt *stream;       /* borrowed, nullable: not streaming */
  xmlNode             *stream_full;  /* borrowed, nullable */
  xmlNode             *stream_built; /* borrowed, nullable: to free */
  gboolean             stream_failed;
  Loader              *loader;       /* borrowed, while streaming */
} ParseState;

static void
parse_state_clear (ParseState *state)
{
  g_clear_pointer (&state->message, g_free);
  g_clear_pointer (&state->limit_message, g_free);
  if (state->schema_text != NULL)
    g_string_free (g_steal_pointer (&state->schema_text), TRUE);
}

static char *
clean_libxml_message (const char *message)
{
  char *text = g_strdup (message ? message : "");

  g_strstrip (text);
  return text;
}

/* The parser's position, for messages that come without a line. */
static guint
parser_line (ParseState *state)
{
  if (state->ctxt != NULL && state->ctxt->input != NULL && state->ctxt->input->line > 0)
    return (guint) state->ctxt->input->line;
  return 0;
}

/* The line of a message: its node's, else the nearest ancestor's that has
 * one (an attribute or text node may have none), else its own. */
static guint
error_line (const xmlError *error)
{
  for (xmlNode *node = error->node; node != NULL; node = node->parent)
    {
      long line;

      if (node->type == XML_DOCUMENT_NODE)
        break;
      line = xmlGetLineNo (node);
      if (line > 0)
        return (guint) line;
    }
  return error->line > 0 ? (guint) error->line : 0;
}

/* The parser's messages, and (through the thread's structured handler)
 * those libxml2 raises without a parser, such as encoding errors: the
 * first error is the one told. */
static void
on_parse_error (void     *user_data,
                xmlError *error)
{
  ParseState *state = user_data;
  guint line;

  if (state == NULL || error->level < XML_ERR_ERROR || state->message != NULL)
    return;

  line = error->line > 0 ? (guint) error->line : parser_line (state);
  state->message = clean_libxml_message (error->message);
  state->line = line > 0 ? line : 1;
}

static void
on_ctxt_error (void     *user_data,
               xmlError *error)
{
  xmlParserCtxt *ctxt = user_data;

  on_parse_error (ctxt->_private, error);
}

/* libxml2's printf-style channel: its messages also come structured, and
 * this one must not reach stderr. */
static void
on_generic_error (void       *user_data,
                  const char *format,
                  ...)
{
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

static void G_GNUC_PRINTF (4, 5)
stop_at_limit (xmlParserCtxt *ctxt,
               ParseState    *state,
               VnlFileError   code,
               const char    *format,
               ...)
{
  va_list args;

  va_start (args, format);
  state->limit_message = g_strdup_vprintf (format, args);
  va_end (args);
  state->limit_code = code;
  state->limit_line = parser_line (state);
  if (state->limit_line == 0)
    state->limit_line = 1;
  xmlStopParser (ctxt);
}

/* Streaming: see stream_design(). */

static gboolean check_root  (xmlDoc      *doc,
                             ParseState  *state,
                             GError     **error);
static void     load_object (Loader      *loader,
                             xmlNode     *node);

/* A doubt: streaming stops, and the whole-tree load starts again. */
static void
stream_fail (xmlParserCtxt *ctxt,
             ParseState    *state)
{
  if (state->stream_failed)
    return;
  state->stream_failed = TRUE;
  xmlStopParser (ctxt);
}

/* Messages are the whole-tree load's to tell: one here is a doubt. */
static void
on_stream_schema_error (void     *user_data,
                        xmlError *error)
{
  ParseState *state = user_data;

  if (error->level >= XML_ERR_ERROR && state->ctxt != NULL)
    stream_fail (state->ctxt, state);
}

/* Frees the object built last. Not when it is built: the schema's check
 * keeps a pointer to the last element it was given (for its messages)
 * until it is given the next one, or until the root has ended. */
static void
stream_free_built (ParseState *state)
{
  if (state->stream_built == NULL)
    return;
  xmlUnlinkNode (state->stream_built);
  xmlFreeNode (g_steal_pointer (&state->stream_built));
}

/* An element has started, with its attributes: the root is checked as
 * stage 4 checks it, then the schema takes the element, as libxml2's
 * reader gives it one (xmlTextReaderValidatePush()): 1 is good so far, 0
 * means its content is checked whole once it has ended. */
static void
stream_start (xmlParserCtxt *ctxt,
              ParseState    *state)
{
  xmlNode *node = ctxt->node;
  int ret;

  if (state->stream_failed || state->limit_message != NULL || state->cancelled || node == NULL)
    return;

  if (state->depth == 1)
    {
      g_autoptr(GError) local_error = NULL;

      if (!check_root (ctxt->myDoc, state, &local_error))
        {
          stream_fail (ctxt, state);
          return;
        }
      state->loader->version = state->version;
    }

  if (state->stream_full != NULL)
    return;
  ret = xmlRelaxNGValidatePushElement (state->stream, ctxt->myDoc, node);
  if (ret == 0)
    state->stream_full = node;
  else if (ret != 1)
    stream_fail (ctxt, state);

  /* The check now points at this element, not at the last one built. */
  stream_free_built (state);
}

/* An element has ended: its check is finished (xmlTextReaderValidatePop()),
 * and a top-level object that passed is built, to be freed once the check
 * has moved on (stream_free_built()). */
static void
stream_end (xmlParserCtxt *ctxt,
            ParseState    *state)
{
  xmlNode *node = ctxt->node;
  int ret = 1;

  if (state->stream_failed || state->limit_message != NULL || state->cancelled || node == NULL)
    return;

  if (state->stream_full == node)
    {
      ret = xmlRelaxNGValidateFullElement (state->stream, ctxt->myDoc, node);
      state->stream_full = NULL;
    }
  else if (state->stream_full == NULL)
    ret = xmlRelaxNGValidatePopElement (state->stream, ctxt->myDoc, node);
  if (ret != 1)
    {
      stream_fail (ctxt, state);
      return;
    }

  /* A child of <design> whose whole content has passed. While an
   * ancestor waits to be checked whole, nothing is built. */
  if (state->depth != 2 || state->stream_full != NULL)
    return;
  g_assert (state->stream_built == NULL);
  load_object (state->loader, node);
  state->stream_built = node;
}

/* Counts every element as the parser meets it: depth, objects of each
 * kind, elements in all, and now and then the cancellable. */
static void
on_start_element (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxt *ctxt = user_data;
  ParseState *state = ctxt->_private;

  /* The node is made whatever follows: the parser pairs it with an end. */
  xmlSAX2StartElementNs (ctxt, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
  if (state->limit_message != NULL || state->cancelled)
    return;

  state->depth++;
  state->n_elements++;

  if (state->depth > VNL_FILE_MAX_DEPTH)
    {
      stop_at_limit (ctxt, state, VNL_FILE_ERROR_LIMIT,
                     _("elements are nested more than %d deep, the format’s limit"),
                     VNL_FILE_MAX_DEPTH);
      return;
    }
  if (state->n_elements > VNL_FILE_MAX_ELEMENTS)
    {
      stop_at_limit (ctxt, state, VNL_FILE_ERROR_LIMIT,
                     _("more than %d elements, the format’s limit"), VNL_FILE_MAX_ELEMENTS);
      return;
    }
  if (state->n_elements % CANCEL_CHECK_EVERY == 0 &&
      g_cancellable_is_cancelled (state->cancellable))
    {
      state->cancelled = TRUE;
      xmlStopParser (ctxt);
      return;
    }

  if (state->depth == 1)
    for (guint i = 0; i < G_N_ELEMENTS (object_limits); i++)
      state->limit_names[i] = xmlDictLookup (ctxt->dict, (const xmlChar *) object_limits[i].element, -1);

  /* Objects are the children of <design> (and of their container). A
   * name from elsewhere than the dictionary (never, in libxml2 2.9 and
   * later) is compared as a string. */
  if (state->depth >= 2 && state->depth <= 3)
    {
      gboolean interned = xmlDictOwns (ctxt->dict, localname) == 1;

      for (guint i = 0; i < G_N_ELEMENTS (object_limits); i++)
        if (interned ? localname == state->limit_names[i]
                     : strcmp ((const char *) localname, object_limits[i].element) == 0)
          {
            if (++state->n_objects[i] > object_limits[i].max)
              stop_at_limit (ctxt, state, VNL_FILE_ERROR_LIMIT,
                             _("more than %u <%s> elements, the format’s limit"),
                             object_limits[i].max, object_limits[i].element);
            break;
          }
    }

  if (state->stream != NULL)
    stream_start (ctxt, state);
}

static void
on_end_element (void          *user_data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  xmlParserCtxt *ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state->stream != NULL)
    stream_end (ctxt, state);
  if (state->depth > 0)
    state->depth--;
  xmlSAX2EndElementNs (ctxt, localname, prefix, uri);
}

/* Text, which no element of the format has: white space is nothing to the
 * schema, anything else goes to its progressive check (which wants it
 * NUL-terminated). */
static void
stream_text (xmlParserCtxt *ctxt,
             const xmlChar *text,
             int            length)
{
  ParseState *state = ctxt->_private;

  if (state->stream == NULL || state->stream_failed || state->stream_full != NULL)
    return;
  for (int i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      {
        g_autofree xmlChar *copy = (xmlChar *) g_strndup ((const char *) text, (gsize) length);

        if (xmlRelaxNGValidatePushCData (state->stream, copy, length) != 1)
          stream_fail (ctxt, state);
        return;
      }
}

static void
on_characters (void          *user_data,
               const xmlChar *text,
               int            length)
{
  xmlSAX2Characters (user_data, text, length);
  stream_text (user_data, text, length);
}

static void
on_cdata (void          *user_data,
          const xmlChar *text,
          int            length)
{
  xmlSAX2CDataBlock (user_data, text, length);
  stream_text (user_data, text, length);
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

static gboolean
fail_if_cancelled (ParseState  *state,
                   GError     **error)
{
  if (!state->cancelled && !g_cancellable_is_cancelled (state->cancellable))
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: loading was cancelled"),
               state->display_name);
  return TRUE;
}

static void
ignore_error (void     *user_data,
              xmlError *error)
{
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

      bytes = g_resource_lookup_data (vnl_core_get_resource (), VNL_FILE_RNG_RESOURCE,
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

static void
on_schema_error (void     *user_data,
                 xmlError *error)
{
  ParseState *state = user_data;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  guint line;

  if (error->level < XML_ERR_ERROR)
    return;

  line = error_line (error);
  if (line == 0)
    line = state->root_line;
  text = _vnl_file_explain_schema_error (error, clean_libxml_message (error->message));
  message = g_strdup_printf (_("does not match the schema: %s"), text);

  state->n_schema_errors++;
  if (state->problems != NULL)
    g_ptr_array_add (state->problems, _vnl_problem_new (state->display_name, line, NULL, message));

  /* The error message tells the first few, each on its own line; appending
   * keeps this linear in the number of errors. */
  if (state->n_schema_errors <= VNL_FILE_MAX_ERROR_LINES)
    {
      if (state->schema_text == NULL)
        {
          state->schema_text = g_string_new (NULL);
          state->line = line;
        }
      else
        g_string_append_c (state->schema_text, '\n');
      g_string_append_printf (state->schema_text, "%s:%u: %s", state->display_name, line, message);
    }
}

/* Where the first NUL byte is, as a line, or 0 when there is none. */
static guint
nul_line (const char *data,
          gsize       length)
{
  const char *nul = memchr (data, '\0', length);
  guint line = 1;

  if (nul == NULL)
    return 0;
  for (const char *p = data; p < nul; p++)
    if (*p == '\n')
      line++;
  return line;
}

typedef struct
{
  xmlStructuredErrorFunc  structured;
  void                   *structured_data;
  xmlGenericErrorFunc     generic;
  void                   *generic_data;
} ErrorHandlers;

/* libxml2's handlers are per thread: taking them for the length of a load
 * routes every message, with or without a parser, to @state. */
static void
take_error_handlers (ErrorHandlers *saved,
                     ParseState    *state)
{
  saved->structured = xmlStructuredError;
  saved->structured_data = xmlStructuredErrorContext;
  saved->generic = xmlGenericError;
  saved->generic_data = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc (state, on_parse_error);
  xmlSetGenericErrorFunc (state, on_generic_error);
}

static void
restore_error_handlers (const ErrorHandlers *saved)
{
  xmlSetStructuredErrorFunc (saved->structured_data, saved->structured);
  xmlSetGenericErrorFunc (saved->generic_data, saved->generic);
}

/* Stages 2 and 3: the tree of well-formed XML within the limits. */
static xmlDoc *
parse_xml (const char  *data,
           gsize        length,
           ParseState  *state,
           GError     **error)
{
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  guint line;
  int options;

  /* The size, for data that did not come through read_file(). */
  if (length > VNL_FILE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
      g_autofree char *message =
        g_strdup_printf (_("the file is too large (%s bytes, the limit is %d MiB)"),
                         bytes, VNL_FILE_MAX_SIZE / (1024 * 1024));
      fail (state, error, VNL_FILE_ERROR_TOO_LARGE, 0, message);
      return NULL;
    }

  /* Stage 2: no NUL anywhere. */
  if ((line = nul_line (data, length)) > 0)
    {
      fail (state, error, VNL_FILE_ERROR_SYNTAX, line,
            _("not a well-formed XML file: a NUL byte, which XML does not allow "
              "(nothing after it would be read)"));
      return NULL;
    }

  /* Stage 3: well-formed XML, no DOCTYPE, nothing fetched, within limits. */
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      fail (state, error, VNL_FILE_ERROR_IO, 0, _("out of memory"));
      return NULL;
    }
  ctxt->sax->serror = on_ctxt_error;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->sax->startElementNs = on_start_element;
  ctxt->sax->endElementNs = on_end_element;
  ctxt->sax->characters = on_characters;
  ctxt->sax->cdataBlock = on_cdata;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;

  /* NOBLANKS: the indentation between elements is not kept as text nodes
   * (the format has no text content), which halves the tree. */
  options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
            XML_PARSE_NOBLANKS | XML_PARSE_COMPACT;
  ctxt->_private = state;
  state->ctxt = ctxt;
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, options);
  state->ctxt = NULL;

  if (fail_if_cancelled (state, error))
    return NULL;

  if (state->doctype)
    {
      fail (state, error, VNL_FILE_ERROR_SYNTAX, state->doctype_line,
            _("a DOCTYPE is not allowed in a design file (entities are never expanded)"));
      return NULL;
    }

  if (state->limit_message != NULL)
    {
      fail (state, error, state->limit_code, state->limit_line, state->limit_message);
      return NULL;
    }

  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);
      g_autofree char *message = NULL;

      line = state->line;
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

  return g_steal_pointer (&doc);
}

/* Stage 4: our root element and version. */
static gboolean
check_root (xmlDoc      *doc,
            ParseState  *state,
            GError     **error)
{
  g_autofree char *version = NULL;
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlChar *value;

  if (root == NULL || root->ns == NULL ||
      g_strcmp0 ((const char *) root->ns->href, VNL_FILE_NAMESPACE) != 0 ||
      g_strcmp0 ((const char *) root->name, "design") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("not a vnetlab design: the root element must be <design> in the namespace %s"),
                         VNL_FILE_NAMESPACE);
      return fail (state, error, VNL_FILE_ERROR_VERSION, root ? (guint) xmlGetLineNo (root) : 1, message);
    }
  state->root_line = xmlGetLineNo (root) > 0 ? (guint) xmlGetLineNo (root) : 1;

  value = xmlGetNoNsProp (root, (const xmlChar *) "version");
  version = g_strdup ((const char *) value);
  xmlFree (value);
  /* Every earlier version is this one without what later versions added
   * (docs/file-format.md, "Versions"): version 1 has no advertisements (a
   * CE advertises what its site owns), version 2 no route tables, version
   * 3 no route servers, BGP appliances, SD-WAN tunnels, firewall rules
   * (its firewalls forward everything) or Virtual WAN, version 4 no
   * branch-to-branch switch on a Virtual WAN (its WANs load with the
   * switch off: vnetlab 4 routed no branch through a hub). All load, and
   * mean what they meant. */
  if (g_strcmp0 (version, "1") != 0 && g_strcmp0 (version, "2") != 0 && g_strcmp0 (version, "3") != 0 &&
      g_strcmp0 (version, "4") != 0 && g_strcmp0 (version, G_STRINGIFY (VNL_FILE_VERSION)) != 0)
    {
      g_autofree char *message = NULL;

      if (version == NULL)
        message = g_strdup_printf (_("the format version is missing (this program reads version %d)"),
                                   VNL_FILE_VERSION);
      else
        message = g_strdup_printf (_("unsupported format version “%s” (this program reads version %d)"),
                                   version, VNL_FILE_VERSION);
      return fail (state, error, VNL_FILE_ERROR_VERSION, state->root_line, message);
    }
  state->version = (guint) g_ascii_strtoull (version, NULL, 10);

  return TRUE;
}

/* Stage 5: the schema, every error. */
static gboolean
check_schema (xmlDoc      *doc,
              ParseState  *state,
              GError     **error)
{
  g_autoptr(xmlRelaxNGValidCtxt) vctxt = NULL;

  g_clear_pointer (&state->message, g_free);
  vctxt = xmlRelaxNGNewValidCtxt (get_schema ());
  xmlRelaxNGSetValidStructuredErrors (vctxt, on_schema_error, state);
  if (xmlRelaxNGValidateDoc (vctxt, doc) != 0)
    {
      if (state->n_schema_errors == 0)
        {
          g_autofree char *message = g_strdup (_("does not match the schema"));
          return fail (state, error, VNL_FILE_ERROR_SCHEMA, state->root_line, message);
        }

      /* The problems were added one by one; the error tells the first
       * ones and counts the rest. */
      if (state->n_schema_errors > VNL_FILE_MAX_ERROR_LINES)
        g_string_append_printf (state->schema_text,
                                ngettext ("\n%s: … and %u more schema error (%u in all)",
                                          "\n%s: … and %u more schema errors (%u in all)",
                                          state->n_schema_errors - VNL_FILE_MAX_ERROR_LINES),
                                state->display_name, state->n_schema_errors - VNL_FILE_MAX_ERROR_LINES,
                                state->n_schema_errors);
      g_set_error_literal (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SCHEMA, state->schema_text->str);
      return FALSE;
    }

  return TRUE;
}

static xmlDoc *
parse_document_unlocked (const char  *data,
                         gsize        length,
                         ParseState  *state,
                         GError     **error)
{
  g_autoptr(xmlDoc) doc = parse_xml (data, length, state, error);

  if (doc == NULL ||
      !check_root (doc, state, error) ||
      !check_schema (doc, state, error) ||
      fail_if_cancelled (state, error))
    return NULL;

  return g_steal_pointer (&doc);
}

static xmlDoc *
parse_document (const char  *data,
                gsize        length,
                ParseState  *state,
                GError     **error)
{
  ErrorHandlers saved;
  xmlDoc *doc;

  take_error_handlers (&saved, state);
  doc = parse_document_unlocked (data, length, state, error);
  restore_error_handlers (&saved);

  return doc;
}

/* Building the design */

static void
loader_init (Loader *loader)
{
  loader->design = vnl_design_new ();
  loader->load_problems = _vnl_load_problems_new ();
  loader->version = 0;
}

static void
loader_clear (Loader *loader)
{
  g_clear_object (&loader->design);
  g_clear_pointer (&loader->load_problems, _vnl_load_problems_free);
}

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
  /* The name first: it differs where the namespace, nearly always the
   * same, does not. */
  return node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0 &&
         node->ns != NULL &&
         strcmp ((const char *) node->ns->href, VNL_FILE_NAMESPACE) == 0;
}

static guint
node_line (xmlNode *node)
{
  long line = xmlGetLineNo (node);
  return line > 0 ? (guint) line : 0;
}

/* The value of @node's attribute @name without namespace, or NULL when it
 * has none: borrowed from the tree when the parser made it one text node
 * (always, for a value without entity or character references), else
 * libxml2's, copied into @copy for the caller to free. Reading borrows
 * rather than copies: the build reads several hundred thousand values,
 * most only to convert them. */
static const char *
attr_value (xmlNode     *node,
            const char  *name,
            char       **copy)
{
  for (xmlAttr *prop = node->properties; prop != NULL; prop = prop->next)
    if (prop->ns == NULL && strcmp ((const char *) prop->name, name) == 0)
      {
        xmlNode *text = prop->children;
        xmlChar *value;

        if (text != NULL && text->next == NULL && text->type == XML_TEXT_NODE && text->content != NULL)
          return (const char *) text->content;
        value = xmlGetNoNsProp (node, (const xmlChar *) name);
        g_free (*copy);
        *copy = g_strdup ((const char *) value);
        xmlFree (value);
        return *copy;
      }
  return NULL;
}

/* attr_value() without leading and trailing white space (g_strstrip()),
 * copying only a value that has some. */
static const char *
attr_stripped (xmlNode     *node,
               const char  *name,
               char       **copy)
{
  const char *text = attr_value (node, name, copy);
  gsize length;

  if (text == NULL || *text == '\0')
    return text;
  length = strlen (text);
  if (!g_ascii_isspace (text[0]) && !g_ascii_isspace (text[length - 1]))
    return text;
  if (text != *copy)
    {
      g_free (*copy);
      *copy = g_strdup (text);
    }
  return g_strstrip (*copy);
}

char *
_vnl_xml_get_attr (xmlNode    *node,
                   const char *name)
{
  char *copy = NULL;
  const char *text = attr_value (node, name, &copy);

  return copy != NULL ? copy : g_strdup (text);
}

static void
read_ip (Loader     *loader,
         gpointer    object,
         xmlNode    *node,
         const char *attr,
         guint32    *out)
{
  g_autofree char *copy = NULL;
  const char *text = attr_value (node, attr, &copy);

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
  g_autofree char *copy = NULL;
  const char *text = attr_value (node, attr, &copy);
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
  g_autofree char *copy = NULL;
  const char *text = attr_value (node, attr, &copy);
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
  g_autofree char *copy = NULL;
  const char *text = attr_value (node, attr, &copy);
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
  g_autofree char *copy = NULL;
  const char *text = attr_stripped (node, attr, &copy);
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;

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
  g_autofree char *copy = NULL;
  const char *text = attr_stripped (node, attr, &copy);

  if (text == NULL)
    return;
  *out = g_str_equal (text, "true") || g_str_equal (text, "1");
}

/* Header fields shared by every object: line, state, position, bends. */
static gpointer
new_object (VnlKind  kind,
            xmlNode *node)
{
  g_autofree char *name_copy = NULL;
  g_autofree char *state_copy = NULL;
  const char *name = attr_value (node, "name", &name_copy);
  const char *state = attr_value (node, "state", &state_copy);
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

/* The attributes of @object's kind, from the table of kinds (its fields
 * that are not elements nor kept by the loader). An owner the element
 * does not name is @container, the element it is nested in (nullable). */
static void
read_attributes (Loader     *loader,
                 gpointer    object,
                 xmlNode    *node,
                 const char *container)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);

  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      const char *attr = vnl_field_get_xml_name (f);
      gpointer slot = G_STRUCT_MEMBER_P (object, f->offset);

      if (f->flags & (VNL_FIELD_ELEMENT | VNL_FIELD_INTERNAL))
        continue;

      switch (f->type)
        {
        case VNL_FIELD_STRING:
          {
            char **value = slot;

            *value = _vnl_xml_get_attr (node, attr);
            if (*value == NULL && (f->role == VNL_ROLE_OWNER || (f->flags & VNL_FIELD_PART_OF)))
              *value = g_strdup (container);
          }
          break;
        case VNL_FIELD_UINT:
          if (f->flags & VNL_FIELD_ASN)
            read_asn (loader, object, node, attr, slot);
          else
            read_uint (loader, object, node, attr, f->file_max != 0 ? f->file_max : G_MAXUINT32, slot);
          break;
        case VNL_FIELD_IP:
          read_ip (loader, object, node, attr, slot);
          break;
        case VNL_FIELD_PREFIX:
          read_prefix (loader, object, node, attr, slot);
          break;
        case VNL_FIELD_BOOL:
          read_bool (node, attr, slot);
          break;
        case VNL_FIELD_CHOICE:
          {
            g_autofree char *copy = NULL;
            const char *text = attr_value (node, attr, &copy);
            guint value = 0;  /* absent or unknown: the first choice */

            for (guint i = 0; i < G_N_ELEMENTS (f->choices) && f->choices[i] != NULL; i++)
              if (g_strcmp0 (text, f->choices[i]) == 0)
                value = i;
            *(int *) slot = (int) value;
          }
          break;
        case VNL_FIELD_PREFIXES:
        case VNL_FIELD_OTHER:
        default:
          break;
        }
    }
}

/* A saved what-if scenario (vnl-scenario.h): its name and the objects it
 * takes down, by name; they are checked when it is applied, since the
 * objects may come later in the file. A second scenario of the same name
 * replaces the first (said as a load problem). */
static void
load_scenario (Loader  *loader,
               xmlNode *node)
{
  g_autofree char *name = _vnl_xml_get_attr (node, "name");
  g_autoptr(GStrvBuilder) down = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "down"))
      {
        g_autofree char *ref = _vnl_xml_get_attr (child, "ref");
        if (ref != NULL)
          g_strv_builder_add (down, ref);
      }
  names = g_strv_builder_end (down);
  if (name == NULL)
    return;
  if (vnl_scenario_lookup (loader->design, name) != NULL)
    load_problem (loader, NULL, NULL, node_line (node),
                  _("duplicate scenario “%s” (the last one wins)"), name);
  vnl_scenario_store (loader->design, name, (const char * const *) names);
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

          read_attributes (loader, location, child, NULL);
          read_double (child, "intra-latency-ms", &location->intra_ms);
          add_object (loader, location);
        }
      else if (is_element (child, "latency"))
        {
          g_autofree char *a = _vnl_xml_get_attr (child, "a");
          g_autofree char *b = _vnl_xml_get_attr (child, "b");
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

  read_attributes (loader, endpoint, node, owner);
  add_object (loader, endpoint);
}

static void
load_vnet (Loader  *loader,
           xmlNode *node)
{
  VnlVnet *vnet = new_object (VNL_KIND_VNET, node);

  read_attributes (loader, vnet, node, NULL);

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
              subnet->name = _vnl_xml_get_attr (child, "name");
              subnet->prefix = prefix;
              subnet->line = node_line (child);
              read_bool (child, "private-endpoint-route-policies", &subnet->pe_route_policies);
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

  read_attributes (loader, gateway, node, NULL);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "instance"))
      {
        guint32 address = 0;
        g_autofree char *text = _vnl_xml_get_attr (child, "address");

        g_autofree char *apipa_text = _vnl_xml_get_attr (child, "apipa-bgp-address");
        guint32 apipa = 0;

        if (text != NULL && vnl_ip_parse (text, &address))
          g_array_append_val (gateway->instances, address);
        else
          {
            load_problem (loader, gateway, "instance", node_line (child),
                          _("invalid IP address “%s” in instance"), text ? text : "");
            continue;
          }
        /* Version 3: the instance's custom APIPA BGP address. */
        if (apipa_text != NULL && !vnl_ip_parse (apipa_text, &apipa))
          load_problem (loader, gateway, "instance", node_line (child),
                        _("invalid IP address “%s” in instance"), apipa_text);
        if (apipa != 0)
          {
            g_array_set_size (gateway->instance_apipa, gateway->instances->len);
            g_array_index (gateway->instance_apipa, guint32, gateway->instances->len - 1) = apipa;
          }
      }

  add_object (loader, gateway);
}

static void
load_link (Loader     *loader,
           xmlNode    *node,
           const char *circuit)
{
  VnlLink *link = new_object (VNL_KIND_LINK, node);

  read_attributes (loader, link, node, circuit);
  add_object (loader, link);
}

static void
load_circuit (Loader  *loader,
              xmlNode *node)
{
  VnlCircuit *circuit = new_object (VNL_KIND_CIRCUIT, node);

  read_attributes (loader, circuit, node, NULL);
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

  read_attributes (loader, ce, node, site);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "advertise"))
      {
        VnlPrefix prefix;
        if (read_prefix (loader, ce, child, "prefix", &prefix))
          g_array_append_val (ce->advertises, prefix);
      }
    else if (is_element (child, "neighbor"))
      {
        VnlCePolicy *policy = g_new0 (VnlCePolicy, 1);
        guint local_preference = 0;

        policy->peer = _vnl_xml_get_attr (child, "peer");
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

  read_attributes (loader, site, node, NULL);

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
          hop->name = _vnl_xml_get_attr (child, "name");
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

  read_attributes (loader, lng, node, NULL);

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

  read_attributes (loader, peering, node, NULL);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "side"))
      {
        g_autofree char *vnet = _vnl_xml_get_attr (child, "vnet");
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

/* Virtual WAN (version 4): a connection's <propagate table="…"/> (its
 * propagated route tables) and the <route name= prefix= next-hop=
 * next-hop-ip=/> static routes of a hub route table or VNet connection. */
static void
load_hub_children (Loader   *loader,
                   gpointer  object,
                   xmlNode  *node)
{
  VnlKind kind = ((VnlObject *) object)->kind;
  const VnlField *propagated = vnl_kind_lookup_field (kind, "propagated-route-tables");
  const VnlField *routes = vnl_kind_lookup_field (kind, "static-routes");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (propagated != NULL && is_element (child, "propagate"))
        {
          GPtrArray *names = G_STRUCT_MEMBER (GPtrArray *, object, propagated->offset);
          char *table = _vnl_xml_get_attr (child, "table");

          g_ptr_array_add (names, table != NULL ? table : g_strdup (""));
        }
      else if (routes != NULL && is_element (child, "route"))
        {
          GPtrArray *list = G_STRUCT_MEMBER (GPtrArray *, object, routes->offset);
          VnlHubRoute *route = g_new0 (VnlHubRoute, 1);

          route->name = _vnl_xml_get_attr (child, "name");
          route->line = node_line (child);
          read_prefix (loader, object, child, "prefix", &route->prefix);
          route->next_hop = _vnl_xml_get_attr (child, "next-hop");
          read_ip (loader, object, child, "next-hop-ip", &route->next_hop_ip);
          g_ptr_array_add (list, route);
        }
    }
}

/* A top-level element of a kind whose attributes are all its fields
 * (the connections, and any kind without elements of its own); other
 * elements are ignored (the schema has refused them). */
static void
load_plain (Loader  *loader,
            xmlNode *node)
{
  VnlKind kind;
  gpointer object;

  if (node->ns == NULL || strcmp ((const char *) node->ns->href, VNL_FILE_NAMESPACE) != 0 ||
      !vnl_kind_from_string ((const char *) node->name, &kind))
    return;
  object = new_object (kind, node);
  read_attributes (loader, object, node, NULL);
  /* A version-4 WAN has no branch-to-branch attribute and meant no
   * transit between its branches (docs/file-format.md, version 5). */
  if (kind == VNL_KIND_VIRTUAL_WAN && loader->version < 5)
    ((VnlVirtualWan *) object)->branch_to_branch = FALSE;
  /* Prefix lists of the table: <ELEMENT prefix="…"/> children (an
   * appliance's advertisements). */
  for (const VnlField *f = vnl_kind_get_info (kind)->fields; f->key != NULL; f++)
    if (f->type == VNL_FIELD_PREFIXES && (f->flags & VNL_FIELD_ELEMENT))
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (is_element (child, vnl_field_get_xml_name (f)))
          {
            VnlPrefix prefix;
            if (read_prefix (loader, object, child, "prefix", &prefix))
              g_array_append_val (G_STRUCT_MEMBER (GArray *, object, f->offset), prefix);
          }
  load_hub_children (loader, object, node);
  add_object (loader, object);
}

/* circuit->links[] is derived from the links' roles; the first link of
 * each role wins, validation reports the others. */
static VnlUdrSubnet *read_subnet_assoc (xmlNode *child);

/* <route-table>: its routes and the subnets it is associated with. An
 * unknown next-hop type is kept as None with a load problem (never
 * silently a working route). */
static void
load_route_table (Loader  *loader,
                  xmlNode *node)
{
  VnlUdrTable *table = new_object (VNL_KIND_ROUTE_TABLE, node);

  read_bool (node, "propagate-gateway-routes", &table->propagate_gateway_routes);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "route"))
        {
          VnlUdr *udr = g_new0 (VnlUdr, 1);
          g_autofree char *type = _vnl_xml_get_attr (child, "next-hop-type");
          gboolean known = FALSE;

          udr->name = _vnl_xml_get_attr (child, "name");
          udr->line = node_line (child);
          read_prefix (loader, table, child, "prefix", &udr->prefix);
          udr->next_hop = VNL_UDR_NONE;
          for (guint t = 0; t < VNL_N_UDR_NEXT_HOPS; t++)
            if (g_strcmp0 (type, _vnl_udr_next_hop_names[t]) == 0)
              {
                udr->next_hop = t;
                known = TRUE;
              }
          if (!known)
            load_problem (loader, table, "routes", udr->line,
                          _("unknown next-hop type “%s” in route “%s”"), type ? type : "", udr->name ? udr->name : "");
          if (udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE)
            read_ip (loader, table, child, "next-hop-ip", &udr->next_hop_ip);
          g_ptr_array_add (table->routes, udr);
        }
      else if (is_element (child, "subnet"))
        g_ptr_array_add (table->subnets, read_subnet_assoc (child));
    }

  add_object (loader, table);
}

/* <subnet vnet="…" name="…">: an association of a route table or a
 * network security group. */
static VnlUdrSubnet *
read_subnet_assoc (xmlNode *child)
{
  VnlUdrSubnet *assoc = g_new0 (VnlUdrSubnet, 1);

  assoc->vnet = _vnl_xml_get_attr (child, "vnet");
  assoc->subnet = _vnl_xml_get_attr (child, "name");
  assoc->line = node_line (child);
  return assoc;
}

/* A rule's list attribute — a security group's or a firewall's, whose
 * addresses @parse reads (vnl_nsg_addrs_parse() or vnl_fw_addrs_parse())
 * — with a load problem on @object's @field when it cannot be read:
 * unreadable ports are kept as "*" (any), unreadable addresses match
 * nothing (a prefix no packet has), so that a file is never silently
 * narrowed or widened without a word. */
static GArray *
read_rule_list (Loader      *loader,
                gconstpointer object,
                const char  *field,
                xmlNode     *child,
                const char  *attr,
                GArray    *(*parse) (const char *text, GError **error),
                gboolean     ports,
                const char  *rule_name)
{
  g_autofree char *text = _vnl_xml_get_attr (child, attr);
  g_autoptr(GError) error = NULL;
  GArray *list = ports ? vnl_nsg_ports_parse (text != NULL ? text : "*", &error) : parse (text, &error);
  GArray *none;
  VnlNsgAddr addr = { VNL_NSG_ADDR_PREFIX, { 0xffffffffu, 32 } };

  if (list != NULL)
    return list;
  load_problem (loader, object, field, node_line (child),
                _("rule “%s”, %s: %s"), rule_name, attr, error->message);
  if (ports)
    return g_array_new (FALSE, FALSE, sizeof (VnlPortRange));
  none = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  g_array_append_val (none, addr);
  return none;
}

/* <network-security-group>: its rules, subnets and NICs. */
static void
load_nsg (Loader  *loader,
          xmlNode *node)
{
  VnlNsg *nsg = new_object (VNL_KIND_NSG, node);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "rule"))
        {
          VnlNsgRule *rule = vnl_nsg_rule_new ();
          g_autofree char *direction = _vnl_xml_get_attr (child, "direction");
          g_autofree char *access = _vnl_xml_get_attr (child, "access");
          g_autofree char *protocol = _vnl_xml_get_attr (child, "protocol");
          const char *name;

          rule->name = _vnl_xml_get_attr (child, "name");
          rule->line = node_line (child);
          name = rule->name != NULL ? rule->name : "";
          read_uint (loader, nsg, child, "priority", G_MAXUINT16, &rule->priority);
          rule->direction = g_strcmp0 (direction, "Outbound") == 0 ? VNL_NSG_OUTBOUND : VNL_NSG_INBOUND;
          /* An unreadable access is a Deny, never an Allow. */
          rule->allow = g_strcmp0 (access, "Allow") == 0;
          if (!vnl_protocol_parse (protocol, &rule->protocol))
            load_problem (loader, nsg, "security-rules", rule->line,
                          _("unknown protocol “%s” in rule “%s”"), protocol != NULL ? protocol : "", name);
          g_array_unref (rule->sources);
          g_array_unref (rule->destinations);
          g_array_unref (rule->source_ports);
          g_array_unref (rule->destination_ports);
          rule->sources = read_rule_list (loader, nsg, "security-rules", child, "source", vnl_nsg_addrs_parse, FALSE, name);
          rule->source_ports = read_rule_list (loader, nsg, "security-rules", child, "source-ports", vnl_nsg_addrs_parse, TRUE, name);
          rule->destinations = read_rule_list (loader, nsg, "security-rules", child, "destination", vnl_nsg_addrs_parse, FALSE, name);
          rule->destination_ports = read_rule_list (loader, nsg, "security-rules", child, "destination-ports", vnl_nsg_addrs_parse, TRUE, name);
          g_ptr_array_add (nsg->rules, rule);
        }
      else if (is_element (child, "subnet"))
        g_ptr_array_add (nsg->subnets, read_subnet_assoc (child));
      else if (is_element (child, "nic"))
        {
          VnlNsgNic *nic = g_new0 (VnlNsgNic, 1);

          nic->endpoint = _vnl_xml_get_attr (child, "endpoint");
          nic->line = node_line (child);
          g_ptr_array_add (nsg->nics, nic);
        }
    }

  add_object (loader, nsg);
}

/* <network-rule-collection>: its action and <rule>s. An unreadable
 * action is a Deny, never an Allow; unreadable protocols match nothing. */
static VnlFwCollection *
read_fw_collection (Loader      *loader,
                    VnlFirewall *firewall,
                    xmlNode     *node)
{
  VnlFwCollection *collection = vnl_fw_collection_new ();
  g_autofree char *action = _vnl_xml_get_attr (node, "action");

  collection->name = _vnl_xml_get_attr (node, "name");
  collection->line = node_line (node);
  read_uint (loader, firewall, node, "priority", G_MAXUINT16, &collection->priority);
  collection->allow = g_strcmp0 (action, "Allow") == 0;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *protocols = NULL;
      g_autoptr(GError) error = NULL;
      VnlFwRule *rule;
      const char *name;

      if (!is_element (child, "rule"))
        continue;
      rule = vnl_fw_rule_new ();
      rule->name = _vnl_xml_get_attr (child, "name");
      rule->line = node_line (child);
      name = rule->name != NULL ? rule->name : "";
      protocols = _vnl_xml_get_attr (child, "protocols");
      if (!vnl_fw_protocols_parse (protocols, &rule->protocols, &error))
        {
          load_problem (loader, firewall, "network-rules", rule->line, _("rule “%s”: %s"), name, error->message);
          rule->protocols = 0;
        }
      g_array_unref (rule->sources);
      g_array_unref (rule->destinations);
      g_array_unref (rule->destination_ports);
      rule->sources = read_rule_list (loader, firewall, "network-rules", child, "source", vnl_fw_addrs_parse, FALSE, name);
      rule->destinations = read_rule_list (loader, firewall, "network-rules", child, "destination", vnl_fw_addrs_parse, FALSE, name);
      rule->destination_ports = read_rule_list (loader, firewall, "network-rules", child, "destination-ports", vnl_fw_addrs_parse, TRUE, name);
      g_ptr_array_add (collection->rules, rule);
    }
  return collection;
}

/* <firewall>: its attributes and its policy's <rule-collection-group>s of
 * <network-rule-collection>s. A firewall of a file older than version 4
 * forwarded every flow: it gets a group that allows every flow, so that
 * the file means what it meant (docs/file-format.md, version 4). */
static void
load_firewall (Loader  *loader,
               xmlNode *node)
{
  VnlFirewall *firewall = new_object (VNL_KIND_FIREWALL, node);

  read_attributes (loader, firewall, node, NULL);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      VnlFwGroup *group;

      if (!is_element (child, "rule-collection-group"))
        continue;
      group = vnl_fw_group_new ();
      group->name = _vnl_xml_get_attr (child, "name");
      group->line = node_line (child);
      read_uint (loader, firewall, child, "priority", G_MAXUINT16, &group->priority);
      for (xmlNode *c = child->children; c != NULL; c = c->next)
        if (is_element (c, "network-rule-collection"))
          g_ptr_array_add (group->collections, read_fw_collection (loader, firewall, c));
      g_ptr_array_add (firewall->rule_groups, group);
    }
  if (loader->version < 4)
    g_ptr_array_add (firewall->rule_groups, vnl_fw_group_new_allow_all ());
  add_object (loader, firewall);
}

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

/* Builds one child of <design>. */
static void
load_object (Loader  *loader,
             xmlNode *node)
{
  if (node->type != XML_ELEMENT_NODE)
    return;
  if (is_element (node, "locations"))
    load_locations (loader, node);
  else if (is_element (node, "vnet"))
    load_vnet (loader, node);
  else if (is_element (node, "gateway"))
    load_gateway (loader, node);
  else if (is_element (node, "circuit"))
    load_circuit (loader, node);
  else if (is_element (node, "site"))
    load_site (loader, node);
  else if (is_element (node, "local-network-gateway"))
    load_lng (loader, node);
  else if (is_element (node, "peering"))
    load_peering (loader, node);
  else if (is_element (node, "endpoint"))
    load_endpoint (loader, node, NULL);
  else if (is_element (node, "ce"))
    load_ce (loader, node, NULL);
  else if (is_element (node, "link"))
    load_link (loader, node, NULL);
  else if (is_element (node, "scenario"))
    load_scenario (loader, node);
  else if (is_element (node, "route-table"))
    load_route_table (loader, node);
  else if (is_element (node, "network-security-group"))
    load_nsg (loader, node);
  else if (is_element (node, "firewall"))
    load_firewall (loader, node);
  else
    load_plain (loader, node);
}

/* Builds what of the design the tree still holds (while streaming, the
 * objects were built as they ended; otherwise all of them), freeing each
 * top-level element once it is built, and hands the design over. NULL,
 * with G_IO_ERROR_CANCELLED, when @state's cancellable fires. */
static VnlDesign *
build_design (Loader      *loader,
              xmlDoc      *doc,
              ParseState  *state,
              GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *title = _vnl_xml_get_attr (root, "title");
  xmlNode *next;
  guint n = 0;

  loader->version = state->version;
  vnl_design_set_title (loader->design, title);

  for (xmlNode *node = root->children; node != NULL; node = next)
    {
      next = node->next;

      if (++n % CANCEL_CHECK_EVERY == 0 && fail_if_cancelled (state, error))
        return NULL;

      load_object (loader, node);

      /* Built: the element is no longer needed. */
      xmlUnlinkNode (node);
      xmlFreeNode (node);
    }

  link_circuits (loader->design);

  if (_vnl_load_problems_count (loader->load_problems) > 0)
    _vnl_design_set_load_problems (loader->design, g_steal_pointer (&loader->load_problems));

  return g_steal_pointer (&loader->design);
}

/*
 * Streaming: stages 3 to 5 in one pass, and the build beside them.
 *
 * The schema is checked element by element as the parser makes them, by
 * libxml2's progressive RelaxNG validation as its reader drives it (an
 * element whose content the schema cannot check progressively is checked
 * whole when it ends), and each child of <design> is built and freed as
 * soon as it has ended and passed. The tree never holds more than the root
 * and one object, so the memory a load touches stays small whatever the
 * size of the file; a whole-tree load of a 1,000-VNet design touches some
 * 25 MB more, and its page faults were a third of an export's time.
 *
 * Streaming only ever decides that a file is good. At the first doubt — a
 * parse error, a DOCTYPE, a limit, a root or version that is not ours, any
 * schema error — it stops and returns NULL with *@retry set, and the file
 * is loaded again the whole-tree way (parse_document(), then
 * build_design()), whose messages are the ones told: what a bad file says
 * does not depend on streaming.
 */
static VnlDesign *
stream_design (const char  *data,
               gsize        length,
               ParseState  *outer,
               gboolean    *retry,
               GError     **error)
{
  ParseState state = {
    .display_name = outer->display_name,
    .cancellable = outer->cancellable,
    .limit_code = VNL_FILE_ERROR_IO,
  };
  g_autoptr(xmlRelaxNGValidCtxt) vctxt = xmlRelaxNGNewValidCtxt (get_schema ());
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  VnlDesign *design = NULL;
  ErrorHandlers saved;
  Loader loader;

  *retry = TRUE;
  if (vctxt == NULL)
    return NULL;
  xmlRelaxNGSetValidStructuredErrors (vctxt, on_stream_schema_error, &state);
  loader_init (&loader);
  state.stream = vctxt;
  state.loader = &loader;

  take_error_handlers (&saved, &state);
  doc = parse_xml (data, length, &state, &local_error);
  restore_error_handlers (&saved);

  if (fail_if_cancelled (&state, error))
    *retry = FALSE;
  else if (doc != NULL && !state.stream_failed && state.root_line > 0)
    {
      /* The root has ended: the check holds no element any more. */
      stream_free_built (&state);
      design = build_design (&loader, doc, &state, error);
      *retry = design == NULL && !fail_if_cancelled (&state, NULL);
    }

  loader_clear (&loader);
  parse_state_clear (&state);
  return design;
}

static VnlDesign *
load_data (const char    *data,
           gsize          length,
           const char    *display_name,
           GPtrArray     *problems,
           GCancellable  *cancellable,
           gboolean       stream,
           GError       **error)
{
  ParseState state = {
    .display_name = display_name,
    .problems = problems,
    .cancellable = cancellable,
    .limit_code = VNL_FILE_ERROR_IO,
  };
  g_autoptr(xmlDoc) doc = NULL;
  VnlDesign *design = NULL;
  gboolean retry = TRUE;

  if (stream)
    design = stream_design (data, length, &state, &retry, error);
  if (design == NULL && retry)
    {
      doc = parse_document (data, length, &state, error);
      if (doc != NULL)
        {
          Loader loader;

          loader_init (&loader);
          design = build_design (&loader, doc, &state, error);
          loader_clear (&loader);
        }
    }
  parse_state_clear (&state);

  return design;
}

VnlDesign *
_vnl_design_load_data_full (const char  *data,
                            gsize        length,
                            const char  *display_name,
                            GPtrArray   *problems,
                            GError     **error)
{
  return load_data (data, length, display_name, problems, NULL, TRUE, error);
}

VnlDesign *
_vnl_design_load_data_whole_tree (const char  *data,
                                  gsize        length,
                                  const char  *display_name,
                                  GPtrArray   *problems,
                                  GError     **error)
{
  return load_data (data, length, display_name, problems, NULL, FALSE, error);
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

  return load_data (data ? data : "", length, display_name, NULL, NULL, TRUE, error);
}

static void
too_large (ParseState  *state,
           GError     **error,
           const char  *size)
{
  g_autofree char *message =
    g_strdup_printf (_("the file is too large (%s bytes, the limit is %d MiB)"),
                     size, VNL_FILE_MAX_SIZE / (1024 * 1024));

  fail (state, error, VNL_FILE_ERROR_TOO_LARGE, 0, message);
}

/* Reads @path: a regular file only, opened without waiting (a FIFO's
 * writer), and never more than VNL_FILE_MAX_SIZE + 1 bytes, whatever its
 * size says (a file may grow while it is read, or lie, as /proc files do).
 * Problems go to @problems as well when it is not NULL. */
static char *
read_file (const char    *path,
           gsize         *length,
           GPtrArray     *problems,
           GCancellable  *cancellable,
           GError       **error)
{
  ParseState state = { .display_name = path, .problems = problems, .cancellable = cancellable };
  g_autofree char *contents = NULL;
  gsize size = 0;
  gsize allocated;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("cannot read the file (%s)"), g_strerror (saved_errno));

      if (fd >= 0)
        close (fd);
      fail (&state, error, VNL_FILE_ERROR_IO, 0, message);
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      fail (&state, error, VNL_FILE_ERROR_IO, 0,
            S_ISDIR (st.st_mode) ? _("cannot read the file (it is a folder)")
                                 : _("cannot read the file (not a regular file: a device, FIFO or socket)"));
      return NULL;
    }

  if ((guint64) st.st_size > VNL_FILE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_size);

      close (fd);
      too_large (&state, error, bytes);
      return NULL;
    }

  /* Back to blocking reads: a regular file never waits anyway. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  allocated = (gsize) st.st_size + 1;
  contents = g_malloc (allocated);
  for (;;)
    {
      gssize n;

      if (g_cancellable_is_cancelled (cancellable))
        {
          close (fd);
          fail_if_cancelled (&state, error);
          return NULL;
        }
      if (size == allocated - 1)
        {
          if (size > VNL_FILE_MAX_SIZE)
            {
              g_autofree char *bytes = g_strdup_printf (_("more than %d"), VNL_FILE_MAX_SIZE);

              close (fd);
              too_large (&state, error, bytes);
              return NULL;
            }
          allocated = MIN (MAX (allocated * 2, (gsize) 65536), (gsize) VNL_FILE_MAX_SIZE + 2);
          contents = g_realloc (contents, allocated);
        }

      n = read (fd, contents + size, MIN (allocated - 1 - size, (gsize) 1 << 20));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_autofree char *message = g_strdup_printf (_("cannot read the file (%s)"), g_strerror (saved_errno));

          close (fd);
          fail (&state, error, VNL_FILE_ERROR_IO, 0, message);
          return NULL;
        }
      if (n == 0)
        break;
      size += (gsize) n;
    }
  close (fd);

  if (size > VNL_FILE_MAX_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

      too_large (&state, error, bytes);
      return NULL;
    }

  contents[size] = '\0';
  *length = size;
  return g_steal_pointer (&contents);
}

VnlDesign *
vnl_design_load_cancellable (const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = read_file (path, &length, NULL, cancellable, error);
  if (contents == NULL)
    return NULL;

  return load_data (contents, length, path, NULL, cancellable, TRUE, error);
}

VnlDesign *
vnl_design_load (const char  *path,
                 GError     **error)
{
  return vnl_design_load_cancellable (path, NULL, error);
}

VnlDesign *
_vnl_design_load_with_problems (const char *path,
                                GPtrArray  *problems)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = read_file (path, &length, problems, NULL, NULL);
  if (contents == NULL)
    return NULL;

  return load_data (contents, length, path, problems, NULL, TRUE, NULL);
}
