/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-application.h"
#include "vnl-recovery.h"
#include "vnl-window.h"

struct _VnlApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;     /* owned, nullable */
  GSettings      *interface;    /* owned, nullable: org.gnome.desktop.interface */
  char          **recent;       /* owned: recent files, newest first */
};

G_DEFINE_FINAL_TYPE (VnlApplication, vnl_application, GTK_TYPE_APPLICATION)

#define MAX_RECENT 10

enum {
  RECENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GSettings *
settings_if_installed (const char *id)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, id, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (id);
}

GSettings *
vnl_application_get_settings (VnlApplication *self)
{
  return self->settings;
}

const char * const *
vnl_application_get_recent (VnlApplication *self)
{
  g_return_val_if_fail (VNL_IS_APPLICATION (self), NULL);
  return (const char * const *) self->recent;
}

/* Stores @list (newest first, without @drop) as the recent files. */
static void
set_recent (VnlApplication     *self,
            const char         *first,
            const char * const *list,
            const char         *drop)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  if (first != NULL)
    {
      g_strv_builder_add (builder, first);
      n++;
    }
  for (guint i = 0; list[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (list[i], first) != 0 && g_strcmp0 (list[i], drop) != 0)
      {
        g_strv_builder_add (builder, list[i]);
        n++;
      }
  g_strfreev (self->recent);
  self->recent = g_strv_builder_end (builder);
  /* The setting emits ::changed, which reloads the list (see
   * on_recent_setting); without a schema, tell the windows directly. */
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "recent-files", (const char * const *) self->recent);
  else
    g_signal_emit (self, signals[RECENT_CHANGED], 0);
}

void
vnl_application_add_recent (VnlApplication *self,
                            const char     *path)
{
  g_autofree char *absolute = NULL;
  g_auto(GStrv) old = NULL;

  g_return_if_fail (VNL_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  absolute = g_canonicalize_filename (path, NULL);
  if (self->recent[0] != NULL && g_str_equal (self->recent[0], absolute))
    return;
  old = g_strdupv (self->recent);
  set_recent (self, absolute, (const char * const *) old, NULL);
}

void
vnl_application_remove_recent (VnlApplication *self,
                               const char     *path)
{
  g_auto(GStrv) old = NULL;

  g_return_if_fail (VNL_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  if (!g_strv_contains ((const char * const *) self->recent, path))
    return;
  old = g_strdupv (self->recent);
  set_recent (self, NULL, (const char * const *) old, path);
}

/* Another instance (or dconf) changed the list. */
static void
on_recent_setting (VnlApplication *self)
{
  g_strfreev (self->recent);
  self->recent = g_settings_get_strv (self->settings, "recent-files");
  g_signal_emit (self, signals[RECENT_CHANGED], 0);
}

static void
set_dark (VnlApplication *self,
          gboolean        dark)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "dark");

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (dark));
}

/* Follow the desktop's colour scheme. */
static void
on_color_scheme (VnlApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->interface, "color-scheme");
  set_dark (self, g_strcmp0 (scheme, "prefer-dark") == 0);
}

static void
dark_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  GVariant *state = g_action_get_state (G_ACTION (action));
  set_dark (data, !g_variant_get_boolean (state));
  g_variant_unref (state);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  static const char *authors[] = { "The VNetLab authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (data),
                         "program-name", "VNetLab",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Plan and check Azure hybrid networks"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  GList *windows = gtk_application_get_windows (data);

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

VnlWindow *
vnl_application_new_window (VnlApplication *self)
{
  VnlWindow *window = vnl_window_new (GTK_APPLICATION (self));
  VnlCanvas *canvas = vnl_window_get_canvas (window);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "show-grid", canvas, "show-grid", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "snap-to-grid", canvas, "snap", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "show-legend", canvas, "show-legend", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "analysis-pane-width", vnl_window_get_analysis_pane (window),
                       "pane-width", G_SETTINGS_BIND_DEFAULT);
    }
  return window;
}

static void
vnl_application_activate (GApplication *app)
{
  VnlApplication *self = VNL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (vnl_application_new_window (self));
      gtk_window_present (window);
      vnl_window_offer_recovery (VNL_WINDOW (window), NULL);
      return;
    }
  gtk_window_present (window);
}

static void
vnl_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  VnlApplication *self = VNL_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      VnlWindow *window = vnl_application_new_window (self);
      g_autofree char *path = g_file_get_path (files[i]);

      gtk_window_present (GTK_WINDOW (window));
      /* The window records the file as recent once it is open; work a
       * crash left unsaved in that file is offered. */
      if (path != NULL)
        vnl_window_open_path_async (window, path, TRUE);
    }
}

static void
vnl_application_startup (GApplication *app)
{
  VnlApplication *self = VNL_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
    { "dark", dark_action, NULL, "false" },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.auto-layout", { "<Control>l", NULL } },
    { "win.problems", { "F8", NULL } },
    { "doc.undo", { "<Control>z", NULL } },
    { "doc.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (vnl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_css_provider_load_from_resource (css, "/io/github/vnetlab/VNetLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);
  vnl_recovery_remove_stale_temporaries (NULL);

  self->settings = settings_if_installed (APP_ID);
  if (self->settings != NULL)
    {
      g_strfreev (self->recent);
      self->recent = g_settings_get_strv (self->settings, "recent-files");
      g_signal_connect_swapped (self->settings, "changed::recent-files", G_CALLBACK (on_recent_setting), self);
    }
  if (g_getenv ("VNL_DARK") != NULL)
    set_dark (self, TRUE);
  else if ((self->interface = settings_if_installed ("org.gnome.desktop.interface")) != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (self->interface, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "color-scheme"))
        {
          g_signal_connect_swapped (self->interface, "changed::color-scheme", G_CALLBACK (on_color_scheme), self);
          on_color_scheme (self);
        }
    }
}

static void
vnl_application_dispose (GObject *object)
{
  VnlApplication *self = (VnlApplication *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->interface);
  G_OBJECT_CLASS (vnl_application_parent_class)->dispose (object);
}

static void
vnl_application_finalize (GObject *object)
{
  VnlApplication *self = (VnlApplication *) object;

  g_clear_pointer (&self->recent, g_strfreev);
  G_OBJECT_CLASS (vnl_application_parent_class)->finalize (object);
}

static void
vnl_application_class_init (VnlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vnl_application_dispose;
  object_class->finalize = vnl_application_finalize;
  app_class->activate = vnl_application_activate;
  app_class->open = vnl_application_open;
  app_class->startup = vnl_application_startup;

  signals[RECENT_CHANGED] =
    g_signal_new ("recent-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vnl_application_init (VnlApplication *self)
{
  self->recent = g_new0 (char *, 1);
}

VnlApplication *
vnl_application_new (void)
{
  return g_object_new (VNL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/vnetlab/VNetLab",
                       NULL);
}
