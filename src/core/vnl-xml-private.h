/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/relaxng.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-file-private.h"

G_BEGIN_DECLS

/* The schema, compiled into the core. */
#define VNL_FILE_RNG_RESOURCE "/io/github/vnetlab/core/vnetlab.rng"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt)

/* The value of @node's attribute @name without namespace, or NULL. */
char       *_vnl_xml_get_attr              (xmlNode        *node,
                                            const char     *name);

/* Says which attribute or element a schema error is about, when libxml2
 * does not ("Element gateway failed to validate attributes": which?), from
 * the node and the schema. Takes @message, returns the text to tell. */
char       *_vnl_file_explain_schema_error (const xmlError *error,
                                            char           *message);

G_END_DECLS
