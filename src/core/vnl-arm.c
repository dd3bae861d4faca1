/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-arm"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-arm.h"
#include "vnl-import.h"

/*
 * Expressions are parsed and evaluated in one recursive-descent pass over
 * the text between the brackets:
 *
 *   expr    := primary ( '.' IDENT | '[' expr ']' )*
 *   primary := 'string' | NUMBER | IDENT '(' [ expr ( ',' expr )* ] ')'
 *
 * A value is a JsonNode (owned). An unknown value (reference() and the like)
 * is NULL with `unknown` set to the reason; it propagates through every
 * function that receives it, so a whole expression is either known or
 * unknown. A syntax error is a GError and stops the import.
 */

struct _VnlArmContext
{
  JsonObject *root;        /* borrowed: the template */
  GHashTable *variables;   /* name → JsonNode (owned), evaluated on use */
  guint       depth;       /* variables() recursion guard */
};

typedef struct
{
  VnlArmContext *ctx;
  const char    *text;     /* the whole expression, for messages */
  const char    *p;
  char          *unknown;  /* owned: why the value is unknown */
  GError        *error;
} Parser;

VnlArmContext *
vnl_arm_context_new (JsonObject *template_root)
{
  VnlArmContext *ctx = g_new0 (VnlArmContext, 1);

  ctx->root = template_root;
  ctx->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  return ctx;
}

void
vnl_arm_context_free (VnlArmContext *ctx)
{
  if (ctx == NULL)
    return;
  g_hash_table_unref (ctx->variables);
  g_free (ctx);
}

char *
vnl_arm_resource_id (const char *type,
                     const char *names)
{
  g_auto(GStrv) types = g_strsplit (type, "/", -1);
  g_auto(GStrv) parts = g_strsplit (names, "/", -1);
  GString *id = g_string_new ("/subscriptions/" VNL_ARM_SUBSCRIPTION "/resourceGroups/" VNL_ARM_GROUP "/providers/");

  g_string_append (id, types[0] != NULL ? types[0] : "");
  for (guint i = 0; parts[i] != NULL; i++)
    g_string_append_printf (id, "/%s/%s", types[0] != NULL && types[1 + i] != NULL ? types[1 + i] : "", parts[i]);
  return g_string_free (id, FALSE);
}

static void
fail (Parser     *ps,
      const char *message)
{
  if (ps->error == NULL)
    g_set_error (&ps->error, VNL_IMPORT_ERROR, VNL_IMPORT_ERROR_EXPRESSION,
                 _("%s at character %d of “%s”"), message, (int) (ps->p - ps->text) + 1, ps->text);
}

static void
skip_space (Parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
    ps->p++;
}

static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

/* A value as concat() and format() join it. */
static char *
node_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "True" : "False");
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("%g", json_node_get_double (node));
    }
  return json_to_string (node, FALSE);
}

static JsonNode *parse_expr (Parser *ps);

static char *
parse_ident (Parser *ps)
{
  const char *start = ps->p;

  while (g_ascii_isalnum (*ps->p) || *ps->p == '_')
    ps->p++;
  if (ps->p == start)
    {
      fail (ps, _("a name was expected"));
      return NULL;
    }
  return g_strndup (start, ps->p - start);
}

static JsonNode *
parse_string (Parser *ps)
{
  GString *s = g_string_new (NULL);

  ps->p++;
  for (;;)
    {
      if (*ps->p == '\0')
        {
          fail (ps, _("unterminated string"));
          g_string_free (s, TRUE);
          return NULL;
        }
      if (*ps->p == '\'')
        {
          if (ps->p[1] != '\'')
            break;
          ps->p++;   /* '' is one quote */
        }
      g_string_append_c (s, *ps->p++);
    }
  ps->p++;
  JsonNode *node = string_node (s->str);
  g_string_free (s, TRUE);
  return node;
}

static JsonNode *evaluate_node (VnlArmContext *ctx, JsonNode *node, char **unknown, GError **error);

static JsonNode *
lookup_variable (Parser     *ps,
                 const char *name)
{
  JsonObject *vars = json_object_get_object_member (ps->ctx->root, "variables");
  JsonNode *cached = g_hash_table_lookup (ps->ctx->variables, name);

  if (cached != NULL)
    return json_node_copy (cached);
  if (vars == NULL || !json_object_has_member (vars, name))
    {
      fail (ps, _("unknown variable"));
      return NULL;
    }
  if (ps->ctx->depth > 32)
    {
      fail (ps, _("variables refer to each other in a loop"));
      return NULL;
    }

  ps->ctx->depth++;
  JsonNode *value = evaluate_node (ps->ctx, json_object_get_member (vars, name), &ps->unknown, &ps->error);
  ps->ctx->depth--;
  if (value != NULL)
    g_hash_table_insert (ps->ctx->variables, g_strdup (name), json_node_copy (value));
  return value;
}

static JsonNode *
lookup_parameter (Parser     *ps,
                  const char *name)
{
  JsonObject *params = json_object_get_object_member (ps->ctx->root, "parameters");
  JsonObject *param;

  if (params == NULL || !json_object_has_member (params, name))
    {
      fail (ps, _("unknown parameter"));
      return NULL;
    }
  param = json_object_get_object_member (params, name);
  if (param == NULL || !json_object_has_member (param, "defaultValue"))
    {
      ps->unknown = g_strdup_printf (_("parameter “%s” has no default value"), name);
      return NULL;
    }
  return evaluate_node (ps->ctx, json_object_get_member (param, "defaultValue"), &ps->unknown, &ps->error);
}

static JsonNode *
make_resource_id (GPtrArray *args,
                  gboolean   subscription_level)
{
  g_autoptr(GString) id = g_string_new (NULL);
  guint t = 0;
  const char *sub = VNL_ARM_SUBSCRIPTION;
  const char *group = VNL_ARM_GROUP;

  /* The type is the first argument of the form Namespace/type. */
  while (t < args->len && strchr (args->pdata[t], '/') == NULL)
    t++;
  if (t >= args->len)
    return NULL;
  if (t == 1)
    group = args->pdata[0];
  else if (t >= 2)
    {
      sub = args->pdata[0];
      group = args->pdata[1];
    }

  g_auto(GStrv) types = g_strsplit (args->pdata[t], "/", -1);
  g_string_append_printf (id, "/subscriptions/%s", sub);
  if (!subscription_level)
    g_string_append_printf (id, "/resourceGroups/%s", group);
  g_string_append_printf (id, "/providers/%s", types[0]);
  for (guint i = t + 1, k = 1; i < args->len; i++, k++)
    g_string_append_printf (id, "/%s/%s", k < g_strv_length (types) ? types[k] : "", (char *) args->pdata[i]);
  return string_node (id->str);
}

static JsonNode *
object_node (const char *k1,
             const char *v1,
             const char *k2,
             const char *v2)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, k1, v1);
  if (k2 != NULL)
    json_object_set_string_member (o, k2, v2);
  json_node_take_object (node, o);
  return node;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static JsonNode *
call (Parser     *ps,
      const char *fn,
      GPtrArray  *args)
{
  g_autofree char *lower = g_ascii_strdown (fn, -1);

  if (g_str_equal (lower, "reference") || g_str_has_prefix (lower, "list") || g_str_equal (lower, "newguid")
      || g_str_equal (lower, "utcnow") || g_str_equal (lower, "deployment"))
    {
      ps->unknown = g_strdup_printf (_("%s() is known only once deployed"), fn);
      return NULL;
    }
  if (g_str_equal (lower, "parameters") || g_str_equal (lower, "variables"))
    {
      if (args->len != 1 || !node_is_string (args->pdata[0]))
        {
          fail (ps, _("a name in quotes was expected"));
          return NULL;
        }
      return lower[0] == 'p' ? lookup_parameter (ps, json_node_get_string (args->pdata[0]))
                             : lookup_variable (ps, json_node_get_string (args->pdata[0]));
    }
  if (g_str_equal (lower, "concat"))
    {
      if (args->len > 0 && JSON_NODE_HOLDS_ARRAY ((JsonNode *) args->pdata[0]))
        {
          JsonArray *out = json_array_new ();
          for (guint i = 0; i < args->len; i++)
            if (JSON_NODE_HOLDS_ARRAY ((JsonNode *) args->pdata[i]))
              {
                JsonArray *a = json_node_get_array (args->pdata[i]);
                for (guint j = 0; j < json_array_get_length (a); j++)
                  json_array_add_element (out, json_node_copy (json_array_get_element (a, j)));
              }
          JsonNode *node = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (node, out);
          return node;
        }
      g_autoptr(GString) s = g_string_new (NULL);
      for (guint i = 0; i < args->len; i++)
        {
          g_autofree char *t = node_text (args->pdata[i]);
          g_string_append (s, t);
        }
      return string_node (s->str);
    }
  if (g_str_equal (lower, "format") && args->len >= 1 && node_is_string (args->pdata[0]))
    {
      g_autoptr(GString) s = g_string_new (NULL);
      for (const char *f = json_node_get_string (args->pdata[0]); *f != '\0'; f++)
        {
          char *end;
          long n;

          if (*f == '{' && g_ascii_isdigit (f[1]) && (n = strtol (f + 1, &end, 10), *end == '}')
              && (guint) n + 1 < args->len)
            {
              g_autofree char *t = node_text (args->pdata[n + 1]);
              g_string_append (s, t);
              f = end;
            }
          else
            g_string_append_c (s, *f);
        }
      return string_node (s->str);
    }
  if (g_str_equal (lower, "resourceid") || g_str_equal (lower, "subscriptionresourceid"))
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      JsonNode *node;

      for (guint i = 0; i < args->len; i++)
        g_ptr_array_add (texts, node_text (args->pdata[i]));
      node = make_resource_id (texts, lower[0] == 's');
      if (node == NULL)
        fail (ps, _("resourceId() needs a resource type"));
      return node;
    }
  if (g_str_equal (lower, "subscription"))
    return object_node ("subscriptionId", VNL_ARM_SUBSCRIPTION, "id", "/subscriptions/" VNL_ARM_SUBSCRIPTION);
  if (g_str_equal (lower, "resourcegroup"))
    return object_node ("name", VNL_ARM_GROUP, "id",
                        "/subscriptions/" VNL_ARM_SUBSCRIPTION "/resourceGroups/" VNL_ARM_GROUP);
  if ((g_str_equal (lower, "tolower") || g_str_equal (lower, "toupper") || g_str_equal (lower, "string"))
      && args->len == 1)
    {
      g_autofree char *t = node_text (args->pdata[0]);
      g_autofree char *c = lower[2] == 'l' ? g_utf8_strdown (t, -1)
                                          : lower[2] == 'u' ? g_utf8_strup (t, -1) : g_strdup (t);
      return string_node (c);
    }
  if (g_str_equal (lower, "equals") && args->len == 2)
    {
      JsonNode *node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, json_node_equal (args->pdata[0], args->pdata[1]));
      return node;
    }
  if ((g_str_equal (lower, "true") || g_str_equal (lower, "false")) && args->len == 0)
    {
      JsonNode *node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, lower[0] == 't');
      return node;
    }
  if (g_str_equal (lower, "if") && args->len == 3)
    {
      JsonNode *c = args->pdata[0];
      gboolean yes = JSON_NODE_HOLDS_VALUE (c) && json_node_get_value_type (c) == G_TYPE_BOOLEAN
                     && json_node_get_boolean (c);
      return json_node_copy (args->pdata[yes ? 1 : 2]);
    }

  ps->unknown = g_strdup_printf (_("%s() is not evaluated by vnetlab"), fn);
  return NULL;
}

static JsonNode *
parse_primary (Parser *ps)
{
  skip_space (ps);
  if (*ps->p == '\'')
    return parse_string (ps);
  if (g_ascii_isdigit (*ps->p) || *ps->p == '-')
    {
      char *end;
      gint64 n = g_ascii_strtoll (ps->p, &end, 10);
      JsonNode *node = json_node_new (JSON_NODE_VALUE);

      ps->p = end;
      json_node_set_int (node, n);
      return node;
    }

  g_autofree char *fn = parse_ident (ps);
  if (fn == NULL)
    return NULL;
  skip_space (ps);
  if (*ps->p != '(')
    {
      fail (ps, _("“(” was expected"));
      return NULL;
    }
  ps->p++;

  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gboolean unknown = FALSE;
  skip_space (ps);
  while (*ps->p != ')')
    {
      JsonNode *arg = parse_expr (ps);

      if (ps->error != NULL)
        return NULL;
      if (arg == NULL)
        unknown = TRUE;
      else
        g_ptr_array_add (args, arg);
      skip_space (ps);
      if (*ps->p == ',')
        ps->p++;
      else if (*ps->p != ')')
        {
          fail (ps, _("“,” or “)” was expected"));
          return NULL;
        }
    }
  ps->p++;
  if (unknown)
    return NULL;
  return call (ps, fn, args);
}

static JsonNode *
parse_expr (Parser *ps)
{
  JsonNode *value = parse_primary (ps);

  for (;;)
    {
      skip_space (ps);
      if (ps->error != NULL)
        {
          g_clear_pointer (&value, json_node_unref);
          return NULL;
        }
      if (*ps->p == '.')
        {
          ps->p++;
          g_autofree char *member = parse_ident (ps);
          if (member == NULL)
            continue;
          if (value == NULL)
            continue;
          JsonNode *next = NULL;
          if (JSON_NODE_HOLDS_OBJECT (value) && json_object_has_member (json_node_get_object (value), member))
            next = json_node_copy (json_object_get_member (json_node_get_object (value), member));
          else if (ps->unknown == NULL)
            ps->unknown = g_strdup_printf (_("“.%s” is known only once deployed"), member);
          json_node_unref (value);
          value = next;
        }
      else if (*ps->p == '[')
        {
          ps->p++;
          JsonNode *index = parse_expr (ps);
          skip_space (ps);
          if (*ps->p != ']')
            fail (ps, _("“]” was expected"));
          else
            ps->p++;
          JsonNode *next = NULL;
          if (value != NULL && index != NULL && JSON_NODE_HOLDS_ARRAY (value) && JSON_NODE_HOLDS_VALUE (index)
              && json_node_get_value_type (index) == G_TYPE_INT64
              && json_node_get_int (index) >= 0
              && json_node_get_int (index) < json_array_get_length (json_node_get_array (value)))
            next = json_node_copy (json_array_get_element (json_node_get_array (value), json_node_get_int (index)));
          else if (value != NULL && index != NULL && JSON_NODE_HOLDS_OBJECT (value) && node_is_string (index))
            {
              JsonObject *o = json_node_get_object (value);
              if (json_object_has_member (o, json_node_get_string (index)))
                next = json_node_copy (json_object_get_member (o, json_node_get_string (index)));
            }
          if (next == NULL && ps->unknown == NULL)
            ps->unknown = g_strdup (_("an index out of range"));
          g_clear_pointer (&index, json_node_unref);
          g_clear_pointer (&value, json_node_unref);
          value = next;
        }
      else
        return value;
    }
}

/* One string: an expression when in brackets ("[[" escapes a literal). */
static JsonNode *
evaluate_string (VnlArmContext *ctx,
                 const char    *text,
                 char         **unknown,
                 GError       **error)
{
  gsize len = strlen (text);

  if (len < 2 || text[0] != '[' || text[len - 1] != ']')
    return string_node (text);
  if (text[1] == '[')
    return string_node (text + 1);

  g_autofree char *inner = g_strndup (text + 1, len - 2);
  Parser ps = { ctx, inner, inner, NULL, NULL };
  JsonNode *value = parse_expr (&ps);

  skip_space (&ps);
  if (ps.error == NULL && *ps.p != '\0')
    fail (&ps, _("unexpected text"));
  if (ps.error != NULL)
    {
      g_clear_pointer (&value, json_node_unref);
      g_free (ps.unknown);
      g_propagate_error (error, ps.error);
      return NULL;
    }
  if (value == NULL)
    {
      if (*unknown == NULL)
        *unknown = ps.unknown != NULL ? g_strdup_printf ("%s (%s)", ps.unknown, text) : g_strdup (text);
      g_free (ps.unknown);
      return NULL;
    }
  g_free (ps.unknown);
  return value;
}

static JsonNode *
evaluate_node (VnlArmContext *ctx,
               JsonNode      *node,
               char         **unknown,
               GError       **error)
{
  if (node_is_string (node))
    return evaluate_string (ctx, json_node_get_string (node), unknown, error);
  return json_node_copy (node);
}

typedef struct
{
  VnlArmContext *ctx;
  GPtrArray     *unknowns;
  GError        *error;
} Walk;

static JsonNode *
walk (Walk       *w,
      JsonNode   *node,
      const char *path)
{
  if (w->error != NULL)
    return json_node_new (JSON_NODE_NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      json_object_iter_init (&iter, in);
      while (json_object_iter_next (&iter, &member, &child))
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, member);
          json_object_set_member (out, member, walk (w, child, sub));
        }
      json_node_take_object (result, out);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          json_array_add_element (out, walk (w, json_array_get_element (in, i), sub));
        }
      json_node_take_array (result, out);
      return result;
    }
  if (node_is_string (node))
    {
      g_autofree char *unknown = NULL;
      GError *error = NULL;
      JsonNode *value = evaluate_string (w->ctx, json_node_get_string (node), &unknown, &error);

      if (error != NULL)
        {
          g_propagate_prefixed_error (&w->error, error, "%s: ", path);
          return json_node_new (JSON_NODE_NULL);
        }
      if (value == NULL)
        {
          g_ptr_array_add (w->unknowns, g_strdup_printf ("%s: %s", path, unknown));
          return json_node_new (JSON_NODE_NULL);
        }
      return value;
    }
  return json_node_copy (node);
}

JsonNode *
vnl_arm_evaluate_tree (VnlArmContext  *ctx,
                       JsonNode       *node,
                       const char     *path,
                       GPtrArray      *unknowns,
                       GError        **error)
{
  Walk w = { ctx, unknowns, NULL };
  JsonNode *result;

  g_return_val_if_fail (ctx != NULL, NULL);

  result = walk (&w, node, path);
  if (w.error != NULL)
    {
      json_node_unref (result);
      g_propagate_error (error, w.error);
      return NULL;
    }
  return result;
}
