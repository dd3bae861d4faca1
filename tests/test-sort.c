/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnl-sort-private.h"

/*
 * The radix sorts of vnl-sort.c against g_array_sort(), a stable merge
 * sort, on random keys: the same order, ties included (records with equal
 * keys keep the order they came in, told apart by their position).
 */

typedef struct
{
  guint32 a;        /* most significant key */
  guint64 b;
  guint   position; /* where the record started: not a key */
} Record;

static guint a_bits, b_bits;

static guint64
key_a (gconstpointer item)
{
  return ((const Record *) item)->a;
}

static guint64
key_b (gconstpointer item)
{
  return ((const Record *) item)->b;
}

static int
record_compare (gconstpointer pa,
                gconstpointer pb)
{
  const Record *x = pa, *y = pb;

  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  if (x->b != y->b)
    return x->b < y->b ? -1 : 1;
  return 0;
}

static guint64
random_bits (GRand *rand,
             guint  bits)
{
  guint64 value = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);

  return bits >= 64 ? value : value & ((G_GUINT64_CONSTANT (1) << bits) - 1);
}

/* Keys of few bits tie often; keys of many bits spread over the digits,
 * with the high digits all zero for some sizes (the skipped passes). */
static void
test_sort_records (void)
{
  static const guint bits[][2] = { { 1, 1 }, { 3, 7 }, { 12, 38 }, { 32, 64 }, { 20, 11 }, { 0, 33 } };
  static const guint sizes[] = { 0, 1, 2, 3, 17, 100, 2049, 5000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  for (guint b = 0; b < G_N_ELEMENTS (bits); b++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(GArray) fast = g_array_new (FALSE, FALSE, sizeof (Record));
        g_autoptr(GArray) slow = NULL;
        VnlSortKey keys[2] = { { 0, key_a }, { 0, key_b } };

        a_bits = bits[b][0];
        b_bits = bits[b][1];
        keys[0].bits = a_bits;
        keys[1].bits = b_bits;
        for (guint i = 0; i < sizes[s]; i++)
          {
            Record record = { (guint32) random_bits (rand, a_bits), random_bits (rand, b_bits), i };
            g_array_append_val (fast, record);
          }
        slow = g_array_copy (fast);

        _vnl_array_sort_by_keys (fast, keys, G_N_ELEMENTS (keys));
        g_array_sort (slow, record_compare);

        g_assert_cmpuint (fast->len, ==, slow->len);
        for (guint i = 0; i < fast->len; i++)
          {
            const Record *x = &g_array_index (fast, Record, i);
            const Record *y = &g_array_index (slow, Record, i);

            g_assert_cmpuint (x->a, ==, y->a);
            g_assert_cmpuint (x->b, ==, y->b);
            g_assert_cmpuint (x->position, ==, y->position);
          }
      }
}

/* Keys alone, with and without a payload: ascending, the payload moved
 * with its key, equal keys in the order they came in. */
static void
test_sort_keys (void)
{
  static const guint bits[] = { 1, 5, 11, 12, 22, 33, 64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint b = 0; b < G_N_ELEMENTS (bits); b++)
    {
      guint n = 3000;
      g_autofree guint64 *keys = g_new (guint64, n);
      g_autofree guint64 *bare = g_new (guint64, n);
      g_autofree guint64 *original = g_new (guint64, n);
      g_autofree guint32 *payload = g_new (guint32, n);

      for (guint i = 0; i < n; i++)
        {
          original[i] = keys[i] = bare[i] = random_bits (rand, bits[b]);
          payload[i] = i;
        }
      _vnl_radix_sort (keys, payload, n, bits[b]);
      _vnl_radix_sort (bare, NULL, n, bits[b]);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (bare[i], ==, keys[i]);
          g_assert_cmpuint (original[payload[i]], ==, keys[i]);
          if (i > 0)
            {
              g_assert_cmpuint (keys[i - 1], <=, keys[i]);
              if (keys[i - 1] == keys[i])
                g_assert_cmpuint (payload[i - 1], <, payload[i]);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sort/records", test_sort_records);
  g_test_add_func ("/core/sort/keys", test_sort_keys);

  return g_test_run ();
}
