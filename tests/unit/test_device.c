/* SPDX-License-Identifier: BSD-2-Clause */
/* The device table: every entry's consistency, lookup by the names people
 * write, and recognition of pasted maps. */
#include <elf2dfu/device.h>
#include <elf2dfu/memmap.h>

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLASH_BASE 0x08000000u

static bool power_of_two(uint32_t x)
{
    return x && !(x & (x - 1));
}

static uint64_t run_end(const struct e2d_sector_run *r)
{
    return (uint64_t)r->start + (uint64_t)r->count * r->size;
}

static bool inside(uint64_t lo, uint64_t hi, const struct e2d_alt *a)
{
    return lo >= e2d_alt_start(a) && hi <= e2d_alt_end(a);
}

static bool runs_overlap(const struct e2d_alt *a, const struct e2d_alt *b)
{
    for (size_t i = 0; i < a->nruns; i++)
        for (size_t j = 0; j < b->nruns; j++)
            if (a->runs[i].start < run_end(&b->runs[j]) && b->runs[j].start < run_end(&a->runs[i]))
                return true;
    return false;
}

/* One map of one part, checked as the issue asks: sectors add up to the
 * flash size, regions ascend without overlap, the write unit divides
 * every sector, option and OTP facts point inside their alt. */
static void check_map(const struct e2d_device *d, const struct e2d_memmap *map)
{
    const char *name = e2d_device_name(d);
    uint64_t flash = 0;

    if (map->count == 0 || map->alts[0].kind != E2D_KIND_FLASH)
        fail_msg("%s: alt 0 is not the flash", name);
    if (e2d_alt_start(&map->alts[0]) != FLASH_BASE)
        fail_msg("%s: flash starts at 0x%08X", name, e2d_alt_start(&map->alts[0]));
    for (size_t i = 0; i < map->count; i++) {
        const struct e2d_alt *a = &map->alts[i];
        if (!a->nruns)
            continue;
        if (!power_of_two(a->write_unit))
            fail_msg("%s alt %zu: write unit %u", name, i, a->write_unit);
        for (size_t r = 0; r < a->nruns; r++) {
            const struct e2d_sector_run *run = &a->runs[r];
            if (run->count == 0 || run->size == 0)
                fail_msg("%s alt %zu: empty run %zu", name, i, r);
            if (run_end(run) > 0x100000000u)
                fail_msg("%s alt %zu: run %zu past 4 GiB", name, i, r);
            if (run->size % a->write_unit != 0)
                fail_msg("%s alt %zu: write unit %u does not divide sectors of %u", name, i,
                         a->write_unit, run->size);
            if (r > 0 && run->start < run_end(&a->runs[r - 1]))
                fail_msg("%s alt %zu: run %zu does not ascend", name, i, r);
            if (i == 0)
                flash += (uint64_t)run->count * run->size;
        }
        /* No two alts share memory (the table has no repeated alts). */
        for (size_t j = 0; j < i; j++)
            if (runs_overlap(a, &map->alts[j]))
                fail_msg("%s: alts %zu and %zu overlap", name, j, i);
        if (a->kind == E2D_KIND_OPTION) {
            if (a->rdp == E2D_RDP_BYTE && !inside(a->rdp_addr, (uint64_t)a->rdp_addr + 1, a))
                fail_msg("%s alt %zu: RDP byte 0x%08X outside the option bytes", name, i,
                         a->rdp_addr);
        }
        if (a->otp_locks) {
            uint64_t blocks = (uint64_t)a->otp_locks * a->otp_block;
            if (a->kind != E2D_KIND_OTP)
                fail_msg("%s alt %zu: OTP locks on a %s alt", name, i, e2d_mem_kind_key(a->kind));
            if (!inside(a->otp_lock_start, (uint64_t)a->otp_lock_start + a->otp_locks, a))
                fail_msg("%s alt %zu: OTP lock bytes outside the alt", name, i);
            if (e2d_alt_start(a) + blocks > a->otp_lock_start)
                fail_msg("%s alt %zu: OTP blocks run into their lock bytes", name, i);
        }
    }
    if (flash != e2d_device_flash_size(d))
        fail_msg("%s: sectors add up to %llu bytes, the part has %u", name,
                 (unsigned long long)flash, e2d_device_flash_size(d));
    for (size_t k = 0; k < map->naliases; k++) {
        const struct e2d_alias *al = &map->aliases[k];
        if (e2d_memmap_alt_at(map, al->from) >= 0)
            fail_msg("%s: alias 0x%08X lies on an alt's memory", name, al->from);
        if (al->size != e2d_device_flash_size(d))
            fail_msg("%s: alias covers %u bytes", name, al->size);
    }
    if (map->nram == 0)
        fail_msg("%s: no RAM", name);
    for (size_t k = 0; k < map->nram; k++) {
        const struct e2d_region *r = &map->ram[k];
        if (r->size == 0 || (uint64_t)r->start + r->size > 0x100000000u)
            fail_msg("%s: RAM region %zu", name, k);
        if (e2d_memmap_alt_at(map, r->start) >= 0)
            fail_msg("%s: RAM 0x%08X lies on an alt's memory", name, r->start);
    }
    if (!map->has_ids || map->vid == 0 || map->pid == 0)
        fail_msg("%s: no USB IDs", name);
    if (map->arch == E2D_ARCH_UNKNOWN || !map->core)
        fail_msg("%s: no core", name);
}

static void every_entry_is_consistent(void **state)
{
    const struct e2d_device *d;
    size_t n = e2d_device_count();
    (void)state;

    assert_true(n >= 60);
    for (size_t i = 0; i < n; i++) {
        struct e2d_memmap map;
        struct e2d_error err;
        enum e2d_bank factory;
        const char *name;

        d = e2d_device_at(i);
        assert_non_null(d);
        name = e2d_device_name(d);
        for (const char *p = name; *p; p++)
            if (isupper((unsigned char)*p) || isspace((unsigned char)*p))
                fail_msg("%s: names are lower case without blanks", name);
        if (e2d_device_find(name) != d)
            fail_msg("%s: not found by its own name (a duplicate?)", name);
        if (e2d_device_flash_size(d) == 0 || e2d_device_flash_size(d) % 1024)
            fail_msg("%s: flash size %u", name, e2d_device_flash_size(d));

        e2d_memmap_init(&map);
        if (e2d_memmap_from_device(&map, d, E2D_BANK_DEFAULT, &err) != E2D_OK)
            fail_msg("%s: %s", name, err.msg);
        check_map(d, &map);
        assert_string_equal(map.device, name);
        e2d_memmap_free(&map);

        if (e2d_device_bank_modes(d, &factory)) {
            assert_true(factory == E2D_BANK_SINGLE || factory == E2D_BANK_DUAL);
            for (enum e2d_bank b = E2D_BANK_SINGLE; b <= E2D_BANK_DUAL; b++) {
                e2d_memmap_init(&map);
                if (e2d_memmap_from_device(&map, d, b, &err) != E2D_OK)
                    fail_msg("%s bank mode %d: %s", name, b, err.msg);
                check_map(d, &map);
                e2d_memmap_free(&map);
            }
        } else {
            e2d_memmap_init(&map);
            assert_int_equal(e2d_memmap_from_device(&map, d, E2D_BANK_DUAL, &err), E2D_ERR_ARG);
            e2d_memmap_free(&map);
        }
    }
    assert_null(e2d_device_at(n));
}

/* The write units the reference manuals give, one part per family. */
static void write_units_are_the_families(void **state)
{
    static const struct {
        const char *part;
        uint32_t unit;
    } want[] = {
        {"stm32f072xb", 2}, {"stm32f105xc", 2}, {"stm32f303xc", 2},  {"stm32f205xg", 4},
        {"stm32f405xg", 4}, {"stm32f429xi", 4}, {"stm32f722xe", 8},  {"stm32f767xi", 8},
        {"stm32l053x8", 4}, {"stm32l476xg", 8}, {"stm32g0b1xe", 8},  {"stm32u575xi", 16},
        {"stm32h7a3xi", 16}, {"stm32h743xi", 32}, {"stm32h750xb", 32},
    };
    (void)state;

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct e2d_device *d = e2d_device_find(want[i].part);
        struct e2d_memmap map;
        struct e2d_error err;
        if (!d)
            fail_msg("%s is not in the table", want[i].part);
        e2d_memmap_init(&map);
        assert_int_equal(e2d_memmap_from_device(&map, d, E2D_BANK_DEFAULT, &err), E2D_OK);
        if (map.alts[0].write_unit != want[i].unit)
            fail_msg("%s: write unit %u, want %u", want[i].part, map.alts[0].write_unit,
                     want[i].unit);
        e2d_memmap_free(&map);
    }
    assert_int_equal(e2d_device_max_write_unit(), 32);
}

static const char *looked_up(const char *what)
{
    const struct e2d_device *d = NULL;
    struct e2d_device_candidates near;
    struct e2d_error err;

    if (e2d_device_lookup(what, &d, &near, &err) != E2D_OK)
        return "(none)";
    return e2d_device_name(d);
}

static void parts_are_found_as_people_write_them(void **state)
{
    (void)state;
    assert_string_equal(looked_up("STM32F405RGT6"), "stm32f405xg");
    assert_string_equal(looked_up("stm32f405rg"), "stm32f405xg");
    assert_string_equal(looked_up("f405rg"), "stm32f405xg");
    assert_string_equal(looked_up("  F405 RG "), "stm32f405xg");
    assert_string_equal(looked_up("stm32f405xg"), "stm32f405xg");
    assert_string_equal(looked_up("STM32H750VBT6"), "stm32h750xb");
    assert_string_equal(looked_up("stm32h750"), "stm32h750xb"); /* the only H750 */
    assert_string_equal(looked_up("GD32VF103CBT6"), "gd32vf103xb");
    assert_string_equal(looked_up("stm32f722ret6"), "stm32f722xe");
    assert_string_equal(looked_up("gd32f405rg"), "gd32f405xg");
    assert_string_equal(looked_up("stm32f7"), "(none)");
    assert_string_equal(looked_up("nosuch"), "(none)");
    assert_string_equal(looked_up(""), "(none)");
}

static void ambiguous_and_unknown_names_list_candidates(void **state)
{
    const struct e2d_device *d = (const void *)1;
    struct e2d_device_candidates near;
    struct e2d_error err;
    (void)state;

    assert_int_equal(e2d_device_lookup("f722", &d, &near, &err), E2D_ERR_ARG);
    assert_null(d);
    assert_string_equal(err.msg, "device 'f722' is ambiguous");
    assert_int_equal(near.count, 2);
    assert_int_equal(near.more, 0);
    assert_string_equal(e2d_device_name(near.v[0]), "stm32f722xc");
    assert_string_equal(e2d_device_name(near.v[1]), "stm32f722xe");

    /* Every F4 fits "stm32f4": the list is capped and says how many more. */
    assert_int_equal(e2d_device_lookup("stm32f4", &d, &near, &err), E2D_ERR_ARG);
    assert_int_equal(near.count, E2D_MAX_CANDIDATES);
    assert_true(near.more > 0);

    /* A typo ("O" for "0") finds the part it was meant to be first. */
    assert_int_equal(e2d_device_lookup("stm32f4O5rg", &d, &near, &err), E2D_ERR_ARG);
    assert_string_equal(err.msg, "unknown device 'stm32f4O5rg'");
    assert_true(near.count > 0);
    assert_string_equal(e2d_device_name(near.v[0]), "stm32f405xg");

    /* Nothing near: no suggestions that would send someone to a wrong part. */
    assert_int_equal(e2d_device_lookup("nosuch", &d, &near, &err), E2D_ERR_ARG);
    assert_int_equal(near.count, 0);

    assert_int_equal(e2d_device_lookup("f405rg", NULL, NULL, &err), E2D_ERR_ARG);
    assert_true(e2d_device_fits(e2d_device_find("stm32f405xg"), "F405"));
    assert_false(e2d_device_fits(e2d_device_find("stm32f405xg"), "f407"));
}

static void bank_modes(void **state)
{
    const struct e2d_device *d = e2d_device_find("stm32f767xi");
    struct e2d_memmap single, dual;
    struct e2d_error err;
    enum e2d_bank factory;
    (void)state;

    assert_non_null(d);
    assert_true(e2d_device_bank_modes(d, &factory));
    assert_int_equal(factory, E2D_BANK_SINGLE);
    e2d_memmap_init(&single);
    e2d_memmap_init(&dual);
    assert_int_equal(e2d_memmap_from_device(&single, d, E2D_BANK_SINGLE, &err), E2D_OK);
    assert_int_equal(e2d_memmap_from_device(&dual, d, E2D_BANK_DUAL, &err), E2D_OK);
    /* RM0410: 256 KiB sectors in single-bank mode, 128 KiB in dual. */
    assert_int_equal(single.alts[0].runs[single.alts[0].nruns - 1].size, 256 * 1024);
    assert_int_equal(dual.alts[0].runs[dual.alts[0].nruns - 1].size, 128 * 1024);
    e2d_memmap_free(&single);
    e2d_memmap_free(&dual);
    assert_false(e2d_device_bank_modes(e2d_device_find("stm32f405xg"), &factory));
}

static void recognise(const char *const *layouts, size_t n, struct e2d_memmap *map,
                      struct e2d_recognition *r)
{
    struct e2d_error err;

    e2d_memmap_init(map);
    for (size_t i = 0; i < n; i++)
        if (e2d_memmap_add_layout(map, layouts[i], 0, &err) != E2D_OK)
            fail_msg("%s: %s", layouts[i], err.msg);
    assert_int_equal(e2d_device_recognise(map, r, &err), E2D_OK);
}

static void pasted_maps_are_recognised(void **state)
{
    static const char *const h743[] = {"@Internal Flash   /0x08000000/16*128Kg",
                                       "@Option Bytes   /0x5200201C/01*128 e"};
    static const char *const l476[] = {"@Internal Flash  /0x08000000/0512*0002Kg"};
    static const char *const f405[] = {
        "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg",
        "@Option Bytes  /0x1FFFC000/01*016 e", "@OTP Memory /0x1FFF7800/01*512 e,01*016 e",
        "@Device Feature/0xFFFF0000/01*004 e"};
    static const char *const odd[] = {"@Flash /0x00400000/64*8Kg"};
    struct e2d_memmap map;
    struct e2d_recognition r;
    (void)state;

    recognise(h743, 2, &map, &r);
    assert_true(r.applied);
    assert_int_equal(r.write_unit, 32);
    assert_int_equal(map.alts[0].write_unit, 32);
    assert_int_equal(map.arch, E2D_ARCH_ARMV7EM);
    e2d_memmap_free(&map);

    recognise(l476, 1, &map, &r);
    assert_true(r.applied);
    assert_int_equal(r.write_unit, 8);
    e2d_memmap_free(&map);

    /* The F2 and F4 ROMs report the same strings: both are named, and their
     * facts, which agree, are applied (the OTP lock bytes among them). */
    recognise(f405, 4, &map, &r);
    assert_true(r.applied);
    assert_true(r.nfamilies >= 2);
    assert_int_equal(r.write_unit, 4);
    assert_int_equal(map.alts[1].rdp, E2D_RDP_BYTE);
    assert_int_equal(map.alts[2].otp_locks, 16);
    e2d_memmap_free(&map);

    recognise(odd, 1, &map, &r);
    assert_false(r.applied);
    assert_true(r.safe_default);
    assert_int_equal(map.alts[0].write_unit, e2d_device_max_write_unit());
    e2d_memmap_free(&map);
}

/* tests/data/dfu-util: real listings, each naming the part it came from
 * ("# Part: NAME") when the table has it. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Every sector of the part's alt is one the bootloader reports (a ROM may
 * report more: its die's flash). */
static void covers(const char *file, const struct e2d_alt *rom, const struct e2d_alt *part)
{
    for (size_t r = 0; r < part->nruns; r++) {
        for (uint32_t k = 0; k < part->runs[r].count; k++) {
            uint64_t at = part->runs[r].start + (uint64_t)k * part->runs[r].size;
            struct e2d_sector sec;
            if (!e2d_alt_find_sector(rom, at, &sec) || sec.start != at ||
                sec.size != part->runs[r].size)
                fail_msg("%s: the part's sector at 0x%08llX (%u bytes) is not the ROM's", file,
                         (unsigned long long)at, part->runs[r].size);
        }
    }
}

static void captures_match_their_parts(void **state)
{
    DIR *dir = opendir("tests/data/dfu-util");
    struct dirent *e;
    size_t files = 0, matched = 0;
    (void)state;

    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL) {
        char path[512], name[64] = "";
        struct e2d_memmap rom, part;
        struct e2d_listing_info info;
        struct e2d_recognition r;
        struct e2d_error err;
        const struct e2d_device *d;
        const char *tag;
        size_t len = 0;
        char *text;
        bool family_found = false;

        if (!strstr(e->d_name, ".txt"))
            continue;
        snprintf(path, sizeof path, "tests/data/dfu-util/%s", e->d_name);
        text = slurp(path, &len);
        assert_non_null(text);
        assert_true(strncmp(text, "# Source: ", 10) == 0);
        files++;
        e2d_memmap_init(&rom);
        if (e2d_memmap_parse_listing(&rom, text, len, &info, &err) != E2D_OK)
            fail_msg("%s: %s", path, err.msg);
        assert_int_equal(e2d_device_recognise(&rom, &r, &err), E2D_OK);
        if ((tag = strstr(text, "\n# Part: ")) != NULL && sscanf(tag, "\n# Part: %63s", name) == 1) {
            d = e2d_device_find(name);
            if (!d)
                fail_msg("%s: %s is not in the table", path, name);
            for (size_t i = 0; i < r.nfamilies; i++)
                family_found |= strcmp(r.families[i], e2d_device_family(d)) == 0;
            if (!family_found)
                fail_msg("%s: not recognised as %s's family", path, name);
            e2d_memmap_init(&part);
            assert_int_equal(e2d_memmap_from_device(&part, d, E2D_BANK_DEFAULT, &err), E2D_OK);
            for (size_t i = 0; i < part.count; i++) {
                if (!part.alts[i].nruns)
                    continue;
                /* Some captures quote only some alts; the flash is in all. */
                if (i >= rom.count || !rom.alts[i].nruns) {
                    if (i == 0)
                        fail_msg("%s: no alt 0", path);
                    continue;
                }
                if (strcmp(rom.alts[i].name, part.alts[i].name) != 0)
                    fail_msg("%s: alt %zu is \"%s\", the table says \"%s\"", path, i,
                             rom.alts[i].name, part.alts[i].name);
                covers(path, &rom.alts[i], &part.alts[i]);
            }
            e2d_memmap_free(&part);
            matched++;
        } else if (strstr(text, "\n# Not recognised: ")) {
            if (r.applied)
                fail_msg("%s: recognised, but says it is not", path);
        } else if (!strstr(text, "\n# No part: ") || !r.applied) {
            fail_msg("%s: says no \"# Part:\", or is not recognised", path);
        }
        e2d_memmap_free(&rom);
        free(text);
    }
    closedir(dir);
    assert_true(files >= 12);
    assert_true(matched >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_entry_is_consistent),
        cmocka_unit_test(write_units_are_the_families),
        cmocka_unit_test(parts_are_found_as_people_write_them),
        cmocka_unit_test(ambiguous_and_unknown_names_list_candidates),
        cmocka_unit_test(bank_modes),
        cmocka_unit_test(pasted_maps_are_recognised),
        cmocka_unit_test(captures_match_their_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
