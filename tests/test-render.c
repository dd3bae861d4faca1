/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-kinds.h"
#include "vnl-renderer.h"
#include "vnl-renderer-private.h"

/*
 * The renderer's geometry, by properties that hold whatever the fonts:
 * each label is as big as pango makes its whole text in one layout (the
 * renderer lays out and caches its lines one by one); the geometry rebuilt
 * after an invalidation, from the cached texts, and the geometry kept up
 * by moving nodes one at a time or through renames and removals equal a
 * new renderer's; every member of a
 * container lies inside the container's frame. On every sample and on a
 * generated design.
 */

static const char *const samples[] = {
  "active-active-vpn.vnetlab", "azure-interop-testbed.vnetlab", "forced-tunnelling.vnetlab",
  "global-reach.vnetlab", "hub-spoke-firewall-broken.vnetlab", "hub-spoke-firewall.vnetlab",
  "hub-spoke-nsg.vnetlab", "hub-spoke.vnetlab", "nva-ha-pair.vnetlab", "onprem-summary.vnetlab",
  "route-server-sdwan.vnetlab", "vwan-branch-to-branch.vnetlab", "vwan-routing-intent.vnetlab",
  "vwan-two-region.vnetlab",
};

/* The samples, then a generated design (NULL ends). */
static VnlDesign *
load_design (guint index)
{
  g_autoptr(GError) error = NULL;
  VnlDesign *design;

  if (index < G_N_ELEMENTS (samples))
    {
      const char *dir = g_getenv ("VNL_SAMPLES_DIR");
      g_autofree char *path = dir != NULL ? g_build_filename (dir, samples[index], NULL)
                                          : g_test_build_filename (G_TEST_DIST, "..", "samples",
                                                                   samples[index], NULL);

      design = vnl_design_load (path, &error);
    }
  else if (index == G_N_ELEMENTS (samples))
    {
      VnlGenerateOptions opts;

      vnl_generate_options_init (&opts);
      opts.n_vnets = 120;
      opts.n_sites = 24;
      opts.n_circuits = 12;
      opts.n_prefixes = 2400;
      opts.route_tables = TRUE;
      opts.nsgs = TRUE;
      design = vnl_generate_design (&opts, &error);
    }
  else
    return NULL;
  g_assert_no_error (error);
  return design;
}

static void
assert_rect_equal (const VnlRect *a,
                   const VnlRect *b)
{
  g_assert_cmpfloat (a->x, ==, b->x);
  g_assert_cmpfloat (a->y, ==, b->y);
  g_assert_cmpfloat (a->width, ==, b->width);
  g_assert_cmpfloat (a->height, ==, b->height);
}

/* Every node's box and frame, and every link's ends, alike in @a and @b;
 * and the same scene written as SVG. */
static void
assert_same_geometry (VnlDesign   *design,
                      VnlRenderer *a,
                      VnlRenderer *b)
{
  g_autoptr(GString) svg_a = g_string_new (NULL);
  g_autoptr(GString) svg_b = g_string_new (NULL);

  for (guint kind = 0; kind < VNL_N_KINDS; kind++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kind);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlRect ra, rb;
          gboolean has_a = vnl_renderer_get_object_bounds (a, objects->pdata[i], &ra);

          g_assert_cmpint (has_a, ==, vnl_renderer_get_object_bounds (b, objects->pdata[i], &rb));
          if (has_a)
            assert_rect_equal (&ra, &rb);
          has_a = vnl_renderer_get_frame (a, objects->pdata[i], &ra);
          g_assert_cmpint (has_a, ==, vnl_renderer_get_frame (b, objects->pdata[i], &rb));
          if (has_a)
            assert_rect_equal (&ra, &rb);
        }
    }
  vnl_renderer_write_svg (a, svg_a);
  vnl_renderer_write_svg (b, svg_b);
  g_assert_cmpstr (svg_a->str, ==, svg_b->str);
}

/* A label's text in one layout, as it was drawn before its lines were laid
 * out apart: the name in bold, the details at 0.86 of its size. */
static PangoLayout *
whole_label (PangoContext *context,
             const char   *text,
             gsize         name_len)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *attr;

  attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  attr->start_index = 0;
  attr->end_index = name_len;
  pango_attr_list_insert (attrs, attr);
  if (text[name_len] != '\0')
    {
      attr = pango_attr_scale_new (0.86);
      attr->start_index = name_len + 1;
      attr->end_index = strlen (text);
      pango_attr_list_insert (attrs, attr);
    }
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_attributes (layout, attrs);
  pango_font_description_free (font);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
test_labels (void)
{
  guint n_labels = 0;

  for (guint d = 0;; d++)
    {
      g_autoptr(VnlDesign) design = load_design (d);
      g_autoptr(VnlRenderer) renderer = NULL;
      guint n_node_kinds;
      const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);

      if (design == NULL)
        break;
      renderer = vnl_renderer_new (design);
      for (guint k = 0; k < n_node_kinds; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, node_kinds[k]);

          for (guint i = 0; i < objects->len; i++)
            {
              VnlObject *object = objects->pdata[i];
              g_autoptr(PangoLayout) layout = NULL;
              g_autofree char *text = NULL;
              gsize name_len = strlen (object->name);
              PangoRectangle logical;
              VnlRect label;

              if ((text = _vnl_renderer_get_label (renderer, object, &label)) == NULL)
                continue;
              g_assert_true (g_str_has_prefix (text, object->name));
              g_assert_true (text[name_len] == '\0' || text[name_len] == '\n');
              layout = whole_label (_vnl_renderer_get_context (renderer), text, name_len);
              pango_layout_get_pixel_extents (layout, NULL, &logical);
              g_assert_cmpfloat (label.width, ==, logical.width);
              g_assert_cmpfloat (label.height, ==, logical.height);
              /* Centred under the icon. */
              g_assert_cmpfloat (label.x, ==, object->pos.x - logical.width / 2.0);
              g_assert_cmpfloat (label.y, >, object->pos.y + VNL_RENDER_ICON_SIZE / 2);
              n_labels++;
            }
        }
    }
  g_assert_cmpuint (n_labels, >, 500);
}

static void
test_rebuilt (void)
{
  for (guint d = 0;; d++)
    {
      g_autoptr(VnlDesign) design = load_design (d);
      g_autoptr(VnlRenderer) warm = NULL;
      g_autoptr(VnlRenderer) fresh = NULL;
      VnlRect bounds;

      if (design == NULL)
        break;
      warm = vnl_renderer_new (design);
      g_assert_true (vnl_renderer_get_bounds (warm, &bounds));
      vnl_renderer_invalidate (warm);
      fresh = vnl_renderer_new (design);
      assert_same_geometry (design, warm, fresh);
      /* Built twice alike. */
      vnl_renderer_invalidate (warm);
      vnl_renderer_invalidate (fresh);
      assert_same_geometry (design, fresh, warm);
    }
}

/* Nodes moved one by one while a renderer keeps its geometry (moving a
 * node moves its box and redoes the frames around it) end where a new
 * renderer puts them. */
static void
test_moved (void)
{
  for (guint d = 0;; d++)
    {
      g_autoptr(VnlDesign) design = load_design (d);
      g_autoptr(VnlRenderer) kept = NULL;
      g_autoptr(VnlRenderer) fresh = NULL;
      guint n_node_kinds;
      const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
      VnlRect bounds;
      guint n = 0;

      if (design == NULL)
        break;
      kept = vnl_renderer_new (design);
      g_assert_true (vnl_renderer_get_bounds (kept, &bounds));
      for (guint k = 0; k < n_node_kinds; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, node_kinds[k]);

          /* Every third node: containers and members alike. */
          for (guint i = 0; i < objects->len; i++)
            {
              VnlObject *object = objects->pdata[i];

              if (object->has_pos && n++ % 3 == 0)
                vnl_design_move (design, object, object->pos.x + 37, object->pos.y - 11);
            }
        }
      fresh = vnl_renderer_new (design);
      assert_same_geometry (design, kept, fresh);
    }
}

/* Edits while a renderer keeps its geometry (the labels of the nodes whose
 * text did not change are kept): some nodes renamed, some removed, the geometry equals a new renderer's, and the removed
 * nodes have none. */
static void
test_edited (void)
{
  for (guint d = 0;; d++)
    {
      g_autoptr(VnlDesign) design = load_design (d);
      g_autoptr(VnlRenderer) kept = NULL;
      g_autoptr(VnlRenderer) fresh = NULL;
      g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (vnl_object_free);
      g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
      guint n_node_kinds;
      const VnlKind *node_kinds = vnl_kinds_nodes (&n_node_kinds);
      VnlRect bounds;

      if (design == NULL)
        break;
      kept = vnl_renderer_new (design);
      g_assert_true (vnl_renderer_get_bounds (kept, &bounds));
      for (guint k = 0; k < n_node_kinds; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, node_kinds[k]);

          for (guint i = 0; i < objects->len; i++)
            g_ptr_array_add (nodes, objects->pdata[i]);
        }
      for (guint i = 0; i < nodes->len; i++)
        {
          VnlObject *object = nodes->pdata[i];

          if (i % 5 == 1)
            {
              g_autofree char *name = g_strdup_printf ("%s-renamed-%u", object->name, i);

              g_assert_true (vnl_design_rename (design, object, name, NULL));
            }
          else if (i % 7 == 2 && object->kind == VNL_KIND_ENDPOINT)
            g_ptr_array_add (removed, vnl_design_remove (design, object));
          /* A rebuild now and then, between the edits. */
          if (i % 11 == 0)
            g_assert_true (vnl_renderer_get_bounds (kept, &bounds));
        }
      fresh = vnl_renderer_new (design);
      assert_same_geometry (design, kept, fresh);
      for (guint i = 0; i < removed->len; i++)
        g_assert_false (vnl_renderer_get_object_bounds (kept, removed->pdata[i], &bounds));
    }
}

static void
test_frames (void)
{
  guint n_members = 0;

  for (guint d = 0;; d++)
    {
      g_autoptr(VnlDesign) design = load_design (d);
      g_autoptr(VnlRenderer) renderer = NULL;

      if (design == NULL)
        break;
      renderer = vnl_renderer_new (design);
      for (guint kind = 0; kind < VNL_N_KINDS; kind++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, kind);

          for (guint i = 0; i < objects->len; i++)
            {
              g_autoptr(GPtrArray) members = NULL;
              VnlRect frame, box;

              if (!vnl_renderer_get_frame (renderer, objects->pdata[i], &frame))
                continue;
              g_assert_true (vnl_renderer_get_object_bounds (renderer, objects->pdata[i], &box));
              g_assert_true (vnl_rect_inside (&box, &frame));
              members = vnl_renderer_get_members (renderer, objects->pdata[i]);
              for (guint m = 0; m < members->len; m++)
                if (vnl_renderer_get_object_bounds (renderer, members->pdata[m], &box))
                  {
                    g_assert_true (vnl_rect_inside (&box, &frame));
                    n_members++;
                  }
            }
        }
    }
  g_assert_cmpuint (n_members, >, 100);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/geometry/labels", test_labels);
  g_test_add_func ("/render/geometry/rebuilt", test_rebuilt);
  g_test_add_func ("/render/geometry/moved", test_moved);
  g_test_add_func ("/render/geometry/edited", test_edited);
  g_test_add_func ("/render/geometry/frames", test_frames);

  return g_test_run ();
}
