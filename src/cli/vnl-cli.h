/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vnl-design.h"

G_BEGIN_DECLS

/* Exit codes shared by every command. */
#define VNL_CLI_EXIT_OK       0
#define VNL_CLI_EXIT_FAILURE  1   /* invalid design, packet not delivered… */
#define VNL_CLI_EXIT_USAGE    2   /* bad arguments or bad input */

/* Each command parses its own options (GOptionContext, so --help works) and
 * returns an exit code. argv[0] is the command name. */
typedef int (*VnlCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char        *name;
  VnlCliCommandFunc  func;
  const char        *summary;   /* untranslated, N_() */
} VnlCliCommand;

int vnl_cli_validate (int argc, char **argv);
int vnl_cli_show     (int argc, char **argv);
int vnl_cli_import   (int argc, char **argv);
int vnl_cli_compare  (int argc, char **argv);
int vnl_cli_check    (int argc, char **argv);
/* `export --format arm`, in vnl-cli-import.c. */
gboolean vnl_cli_export_wants_arm (int argc, char **argv);
int vnl_cli_export_arm (int argc, char **argv);
int vnl_cli_trace    (int argc, char **argv);
int vnl_cli_ping     (int argc, char **argv);
int vnl_cli_routes   (int argc, char **argv);
int vnl_cli_matrix   (int argc, char **argv);
int vnl_cli_flow     (int argc, char **argv);
int vnl_cli_generate (int argc, char **argv);
int vnl_cli_bench    (int argc, char **argv);
int vnl_cli_export   (int argc, char **argv);
int vnl_cli_report   (int argc, char **argv);

/* Shared helpers. */
GOptionContext *vnl_cli_context_new (const char         *parameter,
                                     const char         *summary,
                                     const GOptionEntry *entries);
gboolean        vnl_cli_parse       (GOptionContext     *context,
                                     int                *argc,
                                     char             ***argv);

/* At most this many problems are printed for one file; the rest are
 * counted. */
#define VNL_CLI_MAX_PROBLEMS 100

/* Prints @problems to the standard error, one "FILE:LINE: message (object)"
 * a line, at most VNL_CLI_MAX_PROBLEMS of them and then how many more. */
void            vnl_cli_print_problems (GPtrArray       *problems);
/* The start of every command that needs a valid design: loads @path and
 * validates it. On bad input it prints the error or the problems, then
 * @invalid_format (translated, one %s for the path: what cannot be done
 * with an invalid design) when the design loaded but is invalid, and
 * returns NULL. */
VnlDesign      *vnl_cli_load_valid  (const char         *path,
                                     const char         *invalid_format);

/* The objects a command takes down for its what-if: those of the saved
 * scenario @scenario (nullable) of @design, then those of --down (@down,
 * nullable). On an unknown scenario or object it prints what is wrong
 * (with the scenarios the design has) and returns NULL. */
GStrv           vnl_cli_what_if_down (VnlDesign          *design,
                                      const char         *scenario,
                                      char              **down);

G_END_DECLS
