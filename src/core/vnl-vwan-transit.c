/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-vwan"

#include "config.h"

#include "vnl-vwan.h"

/*
 * Virtual WAN: transit between the branches through the hubs.
 *
 * The hub router "controls all routes between any gateways in Virtual
 * WAN" (virtual-wan-faq.md: the ExpressRoute gateways "learn routes from
 * the virtual hub router"). vnetlab runs that exchange in the BGP engine:
 * one session (SES_HUB) between every two gateways of the hubs of a WAN
 * with branch-to-branch on, the hub router's part. Over it a gateway
 * sends only what its own branches (its site-to-site and ExpressRoute
 * connections) brought, and only to the gateways of the hubs whose
 * Default table the branch connection propagates to; so each gateway
 * advertises to its branches the branch routes of its hub's Default
 * table, and _vnl_vwan_gateway_local() the VNet routes of it.
 *
 * The rules, quoted:
 *  - [B2B] virtual-wan-faq.md: "Enabling branch-to-branch is enabled by
 *    default ... This lets VPN branches/users connect to other VPN
 *    branches and transit connectivity is also enabled between VPN and
 *    ExpressRoute users"; virtual-wan-global-transit-network-architecture.md:
 *    disabling it "will block route propagation between VPN (S2S and P2S)
 *    and Express Route connected sites. This configuration will not affect
 *    branch-to-Vnet and Vnet-to-Vnet route propagation".
 *  - [ER-ER] virtual-wan-faq.md: "Transit between ER-to-ER is always via
 *    Global reach"; global transit architecture: "Branches that are
 *    connected to Azure Virtual WAN using ExpressRoute require the
 *    ExpressRoute Global Reach to communicate with each other": two
 *    ExpressRoute gateways exchange nothing.
 *  - [MESH] virtual-wan-faq.md: "In Basic Virtual WAN, hubs are not
 *    meshed": no session between the hubs of a Basic WAN.
 *  - [VWAN-EFF] routes from another hub carry 65520-65520; "All
 *    information pertaining to 0.0.0.0/0 route is confined to a local
 *    hub's route table".
 *
 * What vnetlab assumes (docs/vwan.md): a hub gateway prefers what its own
 * branches send over what the other gateways send it (weight 0 on SES_HUB
 * routes), so the hub tables read the branch routes from the gateways'
 * RIBs as before; a default route learned from a branch is not passed to
 * the other branches; the hub's own selection among the branches (its
 * routing preference) is not applied to what the gateways advertise —
 * each gateway's BGP selection is.
 */

struct _VnlVwanTransit
{
  gboolean   *b2b;           /* owned, by hub: its WAN's branch-to-branch */
  GHashTable *reach;         /* owned: branch connection object → gboolean[n hubs]
                                (owned): the hubs whose Default it propagates to */
};

void
_vnl_vwan_transit_free (VnlVwanTransit *transit)
{
  if (transit == NULL)
    return;
  g_free (transit->b2b);
  g_hash_table_unref (transit->reach);
  g_free (transit);
}

static NetHub *
thub (VnlVwan *vwan,
      int      h)
{
  return &g_array_index (vwan->hubs, NetHub, h);
}

static VnlVirtualWan *
hub_wan (VnlNetwork *net,
         int         h)
{
  return vnl_design_lookup_kind (net->design, thub (net->vwan, h)->hub->wan, VNL_KIND_VIRTUAL_WAN);
}

/* The hub of a gateway speaker, -1. */
static int
gateway_hub (VnlNetwork *net,
             int         speaker)
{
  if (speaker < 0 || spk (net, speaker)->kind != SPK_GATEWAY)
    return -1;
  return _vnl_vwan_hub_of_vnet (net, spk (net, speaker)->vnet);
}

static guint32
gateway_address (Speaker *speaker)
{
  return vnl_gateway_get_bgp_address ((VnlGateway *) speaker->object, 0, 0);
}

static gboolean
is_expressroute (Speaker *speaker)
{
  return ((VnlGateway *) speaker->object)->type == VNL_GATEWAY_EXPRESSROUTE;
}

void
_vnl_vwan_compile_transit (VnlNetwork *net)
{
  VnlVwan *vwan = net->vwan;
  VnlVwanTransit *transit;
  g_autoptr(GArray) gateways = NULL;

  if (vwan == NULL)
    return;
  transit = g_new0 (VnlVwanTransit, 1);
  vwan->transit = transit;
  transit->b2b = g_new0 (gboolean, vwan->hubs->len);
  transit->reach = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint h = 0; h < vwan->hubs->len; h++)
    {
      VnlVirtualWan *wan = hub_wan (net, h);
      transit->b2b[h] = wan != NULL && wan->branch_to_branch;
    }

  for (guint c = 0; c < vwan->conns->len; c++)
    {
      NetHubConn *nc = &g_array_index (vwan->conns, NetHubConn, c);
      gboolean *reach;

      if (nc->vnet >= 0 || g_hash_table_contains (transit->reach, nc->object))
        continue;
      reach = g_new0 (gboolean, vwan->hubs->len);
      for (guint h = 0; h < vwan->hubs->len; h++)
        reach[h] = _vnl_vwan_reaches_default (vwan, c, h);
      g_hash_table_insert (transit->reach, nc->object, reach);
    }

  /* The hubs' gateways, then a session between every two that exchange
   * anything. */
  gateways = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < net->speakers->len; i++)
    if (gateway_hub (net, i) >= 0)
      g_array_append_val (gateways, i);
  for (guint i = 0; i < gateways->len; i++)
    for (guint j = i + 1; j < gateways->len; j++)
      {
        int a = g_array_index (gateways, int, i);
        int b = g_array_index (gateways, int, j);
        int ha = gateway_hub (net, a);
        int hb = gateway_hub (net, b);
        VnlVirtualWan *wan = hub_wan (net, ha);
        VnlObject *object;

        if (wan == NULL || !transit->b2b[ha] || wan != hub_wan (net, hb))
          continue;
        /* [ER-ER] */
        if (is_expressroute (spk (net, a)) && is_expressroute (spk (net, b)))
          continue;
        /* [MESH] */
        if (ha != hb && wan->type == VNL_VWAN_BASIC)
          continue;
        /* Within a hub the session stands for its router, between hubs
         * for the WAN's hub-to-hub mesh. */
        object = ha == hb ? &thub (vwan, ha)->hub->parent : &wan->parent;
        _vnl_network_add_session (net, SES_HUB, object, a, gateway_address (spk (net, a)), b,
                                  gateway_address (spk (net, b)), TRUE);
      }
}

/* The branch connection a route came over (its site-to-site or
 * ExpressRoute session), NULL when it did not come from a branch. */
static VnlObject *
branch_of (VnlNetwork     *net,
           const VnlRoute *route)
{
  Session *session;

  if (route->session < 0)
    return NULL;
  session = ses (net, route->session);
  return session->kind == SES_S2S || session->kind == SES_ER ? session->object : NULL;
}

gboolean
_vnl_vwan_transit_export (VnlNetwork     *net,
                          int             from,
                          int             s,
                          const VnlRoute *best,
                          VnlFilter      *why)
{
  VnlVwan *vwan = net->vwan;
  Session *session = ses (net, s);
  int h = gateway_hub (net, from);
  VnlObject *branch;
  int to_hub;
  gboolean *reach;

  if (h < 0 || vwan->transit == NULL)
    return TRUE;
  branch = branch_of (net, best);

  if (session->kind == SES_HUB)
    {
      /* A gateway speaks for its own branches only: what it learned from
       * the other gateways is theirs, and its VNets are originated by
       * every gateway (_vnl_vwan_gateway_local()). */
      if (branch == NULL)
        {
          *why = VNL_FILTER_NOT_READVERTISED;
          return FALSE;
        }
      /* [VWAN-EFF] 0.0.0.0/0 stays in the hub's table; vnetlab passes a
       * branch's default route to no other branch. */
      if (best->prefix.len == 0)
        {
          *why = VNL_FILTER_DEFAULT_ROUTE;
          return FALSE;
        }
      to_hub = gateway_hub (net, session->speaker[session->speaker[0] == from ? 1 : 0]);
    }
  else if (session->kind == SES_S2S || session->kind == SES_ER)
    {
      /* To a branch: another branch's route crosses the hub only with
       * branch-to-branch on ([B2B]: VPN sites of one gateway included). */
      if (branch == NULL && !_vnl_vwan_transit_learned (net, best))
        return TRUE;
      /* [ER-ER]: what a circuit sent goes to no circuit (R-D2 says why). */
      if (session->kind == SES_ER && branch != NULL && branch->kind == VNL_KIND_ER_CONNECTION)
        return TRUE;
      if (!vwan->transit->b2b[h])
        {
          *why = VNL_FILTER_VWAN_NO_BRANCH_TO_BRANCH;
          return FALSE;
        }
      if (branch == NULL)
        return TRUE;
      to_hub = h;
    }
  else
    return TRUE;

  /* The route reaches the tables it is propagated to: the branches of a
   * hub are associated with its Default table. */
  reach = g_hash_table_lookup (vwan->transit->reach, branch);
  if (reach == NULL || to_hub < 0 || !reach[to_hub])
    {
      *why = VNL_FILTER_VWAN_NOT_PROPAGATED;
      return FALSE;
    }
  return TRUE;
}

void
_vnl_vwan_transit_path (VnlNetwork *net,
                        int         s,
                        VnlRoute   *out)
{
  Session *session = ses (net, s);
  VnlAsPath *path;

  /* The hub router is AS 65515 like the gateways: nothing is prepended
   * within a hub; between hubs, [VWAN-EFF] 65520-65520. */
  if (gateway_hub (net, session->speaker[0]) == gateway_hub (net, session->speaker[1]))
    return;
  path = _vnl_vwan_inter_hub_path (out->path);
  vnl_as_path_unref (out->path);
  out->path = path;
}

/* [REST-EFF-VHUB] EffectiveRoutesListForVirtualHub.json shows a route of
 * next hop type ExpressRouteGateway with AS path "12076-12076" (and the
 * route-map example "65520-65520-12076-12076" from a remote hub): a VNet
 * behind another ExpressRoute gateway on the circuit, whose 65515 the
 * MSEE presents as its own ASN to a hub's gateway. Customer routes keep
 * their path ("12076 65020"). The VNets' gateways keep "12076 65515"
 * (the testbed, R-D4). */
void
_vnl_vwan_transit_import (VnlNetwork *net,
                          int         to,
                          int         s,
                          VnlRoute   *route)
{
  Session *session = ses (net, s);
  g_autofree guint32 *asns = NULL;
  guint32 msee;

  if (session->kind != SES_ER || gateway_hub (net, to) < 0 || route->path->len == 0 ||
      !vnl_as_path_contains (route->path, VNL_AZURE_DEFAULT_ASN))
    return;
  msee = route->path->asns[0];
  asns = g_memdup2 (route->path->asns, route->path->len * sizeof (guint32));
  for (guint i = 0; i < route->path->len; i++)
    if (asns[i] == VNL_AZURE_DEFAULT_ASN)
      asns[i] = msee;
  vnl_as_path_unref (route->path);
  route->path = vnl_as_path_new (asns, route->path->len);
}
