/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-network"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-network-private.h"

/*
 * DOC: The control plane
 *
 * A design compiles into speakers and sessions:
 *
 *  - every virtual network gateway is a speaker (ASN 65515 by default);
 *  - every ExpressRoute circuit link is an MSEE speaker (ASN 12076), so a
 *    circuit has its primary and secondary MSEE;
 *  - every CE router is a speaker, and a local network gateway that speaks
 *    BGP without standing for a modelled CE is one too;
 *  - sessions join them: gateway↔MSEE for each ExpressRoute connection and
 *    each link of its circuit, MSEE↔CE over each link, MSEE↔MSEE for Global
 *    Reach, VPN gateway↔CE/LNG for S2S, VPN gateway↔VPN gateway for
 *    VNet-to-VNet.
 *
 * Convergence is an event-driven path-vector computation: a queue of
 * (speaker, prefix) pairs whose candidates changed; each is re-decided with
 * vnl_route_compare(), and when the selection changes, the speaker's export
 * policy (export_route) decides what each neighbour now receives. Starting
 * from empty tables with every session down, a full build is the same
 * computation as a what-if change: apply_states() diffs what should be up
 * and originated against what is, and feeds only the differences to the
 * queue. That is what makes one link going down re-converge incrementally.
 *
 * The rules (spec §4) live where they act:
 *  - export_route(): R-D2, R-D3, R-D5, R-D7, G13, G15, G17;
 *  - import_route(): R-D4, R-D6, weight 32769/32768 (G6), local-pref;
 *  - compute_local(): VNet and gateway-transit prefixes (A6, G18), LNG
 *    prefixes, VNet-to-VNet without BGP (G17), CE network statements;
 *  - compute_states(): peering is not transitive, a VNet with its own
 *    gateway never uses a remote one (G18).
 */

G_DEFINE_QUARK (vnl-network-error-quark, vnl_network_error)

G_DEFINE_FINAL_TYPE (VnlNetwork, vnl_network, G_TYPE_OBJECT)

typedef struct
{
  int     speaker;
  guint64 key;
} QueueItem;

#define ECMP_MAX_PATHS 8

/* ---------------------------------------------------------------------- */
/* Lookups                                                                */

static int
index_of (GHashTable *index,
          const char *name)
{
  if (name == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (index, name)) - 1;
}

int
_vnl_network_vnet_of (VnlNetwork *self,
                      const char *name)
{
  return index_of (self->vnet_index, name);
}

int
_vnl_network_site_of (VnlNetwork *self,
                      const char *name)
{
  return index_of (self->site_index, name);
}

int
_vnl_network_speaker_of (VnlNetwork *self,
                         const char *name)
{
  return index_of (self->speaker_index, name);
}

gboolean
_vnl_network_obj_up (VnlNetwork *self,
                     gpointer    data)
{
  VnlObject *object = data;
  gpointer value;

  if (object == NULL)
    return FALSE;
  value = g_hash_table_lookup (self->overrides, object->name);
  if (value != NULL)
    return GPOINTER_TO_INT (value) - 1;
  return object->up;
}

const DefaultRoute _vnl_default_routes[5] = {
  { 0x00000000,  0, TRUE },   /* 0.0.0.0/0 → Internet */
  { 0x0a000000,  8, FALSE },  /* 10.0.0.0/8 → None */
  { 0xac100000, 12, FALSE },  /* 172.16.0.0/12 → None */
  { 0xc0a80000, 16, FALSE },  /* 192.168.0.0/16 → None */
  { 0x64400000, 10, FALSE },  /* 100.64.0.0/10 → None */
};

/* Longest-prefix match in a speaker's RIB, probing only the lengths that
 * exist in it. Entries without a selected route are skipped, and with
 * @learned_only those whose selected route the speaker originates. */
Entry *
_vnl_speaker_lookup (Speaker  *speaker,
                     guint32   addr,
                     gboolean  learned_only)
{
  for (int len = 32; len >= 0; len--)
    {
      VnlPrefix prefix;
      Entry *entry;
      VnlRoute *best;

      if (speaker->len_count[len] == 0)
        continue;

      prefix.len = len;
      prefix.addr = addr & vnl_prefix_mask (len);
      entry = g_hash_table_lookup (speaker->rib, GSIZE_TO_POINTER (vnl_prefix_key (&prefix)));
      if (entry == NULL || entry->best->len == 0)
        continue;
      best = entry->best->pdata[0];
      if (learned_only && (best->origin == VNL_ORIGIN_NETWORK || best->origin == VNL_ORIGIN_TRANSIT_PEER))
        continue;
      return entry;
    }

  return NULL;
}

/* ---------------------------------------------------------------------- */
/* RIB entries                                                            */

static void
entry_free (Entry *entry)
{
  g_ptr_array_unref (entry->cands);
  g_ptr_array_unref (entry->best);
  g_free (entry);
}

static Entry *
entry_get (Speaker *speaker,
           guint64  key,
           gboolean create)
{
  Entry *entry = g_hash_table_lookup (speaker->rib, GSIZE_TO_POINTER (key));

  if (entry == NULL && create)
    {
      entry = g_new0 (Entry, 1);
      entry->cands = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_unref);
      entry->best = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_route_unref);
      g_hash_table_insert (speaker->rib, GSIZE_TO_POINTER (key), entry);
      speaker->len_count[key & 0xff]++;
    }

  return entry;
}

static void
enqueue (VnlNetwork *self,
         int         speaker,
         guint64     key,
         Entry      *entry)
{
  QueueItem *item;

  if (entry->queued)
    return;
  entry->queued = TRUE;
  item = g_slice_new (QueueItem);
  item->speaker = speaker;
  item->key = key;
  g_queue_push_tail (&self->queue, item);
}

static gboolean
cand_matches (const VnlRoute *route,
              int             session,
              gboolean        local)
{
  return route->session == session && (route->origin != VNL_ORIGIN_BGP) == local;
}

/* Sets (or, with @route NULL, removes) the candidate that came over
 * @session (-1: originated here; @local tells a static or originated route
 * from a learned one). Takes ownership of @route. */
static void
set_candidate (VnlNetwork *self,
               int         speaker_index,
               guint64     key,
               int         session,
               gboolean    local,
               VnlRoute   *route)
{
  Speaker *speaker = spk (self, speaker_index);
  Entry *entry = entry_get (speaker, key, route != NULL);
  guint i;

  if (entry == NULL)
    return;

  for (i = 0; i < entry->cands->len; i++)
    if (cand_matches (entry->cands->pdata[i], session, local))
      break;

  if (route == NULL)
    {
      if (i == entry->cands->len)
        return;
      g_ptr_array_remove_index (entry->cands, i);
    }
  else if (i < entry->cands->len)
    {
      if (vnl_route_same (entry->cands->pdata[i], route))
        {
          vnl_route_unref (route);
          return;
        }
      /* `best` holds its own references, so the old route stays valid
       * until decide() replaces it. */
      g_ptr_array_add (entry->cands, route);
      g_ptr_array_remove_index (entry->cands, i);
    }
  else
    g_ptr_array_add (entry->cands, route);

  enqueue (self, speaker_index, key, entry);
}

/* ---------------------------------------------------------------------- */
/* Best-path selection                                                    */

static int
tie_break (const VnlRoute *a,
           const VnlRoute *b)
{
  if (a->next_hop != b->next_hop)
    return a->next_hop < b->next_hop ? -1 : 1;
  return a->session - b->session;
}

/* Returns TRUE when the selection changed. */
static gboolean
decide (Speaker *speaker,
        Entry   *entry)
{
  VnlRoute *winner = NULL;
  VnlRoute *best[ECMP_MAX_PATHS];
  guint n_best = 0;
  gboolean ecmp = FALSE;
  gboolean tie = FALSE;
  gboolean lost = FALSE;
  VnlReason closest = VNL_REASON_ONLY_ROUTE;
  gboolean changed;

  for (guint i = 0; i < entry->cands->len; i++)
    {
      VnlRoute *route = entry->cands->pdata[i];
      int cmp;

      if (winner == NULL)
        {
          winner = route;
          continue;
        }
      cmp = vnl_route_compare (route, winner, NULL);
      if (cmp < 0 || (cmp == 0 && tie_break (route, winner) < 0))
        winner = route;
    }

  if (winner != NULL)
    best[n_best++] = winner;

  for (guint i = 0; winner != NULL && i < entry->cands->len; i++)
    {
      VnlRoute *route = entry->cands->pdata[i];
      VnlReason why;

      if (route == winner)
        continue;

      if (vnl_route_compare (winner, route, &why) == 0)
        {
          /* Equal up to the last rung: multipath where the speaker does it
           * (Azure gateways and MSEEs; a CE with maximum-paths > 1),
           * otherwise the deterministic tie-break already chose. */
          if (speaker->max_paths > 1 && n_best < MIN (speaker->max_paths, ECMP_MAX_PATHS) &&
              route->origin == VNL_ORIGIN_BGP && winner->origin == VNL_ORIGIN_BGP)
            {
              best[n_best++] = route;
              ecmp = TRUE;
            }
          else
            tie = TRUE;
        }
      else
        {
          /* The reason shown is the rung where the closest runner-up lost. */
          if (!lost || why > closest)
            closest = why;
          lost = TRUE;
        }
    }

  /* Multipath members in a stable order. */
  for (guint i = 1; i < n_best; i++)
    for (guint j = i; j > 0 && tie_break (best[j], best[j - 1]) < 0; j--)
      {
        VnlRoute *tmp = best[j];
        best[j] = best[j - 1];
        best[j - 1] = tmp;
      }

  entry->reason = ecmp ? VNL_REASON_ECMP : tie ? VNL_REASON_TIE_BREAK : closest;

  changed = n_best != entry->best->len;
  for (guint i = 0; !changed && i < n_best; i++)
    changed = best[i] != entry->best->pdata[i];

  if (changed)
    {
      g_ptr_array_set_size (entry->best, 0);
      for (guint i = 0; i < n_best; i++)
        g_ptr_array_add (entry->best, vnl_route_ref (best[i]));
    }

  return changed;
}

/* ---------------------------------------------------------------------- */
/* Export and import policies                                             */

static gboolean
prefix_in_array (GArray          *prefixes,
                 const VnlPrefix *prefix)
{
  for (guint i = 0; i < prefixes->len; i++)
    if (vnl_prefix_equal (&g_array_index (prefixes, VnlPrefix, i), prefix))
      return TRUE;
  return FALSE;
}

static VnlCePolicy *
ce_policy (VnlCe      *ce,
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

/* What speaker @from (side @side of session @s) advertises over the session
 * for a prefix whose selected routes are @entry->best; NULL withdraws. */
static VnlRoute *
export_route (VnlNetwork *self,
              int         from,
              int         s,
              int         side,
              Entry      *entry)
{
  Speaker *speaker = spk (self, from);
  Session *session = ses (self, s);
  VnlRoute *best;
  VnlRoute *out;
  static const VnlPrefix default_route = { 0, 0 };

  if (entry == NULL || entry->best->len == 0)
    return NULL;

  best = entry->best->pdata[0];

  /* Never back over the session it came from (learned or static). */
  if (best->session == s)
    return NULL;
  if (!best->exportable)
    return NULL;

  switch (speaker->kind)
    {
    case SPK_GATEWAY:
      if (session->kind == SES_ER)
        {
          /* R-D2: an ExpressRoute gateway advertises its own VNet and the
           * VNets that use it through gateway transit, never what it
           * learned from a circuit, and nothing of the VPN gateway. */
          if (best->origin != VNL_ORIGIN_NETWORK && best->origin != VNL_ORIGIN_TRANSIT_PEER)
            return NULL;
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
                return NULL;
              if (overlaps_gateway_networks (self, speaker, &best->prefix))
                return NULL;
            }
        }
      break;

    case SPK_MSEE:
      /* R-D3: the MSEE is where everything on one circuit meets. G13: what
       * came over Global Reach goes to the customer only, and only the
       * customer's own routes cross Global Reach. */
      if (session->kind == SES_ER && best->global_reach)
        return NULL;
      if (session->kind == SES_GLOBAL_REACH && (!best->from_customer || best->global_reach))
        return NULL;
      break;

    case SPK_CE:
      {
        /* R-D7: the CE's outbound prefix-list towards that neighbour. */
        VnlCePolicy *policy = ce_policy ((VnlCe *) speaker->object, session->object->name);
        if (policy != NULL && policy->export_prefixes->len > 0 &&
            !prefix_in_array (policy->export_prefixes, &best->prefix))
          return NULL;
      }
      break;

    case SPK_LNG:
    default:
      break;
    }

  out = vnl_route_copy (best);
  if (session->kind != SES_GLOBAL_REACH)
    {
      /* eBGP prepends the speaker's ASN; a CE policy may prepend it more
       * times to make a path less preferred (G11). */
      guint copies = 1;

      if (speaker->kind == SPK_CE)
        {
          VnlCePolicy *policy = ce_policy ((VnlCe *) speaker->object, session->object->name);
          if (policy != NULL)
            copies += policy->as_path_prepend;
        }

      vnl_as_path_unref (out->path);
      out->path = vnl_as_path_ref (best->path);
      for (guint k = 0; k < copies; k++)
        {
          VnlAsPath *longer = vnl_as_path_prepend (out->path, speaker->asn);
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

  return out;
}

/* The receiving side: loop prevention and the attributes it sets. */
static VnlRoute *
import_route (VnlNetwork *self,
              int         to,
              int         s,
              VnlRoute   *route)
{
  Speaker *speaker = spk (self, to);
  Session *session = ses (self, s);

  if (route == NULL)
    return NULL;

  /* R-D6: eBGP loop prevention. R-D4: ExpressRoute gateways accept VNet
   * routes carrying 65515 from the MSEE, so VNets on one circuit see each
   * other. */
  if (!speaker->allowas_in && vnl_as_path_contains (route->path, speaker->asn) &&
      session->kind != SES_GLOBAL_REACH)
    {
      vnl_route_unref (route);
      return NULL;
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
      break;

    case SPK_CE:
      {
        VnlCePolicy *policy = ce_policy ((VnlCe *) speaker->object, session->object->name);
        if (policy != NULL && policy->local_preference != 0)
          route->local_pref = policy->local_preference;
      }
      break;

    case SPK_MSEE:
    case SPK_LNG:
    default:
      break;
    }

  return route;
}

static void
advertise (VnlNetwork *self,
           int         from,
           int         s,
           guint64     key,
           Entry      *entry)
{
  Session *session = ses (self, s);
  int side = session->speaker[0] == from ? 0 : 1;
  int to = session->speaker[1 - side];
  VnlRoute *route = NULL;

  if (session->up && session->bgp)
    route = import_route (self, to, s, export_route (self, from, s, side, entry));

  set_candidate (self, to, key, s, FALSE, route);
}

static void
converge (VnlNetwork *self)
{
  QueueItem *item;

  while ((item = g_queue_pop_head (&self->queue)))
    {
      Speaker *speaker;

      /* Policies can make BGP oscillate forever (a dispute wheel); stop
       * rather than hang, and say so. */
      if (self->updates > self->update_limit)
        {
          self->converged = FALSE;
          g_slice_free (QueueItem, item);
          continue;
        }

      speaker = spk (self, item->speaker);
      guint64 key = item->key;
      Entry *entry = entry_get (speaker, key, FALSE);

      g_slice_free (QueueItem, item);
      self->updates++;

      if (entry == NULL)
        continue;
      entry->queued = FALSE;

      if (decide (speaker, entry))
        for (guint i = 0; i < speaker->sessions->len; i++)
          {
            int s = g_array_index (speaker->sessions, guint, i);
            if (ses (self, s)->up && ses (self, s)->bgp)
              advertise (self, (int) (speaker - spk (self, 0)), s, key, entry);
          }

      if (entry->cands->len == 0)
        {
          speaker->len_count[key & 0xff]--;
          g_hash_table_remove (speaker->rib, GSIZE_TO_POINTER (key));
        }
    }
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

static gboolean
speaker_up (VnlNetwork *self,
            Speaker    *speaker)
{
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
    default:
      g_assert_not_reached ();
    }
}

static gboolean
session_up (VnlNetwork *self,
            Session    *session)
{
  Speaker *a = spk (self, session->speaker[0]);
  Speaker *b = spk (self, session->speaker[1]);

  if (!a->up || !b->up || !_vnl_network_obj_up (self, session->object))
    return FALSE;

  /* Ends that disagree on ASN or address never open the session. */
  if (!vnl_design_session_agrees (self->design, session->object, NULL))
    return FALSE;

  switch (session->kind)
    {
    case SES_S2S:
      {
        /* The tunnel also needs the local network gateway it is defined on. */
        VnlS2sConnection *conn = (VnlS2sConnection *) session->object;
        return _vnl_network_obj_up (self, vnl_design_lookup (self->design, conn->lng));
      }
    case SES_ER:
    case SES_CIRCUIT:
    case SES_GLOBAL_REACH:
    case SES_V2V:
    default:
      return TRUE;
    }
}

/* Recomputes every derived state from the design and the what-if
 * overrides: VNets and sites up, peerings, which gateways a VNet uses,
 * speakers and sessions up. Returns the sessions' new states. */
static gboolean *
compute_states (VnlNetwork *self)
{
  GPtrArray *peerings = vnl_design_get_objects (self->design, VNL_KIND_PEERING);
  gboolean *up = g_new0 (gboolean, self->sessions->len + 1);

  for (guint v = 0; v < self->vnets->len; v++)
    {
      NetVnet *nv = nvnet (self, v);
      nv->up = _vnl_network_obj_up (self, nv->vnet);
      g_array_set_size (nv->peers, 0);
      g_array_set_size (nv->users, 0);
      nv->gw_owner = nv->has_gateway ? (int) v : -1;
    }

  for (guint s = 0; s < self->sites->len; s++)
    nsite (self, s)->up = _vnl_network_obj_up (self, nsite (self, s)->site);

  for (guint i = 0; i < peerings->len; i++)
    {
      VnlPeering *peering = peerings->pdata[i];
      int ends[2] = { _vnl_network_vnet_of (self, peering->vnet_a),
                      _vnl_network_vnet_of (self, peering->vnet_b) };

      if (!peering_active (self, peering, ends[0], ends[1]))
        continue;

      for (guint side = 0; side < 2; side++)
        {
          NetVnet *here = nvnet (self, ends[side]);
          NetVnet *there = nvnet (self, ends[1 - side]);
          GArray *spaces = there->vnet->address_spaces;

          /* A peering route for each of the peer's address spaces; peering
           * is not transitive, so only the direct peer's spaces. */
          for (guint k = 0; k < spaces->len; k++)
            {
              PeerRoute pr = { g_array_index (spaces, VnlPrefix, k), ends[1 - side], (VnlObject *) peering };
              g_array_append_val (here->peers, pr);
            }

          /* G18: use-remote-gateways on this side and allow-gateway-transit
           * on the other lets this VNet use the peer's gateways, unless it
           * has a gateway of its own. */
          if (!here->has_gateway && there->has_gateway &&
              peering->side[side].use_remote_gateways &&
              peering->side[1 - side].allow_gateway_transit &&
              here->gw_owner < 0)
            here->gw_owner = ends[1 - side];
        }
    }

  for (guint v = 0; v < self->vnets->len; v++)
    if (nvnet (self, v)->gw_owner >= 0)
      g_array_append_val (nvnet (self, nvnet (self, v)->gw_owner)->users, v);

  for (guint i = 0; i < self->speakers->len; i++)
    spk (self, i)->up = speaker_up (self, spk (self, i));

  for (guint i = 0; i < self->sessions->len; i++)
    up[i] = session_up (self, ses (self, i));

  return up;
}

static void
add_local (GPtrArray       *out,
           const VnlPrefix *prefix,
           VnlOrigin        origin,
           int              session,
           guint32          next_hop,
           gboolean         exportable)
{
  VnlRoute *route = vnl_route_new (prefix, NULL, origin);

  route->session = session;
  route->next_hop = next_hop;
  route->exportable = exportable;
  g_ptr_array_add (out, route);
}

static void
add_spaces (GPtrArray *out,
            GArray    *spaces,
            VnlOrigin  origin,
            int        session,
            guint32    next_hop,
            gboolean   exportable)
{
  for (guint i = 0; i < spaces->len; i++)
    add_local (out, &g_array_index (spaces, VnlPrefix, i), origin, session, next_hop, exportable);
}

/* The routes a speaker originates in the current state. */
static GPtrArray *
compute_local (VnlNetwork *self,
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
              add_spaces (out, nv->vnet->address_spaces,
                          v == speaker->vnet ? VNL_ORIGIN_NETWORK : VNL_ORIGIN_TRANSIT_PEER,
                          -1, 0, TRUE);
          }

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
                  add_spaces (out, lng->prefixes, VNL_ORIGIN_STATIC, s, session->addr[1 - side], TRUE);
              }
            else if (session->kind == SES_V2V && !session->bgp)
              {
                /* G17: without BGP a VNet-to-VNet connection carries only
                 * the two VNets' own spaces, and nothing is re-advertised. */
                Speaker *peer = spk (self, session->speaker[1 - side]);
                add_spaces (out, nvnet (self, peer->vnet)->vnet->address_spaces,
                            VNL_ORIGIN_STATIC, s, session->addr[1 - side], FALSE);
              }
          }
      }
      break;

    case SPK_CE:
      {
        VnlSite *site = speaker->site >= 0 ? nsite (self, speaker->site)->site : NULL;

        /* The site's LAN prefixes (`network` statements). */
        if (site != NULL)
          add_spaces (out, site->prefixes, VNL_ORIGIN_NETWORK, -1, 0, TRUE);

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
                  add_spaces (out, nv->vnet->address_spaces, VNL_ORIGIN_STATIC, s,
                              session->addr[1 - side], FALSE);
              }
          }
      }
      break;

    case SPK_LNG:
      add_spaces (out, ((VnlLng *) speaker->object)->prefixes, VNL_ORIGIN_NETWORK, -1, 0, TRUE);
      break;

    case SPK_MSEE:
    default:
      break;
    }

  return out;
}

static guint64
local_key (const VnlRoute *route)
{
  /* (prefix, session) identifies an originated route. */
  return vnl_prefix_key (&route->prefix) ^ ((guint64) (route->session + 1) << 40);
}

/* Diffs the wanted state against the current one and queues only what
 * changed: the heart of incremental re-convergence. */
static void
apply_states (VnlNetwork *self)
{
  g_autofree gboolean *up = compute_states (self);
  g_autoptr(GArray) went_down = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) went_up = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint s = 0; s < self->sessions->len; s++)
    {
      Session *session = ses (self, s);

      if (session->up && !up[s])
        g_array_append_val (went_down, s);
      else if (!session->up && up[s])
        g_array_append_val (went_up, s);
      session->up = up[s];
    }

  /* Sessions that went down: forget what came over them. */
  for (guint d = 0; d < went_down->len; d++)
    {
      guint s = g_array_index (went_down, guint, d);
      Session *session = ses (self, s);

      for (guint side = 0; side < 2; side++)
        {
          Speaker *speaker = spk (self, session->speaker[side]);
          g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
          GHashTableIter iter;
          gpointer key;
          Entry *entry;

          g_hash_table_iter_init (&iter, speaker->rib);
          while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
            for (guint i = 0; i < entry->cands->len; i++)
              if (cand_matches (entry->cands->pdata[i], (int) s, FALSE))
                {
                  guint64 k = GPOINTER_TO_SIZE (key);
                  g_array_append_val (keys, k);
                  break;
                }

          for (guint i = 0; i < keys->len; i++)
            set_candidate (self, session->speaker[side], g_array_index (keys, guint64, i),
                           (int) s, FALSE, NULL);
        }
    }

  /* Originated routes (networks and the statics of up sessions): add,
   * change or withdraw. */
  for (guint i = 0; i < self->speakers->len; i++)
    {
      Speaker *speaker = spk (self, i);
      g_autoptr(GPtrArray) wanted = compute_local (self, i);
      g_autoptr(GHashTable) keep = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      VnlRoute *old;

      for (guint k = 0; k < wanted->len; k++)
        {
          VnlRoute *route = wanted->pdata[k];
          guint64 lk = local_key (route);

          g_hash_table_add (keep, GSIZE_TO_POINTER (lk));
          old = g_hash_table_lookup (speaker->local, GSIZE_TO_POINTER (lk));
          if (old != NULL && vnl_route_same (old, route))
            continue;

          g_hash_table_insert (speaker->local, GSIZE_TO_POINTER (lk), vnl_route_ref (route));
          set_candidate (self, i, vnl_prefix_key (&route->prefix), route->session, TRUE,
                         vnl_route_ref (route));
        }

      g_hash_table_iter_init (&iter, speaker->local);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
        {
          if (g_hash_table_contains (keep, GSIZE_TO_POINTER (local_key (old))))
            continue;
          set_candidate (self, i, vnl_prefix_key (&old->prefix), old->session, TRUE, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  /* Sessions that came up: each side sends what it has selected. */
  for (guint u = 0; u < went_up->len; u++)
    {
      guint s = g_array_index (went_up, guint, u);
      Session *session = ses (self, s);

      if (!session->bgp)
        continue;

      for (guint side = 0; side < 2; side++)
        {
          int from = session->speaker[side];
          GHashTableIter iter;
          gpointer key;
          Entry *entry;

          g_hash_table_iter_init (&iter, spk (self, from)->rib);
          while (g_hash_table_iter_next (&iter, &key, (gpointer *) &entry))
            if (entry->best->len > 0)
              advertise (self, from, (int) s, GPOINTER_TO_SIZE (key), entry);
        }
    }

  self->updates = 0;
  self->converged = TRUE;
  self->update_limit = 1000000 + 200 * (guint64) self->speakers->len * (self->sessions->len + 1);
  converge (self);
}

/* ---------------------------------------------------------------------- */
/* Building                                                               */

static void
speaker_clear (Speaker *speaker)
{
  g_clear_pointer (&speaker->sessions, g_array_unref);
  g_clear_pointer (&speaker->rib, g_hash_table_unref);
  g_clear_pointer (&speaker->local, g_hash_table_unref);
}

static void
net_vnet_clear (NetVnet *nv)
{
  g_clear_pointer (&nv->peers, g_array_unref);
  g_clear_pointer (&nv->users, g_array_unref);
}

static void
net_site_clear (NetSite *ns)
{
  g_clear_pointer (&ns->ces, g_array_unref);
}

static int
add_speaker (VnlNetwork  *self,
             SpeakerKind  kind,
             VnlObject   *object,
             guint32      asn,
             const char  *location)
{
  Speaker speaker = { 0 };

  speaker.kind = kind;
  speaker.object = object;
  speaker.name = object->name;
  speaker.location = location;
  speaker.asn = asn;
  speaker.vnet = -1;
  speaker.site = -1;
  speaker.circuit = -1;
  speaker.max_paths = 1;
  speaker.sessions = g_array_new (FALSE, FALSE, sizeof (guint));
  speaker.rib = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  speaker.local = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) vnl_route_unref);
  g_array_append_val (self->speakers, speaker);
  g_hash_table_insert (self->speaker_index, (gpointer) object->name,
                       GINT_TO_POINTER (self->speakers->len));

  return self->speakers->len - 1;
}

static int
add_session (VnlNetwork  *self,
             SessionKind  kind,
             VnlObject   *object,
             int          a,
             guint32      addr_a,
             int          b,
             guint32      addr_b,
             gboolean     bgp)
{
  Session session = { 0 };
  guint index = self->sessions->len;

  g_assert (a >= 0 && b >= 0);

  session.kind = kind;
  session.object = object;
  session.speaker[0] = a;
  session.speaker[1] = b;
  session.addr[0] = addr_a;
  session.addr[1] = addr_b;
  session.tunnel[0] = -1;
  session.tunnel[1] = -1;
  session.bgp = bgp;
  session.up = FALSE;
  g_array_append_val (self->sessions, session);
  g_array_append_val (spk (self, a)->sessions, index);
  g_array_append_val (spk (self, b)->sessions, index);

  return index;
}

static guint32
gateway_instance (VnlGateway *gw,
                  int         index)
{
  if (gw->instances->len == 0)
    return gw->bgp_address;
  return g_array_index (gw->instances, guint32, index % gw->instances->len);
}

static void
add_owner (VnlNetwork *self,
           guint32     addr,
           DevKind     kind,
           int         idx,
           int         sub)
{
  Dev *dev;

  if (addr == 0 || g_hash_table_contains (self->owners, GUINT_TO_POINTER (addr)))
    return;
  dev = g_new (Dev, 1);
  dev->kind = kind;
  dev->idx = idx;
  dev->sub = sub;
  g_hash_table_insert (self->owners, GUINT_TO_POINTER (addr), dev);
}

static void
clear_compiled (VnlNetwork *self)
{
  QueueItem *item;

  while ((item = g_queue_pop_head (&self->queue)))
    g_slice_free (QueueItem, item);

  for (guint i = 0; self->speakers && i < self->speakers->len; i++)
    speaker_clear (spk (self, i));
  for (guint i = 0; self->vnets && i < self->vnets->len; i++)
    net_vnet_clear (nvnet (self, i));
  for (guint i = 0; self->sites && i < self->sites->len; i++)
    net_site_clear (nsite (self, i));

  g_clear_pointer (&self->speakers, g_array_unref);
  g_clear_pointer (&self->sessions, g_array_unref);
  g_clear_pointer (&self->vnets, g_array_unref);
  g_clear_pointer (&self->sites, g_array_unref);
  g_clear_pointer (&self->endpoints, g_array_unref);
  g_clear_pointer (&self->circuits, g_array_unref);
  g_clear_pointer (&self->vnet_index, g_hash_table_unref);
  g_clear_pointer (&self->site_index, g_hash_table_unref);
  g_clear_pointer (&self->speaker_index, g_hash_table_unref);
  g_clear_pointer (&self->owners, g_hash_table_unref);
}

/* Compiles the design. Objects with unresolved references are skipped
 * here: validation reports them, routing works on the rest. */
static void
compile (VnlNetwork *self)
{
  VnlDesign *design = self->design;
  GPtrArray *objects;

  clear_compiled (self);

  self->speakers = g_array_new (FALSE, TRUE, sizeof (Speaker));
  self->sessions = g_array_new (FALSE, TRUE, sizeof (Session));
  self->vnets = g_array_new (FALSE, TRUE, sizeof (NetVnet));
  self->sites = g_array_new (FALSE, TRUE, sizeof (NetSite));
  self->endpoints = g_array_new (FALSE, TRUE, sizeof (NetEndpoint));
  self->circuits = g_array_new (FALSE, TRUE, sizeof (NetCircuit));
  self->vnet_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->site_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->speaker_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->owners = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < objects->len; i++)
    {
      NetVnet nv = { 0 };
      VnlVnet *vnet = objects->pdata[i];

      if (g_hash_table_contains (self->vnet_index, vnet->parent.name))
        continue;
      nv.vnet = vnet;
      nv.gw[0] = nv.gw[1] = -1;
      nv.gw_owner = -1;
      nv.peers = g_array_new (FALSE, FALSE, sizeof (PeerRoute));
      nv.users = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (self->vnets, nv);
      g_hash_table_insert (self->vnet_index, vnet->parent.name, GINT_TO_POINTER (self->vnets->len));
    }

  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  for (guint i = 0; i < objects->len; i++)
    {
      NetSite ns = { 0 };
      VnlSite *site = objects->pdata[i];

      if (g_hash_table_contains (self->site_index, site->parent.name))
        continue;
      ns.site = site;
      ns.ces = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (self->sites, ns);
      g_hash_table_insert (self->site_index, site->parent.name, GINT_TO_POINTER (self->sites->len));

      for (guint h = 0; h < site->hops->len; h++)
        {
          VnlSiteHop *hop = site->hops->pdata[h];
          add_owner (self, hop->address, DEV_SITE_HOP, self->sites->len - 1, h);
          add_owner (self, hop->uplink_address, DEV_SITE_HOP, self->sites->len - 1, h);
        }
    }

  /* Gateways: ExpressRoute gateways take routes carrying their own ASN
   * from the MSEE (R-D4); Azure gateways do multipath. */
  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGateway *gw = objects->pdata[i];
      int v = _vnl_network_vnet_of (self, gw->vnet);
      int index;

      if (v < 0 || nvnet (self, v)->gw[gw->type] >= 0)
        continue;

      index = add_speaker (self, SPK_GATEWAY, &gw->parent, gw->asn, nvnet (self, v)->vnet->location);
      spk (self, index)->vnet = v;
      spk (self, index)->allowas_in = gw->type == VNL_GATEWAY_EXPRESSROUTE;
      spk (self, index)->max_paths = ECMP_MAX_PATHS;
      nvnet (self, v)->gw[gw->type] = index;
      nvnet (self, v)->has_gateway = TRUE;

      for (guint k = 0; k < gw->instances->len; k++)
        add_owner (self, g_array_index (gw->instances, guint32, k), DEV_SPEAKER, index, 0);
      add_owner (self, gw->bgp_address, DEV_SPEAKER, index, 0);
    }

  /* Circuits: one MSEE speaker per link. */
  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCircuit *circuit = objects->pdata[i];
      NetCircuit nc = { circuit, { -1, -1 } };

      g_array_append_val (self->circuits, nc);
      for (guint l = 0; l < 2; l++)
        {
          VnlLink *link = vnl_design_lookup_kind (design, circuit->links[l], VNL_KIND_LINK);
          int index;

          if (link == NULL)
            continue;
          index = add_speaker (self, SPK_MSEE, &link->parent, circuit->microsoft_asn,
                               circuit->peering_location);
          spk (self, index)->circuit = self->circuits->len - 1;
          spk (self, index)->max_paths = ECMP_MAX_PATHS;
          g_array_index (self->circuits, NetCircuit, self->circuits->len - 1).msee[l] = index;
          add_owner (self, link->msee_address, DEV_SPEAKER, index, 0);
        }
    }

  objects = vnl_design_get_objects (design, VNL_KIND_CE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCe *ce = objects->pdata[i];
      int site = _vnl_network_site_of (self, ce->site);
      int index;

      if (site < 0)
        continue;
      index = add_speaker (self, SPK_CE, &ce->parent, ce->asn, nsite (self, site)->site->location);
      spk (self, index)->site = site;
      spk (self, index)->max_paths = MAX (ce->maximum_paths, 1);
      g_array_append_val (nsite (self, site)->ces, index);
      add_owner (self, ce->lan_address, DEV_SPEAKER, index, 0);
      add_owner (self, ce->tunnel_address, DEV_SPEAKER, index, 0);
    }

  /* A local network gateway that speaks BGP and stands for no modelled CE
   * is a speaker of its own. */
  objects = vnl_design_get_objects (design, VNL_KIND_LNG);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLng *lng = objects->pdata[i];
      int index;

      if (lng->ce != NULL && _vnl_network_speaker_of (self, lng->ce) >= 0)
        continue;
      index = add_speaker (self, SPK_LNG, &lng->parent, lng->asn, lng->location);
      add_owner (self, lng->bgp_address, DEV_SPEAKER, index, 0);
    }

  /* Circuit links: MSEE ↔ CE. */
  objects = vnl_design_get_objects (design, VNL_KIND_LINK);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLink *link = objects->pdata[i];
      int msee = _vnl_network_speaker_of (self, link->parent.name);
      int ce = _vnl_network_speaker_of (self, link->ce);

      if (msee < 0 || ce < 0 || spk (self, ce)->kind != SPK_CE)
        continue;
      add_session (self, SES_CIRCUIT, &link->parent, msee, link->msee_address,
                   ce, link->ce_address, TRUE);
      add_owner (self, link->ce_address, DEV_SPEAKER, ce, 0);
    }

  /* ExpressRoute connections: the gateway peers with both MSEEs of the
   * circuit. The gateway's tunnels are spread over its instances in design
   * order, which is the address a traceroute shows for the gateway. */
  objects = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  {
    g_autoptr(GHashTable) tunnels_per_gw = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < objects->len; i++)
      {
        VnlErConnection *conn = objects->pdata[i];
        int gw = _vnl_network_speaker_of (self, conn->gateway);
        VnlCircuit *circuit = vnl_design_lookup_kind (design, conn->circuit, VNL_KIND_CIRCUIT);
        NetCircuit *nc = NULL;

        if (gw < 0 || circuit == NULL || spk (self, gw)->kind != SPK_GATEWAY)
          continue;
        for (guint c = 0; c < self->circuits->len; c++)
          if (g_array_index (self->circuits, NetCircuit, c).circuit == circuit)
            nc = &g_array_index (self->circuits, NetCircuit, c);
        if (nc == NULL)
          continue;

        for (guint l = 0; l < 2; l++)
          {
            int n = GPOINTER_TO_INT (g_hash_table_lookup (tunnels_per_gw, GINT_TO_POINTER (gw)));
            VnlGateway *gateway = (VnlGateway *) spk (self, gw)->object;
            VnlLink *link;
            int s;

            if (nc->msee[l] < 0)
              continue;
            link = (VnlLink *) spk (self, nc->msee[l])->object;
            s = add_session (self, SES_ER, &conn->parent, gw, gateway_instance (gateway, n),
                             nc->msee[l], link->msee_address, TRUE);
            ses (self, s)->tunnel[0] = gateway->instances->len > 0 ? n % (int) gateway->instances->len : -1;
            ses (self, s)->conn_weight = conn->routing_weight;
            g_hash_table_insert (tunnels_per_gw, GINT_TO_POINTER (gw), GINT_TO_POINTER (n + 1));
          }
      }
  }

  /* Global Reach: the MSEEs of two circuits, link by link. */
  objects = vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlGlobalReach *gr = objects->pdata[i];
      NetCircuit *ends[2] = { NULL, NULL };

      for (guint c = 0; c < self->circuits->len; c++)
        {
          NetCircuit *nc = &g_array_index (self->circuits, NetCircuit, c);
          if (g_strcmp0 (nc->circuit->parent.name, gr->circuit_a) == 0)
            ends[0] = nc;
          if (g_strcmp0 (nc->circuit->parent.name, gr->circuit_b) == 0)
            ends[1] = nc;
        }
      if (ends[0] == NULL || ends[1] == NULL || ends[0] == ends[1])
        continue;
      for (guint l = 0; l < 2; l++)
        if (ends[0]->msee[l] >= 0 && ends[1]->msee[l] >= 0)
          add_session (self, SES_GLOBAL_REACH, &gr->parent, ends[0]->msee[l], 0,
                       ends[1]->msee[l], 0, TRUE);
    }

  /* Site-to-site: VPN gateway ↔ the CE the local network gateway stands
   * for, or the LNG itself. */
  objects = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlS2sConnection *conn = objects->pdata[i];
      int gw = _vnl_network_speaker_of (self, conn->gateway);
      VnlLng *lng = vnl_design_lookup_kind (design, conn->lng, VNL_KIND_LNG);
      int peer;
      int s;
      VnlGateway *gateway;

      if (gw < 0 || lng == NULL || spk (self, gw)->kind != SPK_GATEWAY)
        continue;
      gateway = (VnlGateway *) spk (self, gw)->object;
      if (gateway->type != VNL_GATEWAY_VPN)
        continue;
      peer = _vnl_network_speaker_of (self, lng->ce != NULL ? lng->ce : lng->parent.name);
      if (peer < 0)
        peer = _vnl_network_speaker_of (self, lng->parent.name);
      if (peer < 0)
        continue;
      s = add_session (self, SES_S2S, &conn->parent, gw, gateway->bgp_address,
                       peer, lng->bgp_address ? lng->bgp_address : lng->public_address,
                       conn->bgp && lng->asn != 0);
      ses (self, s)->tunnel[0] = gateway->active_active ? (int) (spk (self, gw)->sessions->len - 1) : 0;
    }

  objects = vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlV2vConnection *conn = objects->pdata[i];
      int a = _vnl_network_speaker_of (self, conn->gateway_a);
      int b = _vnl_network_speaker_of (self, conn->gateway_b);
      VnlGateway *ga, *gb;
      int s;

      if (a < 0 || b < 0 || a == b || spk (self, a)->kind != SPK_GATEWAY || spk (self, b)->kind != SPK_GATEWAY)
        continue;
      ga = (VnlGateway *) spk (self, a)->object;
      gb = (VnlGateway *) spk (self, b)->object;
      if (ga->type != VNL_GATEWAY_VPN || gb->type != VNL_GATEWAY_VPN)
        continue;
      s = add_session (self, SES_V2V, &conn->parent, a, ga->bgp_address, b, gb->bgp_address, conn->bgp);
      ses (self, s)->tunnel[0] = ga->active_active ? (int) (spk (self, a)->sessions->len - 1) : 0;
      ses (self, s)->tunnel[1] = gb->active_active ? (int) (spk (self, b)->sessions->len - 1) : 0;
    }

  /* Endpoints. */
  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *ep = objects->pdata[i];
      NetEndpoint ne = { ep, _vnl_network_vnet_of (self, ep->owner), _vnl_network_site_of (self, ep->owner) };

      if (ne.vnet < 0 && ne.site < 0)
        continue;
      g_array_append_val (self->endpoints, ne);
      add_owner (self, ep->address, DEV_ENDPOINT, self->endpoints->len - 1, 0);
    }
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */

static void
vnl_network_finalize (GObject *object)
{
  VnlNetwork *self = (VnlNetwork *) object;

  clear_compiled (self);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_object (&self->design);

  G_OBJECT_CLASS (vnl_network_parent_class)->finalize (object);
}

static void
vnl_network_class_init (VnlNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnl_network_finalize;
}

static void
vnl_network_init (VnlNetwork *self)
{
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);
}

/**
 * vnl_network_new:
 * @design: the design
 *
 * Compiles @design and converges every routing table.
 *
 * Returns: (transfer full): the network
 */
VnlNetwork *
vnl_network_new (VnlDesign *design)
{
  VnlNetwork *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_NETWORK, NULL);
  self->design = g_object_ref (design);
  vnl_network_rebuild (self);
  return self;
}

VnlDesign *
vnl_network_get_design (VnlNetwork *self)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);
  return self->design;
}

void
vnl_network_rebuild (VnlNetwork *self)
{
  g_return_if_fail (VNL_IS_NETWORK (self));

  compile (self);
  apply_states (self);
}

gboolean
vnl_network_set_up (VnlNetwork  *self,
                    const char  *name,
                    gboolean     up,
                    GError     **error)
{
  VnlObject *object;

  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  object = vnl_design_lookup (self->design, name);
  if (object == NULL)
    {
      g_set_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT,
                   _("the design has no object named “%s”"), name);
      return FALSE;
    }

  g_hash_table_insert (self->overrides, g_strdup (name), GINT_TO_POINTER (!!up + 1));
  apply_states (self);
  return TRUE;
}

gboolean
vnl_network_is_up (VnlNetwork *self,
                   const char *name)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  return _vnl_network_obj_up (self, vnl_design_lookup (self->design, name));
}

guint
vnl_network_get_n_routes (VnlNetwork *self)
{
  guint n = 0;

  for (guint i = 0; i < self->speakers->len; i++)
    {
      GHashTableIter iter;
      Entry *entry;

      g_hash_table_iter_init (&iter, spk (self, i)->rib);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        n += entry->cands->len;
    }
  return n;
}

guint
vnl_network_get_n_speakers (VnlNetwork *self)
{
  return self->speakers->len;
}

guint
vnl_network_get_last_updates (VnlNetwork *self)
{
  return self->updates;
}

gboolean
vnl_network_is_converged (VnlNetwork *self)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), FALSE);
  return self->converged;
}
