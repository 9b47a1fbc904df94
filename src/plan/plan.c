/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/plan.h>

#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A segment after alias translation, checked to fit 32 bits. */
struct placed {
    uint32_t addr;
    uint32_t size;
    const uint8_t *data; /* the segment's bytes from addr on */
    const struct e2d_segment *seg;
    size_t order; /* index in the image: keeps sorting deterministic */
    size_t alt;
};

/* How far past a flash's end a segment may start and still be reported as
 * "image too big" rather than "outside memory": .data placed after .text of
 * an oversized image lands there. */
#define TOO_BIG_WINDOW 0x01000000u

void e2d_plan_options_init(struct e2d_plan_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->fill = 0xFF;
}

uint8_t e2d_fill_for(const struct e2d_alt *alt, uint8_t fill)
{
    return alt && alt->kind == E2D_KIND_FLASH ? fill : 0xFF;
}

void e2d_plan_init(struct e2d_plan *plan)
{
    if (plan)
        memset(plan, 0, sizeof *plan);
}

void e2d_plan_free(struct e2d_plan *plan)
{
    if (!plan)
        return;
    free(plan->targets);
    free(plan->elements);
    free(plan->pieces);
    e2d_plan_init(plan);
}

static int placed_cmp(const void *a, const void *b)
{
    const struct placed *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static uint64_t end_of(const struct placed *p)
{
    return (uint64_t)p->addr + p->size;
}

/* Messages name segments by their origin; 96 bytes holds two section names. */
#define ORIGIN_MAX 96
#define ORIGIN(seg) e2d_origin_str(&(seg)->origin, (char[ORIGIN_MAX]){0}, ORIGIN_MAX)

static const char *map_name(const struct e2d_memmap *map)
{
    return map->device[0] ? map->device : "the memory map";
}

/* Two inputs that give the same bytes: with allow_overlap and equal bytes
 * the later keeps only what is new; otherwise, and always within one
 * input (an ELF's segments never overlap on purpose), an error. v is
 * sorted; entries made redundant are removed and *n updated. */
static enum e2d_status settle_overlaps(struct placed *v, size_t *n,
                                       const struct e2d_plan_options *opts, struct e2d_error *err)
{
    size_t kept = 0;

    for (size_t i = 0; i < *n; i++) {
        struct placed p = v[i];
        if (kept > 0 && p.addr < end_of(&v[kept - 1])) {
            const struct placed *q = &v[kept - 1];
            bool two_inputs = p.seg->origin.file != q->seg->origin.file;
            uint64_t end = end_of(&p) < end_of(q) ? end_of(&p) : end_of(q);
            uint32_t shared = (uint32_t)(end - p.addr);
            const uint8_t *theirs = q->data + (p.addr - q->addr);

            if (!two_inputs || !opts->allow_overlap)
                return e2d_fail(err, E2D_ERR_PLACE,
                                "%s at 0x%08" PRIX32 "-0x%08" PRIX64 " overlaps %s at 0x%08" PRIX32
                                "-0x%08" PRIX64 "%s",
                                ORIGIN(p.seg), p.addr, end_of(&p) - 1, ORIGIN(q->seg), q->addr,
                                end_of(q) - 1,
                                two_inputs ? ": two inputs give these bytes (--allow-overlap "
                                             "takes them if they are equal)"
                                           : "");
            if (memcmp(theirs, p.data, shared) != 0) {
                uint32_t k = 0;
                while (theirs[k] == p.data[k])
                    k++;
                return e2d_fail(err, E2D_ERR_PLACE,
                                "%s and %s both give 0x%08" PRIX32 "-0x%08" PRIX64
                                ", with different bytes (0x%02X and 0x%02X at 0x%08" PRIX32
                                "): which one is right?",
                                ORIGIN(q->seg), ORIGIN(p.seg), p.addr, end - 1, theirs[k],
                                p.data[k], p.addr + k);
            }
            if (end_of(&p) <= end_of(q))
                continue; /* nothing new */
            p.addr += shared;
            p.data += shared;
            p.size -= shared;
        }
        v[kept++] = p;
    }
    *n = kept;
    return E2D_OK;
}

static enum e2d_status translate(const struct e2d_image *img, const struct e2d_memmap *map,
                                 const struct e2d_log *log, struct placed *out,
                                 struct e2d_error *err)
{
    for (size_t i = 0; i < img->count; i++) {
        const struct e2d_segment *s = &img->segs[i];
        const struct e2d_alias *al;
        uint64_t addr = s->addr;

        if (addr > UINT32_MAX)
            return e2d_fail(err, E2D_ERR_PLACE,
                            "%s at 0x%" PRIX64 " (%" PRIu64 " byte%s) lies beyond 4 GiB: "
                            "DfuSe addresses are 32-bit",
                            ORIGIN(s), addr, s->size, E2D_S(s->size));
        if (s->size > (1ull << 32) - addr)
            return e2d_fail(err, E2D_ERR_PLACE,
                            "%s at 0x%08" PRIX64 "-0x%" PRIX64 " runs past 4 GiB: DfuSe "
                            "addresses are 32-bit",
                            ORIGIN(s), addr, addr + s->size - 1);
        if ((al = e2d_alias_at(map, addr)) != NULL) {
            uint64_t off = addr - al->from;
            if (s->size > al->size - off)
                return e2d_fail(err, E2D_ERR_PLACE,
                                "%s at 0x%08" PRIX64 "-0x%08" PRIX64
                                " runs past the end of the alias at 0x%08" PRIX32
                                "-0x%08" PRIX64,
                                ORIGIN(s), addr, addr + s->size - 1, al->from,
                                (uint64_t)al->from + al->size - 1);
            e2d_note(log, "%s: alias address 0x%08" PRIX64 " (0x%08" PRIX32 " is 0x%08" PRIX32
                          "): programmed at 0x%08" PRIX64,
                     ORIGIN(s), addr, al->from, al->to, al->to + off);
            addr = al->to + off;
        }
        out[i] = (struct placed){.addr = (uint32_t)addr,
                                 .size = (uint32_t)s->size,
                                 .data = s->data,
                                 .seg = s,
                                 .order = i};
    }
    return E2D_OK;
}

static enum e2d_status report_too_big(const struct placed *v, size_t n,
                                      const struct e2d_memmap *map, size_t a, uint64_t end,
                                      struct e2d_error *err)
{
    const struct e2d_alt *alt = &map->alts[a];
    uint32_t start = e2d_alt_start(alt);
    uint64_t need = 0;

    for (size_t i = 0; i < n; i++)
        if (v[i].addr >= start && v[i].addr - start < (uint64_t)(end - start) + TOO_BIG_WINDOW &&
            end_of(&v[i]) > need)
            need = end_of(&v[i]);
    return e2d_fail(err, E2D_ERR_PLACE,
                    "image too big for %s of %s (0x%08" PRIX32 "-0x%08" PRIX64 ", %s): it "
                    "reaches 0x%08" PRIX64 ", %" PRIu64
                    " byte%s too many; check -d or make the image smaller",
                    alt->name, map_name(map), start, end - 1,
                    e2d_size_str(end - start, (char[32]){0}, 32), need - 1, need - end,
                    E2D_S(need - end));
}

static bool in_ram(const struct e2d_memmap *map, uint32_t addr)
{
    for (size_t i = 0; i < map->nram; i++)
        if (addr >= map->ram[i].start && addr - map->ram[i].start < map->ram[i].size)
            return true;
    /* Without the part's RAM: the Cortex-M SRAM region (ARMv7-M). */
    return map->nram == 0 && addr >= 0x20000000u && addr < 0x40000000u;
}

/* A load address in RAM means the linker placed initialised data at its
 * run address; each linker has its own way of saying where it loads. */
static const char *ram_hint(enum e2d_toolchain tc)
{
    switch (tc) {
    case E2D_TOOLCHAIN_GNU:
        return "; that is RAM: does the linker script lack 'AT> FLASH' for this section?";
    case E2D_TOOLCHAIN_ARM:
        return "; that is RAM: in the scatter file, does this execution region sit in a load "
               "region in RAM? RW data must be in a load region in flash (LR_IROM1)";
    case E2D_TOOLCHAIN_IAR:
        return "; that is RAM: does the linker configuration (.icf) lack 'initialize by copy' "
               "for this data, so that its initial values are placed in flash?";
    case E2D_TOOLCHAIN_UNKNOWN:
        break;
    }
    return "; that is RAM: the linker placed initialised data at its run address, not in "
           "flash ('AT> FLASH' in a GNU ld script, a load region in flash in a scatter file, "
           "'initialize by copy' in an IAR .icf)";
}

/* The alt and extent of writable memory nearest to addr. */
static bool nearest_writable(const struct e2d_memmap *map, uint64_t addr, size_t *alt_out,
                             uint64_t *start_out, uint64_t *end_out)
{
    uint64_t best = UINT64_MAX;

    for (size_t a = 0; a < map->count; a++) {
        const struct e2d_alt *alt = &map->alts[a];
        if (alt->same_as >= 0)
            continue;
        for (size_t r = 0; r < alt->nruns; r++) {
            const struct e2d_sector_run *run = &alt->runs[r];
            uint64_t s = run->start, e = s + (uint64_t)run->count * run->size, d;
            if (!(run->type & E2D_MEM_WRITABLE))
                continue;
            d = addr < s ? s - addr : addr >= e ? addr - e + 1 : 0;
            if (d < best) {
                best = d;
                *alt_out = a;
                *start_out = s;
                *end_out = e2d_alt_extent_end(alt, s, E2D_MEM_WRITABLE);
            }
        }
    }
    return best != UINT64_MAX;
}

static enum e2d_status report_outside(const struct placed *p, const struct e2d_memmap *map,
                                      enum e2d_toolchain tc, struct e2d_error *err)
{
    size_t alt = 0;
    uint64_t s = 0, e = 0;
    const char *hint = in_ram(map, p->addr) ? ram_hint(tc) : "";

    if (!nearest_writable(map, p->addr, &alt, &s, &e))
        return e2d_fail(err, E2D_ERR_PLACE, "%s at 0x%08" PRIX32 "-0x%08" PRIX64
                        " is outside the memory map (it has no writable memory)%s",
                        ORIGIN(p->seg), p->addr, end_of(p) - 1, hint);
    return e2d_fail(err, E2D_ERR_PLACE,
                    "%s at 0x%08" PRIX32 "-0x%08" PRIX64
                    " is outside every writable memory of %s; nearest is %s (alt %zu) at "
                    "0x%08" PRIX64 "-0x%08" PRIX64 "%s",
                    ORIGIN(p->seg), p->addr, end_of(p) - 1, map_name(map), map->alts[alt].name,
                    alt, s, e - 1, hint);
}

/* Assigns each segment to the alternate setting whose writable memory holds
 * all of it. */
static enum e2d_status locate(struct placed *v, size_t n, const struct e2d_memmap *map,
                              enum e2d_toolchain tc, struct e2d_error *err)
{
    for (size_t i = 0; i < n; i++) {
        struct placed *p = &v[i];
        size_t a;

        for (a = 0; a < map->count; a++) {
            const struct e2d_alt *alt = &map->alts[a];
            struct e2d_sector sec;
            uint64_t end;

            /* A repeated alt (same memory) leaves its bytes to the first. */
            if (alt->same_as >= 0 || !e2d_alt_find_sector(alt, p->addr, &sec))
                continue;
            end = e2d_alt_extent_end(alt, p->addr, E2D_MEM_WRITABLE);
            if (end == 0) {
                size_t w = 0;
                uint64_t ws = 0, we = 0;
                if (!nearest_writable(map, p->addr, &w, &ws, &we))
                    return e2d_fail(err, E2D_ERR_PLACE,
                                    "%s at 0x%08" PRIX32 " is in read-only memory (%s, alt %zu), "
                                    "and the map has no writable memory",
                                    ORIGIN(p->seg), p->addr, alt->name, a);
                return e2d_fail(err, E2D_ERR_PLACE,
                                "%s at 0x%08" PRIX32 " is in read-only memory (%s, alt %zu); "
                                "the nearest writable memory is %s (alt %zu) at 0x%08" PRIX64
                                "-0x%08" PRIX64,
                                ORIGIN(p->seg), p->addr, alt->name, a, map->alts[w].name, w, ws,
                                we - 1);
            }
            if (end_of(p) > end) {
                if (end < e2d_alt_end(alt))
                    return e2d_fail(err, E2D_ERR_PLACE,
                                    "%s at 0x%08" PRIX32 "-0x%08" PRIX64
                                    " runs into read-only or unmapped memory of %s at 0x%08" PRIX64,
                                    ORIGIN(p->seg), p->addr, end_of(p) - 1, alt->name, end);
                return report_too_big(v, n, map, a, end, err);
            }
            p->alt = a;
            break;
        }
        if (a < map->count)
            continue;
        for (a = 0; a < map->count; a++) {
            const struct e2d_alt *alt = &map->alts[a];
            uint64_t e = e2d_alt_end(alt);
            if (alt->nruns && (alt->runs[0].type & E2D_MEM_ERASABLE) && p->addr >= e &&
                p->addr - e < TOO_BIG_WINDOW && e2d_alt_extent_end(alt, e - 1, E2D_MEM_WRITABLE))
                return report_too_big(v, n, map, a, e, err);
        }
        return report_outside(p, map, tc, err);
    }
    return E2D_OK;
}

static uint64_t align_down(uint64_t v, uint32_t unit)
{
    return v & ~(uint64_t)(unit - 1);
}

static uint64_t align_up(uint64_t v, uint32_t unit)
{
    return (v + unit - 1) & ~(uint64_t)(unit - 1);
}

/* Builds one target's elements while walking its segments in address order. */
struct builder {
    struct e2d_plan *plan;
    size_t cap_elements;
    size_t cap_pieces;
    const struct e2d_alt *alt;
    struct e2d_target *target;
    uint8_t fill;
    bool open;
    uint64_t start;  /* element start, aligned */
    uint64_t cursor; /* end of the bytes placed so far */
};

static enum e2d_status add_piece(struct builder *b, const struct placed *p,
                                 struct e2d_error *err)
{
    struct e2d_plan *plan = b->plan;
    enum e2d_status st = e2d_grow((void **)&plan->pieces, &b->cap_pieces, plan->npieces + 1,
                                  sizeof *plan->pieces, err);
    if (st != E2D_OK)
        return st;
    plan->pieces[plan->npieces++] =
        (struct e2d_span){.addr = p->addr, .size = p->size, .data = p->data};
    plan->elements[plan->nelements - 1].npieces++;
    return E2D_OK;
}

static bool sector_erasable(const struct e2d_alt *alt, uint64_t addr, struct e2d_sector *sec)
{
    return e2d_alt_find_sector(alt, addr, sec) && (sec->type & E2D_MEM_ERASABLE);
}

/* A gap may be filled only where dfu-util erases anyway: when it lies in the
 * sectors of the data on both sides. Filling into a sector without payload
 * would erase whatever the user keeps there. */
static bool gap_fillable(const struct e2d_alt *alt, uint64_t end, uint64_t next)
{
    struct e2d_sector a, b;

    if (!sector_erasable(alt, end - 1, &a) || !sector_erasable(alt, next, &b))
        return false;
    return a.index == b.index || (b.index == a.index + 1 && (uint64_t)a.start + a.size == b.start);
}

/* The promise: a sector without payload is never erased. Gap filling keeps
 * it by construction; padding to a write unit larger than a sector could
 * still reach into one, so every sector of the element is checked. */
static enum e2d_status check_every_sector_has_payload(const struct builder *b,
                                                     const struct e2d_element *el,
                                                     struct e2d_sector s, uint64_t end,
                                                     struct e2d_error *err)
{
    const struct e2d_span *p = &b->plan->pieces[el->first_piece];
    const struct e2d_span *last_piece = p + el->npieces;

    for (;;) {
        uint64_t s_end = (uint64_t)s.start + s.size;
        while (p < last_piece && (uint64_t)p->addr + p->size <= s.start)
            p++;
        if (p == last_piece || p->addr >= s_end) {
            char size[32];
            return e2d_fail(err, E2D_ERR_PLACE,
                            "the %" PRIu32 "-byte write unit pads the data at 0x%08" PRIX32
                            "-0x%08" PRIX64 " into sector %" PRIu32 " of %s (0x%08" PRIX32
                            ", %s), which holds none of it: dfu-util would erase that sector; "
                            "use a write unit no larger than the sectors",
                            b->alt->write_unit, b->plan->pieces[el->first_piece].addr,
                            (uint64_t)last_piece[-1].addr + last_piece[-1].size - 1, s.index,
                            b->alt->name, s.start, e2d_size_str(s.size, size, sizeof size));
        }
        if (s_end >= end || !e2d_alt_find_sector(b->alt, s_end, &s))
            return E2D_OK;
    }
}

static enum e2d_status close_element(struct builder *b, struct e2d_error *err)
{
    struct e2d_element *el;
    uint64_t end = align_up(b->cursor, b->alt->write_unit);
    struct e2d_sector first, last;

    if (!b->open)
        return E2D_OK;
    b->open = false;
    el = &b->plan->elements[b->plan->nelements - 1];
    if (e2d_alt_extent_end(b->alt, b->start, E2D_MEM_WRITABLE) < end ||
        !e2d_alt_find_sector(b->alt, b->start, &first) ||
        !e2d_alt_find_sector(b->alt, end - 1, &last))
        return e2d_fail(err, E2D_ERR_PLACE,
                        "element 0x%08" PRIX64 "-0x%08" PRIX64 ", padded to the %" PRIu32
                        "-byte write unit, leaves the writable memory of %s",
                        b->start, end - 1, b->alt->write_unit, b->alt->name);
    el->size = (uint32_t)(end - b->start);
    if (b->target->kind == E2D_KIND_OPTION) {
        /* The bootloader rewrites option bytes whole: padding would set
         * bytes the firmware did not define to 0xFF. */
        uint64_t data = 0;
        for (size_t i = 0; i < el->npieces; i++)
            data += b->plan->pieces[el->first_piece + i].size;
        if (data != el->size)
            return e2d_fail(err, E2D_ERR_PLACE,
                            "option bytes at 0x%08" PRIX64 "-0x%08" PRIX64 " do not fill whole "
                            "%" PRIu32 "-byte write units: padding would set %" PRIu64
                            " option bytes the firmware does not define; define them all",
                            b->start, end - 1, b->alt->write_unit, el->size - data);
    }
    el->first_sector = first.index;
    el->last_sector = last.index;
    if (b->target->erasable) {
        enum e2d_status st = check_every_sector_has_payload(b, el, first, end, err);
        if (st != E2D_OK)
            return st;
    }
    if (b->target->erasable && (first.type & E2D_MEM_ERASABLE)) {
        b->target->sectors_erased += last.index - first.index + 1;
        b->target->bytes_erased += (uint64_t)last.start + last.size - first.start;
    }
    b->target->nelements++;
    return E2D_OK;
}

static enum e2d_status open_element(struct builder *b, uint64_t start, struct e2d_error *err)
{
    struct e2d_plan *plan = b->plan;
    enum e2d_status st = e2d_grow((void **)&plan->elements, &b->cap_elements,
                                  plan->nelements + 1, sizeof *plan->elements, err);
    if (st != E2D_OK)
        return st;
    plan->elements[plan->nelements++] = (struct e2d_element){
        .addr = (uint32_t)start, .first_piece = plan->npieces, .fill = b->fill};
    b->open = true;
    b->start = start;
    b->cursor = start;
    return E2D_OK;
}

static enum e2d_status add_segment(struct builder *b, const struct placed *p,
                                   struct e2d_error *err)
{
    uint32_t unit = b->alt->write_unit;
    uint64_t start = align_down(p->addr, unit);
    enum e2d_status st;

    if (b->open) {
        uint64_t end = align_up(b->cursor, unit);
        /* start < end: both share a write unit, which must be written once. */
        if (start > end && !gap_fillable(b->alt, end, start)) {
            if ((st = close_element(b, err)) != E2D_OK)
                return st;
        }
    }
    if (!b->open && (st = open_element(b, start, err)) != E2D_OK)
        return st;
    if ((st = add_piece(b, p, err)) != E2D_OK)
        return st;
    b->cursor = end_of(p);
    b->target->payload_bytes += p->size;
    return E2D_OK;
}

static enum e2d_status check_rdp(const struct placed *v, size_t n, size_t a,
                                 const struct e2d_alt *alt, const struct e2d_plan_options *opts,
                                 struct e2d_error *err)
{
    if (alt->rdp == E2D_RDP_NO_LEVEL2)
        return E2D_OK; /* no protection level the chip cannot come back from */
    if (alt->rdp != E2D_RDP_BYTE) {
        /* Level 2 is forever: option bytes that cannot be checked are not
         * written on a guess. */
        if (opts->allow_unchecked_option_bytes) {
            e2d_warn(&opts->log, "%s (alt %zu): read-out protection byte unknown for this "
                                 "layout; option bytes not checked for level 2",
                     alt->name, a);
            return E2D_OK;
        }
        for (size_t i = 0; i < n; i++)
            if (v[i].alt == a)
                return e2d_fail(err, E2D_ERR_PLACE,
                                "%s writes option bytes (%s, alt %zu, at 0x%08" PRIX32
                                ") whose layout is not known: read-out protection level 2, "
                                "which locks the chip forever, cannot be ruled out; use -d "
                                "with the part, or check the bytes and pass "
                                "--allow-unchecked-option-bytes",
                                ORIGIN(v[i].seg), alt->name, a, e2d_alt_start(alt));
    }
    for (size_t i = 0; i < n; i++) {
        const struct placed *p = &v[i];
        if (p->alt != a || alt->rdp_addr < p->addr || alt->rdp_addr >= end_of(p))
            continue;
        if (p->data[alt->rdp_addr - p->addr] == 0xCC && !opts->allow_rdp2)
            return e2d_fail(err, E2D_ERR_PLACE,
                            "%s sets read-out protection level 2 (0xCC at 0x%08" PRIX32
                            "): the chip could never be flashed or debugged again; "
                            "pass --allow-rdp2 only if that is what you want",
                            ORIGIN(p->seg), alt->rdp_addr);
    }
    return E2D_OK;
}

static enum e2d_status build_target(struct builder *b, const struct placed *v, size_t n,
                                    size_t a, const struct e2d_memmap *map,
                                    const struct e2d_plan_options *opts, struct e2d_error *err)
{
    const struct e2d_alt *alt = &map->alts[a];
    struct e2d_target *t = &b->plan->targets[b->plan->ntargets];
    enum e2d_status st;
    bool any = false;

    memset(t, 0, sizeof *t);
    t->alt = (uint8_t)a;
    memcpy(t->name, alt->name, sizeof t->name);
    t->kind = alt->kind;
    t->first_element = b->plan->nelements;
    t->erasable = alt->kind == E2D_KIND_FLASH;
    b->alt = alt;
    b->target = t;
    b->open = false;
    /* 0xFF programs nothing in OTP and option bytes: no other fill is safe. */
    b->fill = e2d_fill_for(alt, opts->fill);

    for (size_t i = 0; i < n; i++) {
        if (v[i].alt != a)
            continue;
        any = true;
        if ((st = add_segment(b, &v[i], err)) != E2D_OK)
            return st;
    }
    if (!any)
        return E2D_OK;
    if ((st = close_element(b, err)) != E2D_OK)
        return st;
    if (alt->kind == E2D_KIND_OPTION && (st = check_rdp(v, n, a, alt, opts, err)) != E2D_OK)
        return st;
    b->plan->ntargets++;
    return E2D_OK;
}

/* Writing option bytes resets the device, so nothing after them would be
 * programmed: move those targets to the end, keeping the rest in alt order. */
static void option_bytes_last(struct e2d_plan *plan)
{
    size_t n = plan->ntargets;
    for (size_t i = 0, moved = 0; i + moved < n;) {
        if (plan->targets[i].kind == E2D_KIND_OPTION) {
            struct e2d_target t = plan->targets[i];
            memmove(&plan->targets[i], &plan->targets[i + 1],
                    (n - i - 1) * sizeof plan->targets[0]);
            plan->targets[n - 1] = t;
            moved++;
        } else {
            i++;
        }
    }
}

enum e2d_status e2d_plan_build(struct e2d_plan *plan, const struct e2d_image *img,
                               const struct e2d_memmap *map, const struct e2d_plan_options *opts,
                               struct e2d_error *err)
{
    struct placed *v;
    struct builder b = {.plan = plan};
    enum e2d_status st;
    size_t n;

    if (!plan)
        return e2d_fail(err, E2D_ERR_ARG, "no plan given");
    e2d_plan_init(plan);
    if (!img || !map || !opts)
        return e2d_fail(err, E2D_ERR_ARG, "no image, map or options given");
    n = img->count;
    if (n == 0)
        return e2d_fail(err, E2D_ERR_PLACE, "the image is empty: nothing to program");
    if (map->count == 0)
        return e2d_fail(err, E2D_ERR_MAP, "the memory map is empty");
    for (size_t a = 0; a < map->count; a++)
        if (map->alts[a].nruns && map->alts[a].write_unit == 0)
            return e2d_fail(err, E2D_ERR_MAP,
                            "alternate setting %zu (%s) has no write unit: recognise the map "
                            "(e2d_device_recognise) or give it one",
                            a, map->alts[a].name);
    v = calloc(n, sizeof *v);
    plan->targets = calloc(map->count, sizeof *plan->targets);
    if (!v || !plan->targets) {
        st = e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((st = translate(img, map, &opts->log, v, err)) != E2D_OK)
        goto out;
    /* Loaders usually deliver segments in address order; skip the sort (and
     * glibc's temporary copy) then. */
    for (size_t i = 1; i < n; i++) {
        if (placed_cmp(&v[i - 1], &v[i]) > 0) {
            qsort(v, n, sizeof *v, placed_cmp);
            break;
        }
    }
    if ((st = settle_overlaps(v, &n, opts, err)) != E2D_OK)
        goto out;
    if ((st = locate(v, n, map, img->build.toolchain, err)) != E2D_OK)
        goto out;
    for (size_t a = 0; a < map->count; a++)
        if ((st = build_target(&b, v, n, a, map, opts, err)) != E2D_OK)
            goto out;
    option_bytes_last(plan);
out:
    free(v);
    if (st != E2D_OK)
        e2d_plan_free(plan);
    return st;
}
