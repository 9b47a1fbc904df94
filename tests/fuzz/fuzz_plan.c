/* SPDX-License-Identifier: BSD-2-Clause */
/* The planner, fed random segment sets against random flash layouts, checks
 * its own promises on every plan it accepts:
 *   elements ascend, are aligned to the write unit, lie in writable memory;
 *   no two elements share an erase sector;
 *   every payload byte is in the file exactly once, everything else is fill;
 *   no sector without payload lies inside an element;
 *   the diagnosis finds no error or warning. */
#include "fuzz.h"

#include <string.h>

#define FLASH_BASE 0x08000000u
#define MAX_SEGS 48

struct reader {
    const uint8_t *p;
    size_t n;
};

static unsigned take(struct reader *r, unsigned bytes)
{
    unsigned v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        v = (v << 8) | (r->n ? *r->p : 0);
        if (r->n) {
            r->p++;
            r->n--;
        }
    }
    return v;
}

static uint8_t payload[1 << 16];

struct tb {
    uint8_t *data;
    size_t len, cap;
};

static enum e2d_status mem_sink(void *ctx, const void *buf, size_t len, struct e2d_error *err)
{
    struct tb *b = ctx;
    (void)err;
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    memcpy(b->data + b->len, buf, len);
    b->len += len;
    return E2D_OK;
}

static bool sector_has_payload(const struct e2d_image *img, uint64_t s, uint64_t e)
{
    for (size_t i = 0; i < img->count; i++)
        if (img->segs[i].addr < e && img->segs[i].addr + img->segs[i].size > s)
            return true;
    return false;
}

static void check_plan(const struct e2d_plan *plan, const struct e2d_memmap *map,
                       const struct e2d_image *img)
{
    for (size_t t = 0; t < plan->ntargets; t++) {
        const struct e2d_target *tg = &plan->targets[t];
        const struct e2d_alt *alt = &map->alts[tg->alt];
        const struct e2d_element *prev = NULL;
        for (size_t i = 0; i < tg->nelements; i++) {
            const struct e2d_element *el = &plan->elements[tg->first_element + i];
            uint64_t end = (uint64_t)el->addr + el->size;
            FUZZ_ASSERT(el->size > 0 && el->addr % alt->write_unit == 0 &&
                            el->size % alt->write_unit == 0,
                        "element 0x%08X+%u, unit %u", el->addr, el->size, alt->write_unit);
            FUZZ_ASSERT(e2d_alt_extent_end(alt, el->addr, E2D_MEM_WRITABLE) >= end,
                        "element 0x%08X outside writable memory", el->addr);
            if (prev) {
                FUZZ_ASSERT(el->addr >= (uint64_t)prev->addr + prev->size, "not ascending");
                if (tg->erasable)
                    FUZZ_ASSERT(el->first_sector > prev->last_sector, "shared sector %u",
                                el->first_sector);
            }
            if (tg->erasable) {
                for (uint64_t a = el->addr; a < end;) {
                    struct e2d_sector s;
                    FUZZ_ASSERT(e2d_alt_find_sector(alt, a, &s), "unmapped 0x%08llX",
                                (unsigned long long)a);
                    FUZZ_ASSERT(sector_has_payload(img, s.start, (uint64_t)s.start + s.size),
                                "element 0x%08X covers sector %u without payload", el->addr,
                                s.index);
                    a = (uint64_t)s.start + s.size;
                }
            }
            prev = el;
        }
    }
}

static void check_file(const struct e2d_plan *plan, const struct e2d_memmap *map, uint8_t fill)
{
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    struct tb b = {0};
    struct e2d_dfuse_file f;
    struct e2d_findings findings;
    struct e2d_chunk *chunks;
    size_t n;
    struct e2d_diffs diffs;
    struct e2d_error err;

    FUZZ_ASSERT(e2d_dfuse_write(plan, &ids, mem_sink, &b, &err) == E2D_OK, "%s", err.msg);
    FUZZ_ASSERT(e2d_dfuse_read(&f, b.data, b.len, &err) == E2D_OK, "%s", err.msg);
    FUZZ_ASSERT(f.findings.count == 0, "%s", f.findings.v[0].msg);
    e2d_findings_init(&findings);
    FUZZ_ASSERT(e2d_diagnose(&f, map, &findings, &err) == E2D_OK, "%s", err.msg);
    for (size_t i = 0; i < findings.count; i++)
        FUZZ_ASSERT(findings.v[i].severity < E2D_SEV_WARNING ||
                        strcmp(findings.v[i].code, "otp-lock") == 0,
                    "%s: %s", findings.v[i].code, findings.v[i].msg);
    FUZZ_ASSERT(e2d_chunks_from_plan(plan, &chunks, &n, &err) == E2D_OK, "%s", err.msg);
    FUZZ_ASSERT(e2d_compare(&f, chunks, n, map, fill, &diffs, &err) == E2D_OK, "%s", err.msg);
    FUZZ_ASSERT(diffs.total == 0, "%llu differing ranges, first at 0x%08X",
                (unsigned long long)diffs.total, diffs.v[0].addr);
    e2d_diffs_free(&diffs);
    free(chunks);
    e2d_findings_free(&findings);
    e2d_dfuse_file_free(&f);
    free(b.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader r = {data, size};
    struct e2d_memmap map;
    struct e2d_image img;
    struct e2d_plan plan;
    struct e2d_plan_options opts;
    struct e2d_error err;
    char layout[1024];
    size_t len;
    unsigned nruns, unit;
    uint32_t addr = FLASH_BASE;

    if (!payload[1])
        for (size_t i = 0; i < sizeof payload; i++)
            payload[i] = (uint8_t)(i * 13 + 7);
    /* Flash: 1-6 runs of 1-8 sectors of 256 B-32 KiB, sometimes a hole or a
     * read-only run; write unit 1 byte-32 KiB (mostly 1-32 bytes; larger
     * ones must never pad into a sector without payload). */
    nruns = take(&r, 1) % 6 + 1;
    unit = take(&r, 1);
    unit = 1u << (unit & 0x80 ? unit % 16 : unit % 6);
    len = (size_t)snprintf(layout, sizeof layout, "@Internal Flash /0x%08X/", addr);
    for (unsigned i = 0; i < nruns; i++) {
        unsigned shape = take(&r, 1);
        unsigned count = shape % 8 + 1, ssize = 256u << ((shape >> 3) % 8);
        char type = (take(&r, 1) % 16) == 0 ? 'a' : 'g';
        if (i > 0 && (shape & 0x80)) {
            addr += ssize; /* a hole before this run */
            len += (size_t)snprintf(layout + len, sizeof layout - len, "/0x%08X/", addr);
        } else if (i > 0) {
            layout[len++] = ',';
        }
        len += (size_t)snprintf(layout + len, sizeof layout - len, "%u*%uB%c", count, ssize, type);
        addr += count * ssize;
    }
    e2d_memmap_init(&map);
    e2d_image_init(&img);
    e2d_plan_options_init(&opts);
    if (e2d_memmap_add_layout(&map, layout, unit, &err) != E2D_OK ||
        e2d_memmap_add_layout(&map, "@Option Bytes /0x1FFF0000/01*048 e", unit, &err) != E2D_OK ||
        e2d_memmap_add_layout(&map, "@OTP Memory /0x1FF07800/01*528e", unit, &err) != E2D_OK) {
        fprintf(stderr, "%s: %s\n", layout, err.msg);
        abort();
    }
    opts.fill = (uint8_t)take(&r, 1);
    opts.allow_unchecked_option_bytes = take(&r, 1) & 1;
    /* Segments: where (flash, OTP, option bytes), offset, size. */
    for (unsigned i = 0; i < MAX_SEGS && r.n >= 4; i++) {
        unsigned where = take(&r, 1), off = take(&r, 3), sz = take(&r, 2) % 4096 + 1;
        uint32_t base = where % 8 == 0 ? 0x1FF07800u : where % 8 == 1 ? 0x1FFF0000u : FLASH_BASE;
        uint32_t span = where % 8 == 0 ? 528 : where % 8 == 1 ? 48 : addr - FLASH_BASE + 64;
        e2d_image_add(&img, base + off % span, sz, payload + (off % 32768), "seg", &err);
    }
    if (e2d_plan_build(&plan, &img, &map, &opts, &err) == E2D_OK) {
        check_plan(&plan, &map, &img);
        check_file(&plan, &map, opts.fill);
        e2d_plan_free(&plan);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0', "failure without a message");
    }
    e2d_image_free(&img);
    e2d_memmap_free(&map);
    return 0;
}
