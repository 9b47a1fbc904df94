/* SPDX-License-Identifier: BSD-2-Clause */
/* DfuSe layout strings (UM0424, AN3156): syntax only. What the memory is
 * (option bytes, OTP, its write unit ...) is device knowledge, applied
 * elsewhere. */
#include <elf2dfu/memmap.h>

#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parsing state; pos is reported 1-based to users. */
struct cursor {
    const char *s;
    size_t pos;
};

/* Bounded so that count * size * unit cannot overflow 64 bits. */
#define MAX_FIELD 0xFFFFFFFFu

static enum e2d_status bad(const struct cursor *c, size_t pos, struct e2d_error *err,
                           const char *what)
{
    (void)c;
    return e2d_fail_at(err, E2D_ERR_MAP, 0, pos + 1, "layout string, column %zu: %s", pos + 1,
                       what);
}

static void skip_blanks(struct cursor *c)
{
    while (c->s[c->pos] == ' ' || c->s[c->pos] == '\t')
        c->pos++;
}

static enum e2d_status expect(struct cursor *c, char ch, const char *what, struct e2d_error *err)
{
    if (c->s[c->pos] != ch)
        return bad(c, c->pos, err, what);
    c->pos++;
    return E2D_OK;
}

static enum e2d_status parse_number(struct cursor *c, int base, const char *what, uint64_t *out,
                                    struct e2d_error *err)
{
    uint64_t v = 0;
    size_t start = c->pos;

    for (;;) {
        int ch = (unsigned char)c->s[c->pos];
        int d;
        if (isdigit(ch))
            d = ch - '0';
        else if (base == 16 && isxdigit(ch))
            d = tolower(ch) - 'a' + 10;
        else
            break;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > MAX_FIELD) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s is larger than 32 bits", what);
            return bad(c, start, err, msg);
        }
        c->pos++;
    }
    if (c->pos == start) {
        char msg[64];
        snprintf(msg, sizeof msg, "expected %s", what);
        return bad(c, start, err, msg);
    }
    *out = v;
    return E2D_OK;
}

/* A run and the column it came from. */
struct parsed_run {
    struct e2d_sector_run run;
    size_t column;
};

struct runs {
    struct parsed_run *v;
    size_t n, cap;
};

static enum e2d_status add_run(struct runs *r, uint64_t start, uint64_t count, uint64_t size,
                               uint8_t type, size_t column, struct e2d_error *err)
{
    enum e2d_status st = e2d_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v, err);
    if (st != E2D_OK)
        return st;
    r->v[r->n++] = (struct parsed_run){
        {.start = (uint32_t)start, .count = (uint32_t)count, .size = (uint32_t)size, .type = type},
        column};
    return E2D_OK;
}

/* One "/0xADDR/COUNT*SIZE[BKM]T,..." group; c is at the '/' before ADDR. */
static enum e2d_status parse_group(struct cursor *c, struct runs *r, struct e2d_error *err)
{
    uint64_t addr;
    size_t addr_pos;
    enum e2d_status st;

    if ((st = expect(c, '/', "expected '/' before an address", err)) != E2D_OK)
        return st;
    skip_blanks(c);
    addr_pos = c->pos;
    if (c->s[c->pos] != '0' || (c->s[c->pos + 1] != 'x' && c->s[c->pos + 1] != 'X'))
        return bad(c, c->pos, err, "expected a hexadecimal address (0x...)");
    c->pos += 2;
    if ((st = parse_number(c, 16, "an address", &addr, err)) != E2D_OK)
        return st;
    skip_blanks(c);
    if ((st = expect(c, '/', "expected '/' after the address", err)) != E2D_OK)
        return st;

    for (;;) {
        uint64_t count, size, unit = 1;
        size_t type_pos, count_pos, size_pos;
        char t;

        skip_blanks(c);
        count_pos = c->pos;
        if ((st = parse_number(c, 10, "a sector count", &count, err)) != E2D_OK)
            return st;
        skip_blanks(c);
        if ((st = expect(c, '*', "expected '*' between sector count and size", err)) != E2D_OK)
            return st;
        skip_blanks(c);
        size_pos = c->pos;
        if ((st = parse_number(c, 10, "a sector size", &size, err)) != E2D_OK)
            return st;
        skip_blanks(c);
        switch (c->s[c->pos]) {
        case 'B':
            c->pos++;
            break;
        case 'K':
            unit = 1024;
            c->pos++;
            break;
        case 'M':
            unit = 1024 * 1024;
            c->pos++;
            break;
        default:
            break;
        }
        skip_blanks(c);
        type_pos = c->pos;
        t = c->s[c->pos];
        if (t < 'a' || t > 'g')
            return bad(c, type_pos, err, "expected a memory type letter a-g");
        c->pos++;
        size *= unit;
        if (count == 0)
            return bad(c, count_pos, err, "the sector count must not be 0");
        if (size == 0)
            return bad(c, size_pos, err, "the sector size must not be 0");
        if (size > MAX_FIELD || count * size > (1ull << 32) - addr)
            return bad(c, count_pos, err, "memory runs past the 4 GiB address space");
        if ((st = add_run(r, addr, count, size, (uint8_t)(t - 'a' + 1), addr_pos, err)) != E2D_OK)
            return st;
        addr += count * size;
        skip_blanks(c);
        if (c->s[c->pos] != ',')
            return E2D_OK;
        c->pos++;
    }
}

static int run_cmp(const void *a, const void *b)
{
    const struct e2d_sector_run *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static uint64_t run_end(const struct e2d_sector_run *r)
{
    return (uint64_t)r->start + (uint64_t)r->count * r->size;
}

static bool overlaps_any(const struct e2d_sector_run *kept, size_t n, uint64_t s, uint64_t e)
{
    for (size_t i = 0; i < n; i++)
        if (s < run_end(&kept[i]) && kept[i].start < e)
            return true;
    return false;
}

struct kept {
    struct e2d_sector_run *v;
    size_t n, cap;
};

static enum e2d_status keep(struct kept *k, const struct e2d_sector_run *run, uint32_t first,
                            uint32_t count, struct e2d_error *err)
{
    enum e2d_status st = e2d_grow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v, err);

    if (st != E2D_OK)
        return st;
    k->v[k->n] = *run;
    k->v[k->n].start = (uint32_t)(run->start + (uint64_t)first * run->size);
    k->v[k->n++].count = count;
    return E2D_OK;
}

/* Regions may come in any order (ST's own example lists 0xF000 before
 * 0xE000 and 0x8000), and may even overlap (that example's 2*24K from
 * 0x8000 runs over both). dfu-util looks an address up in the regions in
 * the order given, so the region listed first wins: a sector of a later
 * region that overlaps an earlier one is not memory of its own and is
 * left out. The runs end up in address order, without overlaps. */
static enum e2d_status keep_runs(struct e2d_layout *l, const struct runs *r, struct e2d_error *err)
{
    struct kept k = {0};
    enum e2d_status st = E2D_OK;

    for (size_t i = 0; i < r->n && st == E2D_OK; i++) {
        const struct e2d_sector_run *run = &r->v[i].run;
        uint32_t at = 0;

        if (!overlaps_any(k.v, k.n, run->start, run_end(run))) {
            st = keep(&k, run, 0, run->count, err);
            continue;
        }
        /* Keep the stretches of this region's sectors that no earlier
         * region covers. */
        while (at < run->count && st == E2D_OK) {
            uint64_t s = (uint64_t)run->start + (uint64_t)at * run->size;
            uint32_t first;
            if (overlaps_any(k.v, k.n, s, s + run->size)) {
                at++;
                continue;
            }
            for (first = at; at < run->count; at++) {
                uint64_t t = (uint64_t)run->start + (uint64_t)at * run->size;
                if (overlaps_any(k.v, k.n, t, t + run->size))
                    break;
            }
            st = keep(&k, run, first, at - first, err);
        }
    }
    if (st != E2D_OK) {
        free(k.v);
        return st;
    }
    if (k.n > 1)
        qsort(k.v, k.n, sizeof *k.v, run_cmp);
    l->runs = k.v;
    l->nruns = k.n;
    return E2D_OK;
}

enum e2d_status e2d_layout_parse(struct e2d_layout *l, const char *text, struct e2d_error *err)
{
    struct cursor c = {text, 0};
    struct runs r = {0};
    size_t name_len;
    enum e2d_status st;
    const char *slash;

    if (!l)
        return e2d_fail(err, E2D_ERR_ARG, "no layout object given");
    memset(l, 0, sizeof *l);
    if (!text)
        return e2d_fail(err, E2D_ERR_ARG, "no layout string given");
    if ((st = expect(&c, '@', "expected '@' at the start", err)) != E2D_OK)
        return st;
    slash = strchr(text + 1, '/');
    if (!slash)
        return e2d_fail_at(err, E2D_ERR_MAP, 0, strlen(text) + 1,
                           "layout string: expected '/' after the name");
    /* "Internal Flash  " and "Internal Flash" are one name. */
    name_len = (size_t)(slash - (text + 1));
    while (name_len > 0 && (text[name_len] == ' ' || text[name_len] == '\t'))
        name_len--;
    if (name_len == 0)
        return e2d_fail_at(err, E2D_ERR_MAP, 0, 2, "layout string: the memory has no name");
    if (name_len > 254)
        return e2d_fail_at(err, E2D_ERR_MAP, 0, 2,
                           "layout string: name longer than 254 characters");
    memcpy(l->name, text + 1, name_len);
    c.pos = (size_t)(slash - text);

    do {
        if ((st = parse_group(&c, &r, err)) != E2D_OK)
            goto out;
        skip_blanks(&c);
    } while (c.s[c.pos] == '/');
    if (c.s[c.pos] != '\0') {
        char msg[48];
        snprintf(msg, sizeof msg, "unexpected '%c'", c.s[c.pos]);
        st = bad(&c, c.pos, err, msg);
        goto out;
    }
    st = keep_runs(l, &r, err);
out:
    free(r.v);
    if (st != E2D_OK)
        e2d_layout_free(l);
    return st;
}

void e2d_layout_free(struct e2d_layout *l)
{
    if (!l)
        return;
    free(l->runs);
    l->runs = NULL;
    l->nruns = 0;
}

bool e2d_layout_same_memory(const struct e2d_sector_run *a, size_t na,
                            const struct e2d_sector_run *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].start != b[i].start || a[i].count != b[i].count || a[i].size != b[i].size ||
            a[i].type != b[i].type)
            return false;
    return true;
}
