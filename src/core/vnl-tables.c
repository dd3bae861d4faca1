/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-tables"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-network-private.h"
#include "vnl-vwan.h"

#include <string.h>

/*
 * DOC: Routing tables as the portal and the routers show them
 *
 * A VNet's effective routes (Source, State, Address prefix, Next hop type,
 * Next hop IP) are assembled from its system routes, its peerings, the
 * routes of the gateways it uses (its own or, with gateway transit, its
 * peer's) and the default routes. A speaker's table lists every candidate
 * per prefix with the selected ones marked and the reason they won.
 */

static void
row_free (VnlRouteRow *row)
{
  g_free (row->source);
  g_free (row->next_hop_type);
  g_free (row->next_hop);
  g_free (row->learned_from);
  g_free (row->as_path);
  g_free (row);
}

void
_vnl_route_row_free (VnlRouteRow *row)
{
  row_free (row);
}

void
vnl_route_table_free (VnlRouteTable *table)
{
  if (table == NULL)
    return;
  g_free (table->node);
  g_free (table->title);
  g_free (table->note);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static VnlRouteTable *
table_new (VnlTableKind  kind,
           const char   *node,
           char         *title)
{
  VnlRouteTable *table = g_new0 (VnlRouteTable, 1);

  table->kind = kind;
  table->node = g_strdup (node);
  table->title = title;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  return table;
}

static VnlRouteRow *
row_add (VnlRouteTable   *table,
         const VnlPrefix *prefix,
         const char      *source,
         const char      *next_hop_type)
{
  VnlRouteRow *row = g_new0 (VnlRouteRow, 1);

  row->prefix = *prefix;
  row->source = g_strdup (source);
  row->next_hop_type = g_strdup (next_hop_type);
  row->active = TRUE;
  g_ptr_array_add (table->rows, row);
  return row;
}

static int
row_compare (gconstpointer a,
             gconstpointer b)
{
  const VnlRouteRow *x = *(VnlRouteRow **) a;
  const VnlRouteRow *y = *(VnlRouteRow **) b;
  int cmp = vnl_prefix_compare (&x->prefix, &y->prefix);

  if (cmp != 0)
    return cmp;
  if (x->best != y->best)
    return (int) y->best - (int) x->best;
  if ((cmp = g_strcmp0 (x->learned_from, y->learned_from)) != 0)
    return cmp;
  return g_strcmp0 (x->next_hop, y->next_hop);
}

static char *
neighbour_name (VnlNetwork *net,
                VnlRoute   *route)
{
  const char *name = NULL;
  Session *session = route->session >= 0 ? ses (net, route->session) : NULL;
  int instance;

  if (route->neighbor >= 0)
    name = spk (net, route->neighbor)->name;
  else if (session != NULL)
    name = session->object->name;
  if (name == NULL)
    return NULL;

  /* Over a tunnel of one instance of an active-active gateway, which one
   * (Azure's learned routes list the instance's local address). */
  if (session != NULL && session->speaker[0] != route->neighbor &&
      spk (net, session->speaker[0])->kind == SPK_GATEWAY &&
      ((VnlGateway *) spk (net, session->speaker[0])->object)->active_active &&
      _vnl_network_session_instance (net, session, 0, &instance) && instance >= 0)
    return g_strdup_printf ("%s (%s/%d)", name, spk (net, session->speaker[0])->name, instance);
  return g_strdup (name);
}

static void
speaker_rows (VnlNetwork    *net,
              Speaker       *speaker,
              VnlRouteTable *table)
{
  RibIter iter;
  Entry *entry;

  _vnl_rib_iter_init (&iter, &speaker->rib);
  while (_vnl_rib_iter_next (&iter, NULL, &entry))
    for (guint i = 0; i < entry->n_cands; i++)
      {
        VnlRoute *route = entry_cands (entry)[i];
        VnlRouteRow *row = row_add (table, &route->prefix, vnl_origin_to_string (route->origin), NULL);
        char hop[16];

        vnl_ip_format (route->next_hop, hop);
        row->next_hop = g_strdup (route->next_hop != 0 ? hop : "0.0.0.0");
        row->as_path = vnl_as_path_to_string (route->path);
        row->weight = route->weight;
        row->local_pref = route->local_pref;
        row->learned_from = neighbour_name (net, route);
        row->best = FALSE;
        for (guint k = 0; k < entry->n_best; k++)
          row->best = row->best || entry_best (entry)[k] == route;
        row->reason = entry->reason;
        if (entry->n_cands == 1)
          row->reason = VNL_REASON_ONLY_ROUTE;
      }
}

static VnlRouteRow *
gateway_row (VnlNetwork    *net,
             Speaker       *gw,
             Entry         *entry,
             VnlRouteTable *table)
{
  VnlRoute *best = entry_winner (entry);
  VnlRouteRow *row = row_add (table, &best->prefix, "Virtual network gateway", "Virtual network gateway");
  char addr[16];

  /* One next hop, the common case, without a GString: a report builds
   * hundreds of thousands of these rows. */
  if (entry->n_best == 1)
    {
      vnl_ip_format (best->next_hop, addr);
      row->next_hop = g_strdup (addr);
    }
  else
    {
      GString *hops = g_string_new (NULL);

      for (guint k = 0; k < entry->n_best; k++)
        {
          gboolean seen = FALSE;

          /* Each next hop once: an active-active gateway learns the same
           * next hop over the tunnel of each instance. */
          for (guint j = 0; j < k && !seen; j++)
            seen = entry_best (entry)[j]->next_hop == entry_best (entry)[k]->next_hop;
          if (seen)
            continue;
          vnl_ip_format (entry_best (entry)[k]->next_hop, addr);
          g_string_append_printf (hops, "%s%s", hops->len > 0 ? ", " : "", addr);
        }
      row->next_hop = g_string_free (hops, FALSE);
    }
  row->learned_from = g_strdup (gw->name);
  row->as_path = vnl_as_path_to_string (best->path);
  row->weight = best->weight;
  row->local_pref = best->local_pref;
  row->best = TRUE;
  row->reason = entry->reason;
  return row;
}

static void
row_lose (VnlRouteRow *row,
          VnlReason    why)
{
  row->best = FALSE;
  row->active = FALSE;
  row->reason = why;
}

/* A route a route server programs from appliances: source "Virtual
 * network gateway" (BGP), next hop each appliance that sent it ([RS-FAQ]:
 * several with the same AS path length, ECMP). */
static VnlRouteRow *
appliance_row (VnlNetwork    *net,
               Speaker       *rs,
               VnlRoute     **routes,
               guint          n_routes,
               VnlRouteTable *table)
{
  VnlRouteRow *row = row_add (table, &routes[0]->prefix, "Virtual network gateway", "Virtual appliance");
  GString *hops = g_string_new (NULL);

  for (guint k = 0; k < n_routes; k++)
    {
      char addr[16];

      if (_vnl_route_server_appliance_of (net, routes[k]) < 0)
        continue;
      vnl_ip_format (routes[k]->next_hop, addr);
      g_string_append_printf (hops, "%s%s", hops->len > 0 ? ", " : "", addr);
    }
  row->next_hop = g_string_free (hops, FALSE);
  row->learned_from = g_strdup (rs->name);
  row->as_path = vnl_as_path_to_string (routes[0]->path);
  row->local_pref = routes[0]->local_pref;
  row->best = TRUE;
  return row;
}

/* The gateway rows of a VNet whose routes a route server programs
 * (_vnl_route_server_vnet_route()): its selection per prefix, over the
 * gateway it came from or to the appliances; the candidates it did not
 * select Invalid with the rung that decided (hub routing preference, AS
 * path). Active rows go into @bgp_rows by prefix key. */
static void
route_server_rows (VnlNetwork    *net,
                   int            v,
                   Speaker       *rs,
                   VnlRouteTable *table,
                   GHashTable    *bgp_rows)
{
  RibIter iter;
  Entry *entry;

  _vnl_rib_iter_init (&iter, &rs->rib);
  while (_vnl_rib_iter_next (&iter, NULL, &entry))
    {
      VnlRoute *best;
      VnlRouteRow *row = NULL;
      const PeerRoute *peer;

      if (entry->n_best == 0 || (best = entry_winner (entry))->origin != VNL_ORIGIN_BGP)
        continue;
      if (_vnl_route_server_appliance_of (net, best) < 0)
        {
          Speaker *gw = best->neighbor >= 0 ? spk (net, best->neighbor) : NULL;
          Entry *own = gw != NULL ? _vnl_rib_lookup (&gw->rib, vnl_prefix_key (&best->prefix)) : NULL;

          if (own == NULL || own->n_best == 0)
            continue;
          row = gateway_row (net, gw, own, table);
        }
      else
        row = appliance_row (net, rs, entry_best (entry), entry->n_best, table);
      row->reason = entry->reason;
      for (guint k = entry->n_best; k < entry->n_cands; k++)
        if (entry->reason != VNL_REASON_ECMP && entry->reason != VNL_REASON_ONLY_ROUTE &&
            _vnl_route_server_appliance_of (net, entry_cands (entry)[k]) >= 0)
          row_lose (appliance_row (net, rs, &entry_cands (entry)[k], 1, table), entry->reason);
      if (_vnl_vnet_system_route (net, v, &best->prefix, &peer) != VNET_NEXT_NONE)
        {
          row_lose (row, VNL_REASON_SYSTEM_ROUTE);
          continue;
        }
      g_hash_table_insert (bgp_rows, GSIZE_TO_POINTER (vnl_prefix_key (&best->prefix)), row);
    }
}

/* The VNet's effective routes, decided as forwarding decides
 * (_vnl_vnet_route() in vnl-rules.c): a row is Active exactly when the
 * ladder uses it for its addresses, and a row that loses is Invalid with
 * the reason. */
static void
vnet_rows (VnlNetwork    *net,
           int            v,
           VnlRouteTable *table)
{
  NetVnet *nv = nvnet (net, v);
  GArray *spaces = nv->vnet->address_spaces;
  g_autoptr(GHashTable) bgp_rows = g_hash_table_new (NULL, NULL);    /* key → active row */
  g_autoptr(GHashTable) bgp_entries = g_hash_table_new (NULL, NULL); /* key → its Entry */

  /* System routes: the VNet's own space, its peerings. */
  for (guint i = 0; i < spaces->len; i++)
    row_add (table, &g_array_index (spaces, VnlPrefix, i), "Default", "Virtual network")->best = TRUE;

  for (guint i = 0; i < nv->peers->len; i++)
    {
      PeerRoute *pr = &g_array_index (nv->peers, PeerRoute, i);
      VnlRouteRow *row = row_add (table, &pr->prefix, "Default", "VNet peering");
      const PeerRoute *used;

      row->best = TRUE;
      row->learned_from = g_strdup (pr->peering->name);
      /* An overlapping own space or earlier peering takes it. */
      if (_vnl_vnet_system_route (net, v, &pr->prefix, &used) != VNET_NEXT_PEERING || used != pr)
        row_lose (row, VNL_REASON_SYSTEM_ROUTE);
    }

  /* Gateway routes: for each prefix the gateway whose route wins (G5, G6);
   * the loser is listed as Invalid with the reason, and so is every
   * gateway route that a VNet or peering system route covers (G2). */
  if (nv->gw_owner >= 0 && nvnet (net, nv->gw_owner)->rs >= 0 && spk (net, nvnet (net, nv->gw_owner)->rs)->up)
    route_server_rows (net, v, spk (net, nvnet (net, nv->gw_owner)->rs), table, bgp_rows);
  else if (nv->gw_owner >= 0)
    {
      NetVnet *owner = nvnet (net, nv->gw_owner);

      for (guint t = 0; t < 2; t++)
        {
          Speaker *gw;
          RibIter iter;
          Entry *entry;

          if (owner->gw[t] < 0 || !spk (net, owner->gw[t])->up)
            continue;
          gw = spk (net, owner->gw[t]);

          _vnl_rib_iter_init (&iter, &gw->rib);
          while (_vnl_rib_iter_next (&iter, NULL, &entry))
            {
              VnlRoute *best;
              VnlRouteRow *row;
              Entry *other;
              gpointer key;
              const PeerRoute *peer;
              VnlReason why;

              if (entry->n_best == 0)
                continue;
              best = entry_winner (entry);
              if (best->origin == VNL_ORIGIN_NETWORK || best->origin == VNL_ORIGIN_TRANSIT_PEER)
                continue;

              row = gateway_row (net, gw, entry, table);
              if (_vnl_vnet_system_route (net, v, &best->prefix, &peer) != VNET_NEXT_NONE)
                {
                  row_lose (row, VNL_REASON_SYSTEM_ROUTE);
                  continue;
                }

              /* Both gateways have it: the one helper forwarding uses
               * decides (G5, G6). */
              key = GSIZE_TO_POINTER (vnl_prefix_key (&best->prefix));
              other = g_hash_table_lookup (bgp_entries, key);
              if (other == NULL)
                {
                  g_hash_table_insert (bgp_entries, key, entry);
                  g_hash_table_insert (bgp_rows, key, row);
                }
              else if (_vnl_gateway_entry_better (entry, other, &why))
                {
                  row_lose (g_hash_table_lookup (bgp_rows, key), why);
                  row->reason = why;
                  g_hash_table_insert (bgp_entries, key, entry);
                  g_hash_table_insert (bgp_rows, key, row);
                }
              else
                {
                  row_lose (row, why);
                  ((VnlRouteRow *) g_hash_table_lookup (bgp_rows, key))->reason = why;
                }
            }
        }
    }

  /* A spoke of a Virtual WAN hub: what its hub programs into it, with
   * next hop type "Virtual network gateway", which "implies the Virtual
   * hub router" (spec §1.3 D; vnl-vwan.c says which routes). */
  {
    g_autoptr(GPtrArray) hub_routes = _vnl_vwan_vnet_routes (net, v);

    for (guint i = 0; i < hub_routes->len; i++)
      {
        const HubRoute *route = hub_routes->pdata[i];
        gpointer key = GSIZE_TO_POINTER (vnl_prefix_key (&route->prefix));
        VnlRouteRow *row = row_add (table, &route->prefix, "Virtual network gateway", "Virtual network gateway");
        const PeerRoute *peer;

        row->best = TRUE;
        row->next_hop = g_strdup_printf ("%s (hub router)", net->vwan != NULL
                                         ? g_array_index (net->vwan->hubs, NetHub, _vnl_vwan_spoke_hub (net, v)).hub->parent.name
                                         : "");
        row->as_path = vnl_as_path_to_string (route->path);
        /* Over its hub virtual network connection, as a trace goes. */
        row->learned_from = g_strdup (_vnl_vwan_spoke_connection (net, v));
        if (_vnl_vnet_system_route (net, v, &route->prefix, &peer) != VNET_NEXT_NONE)
          row_lose (row, VNL_REASON_SYSTEM_ROUTE);
        else if (g_hash_table_contains (bgp_rows, key))
          row_lose (row, VNL_REASON_ROUTE_TYPE);
        else
          g_hash_table_insert (bgp_rows, key, row);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (_vnl_default_routes); i++)
    {
      VnlPrefix p = { _vnl_default_routes[i].addr, _vnl_default_routes[i].len };
      VnlRouteRow *row = row_add (table, &p, "Default",
                                  _vnl_default_routes[i].internet ? "Internet" : "None");
      const PeerRoute *peer;

      /* Same prefix: a BGP route wins over the system route (G2); a VNet
       * or peering space that covers it wins over both. */
      row->best = TRUE;
      if (_vnl_vnet_system_route (net, v, &p, &peer) != VNET_NEXT_NONE)
        row_lose (row, VNL_REASON_SYSTEM_ROUTE);
      else if (g_hash_table_contains (bgp_rows, GSIZE_TO_POINTER (vnl_prefix_key (&p))))
        row_lose (row, VNL_REASON_ROUTE_TYPE);
    }
}

/* The Azure portal's words for the next-hop types of user-defined routes. */
static const char * const udr_next_hop_labels[] = {
  [VNL_UDR_VIRTUAL_APPLIANCE] = "Virtual appliance",
  [VNL_UDR_GATEWAY]           = "Virtual network gateway",
  [VNL_UDR_VNET_LOCAL]        = "Virtual network",
  [VNL_UDR_INTERNET]          = "Internet",
  [VNL_UDR_NONE]              = "None",
};

static gboolean
has_valid_udr (VnlNetwork      *net,
               int              v,
               VnlUdrTable     *udrt,
               const VnlPrefix *prefix)
{
  for (guint i = 0; i < udrt->routes->len; i++)
    {
      const VnlUdr *udr = udrt->routes->pdata[i];
      if (vnl_prefix_equal (&udr->prefix, prefix) && _vnl_udr_check (net, v, udrt, udr) == VNL_REASON_ONLY_ROUTE)
        return TRUE;
    }
  return FALSE;
}

/* The /32 of every private endpoint in VNet @v or a direct peer, as
 * Azure shows it ("InterfaceEndpoint"): Invalid where a user-defined
 * route of @udrt overrides it (_vnl_private_endpoint_len() in
 * vnl-rules.c decides, as forwarding does). */
static void
private_endpoint_rows (VnlNetwork    *net,
                       int            v,
                       VnlUdrTable   *udrt,
                       VnlRouteTable *table)
{
  for (guint e = 0; e < net->endpoints->len; e++)
    {
      NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, e);
      VnlPrefix host = { ne->endpoint->address, 32 };
      const PeerRoute *peer;
      const VnlUdr *longest = NULL;
      VnlRouteRow *row;

      if (!ne->endpoint->private_endpoint || ne->vnet < 0 ||
          _vnl_vnet_system_route (net, v, &host, &peer) == VNET_NEXT_NONE)
        continue;
      for (guint i = 0; i < udrt->routes->len; i++)
        {
          const VnlUdr *udr = udrt->routes->pdata[i];
          if (vnl_prefix_contains_ip (&udr->prefix, host.addr) && _vnl_udr_check (net, v, udrt, udr) == VNL_REASON_ONLY_ROUTE &&
              (longest == NULL || udr->prefix.len > longest->prefix.len))
            longest = udr;
        }
      row = row_add (table, &host, "Default", "InterfaceEndpoint");
      row->best = TRUE;
      row->learned_from = g_strdup (ne->endpoint->parent.name);
      if (longest != NULL && _vnl_private_endpoint_len (net, host.addr, longest) < 0)
        row_lose (row, VNL_REASON_USER_DEFINED);
    }
}

/* The effective routes of a subnet with route table @udrt, decided as
 * _vnl_subnet_route() decides: the VNet's rows, with the gateway rows
 * Invalid when propagation is off, then the user-defined routes (Invalid
 * with the reason when their next hop cannot be used), which take the
 * rows of the same prefix and, for a 0.0.0.0/0, the None routes it
 * removes. */
static void
subnet_rows (VnlNetwork    *net,
             int            v,
             VnlUdrTable   *udrt,
             VnlRouteTable *table)
{
  static const VnlPrefix default_route = { 0, 0 };
  gboolean has_default = has_valid_udr (net, v, udrt, &default_route);
  guint n_vnet_rows;

  vnet_rows (net, v, table);
  n_vnet_rows = table->rows->len;

  for (guint i = 0; i < n_vnet_rows && !udrt->propagate_gateway_routes; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];

      if (g_str_equal (row->source, "Virtual network gateway"))
        row_lose (row, VNL_REASON_PROPAGATION_OFF);
      else if (!row->active && row->reason == VNL_REASON_ROUTE_TYPE)
        {
          /* It lost only to a gateway route that is not there. */
          row->active = row->best = TRUE;
          row->reason = VNL_REASON_ONLY_ROUTE;
        }
    }

  for (guint i = 0; i < n_vnet_rows; i++)
    {
      VnlRouteRow *row = table->rows->pdata[i];

      if (!row->active)
        continue;
      if (has_valid_udr (net, v, udrt, &row->prefix))
        row_lose (row, VNL_REASON_USER_DEFINED);
      else if (has_default && g_str_equal (row->source, "Default") && g_str_equal (row->next_hop_type, "None") &&
               _vnl_udr_default_removes (&row->prefix))
        row_lose (row, VNL_REASON_UDR_DEFAULT);
    }

  private_endpoint_rows (net, v, udrt, table);

  for (guint i = 0; i < udrt->routes->len; i++)
    {
      const VnlUdr *udr = udrt->routes->pdata[i];
      VnlRouteRow *row = row_add (table, &udr->prefix, "User", udr_next_hop_labels[udr->next_hop]);
      VnlReason why = _vnl_udr_check (net, v, udrt, udr);

      row->best = TRUE;
      row->learned_from = g_strdup (udr->name);
      if (udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE)
        row->next_hop = vnl_ip_to_string (udr->next_hop_ip);
      if (why != VNL_REASON_ONLY_ROUTE)
        row_lose (row, why);
      else
        /* It took a system or gateway route of its prefix: say so. */
        for (guint j = 0; j < n_vnet_rows; j++)
          if (vnl_prefix_equal (&((VnlRouteRow *) table->rows->pdata[j])->prefix, &udr->prefix))
            row->reason = VNL_REASON_USER_DEFINED;
    }
}

/* "VNET/SUBNET": the subnet's effective routes. NULL when @node is not of
 * that form or names no subnet. */
static VnlRouteTable *
subnet_table (VnlNetwork *self,
              const char *node)
{
  const char *slash = strchr (node, '/');
  g_autofree char *vnet_name = NULL;
  VnlVnet *vnet;
  int v;

  if (slash == NULL)
    return NULL;
  vnet_name = g_strndup (node, slash - node);
  vnet = vnl_design_lookup_kind (self->design, vnet_name, VNL_KIND_VNET);
  if (vnet == NULL || (v = _vnl_network_vnet_of (self, vnet_name)) < 0)
    return NULL;
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];
      VnlUdrTable *udrt;
      const char *found;
      VnlRouteTable *table;

      if (g_strcmp0 (subnet->name, slash + 1) != 0)
        continue;
      udrt = _vnl_subnet_table (self, v, subnet->prefix.addr, &found);
      /* A more specific subnet inside it is another subnet. */
      if (g_strcmp0 (found, subnet->name) != 0)
        udrt = NULL;
      table = table_new (VNL_TABLE_VNET, node,
                         udrt != NULL
                         ? g_strdup_printf (_("Effective routes of subnet %s of VNet %s (route table %s)"),
                                            subnet->name, vnet_name, udrt->parent.name)
                         : g_strdup_printf (_("Effective routes of subnet %s of VNet %s (no route table)"),
                                            subnet->name, vnet_name));
      if (udrt != NULL)
        subnet_rows (self, v, udrt, table);
      else
        vnet_rows (self, v, table);
      return table;
    }
  return NULL;
}

/* The effective routes of an endpoint's NIC: those of its subnet, as
 * Network Watcher shows them per NIC. */
static VnlRouteTable *
nic_table (VnlNetwork  *self,
           const char  *node,
           const char  *vnet,
           guint32      address)
{
  int v = _vnl_network_vnet_of (self, vnet);
  VnlUdrTable *udrt;
  const char *subnet = NULL;
  VnlRouteTable *table;
  char addr[16];

  if (v < 0)
    return NULL;
  vnl_ip_format (address, addr);
  udrt = _vnl_subnet_table (self, v, address, &subnet);
  table = table_new (VNL_TABLE_VNET, node,
                     g_strdup_printf (_("Effective routes of the NIC of %s (%s), subnet %s of VNet %s, %s"),
                                      node, addr, subnet != NULL ? subnet : _("none"),
                                      vnet,
                                      udrt != NULL ? udrt->parent.name : _("no route table")));
  if (udrt != NULL)
    subnet_rows (self, v, udrt, table);
  else
    vnet_rows (self, v, table);
  return table;
}

/* The note of a table: each BGP session of @speaker a prefix limit
 * dropped, the routes it carried gone from the table (spec §4); for a
 * gateway also those of the MSEEs it peers with, whose routes it would
 * have learned. */
static void
note_dropped (VnlNetwork    *self,
              int            speaker,
              VnlRouteTable *table)
{
  GArray *sessions;
  GString *note;

  if (speaker < 0)
    return;
  sessions = spk (self, speaker)->sessions;
  note = g_string_new (table->note);
  for (guint i = 0; i < sessions->len; i++)
    {
      Session *session = ses (self, g_array_index (sessions, guint, i));
      int peer = session->speaker[session->speaker[0] == speaker ? 1 : 0];
      VnlPrefixLimit limit;
      g_autofree char *text = NULL;

      if (session->kind == SES_ER && spk (self, speaker)->kind == SPK_GATEWAY)
        {
          g_free (table->note);
          table->note = note->len > 0 ? g_strdup (note->str) : NULL;
          note_dropped (self, peer, table);
          g_string_assign (note, table->note != NULL ? table->note : "");
        }
      if (session->dropped == 0)
        continue;
      limit.session = session->object->name;
      limit.receiver = spk (self, session->speaker[session->dropped_side])->name;
      limit.sender = spk (self, session->speaker[1 - session->dropped_side])->name;
      limit.received = session->dropped;
      limit.limit = session->prefix_limit[session->dropped_side];
      limit.dropped = TRUE;
      text = vnl_prefix_limit_describe (&limit);
      if (strstr (note->str, text) != NULL)
        continue;
      g_string_append_printf (note, "%s%s.", note->len > 0 ? " " : "", text);
    }
  g_free (table->note);
  table->note = note->len > 0 ? g_string_free (note, FALSE) : (g_string_free (note, TRUE), NULL);
}

/**
 * vnl_network_get_tables:
 *
 * Returns: (transfer full) (element-type VnlRouteTable): the tables
 */
/* The BGP table of speaker @s, titled by what it is, with a note on the
 * sessions a prefix limit dropped. */
static VnlRouteTable *
speaker_table (VnlNetwork *self,
               int         s)
{
  Speaker *speaker = spk (self, s);
  VnlRouteTable *table;
  VnlTableKind kind;
  char *title;

  switch (speaker->kind)
    {
    case SPK_MSEE:
      {
        char addr[16];
        vnl_ip_format (((VnlLink *) speaker->object)->msee_address, addr);
        kind = VNL_TABLE_MSEE;
        title = g_strdup_printf (_("MSEE of %s (%s), AS %u"), speaker->name, addr, speaker->asn);
      }
      break;
    case SPK_GATEWAY:
      kind = VNL_TABLE_GATEWAY;
      title = g_strdup_printf (_("Learned routes of gateway %s, AS %u"), speaker->name, speaker->asn);
      break;
    case SPK_CE:
      kind = VNL_TABLE_CE;
      title = g_strdup_printf (_("BGP table of CE router %s, AS %u"), speaker->name, speaker->asn);
      break;
    case SPK_ROUTE_SERVER:
      kind = VNL_TABLE_ROUTE_SERVER;
      title = g_strdup_printf (_("Routes of route server %s, AS %u (learned from each peer)"),
                               speaker->name, speaker->asn);
      break;
    case SPK_APPLIANCE:
      kind = VNL_TABLE_APPLIANCE;
      title = g_strdup_printf (_("BGP table of appliance %s, AS %u"), speaker->name, speaker->asn);
      break;
    case SPK_LNG:
    default:
      kind = VNL_TABLE_LNG;
      title = g_strdup_printf (_("BGP table of local network gateway %s, AS %u"), speaker->name, speaker->asn);
      break;
    }
  table = table_new (kind, speaker->name, title);
  speaker_rows (self, speaker, table);
  note_dropped (self, s, table);
  return table;
}

/* What route server @s advertises to each of its appliance peers, as `az
 * network routeserver peering list-advertised-routes` lists it: one table
 * per peering that is up, the routes its export filters let through. */
static void
advertised_tables (VnlNetwork *self,
                   int         s,
                   GPtrArray  *tables)
{
  Speaker *rs = spk (self, s);

  for (guint i = 0; i < rs->sessions->len; i++)
    {
      int k = g_array_index (rs->sessions, guint, i);
      Session *session = ses (self, k);
      int side = session->speaker[0] == s ? 0 : 1;
      VnlRouteTable *table;
      RibIter iter;
      Entry *entry;

      if (session->kind != SES_RS_PEER || !session->up)
        continue;
      table = table_new (VNL_TABLE_ROUTE_SERVER, rs->name,
                         g_strdup_printf (_("Routes route server %s advertises to %s over %s"), rs->name,
                                          spk (self, session->speaker[1 - side])->name, session->object->name));
      _vnl_rib_iter_init (&iter, &rs->rib);
      while (_vnl_rib_iter_next (&iter, NULL, &entry))
        {
          VnlFilter why;
          g_autoptr(VnlRoute) out = _vnl_export_route (self, s, k, side, entry, &why);
          VnlRouteRow *row;

          if (out == NULL)
            continue;
          row = row_add (table, &out->prefix, vnl_origin_to_string (entry_winner (entry)->origin), NULL);
          row->next_hop = vnl_ip_to_string (out->next_hop);
          row->as_path = vnl_as_path_to_string (out->path);
          row->learned_from = neighbour_name (self, entry_winner (entry));
          row->best = TRUE;
          row->reason = entry->reason;
        }
      g_ptr_array_add (tables, table);
    }
}

GPtrArray *
vnl_network_get_tables (VnlNetwork  *self,
                        const char  *node,
                        GError     **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_table_free);
  VnlObject *object;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);

  object = vnl_design_lookup (self->design, node);
  /* HUB/TABLE: a Virtual WAN hub route table (HUB/defaultRouteTable). */
  if (object == NULL && _vnl_vwan_table_by_path (self, node) >= 0)
    {
      _vnl_vwan_add_tables (self, NULL, node, tables);
      g_ptr_array_sort (((VnlRouteTable *) tables->pdata[0])->rows, row_compare);
      return g_steal_pointer (&tables);
    }
  if (object == NULL && strchr (node, '/') != NULL)
    {
      VnlRouteTable *table = subnet_table (self, node);

      if (table == NULL)
        {
          g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                       _("the design has no subnet “%s” (VNET/SUBNET)"), node);
          return NULL;
        }
      g_ptr_array_add (tables, table);
      g_ptr_array_sort (table->rows, row_compare);
      return g_steal_pointer (&tables);
    }
  if (object == NULL)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                   _("the design has no object named “%s”"), node);
      return NULL;
    }

  switch (object->kind)
    {
    case VNL_KIND_VNET:
      {
        int v = _vnl_network_vnet_of (self, node);
        VnlRouteTable *table = table_new (VNL_TABLE_VNET, node,
                                          g_strdup_printf (_("Effective routes of VNet %s"), node));
        if (v >= 0)
          {
            vnet_rows (self, v, table);
            /* The gateways it uses: what a dropped session took away. */
            if (nvnet (self, v)->gw_owner >= 0)
              for (guint t = 0; t < 2; t++)
                note_dropped (self, nvnet (self, nvnet (self, v)->gw_owner)->gw[t], table);
            /* And its route server, over an appliance's routes. */
            if (nvnet (self, v)->gw_owner >= 0)
              note_dropped (self, nvnet (self, nvnet (self, v)->gw_owner)->rs, table);
          }
        g_ptr_array_add (tables, table);
      }
      break;

    case VNL_KIND_CIRCUIT:
    case VNL_KIND_LINK:
    case VNL_KIND_GATEWAY:
    case VNL_KIND_CE:
    case VNL_KIND_LNG:
    case VNL_KIND_ROUTE_SERVER:
      {
        VnlCircuit *circuit = object->kind == VNL_KIND_CIRCUIT ? (VnlCircuit *) object : NULL;
        const char *names[2] = { node, NULL };

        if (circuit != NULL)
          {
            names[0] = circuit->links[0];
            names[1] = circuit->links[1];
          }

        for (guint i = 0; i < 2; i++)
          {
            int s = _vnl_network_speaker_of (self, names[i]);

            if (names[i] == NULL || s < 0)
              continue;
            g_ptr_array_add (tables, speaker_table (self, s));
            if (spk (self, s)->kind == SPK_ROUTE_SERVER)
              advertised_tables (self, s, tables);
          }
      }
      break;

    case VNL_KIND_ENDPOINT:
      {
        VnlEndpoint *endpoint = (VnlEndpoint *) object;
        VnlRouteTable *table = nic_table (self, endpoint->parent.name, endpoint->owner, endpoint->address);
        if (table != NULL)
          g_ptr_array_add (tables, table);
      }
      break;

    case VNL_KIND_APPLIANCE:
      {
        /* An appliance forwards by the routes of its NICs' subnets: one
         * table per NIC, as Network Watcher shows them. */
        VnlAppliance *appliance = (VnlAppliance *) object;
        guint32 nics[2] = { appliance->address, appliance->address_2 };

        for (guint i = 0; i < G_N_ELEMENTS (nics); i++)
          {
            VnlRouteTable *table = nics[i] != 0 ? nic_table (self, object->name, appliance->vnet, nics[i]) : NULL;
            if (table != NULL)
              g_ptr_array_add (tables, table);
          }
        /* An appliance that speaks BGP: its BGP table too (what it
         * learned from the route server and its SD-WAN branches). */
        if (_vnl_network_speaker_of (self, node) >= 0)
          g_ptr_array_add (tables, speaker_table (self, _vnl_network_speaker_of (self, node)));
      }
      break;

    case VNL_KIND_FIREWALL:
      {
        VnlFirewall *firewall = (VnlFirewall *) object;
        VnlRouteTable *table = nic_table (self, object->name, firewall->vnet, firewall->address);
        if (table != NULL)
          g_ptr_array_add (tables, table);
      }
      break;

    case VNL_KIND_LOCATION:
    case VNL_KIND_SITE:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_KIND_ROUTE_TABLE:
    case VNL_KIND_NSG:
    case VNL_KIND_VIRTUAL_HUB:
    case VNL_KIND_HUB_ROUTE_TABLE:
      /* Every route table of the hub, or the one table. */
      _vnl_vwan_add_tables (self, object, NULL, tables);
      break;

    case VNL_KIND_VIRTUAL_WAN:
    case VNL_KIND_HUB_CONNECTION:
    case VNL_KIND_RS_PEERING:
    case VNL_KIND_SDWAN_TUNNEL:
    case VNL_N_KINDS:
    default:
      break;
    }

  if (tables->len == 0)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_NOT_ROUTABLE,
                   _("“%s” is a %s, which has no routing table (try a VNet, VNET/SUBNET, endpoint in a VNet, gateway, circuit, link or CE)"),
                   node, vnl_kind_to_string (object->kind));
      return NULL;
    }

  for (guint i = 0; i < tables->len; i++)
    g_ptr_array_sort (((VnlRouteTable *) tables->pdata[i])->rows, row_compare);

  return g_steal_pointer (&tables);
}
