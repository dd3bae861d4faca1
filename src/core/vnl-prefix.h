/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

static inline VnlPrefix
vnl_prefix_from_key (guint64 key)
{
  VnlPrefix p = { (guint32) (key >> 8), (guint8) (key & 0xff) };
  return p;
}

G_END_DECLS
