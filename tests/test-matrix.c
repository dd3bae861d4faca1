/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-matrix.h"
#include "vnl-network-private.h"
#include "vnl-test-cli.h"

#include <json-glib/json-glib.h>

/*
 * The reachability matrix per equivalence class (vnl-matrix.c) against the
 * matrix of every pair of endpoints walked on its own (the definition:
 * a ping needs both directions delivered, each walk with the pair's own
 * flow hash). The property is checked on every sample and on generated
 * designs, all with extra endpoints that share VNets and sites (so that
 * classes have several members), endpoints that are special (an address
 * that is also a gateway's, the CE's LAN neighbour, a duplicate), endpoints
 * taken down, and links and connections taken down one at a time.
 */

static char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
}

static void
add_endpoint (VnlDesign  *design,
              const char *owner,
              guint32     address,
              gboolean    up)
{
  g_autofree char *name = g_strdup_printf ("x%u-%s", vnl_design_count (design), owner);
  VnlEndpoint *ep = vnl_object_new (VNL_KIND_ENDPOINT, name);

  ep->owner = g_strdup (owner);
  ep->address = address;
  _vnl_design_add_unchecked (design, ep);
  if (!up)
    vnl_design_set_up (design, ep, FALSE);
}

/* @per_owner endpoints more in the first prefix of every VNet and site
 * (every fifth one down), and the special ones. */
static void
add_extra_endpoints (VnlDesign *design,
                     guint      per_owner)
{
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *sites = vnl_design_get_objects (design, VNL_KIND_SITE);
  GPtrArray *gateways = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  GPtrArray *ces = vnl_design_get_objects (design, VNL_KIND_CE);
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  guint count = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *owners = pass == 0 ? vnets : sites;
      guint n_owners = owners->len;

      for (guint i = 0; i < n_owners; i++)
        {
          VnlObject *owner = owners->pdata[i];
          GArray *prefixes = pass == 0 ? ((VnlVnet *) owner)->address_spaces
                                       : ((VnlSite *) owner)->prefixes;
          VnlPrefix *p;

          if (prefixes->len == 0)
            continue;
          p = &g_array_index (prefixes, VnlPrefix, 0);
          for (guint k = 0; k < per_owner; k++)
            {
              guint32 offset = 20 + 13 * k;
              if (p->len < 32 && offset < ((guint64) 1 << (32 - p->len)) - 1)
                add_endpoint (design, owner->name, p->addr + offset, ++count % 5 != 0);
            }
        }
    }

  /* At a gateway's address, next to a CE's LAN address, a duplicate. */
  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gw = gateways->pdata[i];
      if (gw->instances->len > 0)
        {
          add_endpoint (design, gw->vnet, g_array_index (gw->instances, guint32, 0), TRUE);
          break;
        }
    }
  for (guint i = 0; i < ces->len; i++)
    {
      VnlCe *ce = ces->pdata[i];
      if (ce->lan_address != 0)
        {
          add_endpoint (design, ce->site, ce->lan_address ^ 1, TRUE);
          break;
        }
    }
  if (endpoints->len > 0)
    {
      VnlEndpoint *first = endpoints->pdata[0];
      add_endpoint (design, first->owner, first->address, TRUE);
    }
}

extern gboolean _vnl_matrix_force_per_pair;
extern guint _vnl_matrix_max_stored_classes;

/* The definition, pair by pair. */
static gboolean
pings (VnlNetwork *network,
       guint       i,
       guint       j)
{
  return i == j || (_vnl_network_endpoint_flow_reaches (network, i, j) &&
                    _vnl_network_endpoint_reaches (network, j, i));
}

typedef struct
{
  guint64 pairs;
  guint64 reachable;
} Totals;

static gboolean
add_owner_pair (const VnlMatrixOwnerPair *pair,
                gpointer                  user_data)
{
  Totals *totals = user_data;

  g_assert_cmpuint (pair->reachable, <=, pair->pairs);
  totals->pairs += pair->pairs;
  totals->reachable += pair->reachable;
  return TRUE;
}

static void
check_matrix (VnlNetwork *network)
{
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, NULL);
  guint n = vnl_matrix_get_n_endpoints (matrix);
  g_autofree guint64 *row = g_new (guint64, vnl_matrix_row_words (matrix));
  guint64 reachable = 0;
  Totals totals = { 0 };

  g_assert_cmpuint (n, ==, network->endpoints->len);
  for (guint i = 0; i < n; i++)
    {
      vnl_matrix_get_row (matrix, i, row);
      for (guint j = 0; j < n; j++)
        {
          gboolean expected = pings (network, i, j);

          if (vnl_matrix_row_bit (row, j) != expected || vnl_matrix_get (matrix, i, j) != expected)
            g_error ("%s → %s: the class matrix says %d, the walks %d",
                     vnl_matrix_get_endpoint (matrix, i)->parent.name,
                     vnl_matrix_get_endpoint (matrix, j)->parent.name,
                     vnl_matrix_row_bit (row, j), expected);
          if (i != j && expected)
            reachable++;
        }
    }
  g_assert_cmpuint (vnl_matrix_count_reachable (matrix), ==, reachable);

  vnl_matrix_foreach_owner_pair (matrix, add_owner_pair, &totals);
  g_assert_cmpuint (totals.pairs, ==, (guint64) n * (n > 0 ? n - 1 : 0));
  g_assert_cmpuint (totals.reachable, ==, reachable);

  /* Detached, it answers the same without walking; a streamed matrix
   * (too many classes to store) cannot be detached. */
  if (vnl_matrix_get_n_classes (matrix) > _vnl_matrix_max_stored_classes)
    {
      g_assert_false (vnl_matrix_detach (matrix));
      return;
    }
  g_assert_true (vnl_matrix_detach (matrix));
  for (guint i = 0; i < n; i++)
    {
      vnl_matrix_get_row (matrix, i, row);
      for (guint j = 0; j < n; j++)
        g_assert_cmpint (vnl_matrix_row_bit (row, j), ==, pings (network, i, j));
    }
  g_assert_cmpuint (vnl_matrix_count_reachable (matrix), ==, reachable);
}

/* The property in the design as it is and with each link and connection
 * down in turn (ECMP gone, failover paths). */
static void
check_design (VnlDesign *design,
              guint      max_down)
{
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  static const VnlKind kinds[] = { VNL_KIND_LINK, VNL_KIND_S2S_CONNECTION, VNL_KIND_ER_CONNECTION };
  guint down = 0;

  check_matrix (network);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len && down < max_down; i++, down++)
        {
          const char *name = ((VnlObject *) objects->pdata[i])->name;
          g_assert_true (vnl_network_set_up (network, name, FALSE, NULL));
          check_matrix (network);
          g_assert_true (vnl_network_set_up (network, name, TRUE, NULL));
        }
    }
}

extern guint _vnl_matrix_shared_rows;

/* Does the design let VNet endpoints share rows (vnl-forward.c,
 * _vnl_network_transit_shared(): nothing on the way reads a packet's
 * source but the flow hash)? Only appliances and firewalls, route servers
 * and Virtual WAN hubs prevent it. */
static gboolean
design_shares_rows (VnlDesign *design)
{
  static const VnlKind kinds[] = {
    VNL_KIND_APPLIANCE, VNL_KIND_FIREWALL, VNL_KIND_ROUTE_SERVER, VNL_KIND_VIRTUAL_HUB,
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (vnl_design_get_objects (design, kinds[k])->len > 0)
      return FALSE;
  return TRUE;
}

static void
test_samples (void)
{
  const char *dir_path = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *fallback = g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path != NULL ? dir_path : fallback, 0, NULL);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n_shared = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".vnetlab"))
      g_ptr_array_add (samples, g_strdup (name));
  /* Every sample, the reference lab, hub-spoke and Virtual WAN included. */
  g_assert_cmpuint (samples->len, >=, 14);

  for (guint s = 0; s < samples->len; s++)
    {
      g_autofree char *path = sample_path (samples->pdata[s]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
      guint stored, before;

      g_assert_no_error (error);
      g_test_message ("%s", (char *) samples->pdata[s]);
      before = _vnl_matrix_shared_rows;
      check_design (design, 6);
      /* Every sample without appliances, route servers or hubs has VNet
       * endpoints whose rows are shared; the others none. */
      g_assert_cmpint (_vnl_matrix_shared_rows > before, ==, design_shares_rows (design));
      n_shared += design_shares_rows (design);
      add_extra_endpoints (design, 3);
      check_design (design, 6);
      _vnl_matrix_force_per_pair = TRUE;
      before = _vnl_matrix_shared_rows;
      check_design (design, 2);
      g_assert_cmpuint (_vnl_matrix_shared_rows, ==, before);
      /* Streamed: class rows walked when asked for. */
      stored = _vnl_matrix_max_stored_classes;
      _vnl_matrix_max_stored_classes = 0;
      check_design (design, 2);
      _vnl_matrix_force_per_pair = FALSE;
      check_design (design, 2);
      _vnl_matrix_max_stored_classes = stored;
    }
  /* The reference lab, hub-spoke, global reach, active-active,
   * forced tunnelling, on-premises summary at least. */
  g_assert_cmpuint (n_shared, >=, 6);
}

static VnlDesign *
generated (guint    vnets,
           guint32  seed,
           gboolean route_tables)
{
  VnlGenerateOptions opts = { 0 };
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  vnl_generate_options_init (&opts);
  opts.n_vnets = vnets;
  opts.n_sites = MAX (vnets / 5, 1);
  opts.n_circuits = MAX (vnets / 10, 1);
  opts.n_prefixes = 20 * vnets;
  opts.seed = seed;
  opts.route_tables = route_tables;
  design = vnl_generate_design (&opts, &error);
  g_assert_no_error (error);
  return design;
}

static void
test_generated (void)
{
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(VnlDesign) design = generated (20, seed, FALSE);
      g_autoptr(VnlDesign) tables = generated (20, seed, TRUE);
      guint before = _vnl_matrix_shared_rows;

      add_extra_endpoints (design, 3);
      check_design (design, 4);
      g_assert_cmpuint (_vnl_matrix_shared_rows, >, before);
      /* Route tables on subnets: those sources walk their own rows. */
      add_extra_endpoints (tables, 2);
      check_design (tables, 3);
    }
}

/* Endpoints that share an owner and are alike share a class; the special
 * ones do not. */
static void
test_classes (void)
{
  g_autoptr(VnlDesign) design = generated (20, 1, FALSE);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlMatrix) matrix = NULL;
  GPtrArray *endpoints;
  guint n, dup = G_MAXUINT, first = 0;

  add_extra_endpoints (design, 8);
  network = vnl_network_new (design);
  matrix = vnl_matrix_new (network, NULL);
  n = vnl_matrix_get_n_endpoints (matrix);

  /* 24 owners (20 VNets, 4 sites), each holding endpoints up and down:
   * at most two classes per owner plus the three special endpoints. */
  g_assert_cmpuint (vnl_matrix_get_n_owners (matrix), ==, 24);
  g_assert_cmpuint (vnl_matrix_get_n_classes (matrix), <=, 2 * 24 + 3);
  g_assert_cmpuint (vnl_matrix_get_n_classes (matrix), <, n / 3);

  /* The duplicate (added last) is alone in its class. */
  endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < n; i++)
    {
      if (vnl_matrix_get_endpoint (matrix, i) == endpoints->pdata[endpoints->len - 1])
        dup = i;
      if (vnl_matrix_get_endpoint (matrix, i) == endpoints->pdata[0])
        first = i;
    }
  g_assert_cmpuint (dup, !=, G_MAXUINT);
  for (guint i = 0; i < n; i++)
    if (i != dup)
      g_assert_cmpuint (vnl_matrix_get_class (matrix, i), !=, vnl_matrix_get_class (matrix, dup));
  /* The duplicate's address belongs to the first endpoint: a ping to it
   * does not arrive at the duplicate. */
  g_assert_false (vnl_matrix_get (matrix, first, dup));
}

/* `vnetlab-cli matrix` on more endpoints than a text table can show says
 * so and summarises per pair of VNets and sites; the summary's counts add
 * up to the full JSON matrix of the same design. */
static void
test_cli_summary (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vnl-matrix-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "gen.vnetlab", NULL);
  g_auto(Run) gen = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *rows;
  guint64 from_json = 0, from_lines = 0, total = 0;
  guint n, owner_lines = 0;

  if (cli_path () == NULL)
    {
      g_test_skip ("no vnetlab-cli");
      return;
    }
  run_cli (&gen, (const char *const[]) { "generate", "--vnets", "60", "--sites", "12", "--circuits", "6",
                                         "--prefixes", "1200", "-o", file, NULL });
  g_assert_cmpint (gen.status, ==, 0);

  run_cli (&json, (const char *const[]) { "matrix", file, "--json", NULL });
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "reachable");
  n = json_array_get_length (rows);
  g_assert_cmpuint (n, ==, 72);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (i != j && json_array_get_boolean_element (json_array_get_array_element (rows, i), j))
        from_json++;

  run_cli (&text, (const char *const[]) { "matrix", file, NULL });
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "72 endpoints: a matrix of 72 × 72 cannot be shown"));
  lines = g_strsplit (text.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char from[64], to[64];
      guint64 reachable, pairs;

      if (sscanf (lines[i], "%63s %63s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  from, to, &reachable, &pairs) == 4)
        {
          g_assert_cmpuint (reachable, <=, pairs);
          from_lines += reachable;
          total += pairs;
          owner_lines++;
        }
    }
  /* One endpoint per VNet and site: 72 × 71 pairs of owners, of which the
   * first 1,000 are listed and the rest counted. */
  g_assert_cmpuint (owner_lines, ==, 1000);
  g_assert_cmpuint (total, ==, 1000);
  g_assert_cmpuint (from_lines, <=, from_json);
  g_assert_nonnull (strstr (text.out, "… and 4112 more pairs of VNets and sites"));
  {
    g_autofree char *line = g_strdup_printf ("Reachable: %" G_GUINT64_FORMAT " of 5112 ordered pairs", from_json);
    g_assert_nonnull (strstr (text.out, line));
  }

  g_unlink (file);
  g_rmdir (dir);
}

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Issue 12 defect 1: 100,000 endpoints. The old matrix asked for two n²
 * arrays (40 GB each) and aborted. Budget: peak memory of the whole process
 * — design, network and matrix — within 2 KiB per endpoint; the matrix's
 * own share is a few words per endpoint and two bits per pair of classes.
 * One n² array of booleans would be 400 KiB per endpoint. */
#define SCALE_ENDPOINTS   100000
#define BUDGET_PER_EP_KIB 2.0

static void
test_scale (void)
{
  g_autoptr(VnlDesign) design = generated (1000, 1, FALSE);
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  g_autoptr(VnlNetwork) network = NULL;
  g_autoptr(VnlMatrix) matrix = NULL;
  g_autofree guint64 *row = NULL;
  guint n, added = 0;
  Totals totals = { 0 };
  glong before;

  /* Up to 250 endpoints more in each VNet's first address space (/24 to
   * /26), every tenth one down, until there are 100,000. */
  for (guint v = 0; v < vnets->len && added < SCALE_ENDPOINTS; v++)
    {
      VnlVnet *vnet = vnets->pdata[v];
      VnlPrefix *space = &g_array_index (vnet->address_spaces, VnlPrefix, 0);
      guint size = (guint) MIN (((guint64) 1 << (32 - space->len)), 256);

      for (guint k = 10; k + 2 < size && added < SCALE_ENDPOINTS; k++, added++)
        add_endpoint (design, vnet->parent.name, space->addr + k, k % 10 != 3);
    }
  g_assert_cmpuint (added, ==, SCALE_ENDPOINTS);

  before = peak_rss_kib ();
  network = vnl_network_new (design);
  matrix = vnl_matrix_new (network, NULL);
  n = vnl_matrix_get_n_endpoints (matrix);
  g_assert_cmpuint (n, >=, SCALE_ENDPOINTS);

  /* A down endpoint pings nobody but itself; every row has its diagonal. */
  row = g_new (guint64, vnl_matrix_row_words (matrix));
  for (guint i = 0; i < n; i += n / 7)
    {
      vnl_matrix_get_row (matrix, i, row);
      g_assert_true (vnl_matrix_row_bit (row, i));
    }
  vnl_matrix_foreach_owner_pair (matrix, add_owner_pair, &totals);
  g_assert_cmpuint (totals.pairs, ==, (guint64) n * (n - 1));
  g_assert_cmpuint (totals.reachable, ==, vnl_matrix_count_reachable (matrix));
  g_assert_cmpuint (totals.reachable, >, 0);

  g_test_message ("%u endpoints, %u classes; peak RSS %.2f KiB per endpoint (%.2f before the network)",
                  n, vnl_matrix_get_n_classes (matrix), (double) peak_rss_kib () / n, (double) before / n);
  g_assert_cmpfloat ((double) peak_rss_kib () / n, <=, BUDGET_PER_EP_KIB);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/matrix/classes-equal-endpoints/samples", test_samples);
  g_test_add_func ("/core/matrix/classes-equal-endpoints/generated", test_generated);
  g_test_add_func ("/core/matrix/classes", test_classes);
  g_test_add_func ("/core/matrix/cli-summary", test_cli_summary);
  if (g_test_thorough () || g_getenv ("VNL_SCALE_TESTS") != NULL)
    g_test_add_func ("/core/matrix/scale-100000-endpoints", test_scale);

  return g_test_run ();
}
