/* rushes-take-query.c: which takes the library shows, and in what order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-library"

#include "config.h"

#include <string.h>

#include "rushes-take-query.h"

RushesTakeQuery *
rushes_take_query_new (void)
{
  return g_new0 (RushesTakeQuery, 1);
}

void
rushes_take_query_free (RushesTakeQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->search);
  g_strfreev (query->search_words);
  g_free (query->backend);
  g_free (query->model);
  g_free (query->sweep_id);
  g_clear_pointer (&query->after, g_date_time_unref);
  g_clear_pointer (&query->before, g_date_time_unref);
  g_free (query);
}

/* backend:ID, model:NAME, sweep:ID narrow the search (ids and model
 * names are compared without case) */
static gboolean
search_token (RushesTakeQuery *query,
              const char      *word)
{
  static const struct
  {
    const char *prefix;
    gsize       offset;
  } tokens[] = {
    { "backend:", G_STRUCT_OFFSET (RushesTakeQuery, backend) },
    { "model:", G_STRUCT_OFFSET (RushesTakeQuery, model) },
    { "sweep:", G_STRUCT_OFFSET (RushesTakeQuery, sweep_id) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (g_str_has_prefix (word, tokens[i].prefix))
      {
        /* "model:" alone, still being typed, narrows nothing yet */
        if (word[strlen (tokens[i].prefix)] != '\0')
          rushes_take_query_set_string (G_STRUCT_MEMBER_P (query, tokens[i].offset),
                                        word + strlen (tokens[i].prefix));
        return TRUE;
      }
  return FALSE;
}

void
rushes_take_query_set_search (RushesTakeQuery *query,
                              const char      *text)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (query != NULL);

  g_free (query->search);
  query->search = g_strdup (text);
  g_clear_pointer (&query->search_words, g_strfreev);
  g_clear_pointer (&query->backend, g_free);
  g_clear_pointer (&query->model, g_free);
  g_clear_pointer (&query->sweep_id, g_free);
  if (text == NULL)
    return;

  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (normal != NULL ? normal : "", -1);
  /* any white space separates words */
  for (char *p = folded; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      *p = ' ';
  words = g_strsplit (folded, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (!search_token (query, words[i]) && words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);
  query->search_words = g_strv_builder_end (builder);
  if (query->search_words[0] == NULL)
    g_clear_pointer (&query->search_words, g_strfreev);
}

void
rushes_take_query_set_string (char       **field,
                              const char  *value)
{
  g_return_if_fail (field != NULL);

  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
rushes_take_query_is_default (const RushesTakeQuery *query)
{
  g_return_val_if_fail (query != NULL, TRUE);

  return query->search_words == NULL && query->min_rating == 0 && query->backend == NULL &&
         query->model == NULL && query->after == NULL && query->before == NULL &&
         query->sweep_id == NULL && query->label == RUSHES_TAKE_LABEL_NONE && !query->show_rejected;
}

/* a filter on a name: NULL lets anything through; ASCII case does not count */
static gboolean
same_name (const char *want,
           const char *have)
{
  return want == NULL || (have != NULL && g_ascii_strcasecmp (want, have) == 0);
}

gboolean
rushes_take_matches (RushesTake            *take,
                     const RushesTakeQuery *query)
{
  GDateTime *created;

  g_return_val_if_fail (RUSHES_IS_TAKE (take), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  if (!query->show_rejected && rushes_take_get_rejected (take))
    return FALSE;
  if (rushes_take_get_rating (take) < query->min_rating)
    return FALSE;
  if (query->label != RUSHES_TAKE_LABEL_NONE && rushes_take_get_label (take) != query->label)
    return FALSE;

  /* what the take holds: its recipe is not read from the sidecar again */
  if (!same_name (query->backend, rushes_take_get_backend_id (take)) ||
      !same_name (query->model, rushes_take_get_model (take)) ||
      !same_name (query->sweep_id, rushes_take_get_sweep_id (take)))
    return FALSE;

  created = rushes_take_get_created (take);
  if (query->after != NULL && g_date_time_compare (created, query->after) < 0)
    return FALSE;
  if (query->before != NULL && g_date_time_compare (created, query->before) >= 0)
    return FALSE;

  for (guint i = 0; query->search_words != NULL && query->search_words[i] != NULL; i++)
    if (strstr (rushes_take_get_search_text (take), query->search_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

int
rushes_take_compare (RushesTake     *a,
                     RushesTake     *b,
                     RushesTakeSort  sort)
{
  int cmp = 0;

  g_return_val_if_fail (RUSHES_IS_TAKE (a) && RUSHES_IS_TAKE (b), 0);

  switch (sort)
    {
    case RUSHES_TAKE_SORT_RATING:
      cmp = (int) rushes_take_get_rating (b) - (int) rushes_take_get_rating (a);
      break;
    case RUSHES_TAKE_SORT_DURATION:
      {
        double da = rushes_take_get_seconds (a);
        double db = rushes_take_get_seconds (b);

        cmp = (db > da) - (db < da);
      }
      break;
    case RUSHES_TAKE_SORT_DATE:
    default:
      break;
    }
  if (cmp == 0)
    cmp = g_date_time_compare (rushes_take_get_created (b), rushes_take_get_created (a));
  if (cmp == 0)
    cmp = g_strcmp0 (rushes_take_get_path (a), rushes_take_get_path (b));
  return cmp;
}

static const char * const sort_names[] = { "date", "rating", "duration" };

const char *
rushes_take_sort_to_string (RushesTakeSort sort)
{
  g_return_val_if_fail (sort < G_N_ELEMENTS (sort_names), NULL);
  return sort_names[sort];
}

gboolean
rushes_take_sort_from_string (const char     *name,
                              RushesTakeSort *sort)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (name, sort_names[i]))
      {
        *sort = i;
        return TRUE;
      }
  return FALSE;
}
