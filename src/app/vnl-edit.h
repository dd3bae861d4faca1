/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * Editing operations of the designer, independent of widgets: placing a new
 * node from the palette, connecting two nodes (the link kind follows from
 * the two ends) and duplicating. All go through the history, so each is
 * one undoable step.
 */

#define VNL_EDIT_ERROR (vnl_edit_error_quark ())

typedef enum
{
  VNL_EDIT_ERROR_NEEDS_CONTAINER,
  VNL_EDIT_ERROR_CANNOT_CONNECT,
  VNL_EDIT_ERROR_EXISTS,
  VNL_EDIT_ERROR_CANNOT_ASSOCIATE,
} VnlEditError;

GQuark vnl_edit_error_quark (void);

/* What the palette offers: its tiles, in the order of the table of kinds,
 * from the descriptors that have `palette` set (and their `tiles`). */
typedef guint VnlPlace;

guint       vnl_place_count       (void);
VnlKind     vnl_place_get_kind    (VnlPlace     place);
/* The tile's icon, a name under VNL_ICON_RESOURCE_PREFIX. */
const char *vnl_place_get_icon    (VnlPlace     place);

const char *vnl_place_to_id       (VnlPlace     place);
gboolean    vnl_place_from_id     (const char  *id,
                                   VnlPlace    *place);
const char *vnl_place_get_label   (VnlPlace     place);
const char *vnl_place_get_hint    (VnlPlace     place);
/* The container kind the place needs (VNL_N_KINDS: none, VNL_KIND_VNET,
 * VNL_KIND_SITE; an endpoint accepts a VNet or a site; a route table,
 * which needs none, accepts a VNet and is associated with its subnet). */
gboolean    vnl_place_accepts     (VnlPlace     place,
                                   VnlKind      container_kind);
gboolean    vnl_place_needs_container (VnlPlace place);

char       *vnl_edit_unique_name  (VnlDesign   *design,
                                   const char  *base);
/* @container: the VNet or site under the drop point, nullable. */
gpointer    vnl_edit_place        (VnlHistory  *history,
                                   VnlPlace     place,
                                   double       x,
                                   double       y,
                                   gpointer     container,
                                   GError     **error);
/* Creates the link implied by the two nodes, or says why there is none. */
gpointer    vnl_edit_connect      (VnlHistory  *history,
                                   gpointer     a,
                                   gpointer     b,
                                   GError     **error);
/* Associates @group (a network security group or a route table) with
 * @target as one step: a VNet's first subnet that has none of its kind
 * (never the GatewaySubnet for a group; last for a table), an endpoint's
 * NIC (a group) or the endpoint's subnet (a table). Refuses, saying why,
 * a subnet or NIC that has one already ("one network security group per
 * subnet and network interface", as validation reports). Returns the
 * association in words ("subnet spoke3/data", "the NIC of db-vm"). */
char       *vnl_edit_associate    (VnlHistory  *history,
                                   gpointer     group,
                                   gpointer     target,
                                   GError     **error);
/* Whether an object of @kind dropped on @target could be associated
 * with it (a drop from the palette asks before placing). */
gboolean    vnl_edit_can_associate (VnlDesign  *design,
                                    VnlKind     kind,
                                    gpointer    target,
                                    GError    **error);
/* Copies the nodes of @objects (offset by one grid step); returns the
 * copies (container). */
GPtrArray  *vnl_edit_duplicate    (VnlHistory  *history,
                                   GPtrArray   *objects);
/* The selection and what it takes along (contents, connections between
 * copied nodes, locations) as a .vnetlab document without shared keys. */
char       *vnl_edit_copy         (VnlDesign   *design,
                                   GPtrArray   *objects,
                                   gsize       *length);
/* Pastes such a document as one step: renamed where names are taken,
 * moved by one grid step. Returns the pasted nodes. */
GPtrArray  *vnl_edit_paste        (VnlHistory  *history,
                                   const char  *data,
                                   gsize        length,
                                   GError     **error);

G_END_DECLS
