/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/*
 * Undo/redo: a command stack on a VnlDesign.
 *
 * Every edit the designer makes goes through a vnl_history_* function, which
 * applies it to the design and records a command that can revert and
 * re-apply it. Objects keep their identity across undo and redo: a removed
 * object is held (owned) by its command and re-inserted as the same
 * pointer, so other commands can keep referring to it by pointer.
 *
 * Commands issued between vnl_history_begin_group() and
 * vnl_history_end_group() form one step (a delete with its cascade, a move
 * of several objects, "connect" creating an LNG and an S2S connection).
 */

#define VNL_TYPE_HISTORY (vnl_history_get_type ())
G_DECLARE_FINAL_TYPE (VnlHistory, vnl_history, VNL, HISTORY, GObject)

VnlHistory  *vnl_history_new            (VnlDesign               *design);
VnlDesign   *vnl_history_get_design     (VnlHistory              *self);

gboolean     vnl_history_can_undo       (VnlHistory              *self);
gboolean     vnl_history_can_redo       (VnlHistory              *self);
/* Label of the step undo/redo would revert/re-apply, or NULL. */
const char  *vnl_history_get_undo_label (VnlHistory              *self);
const char  *vnl_history_get_redo_label (VnlHistory              *self);
gboolean     vnl_history_undo           (VnlHistory              *self);
gboolean     vnl_history_redo           (VnlHistory              *self);
void         vnl_history_clear          (VnlHistory              *self);

/* The design matches what was last saved. */
gboolean     vnl_history_is_modified    (VnlHistory              *self);
void         vnl_history_set_unmodified (VnlHistory              *self);

void         vnl_history_begin_group    (VnlHistory              *self,
                                         const char              *label);
void         vnl_history_end_group      (VnlHistory              *self);

/* Edits. */
gboolean     vnl_history_add            (VnlHistory              *self,
                                         gpointer                 object,
                                         GError                 **error);
/* Removes @object with everything that cannot exist without it (a VNet's
 * gateways and endpoints, a node's connections…); deleting a circuit link
 * only detaches it from its CE. */
void         vnl_history_remove         (VnlHistory              *self,
                                         gpointer                 object);
/* Removes each of @objects (still in the design) with its cascade as one
 * step labelled with the number of objects removed ("Delete 5 objects" for
 * a VNet with its gateway, endpoint and two peerings); returns that number. */
guint        vnl_history_remove_objects (VnlHistory              *self,
                                         GPtrArray               *objects);
void         vnl_history_move           (VnlHistory              *self,
                                         gpointer                 object,
                                         double                   x,
                                         double                   y);
/* Records a move already made (a drag): from (old_x, old_y) to the
 * object's current position. */
void         vnl_history_record_move    (VnlHistory              *self,
                                         gpointer                 object,
                                         gboolean                 had_pos,
                                         double                   old_x,
                                         double                   old_y);
/* Saves (@down non-NULL) or deletes the what-if scenario @name. */
void         vnl_history_set_scenario   (VnlHistory              *self,
                                         const char              *name,
                                         const char * const      *down);
void         vnl_history_set_up         (VnlHistory              *self,
                                         gpointer                 object,
                                         gboolean                 up);
/* Renames and rewrites every reference to the old name. */
gboolean     vnl_history_rename         (VnlHistory              *self,
                                         gpointer                 object,
                                         const char              *new_name,
                                         GError                 **error);
/* Sets a value by key (vnl_object_set_text()), recording the old text for
 * undo. */
gboolean     vnl_history_set_property   (VnlHistory              *self,
                                         gpointer                 object,
                                         const char              *key,
                                         const char              *text,
                                         GError                 **error);
/* Design-wide latencies in ms (vnl_design_set_default_latency() and
 * vnl_design_set_intra_latency()); every location counts as changed. */
void         vnl_history_set_default_latency (VnlHistory         *self,
                                              double              ms);
void         vnl_history_set_intra_latency (VnlHistory           *self,
                                            double                ms);
/* Replaces the bend points of a link (of VnlPoint; empty: straight). */
void         vnl_history_set_bends      (VnlHistory              *self,
                                         gpointer                 object,
                                         GArray                  *bends);
/* Attaches (or with @ce NULL detaches) a circuit link to a CE router. */
void         vnl_history_set_link_ce    (VnlHistory              *self,
                                         VnlLink                 *link,
                                         const char              *ce);

G_END_DECLS
