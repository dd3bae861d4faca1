/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vnl-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vnl-message.h"
#include "vnl-export-dialog.h"
#include "vnl-save-chooser.h"
#include "vnl-export.h"
#include "vnl-file.h"

#include <string.h>

/*
 * The format and view drop-downs are indexed by two tables: `formats`
 * (fixed, in the order of the .ui string list) and `view_ids` (built from
 * the design when the dialog is made: "design", the analysis' path as
 * "trace:FROM:TO" when there is one, then "perspective:NAME" per VNet and
 * site, as vnl_export_list_views() gives them). The diagram is drawn in a
 * worker thread from a snapshot of the design taken when the file is
 * chosen (its down objects are drawn as down); views other than the whole
 * design get a network converged there and then.
 */

struct _VnlExportDialog
{
  GtkWindow      parent_instance;

  GtkDropDown   *format_drop;
  GtkSpinButton *scale_spin;
  GtkDropDown   *view_drop;
  GtkLabel      *hint_label;
  GtkLabel      *down_label;

  VnlDesign     *design;        /* owned */
  VnlAnalysis   *analysis;      /* owned, nullable */
  char          *design_path;   /* owned, nullable */
  char          *target_path;   /* owned, nullable: skips the file chooser */
  GPtrArray     *view_ids;      /* owned, of char*: parallel to view_drop */
  gboolean       busy;          /* drawing in a thread */
  gboolean       closed;        /* disposed: callbacks do nothing */
};

G_DEFINE_FINAL_TYPE (VnlExportDialog, vnl_export_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DESIGN,
  PROP_ANALYSIS,
  PROP_DESIGN_PATH,
  PROP_TARGET_PATH,
  PROP_FORMAT,
  PROP_VIEW,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of format_drop's items. */
static const struct
{
  const char     *id;
  VnlExportFormat format;
  const char     *extension;
  const char     *filter_name;
  const char     *mime_type;
} formats[] = {
  { "png", VNL_EXPORT_PNG, "png", N_("PNG images"), "image/png" },
  { "svg", VNL_EXPORT_SVG, "svg", N_("SVG drawings"), "image/svg+xml" },
  { "pdf", VNL_EXPORT_PDF, "pdf", N_("PDF documents"), "application/pdf" },
  { "drawio", VNL_EXPORT_DRAWIO, "drawio", N_("draw.io diagrams"), NULL },
};

static guint
format_index (VnlExportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->format_drop);

  return i < G_N_ELEMENTS (formats) ? i : 0;
}

static const char *
current_view (VnlExportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->view_drop);

  /* draw.io files always hold the whole design. */
  if (formats[format_index (self)].format == VNL_EXPORT_DRAWIO ||
      i >= self->view_ids->len)
    return "design";
  return self->view_ids->pdata[i];
}

static void
update_sensitivity (VnlExportDialog *self)
{
  VnlExportFormat format = formats[format_index (self)].format;

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), format == VNL_EXPORT_PNG);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_drop), format != VNL_EXPORT_DRAWIO);
  switch (format)
    {
    case VNL_EXPORT_PNG:
      gtk_label_set_text (self->hint_label, _("A bitmap image; the scale sets its size."));
      break;
    case VNL_EXPORT_SVG:
    case VNL_EXPORT_PDF:
      gtk_label_set_text (self->hint_label, _("A vector drawing that stays sharp at any size."));
      break;
    case VNL_EXPORT_DRAWIO:
    default:
      gtk_label_set_text (self->hint_label,
                          _("An editable diagrams.net file of the whole design; the view does not apply."));
      break;
    }
}

static void
on_format_changed (VnlExportDialog *self)
{
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

static void
on_view_changed (VnlExportDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static char *
view_label (const char *id)
{
  if (g_str_has_prefix (id, "perspective:"))
    return g_strdup_printf (_("Perspective of %s"), id + strlen ("perspective:"));
  if (g_str_has_prefix (id, "trace:"))
    {
      g_auto(GStrv) parts = g_strsplit (id + strlen ("trace:"), ":", 2);
      return g_strdup_printf (_("Current path: %s → %s"), parts[0], parts[1]);
    }
  return g_strdup (_("Whole design"));
}

static void
build_views (VnlExportDialog *self)
{
  g_autoptr(GPtrArray) views = vnl_export_list_views (self->design);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *from = self->analysis != NULL ? vnl_analysis_get_from (self->analysis) : NULL;
  const char *to = self->analysis != NULL ? vnl_analysis_get_to (self->analysis) : NULL;
  guint selected = 0;

  g_clear_pointer (&self->view_ids, g_ptr_array_unref);
  self->view_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < views->len; i++)
    {
      g_ptr_array_add (self->view_ids, g_strdup (views->pdata[i]));
      /* The path being looked at comes right after the whole design, and
       * is what the user most likely wants to show. */
      if (i == 0 && from != NULL && to != NULL)
        {
          g_ptr_array_add (self->view_ids, g_strdup_printf ("trace:%s:%s", from, to));
          selected = 1;
        }
    }
  for (guint i = 0; i < self->view_ids->len; i++)
    {
      g_autofree char *label = view_label (self->view_ids->pdata[i]);
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->view_drop, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->view_drop, selected);
}

static void
build_down_label (VnlExportDialog *self)
{
  g_auto(GStrv) down = self->analysis != NULL ? vnl_analysis_get_what_if_down (self->analysis)
                                               : g_new0 (char *, 1);
  guint n = g_strv_length (down);
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->down_label), n > 0);
  if (n == 0)
    return;
  names = g_strjoinv (", ", down);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "What-if: %s is down and is drawn as down.",
                                       "What-if: %s are down and are drawn as down.", n),
                          names);
  gtk_label_set_text (self->down_label, text);
}

/* Export */

static void
show_error (VnlExportDialog *self,
            const char *primary,
            const char *secondary)
{
  vnl_message_show_error (GTK_WINDOW (self), primary, secondary);
}

/* @path, with the extension of the chosen format added unless it has it. */
static char *
with_extension (VnlExportDialog *self,
                const char      *path)
{
  VnlExportFormat format;
  guint i = format_index (self);

  if (vnl_export_format_from_path (path, &format, NULL) && format == formats[i].format)
    return g_strdup (path);
  return g_strconcat (path, ".", formats[i].extension, NULL);
}

/* Drawing, in a thread */

typedef struct
{
  VnlDesign      *design;     /* owned: a snapshot, down objects and all */
  char           *view;       /* owned */
  VnlExportFormat format;
  double          scale;
  char           *path;       /* owned */
  VnlFlow         flow;       /* the analysis's: a denied path stays denied */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->design);
  g_free (data->view);
  g_free (data->path);
  g_free (data);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(VnlNetwork) network = NULL;
  GError *error = NULL;

  /* Converged now: a pending analysis recomputation cannot leave it stale. */
  if (!g_str_equal (data->view, "design"))
    {
      network = vnl_network_new (data->design);
      vnl_network_set_flow (network, &data->flow);
    }
  if (!vnl_export_diagram (data->design, network, data->view, data->format, data->scale,
                           data->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_busy (VnlExportDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", !busy);
  gtk_widget_set_sensitive (gtk_window_get_child (GTK_WINDOW (self)), !busy);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), busy ? "wait" : NULL);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VnlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->closed)
        return;
      set_busy (self, FALSE);
      show_error (self, _("The diagram could not be exported"), error->message);
      return;
    }
  /* Written even if the dialog was closed meanwhile: say so all the same. */
  message = g_strdup_printf (_("Exported the diagram to %s"), data->path);
  g_signal_emit (self, signals[MESSAGE], 0, message);
  if (!self->closed)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Draws in a worker thread over a snapshot of the design, so that a large
 * PNG does not freeze the designer; the dialog waits, then closes. */
static void
export_and_close (VnlExportDialog *self,
                  const char      *chosen)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ExportData *data;
  gsize length = 0;

  data = g_new0 (ExportData, 1);
  text = vnl_design_to_data (self->design, &length);
  data->design = vnl_design_load_from_data (text, length, self->design_path, &error);
  data->view = g_strdup (current_view (self));
  data->format = formats[format_index (self)].format;
  data->scale = gtk_spin_button_get_value (self->scale_spin);
  data->path = with_extension (self, chosen);
  data->flow = self->analysis != NULL ? *vnl_analysis_get_flow (self->analysis) : vnl_flow_icmp;
  if (data->design == NULL)
    {
      show_error (self, _("The diagram could not be exported"), error->message);
      export_data_free (data);
      return;
    }
  /* The what-if failures are drawn as down in the snapshot only. */
  if (self->analysis != NULL)
    {
      g_auto(GStrv) what_if = vnl_analysis_get_what_if_down (self->analysis);

      for (guint i = 0; what_if[i] != NULL; i++)
        {
          gpointer object = vnl_design_lookup (data->design, what_if[i]);
          if (object != NULL)
            vnl_design_set_up (data->design, object, FALSE);
        }
    }

  set_busy (self, TRUE);
  task = g_task_new (NULL, NULL, on_exported, g_object_ref (self));
  g_task_set_source_tag (task, export_and_close);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_in_thread);
}

static char *
suggested_name (VnlExportDialog *self)
{
  g_autofree char *base = NULL;
  const char *view = current_view (self);
  const char *extension = formats[format_index (self)].extension;

  if (self->design_path != NULL)
    {
      g_autofree char *file = g_path_get_basename (self->design_path);
      char *dot = strrchr (file, '.');

      if (dot != NULL && dot != file)
        *dot = '\0';
      base = g_steal_pointer (&file);
    }
  else
    base = g_strdup (_("design"));

  if (g_str_has_prefix (view, "perspective:"))
    return g_strdup_printf ("%s-%s.%s", base, view + strlen ("perspective:"), extension);
  if (g_str_has_prefix (view, "trace:"))
    {
      g_auto(GStrv) parts = g_strsplit (view + strlen ("trace:"), ":", 2);
      return g_strdup_printf ("%s-%s-%s.%s", base, parts[0], parts[1], extension);
    }
  return g_strdup_printf ("%s.%s", base, extension);
}

static void
on_chosen (GObject    *owner,
           const char *path)
{
  VnlExportDialog *self = VNL_EXPORT_DIALOG (owner);

  if (!self->closed && !self->busy)
    export_and_close (self, path);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  VnlExportDialog *self = VNL_EXPORT_DIALOG (widget);
  g_autofree char *name = NULL;
  guint i = format_index (self);

  if (self->busy)
    return;
  if (self->target_path != NULL)
    {
      export_and_close (self, self->target_path);
      return;
    }

  name = suggested_name (self);
  vnl_save_chooser_run (GTK_WINDOW (self), _("Export Diagram"), _("_Export"),
                        _(formats[i].filter_name), formats[i].extension, formats[i].mime_type,
                        self->design_path, name, G_OBJECT (self), on_chosen);
}

/* Object life */

GtkWidget *
vnl_export_dialog_new (GtkWindow   *parent,
                       VnlDesign   *design,
                       VnlAnalysis *analysis,
                       const char  *design_path)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VNL_IS_DESIGN (design), NULL);
  g_return_val_if_fail (analysis == NULL || VNL_IS_ANALYSIS (analysis), NULL);

  return g_object_new (VNL_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "design", design,
                       "analysis", analysis,
                       "design-path", design_path,
                       NULL);
}

static void
set_format (VnlExportDialog *self,
            const char      *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i].id, id))
      {
        gtk_drop_down_set_selected (self->format_drop, i);
        return;
      }
  g_warning ("unknown export format “%s”", id);
}

static void
set_view (VnlExportDialog *self,
          const char      *id)
{
  for (guint i = 0; id != NULL && i < self->view_ids->len; i++)
    if (g_str_equal (self->view_ids->pdata[i], id))
      {
        gtk_drop_down_set_selected (self->view_drop, i);
        return;
      }
  g_warning ("unknown export view “%s”", id);
}

static void
vnl_export_dialog_constructed (GObject *object)
{
  VnlExportDialog *self = (VnlExportDialog *) object;

  G_OBJECT_CLASS (vnl_export_dialog_parent_class)->constructed (object);

  g_assert (self->design != NULL);
  build_views (self);
  build_down_label (self);
  update_sensitivity (self);
}

static void
vnl_export_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VnlExportDialog *self = VNL_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESIGN:
      g_value_set_object (value, self->design);
      break;
    case PROP_ANALYSIS:
      g_value_set_object (value, self->analysis);
      break;
    case PROP_DESIGN_PATH:
      g_value_set_string (value, self->design_path);
      break;
    case PROP_TARGET_PATH:
      g_value_set_string (value, self->target_path);
      break;
    case PROP_FORMAT:
      g_value_set_string (value, formats[format_index (self)].id);
      break;
    case PROP_VIEW:
      g_value_set_string (value, current_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_export_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VnlExportDialog *self = VNL_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESIGN:
      self->design = g_value_dup_object (value);
      break;
    case PROP_ANALYSIS:
      self->analysis = g_value_dup_object (value);
      break;
    case PROP_DESIGN_PATH:
      self->design_path = g_value_dup_string (value);
      break;
    case PROP_TARGET_PATH:
      if (g_strcmp0 (self->target_path, g_value_get_string (value)) != 0)
        {
          g_free (self->target_path);
          self->target_path = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FORMAT:
      set_format (self, g_value_get_string (value));
      break;
    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnl_export_dialog_dispose (GObject *object)
{
  VnlExportDialog *self = (VnlExportDialog *) object;

  self->closed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), VNL_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->design);
  g_clear_object (&self->analysis);

  G_OBJECT_CLASS (vnl_export_dialog_parent_class)->dispose (object);
}

static void
vnl_export_dialog_finalize (GObject *object)
{
  VnlExportDialog *self = (VnlExportDialog *) object;

  g_free (self->design_path);
  g_free (self->target_path);
  g_clear_pointer (&self->view_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (vnl_export_dialog_parent_class)->finalize (object);
}

static void
vnl_export_dialog_class_init (VnlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vnl_export_dialog_constructed;
  object_class->get_property = vnl_export_dialog_get_property;
  object_class->set_property = vnl_export_dialog_set_property;
  object_class->dispose = vnl_export_dialog_dispose;
  object_class->finalize = vnl_export_dialog_finalize;

  properties[PROP_DESIGN] =
    g_param_spec_object ("design", NULL, NULL, VNL_TYPE_DESIGN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANALYSIS] =
    g_param_spec_object ("analysis", NULL, NULL, VNL_TYPE_ANALYSIS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESIGN_PATH] =
    g_param_spec_string ("design-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Where "export.run" writes without asking; NULL asks (the default). */
  properties[PROP_TARGET_PATH] =
    g_param_spec_string ("target-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "png", "svg", "pdf" or "drawio". */
  properties[PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, "png",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A view of vnl_export_diagram(): "design", "trace:FROM:TO" or
   * "perspective:NAME", among those the dialog offers. */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "design",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::message (text): a one-line report of a finished export, for the
   * window's status line. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vnetlab/VNetLab/vnl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VnlExportDialog, format_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, VnlExportDialog, view_drop);
  gtk_widget_class_bind_template_child (widget_class, VnlExportDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VnlExportDialog, down_label);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);

  gtk_widget_class_install_action (widget_class, "export.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vnl_export_dialog_init (VnlExportDialog *self)
{
  self->view_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
