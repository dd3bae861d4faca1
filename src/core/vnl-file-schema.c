/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-xml-private.h"
#include "vnl-core-resources.h"

#include <math.h>
#include <string.h>

/*
 * Naming what a schema error is about.
 *
 * libxml2's RelaxNG validator says "Element gateway failed to validate
 * attributes" without saying which attribute is missing, unknown or wrong.
 * This file reads the same schema (vnetlab.rng) once into a table: for
 * each element name, its attributes, whether each is required in every
 * definition of that element (an endpoint inside a VNet has no owner, one
 * at the top level must have one), and the values or the datatype it
 * takes. A failing element is then compared with its row.
 *
 * The table only explains; the schema alone decides what is valid.
 */

#define RNG_NS        "http://relaxng.org/ns/structure/1.0"

typedef struct
{
  gboolean   required;
  GPtrArray *values;     /* owned, nullable: enumerated values */
  char      *type;       /* owned, nullable: XML Schema datatype */
  gboolean   non_empty;  /* minLength 1 */
} AttrSpec;

typedef GHashTable ElementSpec;   /* attribute name → AttrSpec* */

static void
attr_spec_free (AttrSpec *spec)
{
  g_clear_pointer (&spec->values, g_ptr_array_unref);
  g_free (spec->type);
  g_free (spec);
}

static gboolean
is_rng (xmlNode    *node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, RNG_NS) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

/* Whether @except holds just <value type="token"></value>: a string
 * except that one has a character other than white space (vnetlab.rng's
 * ref-attr), as xsd:token with minLength 1 does. */
static gboolean
is_empty_token_value (xmlNode *except)
{
  xmlNode *only = NULL;

  for (xmlNode *child = except->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        if (only != NULL)
          return FALSE;
        only = child;
      }
  if (only == NULL || !is_rng (only, "value"))
    return FALSE;

  g_autofree char *type = _vnl_xml_get_attr (only, "type");
  xmlChar *text = xmlNodeGetContent (only);
  gboolean empty = g_strcmp0 (type, "token") == 0 && (text == NULL || *g_strstrip ((char *) text) == '\0');

  xmlFree (text);
  return empty;
}

/* What an attribute's content allows: values, a datatype, refs to either. */
static void
read_content (xmlNode    *node,
              GHashTable *defines,
              AttrSpec   *spec,
              guint       depth)
{
  if (depth > 16)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_rng (child, "value"))
        {
          xmlChar *text = xmlNodeGetContent (child);

          if (spec->values == NULL)
            spec->values = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (spec->values, g_strdup ((const char *) text));
          xmlFree (text);
        }
      else if (is_rng (child, "data"))
        {
          g_autofree char *library = _vnl_xml_get_attr (child, "datatypeLibrary");

          g_free (spec->type);
          /* The built-in library's string is any string: no datatype to name. */
          if (library != NULL && *library == '\0')
            spec->type = NULL;
          else
            spec->type = _vnl_xml_get_attr (child, "type");
          for (xmlNode *param = child->children; param != NULL; param = param->next)
            if (is_rng (param, "param"))
              {
                g_autofree char *name = _vnl_xml_get_attr (param, "name");
                xmlChar *text = xmlNodeGetContent (param);

                if (g_strcmp0 (name, "minLength") == 0 && g_strcmp0 ((const char *) text, "1") == 0)
                  spec->non_empty = TRUE;
                xmlFree (text);
              }
            else if (is_rng (param, "except") && is_empty_token_value (param))
              spec->non_empty = TRUE;
        }
      else if (is_rng (child, "choice"))
        read_content (child, defines, spec, depth + 1);
      else if (is_rng (child, "ref"))
        {
          g_autofree char *name = _vnl_xml_get_attr (child, "name");
          xmlNode *define = g_hash_table_lookup (defines, name);

          if (define != NULL)
            read_content (define, defines, spec, depth + 1);
        }
    }
}

/* The attributes one definition of an element has, stopping at nested
 * elements (they are their own rows). */
static void
collect_attributes (xmlNode     *node,
                    GHashTable  *defines,
                    gboolean     optional,
                    ElementSpec *attrs,
                    guint        depth)
{
  if (depth > 16)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || is_rng (child, "element"))
        continue;

      if (is_rng (child, "attribute"))
        {
          AttrSpec *spec = g_new0 (AttrSpec, 1);

          spec->required = !optional;
          read_content (child, defines, spec, 0);
          g_hash_table_replace (attrs, _vnl_xml_get_attr (child, "name"), spec);
        }
      else if (is_rng (child, "ref"))
        {
          g_autofree char *name = _vnl_xml_get_attr (child, "name");
          xmlNode *define = g_hash_table_lookup (defines, name);

          if (define != NULL)
            collect_attributes (define, defines, optional, attrs, depth + 1);
        }
      else
        collect_attributes (child, defines, optional ||
                            is_rng (child, "optional") || is_rng (child, "zeroOrMore") ||
                            is_rng (child, "choice"),
                            attrs, depth + 1);
    }
}

/* Another definition of an element of the same name: an attribute is
 * required only when every definition requires it; values add up. */
static void
merge_into (ElementSpec *row,
            ElementSpec *attrs)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, row);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (attrs, key))
      ((AttrSpec *) value)->required = FALSE;

  g_hash_table_iter_init (&iter, attrs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AttrSpec *spec = value;
      AttrSpec *known = g_hash_table_lookup (row, key);

      if (known == NULL)
        {
          spec->required = FALSE;
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (row, key, spec);
          continue;
        }
      known->required = known->required && spec->required;
      for (guint i = 0; spec->values != NULL && i < spec->values->len; i++)
        if (known->values != NULL &&
            !g_ptr_array_find_with_equal_func (known->values, spec->values->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (known->values, g_strdup (spec->values->pdata[i]));
    }
}

static void
collect_elements (xmlNode    *node,
                  GHashTable *defines,
                  GHashTable *rows)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_rng (child, "element"))
        {
          char *name = _vnl_xml_get_attr (child, "name");
          ElementSpec *attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) attr_spec_free);
          ElementSpec *row;

          collect_attributes (child, defines, FALSE, attrs, 0);
          if ((row = g_hash_table_lookup (rows, name)) == NULL)
            g_hash_table_insert (rows, name, attrs);
          else
            {
              merge_into (row, attrs);
              g_hash_table_unref (attrs);
              g_free (name);
            }
        }
      collect_elements (child, defines, rows);
    }
}

static GHashTable *
get_rows (void)
{
  static gsize initialized = 0;
  static GHashTable *rows = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = g_resource_lookup_data (vnl_core_get_resource (), VNL_FILE_RNG_RESOURCE,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(GHashTable) defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);
      g_autoptr(xmlDoc) doc = xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
      xmlNode *root;

      /* The schema is part of the program: failing to read it is a bug. */
      g_assert (doc != NULL);
      root = xmlDocGetRootElement (doc);

      for (xmlNode *child = root->children; child != NULL; child = child->next)
        if (is_rng (child, "define"))
          g_hash_table_insert (defines, _vnl_xml_get_attr (child, "name"), child);

      rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
      collect_elements (root, defines, rows);

      g_once_init_leave (&initialized, 1);
    }

  return rows;
}

static gboolean
is_unsigned (const char *text)
{
  if (*text == '+')
    text++;
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* Whether @value fits @spec, as far as the table can tell. */
static gboolean
value_fits (const AttrSpec *spec,
            const char     *raw)
{
  g_autofree char *value = g_strstrip (g_strdup (raw));

  if (spec->values != NULL)
    return g_ptr_array_find_with_equal_func (spec->values, value, g_str_equal, NULL);
  if (spec->non_empty && *value == '\0')
    return FALSE;
  if (g_strcmp0 (spec->type, "unsignedInt") == 0 || g_strcmp0 (spec->type, "nonNegativeInteger") == 0 ||
      g_strcmp0 (spec->type, "unsignedShort") == 0 || g_strcmp0 (spec->type, "unsignedByte") == 0)
    {
      guint64 number;

      if (!is_unsigned (value))
        return FALSE;
      if (g_strcmp0 (spec->type, "nonNegativeInteger") == 0)
        return TRUE;
      number = g_ascii_strtoull (value, NULL, 10);
      if (g_strcmp0 (spec->type, "unsignedByte") == 0)
        return number <= G_MAXUINT8;
      if (g_strcmp0 (spec->type, "unsignedShort") == 0)
        return number <= G_MAXUINT16;
      return number <= G_MAXUINT32;
    }
  if (g_strcmp0 (spec->type, "double") == 0)
    {
      char *end = NULL;

      if (g_str_equal (value, "INF") || g_str_equal (value, "-INF") || g_str_equal (value, "NaN"))
        return TRUE;
      g_ascii_strtod (value, &end);
      return end != value && *end == '\0';
    }
  return TRUE;
}

static char *
join_values (GPtrArray *values)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == values->len ? _(" or ") : ", ");
      g_string_append (out, values->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

static void G_GNUC_PRINTF (2, 3)
append_reason (GString    *out,
               const char *format,
               ...)
{
  va_list args;

  if (out->len > 0)
    g_string_append (out, "; ");
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

/* "attribute “vnet” is missing; attribute “colour” is not allowed…" for
 * @element against its row, or NULL when the row finds nothing. */
static char *
explain_attributes (xmlNode *element)
{
  GHashTable *rows = get_rows ();
  ElementSpec *row = g_hash_table_lookup (rows, (const char *) element->name);
  g_autoptr(GString) out = g_string_new (NULL);
  GList *names;

  if (row == NULL)
    return NULL;

  /* Missing ones in name order, so that the text is stable. */
  names = g_list_sort (g_hash_table_get_keys (row), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const AttrSpec *spec = g_hash_table_lookup (row, l->data);

      if (spec->required && !xmlHasProp (element, (const xmlChar *) l->data))
        append_reason (out, _("attribute “%s” is missing"), (const char *) l->data);
    }
  g_list_free (names);

  for (xmlAttr *attr = element->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      const AttrSpec *spec = g_hash_table_lookup (row, name);
      xmlChar *value;

      if (spec == NULL)
        {
          append_reason (out, _("attribute “%s” is not allowed"), name);
          continue;
        }

      value = xmlNodeGetContent ((xmlNode *) attr);
      if (!value_fits (spec, (const char *) value))
        {
          g_autofree char *stripped = g_strstrip (g_strdup ((const char *) value));

          if (spec->non_empty && *stripped == '\0')
            append_reason (out, _("attribute “%s” is empty"), name);
          else if (spec->values != NULL)
            {
              g_autofree char *expected = join_values (spec->values);
              append_reason (out, _("attribute “%s” is “%s”, not %s"), name, (const char *) value, expected);
            }
          else if (spec->type != NULL)
            append_reason (out, _("attribute “%s” is “%s”, not a valid %s"), name, (const char *) value, spec->type);
          else
            append_reason (out, _("attribute “%s” is “%s”"), name, (const char *) value);
        }
      xmlFree (value);
    }

  return out->len > 0 ? g_strdup (out->str) : NULL;
}

/* The attribute of @element whose value is @value. */
static const char *
attribute_with_value (xmlNode    *element,
                      const char *value)
{
  for (xmlAttr *attr = element->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *text = xmlNodeGetContent ((xmlNode *) attr);
      gboolean same = g_strcmp0 ((const char *) text, value) == 0;

      xmlFree (text);
      if (same)
        return (const char *) attr->name;
    }
  return NULL;
}

char *
_vnl_file_explain_schema_error (const xmlError *error,
                                char           *message)
{
  xmlNode *node = error->node;
  g_autofree char *text = message;
  const char *value_start, *value_end;

  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    node = node->parent;
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return g_steal_pointer (&text);

  if (g_str_has_suffix (text, "failed to validate attributes"))
    {
      g_autofree char *why = explain_attributes (node);

      if (why != NULL)
        return g_strdup_printf ("%s: %s", text, why);
      return g_steal_pointer (&text);
    }

  /* "Type unsignedInt doesn't allow value 'fast'": name the attribute. */
  if (g_str_has_prefix (text, "Type ") &&
      (value_start = strstr (text, " value '")) != NULL &&
      (value_end = strrchr (text, '\'')) > value_start + 7)
    {
      g_autofree char *value = g_strndup (value_start + 8, (gsize) (value_end - value_start - 8));
      const char *attr = attribute_with_value (node, value);

      if (attr != NULL)
        return g_strdup_printf (_("attribute “%s” of <%s>: %s"), attr, (const char *) node->name, text);
    }

  return g_steal_pointer (&text);
}
