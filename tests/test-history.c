/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "vnl-design.h"
#include "vnl-history.h"
#include "vnl-scenario.h"

typedef struct
{
  VnlDesign  *design;
  VnlHistory *history;
} Fixture;

static gpointer
add_node (VnlDesign  *design,
          VnlKind     kind,
          const char *name,
          double      x,
          double      y)
{
  VnlObject *object = vnl_object_new (kind, name);

  object->has_pos = TRUE;
  object->pos = (VnlPoint) { x, y };
  g_assert_true (vnl_design_add (design, object, NULL));
  return object;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  VnlGateway *gw;
  VnlPeering *peering;
  VnlCircuit *circuit;
  VnlLink *link;
  VnlCe *ce;
  VnlErConnection *er;

  f->design = vnl_design_new ();
  add_node (f->design, VNL_KIND_VNET, "hub", 100, 100);
  add_node (f->design, VNL_KIND_VNET, "spoke", 300, 100);
  gw = add_node (f->design, VNL_KIND_GATEWAY, "hub-ergw", 100, 200);
  gw->vnet = g_strdup ("hub");
  gw->type = VNL_GATEWAY_EXPRESSROUTE;
  peering = vnl_object_new (VNL_KIND_PEERING, "hub-spoke");
  peering->vnet_a = g_strdup ("hub");
  peering->vnet_b = g_strdup ("spoke");
  g_assert_true (vnl_design_add (f->design, peering, NULL));
  circuit = add_node (f->design, VNL_KIND_CIRCUIT, "er1", 100, 400);
  circuit->links[0] = g_strdup ("er1-primary");
  link = vnl_object_new (VNL_KIND_LINK, "er1-primary");
  link->circuit = g_strdup ("er1");
  link->ce = g_strdup ("ce1");
  g_assert_true (vnl_design_add (f->design, link, NULL));
  add_node (f->design, VNL_KIND_SITE, "loc1", 100, 700);
  ce = add_node (f->design, VNL_KIND_CE, "ce1", 100, 600);
  ce->site = g_strdup ("loc1");
  er = vnl_object_new (VNL_KIND_ER_CONNECTION, "hub-er1");
  er->gateway = g_strdup ("hub-ergw");
  er->circuit = g_strdup ("er1");
  g_assert_true (vnl_design_add (f->design, er, NULL));

  f->history = vnl_history_new (f->design);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->design);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  VnlObject *vnet = vnl_object_new (VNL_KIND_VNET, "branch");
  g_autoptr(GError) error = NULL;
  VnlObject *dup;

  g_assert_false (vnl_history_can_undo (f->history));
  g_assert_false (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_add (f->history, vnet, &error));
  g_assert_no_error (error);
  g_assert_true (vnl_history_can_undo (f->history));
  g_assert_true (vnl_history_is_modified (f->history));
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Add branch");

  g_assert_true (vnl_history_undo (f->history));
  g_assert_null (vnl_design_lookup (f->design, "branch"));
  g_assert_false (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_can_redo (f->history));

  g_assert_true (vnl_history_redo (f->history));
  g_assert_true (vnl_design_lookup (f->design, "branch") == (gpointer) vnet);

  /* A duplicate name is refused and nothing is recorded. */
  dup = vnl_object_new (VNL_KIND_VNET, "hub");
  g_assert_false (vnl_history_add (f->history, dup, &error));
  g_assert_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME);
  vnl_object_free (dup);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Add branch");

  /* Undone and then dropped by a new edit: freed with its command. */
  g_assert_true (vnl_history_undo (f->history));
  vnl_history_move (f->history, vnl_design_lookup (f->design, "hub"), 1, 2);
  g_assert_false (vnl_history_can_redo (f->history));
}

static void
test_remove_cascade (Fixture       *f,
                     gconstpointer  data)
{
  guint count = vnl_design_count (f->design);

  /* The hub takes its gateway, the peering and the ER connection along. */
  vnl_history_remove (f->history, vnl_design_lookup (f->design, "hub"));
  g_assert_null (vnl_design_lookup (f->design, "hub"));
  g_assert_null (vnl_design_lookup (f->design, "hub-ergw"));
  g_assert_null (vnl_design_lookup (f->design, "hub-spoke"));
  g_assert_null (vnl_design_lookup (f->design, "hub-er1"));
  g_assert_nonnull (vnl_design_lookup (f->design, "spoke"));
  g_assert_cmpuint (vnl_design_count (f->design), ==, count - 4);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Delete hub");

  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpuint (vnl_design_count (f->design), ==, count);
  g_assert_nonnull (vnl_design_lookup_kind (f->design, "hub-er1", VNL_KIND_ER_CONNECTION));

  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpuint (vnl_design_count (f->design), ==, count - 4);
  g_assert_true (vnl_history_undo (f->history));
}

static void
test_remove_link_detaches (Fixture       *f,
                           gconstpointer  data)
{
  VnlLink *link = vnl_design_lookup (f->design, "er1-primary");

  vnl_history_remove (f->history, link);
  g_assert_true (vnl_design_lookup (f->design, "er1-primary") == (gpointer) link);
  g_assert_null (link->ce);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (link->ce, ==, "ce1");

  /* Deleting the CE detaches the link too; deleting the site takes the CE. */
  vnl_history_remove (f->history, vnl_design_lookup (f->design, "loc1"));
  g_assert_null (vnl_design_lookup (f->design, "ce1"));
  g_assert_null (link->ce);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_nonnull (vnl_design_lookup (f->design, "ce1"));
  g_assert_cmpstr (link->ce, ==, "ce1");

  /* Deleting the circuit takes its links and connections. */
  vnl_history_remove (f->history, vnl_design_lookup (f->design, "er1"));
  g_assert_null (vnl_design_lookup (f->design, "er1-primary"));
  g_assert_null (vnl_design_lookup (f->design, "hub-er1"));
  g_assert_true (vnl_history_undo (f->history));
  g_assert_nonnull (vnl_design_lookup (f->design, "er1-primary"));

  vnl_history_set_link_ce (f->history, link, "other");
  g_assert_cmpstr (link->ce, ==, "other");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (link->ce, ==, "ce1");
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  VnlObject *hub = vnl_design_lookup (f->design, "hub");
  VnlObject *fresh = vnl_object_new (VNL_KIND_VNET, "fresh");

  vnl_history_move (f->history, hub, 150, 175);
  g_assert_cmpfloat (hub->pos.x, ==, 150);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpfloat (hub->pos.x, ==, 100);
  g_assert_cmpfloat (hub->pos.y, ==, 100);
  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpfloat (hub->pos.y, ==, 175);

  /* A drag: already moved, recorded afterwards, two objects in one step. */
  vnl_history_begin_group (f->history, "Move 2 objects");
  vnl_design_move (f->design, hub, 10, 20);
  vnl_history_record_move (f->history, hub, TRUE, 150, 175);
  vnl_design_move (f->design, vnl_design_lookup (f->design, "spoke"), 30, 40);
  vnl_history_record_move (f->history, vnl_design_lookup (f->design, "spoke"), TRUE, 300, 100);
  vnl_history_end_group (f->history);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Move 2 objects");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpfloat (hub->pos.x, ==, 150);
  g_assert_cmpfloat (((VnlObject *) vnl_design_lookup (f->design, "spoke"))->pos.x, ==, 300);

  /* An object placed for the first time loses its position on undo. */
  g_assert_true (vnl_design_add (f->design, fresh, NULL));
  vnl_history_move (f->history, fresh, 5, 5);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_false (fresh->has_pos);
}

static void
test_set_up (Fixture       *f,
             gconstpointer  data)
{
  VnlObject *link = vnl_design_lookup (f->design, "er1-primary");

  vnl_history_set_up (f->history, link, FALSE);
  g_assert_false (link->up);
  g_assert_cmpstr (vnl_history_get_undo_label (f->history), ==, "Take down er1-primary");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_true (link->up);
  g_assert_true (vnl_history_redo (f->history));
  g_assert_false (link->up);
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  VnlPeering *peering = vnl_design_lookup (f->design, "hub-spoke");
  VnlGateway *gw = vnl_design_lookup (f->design, "hub-ergw");
  g_autoptr(GError) error = NULL;

  g_assert_true (vnl_history_rename (f->history, vnl_design_lookup (f->design, "hub"), "core", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (peering->vnet_a, ==, "core");
  g_assert_cmpstr (gw->vnet, ==, "core");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (peering->vnet_a, ==, "hub");
  g_assert_cmpstr (gw->vnet, ==, "hub");
  g_assert_nonnull (vnl_design_lookup (f->design, "hub"));

  g_assert_false (vnl_history_rename (f->history, vnl_design_lookup (f->design, "hub"), "spoke", &error));
  g_assert_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME);
}

static void
test_property (Fixture       *f,
               gconstpointer  data)
{
  VnlGateway *gw = vnl_design_lookup (f->design, "hub-ergw");
  g_autoptr(GError) error = NULL;

  g_assert_true (vnl_history_set_property (f->history, gw, "asn", "65001", &error));
  g_assert_cmpuint (gw->asn, ==, 65001);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpuint (gw->asn, ==, 65515);
  g_assert_true (vnl_history_redo (f->history));
  g_assert_cmpuint (gw->asn, ==, 65001);

  /* Refused: nothing changes, nothing is recorded. */
  g_assert_false (vnl_history_set_property (f->history, gw, "asn", "x", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (gw->asn, ==, 65001);
  g_assert_true (vnl_history_undo (f->history));
  g_assert_false (vnl_history_can_undo (f->history));
}

static void
test_modified (Fixture       *f,
               gconstpointer  data)
{
  VnlObject *hub = vnl_design_lookup (f->design, "hub");

  vnl_history_move (f->history, hub, 1, 1);
  vnl_history_set_unmodified (f->history);
  g_assert_false (vnl_history_is_modified (f->history));
  vnl_history_move (f->history, hub, 2, 2);
  g_assert_true (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_undo (f->history));
  g_assert_false (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_undo (f->history));
  g_assert_true (vnl_history_is_modified (f->history));
  /* The saved state is on the redo stack; a new edit makes it unreachable. */
  vnl_history_move (f->history, hub, 3, 3);
  g_assert_true (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_undo (f->history));
  g_assert_true (vnl_history_is_modified (f->history));

  vnl_history_clear (f->history);
  g_assert_false (vnl_history_is_modified (f->history));
  g_assert_false (vnl_history_can_undo (f->history));
}

/* A saved what-if scenario is an edit (undoable, marks the design
 * modified) and follows a rename of the objects it takes down. */
static void
test_scenario (Fixture       *f,
               gconstpointer  data)
{
  static const char *const down[] = { "er1-primary", NULL };
  VnlScenario *scenario;

  g_assert_false (vnl_history_is_modified (f->history));
  vnl_history_set_scenario (f->history, "ER out", down);
  g_assert_true (vnl_history_is_modified (f->history));
  scenario = vnl_scenario_lookup (f->design, "ER out");
  g_assert_nonnull (scenario);
  g_assert_cmpstr (scenario->down[0], ==, "er1-primary");
  /* Saving a scenario leaves the object's own state alone. */
  g_assert_true (((VnlObject *) vnl_design_lookup (f->design, "er1-primary"))->up);

  g_assert_true (vnl_history_rename (f->history, vnl_design_lookup (f->design, "er1-primary"),
                                     "er1-a", NULL));
  g_assert_cmpstr (vnl_scenario_lookup (f->design, "ER out")->down[0], ==, "er1-a");
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (vnl_scenario_lookup (f->design, "ER out")->down[0], ==, "er1-primary");

  g_assert_true (vnl_history_undo (f->history));
  g_assert_null (vnl_scenario_lookup (f->design, "ER out"));
  g_assert_false (vnl_history_is_modified (f->history));
  g_assert_true (vnl_history_redo (f->history));
  g_assert_nonnull (vnl_scenario_lookup (f->design, "ER out"));

  vnl_history_set_scenario (f->history, "ER out", NULL);
  g_assert_null (vnl_scenario_lookup (f->design, "ER out"));
  g_assert_true (vnl_history_undo (f->history));
  g_assert_cmpstr (vnl_scenario_lookup (f->design, "ER out")->down[0], ==, "er1-primary");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/history/add", test_add);
  ADD ("/core/history/remove-cascade", test_remove_cascade);
  ADD ("/core/history/remove-link-detaches", test_remove_link_detaches);
  ADD ("/core/history/move", test_move);
  ADD ("/core/history/set-up", test_set_up);
  ADD ("/core/history/rename", test_rename);
  ADD ("/core/history/property", test_property);
  ADD ("/core/history/modified", test_modified);
  ADD ("/core/history/scenario", test_scenario);
#undef ADD

  return g_test_run ();
}
