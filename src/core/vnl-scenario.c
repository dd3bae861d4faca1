/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-scenario"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-scenario.h"

/*
 * The scenarios of a design are a GPtrArray attached to the VnlDesign under
 * one quark, made when first asked for and freed with the design: the
 * design owns them without its structure knowing about them. Names are
 * unique in the list (storing a name again replaces that scenario).
 */

G_DEFINE_QUARK (vnl-scenarios, scenarios)

VnlScenario *
vnl_scenario_new (const char         *name,
                  const char * const *down)
{
  VnlScenario *scenario;

  g_return_val_if_fail (name != NULL, NULL);

  scenario = g_new0 (VnlScenario, 1);
  scenario->name = g_strdup (name);
  scenario->down = down != NULL ? g_strdupv ((GStrv) down) : g_new0 (char *, 1);
  return scenario;
}

VnlScenario *
vnl_scenario_copy (const VnlScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);
  return vnl_scenario_new (scenario->name, (const char * const *) scenario->down);
}

void
vnl_scenario_free (VnlScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->name);
  g_strfreev (scenario->down);
  g_free (scenario);
}

GPtrArray *
vnl_scenario_list (VnlDesign *design)
{
  GPtrArray *list;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  list = g_object_get_qdata (G_OBJECT (design), scenarios_quark ());
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) vnl_scenario_free);
      g_object_set_qdata_full (G_OBJECT (design), scenarios_quark (), list,
                               (GDestroyNotify) g_ptr_array_unref);
    }
  return list;
}

static int
scenario_index (GPtrArray  *list,
                const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((VnlScenario *) list->pdata[i])->name, name) == 0)
      return (int) i;
  return -1;
}

VnlScenario *
vnl_scenario_lookup (VnlDesign  *design,
                     const char *name)
{
  GPtrArray *list;
  int i;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  list = vnl_scenario_list (design);
  i = scenario_index (list, name);
  return i >= 0 ? list->pdata[i] : NULL;
}

void
vnl_scenario_store (VnlDesign          *design,
                    const char         *name,
                    const char * const *down)
{
  GPtrArray *list;
  int i;

  g_return_if_fail (VNL_IS_DESIGN (design));
  g_return_if_fail (name != NULL && *name != '\0');

  list = vnl_scenario_list (design);
  i = scenario_index (list, name);
  if (i < 0)
    g_ptr_array_add (list, vnl_scenario_new (name, down));
  else
    {
      VnlScenario *scenario = list->pdata[i];
      g_strfreev (scenario->down);
      scenario->down = down != NULL ? g_strdupv ((GStrv) down) : g_new0 (char *, 1);
    }
}

gboolean
vnl_scenario_remove (VnlDesign  *design,
                     const char *name)
{
  GPtrArray *list;
  int i;

  g_return_val_if_fail (VNL_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  list = vnl_scenario_list (design);
  i = scenario_index (list, name);
  if (i < 0)
    return FALSE;
  g_ptr_array_remove_index (list, i);
  return TRUE;
}

gboolean
vnl_scenario_apply (const VnlScenario  *scenario,
                    VnlNetwork         *network,
                    GError            **error)
{
  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (VNL_IS_NETWORK (network), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; scenario->down[i] != NULL; i++)
    if (!vnl_network_set_up (network, scenario->down[i], FALSE, error))
      {
        g_prefix_error (error, _("scenario “%s”: "), scenario->name);
        return FALSE;
      }
  return TRUE;
}
