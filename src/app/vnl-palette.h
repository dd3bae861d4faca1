/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VNL_TYPE_PALETTE (vnl_palette_get_type ())
G_DECLARE_FINAL_TYPE (VnlPalette, vnl_palette, VNL, PALETTE, GtkWidget)

GtkWidget *vnl_palette_new (void);

G_END_DECLS
