/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>

#include "vnl-file.h"
#include "vnl-history.h"
#include "vnl-layout.h"

static const char * const samples[] = {
  "azure-interop-testbed.vnetlab",
  "hub-spoke.vnetlab",
  "global-reach.vnetlab",
};

static VnlDesign *
load_sample (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  if (dir != NULL)
    path = g_build_filename (dir, name, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
  design = vnl_design_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static GPtrArray *
all_nodes (VnlDesign *design)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_is_node (objects->pdata[i]))
          g_ptr_array_add (nodes, objects->pdata[i]);
    }
  return nodes;
}

/* Every node gets a position on the grid, and no two footprints overlap. */
static void
test_positions (gconstpointer data)
{
  const char *sample = data;
  g_autoptr(VnlDesign) design = load_sample (sample);
  g_autoptr(GPtrArray) nodes = all_nodes (design);
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GError) error = NULL;

  for (guint e = 0; e < 2; e++)
    {
      positions = vnl_layout_compute (design, e == 0 ? VNL_LAYOUT_DOT : VNL_LAYOUT_NEATO, &error);
      g_assert_no_error (error);
      g_assert_nonnull (positions);
      g_assert_cmpuint (g_hash_table_size (positions), ==, nodes->len);

      for (guint i = 0; i < nodes->len; i++)
        {
          VnlPoint *p = g_hash_table_lookup (positions, nodes->pdata[i]);

          g_assert_nonnull (p);
          g_assert_cmpfloat (p->x / 20 - (int) (p->x / 20), ==, 0);
          g_assert_cmpfloat (p->y / 20 - (int) (p->y / 20), ==, 0);
          for (guint j = 0; j < i; j++)
            {
              VnlPoint *q = g_hash_table_lookup (positions, nodes->pdata[j]);
              gboolean apart = ABS (p->x - q->x) >= VNL_LAYOUT_NODE_WIDTH ||
                               ABS (p->y - q->y) >= VNL_LAYOUT_NODE_HEIGHT;
              if (!apart)
                g_error ("%s and %s overlap at (%g, %g) and (%g, %g)",
                         ((VnlObject *) nodes->pdata[i])->name, ((VnlObject *) nodes->pdata[j])->name,
                         p->x, p->y, q->x, q->y);
            }
        }
      g_clear_pointer (&positions, g_hash_table_unref);
    }
}

typedef struct
{
  gboolean has_pos;
  VnlPoint pos;
  guint    n_bends;
} Saved;

/* The layout is one history step; undo restores every old position (and
 * the bends it straightened), redo the layout. */
static void
test_undo (gconstpointer data)
{
  const char *sample = data;
  g_autoptr(VnlDesign) design = load_sample (sample);
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  g_autoptr(GArray) saved = g_array_new (FALSE, FALSE, sizeof (Saved));
  g_autoptr(GArray) laid = g_array_new (FALSE, FALSE, sizeof (Saved));
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *of_kind = vnl_design_get_objects (design, k);
      for (guint i = 0; i < of_kind->len; i++)
        {
          VnlObject *object = of_kind->pdata[i];
          Saved s = { object->has_pos, object->pos, object->bends->len };
          g_ptr_array_add (objects, object);
          g_array_append_val (saved, s);
        }
    }

  g_assert_true (vnl_layout_apply (history, VNL_LAYOUT_DOT, &error));
  g_assert_no_error (error);
  g_assert_true (vnl_history_can_undo (history));
  g_assert_true (vnl_history_is_modified (history));
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      Saved s = { object->has_pos, object->pos, object->bends->len };
      g_array_append_val (laid, s);
      if (vnl_object_is_node (object))
        g_assert_true (object->has_pos);
      else
        g_assert_cmpuint (object->bends->len, ==, 0);
    }

  /* One step: a single undo brings everything back. */
  g_assert_true (vnl_history_undo (history));
  g_assert_false (vnl_history_can_undo (history));
  g_assert_false (vnl_history_is_modified (history));
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      Saved *s = &g_array_index (saved, Saved, i);
      g_assert_cmpint (object->has_pos, ==, s->has_pos);
      if (s->has_pos)
        {
          g_assert_cmpfloat (object->pos.x, ==, s->pos.x);
          g_assert_cmpfloat (object->pos.y, ==, s->pos.y);
        }
      g_assert_cmpuint (object->bends->len, ==, s->n_bends);
    }

  g_assert_true (vnl_history_redo (history));
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      Saved *s = &g_array_index (laid, Saved, i);
      g_assert_cmpfloat (object->pos.x, ==, s->pos.x);
      g_assert_cmpfloat (object->pos.y, ==, s->pos.y);
      g_assert_cmpuint (object->bends->len, ==, s->n_bends);
    }
}

/* Graphviz must read our sizes the same where the decimal separator is a
 * comma. */
static void
test_comma_locale (void)
{
  g_autofree char *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  test_positions (samples[0]);
  setlocale (LC_NUMERIC, old);
}

static void
test_empty (void)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(VnlHistory) history = vnl_history_new (design);
  g_autoptr(GError) error = NULL;

  g_assert_false (vnl_layout_apply (history, VNL_LAYOUT_DOT, &error));
  g_assert_error (error, VNL_LAYOUT_ERROR, VNL_LAYOUT_ERROR_EMPTY);
  g_assert_false (vnl_history_can_undo (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *positions = g_strdup_printf ("/app/layout/positions/%s", samples[i]);
      g_autofree char *undo = g_strdup_printf ("/app/layout/undo/%s", samples[i]);
      g_test_add_data_func (positions, samples[i], test_positions);
      g_test_add_data_func (undo, samples[i], test_undo);
    }
  g_test_add_func ("/app/layout/empty", test_empty);
  g_test_add_func ("/app/layout/comma-locale", test_comma_locale);
  return g_test_run ();
}
