/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-properties"

#include "config.h"

#include <glib/gi18n.h>
#include <stddef.h>

#include "vnl-properties.h"

#define P(type, field) offsetof (type, field)

static const VnlProperty vnet_props[] = {
  { "location", N_("Location"), VNL_PROPERTY_TEXT, TRUE, P (VnlVnet, location), 0, 0, { 0 }, N_("Azure region of the VNet") },
  { "address-spaces", N_("Address spaces"), VNL_PROPERTY_PREFIXES, FALSE, P (VnlVnet, address_spaces), 0, 0, { 0 }, N_("Comma-separated prefixes, e.g. 10.1.0.0/16") },
  { NULL }
};

static const VnlProperty endpoint_props[] = {
  { "address", N_("Address"), VNL_PROPERTY_IP, FALSE, P (VnlEndpoint, address), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty gateway_props[] = {
  { "type", N_("Type"), VNL_PROPERTY_CHOICE, FALSE, P (VnlGateway, type), 0, 0, { "vpn", "expressroute" }, NULL },
  { "sku", N_("SKU"), VNL_PROPERTY_TEXT, TRUE, P (VnlGateway, sku), 0, 0, { 0 }, NULL },
  { "asn", N_("ASN"), VNL_PROPERTY_UINT, FALSE, P (VnlGateway, asn), 1, G_MAXUINT32, { 0 }, NULL },
  { "bgp-address", N_("BGP address"), VNL_PROPERTY_IP, TRUE, P (VnlGateway, bgp_address), 0, 0, { 0 }, NULL },
  { "public-address", N_("Public address"), VNL_PROPERTY_IP, TRUE, P (VnlGateway, public_address), 0, 0, { 0 }, NULL },
  { "active-active", N_("Active-active"), VNL_PROPERTY_BOOL, FALSE, P (VnlGateway, active_active), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty circuit_props[] = {
  { "provider", N_("Provider"), VNL_PROPERTY_TEXT, TRUE, P (VnlCircuit, provider), 0, 0, { 0 }, NULL },
  { "peering-location", N_("Peering location"), VNL_PROPERTY_TEXT, TRUE, P (VnlCircuit, peering_location), 0, 0, { 0 }, NULL },
  { "bandwidth-mbps", N_("Bandwidth (Mbps)"), VNL_PROPERTY_UINT, FALSE, P (VnlCircuit, bandwidth_mbps), 50, 100000, { 0 }, NULL },
  { "sku", N_("SKU"), VNL_PROPERTY_CHOICE, FALSE, P (VnlCircuit, sku), 0, 0, { "standard", "premium" }, NULL },
  { "peer-asn", N_("Peer ASN"), VNL_PROPERTY_UINT, FALSE, P (VnlCircuit, peer_asn), 1, G_MAXUINT32, { 0 }, NULL },
  { "vlan", N_("VLAN"), VNL_PROPERTY_UINT, FALSE, P (VnlCircuit, vlan), 1, 4094, { 0 }, NULL },
  { NULL }
};

static const VnlProperty link_props[] = {
  { "subnet", N_("Subnet (/30)"), VNL_PROPERTY_PREFIXES, FALSE, P (VnlLink, subnet), 0, 0, { 0 }, NULL },
  { "ce-address", N_("CE address"), VNL_PROPERTY_IP, TRUE, P (VnlLink, ce_address), 0, 0, { 0 }, NULL },
  { "msee-address", N_("MSEE address"), VNL_PROPERTY_IP, TRUE, P (VnlLink, msee_address), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty site_props[] = {
  { "location", N_("Location"), VNL_PROPERTY_TEXT, TRUE, P (VnlSite, location), 0, 0, { 0 }, NULL },
  { "prefixes", N_("Prefixes"), VNL_PROPERTY_PREFIXES, FALSE, P (VnlSite, prefixes), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty ce_props[] = {
  { "asn", N_("ASN"), VNL_PROPERTY_UINT, FALSE, P (VnlCe, asn), 1, G_MAXUINT32, { 0 }, NULL },
  { "lan-address", N_("LAN address"), VNL_PROPERTY_IP, TRUE, P (VnlCe, lan_address), 0, 0, { 0 }, NULL },
  { "tunnel-address", N_("Tunnel address"), VNL_PROPERTY_IP, TRUE, P (VnlCe, tunnel_address), 0, 0, { 0 }, NULL },
  { "public-address", N_("Public address"), VNL_PROPERTY_IP, TRUE, P (VnlCe, public_address), 0, 0, { 0 }, NULL },
  { "maximum-paths", N_("Maximum paths"), VNL_PROPERTY_UINT, FALSE, P (VnlCe, maximum_paths), 1, 64, { 0 }, NULL },
  { NULL }
};

static const VnlProperty lng_props[] = {
  { "public-address", N_("Public address"), VNL_PROPERTY_IP, FALSE, P (VnlLng, public_address), 0, 0, { 0 }, NULL },
  { "prefixes", N_("Prefixes"), VNL_PROPERTY_PREFIXES, TRUE, P (VnlLng, prefixes), 0, 0, { 0 }, NULL },
  { "asn", N_("ASN"), VNL_PROPERTY_UINT, FALSE, P (VnlLng, asn), 0, G_MAXUINT32, { 0 }, N_("0 = no BGP") },
  { "bgp-address", N_("BGP address"), VNL_PROPERTY_IP, TRUE, P (VnlLng, bgp_address), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty er_props[] = {
  { "routing-weight", N_("Routing weight"), VNL_PROPERTY_UINT, FALSE, P (VnlErConnection, routing_weight), 0, 32000, { 0 }, NULL },
  { NULL }
};

static const VnlProperty s2s_props[] = {
  { "bgp", N_("BGP"), VNL_PROPERTY_BOOL, FALSE, P (VnlS2sConnection, bgp), 0, 0, { 0 }, NULL },
  { "ike-version", N_("IKE version"), VNL_PROPERTY_UINT, FALSE, P (VnlS2sConnection, ike_version), 1, 2, { 0 }, NULL },
  { NULL }
};

static const VnlProperty v2v_props[] = {
  { "bgp", N_("BGP"), VNL_PROPERTY_BOOL, FALSE, P (VnlV2vConnection, bgp), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty peering_props[] = {
  { "a-allow-forwarded-traffic", N_("A: allow forwarded traffic"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[0].allow_forwarded_traffic), 0, 0, { 0 }, NULL },
  { "a-allow-gateway-transit", N_("A: allow gateway transit"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[0].allow_gateway_transit), 0, 0, { 0 }, NULL },
  { "a-use-remote-gateways", N_("A: use remote gateways"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[0].use_remote_gateways), 0, 0, { 0 }, NULL },
  { "b-allow-forwarded-traffic", N_("B: allow forwarded traffic"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[1].allow_forwarded_traffic), 0, 0, { 0 }, NULL },
  { "b-allow-gateway-transit", N_("B: allow gateway transit"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[1].allow_gateway_transit), 0, 0, { 0 }, NULL },
  { "b-use-remote-gateways", N_("B: use remote gateways"), VNL_PROPERTY_BOOL, FALSE, P (VnlPeering, side[1].use_remote_gateways), 0, 0, { 0 }, NULL },
  { NULL }
};

static const VnlProperty no_props[] = { { NULL } };

const VnlProperty *
vnl_properties_for_kind (VnlKind kind)
{
  switch (kind)
    {
    case VNL_KIND_VNET:           return vnet_props;
    case VNL_KIND_ENDPOINT:       return endpoint_props;
    case VNL_KIND_GATEWAY:        return gateway_props;
    case VNL_KIND_CIRCUIT:        return circuit_props;
    case VNL_KIND_LINK:           return link_props;
    case VNL_KIND_SITE:           return site_props;
    case VNL_KIND_CE:             return ce_props;
    case VNL_KIND_LNG:            return lng_props;
    case VNL_KIND_ER_CONNECTION:  return er_props;
    case VNL_KIND_S2S_CONNECTION: return s2s_props;
    case VNL_KIND_V2V_CONNECTION: return v2v_props;
    case VNL_KIND_PEERING:        return peering_props;
    case VNL_KIND_LOCATION:
    case VNL_KIND_GLOBAL_REACH:
    case VNL_N_KINDS:
    default:
      return no_props;
    }
}

const VnlProperty *
vnl_property_lookup (VnlKind     kind,
                     const char *key)
{
  for (const VnlProperty *p = vnl_properties_for_kind (kind); p->key != NULL; p++)
    if (g_str_equal (p->key, key))
      return p;
  return NULL;
}

const char *
vnl_property_choice_label (const char *choice)
{
  if (g_strcmp0 (choice, "vpn") == 0)
    return _("VPN");
  if (g_strcmp0 (choice, "expressroute") == 0)
    return _("ExpressRoute");
  if (g_strcmp0 (choice, "standard") == 0)
    return _("Standard");
  if (g_strcmp0 (choice, "premium") == 0)
    return _("Premium");
  return choice;
}

const char *
vnl_kind_get_label (gpointer data)
{
  VnlObject *object = data;

  switch (object->kind)
    {
    case VNL_KIND_LOCATION:       return _("Location");
    case VNL_KIND_VNET:           return _("Virtual network");
    case VNL_KIND_ENDPOINT:       return _("Endpoint");
    case VNL_KIND_GATEWAY:
      return ((VnlGateway *) object)->type == VNL_GATEWAY_EXPRESSROUTE
             ? _("ExpressRoute gateway") : _("VPN gateway");
    case VNL_KIND_CIRCUIT:        return _("ExpressRoute circuit");
    case VNL_KIND_LINK:           return _("Circuit link");
    case VNL_KIND_SITE:           return _("On-premises site");
    case VNL_KIND_CE:             return _("CE router");
    case VNL_KIND_LNG:            return _("Local network gateway");
    case VNL_KIND_ER_CONNECTION:  return _("ExpressRoute connection");
    case VNL_KIND_GLOBAL_REACH:   return _("Global Reach");
    case VNL_KIND_S2S_CONNECTION: return _("Site-to-site VPN connection");
    case VNL_KIND_V2V_CONNECTION: return _("VNet-to-VNet connection");
    case VNL_KIND_PEERING:        return _("VNet peering");
    case VNL_N_KINDS:
    default:
      return "";
    }
}

char *
vnl_property_get (gpointer           object,
                  const VnlProperty *property)
{
  gpointer field = G_STRUCT_MEMBER_P (object, property->offset);

  switch (property->type)
    {
    case VNL_PROPERTY_TEXT:
      return g_strdup (*(char **) field != NULL ? *(char **) field : "");
    case VNL_PROPERTY_UINT:
      return g_strdup_printf ("%u", *(guint *) field);
    case VNL_PROPERTY_IP:
      if (property->optional && *(guint32 *) field == 0)
        return g_strdup ("");
      return vnl_ip_to_string (*(guint32 *) field);
    case VNL_PROPERTY_PREFIXES:
      if (((VnlObject *) object)->kind == VNL_KIND_LINK)
        return vnl_prefix_to_string ((VnlPrefix *) field);
      else
        return vnl_prefix_list_to_string (*(GArray **) field);
    case VNL_PROPERTY_BOOL:
      return g_strdup (*(gboolean *) field ? "true" : "false");
    case VNL_PROPERTY_CHOICE:
      return g_strdup (property->choices[*(int *) field]);
    default:
      g_assert_not_reached ();
    }
}

static GArray *
parse_prefixes (const char  *text,
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

static gboolean
parse_value (gpointer           object,
             const VnlProperty *property,
             const char        *text,
             gboolean           store,
             GError           **error)
{
  gpointer field = object != NULL ? G_STRUCT_MEMBER_P (object, property->offset) : NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  switch (property->type)
    {
    case VNL_PROPERTY_TEXT:
      if (!property->optional && stripped[0] == '\0')
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("a value is needed"));
          return FALSE;
        }
      if (store)
        {
          g_free (*(char **) field);
          *(char **) field = stripped[0] != '\0' ? g_strdup (stripped) : NULL;
        }
      return TRUE;

    case VNL_PROPERTY_UINT:
      {
        guint64 value;
        g_autoptr(GError) local = NULL;

        if (!g_ascii_string_to_unsigned (stripped, 10, property->min, property->max, &value, &local))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                         _("a whole number from %u to %u is needed"), property->min, property->max);
            return FALSE;
          }
        if (store)
          *(guint *) field = value;
        return TRUE;
      }

    case VNL_PROPERTY_IP:
      {
        guint32 addr = 0;

        if (stripped[0] == '\0' && property->optional)
          ;
        else if (!vnl_ip_parse (stripped, &addr))
          {
            g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID_ADDRESS,
                         _("“%s” is not an IPv4 address"), stripped);
            return FALSE;
          }
        if (store)
          *(guint32 *) field = addr;
        return TRUE;
      }

    case VNL_PROPERTY_PREFIXES:
      if (object != NULL && ((VnlObject *) object)->kind == VNL_KIND_LINK)
        {
          VnlPrefix prefix;
          if (!vnl_prefix_parse (stripped, &prefix, error))
            return FALSE;
          if (store)
            *(VnlPrefix *) field = prefix;
          return TRUE;
        }
      else
        {
          GArray *array = parse_prefixes (stripped, property->optional, error);
          if (array == NULL)
            return FALSE;
          if (store)
            {
              g_array_unref (*(GArray **) field);
              *(GArray **) field = array;
            }
          else
            g_array_unref (array);
          return TRUE;
        }

    case VNL_PROPERTY_BOOL:
      if (!g_str_equal (stripped, "true") && !g_str_equal (stripped, "false"))
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("true or false is needed"));
          return FALSE;
        }
      if (store)
        *(gboolean *) field = g_str_equal (stripped, "true");
      return TRUE;

    case VNL_PROPERTY_CHOICE:
      for (int i = 0; i < (int) G_N_ELEMENTS (property->choices) && property->choices[i] != NULL; i++)
        if (g_str_equal (stripped, property->choices[i]))
          {
            if (store)
              *(int *) field = i;
            return TRUE;
          }
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID, _("“%s” is not a valid choice"), stripped);
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
vnl_property_validate (const VnlProperty *property,
                       const char        *text,
                       GError           **error)
{
  g_return_val_if_fail (property != NULL && text != NULL, FALSE);
  /* Link subnets are single prefixes, checked like a prefix list of one. */
  return parse_value (NULL, property, text, FALSE, error);
}

gboolean
vnl_property_set (gpointer           object,
                  const VnlProperty *property,
                  const char        *text,
                  GError           **error)
{
  g_return_val_if_fail (object != NULL && property != NULL && text != NULL, FALSE);

  if (!parse_value (object, property, text, FALSE, error))
    return FALSE;
  return parse_value (object, property, text, TRUE, error);
}

static char *
access_get (VnlDesign  *design,
            gpointer    object,
            const char *key)
{
  const VnlProperty *property = vnl_property_lookup (((VnlObject *) object)->kind, key);

  g_return_val_if_fail (property != NULL, NULL);
  return vnl_property_get (object, property);
}

static gboolean
access_set (VnlDesign   *design,
            gpointer     object,
            const char  *key,
            const char  *text,
            GError     **error)
{
  const VnlProperty *property = vnl_property_lookup (((VnlObject *) object)->kind, key);

  g_return_val_if_fail (property != NULL, FALSE);
  return vnl_property_set (object, property, text, error);
}

static char *
access_describe (VnlDesign  *design,
                 gpointer    object,
                 const char *key)
{
  const VnlProperty *property = vnl_property_lookup (((VnlObject *) object)->kind, key);

  return property != NULL ? g_strdup (_(property->label)) : NULL;
}

static const VnlPropertyAccess access = { access_get, access_set, access_describe };

const VnlPropertyAccess *
vnl_properties_access (void)
{
  return &access;
}
