/* rushes-exporter.h: render a project to a finished file with GES
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only (GES). The encode runs in GStreamer's streaming
 * threads; the main loop only polls progress and handles the bus. The
 * file is written under a temporary name next to the output and renamed
 * when complete; on failure or cancel the partial file is removed.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-project.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_EXPORT_PRESET_WEBM,    /* VP9 + Opus, always available */
  RUSHES_EXPORT_PRESET_MP4,     /* H.264 + AAC, when an H.264 encoder exists */
  RUSHES_EXPORT_PRESET_PRORES,  /* ProRes + PCM in MOV, for other editors */
} RushesExportPreset;

typedef enum
{
  RUSHES_EXPORT_QUALITY_LOW,
  RUSHES_EXPORT_QUALITY_MEDIUM,
  RUSHES_EXPORT_QUALITY_HIGH,
} RushesExportQuality;

#define RUSHES_EXPORTER_ERROR (rushes_exporter_error_quark ())
typedef enum
{
  RUSHES_EXPORTER_ERROR_UNAVAILABLE,  /* no encoder for the preset */
  RUSHES_EXPORTER_ERROR_FAILED,       /* the pipeline failed; message says why */
  RUSHES_EXPORTER_ERROR_OUTPUT,       /* could not write or rename the output */
} RushesExporterError;

GQuark rushes_exporter_error_quark (void);

gboolean     rushes_export_preset_is_available   (RushesExportPreset  preset);
const char  *rushes_export_preset_to_string      (RushesExportPreset  preset);
gboolean     rushes_export_preset_from_string    (const char         *id,
                                                  RushesExportPreset *preset);
const char  *rushes_export_preset_get_extension  (RushesExportPreset  preset);
const char  *rushes_export_preset_get_title      (RushesExportPreset  preset);
gboolean     rushes_export_quality_from_string   (const char          *id,
                                                  RushesExportQuality *quality);
/* "project" → 0 (the project's size), "1080p" → 1080, "720p" → 720; FALSE if unknown */
gboolean     rushes_export_resolution_from_string (const char         *id,
                                                   guint              *height);

#define RUSHES_TYPE_EXPORTER (rushes_exporter_get_type ())
G_DECLARE_FINAL_TYPE (RushesExporter, rushes_exporter, RUSHES, EXPORTER, GObject)

/* Settings start as the project's export settings. */
RushesExporter *rushes_exporter_new              (RushesProject        *project);
void            rushes_exporter_set_preset       (RushesExporter       *self,
                                                  RushesExportPreset    preset);
RushesExportPreset rushes_exporter_get_preset    (RushesExporter       *self);
/* 0: the project's height; otherwise the output height (width follows the aspect) */
void            rushes_exporter_set_height       (RushesExporter       *self,
                                                  guint                 height);
void            rushes_exporter_set_quality      (RushesExporter       *self,
                                                  RushesExportQuality   quality);
void            rushes_exporter_set_embed_recipes (RushesExporter      *self,
                                                  gboolean              embed);
/* The output size these settings give */
void            rushes_exporter_get_output_size  (RushesExporter       *self,
                                                  guint                *width,
                                                  guint                *height);

/* progress 0–1; eta in seconds, -1 while unknown */
double          rushes_exporter_get_progress     (RushesExporter       *self);
gint64          rushes_exporter_get_eta          (RushesExporter       *self);
gboolean        rushes_exporter_get_running      (RushesExporter       *self);

void            rushes_exporter_export_async     (RushesExporter       *self,
                                                  const char           *output_path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        rushes_exporter_export_finish    (RushesExporter       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
