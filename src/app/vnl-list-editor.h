/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-history.h"
#include "vnl-lists.h"

G_BEGIN_DECLS

/*
 * One list of an object in the inspector (a VNet's subnets, a gateway's
 * instances, a CE's BGP policies, a site's hops): a row of fields per
 * item with a remove button, and an add button. Fields are checked as
 * typed; a change is applied on Enter or when focus leaves, as one
 * history step for the whole list.
 */

#define VNL_TYPE_LIST_EDITOR (vnl_list_editor_get_type ())
G_DECLARE_FINAL_TYPE (VnlListEditor, vnl_list_editor, VNL, LIST_EDITOR, GtkWidget)

/* @object: borrowed; the editor must not outlive it in the design. */
GtkWidget *vnl_list_editor_new (VnlHistory    *history,
                                gpointer       object,
                                const VnlList *list);

G_END_DECLS
