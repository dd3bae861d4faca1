/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vnl-design.h"
#include "vnl-network.h"
#include "vnl-matrix.h"

G_BEGIN_DECLS

/*
 * The design report: everything the routing core can say about a design,
 * collected once and then written in several formats.
 *
 * A VnlReport works on its own snapshot of the design (a copy made through
 * the file format, with the report's what-if objects taken down in it), so
 * the caller's design is never touched, a diagram drawn from the snapshot
 * shows the down objects, and the report can be collected in a worker
 * thread while the designer goes on editing.
 *
 * It holds: the route tables of every routing node (VNets first), the
 * traces between every ordered pair of endpoints (each with its return
 * path), the reachability matrix, and a what-if analysis that takes every
 * link and connection down in turn and lists the pairs that lose or gain
 * reachability or take another path. When objects were taken down for the
 * report, the matrix is also compared with the all-up design (`baseline`).
 *
 * Secrets (the shared keys of VPN connections) are never read, so no writer
 * can leak them.
 */

#define VNL_REPORT_ERROR (vnl_report_error_quark ())

typedef enum
{
  VNL_REPORT_ERROR_FORMAT,     /* unknown output format */
  VNL_REPORT_ERROR_WRITE,      /* the output could not be written */
  VNL_REPORT_ERROR_DESIGN,     /* the design could not be snapshotted */
} VnlReportError;

GQuark vnl_report_error_quark (void);

typedef enum
{
  VNL_REPORT_FORMAT_HTML,
  VNL_REPORT_FORMAT_PDF,       /* written by the renderer: vnl_export_report_pdf() */
  VNL_REPORT_FORMAT_MARKDOWN,
  VNL_REPORT_FORMAT_CSV,
  VNL_REPORT_FORMAT_JSON,
} VnlReportFormat;

/* The format named by the extension of @path (.html/.htm, .pdf, .md, .csv,
 * .json), case-insensitive; fails with VNL_REPORT_ERROR_FORMAT otherwise. */
gboolean     vnl_report_format_from_path (const char       *path,
                                          VnlReportFormat  *format,
                                          GError          **error);

/* Which table a CSV file holds. */
typedef enum
{
  VNL_REPORT_CSV_ROUTES,
  VNL_REPORT_CSV_MATRIX,
  VNL_REPORT_CSV_TRACES,
  VNL_REPORT_CSV_FLOWS,       /* the flows of the matrix with their verdicts */
} VnlReportCsvTable;

gboolean     vnl_report_csv_table_from_string (const char        *text,
                                               VnlReportCsvTable *table);

typedef enum
{
  VNL_REPORT_CHANGE_LOST,      /* reachable before, not after */
  VNL_REPORT_CHANGE_GAINED,    /* not reachable before, reachable after */
  VNL_REPORT_CHANGE_REROUTED,  /* still reachable, over other objects */
} VnlReportChangeKind;

const char  *vnl_report_change_kind_to_string (VnlReportChangeKind kind);

/* One pair whose fate changed; @from and @to index report->endpoints. */
typedef struct
{
  VnlReportChangeKind kind;
  guint               from;
  guint               to;
  double              rtt_before_ms;   /* < 0: not reachable */
  double              rtt_after_ms;    /* < 0: not reachable */
} VnlReportChange;

/* An overview's what-if per pair of networks (VNets and sites): the
 * ordered endpoint pairs from @from to @to it loses or gains. */
typedef struct
{
  const char *from;       /* borrowed: owner name */
  const char *to;         /* borrowed */
  guint       lost;
  guint       gained;
} VnlReportOwnerChange;

/* The result of taking one more object down. */
typedef struct
{
  char      *object;     /* owned: name of the object taken down */
  VnlKind    kind;
  GArray    *changes;    /* owned, of VnlReportChange, row-major; empty in
                            an overview, which counts per pair of networks */
  GArray    *owner_changes; /* owned, nullable: of VnlReportOwnerChange, in
                               owner order (overview only) */
  guint      n_lost;
  guint      n_gained;
  guint      n_rerouted; /* 0 in an overview: reroutes are not looked for */
  guint      n_networks; /* overview: networks with a pair lost or gained */
  const char *most_affected; /* borrowed, nullable (overview): the network
                                with the most pairs lost or gained */
} VnlReportWhatIf;

typedef struct _VnlReport VnlReport;

/* Above this many endpoints the report is summarised (see above). */
#define VNL_REPORT_FULL_MAX_ENDPOINTS 64
/* Above this many endpoints nothing is traced: the report gives
 * reachability per pair of VNets and sites and its what-ifs per pair of
 * networks (its "overview"). */
#define VNL_REPORT_TRACE_MAX_ENDPOINTS 512
/* An overview runs its what-ifs per pair of networks up to this many
 * endpoints (one quiet walk per ordered pair and an index of the devices
 * each crosses); beyond, none. */
#define VNL_REPORT_WHAT_IF_MAX_ENDPOINTS 2048
/* A summarised report lists at most this many traceroutes. */
#define VNL_REPORT_MAX_LISTED_TRACES 200

struct _VnlReport
{
  VnlDesign   *design;      /* owned: the snapshot, what-if objects down */
  VnlNetwork  *network;     /* owned: converged over the snapshot */
  char        *source;      /* owned, nullable: display name of the design file */
  char        *generated;   /* owned: ISO 8601 date and time (UTC) */
  GStrv        down;        /* owned: objects down in the report, from the
                               design and from the caller, design order */
  GStrv        design_down; /* owned: those down in the design itself */
  GStrv        what_if_down; /* owned: those only the caller took down (the
                                what-if scenario), design order */
  char        *scenario;    /* owned, nullable: name of the what-if scenario
                               (vnl_report_set_scenario()) */
  GPtrArray   *tables;      /* owned, of VnlRouteTable*: VNets, gateways,
                               MSEEs, CE routers, BGP local network gateways */
  GPtrArray   *endpoints;   /* owned container of borrowed VnlEndpoint*,
                               in matrix order */
  VnlMatrix   *matrix;      /* owned, detached (except in an overview):
                               row = source, ping succeeds */
  GPtrArray   *traces;      /* owned, of VnlTrace*, n×n row-major, NULL on
                               the diagonal; empty in an overview */
  GPtrArray   *what_ifs;    /* owned, of VnlReportWhatIf*, one per link or
                               connection that is up */
  VnlReportWhatIf *baseline; /* owned, nullable: the all-up design compared
                                with this one (lost = lost by going down) */
  gboolean     summarised;  /* more than VNL_REPORT_FULL_MAX_ENDPOINTS:
                               only replying pairs traced, see above */
  gboolean     overview;    /* more than VNL_REPORT_TRACE_MAX_ENDPOINTS:
                               summarised, nothing traced, what-ifs per
                               pair of networks (up to
                               VNL_REPORT_WHAT_IF_MAX_ENDPOINTS) */
  guint        n_traced;    /* traces that are not NULL */
  VnlFlow      flow;        /* what the matrix and the traces are for
                               (vnl_report_new_for_flow(); ICMP by default) */
};

/* Progress of a long collection, @fraction in [0, 1]. */
typedef void (*VnlReportProgress) (double      fraction,
                                   const char *what,
                                   gpointer    user_data);

/* Collects the report of @design with the objects named in @down (nullable,
 * NULL-terminated) taken down. @source is the design's file name, for the
 * title page. The design must be valid (vnl_design_validate() empty). Fails
 * on an unknown object name or when cancelled. */
VnlReport   *vnl_report_new            (VnlDesign          *design,
                                        const char         *source,
                                        const char * const *down,
                                        VnlReportProgress   progress,
                                        gpointer            user_data,
                                        GCancellable       *cancellable,
                                        GError            **error);
/* The same for @flow (nullable: ICMP, as vnl_report_new()): the matrix,
 * the traces and the table of flows are filtered for it, like
 * `vnetlab-cli matrix --protocol --port`. */
VnlReport   *vnl_report_new_for_flow   (VnlDesign          *design,
                                        const char         *source,
                                        const char * const *down,
                                        const VnlFlow      *flow,
                                        VnlReportProgress   progress,
                                        gpointer            user_data,
                                        GCancellable       *cancellable,
                                        GError            **error);
/* The same in a worker thread on a snapshot taken now; @progress is called
 * in the thread-default main context of the caller. */
void         vnl_report_new_async      (VnlDesign          *design,
                                        const char         *source,
                                        const char * const *down,
                                        VnlReportProgress   progress,
                                        gpointer            progress_data,
                                        GDestroyNotify      progress_destroy,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
VnlReport   *vnl_report_new_finish     (GAsyncResult       *result,
                                        GError            **error);
/* vnl_report_new_async() for @flow (nullable: ICMP), as
 * vnl_report_new_for_flow(): the designer's report follows the flow of
 * the analysis pane. */
void         vnl_report_new_for_flow_async (VnlDesign          *design,
                                            const char         *source,
                                            const char * const *down,
                                            const VnlFlow      *flow,
                                            VnlReportProgress   progress,
                                            gpointer            progress_data,
                                            GDestroyNotify      progress_destroy,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void         vnl_report_free           (VnlReport          *report);
/* Names the what-if scenario the report shows (the objects passed as
 * @down to vnl_report_new()); NULL: an unnamed what-if. */
void         vnl_report_set_scenario   (VnlReport          *report,
                                        const char         *name);
/* One line saying what is down in the report and why, for the title page
 * of every format ("Down in the design: a. What-if scenario “s”: b, c
 * down."), or NULL when everything is up. */
char        *vnl_report_describe_down  (VnlReport          *report);

const char  *vnl_report_get_title      (VnlReport          *report);
guint        vnl_report_get_n_endpoints (VnlReport         *report);
VnlTrace    *vnl_report_get_trace      (VnlReport          *report,
                                        guint               from,
                                        guint               to);
/* Round trip of a ping from @from to @to in ms, < 0 when it gets no reply. */
double       vnl_report_get_rtt        (VnlReport          *report,
                                        guint               from,
                                        guint               to);
/* The longest round trip between two endpoints, 0 when none replies. */
double       vnl_report_get_max_rtt    (VnlReport          *report);
/* The heat-map colour of a round trip (< 0: no reply), relative to the
 * slowest of the design: green, yellow, amber; red for no reply. */
void         vnl_report_heat_color     (double              rtt_ms,
                                        double              max_ms,
                                        double             *r,
                                        double             *g,
                                        double             *b);
/* How many objects of @kind the design has. */
guint        vnl_report_count_kind     (VnlReport          *report,
                                        VnlKind             kind);

/* Why a route row won (or lost), as the tables show it. */
char        *vnl_report_route_why      (VnlRouteTable      *table,
                                        VnlRouteRow        *row);

/* The table model shared by every writer. */
typedef enum
{
  VNL_REPORT_ROW_PLAIN,
  VNL_REPORT_ROW_DOWN,        /* an object that is down */
  VNL_REPORT_ROW_BEST,        /* a BGP best route */
  VNL_REPORT_ROW_INACTIVE,    /* a VNet route that is not active */
} VnlReportRowStyle;

typedef struct
{
  const char *title;          /* static, untranslated */
  double      width;          /* fraction of the page width (PDF) */
  gboolean    mono;           /* addresses and prefixes: monospace (PDF) */
} VnlReportColumn;

typedef struct
{
  VnlReportRowStyle  style;
  GStrv              cells;   /* owned, n_columns; "\n" separates lines */
} VnlReportRow;

typedef struct
{
  const char            *id;        /* static: anchor in HTML ("vnets") */
  char                  *title;     /* owned */
  char                  *note;      /* owned, nullable: shown under the title */
  const VnlReportColumn *columns;   /* static */
  guint                  n_columns;
  GPtrArray             *rows;      /* owned, of VnlReportRow* */
} VnlReportTable;

void            vnl_report_table_free        (VnlReportTable *table);
/* The design summary: object counts, VNets, gateways, ExpressRoute
 * circuits, sites, connections; of VnlReportTable*. */
GPtrArray      *vnl_report_summary_tables    (VnlReport      *report);
/* One route table as rows (VNet effective routes or a BGP table). */
VnlReportTable *vnl_report_routes_table      (VnlRouteTable  *table);
/* Of VnlReportTable*: the route tables a report shows (one per table, or
 * in an overview one table of counts per node). */
GPtrArray      *vnl_report_routes_tables     (VnlReport      *report);
/* Reachability per network (VNet or site): endpoints, pairs that get a
 * reply, networks reached. */
VnlReportTable *vnl_report_reach_table       (VnlReport      *report);
/* One row per what-if: what was down and how many pairs changed. */
VnlReportTable *vnl_report_what_if_table     (VnlReport      *report);
/* The changed pairs of one what-if (or of the baseline). */
VnlReportTable *vnl_report_changes_table     (VnlReport      *report,
                                              VnlReportWhatIf *what_if);
/* Of VnlReportTable*: the changed pairs of each what-if that changes any,
 * then the baseline's ("Compared with the design as drawn") if any. */
GPtrArray      *vnl_report_changes_tables    (VnlReport      *report);
/* The traces a writer lists, in matrix order: all of them, or the first
 * VNL_REPORT_MAX_LISTED_TRACES of a summarised report; of guint pair
 * index (from * n + to). */
GArray         *vnl_report_listed_traces     (VnlReport      *report);
/* The flows of the matrix with their verdicts: per ordered pair of
 * endpoints (allowed, denied by which rule of which group or firewall at
 * which device, not routed) in a full report, per pair of networks
 * (counts) in a summarised one, its note saying which. */
VnlReportTable *vnl_report_flows_table       (VnlReport      *report);
/* A sentence for a summarised report, NULL for a full one. */
char           *vnl_report_scope_note        (VnlReport      *report);

/* Writers. Text formats are built in memory and written atomically
 * (g_file_set_contents); on failure nothing is left at @path.
 * @svg_diagram (nullable) is embedded in the HTML report as is. */
char        *vnl_report_to_json        (VnlReport          *report);
char        *vnl_report_to_markdown    (VnlReport          *report);
char        *vnl_report_to_csv         (VnlReport          *report,
                                        VnlReportCsvTable   table);
char        *vnl_report_to_html        (VnlReport          *report,
                                        const char         *svg_diagram);
gboolean     vnl_report_write          (VnlReport          *report,
                                        VnlReportFormat     format,
                                        VnlReportCsvTable   csv_table,
                                        const char         *svg_diagram,
                                        const char         *path,
                                        GError            **error);

/* Writes @contents to @path atomically, with a clear error naming @path. */
gboolean     vnl_report_write_file     (const char         *path,
                                        const char         *contents,
                                        gssize              length,
                                        GError            **error);


/* Windows tracert text of @trace ("Tracing route to … Trace complete."). */
char        *vnl_trace_format_tracert  (VnlTrace           *trace);
/* The members of a trace object (source, destination, reached, hops, drop,
 * path) added to the object being built by @builder. */
void         vnl_trace_add_json_members (VnlTrace          *trace,
                                         JsonBuilder       *builder);
/* The members of a route table object (node, table, title, routes). */
void         vnl_route_table_add_json_members (VnlRouteTable *table,
                                               JsonBuilder   *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlReport, vnl_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnlReportTable, vnl_report_table_free)

G_END_DECLS
