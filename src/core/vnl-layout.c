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
 * The graph handed to Graphviz has one Graphviz node per node outside
 * any container (the footprint VNL_LAYOUT_NODE_WIDTH × HEIGHT) and one
 * per container — a VNet, a site, a virtual hub — as a Block: a box large
 * enough for the container and its members (a VNet's gateways and
 * endpoints, a site's CE routers and hosts), which are placed inside it
 * by a local rule, not by Graphviz: rows of footprints on the grid, a
 * site's CE routers above its icon, a VNet's VMs beside it (out of the
 * peering lines), the others below it, ordered after Graphviz ran by
 * where their lines go. The frames the renderer draws
 * around a container's members therefore never interleave, and the graph
 * stays flat: one Graphviz cluster per container is what made dot take
 * seconds on a thousand spokes. An edge at a member is an edge at its
 * container's Block. When the containers lie in more than one location,
 * each location (an Azure region, an on-premises location) is a cluster
 * around its Blocks: the VNets of a region stay together and the regions
 * side by side.
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

/* The pitch of the rows and columns inside a Block: a footprint and a
 * grid step between footprints, in whole grid steps so that the members
 * stay on the grid when the Block's position is snapped to it. */
#define PITCH_X (VNL_LAYOUT_NODE_WIDTH + GRID)
#define PITCH_Y (ceil ((VNL_LAYOUT_NODE_HEIGHT + GRID) / GRID) * GRID)
/* Room around a Block's footprints: the renderer's frame (10 units beyond
 * the members) and half a grid step lost to snapping on either side. */
#define BLOCK_PAD (10.0 + GRID / 2)
/* Most members in one row of a Block, unless a square needs more. */
#define BLOCK_COLUMNS 3

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

/* Where a member sits in its container's Block. */
typedef enum
{
  BAND_ABOVE,   /* rows above the container's icon: a site's CE routers */
  BAND_BESIDE,  /* rows right of it: a VNet's VMs, out of the peering lines */
  BAND_BELOW,   /* rows below it: gateways, firewalls, hosts… */
  N_BANDS
} Band;

/* A container and its members, one Graphviz node. */
typedef struct
{
  VnlObject *container;       /* borrowed */
  GPtrArray *bands[N_BANDS];  /* borrowed members, in slot order */
  gboolean   beside_left;     /* BAND_BESIDE left of the icon, away from the lines */
  Agnode_t  *node;            /* borrowed */
} Block;

typedef struct
{
  VnlDesign  *design;     /* borrowed */
  Agraph_t   *graph;      /* borrowed */
  GHashTable *nodes;      /* VnlObject* → Agnode_t* (a member: its Block's) */
  GHashTable *blocks;     /* container VnlObject* → Block*, owned */
  GHashTable *regions;    /* location name → Agraph_t*; NULL: one location or none */
  GHashTable *neighbours; /* member or container VnlObject* → GPtrArray of the Agnode_t* it has edges to, owned */
} Builder;

static void
block_free (Block *block)
{
  for (guint band = 0; band < N_BANDS; band++)
    g_ptr_array_unref (block->bands[band]);
  g_free (block);
}

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

/* A node placed inside its container's Block, not by Graphviz. */
static gboolean
is_member (VnlDesign *design,
           VnlObject *object)
{
  const char *container = container_of (design, object);

  return container != NULL && !g_str_equal (container, object->name);
}

/* Remembers that member or container @name has an edge to @other (see
 * order_members()). */
static void
note_neighbour (Builder    *b,
                const char *name,
                Agnode_t   *other)
{
  VnlObject *object = vnl_design_lookup (b->design, name);
  GPtrArray *ends;

  if (object == NULL || container_of (b->design, object) == NULL)
    return;
  ends = g_hash_table_lookup (b->neighbours, object);
  if (ends == NULL)
    {
      ends = g_ptr_array_new ();
      g_hash_table_insert (b->neighbours, object, ends);
    }
  g_ptr_array_add (ends, other);
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
  note_neighbour (b, from, head);
  note_neighbour (b, to, tail);
  edge = agedge (b->graph, tail, head, NULL, TRUE);
  if (!rank)
    agsafeset (edge, (char *) "constraint", (char *) "false", (char *) "true");
}

/* The band of a member: dot used to rank a site's CE routers above it
 * (they face the circuits) and a VNet's VMs above it, where the peering
 * lines to a hub now run: beside it they stay out of the way. */
static Band
member_band (VnlDesign *design,
             VnlObject *member)
{
  VnlObject *owner;

  if (member->kind == VNL_KIND_CE)
    return BAND_ABOVE;
  if (member->kind != VNL_KIND_ENDPOINT)
    return BAND_BELOW;
  owner = vnl_design_lookup (design, ((VnlEndpoint *) member)->owner);
  return owner != NULL && owner->kind == VNL_KIND_VNET ? BAND_BESIDE : BAND_BELOW;
}

static guint
band_columns (guint n)
{
  guint square = (guint) ceil (sqrt (n));

  return MIN (n, MAX (BLOCK_COLUMNS, square));
}

static guint
band_rows (guint n)
{
  return n == 0 ? 0 : (n + band_columns (n) - 1) / band_columns (n);
}

/* Where member @i of @band sits relative to its container's icon, in
 * whole pitches: above and below in rows centred on the icon (the last
 * one too), the band above ending one row above the icon and the band
 * below starting one row below the icon and the rows beside it; beside
 * in rows from the icon's row, starting one column right (or left) of it. */
static VnlPoint
block_slot (const Block *block,
            Band         band,
            guint        i)
{
  guint n = block->bands[band]->len;
  guint columns = band_columns (n);
  guint row = i / columns;
  guint in_row = MIN (columns, n - row * columns);
  VnlPoint slot;

  g_assert (i < n);
  if (band == BAND_BESIDE)
    return (VnlPoint) { (block->beside_left ? -1.0 : 1.0) * (1 + i % columns) * PITCH_X, row * PITCH_Y };
  slot.x = ((double) (i % columns) - (in_row - 1) / 2.0) * PITCH_X;
  if (band == BAND_ABOVE)
    slot.y = -(double) (band_rows (n) - row) * PITCH_Y;
  else
    slot.y = (double) (MAX (1, band_rows (block->bands[BAND_BESIDE]->len)) + row) * PITCH_Y;
  return slot;
}

/* The extent of the icons' points of a Block (the container's at 0, 0). */
static void
block_bounds (const Block *block,
              VnlPoint    *min,
              VnlPoint    *max)
{
  *min = *max = (VnlPoint) { 0, 0 };
  for (guint band = 0; band < N_BANDS; band++)
    for (guint i = 0; i < block->bands[band]->len; i++)
      {
        VnlPoint slot = block_slot (block, band, i);

        min->x = MIN (min->x, slot.x);
        min->y = MIN (min->y, slot.y);
        max->x = MAX (max->x, slot.x);
        max->y = MAX (max->y, slot.y);
      }
}

static void
set_size (void   *object,
          double  width,
          double  height)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  agsafeset (object, (char *) "width", g_ascii_formatd (text, sizeof text, "%.3f", width / 72.0), (char *) "");
  agsafeset (object, (char *) "height", g_ascii_formatd (text, sizeof text, "%.3f", height / 72.0), (char *) "");
}

static void
add_nodes (Builder *b)
{
  guint n_order;
  const VnlKind *order = vnl_kinds_nodes (&n_order);
  char width[G_ASCII_DTOSTR_BUF_SIZE];
  char height[G_ASCII_DTOSTR_BUF_SIZE];
  GHashTableIter iter;
  Block *block;

  g_ascii_formatd (width, sizeof width, "%.3f", VNL_LAYOUT_NODE_WIDTH / 72.0);
  g_ascii_formatd (height, sizeof height, "%.3f", VNL_LAYOUT_NODE_HEIGHT / 72.0);

  agattr (b->graph, AGNODE, (char *) "shape", (char *) "box");
  agattr (b->graph, AGNODE, (char *) "fixedsize", (char *) "true");
  agattr (b->graph, AGNODE, (char *) "width", width);
  agattr (b->graph, AGNODE, (char *) "height", height);
  agattr (b->graph, AGNODE, (char *) "label", (char *) "");
  agattr (b->graph, AGEDGE, (char *) "constraint", (char *) "true");

  /* In the kinds' order, then the design's: the order of a Block's
   * members. */
  for (guint k = 0; k < n_order; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (b->design, order[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          const char *container = container_of (b->design, object);

          if (container == NULL)
            {
              g_hash_table_insert (b->nodes, object, agnode (b->graph, object->name, TRUE));
              continue;
            }
          block = g_hash_table_lookup (b->blocks, vnl_design_lookup (b->design, container));
          if (block == NULL)
            {
              block = g_new0 (Block, 1);
              block->container = vnl_design_lookup (b->design, container);
              for (guint band = 0; band < N_BANDS; band++)
                block->bands[band] = g_ptr_array_new ();
              block->node = agnode (region_for (b, container), (char *) container, TRUE);
              g_hash_table_insert (b->blocks, block->container, block);
            }
          if (object != block->container)
            g_ptr_array_add (block->bands[member_band (b->design, object)], object);
          g_hash_table_insert (b->nodes, object, block->node);
        }
    }

  g_hash_table_iter_init (&iter, b->blocks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &block))
    {
      VnlPoint min, max;

      block_bounds (block, &min, &max);
      set_size (block->node,
                max.x - min.x + VNL_LAYOUT_NODE_WIDTH + 2 * BLOCK_PAD,
                max.y - min.y + VNL_LAYOUT_NODE_HEIGHT + 2 * BLOCK_PAD);
    }
}

static void
add_edges (Builder *b)
{
  GPtrArray *objects;

  /* Inside containers: VMs above their VNet, gateways below it; a site
   * below its CE routers, its hosts below the site. (A member and its
   * container are one Block, whose local rule does the same; these
   * edges order a node whose owner is no container.) */
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
  /* A VNet connected to a Virtual WAN hub is its spoke: above it. */
  objects = vnl_design_get_objects (b->design, VNL_KIND_HUB_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    add_edge (b, ((VnlHubConnection *) objects->pdata[i])->vnet, ((VnlHubConnection *) objects->pdata[i])->hub, TRUE);
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

/* The mean x of the nodes @object has edges to, or G_MAXDOUBLE. */
static double
mean_neighbour_x (Builder   *b,
                  VnlObject *object)
{
  GPtrArray *ends = g_hash_table_lookup (b->neighbours, object);
  double x = 0;

  if (ends == NULL || ends->len == 0)
    return G_MAXDOUBLE;
  for (guint e = 0; e < ends->len; e++)
    x += ND_coord ((Agnode_t *) ends->pdata[e]).x / ends->len;
  return x;
}

typedef struct
{
  VnlObject *member;  /* borrowed */
  double     key;     /* the mean x of the nodes it has edges to */
  guint      index;   /* its slot before */
} Slotted;

static int
compare_slotted (gconstpointer a,
                 gconstpointer b)
{
  const Slotted *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Graphviz placed the Blocks, not their members: in the rows above and
 * below a container, the members go left to right in the order of the
 * nodes they have edges to (a gateway above its circuit), so that the
 * lines leaving a Block do not cross; members without such edges keep
 * their order, after the others. The VMs beside the container go on the
 * side its own lines (peerings, hub connections) do not leave to. */
static void
order_members (Builder *b,
               Block   *block)
{
  double x = mean_neighbour_x (b, block->container);

  block->beside_left = x != G_MAXDOUBLE && x > ND_coord (block->node).x;

  for (guint band = 0; band < N_BANDS; band++)
    {
      GPtrArray *members = block->bands[band];
      g_autoptr(GArray) slotted = NULL;

      if (band == BAND_BESIDE || members->len < 2)
        continue;
      slotted = g_array_sized_new (FALSE, FALSE, sizeof (Slotted), members->len);
      for (guint i = 0; i < members->len; i++)
        {
          Slotted s = { members->pdata[i], mean_neighbour_x (b, members->pdata[i]), i };

          g_array_append_val (slotted, s);
        }
      g_array_sort (slotted, compare_slotted);
      for (guint i = 0; i < members->len; i++)
        members->pdata[i] = g_array_index (slotted, Slotted, i).member;
    }
}

/* The icon's point of a Graphviz node, y downwards, not yet snapped: a
 * Block's node is centred on its footprints. */
static VnlPoint
raw_point (Agnode_t *node,
           Block    *block)
{
  VnlPoint point = { ND_coord (node).x, -ND_coord (node).y - VNL_LAYOUT_NODE_OFFSET };
  VnlPoint min, max;

  if (block == NULL)
    return point;
  block_bounds (block, &min, &max);
  point.x -= (min.x + max.x) / 2;
  point.y -= (min.y + max.y) / 2;
  return point;
}

static VnlPoint *
point_new (double x,
           double y)
{
  VnlPoint *point = g_new (VnlPoint, 1);

  point->x = x;
  point->y = y;
  return point;
}

/* Graphviz's places, flipped (its y grows upwards), moved to where the
 * design was (its old top-left corner) and snapped to the grid; members
 * at their slots around their container's snapped icon, on the grid too. */
static GHashTable *
collect_positions (Builder *b)
{
  GHashTable *positions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  VnlPoint origin = old_origin (b->design);
  VnlPoint min = { G_MAXDOUBLE, G_MAXDOUBLE };
  GHashTableIter iter;
  gpointer key, value;

  /* The top-left corner over every icon, members included. */
  g_hash_table_iter_init (&iter, b->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Block *block = g_hash_table_lookup (b->blocks, key);
      VnlPoint point, low, high;

      if (is_member (b->design, key))
        continue;  /* counted with its Block */
      if (block != NULL)
        order_members (b, block);
      point = raw_point (value, block);
      low = point;
      if (block != NULL)
        {
          block_bounds (block, &low, &high);
          low.x += point.x;
          low.y += point.y;
        }
      min.x = MIN (min.x, low.x);
      min.y = MIN (min.y, low.y);
    }

  g_hash_table_iter_init (&iter, b->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Block *block = g_hash_table_lookup (b->blocks, key);
      VnlPoint point;

      if (is_member (b->design, key))
        continue;  /* placed with its Block */
      point = raw_point (value, block);
      point.x = round ((origin.x + point.x - min.x) / GRID) * GRID;
      point.y = round ((origin.y + point.y - min.y) / GRID) * GRID;
      g_hash_table_insert (positions, key, point_new (point.x, point.y));
      if (block == NULL)
        continue;
      for (guint band = 0; band < N_BANDS; band++)
        for (guint i = 0; i < block->bands[band]->len; i++)
          {
            VnlPoint slot = block_slot (block, band, i);
            g_hash_table_insert (positions, block->bands[band]->pdata[i],
                                 point_new (point.x + slot.x, point.y + slot.y));
          }
    }
  return positions;
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
  int status;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  b.nodes = g_hash_table_new (NULL, NULL);
  b.blocks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) block_free);
  b.regions = regions_new (design);
  b.neighbours = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

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

  positions = collect_positions (&b);
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
  g_hash_table_unref (b.blocks);
  g_clear_pointer (&b.regions, g_hash_table_unref);
  g_hash_table_unref (b.neighbours);
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
