/* rushes-timeline-style.c: how a clip looks and sounds in the GES timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Titles (GESTitleClip: white text with an outline and a shadow on a
 * transparent background, so the tracks below show), a clip's volume (its
 * audio source's volume) and its fades: linear keyframes on the video
 * source's alpha (over the tracks below, or black on the bottom track) and
 * on the audio source's volume. A video crossfade is such a fade of the
 * upper of the two clips over the lower one. Control-source times are in the element's
 * own time: its in-point plus the time since its start.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <gst/controller/gstinterpolationcontrolsource.h>

#include "rushes-timeline-private.h"

#define TITLE_BACKGROUND    0x00000000  /* transparent */

/* level from fade-in until fade-out, 0 at both ends */
static void
set_fades (GESTrackElement *element,
           const char      *property,
           double           level,
           gint64           fade_in,
           gint64           fade_out)
{
  GstClockTime base = ges_timeline_element_get_inpoint (GES_TIMELINE_ELEMENT (element));
  GstClockTime duration = ges_timeline_element_get_duration (GES_TIMELINE_ELEMENT (element));
  g_autoptr(GstControlSource) source = NULL;
  GstTimedValueControlSource *values;

  if (fade_in <= 0 && fade_out <= 0)
    return;
  source = gst_interpolation_control_source_new ();
  g_object_set (source, "mode", GST_INTERPOLATION_MODE_LINEAR, NULL);
  values = GST_TIMED_VALUE_CONTROL_SOURCE (source);
  gst_timed_value_control_source_set (values, base, fade_in > 0 ? 0.0 : level);
  if (fade_in > 0)
    gst_timed_value_control_source_set (values, base + (GstClockTime) fade_in, level);
  if (fade_out > 0)
    gst_timed_value_control_source_set (values, base + duration - (GstClockTime) fade_out, level);
  gst_timed_value_control_source_set (values, base + duration, fade_out > 0 ? 0.0 : level);

  /* the keyframes are where they belong already: GES's clamping would
   * move them */
  ges_track_element_set_auto_clamp_control_sources (element, FALSE);
  if (!ges_track_element_set_control_source (element, source, property, "direct-absolute"))
    GST_WARNING_OBJECT (element, "could not fade %s", property);
}

void
_rushes_timeline_style_clip (const RushesTimelineStyle *style,
                             GESClip                   *ges_clip,
                             RushesTimelineClip        *clip,
                             gint64                     blend_in,
                             gint64                     blend_out)
{
  gint64 fade_in = rushes_timeline_clip_get_fade_in (clip);
  gint64 fade_out = rushes_timeline_clip_get_fade_out (clip);
  gint64 duration = rushes_timeline_clip_get_duration (clip);
  gint64 alpha_in = MAX (fade_in, blend_in);
  gint64 alpha_out = MAX (fade_out, blend_out);

  /* a fade longer than a crossfade beside it: both ramps fit the clip */
  if (alpha_in + alpha_out > duration && alpha_in + alpha_out > 0)
    {
      alpha_in = alpha_in * duration / (alpha_in + alpha_out);
      alpha_out = duration - alpha_in;
    }
  double volume = rushes_timeline_clip_get_volume (clip);
  GList *children = ges_container_get_children (GES_CONTAINER (ges_clip), FALSE);

  for (GList *l = children; l; l = l->next)
    {
      GESTrackElement *element = l->data;

      if (GES_IS_VIDEO_SOURCE (element))
        set_fades (element, "alpha", 1.0, alpha_in, alpha_out);
      else if (GES_IS_AUDIO_SOURCE (element))
        {
          ges_timeline_element_set_child_properties (GES_TIMELINE_ELEMENT (element),
                                                     "volume", volume, NULL);
          set_fades (element, "volume", volume, fade_in, fade_out);
        }
    }
  g_list_free_full (children, gst_object_unref);
}

/* GstBaseTextOverlay scales its font with the frame's width unless told
 * not to: the title's size is in pixels of the frame's height */
static void
no_auto_resize_cb (const GValue *item,
                   gpointer      data)
{
  GObject *element = g_value_get_object (item);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "auto-resize"))
    g_object_set (element, "auto-resize", FALSE, NULL);
}

static void
keep_font_size (GESTrackElement *source)
{
  GstElement *element = ges_track_element_get_element (source);
  GstIterator *it;

  if (!GST_IS_BIN (element))
    return;
  it = gst_bin_iterate_recurse (GST_BIN (element));
  while (gst_iterator_foreach (it, no_auto_resize_cb, NULL) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (it);
  gst_iterator_free (it);
}

/* GES's own title clip, drawing its text every frame: only where the
 * still (rushes-title-image.c) could not be made */
static GESClip *
add_title_clip (GESLayer   *layer,
                GstClockTime start,
                GstClockTime duration,
                const char *text,
                const char *font,
                double      x,
                double      y)
{
  GESClip *title = GES_CLIP (ges_title_clip_new ());
  GList *children;

  ges_clip_set_supported_formats (title, GES_TRACK_TYPE_VIDEO);
  ges_timeline_element_set_start (GES_TIMELINE_ELEMENT (title), start);
  ges_timeline_element_set_duration (GES_TIMELINE_ELEMENT (title), duration);
  if (!ges_layer_add_clip (layer, title))
    return NULL;

  children = ges_container_get_children (GES_CONTAINER (title), FALSE);
  for (GList *l = children; l; l = l->next)
    if (GES_IS_TITLE_SOURCE (l->data))
      {
        ges_timeline_element_set_child_properties (l->data,
                                                   "text", text,
                                                   "font-desc", font,
                                                   "color", TITLE_TEXT_COLOR,
                                                   "outline-color", TITLE_OUTLINE_COLOR,
                                                   "draw-shadow", TRUE,
                                                   "foreground-color", TITLE_BACKGROUND,
                                                   "halignment", TEXT_HALIGN_POSITION,
                                                   "valignment", TEXT_VALIGN_POSITION,
                                                   "xpos", x,
                                                   "ypos", y,
                                                   NULL);
        keep_font_size (l->data);
      }
  g_list_free_full (children, gst_object_unref);
  return title;
}

/* The title as a still of its text's box, placed where the text goes:
 * the compositor blends only that box */
static GESClip *
add_title_image (const RushesTimelineStyle *style,
                 GESLayer                  *layer,
                 GstClockTime               start,
                 GstClockTime               duration,
                 const char                *text,
                 const char                *font,
                 double                     x,
                 double                     y)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GESAsset) asset = NULL;
  GESClip *clip;
  int bx, by, bw, bh;

  path = _rushes_title_image (text, font, x, y, style->width, style->height,
                              &bx, &by, &bw, &bh, &error);
  uri = path ? g_filename_to_uri (path, NULL, &error) : NULL;
  if (uri)
    asset = GES_ASSET (ges_uri_clip_asset_request_sync (uri, &error));
  if (asset == NULL)
    {
      GST_WARNING ("title “%s” as GES's title clip: %s", text, error ? error->message : "");
      return NULL;
    }
  clip = ges_layer_add_asset (layer, asset, start, 0, duration, GES_TRACK_TYPE_VIDEO);
  if (clip != NULL)
    ges_timeline_element_set_child_properties (GES_TIMELINE_ELEMENT (clip),
                                               "posx", bx, "posy", by,
                                               "width", bw, "height", bh, NULL);
  return clip;
}

GESClip *
_rushes_timeline_add_title (const RushesTimelineStyle *style,
                            GESLayer                  *layer,
                            RushesTimelineClip        *clip)
{
  GstClockTime start = rushes_timeline_clip_get_start (clip);
  GstClockTime duration = rushes_timeline_clip_get_duration (clip);
  double size = rushes_timeline_clip_get_title_size (clip);
  const char *text = rushes_timeline_clip_get_title_text (clip);
  double x = 0.5, y = 0.5;
  char px[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *font = NULL;
  GESClip *title;

  /* pixels of the project's height, scaled to the output's */
  if (size <= 0)
    size = style->project_height / 12.0;
  if (style->project_height > 0)
    size = size * style->height / style->project_height;
  g_ascii_formatd (px, sizeof px, "%.1f", MAX (size, 1.0));
  font = g_strdup_printf ("Sans Bold %spx", px);
  rushes_timeline_clip_get_title_position (clip, &x, &y);
  x = CLAMP (x, 0.0, 1.0);
  y = CLAMP (y, 0.0, 1.0);
  text = text ? text : "";

  title = add_title_image (style, layer, start, duration, text, font, x, y);
  if (title == NULL)
    title = add_title_clip (layer, start, duration, text, font, x, y);
  return title;
}
