/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-design.h"
#include "vnl-history.h"

G_BEGIN_DECLS

#define VNL_TYPE_INSPECTOR (vnl_inspector_get_type ())
G_DECLARE_FINAL_TYPE (VnlInspector, vnl_inspector, VNL, INSPECTOR, GtkWidget)

GtkWidget *vnl_inspector_new          (void);
void       vnl_inspector_set_document (VnlInspector *self,
                                       VnlDesign    *design,
                                       VnlHistory   *history);
/* @object: nullable, borrowed. */
void       vnl_inspector_set_object   (VnlInspector *self,
                                       gpointer      object);
/* Sets the text of the field for @key and applies it as Enter would;
 * returns FALSE (and shows the reason) when refused. For tests. */
gboolean   vnl_inspector_edit         (VnlInspector *self,
                                       const char   *key,
                                       const char   *text);

G_END_DECLS
