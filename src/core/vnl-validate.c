/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-validate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-kinds.h"
#include "vnl-sort-private.h"
#include "vnl-validate-azure-private.h"
#include "vnl-xml-private.h"

/*
 * Semantic validation of a design.
 *
 * Every rule runs over the whole design and appends VnlProblems; nothing
 * stops at the first problem. The result is sorted by line (stable, so the
 * problems of one line keep the order of the rules).
 *
 * Rules, in the order they run:
 *  - values the loader could not convert (VnlLoadProblem);
 *  - duplicate names;
 *  - references: every name must resolve to an object of the right kind;
 *  - addresses: inside the VNet or site they belong to, subnets inside the
 *    VNet, no overlap inside one VNet;
 *  - ASNs: not 0, not reserved by Azure on the customer side;
 *  - gateways: one per type and VNet, the right type for each connection;
 *  - circuits: /30 link subnets holding the CE and MSEE addresses, at most
 *    one primary and one secondary link;
 *  - peerings: not with itself, gateway transit consistent on both sides;
 *  - connected networks: no two networks joined by any chain of peerings,
 *    gateways, circuits, Global Reach or VPN may overlap (union-find over
 *    networks and circuits, then a sweep over sorted prefixes);
 *  - then the refusals Azure makes, in vnl-validate-azure.c.
 */

typedef struct
{
  VnlProblem *problem;   /* owned */
  guint       seq;
} Item;

typedef struct
{
  VnlDesign  *design;    /* borrowed */
  const char *file;      /* borrowed, nullable */
  GArray     *items;     /* owned, of Item */
  GHashTable *by_kind[VNL_N_KINDS];  /* owned, nullable: name → first object of the kind */
  gboolean    unique;    /* no two objects share a name: one lookup finds any */
} Check;

static void report (Check      *check,
                    guint       line,
                    const char *object,
                    const char *format,
                    ...) G_GNUC_PRINTF (4, 5);

static void
report (Check      *check,
        guint       line,
        const char *object,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;
  Item item;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  item.problem = _vnl_problem_new (check->file, line, object, message);
  item.seq = check->items->len;
  g_array_append_val (check->items, item);
}

#define OBJ_LINE(o) (((VnlObject *) (o))->line)
#define OBJ_NAME(o) (((VnlObject *) (o))->name)

static GPtrArray *
objects (Check   *check,
         VnlKind  kind)
{
  return vnl_design_get_objects (check->design, kind);
}

/* The object named @name of kind @kind, also when a duplicate of another
 * kind holds the name in the index (the duplicate is reported anyway); else
 * the object of another kind with that name, else NULL. */
static gpointer
lookup_kind (Check      *check,
             const char *name,
             VnlKind     kind)
{
  VnlObject *object = vnl_design_lookup (check->design, name);
  VnlObject *of_kind;

  /* Without duplicates no object of @kind has the name of another kind's
   * (the usual case: a site endpoint's owner, looked up as a VNet first). */
  if (object == NULL || object->kind == kind || check->unique)
    return object;

  /* The index of @kind's names, built once per validation the first time
   * it is needed, keeps this constant-time (a linear scan here made
   * validation quadratic: every site endpoint's owner is first looked up
   * as a VNet). */
  if (check->by_kind[kind] == NULL)
    {
      GPtrArray *array = vnl_design_get_objects (check->design, kind);

      check->by_kind[kind] = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < array->len; i++)
        if (!g_hash_table_contains (check->by_kind[kind], OBJ_NAME (array->pdata[i])))
          g_hash_table_insert (check->by_kind[kind], OBJ_NAME (array->pdata[i]), array->pdata[i]);
    }
  of_kind = g_hash_table_lookup (check->by_kind[kind], name);

  /* Else of the wrong kind: the caller checks the kind and says so. */
  return of_kind != NULL ? of_kind : object;
}

static gpointer
lookup_kind2 (Check      *check,
              const char *name,
              VnlKind     kind_a,
              VnlKind     kind_b)
{
  gpointer object;

  if (check->unique)
    return vnl_design_lookup (check->design, name);

  object = lookup_kind (check, name, kind_a);
  if (object == NULL || ((VnlObject *) object)->kind != kind_a)
    {
      gpointer other = lookup_kind (check, name, kind_b);
      if (other != NULL && ((VnlObject *) other)->kind == kind_b)
        return other;
    }

  return object;
}

/* Reports a reference that does not resolve to an object of @kind (or
 * @kind_b, pass the same kind twice when only one is right). */
static void
check_ref (Check      *check,
           gpointer    from,
           guint       line,
           const char *attr,
           const char *name,
           VnlKind     kind,
           VnlKind     kind_b)
{
  VnlObject *target;

  if (name == NULL)
    return;

  target = lookup_kind2 (check, name, kind, kind_b);
  if (target == NULL)
    {
      if (kind == kind_b)
        report (check, line, OBJ_NAME (from), _("%s refers to unknown %s “%s”"),
                attr, vnl_kind_to_string (kind), name);
      else
        report (check, line, OBJ_NAME (from), _("%s refers to unknown %s or %s “%s”"),
                attr, vnl_kind_to_string (kind), vnl_kind_to_string (kind_b), name);
    }
  else if (target->kind != kind && target->kind != kind_b)
    report (check, line, OBJ_NAME (from), _("%s refers to “%s”, which is of kind %s, not %s"),
            attr, name, vnl_kind_to_string (target->kind), vnl_kind_to_string (kind));
}

static void
check_field_ref (gpointer          object,
                 const VnlField   *field,
                 const VnlRefSlot *slot,
                 gpointer          user_data)
{
  /* The circuit's link names come from its own <link> elements. */
  if (field->flags & VNL_FIELD_INTERNAL)
    return;
  check_ref (user_data, object, slot->line, field->ref_label != NULL ? field->ref_label : field->key,
             *slot->slot, field->ref_kind, field->ref_kind_b);
}

static void
check_load_problems (Check *check)
{
  GPtrArray *problems = _vnl_design_get_load_problems (check->design);

  if (problems == NULL)
    return;

  for (guint i = 0; i < problems->len; i++)
    {
      VnlLoadProblem *problem = problems->pdata[i];
      report (check, problem->line, problem->name, "%s", problem->message);
    }
}

static void
check_duplicates (Check *check)
{
  if (check->unique)
    return;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *array = objects (check, k);

      for (guint i = 0; i < array->len; i++)
        {
          VnlObject *object = array->pdata[i];
          VnlObject *first = vnl_design_lookup (check->design, object->name);

          if (first != NULL && first != object)
            report (check, object->line, object->name,
                    _("duplicate name “%s” (the %s on line %u has it too)"),
                    object->name, vnl_kind_to_string (first->kind), first->line);
        }
    }
}

static void
check_references (Check *check)
{
  GPtrArray *array;

  array = vnl_design_get_latencies (check->design);
  for (guint i = 0; i < array->len; i++)
    {
      VnlLatency *latency = array->pdata[i];
      const char *ends[2] = { latency->a, latency->b };

      for (guint e = 0; e < 2; e++)
        {
          VnlObject *target = lookup_kind (check, ends[e], VNL_KIND_LOCATION);
          if (target == NULL || target->kind != VNL_KIND_LOCATION)
            report (check, latency->line, NULL, _("latency refers to unknown location “%s”"), ends[e]);
        }
    }

  /* Every reference field of every kind (the table of kinds). */
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      array = objects (check, k);
      for (guint i = 0; i < array->len; i++)
        vnl_object_foreach_reference (array->pdata[i], check_field_ref, check);
    }

  array = objects (check, VNL_KIND_GLOBAL_REACH);
  for (guint i = 0; i < array->len; i++)
    {
      VnlGlobalReach *conn = array->pdata[i];
      if (conn->circuit_a != NULL && g_strcmp0 (conn->circuit_a, conn->circuit_b) == 0)
        report (check, OBJ_LINE (conn), OBJ_NAME (conn),
                _("Global Reach connects circuit “%s” with itself"), conn->circuit_a);
    }
}

static gboolean
prefixes_contain_ip (GArray  *prefixes,
                     guint32  addr)
{
  for (guint i = 0; i < prefixes->len; i++)
    if (vnl_prefix_contains_ip (&g_array_index (prefixes, VnlPrefix, i), addr))
      return TRUE;
  return FALSE;
}

static gboolean
prefixes_contain (GArray          *prefixes,
                  const VnlPrefix *inner)
{
  for (guint i = 0; i < prefixes->len; i++)
    if (vnl_prefix_contains (&g_array_index (prefixes, VnlPrefix, i), inner))
      return TRUE;
  return FALSE;
}

static void
check_vnet_addresses (Check   *check,
                      VnlVnet *vnet)
{
  char a[20], b[20];

  for (guint i = 0; i < vnet->address_spaces->len; i++)
    for (guint j = i + 1; j < vnet->address_spaces->len; j++)
      {
        VnlPrefix *p = &g_array_index (vnet->address_spaces, VnlPrefix, i);
        VnlPrefix *q = &g_array_index (vnet->address_spaces, VnlPrefix, j);

        if (vnl_prefix_overlaps (p, q))
          {
            vnl_prefix_format (p, a);
            vnl_prefix_format (q, b);
            report (check, OBJ_LINE (vnet), OBJ_NAME (vnet),
                    _("address spaces %s and %s of VNet “%s” overlap"), a, b, OBJ_NAME (vnet));
          }
      }

  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];

      /* Formatted only for a message: most subnets have none. */
      if (!prefixes_contain (vnet->address_spaces, &subnet->prefix))
        {
          vnl_prefix_format (&subnet->prefix, a);
          report (check, subnet->line, OBJ_NAME (vnet),
                  _("subnet “%s” (%s) is outside the address spaces of VNet “%s”"),
                  subnet->name, a, OBJ_NAME (vnet));
        }

      for (guint j = i + 1; j < vnet->subnets->len; j++)
        {
          VnlSubnet *other = vnet->subnets->pdata[j];

          if (vnl_prefix_overlaps (&subnet->prefix, &other->prefix))
            {
              vnl_prefix_format (&subnet->prefix, a);
              vnl_prefix_format (&other->prefix, b);
              report (check, other->line, OBJ_NAME (vnet),
                      _("subnet “%s” (%s) overlaps subnet “%s” (%s)"),
                      other->name, b, subnet->name, a);
            }
        }
    }
}

static void
check_addresses (Check *check)
{
  GPtrArray *array;
  char ip[16];

  array = objects (check, VNL_KIND_VNET);
  for (guint i = 0; i < array->len; i++)
    check_vnet_addresses (check, array->pdata[i]);

  array = objects (check, VNL_KIND_ENDPOINT);
  for (guint i = 0; i < array->len; i++)
    {
      VnlEndpoint *endpoint = array->pdata[i];
      VnlObject *owner = lookup_kind2 (check, endpoint->owner, VNL_KIND_VNET, VNL_KIND_SITE);

      if (owner == NULL || _vnl_design_has_load_problem (check->design, endpoint, "address"))
        continue;

      if (owner->kind == VNL_KIND_VNET &&
          !prefixes_contain_ip (((VnlVnet *) owner)->address_spaces, endpoint->address))
        {
          vnl_ip_format (endpoint->address, ip);
          report (check, OBJ_LINE (endpoint), OBJ_NAME (endpoint),
                  _("address %s is outside the address spaces of VNet “%s”"), ip, owner->name);
        }
      else if (owner->kind == VNL_KIND_SITE &&
               !prefixes_contain_ip (((VnlSite *) owner)->prefixes, endpoint->address))
        {
          vnl_ip_format (endpoint->address, ip);
          report (check, OBJ_LINE (endpoint), OBJ_NAME (endpoint),
                  _("address %s is outside the prefixes of site “%s”"), ip, owner->name);
        }
    }

  array = objects (check, VNL_KIND_GATEWAY);
  for (guint i = 0; i < array->len; i++)
    {
      VnlGateway *gateway = array->pdata[i];
      VnlVnet *vnet = lookup_kind (check, gateway->vnet, VNL_KIND_VNET);

      if (vnet == NULL || vnet->parent.kind != VNL_KIND_VNET)
        continue;

      for (guint j = 0; j < gateway->instances->len; j++)
        {
          guint32 addr = g_array_index (gateway->instances, guint32, j);

          if (!prefixes_contain_ip (vnet->address_spaces, addr))
            {
              vnl_ip_format (addr, ip);
              report (check, OBJ_LINE (gateway), OBJ_NAME (gateway),
                      _("instance address %s is outside the address spaces of VNet “%s”"),
                      ip, OBJ_NAME (vnet));
            }
        }
    }
}

static gboolean
asn_is_reserved (guint32 asn)
{
  /* Used by Azure and Microsoft: the customer side must not use them. */
  return asn == 8074 || asn == 8075 || asn == 12076 || (asn >= 65515 && asn <= 65520);
}

static void
check_customer_asn (Check      *check,
                    gpointer    object,
                    const char *field,
                    guint32     asn,
                    gboolean    zero_allowed)
{
  if (_vnl_design_has_load_problem (check->design, object, field))
    return;

  if (asn == 0 && !zero_allowed)
    report (check, OBJ_LINE (object), OBJ_NAME (object), _("ASN 0 is not a valid %s"), field);
  else if (asn_is_reserved (asn))
    report (check, OBJ_LINE (object), OBJ_NAME (object),
            _("%s %u is reserved by Azure and cannot be used on premises"), field, asn);
}

static void
check_asns (Check *check)
{
  GPtrArray *array;

  array = objects (check, VNL_KIND_CE);
  for (guint i = 0; i < array->len; i++)
    {
      VnlCe *ce = array->pdata[i];
      check_customer_asn (check, ce, "asn", ce->asn, FALSE);
    }

  array = objects (check, VNL_KIND_LNG);
  for (guint i = 0; i < array->len; i++)
    {
      VnlLng *lng = array->pdata[i];
      /* 0 means the VPN runs without BGP. */
      check_customer_asn (check, lng, "asn", lng->asn, TRUE);
    }

  array = objects (check, VNL_KIND_CIRCUIT);
  for (guint i = 0; i < array->len; i++)
    {
      VnlCircuit *circuit = array->pdata[i];

      check_customer_asn (check, circuit, "peer-asn", circuit->peer_asn, FALSE);
      if (circuit->microsoft_asn == 0 &&
          !_vnl_design_has_load_problem (check->design, circuit, "microsoft-asn"))
        report (check, OBJ_LINE (circuit), OBJ_NAME (circuit), _("ASN 0 is not a valid microsoft-asn"));
    }

  array = objects (check, VNL_KIND_GATEWAY);
  for (guint i = 0; i < array->len; i++)
    {
      VnlGateway *gateway = array->pdata[i];

      if (gateway->asn == 0 && !_vnl_design_has_load_problem (check->design, gateway, "asn"))
        report (check, OBJ_LINE (gateway), OBJ_NAME (gateway), _("ASN 0 is not a valid asn"));
    }
}

static void
check_gateway_type (Check          *check,
                    gpointer        conn,
                    const char     *attr,
                    const char     *name,
                    VnlGatewayType  wanted)
{
  VnlGateway *gateway = lookup_kind (check, name, VNL_KIND_GATEWAY);

  if (gateway == NULL || gateway->parent.kind != VNL_KIND_GATEWAY || gateway->type == wanted)
    return;

  if (wanted == VNL_GATEWAY_VPN)
    report (check, OBJ_LINE (conn), OBJ_NAME (conn),
            _("%s “%s” is an ExpressRoute gateway, this connection needs a VPN gateway"), attr, name);
  else
    report (check, OBJ_LINE (conn), OBJ_NAME (conn),
            _("%s “%s” is a VPN gateway, this connection needs an ExpressRoute gateway"), attr, name);
}

static void
check_gateways (Check *check)
{
  GPtrArray *array = objects (check, VNL_KIND_GATEWAY);

  /* One gateway of each type per VNet: for each type, VNet name
   * (borrowed) → first gateway. */
  g_autoptr(GHashTable) first_vpn = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) first_er = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < array->len; i++)
    {
      VnlGateway *gateway = array->pdata[i];
      GHashTable *first = gateway->type == VNL_GATEWAY_VPN ? first_vpn : first_er;
      VnlGateway *other;

      if (gateway->vnet == NULL)
        continue;

      other = g_hash_table_lookup (first, gateway->vnet);
      if (other == NULL)
        {
          g_hash_table_insert (first, gateway->vnet, gateway);
          continue;
        }

      report (check, OBJ_LINE (gateway), OBJ_NAME (gateway),
              gateway->type == VNL_GATEWAY_VPN
                ? _("VNet “%s” already has a VPN gateway, “%s” (line %u)")
                : _("VNet “%s” already has an ExpressRoute gateway, “%s” (line %u)"),
              gateway->vnet, OBJ_NAME (other), OBJ_LINE (other));
    }

  array = objects (check, VNL_KIND_ER_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    {
      VnlErConnection *conn = array->pdata[i];
      check_gateway_type (check, conn, "gateway", conn->gateway, VNL_GATEWAY_EXPRESSROUTE);
    }

  array = objects (check, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    {
      VnlS2sConnection *conn = array->pdata[i];
      check_gateway_type (check, conn, "gateway", conn->gateway, VNL_GATEWAY_VPN);
    }

  array = objects (check, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    {
      VnlV2vConnection *conn = array->pdata[i];
      check_gateway_type (check, conn, "gateway-a", conn->gateway_a, VNL_GATEWAY_VPN);
      check_gateway_type (check, conn, "gateway-b", conn->gateway_b, VNL_GATEWAY_VPN);
    }
}

static void
check_circuits (Check *check)
{
  GPtrArray *links = objects (check, VNL_KIND_LINK);
  char buf[20], ip[16];

  for (guint i = 0; i < links->len; i++)
    {
      VnlLink *link = links->pdata[i];
      const struct { const char *what; guint32 addr; const char *field; } ends[] = {
        { "ce-address", link->ce_address, "ce-address" },
        { "msee-address", link->msee_address, "msee-address" },
      };

      if (_vnl_design_has_load_problem (check->design, link, "subnet"))
        continue;

      /* Formatted only for a message: most links have none. */
      if (link->subnet.len != 30)
        {
          vnl_prefix_format (&link->subnet, buf);
          report (check, OBJ_LINE (link), OBJ_NAME (link),
                  _("link subnet %s is not a /30"), buf);
        }

      for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
        {
          if (_vnl_design_has_load_problem (check->design, link, ends[e].field))
            continue;
          if (!vnl_prefix_contains_ip (&link->subnet, ends[e].addr))
            {
              vnl_ip_format (ends[e].addr, ip);
              vnl_prefix_format (&link->subnet, buf);
              report (check, OBJ_LINE (link), OBJ_NAME (link),
                      _("%s %s is outside the link subnet %s"), ends[e].what, ip, buf);
            }
        }

      if (link->ce_address == link->msee_address)
        {
          vnl_ip_format (link->ce_address, ip);
          report (check, OBJ_LINE (link), OBJ_NAME (link),
                  _("the CE and the MSEE both use address %s"), ip);
        }
    }

  /* At most one primary and one secondary link per circuit. */
  {
    /* Circuit → the roles of its links so far (bit 0 primary, 1 secondary). */
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < links->len; i++)
      {
        VnlLink *link = links->pdata[i];
        VnlCircuit *circuit = lookup_kind (check, link->circuit, VNL_KIND_CIRCUIT);
        guint role = link->role == VNL_LINK_SECONDARY ? 1 : 0;
        guint roles;

        if (circuit == NULL || circuit->parent.kind != VNL_KIND_CIRCUIT)
          continue;

        roles = GPOINTER_TO_UINT (g_hash_table_lookup (seen, circuit));
        if (!(roles & (1u << role)))
          {
            g_hash_table_insert (seen, circuit, GUINT_TO_POINTER (roles | 1u << role));
            continue;
          }

        report (check, OBJ_LINE (link), OBJ_NAME (link),
                role == 0 ? _("circuit “%s” already has a primary link")
                          : _("circuit “%s” already has a secondary link"),
                OBJ_NAME (circuit));
      }
  }
}

/* The names of the VNets that have a gateway (names borrowed). */
static GHashTable *
vnets_with_gateway (Check *check)
{
  GPtrArray *gateways = objects (check, VNL_KIND_GATEWAY);
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gateway = gateways->pdata[i];
      if (gateway->vnet != NULL)
        g_hash_table_add (set, gateway->vnet);
    }

  return set;
}

static void
check_peerings (Check *check)
{
  GPtrArray *array = objects (check, VNL_KIND_PEERING);
  g_autoptr(GHashTable) with_gateway = vnets_with_gateway (check);

  for (guint i = 0; i < array->len; i++)
    {
      VnlPeering *peering = array->pdata[i];
      const char *vnets[2] = { peering->vnet_a, peering->vnet_b };

      if (peering->vnet_a != NULL && g_strcmp0 (peering->vnet_a, peering->vnet_b) == 0)
        {
          report (check, OBJ_LINE (peering), OBJ_NAME (peering),
                  _("VNet “%s” is peered with itself"), peering->vnet_a);
          continue;
        }

      for (guint s = 0; s < 2; s++)
        {
          const VnlPeeringSide *side = &peering->side[s];
          const VnlPeeringSide *other = &peering->side[1 - s];

          if (!side->use_remote_gateways)
            continue;

          if (g_hash_table_contains (with_gateway, vnets[s] ? vnets[s] : ""))
            report (check, OBJ_LINE (peering), OBJ_NAME (peering),
                    _("VNet “%s” uses remote gateways but has a gateway of its own"), vnets[s]);

          if (!other->allow_gateway_transit)
            report (check, OBJ_LINE (peering), OBJ_NAME (peering),
                    _("VNet “%s” uses remote gateways but “%s” does not allow gateway transit"),
                    vnets[s], vnets[1 - s]);
          else if (!g_hash_table_contains (with_gateway, vnets[1 - s] ? vnets[1 - s] : ""))
            report (check, OBJ_LINE (peering), OBJ_NAME (peering),
                    _("VNet “%s” uses remote gateways but “%s” has no gateway"),
                    vnets[s], vnets[1 - s]);
        }
    }
}

/* Connected networks */

typedef struct
{
  GHashTable *index;    /* object (borrowed) → node index + 1 */
  GArray     *parent;   /* of guint: union-find */
  GPtrArray  *nodes;    /* of VnlObject*, borrowed */
} Graph;

static guint
graph_node (Graph    *graph,
            gpointer  object)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (graph->index, object));

  if (index > 0)
    return index - 1;

  index = graph->nodes->len;
  g_ptr_array_add (graph->nodes, object);
  g_array_append_val (graph->parent, index);
  g_hash_table_insert (graph->index, object, GUINT_TO_POINTER (index + 1));
  return index;
}

static guint
graph_find (Graph *graph,
            guint  node)
{
  guint *parent = (guint *) graph->parent->data;

  while (parent[node] != node)
    {
      parent[node] = parent[parent[node]];
      node = parent[node];
    }
  return node;
}

static void
graph_union (Graph    *graph,
             gpointer  a,
             gpointer  b)
{
  guint ra, rb;

  if (a == NULL || b == NULL)
    return;

  ra = graph_find (graph, graph_node (graph, a));
  rb = graph_find (graph, graph_node (graph, b));
  if (ra != rb)
    g_array_index (graph->parent, guint, MAX (ra, rb)) = MIN (ra, rb);
}

static gpointer
site_of_ce (Check      *check,
            const char *name)
{
  VnlCe *ce = lookup_kind (check, name, VNL_KIND_CE);

  if (ce == NULL || ce->parent.kind != VNL_KIND_CE)
    return NULL;
  return lookup_kind (check, ce->site, VNL_KIND_SITE);
}

static gpointer
typed (gpointer object,
       VnlKind  kind)
{
  return object != NULL && ((VnlObject *) object)->kind == kind ? object : NULL;
}

/* The network an end of a link stands for in the connectivity graph: the
 * object it names when of the right kind, or the container that object
 * sits in (a gateway's VNet, a CE router's site). NULL when unresolved. */
static gpointer
network_of_end (Check        *check,
                VnlObject    *link,
                VnlFieldRole  role)
{
  const VnlField *end = NULL;
  const VnlField *owner = NULL;
  VnlObject *node;

  for (const VnlField *f = vnl_kind_get_info (link->kind)->fields; f->key != NULL; f++)
    if (f->role == role)
      end = f;
  g_assert (end != NULL);
  node = typed (lookup_kind (check, G_STRUCT_MEMBER (const char *, link, end->offset), end->ref_kind),
                end->ref_kind);
  if (node == NULL || vnl_kind_get_info (node->kind)->container)
    return node;
  owner = vnl_kind_get_owner_field (node->kind);
  if (owner == NULL)
    return node;
  return typed (lookup_kind (check, G_STRUCT_MEMBER (const char *, node, owner->offset), owner->ref_kind),
                owner->ref_kind);
}

typedef struct
{
  VnlPrefix  prefix;
  guint      component;
  VnlObject *network;   /* the VNet, site or LNG it belongs to */
  VnlObject *declared;  /* the object it is declared on (an LNG for its CE's site) */
} Entry;

/* The order of the sweep: by component, address, length, then the line
 * the prefix is declared on (the order reports come in). Two keys for one
 * stable radix sort (vnl-sort.c): the component and the address, then the
 * length and the line. */
static guint64
entry_key_network (gconstpointer item)
{
  const Entry *entry = item;
  return (guint64) entry->component << 32 | entry->prefix.addr;
}

static guint64
entry_key_line (gconstpointer item)
{
  const Entry *entry = item;
  return (guint64) entry->prefix.len << 32 | entry->declared->line;
}

static const VnlSortKey entry_keys[] = {
  { 64, entry_key_network },
  { 38, entry_key_line },
};

static void
add_entries (Graph     *graph,
             GArray    *entries,
             GArray    *prefixes,
             VnlObject *network,
             VnlObject *declared)
{
  guint component = graph_find (graph, graph_node (graph, network));

  for (guint i = 0; i < prefixes->len; i++)
    {
      Entry entry = { g_array_index (prefixes, VnlPrefix, i), component, network, declared };
      g_array_append_val (entries, entry);
    }
}

static void
check_connected_overlaps (Check *check)
{
  Graph graph;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *array;
  const VnlKind *link_kinds;
  guint n_link_kinds;
  guint n_entries = 0;

  /* Sized once: grown by doubling, the copies of the array (tens of
   * thousands of prefixes) cost more than the rest of the check. */
  array = objects (check, VNL_KIND_VNET);
  for (guint i = 0; i < array->len; i++)
    n_entries += ((VnlVnet *) array->pdata[i])->address_spaces->len;
  array = objects (check, VNL_KIND_SITE);
  for (guint i = 0; i < array->len; i++)
    n_entries += ((VnlSite *) array->pdata[i])->prefixes->len;
  array = objects (check, VNL_KIND_LNG);
  for (guint i = 0; i < array->len; i++)
    n_entries += ((VnlLng *) array->pdata[i])->prefixes->len;
  entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n_entries);

  graph.index = g_hash_table_new (NULL, NULL);
  graph.parent = g_array_new (FALSE, FALSE, sizeof (guint));
  graph.nodes = g_ptr_array_new ();

  /* Every link of the table joins the networks of its two ends. */
  link_kinds = vnl_kinds_links (&n_link_kinds);
  for (guint k = 0; k < n_link_kinds; k++)
    {
      array = objects (check, link_kinds[k]);
      for (guint i = 0; i < array->len; i++)
        graph_union (&graph,
                     network_of_end (check, array->pdata[i], VNL_ROLE_END_A),
                     network_of_end (check, array->pdata[i], VNL_ROLE_END_B));
    }

  /* An LNG standing for a CE is that CE's site, seen from Azure. */
  array = objects (check, VNL_KIND_LNG);
  for (guint i = 0; i < array->len; i++)
    {
      VnlLng *lng = array->pdata[i];
      graph_union (&graph, lng, typed (site_of_ce (check, lng->ce), VNL_KIND_SITE));
    }

  /* The prefixes of every network, tagged with its component. */
  array = objects (check, VNL_KIND_VNET);
  for (guint i = 0; i < array->len; i++)
    {
      VnlVnet *vnet = array->pdata[i];
      add_entries (&graph, entries, vnet->address_spaces, array->pdata[i], array->pdata[i]);
    }

  array = objects (check, VNL_KIND_SITE);
  for (guint i = 0; i < array->len; i++)
    {
      VnlSite *site = array->pdata[i];
      add_entries (&graph, entries, site->prefixes, array->pdata[i], array->pdata[i]);
    }

  array = objects (check, VNL_KIND_LNG);
  for (guint i = 0; i < array->len; i++)
    {
      VnlLng *lng = array->pdata[i];
      VnlObject *site = typed (site_of_ce (check, lng->ce), VNL_KIND_SITE);

      add_entries (&graph, entries, lng->prefixes, site ? site : array->pdata[i], array->pdata[i]);
    }

  /* Sorted by component and address, a prefix can only overlap the ones
   * after it that start before it ends. */
  _vnl_array_sort_by_keys (entries, entry_keys, G_N_ELEMENTS (entry_keys));
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *a = &g_array_index (entries, Entry, i);
      guint32 end = a->prefix.addr | ~vnl_prefix_mask (a->prefix.len);

      for (guint j = i + 1; j < entries->len; j++)
        {
          const Entry *b = &g_array_index (entries, Entry, j);
          const Entry *later;
          const Entry *earlier;
          g_autofree char *key = NULL;
          char pa[20], pb[20];

          if (b->component != a->component || b->prefix.addr > end)
            break;
          if (b->network == a->network)
            continue;

          key = g_strdup_printf ("%p %p", (void *) MIN (a->network, b->network), (void *) MAX (a->network, b->network));
          if (g_hash_table_contains (reported, key))
            continue;
          g_hash_table_add (reported, g_steal_pointer (&key));

          /* Reported on the network declared last in the file. */
          later = a->declared->line > b->declared->line ? a : b;
          earlier = later == a ? b : a;
          vnl_prefix_format (&later->prefix, pa);
          vnl_prefix_format (&earlier->prefix, pb);
          report (check, later->declared->line, later->declared->name,
                  _("%s overlaps %s of %s “%s”, which is connected to it"),
                  pa, pb, vnl_kind_to_string (earlier->network->kind), earlier->network->name);
        }
    }

  g_hash_table_unref (graph.index);
  g_array_unref (graph.parent);
  g_ptr_array_unref (graph.nodes);
}

static int
item_compare (gconstpointer pa,
              gconstpointer pb)
{
  const Item *a = pa;
  const Item *b = pb;

  if (a->problem->line != b->problem->line)
    return a->problem->line < b->problem->line ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static GPtrArray *
finish (Check *check)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_problem_free);

  g_array_sort (check->items, item_compare);
  for (guint i = 0; i < check->items->len; i++)
    g_ptr_array_add (problems, g_array_index (check->items, Item, i).problem);
  g_array_unref (check->items);

  return problems;
}

GPtrArray *
vnl_design_validate (VnlDesign  *design,
                     const char *file)
{
  Check check;
  GPtrArray *problems;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  check.design = design;
  check.file = file;
  check.items = g_array_new (FALSE, FALSE, sizeof (Item));
  memset (check.by_kind, 0, sizeof check.by_kind);
  check.unique = _vnl_design_names_unique (design);

  check_load_problems (&check);
  check_duplicates (&check);
  check_references (&check);
  check_addresses (&check);
  check_asns (&check);
  check_gateways (&check);
  check_circuits (&check);
  check_peerings (&check);
  check_connected_overlaps (&check);

  problems = finish (&check);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    g_clear_pointer (&check.by_kind[k], g_hash_table_unref);
  return _vnl_design_validate_azure (design, file, problems);
}

GPtrArray *
vnl_file_check (const char *path)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(VnlDesign) design = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_problem_free);
  design = _vnl_design_load_with_problems (path, problems);
  if (design == NULL)
    return g_steal_pointer (&problems);

  return vnl_design_validate (design, path);
}
