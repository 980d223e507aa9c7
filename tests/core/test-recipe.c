/* test-recipe.c: RushesRecipe JSON and validation, backend capability checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rushes-recipe.h"
#include "rushes-backend.h"
#include "rushes-frame-ref.h"

static RushesRecipe *
make_full_recipe (void)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "a heron lands on a misty lake, “dawn”");
  rushes_recipe_set_negative_prompt (recipe, "blurry");
  rushes_recipe_set_backend (recipe, "studio-comfy");
  rushes_recipe_set_model (recipe, "wan-2.1");
  rushes_recipe_set_seconds (recipe, 2.5);
  rushes_recipe_set_fps (recipe, 30);
  rushes_recipe_set_width (recipe, 1280);
  rushes_recipe_set_height (recipe, 720);
  rushes_recipe_set_seed (recipe, 4242424242);
  rushes_recipe_set_steps (recipe, 45);
  rushes_recipe_set_guidance (recipe, 6.5);
  rushes_recipe_set_start_image (recipe, "/tmp/start.png");
  rushes_recipe_set_audio (recipe, TRUE);
  json_object_set_string_member (rushes_recipe_get_extras (recipe), "sampler", "euler");
  json_object_set_int_member (rushes_recipe_get_extras (recipe), "shift", 8);
  rushes_recipe_set_lineage (recipe, "trim", "take-123", 0.5, 2.0);
  return recipe;
}

static void
test_recipe_defaults (void)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rushes_recipe_get_backend (recipe), ==, "sketch");
  g_assert_cmpfloat (rushes_recipe_get_seconds (recipe), ==, 4.0);
  g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 24);
  g_assert_cmpuint (rushes_recipe_get_width (recipe) % 2, ==, 0);
  g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, RUSHES_RECIPE_SEED_RANDOM);
  g_assert_cmpuint (rushes_recipe_get_steps (recipe), ==, 30);
  g_assert_cmpfloat (rushes_recipe_get_guidance (recipe), ==, 3.0);
  g_assert_cmpuint (rushes_recipe_get_n_frames (recipe), ==, 96);
  g_assert_nonnull (rushes_recipe_get_extras (recipe));
  g_assert_null (rushes_recipe_get_derived_from (recipe));

  /* the default recipe lacks only a prompt */
  g_assert_false (rushes_recipe_validate (recipe, &error));
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "prompt"));
  g_clear_error (&error);
  rushes_recipe_set_prompt (recipe, "x");
  g_assert_true (rushes_recipe_validate (recipe, &error));
  g_assert_no_error (error);
}

static void
test_recipe_round_trip (void)
{
  g_autoptr(RushesRecipe) recipe = make_full_recipe ();
  g_autoptr(RushesRecipe) back = NULL;
  g_autoptr(RushesRecipe) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;

  json = rushes_recipe_to_json (recipe);
  g_assert_nonnull (strstr (json, "\"version\" : 1"));
  back = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_true (rushes_recipe_equal (recipe, back));
  g_assert_cmpstr (rushes_recipe_get_prompt (back), ==, "a heron lands on a misty lake, “dawn”");
  g_assert_cmpstr (rushes_recipe_get_negative_prompt (back), ==, "blurry");
  g_assert_cmpstr (rushes_recipe_get_backend (back), ==, "studio-comfy");
  g_assert_cmpstr (rushes_recipe_get_model (back), ==, "wan-2.1");
  g_assert_cmpfloat (rushes_recipe_get_seconds (back), ==, 2.5);
  g_assert_cmpuint (rushes_recipe_get_fps (back), ==, 30);
  g_assert_cmpuint (rushes_recipe_get_width (back), ==, 1280);
  g_assert_cmpuint (rushes_recipe_get_height (back), ==, 720);
  g_assert_cmpint (rushes_recipe_get_seed (back), ==, 4242424242);
  g_assert_cmpuint (rushes_recipe_get_steps (back), ==, 45);
  g_assert_cmpfloat (rushes_recipe_get_guidance (back), ==, 6.5);
  g_assert_cmpstr (rushes_recipe_get_start_image (back), ==, "/tmp/start.png");
  g_assert_true (rushes_recipe_get_audio (back));
  g_assert_cmpstr (json_object_get_string_member (rushes_recipe_get_extras (back), "sampler"), ==, "euler");
  g_assert_cmpint (json_object_get_int_member (rushes_recipe_get_extras (back), "shift"), ==, 8);
  g_assert_cmpstr (rushes_recipe_get_derived_from (back), ==, "take-123");
  g_assert_cmpuint (rushes_recipe_get_n_frames (back), ==, 75);

  /* canonical: the same recipe gives the same bytes */
  json2 = rushes_recipe_to_json (back);
  g_assert_cmpstr (json, ==, json2);

  copy = rushes_recipe_copy (back);
  g_assert_true (rushes_recipe_equal (copy, recipe));
  /* a deep copy: changing the copy's extras leaves the original alone */
  json_object_set_string_member (rushes_recipe_get_extras (copy), "sampler", "dpm");
  g_assert_false (rushes_recipe_equal (copy, back));
  g_assert_cmpstr (json_object_get_string_member (rushes_recipe_get_extras (back), "sampler"), ==, "euler");
  rushes_recipe_set_seed (copy, 1);
  g_assert_cmpint (rushes_recipe_get_seed (back), ==, 4242424242);
}

static void
test_recipe_minimal_json (void)
{
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  recipe = rushes_recipe_new_from_json ("{\"version\":1,\"prompt\":\"rain\",\"seed\":\"random\",\"fps\":12.0}",
                                        -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "rain");
  g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, RUSHES_RECIPE_SEED_RANDOM);
  g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 12);
  g_assert_cmpstr (rushes_recipe_get_backend (recipe), ==, "sketch");
}

static void
test_recipe_resolve_seed (void)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesRecipe) back = NULL;
  g_autofree char *json = NULL;
  gint64 seed;

  rushes_recipe_set_prompt (recipe, "waves");
  seed = rushes_recipe_resolve_seed (recipe);
  g_assert_cmpint (seed, >=, 0);
  g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, seed);
  /* resolving again keeps it */
  g_assert_cmpint (rushes_recipe_resolve_seed (recipe), ==, seed);

  /* and it is recorded in the JSON */
  json = rushes_recipe_to_json (recipe);
  back = rushes_recipe_new_from_json (json, -1, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (rushes_recipe_get_seed (back), ==, seed);

  rushes_recipe_set_seed (recipe, 7);
  g_assert_cmpint (rushes_recipe_resolve_seed (recipe), ==, 7);
}

typedef struct
{
  const char *json;
  int         code;
  const char *needles[3];   /* all must be in the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "not json", RUSHES_RECIPE_ERROR_PARSE, { "JSON" } },
  { "[1,2]", RUSHES_RECIPE_ERROR_PARSE, { "object" } },
  { "{\"prompt\":\"x\"}", RUSHES_RECIPE_ERROR_VERSION, { "version" } },
  { "{\"version\":2,\"prompt\":\"x\"}", RUSHES_RECIPE_ERROR_VERSION, { "2" } },
  { "{\"version\":1,\"prompt\":\"\"}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "prompt" } },
  { "{\"version\":1,\"prompt\":\"   \"}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "prompt" } },
  { "{\"version\":1,\"prompt\":42}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "prompt", "string" } },
  { "{\"version\":1,\"prompt\":\"x\",\"fps\":0}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "fps must be between 1 and 120 (got 0)" } },
  { "{\"version\":1,\"prompt\":\"x\",\"fps\":23.976}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "fps", "integer" } },
  { "{\"version\":1,\"prompt\":\"x\",\"fps\":-5}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "fps", "1", "120" } },
  { "{\"version\":1,\"prompt\":\"x\",\"seconds\":0.1}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "seconds", "0.5", "60" } },
  { "{\"version\":1,\"prompt\":\"x\",\"seconds\":600}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "seconds", "600" } },
  { "{\"version\":1,\"prompt\":\"x\",\"seconds\":\"4\"}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "seconds", "number" } },
  { "{\"version\":1,\"prompt\":\"x\",\"width\":32}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "width", "64", "4096" } },
  { "{\"version\":1,\"prompt\":\"x\",\"height\":9000}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "height", "9000" } },
  { "{\"version\":1,\"prompt\":\"x\",\"width\":641}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "width", "even" } },
  { "{\"version\":1,\"prompt\":\"x\",\"steps\":0}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "steps", "1", "200" } },
  { "{\"version\":1,\"prompt\":\"x\",\"guidance\":31}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "guidance", "30" } },
  { "{\"version\":1,\"prompt\":\"x\",\"seed\":-7}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "seed", "-7" } },
  { "{\"version\":1,\"prompt\":\"x\",\"seed\":\"lucky\"}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "seed" } },
  { "{\"version\":1,\"prompt\":\"x\",\"audio\":1}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "audio" } },
  { "{\"version\":1,\"prompt\":\"x\",\"extras\":[]}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "extras" } },
  { "{\"version\":1,\"prompt\":\"x\",\"backend\":\"\"}", RUSHES_RECIPE_ERROR_INVALID_FIELD, { "backend" } },
};

static void
test_recipe_rejects_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesRecipe) recipe = NULL;

      g_test_message ("case %u: %s", i, bad_cases[i].json);
      recipe = rushes_recipe_new_from_json (bad_cases[i].json, -1, &error);
      g_assert_null (recipe);
      g_assert_error (error, RUSHES_RECIPE_ERROR, bad_cases[i].code);
      for (guint j = 0; j < G_N_ELEMENTS (bad_cases[i].needles) && bad_cases[i].needles[j]; j++)
        if (strstr (error->message, bad_cases[i].needles[j]) == NULL)
          g_error ("case %u: “%s” lacks “%s”", i, error->message, bad_cases[i].needles[j]);
    }
}

static void
test_recipe_prompt_length (void)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_prompt = g_strnfill (10001, 'a');

  rushes_recipe_set_prompt (recipe, long_prompt);
  g_assert_false (rushes_recipe_validate (recipe, &error));
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "10000"));
  g_clear_error (&error);

  long_prompt[10000] = '\0';
  rushes_recipe_set_prompt (recipe, long_prompt);
  g_assert_true (rushes_recipe_validate (recipe, &error));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_recipe_notify (void)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  guint count = 0;
  guint fps = 0;

  g_signal_connect (recipe, "notify::fps", G_CALLBACK (notify_cb), &count);
  rushes_recipe_set_fps (recipe, 30);
  rushes_recipe_set_fps (recipe, 30);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (recipe, "fps", 12, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_object_get (recipe, "fps", &fps, NULL);
  g_assert_cmpuint (fps, ==, 12);
}

/* A minimal backend to exercise rushes_backend_check_recipe */

#define TEST_TYPE_CAPS_BACKEND (test_caps_backend_get_type ())
G_DECLARE_FINAL_TYPE (TestCapsBackend, test_caps_backend, TEST, CAPS_BACKEND, GObject)

struct _TestCapsBackend
{
  GObject parent_instance;
  RushesCapabilities *caps;
};

static void test_caps_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestCapsBackend, test_caps_backend, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, test_caps_backend_iface_init))

static void
test_caps_backend_finalize (GObject *object)
{
  g_clear_pointer (&TEST_CAPS_BACKEND (object)->caps, rushes_capabilities_unref);
  G_OBJECT_CLASS (test_caps_backend_parent_class)->finalize (object);
}

static void
test_caps_backend_class_init (TestCapsBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_caps_backend_finalize;
}

static void
test_caps_backend_init (TestCapsBackend *self)
{
  RushesSize sizes[] = { { 1280, 720 }, { 848, 480 } };
  guint fps[] = { 16, 24 };
  const char *models[] = { "small", "large", NULL };

  self->caps = rushes_capabilities_new ();
  self->caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_FPS |
                       RUSHES_FIELD_STEPS | RUSHES_FIELD_MODEL;
  self->caps->min_seconds = 1;
  self->caps->max_seconds = 5;
  self->caps->seconds_step = 1;
  g_array_append_vals (self->caps->sizes, sizes, G_N_ELEMENTS (sizes));
  g_array_append_vals (self->caps->fps, fps, G_N_ELEMENTS (fps));
  self->caps->max_steps = 50;
  self->caps->models = g_strdupv ((char **) models);
}

static const char *
caps_get_id (RushesBackend *backend)
{
  return "capsy";
}

static RushesCapabilities *
caps_get_capabilities (RushesBackend *backend)
{
  return rushes_capabilities_ref (TEST_CAPS_BACKEND (backend)->caps);
}

static void
test_caps_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = caps_get_id;
  iface->get_kind = caps_get_id;
  iface->get_capabilities = caps_get_capabilities;
}

static void
check_unsupported (RushesBackend *backend,
                   RushesRecipe  *recipe,
                   const char    *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” lacks “%s”", error->message, needle);
}

static void
test_backend_check_recipe (void)
{
  g_autoptr(RushesBackend) backend = g_object_new (TEST_TYPE_CAPS_BACKEND, NULL);
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;

  rushes_recipe_set_prompt (recipe, "fog");
  rushes_recipe_set_seconds (recipe, 3);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 848);
  rushes_recipe_set_height (recipe, 480);
  g_assert_true (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_no_error (error);

  rushes_recipe_set_seconds (recipe, 2.5);
  check_unsupported (backend, recipe, "seconds");
  rushes_recipe_set_seconds (recipe, 8);
  check_unsupported (backend, recipe, "seconds");
  rushes_recipe_set_seconds (recipe, 3);

  rushes_recipe_set_width (recipe, 640);
  check_unsupported (backend, recipe, "1280×720");
  rushes_recipe_set_width (recipe, 848);

  rushes_recipe_set_fps (recipe, 30);
  check_unsupported (backend, recipe, "16, 24");
  rushes_recipe_set_fps (recipe, 24);

  rushes_recipe_set_steps (recipe, 100);
  check_unsupported (backend, recipe, "steps");
  rushes_recipe_set_steps (recipe, 30);

  rushes_recipe_set_model (recipe, "huge");
  check_unsupported (backend, recipe, "small, large");
  rushes_recipe_set_model (recipe, "large");

  rushes_recipe_set_start_image (recipe, "/tmp/x.png");
  check_unsupported (backend, recipe, "start_image");
  rushes_recipe_set_start_image (recipe, NULL);
  rushes_recipe_set_end_image (recipe, "/tmp/y.png");
  check_unsupported (backend, recipe, "end_image");
  rushes_recipe_set_end_image (recipe, NULL);

  rushes_recipe_set_audio (recipe, TRUE);
  check_unsupported (backend, recipe, "audio");
  rushes_recipe_set_audio (recipe, FALSE);

  g_assert_true (rushes_backend_check_recipe (backend, recipe, NULL));

  /* generic validation comes first */
  rushes_recipe_set_fps (recipe, 0);
  g_assert_false (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* a local backend without lookup: never created */
  g_assert_null (rushes_backend_lookup (backend, "0000", NULL, &error));
  g_assert_no_error (error);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* end_image beside start_image, and where each came from */
static void
test_recipe_end_image (void)
{
  g_autoptr(RushesRecipe) recipe = make_full_recipe ();
  g_autoptr(RushesRecipe) back = NULL;
  g_autoptr(RushesRecipe) copy = NULL;
  g_autoptr(RushesRecipe) old = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  guint notified = 0;

  g_signal_connect (recipe, "notify::end-image", G_CALLBACK (count_notify_cb), &notified);
  rushes_recipe_set_end_image (recipe, "/takes/a.end.png");
  rushes_recipe_set_end_image (recipe, "/takes/a.end.png");
  g_assert_cmpuint (notified, ==, 1);
  rushes_recipe_set_start_image_source (recipe, "clip.webm@end");
  rushes_recipe_set_end_image_source (recipe, "other.webm@105f");

  node = rushes_recipe_to_json_node (recipe);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "end_image"), ==, "/takes/a.end.png");
  g_assert_cmpstr (json_object_get_string_member (object, "start_image_source"), ==, "clip.webm@end");
  g_assert_cmpstr (json_object_get_string_member (object, "end_image_source"), ==, "other.webm@105f");

  json = rushes_recipe_to_json (recipe);
  back = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_recipe_equal (recipe, back));
  g_assert_cmpstr (rushes_recipe_get_end_image (back), ==, "/takes/a.end.png");
  g_assert_cmpstr (rushes_recipe_get_start_image_source (back), ==, "clip.webm@end");
  g_assert_cmpstr (rushes_recipe_get_end_image_source (back), ==, "other.webm@105f");

  copy = rushes_recipe_copy (recipe);
  g_assert_cmpstr (rushes_recipe_get_end_image (copy), ==, "/takes/a.end.png");
  g_assert_cmpstr (rushes_recipe_get_end_image_source (copy), ==, "other.webm@105f");
  rushes_recipe_set_end_image (copy, NULL);
  g_assert_false (rushes_recipe_equal (copy, recipe));

  /* a recipe from before end images: none, and no source written */
  old = rushes_recipe_new_from_json ("{\"version\":1,\"prompt\":\"rain\",\"start_image\":\"/a.png\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_end_image (old), ==, "");
  g_clear_pointer (&json, g_free);
  json = rushes_recipe_to_json (old);
  g_assert_null (strstr (json, "image_source"));
  g_assert_nonnull (strstr (json, "\"end_image\" : \"\""));

  g_clear_object (&old);
  old = rushes_recipe_new_from_json ("{\"version\":1,\"prompt\":\"rain\",\"end_image\":3}", -1, &error);
  g_assert_null (old);
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "end_image"));
}

typedef struct
{
  const char         *spec;
  const char         *path;
  RushesFrameRefKind  kind;
  double              seconds;
  guint64             frame;
  gint64              index_at_24;
  const char         *canonical;
} GoodRef;

static void
test_frame_ref_parse (void)
{
  const GoodRef good[] = {
    { "shot.png", "shot.png", RUSHES_FRAME_REF_NONE, 0, 0, 0, "shot.png" },
    { "clip.webm@2.5", "clip.webm", RUSHES_FRAME_REF_SECONDS, 2.5, 0, 60, "clip.webm@2.5" },
    { "clip.webm@3", "clip.webm", RUSHES_FRAME_REF_SECONDS, 3, 0, 72, "clip.webm@3" },
    { "clip.webm@00:00:02.500", "clip.webm", RUSHES_FRAME_REF_SECONDS, 2.5, 0, 60, "clip.webm@2.5" },
    { "clip.webm@1:02:03", "clip.webm", RUSHES_FRAME_REF_SECONDS, 3723, 0, 3723 * 24, "clip.webm@3723" },
    { "clip.webm@00:00:02:12", "clip.webm", RUSHES_FRAME_REF_TIMECODE, 2, 12, 60, "clip.webm@00:00:02:12" },
    { "clip.webm@105f", "clip.webm", RUSHES_FRAME_REF_FRAME, 0, 105, 105, "clip.webm@105f" },
    { "clip.webm@0f", "clip.webm", RUSHES_FRAME_REF_FRAME, 0, 0, 0, "clip.webm@0f" },
    { "/a/b@c/clip.webm@end", "/a/b@c/clip.webm", RUSHES_FRAME_REF_END, 0, 0, -1, "/a/b@c/clip.webm@end" },
  };
  const char *bad[] = {
    "", "@end", "clip.webm@", "clip.webm@-1", "clip.webm@2.5.1", "clip.webm@abc", "clip.webm@f",
    "clip.webm@-3f", "clip.webm@1e3", "clip.webm@nan", "clip.webm@inf", "clip.webm@00:61:00",
    "clip.webm@00:00:75", "clip.webm@0:0:1", "clip.webm@00:00:01.5:03", "clip.webm@1:2", "clip.webm@END ",
    "clip.webm@ 2",
  };
  g_autofree char *dir = g_dir_make_tmp ("rushes-ref-XXXXXX", NULL);
  g_autofree char *at_file = g_build_filename (dir, "logo@2x.png", NULL);
  g_auto(RushesFrameRef) ref = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;

      g_assert_true (rushes_frame_ref_parse (good[i].spec, &ref, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (ref.path, ==, good[i].path);
      g_assert_cmpint (ref.kind, ==, good[i].kind);
      g_assert_cmpfloat_with_epsilon (ref.seconds, good[i].seconds, 1e-9);
      g_assert_cmpuint (ref.frame, ==, good[i].frame);
      g_assert_cmpint (rushes_frame_ref_frame_index (&ref, 24, 1), ==, good[i].index_at_24);
      canonical = rushes_frame_ref_to_string (&ref);
      g_assert_cmpstr (canonical, ==, good[i].canonical);
    }

  /* timecode frames count at the source's rate: 2 s + 12 frames at 30 fps */
  g_assert_true (rushes_frame_ref_parse ("c.mp4@00:00:02:12", &ref, NULL));
  g_assert_cmpint (rushes_frame_ref_frame_index (&ref, 30, 1), ==, 72);
  g_assert_true (rushes_frame_ref_parse ("c.mp4@1.001", &ref, NULL));
  g_assert_cmpint (rushes_frame_ref_frame_index (&ref, 30000, 1001), ==, 30);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (rushes_frame_ref_parse (bad[i], &ref, &error))
        g_error ("“%s” parsed", bad[i]);
      g_assert_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID);
      g_assert_null (ref.path);
      /* the message names what was given and, for a bad time, what is allowed */
      if (bad[i][0] != '\0' && strstr (bad[i], "@") != NULL && bad[i][0] != '@')
        {
          g_assert_nonnull (strstr (error->message, bad[i]));
          g_assert_nonnull (strstr (error->message, "105f"));
        }
    }

  /* an existing file whose name has an '@' is taken whole */
  g_assert_true (g_file_set_contents (at_file, "x", 1, NULL));
  g_assert_true (rushes_frame_ref_parse (at_file, &ref, NULL));
  g_assert_cmpstr (ref.path, ==, at_file);
  g_assert_cmpint (ref.kind, ==, RUSHES_FRAME_REF_NONE);
  g_remove (at_file);
  g_rmdir (dir);

  {
    g_autofree char *start = rushes_frame_ref_stored_path ("/takes/heron-01.webm", FALSE);
    g_autofree char *end = rushes_frame_ref_stored_path ("/takes/heron.v2/take", TRUE);

    g_assert_cmpstr (start, ==, "/takes/heron-01.start.png");
    g_assert_cmpstr (end, ==, "/takes/heron.v2/take.end.png");
  }
  {
    g_autofree char *words = NULL;

    g_assert_true (rushes_frame_ref_parse ("c.mp4@end", &ref, NULL));
    words = rushes_frame_ref_describe_time (&ref);
    g_assert_cmpstr (words, ==, "the last frame");
  }
}

/* Per model: each model's own limits and defaults, and only those */
static void
test_capabilities_per_model (void)
{
  g_autoptr(RushesBackend) backend = g_object_new (TEST_TYPE_CAPS_BACKEND, NULL);
  RushesCapabilities *caps = TEST_CAPS_BACKEND (backend)->caps;
  g_autoptr(RushesCapabilities) large = rushes_capabilities_new ();
  g_autoptr(RushesCapabilities) got = NULL;
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;
  RushesSize size = { 640, 426 };
  guint fps = 24;

  /* "large": one size, 24 fps only, lengths of 9 + 8k frames up to 257 */
  large->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_STEPS | RUSHES_FIELD_MODEL;
  g_array_append_val (large->sizes, size);
  g_array_append_val (large->fps, fps);
  large->min_frames = 9;
  large->max_frames = 257;
  large->frames_step = 8;
  large->default_frames = 97;
  large->default_width = 640;
  large->default_height = 426;
  large->default_fps = 24;
  large->default_steps = 30;
  large->default_guidance = 3;
  large->max_steps = 50;
  large->model = g_strdup ("large");
  caps->model = g_strdup ("small");
  caps->model_caps = g_ptr_array_new_with_free_func ((GDestroyNotify) rushes_capabilities_unref);
  g_ptr_array_add (caps->model_caps, rushes_capabilities_new ());   /* "small": any size */
  g_ptr_array_add (caps->model_caps, rushes_capabilities_ref (large));

  g_assert_true (rushes_capabilities_for_model (caps, "large") == large);
  g_assert_true (rushes_capabilities_for_model (caps, "") == caps);
  g_assert_true (rushes_capabilities_for_model (caps, "nobody") == caps);
  got = rushes_backend_get_model_capabilities (backend, "large");
  g_assert_true (got == large);

  /* the model's defaults: size, fps, 97 frames at 24 fps, steps, guidance */
  rushes_recipe_set_prompt (recipe, "fog");
  rushes_recipe_set_model (recipe, "large");
  rushes_capabilities_apply_defaults (large, recipe, RUSHES_FIELD_NONE);
  g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 640);
  g_assert_cmpuint (rushes_recipe_get_height (recipe), ==, 426);
  g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 24);
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 97.0 / 24, 1e-9);
  g_assert_cmpuint (rushes_recipe_get_steps (recipe), ==, 30);
  g_assert_cmpfloat (rushes_recipe_get_guidance (recipe), ==, 3);

  /* checked against "large" alone: the backend's 848×480 / 1–5 s do not count */
  g_assert_true (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_no_error (error);
  rushes_recipe_set_width (recipe, 848);
  rushes_recipe_set_height (recipe, 480);
  check_unsupported (backend, recipe, "640×426");
  rushes_recipe_set_width (recipe, 640);
  rushes_recipe_set_height (recipe, 426);

  /* 5 s at 24 fps is 120 frames, off the grid: 121 is the nearest */
  rushes_recipe_set_seconds (recipe, 5);
  g_assert_false (rushes_capabilities_allows_seconds (large, 24, 5));
  check_unsupported (backend, recipe, "steps of 8 frames");
  g_assert_cmpfloat_with_epsilon (rushes_capabilities_nearest_seconds (large, 24, 5), 121.0 / 24, 1e-9);
  /* the rate rendered is the model's own, whatever the recipe says */
  g_assert_cmpfloat_with_epsilon (rushes_capabilities_nearest_seconds (large, 16, 5), 121.0 / 24, 1e-9);
  g_assert_cmpfloat_with_epsilon (rushes_capabilities_nearest_seconds (large, 24, 60), 257.0 / 24, 1e-9);
  g_assert_true (rushes_capabilities_allows_seconds (large, 24, 121.0 / 24));

  /* what the user gave is kept; the rest comes from the model */
  rushes_recipe_set_steps (recipe, 12);
  rushes_capabilities_apply_defaults (large, recipe, RUSHES_FIELD_STEPS);
  g_assert_cmpuint (rushes_recipe_get_steps (recipe), ==, 12);
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 97.0 / 24, 1e-9);

  /* without the model, the backend's default terms */
  rushes_recipe_set_model (recipe, "");
  rushes_recipe_set_seconds (recipe, 3);
  check_unsupported (backend, recipe, "1280×720, 848×480");

  {
    g_autofree char *sizes = rushes_capabilities_describe_sizes (large, TRUE);
    g_autofree char *lengths = rushes_capabilities_describe_seconds (large, 24);

    g_assert_cmpstr (sizes, ==, "one of 640×426 (default)");
    g_assert_nonnull (strstr (lengths, "0.38 and 10.71 s at 24 fps"));
  }
}

static void
test_capabilities_defaults (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();

  g_assert_true (rushes_capabilities_allows_size (caps, 1920, 1080));
  g_assert_false (rushes_capabilities_allows_size (caps, 8192, 1080));
  g_assert_true (rushes_capabilities_allows_fps (caps, 60));
  g_assert_false (rushes_capabilities_allows_fps (caps, 0));
  g_assert_false (rushes_capabilities_allows_fps (caps, 240));
  g_assert_true (G_TYPE_IS_BOXED (RUSHES_TYPE_CAPABILITIES));

  {
    g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

    rushes_recipe_set_seconds (recipe, 5);
    g_assert_cmpfloat (rushes_capabilities_estimate_cost (caps, recipe, 2), <, 0);
    caps->cost_per_second = 0.1;
    g_assert_cmpfloat_with_epsilon (rushes_capabilities_estimate_cost (caps, recipe, 2), 1.0, 1e-9);
    caps->cost_per_second = 0;
    g_assert_cmpfloat (rushes_capabilities_estimate_cost (caps, recipe, 3), ==, 0);
  }
}

/* which backends can honour start and end images, per model where they differ */
static void
test_capabilities_images (void)
{
  g_autoptr(GListStore) store = g_list_store_new (RUSHES_TYPE_BACKEND);
  g_autoptr(RushesBackend) a = g_object_new (TEST_TYPE_CAPS_BACKEND, NULL);
  g_autoptr(RushesBackend) b = g_object_new (TEST_TYPE_CAPS_BACKEND, NULL);
  RushesCapabilities *caps_b = TEST_CAPS_BACKEND (b)->caps;
  RushesCapabilities *small, *large;
  g_autofree char *none = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *both = NULL;

  g_list_store_append (store, a);
  g_list_store_append (store, b);

  none = rushes_capabilities_describe_backends_with_images (G_LIST_MODEL (store), RUSHES_FIELD_START_IMAGE);
  g_assert_null (none);

  /* a: both images, every model; b: start image on "small", both on "large" */
  TEST_CAPS_BACKEND (a)->caps->fields |= RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE;
  small = rushes_capabilities_new ();
  small->fields = RUSHES_FIELD_START_IMAGE;
  large = rushes_capabilities_new ();
  large->fields = RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE;
  caps_b->model_caps = g_ptr_array_new_with_free_func ((GDestroyNotify) rushes_capabilities_unref);
  g_ptr_array_add (caps_b->model_caps, small);
  g_ptr_array_add (caps_b->model_caps, large);

  g_assert_true (rushes_capabilities_honours_images (large, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE));
  g_assert_false (rushes_capabilities_honours_images (small, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE));
  g_assert_true (rushes_capabilities_honours_images (small, RUSHES_FIELD_START_IMAGE));
  g_assert_true (rushes_capabilities_honours_images (rushes_capabilities_for_model (caps_b, "large"),
                                                     RUSHES_FIELD_END_IMAGE));

  starts = rushes_capabilities_describe_backends_with_images (G_LIST_MODEL (store), RUSHES_FIELD_START_IMAGE);
  g_assert_cmpstr (starts, ==, "capsy, capsy");
  both = rushes_capabilities_describe_backends_with_images (G_LIST_MODEL (store),
                                                            RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE);
  g_assert_cmpstr (both, ==, "capsy, capsy (large)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/recipe/defaults", test_recipe_defaults);
  g_test_add_func ("/recipe/round-trip", test_recipe_round_trip);
  g_test_add_func ("/recipe/minimal-json", test_recipe_minimal_json);
  g_test_add_func ("/recipe/resolve-seed", test_recipe_resolve_seed);
  g_test_add_func ("/recipe/rejects-bad", test_recipe_rejects_bad);
  g_test_add_func ("/recipe/prompt-length", test_recipe_prompt_length);
  g_test_add_func ("/recipe/notify", test_recipe_notify);
  g_test_add_func ("/recipe/end-image", test_recipe_end_image);
  g_test_add_func ("/frame-ref/parse", test_frame_ref_parse);
  g_test_add_func ("/backend/check-recipe", test_backend_check_recipe);
  g_test_add_func ("/backend/image-backends", test_capabilities_images);
  g_test_add_func ("/backend/capabilities-per-model", test_capabilities_per_model);
  g_test_add_func ("/backend/capabilities-defaults", test_capabilities_defaults);

  return g_test_run ();
}
