/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
        g_assert_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID_PREFIX);
    }
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/prefix/parse", test_prefix_parse);
  g_test_add_func ("/core/prefix/relations", test_prefix_relations);
  g_test_add_func ("/core/prefix/ip-parse", test_ip_parse);
  return g_test_run ();
}
