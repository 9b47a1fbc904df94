#include <elf2dfu/memmap.h>

#include <elf2dfu/devices.h>

#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void e2d_memmap_init(struct e2d_memmap *map)
{
    memset(map, 0, sizeof *map);
}

void e2d_memmap_free(struct e2d_memmap *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->count; i++)
        free(map->alts[i].runs);
    free(map->alts);
    e2d_memmap_init(map);
}

const char *e2d_mem_kind_name(enum e2d_mem_kind kind)
{
    switch (kind) {
    case E2D_KIND_FLASH:
        return "flash";
    case E2D_KIND_OTP:
        return "OTP";
    case E2D_KIND_OPTION:
        return "option bytes";
    case E2D_KIND_OTHER:
        break;
    }
    return "memory";
}

/* Parsing state for one layout string; pos is reported 1-based to users. */
struct cursor {
    const char *s;
    size_t pos;
};

static void skip_blanks(struct cursor *c)
{
    while (c->s[c->pos] == ' ' || c->s[c->pos] == '\t')
        c->pos++;
}

static enum e2d_status expect(struct cursor *c, char ch, const char *what,
                              struct e2d_error *err)
{
    if (c->s[c->pos] != ch)
        return e2d_fail(err, E2D_ERR_MAP, "layout string, column %zu: expected %s",
                        c->pos + 1, what);
    c->pos++;
    return E2D_OK;
}

/* Bounded so that count * size * unit cannot overflow 64 bits. */
#define MAX_FIELD 0xFFFFFFFFu

static enum e2d_status parse_number(struct cursor *c, int base, const char *what,
                                    uint64_t *out, struct e2d_error *err)
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
        if (v > MAX_FIELD)
            return e2d_fail(err, E2D_ERR_MAP,
                            "layout string, column %zu: %s is larger than 32 bits",
                            start + 1, what);
        c->pos++;
    }
    if (c->pos == start)
        return e2d_fail(err, E2D_ERR_MAP, "layout string, column %zu: expected %s",
                        start + 1, what);
    *out = v;
    return E2D_OK;
}

static enum e2d_mem_kind kind_from_name(const char *name, uint8_t type)
{
    if (strstr(name, "Option") || strstr(name, "option") || strstr(name, "OPTION"))
        return E2D_KIND_OPTION;
    if (strstr(name, "OTP") || strstr(name, "otp"))
        return E2D_KIND_OTP;
    if (type & E2D_MEM_ERASABLE)
        return E2D_KIND_FLASH;
    return E2D_KIND_OTHER;
}

static enum e2d_status add_run(struct e2d_alt *alt, size_t *cap, uint64_t start,
                               uint64_t count, uint64_t size, uint8_t type,
                               struct e2d_error *err)
{
    enum e2d_status st = e2d_grow((void **)&alt->runs, cap, alt->nruns + 1,
                                  sizeof *alt->runs, err);
    if (st != E2D_OK)
        return st;
    alt->runs[alt->nruns++] = (struct e2d_sector_run){
        .start = (uint32_t)start, .count = (uint32_t)count, .size = (uint32_t)size,
        .type = type};
    return E2D_OK;
}

/* One "/0xADDR/COUNT*SIZE[BKM]T,..." group; c is at the '/' before ADDR. */
static enum e2d_status parse_group(struct cursor *c, struct e2d_alt *alt, size_t *cap,
                                   struct e2d_error *err)
{
    uint64_t addr;
    enum e2d_status st;

    if ((st = expect(c, '/', "'/' before an address", err)) != E2D_OK)
        return st;
    skip_blanks(c);
    if (c->s[c->pos] != '0' || (c->s[c->pos + 1] != 'x' && c->s[c->pos + 1] != 'X'))
        return e2d_fail(err, E2D_ERR_MAP,
                        "layout string, column %zu: expected a hexadecimal address (0x...)",
                        c->pos + 1);
    c->pos += 2;
    if ((st = parse_number(c, 16, "an address", &addr, err)) != E2D_OK)
        return st;
    skip_blanks(c);
    if ((st = expect(c, '/', "'/' after the address", err)) != E2D_OK)
        return st;

    for (;;) {
        uint64_t count, size, unit = 1;
        size_t type_pos;
        char t;

        skip_blanks(c);
        if ((st = parse_number(c, 10, "a sector count", &count, err)) != E2D_OK)
            return st;
        if ((st = expect(c, '*', "'*' between sector count and size", err)) != E2D_OK)
            return st;
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
            return e2d_fail(err, E2D_ERR_MAP,
                            "layout string, column %zu: expected a memory type letter a-g",
                            type_pos + 1);
        c->pos++;
        size *= unit;
        if (count == 0 || size == 0)
            return e2d_fail(err, E2D_ERR_MAP,
                            "layout string, column %zu: sector count and size must not be 0",
                            type_pos + 1);
        if (size > MAX_FIELD || count * size > (1ull << 32) - addr)
            return e2d_fail(err, E2D_ERR_MAP,
                            "layout string, column %zu: memory runs past the 4 GiB address space",
                            type_pos + 1);
        if (alt->nruns > 0) {
            const struct e2d_sector_run *prev = &alt->runs[alt->nruns - 1];
            if (addr < (uint64_t)prev->start + (uint64_t)prev->count * prev->size)
                return e2d_fail(err, E2D_ERR_MAP,
                                "layout string: address 0x%08llX overlaps or precedes the "
                                "memory before it",
                                (unsigned long long)addr);
        }
        if ((st = add_run(alt, cap, addr, count, size, (uint8_t)(t - 'a' + 1), err)) != E2D_OK)
            return st;
        addr += count * size;
        skip_blanks(c);
        if (c->s[c->pos] != ',')
            return E2D_OK;
        c->pos++;
    }
}

static bool alts_overlap(const struct e2d_alt *a, const struct e2d_alt *b)
{
    for (size_t i = 0; i < a->nruns; i++) {
        uint64_t as = a->runs[i].start;
        uint64_t ae = as + (uint64_t)a->runs[i].count * a->runs[i].size;
        for (size_t j = 0; j < b->nruns; j++) {
            uint64_t bs = b->runs[j].start;
            uint64_t be = bs + (uint64_t)b->runs[j].count * b->runs[j].size;
            if (as < be && bs < ae)
                return true;
        }
    }
    return false;
}

enum e2d_status e2d_memmap_add_layout(struct e2d_memmap *map, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err)
{
    struct cursor c = {layout, 0};
    struct e2d_alt alt;
    size_t cap = 0, name_len;
    uint8_t all_types = 0;
    enum e2d_status st;
    const char *slash;

    if (write_unit == 0 || (write_unit & (write_unit - 1)) != 0)
        return e2d_fail(err, E2D_ERR_ARG, "write unit %u is not a power of two", write_unit);
    if (map->count >= 256)
        return e2d_fail(err, E2D_ERR_LIMIT, "more than 256 alternate settings");
    memset(&alt, 0, sizeof alt);
    alt.write_unit = write_unit;

    if ((st = expect(&c, '@', "'@' at the start", err)) != E2D_OK)
        return st;
    slash = strchr(layout + 1, '/');
    if (!slash)
        return e2d_fail(err, E2D_ERR_MAP, "layout string: expected '/' after the name");
    name_len = (size_t)(slash - (layout + 1));
    while (name_len > 0 && (layout[name_len] == ' ' || layout[name_len] == '\t'))
        name_len--;
    if (name_len == 0)
        return e2d_fail(err, E2D_ERR_MAP, "layout string: the memory has no name");
    if (name_len > 254)
        return e2d_fail(err, E2D_ERR_MAP, "layout string: name longer than 254 characters");
    memcpy(alt.name, layout + 1, name_len);
    c.pos = (size_t)(slash - layout);

    do {
        st = parse_group(&c, &alt, &cap, err);
        if (st != E2D_OK)
            goto fail;
        skip_blanks(&c);
    } while (c.s[c.pos] == '/');
    if (c.s[c.pos] != '\0') {
        st = e2d_fail(err, E2D_ERR_MAP, "layout string, column %zu: unexpected '%c'",
                      c.pos + 1, c.s[c.pos]);
        goto fail;
    }
    for (size_t i = 0, index = 0; i < alt.nruns; i++) {
        all_types |= alt.runs[i].type;
        alt.runs[i].first_index = (uint32_t)index;
        index += alt.runs[i].count;
    }
    alt.kind = kind_from_name(alt.name, all_types);
    if (alt.kind == E2D_KIND_OPTION)
        alt.has_rdp = e2d_option_rdp_addr(e2d_alt_start(&alt), &alt.rdp_addr);
    for (size_t i = 0; i < map->count; i++) {
        if (alts_overlap(&alt, &map->alts[i])) {
            st = e2d_fail(err, E2D_ERR_MAP, "layout string \"%s\" overlaps alternate setting %zu (%s)",
                          alt.name, i, map->alts[i].name);
            goto fail;
        }
    }
    {
        size_t alts_cap = map->count;
        st = e2d_grow((void **)&map->alts, &alts_cap, map->count + 1, sizeof *map->alts, err);
        if (st != E2D_OK)
            goto fail;
    }
    map->alts[map->count++] = alt;
    return E2D_OK;
fail:
    free(alt.runs);
    return st;
}

uint32_t e2d_alt_start(const struct e2d_alt *alt)
{
    return alt->nruns ? alt->runs[0].start : 0;
}

uint64_t e2d_alt_end(const struct e2d_alt *alt)
{
    const struct e2d_sector_run *r;
    if (!alt->nruns)
        return 0;
    r = &alt->runs[alt->nruns - 1];
    return (uint64_t)r->start + (uint64_t)r->count * r->size;
}

static size_t find_run(const struct e2d_alt *alt, uint64_t addr)
{
    /* Binary search: maps such as 1024*2K are one run, but some bootloaders
     * list many small runs. */
    size_t lo = 0, hi = alt->nruns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct e2d_sector_run *r = &alt->runs[mid];
        uint64_t end = (uint64_t)r->start + (uint64_t)r->count * r->size;
        if (addr < r->start)
            hi = mid;
        else if (addr >= end)
            lo = mid + 1;
        else
            return mid;
    }
    return alt->nruns;
}

bool e2d_alt_find_sector(const struct e2d_alt *alt, uint64_t addr, struct e2d_sector *out)
{
    size_t i = find_run(alt, addr);
    uint64_t k;

    if (i == alt->nruns)
        return false;
    k = (addr - alt->runs[i].start) / alt->runs[i].size;
    out->start = alt->runs[i].start + (uint32_t)(k * alt->runs[i].size);
    out->size = alt->runs[i].size;
    out->index = alt->runs[i].first_index + (uint32_t)k;
    out->type = alt->runs[i].type;
    return true;
}

uint64_t e2d_alt_extent_end(const struct e2d_alt *alt, uint64_t addr, uint8_t type_mask)
{
    size_t i = find_run(alt, addr);
    uint64_t end;

    if (i == alt->nruns || (alt->runs[i].type & type_mask) != type_mask)
        return 0;
    end = (uint64_t)alt->runs[i].start + (uint64_t)alt->runs[i].count * alt->runs[i].size;
    for (i++; i < alt->nruns && alt->runs[i].start == end &&
              (alt->runs[i].type & type_mask) == type_mask;
         i++)
        end += (uint64_t)alt->runs[i].count * alt->runs[i].size;
    return end;
}
