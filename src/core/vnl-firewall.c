/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-firewall"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vnl-firewall.h"
#include "vnl-network-private.h"

/*
 * DOC: Azure Firewall network rules
 *
 * A firewall (VnlFirewall) holds its policy's rule collection groups
 * (VnlFwGroup), each of network rule collections (VnlFwCollection: a
 * priority and one action for all its rules), each of rules (VnlFwRule:
 * protocols, sources, destinations, destination ports). vnetlab models a
 * Firewall Policy, not classic rules: "Firewall Policy is the recommended
 * method" and current hub designs use it; a policy is a resource of its
 * own in Azure that several firewalls may share, here it is the policy of
 * one firewall (the file nests it in the firewall). The rules, quoted from
 * articles/firewall/rule-processing.md and policy-rule-sets.md:
 *  - "Azure Firewall denies all traffic by default, until rules are
 *    manually configured to allow traffic": a firewall with no rule, or a
 *    flow no rule matches, is denied;
 *  - rule collection groups are "the first unit processed by the firewall
 *    and follow a priority order", then the collections of a group by
 *    their priority, "lower numbers to higher numbers from 100 to 65,000";
 *    "The rules are terminating, so rule processing stops on a match";
 *  - "network rules are applied in priority order before application
 *    rules": vnetlab models network rules only (application rules filter
 *    HTTP, HTTPS and MSSQL by name, which a design of addresses cannot
 *    say), so a flow no network rule matches is denied;
 *  - Azure Firewall is "a fully stateful firewall-as-a-service"
 *    (firewall-faq.md): the reply of an allowed flow is not filtered
 *    (vnl-forward.c walks replies unfiltered).
 * Where the documentation is silent vnetlab assumes: the rules of one
 * collection (one action) are looked at in file order, which decides only
 * the rule named; an ICMP flow matches only a rule whose destination
 * ports are "*" (as for network security groups); two groups or two
 * collections of one group with the same priority (validation reports
 * them) keep their file order. DNAT rules and threat intelligence are not
 * modelled.
 */

static const struct
{
  const char *name;
  guint       bits;
} protocol_names[] = {
  { "TCP",  1u << VNL_PROTO_TCP },
  { "UDP",  1u << VNL_PROTO_UDP },
  { "ICMP", 1u << VNL_PROTO_ICMP },
  { "Any",  VNL_FW_PROTO_ANY },
};

char *
vnl_fw_protocols_to_string (guint protocols)
{
  GString *out;

  if ((protocols & VNL_FW_PROTO_ANY) == VNL_FW_PROTO_ANY)
    return g_strdup ("Any");
  out = g_string_new (NULL);
  for (guint i = 0; i < 3; i++)
    if (protocols & protocol_names[i].bits)
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, protocol_names[i].name);
      }
  return g_string_free (out, FALSE);
}

gboolean
vnl_fw_protocols_parse (const char  *text,
                        guint       *protocols,
                        GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  guint bits = 0;

  g_return_val_if_fail (protocols != NULL, FALSE);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      gboolean known = FALSE;

      if (*part == '\0')
        continue;
      for (guint p = 0; p < G_N_ELEMENTS (protocol_names) && !known; p++)
        if (g_ascii_strcasecmp (part, protocol_names[p].name) == 0 || (p == 3 && strcmp (part, "*") == 0))
          {
            bits |= protocol_names[p].bits;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       _("unknown protocol “%s” (TCP, UDP, ICMP or Any)"), part);
          return FALSE;
        }
    }
  if (bits == 0)
    {
      g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                   "%s", _("no protocol: give TCP, UDP, ICMP or Any"));
      return FALSE;
    }
  *protocols = bits;
  return TRUE;
}

GArray *
vnl_fw_addrs_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GArray) addrs = vnl_nsg_addrs_parse (text, error);

  if (addrs == NULL)
    return NULL;
  for (guint i = 0; i < addrs->len; i++)
    {
      VnlNsgAddrKind kind = g_array_index (addrs, VnlNsgAddr, i).kind;

      if (kind != VNL_NSG_ADDR_PREFIX && kind != VNL_NSG_ADDR_ANY)
        {
          g_set_error (error, VNL_DESIGN_ERROR, VNL_DESIGN_ERROR_INVALID,
                       "%s", _("a firewall rule takes prefixes, addresses and “*”, not service tags"));
          return NULL;
        }
    }
  return g_steal_pointer (&addrs);
}

VnlFwRule *
vnl_fw_rule_new (void)
{
  VnlFwRule *rule = g_new0 (VnlFwRule, 1);

  rule->protocols = VNL_FW_PROTO_ANY;
  rule->sources = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  rule->destinations = g_array_new (FALSE, FALSE, sizeof (VnlNsgAddr));
  rule->destination_ports = g_array_new (FALSE, FALSE, sizeof (VnlPortRange));
  return rule;
}

void
vnl_fw_rule_free (VnlFwRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_clear_pointer (&rule->sources, g_array_unref);
  g_clear_pointer (&rule->destinations, g_array_unref);
  g_clear_pointer (&rule->destination_ports, g_array_unref);
  g_free (rule);
}

VnlFwCollection *
vnl_fw_collection_new (void)
{
  VnlFwCollection *collection = g_new0 (VnlFwCollection, 1);

  collection->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_fw_rule_free);
  return collection;
}

void
vnl_fw_collection_free (VnlFwCollection *collection)
{
  if (collection == NULL)
    return;
  g_free (collection->name);
  g_clear_pointer (&collection->rules, g_ptr_array_unref);
  g_free (collection);
}

VnlFwGroup *
vnl_fw_group_new (void)
{
  VnlFwGroup *group = g_new0 (VnlFwGroup, 1);

  group->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_fw_collection_free);
  return group;
}

void
vnl_fw_group_free (VnlFwGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_clear_pointer (&group->collections, g_ptr_array_unref);
  g_free (group);
}

VnlFwGroup *
vnl_fw_group_new_allow_all (void)
{
  VnlFwGroup *group = vnl_fw_group_new ();
  VnlFwCollection *collection = vnl_fw_collection_new ();
  VnlFwRule *rule = vnl_fw_rule_new ();
  VnlNsgAddr any = { VNL_NSG_ADDR_ANY, { 0, 0 } };

  group->name = g_strdup (VNL_FW_ALLOW_ALL_GROUP);
  group->priority = VNL_FW_MAX_PRIORITY;
  collection->name = g_strdup ("allow-all");
  collection->priority = VNL_FW_MAX_PRIORITY;
  collection->allow = TRUE;
  rule->name = g_strdup ("any");
  g_array_append_val (rule->sources, any);
  g_array_append_val (rule->destinations, any);
  g_ptr_array_add (collection->rules, rule);
  g_ptr_array_add (group->collections, collection);
  return group;
}

guint
vnl_firewall_count_rules (VnlFirewall *firewall)
{
  guint n = 0;

  g_return_val_if_fail (firewall != NULL, 0);

  for (guint g = 0; firewall->rule_groups != NULL && g < firewall->rule_groups->len; g++)
    {
      VnlFwGroup *group = firewall->rule_groups->pdata[g];
      for (guint c = 0; c < group->collections->len; c++)
        n += ((VnlFwCollection *) group->collections->pdata[c])->rules->len;
    }
  return n;
}

const VnlFwHit *
vnl_nsg_check_fw_hit (const VnlNsgCheck *check)
{
  g_return_val_if_fail (check != NULL, NULL);

  if (check->fw_evaluated == NULL || !check->fw_matched || check->fw_evaluated->len == 0)
    return NULL;
  return &g_array_index (check->fw_evaluated, VnlFwHit, check->fw_evaluated->len - 1);
}

/* ---------------------------------------------------------------------- */
/* Evaluation                                                             */

static gboolean
addr_matches (GArray  *addrs,
              guint32  addr)
{
  for (guint i = 0; i < addrs->len; i++)
    {
      const VnlNsgAddr *a = &g_array_index (addrs, VnlNsgAddr, i);

      if (a->kind == VNL_NSG_ADDR_ANY ||
          (a->kind == VNL_NSG_ADDR_PREFIX && vnl_prefix_contains_ip (&a->prefix, addr)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
rule_matches (const VnlFwRule *rule,
              guint32          src,
              guint32          dst,
              const VnlFlow   *flow)
{
  if (!(rule->protocols & (1u << flow->protocol)))
    return FALSE;
  if (flow->protocol == VNL_PROTO_ICMP)
    {
      /* No ports: only a rule for any port matches (assumed, see the top). */
      if (rule->destination_ports->len > 0)
        return FALSE;
    }
  else
    {
      gboolean port = rule->destination_ports->len == 0;

      for (guint i = 0; i < rule->destination_ports->len && !port; i++)
        {
          const VnlPortRange *range = &g_array_index (rule->destination_ports, VnlPortRange, i);
          port = flow->port >= range->lo && flow->port <= range->hi;
        }
      if (!port)
        return FALSE;
    }
  return addr_matches (rule->sources, src) && addr_matches (rule->destinations, dst);
}

static int
compare_group (gconstpointer a,
               gconstpointer b)
{
  const VnlFwGroup *x = *(const VnlFwGroup * const *) a;
  const VnlFwGroup *y = *(const VnlFwGroup * const *) b;

  return x->priority < y->priority ? -1 : x->priority > y->priority;
}

static int
compare_collection (gconstpointer a,
                    gconstpointer b)
{
  const VnlFwCollection *x = *(const VnlFwCollection * const *) a;
  const VnlFwCollection *y = *(const VnlFwCollection * const *) b;

  return x->priority < y->priority ? -1 : x->priority > y->priority;
}

/* The rule of @firewall that decides a packet, by group priority, then
 * collection priority, then file order; FALSE when none matches. With
 * @evaluated, every rule looked at, the deciding one last. */
static gboolean
firewall_decide (VnlFirewall   *firewall,
                 guint32        src,
                 guint32        dst,
                 const VnlFlow *flow,
                 GArray        *evaluated,
                 VnlFwHit      *hit)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  for (guint g = 0; firewall->rule_groups != NULL && g < firewall->rule_groups->len; g++)
    g_ptr_array_add (groups, firewall->rule_groups->pdata[g]);
  /* Stable: equal priorities keep their file order. */
  g_ptr_array_sort (groups, compare_group);

  for (guint g = 0; g < groups->len; g++)
    {
      VnlFwGroup *group = groups->pdata[g];
      g_autoptr(GPtrArray) collections = g_ptr_array_new ();

      for (guint c = 0; c < group->collections->len; c++)
        g_ptr_array_add (collections, group->collections->pdata[c]);
      g_ptr_array_sort (collections, compare_collection);
      for (guint c = 0; c < collections->len; c++)
        {
          VnlFwCollection *collection = collections->pdata[c];

          for (guint r = 0; r < collection->rules->len; r++)
            {
              VnlFwHit h = { group, collection, collection->rules->pdata[r] };

              if (evaluated != NULL)
                g_array_append_val (evaluated, h);
              if (rule_matches (h.rule, src, dst, flow))
                {
                  *hit = h;
                  return TRUE;
                }
            }
        }
    }
  return FALSE;
}

gboolean
_vnl_firewall_allows (VnlNetwork    *net,
                      VnlFirewall   *firewall,
                      guint32        src,
                      guint32        dst,
                      const VnlFlow *flow,
                      GPtrArray     *checks)
{
  VnlNsgCheck *check = NULL;
  VnlFwHit hit = { NULL, NULL, NULL };
  gboolean matched;

  g_return_val_if_fail (firewall != NULL && flow != NULL, FALSE);

  if (checks != NULL)
    {
      check = g_new0 (VnlNsgCheck, 1);
      check->group = firewall->parent.name;
      check->attached = g_strdup (firewall->parent.name);
      check->direction = VNL_NSG_INBOUND;
      check->node = firewall->parent.name;
      check->evaluated = g_ptr_array_new ();
      check->firewall = firewall;
      check->fw_evaluated = g_array_new (FALSE, FALSE, sizeof (VnlFwHit));
      g_ptr_array_add (checks, check);
    }
  /* "Azure Firewall denies all traffic by default". */
  matched = firewall_decide (firewall, src, dst, flow, check != NULL ? check->fw_evaluated : NULL, &hit);
  if (check != NULL)
    {
      check->fw_matched = matched;
      check->allowed = matched && hit.collection->allow;
    }
  return matched && hit.collection->allow;
}

char *
_vnl_firewall_check_describe (const VnlNsgCheck *check)
{
  const VnlFwHit *hit = vnl_nsg_check_fw_hit (check);

  if (hit == NULL)
    return g_strdup_printf (_("the default deny of Azure Firewall %s (no network rule matches)"), check->group);
  return g_strdup_printf (_("rule %s of network rule collection %s (priority %u, %s) in rule collection group %s "
                            "(priority %u) of Azure Firewall %s"),
                          hit->rule->name != NULL ? hit->rule->name : "", hit->collection->name,
                          hit->collection->priority, hit->collection->allow ? "Allow" : "Deny",
                          hit->group->name, hit->group->priority, check->group);
}

/* The rules' prefixes: every address of one atom of the matrix gets the
 * same verdict from every firewall. */
void
_vnl_firewall_add_prefixes (VnlNetwork *net,
                            GArray     *prefixes)
{
  GPtrArray *firewalls = vnl_design_get_objects (net->design, VNL_KIND_FIREWALL);

  for (guint f = 0; f < firewalls->len; f++)
    {
      GPtrArray *groups = ((VnlFirewall *) firewalls->pdata[f])->rule_groups;

      for (guint g = 0; groups != NULL && g < groups->len; g++)
        {
          VnlFwGroup *group = groups->pdata[g];

          for (guint c = 0; c < group->collections->len; c++)
            {
              VnlFwCollection *collection = group->collections->pdata[c];

              for (guint r = 0; r < collection->rules->len; r++)
                {
                  VnlFwRule *rule = collection->rules->pdata[r];
                  GArray *lists[2] = { rule->sources, rule->destinations };

                  for (guint l = 0; l < 2; l++)
                    for (guint i = 0; i < lists[l]->len; i++)
                      if (g_array_index (lists[l], VnlNsgAddr, i).kind == VNL_NSG_ADDR_PREFIX)
                        g_array_append_val (prefixes, g_array_index (lists[l], VnlNsgAddr, i).prefix);
                }
            }
        }
    }
}
