/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-vwan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-vwan.h"
#include "vnl-kinds.h"

/*
 * Virtual WAN: the hub router's route tables (see vnl-vwan.h for the data
 * structures). The rules, quoted from the spec (§1.3 D) and the articles
 * of MicrosoftDocs/azure-docs articles/virtual-wan/ they come from:
 *
 *  - [VWAN-RT] about-virtual-hub-routing.md: "Each connection is associated
 *    to one route table"; connections "propagate routes to a route table";
 *    "When users propagate connection routes to 'Default' label, it
 *    automatically applies to all the Default Route Tables across every
 *    hub"; "Routes added statically take precedence over dynamically
 *    learned routes for the same prefixes"; "All information pertaining to
 *    0.0.0.0/0 route is confined to a local hub's route table"; "You can
 *    only use Virtual WAN to program routes in a spoke if the prefix is
 *    shorter (less specific) than the virtual network prefix".
 *  - [VWAN-HRP] about-virtual-hub-routing-preference.md, the route
 *    selection of a hub: longest prefix, static over BGP, the hub routing
 *    preference, then ECMP (hub_route_compare()).
 *  - [VWAN-EFF] effective routes: inter-hub routes carry AS path
 *    65520-65520 and next hop type Remote Hub; 0.0.0.0/0 reaches a
 *    connection only with enableInternetSecurity.
 *  - [VWAN-RI] how-to-routing-policies.md, routing intent: the Internet
 *    policy sends 0.0.0.0/0 and the Private policy "all branch-to-branch,
 *    branch-to-virtual network, virtual network-to-branch, and inter-hub
 *    traffic" via the hub's firewall.
 *
 * What vnetlab assumes where the documentation is silent (docs/vwan.md):
 * static routes — a table's and a VNet connection's — are not re-announced
 * between hubs ("static routes are not re-announced between hubs", spec);
 * a VNet connection's own prefixes are local routes with an empty AS path;
 * routes between hubs are the source hub's connections' routes, each with
 * 65520-65520 prepended; branch routes are what the hub's gateways learned
 * over BGP (or the static prefixes of a local network gateway without BGP);
 * the hub gateways advertise to the branches what the design propagates to
 * their hub's Default table from VNet connections (branch-to-branch
 * transit through the hub is not modelled).
 */

/* Prefixes changed in a table beyond which it is built again rather than
 * patched. */
#define PATCH_MAX_KEYS 32

static const VnlPrefix private_ranges[] = {
  { 0x0a000000, 8 }, { 0xac100000, 12 }, { 0xc0a80000, 16 },
};

const char *
_vnl_hub_next_hop_name (VnlHubNextHop type)
{
  switch (type)
    {
    case VNL_HUB_NEXT_VNET_CONNECTION: return "Virtual Network Connection";
    case VNL_HUB_NEXT_VPN:             return "VPN_S2S_Gateway";
    case VNL_HUB_NEXT_EXPRESSROUTE:    return "ExpressRouteGateway";
    case VNL_HUB_NEXT_REMOTE_HUB:      return "Remote Hub";
    case VNL_HUB_NEXT_FIREWALL:        return "Azure Firewall";
    default:                           return "";
    }
}

static NetHub *
nhub (VnlVwan *vwan, int i)
{
  return &g_array_index (vwan->hubs, NetHub, i);
}

static NetHubConn *
nconn (VnlVwan *vwan, int i)
{
  return &g_array_index (vwan->conns, NetHubConn, i);
}

static HubTable *
ntable (VnlVwan *vwan, int i)
{
  return vwan->tables->pdata[i];
}

static int
hub_index (VnlVwan    *vwan,
           const char *name)
{
  return name != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (vwan->hub_index, name)) - 1 : -1;
}

static void
conn_route_clear (ConnRoute *route)
{
  g_clear_pointer (&route->path, vnl_as_path_unref);
  g_clear_pointer (&route->remote_path, vnl_as_path_unref);
}

static void
nconn_clear (NetHubConn *nc)
{
  g_clear_pointer (&nc->targets, g_array_unref);
  g_clear_pointer (&nc->routes, g_array_unref);
  g_clear_pointer (&nc->keys, g_array_unref);
}

static void
hub_table_free (HubTable *table)
{
  g_free (table->name);
  g_strfreev (table->labels);
  g_free (table->routes);
  g_free (table->cands);
  g_array_unref (table->sels);
  g_free (table->index.slots);
  g_array_unref (table->sources);
  g_free (table);
}

void
_vnl_vwan_free (VnlVwan *vwan)
{
  if (vwan == NULL)
    return;
  g_ptr_array_unref (vwan->hub_vnets);
  g_array_unref (vwan->hubs);
  g_array_unref (vwan->conns);
  g_ptr_array_unref (vwan->tables);
  g_ptr_array_unref (vwan->hub_best);
  g_hash_table_unref (vwan->hub_index);
  g_hash_table_unref (vwan->vnet_hub);
  g_hash_table_unref (vwan->vnet_conn);
  _vnl_vwan_transit_free (vwan->transit);
  g_free (vwan->gw_changed);
  g_clear_pointer (&vwan->empty_path, vnl_as_path_unref);
  g_clear_pointer (&vwan->inter_hub_path, vnl_as_path_unref);
  g_free (vwan);
}

/* ---------------------------------------------------------------------- */
/* Compiling                                                              */

/* The hubs, as VNets of the engine: Azure builds each hub as a virtual
 * network of its own with the hub's address prefix, and its gateways sit
 * in it. Called before the gateways are compiled. */
void
_vnl_vwan_compile_hubs (VnlNetwork *net,
                        GPtrArray  *objects)
{
  VnlVwan *vwan;

  g_assert (net->vwan == NULL);
  /* A design without hubs has no Virtual WAN state at all: every pass and
   * check of the hubs (the gateways' exports and imports, the tables
   * after each convergence) is skipped by `net->vwan == NULL`. */
  if (objects->len == 0)
    return;
  vwan = g_new0 (VnlVwan, 1);
  net->vwan = vwan;
  vwan->hub_vnets = g_ptr_array_new_with_free_func (vnl_object_free);
  vwan->hubs = g_array_new (FALSE, TRUE, sizeof (NetHub));
  vwan->conns = g_array_new (FALSE, TRUE, sizeof (NetHubConn));
  g_array_set_clear_func (vwan->conns, (GDestroyNotify) nconn_clear);
  vwan->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_table_free);
  vwan->hub_best = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_table_free);
  vwan->hub_index = g_hash_table_new (g_str_hash, g_str_equal);
  vwan->vnet_hub = g_hash_table_new (NULL, NULL);
  vwan->vnet_conn = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlVirtualHub *hub = objects->pdata[i];
      VnlVnet *vnet;
      NetVnet nv = { 0 };
      NetHub nh = { hub, -1, -1, NULL, -1, NULL, NULL };

      if (g_hash_table_contains (net->vnet_index, hub->parent.name))
        continue;
      vnet = vnl_object_new (VNL_KIND_VNET, hub->parent.name);
      /* The hub's state, a what-if's included (_vnl_vwan_set_override()). */
      vnet->parent.up = _vnl_network_obj_up (net, hub);
      vnet->location = g_strdup (hub->location);
      g_array_append_val (vnet->address_spaces, hub->address_prefix);
      g_ptr_array_add (vwan->hub_vnets, vnet);

      nv.vnet = vnet;
      nv.gw[0] = nv.gw[1] = -1;
      nv.gw_owner = -1;
      nv.peers = g_array_new (FALSE, FALSE, sizeof (PeerRoute));
      nv.users = g_array_new (FALSE, FALSE, sizeof (int));
      nv.peerings = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (net->vnets, nv);
      g_hash_table_insert (net->vnet_index, vnet->parent.name, GINT_TO_POINTER (net->vnets->len));

      nh.vnet = net->vnets->len - 1;
      g_array_append_val (vwan->hubs, nh);
      g_hash_table_insert (vwan->hub_index, hub->parent.name, GINT_TO_POINTER (vwan->hubs->len));
      g_hash_table_insert (vwan->vnet_hub, GINT_TO_POINTER (nh.vnet + 1), GINT_TO_POINTER (vwan->hubs->len));
    }
}

int
_vnl_vwan_hub_of_vnet (VnlNetwork *net,
                       int         v)
{
  if (net->vwan == NULL || v < 0)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (net->vwan->vnet_hub, GINT_TO_POINTER (v + 1))) - 1;
}

static HubTable *
table_new (VnlVwan    *vwan,
           int         hub,
           VnlObject  *object,
           const char *labels,
           gboolean    is_default)
{
  HubTable *table = g_new0 (HubTable, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (labels != NULL ? labels : "", ",", -1);

  table->object = object;
  table->hub = hub;
  table->is_default = is_default;
  table->name = object != NULL ? g_strdup (object->name)
                               : g_strdup_printf ("%s/defaultRouteTable", nhub (vwan, hub)->hub->parent.name);
  /* "the Default Route Table has a built-in label called 'Default'". */
  if (is_default)
    g_strv_builder_add (builder, "default");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0' && !(is_default && g_ascii_strcasecmp (parts[i], "default") == 0))
        g_strv_builder_add (builder, parts[i]);
    }
  table->labels = g_strv_builder_end (builder);
  table->sels = g_array_new (FALSE, FALSE, sizeof (HubSel));
  table->sources = g_array_new (FALSE, FALSE, sizeof (int));
  g_ptr_array_add (vwan->tables, table);
  return table;
}

static int
table_of_object (VnlVwan    *vwan,
                 const char *name)
{
  for (guint t = 0; name != NULL && t < vwan->tables->len; t++)
    if (ntable (vwan, t)->object != NULL && g_strcmp0 (ntable (vwan, t)->object->name, name) == 0)
      return t;
  return -1;
}

static void
add_conn (VnlNetwork    *net,
          VnlObject     *object,
          VnlHubRouting *routing,
          int            hub,
          int            vnet,
          int            gateway,
          VnlHubNextHop  type)
{
  VnlVwan *vwan = net->vwan;
  NetHubConn nc = { object, routing, hub, vnet, gateway, nhub (vwan, hub)->default_table, type };
  int t = table_of_object (vwan, routing->associated);

  /* "Each connection is associated to one route table": the named one
   * when it is in the connection's hub, else the hub's Default (a table
   * of another hub is a validation error). */
  if (t >= 0 && ntable (vwan, t)->hub == hub)
    nc.table = t;
  g_array_append_val (vwan->conns, nc);
  if (vnet >= 0 && !g_hash_table_contains (vwan->vnet_conn, GINT_TO_POINTER (vnet + 1)))
    g_hash_table_insert (vwan->vnet_conn, GINT_TO_POINTER (vnet + 1), GINT_TO_POINTER (vwan->conns->len));
}

/* The hub a gateway speaker sits in, -1. */
static int
gateway_hub (VnlNetwork *net,
             int         speaker)
{
  if (speaker < 0 || spk (net, speaker)->kind != SPK_GATEWAY)
    return -1;
  return _vnl_vwan_hub_of_vnet (net, spk (net, speaker)->vnet);
}

static GArray *compute_targets (VnlVwan *vwan,
                                int      c);

/* The connections and tables, after the rest of the design. */
void
_vnl_vwan_compile (VnlNetwork *net)
{
  VnlVwan *vwan = net->vwan;
  VnlDesign *design = net->design;
  GPtrArray *objects;

  if (vwan == NULL)
    return;

  /* Tables: each hub's Default (a table object with `is_default` stands
   * for it), then the custom tables. */
  for (guint h = 0; h < vwan->hubs->len; h++)
    {
      NetHub *nh = nhub (vwan, h);
      VnlHubRouteTable *object = NULL;

      objects = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
      for (guint i = 0; i < objects->len && object == NULL; i++)
        {
          VnlHubRouteTable *rt = objects->pdata[i];
          if (rt->is_default && g_strcmp0 (rt->hub, nh->hub->parent.name) == 0)
            object = rt;
        }
      table_new (vwan, h, (VnlObject *) object, object != NULL ? object->labels : NULL, TRUE);
      nh->default_table = vwan->tables->len - 1;

      nh->firewall = NULL;
      objects = vnl_design_get_objects (design, VNL_KIND_FIREWALL);
      for (guint i = 0; i < objects->len && nh->firewall == NULL; i++)
        if (g_strcmp0 (((VnlFirewall *) objects->pdata[i])->vnet, nh->hub->parent.name) == 0)
          nh->firewall = objects->pdata[i];
      for (guint a = 0; a < net->appliances->len; a++)
        if (g_array_index (net->appliances, NetAppliance, a).object == (VnlObject *) nh->firewall)
          nh->firewall_app = a;
      /* Routing intent: each policy's next hop is the hub's firewall. */
      nh->internet_policy = vnl_design_lookup_kind (design, nh->hub->internet_policy, VNL_KIND_FIREWALL);
      nh->private_policy = vnl_design_lookup_kind (design, nh->hub->private_policy, VNL_KIND_FIREWALL);
      if (nh->internet_policy != NULL && g_strcmp0 (nh->internet_policy->vnet, nh->hub->parent.name) != 0)
        nh->internet_policy = NULL;
      if (nh->private_policy != NULL && g_strcmp0 (nh->private_policy->vnet, nh->hub->parent.name) != 0)
        nh->private_policy = NULL;
    }
  objects = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlHubRouteTable *rt = objects->pdata[i];
      int h = hub_index (vwan, rt->hub);

      if (h >= 0 && !rt->is_default)
        table_new (vwan, h, (VnlObject *) rt, rt->labels, FALSE);
    }
  /* Each hub's own selection, apart from the tables (no labels: nothing
   * propagates to it by name). */
  for (guint h = 0; h < vwan->hubs->len; h++)
    {
      table_new (vwan, h, NULL, NULL, FALSE);
      g_ptr_array_add (vwan->hub_best, g_ptr_array_steal_index (vwan->tables, vwan->tables->len - 1));
    }

  /* Connections: VNets, then the branches (a VPN or ExpressRoute
   * connection to a hub's gateway). */
  objects = vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlHubConnection *conn = objects->pdata[i];
      int h = hub_index (vwan, conn->hub);
      int v = _vnl_network_vnet_of (net, conn->vnet);

      if (h >= 0 && v >= 0 && _vnl_vwan_hub_of_vnet (net, v) < 0)
        add_conn (net, &conn->parent, &conn->routing, h, v, -1, VNL_HUB_NEXT_VNET_CONNECTION);
    }
  objects = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlS2sConnection *conn = objects->pdata[i];
      int g = _vnl_network_speaker_of (net, conn->gateway);
      int h = gateway_hub (net, g);

      if (h >= 0)
        add_conn (net, &conn->parent, &conn->hub_routing, h, -1, g, VNL_HUB_NEXT_VPN);
    }
  objects = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlErConnection *conn = objects->pdata[i];
      int g = _vnl_network_speaker_of (net, conn->gateway);
      int h = gateway_hub (net, g);

      if (h >= 0)
        add_conn (net, &conn->parent, &conn->hub_routing, h, -1, g, VNL_HUB_NEXT_EXPRESSROUTE);
    }

  /* What each connection propagates to, once (a compiled network's
   * design does not change), and so what feeds each table. */
  for (guint c = 0; c < vwan->conns->len; c++)
    {
      NetHubConn *nc = nconn (vwan, c);

      nc->targets = compute_targets (vwan, c);
      nc->keys = g_array_new (FALSE, FALSE, sizeof (guint64));
      for (guint i = 0; i < nc->targets->len; i++)
        g_array_append_val (ntable (vwan, g_array_index (nc->targets, int, i))->sources, c);
      g_array_append_val (((HubTable *) vwan->hub_best->pdata[nc->hub])->sources, c);
    }
  {
    static const guint32 inter_hub[] = { VWAN_INTER_HUB_ASN, VWAN_INTER_HUB_ASN };

    vwan->empty_path = vnl_as_path_new (NULL, 0);
    vwan->inter_hub_path = vnl_as_path_new (inter_hub, G_N_ELEMENTS (inter_hub));
  }
  vwan->n_speakers = net->speakers->len;
  vwan->gw_changed = g_new0 (gboolean, MAX (vwan->n_speakers, 1));
  vwan->valid = vwan->built = FALSE;
}

void
_vnl_vwan_invalidate (VnlNetwork *net)
{
  if (net->vwan != NULL)
    net->vwan->valid = FALSE;
}

/* ---------------------------------------------------------------------- */
/* Propagation                                                            */

/* "the label 'none'" — Azure's noneRouteTable: no routes propagated. */
static gboolean
label_is_none (const char *label)
{
  return g_ascii_strcasecmp (label, "none") == 0;
}

static gboolean
table_has_label (HubTable   *table,
                 const char *label)
{
  for (guint i = 0; table->labels[i] != NULL; i++)
    if (g_ascii_strcasecmp (table->labels[i], label) == 0)
      return TRUE;
  return FALSE;
}

/* The tables connection @c propagates to: the tables it names and every
 * table, in any hub, carrying one of its labels (NULL labels: "default",
 * every hub's Default table). Each table once, in index order. */
static GArray *
compute_targets (VnlVwan *vwan,
                 int      c)
{
  NetHubConn *nc = nconn (vwan, c);
  g_autofree gboolean *hit = g_new0 (gboolean, vwan->tables->len);
  g_auto(GStrv) labels = g_strsplit (nc->routing->labels != NULL ? nc->routing->labels : "default", ",", -1);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < nc->routing->propagated->len; i++)
    {
      int t = table_of_object (vwan, nc->routing->propagated->pdata[i]);
      if (t >= 0)
        hit[t] = TRUE;
    }
  for (guint l = 0; labels[l] != NULL; l++)
    {
      g_strstrip (labels[l]);
      if (labels[l][0] == '\0' || label_is_none (labels[l]))
        continue;
      for (guint t = 0; t < vwan->tables->len; t++)
        if (table_has_label (ntable (vwan, t), labels[l]))
          hit[t] = TRUE;
    }
  for (guint t = 0; t < vwan->tables->len; t++)
    if (hit[t])
      g_array_append_val (out, t);
  return out;
}

/* The cached targets (compute_targets()), a new reference. */
static GArray *
propagation_targets (VnlVwan *vwan,
                     int      c)
{
  return g_array_ref (nconn (vwan, c)->targets);
}

/* A candidate of @table; @path borrowed (it outlives the table's
 * contents: a ConnRoute's or the VnlVwan's). The pointer stays valid
 * until the next route_add() on @table: select_table() takes them. */
static HubRoute *
route_add (HubTable        *table,
           const VnlPrefix *prefix,
           VnlHubNextHop    type,
           VnlAsPath       *path)
{
  HubRoute *route;

  if (table->n_routes == table->routes_size)
    {
      HubRoute *old = table->routes;

      /* The slices of cands point into it: moved with it. */
      table->routes_size = MAX (2 * table->routes_size, 16);
      table->routes = g_new (HubRoute, table->routes_size);
      if (old != NULL)
        memcpy (table->routes, old, table->n_routes * sizeof (HubRoute));
      for (guint i = 0; i < table->n_cands; i++)
        table->cands[i] = table->routes + (table->cands[i] - old);
      g_free (old);
    }
  route = &table->routes[table->n_routes++];
  *route = (HubRoute) { .prefix = *prefix, .type = type, .origin = type, .path = path, .conn = -1, .hub = table->hub };
  return route;
}

static HubSel *table_sel (HubTable        *table,
                          const VnlPrefix *prefix);

/* [VWAN-HRP] "a virtual hub selects the best routes using the route
 * selection algorithm described above, and then advertises them to the
 * other virtual hubs": is connection @c's route for @prefix among hub
 * @h's own best? */
static gboolean
hub_selects (VnlVwan         *vwan,
             int              h,
             const VnlPrefix *prefix,
             int              c)
{
  HubTable *own = vwan->hub_best->pdata[h];
  HubSel *sel = table_sel (own, prefix);

  for (guint i = 0; sel != NULL && i < sel->n_best; i++)
    if (own->cands[sel->first + i]->conn == c)
      return TRUE;
  return FALSE;
}

/* One route connection @c brings. Between hubs it goes with 65520-65520
 * prepended — except 0.0.0.0/0 ("confined to a local hub's route
 * table") and static routes (not re-announced between hubs). */
static void
conn_route_add (VnlVwan         *vwan,
                GArray          *out,
                const VnlPrefix *prefix,
                VnlAsPath       *path,
                gboolean         is_static,
                guint32          next_hop_ip)
{
  ConnRoute route = { *prefix, is_static, FALSE, next_hop_ip, NULL, NULL };

  route.path = vnl_as_path_ref (path != NULL ? path : vwan->empty_path);
  if (prefix->len > 0 && !is_static)
    {
      if (route.path->len == 0)
        route.remote_path = vnl_as_path_ref (vwan->inter_hub_path);
      else
        {
          g_autoptr(VnlAsPath) one = vnl_as_path_prepend (route.path, VWAN_INTER_HUB_ASN);

          route.remote_path = vnl_as_path_prepend (one, VWAN_INTER_HUB_ASN);
        }
    }
  g_array_append_val (out, route);
}

/* What a branch connection brings: the routes its hub gateway selected
 * that came over this connection's sessions. */
static void
branch_routes (VnlNetwork *net,
               int         c,
               GArray     *out)
{
  NetHubConn *nc = nconn (net->vwan, c);
  Speaker *gw = spk (net, nc->gateway);
  RibIter iter;
  Entry *entry;

  _vnl_rib_iter_init (&iter, &gw->rib);
  /* One route per prefix and connection: the sessions of one connection
   * (a circuit's two links, an active-active gateway's tunnels) are next
   * hops of one hub route. */
  while (_vnl_rib_iter_next (&iter, NULL, &entry))
    for (guint b = 0; b < entry->n_best; b++)
      {
        VnlRoute *route = entry_best (entry)[b];

        if (route->session < 0 || ses (net, route->session)->object != nc->object)
          continue;
        conn_route_add (net->vwan, out, &route->prefix, route->path, FALSE, 0);
        break;
      }
}

static void
vnet_routes (VnlNetwork *net,
             int         c,
             GArray     *out)
{
  NetHubConn *nc = nconn (net->vwan, c);
  VnlHubConnection *conn = (VnlHubConnection *) nc->object;
  NetVnet *nv = nvnet (net, nc->vnet);

  for (guint i = 0; i < nv->vnet->address_spaces->len; i++)
    conn_route_add (net->vwan, out, &g_array_index (nv->vnet->address_spaces, VnlPrefix, i), NULL, FALSE, 0);
  /* "Configuring static routes provides a mechanism to steer traffic from
   * the hub through a next hop IP ... of a Network Virtual Appliance
   * (NVA) provisioned in a Spoke VNet". */
  for (guint i = 0; i < conn->routes->len; i++)
    {
      VnlHubRoute *r = conn->routes->pdata[i];
      conn_route_add (net->vwan, out, &r->prefix, NULL, TRUE, r->next_hop_ip);
    }
}

/* Does connection @nc bring routes: it and its hub up, and its spoke (a
 * VNet connection) or its hub gateway (a branch)? @up: its own state. */
static gboolean
conn_alive (VnlNetwork *net,
            NetHubConn *nc,
            gboolean    up)
{
  if (!up || !nvnet (net, nhub (net->vwan, nc->hub)->vnet)->up)
    return FALSE;
  return nc->vnet >= 0 ? nvnet (net, nc->vnet)->up : spk (net, nc->gateway)->up;
}

/* What connection @c brings now, of ConnRoute (empty when it is not
 * alive). */
static GArray *
conn_routes (VnlNetwork *net,
             int         c,
             gboolean    alive)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ConnRoute));

  g_array_set_clear_func (out, (GDestroyNotify) conn_route_clear);
  if (alive && nconn (net->vwan, c)->vnet >= 0)
    vnet_routes (net, c, out);
  else if (alive)
    branch_routes (net, c, out);
  return out;
}

static gboolean
conn_route_equal (const ConnRoute *x,
                  const ConnRoute *y)
{
  return vnl_prefix_equal (&x->prefix, &y->prefix) && x->is_static == y->is_static &&
         x->next_hop_ip == y->next_hop_ip && vnl_as_path_equal (x->path, y->path);
}

typedef struct
{
  guint64 key;
  guint   index;
} KeyIndex;

static int
key_index_compare (gconstpointer a,
                   gconstpointer b)
{
  const KeyIndex *x = a;
  const KeyIndex *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int
key_compare (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* @routes (nullable) by prefix key, each prefix's routes in their order. */
static GArray *
routes_by_key (GArray *routes)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (KeyIndex), routes != NULL ? routes->len : 0);

  for (guint i = 0; routes != NULL && i < routes->len; i++)
    {
      KeyIndex ki = { vnl_prefix_key (&g_array_index (routes, ConnRoute, i).prefix), i };
      g_array_append_val (out, ki);
    }
  g_array_sort (out, key_index_compare);
  return out;
}

/* The prefixes whose routes differ between a connection's @old and @new
 * routes (@old nullable), appended to @keys; FALSE when more than a
 * patch takes (then every prefix counts as changed). The routes of a
 * prefix that did not change take over the old ones' paths, which the
 * tables borrowed, and their hub's choice. */
static gboolean
conn_routes_diff (GArray *old,
                  GArray *new,
                  GArray *keys)
{
  g_autoptr(GArray) a = routes_by_key (old);
  g_autoptr(GArray) b = routes_by_key (new);
  guint i = 0, j = 0;

  while (i < a->len || j < b->len)
    {
      guint64 ka = i < a->len ? g_array_index (a, KeyIndex, i).key : G_MAXUINT64;
      guint64 kb = j < b->len ? g_array_index (b, KeyIndex, j).key : G_MAXUINT64;
      guint64 key = MIN (ka, kb);
      guint i1 = i, j1 = j;
      gboolean same;

      while (i1 < a->len && g_array_index (a, KeyIndex, i1).key == key)
        i1++;
      while (j1 < b->len && g_array_index (b, KeyIndex, j1).key == key)
        j1++;
      same = i1 - i == j1 - j;
      for (guint k = 0; same && k < i1 - i; k++)
        same = conn_route_equal (&g_array_index (old, ConnRoute, g_array_index (a, KeyIndex, i + k).index),
                                 &g_array_index (new, ConnRoute, g_array_index (b, KeyIndex, j + k).index));
      for (guint k = 0; same && k < i1 - i; k++)
        {
          ConnRoute *x = &g_array_index (old, ConnRoute, g_array_index (a, KeyIndex, i + k).index);
          ConnRoute *y = &g_array_index (new, ConnRoute, g_array_index (b, KeyIndex, j + k).index);
          VnlAsPath *path = x->path;
          VnlAsPath *remote_path = x->remote_path;

          x->path = y->path;
          x->remote_path = y->remote_path;
          y->path = path;
          y->remote_path = remote_path;
          y->selected = x->selected;
        }
      if (!same)
        {
          if (keys->len >= PATCH_MAX_KEYS)
            return FALSE;
          g_array_append_val (keys, key);
        }
      i = i1;
      j = j1;
    }
  return TRUE;
}

/* Connection @c's routes into @table (@own: its hub's own selection),
 * those of the prefix key @only when not NULL: locally as they are, to
 * another hub's table with 65520-65520 and next hop Remote Hub when its
 * hub selected them. */
static void
propagate (VnlVwan       *vwan,
           int            c,
           HubTable      *table,
           gboolean       own,
           const guint64 *only)
{
  NetHubConn *nc = nconn (vwan, c);

  for (guint i = 0; nc->routes != NULL && i < nc->routes->len; i++)
    {
      ConnRoute *r = &g_array_index (nc->routes, ConnRoute, i);
      HubRoute *route;

      if (only != NULL && vnl_prefix_key (&r->prefix) != *only)
        continue;

      if (table->hub == nc->hub)
        {
          route = route_add (table, &r->prefix, nc->type, r->path);
          route->next_hop = nc->object->name;
        }
      else
        {
          if (r->remote_path == NULL || !r->selected)
            continue;
          route = route_add (table, &r->prefix, VNL_HUB_NEXT_REMOTE_HUB, r->remote_path);
          route->origin = nc->type;
          route->remote = TRUE;
          route->next_hop = nhub (vwan, nc->hub)->hub->parent.name;
        }
      route->hub = nc->hub;
      route->conn = c;
      route->is_static = r->is_static;
      route->next_hop_ip = own ? 0 : r->next_hop_ip;
    }
}

/* A table's own static routes (to a VNet connection of its hub or to
 * the hub's firewall), and routing intent's routes to the firewall. */
static void
add_statics (VnlNetwork *net,
             HubTable   *table)
{
  VnlVwan *vwan = net->vwan;
  NetHub *nh = nhub (vwan, table->hub);

  if (table->object != NULL)
    {
      GPtrArray *routes = ((VnlHubRouteTable *) table->object)->routes;

      for (guint i = 0; i < routes->len; i++)
        {
          VnlHubRoute *r = routes->pdata[i];
          VnlObject *hop = vnl_design_lookup (net->design, r->next_hop);
          HubRoute *route;

          if (hop != NULL && hop->kind == VNL_KIND_FIREWALL && (VnlFirewall *) hop == nh->firewall)
            route = route_add (table, &r->prefix, VNL_HUB_NEXT_FIREWALL, vwan->empty_path);
          else if (hop != NULL && hop->kind == VNL_KIND_HUB_CONNECTION)
            {
              int c = -1;
              for (guint k = 0; k < vwan->conns->len && c < 0; k++)
                if (nconn (vwan, k)->object == hop && nconn (vwan, k)->hub == table->hub)
                  c = k;
              if (c < 0 || !_vnl_network_obj_up (net, hop))
                continue;
              route = route_add (table, &r->prefix, VNL_HUB_NEXT_VNET_CONNECTION, vwan->empty_path);
              route->conn = c;
            }
          else
            continue;
          route->is_static = TRUE;
          route->next_hop = r->next_hop;
          route->next_hop_ip = r->next_hop_ip;
        }
    }

  /* [VWAN-RI] "Virtual WAN advertises a default (0.0.0.0/0) route to all
   * spokes, Gateways, and Network Virtual Appliances"; the private policy
   * covers the private ranges (RFC 1918 by default). */
  if (nh->internet_policy != NULL && nh->firewall_app >= 0)
    {
      VnlPrefix any = { 0, 0 };
      HubRoute *route = route_add (table, &any, VNL_HUB_NEXT_FIREWALL, vwan->empty_path);
      route->is_static = route->intent = TRUE;
      route->next_hop = nh->internet_policy->parent.name;
    }
  if (nh->private_policy != NULL && nh->firewall_app >= 0)
    for (guint i = 0; i < G_N_ELEMENTS (private_ranges); i++)
      {
        HubRoute *route = route_add (table, &private_ranges[i], VNL_HUB_NEXT_FIREWALL, vwan->empty_path);
        route->is_static = route->intent = TRUE;
        route->next_hop = nh->private_policy->parent.name;
      }
}

/* ---------------------------------------------------------------------- */
/* The hub's ladder                                                       */

static gboolean
is_branch (VnlHubNextHop origin)
{
  return origin == VNL_HUB_NEXT_VPN || origin == VNL_HUB_NEXT_EXPRESSROUTE;
}

/* ER over VPN for local routes, VPN over ER for remote ones ("because
 * any transit between ER to ER is supported only if the circuits have ER
 * Global Reach enabled and an Azure Firewall or NVA is provisioned inside
 * the virtual hub"); 0 when not both are branches of different kinds. */
static int
er_vpn_rung (const HubRoute *a,
             const HubRoute *b,
             VnlReason      *why)
{
  if (!is_branch (a->origin) || !is_branch (b->origin) || a->origin == b->origin || a->remote != b->remote)
    return 0;
  if (!a->remote)
    {
      *why = VNL_REASON_HUB_ER_OVER_VPN;
      return a->origin == VNL_HUB_NEXT_EXPRESSROUTE ? -1 : 1;
    }
  *why = VNL_REASON_HUB_REMOTE_VPN_OVER_ER;
  return a->origin == VNL_HUB_NEXT_VPN ? -1 : 1;
}

static int
local_rung (const HubRoute *a,
            const HubRoute *b,
            VnlReason      *why)
{
  if (a->remote == b->remote)
    return 0;
  *why = VNL_REASON_HUB_LOCAL;
  return a->remote ? 1 : -1;
}

static int
as_path_rung (const HubRoute *a,
              const HubRoute *b,
              VnlReason      *why)
{
  if (a->path->len == b->path->len)
    return 0;
  *why = VNL_REASON_AS_PATH;
  return a->path->len < b->path->len ? -1 : 1;
}

/* [VWAN-HRP] "Route selection algorithm for virtual hub", for two routes
 * of the same prefix (the longest prefix is the lookup's): < 0 when @a is
 * better. A total order: the last rung is the next hop's name. */
static int
hub_route_compare (const HubRoute   *a,
                   const HubRoute   *b,
                   VnlHubPreference  preference,
                   VnlReason        *why)
{
  int r;

  /* "Prefer static routes over BGP routes." */
  if (a->is_static != b->is_static)
    {
      *why = VNL_REASON_HUB_STATIC;
      return a->is_static ? -1 : 1;
    }

  switch (preference)
    {
    case VNL_HUB_PREF_VPN:
      /* "Prefer routes from connections local to a virtual hub over routes
       * learned from remote hub. If there are routes from both ER and S2S
       * VPN connections, then choose S2S VPN routes. Then, prefer the
       * routes with the shortest BGP AS-Path length." */
      if ((r = local_rung (a, b, why)) != 0)
        return r;
      if (is_branch (a->origin) && is_branch (b->origin) && a->origin != b->origin)
        {
          *why = VNL_REASON_HUB_PREFERENCE;
          return a->origin == VNL_HUB_NEXT_VPN ? -1 : 1;
        }
      if ((r = as_path_rung (a, b, why)) != 0)
        return r;
      break;

    case VNL_HUB_PREF_AS_PATH:
      /* "Prefer routes with the shortest BGP AS-Path length irrespective of
       * the source", then local over remote, then ER/VPN as for ER. */
      if ((r = as_path_rung (a, b, why)) != 0 || (r = local_rung (a, b, why)) != 0 ||
          (r = er_vpn_rung (a, b, why)) != 0)
        return r;
      break;

    case VNL_HUB_PREF_EXPRESSROUTE:
    default:
      /* The default: local over remote; all local: ER; all remote: VPN;
       * then the shortest AS path. */
      if ((r = local_rung (a, b, why)) != 0 || (r = er_vpn_rung (a, b, why)) != 0 ||
          (r = as_path_rung (a, b, why)) != 0)
        return r;
      break;
    }

  /* "If there are still multiple routes, load-balance across all paths
   * using equal-cost multi-path (ECMP) routing": the order below only
   * lists them. */
  *why = VNL_REASON_ECMP;
  if ((r = g_strcmp0 (a->next_hop, b->next_hop)) != 0)
    return r;
  if (a->next_hop_ip != b->next_hop_ip)
    return a->next_hop_ip < b->next_hop_ip ? -1 : 1;
  if (a->conn != b->conn)
    return a->conn < b->conn ? -1 : 1;
  *why = VNL_REASON_TIE_BREAK;
  return a < b ? -1 : a > b;
}

/* Multipath: equal on every rung before the listing order. */
static gboolean
hub_route_mergeable (const HubRoute   *best,
                     const HubRoute   *route,
                     VnlHubPreference  preference)
{
  VnlReason why;

  hub_route_compare (best, route, preference, &why);
  return why == VNL_REASON_ECMP || why == VNL_REASON_TIE_BREAK;
}

static int
sort_cands (gconstpointer a,
            gconstpointer b,
            gpointer      preference)
{
  VnlReason why;

  return hub_route_compare (*(HubRoute **) a, *(HubRoute **) b, GPOINTER_TO_INT (preference), &why);
}

/* @sel's candidates in the ladder's order (a single one is not sorted)
 * and the selected ones. */
static void
select_sel (HubTable         *table,
            HubSel           *sel,
            VnlHubPreference  preference)
{
  HubRoute **c = table->cands + sel->first;

  sel->n_best = MIN (sel->n_cands, 1);
  sel->reason = VNL_REASON_ONLY_ROUTE;
  if (sel->n_cands <= 1)
    return;
  g_qsort_with_data (c, sel->n_cands, sizeof (HubRoute *), sort_cands, GINT_TO_POINTER (preference));
  hub_route_compare (c[0], c[1], preference, &sel->reason);
  while (sel->n_best < sel->n_cands && hub_route_mergeable (c[0], c[sel->n_best], preference))
    sel->n_best++;
}

static void
cands_reserve (HubTable *table,
               guint     n)
{
  if (table->n_cands + n <= table->cands_size)
    return;
  table->cands_size = MAX (2 * table->cands_size, table->n_cands + n);
  table->cands = g_renew (HubRoute *, table->cands, table->cands_size);
}

/* The candidates of @table grouped by prefix, each group in the
 * ladder's order, and the selected ones. */
static void
select_table (VnlVwan  *vwan,
              HubTable *table)
{
  VnlHubPreference preference = nhub (vwan, table->hub)->hub->preference;
  guint n = table->n_routes;
  g_autofree guint *sel_of = g_new (guint, MAX (n, 1));
  guint offset = 0;

  /* At most one HubSel per route: room for all, so no append grows it. */
  g_array_set_size (table->sels, n);
  g_array_set_size (table->sels, 0);

  for (guint i = 0; i < n; i++)
    {
      HubRoute *route = &table->routes[i];
      guint64 key = vnl_prefix_key (&route->prefix);
      guint found = _vnl_rib_find_index (&table->index, key);
      guint s;

      if (found != 0)
        s = found - 1;
      else
        {
          s = table->sels->len++;
          g_array_index (table->sels, HubSel, s) = (HubSel) { 0 };
          _vnl_rib_insert_index (&table->index, key, s);
          table->len_count[route->prefix.len]++;
        }
      sel_of[i] = s;
      g_array_index (table->sels, HubSel, s).n_cands++;
    }
  for (guint s = 0; s < table->sels->len; s++)
    {
      HubSel *sel = &g_array_index (table->sels, HubSel, s);

      sel->first = offset;
      offset += sel->n_cands;
      sel->cap = sel->n_cands;
      sel->n_cands = 0;
    }
  table->n_cands = 0;
  cands_reserve (table, n);
  table->n_cands = n;
  table->n_live = n;
  for (guint i = 0; i < n; i++)
    {
      HubSel *sel = &g_array_index (table->sels, HubSel, sel_of[i]);

      table->cands[sel->first + sel->n_cands++] = &table->routes[i];
    }
  for (guint s = 0; s < table->sels->len; s++)
    select_sel (table, &g_array_index (table->sels, HubSel, s), preference);
}

/* Empties @table and fills it again from its sources (@own: a hub's own
 * selection, which has no statics of its own). */
static void
table_build (VnlNetwork *net,
             HubTable   *table,
             gboolean    own)
{
  VnlVwan *vwan = net->vwan;

  table->n_routes = table->n_cands = 0;
  g_array_set_size (table->sels, 0);
  for (guint i = 0; i < table->index.size; i++)
    table->index.slots[i].tag = 0;
  table->index.len = 0;
  memset (table->len_count, 0, sizeof table->len_count);

  for (guint i = 0; i < table->sources->len; i++)
    propagate (vwan, g_array_index (table->sources, int, i), table, own, NULL);
  if (!own)
    add_statics (net, table);
  select_table (vwan, table);
}

/* The candidates of the prefixes @keys (sorted) alone taken again from
 * @table's sources, which has no statics: what a build would give them,
 * in the same order. The other prefixes keep theirs. */
static void
table_patch (VnlNetwork *net,
             HubTable   *table,
             gboolean    own,
             GArray     *keys)
{
  VnlVwan *vwan = net->vwan;
  VnlHubPreference preference = nhub (vwan, table->hub)->hub->preference;

  for (guint k = 0; k < keys->len; k++)
    {
      guint64 key = g_array_index (keys, guint64, k);
      VnlPrefix prefix = vnl_prefix_from_key (key);
      guint start = table->n_routes;
      guint found = _vnl_rib_find_index (&table->index, key);
      HubSel *sel;
      guint m;

      for (guint i = 0; i < table->sources->len; i++)
        propagate (vwan, g_array_index (table->sources, int, i), table, own, &key);
      m = table->n_routes - start;
      if (found == 0 && m == 0)
        continue;
      if (found == 0)
        {
          guint s = table->sels->len;

          g_array_set_size (table->sels, s + 1);
          g_array_index (table->sels, HubSel, s) = (HubSel) { 0 };
          _vnl_rib_insert_index (&table->index, key, s);
          found = s + 1;
        }
      sel = &g_array_index (table->sels, HubSel, found - 1);
      if (sel->n_cands == 0 && m > 0)
        table->len_count[prefix.len]++;
      else if (sel->n_cands > 0 && m == 0)
        table->len_count[prefix.len]--;
      table->n_live = table->n_live - sel->n_cands + m;
      if (m > sel->cap)
        {
          cands_reserve (table, m);
          sel->first = table->n_cands;
          sel->cap = m;
          table->n_cands += m;
        }
      for (guint j = 0; j < m; j++)
        table->cands[sel->first + j] = &table->routes[start + j];
      sel->n_cands = m;
      select_sel (table, sel, preference);
    }
}

/* The prefixes changed in @table's sources, sorted, each once, into
 * @keys; FALSE when @table is better built again (a source changed too
 * much to say, or more prefixes changed than a patch is worth). */
static gboolean
changed_keys (VnlVwan  *vwan,
              HubTable *table,
              GArray   *keys)
{
  guint n = 0;

  g_array_set_size (keys, 0);
  for (guint i = 0; i < table->sources->len; i++)
    {
      NetHubConn *nc = nconn (vwan, g_array_index (table->sources, int, i));

      if (!nc->changed)
        continue;
      if (nc->all_dirty)
        return FALSE;
      g_array_append_vals (keys, nc->keys->data, nc->keys->len);
    }
  g_array_sort (keys, key_compare);
  for (guint i = 0; i < keys->len; i++)
    if (n == 0 || g_array_index (keys, guint64, i) != g_array_index (keys, guint64, n - 1))
      g_array_index (keys, guint64, n++) = g_array_index (keys, guint64, i);
  g_array_set_size (keys, n);
  /* A patch walks every source per prefix; a build every route once. */
  return n <= PATCH_MAX_KEYS && n * 4 <= table->sels->len;
}

static gboolean
has_statics (VnlVwan  *vwan,
             HubTable *table)
{
  NetHub *nh = nhub (vwan, table->hub);

  return (table->object != NULL && ((VnlHubRouteTable *) table->object)->routes->len > 0) ||
         nh->internet_policy != NULL || nh->private_policy != NULL;
}

/* Builds or patches @table after its sources changed; nothing (FALSE)
 * when none did. */
static gboolean
table_update (VnlNetwork *net,
              HubTable   *table,
              gboolean    own,
              gboolean    rebuild,
              GArray     *keys)
{
  gboolean patch = changed_keys (net->vwan, table, keys);

  if (!rebuild && patch && keys->len == 0)
    return FALSE;
  /* Statics are added by table, and patched-out routes pile up: build. */
  if (rebuild || !patch || (!own && has_statics (net->vwan, table)) || table->n_routes > 2 * table->n_live + 64)
    table_build (net, table, own);
  else
    table_patch (net, table, own, keys);
  return TRUE;
}

static void
key_add (NetHubConn *nc,
         guint64     key)
{
  if (nc->all_dirty)
    return;
  if (nc->keys->len >= PATCH_MAX_KEYS)
    nc->all_dirty = TRUE;
  else
    g_array_append_val (nc->keys, key);
}

/* The tables of the current convergence. Each connection's routes are
 * taken again only when its state or its hub gateway's selection
 * changed, and compared with what it brought (the prefixes that differ
 * are its keys); then each hub's own selection, where one of its
 * connections changed (a connection whose routes the hub now selects
 * differently has those prefixes changed too); then the tables those
 * connections propagate to: the changed prefixes alone are taken again
 * when they are few, else the table is built again, as are the tables
 * with static routes (a static route to a connection reads its state).
 * The first computation builds everything. A property test
 * (tests/test-vwan.c) holds that this equals a build from scratch. */
static void
compute (VnlNetwork *net)
{
  VnlVwan *vwan = net->vwan;
  g_autoptr(GArray) keys = NULL;
  gboolean all, toggled = FALSE;

  if (vwan == NULL || vwan->valid)
    return;
  all = !vwan->built;
  keys = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint c = 0; c < vwan->conns->len; c++)
    {
      NetHubConn *nc = nconn (vwan, c);
      gboolean up = _vnl_network_obj_up (net, nc->object);
      gboolean alive = conn_alive (net, nc, up);
      g_autoptr(GArray) routes = NULL;

      toggled |= up != nc->was_up;
      nc->was_up = up;
      nc->changed = nc->all_dirty = FALSE;
      g_array_set_size (nc->keys, 0);
      if (!all && alive == nc->alive && !(nc->gateway >= 0 && vwan->gw_changed[nc->gateway]))
        continue;
      nc->alive = alive;
      routes = conn_routes (net, c, alive);
      nc->all_dirty = all || !conn_routes_diff (nc->routes, routes, nc->keys);
      nc->changed = nc->all_dirty || nc->keys->len > 0;
      /* The new routes hold the paths of the equal old ones, which the
       * tables borrowed. */
      g_clear_pointer (&nc->routes, g_array_unref);
      nc->routes = g_steal_pointer (&routes);
    }
  memset (vwan->gw_changed, 0, MAX (vwan->n_speakers, 1) * sizeof (gboolean));

  /* Each hub's own selection first: a remote hub gets what the source
   * hub selected. */
  for (guint h = 0; h < vwan->hub_best->len; h++)
    {
      HubTable *own = vwan->hub_best->pdata[h];

      if (!table_update (net, own, TRUE, all, keys))
        continue;
      for (guint i = 0; i < own->sources->len; i++)
        {
          int c = g_array_index (own->sources, int, i);
          NetHubConn *nc = nconn (vwan, c);

          for (guint k = 0; nc->routes != NULL && k < nc->routes->len; k++)
            {
              ConnRoute *r = &g_array_index (nc->routes, ConnRoute, k);
              gboolean selected = hub_selects (vwan, h, &r->prefix, c);

              if (selected != r->selected)
                {
                  r->selected = selected;
                  nc->changed = TRUE;
                  key_add (nc, vnl_prefix_key (&r->prefix));
                }
            }
        }
    }

  for (guint t = 0; t < vwan->tables->len; t++)
    {
      HubTable *table = ntable (vwan, t);

      table_update (net, table, FALSE, all || (toggled && has_statics (vwan, table)), keys);
    }
  vwan->valid = vwan->built = TRUE;
}

void
_vnl_vwan_update (VnlNetwork *net)
{
  compute (net);
}

/* ---------------------------------------------------------------------- */
/* Lookups                                                                */

static HubSel *
table_sel (HubTable        *table,
           const VnlPrefix *prefix)
{
  guint found = _vnl_rib_find_index (&table->index, vnl_prefix_key (prefix));
  HubSel *sel = found != 0 ? &g_array_index (table->sels, HubSel, found - 1) : NULL;

  return sel != NULL && sel->n_cands > 0 ? sel : NULL;
}

/* The selected routes of @sel a viewer sees: routing intent's routes only
 * in the connection view; NULL when none is left. */
static HubRoute **
sel_view (HubTable *table,
          HubSel   *sel,
          gboolean  connection_view,
          guint    *n_best)
{
  HubRoute **c = table->cands + sel->first;
  guint first = 0;

  if (!connection_view)
    while (first < sel->n_cands && c[first]->intent)
      first++;
  if (first == sel->n_cands)
    return NULL;
  *n_best = first == 0 ? sel->n_best : 1;
  return c + first;
}

HubRoute **
_vnl_vwan_lookup (VnlNetwork *net,
                  int         t,
                  guint32     addr,
                  gboolean    connection_view,
                  guint      *n_best,
                  VnlReason  *reason)
{
  VnlVwan *vwan = net->vwan;
  HubTable *table;
  NetHub *nh;

  compute (net);
  table = ntable (vwan, t);
  nh = nhub (vwan, table->hub);
  for (int len = 32; len >= 0; len--)
    {
      VnlPrefix p = { addr & vnl_prefix_mask (len), len };
      HubSel *sel;
      HubRoute **routes;

      if (table->len_count[len] == 0 || (sel = table_sel (table, &p)) == NULL)
        continue;
      if ((routes = sel_view (table, sel, connection_view, n_best)) == NULL)
        continue;
      /* [VWAN-RI] the private policy: "all branch-to-branch,
       * branch-to-virtual network, virtual network-to-branch, and
       * inter-hub traffic is sent via" the firewall. */
      if (connection_view && nh->private_policy != NULL && nh->firewall_app >= 0 &&
          routes[0]->type != VNL_HUB_NEXT_FIREWALL && p.len > 0)
        {
          for (guint i = 0; i < G_N_ELEMENTS (private_ranges); i++)
            if ((sel = table_sel (table, &private_ranges[i])) != NULL && sel_view (table, sel, TRUE, n_best) != NULL)
              {
                if (reason != NULL)
                  *reason = VNL_REASON_HUB_ROUTING_INTENT;
                return sel_view (table, sel, TRUE, n_best);
              }
        }
      if (reason != NULL)
        *reason = sel->reason;
      return routes;
    }
  return NULL;
}

static NetHubConn *
vnet_conn (VnlNetwork *net,
           int         v)
{
  int c;

  if (net->vwan == NULL)
    return NULL;
  c = GPOINTER_TO_INT (g_hash_table_lookup (net->vwan->vnet_conn, GINT_TO_POINTER (v + 1))) - 1;
  return c >= 0 ? nconn (net->vwan, c) : NULL;
}

int
_vnl_vwan_spoke_hub (VnlNetwork *net,
                     int         v)
{
  NetHubConn *nc = v >= 0 ? vnet_conn (net, v) : NULL;

  return nc != NULL ? nc->hub : -1;
}

const char *
_vnl_vwan_spoke_connection (VnlNetwork *net,
                            int         v)
{
  NetHubConn *nc = v >= 0 ? vnet_conn (net, v) : NULL;

  return nc != NULL ? nc->object->name : NULL;
}

/* Does the hub program @route into spoke @v (connection @nc)? Not a
 * prefix equal to or inside the VNet's own ("Virtual WAN wouldn't be able
 * to inject a route that matches the virtual network prefix ... or any of
 * the subnets"), 0.0.0.0/0 only with enableInternetSecurity, and not the
 * routes that lead back to the spoke. */
static gboolean
programmed (VnlNetwork     *net,
            NetHubConn     *nc,
            const HubRoute *route)
{
  GArray *spaces = nvnet (net, nc->vnet)->vnet->address_spaces;

  for (guint i = 0; i < spaces->len; i++)
    if (vnl_prefix_contains (&g_array_index (spaces, VnlPrefix, i), &route->prefix))
      return FALSE;
  if (route->prefix.len == 0 && !nc->routing->internet_security)
    return FALSE;
  return !(route->conn >= 0 && nconn (net->vwan, route->conn) == nc);
}

HubRoute *
_vnl_vwan_vnet_route (VnlNetwork *net,
                      int         v,
                      guint32     addr,
                      int        *table_out)
{
  NetHubConn *nc = vnet_conn (net, v);
  HubTable *table;

  if (nc == NULL || !_vnl_network_obj_up (net, nc->object) || !nvnet (net, nhub (net->vwan, nc->hub)->vnet)->up)
    return NULL;
  compute (net);
  table = ntable (net->vwan, nc->table);
  *table_out = nc->table;
  for (int len = 32; len >= 0; len--)
    {
      VnlPrefix p = { addr & vnl_prefix_mask (len), len };
      HubSel *sel;
      HubRoute **routes;
      guint n;

      if (table->len_count[len] == 0 || (sel = table_sel (table, &p)) == NULL)
        continue;
      if ((routes = sel_view (table, sel, TRUE, &n)) != NULL && programmed (net, nc, routes[0]))
        return routes[0];
    }
  return NULL;
}

static int
route_prefix_compare (gconstpointer a,
                      gconstpointer b)
{
  return vnl_prefix_compare (&(*(HubRoute **) a)->prefix, &(*(HubRoute **) b)->prefix);
}

GPtrArray *
_vnl_vwan_vnet_routes (VnlNetwork *net,
                       int         v)
{
  NetHubConn *nc = vnet_conn (net, v);
  GPtrArray *out = g_ptr_array_new ();
  HubTable *table;

  if (nc == NULL || !_vnl_network_obj_up (net, nc->object) || !nvnet (net, nhub (net->vwan, nc->hub)->vnet)->up)
    return out;
  compute (net);
  table = ntable (net->vwan, nc->table);
  for (guint s = 0; s < table->sels->len; s++)
    {
      guint n;
      HubRoute **routes = sel_view (table, &g_array_index (table->sels, HubSel, s), TRUE, &n);

      if (routes != NULL && programmed (net, nc, routes[0]))
        g_ptr_array_add (out, routes[0]);
    }
  g_ptr_array_sort (out, route_prefix_compare);
  return out;
}

/* ---------------------------------------------------------------------- */
/* What the hub's gateways advertise to the branches                      */

VnlAsPath *
_vnl_vwan_inter_hub_path (const VnlAsPath *path)
{
  g_autoptr(VnlAsPath) one = vnl_as_path_prepend (path, VWAN_INTER_HUB_ASN);

  return vnl_as_path_prepend (one, VWAN_INTER_HUB_ASN);
}

/* The branches are associated with the Default table ("All branch
 * connections ... need to be associated to the Default route table"): a
 * hub's gateways advertise the VNet prefixes the design propagates to it
 * (from VNet connections in any hub), each once. Only the design is read,
 * so that this stays a function of the state the engine converges in. */
void
_vnl_vwan_gateway_local (VnlNetwork *net,
                         int         speaker,
                         GPtrArray  *out)
{
  VnlVwan *vwan = net->vwan;
  int h = gateway_hub (net, speaker);
  g_autoptr(GHashTable) seen = NULL;
  int default_table;

  if (h < 0)
    return;
  default_table = nhub (vwan, h)->default_table;
  seen = g_hash_table_new (NULL, NULL);
  for (guint c = 0; c < vwan->conns->len; c++)
    {
      NetHubConn *nc = nconn (vwan, c);
      g_autoptr(GArray) targets = NULL;
      gboolean reaches = FALSE;
      NetVnet *nv;

      if (nc->vnet < 0 || !(nv = nvnet (net, nc->vnet))->up || !_vnl_network_obj_up (net, nc->object) ||
          !nvnet (net, nhub (vwan, nc->hub)->vnet)->up)
        continue;
      targets = propagation_targets (vwan, c);
      for (guint i = 0; i < targets->len; i++)
        reaches |= g_array_index (targets, int, i) == default_table;
      if (!reaches)
        continue;
      for (guint i = 0; i < nv->vnet->address_spaces->len; i++)
        {
          const VnlPrefix *prefix = &g_array_index (nv->vnet->address_spaces, VnlPrefix, i);
          gpointer key = GSIZE_TO_POINTER ((gsize) vnl_prefix_key (prefix));
          VnlRoute *route = g_hash_table_lookup (seen, key);

          /* [VWAN-EFF] a VNet of another hub arrives with 65520-65520,
           * the hub's gateways send it on with it; a local one wins. */
          if (route != NULL && (route->path->len == 0 || nc->hub != h))
            continue;
          if (route == NULL)
            {
              route = vnl_route_new (prefix, NULL, VNL_ORIGIN_TRANSIT_PEER);
              route->session = -1;
              route->exportable = TRUE;
              g_ptr_array_add (out, route);
              g_hash_table_insert (seen, key, route);
            }
          vnl_as_path_unref (route->path);
          route->path = nc->hub == h ? vnl_as_path_new (NULL, 0) : _vnl_vwan_inter_hub_path (NULL);
        }
    }
}

void
_vnl_vwan_add_dependents (VnlNetwork *net,
                          GArray     *deps)
{
  VnlVwan *vwan = net->vwan;

  /* A hub's state is its engine VNet's (_vnl_vwan_set_override()). */
  for (guint h = 0; vwan != NULL && h < vwan->hubs->len; h++)
    {
      StateDep hub = { nhub (vwan, h)->hub, DEP_VNET, nhub (vwan, h)->vnet };
      g_array_append_val (deps, hub);
      /* The other hubs' gateways advertise its VNets while it is up. */
      for (guint other = 0; other < vwan->hubs->len; other++)
        {
          StateDep remote = { nhub (vwan, h)->hub, DEP_HUB, nhub (vwan, other)->vnet };
          if (other != h)
            g_array_append_val (deps, remote);
        }
    }

  for (guint c = 0; vwan != NULL && c < vwan->conns->len; c++)
    {
      NetHubConn *nc = nconn (vwan, c);
      g_autoptr(GArray) targets = NULL;

      if (nc->vnet < 0)
        continue;
      targets = propagation_targets (vwan, c);
      for (guint h = 0; h < vwan->hubs->len; h++)
        {
          gboolean reaches = FALSE;

          for (guint i = 0; i < targets->len; i++)
            reaches |= g_array_index (targets, int, i) == nhub (vwan, h)->default_table;
          if (reaches)
            {
              StateDep conn = { nc->object, DEP_HUB, nhub (vwan, h)->vnet };
              StateDep spoke = { nvnet (net, nc->vnet)->vnet, DEP_HUB, nhub (vwan, h)->vnet };

              g_array_append_val (deps, conn);
              g_array_append_val (deps, spoke);
            }
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Tables as users see them                                               */

static VnlRouteRow *
hub_row (VnlNetwork     *net,
         const HubRoute *route,
         gboolean        best,
         VnlReason       reason)
{
  VnlRouteRow *row = g_new0 (VnlRouteRow, 1);

  row->prefix = route->prefix;
  row->source = g_strdup (route->intent ? "Routing intent" : route->is_static ? "Static" : route->remote ? "Remote hub"
                         : route->type == VNL_HUB_NEXT_VNET_CONNECTION ? "Local" : "BGP");
  row->next_hop_type = g_strdup (_vnl_hub_next_hop_name (route->type));
  if (route->next_hop_ip != 0)
    {
      g_autofree char *ip = vnl_ip_to_string (route->next_hop_ip);
      row->next_hop = g_strdup_printf ("%s (%s)", route->next_hop != NULL ? route->next_hop : "", ip);
    }
  else
    row->next_hop = g_strdup (route->next_hop);
  row->learned_from = g_strdup (nhub (net->vwan, route->hub)->hub->parent.name);
  row->as_path = vnl_as_path_to_string (route->path);
  row->best = best;
  row->active = best;
  row->reason = reason;
  return row;
}

static VnlRouteTable *
hub_table_rows (VnlNetwork *net,
                int         t)
{
  VnlVwan *vwan = net->vwan;
  HubTable *table = ntable (vwan, t);
  NetHub *nh = nhub (vwan, table->hub);
  g_autofree char *labels = g_strjoinv (", ", table->labels);
  VnlRouteTable *out = g_new0 (VnlRouteTable, 1);

  out->kind = VNL_TABLE_HUB;
  out->node = g_strdup (table->name);
  out->title = g_strdup_printf (_("Effective routes of hub route table %s (hub %s, labels: %s)"), table->name,
                                nh->hub->parent.name, labels[0] != '\0' ? labels : _("none"));
  out->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_route_row_free);
  for (guint s = 0; s < table->sels->len; s++)
    {
      HubSel *sel = &g_array_index (table->sels, HubSel, s);

      for (guint i = 0; i < sel->n_cands; i++)
        g_ptr_array_add (out->rows, hub_row (net, table->cands[sel->first + i], i < sel->n_best,
                                             i < sel->n_best ? sel->reason : VNL_REASON_ONLY_ROUTE));
    }
  if (nh->private_policy != NULL && nh->internet_policy != NULL)
    out->note = g_strdup_printf (_("Routing intent: private and Internet traffic from the connections goes to %s"),
                                 nh->private_policy->parent.name);
  else if (nh->private_policy != NULL)
    out->note = g_strdup_printf (_("Routing intent: private traffic from the connections goes to %s"),
                                 nh->private_policy->parent.name);
  else if (nh->internet_policy != NULL)
    out->note = g_strdup_printf (_("Routing intent: Internet traffic from the connections goes to %s"),
                                 nh->internet_policy->parent.name);
  return out;
}

int
_vnl_vwan_table_by_path (VnlNetwork *net,
                         const char *path)
{
  VnlVwan *vwan = net->vwan;
  const char *slash = strchr (path, '/');
  g_autofree char *hub = NULL;
  int h;

  if (vwan == NULL || slash == NULL)
    return -1;
  hub = g_strndup (path, slash - path);
  if ((h = hub_index (vwan, hub)) < 0)
    return -1;
  if (g_ascii_strcasecmp (slash + 1, "defaultRouteTable") == 0 || g_ascii_strcasecmp (slash + 1, "Default") == 0)
    return nhub (vwan, h)->default_table;
  for (guint t = 0; t < vwan->tables->len; t++)
    if (ntable (vwan, t)->hub == h && ntable (vwan, t)->object != NULL &&
        g_strcmp0 (ntable (vwan, t)->object->name, slash + 1) == 0)
      return t;
  return -1;
}

void
_vnl_vwan_add_tables (VnlNetwork *net,
                      VnlObject  *object,
                      const char *path,
                      GPtrArray  *tables)
{
  VnlVwan *vwan = net->vwan;
  int t;

  if (vwan == NULL)
    return;
  compute (net);
  if (path != NULL)
    {
      if ((t = _vnl_vwan_table_by_path (net, path)) >= 0)
        g_ptr_array_add (tables, hub_table_rows (net, t));
      return;
    }
  for (guint i = 0; i < vwan->tables->len; i++)
    {
      HubTable *table = ntable (vwan, i);
      if ((object->kind == VNL_KIND_VIRTUAL_HUB && nhub (vwan, table->hub)->hub == (VnlVirtualHub *) object) ||
          table->object == object)
        g_ptr_array_add (tables, hub_table_rows (net, i));
    }
}

gboolean
_vnl_vwan_reaches_default (VnlVwan *vwan,
                           int      c,
                           int      h)
{
  g_autoptr(GArray) targets = propagation_targets (vwan, c);

  for (guint i = 0; i < targets->len; i++)
    if (g_array_index (targets, int, i) == nhub (vwan, h)->default_table)
      return TRUE;
  return FALSE;
}

void
_vnl_vwan_set_override (VnlNetwork *net,
                        VnlObject  *object,
                        gboolean    up)
{
  VnlVwan *vwan = net->vwan;
  int h;

  if (vwan == NULL || object->kind != VNL_KIND_VIRTUAL_HUB || (h = hub_index (vwan, object->name)) < 0 ||
      nhub (vwan, h)->hub != (VnlVirtualHub *) object)
    return;
  g_hash_table_insert (net->override_objects, nvnet (net, nhub (vwan, h)->vnet)->vnet, GINT_TO_POINTER (!!up + 1));
}
