/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu devices: the parts elf2dfu knows. elf2dfu map: the memory map a
 * conversion would use. */
#include "cli.h"

#include <ctype.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static char access_letter(uint8_t type)
{
    return (char)('a' + type - 1);
}

static json_t *json_alt(const struct e2d_memmap *map, size_t i)
{
    const struct e2d_alt *a = &map->alts[i];
    json_t *regions = json_array();

    for (size_t r = 0; r < a->nruns; r++) {
        char access[2] = {access_letter(a->runs[r].type), '\0'};
        json_array_append_new(regions,
                              json_pack("{s:I, s:I, s:I, s:s}", "start", (json_int_t)a->runs[r].start,
                                        "sector_size", (json_int_t)a->runs[r].size, "count",
                                        (json_int_t)a->runs[r].count, "access", access));
    }
    return json_pack("{s:i, s:o, s:s, s:I, s:o}", "alt", (int)i, "name", cli_json_str(a->name),
                     "kind", e2d_mem_kind_key(a->kind), "write_unit", (json_int_t)a->write_unit,
                     "regions", regions);
}

static json_t *json_alts(const struct e2d_memmap *map)
{
    json_t *alts = json_array();
    for (size_t i = 0; i < map->count; i++)
        if (map->alts[i].nruns)
            json_array_append_new(alts, json_alt(map, i));
    return alts;
}

/* "0 Internal Flash, 1 Option Bytes, 2 OTP Memory" */
static void alt_names(const struct e2d_memmap *map, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < map->count; i++)
        if (map->alts[i].nruns)
            snprintf(out + strlen(out), size - strlen(out), "%s%zu %s", out[0] ? ", " : "", i,
                     map->alts[i].name);
}

static bool matches(const struct e2d_device *d, const char *pattern)
{
    char name[64], fam[64], pat[64];
    size_t i;

    if (!pattern)
        return true;
    for (i = 0; pattern[i] && i + 1 < sizeof pat; i++)
        pat[i] = (char)tolower((unsigned char)pattern[i]);
    pat[i] = '\0';
    snprintf(name, sizeof name, "%s", e2d_device_name(d));
    for (i = 0; e2d_device_family(d)[i] && i + 1 < sizeof fam; i++)
        fam[i] = (char)tolower((unsigned char)e2d_device_family(d)[i]);
    fam[i] = '\0';
    if (strpbrk(pat, "*?["))
        return fnmatch(pat, name, 0) == 0 || fnmatch(pat, fam, 0) == 0;
    return e2d_device_fits(d, pattern) || strstr(name, pat) || strstr(fam, pat);
}

int cli_list_devices(const char *pattern, bool json)
{
    json_t *list = json ? json_array() : NULL;
    size_t shown = 0;
    const struct e2d_device *d;

    for (size_t i = 0; (d = e2d_device_at(i)) != NULL; i++) {
        struct e2d_memmap map;
        struct e2d_error err;
        char size[32], alts[512];
        uint16_t vid, pid;

        if (!matches(d, pattern))
            continue;
        e2d_memmap_init(&map);
        if (e2d_memmap_from_device(&map, d, E2D_BANK_DEFAULT, &err) != E2D_OK) {
            cli_error(e2d_device_name(d), "%s", err.msg);
            e2d_memmap_free(&map);
            json_decref(list);
            return EXIT_BAD_INPUT;
        }
        e2d_device_ids(d, &vid, &pid);
        if (!json && shown == 0)
            printf("%-14s %-26s %-21s %9s  %s\n", "part", "family", "core", "flash",
                   "alternate settings");
        shown++;
        if (json) {
            json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I, s:i, s:i, s:o}", "name",
                                                  e2d_device_name(d), "family", e2d_device_family(d),
                                                  "core", e2d_device_core(d), "flash_size",
                                                  (json_int_t)e2d_device_flash_size(d), "vid", vid,
                                                  "pid", pid, "alts", json_alts(&map)));
        } else {
            alt_names(&map, alts, sizeof alts);
            printf("%-14s %-26s %-21s %9s  %s\n", e2d_device_name(d), e2d_device_family(d),
                   e2d_device_core(d), e2d_size_str(e2d_device_flash_size(d), size, sizeof size),
                   alts);
        }
        e2d_memmap_free(&map);
    }
    if (json)
        cli_json_print(json_pack("{s:o}", "devices", list));
    if (shown == 0 && pattern) {
        cli_error(pattern, "no known part matches");
        return EXIT_USAGE;
    }
    return 0;
}

int cli_devices(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    bool json = false;
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_JSON:
            json = true;
            break;
        case 'h':
            printf("Usage: elf2dfu devices [--json] [PATTERN]\n"
                   "List the parts elf2dfu knows: name (for -d), family, core, flash and the\n"
                   "alternate settings of its bootloader. PATTERN keeps the parts it names as -d\n"
                   "takes it (f405rg), whose name or family contains it (h7), or that match it\n"
                   "with * and ? (any case).\n"
                   "\n"
                   "      --json          one JSON document on standard output\n"
                   "  -h, --help          show this help\n"
                   "\n"
                   "Exit status: 0 listed, 2 usage or no part matches.\n");
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("devices takes at most one pattern");
    return cli_list_devices(optind < argc ? argv[optind] : NULL, json);
}

static void print_map(const struct e2d_memmap *map, const struct map_result *res)
{
    char size[32];

    if (map->device[0])
        printf("%s (%s, %s)%s\n", map->device, map->family, map->core,
               res->default_device ? ", the default; -d selects another" : "");
    else if (map->family[0])
        printf("memory map given, the %s family's (%s)\n", map->family, map->core ? map->core : "core unknown");
    else if (res->families[0])
        printf("memory map given, which fits %s\n", res->families);
    else
        printf("memory map given, of no part elf2dfu knows\n");
    if (res->has_ids)
        printf("USB %04X:%04X\n", res->vid, res->pid);
    else
        printf("USB %04X:%04X (ST's bootloader, assumed; --vid and --pid set others)\n", 0x0483,
               0xDF11);
    for (size_t i = 0; i < map->count; i++) {
        const struct e2d_alt *a = &map->alts[i];
        if (!a->nruns)
            continue;
        printf("alt %zu \"%s\": %s, write unit %s", i, a->name, e2d_mem_kind_name(a->kind),
               e2d_size_str(a->write_unit, size, sizeof size));
        if (a->same_as >= 0)
            printf(", the same memory as alt %d", a->same_as);
        if (a->kind == E2D_KIND_OPTION && a->rdp == E2D_RDP_BYTE)
            printf(", read-out protection byte at 0x%08" PRIX32, a->rdp_addr);
        else if (a->kind == E2D_KIND_OPTION && a->rdp == E2D_RDP_NO_LEVEL2)
            printf(", no permanent protection level");
        else if (a->kind == E2D_KIND_OPTION)
            printf(", read-out protection byte unknown");
        if (a->otp_locks)
            printf(", %" PRIu32 " lock bytes at 0x%08" PRIX32, a->otp_locks, a->otp_lock_start);
        printf("\n");
        for (size_t r = 0; r < a->nruns; r++)
            printf("  0x%08" PRIX32 "  %5" PRIu32 " x %-10s %c\n", a->runs[r].start,
                   a->runs[r].count, e2d_size_str(a->runs[r].size, size, sizeof size),
                   access_letter(a->runs[r].type));
    }
    for (size_t i = 0; i < map->naliases; i++)
        printf("alias 0x%08" PRIX32 "-0x%08" PRIX64 " is 0x%08" PRIX32 "\n", map->aliases[i].from,
               (uint64_t)map->aliases[i].from + map->aliases[i].size - 1, map->aliases[i].to);
    for (size_t i = 0; i < map->nram; i++)
        printf("RAM 0x%08" PRIX32 " %s\n", map->ram[i].start,
               e2d_size_str(map->ram[i].size, size, sizeof size));
}

int cli_map(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        CLI_MAP_LONGOPTS, {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    struct map_args m = {0};
    struct map_result res;
    struct e2d_memmap map;
    bool json = false;
    int c, rc;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:m:h", longopts, NULL)) != -1) {
        if ((rc = cli_map_option(&m, c, optarg)) >= 0) {
            if (rc > 0)
                return rc;
            continue;
        }
        switch (c) {
        case OPT_JSON:
            json = true;
            break;
        case 'h':
            printf("Usage: elf2dfu map [-d DEVICE | -m LAYOUT... | -m @FILE] [--json]\n"
                   "Print the memory map a conversion would use: per alternate setting its\n"
                   "name, kind, write unit and regions, and the part's aliases and RAM.\n"
                   "\n" CLI_MAP_HELP
                   "      --json          one JSON document on standard output\n"
                   "  -h, --help          show this help\n"
                   "\n"
                   "Exit status: 0 printed, 1 a bad map, 2 usage.\n");
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (optind < argc)
        return cli_usage_error("map takes no file: -d DEVICE or -m LAYOUT");
    e2d_memmap_init(&map);
    m.quiet = json;
    if ((rc = cli_build_map(&map, &m, &res)) != 0) {
        e2d_memmap_free(&map);
        return rc;
    }
    if (json)
        cli_json_print(json_pack("{s:o, s:i, s:i, s:o}", "device",
                                 map.device[0] ? json_string(map.device) : json_null(), "vid",
                                 res.has_ids ? res.vid : 0x0483, "pid",
                                 res.has_ids ? res.pid : 0xDF11, "alts", json_alts(&map)));
    else
        print_map(&map, &res);
    e2d_memmap_free(&map);
    return 0;
}
