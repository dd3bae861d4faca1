/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vnl-canvas.h"
#include "vnl-canvas-private.h"
#include "vnl-edit.h"
#include "vnl-layout.h"

/* The canvas's commands as actions, with their key bindings; their
 * enabled state is set in one place, _vnl_canvas_update_actions(). */

/* Actions */

void
_vnl_canvas_update_actions (VnlCanvas *self)
{
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  gboolean any = selection->len > 0;
  gboolean any_up = FALSE, any_down = FALSE;

  for (guint i = 0; i < selection->len; i++)
    {
      if (((VnlObject *) selection->pdata[i])->up)
        any_up = TRUE;
      else
        any_down = TRUE;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.delete", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.duplicate", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.copy", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.cut", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.take-down", any_up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.bring-up", any_down);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  double cx = gtk_widget_get_width (widget) / 2.0;
  double cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "canvas.zoom-in"))
    vnl_viewport_zoom_step (self->viewport, 1, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    vnl_viewport_zoom_step (self->viewport, -1, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-selection"))
    vnl_canvas_zoom_to_selection (self);
  else if (g_str_equal (action_name, "canvas.zoom-reset"))
    vnl_viewport_zoom_at (self->viewport, 1 / vnl_viewport_get_zoom (self->viewport), cx, cy);
  else
    vnl_canvas_zoom_to_fit (self);
}

/* Find: a search entry in a popover over the canvas (Ctrl+F); Enter finds
 * the object by name or address and centres it. */
static void
on_find_activate (GtkSearchEntry *entry,
                  VnlCanvas      *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  VnlObject *found = vnl_canvas_find (self, text);

  if (found == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing is named “%s” or has that address"), text);
      _vnl_canvas_say (self, message);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->find_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  if (self->find_popover == NULL)
    {
      self->find_popover = gtk_popover_new ();
      self->find_entry = gtk_search_entry_new ();
      g_object_set (self->find_entry, "placeholder-text", _("Name or address"), NULL);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->find_entry), 28);
      g_signal_connect (self->find_entry, "activate", G_CALLBACK (on_find_activate), self);
      gtk_popover_set_child (GTK_POPOVER (self->find_popover), self->find_entry);
      gtk_widget_set_parent (self->find_popover, widget);
      gtk_popover_set_position (GTK_POPOVER (self->find_popover), GTK_POS_BOTTOM);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->find_popover),
                               &(GdkRectangle) { gtk_widget_get_width (widget) / 2, 8, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->find_popover));
  gtk_widget_grab_focus (self->find_entry);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) objects = g_ptr_array_copy (vnl_viewport_get_selection (self->viewport), NULL, NULL);
  g_autofree char *label = NULL;

  if (objects->len == 0)
    return;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u object", "Delete %u objects", objects->len), objects->len);
  vnl_viewport_clear_selection (self->viewport);
  vnl_history_begin_group (self->history, objects->len == 1 ? NULL : label);
  for (guint i = 0; i < objects->len; i++)
    {
      VnlObject *object = objects->pdata[i];
      /* An earlier deletion may already have taken it along. */
      if (vnl_design_lookup (self->design, object->name) == (gpointer) object)
        vnl_history_remove (self->history, object);
    }
  vnl_history_end_group (self->history);
  _vnl_canvas_say (self, label);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) copies = vnl_edit_duplicate (self->history, vnl_viewport_get_selection (self->viewport));

  if (copies->len > 0)
    vnl_viewport_set_selection (self->viewport, copies);
}

/* Clipboard: the selection travels as a small .vnetlab document (without
 * shared keys), offered both as its own type and as text. */
static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;
  gsize length = 0;

  data = vnl_edit_copy (self->design, selection, &length);
  if (data == NULL)
    return;
  bytes = g_bytes_new (data, length);
  providers[0] = gdk_content_provider_new_for_bytes ("application/x-vnetlab", bytes);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);

  if (g_str_equal (action_name, "canvas.cut"))
    gtk_widget_activate_action (widget, "canvas.delete", NULL);
  else
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Copied %u object",
                                                              "Copied %u objects", selection->len),
                                                  selection->len);
      _vnl_canvas_say (self, message);
    }
}

static void
on_paste_text (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VnlCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(GPtrArray) pasted = NULL;

  if (self->history == NULL)
    return;
  if (text == NULL || strstr (text, "urn:vnetlab:design:1") == NULL)
    {
      _vnl_canvas_say (self, _("The clipboard holds no vnetlab objects"));
      return;
    }
  pasted = vnl_edit_paste (self->history, text, strlen (text), &error);
  if (pasted == NULL)
    {
      _vnl_canvas_say (self, error->message);
      return;
    }
  if (pasted->len > 0)
    vnl_viewport_set_selection (self->viewport, pasted);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 on_paste_text, g_object_ref (widget));
}

static void
set_up_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  gboolean up = g_str_equal (action_name, "canvas.bring-up");
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);

  vnl_history_begin_group (self->history, up ? _("Bring up") : _("Take down"));
  for (guint i = 0; i < selection->len; i++)
    vnl_history_set_up (self->history, selection->pdata[i], up);
  vnl_history_end_group (self->history);
  _vnl_canvas_update_actions (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint k = 0; k < VNL_N_KINDS; k++)
    {
      GPtrArray *objects = vnl_design_get_objects (self->design, k);
      for (guint i = 0; i < objects->len; i++)
        if (k != VNL_KIND_LOCATION)
          g_ptr_array_add (all, objects->pdata[i]);
    }
  vnl_viewport_set_selection (self->viewport, all);
}

static void
add_here_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  vnl_canvas_place (self, g_variant_get_string (param, NULL), self->menu_wx, self->menu_wy);
}

static void
auto_layout_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;
  if (!vnl_layout_apply (self->history, VNL_LAYOUT_DOT, &error))
    {
      _vnl_canvas_say (self, error->message);
      return;
    }
  vnl_canvas_zoom_to_fit (self);
  _vnl_canvas_say (self, _("Arranged automatically; Undo restores the previous layout."));
}

static void
connect_from_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);

  if (self->menu_object == NULL)
    return;
  self->connect_mode = TRUE;
  g_object_notify (G_OBJECT (self), "connect-mode");
  _vnl_canvas_say (self, _("Connect mode: drag from a node to another node. Press C to leave."));
}

/* Collapses the selected VNet with the VNets peered with it into one group
 * node, or expands it again: view state, no undo step. */
static void
collapse_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VnlCanvas *self = VNL_CANVAS (widget);
  GPtrArray *selection = vnl_viewport_get_selection (self->viewport);
  VnlObject *hub = selection->len == 1 ? selection->pdata[0] : NULL;
  gboolean collapse;
  g_autofree char *message = NULL;

  if (hub == NULL || hub->kind != VNL_KIND_VNET)
    return;
  collapse = !vnl_canvas_get_collapsed (self, hub->name);
  vnl_canvas_set_collapsed (self, hub->name, collapse);
  if (collapse)
    {
      guint n = vnl_canvas_get_group_size (self, hub->name);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s collapsed: it stands for %u more object",
                                              "%s collapsed: it stands for %u more objects", n), hub->name, n);
    }
  else
    message = g_strdup_printf (_("%s expanded"), hub->name);
  _vnl_canvas_say (self, message);
}

void
_vnl_canvas_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-selection", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "canvas.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "canvas.cut", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "canvas.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "canvas.take-down", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "canvas.bring-up", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "canvas.add-here", "s", add_here_action);
  gtk_widget_class_install_action (widget_class, "canvas.connect-from", NULL, connect_from_action);
  gtk_widget_class_install_action (widget_class, "canvas.auto-layout", NULL, auto_layout_action);
  gtk_widget_class_install_action (widget_class, "canvas.collapse-group", NULL, collapse_action);
  gtk_widget_class_install_property_action (widget_class, "canvas.connect-mode", "connect-mode");
  gtk_widget_class_install_property_action (widget_class, "canvas.show-grid", "show-grid");
  gtk_widget_class_install_property_action (widget_class, "canvas.snap", "snap");
  gtk_widget_class_install_property_action (widget_class, "canvas.show-legend", "show-legend");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_SHIFT_MASK, "canvas.zoom-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "canvas.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "canvas.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK, "canvas.cut", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "canvas.connect-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "canvas.auto-layout", NULL);
}
