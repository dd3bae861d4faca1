/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VNL_PREFIX_ERROR (vnl_prefix_error_quark ())

typedef enum
{
  VNL_PREFIX_ERROR_INVALID,   /* not a.b.c.d/len, host bits set… */
} VnlPrefixError;

GQuark     vnl_prefix_error_quark  (void);

/* An IPv4 address is a host-order guint32; a prefix is an address and a
 * length whose host bits are zero. */
typedef struct
{
  guint32 addr;
  guint8  len;
} VnlPrefix;

gboolean   vnl_ip_parse            (const char      *text,
                                    guint32         *out_addr);
char      *vnl_ip_to_string        (guint32          addr);
void       vnl_ip_format           (guint32          addr,
                                    char             buf[16]);
gboolean   vnl_prefix_parse        (const char      *text,
                                    VnlPrefix       *out_prefix,
                                    GError         **error);
char      *vnl_prefix_to_string    (const VnlPrefix *prefix);
void       vnl_prefix_format       (const VnlPrefix *prefix,
                                    char             buf[20]);
/* Prefix lists as people read and type them: "10.0.0.0/16, 10.1.0.0/24".
 * @prefixes is an array of VnlPrefix and may be NULL (an empty list).
 * _append writes at most @max prefixes, then ", …" when there are more
 * (G_MAXUINT for all); _to_string writes them all. */
void       vnl_prefix_list_append  (GString         *out,
                                    GArray          *prefixes,
                                    guint            max);
/* The same with another separator between the prefixes (and before "…"). */
void       vnl_prefix_list_join    (GString         *out,
                                    GArray          *prefixes,
                                    const char      *separator,
                                    guint            max);
char      *vnl_prefix_list_to_string (GArray        *prefixes);
/* Parses prefixes separated by commas and/or spaces, skipping empty parts;
 * "" gives an empty array. Fails on the first invalid prefix. */
GArray    *vnl_prefix_list_parse   (const char      *text,
                                    GError         **error);
guint32    vnl_prefix_mask         (guint8           len);
gboolean   vnl_prefix_contains_ip  (const VnlPrefix *prefix,
                                    guint32          addr);
gboolean   vnl_prefix_contains     (const VnlPrefix *outer,
                                    const VnlPrefix *inner);
gboolean   vnl_prefix_overlaps     (const VnlPrefix *a,
                                    const VnlPrefix *b);
gboolean   vnl_prefix_equal        (const VnlPrefix *a,
                                    const VnlPrefix *b);
int        vnl_prefix_compare      (const VnlPrefix *a,
                                    const VnlPrefix *b);
/* A prefix packed into one integer, usable as a hash table key through
 * GUINT_TO_POINTER on 64-bit hosts or as a sort key. */
static inline guint64
vnl_prefix_key (const VnlPrefix *prefix)
{
  return ((guint64) prefix->addr << 8) | prefix->len;
}

/* The addresses of @prefix: [*start, *end), @end up to 2^32. */
static inline void
vnl_prefix_range (const VnlPrefix *prefix,
                  guint64         *start,
                  guint64         *end)
{
  *start = prefix->addr & vnl_prefix_mask (prefix->len);
  *end = *start + ((guint64) 1 << (32 - prefix->len));
}

static inline VnlPrefix
vnl_prefix_from_key (guint64 key)
{
  VnlPrefix p = { (guint32) (key >> 8), (guint8) (key & 0xff) };
  return p;
}

G_END_DECLS
