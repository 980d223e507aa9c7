/* rushes-frame-ref.c: "PATH@T", a frame of a video or a still image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-frame-ref"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-frame-ref.h"

G_DEFINE_QUARK (rushes-frame-ref-error-quark, rushes_frame_ref_error)

void
rushes_frame_ref_clear (RushesFrameRef *ref)
{
  g_return_if_fail (ref != NULL);

  g_clear_pointer (&ref->path, g_free);
  ref->kind = RUSHES_FRAME_REF_NONE;
  ref->seconds = 0;
  ref->frame = 0;
}

/* digits only, at least one */
static gboolean
parse_digits (const char *text,
              gsize       len,
              guint64    *out)
{
  g_autofree char *copy = g_strndup (text, len);

  if (len == 0 || len > 15)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT64, out, NULL);
}

/* "2", "2.5", ".5": digits with at most one '.' */
static gboolean
parse_decimal (const char *text,
               double     *out)
{
  gboolean dot = FALSE;
  gboolean digit = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (*p == '.' && !dot)
        dot = TRUE;
      else if (g_ascii_isdigit (*p))
        digit = TRUE;
      else
        return FALSE;
    }
  if (!digit || strlen (text) > 24)
    return FALSE;
  *out = g_ascii_strtod (text, NULL);
  return isfinite (*out);
}

/* "H:MM:SS", "H:MM:SS.mmm" (SECONDS) or "H:MM:SS:FF" (TIMECODE) */
static gboolean
parse_timecode (const char     *text,
                RushesFrameRef *ref)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  guint64 hours, minutes, whole, frames;
  const char *dot;
  double seconds;

  if (n != 3 && n != 4)
    return FALSE;
  if (!parse_digits (parts[0], strlen (parts[0]), &hours) ||
      strlen (parts[1]) != 2 || !parse_digits (parts[1], 2, &minutes) || minutes >= 60)
    return FALSE;

  dot = strchr (parts[2], '.');
  if (n == 4 && dot != NULL)
    return FALSE;
  if (!parse_digits (parts[2], dot ? (gsize) (dot - parts[2]) : strlen (parts[2]), &whole) ||
      (dot ? dot - parts[2] : (gssize) strlen (parts[2])) != 2 || whole >= 60)
    return FALSE;
  if (!parse_decimal (parts[2], &seconds))
    return FALSE;

  seconds += (double) (hours * 3600 + minutes * 60);
  if (n == 3)
    {
      ref->kind = RUSHES_FRAME_REF_SECONDS;
      ref->seconds = seconds;
      return TRUE;
    }
  if (!parse_digits (parts[3], strlen (parts[3]), &frames))
    return FALSE;
  ref->kind = RUSHES_FRAME_REF_TIMECODE;
  ref->seconds = seconds;
  ref->frame = frames;
  return TRUE;
}

static gboolean
parse_time (const char     *text,
            RushesFrameRef *ref)
{
  gsize len = strlen (text);

  if (g_strcmp0 (text, "end") == 0)
    {
      ref->kind = RUSHES_FRAME_REF_END;
      return TRUE;
    }
  if (len > 1 && text[len - 1] == 'f')
    {
      if (!parse_digits (text, len - 1, &ref->frame))
        return FALSE;
      ref->kind = RUSHES_FRAME_REF_FRAME;
      return TRUE;
    }
  if (strchr (text, ':') != NULL)
    return parse_timecode (text, ref);
  if (!parse_decimal (text, &ref->seconds))
    return FALSE;
  ref->kind = RUSHES_FRAME_REF_SECONDS;
  return TRUE;
}

gboolean
rushes_frame_ref_parse (const char      *spec,
                        RushesFrameRef  *out,
                        GError         **error)
{
  RushesFrameRef ref = { NULL, RUSHES_FRAME_REF_NONE, 0, 0 };
  const char *at;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rushes_frame_ref_clear (out);

  at = strrchr (spec, '@');
  /* an existing file's name is never cut at its '@' */
  if (at == NULL || g_file_test (spec, G_FILE_TEST_IS_REGULAR))
    {
      if (spec[0] == '\0')
        {
          g_set_error_literal (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID,
                               _("No image was given"));
          return FALSE;
        }
      out->path = g_strdup (spec);
      return TRUE;
    }

  if (at == spec)
    {
      g_set_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID,
                   _("“%s” names no file before the “@”"), spec);
      return FALSE;
    }
  if (!parse_time (at + 1, &ref))
    {
      g_set_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID,
                   /* Translators: do not translate the examples after the colons */
                   _("“%s” is not a frame: after “@” give seconds (2.5), a timecode "
                     "(00:00:02.500, or 00:00:02:12 with frames), frames (105f) or “end”"),
                   spec);
      return FALSE;
    }

  ref.path = g_strndup (spec, at - spec);
  *out = ref;
  return TRUE;
}

static char *
describe (const RushesFrameRef *ref,
          gboolean              words)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  guint64 whole;

  switch (ref->kind)
    {
    case RUSHES_FRAME_REF_SECONDS:
      g_ascii_formatd (number, sizeof number, "%.6g", ref->seconds);
      return words ? g_strdup_printf (_("%s s"), number) : g_strdup (number);
    case RUSHES_FRAME_REF_TIMECODE:
      whole = (guint64) ref->seconds;
      return g_strdup_printf ("%02" G_GUINT64_FORMAT ":%02" G_GUINT64_FORMAT ":%02" G_GUINT64_FORMAT
                              ":%02" G_GUINT64_FORMAT,
                              whole / 3600, whole / 60 % 60, whole % 60, ref->frame);
    case RUSHES_FRAME_REF_FRAME:
      return words ? g_strdup_printf (_("frame %" G_GUINT64_FORMAT), ref->frame)
                   : g_strdup_printf ("%" G_GUINT64_FORMAT "f", ref->frame);
    case RUSHES_FRAME_REF_END:
      return g_strdup (words ? _("the last frame") : "end");
    case RUSHES_FRAME_REF_NONE:
    default:
      return g_strdup ("");
    }
}

char *
rushes_frame_ref_to_string (const RushesFrameRef *ref)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (ref != NULL && ref->path != NULL, NULL);

  if (ref->kind == RUSHES_FRAME_REF_NONE)
    return g_strdup (ref->path);
  time = describe (ref, FALSE);
  return g_strconcat (ref->path, "@", time, NULL);
}

char *
rushes_frame_ref_describe_time (const RushesFrameRef *ref)
{
  g_return_val_if_fail (ref != NULL, NULL);

  return describe (ref, TRUE);
}

gint64
rushes_frame_ref_frame_index (const RushesFrameRef *ref,
                              int                   fps_n,
                              int                   fps_d)
{
  double fps;

  g_return_val_if_fail (ref != NULL, 0);

  fps = (fps_n > 0 && fps_d > 0) ? (double) fps_n / fps_d : 0;
  switch (ref->kind)
    {
    case RUSHES_FRAME_REF_END:
      return -1;
    case RUSHES_FRAME_REF_FRAME:
      return (gint64) MIN (ref->frame, (guint64) G_MAXINT64);
    case RUSHES_FRAME_REF_SECONDS:
      /* the frame on screen at that time; a hair of slack for 2.5 × 24 */
      return (gint64) floor (ref->seconds * fps + 1e-6);
    case RUSHES_FRAME_REF_TIMECODE:
      return (gint64) floor (ref->seconds * fps + 1e-6) + (gint64) ref->frame;
    case RUSHES_FRAME_REF_NONE:
    default:
      return 0;
    }
}

char *
rushes_frame_ref_stored_path (const char *take_path,
                              gboolean    end)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  g_return_val_if_fail (take_path != NULL, NULL);

  dir = g_path_get_dirname (take_path);
  base = g_path_get_basename (take_path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, end ? ".end.png" : ".start.png", NULL);
  return g_build_filename (dir, name, NULL);
}
