/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "vnl-export.h"
#include "vnl-renderer.h"

G_BEGIN_DECLS

/* Shared by the diagram export (vnl-export.c), draw.io
 * (vnl-export-drawio.c) and the PDF report (vnl-export-report.c). */

/* A cairo write function appending to the GByteArray @closure. */
cairo_status_t _vnl_export_append_bytes   (void                *closure,
                                           const unsigned char *data,
                                           unsigned int         length);
/* FALSE with VNL_EXPORT_ERROR_RENDER naming @path when @surface failed. */
gboolean       _vnl_export_check_surface  (cairo_surface_t     *surface,
                                           const char          *path,
                                           GError             **error);
/* A layout of @text in @font, wrapped at @width (0: no wrap). */
PangoLayout   *_vnl_export_text_layout    (cairo_t             *cr,
                                           const char          *font,
                                           const char          *text,
                                           double               width);
/* The legend's size as the renderer draws it. */
void           _vnl_export_measure_legend (VnlRenderer         *renderer,
                                           VnlRect             *legend);

G_END_DECLS
