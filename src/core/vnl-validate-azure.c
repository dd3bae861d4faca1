/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-validate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-validate-azure-private.h"
#include "vnl-firewall.h"
#include "vnl-nsg.h"
#include "vnl-file.h"
#include "vnl-xml-private.h"

/*
 * The refusals Azure makes that the reference checks (vnl-validate.c) do
 * not cover, each with the documentation sentence it implements. Paths are
 * in MicrosoftDocs/azure-docs unless stated.
 *
 * An error is a configuration Azure refuses to create; a warning is one
 * Azure accepts that cannot work (a BGP session whose ends disagree stays
 * down, and vnl-network.c keeps it down through
 * vnl_design_session_agrees()).
 *
 * Rules, in the order they run:
 *  - peerings: at most one peering of a VNet uses remote gateways;
 *  - Global Reach: the two circuits are at different peering locations;
 *  - BGP sessions: a CE's ASN is its circuit's peer ASN; a local network
 *    gateway's ASN and BGP peer address are its CE's (warnings);
 *  - gateway SKUs: Basic runs neither BGP nor active-active nor coexists
 *    with ExpressRoute; the SKU's connection count;
 *  - GatewaySubnet: large enough for the gateways in it;
 *  - route tables: one per subnet, on subnets that exist; on the
 *    GatewaySubnet neither propagation off nor a 0.0.0.0/0 route
 *    (warnings); a VirtualAppliance next hop that no endpoint has
 *    (warning).
 *  - custom APIPA BGP addresses in Azure's range, one per instance; a
 *    local network gateway with an APIPA BGP address needs them (its
 *    session stays down otherwise, a warning);
 *  - a CE advertisement inside a VNet its gateways serve (a warning).
 *  - route servers: one per VNet, in a RouteServerSubnet of /27 or
 *    larger with neither route table nor security group, instance
 *    addresses inside it; peer ASNs 16-bit and not reserved, peerings
 *    whose ends disagree (a warning), more than 8 peers (a warning), a
 *    VPN gateway in branch-to-branch that is not active-active with ASN
 *    65515 (a warning); appliances in a peering or a tunnel need an ASN.
 *
 * References that do not resolve are reported by vnl-validate.c; these
 * rules skip them. A rule whose input the loader could not read (a load
 * problem on the field) is skipped too.
 */

typedef struct
{
  VnlDesign  *design;    /* borrowed */
  const char *file;      /* borrowed, nullable */
  GPtrArray  *problems;  /* owned, of VnlProblem*, in rule order */
  /* Indexes built once (index_gateways()), so that the rules per VNet and
   * per gateway stay linear in the design: */
  GHashTable *gateways_of;     /* owned: VNet name → GPtrArray of its gateways, file order */
  GHashTable *connections_of;  /* owned: gateway name → GPtrArray of its connections:
                                * site-to-site, VNet-to-VNet, ExpressRoute, each in file order */
} Azure;

static void report (Azure       *az,
                    VnlSeverity  severity,
                    guint        line,
                    const char  *object,
                    const char  *format,
                    ...) G_GNUC_PRINTF (5, 6);

static void
report (Azure       *az,
        VnlSeverity  severity,
        guint        line,
        const char  *object,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  VnlProblem *problem;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  problem = _vnl_problem_new (az->file, line, object, message);
  problem->severity = severity;
  g_ptr_array_add (az->problems, problem);
}

#define OBJ_LINE(o) (((VnlObject *) (o))->line)
#define OBJ_NAME(o) (((VnlObject *) (o))->name)

static GPtrArray *
objects (Azure   *az,
         VnlKind  kind)
{
  return vnl_design_get_objects (az->design, kind);
}

static gpointer
lookup (Azure      *az,
        const char *name,
        VnlKind     kind)
{
  return name != NULL ? vnl_design_lookup_kind (az->design, name, kind) : NULL;
}

/* Appends @object to the list of @key in @index (a new list when none). */
static void
index_add (GHashTable *index,
           const char *key,
           gpointer    object)
{
  GPtrArray *list;

  if (key == NULL)
    return;
  if (!(list = g_hash_table_lookup (index, key)))
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, (gpointer) key, list);
    }
  g_ptr_array_add (list, object);
}

static void
index_gateways (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_GATEWAY);

  az->gateways_of = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  az->connections_of = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < array->len; i++)
    index_add (az->gateways_of, ((VnlGateway *) array->pdata[i])->vnet, array->pdata[i]);

  array = objects (az, VNL_KIND_S2S_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    index_add (az->connections_of, ((VnlS2sConnection *) array->pdata[i])->gateway, array->pdata[i]);
  array = objects (az, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    {
      VnlV2vConnection *conn = array->pdata[i];

      /* A connection whose two ends name one gateway counts once. */
      index_add (az->connections_of, conn->gateway_a, conn);
      if (g_strcmp0 (conn->gateway_a, conn->gateway_b) != 0)
        index_add (az->connections_of, conn->gateway_b, conn);
    }
  array = objects (az, VNL_KIND_ER_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    index_add (az->connections_of, ((VnlErConnection *) array->pdata[i])->gateway, array->pdata[i]);
}

/* The gateways of @vnet and the connections of @gateway (borrowed lists,
 * NULL when there are none). */
static GPtrArray *
gateways_of (Azure      *az,
             const char *vnet)
{
  return vnet != NULL ? g_hash_table_lookup (az->gateways_of, vnet) : NULL;
}

static GPtrArray *
connections_of (Azure      *az,
                VnlGateway *gateway)
{
  return g_hash_table_lookup (az->connections_of, OBJ_NAME (gateway));
}

/* Peerings */

/* REST API, VirtualNetworkPeeringPropertiesFormat.useRemoteGateways: "If
 * the flag is set to true, and allowGatewayTransit on remote peering is
 * also true, virtual network will use gateways of remote virtual network
 * for transit. Only one peering can have this flag set to true." (The
 * other half of that description, and a remote VNet without a gateway,
 * are checked in vnl-validate.c.) */
static void
check_remote_gateways (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_PEERING);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < array->len; i++)
    {
      VnlPeering *peering = array->pdata[i];
      const char *vnets[2] = { peering->vnet_a, peering->vnet_b };

      if (g_strcmp0 (peering->vnet_a, peering->vnet_b) == 0)
        continue;

      for (guint s = 0; s < 2; s++)
        {
          VnlPeering *other;

          if (!peering->side[s].use_remote_gateways || vnets[s] == NULL)
            continue;

          other = g_hash_table_lookup (first, vnets[s]);
          if (other == NULL)
            {
              g_hash_table_insert (first, (gpointer) vnets[s], peering);
              continue;
            }
          report (az, VNL_SEVERITY_ERROR, OBJ_LINE (peering), OBJ_NAME (peering),
                  _("VNet “%s” already uses remote gateways over peering “%s” (line %u); "
                    "only one peering of a VNet can"),
                  vnets[s], OBJ_NAME (other), OBJ_LINE (other));
        }
    }
}

/* Global Reach */

/* articles/expressroute/expressroute-howto-set-global-reach.md: "You can
 * enable ExpressRoute Global Reach between the private peering of any two
 * ExpressRoute circuits, as long as they're located in the supported
 * countries/regions and were created at different peering locations." */
static void
check_global_reach (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_GLOBAL_REACH);

  for (guint i = 0; i < array->len; i++)
    {
      VnlGlobalReach *conn = array->pdata[i];
      VnlCircuit *a = lookup (az, conn->circuit_a, VNL_KIND_CIRCUIT);
      VnlCircuit *b = lookup (az, conn->circuit_b, VNL_KIND_CIRCUIT);

      if (a == NULL || b == NULL || a == b || a->peering_location == NULL)
        continue;
      if (g_strcmp0 (a->peering_location, b->peering_location) == 0)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (conn), OBJ_NAME (conn),
                _("Global Reach joins circuits “%s” and “%s” at the same peering location “%s”; "
                  "Azure joins only circuits created at different peering locations"),
                OBJ_NAME (a), OBJ_NAME (b), a->peering_location);
    }
}

/* BGP sessions */

/* A BGP speaker opens a session only with the neighbour AS it is
 * configured for (RFC 4271 §6.2: an OPEN whose "My Autonomous System" is
 * not the expected one gets a "Bad Peer AS" NOTIFICATION), and only with
 * the neighbour address it is configured for.
 *
 * ExpressRoute: the circuit's peer ASN is what Microsoft configures for
 * the customer side of private peering
 * (articles/expressroute/expressroute-howto-routing-arm.md: "AS number for
 * peering. You can use both 2-byte and 4-byte AS numbers."), so the CE on a
 * link must use it.
 *
 * VPN: articles/vpn-gateway/vpn-gateway-about-vpn-gateway-settings.md: "If
 * you use Border Gateway Protocol (BGP) on your VPN device, you will
 * provide the BGP peer IP address of your VPN device and the autonomous
 * system number (ASN) of your on premises network." The local network
 * gateway carries both; the CE it stands for must have that ASN and answer
 * BGP on that address. vnetlab's CE answers on the addresses it owns: its
 * LAN and tunnel addresses. */
static gboolean
link_agrees (VnlDesign     *design,
             const VnlLink *link,
             char         **reason)
{
  VnlCircuit *circuit = vnl_design_lookup_kind (design, link->circuit, VNL_KIND_CIRCUIT);
  VnlCe *ce = link->ce != NULL ? vnl_design_lookup_kind (design, link->ce, VNL_KIND_CE) : NULL;

  if (circuit == NULL || ce == NULL || ce->asn == circuit->peer_asn)
    return TRUE;

  if (reason != NULL)
    *reason = g_strdup_printf (_("CE “%s” has ASN %u but circuit “%s” expects peer ASN %u: "
                                 "the BGP session over link “%s” stays down"),
                               ce->parent.name, ce->asn, circuit->parent.name,
                               circuit->peer_asn, link->parent.name);
  return FALSE;
}

static gboolean
is_apipa (guint32 address)
{
  return (address & 0xffff0000u) == 0xa9fe0000u;  /* 169.254.0.0/16 */
}

static gboolean
s2s_agrees (VnlDesign              *design,
            const VnlS2sConnection *conn,
            char                  **reason)
{
  VnlLng *lng = conn->lng != NULL ? vnl_design_lookup_kind (design, conn->lng, VNL_KIND_LNG) : NULL;
  VnlGateway *gateway;
  VnlCe *ce;

  /* Without BGP on both the connection and the LNG no session runs. */
  if (!conn->bgp || lng == NULL || lng->asn == 0)
    return TRUE;

  /* bgp-howto.md: "You can optionally use an APIPA IP address (169.254.x.x)
   * as your on-premises BGP peer IP if needed. But you will also need to
   * specify an APIPA IP address ... for your Azure VPN gateway, otherwise
   * the BGP session cannot establish for this connection." Each instance
   * with a tunnel needs one; an active-standby gateway has one BGP
   * address, set on its first instance. */
  gateway = conn->gateway != NULL ? vnl_design_lookup_kind (design, conn->gateway, VNL_KIND_GATEWAY) : NULL;
  if (gateway != NULL && is_apipa (lng->bgp_address))
    for (guint k = 0; k < (gateway->active_active ? MAX (gateway->instances->len, 1) : 1); k++)
      if (!is_apipa (vnl_gateway_get_bgp_address (gateway, k, lng->bgp_address)))
        {
          if (reason != NULL)
            {
              char peer[16];

              vnl_ip_format (lng->bgp_address, peer);
              *reason = g_strdup_printf (_("local network gateway “%s” has the APIPA BGP peer address %s "
                                           "but instance %u of gateway “%s” has no custom APIPA BGP address: "
                                           "the BGP session over “%s” stays down"),
                                         lng->parent.name, peer, k, gateway->parent.name, conn->parent.name);
            }
          return FALSE;
        }
  if (lng->ce == NULL)
    return TRUE;
  ce = vnl_design_lookup_kind (design, lng->ce, VNL_KIND_CE);
  if (ce == NULL)
    return TRUE;

  if (lng->asn != ce->asn)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("local network gateway “%s” has ASN %u but CE “%s” it stands for "
                                     "has ASN %u: the BGP session over “%s” stays down"),
                                   lng->parent.name, lng->asn, ce->parent.name, ce->asn,
                                   conn->parent.name);
      return FALSE;
    }

  if (lng->bgp_address != ce->lan_address && lng->bgp_address != ce->tunnel_address)
    {
      if (reason != NULL)
        {
          char want[16], lan[16], tunnel[16];

          vnl_ip_format (lng->bgp_address, want);
          vnl_ip_format (ce->lan_address, lan);
          vnl_ip_format (ce->tunnel_address, tunnel);
          *reason = g_strdup_printf (_("local network gateway “%s” has BGP peer address %s but CE “%s” "
                                       "it stands for uses %s (LAN) and %s (tunnel): "
                                       "the BGP session over “%s” stays down"),
                                     lng->parent.name, want, ce->parent.name, lan, tunnel,
                                     conn->parent.name);
        }
      return FALSE;
    }

  return TRUE;
}

gboolean
vnl_design_session_agrees (VnlDesign     *design,
                           gconstpointer  connection,
                           char         **reason)
{
  const VnlObject *object = connection;

  g_return_val_if_fail (VNL_IS_DESIGN (design), TRUE);
  g_return_val_if_fail (reason == NULL || *reason == NULL, TRUE);

  if (object != NULL && object->kind == VNL_KIND_LINK)
    return link_agrees (design, connection, reason);
  if (object != NULL && object->kind == VNL_KIND_S2S_CONNECTION)
    return s2s_agrees (design, connection, reason);
  if (object != NULL && object->kind == VNL_KIND_RS_PEERING)
    return _vnl_rs_peering_agrees (design, connection, reason);
  return TRUE;
}

static void
check_sessions (Azure *az)
{
  static const VnlKind kinds[] = { VNL_KIND_LINK, VNL_KIND_S2S_CONNECTION };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *array = objects (az, kinds[k]);

      for (guint i = 0; i < array->len; i++)
        {
          g_autofree char *reason = NULL;

          if (!vnl_design_session_agrees (az->design, array->pdata[i], &reason))
            report (az, VNL_SEVERITY_WARNING, OBJ_LINE (array->pdata[i]),
                    OBJ_NAME (array->pdata[i]), "%s", reason);
        }
    }
}

/* Gateway SKUs */

/*
 * What each SKU can do.
 *
 * VPN, articles/vpn-gateway/about-gateway-skus.md, "Gateway SKUs by feature
 * set": "Basic: Route-based VPN: 10 tunnels for S2S/connections" and "All
 * Generation1 and Generation2 SKUs except Basic: Route-based VPN: up to
 * 100 tunnels, P2S, BGP, active-active, custom IPsec/IKE policy,
 * ExpressRoute/VPN coexistence" (the older include
 * includes/vpn-gateway-table-gwtype-aggtput-include.md said 30 for
 * VpnGw1–3; the current article is used). Legacy SKUs,
 * includes/vpn-gateway-table-gwtype-legacy-aggtput-include.md: "Standard
 * SKU … 10" and "High Performance SKU … 30" IPsec tunnels, "BGP is not
 * supported for the Basic SKU", and Basic does not coexist with
 * ExpressRoute.
 *
 * vnetlab counts one tunnel per site-to-site or VNet-to-VNet connection of
 * the gateway (the docs count "S2S/VNet-to-VNet Tunnels"; an active-active
 * gateway is not charged twice).
 *
 * ExpressRoute, articles/expressroute/expressroute-about-virtual-network-
 * gateways.md, "Feature support by gateway SKU", Max Number of Circuit
 * Connections: Standard/ERGw1Az 4, High Perf/ERGw2Az 8, Ultra
 * Performance/ErGw3Az 16. SKUs not in this table (ErGwScale, typos) are not
 * checked.
 */
typedef struct
{
  const char     *name;
  VnlGatewayType  type;
  guint           max_connections;
  gboolean        basic;           /* no BGP, no active-active, no coexistence */
} SkuInfo;

static const SkuInfo sku_table[] = {
  { "Basic",            VNL_GATEWAY_VPN,          10, TRUE },
  { "Standard",         VNL_GATEWAY_VPN,          10, FALSE },
  { "HighPerformance",  VNL_GATEWAY_VPN,          30, FALSE },
  { "VpnGw1",           VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw2",           VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw3",           VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw4",           VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw5",           VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw1AZ",         VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw2AZ",         VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw3AZ",         VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw4AZ",         VNL_GATEWAY_VPN,         100, FALSE },
  { "VpnGw5AZ",         VNL_GATEWAY_VPN,         100, FALSE },
  { "Standard",         VNL_GATEWAY_EXPRESSROUTE,  4, FALSE },
  { "HighPerformance",  VNL_GATEWAY_EXPRESSROUTE,  8, FALSE },
  { "UltraPerformance", VNL_GATEWAY_EXPRESSROUTE, 16, FALSE },
  { "ErGw1AZ",          VNL_GATEWAY_EXPRESSROUTE,  4, FALSE },
  { "ErGw2AZ",          VNL_GATEWAY_EXPRESSROUTE,  8, FALSE },
  { "ErGw3AZ",          VNL_GATEWAY_EXPRESSROUTE, 16, FALSE },
};

/* Same article, note: "The maximum number of ExpressRoute circuits from
 * the same peering location that can connect to the same virtual network
 * is 4 for all gateways." */
#define ER_MAX_CIRCUITS_PER_PEERING_LOCATION 4

static const SkuInfo *
sku_info (const VnlGateway *gateway)
{
  if (gateway->sku == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sku_table); i++)
    if (sku_table[i].type == gateway->type && g_ascii_strcasecmp (sku_table[i].name, gateway->sku) == 0)
      return &sku_table[i];
  return NULL;
}

static gboolean
is_basic (VnlGateway *gateway)
{
  const SkuInfo *info = gateway != NULL ? sku_info (gateway) : NULL;

  return info != NULL && info->basic;
}

/* A connection over a Basic gateway that would run BGP (as vnl-network.c
 * decides: the connection asks for it and, for S2S, the LNG has an ASN). */
static void
check_basic_bgp_connections (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_S2S_CONNECTION);

  for (guint i = 0; i < array->len; i++)
    {
      VnlS2sConnection *conn = array->pdata[i];
      VnlGateway *gateway = lookup (az, conn->gateway, VNL_KIND_GATEWAY);
      VnlLng *lng = lookup (az, conn->lng, VNL_KIND_LNG);

      if (conn->bgp && lng != NULL && lng->asn != 0 && is_basic (gateway))
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (conn), OBJ_NAME (conn),
                _("connection uses BGP, but gateway “%s” is of SKU %s, which has no BGP"),
                OBJ_NAME (gateway), gateway->sku);
    }

  array = objects (az, VNL_KIND_V2V_CONNECTION);
  for (guint i = 0; i < array->len; i++)
    {
      VnlV2vConnection *conn = array->pdata[i];
      VnlGateway *ends[2] = { lookup (az, conn->gateway_a, VNL_KIND_GATEWAY),
                              lookup (az, conn->gateway_b, VNL_KIND_GATEWAY) };

      for (guint e = 0; e < 2 && conn->bgp; e++)
        if (is_basic (ends[e]))
          report (az, VNL_SEVERITY_ERROR, OBJ_LINE (conn), OBJ_NAME (conn),
                  _("connection uses BGP, but gateway “%s” is of SKU %s, which has no BGP"),
                  OBJ_NAME (ends[e]), ends[e]->sku);
    }
}

/* Counts @gateway's connections (site-to-site, then VNet-to-VNet, then
 * ExpressRoute, each in file order) and reports the first one over the
 * SKU's limit and each after it. */
static void
check_connection_count (Azure          *az,
                        VnlGateway     *gateway,
                        const SkuInfo  *info)
{
  g_autoptr(GHashTable) per_location = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *connections = connections_of (az, gateway);
  guint n = 0;

  for (guint i = 0; connections != NULL && i < connections->len; i++)
    {
      VnlObject *conn = connections->pdata[i];

      if (++n > info->max_connections)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (conn), OBJ_NAME (conn),
                _("gateway “%s” of SKU %s takes at most %u connections; this is connection %u"),
                OBJ_NAME (gateway), gateway->sku, info->max_connections, n);

      if (conn->kind == VNL_KIND_ER_CONNECTION)
        {
          VnlCircuit *circuit = lookup (az, ((VnlErConnection *) conn)->circuit, VNL_KIND_CIRCUIT);
          guint m;

          if (circuit == NULL || circuit->peering_location == NULL)
            continue;
          m = GPOINTER_TO_UINT (g_hash_table_lookup (per_location, circuit->peering_location)) + 1;
          g_hash_table_insert (per_location, circuit->peering_location, GUINT_TO_POINTER (m));
          if (m > ER_MAX_CIRCUITS_PER_PEERING_LOCATION)
            report (az, VNL_SEVERITY_ERROR, OBJ_LINE (conn), OBJ_NAME (conn),
                    _("gateway “%s” already connects %u circuits from peering location “%s”, "
                      "the most Azure allows"),
                    OBJ_NAME (gateway), ER_MAX_CIRCUITS_PER_PEERING_LOCATION,
                    circuit->peering_location);
        }
    }
}

static void
check_skus (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_GATEWAY);

  for (guint i = 0; i < array->len; i++)
    {
      VnlGateway *gateway = array->pdata[i];
      const SkuInfo *info = sku_info (gateway);

      if (info == NULL)
        continue;

      if (info->basic && gateway->bgp_address != 0 &&
          !_vnl_design_has_load_problem (az->design, gateway, "bgp-address"))
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (gateway), OBJ_NAME (gateway),
                _("gateway “%s” of SKU %s has a BGP address, but this SKU has no BGP"),
                OBJ_NAME (gateway), gateway->sku);

      if (info->basic && gateway->active_active)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (gateway), OBJ_NAME (gateway),
                _("gateway “%s” of SKU %s cannot be active-active"),
                OBJ_NAME (gateway), gateway->sku);

      if (info->basic && gateway->vnet != NULL)
        {
          GPtrArray *others = gateways_of (az, gateway->vnet);

          for (guint j = 0; others != NULL && j < others->len; j++)
            if (((VnlGateway *) others->pdata[j])->type == VNL_GATEWAY_EXPRESSROUTE)
              {
                report (az, VNL_SEVERITY_ERROR, OBJ_LINE (gateway), OBJ_NAME (gateway),
                        _("gateway “%s” of SKU %s cannot coexist with ExpressRoute gateway “%s”"),
                        OBJ_NAME (gateway), gateway->sku, OBJ_NAME (others->pdata[j]));
                break;
              }
        }

      check_connection_count (az, gateway, info);
    }

  check_basic_bgp_connections (az);
}

/* GatewaySubnet */

/*
 * articles/vpn-gateway/vpn-gateway-about-vpn-gateway-settings.md and
 * articles/expressroute/expressroute-about-virtual-network-gateways.md,
 * "Gateway subnet": "While you can create a gateway subnet as small as
 * /29, we recommend that you create a gateway subnet of /27 or larger";
 * the ExpressRoute article adds "If you plan on connecting 16 ExpressRoute
 * circuits to your gateway, you must create a gateway subnet of /26 or
 * larger."
 * articles/expressroute/expressroute-howto-coexist-resource-manager.md,
 * for a VPN and an ExpressRoute gateway in one VNet: "The Gateway Subnet
 * must be /27 or a shorter prefix (such as /26 or /25)."
 * articles/virtual-network/virtual-networks-faq.md: "Azure reserves the
 * first four and last IP address for a total of 5 IP addresses within each
 * subnet", so the gateways' addresses in it (instances and BGP peer
 * addresses) must fit in the rest.
 *
 * The subnet must be named GatewaySubnet; a VNet with gateways and no such
 * subnet is taken as one whose subnets are not modelled, and not checked.
 */
#define GATEWAY_SUBNET_MIN_LEN       29
#define GATEWAY_SUBNET_COEXIST_LEN   27
#define GATEWAY_SUBNET_16_CIRCUITS   26
#define SUBNET_RESERVED_ADDRESSES     5

static VnlSubnet *
gateway_subnet (VnlVnet *vnet)
{
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];
      if (g_ascii_strcasecmp (subnet->name, "GatewaySubnet") == 0)
        return subnet;
    }
  return NULL;
}

static guint
count_er_connections (Azure      *az,
                      VnlGateway *gateway)
{
  GPtrArray *connections = connections_of (az, gateway);
  guint n = 0;

  for (guint i = 0; connections != NULL && i < connections->len; i++)
    n += ((VnlObject *) connections->pdata[i])->kind == VNL_KIND_ER_CONNECTION;
  return n;
}

/* The distinct gateway addresses inside the subnet: a few per VNet, so a
 * short array searched through rather than a hash table per VNet. */
static void
add_address (GArray          *addresses,
             const VnlPrefix *subnet,
             guint32          addr)
{
  if (addr == 0 || !vnl_prefix_contains_ip (subnet, addr))
    return;
  for (guint i = 0; i < addresses->len; i++)
    if (g_array_index (addresses, guint32, i) == addr)
      return;
  g_array_append_val (addresses, addr);
}

static void
check_gateway_subnet (Azure   *az,
                      VnlVnet *vnet)
{
  GPtrArray *gateways = gateways_of (az, OBJ_NAME (vnet));
  g_autoptr(GArray) addresses = NULL;
  VnlSubnet *subnet = gateway_subnet (vnet);
  gboolean vpn = FALSE, er = FALSE;
  guint most_circuits = 0;
  guint capacity;
  char buf[20];

  if (gateways == NULL || subnet == NULL)
    return;
  addresses = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gateway = gateways->pdata[i];

      if (gateway->type == VNL_GATEWAY_VPN)
        vpn = TRUE;
      else
        {
          er = TRUE;
          most_circuits = MAX (most_circuits, count_er_connections (az, gateway));
        }
      for (guint j = 0; j < gateway->instances->len; j++)
        add_address (addresses, &subnet->prefix, g_array_index (gateway->instances, guint32, j));
      add_address (addresses, &subnet->prefix, gateway->bgp_address);
    }

  /* The subnet is formatted only for a message: most VNets have none. */
  if (subnet->prefix.len > GATEWAY_SUBNET_MIN_LEN)
    {
      vnl_prefix_format (&subnet->prefix, buf);
      report (az, VNL_SEVERITY_ERROR, subnet->line, OBJ_NAME (vnet),
              _("GatewaySubnet %s of VNet “%s” is smaller than a /%u, the smallest gateway subnet Azure allows"),
              buf, OBJ_NAME (vnet), GATEWAY_SUBNET_MIN_LEN);
    }
  else if (vpn && er && subnet->prefix.len > GATEWAY_SUBNET_COEXIST_LEN)
    {
      vnl_prefix_format (&subnet->prefix, buf);
      report (az, VNL_SEVERITY_ERROR, subnet->line, OBJ_NAME (vnet),
              _("GatewaySubnet %s of VNet “%s” holds a VPN and an ExpressRoute gateway, "
                "which need a /%u or larger"),
              buf, OBJ_NAME (vnet), GATEWAY_SUBNET_COEXIST_LEN);
    }
  else if (most_circuits >= 16 && subnet->prefix.len > GATEWAY_SUBNET_16_CIRCUITS)
    {
      vnl_prefix_format (&subnet->prefix, buf);
      report (az, VNL_SEVERITY_ERROR, subnet->line, OBJ_NAME (vnet),
              _("GatewaySubnet %s of VNet “%s” holds a gateway with %u circuit connections, "
                "which needs a /%u or larger"),
              buf, OBJ_NAME (vnet), most_circuits, GATEWAY_SUBNET_16_CIRCUITS);
    }

  /* A subnet smaller than a /29 is refused above; not counted again. */
  if (subnet->prefix.len > GATEWAY_SUBNET_MIN_LEN)
    return;
  capacity = (1u << (32 - subnet->prefix.len)) - SUBNET_RESERVED_ADDRESSES;
  if (addresses->len > capacity)
    {
      vnl_prefix_format (&subnet->prefix, buf);
      report (az, VNL_SEVERITY_ERROR, subnet->line, OBJ_NAME (vnet),
              _("GatewaySubnet %s of VNet “%s” has %u usable addresses (Azure reserves 5), "
                "but its gateways use %u"),
              buf, OBJ_NAME (vnet), capacity, addresses->len);
    }
}

static void
check_gateway_subnets (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_VNET);

  for (guint i = 0; i < array->len; i++)
    check_gateway_subnet (az, array->pdata[i]);
}

/* Route tables (user-defined routes) */

static VnlSubnet *
find_subnet (VnlVnet    *vnet,
             const char *name)
{
  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];
      if (g_strcmp0 (subnet->name, name) == 0)
        return subnet;
    }
  return NULL;
}

/* "Each subnet can have zero or one route table associated to it."
 * (articles/virtual-network/manage-route-table.yml; also
 * articles/aks/limit-egress-traffic.md). The subnet must exist. */
static void
check_route_table_subnets (Azure       *az,
                           VnlUdrTable *table,
                           GHashTable  *claimed)
{
  for (guint i = 0; i < table->subnets->len; i++)
    {
      VnlUdrSubnet *assoc = table->subnets->pdata[i];
      VnlVnet *vnet = lookup (az, assoc->vnet, VNL_KIND_VNET);
      g_autofree char *key = NULL;
      VnlUdrTable *first;

      if (vnet == NULL)
        continue;  /* an unresolved reference: vnl-validate.c reports it */
      if (find_subnet (vnet, assoc->subnet) == NULL)
        {
          report (az, VNL_SEVERITY_ERROR, assoc->line ? assoc->line : OBJ_LINE (table), OBJ_NAME (table),
                  _("route table “%s” is associated with subnet “%s”, which VNet “%s” does not have"),
                  OBJ_NAME (table), assoc->subnet ? assoc->subnet : "", assoc->vnet);
          continue;
        }
      key = g_strdup_printf ("%s/%s", assoc->vnet, assoc->subnet);
      first = g_hash_table_lookup (claimed, key);
      if (first != NULL)
        report (az, VNL_SEVERITY_ERROR, assoc->line ? assoc->line : OBJ_LINE (table), OBJ_NAME (table),
                _("subnet %s already has route table “%s”: each subnet can have zero or one route table "
                  "associated to it"), key, OBJ_NAME (first));
      else
        g_hash_table_insert (claimed, g_steal_pointer (&key), table);
    }
}

/* On the GatewaySubnet: "Route propagation shouldn't be disabled on the
 * GatewaySubnet. The gateway will not function with this setting
 * disabled." and "don't associate a route table to the gateway subnet that
 * includes a route with a destination of 0.0.0.0/0"
 * (articles/virtual-network/virtual-networks-udr-overview.md). Azure lets
 * both be configured: warnings. */
static void
check_route_table_gateway_subnet (Azure       *az,
                                  VnlUdrTable *table)
{
  for (guint i = 0; i < table->subnets->len; i++)
    {
      VnlUdrSubnet *assoc = table->subnets->pdata[i];

      if (assoc->subnet == NULL || g_ascii_strcasecmp (assoc->subnet, "GatewaySubnet") != 0 ||
          lookup (az, assoc->vnet, VNL_KIND_VNET) == NULL)
        continue;
      if (!table->propagate_gateway_routes)
        report (az, VNL_SEVERITY_WARNING, OBJ_LINE (table), OBJ_NAME (table),
                _("route table “%s” disables gateway route propagation on the GatewaySubnet of %s: "
                  "the gateway will not function with this setting disabled"), OBJ_NAME (table), assoc->vnet);
      for (guint r = 0; r < table->routes->len; r++)
        {
          VnlUdr *udr = table->routes->pdata[r];
          if (udr->prefix.len == 0)
            report (az, VNL_SEVERITY_WARNING, udr->line ? udr->line : OBJ_LINE (table), OBJ_NAME (table),
                    _("route “%s” of route table “%s” is for 0.0.0.0/0 on the GatewaySubnet of %s: "
                      "don't associate a route table that includes a route with a destination of 0.0.0.0/0 "
                      "to the gateway subnet"), udr->name ? udr->name : "", OBJ_NAME (table), assoc->vnet);
        }
    }
}

/* A VirtualAppliance next hop is "the private IP address of a network
 * interface attached to a virtual machine" or "the private IP address of
 * an Azure internal load balancer"
 * (articles/virtual-network/virtual-networks-udr-overview.md), and the NIC
 * needs "Enable IP forwarding": an address no appliance, firewall or
 * frontend of the design has cannot forward (a warning: Azure does not
 * check it). */

/* The appliance or firewall with NIC @addr, else NULL. */
static VnlObject *
appliance_at (Azure   *az,
              guint32  addr)
{
  GPtrArray *appliances = objects (az, VNL_KIND_APPLIANCE);
  GPtrArray *firewalls = objects (az, VNL_KIND_FIREWALL);

  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *a = appliances->pdata[i];
      if (addr != 0 && (a->address == addr || a->address_2 == addr))
        return &a->parent;
    }
  for (guint i = 0; i < firewalls->len; i++)
    {
      VnlFirewall *f = firewalls->pdata[i];
      if (addr != 0 && f->address == addr)
        return &f->parent;
    }
  return NULL;
}

/* The first appliance behind load balancer frontend @addr, else NULL. */
static VnlAppliance *
frontend_at (Azure   *az,
             guint32  addr)
{
  GPtrArray *appliances = objects (az, VNL_KIND_APPLIANCE);

  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *a = appliances->pdata[i];
      if (addr != 0 && a->frontend == addr)
        return a;
    }
  return NULL;
}

/* "Deploy a virtual appliance into a different subnet than the resources
 * that route through the virtual appliance. Deploying the virtual
 * appliance to the same subnet, then applying a route table to the subnet
 * that routes traffic through the virtual appliance, can result in routing
 * loops" ([UDR]): an appliance NIC (or a pool member's, behind a frontend)
 * in a subnet the route table sends to it. */
static void
check_route_table_loop (Azure        *az,
                        VnlUdrTable  *table,
                        VnlUdr       *udr,
                        VnlObject    *appliance,
                        const char   *vnet_name,
                        guint32       nic)
{
  VnlVnet *vnet = lookup (az, vnet_name, VNL_KIND_VNET);

  for (guint i = 0; vnet != NULL && i < table->subnets->len; i++)
    {
      VnlUdrSubnet *assoc = table->subnets->pdata[i];
      VnlSubnet *subnet = g_strcmp0 (assoc->vnet, vnet_name) == 0 ? find_subnet (vnet, assoc->subnet) : NULL;

      if (subnet != NULL && vnl_prefix_contains_ip (&subnet->prefix, nic))
        report (az, VNL_SEVERITY_WARNING, udr->line ? udr->line : OBJ_LINE (table), OBJ_NAME (table),
                _("route “%s” of route table “%s” sends traffic to %s, which is in subnet %s/%s that the table "
                  "serves: what it forwards follows the same route back to it (a routing loop); deploy a virtual "
                  "appliance into a different subnet than the resources that route through it"),
                udr->name ? udr->name : "", OBJ_NAME (table), appliance->name, vnet_name, subnet->name);
    }
}

static void
check_route_table_next_hops (Azure       *az,
                             VnlUdrTable *table)
{
  for (guint r = 0; r < table->routes->len; r++)
    {
      VnlUdr *udr = table->routes->pdata[r];
      VnlObject *appliance;
      VnlAppliance *member;
      VnlEndpoint *endpoint;
      char ip[16];

      if (udr->next_hop != VNL_UDR_VIRTUAL_APPLIANCE)
        continue;
      vnl_ip_format (udr->next_hop_ip, ip);
      if ((appliance = appliance_at (az, udr->next_hop_ip)) != NULL)
        check_route_table_loop (az, table, udr, appliance,
                                appliance->kind == VNL_KIND_FIREWALL ? ((VnlFirewall *) appliance)->vnet
                                                                     : ((VnlAppliance *) appliance)->vnet,
                                udr->next_hop_ip);
      else if ((member = frontend_at (az, udr->next_hop_ip)) != NULL)
        check_route_table_loop (az, table, udr, &member->parent, member->vnet, member->address);
      else if ((endpoint = vnl_design_find_endpoint (az->design, ip)) != NULL)
        report (az, VNL_SEVERITY_WARNING, udr->line ? udr->line : OBJ_LINE (table), OBJ_NAME (table),
                _("route “%s” of route table “%s” sends traffic to %s, which is %s, a VM without IP forwarding: "
                  "it does not forward (make it a network virtual appliance)"),
                udr->name ? udr->name : "", OBJ_NAME (table), ip, OBJ_NAME (endpoint));
      else
        report (az, VNL_SEVERITY_WARNING, udr->line ? udr->line : OBJ_LINE (table), OBJ_NAME (table),
                _("route “%s” of route table “%s” sends traffic to the virtual appliance %s, but no appliance, "
                  "firewall or load balancer frontend of the design has that address"),
                udr->name ? udr->name : "", OBJ_NAME (table), ip);
    }
}

/* [FW-FT] articles/firewall/forced-tunneling.md: "User Defined Route
 * (UDR) configurations on the AzureFirewallSubnet that have a default
 * route not going directly to the Internet are disabled" unless the
 * firewall has its AzureFirewallManagementSubnet. Azure accepts the table:
 * a warning (the route tables show the route Invalid). */
static void
check_route_table_firewall_subnet (Azure       *az,
                                   VnlUdrTable *table)
{
  GPtrArray *firewalls = objects (az, VNL_KIND_FIREWALL);

  for (guint i = 0; i < table->subnets->len; i++)
    {
      VnlUdrSubnet *assoc = table->subnets->pdata[i];
      gboolean management = FALSE;

      if (g_strcmp0 (assoc->subnet, "AzureFirewallSubnet") != 0)
        continue;
      for (guint f = 0; f < firewalls->len; f++)
        if (g_strcmp0 (((VnlFirewall *) firewalls->pdata[f])->vnet, assoc->vnet) == 0)
          management = management || ((VnlFirewall *) firewalls->pdata[f])->management;
      for (guint r = 0; r < table->routes->len && !management; r++)
        {
          VnlUdr *udr = table->routes->pdata[r];
          if (udr->prefix.len == 0 && udr->next_hop != VNL_UDR_INTERNET)
            report (az, VNL_SEVERITY_WARNING, udr->line ? udr->line : OBJ_LINE (table), OBJ_NAME (table),
                    _("route “%s” of route table “%s” sends 0.0.0.0/0 on the AzureFirewallSubnet of %s somewhere "
                      "other than the Internet, and no firewall there has a management subnet: Azure disables it "
                      "(forced tunnelling needs the firewall made with an AzureFirewallManagementSubnet)"),
                    udr->name ? udr->name : "", OBJ_NAME (table), assoc->vnet);
        }
    }
}

static void
check_route_tables (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_ROUTE_TABLE);
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < array->len; i++)
    {
      check_route_table_subnets (az, array->pdata[i], claimed);
      check_route_table_gateway_subnet (az, array->pdata[i]);
      check_route_table_next_hops (az, array->pdata[i]);
      check_route_table_firewall_subnet (az, array->pdata[i]);
    }
}

/* Appliances and firewalls */

/* The subnet of @vnet holding @addr, the most specific, else NULL. */
static VnlSubnet *
subnet_of (VnlVnet *vnet,
           guint32  addr)
{
  VnlSubnet *found = NULL;

  for (guint i = 0; i < vnet->subnets->len; i++)
    {
      VnlSubnet *subnet = vnet->subnets->pdata[i];
      if (vnl_prefix_contains_ip (&subnet->prefix, addr) && (found == NULL || subnet->prefix.len > found->prefix.len))
        found = subnet;
    }
  return found;
}

/* Every NIC is in a subnet of its VNet (a NIC's IP configuration names
 * one); appliances behind one frontend are in one VNet (a load balancer's
 * backend pool "is any virtual machine in a single virtual network",
 * articles/load-balancer/components.md). */
static void
check_appliances (Azure *az)
{
  GPtrArray *appliances = objects (az, VNL_KIND_APPLIANCE);

  for (guint i = 0; i < appliances->len; i++)
    {
      VnlAppliance *a = appliances->pdata[i];
      VnlVnet *vnet = lookup (az, a->vnet, VNL_KIND_VNET);
      guint32 nics[] = { a->address, a->address_2, a->frontend };
      VnlAppliance *first;

      if (vnet == NULL)
        continue;
      for (guint n = 0; n < G_N_ELEMENTS (nics); n++)
        {
          char ip[16];

          if (nics[n] == 0 || subnet_of (vnet, nics[n]) != NULL)
            continue;
          vnl_ip_format (nics[n], ip);
          report (az, VNL_SEVERITY_ERROR, OBJ_LINE (a), OBJ_NAME (a),
                  n == 2 ? _("the load balancer frontend %s of appliance “%s” is in no subnet of VNet “%s”")
                         : _("NIC address %s of appliance “%s” is in no subnet of VNet “%s”"),
                  ip, OBJ_NAME (a), a->vnet);
        }
      first = frontend_at (az, a->frontend);
      if (first != NULL && first != a && g_strcmp0 (first->vnet, a->vnet) != 0)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (a), OBJ_NAME (a),
                _("appliance “%s” in VNet “%s” shares its load balancer frontend with “%s” in VNet “%s”: a "
                  "backend pool is in one virtual network"), OBJ_NAME (a), a->vnet, OBJ_NAME (first), first->vnet);
    }
}

/* Azure Firewall's subnet "must be named 'AzureFirewallSubnet' or
 * 'AzureFirewallManagementSubnet'" (AzureFirewallIPConfiguration.subnet,
 * REST API) and be a /26: "Why does Azure Firewall need a /26 subnet size?
 * Azure Firewall must provision more virtual machine instances as it
 * scales" (articles/firewall/firewall-faq.md); forced tunnelling needs "An
 * additional dedicated subnet named AzureFirewallManagementSubnet (minimum
 * subnet size /26)" (articles/firewall/forced-tunneling.md). Azure refuses
 * these: errors. */
static void
check_firewalls (Azure *az)
{
  GPtrArray *firewalls = objects (az, VNL_KIND_FIREWALL);

  for (guint i = 0; i < firewalls->len; i++)
    {
      VnlFirewall *f = firewalls->pdata[i];
      VnlVnet *vnet = lookup (az, f->vnet, VNL_KIND_VNET);
      VnlSubnet *subnet, *management;
      char ip[16];

      if (vnet == NULL)
        continue;
      vnl_ip_format (f->address, ip);
      subnet = subnet_of (vnet, f->address);
      if (subnet == NULL || g_strcmp0 (subnet->name, "AzureFirewallSubnet") != 0)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (f), OBJ_NAME (f),
                _("Azure Firewall “%s” has the address %s, which is not in the AzureFirewallSubnet of VNet “%s”: "
                  "its subnet must be named AzureFirewallSubnet"), OBJ_NAME (f), ip, f->vnet);
      else if (subnet->prefix.len > 26)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (f), OBJ_NAME (f),
                _("the AzureFirewallSubnet of VNet “%s” is a /%u: Azure Firewall needs a /26 to scale out"),
                f->vnet, subnet->prefix.len);
      if (!f->management)
        continue;
      management = find_subnet (vnet, "AzureFirewallManagementSubnet");
      if (management == NULL)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (f), OBJ_NAME (f),
                _("Azure Firewall “%s” has a management NIC (forced tunnelling) but VNet “%s” has no "
                  "AzureFirewallManagementSubnet"), OBJ_NAME (f), f->vnet);
      else if (management->prefix.len > 26)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (f), OBJ_NAME (f),
                _("the AzureFirewallManagementSubnet of VNet “%s” is a /%u: its minimum size is /26"),
                f->vnet, management->prefix.len);
    }
}

/* A firewall's network rules (articles/firewall/rule-processing.md):
 * "Azure Firewall denies all traffic by default", so a firewall with no
 * rule forwards nothing (a warning: Azure accepts it); groups and
 * collections take a priority "from 100 to 65,000" (an error). Two groups,
 * or two collections of a group, with one priority leave the order to
 * Azure: vnetlab keeps the file's, and warns. */
static void
check_firewall_priority (Azure       *az,
                         VnlFirewall *f,
                         guint        line,
                         const char  *what,
                         const char  *name,
                         guint        priority)
{
  if (priority < VNL_FW_MIN_PRIORITY || priority > VNL_FW_MAX_PRIORITY)
    report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (f),
            _("%s “%s” of Azure Firewall “%s” has priority %u: a priority is 100 to 65000"),
            what, name != NULL ? name : "", OBJ_NAME (f), priority);
}

static void
check_firewall_rules (Azure *az)
{
  GPtrArray *firewalls = objects (az, VNL_KIND_FIREWALL);

  for (guint i = 0; i < firewalls->len; i++)
    {
      VnlFirewall *f = firewalls->pdata[i];

      if (vnl_firewall_count_rules (f) == 0)
        report (az, VNL_SEVERITY_WARNING, OBJ_LINE (f), OBJ_NAME (f),
                _("Azure Firewall “%s” has no network rules: it denies everything (Azure Firewall denies all "
                  "traffic by default)"), OBJ_NAME (f));
      for (guint g = 0; g < f->rule_groups->len; g++)
        {
          VnlFwGroup *group = f->rule_groups->pdata[g];
          guint line = group->line ? group->line : OBJ_LINE (f);

          check_firewall_priority (az, f, line, _("rule collection group"), group->name, group->priority);
          for (guint o = 0; o < g; o++)
            if (((VnlFwGroup *) f->rule_groups->pdata[o])->priority == group->priority)
              report (az, VNL_SEVERITY_WARNING, line, OBJ_NAME (f),
                      _("rule collection groups “%s” and “%s” of Azure Firewall “%s” have the same priority %u: "
                        "vnetlab takes them in file order"),
                      ((VnlFwGroup *) f->rule_groups->pdata[o])->name, group->name, OBJ_NAME (f), group->priority);
          for (guint c = 0; c < group->collections->len; c++)
            {
              VnlFwCollection *collection = group->collections->pdata[c];
              guint cline = collection->line ? collection->line : line;

              check_firewall_priority (az, f, cline, _("network rule collection"), collection->name,
                                       collection->priority);
              for (guint o = 0; o < c; o++)
                if (((VnlFwCollection *) group->collections->pdata[o])->priority == collection->priority)
                  report (az, VNL_SEVERITY_WARNING, cline, OBJ_NAME (f),
                          _("network rule collections “%s” and “%s” of rule collection group “%s” have the same "
                            "priority %u: vnetlab takes them in file order"),
                          ((VnlFwCollection *) group->collections->pdata[o])->name, collection->name,
                          group->name, collection->priority);
            }
        }
    }
}

/* Custom APIPA BGP addresses */

/* bgp-howto.md: "you must select an address from the Azure-reserved APIPA
 * address range for VPN, which is from 169.254.21.0 to 169.254.22.255",
 * and for the second instance of an active-active gateway "The second IP
 * address must be different than the first address." */
static void
check_apipa (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_GATEWAY);

  for (guint i = 0; i < array->len; i++)
    {
      VnlGateway *gateway = array->pdata[i];

      for (guint k = 0; k < gateway->instance_apipa->len; k++)
        {
          guint32 apipa = vnl_gateway_get_instance_apipa (gateway, k);
          char text[16];

          if (apipa == 0)
            continue;
          vnl_ip_format (apipa, text);
          if (apipa < 0xa9fe1500u || apipa > 0xa9fe16ffu)
            report (az, VNL_SEVERITY_ERROR, OBJ_LINE (gateway), OBJ_NAME (gateway),
                    _("the APIPA BGP address %s of instance %u is outside Azure's range for VPN, "
                      "169.254.21.0 to 169.254.22.255"), text, k);
          for (guint j = 0; j < k; j++)
            if (vnl_gateway_get_instance_apipa (gateway, j) == apipa)
              report (az, VNL_SEVERITY_ERROR, OBJ_LINE (gateway), OBJ_NAME (gateway),
                      _("instances %u and %u both have the APIPA BGP address %s"), j, k, text);
        }
    }
}

/* Advertisements inside a VNet */

/* The VNets whose prefixes gateway @name serves: its own, and those using
 * it over a peering with gateway transit. */
static void
add_served_vnets (Azure      *az,
                  const char *name,
                  GPtrArray  *vnets)
{
  VnlGateway *gateway = lookup (az, name, VNL_KIND_GATEWAY);
  GPtrArray *peerings = objects (az, VNL_KIND_PEERING);
  VnlVnet *vnet;

  if (gateway == NULL || (vnet = lookup (az, gateway->vnet, VNL_KIND_VNET)) == NULL)
    return;
  g_ptr_array_add (vnets, vnet);
  for (guint i = 0; i < peerings->len; i++)
    {
      VnlPeering *peering = peerings->pdata[i];
      const char *ends[2] = { peering->vnet_a, peering->vnet_b };

      for (guint s = 0; s < 2; s++)
        if (g_strcmp0 (ends[1 - s], vnet->parent.name) == 0 &&
            peering->side[s].use_remote_gateways && peering->side[1 - s].allow_gateway_transit)
          {
            VnlVnet *user = lookup (az, ends[s], VNL_KIND_VNET);
            if (user != NULL)
              g_ptr_array_add (vnets, user);
          }
    }
}

/* The VPN gateways a CE's BGP sessions reach: over each local network
 * gateway standing for it, the gateways of its site-to-site connections.
 * (The FAQ speaks of site-to-site tunnels; nothing is assumed for
 * ExpressRoute.) */
static void
add_ce_vnets (Azure     *az,
              VnlCe     *ce,
              GPtrArray *vnets)
{
  GPtrArray *lngs = objects (az, VNL_KIND_LNG);
  GPtrArray *s2s = objects (az, VNL_KIND_S2S_CONNECTION);

  for (guint i = 0; i < lngs->len; i++)
    {
      VnlLng *lng = lngs->pdata[i];

      if (g_strcmp0 (lng->ce, ce->parent.name) != 0)
        continue;
      for (guint j = 0; j < s2s->len; j++)
        if (g_strcmp0 (((VnlS2sConnection *) s2s->pdata[j])->lng, lng->parent.name) == 0)
          add_served_vnets (az, ((VnlS2sConnection *) s2s->pdata[j])->gateway, vnets);
    }
}

/* includes/vpn-gateway-faq-bgp-include.md: "Can I advertise the exact
 * prefixes as my virtual network prefixes? No, advertising the same
 * prefixes as any one of your virtual network address prefixes will be
 * blocked or filtered by Azure. You can, however, advertise a prefix that
 * is a superset ... if your virtual network used the address space
 * 10.0.0.0/16, you can advertise 10.0.0.0/8. But you can't advertise
 * 10.0.0.0/16 or 10.0.0.0/24"; with gateway transit this covers the peered
 * VNets too (vpn-gateway-vpn-faq.md, "When gateway transit is enabled").
 * Azure accepts the configuration and drops the route: a warning, for
 * an advertisement equal to or inside an address space of a VNet the CE's
 * gateways serve. */
static void
check_advertisements (Azure *az)
{
  GPtrArray *ces = objects (az, VNL_KIND_CE);

  for (guint i = 0; i < ces->len; i++)
    {
      VnlCe *ce = ces->pdata[i];
      g_autoptr(GPtrArray) vnets = NULL;
      g_autoptr(GHashTable) seen = NULL;

      if (ce->advertises == NULL || ce->advertises->len == 0)
        continue;
      vnets = g_ptr_array_new ();
      seen = g_hash_table_new (NULL, NULL);
      add_ce_vnets (az, ce, vnets);
      for (guint v = 0; v < vnets->len; v++)
        {
          VnlVnet *vnet = vnets->pdata[v];

          if (!g_hash_table_add (seen, vnet))
            continue;
          for (guint a = 0; a < ce->advertises->len; a++)
            for (guint k = 0; k < vnet->address_spaces->len; k++)
              {
                const VnlPrefix *adv = &g_array_index (ce->advertises, VnlPrefix, a);
                const VnlPrefix *space = &g_array_index (vnet->address_spaces, VnlPrefix, k);
                char pa[20], ps[20];

                if (!vnl_prefix_contains (space, adv))
                  continue;
                vnl_prefix_format (adv, pa);
                vnl_prefix_format (space, ps);
                report (az, VNL_SEVERITY_WARNING, OBJ_LINE (ce), OBJ_NAME (ce),
                        _("CE “%s” advertises %s, inside the address space %s of VNet “%s”: "
                          "Azure filters an advertisement matching a VNet prefix "
                          "(only a superset is accepted), so the route is dropped"),
                        OBJ_NAME (ce), pa, ps, OBJ_NAME (vnet));
              }
        }
    }
}

/* Network security groups (articles/virtual-network/
 * network-security-groups-overview.md): "You can specify a number between
 * 100 and 4096"; two rules of one direction cannot share a priority nor
 * two rules a name; a subnet or a network interface has "zero, or one,
 * network security group associated to it"; a NIC is an endpoint in a VNet
 * (a host on premises has none). "Associating a network security group to
 * the gateway subnet may cause your VPN gateway to stop functioning"
 * (articles/vpn-gateway/vpn-gateway-about-vpn-gateway-settings.md): a
 * warning. */
static void
check_nsg_rules (Azure  *az,
                 VnlNsg *nsg)
{
  for (guint r = 0; r < nsg->rules->len; r++)
    {
      VnlNsgRule *rule = nsg->rules->pdata[r];
      guint line = rule->line ? rule->line : OBJ_LINE (nsg);
      const char *name = rule->name ? rule->name : "";

      if (rule->priority < VNL_NSG_MIN_PRIORITY || rule->priority > VNL_NSG_MAX_PRIORITY)
        report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                _("rule “%s” of network security group “%s” has priority %u: a priority is 100 to 4096"),
                name, OBJ_NAME (nsg), rule->priority);
      for (guint o = 0; o < r; o++)
        {
          VnlNsgRule *other = nsg->rules->pdata[o];

          if (other->direction == rule->direction && other->priority == rule->priority)
            report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                    _("rules “%s” and “%s” of network security group “%s” have the same priority %u "
                      "in one direction"), other->name ? other->name : "", name, OBJ_NAME (nsg), rule->priority);
          if (g_strcmp0 (other->name, rule->name) == 0)
            report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                    _("network security group “%s” has two rules named “%s”"), OBJ_NAME (nsg), name);
        }
    }
}

static void
check_nsg_associations (Azure      *az,
                        VnlNsg     *nsg,
                        GHashTable *claimed)
{
  for (guint i = 0; i < nsg->subnets->len; i++)
    {
      VnlUdrSubnet *assoc = nsg->subnets->pdata[i];
      VnlVnet *vnet = lookup (az, assoc->vnet, VNL_KIND_VNET);
      guint line = assoc->line ? assoc->line : OBJ_LINE (nsg);
      g_autofree char *key = NULL;
      VnlNsg *first;

      if (vnet == NULL)
        continue;  /* an unresolved reference: vnl-validate.c reports it */
      if (find_subnet (vnet, assoc->subnet) == NULL)
        {
          report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                  _("network security group “%s” is associated with subnet “%s”, which VNet “%s” does not have"),
                  OBJ_NAME (nsg), assoc->subnet ? assoc->subnet : "", assoc->vnet);
          continue;
        }
      if (g_ascii_strcasecmp (assoc->subnet, "GatewaySubnet") == 0)
        report (az, VNL_SEVERITY_WARNING, line, OBJ_NAME (nsg),
                _("network security group “%s” is on the GatewaySubnet of %s: associating a network security "
                  "group to the gateway subnet may cause the gateway to stop functioning"),
                OBJ_NAME (nsg), assoc->vnet);
      /* "Subnet level NSGs aren't required on the AzureFirewallSubnet, and
       * are disabled to ensure no service interruption" (firewall-faq.md). */
      if (g_ascii_strcasecmp (assoc->subnet, "AzureFirewallSubnet") == 0)
        report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                _("network security group “%s” is on the AzureFirewallSubnet of %s: Azure disables subnet "
                  "network security groups there (it does not filter the firewall)"), OBJ_NAME (nsg), assoc->vnet);
      key = g_strdup_printf ("subnet %s/%s", assoc->vnet, assoc->subnet);
      if ((first = g_hash_table_lookup (claimed, key)) != NULL)
        report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                _("%s already has network security group “%s”: it can have zero or one"), key, OBJ_NAME (first));
      else
        g_hash_table_insert (claimed, g_steal_pointer (&key), nsg);
    }
  for (guint i = 0; i < nsg->nics->len; i++)
    {
      VnlNsgNic *nic = nsg->nics->pdata[i];
      VnlEndpoint *ep = lookup (az, nic->endpoint, VNL_KIND_ENDPOINT);
      guint line = nic->line ? nic->line : OBJ_LINE (nsg);
      g_autofree char *key = NULL;
      VnlNsg *first;

      if (ep == NULL)
        continue;
      if (lookup (az, ep->owner, VNL_KIND_VNET) == NULL)
        {
          report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                  _("network security group “%s” is associated with the NIC of %s, which is not in a VNet"),
                  OBJ_NAME (nsg), nic->endpoint);
          continue;
        }
      key = g_strdup_printf ("the NIC of %s", nic->endpoint);
      if ((first = g_hash_table_lookup (claimed, key)) != NULL)
        report (az, VNL_SEVERITY_ERROR, line, OBJ_NAME (nsg),
                _("%s already has network security group “%s”: it can have zero or one"), key, OBJ_NAME (first));
      else
        g_hash_table_insert (claimed, g_steal_pointer (&key), nsg);
    }
}

static void
check_nsgs (Azure *az)
{
  GPtrArray *array = objects (az, VNL_KIND_NSG);
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < array->len; i++)
    {
      check_nsg_rules (az, array->pdata[i]);
      check_nsg_associations (az, array->pdata[i], claimed);
    }
}

/* Merging */

/* Azure Route Server (spec §1.3 C; articles/route-server/route-server-faq.md,
 * [RS-FAQ]) */

/* [RS-FAQ] "You can't use the ranges reserved by Azure or IANA": Azure's
 * 8074, 8075, 12076, 65515, 65517–65520; IANA's 23456, 64496–64511,
 * 65535–65551. NULL when @asn is allowed. */
static const char *
reserved_asn (guint32 asn)
{
  if (asn == 8074 || asn == 8075 || asn == 12076)
    return N_("a public ASN reserved by Azure");
  if (asn == 65515 || (asn >= 65517 && asn <= 65520))
    return N_("a private ASN reserved by Azure");
  if (asn == 23456 || (asn >= 64496 && asn <= 64511) || (asn >= 65535 && asn <= 65551))
    return N_("an ASN reserved by IANA");
  return NULL;
}

/* Is VNet @vnet's subnet @name named by a route table or a network
 * security group of kind @kind? The first that does, else NULL. */
static VnlObject *
subnet_associated (Azure      *az,
                   VnlKind     kind,
                   const char *vnet,
                   const char *name)
{
  GPtrArray *array = objects (az, kind);

  for (guint i = 0; i < array->len; i++)
    {
      GPtrArray *subnets = kind == VNL_KIND_NSG ? ((VnlNsg *) array->pdata[i])->subnets
                                                : ((VnlUdrTable *) array->pdata[i])->subnets;
      for (guint k = 0; k < subnets->len; k++)
        {
          VnlUdrSubnet *assoc = subnets->pdata[k];
          if (g_strcmp0 (assoc->vnet, vnet) == 0 && g_strcmp0 (assoc->subnet, name) == 0)
            return array->pdata[i];
        }
    }
  return NULL;
}

static void
check_route_server (Azure          *az,
                    VnlRouteServer *rs,
                    GHashTable     *per_vnet)
{
  VnlVnet *vnet = lookup (az, rs->vnet, VNL_KIND_VNET);
  const VnlSubnet *subnet = NULL;
  VnlRouteServer *first;
  VnlObject *other;

  if (vnet == NULL)
    return;
  /* "You can create only one route server in a virtual network." */
  if ((first = g_hash_table_lookup (per_vnet, rs->vnet)) != NULL)
    report (az, VNL_SEVERITY_ERROR, OBJ_LINE (rs), OBJ_NAME (rs),
            _("VNet “%s” already has route server “%s” (line %u): a virtual network holds only one"),
            rs->vnet, OBJ_NAME (first), OBJ_LINE (first));
  else
    g_hash_table_insert (per_vnet, rs->vnet, rs);

  /* "It must be deployed in a dedicated subnet called RouteServerSubnet";
   * the quickstarts: "The subnet size has to be at least /27 or short
   * prefix (such as /26 or /25) or you'll receive an error message". */
  for (guint i = 0; i < vnet->subnets->len; i++)
    if (g_strcmp0 (((VnlSubnet *) vnet->subnets->pdata[i])->name, "RouteServerSubnet") == 0)
      subnet = vnet->subnets->pdata[i];
  if (subnet == NULL)
    {
      report (az, VNL_SEVERITY_ERROR, OBJ_LINE (rs), OBJ_NAME (rs),
              _("route server “%s” needs a subnet named RouteServerSubnet in VNet “%s”"), OBJ_NAME (rs), rs->vnet);
      return;
    }
  if (subnet->prefix.len > 27)
    report (az, VNL_SEVERITY_ERROR, subnet->line ? subnet->line : OBJ_LINE (rs), OBJ_NAME (rs),
            _("RouteServerSubnet of VNet “%s” is a /%u: a route server needs a /27 or larger"),
            rs->vnet, subnet->prefix.len);
  /* "Azure Route Server doesn't support configuring a UDR on the
   * RouteServerSubnet"; "doesn't support NSG association to the
   * RouteServerSubnet". */
  if ((other = subnet_associated (az, VNL_KIND_ROUTE_TABLE, rs->vnet, "RouteServerSubnet")) != NULL)
    report (az, VNL_SEVERITY_ERROR, other->line, other->name,
            _("route table “%s” is associated with the RouteServerSubnet of VNet “%s”: Azure Route Server "
              "does not support a route table on its subnet"), other->name, rs->vnet);
  if ((other = subnet_associated (az, VNL_KIND_NSG, rs->vnet, "RouteServerSubnet")) != NULL)
    report (az, VNL_SEVERITY_ERROR, other->line, other->name,
            _("network security group “%s” is associated with the RouteServerSubnet of VNet “%s”: Azure "
              "Route Server does not support a network security group on its subnet"), other->name, rs->vnet);
  for (guint i = 0; i < 2; i++)
    if (rs->addresses[i] != 0 && !vnl_prefix_contains_ip (&subnet->prefix, rs->addresses[i]))
      report (az, VNL_SEVERITY_ERROR, OBJ_LINE (rs), OBJ_NAME (rs),
              _("instance address %u of route server “%s” is outside its RouteServerSubnet"), i + 1, OBJ_NAME (rs));

  /* [RS-ERVPN] with branch-to-branch, "Azure VPN gateway must be
   * configured in active-active mode and have the ASN set to 65515" (the
   * 2021 text; vnetlab still exchanges the routes). */
  if (rs->branch_to_branch)
    {
      GPtrArray *gateways = gateways_of (az, rs->vnet);

      for (guint i = 0; gateways != NULL && i < gateways->len; i++)
        {
          VnlGateway *gw = gateways->pdata[i];
          if (gw->type == VNL_GATEWAY_VPN && (!gw->active_active || gw->asn != VNL_AZURE_DEFAULT_ASN))
            report (az, VNL_SEVERITY_WARNING, OBJ_LINE (gw), OBJ_NAME (gw),
                    _("VPN gateway “%s” exchanges routes with route server “%s” (branch-to-branch): Azure "
                      "requires it active-active with ASN 65515"), OBJ_NAME (gw), OBJ_NAME (rs));
        }
    }
}

static void
check_route_servers (Azure *az)
{
  GPtrArray *servers = objects (az, VNL_KIND_ROUTE_SERVER);
  GPtrArray *peerings = objects (az, VNL_KIND_RS_PEERING);
  GPtrArray *tunnels = objects (az, VNL_KIND_SDWAN_TUNNEL);
  g_autoptr(GHashTable) per_vnet = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) peers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < servers->len; i++)
    check_route_server (az, servers->pdata[i], per_vnet);

  for (guint i = 0; i < peerings->len; i++)
    {
      VnlRsPeering *peering = peerings->pdata[i];
      VnlAppliance *appliance = lookup (az, peering->appliance, VNL_KIND_APPLIANCE);
      g_autofree char *reason = NULL;
      const char *reserved = reserved_asn (peering->peer_asn);
      guint n;

      /* "Azure Route Server supports only 16-bit (2 bytes) ASNs." */
      if (peering->peer_asn > 65535)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (peering), OBJ_NAME (peering),
                _("peer ASN %u of “%s” is a 32-bit ASN: Azure Route Server supports only 16-bit ASNs"),
                peering->peer_asn, OBJ_NAME (peering));
      else if (reserved != NULL)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (peering), OBJ_NAME (peering),
                _("peer ASN %u of “%s” is %s: Azure Route Server refuses it"),
                peering->peer_asn, OBJ_NAME (peering), _(reserved));
      if (appliance != NULL && appliance->asn == 0)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (peering), OBJ_NAME (peering),
                _("appliance “%s” has no ASN: it does not speak BGP, so peering “%s” never opens"),
                peering->appliance, OBJ_NAME (peering));
      else if (!vnl_design_session_agrees (az->design, peering, &reason))
        report (az, VNL_SEVERITY_WARNING, OBJ_LINE (peering), OBJ_NAME (peering),
                _("BGP peering “%s” stays down: %s"), OBJ_NAME (peering), reason);

      /* includes/route-server-limits.md: "Number of BGP peers supported:
       * 8". */
      n = GPOINTER_TO_UINT (g_hash_table_lookup (peers, peering->route_server)) + 1;
      g_hash_table_insert (peers, peering->route_server, GUINT_TO_POINTER (n));
      if (n > 8)
        report (az, VNL_SEVERITY_WARNING, OBJ_LINE (peering), OBJ_NAME (peering),
                _("route server “%s” has more than 8 BGP peers, the most Azure supports: vnetlab leaves "
                  "peering “%s” down"), peering->route_server, OBJ_NAME (peering));
    }

  for (guint i = 0; i < tunnels->len; i++)
    {
      VnlSdwanTunnel *tunnel = tunnels->pdata[i];
      VnlAppliance *appliance = lookup (az, tunnel->appliance, VNL_KIND_APPLIANCE);

      if (appliance != NULL && appliance->asn == 0)
        report (az, VNL_SEVERITY_ERROR, OBJ_LINE (tunnel), OBJ_NAME (tunnel),
                _("appliance “%s” has no ASN: the BGP session of SD-WAN tunnel “%s” never opens"),
                tunnel->appliance, OBJ_NAME (tunnel));
    }
}

static int
problem_compare (gconstpointer pa,
                 gconstpointer pb)
{
  const VnlProblem *a = *(VnlProblem **) pa;
  const VnlProblem *b = *(VnlProblem **) pb;

  return a->line < b->line ? -1 : a->line > b->line;
}

GPtrArray *
_vnl_design_validate_azure (VnlDesign  *design,
                            const char *file,
                            GPtrArray  *problems)
{
  Azure az = { design, file, NULL };
  g_autoptr(GPtrArray) merged = NULL;
  guint i = 0, j = 0;

  g_return_val_if_fail (VNL_IS_DESIGN (design), problems);
  g_return_val_if_fail (problems != NULL, problems);

  az.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_problem_free);
  index_gateways (&az);

  check_remote_gateways (&az);
  check_global_reach (&az);
  check_sessions (&az);
  check_skus (&az);
  check_gateway_subnets (&az);
  check_route_tables (&az);
  check_appliances (&az);
  check_firewalls (&az);
  check_firewall_rules (&az);
  check_apipa (&az);
  check_advertisements (&az);
  check_nsgs (&az);
  check_route_servers (&az);
  _vnl_vwan_validate (design, file, az.problems);
  g_clear_pointer (&az.gateways_of, g_hash_table_unref);
  g_clear_pointer (&az.connections_of, g_hash_table_unref);

  /* g_ptr_array_sort() is stable: on one line the rules keep their order. */
  g_ptr_array_sort (az.problems, problem_compare);

  /* Merge the two sorted lists, the earlier rules first on a tie. The
   * problems move from both arrays into @problems. */
  merged = g_ptr_array_new ();
  while (i < problems->len || j < az.problems->len)
    {
      gboolean take_ours =
        i == problems->len ||
        (j < az.problems->len &&
         ((VnlProblem *) az.problems->pdata[j])->line < ((VnlProblem *) problems->pdata[i])->line);

      g_ptr_array_add (merged, take_ours ? az.problems->pdata[j++] : problems->pdata[i++]);
    }

  g_ptr_array_set_free_func (az.problems, NULL);
  g_ptr_array_unref (az.problems);
  g_ptr_array_set_free_func (problems, NULL);
  g_ptr_array_set_size (problems, 0);
  g_ptr_array_set_free_func (problems, (GDestroyNotify) vnl_problem_free);
  g_ptr_array_extend_and_steal (problems, g_steal_pointer (&merged));

  return problems;
}
