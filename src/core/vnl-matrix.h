/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * VnlMatrix: reachability between every ordered pair of endpoints of a
 * converged network — reachable means both directions are delivered, as a
 * ping needs; an endpoint always reaches itself.
 *
 * It is computed per equivalence class of endpoints (endpoints that routing
 * and filtering cannot tell apart share one answer), held as bits per pair
 * of classes, and expanded to endpoints on demand: a row at a time, one
 * pair, or counts per pair of owners (VNets and sites), so that nothing of
 * size endpoints × endpoints is ever held. See vnl-matrix.c for why a class
 * answer holds for each of its members.
 *
 * The matrix keeps the network, which must not change (what-if, rebuild)
 * while the matrix is used — unless the matrix was detached. Endpoints are
 * borrowed from the design.
 */

typedef struct _VnlMatrix VnlMatrix;

/* Counts of one pair of owners (VNet or site of the endpoints). */
typedef struct
{
  const char *from;       /* borrowed: owner name */
  const char *to;         /* borrowed */
  guint64     pairs;      /* ordered endpoint pairs, self pairs excluded */
  guint64     reachable;  /* of them, those that ping */
  guint64     denied;     /* of them, those routed but denied (the matrix's flow) */
} VnlMatrixOwnerPair;

/* A detached matrix holds at most this many pairs of its own. */
#define VNL_MATRIX_MAX_DETACHED_PAIRS (1u << 22)

/* Return FALSE to stop. */
typedef gboolean (*VnlMatrixOwnerPairFunc) (const VnlMatrixOwnerPair *pair,
                                            gpointer                  user_data);

/* NULL only when @cancellable was cancelled. */
VnlMatrix   *vnl_matrix_new               (VnlNetwork    *network,
                                           GCancellable  *cancellable);
void         vnl_matrix_free              (VnlMatrix     *self);
/* Lets go of the network (see vnl-matrix.c); FALSE when too large. */
gboolean     vnl_matrix_detach            (VnlMatrix     *self);

guint        vnl_matrix_get_n_endpoints   (VnlMatrix     *self);
/* Row and column order. */
VnlEndpoint *vnl_matrix_get_endpoint      (VnlMatrix     *self,
                                           guint          i);
guint        vnl_matrix_get_n_classes     (VnlMatrix     *self);
guint        vnl_matrix_get_class         (VnlMatrix     *self,
                                           guint          i);
guint        vnl_matrix_get_n_owners      (VnlMatrix     *self);

gboolean     vnl_matrix_get               (VnlMatrix     *self,
                                           guint          from,
                                           guint          to);
/* A pair beyond reachable or not: routed both ways but denied by a
 * network security group for the matrix's flow (the network's flow when
 * the matrix was made), or not routed. */
typedef enum
{
  VNL_MATRIX_REACHABLE,
  VNL_MATRIX_DENIED,
  VNL_MATRIX_UNROUTED,
} VnlMatrixCell;

VnlMatrixCell vnl_matrix_get_cell         (VnlMatrix     *self,
                                           guint          from,
                                           guint          to);
/* Fills @bits (vnl_matrix_row_words() words) with row @from: bit j of
 * word j / 64 is set when @from pings endpoint j. */
gsize        vnl_matrix_row_words         (VnlMatrix     *self);
void         vnl_matrix_get_row           (VnlMatrix     *self,
                                           guint          from,
                                           guint64       *bits);
/* Ordered pairs of distinct endpoints that ping. */
guint64      vnl_matrix_count_reachable   (VnlMatrix     *self);
/* Every pair of owners, in owner order (owners in the order of their first
 * endpoint), row by row. */
void         vnl_matrix_foreach_owner_pair (VnlMatrix             *self,
                                            VnlMatrixOwnerPairFunc func,
                                            gpointer               user_data);

/* JSON: beyond this many endpoints rows are replaced by "owner_pairs". */
#define VNL_MATRIX_JSON_MAX_ENDPOINTS 5000

/* Round trip of a pair in ms, < 0 when it gets no reply. */
typedef double (*VnlMatrixRttFunc)   (guint     from,
                                      guint     to,
                                      gpointer  user_data);
/* Takes the text written so far and empties @out. */
typedef void   (*VnlMatrixFlushFunc) (GString  *out,
                                      gpointer  user_data);

/* The one JSON shape of a matrix (data/vnetlab-report.schema.json
 * "matrix"), appended to @out at indentation @depth row by row, @flush
 * (when not NULL) called after each row so that nothing of size n × n is
 * held: "endpoints", "classes", "reachable_pairs", "truncated", then
 * "reachable" rows (and "rtt_ms" rows with @rtt) — or, above
 * @max_endpoints, a "note" and the counts per pair of owners. Written by
 * vnl-report-json.c with the report's JSON writer. */
void         vnl_matrix_write_json        (VnlMatrix          *self,
                                           GString            *out,
                                           guint               depth,
                                           guint               max_endpoints,
                                           VnlMatrixRttFunc    rtt,
                                           gpointer            rtt_data,
                                           VnlMatrixFlushFunc  flush,
                                           gpointer            flush_data);

static inline gboolean
vnl_matrix_row_bit (const guint64 *bits,
                    guint          j)
{
  return (bits[j / 64] >> (j % 64)) & 1;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlMatrix, vnl_matrix_free)

G_END_DECLS
