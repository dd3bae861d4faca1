/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnetlab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vnl-cli.h"
#include "vnl-design.h"
#include "vnl-nsg.h"
#include "vnl-file.h"

/*
 * `validate` and `show`: the two commands that only read a design.
 *
 * Only these print; the core returns problems and errors. Shared keys are
 * never printed: `show` says whether a key is set, not what it is.
 */

static gboolean opt_strict;

static const GOptionEntry validate_entries[] = {
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict, N_("Warnings make a file invalid too"), NULL },
  { NULL }
};

int
vnl_cli_validate (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  int status = VNL_CLI_EXIT_OK;

  opt_strict = FALSE;
  context = vnl_cli_context_new (_("FILE…"),
                         _("Checks each design against the schema and the semantic rules.\n"
                           "Problems go to the standard error as FILE:LINE: message (object);\n"
                           "a warning (Azure accepts it, but it cannot work) reads\n"
                           "FILE:LINE: warning: message (object).\n"
                           "Exit status: 0 all files valid (warnings allowed unless --strict),\n"
                           "1 a file is invalid, 2 usage error."), validate_entries);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;

  if (argc < 2)
    {
      g_printerr (_("%s: no file given\n"), g_get_prgname ());
      g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = vnl_file_check (argv[i]);
      guint warnings = 0;

      for (guint p = 0; p < problems->len; p++)
        warnings += ((VnlProblem *) problems->pdata[p])->severity == VNL_SEVERITY_WARNING;
      vnl_cli_print_problems (problems);

      if (problems->len == 0)
        g_print (_("%s: valid\n"), argv[i]);
      else if (warnings == problems->len && !opt_strict)
        g_print (ngettext ("%s: valid, with %u warning\n",
                          "%s: valid, with %u warnings\n", warnings), argv[i], warnings);
      else
        status = VNL_CLI_EXIT_FAILURE;
    }

  return status;
}

/* show */

static const char *
state_mark (gpointer object)
{
  return ((VnlObject *) object)->up ? "" : _(" [down]");
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static char *
format_prefixes (GArray *prefixes)
{
  GString *out = g_string_new (NULL);

  vnl_prefix_list_append (out, prefixes, G_MAXUINT);
  if (out->len == 0)
    g_string_append (out, _("none"));

  return g_string_free (out, FALSE);
}

static char *
format_ip (guint32 addr)
{
  return addr != 0 ? vnl_ip_to_string (addr) : g_strdup (_("none"));
}

static const char *
location_kind_name (VnlLocationKind kind)
{
  switch (kind)
    {
    case VNL_LOCATION_PEERING_LOCATION:
      return _("peering location");
    case VNL_LOCATION_ON_PREMISES:
      return _("on premises");
    case VNL_LOCATION_AZURE_REGION:
    default:
      return _("Azure region");
    }
}

static void
show_endpoints (VnlDesign  *design,
                const char *owner)
{
  g_autoptr(GPtrArray) endpoints = vnl_design_get_endpoints_of (design, owner);

  for (guint i = 0; i < endpoints->len; i++)
    {
      VnlEndpoint *endpoint = endpoints->pdata[i];
      g_autofree char *ip = vnl_ip_to_string (endpoint->address);

      g_print (_("    endpoint %s %s%s\n"), endpoint->parent.name, ip, state_mark (endpoint));
    }
}

static void
show_locations (VnlDesign *design)
{
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);
  GPtrArray *latencies = vnl_design_get_latencies (design);

  g_print ("\n%s\n", _("Locations"));
  g_print (_("  default latency %g ms, inside a location %g ms (one way)\n"),
           vnl_design_get_default_latency (design), vnl_design_get_intra_latency (design));

  for (guint i = 0; i < locations->len; i++)
    {
      VnlLocation *location = locations->pdata[i];

      g_print ("  %s: %s", location->parent.name, location_kind_name (location->location_kind));
      if (location->display_name != NULL)
        g_print (" “%s”", location->display_name);
      if (location->intra_ms >= 0)
        g_print (_(", inside %g ms"), location->intra_ms);
      g_print ("%s\n", state_mark (location));
    }

  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];
      g_print (_("  latency %s – %s: %g ms\n"), latency->a, latency->b, latency->ms);
    }
}

static void
show_networks (VnlDesign *design)
{
  GPtrArray *vnets = vnl_design_get_objects (design, VNL_KIND_VNET);
  GPtrArray *sites = vnl_design_get_objects (design, VNL_KIND_SITE);

  g_print ("\n%s\n", _("Networks"));

  for (guint i = 0; i < vnets->len; i++)
    {
      VnlVnet *vnet = vnets->pdata[i];
      g_autofree char *spaces = format_prefixes (vnet->address_spaces);

      g_print (_("  VNet %s in %s%s\n"), vnet->parent.name,
               vnet->location ? vnet->location : "?", state_mark (vnet));
      g_print (_("    address spaces: %s\n"), spaces);
      for (guint s = 0; s < vnet->subnets->len; s++)
        {
          VnlSubnet *subnet = vnet->subnets->pdata[s];
          char buf[20];

          vnl_prefix_format (&subnet->prefix, buf);
          g_print (_("    subnet %s %s\n"), subnet->name, buf);
        }
      show_endpoints (design, vnet->parent.name);
    }

  for (guint i = 0; i < sites->len; i++)
    {
      VnlSite *site = sites->pdata[i];
      g_autofree char *prefixes = format_prefixes (site->prefixes);
      g_autoptr(GPtrArray) ces = vnl_design_get_ces_of (design, site->parent.name);

      g_print (_("  Site %s in %s%s\n"), site->parent.name,
               site->location ? site->location : "?", state_mark (site));
      g_print (_("    prefixes: %s\n"), prefixes);
      for (guint h = 0; h < site->hops->len; h++)
        {
          VnlSiteHop *hop = site->hops->pdata[h];
          g_autofree char *address = vnl_ip_to_string (hop->address);

          g_print (_("    hop %s %s"), hop->name ? hop->name : "", address);
          if (hop->uplink_address != 0)
            {
              g_autofree char *uplink = vnl_ip_to_string (hop->uplink_address);
              g_print (_(", uplink %s"), uplink);
            }
          g_print ("\n");
        }
      show_endpoints (design, site->parent.name);

      for (guint c = 0; c < ces->len; c++)
        {
          VnlCe *ce = ces->pdata[c];
          g_autofree char *lan = vnl_ip_to_string (ce->lan_address);

          g_print (_("    CE %s ASN %u, LAN %s"), ce->parent.name, ce->asn, lan);
          if (ce->tunnel_address != 0)
            {
              g_autofree char *tunnel = vnl_ip_to_string (ce->tunnel_address);
              g_print (_(", tunnel %s"), tunnel);
            }
          if (ce->public_address != 0)
            {
              g_autofree char *public = vnl_ip_to_string (ce->public_address);
              g_print (_(", public %s"), public);
            }
          g_print (_(", maximum paths %u%s\n"), ce->maximum_paths, state_mark (ce));

          for (guint p = 0; p < ce->policies->len; p++)
            {
              VnlCePolicy *policy = ce->policies->pdata[p];
              g_autofree char *exports = NULL;

              g_print (_("      neighbor %s"), policy->peer);
              if (policy->local_preference != 0)
                g_print (_(", local preference %u"), policy->local_preference);
              if (policy->export_prefixes->len > 0)
                {
                  exports = format_prefixes (policy->export_prefixes);
                  g_print (_(", exports %s"), exports);
                }
              else
                g_print (_(", exports everything"));
              g_print ("\n");
            }
        }
    }
}

static void
show_gateways (VnlDesign *design)
{
  GPtrArray *gateways = vnl_design_get_objects (design, VNL_KIND_GATEWAY);
  GPtrArray *lngs = vnl_design_get_objects (design, VNL_KIND_LNG);

  if (gateways->len > 0)
    g_print ("\n%s\n", _("Gateways"));

  for (guint i = 0; i < gateways->len; i++)
    {
      VnlGateway *gateway = gateways->pdata[i];
      GString *instances = g_string_new (NULL);

      g_print (_("  %s: %s gateway in %s, SKU %s, ASN %u%s\n"), gateway->parent.name,
               gateway->type == VNL_GATEWAY_EXPRESSROUTE ? _("ExpressRoute") : _("VPN"),
               gateway->vnet ? gateway->vnet : "?",
               gateway->sku ? gateway->sku : _("unset"), gateway->asn, state_mark (gateway));

      for (guint n = 0; n < gateway->instances->len; n++)
        {
          char buf[16];

          vnl_ip_format (g_array_index (gateway->instances, guint32, n), buf);
          g_string_append_printf (instances, "%s%s", n > 0 ? ", " : "", buf);
        }
      g_print (_("    instances: %s\n"), instances->len > 0 ? instances->str : _("none"));
      g_string_free (instances, TRUE);

      if (gateway->type == VNL_GATEWAY_VPN)
        {
          g_autofree char *bgp = format_ip (gateway->bgp_address);
          g_autofree char *public = format_ip (gateway->public_address);

          g_print (_("    BGP address %s, public IP %s, active-active %s\n"),
                   bgp, public, yes_no (gateway->active_active));
        }
    }

  if (lngs->len > 0)
    g_print ("\n%s\n", _("Local network gateways"));

  for (guint i = 0; i < lngs->len; i++)
    {
      VnlLng *lng = lngs->pdata[i];
      g_autofree char *public = format_ip (lng->public_address);
      g_autofree char *prefixes = format_prefixes (lng->prefixes);

      g_print (_("  %s: public IP %s, prefixes %s"), lng->parent.name, public, prefixes);
      if (lng->asn != 0)
        {
          g_autofree char *bgp = format_ip (lng->bgp_address);
          g_print (_(", BGP ASN %u at %s"), lng->asn, bgp);
        }
      if (lng->ce != NULL)
        g_print (_(", stands for CE %s"), lng->ce);
      g_print ("%s\n", state_mark (lng));
    }
}

static void
show_link (VnlDesign  *design,
           const char *role,
           const char *name)
{
  VnlLink *link = vnl_design_lookup_kind (design, name, VNL_KIND_LINK);
  char subnet[20];
  g_autofree char *ce = NULL;
  g_autofree char *msee = NULL;

  if (link == NULL)
    {
      g_print (_("    %s: none\n"), role);
      return;
    }

  vnl_prefix_format (&link->subnet, subnet);
  ce = vnl_ip_to_string (link->ce_address);
  msee = vnl_ip_to_string (link->msee_address);
  g_print (_("    %s %s: %s, CE %s (%s), MSEE %s, %s\n"), role, link->parent.name, subnet,
           ce, link->ce ? link->ce : _("no router"), msee,
           link->parent.up ? _("up") : _("DOWN"));
}

static void
show_circuits (VnlDesign *design)
{
  GPtrArray *circuits = vnl_design_get_objects (design, VNL_KIND_CIRCUIT);

  if (circuits->len > 0)
    g_print ("\n%s\n", _("Circuits"));

  for (guint i = 0; i < circuits->len; i++)
    {
      VnlCircuit *circuit = circuits->pdata[i];

      g_print (_("  %s: %s at %s, %u Mbps, %s, Microsoft ASN %u, peer ASN %u, VLAN %u%s\n"),
               circuit->parent.name,
               circuit->provider ? circuit->provider : _("unknown provider"),
               circuit->peering_location ? circuit->peering_location : "?",
               circuit->bandwidth_mbps,
               circuit->sku == VNL_CIRCUIT_SKU_PREMIUM ? _("Premium") : _("Standard"),
               circuit->microsoft_asn, circuit->peer_asn, circuit->vlan, state_mark (circuit));
      show_link (design, _("primary"), circuit->links[0]);
      show_link (design, _("secondary"), circuit->links[1]);
    }
}

static void
show_connections (VnlDesign *design)
{
  GPtrArray *er = vnl_design_get_objects (design, VNL_KIND_ER_CONNECTION);
  GPtrArray *gr = vnl_design_get_objects (design, VNL_KIND_GLOBAL_REACH);
  GPtrArray *s2s = vnl_design_get_objects (design, VNL_KIND_S2S_CONNECTION);
  GPtrArray *v2v = vnl_design_get_objects (design, VNL_KIND_V2V_CONNECTION);

  if (er->len + gr->len + s2s->len + v2v->len > 0)
    g_print ("\n%s\n", _("Connections"));

  for (guint i = 0; i < er->len; i++)
    {
      VnlErConnection *conn = er->pdata[i];
      g_print (_("  ExpressRoute %s: %s → %s, routing weight %u%s\n"), conn->parent.name,
               conn->gateway, conn->circuit, conn->routing_weight, state_mark (conn));
    }

  for (guint i = 0; i < s2s->len; i++)
    {
      VnlS2sConnection *conn = s2s->pdata[i];
      /* The shared key is a secret: say whether it is set, never what it is. */
      g_print (_("  Site-to-site VPN %s: %s → %s, BGP %s, IKEv%u, shared key %s%s\n"),
               conn->parent.name, conn->gateway, conn->lng, yes_no (conn->bgp), conn->ike_version,
               conn->shared_key != NULL ? _("set") : _("not set"), state_mark (conn));
    }

  for (guint i = 0; i < v2v->len; i++)
    {
      VnlV2vConnection *conn = v2v->pdata[i];
      g_print (_("  VNet-to-VNet %s: %s ↔ %s, BGP %s, shared key %s%s\n"),
               conn->parent.name, conn->gateway_a, conn->gateway_b, yes_no (conn->bgp),
               conn->shared_key != NULL ? _("set") : _("not set"), state_mark (conn));
    }

  for (guint i = 0; i < gr->len; i++)
    {
      VnlGlobalReach *conn = gr->pdata[i];
      g_print (_("  Global Reach %s: %s ↔ %s%s\n"), conn->parent.name,
               conn->circuit_a, conn->circuit_b, state_mark (conn));
    }
}

static void
show_peerings (VnlDesign *design)
{
  GPtrArray *peerings = vnl_design_get_objects (design, VNL_KIND_PEERING);

  if (peerings->len > 0)
    g_print ("\n%s\n", _("Peerings"));

  for (guint i = 0; i < peerings->len; i++)
    {
      VnlPeering *peering = peerings->pdata[i];
      const char *vnets[2] = { peering->vnet_a, peering->vnet_b };

      g_print (_("  %s: %s ↔ %s%s\n"), peering->parent.name,
               peering->vnet_a, peering->vnet_b, state_mark (peering));
      for (guint s = 0; s < 2; s++)
        {
          const VnlPeeringSide *side = &peering->side[s];
          g_print (_("    %s: network access %s, forwarded traffic %s, gateway transit %s, remote gateways %s\n"),
                   vnets[s], yes_no (side->allow_virtual_network_access),
                   yes_no (side->allow_forwarded_traffic), yes_no (side->allow_gateway_transit),
                   yes_no (side->use_remote_gateways));
        }
    }
}

/* Each group: its associations, then its rules by direction and priority,
 * the default rules last, as the portal lists them. */
static void
show_nsgs (VnlDesign *design)
{
  GPtrArray *groups = vnl_design_get_objects (design, VNL_KIND_NSG);

  if (groups->len > 0)
    g_print ("\n%s\n", _("Network security groups"));

  for (guint i = 0; i < groups->len; i++)
    {
      VnlNsg *nsg = groups->pdata[i];

      g_print ("  %s%s\n", nsg->parent.name, state_mark (nsg));
      for (guint a = 0; a < nsg->subnets->len; a++)
        g_print (_("    on subnet %s/%s\n"), ((VnlUdrSubnet *) nsg->subnets->pdata[a])->vnet,
                 ((VnlUdrSubnet *) nsg->subnets->pdata[a])->subnet);
      for (guint a = 0; a < nsg->nics->len; a++)
        g_print (_("    on the NIC of %s\n"), ((VnlNsgNic *) nsg->nics->pdata[a])->endpoint);
      for (guint d = 0; d < 2; d++)
        {
          g_autoptr(GPtrArray) rules = g_ptr_array_new ();
          guint n;
          const VnlNsgRule * const *defaults = vnl_nsg_default_rules (d, &n);

          for (guint r = 0; r < nsg->rules->len; r++)
            if (((VnlNsgRule *) nsg->rules->pdata[r])->direction == d)
              g_ptr_array_add (rules, nsg->rules->pdata[r]);
          for (guint r = 1; r < rules->len; r++)
            for (guint k = r; k > 0 && ((VnlNsgRule *) rules->pdata[k])->priority <
                                       ((VnlNsgRule *) rules->pdata[k - 1])->priority; k--)
              {
                gpointer tmp = rules->pdata[k];
                rules->pdata[k] = rules->pdata[k - 1];
                rules->pdata[k - 1] = tmp;
              }
          for (guint r = 0; r < n; r++)
            g_ptr_array_add (rules, (gpointer) defaults[r]);
          for (guint r = 0; r < rules->len; r++)
            {
              const VnlNsgRule *rule = rules->pdata[r];
              g_autofree char *src = vnl_nsg_addrs_to_string (rule->sources);
              g_autofree char *sports = vnl_nsg_ports_to_string (rule->source_ports);
              g_autofree char *dst = vnl_nsg_addrs_to_string (rule->destinations);
              g_autofree char *dports = vnl_nsg_ports_to_string (rule->destination_ports);

              g_print ("    %-8s %5u  %-30s %-5s %-4s %s:%s -> %s:%s\n", vnl_nsg_direction_to_string (d),
                       rule->priority, rule->name, rule->allow ? "Allow" : "Deny",
                       vnl_protocol_to_string (rule->protocol), src, sports, dst, dports);
            }
        }
    }
}

/* Route servers with their BGP peerings, and the SD-WAN tunnels. */
static void
show_route_servers (VnlDesign *design)
{
  GPtrArray *servers = vnl_design_get_objects (design, VNL_KIND_ROUTE_SERVER);
  GPtrArray *peerings = vnl_design_get_objects (design, VNL_KIND_RS_PEERING);
  GPtrArray *tunnels = vnl_design_get_objects (design, VNL_KIND_SDWAN_TUNNEL);
  static const char *preferences[] = { "ExpressRoute", "VPN/NVA", "AS path" };

  if (servers->len > 0 || tunnels->len > 0)
    g_print ("\n%s\n", _("Route servers"));

  for (guint i = 0; i < servers->len; i++)
    {
      VnlRouteServer *rs = servers->pdata[i];
      char a[16], b[16];

      vnl_ip_format (vnl_route_server_get_address (design, rs, 0), a);
      vnl_ip_format (vnl_route_server_get_address (design, rs, 1), b);
      g_print (_("  %s in %s, ASN 65515, instances %s, %s, branch-to-branch %s, hub routing preference %s%s\n"),
               rs->parent.name, rs->vnet, a, b, yes_no (rs->branch_to_branch),
               preferences[MIN (rs->preference, G_N_ELEMENTS (preferences) - 1)], state_mark (rs));
      for (guint p = 0; p < peerings->len; p++)
        {
          VnlRsPeering *peering = peerings->pdata[p];
          char ip[16];

          if (g_strcmp0 (peering->route_server, rs->parent.name) != 0)
            continue;
          vnl_ip_format (peering->peer_ip, ip);
          g_print (_("    peering %s: %s, peer ASN %u, peer IP %s%s\n"), peering->parent.name, peering->appliance,
                   peering->peer_asn, peering->peer_ip != 0 ? ip : _("its NIC"), state_mark (peering));
        }
    }
  for (guint i = 0; i < tunnels->len; i++)
    {
      VnlSdwanTunnel *tunnel = tunnels->pdata[i];
      g_print (_("  SD-WAN tunnel %s: %s ↔ %s%s\n"), tunnel->parent.name, tunnel->appliance, tunnel->ce,
               state_mark (tunnel));
    }
}

int
vnl_cli_show (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(GError) error = NULL;
  const char *title;

  context = vnl_cli_context_new (_("FILE"), _("Prints a readable summary of a design. Shared keys are never shown."), NULL);
  if (!vnl_cli_parse (context, &argc, &argv))
    return VNL_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      g_printerr (_("%s: give exactly one file\n"), g_get_prgname ());
      g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());
      return VNL_CLI_EXIT_USAGE;
    }

  design = vnl_design_load (argv[1], &error);
  if (design == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VNL_CLI_EXIT_FAILURE;
    }

  title = vnl_design_get_title (design);
  g_print (_("Design: %s\n"), title ? title : _("(untitled)"));
  g_print (_("File: %s\n"), argv[1]);

  show_locations (design);
  show_networks (design);
  show_gateways (design);
  show_circuits (design);
  show_connections (design);
  show_peerings (design);
  show_nsgs (design);
  show_route_servers (design);

  return VNL_CLI_EXIT_OK;
}
