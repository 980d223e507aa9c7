/* test-trimmer-reads.c: what a trim reads, besides what it writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The packet engine reads the source once (it finds where the data ends
 * while it copies, no read up to the out point before) and does not read
 * back what it wrote, and the data checks demux without parsing every
 * packet again. Watched through the
 * GStreamer debug log: the trimmer's data-check lines and the element
 * factory's "creating element" lines.
 */
#include "config.h"

#include <string.h>
#include <gst/gst.h>

#include "media-fixtures.h"
#include "rushes-trimmer.h"

/* 4 s at 30 fps, GOP 30, B-frames, AAC */
#define H264_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                  "-c:v libx264 -preset ultrafast -bf 2 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest"

typedef struct
{
  GMutex lock;
  GPtrArray *checked;   /* the paths the data check read */
  guint h264parse;      /* h264parse elements made */
  guint64 read_to;      /* where the packet engine's reader stops (ns) */
} Watch;

static Watch watch;

static void
log_cb (GstDebugCategory *category,
        GstDebugLevel     level,
        const char       *file,
        const char       *function,
        int               line,
        GObject          *object,
        GstDebugMessage  *message,
        gpointer          data)
{
  const char *name = gst_debug_category_get_name (category);
  const char *text;

  if (!g_str_equal (name, "rushes-trimmer") && !g_str_equal (name, "GST_ELEMENT_FACTORY"))
    return;
  text = gst_debug_message_get (message);
  g_mutex_lock (&watch.lock);
  if (g_str_equal (name, "rushes-trimmer") && strstr (text, ": video data ") != NULL)
    g_ptr_array_add (watch.checked, g_strndup (text, strstr (text, ": video data ") - text));
  else if (g_str_equal (name, "rushes-trimmer") && g_str_has_prefix (text, "reader: ") && strstr (text, " to ") != NULL)
    watch.read_to = g_ascii_strtoull (strstr (text, " to ") + 4, NULL, 10);
  else if (g_str_equal (name, "GST_ELEMENT_FACTORY") && strstr (text, "\"h264parse\"") != NULL &&
           strstr (text, "creat") != NULL)
    watch.h264parse++;
  g_mutex_unlock (&watch.lock);
}

static void
watch_start (void)
{
  g_mutex_lock (&watch.lock);
  g_ptr_array_set_size (watch.checked, 0);
  watch.h264parse = 0;
  watch.read_to = 0;
  g_mutex_unlock (&watch.lock);
}

static void
trim (const char     *source,
      const char     *name,
      RushesTrimMode  mode,
      GstClockTime    in,
      GstClockTime    out,
      guint           n_frames)
{
  g_autofree char *path = g_build_filename (media_fixture_dir (), name, NULL);
  g_autoptr(GFile) input = g_file_new_for_path (source);
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (input, output, mode, in, out);
  g_autoptr(GError) error = NULL;

  watch_start ();
  g_assert_true (rushes_trimmer_run (trimmer, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (rushes_trimmer_get_source_ended (trimmer));
  g_assert_cmpuint (media_count_frames (path), ==, n_frames);

  g_mutex_lock (&watch.lock);
  /* the source is not read a second time, nor is the written file: the
   * engine knows what it gave the muxer (a source that ends early is
   * read back, test-trimmer's /truncated-source) */
  g_assert_cmpuint (watch.checked->len, ==, 0);
  g_mutex_unlock (&watch.lock);
}

static void
test_source_read_once (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);

  /* 1.2–2.5 s: 39 frames; lossless snaps to the keyframes 1 s and 3 s */
  trim (source, "reads-exact.mp4", RUSHES_TRIM_MODE_EXACT, 1200 * GST_MSECOND, 2500 * GST_MSECOND, 39);
  trim (source, "reads-lossless.mp4", RUSHES_TRIM_MODE_LOSSLESS, 1200 * GST_MSECOND, 2500 * GST_MSECOND, 60);
}

/* Data checks read a file's packets for their timestamps only: no H.264
 * parser at all. The trim of a source that ends early checks what it
 * wrote (a lossless one copies the demuxer's packets, so nothing parses). */
static void
test_check_does_not_parse (void)
{
  const char *whole = media_fixture ("src-h264-faststart.mp4", H264_ARGS " -movflags +faststart");
  g_autofree char *source = g_build_filename (media_fixture_dir (), "reads-truncated.mp4", NULL);
  g_autofree char *path = g_build_filename (media_fixture_dir (), "reads-noparse.mp4", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (source);
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  /* the first half of the file: the header still promises 4 s */
  g_assert_true (g_file_get_contents (whole, &data, &len, NULL));
  g_assert_true (g_file_set_contents (source, data, len / 2, NULL));
  trimmer = rushes_trimmer_new (input, output, RUSHES_TRIM_MODE_LOSSLESS, 0, 3 * GST_SECOND);

  watch_start ();
  g_assert_true (rushes_trimmer_run (trimmer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rushes_trimmer_get_source_ended (trimmer));
  g_assert_cmpuint (rushes_trimmer_get_kept_out (trimmer), <, 3 * GST_SECOND);
  g_mutex_lock (&watch.lock);
  g_assert_cmpuint (watch.checked->len, ==, 1);
  g_assert_null (strstr (g_ptr_array_index (watch.checked, 0), source));
  g_assert_cmpuint (watch.h264parse, ==, 0);
  g_mutex_unlock (&watch.lock);
}

static void
test_exact_reads_to_out (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);

  /* an exact trim needs the frames shown before the out point (and the
   * B-frames' anchors among them), not seconds beyond it */
  trim (source, "reads-to-out.mp4", RUSHES_TRIM_MODE_EXACT, 500 * GST_MSECOND, 2500 * GST_MSECOND, 60);
  g_mutex_lock (&watch.lock);
  g_assert_cmpuint (watch.read_to, >=, 2500 * GST_MSECOND);
  g_assert_cmpuint (watch.read_to, <=, 3500 * GST_MSECOND);
  g_mutex_unlock (&watch.lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_mutex_init (&watch.lock);
  watch.checked = g_ptr_array_new_with_free_func (g_free);
  gst_debug_set_active (TRUE);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (log_cb, NULL, NULL);
  gst_debug_set_threshold_for_name ("rushes-trimmer", GST_LEVEL_DEBUG);
  gst_debug_set_threshold_for_name ("GST_ELEMENT_FACTORY", GST_LEVEL_INFO);

  g_test_add_func ("/trimmer-reads/source-read-once", test_source_read_once);
  g_test_add_func ("/trimmer-reads/check-does-not-parse", test_check_does_not_parse);
  g_test_add_func ("/trimmer-reads/exact-reads-to-out", test_exact_reads_to_out);

  return g_test_run ();
}
