/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-design"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file-private.h"
#include "vnl-kinds.h"

G_DEFINE_QUARK (vnl-design-error-quark, vnl_design_error)

struct _VnlDesign
{
  GObject     parent_instance;

  char       *title;                  /* owned, nullable */
  double      default_latency;        /* one-way ms between unrelated locations */
  double      intra_latency;          /* one-way ms inside one location */
  GPtrArray  *objects[VNL_N_KINDS];   /* owned, of objects */
  GPtrArray  *latencies;              /* owned, of VnlLatency* */
  GHashTable *by_name;                /* name (borrowed from object) → object */
  VnlLoadProblems *load_problems;     /* owned, nullable: from the loader */
};

G_DEFINE_FINAL_TYPE (VnlDesign, vnl_design, G_TYPE_OBJECT)

enum {
  OBJECT_ADDED,
  OBJECT_REMOVED,
  OBJECT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
vnl_kind_to_string (VnlKind kind)
{
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  return vnl_kind_get_info (kind)->name;
}

gboolean
vnl_kind_from_string (const char *text,
                      VnlKind    *kind)
{
  for (guint i = 0; i < VNL_N_KINDS; i++)
    if (g_strcmp0 (text, vnl_kind_get_info (i)->name) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
latency_free (VnlLatency *latency)
{
  g_free (latency->a);
  g_free (latency->b);
  g_free (latency);
}

gpointer
vnl_object_new (VnlKind     kind,
                const char *name)
{
  const VnlKindInfo *info;
  VnlObject *object;

  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  info = vnl_kind_get_info (kind);
  object = g_malloc0 (info->size);
  object->kind = kind;
  object->name = g_strdup (name);
  object->up = TRUE;
  object->bends = g_array_new (FALSE, FALSE, sizeof (VnlPoint));
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    if (f->type == VNL_FIELD_PREFIXES)
      *(GArray **) G_STRUCT_MEMBER_P (object, f->offset) = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
  if (info->init != NULL)
    info->init (object);

  return object;
}

void
vnl_object_free (gpointer data)
{
  VnlObject *object = data;
  const VnlKindInfo *info;

  if (object == NULL)
    return;

  info = vnl_kind_get_info (object->kind);
  if (info->finalize != NULL)
    info->finalize (object);
  for (const VnlField *f = info->fields; f->key != NULL; f++)
    {
      gpointer value = G_STRUCT_MEMBER_P (object, f->offset);

      if (f->type == VNL_FIELD_STRING)
        g_free (*(char **) value);
      else if (f->type == VNL_FIELD_PREFIXES)
        g_clear_pointer ((GArray **) value, g_array_unref);
    }

  g_array_unref (object->bends);
  g_free (object->name);
  g_free (object);
}

static void
vnl_design_finalize (GObject *object)
{
  VnlDesign *self = (VnlDesign *) object;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  for (guint i = 0; i < VNL_N_KINDS; i++)
    g_clear_pointer (&self->objects[i], g_ptr_array_unref);
  g_clear_pointer (&self->latencies, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->load_problems, _vnl_load_problems_free);

  G_OBJECT_CLASS (vnl_design_parent_class)->finalize (object);
}

static void
forget_load_problems (VnlDesign *self,
                      gpointer   object,
                      gpointer   user_data)
{
  _vnl_load_problems_forget (self->load_problems, object);
}

void
_vnl_design_set_load_problems (VnlDesign       *self,
                               VnlLoadProblems *problems)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  g_return_if_fail (self->load_problems == NULL);

  self->load_problems = problems;
  g_signal_connect (self, "object-changed", G_CALLBACK (forget_load_problems), NULL);
  g_signal_connect (self, "object-removed", G_CALLBACK (forget_load_problems), NULL);
}

VnlLoadProblems *
_vnl_design_load_problems (VnlDesign *self)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  return self->load_problems;
}

static void
vnl_design_class_init (VnlDesignClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnl_design_finalize;

  /**
   * VnlDesign::object-added:
   * @object: (type gpointer): the object now in the design
   */
  signals[OBJECT_ADDED] =
    g_signal_new ("object-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * VnlDesign::object-removed:
   * @object: (type gpointer): the object, no longer in the design and
   *   still valid while the signal runs
   */
  signals[OBJECT_REMOVED] =
    g_signal_new ("object-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * VnlDesign::object-changed:
   * @object: (type gpointer): the changed object
   *
   * Detailed "layout" when only where the object is drawn changed.
   */
  signals[OBJECT_CHANGED] =
    g_signal_new ("object-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vnl_design_init (VnlDesign *self)
{
  for (guint i = 0; i < VNL_N_KINDS; i++)
    self->objects[i] = g_ptr_array_new_with_free_func (vnl_object_free);
  self->latencies = g_ptr_array_new_with_free_func ((GDestroyNotify) latency_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->default_latency = 20.0;
  self->intra_latency = 0.1;
}

VnlDesign *
vnl_design_new (void)
{
  return g_object_new (VNL_TYPE_DESIGN, NULL);
}

const char *
vnl_design_get_title (VnlDesign *self)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  return self->title;
}

void
vnl_design_set_title (VnlDesign  *self,
                      const char *title)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
}

double
vnl_design_get_default_latency (VnlDesign *self)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), 0);
  return self->default_latency;
}

void
vnl_design_set_default_latency (VnlDesign *self,
                                double     ms)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  self->default_latency = ms;
}

double
vnl_design_get_intra_latency (VnlDesign *self)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), 0);
  return self->intra_latency;
}

void
vnl_design_set_intra_latency (VnlDesign *self,
                              double     ms)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  self->intra_latency = ms;
}

GPtrArray *
vnl_design_get_objects (VnlDesign *self,
                        VnlKind    kind)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  return self->objects[kind];
}

GPtrArray *
vnl_design_get_latencies (VnlDesign *self)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  return self->latencies;
}

gpointer
vnl_design_lookup (VnlDesign  *self,
                   const char *name)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_name, name);
}

gpointer
vnl_design_lookup_kind (VnlDesign  *self,
                        const char *name,
                        VnlKind     kind)
{
  VnlObject *object = vnl_design_lookup (self, name);

  if (object == NULL || object->kind != kind)
    return NULL;
  return object;
}

guint
vnl_design_count (VnlDesign *self)
{
  guint n = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (self), 0);
  for (guint i = 0; i < VNL_N_KINDS; i++)
    n += self->objects[i]->len;
  return n;
}

gboolean
_vnl_design_names_unique (VnlDesign *self)
{
  /* The index holds each name of the design once: as many names as
   * objects means no object shares its name. */
  return g_hash_table_size (self->by_name) == vnl_design_count (self);
}

void
_vnl_design_add_unchecked (VnlDesign *self,
                           gpointer   data)
{
  VnlObject *object = data;

  g_ptr_array_add (self->objects[object->kind], object);
  if (!g_hash_table_contains (self->by_name, object->name))
    g_hash_table_insert (self->by_name, object->name, object);
  g_signal_emit (self, signals[OBJECT_ADDED], 0, object);
}

gboolean
vnl_design_add (VnlDesign  *self,
                gpointer    data,
                GError    **error)
{
  VnlObject *object = data;

  g_return_val_if_fail (VNL_IS_DESIGN (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_hash_table_contains (self->by_name, object->name))
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME,
                   _("the name “%s” is already used"), object->name);
      return FALSE;
    }

  _vnl_design_add_unchecked (self, object);
  return TRUE;
}

gpointer
vnl_design_remove (VnlDesign *self,
                   gpointer   data)
{
  VnlObject *object = data;
  GPtrArray *array;
  guint index;

  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  array = self->objects[object->kind];
  if (!g_ptr_array_find (array, object, &index))
    return NULL;

  g_ptr_array_steal_index (array, index);
  if (g_hash_table_lookup (self->by_name, object->name) == object)
    {
      g_hash_table_remove (self->by_name, object->name);
      /* A duplicate kept by the loader takes over the name. */
      for (guint k = 0; k < VNL_N_KINDS; k++)
        for (guint i = 0; i < self->objects[k]->len; i++)
          {
            VnlObject *other = self->objects[k]->pdata[i];
            if (g_str_equal (other->name, object->name))
              {
                g_hash_table_insert (self->by_name, other->name, other);
                goto done;
              }
          }
    }
done:
  g_signal_emit (self, signals[OBJECT_REMOVED], 0, object);
  return object;
}

gboolean
vnl_design_rename (VnlDesign   *self,
                   gpointer     data,
                   const char  *new_name,
                   GError     **error)
{
  VnlObject *object = data;

  g_return_val_if_fail (VNL_IS_DESIGN (self), FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  if (g_str_equal (object->name, new_name))
    return TRUE;

  if (g_hash_table_contains (self->by_name, new_name))
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_DUPLICATE_NAME,
                   _("the name “%s” is already used"), new_name);
      return FALSE;
    }

  if (*new_name == '\0')
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   _("a name cannot be empty"));
      return FALSE;
    }

  if (g_hash_table_lookup (self->by_name, object->name) == object)
    g_hash_table_remove (self->by_name, object->name);
  g_free (object->name);
  object->name = g_strdup (new_name);
  g_hash_table_insert (self->by_name, object->name, object);
  g_signal_emit (self, signals[OBJECT_CHANGED], 0, object);

  return TRUE;
}

void
vnl_design_set_up (VnlDesign *self,
                   gpointer   data,
                   gboolean   up)
{
  VnlObject *object = data;

  g_return_if_fail (VNL_IS_DESIGN (self));

  up = !!up;
  if (object->up == up)
    return;
  object->up = up;
  g_signal_emit (self, signals[OBJECT_CHANGED], 0, object);
}

void
vnl_design_move (VnlDesign *self,
                 gpointer   data,
                 double     x,
                 double     y)
{
  VnlObject *object = data;

  g_return_if_fail (VNL_IS_DESIGN (self));

  if (object->has_pos && object->pos.x == x && object->pos.y == y)
    return;
  object->has_pos = TRUE;
  object->pos.x = x;
  object->pos.y = y;
  vnl_design_changed_layout (self, object);
}

void
vnl_design_changed_layout (VnlDesign *self,
                           gpointer   object)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  g_signal_emit (self, signals[OBJECT_CHANGED], g_quark_from_static_string ("layout"), object);
}

gboolean
vnl_design_change_is_layout (VnlDesign *self)
{
  GSignalInvocationHint *hint;

  g_return_val_if_fail (VNL_IS_DESIGN (self), FALSE);

  hint = g_signal_get_invocation_hint (self);
  return hint != NULL && hint->signal_id == signals[OBJECT_CHANGED] &&
         hint->detail == g_quark_try_string ("layout") && hint->detail != 0;
}

void
vnl_design_changed (VnlDesign *self,
                    gpointer   object)
{
  g_return_if_fail (VNL_IS_DESIGN (self));
  g_signal_emit (self, signals[OBJECT_CHANGED], 0, object);
}

void
vnl_design_add_latency (VnlDesign  *self,
                        const char *a,
                        const char *b,
                        double      ms)
{
  VnlLatency *latency;

  g_return_if_fail (VNL_IS_DESIGN (self));

  for (guint i = 0; i < self->latencies->len; i++)
    {
      latency = self->latencies->pdata[i];
      if ((g_str_equal (latency->a, a) && g_str_equal (latency->b, b)) ||
          (g_str_equal (latency->a, b) && g_str_equal (latency->b, a)))
        {
          latency->ms = ms;
          return;
        }
    }

  latency = g_new0 (VnlLatency, 1);
  latency->a = g_strdup (a);
  latency->b = g_strdup (b);
  latency->ms = ms;
  g_ptr_array_add (self->latencies, latency);
}

double
vnl_design_latency (VnlDesign  *self,
                    const char *a,
                    const char *b)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), 0);

  if (a == NULL || b == NULL)
    return self->default_latency;

  if (g_str_equal (a, b))
    {
      VnlLocation *location = vnl_design_lookup_kind (self, a, VNL_KIND_LOCATION);
      if (location != NULL && location->intra_ms >= 0)
        return location->intra_ms;
      return self->intra_latency;
    }

  for (guint i = 0; i < self->latencies->len; i++)
    {
      VnlLatency *latency = self->latencies->pdata[i];
      if ((g_str_equal (latency->a, a) && g_str_equal (latency->b, b)) ||
          (g_str_equal (latency->a, b) && g_str_equal (latency->b, a)))
        return latency->ms;
    }

  return self->default_latency;
}

VnlEndpoint *
vnl_design_find_endpoint (VnlDesign  *self,
                          const char *name_or_address)
{
  GPtrArray *endpoints;
  guint32 addr;
  VnlEndpoint *ep;

  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);

  if ((ep = vnl_design_lookup_kind (self, name_or_address, VNL_KIND_ENDPOINT)))
    return ep;

  if (!vnl_ip_parse (name_or_address, &addr))
    return NULL;

  endpoints = self->objects[VNL_KIND_ENDPOINT];
  for (guint i = 0; i < endpoints->len; i++)
    {
      ep = endpoints->pdata[i];
      if (ep->address == addr)
        return ep;
    }

  return NULL;
}

const char *
vnl_design_get_location_of (VnlDesign *self,
                            gpointer   data)
{
  VnlObject *object = data;

  if (object == NULL)
    return NULL;

  switch (object->kind)
    {
    case VNL_KIND_LOCATION:
      return object->name;
    case VNL_KIND_VNET:
      return ((VnlVnet *) object)->location;
    case VNL_KIND_SITE:
      return ((VnlSite *) object)->location;
    case VNL_KIND_LNG:
      return ((VnlLng *) object)->location;
    case VNL_KIND_CIRCUIT:
      return ((VnlCircuit *) object)->peering_location;
    case VNL_KIND_ENDPOINT:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlEndpoint *) object)->owner));
    case VNL_KIND_GATEWAY:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlGateway *) object)->vnet));
    case VNL_KIND_APPLIANCE:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlAppliance *) object)->vnet));
    case VNL_KIND_FIREWALL:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlFirewall *) object)->vnet));
    case VNL_KIND_ROUTE_SERVER:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlRouteServer *) object)->vnet));
    case VNL_KIND_CE:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlCe *) object)->site));
    case VNL_KIND_LINK:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlLink *) object)->circuit));
    case VNL_KIND_VIRTUAL_HUB:
      return ((VnlVirtualHub *) object)->location;
    case VNL_KIND_HUB_ROUTE_TABLE:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlHubRouteTable *) object)->hub));
    case VNL_KIND_VIRTUAL_WAN:
    case VNL_KIND_HUB_CONNECTION:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_KIND_ROUTE_TABLE:
    case VNL_KIND_NSG:
    case VNL_KIND_RS_PEERING:
    case VNL_KIND_SDWAN_TUNNEL:
    case VNL_N_KINDS:
    default:
      return NULL;
    }
}

static GPtrArray *
filter_by_owner (GPtrArray  *array,
                 gsize       owner_offset,
                 const char *owner)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < array->len; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, array->pdata[i], owner_offset);
      if (g_strcmp0 (value, owner) == 0)
        g_ptr_array_add (result, array->pdata[i]);
    }

  return result;
}

GPtrArray *
vnl_design_get_gateways_of (VnlDesign  *self,
                            const char *vnet)
{
  return filter_by_owner (self->objects[VNL_KIND_GATEWAY], G_STRUCT_OFFSET (VnlGateway, vnet), vnet);
}

GPtrArray *
vnl_design_get_endpoints_of (VnlDesign  *self,
                             const char *owner)
{
  return filter_by_owner (self->objects[VNL_KIND_ENDPOINT], G_STRUCT_OFFSET (VnlEndpoint, owner), owner);
}

GPtrArray *
vnl_design_get_ces_of (VnlDesign  *self,
                       const char *site)
{
  return filter_by_owner (self->objects[VNL_KIND_CE], G_STRUCT_OFFSET (VnlCe, site), site);
}

/**
 * vnl_design_get_down_names:
 *
 * Returns: (transfer full): the names of the objects that are down
 */
GStrv
vnl_design_get_down_names (VnlDesign *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VNL_IS_DESIGN (self), NULL);

  for (guint k = 0; k < VNL_N_KINDS; k++)
    for (guint i = 0; i < self->objects[k]->len; i++)
      {
        VnlObject *object = self->objects[k]->pdata[i];
        if (!object->up)
          g_strv_builder_add (builder, object->name);
      }
  return g_strv_builder_end (builder);
}

/**
 * vnl_design_lookup_instance:
 * @name: "GATEWAY/N"
 *
 * Finds instance N (counted from 0, as Azure numbers a gateway's
 * instances IN_0 and IN_1) of the gateway named GATEWAY. An object whose
 * own name contains a slash is found by vnl_design_lookup() first.
 *
 * Returns: TRUE when @name names an instance the gateway has
 */
gboolean
vnl_design_lookup_instance (VnlDesign   *self,
                            const char  *name,
                            VnlGateway **gateway,
                            guint       *index)
{
  const char *slash;
  g_autofree char *gw_name = NULL;
  VnlGateway *found;
  guint64 n;

  g_return_val_if_fail (VNL_IS_DESIGN (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((slash = strrchr (name, '/')) == NULL ||
      !g_ascii_string_to_unsigned (slash + 1, 10, 0, G_MAXUINT, &n, NULL))
    return FALSE;
  gw_name = g_strndup (name, slash - name);
  found = vnl_design_lookup_kind (self, gw_name, VNL_KIND_GATEWAY);
  if (found == NULL || n >= found->instances->len)
    return FALSE;
  if (gateway != NULL)
    *gateway = found;
  if (index != NULL)
    *index = (guint) n;
  return TRUE;
}

/* What --down, a scenario and the what-if may name: an object, or a
 * gateway instance. */
gboolean
vnl_design_can_take_down (VnlDesign  *self,
                          const char *name)
{
  g_return_val_if_fail (VNL_IS_DESIGN (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return vnl_design_lookup (self, name) != NULL ||
         vnl_design_lookup_instance (self, name, NULL, NULL);
}

guint32
vnl_gateway_get_instance_apipa (const VnlGateway *gateway,
                                guint             index)
{
  g_return_val_if_fail (gateway != NULL, 0);

  return index < gateway->instance_apipa->len ? g_array_index (gateway->instance_apipa, guint32, index) : 0;
}

/* The address instance @index of a gateway speaks BGP from towards a peer
 * whose BGP address is @peer (bgp-howto.md): "By default, Azure assigns a
 * private IP address from the GatewaySubnet prefix range automatically as
 * the Azure BGP IP address", one per instance of an active-active gateway
 * (which shows "default, and APIPA BGP IP addresses of the second Azure VPN
 * gateway instance"); "Azure VPN Gateway will choose the custom APIPA
 * address if the corresponding local network gateway resource ... has an
 * APIPA address as the BGP peer IP", and reverts to the private address
 * otherwise. An active-standby gateway has one BGP address for both. */
guint32
vnl_gateway_get_bgp_address (const VnlGateway *gateway,
                             guint             index,
                             guint32           peer)
{
  static const VnlPrefix apipa = { 0xa9fe0000u, 16 };  /* 169.254.0.0/16 */
  guint32 custom;

  g_return_val_if_fail (gateway != NULL, 0);

  custom = vnl_gateway_get_instance_apipa (gateway, index);
  if (custom != 0 && peer != 0 && vnl_prefix_contains_ip (&apipa, peer))
    return custom;
  if (gateway->active_active && index < gateway->instances->len)
    return g_array_index (gateway->instances, guint32, index);
  return gateway->bgp_address;
}
