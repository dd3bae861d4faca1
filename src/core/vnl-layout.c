/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-layout"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "vnl-layout.h"
#include "vnl-kinds.h"

/*
 * The graph handed to Graphviz has one Graphviz node per design node, all
 * of the same size (the footprint VNL_LAYOUT_NODE_WIDTH × HEIGHT), and
 * one cluster per container: a VNet holds its gateways and endpoints, a
 * site its CE routers and hosts, so the frames the renderer draws around
 * them never interleave. When the containers lie in more than one
 * location, each location (an Azure region, an on-premises location) is a
 * cluster around its containers: the VNets of a region stay together and
 * the regions side by side.
 *
 * Edges point "downwards", from the Azure side to the on-premises side,
 * so that dot ranks VMs, VNets, gateways, circuits, CE routers and sites
 * in that order. Edges between peers (VNet peering, Global Reach,
 * VNet-to-VNet) do not constrain the ranks: peers end up side by side.
 *
 * Graphviz reports in points with y growing upwards; the result is
 * flipped, moved to where the design was (its old top-left corner) and
 * snapped to the canvas grid.
 */

#define GRID 20.0

G_DEFINE_QUARK (vnl-layout-error-quark, vnl_layout_error)

/* Graphviz reports problems through a callback instead of stderr: the
 * module never prints. Layout runs on the main thread only. */
static GString *graphviz_errors;

static int
collect_error (char *message)
{
  if (graphviz_errors != NULL)
    g_string_append (graphviz_errors, message);
  return 0;
}

typedef struct
{
  VnlDesign  *design;     /* borrowed */
  Agraph_t   *graph;      /* borrowed */
  GHashTable *nodes;      /* VnlObject* → Agnode_t* */
  GHashTable *clusters;   /* container name → Agraph_t* */
  GHashTable *regions;    /* location name → Agraph_t*; NULL: one location or none */
  GHashTable *filled;     /* names of the containers that hold other nodes */
} Builder;

/* The location a container (VNet, site) lies in, or NULL. */
static const char *
location_of_container (VnlDesign  *design,
                       const char *container)
{
  VnlObject *object = vnl_design_lookup (design, container);

  if (object == NULL)
    return NULL;
  if (object->kind == VNL_KIND_VNET)
    return ((VnlVnet *) object)->location;
  if (object->kind == VNL_KIND_SITE)
    return ((VnlSite *) object)->location;
  return NULL;
}

static Agraph_t *
subgraph (Agraph_t   *parent,
          const char *prefix,
          const char *name)
{
  g_autofree char *id = g_strdup_printf ("cluster_%s%s", prefix, name);
  Agraph_t *cluster = agsubg (parent, id, TRUE);

  agsafeset (cluster, (char *) "margin", (char *) "16", (char *) "");
  return cluster;
}

/* The graph a container's cluster goes in: its location's cluster when
 * the design spans locations. */
static Agraph_t *
region_for (Builder    *b,
            const char *container)
{
  const char *location;
  Agraph_t *region;

  if (b->regions == NULL || (location = location_of_container (b->design, container)) == NULL)
    return b->graph;
  region = g_hash_table_lookup (b->regions, location);
  if (region == NULL)
    {
      /* "location:" keeps a location apart from a container of the same name. */
      region = subgraph (b->graph, "location:", location);
      g_hash_table_insert (b->regions, (gpointer) location, region);
    }
  return region;
}

static Agraph_t *
cluster_for (Builder    *b,
             const char *container)
{
  Agraph_t *cluster;

  if (container == NULL)
    return b->graph;
  cluster = g_hash_table_lookup (b->clusters, container);
  if (cluster != NULL)
    return cluster;
  cluster = subgraph (region_for (b, container), "", container);
  g_hash_table_insert (b->clusters, (gpointer) container, cluster);
  return cluster;
}

/* Locations are clusters only when the containers lie in two or more. */
static GHashTable *
regions_new (VnlDesign *design)
{
  const VnlKind kinds[] = { VNL_KIND_VNET, VNL_KIND_SITE };
  const char *first = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        {
          const char *location = location_of_container (design, ((VnlObject *) objects->pdata[i])->name);

          if (location == NULL)
            continue;
          if (first != NULL && !g_str_equal (first, location))
            return g_hash_table_new (g_str_hash, g_str_equal);
          first = location;
        }
    }
  return NULL;
}

/* The container a node is drawn in, when it exists. */
static const char *
container_of (VnlDesign *design,
              VnlObject *object)
{
  VnlObject *container;

  if (vnl_kind_get_info (object->kind)->container)
    return object->name;
  if (!vnl_object_is_node (object))
    return NULL;
  container = vnl_design_lookup (design, vnl_object_get_owner (object));
  if (container == NULL || !vnl_kind_get_info (container->kind)->container)
    return NULL;
  return container->name;
}

static Agnode_t *
node_for (Builder    *b,
          const char *name)
{
  VnlObject *object = vnl_design_lookup (b->design, name);

  if (object == NULL)
    return NULL;
  return g_hash_table_lookup (b->nodes, object);
}

/* An edge from @from (nearer Azure) to @to; @rank says whether it orders
 * the two ends. */
static void
add_edge (Builder    *b,
          const char *from,
          const char *to,
          gboolean    rank)
{
  Agnode_t *tail = node_for (b, from);
  Agnode_t *head = node_for (b, to);
  Agedge_t *edge;

  if (tail == NULL || head == NULL || tail == head)
    return;
  edge = agedge (b->graph, tail, head, NULL, TRUE);
  if (!rank)
    agsafeset (edge, (char *) "constraint", (char *) "false", (char *) "true");
}

static void
add_nodes (Builder *b)
{
  guint n_order;
  const VnlKind *order = vnl_kinds_nodes (&n_order);
  char width[G_ASCII_DTOSTR_BUF_SIZE];
  char height[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (width, sizeof width, "%.3f", VNL_LAYOUT_NODE_WIDTH / 72.0);
  g_ascii_formatd (height, sizeof height, "%.3f", VNL_LAYOUT_NODE_HEIGHT / 72.0);

  agattr (b->graph, AGNODE, (char *) "shape", (char *) "box");
  agattr (b->graph, AGNODE, (char *) "fixedsize", (char *) "true");
  agattr (b->graph, AGNODE, (char *) "width", width);
  agattr (b->graph, AGNODE, (char *) "height", height);
  agattr (b->graph, AGNODE, (char *) "label", (char *) "");
  agattr (b->graph, AGEDGE, (char *) "constraint", (char *) "true");

  /* A container without members needs no cluster of its own: clusters
   * are what makes dot slow on a thousand spokes. */
  for (guint k = 0; k < n_order; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (b->design, order[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          const char *container = container_of (b->design, objects->pdata[i]);

          if (container != NULL && !g_str_equal (container, ((VnlObject *) objects->pdata[i])->name))
            g_hash_table_add (b->filled, (gpointer) container);
        }
    }

  /* Containers first (their layer), so each cluster exists before its
   * members. */
  for (guint k = 0; k < n_order; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (b->design, order[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *container = container_of (b->design, object);
          Agraph_t *parent = container != NULL && !g_hash_table_contains (b->filled, container)
                             ? region_for (b, container) : cluster_for (b, container);

          if (g_hash_table_contains (b->nodes, object))
            continue;
          g_hash_table_insert (b->nodes, object, agnode (parent, object->name, TRUE));
        }
    }
}

static void
add_edges (Builder *b)
{
  GPtrArray *objects;

  /* Inside containers: VMs above their VNet, gateways below it; a site
   * below its CE routers, its hosts below the site. */
  objects = vnl_design_get_objects (b->design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *ep = objects->pdata[i];
      VnlObject *owner = vnl_design_lookup (b->design, ep->owner);

      if (owner != NULL && owner->kind == VNL_KIND_SITE)
        add_edge (b, ep->owner, ep->parent.name, TRUE);
      else
        add_edge (b, ep->parent.name, ep->owner, TRUE);
    }
  objects = vnl_design_get_objects (b->design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlGateway *) objects->pdata[i])->vnet, ((VnlObject *) objects->pdata[i])->name, TRUE);
  objects = vnl_design_get_objects (b->design, VNL_KIND_CE);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlObject *) objects->pdata[i])->name, ((VnlCe *) objects->pdata[i])->site, TRUE);

  /* Between them: Azure → circuits and LNGs → CE routers. */
  objects = vnl_design_get_objects (b->design, VNL_KIND_ER_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlErConnection *) objects->pdata[i])->gateway, ((VnlErConnection *) objects->pdata[i])->circuit, TRUE);
  objects = vnl_design_get_objects (b->design, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlS2sConnection *) objects->pdata[i])->gateway, ((VnlS2sConnection *) objects->pdata[i])->lng, TRUE);
  objects = vnl_design_get_objects (b->design, VNL_KIND_LINK);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlLink *) objects->pdata[i])->circuit, ((VnlLink *) objects->pdata[i])->ce, TRUE);
  objects = vnl_design_get_objects (b->design, VNL_KIND_LNG);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlObject *) objects->pdata[i])->name, ((VnlLng *) objects->pdata[i])->ce, TRUE);

  /* Peers: side by side, except that spokes sit above their hub (the
   * VNet with more peerings) so that the peering lines fan out instead of
   * running through each other along one row. */
  objects = vnl_design_get_objects (b->design, VNL_KIND_PEERING);
  {
    g_autoptr(GHashTable) degree = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < objects->len; i++)
      {
        VnlPeering *peering = objects->pdata[i];
        const char *ends[2] = { peering->vnet_a, peering->vnet_b };
        for (guint e = 0; e < 2; e++)
          if (ends[e] != NULL)
            g_hash_table_insert (degree, (gpointer) ends[e],
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (degree, ends[e])) + 1));
      }
    for (guint i = 0; i < objects->len; i++)
      {
        VnlPeering *peering = objects->pdata[i];
        guint da, db;

        if (peering->vnet_a == NULL || peering->vnet_b == NULL)
          continue;
        da = GPOINTER_TO_UINT (g_hash_table_lookup (degree, peering->vnet_a));
        db = GPOINTER_TO_UINT (g_hash_table_lookup (degree, peering->vnet_b));
        if (da < db)
          add_edge (b, peering->vnet_a, peering->vnet_b, TRUE);
        else if (db < da)
          add_edge (b, peering->vnet_b, peering->vnet_a, TRUE);
        /* A rank apart more, so that the lines to the hub stay steep. */
        if (da != db && node_for (b, peering->vnet_a) != NULL && node_for (b, peering->vnet_b) != NULL)
          {
            Agedge_t *edge = agedge (b->graph, node_for (b, da < db ? peering->vnet_a : peering->vnet_b),
                                     node_for (b, da < db ? peering->vnet_b : peering->vnet_a), NULL, FALSE);
            if (edge != NULL)
              agsafeset (edge, (char *) "minlen", (char *) "2", (char *) "1");
          }
        else
          add_edge (b, peering->vnet_a, peering->vnet_b, FALSE);
      }
  }
  objects = vnl_design_get_objects (b->design, VNL_KIND_GLOBAL_REACH);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlGlobalReach *) objects->pdata[i])->circuit_a, ((VnlGlobalReach *) objects->pdata[i])->circuit_b, FALSE);
  objects = vnl_design_get_objects (b->design, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlV2vConnection *) objects->pdata[i])->gateway_a, ((VnlV2vConnection *) objects->pdata[i])->gateway_b, FALSE);
}

/* Top-left corner of the nodes that have a position, or (100, 100). */
static VnlPoint
old_origin (VnlDesign *design)
{
  VnlPoint origin = { G_MAXDOUBLE, G_MAXDOUBLE };

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          if (!vnl_object_is_node (object) || !object->has_pos)
            continue;
          origin.x = MIN (origin.x, object->pos.x);
          origin.y = MIN (origin.y, object->pos.y);
        }
    }
  if (origin.x == G_MAXDOUBLE)
    origin = (VnlPoint) { 100, 100 };
  return origin;
}

GHashTable *
vnl_layout_compute (VnlDesign        *design,
                    VnlLayoutEngine   engine,
                    GError          **error)
{
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GString) errors = g_string_new (NULL);
  Builder b = { design, NULL, NULL, NULL, NULL, NULL };
  agusererrf old_errf;
  agerrlevel_t old_level;
  locale_t c_numeric, old_locale;
  GVC_t *gvc;
  VnlPoint origin;
  double min_x = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  int status;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  b.nodes = g_hash_table_new (NULL, NULL);
  b.clusters = g_hash_table_new (g_str_hash, g_str_equal);
  b.regions = regions_new (design);
  b.filled = g_hash_table_new (g_str_hash, g_str_equal);

  /* Graphviz reads numbers with the C library's locale-dependent
   * functions: "0.45" is 0 where the decimal separator is a comma. */
  c_numeric = newlocale (LC_NUMERIC_MASK, "C", (locale_t) 0);
  old_locale = uselocale (c_numeric);

  graphviz_errors = errors;
  old_errf = agseterrf (collect_error);
  old_level = agseterr (AGWARN);

  gvc = gvContext ();
  b.graph = agopen ((char *) "design", Agdirected, NULL);
  agsafeset (b.graph, (char *) "rankdir", (char *) "TB", (char *) "");
  agsafeset (b.graph, (char *) "nodesep", (char *) "0.45", (char *) "");
  agsafeset (b.graph, (char *) "ranksep", (char *) "0.9", (char *) "");
  agsafeset (b.graph, (char *) "newrank", (char *) "true", (char *) "");
  agsafeset (b.graph, (char *) "overlap", (char *) "false", (char *) "");
  agsafeset (b.graph, (char *) "sep", (char *) "+12", (char *) "");
  agsafeset (b.graph, (char *) "splines", (char *) "false", (char *) "");
  add_nodes (&b);
  add_edges (&b);

  if (g_hash_table_size (b.nodes) == 0)
    {
      g_set_error (error, VNL_LAYOUT_ERROR, VNL_LAYOUT_ERROR_EMPTY,
                   _("The design has no nodes to lay out."));
      goto out;
    }

  status = gvLayout (gvc, b.graph, engine == VNL_LAYOUT_NEATO ? "neato" : "dot");
  if (status != 0)
    {
      g_set_error (error, VNL_LAYOUT_ERROR, VNL_LAYOUT_ERROR_GRAPHVIZ,
                   _("Graphviz could not lay out the design: %s"),
                   errors->len > 0 ? g_strstrip (errors->str) : _("unknown error"));
      goto out;
    }

  /* Graphviz y grows upwards: flip around the top, keep x. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, b.nodes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        min_x = MIN (min_x, ND_coord ((Agnode_t *) value).x);
        max_y = MAX (max_y, ND_coord ((Agnode_t *) value).y);
      }

    origin = old_origin (design);
    positions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    g_hash_table_iter_init (&iter, b.nodes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        VnlPoint *point = g_new (VnlPoint, 1);
        double x = ND_coord ((Agnode_t *) value).x - min_x;
        double y = max_y - ND_coord ((Agnode_t *) value).y;

        point->x = round ((origin.x + x) / GRID) * GRID;
        point->y = round ((origin.y + y - VNL_LAYOUT_NODE_OFFSET) / GRID) * GRID;
        g_hash_table_insert (positions, key, point);
      }
  }
  gvFreeLayout (gvc, b.graph);

out:
  agclose (b.graph);
  gvFreeContext (gvc);
  agseterr (old_level);
  agseterrf (old_errf);
  graphviz_errors = NULL;
  uselocale (old_locale);
  freelocale (c_numeric);
  g_hash_table_unref (b.nodes);
  g_hash_table_unref (b.clusters);
  g_clear_pointer (&b.regions, g_hash_table_unref);
  g_hash_table_unref (b.filled);
  return g_steal_pointer (&positions);
}

gboolean
vnl_layout_apply (VnlHistory       *history,
                  VnlLayoutEngine   engine,
                  GError          **error)
{
  VnlDesign *design;
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GArray) straight = g_array_new (FALSE, FALSE, sizeof (VnlPoint));
  gboolean moved = FALSE;

  g_return_val_if_fail (VNL_IS_HISTORY (history), FALSE);

  design = vnl_history_get_design (history);
  positions = vnl_layout_compute (design, engine, error);
  if (positions == NULL)
    return FALSE;

  vnl_history_begin_group (history, _("Automatic layout"));
  /* In design order, so that undo and redo replay deterministically. */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlPoint *point = g_hash_table_lookup (positions, object);

          if (point != NULL)
            {
              moved |= !object->has_pos || object->pos.x != point->x || object->pos.y != point->y;
              vnl_history_move (history, object, point->x, point->y);
            }
          /* Hand-drawn bends belong to the old places. */
          else if (!vnl_object_is_node (object) && object->bends->len > 0)
            {
              vnl_history_set_bends (history, object, straight);
              moved = TRUE;
            }
        }
    }
  vnl_history_end_group (history);

  if (!moved)
    {
      g_set_error (error, VNL_LAYOUT_ERROR, VNL_LAYOUT_ERROR_EMPTY,
                   _("The design is already laid out."));
      return FALSE;
    }
  return TRUE;
}

guint
vnl_layout_place_unplaced (VnlDesign *design)
{
  g_autoptr(GHashTable) positions = NULL;
  guint missing = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), 0);

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_is_node (objects->pdata[i]) && !((VnlObject *) objects->pdata[i])->has_pos)
          missing++;
    }
  if (missing == 0 || !(positions = vnl_layout_compute (design, VNL_LAYOUT_DOT, NULL)))
    return 0;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlPoint *point = g_hash_table_lookup (positions, object);

          if (point != NULL && !object->has_pos && vnl_object_is_node (object))
            {
              object->has_pos = TRUE;
              object->pos = *point;
            }
        }
    }
  return missing;
}
