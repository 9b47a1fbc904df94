/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/export.h>

#include "internal.h"

#include <stdio.h>

#define IHEX_DATA_PER_RECORD 16u

static enum e2d_status record(e2d_sink_fn sink, void *ctx, uint8_t type, uint16_t addr,
                              const uint8_t *data, uint8_t len, struct e2d_error *err)
{
    static const char hex[] = "0123456789ABCDEF";
    char line[1 + 2 * (4 + 255 + 1) + 1];
    uint8_t sum = (uint8_t)(len + (addr >> 8) + addr + type);
    size_t n = 0;
    uint8_t head[4] = {len, (uint8_t)(addr >> 8), (uint8_t)addr, type};

    line[n++] = ':';
    for (size_t i = 0; i < 4; i++) {
        line[n++] = hex[head[i] >> 4];
        line[n++] = hex[head[i] & 15];
    }
    for (size_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + data[i]);
        line[n++] = hex[data[i] >> 4];
        line[n++] = hex[data[i] & 15];
    }
    sum = (uint8_t)-sum;
    line[n++] = hex[sum >> 4];
    line[n++] = hex[sum & 15];
    line[n++] = '\n';
    return sink(ctx, line, n, err);
}

enum e2d_status e2d_ihex_write(const struct e2d_chunk *chunks, size_t n, e2d_sink_fn sink,
                               void *ctx, struct e2d_error *err)
{
    uint32_t upper = 0;
    bool have_upper = false;
    enum e2d_status st;

    if ((n && !chunks) || !sink)
        return e2d_fail(err, E2D_ERR_ARG, "no chunks or sink given");
    for (size_t c = 0; c < n; c++) {
        uint64_t addr = chunks[c].span.addr, end = addr + chunks[c].span.size;
        while (addr < end) {
            uint32_t len = IHEX_DATA_PER_RECORD;
            /* A record may not cross a 64 KiB boundary: its address is 16-bit. */
            uint64_t boundary = (addr | 0xFFFFu) + 1;
            if (len > end - addr)
                len = (uint32_t)(end - addr);
            if (len > boundary - addr)
                len = (uint32_t)(boundary - addr);
            if (!have_upper || (addr >> 16) != upper) {
                uint8_t ela[2] = {(uint8_t)(addr >> 24), (uint8_t)(addr >> 16)};
                upper = (uint32_t)(addr >> 16);
                have_upper = true;
                if ((st = record(sink, ctx, 0x04, 0, ela, 2, err)) != E2D_OK)
                    return st;
            }
            st = record(sink, ctx, 0x00, (uint16_t)addr, chunks[c].span.data + (addr - chunks[c].span.addr),
                        (uint8_t)len, err);
            if (st != E2D_OK)
                return st;
            addr += len;
        }
    }
    return record(sink, ctx, 0x01, 0, NULL, 0, err);
}
