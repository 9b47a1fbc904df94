/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/compare.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

void e2d_diffs_init(struct e2d_diffs *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

void e2d_diffs_free(struct e2d_diffs *d)
{
    if (!d)
        return;
    free(d->v);
    e2d_diffs_init(d);
}

enum e2d_status e2d_chunks_from_plan(const struct e2d_plan *plan, struct e2d_chunk **out,
                                     size_t *n, struct e2d_error *err)
{
    size_t cap = 0;
    enum e2d_status st;

    if (!out || !n)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the chunks given");
    *out = NULL;
    *n = 0;
    if (!plan)
        return e2d_fail(err, E2D_ERR_ARG, "no plan given");
    for (size_t t = 0; t < plan->ntargets; t++) {
        const struct e2d_target *tg = &plan->targets[t];
        for (size_t e = 0; e < tg->nelements; e++) {
            const struct e2d_element *el = &plan->elements[tg->first_element + e];
            for (size_t p = 0; p < el->npieces; p++) {
                const struct e2d_span *pc = &plan->pieces[el->first_piece + p];
                st = e2d_grow((void **)out, &cap, *n + 1, sizeof **out, err);
                if (st != E2D_OK)
                    return st;
                (*out)[(*n)++] = (struct e2d_chunk){tg->alt, *pc};
            }
        }
    }
    return E2D_OK;
}

enum e2d_status e2d_chunks_from_dfuse(const struct e2d_dfuse_file *f, struct e2d_chunk **out,
                                      size_t *n, size_t *cap, struct e2d_error *err)
{
    if (!f || !out || !n || !cap)
        return e2d_fail(err, E2D_ERR_ARG, "no file or place for the chunks given");
    for (size_t t = 0; t < f->ntargets; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        for (uint32_t e = 0; e < tg->nelements; e++) {
            const struct e2d_dfuse_element *el = &f->elements[tg->first_element + e];
            enum e2d_status st;
            if (el->span.size == 0)
                continue;
            st = e2d_grow((void **)out, cap, *n + 1, sizeof **out, err);
            if (st != E2D_OK)
                return st;
            (*out)[(*n)++] = (struct e2d_chunk){tg->alt, el->span};
        }
    }
    return E2D_OK;
}

static int chunk_cmp(const void *a, const void *b)
{
    const struct e2d_chunk *x = a, *y = b;
    if (x->alt != y->alt)
        return x->alt < y->alt ? -1 : 1;
    if (x->span.addr != y->span.addr)
        return x->span.addr < y->span.addr ? -1 : 1;
    return (x->span.size > y->span.size) - (x->span.size < y->span.size);
}

/* Collects differing bytes into ranges: a byte extends the last range when
 * it has the same kind and alt and follows it directly. */
static enum e2d_status note_diff(struct e2d_diffs *d, enum e2d_diff_kind kind, uint8_t alt,
                                 uint64_t addr, int expected, int found, struct e2d_error *err)
{
    struct e2d_diff *r = d->count ? &d->v[d->count - 1] : NULL;

    if (r && r->kind == kind && r->alt == alt && (uint64_t)r->addr + r->size == addr) {
        if (r->size < E2D_DIFF_SHOWN) {
            r->expected[r->size] = (uint8_t)expected;
            r->found[r->size] = (uint8_t)found;
        }
        r->size++;
        return E2D_OK;
    }
    d->total++;
    if (d->count == E2D_DIFF_KEPT)
        return E2D_OK;
    {
        enum e2d_status st = e2d_grow((void **)&d->v, &d->cap, d->count + 1, sizeof *d->v, err);
        if (st != E2D_OK)
            return st;
    }
    r = &d->v[d->count++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->alt = alt;
    r->addr = (uint32_t)addr;
    r->size = 1;
    r->expected[0] = (uint8_t)expected;
    r->found[0] = (uint8_t)found;
    return E2D_OK;
}

/* Both sides are sorted chunks, so each walk is a merge. */
static int find_first(const struct e2d_chunk *v, size_t n, uint8_t alt, uint64_t addr)
{
    /* First chunk of alt that ends after addr. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].alt < alt || (v[mid].alt == alt && (uint64_t)v[mid].span.addr + v[mid].span.size <= addr))
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int)lo;
}

/* Walks a's chunks; for each byte, finds it in b. Bytes of a that b lacks
 * are reported as missing_kind (or checked against fill when fill >= 0). */
struct padding {
    const struct e2d_memmap *map;
    uint8_t fill;
};

static uint8_t padding_of(const struct padding *pad, uint8_t alt)
{
    if (!pad->map || alt >= pad->map->count)
        return pad->fill;
    return e2d_fill_for(&pad->map->alts[alt], pad->fill);
}

static enum e2d_status walk(const struct e2d_chunk *a, size_t na, const struct e2d_chunk *b,
                            size_t nb, bool a_is_expected, enum e2d_diff_kind missing,
                            const struct padding *pad, struct e2d_diffs *d,
                            struct e2d_error *err)
{
    for (size_t i = 0; i < na; i++) {
        const struct e2d_chunk *c = &a[i];
        uint64_t addr = c->span.addr, end = (uint64_t)c->span.addr + c->span.size;
        size_t j = (size_t)find_first(b, nb, c->alt, addr);
        uint8_t fill = padding_of(pad, c->alt);
        enum e2d_status st;

        while (addr < end) {
            const struct e2d_chunk *o = j < nb && b[j].alt == c->alt ? &b[j] : NULL;
            uint64_t stop = end;
            if (o && o->span.addr <= addr) {
                /* Overlap: compare. Only the expected side reports changes. */
                uint64_t oend = (uint64_t)o->span.addr + o->span.size;
                if (oend < stop)
                    stop = oend;
                if (a_is_expected)
                    d->compared_bytes += stop - addr;
                for (; addr < stop; addr++) {
                    uint8_t x = c->span.data[addr - c->span.addr], y = o->span.data[addr - o->span.addr];
                    if (a_is_expected && x != y &&
                        (st = note_diff(d, E2D_DIFF_CHANGED, c->alt, addr, x, y, err)) != E2D_OK)
                        return st;
                }
                j++;
                continue;
            }
            if (o && o->span.addr < stop)
                stop = o->span.addr;
            for (; addr < stop; addr++) {
                uint8_t x = c->span.data[addr - c->span.addr];
                if (a_is_expected)
                    st = note_diff(d, missing, c->alt, addr, x, 0, err);
                else if (x != fill)
                    st = note_diff(d, E2D_DIFF_EXTRA, c->alt, addr, 0, x, err);
                else
                    continue;
                if (st != E2D_OK)
                    return st;
            }
        }
    }
    return E2D_OK;
}

enum e2d_status e2d_compare(const struct e2d_dfuse_file *file, struct e2d_chunk *expected,
                            size_t n, const struct e2d_memmap *map, uint8_t fill,
                            struct e2d_diffs *d, struct e2d_error *err)
{
    struct padding pad = {map, fill};
    struct e2d_chunk *found = NULL;
    size_t nfound = 0, cap = 0;
    enum e2d_status st;

    if (!d)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the differences given");
    e2d_diffs_init(d);
    if (!file || (n && !expected))
        return e2d_fail(err, E2D_ERR_ARG, "no file or expected chunks given");
    st = e2d_chunks_from_dfuse(file, &found, &nfound, &cap, err);
    if (st == E2D_OK) {
        /* qsort's pointer must be valid even for 0 elements. */
        if (n > 1)
            qsort(expected, n, sizeof *expected, chunk_cmp);
        if (nfound > 1)
            qsort(found, nfound, sizeof *found, chunk_cmp);
        st = walk(expected, n, found, nfound, true, E2D_DIFF_MISSING, &pad, d, err);
    }
    if (st == E2D_OK)
        st = walk(found, nfound, expected, n, false, E2D_DIFF_MISSING, &pad, d, err);
    free(found);
    return st;
}

enum e2d_status e2d_compare_readback(const struct e2d_chunk *readback, size_t nreadback,
                                     struct e2d_chunk *expected, size_t n, struct e2d_diffs *d,
                                     struct e2d_error *err)
{
    struct padding pad = {NULL, 0xFF};
    struct e2d_chunk *rb = NULL;
    enum e2d_status st = E2D_OK;

    if (!d)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the differences given");
    e2d_diffs_init(d);
    if ((nreadback && !readback) || (n && !expected))
        return e2d_fail(err, E2D_ERR_ARG, "no read-back or expected chunks given");
    /* A read-back is memory by address, whichever alt wrote it: compare
     * by address alone (alt 0 on both sides), report by alt. */
    if (nreadback && !(rb = malloc(nreadback * sizeof *rb)))
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < nreadback; i++) {
        rb[i] = readback[i];
        rb[i].alt = 0;
    }
    if (nreadback > 1)
        qsort(rb, nreadback, sizeof *rb, chunk_cmp);
    if (n > 1)
        qsort(expected, n, sizeof *expected, chunk_cmp);
    for (size_t i = 0; i < n && st == E2D_OK; i++) {
        struct e2d_chunk one = expected[i];
        size_t first = d->count;
        one.alt = 0;
        st = walk(&one, 1, rb, nreadback, true, E2D_DIFF_NOT_READ, &pad, d, err);
        for (size_t k = first; k < d->count; k++)
            d->v[k].alt = expected[i].alt;
    }
    free(rb);
    return st;
}
