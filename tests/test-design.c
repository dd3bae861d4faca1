/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnl-design.h"

typedef struct
{
  guint added;
  guint removed;
  guint changed;
} Counts;

static void
on_added (VnlDesign *design, gpointer object, Counts *counts)
{
  counts->added++;
}

static void
on_removed (VnlDesign *design, gpointer object, Counts *counts)
{
  counts->removed++;
}

static void
on_changed (VnlDesign *design, gpointer object, Counts *counts)
{
  counts->changed++;
}

static void
test_design_signals (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GError) error = NULL;
  Counts counts = { 0 };
  VnlVnet *hub = vnl_object_new (VNL_KIND_VNET, "hub");
  VnlVnet *dup = vnl_object_new (VNL_KIND_VNET, "hub");
  gpointer removed;

  g_signal_connect (design, "object-added", G_CALLBACK (on_added), &counts);
  g_signal_connect (design, "object-removed", G_CALLBACK (on_removed), &counts);
  g_signal_connect (design, "object-changed", G_CALLBACK (on_changed), &counts);

  g_assert_true (vnl_design_add (design, hub, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added, ==, 1);

  /* A second object named "hub" is refused and nothing is emitted. */
  g_assert_false (vnl_design_add (design, dup, &error));
  g_assert_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME);
  g_assert_cmpuint (counts.added, ==, 1);
  vnl_object_free (dup);
  g_clear_error (&error);

  g_assert_true (vnl_design_lookup (design, "hub") == hub);
  vnl_design_move (design, hub, 10, 20);
  vnl_design_move (design, hub, 10, 20);   /* no change, no signal */
  g_assert_cmpuint (counts.changed, ==, 1);

  vnl_design_set_up (design, hub, FALSE);
  vnl_design_set_up (design, hub, FALSE);
  g_assert_cmpuint (counts.changed, ==, 2);

  g_assert_true (vnl_design_rename (design, hub, "hub2", &error));
  g_assert_null (vnl_design_lookup (design, "hub"));
  g_assert_true (vnl_design_lookup (design, "hub2") == hub);

  removed = vnl_design_remove (design, hub);
  g_assert_true (removed == hub);
  g_assert_cmpuint (counts.removed, ==, 1);
  g_assert_null (vnl_design_lookup (design, "hub2"));
  vnl_object_free (removed);
}

static void
test_design_latency (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  VnlLocation *r1 = vnl_object_new (VNL_KIND_LOCATION, "region1");

  r1->intra_ms = 0.2;
  g_assert_true (vnl_design_add (design, r1, NULL));
  vnl_design_set_default_latency (design, 30);
  vnl_design_add_latency (design, "region1", "pl1", 0.8);

  g_assert_cmpfloat (vnl_design_latency (design, "pl1", "region1"), ==, 0.8);
  g_assert_cmpfloat (vnl_design_latency (design, "region1", "region1"), ==, 0.2);
  g_assert_cmpfloat (vnl_design_latency (design, "pl1", "pl1"), ==, vnl_design_get_intra_latency (design));
  g_assert_cmpfloat (vnl_design_latency (design, "pl1", "elsewhere"), ==, 30);
}

/* The what-if state as names: only what is down, in design order. */
static void
test_design_down_names (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  VnlVnet *a = vnl_object_new (VNL_KIND_VNET, "a");
  VnlVnet *b = vnl_object_new (VNL_KIND_VNET, "b");
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) one = NULL;

  g_assert_true (vnl_design_add (design, a, NULL));
  g_assert_true (vnl_design_add (design, b, NULL));
  none = vnl_design_get_down_names (design);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  vnl_design_set_up (design, b, FALSE);
  one = vnl_design_get_down_names (design);
  g_assert_cmpuint (g_strv_length (one), ==, 1);
  g_assert_cmpstr (one[0], ==, "b");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/design/signals", test_design_signals);
  g_test_add_func ("/core/design/latency", test_design_latency);
  g_test_add_func ("/core/design/down-names", test_design_down_names);
  return g_test_run ();
}
