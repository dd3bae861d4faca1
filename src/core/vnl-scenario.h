/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vnl-design.h"
#include "vnl-network.h"

G_BEGIN_DECLS

/*
 * What-if scenarios: a name and the set of objects taken down, apart from
 * the design's own administrative state.
 *
 * An object down in the design (`state="down"`, the inspector's up/down)
 * is part of the design. A what-if failure is not: the designer's what-if
 * and `vnetlab-cli --down` take objects down in a VnlNetwork, never in the
 * design, so the design is not modified and the file is not changed. A
 * scenario the user saves by name is kept with the design (the file's
 * optional <scenario> elements, in the order saved) so that it can be
 * listed and applied again; it refers to objects by name, like everything
 * in the design, and a name no longer in the design is refused when the
 * scenario is applied (vnl_scenario_apply()).
 *
 * The list is owned by the design (attached to it; see vnl_scenario_list()).
 */

typedef struct
{
  char  *name;   /* owned */
  GStrv  down;   /* owned: names of the objects taken down, in order given */
} VnlScenario;

VnlScenario *vnl_scenario_new      (const char         *name,
                                    const char * const *down);
VnlScenario *vnl_scenario_copy     (const VnlScenario  *scenario);
void         vnl_scenario_free     (VnlScenario        *scenario);

/* The scenarios of @design, of VnlScenario*, owned by the design (never
 * NULL; empty when it has none). */
GPtrArray   *vnl_scenario_list     (VnlDesign          *design);
VnlScenario *vnl_scenario_lookup   (VnlDesign          *design,
                                    const char         *name);
/* Adds or replaces (keeping its place) the scenario named @name. */
void         vnl_scenario_store    (VnlDesign          *design,
                                    const char         *name,
                                    const char * const *down);
/* Returns FALSE when @design has no scenario named @name. */
gboolean     vnl_scenario_remove   (VnlDesign          *design,
                                    const char         *name);

/* Takes the objects of @scenario down in @network (the design stays as it
 * is). Fails, naming the scenario, on an object the design does not have. */
gboolean     vnl_scenario_apply    (const VnlScenario  *scenario,
                                    VnlNetwork         *network,
                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlScenario, vnl_scenario_free)

G_END_DECLS
