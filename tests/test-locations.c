/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vnl-file.h"
#include "vnl-history.h"
#include "vnl-lists.h"
#include "vnl-kinds.h"

/* What the Locations & Latencies dialog does, without the dialog: adding,
 * renaming and removing locations and the design's default latencies, each
 * one undoable step; and the undo labels of property edits. */

typedef struct
{
  VnlDesign  *design;
  VnlHistory *history;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir != NULL)
    path = g_build_filename (dir, "azure-interop-testbed.vnetlab", NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "samples", "azure-interop-testbed.vnetlab", NULL);
  f->design = vnl_design_load (path, &error);
  g_assert_no_error (error);
  f->history = vnl_history_new (f->design);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->design);
}

/* Undo labels name what the user saw, not the file's key. */

typedef struct
{
  const char *object;
  const char *key;
  const char *text;
  gboolean    list;    /* a list or location setting, else a field */
  const char *label;
} LabelCase;

static const LabelCase label_cases[] = {
  { "hub-vpngw", "asn", "65100", FALSE, "Change ASN of hub-vpngw" },
  { "hub", "address-spaces", "10.10.0.0/16", FALSE, "Change Address spaces of hub" },
  { "er1", "bandwidth-mbps", "2000", FALSE, "Change Bandwidth (Mbps) of er1" },
  { "hub", "subnets", "default\t10.10.30.0/25", TRUE, "Change Subnets of hub" },
  { "region1", "display-name", "East US", TRUE, "Change Display name of region1" },
  { "region1", "latency:region2", "35", TRUE, "Change Latency to region2 of region1" },
};

static void
test_undo_labels (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (label_cases); i++)
    {
      const LabelCase *c = &label_cases[i];
      gpointer object = vnl_design_lookup (f->design, c->object);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (object);
      g_assert_true (vnl_history_set_property (f->history, object, c->key, c->text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, c->label);
    }
}

static void
test_add_rename_remove (Fixture       *f,
                        gconstpointer  data)
{
  guint n = vnl_design_get_objects (f->design, VNL_KIND_LOCATION)->len;
  double fallback = vnl_design_get_default_latency (f->design);
  g_autoptr(GError) error = NULL;
  VnlLocation *location;

  /* Added under a free name, as one step. */
  location = vnl_lists_add_location (f->history);
  g_assert_cmpstr (location->parent.name, ==, "location1");
  g_assert_cmpuint (vnl_design_get_objects (f->design, VNL_KIND_LOCATION)->len, ==, n + 1);
  g_assert_cmpint (location->location_kind, ==, VNL_LOCATION_AZURE_REGION);

  /* A latency to it follows a rename, and the rename's undo. */
  g_assert_true (vnl_history_rename (f->history, location, "region3", &error));
  g_assert_true (vnl_history_set_property (f->history, location, "latency:region1", "7", &error));
  g_assert_cmpfloat (vnl_design_latency (f->design, "region1", "region3"), ==, 7);
  g_assert_true (vnl_history_rename (f->history, location, "region4", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (vnl_design_latency (f->design, "region4", "region1"), ==, 7);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (location->parent.name, ==, "region3");
  g_assert_cmpfloat (vnl_design_latency (f->design, "region3", "region1"), ==, 7);

  /* Nothing is in it: it goes, with its latency, in one step. */
  g_assert_null (vnl_lists_location_users (f->design, location));
  g_assert_true (vnl_lists_remove_location (f->history, location, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Remove location region3");
  g_assert_null (vnl_design_lookup (f->design, "region3"));
  for (guint i = 0; i < vnl_design_get_latencies (f->design)->len; i++)
    {
      VnlLatency *latency = vnl_design_get_latencies (f->design)->pdata[i];
      g_assert_cmpstr (latency->a, !=, "region3");
      g_assert_cmpstr (latency->b, !=, "region3");
    }
  g_assert_cmpfloat (vnl_design_latency (f->design, "region3", "region1"), ==, fallback);

  /* One undo brings both back. */
  g_assert_true (vnl_history_undo (f->history));
  g_assert_true (vnl_design_lookup (f->design, "region3") == (gpointer) location);
  g_assert_cmpfloat (vnl_design_latency (f->design, "region3", "region1"), ==, 7);
  g_assert_true (vnl_history_redo (f->history));
  g_assert_null (vnl_design_lookup (f->design, "region3"));
}

static void
test_remove_used (Fixture       *f,
                  gconstpointer  data)
{
  VnlLocation *region1 = vnl_design_lookup_kind (f->design, "region1", VNL_KIND_LOCATION);
  VnlLocation *er1_pl = vnl_design_lookup_kind (f->design, "er1-pl", VNL_KIND_LOCATION);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  /* Refused, naming what is in it; nothing recorded. */
  g_assert_false (vnl_lists_remove_location (f->history, region1, &error));
  g_assert_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hub"));
  g_assert_true (vnl_design_lookup (f->design, "region1") == (gpointer) region1);
  g_assert_false (vnl_history_can_undo (f->history));

  /* A peering location is used by its circuits. */
  g_assert_false (vnl_lists_remove_location (f->history, er1_pl, &error2));
  g_assert_nonnull (strstr (error2->message, "er1"));
}

static void
count_changed (VnlDesign *design,
               gpointer   object,
               guint     *count)
{
  (*count)++;
}

static void
test_default_latencies (Fixture       *f,
                        gconstpointer  data)
{
  guint n = vnl_design_get_objects (f->design, VNL_KIND_LOCATION)->len;
  guint changed = 0;

  g_assert_cmpfloat (vnl_design_get_default_latency (f->design), ==, 40);
  g_signal_connect (f->design, "object-changed", G_CALLBACK (count_changed), &changed);

  vnl_history_set_default_latency (f->history, 25);
  g_assert_cmpfloat (vnl_design_get_default_latency (f->design), ==, 25);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Change default latency");
  /* Every location stands on the default: views recompute. */
  g_assert_cmpuint (changed, ==, n);

  vnl_history_set_intra_latency (f->history, 0.3);
  g_assert_cmpfloat (vnl_design_get_intra_latency (f->design), ==, 0.3);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Change intra-location latency");

  /* No change, no step. */
  vnl_history_set_intra_latency (f->history, 0.3);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpfloat (vnl_design_get_intra_latency (f->design), ==, 0.1);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpfloat (vnl_design_get_default_latency (f->design), ==, 40);
  g_assert_false (vnl_history_can_undo (f->history));
  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpfloat (vnl_design_get_default_latency (f->design), ==, 25);
}

typedef struct
{
  const char *text;
  gboolean    ok;
  double      ms;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "1.5", TRUE, 1.5 },
  { "1,5", TRUE, 1.5 },
  { " 40 ", TRUE, 40 },
  { "0", TRUE, 0 },
  { "", FALSE, 0 },
  { "-1", FALSE, 0 },
  { "fast", FALSE, 0 },
  { "20000", FALSE, 0 },
};

static void
test_parse_latency (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double ms = -1;
      gboolean ok = vnl_lists_parse_latency (parse_cases[i].text, &ms, &error);

      g_assert_cmpint (ok, ==, parse_cases[i].ok);
      if (ok)
        g_assert_cmpfloat (ms, ==, parse_cases[i].ms);
      else
        g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/app/locations/undo-labels", Fixture, NULL, fixture_set_up, test_undo_labels, fixture_tear_down);
  g_test_add ("/app/locations/add-rename-remove", Fixture, NULL, fixture_set_up, test_add_rename_remove, fixture_tear_down);
  g_test_add ("/app/locations/remove-used", Fixture, NULL, fixture_set_up, test_remove_used, fixture_tear_down);
  g_test_add ("/app/locations/default-latencies", Fixture, NULL, fixture_set_up, test_default_latencies, fixture_tear_down);
  g_test_add_func ("/app/locations/parse-latency", test_parse_latency);
  return g_test_run ();
}
