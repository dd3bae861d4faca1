/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"

typedef struct
{
  const char *text;
  gboolean    valid;
  guint32     addr;
  guint8      len;
} PrefixCase;

/* Expected values: CIDR arithmetic by hand. */
static const PrefixCase prefix_cases[] = {
  { "10.2.30.0/25",     TRUE,  0x0a021e00, 25 },
  { "0.0.0.0/0",        TRUE,  0,           0 },
  { "192.168.30.16/30", TRUE,  0xc0a81e10, 30 },
  { "10.2.30.1/25",     FALSE, 0, 0 },   /* host bits set */
  { "10.2.30.0/33",     FALSE, 0, 0 },
  { "10.2.30.0",        FALSE, 0, 0 },
  { "10.2.300.0/24",    FALSE, 0, 0 },
  { "10.02.3.0/24",     FALSE, 0, 0 },   /* leading zero: ambiguous octal */
  { "10.2.3.0/24x",     FALSE, 0, 0 },
  { "",                 FALSE, 0, 0 },
  /* The address is read up to the slash, in place. */
  { "10.2.3/24",        FALSE, 0, 0 },   /* three octets */
  { "10.2.3.0.1/24",    FALSE, 0, 0 },   /* five */
  { "/24",              FALSE, 0, 0 },
  { "10.2.3.0/",        FALSE, 0, 0 },
  { "10.2.3.0/24/8",    FALSE, 0, 0 },
  { "10.2.3.0 /24",     FALSE, 0, 0 },
};

static void
test_prefix_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (prefix_cases); i++)
    {
      const PrefixCase *c = &prefix_cases[i];
      g_autoptr(GError) error = NULL;
      VnlPrefix prefix;
      gboolean ok = vnl_prefix_parse (c->text, &prefix, &error);

      g_assert_cmpint (ok, ==, c->valid);
      if (ok)
        {
          g_autofree char *back = vnl_prefix_to_string (&prefix);
          g_assert_no_error (error);
          g_assert_cmphex (prefix.addr, ==, c->addr);
          g_assert_cmpuint (prefix.len, ==, c->len);
          g_assert_cmpstr (back, ==, c->text);
        }
      else
        g_assert_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID);
    }
}

/* The message names the address part as written, before the slash. */
static void
test_prefix_parse_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vnl_prefix_parse ("10.2.3/24", NULL, &error));
  g_assert_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“10.2.3” is not a valid IPv4 address in prefix “10.2.3/24”"));
}

static void
test_prefix_relations (void)
{
  VnlPrefix hub, gw, spoke, branch, all;

  g_assert_true (vnl_prefix_parse ("10.10.30.0/24", &hub, NULL));
  g_assert_true (vnl_prefix_parse ("10.10.30.128/25", &gw, NULL));
  g_assert_true (vnl_prefix_parse ("10.11.30.0/26", &spoke, NULL));
  g_assert_true (vnl_prefix_parse ("10.11.30.64/26", &branch, NULL));
  g_assert_true (vnl_prefix_parse ("10.0.0.0/8", &all, NULL));

  g_assert_true (vnl_prefix_contains (&hub, &gw));
  g_assert_false (vnl_prefix_contains (&gw, &hub));
  g_assert_true (vnl_prefix_overlaps (&gw, &hub));
  /* Spoke and branch are adjacent /26s of one /24: no overlap. */
  g_assert_false (vnl_prefix_overlaps (&spoke, &branch));
  g_assert_true (vnl_prefix_contains (&all, &branch));
  g_assert_true (vnl_prefix_contains_ip (&branch, 0x0a0b1e44)); /* 10.11.30.68 */
  g_assert_false (vnl_prefix_contains_ip (&spoke, 0x0a0b1e44));
}

static void
test_ip_parse (void)
{
  guint32 addr;

  g_assert_true (vnl_ip_parse ("10.10.30.254", &addr));
  g_assert_cmphex (addr, ==, 0x0a0a1efe);
  g_assert_false (vnl_ip_parse ("10.10.30", &addr));
  g_assert_false (vnl_ip_parse ("10.10.30.256", &addr));
  g_assert_false (vnl_ip_parse (" 10.10.30.1", &addr));
  g_assert_false (vnl_ip_parse (NULL, &addr));
}

/* Lists as typed: commas and spaces separate, empty parts are skipped,
 * one bad prefix refuses the list; formatting reads back the same. */
static void
test_prefix_list (void)
{
  static const struct {
    const char *text;
    guint       n;         /* -1 as G_MAXUINT: refused */
    const char *formatted;
  } cases[] = {
    { "",                              0, "" },
    { "10.0.0.0/16",                   1, "10.0.0.0/16" },
    { "10.0.0.0/16, 10.1.0.0/24",      2, "10.0.0.0/16, 10.1.0.0/24" },
    { " 10.0.0.0/16,,10.1.0.0/24  ",   2, "10.0.0.0/16, 10.1.0.0/24" },
    { "10.0.0.0/16 192.168.0.0/30",    2, "10.0.0.0/16, 192.168.0.0/30" },
    { "10.0.0.0/16, 10.1.0.1/24",      G_MAXUINT, NULL },  /* host bits */
    { "10.0.0.0/16; 10.1.0.0/24",      G_MAXUINT, NULL },  /* ';' is not a separator */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) list = vnl_prefix_list_parse (cases[i].text, &error);

      g_test_message ("“%s”", cases[i].text);
      if (cases[i].n == G_MAXUINT)
        {
          g_assert_null (list);
          g_assert_error (error, VNL_PREFIX_ERROR, VNL_PREFIX_ERROR_INVALID);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, cases[i].n);
      {
        g_autofree char *text = vnl_prefix_list_to_string (list);
        g_autoptr(GArray) again = vnl_prefix_list_parse (text, NULL);

        g_assert_cmpstr (text, ==, cases[i].formatted);
        g_assert_cmpuint (again->len, ==, list->len);
        for (guint k = 0; k < list->len; k++)
          g_assert_true (vnl_prefix_equal (&g_array_index (list, VnlPrefix, k),
                                           &g_array_index (again, VnlPrefix, k)));
      }
    }

  /* NULL is the empty list; a cap says that more follow. */
  {
    g_autofree char *none = vnl_prefix_list_to_string (NULL);
    g_autoptr(GArray) three = vnl_prefix_list_parse ("10.0.0.0/8 10.1.0.0/16 10.2.0.0/16", NULL);
    g_autoptr(GString) out = g_string_new (NULL);

    g_assert_cmpstr (none, ==, "");
    vnl_prefix_list_append (out, three, 2);
    g_assert_cmpstr (out->str, ==, "10.0.0.0/8, 10.1.0.0/16, …");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/prefix/parse", test_prefix_parse);
  g_test_add_func ("/core/prefix/parse-message", test_prefix_parse_message);
  g_test_add_func ("/core/prefix/relations", test_prefix_relations);
  g_test_add_func ("/core/prefix/ip-parse", test_ip_parse);
  g_test_add_func ("/core/prefix/list", test_prefix_list);
  return g_test_run ();
}
