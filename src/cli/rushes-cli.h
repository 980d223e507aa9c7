/* rushes-cli.h: the display-less subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each returns the process exit code: 0 done, 1 failed (a message was
 * printed on stderr), 2 bad usage. argv[0] is the subcommand's name.
 */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "rushes-cli-names.h"
#include "rushes-job-queue.h"
#include "rushes-output-lock.h"
#include "rushes-sweep.h"

G_BEGIN_DECLS

#define RUSHES_EXIT_OK     0
#define RUSHES_EXIT_FAILED 1
#define RUSHES_EXIT_USAGE  2

int      rushes_cli_run           (int argc, char **argv);
void     rushes_cli_print_help    (FILE *stream);

/* The commands below a subcommand ("rushes backends list"). */
typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} RushesCliCommand;

/* Runs the command argv[1] names with (argc - 1, argv + 1); "help" prints
 * the usage on stdout; a missing or unknown command goes to usage_error. */
int rushes_cli_dispatch (int                     argc,
                         char                  **argv,
                         const RushesCliCommand *commands,
                         guint                   n_commands,
                         void                  (*print_usage) (FILE *stream),
                         int                   (*usage_error) (const char *message));

int rushes_cli_generate (int argc, char **argv);
int rushes_cli_trim     (int argc, char **argv);
int rushes_cli_export   (int argc, char **argv);
int rushes_cli_backends (int argc, char **argv);
int rushes_cli_jobs     (int argc, char **argv);
int rushes_cli_retake   (int argc, char **argv);

/* rushes-cli-jobs.c, shared with `rushes generate` */
/* "90s", "30m", "2h", "1h30m", plain seconds */
gboolean        rushes_cli_parse_duration (const char            *text,
                                           guint64               *ms);
/* A queue on the user's journal and library folder, with the recipe tagger,
 * that reports a silent server well within wait_limit_ms. */
/* "name": value, or null when value is NULL */
void            rushes_cli_json_add_string (JsonBuilder          *builder,
                                            const char           *name,
                                            const char           *value);
/* the library folder of the settings (or the default one) */
char           *rushes_cli_library_dir    (void);
RushesJobQueue *rushes_cli_queue_new      (RushesBackendRegistry *registry,
                                           guint64                wait_limit_ms);
/* Stops waiting: the jobs stay journalled, and each unfinished one is named
 * with the command that finishes it. */
void            rushes_cli_stop_waiting   (RushesJobQueue        *queue,
                                           GPtrArray             *jobs,
                                           const char            *command,
                                           const char            *wait_limit);
int rushes_cli_workflows (int argc, char **argv);
/* rushes-cli-takes.c dispatches `rushes takes`; its commands: */
int rushes_cli_takes     (int argc, char **argv);
int rushes_cli_takes_contact_sheet (int argc, char **argv);

/* rushes-cli-output.c: claims the --output PATH of `rushes COMMAND` (see
 * rushes_output_lock_acquire()); NULL after printing why on stderr, with
 * the exit code in @exit_code (2 when it exists or is being written). */
RushesOutputLock *rushes_cli_claim_output (const char            *command,
                                           const char            *path,
                                           gboolean               overwrite,
                                           int                   *exit_code);

/* rushes-cli-frames.c: --start-image / --end-image SRC (a frame reference).
 * check: parses them and refuses a backend (model) that cannot honour them,
 * naming those of backends that can; store: extracts each frame beside
 * take_path (NULL: in the library folder) and points recipe at it. */
gboolean rushes_cli_check_images (RushesBackend  *backend,
                                  GListModel     *backends,
                                  RushesRecipe   *recipe,
                                  const char     *start_spec,
                                  const char     *end_spec,
                                  GError        **error);
gboolean rushes_cli_store_images (RushesRecipe   *recipe,
                                  const char     *take_path,
                                  const char     *start_spec,
                                  const char     *end_spec,
                                  GError        **error);
/* rushes-cli-recipe.c: the recipe's defaults come from the chosen backend
 * and model; what the user gave (given) is checked against that model
 * alone: a length off its grid is snapped, with a note on stderr from
 * `rushes COMMAND`, when the difference is small; anything else it cannot
 * make is refused naming what it can. */
gboolean rushes_cli_fit_recipe_to_model (const char     *command,
                                         RushesBackend  *backend,
                                         RushesRecipe   *recipe,
                                         RushesFields    given,
                                         GError        **error);
/* rushes-cli-sweep.c: the sweep `rushes generate` is asked for (--sweep
 * SPEC or the prompt's {a|b|c}; NULL without error when none); a sweep of a
 * field but the seed fixes a random seed of recipe once. */
RushesSweep      *rushes_cli_sweep_parse     (const char            *spec,
                                              const char            *prompt,
                                              RushesRecipe          *recipe,
                                              gboolean               seed_given,
                                              int                    variations,
                                              GError               **error);
/* Whether recipes (one take each) may be made: TRUE with yes or up to
 * RUSHES_SWEEP_CONFIRM_ABOVE; otherwise prints the count and the cost. */
gboolean          rushes_cli_sweep_confirmed (RushesBackend         *backend,
                                              GPtrArray             *recipes,
                                              gboolean               yes);

G_END_DECLS
