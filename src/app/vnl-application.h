/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VNL_TYPE_APPLICATION (vnl_application_get_type ())
G_DECLARE_FINAL_TYPE (VnlApplication, vnl_application, VNL, APPLICATION, GtkApplication)

VnlApplication *vnl_application_new          (void);
/* A new window, bound to the app's settings; not yet shown. */
struct _VnlWindow *vnl_application_new_window (VnlApplication *self);
/* The app's settings, or NULL when the schema is not installed. */
GSettings      *vnl_application_get_settings (VnlApplication *self);
/* Recently opened or saved designs, newest first: kept in the
 * recent-files setting, or for this run only when the schema is not
 * installed. ::recent-changed tells when the list changed. */
const char * const *vnl_application_get_recent (VnlApplication *self);
void            vnl_application_add_recent   (VnlApplication *self,
                                              const char     *path);
void            vnl_application_remove_recent (VnlApplication *self,
                                               const char     *path);

G_END_DECLS
