/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * The table of object kinds.
 *
 * Every object kind is described once, in vnl-kinds.c, as a VnlKindInfo:
 * its file name, label, icon, whether it is drawn as a node or as a link,
 * and its fields. Each field (VnlField) says where it lives in the kind's
 * struct, its type, its names in the file and in JSON, and its role: a
 * reference to an object of one or two kinds, the owner the object cannot
 * exist without, end A or end B of a link, a secret. The generic code walks
 * this table instead of listing kinds by hand: references and their checks,
 * rename, cascading delete, copy, the inspector's rows, the JSON of an
 * object. Modelled on BIRD's bgp_attr_table[] (proto/bgp/attrs.c).
 *
 * Invariants: vnl_kind_get_info (k)->kind == k for every kind; a field with
 * a reference role has type VNL_FIELD_STRING and ref_kind set; a link kind
 * has exactly one END_A and one END_B field.
 */

typedef enum
{
  VNL_FIELD_STRING,    /* char *, NULL when unset */
  VNL_FIELD_UINT,      /* guint */
  VNL_FIELD_IP,        /* guint32, 0 = unset when optional */
  VNL_FIELD_PREFIX,    /* one VnlPrefix */
  VNL_FIELD_PREFIXES,  /* GArray of VnlPrefix */
  VNL_FIELD_BOOL,      /* gboolean */
  VNL_FIELD_CHOICE,    /* an enum, index into `choices` */
  VNL_FIELD_OTHER,     /* a list the kind's own code handles (subnets, hops…) */
} VnlFieldType;

typedef enum
{
  VNL_ROLE_NONE,
  VNL_ROLE_REF,        /* names an object of ref_kind (or ref_kind_b) */
  VNL_ROLE_OWNER,      /* a reference the object cannot exist without */
  VNL_ROLE_END_A,      /* a link's first end (also a reference it needs) */
  VNL_ROLE_END_B,      /* a link's second end */
  VNL_ROLE_SECRET,     /* never shown, never in JSON */
} VnlFieldRole;

typedef enum
{
  VNL_FIELD_OPTIONAL = 1 << 0,  /* may be empty */
  VNL_FIELD_INSPECT  = 1 << 1,  /* a row of the inspector, editable as text */
  VNL_FIELD_COPY     = 1 << 2,  /* copied by duplicate / paste */
  VNL_FIELD_DETACH   = 1 << 3,  /* cleared, not cascaded, when the object named goes */
  VNL_FIELD_INTERNAL = 1 << 4,  /* kept in step by the loader: never checked */
  VNL_FIELD_SIDE_A   = 1 << 5,  /* a peering option of the END_A side */
  VNL_FIELD_SIDE_B   = 1 << 6,  /* a peering option of the END_B side */
  VNL_FIELD_ELEMENT  = 1 << 7,  /* in the file an element, not an attribute */
  VNL_FIELD_PART_OF  = 1 << 8,  /* this end is also the owner (a circuit's link) */
  VNL_FIELD_ASN      = 1 << 9,  /* an AS number: the loader reports one out of range as such */
  VNL_FIELD_OMIT     = 1 << 10, /* in the file, left out when unset (NULL, 0, FALSE); other
                                 * attributes are always written, a NULL string as "" */
} VnlFieldFlags;

typedef enum
{
  VNL_SHAPE_NONE,      /* not on the canvas (locations) */
  VNL_SHAPE_NODE,      /* a box with an icon */
  VNL_SHAPE_LINK,      /* a line between its END_A and END_B */
} VnlKindShape;

/* One reference inside a list field (a CE policy's peer): its slot and the
 * file line it came from. */
typedef struct
{
  char  **slot;
  guint   line;
} VnlRefSlot;

typedef struct
{
  const char    *key;          /* the file's attribute name, and the history key */
  const char    *label;        /* N_(), shown in the inspector and undo labels */
  VnlFieldType   type;
  VnlFieldRole   role;
  VnlFieldFlags  flags;
  gsize          offset;       /* of the field in the kind's struct */
  VnlKind        ref_kind;     /* references: the kind named */
  VnlKind        ref_kind_b;   /* references: the other kind allowed, or ref_kind */
  const char    *json;         /* JSON member name */
  guint          min;          /* UINT bounds */
  guint          max;
  const char    *choices[4];   /* CHOICE: stored values, index = enum value */
  const char    *tooltip;      /* N_(), nullable */
  const char    *ref_label;    /* references in lists: what problems call it */
  const char    *xml;          /* in the file: the attribute, or with VNL_FIELD_ELEMENT
                                * the child element, when not named like `key` */
  guint          file_max;     /* UINT: the largest value the loader takes, 0: G_MAXUINT32
                                * (above `max`, validation reports it) */
  /* VNL_FIELD_OTHER with a reference role: the @index-th reference. */
  gboolean     (*ref_slot) (gpointer    object,
                            guint       index,
                            VnlRefSlot *slot);
  /* VNL_FIELD_OTHER: the value as JSON. */
  void         (*to_json)  (gpointer     object,
                            JsonBuilder *builder);
} VnlField;

/* A tile of the palette, when a kind offers several or names its tile
 * differently: a new object from it gets @key set to @value (as text). */
typedef struct
{
  const char    *id;           /* the tile's name, a drag's payload; NULL ends a list */
  const char    *label;        /* N_() */
  const char    *icon;         /* NULL: the kind's */
  const char    *key;          /* nullable: a field set on a new object */
  const char    *value;
} VnlTile;

typedef struct
{
  VnlKind         kind;
  const char     *name;        /* in the file ("vnet") and in JSON */
  const char     *label;       /* N_(): "Virtual network" */
  const char     *icon;        /* resource name under icons/, NULL: none */
  VnlKindShape    shape;
  guint           layer;       /* drawing order within its shape: containers first */
  gboolean        container;   /* nodes of other kinds sit inside it (OWNER fields) */
  gboolean        palette;     /* the palette offers it */
  /* Azure holds no resource for it (locations, sites, CE routers): an ARM
   * template carries it in its metadata. An object owned by one of these
   * (a host in a site) is outside Azure too. */
  gboolean        outside_azure;
  const char     *hint;        /* N_(): the palette tile's tooltip */
  /* Optional, with `palette`: its tiles; otherwise one tile named like the
   * kind, with its label and icon. */
  const VnlTile  *tiles;
  gsize           size;        /* of the kind's struct */
  const VnlField *fields;      /* terminated by an entry whose key is NULL */
  /* Optional: a label that depends on the object (VPN or ExpressRoute
   * gateway), untranslated N_() string. */
  const char   *(*label_of) (gpointer object);
  /* Optional: an icon that depends on the object, instead of `icon`. */
  const char   *(*icon_of)  (gpointer object);
  /* Optional: defaults and the lists (VNL_FIELD_OTHER) of a new object,
   * and freeing those lists. Strings and prefix arrays of the fields are
   * made and freed by vnl_object_new() and vnl_object_free(). */
  void          (*init)     (gpointer object);
  void          (*finalize) (gpointer object);
} VnlKindInfo;

const VnlKindInfo *vnl_kind_get_info          (VnlKind            kind);
/* Translated label of @object's kind ("VPN gateway" for a VPN gateway). */
const char        *vnl_kind_get_label         (gpointer           object);
/* The icon of @object's kind (a file name under icons/, which the
 * renderer bundles), or NULL for kinds not drawn as a node. */
const char        *vnl_kind_get_icon          (gpointer           object);
const VnlField    *vnl_kind_lookup_field      (VnlKind            kind,
                                               const char        *key);
/* The field naming what an object of @kind sits in (its OWNER), or NULL. */
const VnlField    *vnl_kind_get_owner_field   (VnlKind            kind);
/* The attribute or element name of @field in the file. */
const char        *vnl_field_get_xml_name     (const VnlField    *field);
/* Fields whose role is a reference (REF, OWNER, END_A, END_B). */
gboolean           vnl_field_is_reference     (const VnlField    *field);
/* The kinds drawn as nodes or as links, by layer (the order they are
 * drawn in). */
const VnlKind     *vnl_kinds_nodes            (guint             *n_kinds);
const VnlKind     *vnl_kinds_links            (guint             *n_kinds);

/* A field's value as the inspector shows it and parses it back. */
char              *vnl_field_get_text         (gpointer           object,
                                               const VnlField    *field);
/* Validates without storing (@object may be NULL). */
gboolean           vnl_field_validate         (const VnlField    *field,
                                               const char        *text,
                                               GError           **error);
gboolean           vnl_field_set_text         (gpointer           object,
                                               const VnlField    *field,
                                               const char        *text,
                                               GError           **error);
const char        *vnl_field_choice_label     (const char        *choice);
/* The inspector's label of @field for @object in @design: a peering's
 * side options are named after the side's VNet. Newly allocated. */
char              *vnl_field_describe         (VnlDesign         *design,
                                               gpointer           object,
                                               const VnlField    *field);

/* Calls @func for every reference slot of @object, in field order (also
 * the empty ones: *slot->slot may be NULL). */
typedef void (*VnlReferenceFunc) (gpointer          object,
                                  const VnlField   *field,
                                  const VnlRefSlot *slot,
                                  gpointer          user_data);
void               vnl_object_foreach_reference (gpointer         object,
                                                 VnlReferenceFunc func,
                                                 gpointer         user_data);
/* Any editable value of @object as text, by key: a field of its kind, a
 * list ("subnets", rows encoded by vnl-lists.c) or a location's latency
 * ("latency:OTHER"). What vnl_history_set_property() edits. */
char              *vnl_object_get_text        (VnlDesign         *design,
                                               gpointer           object,
                                               const char        *key);
gboolean           vnl_object_set_text        (VnlDesign         *design,
                                               gpointer           object,
                                               const char        *key,
                                               const char        *text,
                                               GError           **error);
/* What @key is called in an undo label, translated, newly allocated. */
char              *vnl_object_describe_key    (VnlDesign         *design,
                                               gpointer           object,
                                               const char        *key);

/* Rewrites every reference of @object to @old_name; TRUE if any changed. */
gboolean           vnl_object_rename_references (gpointer         object,
                                                 const char      *old_name,
                                                 const char      *new_name);
/* Whether @other cannot exist without @object (its owner or a link end). */
gboolean           vnl_object_depends_on      (gpointer           other,
                                               gpointer           object);
/* The name of the object @object lives in or is part of (its OWNER field,
 * or the END_A of a part such as a circuit link), or NULL. */
const char        *vnl_object_get_owner       (gpointer           object);
/* Forgets the SECRET fields of @object (for copies leaving the design). */
void               vnl_object_clear_secrets   (gpointer           object);
/* Copies the VNL_FIELD_COPY fields of @from into @to (same kind), and its
 * owner: a copy sits in the same container. */
void               vnl_object_copy_fields     (gpointer           to,
                                               gpointer           from);

/* Adds the members of @object to the open JSON object of @builder: name,
 * kind, up, then each field under its JSON name, secrets left out. */
void               vnl_kind_object_to_json    (gpointer           object,
                                               JsonBuilder       *builder);

/* Route tables (VnlUdrTable): the free functions of their list rows. */
void               _vnl_udr_free              (VnlUdr            *udr);
void               _vnl_udr_subnet_free       (VnlUdrSubnet      *assoc);
/* The routing of a connection to a virtual hub (a VNet connection, or a
 * site-to-site or ExpressRoute connection), NULL for other objects. */
VnlHubRouting     *vnl_object_get_hub_routing (gpointer           object);
/* Virtual WAN static routes (VnlHubRoute). */
void               _vnl_hub_route_free        (VnlHubRoute       *route);

G_END_DECLS
