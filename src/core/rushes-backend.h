/* rushes-backend.h: what every backend (Sketch, ComfyUI, Gradio, Replicate,
 * fal) offers the job engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: identity and capabilities may be read from any thread (they are
 * immutable once the backend is configured). submit/poll/cancel/fetch/lookup
 * BLOCK and are called only on worker threads, each with a GCancellable; they
 * must return within 0.5 s of that cancellable being cancelled.
 *
 * Restart safety: a job is identified towards the backend by the client's own
 * job id (a lowercase UUID, passed to submit) and, once known, by the
 * backend's remote id. Both are journalled, so after a restart the engine can
 * re-attach with poll (remote id known) or lookup (cut off inside submit).
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

#define RUSHES_BACKEND_ERROR (rushes_backend_error_quark ())
typedef enum
{
  RUSHES_BACKEND_ERROR_FAILED,        /* the job failed on the backend; message says why */
  RUSHES_BACKEND_ERROR_UNSUPPORTED,   /* recipe asks for what the backend cannot do */
  RUSHES_BACKEND_ERROR_UNAVAILABLE,   /* backend down or unreachable: try another */
  RUSHES_BACKEND_ERROR_AUTH,          /* key missing or refused */
  RUSHES_BACKEND_ERROR_PROTOCOL,      /* malformed or unexpected answer */
  RUSHES_BACKEND_ERROR_NOT_FOUND,     /* remote id unknown to the backend */
} RushesBackendError;

GQuark rushes_backend_error_quark (void);

/* Which recipe fields a backend honours; the parameter panel hides the rest. */
typedef enum /*< flags >*/
{
  RUSHES_FIELD_NONE            = 0,
  RUSHES_FIELD_NEGATIVE_PROMPT = 1 << 0,
  RUSHES_FIELD_SECONDS         = 1 << 1,
  RUSHES_FIELD_SIZE            = 1 << 2,
  RUSHES_FIELD_FPS             = 1 << 3,
  RUSHES_FIELD_SEED            = 1 << 4,
  RUSHES_FIELD_STEPS           = 1 << 5,
  RUSHES_FIELD_GUIDANCE        = 1 << 6,
  RUSHES_FIELD_START_IMAGE     = 1 << 7,
  RUSHES_FIELD_AUDIO           = 1 << 8,
  RUSHES_FIELD_MODEL           = 1 << 9,
  RUSHES_FIELD_END_IMAGE       = 1 << 10,  /* START_IMAGE: the first frame; END_IMAGE: the last */
} RushesFields;

typedef struct
{
  guint width;
  guint height;
} RushesSize;

/* Immutable, refcounted (GBoxed). Empty arrays mean "any value in range". */
typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  RushesFields  fields;
  double        min_seconds;
  double        max_seconds;
  double        seconds_step;     /* 0: continuous */
  GArray       *sizes;            /* RushesSize; allowed sizes (empty: any up to max) */
  guint         max_width;
  guint         max_height;
  GArray       *fps;              /* guint; allowed frame rates (empty: 1..max_fps) */
  guint         max_fps;
  guint         max_steps;
  double        max_guidance;
  guint         max_variations;   /* per Generate press */
  guint         max_concurrent;   /* jobs running at once on this backend */
  double        cost_per_second;  /* in cost_currency; < 0: unknown or free */
  char         *cost_currency;
  GStrv         models;           /* models offered; NULL: backend's default only */

  /* What a recipe gets for a field the user did not set (0, or < 0 for
   * guidance: no preference, the recipe's own default stays). */
  guint         default_width;
  guint         default_height;
  guint         default_fps;
  double        default_seconds;
  guint         default_frames;   /* with min_frames: the default length in frames */
  guint         default_steps;
  double        default_guidance;
  /* Lengths counted in frames at the frame rate rendered (min_frames 0: in
   * seconds, min_seconds..max_seconds): min_frames + k × frames_step, up to
   * max_frames. min/max_seconds then hold the range at default_fps. */
  guint         min_frames;
  guint         max_frames;
  guint         frames_step;      /* 0 or 1: any count */
  /* Per model: the model these describe (NULL: the backend as a whole), its
   * display name, and the capabilities of each entry of models, in order
   * (NULL: the same for every model). */
  char         *model;
  char         *model_name;
  GPtrArray    *model_caps;       /* RushesCapabilities */
} RushesCapabilities;

#define RUSHES_TYPE_CAPABILITIES (rushes_capabilities_get_type ())
GType               rushes_capabilities_get_type (void) G_GNUC_CONST;
RushesCapabilities *rushes_capabilities_new      (void);
RushesCapabilities *rushes_capabilities_ref      (RushesCapabilities *caps);
void                rushes_capabilities_unref    (RushesCapabilities *caps);
gboolean            rushes_capabilities_allows_size (const RushesCapabilities *caps,
                                                     guint                     width,
                                                     guint                     height);
gboolean            rushes_capabilities_allows_fps  (const RushesCapabilities *caps,
                                                     guint                     fps);
/* What n takes of recipe would cost, in caps->cost_currency: 0 when free,
 * < 0 when unknown. */
double              rushes_capabilities_estimate_cost (const RushesCapabilities *caps,
                                                       RushesRecipe             *recipe,
                                                       guint                     n_takes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesCapabilities, rushes_capabilities_unref)

/* rushes-backend-caps.c: one model's capabilities, the grid of lengths, and
 * the defaults a recipe gets. */

/* The capabilities of model (transfer none): an entry of caps->model_caps,
 * or caps itself when model is NULL, "", unknown, or all models are alike. */
const RushesCapabilities *rushes_capabilities_for_model (const RushesCapabilities *caps,
                                                         const char               *model);
/* The frame rate rendered for a recipe asking fps: the one fixed rate of a
 * model whose rate is not the recipe's to choose, else fps. */
guint    rushes_capabilities_render_fps      (const RushesCapabilities *caps,
                                              guint                     fps);
gboolean rushes_capabilities_allows_seconds  (const RushesCapabilities *caps,
                                              guint                     fps,
                                              double                    seconds);
/* The allowed length nearest to seconds at fps. */
double   rushes_capabilities_nearest_seconds (const RushesCapabilities *caps,
                                              guint                     fps,
                                              double                    seconds);
/* What caps allows, as the end of "size must be …": "one of 832×480,
 * 480×832" (mark_default: "one of 832×480 (default), …") or "at most W×H". */
char    *rushes_capabilities_describe_sizes   (const RushesCapabilities *caps,
                                               gboolean                  mark_default);
/* "one of 16, 24" or "between 5 and 24", the default marked when asked */
char    *rushes_capabilities_describe_fps     (const RushesCapabilities *caps,
                                               gboolean                  mark_default);
/* "between 5.06 and 6.25 s at 16 fps (81 to 100 frames)", "5 s", …, with
 * the default named */
char    *rushes_capabilities_describe_seconds (const RushesCapabilities *caps,
                                               guint                     fps);
/* Gives recipe the defaults of caps for the fields not in keep (size, fps,
 * seconds, steps, guidance); a field with no default keeps its value when
 * allowed, else the nearest allowed one. */
void     rushes_capabilities_apply_defaults   (const RushesCapabilities *caps,
                                               RushesRecipe             *recipe,
                                               RushesFields              keep);
/* The fields whose values in recipe caps allows (of size, fps, seconds,
 * steps and guidance). */
RushesFields rushes_capabilities_allowed_fields (const RushesCapabilities *caps,
                                                 RushesRecipe             *recipe);
/* Frame conditioning: whether caps (of one model: see _for_model) honours
 * all of images (RUSHES_FIELD_START_IMAGE, RUSHES_FIELD_END_IMAGE or both). */
gboolean rushes_capabilities_honours_images   (const RushesCapabilities *caps,
                                               RushesFields              images);
/* Which of backends (a GListModel of RushesBackend, e.g. the registry)
 * honour all of images, for messages: "sketch, fal (kling-2.1, veo-3)": a
 * backend's id, followed by its models that do when not every one does.
 * NULL when none does. */
char    *rushes_capabilities_describe_backends_with_images (GListModel   *backends,
                                                            RushesFields  images);

typedef enum
{
  RUSHES_REMOTE_QUEUED,
  RUSHES_REMOTE_RUNNING,
  RUSHES_REMOTE_SUCCEEDED,
  RUSHES_REMOTE_FAILED,
  RUSHES_REMOTE_CANCELLED,
} RushesRemoteState;

/* What poll reports. Plain struct, owned by the caller. */
typedef struct
{
  RushesRemoteState  state;
  double             progress;      /* 0..1, < 0 unknown */
  double             eta_seconds;   /* < 0 unknown */
  char              *status;        /* short human text, may be NULL */
  char              *error;         /* plain words when FAILED */
  GStrv              results;       /* result locators (URLs, server file refs, local paths) when SUCCEEDED */
} RushesRemoteStatus;

void rushes_remote_status_clear (RushesRemoteStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RushesRemoteStatus, rushes_remote_status_clear)

/* Called from the worker thread; the engine coalesces before the UI sees it. */
typedef void (*RushesProgressFunc) (double      fraction,
                                    const char *status,
                                    gpointer    user_data);

/* What submit, poll and fetch are handed besides their own arguments: where
 * progress goes and what stops the call. Borrowed for the call's duration;
 * the public wrappers below build it from their flat arguments. */
typedef struct
{
  RushesProgressFunc  progress;       /* may be NULL */
  gpointer            progress_data;
  GCancellable       *cancellable;    /* may be NULL */
} RushesBackendCall;

#define RUSHES_TYPE_BACKEND (rushes_backend_get_type ())
G_DECLARE_INTERFACE (RushesBackend, rushes_backend, RUSHES, BACKEND, GObject)

struct _RushesBackendInterface
{
  GTypeInterface parent_iface;

  const char         *(*get_id)           (RushesBackend *self);  /* unique config name, e.g. "sketch", "studio-comfy" */
  const char         *(*get_kind)         (RushesBackend *self);  /* "sketch", "comfyui", "gradio", "replicate", "fal" */
  const char         *(*get_display_name) (RushesBackend *self);
  gboolean            (*is_remote)        (RushesBackend *self);
  RushesCapabilities *(*get_capabilities) (RushesBackend *self);  /* transfer full */

  /* Starts the job; returns the backend's remote id. job_id is a lowercase
   * UUID the backend may use as its own id or attach as metadata so that
   * lookup can find the job later. Must not be retried blindly by callers:
   * it may create a paid job. */
  char     *(*submit) (RushesBackend            *self,
                       RushesRecipe             *recipe,
                       const char               *job_id,
                       const RushesBackendCall  *call,
                       GError                  **error);
  /* One status check (may block for a while, e.g. for a local render or a
   * server-sent event stream, reporting progress as it goes). */
  gboolean  (*poll)   (RushesBackend            *self,
                       const char               *remote_id,
                       RushesRemoteStatus       *status,
                       const RushesBackendCall  *call,
                       GError                  **error);
  gboolean  (*cancel) (RushesBackend       *self,
                       const char          *remote_id,
                       GCancellable        *cancellable,
                       GError             **error);
  /* Writes result `result` (one of status->results) to dest_path, atomically:
   * a partial file never appears at dest_path. Resumable where the protocol
   * allows it. */
  gboolean  (*fetch)  (RushesBackend            *self,
                       const char               *remote_id,
                       const char               *result,
                       const char               *dest_path,
                       const RushesBackendCall  *call,
                       GError                  **error);
  /* After a crash inside submit: find the job that carries job_id among the
   * backend's recent jobs. Returns the remote id, or NULL with no error when
   * it was never created. Optional (NULL: treated as never created only for
   * local backends). */
  char     *(*lookup) (RushesBackend       *self,
                       const char          *job_id,
                       GCancellable        *cancellable,
                       GError             **error);
  /* The job was given up (cancelled by the user, or failed for good) after
   * fetch may have started on dest_path: remove what fetch keeps beside it
   * to resume (e.g. a hidden partial file). Not called when the application
   * quits, so that the download resumes on the next start. Must not block on
   * the network. Optional (NULL: nothing to remove). */
  void      (*discard) (RushesBackend      *self,
                        const char         *remote_id,
                        const char         *dest_path);
};

const char         *rushes_backend_get_id           (RushesBackend *self);
const char         *rushes_backend_get_kind         (RushesBackend *self);
const char         *rushes_backend_get_display_name (RushesBackend *self);
gboolean            rushes_backend_is_remote        (RushesBackend *self);
RushesCapabilities *rushes_backend_get_capabilities (RushesBackend *self);
/* The capabilities of one model on this backend (NULL or "": the default
 * one); transfer full. */
RushesCapabilities *rushes_backend_get_model_capabilities (RushesBackend *self,
                                                           const char    *model);
/* Checks the recipe against the capabilities; the error names the field. */
gboolean            rushes_backend_check_recipe     (RushesBackend *self,
                                                     RushesRecipe  *recipe,
                                                     GError       **error);

char     *rushes_backend_submit (RushesBackend *self, RushesRecipe *recipe, const char *job_id,
                                 RushesProgressFunc progress, gpointer progress_data,
                                 GCancellable *cancellable, GError **error);
gboolean  rushes_backend_poll   (RushesBackend *self, const char *remote_id, RushesRemoteStatus *status,
                                 RushesProgressFunc progress, gpointer progress_data,
                                 GCancellable *cancellable, GError **error);
gboolean  rushes_backend_cancel (RushesBackend *self, const char *remote_id,
                                 GCancellable *cancellable, GError **error);
gboolean  rushes_backend_fetch  (RushesBackend *self, const char *remote_id, const char *result,
                                 const char *dest_path,
                                 RushesProgressFunc progress, gpointer progress_data,
                                 GCancellable *cancellable, GError **error);
char     *rushes_backend_lookup (RushesBackend *self, const char *job_id,
                                 GCancellable *cancellable, GError **error);
void      rushes_backend_discard (RushesBackend *self, const char *remote_id,
                                  const char *dest_path);

G_END_DECLS
