/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VNL_TYPE_APPLICATION (vnl_application_get_type ())
G_DECLARE_FINAL_TYPE (VnlApplication, vnl_application, VNL, APPLICATION, GtkApplication)

VnlApplication *vnl_application_new          (void);
/* The app's settings, or NULL when the schema is not installed. */
GSettings      *vnl_application_get_settings (VnlApplication *self);

G_END_DECLS
