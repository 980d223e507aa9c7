/* bench-preview.c: dropped and late frames of the timeline preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-preview PROJECT.rushes [WIDTH HEIGHT]
 *
 * Opens the project in RushesTimeline (the Program monitor's pipeline) and
 * plays it through once in real time. The video goes where the monitor's
 * goes when GTK has no gtk4paintablesink — videoconvert into a video sink
 * taking BGRA at the project's size (WIDTH × HEIGHT when given) — except
 * that the sink is an appsink set up as a video sink (sync, QoS, 20 ms
 * max-lateness, as GstVideoSink), so each frame can be counted as it is
 * shown. The sound goes to a synchronised fakesink (no sound card needed;
 * no display either).
 *
 * Prints: frames expected (the project's duration × its rate), frames
 * delivered, dropped (expected − delivered, and what the sink's QoS
 * messages say it dropped), where the missing frames were, late (shown more than one frame period behind
 * the pipeline clock), the median and worst lateness, and the wall-clock
 * time of the playback against the project's duration. Goal: none dropped.
 */
#define G_LOG_DOMAIN "rushes-bench-preview"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <gst/app/gstappsink.h>

#include "rushes-media.h"
#include "rushes-timeline.h"

GST_DEBUG_CATEGORY_STATIC (bench_preview_debug);
#define GST_CAT_DEFAULT bench_preview_debug

typedef struct
{
  GMutex        lock;
  GstClockTime  frame_period;
  guint         delivered;
  guint         late;
  GArray       *lateness;       /* gint64 ns, one per frame delivered */
  GArray       *shown;          /* gint64 ns, the stream time of each frame delivered */
  guint64       qos_dropped;
  GMainLoop    *loop;
  gboolean      started;
  gboolean      timed_out;
  gint64        play_started;   /* monotonic µs, first frame shown */
  gint64        play_ended;
} Count;

/* streaming thread: called once the sink has waited for the frame's time */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  Count *count = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (sink));
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  const GstSegment *segment = sample ? gst_sample_get_segment (sample) : NULL;
  GstClockTime running, now, stream;
  gint64 lateness;

  if (buffer == NULL || segment == NULL || clock == NULL)
    return GST_FLOW_OK;
  running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  stream = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  now = gst_clock_get_time (clock) - gst_element_get_base_time (GST_ELEMENT (sink));
  lateness = GST_CLOCK_TIME_IS_VALID (running) ? (gint64) now - (gint64) running : 0;

  g_mutex_lock (&count->lock);
  if (count->delivered == 0)
    count->play_started = g_get_monotonic_time ();
  count->delivered++;
  if (lateness > (gint64) count->frame_period)
    count->late++;
  g_array_append_val (count->lateness, lateness);
  if (GST_CLOCK_TIME_IS_VALID (stream))
    {
      gint64 at = (gint64) stream;

      g_array_append_val (count->shown, at);
    }
  g_mutex_unlock (&count->lock);
  return GST_FLOW_OK;
}

/* any thread: the sink's running count of frames it dropped */
static void
qos_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  Count *count = data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_QOS && GST_IS_APP_SINK (GST_MESSAGE_SRC (message)))
    {
      GstFormat format;
      guint64 processed = 0, dropped = 0;

      gst_message_parse_qos_stats (message, &format, &processed, &dropped);
      g_mutex_lock (&count->lock);
      if (format == GST_FORMAT_BUFFERS)
        count->qos_dropped = MAX (count->qos_dropped, dropped);
      g_mutex_unlock (&count->lock);
    }
}

static void
playing_cb (RushesTimeline *timeline,
            GParamSpec     *pspec,
            Count          *count)
{
  if (rushes_timeline_get_playing (timeline))
    count->started = TRUE;
  else if (count->started)
    {
      count->play_ended = g_get_monotonic_time ();
      g_main_loop_quit (count->loop);
    }
}

static gboolean
timeout_cb (gpointer data)
{
  Count *count = data;

  count->timed_out = TRUE;
  g_main_loop_quit (count->loop);
  return G_SOURCE_REMOVE;
}

/* Where the missing frames were: the stretches of stream time with no
 * frame delivered (longer than one and a half frame periods) */
static void
print_gaps (GArray       *shown,
            GstClockTime  period,
            gint64        duration)
{
  gint64 previous = -(gint64) period;
  guint n = 0;

  printf ("  missing           ");
  for (guint i = 0; i <= shown->len; i++)
    {
      gint64 at = i < shown->len ? g_array_index (shown, gint64, i) : duration;

      if (at - previous > (gint64) (period * 3 / 2))
        printf ("%s%.3f–%.3f s", n++ > 0 ? ", " : "", (previous + (gint64) period) / 1e9, at / 1e9);
      previous = at;
    }
  printf ("%s\n", n == 0 ? "none" : "");
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* videoconvert ! appsink, as rushes_frame_sink_make_best() builds its bin */
static GstElement *
make_video_sink (guint  width,
                 guint  height,
                 Count *count)
{
  GstElement *bin = gst_bin_new ("bench-video-sink");
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA",
                                                 "width", G_TYPE_INT, (int) width,
                                                 "height", G_TYPE_INT, (int) height, NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  g_autoptr(GstPad) pad = NULL;

  g_object_set (sink, "caps", caps, "sync", TRUE, "qos", TRUE,
                "max-lateness", (gint64) 20 * GST_MSECOND, "max-buffers", 2, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, count, NULL);
  gst_bin_add_many (GST_BIN (bin), convert, sink, NULL);
  gst_element_link (convert, sink);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  return bin;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = NULL;
  g_autoptr(RushesTimeline) timeline = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GstBus) bus = NULL;
  Count count = { 0 };
  guint width = 0, height = 0, fps_n = 0, fps_d = 0, bus_watch, timeout;
  gint64 duration;
  double expected, wall, median = 0, worst = 0;
  int dropped;

  rushes_media_tune_memory (RUSHES_MEMORY_LONG_LIVED);  /* as the app's main () does */
  gst_init (&argc, &argv);
  GST_DEBUG_CATEGORY_INIT (bench_preview_debug, "bench-preview", 0, "Rushes preview bench");
  if (argc != 2 && argc != 4)
    {
      fprintf (stderr, "usage: bench-preview PROJECT.rushes [WIDTH HEIGHT]\n");
      return 2;
    }
  if (!rushes_timeline_ensure_init (&error) ||
      (project = rushes_project_load (argv[1], &error)) == NULL)
    {
      fprintf (stderr, "bench-preview: %s: %s\n", argv[1], error->message);
      return 1;
    }
  rushes_project_get_format (project, &width, &height, &fps_n, &fps_d);
  if (argc == 4)
    {
      width = (guint) atoi (argv[2]);
      height = (guint) atoi (argv[3]);
    }
  duration = rushes_project_get_duration (project);
  if (width == 0 || height == 0 || fps_n == 0 || fps_d == 0 || duration <= 0)
    {
      fprintf (stderr, "bench-preview: %s: nothing to play\n", argv[1]);
      return 1;
    }

  g_mutex_init (&count.lock);
  count.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  count.shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  count.frame_period = gst_util_uint64_scale (GST_SECOND, fps_d, fps_n);
  loop = g_main_loop_new (NULL, FALSE);
  count.loop = loop;

  timeline = rushes_timeline_new (project);
  rushes_timeline_set_video_sink (timeline, make_video_sink (width, height, &count));
  {
    GstElement *audio = gst_element_factory_make ("fakesink", NULL);

    g_object_set (audio, "sync", TRUE, NULL);
    rushes_timeline_set_audio_sink (timeline, audio);
  }
  bus = gst_pipeline_get_bus (GST_PIPELINE (rushes_timeline_get_pipeline (timeline)));
  gst_bus_enable_sync_message_emission (bus);
  bus_watch = g_signal_connect (bus, "sync-message::qos", G_CALLBACK (qos_cb), &count);
  g_signal_connect (timeline, "notify::playing", G_CALLBACK (playing_cb), &count);
  timeout = g_timeout_add_seconds ((guint) (duration / GST_SECOND) * 3 + 30, timeout_cb, &count);

  rushes_timeline_play (timeline);
  g_main_loop_run (loop);
  if (!count.timed_out)
    g_source_remove (timeout);
  g_signal_handler_disconnect (bus, bus_watch);
  rushes_timeline_pause (timeline);

  g_mutex_lock (&count.lock);
  expected = (double) duration * fps_n / fps_d / GST_SECOND;
  dropped = (int) (expected + 0.5) - (int) count.delivered;
  g_array_sort (count.lateness, compare_gint64);
  if (count.lateness->len > 0)
    {
      median = g_array_index (count.lateness, gint64, count.lateness->len / 2) / 1e6;
      worst = g_array_index (count.lateness, gint64, count.lateness->len - 1) / 1e6;
    }
  wall = count.play_started > 0 ? (count.play_ended - count.play_started) / 1e6 : 0;
  printf ("preview of %s at %ux%u, %.3f s at %u/%u fps%s\n", argv[1], width, height,
          duration / 1e9, fps_n, fps_d, count.timed_out ? " (TIMED OUT)" : "");
  printf ("  frames expected   %8.0f\n", expected);
  printf ("  frames delivered  %8u\n", count.delivered);
  printf ("  dropped           %8d (the sink's QoS: %" G_GUINT64_FORMAT ")\n", MAX (dropped, 0), count.qos_dropped);
  printf ("  late (> %.1f ms)   %8u\n", count.frame_period / 1e6, count.late);
  g_array_sort (count.shown, compare_gint64);
  print_gaps (count.shown, count.frame_period, duration);
  printf ("  lateness (ms)     median %.2f, worst %.2f\n", median, worst);
  printf ("  playback          %.3f s wall-clock for %.3f s\n", wall, duration / 1e9);
  printf ("goal: none dropped: %s\n", dropped <= 0 && count.qos_dropped == 0 && !count.timed_out ? "met" : "NOT MET");
  g_mutex_unlock (&count.lock);

  g_array_unref (count.lateness);
  g_array_unref (count.shown);
  g_mutex_clear (&count.lock);
  return count.timed_out ? 1 : 0;
}
