/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-history.h"
#include "vnl-kinds.h"
#include "vnl-lists.h"
#ifdef VNL_TEST_RENDER
#include "vnl-renderer.h"
#include "vnl-render-resources.h"
#endif

/*
 * Every kind of the table, checked the same way: a kind added to the table
 * without file support, JSON, inspector rows, drawing or rename fails here.
 * The designs are the samples and the valid test file, which together hold
 * at least one object of every kind (checked first).
 */

static const char *files[] = {
  "samples/azure-interop-testbed.vnetlab",
  "samples/global-reach.vnetlab",
  "samples/hub-spoke.vnetlab",
  "samples/hub-spoke-firewall.vnetlab",
  "samples/nva-ha-pair.vnetlab",
  "tests/data/valid/features.vnetlab",
};

static VnlDesign *
load (const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", file, NULL);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  return design;
}

/* The first object of @kind in any of the files, with its design. */
static gpointer
find_object (VnlKind     kind,
             VnlDesign **design)
{
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(VnlDesign) d = load (files[f]);
      GPtrArray *objects = vnl_design_get_objects (d, kind);

      if (objects->len > 0)
        {
          *design = g_steal_pointer (&d);
          return objects->pdata[0];
        }
    }
  *design = NULL;
  return NULL;
}

static void
test_table (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      const VnlKindInfo *info = vnl_kind_get_info (k);
      guint ends_a = 0, ends_b = 0;
      VnlKind back;

      g_assert_cmpint (info->kind, ==, k);
      g_assert_nonnull (info->name);
      g_assert_nonnull (info->label);
      g_assert_cmpuint (info->size, >=, sizeof (VnlObject));
      g_assert_true (vnl_kind_from_string (info->name, &back));
      g_assert_cmpint (back, ==, k);
      /* A node has an icon; the palette offers only nodes. */
      if (info->shape == VNL_SHAPE_NODE)
        g_assert_nonnull (info->icon);
      if (info->palette)
        g_assert_cmpint (info->shape, ==, VNL_SHAPE_NODE);

      for (const VnlField *f = info->fields; f->key != NULL; f++)
        {
          g_assert_nonnull (f->label);
          g_assert_true (vnl_kind_lookup_field (k, f->key) == f);
          if (vnl_field_is_reference (f))
            {
              g_assert_true (f->type == VNL_FIELD_STRING || f->ref_slot != NULL);
              g_assert_cmpint (f->ref_kind, <, VNL_N_KINDS);
              g_assert_cmpint (f->ref_kind_b, <, VNL_N_KINDS);
            }
          /* A list has JSON and a list editor (rows as text). */
          if (f->type == VNL_FIELD_OTHER)
            {
              gboolean edited = FALSE;

              g_assert_nonnull (f->to_json);
              for (const VnlList * const *l = vnl_lists_for_kind (k); *l != NULL; l++)
                edited |= g_str_equal ((*l)->key, f->key);
              g_assert_true (edited);
            }
          /* Secrets stay out of JSON and of the inspector. */
          if (f->role == VNL_ROLE_SECRET)
            g_assert_false (f->flags & VNL_FIELD_INSPECT);
          else
            g_assert_nonnull (f->json);
          ends_a += f->role == VNL_ROLE_END_A;
          ends_b += f->role == VNL_ROLE_END_B;
        }
      /* A link is drawn between exactly two ends. */
      g_assert_cmpuint (ends_a, ==, info->shape == VNL_SHAPE_LINK ? 1 : 0);
      g_assert_cmpuint (ends_b, ==, info->shape == VNL_SHAPE_LINK ? 1 : 0);
    }
}

/* The schema knows every kind's element and every field's attribute or
 * element (loosely: as a name="…" of the RELAX NG grammar). */
static void
test_schema (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "src", "core", "vnetlab.rng", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &schema, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autofree char *element = g_strdup_printf ("<element name=\"%s\"", vnl_kind_to_string (k));

      g_assert_nonnull (strstr (schema, element));
      for (const VnlField *f = vnl_kind_get_info (k)->fields; f->key != NULL; f++)
        {
          g_autofree char *name = g_strdup_printf ("name=\"%s\"", vnl_field_get_xml_name (f));

          if (!(f->flags & VNL_FIELD_INTERNAL) && strstr (schema, name) == NULL)
            g_error ("the schema has no %s for the %s field %s", name, vnl_kind_to_string (k), f->key);
        }
    }
}

/* Load → save → load → save gives the same bytes and the same objects, and
 * every kind occurs in some file (so the checks below reach it). */
static void
test_round_trip (void)
{
  guint seen[VNL_N_KINDS] = { 0 };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(VnlDesign) design = load (files[f]);
      g_autoptr(VnlDesign) again = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autoptr(GError) error = NULL;
      gsize n1, n2;

      first = vnl_design_to_data (design, &n1);
      again = vnl_design_load_from_data (first, n1, files[f], &error);
      g_assert_no_error (error);
      second = vnl_design_to_data (again, &n2);
      g_assert_cmpmem (first, n1, second, n2);

      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          GPtrArray *a = vnl_design_get_objects (design, k);
          GPtrArray *b = vnl_design_get_objects (again, k);

          g_assert_cmpuint (a->len, ==, b->len);
          for (guint i = 0; i < a->len; i++)
            {
              g_autoptr(GPtrArray) refs_a = vnl_object_get_references (a->pdata[i]);
              g_autoptr(GPtrArray) refs_b = vnl_object_get_references (b->pdata[i]);

              g_assert_cmpstr (((VnlObject *) a->pdata[i])->name, ==, ((VnlObject *) b->pdata[i])->name);
              g_assert_cmpuint (refs_a->len, ==, refs_b->len);
              for (guint r = 0; r < refs_a->len; r++)
                g_assert_cmpstr (refs_a->pdata[r], ==, refs_b->pdata[r]);
            }
          seen[k] += a->len;
        }
    }

  for (guint k = 0; k < VNL_N_KINDS; k++)
    if (seen[k] == 0)
      g_error ("no test design holds a %s", vnl_kind_to_string (k));
}

static void
test_json (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(VnlDesign) design = NULL;
      VnlObject *object = find_object (k, &design);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      JsonObject *json;

      g_assert_nonnull (object);
      json_builder_begin_object (builder);
      vnl_kind_object_to_json (object, builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json = json_node_get_object (root);
      text = json_to_string (root, FALSE);

      g_assert_cmpstr (json_object_get_string_member (json, "name"), ==, object->name);
      g_assert_cmpstr (json_object_get_string_member (json, "kind"), ==, vnl_kind_to_string (k));
      for (const VnlField *f = vnl_kind_get_info (k)->fields; f->key != NULL; f++)
        {
          if (f->role == VNL_ROLE_SECRET)
            {
              const char *secret = G_STRUCT_MEMBER (const char *, object, f->offset);
              g_assert_true (secret == NULL || strstr (text, secret) == NULL);
            }
          else if (!(f->flags & VNL_FIELD_INTERNAL))
            g_assert_true (json_object_has_member (json, f->json));
          /* A reference is given as the name it holds. */
          if (f->type == VNL_FIELD_STRING && vnl_field_is_reference (f) && !(f->flags & VNL_FIELD_INTERNAL))
            g_assert_cmpstr (json_object_get_string_member_with_default (json, f->json, NULL), ==,
                             G_STRUCT_MEMBER (const char *, object, f->offset));
        }
    }
}

/* Each inspector row shows a value that its own parser takes back
 * unchanged, under a label. */
static void
test_inspector_rows (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(VnlDesign) design = NULL;
      VnlObject *object = find_object (k, &design);

      g_assert_nonnull (object);
      for (const VnlField *f = vnl_kind_get_info (k)->fields; f->key != NULL; f++)
        {
          g_autofree char *shown = NULL;
          g_autofree char *label = NULL;
          g_autofree char *again = NULL;
          g_autoptr(GError) error = NULL;

          if (!(f->flags & VNL_FIELD_INSPECT))
            continue;
          g_assert_cmpint (f->type, !=, VNL_FIELD_OTHER);
          shown = vnl_field_get_text (object, f);
          label = vnl_field_describe (design, object, f);
          g_assert_cmpstr (label, !=, "");
          g_assert_true (vnl_field_validate (f, shown, &error));
          g_assert_no_error (error);
          g_assert_true (vnl_field_set_text (object, f, shown, &error));
          again = vnl_field_get_text (object, f);
          g_assert_cmpstr (again, ==, shown);
        }
    }
}

/* Peering options are named by the VNet of their side (issue 11). */
static void
test_peering_sides (void)
{
  g_autoptr(VnlDesign) design = NULL;
  VnlPeering *peering = find_object (VNL_KIND_PEERING, &design);
  const VnlField *a = vnl_kind_lookup_field (VNL_KIND_PEERING, "a-allow-gateway-transit");
  const VnlField *b = vnl_kind_lookup_field (VNL_KIND_PEERING, "b-allow-gateway-transit");
  g_autofree char *label_a = vnl_field_describe (design, peering, a);
  g_autofree char *label_b = vnl_field_describe (design, peering, b);

  g_assert_true (g_str_has_prefix (label_a, peering->vnet_a));
  g_assert_true (g_str_has_prefix (label_b, peering->vnet_b));
}

/* Renaming any object rewrites every reference to it and creates no
 * problem; undo gives the old names back. */
static void
test_rename (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(VnlDesign) design = NULL;
      VnlObject *object = find_object (k, &design);
      g_autoptr(VnlHistory) history = vnl_history_new (design);
      g_autoptr(GPtrArray) before = vnl_design_validate (design, NULL);
      g_autoptr(GPtrArray) after = NULL;
      g_autofree char *old_name = g_strdup (object->name);
      g_autofree char *new_name = g_strconcat ("renamed-", object->name, NULL);
      guint n_refs_old = 0, n_refs_new = 0;
      g_autoptr(GError) error = NULL;

      for (guint pass = 0; pass < 2; pass++)
        {
          const char *name = pass == 0 ? old_name : new_name;
          guint *count = pass == 0 ? &n_refs_old : &n_refs_new;

          if (pass == 1)
            {
              g_assert_true (vnl_history_rename (history, object, new_name, &error));
              g_assert_no_error (error);
            }
          for (guint j = 0; j < VNL_N_KINDS; j++)
            {
              GPtrArray *objects = vnl_design_get_objects (design, j);
              for (guint i = 0; i < objects->len; i++)
                {
                  g_autoptr(GPtrArray) refs = vnl_object_get_references (objects->pdata[i]);
                  for (guint r = 0; r < refs->len; r++)
                    if (g_str_equal (refs->pdata[r], name))
                      (*count)++;
                    else if (pass == 1)
                      g_assert_cmpstr (refs->pdata[r], !=, old_name);
                }
            }
        }
      g_assert_cmpuint (n_refs_new, ==, n_refs_old);
      after = vnl_design_validate (design, NULL);
      g_assert_cmpuint (after->len, ==, before->len);

      g_assert_true (vnl_history_undo (history));
      g_assert_cmpstr (object->name, ==, old_name);
      g_assert_true (vnl_design_lookup (design, old_name) == (gpointer) object);
    }
}

/* Deleting any object leaves no reference that only it satisfied, except
 * the detached ones, and the undo label counts what went. */
static void
test_delete (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(VnlDesign) design = NULL;
      VnlObject *object = find_object (k, &design);
      g_autoptr(VnlHistory) history = vnl_history_new (design);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *label = NULL;
      guint count = vnl_design_count (design);
      guint n;

      g_ptr_array_add (one, object);
      n = vnl_history_remove_objects (history, one);
      /* A circuit's link is only detached from its CE. */
      g_assert_cmpuint (vnl_design_count (design) + n, ==, count);
      if (n > 0)
        {
          label = g_strdup_printf (n == 1 ? "Delete %u object" : "Delete %u objects", n);
          g_assert_cmpstr (vnl_history_get_undo_label (history), ==, label);
        }
      g_assert_true (vnl_history_undo (history) || n == 0);
      g_assert_cmpuint (vnl_design_count (design), ==, count);
    }
}

#ifdef VNL_TEST_RENDER
/* Every node kind has an icon to draw, every link kind a line style. */
static void
test_rendering (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(VnlDesign) design = NULL;
      VnlObject *object = find_object (k, &design);
      const VnlKindInfo *info = vnl_kind_get_info (k);

      if (info->shape == VNL_SHAPE_NODE)
        {
          /* The icon its descriptor names is bundled. */
          const char *icon = vnl_icon_for_object (object);
          g_autofree char *path = NULL;

          g_assert_nonnull (icon);
          path = g_strconcat (VNL_ICON_RESOURCE_PREFIX, icon, NULL);
          vnl_render_get_resource ();
          g_assert_true (g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL));
        }
      else if (info->shape == VNL_SHAPE_LINK)
        g_assert_cmpint (vnl_link_style_for_kind (k), <, VNL_N_LINK_STYLES);
    }
}
#endif

/* The two ends of every link kind, set by vnl_object_set_ends(), read
 * back by vnl_object_get_ends() in the same order; a node has no ends. */
static void
test_set_ends (void)
{
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      const VnlKindInfo *info = vnl_kind_get_info (k);
      gpointer object = vnl_object_new (k, "x");
      const char *a = NULL, *b = NULL;

      if (info->shape == VNL_SHAPE_LINK)
        {
          g_assert_true (vnl_object_set_ends (object, "end-a", "end-b"));
          g_assert_true (vnl_object_get_ends (object, &a, &b));
          g_assert_cmpstr (a, ==, "end-a");
          g_assert_cmpstr (b, ==, "end-b");
          /* Setting again replaces (and frees) the old ends. */
          g_assert_true (vnl_object_set_ends (object, "c", "d"));
          g_assert_true (vnl_object_get_ends (object, &a, &b));
          g_assert_cmpstr (a, ==, "c");
          g_assert_cmpstr (b, ==, "d");
        }
      else
        g_assert_false (vnl_object_set_ends (object, "end-a", "end-b"));
      vnl_object_free (object);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/kinds/table", test_table);
  g_test_add_func ("/core/kinds/schema", test_schema);
  g_test_add_func ("/core/kinds/round-trip", test_round_trip);
  g_test_add_func ("/core/kinds/json", test_json);
  g_test_add_func ("/core/kinds/inspector-rows", test_inspector_rows);
  g_test_add_func ("/core/kinds/peering-sides", test_peering_sides);
  g_test_add_func ("/core/kinds/rename", test_rename);
  g_test_add_func ("/core/kinds/delete", test_delete);
  g_test_add_func ("/core/kinds/set-ends", test_set_ends);
#ifdef VNL_TEST_RENDER
  g_test_add_func ("/core/kinds/rendering", test_rendering);
#endif

  return g_test_run ();
}
