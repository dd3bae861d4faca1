/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "vnl-test-ui.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <string.h>

#include "vnl-analysis-pane.h"
#include "vnl-export-dialog.h"
#include "vnl-report-dialog.h"
#include "vnl-window.h"

/* UI tests of the Export and Report dialogs: a real VnlWindow on the
 * reference sample, the dialogs opened through win.export and win.report,
 * given a target path (so that no file chooser opens) and run through
 * their actions; the files they write are read back. */

typedef struct
{
  VnlWindow *window;
  char      *dir;       /* owned: a temporary folder for the outputs */
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("VNL_SAMPLES_DIR"), "azure-interop-testbed.vnetlab", NULL);
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vnetlab-dialogs-XXXXXX", &error);
  g_assert_no_error (error);
  f->window = g_object_ref_sink (vnl_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vnl_window_open_path (f->window, path));
  iterate ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  vnl_history_set_unmodified (vnl_window_get_history (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  iterate ();
}

/* The open toplevel of @type (borrowed), or NULL. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

static gboolean
window_shows (GtkWidget  *window,
              const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  collect_labels (window, out);
  return strstr (out->str, text) != NULL;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*length, >, 0);
  return contents;
}

static VnlExportDialog *
open_export (Fixture *f)
{
  VnlExportDialog *dialog;

  g_assert_null (find_toplevel (VNL_TYPE_EXPORT_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  iterate ();
  dialog = find_toplevel (VNL_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

/* Export */

/* Runs the main loop until the export dialog has drawn in its thread and
 * closed. */
static void
wait_export_closed (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (find_toplevel (VNL_TYPE_EXPORT_DIALOG) != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  iterate ();
  g_assert_null (find_toplevel (VNL_TYPE_EXPORT_DIALOG));
}

static void
test_export_svg (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "diagram.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *view = NULL;
  VnlExportDialog *dialog = open_export (f);
  xmlDocPtr doc;
  gsize length;

  g_object_get (dialog, "view", &view, NULL);
  g_assert_cmpstr (view, ==, "design");
  g_object_set (dialog, "format", "svg", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL));
  wait_export_closed ();

  /* Written, the dialog closed, the status line says where. */
  contents = read_file (path, &length);
  doc = xmlReadMemory (contents, (int) length, path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  g_assert_nonnull (doc);
  g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "svg");
  xmlFreeDoc (doc);
  g_assert_true (window_shows (GTK_WIDGET (f->window), "Exported the diagram to"));
  g_assert_true (window_shows (GTK_WIDGET (f->window), path));
}

/* The path looked at is offered and chosen; a down object is honoured;
 * the extension of the format is added. */
static void
test_export_png_path (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "path", NULL);
  g_autofree char *path = g_build_filename (f->dir, "path.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *view = NULL;
  VnlAnalysisPane *pane;
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlExportDialog *dialog;
  gsize length;

  pane = VNL_ANALYSIS_PANE (find_type (GTK_WIDGET (f->window), VNL_TYPE_ANALYSIS_PANE));
  g_assert_nonnull (pane);
  /* A what-if failure (not an edit of the design) is drawn as down. */
  vnl_analysis_set_what_if_down (vnl_analysis_pane_get_analysis (pane), "er1-primary", TRUE);
  vnl_analysis_set_path (vnl_analysis_pane_get_analysis (pane), "loc1-vm", "hub-vm");
  iterate ();
  g_assert_true (((VnlObject *) vnl_design_lookup (design, "er1-primary"))->up);

  dialog = open_export (f);
  g_object_get (dialog, "view", &view, NULL);
  g_assert_cmpstr (view, ==, "trace:loc1-vm:hub-vm");
  g_assert_true (window_shows (GTK_WIDGET (dialog), "er1-primary"));
  g_object_set (dialog, "format", "png", "target-path", target, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL));
  wait_export_closed ();
  contents = read_file (path, &length);
  g_assert_cmpuint (length, >, 8);
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
}

/* Pixels of @path (a PNG) within 12 of @r, @g, @b on each channel. */
static guint
count_pixels (const char *path,
              guint8      r,
              guint8      g,
              guint8      b)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  int width, height, stride;
  const guint8 *data;
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);   /* ARGB, native endian */
        int pr = (px >> 16) & 0xff, pg = (px >> 8) & 0xff, pb = px & 0xff;

        if (ABS (pr - r) <= 12 && ABS (pg - g) <= 12 && ABS (pb - b) <= 12)
          n++;
      }
  cairo_surface_destroy (surface);
  return n;
}

static char *
export_png (Fixture    *f,
            const char *name,
            const char *expected_view)
{
  g_autofree char *target = g_build_filename (f->dir, name, NULL);
  g_autofree char *view = NULL;
  VnlExportDialog *dialog = open_export (f);

  g_object_get (dialog, "view", &view, NULL);
  g_assert_cmpstr (view, ==, expected_view);
  g_object_set (dialog, "format", "png", "target-path", target, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL));
  wait_export_closed ();
  return g_strconcat (target, ".png", NULL);
}

/* File → Export exports what the analysis pane shows on the canvas: the
 * path on the Path page, the perspective on the Perspective page; the
 * files draw the overlay (the path's blue, the perspective's green outline
 * of what it reaches, colours of src/render/vnl-analysis-overlay.c) that the plain
 * design has not. */
static void
test_export_analysis_view (Fixture       *f,
                           gconstpointer  data)
{
  VnlAnalysisPane *pane = VNL_ANALYSIS_PANE (find_type (GTK_WIDGET (f->window), VNL_TYPE_ANALYSIS_PANE));
  g_autofree char *design = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *perspective = NULL;
  guint design_blue, trace_blue, design_green, perspective_green;

  g_assert_nonnull (pane);
  design = export_png (f, "design", "design");

  gtk_widget_set_visible (GTK_WIDGET (pane), TRUE);
  vnl_analysis_set_path (vnl_analysis_pane_get_analysis (pane), "loc1-vm", "hub-vm");
  vnl_analysis_pane_show_page (pane, "path");
  iterate ();
  trace = export_png (f, "trace", "trace:loc1-vm:hub-vm");

  vnl_analysis_pane_show_page (pane, "perspective");
  vnl_analysis_pane_set_perspective (pane, "loc1");
  iterate ();
  perspective = export_png (f, "perspective", "perspective:loc1");

  /* forward_color { 0.10, 0.45, 0.85 }, and lit_color { 0.15, 0.65, 0.30,
   * 0.45 } over white: what the perspective reaches is outlined in it. */
  design_blue = count_pixels (design, 26, 115, 217);
  trace_blue = count_pixels (trace, 26, 115, 217);
  design_green = count_pixels (design, 157, 215, 175);
  perspective_green = count_pixels (perspective, 157, 215, 175);
  g_test_message ("path blue: %u in the design, %u in the trace; lit green: %u in the design, %u in the perspective",
                  design_blue, trace_blue, design_green, perspective_green);
  g_assert_cmpuint (trace_blue, >, 1000 + 4 * design_blue);
  g_assert_cmpuint (perspective_green, >, 1000 + 4 * design_green);

  /* Closed, the pane shows nothing on the canvas: the dialog's own
   * choice (the path looked at) stands. */
  gtk_widget_set_visible (GTK_WIDGET (pane), FALSE);
  iterate ();
  {
    VnlExportDialog *dialog = open_export (f);
    g_autofree char *view = NULL;

    g_object_get (dialog, "view", &view, NULL);
    g_assert_cmpstr (view, ==, "trace:loc1-vm:hub-vm");
    gtk_window_destroy (GTK_WINDOW (dialog));
    iterate ();
  }
}

static void
test_export_drawio (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "design.drawio", NULL);
  g_autofree char *contents = NULL;
  VnlExportDialog *dialog = open_export (f);
  gsize length;

  g_object_set (dialog, "format", "drawio", "view", "perspective:hub", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL));
  wait_export_closed ();
  contents = read_file (path, &length);
  g_assert_nonnull (strstr (contents, "<mxfile"));
}

/* Report */

static VnlReportDialog *
open_report (Fixture *f)
{
  VnlReportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.report", NULL));
  iterate ();
  dialog = find_toplevel (VNL_TYPE_REPORT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
is_running (VnlReportDialog *dialog)
{
  gboolean running;

  g_object_get (dialog, "running", &running, NULL);
  return running;
}

/* Runs the main loop until the report is done; returns how many main loop
 * iterations ran meanwhile (the window stays responsive). */
static guint
wait_done (VnlReportDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  guint iterations = 0;

  while (is_running (dialog) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
      iterations++;
    }
  g_assert_false (is_running (dialog));
  return iterations;
}

static void
test_report_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "report.json", NULL);
  g_autofree char *output = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_window_get_design (f->window);
  VnlReportDialog *dialog;
  JsonObject *root;
  JsonArray *down;

  vnl_history_set_up (vnl_window_get_history (f->window), vnl_design_lookup (design, "er1-primary"), FALSE);
  dialog = open_report (f);
  g_object_set (dialog, "format", "json", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.run", NULL));
  g_assert_true (is_running (dialog));
  g_assert_cmpuint (wait_done (dialog), >, 0);

  g_object_get (dialog, "output-path", &output, NULL);
  g_assert_cmpstr (output, ==, path);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (root);
  down = json_object_get_array_member (root, "down");
  /* The sample has er1-secondary down already; both are in the report. */
  g_assert_cmpuint (json_array_get_length (down), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (down, 0), ==, "er1-primary");
  g_assert_cmpstr (json_array_get_string_element (down, 1), ==, "er1-secondary");

  /* The dialog says where, and so does the status line. */
  g_assert_true (window_shows (GTK_WIDGET (dialog), path));
  g_assert_true (window_shows (GTK_WIDGET (f->window), "Report written to"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* The report follows the flow picked in the analysis pane, as the CLI's
 * --protocol and --port do: every trace of the JSON says it was filtered
 * for that flow (ICMP when nothing was picked, the other test). */
static void
test_report_flow (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "report-flow.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VnlAnalysis *analysis = vnl_analysis_pane_get_analysis (vnl_window_get_analysis_pane (f->window));
  const VnlFlow https = { VNL_PROTO_TCP, 0, 443 };
  VnlReportDialog *dialog;
  JsonArray *traces;
  guint n_traced = 0;

  vnl_analysis_set_flow (analysis, &https);
  dialog = open_report (f);
  g_object_set (dialog, "format", "json", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.run", NULL));
  wait_done (dialog);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  traces = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "traces");
  g_assert_nonnull (traces);
  for (guint i = 0; i < json_array_get_length (traces); i++)
    {
      JsonObject *trace = json_array_get_object_element (traces, i);
      JsonObject *flow = json_object_get_object_member (trace, "flow");

      g_assert_nonnull (flow);
      g_assert_cmpstr (json_object_get_string_member (flow, "protocol"), ==, "Tcp");
      g_assert_cmpint (json_object_get_int_member (flow, "port"), ==, 443);
      n_traced++;
    }
  /* The reference lab's endpoints reach one another: there are traces. */
  g_assert_cmpuint (n_traced, >, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static void
test_report_html (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "report", NULL);
  g_autofree char *path = g_build_filename (f->dir, "report.html", NULL);
  g_autofree char *contents = NULL;
  VnlReportDialog *dialog = open_report (f);
  gsize length;

  g_object_set (dialog, "format", "html", "target-path", target, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.run", NULL));
  wait_done (dialog);
  contents = read_file (path, &length);
  g_assert_nonnull (strstr (contents, "<svg"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static void
test_report_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cancelled.pdf", NULL);
  VnlReportDialog *dialog = open_report (f);

  g_object_set (dialog, "format", "pdf", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.run", NULL));
  g_assert_true (is_running (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.cancel", NULL));
  wait_done (dialog);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (window_shows (GTK_WIDGET (dialog), "cancelled"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* Closing the dialog mid-run cancels it; the threads finish quietly. */
static void
test_report_close_running (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "closed.md", NULL);
  VnlReportDialog *dialog = open_report (f);

  g_object_set (dialog, "format", "markdown", "target-path", path, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.run", NULL));
  g_object_ref (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  iterate ();
  g_assert_null (find_toplevel (VNL_TYPE_REPORT_DIALOG));
  for (int i = 0; i < 200; i++)
    {
      iterate ();
      g_usleep (5000);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_object_unref (dialog);
}

int
main (int   argc,
      char *argv[])
{
  int status = vnl_test_ui_init (&argc, &argv);

  if (status >= 0)
    return status;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/dialogs/export-svg", test_export_svg);
  ADD ("/ui/dialogs/export-png-path-what-if", test_export_png_path);
  ADD ("/ui/dialogs/export-drawio", test_export_drawio);
  ADD ("/ui/dialogs/export-analysis-view", test_export_analysis_view);
  ADD ("/ui/dialogs/report-json-what-if", test_report_json);
  ADD ("/ui/dialogs/report-html", test_report_html);
  ADD ("/ui/dialogs/report-cancel", test_report_cancel);
  ADD ("/ui/dialogs/report-close-running", test_report_close_running);
  ADD ("/ui/dialogs/report-analysis-flow", test_report_flow);
#undef ADD

  return g_test_run ();
}
