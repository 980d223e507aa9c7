/* rushes-exporter.c: render a project to a finished file with GES (or,
 * for a plain cut, the direct pipeline of rushes-exporter-direct.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-exporter"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include <gst/tag/tag.h>

#include "rushes-exporter.h"
#include "rushes-exporter-private.h"
#include "rushes-matroska-tags.h"
#include "rushes-media-private.h"
#include "rushes-output-lock.h"
#include "rushes-timeline-ges.h"

GST_DEBUG_CATEGORY_STATIC (rushes_exporter_debug);
#define GST_CAT_DEFAULT rushes_exporter_debug

#define PROGRESS_INTERVAL_MS 200

G_DEFINE_QUARK (rushes-exporter-error-quark, rushes_exporter_error)

struct _RushesExporter
{
  GObject              parent_instance;

  /* owned */
  RushesProject       *project;
  GTask               *task;
  GESTimeline         *timeline;
  GstElement          *pipeline;      /* a GESPipeline, or the direct one */
  GSource             *cancel_source;
  char                *output_path;
  RushesOutputTemp    *temp;          /* while rendering: beside the output, locked */
  char                *recipes;       /* JSON array text for the file's comment tag */
  RushesExportPreset   preset;
  RushesExportQuality  quality;
  guint                height;
  guint                bus_watch_id;
  guint                progress_id;
  gint64               started;       /* monotonic µs */
  GstClockTime         duration;
  double               progress;
  gint64               eta;
  guint                embed_recipes : 1;
  guint                used_direct : 1;
};

G_DEFINE_FINAL_TYPE (RushesExporter, rushes_exporter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_ETA,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Presets */

static const struct
{
  const char *id;
  const char *extension;
  const char *title;
} presets[] = {
  [RUSHES_EXPORT_PRESET_WEBM] = { "webm", ".webm", N_("WebM (VP9 + Opus)") },
  [RUSHES_EXPORT_PRESET_MP4] = { "mp4", ".mp4", N_("MP4 (H.264 + AAC)") },
  [RUSHES_EXPORT_PRESET_PRORES] = { "prores", ".mov", N_("ProRes MOV (for other editors)") },
};

static gboolean
have_element (const char *name)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);

  return factory != NULL;
}

static const char *
h264_encoder (void)
{
  if (have_element ("x264enc"))
    return "x264enc";
  if (have_element ("openh264enc"))
    return "openh264enc";
  return NULL;
}

static const char *
aac_encoder (void)
{
  if (have_element ("avenc_aac"))
    return "avenc_aac";
  if (have_element ("voaacenc"))
    return "voaacenc";
  if (have_element ("fdkaacenc"))
    return "fdkaacenc";
  return NULL;
}

gboolean
rushes_export_preset_is_available (RushesExportPreset preset)
{
  switch (preset)
    {
    case RUSHES_EXPORT_PRESET_WEBM:
      return have_element ("vp9enc") && have_element ("opusenc") && have_element ("webmmux");
    case RUSHES_EXPORT_PRESET_MP4:
      return h264_encoder () != NULL && aac_encoder () != NULL && have_element ("mp4mux");
    case RUSHES_EXPORT_PRESET_PRORES:
      return have_element ("avenc_prores_ks") && have_element ("qtmux");
    default:
      return FALSE;
    }
}

const char *
rushes_export_preset_to_string (RushesExportPreset preset)
{
  g_return_val_if_fail (preset <= RUSHES_EXPORT_PRESET_PRORES, NULL);
  return presets[preset].id;
}

gboolean
rushes_export_preset_from_string (const char         *id,
                                  RushesExportPreset *preset)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (presets); i++)
    if (g_ascii_strcasecmp (id, presets[i].id) == 0)
      {
        *preset = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rushes_export_preset_get_extension (RushesExportPreset preset)
{
  g_return_val_if_fail (preset <= RUSHES_EXPORT_PRESET_PRORES, NULL);
  return presets[preset].extension;
}

const char *
rushes_export_preset_get_title (RushesExportPreset preset)
{
  g_return_val_if_fail (preset <= RUSHES_EXPORT_PRESET_PRORES, NULL);
  return _(presets[preset].title);
}

gboolean
rushes_export_quality_from_string (const char          *id,
                                   RushesExportQuality *quality)
{
  static const char *ids[] = { "low", "medium", "high" };

  for (guint i = 0; id && i < G_N_ELEMENTS (ids); i++)
    if (g_ascii_strcasecmp (id, ids[i]) == 0)
      {
        *quality = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
rushes_export_resolution_from_string (const char *id,
                                      guint      *height)
{
  if (g_strcmp0 (id, "project") == 0)
    *height = 0;
  else if (g_strcmp0 (id, "1080p") == 0)
    *height = 1080;
  else if (g_strcmp0 (id, "720p") == 0)
    *height = 720;
  else
    return FALSE;
  return TRUE;
}

/* GObject */

static void
rushes_exporter_dispose (GObject *object)
{
  RushesExporter *self = RUSHES_EXPORTER (object);

  /* A running export holds a reference through its task: not reached then. */
  g_clear_object (&self->project);

  G_OBJECT_CLASS (rushes_exporter_parent_class)->dispose (object);
}

static void
rushes_exporter_finalize (GObject *object)
{
  RushesExporter *self = RUSHES_EXPORTER (object);

  g_free (self->output_path);
  g_clear_pointer (&self->temp, rushes_output_temp_free);
  g_free (self->recipes);

  G_OBJECT_CLASS (rushes_exporter_parent_class)->finalize (object);
}

static void
rushes_exporter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RushesExporter *self = RUSHES_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_ETA: g_value_set_int64 (value, self->eta); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->task != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_exporter_class_init (RushesExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_exporter_dispose;
  object_class->finalize = rushes_exporter_finalize;
  object_class->get_property = rushes_exporter_get_property;

  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (rushes_exporter_debug, "rushes-exporter", 0, "Rushes exporter");
  _rushes_exporter_direct_init_debug ();
}

static void
rushes_exporter_init (RushesExporter *self)
{
  self->eta = -1;
}

RushesExporter *
rushes_exporter_new (RushesProject *project)
{
  RushesExporter *self;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  self = g_object_new (RUSHES_TYPE_EXPORTER, NULL);
  self->project = g_object_ref (project);
  if (!rushes_export_preset_from_string (rushes_project_get_export_preset (project), &self->preset))
    self->preset = RUSHES_EXPORT_PRESET_WEBM;
  if (!rushes_export_quality_from_string (rushes_project_get_export_quality (project), &self->quality))
    self->quality = RUSHES_EXPORT_QUALITY_HIGH;
  if (!rushes_export_resolution_from_string (rushes_project_get_export_resolution (project), &self->height))
    self->height = 0;
  self->embed_recipes = rushes_project_get_export_recipes (project);
  return self;
}

void
rushes_exporter_set_preset (RushesExporter     *self,
                            RushesExportPreset  preset)
{
  g_return_if_fail (RUSHES_IS_EXPORTER (self));
  g_return_if_fail (preset <= RUSHES_EXPORT_PRESET_PRORES);
  self->preset = preset;
}

RushesExportPreset
rushes_exporter_get_preset (RushesExporter *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORTER (self), RUSHES_EXPORT_PRESET_WEBM);
  return self->preset;
}

void
rushes_exporter_set_height (RushesExporter *self,
                            guint           height)
{
  g_return_if_fail (RUSHES_IS_EXPORTER (self));
  self->height = MIN (height, 4320);
}

void
rushes_exporter_set_quality (RushesExporter      *self,
                             RushesExportQuality  quality)
{
  g_return_if_fail (RUSHES_IS_EXPORTER (self));
  g_return_if_fail (quality <= RUSHES_EXPORT_QUALITY_HIGH);
  self->quality = quality;
}

void
rushes_exporter_set_embed_recipes (RushesExporter *self,
                                   gboolean        embed)
{
  g_return_if_fail (RUSHES_IS_EXPORTER (self));
  self->embed_recipes = !!embed;
}

void
rushes_exporter_get_output_size (RushesExporter *self,
                                 guint          *width,
                                 guint          *height)
{
  guint pw, ph;

  g_return_if_fail (RUSHES_IS_EXPORTER (self));

  rushes_project_get_format (self->project, &pw, &ph, NULL, NULL);
  if (self->height > 0 && ph > 0)
    {
      /* keep the aspect ratio, even sizes for 4:2:0 encoders */
      pw = (guint) (((guint64) pw * self->height / ph + 1) & ~(guint64) 1);
      ph = self->height;
    }
  /* 4:2:0 encoders need even sizes */
  *width = MAX (pw & ~1u, 2);
  *height = MAX (ph & ~1u, 2);
}

double
rushes_exporter_get_progress (RushesExporter *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORTER (self), 0);
  return self->progress;
}

gint64
rushes_exporter_get_eta (RushesExporter *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORTER (self), -1);
  return self->eta;
}

gboolean
rushes_exporter_get_running (RushesExporter *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORTER (self), FALSE);
  return self->task != NULL;
}

gboolean
_rushes_exporter_get_used_direct (RushesExporter *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORTER (self), FALSE);
  return self->used_direct;
}

/* Encoding */

static GstEncodingProfile *
make_profile (RushesExportPreset preset)
{
  GstEncodingContainerProfile *container;
  g_autoptr(GstCaps) ccaps = NULL;
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;

  switch (preset)
    {
    case RUSHES_EXPORT_PRESET_WEBM:
      ccaps = gst_caps_from_string ("video/webm");
      vcaps = gst_caps_from_string ("video/x-vp9");
      acaps = gst_caps_from_string ("audio/x-opus");
      break;
    case RUSHES_EXPORT_PRESET_MP4:
      ccaps = gst_caps_from_string ("video/quicktime, variant=(string)iso");
      vcaps = gst_caps_from_string ("video/x-h264");
      acaps = gst_caps_from_string ("audio/mpeg, mpegversion=(int)4");
      break;
    case RUSHES_EXPORT_PRESET_PRORES:
    default:
      ccaps = gst_caps_from_string ("video/quicktime, variant=(string)apple");
      vcaps = gst_caps_from_string ("video/x-prores");
      acaps = gst_caps_from_string ("audio/x-raw, format=(string)S16LE");
      break;
    }
  container = gst_encoding_container_profile_new ("rushes", NULL, ccaps, NULL);
  gst_encoding_container_profile_add_profile (container,
    GST_ENCODING_PROFILE (gst_encoding_video_profile_new (vcaps, NULL, NULL, 0)));
  gst_encoding_container_profile_add_profile (container,
    GST_ENCODING_PROFILE (gst_encoding_audio_profile_new (acaps, NULL, NULL, 0)));
  return GST_ENCODING_PROFILE (container);
}

/* Bits per second for a 1080p picture, scaled by area */
static int
video_bitrate (RushesExporter *self,
               guint           width,
               guint           height)
{
  static const int base[] = { 2000000, 4000000, 8000000 };
  double scale = (double) width * height / (1920.0 * 1080.0);

  return (int) CLAMP (base[self->quality] * MAX (scale, 0.1), 100000, 100000000);
}

/* Encoder settings, applied as encodebin creates the encoders */
static void
configure_element (RushesExporter *self,
                   GstElement     *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  const char *name = factory ? GST_OBJECT_NAME (factory) : NULL;
  guint w, h;

  if (name == NULL)
    return;
  rushes_exporter_get_output_size (self, &w, &h);

  _rushes_media_setup_flip (element);
  if (g_str_equal (name, "x264enc"))
    {
      static const char *crf[] = { "28", "23", "18" };

      /* constant quality (x264's CRF), the "veryfast" preset; x264enc
       * caps its quality mode at "bitrate" (2 Mb/s by default) through a
       * VBV buffer: none, as with x264's own CRF */
      gst_util_set_object_arg (G_OBJECT (element), "pass", "qual");
      gst_util_set_object_arg (G_OBJECT (element), "quantizer", crf[self->quality]);
      gst_util_set_object_arg (G_OBJECT (element), "speed-preset", "veryfast");
      g_object_set (element, "vbv-buf-capacity", 0, NULL);
      /* x264's own default keyframe interval (x264enc's is 300) */
      g_object_set (element, "key-int-max", 250, NULL);
    }
  else if (g_str_equal (name, "openh264enc"))
    g_object_set (element, "bitrate", (guint) video_bitrate (self, w, h), NULL);
  else if (g_str_equal (name, "vp9enc"))
    {
      g_object_set (element,
                    "target-bitrate", video_bitrate (self, w, h),
                    "deadline", (gint64) 1,
                    "cpu-used", 6,
                    "threads", (int) MIN (g_get_num_processors (), 8),
                    "row-mt", TRUE,
                    NULL);
    }
  else if (g_str_equal (name, "avenc_prores_ks"))
    {
      static const char *profile[] = { "lt", "standard", "hq" };

      gst_util_set_object_arg (G_OBJECT (element), "profile", profile[self->quality]);
    }
  else if (g_str_equal (name, "avenc_aac") || g_str_equal (name, "voaacenc"))
    g_object_set (element, "bitrate", 192000, NULL);
  else if (g_str_equal (name, "opusenc"))
    g_object_set (element, "bitrate", 128000, NULL);

  if (GST_IS_TAG_SETTER (element))
    {
      g_autoptr(GstTagList) tags = gst_tag_list_new (GST_TAG_ENCODER, "Rushes " PACKAGE_VERSION, NULL);

      if (self->recipes)
        gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_COMMENT, self->recipes, NULL);
      gst_tag_setter_merge_tags (GST_TAG_SETTER (element), tags, GST_TAG_MERGE_REPLACE);
    }
}

static void
deep_element_added_cb (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    data)
{
  configure_element (data, element);
}

/* Export */

static void
set_progress (RushesExporter *self,
              double          progress)
{
  gint64 eta = -1;

  progress = CLAMP (progress, 0, 1);
  if (progress > 0.02)
    {
      double elapsed = (g_get_monotonic_time () - self->started) / (double) G_USEC_PER_SEC;

      eta = (gint64) (elapsed * (1 - progress) / progress + 0.5);
    }
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->eta != eta)
    {
      self->eta = eta;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
    }
}

static gboolean
progress_cb (gpointer data)
{
  RushesExporter *self = data;
  gint64 pos;

  /* The render pipeline's position is answered by whichever sink replies
   * first (audio or video), so two queries can go backwards by a few
   * frames under load: the bar only moves forwards. */
  if (self->duration > 0 &&
      gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &pos) && pos >= 0)
    set_progress (self, MAX (self->progress, (double) pos / self->duration));
  return G_SOURCE_CONTINUE;
}

/* Ends the export: error NULL means the file is complete. Takes error. */
static void
finish (RushesExporter *self,
        GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) commit_error = NULL;

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->cancel_source)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  if (self->pipeline)
    {
      /* NULL state closes the file (and the muxer has finished on EOS) */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_signal_handlers_disconnect_by_func (self->pipeline, deep_element_added_cb, self);
    }
  g_clear_object (&self->pipeline);
  g_clear_object (&self->timeline);

  if (error == NULL && self->temp)
    {
      /* a Matroska muxer escapes the recipes: store them as plain JSON */
      if (rushes_matroska_unwrap_tags (rushes_output_temp_get_path (self->temp), NULL, &error)
          && !rushes_output_temp_commit (self->temp, &commit_error))
        error = g_error_new_literal (RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_OUTPUT, commit_error->message);
    }
  /* not committed: removed */
  g_clear_pointer (&self->temp, rushes_output_temp_free);

  if (error == NULL)
    set_progress (self, 1.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  RushesExporter *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->bus_watch_id = 0;
      finish (self, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        GST_WARNING ("export failed: %s (%s)", gst_error->message, debug);
        self->bus_watch_id = 0;
        finish (self, g_error_new (RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_FAILED,
                                   _("The export failed: %s"), gst_error->message));
        return G_SOURCE_REMOVE;
      }

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  RushesExporter *self = data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The export was cancelled")));
  return G_SOURCE_REMOVE;
}

static char *
collect_recipes (RushesProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = rushes_project_get_n_clips (project);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rushes-recipes");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);
      const char *recipe = rushes_timeline_clip_get_recipe_json (clip);
      JsonNode *node = recipe ? json_from_string (recipe, NULL) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "clip");
      json_builder_add_string_value (b, rushes_timeline_clip_get_name (clip));
      json_builder_set_member_name (b, "in");
      json_builder_add_double_value (b, rushes_timeline_clip_get_in_point (clip) / 1e9);
      json_builder_set_member_name (b, "out");
      json_builder_add_double_value (b, rushes_timeline_clip_get_out_point (clip) / 1e9);
      json_builder_set_member_name (b, "recipe");
      if (node)
        json_builder_add_value (b, node);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
rushes_exporter_export_async (RushesExporter      *self,
                              const char          *output_path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstEncodingProfile) profile = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *uri = NULL;
  guint width, height;

  g_return_if_fail (RUSHES_IS_EXPORTER (self));
  g_return_if_fail (output_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_exporter_export_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("An export is already running"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!rushes_export_preset_is_available (self->preset))
    {
      g_task_return_new_error (task, RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_UNAVAILABLE,
                               _("This system has no encoder for %s"),
                               rushes_export_preset_get_title (self->preset));
      return;
    }

  rushes_exporter_get_output_size (self, &width, &height);
  /* a plain cut needs no GES (RUSHES_EXPORT_FORCE_GES=1: it goes through GES anyway) */
  self->used_direct = g_strcmp0 (g_getenv ("RUSHES_EXPORT_FORCE_GES"), "1") != 0
                      && _rushes_exporter_is_plain_cut (self->project);
  if (self->used_direct)
    self->duration = rushes_project_get_duration (self->project);
  else
    {
      self->timeline = rushes_timeline_build (self->project, width, height, TRUE, &error);
      if (self->timeline == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!ges_timeline_commit_sync (self->timeline))
        GST_DEBUG ("nothing to commit");
      self->duration = ges_timeline_get_duration (self->timeline);
    }

  g_free (self->output_path);
  self->output_path = g_canonicalize_filename (output_path, NULL);
  self->temp = rushes_output_temp_new (self->output_path, &error);
  if (self->temp == NULL)
    {
      g_clear_object (&self->timeline);
      g_task_return_new_error (task, RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_OUTPUT,
                               "%s", error->message);
      return;
    }
  uri = g_filename_to_uri (rushes_output_temp_get_path (self->temp), NULL, NULL);

  g_clear_pointer (&self->recipes, g_free);
  if (self->embed_recipes)
    self->recipes = collect_recipes (self->project);

  self->pipeline = gst_object_ref_sink (self->used_direct ? gst_pipeline_new ("rushes-export")
                                                           : GST_ELEMENT (ges_pipeline_new ()));
  g_signal_connect (self->pipeline, "deep-element-added", G_CALLBACK (deep_element_added_cb), self);
  profile = make_profile (self->preset);
  self->task = g_steal_pointer (&task);
  if (self->used_direct
      ? !_rushes_exporter_direct_fill (self->pipeline, self->project, width, height, profile,
                                       rushes_output_temp_get_path (self->temp))
      : (!ges_pipeline_set_timeline (GES_PIPELINE (self->pipeline), self->timeline) ||
         !ges_pipeline_set_render_settings (GES_PIPELINE (self->pipeline), uri, profile) ||
         !ges_pipeline_set_mode (GES_PIPELINE (self->pipeline), GES_PIPELINE_MODE_RENDER)))
    {
      /* set_timeline took the pipeline's reference on success */
      finish (self, g_error_new (RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_FAILED,
                                 _("Could not set up the encoder for %s"),
                                 rushes_export_preset_get_title (self->preset)));
      return;
    }

  GST_INFO ("exporting through %s", self->used_direct ? "the direct pipeline" : "GES");
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  if (cancellable)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, NULL);
    }
  self->started = g_get_monotonic_time ();
  self->progress = -1;
  set_progress (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    finish (self, g_error_new (RUSHES_EXPORTER_ERROR, RUSHES_EXPORTER_ERROR_FAILED,
                               _("The export could not start")));
}

gboolean
rushes_exporter_export_finish (RushesExporter  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
