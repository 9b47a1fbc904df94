/* SPDX-License-Identifier: BSD-2-Clause */
/* The body of the Intel HEX and S-record fuzz targets (fuzz_ihex.c,
 * fuzz_srec.c define TEXT_FORMAT and include this): any text either loads
 * into segments that are in address order, do not overlap and stay below
 * 4 GiB, or fails with a message; and parsed in two halves on two threads
 * it gives the same bytes at the same addresses, start address and message
 * as in one piece (a run cut where the halves meet may be two segments). */
#ifndef ELF2DFU_FUZZ_TEXT_H
#define ELF2DFU_FUZZ_TEXT_H

#include "fuzz.h"

#include <elf2dfu/load.h>
#include <string.h>

static enum e2d_status load(const uint8_t *data, size_t size, uint64_t parallel_min,
                            struct e2d_image *img, struct e2d_error *err)
{
    struct e2d_load_options o;
    struct e2d_source *src = NULL;
    enum e2d_status st;

    e2d_image_init(img);
    e2d_load_options_init(&o);
    o.format = TEXT_FORMAT;
    o.parallel_min = parallel_min;
    memset(err, 0, sizeof *err);
    st = e2d_source_load(&src, data, size, &o, img, err);
    e2d_source_close(src);
    return st;
}

/* Both images hold the same bytes at the same addresses, however their
 * segments are cut. */
static void same_bytes(const struct e2d_image *a, const struct e2d_image *b)
{
    size_t i = 0, j = 0;
    uint64_t x = 0, y = 0; /* offsets within a->segs[i], b->segs[j] */

    while (i < a->count && j < b->count) {
        const struct e2d_segment *s = &a->segs[i], *t = &b->segs[j];
        uint64_t n = s->size - x < t->size - y ? s->size - x : t->size - y;
        FUZZ_ASSERT(s->addr + x == t->addr + y, "0x%llx against 0x%llx",
                    (unsigned long long)(s->addr + x), (unsigned long long)(t->addr + y));
        FUZZ_ASSERT(memcmp(s->data + x, t->data + y, n) == 0, "bytes at 0x%llx",
                    (unsigned long long)(s->addr + x));
        x += n;
        y += n;
        if (x == s->size) {
            i++;
            x = 0;
        }
        if (y == t->size) {
            j++;
            y = 0;
        }
    }
    FUZZ_ASSERT(i == a->count && j == b->count, "one has more bytes");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct e2d_image one, two;
    struct e2d_error err1, err2;
    enum e2d_status st1 = load(data, size, UINT64_MAX, &one, &err1);
    enum e2d_status st2 = load(data, size, 2, &two, &err2);

    FUZZ_ASSERT(st1 == st2, "one piece: %d, halves: %d", st1, st2);
    if (st1 == E2D_OK) {
        FUZZ_ASSERT(one.count > 0, "loaded nothing without an error");
        FUZZ_ASSERT(one.has_entry == two.has_entry && one.entry == two.entry, "start address");
        for (size_t i = 0; i < one.count; i++) {
            const struct e2d_segment *s = &one.segs[i];
            FUZZ_ASSERT(s->size > 0 && s->addr + s->size <= (1ull << 32), "segment %zu", i);
            FUZZ_ASSERT(i == 0 || one.segs[i - 1].addr + one.segs[i - 1].size <= s->addr,
                        "segment %zu overlaps or is out of order", i);
        }
        for (size_t i = 1; i < two.count; i++)
            FUZZ_ASSERT(two.segs[i - 1].addr + two.segs[i - 1].size <= two.segs[i].addr,
                        "halves: segment %zu overlaps or is out of order", i);
        same_bytes(&one, &two);
    } else {
        FUZZ_ASSERT(err1.msg[0] != '\0', "failure without a message");
        FUZZ_ASSERT(strcmp(err1.msg, err2.msg) == 0, "messages differ: %s / %s", err1.msg,
                    err2.msg);
    }
    e2d_image_free(&one);
    e2d_image_free(&two);
    return 0;
}

#endif
