/* rushes-take.c: a media file and the recipe that made it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-take"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-core-private.h"
#include "rushes-take-private.h"

#define SIDECAR_SUFFIX ".rushes.json"

G_DEFINE_TYPE (RushesTake, rushes_take, G_TYPE_OBJECT)

G_DEFINE_QUARK (rushes-take-error-quark, rushes_take_error)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_RECIPE,
  PROP_TITLE,
  PROP_RATING,
  PROP_REJECTED,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rushes_take_finalize (GObject *object)
{
  RushesTake *self = RUSHES_TAKE (object);

  g_free (self->path);
  g_free (self->sidecar_path);
  g_free (self->title);
  g_free (self->prompt);
  g_free (self->search_text);
  g_clear_object (&self->recipe);
  g_clear_pointer (&self->info, json_object_unref);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (rushes_take_parent_class)->finalize (object);
}

static void
rushes_take_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RushesTake *self = RUSHES_TAKE (object);

  switch (prop_id)
    {
    case PROP_PATH:   g_value_set_string (value, self->path); break;
    case PROP_RECIPE: g_value_set_object (value, rushes_take_get_recipe (self)); break;
    case PROP_TITLE:  g_value_set_string (value, self->title); break;
    case PROP_RATING: g_value_set_uint (value, self->rating); break;
    case PROP_REJECTED: g_value_set_boolean (value, self->rejected); break;
    case PROP_LABEL:  g_value_set_int (value, self->label); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_take_class_init (RushesTakeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_take_finalize;
  object_class->get_property = rushes_take_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECIPE] = g_param_spec_object ("recipe", NULL, NULL, RUSHES_TYPE_RECIPE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RATING] = g_param_spec_uint ("rating", NULL, NULL, 0, RUSHES_TAKE_MAX_RATING, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                               G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REJECTED] = g_param_spec_boolean ("rejected", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                    G_PARAM_EXPLICIT_NOTIFY);
  /* a RushesTakeLabel */
  properties[PROP_LABEL] = g_param_spec_int ("label", NULL, NULL, 0, RUSHES_TAKE_N_LABELS - 1, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                             G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_take_init (RushesTake *self)
{
}

#define TITLE_MAX_CHARS 40

char *
rushes_take_shorten_prompt (const char *prompt,
                            guint       max_chars)
{
  g_autoptr(GString) str = g_string_new (NULL);
  const char *end;
  const char *cut;

  g_return_val_if_fail (max_chars > 0, NULL);

  /* one space for each run of white space, none at the ends */
  for (const char *p = prompt ? prompt : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (str->len > 0 && str->str[str->len - 1] != ' ')
            g_string_append_c (str, ' ');
        }
      else
        g_string_append_unichar (str, c);
    }
  if (str->len > 0 && str->str[str->len - 1] == ' ')
    g_string_truncate (str, str->len - 1);
  if (g_utf8_strlen (str->str, -1) <= (glong) max_chars)
    return g_string_free (g_steal_pointer (&str), FALSE);

  /* room for the "…": the last word boundary within max_chars - 1 */
  end = g_utf8_offset_to_pointer (str->str, max_chars > 1 ? max_chars - 1 : 1);
  cut = end;
  if (*end != ' ')
    {
      const char *space = g_utf8_strrchr (str->str, end - str->str, ' ');

      if (space != NULL && space > str->str)
        cut = space;
    }
  /* no dangling punctuation before the ellipsis */
  while (cut > str->str)
    {
      const char *prev = g_utf8_prev_char (cut);
      gunichar c = g_utf8_get_char (prev);

      if (!g_unichar_isspace (c) && !(g_unichar_ispunct (c) && c != ')' && c != '"'))
        break;
      cut = prev;
    }
  if (cut == str->str)
    cut = end;
  g_string_truncate (str, cut - str->str);
  g_string_append (str, "…");
  return g_string_free (g_steal_pointer (&str), FALSE);
}

char *
rushes_take_format_title (const char *prompt,
                          guint       variation,
                          gint64      seed)
{
  g_autofree char *shortened = rushes_take_shorten_prompt (prompt, TITLE_MAX_CHARS);
  GString *str = g_string_new (*shortened != '\0' ? shortened : _("Untitled"));

  if (variation > 0)
    g_string_append_printf (str, " · #%u", variation);
  if (seed >= 0)
    {
      g_string_append (str, " · ");
      /* TRANSLATORS: in a take's title: "heron at dawn · #2 · seed 1234" */
      g_string_append_printf (str, _("seed %lld"), (long long) seed);
    }
  return g_string_free (str, FALSE);
}

static const char *
info_string (JsonObject *info,
             const char *member)
{
  JsonNode *node = json_object_get_member (info, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* the title of a take made from the take titled source, by what made it */
static char *
derived_title (const char *operation,
               const char *source)
{
  if (g_strcmp0 (operation, "retake") == 0)
    /* TRANSLATORS: the title of a take with a range regenerated in the take titled %s */
    return g_strdup_printf (_("retake of %s"), source);
  if (g_strcmp0 (operation, "regenerate") == 0)
    /* TRANSLATORS: the title of a new version of the shot titled %s */
    return g_strdup_printf (_("new version of %s"), source);
  if (g_strcmp0 (operation, "extend-end") == 0 || g_strcmp0 (operation, "extend-start") == 0)
    /* TRANSLATORS: the title of a take that extends the take titled %s */
    return g_strdup_printf (_("extension of %s"), source);
  if (g_strcmp0 (operation, "bridge") == 0)
    /* TRANSLATORS: the title of a take bridging the gap after the take titled %s */
    return g_strdup_printf (_("bridge from %s"), source);
  /* TRANSLATORS: the title of a take trimmed from the take titled %s */
  return g_strdup_printf (_("trim of %s"), source);
}

static char *
compute_title (RushesRecipe *recipe,
               JsonObject   *info)
{
  const char *user = info_string (info, "title");
  const char *source;
  JsonNode *node;
  gint64 variation = 0;

  if (user != NULL && *user != '\0')
    return g_strdup (user);

  if (rushes_recipe_get_derived_from (recipe) != NULL)
    {
      g_autofree char *fallback = NULL;

      source = info_string (info, "source_title");
      if (source == NULL || *source == '\0')
        source = fallback = rushes_take_format_title (rushes_recipe_get_prompt (recipe), 0,
                                                      rushes_recipe_get_seed (recipe));
      return derived_title (rushes_recipe_get_lineage_operation (recipe), source);
    }

  node = json_object_get_member (info, "variation");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    variation = json_node_get_int (node);
  return rushes_take_format_title (rushes_recipe_get_prompt (recipe),
                                   (guint) CLAMP (variation, 0, G_MAXUINT),
                                   rushes_recipe_get_seed (recipe));
}

static char *
compute_search_text (RushesTake *self)
{
  g_autofree char *text = g_strconcat (self->prompt ? self->prompt : "", "\n", self->title, NULL);
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

/* a number member of info (whole or not), else fallback */
static double
info_number (JsonObject *info,
             const char *member,
             double      fallback)
{
  JsonNode *node = json_object_get_member (info, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64))
    return json_node_get_double (node);
  return fallback;
}

/* what the take keeps of its recipe and info: what the library shows,
 * searches, sorts and filters on */
static void
update_from (RushesTake   *self,
             RushesRecipe *recipe,
             JsonObject   *info,
             gboolean      warn)
{
  JsonNode *sweep = json_object_get_member (info, "sweep");

  g_free (self->prompt);
  self->prompt = g_strdup (rushes_recipe_get_prompt (recipe));
  self->backend = g_intern_string (rushes_recipe_get_backend (recipe));
  self->model = g_intern_string (rushes_recipe_get_model (recipe));
  self->sweep_id = sweep != NULL && JSON_NODE_HOLDS_OBJECT (sweep)
                   ? g_intern_string (info_string (json_node_get_object (sweep), "id")) : NULL;
  self->seconds = info_number (info, "duration", rushes_recipe_get_seconds (recipe));
  /* an imported file's own size, which a recipe may not hold */
  self->width = (guint) json_object_get_int_member_with_default (info, "width", rushes_recipe_get_width (recipe));
  self->height = (guint) json_object_get_int_member_with_default (info, "height", rushes_recipe_get_height (recipe));
  g_free (self->title);
  self->title = compute_title (recipe, info);
  g_free (self->search_text);
  self->search_text = compute_search_text (self);
  _rushes_take_read_culling (self, info, warn);
}

static void
append_safe (GString    *str,
             const char *text,
             const char *fallback)
{
  gsize start = str->len;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '-')
        g_string_append_c (str, g_ascii_tolower (*p));
      else if (str->len > start && str->str[str->len - 1] != '-')
        g_string_append_c (str, '-');
    }
  while (str->len > start && (str->str[str->len - 1] == '-' || str->str[str->len - 1] == '.'))
    g_string_truncate (str, str->len - 1);
  if (str->len - start > 40)
    g_string_truncate (str, start + 40);
  if (str->len == start || str->str[start] == '.')
    {
      g_string_truncate (str, start);
      g_string_append (str, fallback);
    }
}

char *
rushes_take_build_basename (RushesRecipe *recipe,
                            const char   *job_id,
                            GDateTime    *created)
{
  GString *str = g_string_new (NULL);
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  if (created == NULL)
    created = now = g_date_time_new_now_local ();
  date = g_date_time_format (created, "%Y-%m-%d");
  g_string_append (str, date);
  g_string_append_c (str, '_');
  append_safe (str, rushes_recipe_get_backend (recipe), "backend");
  g_string_append_c (str, '-');
  append_safe (str, rushes_recipe_get_model (recipe), "default");
  g_string_append_c (str, '_');
  if (rushes_recipe_get_seed (recipe) == RUSHES_RECIPE_SEED_RANDOM)
    g_string_append (str, "random");
  else
    g_string_append_printf (str, "%" G_GINT64_FORMAT, rushes_recipe_get_seed (recipe));
  g_string_append_c (str, '_');
  {
    g_autoptr(GString) short_id = g_string_new (NULL);

    for (const char *p = job_id; *p && short_id->len < 8; p++)
      if (g_ascii_isxdigit (*p))
        g_string_append_c (short_id, g_ascii_tolower (*p));
    g_string_append (str, short_id->len ? short_id->str : "take");
  }

  return g_string_free (str, FALSE);
}

char *
rushes_take_sidecar_path_for (const char *media_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  g_return_val_if_fail (media_path != NULL, NULL);

  dir = g_path_get_dirname (media_path);
  base = g_path_get_basename (media_path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, SIDECAR_SUFFIX, NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
rushes_take_write_sidecar (const char    *media_path,
                           RushesRecipe  *recipe,
                           JsonObject    *info,
                           GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *base = NULL;
  g_autofree char *data = NULL;
  JsonObject *take;

  g_return_val_if_fail (media_path != NULL, FALSE);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);

  root = rushes_recipe_to_json_node (recipe);
  take = json_object_new ();
  if (info != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (info);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (take, l->data, json_node_copy (json_object_get_member (info, l->data)));
    }
  base = g_path_get_basename (media_path);
  json_object_set_string_member (take, "file", base);
  json_object_set_object_member (json_node_get_object (root), "take", take);

  sidecar = rushes_take_sidecar_path_for (media_path);
  data = _rushes_json_to_string (root, TRUE);
  return _rushes_write_file_atomic (sidecar, data, -1, 0644, error);
}

/* the recipe and the "take" object of a sidecar */
static gboolean
read_sidecar (const char    *sidecar_path,
              RushesRecipe **recipe,
              JsonObject   **info,
              GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  root = _rushes_json_from_file (sidecar_path, &local_error);
  if (root == NULL)
    {
      g_set_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR,
                   _("Could not read %s: %s"), sidecar_path, local_error->message);
      return FALSE;
    }
  *recipe = rushes_recipe_new_from_json_node (root, &local_error);
  if (*recipe == NULL)
    {
      g_set_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR,
                   _("%s holds no valid recipe: %s"), sidecar_path, local_error->message);
      return FALSE;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "take") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "take")))
    *info = json_object_ref (json_object_get_object_member (object, "take"));
  else
    *info = json_object_new ();
  return TRUE;
}

RushesTake *
rushes_take_new_from_sidecar (const char  *sidecar_path,
                              GError     **error)
{
  g_autoptr(RushesTake) self = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *dir = NULL;
  const char *file;
  const char *created;

  g_return_val_if_fail (sidecar_path != NULL, NULL);

  if (!read_sidecar (sidecar_path, &recipe, &info, error))
    return NULL;

  self = g_object_new (RUSHES_TYPE_TAKE, NULL);
  file = json_object_get_string_member_with_default (info, "file", NULL);
  if (file == NULL || *file == '\0' || strchr (file, '/') != NULL || g_str_equal (file, ".."))
    {
      g_set_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR,
                   _("%s does not name its media file"), sidecar_path);
      return NULL;
    }
  dir = g_path_get_dirname (sidecar_path);
  self->path = g_build_filename (dir, file, NULL);
  self->sidecar_path = g_strdup (sidecar_path);
  if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_MISSING_MEDIA,
                   _("The media file %s is missing"), self->path);
      return NULL;
    }

  created = json_object_get_string_member_with_default (info, "created", NULL);
  if (created != NULL)
    self->created = g_date_time_new_from_iso8601 (created, NULL);
  if (self->created == NULL)
    {
      g_autoptr(GFile) gfile = g_file_new_for_path (self->path);
      g_autoptr(GFileInfo) finfo = g_file_query_info (gfile, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                      G_FILE_QUERY_INFO_NONE, NULL, NULL);

      if (finfo != NULL)
        self->created = g_file_info_get_modification_date_time (finfo);
      if (self->created == NULL)
        self->created = g_date_time_new_now_local ();
    }
  /* the recipe and info go: read again when asked for */
  update_from (self, recipe, info, TRUE);

  return g_steal_pointer (&self);
}

/* The sidecar again, for its recipe and info. Should it have become
 * unreadable since the scan, the take keeps going on what it holds. */
static void
ensure_loaded (RushesTake *self)
{
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;

  if (self->recipe != NULL && self->info != NULL)
    return;
  if (!read_sidecar (self->sidecar_path, &recipe, &info, &error))
    {
      g_warning ("%s", error->message);
      recipe = rushes_recipe_new ();
      rushes_recipe_set_prompt (recipe, self->prompt);
      rushes_recipe_set_backend (recipe, self->backend);
      rushes_recipe_set_model (recipe, self->model);
      info = json_object_new ();
    }
  if (self->recipe == NULL)
    self->recipe = g_steal_pointer (&recipe);
  if (self->info == NULL)
    self->info = g_steal_pointer (&info);
}

RushesRecipe *
_rushes_take_peek_recipe (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->recipe;
}

const char *
rushes_take_get_path (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->path;
}

const char *
rushes_take_get_sidecar_path (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->sidecar_path;
}

RushesRecipe *
rushes_take_get_recipe (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  ensure_loaded (self);
  return self->recipe;
}

const char *
rushes_take_get_title (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->title;
}

gboolean
_rushes_take_edit_info (RushesTake          *self,
                        RushesTakeEditFunc   edit,
                        gpointer             data,
                        GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonObject *take;

  /* everything else in the sidecar stays as it is */
  root = _rushes_json_from_file (self->sidecar_path, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR,
                   _("Could not read %s: %s"), self->sidecar_path,
                   local_error ? local_error->message : _("not a JSON object"));
      return FALSE;
    }
  take = json_object_get_member (json_node_get_object (root), "take") != NULL &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "take"))
         ? json_object_get_object_member (json_node_get_object (root), "take") : NULL;
  if (take == NULL)
    {
      take = json_object_new ();
      json_object_set_object_member (json_node_get_object (root), "take", take);
    }
  edit (take, data);

  text = _rushes_json_to_string (root, TRUE);
  if (!_rushes_write_file_atomic (self->sidecar_path, text, -1, 0644, error))
    return FALSE;

  /* the info held (if it was read) is the one just written */
  if (self->info != NULL)
    {
      json_object_unref (self->info);
      self->info = json_object_ref (take);
    }
  {
    g_autoptr(RushesRecipe) recipe = self->recipe != NULL ? g_object_ref (self->recipe)
                                     : rushes_recipe_new_from_json_node (root, NULL);

    if (recipe == NULL)
      recipe = g_object_ref (rushes_take_get_recipe (self));
    update_from (self, recipe, take, FALSE);
  }
  return TRUE;
}

static void
set_title_member (JsonObject *take,
                  gpointer    data)
{
  const char *clean = data;

  if (*clean != '\0')
    json_object_set_string_member (take, "title", clean);
  else if (json_object_has_member (take, "title"))
    json_object_remove_member (take, "title");
}

gboolean
rushes_take_rename (RushesTake  *self,
                    const char  *title,
                    GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (RUSHES_IS_TAKE (self), FALSE);

  /* the title on one line, as typed otherwise */
  clean = rushes_take_shorten_prompt (title, G_MAXINT);
  if (!_rushes_take_edit_info (self, set_title_member, clean, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  return TRUE;
}

char *
rushes_take_dup_title_for_path (const char *media_path)
{
  g_autofree char *sidecar = NULL;
  g_autoptr(RushesTake) take = NULL;

  g_return_val_if_fail (media_path != NULL, NULL);

  sidecar = rushes_take_sidecar_path_for (media_path);
  if (!g_file_test (sidecar, G_FILE_TEST_IS_REGULAR))
    return NULL;
  take = rushes_take_new_from_sidecar (sidecar, NULL);
  return take != NULL ? g_strdup (take->title) : NULL;
}

const char *
rushes_take_get_job_id (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return json_object_get_string_member_with_default (rushes_take_get_info (self), "job_id", NULL);
}

const char *
rushes_take_get_backend_id (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->backend;
}

GDateTime *
rushes_take_get_created (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->created;
}

JsonObject *
rushes_take_get_info (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  ensure_loaded (self);
  return self->info;
}

double
rushes_take_get_seconds (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), 0);
  return self->seconds;
}

const char *
rushes_take_get_sweep_id (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->sweep_id;
}

const char *
rushes_take_get_prompt (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->prompt;
}

const char *
rushes_take_get_model (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->model;
}

guint
rushes_take_get_width (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), 0);
  return self->width;
}

guint
rushes_take_get_height (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), 0);
  return self->height;
}

const char *
rushes_take_get_search_text (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), NULL);
  return self->search_text;
}
