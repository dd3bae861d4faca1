/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-generate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "vnl-generate.h"
#include "vnl-nsg.h"

/*
 * The synthetic design generator.
 *
 * Everything is decided from one GRand seeded with opts->seed, drawing in a
 * fixed order, so one seed gives one design. The design is built the way an
 * engineer would draw a large estate:
 *
 *  - VNets: VNet v is a hub when v % 10 == 0, else a spoke of hub v / 10,
 *    peered to it with gateway transit / use-remote-gateways. A hub has an
 *    ExpressRoute gateway and a VPN gateway (ASN 65515) in its
 *    GatewaySubnet. Every VNet holds one VM.
 *  - Metros: up to eight, each an Azure region, a peering location and an
 *    on-premises data centre; hub h lives in metro h % n_metros.
 *  - Circuits: circuit c sits at the peering location of hub c % n_hubs and
 *    is connected to that hub and up to two other random hubs, as far as
 *    the hubs' gateways take them (16 circuits, 4 per peering location).
 *  - Sites: a circuit link carries exactly one CE, so sites get link pairs
 *    while there are enough circuits (S <= C), then 2C - S sites keep pairs
 *    and the others one link each; sites beyond 2C links reach Azure over an
 *    S2S VPN only. A quarter of the others get an S2S VPN backup too.
 *
 * Address plan (no two networks that can meet overlap):
 *  - VNet v: the /24 slot 10.0.0.0/9 + v (hubs /24, spokes /24 to /26);
 *  - site prefixes: /24 slots (of length /24 to /26) taken in turn from
 *    172.16.0.0/12, 100.64.0.0/10, then 10.128.0.0/9;
 *  - circuit links: the /30s of 192.168.0.0/17, two per circuit;
 *  - site transit between the CEs and the site's router: a /29 of
 *    192.168.128.0/17 per site (CE1 .0, router uplink .1, CE2 .2);
 *  - public addresses: VPN gateways from 20.0.0.0/16, CEs from 198.18.0.0/15.
 *
 * The measuring half (vnl_bench_run) drives a VnlNetwork on the calling
 * thread and only fills a VnlBenchResult: formatting is separate so the
 * `bench` command and tests/bench-routing print the same figures.
 */

G_DEFINE_QUARK (vnl-generate-error-quark, vnl_generate_error)

#define HUB_EVERY     10
#define GRID_COLUMNS  25

#define IP4(a, b, c, d) (((guint32) (a) << 24) | ((guint32) (b) << 16) | ((guint32) (c) << 8) | (guint32) (d))

typedef struct
{
  const char *region;
  const char *region_display;
  const char *peering;
  const char *peering_display;
  const char *dc;
  const char *dc_display;
  double      lat;
  double      lon;
} Metro;

static const Metro metros[] = {
  { "eastus",        "East US",        "pl-washington-dc", "Washington DC", "dc-ashburn",    "Ashburn data centre",    38.9,  -77.0 },
  { "westeurope",    "West Europe",    "pl-amsterdam",     "Amsterdam",     "dc-amsterdam",  "Amsterdam data centre",  52.4,    4.9 },
  { "westus2",       "West US 2",      "pl-seattle",       "Seattle",       "dc-seattle",    "Seattle data centre",    47.6, -122.3 },
  { "southeastasia", "Southeast Asia", "pl-singapore",     "Singapore",     "dc-singapore",  "Singapore data centre",   1.35, 103.8 },
  { "uksouth",       "UK South",       "pl-london",        "London",        "dc-london",     "London data centre",     51.5,   -0.1 },
  { "japaneast",     "Japan East",     "pl-tokyo",         "Tokyo",         "dc-tokyo",      "Tokyo data centre",      35.7,  139.7 },
  { "australiaeast", "Australia East", "pl-sydney",        "Sydney",        "dc-sydney",     "Sydney data centre",    -33.9,  151.2 },
  { "brazilsouth",   "Brazil South",   "pl-sao-paulo",     "São Paulo",     "dc-sao-paulo",  "São Paulo data centre", -23.5,  -46.6 },
};

static const char * const providers[] = { "Equinix", "Megaport", "AT&T", "Verizon", "Colt" };
static const guint bandwidths[] = { 1000, 2000, 5000, 10000 };

/* On-premises prefix pools, in /24 slots. */
static const struct {
  guint32 base;
  guint   n_slots;
} prefix_pools[] = {
  { IP4 (172, 16, 0, 0), 4096 },
  { IP4 (100, 64, 0, 0), 16384 },
  { IP4 (10, 128, 0, 0), 32768 },
};

typedef struct
{
  const VnlGenerateOptions *opts;     /* borrowed */
  VnlDesign  *design;                 /* borrowed */
  GRand      *rand;                   /* owned */
  guint       n_hubs;
  guint       n_metros;
  guint       next_slot;              /* next free on-premises /24 slot */
  double      vnet_bottom;            /* layout: first row below the VNets */
  double      circuit_bottom;         /* layout: first row below the circuits */
  char      **link_ce;                /* owned: link index → name of its CE, NULL */
} Gen;

/* What the circuits decided for one site. */
typedef struct
{
  int      links[2];        /* link indices (2 * circuit + role) by role, -1 */
  GArray  *extra_links;     /* owned, of int: further links (S <= C, spare circuits) */
  int      first_circuit;   /* -1 for a VPN-only site */
  guint32  asn;
  GArray  *prefixes;        /* owned, of VnlPrefix */
} SitePlan;

void
vnl_generate_options_init (VnlGenerateOptions *opts)
{
  g_return_if_fail (opts != NULL);

  opts->n_vnets = 100;
  opts->n_sites = 20;
  opts->n_circuits = 10;
  opts->n_prefixes = 2000;
  opts->seed = 1;
  opts->route_tables = FALSE;
  opts->nsgs = FALSE;
}

gboolean
vnl_generate_options_check (const VnlGenerateOptions  *opts,
                            GError                   **error)
{
  g_return_val_if_fail (opts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts->n_vnets < 1 || opts->n_vnets > VNL_GENERATE_MAX_VNETS)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("the number of VNets must be between 1 and %u"), VNL_GENERATE_MAX_VNETS);
      return FALSE;
    }
  if (opts->n_sites > VNL_GENERATE_MAX_SITES)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("the number of sites must be at most %u"), VNL_GENERATE_MAX_SITES);
      return FALSE;
    }
  if (opts->n_circuits > VNL_GENERATE_MAX_CIRCUITS)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("the number of circuits must be at most %u"), VNL_GENERATE_MAX_CIRCUITS);
      return FALSE;
    }
  if (opts->n_prefixes > VNL_GENERATE_MAX_PREFIXES)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("the number of prefixes must be at most %u"), VNL_GENERATE_MAX_PREFIXES);
      return FALSE;
    }
  if (opts->n_prefixes < opts->n_sites)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("every site needs a prefix: %u prefixes for %u sites"),
                   opts->n_prefixes, opts->n_sites);
      return FALSE;
    }
  if (opts->n_prefixes > 0 && opts->n_sites == 0)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("on-premises prefixes need at least one site"));
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

static gpointer
place (gpointer object,
       double   x,
       double   y)
{
  VnlObject *o = object;

  o->has_pos = TRUE;
  o->pos.x = x;
  o->pos.y = y;
  return object;
}

static gpointer
add (Gen      *gen,
     gpointer  object)
{
  /* Names are unique by construction. */
  if (!vnl_design_add (gen->design, object, NULL))
    g_assert_not_reached ();
  return object;
}

static VnlPrefix
prefix_make (guint32 addr,
             guint8  len)
{
  VnlPrefix prefix = { addr & vnl_prefix_mask (len), len };
  return prefix;
}

static guint32
pool_slot (guint slot)
{
  for (guint i = 0; i < G_N_ELEMENTS (prefix_pools); i++)
    {
      if (slot < prefix_pools[i].n_slots)
        return prefix_pools[i].base + (slot << 8);
      slot -= prefix_pools[i].n_slots;
    }
  g_assert_not_reached ();
  return 0;
}

static gboolean
chance (Gen    *gen,
        double  p)
{
  return g_rand_double (gen->rand) < p;
}

static guint
pick (Gen   *gen,
      guint  n)
{
  return (guint) g_rand_int_range (gen->rand, 0, (gint32) n);
}

static guint
hub_metro (Gen   *gen,
           guint  hub)
{
  return hub % gen->n_metros;
}

static char *
hub_name (guint hub)
{
  return g_strdup_printf ("hub%u", hub);
}

static char *
vnet_name (guint v)
{
  if (v % HUB_EVERY == 0)
    return hub_name (v / HUB_EVERY);
  return g_strdup_printf ("hub%u-spoke%u", v / HUB_EVERY, v % HUB_EVERY);
}

static double
vnet_x (guint v)
{
  return 120 + (v % GRID_COLUMNS) * 220;
}

static double
vnet_y (guint v)
{
  return 200 + (v / GRID_COLUMNS) * 260;
}

/* One-way latency over fibre between two metros: about 150 km per ms once
 * the path's detours are counted. */
static double
metro_distance_ms (const Metro *a,
                   const Metro *b)
{
  double la1 = a->lat * G_PI / 180, la2 = b->lat * G_PI / 180;
  double dlon = (b->lon - a->lon) * G_PI / 180;
  double c = sin (la1) * sin (la2) + cos (la1) * cos (la2) * cos (dlon);
  double km = 6371 * acos (CLAMP (c, -1.0, 1.0));

  return round (km / 150 * 10) / 10;
}

/* ---------------------------------------------------------------------- */
/* Parts of the design                                                    */

static void
add_locations (Gen *gen)
{
  VnlDesign *design = gen->design;

  vnl_design_set_default_latency (design, 40);
  vnl_design_set_intra_latency (design, 0.1);

  for (guint m = 0; m < gen->n_metros; m++)
    {
      const Metro *metro = &metros[m];
      const struct { const char *name; const char *display; VnlLocationKind kind; double intra; } locs[] = {
        { metro->region, metro->region_display, VNL_LOCATION_AZURE_REGION, 0.1 },
        { metro->peering, metro->peering_display, VNL_LOCATION_PEERING_LOCATION, 0.05 },
        { metro->dc, metro->dc_display, VNL_LOCATION_ON_PREMISES, 0.05 },
      };

      for (guint i = 0; i < G_N_ELEMENTS (locs); i++)
        {
          VnlLocation *location = vnl_object_new (VNL_KIND_LOCATION, locs[i].name);

          location->location_kind = locs[i].kind;
          location->display_name = g_strdup (locs[i].display);
          location->intra_ms = locs[i].intra;
          add (gen, location);
        }
    }

  /* Regions with each other, regions with every peering location, each
   * data centre with its peering location and with every region (VPN over
   * the Internet). */
  for (guint a = 0; a < gen->n_metros; a++)
    {
      for (guint b = a + 1; b < gen->n_metros; b++)
        vnl_design_add_latency (design, metros[a].region, metros[b].region,
                                0.5 + metro_distance_ms (&metros[a], &metros[b]));
      for (guint b = 0; b < gen->n_metros; b++)
        vnl_design_add_latency (design, metros[a].region, metros[b].peering,
                                0.8 + metro_distance_ms (&metros[a], &metros[b]));
      vnl_design_add_latency (design, metros[a].dc, metros[a].peering, 0.1);
      for (guint b = 0; b < gen->n_metros; b++)
        vnl_design_add_latency (design, metros[a].dc, metros[b].region,
                                1.5 + metro_distance_ms (&metros[a], &metros[b]));
    }
}

static void
add_vnets (Gen *gen)
{
  guint n = gen->opts->n_vnets;

  for (guint v = 0; v < n; v++)
    {
      g_autofree char *name = vnet_name (v);
      g_autofree char *vm_name = g_strdup_printf ("%s-vm", name);
      gboolean hub = v % HUB_EVERY == 0;
      guint32 base = IP4 (10, 0, 0, 0) + (v << 8);
      guint8 len = hub ? 24 : 24 + pick (gen, 3);
      VnlVnet *vnet = vnl_object_new (VNL_KIND_VNET, name);
      VnlEndpoint *vm = vnl_object_new (VNL_KIND_ENDPOINT, vm_name);
      VnlPrefix space = prefix_make (base, len);
      VnlSubnet *subnet;
      double x = vnet_x (v), y = vnet_y (v);

      vnet->location = g_strdup (metros[hub_metro (gen, v / HUB_EVERY)].region);
      g_array_append_val (vnet->address_spaces, space);

      subnet = g_new0 (VnlSubnet, 1);
      subnet->name = g_strdup ("default");
      subnet->prefix = prefix_make (base, len + 1);
      g_ptr_array_add (vnet->subnets, subnet);

      if (hub)
        {
          subnet = g_new0 (VnlSubnet, 1);
          subnet->name = g_strdup ("GatewaySubnet");
          subnet->prefix = prefix_make (base + 128, 25);
          g_ptr_array_add (vnet->subnets, subnet);
        }

      add (gen, place (vnet, x, y));

      vm->owner = g_strdup (name);
      vm->address = base + 4;
      add (gen, place (vm, x, y - 70));

      if (hub)
        {
          guint h = v / HUB_EVERY;
          g_autofree char *er_name = g_strdup_printf ("%s-ergw", name);
          g_autofree char *vpn_name = g_strdup_printf ("%s-vpngw", name);
          VnlGateway *er = vnl_object_new (VNL_KIND_GATEWAY, er_name);
          VnlGateway *vpn = vnl_object_new (VNL_KIND_GATEWAY, vpn_name);
          guint32 addr;

          er->vnet = g_strdup (name);
          er->type = VNL_GATEWAY_EXPRESSROUTE;
          er->sku = g_strdup (chance (gen, 0.5) ? "Standard" : "HighPerformance");
          er->asn = VNL_AZURE_DEFAULT_ASN;
          for (guint k = 0; k < 2; k++)
            {
              addr = base + 132 + k;
              g_array_append_val (er->instances, addr);
            }
          add (gen, place (er, x - 50, y + 80));

          vpn->vnet = g_strdup (name);
          vpn->type = VNL_GATEWAY_VPN;
          vpn->sku = g_strdup ("VpnGw1");
          vpn->asn = VNL_AZURE_DEFAULT_ASN;
          addr = base + 142;
          g_array_append_val (vpn->instances, addr);
          vpn->bgp_address = base + 254;
          vpn->public_address = IP4 (20, 0, 0, 0) + 1 + h;
          vpn->active_active = FALSE;
          add (gen, place (vpn, x + 50, y + 80));
        }
    }

  gen->vnet_bottom = vnet_y (n - 1) + 260;
}

static void
add_peerings (Gen *gen)
{
  for (guint v = 0; v < gen->opts->n_vnets; v++)
    {
      g_autofree char *spoke = NULL;
      g_autofree char *hub = NULL;
      g_autofree char *name = NULL;
      VnlPeering *peering;

      if (v % HUB_EVERY == 0)
        continue;

      spoke = vnet_name (v);
      hub = hub_name (v / HUB_EVERY);
      name = g_strdup_printf ("%s-peering", spoke);
      peering = vnl_object_new (VNL_KIND_PEERING, name);
      peering->vnet_a = g_strdup (hub);
      peering->vnet_b = g_strdup (spoke);
      peering->side[0].allow_gateway_transit = TRUE;
      peering->side[1].use_remote_gateways = TRUE;
      add (gen, peering);
    }
}

/* Which sites the links of the circuits carry (see the overview). */
static void
plan_sites (Gen      *gen,
            SitePlan *plans)
{
  guint n_sites = gen->opts->n_sites;
  guint n_circuits = gen->opts->n_circuits;
  guint pairs;

  for (guint s = 0; s < n_sites; s++)
    {
      plans[s].links[0] = plans[s].links[1] = -1;
      plans[s].extra_links = g_array_new (FALSE, FALSE, sizeof (int));
      plans[s].first_circuit = -1;
      plans[s].prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
    }

  if (n_sites == 0)
    return;

  pairs = n_sites <= n_circuits ? n_sites
        : n_sites <= 2 * n_circuits ? 2 * n_circuits - n_sites
        : 0;

  for (guint c = 0; c < n_circuits; c++)
    {
      if (n_sites <= n_circuits || c < pairs)
        {
          SitePlan *plan = &plans[c % n_sites];

          for (int role = 0; role < 2; role++)
            {
              int link = 2 * c + role;

              if (plan->links[role] < 0)
                plan->links[role] = link;
              else
                g_array_append_val (plan->extra_links, link);
            }
          if (plan->first_circuit < 0)
            plan->first_circuit = c;
        }
      else
        {
          guint first = pairs + 2 * (c - pairs);

          for (guint role = 0; role < 2; role++)
            {
              plans[first + role].links[role] = 2 * c + role;
              plans[first + role].first_circuit = c;
            }
        }
    }
}

/* Spreads the prefixes over the sites (each gets one, the rest at random)
 * and gives each its ASN. */
static void
plan_prefixes (Gen      *gen,
               SitePlan *plans)
{
  guint n_sites = gen->opts->n_sites;
  g_autofree guint *counts = NULL;

  if (n_sites == 0)
    return;

  counts = g_new (guint, n_sites);
  for (guint s = 0; s < n_sites; s++)
    counts[s] = 1;
  for (guint i = n_sites; i < gen->opts->n_prefixes; i++)
    counts[pick (gen, n_sites)]++;

  for (guint s = 0; s < n_sites; s++)
    {
      for (guint i = 0; i < counts[s]; i++)
        {
          VnlPrefix prefix = prefix_make (pool_slot (gen->next_slot++), 24 + pick (gen, 3));
          g_array_append_val (plans[s].prefixes, prefix);
        }

      /* Private ASNs 64512–65511: never Azure's 65515–65520. Some sites
       * share the ASN of the one before, as branches of one network do;
       * two sites on the two links of one circuit must (the circuit has one
       * peer ASN for both links, vnl-validate-azure.c). */
      if ((s > 0 && chance (gen, 0.15)) ||
          (s > 0 && plans[s].first_circuit >= 0 && plans[s].first_circuit == plans[s - 1].first_circuit))
        plans[s].asn = plans[s - 1].asn;
      else
        plans[s].asn = 64512 + s % 1000;
    }
}

static char *
link_name (int link)
{
  return g_strdup_printf ("er%d-%s", link / 2, link % 2 == 0 ? "primary" : "secondary");
}

static void
add_policy (VnlCe      *ce,
            const char *peer,
            guint32     local_preference,
            GArray     *exports)
{
  VnlCePolicy *policy = g_new0 (VnlCePolicy, 1);

  g_assert (exports->len > 0);

  policy->peer = g_strdup (peer);
  policy->local_preference = local_preference;
  policy->export_prefixes = g_array_copy (exports);
  g_ptr_array_add (ce->policies, policy);
}

static void
add_circuits (Gen            *gen,
              const SitePlan *plans,
              const int      *link_site)
{
  guint n = gen->opts->n_circuits;
  /* Circuit connections per hub, in all and per peering location (metro):
   * a hub takes at most 16, 4 of them from one peering location
   * (vnl-validate-azure.c); further ones are left out, after the draws, so
   * designs within the limits do not change. */
  g_autofree guint *per_hub = g_new0 (guint, MAX (gen->n_hubs, 1));
  g_autofree guint *per_hub_metro = g_new0 (guint, MAX (gen->n_hubs * gen->n_metros, 1));

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *name = g_strdup_printf ("er%u", c);
      VnlCircuit *circuit = vnl_object_new (VNL_KIND_CIRCUIT, name);
      guint base_hub = c % gen->n_hubs;
      guint metro = hub_metro (gen, base_hub);
      guint n_conn = MIN (1 + pick (gen, 3), gen->n_hubs);
      guint hubs[3] = { base_hub, 0, 0 };
      gboolean premium = FALSE;
      int owner = link_site[2 * c];

      circuit->provider = g_strdup (providers[pick (gen, G_N_ELEMENTS (providers))]);
      circuit->peering_location = g_strdup (metros[metro].peering);
      circuit->bandwidth_mbps = bandwidths[pick (gen, G_N_ELEMENTS (bandwidths))];
      circuit->microsoft_asn = VNL_MICROSOFT_ASN;
      circuit->peer_asn = owner >= 0 ? plans[owner].asn : 64512;
      circuit->vlan = 100 + c % 3900;

      for (guint k = 1; k < n_conn; k++)
        {
          gboolean taken;

          do
            {
              hubs[k] = pick (gen, gen->n_hubs);
              taken = FALSE;
              for (guint j = 0; j < k; j++)
                taken |= hubs[j] == hubs[k];
            }
          while (taken);
          premium |= hub_metro (gen, hubs[k]) != metro;
        }
      circuit->sku = premium ? VNL_CIRCUIT_SKU_PREMIUM : VNL_CIRCUIT_SKU_STANDARD;

      for (guint role = 0; role < 2; role++)
        {
          int l = 2 * c + role;
          guint32 subnet = IP4 (192, 168, 0, 0) + (guint32) l * 4;
          g_autofree char *lname = link_name (l);
          VnlLink *link = vnl_object_new (VNL_KIND_LINK, lname);

          link->circuit = g_strdup (name);
          link->role = role == 0 ? VNL_LINK_PRIMARY : VNL_LINK_SECONDARY;
          link->subnet = prefix_make (subnet, 30);
          link->ce_address = subnet + 1;
          link->msee_address = subnet + 2;
          link->ce = g_strdup (gen->link_ce[l]);
          circuit->links[role] = g_strdup (link->parent.name);
          add (gen, link);
        }

      add (gen, place (circuit, 120 + (c % GRID_COLUMNS) * 220,
                       gen->vnet_bottom + 200 + (c / GRID_COLUMNS) * 200));

      for (guint k = 0; k < n_conn; k++)
        {
          g_autofree char *hub = hub_name (hubs[k]);
          g_autofree char *conn_name = g_strdup_printf ("%s-%s", hub, name);
          VnlErConnection *conn;

          if (per_hub[hubs[k]] >= 16 || per_hub_metro[hubs[k] * gen->n_metros + metro] >= 4)
            continue;
          per_hub[hubs[k]]++;
          per_hub_metro[hubs[k] * gen->n_metros + metro]++;
          conn = vnl_object_new (VNL_KIND_ER_CONNECTION, conn_name);

          conn->gateway = g_strdup_printf ("%s-ergw", hub);
          conn->circuit = g_strdup (name);
          conn->routing_weight = 0;
          add (gen, conn);
        }
    }

  /* The smallest ExpressRoute gateway SKU that takes the hub's circuit
   * connections (4, 8 or 16: vnl-validate-azure.c), never a smaller one
   * than drawn. */
  for (guint h = 0; h < gen->n_hubs; h++)
    {
      g_autofree char *hub = hub_name (h);
      g_autofree char *gw_name = g_strdup_printf ("%s-ergw", hub);
      VnlGateway *gw = vnl_design_lookup_kind (gen->design, gw_name, VNL_KIND_GATEWAY);
      GPtrArray *conns = vnl_design_get_objects (gen->design, VNL_KIND_ER_CONNECTION);
      guint count = 0;

      if (gw == NULL)
        continue;
      for (guint i = 0; i < conns->len; i++)
        count += g_strcmp0 (((VnlErConnection *) conns->pdata[i])->gateway, gw_name) == 0;
      if (count > 8 || (count > 4 && g_strcmp0 (gw->sku, "Standard") == 0))
        {
          g_free (gw->sku);
          gw->sku = g_strdup (count > 8 ? "UltraPerformance" : "HighPerformance");
        }
    }

  gen->circuit_bottom = gen->vnet_bottom + 200 + ((MAX (n, 1) - 1) / GRID_COLUMNS + 1) * 200;
}

static void
add_sites (Gen      *gen,
           SitePlan *plans)
{
  guint n = gen->opts->n_sites;
  guint32 public_next = IP4 (198, 18, 0, 1);

  for (guint s = 0; s < n; s++)
    {
      SitePlan *plan = &plans[s];
      g_autofree char *name = g_strdup_printf ("site%u", s);
      g_autofree char *vm_name = g_strdup_printf ("%s-vm", name);
      VnlSite *site = vnl_object_new (VNL_KIND_SITE, name);
      VnlEndpoint *vm = vnl_object_new (VNL_KIND_ENDPOINT, vm_name);
      VnlSiteHop *hop = g_new0 (VnlSiteHop, 1);
      VnlCe *ces[2] = { NULL, NULL };
      guint32 lan = g_array_index (plan->prefixes, VnlPrefix, 0).addr;
      guint32 transit = IP4 (192, 168, 128, 0) + s * 8;
      gboolean both_roles = plan->links[0] >= 0 && plan->links[1] >= 0;
      gboolean has_links = plan->links[0] >= 0 || plan->links[1] >= 0;
      gboolean vpn = !has_links || chance (gen, 0.25);
      guint hub;
      guint n_ces;
      guint metro;
      double x = 120 + (s % GRID_COLUMNS) * 220;
      double y = gen->circuit_bottom + 250 + (s / GRID_COLUMNS) * 320;

      hub = plan->first_circuit >= 0 ? (guint) plan->first_circuit % gen->n_hubs : s % gen->n_hubs;
      metro = hub_metro (gen, hub);

      /* Two CEs share a link pair (one per role) or a single link plus
       * the VPN backup; else one CE carries it all. */
      if (both_roles)
        n_ces = chance (gen, 0.6) ? 2 : 1;
      else if (has_links && vpn)
        n_ces = chance (gen, 0.5) ? 2 : 1;
      else
        n_ces = 1;

      site->location = g_strdup (metros[metro].dc);
      g_array_append_vals (site->prefixes, plan->prefixes->data, plan->prefixes->len);
      hop->name = g_strdup_printf ("%s-l3", name);
      hop->address = lan + 3;
      hop->uplink_address = transit + 1;
      g_ptr_array_add (site->hops, hop);
      add (gen, place (site, x, y));

      vm->owner = g_strdup (name);
      vm->address = lan + 10;
      add (gen, place (vm, x - 70, y + 60));

      for (guint k = 0; k < n_ces; k++)
        {
          g_autofree char *ce_name = g_strdup_printf ("%s-ce%u", name, k + 1);

          ces[k] = vnl_object_new (VNL_KIND_CE, ce_name);
          ces[k]->site = g_strdup (name);
          ces[k]->asn = plan->asn;
          ces[k]->lan_address = transit + 2 * k;
          ces[k]->maximum_paths = 1;
        }

      /* ER links: by role over two CEs, all on one CE otherwise. */
      for (guint role = 0; role < 2; role++)
        if (plan->links[role] >= 0)
          {
            g_autofree char *link = link_name (plan->links[role]);
            VnlCe *ce = n_ces == 2 && both_roles ? ces[role] : ces[0];

            add_policy (ce, link, 200, plan->prefixes);
            gen->link_ce[plan->links[role]] = g_strdup (ce->parent.name);
          }
      for (guint i = 0; i < plan->extra_links->len; i++)
        {
          int l = g_array_index (plan->extra_links, int, i);
          g_autofree char *link = link_name (l);
          VnlCe *ce = n_ces == 2 && both_roles ? ces[l % 2] : ces[0];

          add_policy (ce, link, 200, plan->prefixes);
          gen->link_ce[l] = g_strdup (ce->parent.name);
        }
      if (n_ces == 1 && ces[0]->policies->len > 1)
        ces[0]->maximum_paths = 2;

      if (vpn)
        {
          VnlCe *ce = ces[n_ces - 1];
          g_autofree char *hub_vnet = hub_name (hub);
          g_autofree char *lng_name = g_strdup_printf ("%s-lng", name);
          g_autofree char *conn_name = g_strdup_printf ("%s-vpn", name);
          VnlLng *lng = vnl_object_new (VNL_KIND_LNG, lng_name);
          VnlS2sConnection *conn = vnl_object_new (VNL_KIND_S2S_CONNECTION, conn_name);
          VnlPrefix tunnel;

          ce->tunnel_address = lan + 62;
          ce->public_address = public_next++;
          add_policy (ce, conn_name, 0, plan->prefixes);

          lng->location = g_strdup (site->location);
          lng->public_address = ce->public_address;
          tunnel = prefix_make (ce->tunnel_address, 32);
          g_array_append_val (lng->prefixes, tunnel);
          lng->asn = ce->asn;
          lng->bgp_address = ce->tunnel_address;
          lng->ce = g_strdup (ce->parent.name);
          add (gen, place (lng, x + 90, y - 190));

          conn->gateway = g_strdup_printf ("%s-vpngw", hub_vnet);
          conn->lng = g_strdup (lng_name);
          conn->bgp = TRUE;
          conn->ike_version = 2;
          conn->shared_key = g_strdup_printf ("psk-%08x", g_rand_int (gen->rand));
          add (gen, conn);
        }

      for (guint k = 0; k < n_ces; k++)
        add (gen, place (ces[k], x - 50 + 100 * k, y - 110));
    }
}

/* A few VNet-to-VNet BGP connections between neighbouring hubs. */
static void
add_v2v (Gen *gen)
{
  guint n = gen->n_hubs >= 2 ? MIN (3, gen->n_hubs - 1) : 0;

  for (guint i = 0; i < n; i++)
    {
      guint a = pick (gen, gen->n_hubs - 1);
      g_autofree char *name = g_strdup_printf ("hub%u-hub%u-vpn", a, a + 1);
      VnlV2vConnection *conn;

      if (vnl_design_lookup (gen->design, name) != NULL)
        continue;
      conn = vnl_object_new (VNL_KIND_V2V_CONNECTION, name);
      conn->gateway_a = g_strdup_printf ("hub%u-vpngw", a);
      conn->gateway_b = g_strdup_printf ("hub%u-vpngw", a + 1);
      conn->bgp = TRUE;
      conn->shared_key = g_strdup_printf ("psk-%08x", g_rand_int (gen->rand));
      add (gen, conn);
    }
}

static VnlUdr *
udr_new (const char *name,
         VnlPrefix   prefix,
         guint32     appliance)
{
  VnlUdr *udr = g_new0 (VnlUdr, 1);

  udr->name = g_strdup (name);
  udr->prefix = prefix;
  udr->next_hop = VNL_UDR_VIRTUAL_APPLIANCE;
  udr->next_hop_ip = appliance;
  return udr;
}

static void
associate (VnlUdrTable *table,
           const char  *vnet,
           const char  *subnet)
{
  VnlUdrSubnet *assoc = g_new0 (VnlUdrSubnet, 1);

  assoc->vnet = g_strdup (vnet);
  assoc->subnet = g_strdup (subnet);
  g_ptr_array_add (table->subnets, assoc);
}

/* The hub-and-spoke landing zone's route tables (issue 14): each hub gets
 * a network virtual appliance in its default subnet (.5 of its /24, IP
 * forwarding on; not stateful, so that the benchmark measures routing);
 * each spoke's default subnet sends 0.0.0.0/0 to it with gateway route
 * propagation off (the ALZ spoke module's `disableBgpRoutePropagation`),
 * and the hub's GatewaySubnet sends each spoke's address space there, so
 * traffic both ways crosses it. Draws nothing from the random sequence:
 * a design with them is the design without them plus these objects. */
static void
add_route_tables (Gen *gen)
{
  GPtrArray *peerings = vnl_design_get_objects (gen->design, VNL_KIND_PEERING);
  guint n = gen->opts->n_vnets;

  /* What the hub's appliance forwards into a spoke did not start in the
   * hub: the spoke's side must allow forwarded traffic (as the landing
   * zone's peerings do). */
  for (guint i = 0; i < peerings->len; i++)
    for (guint side = 0; side < 2; side++)
      ((VnlPeering *) peerings->pdata[i])->side[side].allow_forwarded_traffic = TRUE;

  for (guint h = 0; h * HUB_EVERY < n; h++)
    {
      guint hub = h * HUB_EVERY;
      g_autofree char *hub_vnet = vnet_name (hub);
      g_autofree char *gw_name = g_strdup_printf ("%s-gateway-rt", hub_vnet);
      g_autofree char *nva_name = g_strdup_printf ("%s-nva", hub_vnet);
      guint32 appliance = IP4 (10, 0, 0, 0) + (hub << 8) + 5;
      VnlUdrTable *gw_table = vnl_object_new (VNL_KIND_ROUTE_TABLE, gw_name);
      VnlAppliance *nva = vnl_object_new (VNL_KIND_APPLIANCE, nva_name);
      double x = vnet_x (hub), y = vnet_y (hub);

      nva->vnet = g_strdup (hub_vnet);
      nva->address = appliance;
      nva->stateful = FALSE;
      add (gen, place (nva, x - 60, y - 70));

      gw_table->propagate_gateway_routes = TRUE;
      associate (gw_table, hub_vnet, "GatewaySubnet");
      for (guint v = hub + 1; v < MIN (hub + HUB_EVERY, n); v++)
        {
          g_autofree char *spoke = vnet_name (v);
          g_autofree char *rt_name = g_strdup_printf ("%s-rt", spoke);
          VnlVnet *vnet = vnl_design_lookup_kind (gen->design, spoke, VNL_KIND_VNET);
          VnlUdrTable *table = vnl_object_new (VNL_KIND_ROUTE_TABLE, rt_name);
          VnlPrefix any = { 0, 0 };

          table->propagate_gateway_routes = FALSE;
          g_ptr_array_add (table->routes, udr_new ("default-to-hub", any, appliance));
          associate (table, spoke, "default");
          add (gen, place (table, vnet_x (v) + 60, vnet_y (v) - 70));
          g_ptr_array_add (gw_table->routes,
                           udr_new (spoke, g_array_index (vnet->address_spaces, VnlPrefix, 0), appliance));
        }
      add (gen, place (gw_table, x + 60, y - 70));
    }
}

static VnlNsgRule *
nsg_rule (const char     *name,
          guint           priority,
          gboolean        allow,
          VnlProtocol     protocol,
          VnlNsgAddrKind  source,
          guint16         port)
{
  VnlNsgRule *rule = vnl_nsg_rule_new ();
  VnlNsgAddr src = { source, { 0, 0 } };
  VnlNsgAddr any = { VNL_NSG_ADDR_ANY, { 0, 0 } };

  rule->name = g_strdup (name);
  rule->priority = priority;
  rule->direction = VNL_NSG_INBOUND;
  rule->allow = allow;
  rule->protocol = protocol;
  g_array_append_val (rule->sources, src);
  g_array_append_val (rule->destinations, any);
  if (port != 0)
    {
      VnlPortRange range = { port, port };
      g_array_append_val (rule->destination_ports, range);
    }
  return rule;
}

/* The landing zone's network security groups (issue 15): each spoke's
 * default subnet serves HTTPS and answers ICMP to the VirtualNetwork
 * (peered VNets and on premises included) and denies every other inbound
 * flow; outbound the default rules. Draws nothing from the random
 * sequence, like add_route_tables(). */
static void
add_nsgs (Gen *gen)
{
  guint n = gen->opts->n_vnets;

  for (guint v = 0; v < n; v++)
    {
      g_autofree char *spoke = NULL;
      g_autofree char *name = NULL;
      VnlNsg *nsg;
      VnlUdrSubnet *assoc;

      if (v % HUB_EVERY == 0)
        continue;
      spoke = vnet_name (v);
      name = g_strdup_printf ("%s-nsg", spoke);
      nsg = vnl_object_new (VNL_KIND_NSG, name);
      g_ptr_array_add (nsg->rules, nsg_rule ("allow-https-in", 100, TRUE, VNL_PROTO_TCP,
                                             VNL_NSG_ADDR_VIRTUAL_NETWORK, 443));
      g_ptr_array_add (nsg->rules, nsg_rule ("allow-icmp-in", 110, TRUE, VNL_PROTO_ICMP,
                                             VNL_NSG_ADDR_VIRTUAL_NETWORK, 0));
      g_ptr_array_add (nsg->rules, nsg_rule ("deny-all-in", 4096, FALSE, VNL_PROTO_ANY, VNL_NSG_ADDR_ANY, 0));
      assoc = g_new0 (VnlUdrSubnet, 1);
      assoc->vnet = g_strdup (spoke);
      assoc->subnet = g_strdup ("default");
      g_ptr_array_add (nsg->subnets, assoc);
      add (gen, place (nsg, vnet_x (v) - 60, vnet_y (v) + 70));
    }
}

VnlDesign *
vnl_generate_design (const VnlGenerateOptions  *opts,
                     GError                   **error)
{
  g_autoptr(VnlDesign) design = NULL;
  g_autofree SitePlan *plans = NULL;
  g_autofree int *link_site = NULL;
  g_autofree char *title = NULL;
  Gen gen = { 0 };

  g_return_val_if_fail (opts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vnl_generate_options_check (opts, error))
    return NULL;

  design = vnl_design_new ();
  title = g_strdup_printf ("Synthetic design: %u VNets, %u sites, %u circuits, %u prefixes (seed %u)",
                           opts->n_vnets, opts->n_sites, opts->n_circuits, opts->n_prefixes,
                           opts->seed);
  vnl_design_set_title (design, title);

  gen.opts = opts;
  gen.design = design;
  gen.rand = g_rand_new_with_seed (opts->seed);
  gen.n_hubs = (opts->n_vnets + HUB_EVERY - 1) / HUB_EVERY;
  gen.n_metros = MIN (gen.n_hubs, G_N_ELEMENTS (metros));

  plans = g_new0 (SitePlan, MAX (opts->n_sites, 1));
  plan_sites (&gen, plans);
  plan_prefixes (&gen, plans);

  link_site = g_new (int, 2 * MAX (opts->n_circuits, 1));
  for (guint l = 0; l < 2 * opts->n_circuits; l++)
    link_site[l] = -1;
  for (guint s = 0; s < opts->n_sites; s++)
    {
      for (guint role = 0; role < 2; role++)
        if (plans[s].links[role] >= 0)
          link_site[plans[s].links[role]] = s;
      for (guint i = 0; i < plans[s].extra_links->len; i++)
        link_site[g_array_index (plans[s].extra_links, int, i)] = s;
    }

  gen.link_ce = g_new0 (char *, 2 * opts->n_circuits + 1);

  add_locations (&gen);
  add_vnets (&gen);
  add_peerings (&gen);
  /* The circuits' links name their CEs, so the layout row of the sites
   * is known before they are added: compute it as add_circuits() would. */
  gen.circuit_bottom = gen.vnet_bottom + 200 +
                       ((MAX (opts->n_circuits, 1) - 1) / GRID_COLUMNS + 1) * 200;
  add_sites (&gen, plans);
  add_circuits (&gen, plans, link_site);
  add_v2v (&gen);
  if (opts->route_tables)
    add_route_tables (&gen);
  if (opts->nsgs)
    add_nsgs (&gen);

  for (guint s = 0; s < opts->n_sites; s++)
    {
      g_array_unref (plans[s].extra_links);
      g_array_unref (plans[s].prefixes);
    }
  g_rand_free (gen.rand);
  for (guint l = 0; l < 2 * opts->n_circuits; l++)
    g_free (gen.link_ce[l]);
  g_free (gen.link_ce);

  return g_steal_pointer (&design);
}
