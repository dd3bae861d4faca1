/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * Import of an Azure estate: Azure CLI output (`-o json`, flattened),
 * Resource Graph results and ARM REST bodies (properties-wrapped), and ARM
 * templates (`resources[]`, evaluated by vnl-arm.c), in any mix.
 *
 * Every input is first turned into resource records — one per resource,
 * inline children (subnets, peerings, circuit peerings, Global Reach
 * connections, routes, security rules) included — keyed by their lower-case resource ID, so a
 * resource given twice (a VNet's inline peerings and `vnet peering list`)
 * is read once and references join case-insensitively. The records are then
 * read kind by kind into a new VnlDesign, through the table of kinds
 * (vnl_field_set_text), so every value is checked like a typed one.
 *
 * The import report (VnlImportRow) says what became of each resource, each
 * property left out, each reference to something not in the input and each
 * template value unknown until deployment. Secrets (connection shared keys)
 * are never read.
 */

#define VNL_IMPORT_ERROR (vnl_import_error_quark ())

typedef enum
{
  VNL_IMPORT_ERROR_IO,          /* cannot read the file */
  VNL_IMPORT_ERROR_SYNTAX,      /* not JSON (FILE:LINE:COLUMN) */
  VNL_IMPORT_ERROR_NOT_AZURE,   /* JSON, but no Azure resources in it */
  VNL_IMPORT_ERROR_INVALID,     /* a resource lacks a required property */
  VNL_IMPORT_ERROR_EXPRESSION,  /* a malformed template expression */
} VnlImportError;

GQuark vnl_import_error_quark (void);

typedef enum
{
  VNL_IMPORT_READ,       /* became an object of the design */
  VNL_IMPORT_MERGED,     /* read into another object (a subnet into its VNet) */
  VNL_IMPORT_IGNORED,    /* a resource or property vnetlab does not model */
  VNL_IMPORT_OUTSIDE,    /* a reference to a resource not in the input */
  VNL_IMPORT_UNKNOWN,    /* a template value known only once deployed */
} VnlImportStatus;

typedef struct
{
  VnlImportStatus  status;
  char            *file;      /* owned */
  char            *path;      /* owned: JSON path of the resource or property */
  char            *type;      /* owned, nullable: the resource type */
  char            *name;      /* owned, nullable: the resource name */
  char            *object;    /* owned, nullable: the design object */
  char            *message;   /* owned, translated */
} VnlImportRow;

typedef struct _VnlImport VnlImport;

VnlImport   *vnl_import_new          (void);
void         vnl_import_free         (VnlImport    *self);
/* Reads one input; fails on bad JSON (FILE:LINE:COLUMN) or input that
 * holds no Azure resources. Nothing is built until vnl_import_run(). */
gboolean     vnl_import_add_file     (VnlImport    *self,
                                      const char   *path,
                                      GError      **error);
gboolean     vnl_import_add_data     (VnlImport    *self,
                                      const char   *data,
                                      gssize        length,
                                      const char   *display_name,
                                      GError      **error);
/* Builds the design from every input added; NULL and @error when a
 * resource lacks a required property (its JSON path named). */
VnlDesign   *vnl_import_run          (VnlImport    *self,
                                      GError      **error);
/* Of VnlImportRow, in reading order (borrowed). */
GPtrArray   *vnl_import_get_report   (VnlImport    *self);
guint        vnl_import_count        (VnlImport    *self,
                                      VnlImportStatus status);
const char  *vnl_import_status_to_string (VnlImportStatus status);
/* The resource type without "microsoft.network/", or "-". */
const char  *vnl_import_row_get_short_type (const VnlImportRow *row);
/* The report as the table `vnetlab-cli import` prints: a heading, then one
 * line per row (STATUS TYPE NAME OBJECT FILE:PATH: why). */
char        *vnl_import_report_to_text (VnlImport    *self);
/* "N objects from N resources read; N ignored, …" for @design, the
 * result of vnl_import_run(). */
char        *vnl_import_summary      (VnlImport    *self,
                                      VnlDesign    *design);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlImport, vnl_import_free)

G_END_DECLS
