/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/api.h>

const char *e2d_version(void)
{
    return E2D_VERSION;
}

int e2d_version_number(void)
{
    return E2D_VERSION_NUMBER;
}
