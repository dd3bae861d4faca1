/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-rules"

#include "config.h"

#include <string.h>

#include "vnl-file.h"
#include "vnl-network-private.h"
#include "vnl-vwan.h"

/*
 * DOC: The Azure routing rules
 *
 * Everything vnetlab knows about how Azure and BGP choose routes lives
 * here, each rule beside the sentence of spec §4
 * (shared/spec/azure-interop-testbed.md) it implements, in this order:
 *
 *  - the default system routes of every subnet (G3);
 *  - what a speaker sends each neighbour (R-D2, R-D3, R-D5, R-D7, G13, G15,
 *    G17) and what the neighbour accepts (R-D4, R-D6, weights G6, G11,
 *    local preference): _vnl_export_route(), _vnl_import_route(), each
 *    refusal returned as a VnlFilter so the explanation of a missing route
 *    is the decision that dropped it;
 *  - what is up: peering is not transitive, a VNet with its own gateway
 *    never uses a remote one (G18): _vnl_compute_states();
 *  - what each speaker originates: VNet and gateway-transit prefixes (A6,
 *    G18), local network gateway prefixes (G15), VNet-to-VNet without BGP
 *    (G17), a CE's network statements (what it advertises, by default
 *    what its site owns; issue 10 §3): _vnl_compute_local();
 *  - which route a VNet uses (R-D1): its own address space, its peerings,
 *    the routes of the gateways it uses, the default routes, in that order
 *    (_vnl_vnet_route()); the route tables and forwarding both ask it.
 *
 * The engine that runs the rules (vnl-network.c) and the compiler that
 * turns a design into speakers and sessions (vnl-network-compile.c) hold
 * none; the packet walk (vnl-forward.c) asks the ladder and the converged
 * tables, and adds how a device hands a packet on and which devices answer
 * a traceroute (spec §3.3).
 */

/* ---------------------------------------------------------------------- */
/* The default system routes                                              */

/* G3: every subnet has 0.0.0.0/0 to the Internet and the private ranges to
 * None. */
const DefaultRoute _vnl_default_routes[5] = {
  { 0x00000000,  0, TRUE },   /* 0.0.0.0/0 → Internet */
  { 0x0a000000,  8, FALSE },  /* 10.0.0.0/8 → None */
  { 0xac100000, 12, FALSE },  /* 172.16.0.0/12 → None */
  { 0xc0a80000, 16, FALSE },  /* 192.168.0.0/16 → None */
  { 0x64400000, 10, FALSE },  /* 100.64.0.0/10 → None */
};

/* ---------------------------------------------------------------------- */
/* Export and import policies                                             */

static int
compare_prefix_key (gconstpointer a,
                    gconstpointer b)
{
  guint64 x = vnl_prefix_key (a);
  guint64 y = vnl_prefix_key (b);

  return x < y ? -1 : x > y;
}

/* Whether @prefix is in the outbound prefix-list of side @side of
 * @session: a CE sends each of its routes past the list, so the list is
 * sorted by prefix key once per compiled network (net->export_lists; the
 * policy's own array when it is sorted already, as lists usually are,
 * else a sorted copy) and searched by bisection. */
static gboolean
in_export_list (VnlNetwork      *self,
                Session         *session,
                int              side,
                const VnlPrefix *prefix)
{
  GArray *keys = session->export_keys[side];
  guint64 key = vnl_prefix_key (prefix);
  guint lo = 0, hi;

  if (keys == NULL)
    {
      VnlCePolicy *policy = session->ce_policy[side];

      if (self->export_lists == NULL)
        self->export_lists = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
      keys = g_hash_table_lookup (self->export_lists, policy);
      if (keys == NULL)
        {
          GArray *prefixes = policy->export_prefixes;
          gboolean sorted = TRUE;

          for (guint i = 1; sorted && i < prefixes->len; i++)
            sorted = compare_prefix_key (&g_array_index (prefixes, VnlPrefix, i - 1),
                                         &g_array_index (prefixes, VnlPrefix, i)) <= 0;
          if (sorted)
            keys = g_array_ref (prefixes);
          else
            {
              keys = g_array_sized_new (FALSE, FALSE, sizeof (VnlPrefix), prefixes->len);
              g_array_append_vals (keys, prefixes->data, prefixes->len);
              g_array_sort (keys, compare_prefix_key);
            }
          g_hash_table_insert (self->export_lists, policy, keys);
        }
      session->export_keys[side] = keys;
    }

  hi = keys->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint64 k = vnl_prefix_key (&g_array_index (keys, VnlPrefix, mid));

      if (k == key)
        return TRUE;
      if (k < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

VnlCePolicy *
_vnl_ce_policy (VnlCe      *ce,
                const char *peer)
{
  for (guint i = 0; i < ce->policies->len; i++)
    {
      VnlCePolicy *policy = ce->policies->pdata[i];
      if (g_strcmp0 (policy->peer, peer) == 0)
        return policy;
    }
  return NULL;
}

/* Prefixes a gateway originates: its VNet and the VNets using it through
 * gateway transit. */
static gboolean
overlaps_gateway_networks (VnlNetwork      *self,
                           Speaker         *gw,
                           const VnlPrefix *prefix)
{
  GArray *users = nvnet (self, gw->vnet)->users;

  for (guint u = 0; u < users->len; u++)
    {
      NetVnet *nv = nvnet (self, g_array_index (users, int, u));
      GArray *spaces;

      if (!nv->up)
        continue;
      spaces = nv->vnet->address_spaces;
      for (guint i = 0; i < spaces->len; i++)
        if (vnl_prefix_overlaps (&g_array_index (spaces, VnlPrefix, i), prefix))
          return TRUE;
    }
  return FALSE;
}

/* includes/vpn-gateway-faq-bgp-include.md: "advertising the same prefixes
 * as any one of your virtual network address prefixes will be blocked or
 * filtered by Azure. You can, however, advertise a prefix that is a
 * superset" — and with gateway transit the peered VNets' prefixes too.
 * TRUE when @prefix is equal to or inside a prefix the speaker (a
 * gateway, or a route server: the same rule, vnl-route-server.c) serves:
 * its VNet's and those of the VNets using it. */
gboolean
_vnl_speaker_serves (VnlNetwork      *self,
                     Speaker         *gw,
                     const VnlPrefix *prefix)
{
  GArray *users = nvnet (self, gw->vnet)->users;

  for (guint u = 0; u < users->len; u++)
    {
      GArray *spaces = nvnet (self, g_array_index (users, int, u))->vnet->address_spaces;

      for (guint i = 0; i < spaces->len; i++)
        if (vnl_prefix_contains (&g_array_index (spaces, VnlPrefix, i), prefix))
          return TRUE;
    }
  return FALSE;
}

#define FILTER(reason) G_STMT_START { *why = (reason); return NULL; } G_STMT_END

/* What speaker @from (side @side of session @s) advertises over the session
 * for a prefix whose selected routes are @entry->best; NULL withdraws, and
 * @why says which rule kept the route back. */
VnlRoute *
_vnl_export_route (VnlNetwork *self,
                   int         from,
                   int         s,
                   int         side,
                   Entry      *entry,
                   VnlFilter  *why)
{
  Speaker *speaker = spk (self, from);
  Session *session = ses (self, s);
  VnlRoute *best;
  VnlRoute *out;
  static const VnlPrefix default_route = { 0, 0 };

  *why = VNL_FILTER_NO_ROUTE;
  if (entry == NULL || (best = entry_winner (entry)) == NULL)
    return NULL;


  /* Never back over the session it came from (learned or static), nor
   * over the other tunnels of its connection (one per instance of an
   * active-active gateway, all to the same device or gateway). */
  if (best->session == s ||
      (best->session >= 0 && (session->kind == SES_S2S || session->kind == SES_V2V) &&
       ses (self, best->session)->object == session->object))
    FILTER (VNL_FILTER_SPLIT_HORIZON);
  /* G17: statics of a VNet-to-VNet connection without BGP stay local. */
  if (!best->exportable)
    FILTER (VNL_FILTER_NOT_READVERTISED);

  /* Azure Route Server, its peers and the gateways it talks to
   * (vnl-route-server.c). */
  if ((speaker->kind == SPK_ROUTE_SERVER || speaker->kind == SPK_APPLIANCE || session->kind == SES_RS_GATEWAY) &&
      !_vnl_route_server_export (self, from, s, best, why))
    return NULL;
  /* Virtual WAN hub gateways: branch-to-branch (vnl-vwan-transit.c). */
  if (speaker->kind == SPK_GATEWAY && self->vwan != NULL && !_vnl_vwan_transit_export (self, from, s, best, why))
    return NULL;

  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      if (session->kind == SES_RS_GATEWAY || session->kind == SES_HUB)
        break;
      if (session->kind == SES_ER)
        {
          /* R-D2: an ExpressRoute gateway advertises its own VNet and the
           * VNets that use it through gateway transit, never what it
           * learned from a circuit, and nothing of the VPN gateway.
           * [RS-ERVPN]: with a route server's branch-to-branch, "The
           * ExpressRoute gateway will receive the route from “On-prem 1”,
           * which is connected to the SDWAN appliance" and advertises it
           * to the circuit. So does a Virtual WAN hub's with
           * branch-to-branch: "transit connectivity is also enabled
           * between VPN and ExpressRoute users" (virtual-wan-faq.md). */
          if (_vnl_er_gateway_keeps (self, speaker, session, best))
            FILTER (VNL_FILTER_ER_GATEWAY_LEARNED);
        }
      else
        {
          /* R-D5, G15: a VPN gateway advertises its VNets, its local
           * network gateways' prefixes and what its other BGP peers sent
           * (transit between VPN peers), but never the default route and
           * never a learned route overlapping its VNets. */
          if (best->origin == VNL_ORIGIN_STATIC || best->origin == VNL_ORIGIN_BGP)
            {
              if (vnl_prefix_equal (&best->prefix, &default_route))
                FILTER (VNL_FILTER_DEFAULT_ROUTE);
              if (overlaps_gateway_networks (self, speaker, &best->prefix))
                FILTER (VNL_FILTER_OVERLAPS_VNET);
            }
        }
      break;

    case SPK_MSEE:
      /* R-D3: the MSEE is where everything on one circuit meets. G13: what
       * came over Global Reach goes to the customer only, and only the
       * customer's own routes cross Global Reach. */
      if (session->kind == SES_ER && best->global_reach)
        FILTER (VNL_FILTER_GLOBAL_REACH_TO_AZURE);
      if (session->kind == SES_GLOBAL_REACH && (!best->from_customer || best->global_reach))
        FILTER (VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY);
      break;

    case SPK_CE:
      {
        /* R-D7: the CE's outbound prefix-list towards that neighbour. */
        VnlCePolicy *policy = session->ce_policy[side];
        if (policy != NULL && policy->export_prefixes->len > 0 &&
            !in_export_list (self, session, side, &best->prefix))
          FILTER (VNL_FILTER_PREFIX_LIST);
      }
      break;

    case SPK_LNG:
    case SPK_ROUTE_SERVER:
    case SPK_APPLIANCE:
    default:
      break;
    }

  out = vnl_route_copy_in (self->routes, best);
  /* A route server and its VNet's gateways talk without prepending
   * (iBGP-like: both are AS 65515). */
  if (session->kind == SES_HUB)
    _vnl_vwan_transit_path (self, s, out);
  else if (session->kind != SES_GLOBAL_REACH && session->kind != SES_RS_GATEWAY)
    {
      /* eBGP prepends the speaker's ASN; a CE policy may prepend it more
       * times to make a path less preferred (G11). */
      guint copies = 1;

      if (speaker->kind == SPK_CE)
        {
          VnlCePolicy *policy = session->ce_policy[side];
          if (policy != NULL)
            copies += policy->as_path_prepend;
        }

      vnl_as_path_unref (out->path);
      out->path = vnl_as_path_ref (best->path);
      for (guint k = 0; k < copies; k++)
        {
          VnlAsPath *longer = _vnl_speaker_prepend (self, speaker, out->path);
          vnl_as_path_unref (out->path);
          out->path = longer;
        }
    }
  out->origin = VNL_ORIGIN_BGP;
  out->session = s;
  out->neighbor = from;
  out->next_hop = session->addr[side];
  out->exportable = TRUE;
  out->global_reach = session->kind == SES_GLOBAL_REACH;
  out->from_customer = session->kind == SES_CIRCUIT && (speaker->kind == SPK_CE);
  /* Communities travel with the route ("Azure Route Server propagates the
   * route with the BGP communities as is", [RS-FAQ]); an appliance set to
   * tag its routes adds NO_ADVERTISE towards the route server. */
  out->rs_rank = 0;
  if (speaker->kind == SPK_APPLIANCE && session->kind == SES_RS_PEER &&
      ((VnlAppliance *) speaker->object)->no_advertise)
    out->no_advertise = TRUE;

  *why = VNL_FILTER_ACCEPT;
  return out;
}

/* The receiving side: loop prevention and the attributes it sets. Takes
 * @route; NULL when refused, and @why says why. */
VnlRoute *
_vnl_import_route (VnlNetwork *self,
                   int         to,
                   int         s,
                   VnlRoute   *route,
                   VnlFilter  *why)
{
  Speaker *speaker = spk (self, to);
  Session *session = ses (self, s);

  if (route == NULL)
    return NULL;

  /* R-D6: eBGP loop prevention. R-D4: ExpressRoute gateways accept VNet
   * routes carrying 65515 from the MSEE, so VNets on one circuit see each
   * other. */
  if (!speaker->allowas_in && vnl_as_path_contains (route->path, speaker->asn) &&
      session->kind != SES_GLOBAL_REACH && session->kind != SES_RS_GATEWAY)
    {
      vnl_route_unref (route);
      FILTER (VNL_FILTER_AS_LOOP);
    }

  /* Learned routes weigh 0 on routers (Cisco's default, as the MSEE and
   * CE tables show it); Azure gateways set their own weights below. */
  route->weight = speaker->kind == SPK_GATEWAY ? VNL_WEIGHT_DEFAULT : 0;
  route->local_pref = VNL_LOCAL_PREF_DEFAULT;
  route->conn_weight = 0;

  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      /* G6: ExpressRoute-learned 32769, VPN-learned 32768; G11: the
       * connection's routing weight. */
      if (session->kind == SES_ER)
        {
          route->weight = VNL_WEIGHT_EXPRESSROUTE;
          route->conn_weight = session->conn_weight;
        }
      /* A hub gateway prefers its own branches' routes to what the other
       * gateways of the WAN send it (vnl-vwan-transit.c). */
      if (session->kind == SES_HUB)
        route->weight = 0;
      if (self->vwan != NULL)
        _vnl_vwan_transit_import (self, to, s, route);
      /* A site's route matching the VNet prefixes is filtered (the FAQ
       * speaks of site-to-site tunnels; nothing is assumed for
       * ExpressRoute, where the VNet's system routes win anyway). */
      if (session->kind == SES_S2S && _vnl_speaker_serves (self, speaker, &route->prefix))
        {
          vnl_route_unref (route);
          FILTER (VNL_FILTER_MATCHES_VNET);
        }
      break;

    case SPK_CE:
      {
        VnlCePolicy *policy = session->ce_policy[session->speaker[0] == to ? 0 : 1];
        if (policy != NULL && policy->local_preference != 0)
          route->local_pref = policy->local_preference;
      }
      break;

    case SPK_ROUTE_SERVER:
    case SPK_APPLIANCE:
      if (!_vnl_route_server_import (self, to, s, route, why))
        {
          vnl_route_unref (route);
          return NULL;
        }
      break;

    case SPK_MSEE:
    case SPK_LNG:
    default:
      break;
    }

  *why = VNL_FILTER_ACCEPT;
  return route;
}


/* ---------------------------------------------------------------------- */
/* States and local origination                                           */

static gboolean
peering_active (VnlNetwork *self,
                VnlPeering *peering,
                int         a,
                int         b)
{
  return a >= 0 && b >= 0 && a != b &&
         _vnl_network_obj_up (self, peering) &&
         nvnet (self, a)->up && nvnet (self, b)->up &&
         peering->side[0].allow_virtual_network_access &&
         peering->side[1].allow_virtual_network_access;
}

gboolean
_vnl_speaker_up (VnlNetwork *self,
                 int         index)
{
  Speaker *speaker = spk (self, index);

  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      return _vnl_network_obj_up (self, speaker->object) && nvnet (self, speaker->vnet)->up;
    case SPK_MSEE:
      return _vnl_network_obj_up (self, g_array_index (self->circuits, NetCircuit, speaker->circuit).circuit);
    case SPK_CE:
      return _vnl_network_obj_up (self, speaker->object) &&
             (speaker->site < 0 || nsite (self, speaker->site)->up);
    case SPK_LNG:
      return _vnl_network_obj_up (self, speaker->object);
    case SPK_ROUTE_SERVER:
    case SPK_APPLIANCE:
      return _vnl_network_obj_up (self, speaker->object) && nvnet (self, speaker->vnet)->up;
    default:
      g_assert_not_reached ();
    }
}

gboolean
_vnl_session_up (VnlNetwork *self,
                 int         index)
{
  Session *session = ses (self, index);
  Speaker *a = spk (self, session->speaker[0]);
  Speaker *b = spk (self, session->speaker[1]);

  int instance;

  if (!a->up || !b->up || !_vnl_network_obj_up (self, session->object))
    return FALSE;

  /* Dropped: the peer sent more prefixes than Azure accepts (§4). */
  if (session->dropped > 0)
    return FALSE;

  /* A tunnel or session needs a gateway instance up to carry it. */
  if (!_vnl_network_session_instance (self, session, 0, &instance) ||
      !_vnl_network_session_instance (self, session, 1, &instance))
    return FALSE;

  /* Ends that disagree on ASN or address never open the session
   * (vnl_design_session_agrees(), asked once when compiled). */
  if (!session->agrees)
    return FALSE;

  switch (session->kind)
    {
    case SES_S2S:
      /* The tunnel also needs the local network gateway it is defined on. */
      return _vnl_network_obj_up (self, session->lng);
    case SES_ER:
    case SES_CIRCUIT:
    case SES_GLOBAL_REACH:
    case SES_V2V:
    case SES_RS_PEER:
    case SES_RS_GATEWAY:
    case SES_SDWAN:
    case SES_HUB:
    default:
      return TRUE;
    }
}

void
_vnl_vnet_links (VnlNetwork *self,
                 int         v)
{
  NetVnet *here = nvnet (self, v);

  g_array_set_size (here->peers, 0);
  here->gw_owner = here->has_gateway ? v : -1;

  for (guint i = 0; i < here->peerings->len; i++)
    {
      NetPeering *np = &g_array_index (self->peerings, NetPeering, g_array_index (here->peerings, int, i));
      VnlPeering *peering = np->peering;
      int side = np->ends[0] == v ? 0 : 1;
      NetVnet *there;
      GArray *spaces;

      if (!peering_active (self, peering, np->ends[0], np->ends[1]))
        continue;

      there = nvnet (self, np->ends[1 - side]);
      spaces = there->vnet->address_spaces;

      /* A peering route for each of the peer's address spaces; peering is
       * not transitive, so only the direct peer's spaces. */
      for (guint k = 0; k < spaces->len; k++)
        {
          PeerRoute pr = { g_array_index (spaces, VnlPrefix, k), np->ends[1 - side], (VnlObject *) peering };
          g_array_append_val (here->peers, pr);
        }

      /* G18: use-remote-gateways on this side and allow-gateway-transit on
       * the other lets this VNet use the peer's gateways, unless it has a
       * gateway of its own; the first such peering wins. */
      if (!here->has_gateway && there->has_gateway &&
          peering->side[side].use_remote_gateways &&
          peering->side[1 - side].allow_gateway_transit &&
          here->gw_owner < 0)
        here->gw_owner = np->ends[1 - side];
    }
}

/* Recomputes every derived state from the design and the what-if
 * overrides: VNets and sites up, peerings, which gateways a VNet uses,
 * speakers and sessions up. Returns the sessions' new states. The parts
 * are the functions above, which an incremental change calls on the
 * objects it reaches alone (vnl-network.c). */
gboolean *
_vnl_compute_states (VnlNetwork *self)
{
  gboolean *up = g_new0 (gboolean, self->sessions->len + 1);

  for (guint v = 0; v < self->vnets->len; v++)
    {
      NetVnet *nv = nvnet (self, v);
      nv->up = _vnl_network_obj_up (self, nv->vnet);
      g_array_set_size (nv->users, 0);
    }

  for (guint s = 0; s < self->sites->len; s++)
    nsite (self, s)->up = _vnl_network_obj_up (self, nsite (self, s)->site);

  for (guint v = 0; v < self->vnets->len; v++)
    _vnl_vnet_links (self, (int) v);

  for (guint v = 0; v < self->vnets->len; v++)
    if (nvnet (self, v)->gw_owner >= 0)
      g_array_append_val (nvnet (self, nvnet (self, v)->gw_owner)->users, v);

  for (guint i = 0; i < self->speakers->len; i++)
    spk (self, i)->up = _vnl_speaker_up (self, (int) i);

  for (guint i = 0; i < self->sessions->len; i++)
    up[i] = _vnl_session_up (self, (int) i);

  return up;
}

static void
add_local (VnlNetwork      *self,
           GPtrArray       *out,
           const VnlPrefix *prefix,
           VnlOrigin        origin,
           int              session,
           guint32          next_hop,
           gboolean         exportable)
{
  /* From the network's arena, as the routes it learns: no allocation of
   * its own per originated prefix. */
  VnlRoute *route = vnl_route_new_in (self->routes, prefix, NULL, origin);

  route->session = session;
  route->next_hop = next_hop;
  route->exportable = exportable;
  g_ptr_array_add (out, route);
}

static void
add_spaces (VnlNetwork *self,
            GPtrArray  *out,
            GArray     *spaces,
            VnlOrigin   origin,
            int         session,
            guint32     next_hop,
            gboolean    exportable)
{
  for (guint i = 0; i < spaces->len; i++)
    add_local (self, out, &g_array_index (spaces, VnlPrefix, i), origin, session, next_hop, exportable);
}

/* The routes a speaker originates in the current state. */
GPtrArray *
_vnl_compute_local (VnlNetwork *self,
                    int         index)
{
  Speaker *speaker = spk (self, index);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_unref);

  if (!speaker->up)
    return out;

  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      {
        VnlGateway *gw = (VnlGateway *) speaker->object;

        /* A6, G18: the VNet and every VNet using it through gateway transit. */
        GArray *users = nvnet (self, speaker->vnet)->users;

        for (guint u = 0; u < users->len; u++)
          {
            int v = g_array_index (users, int, u);
            NetVnet *nv = nvnet (self, v);
            if (nv->up)
              add_spaces (self, out, nv->vnet->address_spaces,
                          v == speaker->vnet ? VNL_ORIGIN_NETWORK : VNL_ORIGIN_TRANSIT_PEER,
                          -1, 0, TRUE);
          }
        /* A Virtual WAN hub's gateway: the VNets of its Default table. */
        _vnl_vwan_gateway_local (self, index, out);

        if (gw->type != VNL_GATEWAY_VPN)
          break;

        for (guint i = 0; i < speaker->sessions->len; i++)
          {
            int s = g_array_index (speaker->sessions, guint, i);
            Session *session = ses (self, s);
            int side = session->speaker[0] == index ? 0 : 1;

            if (!session->up)
              continue;

            if (session->kind == SES_S2S)
              {
                /* The local network gateway's address space, routed into
                 * the tunnel and advertised to the BGP peers (G15). */
                VnlS2sConnection *conn = (VnlS2sConnection *) session->object;
                VnlLng *lng = vnl_design_lookup_kind (self->design, conn->lng, VNL_KIND_LNG);
                if (lng != NULL)
                  add_spaces (self, out, lng->prefixes, VNL_ORIGIN_STATIC, s, session->addr[1 - side], TRUE);
              }
            else if (session->kind == SES_V2V && !session->bgp)
              {
                /* G17: without BGP a VNet-to-VNet connection carries only
                 * the two VNets' own spaces, and nothing is re-advertised. */
                Speaker *peer = spk (self, session->speaker[1 - side]);
                add_spaces (self, out, nvnet (self, peer->vnet)->vnet->address_spaces,
                            VNL_ORIGIN_STATIC, s, session->addr[1 - side], FALSE);
              }
          }
      }
      break;

    case SPK_CE:
      {
        VnlSite *site = speaker->site >= 0 ? nsite (self, speaker->site)->site : NULL;

        VnlCe *ce = (VnlCe *) speaker->object;

        /* Its `network` statements: what it is told to advertise (a
         * summary, a default route, prefixes its site does not own), else
         * its site's LAN prefixes (issue 10 §3: owning is not advertising;
         * files without advertisements keep meaning what they meant). */
        if (ce->advertises->len > 0)
          add_spaces (self, out, ce->advertises, VNL_ORIGIN_NETWORK, -1, 0, TRUE);
        else if (site != NULL)
          add_spaces (self, out, site->prefixes, VNL_ORIGIN_NETWORK, -1, 0, TRUE);

        /* A tunnel without BGP needs static routes to the Azure side. */
        for (guint i = 0; i < speaker->sessions->len; i++)
          {
            int s = g_array_index (speaker->sessions, guint, i);
            Session *session = ses (self, s);
            int side = session->speaker[0] == index ? 0 : 1;
            Speaker *gw = spk (self, session->speaker[1 - side]);

            if (session->kind != SES_S2S || session->bgp || !session->up)
              continue;
            GArray *users = nvnet (self, gw->vnet)->users;

            for (guint u = 0; u < users->len; u++)
              {
                NetVnet *nv = nvnet (self, g_array_index (users, int, u));
                if (nv->up)
                  add_spaces (self, out, nv->vnet->address_spaces, VNL_ORIGIN_STATIC, s,
                              session->addr[1 - side], FALSE);
              }
          }
      }
      break;

    case SPK_LNG:
      add_spaces (self, out, ((VnlLng *) speaker->object)->prefixes, VNL_ORIGIN_NETWORK, -1, 0, TRUE);
      break;

    case SPK_ROUTE_SERVER:
    case SPK_APPLIANCE:
      _vnl_route_server_local (self, index, out);
      break;

    case SPK_MSEE:
    default:
      break;
    }

  return out;
}

/* ---------------------------------------------------------------------- */
/* A VNet's choice of route                                               */

/* Which of two gateway entries a VNet uses: the longer prefix (G1), then for
 * the same prefix the comparator on their selected routes (ExpressRoute over
 * VPN by weight, G5, G6). TRUE when @a wins; @why says the rung. */
gboolean
_vnl_gateway_entry_better (Entry     *a,
                           Entry     *b,
                           VnlReason *why)
{
  VnlRoute *x = entry_winner (a);
  VnlRoute *y = entry_winner (b);

  if (x->prefix.len != y->prefix.len)
    {
      *why = VNL_REASON_ONLY_ROUTE;
      return x->prefix.len > y->prefix.len;
    }
  return vnl_route_compare (x, y, why) < 0;
}

/* The gateway route a VNet uses for @addr among the gateways it uses (its
 * own, or its peer's through gateway transit): -1 when none. */
static int
vnet_gateway_for (VnlNetwork *net,
                  NetVnet    *nv,
                  guint32     addr,
                  Entry     **out_entry)
{
  NetVnet *owner;
  int best_gw = -1;
  Entry *best_entry = NULL;
  VnlReason why;

  if (nv->gw_owner < 0)
    return -1;
  owner = nvnet (net, nv->gw_owner);

  /* [RS-FAQ]: with a route server, its selection is what the VNet and the
   * spokes using it are programmed with (the hub routing preference
   * between ExpressRoute, VPN and appliances). */
  if (owner->rs >= 0 && spk (net, owner->rs)->up)
    return _vnl_route_server_vnet_route (net, owner, addr, out_entry);

  for (guint t = 0; t < 2; t++)
    {
      Speaker *gw;
      Entry *entry;

      if (owner->gw[t] < 0 || !(gw = spk (net, owner->gw[t]))->up)
        continue;
      /* Learned routes only: the gateway's own VNet prefixes are the
       * system routes above. */
      entry = _vnl_speaker_lookup (gw, addr, TRUE);
      if (entry == NULL)
        continue;
      if (best_entry == NULL || _vnl_gateway_entry_better (entry, best_entry, &why))
        {
          best_gw = owner->gw[t];
          best_entry = entry;
        }
    }

  *out_entry = best_entry;
  return best_gw;
}

/* The system routes of VNet @v that cover all of @prefix: its own address
 * space, then its peerings. "System routes for traffic related to virtual
 * network, virtual network peerings, or virtual network service endpoints,
 * are preferred routes, even if BGP routes are more specific" (G2,
 * articles/virtual-network/virtual-networks-udr-overview.md). */
VnetNext
_vnl_vnet_system_route (VnlNetwork       *net,
                        int               v,
                        const VnlPrefix  *prefix,
                        const PeerRoute **peer)
{
  NetVnet *nv = nvnet (net, v);
  GArray *spaces = nv->vnet->address_spaces;

  *peer = NULL;
  for (guint i = 0; i < spaces->len; i++)
    if (vnl_prefix_contains (&g_array_index (spaces, VnlPrefix, i), prefix))
      return VNET_NEXT_VNET;

  /* Peering is not transitive: only the direct peers' spaces (A6, G18). */
  for (guint i = 0; i < nv->peers->len; i++)
    {
      PeerRoute *pr = &g_array_index (nv->peers, PeerRoute, i);
      if (vnl_prefix_contains (&pr->prefix, prefix))
        {
          *peer = pr;
          return VNET_NEXT_PEERING;
        }
    }

  return VNET_NEXT_NONE;
}

static void vnet_route_full (VnlNetwork *net,
                             int         v,
                             guint32     addr,
                             gboolean    gateways,
                             VnetRoute  *out);

/* The route VNet @v uses for a packet to @addr (R-D1), a flat ladder. */
void
_vnl_vnet_route (VnlNetwork *net,
                 int         v,
                 guint32     addr,
                 VnetRoute  *out)
{
  vnet_route_full (net, v, addr, TRUE, out);
}

/* The ladder, with the gateway rung left out when a route table turns
 * gateway route propagation off. */
static void
vnet_route_full (VnlNetwork *net,
                 int         v,
                 guint32     addr,
                 gboolean    gateways,
                 VnetRoute  *out)
{
  NetVnet *nv = nvnet (net, v);
  VnlPrefix host = { addr, 32 };
  int sys_len = -1;
  gboolean sys_internet = FALSE;

  memset (out, 0, sizeof *out);
  out->gw = -1;

  /* System: the VNet's own address space, then its peerings (G2). */
  out->next = _vnl_vnet_system_route (net, v, &host, &out->peer);
  if (out->next != VNET_NEXT_NONE)
    return;

  /* Gateway: the longest prefix among the default routes and the routes
   * of the gateways the VNet uses; for the same prefix the BGP route wins
   * over the system route (G1, G2). */
  for (guint i = 0; i < G_N_ELEMENTS (_vnl_default_routes); i++)
    {
      VnlPrefix p = { _vnl_default_routes[i].addr, _vnl_default_routes[i].len };
      if (vnl_prefix_contains_ip (&p, addr) && (int) p.len > sys_len)
        {
          sys_len = p.len;
          sys_internet = _vnl_default_routes[i].internet;
        }
    }

  out->gw = gateways ? vnet_gateway_for (net, nv, addr, &out->entry) : -1;
  if (out->gw >= 0 && (int) entry_winner (out->entry)->prefix.len >= sys_len)
    {
      out->next = VNET_NEXT_GATEWAY;
      return;
    }
  out->gw = -1;
  out->entry = NULL;

  /* A spoke of a Virtual WAN hub: the routes the hub programs into it,
   * next hop "Virtual network gateway" ("implies the Virtual hub router",
   * spec §1.3 D), as the gateway rung; a route table's "propagate gateway
   * routes" off leaves them out too (vnetlab assumes: they are gateway
   * routes to the VNet). */
  if (gateways)
    {
      const HubRoute *hub = _vnl_vwan_vnet_route (net, v, addr, &out->hub_table);
      if (hub != NULL && (int) hub->prefix.len >= sys_len)
        {
          out->next = VNET_NEXT_HUB;
          out->hub_route = hub;
          return;
        }
    }

  /* Default: the Internet, or None for the private ranges (G3). */
  out->next = sys_internet ? VNET_NEXT_INTERNET : VNET_NEXT_NULL;
}

/* ---------------------------------------------------------------------- */
/* Route tables: the user-defined rungs of a subnet's ladder              */
/*
 * Rules of articles/virtual-network/virtual-networks-udr-overview.md
 * (spec azure-beyond-the-lab.md §1.3 A), on top of the VNet's ladder:
 *  - "Azure selects a route based on the destination IP address, using the
 *    longest prefix match algorithm"; for the same prefix "1. User-defined
 *    route 2. BGP route 3. System route";
 *  - the VNet and peering system routes win over more specific BGP routes
 *    (the VNet ladder) but not over user-defined routes, which compete by
 *    prefix length alone;
 *  - "Azure removed the routes for the 10.0.0.0/8, 192.168.0.0/16, and
 *    100.64.0.0/10 address prefixes from the Subnet1 route table when the
 *    user-defined route for the 0.0.0.0/0 address prefix was added". The
 *    document names these three and its tables never show 172.16.0.0/12:
 *    vnetlab assumes 172.16.0.0/12 stays None;
 *  - "When you disable route propagation, the system doesn't add routes to
 *    the route table of all subnets with Virtual network gateway route
 *    propagation disabled. This process applies to both static routes and
 *    BGP routes": the gateway rung is left out;
 *  - VirtualNetworkGateway: "The virtual network gateway must be created
 *    with type VPN … You can't specify Virtual Network Gateways if you have
 *    VPN and ExpressRoute coexisting connections either";
 *  - VirtualAppliance: "A next hop private IP address must have direct
 *    connectivity without having to route through ExpressRoute Gateway or
 *    Virtual WAN. Setting the next hop to an IP address without direct
 *    connectivity results in an invalid user-defined routing
 *    configuration": vnetlab reads direct connectivity as an address in the
 *    VNet's own space or in a directly peered VNet's.
 * An Invalid route is never used; the route tables show it with its reason.
 */

VnlUdrTable *
_vnl_subnet_table (VnlNetwork  *net,
                   int          v,
                   guint32      addr,
                   const char **subnet_name)
{
  VnlVnet *vnet = nvnet (net, v)->vnet;
  GPtrArray *tables = vnl_design_get_objects (net->design, VNL_KIND_ROUTE_TABLE);
  const VnlSubnet *subnet = NULL;

  if (subnet_name != NULL)
    *subnet_name = NULL;
  /* The most specific subnet holding the address. */
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      const VnlSubnet *s = vnet->subnets->pdata[i];
      if (vnl_prefix_contains_ip (&s->prefix, addr) && (subnet == NULL || s->prefix.len > subnet->prefix.len))
        subnet = s;
    }
  if (subnet == NULL)
    return NULL;
  if (subnet_name != NULL)
    *subnet_name = subnet->name;

  /* A subnet has at most one table: the first that names it (validation
   * reports the others). A table that is down is not associated: then the
   * next that names it, if any, by the scan below. The first is indexed
   * once per compiled network (forwarding asks at every step). */
  if (net->subnet_tables == NULL)
    {
      /* Keyed by the subnet itself: no string is made at each step. */
      net->subnet_tables = g_hash_table_new (NULL, NULL);
      for (guint t = 0; t < tables->len; t++)
        {
          VnlUdrTable *table = tables->pdata[t];

          for (guint i = 0; i < table->subnets->len; i++)
            {
              VnlUdrSubnet *assoc = table->subnets->pdata[i];
              VnlVnet *named = vnl_design_lookup_kind (net->design, assoc->vnet, VNL_KIND_VNET);

              for (guint k = 0; named != NULL && k < named->subnets->len; k++)
                {
                  VnlSubnet *s = named->subnets->pdata[k];
                  if (g_strcmp0 (s->name, assoc->subnet) == 0 && !g_hash_table_contains (net->subnet_tables, s))
                    g_hash_table_insert (net->subnet_tables, s, table);
                }
            }
        }
    }
  {
    VnlUdrTable *first = g_hash_table_lookup (net->subnet_tables, subnet);

    if (first == NULL)
      return NULL;
    if (_vnl_network_obj_up (net, first))
      return first;
  }
  for (guint t = 0; t < tables->len; t++)
    {
      VnlUdrTable *table = tables->pdata[t];

      if (!_vnl_network_obj_up (net, table))
        continue;
      for (guint i = 0; i < table->subnets->len; i++)
        {
          VnlUdrSubnet *assoc = table->subnets->pdata[i];
          if (g_strcmp0 (assoc->vnet, vnet->parent.name) == 0 && g_strcmp0 (assoc->subnet, subnet->name) == 0)
            return table;
        }
    }
  return NULL;
}

/* Azure Firewall SNAT [FW-SNAT], articles/firewall/snat-private-range.md:
 * "By default, Azure Firewall doesn't SNAT with Network rules when the
 * destination IP address is in a private IP address range per IANA RFC
 * 1918 or shared address space per IANA RFC 6598." vnetlab models network
 * rules (the flows it traces are not HTTP through application rules). */
gboolean
_vnl_firewall_snats (guint32 addr)
{
  static const VnlPrefix private_ranges[] = {
    { 0x0a000000, 8 },   /* 10.0.0.0/8, RFC 1918 */
    { 0xac100000, 12 },  /* 172.16.0.0/12, RFC 1918 */
    { 0xc0a80000, 16 },  /* 192.168.0.0/16, RFC 1918 */
    { 0x64400000, 10 },  /* 100.64.0.0/10, RFC 6598 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (private_ranges); i++)
    if (vnl_prefix_contains_ip (&private_ranges[i], addr))
      return FALSE;
  return TRUE;
}

gboolean
_vnl_udr_default_removes (const VnlPrefix *prefix)
{
  return (prefix->addr == 0x0a000000 && prefix->len == 8) ||
         (prefix->addr == 0xc0a80000 && prefix->len == 16) ||
         (prefix->addr == 0x64400000 && prefix->len == 10);
}

/* Azure Firewall forced tunnelling [FW-FT], articles/firewall/forced-tunneling.md:
 * "User Defined Route (UDR) configurations on the AzureFirewallSubnet that
 * have a default route not going directly to the Internet are disabled",
 * unless the firewall was made with a management NIC in
 * AzureFirewallManagementSubnet. Is @table on the AzureFirewallSubnet of
 * VNet @v, whose firewalls have no management NIC? */
static gboolean
firewall_default_disabled (VnlNetwork        *net,
                           int                v,
                           const VnlUdrTable *table)
{
  const char *vnet = nvnet (net, v)->vnet->parent.name;
  GPtrArray *firewalls = vnl_design_get_objects (net->design, VNL_KIND_FIREWALL);
  gboolean on_subnet = FALSE;

  for (guint i = 0; i < table->subnets->len && !on_subnet; i++)
    {
      const VnlUdrSubnet *assoc = table->subnets->pdata[i];
      on_subnet = g_strcmp0 (assoc->vnet, vnet) == 0 && g_strcmp0 (assoc->subnet, "AzureFirewallSubnet") == 0;
    }
  if (!on_subnet)
    return FALSE;
  for (guint i = 0; i < firewalls->len; i++)
    {
      const VnlFirewall *firewall = firewalls->pdata[i];
      if (g_strcmp0 (firewall->vnet, vnet) == 0 && firewall->management)
        return FALSE;
    }
  return TRUE;
}

VnlReason
_vnl_udr_check (VnlNetwork        *net,
                int                v,
                const VnlUdrTable *table,
                const VnlUdr      *udr)
{
  NetVnet *nv = nvnet (net, v);
  VnlPrefix host = { udr->next_hop_ip, 32 };
  const PeerRoute *peer;

  if (udr->prefix.len == 0 && udr->next_hop != VNL_UDR_INTERNET && table != NULL &&
      firewall_default_disabled (net, v, table))
    return VNL_REASON_FIREWALL_DEFAULT;

  switch (udr->next_hop)
    {
    case VNL_UDR_GATEWAY:
      {
        NetVnet *owner = nv->gw_owner >= 0 ? nvnet (net, nv->gw_owner) : NULL;

        /* A VPN gateway, and no ExpressRoute gateway beside it. */
        if (owner == NULL || owner->gw[VNL_GATEWAY_VPN] < 0 || owner->gw[VNL_GATEWAY_EXPRESSROUTE] >= 0)
          return VNL_REASON_NEXT_HOP_NOT_VPN;
        return VNL_REASON_ONLY_ROUTE;
      }

    case VNL_UDR_VIRTUAL_APPLIANCE:
      /* Direct connectivity: the VNet's own space or a direct peer's. */
      if (_vnl_vnet_system_route (net, v, &host, &peer) == VNET_NEXT_NONE)
        return VNL_REASON_NEXT_HOP_UNREACHABLE;
      return VNL_REASON_ONLY_ROUTE;

    case VNL_UDR_VNET_LOCAL:
    case VNL_UDR_INTERNET:
    case VNL_UDR_NONE:
    default:
      return VNL_REASON_ONLY_ROUTE;
    }
}

/* The prefix length of the route the VNet ladder chose for @addr. */
static int
vnet_route_len (VnlNetwork      *net,
                int              v,
                guint32          addr,
                const VnetRoute *route)
{
  GArray *spaces = nvnet (net, v)->vnet->address_spaces;
  int len = -1;

  switch (route->next)
    {
    case VNET_NEXT_VNET:
      for (guint i = 0; i < spaces->len; i++)
        {
          const VnlPrefix *p = &g_array_index (spaces, VnlPrefix, i);
          if (vnl_prefix_contains_ip (p, addr))
            len = MAX (len, (int) p->len);
        }
      return len;
    case VNET_NEXT_PEERING:
      return route->peer->prefix.len;
    case VNET_NEXT_GATEWAY:
      return entry_winner (route->entry)->prefix.len;
    case VNET_NEXT_HUB:
      return ((const HubRoute *) route->hub_route)->prefix.len;
    case VNET_NEXT_INTERNET:
    case VNET_NEXT_NULL:
      for (guint i = 0; i < G_N_ELEMENTS (_vnl_default_routes); i++)
        {
          VnlPrefix p = { _vnl_default_routes[i].addr, _vnl_default_routes[i].len };
          if (vnl_prefix_contains_ip (&p, addr))
            len = MAX (len, (int) p.len);
        }
      return len;
    case VNET_NEXT_APPLIANCE:
    case VNET_NEXT_NONE:
    default:
      return -1;
    }
}

/* Private endpoints ([PE-POL], articles/private-link/
 * disable-private-endpoint-network-policy.md, spec §1.3 E): a private
 * endpoint adds a /32 system route to its VNet and to the directly peered
 * VNets; "Otherwise, the /32 default route sends traffic directly to the
 * private endpoint in accordance with the longest prefix match algorithm".
 * With network policies for route tables on for the endpoint's subnet, "a
 * custom address prefix equal to or larger than the virtual network
 * address space" — a user-defined route at least as long as the VNet range
 * holding the endpoint — overrides it; "a user-defined route default route
 * (0.0.0.0/0) doesn't invalidate private endpoint routes". The caller
 * knows @addr is in the VNet or a direct peer (its system route). Returns
 * 32 when the /32 stands against @udr, else -1. */
int
_vnl_private_endpoint_len (VnlNetwork   *net,
                           guint32       addr,
                           const VnlUdr *udr)
{
  Dev *dev = g_hash_table_lookup (net->owners, GUINT_TO_POINTER (addr));
  NetEndpoint *ne;
  VnlVnet *vnet;
  int range_len = -1;

  if (dev == NULL || dev->kind != DEV_ENDPOINT)
    return -1;
  ne = &g_array_index (net->endpoints, NetEndpoint, dev->idx);
  if (!ne->endpoint->private_endpoint || ne->vnet < 0)
    return -1;
  vnet = nvnet (net, ne->vnet)->vnet;
  for (guint i = 0; i < vnet->address_spaces->len; i++)
    {
      const VnlPrefix *space = &g_array_index (vnet->address_spaces, VnlPrefix, i);
      if (vnl_prefix_contains_ip (space, addr))
        range_len = space->len;
    }
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      const VnlSubnet *subnet = vnet->subnets->pdata[i];
      if (subnet->pe_route_policies && vnl_prefix_contains_ip (&subnet->prefix, addr) &&
          udr != NULL && range_len >= 0 && (int) udr->prefix.len >= range_len)
        return -1;
    }
  return 32;
}

/* The route a packet to @addr leaving a subnet of VNet @v with route table
 * @table takes: a flat ladder of the rungs above. */
void
_vnl_subnet_route (VnlNetwork  *net,
                   int          v,
                   VnlUdrTable *table,
                   guint32      addr,
                   VnetRoute   *out)
{
  const VnlUdr *udr = NULL;
  gboolean has_default = FALSE;
  int base_len;

  /* Propagation off: the VNet's ladder without its gateway rung. */
  vnet_route_full (net, v, addr, table->propagate_gateway_routes, out);

  /* The longest valid user-defined route (Invalid ones are never used). */
  for (guint i = 0; i < table->routes->len; i++)
    {
      const VnlUdr *r = table->routes->pdata[i];

      if (_vnl_udr_check (net, v, table, r) != VNL_REASON_ONLY_ROUTE)
        continue;
      if (r->prefix.len == 0)
        has_default = TRUE;
      if (vnl_prefix_contains_ip (&r->prefix, addr) && (udr == NULL || r->prefix.len > udr->prefix.len))
        udr = r;
    }
  if (udr == NULL)
    return;

  base_len = vnet_route_len (net, v, addr, out);
  /* A user-defined 0.0.0.0/0 removes the None routes it names. */
  if (out->next == VNET_NEXT_NULL && has_default)
    {
      for (guint i = 0; i < G_N_ELEMENTS (_vnl_default_routes); i++)
        {
          VnlPrefix p = { _vnl_default_routes[i].addr, _vnl_default_routes[i].len };
          if ((int) p.len == base_len && vnl_prefix_contains_ip (&p, addr) && _vnl_udr_default_removes (&p))
            base_len = -1;
        }
    }
  /* With the None route gone, a gateway route shorter than it competes. */
  if (base_len < 0 && table->propagate_gateway_routes)
    {
      Entry *entry;
      int gw = vnet_gateway_for (net, nvnet (net, v), addr, &entry);

      if (gw >= 0 && entry_winner (entry)->prefix.len > udr->prefix.len)
        {
          out->next = VNET_NEXT_GATEWAY;
          out->gw = gw;
          out->entry = entry;
          return;
        }
    }
  /* A private endpoint's /32 (its VNet's and direct peers' system route). */
  if (out->next == VNET_NEXT_VNET || out->next == VNET_NEXT_PEERING)
    base_len = MAX (base_len, _vnl_private_endpoint_len (net, addr, udr));
  /* Longest prefix; for the same prefix the user-defined route wins over
   * BGP and system routes. */
  if ((int) udr->prefix.len < base_len)
    return;

  memset (out, 0, sizeof *out);
  out->gw = -1;
  out->udr = udr;
  switch (udr->next_hop)
    {
    case VNL_UDR_VIRTUAL_APPLIANCE:
      out->next = VNET_NEXT_APPLIANCE;
      break;
    case VNL_UDR_GATEWAY:
      out->next = VNET_NEXT_GATEWAY;
      out->gw = nvnet (net, nvnet (net, v)->gw_owner)->gw[VNL_GATEWAY_VPN];
      out->entry = _vnl_speaker_lookup (spk (net, out->gw), addr, TRUE);
      break;
    case VNL_UDR_VNET_LOCAL:
      out->next = VNET_NEXT_VNET;
      break;
    case VNL_UDR_INTERNET:
      out->next = VNET_NEXT_INTERNET;
      break;
    case VNL_UDR_NONE:
    default:
      out->next = VNET_NEXT_NULL;
      break;
    }
}
