/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-nsg.h"

G_BEGIN_DECLS

/*
 * Azure Firewall network rules: the text of a rule's protocols and
 * addresses, the rule collection groups, collections and rules of a
 * firewall's policy, and what a check of a firewall (a VnlNsgCheck with
 * `firewall` set) evaluated. The evaluation is vnl-firewall.c over the
 * network.
 */

/* Collections and groups: "priority order … from 100 to 65,000"
 * (articles/firewall/rule-processing.md). */
#define VNL_FW_MIN_PRIORITY 100
#define VNL_FW_MAX_PRIORITY 65000

#define VNL_FW_PROTO_ANY ((1u << VNL_PROTO_TCP) | (1u << VNL_PROTO_UDP) | (1u << VNL_PROTO_ICMP))

/* "TCP,UDP", "ICMP", "Any": Azure's names, as the file writes them. */
char          *vnl_fw_protocols_to_string (guint            protocols);
/* Comma-separated TCP, UDP, ICMP, Any (any case). */
gboolean       vnl_fw_protocols_parse     (const char      *text,
                                           guint           *protocols,
                                           GError         **error);
/* Sources and destinations: comma-separated prefixes, addresses and "*"
 * (no service tags: those are a network security group's). */
GArray        *vnl_fw_addrs_parse         (const char      *text,
                                           GError         **error);

VnlFwRule       *vnl_fw_rule_new          (void);
void             vnl_fw_rule_free         (VnlFwRule       *rule);
VnlFwCollection *vnl_fw_collection_new    (void);
void             vnl_fw_collection_free   (VnlFwCollection *collection);
VnlFwGroup      *vnl_fw_group_new         (void);
void             vnl_fw_group_free        (VnlFwGroup      *group);

/* What a firewall of a file older than version 4 has: a group that allows
 * every flow (those firewalls forwarded everything). */
VnlFwGroup      *vnl_fw_group_new_allow_all (void);
#define VNL_FW_ALLOW_ALL_GROUP "vnetlab-v3-allow-all"

/* The number of network rules of @firewall. */
guint            vnl_firewall_count_rules (VnlFirewall     *firewall);

/* One rule a firewall evaluated, with where it sits. */
typedef struct
{
  const VnlFwGroup      *group;       /* borrowed */
  const VnlFwCollection *collection;  /* borrowed */
  const VnlFwRule       *rule;        /* borrowed */
} VnlFwHit;

/* The rule that decided a firewall check, NULL when none matched (the
 * default deny) or when @check is a group's. */
const VnlFwHit  *vnl_nsg_check_fw_hit     (const VnlNsgCheck *check);

G_END_DECLS
