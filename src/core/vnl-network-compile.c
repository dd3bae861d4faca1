/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-network"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vnl-limits.h"
#include "vnl-file.h"
#include "vnl-network-private.h"
#include "vnl-vwan.h"

/*
 * DOC: Compiling a design into speakers and sessions
 *
 * Every virtual network gateway is a speaker (ASN 65515 by default); every
 * ExpressRoute circuit link is an MSEE speaker (ASN 12076), so a circuit has
 * its primary and secondary MSEE; every CE router is a speaker, and a local
 * network gateway that speaks BGP without standing for a modelled CE is one
 * too. Sessions join them: gateway↔MSEE for each ExpressRoute connection and
 * each link of its circuit, MSEE↔CE over each link, MSEE↔MSEE for Global
 * Reach, VPN gateway↔CE/LNG for S2S, VPN gateway↔VPN gateway for
 * VNet-to-VNet. Every address a device answers on goes into `owners`, and
 * every object whose up/down a state reads into `dependents`.
 *
 * Nothing here decides a route: the rules are in vnl-rules.c.
 */

static void
speaker_clear (Speaker *speaker)
{
  g_clear_pointer (&speaker->sessions, g_array_unref);
  _vnl_rib_clear (&speaker->rib);
  _vnl_speaker_clear_local (speaker);
  speaker->last_path = speaker->last_longer = NULL;
  _vnl_speaker_clear_lpm (speaker);
}

static void
net_vnet_clear (NetVnet *nv)
{
  g_clear_pointer (&nv->peers, g_array_unref);
  g_clear_pointer (&nv->users, g_array_unref);
  g_clear_pointer (&nv->peerings, g_array_unref);
}

static void
net_site_clear (NetSite *ns)
{
  g_clear_pointer (&ns->ces, g_array_unref);
  _vnl_addr_set_clear (&ns->prefixes);
}

typedef struct
{
  /* A prefix's last address is at most 255.255.255.255, so both ends fit
   * 32 bits: half the memory a big design's ranges touch. */
  guint32 lo;
  guint32 hi;
} Range;

static int
range_compare (gconstpointer a,
               gconstpointer b)
{
  const Range *x = a;
  const Range *y = b;

  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sorts @ranges by their start. A design's prefixes mostly come in order
 * (the loader keeps the file's order), so a sorted run costs one pass;
 * otherwise a radix sort on the 32-bit start, skipping the bytes all
 * starts share, beats qsort's comparison callback on the tens of
 * thousands of prefixes of a big design. Ranges with the same start may
 * come in any order: the merge below takes the largest end. */
static void
sort_ranges (Range *ranges,
             guint  n)
{
  g_autofree Range *tmp = NULL;
  Range *from = ranges;
  Range *to;
  guint i;

  for (i = 1; i < n && ranges[i - 1].lo <= ranges[i].lo; i++)
    ;
  if (i >= n)
    return;
  if (n < 64)
    {
      qsort (ranges, n, sizeof (Range), range_compare);
      return;
    }
  to = tmp = g_new (Range, n);
  for (guint shift = 0; shift < 32; shift += 8)
    {
      guint count[257] = { 0 };

      for (i = 0; i < n; i++)
        count[((from[i].lo >> shift) & 0xff) + 1]++;
      if (count[((from[0].lo >> shift) & 0xff) + 1] == n)
        continue;
      for (i = 1; i < 257; i++)
        count[i] += count[i - 1];
      for (i = 0; i < n; i++)
        to[count[(from[i].lo >> shift) & 0xff]++] = from[i];
      { Range *swap = from; from = to; to = swap; }
    }
  if (from != ranges)
    memcpy (ranges, from, n * sizeof (Range));
}

/* The range of addresses of @p. */
static inline Range
prefix_range (const VnlPrefix *p)
{
  guint64 lo, end;

  vnl_prefix_range (p, &lo, &end);
  return (Range) { (guint32) lo, (guint32) (end - 1) };
}

/* Sorts and merges @ranges (in place: it is scratch) into @set, whose
 * arrays take only the merged ranges. */
static void
addr_set_from_ranges (AddrSet *set,
                      Range   *ranges,
                      guint    n_ranges)
{
  guint n = 0;

  sort_ranges (ranges, n_ranges);
  for (guint i = 0; i < n_ranges; i++)
    {
      /* Overlapping or adjacent prefixes merge into one range. */
      if (n > 0 && ranges[i].lo <= (guint64) ranges[n - 1].hi + 1)
        {
          ranges[n - 1].hi = MAX (ranges[n - 1].hi, ranges[i].hi);
          continue;
        }
      ranges[n++] = ranges[i];
    }

  set->lo = g_new (guint32, n + 1);
  set->hi = g_new (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    {
      set->lo[i] = ranges[i].lo;
      set->hi[i] = ranges[i].hi;
    }
  set->len = n;
}

/* The ranges of @prefixes into @ranges from @n on; returns the new end. */
static guint
put_ranges (Range  *ranges,
            guint   n,
            GArray *prefixes)
{
  for (guint i = 0; i < prefixes->len; i++)
    ranges[n++] = prefix_range (&g_array_index (prefixes, VnlPrefix, i));
  return n;
}

void
_vnl_addr_set_init (AddrSet *set,
                    GArray  *prefixes)
{
  g_autofree Range *ranges = g_new (Range, prefixes->len + 1);

  addr_set_from_ranges (set, ranges, put_ranges (ranges, 0, prefixes));
}

void
_vnl_addr_set_clear (AddrSet *set)
{
  g_clear_pointer (&set->lo, g_free);
  g_clear_pointer (&set->hi, g_free);
  set->len = 0;
}

gboolean
_vnl_addr_set_contains (const AddrSet *set,
                        guint32        addr)
{
  guint lo = 0, hi = set->len;

  /* The first range starting after @addr, then the one before it. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (set->lo[mid] <= addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && addr <= set->hi[lo - 1];
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
  speaker.appliance = -1;
  speaker.max_paths = 1;
  speaker.sessions = g_array_new (FALSE, FALSE, sizeof (guint));
  speaker.rib.arena = &self->entries;
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
  session.agrees = vnl_design_session_agrees (self->design, object, NULL);
  for (guint side = 0; side < 2; side++)
    if (spk (self, session.speaker[side])->kind == SPK_CE)
      session.ce_policy[side] = _vnl_ce_policy ((VnlCe *) spk (self, session.speaker[side])->object,
                                                object->name);
  g_array_append_val (self->sessions, session);
  g_array_append_val (spk (self, a)->sessions, index);
  g_array_append_val (spk (self, b)->sessions, index);

  return index;
}

/* For vnl-route-server.c, which compiles its speakers and sessions. */
int
_vnl_network_add_speaker (VnlNetwork  *self,
                          SpeakerKind  kind,
                          VnlObject   *object,
                          guint32      asn,
                          const char  *location)
{
  return add_speaker (self, kind, object, asn, location);
}

int
_vnl_network_add_session (VnlNetwork  *self,
                          SessionKind  kind,
                          VnlObject   *object,
                          int          a,
                          guint32      addr_a,
                          int          b,
                          guint32      addr_b,
                          gboolean     bgp)
{
  return add_session (self, kind, object, a, addr_a, b, addr_b, bgp);
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
  /* In blocks rather than one allocation per address. */
  if (self->dev_blocks->len == 0 || self->dev_used == DEV_BLOCK)
    {
      g_ptr_array_add (self->dev_blocks, g_new (Dev, DEV_BLOCK));
      self->dev_used = 0;
    }
  dev = (Dev *) self->dev_blocks->pdata[self->dev_blocks->len - 1] + self->dev_used++;
  dev->kind = kind;
  dev->idx = idx;
  dev->sub = sub;
  g_hash_table_insert (self->owners, GUINT_TO_POINTER (addr), dev);
}

void
_vnl_network_clear_compiled (VnlNetwork *self)
{
  _vnl_queue_clear (&self->queue);

  for (guint i = 0; self->speakers && i < self->speakers->len; i++)
    speaker_clear (spk (self, i));
  _vnl_entry_arena_clear (&self->entries);
  _vnl_prepend_table_clear (&self->prepended);
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
  g_clear_pointer (&self->peerings, g_array_unref);
  g_clear_pointer (&self->vnet_index, g_hash_table_unref);
  g_clear_pointer (&self->site_index, g_hash_table_unref);
  g_clear_pointer (&self->speaker_index, g_hash_table_unref);
  g_clear_pointer (&self->owners, g_hash_table_unref);
  g_clear_pointer (&self->dev_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->appliances, g_array_unref);
  g_clear_pointer (&self->frontends, g_hash_table_unref);
  g_clear_pointer (&self->subnet_tables, g_hash_table_unref);
  g_clear_pointer (&self->nsg_subnets, g_hash_table_unref);
  g_clear_pointer (&self->nsg_nics, g_hash_table_unref);
  g_clear_pointer (&self->export_lists, g_hash_table_unref);
  g_clear_pointer (&self->endpoints_by_address, g_hash_table_unref);
  g_clear_pointer (&self->dependents, g_array_unref);
  _vnl_addr_set_clear (&self->design_space);
  g_clear_pointer (&self->vwan, _vnl_vwan_free);
}

/* The VNets at the ends of each peering, found once. */
static void
compile_peerings (VnlNetwork *self)
{
  GPtrArray *peerings = vnl_design_get_objects (self->design, VNL_KIND_PEERING);

  self->peerings = g_array_sized_new (FALSE, FALSE, sizeof (NetPeering), peerings->len);
  for (guint i = 0; i < peerings->len; i++)
    {
      VnlPeering *peering = peerings->pdata[i];
      NetPeering np = { peering, { _vnl_network_vnet_of (self, peering->vnet_a),
                                   _vnl_network_vnet_of (self, peering->vnet_b) } };
      g_array_append_val (self->peerings, np);
      for (guint side = 0; side < 2; side++)
        if (np.ends[side] >= 0 && (side == 0 || np.ends[1] != np.ends[0]))
          g_array_append_val (nvnet (self, np.ends[side])->peerings, i);
    }
}

static void
add_dependent (VnlNetwork   *self,
               gpointer      object,
               StateDepKind  kind,
               int           index)
{
  StateDep dep = { object, kind, index };

  if (object != NULL)
    g_array_append_val (self->dependents, dep);
}

static int
dependent_compare (gconstpointer a,
                   gconstpointer b)
{
  guintptr x = (guintptr) ((const StateDep *) a)->object;
  guintptr y = (guintptr) ((const StateDep *) b)->object;

  return x < y ? -1 : x > y;
}

/* Which states read each object's own up/down, as the rules of
 * _vnl_compute_states() do: a what-if change starts from these. */
static void
compile_dependents (VnlNetwork *self)
{
  self->dependents = g_array_new (FALSE, FALSE, sizeof (StateDep));

  for (guint v = 0; v < self->vnets->len; v++)
    add_dependent (self, nvnet (self, v)->vnet, DEP_VNET, (int) v);
  for (guint s = 0; s < self->sites->len; s++)
    add_dependent (self, nsite (self, s)->site, DEP_SITE, (int) s);
  for (guint i = 0; i < self->peerings->len; i++)
    add_dependent (self, g_array_index (self->peerings, NetPeering, i).peering, DEP_PEERING, (int) i);
  for (guint i = 0; i < self->speakers->len; i++)
    {
      Speaker *speaker = spk (self, i);

      if (speaker->kind == SPK_MSEE)
        add_dependent (self, g_array_index (self->circuits, NetCircuit, speaker->circuit).circuit,
                       DEP_SPEAKER, (int) i);
      else
        add_dependent (self, speaker->object, DEP_SPEAKER, (int) i);
    }
  for (guint i = 0; i < self->sessions->len; i++)
    {
      add_dependent (self, ses (self, i)->object, DEP_SESSION, (int) i);
      add_dependent (self, ses (self, i)->lng, DEP_SESSION, (int) i);
    }
  /* What a hub's gateways advertise reads its VNet connections and
   * their spokes (vnl-vwan.c). */
  _vnl_vwan_add_dependents (self, self->dependents);
  /* Stable, so each object's dependents keep the order above. */
  g_array_sort (self->dependents, dependent_compare);
}

/* Every address space of the design in one index: what a trace asks to
 * tell an address outside the design from one inside. */
static void
compile_design_space (VnlNetwork *self)
{
  GPtrArray *lngs = vnl_design_get_objects (self->design, VNL_KIND_LNG);
  g_autofree Range *ranges = NULL;
  guint n = 0;

  /* The ranges straight from the design's lists, sized once: no copy of
   * the prefixes first (a big design's first convergence pays a page
   * fault per 4 KiB of fresh memory). */
  for (guint i = 0; i < self->vnets->len; i++)
    n += nvnet (self, i)->vnet->address_spaces->len;
  for (guint i = 0; i < self->sites->len; i++)
    n += nsite (self, i)->site->prefixes->len;
  for (guint i = 0; i < lngs->len; i++)
    n += ((VnlLng *) lngs->pdata[i])->prefixes->len;
  ranges = g_new (Range, n + 1);
  n = 0;
  for (guint i = 0; i < self->vnets->len; i++)
    n = put_ranges (ranges, n, nvnet (self, i)->vnet->address_spaces);
  for (guint i = 0; i < self->sites->len; i++)
    n = put_ranges (ranges, n, nsite (self, i)->site->prefixes);
  for (guint i = 0; i < lngs->len; i++)
    n = put_ranges (ranges, n, ((VnlLng *) lngs->pdata[i])->prefixes);
  addr_set_from_ranges (&self->design_space, ranges, n);
}

static void
compile_vnets (VnlNetwork *self,
               GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      NetVnet nv = { 0 };
      VnlVnet *vnet = objects->pdata[i];

      if (g_hash_table_contains (self->vnet_index, vnet->parent.name))
        continue;
      nv.vnet = vnet;
      nv.gw[0] = nv.gw[1] = -1;
      nv.gw_owner = -1;
      nv.rs = -1;
      nv.peers = g_array_new (FALSE, FALSE, sizeof (PeerRoute));
      nv.users = g_array_new (FALSE, FALSE, sizeof (int));
      nv.peerings = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (self->vnets, nv);
      g_hash_table_insert (self->vnet_index, vnet->parent.name, GINT_TO_POINTER (self->vnets->len));
    }
}

static void
compile_sites (VnlNetwork *self,
               GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      NetSite ns = { 0 };
      VnlSite *site = objects->pdata[i];

      if (g_hash_table_contains (self->site_index, site->parent.name))
        continue;
      ns.site = site;
      ns.ces = g_array_new (FALSE, FALSE, sizeof (int));
      _vnl_addr_set_init (&ns.prefixes, site->prefixes);
      g_array_append_val (self->sites, ns);
      g_hash_table_insert (self->site_index, site->parent.name, GINT_TO_POINTER (self->sites->len));

      for (guint h = 0; h < site->hops->len; h++)
        {
          VnlSiteHop *hop = site->hops->pdata[h];
          add_owner (self, hop->address, DEV_SITE_HOP, self->sites->len - 1, h);
          add_owner (self, hop->uplink_address, DEV_SITE_HOP, self->sites->len - 1, h);
        }
    }
}

/* Gateways: ExpressRoute gateways take routes carrying their own ASN
 * from the MSEE (R-D4); Azure gateways do multipath. */
static void
compile_gateways (VnlNetwork *self,
                  GPtrArray  *objects)
{
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
        {
          add_owner (self, g_array_index (gw->instances, guint32, k), DEV_SPEAKER, index, 0);
          add_owner (self, vnl_gateway_get_instance_apipa (gw, k), DEV_SPEAKER, index, 0);
        }
      add_owner (self, gw->bgp_address, DEV_SPEAKER, index, 0);
    }
}

/* Circuits: one MSEE speaker per link. */
static void
compile_circuits (VnlNetwork *self,
                  GPtrArray  *objects)
{
  VnlDesign *design = self->design;

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
}

static void
compile_ces (VnlNetwork *self,
             GPtrArray  *objects)
{
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
}

/* A local network gateway that speaks BGP and stands for no modelled CE
 * is a speaker of its own. */
static void
compile_lngs (VnlNetwork *self,
              GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLng *lng = objects->pdata[i];
      int index;

      if (lng->ce != NULL && _vnl_network_speaker_of (self, lng->ce) >= 0)
        continue;
      index = add_speaker (self, SPK_LNG, &lng->parent, lng->asn, lng->location);
      add_owner (self, lng->bgp_address, DEV_SPEAKER, index, 0);
    }
}

/* Circuit links: MSEE ↔ CE. */
static void
compile_links (VnlNetwork *self,
               GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLink *link = objects->pdata[i];
      int s;
      int msee = _vnl_network_speaker_of (self, link->parent.name);
      int ce = _vnl_network_speaker_of (self, link->ce);

      if (msee < 0 || ce < 0 || spk (self, ce)->kind != SPK_CE)
        continue;
      s = add_session (self, SES_CIRCUIT, &link->parent, msee, link->msee_address,
                       ce, link->ce_address, TRUE);
      /* The MSEE drops the private peering over too many prefixes. */
      ses (self, s)->prefix_limit[0] =
        vnl_limits_session_prefixes (vnl_design_lookup_kind (self->design, link->circuit, VNL_KIND_CIRCUIT));
      add_owner (self, link->ce_address, DEV_SPEAKER, ce, 0);
    }
}

/* ExpressRoute connections: the gateway peers with both MSEEs of the
 * circuit. The gateway's tunnels are spread over its instances in design
 * order, which is the address a traceroute shows for the gateway. */
static void
compile_er_connections (VnlNetwork *self,
                        GPtrArray  *objects)
{
  VnlDesign *design = self->design;
  g_autoptr(GHashTable) tunnels_per_gw = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) circuit_index = g_hash_table_new (NULL, NULL);

  /* Each compiled circuit by its object, found once rather than by a scan
   * of every circuit per connection. */
  for (guint c = 0; c < self->circuits->len; c++)
    g_hash_table_insert (circuit_index, g_array_index (self->circuits, NetCircuit, c).circuit,
                         GUINT_TO_POINTER (c + 1));

  for (guint i = 0; i < objects->len; i++)
    {
      VnlErConnection *conn = objects->pdata[i];
      int gw = _vnl_network_speaker_of (self, conn->gateway);
      VnlCircuit *circuit = vnl_design_lookup_kind (design, conn->circuit, VNL_KIND_CIRCUIT);
      NetCircuit *nc = NULL;
      guint c;

      if (gw < 0 || circuit == NULL || spk (self, gw)->kind != SPK_GATEWAY)
        continue;
      c = GPOINTER_TO_UINT (g_hash_table_lookup (circuit_index, circuit));
      if (c == 0)
        continue;
      nc = &g_array_index (self->circuits, NetCircuit, c - 1);

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
          /* Azure takes 0 to 32,000 (validation says so); a bigger value
           * still sorts above every valid one. */
          ses (self, s)->conn_weight = MIN (conn->routing_weight, G_MAXUINT16);
          g_hash_table_insert (tunnels_per_gw, GINT_TO_POINTER (gw), GINT_TO_POINTER (n + 1));
        }
    }
}

/* Global Reach: the MSEEs of two circuits, link by link. */
static void
compile_global_reach (VnlNetwork *self,
                      GPtrArray  *objects)
{
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
}

/* Site-to-site: VPN gateway ↔ the CE the local network gateway stands
 * for, or the LNG itself. */
static void
compile_s2s_connections (VnlNetwork *self,
                         GPtrArray  *objects)
{
  VnlDesign *design = self->design;

  for (guint i = 0; i < objects->len; i++)
    {
      VnlS2sConnection *conn = objects->pdata[i];
      int gw = _vnl_network_speaker_of (self, conn->gateway);
      VnlLng *lng = vnl_design_lookup_kind (design, conn->lng, VNL_KIND_LNG);
      int peer;
      int s;
      guint n_tunnels;
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
      /* about-active-active-gateways.md: "each Azure gateway instance has
       * a unique public IP address, and each will establish an IPsec/IKE
       * S2S VPN tunnel to your on-premises VPN device specified in your
       * local network gateway and connection. Both VPN tunnels are
       * actually part of the same connection": one tunnel, and one BGP
       * session from that instance's BGP address, per instance. An
       * active-standby gateway has one tunnel, on its active instance. */
      n_tunnels = gateway->active_active && gateway->instances->len > 1 ? gateway->instances->len : 1;
      for (guint k = 0; k < n_tunnels; k++)
        {
          s = add_session (self, SES_S2S, &conn->parent, gw, vnl_gateway_get_bgp_address (gateway, k, lng->bgp_address),
                           peer, lng->bgp_address ? lng->bgp_address : lng->public_address,
                           conn->bgp && lng->asn != 0);
          ses (self, s)->lng = vnl_design_lookup (design, conn->lng);
          ses (self, s)->tunnel[0] = (int) k;
          /* The VPN gateway drops a BGP peer that sends too many prefixes. */
          ses (self, s)->prefix_limit[0] = vnl_limits_session_prefixes (NULL);
        }
    }
}

static void
compile_v2v_connections (VnlNetwork *self,
                         GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      VnlV2vConnection *conn = objects->pdata[i];
      int a = _vnl_network_speaker_of (self, conn->gateway_a);
      int b = _vnl_network_speaker_of (self, conn->gateway_b);
      VnlGateway *ga, *gb;
      guint n_a, n_b;
      int s;

      if (a < 0 || b < 0 || a == b || spk (self, a)->kind != SPK_GATEWAY || spk (self, b)->kind != SPK_GATEWAY)
        continue;
      ga = (VnlGateway *) spk (self, a)->object;
      gb = (VnlGateway *) spk (self, b)->object;
      if (ga->type != VNL_GATEWAY_VPN || gb->type != VNL_GATEWAY_VPN)
        continue;
      /* vpn-gateway-highlyavailable.md: "You can create active-active VPN
       * gateways for each virtual network, then connect them together to
       * form the same full mesh connectivity of 4 tunnels between the two
       * VNets": a tunnel from each instance of an active-active end to
       * each of the other's (to its one tunnel when active-standby). */
      n_a = ga->active_active && ga->instances->len > 1 ? ga->instances->len : 1;
      n_b = gb->active_active && gb->instances->len > 1 ? gb->instances->len : 1;
      for (guint i = 0; i < n_a; i++)
        for (guint j = 0; j < n_b; j++)
          {
            s = add_session (self, SES_V2V, &conn->parent, a, vnl_gateway_get_bgp_address (ga, i, 0),
                             b, vnl_gateway_get_bgp_address (gb, j, 0), conn->bgp);
            ses (self, s)->tunnel[0] = (int) i;
            ses (self, s)->tunnel[1] = (int) j;
            ses (self, s)->prefix_limit[0] = vnl_limits_session_prefixes (NULL);
            ses (self, s)->prefix_limit[1] = vnl_limits_session_prefixes (NULL);
          }
    }
}

/* Endpoints. */
static void
compile_endpoints (VnlNetwork *self,
                   GPtrArray  *objects)
{
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

/* Network virtual appliances and Azure Firewalls: devices in a VNet that
 * own their NIC addresses; an appliance's load balancer frontend is owned
 * by no device but names the pool behind it. After the endpoints, so an
 * address both hold stays the endpoint's (validation reports it). */
static void
compile_appliances (VnlNetwork *self,
                    GPtrArray  *objects)
{
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      NetAppliance na = { object, -1, object->kind == VNL_KIND_FIREWALL, TRUE, { 0, 0 }, -1 };
      guint32 frontend = 0;
      int index;

      if (na.firewall)
        {
          VnlFirewall *firewall = (VnlFirewall *) object;
          na.vnet = _vnl_network_vnet_of (self, firewall->vnet);
          na.nics[0] = firewall->address;
        }
      else
        {
          VnlAppliance *appliance = (VnlAppliance *) object;
          na.vnet = _vnl_network_vnet_of (self, appliance->vnet);
          na.stateful = appliance->stateful;
          na.nics[0] = appliance->address;
          na.nics[1] = appliance->address_2;
          frontend = appliance->frontend;
        }
      if (na.vnet < 0)
        continue;
      g_array_append_val (self->appliances, na);
      index = self->appliances->len - 1;
      for (guint n = 0; n < G_N_ELEMENTS (na.nics); n++)
        add_owner (self, na.nics[n], DEV_APPLIANCE, index, 0);
      if (frontend != 0)
        {
          GArray *pool = g_hash_table_lookup (self->frontends, GUINT_TO_POINTER (frontend));

          if (pool == NULL)
            {
              pool = g_array_new (FALSE, FALSE, sizeof (int));
              g_hash_table_insert (self->frontends, GUINT_TO_POINTER (frontend), pool);
            }
          g_array_append_val (pool, index);
        }
    }
}

/* Compile order matters: speakers before the sessions that join them. */
static const struct
{
  VnlKind  kind;
  void   (*compile) (VnlNetwork *self,
                     GPtrArray  *objects);
} compilers[] = {
  { VNL_KIND_VNET,           compile_vnets },
  { VNL_KIND_VIRTUAL_HUB,    _vnl_vwan_compile_hubs },
  { VNL_KIND_SITE,           compile_sites },
  { VNL_KIND_GATEWAY,        compile_gateways },
  { VNL_KIND_CIRCUIT,        compile_circuits },
  { VNL_KIND_CE,             compile_ces },
  { VNL_KIND_LNG,            compile_lngs },
  { VNL_KIND_LINK,           compile_links },
  { VNL_KIND_ER_CONNECTION,  compile_er_connections },
  { VNL_KIND_GLOBAL_REACH,   compile_global_reach },
  { VNL_KIND_S2S_CONNECTION, compile_s2s_connections },
  { VNL_KIND_V2V_CONNECTION, compile_v2v_connections },
  { VNL_KIND_ENDPOINT,       compile_endpoints },
  { VNL_KIND_APPLIANCE,      compile_appliances },
  { VNL_KIND_FIREWALL,       compile_appliances },
};

/* Compiles the design. Objects with unresolved references are skipped
 * here: validation reports them, routing works on the rest. */
static guint
design_count (VnlNetwork *self,
              VnlKind     kind)
{
  return vnl_design_get_objects (self->design, kind)->len;
}

void
_vnl_network_compile (VnlNetwork *self)
{
  _vnl_network_clear_compiled (self);

  /* Sized for what the design surely makes (a speaker per gateway and CE,
   * an MSEE per link of a circuit), rather than copied as they grow. */
  self->speakers = g_array_sized_new (FALSE, TRUE, sizeof (Speaker),
                                      design_count (self, VNL_KIND_GATEWAY) + design_count (self, VNL_KIND_CE) +
                                      2 * design_count (self, VNL_KIND_CIRCUIT));
  self->sessions = g_array_new (FALSE, TRUE, sizeof (Session));
  self->vnets = g_array_sized_new (FALSE, TRUE, sizeof (NetVnet), design_count (self, VNL_KIND_VNET));
  self->sites = g_array_sized_new (FALSE, TRUE, sizeof (NetSite), design_count (self, VNL_KIND_SITE));
  self->endpoints = g_array_sized_new (FALSE, TRUE, sizeof (NetEndpoint),
                                       design_count (self, VNL_KIND_ENDPOINT));
  self->circuits = g_array_new (FALSE, TRUE, sizeof (NetCircuit));
  self->vnet_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->site_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->speaker_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->owners = g_hash_table_new (NULL, NULL);
  self->dev_blocks = g_ptr_array_new_with_free_func (g_free);
  self->dev_used = 0;
  self->appliances = g_array_new (FALSE, TRUE, sizeof (NetAppliance));
  self->frontends = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  for (guint c = 0; c < G_N_ELEMENTS (compilers); c++)
    compilers[c].compile (self, vnl_design_get_objects (self->design, compilers[c].kind));
  /* Route servers, the appliances that speak BGP and their tunnels
   * (vnl-route-server.c): after the gateways, CEs and appliances. */
  _vnl_route_server_compile (self);
  compile_peerings (self);
  compile_design_space (self);
  _vnl_vwan_compile (self);
  _vnl_vwan_compile_transit (self);
  compile_dependents (self);
}

