/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "vnl-edit.h"
#include "vnl-file.h"
#include "vnl-history.h"

static VnlDesign *
load_testbed (void)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  if (dir != NULL)
    path = g_build_filename (dir, "azure-interop-testbed.vnetlab", NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "samples", "azure-interop-testbed.vnetlab", NULL);
  design = vnl_design_load (path, &error);
  g_assert_no_error (error);
  return design;
}

/* Duplicating a circuit copies its two links, detached from any CE, in
 * one undoable step. */
static void
test_duplicate_circuit (void)
{
  g_autoptr(VnlDesign) design = load_testbed ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GPtrArray) selection = g_ptr_array_new ();
  g_autoptr(GPtrArray) copies = NULL;
  VnlCircuit *er1 = vnl_design_lookup_kind (design, "er1", VNL_KIND_CIRCUIT);
  guint n_links = vnl_design_get_objects (design, VNL_KIND_LINK)->len;
  guint n_circuits = vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len;
  VnlCircuit *copy;

  g_assert_nonnull (er1);
  g_ptr_array_add (selection, er1);
  copies = vnl_edit_duplicate (history, selection);
  g_assert_cmpuint (copies->len, ==, 1);
  copy = copies->pdata[0];
  g_assert_cmpint (copy->parent.kind, ==, VNL_KIND_CIRCUIT);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links + 2);
  g_assert_cmpstr (copy->peering_location, ==, er1->peering_location);

  for (guint i = 0; i < 2; i++)
    {
      VnlLink *orig = vnl_design_lookup_kind (design, er1->links[i], VNL_KIND_LINK);
      VnlLink *link = vnl_design_lookup_kind (design, copy->links[i], VNL_KIND_LINK);

      g_assert_nonnull (link);
      g_assert_true (link != orig);
      g_assert_cmpstr (link->circuit, ==, copy->parent.name);
      g_assert_cmpint (link->role, ==, orig->role);
      g_assert_cmpuint (link->subnet.addr, ==, orig->subnet.addr);
      g_assert_cmpuint (link->msee_address, ==, orig->msee_address);
      g_assert_null (link->ce);
    }

  g_assert_true (vnl_history_undo (history));
  g_assert_false (vnl_history_can_undo (history));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links);
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len, ==, n_circuits);
  g_assert_true (vnl_history_redo (history));
  g_assert_cmpuint (vnl_design_get_objects (design, VNL_KIND_LINK)->len, ==, n_links + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/edit/duplicate-circuit", test_duplicate_circuit);
  return g_test_run ();
}
