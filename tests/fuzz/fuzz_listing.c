/* SPDX-License-Identifier: BSD-2-Clause */
/* Pasted maps (-m @FILE): any text either parses into alts whose runs
 * ascend, or fails with a message and, for a fault in a line, its line
 * number; recognition of whatever parsed never fails. */
#include "fuzz.h"

#include <elf2dfu/device.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct e2d_memmap map;
    struct e2d_listing_info info;
    struct e2d_recognition r;
    struct e2d_error err;

    e2d_memmap_init(&map);
    if (e2d_memmap_parse_listing(&map, (const char *)data, size, &info, &err) == E2D_OK) {
        FUZZ_ASSERT(info.nalts > 0 && map.count > 0, "%zu alts", info.nalts);
        for (size_t a = 0; a < map.count; a++) {
            const struct e2d_alt *alt = &map.alts[a];
            for (size_t i = 1; i < alt->nruns; i++)
                FUZZ_ASSERT(alt->runs[i].start >= (uint64_t)alt->runs[i - 1].start +
                                                       (uint64_t)alt->runs[i - 1].count *
                                                           alt->runs[i - 1].size,
                            "alt %zu run %zu", a, i);
        }
        FUZZ_ASSERT(e2d_device_recognise(&map, &r, &err) == E2D_OK, "%s", err.msg);
        for (size_t a = 0; a < map.count; a++)
            FUZZ_ASSERT(!map.alts[a].nruns || map.alts[a].write_unit > 0, "alt %zu unit", a);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0', "failure without a message");
    }
    e2d_memmap_free(&map);
    return 0;
}
