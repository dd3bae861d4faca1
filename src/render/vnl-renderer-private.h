/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

#include "vnl-renderer.h"

G_BEGIN_DECLS

/* For tests (tests/test-render.c): the label of node @object as the
 * renderer lays it out, its text (the name, then the detail lines, joined
 * by newlines) and its rectangle; NULL when @object has no geometry. And
 * the pango context every label is laid out in. */
char         *_vnl_renderer_get_label   (VnlRenderer *self,
                                         gpointer     object,
                                         VnlRect     *rect);
PangoContext *_vnl_renderer_get_context (VnlRenderer *self);

G_END_DECLS
