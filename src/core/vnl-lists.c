/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-lists"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-lists.h"
#include "vnl-kinds.h"
#include "vnl-nsg.h"

/* A PREFIXES column with max 1 holds a single prefix, else a
 * comma-separated list. */

static const VnlListColumn subnet_columns[] = {
  { "name", N_("Name"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Name") },
  { "prefix", N_("Prefix"), VNL_FIELD_PREFIXES, FALSE, 0, 1, "10.0.1.0/24" },
};

static const VnlListColumn instance_columns[] = {
  { "address", N_("Address"), VNL_FIELD_IP, FALSE, 0, 0, "10.0.255.4" },
  { "apipa-bgp-address", N_("APIPA BGP address"), VNL_FIELD_IP, TRUE, 0, 0, N_("none") },
};

static const VnlListColumn policy_columns[] = {
  { "peer", N_("Neighbour"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Circuit link or S2S connection") },
  { "local-preference", N_("Local preference"), VNL_FIELD_UINT, TRUE, 0, G_MAXUINT32, "100" },
  { "as-path-prepend", N_("AS-path prepend"), VNL_FIELD_UINT, TRUE, 0, 16, "0" },
  { "export-prefixes", N_("Export prefixes"), VNL_FIELD_PREFIXES, TRUE, 0, 0, N_("All") },
};

static const VnlListColumn hop_columns[] = {
  { "name", N_("Name"), VNL_FIELD_STRING, TRUE, 0, 0, N_("Name") },
  { "address", N_("LAN address"), VNL_FIELD_IP, FALSE, 0, 0, "10.2.30.3" },
  { "uplink-address", N_("Uplink address"), VNL_FIELD_IP, TRUE, 0, 0, N_("none") },
};

/* The addresses a VirtualAppliance route can name: "the private IP
 * address of a network interface attached to a virtual machine" or "the
 * private IP address of an Azure internal load balancer"
 * (virtual-networks-udr-overview.md) — the hosts of the design's VNets,
 * appliances and frontends among them. "NAME ADDRESS" strings: the picker
 * shows them and keeps the address. */
static char **
appliance_addresses (VnlDesign          *design,
                     gpointer            object,
                     const char * const *row)
{
  GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  GPtrArray *appliances = vnl_design_get_objects (design, VNL_KIND_APPLIANCE);
  GPtrArray *firewalls = vnl_design_get_objects (design, VNL_KIND_FIREWALL);
  g_autoptr(GHashTable) frontends = g_hash_table_new (NULL, NULL);
  GPtrArray *offers = g_ptr_array_new ();

  if (row != NULL && row[2] != NULL && g_ascii_strcasecmp (row[2], "VirtualAppliance") != 0)
    {
      g_ptr_array_add (offers, NULL);
      return (char **) g_ptr_array_free (offers, FALSE);
    }
  /* The devices that forward first: Azure Firewalls, the load balancer
   * frontends of appliance pairs (once each), the appliances' NICs. */
  for (guint i = 0; i < firewalls->len; i++)
    {
      VnlFirewall *fw = firewalls->pdata[i];
      g_autofree char *ip = vnl_ip_to_string (fw->address);
      g_ptr_array_add (offers, g_strdup_printf ("%s %s", fw->parent.name, ip));
    }
  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *nva = appliances->pdata[i];
      g_autofree char *ip = NULL;

      if (nva->frontend == 0 || g_hash_table_contains (frontends, GUINT_TO_POINTER (nva->frontend)))
        continue;
      g_hash_table_add (frontends, GUINT_TO_POINTER (nva->frontend));
      ip = vnl_ip_to_string (nva->frontend);
      /* TRANSLATORS: a picker entry: appliance %s's load balancer
       * frontend, then its address (kept when picked: it comes last) */
      g_ptr_array_add (offers, g_strdup_printf (_("%s, load balancer frontend %s"), nva->parent.name, ip));
    }
  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *nva = appliances->pdata[i];
      guint32 nics[2] = { nva->address, nva->address_2 };

      for (guint k = 0; k < 2; k++)
        if (nics[k] != 0)
          {
            g_autofree char *ip = vnl_ip_to_string (nics[k]);
            g_ptr_array_add (offers, g_strdup_printf ("%s %s", nva->parent.name, ip));
          }
    }
  for (guint i = 0; i < endpoints->len; i++)
    {
      VnlEndpoint *ep = endpoints->pdata[i];
      g_autofree char *ip = NULL;

      if (vnl_design_lookup_kind (design, ep->owner, VNL_KIND_VNET) == NULL)
        continue;
      ip = vnl_ip_to_string (ep->address);
      g_ptr_array_add (offers, g_strdup_printf ("%s %s", ep->parent.name, ip));
    }
  g_ptr_array_add (offers, NULL);
  return (char **) g_ptr_array_free (offers, FALSE);
}

static char **
vnet_names (VnlDesign          *design,
            gpointer            object,
            const char * const *row)
{
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *offers = g_ptr_array_new ();

  for (guint i = 0; i < vnets->len; i++)
    g_ptr_array_add (offers, g_strdup (((VnlObject *) vnets->pdata[i])->name));
  g_ptr_array_add (offers, NULL);
  return (char **) g_ptr_array_free (offers, FALSE);
}

/* The subnets of the row's VNet. */
static char **
subnet_names (VnlDesign          *design,
              gpointer            object,
              const char * const *row)
{
  VnlVnet *vnet = row != NULL ? vnl_design_lookup_kind (design, row[0], VNL_KIND_VNET) : NULL;
  GPtrArray *offers = g_ptr_array_new ();

  for (guint i = 0; vnet != NULL && i < vnet->subnets->len; i++)
    g_ptr_array_add (offers, g_strdup (((VnlSubnet *) vnet->subnets->pdata[i])->name));
  g_ptr_array_add (offers, NULL);
  return (char **) g_ptr_array_free (offers, FALSE);
}

/* Virtual WAN: the hub route tables a connection may propagate to, and
 * what a static route may name as its next hop (the VNet connections and
 * firewalls of the design). */
static char **
hub_table_names (VnlDesign          *design,
                 gpointer            object,
                 const char * const *row)
{
  GPtrArray *tables = vnl_design_get_objects (design, VNL_KIND_HUB_ROUTE_TABLE);
  GPtrArray *offers = g_ptr_array_new ();

  for (guint i = 0; i < tables->len; i++)
    g_ptr_array_add (offers, g_strdup (((VnlObject *) tables->pdata[i])->name));
  g_ptr_array_add (offers, NULL);
  return (char **) g_ptr_array_free (offers, FALSE);
}

static char **
hub_next_hops (VnlDesign          *design,
               gpointer            object,
               const char * const *row)
{
  const VnlKind kinds[] = { VNL_KIND_HUB_CONNECTION, VNL_KIND_FIREWALL };
  GPtrArray *offers = g_ptr_array_new ();

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, kinds[k]);
      for (guint i = 0; i < objects->len; i++)
        g_ptr_array_add (offers, g_strdup (((VnlObject *) objects->pdata[i])->name));
    }
  g_ptr_array_add (offers, NULL);
  return (char **) g_ptr_array_free (offers, FALSE);
}

/* A user-defined route: the next-hop type is one of the Azure names,
 * the IP only for VirtualAppliance (checked by set_routes). */
static const VnlListColumn route_columns[] = {
  { "name", N_("Name"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Name") },
  { "prefix", N_("Prefix"), VNL_FIELD_PREFIXES, FALSE, 0, 1, "0.0.0.0/0" },
  { "next-hop-type", N_("Next hop type"), VNL_FIELD_CHOICE, FALSE, 0, 0, "VirtualAppliance",
    _vnl_udr_next_hop_names },
  { "next-hop-ip", N_("Next hop IP"), VNL_FIELD_IP, TRUE, 0, 0, "10.0.2.4", NULL, appliance_addresses },
};

static const VnlListColumn association_columns[] = {
  { "vnet", N_("VNet"), VNL_FIELD_STRING, FALSE, 0, 0, N_("VNet"), NULL, vnet_names },
  { "subnet", N_("Subnet"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Subnet"), NULL, subnet_names },
};

static const VnlList subnets = {
  "subnets", N_("Subnets"), N_("Add Subnet"), subnet_columns, G_N_ELEMENTS (subnet_columns)
};
static const VnlList instances = {
  "instances", N_("Instance addresses"), N_("Add Instance"), instance_columns, G_N_ELEMENTS (instance_columns)
};
static const VnlList policies = {
  "policies", N_("BGP neighbour policies"), N_("Add Policy"), policy_columns, G_N_ELEMENTS (policy_columns)
};
static const VnlList hops = {
  "hops", N_("Hops"), N_("Add Hop"), hop_columns, G_N_ELEMENTS (hop_columns)
};

static const VnlList routes = {
  "routes", N_("Routes"), N_("Add Route"), route_columns, G_N_ELEMENTS (route_columns)
};
static const VnlList associations = {
  "associations", N_("Subnets"), N_("Associate Subnet"), association_columns, G_N_ELEMENTS (association_columns)
};

/* A network security group's rules: its own, then the default rules,
 * shown and never editable (set_nsg_rules refuses a changed one). */
static const VnlListColumn nsg_rule_columns[] = {
  { "name", N_("Name"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Name") },
  { "priority", N_("Priority"), VNL_FIELD_UINT, FALSE, VNL_NSG_MIN_PRIORITY, 65500, "100" },
  { "direction", N_("Direction"), VNL_FIELD_STRING, FALSE, 0, 0, "Inbound" },
  { "access", N_("Access"), VNL_FIELD_STRING, FALSE, 0, 0, "Allow" },
  { "protocol", N_("Protocol"), VNL_FIELD_STRING, FALSE, 0, 0, "Tcp" },
  { "source", N_("Source"), VNL_FIELD_STRING, FALSE, 0, 0, "VirtualNetwork" },
  { "source-ports", N_("Source ports"), VNL_FIELD_STRING, FALSE, 0, 0, "*" },
  { "destination", N_("Destination"), VNL_FIELD_STRING, FALSE, 0, 0, "*" },
  { "destination-ports", N_("Destination ports"), VNL_FIELD_STRING, FALSE, 0, 0, "443" },
};

static const VnlListColumn nic_columns[] = {
  { "endpoint", N_("Endpoint"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Endpoint") },
};

static const VnlList nsg_rules = {
  "security-rules", N_("Security rules"), N_("Add Rule"), nsg_rule_columns, G_N_ELEMENTS (nsg_rule_columns)
};
static const VnlList nsg_nics = {
  "nics", N_("Network interfaces"), N_("Associate NIC"), nic_columns, G_N_ELEMENTS (nic_columns)
};

/* Virtual WAN: a connection's propagated route tables; the static routes
 * of a hub route table (next hop: a VNet connection or the hub's
 * firewall) or of a VNet connection (next hop IP in the VNet). */
static const VnlListColumn propagated_columns[] = {
  { "table", N_("Route table"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Route table"), NULL, hub_table_names },
};

static const VnlListColumn hub_route_columns[] = {
  { "name", N_("Name"), VNL_FIELD_STRING, FALSE, 0, 0, N_("Name") },
  { "prefix", N_("Prefix"), VNL_FIELD_PREFIXES, FALSE, 0, 1, "10.0.0.0/8" },
  { "next-hop", N_("Next hop"), VNL_FIELD_STRING, TRUE, 0, 0, N_("Connection or firewall"), NULL, hub_next_hops },
  { "next-hop-ip", N_("Next hop IP"), VNL_FIELD_IP, TRUE, 0, 0, "10.1.0.4" },
};

static const VnlList propagated = {
  "propagated-route-tables", N_("Propagated route tables"), N_("Propagate to Route Table"), propagated_columns,
  G_N_ELEMENTS (propagated_columns)
};
static const VnlList hub_routes = {
  "static-routes", N_("Static routes"), N_("Add Static Route"), hub_route_columns, G_N_ELEMENTS (hub_route_columns)
};

static const VnlList * const all_lists[] = {
  &subnets, &instances, &policies, &hops, &routes, &associations, &nsg_rules, &nsg_nics, &propagated, &hub_routes
};

/* The list behind the VNL_FIELD_OTHER field @key of @object's kind. */
static GPtrArray *
field_array (gpointer    object,
             const char *key)
{
  const VnlField *field = vnl_kind_lookup_field (((VnlObject *) object)->kind, key);

  g_assert (field != NULL && field->type == VNL_FIELD_OTHER);
  return G_STRUCT_MEMBER (GPtrArray *, object, field->offset);
}

/* The subnet associations of a route table or a network security group. */
static GPtrArray *
subnet_associations (gpointer object)
{
  if (((VnlObject *) object)->kind == VNL_KIND_NSG)
    return ((VnlNsg *) object)->subnets;
  return ((VnlUdrTable *) object)->subnets;
}

static char **
nsg_rule_row (const VnlNsgRule *rule)
{
  char **row = g_new0 (char *, 10);

  row[0] = g_strdup (rule->name != NULL ? rule->name : "");
  row[1] = g_strdup_printf ("%u", rule->priority);
  row[2] = g_strdup (vnl_nsg_direction_to_string (rule->direction));
  row[3] = g_strdup (rule->allow ? "Allow" : "Deny");
  row[4] = g_strdup (vnl_protocol_to_string (rule->protocol));
  row[5] = vnl_nsg_addrs_to_string (rule->sources);
  row[6] = vnl_nsg_ports_to_string (rule->source_ports);
  row[7] = vnl_nsg_addrs_to_string (rule->destinations);
  row[8] = vnl_nsg_ports_to_string (rule->destination_ports);
  return row;
}

static const char * const location_kinds[] = { "azure-region", "peering-location", "on-premises" };

/* The lists of a kind are its VNL_FIELD_OTHER fields in the table of
 * kinds, in field order. */
const VnlList * const *
vnl_lists_for_kind (VnlKind kind)
{
  static gsize once;
  static const VnlList *lists[VNL_N_KINDS][G_N_ELEMENTS (all_lists) + 1];

  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);

  if (g_once_init_enter (&once))
    {
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          guint n = 0;

          for (const VnlField *f = vnl_kind_get_info (k)->fields; f->key != NULL; f++)
            for (guint i = 0; f->type == VNL_FIELD_OTHER && i < G_N_ELEMENTS (all_lists); i++)
              if (g_str_equal (f->key, all_lists[i]->key))
                lists[k][n++] = all_lists[i];
        }
      g_once_init_leave (&once, 1);
    }
  return lists[kind];
}

static const VnlList *
lookup_list (VnlKind     kind,
             const char *key)
{
  for (const VnlList * const *l = vnl_lists_for_kind (kind); *l != NULL; l++)
    if (g_str_equal ((*l)->key, key))
      return *l;
  return NULL;
}

/* Formatting */

static char *
ip_or_empty (guint32 addr)
{
  return addr != 0 ? vnl_ip_to_string (addr) : g_strdup ("");
}

static char *
ms_to_string (double ms)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", ms));
}

static char **
row_new (guint n)
{
  return g_new0 (char *, n + 1);
}

GPtrArray *
vnl_list_get_rows (gpointer       object,
                   const VnlList *list)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_return_val_if_fail (object != NULL && list != NULL, rows);

  if (list == &subnets)
    {
      VnlVnet *vnet = object;
      for (guint i = 0; i < vnet->subnets->len; i++)
        {
          VnlSubnet *subnet = vnet->subnets->pdata[i];
          char **row = row_new (2);
          row[0] = g_strdup (subnet->name);
          row[1] = vnl_prefix_to_string (&subnet->prefix);
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &instances)
    {
      VnlGateway *gw = object;
      for (guint i = 0; i < gw->instances->len; i++)
        {
          char **row = row_new (2);
          row[0] = vnl_ip_to_string (g_array_index (gw->instances, guint32, i));
          row[1] = ip_or_empty (vnl_gateway_get_instance_apipa (gw, i));
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &policies)
    {
      VnlCe *ce = object;
      for (guint i = 0; i < ce->policies->len; i++)
        {
          VnlCePolicy *policy = ce->policies->pdata[i];
          char **row = row_new (4);
          row[0] = g_strdup (policy->peer);
          row[1] = policy->local_preference != 0 ? g_strdup_printf ("%u", policy->local_preference) : g_strdup ("");
          row[2] = policy->as_path_prepend != 0 ? g_strdup_printf ("%u", policy->as_path_prepend) : g_strdup ("");
          row[3] = vnl_prefix_list_to_string (policy->export_prefixes);
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &hops)
    {
      VnlSite *site = object;
      for (guint i = 0; i < site->hops->len; i++)
        {
          VnlSiteHop *hop = site->hops->pdata[i];
          char **row = row_new (3);
          row[0] = g_strdup (hop->name != NULL ? hop->name : "");
          row[1] = vnl_ip_to_string (hop->address);
          row[2] = ip_or_empty (hop->uplink_address);
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &routes)
    {
      VnlUdrTable *table = object;
      for (guint i = 0; i < table->routes->len; i++)
        {
          VnlUdr *udr = table->routes->pdata[i];
          char **row = row_new (4);
          row[0] = g_strdup (udr->name != NULL ? udr->name : "");
          row[1] = vnl_prefix_to_string (&udr->prefix);
          row[2] = g_strdup (_vnl_udr_next_hop_names[udr->next_hop]);
          row[3] = udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE ? ip_or_empty (udr->next_hop_ip) : g_strdup ("");
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &associations)
    {
      GPtrArray *assocs = subnet_associations (object);
      for (guint i = 0; i < assocs->len; i++)
        {
          VnlUdrSubnet *assoc = assocs->pdata[i];
          char **row = row_new (2);
          row[0] = g_strdup (assoc->vnet != NULL ? assoc->vnet : "");
          row[1] = g_strdup (assoc->subnet != NULL ? assoc->subnet : "");
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &nsg_rules)
    {
      VnlNsg *nsg = object;

      for (guint i = 0; i < nsg->rules->len; i++)
        g_ptr_array_add (rows, nsg_rule_row (nsg->rules->pdata[i]));
      for (guint d = 0; d < 2; d++)
        {
          guint n;
          const VnlNsgRule * const *defaults = vnl_nsg_default_rules (d, &n);
          for (guint i = 0; i < n; i++)
            g_ptr_array_add (rows, nsg_rule_row (defaults[i]));
        }
    }
  else if (list == &nsg_nics)
    {
      VnlNsg *nsg = object;
      for (guint i = 0; i < nsg->nics->len; i++)
        {
          char **row = row_new (1);
          row[0] = g_strdup (((VnlNsgNic *) nsg->nics->pdata[i])->endpoint);
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &propagated)
    {
      GPtrArray *names = field_array (object, list->key);
      for (guint i = 0; i < names->len; i++)
        {
          char **row = row_new (1);
          row[0] = g_strdup (names->pdata[i] != NULL ? names->pdata[i] : "");
          g_ptr_array_add (rows, row);
        }
    }
  else if (list == &hub_routes)
    {
      GPtrArray *list_routes = field_array (object, list->key);
      for (guint i = 0; i < list_routes->len; i++)
        {
          VnlHubRoute *route = list_routes->pdata[i];
          char **row = row_new (4);
          row[0] = g_strdup (route->name != NULL ? route->name : "");
          row[1] = vnl_prefix_to_string (&route->prefix);
          row[2] = g_strdup (route->next_hop != NULL ? route->next_hop : "");
          row[3] = ip_or_empty (route->next_hop_ip);
          g_ptr_array_add (rows, row);
        }
    }
  return rows;
}

char *
vnl_list_encode (const VnlList *list,
                 GPtrArray     *rows)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint c = 0; c < list->n_columns; c++)
        g_string_append_printf (out, "%s%s", c > 0 ? "\t" : "", row[c] != NULL ? row[c] : "");
    }
  return g_string_free (out, FALSE);
}

char **
vnl_list_new_row (VnlDesign     *design,
                  gpointer       object,
                  const VnlList *list)
{
  char **row = row_new (list->n_columns);

  for (guint c = 0; c < list->n_columns; c++)
    row[c] = g_strdup ("");

  if (list == &subnets)
    {
      VnlVnet *vnet = object;
      VnlPrefix prefix = { 10u << 24, 24 };

      /* The next /24 after the last subnet, in the first address space. */
      if (vnet->address_spaces->len > 0)
        prefix.addr = g_array_index (vnet->address_spaces, VnlPrefix, 0).addr;
      for (guint i = 0; i < vnet->subnets->len; i++)
        {
          VnlSubnet *s = vnet->subnets->pdata[i];
          guint32 end = s->prefix.addr + (s->prefix.len == 0 ? 0 : (guint32) 1 << (32 - s->prefix.len));
          if (end > prefix.addr)
            prefix.addr = (end + 255) & ~(guint32) 255;
        }
      g_free (row[0]);
      row[0] = g_strdup_printf ("subnet%u", vnet->subnets->len + 1);
      g_free (row[1]);
      row[1] = vnl_prefix_to_string (&prefix);
    }
  else if (list == &instances)
    {
      VnlGateway *gw = object;
      guint32 last = gw->instances->len > 0 ? g_array_index (gw->instances, guint32, gw->instances->len - 1) : 0;
      g_free (row[0]);
      row[0] = last != 0 ? vnl_ip_to_string (last + 1) : g_strdup ("10.0.255.4");
    }
  else if (list == &policies)
    {
      VnlCe *ce = object;
      GPtrArray *links = vnl_design_get_objects (design, VNL_KIND_LINK);

      /* The first circuit link on this CE that has no policy yet. */
      for (guint i = 0; i < links->len; i++)
        {
          VnlLink *link = links->pdata[i];
          gboolean has = FALSE;
          if (g_strcmp0 (link->ce, ce->parent.name) != 0)
            continue;
          for (guint j = 0; j < ce->policies->len; j++)
            if (g_strcmp0 (((VnlCePolicy *) ce->policies->pdata[j])->peer, link->parent.name) == 0)
              has = TRUE;
          if (!has)
            {
              g_free (row[0]);
              row[0] = g_strdup (link->parent.name);
              break;
            }
        }
      if (row[0][0] == '\0')
        {
          g_free (row[0]);
          row[0] = g_strdup ("peer");
        }
    }
  else if (list == &hops)
    {
      VnlSite *site = object;
      g_free (row[1]);
      if (site->prefixes->len > 0)
        row[1] = vnl_ip_to_string (g_array_index (site->prefixes, VnlPrefix, 0).addr + 1 + site->hops->len);
      else
        row[1] = g_strdup ("10.0.0.1");
    }
  else if (list == &routes)
    {
      VnlUdrTable *table = object;
      g_free (row[0]);
      row[0] = g_strdup_printf ("route%u", table->routes->len + 1);
      g_free (row[1]);
      row[1] = g_strdup ("0.0.0.0/0");
      g_free (row[2]);
      row[2] = g_strdup ("None");
    }
  else if (list == &associations)
    {
      GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);

      /* The first subnet of the design's first VNet that has one. */
      for (guint i = 0; i < vnets->len; i++)
        {
          VnlVnet *vnet = vnets->pdata[i];
          if (vnet->subnets->len == 0)
            continue;
          g_free (row[0]);
          row[0] = g_strdup (vnet->parent.name);
          g_free (row[1]);
          row[1] = g_strdup (((VnlSubnet *) vnet->subnets->pdata[0])->name);
          break;
        }
    }
  else if (list == &nsg_rules)
    {
      VnlNsg *nsg = object;
      guint priority = VNL_NSG_MIN_PRIORITY;

      /* After the last rule of one's own, in steps of ten. */
      for (guint i = 0; i < nsg->rules->len; i++)
        priority = MAX (priority, ((VnlNsgRule *) nsg->rules->pdata[i])->priority + 10);
      priority = MIN (priority, VNL_NSG_MAX_PRIORITY);
      for (guint c = 0; c < list->n_columns; c++)
        {
          g_free (row[c]);
          row[c] = g_strdup (nsg_rule_columns[c].placeholder);
        }
      g_free (row[0]);
      row[0] = g_strdup_printf ("rule%u", nsg->rules->len + 1);
      g_free (row[1]);
      row[1] = g_strdup_printf ("%u", priority);
    }
  else if (list == &nsg_nics)
    {
      GPtrArray *endpoints = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
      g_free (row[0]);
      row[0] = g_strdup (endpoints->len > 0 ? ((VnlObject *) endpoints->pdata[0])->name : "");
    }
  return row;
}

/* Parsing */

gboolean
vnl_list_validate_field (const VnlListColumn  *column,
                         const char           *text,
                         GError              **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (column != NULL && text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (strpbrk (stripped, "\t\n") != NULL)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("tabs and line breaks are not allowed"));
      return FALSE;
    }
  if (stripped[0] == '\0')
    {
      if (column->optional)
        return TRUE;
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("a value is needed"));
      return FALSE;
    }

  switch (column->type)
    {
    case VNL_FIELD_UINT:
      {
        guint64 value;
        if (!g_ascii_string_to_unsigned (stripped, 10, column->min, column->max, &value, NULL))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                         _("a whole number from %u to %u is needed"), column->min, column->max);
            return FALSE;
          }
        return TRUE;
      }
    case VNL_FIELD_IP:
      {
        guint32 addr;
        if (!vnl_ip_parse (stripped, &addr))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID_ADDRESS,
                         _("“%s” is not an IPv4 address"), stripped);
            return FALSE;
          }
        return TRUE;
      }
    case VNL_FIELD_PREFIXES:
      if (column->max == 1)
        {
          VnlPrefix prefix;
          return vnl_prefix_parse (stripped, &prefix, error);
        }
      else
        {
          g_autoptr(GArray) array = vnl_prefix_list_parse (stripped, error);
          return array != NULL;
        }
    case VNL_FIELD_CHOICE:
      for (guint i = 0; column->choices != NULL && column->choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (stripped, column->choices[i]) == 0)
          return TRUE;
      if (column->choices != NULL)
        {
          g_autofree char *all = g_strjoinv (", ", (char **) column->choices);
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("“%s” is not one of %s"), stripped, all);
          return FALSE;
        }
      return TRUE;
    case VNL_FIELD_STRING:
    case VNL_FIELD_PREFIX:
    case VNL_FIELD_BOOL:
    case VNL_FIELD_OTHER:
    default:
      return TRUE;
    }
}

char **
vnl_list_column_offers (VnlDesign           *design,
                        gpointer             object,
                        const VnlListColumn *column,
                        const char * const  *row)
{
  g_return_val_if_fail (column != NULL, NULL);

  if (column->choices != NULL)
    return g_strdupv ((char **) column->choices);
  if (column->suggest != NULL && design != NULL)
    return column->suggest (design, object, row);
  return NULL;
}

static guint
parse_uint (const char *text)
{
  guint64 value = 0;

  g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL);
  return value;
}

static guint32
parse_ip (const char *text)
{
  guint32 addr = 0;

  if (text[0] != '\0')
    vnl_ip_parse (text, &addr);
  return addr;
}

/* Decodes and checks every field; @rows gets stripped fields. */
static GPtrArray *
decode (const VnlList  *list,
        const char     *text,
        GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = NULL;

  if (text[0] == '\0')
    return g_steal_pointer (&rows);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", list->n_columns);
      char **row = row_new (list->n_columns);

      g_ptr_array_add (rows, row);
      for (guint c = 0; c < list->n_columns; c++)
        {
          g_autoptr(GError) local = NULL;
          const char *field = c < g_strv_length (fields) ? fields[c] : "";

          row[c] = g_strstrip (g_strdup (field));
          if (!vnl_list_validate_field (&list->columns[c], row[c], &local))
            {
              g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                           _("row %u, %s: %s"), i + 1, _(list->columns[c].label), local->message);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&rows);
}

/* A route table's routes: a known next-hop type, an IP exactly for
 * VirtualAppliance ("VirtualAppliance … nextHopIpAddress",
 * articles/virtual-network/virtual-networks-udr-overview.md). */
static gboolean
set_routes (VnlUdrTable  *table,
            GPtrArray    *rows,
            GError      **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) _vnl_udr_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      VnlUdr *udr = g_new0 (VnlUdr, 1);
      gboolean known = FALSE;

      g_ptr_array_add (parsed, udr);
      udr->name = g_strdup (row[0]);
      vnl_prefix_parse (row[1], &udr->prefix, NULL);
      for (guint t = 0; t < VNL_N_UDR_NEXT_HOPS; t++)
        if (g_ascii_strcasecmp (row[2], _vnl_udr_next_hop_names[t]) == 0)
          {
            udr->next_hop = t;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("row %u, %s: “%s” is not VirtualAppliance, VirtualNetworkGateway, VnetLocal, Internet or None"),
                       i + 1, _("Next hop type"), row[2]);
          return FALSE;
        }
      if ((udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE) != (row[3][0] != '\0'))
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE
                       ? _("row %u, %s: a VirtualAppliance route needs the appliance's IP address")
                       : _("row %u, %s: only a VirtualAppliance route has a next hop IP"),
                       i + 1, _("Next hop IP"));
          return FALSE;
        }
      udr->next_hop_ip = parse_ip (row[3]);
    }

  g_ptr_array_set_size (table->routes, 0);
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (table->routes, g_steal_pointer (&parsed->pdata[i]));
  g_ptr_array_set_free_func (parsed, NULL);
  return TRUE;
}

/* Is @row a default rule as shown (a row the user did not change)? */
static gboolean
row_is_default_rule (char **row)
{
  for (guint d = 0; d < 2; d++)
    {
      guint n;
      const VnlNsgRule * const *defaults = vnl_nsg_default_rules (d, &n);

      for (guint i = 0; i < n; i++)
        {
          g_auto(GStrv) shown = nsg_rule_row (defaults[i]);
          gboolean same = TRUE;

          for (guint c = 0; c < G_N_ELEMENTS (nsg_rule_columns) && same; c++)
            same = g_strcmp0 (shown[c], row[c]) == 0;
          if (same)
            return TRUE;
        }
    }
  return FALSE;
}

/* A group's rules: the default rules come back as they were shown and are
 * skipped; every other row is a rule of one's own, priority 100–4096
 * ("You can specify a number between 100 and 4096",
 * network-security-groups-overview.md). */
static gboolean
set_nsg_rules (VnlNsg      *nsg,
               GPtrArray   *rows,
               GError     **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_nsg_rule_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      g_autoptr(GError) local = NULL;
      VnlNsgRule *rule;
      const char *column = NULL;

      if (row_is_default_rule (row))
        continue;
      rule = vnl_nsg_rule_new ();
      g_ptr_array_add (parsed, rule);
      rule->name = g_strdup (row[0]);
      rule->priority = parse_uint (row[1]);
      rule->direction = g_ascii_strcasecmp (row[2], "Outbound") == 0 ? VNL_NSG_OUTBOUND : VNL_NSG_INBOUND;
      rule->allow = g_ascii_strcasecmp (row[3], "Allow") == 0;
      if (rule->priority < VNL_NSG_MIN_PRIORITY || rule->priority > VNL_NSG_MAX_PRIORITY)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("row %u, %s: a rule's priority is 100 to 4096 (the default rules cannot be changed)"),
                       i + 1, _("Priority"));
          return FALSE;
        }
      if (g_ascii_strcasecmp (row[2], "Inbound") != 0 && g_ascii_strcasecmp (row[2], "Outbound") != 0)
        column = _("Direction");
      else if (g_ascii_strcasecmp (row[3], "Allow") != 0 && g_ascii_strcasecmp (row[3], "Deny") != 0)
        column = _("Access");
      else if (!vnl_protocol_parse (row[4], &rule->protocol))
        column = _("Protocol");
      if (column != NULL)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("row %u, %s: “%s” is not one of Inbound/Outbound, Allow/Deny, Tcp/Udp/Icmp/*"),
                       i + 1, column, column == _("Direction") ? row[2] : column == _("Access") ? row[3] : row[4]);
          return FALSE;
        }
      g_clear_pointer (&rule->sources, g_array_unref);
      g_clear_pointer (&rule->source_ports, g_array_unref);
      g_clear_pointer (&rule->destinations, g_array_unref);
      g_clear_pointer (&rule->destination_ports, g_array_unref);
      if (!(rule->sources = vnl_nsg_addrs_parse (row[5], &local)))
        column = _("Source");
      else if (!(rule->source_ports = vnl_nsg_ports_parse (row[6], &local)))
        column = _("Source ports");
      else if (!(rule->destinations = vnl_nsg_addrs_parse (row[7], &local)))
        column = _("Destination");
      else if (!(rule->destination_ports = vnl_nsg_ports_parse (row[8], &local)))
        column = _("Destination ports");
      if (column != NULL)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("row %u, %s: %s"), i + 1, column, local->message);
          return FALSE;
        }
    }

  g_ptr_array_set_size (nsg->rules, 0);
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (nsg->rules, g_steal_pointer (&parsed->pdata[i]));
  g_ptr_array_set_free_func (parsed, NULL);
  return TRUE;
}

static gboolean
set_list (VnlDesign      *design,
          gpointer        object,
          const VnlList  *list,
          const char     *text,
          GError        **error)
{
  g_autoptr(GPtrArray) rows = decode (list, text, error);

  if (rows == NULL)
    return FALSE;

  if (list == &subnets)
    {
      VnlVnet *vnet = object;

      for (guint i = 0; i < rows->len; i++)
        for (guint j = 0; j < i; j++)
          if (g_str_equal (((char **) rows->pdata[j])[0], ((char **) rows->pdata[i])[0]))
            {
              g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME,
                           _("two subnets are named “%s”"), ((char **) rows->pdata[i])[0]);
              return FALSE;
            }
      /* A subnet kept by name keeps its private-endpoint policies. */
      g_autoptr(GHashTable) policies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < vnet->subnets->len; i++)
        {
          VnlSubnet *old = vnet->subnets->pdata[i];
          if (old->pe_route_policies && old->name != NULL)
            g_hash_table_add (policies, g_strdup (old->name));
        }
      /* The arrays free their elements (the design's free functions). */
      g_ptr_array_set_size (vnet->subnets, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          VnlSubnet *subnet = g_new0 (VnlSubnet, 1);

          subnet->name = g_strdup (row[0]);
          vnl_prefix_parse (row[1], &subnet->prefix, NULL);
          subnet->pe_route_policies = g_hash_table_contains (policies, subnet->name);
          g_ptr_array_add (vnet->subnets, subnet);
        }
    }
  else if (list == &instances)
    {
      VnlGateway *gw = object;
      g_array_set_size (gw->instances, 0);
      g_array_set_size (gw->instance_apipa, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          guint32 addr = parse_ip (((char **) rows->pdata[i])[0]);
          guint32 apipa = parse_ip (((char **) rows->pdata[i])[1]);
          g_array_append_val (gw->instances, addr);
          g_array_append_val (gw->instance_apipa, apipa);
        }
    }
  else if (list == &policies)
    {
      VnlCe *ce = object;

      g_ptr_array_set_size (ce->policies, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          VnlCePolicy *policy = g_new0 (VnlCePolicy, 1);

          policy->peer = g_strdup (row[0]);
          policy->local_preference = parse_uint (row[1]);
          policy->as_path_prepend = parse_uint (row[2]);
          policy->export_prefixes = vnl_prefix_list_parse (row[3], NULL);
          g_ptr_array_add (ce->policies, policy);
        }
    }
  else if (list == &hops)
    {
      VnlSite *site = object;

      g_ptr_array_set_size (site->hops, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          VnlSiteHop *hop = g_new0 (VnlSiteHop, 1);

          hop->name = row[0][0] != '\0' ? g_strdup (row[0]) : NULL;
          hop->address = parse_ip (row[1]);
          hop->uplink_address = parse_ip (row[2]);
          g_ptr_array_add (site->hops, hop);
        }
    }
  else if (list == &routes)
    return set_routes (object, rows, error);
  else if (list == &associations)
    {
      GPtrArray *assocs = subnet_associations (object);

      g_ptr_array_set_size (assocs, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          VnlUdrSubnet *assoc = g_new0 (VnlUdrSubnet, 1);

          assoc->vnet = g_strdup (row[0]);
          assoc->subnet = g_strdup (row[1]);
          g_ptr_array_add (assocs, assoc);
        }
    }
  else if (list == &nsg_rules)
    return set_nsg_rules (object, rows, error);
  else if (list == &nsg_nics)
    {
      VnlNsg *nsg = object;

      g_ptr_array_set_size (nsg->nics, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          VnlNsgNic *nic = g_new0 (VnlNsgNic, 1);
          nic->endpoint = g_strdup (((char **) rows->pdata[i])[0]);
          g_ptr_array_add (nsg->nics, nic);
        }
    }
  else if (list == &propagated)
    {
      GPtrArray *names = field_array (object, list->key);

      g_ptr_array_set_size (names, 0);
      for (guint i = 0; i < rows->len; i++)
        g_ptr_array_add (names, g_strdup (((char **) rows->pdata[i])[0]));
    }
  else if (list == &hub_routes)
    {
      GPtrArray *list_routes = field_array (object, list->key);

      g_ptr_array_set_size (list_routes, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          VnlHubRoute *route = g_new0 (VnlHubRoute, 1);

          route->name = g_strdup (row[0]);
          vnl_prefix_parse (row[1], &route->prefix, NULL);
          route->next_hop = row[2][0] != '\0' ? g_strdup (row[2]) : NULL;
          route->next_hop_ip = parse_ip (row[3]);
          g_ptr_array_add (list_routes, route);
        }
    }
  return TRUE;
}

/* Locations */

static gboolean
parse_ms (const char  *text,
          double      *ms,
          GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  /* Accept a decimal comma as well. */
  g_strdelimit (copy, ",", '.');
  *ms = g_ascii_strtod (copy, &end);
  if (copy[0] == '\0' || end == NULL || *end != '\0' || *ms < 0 || *ms > 10000)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("a latency in milliseconds from 0 to 10000 is needed"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vnl_lists_parse_latency (const char  *text,
                         double      *ms,
                         GError     **error)
{
  g_return_val_if_fail (text != NULL && ms != NULL, FALSE);
  return parse_ms (text, ms, error);
}

static VnlLatency *
find_latency (VnlDesign  *design,
              const char *a,
              const char *b,
              guint      *index)
{
  GPtrArray *latencies = vnl_design_get_latencies (design);

  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];
      if ((g_str_equal (latency->a, a) && g_str_equal (latency->b, b)) ||
          (g_str_equal (latency->a, b) && g_str_equal (latency->b, a)))
        {
          if (index != NULL)
            *index = i;
          return latency;
        }
    }
  return NULL;
}

static char *
location_get (VnlDesign   *design,
              VnlLocation *location,
              const char  *key)
{
  if (g_str_equal (key, "location-kind"))
    return g_strdup (location_kinds[location->location_kind]);
  if (g_str_equal (key, "display-name"))
    return g_strdup (location->display_name != NULL ? location->display_name : "");
  if (g_str_equal (key, "intra-latency"))
    return location->intra_ms >= 0 ? ms_to_string (location->intra_ms) : g_strdup ("");
  if (g_str_has_prefix (key, "latency:"))
    {
      VnlLatency *latency = find_latency (design, location->parent.name, key + strlen ("latency:"), NULL);
      return latency != NULL ? ms_to_string (latency->ms) : g_strdup ("");
    }
  g_return_val_if_reached (NULL);
}

static gboolean
location_set (VnlDesign    *design,
              VnlLocation  *location,
              const char   *key,
              const char   *text,
              GError      **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  double ms = -1;

  if (g_str_equal (key, "location-kind"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (location_kinds); i++)
        if (g_str_equal (stripped, location_kinds[i]))
          {
            location->location_kind = i;
            return TRUE;
          }
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("“%s” is not a valid choice"), stripped);
      return FALSE;
    }
  if (g_str_equal (key, "display-name"))
    {
      g_free (location->display_name);
      location->display_name = stripped[0] != '\0' ? g_strdup (stripped) : NULL;
      return TRUE;
    }
  if (stripped[0] != '\0' && !parse_ms (stripped, &ms, error))
    return FALSE;
  if (g_str_equal (key, "intra-latency"))
    {
      location->intra_ms = ms;
      return TRUE;
    }
  if (g_str_has_prefix (key, "latency:"))
    {
      const char *other = key + strlen ("latency:");
      guint index;
      VnlLatency *latency = find_latency (design, location->parent.name, other, &index);

      if (ms < 0 && latency != NULL)
        g_ptr_array_remove_index (vnl_design_get_latencies (design), index);
      else if (ms >= 0)
        vnl_design_add_latency (design, location->parent.name, other, ms);
      return TRUE;
    }
  g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, "unknown key %s", key);
  return FALSE;
}

/* Text of a list or a location setting, for vnl_object_get_text() */

char *
_vnl_lists_get_text (VnlDesign  *design,
                     gpointer    object,
                     const char *key)
{
  VnlObject *obj = object;
  const VnlList *list;
  g_autoptr(GPtrArray) rows = NULL;

  if (obj->kind == VNL_KIND_LOCATION)
    return location_get (design, object, key);
  list = lookup_list (obj->kind, key);
  g_return_val_if_fail (list != NULL, NULL);
  rows = vnl_list_get_rows (object, list);
  return vnl_list_encode (list, rows);
}

gboolean
_vnl_lists_set_text (VnlDesign   *design,
                     gpointer     object,
                     const char  *key,
                     const char  *text,
                     GError     **error)
{
  VnlObject *obj = object;
  const VnlList *list;

  if (obj->kind == VNL_KIND_LOCATION)
    return location_set (design, object, key, text, error);
  list = lookup_list (obj->kind, key);
  g_return_val_if_fail (list != NULL, FALSE);
  return set_list (design, object, list, text, error);
}

char *
_vnl_lists_describe (VnlDesign  *design,
                     gpointer    object,
                     const char *key)
{
  VnlObject *obj = object;
  const VnlList *list;

  if (obj->kind == VNL_KIND_LOCATION)
    {
      if (g_str_equal (key, "location-kind"))
        return g_strdup (_("Kind"));
      if (g_str_equal (key, "display-name"))
        return g_strdup (_("Display name"));
      if (g_str_equal (key, "intra-latency"))
        return g_strdup (_("Intra latency"));
      if (g_str_has_prefix (key, "latency:"))
        return g_strdup_printf (_("Latency to %s"), key + strlen ("latency:"));
      return NULL;
    }
  list = lookup_list (obj->kind, key);
  return list != NULL ? g_strdup (_(list->label)) : NULL;
}


/* Adding and removing locations */

VnlLocation *
vnl_lists_add_location (VnlHistory *history)
{
  VnlDesign *design;
  g_autofree char *name = NULL;
  VnlLocation *location;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);

  design = vnl_history_get_design (history);
  for (guint i = 1; name == NULL || vnl_design_lookup (design, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("location%u", i);
    }
  location = vnl_object_new (VNL_KIND_LOCATION, name);
  if (!vnl_history_add (history, location, NULL))
    g_assert_not_reached ();  /* the name is free */
  return location;
}

char *
vnl_lists_location_users (VnlDesign   *design,
                          VnlLocation *location)
{
  g_autoptr(GString) users = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (location != NULL, NULL);

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          g_autoptr(GPtrArray) refs = vnl_object_get_references (object);

          if (!g_ptr_array_find_with_equal_func (refs, location->parent.name, g_str_equal, NULL))
            continue;
          /* A long list helps nobody: the first few say where to look. */
          if (n < 4)
            g_string_append_printf (users, "%s%s %s", n > 0 ? ", " : "",
                                    vnl_kind_get_label (object), object->name);
          n++;
        }
    }
  if (n == 0)
    return NULL;
  if (n > 4)
    {
      g_string_append (users, ", ");
      g_string_append_printf (users, ngettext ("%u more object", "%u more objects", n - 4), n - 4);
    }
  return g_string_free (g_steal_pointer (&users), FALSE);
}

gboolean
vnl_lists_remove_location (VnlHistory   *history,
                           VnlLocation  *location,
                           GError      **error)
{
  VnlDesign *design;
  GPtrArray *latencies;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *users = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (VNL_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (location != NULL && location->parent.kind == VNL_KIND_LOCATION, FALSE);

  design = vnl_history_get_design (history);
  users = vnl_lists_location_users (design, location);
  if (users != NULL)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("“%s” cannot be removed: it is still used by %s."),
                   location->parent.name, users);
      return FALSE;
    }

  /* Its latencies go with it, in the same step, so undo brings them back. */
  latencies = vnl_design_get_latencies (design);
  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];
      if (g_str_equal (latency->a, location->parent.name))
        g_ptr_array_add (others, g_strdup (latency->b));
      else if (g_str_equal (latency->b, location->parent.name))
        g_ptr_array_add (others, g_strdup (latency->a));
    }
  label = g_strdup_printf (_("Remove location %s"), location->parent.name);
  vnl_history_begin_group (history, label);
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("latency:%s", (char *) others->pdata[i]);
      vnl_history_set_property (history, location, key, "", NULL);
    }
  vnl_history_remove (history, location);
  vnl_history_end_group (history);
  return TRUE;
}
