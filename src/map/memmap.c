/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/memmap.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

void e2d_memmap_init(struct e2d_memmap *map)
{
    if (map)
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

/* Per kind: the name messages use and the key JSON uses. */
static const struct {
    const char *name, *key;
} kinds[] = {
    [E2D_KIND_FLASH] = {"flash", "flash"},        [E2D_KIND_OTP] = {"OTP", "otp"},
    [E2D_KIND_OPTION] = {"option bytes", "option"}, [E2D_KIND_RAM] = {"RAM", "ram"},
    [E2D_KIND_OTHER] = {"memory", "other"},
};

/* Any value, also one a caller made up, has an entry. */
static size_t kind_index(enum e2d_mem_kind kind)
{
    return (size_t)kind < sizeof kinds / sizeof kinds[0] ? (size_t)kind : E2D_KIND_OTHER;
}

const char *e2d_mem_kind_name(enum e2d_mem_kind kind)
{
    return kinds[kind_index(kind)].name;
}

const char *e2d_mem_kind_key(enum e2d_mem_kind kind)
{
    return kinds[kind_index(kind)].key;
}

const struct e2d_alias *e2d_alias_at(const struct e2d_memmap *map, uint64_t addr)
{
    for (size_t k = 0; k < map->naliases; k++) {
        const struct e2d_alias *al = &map->aliases[k];
        if (addr >= al->from && addr - al->from < al->size)
            return al;
    }
    return NULL;
}

/* What the bootloader's own name says the memory is; the device module
 * knows better where it knows the part. */
static enum e2d_mem_kind kind_from_name(const char *name, const struct e2d_layout *l)
{
    uint8_t types = 0;

    if (strstr(name, "Option") || strstr(name, "option") || strstr(name, "OPTION"))
        return E2D_KIND_OPTION;
    if (strstr(name, "OTP") || strstr(name, "otp"))
        return E2D_KIND_OTP;
    if (strstr(name, "RAM") || strstr(name, "Ram"))
        return E2D_KIND_RAM;
    for (size_t i = 0; i < l->nruns; i++)
        types |= l->runs[i].type;
    return types & E2D_MEM_ERASABLE ? E2D_KIND_FLASH : E2D_KIND_OTHER;
}

static bool same_memory(const struct e2d_alt *a, const char *name,
                        const struct e2d_sector_run *runs, size_t nruns)
{
    return a->nruns > 0 && strcmp(a->name, name) == 0 &&
           e2d_layout_same_memory(a->runs, a->nruns, runs, nruns);
}

static bool runs_overlap(const struct e2d_alt *a, const struct e2d_layout *b)
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

enum e2d_status e2d_memmap_set_layout(struct e2d_memmap *map, size_t alt, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err)
{
    struct e2d_layout l;
    struct e2d_alt *a;
    enum e2d_status st;

    if (!map)
        return e2d_fail(err, E2D_ERR_ARG, "no memory map given");
    if (write_unit & (write_unit - 1))
        return e2d_fail(err, E2D_ERR_ARG, "write unit %u is not a power of two", write_unit);
    if (alt > 255)
        return e2d_fail(err, E2D_ERR_LIMIT, "alternate setting %zu: DfuSe counts them in a byte",
                        alt);
    if (alt < map->count && map->alts[alt].nruns > 0)
        return e2d_fail(err, E2D_ERR_MAP, "alternate setting %zu is given twice", alt);
    if ((st = e2d_layout_parse(&l, layout, err)) != E2D_OK)
        return st;
    for (size_t i = 0; i < map->count; i++) {
        const struct e2d_alt *o = &map->alts[i];
        if (i == alt || o->nruns == 0)
            continue;
        if (same_memory(o, l.name, l.runs, l.nruns))
            continue;
        if (runs_overlap(o, &l)) {
            st = e2d_fail(err, E2D_ERR_MAP, "layout string \"%s\" overlaps alternate setting %zu (%s)",
                          l.name, i, o->name);
            goto fail;
        }
    }
    if (alt >= map->count) {
        struct e2d_alt *v = realloc(map->alts, (alt + 1) * sizeof *v);
        if (!v) {
            st = e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = map->count; i <= alt; i++) {
            memset(&v[i], 0, sizeof v[i]);
            v[i].same_as = -1;
        }
        map->alts = v;
        map->count = alt + 1;
    }
    a = &map->alts[alt];
    memcpy(a->name, l.name, sizeof a->name);
    a->kind = kind_from_name(l.name, &l);
    a->write_unit = write_unit;
    a->rdp = E2D_RDP_UNKNOWN;
    a->runs = l.runs;
    a->nruns = l.nruns;
    for (size_t i = 0, index = 0; i < a->nruns; i++) {
        a->runs[i].first_index = (uint32_t)index;
        index += a->runs[i].count;
    }
    /* Repeats point at the lowest alt with the same memory, whatever order
     * the alts came in (dfu-util lists them from the highest). */
    for (size_t i = 0; i < map->count; i++) {
        struct e2d_alt *x = &map->alts[i];
        x->same_as = -1;
        for (size_t j = 0; j < i && x->same_as < 0 && x->nruns; j++)
            if (same_memory(&map->alts[j], x->name, x->runs, x->nruns))
                x->same_as = (int)j;
    }
    return E2D_OK;
fail:
    e2d_layout_free(&l);
    return st;
}

enum e2d_status e2d_memmap_add_layout(struct e2d_memmap *map, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err)
{
    if (!map)
        return e2d_fail(err, E2D_ERR_ARG, "no memory map given");
    return e2d_memmap_set_layout(map, map->count, layout, write_unit, err);
}

long e2d_memmap_alt_at(const struct e2d_memmap *map, uint64_t addr)
{
    for (size_t a = 0; map && a < map->count; a++) {
        struct e2d_sector s;
        if (map->alts[a].same_as < 0 && e2d_alt_find_sector(&map->alts[a], addr, &s))
            return (long)a;
    }
    return -1;
}

enum e2d_status e2d_memmap_add_alias(struct e2d_memmap *map, uint32_t from, uint32_t to,
                                     uint32_t size, struct e2d_error *err)
{
    long a = map ? e2d_memmap_alt_at(map, to) : -1;

    if (!map)
        return e2d_fail(err, E2D_ERR_ARG, "no memory map given");
    if (a < 0)
        return e2d_fail(err, E2D_ERR_MAP, "alias target 0x%08X is in no alternate setting",
                        (unsigned)to);
    if (size == 0)
        size = (uint32_t)(e2d_alt_end(&map->alts[a]) - to);
    if ((uint64_t)from + size > (1ull << 32) || (uint64_t)to + size > (1ull << 32))
        return e2d_fail(err, E2D_ERR_MAP, "alias 0x%08X=0x%08X runs past 4 GiB", (unsigned)from,
                        (unsigned)to);
    if (e2d_memmap_alt_at(map, from) >= 0)
        return e2d_fail(err, E2D_ERR_MAP,
                        "alias 0x%08X lies in memory the map already describes", (unsigned)from);
    for (size_t i = 0; i < map->naliases; i++) {
        const struct e2d_alias *o = &map->aliases[i];
        if (o->from == from && o->to == to && o->size == size)
            return E2D_OK; /* given twice: once is enough */
        if (from < (uint64_t)o->from + o->size && o->from < (uint64_t)from + size)
            return e2d_fail(err, E2D_ERR_MAP, "alias 0x%08X overlaps the alias at 0x%08X",
                            (unsigned)from, (unsigned)o->from);
    }
    if (map->naliases == E2D_MAX_ALIASES)
        return e2d_fail(err, E2D_ERR_LIMIT, "more than %d aliases", E2D_MAX_ALIASES);
    map->aliases[map->naliases++] = (struct e2d_alias){from, to, size};
    return E2D_OK;
}

enum e2d_status e2d_memmap_set_write_unit(struct e2d_memmap *map, uint32_t write_unit,
                                          struct e2d_error *err)
{
    if (!map)
        return e2d_fail(err, E2D_ERR_ARG, "no memory map given");
    if (write_unit == 0 || (write_unit & (write_unit - 1)) != 0)
        return e2d_fail(err, E2D_ERR_ARG, "write unit %u is not a power of two", write_unit);
    for (size_t i = 0; i < map->count; i++)
        map->alts[i].write_unit = write_unit;
    return E2D_OK;
}

uint32_t e2d_alt_start(const struct e2d_alt *alt)
{
    return alt && alt->nruns ? alt->runs[0].start : 0;
}

uint64_t e2d_alt_end(const struct e2d_alt *alt)
{
    const struct e2d_sector_run *r;
    if (!alt || !alt->nruns)
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
    size_t i;
    uint64_t k;

    if (!alt || !out || (i = find_run(alt, addr)) == alt->nruns)
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
    size_t i;
    uint64_t end;

    if (!alt || (i = find_run(alt, addr)) == alt->nruns || (alt->runs[i].type & type_mask) != type_mask)
        return 0;
    end = (uint64_t)alt->runs[i].start + (uint64_t)alt->runs[i].count * alt->runs[i].size;
    for (i++; i < alt->nruns && alt->runs[i].start == end &&
              (alt->runs[i].type & type_mask) == type_mask;
         i++)
        end += (uint64_t)alt->runs[i].count * alt->runs[i].size;
    return end;
}
