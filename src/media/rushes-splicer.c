/* rushes-splicer.c: splice a retake into its take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API, the plan and the driver. The head [0, in) and the tail
 * [out, end) are cut by the trimmer (EXACT: its packet engine and smart
 * render) into a temporary folder; the middle is made by
 * rushes-splicer-middle.c. Then the three parts' video packets and the
 * source's audio packets go, re-timed only (output time = part offset +
 * the packet's running time in its part), into the trimmer's writer,
 * which writes a temporary file beside the output and renames it.
 */
#define G_LOG_DOMAIN "rushes-splicer"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>

#include "rushes-anim-dec.h"
#include "rushes-splicer-private.h"
#include "rushes-take.h"

GST_DEBUG_CATEGORY (rushes_splicer_debug);

/* the writer's buffer time of the output's time 0: room for the decode
 * delay (DTS before PTS) of the first packets */
#define BASE_TIME (3600 * GST_SECOND)

typedef struct
{
  GFile *source;
  GFile *middle;
  GFile *dest;
  GstClockTime in;
  GstClockTime out;
  RushesRecipe *recipe;        /* copy, or NULL */
  GCancellable *cancellable;   /* borrowed */

  RushesSplicePlan plan;
  Trim *src;                   /* the source's reader: caps, audio */
  Trim *w;                     /* the writer */
  char *tmpdir;
  GstClockTime delay;          /* the source's decode delay (H.264 B-frames) */
  gboolean h264;
} Splice;

static void
ensure_debug_category (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* the trimmer's engines log in its category */
      g_type_class_unref (g_type_class_ref (RUSHES_TYPE_TRIMMER));
      GST_DEBUG_CATEGORY_INIT (rushes_splicer_debug, "rushes-splicer", 0, "Rushes splicer");
      g_once_init_leave (&once, 1);
    }
}

static void
remove_tmpdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
splice_free (Splice *sp)
{
  g_clear_pointer (&sp->src, _rushes_trimmer_trim_free);
  g_clear_pointer (&sp->w, _rushes_trimmer_trim_free);
  if (sp->tmpdir != NULL)
    remove_tmpdir (sp->tmpdir);
  g_free (sp->tmpdir);
  g_clear_object (&sp->source);
  g_clear_object (&sp->middle);
  g_clear_object (&sp->dest);
  g_clear_object (&sp->recipe);
  g_free (sp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Splice, splice_free)

/* ---- the plan ---------------------------------------------------------- */

/* a packet reader on @file (the demuxer's packets as they are) */
static Trim *
reader_for (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (file, file, RUSHES_TRIM_MODE_LOSSLESS, 0, GST_CLOCK_TIME_NONE);
  Trim *t = _rushes_trimmer_trim_new (trimmer, FALSE, cancellable);

  if (!_rushes_trimmer_reader_open (t, error))
    {
      _rushes_trimmer_trim_free (t);
      return NULL;
    }
  return t;
}

static GstCaps *
sink_caps (GstElement *sink)
{
  g_autoptr(GstPad) pad = NULL;

  if (sink == NULL)
    return NULL;
  pad = gst_element_get_static_pad (sink, "sink");
  return gst_pad_get_current_caps (pad);
}

static gboolean
is_quicktime (Family family)
{
  return family == FAMILY_MP4 || family == FAMILY_MOV;
}

static gboolean
check_dest (GFile   *source,
            GFile   *dest,
            GError **error)
{
  Family in = _rushes_trimmer_family_for_output (source);
  Family out = _rushes_trimmer_family_for_output (dest);

  if (g_file_equal (source, dest))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("The new take must not replace its source"));
      return FALSE;
    }
  if (out == FAMILY_NONE)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("Cannot write this kind of file; use .mp4, .mov, .webm or .mkv"));
      return FALSE;
    }
  if (in == FAMILY_NONE || is_quicktime (in) != is_quicktime (out))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("A retake keeps the take’s file type: write it to .mp4 or .mov for an MP4 or MOV take, "
                     ".webm or .mkv for a WebM or Matroska take"));
      return FALSE;
    }
  return TRUE;
}

/* The plan, with the source's reader open (prerolled) in *reader. */
static gboolean
make_plan (GFile             *source,
           GFile             *dest,
           GstClockTime       in,
           GstClockTime       out,
           RushesSplicePlan  *plan,
           Trim             **reader,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GstCaps) vcaps = NULL;
  GstStructure *st;
  const char *codec;
  GstClockTime first, end, frame;
  guint64 in_frame, out_frame;

  rushes_anim_dec_register ();
  memset (plan, 0, sizeof *plan);
  if (dest != NULL && !check_dest (source, dest, error))
    return FALSE;
  if (!_rushes_trimmer_probe_data_end (g_file_peek_path (source), GST_CLOCK_TIME_NONE, cancellable,
                                       &first, &end, error))
    return FALSE;
  *reader = reader_for (source, cancellable, error);
  if (*reader == NULL)
    return FALSE;
  vcaps = sink_caps ((*reader)->vsink);
  if (vcaps == NULL)
    return _rushes_trimmer_set_failed (error, _("Cannot read the source"), NULL);
  st = gst_caps_get_structure (vcaps, 0);
  codec = gst_structure_get_name (st);
  gst_structure_get_int (st, "width", &plan->width);
  gst_structure_get_int (st, "height", &plan->height);
  if (!gst_structure_get_fraction (st, "framerate", &plan->fps_n, &plan->fps_d) ||
      plan->fps_n <= 0 || plan->fps_d <= 0 || plan->width <= 0 || plan->height <= 0)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("A retake needs a take with a constant frame rate"));
      return FALSE;
    }
  if (_rushes_trimmer_encoder_for_codec (codec) == NULL)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("Cannot splice this take’s video (%s): only H.264, VP8 and VP9 can be spliced"), codec);
      return FALSE;
    }

  frame = gst_util_uint64_scale (GST_SECOND, plan->fps_d, plan->fps_n);
  plan->n_frames = (guint) gst_util_uint64_scale_round (end - first, plan->fps_n, (guint64) plan->fps_d * GST_SECOND);
  plan->start = first;
  plan->end = end;
  if (!GST_CLOCK_TIME_IS_VALID (in) && !GST_CLOCK_TIME_IS_VALID (out))
    return TRUE;
  if (!GST_CLOCK_TIME_IS_VALID (in) || !GST_CLOCK_TIME_IS_VALID (out))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE, _("The range needs an in and an out point"));
      return FALSE;
    }
  if (out > end + frame / 2)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The out point (%.3f s) is past the end of the take (%.3f s)"),
                   (double) out / GST_SECOND, (double) end / GST_SECOND);
      return FALSE;
    }
  in_frame = gst_util_uint64_scale_round (in, plan->fps_n, (guint64) plan->fps_d * GST_SECOND);
  out_frame = MIN (gst_util_uint64_scale_round (out, plan->fps_n, (guint64) plan->fps_d * GST_SECOND),
                   plan->n_frames);
  if (in_frame >= out_frame)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The range from %.3f s to %.3f s holds no frame: the out point must come at least a frame after the in point"),
                   (double) in / GST_SECOND, (double) out / GST_SECOND);
      return FALSE;
    }
  plan->in_frame = (guint) in_frame;
  plan->out_frame = (guint) out_frame;
  /* frames are counted from the first (WebM may start it a few ms late) */
  plan->in = first + gst_util_uint64_scale (in_frame, (guint64) plan->fps_d * GST_SECOND, plan->fps_n);
  plan->out = first + gst_util_uint64_scale (out_frame, (guint64) plan->fps_d * GST_SECOND, plan->fps_n);
  GST_INFO ("frames [%u, %u) of %u replaced", plan->in_frame, plan->out_frame, plan->n_frames);
  return TRUE;
}

gboolean
rushes_splice_plan (GFile             *source,
                    GFile             *dest,
                    GstClockTime       in,
                    GstClockTime       out,
                    RushesSplicePlan  *plan,
                    GCancellable      *cancellable,
                    GError           **error)
{
  Trim *reader = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (source), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  ensure_debug_category ();
  ok = make_plan (source, dest, in, out, plan, &reader, cancellable, error);
  g_clear_pointer (&reader, _rushes_trimmer_trim_free);
  return ok;
}

/* ---- the parts --------------------------------------------------------- */

/* Cuts source[from, to) into the temporary folder and opens its reader. */
static Trim *
cut_part (Splice        *sp,
          const char    *name,
          GstClockTime   from,
          GstClockTime   to,
          GError       **error)
{
  g_autofree char *base = g_file_get_basename (sp->dest);
  const char *dot = strrchr (base, '.');
  g_autofree char *file_name = g_strconcat (name, dot, NULL);
  g_autofree char *path = g_build_filename (sp->tmpdir, file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (sp->source, file, RUSHES_TRIM_MODE_EXACT, from, to);

  Trim *part;

  if (!rushes_trimmer_run (trimmer, sp->cancellable, error))
    return NULL;
  part = reader_for (file, sp->cancellable, error);
  if (part != NULL)
    gst_element_set_state (part->reader, GST_STATE_PLAYING);
  return part;
}

static GstClockTime
decode_delay (GstSample *sample)
{
  const GstSegment *seg = gst_sample_get_segment (sample);
  GstBuffer *b = gst_sample_get_buffer (sample);

  if (seg == NULL || !GST_CLOCK_TIME_IS_VALID (GST_BUFFER_PTS (b)) || !GST_CLOCK_TIME_IS_VALID (GST_BUFFER_DTS (b)) ||
      GST_BUFFER_PTS (b) <= GST_BUFFER_DTS (b))
    return 0;
  return GST_BUFFER_PTS (b) - GST_BUFFER_DTS (b);
}

/* @sample's packet at @offset + its running time in its part; with
 * @delay != NONE its DTS is PTS - delay (re-encoded frames, no reordering). */
static void
push_video (Splice       *sp,
            GstSample    *sample,
            GstClockTime  offset,
            GstClockTime  delay)
{
  const GstSegment *seg = gst_sample_get_segment (sample);
  GstBuffer *buffer = gst_buffer_copy (gst_sample_get_buffer (sample));
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstClockTime dts = GST_BUFFER_DTS (buffer);
  gint64 dts_rt = 0;

  if (seg != NULL && seg->format == GST_FORMAT_TIME)
    {
      guint64 rt;
      int sign;

      if (GST_CLOCK_TIME_IS_VALID (pts))
        pts = gst_segment_to_running_time (seg, GST_FORMAT_TIME, pts);
      if (GST_CLOCK_TIME_IS_VALID (dts) && (sign = gst_segment_to_running_time_full (seg, GST_FORMAT_TIME, dts, &rt)) != 0)
        dts_rt = sign > 0 ? (gint64) rt : -(gint64) rt;
      else
        dts = GST_CLOCK_TIME_NONE;
    }
  else if (GST_CLOCK_TIME_IS_VALID (dts))
    dts_rt = (gint64) dts;

  if (GST_CLOCK_TIME_IS_VALID (pts))
    GST_BUFFER_PTS (buffer) = BASE_TIME + offset + pts;
  if (GST_CLOCK_TIME_IS_VALID (delay) && GST_CLOCK_TIME_IS_VALID (pts))
    GST_BUFFER_DTS (buffer) = GST_BUFFER_PTS (buffer) - delay;
  else if (GST_CLOCK_TIME_IS_VALID (dts))
    GST_BUFFER_DTS (buffer) = BASE_TIME + offset + dts_rt;
  GST_LOG ("pts %" GST_TIME_FORMAT " dts %" GST_TIME_FORMAT,
           GST_TIME_ARGS (GST_BUFFER_PTS (buffer)), GST_TIME_ARGS (GST_BUFFER_DTS (buffer)));
  _rushes_trimmer_writer_push (sp->w, sp->w->vsrc, buffer, gst_sample_get_caps (sample));
  gst_buffer_unref (buffer);
}

/* every video packet of @part (its reader open) at @offset */
static gboolean
push_part (Splice        *sp,
           Trim          *part,
           GstClockTime   offset,
           GError       **error)
{
  GstSample *s;

  while ((s = _rushes_trimmer_reader_next_video (part)) != NULL)
    {
      push_video (sp, s, offset, GST_CLOCK_TIME_NONE);
      gst_sample_unref (s);
      if (g_cancellable_set_error_if_cancelled (sp->cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* the source's audio, whole, under the three parts */
static void
push_audio (Splice *sp)
{
  gboolean first = TRUE;
  GstSample *s;

  if (sp->src->asink == NULL || sp->w->asrc == NULL)
    return;
  gst_element_set_state (sp->src->reader, GST_STATE_PLAYING);
  while ((s = gst_app_sink_pull_sample (GST_APP_SINK (sp->src->asink))) != NULL)
    {
      if (first && gst_sample_get_segment (s) != NULL)
        gst_segment_copy_into (gst_sample_get_segment (s), &sp->w->audio_segment);
      first = FALSE;
      _rushes_trimmer_writer_push (sp->w, sp->w->asrc, gst_sample_get_buffer (s), gst_sample_get_caps (s));
      gst_sample_unref (s);
    }
}

static gboolean
open_writer (Splice   *sp,
             GstCaps  *vcaps,
             GError  **error)
{
  g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (sp->source, sp->dest, RUSHES_TRIM_MODE_EXACT, 0, sp->plan.end);
  g_autoptr(GstCaps) acaps = sink_caps (sp->src->asink);

  sp->w = _rushes_trimmer_trim_new (trimmer, FALSE, sp->cancellable);
  sp->w->family = _rushes_trimmer_family_for_output (sp->dest);
  sp->w->kept_in = 0;
  sp->w->kept_out = sp->plan.end - sp->plan.start;
  _rushes_trimmer_note_video_caps (sp->w, vcaps);
  if (sp->recipe != NULL)
    sp->w->tag_json = rushes_recipe_to_json (sp->recipe);
  if (!_rushes_trimmer_writer_open (sp->w, vcaps, acaps, sp->h264, error))
    return FALSE;
  gst_segment_init (&sp->w->out_segment, GST_FORMAT_TIME);
  sp->w->out_segment.start = BASE_TIME;
  sp->w->out_segment.position = BASE_TIME;
  return TRUE;
}

static gboolean
splice_execute (Splice  *sp,
                GError **error)
{
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GPtrArray) middle = NULL;
  Trim *head = NULL, *tail = NULL;
  gboolean ok = FALSE;

  if (!make_plan (sp->source, sp->dest, sp->in, sp->out, &sp->plan, &sp->src, sp->cancellable, error))
    return FALSE;
  vcaps = sink_caps (sp->src->vsink);
  sp->h264 = g_str_equal (gst_structure_get_name (gst_caps_get_structure (vcaps, 0)), "video/x-h264");

  sp->tmpdir = g_dir_make_tmp ("rushes-splice-XXXXXX", error);
  if (sp->tmpdir == NULL)
    return FALSE;
  if (sp->plan.in_frame > 0 && (head = cut_part (sp, "head", 0, sp->plan.in, error)) == NULL)
    goto out;
  if (sp->plan.out_frame < sp->plan.n_frames &&
      (tail = cut_part (sp, "tail", sp->plan.out, sp->plan.end, error)) == NULL)
    goto out;

  middle = _rushes_splicer_encode_middle (sp->middle, vcaps, &sp->plan, sp->cancellable, error);
  if (middle == NULL)
    goto out;

  /* the middle's frames take the decode delay of the packets around them */
  {
    Trim *next = tail != NULL ? tail : head;
    GstSample *s = next != NULL ? _rushes_trimmer_reader_next_video (next) : NULL;

    sp->delay = s != NULL && sp->h264 ? decode_delay (s) : 0;
    if (s != NULL)
      next->vpeek = s;
  }

  if (!open_writer (sp, vcaps, error))
    goto out;
  if (head != NULL && !push_part (sp, head, 0, error))
    goto out;
  for (guint i = 0; i < middle->len; i++)
    push_video (sp, g_ptr_array_index (middle, i), sp->plan.in - sp->plan.start, sp->delay);
  if (tail != NULL && !push_part (sp, tail, sp->plan.out - sp->plan.start, error))
    goto out;
  push_audio (sp);
  _rushes_trimmer_stop_pipeline (&sp->src->reader);
  if (!_rushes_trimmer_writer_finish (sp->w, error))
    goto out;

  ok = sp->recipe == NULL || rushes_take_write_sidecar (g_file_peek_path (sp->dest), sp->recipe, NULL, error);

out:
  g_clear_pointer (&head, _rushes_trimmer_trim_free);
  g_clear_pointer (&tail, _rushes_trimmer_trim_free);
  return ok;
}

/* ---- API --------------------------------------------------------------- */

static Splice *
splice_new (GFile         *source,
            GstClockTime   in,
            GstClockTime   out,
            GFile         *middle,
            GFile         *dest,
            RushesRecipe  *recipe,
            GCancellable  *cancellable)
{
  Splice *sp = g_new0 (Splice, 1);

  ensure_debug_category ();
  sp->source = g_object_ref (source);
  sp->middle = g_object_ref (middle);
  sp->dest = g_object_ref (dest);
  sp->in = in;
  sp->out = out;
  sp->recipe = recipe != NULL ? rushes_recipe_copy (recipe) : NULL;
  sp->cancellable = cancellable;
  return sp;
}

static void
splice_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Splice *sp = task_data;
  GError *error = NULL;

  if (splice_execute (sp, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* pipelines and temporary files go now, in this thread */
  g_clear_pointer (&sp->src, _rushes_trimmer_trim_free);
  g_clear_pointer (&sp->w, _rushes_trimmer_trim_free);
}

void
rushes_splice_async (GFile               *source,
                     GstClockTime         in,
                     GstClockTime         out,
                     GFile               *middle,
                     GFile               *dest,
                     RushesRecipe        *recipe,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (source) && G_IS_FILE (middle) && G_IS_FILE (dest));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_splice_async);
  g_task_set_task_data (task, splice_new (source, in, out, middle, dest, recipe, cancellable),
                        (GDestroyNotify) splice_free);
  g_task_run_in_thread (task, splice_thread);
}

gboolean
rushes_splice_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
rushes_splice (GFile         *source,
               GstClockTime   in,
               GstClockTime   out,
               GFile         *middle,
               GFile         *dest,
               RushesRecipe  *recipe,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(Splice) sp = NULL;

  g_return_val_if_fail (G_IS_FILE (source) && G_IS_FILE (middle) && G_IS_FILE (dest), FALSE);

  sp = splice_new (source, in, out, middle, dest, recipe, cancellable);
  return splice_execute (sp, error);
}
