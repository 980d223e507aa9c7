/* rushes-output-lock.h: one writer per output file, and no leftovers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An output (the file `rushes generate / trim / export` writes) is claimed
 * with rushes_output_lock_acquire(): flock(2) on a hidden ".NAME.rushes-lock"
 * beside it, held until released (the kernel lets go when the process dies,
 * even by kill -9), so two processes never write one path. The lock file
 * holds the owner's pid and is removed on release.
 *
 * Writers fill a temporary file beside the output, ".NAME.rushes-partial-XXXXXX",
 * and rename it over the output when complete (rushes_output_temp_*). Each
 * temporary file is itself flock()ed by its writer for as long as it exists,
 * so one whose lock is free was left by a process that died, and
 * rushes_output_remove_stale() removes it. Every new lock and every new
 * temporary file sweeps its folder that way.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUSHES_OUTPUT_ERROR (rushes_output_error_quark ())
typedef enum
{
  RUSHES_OUTPUT_ERROR_EXISTS, /* the output is there and overwriting was not asked for */
  RUSHES_OUTPUT_ERROR_BUSY,   /* another process is writing it */
  RUSHES_OUTPUT_ERROR_FAILED, /* the folder cannot be written */
} RushesOutputError;

GQuark rushes_output_error_quark (void);

typedef struct _RushesOutputLock RushesOutputLock;

/* Claims @path for this process. Fails with BUSY when another process
 * holds it, and, unless @overwrite, with EXISTS when @path exists. Never
 * blocks. */
RushesOutputLock *rushes_output_lock_acquire  (const char        *path,
                                               gboolean           overwrite,
                                               GError           **error);
void              rushes_output_lock_release  (RushesOutputLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesOutputLock, rushes_output_lock_release)

typedef struct _RushesOutputTemp RushesOutputTemp;

/* An empty, locked temporary file beside @output_path. */
RushesOutputTemp *rushes_output_temp_new      (const char        *output_path,
                                               GError           **error);
const char       *rushes_output_temp_get_path (RushesOutputTemp  *temp);
/* fsync, then rename over the output: it is replaced whole or not at all */
gboolean          rushes_output_temp_commit   (RushesOutputTemp  *temp,
                                               GError           **error);
/* Removes the temporary file unless it was committed. */
void              rushes_output_temp_free     (RushesOutputTemp  *temp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesOutputTemp, rushes_output_temp_free)

/* Removes the temporary files (and output locks) in @dir whose process is
 * gone; returns how many. */
guint             rushes_output_remove_stale  (const char        *dir);

G_END_DECLS
