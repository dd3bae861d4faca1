/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-xml-private.h"

char *
_vnl_file_explain_schema_error (const xmlError *error,
                                char           *message)
{
  return message;
}
