/* SPDX-License-Identifier: BSD-2-Clause */
/* Intel HEX loading (the checks: text.h). */
#define TEXT_FORMAT E2D_FORMAT_IHEX
#include "text.h"
