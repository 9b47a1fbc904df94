#include <elf2dfu/diagnose.h>

#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One sector erased by the simulated dfu-util run, and whether bytes were
 * written into it since. */
struct erased {
    size_t alt;
    uint32_t index;
    uint32_t start;
    uint32_t size;
    uint64_t written; /* bytes of elements inside it */
};

struct diag {
    const struct e2d_memmap *map;
    struct e2d_findings *out;
    struct e2d_error *err;
    struct erased *erased;
    size_t nerased;
    size_t cap;
    long last; /* index into erased of dfu-util's "last sector erased", or -1 */
};

static enum e2d_status finding(struct diag *d, enum e2d_severity sev, const char *code, int alt,
                               uint32_t addr, const char *fmt, ...) E2D_PRINTF(6, 7);

static enum e2d_status finding(struct diag *d, enum e2d_severity sev, const char *code, int alt,
                               uint32_t addr, const char *fmt, ...)
{
    struct e2d_finding where = {.severity = sev, .code = code, .alt = alt, .has_addr = true,
                                .addr = addr};
    enum e2d_status st;
    va_list ap;

    va_start(ap, fmt);
    st = e2d_finding_vadd(d->out, &where, d->err, fmt, ap);
    va_end(ap);
    return st;
}

bool e2d_element_sectors(const struct e2d_alt *alt, uint32_t addr, uint32_t size,
                         struct e2d_sector *first, struct e2d_sector *last)
{
    uint64_t end = (uint64_t)addr + size;
    if (size == 0 || !e2d_alt_find_sector(alt, addr, first) ||
        !e2d_alt_find_sector(alt, end - 1, last))
        return false;
    /* Both ends mapped: check there is no hole in between. */
    for (uint64_t a = (uint64_t)first->start + first->size; a < end;) {
        struct e2d_sector s;
        if (!e2d_alt_find_sector(alt, a, &s))
            return false;
        a = (uint64_t)s.start + s.size;
    }
    return true;
}

static long find_erased(const struct diag *d, size_t alt, uint32_t index)
{
    for (size_t i = 0; i < d->nerased; i++)
        if (d->erased[i].alt == alt && d->erased[i].index == index)
            return (long)i;
    return -1;
}

/* dfu-util's erase for one byte address of a chunk; reports an erase of a
 * sector that already received data earlier in the file. */
static enum e2d_status erase_at(struct diag *d, size_t alt, uint32_t addr, size_t ei,
                                bool *reported)
{
    struct e2d_sector s;
    long i;
    enum e2d_status st;

    if (!e2d_alt_find_sector(&d->map->alts[alt], addr, &s) || !(s.type & E2D_MEM_ERASABLE))
        return E2D_OK;
    i = find_erased(d, alt, s.index);
    if (d->last >= 0 && i == d->last)
        return E2D_OK;
    if (i >= 0) {
        if (d->erased[i].written > 0 && !*reported) {
            *reported = true;
            st = finding(d, E2D_SEV_ERROR, "erased-again", (int)alt, addr,
                         "element %zu comes back to sector %" PRIu32 " (0x%08" PRIX32
                         "), erased earlier: dfu-util erases it again and the %" PRIu64
                         " byte%s written there are lost",
                         ei, s.index, s.start, d->erased[i].written, E2D_S(d->erased[i].written));
            if (st != E2D_OK)
                return st;
        }
        d->erased[i].written = 0;
        d->last = i;
        return E2D_OK;
    }
    st = e2d_grow((void **)&d->erased, &d->cap, d->nerased + 1, sizeof *d->erased, d->err);
    if (st != E2D_OK)
        return st;
    d->erased[d->nerased] = (struct erased){alt, s.index, s.start, s.size, 0};
    d->last = (long)d->nerased++;
    return E2D_OK;
}

/* Counts the element's bytes into the erased sectors they land in. */
static void mark_written(struct diag *d, size_t alt, uint32_t addr, uint32_t size)
{
    uint64_t end = (uint64_t)addr + size;
    for (size_t i = 0; i < d->nerased; i++) {
        struct erased *e = &d->erased[i];
        uint64_t s = e->start > addr ? e->start : addr;
        uint64_t x = (uint64_t)e->start + e->size < end ? (uint64_t)e->start + e->size : end;
        if (e->alt == alt && s < x)
            e->written += x - s;
    }
}

/* dfu-util (dfuse_dnload_element) first erases, chunk by chunk, every page
 * a chunk touches unless it is the last page erased, then writes the whole
 * element. */
static enum e2d_status simulate_dfu_util(struct diag *d, size_t alt,
                                         const struct e2d_dfuse_element *e, size_t ei)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    bool reported = false;
    enum e2d_status st;

    for (uint64_t off = 0; off < e->size; off += E2D_DFU_UTIL_CHUNK) {
        uint64_t start = e->addr + off;
        uint64_t end = e->addr + (off + E2D_DFU_UTIL_CHUNK < e->size ? off + E2D_DFU_UTIL_CHUNK
                                                                      : e->size);
        for (uint64_t x = start; x < end;) {
            struct e2d_sector s;
            if ((st = erase_at(d, alt, (uint32_t)x, ei, &reported)) != E2D_OK)
                return st;
            if (!e2d_alt_find_sector(a, x, &s))
                break;
            x = (uint64_t)s.start + s.size;
        }
        if ((st = erase_at(d, alt, (uint32_t)(end - 1), ei, &reported)) != E2D_OK)
            return st;
    }
    mark_written(d, alt, e->addr, e->size);
    return E2D_OK;
}

static enum e2d_status check_contents(struct diag *d, size_t alt,
                                      const struct e2d_dfuse_element *e)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    uint64_t end = (uint64_t)e->addr + e->size;
    enum e2d_status st;

    if (a->kind == E2D_KIND_OPTION && a->has_rdp && a->rdp_addr >= e->addr && a->rdp_addr < end &&
        e->data[a->rdp_addr - e->addr] == 0xCC &&
        (st = finding(d, E2D_SEV_ERROR, "rdp2", (int)alt, a->rdp_addr,
                      "sets read-out protection level 2 (0xCC): the chip can never be flashed "
                      "or debugged again")) != E2D_OK)
        return st;
    if (a->kind == E2D_KIND_OTP) {
        /* ST's OTP areas: 16 blocks, then 16 lock bytes; a lock byte other
         * than 0xFF locks its block forever. */
        uint64_t total = e2d_alt_end(a) - e2d_alt_start(a);
        uint64_t lock = e2d_alt_end(a) - 16;
        if (total > 16 && (total - 16) % 16 == 0) {
            for (uint64_t x = lock; x < lock + 16; x++) {
                if (x < e->addr || x >= end || e->data[x - e->addr] == 0xFF)
                    continue;
                st = finding(d, E2D_SEV_WARNING, "otp-lock", (int)alt, (uint32_t)x,
                             "writes OTP lock byte 0x%02X: block %u can never be written again",
                             e->data[x - e->addr], (unsigned)(x - lock));
                if (st != E2D_OK)
                    return st;
            }
        }
    }
    return E2D_OK;
}

/* Placement checks of one element; false in *placed when it is not inside
 * the alt's writable memory (no sector to simulate then). */
static enum e2d_status check_place(struct diag *d, size_t alt, const struct e2d_dfuse_element *e,
                                   size_t ei, const struct e2d_dfuse_element *prev, bool *placed)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    uint64_t end = (uint64_t)e->addr + e->size;
    struct e2d_sector first, last, pfirst, plast;
    enum e2d_status st;

    *placed = false;
    if (e->size == 0)
        return finding(d, E2D_SEV_ERROR, "zero-length", (int)alt, e->addr,
                       "element %zu is empty: dfu-util fails on it", ei);
    if (prev && e->addr < (uint64_t)prev->addr + prev->size &&
        (st = finding(d, E2D_SEV_ERROR, "not-ascending", (int)alt, e->addr,
                      "element %zu starts below the end of the element before it (0x%08" PRIX64
                      "): elements must ascend",
                      ei, (uint64_t)prev->addr + prev->size)) != E2D_OK)
        return st;
    if ((e->addr % a->write_unit || e->size % a->write_unit) &&
        (st = finding(d, E2D_SEV_ERROR, "misaligned", (int)alt, e->addr,
                      "element %zu (0x%08" PRIX32 ", %" PRIu32 " byte%s): start and length must "
                      "be multiples of the %" PRIu32 "-byte write unit",
                      ei, e->addr, e->size, E2D_S(e->size), a->write_unit)) != E2D_OK)
        return st;
    if (!e2d_element_sectors(a, e->addr, e->size, &first, &last) || end > UINT32_MAX + 1ull)
        return finding(d, E2D_SEV_ERROR, "outside-memory", (int)alt, e->addr,
                       "element %zu (0x%08" PRIX32 "-0x%08" PRIX64 ") is outside %s "
                       "(0x%08" PRIX32 "-0x%08" PRIX64 ")",
                       ei, e->addr, end - 1, a->name, e2d_alt_start(a), e2d_alt_end(a) - 1);
    if (e2d_alt_extent_end(a, e->addr, E2D_MEM_WRITABLE) < end)
        return finding(d, E2D_SEV_ERROR, "read-only", (int)alt, e->addr,
                       "element %zu (0x%08" PRIX32 "-0x%08" PRIX64 ") writes read-only memory",
                       ei, e->addr, end - 1);
    *placed = true;
    if (a->kind == E2D_KIND_FLASH && !(first.type & E2D_MEM_ERASABLE) &&
        (st = finding(d, E2D_SEV_WARNING, "not-erasable", (int)alt, e->addr,
                      "element %zu is in flash that is never erased: bits can only go from 1 to 0",
                      ei)) != E2D_OK)
        return st;
    if (prev && (first.type & E2D_MEM_ERASABLE) &&
        e2d_element_sectors(a, prev->addr, prev->size, &pfirst, &plast) &&
        plast.index == first.index)
        return finding(d, E2D_SEV_WARNING, "shared-sector", (int)alt, e->addr,
                       "elements %zu and %zu share sector %" PRIu32 " (0x%08" PRIX32
                       "): a tool that erases per element loses the first one",
                       ei - 1, ei, first.index, first.start);
    return E2D_OK;
}

static enum e2d_status report_partial_erases(struct diag *d)
{
    for (size_t i = 0; i < d->nerased; i++) {
        const struct erased *e = &d->erased[i];
        enum e2d_status st;
        if (e->written >= e->size)
            continue;
        st = finding(d, E2D_SEV_NOTE, "erased-not-written", (int)e->alt, e->start,
                     "sector %" PRIu32 " (0x%08" PRIX32 ", %" PRIu32 " bytes) is erased; %" PRIu64
                     " of its bytes %s not rewritten, so whatever %s held is lost",
                     e->index, e->start, e->size, e->size - e->written,
                     e->size - e->written == 1 ? "is" : "are",
                     e->size - e->written == 1 ? "it" : "they");
        if (st != E2D_OK)
            return st;
    }
    return E2D_OK;
}

enum e2d_status e2d_diagnose(const struct e2d_dfuse_file *f, const struct e2d_memmap *map,
                             struct e2d_findings *out, struct e2d_error *err)
{
    struct diag d = {.map = map, .out = out, .err = err, .last = -1};
    enum e2d_status st = E2D_OK;

    for (size_t t = 0; t < f->ntargets && st == E2D_OK; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        const struct e2d_dfuse_element *prev = NULL;

        if (tg->alt >= map->count) {
            st = finding(&d, E2D_SEV_ERROR, "unknown-alt", tg->alt, 0,
                         "target %zu is for alternate setting %u, which the device does not "
                         "have (dfu-util skips it)",
                         t, tg->alt);
            out->v[out->count - 1].has_addr = false;
            continue;
        }
        if (map->alts[tg->alt].kind == E2D_KIND_OPTION && t + 1 < f->ntargets) {
            st = finding(&d, E2D_SEV_ERROR, "option-bytes-not-last", tg->alt,
                         e2d_alt_start(&map->alts[tg->alt]),
                         "option bytes are target %zu of %zu: writing them resets the device, so "
                         "the targets after them are never written",
                         t, f->ntargets);
            if (st != E2D_OK)
                break;
        }
        for (uint32_t i = 0; i < tg->nelements && st == E2D_OK; i++) {
            const struct e2d_dfuse_element *e = &f->elements[tg->first_element + i];
            bool placed;

            st = check_place(&d, tg->alt, e, i, prev, &placed);
            if (st == E2D_OK && placed)
                st = simulate_dfu_util(&d, tg->alt, e, i);
            if (st == E2D_OK && placed)
                st = check_contents(&d, tg->alt, e);
            prev = e;
        }
    }
    if (st == E2D_OK)
        st = report_partial_erases(&d);
    free(d.erased);
    return st;
}
