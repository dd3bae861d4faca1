/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-explain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-network-private.h"

/*
 * DOC: Why a packet does not arrive, in words
 *
 * A failed trace says where the packet was dropped and the mechanical
 * reason (no route, a None route…). Engineers want the design reason: the
 * rule of spec §4 that stops it. This looks at how the two ends attach to
 * the rest of the design — the ExpressRoute circuits and VPN gateways each
 * one can use — and names the first rule that explains the gap:
 *
 *  - two ends on different circuits, not joined by Global Reach (G13);
 *  - one end behind ExpressRoute only, the other behind VPN only: no
 *    transit between the ExpressRoute and VPN gateways (A11, G7);
 *  - a VNet with no gateway of its own that does not use its peer's (G18);
 *  - otherwise, the mechanical reason at the node that dropped it.
 */

typedef struct
{
  GHashTable *circuits;     /* circuit name → TRUE: circuits the end can use */
  GHashTable *vpn_gateways; /* VPN gateway name → TRUE */
  int         vnet;         /* the VNet of the end, or -1 */
  int         site;         /* the site of the end, or -1 */
} Attach;

static void
attach_clear (Attach *a)
{
  g_clear_pointer (&a->circuits, g_hash_table_unref);
  g_clear_pointer (&a->vpn_gateways, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Attach, attach_clear)

static void
attach_of (VnlNetwork *net,
           guint32     addr,
           Attach     *a)
{
  a->circuits = g_hash_table_new (g_str_hash, g_str_equal);
  a->vpn_gateways = g_hash_table_new (g_str_hash, g_str_equal);
  a->vnet = -1;
  a->site = -1;

  for (guint v = 0; v < net->vnets->len; v++)
    {
      GArray *spaces = nvnet (net, v)->vnet->address_spaces;
      for (guint i = 0; i < spaces->len; i++)
        if (vnl_prefix_contains_ip (&g_array_index (spaces, VnlPrefix, i), addr))
          a->vnet = v;
    }
  for (guint s = 0; a->vnet < 0 && s < net->sites->len; s++)
    {
      GArray *prefixes = nsite (net, s)->site->prefixes;
      for (guint i = 0; i < prefixes->len; i++)
        if (vnl_prefix_contains_ip (&g_array_index (prefixes, VnlPrefix, i), addr))
          a->site = s;
    }

  for (guint i = 0; i < net->sessions->len; i++)
    {
      Session *session = ses (net, i);

      for (guint side = 0; side < 2; side++)
        {
          Speaker *here = spk (net, session->speaker[side]);
          Speaker *there = spk (net, session->speaker[1 - side]);
          gboolean mine = FALSE;

          if (here->kind == SPK_GATEWAY && a->vnet >= 0)
            mine = nvnet (net, a->vnet)->gw_owner == here->vnet;
          else if (here->kind == SPK_CE && a->site >= 0)
            mine = here->site == a->site;
          if (!mine)
            continue;

          if (there->kind == SPK_MSEE)
            g_hash_table_add (a->circuits, (gpointer) g_array_index (net->circuits, NetCircuit, there->circuit).circuit->parent.name);
          else if (session->kind == SES_S2S || session->kind == SES_V2V)
            {
              /* The VPN gateways on either side of its tunnels. */
              if (here->kind == SPK_GATEWAY)
                g_hash_table_add (a->vpn_gateways, (gpointer) here->name);
              if (there->kind == SPK_GATEWAY)
                g_hash_table_add (a->vpn_gateways, (gpointer) there->name);
            }
        }
    }
}

static gboolean
sets_meet (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (b, key))
      return TRUE;
  return FALSE;
}

static gboolean
global_reach_joins (VnlNetwork *net,
                    GHashTable *a,
                    GHashTable *b)
{
  GPtrArray *grs = vnl_design_get_objects (net->design, VNL_KIND_GLOBAL_REACH);

  for (guint i = 0; i < grs->len; i++)
    {
      VnlGlobalReach *gr = grs->pdata[i];

      if (!_vnl_network_obj_up (net, gr))
        continue;
      if ((g_hash_table_contains (a, gr->circuit_a) && g_hash_table_contains (b, gr->circuit_b)) ||
          (g_hash_table_contains (a, gr->circuit_b) && g_hash_table_contains (b, gr->circuit_a)))
        return TRUE;
    }
  return FALSE;
}

static const char *
end_name (VnlNetwork *net,
          Attach     *a)
{
  if (a->vnet >= 0)
    return nvnet (net, a->vnet)->vnet->parent.name;
  if (a->site >= 0)
    return nsite (net, a->site)->site->parent.name;
  return "?";
}

static char *
first_key (GHashTable *set)
{
  GHashTableIter iter;
  gpointer key = NULL;

  g_hash_table_iter_init (&iter, set);
  g_hash_table_iter_next (&iter, &key, NULL);
  return g_strdup (key);
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
  g_auto(Attach) src = { 0 };
  g_auto(Attach) dst = { 0 };
  VnlTrace *failed = trace;
  guint32 from = trace->source;
  guint32 to = trace->destination;

  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);

  if (trace->reached)
    {
      if (trace->reverse == NULL || trace->reverse->reached)
        return NULL;
      /* The way back fails: explain that one, from the other end. */
      failed = trace->reverse;
      from = trace->destination;
      to = trace->source;
    }

  attach_of (self, from, &src);
  attach_of (self, to, &dst);

  if (src.vnet >= 0 && nvnet (self, src.vnet)->gw_owner < 0 && dst.vnet < 0)
    return g_strdup_printf (_("VNet %s has no gateway of its own and does not use a peer's "
                              "(gateway transit needs use-remote-gateways on its side and "
                              "allow-gateway-transit on the hub's), so it learns no on-premises routes."),
                            end_name (self, &src));

  if (g_hash_table_size (src.circuits) > 0 && g_hash_table_size (dst.circuits) > 0 &&
      !sets_meet (src.circuits, dst.circuits) &&
      !global_reach_joins (self, src.circuits, dst.circuits) &&
      !sets_meet (src.vpn_gateways, dst.vpn_gateways))
    {
      g_autofree char *a = first_key (src.circuits);
      g_autofree char *b = first_key (dst.circuits);
      return g_strdup_printf (_("%s connects over ExpressRoute circuit %s and %s over circuit %s: "
                                "ExpressRoute circuits do not carry traffic between each other "
                                "unless Global Reach joins them."),
                              end_name (self, &src), a, end_name (self, &dst), b);
    }

  if ((g_hash_table_size (src.circuits) > 0 && g_hash_table_size (src.vpn_gateways) == 0 &&
       g_hash_table_size (dst.vpn_gateways) > 0 && g_hash_table_size (dst.circuits) == 0) ||
      (g_hash_table_size (dst.circuits) > 0 && g_hash_table_size (dst.vpn_gateways) == 0 &&
       g_hash_table_size (src.vpn_gateways) > 0 && g_hash_table_size (src.circuits) == 0))
    {
      Attach *er = g_hash_table_size (src.circuits) > 0 ? &src : &dst;
      Attach *vpn = er == &src ? &dst : &src;
      return g_strdup_printf (_("%s is connected only over ExpressRoute and %s only over VPN: "
                                "Azure does not pass routes between a VNet's ExpressRoute and "
                                "VPN gateways (no transit between ExpressRoute and VPN)."),
                              end_name (self, er), end_name (self, vpn));
    }

  if (failed->drop_node != NULL)
    return g_strdup_printf (_("Dropped at %s: %s%s%s."), failed->drop_node,
                            _(vnl_drop_reason_to_string (failed->drop)),
                            failed->drop_detail ? " — " : "",
                            failed->drop_detail ? failed->drop_detail : "");

  return g_strdup (_("No path between the two ends."));
}
