/* rushes-take-rating.c: a take's rating, reject flag and colour label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored in the sidecar's "take" member ("rating", "rejected", "label"),
 * so that they travel with the file. Read tolerantly: a sidecar written by
 * hand or by another tool may hold anything there.
 */
#define G_LOG_DOMAIN "rushes-take"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-take-private.h"

static const struct
{
  const char *name;
  const char *display_name;
} labels[RUSHES_TAKE_N_LABELS] = {
  [RUSHES_TAKE_LABEL_NONE]   = { NULL, N_("None") },
  [RUSHES_TAKE_LABEL_RED]    = { "red", N_("Red") },
  [RUSHES_TAKE_LABEL_YELLOW] = { "yellow", N_("Yellow") },
  [RUSHES_TAKE_LABEL_GREEN]  = { "green", N_("Green") },
  [RUSHES_TAKE_LABEL_BLUE]   = { "blue", N_("Blue") },
  [RUSHES_TAKE_LABEL_PURPLE] = { "purple", N_("Purple") },
};

const char *
rushes_take_label_to_string (RushesTakeLabel label)
{
  g_return_val_if_fail (label < RUSHES_TAKE_N_LABELS, NULL);
  return labels[label].name;
}

RushesTakeLabel
rushes_take_label_from_string (const char *name)
{
  for (guint i = RUSHES_TAKE_LABEL_NONE + 1; name != NULL && i < RUSHES_TAKE_N_LABELS; i++)
    if (g_ascii_strcasecmp (name, labels[i].name) == 0)
      return i;
  return RUSHES_TAKE_LABEL_NONE;
}

const char *
rushes_take_label_get_display_name (RushesTakeLabel label)
{
  g_return_val_if_fail (label < RUSHES_TAKE_N_LABELS, NULL);
  return _(labels[label].display_name);
}

/* the member's value when it has the type; a warning when it is there
 * with another */
static JsonNode *
culling_member (RushesTake *self,
                JsonObject *info,
                const char *member,
                GType       type,
                gboolean    warn)
{
  JsonNode *node = json_object_get_member (info, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type)
    return node;
  if (warn)
    g_warning ("%s: ignoring its \"%s\", which is not %s", self->sidecar_path, member,
               type == G_TYPE_INT64 ? "a whole number" : type == G_TYPE_BOOLEAN ? "true or false" : "a string");
  return NULL;
}

void
_rushes_take_read_culling (RushesTake *self,
                           JsonObject *info,
                           gboolean    warn)
{
  JsonNode *node;

  self->rating = 0;
  self->rejected = FALSE;
  self->label = RUSHES_TAKE_LABEL_NONE;

  node = culling_member (self, info, "rating", G_TYPE_INT64, warn);
  if (node != NULL)
    {
      gint64 rating = json_node_get_int (node);

      if (rating >= 0 && rating <= RUSHES_TAKE_MAX_RATING)
        self->rating = (guint) rating;
      else if (warn)
        g_warning ("%s: ignoring its rating %" G_GINT64_FORMAT " (ratings go from 0 to %d)",
                   self->sidecar_path, rating, RUSHES_TAKE_MAX_RATING);
    }

  node = culling_member (self, info, "rejected", G_TYPE_BOOLEAN, warn);
  if (node != NULL)
    self->rejected = json_node_get_boolean (node);

  node = culling_member (self, info, "label", G_TYPE_STRING, warn);
  if (node != NULL)
    {
      self->label = rushes_take_label_from_string (json_node_get_string (node));
      if (warn && self->label == RUSHES_TAKE_LABEL_NONE && *json_node_get_string (node) != '\0')
        g_warning ("%s: ignoring its label \"%s\" (not one of red, yellow, green, blue, purple)",
                   self->sidecar_path, json_node_get_string (node));
    }
}

guint
rushes_take_get_rating (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), 0);
  return self->rating;
}

gboolean
rushes_take_get_rejected (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), FALSE);
  return self->rejected;
}

RushesTakeLabel
rushes_take_get_label (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), RUSHES_TAKE_LABEL_NONE);
  return self->label;
}

gboolean
rushes_take_is_unrated (RushesTake *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE (self), FALSE);
  return self->rating == 0 && !self->rejected;
}

typedef struct
{
  guint    rating;
  gboolean rejected;
} Culling;

/* unrated and not rejected: no members at all */
static void
set_culling_members (JsonObject *take,
                     gpointer    data)
{
  Culling *culling = data;

  if (culling->rating > 0)
    json_object_set_int_member (take, "rating", culling->rating);
  else if (json_object_has_member (take, "rating"))
    json_object_remove_member (take, "rating");
  if (culling->rejected)
    json_object_set_boolean_member (take, "rejected", TRUE);
  else if (json_object_has_member (take, "rejected"))
    json_object_remove_member (take, "rejected");
}

gboolean
rushes_take_set_rating (RushesTake  *self,
                        guint        rating,
                        gboolean     rejected,
                        GError     **error)
{
  Culling culling = { rating, !!rejected };
  guint old_rating;
  gboolean old_rejected;

  g_return_val_if_fail (RUSHES_IS_TAKE (self), FALSE);

  if (rating > RUSHES_TAKE_MAX_RATING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A rating goes from 0 to %d stars, not %u"), RUSHES_TAKE_MAX_RATING, rating);
      return FALSE;
    }
  old_rating = self->rating;
  old_rejected = self->rejected;
  if (!_rushes_take_edit_info (self, set_culling_members, &culling, error))
    return FALSE;
  if (old_rating != self->rating)
    g_object_notify (G_OBJECT (self), "rating");
  if (old_rejected != self->rejected)
    g_object_notify (G_OBJECT (self), "rejected");
  return TRUE;
}

static void
set_label_member (JsonObject *take,
                  gpointer    data)
{
  const char *name = rushes_take_label_to_string (GPOINTER_TO_UINT (data));

  if (name != NULL)
    json_object_set_string_member (take, "label", name);
  else if (json_object_has_member (take, "label"))
    json_object_remove_member (take, "label");
}

gboolean
rushes_take_set_label (RushesTake       *self,
                       RushesTakeLabel   label,
                       GError          **error)
{
  RushesTakeLabel old_label;

  g_return_val_if_fail (RUSHES_IS_TAKE (self), FALSE);
  g_return_val_if_fail (label < RUSHES_TAKE_N_LABELS, FALSE);

  old_label = self->label;
  if (!_rushes_take_edit_info (self, set_label_member, GUINT_TO_POINTER (label), error))
    return FALSE;
  if (old_label != self->label)
    g_object_notify (G_OBJECT (self), "label");
  return TRUE;
}
