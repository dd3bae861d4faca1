/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-file.h"
#include "vnl-file-private.h"

/*
 * The .vnetlab file format, in three files:
 *
 *  - vnl-file.c (this one): the error domain, VnlProblem, and the load
 *    problems a design keeps (values the loader could not convert);
 *  - vnl-file-load.c: reading, the fenced parsing stages, the limits and
 *    turning the tree into a VnlDesign;
 *  - vnl-file-save.c: writing the same format back, and the atomic save.
 *
 * A load problem belongs to one object and one field. The design keeps
 * them (VnlDesign's load_problems field) in file order, with an index by
 * object so that validation asks "has this field a problem?" in constant
 * time, and forgets those of an object as soon as it changes or goes: the
 * value they complain about may have been fixed, and a removed object's
 * pointer may be reused.
 */

G_DEFINE_QUARK (vnl-file-error-quark, vnl_file_error)

/* Problems */

void
vnl_problem_free (VnlProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem->object);
  g_free (problem);
}

char *
vnl_problem_to_string (const VnlProblem *problem)
{
  GString *str;

  g_return_val_if_fail (problem != NULL, NULL);

  str = g_string_new (problem->file ? problem->file : "");
  if (problem->line > 0)
    g_string_append_printf (str, ":%u", problem->line);
  if (str->len > 0)
    g_string_append (str, ": ");
  if (problem->severity == VNL_SEVERITY_WARNING)
    g_string_append (str, _("warning: "));
  g_string_append (str, problem->message);
  if (problem->object != NULL)
    g_string_append_printf (str, " (%s)", problem->object);

  return g_string_free (str, FALSE);
}

guint
vnl_problems_count (GPtrArray   *problems,
                    VnlSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (problems != NULL, 0);

  for (guint i = 0; i < problems->len; i++)
    n += ((VnlProblem *) problems->pdata[i])->severity == severity;
  return n;
}

VnlProblem *
_vnl_problem_new (const char *file,
                  guint       line,
                  const char *object,
                  const char *message)
{
  VnlProblem *problem = g_new0 (VnlProblem, 1);

  problem->file = g_strdup (file);
  problem->line = line;
  problem->object = g_strdup (object);
  problem->message = g_strdup (message);

  return problem;
}

/* Load problems kept on the design */

struct _VnlLoadProblems
{
  GPtrArray  *list;      /* owned, of VnlLoadProblem*, in file order */
  GHashTable *objects;   /* object → owned GPtrArray of its problems (borrowed) */
};

static void
load_problem_free (VnlLoadProblem *problem)
{
  g_free (problem->message);
  g_free (problem->name);
  g_free (problem);
}

VnlLoadProblems *
_vnl_load_problems_new (void)
{
  VnlLoadProblems *self = g_new0 (VnlLoadProblems, 1);

  self->list = g_ptr_array_new_with_free_func ((GDestroyNotify) load_problem_free);
  self->objects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  return self;
}

void
_vnl_load_problems_free (VnlLoadProblems *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->objects);
  g_ptr_array_unref (self->list);
  g_free (self);
}

void
_vnl_load_problems_add (VnlLoadProblems *self,
                        VnlLoadProblem  *problem)
{
  g_ptr_array_add (self->list, problem);
  if (problem->object != NULL)
    {
      GPtrArray *of_object = g_hash_table_lookup (self->objects, problem->object);

      if (of_object == NULL)
        {
          of_object = g_ptr_array_new ();
          g_hash_table_insert (self->objects, (gpointer) problem->object, of_object);
        }
      g_ptr_array_add (of_object, problem);
    }
}

guint
_vnl_load_problems_count (VnlLoadProblems *self)
{
  return self != NULL ? self->list->len : 0;
}

void
_vnl_load_problems_forget (VnlLoadProblems *self,
                           gconstpointer    object)
{
  GPtrArray *of_object;

  if (self == NULL || (of_object = g_hash_table_lookup (self->objects, object)) == NULL)
    return;

  for (guint i = 0; i < of_object->len; i++)
    g_ptr_array_remove (self->list, of_object->pdata[i]);
  g_hash_table_remove (self->objects, object);
}

GPtrArray *
_vnl_design_get_load_problems (VnlDesign *design)
{
  VnlLoadProblems *problems = _vnl_design_load_problems (design);

  return problems != NULL && problems->list->len > 0 ? problems->list : NULL;
}

gboolean
_vnl_design_has_load_problem (VnlDesign     *design,
                              gconstpointer  object,
                              const char    *field)
{
  VnlLoadProblems *problems = _vnl_design_load_problems (design);
  GPtrArray *of_object;

  if (problems == NULL || (of_object = g_hash_table_lookup (problems->objects, object)) == NULL)
    return FALSE;

  for (guint i = 0; i < of_object->len; i++)
    {
      VnlLoadProblem *problem = of_object->pdata[i];
      if (g_strcmp0 (problem->field, field) == 0)
        return TRUE;
    }

  return FALSE;
}
