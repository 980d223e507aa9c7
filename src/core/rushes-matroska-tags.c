/* rushes-matroska-tags.c: plain text in a Matroska / WebM file's tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Walks the EBML element headers only (Segment → Tags → Tag → SimpleTag)
 * with pread, so a long file costs a few reads per cluster, and rewrites a
 * TagString's bytes with pwrite: same element size, same size-field width,
 * the plain text, then a Void element over what is left.
 */
#define G_LOG_DOMAIN "rushes-matroska-tags"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-matroska-tags.h"

#define ID_EBML       0x1A45DFA3
#define ID_SEGMENT    0x18538067
#define ID_TAGS       0x1254C367
#define ID_TAG        0x7373
#define ID_SIMPLETAG  0x67C8
#define ID_TAGSTRING  0x4487
#define ID_VOID       0xEC

/* a tag larger than this is nobody's recipe */
#define MAX_TAG_STRING (16 * 1024 * 1024)

typedef struct
{
  guint32 id;
  guint64 start;      /* offset of the ID */
  guint   size_width; /* bytes of the size field */
  guint64 data;       /* offset of the data */
  guint64 size;       /* G_MAXUINT64: unknown */
} Element;

typedef struct
{
  int     fd;
  guint64 file_size;
  guint   unwrapped;
  GError *error;
} Walk;

static gboolean
read_at (Walk    *w,
         guint64  offset,
         guint8  *buf,
         gsize    len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (w->fd, buf + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

/* An EBML variable-length integer at offset: an ID keeps its marker bit, a
 * size does not (all ones: unknown). */
static gboolean
read_vint (Walk     *w,
           guint64   offset,
           gboolean  is_id,
           guint64  *value,
           guint    *width)
{
  guint8 buf[8];
  guint len = 1;
  guint64 v;
  gboolean all_ones;

  if (!read_at (w, offset, buf, 1) || buf[0] == 0)
    return FALSE;
  while (!(buf[0] & (0x80 >> (len - 1))))
    len++;
  if ((is_id && len > 4) || !read_at (w, offset, buf, len))
    return FALSE;
  v = is_id ? buf[0] : (buf[0] & (0xFF >> len));
  all_ones = v == (guint64) (0xFF >> len);
  for (guint i = 1; i < len; i++)
    {
      v = (v << 8) | buf[i];
      all_ones = all_ones && buf[i] == 0xFF;
    }
  *value = (!is_id && all_ones) ? G_MAXUINT64 : v;
  *width = len;
  return TRUE;
}

static gboolean
read_element (Walk    *w,
              guint64  offset,
              Element *e)
{
  guint64 id;
  guint id_width;

  if (!read_vint (w, offset, TRUE, &id, &id_width) ||
      !read_vint (w, offset + id_width, FALSE, &e->size, &e->size_width))
    return FALSE;
  e->id = (guint32) id;
  e->start = offset;
  e->data = offset + id_width + e->size_width;
  return e->data <= w->file_size;
}

static void
put_vint (guint8  *out,
          guint64  value,
          guint    width)
{
  for (guint i = 0; i < width; i++)
    out[width - 1 - i] = (value >> (8 * i)) & 0xFF;
  out[0] |= 0x80 >> (width - 1);
}

char *
rushes_matroska_unwrap_string (const char *text,
                               gsize       length)
{
  g_autoptr(GString) out = NULL;
  gsize i = 1;

  if (length < 2 || text[0] != '"' || text[length - 1] != '"')
    return NULL;
  out = g_string_sized_new (length);
  while (i < length - 1)
    {
      char c = text[i];

      if (c == '"' || c == '\0')
        return NULL;
      if (c != '\\')
        {
          g_string_append_c (out, c);
          i++;
          continue;
        }
      if (++i >= length - 1)
        return NULL;
      if (text[i] >= '0' && text[i] <= '3')
        {
          /* \ooo: one byte in octal */
          if (i + 2 >= length - 1 ||
              text[i + 1] < '0' || text[i + 1] > '7' || text[i + 2] < '0' || text[i + 2] > '7')
            return NULL;
          g_string_append_c (out, (char) (((text[i] - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
          i += 3;
        }
      else
        g_string_append_c (out, text[i++]);
    }
  if (!g_utf8_validate (out->str, out->len, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
write_at (Walk         *w,
          guint64       offset,
          const guint8 *buf,
          gsize         len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pwrite (w->fd, buf + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;

          g_set_error (&w->error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write the tags: %s"), g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static gboolean
unwrap_tag_string (Walk          *w,
                   const Element *e)
{
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree guint8 *out = NULL;
  gsize plain_len, rest, out_len;
  guint void_width = 0;

  if (e->size < 2 || e->size > MAX_TAG_STRING)
    return TRUE;
  text = g_malloc (e->size);
  if (!read_at (w, e->data, (guint8 *) text, e->size))
    return TRUE;
  /* EBML strings may be padded with NULs (matroskamux writes one) */
  if ((plain = rushes_matroska_unwrap_string (text, strnlen (text, e->size))) == NULL)
    return TRUE;

  /* the two quotes alone leave room for the smallest Void (2 bytes) */
  plain_len = strlen (plain);
  rest = e->size - plain_len;
  for (guint width = 1; width <= 8 && void_width == 0; width++)
    if (rest >= 1 + width && rest - 1 - width < ((G_GUINT64_CONSTANT (1) << (7 * width)) - 1))
      void_width = width;
  if (void_width == 0 || (e->size_width < 8 && plain_len >= (G_GUINT64_CONSTANT (1) << (7 * e->size_width)) - 1))
    return TRUE;

  out_len = e->size_width + e->size;
  out = g_malloc0 (out_len);
  put_vint (out, plain_len, e->size_width);
  memcpy (out + e->size_width, plain, plain_len);
  out[e->size_width + plain_len] = ID_VOID;
  put_vint (out + e->size_width + plain_len + 1, rest - 1 - void_width, void_width);
  if (!write_at (w, e->data - e->size_width, out, out_len))
    return FALSE;
  w->unwrapped++;
  return TRUE;
}

/* the children of [from, to) with the given IDs: masters are walked into,
 * TagStrings rewritten */
static gboolean
walk (Walk    *w,
      guint64  from,
      guint64  to,
      guint    depth)
{
  guint64 pos = from;

  while (pos < to)
    {
      Element e;

      if (!read_element (w, pos, &e) || e.size == G_MAXUINT64 || e.data + e.size > to)
        return TRUE; /* unknown size or damage: leave the rest alone */

      switch (e.id)
        {
        case ID_TAGS:
        case ID_TAG:
        case ID_SIMPLETAG:
          if (depth < 8 && !walk (w, e.data, e.data + e.size, depth + 1))
            return FALSE;
          break;
        case ID_TAGSTRING:
          if (!unwrap_tag_string (w, &e))
            return FALSE;
          break;
        default:
          break;
        }
      pos = e.data + e.size;
    }
  return TRUE;
}

gboolean
rushes_matroska_unwrap_tags (const char  *path,
                             guint       *n_unwrapped,
                             GError     **error)
{
  Walk w = { -1, 0, 0, NULL };
  GStatBuf st;
  Element e;
  guint64 pos = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (n_unwrapped)
    *n_unwrapped = 0;
  w.fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (w.fd < 0 || fstat (w.fd, &st) != 0)
    {
      int saved = errno;

      if (w.fd >= 0)
        close (w.fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  w.file_size = st.st_size;

  /* EBML header, then the Segments */
  if (read_element (&w, 0, &e) && e.id == ID_EBML && e.size != G_MAXUINT64)
    {
      pos = e.data + e.size;
      while (w.error == NULL && pos < w.file_size && read_element (&w, pos, &e) && e.id == ID_SEGMENT)
        {
          guint64 end = e.size == G_MAXUINT64 ? w.file_size : MIN (e.data + e.size, w.file_size);

          if (!walk (&w, e.data, end, 0) || e.size == G_MAXUINT64)
            break;
          pos = end;
        }
    }
  close (w.fd);

  if (w.error != NULL)
    {
      g_propagate_error (error, w.error);
      return FALSE;
    }
  if (n_unwrapped)
    *n_unwrapped = w.unwrapped;
  return TRUE;
}
