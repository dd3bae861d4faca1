/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>

#include "vnl-file.h"
#include "vnl-import.h"
#include "vnl-kinds.h"
#include "vnl-history.h"
#include "vnl-layout.h"

static const char * const samples[] = {
  "azure-interop-testbed.vnetlab",
  "hub-spoke.vnetlab",
  "global-reach.vnetlab",
};

/* Samples with sites, CE routers, hosts and virtual hubs too. */
static const char * const frame_samples[] = {
  "azure-interop-testbed.vnetlab",
  "hub-spoke-firewall.vnetlab",
  "global-reach.vnetlab",
  "vwan-two-region.vnetlab",
  "onprem-summary.vnetlab",
  "route-server-sdwan.vnetlab",
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

/* Two regions, each a hub with an endpoint and @n_spokes spokes (some with
 * an endpoint of their own) and @n_spokes VNets peered to nothing, the
 * hubs peered across the regions. No
 * positions: everything is for the layout to place. */
static VnlDesign *
two_regions (guint n_spokes)
{
  static const char * const regions[] = { "westeurope", "northeurope" };
  g_autoptr(GString) xml = g_string_new ("<design xmlns=\"urn:vnetlab:design:1\" version=\"1\">\n<locations>\n");
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  for (guint r = 0; r < 2; r++)
    g_string_append_printf (xml, "<location name=\"%s\" kind=\"azure-region\"/>\n", regions[r]);
  g_string_append (xml, "</locations>\n");
  for (guint r = 0; r < 2; r++)
    {
      g_string_append_printf (xml, "<vnet name=\"hub%u\" location=\"%s\"><address-space prefix=\"10.%u.0.0/16\"/>"
                              "<subnet name=\"default\" prefix=\"10.%u.0.0/24\"/>"
                              "<endpoint name=\"hub%u-vm\" address=\"10.%u.0.4\"/></vnet>\n", r, regions[r], r, r, r, r);
      for (guint s = 0; s < n_spokes; s++)
        {
          g_string_append_printf (xml, "<vnet name=\"spoke%u-%u\" location=\"%s\"><address-space prefix=\"10.%u.%u.0/24\"/>"
                                  "<subnet name=\"default\" prefix=\"10.%u.%u.0/24\"/>", r, s, regions[r], 100 + r, s, 100 + r, s);
          if (s % 2 == 0)
            g_string_append_printf (xml, "<endpoint name=\"spoke%u-%u-vm\" address=\"10.%u.%u.4\"/>", r, s, 100 + r, s);
          g_string_append (xml, "</vnet>\n");
          g_string_append_printf (xml, "<peering name=\"p%u-%u\" vnet-a=\"hub%u\" vnet-b=\"spoke%u-%u\">"
                                  "<side vnet=\"hub%u\" allow-virtual-network-access=\"true\"/>"
                                  "<side vnet=\"spoke%u-%u\" allow-virtual-network-access=\"true\"/></peering>\n",
                                  r, s, r, r, s, r, r, s);
        }
    }
  /* VNets peered to nothing, alternating between the regions in file
   * order: only the grouping by region keeps them apart. */
  for (guint s = 0; s < n_spokes; s++)
    for (guint r = 0; r < 2; r++)
      g_string_append_printf (xml, "<vnet name=\"lone%u-%u\" location=\"%s\"><address-space prefix=\"10.%u.%u.0/24\"/></vnet>\n",
                              r, s, regions[r], 200 + r, s);
  g_string_append (xml, "<peering name=\"hubs\" vnet-a=\"hub0\" vnet-b=\"hub1\">"
                   "<side vnet=\"hub0\" allow-virtual-network-access=\"true\"/>"
                   "<side vnet=\"hub1\" allow-virtual-network-access=\"true\"/></peering>\n</design>\n");
  design = vnl_design_load_from_data (xml->str, xml->len, "two-regions.vnetlab", &error);
  g_assert_no_error (error);
  return design;
}

typedef struct
{
  double x0, y0, x1, y1;
} Box;

/* The footprints of the nodes of every VNet (and its members) in @region. */
static Box
region_box (VnlDesign  *design,
            GHashTable *positions,
            const char *region)
{
  Box box = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  g_autoptr(GPtrArray) nodes = all_nodes (design);

  for (guint i = 0; i < nodes->len; i++)
    {
      VnlObject *object = nodes->pdata[i];
      VnlObject *vnet = object->kind == VNL_KIND_VNET ? object : vnl_design_lookup (design, vnl_object_get_owner (object));
      VnlPoint *p = g_hash_table_lookup (positions, object);

      if (vnet == NULL || vnet->kind != VNL_KIND_VNET || g_strcmp0 (((VnlVnet *) vnet)->location, region) != 0)
        continue;
      g_assert_nonnull (p);
      box.x0 = MIN (box.x0, p->x - VNL_LAYOUT_NODE_WIDTH / 2);
      box.x1 = MAX (box.x1, p->x + VNL_LAYOUT_NODE_WIDTH / 2);
      box.y0 = MIN (box.y0, p->y);
      box.y1 = MAX (box.y1, p->y + VNL_LAYOUT_NODE_HEIGHT);
    }
  return box;
}

/* The VNets of a region lie together: the boxes around each region's
 * nodes do not overlap. Spokes lie above their hub (the VNet with more
 * peerings), so the peering lines fan out from it. */
static void
test_regions_and_hubs (void)
{
  for (guint n_spokes = 2; n_spokes <= 6; n_spokes += 4)
    {
      g_autoptr(VnlDesign) design = two_regions (n_spokes);
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) positions = vnl_layout_compute (design, VNL_LAYOUT_DOT, &error);
      Box a, b;

      g_assert_no_error (error);
      a = region_box (design, positions, "westeurope");
      b = region_box (design, positions, "northeurope");
      g_assert_true (a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0);

      for (guint r = 0; r < 2; r++)
        for (guint s = 0; s < n_spokes; s++)
          {
            g_autofree char *hub = g_strdup_printf ("hub%u", r);
            g_autofree char *spoke = g_strdup_printf ("spoke%u-%u", r, s);
            VnlPoint *h = g_hash_table_lookup (positions, vnl_design_lookup (design, hub));
            VnlPoint *p = g_hash_table_lookup (positions, vnl_design_lookup (design, spoke));

            g_assert_cmpfloat (p->y, <, h->y);
          }
    }
}

/* The renderer draws a container's frame FRAME_PAD (10 units) beyond the
 * boxes of the container and its members (src/render/vnl-renderer.c);
 * the layout must leave each frame to its own members. */
#define FRAME_PAD 10.0

static Box
footprint (VnlPoint *p)
{
  Box box = { p->x - VNL_LAYOUT_NODE_WIDTH / 2, p->y + VNL_LAYOUT_NODE_OFFSET - VNL_LAYOUT_NODE_HEIGHT / 2,
              p->x + VNL_LAYOUT_NODE_WIDTH / 2, p->y + VNL_LAYOUT_NODE_OFFSET + VNL_LAYOUT_NODE_HEIGHT / 2 };
  return box;
}

static gboolean
boxes_overlap (const Box *a,
               const Box *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* The container whose frame @object is drawn in (itself for a container),
 * or NULL. */
static VnlObject *
frame_of (VnlDesign *design,
          VnlObject *object)
{
  VnlObject *owner;

  if (vnl_kind_get_info (object->kind)->container)
    return object;
  owner = vnl_design_lookup (design, vnl_object_get_owner (object));
  return owner != NULL && vnl_kind_get_info (owner->kind)->container ? owner : NULL;
}

/* No two footprints overlap, no two frames overlap, and a frame encloses
 * no footprint but its container's and its members'. */
static void
check_frames (VnlDesign  *design,
              GHashTable *positions)
{
  g_autoptr(GPtrArray) nodes = all_nodes (design);
  g_autoptr(GHashTable) frames = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GHashTableIter iter, other;
  gpointer key, value, key2, value2;

  for (guint i = 0; i < nodes->len; i++)
    {
      VnlObject *container = frame_of (design, nodes->pdata[i]);
      VnlPoint *p = g_hash_table_lookup (positions, nodes->pdata[i]);
      Box box, *frame;

      g_assert_nonnull (p);
      box = footprint (p);
      for (guint j = 0; j < i; j++)
        {
          Box other_box = footprint (g_hash_table_lookup (positions, nodes->pdata[j]));
          if (boxes_overlap (&box, &other_box))
            g_error ("%s and %s overlap", ((VnlObject *) nodes->pdata[i])->name, ((VnlObject *) nodes->pdata[j])->name);
        }
      if (container == NULL)
        continue;
      frame = g_hash_table_lookup (frames, container);
      if (frame == NULL)
        {
          frame = g_new (Box, 1);
          *frame = (Box) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
          g_hash_table_insert (frames, container, frame);
        }
      frame->x0 = MIN (frame->x0, box.x0 - FRAME_PAD);
      frame->y0 = MIN (frame->y0, box.y0 - FRAME_PAD);
      frame->x1 = MAX (frame->x1, box.x1 + FRAME_PAD);
      frame->y1 = MAX (frame->y1, box.y1 + FRAME_PAD);
    }

  g_hash_table_iter_init (&iter, frames);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_init (&other, frames);
      while (g_hash_table_iter_next (&other, &key2, &value2))
        if (key != key2 && boxes_overlap (value, value2))
          g_error ("the frames of %s and %s overlap", ((VnlObject *) key)->name, ((VnlObject *) key2)->name);
      for (guint i = 0; i < nodes->len; i++)
        {
          Box box = footprint (g_hash_table_lookup (positions, nodes->pdata[i]));
          if (frame_of (design, nodes->pdata[i]) != key && boxes_overlap (&box, value))
            g_error ("%s lies in the frame of %s", ((VnlObject *) nodes->pdata[i])->name, ((VnlObject *) key)->name);
        }
    }
}

static void
test_frames_sample (gconstpointer data)
{
  g_autoptr(VnlDesign) design = load_sample (data);

  for (guint e = 0; e < 2; e++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) positions = vnl_layout_compute (design, e == 0 ? VNL_LAYOUT_DOT : VNL_LAYOUT_NEATO, &error);

      g_assert_no_error (error);
      check_frames (design, positions);
    }
}

/* A generated estate: two regions of hubs and spokes, every other spoke
 * with a VM, and VNets peered to nothing. */
static void
test_frames_estate (void)
{
  for (guint n_spokes = 1; n_spokes <= 40; n_spokes *= 5)
    {
      g_autoptr(VnlDesign) design = two_regions (n_spokes);
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) positions = vnl_layout_compute (design, VNL_LAYOUT_DOT, &error);

      g_assert_no_error (error);
      check_frames (design, positions);
    }
}

/* Nodes without a position are placed, the others stay where they are. */
static void
test_place_unplaced (void)
{
  g_autoptr(VnlDesign) design = two_regions (2);
  g_autoptr(GPtrArray) nodes = all_nodes (design);
  VnlObject *kept = vnl_design_lookup (design, "hub0");

  kept->has_pos = TRUE;
  kept->pos = (VnlPoint) { 1234, 5678 };
  g_assert_cmpuint (vnl_layout_place_unplaced (design), ==, nodes->len - 1);
  for (guint i = 0; i < nodes->len; i++)
    g_assert_true (((VnlObject *) nodes->pdata[i])->has_pos);
  g_assert_cmpfloat (kept->pos.x, ==, 1234);
  g_assert_cmpfloat (kept->pos.y, ==, 5678);
  g_assert_cmpuint (vnl_layout_place_unplaced (design), ==, 0);
}

/* An imported estate of a thousand spokes is laid out at once: the
 * importer lays out every design it writes. (The speed itself is measured
 * in docs/import.md, not here.) */
static void
test_many_spokes (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(VnlImport) import = vnl_import_new ();
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GError) error = NULL;
  const char *base = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/";

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (json, "%s{\"id\": \"%sv%u\", \"name\": \"v%u\", \"type\": \"Microsoft.Network/virtualNetworks\","
                            " \"location\": \"%s\", \"addressSpace\": {\"addressPrefixes\": [\"10.%u.%u.0/24\"]}}",
                            i > 0 ? ", " : "", base, i, i, i % 3 == 0 ? "northeurope" : "westeurope", i / 256, i % 256);
  g_string_append (json, "]");
  g_assert_true (vnl_import_add_data (import, json->str, json->len, "many.json", &error));
  g_assert_no_error (error);
  design = vnl_import_run (import, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vnl_layout_place_unplaced (design), ==, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *positions = g_strdup_printf ("/core/layout/positions/%s", samples[i]);
      g_autofree char *undo = g_strdup_printf ("/core/layout/undo/%s", samples[i]);
      g_test_add_data_func (positions, samples[i], test_positions);
      g_test_add_data_func (undo, samples[i], test_undo);
    }
  for (guint i = 0; i < G_N_ELEMENTS (frame_samples); i++)
    {
      g_autofree char *frames = g_strdup_printf ("/core/layout/frames/%s", frame_samples[i]);
      g_test_add_data_func (frames, frame_samples[i], test_frames_sample);
    }
  g_test_add_func ("/core/layout/frames/estate", test_frames_estate);
  g_test_add_func ("/core/layout/empty", test_empty);
  g_test_add_func ("/core/layout/regions-and-hubs", test_regions_and_hubs);
  g_test_add_func ("/core/layout/place-unplaced", test_place_unplaced);
  g_test_add_func ("/core/layout/many-spokes", test_many_spokes);
  g_test_add_func ("/core/layout/comma-locale", test_comma_locale);
  return g_test_run ();
}
