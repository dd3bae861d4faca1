/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-kinds"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stddef.h>

#include "vnl-kinds.h"
#include "vnl-firewall.h"
#include "vnl-nsg.h"
#include "vnl-lists.h"

/*
 * One descriptor per object kind, one entry per field (see vnl-kinds.h).
 * The order of a kind's fields is the order of its references
 * (vnl_object_get_references) and of its inspector rows.
 */

#define OFF(type, field) offsetof (type, field)

/* A reference: key, label, role, flags, offset, kind, other kind. */
#define REF(key, label, role, flags, type, field, kind, kind_b, json) \
  { key, label, VNL_FIELD_STRING, role, flags, OFF (type, field), kind, kind_b, json }
/* A value: key, label, type, flags, offset, json, bounds. */
#define VAL(key, label, ftype, flags, type, field, json, min, max) \
  { key, label, ftype, VNL_ROLE_NONE, flags, OFF (type, field), 0, 0, json, min, max }
/* A value whose name in the file is not its key. */
#define VAL_XML(key, label, ftype, flags, type, field, json, xml_name) \
  { key, label, ftype, VNL_ROLE_NONE, flags, OFF (type, field), 0, 0, json, .xml = xml_name }

#define INSPECT_COPY (VNL_FIELD_INSPECT | VNL_FIELD_COPY)
#define OPTIONAL_INSPECT_COPY (VNL_FIELD_OPTIONAL | VNL_FIELD_INSPECT | VNL_FIELD_COPY)

/* Lists handled by their own code */

static void
prefix_array_to_json (GArray      *array,
                      JsonBuilder *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < array->len; i++)
    {
      char buf[20];
      vnl_prefix_format (&g_array_index (array, VnlPrefix, i), buf);
      json_builder_add_string_value (builder, buf);
    }
  json_builder_end_array (builder);
}

static void
subnets_to_json (gpointer     object,
                 JsonBuilder *builder)
{
  GPtrArray *subnets = ((VnlVnet *) object)->subnets;

  json_builder_begin_array (builder);
  for (guint i = 0; i < subnets->len; i++)
    {
      VnlSubnet *subnet = subnets->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&subnet->prefix);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, subnet->name);
      json_builder_set_member_name (builder, "prefix");
      json_builder_add_string_value (builder, prefix);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
instances_to_json (gpointer     object,
                   JsonBuilder *builder)
{
  GArray *instances = ((VnlGateway *) object)->instances;

  json_builder_begin_array (builder);
  for (guint i = 0; i < instances->len; i++)
    {
      g_autofree char *addr = vnl_ip_to_string (g_array_index (instances, guint32, i));
      json_builder_add_string_value (builder, addr);
    }
  json_builder_end_array (builder);
}

static void
hops_to_json (gpointer     object,
              JsonBuilder *builder)
{
  GPtrArray *hops = ((VnlSite *) object)->hops;

  json_builder_begin_array (builder);
  for (guint i = 0; i < hops->len; i++)
    {
      VnlSiteHop *hop = hops->pdata[i];
      g_autofree char *addr = vnl_ip_to_string (hop->address);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      if (hop->name != NULL)
        json_builder_add_string_value (builder, hop->name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, addr);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
policies_to_json (gpointer     object,
                  JsonBuilder *builder)
{
  GPtrArray *policies = ((VnlCe *) object)->policies;

  json_builder_begin_array (builder);
  for (guint i = 0; i < policies->len; i++)
    {
      VnlCePolicy *policy = policies->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "peer");
      json_builder_add_string_value (builder, policy->peer != NULL ? policy->peer : "");
      json_builder_set_member_name (builder, "local_preference");
      json_builder_add_int_value (builder, policy->local_preference);
      json_builder_set_member_name (builder, "as_path_prepend");
      json_builder_add_int_value (builder, policy->as_path_prepend);
      json_builder_set_member_name (builder, "export_prefixes");
      prefix_array_to_json (policy->export_prefixes, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
policy_peer_slot (gpointer    object,
                  guint       index,
                  VnlRefSlot *slot)
{
  GPtrArray *policies = ((VnlCe *) object)->policies;
  VnlCePolicy *policy;

  if (index >= policies->len)
    return FALSE;
  policy = policies->pdata[index];
  slot->slot = &policy->peer;
  slot->line = policy->line;
  return TRUE;
}

/* The Azure names of the next-hop types of a user-defined route, by
 * VnlUdrNextHop (file, JSON and the route tables). */
const char * const _vnl_udr_next_hop_names[VNL_N_UDR_NEXT_HOPS + 1] = {
  "VirtualAppliance", "VirtualNetworkGateway", "VnetLocal", "Internet", "None", NULL,
};

static void
udr_routes_to_json (gpointer     object,
                    JsonBuilder *builder)
{
  GPtrArray *routes = ((VnlUdrTable *) object)->routes;

  json_builder_begin_array (builder);
  for (guint i = 0; i < routes->len; i++)
    {
      VnlUdr *udr = routes->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&udr->prefix);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, udr->name != NULL ? udr->name : "");
      json_builder_set_member_name (builder, "prefix");
      json_builder_add_string_value (builder, prefix);
      json_builder_set_member_name (builder, "next_hop_type");
      json_builder_add_string_value (builder, _vnl_udr_next_hop_names[udr->next_hop]);
      json_builder_set_member_name (builder, "next_hop_ip");
      if (udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE)
        {
          g_autofree char *ip = vnl_ip_to_string (udr->next_hop_ip);
          json_builder_add_string_value (builder, ip);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Subnet associations (route tables, network security groups). */
static void
subnet_assocs_to_json (GPtrArray   *subnets,
                       JsonBuilder *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < subnets->len; i++)
    {
      VnlUdrSubnet *assoc = subnets->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "vnet");
      json_builder_add_string_value (builder, assoc->vnet != NULL ? assoc->vnet : "");
      json_builder_set_member_name (builder, "subnet");
      json_builder_add_string_value (builder, assoc->subnet != NULL ? assoc->subnet : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
udr_subnets_to_json (gpointer     object,
                     JsonBuilder *builder)
{
  subnet_assocs_to_json (((VnlUdrTable *) object)->subnets, builder);
}

static gboolean
udr_subnet_vnet_slot (gpointer    object,
                      guint       index,
                      VnlRefSlot *slot)
{
  GPtrArray *subnets = ((VnlUdrTable *) object)->subnets;
  VnlUdrSubnet *assoc;

  if (index >= subnets->len)
    return FALSE;
  assoc = subnets->pdata[index];
  slot->slot = &assoc->vnet;
  slot->line = assoc->line;
  return TRUE;
}

/* Network security groups: rules (the default rules too, marked), the
 * subnets and the NICs they are associated with. */
static void
nsg_rule_to_json (const VnlNsgRule *rule,
                  JsonBuilder      *builder)
{
  g_autofree char *src = vnl_nsg_addrs_to_string (rule->sources);
  g_autofree char *dst = vnl_nsg_addrs_to_string (rule->destinations);
  g_autofree char *sports = vnl_nsg_ports_to_string (rule->source_ports);
  g_autofree char *dports = vnl_nsg_ports_to_string (rule->destination_ports);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rule->name != NULL ? rule->name : "");
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, rule->priority);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, vnl_nsg_direction_to_string (rule->direction));
  json_builder_set_member_name (builder, "access");
  json_builder_add_string_value (builder, rule->allow ? "Allow" : "Deny");
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, vnl_protocol_to_string (rule->protocol));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, src);
  json_builder_set_member_name (builder, "source_ports");
  json_builder_add_string_value (builder, sports);
  json_builder_set_member_name (builder, "destination");
  json_builder_add_string_value (builder, dst);
  json_builder_set_member_name (builder, "destination_ports");
  json_builder_add_string_value (builder, dports);
  json_builder_set_member_name (builder, "default");
  json_builder_add_boolean_value (builder, vnl_nsg_rule_is_default (rule));
  json_builder_end_object (builder);
}

static void
nsg_rules_to_json (gpointer     object,
                   JsonBuilder *builder)
{
  GPtrArray *rules = ((VnlNsg *) object)->rules;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rules->len; i++)
    nsg_rule_to_json (rules->pdata[i], builder);
  for (guint d = 0; d < 2; d++)
    {
      guint n;
      const VnlNsgRule * const *defaults = vnl_nsg_default_rules (d, &n);
      for (guint i = 0; i < n; i++)
        nsg_rule_to_json (defaults[i], builder);
    }
  json_builder_end_array (builder);
}

static void
nsg_subnets_to_json (gpointer     object,
                     JsonBuilder *builder)
{
  subnet_assocs_to_json (((VnlNsg *) object)->subnets, builder);
}

static void
nsg_nics_to_json (gpointer     object,
                  JsonBuilder *builder)
{
  GPtrArray *nics = ((VnlNsg *) object)->nics;

  json_builder_begin_array (builder);
  for (guint i = 0; i < nics->len; i++)
    json_builder_add_string_value (builder, ((VnlNsgNic *) nics->pdata[i])->endpoint);
  json_builder_end_array (builder);
}

static gboolean
nsg_subnet_vnet_slot (gpointer    object,
                      guint       index,
                      VnlRefSlot *slot)
{
  GPtrArray *subnets = ((VnlNsg *) object)->subnets;

  if (index >= subnets->len)
    return FALSE;
  slot->slot = &((VnlUdrSubnet *) subnets->pdata[index])->vnet;
  slot->line = ((VnlUdrSubnet *) subnets->pdata[index])->line;
  return TRUE;
}

static gboolean
nsg_nic_slot (gpointer    object,
              guint       index,
              VnlRefSlot *slot)
{
  GPtrArray *nics = ((VnlNsg *) object)->nics;

  if (index >= nics->len)
    return FALSE;
  slot->slot = &((VnlNsgNic *) nics->pdata[index])->endpoint;
  slot->line = ((VnlNsgNic *) nics->pdata[index])->line;
  return TRUE;
}

/* Azure Firewall: its policy's rule collection groups, nested as in
 * Azure's FirewallPolicyRuleCollectionGroup. */
static void
fw_rule_to_json (const VnlFwRule *rule,
                 JsonBuilder     *builder)
{
  g_autofree char *protocols = vnl_fw_protocols_to_string (rule->protocols);
  g_autofree char *src = vnl_nsg_addrs_to_string (rule->sources);
  g_autofree char *dst = vnl_nsg_addrs_to_string (rule->destinations);
  g_autofree char *ports = vnl_nsg_ports_to_string (rule->destination_ports);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rule->name != NULL ? rule->name : "");
  json_builder_set_member_name (builder, "protocols");
  json_builder_add_string_value (builder, protocols);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, src);
  json_builder_set_member_name (builder, "destination");
  json_builder_add_string_value (builder, dst);
  json_builder_set_member_name (builder, "destination_ports");
  json_builder_add_string_value (builder, ports);
  json_builder_end_object (builder);
}

static void
firewall_rules_to_json (gpointer     object,
                        JsonBuilder *builder)
{
  GPtrArray *groups = ((VnlFirewall *) object)->rule_groups;

  json_builder_begin_array (builder);
  for (guint g = 0; g < groups->len; g++)
    {
      VnlFwGroup *group = groups->pdata[g];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, group->name != NULL ? group->name : "");
      json_builder_set_member_name (builder, "priority");
      json_builder_add_int_value (builder, group->priority);
      json_builder_set_member_name (builder, "collections");
      json_builder_begin_array (builder);
      for (guint c = 0; c < group->collections->len; c++)
        {
          VnlFwCollection *collection = group->collections->pdata[c];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, collection->name != NULL ? collection->name : "");
          json_builder_set_member_name (builder, "priority");
          json_builder_add_int_value (builder, collection->priority);
          json_builder_set_member_name (builder, "action");
          json_builder_add_string_value (builder, collection->allow ? "Allow" : "Deny");
          json_builder_set_member_name (builder, "rules");
          json_builder_begin_array (builder);
          for (guint r = 0; r < collection->rules->len; r++)
            fw_rule_to_json (collection->rules->pdata[r], builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static const char *
gateway_label (gpointer object)
{
  return ((VnlGateway *) object)->type == VNL_GATEWAY_EXPRESSROUTE
         ? N_("ExpressRoute gateway") : N_("VPN gateway");
}

static const char *
gateway_icon (gpointer object)
{
  return ((VnlGateway *) object)->type == VNL_GATEWAY_EXPRESSROUTE
         ? "vnl-er-gateway.svg" : "vnl-vpn-gateway.svg";
}

/* Virtual WAN: the routing configuration of a connection to a hub
 * (VnlHubRouting), where each kind keeps it. */
VnlHubRouting *
vnl_object_get_hub_routing (gpointer object)
{
  VnlKind kind;

  g_return_val_if_fail (object != NULL, NULL);

  kind = ((VnlObject *) object)->kind;
  if (kind == VNL_KIND_HUB_CONNECTION)
    return &((VnlHubConnection *) object)->routing;
  if (kind == VNL_KIND_S2S_CONNECTION)
    return &((VnlS2sConnection *) object)->hub_routing;
  if (kind == VNL_KIND_ER_CONNECTION)
    return &((VnlErConnection *) object)->hub_routing;
  return NULL;
}

static VnlHubRouting *
hub_routing_of (gpointer object)
{
  VnlHubRouting *routing = vnl_object_get_hub_routing (object);

  g_assert (routing != NULL);
  return routing;
}

static gboolean
propagated_slot (gpointer    object,
                 guint       index,
                 VnlRefSlot *slot)
{
  GPtrArray *names = hub_routing_of (object)->propagated;

  if (index >= names->len)
    return FALSE;
  slot->slot = (char **) &names->pdata[index];
  slot->line = ((VnlObject *) object)->line;
  return TRUE;
}

static void
propagated_to_json (gpointer     object,
                    JsonBuilder *builder)
{
  GPtrArray *names = hub_routing_of (object)->propagated;

  json_builder_begin_array (builder);
  for (guint i = 0; i < names->len; i++)
    json_builder_add_string_value (builder, names->pdata[i] != NULL ? names->pdata[i] : "");
  json_builder_end_array (builder);
}

static GPtrArray *
hub_routes_of (gpointer object)
{
  if (((VnlObject *) object)->kind == VNL_KIND_HUB_CONNECTION)
    return ((VnlHubConnection *) object)->routes;
  return ((VnlHubRouteTable *) object)->routes;
}

static gboolean
hub_route_next_hop_slot (gpointer    object,
                         guint       index,
                         VnlRefSlot *slot)
{
  GPtrArray *routes = hub_routes_of (object);

  if (index >= routes->len)
    return FALSE;
  slot->slot = &((VnlHubRoute *) routes->pdata[index])->next_hop;
  slot->line = ((VnlHubRoute *) routes->pdata[index])->line;
  return TRUE;
}

static void
hub_routes_to_json (gpointer     object,
                    JsonBuilder *builder)
{
  GPtrArray *routes = hub_routes_of (object);

  json_builder_begin_array (builder);
  for (guint i = 0; i < routes->len; i++)
    {
      VnlHubRoute *route = routes->pdata[i];
      g_autofree char *prefix = vnl_prefix_to_string (&route->prefix);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, route->name != NULL ? route->name : "");
      json_builder_set_member_name (builder, "prefix");
      json_builder_add_string_value (builder, prefix);
      json_builder_set_member_name (builder, "next_hop");
      if (route->next_hop != NULL)
        json_builder_add_string_value (builder, route->next_hop);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "next_hop_ip");
      if (route->next_hop_ip != 0)
        {
          g_autofree char *ip = vnl_ip_to_string (route->next_hop_ip);
          json_builder_add_string_value (builder, ip);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* New objects: defaults and lists */

static void
subnet_free (VnlSubnet *subnet)
{
  g_free (subnet->name);
  g_free (subnet);
}

static void
site_hop_free (VnlSiteHop *hop)
{
  g_free (hop->name);
  g_free (hop);
}

static void
ce_policy_free (VnlCePolicy *policy)
{
  g_free (policy->peer);
  g_clear_pointer (&policy->export_prefixes, g_array_unref);
  g_free (policy);
}

void
_vnl_udr_free (VnlUdr *udr)
{
  g_free (udr->name);
  g_free (udr);
}

void
_vnl_udr_subnet_free (VnlUdrSubnet *assoc)
{
  g_free (assoc->vnet);
  g_free (assoc->subnet);
  g_free (assoc);
}

static void
location_init (gpointer object)
{
  ((VnlLocation *) object)->intra_ms = -1;  /* the design default */
}

static void
vnet_init (gpointer object)
{
  ((VnlVnet *) object)->subnets = g_ptr_array_new_with_free_func ((GDestroyNotify) subnet_free);
}

static void
vnet_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlVnet *) object)->subnets);
}

static void
gateway_init (gpointer object)
{
  ((VnlGateway *) object)->asn = VNL_AZURE_DEFAULT_ASN;
  ((VnlGateway *) object)->instances = g_array_new (FALSE, FALSE, sizeof (guint32));
  ((VnlGateway *) object)->instance_apipa = g_array_new (FALSE, TRUE, sizeof (guint32));
}

static void
gateway_finalize (gpointer object)
{
  g_array_unref (((VnlGateway *) object)->instances);
  g_array_unref (((VnlGateway *) object)->instance_apipa);
}

static void
circuit_init (gpointer object)
{
  ((VnlCircuit *) object)->microsoft_asn = VNL_MICROSOFT_ASN;
}

static void
site_init (gpointer object)
{
  ((VnlSite *) object)->hops = g_ptr_array_new_with_free_func ((GDestroyNotify) site_hop_free);
}

static void
site_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlSite *) object)->hops);
}

static void
ce_init (gpointer object)
{
  ((VnlCe *) object)->maximum_paths = 1;
  ((VnlCe *) object)->policies = g_ptr_array_new_with_free_func ((GDestroyNotify) ce_policy_free);
}

static void
ce_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlCe *) object)->policies);
}

static void hub_routing_init (VnlHubRouting *routing);

static void
s2s_init (gpointer object)
{
  ((VnlS2sConnection *) object)->bgp = TRUE;
  ((VnlS2sConnection *) object)->ike_version = 2;
  hub_routing_init (&((VnlS2sConnection *) object)->hub_routing);
}

static void
v2v_init (gpointer object)
{
  ((VnlV2vConnection *) object)->bgp = TRUE;
}

static void
peering_init (gpointer object)
{
  VnlPeering *peering = object;

  for (guint i = 0; i < 2; i++)
    {
      peering->side[i].allow_virtual_network_access = TRUE;
      peering->side[i].allow_forwarded_traffic = FALSE;
    }
}

static void
udr_table_init (gpointer object)
{
  VnlUdrTable *table = object;

  /* "Propagate gateway routes" is on for a new route table. */
  table->propagate_gateway_routes = TRUE;
  table->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_udr_free);
  table->subnets = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_udr_subnet_free);
}

static void
udr_table_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlUdrTable *) object)->routes);
  g_ptr_array_unref (((VnlUdrTable *) object)->subnets);
}

static void
nsg_init (gpointer object)
{
  VnlNsg *nsg = object;

  nsg->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_nsg_rule_free);
  nsg->subnets = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_udr_subnet_free);
  nsg->nics = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_nsg_nic_free);
}

static void
nsg_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlNsg *) object)->rules);
  g_ptr_array_unref (((VnlNsg *) object)->subnets);
  g_ptr_array_unref (((VnlNsg *) object)->nics);
}

static void
firewall_init (gpointer object)
{
  ((VnlFirewall *) object)->rule_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_fw_group_free);
}

static void
firewall_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlFirewall *) object)->rule_groups);
}

void
_vnl_hub_route_free (VnlHubRoute *route)
{
  g_free (route->name);
  g_free (route->next_hop);
  g_free (route);
}

static void
hub_routing_init (VnlHubRouting *routing)
{
  routing->propagated = g_ptr_array_new_with_free_func (g_free);
}

static void
hub_routing_clear (VnlHubRouting *routing)
{
  g_ptr_array_unref (routing->propagated);
}

static void
er_init (gpointer object)
{
  hub_routing_init (&((VnlErConnection *) object)->hub_routing);
}

static void
er_finalize (gpointer object)
{
  hub_routing_clear (&((VnlErConnection *) object)->hub_routing);
}

static void
s2s_finalize (gpointer object)
{
  hub_routing_clear (&((VnlS2sConnection *) object)->hub_routing);
}

/* "Enabling branch-to-branch is enabled by default" (virtual-wan-faq.md). */
static void
virtual_wan_init (gpointer object)
{
  ((VnlVirtualWan *) object)->branch_to_branch = TRUE;
}

static void
virtual_hub_init (gpointer object)
{
  VnlVirtualHub *hub = object;

  /* "the virtual hub router ... ASN 65515" (virtual-wan-faq.md). */
  hub->asn = VNL_AZURE_DEFAULT_ASN;
  hub->address_prefix.len = 24;
}

static void
hub_connection_init (gpointer object)
{
  VnlHubConnection *conn = object;

  hub_routing_init (&conn->routing);
  /* enableInternetSecurity is on for a new VNet connection, off for VPN
   * and ExpressRoute ones (spec §1.3 D, [VWAN-EFF]). */
  conn->routing.internet_security = TRUE;
  conn->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_hub_route_free);
}

static void
hub_connection_finalize (gpointer object)
{
  hub_routing_clear (&((VnlHubConnection *) object)->routing);
  g_ptr_array_unref (((VnlHubConnection *) object)->routes);
}

static void
hub_route_table_init (gpointer object)
{
  ((VnlHubRouteTable *) object)->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_hub_route_free);
}

static void
hub_route_table_finalize (gpointer object)
{
  g_ptr_array_unref (((VnlHubRouteTable *) object)->routes);
}

/* The table */

static const VnlField location_fields[] = {
  { "location-kind", N_("Kind"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, VNL_FIELD_COPY, OFF (VnlLocation, location_kind),
    0, 0, "type", 0, 0, { "azure-region", "peering-location", "on-premises" }, .xml = "kind" },
  VAL ("display-name", N_("Display name"), VNL_FIELD_STRING, VNL_FIELD_OPTIONAL | VNL_FIELD_COPY | VNL_FIELD_OMIT,
       VnlLocation, display_name, "display_name", 0, 0),
  { NULL }
};

static const VnlField vnet_fields[] = {
  { "location", N_("Location"), VNL_FIELD_STRING, VNL_ROLE_REF, OPTIONAL_INSPECT_COPY, OFF (VnlVnet, location),
    VNL_KIND_LOCATION, VNL_KIND_LOCATION, "location", 0, 0, { 0 }, N_("Azure region of the VNet") },
  { "address-spaces", N_("Address spaces"), VNL_FIELD_PREFIXES, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_ELEMENT,
    OFF (VnlVnet, address_spaces), 0, 0, "address_spaces", 0, 0, { 0 }, N_("Comma-separated prefixes, e.g. 10.1.0.0/16"),
    .xml = "address-space" },
  { "subnets", N_("Subnets"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT, OFF (VnlVnet, subnets),
    0, 0, "subnets", .xml = "subnet", .to_json = subnets_to_json },
  { NULL }
};

static const VnlField endpoint_fields[] = {
  REF ("owner", N_("Owner"), VNL_ROLE_OWNER, 0, VnlEndpoint, owner, VNL_KIND_VNET, VNL_KIND_SITE, "owner"),
  VAL ("address", N_("Address"), VNL_FIELD_IP, INSPECT_COPY, VnlEndpoint, address, "address", 0, 0),
  VAL ("private-endpoint", N_("Private endpoint"), VNL_FIELD_BOOL, INSPECT_COPY | VNL_FIELD_OMIT, VnlEndpoint,
       private_endpoint, "private_endpoint", 0, 0),
  { "application-security-groups", N_("Application security groups"), VNL_FIELD_STRING, VNL_ROLE_NONE,
    OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, OFF (VnlEndpoint, asgs), 0, 0, "application_security_groups", 0, 0, { 0 },
    N_("Its NIC's application security groups, comma-separated; a security rule names one as asg:NAME") },
  { NULL }
};

static const VnlField gateway_fields[] = {
  REF ("vnet", N_("VNet"), VNL_ROLE_OWNER, 0, VnlGateway, vnet, VNL_KIND_VNET, VNL_KIND_VIRTUAL_HUB, "vnet"),
  { "type", N_("Type"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlGateway, type),
    0, 0, "type", 0, 0, { "vpn", "expressroute" } },
  VAL ("sku", N_("SKU"), VNL_FIELD_STRING, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlGateway, sku, "sku", 0, 0),
  VAL ("asn", N_("ASN"), VNL_FIELD_UINT, INSPECT_COPY | VNL_FIELD_ASN, VnlGateway, asn, "asn", 1, G_MAXUINT32),
  { "instances", N_("Instance addresses"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT, OFF (VnlGateway, instances),
    0, 0, "instances", .xml = "instance", .to_json = instances_to_json },
  VAL ("bgp-address", N_("BGP address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlGateway, bgp_address, "bgp_address", 0, 0),
  VAL ("public-address", N_("Public address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlGateway, public_address,
       "public_address", 0, 0),
  VAL ("active-active", N_("Active-active"), VNL_FIELD_BOOL, INSPECT_COPY | VNL_FIELD_OMIT, VnlGateway, active_active, "active_active", 0, 0),
  { NULL }
};

static const VnlField circuit_fields[] = {
  VAL ("provider", N_("Provider"), VNL_FIELD_STRING, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlCircuit, provider, "provider", 0, 0),
  REF ("peering-location", N_("Peering location"), VNL_ROLE_REF, OPTIONAL_INSPECT_COPY, VnlCircuit, peering_location,
       VNL_KIND_LOCATION, VNL_KIND_LOCATION, "peering_location"),
  VAL ("bandwidth-mbps", N_("Bandwidth (Mbps)"), VNL_FIELD_UINT, INSPECT_COPY, VnlCircuit, bandwidth_mbps,
       "bandwidth_mbps", 50, 100000),
  { "sku", N_("SKU"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlCircuit, sku),
    0, 0, "sku", 0, 0, { "standard", "premium" } },
  VAL ("microsoft-asn", N_("Microsoft ASN"), VNL_FIELD_UINT, VNL_FIELD_COPY | VNL_FIELD_ASN, VnlCircuit, microsoft_asn,
       "microsoft_asn", 1, G_MAXUINT32),
  VAL ("peer-asn", N_("Peer ASN"), VNL_FIELD_UINT, INSPECT_COPY | VNL_FIELD_ASN, VnlCircuit, peer_asn, "peer_asn", 1, G_MAXUINT32),
  { "vlan", N_("VLAN"), VNL_FIELD_UINT, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlCircuit, vlan),
    0, 0, "vlan", 1, 4094, .file_max = 4094 },
  /* The names of its two links, kept by the loader and by rename. */
  REF ("primary-link", N_("Primary link"), VNL_ROLE_REF, VNL_FIELD_OPTIONAL | VNL_FIELD_INTERNAL, VnlCircuit, links[0],
       VNL_KIND_LINK, VNL_KIND_LINK, "primary_link"),
  REF ("secondary-link", N_("Secondary link"), VNL_ROLE_REF, VNL_FIELD_OPTIONAL | VNL_FIELD_INTERNAL, VnlCircuit, links[1],
       VNL_KIND_LINK, VNL_KIND_LINK, "secondary_link"),
  { NULL }
};

static const VnlField link_fields[] = {
  REF ("circuit", N_("Circuit"), VNL_ROLE_END_A, VNL_FIELD_PART_OF, VnlLink, circuit, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT, "circuit"),
  /* Deleting the CE only detaches the link: it is part of its circuit. */
  REF ("ce", N_("CE router"), VNL_ROLE_END_B, VNL_FIELD_OPTIONAL | VNL_FIELD_DETACH, VnlLink, ce,
       VNL_KIND_CE, VNL_KIND_CE, "ce"),
  { "role", N_("Role"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, 0, OFF (VnlLink, role),
    0, 0, "role", 0, 0, { "primary", "secondary" } },
  VAL ("subnet", N_("Subnet (/30)"), VNL_FIELD_PREFIX, INSPECT_COPY, VnlLink, subnet, "subnet", 0, 0),
  VAL ("ce-address", N_("CE address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY, VnlLink, ce_address, "ce_address", 0, 0),
  VAL ("msee-address", N_("MSEE address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY, VnlLink, msee_address,
       "msee_address", 0, 0),
  { NULL }
};

static const VnlField site_fields[] = {
  REF ("location", N_("Location"), VNL_ROLE_REF, OPTIONAL_INSPECT_COPY, VnlSite, location,
       VNL_KIND_LOCATION, VNL_KIND_LOCATION, "location"),
  VAL_XML ("prefixes", N_("Prefixes"), VNL_FIELD_PREFIXES, INSPECT_COPY | VNL_FIELD_ELEMENT, VnlSite, prefixes,
           "prefixes", "prefix"),
  { "hops", N_("Hops"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT, OFF (VnlSite, hops),
    0, 0, "hops", .xml = "hop", .to_json = hops_to_json },
  { NULL }
};

static const VnlField ce_fields[] = {
  REF ("site", N_("Site"), VNL_ROLE_OWNER, 0, VnlCe, site, VNL_KIND_SITE, VNL_KIND_SITE, "site"),
  VAL ("asn", N_("ASN"), VNL_FIELD_UINT, INSPECT_COPY | VNL_FIELD_ASN, VnlCe, asn, "asn", 1, G_MAXUINT32),
  VAL ("lan-address", N_("LAN address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY, VnlCe, lan_address, "lan_address", 0, 0),
  VAL ("tunnel-address", N_("Tunnel address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlCe, tunnel_address,
       "tunnel_address", 0, 0),
  VAL ("public-address", N_("Public address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlCe, public_address,
       "public_address", 0, 0),
  { "maximum-paths", N_("Maximum paths"), VNL_FIELD_UINT, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlCe, maximum_paths),
    0, 0, "maximum_paths", 1, 64, .file_max = 256 },
  { "advertises", N_("Advertises"), VNL_FIELD_PREFIXES, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_ELEMENT,
    OFF (VnlCe, advertises), 0, 0, "advertises", 0, 0, { 0 }, N_("Empty = the site's prefixes"), .xml = "advertise" },
  { "policies", N_("BGP neighbour policies"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT, OFF (VnlCe, policies),
    VNL_KIND_LINK, VNL_KIND_S2S_CONNECTION, "policies", .ref_label = "neighbor peer", .xml = "neighbor",
    .ref_slot = policy_peer_slot, .to_json = policies_to_json },
  { NULL }
};

static const VnlField lng_fields[] = {
  REF ("location", N_("Location"), VNL_ROLE_REF, VNL_FIELD_OPTIONAL | VNL_FIELD_COPY | VNL_FIELD_OMIT, VnlLng, location,
       VNL_KIND_LOCATION, VNL_KIND_LOCATION, "location"),
  VAL ("public-address", N_("Public address"), VNL_FIELD_IP, INSPECT_COPY, VnlLng, public_address, "public_address", 0, 0),
  VAL_XML ("prefixes", N_("Prefixes"), VNL_FIELD_PREFIXES, OPTIONAL_INSPECT_COPY | VNL_FIELD_ELEMENT, VnlLng, prefixes,
           "prefixes", "prefix"),
  { "asn", N_("ASN"), VNL_FIELD_UINT, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_ASN | VNL_FIELD_OMIT, OFF (VnlLng, asn),
    0, 0, "asn", 0, G_MAXUINT32, { 0 }, N_("0 = no BGP") },
  VAL ("bgp-address", N_("BGP address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlLng, bgp_address, "bgp_address", 0, 0),
  REF ("ce", N_("CE router"), VNL_ROLE_REF, VNL_FIELD_OPTIONAL | VNL_FIELD_OMIT, VnlLng, ce, VNL_KIND_CE, VNL_KIND_CE, "ce"),
  { NULL }
};

/* The routing configuration of a connection to a hub (VnlHubRouting at
 * @member of @type); @flags: the file's omission of the branch kinds. */
#define HUB_ROUTING_FIELDS(type, member, flags) \
  REF ("associated-route-table", N_("Associated route table"), VNL_ROLE_REF, \
       OPTIONAL_INSPECT_COPY | VNL_FIELD_DETACH | VNL_FIELD_OMIT, type, member.associated, \
       VNL_KIND_HUB_ROUTE_TABLE, VNL_KIND_HUB_ROUTE_TABLE, "associated_route_table"), \
  { "propagated-route-tables", N_("Propagated route tables"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT, \
    OFF (type, member.propagated), VNL_KIND_HUB_ROUTE_TABLE, VNL_KIND_HUB_ROUTE_TABLE, "propagated_route_tables", \
    .ref_label = "propagated route table", .xml = "propagate", .ref_slot = propagated_slot, \
    .to_json = propagated_to_json }, \
  { "propagated-labels", N_("Propagated labels"), VNL_FIELD_STRING, VNL_ROLE_NONE, \
    OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, OFF (type, member.labels), 0, 0, "propagated_labels", 0, 0, { 0 }, \
    N_("Comma-separated; empty = default, none = no label") }, \
  VAL ("internet-security", N_("Internet security"), VNL_FIELD_BOOL, INSPECT_COPY | (flags), type, \
       member.internet_security, "internet_security", 0, 0)

static const VnlField er_fields[] = {
  REF ("gateway", N_("Gateway"), VNL_ROLE_END_A, 0, VnlErConnection, gateway, VNL_KIND_GATEWAY, VNL_KIND_GATEWAY, "a"),
  REF ("circuit", N_("Circuit"), VNL_ROLE_END_B, 0, VnlErConnection, circuit, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT, "b"),
  VAL ("routing-weight", N_("Routing weight"), VNL_FIELD_UINT, INSPECT_COPY, VnlErConnection, routing_weight,
       "routing_weight", 0, 32000),
  HUB_ROUTING_FIELDS (VnlErConnection, hub_routing, VNL_FIELD_OMIT),
  { NULL }
};

static const VnlField global_reach_fields[] = {
  REF ("circuit-a", N_("Circuit A"), VNL_ROLE_END_A, 0, VnlGlobalReach, circuit_a, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT, "a"),
  REF ("circuit-b", N_("Circuit B"), VNL_ROLE_END_B, 0, VnlGlobalReach, circuit_b, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT, "b"),
  { NULL }
};

static const VnlField s2s_fields[] = {
  REF ("gateway", N_("Gateway"), VNL_ROLE_END_A, 0, VnlS2sConnection, gateway, VNL_KIND_GATEWAY, VNL_KIND_GATEWAY, "a"),
  REF ("local-network-gateway", N_("Local network gateway"), VNL_ROLE_END_B, 0, VnlS2sConnection, lng,
       VNL_KIND_LNG, VNL_KIND_LNG, "b"),
  VAL ("bgp", N_("BGP"), VNL_FIELD_BOOL, INSPECT_COPY, VnlS2sConnection, bgp, "bgp", 0, 0),
  { "ike-version", N_("IKE version"), VNL_FIELD_UINT, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlS2sConnection, ike_version),
    0, 0, "ike_version", 1, 2, .file_max = 2 },
  { "shared-key", N_("Shared key"), VNL_FIELD_STRING, VNL_ROLE_SECRET, VNL_FIELD_OPTIONAL | VNL_FIELD_COPY | VNL_FIELD_OMIT,
    OFF (VnlS2sConnection, shared_key), 0, 0, NULL },
  HUB_ROUTING_FIELDS (VnlS2sConnection, hub_routing, VNL_FIELD_OMIT),
  { NULL }
};

static const VnlField v2v_fields[] = {
  REF ("gateway-a", N_("Gateway A"), VNL_ROLE_END_A, 0, VnlV2vConnection, gateway_a, VNL_KIND_GATEWAY, VNL_KIND_GATEWAY, "a"),
  REF ("gateway-b", N_("Gateway B"), VNL_ROLE_END_B, 0, VnlV2vConnection, gateway_b, VNL_KIND_GATEWAY, VNL_KIND_GATEWAY, "b"),
  VAL ("bgp", N_("BGP"), VNL_FIELD_BOOL, INSPECT_COPY, VnlV2vConnection, bgp, "bgp", 0, 0),
  { "shared-key", N_("Shared key"), VNL_FIELD_STRING, VNL_ROLE_SECRET, VNL_FIELD_OPTIONAL | VNL_FIELD_COPY | VNL_FIELD_OMIT,
    OFF (VnlV2vConnection, shared_key), 0, 0, NULL },
  { NULL }
};

/* The side options of a peering: in the file, attributes of its two
 * <side vnet="…"> elements (the key without its "a-" or "b-"); the
 * inspector names each side by its VNet. */
#define SIDE(key, label, flag, i, field, json) \
  VAL_XML (key, label, VNL_FIELD_BOOL, flag | VNL_FIELD_ELEMENT | VNL_FIELD_COPY, VnlPeering, side[i].field, json, \
           (key) + 2)

static const VnlField peering_fields[] = {
  REF ("vnet-a", N_("VNet A"), VNL_ROLE_END_A, 0, VnlPeering, vnet_a, VNL_KIND_VNET, VNL_KIND_VNET, "a"),
  REF ("vnet-b", N_("VNet B"), VNL_ROLE_END_B, 0, VnlPeering, vnet_b, VNL_KIND_VNET, VNL_KIND_VNET, "b"),
  SIDE ("a-allow-virtual-network-access", N_("Allow virtual network access"), VNL_FIELD_SIDE_A, 0,
        allow_virtual_network_access, "a_allow_virtual_network_access"),
  SIDE ("a-allow-forwarded-traffic", N_("Allow forwarded traffic"), VNL_FIELD_SIDE_A | VNL_FIELD_INSPECT, 0,
        allow_forwarded_traffic, "a_allow_forwarded_traffic"),
  SIDE ("a-allow-gateway-transit", N_("Allow gateway transit"), VNL_FIELD_SIDE_A | VNL_FIELD_INSPECT, 0,
        allow_gateway_transit, "a_allow_gateway_transit"),
  SIDE ("a-use-remote-gateways", N_("Use remote gateways"), VNL_FIELD_SIDE_A | VNL_FIELD_INSPECT, 0,
        use_remote_gateways, "a_use_remote_gateways"),
  SIDE ("b-allow-virtual-network-access", N_("Allow virtual network access"), VNL_FIELD_SIDE_B, 1,
        allow_virtual_network_access, "b_allow_virtual_network_access"),
  SIDE ("b-allow-forwarded-traffic", N_("Allow forwarded traffic"), VNL_FIELD_SIDE_B | VNL_FIELD_INSPECT, 1,
        allow_forwarded_traffic, "b_allow_forwarded_traffic"),
  SIDE ("b-allow-gateway-transit", N_("Allow gateway transit"), VNL_FIELD_SIDE_B | VNL_FIELD_INSPECT, 1,
        allow_gateway_transit, "b_allow_gateway_transit"),
  SIDE ("b-use-remote-gateways", N_("Use remote gateways"), VNL_FIELD_SIDE_B | VNL_FIELD_INSPECT, 1,
        use_remote_gateways, "b_use_remote_gateways"),
  { NULL }
};

static const VnlTile endpoint_tiles[] = {
  { "endpoint", N_("Endpoint (VM)") },
  { NULL }
};

static const VnlTile gateway_tiles[] = {
  { "vpn-gateway", N_("VPN gateway"), "vnl-vpn-gateway.svg", "type", "vpn" },
  { "er-gateway", N_("ExpressRoute gateway"), "vnl-er-gateway.svg", "type", "expressroute" },
  { NULL }
};

/* A route table: the subnets it is associated with name their VNet (a
 * reference: renaming the VNet follows, deleting it leaves the association
 * dangling for validation to report). */
static const VnlField udr_table_fields[] = {
  VAL ("propagate-gateway-routes", N_("Propagate gateway routes"), VNL_FIELD_BOOL, INSPECT_COPY, VnlUdrTable,
       propagate_gateway_routes, "propagate_gateway_routes", 0, 0),
  { "routes", N_("Routes"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT, OFF (VnlUdrTable, routes),
    0, 0, "routes", .xml = "route", .to_json = udr_routes_to_json },
  { "associations", N_("Subnets"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT,
    OFF (VnlUdrTable, subnets), VNL_KIND_VNET, VNL_KIND_VNET, "subnets", .ref_label = "subnet VNet",
    .xml = "subnet", .ref_slot = udr_subnet_vnet_slot, .to_json = udr_subnets_to_json },
  { NULL }
};

/* Network virtual appliances and Azure Firewall (issue 14). */
static const VnlField appliance_fields[] = {
  REF ("vnet", N_("VNet"), VNL_ROLE_OWNER, 0, VnlAppliance, vnet, VNL_KIND_VNET, VNL_KIND_VNET, "vnet"),
  VAL ("address", N_("NIC address"), VNL_FIELD_IP, INSPECT_COPY, VnlAppliance, address, "address", 0, 0),
  VAL ("address-2", N_("Second NIC address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlAppliance,
       address_2, "address_2", 0, 0),
  { "frontend", N_("Load balancer frontend"), VNL_FIELD_IP, VNL_ROLE_NONE,
    OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, OFF (VnlAppliance, frontend), 0, 0, "frontend", 0, 0, { 0 },
    N_("The internal load balancer frontend IP of the appliances sharing it (an HA pair)") },
  VAL ("stateful", N_("Stateful"), VNL_FIELD_BOOL, INSPECT_COPY | VNL_FIELD_OMIT, VnlAppliance, stateful, "stateful", 0, 0),
  { "asn", N_("ASN"), VNL_FIELD_UINT, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_ASN | VNL_FIELD_OMIT, OFF (VnlAppliance, asn),
    0, 0, "asn", 0, G_MAXUINT32, { 0 }, N_("0 = no BGP (a route server's peer needs one)") },
  { "advertises", N_("Advertises"), VNL_FIELD_PREFIXES, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_ELEMENT,
    OFF (VnlAppliance, advertises), 0, 0, "advertises", 0, 0, { 0 },
    N_("Prefixes it announces over BGP, besides what its SD-WAN branches announce"), .xml = "advertise" },
  { "no-advertise", N_("NO_ADVERTISE community"), VNL_FIELD_BOOL, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlAppliance, no_advertise), 0, 0, "no_advertise", 0, 0, { 0 },
    N_("Its routes carry 65535:65282: programmed into the VNet, sent to no other peer") },
  { NULL }
};

/* Azure Route Server (issue 16) and what it peers with. */
static const VnlField route_server_fields[] = {
  REF ("vnet", N_("VNet"), VNL_ROLE_OWNER, 0, VnlRouteServer, vnet, VNL_KIND_VNET, VNL_KIND_VNET, "vnet"),
  { "address-1", N_("Instance address 1"), VNL_FIELD_IP, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlRouteServer, addresses[0]), 0, 0, "address_1", 0, 0, { 0 },
    N_("Unset: the 4th address of RouteServerSubnet") },
  { "address-2", N_("Instance address 2"), VNL_FIELD_IP, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlRouteServer, addresses[1]), 0, 0, "address_2", 0, 0, { 0 },
    N_("Unset: the 5th address of RouteServerSubnet") },
  { "branch-to-branch", N_("Branch-to-branch"), VNL_FIELD_BOOL, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlRouteServer, branch_to_branch), 0, 0, "branch_to_branch", 0, 0, { 0 },
    N_("Exchange routes between the appliances and the VNet's ExpressRoute and VPN gateways") },
  { "hub-routing-preference", N_("Hub routing preference"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, INSPECT_COPY,
    OFF (VnlRouteServer, preference), 0, 0, "hub_routing_preference", 0, 0, { "expressroute", "vpn-nva", "as-path" } },
  { NULL }
};

static const VnlField rs_peering_fields[] = {
  REF ("route-server", N_("Route server"), VNL_ROLE_END_A, 0, VnlRsPeering, route_server,
       VNL_KIND_ROUTE_SERVER, VNL_KIND_ROUTE_SERVER, "a"),
  REF ("appliance", N_("Appliance"), VNL_ROLE_END_B, 0, VnlRsPeering, appliance, VNL_KIND_APPLIANCE, VNL_KIND_APPLIANCE, "b"),
  VAL ("peer-asn", N_("Peer ASN"), VNL_FIELD_UINT, INSPECT_COPY | VNL_FIELD_ASN, VnlRsPeering, peer_asn, "peer_asn", 1, G_MAXUINT32),
  { "peer-ip", N_("Peer IP"), VNL_FIELD_IP, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlRsPeering, peer_ip), 0, 0, "peer_ip", 0, 0, { 0 }, N_("Unset: the appliance's NIC address") },
  { NULL }
};

static const VnlField sdwan_tunnel_fields[] = {
  REF ("appliance", N_("Appliance"), VNL_ROLE_END_A, 0, VnlSdwanTunnel, appliance, VNL_KIND_APPLIANCE, VNL_KIND_APPLIANCE, "a"),
  REF ("ce", N_("CE router"), VNL_ROLE_END_B, 0, VnlSdwanTunnel, ce, VNL_KIND_CE, VNL_KIND_CE, "b"),
  { NULL }
};

static const VnlField firewall_fields[] = {
  REF ("vnet", N_("VNet"), VNL_ROLE_OWNER, 0, VnlFirewall, vnet, VNL_KIND_VNET, VNL_KIND_VIRTUAL_HUB, "vnet"),
  VAL ("address", N_("Private address"), VNL_FIELD_IP, INSPECT_COPY, VnlFirewall, address, "address", 0, 0),
  VAL ("public-address", N_("Public address"), VNL_FIELD_IP, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT, VnlFirewall,
       public_address, "public_address", 0, 0),
  { "management", N_("Management subnet"), VNL_FIELD_BOOL, VNL_ROLE_NONE, INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlFirewall, management), 0, 0, "management", 0, 0, { 0 },
    N_("A management NIC in AzureFirewallManagementSubnet: forced tunnelling") },
  { "network-rules", N_("Network rules"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT,
    OFF (VnlFirewall, rule_groups), 0, 0, "network_rules", .xml = "rule-collection-group",
    .to_json = firewall_rules_to_json },
  { NULL }
};

/* A network security group: its subnets name their VNet and its NICs
 * their endpoint (references: renames follow, a deleted VNet or endpoint
 * leaves the association for validation to report). */
static const VnlField nsg_fields[] = {
  { "security-rules", N_("Security rules"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT, OFF (VnlNsg, rules),
    0, 0, "rules", .xml = "rule", .to_json = nsg_rules_to_json },
  { "associations", N_("Subnets"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT,
    OFF (VnlNsg, subnets), VNL_KIND_VNET, VNL_KIND_VNET, "subnets", .ref_label = "subnet VNet",
    .xml = "subnet", .ref_slot = nsg_subnet_vnet_slot, .to_json = nsg_subnets_to_json },
  { "nics", N_("Network interfaces"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT,
    OFF (VnlNsg, nics), VNL_KIND_ENDPOINT, VNL_KIND_ENDPOINT, "nics", .ref_label = "NIC endpoint",
    .xml = "nic", .ref_slot = nsg_nic_slot, .to_json = nsg_nics_to_json },
  { NULL }
};

/* Virtual WAN (issue 16; articles/virtual-wan/). */
static const VnlField virtual_wan_fields[] = {
  { "type", N_("Type"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, INSPECT_COPY, OFF (VnlVirtualWan, type),
    0, 0, "type", 0, 0, { "standard", "basic" } },
  { "branch-to-branch", N_("Branch-to-branch"), VNL_FIELD_BOOL, VNL_ROLE_NONE, INSPECT_COPY,
    OFF (VnlVirtualWan, branch_to_branch), 0, 0, "branch_to_branch", 0, 0, { 0 },
    N_("Transit between VPN sites and ExpressRoute circuits through the hubs") },
  { NULL }
};

static const VnlField virtual_hub_fields[] = {
  REF ("wan", N_("Virtual WAN"), VNL_ROLE_REF, VNL_FIELD_INSPECT, VnlVirtualHub, wan,
       VNL_KIND_VIRTUAL_WAN, VNL_KIND_VIRTUAL_WAN, "wan"),
  REF ("location", N_("Location"), VNL_ROLE_REF, OPTIONAL_INSPECT_COPY, VnlVirtualHub, location,
       VNL_KIND_LOCATION, VNL_KIND_LOCATION, "location"),
  { "address-prefix", N_("Address prefix"), VNL_FIELD_PREFIX, VNL_ROLE_NONE, INSPECT_COPY,
    OFF (VnlVirtualHub, address_prefix), 0, 0, "address_prefix", 0, 0, { 0 }, N_("The hub's range, /24 or larger") },
  VAL ("asn", N_("Hub router ASN"), VNL_FIELD_UINT, VNL_FIELD_COPY | VNL_FIELD_ASN, VnlVirtualHub, asn, "asn", 1, G_MAXUINT32),
  { "routing-preference", N_("Hub routing preference"), VNL_FIELD_CHOICE, VNL_ROLE_NONE, INSPECT_COPY,
    OFF (VnlVirtualHub, preference), 0, 0, "routing_preference", 0, 0, { "expressroute", "vpn", "as-path" } },
  REF ("internet-policy", N_("Internet traffic policy"), VNL_ROLE_REF,
       VNL_FIELD_OPTIONAL | VNL_FIELD_INSPECT | VNL_FIELD_DETACH | VNL_FIELD_OMIT, VnlVirtualHub, internet_policy,
       VNL_KIND_FIREWALL, VNL_KIND_FIREWALL, "internet_policy"),
  REF ("private-policy", N_("Private traffic policy"), VNL_ROLE_REF,
       VNL_FIELD_OPTIONAL | VNL_FIELD_INSPECT | VNL_FIELD_DETACH | VNL_FIELD_OMIT, VnlVirtualHub, private_policy,
       VNL_KIND_FIREWALL, VNL_KIND_FIREWALL, "private_policy"),
  { NULL }
};

static const VnlField hub_connection_fields[] = {
  REF ("vnet", N_("VNet"), VNL_ROLE_END_A, 0, VnlHubConnection, vnet, VNL_KIND_VNET, VNL_KIND_VNET, "a"),
  REF ("hub", N_("Virtual hub"), VNL_ROLE_END_B, 0, VnlHubConnection, hub, VNL_KIND_VIRTUAL_HUB,
       VNL_KIND_VIRTUAL_HUB, "b"),
  HUB_ROUTING_FIELDS (VnlHubConnection, routing, 0),
  { "static-routes", N_("Static routes"), VNL_FIELD_OTHER, VNL_ROLE_NONE, VNL_FIELD_ELEMENT,
    OFF (VnlHubConnection, routes), 0, 0, "static_routes", .xml = "route", .to_json = hub_routes_to_json },
  { NULL }
};

static const VnlField hub_route_table_fields[] = {
  REF ("hub", N_("Virtual hub"), VNL_ROLE_OWNER, 0, VnlHubRouteTable, hub, VNL_KIND_VIRTUAL_HUB,
       VNL_KIND_VIRTUAL_HUB, "hub"),
  { "labels", N_("Labels"), VNL_FIELD_STRING, VNL_ROLE_NONE, OPTIONAL_INSPECT_COPY | VNL_FIELD_OMIT,
    OFF (VnlHubRouteTable, labels), 0, 0, "labels", 0, 0, { 0 }, N_("Comma-separated") },
  { "is-default", N_("Default route table"), VNL_FIELD_BOOL, VNL_ROLE_NONE, VNL_FIELD_INSPECT | VNL_FIELD_OMIT,
    OFF (VnlHubRouteTable, is_default), 0, 0, "is_default", 0, 0, { 0 },
    N_("Stands for its hub's Default route table (label default)"), .xml = "default" },
  { "static-routes", N_("Static routes"), VNL_FIELD_OTHER, VNL_ROLE_REF, VNL_FIELD_ELEMENT,
    OFF (VnlHubRouteTable, routes), VNL_KIND_HUB_CONNECTION, VNL_KIND_FIREWALL, "static_routes",
    .ref_label = "static route next hop", .xml = "route", .ref_slot = hub_route_next_hop_slot,
    .to_json = hub_routes_to_json },
  { NULL }
};

static const VnlKindInfo kind_table[VNL_N_KINDS] = {
  [VNL_KIND_LOCATION] = {
    .kind = VNL_KIND_LOCATION, .name = "location", .label = N_("Location"),
    .shape = VNL_SHAPE_NONE, .layer = 0, .size = sizeof (VnlLocation), .fields = location_fields,
    .init = location_init, .outside_azure = TRUE,
  },
  [VNL_KIND_VNET] = {
    .kind = VNL_KIND_VNET, .name = "vnet", .label = N_("Virtual network"),
    .icon = "vnl-vnet.svg", .shape = VNL_SHAPE_NODE, .layer = 0, .container = TRUE, .palette = TRUE,
    .hint = N_("An Azure VNet with its address space"),
    .size = sizeof (VnlVnet), .fields = vnet_fields, .init = vnet_init, .finalize = vnet_finalize,
  },
  [VNL_KIND_ENDPOINT] = {
    .kind = VNL_KIND_ENDPOINT, .name = "endpoint", .label = N_("Endpoint"),
    .icon = "vnl-endpoint.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Drop on a VNet or a site"), .tiles = endpoint_tiles,
    .size = sizeof (VnlEndpoint), .fields = endpoint_fields,
  },
  [VNL_KIND_GATEWAY] = {
    .kind = VNL_KIND_GATEWAY, .name = "gateway", .label = N_("Virtual network gateway"),
    .icon = "vnl-vpn-gateway.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Drop on a VNet"), .tiles = gateway_tiles,
    .size = sizeof (VnlGateway), .fields = gateway_fields, .label_of = gateway_label, .icon_of = gateway_icon, .init = gateway_init,
    .finalize = gateway_finalize,
  },
  [VNL_KIND_CIRCUIT] = {
    .kind = VNL_KIND_CIRCUIT, .name = "circuit", .label = N_("ExpressRoute circuit"),
    .icon = "vnl-circuit.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("A circuit with its MSEE pair"),
    .size = sizeof (VnlCircuit), .fields = circuit_fields, .init = circuit_init,
  },
  [VNL_KIND_LINK] = {
    .kind = VNL_KIND_LINK, .name = "link", .label = N_("Circuit link"),
    .shape = VNL_SHAPE_LINK, .layer = 2, .size = sizeof (VnlLink), .fields = link_fields,
  },
  [VNL_KIND_SITE] = {
    .kind = VNL_KIND_SITE, .name = "site", .label = N_("On-premises site"),
    .icon = "vnl-site.svg", .shape = VNL_SHAPE_NODE, .layer = 0, .container = TRUE, .palette = TRUE,
    .hint = N_("A data centre or branch"), .outside_azure = TRUE,
    .size = sizeof (VnlSite), .fields = site_fields, .init = site_init, .finalize = site_finalize,
  },
  [VNL_KIND_CE] = {
    .kind = VNL_KIND_CE, .name = "ce", .label = N_("CE router"),
    .icon = "vnl-ce.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Drop on a site"), .size = sizeof (VnlCe), .outside_azure = TRUE,
    .fields = ce_fields, .init = ce_init, .finalize = ce_finalize,
  },
  [VNL_KIND_LNG] = {
    .kind = VNL_KIND_LNG, .name = "local-network-gateway", .label = N_("Local network gateway"),
    .icon = "vnl-lng.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Azure's view of an on-premises VPN device"), .size = sizeof (VnlLng),
    .fields = lng_fields,
  },
  [VNL_KIND_ER_CONNECTION] = {
    .kind = VNL_KIND_ER_CONNECTION, .name = "expressroute-connection", .label = N_("ExpressRoute connection"),
    .shape = VNL_SHAPE_LINK, .layer = 1, .size = sizeof (VnlErConnection), .fields = er_fields,
    .init = er_init, .finalize = er_finalize,
  },
  [VNL_KIND_GLOBAL_REACH] = {
    .kind = VNL_KIND_GLOBAL_REACH, .name = "global-reach", .label = N_("Global Reach"),
    .shape = VNL_SHAPE_LINK, .layer = 5, .size = sizeof (VnlGlobalReach), .fields = global_reach_fields,
  },
  [VNL_KIND_S2S_CONNECTION] = {
    .kind = VNL_KIND_S2S_CONNECTION, .name = "s2s-connection", .label = N_("Site-to-site VPN connection"),
    .shape = VNL_SHAPE_LINK, .layer = 3, .size = sizeof (VnlS2sConnection), .fields = s2s_fields,
    .init = s2s_init, .finalize = s2s_finalize,
  },
  [VNL_KIND_V2V_CONNECTION] = {
    .kind = VNL_KIND_V2V_CONNECTION, .name = "vnet-to-vnet-connection", .label = N_("VNet-to-VNet connection"),
    .shape = VNL_SHAPE_LINK, .layer = 4, .size = sizeof (VnlV2vConnection), .fields = v2v_fields,
    .init = v2v_init,
  },
  [VNL_KIND_PEERING] = {
    .kind = VNL_KIND_PEERING, .name = "peering", .label = N_("VNet peering"),
    .shape = VNL_SHAPE_LINK, .layer = 0, .size = sizeof (VnlPeering), .fields = peering_fields,
    .init = peering_init,
  },
  [VNL_KIND_ROUTE_TABLE] = {
    .kind = VNL_KIND_ROUTE_TABLE, .name = "route-table", .label = N_("Route table"),
    .icon = "vnl-route-table.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("User-defined routes: drop on a VNet to associate it with a subnet"),
    .size = sizeof (VnlUdrTable), .fields = udr_table_fields, .init = udr_table_init,
    .finalize = udr_table_finalize,
  },
  [VNL_KIND_APPLIANCE] = {
    .kind = VNL_KIND_APPLIANCE, .name = "appliance", .label = N_("Network virtual appliance"),
    .icon = "vnl-appliance.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("A VM that forwards (IP forwarding on): drop on a VNet"),
    .size = sizeof (VnlAppliance), .fields = appliance_fields,
  },
  [VNL_KIND_ROUTE_SERVER] = {
    .kind = VNL_KIND_ROUTE_SERVER, .name = "route-server", .label = N_("Route server"),
    .icon = "vnl-route-server.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Azure Route Server: drop on a VNet with a RouteServerSubnet"),
    .size = sizeof (VnlRouteServer), .fields = route_server_fields,
  },
  [VNL_KIND_RS_PEERING] = {
    .kind = VNL_KIND_RS_PEERING, .name = "route-server-peering", .label = N_("Route server peering"),
    .shape = VNL_SHAPE_LINK, .layer = 3, .size = sizeof (VnlRsPeering), .fields = rs_peering_fields,
  },
  [VNL_KIND_SDWAN_TUNNEL] = {
    .kind = VNL_KIND_SDWAN_TUNNEL, .name = "sd-wan-tunnel", .label = N_("SD-WAN tunnel"),
    .shape = VNL_SHAPE_LINK, .layer = 3, .size = sizeof (VnlSdwanTunnel), .fields = sdwan_tunnel_fields,
    /* A tunnel over the Internet between a VM and a branch: no Azure resource. */
    .outside_azure = TRUE,
  },
  [VNL_KIND_FIREWALL] = {
    .kind = VNL_KIND_FIREWALL, .name = "firewall", .label = N_("Azure Firewall"),
    .icon = "vnl-firewall.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Drop on a hub VNet with an AzureFirewallSubnet"),
    .size = sizeof (VnlFirewall), .fields = firewall_fields, .init = firewall_init,
    .finalize = firewall_finalize,
  },
  [VNL_KIND_NSG] = {
    .kind = VNL_KIND_NSG, .name = "network-security-group", .label = N_("Network security group"),
    .icon = "vnl-nsg.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("Security rules: drop on a VNet to associate it with a subnet"),
    .size = sizeof (VnlNsg), .fields = nsg_fields, .init = nsg_init, .finalize = nsg_finalize,
    /* Until the ARM export writes Microsoft.Network/networkSecurityGroups,
     * groups travel in the template's metadata rather than being lost. */
    .outside_azure = TRUE,
  },
  /* Virtual WAN: until the ARM export writes Microsoft.Network/virtualWans
   * and virtualHubs, they travel in the template's metadata. */
  [VNL_KIND_VIRTUAL_WAN] = {
    .kind = VNL_KIND_VIRTUAL_WAN, .name = "virtual-wan", .label = N_("Virtual WAN"),
    .icon = "vnl-virtual-wan.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("A Virtual WAN: its hubs name it"),
    .size = sizeof (VnlVirtualWan), .fields = virtual_wan_fields, .init = virtual_wan_init,
  },
  [VNL_KIND_VIRTUAL_HUB] = {
    .kind = VNL_KIND_VIRTUAL_HUB, .name = "virtual-hub", .label = N_("Virtual hub"),
    .icon = "vnl-virtual-hub.svg", .shape = VNL_SHAPE_NODE, .layer = 0, .container = TRUE, .palette = TRUE,
    .hint = N_("A Virtual WAN hub: its router, gateways and firewall"),
    .size = sizeof (VnlVirtualHub), .fields = virtual_hub_fields, .init = virtual_hub_init,
  },
  [VNL_KIND_HUB_CONNECTION] = {
    .kind = VNL_KIND_HUB_CONNECTION, .name = "hub-connection", .label = N_("Hub virtual network connection"),
    .shape = VNL_SHAPE_LINK, .layer = 1, .size = sizeof (VnlHubConnection), .fields = hub_connection_fields,
    .init = hub_connection_init, .finalize = hub_connection_finalize,
  },
  [VNL_KIND_HUB_ROUTE_TABLE] = {
    .kind = VNL_KIND_HUB_ROUTE_TABLE, .name = "hub-route-table", .label = N_("Hub route table"),
    .icon = "vnl-hub-route-table.svg", .shape = VNL_SHAPE_NODE, .layer = 1, .palette = TRUE,
    .hint = N_("A virtual hub's route table: drop on a hub"),
    .size = sizeof (VnlHubRouteTable), .fields = hub_route_table_fields, .init = hub_route_table_init,
    .finalize = hub_route_table_finalize,
  },
};

const VnlKindInfo *
vnl_kind_get_info (VnlKind kind)
{
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  return &kind_table[kind];
}

const char *
vnl_kind_get_label (gpointer data)
{
  VnlObject *object = data;
  const VnlKindInfo *info = vnl_kind_get_info (object->kind);

  return _(info->label_of != NULL ? info->label_of (object) : info->label);
}

const char *
vnl_kind_get_icon (gpointer data)
{
  VnlObject *object = data;
  const VnlKindInfo *info;

  g_return_val_if_fail (object != NULL, NULL);
  info = vnl_kind_get_info (object->kind);
  if (info->shape != VNL_SHAPE_NODE)
    return NULL;
  return info->icon_of != NULL ? info->icon_of (object) : info->icon;
}

const VnlField *
vnl_kind_lookup_field (VnlKind     kind,
                       const char *key)
{
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  for (const VnlField *f = kind_table[kind].fields; f->key != NULL; f++)
    if (g_str_equal (f->key, key))
      return f;
  return NULL;
}

const VnlField *
vnl_kind_get_owner_field (VnlKind kind)
{
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  for (const VnlField *f = kind_table[kind].fields; f->key != NULL; f++)
    if (f->role == VNL_ROLE_OWNER)
      return f;
  return NULL;
}

const char *
vnl_field_get_xml_name (const VnlField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return field->xml != NULL ? field->xml : field->key;
}

gboolean
vnl_field_is_reference (const VnlField *field)
{
  switch (field->role)
    {
    case VNL_ROLE_REF:
    case VNL_ROLE_OWNER:
    case VNL_ROLE_END_A:
    case VNL_ROLE_END_B:
      return TRUE;
    case VNL_ROLE_NONE:
    case VNL_ROLE_SECRET:
    default:
      return FALSE;
    }
}

/* The kinds of one shape ordered by layer, then by kind. */
static guint
kinds_of_shape (VnlKindShape  shape,
                VnlKind      *out)
{
  guint n = 0;

  for (guint layer = 0; layer < VNL_N_KINDS; layer++)
    for (guint k = 0; k < VNL_N_KINDS; k++)
      if (kind_table[k].shape == shape && kind_table[k].layer == layer)
        out[n++] = k;
  return n;
}

typedef struct
{
  VnlKind kinds[VNL_N_KINDS];
  guint   n;
} KindList;

static const KindList *
kind_lists (void)
{
  static gsize once;
  static KindList lists[2];

  if (g_once_init_enter (&once))
    {
      lists[0].n = kinds_of_shape (VNL_SHAPE_NODE, lists[0].kinds);
      lists[1].n = kinds_of_shape (VNL_SHAPE_LINK, lists[1].kinds);
      g_once_init_leave (&once, 1);
    }
  return lists;
}

const VnlKind *
vnl_kinds_nodes (guint *n_kinds)
{
  *n_kinds = kind_lists ()[0].n;
  return kind_lists ()[0].kinds;
}

const VnlKind *
vnl_kinds_links (guint *n_kinds)
{
  *n_kinds = kind_lists ()[1].n;
  return kind_lists ()[1].kinds;
}

/* Values as text */

const char *
vnl_field_choice_label (const char *choice)
{
  static const struct { const char *value; const char *label; } labels[] = {
    { "vpn", N_("VPN") },
    { "expressroute", N_("ExpressRoute") },
    { "standard", N_("Standard") },
    { "premium", N_("Premium") },
    { "vpn-nva", N_("VPN/NVA") },
    { "as-path", N_("AS path") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (choice, labels[i].value) == 0)
      return _(labels[i].label);
  return choice;
}

char *
vnl_field_describe (VnlDesign      *design,
                    gpointer        object,
                    const VnlField *field)
{
  const char *side = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  if (field->flags & VNL_FIELD_SIDE_A)
    side = ((VnlPeering *) object)->vnet_a;
  else if (field->flags & VNL_FIELD_SIDE_B)
    side = ((VnlPeering *) object)->vnet_b;
  if (field->flags & (VNL_FIELD_SIDE_A | VNL_FIELD_SIDE_B))
    /* TRANSLATORS: a peering option of one side, named by that side's VNet:
     * "hub: Allow gateway transit" */
    return g_strdup_printf (_("%s: %s"), side != NULL ? side : "?", _(field->label));
  return g_strdup (_(field->label));
}

char *
vnl_field_get_text (gpointer        object,
                    const VnlField *field)
{
  gpointer value;

  g_return_val_if_fail (object != NULL && field != NULL, NULL);

  value = G_STRUCT_MEMBER_P (object, field->offset);
  switch (field->type)
    {
    case VNL_FIELD_STRING:
      return g_strdup (*(char **) value != NULL ? *(char **) value : "");
    case VNL_FIELD_UINT:
      return g_strdup_printf ("%u", *(guint *) value);
    case VNL_FIELD_IP:
      if ((field->flags & VNL_FIELD_OPTIONAL) && *(guint32 *) value == 0)
        return g_strdup ("");
      return vnl_ip_to_string (*(guint32 *) value);
    case VNL_FIELD_PREFIX:
      return vnl_prefix_to_string ((VnlPrefix *) value);
    case VNL_FIELD_PREFIXES:
      return vnl_prefix_list_to_string (*(GArray **) value);
    case VNL_FIELD_BOOL:
      return g_strdup (*(gboolean *) value ? "true" : "false");
    case VNL_FIELD_CHOICE:
      return g_strdup (field->choices[*(int *) value]);
    case VNL_FIELD_OTHER:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A prefix list field: vnl_prefix_list_parse(), and empty refused unless
 * the field is optional. */
static GArray *
parse_prefix_list (const char  *text,
                   gboolean     optional,
                   GError     **error)
{
  g_autoptr(GArray) array = vnl_prefix_list_parse (text, error);

  if (array == NULL)
    return NULL;
  if (array->len == 0 && !optional)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID_PREFIX,
                   _("at least one prefix is needed"));
      return NULL;
    }
  return g_steal_pointer (&array);
}

/* Parses @text for @field; stores it into @object unless it is NULL. */
static gboolean
parse_value (gpointer        object,
             const VnlField *field,
             const char     *text,
             GError        **error)
{
  gpointer value = object != NULL ? G_STRUCT_MEMBER_P (object, field->offset) : NULL;
  gboolean optional = (field->flags & VNL_FIELD_OPTIONAL) != 0;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  switch (field->type)
    {
    case VNL_FIELD_STRING:
      if (!optional && stripped[0] == '\0')
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("a value is needed"));
          return FALSE;
        }
      if (value != NULL)
        {
          g_free (*(char **) value);
          *(char **) value = stripped[0] != '\0' ? g_strdup (stripped) : NULL;
        }
      return TRUE;

    case VNL_FIELD_UINT:
      {
        guint64 number;

        if (!g_ascii_string_to_unsigned (stripped, 10, field->min, field->max, &number, NULL))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                         _("a whole number from %u to %u is needed"), field->min, field->max);
            return FALSE;
          }
        if (value != NULL)
          *(guint *) value = number;
        return TRUE;
      }

    case VNL_FIELD_IP:
      {
        guint32 addr = 0;

        if (stripped[0] == '\0' && optional)
          ;
        else if (!vnl_ip_parse (stripped, &addr))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID_ADDRESS,
                         _("“%s” is not an IPv4 address"), stripped);
            return FALSE;
          }
        if (value != NULL)
          *(guint32 *) value = addr;
        return TRUE;
      }

    case VNL_FIELD_PREFIX:
      {
        VnlPrefix prefix;

        if (!vnl_prefix_parse (stripped, &prefix, error))
          return FALSE;
        if (value != NULL)
          *(VnlPrefix *) value = prefix;
        return TRUE;
      }

    case VNL_FIELD_PREFIXES:
      {
        GArray *array = parse_prefix_list (stripped, optional, error);

        if (array == NULL)
          return FALSE;
        if (value != NULL)
          {
            g_array_unref (*(GArray **) value);
            *(GArray **) value = array;
          }
        else
          g_array_unref (array);
        return TRUE;
      }

    case VNL_FIELD_BOOL:
      if (!g_str_equal (stripped, "true") && !g_str_equal (stripped, "false"))
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("true or false is needed"));
          return FALSE;
        }
      if (value != NULL)
        *(gboolean *) value = g_str_equal (stripped, "true");
      return TRUE;

    case VNL_FIELD_CHOICE:
      for (int i = 0; i < (int) G_N_ELEMENTS (field->choices) && field->choices[i] != NULL; i++)
        if (g_str_equal (stripped, field->choices[i]))
          {
            if (value != NULL)
              *(int *) value = i;
            return TRUE;
          }
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("“%s” is not a valid choice"), stripped);
      return FALSE;

    case VNL_FIELD_OTHER:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
vnl_field_validate (const VnlField *field,
                    const char     *text,
                    GError        **error)
{
  g_return_val_if_fail (field != NULL && text != NULL, FALSE);
  return parse_value (NULL, field, text, error);
}

gboolean
vnl_field_set_text (gpointer        object,
                    const VnlField *field,
                    const char     *text,
                    GError        **error)
{
  g_return_val_if_fail (object != NULL && field != NULL && text != NULL, FALSE);

  /* Validate first: a refused value leaves the object as it was. */
  if (!parse_value (NULL, field, text, error))
    return FALSE;
  return parse_value (object, field, text, error);
}

/* References */

/* The @index-th reference slot of @field in @object. */
static gboolean
field_ref_slot (gpointer        object,
                const VnlField *field,
                guint           index,
                VnlRefSlot     *slot)
{
  if (!vnl_field_is_reference (field))
    return FALSE;
  if (field->ref_slot != NULL)
    return field->ref_slot (object, index, slot);
  if (index > 0)
    return FALSE;
  slot->slot = G_STRUCT_MEMBER_P (object, field->offset);
  slot->line = ((VnlObject *) object)->line;
  return TRUE;
}

void
vnl_object_foreach_reference (gpointer          object,
                              VnlReferenceFunc  func,
                              gpointer          user_data)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);
  VnlRefSlot slot;

  for (const VnlField *f = info->fields; f->key != NULL; f++)
    for (guint i = 0; field_ref_slot (object, f, i, &slot); i++)
      func (object, f, &slot, user_data);
}

static void
collect_reference (gpointer          object,
                   const VnlField   *field,
                   const VnlRefSlot *slot,
                   gpointer          user_data)
{
  if (*slot->slot != NULL)
    g_ptr_array_add (user_data, *slot->slot);
}

/**
 * vnl_object_get_references:
 * @object: a design object
 *
 * Returns: (transfer container): the names @object refers to, in the
 *   order of its fields; the strings are borrowed from @object.
 */
GPtrArray *
vnl_object_get_references (gpointer object)
{
  GPtrArray *refs = g_ptr_array_new ();

  vnl_object_foreach_reference (object, collect_reference, refs);
  return refs;
}

typedef struct
{
  const char *old_name;
  const char *new_name;
  gboolean    changed;
} Rename;

static void
rename_reference (gpointer          object,
                  const VnlField   *field,
                  const VnlRefSlot *slot,
                  gpointer          user_data)
{
  Rename *rename = user_data;

  if (g_strcmp0 (*slot->slot, rename->old_name) != 0)
    return;
  g_free (*slot->slot);
  *slot->slot = g_strdup (rename->new_name);
  rename->changed = TRUE;
}

gboolean
vnl_object_rename_references (gpointer    object,
                              const char *old_name,
                              const char *new_name)
{
  Rename rename = { old_name, new_name, FALSE };

  g_return_val_if_fail (object != NULL && old_name != NULL && new_name != NULL, FALSE);
  vnl_object_foreach_reference (object, rename_reference, &rename);
  return rename.changed;
}

gboolean
vnl_object_depends_on (gpointer other,
                       gpointer object)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) other)->kind);
  const char *name = ((VnlObject *) object)->name;

  if (other == object)
    return FALSE;
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      if (f->role != VNL_ROLE_OWNER && f->role != VNL_ROLE_END_A && f->role != VNL_ROLE_END_B)
        continue;
      if (f->flags & VNL_FIELD_DETACH)
        continue;
      if (g_strcmp0 (G_STRUCT_MEMBER (const char *, other, f->offset), name) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
vnl_object_is_node (gpointer object)
{
  return vnl_kind_get_info (((VnlObject *) object)->kind)->shape == VNL_SHAPE_NODE;
}

gboolean
vnl_object_get_ends (gpointer     object,
                     const char **a,
                     const char **b)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);
  const char *x = NULL;
  const char *y = NULL;

  if (info->shape != VNL_SHAPE_LINK)
    return FALSE;
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    if (f->role == VNL_ROLE_END_A)
      x = G_STRUCT_MEMBER (const char *, object, f->offset);
    else if (f->role == VNL_ROLE_END_B)
      y = G_STRUCT_MEMBER (const char *, object, f->offset);

  if (a != NULL)
    *a = x;
  if (b != NULL)
    *b = y;
  return x != NULL && y != NULL;
}

gboolean
vnl_object_set_ends (gpointer    object,
                     const char *a,
                     const char *b)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);
  guint set = 0;

  if (info->shape != VNL_SHAPE_LINK)
    return FALSE;
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    if (f->role == VNL_ROLE_END_A || f->role == VNL_ROLE_END_B)
      {
        char **slot = &G_STRUCT_MEMBER (char *, object, f->offset);

        g_free (*slot);
        *slot = g_strdup (f->role == VNL_ROLE_END_A ? a : b);
        set++;
      }
  return set == 2;
}

const char *
vnl_object_get_owner (gpointer object)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);

  for (const VnlField *f = info->fields; f->key != NULL; f++)
    if (f->role == VNL_ROLE_OWNER || (f->flags & VNL_FIELD_PART_OF))
      return G_STRUCT_MEMBER (const char *, object, f->offset);
  return NULL;
}

void
vnl_object_clear_secrets (gpointer object)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);

  for (const VnlField *f = info->fields; f->key != NULL; f++)
    if (f->role == VNL_ROLE_SECRET)
      g_clear_pointer ((char **) G_STRUCT_MEMBER_P (object, f->offset), g_free);
}

void
vnl_object_copy_fields (gpointer to,
                        gpointer from)
{
  const VnlKindInfo *info;

  g_return_if_fail (((VnlObject *) to)->kind == ((VnlObject *) from)->kind);

  info = vnl_kind_get_info (((VnlObject *) from)->kind);
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      g_autofree char *value = NULL;

      if ((!(f->flags & VNL_FIELD_COPY) && f->role != VNL_ROLE_OWNER) || f->type == VNL_FIELD_OTHER)
        continue;
      value = vnl_field_get_text (from, f);
      vnl_field_set_text (to, f, value, NULL);
    }
}

/* JSON */

static void
field_to_json (gpointer        object,
               const VnlField *field,
               JsonBuilder    *builder)
{
  gpointer value = G_STRUCT_MEMBER_P (object, field->offset);

  json_builder_set_member_name (builder, field->json);
  switch (field->type)
    {
    case VNL_FIELD_STRING:
      if (*(char **) value != NULL)
        json_builder_add_string_value (builder, *(char **) value);
      else
        json_builder_add_null_value (builder);
      return;
    case VNL_FIELD_UINT:
      json_builder_add_int_value (builder, *(guint *) value);
      return;
    case VNL_FIELD_BOOL:
      json_builder_add_boolean_value (builder, *(gboolean *) value);
      return;
    case VNL_FIELD_IP:
      if (*(guint32 *) value == 0)
        json_builder_add_null_value (builder);
      else
        {
          g_autofree char *text = vnl_ip_to_string (*(guint32 *) value);
          json_builder_add_string_value (builder, text);
        }
      return;
    case VNL_FIELD_PREFIXES:
      prefix_array_to_json (*(GArray **) value, builder);
      return;
    case VNL_FIELD_PREFIX:
    case VNL_FIELD_CHOICE:
      {
        g_autofree char *text = vnl_field_get_text (object, field);
        json_builder_add_string_value (builder, text);
      }
      return;
    case VNL_FIELD_OTHER:
      field->to_json (object, builder);
      return;
    default:
      g_assert_not_reached ();
    }
}

void
vnl_kind_object_to_json (gpointer     data,
                         JsonBuilder *builder)
{
  VnlObject *object = data;
  const VnlKindInfo *info;

  g_return_if_fail (object != NULL && JSON_IS_BUILDER (builder));

  info = vnl_kind_get_info (object->kind);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, object->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, info->name);
  json_builder_set_member_name (builder, "up");
  json_builder_add_boolean_value (builder, object->up);
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      /* Secrets never leave the design; internal names are the loader's. */
      if (f->role == VNL_ROLE_SECRET || (f->flags & VNL_FIELD_INTERNAL) || f->json == NULL)
        continue;
      field_to_json (object, f, builder);
    }
}

/* Any editable value of an object, by key */

/* The field behind @key when the table handles it as text, else NULL (a
 * list or a location's latency, which vnl-lists.c encodes). */
static const VnlField *
text_field (gpointer    object,
            const char *key)
{
  const VnlField *field = vnl_kind_lookup_field (((VnlObject *) object)->kind, key);

  return field != NULL && field->type != VNL_FIELD_OTHER ? field : NULL;
}

char *
vnl_object_get_text (VnlDesign  *design,
                     gpointer    object,
                     const char *key)
{
  const VnlField *field;

  g_return_val_if_fail (object != NULL && key != NULL, NULL);

  if ((field = text_field (object, key)) != NULL)
    return vnl_field_get_text (object, field);
  return _vnl_lists_get_text (design, object, key);
}

gboolean
vnl_object_set_text (VnlDesign   *design,
                     gpointer     object,
                     const char  *key,
                     const char  *text,
                     GError     **error)
{
  const VnlField *field;

  g_return_val_if_fail (object != NULL && key != NULL && text != NULL, FALSE);

  if ((field = text_field (object, key)) != NULL)
    return vnl_field_set_text (object, field, text, error);
  return _vnl_lists_set_text (design, object, key, text, error);
}

char *
vnl_object_describe_key (VnlDesign  *design,
                         gpointer    object,
                         const char *key)
{
  const VnlField *field;

  g_return_val_if_fail (object != NULL && key != NULL, NULL);

  if ((field = text_field (object, key)) != NULL)
    return vnl_field_describe (design, object, field);
  return _vnl_lists_describe (design, object, key);
}
