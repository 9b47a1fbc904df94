/* SPDX-License-Identifier: BSD-2-Clause */
/* Bytes at an address, and where bytes go: the two small types most of
 * the library hands around, in a header that drags in nothing else. */
#ifndef ELF2DFU_SPAN_H
#define ELF2DFU_SPAN_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <stddef.h>
#include <stdint.h>

E2D_BEGIN_DECLS

/* size bytes from addr, borrowed (from an input's mapping, an image, a
 * DfuSe file): a plan's pieces of payload, a DfuSe file's elements, and
 * the chunks verify compares are all spans. An image's segments are not:
 * their addresses are 64-bit, so that the planner can refuse what lies
 * beyond 4 GiB instead of wrapping it. */
struct e2d_span {
    uint32_t addr;
    uint32_t size;
    const uint8_t *data;
};

/* A span of an alternate setting. */
struct e2d_chunk {
    uint8_t alt;
    struct e2d_span span;
};

/* Receives a file as it is produced, in order; returns E2D_OK or fills err. */
typedef enum e2d_status (*e2d_sink_fn)(void *ctx, const void *buf, size_t len,
                                       struct e2d_error *err);

E2D_END_DECLS

#endif
