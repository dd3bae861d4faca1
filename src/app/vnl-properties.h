/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * The editable properties of each object kind, as text: what the inspector
 * shows and what duplicate copies. Every value is validated by the setter
 * (vnl_prefix_parse, vnl_ip_parse…), which says why it refuses.
 */

typedef enum
{
  VNL_PROPERTY_TEXT,       /* free text, may be empty when optional */
  VNL_PROPERTY_UINT,
  VNL_PROPERTY_IP,         /* one IPv4 address; optional ones may be empty */
  VNL_PROPERTY_PREFIXES,   /* comma-separated prefixes */
  VNL_PROPERTY_BOOL,       /* "true" / "false" */
  VNL_PROPERTY_CHOICE,     /* one of `choices` */
} VnlPropertyType;

typedef struct
{
  const char      *key;
  const char      *label;      /* N_() */
  VnlPropertyType  type;
  gboolean         optional;
  gsize            offset;     /* of the field in the kind's struct */
  guint            min;        /* UINT bounds */
  guint            max;
  const char      *choices[4]; /* CHOICE: stored values, index = enum value */
  const char      *tooltip;    /* N_(), nullable */
} VnlProperty;

/* Properties of @kind, terminated by an entry whose key is NULL. */
const VnlProperty       *vnl_properties_for_kind (VnlKind            kind);
const VnlProperty       *vnl_property_lookup     (VnlKind            kind,
                                                  const char        *key);
char                    *vnl_property_get        (gpointer           object,
                                                  const VnlProperty *property);
/* Validates without storing. */
gboolean                 vnl_property_validate   (const VnlProperty *property,
                                                  const char        *text,
                                                  GError           **error);
gboolean                 vnl_property_set        (gpointer           object,
                                                  const VnlProperty *property,
                                                  const char        *text,
                                                  GError           **error);
const char              *vnl_property_choice_label (const char      *choice);
/* For vnl_history_set_property(): the key names a property of the
 * object's kind. */
const VnlPropertyAccess *vnl_properties_access   (void);
/* Kind name shown to the user ("VNet", "ExpressRoute circuit"…). */
const char              *vnl_kind_get_label      (gpointer           object);

G_END_DECLS
