/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vnl-design.h"
#include "vnl-file.h"
#include "vnl-generate.h"
#include "vnl-network.h"
#include "vnl-report.h"

/*
 * The report model and its text writers (JSON, Markdown, CSV, HTML), on the
 * three samples. Expected reachability comes from the spec's visibility
 * matrix (shared/spec/azure-interop-testbed.md §2.2); the secrets are the
 * shared keys written in the reference sample.
 */

static const char *const samples[] = {
  "azure-interop-testbed.vnetlab", "hub-spoke.vnetlab", "global-reach.vnetlab",
};

static const char *const secrets[] = { "IamSecure123", "hub-branch-psk" };

static char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("VNL_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "samples", name, NULL);
}

static VnlDesign *
load_sample (const char *name)
{
  g_autofree char *path = sample_path (name);
  g_autoptr(GError) error = NULL;
  VnlDesign *design = vnl_design_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static VnlReport *
report_sample (const char         *name,
               const char * const *down)
{
  g_autoptr(VnlDesign) design = load_sample (name);
  g_autoptr(GError) error = NULL;
  VnlReport *report = vnl_report_new (design, name, down, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static guint
endpoint_index (VnlReport  *report,
                const char *name)
{
  for (guint i = 0; i < report->endpoints->len; i++)
    if (g_str_equal (((VnlObject *) report->endpoints->pdata[i])->name, name))
      return i;
  g_assert_not_reached ();
}

static gboolean
reaches (VnlReport  *report,
         const char *from,
         const char *to)
{
  return vnl_matrix_get (report->matrix, endpoint_index (report, from), endpoint_index (report, to));
}

static void
assert_no_secret (const char *text,
                  const char *what)
{
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("%s contains the secret “%s”", what, secrets[i]);
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  const char      *path;
  gboolean         ok;
  VnlReportFormat  format;
} FormatCase;

static const FormatCase format_cases[] = {
  { "out.html", TRUE, VNL_REPORT_FORMAT_HTML },
  { "OUT.HTM", TRUE, VNL_REPORT_FORMAT_HTML },
  { "a/b/report.pdf", TRUE, VNL_REPORT_FORMAT_PDF },
  { "r.md", TRUE, VNL_REPORT_FORMAT_MARKDOWN },
  { "r.csv", TRUE, VNL_REPORT_FORMAT_CSV },
  { "r.json", TRUE, VNL_REPORT_FORMAT_JSON },
  { "r.docx", FALSE, 0 },
  { "report", FALSE, 0 },
  { "r.json.txt", FALSE, 0 },
};

static void
test_format_from_path (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autoptr(GError) error = NULL;
      VnlReportFormat format;
      gboolean ok = vnl_report_format_from_path (c->path, &format, &error);

      g_assert_cmpint (ok, ==, c->ok);
      if (ok)
        g_assert_cmpint (format, ==, c->format);
      else
        {
          g_assert_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_FORMAT);
          g_assert_nonnull (strstr (error->message, c->path));
        }
    }
}

/* §2.2: who reaches whom, and a trace for every ordered pair. */
static void
test_collect_testbed (void)
{
  g_autoptr(VnlReport) report = report_sample ("azure-interop-testbed.vnetlab", NULL);
  guint n = report->endpoints->len;
  gboolean hub_table = FALSE;

  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (report->traces->len, ==, n * n);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      g_assert_true ((report->traces->pdata[i * n + j] == NULL) == (i == j));

  g_assert_true (reaches (report, "hub-vm", "spoke-vm"));
  g_assert_true (reaches (report, "spoke-vm", "loc2-vm"));
  g_assert_true (reaches (report, "loc1-vm", "remote-vm"));
  g_assert_false (reaches (report, "branch-vm", "loc2-vm"));
  g_assert_false (reaches (report, "branch-vm", "remote-vm"));
  g_assert_false (reaches (report, "loc1-vm", "loc2-vm"));
  g_assert_false (reaches (report, "remote-vm", "loc2-vm"));

  /* A ping's round trip is there exactly when it gets its reply. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (i != j)
        g_assert_cmpint (vnl_report_get_rtt (report, i, j) >= 0, ==, vnl_matrix_get (report->matrix, i, j));

  for (guint t = 0; t < report->tables->len; t++)
    {
      VnlRouteTable *table = report->tables->pdata[t];
      if (table->kind == VNL_TABLE_VNET && g_str_equal (table->node, "hub"))
        hub_table = TRUE;
    }
  g_assert_true (hub_table);

  /* The secondary link of er1 is down in the file. */
  g_assert_true (g_strv_contains ((const char * const *) report->down, "er1-secondary"));
  g_assert_null (report->baseline);
  g_assert_cmpuint (report->what_ifs->len, >, 0);
}

/* Property: a what-if retraces only the pairs whose paths cross the object
 * or a table that changed, and must find exactly what tracing every pair
 * again finds: for each what-if of each sample, the changed pairs equal a
 * brute-force comparison of every pair's trace before and after. */
static gboolean
same_objects (VnlTrace *a,
              VnlTrace *b)
{
  if (a->path->len != b->path->len)
    return FALSE;
  for (guint i = 0; i < a->path->len; i++)
    if (g_strcmp0 (a->path->pdata[i], b->path->pdata[i]) != 0)
      return FALSE;
  if ((a->reverse == NULL) != (b->reverse == NULL))
    return FALSE;
  return a->reverse == NULL || same_objects (a->reverse, b->reverse);
}

static gboolean
replies (VnlTrace *trace)
{
  return trace->reached && trace->reverse != NULL && trace->reverse->reached;
}

static void
test_what_if_all_pairs (void)
{
  static const char *const samples[] = {
    "azure-interop-testbed.vnetlab", "global-reach.vnetlab", "hub-spoke.vnetlab",
    "route-server-sdwan.vnetlab",
  };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(VnlReport) report = report_sample (samples[s], NULL);
      guint n = report->endpoints->len;

      g_assert_false (report->summarised);
      for (guint w = 0; w < report->what_ifs->len; w++)
        {
          VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
          g_autoptr(VnlNetwork) network = vnl_network_new (report->design);
          guint c = 0;

          g_assert_true (vnl_network_set_up (network, what_if->object, FALSE, NULL));
          for (guint i = 0; i < n; i++)
            for (guint j = 0; j < n; j++)
              {
                VnlTrace *before = report->traces->pdata[i * n + j];
                g_autoptr(VnlTrace) after = NULL;
                int kind = -1;

                if (i == j)
                  continue;
                after = vnl_network_trace (network,
                                           ((VnlObject *) report->endpoints->pdata[i])->name,
                                           ((VnlObject *) report->endpoints->pdata[j])->name, NULL);
                g_assert_nonnull (after);
                if (replies (before) && !replies (after))
                  kind = VNL_REPORT_CHANGE_LOST;
                else if (!replies (before) && replies (after))
                  kind = VNL_REPORT_CHANGE_GAINED;
                else if (replies (before) && !same_objects (before, after))
                  kind = VNL_REPORT_CHANGE_REROUTED;
                if (kind < 0)
                  continue;
                /* Changes are listed row-major, like this walk. */
                g_assert_cmpuint (c, <, what_if->changes->len);
                g_assert_cmpuint (g_array_index (what_if->changes, VnlReportChange, c).from, ==, i);
                g_assert_cmpuint (g_array_index (what_if->changes, VnlReportChange, c).to, ==, j);
                g_assert_cmpint (g_array_index (what_if->changes, VnlReportChange, c).kind, ==, kind);
                c++;
              }
          g_assert_cmpuint (c, ==, what_if->changes->len);
        }
    }
}

/* Property: an overview's what-if walks again only the walks that cross
 * the object, a VNet whose state changed or a table whose prefix for
 * their destination changed, and must count exactly what the matrix
 * recomputed in full counts: per what-if, the ordered pairs lost and
 * gained, in all and per pair of networks. On the samples and a generated
 * design, with the overview forced. */
extern guint _vnl_report_trace_max_endpoints;

static void
assert_overview_what_ifs (VnlDesign  *design,
                          const char *name)
{
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint saved = _vnl_report_trace_max_endpoints, n;

  _vnl_report_trace_max_endpoints = 0;
  report = vnl_report_new (design, name, NULL, NULL, NULL, NULL, &error);
  _vnl_report_trace_max_endpoints = saved;
  g_assert_no_error (error);
  g_assert_true (report->overview);
  g_assert_cmpuint (report->what_ifs->len, >, 0);
  n = report->endpoints->len;

  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      VnlReportWhatIf *what_if = report->what_ifs->pdata[w];
      g_autoptr(VnlNetwork) network = vnl_network_new (report->design);
      g_autoptr(VnlMatrix) after = NULL;
      g_autoptr(GHashTable) per_owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint lost = 0, gained = 0;

      g_assert_true (vnl_network_set_up (network, what_if->object, FALSE, NULL));
      after = vnl_matrix_new (network, NULL);
      g_assert_cmpuint (vnl_matrix_get_n_endpoints (after), ==, n);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            gboolean was = vnl_matrix_get (report->matrix, i, j), is = vnl_matrix_get (after, i, j);
            g_autofree char *key = NULL;
            guint count;

            if (i == j || was == is)
              continue;
            lost += was;
            gained += is;
            key = g_strdup_printf ("%s\t%s\t%s", vnl_matrix_get_endpoint (after, i)->owner,
                                   vnl_matrix_get_endpoint (after, j)->owner, was ? "lost" : "gained");
            count = GPOINTER_TO_UINT (g_hash_table_lookup (per_owners, key));
            g_hash_table_insert (per_owners, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
          }
      if (lost != what_if->n_lost || gained != what_if->n_gained)
        g_error ("%s, %s down: %u lost and %u gained, the full matrix says %u and %u",
                 name, what_if->object, what_if->n_lost, what_if->n_gained, lost, gained);
      g_assert_cmpuint (what_if->changes->len, ==, 0);
      g_assert_cmpuint (what_if->n_rerouted, ==, 0);
      for (guint c = 0; c < what_if->owner_changes->len; c++)
        {
          VnlReportOwnerChange *change = &g_array_index (what_if->owner_changes, VnlReportOwnerChange, c);
          g_autofree char *key_lost = g_strdup_printf ("%s\t%s\tlost", change->from, change->to);
          g_autofree char *key_gained = g_strdup_printf ("%s\t%s\tgained", change->from, change->to);

          g_assert_cmpuint (change->lost, ==, GPOINTER_TO_UINT (g_hash_table_lookup (per_owners, key_lost)));
          g_assert_cmpuint (change->gained, ==, GPOINTER_TO_UINT (g_hash_table_lookup (per_owners, key_gained)));
          g_assert_cmpuint (change->lost + change->gained, >, 0);
          g_hash_table_remove (per_owners, key_lost);
          g_hash_table_remove (per_owners, key_gained);
        }
      /* Every pair of networks with a change is listed. */
      g_assert_cmpuint (g_hash_table_size (per_owners), ==, 0);
      g_assert_true ((what_if->n_lost + what_if->n_gained > 0) == (what_if->most_affected != NULL));
    }
}

static void
test_what_if_overview (void)
{
  static const char *const samples[] = {
    "azure-interop-testbed.vnetlab", "global-reach.vnetlab", "hub-spoke.vnetlab",
    "route-server-sdwan.vnetlab",
  };
  VnlGenerateOptions opts;
  g_autoptr(VnlDesign) generated = NULL;
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(VnlDesign) design = load_sample (samples[s]);
      assert_overview_what_ifs (design, samples[s]);
    }

  vnl_generate_options_init (&opts);
  opts.n_vnets = 30;
  opts.n_sites = 6;
  opts.n_circuits = 3;
  opts.n_prefixes = 60;
  generated = vnl_generate_design (&opts, &error);
  g_assert_no_error (error);
  assert_overview_what_ifs (generated, "generated");
}

/* What-ifs: er1's primary link carries Location 1 to the remote VNet (§2.2:
 * "Loc1 → Remote: ER1"); with it down and the secondary shut, that pair is
 * lost, while Location 1 still reaches the hub over the S2S VPN backup. */
static void
test_what_if (void)
{
  static const char *const down[] = { "er1-primary", NULL };
  g_autoptr(VnlReport) all_up = report_sample ("azure-interop-testbed.vnetlab", NULL);
  g_autoptr(VnlReport) report = report_sample ("azure-interop-testbed.vnetlab", down);
  VnlReportWhatIf *what_if = NULL;
  gboolean lost_remote = FALSE;

  for (guint w = 0; w < all_up->what_ifs->len; w++)
    if (g_str_equal (((VnlReportWhatIf *) all_up->what_ifs->pdata[w])->object, "er1-primary"))
      what_if = all_up->what_ifs->pdata[w];
  g_assert_nonnull (what_if);
  g_assert_cmpuint (what_if->n_lost, >, 0);
  for (guint c = 0; c < what_if->changes->len; c++)
    {
      VnlReportChange *change = &g_array_index (what_if->changes, VnlReportChange, c);
      if (change->kind == VNL_REPORT_CHANGE_LOST &&
          change->from == endpoint_index (all_up, "loc1-vm") &&
          change->to == endpoint_index (all_up, "remote-vm"))
        lost_remote = TRUE;
    }
  g_assert_true (lost_remote);

  /* The report with it down agrees, and says what changed. */
  g_assert_false (reaches (report, "loc1-vm", "remote-vm"));
  g_assert_true (reaches (report, "loc1-vm", "hub-vm"));
  g_assert_nonnull (report->baseline);
  g_assert_cmpuint (report->baseline->n_lost, ==, what_if->n_lost);
  g_assert_cmpuint (report->baseline->n_rerouted, ==, what_if->n_rerouted);
  g_assert_true (g_strv_contains ((const char * const *) report->down, "er1-primary"));
  /* The down object is not taken down again. */
  for (guint w = 0; w < report->what_ifs->len; w++)
    g_assert_cmpstr (((VnlReportWhatIf *) report->what_ifs->pdata[w])->object, !=, "er1-primary");
}

/* Issue 11: the single-failure table covers what is up in the design.
 * Whatever the design has down itself (er1-secondary in the sample, and
 * er2-secondary taken down here through the model) is no candidate
 * failure and is listed as "down in the design", never as failing over;
 * what the caller's scenario takes down is listed as down in the what-if
 * and named with the scenario, apart from the design's own. */
static void
test_single_failure_skips_design_down (void)
{
  static const char *const down[] = { "hub-loc1-vpn", NULL };
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(VnlReportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  g_auto(GStrv) design_down = NULL;
  guint listed = 0;

  vnl_design_set_up (design, vnl_design_lookup (design, "er2-secondary"), FALSE);
  design_down = vnl_design_get_down_names (design);
  g_assert_true (g_strv_contains ((const char * const *) design_down, "er1-secondary"));
  report = vnl_report_new (design, "lab", down, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  vnl_report_set_scenario (report, "VPN out");

  for (guint w = 0; w < report->what_ifs->len; w++)
    {
      const char *object = ((VnlReportWhatIf *) report->what_ifs->pdata[w])->object;
      g_assert_false (g_strv_contains ((const char * const *) design_down, object));
      g_assert_cmpstr (object, !=, "hub-loc1-vpn");
    }
  g_assert_cmpstrv (report->design_down, design_down);
  g_assert_cmpuint (g_strv_length (report->what_if_down), ==, 1);
  g_assert_cmpstr (report->what_if_down[0], ==, "hub-loc1-vpn");

  table = vnl_report_what_if_table (report);
  for (guint r = 0; r < table->rows->len; r++)
    {
      VnlReportRow *row = table->rows->pdata[r];
      const char *verdict = row->cells[5];

      if (g_strv_contains ((const char * const *) design_down, row->cells[0]))
        {
          g_assert_cmpstr (verdict, ==, "down in the design");
          listed++;
        }
      else if (g_str_equal (row->cells[0], "hub-loc1-vpn"))
        g_assert_cmpstr (verdict, ==, "down in the what-if");
      else
        g_assert_cmpstr (verdict, !=, "down in the design");
    }
  g_assert_cmpuint (listed, ==, g_strv_length (design_down));

  said = vnl_report_describe_down (report);
  g_assert_nonnull (strstr (said, "VPN out"));
  g_assert_nonnull (strstr (said, "er1-secondary"));
  g_assert_true (strstr (said, "er1-secondary") < strstr (said, "VPN out"));
}

static void
test_unknown_down (void)
{
  static const char *const down[] = { "no-such-link", NULL };
  g_autoptr(VnlDesign) design = load_sample ("hub-spoke.vnetlab");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlReport) report = vnl_report_new (design, NULL, down, NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, VNL_NETWORK_ERROR, VNL_NETWORK_ERROR_UNKNOWN_OBJECT);
  g_assert_nonnull (strstr (error->message, "no-such-link"));
}

/* The caller's design is never changed by a report. */
static void
test_design_untouched (void)
{
  static const char *const down[] = { "hub-er1", NULL };
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  g_autofree char *before = vnl_design_to_data (design, NULL);
  g_autofree char *after = NULL;
  g_autoptr(VnlReport) report = vnl_report_new (design, NULL, down, NULL, NULL, NULL, NULL);

  g_assert_nonnull (report);
  after = vnl_design_to_data (design, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_tracert_text (void)
{
  g_autoptr(VnlReport) report = report_sample ("azure-interop-testbed.vnetlab", NULL);
  VnlTrace *trace = vnl_report_get_trace (report, endpoint_index (report, "hub-vm"),
                                          endpoint_index (report, "spoke-vm"));
  g_autofree char *text = vnl_trace_format_tracert (trace);

  g_assert_true (g_str_has_prefix (text, "\nTracing route to 10.11.30.4 over a maximum of 30 hops\n"));
  g_assert_true (g_str_has_suffix (text, "\nTrace complete.\n"));
}

/* Every writer, every sample: well-formed, complete, and without secrets. */
static void
test_writers (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(VnlReport) report = report_sample (samples[s], NULL);
      g_autofree char *json = vnl_report_to_json (report);
      g_autofree char *md = vnl_report_to_markdown (report);
      g_autofree char *html = vnl_report_to_html (report, "<?xml version=\"1.0\"?>\n<svg/>");
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;

      assert_no_secret (json, "JSON");
      assert_no_secret (md, "Markdown");
      assert_no_secret (html, "HTML");
      for (VnlReportCsvTable t = VNL_REPORT_CSV_ROUTES; t <= VNL_REPORT_CSV_TRACES; t++)
        {
          g_autofree char *csv = vnl_report_to_csv (report, t);
          g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
          guint columns = 0;

          assert_no_secret (csv, "CSV");
          g_assert_cmpuint (g_strv_length (lines), >, 1);
          /* Every record has the header's number of fields (no field here
           * holds a quoted comma). */
          for (guint l = 0; lines[l] != NULL && *lines[l] != '\0'; l++)
            {
              guint fields = 1;
              for (const char *p = lines[l]; *p; p++)
                fields += *p == ',';
              if (l == 0)
                columns = fields;
              else if (strchr (lines[l], '"') == NULL)
                g_assert_cmpuint (fields, ==, columns);
            }
        }

      json_parser_load_from_data (parser, json, -1, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "vnetlab-report");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "traces")), ==,
                        report->endpoints->len * (report->endpoints->len - 1));

      /* Every node's name is in the Markdown and HTML reports. */
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (report->design, k);
          for (guint i = 0; i < objects->len; i++)
            {
              VnlObject *object = objects->pdata[i];
              if (!vnl_object_is_node (object))
                continue;
              g_assert_nonnull (strstr (md, object->name));
              g_assert_nonnull (strstr (html, object->name));
            }
        }
      g_assert_nonnull (strstr (html, "<svg/>"));
      g_assert_null (strstr (html, "<?xml"));
    }
}

/* Adds to @names the "name" of every object in @node that has a "kind". */
static void
collect_object_names (JsonNode   *node,
                      GHashTable *names)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_object_names (json_array_get_element (array, i), names);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "kind") && json_object_has_member (object, "name"))
        g_hash_table_add (names, g_strdup (json_object_get_string_member (object, "name")));
      for (GList *l = members; l != NULL; l = l->next)
        collect_object_names (json_object_get_member (object, l->data), names);
    }
}

/* The summary comes from the table of kinds: every object of every kind is
 * in it, once, with its kind — whatever its kind (a kind no summary array
 * names appears under "other"). */
static void
test_json_every_object (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(VnlReport) report = report_sample (samples[s], NULL);
      g_autofree char *json = vnl_report_to_json (report);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      JsonObject *root;
      guint total = 0;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      collect_object_names (json_object_get_member (root, "summary"), names);
      for (guint k = 0; k < VNL_N_KINDS; k++)
        {
          GPtrArray *objects = vnl_design_get_objects (report->design, k);

          total += objects->len;
          for (guint i = 0; i < objects->len; i++)
            if (!g_hash_table_contains (names, ((VnlObject *) objects->pdata[i])->name))
              g_error ("%s: %s (%s) is not in the report's summary", samples[s],
                       ((VnlObject *) objects->pdata[i])->name, vnl_kind_to_string (k));
        }
      g_assert_cmpuint (g_hash_table_size (names), ==, total);
    }
}

/* Python's jsonschema, or NULL (the test skipped) when the machine lacks it. */
static char *
schema_python (void)
{
  /* Debian's python3 carries python3-jsonschema, which the set-up script
   * installs; a python3 earlier in PATH (a virtualenv) may not. */
  g_autofree char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                            ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3");
  const char *check[] = { python, "-c", "import jsonschema", NULL };
  int status = -1;

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return NULL;
    }
  if (!g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("python3-jsonschema is not installed");
      return NULL;
    }
  return g_steal_pointer (&python);
}

/* @json (a file) is valid against the schema, or its $defs entry @def. */
static void
assert_json_valid (const char *python,
                   const char *json,
                   const char *def,
                   const char *what)
{
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                   "vnetlab-report.schema.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;
  int status = -1;
  const char *argv[] = {
    python, "-c",
    "import json, sys, jsonschema\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "jsonschema.Draft202012Validator.check_schema(schema)\n"
    "if sys.argv[3]:\n"
    "    schema = {'$defs': schema['$defs'], '$ref': '#/$defs/' + sys.argv[3]}\n"
    "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))\n",
    schema, json, def != NULL ? def : "", NULL,
  };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, &stderr_text, &status, &error));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: not valid against the schema:\n%s", what, stderr_text);
}

/* Writes @report as JSON and validates it against the schema. */
static void
assert_schema_valid (const char *python,
                     VnlReport  *report,
                     const char *what)
{
  g_autofree char *dir = g_dir_make_tmp ("vnl-report-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "report.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vnl_report_write (report, VNL_REPORT_FORMAT_JSON, 0, NULL, out, &error));
  g_assert_no_error (error);
  assert_json_valid (python, out, NULL, what);
  g_unlink (out);
  g_rmdir (dir);
}

/* The JSON validates against data/vnetlab-report.schema.json (with Python's
 * jsonschema when the machine has it). */
static void
test_json_schema (void)
{
  g_autofree char *python = schema_python ();
  static const char *const down[] = { "hub-er1", NULL };

  if (python == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (samples) + 1; s++)
    {
      gboolean with_down = s == G_N_ELEMENTS (samples);
      g_autoptr(VnlReport) report = report_sample (with_down ? samples[0] : samples[s],
                                                   with_down ? down : NULL);

      assert_schema_valid (python, report, samples[with_down ? 0 : s]);
    }
}

/* A generated design of @vnets VNets with endpoints added in each VNet's
 * first address space (every tenth one down) until it has @endpoints more. */
static VnlDesign *
design_with_endpoints (guint vnets,
                       guint endpoints)
{
  VnlGenerateOptions opts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlDesign) design = NULL;
  GPtrArray *list;
  guint added = 0;

  vnl_generate_options_init (&opts);
  opts.n_vnets = vnets;
  opts.n_sites = MAX (vnets / 5, 1);
  opts.n_circuits = MAX (vnets / 10, 1);
  opts.n_prefixes = 20 * vnets;
  design = vnl_generate_design (&opts, &error);
  g_assert_no_error (error);

  list = vnl_design_get_objects (design, VNL_KIND_VNET);
  for (guint v = 0; v < list->len && added < endpoints; v++)
    {
      VnlVnet *vnet = list->pdata[v];
      VnlPrefix *space = &g_array_index (vnet->address_spaces, VnlPrefix, 0);
      guint size = (guint) MIN (((guint64) 1 << (32 - space->len)), 256);

      for (guint k = 10; k + 2 < size && added < endpoints; k++, added++)
        {
          g_autofree char *name = g_strdup_printf ("x%u-%s", added, vnet->parent.name);
          VnlEndpoint *ep = vnl_object_new (VNL_KIND_ENDPOINT, name);

          ep->owner = g_strdup (vnet->parent.name);
          ep->address = space->addr + k;
          _vnl_design_add_unchecked (design, ep);
          if (k % 10 == 3)
            vnl_design_set_up (design, ep, FALSE);
        }
    }
  g_assert_cmpuint (added, ==, endpoints);
  return g_steal_pointer (&design);
}

/* An overview's JSON, with its what-ifs per pair of networks, written
 * through the streamed writer: valid against the schema, and the same
 * text as vnl_report_to_json(). */
static void
test_json_schema_overview (void)
{
  g_autofree char *python = schema_python ();
  g_autoptr(VnlDesign) design = NULL;
  g_autoptr(VnlReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *written = NULL, *text = NULL;
  guint saved = _vnl_report_trace_max_endpoints;

  if (python == NULL)
    return;
  design = load_sample ("azure-interop-testbed.vnetlab");
  _vnl_report_trace_max_endpoints = 0;
  report = vnl_report_new (design, "overview", NULL, NULL, NULL, NULL, &error);
  _vnl_report_trace_max_endpoints = saved;
  g_assert_no_error (error);
  g_assert_true (report->overview);

  dir = g_dir_make_tmp ("vnl-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "overview.json", NULL);
  g_assert_true (vnl_report_write (report, VNL_REPORT_FORMAT_JSON, VNL_REPORT_CSV_ROUTES, NULL, path, &error));
  g_assert_no_error (error);
  assert_json_valid (python, path, NULL, "overview");
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  text = vnl_report_to_json (report);
  g_assert_cmpstr (written, ==, text);
  g_assert_nonnull (strstr (text, "\"network_changes\" : ["));
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
sum_owner_pair (const VnlMatrixOwnerPair *pair,
                gpointer                  user_data)
{
  guint64 *sums = user_data;

  sums[0] += pair->pairs;
  sums[1] += pair->reachable;
  return TRUE;
}

/* Issue 12 defect 1 / issue 13: beyond VNL_REPORT_TRACE_MAX_ENDPOINTS the
 * report traces nothing and says so, and beyond the matrix's JSON limit its
 * "matrix" holds counts per pair of owners — which add up to every ordered
 * pair and to the reachable ones (the matrix's own count). */
static void
assert_overview (VnlReport *report)
{
  guint n = report->endpoints->len;
  guint64 sums[2] = { 0, 0 };
  g_autofree char *note = vnl_report_scope_note (report);
  g_autofree char *json = vnl_report_to_json (report);

  g_assert_cmpuint (n, >, VNL_REPORT_TRACE_MAX_ENDPOINTS);
  g_assert_true (report->overview);
  g_assert_true (report->summarised);
  g_assert_cmpuint (report->n_traced, ==, 0);
  /* What-ifs per pair of networks up to their limit. */
  g_assert_true ((report->what_ifs->len > 0) == (n <= VNL_REPORT_WHAT_IF_MAX_ENDPOINTS));
  g_assert_null (vnl_report_get_trace (report, 0, 1));
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "per pair of networks"));

  vnl_matrix_foreach_owner_pair (report->matrix, sum_owner_pair, sums);
  g_assert_cmpuint (sums[0], ==, (guint64) n * (n - 1));
  g_assert_cmpuint (sums[1], ==, vnl_matrix_count_reachable (report->matrix));
  g_assert_cmpuint (sums[1], >, 0);

  /* Rows up to the JSON limit, counts per pair of owners beyond it. */
  g_assert_nonnull (strstr (json, n > VNL_MATRIX_JSON_MAX_ENDPOINTS ? "\"truncated\" : true"
                                                                   : "\"truncated\" : false"));
  g_assert_true ((strstr (json, "\"owner_pairs\" : [") != NULL) == (n > VNL_MATRIX_JSON_MAX_ENDPOINTS));
  g_assert_true ((strstr (json, "\"rtt_ms\" : [") != NULL) == (n <= VNL_MATRIX_JSON_MAX_ENDPOINTS));
}

static void
test_overview (void)
{
  g_autoptr(VnlDesign) design = design_with_endpoints (4, VNL_REPORT_TRACE_MAX_ENDPOINTS + 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlReport) report = vnl_report_new (design, NULL, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  assert_overview (report);
}

/* The one matrix serialiser, as `vnetlab-cli matrix --json` writes it
 * (no rtt_ms), in both shapes: rows, and counts per pair of owners above a
 * limit (here 2 of the sample's 6 endpoints); both valid against the
 * schema's "matrix", and the owners' counts add up to every ordered pair. */
/* Owner pairs as vnl_matrix_foreach_owner_pair() gives them, checked
 * against the cells of their endpoints, on the first call (which counts
 * and keeps them) and on a second (which reads what was kept). */
typedef struct
{
  VnlMatrix *matrix;
  guint      seen;
  guint64    reachable;
} OwnerPairCheck;

static gboolean
check_owner_pair (const VnlMatrixOwnerPair *pair,
                  gpointer                  user_data)
{
  OwnerPairCheck *check = user_data;
  guint n = vnl_matrix_get_n_endpoints (check->matrix);
  guint64 pairs = 0, reachable = 0, denied = 0;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        VnlMatrixCell cell;

        if (i == j || g_strcmp0 (vnl_matrix_get_endpoint (check->matrix, i)->owner, pair->from) != 0 ||
            g_strcmp0 (vnl_matrix_get_endpoint (check->matrix, j)->owner, pair->to) != 0)
          continue;
        pairs++;
        cell = vnl_matrix_get_cell (check->matrix, i, j);
        reachable += cell == VNL_MATRIX_REACHABLE;
        denied += cell == VNL_MATRIX_DENIED;
      }
  g_assert_cmpuint (pair->pairs, ==, pairs);
  g_assert_cmpuint (pair->reachable, ==, reachable);
  g_assert_cmpuint (pair->denied, ==, denied);
  check->seen++;
  check->reachable += reachable;
  return TRUE;
}

static void
test_owner_pairs_kept (void)
{
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, NULL);
  guint g = vnl_matrix_get_n_owners (matrix);

  g_assert_cmpuint (g, >, 1);
  for (guint call = 0; call < 2; call++)
    {
      OwnerPairCheck check = { matrix, 0, 0 };

      vnl_matrix_foreach_owner_pair (matrix, check_owner_pair, &check);
      g_assert_cmpuint (check.seen, ==, g * g);
      /* The reachable count (kept after its first call) is that of the cells. */
      g_assert_cmpuint (vnl_matrix_count_reachable (matrix), ==, check.reachable);
    }
}

static void
test_matrix_json (void)
{
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  g_autoptr(VnlNetwork) network = vnl_network_new (design);
  g_autoptr(VnlMatrix) matrix = vnl_matrix_new (network, NULL);
  g_autofree char *python = schema_python ();
  guint n = vnl_matrix_get_n_endpoints (matrix);

  for (guint limit = 0; limit < 2; limit++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;

      vnl_matrix_write_json (matrix, out, 0, limit == 0 ? n : 2, NULL, NULL, NULL, NULL);
      g_assert_true (json_parser_load_from_data (parser, out->str, -1, &error));
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "endpoints")), ==, n);
      g_assert_cmpint (json_object_get_boolean_member (root, "truncated"), ==, limit == 1);
      g_assert_cmpint (json_object_get_int_member (root, "reachable_pairs"), ==,
                       vnl_matrix_count_reachable (matrix));
      if (limit == 0)
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "reachable")), ==, n);
      else
        {
          JsonArray *pairs = json_object_get_array_member (root, "owner_pairs");
          gint64 total = json_object_get_int_member (root, "unlisted_pairs");
          gint64 reachable = 0;

          /* Only owner pairs that reach each other are listed; the others
           * are counted, so that every ordered pair is accounted for. */
          for (guint k = 0; k < json_array_get_length (pairs); k++)
            {
              JsonObject *pair = json_array_get_object_element (pairs, k);

              g_assert_cmpint (json_object_get_int_member (pair, "reachable"), >, 0);
              total += json_object_get_int_member (pair, "pairs");
              reachable += json_object_get_int_member (pair, "reachable");
            }
          g_assert_cmpint (total, ==, (gint64) n * (n - 1));
          g_assert_cmpint (reachable, ==, vnl_matrix_count_reachable (matrix));
        }

      if (python != NULL)
        {
          g_autofree char *dir = g_dir_make_tmp ("vnl-report-XXXXXX", NULL);
          g_autofree char *path = g_build_filename (dir, "matrix.json", NULL);

          g_assert_true (g_file_set_contents (path, out->str, -1, NULL));
          assert_json_valid (python, path, "matrix", "matrix JSON");
          g_unlink (path);
          g_rmdir (dir);
        }
    }
}

/* 100,000 endpoints (issue 12 defect 1): the report finishes, summarised
 * per pair of VNets and sites, where it used to ask for n² arrays. */
static void
test_scale (void)
{
  g_autoptr(VnlDesign) design = design_with_endpoints (1000, 100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlReport) report = vnl_report_new (design, NULL, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  assert_overview (report);
}

/* An unwritable path: a clear error and nothing half-written. */
static void
test_write_errors (void)
{
  g_autoptr(VnlReport) report = report_sample ("hub-spoke.vnetlab", NULL);
  g_autofree char *dir = g_dir_make_tmp ("vnl-report-XXXXXX", NULL);
  g_autofree char *blocker = g_build_filename (dir, "out.md", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint entries = 0;

  /* The target is a directory: the rename fails. */
  g_assert_cmpint (g_mkdir (blocker, 0755), ==, 0);
  g_assert_false (vnl_report_write (report, VNL_REPORT_FORMAT_MARKDOWN, 0, NULL, blocker, &error));
  g_assert_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, blocker));
  g_clear_error (&error);

  g_assert_false (vnl_report_write (report, VNL_REPORT_FORMAT_JSON, 0, NULL, missing, &error));
  g_assert_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (vnl_report_write (report, VNL_REPORT_FORMAT_PDF, 0, NULL, blocker, &error));
  g_assert_error (error, VNL_REPORT_ERROR, VNL_REPORT_ERROR_FORMAT);

  /* No temporary file was left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);
  g_rmdir (blocker);
  g_rmdir (dir);
}

/* The async variant reports progress in the caller's context and does not
 * see edits made after it started. */
typedef struct
{
  GMainLoop *loop;
  VnlReport *report;
  guint      progress_calls;
  double     last_fraction;
} AsyncFixture;

static void
on_progress (double      fraction,
             const char *what,
             gpointer    user_data)
{
  AsyncFixture *f = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpfloat (fraction, >=, f->last_fraction);
  f->last_fraction = fraction;
  f->progress_calls++;
}

static void
on_report (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncFixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->report = vnl_report_new_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (f->loop);
}

static void
test_async (void)
{
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  AsyncFixture f = { g_main_loop_new (NULL, FALSE), NULL, 0, 0 };

  vnl_report_new_async (design, "testbed", NULL, on_progress, &f, NULL, NULL, on_report, &f);
  /* An edit after the start does not reach the worker's snapshot. */
  vnl_design_set_title (design, "edited");
  g_main_loop_run (f.loop);

  g_assert_nonnull (f.report);
  g_assert_cmpstr (vnl_report_get_title (f.report), ==, "Azure interoperability test bed");
  /* Let the last progress events arrive. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f.progress_calls, >, 2);
  g_assert_cmpfloat (f.last_fraction, ==, 1.0);
  vnl_report_free (f.report);
  g_main_loop_unref (f.loop);
}

static void
test_cancel (void)
{
  g_autoptr(VnlDesign) design = load_sample ("azure-interop-testbed.vnetlab");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnlReport) report = NULL;

  g_cancellable_cancel (cancellable);
  report = vnl_report_new (design, NULL, NULL, NULL, NULL, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/report/format-from-path", test_format_from_path);
  g_test_add_func ("/core/report/collect-testbed", test_collect_testbed);
  g_test_add_func ("/core/report/what-if", test_what_if);
  g_test_add_func ("/core/report/what-if-all-pairs", test_what_if_all_pairs);
  g_test_add_func ("/core/report/what-if-overview", test_what_if_overview);
  g_test_add_func ("/core/report/unknown-down", test_unknown_down);
  g_test_add_func ("/core/report/single-failure-skips-design-down", test_single_failure_skips_design_down);
  g_test_add_func ("/core/report/design-untouched", test_design_untouched);
  g_test_add_func ("/core/report/tracert-text", test_tracert_text);
  g_test_add_func ("/core/report/writers", test_writers);
  g_test_add_func ("/core/report/json-schema", test_json_schema);
  g_test_add_func ("/core/report/json-schema-overview", test_json_schema_overview);
  g_test_add_func ("/core/report/json-every-object", test_json_every_object);
  g_test_add_func ("/core/report/overview", test_overview);
  g_test_add_func ("/core/report/matrix-json", test_matrix_json);
  if (g_test_thorough () || g_getenv ("VNL_SCALE_TESTS") != NULL)
    g_test_add_func ("/core/report/scale-100000-endpoints", test_scale);
  g_test_add_func ("/core/report/write-errors", test_write_errors);
  g_test_add_func ("/core/report/async", test_async);
  g_test_add_func ("/core/report/cancel", test_cancel);
  g_test_add_func ("/core/report/owner-pairs-kept", test_owner_pairs_kept);

  return g_test_run ();
}
