/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stable sorts by fixed-width unsigned keys (vnl-sort.c), in linear time:
 * a least-significant-digit radix sort, for the arrays of tens or hundreds
 * of thousands of prefixes and bounds where a comparison sort's n log n
 * callbacks cost more than the rest of the work. */

/* Sorts @keys[0..@n) (each below 2^@bits, @bits ≤ 64) ascending, stably.
 * When @payload is not NULL, @payload[i] moves along with @keys[i] (the
 * index of the record the key was taken from, say). */
void  _vnl_radix_sort          (guint64       *keys,
                                guint32       *payload,
                                guint          n,
                                guint          bits);

/* One key of a record: its value (below 2^bits) for @item. */
typedef struct
{
  guint    bits;
  guint64  (*value) (gconstpointer item);
} VnlSortKey;

/* Sorts @array stably by @keys[0], then @keys[1] among equal @keys[0]…:
 * the order g_array_sort() gives with a comparison of the keys in turn
 * (g_array_sort() is stable too). */
void  _vnl_array_sort_by_keys  (GArray           *array,
                                const VnlSortKey *keys,
                                guint             n_keys);

G_END_DECLS
