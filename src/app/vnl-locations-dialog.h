/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vnl-history.h"

G_BEGIN_DECLS

/*
 * The design's locations (kind, display name, intra latency) and the
 * latency table between them, edited through the history like any other
 * property.
 */

#define VNL_TYPE_LOCATIONS_DIALOG (vnl_locations_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VnlLocationsDialog, vnl_locations_dialog, VNL, LOCATIONS_DIALOG, GtkWindow)

GtkWidget *vnl_locations_dialog_new (GtkWindow  *parent,
                                     VnlHistory *history);

G_END_DECLS
