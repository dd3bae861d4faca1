/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-test-cli.h"

/*
 * Validation rewritten for speed (#13) must say exactly what it said
 * before: the same problems, in the same order, with the same text.
 *
 * Faults are injected into valid designs (every sample, the valid corpus
 * and generated designs): a name made another's (duplicates), a reference
 * pointed elsewhere or nowhere (dangling, wrong kind), a prefix made
 * another's or widened or narrowed (overlaps, connected or not, outside
 * their VNet), ASNs made 0 or reserved, flags and types flipped (gateway
 * transit, gateway types, link roles), addresses moved. Each faulty design
 * is validated, and its problems are compared with those the validation
 * of main before the rewrite (4e89a06) gave on the same design, kept in
 * data/validate-faults.expected. So the expectations are that code's
 * output, not reasoning: the invalid corpus (test-validate.c) holds the
 * reasoned ones; this test holds the rewrite to them and to everything
 * else the old code said.
 *
 * A block of the expected file names its design and the hash of the
 * design's text: a base design that changed since (a sample edited, the
 * generator changed) no longer has an old answer, and its block is
 * skipped (and said so), never compared with the wrong design.
 *
 * VNL_WRITE_EXPECTED=PATH writes the file instead of comparing (how it was
 * made: this test built against main's core).
 */

#define VARIANTS 8

static const char *const ref_attrs[] = {
  "vnet-a", "vnet-b", "vnet", "gateway", "circuit", "ce", "gateway-a",
  "gateway-b", "site", "owner", "circuit-a", "circuit-b", "location",
  "peering-location", "hub", "next-hop", "route-table", NULL,
};

typedef struct
{
  const char *key;    /* into the line */
  gsize       key_len;
  const char *value;  /* into the line */
  gsize       value_len;
} Attr;

/* The attributes of one line: key="value" pairs. */
static GArray *
line_attrs (const char *line)
{
  GArray *attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  const char *p = line;

  while ((p = strstr (p, "=\"")) != NULL)
    {
      const char *key = p;
      const char *end;
      Attr attr;

      while (key > line && (g_ascii_isalnum (key[-1]) || key[-1] == '-'))
        key--;
      end = strchr (p + 2, '"');
      if (end == NULL)
        break;
      attr = (Attr) { key, (gsize) (p - key), p + 2, (gsize) (end - p - 2) };
      if (attr.key_len > 0)
        g_array_append_val (attrs, attr);
      p = end + 1;
    }
  return attrs;
}

static gboolean
key_is (const Attr *attr,
        const char *key)
{
  return attr->key_len == strlen (key) && strncmp (attr->key, key, attr->key_len) == 0;
}

static gboolean
is_ref (const Attr *attr)
{
  for (guint i = 0; ref_attrs[i] != NULL; i++)
    if (key_is (attr, ref_attrs[i]))
      return TRUE;
  return FALSE;
}

/* "a.b.c.d/len" (@with_len) or "a.b.c.d". */
static gboolean
is_dotted (const Attr *attr,
           gboolean    with_len)
{
  g_autofree char *value = g_strndup (attr->value, attr->value_len);
  g_auto(GStrv) parts = g_strsplit (value, "/", -1);
  guint32 addr;

  if (g_strv_length (parts) != (with_len ? 2u : 1u))
    return FALSE;
  return vnl_ip_parse (parts[0], &addr);
}

typedef struct
{
  GPtrArray *names;     /* owned, of char*: every name="" of the design */
  GPtrArray *prefixes;  /* owned, of char*: every prefix value */
} Pools;

static const char *
pick (GRand     *rand,
      GPtrArray *pool)
{
  return pool->pdata[g_rand_int_range (rand, 0, pool->len)];
}

/* The new value for @attr by fault @kind, or NULL when the fault does not
 * apply to it. */
static char *
fault_value (GRand      *rand,
             const Pools *pools,
             guint       kind,
             const Attr *attr)
{
  static const char *const asns[] = { "0", "65515", "8075", "64512", "12076" };
  static const char *const flips[][2] = {
    { "true", "false" }, { "false", "true" }, { "vpn", "expressroute" },
    { "expressroute", "vpn" }, { "primary", "secondary" }, { "secondary", "primary" },
  };
  g_autofree char *value = g_strndup (attr->value, attr->value_len);

  switch (kind)
    {
    case 0:   /* duplicate name */
      return key_is (attr, "name") && pools->names->len > 0 ? g_strdup (pick (rand, pools->names)) : NULL;
    case 1:   /* dangling or wrong-kind reference */
      if (!is_ref (attr) || pools->names->len == 0)
        return NULL;
      if (g_rand_int_range (rand, 0, 4) == 0)
        return g_strdup_printf ("nowhere%d", g_rand_int_range (rand, 0, 9));
      return g_strdup (pick (rand, pools->names));
    case 2:   /* another prefix of the design */
      return is_dotted (attr, TRUE) && pools->prefixes->len > 0 ? g_strdup (pick (rand, pools->prefixes)) : NULL;
    case 3:   /* a wider or narrower prefix */
      {
        static const int steps[] = { -8, -4, -1, 1, 2 };
        g_auto(GStrv) parts = NULL;
        VnlPrefix prefix;
        guint32 addr;
        int len;

        if (!is_dotted (attr, TRUE))
          return NULL;
        parts = g_strsplit (value, "/", 2);
        vnl_ip_parse (parts[0], &addr);
        len = CLAMP (atoi (parts[1]) + steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (steps))], 8, 32);
        prefix.addr = addr & vnl_prefix_mask (len);
        prefix.len = len;
        return vnl_prefix_to_string (&prefix);
      }
    case 4:   /* ASN 0 or reserved */
      if (g_strstr_len (attr->key, attr->key_len, "asn") == NULL)
        return NULL;
      return g_strdup (asns[g_rand_int_range (rand, 0, G_N_ELEMENTS (asns))]);
    case 5:   /* flags, gateway types, link roles flipped */
      for (guint i = 0; i < G_N_ELEMENTS (flips); i++)
        if (g_str_equal (value, flips[i][0]))
          return g_strdup (flips[i][1]);
      return NULL;
    default:  /* an address moved to another prefix's */
      {
        g_auto(GStrv) parts = NULL;

        if (!is_dotted (attr, FALSE) || pools->prefixes->len == 0)
          return NULL;
        parts = g_strsplit (pick (rand, pools->prefixes), "/", 2);
        return g_strdup (parts[0]);
      }
    }
}

/* One fault on a random line where it applies (up to 50 tries). */
static void
inject (GRand       *rand,
        const Pools *pools,
        char       **lines)
{
  guint n_lines = g_strv_length (lines);
  guint kind = g_rand_int_range (rand, 0, 7);

  for (guint attempt = 0; attempt < 50; attempt++)
    {
      guint l = g_rand_int_range (rand, 0, n_lines);
      g_autoptr(GArray) attrs = line_attrs (lines[l]);
      g_autoptr(GArray) fits = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree char *value = NULL;
      const Attr *attr;
      GString *line;

      for (guint a = 0; a < attrs->len; a++)
        {
          /* Only whether it applies: a throwaway stream for the value. */
          g_autoptr(GRand) probe = g_rand_new_with_seed (0);
          g_autofree char *v = fault_value (probe, pools, kind, &g_array_index (attrs, Attr, a));
          if (v != NULL)
            g_array_append_val (fits, a);
        }
      if (fits->len == 0)
        continue;

      attr = &g_array_index (attrs, Attr, g_array_index (fits, guint, g_rand_int_range (rand, 0, fits->len)));
      value = fault_value (rand, pools, kind, attr);
      line = g_string_new_len (lines[l], attr->value - lines[l]);
      g_string_append (line, value);
      g_string_append (line, attr->value + attr->value_len);
      g_free (lines[l]);
      lines[l] = g_string_free (line, FALSE);
      return;
    }
}

static void
collect_pools (char  **lines,
               Pools  *pools)
{
  pools->names = g_ptr_array_new_with_free_func (g_free);
  pools->prefixes = g_ptr_array_new_with_free_func (g_free);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_autoptr(GArray) attrs = line_attrs (lines[l]);

      for (guint a = 0; a < attrs->len; a++)
        {
          const Attr *attr = &g_array_index (attrs, Attr, a);

          if (key_is (attr, "name"))
            g_ptr_array_add (pools->names, g_strndup (attr->value, attr->value_len));
          else if (is_dotted (attr, TRUE))
            g_ptr_array_add (pools->prefixes, g_strndup (attr->value, attr->value_len));
        }
    }
}

/* The problems of @path, one a line, without the file name. */
static void
append_problems (GString    *out,
                 const char *path)
{
  g_autoptr(GPtrArray) problems = vnl_file_check (path);

  for (guint i = 0; i < problems->len; i++)
    {
      VnlProblem *problem = problems->pdata[i];

      g_string_append_printf (out, "%u: %s%s (%s)\n", problem->line,
                              problem->severity == VNL_SEVERITY_WARNING ? "warning: " : "",
                              problem->message, problem->object != NULL ? problem->object : "");
    }
}

/* The faulty variants of one base design, each as "# NAME HASH VARIANT"
 * and its problems. */
static void
append_base (GString    *out,
             const char *name,
             const char *text,
             const char *dir)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  for (guint v = 0; v < VARIANTS; v++)
    {
      static const guint n_faults[] = { 1, 2, 3, 5, 8, 20 };
      g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (name) * 31 + v);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autofree char *path = g_build_filename (dir, "faulty.vnetlab", NULL);
      g_autofree char *faulty = NULL;
      g_autoptr(GError) error = NULL;
      guint n = n_faults[g_rand_int_range (rand, 0, G_N_ELEMENTS (n_faults))];
      Pools pools;

      collect_pools (lines, &pools);
      for (guint f = 0; f < n; f++)
        inject (rand, &pools, lines);
      g_ptr_array_unref (pools.names);
      g_ptr_array_unref (pools.prefixes);

      faulty = g_strjoinv ("\n", lines);
      g_file_set_contents (path, faulty, -1, &error);
      g_assert_no_error (error);

      g_string_append_printf (out, "# %s %.16s %u\n", name, hash, v);
      append_problems (out, path);
    }
}

static void
append_dir (GString    *out,
            const char *label,
            const char *dir,
            const char *tmp)
{
  g_autoptr(GPtrArray) paths = list_designs (dir);

  g_assert_cmpuint (paths->len, >, 0);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *base = g_path_get_basename (paths->pdata[i]);
      g_autofree char *name = g_strconcat (label, "/", base, NULL);
      g_autoptr(GError) error = NULL;

      g_file_get_contents (paths->pdata[i], &text, NULL, &error);
      g_assert_no_error (error);
      append_base (out, name, text, tmp);
    }
}

static void
append_generated (GString    *out,
                  const char *tmp)
{
  static const struct { guint vnets, sites, circuits, prefixes, seed; gboolean extras; } sizes[] = {
    { 12, 3, 2, 30, 1, FALSE },
    { 25, 5, 3, 120, 2, FALSE },
    { 40, 8, 4, 400, 3, TRUE },
    { 60, 12, 6, 1200, 4, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      VnlGenerateOptions opts;
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;

      vnl_generate_options_init (&opts);
      opts.n_vnets = sizes[i].vnets;
      opts.n_sites = sizes[i].sites;
      opts.n_circuits = sizes[i].circuits;
      opts.n_prefixes = sizes[i].prefixes;
      opts.seed = sizes[i].seed;
      opts.route_tables = opts.nsgs = sizes[i].extras;
      design = vnl_generate_design (&opts, &error);
      g_assert_no_error (error);
      text = vnl_design_to_data (design, NULL);
      name = g_strdup_printf ("generated/%u-%u-%u-%u-%u%s", sizes[i].vnets, sizes[i].sites,
                              sizes[i].circuits, sizes[i].prefixes, sizes[i].seed,
                              sizes[i].extras ? "-udr-nsg" : "");
      append_base (out, name, text, tmp);
    }
}

/* The blocks of @text by their "# NAME HASH VARIANT" header. */
static GHashTable *
split_blocks (const char *text)
{
  GHashTable *blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *block = NULL;
  char *header = NULL;

  for (guint l = 0; ; l++)
    {
      if (lines[l] == NULL || g_str_has_prefix (lines[l], "# "))
        {
          if (header != NULL)
            g_hash_table_insert (blocks, header, g_string_free (block, FALSE));
          if (lines[l] == NULL)
            break;
          header = g_strdup (lines[l]);
          block = g_string_new (NULL);
          continue;
        }
      if (header != NULL && lines[l][0] != '\0')
        g_string_append_printf (block, "%s\n", lines[l]);
    }
  return blocks;
}

static void
test_validate_faults_as_before (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("vnl-faults-XXXXXX", NULL);
  g_autofree char *samples = g_strdup (g_getenv ("VNL_SAMPLES_DIR"));
  g_autofree char *valid = g_test_build_filename (G_TEST_DIST, "data", "valid", NULL);
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "data", "validate-faults.expected", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *faulty = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) want = NULL;
  g_autoptr(GHashTable) got = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer header, problems;
  guint compared = 0, skipped = 0, lines = 0;

  g_assert_nonnull (tmp);
  if (samples == NULL)
    samples = g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);

  append_dir (out, "samples", samples, tmp);
  append_dir (out, "valid", valid, tmp);
  append_generated (out, tmp);

  faulty = g_build_filename (tmp, "faulty.vnetlab", NULL);
  g_remove (faulty);
  g_rmdir (tmp);

  if (g_getenv ("VNL_WRITE_EXPECTED") != NULL)
    {
      g_file_set_contents (g_getenv ("VNL_WRITE_EXPECTED"), out->str, out->len, &error);
      g_assert_no_error (error);
      return;
    }

  g_file_get_contents (expected_path, &expected, NULL, &error);
  g_assert_no_error (error);
  want = split_blocks (expected);
  got = split_blocks (out->str);

  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &header, &problems))
    {
      const char *now = g_hash_table_lookup (got, header);

      if (now == NULL)
        {
          /* The base design changed (its hash) or went. */
          skipped++;
          continue;
        }
      if (!g_str_equal (now, problems))
        g_error ("%s: the problems differ from before:\n--- before\n%s--- now\n%s",
                 (const char *) header, (const char *) problems, now);
      compared++;
      for (const char *p = problems; (p = strchr (p, '\n')) != NULL; p++)
        lines++;
    }
  if (skipped > 0)
    g_test_message ("%u faulty designs skipped: their base design changed", skipped);

  /* Most designs are still there, and they say a lot. */
  g_assert_cmpuint (compared, >=, 100);
  g_assert_cmpuint (compared, >=, 4 * skipped);
  g_assert_cmpuint (lines, >=, 500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validate/faults-as-before", test_validate_faults_as_before);

  return g_test_run ();
}
