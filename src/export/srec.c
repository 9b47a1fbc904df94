/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/export.h>

#include "internal.h"

#define SREC_DATA_PER_RECORD 32u

/* "S<type><count><address><data><checksum>\n"; count covers the address,
 * the data and the checksum, the checksum is the ones' complement of the
 * low byte of their sum. */
static enum e2d_status record(e2d_sink_fn sink, void *ctx, char type, uint32_t addr,
                              unsigned addr_len, const uint8_t *data, uint32_t len,
                              struct e2d_error *err)
{
    static const char hex[] = "0123456789ABCDEF";
    char line[4 + 2 * (4 + SREC_DATA_PER_RECORD + 1) + 1];
    uint8_t count = (uint8_t)(addr_len + len + 1), sum = count;
    size_t n = 0;

    line[n++] = 'S';
    line[n++] = type;
    line[n++] = hex[count >> 4];
    line[n++] = hex[count & 15];
    for (unsigned i = addr_len; i-- > 0;) {
        uint8_t b = (uint8_t)(addr >> (8 * i));
        sum = (uint8_t)(sum + b);
        line[n++] = hex[b >> 4];
        line[n++] = hex[b & 15];
    }
    for (uint32_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + data[i]);
        line[n++] = hex[data[i] >> 4];
        line[n++] = hex[data[i] & 15];
    }
    sum = (uint8_t)(0xFFu ^ sum);
    line[n++] = hex[sum >> 4];
    line[n++] = hex[sum & 15];
    line[n++] = '\n';
    return sink(ctx, line, n, err);
}

enum e2d_status e2d_srec_write(const struct e2d_chunk *chunks, size_t n, e2d_sink_fn sink,
                               void *ctx, struct e2d_error *err)
{
    uint64_t records = 0;
    enum e2d_status st;

    if ((n && !chunks) || !sink)
        return e2d_fail(err, E2D_ERR_ARG, "no chunks or sink given");
    st = record(sink, ctx, '0', 0, 2, NULL, 0, err);

    for (size_t c = 0; c < n && st == E2D_OK; c++) {
        uint64_t addr = chunks[c].span.addr, end = addr + chunks[c].span.size;
        while (addr < end && st == E2D_OK) {
            uint32_t len = end - addr < SREC_DATA_PER_RECORD ? (uint32_t)(end - addr)
                                                             : SREC_DATA_PER_RECORD;
            st = record(sink, ctx, '3', (uint32_t)addr, 4,
                        chunks[c].span.data + (addr - chunks[c].span.addr), len, err);
            addr += len;
            records++;
        }
    }
    /* The count of data records, when it fits one (S5: 16 bits, S6: 24). */
    if (st == E2D_OK && records <= 0xFFFF)
        st = record(sink, ctx, '5', (uint32_t)records, 2, NULL, 0, err);
    else if (st == E2D_OK && records <= 0xFFFFFF)
        st = record(sink, ctx, '6', (uint32_t)records, 3, NULL, 0, err);
    if (st == E2D_OK)
        st = record(sink, ctx, '7', 0, 4, NULL, 0, err);
    return st;
}
