/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-vwan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>

#include "vnl-file-private.h"
#include "vnl-validate-azure-private.h"

/*
 * What Azure refuses in a Virtual WAN (called by vnl-validate-azure.c):
 *  - a hub's address prefix: "The minimum address space is /24 to create
 *    a hub" (hub-settings.md), and not overlapping the VNets it connects;
 *  - a VNet connects to one hub;
 *  - "All branch connections (Point-to-site, Site-to-site, and
 *    ExpressRoute) need to be associated to the Default route table" and
 *    "need to propagate their routes to the same set of route tables"
 *    (about-virtual-hub-routing.md);
 *  - routing intent: "Virtual WANs with custom route tables ... can't be
 *    used with the Routing Intent constructs" (how-to-routing-policies.md),
 *    and each policy's next hop is the hub's own firewall;
 *  - a connection is associated with a table of its own hub, a table's
 *    static route goes to a connection or the firewall of its hub, a hub
 *    has one Default table.
 */

typedef struct
{
  VnlDesign  *design;
  const char *file;
  GPtrArray  *problems;
} Check;

static void G_GNUC_PRINTF (4, 5)
report (Check       *check,
        gpointer     object,
        guint        line,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  VnlProblem *problem;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  problem = _vnl_problem_new (check->file, line != 0 ? line : ((VnlObject *) object)->line,
                              ((VnlObject *) object)->name, message);
  problem->severity = VNL_SEVERITY_ERROR;
  g_ptr_array_add (check->problems, problem);
}

/* The hub of a connection: a VNet connection's, or the hub whose gateway
 * a branch connection names; NULL when none. */
static VnlVirtualHub *
hub_of_connection (VnlDesign *design,
                   VnlObject *object)
{
  const char *gateway = NULL;
  VnlGateway *gw;

  if (object->kind == VNL_KIND_HUB_CONNECTION)
    return vnl_design_lookup_kind (design, ((VnlHubConnection *) object)->hub, VNL_KIND_VIRTUAL_HUB);
  if (object->kind == VNL_KIND_S2S_CONNECTION)
    gateway = ((VnlS2sConnection *) object)->gateway;
  else if (object->kind == VNL_KIND_ER_CONNECTION)
    gateway = ((VnlErConnection *) object)->gateway;
  gw = vnl_design_lookup_kind (design, gateway, VNL_KIND_GATEWAY);
  return gw != NULL ? vnl_design_lookup_kind (design, gw->vnet, VNL_KIND_VIRTUAL_HUB) : NULL;
}

static VnlHubRouting *
routing_of (VnlObject *object)
{
  if (object->kind == VNL_KIND_HUB_CONNECTION)
    return &((VnlHubConnection *) object)->routing;
  if (object->kind == VNL_KIND_S2S_CONNECTION)
    return &((VnlS2sConnection *) object)->hub_routing;
  return &((VnlErConnection *) object)->hub_routing;
}

static int
name_compare (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A propagation set as text, to compare two: the tables sorted, then the
 * labels sorted (NULL labels: "default"). */
static char *
propagation_key (VnlHubRouting *routing)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_auto(GStrv) labels = g_strsplit (routing->labels != NULL ? routing->labels : "default", ",", -1);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < routing->propagated->len; i++)
    g_ptr_array_add (tables, routing->propagated->pdata[i]);
  g_ptr_array_sort (tables, name_compare);
  for (guint i = 0; labels[i] != NULL; i++)
    if (*g_strstrip (labels[i]) != '\0')
      g_ptr_array_add (sorted, labels[i]);
  g_ptr_array_sort (sorted, name_compare);
  for (guint i = 0; i < tables->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", (char *) tables->pdata[i]);
  g_string_append (out, tables->len > 0 ? "; " : "");
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_printf (out, "%slabel %s", i > 0 ? ", " : "", (char *) sorted->pdata[i]);
  return g_string_free (out, FALSE);
}

static void
check_hubs (Check *check)
{
  GPtrArray *hubs = vnl_design_get_objects (check->design, VNL_KIND_VIRTUAL_HUB);
  GPtrArray *conns = vnl_design_get_objects (check->design, VNL_KIND_HUB_CONNECTION);
  GPtrArray *tables = vnl_design_get_objects (check->design, VNL_KIND_HUB_ROUTE_TABLE);

  for (guint i = 0; i < hubs->len; i++)
    {
      VnlVirtualHub *hub = hubs->pdata[i];
      const char *policies[2] = { hub->internet_policy, hub->private_policy };
      guint defaults = 0;
      char prefix[20];

      vnl_prefix_format (&hub->address_prefix, prefix);
      if (hub->address_prefix.len > 24)
        report (check, hub, 0, _("the hub's address prefix %s is smaller than /24, the minimum for a virtual hub"),
                prefix);
      for (guint p = 0; p < G_N_ELEMENTS (policies); p++)
        {
          VnlFirewall *fw = vnl_design_lookup_kind (check->design, policies[p], VNL_KIND_FIREWALL);
          if (fw != NULL && g_strcmp0 (fw->vnet, hub->parent.name) != 0)
            report (check, hub, 0, _("the routing policy's next hop %s is not a firewall in this hub"), policies[p]);
        }
      for (guint t = 0; t < tables->len; t++)
        {
          VnlHubRouteTable *table = tables->pdata[t];

          if (g_strcmp0 (table->hub, hub->parent.name) != 0)
            continue;
          if (table->is_default && ++defaults == 2)
            report (check, table, 0, _("hub %s already has a Default route table"), hub->parent.name);
          if (!table->is_default && (hub->internet_policy != NULL || hub->private_policy != NULL))
            report (check, table, 0,
                    _("hub %s has routing intent: custom route tables can't be used with it (remove the table "
                      "or the routing policies)"), hub->parent.name);
        }
      for (guint c = 0; c < conns->len; c++)
        {
          VnlHubConnection *conn = conns->pdata[c];
          VnlVnet *vnet = vnl_design_lookup_kind (check->design, conn->vnet, VNL_KIND_VNET);

          if (g_strcmp0 (conn->hub, hub->parent.name) != 0 || vnet == NULL)
            continue;
          for (guint s = 0; s < vnet->address_spaces->len; s++)
            if (vnl_prefix_overlaps (&g_array_index (vnet->address_spaces, VnlPrefix, s), &hub->address_prefix))
              report (check, conn, 0, _("VNet %s overlaps the address prefix %s of hub %s"), conn->vnet, prefix,
                      hub->parent.name);
        }
    }

  /* One hub per VNet. */
  for (guint c = 0; c < conns->len; c++)
    for (guint d = 0; d < c; d++)
      {
        VnlHubConnection *a = conns->pdata[d];
        VnlHubConnection *b = conns->pdata[c];

        if (a->vnet != NULL && g_strcmp0 (a->vnet, b->vnet) == 0)
          {
            report (check, b, 0, _("VNet %s is already connected to a virtual hub by %s: a VNet connects to one hub"),
                    b->vnet, a->parent.name);
            break;
          }
      }

  /* A table's static routes: to a connection or the firewall of its hub. */
  for (guint t = 0; t < tables->len; t++)
    {
      VnlHubRouteTable *table = tables->pdata[t];

      for (guint r = 0; r < table->routes->len; r++)
        {
          VnlHubRoute *route = table->routes->pdata[r];
          VnlObject *hop = vnl_design_lookup (check->design, route->next_hop);
          VnlVirtualHub *hub = NULL;

          if (hop == NULL)
            {
              if (route->next_hop == NULL)
                report (check, table, route->line, _("static route %s has no next hop"),
                        route->name != NULL ? route->name : "");
              continue;
            }
          if (hop->kind == VNL_KIND_HUB_CONNECTION)
            hub = hub_of_connection (check->design, hop);
          else if (hop->kind == VNL_KIND_FIREWALL)
            hub = vnl_design_lookup_kind (check->design, ((VnlFirewall *) hop)->vnet, VNL_KIND_VIRTUAL_HUB);
          if (hub == NULL || g_strcmp0 (hub->parent.name, table->hub) != 0)
            report (check, table, route->line,
                    _("static route %s: the next hop %s is not a VNet connection or firewall of hub %s"),
                    route->name != NULL ? route->name : "", route->next_hop, table->hub);
        }
    }
}

static void
check_connections (Check *check)
{
  const VnlKind kinds[] = { VNL_KIND_HUB_CONNECTION, VNL_KIND_S2S_CONNECTION, VNL_KIND_ER_CONNECTION };
  g_autoptr(GHashTable) branch_sets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *objects = vnl_design_get_objects (check->design, kinds[k]);

      for (guint i = 0; i < objects->len; i++)
        {
          VnlObject *object = objects->pdata[i];
          VnlVirtualHub *hub = hub_of_connection (check->design, object);
          VnlHubRouting *routing = routing_of (object);
          VnlHubRouteTable *assoc;
          gboolean branch = kinds[k] != VNL_KIND_HUB_CONNECTION;

          if (hub == NULL)
            continue;
          assoc = vnl_design_lookup_kind (check->design, routing->associated, VNL_KIND_HUB_ROUTE_TABLE);
          if (assoc != NULL && g_strcmp0 (assoc->hub, hub->parent.name) != 0)
            report (check, object, 0, _("associated with route table %s of another hub (%s); a connection is "
                                        "associated with a table of its own hub"), assoc->parent.name, assoc->hub);
          if (branch && assoc != NULL && !assoc->is_default)
            report (check, object, 0,
                    _("a branch connection must be associated with the Default route table, not %s"),
                    assoc->parent.name);
          if (branch)
            {
              g_autofree char *set = propagation_key (routing);
              const char *first = g_hash_table_lookup (branch_sets, hub->parent.name);

              if (first == NULL)
                g_hash_table_insert (branch_sets, hub->parent.name, g_steal_pointer (&set));
              else if (!g_str_equal (first, set))
                report (check, object, 0,
                        _("the branch connections of hub %s must propagate to the same route tables and labels "
                          "(this one: %s; another: %s)"), hub->parent.name, set, first);
            }
          if ((hub->internet_policy != NULL || hub->private_policy != NULL) && assoc != NULL && !assoc->is_default)
            report (check, object, 0, _("hub %s has routing intent: the connection can't be associated with a "
                                        "custom route table"), hub->parent.name);
        }
    }
}

void
_vnl_vwan_validate (VnlDesign  *design,
                    const char *file,
                    GPtrArray  *problems)
{
  Check check = { design, file, problems };

  check_hubs (&check);
  check_connections (&check);
}
