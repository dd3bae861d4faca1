/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-file-private.h"
#include "vnl-generate.h"
#include "vnl-network.h"
#include "vnl-test-cli.h"
#include "vnl-scenario.h"

static char *
samples_dir (void)
{
  const char *env = g_getenv ("VNL_SAMPLES_DIR");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);
}

static char *
sample_path (const char *name)
{
  g_autofree char *dir = samples_dir ();
  return g_build_filename (dir, name, NULL);
}

static GPtrArray *
list_samples (void)
{
  g_autofree char *dir = samples_dir ();
  return list_designs (dir);
}

/* The line of the first occurrence of @needle, so that the test follows
 * edits of the sample. */
static guint
line_of (const char *path,
         const char *needle)
{
  g_autofree char *contents = NULL;
  const char *found;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  found = strstr (contents, needle);
  g_assert_nonnull (found);
  for (const char *p = contents; p < found; p++)
    if (*p == '\n')
      line++;
  return line;
}

static void
test_file_load_testbed (void)
{
  g_autofree char *path = sample_path ("azure-interop-testbed.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  VnlVnet *hub;
  VnlEndpoint *vm;
  VnlGateway *gw;
  VnlCircuit *er1;
  VnlLink *secondary;
  VnlCe *ce;
  VnlCePolicy *policy;
  VnlLng *lng;
  VnlPeering *peering;
  VnlS2sConnection *s2s;
  VnlSite *site;
  VnlLocation *location;

  g_assert_no_error (error);
  g_assert_nonnull (design);
  g_assert_cmpstr (vnl_design_get_title (design), ==, "Azure interoperability test bed");
  g_assert_cmpfloat (vnl_design_get_default_latency (design), ==, 40);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LOCATION)->len, ==, 7);
  g_assert_cmpuint (vnl_design_get_latencies (design)->len, ==, 8);
  g_assert_cmpfloat (vnl_design_latency (design, "er1-pl", "region2"), >, 30.0);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_VNET)->len, ==, 4);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_ENDPOINT)->len, ==, 6);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, 4);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_CE)->len, ==, 4);

  location = vnl_design_lookup_kind (design, "er1-pl", VNL_KIND_LOCATION);
  g_assert_nonnull (location);
  g_assert_cmpint (location->location_kind, ==, VNL_LOCATION_PEERING_LOCATION);
  g_assert_cmpfloat (location->intra_ms, ==, 0.05);

  hub = vnl_design_lookup_kind (design, "hub", VNL_KIND_VNET);
  g_assert_nonnull (hub);
  g_assert_cmpuint (hub->parent.line, ==, line_of (path, "<vnet name=\"hub\""));
  g_assert_true (hub->parent.has_pos);
  g_assert_cmpfloat (hub->parent.pos.x, ==, 560);
  g_assert_cmpfloat (hub->parent.pos.y, ==, 150);
  g_assert_cmpuint (hub->address_spaces->len, ==, 1);
  g_assert_cmpuint (hub->subnets->len, ==, 2);
  g_assert_cmpuint (((VnlSubnet *) hub->subnets->pdata[1])->line, ==,
                    line_of (path, "<subnet name=\"GatewaySubnet\" prefix=\"10.10.30.128/25\""));

  vm = vnl_design_lookup_kind (design, "hub-vm", VNL_KIND_ENDPOINT);
  g_assert_nonnull (vm);
  g_assert_cmpstr (vm->owner, ==, "hub");
  g_assert_cmpuint (vm->parent.line, ==, line_of (path, "<endpoint name=\"hub-vm\""));

  gw = vnl_design_lookup_kind (design, "hub-vpngw", VNL_KIND_GATEWAY);
  g_assert_nonnull (gw);
  g_assert_cmpint (gw->type, ==, VNL_GATEWAY_VPN);
  g_assert_cmpstr (gw->sku, ==, "VpnGw1");
  g_assert_cmpuint (gw->instances->len, ==, 1);
  g_assert_cmpuint (gw->public_address, !=, 0);
  g_assert_false (gw->active_active);

  er1 = vnl_design_lookup_kind (design, "er1", VNL_KIND_CIRCUIT);
  g_assert_nonnull (er1);
  g_assert_cmpstr (er1->links[0], ==, "er1-primary");
  g_assert_cmpstr (er1->links[1], ==, "er1-secondary");
  g_assert_cmpuint (er1->vlan, ==, 300);
  g_assert_cmpuint (er1->peer_asn, ==, 65021);

  secondary = vnl_design_lookup_kind (design, "er1-secondary", VNL_KIND_LINK);
  g_assert_nonnull (secondary);
  g_assert_false (secondary->parent.up);
  g_assert_cmpstr (secondary->circuit, ==, "er1");
  g_assert_cmpstr (secondary->ce, ==, "loc1-ce2");
  g_assert_cmpint (secondary->role, ==, VNL_LINK_SECONDARY);
  g_assert_cmpuint (secondary->subnet.len, ==, 30);

  ce = vnl_design_lookup_kind (design, "loc1-ce", VNL_KIND_CE);
  g_assert_nonnull (ce);
  g_assert_cmpstr (ce->site, ==, "loc1");
  g_assert_cmpuint (ce->asn, ==, 65021);
  g_assert_cmpuint (ce->policies->len, ==, 1);
  policy = ce->policies->pdata[0];
  g_assert_cmpstr (policy->peer, ==, "er1-primary");
  g_assert_cmpuint (policy->local_preference, ==, 200);
  g_assert_cmpuint (policy->export_prefixes->len, ==, 1);

  site = vnl_design_lookup_kind (design, "loc1", VNL_KIND_SITE);
  g_assert_nonnull (site);
  g_assert_cmpuint (site->hops->len, ==, 1);
  g_assert_cmpstr (((VnlSiteHop *) site->hops->pdata[0])->name, ==, "loc1-l3");

  lng = vnl_design_lookup_kind (design, "loc1-lng", VNL_KIND_LNG);
  g_assert_nonnull (lng);
  g_assert_cmpstr (lng->ce, ==, "loc1-ce");
  g_assert_cmpuint (lng->prefixes->len, ==, 1);

  s2s = vnl_design_lookup_kind (design, "hub-loc1-vpn", VNL_KIND_S2S_CONNECTION);
  g_assert_nonnull (s2s);
  g_assert_cmpstr (s2s->lng, ==, "loc1-lng");
  g_assert_cmpstr (s2s->shared_key, ==, "IamSecure123");
  g_assert_cmpuint (s2s->ike_version, ==, 2);

  peering = vnl_design_lookup_kind (design, "hub-spoke", VNL_KIND_PEERING);
  g_assert_nonnull (peering);
  g_assert_true (peering->side[0].allow_gateway_transit);
  g_assert_false (peering->side[0].use_remote_gateways);
  g_assert_true (peering->side[1].use_remote_gateways);
  g_assert_false (peering->side[1].allow_gateway_transit);
}

/* Load → save → load gives the same model, for every sample. */
static void
test_file_round_trip_samples (void)
{
  g_autoptr(GPtrArray) paths = list_samples ();

  g_assert_cmpuint (paths->len, >=, 3);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) first = NULL;
      g_autoptr(VnlDesign) second = NULL;
      g_autofree char *data1 = NULL;
      g_autofree char *data2 = NULL;
      gsize len1 = 0, len2 = 0;

      g_test_message ("round trip of %s", (char *) paths->pdata[i]);
      first = vnl_design_load (paths->pdata[i], &error);
      g_assert_no_error (error);
      data1 = vnl_design_to_data (first, &len1);
      second = vnl_design_load_from_data (data1, len1, "saved", &error);
      g_assert_no_error (error);
      data2 = vnl_design_to_data (second, &len2);

      g_assert_cmpuint (len1, ==, len2);
      g_assert_cmpstr (data1, ==, data2);
      g_assert_cmpuint (vnl_design_count (first), ==, vnl_design_count (second));
      for (guint k = 0; k < VNL_N_KINDS; k++)
        g_assert_cmpuint (vnl_design_get_objects (first, k)->len, ==,
                          vnl_design_get_objects (second, k)->len);
    }
}

/* Things the samples do not show: bends, down objects, odd characters,
 * doubles that need 17 digits, objects whose owner is missing. */
/* Every optional attribute survives a save: the valid corpus's features
 * file uses them all (for instance the CE policy's local-preference 150 and
 * as-path-prepend 2). */
static void
test_file_round_trip_features (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "features.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) first = vnl_design_load (path, &error);
  g_autoptr(VnlDesign) second = NULL;
  g_autofree char *data1 = NULL;
  g_autofree char *data2 = NULL;
  gsize len1 = 0;
  gboolean found = FALSE;
  GPtrArray *ces;

  g_assert_no_error (error);
  data1 = vnl_design_to_data (first, &len1);
  second = vnl_design_load_from_data (data1, len1, "saved", &error);
  g_assert_no_error (error);
  data2 = vnl_design_to_data (second, NULL);
  g_assert_cmpstr (data1, ==, data2);

  ces = vnl_design_get_objects (second, VNL_KIND_CE);
  for (guint i = 0; i < ces->len; i++)
    {
      VnlCe *ce = ces->pdata[i];
      for (guint k = 0; k < ce->policies->len; k++)
        {
          VnlCePolicy *policy = ce->policies->pdata[k];
          if (g_strcmp0 (policy->peer, "c1-a") == 0)
            {
              g_assert_cmpuint (policy->local_preference, ==, 150);
              g_assert_cmpuint (policy->as_path_prepend, ==, 2);
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
}

static void
test_file_round_trip_extras (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(VnlDesign) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data1 = NULL;
  g_autofree char *data2 = NULL;
  VnlVnet *vnet = vnl_object_new (VNL_KIND_VNET, "a&b");
  VnlEndpoint *orphan = vnl_object_new (VNL_KIND_ENDPOINT, "lost-vm");
  VnlCe *lost_ce = vnl_object_new (VNL_KIND_CE, "lost-ce");
  VnlLink *lost_link = vnl_object_new (VNL_KIND_LINK, "lost-link");
  VnlPeering *peering = vnl_object_new (VNL_KIND_PEERING, "p");
  VnlPoint bend = { 0.1 + 0.2, -3.5 };
  VnlPrefix prefix = { 0x0a000000, 8 };
  VnlEndpoint *ep;

  vnl_design_set_title (design, "Tabs\tand \"quotes\" <&>\nnewline");
  vnet->location = g_strdup ("nowhere");
  g_array_append_val (vnet->address_spaces, prefix);
  vnl_design_add (design, vnet, &error);
  g_assert_no_error (error);
  vnl_design_move (design, vnet, 1.0 / 3.0, 1e6);
  vnl_design_set_up (design, vnet, FALSE);

  orphan->owner = g_strdup ("deleted-vnet");
  orphan->address = 0x0a000001;
  vnl_design_add (design, orphan, &error);
  lost_ce->site = g_strdup ("deleted-site");
  vnl_design_add (design, lost_ce, &error);
  lost_link->circuit = g_strdup ("deleted-circuit");
  lost_link->role = VNL_LINK_SECONDARY;
  vnl_design_add (design, lost_link, &error);

  peering->vnet_a = g_strdup ("a&b");
  peering->vnet_b = g_strdup ("other");
  peering->side[1].use_remote_gateways = TRUE;
  g_array_append_val (peering->parent.bends, bend);
  vnl_design_add (design, peering, &error);
  g_assert_no_error (error);

  data1 = vnl_design_to_data (design, NULL);
  reloaded = vnl_design_load_from_data (data1, strlen (data1), "extras", &error);
  g_assert_no_error (error);
  data2 = vnl_design_to_data (reloaded, NULL);
  g_assert_cmpstr (data1, ==, data2);

  g_assert_cmpstr (vnl_design_get_title (reloaded), ==, vnl_design_get_title (design));
  vnet = vnl_design_lookup_kind (reloaded, "a&b", VNL_KIND_VNET);
  g_assert_nonnull (vnet);
  g_assert_false (vnet->parent.up);
  g_assert_cmpfloat (vnet->parent.pos.x, ==, 1.0 / 3.0);
  ep = vnl_design_lookup_kind (reloaded, "lost-vm", VNL_KIND_ENDPOINT);
  g_assert_nonnull (ep);
  g_assert_cmpstr (ep->owner, ==, "deleted-vnet");
  g_assert_nonnull (vnl_design_lookup_kind (reloaded, "lost-ce", VNL_KIND_CE));
  g_assert_nonnull (vnl_design_lookup_kind (reloaded, "lost-link", VNL_KIND_LINK));
  peering = vnl_design_lookup_kind (reloaded, "p", VNL_KIND_PEERING);
  g_assert_cmpuint (peering->parent.bends->len, ==, 1);
  g_assert_cmpfloat (g_array_index (peering->parent.bends, VnlPoint, 0).x, ==, 0.1 + 0.2);
  g_assert_true (peering->side[1].use_remote_gateways);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vnl-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;

  if (gdir == NULL)
    return;
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (gdir);
  while (g_dir_read_name (gdir) != NULL)
    n++;
  return n;
}

static void
test_file_save_atomic (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.vnetlab", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *sample = sample_path ("azure-interop-testbed.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (sample, &error);
  g_autoptr(VnlDesign) reloaded = NULL;
  g_autofree char *first = NULL;
  g_autofree char *backup_data = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);

  /* First save: no backup, no temporary file left. */
  g_assert_true (vnl_design_save (design, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));

  /* Second save of a changed design keeps the first as PATH~. */
  vnl_design_set_title (design, "changed");
  g_assert_true (vnl_design_save (design, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (backup, &backup_data, NULL, NULL));
  g_assert_cmpstr (backup_data, ==, first);
  g_assert_cmpuint (count_entries (dir), ==, 2);

  reloaded = vnl_design_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnl_design_get_title (reloaded), ==, "changed");
  expected = vnl_design_to_data (design, NULL);
  {
    g_autofree char *saved = NULL;
    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_cmpstr (saved, ==, expected);
  }

  remove_tree (dir);
}

static void
test_file_save_errors (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "x.vnetlab", NULL);
  g_autofree char *subdir = g_build_filename (dir, "a-directory", NULL);
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GError) error = NULL;

  /* A directory that does not exist. */
  g_assert_false (vnl_design_save (design, missing, &error));
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "cannot write"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* The target is a directory: refused, nothing left behind. */
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_false (vnl_design_save (design, subdir, &error));
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* A directory we cannot write to: the old file stays as it was. Root
   * writes anyway, so this part only runs for other users. */
  if (geteuid () != 0)
    {
      g_autofree char *ro = g_build_filename (dir, "read-only", NULL);
      g_autofree char *path = g_build_filename (ro, "old.vnetlab", NULL);
      g_autofree char *contents = NULL;

      g_assert_cmpint (g_mkdir (ro, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
      g_assert_cmpint (g_chmod (ro, 0500), ==, 0);

      g_assert_false (vnl_design_save (design, path, &error));
      g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "old contents");
      g_assert_cmpuint (count_entries (ro), ==, 1);
      g_chmod (ro, 0700);
    }
  else
    g_test_message ("running as root: the read-only directory case is skipped");

  remove_tree (dir);
}

/* Saving through a symbolic link (relative, in a chain of two) replaces
 * the target, keeps its mode and its backup beside it, and leaves the
 * links as links. */
static void
test_file_save_symlink (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *target = g_build_filename (real_dir, "design.vnetlab", NULL);
  g_autofree char *link1 = g_build_filename (dir, "link1.vnetlab", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.vnetlab", NULL);
  g_autofree char *target_backup = g_strconcat (target, "~", NULL);
  g_autofree char *link_backup = g_strconcat (link2, "~", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.vnetlab", NULL);
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);
  g_assert_cmpint (symlink ("real/design.vnetlab", link1), ==, 0);
  g_assert_cmpint (symlink ("link1.vnetlab", link2), ==, 0);

  vnl_design_set_title (design, "through a link");
  g_assert_true (vnl_design_save (design, link2, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link1, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (target, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  expected = vnl_design_to_data (design, NULL);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (target_backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_false (g_file_test (link_backup, G_FILE_TEST_EXISTS));

  /* A dangling link: the save creates what it points to. */
  g_assert_cmpint (symlink ("real/new.vnetlab", dangling), ==, 0);
  g_assert_true (vnl_design_save (design, dangling, &error));
  g_assert_no_error (error);
  {
    g_autofree char *created = g_build_filename (real_dir, "new.vnetlab", NULL);
    g_assert_true (g_file_test (created, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
  }

  remove_tree (dir);
}

/* A read-only file is not replaced, even by root (who could). */
static void
test_file_save_read_only (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "locked.vnetlab", NULL);
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  g_assert_false (vnl_design_save (design, path, &error));
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_chmod (path, 0644);
  remove_tree (dir);
}

/* Children are written inside their container in storage order, however
 * their owners interleave. Expected text: the format's nesting, by hand. */
static void
test_file_save_nesting (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *owners[] = { "b", "a", "s", "a", "gone", "b" };
  const char *a, *b, *site, *e1, *e3, *e0, *e5, *e2, *e4;

  vnl_design_add (design, vnl_object_new (VNL_KIND_VNET, "a"), &error);
  vnl_design_add (design, vnl_object_new (VNL_KIND_VNET, "b"), &error);
  vnl_design_add (design, vnl_object_new (VNL_KIND_SITE, "s"), &error);
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      g_autofree char *name = g_strdup_printf ("e%u", i);
      VnlEndpoint *endpoint = vnl_object_new (VNL_KIND_ENDPOINT, name);

      endpoint->owner = g_strdup (owners[i]);
      vnl_design_add (design, endpoint, &error);
      g_assert_no_error (error);
    }

  data = vnl_design_to_data (design, NULL);
  a = strstr (data, "<vnet name=\"a\"");
  b = strstr (data, "<vnet name=\"b\"");
  site = strstr (data, "<site name=\"s\"");
  e0 = strstr (data, "\"e0\"");
  e1 = strstr (data, "\"e1\"");
  e2 = strstr (data, "\"e2\"");
  e3 = strstr (data, "\"e3\"");
  e4 = strstr (data, "\"e4\"");
  e5 = strstr (data, "\"e5\"");
  g_assert_true (a && b && site && e0 && e1 && e2 && e3 && e4 && e5);
  g_assert_true (a < e1 && e1 < e3 && e3 < b);
  g_assert_true (b < e0 && e0 < e5 && e5 < site);
  g_assert_true (site < e2 && e2 < e4);
  g_assert_nonnull (strstr (data, "<endpoint name=\"e4\" owner=\"gone\""));
}

static void
test_file_oversize (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 start;
  int fd;

  /* A sparse file: 64 MiB + 1 byte without writing them. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) VNL_FILE_MAX_SIZE + 1), ==, 0);
  close (fd);

  start = g_get_monotonic_time ();
  design = vnl_design_load (path, &error);
  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  problems = vnl_file_check (path);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((VnlProblem *) problems->pdata[0])->message, "too large"));

  remove_tree (dir);
}

static const struct {
  const char   *name;
  const char   *data;
  int           code;
  const char   *prefix;
} load_errors[] = {
  { "not-xml", "this is not XML", VNL_FILE_ERROR_SYNTAX, "t:1: " },
  { "empty", "", VNL_FILE_ERROR_SYNTAX, "t:1: " },
  { "namespace", "<design xmlns='urn:x' version='1'/>", VNL_FILE_ERROR_VERSION, "t:1: " },
  { "no-namespace", "<design version='1'/>", VNL_FILE_ERROR_VERSION, "t:1: " },
  { "version", "<design xmlns='urn:vnetlab:design:1'\n version='7'/>", VNL_FILE_ERROR_VERSION, "t:2: " },
  { "schema", "<design xmlns='urn:vnetlab:design:1' version='1'>\n<what/>\n</design>", VNL_FILE_ERROR_SCHEMA, "t:2: " },
  { "doctype", "<!DOCTYPE design>\n<design xmlns='urn:vnetlab:design:1' version='1'/>", VNL_FILE_ERROR_SYNTAX, "t:1: " },
};

static void
test_file_load_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (load_errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = NULL;

      g_test_message ("case %s", load_errors[i].name);
      design = vnl_design_load_from_data (load_errors[i].data, strlen (load_errors[i].data), "t", &error);
      g_assert_null (design);
      g_assert_error (error, VNL_FILE_ERROR, (int) load_errors[i].code);
      g_assert_true (g_str_has_prefix (error->message, load_errors[i].prefix));
    }
}

/* Several schema errors: all of them, each with its line, in the error. */
static void
test_file_schema_all_errors (void)
{
  const char *data =
    "<design xmlns='urn:vnetlab:design:1' version='1'>\n"
    "  <vnet name='a' location='x'>\n"
    "    <bogus/>\n"
    "  </vnet>\n"
    "  <gateway name='g' vnet='a' type='strange'/>\n"
    "</design>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, strlen (data), "s", &error);

  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "s:3: "));
  g_assert_nonnull (strstr (error->message, "\ns:5: "));
}

/* Thousands of schema errors: every one is a problem with a line, the
 * error tells the first VNL_FILE_MAX_ERROR_LINES and counts the rest (it
 * used to join them all, rebuilding the text per error: quadratic). */
static void
test_file_schema_many_errors (void)
{
  const guint n = 1000;
  g_autoptr(GString) data = g_string_new ("<design xmlns='urn:vnetlab:design:1' version='1'>\n");
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "many.vnetlab", NULL);
  g_autofree char *more = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint n_lines = 1;

  /* A gateway without its vnet: one schema error each, on lines 2 to n + 1. */
  for (guint i = 0; i < n; i++)
    g_string_append_printf (data, "  <gateway name='g%u' type='vpn'/>\n", i);
  g_string_append (data, "</design>\n");

  design = vnl_design_load_from_data (data->str, data->len, "m", &error);
  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SCHEMA);
  for (const char *p = error->message; *p != '\0'; p++)
    n_lines += *p == '\n';
  g_assert_cmpuint (n_lines, ==, VNL_FILE_MAX_ERROR_LINES + 1);
  g_assert_true (g_str_has_prefix (error->message, "m:2: "));
  more = g_strdup_printf ("… and %u more schema errors (%u in all)", n - VNL_FILE_MAX_ERROR_LINES, n);
  g_assert_true (g_str_has_suffix (error->message, more));

  g_assert_true (g_file_set_contents (path, data->str, data->len, NULL));
  problems = vnl_file_check (path);
  g_assert_cmpuint (problems->len, ==, n);
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpuint (((VnlProblem *) problems->pdata[i])->line, ==, i + 2);

  remove_tree (dir);
}

/* Not a regular file: refused before reading, without waiting for a
 * FIFO's writer or reading /dev/zero for ever. */
static void
test_file_not_regular (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.vnetlab", NULL);
  const char *paths[] = { "/dev/zero", fifo, dir };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = NULL;
      g_autoptr(GPtrArray) problems = NULL;

      g_test_message ("%s", paths[i]);
      design = vnl_design_load (paths[i], &error);
      g_assert_null (design);
      g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO);
      g_assert_true (g_str_has_prefix (error->message, paths[i]));
      g_assert_nonnull (strstr (error->message, i < 2 ? "not a regular file" : "folder"));

      problems = vnl_file_check (paths[i]);
      g_assert_cmpuint (problems->len, ==, 1);
    }

  remove_tree (dir);
}

/* XML has no NUL: one after the root element used to hide the rest. */
static void
test_file_nul (void)
{
  static const char data[] =
    "<design xmlns='urn:vnetlab:design:1' version='1'/>\n\0<anything at all";
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, sizeof data - 1, "z", &error);

  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "z:2: "));
  g_assert_nonnull (strstr (error->message, "NUL"));
}

/* libxml2 writes some messages (encoding errors) through its own global
 * channel: they must come back as our error, with a line, and never reach
 * stderr. */
static void
test_file_libxml_messages (void)
{
  if (g_test_subprocess ())
    {
      static const char data[] =
        "<?xml version='1.0' encoding='UTF-32'?>\n"
        "<design xmlns='urn:vnetlab:design:1' version='1' title='\xff\xfe\x80\x81'/>\n";
      g_autoptr(GError) error = NULL;
      g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, sizeof data - 1, "enc", &error);

      g_assert_null (design);
      g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "enc:"));
      g_assert_false (g_str_has_prefix (error->message, "enc:0:"));
      g_assert_false (g_str_has_prefix (error->message, "enc: "));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

/* The format's limits (docs/file-format.md) hold before the tree is
 * built: one object too many or one level too deep is refused with the
 * line where it happens. */
static void
test_file_limits (void)
{
  g_autoptr(GString) data = g_string_new ("<design xmlns='urn:vnetlab:design:1' version='1'>\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autofree char *where = NULL;

  /* Locations have the smallest limit: the test stays quick. */
  g_string_append (data, "<locations>\n");
  for (guint i = 0; i <= VNL_FILE_MAX_LOCATIONS; i++)
    g_string_append (data, "<location/>\n");
  g_string_append (data, "</locations>\n</design>\n");

  design = vnl_design_load_from_data (data->str, data->len, "big", &error);
  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_LIMIT);
  /* The first location is on line 3: the one over the limit is below. */
  where = g_strdup_printf ("big:%u: ", VNL_FILE_MAX_LOCATIONS + 3);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, "<location>"));
  g_clear_error (&error);

  g_string_assign (data, "<design xmlns='urn:vnetlab:design:1' version='1'>");
  for (guint i = 0; i < VNL_FILE_MAX_DEPTH; i++)
    g_string_append (data, "\n<vnet>");
  design = vnl_design_load_from_data (data->str, data->len, "deep", &error);
  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_LIMIT);
  g_clear_pointer (&where, g_free);
  where = g_strdup_printf ("deep:%u: ", VNL_FILE_MAX_DEPTH + 1);
  g_assert_true (g_str_has_prefix (error->message, where));
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  VnlDesign *design = vnl_design_load_cancellable (task_data, cancellable, &error);

  if (design == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, design, g_object_unref);
}

/* The loader runs in a worker thread, and a cancelled load says so. */
static void
test_file_load_cancellable (void)
{
  g_autofree char *path = sample_path ("azure-interop-testbed.vnetlab");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread_sync (task, load_in_thread);
  design = g_task_propagate_pointer (task, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vnl_design_lookup_kind (design, "hub", VNL_KIND_VNET));

  g_cancellable_cancel (cancellable);
  g_clear_object (&design);
  design = vnl_design_load_cancellable (path, cancellable, &error);
  g_assert_null (design);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_file_xxe (void)
{
  const char *data =
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE design [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
    "<design xmlns='urn:vnetlab:design:1' version='1' title='&xxe;'/>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, strlen (data), "xxe", &error);

  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SYNTAX);
  g_assert_null (strstr (error->message, "root:"));
  g_assert_true (g_str_has_prefix (error->message, "xxe:2: "));
}

static void
test_file_entity_bomb (void)
{
  GString *data = g_string_new ("<?xml version='1.0'?>\n<!DOCTYPE design [\n <!ENTITY lol0 'lol'>\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  gint64 start;

  for (guint i = 1; i < 10; i++)
    g_string_append_printf (data, " <!ENTITY lol%u '&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;'>\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (data, "]>\n<design xmlns='urn:vnetlab:design:1' version='1' title='&lol9;'/>\n");

  start = g_get_monotonic_time ();
  design = vnl_design_load_from_data (data->str, data->len, "bomb", &error);
  g_assert_null (design);
  g_assert_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_SYNTAX);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_string_free (data, TRUE);
}

/* An invalid value does not make loading fail: it is reported by
 * validation, until its object is changed. */
static void
test_file_load_problems (void)
{
  const char *data =
    "<design xmlns='urn:vnetlab:design:1' version='1'>\n"
    "  <locations><location name='r' kind='azure-region'/></locations>\n"
    "  <vnet name='v' location='r'>\n"
    "    <address-space prefix='10.0.0.0/24'/>\n"
    "    <endpoint name='vm' address='10.0.0.300'/>\n"
    "  </vnet>\n"
    "</design>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, strlen (data), "lp", &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *text = NULL;
  VnlEndpoint *vm;

  g_assert_no_error (error);
  vm = vnl_design_lookup_kind (design, "vm", VNL_KIND_ENDPOINT);
  g_assert_nonnull (vm);

  problems = vnl_design_validate (design, "lp");
  g_assert_cmpuint (problems->len, ==, 1);
  text = vnl_problem_to_string (problems->pdata[0]);
  g_assert_cmpstr (text, ==, "lp:5: invalid IP address “10.0.0.300” in address (vm)");

  vm->address = 0x0a000005;
  vnl_design_changed (design, vm);
  after = vnl_design_validate (design, "lp");
  g_assert_cmpuint (after->len, ==, 0);
}

/* Values the schema takes as any text (addresses and prefixes, kept for
 * the semantic validation to name): empty, blank or with a stray space,
 * they still load, each with its load problem on its own line; a value
 * with character or entity references is read decoded, and a number with
 * white space around it (a double collapses it) is read stripped. */
static void
test_file_free_text_values (void)
{
  const char *data =
    "<design xmlns='urn:vnetlab:design:1' version='5'>\n"
    "  <locations><location name='r' kind='azure-region'/></locations>\n"
    "  <vnet name='a&amp;b' location='r' x=' 12.5 ' y='&#9;-3&#10;'>\n"
    "    <address-space prefix=''/>\n"
    "    <address-space prefix='10.2.0.0/16 '/>\n"
    "    <address-space prefix='10.1.0.0/16'/>\n"
    "    <endpoint name='vm' address='  '/>\n"
    "  </vnet>\n"
    "</design>\n";
  static const char *const expected[] = {
    "ft:4: invalid prefix in prefix: empty prefix (a&b)",
    "ft:5: invalid prefix in prefix: “10.2.0.0/16 ” has an invalid prefix length (0 to 32) (a&b)",
    "ft:7: invalid IP address “  ” in address (vm)",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load_from_data (data, strlen (data), "ft", &error);
  g_autoptr(GPtrArray) problems = NULL;
  VnlVnet *vnet;

  g_assert_no_error (error);
  vnet = vnl_design_lookup_kind (design, "a&b", VNL_KIND_VNET);
  g_assert_nonnull (vnet);
  g_assert_true (vnet->parent.has_pos);
  g_assert_cmpfloat (vnet->parent.pos.x, ==, 12.5);
  g_assert_cmpfloat (vnet->parent.pos.y, ==, -3);
  g_assert_cmpuint (vnet->address_spaces->len, ==, 1);

  problems = vnl_design_validate (design, "ft");
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = vnl_problem_to_string (problems->pdata[i]);
      g_assert_cmpstr (text, ==, expected[i]);
    }
}

static void
test_file_problem_to_string (void)
{
  VnlProblem problem = { (char *) "f.vnetlab", 12, (char *) "bad thing", (char *) "obj" };
  VnlProblem no_line = { (char *) "f.vnetlab", 0, (char *) "bad thing", NULL };
  g_autofree char *a = vnl_problem_to_string (&problem);
  g_autofree char *b = vnl_problem_to_string (&no_line);

  g_assert_cmpstr (a, ==, "f.vnetlab:12: bad thing (obj)");
  g_assert_cmpstr (b, ==, "f.vnetlab: bad thing");
}

/* Saved what-if scenarios (issue 11): a file holding two round-trips to
 * the same scenarios in the same order and to the same bytes; the
 * scenario's objects keep their state (a scenario is not state="down");
 * the sample, which has none, loads with an empty list; and a scenario
 * naming an object the design lacks still loads (kept, not dropped) but
 * is refused when applied, with both names in the message. */
static void
test_file_scenarios (void)
{
  g_autofree char *path = sample_path ("azure-interop-testbed.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = vnl_design_load (path, &error);
  g_autoptr(VnlDesign) again = NULL;
  g_autoptr(VnlDesign) stale = NULL;
  g_autoptr(VnlNetwork) network = NULL;
  g_autofree char *data = NULL, *data2 = NULL, *broken = NULL;
  static const char *const er1[] = { "er1-primary", "hub-loc1-vpn", NULL };
  static const char *const none[] = { NULL };
  GPtrArray *list;
  gsize length = 0, length2 = 0;
  char *end;

  g_assert_no_error (error);
  g_assert_cmpuint (vnl_scenario_list (design)->len, ==, 0);

  vnl_scenario_store (design, "Location 1 cut off", er1);
  vnl_scenario_store (design, "all up", none);
  data = vnl_design_to_data (design, &length);
  g_assert_nonnull (strstr (data, "<scenario name=\"Location 1 cut off\">"));
  g_assert_nonnull (strstr (data, "<scenario name=\"all up\"/>"));

  again = vnl_design_load_from_data (data, length, "scenarios.vnetlab", &error);
  g_assert_no_error (error);
  list = vnl_scenario_list (again);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VnlScenario *) list->pdata[0])->name, ==, "Location 1 cut off");
  g_assert_cmpstrv (((VnlScenario *) list->pdata[0])->down, er1);
  g_assert_cmpstr (((VnlScenario *) list->pdata[1])->name, ==, "all up");
  g_assert_cmpuint (g_strv_length (((VnlScenario *) list->pdata[1])->down), ==, 0);
  g_assert_true (((VnlObject *) vnl_design_lookup (again, "er1-primary"))->up);
  data2 = vnl_design_to_data (again, &length2);
  g_assert_cmpmem (data, length, data2, length2);

  /* Replacing keeps the place; removing forgets. */
  vnl_scenario_store (again, "Location 1 cut off", none);
  g_assert_cmpuint (g_strv_length (vnl_scenario_lookup (again, "Location 1 cut off")->down), ==, 0);
  g_assert_true (vnl_scenario_remove (again, "all up"));
  g_assert_false (vnl_scenario_remove (again, "all up"));
  g_assert_cmpuint (vnl_scenario_list (again)->len, ==, 1);

  /* A stale reference: kept at load, refused at apply. */
  end = strstr (data, "</design>");
  g_assert_nonnull (end);
  broken = g_strdup_printf ("%.*s  <scenario name=\"stale\"><down ref=\"gone-link\"/></scenario>\n</design>\n",
                            (int) (end - data), data);
  stale = vnl_design_load_from_data (broken, strlen (broken), "stale.vnetlab", &error);
  g_assert_no_error (error);
  network = vnl_network_new (stale);
  g_assert_false (vnl_scenario_apply (vnl_scenario_lookup (stale, "stale"), network, &error));
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT);
  g_assert_nonnull (strstr (error->message, "stale"));
  g_assert_nonnull (strstr (error->message, "gone-link"));
  g_clear_error (&error);
  g_assert_true (vnl_scenario_apply (vnl_scenario_lookup (stale, "Location 1 cut off"), network, &error));
  g_assert_false (vnl_network_is_up (network, "er1-primary"));
  g_assert_true (((VnlObject *) vnl_design_lookup (stale, "er1-primary"))->up);
}

/* Streaming (the load every good file takes) and the whole-tree load (the
 * way every bad file is read, for its messages) are two ways through the
 * same stages: on any data they must agree on whether it loads, on the
 * error and the problems if it does not, and on the design if it does. */
static void
assert_stream_equals_whole_tree (const char *data,
                                 gsize       length,
                                 const char *what)
{
  g_autoptr(GPtrArray) stream_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_problem_free);
  g_autoptr(GPtrArray) tree_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_problem_free);
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(VnlDesign) streamed = _vnl_design_load_data_full (data, length, "d", stream_problems, &stream_error);
  g_autoptr(VnlDesign) whole = _vnl_design_load_data_whole_tree (data, length, "d", tree_problems, &tree_error);

  if ((streamed == NULL) != (whole == NULL))
    g_error ("%s: streaming %s, the whole tree %s", what,
             streamed ? "loads" : stream_error->message, whole ? "loads" : tree_error->message);

  g_assert_cmpuint (stream_problems->len, ==, tree_problems->len);
  for (guint i = 0; i < stream_problems->len; i++)
    {
      g_autofree char *a = vnl_problem_to_string (stream_problems->pdata[i]);
      g_autofree char *b = vnl_problem_to_string (tree_problems->pdata[i]);
      g_assert_cmpstr (a, ==, b);
    }

  if (streamed == NULL)
    {
      g_assert_true (g_error_matches (stream_error, tree_error->domain, tree_error->code));
      g_assert_cmpstr (stream_error->message, ==, tree_error->message);
    }
  else
    {
      g_autofree char *a = vnl_design_to_data (streamed, NULL);
      g_autofree char *b = vnl_design_to_data (whole, NULL);
      GPtrArray *pa = _vnl_design_get_load_problems (streamed);
      GPtrArray *pb = _vnl_design_get_load_problems (whole);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpuint (pa ? pa->len : 0, ==, pb ? pb->len : 0);
      for (guint i = 0; pa != NULL && i < pa->len; i++)
        {
          const VnlLoadProblem *x = pa->pdata[i], *y = pb->pdata[i];

          g_assert_cmpuint (x->line, ==, y->line);
          g_assert_cmpstr (x->message, ==, y->message);
          g_assert_cmpstr (x->field, ==, y->field);
          g_assert_cmpstr (x->name, ==, y->name);
        }
    }
}

/* One mutation of @text: a value replaced, a line removed or repeated,
 * text inside an element, an element renamed, an attribute removed — the
 * edits a hand makes, each of which a schema sees differently. */
static char *
mutate_design (const char *text,
               GRand      *rand)
{
  static const char *const values[] = { "", " ", "x", "TRUE", " true ", "1", "0", "-1", "1e5", "NaN", "up" };
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_lines = g_strv_length (lines);
  guint i = (guint) g_rand_int_range (rand, 0, (gint32) n_lines);
  GString *out = g_string_new (NULL);
  char *quote;

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      /* The first value of the line. */
      if ((quote = strstr (lines[i], "=\"")) != NULL)
        {
          char *end = strchr (quote + 2, '"');

          if (end != NULL)
            {
              g_autofree char *head = g_strndup (lines[i], (gsize) (quote + 2 - lines[i]));
              g_autofree char *line = g_strconcat (head, values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))],
                                                   end, NULL);
              g_free (lines[i]);
              lines[i] = g_steal_pointer (&line);
            }
        }
      break;
    case 1:
      g_free (lines[i]);
      lines[i] = g_strdup ("");
      break;
    case 2:
      {
        char *line = g_strconcat (lines[i], "\n", lines[g_rand_int_range (rand, 0, (gint32) n_lines)], NULL);
        g_free (lines[i]);
        lines[i] = line;
      }
      break;
    case 3:
      {
        char *line = g_strconcat (lines[i], "text", NULL);
        g_free (lines[i]);
        lines[i] = line;
      }
      break;
    case 4:
      if ((quote = strchr (lines[i], '<')) != NULL && g_ascii_isalpha (quote[1]))
        {
          g_autofree char *head = g_strndup (lines[i], (gsize) (quote + 2 - lines[i]));
          char *line = g_strconcat (head, "q", quote + 2, NULL);
          g_free (lines[i]);
          lines[i] = line;
        }
      break;
    default:
      /* The first attribute of the line. */
      if ((quote = strstr (lines[i], "=\"")) != NULL)
        {
          char *start = quote, *end = strchr (quote + 2, '"');

          while (start > lines[i] && start[-1] != ' ')
            start--;
          if (end != NULL && start > lines[i])
            {
              g_autofree char *head = g_strndup (lines[i], (gsize) (start - lines[i]));
              char *line = g_strconcat (head, end + 1, NULL);
              g_free (lines[i]);
              lines[i] = line;
            }
        }
      break;
    }

  for (guint k = 0; lines[k] != NULL; k++)
    {
      if (k > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[k]);
    }
  return g_string_free (out, FALSE);
}

static void
test_file_stream_equals_whole_tree (void)
{
  g_autoptr(GPtrArray) paths = list_samples ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  const char *dirs[] = { "valid", "invalid" };
  VnlGenerateOptions opts;
  g_autoptr(VnlDesign) generated = NULL;
  g_autofree char *generated_data = NULL;
  gsize generated_length;
  guint n_samples;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", dirs[d], NULL);
      g_autoptr(GPtrArray) more = list_designs (dir);

      for (guint i = 0; i < more->len; i++)
        g_ptr_array_add (paths, g_strdup (more->pdata[i]));
    }
  n_samples = paths->len;
  g_assert_cmpuint (n_samples, >, 20);

  for (guint i = 0; i < n_samples; i++)
    {
      const char *path = paths->pdata[i];
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      assert_stream_equals_whole_tree (contents, length, path);
      for (guint m = 0; m < 25; m++)
        {
          g_autofree char *mutated = mutate_design (contents, rand);
          g_autofree char *what = g_strdup_printf ("%s, mutation %u", path, m);

          assert_stream_equals_whole_tree (mutated, strlen (mutated), what);
        }
    }

  /* A generated design: thousands of objects, route tables and NSGs. */
  vnl_generate_options_init (&opts);
  opts.n_vnets = 120;
  opts.route_tables = TRUE;
  opts.nsgs = TRUE;
  generated = vnl_generate_design (&opts, NULL);
  g_assert_nonnull (generated);
  generated_data = vnl_design_to_data (generated, &generated_length);
  assert_stream_equals_whole_tree (generated_data, generated_length, "generated");
  for (guint m = 0; m < 10; m++)
    {
      g_autofree char *mutated = mutate_design (generated_data, rand);
      assert_stream_equals_whole_tree (mutated, strlen (mutated), "generated, mutated");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/file/load-testbed", test_file_load_testbed);
  g_test_add_func ("/core/file/round-trip-samples", test_file_round_trip_samples);
  g_test_add_func ("/core/file/round-trip-extras", test_file_round_trip_extras);
  g_test_add_func ("/core/file/round-trip-features", test_file_round_trip_features);
  g_test_add_func ("/core/file/save-atomic", test_file_save_atomic);
  g_test_add_func ("/core/file/save-errors", test_file_save_errors);
  g_test_add_func ("/core/file/save-symlink", test_file_save_symlink);
  g_test_add_func ("/core/file/save-read-only", test_file_save_read_only);
  g_test_add_func ("/core/file/save-nesting", test_file_save_nesting);
  g_test_add_func ("/core/file/oversize", test_file_oversize);
  g_test_add_func ("/core/file/load-errors", test_file_load_errors);
  g_test_add_func ("/core/file/schema-all-errors", test_file_schema_all_errors);
  g_test_add_func ("/core/file/schema-many-errors", test_file_schema_many_errors);
  g_test_add_func ("/core/file/not-regular", test_file_not_regular);
  g_test_add_func ("/core/file/nul", test_file_nul);
  g_test_add_func ("/core/file/libxml-messages", test_file_libxml_messages);
  g_test_add_func ("/core/file/limits", test_file_limits);
  g_test_add_func ("/core/file/load-cancellable", test_file_load_cancellable);
  g_test_add_func ("/core/file/external-entity", test_file_xxe);
  g_test_add_func ("/core/file/entity-bomb", test_file_entity_bomb);
  g_test_add_func ("/core/file/load-problems", test_file_load_problems);
  g_test_add_func ("/core/file/free-text-values", test_file_free_text_values);
  g_test_add_func ("/core/file/problem-to-string", test_file_problem_to_string);
  g_test_add_func ("/core/file/scenarios", test_file_scenarios);
  g_test_add_func ("/core/file/stream-equals-whole-tree", test_file_stream_equals_whole_tree);

  return g_test_run ();
}
