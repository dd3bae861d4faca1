/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"
#include "vnl-history.h"
#include "vnl-kinds.h"

G_BEGIN_DECLS

/*
 * The list-valued parts of objects, editable row by row: a VNet's subnets,
 * a gateway's instance addresses, a CE router's BGP neighbour policies, a
 * site's hops. Locations have scalar settings (kind, display name, intra
 * latency) and the one-way latencies to other locations.
 *
 * Each list is one history property: its whole value is encoded as text
 * (rows separated by newlines, fields by tabs), so that an edit of any row
 * is one undoable step through vnl_history_set_property() with
 * vnl_lists_access(). The setter validates every field and refuses the
 * whole list when one is wrong, saying which.
 */

typedef struct
{
  const char      *key;
  const char      *label;       /* N_() */
  VnlFieldType  type;        /* TEXT, UINT, IP or PREFIXES */
  gboolean         optional;
  guint            min;         /* UINT bounds */
  guint            max;
  const char      *placeholder; /* nullable: an example, or N_() words */
  /* Nullable: the only values the column takes (NULL-terminated; a
   * VNL_FIELD_CHOICE column), offered in a picker and checked as typed. */
  const char * const *choices;
  /* Nullable: values to offer from the design for a row (the others of
   * the row as shown, one per column), typed values still accepted. */
  char          **(*suggest) (VnlDesign         *design,
                              gpointer           object,
                              const char * const *row);
} VnlListColumn;

typedef struct
{
  const char          *key;          /* history key, e.g. "subnets" */
  const char          *label;        /* N_(): section heading */
  const char          *add_label;    /* N_(): "Add Subnet" */
  const VnlListColumn *columns;
  guint                n_columns;
} VnlList;

/* The lists of @kind, NULL-terminated (empty when none). */
const VnlList * const   *vnl_lists_for_kind      (VnlKind           kind);
/* The rows of @list in @object: (transfer full) array of GStrv, one field
 * per column. */
GPtrArray               *vnl_list_get_rows       (gpointer          object,
                                                  const VnlList    *list);
char                    *vnl_list_encode         (const VnlList    *list,
                                                  GPtrArray        *rows);
/* A row to add to @object's @list, filled with usable values. */
char                   **vnl_list_new_row        (VnlDesign        *design,
                                                  gpointer          object,
                                                  const VnlList    *list);
/* What a picker offers for @column of a row (@row: the row's fields as
 * shown, nullable): its choices or the design's suggestions, NULL when
 * it offers nothing. (transfer full) */
char                   **vnl_list_column_offers  (VnlDesign        *design,
                                                  gpointer          object,
                                                  const VnlListColumn *column,
                                                  const char * const *row);
/* Checks one field as typed. */
gboolean                 vnl_list_validate_field (const VnlListColumn *column,
                                                  const char       *text,
                                                  GError          **error);
/* For vnl_object_get_text() and vnl_object_set_text(): keys are list keys,
 * the location settings "location-kind", "display-name", "intra-latency",
 * and "latency:OTHER" (ms to location OTHER, empty: the design default). */
char                    *_vnl_lists_get_text     (VnlDesign        *design,
                                                  gpointer          object,
                                                  const char       *key);
gboolean                 _vnl_lists_set_text     (VnlDesign        *design,
                                                  gpointer          object,
                                                  const char       *key,
                                                  const char       *text,
                                                  GError          **error);
char                    *_vnl_lists_describe     (VnlDesign        *design,
                                                  gpointer          object,
                                                  const char       *key);

/* A one-way latency as typed ("1.5", "1,5"): 0 to 10000 ms. */
gboolean                 vnl_lists_parse_latency (const char       *text,
                                                  double           *ms,
                                                  GError          **error);
/* Adds an Azure region with an unused name ("location1"…) as one
 * undoable step; returns it (owned by the design). */
VnlLocation             *vnl_lists_add_location  (VnlHistory       *history);
/* The objects that name @location (VNets, sites, circuits, LNGs) in words,
 * or NULL when none does. */
char                    *vnl_lists_location_users (VnlDesign       *design,
                                                  VnlLocation      *location);
/* Removes @location with its latencies as one undoable step; refuses,
 * saying by what, while an object is in it. */
gboolean                 vnl_lists_remove_location (VnlHistory     *history,
                                                  VnlLocation      *location,
                                                  GError          **error);

G_END_DECLS
