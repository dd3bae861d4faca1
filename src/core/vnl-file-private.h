/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnl-design.h"
#include "vnl-file.h"

G_BEGIN_DECLS

/*
 * Problems the loader found in values it could not convert (an invalid
 * address, an out-of-range ASN, a peering side naming neither VNet…). The
 * loader keeps the object and the design keeps these (VnlLoadProblems, a
 * field of the design); validation reports them with the semantic problems.
 * A problem is forgotten as soon as its object is changed or removed, since
 * the value it complains about may have been fixed.
 */
typedef struct
{
  gconstpointer  object;   /* borrowed, nullable: the object it is about */
  const char    *field;    /* static, nullable: attribute or element name */
  guint          line;
  char          *message;  /* owned, translated */
  char          *name;     /* owned, nullable: the object's name */
} VnlLoadProblem;

VnlLoadProblems *_vnl_load_problems_new    (void);
void             _vnl_load_problems_free   (VnlLoadProblems *problems);
/* Takes @problem. */
void             _vnl_load_problems_add    (VnlLoadProblems *problems,
                                            VnlLoadProblem  *problem);
guint            _vnl_load_problems_count  (VnlLoadProblems *problems);
void             _vnl_load_problems_forget (VnlLoadProblems *problems,
                                            gconstpointer    object);

/* Borrowed, in file order; NULL when the design was not loaded or had no
 * such problems. */
GPtrArray  *_vnl_design_get_load_problems (VnlDesign     *design);
/* Constant time in the number of problems of other objects. */
gboolean    _vnl_design_has_load_problem  (VnlDesign     *design,
                                           gconstpointer  object,
                                           const char    *field);
VnlProblem *_vnl_problem_new              (const char    *file,
                                           guint          line,
                                           const char    *object,
                                           const char    *message);
/* Loads, filling @problems (if not NULL) with every problem that made the
 * load fail; returns NULL exactly when it sets @error. */
VnlDesign  *_vnl_design_load_data_full    (const char    *data,
                                           gsize          length,
                                           const char    *display_name,
                                           GPtrArray     *problems,
                                           GError       **error);
/* The same load without streaming (stream_design() in vnl-file-load.c):
 * the whole tree is parsed, checked against the schema, then built. The
 * way every bad file is read; for tests, the way every file gives the
 * same design. */
VnlDesign  *_vnl_design_load_data_whole_tree (const char  *data,
                                              gsize        length,
                                              const char  *display_name,
                                              GPtrArray   *problems,
                                              GError     **error);
/* Like vnl_design_load(), for vnl_file_check(): the problems that made
 * loading fail go to @problems. */
VnlDesign  *_vnl_design_load_with_problems (const char   *path,
                                            GPtrArray    *problems);

G_END_DECLS
