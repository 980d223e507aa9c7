/* rushes-types.h: forward declarations shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RushesBackend      RushesBackend;
typedef struct _RushesRecipe       RushesRecipe;
typedef struct _RushesJob          RushesJob;
typedef struct _RushesJobQueue     RushesJobQueue;
typedef struct _RushesJournal      RushesJournal;
typedef struct _RushesTake         RushesTake;
typedef struct _RushesLibrary      RushesLibrary;
typedef struct _RushesProject      RushesProject;

G_END_DECLS
