/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-arm"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vnl-arm-export.h"
#include "vnl-firewall.h"
#include "vnl-kinds.h"
#include "vnl-nsg.h"
#include "vnl-prefix.h"

/*
 * A design's Azure part as a deployable ARM template.
 *
 * Each Azure object becomes the resource the importer reads back
 * (vnl-import.c): VNets with their subnets inline, each peering as its two
 * directions ("vnet/peering" top level), gateways with a public IP each
 * (VPN) placed in their VNet's GatewaySubnet, local network gateways,
 * circuits with their private peering (the two /30s) and Global Reach
 * inline, connections, a network interface per endpoint in a VNet,
 * network security groups with their own rules, associated through each
 * subnet's and NIC's networkSecurityGroup.id, appliances as NICs with IP
 * forwarding (an internal load balancer per shared frontend), Azure
 * Firewalls, private endpoints, route tables with their routes
 * inline, associated through each subnet's routeTable.id, and route
 * servers as virtualHubs without a virtualWan, with their
 * ipConfigurations and bgpConnections.
 * Secrets are parameters without a default value, never their values; a
 * Global Reach /29 and the service a private endpoint connects to, which
 * the design does not hold, are parameters too.
 *
 * What Azure does not hold travels in `metadata.vnetlab`, which Azure
 * ignores on deployment: whether an appliance is stateful, locations,
 * sites, CE routers and their policies, internal hops and hosts, the fields of Azure objects Azure has no
 * property for (a local network gateway's on-premises location and CE, a
 * link's CE, an ExpressRoute gateway's instance addresses), positions,
 * what is down, the latencies. The importer applies it after reading the
 * resources.
 */

#define API_VERSION "2023-09-01"

static VnlVirtualHub *hub_named (VnlDesign *design, const char *name);
static VnlVirtualHub *gateway_hub (VnlDesign *design, const char *gateway_name);
static VnlVirtualHub *lng_site_hub (VnlDesign *design, VnlLng *lng);
static const char *hub_region (VnlDesign *design, VnlVirtualHub *hub);

static char *
resource_id (const char *type,
             const char *name,
             const char *child)
{
  if (child != NULL)
    return g_strdup_printf ("[resourceId('Microsoft.Network/%s', '%s', '%s')]", type, name, child);
  return g_strdup_printf ("[resourceId('Microsoft.Network/%s', '%s')]", type, name);
}

static void
member_id (JsonBuilder *b,
           const char  *member,
           const char  *type,
           const char  *name,
           const char  *child)
{
  g_autofree char *id = resource_id (type, name, child);

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
}

static void
prefixes (JsonBuilder *b,
          const char  *member,
          const char  *inner,
          GArray      *list)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, inner);
  json_builder_begin_array (b);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_autofree char *text = vnl_prefix_to_string (&g_array_index (list, VnlPrefix, i));
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
ip_member (JsonBuilder *b,
           const char  *member,
           guint32      address)
{
  g_autofree char *text = vnl_ip_to_string (address);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

/* Opens a resource and its properties. */
static void
begin_resource (JsonBuilder *b,
                const char  *type,
                const char  *name,
                const char  *location)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "apiVersion");
  json_builder_add_string_value (b, API_VERSION);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  if (location != NULL)
    {
      json_builder_set_member_name (b, "location");
      json_builder_add_string_value (b, location);
    }
}

static void
end_resource (JsonBuilder *b)
{
  json_builder_end_object (b);
}

/* Where an Azure resource of the design sits: its VNet's region, else the
 * first VNet's, else the resource group's at deployment. */
static const char *
region_of (VnlDesign  *design,
           const char *vnet_name)
{
  VnlVnet *vnet = vnet_name != NULL ? vnl_design_lookup_kind (design, vnet_name, VNL_KIND_VNET) : NULL;
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);

  if (vnet != NULL && vnet->location != NULL)
    return vnet->location;
  for (guint i = 0; i < vnets->len; i++)
    if (((VnlVnet *) vnets->pdata[i])->location != NULL)
      return ((VnlVnet *) vnets->pdata[i])->location;
  return "[resourceGroup().location]";
}

/* The route table associated with subnet @subnet of @vnet: the first
 * that names it (validation reports a second). */
static VnlUdrTable *
route_table_of (VnlDesign  *design,
                const char *vnet,
                const char *subnet)
{
  GPtrArray *tables = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);

  for (guint i = 0; i < tables->len; i++)
    {
      VnlUdrTable *table = tables->pdata[i];
      for (guint j = 0; j < table->subnets->len; j++)
        {
          VnlUdrSubnet *assoc = table->subnets->pdata[j];
          if (g_strcmp0 (assoc->vnet, vnet) == 0 && g_strcmp0 (assoc->subnet, subnet) == 0)
            return table;
        }
    }
  return NULL;
}

/* The network security group associated with subnet @subnet of @vnet, or
 * with the NIC of endpoint @endpoint: the first that names it (a subnet or
 * NIC has at most one, vnl-design.h). */
static VnlNsg *
nsg_of (VnlDesign  *design,
        const char *vnet,
        const char *subnet,
        const char *endpoint)
{
  GPtrArray *groups = vnl_design_get_objects (design, VNL_KIND_NSG);

  for (guint i = 0; i < groups->len; i++)
    {
      VnlNsg *nsg = groups->pdata[i];

      for (guint j = 0; endpoint == NULL && j < nsg->subnets->len; j++)
        {
          VnlUdrSubnet *assoc = nsg->subnets->pdata[j];
          if (g_strcmp0 (assoc->vnet, vnet) == 0 && g_strcmp0 (assoc->subnet, subnet) == 0)
            return nsg;
        }
      for (guint j = 0; endpoint != NULL && j < nsg->nics->len; j++)
        if (g_strcmp0 (((VnlNsgNic *) nsg->nics->pdata[j])->endpoint, endpoint) == 0)
          return nsg;
    }
  return NULL;
}

/* The name of the subnet of @vnet holding @address (the last, so the
 * longest of nested ones), else its first subnet's, else "default". */
static const char *
subnet_holding (VnlVnet *vnet,
                guint32  address)
{
  const char *subnet = vnet->subnets->len > 0 ? ((VnlSubnet *) vnet->subnets->pdata[0])->name : "default";

  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *s = vnet->subnets->pdata[i];
      if (vnl_prefix_contains_ip (&s->prefix, address))
        subnet = s->name;
    }
  return subnet;
}

static void
add_depend (GPtrArray  *depends,
            const char *type,
            const char *name)
{
  char *dep = resource_id (type, name, NULL);

  if (!g_ptr_array_find_with_equal_func (depends, dep, g_str_equal, NULL))
    g_ptr_array_add (depends, dep);
  else
    g_free (dep);
}

static void
depends_on (JsonBuilder *b,
            GPtrArray   *depends)
{
  if (depends->len == 0)
    return;
  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  for (guint i = 0; i < depends->len; i++)
    json_builder_add_string_value (b, depends->pdata[i]);
  json_builder_end_array (b);
}

/* A comma-separated list as the member @side @singular ("source"
 * "AddressPrefix") when it has one item, else as the array @side @plural. */
static void
one_or_many (JsonBuilder *b,
             const char  *side,
             const char  *singular,
             const char  *plural,
             const char  *text)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  g_autofree char *member = g_strconcat (side, g_strv_length (items) > 1 ? plural : singular, NULL);

  json_builder_set_member_name (b, member);
  if (g_strv_length (items) <= 1)
    {
      json_builder_add_string_value (b, text);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; items[i] != NULL; i++)
    json_builder_add_string_value (b, items[i]);
  json_builder_end_array (b);
}

/* A rule's addresses: one is `…AddressPrefix`, more `…AddressPrefixes`;
 * ports likewise (resource format:
 * learn.microsoft.com/azure/templates/microsoft.network/networksecuritygroups). */
static void
rule_side (JsonBuilder *b,
           const char  *side,
           GArray      *addrs,
           GArray      *ports)
{
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  g_autoptr(GPtrArray) asgs = g_ptr_array_new ();
  g_autofree char *port_text = vnl_nsg_ports_to_string (ports);

  /* Application security groups are `…ApplicationSecurityGroups` IDs. */
  for (guint i = 0; addrs != NULL && i < addrs->len; i++)
    {
      const VnlNsgAddr *a = &g_array_index (addrs, VnlNsgAddr, i);
      if (a->kind == VNL_NSG_ADDR_ASG)
        g_ptr_array_add (asgs, (gpointer) a->asg);
      else
        g_array_append_val (plain, *a);
    }
  if (plain->len > 0)
    {
      g_autofree char *addr_text = vnl_nsg_addrs_to_string (plain);
      one_or_many (b, side, "AddressPrefix", "AddressPrefixes", addr_text);
    }
  if (asgs->len > 0)
    {
      g_autofree char *member = g_strconcat (side, "ApplicationSecurityGroups", NULL);

      json_builder_set_member_name (b, member);
      json_builder_begin_array (b);
      for (guint i = 0; i < asgs->len; i++)
        {
          g_autofree char *id = resource_id ("applicationSecurityGroups", asgs->pdata[i], NULL);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, id);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  one_or_many (b, side, "PortRange", "PortRanges", port_text);
}

/* Adds the name of each application security group @addrs names to @names. */
static void
add_asg_names (GHashTable *names,
               GPtrArray  *order,
               GArray     *addrs)
{
  for (guint i = 0; addrs != NULL && i < addrs->len; i++)
    {
      const VnlNsgAddr *a = &g_array_index (addrs, VnlNsgAddr, i);
      if (a->kind == VNL_NSG_ADDR_ASG && g_hash_table_add (names, (gpointer) a->asg))
        g_ptr_array_add (order, (gpointer) a->asg);
    }
}

/* The application security groups (Microsoft.Network/
 * applicationSecurityGroups) the endpoints' NICs and the rules name, each
 * once, in the region of the design's first VNet: a group holds no
 * properties of its own, its members are the NICs naming it. */
static void
export_asgs (JsonBuilder *b,
             VnlDesign   *design)
{
  g_autoptr(GHashTable) names = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  GPtrArray *nsgs = vnl_design_get_objects (design, VNL_KIND_NSG);

  for (guint i = 0; i < endpoints->len; i++)
    {
      VnlEndpoint *ep = endpoints->pdata[i];
      g_auto(GStrv) parts = g_strsplit (ep->asgs != NULL ? ep->asgs : "", ",", -1);

      for (guint p = 0; parts[p] != NULL; p++)
        {
          const char *name = g_intern_string (g_strstrip (parts[p]));
          if (*name != '\0' && g_hash_table_add (names, (gpointer) name))
            g_ptr_array_add (order, (gpointer) name);
        }
    }
  for (guint i = 0; i < nsgs->len; i++)
    {
      VnlNsg *nsg = nsgs->pdata[i];
      for (guint r = 0; r < nsg->rules->len; r++)
        {
          VnlNsgRule *rule = nsg->rules->pdata[r];
          add_asg_names (names, order, rule->sources);
          add_asg_names (names, order, rule->destinations);
        }
    }
  for (guint i = 0; i < order->len; i++)
    {
      begin_resource (b, "Microsoft.Network/applicationSecurityGroups", order->pdata[i], region_of (design, NULL));
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_end_object (b);
      end_resource (b);
    }
}

/* A network security group (Microsoft.Network/networkSecurityGroups): its
 * own rules inline (Azure adds the default rules); the associations are
 * the subnets' and NICs' networkSecurityGroup.id. Its region is that of
 * its first subnet's or NIC's VNet: "the network security group and the
 * virtual network must be in the same region" (network-security-groups-
 * overview.md). */
static void
export_nsg (JsonBuilder *b,
            VnlDesign   *design,
            VnlNsg      *nsg)
{
  const char *vnet = NULL;

  if (nsg->subnets->len > 0)
    vnet = ((VnlUdrSubnet *) nsg->subnets->pdata[0])->vnet;
  else if (nsg->nics->len > 0)
    {
      VnlEndpoint *ep = vnl_design_lookup_kind (design, ((VnlNsgNic *) nsg->nics->pdata[0])->endpoint,
                                                VNL_KIND_ENDPOINT);
      vnet = ep != NULL ? ep->owner : NULL;
    }
  begin_resource (b, "Microsoft.Network/networkSecurityGroups", nsg->parent.name, region_of (design, vnet));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "securityRules");
  json_builder_begin_array (b);
  for (guint i = 0; i < nsg->rules->len; i++)
    {
      VnlNsgRule *rule = nsg->rules->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, rule->name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "priority");
      json_builder_add_int_value (b, rule->priority);
      json_builder_set_member_name (b, "direction");
      json_builder_add_string_value (b, vnl_nsg_direction_to_string (rule->direction));
      json_builder_set_member_name (b, "access");
      json_builder_add_string_value (b, rule->allow ? "Allow" : "Deny");
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, vnl_protocol_to_string (rule->protocol));
      rule_side (b, "source", rule->sources, rule->source_ports);
      rule_side (b, "destination", rule->destinations, rule->destination_ports);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  end_resource (b);
}

/* A route table (Microsoft.Network/routeTables): its routes inline; the
 * association is the subnet's routeTable.id (export_vnet), Azure's
 * authoritative link, the table's subnets[] being read-only (resource
 * format: learn.microsoft.com/azure/templates/microsoft.network/routetables).
 * Its region is its first subnet's VNet's: "You can only associate a route
 * table to subnets in virtual networks that exist in the same Azure
 * location and subscription as the route table" (Azure docs, the Ansible
 * route table tutorial). */
static void
export_route_table (JsonBuilder *b,
                    VnlDesign   *design,
                    VnlUdrTable *table)
{
  const char *vnet = table->subnets->len > 0 ? ((VnlUdrSubnet *) table->subnets->pdata[0])->vnet : NULL;

  begin_resource (b, "Microsoft.Network/routeTables", table->parent.name, region_of (design, vnet));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "disableBgpRoutePropagation");
  json_builder_add_boolean_value (b, !table->propagate_gateway_routes);
  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint i = 0; i < table->routes->len; i++)
    {
      VnlUdr *udr = table->routes->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&udr->prefix);
      g_autofree char *name = udr->name != NULL && udr->name[0] != '\0' ? g_strdup (udr->name)
                                                                         : g_strdup_printf ("route%u", i + 1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "addressPrefix");
      json_builder_add_string_value (b, prefix);
      json_builder_set_member_name (b, "nextHopType");
      json_builder_add_string_value (b, _vnl_udr_next_hop_names[udr->next_hop]);
      if (udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE)
        ip_member (b, "nextHopIpAddress", udr->next_hop_ip);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  end_resource (b);
}

static void
export_vnet (JsonBuilder *b,
             VnlDesign   *design,
             VnlVnet     *vnet)
{
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/virtualNetworks", vnet->parent.name, region_of (design, vnet->parent.name));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  prefixes (b, "addressSpace", "addressPrefixes", vnet->address_spaces);
  json_builder_set_member_name (b, "subnets");
  json_builder_begin_array (b);
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *s = vnet->subnets->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&s->prefix);
      VnlUdrTable *table = route_table_of (design, vnet->parent.name, s->name);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "addressPrefix");
      json_builder_add_string_value (b, prefix);
      VnlNsg *nsg = nsg_of (design, vnet->parent.name, s->name, NULL);
      if (table != NULL)
        {
          member_id (b, "routeTable", "routeTables", table->parent.name, NULL);
          add_depend (depends, "routeTables", table->parent.name);
        }
      if (nsg != NULL)
        {
          member_id (b, "networkSecurityGroup", "networkSecurityGroups", nsg->parent.name, NULL);
          add_depend (depends, "networkSecurityGroups", nsg->parent.name);
        }
      if (s->pe_route_policies)
        {
          /* Route table policies for private endpoints on. */
          json_builder_set_member_name (b, "privateEndpointNetworkPolicies");
          json_builder_add_string_value (b, "RouteTableEnabled");
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  depends_on (b, depends);
  end_resource (b);
}

static void
export_peering_side (JsonBuilder *b,
                     VnlPeering  *peering,
                     guint        side)
{
  const char *local = side == 0 ? peering->vnet_a : peering->vnet_b;
  const char *remote = side == 0 ? peering->vnet_b : peering->vnet_a;
  g_autofree char *name = side == 0 ? g_strdup_printf ("%s/%s", local, peering->parent.name)
                                    : g_strdup_printf ("%s/%s-reverse", local, peering->parent.name);
  g_autofree char *depends_local = resource_id ("virtualNetworks", local, NULL);
  g_autofree char *depends_remote = resource_id ("virtualNetworks", remote, NULL);
  const VnlPeeringSide *s = &peering->side[side];

  begin_resource (b, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", name, NULL);
  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, depends_local);
  json_builder_add_string_value (b, depends_remote);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "remoteVirtualNetwork", "virtualNetworks", remote, NULL);
  json_builder_set_member_name (b, "allowVirtualNetworkAccess");
  json_builder_add_boolean_value (b, s->allow_virtual_network_access);
  json_builder_set_member_name (b, "allowForwardedTraffic");
  json_builder_add_boolean_value (b, s->allow_forwarded_traffic);
  json_builder_set_member_name (b, "allowGatewayTransit");
  json_builder_add_boolean_value (b, s->allow_gateway_transit);
  json_builder_set_member_name (b, "useRemoteGateways");
  json_builder_add_boolean_value (b, s->use_remote_gateways);
  json_builder_end_object (b);
  end_resource (b);
}

/* A Standard static public IP; @address (0: none) is read-only in Azure,
 * which assigns it: kept for the import. */
static void
export_public_ip (JsonBuilder *b,
                  const char  *name,
                  const char  *region,
                  guint32      address)
{
  begin_resource (b, "Microsoft.Network/publicIPAddresses", name, region);
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Standard");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "publicIPAllocationMethod");
  json_builder_add_string_value (b, "Static");
  if (address != 0)
    ip_member (b, "ipAddress", address);
  json_builder_end_object (b);
  end_resource (b);
}

/* A gateway's bgpSettings: its ASN and, for a VPN gateway (@ipconfig
 * its IP configuration's ID, NULL for ExpressRoute), its BGP address and
 * one entry per instance, whose default BGP address is its address in
 * the gateway's subnet (a hub's: in the hub's range). The importer's
 * read_vpn_bgp() reads it back. */
static void
bgp_settings (JsonBuilder *b,
              VnlGateway  *gw,
              const char  *ipconfig)
{
  json_builder_set_member_name (b, "bgpSettings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "asn");
  json_builder_add_int_value (b, gw->asn);
  if (ipconfig != NULL && gw->bgp_address != 0)
    ip_member (b, "bgpPeeringAddress", gw->bgp_address);
  if (ipconfig != NULL)
    {
      json_builder_set_member_name (b, "bgpPeeringAddresses");
      json_builder_begin_array (b);
      for (guint i = 0; i < gw->instances->len; i++)
        {
          g_autofree char *addr = vnl_ip_to_string (g_array_index (gw->instances, guint32, i));
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ipconfigurationId");
          json_builder_add_string_value (b, ipconfig);
          json_builder_set_member_name (b, "defaultBgpIpAddresses");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, addr);
          json_builder_end_array (b);
          /* Its custom APIPA BGP address, when it has one. */
          if (vnl_gateway_get_instance_apipa (gw, i) != 0)
            {
              g_autofree char *apipa = vnl_ip_to_string (vnl_gateway_get_instance_apipa (gw, i));
              json_builder_set_member_name (b, "customBgpIpAddresses");
              json_builder_begin_array (b);
              json_builder_add_string_value (b, apipa);
              json_builder_end_array (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
export_gateway (JsonBuilder *b,
                VnlDesign   *design,
                VnlGateway  *gw)
{
  gboolean vpn = gw->type == VNL_GATEWAY_VPN;
  g_autofree char *pip = g_strdup_printf ("%s-pip", gw->parent.name);
  g_autofree char *ipconfig = resource_id ("virtualNetworkGateways/ipConfigurations", gw->parent.name, "default");
  const char *region = region_of (design, gw->vnet);

  /* A hub's: vpnGateways or expressRouteGateways (export_vwan()). */
  if (hub_named (design, gw->vnet) != NULL)
    return;
  if (vpn)
    export_public_ip (b, pip, region, gw->public_address);

  begin_resource (b, "Microsoft.Network/virtualNetworkGateways", gw->parent.name, region);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gatewayType");
  json_builder_add_string_value (b, vpn ? "Vpn" : "ExpressRoute");
  if (vpn)
    {
      json_builder_set_member_name (b, "vpnType");
      json_builder_add_string_value (b, "RouteBased");
      json_builder_set_member_name (b, "activeActive");
      json_builder_add_boolean_value (b, gw->active_active);
      json_builder_set_member_name (b, "enableBgp");
      json_builder_add_boolean_value (b, gw->bgp_address != 0);
    }
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, gw->sku != NULL ? gw->sku : vpn ? "VpnGw1" : "Standard");
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, gw->sku != NULL ? gw->sku : vpn ? "VpnGw1" : "Standard");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "ipConfigurations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "default");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "subnet", "virtualNetworks/subnets", gw->vnet, "GatewaySubnet");
  if (vpn)
    member_id (b, "publicIPAddress", "publicIPAddresses", pip, NULL);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);

  bgp_settings (b, gw, vpn ? ipconfig : NULL);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  g_autofree char *dep_vnet = resource_id ("virtualNetworks", gw->vnet, NULL);
  json_builder_add_string_value (b, dep_vnet);
  if (vpn)
    {
      g_autofree char *dep_pip = resource_id ("publicIPAddresses", pip, NULL);
      json_builder_add_string_value (b, dep_pip);
    }
  json_builder_end_array (b);
  end_resource (b);
}

static void
export_lng (JsonBuilder *b,
            VnlDesign   *design,
            VnlLng      *lng)
{
  /* A hub's branch: a VPN site (export_vwan()). */
  if (lng_site_hub (design, lng) != NULL)
    return;
  begin_resource (b, "Microsoft.Network/localNetworkGateways", lng->parent.name, region_of (design, NULL));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  ip_member (b, "gatewayIpAddress", lng->public_address);
  prefixes (b, "localNetworkAddressSpace", "addressPrefixes", lng->prefixes);
  if (lng->asn != 0)
    {
      json_builder_set_member_name (b, "bgpSettings");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "asn");
      json_builder_add_int_value (b, lng->asn);
      ip_member (b, "bgpPeeringAddress", lng->bgp_address);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  end_resource (b);
}

static void
export_circuit (JsonBuilder *b,
                VnlDesign   *design,
                VnlCircuit  *circuit)
{
  GPtrArray *reach = vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH);
  VnlLocation *pl = circuit->peering_location != NULL
                    ? vnl_design_lookup_kind (design, circuit->peering_location, VNL_KIND_LOCATION) : NULL;

  begin_resource (b, "Microsoft.Network/expressRouteCircuits", circuit->parent.name, region_of (design, NULL));
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? "Premium_MeteredData" : "Standard_MeteredData");
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? "Premium" : "Standard");
  json_builder_set_member_name (b, "family");
  json_builder_add_string_value (b, "MeteredData");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "serviceProviderProperties");
  json_builder_begin_object (b);
  if (circuit->provider != NULL)
    {
      json_builder_set_member_name (b, "serviceProviderName");
      json_builder_add_string_value (b, circuit->provider);
    }
  if (pl != NULL)
    {
      json_builder_set_member_name (b, "peeringLocation");
      json_builder_add_string_value (b, pl->parent.name);
    }
  json_builder_set_member_name (b, "bandwidthInMbps");
  json_builder_add_int_value (b, circuit->bandwidth_mbps);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "peerings");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "AzurePrivatePeering");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "peeringType");
  json_builder_add_string_value (b, "AzurePrivatePeering");
  json_builder_set_member_name (b, "azureASN");
  json_builder_add_int_value (b, circuit->microsoft_asn);
  json_builder_set_member_name (b, "peerASN");
  json_builder_add_int_value (b, circuit->peer_asn);
  json_builder_set_member_name (b, "vlanId");
  json_builder_add_int_value (b, circuit->vlan);
  for (guint slot = 0; slot < 2; slot++)
    {
      VnlLink *link = circuit->links[slot] != NULL
                      ? vnl_design_lookup_kind (design, circuit->links[slot], VNL_KIND_LINK) : NULL;
      g_autofree char *subnet = link != NULL ? vnl_prefix_to_string (&link->subnet) : NULL;

      if (subnet == NULL)
        continue;
      json_builder_set_member_name (b, slot == 0 ? "primaryPeerAddressPrefix" : "secondaryPeerAddressPrefix");
      json_builder_add_string_value (b, subnet);
    }
  /* Global Reach, on the first circuit of each pair. */
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint i = 0; i < reach->len; i++)
    {
      VnlGlobalReach *gr = reach->pdata[i];
      g_autofree char *prefix = NULL;

      if (g_strcmp0 (gr->circuit_a, circuit->parent.name) != 0)
        continue;
      prefix = g_strdup_printf ("[parameters('%s-addressPrefix')]", gr->parent.name);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, gr->parent.name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      member_id (b, "expressRouteCircuitPeering", "expressRouteCircuits/peerings", gr->circuit_a, "AzurePrivatePeering");
      member_id (b, "peerExpressRouteCircuitPeering", "expressRouteCircuits/peerings", gr->circuit_b,
                 "AzurePrivatePeering");
      json_builder_set_member_name (b, "addressPrefix");
      json_builder_add_string_value (b, prefix);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  end_resource (b);
}

/* A connection resource; @second (NULL for one) and @kind_member name the
 * other end. */
static void
export_connection (JsonBuilder *b,
                   VnlDesign   *design,
                   const char  *name,
                   const char  *type,
                   const char  *gateway,
                   const char  *other_member,
                   const char  *other_type,
                   const char  *other,
                   const char  *key_parameter)
{
  VnlGateway *gw = vnl_design_lookup_kind (design, gateway, VNL_KIND_GATEWAY);

  begin_resource (b, "Microsoft.Network/connections", name, region_of (design, gw != NULL ? gw->vnet : NULL));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "connectionType");
  json_builder_add_string_value (b, type);
  member_id (b, "virtualNetworkGateway1", "virtualNetworkGateways", gateway, NULL);
  member_id (b, other_member, other_type, other, NULL);
  if (key_parameter != NULL)
    {
      g_autofree char *key = g_strdup_printf ("[parameters('%s')]", key_parameter);
      json_builder_set_member_name (b, "sharedKey");
      json_builder_add_string_value (b, key);
    }
}

static void
end_connection (JsonBuilder *b,
                const char  *gateway,
                const char  *other_type,
                const char  *other)
{
  g_autofree char *dep_gw = resource_id ("virtualNetworkGateways", gateway, NULL);
  g_autofree char *dep_other = resource_id (other_type, other, NULL);

  json_builder_end_object (b);
  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, dep_gw);
  json_builder_add_string_value (b, dep_other);
  json_builder_end_array (b);
  end_resource (b);
}

static void
export_connections (JsonBuilder *b,
                    VnlDesign   *design)
{
  GPtrArray *er = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  GPtrArray *v2v = vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION);

  for (guint i = 0; i < er->len; i++)
    {
      VnlErConnection *c = er->pdata[i];

      /* A hub gateway's connections are its own (export_vwan()). */
      if (gateway_hub (design, c->gateway) != NULL)
        continue;
      export_connection (b, design, c->parent.name, "ExpressRoute", c->gateway, "peer", "expressRouteCircuits",
                         c->circuit, NULL);
      json_builder_set_member_name (b, "routingWeight");
      json_builder_add_int_value (b, c->routing_weight);
      end_connection (b, c->gateway, "expressRouteCircuits", c->circuit);
    }
  for (guint i = 0; i < s2s->len; i++)
    {
      VnlS2sConnection *c = s2s->pdata[i];
      g_autofree char *param = g_strdup_printf ("%s-sharedKey", c->parent.name);

      if (gateway_hub (design, c->gateway) != NULL)
        continue;
      export_connection (b, design, c->parent.name, "IPsec", c->gateway, "localNetworkGateway2",
                         "localNetworkGateways", c->lng, param);
      json_builder_set_member_name (b, "enableBgp");
      json_builder_add_boolean_value (b, c->bgp);
      json_builder_set_member_name (b, "connectionProtocol");
      json_builder_add_string_value (b, c->ike_version == 1 ? "IKEv1" : "IKEv2");
      end_connection (b, c->gateway, "localNetworkGateways", c->lng);
    }
  /* Azure holds a VNet-to-VNet connection as one resource per direction,
   * with the same key. */
  for (guint i = 0; i < v2v->len; i++)
    {
      VnlV2vConnection *c = v2v->pdata[i];
      g_autofree char *param = g_strdup_printf ("%s-sharedKey", c->parent.name);
      g_autofree char *reverse = g_strdup_printf ("%s-reverse", c->parent.name);

      for (guint d = 0; d < 2; d++)
        {
          const char *from = d == 0 ? c->gateway_a : c->gateway_b;
          const char *to = d == 0 ? c->gateway_b : c->gateway_a;

          export_connection (b, design, d == 0 ? c->parent.name : reverse, "Vnet2Vnet", from,
                             "virtualNetworkGateway2", "virtualNetworkGateways", to, param);
          json_builder_set_member_name (b, "enableBgp");
          json_builder_add_boolean_value (b, c->bgp);
          end_connection (b, from, "virtualNetworkGateways", to);
        }
    }
}

/* A load balancer's name for the appliances sharing @frontend. */
static char *
lb_name (guint32 frontend)
{
  g_autofree char *ip = vnl_ip_to_string (frontend);

  g_strdelimit (ip, ".", '-');
  return g_strdup_printf ("ilb-%s", ip);
}

/* A network interface in the subnet of @vnet holding @address: an
 * endpoint's (with its NIC's network security group), or one of an
 * appliance's (@vm: IP forwarding on, `virtualMachine.id` naming the
 * appliance — read-only in Azure, which ignores it on deployment, and how
 * the import makes one appliance of a VM's NICs — and the backend pool of
 * the load balancer of its frontend, @lb). */
static void
export_nic (JsonBuilder *b,
            VnlDesign   *design,
            const char  *name,
            VnlVnet     *vnet,
            guint32      address,
            const char  *vm,
            const char  *lb)
{
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);
  VnlNsg *nsg = vm == NULL ? nsg_of (design, NULL, NULL, name) : NULL;
  VnlEndpoint *ep = vm == NULL ? vnl_design_lookup_kind (design, name, VNL_KIND_ENDPOINT) : NULL;

  begin_resource (b, "Microsoft.Network/networkInterfaces", name, region_of (design, vnet->parent.name));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  if (vm != NULL)
    {
      g_autofree char *vm_id = g_strdup_printf ("[resourceId('Microsoft.Compute/virtualMachines', '%s')]", vm);

      json_builder_set_member_name (b, "enableIPForwarding");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "virtualMachine");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, vm_id);
      json_builder_end_object (b);
    }
  if (nsg != NULL)
    {
      member_id (b, "networkSecurityGroup", "networkSecurityGroups", nsg->parent.name, NULL);
      add_depend (depends, "networkSecurityGroups", nsg->parent.name);
    }
  json_builder_set_member_name (b, "ipConfigurations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "ipconfig1");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "privateIPAllocationMethod");
  json_builder_add_string_value (b, "Static");
  ip_member (b, "privateIPAddress", address);
  member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, subnet_holding (vnet, address));
  if (ep != NULL && ep->asgs != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (ep->asgs, ",", -1);

      json_builder_set_member_name (b, "applicationSecurityGroups");
      json_builder_begin_array (b);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *asg = g_strstrip (parts[i]);
          g_autofree char *id = resource_id ("applicationSecurityGroups", asg, NULL);

          if (*asg == '\0')
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, id);
          json_builder_end_object (b);
          add_depend (depends, "applicationSecurityGroups", asg);
        }
      json_builder_end_array (b);
    }
  if (lb != NULL)
    {
      json_builder_set_member_name (b, "loadBalancerBackendAddressPools");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      g_autofree char *pool = resource_id ("loadBalancers/backendAddressPools", lb, "appliances");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, pool);
      json_builder_end_object (b);
      json_builder_end_array (b);
      add_depend (depends, "loadBalancers", lb);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualNetworks", vnet->parent.name);
  depends_on (b, depends);
  end_resource (b);
}

/* An appliance: a NIC per address with IP forwarding on. */
static void
export_appliance (JsonBuilder  *b,
                  VnlDesign    *design,
                  VnlAppliance *appliance)
{
  VnlVnet *vnet = vnl_design_lookup_kind (design, appliance->vnet, VNL_KIND_VNET);
  g_autofree char *nic = g_strdup_printf ("%s-nic", appliance->parent.name);
  g_autofree char *nic2 = g_strdup_printf ("%s-nic2", appliance->parent.name);
  g_autofree char *lb = appliance->frontend != 0 ? lb_name (appliance->frontend) : NULL;

  if (vnet == NULL)
    return;
  export_nic (b, design, nic, vnet, appliance->address, appliance->parent.name, lb);
  if (appliance->address_2 != 0)
    export_nic (b, design, nic2, vnet, appliance->address_2, appliance->parent.name, lb);
}

/* The internal load balancer of each frontend the appliances share (an
 * HA pair behind HA ports, spec §1.3 B): its frontend in the subnet holding
 * it, one backend pool the appliances' NICs join, an HA-ports rule (all
 * protocols, port 0) and a TCP probe (port 22: an assumption; the design
 * does not say what the appliances answer on). */
static void
export_lbs (JsonBuilder *b,
            VnlDesign   *design)
{
  GPtrArray *appliances = vnl_design_get_objects (design, VNL_KIND_APPLIANCE);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *appliance = appliances->pdata[i];
      VnlVnet *vnet = vnl_design_lookup_kind (design, appliance->vnet, VNL_KIND_VNET);
      g_autofree char *name = NULL;
      g_autofree char *frontend_id = NULL;
      g_autofree char *pool_id = NULL;
      g_autofree char *probe_id = NULL;

      if (appliance->frontend == 0 || vnet == NULL)
        continue;
      name = lb_name (appliance->frontend);
      if (!g_hash_table_add (done, g_strdup (name)))
        continue;
      frontend_id = resource_id ("loadBalancers/frontendIPConfigurations", name, "frontend");
      pool_id = resource_id ("loadBalancers/backendAddressPools", name, "appliances");
      probe_id = resource_id ("loadBalancers/probes", name, "health");

      begin_resource (b, "Microsoft.Network/loadBalancers", name, region_of (design, vnet->parent.name));
      json_builder_set_member_name (b, "sku");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "Standard");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "frontendIPConfigurations");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "frontend");
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "privateIPAllocationMethod");
      json_builder_add_string_value (b, "Static");
      ip_member (b, "privateIPAddress", appliance->frontend);
      member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, subnet_holding (vnet, appliance->frontend));
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "backendAddressPools");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "appliances");
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "probes");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "health");
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, "Tcp");
      json_builder_set_member_name (b, "port");
      json_builder_add_int_value (b, 22);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "loadBalancingRules");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "ha-ports");
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "frontendIPConfiguration");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, frontend_id);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "backendAddressPool");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, pool_id);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "probe");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, probe_id);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, "All");
      json_builder_set_member_name (b, "frontendPort");
      json_builder_add_int_value (b, 0);
      json_builder_set_member_name (b, "backendPort");
      json_builder_add_int_value (b, 0);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "dependsOn");
      json_builder_begin_array (b);
      g_autofree char *dep = resource_id ("virtualNetworks", vnet->parent.name, NULL);
      json_builder_add_string_value (b, dep);
      json_builder_end_array (b);
      end_resource (b);
    }
}

/* A comma-separated list as a JSON array member. */
static void
string_array (JsonBuilder *b,
              const char  *member,
              const char  *text)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; items[i] != NULL; i++)
    json_builder_add_string_value (b, items[i]);
  json_builder_end_array (b);
}

/* The firewall's policy (Microsoft.Network/firewallPolicies, NAME-policy)
 * and its rule collection groups as child resources
 * (firewallPolicies/ruleCollectionGroups), each a filter collection of
 * network rules per collection (resource format:
 * learn.microsoft.com/azure/templates/microsoft.network/firewallpolicies/
 * rulecollectiongroups). Azure deploys the groups of one policy one at a
 * time, so each depends on the one before. Adds what the firewall must
 * depend on to @depends. */
static void
export_firewall_policy (JsonBuilder *b,
                        VnlFirewall *fw,
                        const char  *policy,
                        const char  *region,
                        GPtrArray   *depends)
{
  g_autofree char *policy_id = resource_id ("firewallPolicies", policy, NULL);
  g_autofree char *previous = NULL;

  begin_resource (b, "Microsoft.Network/firewallPolicies", policy, region);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, "Standard");
  json_builder_end_object (b);
  json_builder_end_object (b);
  end_resource (b);
  g_ptr_array_add (depends, g_strdup (policy_id));

  for (guint g = 0; g < fw->rule_groups->len; g++)
    {
      VnlFwGroup *group = fw->rule_groups->pdata[g];
      g_autofree char *name = g_strdup_printf ("%s/%s", policy, group->name);

      begin_resource (b, "Microsoft.Network/firewallPolicies/ruleCollectionGroups", name, NULL);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "priority");
      json_builder_add_int_value (b, group->priority);
      json_builder_set_member_name (b, "ruleCollections");
      json_builder_begin_array (b);
      for (guint c = 0; c < group->collections->len; c++)
        {
          VnlFwCollection *collection = group->collections->pdata[c];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ruleCollectionType");
          json_builder_add_string_value (b, "FirewallPolicyFilterRuleCollection");
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, collection->name);
          json_builder_set_member_name (b, "priority");
          json_builder_add_int_value (b, collection->priority);
          json_builder_set_member_name (b, "action");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, collection->allow ? "Allow" : "Deny");
          json_builder_end_object (b);
          json_builder_set_member_name (b, "rules");
          json_builder_begin_array (b);
          for (guint r = 0; r < collection->rules->len; r++)
            {
              VnlFwRule *rule = collection->rules->pdata[r];
              g_autofree char *protocols = vnl_fw_protocols_to_string (rule->protocols);
              g_autofree char *sources = vnl_nsg_addrs_to_string (rule->sources);
              g_autofree char *destinations = vnl_nsg_addrs_to_string (rule->destinations);
              g_autofree char *ports = vnl_nsg_ports_to_string (rule->destination_ports);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "ruleType");
              json_builder_add_string_value (b, "NetworkRule");
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, rule->name);
              string_array (b, "ipProtocols", protocols);
              string_array (b, "sourceAddresses", sources);
              string_array (b, "destinationAddresses", destinations);
              string_array (b, "destinationPorts", ports);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "dependsOn");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, previous != NULL ? previous : policy_id);
      json_builder_end_array (b);
      end_resource (b);
      g_free (previous);
      previous = resource_id ("firewallPolicies/ruleCollectionGroups", policy, group->name);
    }
  if (previous != NULL)
    g_ptr_array_add (depends, g_steal_pointer (&previous));
}

/* Azure Firewall (Microsoft.Network/azureFirewalls) in its VNet's subnet
 * holding its address (AzureFirewallSubnet), with a public IP; in
 * forced-tunnel mode a management IP configuration in
 * AzureFirewallManagementSubnet with a public IP of its own ("Forced
 * tunneling requires a Management NIC", forced-tunneling docs). Its
 * private address is read-only in Azure (it takes the first usable one of
 * the subnet): kept for the import. */
/* A secured hub's firewall: sku AZFW_Hub in the hub (virtualHub.id),
 * its addresses in hubIPAddresses (Azure assigns them: kept for the
 * import), one public address. */
static void
export_hub_firewall (JsonBuilder   *b,
                     VnlDesign     *design,
                     VnlFirewall   *fw,
                     VnlVirtualHub *hub,
                     const char    *policy)
{
  const char *region = hub_region (design, hub);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  if (fw->rule_groups->len > 0)
    export_firewall_policy (b, fw, policy, region, depends);
  begin_resource (b, "Microsoft.Network/azureFirewalls", fw->parent.name, region);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "AZFW_Hub");
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, "Standard");
  json_builder_end_object (b);
  if (fw->rule_groups->len > 0)
    member_id (b, "firewallPolicy", "firewallPolicies", policy, NULL);
  member_id (b, "virtualHub", "virtualHubs", hub->parent.name, NULL);
  json_builder_set_member_name (b, "hubIPAddresses");
  json_builder_begin_object (b);
  ip_member (b, "privateIPAddress", fw->address);
  json_builder_set_member_name (b, "publicIPs");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, 1);
  if (fw->public_address != 0)
    {
      json_builder_set_member_name (b, "addresses");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      ip_member (b, "address", fw->public_address);
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", hub->parent.name);
  depends_on (b, depends);
  end_resource (b);
}

static void
export_firewall (JsonBuilder *b,
                 VnlDesign   *design,
                 VnlFirewall *fw)
{
  VnlVnet *vnet = vnl_design_lookup_kind (design, fw->vnet, VNL_KIND_VNET);
  g_autofree char *pip = g_strdup_printf ("%s-pip", fw->parent.name);
  g_autofree char *mgmt_pip = g_strdup_printf ("%s-mgmt-pip", fw->parent.name);
  g_autofree char *policy = g_strdup_printf ("%s-policy", fw->parent.name);
  VnlVirtualHub *hub = hub_named (design, fw->vnet);
  const char *region;
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  if (hub != NULL)
    {
      export_hub_firewall (b, design, fw, hub, policy);
      return;
    }
  if (vnet == NULL)
    return;
  region = region_of (design, vnet->parent.name);
  export_public_ip (b, pip, region, fw->public_address);
  if (fw->management)
    export_public_ip (b, mgmt_pip, region, 0);
  /* No rules: no policy; Azure Firewall then denies everything, as the
   * design's firewall does. */
  if (fw->rule_groups->len > 0)
    export_firewall_policy (b, fw, policy, region, depends);

  begin_resource (b, "Microsoft.Network/azureFirewalls", fw->parent.name, region);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sku");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "AZFW_VNet");
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, "Standard");
  json_builder_end_object (b);
  if (fw->rule_groups->len > 0)
    member_id (b, "firewallPolicy", "firewallPolicies", policy, NULL);
  json_builder_set_member_name (b, "ipConfigurations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "ipconfig1");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  ip_member (b, "privateIPAddress", fw->address);
  member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, subnet_holding (vnet, fw->address));
  member_id (b, "publicIPAddress", "publicIPAddresses", pip, NULL);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  if (fw->management)
    {
      json_builder_set_member_name (b, "managementIpConfiguration");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "management");
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, "AzureFirewallManagementSubnet");
      member_id (b, "publicIPAddress", "publicIPAddresses", mgmt_pip, NULL);
      json_builder_end_object (b);
      json_builder_end_object (b);
      add_depend (depends, "publicIPAddresses", mgmt_pip);
    }
  json_builder_end_object (b);
  add_depend (depends, "virtualNetworks", vnet->parent.name);
  add_depend (depends, "publicIPAddresses", pip);
  depends_on (b, depends);
  end_resource (b);
}

/* A private endpoint (Microsoft.Network/privateEndpoints) in the subnet
 * holding its address, with that address as a static IP configuration.
 * Azure needs the service it connects to, which the design does not hold:
 * its resource ID and group ID are parameters without a value
 * (NAME-privateLinkServiceId, NAME-groupId), like secrets. */
static void
export_private_endpoint (JsonBuilder *b,
                         VnlDesign   *design,
                         VnlEndpoint *ep,
                         VnlVnet     *vnet)
{
  g_autofree char *service = g_strdup_printf ("[parameters('%s-privateLinkServiceId')]", ep->parent.name);
  g_autofree char *group = g_strdup_printf ("[parameters('%s-groupId')]", ep->parent.name);
  g_autofree char *dep = resource_id ("virtualNetworks", vnet->parent.name, NULL);

  begin_resource (b, "Microsoft.Network/privateEndpoints", ep->parent.name, region_of (design, vnet->parent.name));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, subnet_holding (vnet, ep->address));
  json_builder_set_member_name (b, "privateLinkServiceConnections");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, ep->parent.name);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "privateLinkServiceId");
  json_builder_add_string_value (b, service);
  json_builder_set_member_name (b, "groupIds");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, group);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ipConfigurations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "ipconfig1");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "groupId");
  json_builder_add_string_value (b, group);
  json_builder_set_member_name (b, "memberName");
  json_builder_add_string_value (b, group);
  ip_member (b, "privateIPAddress", ep->address);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, dep);
  json_builder_end_array (b);
  end_resource (b);
}

/* hubRoutingPreference, of a route server and of a Virtual WAN hub alike. */
static const char *const hub_preferences[] = {
  [VNL_HUB_PREF_EXPRESSROUTE] = "ExpressRoute",
  [VNL_HUB_PREF_VPN] = "VpnGateway",
  [VNL_HUB_PREF_AS_PATH] = "ASPath",
};

/* A route server (spec §1.3 C, the `route-server` quickstart): a
 * Microsoft.Network/virtualHubs with sku Standard and no virtualWan, its
 * ipConfigurations child in the VNet's RouteServerSubnet with a Standard
 * public IP (Azure requires one: the quickstart gives it one), and a
 * virtualHubs/bgpConnections child per peering. virtualRouterAsn (always
 * 65515) and virtualRouterIps are read-only in Azure: kept for the
 * import, the addresses only when the design sets them. */

static void
export_route_server (JsonBuilder    *b,
                     VnlDesign      *design,
                     VnlRouteServer *rs)
{
  VnlVnet *vnet = vnl_design_lookup_kind (design, rs->vnet, VNL_KIND_VNET);
  g_autofree char *pip = g_strdup_printf ("%s-pip", rs->parent.name);
  g_autofree char *config = g_strdup_printf ("%s/ipconfig1", rs->parent.name);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);
  const char *region;

  if (vnet == NULL)
    return;
  region = region_of (design, vnet->parent.name);
  export_public_ip (b, pip, region, 0);

  begin_resource (b, "Microsoft.Network/virtualHubs", rs->parent.name, region);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sku");
  json_builder_add_string_value (b, "Standard");
  json_builder_set_member_name (b, "allowBranchToBranchTraffic");
  json_builder_add_boolean_value (b, rs->branch_to_branch);
  json_builder_set_member_name (b, "hubRoutingPreference");
  json_builder_add_string_value (b, hub_preferences[rs->preference]);
  json_builder_set_member_name (b, "virtualRouterAsn");
  json_builder_add_int_value (b, 65515);
  if (rs->addresses[0] != 0 || rs->addresses[1] != 0)
    {
      json_builder_set_member_name (b, "virtualRouterIps");
      json_builder_begin_array (b);
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *text = vnl_ip_to_string (vnl_route_server_get_address (design, rs, i));
          json_builder_add_string_value (b, text);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  end_resource (b);

  begin_resource (b, "Microsoft.Network/virtualHubs/ipConfigurations", config, NULL);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "subnet", "virtualNetworks/subnets", vnet->parent.name, "RouteServerSubnet");
  member_id (b, "publicIPAddress", "publicIPAddresses", pip, NULL);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", rs->parent.name);
  add_depend (depends, "virtualNetworks", vnet->parent.name);
  add_depend (depends, "publicIPAddresses", pip);
  depends_on (b, depends);
  end_resource (b);
}

/* A route server peering: peerIp is required, so the appliance's first
 * NIC when the design leaves it to that default. Each connection waits
 * for the IP configuration and for the route server's @previous one
 * (NULL: none): vnetlab assumes, as the docs do not say, that Azure
 * updates a hub one child at a time and rejects concurrent changes. */
static void
export_rs_peering (JsonBuilder  *b,
                   VnlDesign    *design,
                   VnlRsPeering *peering,
                   VnlRsPeering *previous)
{
  VnlRouteServer *rs = vnl_design_lookup_kind (design, peering->route_server, VNL_KIND_ROUTE_SERVER);
  VnlAppliance *appliance = vnl_design_lookup_kind (design, peering->appliance, VNL_KIND_APPLIANCE);
  g_autofree char *name = NULL;
  g_autofree char *config = NULL;
  g_autofree char *dep = NULL;

  if (rs == NULL || appliance == NULL || vnl_design_lookup_kind (design, rs->vnet, VNL_KIND_VNET) == NULL)
    return;
  name = g_strdup_printf ("%s/%s", rs->parent.name, peering->parent.name);
  /* Azure takes one change of a hub at a time: after its IP configuration. */
  config = g_strdup_printf ("[resourceId('Microsoft.Network/virtualHubs/ipConfigurations', '%s', 'ipconfig1')]",
                            rs->parent.name);
  begin_resource (b, "Microsoft.Network/virtualHubs/bgpConnections", name, NULL);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "peerAsn");
  json_builder_add_int_value (b, peering->peer_asn);
  ip_member (b, "peerIp", peering->peer_ip != 0 ? peering->peer_ip : appliance->address);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "dependsOn");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, config);
  if (vnl_design_lookup_kind (design, appliance->vnet, VNL_KIND_VNET) != NULL)
    {
      dep = g_strdup_printf ("[resourceId('Microsoft.Network/networkInterfaces', '%s-nic')]", appliance->parent.name);
      json_builder_add_string_value (b, dep);
    }
  if (previous != NULL)
    {
      g_autofree char *before = resource_id ("virtualHubs/bgpConnections", rs->parent.name, previous->parent.name);
      json_builder_add_string_value (b, before);
    }
  json_builder_end_array (b);
  end_resource (b);
}

/* Virtual WAN (docs/vwan.md): the WAN, its hubs (virtualHubs with
 * virtualWan.id), their route tables and VNet connections (child
 * resources "hub/NAME"), a hub's VPN gateway (vpnGateways, its
 * site-to-site connections inline as connections[] to vpnSites, the
 * local network gateways they reach), its ExpressRoute gateway
 * (expressRouteGateways, expressRouteConnections[] naming the circuits'
 * private peerings), its firewall (azureFirewalls with virtualHub.id,
 * sku AZFW_Hub) and its routing intent (virtualHubs/routingIntent), as
 * the importer reads them (vnl-import.c, read_virtual_hub() and after).
 * A hub's Default route table is "defaultRouteTable" (a hub-route-table
 * with is-default stands for it), None "noneRouteTable".
 *
 * Order (dependsOn): WAN, hubs, VPN sites; a hub's route tables after
 * the firewalls their routes name; its VNet connections after their VNet,
 * the tables they name and the hub's previous connection (vnetlab
 * assumes, as for a route server's peerings, that Azure changes a hub
 * one child at a time; the docs do not say); the gateways after the hub
 * and what their connections name; routing intent last, after the
 * firewall and the hub's connections. A table whose static route names
 * a connection that itself names the table cannot be ordered: the table
 * is written after the hub alone, and Azure may refuse its route until
 * the connection exists (a second deployment of the same template
 * passes). */

static VnlVirtualHub *
hub_named (VnlDesign  *design,
           const char *name)
{
  return name != NULL ? vnl_design_lookup_kind (design, name, VNL_KIND_VIRTUAL_HUB) : NULL;
}

/* The hub @gateway_name sits in, or NULL (a VNet's gateway). */
static VnlVirtualHub *
gateway_hub (VnlDesign  *design,
             const char *gateway_name)
{
  VnlGateway *gw = gateway_name != NULL ? vnl_design_lookup_kind (design, gateway_name, VNL_KIND_GATEWAY) : NULL;

  return gw != NULL ? hub_named (design, gw->vnet) : NULL;
}

/* A local network gateway a hub's VPN gateway connects to is a VPN site. */
static VnlVirtualHub *
lng_site_hub (VnlDesign *design,
              VnlLng    *lng)
{
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);

  for (guint i = 0; i < s2s->len; i++)
    {
      VnlS2sConnection *c = s2s->pdata[i];
      if (g_strcmp0 (c->lng, lng->parent.name) == 0 && gateway_hub (design, c->gateway) != NULL)
        return gateway_hub (design, c->gateway);
    }
  return NULL;
}

static const char *
hub_region (VnlDesign     *design,
            VnlVirtualHub *hub)
{
  return hub != NULL && hub->location != NULL ? hub->location : region_of (design, NULL);
}

/* {"id": the hub route table @table_name}, or the Default table of @hub
 * when @table_name is NULL. */
static void
hub_table_id (JsonBuilder *b,
              VnlDesign   *design,
              const char  *member,
              const char  *table_name,
              const char  *hub)
{
  VnlHubRouteTable *table = table_name != NULL
                            ? vnl_design_lookup_kind (design, table_name, VNL_KIND_HUB_ROUTE_TABLE) : NULL;

  if (member != NULL)
    json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  g_autofree char *id = resource_id ("virtualHubs/hubRouteTables", table != NULL ? table->hub : hub,
                                     table == NULL || table->is_default ? "defaultRouteTable" : table->parent.name);
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
}

/* A connection's enableInternetSecurity and routingConfiguration: its
 * association (none named: the hub's Default table) and propagation
 * (no labels: Azure's default, the label "default" and the hub's
 * Default table; "none": the None table). routingConfiguration is left
 * open: the caller adds vnetRoutes or closes it. */
static void
hub_routing (JsonBuilder   *b,
             VnlDesign     *design,
             VnlHubRouting *routing,
             const char    *hub)
{
  g_auto(GStrv) labels = g_strsplit (routing->labels != NULL ? routing->labels : "default", ",", -1);
  gboolean none = routing->labels != NULL && g_ascii_strcasecmp (routing->labels, "none") == 0;

  json_builder_set_member_name (b, "enableInternetSecurity");
  json_builder_add_boolean_value (b, routing->internet_security);
  json_builder_set_member_name (b, "routingConfiguration");
  json_builder_begin_object (b);
  hub_table_id (b, design, "associatedRouteTable", routing->associated, hub);
  json_builder_set_member_name (b, "propagatedRouteTables");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_strstrip (labels[i]);
      if (labels[i][0] != '\0' && !none)
        json_builder_add_string_value (b, labels[i]);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ids");
  json_builder_begin_array (b);
  if (routing->labels == NULL)
    hub_table_id (b, design, NULL, NULL, hub);
  for (guint i = 0; i < routing->propagated->len; i++)
    hub_table_id (b, design, NULL, routing->propagated->pdata[i], hub);
  if (none && routing->propagated->len == 0)
    {
      g_autofree char *id = resource_id ("virtualHubs/hubRouteTables", hub, "noneRouteTable");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The tables a connection's routing names, as dependencies. */
static void
hub_routing_depends (GPtrArray     *depends,
                     VnlDesign     *design,
                     VnlHubRouting *routing)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (routing->associated != NULL)
    g_ptr_array_add (names, routing->associated);
  for (guint i = 0; i < routing->propagated->len; i++)
    g_ptr_array_add (names, routing->propagated->pdata[i]);
  for (guint i = 0; i < names->len; i++)
    {
      VnlHubRouteTable *t = vnl_design_lookup_kind (design, names->pdata[i], VNL_KIND_HUB_ROUTE_TABLE);
      g_autofree char *dep = NULL;

      if (t == NULL)
        continue;
      dep = resource_id ("virtualHubs/hubRouteTables", t->hub, t->is_default ? "defaultRouteTable" : t->parent.name);
      if (!g_ptr_array_find_with_equal_func (depends, dep, g_str_equal, NULL))
        g_ptr_array_add (depends, g_steal_pointer (&dep));
    }
}

static void
export_virtual_wan (JsonBuilder   *b,
                    VnlDesign     *design,
                    VnlVirtualWan *wan)
{
  GPtrArray *hubs = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
  const char *region = NULL;

  for (guint i = 0; i < hubs->len && region == NULL; i++)
    if (g_strcmp0 (((VnlVirtualHub *) hubs->pdata[i])->wan, wan->parent.name) == 0)
      region = hub_region (design, hubs->pdata[i]);
  begin_resource (b, "Microsoft.Network/virtualWans", wan->parent.name, region != NULL ? region : region_of (design, NULL));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, wan->type == VNL_VWAN_BASIC ? "Basic" : "Standard");
  json_builder_set_member_name (b, "allowBranchToBranchTraffic");
  json_builder_add_boolean_value (b, wan->branch_to_branch);
  json_builder_end_object (b);
  end_resource (b);
}

static void
export_virtual_hub (JsonBuilder   *b,
                    VnlDesign     *design,
                    VnlVirtualHub *hub)
{
  VnlVirtualWan *wan = vnl_design_lookup_kind (design, hub->wan, VNL_KIND_VIRTUAL_WAN);
  g_autofree char *prefix = vnl_prefix_to_string (&hub->address_prefix);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/virtualHubs", hub->parent.name, hub_region (design, hub));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "virtualWan", "virtualWans", hub->wan, NULL);
  json_builder_set_member_name (b, "addressPrefix");
  json_builder_add_string_value (b, prefix);
  json_builder_set_member_name (b, "sku");
  json_builder_add_string_value (b, wan != NULL && wan->type == VNL_VWAN_BASIC ? "Basic" : "Standard");
  json_builder_set_member_name (b, "hubRoutingPreference");
  json_builder_add_string_value (b, hub_preferences[hub->preference]);
  /* Read-only in Azure (65515): kept for the import. */
  json_builder_set_member_name (b, "virtualRouterAsn");
  json_builder_add_int_value (b, hub->asn);
  json_builder_end_object (b);
  add_depend (depends, "virtualWans", hub->wan);
  depends_on (b, depends);
  end_resource (b);
}

static void
hub_route_json (JsonBuilder *b,
                VnlDesign   *design,
                VnlHubRoute *route)
{
  VnlObject *hop = route->next_hop != NULL ? vnl_design_lookup (design, route->next_hop) : NULL;
  g_autofree char *prefix = vnl_prefix_to_string (&route->prefix);
  g_autofree char *id = NULL;

  if (hop == NULL)
    return;
  if (hop->kind == VNL_KIND_HUB_CONNECTION)
    id = resource_id ("virtualHubs/hubVirtualNetworkConnections", ((VnlHubConnection *) hop)->hub, hop->name);
  else
    id = resource_id ("azureFirewalls", hop->name, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, route->name != NULL ? route->name : "route");
  json_builder_set_member_name (b, "destinationType");
  json_builder_add_string_value (b, "CIDR");
  json_builder_set_member_name (b, "destinations");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, prefix);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "nextHopType");
  json_builder_add_string_value (b, "ResourceId");
  json_builder_set_member_name (b, "nextHop");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
}

/* Whether connection @conn names @table (association or propagation). */
static gboolean
routing_names_table (VnlHubRouting *routing,
                     const char    *table)
{
  return g_strcmp0 (routing->associated, table) == 0
         || g_ptr_array_find_with_equal_func (routing->propagated, table, g_str_equal, NULL);
}

static void
export_hub_route_table (JsonBuilder      *b,
                        VnlDesign        *design,
                        VnlHubRouteTable *table)
{
  g_autofree char *name = g_strdup_printf ("%s/%s", table->hub, table->is_default ? "defaultRouteTable"
                                                                                : table->parent.name);
  g_auto(GStrv) labels = g_strsplit (table->labels != NULL ? table->labels : "", ",", -1);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/virtualHubs/hubRouteTables", name, NULL);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  /* "the Default Route Table has a built-in label called 'Default'". */
  if (table->is_default)
    json_builder_add_string_value (b, "default");
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_strstrip (labels[i]);
      if (labels[i][0] != '\0' && !(table->is_default && g_ascii_strcasecmp (labels[i], "default") == 0))
        json_builder_add_string_value (b, labels[i]);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "routes");
  json_builder_begin_array (b);
  for (guint i = 0; i < table->routes->len; i++)
    {
      VnlHubRoute *route = table->routes->pdata[i];
      VnlObject *hop = route->next_hop != NULL ? vnl_design_lookup (design, route->next_hop) : NULL;

      hub_route_json (b, design, route);
      if (hop != NULL && hop->kind == VNL_KIND_FIREWALL)
        add_depend (depends, "azureFirewalls", hop->name);
      else if (hop != NULL && !routing_names_table (&((VnlHubConnection *) hop)->routing, table->parent.name))
        {
          char *dep = resource_id ("virtualHubs/hubVirtualNetworkConnections", ((VnlHubConnection *) hop)->hub,
                                   hop->name);
          g_ptr_array_add (depends, dep);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", table->hub);
  depends_on (b, depends);
  end_resource (b);
}

static void
export_hub_connection (JsonBuilder      *b,
                       VnlDesign        *design,
                       VnlHubConnection *conn,
                       VnlHubConnection *previous)
{
  g_autofree char *name = g_strdup_printf ("%s/%s", conn->hub, conn->parent.name);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections", name, NULL);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "remoteVirtualNetwork", "virtualNetworks", conn->vnet, NULL);
  hub_routing (b, design, &conn->routing, conn->hub);
  /* hub_routing() left routingConfiguration open for the static routes. */
  json_builder_set_member_name (b, "vnetRoutes");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "staticRoutes");
  json_builder_begin_array (b);
  for (guint i = 0; i < conn->routes->len; i++)
    {
      VnlHubRoute *route = conn->routes->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&route->prefix);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, route->name != NULL ? route->name : "route");
      json_builder_set_member_name (b, "addressPrefixes");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, prefix);
      json_builder_end_array (b);
      if (route->next_hop_ip != 0)
        ip_member (b, "nextHopIpAddress", route->next_hop_ip);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", conn->hub);
  add_depend (depends, "virtualNetworks", conn->vnet);
  hub_routing_depends (depends, design, &conn->routing);
  if (previous != NULL)
    g_ptr_array_add (depends, resource_id ("virtualHubs/hubVirtualNetworkConnections", previous->hub,
                                           previous->parent.name));
  depends_on (b, depends);
  end_resource (b);
}

/* A branch as a VPN site of the WAN of the hub it connects to: one link,
 * its public address and BGP (read_vpn_site()). */
static void
export_vpn_site (JsonBuilder   *b,
                 VnlDesign     *design,
                 VnlLng        *lng,
                 VnlVirtualHub *hub)
{
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/vpnSites", lng->parent.name, hub_region (design, hub));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "virtualWan", "virtualWans", hub->wan, NULL);
  prefixes (b, "addressSpace", "addressPrefixes", lng->prefixes);
  json_builder_set_member_name (b, "vpnSiteLinks");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "link1");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  ip_member (b, "ipAddress", lng->public_address);
  if (lng->asn != 0)
    {
      json_builder_set_member_name (b, "bgpProperties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "asn");
      json_builder_add_int_value (b, lng->asn);
      ip_member (b, "bgpPeeringAddress", lng->bgp_address);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualWans", hub->wan);
  depends_on (b, depends);
  end_resource (b);
}

static void
export_hub_vpn_gateway (JsonBuilder   *b,
                        VnlDesign     *design,
                        VnlGateway    *gw,
                        VnlVirtualHub *hub)
{
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/vpnGateways", gw->parent.name, hub_region (design, hub));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "virtualHub", "virtualHubs", hub->parent.name, NULL);
  json_builder_set_member_name (b, "vpnGatewayScaleUnit");
  json_builder_add_int_value (b, 1);
  bgp_settings (b, gw, "Instance0");
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint i = 0; i < s2s->len; i++)
    {
      VnlS2sConnection *c = s2s->pdata[i];
      g_autofree char *key = NULL;

      if (g_strcmp0 (c->gateway, gw->parent.name) != 0)
        continue;
      key = g_strdup_printf ("[parameters('%s-sharedKey')]", c->parent.name);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->parent.name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      member_id (b, "remoteVpnSite", "vpnSites", c->lng, NULL);
      hub_routing (b, design, &c->hub_routing, hub->parent.name);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "vpnLinkConnections");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "link1");
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      member_id (b, "vpnSiteLink", "vpnSites/vpnSiteLinks", c->lng, "link1");
      json_builder_set_member_name (b, "enableBgp");
      json_builder_add_boolean_value (b, c->bgp);
      json_builder_set_member_name (b, "vpnConnectionProtocolType");
      json_builder_add_string_value (b, c->ike_version == 1 ? "IKEv1" : "IKEv2");
      json_builder_set_member_name (b, "sharedKey");
      json_builder_add_string_value (b, key);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
      add_depend (depends, "vpnSites", c->lng);
      hub_routing_depends (depends, design, &c->hub_routing);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", hub->parent.name);
  depends_on (b, depends);
  end_resource (b);
}

static void
export_hub_er_gateway (JsonBuilder   *b,
                       VnlDesign     *design,
                       VnlGateway    *gw,
                       VnlVirtualHub *hub)
{
  GPtrArray *er = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);

  begin_resource (b, "Microsoft.Network/expressRouteGateways", gw->parent.name, hub_region (design, hub));
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  member_id (b, "virtualHub", "virtualHubs", hub->parent.name, NULL);
  json_builder_set_member_name (b, "autoScaleConfiguration");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bounds");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "min");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "expressRouteConnections");
  json_builder_begin_array (b);
  for (guint i = 0; i < er->len; i++)
    {
      VnlErConnection *c = er->pdata[i];

      if (g_strcmp0 (c->gateway, gw->parent.name) != 0)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->parent.name);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      member_id (b, "expressRouteCircuitPeering", "expressRouteCircuits/peerings", c->circuit, "AzurePrivatePeering");
      json_builder_set_member_name (b, "routingWeight");
      json_builder_add_int_value (b, c->routing_weight);
      hub_routing (b, design, &c->hub_routing, hub->parent.name);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
      add_depend (depends, "expressRouteCircuits", c->circuit);
      hub_routing_depends (depends, design, &c->hub_routing);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", hub->parent.name);
  depends_on (b, depends);
  end_resource (b);
}

/* Routing intent: one policy per destination, to the hub's firewall,
 * after the firewall and the hub's connections. */
static void
export_routing_intent (JsonBuilder   *b,
                       VnlDesign     *design,
                       VnlVirtualHub *hub)
{
  GPtrArray *conns = vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION);
  g_autofree char *name = g_strdup_printf ("%s/%s-routingIntent", hub->parent.name, hub->parent.name);
  g_autoptr(GPtrArray) depends = g_ptr_array_new_with_free_func (g_free);
  const char *policies[][3] = {
    { "InternetTraffic", "Internet", hub->internet_policy },
    { "PrivateTrafficPolicy", "PrivateTraffic", hub->private_policy },
  };

  if (hub->internet_policy == NULL && hub->private_policy == NULL)
    return;
  begin_resource (b, "Microsoft.Network/virtualHubs/routingIntent", name, NULL);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "routingPolicies");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      g_autofree char *hop = NULL;

      if (policies[i][2] == NULL)
        continue;
      hop = resource_id ("azureFirewalls", policies[i][2], NULL);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, policies[i][0]);
      json_builder_set_member_name (b, "destinations");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, policies[i][1]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "nextHop");
      json_builder_add_string_value (b, hop);
      json_builder_end_object (b);
      add_depend (depends, "azureFirewalls", policies[i][2]);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  add_depend (depends, "virtualHubs", hub->parent.name);
  for (guint i = 0; i < conns->len; i++)
    if (g_strcmp0 (((VnlHubConnection *) conns->pdata[i])->hub, hub->parent.name) == 0)
      g_ptr_array_add (depends, resource_id ("virtualHubs/hubVirtualNetworkConnections", hub->parent.name,
                                             ((VnlObject *) conns->pdata[i])->name));
  depends_on (b, depends);
  end_resource (b);
}

static void
export_vwan (JsonBuilder *b,
             VnlDesign   *design)
{
  GPtrArray *list;

  list = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_WAN);
  for (guint i = 0; i < list->len; i++)
    export_virtual_wan (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
  for (guint i = 0; i < list->len; i++)
    export_virtual_hub (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_LNG);
  for (guint i = 0; i < list->len; i++)
    if (lng_site_hub (design, list->pdata[i]) != NULL)
      export_vpn_site (b, design, list->pdata[i], lng_site_hub (design, list->pdata[i]));
  list = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
  for (guint i = 0; i < list->len; i++)
    if (hub_named (design, ((VnlHubRouteTable *) list->pdata[i])->hub) != NULL)
      export_hub_route_table (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION);
  for (guint i = 0; i < list->len; i++)
    {
      VnlHubConnection *conn = list->pdata[i];
      VnlHubConnection *previous = NULL;

      if (hub_named (design, conn->hub) == NULL || vnl_design_lookup_kind (design, conn->vnet, VNL_KIND_VNET) == NULL)
        continue;
      for (guint j = i; j > 0 && previous == NULL; j--)
        if (g_strcmp0 (((VnlHubConnection *) list->pdata[j - 1])->hub, conn->hub) == 0)
          previous = list->pdata[j - 1];
      export_hub_connection (b, design, conn, previous);
    }
  list = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < list->len; i++)
    {
      VnlGateway *gw = list->pdata[i];
      VnlVirtualHub *hub = hub_named (design, gw->vnet);

      if (hub != NULL && gw->type == VNL_GATEWAY_VPN)
        export_hub_vpn_gateway (b, design, gw, hub);
      else if (hub != NULL)
        export_hub_er_gateway (b, design, gw, hub);
    }
  list = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
  for (guint i = 0; i < list->len; i++)
    export_routing_intent (b, design, list->pdata[i]);
}

/* Metadata */

/* The fields of @object as text (secrets and loader-kept fields left
 * out); with @keys, only those. */
static void
fields_json (JsonBuilder       *b,
             VnlDesign         *design,
             gpointer           object,
             const char *const *keys)
{
  VnlObject *o = object;
  const VnlKindInfo *info = vnl_kind_get_info (o->kind);

  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      g_autofree char *text = NULL;

      if (f->role == VNL_ROLE_SECRET || (f->flags & VNL_FIELD_INTERNAL) != 0)
        continue;
      if (keys != NULL && !g_strv_contains (keys, f->key))
        continue;
      text = vnl_object_get_text (design, object, f->key);
      json_builder_set_member_name (b, f->key);
      json_builder_add_string_value (b, text != NULL ? text : "");
    }
  if (o->kind == VNL_KIND_LOCATION)
    {
      g_autofree char *intra = vnl_object_get_text (design, object, "intra-latency");
      json_builder_set_member_name (b, "intra-latency");
      json_builder_add_string_value (b, intra != NULL ? intra : "");
    }
  json_builder_end_object (b);
}

/* From the table of kinds: what Azure holds, and what an object outside
 * Azure owns (a host in a site) is outside it too. */
static gboolean
in_azure (VnlDesign *design,
          VnlObject *o)
{
  const VnlField *owner;
  VnlObject *container;

  if (vnl_kind_get_info (o->kind)->outside_azure)
    return FALSE;
  /* A link whose end is outside Azure's resources (a connection to a
   * gateway in a Virtual WAN hub, which travels in metadata) is too. */
  if (vnl_kind_get_info (o->kind)->shape == VNL_SHAPE_LINK)
    for (const VnlField *f = vnl_kind_get_info (o->kind)->fields; f->key != NULL; f++)
      if ((f->role == VNL_ROLE_END_A || f->role == VNL_ROLE_END_B) && f->type != VNL_FIELD_OTHER)
        {
          VnlObject *end = vnl_design_lookup (design, G_STRUCT_MEMBER (const char *, o, f->offset));
          if (end != NULL && end != o && !in_azure (design, end))
            return FALSE;
        }
  owner = vnl_kind_get_owner_field (o->kind);
  if (owner == NULL)
    return TRUE;
  container = vnl_design_lookup (design, G_STRUCT_MEMBER (const char *, o, owner->offset));
  return container == NULL || vnl_kind_get_info (container->kind)->outside_azure == FALSE;
}

/* The fields of Azure objects Azure has no property for. */
static const char *const *
extra_keys (VnlDesign *design,
            VnlObject *o)
{
  static const char *const lng[] = { "location", "ce", NULL };
  static const char *const link[] = { "circuit", "role", "ce", "ce-address", "msee-address", NULL };
  /* The SKU too: a template needs one, the design may not say. */
  static const char *const er_gateway[] = { "instances", "sku", NULL };
  static const char *const vpn_gateway[] = { "sku", NULL };
  /* Whether an appliance is stateful Azure does not say, nor what its
   * BGP speaker (a route server's peer) announces. */
  static const char *const appliance[] = { "stateful", "asn", "advertises", "no-advertise", NULL };
  /* bgpConnections need a peerIp: whether the design set it or left it
   * to the appliance's NIC. */
  static const char *const rs_peering[] = { "peer-ip", NULL };
  /* A hub's gateways: vpnGateways and expressRouteGateways have no SKU
   * of a VNet gateway's, nor activeActive; an ExpressRoute gateway no
   * ASN. A hub's Default table is named defaultRouteTable in Azure. */
  static const char *const hub_vpn_gateway[] = { "sku", "active-active", NULL };
  static const char *const hub_er_gateway[] = { "instances", "sku", "asn", NULL };
  static const char *const default_table[] = { "hub", "is-default", NULL };

  if (o->kind == VNL_KIND_GATEWAY && hub_named (design, ((VnlGateway *) o)->vnet) != NULL)
    return ((VnlGateway *) o)->type == VNL_GATEWAY_EXPRESSROUTE ? hub_er_gateway : hub_vpn_gateway;
  if (o->kind == VNL_KIND_HUB_ROUTE_TABLE && ((VnlHubRouteTable *) o)->is_default)
    return default_table;

  if (o->kind == VNL_KIND_LNG)
    return lng;
  if (o->kind == VNL_KIND_LINK)
    return link;
  if (o->kind == VNL_KIND_APPLIANCE)
    return appliance;
  if (o->kind == VNL_KIND_RS_PEERING)
    return rs_peering;
  if (o->kind == VNL_KIND_GATEWAY)
    return ((VnlGateway *) o)->type == VNL_GATEWAY_EXPRESSROUTE ? er_gateway : vpn_gateway;
  return NULL;
}

static void
export_metadata (JsonBuilder *b,
                 VnlDesign   *design)
{
  GPtrArray *latencies = vnl_design_get_latencies (design);

  json_builder_set_member_name (b, "vnetlab");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  if (vnl_design_get_title (design) != NULL)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, vnl_design_get_title (design));
    }
  json_builder_set_member_name (b, "default-latency-ms");
  json_builder_add_double_value (b, vnl_design_get_default_latency (design));
  json_builder_set_member_name (b, "intra-latency-ms");
  json_builder_add_double_value (b, vnl_design_get_intra_latency (design));

  json_builder_set_member_name (b, "objects");
  json_builder_begin_array (b);
  for (VnlKind k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *o = objects->pdata[i];
          gboolean azure = in_azure (design, o);
          const char *const *keys = extra_keys (design, o);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, vnl_kind_to_string (k));
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, o->name);
          json_builder_set_member_name (b, "azure");
          json_builder_add_boolean_value (b, azure);
          if (!o->up)
            {
              json_builder_set_member_name (b, "up");
              json_builder_add_boolean_value (b, FALSE);
            }
          if (o->has_pos)
            {
              json_builder_set_member_name (b, "x");
              json_builder_add_double_value (b, o->pos.x);
              json_builder_set_member_name (b, "y");
              json_builder_add_double_value (b, o->pos.y);
            }
          if (!azure || keys != NULL)
            fields_json (b, design, o, azure ? keys : NULL);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "latencies");
  json_builder_begin_array (b);
  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *l = latencies->pdata[i];
      json_builder_begin_array (b);
      json_builder_add_string_value (b, l->a);
      json_builder_add_string_value (b, l->b);
      json_builder_add_double_value (b, l->ms);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_parameter (JsonBuilder *b,
               const char  *name,
               const char  *type,
               const char  *description)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

JsonNode *
vnl_arm_export (VnlDesign *design)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GPtrArray *list;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "$schema");
  json_builder_add_string_value (b, "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
  json_builder_set_member_name (b, "contentVersion");
  json_builder_add_string_value (b, "1.0.0.0");

  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  list = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *p = g_strdup_printf ("%s-sharedKey", ((VnlObject *) list->pdata[i])->name);
      add_parameter (b, p, "securestring", "The IPsec shared key (the design never holds it)");
    }
  list = vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *p = g_strdup_printf ("%s-sharedKey", ((VnlObject *) list->pdata[i])->name);
      add_parameter (b, p, "securestring", "The IPsec shared key of both directions");
    }
  list = vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH);
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *p = g_strdup_printf ("%s-addressPrefix", ((VnlObject *) list->pdata[i])->name);
      add_parameter (b, p, "string", "A /29 for the Global Reach connection");
    }
  list = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < list->len; i++)
    {
      VnlEndpoint *ep = list->pdata[i];
      g_autofree char *service = g_strdup_printf ("%s-privateLinkServiceId", ep->parent.name);
      g_autofree char *group = g_strdup_printf ("%s-groupId", ep->parent.name);

      if (!ep->private_endpoint || vnl_design_lookup_kind (design, ep->owner, VNL_KIND_VNET) == NULL)
        continue;
      add_parameter (b, service, "string", "The resource ID of the service the private endpoint connects to");
      add_parameter (b, group, "string", "The group ID (sub-resource) of that service, e.g. sqlServer, blob");
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "resources");
  json_builder_begin_array (b);
  export_asgs (b, design);
  list = vnl_design_get_objects (design, VNL_KIND_NSG);
  for (guint i = 0; i < list->len; i++)
    export_nsg (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);
  for (guint i = 0; i < list->len; i++)
    export_route_table (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint i = 0; i < list->len; i++)
    export_vnet (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_PEERING);
  for (guint i = 0; i < list->len; i++)
    for (guint side = 0; side < 2; side++)
      export_peering_side (b, list->pdata[i], side);
  list = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  for (guint i = 0; i < list->len; i++)
    export_gateway (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_LNG);
  for (guint i = 0; i < list->len; i++)
    export_lng (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  for (guint i = 0; i < list->len; i++)
    export_circuit (b, design, list->pdata[i]);
  export_connections (b, design);
  export_vwan (b, design);
  list = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < list->len; i++)
    {
      VnlEndpoint *ep = list->pdata[i];
      VnlVnet *vnet = vnl_design_lookup_kind (design, ep->owner, VNL_KIND_VNET);
      if (vnet != NULL && ep->private_endpoint)
        export_private_endpoint (b, design, ep, vnet);
      else if (vnet != NULL)
        export_nic (b, design, ep->parent.name, vnet, ep->address, NULL, NULL);
    }
  export_lbs (b, design);
  list = vnl_design_get_objects (design, VNL_KIND_APPLIANCE);
  for (guint i = 0; i < list->len; i++)
    export_appliance (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_FIREWALL);
  for (guint i = 0; i < list->len; i++)
    export_firewall (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_ROUTE_SERVER);
  for (guint i = 0; i < list->len; i++)
    export_route_server (b, design, list->pdata[i]);
  list = vnl_design_get_objects (design, VNL_KIND_RS_PEERING);
  for (guint i = 0; i < list->len; i++)
    {
      VnlRsPeering *peering = list->pdata[i];
      VnlRsPeering *previous = NULL;

      for (guint j = i; j > 0 && previous == NULL; j--)
        if (g_strcmp0 (((VnlRsPeering *) list->pdata[j - 1])->route_server, peering->route_server) == 0)
          previous = list->pdata[j - 1];
      export_rs_peering (b, design, peering, previous);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "comment");
  json_builder_add_string_value (b, "Written by vnetlab. Azure ignores metadata on deployment; vnetlab reads "
                                    "metadata.vnetlab back on import (what Azure does not hold).");
  export_metadata (b, design);
  json_builder_end_object (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gboolean
vnl_arm_export_save (VnlDesign   *design,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(JsonNode) root = vnl_arm_export (design);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  /* g_file_set_contents() writes a temporary file and renames it. */
  return g_file_set_contents (path, text, -1, error);
}
