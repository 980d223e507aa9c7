/* rushes-trimmer.c: trim a take into a new take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The public GTask API, the options and the driver: a worker thread (GTask)
 * runs one of two engines with their own pipelines, the packet engine
 * (rushes-trimmer-copy.c) or the re-encode engine (rushes-trimmer-encode.c),
 * into a temporary file, then renames it and writes the new take's sidecar
 * (rushes-trimmer-output.c). The worker only touches the
 * RushesTrimmer through _rushes_trimmer_post_state() and the kept-in/out
 * fields, both under self->lock.
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/base/gsttypefindhelper.h>

#include "rushes-anim-dec.h"
#include "rushes-trimmer-private.h"

GST_DEBUG_CATEGORY (rushes_trimmer_debug);

struct _RushesTrimmer
{
  GObject parent_instance;

  /* owned, immutable after construction */
  GFile *input;
  GFile *output;
  RushesTrimMode mode;
  GstClockTime in;
  GstClockTime out;

  /* owned, main thread */
  RushesRecipe *source_recipe;
  gboolean busy;

  /* guarded by lock: written by the worker */
  GMutex lock;
  double progress;
  GstClockTime kept_in;
  GstClockTime kept_out;
  gboolean source_ended;
  guint notify_id;
};

enum
{
  PROP_0,
  PROP_INPUT,
  PROP_OUTPUT,
  PROP_MODE,
  PROP_IN,
  PROP_OUT,
  PROP_KEPT_IN,
  PROP_KEPT_OUT,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RushesTrimmer, rushes_trimmer, G_TYPE_OBJECT)
G_DEFINE_QUARK (rushes-trimmer-error-quark, rushes_trimmer_error)

G_DEFINE_ENUM_TYPE (RushesTrimMode, rushes_trim_mode,
                    G_DEFINE_ENUM_VALUE (RUSHES_TRIM_MODE_LOSSLESS, "lossless"),
                    G_DEFINE_ENUM_VALUE (RUSHES_TRIM_MODE_EXACT, "exact"))

/* ------------------------------------------------------------------ */
/* progress: worker writes under the lock, one idle source notifies    */

static gboolean
notify_cb (gpointer data)
{
  RushesTrimmer *self = data;

  g_mutex_lock (&self->lock);
  self->notify_id = 0;
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT_OUT]);

  return G_SOURCE_REMOVE;
}

void
_rushes_trimmer_post_state (RushesTrimmer *self,
                            double         progress,
                            GstClockTime   kept_in,
                            GstClockTime   kept_out)
{
  g_mutex_lock (&self->lock);
  if (progress >= 0)
    self->progress = CLAMP (progress, 0.0, 1.0);
  if (GST_CLOCK_TIME_IS_VALID (kept_in))
    self->kept_in = kept_in;
  if (GST_CLOCK_TIME_IS_VALID (kept_out))
    self->kept_out = kept_out;
  if (self->notify_id == 0)
    self->notify_id = g_idle_add_full (G_PRIORITY_DEFAULT, notify_cb,
                                       g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
}

/* ------------------------------------------------------------------ */
/* the input                                                           */

/* the input's container caps by typefinding its first bytes */
static GstCaps *
typefind_file (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 buf[16384];
  gsize n = 0;
  GstTypeFindProbability prob;
  GstCaps *caps;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buf, sizeof buf, &n, cancellable, error))
    return NULL;

  caps = gst_type_find_helper_for_data (NULL, buf, n, &prob);
  if (caps == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
                   _("“%s” is not a video file Rushes can read"), name);
    }
  return caps;
}

static gboolean
container_matches (GstCaps *container,
                   Family   family)
{
  GstStructure *s = gst_caps_get_structure (container, 0);
  const char *name = gst_structure_get_name (s);

  switch (family)
    {
    case FAMILY_MP4:
    case FAMILY_MOV:
      return g_str_equal (name, "video/quicktime");
    case FAMILY_WEBM:
    case FAMILY_MKV:
      return g_str_equal (name, "video/webm") || g_str_equal (name, "video/x-matroska");
    case FAMILY_NONE:
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* the job                                                             */

void
_rushes_trimmer_stop_pipeline (GstElement **pipeline)
{
  if (*pipeline != NULL)
    {
      gst_element_set_state (*pipeline, GST_STATE_NULL);
      gst_clear_object (pipeline);
    }
}

void
_rushes_trimmer_trim_free (Trim *t)
{
  _rushes_trimmer_stop_pipeline (&t->reader);
  _rushes_trimmer_stop_pipeline (&t->writer);
  gst_clear_object (&t->vsink);
  gst_clear_object (&t->asink);
  gst_clear_object (&t->vsrc);
  gst_clear_object (&t->asrc);
  g_clear_pointer (&t->vpeek, gst_sample_unref);
  g_clear_pointer (&t->apeek, gst_sample_unref);
  g_clear_pointer (&t->tmp, rushes_output_temp_free);
  g_clear_error (&t->writer_error);
  g_free (t->tag_json);
  g_clear_object (&t->recipe);
  g_clear_object (&t->input);
  g_clear_object (&t->output);
  g_clear_object (&t->self);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Trim, _rushes_trimmer_trim_free)

gboolean
_rushes_trimmer_set_failed (GError     **error,
                            const char  *what,
                            GError      *cause)
{
  if (cause != NULL && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
               "%s%s%s", what, cause ? ": " : "", cause ? cause->message : "");
  g_clear_error (&cause);
  return FALSE;
}

void
_rushes_trimmer_note_video_caps (Trim    *t,
                                 GstCaps *caps)
{
  GstStructure *st = caps ? gst_caps_get_structure (caps, 0) : NULL;

  if (st == NULL)
    return;
  gst_structure_get_int (st, "width", &t->width);
  gst_structure_get_int (st, "height", &t->height);
  gst_structure_get_fraction (st, "framerate", &t->fps_n, &t->fps_d);
}

/* ---- driver ----------------------------------------------------------- */

/* The header may promise more than the data holds: the range must start
 * inside the real data, and stops where it ends. The packet engine finds
 * that out itself while it copies, and calls this only when the range
 * seems to start past the data (for the error's message). */
gboolean
_rushes_trimmer_clamp_to_data (Trim    *t,
                               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GstClockTime first, end;

  if (!_rushes_trimmer_probe_data_end (g_file_peek_path (t->input), t->out, t->cancellable,
                                       &first, &end, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* not demuxable (an animated image): the engine reads it its own way */
      GST_DEBUG ("no data end for the source: %s", local_error->message);
      return TRUE;
    }
  if (end + CUT_EPSILON >= t->out)
    return TRUE;
  if (t->in + CUT_EPSILON >= end)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The range starts after the end of the file’s data: the file’s data ends at %.2f s"),
                   (double) end / GST_SECOND);
      return FALSE;
    }
  _rushes_trimmer_end_at_data (t, end);
  return TRUE;
}

void
_rushes_trimmer_end_at_data (Trim         *t,
                             GstClockTime  end)
{
  GST_INFO ("the source's data ends at %" GST_TIME_FORMAT ", before the out point", GST_TIME_ARGS (end));
  t->out = end;
  t->source_ended = TRUE;
}

static gboolean
trim_execute (Trim    *t,
              GError **error)
{
  g_autoptr(GstCaps) container = NULL;
  const char *container_name;
  gboolean packet_engine;

  rushes_anim_dec_register ();

  if (!GST_CLOCK_TIME_IS_VALID (t->in) || !GST_CLOCK_TIME_IS_VALID (t->out) || t->in >= t->out)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The out point must come after the in point"));
      return FALSE;
    }
  if (g_file_equal (t->input, t->output))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("The new take must not replace its source"));
      return FALSE;
    }

  t->family = _rushes_trimmer_family_for_output (t->output);
  if (t->family == FAMILY_NONE)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("Cannot write this kind of file; use .mp4, .mov, .webm or .mkv"));
      return FALSE;
    }

  container = typefind_file (t->input, t->cancellable, error);
  if (container == NULL)
    return FALSE;
  container_name = gst_structure_get_name (gst_caps_get_structure (container, 0));
  GST_DEBUG ("input container %s", container_name);

  packet_engine = container_matches (container, t->family);
  /* the packet engine finds where the data ends as it writes: reading the
   * source up to the out point first would read it twice */
  if ((!packet_engine || t->plan_only) && !_rushes_trimmer_clamp_to_data (t, error))
    return FALSE;
  if (!packet_engine && t->mode == RUSHES_TRIM_MODE_LOSSLESS &&
      (g_str_equal (container_name, "video/quicktime") || g_str_has_prefix (container_name, "video/webm") ||
       g_str_equal (container_name, "video/x-matroska")))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("A lossless trim keeps the container: write to the source’s file type"));
      return FALSE;
    }

  if (packet_engine)
    {
      g_autoptr(GError) local_error = NULL;

      if (!_rushes_trimmer_copy (t, &local_error))
        {
          if (t->mode != RUSHES_TRIM_MODE_EXACT ||
              !g_error_matches (local_error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          GST_DEBUG ("no splice for this codec, re-encoding the range");
          _rushes_trimmer_stop_pipeline (&t->reader);
          _rushes_trimmer_stop_pipeline (&t->writer);
          if ((!t->plan_only && !_rushes_trimmer_clamp_to_data (t, error)) || !_rushes_trimmer_reencode (t, error))
            return FALSE;
        }
    }
  else if (!_rushes_trimmer_reencode (t, error))
    return FALSE;

  g_mutex_lock (&t->self->lock);
  t->self->source_ended = t->source_ended;
  g_mutex_unlock (&t->self->lock);
  if (!t->plan_only)
    {
      _rushes_trimmer_post_state (t->self, 1.0, t->kept_in, t->kept_out);
      return _rushes_trimmer_write_sidecar (t, error);
    }
  return TRUE;
}

Trim *
_rushes_trimmer_trim_new (RushesTrimmer *self,
                          gboolean       plan_only,
                          GCancellable  *cancellable)
{
  Trim *t = g_new0 (Trim, 1);

  t->self = g_object_ref (self);
  t->input = g_object_ref (self->input);
  t->output = g_object_ref (self->output);
  t->mode = self->mode;
  t->in = self->in;
  t->out = self->out;
  t->plan_only = plan_only;
  t->recipe = self->source_recipe ? rushes_recipe_copy (self->source_recipe) : NULL;
  t->cancellable = cancellable;
  t->kept_in = GST_CLOCK_TIME_NONE;
  t->kept_out = GST_CLOCK_TIME_NONE;
  t->last_dts = GST_CLOCK_TIME_NONE;

  return t;
}

static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Trim *t = task_data;
  GError *error = NULL;

  t->cancellable = cancellable;
  if (trim_execute (t, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* pipelines and the temporary file go now, in this thread */
  _rushes_trimmer_stop_pipeline (&t->reader);
  _rushes_trimmer_stop_pipeline (&t->writer);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
rushes_trimmer_finalize (GObject *object)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->source_recipe);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_trimmer_parent_class)->finalize (object);
}

static void
rushes_trimmer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_object (value, self->input);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_IN:
      g_value_set_uint64 (value, self->in);
      break;
    case PROP_OUT:
      g_value_set_uint64 (value, self->out);
      break;
    case PROP_KEPT_IN:
      g_value_set_uint64 (value, rushes_trimmer_get_kept_in (self));
      break;
    case PROP_KEPT_OUT:
      g_value_set_uint64 (value, rushes_trimmer_get_kept_out (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, rushes_trimmer_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_trimmer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      self->input = g_value_dup_object (value);
      break;
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_IN:
      self->in = g_value_get_uint64 (value);
      break;
    case PROP_OUT:
      self->out = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_trimmer_class_init (RushesTrimmerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rushes_trimmer_finalize;
  object_class->get_property = rushes_trimmer_get_property;
  object_class->set_property = rushes_trimmer_set_property;

  properties[PROP_INPUT] = g_param_spec_object ("input", NULL, NULL, G_TYPE_FILE, co);
  properties[PROP_OUTPUT] = g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE, co);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, RUSHES_TYPE_TRIM_MODE,
                                             RUSHES_TRIM_MODE_EXACT, co);
  properties[PROP_IN] = g_param_spec_uint64 ("in", NULL, NULL, 0, G_MAXUINT64, 0, co);
  properties[PROP_OUT] = g_param_spec_uint64 ("out", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, co);
  properties[PROP_KEPT_IN] = g_param_spec_uint64 ("kept-in", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_KEPT_OUT] = g_param_spec_uint64 ("kept-out", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (rushes_trimmer_debug, "rushes-trimmer", 0, "Rushes trimmer");
}

static void
rushes_trimmer_init (RushesTrimmer *self)
{
  g_mutex_init (&self->lock);
  self->kept_in = GST_CLOCK_TIME_NONE;
  self->kept_out = GST_CLOCK_TIME_NONE;
}

RushesTrimmer *
rushes_trimmer_new (GFile          *input,
                    GFile          *output,
                    RushesTrimMode  mode,
                    GstClockTime    in,
                    GstClockTime    out)
{
  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  return g_object_new (RUSHES_TYPE_TRIMMER,
                       "input", input,
                       "output", output,
                       "mode", mode,
                       "in", (guint64) in,
                       "out", (guint64) out,
                       NULL);
}

GFile *
rushes_trimmer_get_input (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), NULL);
  return self->input;
}

GFile *
rushes_trimmer_get_output (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), NULL);
  return self->output;
}

RushesTrimMode
rushes_trimmer_get_mode (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), RUSHES_TRIM_MODE_EXACT);
  return self->mode;
}

GstClockTime
rushes_trimmer_get_in (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  return self->in;
}

GstClockTime
rushes_trimmer_get_out (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  return self->out;
}

void
rushes_trimmer_set_source_recipe (RushesTrimmer *self,
                                  RushesRecipe  *recipe)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  g_set_object (&self->source_recipe, recipe);
}

GstClockTime
rushes_trimmer_get_kept_in (RushesTrimmer *self)
{
  GstClockTime v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  g_mutex_lock (&self->lock);
  v = self->kept_in;
  g_mutex_unlock (&self->lock);
  return v;
}

GstClockTime
rushes_trimmer_get_kept_out (RushesTrimmer *self)
{
  GstClockTime v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  g_mutex_lock (&self->lock);
  v = self->kept_out;
  g_mutex_unlock (&self->lock);
  return v;
}

gboolean
rushes_trimmer_get_source_ended (RushesTrimmer *self)
{
  gboolean v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), FALSE);
  g_mutex_lock (&self->lock);
  v = self->source_ended;
  g_mutex_unlock (&self->lock);
  return v;
}

double
rushes_trimmer_get_progress (RushesTrimmer *self)
{
  double v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), 0);
  g_mutex_lock (&self->lock);
  v = self->progress;
  g_mutex_unlock (&self->lock);
  return v;
}

static void
start_task (RushesTrimmer       *self,
            gboolean             plan_only,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, _rushes_trimmer_trim_new (self, plan_only, cancellable), (GDestroyNotify) _rushes_trimmer_trim_free);
  g_task_run_in_thread (task, trim_thread);
}

void
rushes_trimmer_plan_async (RushesTrimmer       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  start_task (self, TRUE, rushes_trimmer_plan_async, cancellable, callback, user_data);
}

gboolean
rushes_trimmer_plan_finish (RushesTrimmer  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rushes_trimmer_run_async (RushesTrimmer       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  start_task (self, FALSE, rushes_trimmer_run_async, cancellable, callback, user_data);
}

gboolean
rushes_trimmer_run_finish (RushesTrimmer  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
run_blocking (RushesTrimmer  *self,
              gboolean        plan_only,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(Trim) t = _rushes_trimmer_trim_new (self, plan_only, cancellable);

  return trim_execute (t, error);
}

gboolean
rushes_trimmer_plan (RushesTrimmer  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), FALSE);
  return run_blocking (self, TRUE, cancellable, error);
}

gboolean
rushes_trimmer_run (RushesTrimmer  *self,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), FALSE);
  return run_blocking (self, FALSE, cancellable, error);
}

/* ------------------------------------------------------------------ */

gboolean
rushes_trim_parse_time (const char    *text,
                        int            fps_n,
                        int            fps_d,
                        GstClockTime  *time,
                        GError       **error)
{
  g_autofree char *s = NULL;
  g_auto(GStrv) parts = NULL;
  double seconds = 0;
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);

  s = g_strstrip (g_strdup (text));
  if (*s == '\0')
    goto bad;

  if (g_str_has_suffix (s, "f"))
    {
      char *end = NULL;
      guint64 frame;

      s[strlen (s) - 1] = '\0';
      if (!g_ascii_isdigit (*s))
        goto bad;
      frame = g_ascii_strtoull (s, &end, 10);
      if (end == NULL || *end != '\0')
        goto bad;
      if (fps_n <= 0 || fps_d <= 0)
        {
          g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                       _("“%s”: frame numbers need a known frame rate"), text);
          return FALSE;
        }
      *time = gst_util_uint64_scale (frame, (guint64) fps_d * GST_SECOND, fps_n);
      return TRUE;
    }

  parts = g_strsplit (s, ":", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 3)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;
      double v;

      if (!g_ascii_isdigit (parts[i][0]) && parts[i][0] != '.')
        goto bad;
      v = g_ascii_strtod (parts[i], &end);
      if (end == NULL || *end != '\0' || v < 0)
        goto bad;
      if (i < n - 1 && (v != (guint64) v || (i > 0 && v >= 60)))
        goto bad;
      if (i == n - 1 && n > 1 && v >= 60)
        goto bad;
      seconds = seconds * 60 + v;
    }
  *time = (GstClockTime) (seconds * GST_SECOND + 0.5);
  return TRUE;

bad:
  g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
               _("“%s” is not a time: use seconds (3.5), a timecode (00:00:03.500) or a frame (105f)"), text);
  return FALSE;
}
