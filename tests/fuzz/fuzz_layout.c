/* SPDX-License-Identifier: BSD-2-Clause */
/* Layout-string parser: any string either parses into ascending,
 * non-overlapping, in-range runs, or fails with a message. */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct e2d_memmap map;
    struct e2d_error err;
    char *s = malloc(size + 1);

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    e2d_memmap_init(&map);
    if (e2d_memmap_add_layout(&map, s, 8, &err) == E2D_OK) {
        const struct e2d_alt *alt = &map.alts[0];
        uint64_t prev_end = 0;
        FUZZ_ASSERT(map.count == 1 && alt->nruns > 0, "%zu alts", map.count);
        for (size_t i = 0; i < alt->nruns; i++) {
            const struct e2d_sector_run *r = &alt->runs[i];
            uint64_t end = (uint64_t)r->start + (uint64_t)r->count * r->size;
            struct e2d_sector sec;
            FUZZ_ASSERT(r->start >= prev_end && end <= (1ull << 32) && r->count && r->size,
                        "run %zu", i);
            FUZZ_ASSERT(e2d_alt_find_sector(alt, r->start, &sec) && sec.start == r->start,
                        "run %zu start", i);
            FUZZ_ASSERT(e2d_alt_find_sector(alt, end - 1, &sec), "run %zu end", i);
            prev_end = end;
        }
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0', "failure without a message");
    }
    e2d_memmap_free(&map);
    free(s);
    return 0;
}
