/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnl-history.h"
#include "vnl-scenario.h"
#include "vnl-kinds.h"

#include <string.h>

/*
 * Two stacks of Command: `undo` (applied, newest last) and `redo` (reverted,
 * newest last). A new edit clears `redo`. `clean` is the depth of `undo`
 * when the design was last saved, or -1 when that state can no longer be
 * reached (it was on the redo stack and got cleared).
 *
 * Ownership: an object removed from the design by a command (a reverted
 * add, an applied remove) is owned by that command (`owned`) and freed with
 * it; otherwise the design owns it.
 */

typedef enum
{
  CMD_ADD,
  CMD_REMOVE,
  CMD_MOVE,
  CMD_SET_UP,
  CMD_RENAME,
  CMD_PROPERTY,
  CMD_LINK_CE,
  CMD_BENDS,
  CMD_LATENCY,
  CMD_SCENARIO,
  CMD_GROUP,
} CommandType;

typedef struct
{
  CommandType              type;
  char                    *label;      /* owned, translated */
  VnlObject               *object;     /* owned when `owned`, else borrowed */
  gboolean                 owned;
  gboolean                 had_pos;
  VnlPoint                 old_pos;
  VnlPoint                 new_pos;
  gboolean                 new_up;
  char                    *old_text;   /* owned: old name, value or CE */
  char                    *new_text;   /* owned */
  char                    *key;        /* owned: property key */
  GPtrArray               *children;   /* owned, of Command* (group) */
  GArray                  *old_bends;  /* owned, of VnlPoint (bends) */
  GArray                  *new_bends;  /* owned, of VnlPoint */
  gboolean                 intra;      /* latency: intra-location, else default */
  double                   old_ms;
  double                   new_ms;
} Command;

struct _VnlHistory
{
  GObject     parent_instance;

  VnlDesign  *design;   /* owned */
  GPtrArray  *undo;     /* owned, of Command* */
  GPtrArray  *redo;     /* owned, of Command* */
  GPtrArray  *groups;   /* owned, of Command*: open groups, innermost last */
  int         clean;
};

G_DEFINE_FINAL_TYPE (VnlHistory, vnl_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
command_free (Command *cmd)
{
  if (cmd->owned)
    vnl_object_free (cmd->object);
  g_free (cmd->label);
  g_free (cmd->old_text);
  g_free (cmd->new_text);
  g_free (cmd->key);
  g_clear_pointer (&cmd->children, g_ptr_array_unref);
  g_clear_pointer (&cmd->old_bends, g_array_unref);
  g_clear_pointer (&cmd->new_bends, g_array_unref);
  g_free (cmd);
}

static Command *
command_new (CommandType  type,
             const char  *label,
             gpointer     object)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->type = type;
  cmd->label = g_strdup (label);
  cmd->object = object;
  return cmd;
}

/* References */

static void
rewrite (char       **field,
         const char  *old_name,
         const char  *new_name)
{
  if (*field != NULL && g_str_equal (*field, old_name))
    {
      g_free (*field);
      *field = g_strdup (new_name);
    }
}

static void
rewrite_references (VnlDesign  *design,
                    const char *old_name,
                    const char *new_name)
{
  GPtrArray *latencies = vnl_design_get_latencies (design);

  /* The latency table names locations too. */
  for (guint i = 0; i < latencies->len; i++)
    {
      VnlLatency *latency = latencies->pdata[i];
      rewrite (&latency->a, old_name, new_name);
      rewrite (&latency->b, old_name, new_name);
    }
  /* So do the saved what-if scenarios. */
  for (guint i = 0; i < vnl_scenario_list (design)->len; i++)
    {
      VnlScenario *scenario = vnl_scenario_list (design)->pdata[i];
      for (guint d = 0; scenario->down[d] != NULL; d++)
        rewrite (&scenario->down[d], old_name, new_name);
    }
  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_rename_references (objects->pdata[i], old_name, new_name))
          vnl_design_changed (design, objects->pdata[i]);
    }
}

/* Applying and reverting */

static void
set_bends (VnlDesign *design,
           VnlObject *object,
           GArray    *bends)
{
  g_array_set_size (object->bends, 0);
  g_array_append_vals (object->bends, bends->data, bends->len);
  vnl_design_changed_layout (design, object);
}

static void
set_link_ce (VnlDesign  *design,
             VnlLink    *link,
             const char *ce)
{
  g_free (link->ce);
  link->ce = g_strdup (ce);
  vnl_design_changed (design, link);
}

/* The design-wide latencies are no object: every location, whose
 * latencies they stand in for, counts as changed. */
static void
set_latency (VnlDesign *design,
             gboolean   intra,
             double     ms)
{
  GPtrArray *locations = vnl_design_get_objects (design, VNL_KIND_LOCATION);

  if (intra)
    vnl_design_set_intra_latency (design, ms);
  else
    vnl_design_set_default_latency (design, ms);
  for (guint i = 0; i < locations->len; i++)
    vnl_design_changed (design, locations->pdata[i]);
}

/* A saved what-if scenario: @down is its objects joined by newlines
 * (names hold none: they are tokens), NULL when it does not exist. */
static void
set_scenario (VnlDesign  *design,
              const char *name,
              const char *down)
{
  g_auto(GStrv) names = NULL;

  if (down == NULL)
    {
      vnl_scenario_remove (design, name);
      return;
    }
  names = *down != '\0' ? g_strsplit (down, "\n", -1) : g_new0 (char *, 1);
  vnl_scenario_store (design, name, (const char * const *) names);
}

static void
command_apply (VnlHistory *self,
               Command    *cmd)
{
  switch (cmd->type)
    {
    case CMD_ADD:
      _vnl_design_add_unchecked (self->design, cmd->object);
      cmd->owned = FALSE;
      break;
    case CMD_REMOVE:
      vnl_design_remove (self->design, cmd->object);
      cmd->owned = TRUE;
      break;
    case CMD_MOVE:
      vnl_design_move (self->design, cmd->object, cmd->new_pos.x, cmd->new_pos.y);
      break;
    case CMD_SET_UP:
      vnl_design_set_up (self->design, cmd->object, cmd->new_up);
      break;
    case CMD_RENAME:
      if (vnl_design_rename (self->design, cmd->object, cmd->new_text, NULL))
        rewrite_references (self->design, cmd->old_text, cmd->new_text);
      break;
    case CMD_PROPERTY:
      if (vnl_object_set_text (self->design, cmd->object, cmd->key, cmd->new_text, NULL))
        vnl_design_changed (self->design, cmd->object);
      break;
    case CMD_LINK_CE:
      set_link_ce (self->design, (VnlLink *) cmd->object, cmd->new_text);
      break;
    case CMD_BENDS:
      set_bends (self->design, cmd->object, cmd->new_bends);
      break;
    case CMD_LATENCY:
      set_latency (self->design, cmd->intra, cmd->new_ms);
      break;
    case CMD_SCENARIO:
      set_scenario (self->design, cmd->key, cmd->new_text);
      break;
    case CMD_GROUP:
      for (guint i = 0; i < cmd->children->len; i++)
        command_apply (self, cmd->children->pdata[i]);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
command_revert (VnlHistory *self,
                Command    *cmd)
{
  switch (cmd->type)
    {
    case CMD_ADD:
      vnl_design_remove (self->design, cmd->object);
      cmd->owned = TRUE;
      break;
    case CMD_REMOVE:
      _vnl_design_add_unchecked (self->design, cmd->object);
      cmd->owned = FALSE;
      break;
    case CMD_MOVE:
      if (cmd->had_pos)
        vnl_design_move (self->design, cmd->object, cmd->old_pos.x, cmd->old_pos.y);
      else
        {
          cmd->object->has_pos = FALSE;
          vnl_design_changed (self->design, cmd->object);
        }
      break;
    case CMD_SET_UP:
      vnl_design_set_up (self->design, cmd->object, !cmd->new_up);
      break;
    case CMD_RENAME:
      if (vnl_design_rename (self->design, cmd->object, cmd->old_text, NULL))
        rewrite_references (self->design, cmd->new_text, cmd->old_text);
      break;
    case CMD_PROPERTY:
      if (vnl_object_set_text (self->design, cmd->object, cmd->key, cmd->old_text, NULL))
        vnl_design_changed (self->design, cmd->object);
      break;
    case CMD_LINK_CE:
      set_link_ce (self->design, (VnlLink *) cmd->object, cmd->old_text);
      break;
    case CMD_BENDS:
      set_bends (self->design, cmd->object, cmd->old_bends);
      break;
    case CMD_LATENCY:
      set_latency (self->design, cmd->intra, cmd->old_ms);
      break;
    case CMD_SCENARIO:
      set_scenario (self->design, cmd->key, cmd->old_text);
      break;
    case CMD_GROUP:
      for (guint i = cmd->children->len; i > 0; i--)
        command_revert (self, cmd->children->pdata[i - 1]);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
notify_state (VnlHistory *self,
              gboolean    could_undo,
              gboolean    could_redo,
              gboolean    was_modified)
{
  if (could_undo != vnl_history_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != vnl_history_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  if (was_modified != vnl_history_is_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Records an applied command. */
static void
push (VnlHistory *self,
      Command    *cmd)
{
  gboolean could_undo = vnl_history_can_undo (self);
  gboolean could_redo = vnl_history_can_redo (self);
  gboolean was_modified = vnl_history_is_modified (self);

  if (self->groups->len > 0)
    {
      Command *group = g_ptr_array_index (self->groups, self->groups->len - 1);
      g_ptr_array_add (group->children, cmd);
      return;
    }

  if (self->redo->len > 0)
    {
      if (self->clean > (int) self->undo->len)
        self->clean = -1;
      g_ptr_array_set_size (self->redo, 0);
    }
  g_ptr_array_add (self->undo, cmd);
  notify_state (self, could_undo, could_redo, was_modified);
}

/* Object life */

static void
vnl_history_finalize (GObject *object)
{
  VnlHistory *self = (VnlHistory *) object;

  /* Redo commands first: they may own objects that undo commands only
   * borrow. */
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->design);

  G_OBJECT_CLASS (vnl_history_parent_class)->finalize (object);
}

static void
vnl_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VnlHistory *self = VNL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, vnl_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, vnl_history_can_redo (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, vnl_history_is_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_history_class_init (VnlHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnl_history_finalize;
  object_class->get_property = vnl_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnl_history_init (VnlHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
}

VnlHistory *
vnl_history_new (VnlDesign *design)
{
  VnlHistory *self;

  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);

  self = g_object_new (VNL_TYPE_HISTORY, NULL);
  self->design = g_object_ref (design);
  return self;
}

VnlDesign *
vnl_history_get_design (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), NULL);
  return self->design;
}

gboolean
vnl_history_can_undo (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
vnl_history_can_redo (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

const char *
vnl_history_get_undo_label (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), NULL);
  if (self->undo->len == 0)
    return NULL;
  return ((Command *) self->undo->pdata[self->undo->len - 1])->label;
}

const char *
vnl_history_get_redo_label (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), NULL);
  if (self->redo->len == 0)
    return NULL;
  return ((Command *) self->redo->pdata[self->redo->len - 1])->label;
}

gboolean
vnl_history_undo (VnlHistory *self)
{
  gboolean could_undo, could_redo, was_modified;
  Command *cmd;

  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->groups->len == 0, FALSE);

  if (self->undo->len == 0)
    return FALSE;
  could_undo = vnl_history_can_undo (self);
  could_redo = vnl_history_can_redo (self);
  was_modified = vnl_history_is_modified (self);

  cmd = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  command_revert (self, cmd);
  g_ptr_array_add (self->redo, cmd);
  notify_state (self, could_undo, could_redo, was_modified);
  return TRUE;
}

gboolean
vnl_history_redo (VnlHistory *self)
{
  gboolean could_undo, could_redo, was_modified;
  Command *cmd;

  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->groups->len == 0, FALSE);

  if (self->redo->len == 0)
    return FALSE;
  could_undo = vnl_history_can_undo (self);
  could_redo = vnl_history_can_redo (self);
  was_modified = vnl_history_is_modified (self);

  cmd = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  command_apply (self, cmd);
  g_ptr_array_add (self->undo, cmd);
  notify_state (self, could_undo, could_redo, was_modified);
  return TRUE;
}

void
vnl_history_clear (VnlHistory *self)
{
  gboolean could_undo, could_redo, was_modified;

  g_return_if_fail (VNL_IS_HISTORY (self));

  could_undo = vnl_history_can_undo (self);
  could_redo = vnl_history_can_redo (self);
  was_modified = vnl_history_is_modified (self);
  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_set_size (self->undo, 0);
  self->clean = 0;
  notify_state (self, could_undo, could_redo, was_modified);
}

gboolean
vnl_history_is_modified (VnlHistory *self)
{
  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  return self->clean != (int) self->undo->len;
}

void
vnl_history_set_unmodified (VnlHistory *self)
{
  gboolean was_modified;

  g_return_if_fail (VNL_IS_HISTORY (self));

  was_modified = vnl_history_is_modified (self);
  self->clean = self->undo->len;
  if (was_modified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

void
vnl_history_begin_group (VnlHistory *self,
                         const char *label)
{
  Command *group;

  g_return_if_fail (VNL_IS_HISTORY (self));

  group = command_new (CMD_GROUP, label, NULL);
  group->children = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  g_ptr_array_add (self->groups, group);
}

void
vnl_history_end_group (VnlHistory *self)
{
  Command *group;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (self->groups->len > 0);

  group = g_ptr_array_steal_index (self->groups, self->groups->len - 1);
  if (group->children->len == 0)
    {
      command_free (group);
      return;
    }
  /* A group of one is that one command, under the group's label. */
  if (group->children->len == 1)
    {
      Command *only = g_ptr_array_steal_index (group->children, 0);
      if (group->label != NULL || only->label == NULL)
        {
          g_free (only->label);
          only->label = g_steal_pointer (&group->label);
        }
      command_free (group);
      group = only;
    }
  push (self, group);
}

/* Edits */

gboolean
vnl_history_add (VnlHistory  *self,
                 gpointer     object,
                 GError     **error)
{
  VnlObject *obj = object;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!vnl_design_add (self->design, object, error))
    return FALSE;
  label = g_strdup_printf (_("Add %s"), obj->name);
  cmd = command_new (CMD_ADD, label, object);
  push (self, cmd);
  return TRUE;
}

static void
set_link_ce_cmd (VnlHistory *self,
                 VnlLink    *link,
                 const char *ce)
{
  Command *cmd;

  if (g_strcmp0 (link->ce, ce) == 0)
    return;
  cmd = command_new (CMD_LINK_CE, _("Connect circuit link"), link);
  cmd->old_text = g_strdup (link->ce);
  cmd->new_text = g_strdup (ce);
  command_apply (self, cmd);
  push (self, cmd);
}

void
vnl_history_set_link_ce (VnlHistory *self,
                         VnlLink    *link,
                         const char *ce)
{
  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (link != NULL && link->parent.kind == VNL_KIND_LINK);

  set_link_ce_cmd (self, link, ce);
}

static void
remove_recursive (VnlHistory *self,
                  VnlObject  *object)
{
  g_autoptr(GPtrArray) dependents = g_ptr_array_new ();
  Command *cmd;

  /* Circuit links are part of their circuit: deleting one detaches it. */
  if (object->kind == VNL_KIND_LINK &&
      vnl_design_lookup (self->design, ((VnlLink *) object)->circuit) != NULL)
    {
      set_link_ce_cmd (self, (VnlLink *) object, NULL);
      return;
    }

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      for (guint i = 0; i < objects->len; i++)
        if (vnl_object_depends_on (objects->pdata[i], object))
          g_ptr_array_add (dependents, objects->pdata[i]);
    }

  /* A CE going away detaches the circuit links that end on it. */
  if (object->kind == VNL_KIND_CE)
    {
      GPtrArray *links = vnl_design_get_objects (self->design, VNL_KIND_LINK);
      for (guint i = 0; i < links->len; i++)
        if (g_strcmp0 (((VnlLink *) links->pdata[i])->ce, object->name) == 0)
          set_link_ce_cmd (self, links->pdata[i], NULL);
    }

  for (guint i = 0; i < dependents->len; i++)
    {
      VnlObject *dep = dependents->pdata[i];
      /* The circuit's own links go with it, whatever their CE. */
      if (dep->kind == VNL_KIND_LINK)
        {
          cmd = command_new (CMD_REMOVE, NULL, dep);
          command_apply (self, cmd);
          push (self, cmd);
        }
      else if (vnl_design_lookup (self->design, dep->name) == dep)
        remove_recursive (self, dep);
    }

  cmd = command_new (CMD_REMOVE, NULL, object);
  command_apply (self, cmd);
  push (self, cmd);
}

void
vnl_history_remove (VnlHistory *self,
                    gpointer    object)
{
  g_autofree char *label = NULL;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (object != NULL);

  label = g_strdup_printf (_("Delete %s"), ((VnlObject *) object)->name);
  vnl_history_begin_group (self, label);
  remove_recursive (self, object);
  vnl_history_end_group (self);
}

/* The objects @cmd takes out of the design. */
static guint
count_removed (Command *cmd)
{
  guint n = cmd->type == CMD_REMOVE ? 1 : 0;

  for (guint i = 0; cmd->children != NULL && i < cmd->children->len; i++)
    n += count_removed (cmd->children->pdata[i]);
  return n;
}

guint
vnl_history_remove_objects (VnlHistory *self,
                            GPtrArray  *objects)
{
  Command *group;
  guint n;

  g_return_val_if_fail (VNL_IS_HISTORY (self), 0);
  g_return_val_if_fail (objects != NULL, 0);

  vnl_history_begin_group (self, NULL);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      /* An earlier deletion may already have taken it along. */
      if (vnl_design_lookup (self->design, object->name) == (gpointer) object)
        vnl_history_remove (self, object);
    }
  /* The label counts what goes, cascade included, not what was selected. */
  group = g_ptr_array_index (self->groups, self->groups->len - 1);
  n = count_removed (group);
  g_free (group->label);
  group->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u object", "Delete %u objects", n), n);
  vnl_history_end_group (self);
  return n;
}

void
vnl_history_move (VnlHistory *self,
                  gpointer    object,
                  double      x,
                  double      y)
{
  VnlObject *obj = object;
  gboolean had_pos;
  VnlPoint old;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (object != NULL);

  if (obj->has_pos && obj->pos.x == x && obj->pos.y == y)
    return;
  had_pos = obj->has_pos;
  old = obj->pos;
  vnl_design_move (self->design, obj, x, y);
  vnl_history_record_move (self, obj, had_pos, old.x, old.y);
}

void
vnl_history_record_move (VnlHistory *self,
                         gpointer    object,
                         gboolean    had_pos,
                         double      old_x,
                         double      old_y)
{
  VnlObject *obj = object;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (object != NULL);

  if (had_pos && obj->pos.x == old_x && obj->pos.y == old_y)
    return;
  label = g_strdup_printf (_("Move %s"), obj->name);
  cmd = command_new (CMD_MOVE, label, obj);
  cmd->had_pos = had_pos;
  cmd->old_pos = (VnlPoint) { old_x, old_y };
  cmd->new_pos = obj->pos;
  push (self, cmd);
}

void
vnl_history_set_up (VnlHistory *self,
                    gpointer    object,
                    gboolean    up)
{
  VnlObject *obj = object;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (object != NULL);

  up = !!up;
  if (obj->up == up)
    return;
  label = g_strdup_printf (up ? _("Bring up %s") : _("Take down %s"), obj->name);
  cmd = command_new (CMD_SET_UP, label, obj);
  cmd->new_up = up;
  command_apply (self, cmd);
  push (self, cmd);
}

/**
 * vnl_history_set_scenario:
 * @down: (nullable): the objects the scenario takes down; NULL deletes it
 *
 * Saves (or replaces, or deletes) the what-if scenario @name of the design:
 * an edit of the design, undoable, unlike the what-if itself.
 */
void
vnl_history_set_scenario (VnlHistory         *self,
                          const char         *name,
                          const char * const *down)
{
  VnlScenario *old;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (name != NULL && *name != '\0');

  old = vnl_scenario_lookup (self->design, name);
  if (old == NULL && down == NULL)
    return;
  label = g_strdup_printf (down == NULL ? _("Delete scenario %s") : _("Save scenario %s"), name);
  cmd = command_new (CMD_SCENARIO, label, NULL);
  cmd->key = g_strdup (name);
  cmd->old_text = old != NULL ? g_strjoinv ("\n", old->down) : NULL;
  cmd->new_text = down != NULL ? g_strjoinv ("\n", (GStrv) down) : NULL;
  command_apply (self, cmd);
  push (self, cmd);
}

gboolean
vnl_history_rename (VnlHistory  *self,
                    gpointer     object,
                    const char  *new_name,
                    GError     **error)
{
  VnlObject *obj = object;
  g_autofree char *old_name = NULL;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  if (g_str_equal (obj->name, new_name))
    return TRUE;
  old_name = g_strdup (obj->name);
  if (!vnl_design_rename (self->design, obj, new_name, error))
    return FALSE;
  rewrite_references (self->design, old_name, new_name);

  label = g_strdup_printf (_("Rename %s"), old_name);
  cmd = command_new (CMD_RENAME, label, obj);
  cmd->old_text = g_steal_pointer (&old_name);
  cmd->new_text = g_strdup (new_name);
  push (self, cmd);
  return TRUE;
}

gboolean
vnl_history_set_property (VnlHistory              *self,
                          gpointer                 object,
                          const char              *key,
                          const char              *text,
                          GError                 **error)
{
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  g_autofree char *key_copy = NULL;
  g_autofree char *text_copy = NULL;
  g_autofree char *label = NULL;
  g_autofree char *what = NULL;
  Command *cmd;

  g_return_val_if_fail (VNL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL && text != NULL, FALSE);

  /* The caller's strings may not survive the change signal below (an
   * inspector rebuilding its form): work on copies. */
  key = key_copy = g_strdup (key);
  text = text_copy = g_strdup (text);
  old = vnl_object_get_text (self->design, object, key);
  if (g_strcmp0 (old, text) == 0)
    return TRUE;
  if (!vnl_object_set_text (self->design, object, key, text, error))
    return FALSE;
  vnl_design_changed (self->design, object);

  /* Record the value as the setter normalised it, so redo restores
   * exactly what is shown. */
  now = vnl_object_get_text (self->design, object, key);
  /* The label says what the user saw ("ASN"), not the file's key. */
  what = vnl_object_describe_key (self->design, object, key);
  label = g_strdup_printf (_("Change %s of %s"), what != NULL ? what : key, ((VnlObject *) object)->name);
  cmd = command_new (CMD_PROPERTY, label, object);
  cmd->key = g_strdup (key);
  cmd->old_text = g_steal_pointer (&old);
  cmd->new_text = g_steal_pointer (&now);
  push (self, cmd);
  return TRUE;
}

void
vnl_history_set_bends (VnlHistory *self,
                       gpointer    object,
                       GArray     *bends)
{
  VnlObject *obj = object;
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (object != NULL);
  g_return_if_fail (bends != NULL);

  if (obj->bends->len == bends->len &&
      memcmp (obj->bends->data, bends->data, bends->len * sizeof (VnlPoint)) == 0)
    return;
  label = g_strdup_printf (_("Reshape %s"), obj->name);
  cmd = command_new (CMD_BENDS, label, obj);
  cmd->old_bends = g_array_copy (obj->bends);
  cmd->new_bends = g_array_copy (bends);
  command_apply (self, cmd);
  push (self, cmd);
}

static void
set_latency_cmd (VnlHistory *self,
                 gboolean    intra,
                 double      ms)
{
  double old = intra ? vnl_design_get_intra_latency (self->design)
                     : vnl_design_get_default_latency (self->design);
  Command *cmd;

  if (old == ms)
    return;
  cmd = command_new (CMD_LATENCY,
                     intra ? _("Change intra-location latency") : _("Change default latency"),
                     NULL);
  cmd->intra = intra;
  cmd->old_ms = old;
  cmd->new_ms = ms;
  command_apply (self, cmd);
  push (self, cmd);
}

void
vnl_history_set_default_latency (VnlHistory *self,
                                 double      ms)
{
  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (ms >= 0);

  set_latency_cmd (self, FALSE, ms);
}

void
vnl_history_set_intra_latency (VnlHistory *self,
                               double      ms)
{
  g_return_if_fail (VNL_IS_HISTORY (self));
  g_return_if_fail (ms >= 0);

  set_latency_cmd (self, TRUE, ms);
}
