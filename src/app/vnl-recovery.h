/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * Crash recovery, one slot per document.
 *
 * A slot is a key in the recovery folder ($XDG_CACHE_HOME/vnetlab/recovery):
 * KEY.vnetlab holds the autosaved design, KEY.info the file it came from
 * (none for a new design), KEY.lock is held with flock() by the process that
 * owns the slot. The key of a saved document is derived from its canonical
 * path, so a file has one slot whichever window opens it; a new document
 * gets a random key. A slot whose lock nobody holds and whose design exists
 * was left by a crash: it is offered at the next start, and stays until its
 * content is saved or the user discards it. flock() locks belong to one open
 * file, so two windows of one process exclude each other too, and the kernel
 * drops them when a process dies (kill -9 included).
 */

typedef struct _VnlRecovery VnlRecovery;

/* A slot for a document of @origin (NULL: a new document), locked. When
 * another window or instance holds the slot of @origin, a fresh random slot
 * is used. */
VnlRecovery *vnl_recovery_claim       (const char   *origin);
/* Every slot left by a crash (design present, lock free), locked for the
 * caller, oldest first. @origin: only the slot of that file. */
GPtrArray   *vnl_recovery_list_orphans (const char  *origin);
/* Writes @design into the slot (atomically) and records its origin. */
gboolean     vnl_recovery_write       (VnlRecovery  *self,
                                       VnlDesign    *design,
                                       GError      **error);
/* The design kept in the slot, or NULL with @error set. */
VnlDesign   *vnl_recovery_load        (VnlRecovery  *self,
                                       GError      **error);
/* Removes the slot's design (the work was saved or discarded). */
void         vnl_recovery_discard     (VnlRecovery  *self);
gboolean     vnl_recovery_has_design  (VnlRecovery  *self);
/* The file the design came from, or NULL for a new design. */
const char  *vnl_recovery_get_origin  (VnlRecovery  *self);
/* When the design was last written (seconds since the epoch). */
gint64       vnl_recovery_get_time    (VnlRecovery  *self);
/* Releases the lock; the design, if any, stays for a later start. */
void         vnl_recovery_free        (VnlRecovery  *self);
/* Removes temporary files an interrupted save left in the recovery folder
 * and beside @path (NULL: the folder only). Returns how many. */
guint        vnl_recovery_remove_stale_temporaries (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlRecovery, vnl_recovery_free)

G_END_DECLS
