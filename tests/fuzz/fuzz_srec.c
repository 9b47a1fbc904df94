/* S-record loading (the checks: text.h). */
#define TEXT_FORMAT E2D_FORMAT_SREC
#include "text.h"
