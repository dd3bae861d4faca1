/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-edit"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-edit.h"
#include "vnl-file.h"
#include "vnl-kinds.h"
#include "vnl-lists.h"
#include "vnl-regions.h"

G_DEFINE_QUARK (vnl-edit-error-quark, vnl_edit_error)

/* The palette's tiles, derived once from the table of kinds: where each
 * may be dropped follows from its kind's owner field. */
typedef struct
{
  const VnlKindInfo *info;
  VnlTile            tile;   /* id, label, icon filled in from the kind */
} Place;

static GArray *
get_places (void)
{
  static GArray *places;

  if (g_once_init_enter (&places))
    {
      GArray *array = g_array_new (FALSE, FALSE, sizeof (Place));

      for (VnlKind k = 0; k < VNL_N_KINDS; k++)
        {
          const VnlKindInfo *info = vnl_kind_get_info (k);
          const VnlTile single[] = { { info->name, info->label }, { NULL } };

          if (!info->palette)
            continue;
          for (const VnlTile *t = info->tiles != NULL ? info->tiles : single; t->id != NULL; t++)
            {
              Place place = { info, *t };

              if (place.tile.icon == NULL)
                place.tile.icon = info->icon;
              g_array_append_val (array, place);
            }
        }
      g_once_init_leave (&places, array);
    }
  return places;
}

static const Place *
get_place (VnlPlace place)
{
  GArray *places = get_places ();

  g_return_val_if_fail (place < places->len, NULL);
  return &g_array_index (places, Place, place);
}

guint
vnl_place_count (void)
{
  return get_places ()->len;
}

VnlKind
vnl_place_get_kind (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), VNL_N_KINDS);
  return get_place (place)->info->kind;
}

const char *
vnl_place_get_icon (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), NULL);
  return get_place (place)->tile.icon;
}

const char *
vnl_place_to_id (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), NULL);
  return get_place (place)->tile.id;
}

gboolean
vnl_place_from_id (const char *id,
                   VnlPlace   *place)
{
  for (guint i = 0; i < vnl_place_count (); i++)
    if (g_strcmp0 (id, get_place (i)->tile.id) == 0)
      {
        *place = i;
        return TRUE;
      }
  return FALSE;
}

const char *
vnl_place_get_label (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), NULL);
  return _(get_place (place)->tile.label);
}

const char *
vnl_place_get_hint (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), NULL);
  return _(get_place (place)->info->hint);
}

gboolean
vnl_place_needs_container (VnlPlace place)
{
  g_return_val_if_fail (place < vnl_place_count (), FALSE);
  return vnl_kind_get_owner_field (vnl_place_get_kind (place)) != NULL;
}

gboolean
vnl_place_accepts (VnlPlace place,
                   VnlKind  container_kind)
{
  const VnlField *owner;

  g_return_val_if_fail (place < vnl_place_count (), FALSE);
  /* A route table is associated with a subnet of the VNet it is dropped
   * on, not owned by it. */
  if (vnl_place_get_kind (place) == VNL_KIND_ROUTE_TABLE || vnl_place_get_kind (place) == VNL_KIND_NSG)
    return container_kind == VNL_KIND_VNET;
  owner = vnl_kind_get_owner_field (vnl_place_get_kind (place));
  return owner != NULL && (container_kind == owner->ref_kind || container_kind == owner->ref_kind_b);
}

char *
vnl_edit_unique_name (VnlDesign  *design,
                      const char *base)
{
  for (guint i = 1; ; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", base, i);
      if (vnl_design_lookup (design, name) == NULL)
        return g_steal_pointer (&name);
    }
}

/* Where a location is on the built-in table (vnl-regions.h), for its
 * default latencies: its own entry by name or display name; for an
 * on-premises location, the metro of the design's first peering location
 * (else first Azure region) — the place a new site is most likely near,
 * as the circuit that serves it is. NULL when there is none. */
static const VnlRegion *
location_anchor (VnlDesign   *design,
                 VnlLocation *location,
                 gboolean    *tail)
{
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  const VnlRegion *region = vnl_region_lookup (location->parent.name);

  *tail = FALSE;
  if (region == NULL && location->display_name != NULL)
    region = vnl_region_lookup (location->display_name);
  if (region != NULL || location->location_kind != VNL_LOCATION_ON_PREMISES)
    return region;

  *tail = TRUE;
  for (guint k = 0; k < 2; k++)
    for (guint i = 0; i < locations->len; i++)
      {
        VnlLocation *other = locations->pdata[i];
        VnlLocationKind want = k == 0 ? VNL_LOCATION_PEERING_LOCATION : VNL_LOCATION_AZURE_REGION;

        if (other->location_kind == want && (region = vnl_region_lookup (other->parent.name)) != NULL)
          return region;
      }
  return NULL;
}

/* A new location's latencies to every other location of the design, from
 * the built-in table; an on-premises end adds its metro tail. Pairs the
 * table does not know keep the design's default latency. */
#define METRO_TAIL_MS 0.5

static void
add_default_latencies (VnlHistory  *history,
                       VnlLocation *location)
{
  VnlDesign *design = vnl_history_get_design (history);
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  gboolean tail_a, tail_b;
  const VnlRegion *a = location_anchor (design, location, &tail_a);

  for (guint i = 0; i < locations->len; i++)
    {
      VnlLocation *other = locations->pdata[i];
      const VnlRegion *b;
      g_autofree char *key = NULL;
      g_autofree char *text = NULL;
      double ms;

      if (other == location || (b = location_anchor (design, other, &tail_b)) == NULL || a == NULL)
        continue;
      ms = vnl_region_latency_ms (a->name, b->name) + (tail_a ? METRO_TAIL_MS : 0) + (tail_b ? METRO_TAIL_MS : 0);
      key = g_strconcat ("latency:", other->parent.name, NULL);
      text = g_strdup_printf ("%.1f", ms);
      if (!vnl_history_set_property (history, location, key, text, NULL))
        g_assert_not_reached ();  /* a latency of the table is in range */
    }
}

/* The first location of @kind, created (as part of the current history
 * step) when the design has none: every VNet, site and circuit must be
 * somewhere for the file to be valid. A new design's places are real ones
 * of the built-in table — West Europe and its Amsterdam peering location,
 * an on-premises data centre in that metro — so that its latencies are
 * those of a real design, not 20 ms between any two places. */
static const char *
first_location (VnlHistory      *history,
                VnlLocationKind  kind)
{
  static const struct { const char *name; const char *display; } defaults[] = {
    [VNL_LOCATION_AZURE_REGION]     = { "westeurope", "West Europe" },
    [VNL_LOCATION_PEERING_LOCATION] = { "amsterdam", "Amsterdam" },
    [VNL_LOCATION_ON_PREMISES]      = { "datacenter", NULL },
  };
  VnlDesign *design = vnl_history_get_design (history);
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  g_autofree char *name = NULL;
  VnlLocation *location;

  for (guint i = 0; i < locations->len; i++)
    if (((VnlLocation *) locations->pdata[i])->location_kind == kind)
      return ((VnlObject *) locations->pdata[i])->name;

  name = vnl_design_lookup (design, defaults[kind].name) == NULL ? g_strdup (defaults[kind].name)
                                                                 : vnl_edit_unique_name (design, defaults[kind].name);
  location = vnl_object_new (VNL_KIND_LOCATION, name);
  location->location_kind = kind;
  location->display_name = g_strdup (defaults[kind].display);
  if (!vnl_history_add (history, location, NULL))
    {
      vnl_object_free (location);
      return NULL;
    }
  add_default_latencies (history, location);
  return location->parent.name;
}

/* A /16 in 10.0.0.0/8 that no VNet, site or virtual hub uses yet. */
static VnlPrefix
free_prefix (VnlDesign *design,
             guint8     len)
{
  for (guint n = 1; n < 256; n++)
    {
      VnlPrefix candidate = { (10u << 24) | (n << 16), len };
      gboolean used = FALSE;

      for (guint k = 0; k < 2 && !used; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (design, k == 0 ? VNL_KIND_VNET : VNL_KIND_SITE);
          for (guint i = 0; i < objects->len && !used; i++)
            {
              GArray *prefixes = k == 0 ? ((VnlVnet *) objects->pdata[i])->address_spaces
                                        : ((VnlSite *) objects->pdata[i])->prefixes;
              for (guint j = 0; j < prefixes->len; j++)
                if (vnl_prefix_overlaps (&g_array_index (prefixes, VnlPrefix, j), &candidate))
                  used = TRUE;
            }
        }
      /* A virtual hub's range is taken too (a VNet connection to a hub
       * must not overlap it). */
      {
        GPtrArray *hubs = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_HUB);
        for (guint i = 0; i < hubs->len && !used; i++)
          if (vnl_prefix_overlaps (&((VnlVirtualHub *) hubs->pdata[i])->address_prefix, &candidate))
            used = TRUE;
      }
      if (!used)
        return candidate;
    }
  return (VnlPrefix) { 10u << 24, len };
}

static guint32
next_host (VnlDesign *design,
           VnlObject *container)
{
  GArray *prefixes = container->kind == VNL_KIND_VNET ? ((VnlVnet *) container)->address_spaces
                                                      : ((VnlSite *) container)->prefixes;
  g_autoptr(GPtrArray) endpoints = vnl_design_get_endpoints_of (design, container->name);

  if (prefixes->len == 0)
    return 0;
  return g_array_index (prefixes, VnlPrefix, 0).addr + 4 + endpoints->len;
}

/* The name @base if free, else the first free @base1, @base2… */
static char *
free_name (VnlDesign  *design,
           const char *base)
{
  return vnl_design_lookup (design, base) == NULL ? g_strdup (base) : vnl_edit_unique_name (design, base);
}

static void
set_name (VnlObject *object,
          char      *name)
{
  g_free (object->name);
  object->name = name;
}

/* What a dropped object of a kind gets beyond its name (the kind's, or
 * its container's with the kind's), its container and its tile's preset:
 * defaults that make a valid design. Kinds without one need none. */
typedef gboolean (*PlaceSetup) (VnlHistory  *history,
                                VnlObject   *object,
                                VnlObject   *box,
                                GError     **error);

static gboolean
setup_vnet (VnlHistory  *history,
            VnlObject   *object,
            VnlObject   *box,
            GError     **error)
{
  VnlVnet *vnet = (VnlVnet *) object;
  VnlPrefix prefix = free_prefix (vnl_history_get_design (history), 16);

  g_array_append_val (vnet->address_spaces, prefix);
  vnet->location = g_strdup (first_location (history, VNL_LOCATION_AZURE_REGION));
  return TRUE;
}

static gboolean
setup_gateway (VnlHistory  *history,
               VnlObject   *object,
               VnlObject   *box,
               GError     **error)
{
  VnlGateway *gw = (VnlGateway *) object;
  gboolean er = gw->type == VNL_GATEWAY_EXPRESSROUTE;
  g_autofree char *base = g_strdup_printf ("%s-%s", box->name, er ? "ergw" : "vpngw");

  set_name (object, free_name (vnl_history_get_design (history), base));
  gw->sku = g_strdup (er ? "Standard" : "VpnGw1");
  return TRUE;
}

static gboolean
setup_endpoint (VnlHistory  *history,
                VnlObject   *object,
                VnlObject   *box,
                GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autofree char *base = g_strdup_printf ("%s-vm", box->name);

  set_name (object, free_name (design, base));
  ((VnlEndpoint *) object)->address = next_host (design, box);
  return TRUE;
}

/* A private ASN (RFC 6996: 64512–65534) that no CE, circuit, local
 * network gateway or gateway of the design uses yet, below the range Azure
 * reserves (65515–65520): a new on-premises network gets its own. */
static gboolean
asn_used (VnlDesign *design,
          guint32    asn)
{
  static const struct { VnlKind kind; gsize offset; } fields[] = {
    { VNL_KIND_CE,      G_STRUCT_OFFSET (VnlCe, asn) },
    { VNL_KIND_CIRCUIT, G_STRUCT_OFFSET (VnlCircuit, peer_asn) },
    { VNL_KIND_LNG,     G_STRUCT_OFFSET (VnlLng, asn) },
    { VNL_KIND_GATEWAY, G_STRUCT_OFFSET (VnlGateway, asn) },
  };

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, fields[f].kind);

      for (guint i = 0; i < objects->len; i++)
        if (G_STRUCT_MEMBER (guint32, objects->pdata[i], fields[f].offset) == asn)
          return TRUE;
    }
  return FALSE;
}

static guint32
free_private_asn (VnlDesign *design)
{
  for (guint32 asn = 65001; asn < 65515; asn++)
    if (!asn_used (design, asn))
      return asn;
  return 65001;
}

/* A circuit comes with its two links, added first. */
static gboolean
setup_circuit (VnlHistory  *history,
               VnlObject   *object,
               VnlObject   *box,
               GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  VnlCircuit *circuit = (VnlCircuit *) object;
  guint n = vnl_design_get_objects (design, VNL_KIND_CIRCUIT)->len;

  set_name (object, vnl_edit_unique_name (design, "er"));
  circuit->bandwidth_mbps = 1000;
  circuit->peer_asn = free_private_asn (design);
  circuit->vlan = 100 + n;
  circuit->peering_location = g_strdup (first_location (history, VNL_LOCATION_PEERING_LOCATION));

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *link_name = g_strdup_printf ("%s-%s", object->name, i == 0 ? "primary" : "secondary");
      VnlLink *link = vnl_object_new (VNL_KIND_LINK, link_name);

      link->circuit = g_strdup (object->name);
      link->role = i == 0 ? VNL_LINK_PRIMARY : VNL_LINK_SECONDARY;
      link->subnet = (VnlPrefix) { (192u << 24) | (168u << 16) | ((n & 0xff) << 8) | (16 + 4 * i), 30 };
      link->ce_address = link->subnet.addr + 1;
      link->msee_address = link->subnet.addr + 2;
      circuit->links[i] = g_strdup (link_name);
      if (!vnl_history_add (history, link, error))
        {
          vnl_object_free (link);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
setup_site (VnlHistory  *history,
            VnlObject   *object,
            VnlObject   *box,
            GError     **error)
{
  VnlSite *site = (VnlSite *) object;
  VnlPrefix prefix = free_prefix (vnl_history_get_design (history), 24);

  g_array_append_val (site->prefixes, prefix);
  site->location = g_strdup (first_location (history, VNL_LOCATION_ON_PREMISES));
  return TRUE;
}

static gboolean
setup_ce (VnlHistory  *history,
          VnlObject   *object,
          VnlObject   *box,
          GError     **error)
{
  ((VnlCe *) object)->asn = free_private_asn (vnl_history_get_design (history));
  return TRUE;
}

static gboolean
setup_lng (VnlHistory  *history,
           VnlObject   *object,
           VnlObject   *box,
           GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);

  set_name (object, vnl_edit_unique_name (design, "lng"));
  ((VnlLng *) object)->public_address =
    (203u << 24) | (113u << 8) | (vnl_design_get_objects (design, VNL_KIND_LNG)->len + 1);
  return TRUE;
}

/* The subnet associations of a route table or a network security group. */
static GPtrArray *
subnet_assocs_of (gpointer object)
{
  if (((VnlObject *) object)->kind == VNL_KIND_NSG)
    return ((VnlNsg *) object)->subnets;
  return ((VnlUdrTable *) object)->subnets;
}

/* The group or table of @kind that names subnet @vnet/@subnet, or NULL. */
static VnlObject *
subnet_claimed_by (VnlDesign  *design,
                   VnlKind     kind,
                   const char *vnet,
                   const char *subnet)
{
  GPtrArray *objects = vnl_design_get_objects (design, kind);

  for (guint t = 0; t < objects->len; t++)
    {
      GPtrArray *subnets = subnet_assocs_of (objects->pdata[t]);
      for (guint j = 0; j < subnets->len; j++)
        {
          VnlUdrSubnet *other = subnets->pdata[j];
          if (g_strcmp0 (other->vnet, vnet) == 0 && g_strcmp0 (other->subnet, subnet) == 0)
            return objects->pdata[t];
        }
    }
  return NULL;
}

/* The first subnet of @vnet that has no object of @kind (a route table
 * or a network security group) yet, the GatewaySubnet
 * last for a route table ("Route propagation shouldn't be disabled on the
 * GatewaySubnet", and most tables are for workloads) and never for a
 * group (one there "may cause your VPN gateway to stop functioning"). */
static VnlSubnet *
free_subnet (VnlDesign *design,
             VnlKind    kind,
             VnlVnet   *vnet)
{
  guint passes = kind == VNL_KIND_NSG ? 1 : 2;

  for (guint pass = 0; pass < passes; pass++)
    for (guint i = 0; i < vnet->subnets->len; i++)
      {
        VnlSubnet *subnet = vnet->subnets->pdata[i];
        gboolean gateway = g_ascii_strcasecmp (subnet->name, "GatewaySubnet") == 0;

        if (gateway == (pass == 1) && subnet_claimed_by (design, kind, vnet->parent.name, subnet->name) == NULL)
          return subnet;
      }
  return NULL;
}

static void
associate_free_subnet (VnlDesign *design,
                       VnlObject *object,
                       VnlVnet   *vnet)
{
  VnlSubnet *subnet = free_subnet (design, object->kind, vnet);
  VnlUdrSubnet *assoc;

  if (subnet == NULL)
    return;
  assoc = g_new0 (VnlUdrSubnet, 1);
  assoc->vnet = g_strdup (vnet->parent.name);
  assoc->subnet = g_strdup (subnet->name);
  g_ptr_array_add (subnet_assocs_of (object), assoc);
}

/* The group whose NICs hold @endpoint, or NULL. */
static VnlNsg *
nic_claimed_by (VnlDesign  *design,
                const char *endpoint)
{
  GPtrArray *groups = vnl_design_get_objects (design, VNL_KIND_NSG);

  for (guint i = 0; i < groups->len; i++)
    {
      VnlNsg *nsg = groups->pdata[i];
      for (guint j = 0; j < nsg->nics->len; j++)
        if (g_strcmp0 (((VnlNsgNic *) nsg->nics->pdata[j])->endpoint, endpoint) == 0)
          return nsg;
    }
  return NULL;
}

/* Appends @row to @object's list @key through the history (the list
 * editor's and the file's setter): one undoable step. */
static gboolean
append_row (VnlHistory  *history,
            gpointer     object,
            const char  *key,
            char       **row,
            GError     **error)
{
  const VnlList * const *lists = vnl_lists_for_kind (((VnlObject *) object)->kind);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  const VnlList *list = NULL;

  for (guint i = 0; lists[i] != NULL; i++)
    if (g_str_equal (lists[i]->key, key))
      list = lists[i];
  g_assert (list != NULL);
  rows = vnl_list_get_rows (object, list);
  g_ptr_array_add (rows, row);
  text = vnl_list_encode (list, rows);
  return vnl_history_set_property (history, object, key, text, error);
}

/* What an object of @kind (@group, nullable: one not made yet) dropped on
 * @target is associated with: a subnet (@vnet and @subnet set) or, for a
 * group on an endpoint, its NIC (both NULL); or why it cannot be. */
static gboolean
resolve_association (VnlDesign  *design,
                     VnlKind     kind,
                     gpointer    group,
                     VnlObject  *to,
                     VnlVnet   **vnet,
                     VnlSubnet **subnet,
                     GError    **error)
{
  gboolean nsg = kind == VNL_KIND_NSG;
  VnlObject *other;

  *vnet = NULL;
  *subnet = NULL;
  if (to->kind == VNL_KIND_ENDPOINT && nsg)
    {
      other = (VnlObject *) nic_claimed_by (design, to->name);
      if (other == NULL)
        return TRUE;
      g_set_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
                   other == group ? _("The NIC of %s is associated with %s already")
                                  : _("The NIC of %s has network security group %s already: "
                                      "a network interface has one group at most"),
                   to->name, other->name);
      return FALSE;
    }
  if (to->kind == VNL_KIND_ENDPOINT)
    {
      /* A table on an endpoint: the subnet that holds its address. */
      VnlEndpoint *endpoint = (VnlEndpoint *) to;

      *vnet = vnl_design_lookup_kind (design, endpoint->owner, VNL_KIND_VNET);
      for (guint i = 0; *vnet != NULL && i < (*vnet)->subnets->len && *subnet == NULL; i++)
        if (vnl_prefix_contains_ip (&((VnlSubnet *) (*vnet)->subnets->pdata[i])->prefix, endpoint->address))
          *subnet = (*vnet)->subnets->pdata[i];
      if (*subnet == NULL)
        {
          g_set_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
                       _("%s is in no subnet of a VNet: a route table is associated with subnets"), to->name);
          return FALSE;
        }
    }
  else if (to->kind == VNL_KIND_VNET)
    {
      *vnet = (VnlVnet *) to;
      *subnet = free_subnet (design, kind, *vnet);
      if (*subnet == NULL)
        {
          g_set_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
                       nsg ? _("Every subnet of %s has a network security group already (a subnet has one at most; "
                               "none on the GatewaySubnet)")
                           : _("Every subnet of %s has a route table already (a subnet has one at most)"),
                       to->name);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_set_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
                   nsg ? _("A network security group is associated with a subnet (drop it on a VNet) "
                           "or a NIC (drop it on an endpoint)")
                       : _("A route table is associated with a subnet: drop it on a VNet or an endpoint"));
      return FALSE;
    }
  other = subnet_claimed_by (design, kind, (*vnet)->parent.name, (*subnet)->name);
  if (other == NULL)
    return TRUE;
  g_set_error (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
               other == group ? _("Subnet %s/%s is associated with %s already")
                              : _("Subnet %s/%s has %s already: a subnet has one of its kind at most"),
               (*vnet)->parent.name, (*subnet)->name, other->name);
  return FALSE;
}

gboolean
vnl_edit_can_associate (VnlDesign  *design,
                        VnlKind     kind,
                        gpointer    target,
                        GError    **error)
{
  VnlVnet *vnet;
  VnlSubnet *subnet;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  return resolve_association (design, kind, NULL, target, &vnet, &subnet, error);
}

char *
vnl_edit_associate (VnlHistory  *history,
                    gpointer     group,
                    gpointer     target,
                    GError     **error)
{
  VnlObject *object = group;
  VnlVnet *vnet;
  VnlSubnet *subnet;
  char **row;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (object != NULL && target != NULL, NULL);
  g_return_val_if_fail (object->kind == VNL_KIND_NSG || object->kind == VNL_KIND_ROUTE_TABLE, NULL);

  if (!resolve_association (vnl_history_get_design (history), object->kind, group, target, &vnet, &subnet, error))
    return NULL;
  if (subnet == NULL)
    {
      row = g_new0 (char *, 2);
      row[0] = g_strdup (((VnlObject *) target)->name);
      if (!append_row (history, group, "nics", row, error))
        return NULL;
      return g_strdup_printf (_("the NIC of %s"), ((VnlObject *) target)->name);
    }
  row = g_new0 (char *, 3);
  row[0] = g_strdup (vnet->parent.name);
  row[1] = g_strdup (subnet->name);
  if (!append_row (history, group, "associations", row, error))
    return NULL;
  return g_strdup_printf (_("subnet %s/%s"), vnet->parent.name, subnet->name);
}

/* A route table or a security group placed on a VNet: named after its
 * kind, associated with a free subnet of it. */
static gboolean
setup_subnet_associated (VnlHistory  *history,
                         VnlObject   *object,
                         VnlObject   *box,
                         GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);

  set_name (object, vnl_edit_unique_name (design, object->kind == VNL_KIND_NSG ? "nsg" : "rt"));
  if (box != NULL && box->kind == VNL_KIND_VNET)
    associate_free_subnet (design, object, (VnlVnet *) box);
  return TRUE;
}

/* A hub belongs to a Virtual WAN: the design's first, or a new one made
 * in the same step (a design's hubs are usually of one WAN). Its range is
 * a free /24, the smallest Azure takes ("The minimum address space is /24
 * to create a hub", virtual-wan-faq.md). */
static gboolean
setup_virtual_hub (VnlHistory  *history,
                   VnlObject   *object,
                   VnlObject   *box,
                   GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  VnlVirtualHub *hub = (VnlVirtualHub *) object;
  GPtrArray *wans = vnl_design_get_objects (design, VNL_KIND_VIRTUAL_WAN);

  set_name (object, vnl_edit_unique_name (design, "hub"));
  if (wans->len > 0)
    hub->wan = g_strdup (((VnlObject *) wans->pdata[0])->name);
  else
    {
      g_autofree char *name = free_name (design, "vwan");
      VnlObject *wan = vnl_object_new (VNL_KIND_VIRTUAL_WAN, name);

      /* Drawn above its first hub. */
      wan->has_pos = TRUE;
      wan->pos = (VnlPoint) { object->pos.x, object->pos.y - 160 };
      if (!vnl_history_add (history, wan, error))
        {
          vnl_object_free (wan);
          return FALSE;
        }
      hub->wan = g_strdup (name);
    }
  hub->address_prefix = free_prefix (design, 24);
  hub->location = g_strdup (first_location (history, VNL_LOCATION_AZURE_REGION));
  return TRUE;
}

static gboolean
setup_virtual_wan (VnlHistory  *history,
                   VnlObject   *object,
                   VnlObject   *box,
                   GError     **error)
{
  set_name (object, vnl_edit_unique_name (vnl_history_get_design (history), "vwan"));
  return TRUE;
}

static const PlaceSetup place_setup[VNL_N_KINDS] = {
  [VNL_KIND_VIRTUAL_WAN] = setup_virtual_wan,
  [VNL_KIND_VIRTUAL_HUB] = setup_virtual_hub,
  [VNL_KIND_VNET]     = setup_vnet,
  [VNL_KIND_GATEWAY]  = setup_gateway,
  [VNL_KIND_ENDPOINT] = setup_endpoint,
  [VNL_KIND_CIRCUIT]  = setup_circuit,
  [VNL_KIND_SITE]     = setup_site,
  [VNL_KIND_CE]       = setup_ce,
  [VNL_KIND_LNG]      = setup_lng,
  [VNL_KIND_ROUTE_TABLE] = setup_subnet_associated,
  [VNL_KIND_NSG]      = setup_subnet_associated,
};

/* Why a kind cannot be dropped outside its container; the tile's hint
 * for kinds not listed. */
static const char *
needs_container_message (VnlKind kind)
{
  if (kind == VNL_KIND_CE)
    return _("A CE router belongs to an on-premises site: drop it on a site.");
  if (kind == VNL_KIND_ENDPOINT)
    return _("An endpoint lives in a VNet or a site: drop it on one.");
  if (kind == VNL_KIND_GATEWAY)
    return _("A gateway sits in its VNet's GatewaySubnet: drop it on a VNet.");
  return _(vnl_kind_get_info (kind)->hint);
}

static gpointer
place_inner (VnlHistory  *history,
             VnlPlace     place,
             double       x,
             double       y,
             gpointer     container,
             GError     **error)
{
  VnlDesign *design;
  VnlObject *object;
  VnlObject *box = container;
  const Place *p;
  const VnlField *owner;
  g_autofree char *name = NULL;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (place < vnl_place_count (), NULL);

  design = vnl_history_get_design (history);
  p = get_place (place);
  owner = vnl_kind_get_owner_field (p->info->kind);

  if (owner != NULL && (box == NULL || !vnl_place_accepts (place, box->kind)))
    {
      g_set_error_literal (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_NEEDS_CONTAINER,
                           needs_container_message (p->info->kind));
      return NULL;
    }

  if (owner != NULL)
    {
      g_autofree char *base = g_strdup_printf ("%s-%s", box->name, p->info->name);
      name = vnl_edit_unique_name (design, base);
    }
  else
    name = vnl_edit_unique_name (design, p->info->name);
  object = vnl_object_new (p->info->kind, name);
  if (owner != NULL)
    G_STRUCT_MEMBER (char *, object, owner->offset) = g_strdup (box->name);
  if (p->tile.key != NULL &&
      !vnl_field_set_text (object, vnl_kind_lookup_field (p->info->kind, p->tile.key), p->tile.value, error))
    {
      vnl_object_free (object);
      return NULL;
    }
  if (place_setup[p->info->kind] != NULL && !place_setup[p->info->kind] (history, object, box, error))
    {
      vnl_object_free (object);
      return NULL;
    }

  object->has_pos = TRUE;
  object->pos = (VnlPoint) { x, y };
  if (!vnl_history_add (history, object, error))
    {
      vnl_object_free (object);
      return NULL;
    }
  return object;
}

gpointer
vnl_edit_place (VnlHistory  *history,
                VnlPlace     place,
                double       x,
                double       y,
                gpointer     container,
                GError     **error)
{
  g_autofree char *label = NULL;
  gpointer object;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (place < vnl_place_count (), NULL);

  /* One step, with the location it may have to create. */
  label = g_strdup_printf (_("Add %s"), vnl_place_get_label (place));
  vnl_history_begin_group (history, label);
  object = place_inner (history, place, x, y, container, error);
  vnl_history_end_group (history);
  return object;
}

static gboolean
is_gateway (VnlObject      *object,
            VnlGatewayType  type)
{
  return object->kind == VNL_KIND_GATEWAY && ((VnlGateway *) object)->type == type;
}

static gboolean
linked (VnlDesign  *design,
        VnlKind     kind,
        const char *a,
        const char *b)
{
  GPtrArray *objects = vnl_design_get_objects (design, kind);

  for (guint i = 0; i < objects->len; i++)
    {
      const char *x, *y;
      if (vnl_object_get_ends (objects->pdata[i], &x, &y) &&
          ((g_strcmp0 (x, a) == 0 && g_strcmp0 (y, b) == 0) ||
           (g_strcmp0 (x, b) == 0 && g_strcmp0 (y, a) == 0)))
        return TRUE;
    }
  return FALSE;
}

static char *
link_name (VnlDesign  *design,
           const char *a,
           const char *b)
{
  g_autofree char *base = g_strdup_printf ("%s-%s", a, b);

  if (vnl_design_lookup (design, base) == NULL)
    return g_steal_pointer (&base);
  return vnl_edit_unique_name (design, base);
}

static gpointer
add_or_fail (VnlHistory  *history,
             gpointer     object,
             GError     **error)
{
  if (!vnl_history_add (history, object, error))
    {
      vnl_object_free (object);
      return NULL;
    }
  return object;
}

/* A new link of @kind between @a and @b (its two ends), named after
 * them, as one history step. */
static gpointer
add_link (VnlHistory  *history,
          VnlKind      kind,
          VnlObject   *a,
          VnlObject   *b,
          GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autofree char *name = link_name (design, a->name, b->name);
  gpointer link = vnl_object_new (kind, name);

  if (!vnl_object_set_ends (link, a->name, b->name))
    {
      vnl_object_free (link);
      g_return_val_if_reached (NULL);
    }
  return add_or_fail (history, link, error);
}

static gpointer
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gpointer
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VNL_EDIT_ERROR, VNL_EDIT_ERROR_CANNOT_CONNECT, message);
  g_free (message);
  return NULL;
}

/* Connect an S2S VPN between a VPN gateway and a CE: reuse the LNG that
 * stands for the CE, or create one next to the CE. */
static gpointer
connect_vpn_ce (VnlHistory  *history,
                VnlGateway  *gw,
                VnlCe       *ce,
                GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  GPtrArray *lngs = vnl_design_get_objects (design, VNL_KIND_LNG);
  VnlLng *lng = NULL;
  VnlS2sConnection *s2s;
  g_autofree char *name = NULL;
  gpointer result;

  for (guint i = 0; i < lngs->len; i++)
    if (g_strcmp0 (((VnlLng *) lngs->pdata[i])->ce, ce->parent.name) == 0)
      lng = lngs->pdata[i];

  vnl_history_begin_group (history, _("Connect site-to-site VPN"));
  if (lng == NULL)
    {
      g_autofree char *base = g_strdup_printf ("%s-lng", ce->parent.name);
      g_autofree char *lng_name = vnl_design_lookup (design, base) == NULL
                                  ? g_strdup (base) : vnl_edit_unique_name (design, base);

      lng = vnl_object_new (VNL_KIND_LNG, lng_name);
      lng->ce = g_strdup (ce->parent.name);
      lng->public_address = ce->public_address;
      lng->asn = ce->asn;
      lng->bgp_address = ce->tunnel_address;
      lng->location = g_strdup (vnl_design_get_location_of (design, ce));
      lng->parent.has_pos = TRUE;
      lng->parent.pos = (VnlPoint) { (ce->parent.pos.x + gw->parent.pos.x) / 2,
                                     (ce->parent.pos.y + gw->parent.pos.y) / 2 };
      if (add_or_fail (history, lng, error) == NULL)
        {
          vnl_history_end_group (history);
          return NULL;
        }
    }
  else if (linked (design, VNL_KIND_S2S_CONNECTION, gw->parent.name, lng->parent.name))
    {
      vnl_history_end_group (history);
      return refuse (error, _("%s already has a VPN connection to %s."), gw->parent.name, ce->parent.name);
    }

  name = link_name (design, gw->parent.name, lng->parent.name);
  s2s = vnl_object_new (VNL_KIND_S2S_CONNECTION, name);
  s2s->gateway = g_strdup (gw->parent.name);
  s2s->lng = g_strdup (lng->parent.name);
  result = add_or_fail (history, s2s, error);
  vnl_history_end_group (history);
  return result;
}

/* Does anything of the design but @circuit hold @ce's ASN to its value:
 * a link of another circuit, or a local network gateway standing for it? */
static gboolean
ce_asn_in_use (VnlDesign  *design,
               VnlCe      *ce,
               VnlCircuit *circuit)
{
  GPtrArray *links = vnl_design_get_objects (design, VNL_KIND_LINK);
  GPtrArray *lngs = vnl_design_get_objects (design, VNL_KIND_LNG);

  for (guint i = 0; i < links->len; i++)
    {
      VnlLink *link = links->pdata[i];
      if (g_strcmp0 (link->ce, ce->parent.name) == 0 && g_strcmp0 (link->circuit, circuit->parent.name) != 0)
        return TRUE;
    }
  for (guint i = 0; i < lngs->len; i++)
    if (g_strcmp0 (((VnlLng *) lngs->pdata[i])->ce, ce->parent.name) == 0)
      return TRUE;
  return FALSE;
}

/* Is a link of @circuit attached to a CE router other than @ce? */
static gboolean
circuit_has_other_ce (VnlDesign  *design,
                      VnlCircuit *circuit,
                      VnlCe      *ce)
{
  for (guint i = 0; i < 2; i++)
    {
      VnlLink *link = vnl_design_lookup_kind (design, circuit->links[i], VNL_KIND_LINK);
      if (link != NULL && link->ce != NULL && g_strcmp0 (link->ce, ce->parent.name) != 0)
        return TRUE;
    }
  return FALSE;
}

/* The BGP session over a circuit link comes up only when the CE's ASN is
 * the circuit's peer ASN (vnl-validate-azure.c). Attaching makes them
 * agree: a CE nothing else ties to its ASN takes the circuit's; else a
 * circuit with no other CE takes the CE's. When both are tied, the live
 * checks say so and the user decides. */
static void
match_asns (VnlHistory *history,
            VnlCircuit *circuit,
            VnlCe      *ce)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autofree char *text = NULL;

  if (ce->asn == circuit->peer_asn)
    return;
  if (!ce_asn_in_use (design, ce, circuit))
    {
      text = g_strdup_printf ("%u", circuit->peer_asn);
      if (!vnl_history_set_property (history, ce, "asn", text, NULL))
        g_assert_not_reached ();  /* a circuit's peer ASN is a valid ASN */
    }
  else if (!circuit_has_other_ce (design, circuit, ce))
    {
      text = g_strdup_printf ("%u", ce->asn);
      if (!vnl_history_set_property (history, circuit, "peer-asn", text, NULL))
        g_assert_not_reached ();
    }
}

/* The appliance's BGP ASN, or a refusal saying what to set: vnetlab does
 * not invent one, since an appliance without an ASN is a plain forwarding
 * VM and which private ASN its BGP speaks is the architect's choice. */
static gboolean
appliance_speaks_bgp (VnlAppliance  *appliance,
                      GError       **error)
{
  if (appliance->asn != 0)
    return TRUE;
  refuse (error, _("%s has no ASN, so it does not speak BGP: set its ASN in the inspector "
                   "(a private one such as 65001; Azure keeps 65515–65520), then connect again."),
          appliance->parent.name);
  return FALSE;
}

/* Count @kind's objects with @end as their end A. */
static guint
count_ends_a (VnlDesign  *design,
              VnlKind     kind,
              const char *end)
{
  GPtrArray *objects = vnl_design_get_objects (design, kind);
  guint n = 0;

  for (guint i = 0; i < objects->len; i++)
    {
      const char *x, *y;
      if (vnl_object_get_ends (objects->pdata[i], &x, &y) && g_strcmp0 (x, end) == 0)
        n++;
    }
  return n;
}

/* A route-server-peering (virtualHubs/bgpConnections) from @rs to
 * @appliance, its peer ASN the appliance's, its peer IP left to the
 * appliance's NIC. */
static gpointer
connect_route_server (VnlHistory      *history,
                      VnlAppliance    *appliance,
                      VnlRouteServer  *rs,
                      GError         **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autofree char *name = NULL;
  VnlRsPeering *peering;

  if (linked (design, VNL_KIND_RS_PEERING, rs->parent.name, appliance->parent.name))
    return refuse (error, _("%s already peers with %s."), rs->parent.name, appliance->parent.name);
  if (!appliance_speaks_bgp (appliance, error))
    return NULL;
  /* "Azure Route Server supports only 16-bit (2 bytes) ASNs." */
  if (appliance->asn > 65535)
    return refuse (error, _("%s has the 32-bit ASN %u: Azure Route Server peers only with 16-bit ASNs."),
                   appliance->parent.name, appliance->asn);
  /* includes/route-server-limits.md: "Number of BGP peers supported: 8";
   * Azure refuses a ninth bgpConnection, so the gesture does too. A file
   * with more still loads: validation warns and leaves the extra down. */
  if (count_ends_a (design, VNL_KIND_RS_PEERING, rs->parent.name) >= 8)
    return refuse (error, _("%s already has 8 BGP peers, the most Azure Route Server supports."),
                   rs->parent.name);
  name = link_name (design, rs->parent.name, appliance->parent.name);
  peering = vnl_object_new (VNL_KIND_RS_PEERING, name);
  peering->route_server = g_strdup (rs->parent.name);
  peering->appliance = g_strdup (appliance->parent.name);
  peering->peer_asn = appliance->asn;
  return add_or_fail (history, peering, error);
}

/* An sd-wan-tunnel from @appliance to the branch CE router @ce: an eBGP
 * session over the tunnel, both ends speaking BGP. */
static gpointer
connect_sdwan (VnlHistory    *history,
               VnlAppliance  *appliance,
               VnlCe         *ce,
               GError       **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  g_autofree char *name = NULL;
  VnlSdwanTunnel *tunnel;

  if (linked (design, VNL_KIND_SDWAN_TUNNEL, appliance->parent.name, ce->parent.name))
    return refuse (error, _("%s already has an SD-WAN tunnel to %s."), appliance->parent.name, ce->parent.name);
  if (!appliance_speaks_bgp (appliance, error))
    return NULL;
  name = link_name (design, appliance->parent.name, ce->parent.name);
  tunnel = vnl_object_new (VNL_KIND_SDWAN_TUNNEL, name);
  tunnel->appliance = g_strdup (appliance->parent.name);
  tunnel->ce = g_strdup (ce->parent.name);
  return add_or_fail (history, tunnel, error);
}

static gpointer connect_hub (VnlHistory     *history,
                             VnlObject      *a,
                             VnlVirtualHub  *hub,
                             GError        **error);

/* Rule: VNet ↔ VNet is a peering. */
static gpointer
connect_vnets (VnlHistory  *history,
               VnlObject   *a,
               VnlObject   *b,
               GError     **error)
{
  if (linked (vnl_history_get_design (history), VNL_KIND_PEERING, a->name, b->name))
    return refuse (error, _("%s and %s are already peered."), a->name, b->name);
  return add_link (history, VNL_KIND_PEERING, a, b, error);
}

/* Rule: ExpressRoute gateway ↔ circuit is an ExpressRoute connection. */
static gpointer
connect_gateway_circuit (VnlHistory  *history,
                         VnlObject   *a,
                         VnlObject   *b,
                         GError     **error)
{
  if (!is_gateway (a, VNL_GATEWAY_EXPRESSROUTE))
    return refuse (error, _("%s is a VPN gateway: only an ExpressRoute gateway connects to a circuit."), a->name);
  if (linked (vnl_history_get_design (history), VNL_KIND_ER_CONNECTION, a->name, b->name))
    return refuse (error, _("%s is already connected to %s."), a->name, b->name);
  return add_link (history, VNL_KIND_ER_CONNECTION, a, b, error);
}

/* Rule: VPN gateway ↔ VPN gateway is a VNet-to-VNet connection. */
static gpointer
connect_gateways (VnlHistory  *history,
                  VnlObject   *a,
                  VnlObject   *b,
                  GError     **error)
{
  if (!is_gateway (a, VNL_GATEWAY_VPN) || !is_gateway (b, VNL_GATEWAY_VPN))
    return refuse (error, _("Only two VPN gateways can be connected VNet-to-VNet; ExpressRoute gateways meet through a circuit."));
  if (g_strcmp0 (((VnlGateway *) a)->vnet, ((VnlGateway *) b)->vnet) == 0)
    return refuse (error, _("Both gateways are in %s: a VNet-to-VNet connection joins two VNets."), ((VnlGateway *) a)->vnet);
  if (linked (vnl_history_get_design (history), VNL_KIND_V2V_CONNECTION, a->name, b->name))
    return refuse (error, _("%s is already connected to %s."), a->name, b->name);
  return add_link (history, VNL_KIND_V2V_CONNECTION, a, b, error);
}

/* Rule: VPN gateway ↔ local network gateway is a site-to-site VPN. */
static gpointer
connect_gateway_lng (VnlHistory  *history,
                     VnlObject   *a,
                     VnlObject   *b,
                     GError     **error)
{
  if (!is_gateway (a, VNL_GATEWAY_VPN))
    return refuse (error, _("%s is an ExpressRoute gateway: a site-to-site VPN needs a VPN gateway."), a->name);
  if (linked (vnl_history_get_design (history), VNL_KIND_S2S_CONNECTION, a->name, b->name))
    return refuse (error, _("%s is already connected to %s."), a->name, b->name);
  return add_link (history, VNL_KIND_S2S_CONNECTION, a, b, error);
}

/* Rule: VPN gateway ↔ CE router is a site-to-site VPN through an LNG. */
static gpointer
connect_gateway_ce (VnlHistory  *history,
                    VnlObject   *a,
                    VnlObject   *b,
                    GError     **error)
{
  if (!is_gateway (a, VNL_GATEWAY_VPN))
    return refuse (error, _("%s is an ExpressRoute gateway: connect it to a circuit, and the circuit to the CE."), a->name);
  return connect_vpn_ce (history, (VnlGateway *) a, (VnlCe *) b, error);
}

/* Rule: circuit ↔ circuit is Global Reach. */
static gpointer
connect_circuits (VnlHistory  *history,
                  VnlObject   *a,
                  VnlObject   *b,
                  GError     **error)
{
  if (linked (vnl_history_get_design (history), VNL_KIND_GLOBAL_REACH, a->name, b->name))
    return refuse (error, _("%s and %s are already joined by Global Reach."), a->name, b->name);
  return add_link (history, VNL_KIND_GLOBAL_REACH, a, b, error);
}

/* Rule: circuit ↔ CE attaches the first free link of the circuit. */
static gpointer
connect_circuit_ce (VnlHistory  *history,
                    VnlObject   *a,
                    VnlObject   *b,
                    GError     **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  VnlCircuit *circuit = (VnlCircuit *) a;

  for (guint i = 0; i < 2; i++)
    {
      VnlLink *link = vnl_design_lookup_kind (design, circuit->links[i], VNL_KIND_LINK);
      if (link != NULL && g_strcmp0 (link->ce, b->name) == 0)
        return refuse (error, _("%s is already attached to %s."), link->parent.name, b->name);
    }
  for (guint i = 0; i < 2; i++)
    {
      VnlLink *link = vnl_design_lookup_kind (design, circuit->links[i], VNL_KIND_LINK);
      if (link != NULL && link->ce == NULL)
        {
          vnl_history_begin_group (history, _("Attach CE router"));
          vnl_history_set_link_ce (history, link, b->name);
          match_asns (history, circuit, (VnlCe *) b);
          vnl_history_end_group (history);
          return link;
        }
    }
  return refuse (error, _("Both links of %s are already attached to CE routers; delete one first."), a->name);
}

/* Everything else has no Azure meaning: say what to do instead. */
static gpointer
refuse_pair (VnlObject  *a,
             VnlObject  *b,
             GError    **error)
{
  if (b->kind == VNL_KIND_ROUTE_SERVER)
    return refuse (error, _("A route server peers only with network virtual appliances that speak BGP: "
                            "its VNet's gateways it reaches by itself."));
  if (a->kind == VNL_KIND_ENDPOINT || b->kind == VNL_KIND_ENDPOINT)
    return refuse (error, _("Endpoints are not connected by links: place them inside their VNet or site."));
  if (a->kind == VNL_KIND_VNET && b->kind == VNL_KIND_GATEWAY)
    return refuse (error, _("A gateway belongs to its VNet: drop the gateway on the VNet instead."));
  if (a->kind == VNL_KIND_VNET && (b->kind == VNL_KIND_CIRCUIT || b->kind == VNL_KIND_CE ||
                                   b->kind == VNL_KIND_LNG || b->kind == VNL_KIND_SITE))
    return refuse (error, _("A VNet reaches %s through a gateway: add a gateway to %s and connect that."), b->name, a->name);
  if (a->kind == VNL_KIND_CIRCUIT && b->kind == VNL_KIND_LNG)
    return refuse (error, _("A local network gateway is for VPN: connect it to a VPN gateway."));
  if (b->kind == VNL_KIND_SITE || a->kind == VNL_KIND_SITE)
    return refuse (error, _("A site connects through its CE routers: connect a CE router instead."));
  return refuse (error, _("A %s cannot be connected to a %s."), vnl_kind_get_label (a), vnl_kind_get_label (b));
}

/* The rules of a connection, by the kinds of the ordered pair. */
typedef gpointer (*ConnectRule) (VnlHistory  *history,
                                 VnlObject   *a,
                                 VnlObject   *b,
                                 GError     **error);

static const struct
{
  VnlKind     kind_a;
  VnlKind     kind_b;
  ConnectRule rule;
} connect_rules[] = {
  { VNL_KIND_VNET,    VNL_KIND_VNET,    connect_vnets },
  { VNL_KIND_GATEWAY, VNL_KIND_CIRCUIT, connect_gateway_circuit },
  { VNL_KIND_GATEWAY, VNL_KIND_GATEWAY, connect_gateways },
  { VNL_KIND_GATEWAY, VNL_KIND_LNG,     connect_gateway_lng },
  { VNL_KIND_GATEWAY, VNL_KIND_CE,      connect_gateway_ce },
  { VNL_KIND_CIRCUIT, VNL_KIND_CIRCUIT, connect_circuits },
  { VNL_KIND_CIRCUIT, VNL_KIND_CE,      connect_circuit_ce },
};

gpointer
vnl_edit_connect (VnlHistory  *history,
                  gpointer     pa,
                  gpointer     pb,
                  GError     **error)
{
  VnlObject *a = pa, *b = pb;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  /* Rule: a link joins two different nodes. */
  if (a == b)
    return refuse (error, _("%s cannot be connected to itself."), a->name);
  if (!vnl_object_is_node (a) || !vnl_object_is_node (b))
    return refuse (error, _("Only nodes can be connected."));

  /* Order the pair so each rule tests one orientation. */
  if (a->kind > b->kind || (a->kind == b->kind && a->kind == VNL_KIND_GATEWAY &&
                            ((VnlGateway *) a)->type > ((VnlGateway *) b)->type))
    {
      VnlObject *t = a;
      a = b;
      b = t;
    }

  for (guint i = 0; i < G_N_ELEMENTS (connect_rules); i++)
    if (a->kind == connect_rules[i].kind_a && b->kind == connect_rules[i].kind_b)
      return connect_rules[i].rule (history, a, b, error);

  /* Rule: appliance ↔ route server is a BGP peering; CE router ↔
   * appliance is an SD-WAN tunnel (vnl-route-server.c). */
  if (a->kind == VNL_KIND_APPLIANCE && b->kind == VNL_KIND_ROUTE_SERVER)
    return connect_route_server (history, (VnlAppliance *) a, (VnlRouteServer *) b, error);
  if (a->kind == VNL_KIND_CE && b->kind == VNL_KIND_APPLIANCE)
    return connect_sdwan (history, (VnlAppliance *) b, (VnlCe *) a, error);

  /* Rule: a VNet, a site (its CE router), a CE or local network gateway,
   * or a circuit connects to a virtual hub — the VNet directly, the
   * others through the hub's VPN or ExpressRoute gateway. */
  if (b->kind != VNL_KIND_ROUTE_SERVER)
    {
      if (a->kind == VNL_KIND_VIRTUAL_HUB && b->kind != VNL_KIND_VIRTUAL_HUB)
        return connect_hub (history, b, (VnlVirtualHub *) a, error);
      if (b->kind == VNL_KIND_VIRTUAL_HUB)
        return connect_hub (history, a, (VnlVirtualHub *) b, error);
    }
  return refuse_pair (a, b, error);
}

/* The gateway of @type in @hub, or NULL. */
static VnlGateway *
hub_gateway (VnlDesign      *design,
             VnlVirtualHub  *hub,
             VnlGatewayType  type)
{
  g_autoptr(GPtrArray) gateways = vnl_design_get_gateways_of (design, hub->parent.name);

  for (guint i = 0; i < gateways->len; i++)
    if (((VnlGateway *) gateways->pdata[i])->type == type)
      return gateways->pdata[i];
  return NULL;
}

static gpointer
connect_hub (VnlHistory     *history,
             VnlObject      *a,
             VnlVirtualHub  *hub,
             GError        **error)
{
  VnlDesign *design = vnl_history_get_design (history);
  VnlGateway *gw;

  /* A VNet connection ("hub virtual network connection"). */
  if (a->kind == VNL_KIND_VNET)
    {
      g_autofree char *name = NULL;
      VnlHubConnection *conn;
      GPtrArray *conns = vnl_design_get_objects (design, VNL_KIND_HUB_CONNECTION);

      /* "A virtual network can only be connected to one virtual hub at a
       * time" (virtual-wan-faq.md). */
      for (guint i = 0; i < conns->len; i++)
        if (g_strcmp0 (((VnlHubConnection *) conns->pdata[i])->vnet, a->name) == 0)
          return refuse (error, _("%s is already connected to the hub %s: a VNet connects to one hub."),
                         a->name, ((VnlHubConnection *) conns->pdata[i])->hub);
      name = link_name (design, a->name, hub->parent.name);
      conn = vnl_object_new (VNL_KIND_HUB_CONNECTION, name);
      conn->vnet = g_strdup (a->name);
      conn->hub = g_strdup (hub->parent.name);
      return add_or_fail (history, conn, error);
    }
  if (a->kind == VNL_KIND_VIRTUAL_HUB)
    return refuse (error, _("The hubs of a Virtual WAN are connected to each other by Azure: nothing to draw."));

  /* A branch: a site-to-site VPN from the hub's VPN gateway, an
   * ExpressRoute connection from its ExpressRoute gateway. */
  if (a->kind == VNL_KIND_SITE)
    {
      g_autoptr(GPtrArray) ces = vnl_design_get_ces_of (design, a->name);

      if (ces->len == 0)
        return refuse (error, _("%s has no CE router: add one to the site, then connect it to %s."),
                       a->name, hub->parent.name);
      a = ces->pdata[0];
    }
  if (a->kind == VNL_KIND_CE || a->kind == VNL_KIND_LNG)
    {
      if ((gw = hub_gateway (design, hub, VNL_GATEWAY_VPN)) == NULL)
        return refuse (error, _("%s has no VPN gateway: drop a VPN gateway on the hub, then connect again."),
                       hub->parent.name);
      return vnl_edit_connect (history, gw, a, error);
    }
  if (a->kind == VNL_KIND_CIRCUIT)
    {
      if ((gw = hub_gateway (design, hub, VNL_GATEWAY_EXPRESSROUTE)) == NULL)
        return refuse (error, _("%s has no ExpressRoute gateway: drop one on the hub, then connect again."),
                       hub->parent.name);
      return vnl_edit_connect (history, gw, a, error);
    }
  if (a->kind == VNL_KIND_GATEWAY && g_strcmp0 (((VnlGateway *) a)->vnet, hub->parent.name) == 0)
    return refuse (error, _("%s is the hub's own gateway: it is already part of %s."), a->name, hub->parent.name);
  return refuse (error, _("A %s does not connect to a virtual hub: connect a VNet, a site, a CE router or a circuit."),
                 vnl_kind_get_label (a));
}

/* Copies the two links of @circuit for its copy @copy (added to the
 * current step before the circuit, as placing one does). The copies are
 * not attached to a CE router: two circuits cannot share a BGP session. */
static void
duplicate_links (VnlHistory *history,
                 VnlCircuit *circuit,
                 VnlCircuit *copy)
{
  VnlDesign *design = vnl_history_get_design (history);

  for (guint i = 0; i < 2; i++)
    {
      VnlLink *link = vnl_design_lookup_kind (design, circuit->links[i], VNL_KIND_LINK);
      g_autofree char *base = g_strdup_printf ("%s-%s", copy->parent.name, i == 0 ? "primary" : "secondary");
      g_autofree char *name = NULL;
      VnlLink *twin;

      g_clear_pointer (&copy->links[i], g_free);
      if (link == NULL)
        continue;
      name = vnl_design_lookup (design, base) == NULL ? g_strdup (base) : vnl_edit_unique_name (design, base);
      twin = vnl_object_new (VNL_KIND_LINK, name);
      vnl_object_copy_fields (twin, link);
      twin->circuit = g_strdup (copy->parent.name);
      twin->role = link->role;
      twin->parent.up = link->parent.up;
      if (add_or_fail (history, twin, NULL) != NULL)
        copy->links[i] = g_strdup (name);
    }
}

GPtrArray *
vnl_edit_duplicate (VnlHistory *history,
                    GPtrArray  *objects)
{
  VnlDesign *design;
  GPtrArray *copies = g_ptr_array_new ();

  g_return_val_if_fail (VNL_IS_HISTORY (history), copies);

  design = vnl_history_get_design (history);
  vnl_history_begin_group (history, _("Duplicate"));
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      VnlObject *copy;
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) refs = NULL;

      if (!vnl_object_is_node (object))
        continue;
      name = vnl_edit_unique_name (design, object->name);
      copy = vnl_object_new (object->kind, name);
      /* Its settings and the container it belongs to. */
      vnl_object_copy_fields (copy, object);
      /* A circuit owns its two links: they are copied with it. */
      if (object->kind == VNL_KIND_CIRCUIT)
        duplicate_links (history, (VnlCircuit *) object, (VnlCircuit *) copy);
      copy->has_pos = TRUE;
      copy->pos = (VnlPoint) { object->pos.x + 40, object->pos.y + 40 };
      if (add_or_fail (history, copy, NULL) != NULL)
        g_ptr_array_add (copies, copy);
    }
  vnl_history_end_group (history);
  return copies;
}

/* ---------------------------------------------------------------------- */
/* Copy and paste                                                         */

static void
keep (GHashTable *set,
      VnlObject  *object)
{
  if (object != NULL)
    g_hash_table_add (set, object->name);
}

/* What copying @objects takes along: each node with what lives inside it
 * (a VNet's gateways and VMs, a site's CE routers and hosts, a circuit's
 * links), every connection whose two ends are taken, and the locations
 * they are in. */
static GHashTable *
copy_set (VnlDesign *design,
          GPtrArray *objects)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean grew = TRUE;

  for (guint i = 0; i < objects->len; i++)
    keep (set, objects->pdata[i]);

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *all = vnl_design_get_objects (design, k);

      for (guint i = 0; i < all->len; i++)
        {
          VnlObject *object = all->pdata[i];
          const char *owner = vnl_object_get_owner (object);

          if (owner != NULL && g_hash_table_contains (set, owner))
            keep (set, object);
        }
    }

  /* Connections between taken nodes; a site-to-site connection brings its
   * local network gateway, so repeat until nothing more joins. */
  while (grew)
    {
      grew = FALSE;
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          GPtrArray *all = vnl_design_get_objects (design, k);

          for (guint i = 0; i < all->len; i++)
            {
              VnlObject *object = all->pdata[i];
              const char *a, *b;

              if (g_hash_table_contains (set, object->name) || k == VNL_KIND_LINK ||
                  !vnl_object_get_ends (object, &a, &b))
                continue;
              if (k == VNL_KIND_S2S_CONNECTION && g_hash_table_contains (set, a))
                {
                  VnlLng *lng = vnl_design_lookup_kind (design, b, VNL_KIND_LNG);
                  if (lng != NULL && lng->ce != NULL && g_hash_table_contains (set, lng->ce))
                    keep (set, &lng->parent);
                }
              if (g_hash_table_contains (set, a) && g_hash_table_contains (set, b))
                {
                  keep (set, object);
                  grew = TRUE;
                }
            }
        }
    }

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *all = vnl_design_get_objects (design, k);

      for (guint i = 0; i < all->len; i++)
        if (g_hash_table_contains (set, ((VnlObject *) all->pdata[i])->name))
          keep (set, vnl_design_lookup (design, vnl_design_get_location_of (design, all->pdata[i])));
    }

  return set;
}

/* Clears the references that only detach (a circuit link's CE) when what
 * they name is not copied. */
static void
detach_missing (VnlObject  *object,
                GHashTable *set)
{
  for (const VnlField *f = vnl_kind_get_info (object->kind)->fields; f->key != NULL; f++)
    {
      char **value = G_STRUCT_MEMBER_P (object, f->offset);

      if ((f->flags & VNL_FIELD_DETACH) && *value != NULL && !g_hash_table_contains (set, *value))
        g_clear_pointer (value, g_free);
    }
}

/**
 * vnl_edit_copy:
 * @objects: the selection
 *
 * Returns: (transfer full) (nullable): the selection and what it takes along,
 *   as a small .vnetlab document without shared keys
 */
char *
vnl_edit_copy (VnlDesign *design,
               GPtrArray *objects,
               gsize     *length)
{
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(VnlDesign) fragment = NULL;
  g_autofree char *all = NULL;
  gsize all_length = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  if (objects == NULL || objects->len == 0)
    return NULL;

  /* A deep copy through the file format, then only what is taken. */
  set = copy_set (design, objects);
  all = vnl_design_to_data (design, &all_length);
  fragment = vnl_design_load_from_data (all, all_length, "clipboard", NULL);
  if (fragment == NULL)
    return NULL;

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *list = vnl_design_get_objects (fragment, k);

      for (guint i = list->len; i > 0; i--)
        {
          VnlObject *object = list->pdata[i - 1];

          if (!g_hash_table_contains (set, object->name))
            {
              vnl_object_free (vnl_design_remove (fragment, object));
              continue;
            }
          /* Secrets never leave the design, not even for the clipboard. */
          vnl_object_clear_secrets (object);
          /* A link keeps its CE only when the CE comes along. */
          detach_missing (object, set);
        }
    }

  return vnl_design_to_data (fragment, length);
}

/**
 * vnl_edit_paste:
 * @data: a document made by vnl_edit_copy()
 *
 * Adds the objects of @data to the design as one step, renamed where a name
 * is taken and moved by one grid step; locations the design already has
 * are used as they are.
 *
 * Returns: (transfer container) (nullable): the pasted nodes
 */
GPtrArray *
vnl_edit_paste (VnlHistory  *history,
                const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(VnlDesign) fragment = NULL;
  g_autoptr(VnlHistory) renames = NULL;
  VnlDesign *design;
  GPtrArray *pasted;

  g_return_val_if_fail (VNL_IS_HISTORY (history), NULL);

  design = vnl_history_get_design (history);
  fragment = vnl_design_load_from_data (data, length, _("the clipboard"), error);
  if (fragment == NULL)
    return NULL;

  /* Rename inside the fragment first, so its own references follow. */
  renames = vnl_history_new (fragment);
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_copy (vnl_design_get_objects (fragment, k), NULL, NULL);

      /* The copy would inherit the design's free function. */
      g_ptr_array_set_free_func (list, NULL);

      for (guint i = 0; i < list->len; i++)
        {
          VnlObject *object = list->pdata[i];
          g_autofree char *name = NULL;

          if (k == VNL_KIND_LOCATION || vnl_design_lookup (design, object->name) == NULL)
            continue;
          do
            {
              g_free (name);
              name = vnl_edit_unique_name (design, object->name);
            }
          while (vnl_design_lookup (fragment, name) != NULL);
          vnl_history_rename (renames, object, name, NULL);
        }
    }

  pasted = g_ptr_array_new ();
  vnl_history_begin_group (history, _("Paste"));
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_copy (vnl_design_get_objects (fragment, k), NULL, NULL);

      /* The copy would inherit the design's free function. */
      g_ptr_array_set_free_func (list, NULL);

      for (guint i = 0; i < list->len; i++)
        {
          VnlObject *object = list->pdata[i];

          if (k == VNL_KIND_LOCATION && vnl_design_lookup (design, object->name) != NULL)
            continue;
          object = vnl_design_remove (fragment, object);
          if (object->has_pos)
            {
              object->pos.x += 40;
              object->pos.y += 40;
            }
          for (guint b = 0; b < object->bends->len; b++)
            {
              g_array_index (object->bends, VnlPoint, b).x += 40;
              g_array_index (object->bends, VnlPoint, b).y += 40;
            }
          if (!vnl_history_add (history, object, NULL))
            {
              vnl_object_free (object);
              continue;
            }
          if (vnl_object_is_node (object))
            g_ptr_array_add (pasted, object);
        }
    }
  vnl_history_end_group (history);

  return pasted;
}
