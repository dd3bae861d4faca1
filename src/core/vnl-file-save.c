/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-scenario.h"
#include "vnl-file-private.h"
#include "vnl-nsg.h"
#include "vnl-kinds.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Saving .vnetlab files.
 *
 * Saving writes the same format in storage order, so that load → save →
 * load → save gives identical bytes. Endpoints, CEs and circuit links are
 * written inside their owner when the owner exists, otherwise at the top
 * level with an owner attribute, so nothing in the model is ever dropped.
 */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':  g_string_append (out, "&amp;"); break;
        case '<':  g_string_append (out, "&lt;"); break;
        case '>':  g_string_append (out, "&gt;"); break;
        case '"':  g_string_append (out, "&quot;"); break;
        /* Attribute value normalisation would turn these into spaces. */
        case '\t': g_string_append (out, "&#9;"); break;
        case '\n': g_string_append (out, "&#10;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        default:   g_string_append_c (out, *p); break;
        }
    }
}

static void
attr_str (GString    *out,
          const char *name,
          const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s=\"", name);
  append_escaped (out, value);
  g_string_append_c (out, '"');
}

static void
attr_uint (GString    *out,
           const char *name,
           guint64     value)
{
  g_string_append_printf (out, " %s=\"%" G_GUINT64_FORMAT "\"", name, value);
}

static void
attr_bool (GString    *out,
           const char *name,
           gboolean    value)
{
  g_string_append_printf (out, " %s=\"%s\"", name, value ? "true" : "false");
}

static void
attr_ip (GString    *out,
         const char *name,
         guint32     addr)
{
  char buf[16];

  vnl_ip_format (addr, buf);
  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

static void
attr_prefix (GString         *out,
             const char      *name,
             const VnlPrefix *prefix)
{
  char buf[20];

  vnl_prefix_format (prefix, buf);
  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

/* The shortest text that reads back as the same double. */
static void
attr_double (GString    *out,
             const char *name,
             double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_strlcpy (buf, "NaN", sizeof buf);
  else if (isinf (value))
    g_strlcpy (buf, value > 0 ? "INF" : "-INF", sizeof buf);
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.15g", value);
      if (g_ascii_strtod (buf, NULL) != value)
        g_ascii_formatd (buf, sizeof buf, "%.17g", value);
    }

  g_string_append_printf (out, " %s=\"%s\"", name, buf);
}

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* Opens "<name name="…"" with the object's name. */
static void
open_object (GString    *out,
             guint       level,
             const char *element,
             gpointer    data)
{
  VnlObject *object = data;

  indent (out, level);
  g_string_append_printf (out, "<%s", element);
  attr_str (out, "name", object->name);
}

/* The attributes of @object's kind, from the table of kinds, in field
 * order: each field that is not an element nor kept by the loader. Its
 * owner only when @orphan (otherwise the element it is nested in names
 * it); VNL_FIELD_OMIT ones only when set. */
static void
write_attributes (GString  *out,
                  gpointer  object,
                  gboolean  orphan)
{
  const VnlKindInfo *info = vnl_kind_get_info (((VnlObject *) object)->kind);

  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      const char *attr = vnl_field_get_xml_name (f);
      gconstpointer slot = G_STRUCT_MEMBER_P (object, f->offset);
      gboolean omit = (f->flags & VNL_FIELD_OMIT) != 0;

      if ((f->flags & (VNL_FIELD_ELEMENT | VNL_FIELD_INTERNAL)) ||
          (!orphan && (f->role == VNL_ROLE_OWNER || (f->flags & VNL_FIELD_PART_OF))))
        continue;

      switch (f->type)
        {
        case VNL_FIELD_STRING:
          {
            const char *value = *(char * const *) slot;

            if (value != NULL || !omit)
              attr_str (out, attr, value != NULL ? value : "");
          }
          break;
        case VNL_FIELD_UINT:
          if (*(const guint *) slot != 0 || !omit)
            attr_uint (out, attr, *(const guint *) slot);
          break;
        case VNL_FIELD_IP:
          if (*(const guint32 *) slot != 0 || !omit)
            attr_ip (out, attr, *(const guint32 *) slot);
          break;
        case VNL_FIELD_PREFIX:
          attr_prefix (out, attr, slot);
          break;
        case VNL_FIELD_BOOL:
          if (*(const gboolean *) slot || !omit)
            attr_bool (out, attr, *(const gboolean *) slot);
          break;
        case VNL_FIELD_CHOICE:
          attr_str (out, attr, f->choices[*(const int *) slot]);
          break;
        case VNL_FIELD_PREFIXES:
        case VNL_FIELD_OTHER:
        default:
          break;
        }
    }
}

static void
attr_node_tail (GString  *out,
                gpointer  data)
{
  VnlObject *object = data;

  if (object->has_pos)
    {
      attr_double (out, "x", object->pos.x);
      attr_double (out, "y", object->pos.y);
    }
  if (!object->up)
    attr_str (out, "state", "down");
}

/* Closes the start tag: "/>" when @children is empty, else the children
 * and the end tag. */
static void
close_element (GString    *out,
               guint       level,
               const char *element,
               GString    *children)
{
  if (children == NULL || children->len == 0)
    {
      g_string_append (out, "/>\n");
      return;
    }

  g_string_append (out, ">\n");
  g_string_append_len (out, children->str, children->len);
  indent (out, level);
  g_string_append_printf (out, "</%s>\n", element);
}

static void
write_bends (GString  *out,
             guint     level,
             gpointer  data)
{
  VnlObject *object = data;

  for (guint i = 0; i < object->bends->len; i++)
    {
      const VnlPoint *point = &g_array_index (object->bends, VnlPoint, i);
      indent (out, level);
      g_string_append (out, "<bend");
      attr_double (out, "x", point->x);
      attr_double (out, "y", point->y);
      g_string_append (out, "/>\n");
    }
}

static void
write_prefix_list (GString    *out,
                   guint       level,
                   const char *element,
                   const char *attr,
                   GArray     *prefixes)
{
  for (guint i = 0; i < prefixes->len; i++)
    {
      indent (out, level);
      g_string_append_printf (out, "<%s", element);
      attr_prefix (out, attr, &g_array_index (prefixes, VnlPrefix, i));
      g_string_append (out, "/>\n");
    }
}

/* Which objects are written inside which: an endpoint inside the VNet or
 * site its owner names, a CE inside its site, a link inside its circuit.
 * Built in one pass before writing, so that writing a container is
 * proportional to its own children, not to every object of the kind. */
typedef struct
{
  GHashTable *children;   /* container → owned GPtrArray of borrowed objects, in order */
} Containers;

static VnlObject *
container_of (VnlDesign  *design,
              const char *owner,
              VnlKind     kind_a,
              VnlKind     kind_b)
{
  VnlObject *object = owner != NULL ? vnl_design_lookup (design, owner) : NULL;

  if (object != NULL && (object->kind == kind_a || object->kind == kind_b))
    return object;
  return NULL;
}

static void
containers_add (Containers *containers,
                VnlObject  *container,
                gpointer    child)
{
  GPtrArray *children = g_hash_table_lookup (containers->children, container);

  if (children == NULL)
    {
      children = g_ptr_array_new ();
      g_hash_table_insert (containers->children, container, children);
    }
  g_ptr_array_add (children, child);
}

static void
containers_init (Containers *containers,
                 VnlDesign  *design)
{
  GPtrArray *objects;

  containers->children = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *endpoint = objects->pdata[i];
      VnlObject *owner = container_of (design, endpoint->owner, VNL_KIND_VNET, VNL_KIND_SITE);
      if (owner != NULL)
        containers_add (containers, owner, endpoint);
    }

  objects = vnl_design_get_objects (design, VNL_KIND_CE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCe *ce = objects->pdata[i];
      VnlObject *site = container_of (design, ce->site, VNL_KIND_SITE, VNL_KIND_SITE);
      if (site != NULL)
        containers_add (containers, site, ce);
    }

  objects = vnl_design_get_objects (design, VNL_KIND_LINK);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLink *link = objects->pdata[i];
      VnlObject *circuit = container_of (design, link->circuit, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT);
      if (circuit != NULL)
        containers_add (containers, circuit, link);
    }
}

static void
containers_clear (Containers *containers)
{
  g_clear_pointer (&containers->children, g_hash_table_unref);
}

/* The children of @container of @kind, in storage order. */
static void
containers_foreach (Containers *containers,
                    gpointer    container,
                    VnlKind     kind,
                    void      (*func) (GString *, guint, gpointer, gboolean),
                    GString    *out,
                    guint       level)
{
  GPtrArray *children = g_hash_table_lookup (containers->children, container);

  for (guint i = 0; children != NULL && i < children->len; i++)
    if (((VnlObject *) children->pdata[i])->kind == kind)
      func (out, level, children->pdata[i], FALSE);
}

static void
write_endpoint (GString     *out,
                guint        level,
                gpointer     data,
                gboolean     orphan)
{
  VnlEndpoint *endpoint = data;

  open_object (out, level, "endpoint", endpoint);
  write_attributes (out, endpoint, orphan);
  attr_node_tail (out, endpoint);
  g_string_append (out, "/>\n");
}

static void
write_link (GString  *out,
            guint     level,
            gpointer  data,
            gboolean  orphan)
{
  VnlLink *link = data;
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, level, "link", link);
  if (orphan)
    attr_str (out, "circuit", link->circuit ? link->circuit : "");
  attr_str (out, "role", link->role == VNL_LINK_SECONDARY ? "secondary" : "primary");
  attr_prefix (out, "subnet", &link->subnet);
  attr_ip (out, "ce-address", link->ce_address);
  attr_ip (out, "msee-address", link->msee_address);
  attr_str (out, "ce", link->ce);
  if (!link->parent.up)
    attr_str (out, "state", "down");
  write_bends (children, level + 1, link);
  close_element (out, level, "link", children);
}

static void
write_ce (GString  *out,
          guint     level,
          gpointer  data,
          gboolean  orphan)
{
  VnlCe *ce = data;
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, level, "ce", ce);
  write_attributes (out, ce, orphan);
  attr_node_tail (out, ce);

  write_prefix_list (children, level + 1, "advertise", "prefix", ce->advertises);
  for (guint i = 0; i < ce->policies->len; i++)
    {
      VnlCePolicy *policy = ce->policies->pdata[i];
      g_autoptr(GString) exports = g_string_new (NULL);

      indent (children, level + 1);
      g_string_append (children, "<neighbor");
      attr_str (children, "peer", policy->peer ? policy->peer : "");
      if (policy->local_preference != 0)
        attr_uint (children, "local-preference", policy->local_preference);
      if (policy->as_path_prepend != 0)
        attr_uint (children, "as-path-prepend", policy->as_path_prepend);
      write_prefix_list (exports, level + 2, "export", "prefix", policy->export_prefixes);
      close_element (children, level + 1, "neighbor", exports);
    }

  close_element (out, level, "ce", children);
}

static void
write_locations (GString   *out,
                 VnlDesign *design)
{
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  GPtrArray *latencies = vnl_design_get_latencies (design);
  g_autoptr(GString) children = g_string_new (NULL);

  g_string_append (out, "  <locations");
  attr_double (out, "default-latency-ms", vnl_design_get_default_latency (design));
  attr_double (out, "intra-latency-ms", vnl_design_get_intra_latency (design));

  for (guint i = 0; i < locations->len; i++)
    {
      VnlLocation *location = locations->pdata[i];

      open_object (children, 2, "location", location);
      write_attributes (children, location, TRUE);
      if (location->intra_ms >= 0)
        attr_double (children, "intra-latency-ms", location->intra_ms);
      if (!location->parent.up)
        attr_str (children, "state", "down");
      g_string_append (children, "/>\n");
    }

  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];

      indent (children, 2);
      g_string_append (children, "<latency");
      attr_str (children, "a", latency->a);
      attr_str (children, "b", latency->b);
      attr_double (children, "ms", latency->ms);
      g_string_append (children, "/>\n");
    }

  close_element (out, 1, "locations", children);
}

/* The saved what-if scenarios (vnl-scenario.h), after everything they
 * refer to. */
static void
write_scenarios (GString   *out,
                 VnlDesign *design)
{
  GPtrArray *scenarios = vnl_scenario_list (design);

  if (scenarios->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < scenarios->len; i++)
    {
      VnlScenario *scenario = scenarios->pdata[i];

      g_string_append (out, "  <scenario");
      attr_str (out, "name", scenario->name);
      if (scenario->down[0] == NULL)
        {
          g_string_append (out, "/>\n");
          continue;
        }
      g_string_append (out, ">\n");
      for (guint d = 0; scenario->down[d] != NULL; d++)
        {
          g_string_append (out, "    <down");
          attr_str (out, "ref", scenario->down[d]);
          g_string_append (out, "/>\n");
        }
      g_string_append (out, "  </scenario>\n");
    }
}

static void
write_vnet (GString    *out,
            Containers *containers,
            VnlVnet    *vnet)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "vnet", vnet);
  write_attributes (out, vnet, TRUE);
  attr_node_tail (out, vnet);

  write_prefix_list (children, 2, "address-space", "prefix", vnet->address_spaces);
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];

      indent (children, 2);
      g_string_append (children, "<subnet");
      attr_str (children, "name", subnet->name ? subnet->name : "");
      attr_prefix (children, "prefix", &subnet->prefix);
      if (subnet->pe_route_policies)
        attr_bool (children, "private-endpoint-route-policies", TRUE);
      g_string_append (children, "/>\n");
    }
  containers_foreach (containers, vnet, VNL_KIND_ENDPOINT, write_endpoint, children, 2);

  close_element (out, 1, "vnet", children);
}

static void
write_gateway (GString    *out,
               VnlGateway *gateway)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "gateway", gateway);
  write_attributes (out, gateway, TRUE);
  attr_node_tail (out, gateway);

  for (guint i = 0; i < gateway->instances->len; i++)
    {
      indent (children, 2);
      g_string_append (children, "<instance");
      attr_ip (children, "address", g_array_index (gateway->instances, guint32, i));
      if (vnl_gateway_get_instance_apipa (gateway, i) != 0)
        attr_ip (children, "apipa-bgp-address", vnl_gateway_get_instance_apipa (gateway, i));
      g_string_append (children, "/>\n");
    }

  close_element (out, 1, "gateway", children);
}

static void
write_circuit (GString    *out,
               Containers *containers,
               VnlCircuit *circuit)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "circuit", circuit);
  write_attributes (out, circuit, TRUE);
  attr_node_tail (out, circuit);

  containers_foreach (containers, circuit, VNL_KIND_LINK, write_link, children, 2);

  close_element (out, 1, "circuit", children);
}

static void
write_site (GString    *out,
            Containers *containers,
            VnlSite    *site)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "site", site);
  write_attributes (out, site, TRUE);
  attr_node_tail (out, site);

  write_prefix_list (children, 2, "prefix", "value", site->prefixes);
  for (guint i = 0; i < site->hops->len; i++)
    {
      VnlSiteHop *hop = site->hops->pdata[i];

      indent (children, 2);
      g_string_append (children, "<hop");
      attr_str (children, "name", hop->name);
      attr_ip (children, "address", hop->address);
      if (hop->uplink_address != 0)
        attr_ip (children, "uplink-address", hop->uplink_address);
      g_string_append (children, "/>\n");
    }
  containers_foreach (containers, site, VNL_KIND_ENDPOINT, write_endpoint, children, 2);
  containers_foreach (containers, site, VNL_KIND_CE, write_ce, children, 2);

  close_element (out, 1, "site", children);
}

static void
write_lng (GString *out,
           VnlLng  *lng)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "local-network-gateway", lng);
  write_attributes (out, lng, TRUE);
  attr_node_tail (out, lng);
  write_prefix_list (children, 2, "prefix", "value", lng->prefixes);
  close_element (out, 1, "local-network-gateway", children);
}

static void write_subnet_assocs (GString   *children,
                                 GPtrArray *subnets);

/* <route-table propagate-gateway-routes="…"> with its <route> and
 * <subnet vnet="…" name="…"> associations. */
static void
write_route_table (GString     *out,
                   VnlUdrTable *table)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "route-table", table);
  attr_bool (out, "propagate-gateway-routes", table->propagate_gateway_routes);
  attr_node_tail (out, table);

  for (guint i = 0; i < table->routes->len; i++)
    {
      VnlUdr *udr = table->routes->pdata[i];

      indent (children, 2);
      g_string_append (children, "<route");
      attr_str (children, "name", udr->name != NULL ? udr->name : "");
      attr_prefix (children, "prefix", &udr->prefix);
      attr_str (children, "next-hop-type", _vnl_udr_next_hop_names[udr->next_hop]);
      if (udr->next_hop == VNL_UDR_VIRTUAL_APPLIANCE)
        attr_ip (children, "next-hop-ip", udr->next_hop_ip);
      g_string_append (children, "/>\n");
    }
  write_subnet_assocs (children, table->subnets);

  close_element (out, 1, "route-table", children);
}

/* <subnet vnet="…" name="…"> associations (route tables, network
 * security groups). */
static void
write_subnet_assocs (GString   *children,
                     GPtrArray *subnets)
{
  for (guint i = 0; i < subnets->len; i++)
    {
      VnlUdrSubnet *assoc = subnets->pdata[i];

      indent (children, 2);
      g_string_append (children, "<subnet");
      attr_str (children, "vnet", assoc->vnet != NULL ? assoc->vnet : "");
      attr_str (children, "name", assoc->subnet != NULL ? assoc->subnet : "");
      g_string_append (children, "/>\n");
    }
}

/* <network-security-group> with its own <rule>s (never the default
 * rules), <subnet> and <nic endpoint="…"> associations. */
static void
write_nsg (GString *out,
           VnlNsg  *nsg)
{
  g_autoptr(GString) children = g_string_new (NULL);

  open_object (out, 1, "network-security-group", nsg);
  attr_node_tail (out, nsg);

  for (guint i = 0; i < nsg->rules->len; i++)
    {
      VnlNsgRule *rule = nsg->rules->pdata[i];
      g_autofree char *src = vnl_nsg_addrs_to_string (rule->sources);
      g_autofree char *dst = vnl_nsg_addrs_to_string (rule->destinations);
      g_autofree char *sports = vnl_nsg_ports_to_string (rule->source_ports);
      g_autofree char *dports = vnl_nsg_ports_to_string (rule->destination_ports);

      indent (children, 2);
      g_string_append (children, "<rule");
      attr_str (children, "name", rule->name != NULL ? rule->name : "");
      g_string_append_printf (children, " priority=\"%u\"", rule->priority);
      attr_str (children, "direction", vnl_nsg_direction_to_string (rule->direction));
      attr_str (children, "access", rule->allow ? "Allow" : "Deny");
      attr_str (children, "protocol", vnl_protocol_to_string (rule->protocol));
      attr_str (children, "source", src);
      attr_str (children, "source-ports", sports);
      attr_str (children, "destination", dst);
      attr_str (children, "destination-ports", dports);
      g_string_append (children, "/>\n");
    }
  write_subnet_assocs (children, nsg->subnets);
  for (guint i = 0; i < nsg->nics->len; i++)
    {
      indent (children, 2);
      g_string_append (children, "<nic");
      attr_str (children, "endpoint", ((VnlNsgNic *) nsg->nics->pdata[i])->endpoint);
      g_string_append (children, "/>\n");
    }

  close_element (out, 1, "network-security-group", children);
}

/* Virtual WAN (version 4): a connection's propagated route tables and
 * the static routes of a hub route table or VNet connection. */
static void
write_hub_children (GString  *children,
                    gpointer  object)
{
  VnlKind kind = ((VnlObject *) object)->kind;
  const VnlField *propagated = vnl_kind_lookup_field (kind, "propagated-route-tables");
  const VnlField *routes = vnl_kind_lookup_field (kind, "static-routes");

  if (propagated != NULL)
    {
      GPtrArray *names = G_STRUCT_MEMBER (GPtrArray *, object, propagated->offset);

      for (guint i = 0; i < names->len; i++)
        {
          indent (children, 2);
          g_string_append (children, "<propagate");
          attr_str (children, "table", names->pdata[i] != NULL ? names->pdata[i] : "");
          g_string_append (children, "/>\n");
        }
    }
  if (routes != NULL)
    {
      GPtrArray *list = G_STRUCT_MEMBER (GPtrArray *, object, routes->offset);

      for (guint i = 0; i < list->len; i++)
        {
          VnlHubRoute *route = list->pdata[i];

          indent (children, 2);
          g_string_append (children, "<route");
          attr_str (children, "name", route->name != NULL ? route->name : "");
          attr_prefix (children, "prefix", &route->prefix);
          if (route->next_hop != NULL)
            attr_str (children, "next-hop", route->next_hop);
          if (route->next_hop_ip != 0)
            attr_ip (children, "next-hop-ip", route->next_hop_ip);
          g_string_append (children, "/>\n");
        }
    }
}

/* An object of a kind with no writer of its own (the connections, and
 * any kind whose fields are all attributes): a top-level element named
 * after the kind, its attributes, and its position or bends. */
static void
write_plain (GString  *out,
             gpointer  data)
{
  VnlObject *object = data;
  g_autoptr(GString) children = g_string_new (NULL);
  const char *element = vnl_kind_to_string (object->kind);

  open_object (out, 1, element, object);
  /* The design file is where a shared key lives; nothing else prints it. */
  write_attributes (out, object, TRUE);

  /* The peering's options, one <side> per VNet. */
  if (object->kind == VNL_KIND_PEERING)
    {
      VnlPeering *peering = data;
      const char *vnets[2] = { peering->vnet_a, peering->vnet_b };

      for (guint i = 0; i < 2; i++)
        {
          const VnlPeeringSide *side = &peering->side[i];

          indent (children, 2);
          g_string_append (children, "<side");
          attr_str (children, "vnet", vnets[i] ? vnets[i] : "");
          attr_bool (children, "allow-virtual-network-access", side->allow_virtual_network_access);
          attr_bool (children, "allow-forwarded-traffic", side->allow_forwarded_traffic);
          attr_bool (children, "allow-gateway-transit", side->allow_gateway_transit);
          attr_bool (children, "use-remote-gateways", side->use_remote_gateways);
          g_string_append (children, "/>\n");
        }
    }

  write_hub_children (children, object);

  if (vnl_object_is_node (object))
    attr_node_tail (out, object);
  else if (!object->up)
    attr_str (out, "state", "down");
  write_bends (children, 2, object);
  close_element (out, 1, element, children);
}

char *
vnl_design_to_data (VnlDesign *design,
                    gsize     *length)
{
  /* The kinds written above, by their own code; every other kind of the
   * table follows, in the table's order. */
  static const gboolean written[VNL_N_KINDS] = {
    [VNL_KIND_LOCATION] = TRUE, [VNL_KIND_VNET] = TRUE, [VNL_KIND_ENDPOINT] = TRUE,
    [VNL_KIND_GATEWAY] = TRUE, [VNL_KIND_CIRCUIT] = TRUE, [VNL_KIND_LINK] = TRUE,
    [VNL_KIND_SITE] = TRUE, [VNL_KIND_CE] = TRUE, [VNL_KIND_LNG] = TRUE, [VNL_KIND_ROUTE_TABLE] = TRUE,
    [VNL_KIND_NSG] = TRUE,
  };
  GString *out;
  GPtrArray *objects;
  gboolean orphans = FALSE;
  Containers containers;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  containers_init (&containers, design);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out, "<design xmlns=\"%s\" version=\"%d\"", VNL_FILE_NAMESPACE, VNL_FILE_VERSION);
  attr_str (out, "title", vnl_design_get_title (design));
  g_string_append (out, ">\n");

  write_locations (out, design);

  objects = vnl_design_get_objects (design, VNL_KIND_VNET);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_vnet (out, &containers, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_gateway (out, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_circuit (out, &containers, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_SITE);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_site (out, &containers, objects->pdata[i]);

  /* Objects whose owner is not in the design: kept at the top level. */
  objects = vnl_design_get_objects (design, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlEndpoint *endpoint = objects->pdata[i];
      if (container_of (design, endpoint->owner, VNL_KIND_VNET, VNL_KIND_SITE) == NULL)
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_endpoint (out, 1, endpoint, TRUE);
        }
    }
  objects = vnl_design_get_objects (design, VNL_KIND_CE);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlCe *ce = objects->pdata[i];
      if (container_of (design, ce->site, VNL_KIND_SITE, VNL_KIND_SITE) == NULL)
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_ce (out, 1, ce, TRUE);
        }
    }
  objects = vnl_design_get_objects (design, VNL_KIND_LINK);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlLink *link = objects->pdata[i];
      if (container_of (design, link->circuit, VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT) == NULL)
        {
          if (!orphans)
            g_string_append_c (out, '\n');
          orphans = TRUE;
          write_link (out, 1, link, TRUE);
        }
    }

  objects = vnl_design_get_objects (design, VNL_KIND_LNG);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_lng (out, objects->pdata[i]);

  for (VnlKind k = 0; k < VNL_N_KINDS; k++)
    {
      if (written[k])
        continue;
      objects = vnl_design_get_objects (design, k);
      if (objects->len > 0)
        g_string_append_c (out, '\n');
      for (guint i = 0; i < objects->len; i++)
        write_plain (out, objects->pdata[i]);
    }

  objects = vnl_design_get_objects (design, VNL_KIND_ROUTE_TABLE);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_route_table (out, objects->pdata[i]);

  objects = vnl_design_get_objects (design, VNL_KIND_NSG);
  if (objects->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < objects->len; i++)
    write_nsg (out, objects->pdata[i]);

  write_scenarios (out, design);

  g_string_append (out, "</design>\n");
  containers_clear (&containers);

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
save_error (GError     **error,
            const char  *path,
            int          saved_errno)
{
  g_set_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO,
               _("cannot write %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Keeps the current PATH as PATH~: a hard link when the file system allows
 * it (PATH itself never disappears), else a copy. */
static gboolean
keep_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_unlink (backup) != 0 && errno != ENOENT)
    return save_error (error, backup, errno);

  if (link (path, backup) == 0)
    return TRUE;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return save_error (error, backup, EIO);

  return g_file_set_contents (backup, contents, length, error);
}

/* The file a save must replace: @path with every symbolic link on the way
 * followed (relative links from the link's own folder), so that the
 * rename replaces the target and leaves the link a link. A dangling link
 * gives the path it points to, which the save then creates. */
static char *
resolve_links (const char  *path,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  /* As many as the kernel follows (MAXSYMLINKS) before ELOOP. */
  for (guint depth = 0; depth < 40; depth++)
    {
      g_autofree char *target = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      target = g_file_read_link (current, NULL);
      if (target == NULL)
        {
          save_error (error, path, errno);
          return NULL;
        }
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          g_autofree char *joined = g_build_filename (dir, target, NULL);
          g_free (current);
          current = g_steal_pointer (&joined);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
    }

  save_error (error, path, ELOOP);
  return NULL;
}

gboolean
vnl_design_save (VnlDesign   *design,
                 const char  *link_path,
                 GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;
  gboolean exists;
  gsize length = 0;
  int mode = 0666;
  int saved_errno;
  int fd;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (link_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(path = resolve_links (link_path, error)))
    return FALSE;

  exists = g_stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    return save_error (error, path, EISDIR);
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_IO,
                   _("cannot write %s: not a regular file"), path);
      return FALSE;
    }
  /* A file its owner made read-only is not replaced behind their back
   * (the rename would succeed, the folder being writable); root, whom
   * access() lets write anything, is held to the mode bits as well. */
  if (exists && ((st.st_mode & 0222) == 0 || access (path, W_OK) != 0))
    {
      g_set_error (error, VNL_FILE_ERROR, VNL_FILE_ERROR_READ_ONLY,
                   _("cannot write %s: the file is read-only"), path);
      return FALSE;
    }
  if (exists)
    mode = st.st_mode & 0777;

  data = vnl_design_to_data (design, &length);

  /* The temporary file lives beside PATH so that the final rename stays on
   * one file system and is atomic. */
  tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    return save_error (error, path, errno);

  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  /* Open applied the umask; a replaced file keeps its own mode exactly
   * (the target's, when saving through a link). Failing to is not worth
   * failing the save for. */
  if (exists)
    (void) fchmod (fd, (mode_t) mode);

  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  if (exists && !keep_backup (path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return save_error (error, path, saved_errno);
    }

  /* Make the rename itself durable. */
  dir = g_path_get_dirname (path);
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  return TRUE;
}

