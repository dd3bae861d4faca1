/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-route-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-network-private.h"

/*
 * DOC: Azure Route Server, its appliances and their SD-WAN branches
 *
 * The rules of spec §1.3 C (shared/spec/azure-beyond-the-lab.md) quoted
 * from articles/route-server/, each beside the code that applies it:
 *
 *  - a route server is a speaker of its VNet (SPK_ROUTE_SERVER, AS 65515)
 *    that never forwards a packet; an appliance with an ASN is a speaker
 *    too (SPK_APPLIANCE) and stays the data-plane device it was;
 *  - sessions: one per route-server-peering (SES_RS_PEER, limited to
 *    8 per route server and to 1,000 routes from each peer), one with
 *    each gateway of the VNet (SES_RS_GATEWAY: Azure runs it, the file has
 *    no object for it; iBGP-like, nothing prepended, no loop check), one
 *    per sd-wan-tunnel (SES_SDWAN, appliance ↔ a branch's CE);
 *  - what the route server sends and accepts (_vnl_route_server_export(),
 *    _vnl_route_server_import(), called by the export and import filters
 *    of vnl-rules.c): branch-to-branch, NO_ADVERTISE, the address-space
 *    filter, the loop of 65515, the hub routing preference (rs_rank, one
 *    rung of vnl_route_compare());
 *  - which route a VNet using the route server takes
 *    (_vnl_route_server_vnet_route()): the route server's selection, over
 *    the gateway it came from or to the appliance that sent it.
 *
 * Invariants: NetVnet.rs is the first route server of the VNet; a VNet
 * with a route server counts as having a gateway (the portal's "Use the
 * remote virtual network's gateway or Route Server"), so its peers that
 * use remote gateways use its route server (G18).
 */

/* includes/route-server-limits.md: "Number of BGP peers supported: 8";
 * "Number of routes each BGP peer can advertise to Azure Route Server:
 * 1,000"; "If your NVA advertises more routes than the limit, the BGP
 * session will get dropped." */
#define RS_MAX_PEERS        8
#define RS_ROUTES_PER_PEER  1000

/* The subnet named RouteServerSubnet of @vnet, NULL none. */
static const VnlSubnet *
route_server_subnet (VnlVnet *vnet)
{
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      const VnlSubnet *subnet = vnet->subnets->pdata[i];
      if (g_strcmp0 (subnet->name, "RouteServerSubnet") == 0)
        return subnet;
    }
  return NULL;
}

/* Instance @i's address: set, else the 4th and 5th address of
 * RouteServerSubnet (x.x.x.4 and .5 of its range: Azure keeps the first
 * four of a subnet and gives a route server the next two), 0 unknown. */
guint32
vnl_route_server_get_address (VnlDesign            *design,
                              const VnlRouteServer *rs,
                              guint                 i)
{
  VnlVnet *vnet;
  const VnlSubnet *subnet;

  g_return_val_if_fail (rs != NULL && i < 2, 0);

  if (rs->addresses[i] != 0)
    return rs->addresses[i];
  vnet = vnl_design_lookup_kind (design, rs->vnet, VNL_KIND_VNET);
  if (vnet == NULL || (subnet = route_server_subnet (vnet)) == NULL || subnet->prefix.len > 29)
    return 0;
  return (subnet->prefix.addr & vnl_prefix_mask (subnet->prefix.len)) + 4 + i;
}

/* The appliance's address on a peering: its peer IP, else its NIC. */
static guint32
peer_address (const VnlRsPeering *peering,
              const VnlAppliance *appliance)
{
  return peering->peer_ip != 0 ? peering->peer_ip : appliance->address;
}

/* A peering opens when both ends agree: the route server's peer ASN is
 * the appliance's, and its peer IP one of the appliance's NICs ("The ASN
 * you choose must be different from the one Azure Route Server uses",
 * [RS-FAQ]; an ASN Azure refuses never gets this far, validation says
 * so). */
gboolean
_vnl_rs_peering_agrees (VnlDesign          *design,
                        const VnlRsPeering *peering,
                        char              **reason)
{
  VnlAppliance *appliance = vnl_design_lookup_kind (design, peering->appliance, VNL_KIND_APPLIANCE);
  guint32 ip;

  if (appliance == NULL)
    return TRUE;
  ip = peer_address (peering, appliance);
  if (appliance->asn != peering->peer_asn)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("the peering's peer ASN %u is not the ASN of %s (%u)"),
                                   peering->peer_asn, appliance->parent.name, appliance->asn);
      return FALSE;
    }
  if (ip != appliance->address && ip != appliance->address_2)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("the peering's peer IP is not an address of %s"), appliance->parent.name);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Compiling                                                              */

static void
compile_appliance_speakers (VnlNetwork *self)
{
  for (guint i = 0; i < self->appliances->len; i++)
    {
      NetAppliance *na = &g_array_index (self->appliances, NetAppliance, i);
      VnlAppliance *appliance = (VnlAppliance *) na->object;
      int index;

      na->speaker = -1;
      if (na->firewall || appliance->asn == 0 ||
          _vnl_network_speaker_of (self, na->object->name) >= 0)
        continue;
      index = _vnl_network_add_speaker (self, SPK_APPLIANCE, na->object, appliance->asn,
                                        nvnet (self, na->vnet)->vnet->location);
      spk (self, index)->vnet = na->vnet;
      spk (self, index)->appliance = (int) i;
      na->speaker = index;
    }
}

static void
compile_route_servers (VnlNetwork *self)
{
  GPtrArray *objects = vnl_design_get_objects (self->design, VNL_KIND_ROUTE_SERVER);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlRouteServer *rs = objects->pdata[i];
      int v = _vnl_network_vnet_of (self, rs->vnet);
      guint32 address = vnl_route_server_get_address (self->design, rs, 0);
      int index;

      /* [RS-FAQ] "You can create only one route server in a virtual
       * network": the first counts, validation reports the others. */
      if (v < 0 || nvnet (self, v)->rs >= 0)
        continue;
      index = _vnl_network_add_speaker (self, SPK_ROUTE_SERVER, &rs->parent, VNL_AZURE_DEFAULT_ASN,
                                        nvnet (self, v)->vnet->location);
      spk (self, index)->vnet = v;
      spk (self, index)->max_paths = ECMP_MAX_PATHS;
      nvnet (self, v)->rs = index;
      nvnet (self, v)->has_gateway = TRUE;

      /* [RS-ERVPN] "You don't need to configure or manage the BGP
       * peering between the gateway and Azure Route Server." */
      for (guint t = 0; t < 2; t++)
        {
          int gw = nvnet (self, v)->gw[t];
          VnlGateway *gateway;

          if (gw < 0)
            continue;
          gateway = (VnlGateway *) spk (self, gw)->object;
          _vnl_network_add_session (self, SES_RS_GATEWAY, &rs->parent, index, address, gw,
                                    gateway->instances->len > 0 ? g_array_index (gateway->instances, guint32, 0)
                                                                : gateway->bgp_address,
                                    TRUE);
        }
    }
}

static void
compile_rs_peerings (VnlNetwork *self)
{
  GPtrArray *objects = vnl_design_get_objects (self->design, VNL_KIND_RS_PEERING);
  g_autoptr(GHashTable) peers = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlRsPeering *peering = objects->pdata[i];
      int rs = _vnl_network_speaker_of (self, peering->route_server);
      int app = _vnl_network_speaker_of (self, peering->appliance);
      guint n;
      int s;

      if (rs < 0 || app < 0 || spk (self, rs)->kind != SPK_ROUTE_SERVER || spk (self, app)->kind != SPK_APPLIANCE)
        continue;
      /* Beyond the 8 peers a route server supports, the peering is not
       * established (validation warns). */
      n = GPOINTER_TO_UINT (g_hash_table_lookup (peers, GINT_TO_POINTER (rs)));
      g_hash_table_insert (peers, GINT_TO_POINTER (rs), GUINT_TO_POINTER (n + 1));
      if (n >= RS_MAX_PEERS)
        continue;
      s = _vnl_network_add_session (self, SES_RS_PEER, &peering->parent, rs,
                                    vnl_route_server_get_address (self->design, (VnlRouteServer *) spk (self, rs)->object, 0),
                                    app, peer_address (peering, (VnlAppliance *) spk (self, app)->object), TRUE);
      ses (self, s)->prefix_limit[0] = RS_ROUTES_PER_PEER;
    }
}

static void
compile_sdwan_tunnels (VnlNetwork *self)
{
  GPtrArray *objects = vnl_design_get_objects (self->design, VNL_KIND_SDWAN_TUNNEL);

  for (guint i = 0; i < objects->len; i++)
    {
      VnlSdwanTunnel *tunnel = objects->pdata[i];
      int app = _vnl_network_speaker_of (self, tunnel->appliance);
      int ce = _vnl_network_speaker_of (self, tunnel->ce);
      VnlCe *router;

      if (app < 0 || ce < 0 || spk (self, app)->kind != SPK_APPLIANCE || spk (self, ce)->kind != SPK_CE)
        continue;
      router = (VnlCe *) spk (self, ce)->object;
      _vnl_network_add_session (self, SES_SDWAN, &tunnel->parent,
                                app, ((VnlAppliance *) spk (self, app)->object)->address,
                                ce, router->tunnel_address != 0 ? router->tunnel_address : router->public_address,
                                TRUE);
    }
}

/* After the gateways, CEs and appliances: speakers before sessions. */
void
_vnl_route_server_compile (VnlNetwork *self)
{
  compile_appliance_speakers (self);
  compile_route_servers (self);
  compile_rs_peerings (self);
  compile_sdwan_tunnels (self);
}

/* ---------------------------------------------------------------------- */
/* What the route server sends and accepts                                */

static VnlRouteServer *
rs_of (Speaker *speaker)
{
  g_assert (speaker->kind == SPK_ROUTE_SERVER);
  return (VnlRouteServer *) speaker->object;
}

/* A route the route server learned from an appliance (else from a gateway
 * or its own). */
static gboolean
from_appliance (VnlNetwork     *self,
                const VnlRoute *route)
{
  return route->session >= 0 && ses (self, route->session)->kind == SES_RS_PEER;
}

static gboolean
from_gateway (VnlNetwork     *self,
              const VnlRoute *route)
{
  return route->session >= 0 && ses (self, route->session)->kind == SES_RS_GATEWAY;
}

/* Speaker @from exports @best over session @s: the rules of the route
 * server and of what is sent to it. FALSE refuses, with @why. */
gboolean
_vnl_route_server_export (VnlNetwork *self,
                          int         from,
                          int         s,
                          VnlRoute   *best,
                          VnlFilter  *why)
{
  Speaker *speaker = spk (self, from);
  Session *session = ses (self, s);

  /* Between a route server and its VNet's gateways only learned routes
   * travel: both originate the VNet and the spokes using it. */
  if (session->kind == SES_RS_GATEWAY && best->origin != VNL_ORIGIN_BGP && best->origin != VNL_ORIGIN_STATIC)
    {
      *why = VNL_FILTER_RS_OWN_NETWORKS;
      return FALSE;
    }
  if (speaker->kind != SPK_ROUTE_SERVER)
    return TRUE;

  /* [RS-FAQ] "Azure Route Server supports NO_ADVERTISE BGP Community. If
   * an NVA advertises routes with this community string to the route
   * server, the route server won't advertise it to other peers including
   * the ExpressRoute gateway." */
  if (best->no_advertise)
    {
      *why = VNL_FILTER_NO_ADVERTISE;
      return FALSE;
    }

  /* [RS-ERVPN] "by default Azure Route Server doesn't propagate the routes
   * it receives from the NVA and ExpressRoute gateway between each other.
   * Once you enable the route exchange, ExpressRoute and the NVA will
   * learn each other's routes" — and the ExpressRoute and VPN gateways
   * each other's ([RS-FAQ]: transit "between ExpressRoute and a
   * Site-to-Site (S2S) VPN gateway connections, if the Branch-to-Branch
   * setting is enabled"). Appliances learn each other's routes either
   * way (NO_ADVERTISE exists to stop that), and the VNet's and the
   * spokes' spaces ([RS-FAQ] "Azure Route Server will learn the address
   * spaces of that virtual network and send them to all the peered
   * NVAs"). */
  if (!rs_of (speaker)->branch_to_branch &&
      ((session->kind == SES_RS_GATEWAY && (from_appliance (self, best) || from_gateway (self, best))) ||
       (session->kind == SES_RS_PEER && from_gateway (self, best))))
    {
      *why = VNL_FILTER_NO_BRANCH_TO_BRANCH;
      return FALSE;
    }
  return TRUE;
}

/* [RS-PREF] the rank of a route by where it came from: ExpressRoute,
 * else VPN or NVA (0 wins). */
static guint
preference_rank (VnlNetwork *self,
                 Speaker    *rs,
                 Session    *session,
                 int         side)
{
  gboolean expressroute = FALSE;

  if (session->kind == SES_RS_GATEWAY)
    {
      Speaker *gw = spk (self, session->speaker[1 - side]);
      expressroute = ((VnlGateway *) gw->object)->type == VNL_GATEWAY_EXPRESSROUTE;
    }
  switch (rs_of (rs)->preference)
    {
    case VNL_HUB_PREF_EXPRESSROUTE:
      return expressroute ? 0 : 1;
    case VNL_HUB_PREF_VPN:
      return expressroute ? 1 : 0;
    case VNL_HUB_PREF_AS_PATH:
    default:
      return 0;
    }
}

/* Speaker @to (a route server or an appliance) accepts @route over session
 * @s: FALSE refuses, with @why (the caller frees the route). */
gboolean
_vnl_route_server_import (VnlNetwork *self,
                          int         to,
                          int         s,
                          VnlRoute   *route,
                          VnlFilter  *why)
{
  Speaker *speaker = spk (self, to);
  Session *session = ses (self, s);

  if (speaker->kind != SPK_ROUTE_SERVER)
    return TRUE;

  if (session->kind == SES_RS_PEER)
    {
      /* [RS-INJ] "Azure Route Server doesn't advertise a route that is the
       * same or longer prefix than the virtual network address space
       * learned from the NVA. In other words, Azure Route Server won't
       * inject these prefixes into the virtual network and they won't be
       * programmed on the NICs of virtual machines in the hub or spoke
       * VNets"; "Azure Route Server, however, will advertise a larger
       * subnet than the VNet address space". vnetlab reads "the virtual
       * network address space" as the route server's VNet's and the
       * spokes' that use it. */
      if (_vnl_speaker_serves (self, speaker, &route->prefix))
        {
          *why = VNL_FILTER_RS_INSIDE_VNET;
          return FALSE;
        }
      /* The loop of 65515 ([I-DOCS-PR128635]: a route whose AS path
       * already holds 65515 is dropped) is the general eBGP loop check of
       * _vnl_import_route(), the route server's ASN being 65515. */
    }

  route->rs_rank = preference_rank (self, speaker, session, session->speaker[0] == to ? 0 : 1);
  return TRUE;
}

/* What a route server and an appliance originate. */
void
_vnl_route_server_local (VnlNetwork *self,
                         int         index,
                         GPtrArray  *out)
{
  Speaker *speaker = spk (self, index);

  if (speaker->kind == SPK_ROUTE_SERVER)
    {
      /* [RS-FAQ] the route server learns "the address spaces of that
       * virtual network and send them to all the peered NVAs": its VNet
       * and those using it through peering with use-remote-gateways. */
      GArray *users = nvnet (self, speaker->vnet)->users;

      for (guint u = 0; u < users->len; u++)
        {
          int v = g_array_index (users, int, u);
          NetVnet *nv = nvnet (self, v);
          GArray *spaces = nv->vnet->address_spaces;

          if (!nv->up)
            continue;
          for (guint i = 0; i < spaces->len; i++)
            {
              VnlRoute *route = vnl_route_new (&g_array_index (spaces, VnlPrefix, i), NULL,
                                               v == speaker->vnet ? VNL_ORIGIN_NETWORK : VNL_ORIGIN_TRANSIT_PEER);
              route->exportable = TRUE;
              g_ptr_array_add (out, route);
            }
        }
    }
  else if (speaker->kind == SPK_APPLIANCE)
    {
      /* What it is configured to announce; its branches' routes come over
       * the SD-WAN sessions and are re-announced as learned routes. */
      GArray *prefixes = ((VnlAppliance *) speaker->object)->advertises;

      for (guint i = 0; prefixes != NULL && i < prefixes->len; i++)
        {
          VnlRoute *route = vnl_route_new (&g_array_index (prefixes, VnlPrefix, i), NULL, VNL_ORIGIN_NETWORK);
          route->exportable = TRUE;
          g_ptr_array_add (out, route);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* The route a VNet takes                                                 */

int
_vnl_route_server_vnet_route (VnlNetwork *self,
                              NetVnet    *owner,
                              guint32     addr,
                              Entry     **out_entry)
{
  Speaker *rs = spk (self, owner->rs);
  Entry *entry = _vnl_speaker_lookup (rs, addr, TRUE);
  VnlRoute *best;

  *out_entry = NULL;
  if (entry == NULL || (best = entry_winner (entry)) == NULL)
    return -1;

  /* [RS-FAQ] "Azure Route Server only exchanges BGP routes with your NVA
   * and then propagates them to your virtual network": a route it learned
   * from a gateway goes over that gateway, as it would without a route
   * server; one from appliances to them ("The data traffic goes directly
   * from the NVA to the destination VM and directly from the VM to the
   * NVA"). */
  if (from_gateway (self, best))
    {
      Speaker *gw = spk (self, best->neighbor);

      if (!gw->up || (*out_entry = _vnl_speaker_lookup (gw, addr, TRUE)) == NULL)
        return -1;
      return best->neighbor;
    }
  *out_entry = entry;
  return owner->rs;
}

int
_vnl_route_server_appliance_of (VnlNetwork     *self,
                                const VnlRoute *route)
{
  Speaker *peer;

  if (!from_appliance (self, route) || route->neighbor < 0)
    return -1;
  peer = spk (self, route->neighbor);
  return peer->kind == SPK_APPLIANCE ? peer->appliance : -1;
}
