/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-design"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-design.h"

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
};

G_DEFINE_FINAL_TYPE (VnlDesign, vnl_design, G_TYPE_OBJECT)

enum {
  OBJECT_ADDED,
  OBJECT_REMOVED,
  OBJECT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *name;
  gsize       size;
} kind_info[VNL_N_KINDS] = {
  [VNL_KIND_LOCATION]       = { "location",                 sizeof (VnlLocation) },
  [VNL_KIND_VNET]           = { "vnet",                     sizeof (VnlVnet) },
  [VNL_KIND_ENDPOINT]       = { "endpoint",                 sizeof (VnlEndpoint) },
  [VNL_KIND_GATEWAY]        = { "gateway",                  sizeof (VnlGateway) },
  [VNL_KIND_CIRCUIT]        = { "circuit",                  sizeof (VnlCircuit) },
  [VNL_KIND_LINK]           = { "link",                     sizeof (VnlLink) },
  [VNL_KIND_SITE]           = { "site",                     sizeof (VnlSite) },
  [VNL_KIND_CE]             = { "ce",                       sizeof (VnlCe) },
  [VNL_KIND_LNG]            = { "local-network-gateway",    sizeof (VnlLng) },
  [VNL_KIND_ER_CONNECTION]  = { "expressroute-connection",  sizeof (VnlErConnection) },
  [VNL_KIND_GLOBAL_REACH]   = { "global-reach",             sizeof (VnlGlobalReach) },
  [VNL_KIND_S2S_CONNECTION] = { "s2s-connection",           sizeof (VnlS2sConnection) },
  [VNL_KIND_V2V_CONNECTION] = { "vnet-to-vnet-connection",  sizeof (VnlV2vConnection) },
  [VNL_KIND_PEERING]        = { "peering",                  sizeof (VnlPeering) },
};

const char *
vnl_kind_to_string (VnlKind kind)
{
  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  return kind_info[kind].name;
}

gboolean
vnl_kind_from_string (const char *text,
                      VnlKind    *kind)
{
  for (guint i = 0; i < VNL_N_KINDS; i++)
    if (g_strcmp0 (text, kind_info[i].name) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
site_hop_free (VnlSiteHop *hop)
{
  g_free (hop->name);
  g_free (hop);
}

static void
subnet_free (VnlSubnet *subnet)
{
  g_free (subnet->name);
  g_free (subnet);
}

static void
ce_policy_free (VnlCePolicy *policy)
{
  g_free (policy->peer);
  g_clear_pointer (&policy->export_prefixes, g_array_unref);
  g_free (policy);
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
  VnlObject *object;

  g_return_val_if_fail (kind < VNL_N_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  object = g_malloc0 (kind_info[kind].size);
  object->kind = kind;
  object->name = g_strdup (name);
  object->up = TRUE;
  object->bends = g_array_new (FALSE, FALSE, sizeof (VnlPoint));

  switch (kind)
    {
    case VNL_KIND_LOCATION:
      ((VnlLocation *) object)->intra_ms = -1;
      break;

    case VNL_KIND_VNET:
      {
        VnlVnet *vnet = (VnlVnet *) object;
        vnet->address_spaces = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
        vnet->subnets = g_ptr_array_new_with_free_func ((GDestroyNotify) subnet_free);
      }
      break;

    case VNL_KIND_GATEWAY:
      {
        VnlGateway *gw = (VnlGateway *) object;
        gw->asn = VNL_AZURE_DEFAULT_ASN;
        gw->instances = g_array_new (FALSE, FALSE, sizeof (guint32));
      }
      break;

    case VNL_KIND_CIRCUIT:
      ((VnlCircuit *) object)->microsoft_asn = VNL_MICROSOFT_ASN;
      break;

    case VNL_KIND_SITE:
      {
        VnlSite *site = (VnlSite *) object;
        site->prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
        site->hops = g_ptr_array_new_with_free_func ((GDestroyNotify) site_hop_free);
      }
      break;

    case VNL_KIND_CE:
      {
        VnlCe *ce = (VnlCe *) object;
        ce->maximum_paths = 1;
        ce->policies = g_ptr_array_new_with_free_func ((GDestroyNotify) ce_policy_free);
      }
      break;

    case VNL_KIND_LNG:
      ((VnlLng *) object)->prefixes = g_array_new (FALSE, FALSE, sizeof (VnlPrefix));
      break;

    case VNL_KIND_S2S_CONNECTION:
      ((VnlS2sConnection *) object)->bgp = TRUE;
      ((VnlS2sConnection *) object)->ike_version = 2;
      break;

    case VNL_KIND_V2V_CONNECTION:
      ((VnlV2vConnection *) object)->bgp = TRUE;
      break;

    case VNL_KIND_PEERING:
      {
        VnlPeering *peering = (VnlPeering *) object;
        for (guint i = 0; i < 2; i++)
          {
            peering->side[i].allow_virtual_network_access = TRUE;
            peering->side[i].allow_forwarded_traffic = FALSE;
          }
      }
      break;

    case VNL_KIND_ENDPOINT:
    case VNL_KIND_LINK:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_N_KINDS:
    default:
      break;
    }

  return object;
}

void
vnl_object_free (gpointer data)
{
  VnlObject *object = data;

  if (object == NULL)
    return;

  switch (object->kind)
    {
    case VNL_KIND_LOCATION:
      g_free (((VnlLocation *) object)->display_name);
      break;

    case VNL_KIND_VNET:
      {
        VnlVnet *vnet = data;
        g_free (vnet->location);
        g_array_unref (vnet->address_spaces);
        g_ptr_array_unref (vnet->subnets);
      }
      break;

    case VNL_KIND_ENDPOINT:
      g_free (((VnlEndpoint *) object)->owner);
      break;

    case VNL_KIND_GATEWAY:
      {
        VnlGateway *gw = data;
        g_free (gw->vnet);
        g_free (gw->sku);
        g_array_unref (gw->instances);
      }
      break;

    case VNL_KIND_CIRCUIT:
      {
        VnlCircuit *circuit = data;
        g_free (circuit->provider);
        g_free (circuit->peering_location);
        g_free (circuit->links[0]);
        g_free (circuit->links[1]);
      }
      break;

    case VNL_KIND_LINK:
      g_free (((VnlLink *) object)->circuit);
      g_free (((VnlLink *) object)->ce);
      break;

    case VNL_KIND_SITE:
      {
        VnlSite *site = data;
        g_free (site->location);
        g_array_unref (site->prefixes);
        g_ptr_array_unref (site->hops);
      }
      break;

    case VNL_KIND_CE:
      g_free (((VnlCe *) object)->site);
      g_ptr_array_unref (((VnlCe *) object)->policies);
      break;

    case VNL_KIND_LNG:
      g_free (((VnlLng *) object)->location);
      g_free (((VnlLng *) object)->ce);
      g_array_unref (((VnlLng *) object)->prefixes);
      break;

    case VNL_KIND_ER_CONNECTION:
      g_free (((VnlErConnection *) object)->gateway);
      g_free (((VnlErConnection *) object)->circuit);
      break;

    case VNL_KIND_GLOBAL_REACH:
      g_free (((VnlGlobalReach *) object)->circuit_a);
      g_free (((VnlGlobalReach *) object)->circuit_b);
      break;

    case VNL_KIND_S2S_CONNECTION:
      g_free (((VnlS2sConnection *) object)->gateway);
      g_free (((VnlS2sConnection *) object)->lng);
      g_free (((VnlS2sConnection *) object)->shared_key);
      break;

    case VNL_KIND_V2V_CONNECTION:
      g_free (((VnlV2vConnection *) object)->gateway_a);
      g_free (((VnlV2vConnection *) object)->gateway_b);
      g_free (((VnlV2vConnection *) object)->shared_key);
      break;

    case VNL_KIND_PEERING:
      g_free (((VnlPeering *) object)->vnet_a);
      g_free (((VnlPeering *) object)->vnet_b);
      break;

    case VNL_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  g_array_unref (object->bends);
  g_free (object->name);
  g_free (object);
}

static void
add_ref (GPtrArray  *refs,
         const char *name)
{
  if (name != NULL)
    g_ptr_array_add (refs, (gpointer) name);
}

/**
 * vnl_object_get_references:
 * @object: a design object
 *
 * Returns: (transfer container): the names @object refers to; the strings
 *   are borrowed from @object.
 */
GPtrArray *
vnl_object_get_references (gpointer data)
{
  VnlObject *object = data;
  GPtrArray *refs = g_ptr_array_new ();

  switch (object->kind)
    {
    case VNL_KIND_VNET:
      add_ref (refs, ((VnlVnet *) object)->location);
      break;
    case VNL_KIND_ENDPOINT:
      add_ref (refs, ((VnlEndpoint *) object)->owner);
      break;
    case VNL_KIND_GATEWAY:
      add_ref (refs, ((VnlGateway *) object)->vnet);
      break;
    case VNL_KIND_CIRCUIT:
      add_ref (refs, ((VnlCircuit *) object)->peering_location);
      add_ref (refs, ((VnlCircuit *) object)->links[0]);
      add_ref (refs, ((VnlCircuit *) object)->links[1]);
      break;
    case VNL_KIND_LINK:
      add_ref (refs, ((VnlLink *) object)->circuit);
      add_ref (refs, ((VnlLink *) object)->ce);
      break;
    case VNL_KIND_SITE:
      add_ref (refs, ((VnlSite *) object)->location);
      break;
    case VNL_KIND_CE:
      {
        VnlCe *ce = data;
        add_ref (refs, ce->site);
        for (guint i = 0; i < ce->policies->len; i++)
          add_ref (refs, ((VnlCePolicy *) ce->policies->pdata[i])->peer);
      }
      break;
    case VNL_KIND_LNG:
      add_ref (refs, ((VnlLng *) object)->location);
      add_ref (refs, ((VnlLng *) object)->ce);
      break;
    case VNL_KIND_ER_CONNECTION:
      add_ref (refs, ((VnlErConnection *) object)->gateway);
      add_ref (refs, ((VnlErConnection *) object)->circuit);
      break;
    case VNL_KIND_GLOBAL_REACH:
      add_ref (refs, ((VnlGlobalReach *) object)->circuit_a);
      add_ref (refs, ((VnlGlobalReach *) object)->circuit_b);
      break;
    case VNL_KIND_S2S_CONNECTION:
      add_ref (refs, ((VnlS2sConnection *) object)->gateway);
      add_ref (refs, ((VnlS2sConnection *) object)->lng);
      break;
    case VNL_KIND_V2V_CONNECTION:
      add_ref (refs, ((VnlV2vConnection *) object)->gateway_a);
      add_ref (refs, ((VnlV2vConnection *) object)->gateway_b);
      break;
    case VNL_KIND_PEERING:
      add_ref (refs, ((VnlPeering *) object)->vnet_a);
      add_ref (refs, ((VnlPeering *) object)->vnet_b);
      break;
    case VNL_KIND_LOCATION:
    case VNL_N_KINDS:
    default:
      break;
    }

  return refs;
}

gboolean
vnl_object_is_node (gpointer data)
{
  switch (((VnlObject *) data)->kind)
    {
    case VNL_KIND_VNET:
    case VNL_KIND_ENDPOINT:
    case VNL_KIND_GATEWAY:
    case VNL_KIND_CIRCUIT:
    case VNL_KIND_SITE:
    case VNL_KIND_CE:
    case VNL_KIND_LNG:
      return TRUE;
    case VNL_KIND_LOCATION:
    case VNL_KIND_LINK:
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
    case VNL_N_KINDS:
    default:
      return FALSE;
    }
}

gboolean
vnl_object_get_ends (gpointer     data,
                     const char **a,
                     const char **b)
{
  VnlObject *object = data;
  const char *x = NULL;
  const char *y = NULL;

  switch (object->kind)
    {
    case VNL_KIND_LINK:
      x = ((VnlLink *) object)->circuit;
      y = ((VnlLink *) object)->ce;
      break;
    case VNL_KIND_ER_CONNECTION:
      x = ((VnlErConnection *) object)->gateway;
      y = ((VnlErConnection *) object)->circuit;
      break;
    case VNL_KIND_GLOBAL_REACH:
      x = ((VnlGlobalReach *) object)->circuit_a;
      y = ((VnlGlobalReach *) object)->circuit_b;
      break;
    case VNL_KIND_S2S_CONNECTION:
      x = ((VnlS2sConnection *) object)->gateway;
      y = ((VnlS2sConnection *) object)->lng;
      break;
    case VNL_KIND_V2V_CONNECTION:
      x = ((VnlV2vConnection *) object)->gateway_a;
      y = ((VnlV2vConnection *) object)->gateway_b;
      break;
    case VNL_KIND_PEERING:
      x = ((VnlPeering *) object)->vnet_a;
      y = ((VnlPeering *) object)->vnet_b;
      break;
    case VNL_KIND_LOCATION:
    case VNL_KIND_VNET:
    case VNL_KIND_ENDPOINT:
    case VNL_KIND_GATEWAY:
    case VNL_KIND_CIRCUIT:
    case VNL_KIND_SITE:
    case VNL_KIND_CE:
    case VNL_KIND_LNG:
    case VNL_N_KINDS:
    default:
      return FALSE;
    }

  if (a != NULL)
    *a = x;
  if (b != NULL)
    *b = y;

  return x != NULL && y != NULL;
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

  G_OBJECT_CLASS (vnl_design_parent_class)->finalize (object);
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
    case VNL_KIND_CE:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlCe *) object)->site));
    case VNL_KIND_LINK:
      return vnl_design_get_location_of (self, vnl_design_lookup (self, ((VnlLink *) object)->circuit));
    case VNL_KIND_ER_CONNECTION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_KIND_S2S_CONNECTION:
    case VNL_KIND_V2V_CONNECTION:
    case VNL_KIND_PEERING:
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
