/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/diagnose.h>

#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One sector erased by the simulated dfu-util run, and how many bytes of
 * elements were written into it since. */
struct erased {
    size_t alt;
    uint32_t index;
    uint32_t start;
    uint32_t size;
    uint64_t written;
};

/* Erased sectors by (alt, index): an open-addressing hash, so that the
 * simulation stays linear in the sectors touched (a file with 65,536
 * elements, or one element over 262,144 sectors). */
struct erased_set {
    struct erased *v;
    size_t n, cap;
    size_t *slots; /* index + 1 into v; 0: empty */
    size_t nslots; /* a power of two, at least twice n */
};

struct diag {
    const struct e2d_memmap *map;
    struct e2d_findings *out;
    struct e2d_error *err;
    struct erased_set erased;
    size_t last; /* index + 1 into erased.v of dfu-util's "last sector erased"; 0: none */
};

static enum e2d_status vfinding(struct e2d_findings *out, struct e2d_error *err,
                                enum e2d_severity sev, const char *code, int alt, bool has_addr,
                                uint32_t addr, const char *fmt, va_list ap)
{
    struct e2d_finding where = {.severity = sev, .code = code, .alt = alt,
                                .has_addr = has_addr, .addr = addr};
    return e2d_finding_vadd(out, &where, err, fmt, ap);
}

static enum e2d_status finding(struct diag *d, enum e2d_severity sev, const char *code, int alt,
                               uint32_t addr, const char *fmt, ...) E2D_PRINTF(6, 7);

static enum e2d_status finding(struct diag *d, enum e2d_severity sev, const char *code, int alt,
                               uint32_t addr, const char *fmt, ...)
{
    enum e2d_status st;
    va_list ap;

    va_start(ap, fmt);
    st = vfinding(d->out, d->err, sev, code, alt, true, addr, fmt, ap);
    va_end(ap);
    return st;
}

/* A finding about a target as a whole: no address. */
static enum e2d_status target_finding(struct diag *d, const char *code, int alt,
                                      const char *fmt, ...) E2D_PRINTF(4, 5);

static enum e2d_status target_finding(struct diag *d, const char *code, int alt,
                                      const char *fmt, ...)
{
    enum e2d_status st;
    va_list ap;

    va_start(ap, fmt);
    st = vfinding(d->out, d->err, E2D_SEV_ERROR, code, alt, false, 0, fmt, ap);
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
    /* Both ends mapped: no hole in between (back-to-back runs). */
    return e2d_alt_extent_end(alt, addr, 0) >= end;
}

/* ---- The set of erased sectors ----------------------------------------- */

static size_t slot_of(const struct erased_set *s, size_t alt, uint32_t index)
{
    uint64_t key = ((uint64_t)alt << 32) | index;
    /* Fibonacci hashing: sector indices come in runs, the multiply spreads them. */
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (s->nslots - 1);
}

static size_t erased_find(const struct erased_set *s, size_t alt, uint32_t index)
{
    if (!s->nslots)
        return 0;
    for (size_t i = slot_of(s, alt, index);; i = (i + 1) & (s->nslots - 1)) {
        size_t k = s->slots[i];
        if (k == 0 || (s->v[k - 1].alt == alt && s->v[k - 1].index == index))
            return k;
    }
}

static enum e2d_status erased_rehash(struct erased_set *s, struct e2d_error *err)
{
    size_t n = s->nslots ? s->nslots * 2 : 1024;
    size_t *slots = calloc(n, sizeof *slots);

    if (!slots)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    free(s->slots);
    s->slots = slots;
    s->nslots = n;
    for (size_t k = 0; k < s->n; k++) {
        size_t i = slot_of(s, s->v[k].alt, s->v[k].index);
        while (s->slots[i])
            i = (i + 1) & (n - 1);
        s->slots[i] = k + 1;
    }
    return E2D_OK;
}

/* Adds a sector not in the set yet; returns its index + 1 in *k. */
static enum e2d_status erased_add(struct erased_set *s, const struct erased *e, size_t *k,
                                  struct e2d_error *err)
{
    enum e2d_status st;
    size_t i;

    if ((s->n + 1) * 2 > s->nslots && (st = erased_rehash(s, err)) != E2D_OK)
        return st;
    if ((st = e2d_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v, err)) != E2D_OK)
        return st;
    s->v[s->n++] = *e;
    for (i = slot_of(s, e->alt, e->index); s->slots[i]; i = (i + 1) & (s->nslots - 1))
        ;
    s->slots[i] = s->n;
    *k = s->n;
    return E2D_OK;
}

/* ---- What dfu-util does ------------------------------------------------- */

/* dfu-util's erase for one byte address of a chunk; reports an erase of a
 * sector that already received data earlier in the file. */
static enum e2d_status erase_at(struct diag *d, size_t alt, uint32_t addr, size_t ei,
                                bool *reported)
{
    struct e2d_sector s;
    size_t k;
    enum e2d_status st;

    if (!e2d_alt_find_sector(&d->map->alts[alt], addr, &s) || !(s.type & E2D_MEM_ERASABLE))
        return E2D_OK;
    k = erased_find(&d->erased, alt, s.index);
    if (k && k == d->last)
        return E2D_OK;
    if (k) {
        struct erased *e = &d->erased.v[k - 1];
        if (e->written > 0 && !*reported) {
            *reported = true;
            st = finding(d, E2D_SEV_ERROR, "erased-again", (int)alt, addr,
                         "element %zu comes back to sector %" PRIu32 " (0x%08" PRIX32
                         "), erased earlier: dfu-util erases it again and the %" PRIu64
                         " byte%s written there %s lost",
                         ei, s.index, s.start, e->written, E2D_S(e->written),
                         e->written == 1 ? "is" : "are");
            if (st != E2D_OK)
                return st;
        }
        e->written = 0;
        d->last = k;
        return E2D_OK;
    }
    st = erased_add(&d->erased, &(struct erased){alt, s.index, s.start, s.size, 0}, &k, d->err);
    if (st == E2D_OK)
        d->last = k;
    return st;
}

/* Counts the element's bytes into the erased sectors they land in. */
static void mark_written(struct diag *d, size_t alt, uint32_t addr, uint32_t size)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    uint64_t end = (uint64_t)addr + size;

    for (uint64_t x = addr; x < end;) {
        struct e2d_sector s;
        size_t k;
        uint64_t s_end;
        if (!e2d_alt_find_sector(a, x, &s))
            return;
        s_end = (uint64_t)s.start + s.size;
        k = erased_find(&d->erased, alt, s.index);
        if (k)
            d->erased.v[k - 1].written += (s_end < end ? s_end : end) - x;
        x = s_end;
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

    for (uint64_t off = 0; off < e->span.size; off += E2D_DFU_UTIL_CHUNK) {
        uint64_t start = e->span.addr + off;
        uint64_t end = e->span.addr + (off + E2D_DFU_UTIL_CHUNK < e->span.size ? off + E2D_DFU_UTIL_CHUNK
                                                                      : e->span.size);
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
    mark_written(d, alt, e->span.addr, e->span.size);
    return E2D_OK;
}

/* ---- Checks that need no memory map ------------------------------------- */

/* An element as placed in the device: for the overlap sweep. */
struct span {
    uint8_t alt;
    uint64_t start, end;
    size_t target, element;
};

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    if (x->alt != y->alt)
        return x->alt < y->alt ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->target > y->target) - (x->target < y->target);
}

/* dfu-util writes every target of the chosen alt, in file order: two
 * elements that share bytes write them twice, the second time over data
 * (flash: not erased again if the sector was the last one erased; OTP:
 * never). One sort and a sweep over all targets together. */
static enum e2d_status check_overlaps(struct diag *d, const struct e2d_dfuse_file *f)
{
    struct span *v = malloc((f->nelements ? f->nelements : 1) * sizeof *v);
    size_t n = 0;
    enum e2d_status st = E2D_OK;

    if (!v)
        return e2d_fail(d->err, E2D_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < f->ntargets; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        for (uint32_t i = 0; i < tg->nelements; i++) {
            const struct e2d_dfuse_element *e = &f->elements[tg->first_element + i];
            if (e->span.size > 0)
                v[n++] = (struct span){tg->alt, e->span.addr, (uint64_t)e->span.addr + e->span.size, t, i};
        }
    }
    if (n > 1)
        qsort(v, n, sizeof *v, span_cmp);
    for (size_t i = 1, reach = 0; i < n && st == E2D_OK; i++) {
        /* reach: the element of this alt, before i, that ends last. */
        if (v[i].alt != v[reach].alt) {
            reach = i;
            continue;
        }
        if (v[i].start < v[reach].end) {
            const struct span *a = &v[reach], *b = &v[i];
            /* Name them in file order: the later one is the second write. */
            if (a->target > b->target || (a->target == b->target && a->element > b->element)) {
                const struct span *x = a;
                a = b;
                b = x;
            }
            st = finding(d, E2D_SEV_ERROR, "overlap", v[i].alt, (uint32_t)v[i].start,
                         "target %zu element %zu (0x%08" PRIX64 "-0x%08" PRIX64
                         ") overlaps target %zu element %zu (0x%08" PRIX64 "-0x%08" PRIX64
                         "): dfu-util writes those bytes twice, the second time over data",
                         b->target, b->element, b->start, b->end - 1, a->target, a->element,
                         a->start, a->end - 1);
        }
        if (v[i].end > v[reach].end)
            reach = i;
    }
    free(v);
    return st;
}

static enum e2d_status check_structure(struct diag *d, const struct e2d_dfuse_file *f)
{
    enum e2d_status st = E2D_OK;

    for (size_t t = 0; t < f->ntargets && st == E2D_OK; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        const struct e2d_dfuse_element *prev = NULL;

        for (uint32_t i = 0; i < tg->nelements && st == E2D_OK; i++) {
            const struct e2d_dfuse_element *e = &f->elements[tg->first_element + i];
            uint64_t end = (uint64_t)e->span.addr + e->span.size;

            if (e->span.size == 0)
                st = finding(d, E2D_SEV_ERROR, "zero-length", tg->alt, e->span.addr,
                             "target %zu element %" PRIu32 " is empty: dfu-util fails on it", t, i);
            else if (end > (1ull << 32))
                st = finding(d, E2D_SEV_ERROR, "wraps-4gib", tg->alt, e->span.addr,
                             "target %zu element %" PRIu32 " (0x%08" PRIX32 ", %" PRIu32
                             " bytes) runs past the end of the 4 GiB address space",
                             t, i, e->span.addr, e->span.size);
            if (st == E2D_OK && prev && e->span.addr < prev->span.addr)
                st = finding(d, E2D_SEV_ERROR, "not-ascending", tg->alt, e->span.addr,
                             "target %zu element %" PRIu32 " starts below element %" PRIu32
                             " before it (0x%08" PRIX32 "): elements must ascend, or dfu-util "
                             "erases sectors it already wrote",
                             t, i, i - 1, prev->span.addr);
            if (e->span.size > 0)
                prev = e;
        }
    }
    if (st == E2D_OK)
        st = check_overlaps(d, f);
    return st;
}

/* ---- Checks against the memory map -------------------------------------- */

static enum e2d_status check_contents(struct diag *d, size_t alt,
                                      const struct e2d_dfuse_element *e)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    uint64_t end = (uint64_t)e->span.addr + e->span.size;
    enum e2d_status st;

    if (a->kind == E2D_KIND_OPTION && a->rdp == E2D_RDP_BYTE && a->rdp_addr >= e->span.addr &&
        a->rdp_addr < end &&
        e->span.data[a->rdp_addr - e->span.addr] == 0xCC &&
        (st = finding(d, E2D_SEV_ERROR, "rdp2", (int)alt, a->rdp_addr,
                      "sets read-out protection level 2 (0xCC): the chip can never be flashed "
                      "or debugged again")) != E2D_OK)
        return st;
    /* Lock bytes (F2/F4/F7): one other than 0xFF locks its block forever. */
    for (uint32_t k = 0; a->kind == E2D_KIND_OTP && k < a->otp_locks; k++) {
        uint64_t x = (uint64_t)a->otp_lock_start + k;
        if (x < e->span.addr || x >= end || e->span.data[x - e->span.addr] == 0xFF)
            continue;
        st = finding(d, E2D_SEV_WARNING, "otp-lock", (int)alt, (uint32_t)x,
                     "writes OTP lock byte 0x%02X: block %" PRIu32 " (0x%08" PRIX64
                     ") can never be written again",
                     e->span.data[x - e->span.addr], k, (uint64_t)e2d_alt_start(a) + (uint64_t)k * a->otp_block);
        if (st != E2D_OK)
            return st;
    }
    return E2D_OK;
}

/* Placement checks of one element; false in *placed when it is not inside
 * the alt's writable memory (no sector to simulate then). */
static enum e2d_status check_place(struct diag *d, size_t alt, const struct e2d_dfuse_element *e,
                                   size_t ei, const struct e2d_dfuse_element *prev, bool *placed)
{
    const struct e2d_alt *a = &d->map->alts[alt];
    uint64_t end = (uint64_t)e->span.addr + e->span.size;
    struct e2d_sector first, last, pfirst, plast;
    enum e2d_status st;

    *placed = false;
    if (e->span.size == 0 || end > (1ull << 32))
        return E2D_OK; /* reported by check_structure */
    if ((e->span.addr % a->write_unit || e->span.size % a->write_unit) &&
        (st = finding(d, E2D_SEV_ERROR, "misaligned", (int)alt, e->span.addr,
                      "element %zu (0x%08" PRIX32 ", %" PRIu32 " byte%s): start and length must "
                      "be multiples of the %" PRIu32 "-byte write unit",
                      ei, e->span.addr, e->span.size, E2D_S(e->span.size), a->write_unit)) != E2D_OK)
        return st;
    if (!e2d_element_sectors(a, e->span.addr, e->span.size, &first, &last))
        return finding(d, E2D_SEV_ERROR, "outside-memory", (int)alt, e->span.addr,
                       "element %zu (0x%08" PRIX32 "-0x%08" PRIX64 ") is outside %s "
                       "(0x%08" PRIX32 "-0x%08" PRIX64 ")",
                       ei, e->span.addr, end - 1, a->name, e2d_alt_start(a), e2d_alt_end(a) - 1);
    if (e2d_alt_extent_end(a, e->span.addr, E2D_MEM_WRITABLE) < end)
        return finding(d, E2D_SEV_ERROR, "read-only", (int)alt, e->span.addr,
                       "element %zu (0x%08" PRIX32 "-0x%08" PRIX64 ") writes read-only memory",
                       ei, e->span.addr, end - 1);
    *placed = true;
    if (a->kind == E2D_KIND_FLASH && !(first.type & E2D_MEM_ERASABLE) &&
        (st = finding(d, E2D_SEV_WARNING, "not-erasable", (int)alt, e->span.addr,
                      "element %zu is in flash that is never erased: bits can only go from 1 to 0",
                      ei)) != E2D_OK)
        return st;
    if (prev && (first.type & E2D_MEM_ERASABLE) &&
        e2d_element_sectors(a, prev->span.addr, prev->span.size, &pfirst, &plast) &&
        plast.index == first.index)
        return finding(d, E2D_SEV_WARNING, "shared-sector", (int)alt, e->span.addr,
                       "elements %zu and %zu share sector %" PRIu32 " (0x%08" PRIX32
                       "): a tool that erases per element loses the first one",
                       ei - 1, ei, first.index, first.start);
    return E2D_OK;
}

static enum e2d_status report_partial_erases(struct diag *d)
{
    for (size_t i = 0; i < d->erased.n; i++) {
        const struct erased *e = &d->erased.v[i];
        uint64_t lost = e->written >= e->size ? 0 : e->size - e->written;
        enum e2d_status st;
        if (lost == 0)
            continue;
        st = finding(d, E2D_SEV_NOTE, "erased-not-written", (int)e->alt, e->start,
                     "sector %" PRIu32 " (0x%08" PRIX32 ", %" PRIu32 " bytes) is erased; %" PRIu64
                     " of its bytes %s not rewritten, so whatever %s held is lost",
                     e->index, e->start, e->size, lost, lost == 1 ? "is" : "are",
                     lost == 1 ? "it" : "they");
        if (st != E2D_OK)
            return st;
    }
    return E2D_OK;
}

static enum e2d_status check_against_map(struct diag *d, const struct e2d_dfuse_file *f)
{
    const struct e2d_memmap *map = d->map;
    enum e2d_status st = E2D_OK;

    for (size_t t = 0; t < f->ntargets && st == E2D_OK; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        const struct e2d_dfuse_element *prev = NULL;

        if (tg->alt >= map->count) {
            st = target_finding(d, "unknown-alt", tg->alt,
                                "target %zu is for alternate setting %u, which the device does "
                                "not have (dfu-util skips it)",
                                t, tg->alt);
            continue;
        }
        if (map->alts[tg->alt].kind == E2D_KIND_OPTION && t + 1 < f->ntargets) {
            st = finding(d, E2D_SEV_ERROR, "option-bytes-not-last", tg->alt,
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

            st = check_place(d, tg->alt, e, i, prev, &placed);
            if (st == E2D_OK && placed)
                st = simulate_dfu_util(d, tg->alt, e, i);
            if (st == E2D_OK && placed)
                st = check_contents(d, tg->alt, e);
            if (e->span.size > 0)
                prev = e;
        }
    }
    if (st == E2D_OK)
        st = report_partial_erases(d);
    return st;
}

enum e2d_status e2d_diagnose(const struct e2d_dfuse_file *f, const struct e2d_memmap *map,
                             struct e2d_findings *out, struct e2d_error *err)
{
    struct diag d = {.map = map, .out = out, .err = err};
    enum e2d_status st;

    if (!f || !out)
        return e2d_fail(err, E2D_ERR_ARG, "no file or findings given");
    st = check_structure(&d, f);
    if (st == E2D_OK && map)
        st = check_against_map(&d, f);
    free(d.erased.v);
    free(d.erased.slots);
    return st;
}
