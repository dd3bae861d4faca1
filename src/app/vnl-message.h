/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An error the user must read: a modal message dialog over @parent with
 * @primary as its title and @secondary (the GError message) below. */
void vnl_message_show_error (GtkWindow  *parent,
                             const char *primary,
                             const char *secondary);

G_END_DECLS
