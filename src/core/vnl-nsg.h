/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * Network security groups: the text of their rules (sources, destinations
 * and ports as the file, the inspector and the CLI write them), the
 * default rules Azure adds to every group, and a flow — what a packet is
 * besides its two addresses — that traces, pings and the matrix are
 * filtered for. The evaluation itself (which groups a packet meets, which
 * rule matches) is vnl-nsg.c over the network.
 */

/* The protocol and ports of a flow; the addresses are the trace's. Ports
 * are ignored for ICMP. */
typedef struct
{
  VnlProtocol protocol;
  guint16     source_port;
  guint16     port;          /* destination port */
} VnlFlow;

/* A trace with no protocol given is an ICMP echo, as ping and tracert
 * send; a TCP or UDP flow with no source port comes from this ephemeral
 * port (the first of the IANA dynamic range, RFC 6335). */
#define VNL_FLOW_DEFAULT_SOURCE_PORT 49152

extern const VnlFlow vnl_flow_icmp;

/* "Tcp", "Udp", "Icmp", "*": the names of the file and of Azure. */
const char  *vnl_protocol_to_string   (VnlProtocol      protocol);
/* Any case; "any" and "*" are VNL_PROTO_ANY. */
gboolean     vnl_protocol_parse       (const char      *text,
                                       VnlProtocol     *protocol);
/* The CLI's --protocol, --port and --source-port (each nullable). */
gboolean     vnl_flow_parse           (const char      *protocol,
                                       const char      *port,
                                       const char      *source_port,
                                       VnlFlow         *flow,
                                       GError         **error);
/* "TCP port 443 (from 49152)", "ICMP": for people. */
char        *vnl_flow_to_string       (const VnlFlow   *flow);

/* "Inbound" / "Outbound". */
const char  *vnl_nsg_direction_to_string (VnlNsgDirection direction);

/* Sources and destinations: comma-separated prefixes, addresses, "*" and
 * the service tags VirtualNetwork, Internet and AzureLoadBalancer. */
GArray      *vnl_nsg_addrs_parse      (const char      *text,
                                       GError         **error);
char        *vnl_nsg_addrs_to_string  (GArray          *addrs);
/* Ports: "*" (an empty list) or comma-separated ports and ranges N-M. */
GArray      *vnl_nsg_ports_parse      (const char      *text,
                                       GError         **error);
char        *vnl_nsg_ports_to_string  (GArray          *ports);

VnlNsgRule  *vnl_nsg_rule_new         (void);
void         vnl_nsg_rule_free        (VnlNsgRule      *rule);
void         vnl_nsg_nic_free         (VnlNsgNic       *nic);

/* The default rules of every group in @direction, by priority (65000,
 * 65001, 65500), static and never editable. */
const VnlNsgRule * const *vnl_nsg_default_rules (VnlNsgDirection  direction,
                                                 guint           *n);
/* Is @rule one of them? */
gboolean     vnl_nsg_rule_is_default  (const VnlNsgRule *rule);

/* The lowest and highest priority of a rule of one's own. */
#define VNL_NSG_MIN_PRIORITY 100
#define VNL_NSG_MAX_PRIORITY 4096

/* One group a packet met (NSG diagnostics): the rules of its direction
 * evaluated in priority order, the one that matched last. */
typedef struct
{
  const char      *group;      /* borrowed: the group's name */
  char            *attached;   /* owned: "VNET/SUBNET" or the NIC's endpoint */
  gboolean         on_subnet;
  VnlNsgDirection  direction;
  const char      *node;       /* borrowed: the endpoint where it was applied */
  GPtrArray       *evaluated;  /* owned container of borrowed VnlNsgRule* */
  gboolean         allowed;
  /* An Azure Firewall's network rules instead of a group (vnl-firewall.h):
   * `group` and `node` are the firewall's name, `evaluated` is empty and
   * these hold the rules evaluated, the one that matched last. */
  const VnlFirewall *firewall;   /* borrowed, NULL for a group */
  GArray          *fw_evaluated; /* owned, of VnlFwHit, NULL for a group */
  gboolean         fw_matched;   /* FALSE: no rule matched (denied by default) */
} VnlNsgCheck;

void         vnl_nsg_check_free       (VnlNsgCheck     *check);
/* The rule that decided. */
const VnlNsgRule *vnl_nsg_check_rule  (const VnlNsgCheck *check);
/* "rule DenyAllInBound (priority 65500) of network security group nsg1
 * on subnet v1/app": for people. */
char        *vnl_nsg_check_describe   (const VnlNsgCheck *check);

/* The check as JSON (NSG diagnostics: `flow --json`, `trace --json`, the
 * report): the group or firewall, where, the verdict, the rule that
 * decided and every rule evaluated. */
void         vnl_nsg_check_to_json    (const VnlNsgCheck *check,
                                       JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlNsgCheck, vnl_nsg_check_free)

G_END_DECLS
