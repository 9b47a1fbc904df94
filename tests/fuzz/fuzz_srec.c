/* SPDX-License-Identifier: BSD-2-Clause */
/* S-record loading (the checks: text.h). */
#define TEXT_FORMAT E2D_FORMAT_SREC
#include "text.h"
