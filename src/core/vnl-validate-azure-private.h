/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnl-design.h"

G_BEGIN_DECLS

/* The refusals Azure makes beyond the reference checks of vnl-validate.c
 * (vnl-validate-azure.c). Adds its problems to @problems, which holds the
 * problems of the other rules sorted by line, and keeps the whole sorted
 * by line (stable: on one line the earlier rules come first). Returns
 * @problems. */
GPtrArray  *_vnl_design_validate_azure (VnlDesign   *design,
                                        const char  *file,
                                        GPtrArray   *problems);

/* Virtual WAN (vnl-vwan-validate.c): appends its problems to @problems. */
void        _vnl_vwan_validate         (VnlDesign   *design,
                                        const char  *file,
                                        GPtrArray   *problems);

G_END_DECLS
