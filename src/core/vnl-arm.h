/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A small evaluator of ARM template expressions ("[concat(parameters('p'),
 * '/default')]"), enough for templates from `az group export` and Bicep
 * builds: parameters() (their defaultValue), variables(), concat(),
 * format(), resourceId(), subscriptionResourceId(), subscription(),
 * resourceGroup(), toLower(), toUpper(), string(), if(), equals(), with
 * property access (`.id`) and indexes (`[0]`).
 *
 * A template has no subscription or resource group until it is deployed:
 * resourceId() builds IDs under VNL_ARM_SUBSCRIPTION and VNL_ARM_GROUP, the
 * same for every resource of the template, so references between them
 * join. Values known only after deployment — reference(), list*(),
 * resourceGroup().location — evaluate to "unknown": the string member is
 * replaced by JSON null and the reason is returned, never guessed.
 */

#define VNL_ARM_SUBSCRIPTION  "00000000-0000-0000-0000-000000000000"
#define VNL_ARM_GROUP         "template"

typedef struct _VnlArmContext VnlArmContext;

VnlArmContext *vnl_arm_context_new   (JsonObject     *template_root);
void           vnl_arm_context_free  (VnlArmContext  *ctx);

/* Evaluates every expression string inside @node (a deep copy is
 * returned). @unknowns receives, for each value unknown until deployed,
 * "JSONPATH: reason" (owned strings). Fails on a malformed expression, the
 * error naming @path. */
JsonNode      *vnl_arm_evaluate_tree (VnlArmContext  *ctx,
                                      JsonNode       *node,
                                      const char     *path,
                                      GPtrArray      *unknowns,
                                      GError        **error);

/* The ID of a resource of @type ("Microsoft.Network/virtualNetworks/subnets")
 * and @names ("hub/default") in the template's placeholder group. */
char          *vnl_arm_resource_id   (const char     *type,
                                      const char     *names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlArmContext, vnl_arm_context_free)

G_END_DECLS
