/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * The .vnetlab file format: XML in the namespace VNL_FILE_NAMESPACE with a
 * versioned root element <design version="1">, described by the RelaxNG
 * schema src/core/vnetlab.rng (compiled into the core as a resource).
 * samples/azure-interop-testbed.vnetlab shows every element.
 */

#define VNL_FILE_NAMESPACE   "urn:vnetlab:design:1"
#define VNL_FILE_VERSION     1
#define VNL_FILE_MAX_SIZE    (64 * 1024 * 1024)

#define VNL_FILE_ERROR (vnl_file_error_quark ())

typedef enum
{
  VNL_FILE_ERROR_IO,          /* cannot read or write */
  VNL_FILE_ERROR_TOO_LARGE,   /* over VNL_FILE_MAX_SIZE */
  VNL_FILE_ERROR_SYNTAX,      /* not well-formed XML */
  VNL_FILE_ERROR_SCHEMA,      /* not valid against the schema */
  VNL_FILE_ERROR_VERSION,     /* unknown namespace or version */
  VNL_FILE_ERROR_INVALID,     /* semantic problems (see VnlProblem) */
  VNL_FILE_ERROR_READ_ONLY,   /* saving over a read-only file */
} VnlFileError;

GQuark vnl_file_error_quark (void);

/* One problem found by validation. */
typedef struct
{
  char *file;      /* owned, nullable */
  guint line;      /* 0 when unknown */
  char *message;   /* owned, translated */
  char *object;    /* owned, nullable: the object's name */
} VnlProblem;

void        vnl_problem_free       (VnlProblem *problem);
/* "FILE:LINE: message (object)" */
char       *vnl_problem_to_string  (const VnlProblem *problem);

/* Loads a design. Fails on I/O, size, syntax, schema or version errors;
 * semantic problems do not make loading fail (the design is returned whole,
 * nothing is dropped), use vnl_design_validate() for those. The error
 * message of a failure starts with "FILE:LINE: ". */
VnlDesign  *vnl_design_load        (const char  *path,
                                    GError     **error);
VnlDesign  *vnl_design_load_from_data (const char  *data,
                                       gsize        length,
                                       const char  *display_name,
                                       GError     **error);
/* Every semantic problem, in file order; an empty array when valid.
 * @file is used in the problems' file field. */
GPtrArray  *vnl_design_validate    (VnlDesign   *design,
                                    const char  *file);
/* Loads and validates: all schema and semantic problems of the file. */
GPtrArray  *vnl_file_check         (const char  *path);

/* Atomic: writes PATH.tmp-XXXXXX, fsyncs, keeps the previous file as
 * PATH~ and renames. A symbolic link is followed first: the target is
 * replaced (keeping its mode) and the link stays a link. Refuses a
 * read-only file (VNL_FILE_ERROR_READ_ONLY) and anything that is not a
 * regular file. */
gboolean    vnl_design_save        (VnlDesign   *design,
                                    const char  *path,
                                    GError     **error);
char       *vnl_design_to_data     (VnlDesign   *design,
                                    gsize       *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlProblem, vnl_problem_free)

G_END_DECLS
