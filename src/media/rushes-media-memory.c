/* rushes-media-memory.c: keep video frames' memory mapped between frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decoders, the compositor and videoconvert allocate a new system-memory
 * buffer for most frames (1.4 MB for 720p I420, 3.7 MB as AYUV) and free
 * it a frame later, often in another thread. glibc serves such sizes with
 * mmap() until its dynamic threshold has caught up, and gives the top of
 * an arena back to the kernel as soon as 128 KiB are free: either way
 * every frame's memory is new to the process, and its first write takes
 * one page fault per 4 KiB (about 900 per 720p frame). Profiling the
 * timeline preview showed 14 % of its CPU time in those faults.
 *
 * So, once per process, before the first pipeline: frames up to 32 MiB
 * (4K RGBA) come from the heap, and an arena keeps up to 64 MiB free
 * before trimming. Both settings must be made together: fixing the mmap
 * threshold alone turns glibc's dynamic tuning off and leaves the trim
 * threshold at 128 KiB, which is worse than the default.
 *
 * And one arena for every thread. glibc gives each new thread that
 * allocates its own arena (up to 8 per core); a frame freed into one
 * arena serves only the threads of that arena, and a pipeline's streaming
 * threads come and go with its sources: each clip of an export decoded
 * into memory no frame had used before. A plain three-clip 720p export
 * made 72 000 page faults (ffmpeg: 27 000) and peaked at 370 MB; with one
 * arena, 42 000 and 260 MB, and 10 % less CPU time. The threads that
 * allocate often take frames from pools and rarely wait for the lock.
 *
 * A command that does one task and exits (rushes-cli) keeps what it frees:
 * giving memory back to the kernel helps nobody there, and a frame-exact
 * trim, whose second encoder takes the memory the first one freed, made
 * a fifth more page faults and spent 8 % more time when it did.
 *
 * The memory new to a command is still faulted in page by page. The
 * launcher (main-launcher.c) starts rushes-cli with glibc's tunable
 * glibc.malloc.hugetlb=1, which advises the heap for transparent huge
 * pages: a 5 s frame-exact 1080p trim went from 58 000 page faults to
 * 4 900, and from 1.13 s to 0.84 s (medians of an interleaved A/B).
 */
#define G_LOG_DOMAIN "rushes-media"

#include "config.h"

#include "rushes-media.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#define FRAME_MMAP_THRESHOLD (32 * 1024 * 1024)
#define FRAME_TRIM_THRESHOLD (64 * 1024 * 1024)
#define TASK_TRIM_THRESHOLD  (1024 * 1024 * 1024)
#define FRAME_TOP_PAD        (8 * 1024 * 1024)
#define ARENAS               1

void
rushes_media_tune_memory (RushesMemoryUse use)
{
#ifdef __GLIBC__
  /* the environment's MALLOC_*_ variables, when set, are the user's */
  if (g_getenv ("MALLOC_MMAP_THRESHOLD_") != NULL || g_getenv ("MALLOC_TRIM_THRESHOLD_") != NULL)
    return;
  if (!mallopt (M_MMAP_THRESHOLD, FRAME_MMAP_THRESHOLD) ||
      !mallopt (M_TRIM_THRESHOLD, use == RUSHES_MEMORY_ONE_TASK ? TASK_TRIM_THRESHOLD : FRAME_TRIM_THRESHOLD) ||
      !mallopt (M_TOP_PAD, FRAME_TOP_PAD))
    g_debug ("mallopt refused a setting; frames keep glibc's defaults");
  if (g_getenv ("MALLOC_ARENA_MAX") == NULL && !mallopt (M_ARENA_MAX, ARENAS))
    g_debug ("mallopt refused one arena; threads keep their own");
#endif
}
