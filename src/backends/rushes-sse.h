/* rushes-sse.h: incremental parser for server-sent events (text/event-stream)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hand-written because neither libcurl nor libsoup 3.2 parses event streams;
 * it follows the WHATWG "event stream interpretation" rules that matter for
 * Gradio: "event:" and "data:" fields (several data lines joined with "\n"),
 * comments (":") ignored, an event dispatched on a blank line, LF / CRLF / CR
 * line ends, lines split across network chunks. Not thread-safe: one parser
 * per stream.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* event is "message" when the stream named none. Return FALSE to stop. */
typedef gboolean (*RushesSseFunc) (const char *event,
                                   const char *data,
                                   gpointer    user_data);

typedef struct _RushesSseParser RushesSseParser;

RushesSseParser *rushes_sse_parser_new  (RushesSseFunc    func,
                                         gpointer         user_data,
                                         gsize            max_event_size);
/* Returns FALSE when the callback asked to stop or an event grew beyond
 * max_event_size (then *overflow is set when non-NULL). */
gboolean         rushes_sse_parser_feed (RushesSseParser *parser,
                                         const char      *data,
                                         gsize            length,
                                         gboolean        *overflow);
void             rushes_sse_parser_free (RushesSseParser *parser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesSseParser, rushes_sse_parser_free)

G_END_DECLS
