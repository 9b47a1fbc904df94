/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the fuzz targets: the entry point libFuzzer calls, and the
 * built-in map they place images into. */
#ifndef ELF2DFU_FUZZ_H
#define ELF2DFU_FUZZ_H

#include <elf2dfu/elf2dfu.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant broke: stop loudly so the fuzzer keeps the input. */
#define FUZZ_ASSERT(cond, ...)                                       \
    do {                                                             \
        if (!(cond)) {                                               \
            fprintf(stderr, "invariant failed: %s: ", #cond);        \
            fprintf(stderr, __VA_ARGS__);                            \
            fputc('\n', stderr);                                     \
            abort();                                                 \
        }                                                            \
    } while (0)

static inline enum e2d_status fuzz_null_sink(void *ctx, const void *buf, size_t len,
                                             struct e2d_error *err)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)err;
    return E2D_OK;
}

#endif
