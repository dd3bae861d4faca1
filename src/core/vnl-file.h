/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * The .vnetlab file format: XML in the namespace VNL_FILE_NAMESPACE with a
 * versioned root element <design version="3"> (versions 1 and 2, the
 * same format without advertisements and without route tables, still load), described by the RelaxNG
 * schema src/core/vnetlab.rng (compiled into the core as a resource).
 * samples/azure-interop-testbed.vnetlab shows every element.
 */

#define VNL_FILE_NAMESPACE   "urn:vnetlab:design:1"
#define VNL_FILE_VERSION     5

/* The format's limits (docs/file-format.md): far above what Azure allows
 * in one subscription, low enough that a file within them loads in
 * seconds and a few hundred megabytes. */
#define VNL_FILE_MAX_SIZE         (64 * 1024 * 1024)
#define VNL_FILE_MAX_DEPTH        16
#define VNL_FILE_MAX_ELEMENTS     4000000
#define VNL_FILE_MAX_LOCATIONS    10000
#define VNL_FILE_MAX_VNETS        50000
#define VNL_FILE_MAX_ENDPOINTS    250000
#define VNL_FILE_MAX_GATEWAYS     100000
#define VNL_FILE_MAX_CIRCUITS     10000    /* and twice as many links */
#define VNL_FILE_MAX_SITES        50000
#define VNL_FILE_MAX_CES          100000
#define VNL_FILE_MAX_LNGS         50000
#define VNL_FILE_MAX_CONNECTIONS  100000   /* of each kind */
#define VNL_FILE_MAX_PEERINGS     250000
/* Schema errors told in one GError; all of them are counted, and
 * vnl_file_check() returns every one. */
#define VNL_FILE_MAX_ERROR_LINES  100

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
  VNL_FILE_ERROR_LIMIT,       /* over one of the format's limits */
} VnlFileError;

GQuark vnl_file_error_quark (void);

typedef enum
{
  VNL_SEVERITY_ERROR,     /* Azure refuses the design (the default) */
  VNL_SEVERITY_WARNING,   /* Azure accepts it, but it cannot work */
} VnlSeverity;

/* One problem found by validation. */
typedef struct
{
  char *file;      /* owned, nullable */
  guint line;      /* 0 when unknown */
  char *message;   /* owned, translated */
  char *object;    /* owned, nullable: the object's name */
  VnlSeverity severity;
} VnlProblem;

void        vnl_problem_free       (VnlProblem *problem);
/* "FILE:LINE: message (object)"; a warning reads
 * "FILE:LINE: warning: message (object)". */
char       *vnl_problem_to_string  (const VnlProblem *problem);
/* How many of @problems (of VnlProblem*) have @severity. A design with
 * warnings only can still be routed. */
guint       vnl_problems_count     (GPtrArray        *problems,
                                    VnlSeverity       severity);

/* Loads a design. Fails on I/O (including anything that is not a regular
 * file), size, limit, syntax, schema or version errors;
 * semantic problems do not make loading fail (the design is returned whole,
 * nothing is dropped), use vnl_design_validate() for those. The error
 * message of a failure starts with "FILE:LINE: ". */
VnlDesign  *vnl_design_load        (const char  *path,
                                    GError     **error);
/* Like vnl_design_load(), and callable from any thread (a design per
 * call; libxml2's error handlers are the thread's own): fails with
 * G_IO_ERROR_CANCELLED soon after @cancellable is cancelled, during the
 * read, the parse or the build. */
VnlDesign  *vnl_design_load_cancellable (const char    *path,
                                         GCancellable  *cancellable,
                                         GError       **error);
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
/* Whether the two ends of the BGP session that runs over @connection (a
 * circuit link, or a site-to-site connection whose local network gateway
 * stands for a CE) agree on each other's ASN and address. A session whose
 * ends disagree never comes up; @reason (nullable) then gets a translated
 * sentence naming both values. Any other object agrees. */
gboolean    vnl_design_session_agrees (VnlDesign     *design,
                                       gconstpointer  connection,
                                       char         **reason);

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
