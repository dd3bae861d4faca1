/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/* The Azure part of @design as a deployable ARM template, what Azure does
 * not hold in its `metadata.vnetlab` (see vnl-arm-export.c). Shared keys
 * are parameters, never values. vnl_import_* reads it back. */
JsonNode *vnl_arm_export      (VnlDesign   *design);
/* Atomic: a temporary file renamed over @path. */
gboolean  vnl_arm_export_save (VnlDesign   *design,
                               const char  *path,
                               GError     **error);

G_END_DECLS
