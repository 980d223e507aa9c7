/* rushes-sse.c: incremental parser for server-sent events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-sse"

#include "config.h"

#include <string.h>

#include "rushes-sse.h"

struct _RushesSseParser
{
  RushesSseFunc func;
  gpointer user_data;
  gsize max_event_size;
  GString *line;        /* current, incomplete line */
  GString *data;        /* data lines of the current event */
  char *event;          /* event name of the current event */
  gboolean has_data;
  gboolean last_was_cr; /* a CR ended the previous chunk: skip a leading LF */
};

RushesSseParser *
rushes_sse_parser_new (RushesSseFunc func,
                       gpointer      user_data,
                       gsize         max_event_size)
{
  RushesSseParser *parser = g_new0 (RushesSseParser, 1);

  parser->func = func;
  parser->user_data = user_data;
  parser->max_event_size = max_event_size ? max_event_size : 16 * 1024 * 1024;
  parser->line = g_string_new (NULL);
  parser->data = g_string_new (NULL);
  return parser;
}

void
rushes_sse_parser_free (RushesSseParser *parser)
{
  if (parser == NULL)
    return;
  g_string_free (parser->line, TRUE);
  g_string_free (parser->data, TRUE);
  g_free (parser->event);
  g_free (parser);
}

/* Handles one complete line; FALSE stops. */
static gboolean
process_line (RushesSseParser *parser)
{
  const char *line = parser->line->str;
  const char *colon, *value;
  g_autofree char *field = NULL;

  if (parser->line->len == 0)
    {
      gboolean go_on = TRUE;

      if (parser->has_data)
        go_on = parser->func (parser->event ? parser->event : "message",
                              parser->data->str, parser->user_data);
      g_string_truncate (parser->data, 0);
      g_clear_pointer (&parser->event, g_free);
      parser->has_data = FALSE;
      return go_on;
    }

  if (line[0] == ':')
    return TRUE;

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      field = g_strndup (line, colon - line);
      value = colon + 1;
      if (*value == ' ')
        value++;
    }
  else
    {
      field = g_strdup (line);
      value = "";
    }

  if (strcmp (field, "event") == 0)
    {
      g_free (parser->event);
      parser->event = g_strdup (value);
    }
  else if (strcmp (field, "data") == 0)
    {
      if (parser->has_data)
        g_string_append_c (parser->data, '\n');
      g_string_append (parser->data, value);
      parser->has_data = TRUE;
    }
  /* "id" and "retry" do not matter here */
  return TRUE;
}

gboolean
rushes_sse_parser_feed (RushesSseParser *parser,
                        const char      *data,
                        gsize            length,
                        gboolean        *overflow)
{
  if (overflow)
    *overflow = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (parser->last_was_cr)
        {
          parser->last_was_cr = FALSE;
          if (c == '\n')
            continue;
        }
      if (c == '\r' || c == '\n')
        {
          parser->last_was_cr = c == '\r';
          if (!process_line (parser))
            return FALSE;
          g_string_truncate (parser->line, 0);
          continue;
        }
      g_string_append_c (parser->line, c);
      if (parser->line->len + parser->data->len > parser->max_event_size)
        {
          if (overflow)
            *overflow = TRUE;
          return FALSE;
        }
    }
  return TRUE;
}
