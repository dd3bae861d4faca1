/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-sort"

#include "config.h"

#include <string.h>

#include "vnl-sort-private.h"

/*
 * Least-significant-digit radix sort: one counting pass and one stable
 * scatter per digit of 11 bits, from the lowest digit up, so that after
 * the last digit equal keys are still in the order they came in. A digit
 * every key shares (the high bits of small numbers, the common first
 * bytes of a design's addresses) costs the counting pass only.
 *
 * Records are sorted through their keys: the index of each record rides
 * along as the payload, and the records are moved once at the end, in
 * place. Several
 * keys are sorted least significant first, each pass stable.
 */

#define DIGIT_BITS 11
#define DIGITS (1u << DIGIT_BITS)

void
_vnl_radix_sort (guint64 *keys,
                 guint32 *payload,
                 guint    n,
                 guint    bits)
{
  g_autofree guint64 *tmp_keys = NULL;
  g_autofree guint32 *tmp_payload = NULL;
  guint64 *from = keys, *to;
  guint32 *pfrom = payload, *pto = NULL;

  g_return_if_fail (bits <= 64);

  if (n < 2)
    return;

  to = tmp_keys = g_new (guint64, n);
  if (payload != NULL)
    pto = tmp_payload = g_new (guint32, n);

  for (guint shift = 0; shift < bits; shift += DIGIT_BITS)
    {
      guint count[DIGITS + 1] = { 0 };

      for (guint i = 0; i < n; i++)
        count[((from[i] >> shift) & (DIGITS - 1)) + 1]++;
      if (count[((from[0] >> shift) & (DIGITS - 1)) + 1] == n)
        continue;
      for (guint d = 1; d <= DIGITS; d++)
        count[d] += count[d - 1];

      if (payload != NULL)
        for (guint i = 0; i < n; i++)
          {
            guint at = count[(from[i] >> shift) & (DIGITS - 1)]++;
            to[at] = from[i];
            pto[at] = pfrom[i];
          }
      else
        for (guint i = 0; i < n; i++)
          to[count[(from[i] >> shift) & (DIGITS - 1)]++] = from[i];

      {
        guint64 *swap = from;
        guint32 *pswap = pfrom;

        from = to;
        to = swap;
        pfrom = pto;
        pto = pswap;
      }
    }

  if (from != keys)
    {
      memcpy (keys, from, n * sizeof (guint64));
      if (payload != NULL)
        memcpy (payload, pfrom, n * sizeof (guint32));
    }
}

void
_vnl_array_sort_by_keys (GArray           *array,
                         const VnlSortKey *keys,
                         guint             n_keys)
{
  guint n = array->len;
  gsize size = g_array_get_element_size (array);
  g_autofree guint64 *values = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree char *held = NULL;

  if (n < 2)
    return;

  values = g_new (guint64, n);
  order = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;

  /* Least significant key first: each stable pass keeps the order of the
   * records its key leaves equal. */
  for (guint k = n_keys; k-- > 0;)
    {
      for (guint i = 0; i < n; i++)
        values[i] = keys[k].value (array->data + (gsize) order[i] * size);
      _vnl_radix_sort (values, order, n, keys[k].bits);
    }

  /* Records moved in place, cycle by cycle (the record at i comes from
   * order[i]): no second copy of an array of tens of thousands. */
  held = g_malloc (size);
  for (guint i = 0; i < n; i++)
    {
      guint j = i;

      if (order[i] == i)
        continue;
      memcpy (held, array->data + (gsize) i * size, size);
      while (order[j] != i)
        {
          guint from = order[j];

          memcpy (array->data + (gsize) j * size, array->data + (gsize) from * size, size);
          order[j] = j;
          j = from;
        }
      memcpy (array->data + (gsize) j * size, held, size);
      order[j] = j;
    }
}
