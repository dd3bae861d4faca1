/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-explain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-network-private.h"
#include "vnl-vwan.h"

/*
 * DOC: Why a packet does not arrive, in words
 *
 * A failed trace says where the packet was dropped and the mechanical
 * reason (no route, a None route…). Engineers want the design reason: the
 * rule of spec §4 that stops it. When the device that dropped the packet
 * (X) has no route to the destination's network (Y), the question is "why
 * does X not learn Y": from X outwards, session by session, the nearest
 * speakers that do have Y are found, and for each the filter that keeps Y
 * from its neighbour is replayed (_vnl_session_filter(), the same export
 * and import decisions convergence made). The rules that forbid transit —
 * an ExpressRoute gateway never passes one circuit's routes to another
 * (R-D2), Global Reach carries only customer routes (G13), a VNet's
 * ExpressRoute and VPN gateways exchange nothing (A11) — explain before a
 * policy (a prefix list, loop prevention), then the nearest first, then in
 * the order of the compiled speakers and sessions: never hash order.
 */

const char *
vnl_filter_to_string (VnlFilter filter)
{
  switch (filter)
    {
    case VNL_FILTER_ACCEPT:          return N_("sent and accepted");
    case VNL_FILTER_NO_ROUTE:        return N_("the sender has no route");
    case VNL_FILTER_SESSION_DOWN:    return N_("the session is down or does not run BGP");
    case VNL_FILTER_SPLIT_HORIZON:   return N_("never sent back over the session it came from");
    case VNL_FILTER_NOT_READVERTISED:
      return N_("a VNet-to-VNet connection without BGP carries only the two VNets");
    case VNL_FILTER_ER_GATEWAY_LEARNED:
      return N_("an ExpressRoute gateway advertises only its VNets, never routes learned from a circuit");
    case VNL_FILTER_DEFAULT_ROUTE:   return N_("VPN gateways never advertise a default route");
    case VNL_FILTER_OVERLAPS_VNET:
      return N_("VPN gateways never advertise a learned route overlapping their VNets");
    case VNL_FILTER_GLOBAL_REACH_TO_AZURE:
      return N_("routes learned over Global Reach go to the customer only");
    case VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY:
      return N_("only the customer's own routes cross Global Reach");
    case VNL_FILTER_PREFIX_LIST:     return N_("not in the outbound prefix list");
    case VNL_FILTER_AS_LOOP:         return N_("the AS path already holds the receiver's AS");
    case VNL_FILTER_MATCHES_VNET:
      return N_("Azure filters an advertisement matching a VNet prefix (only a superset is accepted)");
    case VNL_FILTER_NO_ER_VPN_TRANSIT:
      return N_("Azure does not pass routes between a VNet's ExpressRoute and VPN gateways");
    case VNL_FILTER_PREFIX_LIMIT:
      return N_("the session was dropped: the peer advertises more prefixes than Azure accepts");
    case VNL_FILTER_NO_BRANCH_TO_BRANCH:
      return N_("branch-to-branch is off: the route server passes no routes between the appliances and the VNet's gateways");
    case VNL_FILTER_NO_ADVERTISE:
      return N_("the route carries NO_ADVERTISE (65535:65282): the route server sends it to no other peer");
    case VNL_FILTER_RS_INSIDE_VNET:
      return N_("the route server ignores an appliance's route equal to or inside its virtual networks' address space (only a supernet is accepted)");
    case VNL_FILTER_RS_OWN_NETWORKS:
      return N_("a route server and its VNet's gateways each originate the VNets themselves");
    case VNL_FILTER_VWAN_NO_BRANCH_TO_BRANCH:
      return N_("branch-to-branch is off on the Virtual WAN: its hubs pass no routes between the branches (VPN sites and ExpressRoute circuits)");
    case VNL_FILTER_VWAN_NOT_PROPAGATED:
      return N_("the branch connection does not propagate to that hub's Default route table, which the branches are associated with");
    default:                         return "";
    }
}

/* The two gateways of one VNet: neighbours that never exchange routes. */
static gboolean
co_located (VnlNetwork *net,
            int         a,
            int         b)
{
  Speaker *x = spk (net, a);
  Speaker *y = spk (net, b);

  return a != b && x->kind == SPK_GATEWAY && y->kind == SPK_GATEWAY && x->vnet == y->vnet;
}

gboolean
vnl_network_filter (VnlNetwork       *self,
                    const char       *from,
                    const char       *to,
                    const VnlPrefix  *prefix,
                    VnlFilter        *filter,
                    GError          **error)
{
  int a, b;
  Speaker *sender;

  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && prefix != NULL && filter != NULL, FALSE);

  a = _vnl_network_speaker_of (self, from);
  b = _vnl_network_speaker_of (self, to);
  if (a >= 0 && b >= 0)
    {
      if (co_located (self, a, b))
        {
          *filter = VNL_FILTER_NO_ER_VPN_TRANSIT;
          return TRUE;
        }
      sender = spk (self, a);
      for (guint i = 0; i < sender->sessions->len; i++)
        {
          int s = g_array_index (sender->sessions, guint, i);
          Session *session = ses (self, s);

          if (session->speaker[0] == b || session->speaker[1] == b)
            {
              *filter = _vnl_session_filter (self, s, a, vnl_prefix_key (prefix));
              return TRUE;
            }
        }
    }

  g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_NOT_NEIGHBOURS,
               _("no BGP session joins “%s” and “%s”"), from, to);
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Why does X not learn Y                                                 */

typedef struct
{
  VnlFilter filter;
  int       from;      /* the speaker that has the route */
  int       to;        /* its neighbour that does not get it */
  guint     distance;  /* sessions from X to @to, + 1 */
} Missing;

/* Rules that forbid transit explain first (0), in this order; policies
 * after (1). */
static guint
filter_rank (VnlFilter filter,
             guint    *order)
{
  switch (filter)
    {
    case VNL_FILTER_ER_GATEWAY_LEARNED:          *order = 0; return 0;
    case VNL_FILTER_GLOBAL_REACH_TO_AZURE:       *order = 1; return 0;
    case VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY:  *order = 2; return 0;
    case VNL_FILTER_NO_ER_VPN_TRANSIT:           *order = 3; return 0;
    case VNL_FILTER_PREFIX_LIMIT:                *order = 4; return 0;
    case VNL_FILTER_NO_BRANCH_TO_BRANCH:         *order = 5; return 0;
    case VNL_FILTER_VWAN_NO_BRANCH_TO_BRANCH:    *order = 6; return 0;
    case VNL_FILTER_VWAN_NOT_PROPAGATED:         *order = 7; return 0;
    case VNL_FILTER_ACCEPT:
    case VNL_FILTER_NO_ROUTE:
    case VNL_FILTER_SESSION_DOWN:
    case VNL_FILTER_SPLIT_HORIZON:
    case VNL_FILTER_NOT_READVERTISED:
    case VNL_FILTER_DEFAULT_ROUTE:
    case VNL_FILTER_OVERLAPS_VNET:
    case VNL_FILTER_PREFIX_LIST:
    case VNL_FILTER_AS_LOOP:
    case VNL_FILTER_MATCHES_VNET:
    case VNL_FILTER_NO_ADVERTISE:
    case VNL_FILTER_RS_INSIDE_VNET:
    case VNL_FILTER_RS_OWN_NETWORKS:
    default:                                     *order = filter; return 1;
    }
}

static gboolean
missing_better (const Missing *a,
                const Missing *b)
{
  guint oa, ob;
  guint ra = filter_rank (a->filter, &oa);
  guint rb = filter_rank (b->filter, &ob);

  if (ra != rb)
    return ra < rb;
  if (a->distance != b->distance)
    return a->distance < b->distance;
  return oa < ob;
}

static gboolean
has_route (Speaker *speaker,
           guint64  key)
{
  Entry *entry = _vnl_rib_lookup (&speaker->rib, key);
  return entry != NULL && entry->n_best > 0;
}

static void
consider (VnlNetwork *net,
          Missing    *best,
          VnlFilter   filter,
          int         from,
          int         to,
          guint       distance)
{
  Missing m = { filter, from, to, distance };

  /* A session that is down or sends nothing explains nothing here. */
  if (filter == VNL_FILTER_ACCEPT || filter == VNL_FILTER_NO_ROUTE ||
      filter == VNL_FILTER_SESSION_DOWN || filter == VNL_FILTER_SPLIT_HORIZON)
    return;
  if (best->from < 0 || missing_better (&m, best))
    *best = m;
}

/* From the speakers @xs outwards: the filter that keeps the route for @key
 * away from them. FALSE when one of them has the route. */
static gboolean
why_not_learned (VnlNetwork *net,
                 GArray     *xs,
                 guint64     key,
                 Missing    *best)
{
  g_autofree guint *distance = g_new0 (guint, net->speakers->len);
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (int));
  guint order;

  best->from = -1;
  for (guint i = 0; i < xs->len; i++)
    {
      int x = g_array_index (xs, int, i);
      if (has_route (spk (net, x), key))
        return FALSE;
      if (distance[x] == 0)
        {
          distance[x] = 1;
          g_array_append_val (queue, x);
        }
    }

  for (guint head = 0; head < queue->len; head++)
    {
      int u = g_array_index (queue, int, head);
      Speaker *speaker = spk (net, u);

      /* Beyond the best transit rule found, nothing explains better. */
      if (best->from >= 0 && distance[u] >= best->distance && filter_rank (best->filter, &order) == 0)
        break;

      for (guint i = 0; i < speaker->sessions->len; i++)
        {
          int s = g_array_index (speaker->sessions, guint, i);
          Session *session = ses (net, s);
          int n = session->speaker[session->speaker[0] == u ? 1 : 0];

          if (has_route (spk (net, n), key))
            consider (net, best, _vnl_session_filter (net, s, n, key), n, u, distance[u] + 1);
          else if (distance[n] == 0 && session->up)
            {
              distance[n] = distance[u] + 1;
              g_array_append_val (queue, n);
            }
        }

      /* The other gateway of the same VNet. */
      if (speaker->kind == SPK_GATEWAY)
        {
          NetVnet *nv = nvnet (net, speaker->vnet);
          for (guint t = 0; t < 2; t++)
            {
              int n = nv->gw[t];
              if (n < 0 || n == u || !spk (net, n)->up)
                continue;
              if (has_route (spk (net, n), key))
                consider (net, best, VNL_FILTER_NO_ER_VPN_TRANSIT, n, u, distance[u] + 1);
              else if (distance[n] == 0)
                {
                  distance[n] = distance[u] + 1;
                  g_array_append_val (queue, n);
                }
            }
        }
    }

  return best->from >= 0;
}

/* The network the destination is in: the longest VNet space, site prefix
 * or local network gateway prefix holding @addr. */
static gboolean
destination_prefix (VnlNetwork *net,
                    guint32     addr,
                    VnlPrefix  *out)
{
  GPtrArray *lngs = vnl_design_get_objects (net->design, VNL_KIND_LNG);
  int best = -1;

  for (guint v = 0; v < net->vnets->len + net->sites->len + lngs->len; v++)
    {
      GArray *prefixes;

      if (v < net->vnets->len)
        prefixes = nvnet (net, v)->vnet->address_spaces;
      else if (v < net->vnets->len + net->sites->len)
        prefixes = nsite (net, v - net->vnets->len)->site->prefixes;
      else
        prefixes = ((VnlLng *) lngs->pdata[v - net->vnets->len - net->sites->len])->prefixes;

      for (guint i = 0; i < prefixes->len; i++)
        {
          VnlPrefix *p = &g_array_index (prefixes, VnlPrefix, i);
          if (vnl_prefix_contains_ip (p, addr) && (int) p->len > best)
            {
              best = p->len;
              *out = *p;
            }
        }
    }
  return best >= 0;
}

/* The speakers whose tables decided the drop at @node. */
static GArray *
deciders (VnlNetwork *net,
          const char *node)
{
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (int));
  int v = _vnl_network_vnet_of (net, node);
  int s = _vnl_network_site_of (net, node);
  int x = _vnl_network_speaker_of (net, node);

  if (x >= 0)
    g_array_append_val (xs, x);
  else if (v >= 0 && nvnet (net, v)->gw_owner >= 0)
    {
      NetVnet *owner = nvnet (net, nvnet (net, v)->gw_owner);
      for (guint t = 0; t < 2; t++)
        if (owner->gw[t] >= 0 && spk (net, owner->gw[t])->up)
          g_array_append_val (xs, owner->gw[t]);
    }
  else if (s >= 0)
    g_array_append_vals (xs, nsite (net, s)->ces->data, nsite (net, s)->ces->len);
  else
    for (guint i = 0; i < net->sites->len; i++)
      {
        /* A routed hop inside a site is named after the hop. */
        GPtrArray *hops = nsite (net, i)->site->hops;
        for (guint h = 0; h < hops->len; h++)
          if (g_strcmp0 (((VnlSiteHop *) hops->pdata[h])->name, node) == 0)
            g_array_append_vals (xs, nsite (net, i)->ces->data, nsite (net, i)->ces->len);
      }

  return xs;
}

/* The sentence of the session between @a and @b a prefix limit dropped. */
static char *
dropped_session (VnlNetwork *net,
                 int         a,
                 int         b)
{
  g_autoptr(GArray) limits = vnl_network_get_prefix_limits (net);
  Speaker *x = spk (net, a);
  Speaker *y = spk (net, b);

  for (guint i = 0; i < limits->len; i++)
    {
      VnlPrefixLimit *l = &g_array_index (limits, VnlPrefixLimit, i);

      if (l->dropped && ((g_str_equal (l->receiver, x->name) && g_str_equal (l->sender, y->name))
                         || (g_str_equal (l->receiver, y->name) && g_str_equal (l->sender, x->name))))
        return vnl_prefix_limit_describe (l);
    }
  return g_strdup (_(vnl_filter_to_string (VNL_FILTER_PREFIX_LIMIT)));
}

static char *
missing_sentence (VnlNetwork      *net,
                  const Missing   *m,
                  const VnlPrefix *prefix)
{
  const char *from = spk (net, m->from)->name;
  const char *to = spk (net, m->to)->name;
  g_autofree char *text = vnl_prefix_to_string (prefix);

  switch (m->filter)
    {
    case VNL_FILTER_ER_GATEWAY_LEARNED:
      return g_strdup_printf (_("%s learns %s from an ExpressRoute circuit but does not pass it to %s: "
                                "an ExpressRoute gateway advertises only its VNets, so ExpressRoute "
                                "circuits do not carry traffic between each other unless Global Reach "
                                "joins them."), from, text, to);
    case VNL_FILTER_NO_ER_VPN_TRANSIT:
      return g_strdup_printf (_("%s has a route to %s but %s, the other gateway of its VNet, does not "
                                "learn it: Azure does not pass routes between a VNet's ExpressRoute and "
                                "VPN gateways (no transit between ExpressRoute and VPN)."), from, text, to);
    case VNL_FILTER_GLOBAL_REACH_TO_AZURE:
    case VNL_FILTER_GLOBAL_REACH_CUSTOMER_ONLY:
      return g_strdup_printf (_("%s does not pass %s to %s: Global Reach carries only the customers' "
                                "own routes, and hands them to the customer only."), from, text, to);
    case VNL_FILTER_PREFIX_LIST:
      return g_strdup_printf (_("%s does not advertise %s to %s: it is not in the outbound prefix list "
                                "towards %s."), from, text, to, to);
    case VNL_FILTER_AS_LOOP:
      return g_strdup_printf (_("%s refuses %s from %s: the AS path already holds its AS %u "
                                "(eBGP loop prevention)."), to, text, from, spk (net, m->to)->asn);
    case VNL_FILTER_PREFIX_LIMIT:
      {
        g_autofree char *why = dropped_session (net, m->from, m->to);
        return g_strdup_printf (_("%s does not learn %s from %s: %s."), to, text, from, why);
      }
    case VNL_FILTER_ACCEPT:
    case VNL_FILTER_NO_ROUTE:
    case VNL_FILTER_SESSION_DOWN:
    case VNL_FILTER_SPLIT_HORIZON:
    case VNL_FILTER_NOT_READVERTISED:
    case VNL_FILTER_DEFAULT_ROUTE:
    case VNL_FILTER_OVERLAPS_VNET:
    case VNL_FILTER_MATCHES_VNET:
    case VNL_FILTER_NO_BRANCH_TO_BRANCH:
    case VNL_FILTER_NO_ADVERTISE:
    case VNL_FILTER_RS_INSIDE_VNET:
    case VNL_FILTER_RS_OWN_NETWORKS:
    case VNL_FILTER_VWAN_NO_BRANCH_TO_BRANCH:
    case VNL_FILTER_VWAN_NOT_PROPAGATED:
    default:
      return g_strdup_printf (_("%s does not pass %s to %s: %s."), from, text, to,
                              _(vnl_filter_to_string (m->filter)));
    }
}

/**
 * vnl_network_explain:
 * @trace: a trace that was not delivered (or whose return failed)
 *
 * Returns: (transfer full) (nullable): a sentence saying why, or %NULL when
 *   @trace and its return path were delivered
 */
char *
vnl_network_explain (VnlNetwork *self,
                     VnlTrace   *trace)
{
  VnlTrace *failed = trace;
  guint32 to = trace->destination;
  VnlPrefix prefix;
  int src_vnet = -1;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);

  if (trace->reached)
    {
      if (trace->reverse == NULL || trace->reverse->reached)
        return NULL;
      /* The way back fails: explain that one, from the other end. */
      failed = trace->reverse;
      to = trace->source;
    }

  for (guint v = 0; v < self->vnets->len; v++)
    if (g_strcmp0 (nvnet (self, v)->vnet->parent.name, failed->drop_node) == 0)
      src_vnet = v;

  /* A spoke of a Virtual WAN hub learns what its connection's associated
   * hub route table holds ("You can only use Virtual WAN to program routes
   * in a spoke if the prefix is shorter (less specific) than the virtual
   * network prefix" and 0.0.0.0/0 only with internet security,
   * about-virtual-hub-routing.md): no gateway transit is involved. */
  if (src_vnet >= 0 && failed->drop == VNL_DROP_NULL_ROUTE && _vnl_vwan_spoke_hub (self, src_vnet) >= 0)
    {
      int h = _vnl_vwan_spoke_hub (self, src_vnet);
      g_autofree char *address = vnl_ip_to_string (to);

      return g_strdup_printf (_("VNet %s is connected to virtual hub %s by %s, and no route the hub "
                                "programs into it covers %s: the hub route table the connection is "
                                "associated with holds none (or only ones its own prefixes override)."),
                              nvnet (self, src_vnet)->vnet->parent.name,
                              g_array_index (self->vwan->hubs, NetHub, h).hub->parent.name,
                              _vnl_vwan_spoke_connection (self, src_vnet), address);
    }

  /* G18: a VNet with no gateway, own or remote, learns nothing on premises. */
  if (src_vnet >= 0 && nvnet (self, src_vnet)->gw_owner < 0 &&
      failed->drop == VNL_DROP_NULL_ROUTE)
    return g_strdup_printf (_("VNet %s has no gateway of its own and does not use a peer's "
                              "(gateway transit needs use-remote-gateways on its side and "
                              "allow-gateway-transit on the hub's), so it learns no on-premises routes."),
                            nvnet (self, src_vnet)->vnet->parent.name);

  /* A destination of the design sent to the Internet (a public prefix
   * whose route is missing) is explained as a missing route too. */
  if (failed->drop_node != NULL &&
      (failed->drop == VNL_DROP_NO_ROUTE || failed->drop == VNL_DROP_NULL_ROUTE
       || failed->drop == VNL_DROP_INTERNET) &&
      destination_prefix (self, to, &prefix))
    {
      g_autoptr(GArray) xs = deciders (self, failed->drop_node);
      Missing m;

      if (xs->len > 0 && why_not_learned (self, xs, vnl_prefix_key (&prefix), &m))
        return missing_sentence (self, &m, &prefix);
    }

  if (failed->drop_node != NULL)
    return g_strdup_printf (_("Dropped at %s: %s%s%s."), failed->drop_node,
                            _(vnl_drop_reason_to_string (failed->drop)),
                            failed->drop_detail ? " — " : "",
                            failed->drop_detail ? failed->drop_detail : "");

  return g_strdup (_("No path between the two ends."));
}
