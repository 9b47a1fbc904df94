/* SPDX-License-Identifier: BSD-2-Clause */
/* Reads the device table: lookup by the names people use, a part's map,
 * and recognition of maps typed or pasted from the bootloader. */
#include <elf2dfu/device.h>

#include "internal.h"
#include "table.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FLASH_BASE 0x08000000u

size_t e2d_device_count(void)
{
    return e2d_stm32_nparts + e2d_other_nparts;
}

const struct e2d_device *e2d_device_at(size_t index)
{
    if (index < e2d_stm32_nparts)
        return &e2d_stm32_parts[index];
    index -= e2d_stm32_nparts;
    return index < e2d_other_nparts ? &e2d_other_parts[index] : NULL;
}

const struct e2d_device *e2d_device_find(const char *name)
{
    const struct e2d_device *d;
    for (size_t i = 0; name && (d = e2d_device_at(i)) != NULL; i++)
        if (strcasecmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* The accessors take NULL, which e2d_device_find returns for an unknown
 * name, so a caller can chain them without a check of its own. */
const char *e2d_device_name(const struct e2d_device *dev)
{
    return dev ? dev->name : "";
}

const char *e2d_device_family(const struct e2d_device *dev)
{
    return dev ? dev->family->name : "";
}

const char *e2d_device_core(const struct e2d_device *dev)
{
    return dev ? dev->family->core : "";
}

uint32_t e2d_device_flash_size(const struct e2d_device *dev)
{
    return dev ? dev->flash_kib * 1024u : 0;
}

void e2d_device_ids(const struct e2d_device *dev, uint16_t *vid, uint16_t *pid)
{
    if (vid)
        *vid = dev ? dev->family->vid : 0;
    if (pid)
        *pid = dev ? dev->family->pid : 0;
}

bool e2d_device_bank_modes(const struct e2d_device *dev, enum e2d_bank *factory)
{
    if (factory)
        *factory = dev ? dev->mode : E2D_BANK_DEFAULT;
    return dev && dev->other != NULL;
}

uint32_t e2d_device_max_write_unit(void)
{
    uint32_t max = 1;
    const struct e2d_device *d;
    for (size_t i = 0; (d = e2d_device_at(i)) != NULL; i++) {
        if (d->family->flash_unit > max)
            max = d->family->flash_unit;
        if (d->family->option_unit > max)
            max = d->family->option_unit;
    }
    return max;
}

/* ---- Lookup ---------------------------------------------------------------- */

/* Table names end in "x" and the flash-size letter: "stm32f405xg". */
static size_t pin_position(const char *table_name)
{
    return strlen(table_name) - 2;
}

/* What was asked for, lower case, without blanks. */
static void normalise(const char *what, char *out, size_t size)
{
    size_t n = 0;
    for (; *what && n + 1 < size; what++)
        if (!isspace((unsigned char)*what))
            out[n++] = (char)tolower((unsigned char)*what);
    out[n] = '\0';
}

enum fit { FIT_NONE, FIT_PREFIX, FIT_FULL };

/* How the input fits a table name: FULL when it spells the whole name (the
 * pin letter free, anything after it, such as the package and temperature
 * range, ignored); PREFIX when it is the start of one. */
static enum fit fits(const char *in, const char *name)
{
    size_t pin = pin_position(name), i;

    for (i = 0; name[i]; i++) {
        if (!in[i])
            return FIT_PREFIX;
        if (i != pin && in[i] != name[i])
            return FIT_NONE;
    }
    return FIT_FULL;
}

static const char *const vendors[] = {"", "stm32", "gd32", "at32", "apm32"};

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];

    if (lb >= sizeof row / sizeof row[0])
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

static void add_candidate(struct e2d_device_candidates *near, const struct e2d_device *d)
{
    if (!near)
        return;
    if (near->count < E2D_MAX_CANDIDATES)
        near->v[near->count++] = d;
    else
        near->more++;
}

/* A misspelling this far from every name is not a misspelling: suggesting
 * parts then only sends people to the wrong one. */
#define E2D_MAX_TYPO 3

/* How many nearest names an unknown one is answered with. */
#define NEAREST 5

/* Nothing fits: the names nearest to what was typed (with each vendor
 * prefix, so "f450vg" finds "stm32f405xg"), nearest first. */
static void nearest(const char *in, struct e2d_device_candidates *near)
{
    size_t best[NEAREST];
    const struct e2d_device *pick[NEAREST] = {NULL};
    const struct e2d_device *d;

    for (size_t k = 0; k < NEAREST; k++)
        best[k] = (size_t)-1;
    for (size_t i = 0; (d = e2d_device_at(i)) != NULL; i++) {
        size_t dist = (size_t)-1;
        for (size_t v = 0; v < sizeof vendors / sizeof vendors[0]; v++) {
            char full[96];
            size_t k;
            snprintf(full, sizeof full, "%s%s", vendors[v], in);
            /* Compare as far as the name goes: suffixes are not typos. */
            if (strlen(full) > strlen(d->name))
                full[strlen(d->name)] = '\0';
            k = edit_distance(full, d->name);
            if (k < dist)
                dist = k;
        }
        if (dist > E2D_MAX_TYPO)
            continue;
        for (size_t k = 0; k < NEAREST; k++) {
            if (dist < best[k]) {
                memmove(&best[k + 1], &best[k], (NEAREST - 1 - k) * sizeof best[0]);
                memmove(&pick[k + 1], &pick[k], (NEAREST - 1 - k) * sizeof pick[0]);
                best[k] = dist;
                pick[k] = d;
                break;
            }
        }
    }
    for (size_t k = 0; k < NEAREST && pick[k]; k++)
        add_candidate(near, pick[k]);
}

/* How the input fits the name with vendor prefix v in front of it ("f405rg"
 * is stm32f405rg); a name that has its vendor keeps it. */
static enum fit fit_with(const char *in, size_t v, const struct e2d_device *d)
{
    char full_in[128];

    if (v > 0 && strncmp(in, vendors[v], strlen(vendors[v])) == 0)
        return FIT_NONE;
    snprintf(full_in, sizeof full_in, "%s%s", vendors[v], in);
    return fits(full_in, d->name);
}

bool e2d_device_fits(const struct e2d_device *dev, const char *what)
{
    char in[96];

    if (!dev || !what || !*what)
        return false;
    normalise(what, in, sizeof in);
    for (size_t v = 0; v < sizeof vendors / sizeof vendors[0]; v++)
        if (fit_with(in, v, dev) != FIT_NONE)
            return true;
    return false;
}

/* The parts that fit the input best, with the first vendor prefix that
 * gives a fit: a name without its vendor is an STM32 before it is a GD32
 * ("f405rg" is the STM32F405RG, "gd32f405rg" the GigaDevice part). *one
 * is the part when only one fits, else NULL. */
static enum fit collect(const char *in, struct e2d_device_candidates *all,
                        const struct e2d_device **one)
{
    const struct e2d_device *d;

    for (int want = FIT_FULL; want >= FIT_PREFIX; want--) {
        for (size_t v = 0; v < sizeof vendors / sizeof vendors[0]; v++) {
            size_t n = 0;
            for (size_t i = 0; (d = e2d_device_at(i)) != NULL; i++) {
                if (fit_with(in, v, d) != (enum fit)want)
                    continue;
                *one = n++ == 0 ? d : NULL;
                add_candidate(all, d);
            }
            if (n > 0)
                return (enum fit)want;
        }
    }
    return FIT_NONE;
}

enum e2d_status e2d_device_lookup(const char *what, const struct e2d_device **out,
                                  struct e2d_device_candidates *near, struct e2d_error *err)
{
    char in[96];
    const struct e2d_device *one = NULL;
    struct e2d_device_candidates all;

    if (near)
        memset(near, 0, sizeof *near);
    if (!out)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the device given");
    *out = NULL;
    if (!what || !*what)
        return e2d_fail(err, E2D_ERR_ARG, "no device name given");
    if ((*out = e2d_device_find(what)) != NULL)
        return E2D_OK;
    normalise(what, in, sizeof in);
    memset(&all, 0, sizeof all);
    if (collect(in, &all, &one) != FIT_NONE) {
        if (one) {
            *out = one;
            return E2D_OK;
        }
        if (near)
            *near = all;
        return e2d_fail(err, E2D_ERR_ARG, "device '%s' is ambiguous", what);
    }
    nearest(in, near);
    return e2d_fail(err, E2D_ERR_ARG, "unknown device '%s'", what);
}

/* ---- A part's map ------------------------------------------------------------ */

static enum e2d_status set_alt(struct e2d_memmap *map, size_t alt, const char *layout,
                               const struct e2d_family *f, struct e2d_error *err)
{
    struct e2d_alt *a;
    enum e2d_status st = e2d_memmap_set_layout(map, alt, layout, 0, err);

    if (st != E2D_OK)
        return st;
    a = &map->alts[alt];
    if (a->kind == E2D_KIND_OPTION)
        a->write_unit = f->option_unit;
    else if (a->kind == E2D_KIND_FLASH || a->kind == E2D_KIND_OTP)
        a->write_unit = f->flash_unit;
    else /* the ROMs' other alts (Device Feature) are one 32-bit word */
        a->write_unit = 4;
    if (a->kind == E2D_KIND_OPTION) {
        a->rdp = f->rdp;
        a->rdp_addr = f->rdp_addr;
    }
    if (a->kind == E2D_KIND_OTP && f->otp_locks) {
        a->otp_lock_start = f->otp_lock_start;
        a->otp_locks = f->otp_locks;
        a->otp_block = f->otp_block;
    }
    return E2D_OK;
}

static void apply_part_facts(struct e2d_memmap *map, const struct e2d_device *dev)
{
    const struct e2d_family *f = dev->family;

    snprintf(map->device, sizeof map->device, "%s", dev->name);
    snprintf(map->family, sizeof map->family, "%s", f->name);
    map->arch = f->arch;
    map->core = f->core;
    map->has_ids = true;
    map->vid = f->vid;
    map->pid = f->pid;
    map->bcd_device = 0xFFFF;
    map->nram = 0;
    for (size_t i = 0; i < 4 && dev->ram[i].size; i++)
        map->ram[map->nram++] = dev->ram[i];
}

enum e2d_status e2d_memmap_from_device(struct e2d_memmap *map, const struct e2d_device *dev,
                                       enum e2d_bank bank, struct e2d_error *err)
{
    const struct e2d_family *f;
    const char *flash;
    char layout[512];
    enum e2d_status st;

    if (!map || !dev)
        return e2d_fail(err, E2D_ERR_ARG, "no device given (e2d_device_find returns NULL for "
                                          "an unknown name)");
    f = dev->family;
    flash = dev->flash;
    if (bank != E2D_BANK_DEFAULT && bank != dev->mode) {
        if (!dev->other)
            return e2d_fail(err, E2D_ERR_ARG,
                            "%s has one flash organisation, which no option bit changes: "
                            "--bank %s does not apply to it",
                            dev->name, bank == E2D_BANK_DUAL ? "dual" : "single");
        flash = dev->other;
    }
    snprintf(layout, sizeof layout, "@%s/0x%08X/%s", f->flash_name, FLASH_BASE, flash);
    if ((st = set_alt(map, 0, layout, f, err)) != E2D_OK)
        return st;
    map->alts[0].kind = E2D_KIND_FLASH;
    for (size_t i = 0; i < sizeof f->alts / sizeof f->alts[0] && f->alts[i]; i++)
        if (f->alts[i][0] && (st = set_alt(map, i + 1, f->alts[i], f, err)) != E2D_OK)
            return st;
    if (f->alias &&
        (st = e2d_memmap_add_alias(map, f->alias, FLASH_BASE, e2d_device_flash_size(dev), err)) !=
            E2D_OK)
        return st;
    apply_part_facts(map, dev);
    return E2D_OK;
}

/* ---- Recognition ----------------------------------------------------------- */

/* Both describe the same sectors wherever both describe memory, and they
 * share some. */
static bool same_sectors(const struct e2d_alt *a, const struct e2d_alt *b)
{
    uint64_t lo = e2d_alt_start(a) > e2d_alt_start(b) ? e2d_alt_start(a) : e2d_alt_start(b);
    uint64_t hi = e2d_alt_end(a) < e2d_alt_end(b) ? e2d_alt_end(a) : e2d_alt_end(b);
    bool any = false;

    for (uint64_t x = lo; x < hi;) {
        struct e2d_sector sa, sb;
        bool in_a = e2d_alt_find_sector(a, x, &sa), in_b = e2d_alt_find_sector(b, x, &sb);
        if (in_a != in_b)
            return false;
        if (!in_a) {
            x++;
            continue;
        }
        if (sa.start != sb.start || sa.size != sb.size)
            return false;
        any = true;
        x = (uint64_t)sa.start + sa.size;
    }
    return any;
}

/* The part's alt that describes the same memory as user's alt a, or NULL. */
static const struct e2d_alt *counterpart(const struct e2d_memmap *part, const struct e2d_alt *a)
{
    for (size_t i = 0; i < part->count; i++) {
        const struct e2d_alt *b = &part->alts[i];
        if (!b->nruns || e2d_alt_start(b) != e2d_alt_start(a))
            continue;
        if (a->kind == E2D_KIND_FLASH || b->kind == E2D_KIND_FLASH)
            return a->kind == b->kind && same_sectors(a, b) ? b : NULL;
        return a->kind == b->kind ? b : NULL;
    }
    return NULL;
}

static bool part_fits(const struct e2d_memmap *user, const struct e2d_memmap *part)
{
    bool flash = false;
    for (size_t i = 0; i < user->count; i++) {
        const struct e2d_alt *a = &user->alts[i];
        if (!a->nruns || a->same_as >= 0 || a->kind == E2D_KIND_OTHER)
            continue;
        if (!counterpart(part, a))
            return false;
        flash |= a->kind == E2D_KIND_FLASH;
    }
    return flash;
}

struct match {
    const struct e2d_device *dev;
    struct e2d_memmap map;
};

static void add_family(struct e2d_recognition *r, const char *name)
{
    for (size_t i = 0; i < r->nfamilies; i++)
        if (strcmp(r->families[i], name) == 0)
            return;
    if (r->nfamilies < E2D_MAX_FAMILIES)
        r->families[r->nfamilies++] = name;
}

/* Applies to the user's alts what every matching part agrees on. */
static void apply_agreed(struct e2d_memmap *user, const struct match *m, size_t n,
                         struct e2d_recognition *r)
{
    for (size_t i = 0; i < user->count; i++) {
        struct e2d_alt *a = &user->alts[i];
        uint32_t unit = 0;
        bool rdp_agrees = true, otp_agrees = true;
        const struct e2d_alt *first = NULL;

        if (!a->nruns)
            continue;
        for (size_t k = 0; k < n; k++) {
            const struct e2d_alt *b = counterpart(&m[k].map, a);
            if (!b)
                continue; /* an alt the family does not report (Device Feature) */
            if (b->write_unit > unit)
                unit = b->write_unit;
            if (!first) {
                first = b;
                continue;
            }
            rdp_agrees &= b->rdp == first->rdp && b->rdp_addr == first->rdp_addr;
            otp_agrees &= b->otp_lock_start == first->otp_lock_start &&
                          b->otp_locks == first->otp_locks && b->otp_block == first->otp_block;
        }
        if (a->write_unit == 0)
            a->write_unit = unit ? unit : e2d_device_max_write_unit();
        if (a->kind == E2D_KIND_FLASH && a->write_unit > r->write_unit)
            r->write_unit = a->write_unit;
        if (first && rdp_agrees && a->kind == E2D_KIND_OPTION) {
            a->rdp = first->rdp;
            a->rdp_addr = first->rdp_addr;
        }
        if (first && otp_agrees && a->kind == E2D_KIND_OTP) {
            a->otp_lock_start = first->otp_lock_start;
            a->otp_locks = first->otp_locks;
            a->otp_block = first->otp_block;
        }
    }
}

static void apply_map_facts(struct e2d_memmap *user, const struct match *m, size_t n,
                            struct e2d_recognition *r, struct e2d_error *err)
{
    bool same_arch = true, same_alias = true;
    uint64_t user_flash = 0, part_flash = 0;

    for (size_t k = 1; k < n; k++) {
        same_arch &= m[k].dev->family->arch == m[0].dev->family->arch;
        same_alias &= m[k].dev->family->alias == m[0].dev->family->alias;
    }
    if (same_arch) {
        user->arch = m[0].dev->family->arch;
        user->core = m[0].dev->family->core;
    }
    if (r->nfamilies == 1)
        snprintf(user->family, sizeof user->family, "%s", r->families[0]);
    /* RAM: any matching part's, for a check that only warns. */
    for (size_t k = 0; k < n; k++) {
        for (size_t j = 0; j < m[k].map.nram; j++) {
            const struct e2d_region *x = &m[k].map.ram[j];
            size_t i;
            for (i = 0; i < user->nram && user->ram[i].start != x->start; i++)
                ;
            if (i < user->nram) {
                if (x->size > user->ram[i].size)
                    user->ram[i].size = x->size;
            } else if (user->nram < E2D_MAX_RAM) {
                user->ram[user->nram++] = *x;
            }
        }
        part_flash = e2d_device_flash_size(m[k].dev) > part_flash ? e2d_device_flash_size(m[k].dev)
                                                                  : part_flash;
    }
    for (size_t i = 0; i < user->count; i++)
        if (user->alts[i].kind == E2D_KIND_FLASH && user->alts[i].same_as < 0 &&
            e2d_alt_start(&user->alts[i]) == FLASH_BASE)
            user_flash = e2d_alt_end(&user->alts[i]) - FLASH_BASE;
    if (user_flash > part_flash)
        r->part_flash = (uint32_t)part_flash;
    if (same_alias && m[0].dev->family->alias && user->naliases == 0)
        (void)e2d_memmap_add_alias(user, m[0].dev->family->alias, FLASH_BASE,
                                   (uint32_t)(user_flash ? user_flash : part_flash), err);
}

enum e2d_status e2d_device_recognise(struct e2d_memmap *user, struct e2d_recognition *r,
                                     struct e2d_error *err)
{
    struct match *m = NULL;
    size_t n = 0, cap = 0;
    const struct e2d_device *d;
    enum e2d_status st = E2D_OK;

    if (!user || !r)
        return e2d_fail(err, E2D_ERR_ARG, "no map or result given");
    memset(r, 0, sizeof *r);
    for (size_t i = 0; (d = e2d_device_at(i)) != NULL && st == E2D_OK; i++) {
        for (int mode = 0; mode < 2 && st == E2D_OK; mode++) {
            struct e2d_memmap part;
            enum e2d_bank bank = mode == 0 ? E2D_BANK_DEFAULT
                                 : d->mode == E2D_BANK_SINGLE ? E2D_BANK_DUAL
                                                              : E2D_BANK_SINGLE;
            if (mode == 1 && !d->other)
                break;
            if (user->has_ids && (user->vid != d->family->vid || user->pid != d->family->pid))
                break;
            e2d_memmap_init(&part);
            if ((st = e2d_memmap_from_device(&part, d, bank, err)) == E2D_OK &&
                part_fits(user, &part) &&
                (st = e2d_grow((void **)&m, &cap, n + 1, sizeof *m, err)) == E2D_OK) {
                m[n].dev = d;
                m[n++].map = part;
                add_family(r, d->family->name);
                break;
            }
            e2d_memmap_free(&part);
        }
    }
    if (st == E2D_OK && n > 0) {
        apply_agreed(user, m, n, r);
        apply_map_facts(user, m, n, r, err);
        r->applied = true;
    } else if (st == E2D_OK) {
        uint32_t unit = e2d_device_max_write_unit();
        r->safe_default = true;
        for (size_t i = 0; i < user->count; i++)
            if (user->alts[i].write_unit == 0)
                user->alts[i].write_unit = unit;
        r->write_unit = unit;
    }
    for (size_t k = 0; k < n; k++)
        e2d_memmap_free(&m[k].map);
    free(m);
    return st;
}
