/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-prefix"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "vnl-prefix.h"

G_DEFINE_QUARK (vnl-prefix-error-quark, vnl_prefix_error)

/* Strict dotted-quad parsing: exactly four decimal octets, no leading
 * zeros (which some libcs read as octal), up to @stop (or the end of the
 * string) and nothing else. */
static gboolean
ip_parse_until (const char *text,
                char        stop,
                guint32    *out_addr)
{
  guint32 addr = 0;
  const char *p = text;

  for (guint i = 0; i < 4; i++)
    {
      guint value = 0;
      guint digits = 0;

      if (i > 0)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }

      while (g_ascii_isdigit (*p))
        {
          if (digits > 0 && value == 0)
            return FALSE;
          value = value * 10 + (guint) (*p - '0');
          digits++;
          p++;
          if (value > 255)
            return FALSE;
        }

      if (digits == 0)
        return FALSE;

      addr = (addr << 8) | value;
    }

  if (*p != stop)
    return FALSE;

  if (out_addr != NULL)
    *out_addr = addr;

  return TRUE;
}

gboolean
vnl_ip_parse (const char *text,
              guint32    *out_addr)
{
  return text != NULL && ip_parse_until (text, '\0', out_addr);
}

void
vnl_ip_format (guint32 addr,
               char    buf[16])
{
  g_snprintf (buf, 16, "%u.%u.%u.%u",
              (addr >> 24) & 0xff, (addr >> 16) & 0xff,
              (addr >> 8) & 0xff, addr & 0xff);
}

char *
vnl_ip_to_string (guint32 addr)
{
  char buf[16];

  vnl_ip_format (addr, buf);
  return g_strdup (buf);
}

guint32
vnl_prefix_mask (guint8 len)
{
  if (len == 0)
    return 0;
  return 0xffffffffu << (32 - len);
}

gboolean
vnl_prefix_parse (const char  *text,
                  VnlPrefix   *out_prefix,
                  GError     **error)
{
  const char *slash;
  guint64 len;
  char *end = NULL;
  guint32 addr;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID,
                   _("empty prefix"));
      return FALSE;
    }

  slash = strchr (text, '/');
  if (slash == NULL)
    {
      g_set_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID,
                   _("“%s” is not a prefix in CIDR notation (a.b.c.d/len)"), text);
      return FALSE;
    }
  /* The address is read in place: a file's prefixes are parsed by the
   * hundred thousand, and only a message needs it as a string of its own. */
  if (!ip_parse_until (text, '/', &addr))
    {
      g_autofree char *address = g_strndup (text, (gsize) (slash - text));

      g_set_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID,
                   _("“%s” is not a valid IPv4 address in prefix “%s”"), address, text);
      return FALSE;
    }

  if (!g_ascii_isdigit (slash[1]) ||
      (len = g_ascii_strtoull (slash + 1, &end, 10), *end != '\0') ||
      len > 32)
    {
      g_set_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID,
                   _("“%s” has an invalid prefix length (0 to 32)"), text);
      return FALSE;
    }

  if ((addr & ~vnl_prefix_mask ((guint8) len)) != 0)
    {
      VnlPrefix fixed = { addr & vnl_prefix_mask ((guint8) len), (guint8) len };
      char buf[20];

      vnl_prefix_format (&fixed, buf);
      g_set_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID,
                   _("“%s” has host bits set (did you mean %s?)"), text, buf);
      return FALSE;
    }

  if (out_prefix != NULL)
    {
      out_prefix->addr = addr;
      out_prefix->len = (guint8) len;
    }

  return TRUE;
}

void
vnl_prefix_format (const VnlPrefix *prefix,
                   char             buf[20])
{
  char ip[16];

  vnl_ip_format (prefix->addr, ip);
  g_snprintf (buf, 20, "%s/%u", ip, prefix->len);
}

char *
vnl_prefix_to_string (const VnlPrefix *prefix)
{
  char buf[20];

  vnl_prefix_format (prefix, buf);
  return g_strdup (buf);
}

void
vnl_prefix_list_append (GString *out,
                        GArray  *prefixes,
                        guint    max)
{
  g_return_if_fail (out != NULL);

  vnl_prefix_list_join (out, prefixes, ", ", max);
}

void
vnl_prefix_list_join (GString    *out,
                      GArray     *prefixes,
                      const char *separator,
                      guint       max)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (separator != NULL);

  for (guint i = 0; prefixes != NULL && i < prefixes->len && i < max; i++)
    {
      char buf[20];

      vnl_prefix_format (&g_array_index (prefixes, VnlPrefix, i), buf);
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, buf);
    }
  if (prefixes != NULL && prefixes->len > max)
    {
      g_string_append (out, separator);
      g_string_append (out, "…");
    }
}

char *
vnl_prefix_list_to_string (GArray *prefixes)
{
  GString *out = g_string_new (NULL);

  vnl_prefix_list_append (out, prefixes, G_MAXUINT);
  return g_string_free (out, FALSE);
}

GArray *
vnl_prefix_list_parse (const char  *text,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) array = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_strsplit_set (text, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      VnlPrefix prefix;

      if (parts[i][0] == '\0')
        continue;
      if (!vnl_prefix_parse (parts[i], &prefix, error))
        return NULL;
      g_array_append_val (array, prefix);
    }

  return g_steal_pointer (&array);
}

gboolean
vnl_prefix_contains_ip (const VnlPrefix *prefix,
                        guint32          addr)
{
  return (addr & vnl_prefix_mask (prefix->len)) == prefix->addr;
}

gboolean
vnl_prefix_contains (const VnlPrefix *outer,
                     const VnlPrefix *inner)
{
  return outer->len <= inner->len && vnl_prefix_contains_ip (outer, inner->addr);
}

gboolean
vnl_prefix_overlaps (const VnlPrefix *a,
                     const VnlPrefix *b)
{
  return vnl_prefix_contains (a, b) || vnl_prefix_contains (b, a);
}

gboolean
vnl_prefix_equal (const VnlPrefix *a,
                  const VnlPrefix *b)
{
  return a->addr == b->addr && a->len == b->len;
}

int
vnl_prefix_compare (const VnlPrefix *a,
                    const VnlPrefix *b)
{
  if (a->addr != b->addr)
    return a->addr < b->addr ? -1 : 1;
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  return 0;
}
