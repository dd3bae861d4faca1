/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vnl-analysis.h"
#include "vnl-file.h"
#include "vnl-matrix.h"
#include "vnl-nsg.h"

/* The flow of VnlAnalysis (what the designer's path and matrix trace, and
 * what a snapshot for an export keeps), on samples/hub-spoke-nsg.vnetlab:
 * dc1-vm (10.100.1.10, on-premises behind the hub's VPN) to db-vm
 * (spoke3/data, group nsg-spoke3-data: allow-sql-from-dc1 100 Tcp 1433
 * from 10.100.0.0/16, deny-vnet-in 4000 * from VirtualNetwork). The
 * VirtualNetwork tag holds "all connected on-premises address spaces"
 * (network-security-groups-overview.md), so every flow from dc1-vm but
 * TCP 1433 falls to deny-vnet-in; TCP 1433 is allowed by rule 100, first
 * match by priority. */

static VnlDesign *
load_sample (void)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "hub-spoke-nsg.vnetlab", NULL)
                                      : g_test_build_filename (G_TEST_DIST, "..", "samples", "hub-spoke-nsg.vnetlab", NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

static VnlMatrixCell
cell (VnlAnalysis *analysis,
      const char  *from,
      const char  *to)
{
  GPtrArray *names = NULL;
  VnlMatrix *matrix = vnl_analysis_get_reachability (analysis, &names);
  int i = -1, j = -1;

  g_assert_nonnull (matrix);
  for (guint k = 0; k < names->len; k++)
    {
      if (g_str_equal (names->pdata[k], from))
        i = k;
      if (g_str_equal (names->pdata[k], to))
        j = k;
    }
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (j, >=, 0);
  return vnl_matrix_get_cell (matrix, i, j);
}

static void
assert_denied_by (VnlTrace   *trace,
                  const char *rule)
{
  g_assert_nonnull (trace);
  g_assert_false (trace->reached);
  g_assert_cmpint (trace->drop, ==, VNL_DROP_DENIED);
  g_assert_nonnull (trace->denied_by);
  g_assert_cmpstr (trace->denied_by->group, ==, "nsg-spoke3-data");
  g_assert_cmpstr (vnl_nsg_check_rule (trace->denied_by)->name, ==, rule);
}

static void
test_flow (void)
{
  g_autoptr(VnlDesign) design = load_sample ();
  g_autoptr(VnlAnalysis) analysis = vnl_analysis_new ();
  g_autoptr(VnlAnalysis) snapshot = NULL;
  VnlFlow sql = { VNL_PROTO_TCP, VNL_FLOW_DEFAULT_SOURCE_PORT, 1433 };
  VnlFlow ssh = { VNL_PROTO_TCP, VNL_FLOW_DEFAULT_SOURCE_PORT, 22 };

  vnl_analysis_set_design (analysis, design);
  vnl_analysis_recompute_now (analysis);
  vnl_analysis_set_path (analysis, "dc1-vm", "db-vm");

  /* An echo until set, as ping and tracert send. */
  g_assert_cmpint (vnl_analysis_get_flow (analysis)->protocol, ==, VNL_PROTO_ICMP);
  assert_denied_by (vnl_analysis_get_trace (analysis), "deny-vnet-in");
  g_assert_cmpint (cell (analysis, "dc1-vm", "db-vm"), ==, VNL_MATRIX_DENIED);

  vnl_analysis_set_flow (analysis, &sql);
  g_assert_true (vnl_analysis_get_trace (analysis)->reached);
  g_assert_cmpint (cell (analysis, "dc1-vm", "db-vm"), ==, VNL_MATRIX_REACHABLE);

  vnl_analysis_set_flow (analysis, &ssh);
  assert_denied_by (vnl_analysis_get_trace (analysis), "deny-vnet-in");
  g_assert_cmpint (cell (analysis, "dc1-vm", "db-vm"), ==, VNL_MATRIX_DENIED);

  /* An export's snapshot over the same network traces the same flow. */
  snapshot = vnl_analysis_new_snapshot (design, vnl_analysis_get_network (analysis));
  g_assert_cmpuint (vnl_analysis_get_flow (snapshot)->port, ==, 22);
  vnl_analysis_set_path (snapshot, "dc1-vm", "db-vm");
  assert_denied_by (vnl_analysis_get_trace (snapshot), "deny-vnet-in");
  vnl_analysis_set_flow (snapshot, &sql);
  g_assert_true (vnl_analysis_get_trace (snapshot)->reached);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/analysis/flow", test_flow);
  return g_test_run ();
}
