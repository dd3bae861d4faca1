/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-nsg"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vnl-nsg.h"
#include "vnl-firewall.h"
#include "vnl-network-private.h"

/*
 * DOC: Network security groups
 *
 * A group (VnlNsg) holds its own rules; the six default rules are static
 * here and added to every group at evaluation. A packet meets at most two
 * groups at each end of its way: the group of its subnet and the group of
 * its NIC (an endpoint in a VNet). The rules, quoted from
 * articles/virtual-network/network-security-group-how-it-works.md and
 * network-security-groups-overview.md (spec §1.3 E):
 *  - "For inbound traffic, Azure processes the rules in a network security
 *    group associated to a subnet first, if there's one, and then the rules
 *    in a network security group associated to the network interface";
 *    "For outbound traffic, Azure processes the rules in a network security
 *    group associated to a network interface first, if there's one, and
 *    then the rules in a network security group associated to the subnet";
 *    a packet passes only when every group it meets allows it;
 *  - "Rules are processed in priority order, with lower numbers processed
 *    before higher numbers … Once traffic matches a rule, processing stops";
 *    priorities of one's own rules are 100–4096, the default rules 65000,
 *    65001 and 65500 come last;
 *  - "Security rules are stateful … you don't need to specify an inbound
 *    security rule to respond": a reply to an allowed flow is never
 *    filtered (vnl-forward.c walks replies unfiltered);
 *  - service tags: VirtualNetwork is "the virtual network address space
 *    (all IP address ranges defined for the virtual network), all connected
 *    on-premises address spaces, peered virtual networks, virtual networks
 *    connected to a virtual network gateway, the virtual IP address of the
 *    host, and address prefixes used on user-defined routes"
 *    (service-tags-overview.md) — here the VNet's own ranges, its direct
 *    peers', every prefix the gateways it uses have learned (on-premises,
 *    VNets behind gateways), 168.63.129.16 and the prefixes of the route
 *    tables on its subnets; AzureLoadBalancer is the host's virtual IP
 *    168.63.129.16; Internet is "the IP address space that's outside the
 *    virtual network and reachable by the public internet": vnetlab
 *    assumes every address outside VirtualNetwork and outside the private
 *    ranges (10/8, 172.16/12, 192.168/16, 100.64/10).
 * Where the documentation is silent vnetlab assumes: ports are not
 * compared for ICMP, and an ICMP packet matches a rule only when that
 * rule's ports are "*"; a group that is down is not associated.
 */

const VnlFlow vnl_flow_icmp = { VNL_PROTO_ICMP, 0, 0 };

/* 168.63.129.16: the host's virtual IP (AzureLoadBalancer). */
#define AZURE_HOST_VIP 0xa83f8110u

static const char * const protocol_names[] = {
  [VNL_PROTO_ANY] = "*", [VNL_PROTO_TCP] = "Tcp", [VNL_PROTO_UDP] = "Udp", [VNL_PROTO_ICMP] = "Icmp",
};

const char *
vnl_protocol_to_string (VnlProtocol protocol)
{
  g_return_val_if_fail (protocol <= VNL_PROTO_ICMP, "*");
  return protocol_names[protocol];
}

gboolean
vnl_protocol_parse (const char  *text,
                    VnlProtocol *protocol)
{
  g_return_val_if_fail (protocol != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "any") == 0)
    {
      *protocol = VNL_PROTO_ANY;
      return TRUE;
    }
  for (guint p = 0; p < G_N_ELEMENTS (protocol_names); p++)
    if (g_ascii_strcasecmp (text, protocol_names[p]) == 0)
      {
        *protocol = p;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *port = value;
  return TRUE;
}

gboolean
vnl_flow_parse (const char  *protocol,
                const char  *port,
                const char  *source_port,
                VnlFlow     *flow,
                GError     **error)
{
  g_return_val_if_fail (flow != NULL, FALSE);

  *flow = vnl_flow_icmp;
  if (protocol != NULL && (!vnl_protocol_parse (protocol, &flow->protocol) || flow->protocol == VNL_PROTO_ANY))
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("unknown protocol “%s” (tcp, udp or icmp)"), protocol);
      return FALSE;
    }
  if (flow->protocol == VNL_PROTO_ICMP)
    {
      if (port != NULL || source_port != NULL)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       "%s", _("ICMP has no ports: give --protocol tcp or udp with --port"));
          return FALSE;
        }
      return TRUE;
    }
  if (port == NULL)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("a %s flow needs --port"), flow->protocol == VNL_PROTO_TCP ? "TCP" : "UDP");
      return FALSE;
    }
  flow->source_port = VNL_FLOW_DEFAULT_SOURCE_PORT;
  if (!parse_port (port, &flow->port) || (source_port != NULL && !parse_port (source_port, &flow->source_port)))
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("“%s” is not a port (0–65535)"), !parse_port (port, &flow->port) ? port : source_port);
      return FALSE;
    }
  return TRUE;
}

char *
vnl_flow_to_string (const VnlFlow *flow)
{
  g_return_val_if_fail (flow != NULL, NULL);

  if (flow->protocol == VNL_PROTO_ICMP)
    return g_strdup ("ICMP");
  return g_strdup_printf (_("%s port %u (from port %u)"), flow->protocol == VNL_PROTO_TCP ? "TCP" : "UDP",
                          flow->port, flow->source_port);
}

const char *
vnl_nsg_direction_to_string (VnlNsgDirection direction)
{
  return direction == VNL_NSG_INBOUND ? "Inbound" : "Outbound";
}

/* ---------------------------------------------------------------------- */
/* The text of a rule                                                     */

static const struct
{
  const char     *name;
  VnlNsgAddrKind  kind;
} tags[] = {
  { "*",                 VNL_NSG_ADDR_ANY },
  { "VirtualNetwork",    VNL_NSG_ADDR_VIRTUAL_NETWORK },
  { "Internet",          VNL_NSG_ADDR_INTERNET },
  { "AzureLoadBalancer", VNL_NSG_ADDR_AZURE_LOAD_BALANCER },
};

GArray *
vnl_nsg_addrs_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      VnlNsgAddr addr = { VNL_NSG_ADDR_PREFIX, { 0, 0 } };
      gboolean known = FALSE;
      guint32 ip;

      if (*part == '\0')
        continue;
      /* An application security group (network-security-groups-overview.md,
       * "Application security groups"): the NICs that are members of it. */
      if (g_ascii_strncasecmp (part, "asg:", 4) == 0)
        {
          const char *name = g_strstrip ((char *) part + 4);

          if (*name == '\0' || strchr (name, ' ') != NULL)
            {
              g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                           _("“%s”: an application security group is asg:NAME"), part);
              return NULL;
            }
          addr.kind = VNL_NSG_ADDR_ASG;
          addr.asg = g_intern_string (name);
          g_array_append_val (addrs, addr);
          continue;
        }
      for (guint t = 0; t < G_N_ELEMENTS (tags) && !known; t++)
        if (g_ascii_strcasecmp (part, tags[t].name) == 0 ||
            (tags[t].kind == VNL_NSG_ADDR_ANY && g_ascii_strcasecmp (part, "Any") == 0))
          {
            addr.kind = tags[t].kind;
            known = TRUE;
          }
      if (!known && vnl_ip_parse (part, &ip))
        {
          addr.prefix.addr = ip;
          addr.prefix.len = 32;
          known = TRUE;
        }
      if (!known && !vnl_prefix_parse (part, &addr.prefix, NULL))
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("“%s” is neither a prefix, an address, “*”, a service tag "
                         "(VirtualNetwork, Internet, AzureLoadBalancer) nor an application security group "
                         "(asg:NAME)"), part);
          return NULL;
        }
      g_array_append_val (addrs, addr);
    }
  if (addrs->len == 0)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   "%s", _("no address: give a prefix, an address, “*” or a service tag"));
      return NULL;
    }
  return g_steal_pointer (&addrs);
}

char *
vnl_nsg_addrs_to_string (GArray *addrs)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; addrs != NULL && i < addrs->len; i++)
    {
      const VnlNsgAddr *addr = &g_array_index (addrs, VnlNsgAddr, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (addr->kind == VNL_NSG_ADDR_PREFIX)
        {
          g_autofree char *text = vnl_prefix_to_string (&addr->prefix);
          g_string_append (out, text);
        }
      else if (addr->kind == VNL_NSG_ADDR_ASG)
        g_string_append_printf (out, "asg:%s", addr->asg);
      else
        for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
          if (tags[t].kind == addr->kind)
            g_string_append (out, tags[t].name);
    }
  return g_string_free (out, FALSE);
}

GArray *
vnl_nsg_ports_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (VnlPortRange));
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "*", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      g_auto(GStrv) ends = NULL;
      VnlPortRange range;

      if (*part == '\0')
        continue;
      if (strcmp (part, "*") == 0)
        {
          /* Any port: the whole list is "*". */
          g_array_set_size (ports, 0);
          return g_steal_pointer (&ports);
        }
      ends = g_strsplit (part, "-", 2);
      if (!parse_port (g_strstrip (ends[0]), &range.lo) ||
          (ends[1] != NULL ? !parse_port (g_strstrip (ends[1]), &range.hi) : !parse_port (ends[0], &range.hi)) ||
          range.lo > range.hi)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("“%s” is neither “*”, a port (0–65535) nor a range of ports N-M"), part);
          return NULL;
        }
      g_array_append_val (ports, range);
    }
  if (ports->len == 0)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   "%s", _("no port: give “*”, a port or a range of ports"));
      return NULL;
    }
  return g_steal_pointer (&ports);
}

char *
vnl_nsg_ports_to_string (GArray *ports)
{
  GString *out;

  if (ports == NULL || ports->len == 0)
    return g_strdup ("*");
  out = g_string_new (NULL);
  for (guint i = 0; i < ports->len; i++)
    {
      const VnlPortRange *range = &g_array_index (ports, VnlPortRange, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (range->lo == range->hi)
        g_string_append_printf (out, "%u", range->lo);
      else
        g_string_append_printf (out, "%u-%u", range->lo, range->hi);
    }
  return g_string_free (out, FALSE);
}

VnlNsgRule *
vnl_nsg_rule_new (void)
{
  VnlNsgRule *rule = g_new0 (VnlNsgRule, 1);

  rule->sources = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  rule->destinations = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  rule->source_ports = g_array_new (FALSE, FALSE, sizeof (VnlPortRange));
  rule->destination_ports = g_array_new (FALSE, FALSE, sizeof (VnlPortRange));
  return rule;
}

void
vnl_nsg_rule_free (VnlNsgRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_clear_pointer (&rule->sources, g_array_unref);
  g_clear_pointer (&rule->destinations, g_array_unref);
  g_clear_pointer (&rule->source_ports, g_array_unref);
  g_clear_pointer (&rule->destination_ports, g_array_unref);
  g_free (rule);
}

void
vnl_nsg_nic_free (VnlNsgNic *nic)
{
  if (nic == NULL)
    return;
  g_free (nic->endpoint);
  g_free (nic);
}

/* ---------------------------------------------------------------------- */
/* The default rules                                                      */

/* "You can't remove the default rules, but you can override them by
 * creating rules with higher priorities" (network-security-groups-overview.md
 * "Default security rules"). Built once, never freed. */
static const VnlNsgRule * const *
default_rules (void)
{
  static const VnlNsgRule *rules[6];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      static const struct
      {
        const char     *name;
        guint           priority;
        VnlNsgDirection direction;
        gboolean        allow;
        VnlNsgAddrKind  source;
        VnlNsgAddrKind  destination;
      } table[6] = {
        { "AllowVnetInBound",              65000, VNL_NSG_INBOUND,  TRUE,
          VNL_NSG_ADDR_VIRTUAL_NETWORK, VNL_NSG_ADDR_VIRTUAL_NETWORK },
        { "AllowAzureLoadBalancerInBound", 65001, VNL_NSG_INBOUND,  TRUE,
          VNL_NSG_ADDR_AZURE_LOAD_BALANCER, VNL_NSG_ADDR_ANY },
        { "DenyAllInBound",                65500, VNL_NSG_INBOUND,  FALSE, VNL_NSG_ADDR_ANY, VNL_NSG_ADDR_ANY },
        { "AllowVnetOutBound",             65000, VNL_NSG_OUTBOUND, TRUE,
          VNL_NSG_ADDR_VIRTUAL_NETWORK, VNL_NSG_ADDR_VIRTUAL_NETWORK },
        { "AllowInternetOutBound",         65001, VNL_NSG_OUTBOUND, TRUE, VNL_NSG_ADDR_ANY, VNL_NSG_ADDR_INTERNET },
        { "DenyAllOutBound",               65500, VNL_NSG_OUTBOUND, FALSE, VNL_NSG_ADDR_ANY, VNL_NSG_ADDR_ANY },
      };

      for (guint i = 0; i < G_N_ELEMENTS (table); i++)
        {
          VnlNsgRule *rule = vnl_nsg_rule_new ();
          VnlNsgAddr src = { table[i].source, { 0, 0 } };
          VnlNsgAddr dst = { table[i].destination, { 0, 0 } };

          rule->name = g_strdup (table[i].name);
          rule->priority = table[i].priority;
          rule->direction = table[i].direction;
          rule->allow = table[i].allow;
          rule->protocol = VNL_PROTO_ANY;
          g_array_append_val (rule->sources, src);
          g_array_append_val (rule->destinations, dst);
          rules[i] = rule;
        }
      g_once_init_leave (&done, 1);
    }
  return rules;
}

const VnlNsgRule * const *
vnl_nsg_default_rules (VnlNsgDirection  direction,
                       guint           *n)
{
  if (n != NULL)
    *n = 3;
  return default_rules () + (direction == VNL_NSG_INBOUND ? 0 : 3);
}

gboolean
vnl_nsg_rule_is_default (const VnlNsgRule *rule)
{
  const VnlNsgRule * const *rules = default_rules ();

  for (guint i = 0; i < 6; i++)
    if (rules[i] == rule)
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                 */

void
vnl_nsg_check_free (VnlNsgCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->attached);
  g_clear_pointer (&check->evaluated, g_ptr_array_unref);
  g_clear_pointer (&check->fw_evaluated, g_array_unref);
  g_free (check);
}

const VnlNsgRule *
vnl_nsg_check_rule (const VnlNsgCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);
  return check->evaluated->len > 0 ? check->evaluated->pdata[check->evaluated->len - 1] : NULL;
}

char *
vnl_nsg_check_describe (const VnlNsgCheck *check)
{
  const VnlNsgRule *rule;

  g_return_val_if_fail (check != NULL, NULL);

  if (check->firewall != NULL)
    return _vnl_firewall_check_describe (check);
  rule = vnl_nsg_check_rule (check);
  return g_strdup_printf (check->on_subnet
                          ? _("rule %s (priority %u) of network security group %s on subnet %s")
                          : _("rule %s (priority %u) of network security group %s on the NIC of %s"),
                          rule != NULL ? rule->name : "", rule != NULL ? rule->priority : 0,
                          check->group, check->attached);
}

static void
set_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
set_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

/* A firewall check: the rule, its collection and group that decided
 * (null when none matched: the default deny), every rule evaluated. */
static void
fw_check_to_json (const VnlNsgCheck *check,
                  JsonBuilder       *b)
{
  const VnlFwHit *hit = vnl_nsg_check_fw_hit (check);

  set_string (b, "kind", "firewall");
  set_string (b, "firewall", check->group);
  set_string (b, "at", check->node);
  set_string (b, "access", check->allowed ? "Allow" : "Deny");
  set_string (b, "rule_collection_group", hit != NULL ? hit->group->name : NULL);
  json_builder_set_member_name (b, "group_priority");
  if (hit != NULL)
    json_builder_add_int_value (b, hit->group->priority);
  else
    json_builder_add_null_value (b);
  set_string (b, "collection", hit != NULL ? hit->collection->name : NULL);
  json_builder_set_member_name (b, "priority");
  if (hit != NULL)
    json_builder_add_int_value (b, hit->collection->priority);
  else
    json_builder_add_null_value (b);
  set_string (b, "rule", hit != NULL ? hit->rule->name : NULL);
  json_builder_set_member_name (b, "default_deny");
  json_builder_add_boolean_value (b, hit == NULL);
  json_builder_set_member_name (b, "evaluated");
  json_builder_begin_array (b);
  for (guint i = 0; i < check->fw_evaluated->len; i++)
    {
      const VnlFwHit *h = &g_array_index (check->fw_evaluated, VnlFwHit, i);

      json_builder_begin_object (b);
      set_string (b, "rule_collection_group", h->group->name);
      set_int (b, "group_priority", h->group->priority);
      set_string (b, "collection", h->collection->name);
      set_int (b, "priority", h->collection->priority);
      set_string (b, "action", h->collection->allow ? "Allow" : "Deny");
      set_string (b, "rule", h->rule->name);
      json_builder_set_member_name (b, "matched");
      json_builder_add_boolean_value (b, check->fw_matched && i + 1 == check->fw_evaluated->len);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
vnl_nsg_check_to_json (const VnlNsgCheck *check,
                       JsonBuilder       *b)
{
  const VnlNsgRule *rule;

  g_return_if_fail (check != NULL && JSON_IS_BUILDER (b));

  json_builder_begin_object (b);
  if (check->firewall != NULL)
    {
      fw_check_to_json (check, b);
      json_builder_end_object (b);
      return;
    }
  rule = vnl_nsg_check_rule (check);
  set_string (b, "kind", "network-security-group");
  set_string (b, "group", check->group);
  set_string (b, check->on_subnet ? "subnet" : "nic", check->attached);
  set_string (b, "direction", vnl_nsg_direction_to_string (check->direction));
  set_string (b, "at", check->node);
  set_string (b, "access", check->allowed ? "Allow" : "Deny");
  set_string (b, "rule", rule->name);
  set_int (b, "priority", rule->priority);
  json_builder_set_member_name (b, "evaluated");
  json_builder_begin_array (b);
  for (guint i = 0; i < check->evaluated->len; i++)
    {
      const VnlNsgRule *r = check->evaluated->pdata[i];

      json_builder_begin_object (b);
      set_string (b, "rule", r->name);
      set_int (b, "priority", r->priority);
      json_builder_set_member_name (b, "matched");
      json_builder_add_boolean_value (b, i + 1 == check->evaluated->len);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* ---------------------------------------------------------------------- */
/* Evaluation                                                             */

void
vnl_network_set_flow (VnlNetwork    *self,
                      const VnlFlow *flow)
{
  g_return_if_fail (VNL_IS_NETWORK (self) && flow != NULL);
  self->flow = *flow;
}

const VnlFlow *
vnl_network_get_flow (VnlNetwork *self)
{
  g_return_val_if_fail (VNL_IS_NETWORK (self), NULL);
  return &self->flow;
}

static gboolean
is_private (guint32 addr)
{
  return (addr >> 24) == 10 || (addr >> 20) == 0xac1 || (addr >> 16) == 0xc0a8 || (addr >> 22) == (0x64400000u >> 22);
}

/* The VirtualNetwork service tag as seen from VNet @v (see the top). */
static gboolean
in_virtual_network (VnlNetwork *net,
                    int         v,
                    guint32     addr)
{
  NetVnet *nv = nvnet (net, v);
  GPtrArray *tables = vnl_design_get_objects (net->design, VNL_KIND_ROUTE_TABLE);
  VnetRoute route;

  if (addr == AZURE_HOST_VIP)
    return TRUE;
  for (guint i = 0; i < nv->vnet->address_spaces->len; i++)
    if (vnl_prefix_contains_ip (&g_array_index (nv->vnet->address_spaces, VnlPrefix, i), addr))
      return TRUE;
  for (guint i = 0; i < nv->peers->len; i++)
    if (vnl_prefix_contains_ip (&g_array_index (nv->peers, PeerRoute, i).prefix, addr))
      return TRUE;
  /* On-premises ranges and VNets behind the gateways the VNet uses. */
  _vnl_vnet_route (net, v, addr, &route);
  if (route.next == VNET_NEXT_GATEWAY)
    return TRUE;
  /* The prefixes of the route tables on its subnets. */
  for (guint t = 0; t < tables->len; t++)
    {
      VnlUdrTable *table = tables->pdata[t];
      gboolean here = FALSE;

      for (guint i = 0; i < table->subnets->len && !here; i++)
        here = g_strcmp0 (((VnlUdrSubnet *) table->subnets->pdata[i])->vnet, nv->vnet->parent.name) == 0;
      for (guint i = 0; here && i < table->routes->len; i++)
        if (vnl_prefix_contains_ip (&((VnlUdr *) table->routes->pdata[i])->prefix, addr))
          return TRUE;
    }
  return FALSE;
}

/* Is @addr the address of a NIC in the application security group @asg?
 * "You can then define your network security policy based on those groups"
 * (network-security-groups-overview.md): the rule matches the addresses
 * of the group's members. The endpoints are indexed by address once per
 * compiled network. */
static gboolean
in_asg (VnlNetwork *net,
        const char *asg,
        guint32     addr)
{
  VnlEndpoint *ep;

  if (net->endpoints_by_address == NULL)
    {
      GPtrArray *endpoints = vnl_design_get_objects (net->design, VNL_KIND_ENDPOINT);

      net->endpoints_by_address = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < endpoints->len; i++)
        {
          VnlEndpoint *e = endpoints->pdata[i];
          if (e->asgs != NULL)
            g_hash_table_insert (net->endpoints_by_address, GUINT_TO_POINTER (e->address), e);
        }
    }
  ep = g_hash_table_lookup (net->endpoints_by_address, GUINT_TO_POINTER (addr));
  if (ep == NULL)
    return FALSE;
  {
    g_auto(GStrv) names = g_strsplit (ep->asgs, ",", -1);

    for (guint i = 0; names[i] != NULL; i++)
      if (g_ascii_strcasecmp (g_strstrip (names[i]), asg) == 0)
        return TRUE;
  }
  return FALSE;
}

static gboolean
addr_matches (VnlNetwork *net,
              int         v,
              GArray     *addrs,
              guint32     addr)
{
  for (guint i = 0; i < addrs->len; i++)
    {
      const VnlNsgAddr *a = &g_array_index (addrs, VnlNsgAddr, i);

      switch (a->kind)
        {
        case VNL_NSG_ADDR_ANY:
          return TRUE;
        case VNL_NSG_ADDR_PREFIX:
          if (vnl_prefix_contains_ip (&a->prefix, addr))
            return TRUE;
          break;
        case VNL_NSG_ADDR_VIRTUAL_NETWORK:
          if (in_virtual_network (net, v, addr))
            return TRUE;
          break;
        case VNL_NSG_ADDR_INTERNET:
          if (!is_private (addr) && !in_virtual_network (net, v, addr))
            return TRUE;
          break;
        case VNL_NSG_ADDR_AZURE_LOAD_BALANCER:
          if (addr == AZURE_HOST_VIP)
            return TRUE;
          break;
        case VNL_NSG_ADDR_ASG:
          if (in_asg (net, a->asg, addr))
            return TRUE;
          break;
        default:
          break;
        }
    }
  return FALSE;
}

static gboolean
port_matches (GArray  *ports,
              guint16  port)
{
  if (ports->len == 0)
    return TRUE;
  for (guint i = 0; i < ports->len; i++)
    {
      const VnlPortRange *range = &g_array_index (ports, VnlPortRange, i);
      if (port >= range->lo && port <= range->hi)
        return TRUE;
    }
  return FALSE;
}

/* Does @rule match a packet @src → @dst of @flow at a group in VNet @v? */
static gboolean
rule_matches (VnlNetwork       *net,
              int               v,
              const VnlNsgRule *rule,
              guint32           src,
              guint32           dst,
              const VnlFlow    *flow)
{
  if (rule->protocol != VNL_PROTO_ANY && rule->protocol != flow->protocol)
    return FALSE;
  if (flow->protocol == VNL_PROTO_ICMP)
    {
      /* No ports: only a rule for any port matches (assumed, see the top). */
      if (rule->source_ports->len > 0 || rule->destination_ports->len > 0)
        return FALSE;
    }
  else if (!port_matches (rule->source_ports, flow->source_port) ||
           !port_matches (rule->destination_ports, flow->port))
    return FALSE;
  return addr_matches (net, v, rule->sources, src) && addr_matches (net, v, rule->destinations, dst);
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  const VnlNsgRule *x = *(const VnlNsgRule * const *) a;
  const VnlNsgRule *y = *(const VnlNsgRule * const *) b;

  return x->priority < y->priority ? -1 : x->priority > y->priority;
}

/* The rule of group @nsg that decides a packet in @direction: its own
 * rules and the default rules by priority, first match wins. With
 * @evaluated, every rule looked at, the deciding one last. */
static const VnlNsgRule *
group_decide (VnlNetwork      *net,
              int              v,
              VnlNsg          *nsg,
              VnlNsgDirection  direction,
              guint32          src,
              guint32          dst,
              const VnlFlow   *flow,
              GPtrArray       *evaluated)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (nsg->rules->len + 3);
  const VnlNsgRule * const *defaults;
  guint n_defaults;

  for (guint i = 0; i < nsg->rules->len; i++)
    if (((VnlNsgRule *) nsg->rules->pdata[i])->direction == direction)
      g_ptr_array_add (order, nsg->rules->pdata[i]);
  /* Stable: two rules of one priority (validation refuses them) keep
   * their file order. */
  g_ptr_array_sort (order, compare_priority);
  defaults = vnl_nsg_default_rules (direction, &n_defaults);
  for (guint i = 0; i < n_defaults; i++)
    g_ptr_array_add (order, (gpointer) defaults[i]);

  for (guint i = 0; i < order->len; i++)
    {
      const VnlNsgRule *rule = order->pdata[i];

      if (evaluated != NULL)
        g_ptr_array_add (evaluated, (gpointer) rule);
      if (rule_matches (net, v, rule, src, dst, flow))
        return rule;
    }
  /* DenyAll matches everything. */
  g_assert_not_reached ();
  return NULL;
}

/* The first group naming each subnet and each NIC, indexed once per
 * compiled network (the matrix asks for every pair). */
static void
index_groups (VnlNetwork *net)
{
  GPtrArray *groups = vnl_design_get_objects (net->design, VNL_KIND_NSG);

  net->nsg_subnets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  net->nsg_nics = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint g = 0; g < groups->len; g++)
    {
      VnlNsg *nsg = groups->pdata[g];

      for (guint i = 0; i < nsg->nics->len; i++)
        {
          const char *endpoint = ((VnlNsgNic *) nsg->nics->pdata[i])->endpoint;
          if (endpoint != NULL && !g_hash_table_contains (net->nsg_nics, endpoint))
            g_hash_table_insert (net->nsg_nics, (gpointer) endpoint, nsg);
        }
      for (guint i = 0; i < nsg->subnets->len; i++)
        {
          VnlUdrSubnet *assoc = nsg->subnets->pdata[i];
          char *key = g_strconcat (assoc->vnet != NULL ? assoc->vnet : "", "/",
                                   assoc->subnet != NULL ? assoc->subnet : "", NULL);

          if (g_hash_table_contains (net->nsg_subnets, key))
            g_free (key);
          else
            g_hash_table_insert (net->nsg_subnets, key, nsg);
        }
    }
}

/* The group that is up and names (VNet @vnet, subnet @subnet), or the NIC
 * of endpoint @nic: the first in design order. */
static VnlNsg *
find_group (VnlNetwork *net,
            const char *vnet,
            const char *subnet,
            const char *nic)
{
  GPtrArray *groups = vnl_design_get_objects (net->design, VNL_KIND_NSG);
  VnlNsg *first;

  if (net->nsg_subnets == NULL)
    index_groups (net);
  if (nic != NULL)
    first = g_hash_table_lookup (net->nsg_nics, nic);
  else
    {
      g_autofree char *key = g_strconcat (vnet != NULL ? vnet : "", "/", subnet != NULL ? subnet : "", NULL);
      first = g_hash_table_lookup (net->nsg_subnets, key);
    }
  /* None names it; or the first that does is up (a what-if may take it
   * down: then the next one that names it, by the scan below). */
  if (first == NULL)
    return NULL;
  if (_vnl_network_obj_up (net, first))
    return first;

  for (guint g = 0; g < groups->len; g++)
    {
      VnlNsg *nsg = groups->pdata[g];

      if (!_vnl_network_obj_up (net, nsg))
        continue;
      if (nic != NULL)
        {
          for (guint i = 0; i < nsg->nics->len; i++)
            if (g_strcmp0 (((VnlNsgNic *) nsg->nics->pdata[i])->endpoint, nic) == 0)
              return nsg;
        }
      else
        for (guint i = 0; i < nsg->subnets->len; i++)
          {
            VnlUdrSubnet *assoc = nsg->subnets->pdata[i];
            if (g_strcmp0 (assoc->vnet, vnet) == 0 && g_strcmp0 (assoc->subnet, subnet) == 0)
              return nsg;
          }
    }
  return NULL;
}

void
_vnl_endpoint_nsgs (VnlNetwork  *net,
                    int          ep,
                    VnlNsg     **subnet_nsg,
                    VnlNsg     **nic_nsg,
                    const char **subnet_name)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  const char *subnet = NULL;

  *subnet_nsg = *nic_nsg = NULL;
  if (subnet_name != NULL)
    *subnet_name = NULL;
  if (ne->vnet < 0 || vnl_design_get_objects (net->design, VNL_KIND_NSG)->len == 0)
    return;
  _vnl_subnet_table (net, ne->vnet, ne->endpoint->address, &subnet);
  if (subnet_name != NULL)
    *subnet_name = subnet;
  if (subnet != NULL)
    *subnet_nsg = find_group (net, nvnet (net, ne->vnet)->vnet->parent.name, subnet, NULL);
  *nic_nsg = find_group (net, NULL, NULL, ne->endpoint->parent.name);
}

gboolean
_vnl_nsg_allows (VnlNetwork      *net,
                 int              ep,
                 VnlNsgDirection  direction,
                 guint32          src,
                 guint32          dst,
                 const VnlFlow   *flow,
                 GPtrArray       *checks)
{
  NetEndpoint *ne = &g_array_index (net->endpoints, NetEndpoint, ep);
  VnlNsg *groups[2];
  gboolean on_subnet[2];
  const char *subnet;
  VnlNsg *subnet_nsg, *nic_nsg;

  /* "By default, network policies are disabled for a subnet … To use
   * network policies like user-defined routes and network security group
   * support, network policy support must be enabled" ([PE-POL]): vnetlab
   * models the default, so no group filters a private endpoint. */
  if (ne->endpoint->private_endpoint)
    return TRUE;
  _vnl_endpoint_nsgs (net, ep, &subnet_nsg, &nic_nsg, &subnet);
  /* Inbound: the subnet's group, then the NIC's; outbound the reverse. */
  groups[0] = direction == VNL_NSG_INBOUND ? subnet_nsg : nic_nsg;
  groups[1] = direction == VNL_NSG_INBOUND ? nic_nsg : subnet_nsg;
  on_subnet[0] = direction == VNL_NSG_INBOUND;
  on_subnet[1] = !on_subnet[0];

  for (guint k = 0; k < 2; k++)
    {
      const VnlNsgRule *rule;
      VnlNsgCheck *check = NULL;

      if (groups[k] == NULL)
        continue;
      if (checks != NULL)
        {
          check = g_new0 (VnlNsgCheck, 1);
          check->group = groups[k]->parent.name;
          check->on_subnet = on_subnet[k];
          check->attached = on_subnet[k]
                            ? g_strdup_printf ("%s/%s", nvnet (net, ne->vnet)->vnet->parent.name, subnet)
                            : g_strdup (ne->endpoint->parent.name);
          check->direction = direction;
          check->node = ne->endpoint->parent.name;
          check->evaluated = g_ptr_array_new ();
          g_ptr_array_add (checks, check);
        }
      rule = group_decide (net, ne->vnet, groups[k], direction, src, dst, flow,
                           check != NULL ? check->evaluated : NULL);
      if (check != NULL)
        check->allowed = rule->allow;
      /* Both groups must allow. */
      if (!rule->allow)
        return FALSE;
    }
  return TRUE;
}

/* Appliances' NICs (network virtual appliances, not Azure Firewall): a
 * NIC is in the subnet of its VNet that holds its address, and that
 * subnet's group filters what reaches and leaves the appliance through
 * it, as for an endpoint ("Network security groups … filter network
 * traffic to and from Azure resources in an Azure virtual network",
 * network-security-group-how-it-works.md: a VM with IP forwarding is such
 * a resource; inbound when the packet arrives at the appliance, outbound
 * when it leaves). NIC-level groups name endpoints, so an appliance has
 * none. Azure Firewall has no group: "Subnet level NSGs aren't required on
 * the AzureFirewallSubnet, and are disabled" (firewall-faq.md; validation
 * refuses one). */
VnlNsg *
_vnl_appliance_nsg (VnlNetwork  *net,
                    int          app,
                    guint32      nic,
                    const char **subnet_name)
{
  NetAppliance *na = &g_array_index (net->appliances, NetAppliance, app);
  const char *subnet = NULL;

  if (subnet_name != NULL)
    *subnet_name = NULL;
  if (na->firewall || na->vnet < 0 || nic == 0 || vnl_design_get_objects (net->design, VNL_KIND_NSG)->len == 0)
    return NULL;
  _vnl_subnet_table (net, na->vnet, nic, &subnet);
  if (subnet == NULL)
    return NULL;
  if (subnet_name != NULL)
    *subnet_name = subnet;
  return find_group (net, nvnet (net, na->vnet)->vnet->parent.name, subnet, NULL);
}

gboolean
_vnl_appliance_nsg_allows (VnlNetwork      *net,
                           int              app,
                           guint32          nic,
                           VnlNsgDirection  direction,
                           guint32          src,
                           guint32          dst,
                           const VnlFlow   *flow,
                           GPtrArray       *checks)
{
  NetAppliance *na = &g_array_index (net->appliances, NetAppliance, app);
  const char *subnet;
  VnlNsg *nsg = _vnl_appliance_nsg (net, app, nic, &subnet);
  VnlNsgCheck *check = NULL;
  const VnlNsgRule *rule;

  if (nsg == NULL)
    return TRUE;
  if (checks != NULL)
    {
      check = g_new0 (VnlNsgCheck, 1);
      check->group = nsg->parent.name;
      check->on_subnet = TRUE;
      check->attached = g_strdup_printf ("%s/%s", nvnet (net, na->vnet)->vnet->parent.name, subnet);
      check->direction = direction;
      check->node = na->object->name;
      check->evaluated = g_ptr_array_new ();
      g_ptr_array_add (checks, check);
    }
  rule = group_decide (net, na->vnet, nsg, direction, src, dst, flow, check != NULL ? check->evaluated : NULL);
  if (check != NULL)
    check->allowed = rule->allow;
  return rule->allow;
}

gboolean
_vnl_nsg_flow_allowed (VnlNetwork    *net,
                       guint          from,
                       guint          to,
                       const VnlFlow *flow)
{
  guint32 src = g_array_index (net->endpoints, NetEndpoint, from).endpoint->address;
  guint32 dst = g_array_index (net->endpoints, NetEndpoint, to).endpoint->address;

  return _vnl_nsg_allows (net, from, VNL_NSG_OUTBOUND, src, dst, flow, NULL) &&
         _vnl_nsg_allows (net, to, VNL_NSG_INBOUND, src, dst, flow, NULL);
}

/* Every prefix a rule's verdict can depend on, for the matrix's atoms:
 * the rules' own prefixes, the host VIP, the private ranges (Internet),
 * the subnets (which group applies) and the route tables' prefixes
 * (VirtualNetwork). Peering, VNet and gateway prefixes are atoms already. */
void
_vnl_nsg_add_prefixes (VnlNetwork *net,
                       GArray     *prefixes)
{
  GPtrArray *groups = vnl_design_get_objects (net->design, VNL_KIND_NSG);
  GPtrArray *tables = vnl_design_get_objects (net->design, VNL_KIND_ROUTE_TABLE);
  static const VnlPrefix fixed[] = {
    { AZURE_HOST_VIP, 32 }, { 0x0a000000, 8 }, { 0xac100000, 12 }, { 0xc0a80000, 16 }, { 0x64400000, 10 },
  };

  _vnl_firewall_add_prefixes (net, prefixes);
  /* Nothing to add when nothing is per subnet: the classes stay as few. */
  if (groups->len == 0 && tables->len == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fixed) && groups->len > 0; i++)
    g_array_append_val (prefixes, fixed[i]);
  for (guint g = 0; g < groups->len; g++)
    {
      VnlNsg *nsg = groups->pdata[g];

      for (guint r = 0; r < nsg->rules->len; r++)
        {
          VnlNsgRule *rule = nsg->rules->pdata[r];
          GArray *lists[2] = { rule->sources, rule->destinations };

          for (guint l = 0; l < 2; l++)
            for (guint i = 0; i < lists[l]->len; i++)
              if (g_array_index (lists[l], VnlNsgAddr, i).kind == VNL_NSG_ADDR_PREFIX)
                g_array_append_val (prefixes, g_array_index (lists[l], VnlNsgAddr, i).prefix);
        }
    }
  for (guint t = 0; t < tables->len; t++)
    {
      VnlUdrTable *table = tables->pdata[t];
      for (guint r = 0; r < table->routes->len; r++)
        g_array_append_val (prefixes, ((VnlUdr *) table->routes->pdata[r])->prefix);
    }
  for (guint v = 0; v < net->vnets->len; v++)
    {
      GPtrArray *subnets = nvnet (net, v)->vnet->subnets;
      for (guint s = 0; s < subnets->len; s++)
        g_array_append_val (prefixes, ((VnlSubnet *) subnets->pdata[s])->prefix);
    }
}
