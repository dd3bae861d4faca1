/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-generate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-generate.h"
#include "vnl-regions.h"

/*
 * A synthetic Virtual WAN (vnetlab-cli generate --vwan HUBS): one hub per
 * Azure region of the region table (latencies between them from it), each
 * hub with a VPN gateway and a branch over BGP, every fifth hub with an
 * ExpressRoute gateway and a circuit to a data centre, and the VNet
 * connections spread round-robin over the hubs, one spoke with one VM
 * each. Every connection keeps the default routing (Default table, label
 * default): every table of every hub holds every spoke and branch.
 *
 * Address plan: hub h 10.240.h.0/24 (h < 256), spoke i 10.(i / 256).(i %
 * 256).0/24 (i < 32768, inside 10.0.0.0/9), branch h 192.168.h.0/24 with
 * its CE's tunnel address .254, data centre h 172.16.h.0/24 and its
 * circuit's /30s in 100.64.h.0/29.
 */

#define HUB_ASN 65515

static void
add (VnlDesign *design,
     gpointer   object)
{
  g_autoptr(GError) error = NULL;

  if (!vnl_design_add (design, object, &error))
    g_error ("generate: %s", error->message);
}

static VnlPrefix
prefix_of (guint32 addr,
           guint8  len)
{
  VnlPrefix p = { addr, len };
  return p;
}

static void
add_branch (VnlDesign  *design,
            guint       h,
            const char *hub)
{
  g_autofree char *site_name = g_strdup_printf ("branch-%u", h);
  g_autofree char *ce_name = g_strdup_printf ("branch-%u-ce", h);
  g_autofree char *lng_name = g_strdup_printf ("branch-%u-lng", h);
  g_autofree char *gw_name = g_strdup_printf ("%s-vpn", hub);
  g_autofree char *conn_name = g_strdup_printf ("%s-branch-%u", hub, h);
  g_autofree char *pc_name = g_strdup_printf ("branch-%u-pc", h);
  guint32 lan = (192u << 24) | (168u << 16) | (h << 8);
  VnlSite *site = vnl_object_new (VNL_KIND_SITE, site_name);
  VnlCe *ce = vnl_object_new (VNL_KIND_CE, ce_name);
  VnlLng *lng = vnl_object_new (VNL_KIND_LNG, lng_name);
  VnlGateway *gw = vnl_object_new (VNL_KIND_GATEWAY, gw_name);
  VnlS2sConnection *conn = vnl_object_new (VNL_KIND_S2S_CONNECTION, conn_name);
  VnlEndpoint *pc = vnl_object_new (VNL_KIND_ENDPOINT, pc_name);
  VnlPrefix lan_prefix = prefix_of (lan, 24);
  VnlPrefix peer = prefix_of (lan | 254, 32);
  guint32 instance = (10u << 24) | (240u << 16) | (h << 8) | 12;

  site->location = g_strdup ("on-premises");
  g_array_append_val (site->prefixes, lan_prefix);
  add (design, site);
  ce->site = g_strdup (site_name);
  ce->asn = 64512 + h;
  ce->lan_address = lan | 1;
  ce->tunnel_address = lan | 254;
  add (design, ce);
  pc->owner = g_strdup (site_name);
  pc->address = lan | 10;
  add (design, pc);

  lng->public_address = (198u << 24) | (51u << 16) | (100u << 8) | h;
  lng->asn = ce->asn;
  lng->bgp_address = lan | 254;
  lng->ce = g_strdup (ce_name);
  g_array_append_val (lng->prefixes, peer);
  add (design, lng);

  gw->vnet = g_strdup (hub);
  gw->type = VNL_GATEWAY_VPN;
  gw->asn = HUB_ASN;
  gw->bgp_address = instance + 2;
  g_array_append_val (gw->instances, instance);
  add (design, gw);

  conn->gateway = g_strdup (gw_name);
  conn->lng = g_strdup (lng_name);
  add (design, conn);
}

static void
add_datacentre (VnlDesign  *design,
                guint       h,
                const char *hub)
{
  g_autofree char *site_name = g_strdup_printf ("dc-%u", h);
  g_autofree char *ce_name = g_strdup_printf ("dc-%u-ce", h);
  g_autofree char *circuit_name = g_strdup_printf ("dc-%u-circuit", h);
  g_autofree char *link_name = g_strdup_printf ("dc-%u-circuit-primary", h);
  g_autofree char *gw_name = g_strdup_printf ("%s-er", hub);
  g_autofree char *conn_name = g_strdup_printf ("%s-dc-%u", hub, h);
  g_autofree char *srv_name = g_strdup_printf ("dc-%u-server", h);
  guint32 lan = (172u << 24) | (16u << 16) | (h << 8);
  guint32 transit = (100u << 24) | (64u << 16) | (h << 8);
  VnlSite *site = vnl_object_new (VNL_KIND_SITE, site_name);
  VnlCe *ce = vnl_object_new (VNL_KIND_CE, ce_name);
  VnlCircuit *circuit = vnl_object_new (VNL_KIND_CIRCUIT, circuit_name);
  VnlLink *link = vnl_object_new (VNL_KIND_LINK, link_name);
  VnlGateway *gw = vnl_object_new (VNL_KIND_GATEWAY, gw_name);
  VnlErConnection *conn = vnl_object_new (VNL_KIND_ER_CONNECTION, conn_name);
  VnlEndpoint *srv = vnl_object_new (VNL_KIND_ENDPOINT, srv_name);
  VnlPrefix lan_prefix = prefix_of (lan, 24);
  guint32 instance = (10u << 24) | (240u << 16) | (h << 8) | 20;

  site->location = g_strdup ("on-premises");
  g_array_append_val (site->prefixes, lan_prefix);
  add (design, site);
  ce->site = g_strdup (site_name);
  ce->asn = 65000 + h;
  ce->lan_address = lan | 1;
  add (design, ce);
  srv->owner = g_strdup (site_name);
  srv->address = lan | 10;
  add (design, srv);

  circuit->peering_location = g_strdup ("peering");
  circuit->bandwidth_mbps = 1000;
  circuit->peer_asn = ce->asn;
  circuit->vlan = 100 + h;
  circuit->links[0] = g_strdup (link_name);
  add (design, circuit);
  link->circuit = g_strdup (circuit_name);
  link->role = VNL_LINK_PRIMARY;
  link->subnet = prefix_of (transit, 30);
  link->ce_address = transit | 1;
  link->msee_address = transit | 2;
  link->ce = g_strdup (ce_name);
  add (design, link);

  gw->vnet = g_strdup (hub);
  gw->type = VNL_GATEWAY_EXPRESSROUTE;
  gw->asn = HUB_ASN;
  g_array_append_val (gw->instances, instance);
  add (design, gw);
  conn->gateway = g_strdup (gw_name);
  conn->circuit = g_strdup (circuit_name);
  add (design, conn);
}

VnlDesign *
vnl_generate_vwan_design (guint     n_hubs,
                          guint     n_connections,
                          GError  **error)
{
  g_autoptr(VnlDesign) design = vnl_design_new ();
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autofree char *title = NULL;
  guint n_all;
  const VnlRegion *all = vnl_regions_all (&n_all);
  VnlLocation *location;
  VnlVirtualWan *wan;

  for (guint i = 0; i < n_all; i++)
    if (all[i].kind == VNL_LOCATION_AZURE_REGION)
      g_ptr_array_add (regions, (gpointer) &all[i]);
  if (n_hubs < 1 || n_hubs > MIN (regions->len, 200) || n_connections > VNL_GENERATE_MAX_VNETS)
    {
      g_set_error (error, VNL_GENERATE_ERROR, VNL_GENERATE_ERROR_INVALID_OPTIONS,
                   _("a Virtual WAN needs 1 to %u hubs (one per Azure region) and at most %u connections"),
                   MIN (regions->len, 200), VNL_GENERATE_MAX_VNETS);
      return NULL;
    }

  title = g_strdup_printf ("Synthetic Virtual WAN: %u hubs, %u VNet connections", n_hubs, n_connections);
  vnl_design_set_title (design, title);

  for (guint h = 0; h < n_hubs; h++)
    {
      const VnlRegion *r = regions->pdata[h];

      location = vnl_object_new (VNL_KIND_LOCATION, r->name);
      location->location_kind = VNL_LOCATION_AZURE_REGION;
      location->display_name = g_strdup (r->display_name);
      add (design, location);
      /* "latencies via the region table between hubs". */
      for (guint g = 0; g < h; g++)
        vnl_design_add_latency (design, ((VnlRegion *) regions->pdata[g])->name, r->name,
                                MAX (vnl_region_latency_ms (((VnlRegion *) regions->pdata[g])->name, r->name), 0.1));
    }
  location = vnl_object_new (VNL_KIND_LOCATION, "on-premises");
  location->location_kind = VNL_LOCATION_ON_PREMISES;
  add (design, location);
  location = vnl_object_new (VNL_KIND_LOCATION, "peering");
  location->location_kind = VNL_LOCATION_PEERING_LOCATION;
  add (design, location);

  wan = vnl_object_new (VNL_KIND_VIRTUAL_WAN, "wan");
  add (design, wan);

  for (guint h = 0; h < n_hubs; h++)
    {
      g_autofree char *name = g_strdup_printf ("hub-%u", h);
      VnlVirtualHub *hub = vnl_object_new (VNL_KIND_VIRTUAL_HUB, name);

      hub->wan = g_strdup ("wan");
      hub->location = g_strdup (((VnlRegion *) regions->pdata[h])->name);
      hub->address_prefix = prefix_of ((10u << 24) | (240u << 16) | (h << 8), 24);
      add (design, hub);
      add_branch (design, h, name);
      if (h % 5 == 0)
        add_datacentre (design, h, name);
    }

  for (guint i = 0; i < n_connections; i++)
    {
      g_autofree char *vnet_name = g_strdup_printf ("spoke-%u", i);
      g_autofree char *vm_name = g_strdup_printf ("spoke-%u-vm", i);
      g_autofree char *conn_name = g_strdup_printf ("spoke-%u-conn", i);
      VnlVnet *vnet = vnl_object_new (VNL_KIND_VNET, vnet_name);
      VnlEndpoint *vm = vnl_object_new (VNL_KIND_ENDPOINT, vm_name);
      VnlHubConnection *conn = vnl_object_new (VNL_KIND_HUB_CONNECTION, conn_name);
      VnlSubnet *subnet = g_new0 (VnlSubnet, 1);
      VnlPrefix space = prefix_of ((10u << 24) | (i << 8), 24);
      guint h = i % n_hubs;

      vnet->location = g_strdup (((VnlRegion *) regions->pdata[h])->name);
      g_array_append_val (vnet->address_spaces, space);
      subnet->name = g_strdup ("default");
      subnet->prefix = space;
      g_ptr_array_add (vnet->subnets, subnet);
      add (design, vnet);
      vm->owner = g_strdup (vnet_name);
      vm->address = space.addr | 4;
      add (design, vm);
      conn->vnet = g_strdup (vnet_name);
      conn->hub = g_strdup_printf ("hub-%u", h);
      add (design, conn);
    }

  return g_steal_pointer (&design);
}
