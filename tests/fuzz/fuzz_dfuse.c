/* SPDX-License-Identifier: BSD-2-Clause */
/* DfuSe reader, and everything inspect, verify and extract do with what it
 * returns: diagnosis, comparison with itself, Intel HEX output. */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct e2d_dfuse_file f;
    struct e2d_memmap map;
    struct e2d_findings findings;
    struct e2d_error err = {0};

    e2d_memmap_init(&map);
    if (e2d_memmap_from_device(&map, e2d_device_find(E2D_DEFAULT_DEVICE), E2D_BANK_DEFAULT, &err) != E2D_OK)
        abort();
    if (e2d_dfuse_read(&f, data, size, &err) == E2D_OK) {
        struct e2d_chunk *chunks = NULL;
        size_t n = 0, cap = 0;
        struct e2d_diffs diffs;

        for (size_t i = 0; i < f.nelements; i++)
            FUZZ_ASSERT(f.elements[i].span.data >= data &&
                            f.elements[i].span.data + f.elements[i].span.size <= data + size - 16,
                        "element %zu outside the file", i);
        e2d_findings_init(&findings);
        FUZZ_ASSERT(e2d_diagnose(&f, &map, &findings, &err) == E2D_OK, "%s", err.msg);
        {
            /* What needs no map is found the same without one: the
             * map-less findings are the first ones found with the map. */
            struct e2d_findings plain;
            e2d_findings_init(&plain);
            FUZZ_ASSERT(e2d_diagnose(&f, NULL, &plain, &err) == E2D_OK, "%s", err.msg);
            FUZZ_ASSERT(plain.count <= findings.count, "%zu > %zu", plain.count, findings.count);
            for (size_t i = 0; i < plain.count; i++)
                FUZZ_ASSERT(strcmp(plain.v[i].code, findings.v[i].code) == 0 &&
                                plain.v[i].addr == findings.v[i].addr,
                            "finding %zu: %s vs %s", i, plain.v[i].code, findings.v[i].code);
            e2d_findings_free(&plain);
        }
        e2d_findings_free(&findings);
        if (e2d_chunks_from_dfuse(&f, &chunks, &n, &cap, &err) == E2D_OK) {
            if (e2d_compare(&f, chunks, n, NULL, 0xFF, &diffs, &err) == E2D_OK) {
                e2d_diffs_free(&diffs);
            }
            /* Intel HEX wants ascending, non-overlapping chunks; compare sorted them. */
            e2d_ihex_write(chunks, n, fuzz_null_sink, NULL, &err);
        }
        free(chunks);
        e2d_dfuse_file_free(&f);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0', "failure without a message");
    }
    e2d_memmap_free(&map);
    return 0;
}
