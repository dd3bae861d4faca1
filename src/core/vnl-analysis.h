/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vnl-design.h"
#include "vnl-matrix.h"
#include "vnl-network.h"
#include "vnl-nsg.h"

G_BEGIN_DECLS

/*
 * VnlAnalysis: the routing state of the design a window edits, kept current.
 *
 * It owns a VnlNetwork converged over the design, the chosen source and
 * destination of the path being looked at (with its trace), the
 * reachability matrix and the path of every ordered pair of endpoints. On
 * every change of the design it recomputes: at once for small designs, in a
 * worker thread over a snapshot for large ones (then ::busy is TRUE and the
 * previous results stay readable until the new ones replace them). A change
 * of an object's administrative state (take down / bring up) re-converges
 * incrementally and is compared with the state before it: the pairs that
 * lost or gained reachability or took another path are listed as changes.
 *
 * In the core: a model object that the designer's analysis views read, and
 * that exports build once to draw a trace or a perspective.
 */

typedef enum
{
  VNL_ANALYSIS_LOST,
  VNL_ANALYSIS_GAINED,
  VNL_ANALYSIS_REROUTED,
} VnlAnalysisChangeKind;

typedef struct
{
  VnlAnalysisChangeKind kind;
  char *from;            /* owned: endpoint names */
  char *to;
  char *before;          /* owned: path before, " → " separated, or NULL */
  char *after;           /* owned: path after, or NULL */
} VnlAnalysisChange;

#define VNL_TYPE_ANALYSIS (vnl_analysis_get_type ())
G_DECLARE_FINAL_TYPE (VnlAnalysis, vnl_analysis, VNL, ANALYSIS, GObject)

/* Designs with more objects than this are recomputed in a thread. */
#define VNL_ANALYSIS_ASYNC_OBJECTS 500

VnlAnalysis *vnl_analysis_new             (void);
/* A one-off analysis of @design for one drawing (an export): computed in
 * the calling thread, which may be any thread, over @network when it is
 * converged over @design (else over a network of its own), and blind to
 * later changes of the design. Its matrix is computed when first asked
 * for, without the what-if's pair paths. Finding ECMP alternatives takes
 * links of the network down and up again for a moment. */
VnlAnalysis *vnl_analysis_new_snapshot    (VnlDesign    *design,
                                           VnlNetwork   *network);
void         vnl_analysis_set_design      (VnlAnalysis  *self,
                                           VnlDesign    *design);
VnlDesign   *vnl_analysis_get_design      (VnlAnalysis  *self);
/* NULL until the first computation is done. */
VnlNetwork  *vnl_analysis_get_network     (VnlAnalysis  *self);
gboolean     vnl_analysis_is_busy         (VnlAnalysis  *self);
/* Milliseconds the last recomputation took. */
double       vnl_analysis_get_last_ms     (VnlAnalysis  *self);
/* Recomputes now (synchronously), whatever the size. */
void         vnl_analysis_recompute_now   (VnlAnalysis  *self);

/* The path looked at: endpoint names (a VNet or site stands for its first
 * endpoint); NULL clears. */
void         vnl_analysis_set_path        (VnlAnalysis  *self,
                                           const char   *from,
                                           const char   *to);
const char  *vnl_analysis_get_from        (VnlAnalysis  *self);
const char  *vnl_analysis_get_to          (VnlAnalysis  *self);
/* The trace of the path (nullable), or why there is none. */
VnlTrace    *vnl_analysis_get_trace       (VnlAnalysis  *self);
const char  *vnl_analysis_get_trace_error (VnlAnalysis  *self);
/* Other paths the flow can take (ECMP over both links of a circuit): traces
 * owned by the analysis, possibly empty. */
GPtrArray   *vnl_analysis_get_alternatives (VnlAnalysis *self);

/* The flow (protocol and ports) the path and the matrix are traced for,
 * an ICMP echo until set; setting another recomputes them (a snapshot:
 * the trace only; its matrix when next asked for). */
void           vnl_analysis_set_flow      (VnlAnalysis   *self,
                                           const VnlFlow *flow);
const VnlFlow *vnl_analysis_get_flow      (VnlAnalysis   *self);

/* The endpoint an object stands for in path mode, or NULL. */
VnlEndpoint *vnl_analysis_endpoint_for    (VnlAnalysis  *self,
                                           gpointer      object);

/* The reachability matrix (ping both ways) and its endpoint names in row
 * order; NULL when the design is too large to keep one (then the views
 * say so). Valid until ::changed. */
VnlMatrix   *vnl_analysis_get_reachability (VnlAnalysis *self,
                                            GPtrArray  **names);
/* Why @from cannot reach @to, in words (newly allocated). */
char        *vnl_analysis_explain         (VnlAnalysis  *self,
                                           const char   *from,
                                           const char   *to);

/* What-if failures: objects taken down for the analysis only, never in
 * the design (which is neither modified nor given an undo step); the
 * design's own down objects stay down. See vnl-scenario.h. */
void         vnl_analysis_set_what_if_down (VnlAnalysis *self,
                                            const char  *name,
                                            gboolean     down);
gboolean     vnl_analysis_is_what_if_down  (VnlAnalysis *self,
                                            const char  *name);
/* The names taken down by the what-if, in design order. */
GStrv        vnl_analysis_get_what_if_down (VnlAnalysis *self);
/* Replaces the whole set (@down NULL: none) and remembers @scenario
 * (nullable), the saved scenario it comes from, until the set is changed
 * one object at a time. Returns how many names the design does not have
 * (ignored). */
guint        vnl_analysis_set_what_if      (VnlAnalysis        *self,
                                            const char         *scenario,
                                            const char * const *down);
/* The scenario the what-if set was loaded from, NULL once it was changed. */
const char  *vnl_analysis_get_scenario     (VnlAnalysis *self);

/* What-if: the last change of a state (administrative or what-if) and what
 * it changed. When the last change that moved a pair was an edit instead,
 * the changes are the edit's and the last toggle is NULL. */
const char  *vnl_analysis_get_last_toggle (VnlAnalysis  *self);
GPtrArray   *vnl_analysis_get_changes     (VnlAnalysis  *self);
/* Changes of the last what-if beyond the 10,000 listed. */
guint64      vnl_analysis_get_n_changes_omitted (VnlAnalysis *self);

void         vnl_analysis_change_free     (VnlAnalysisChange *change);

G_END_DECLS
