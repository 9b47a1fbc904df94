/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu inspect: what a DfuSe file holds, what it will do to the chip,
 * and what is wrong with it. */
#include "cli.h"

#include <elf2dfu/diagnose.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("Usage: elf2dfu inspect [-d DEVICE | -m LAYOUT...] [--align N] [--json] FILE.dfu\n"
           "Show the DFU suffix, each target and element of a DfuSe file, and what is\n"
           "wrong with the file. With a device or memory map, also the sectors each\n"
           "element erases and a diagnosis of what dfu-util will do with it.\n"
           "\n" CLI_MAP_HELP
           "      --json          one JSON document on standard output\n"
           "  -h, --help          show this help\n"
           "\n"
           "Exit status: 0 well-formed and no error-level finding, 1 otherwise, 2 usage.\n");
}

static const struct e2d_alt *alt_of(const struct e2d_memmap *map, uint8_t alt)
{
    return map && alt < map->count ? &map->alts[alt] : NULL;
}

/* A name from the file, in quotes: every byte outside printable ASCII as
 * \xNN, so that a file cannot move the cursor, clear the screen or print
 * a line of its own (a fake "result: 0 errors"). */
static void print_quoted(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p >= 0x7F || *p == '"' || *p == '\\')
            printf("\\x%02x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static void print_finding(const struct e2d_finding *f)
{
    printf("  %-8s", e2d_severity_name(f->severity));
    if (f->alt >= 0)
        printf(" alt %d", f->alt);
    if (f->has_addr)
        printf(" 0x%08" PRIX32, f->addr);
    if (f->has_offset)
        printf(" offset %" PRIu64, f->offset);
    printf(": %s [%s]\n", f->msg, f->code);
}

static void print_text(const char *path, const struct e2d_dfuse_file *f,
                       const struct e2d_memmap *map, const struct e2d_findings *all)
{
    printf("%s: DfuSe, %" PRIu64 " bytes, %zu target%s\n", path, f->size, f->ntargets,
           f->ntargets == 1 ? "" : "s");
    printf("suffix: %04X:%04X bcdDevice 0x%04X, bcdDFU 0x%04X, CRC 0x%08" PRIX32 " %s\n",
           f->ids.vid, f->ids.pid, f->ids.bcd_device, f->bcd_dfu, f->crc_stored,
           f->crc_stored == f->crc_computed ? "ok" : "BAD");
    for (size_t t = 0; t < f->ntargets; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        const struct e2d_alt *alt = alt_of(map, tg->alt);
        uint64_t bytes = 0;

        for (uint32_t e = 0; e < tg->nelements; e++)
            bytes += f->elements[tg->first_element + e].span.size;
        printf("target %zu: alt %u ", t, tg->alt);
        if (tg->named)
            print_quoted(tg->name);
        else
            printf("(unnamed)");
        printf(", %" PRIu32 " element%s, %" PRIu64 " byte%s\n", tg->nelements,
               tg->nelements == 1 ? "" : "s", bytes, bytes == 1 ? "" : "s");
        printf("  %-4s %-10s %-10s %10s%s\n", "#", "start", "end", "size", alt ? "  erases" : "");
        for (uint32_t e = 0; e < tg->nelements; e++) {
            const struct e2d_dfuse_element *el = &f->elements[tg->first_element + e];
            struct e2d_sector first, last;

            printf("  %-4" PRIu32 " 0x%08" PRIX32 " 0x%08" PRIX64 " %10" PRIu32, e, el->span.addr,
                   (uint64_t)el->span.addr + el->span.size - (el->span.size > 0), el->span.size);
            if (alt && (alt->runs[0].type & E2D_MEM_ERASABLE) &&
                e2d_element_sectors(alt, el->span.addr, el->span.size, &first, &last))
            {
                if (first.index == last.index)
                    printf("  sector %" PRIu32, first.index);
                else
                    printf("  sectors %" PRIu32 "-%" PRIu32, first.index, last.index);
                printf(" (0x%08" PRIX32 "-0x%08" PRIX64 ")", first.start,
                       (uint64_t)last.start + last.size - 1);
            }
            else if (alt)
                printf("  -");
            printf("\n");
        }
    }
    if (all->count) {
        printf("findings%s%s:\n", map ? " against " : "", map ? (map->device[0] ? map->device : "the memory map") : "");
        for (size_t i = 0; i < all->count; i++)
            print_finding(&all->v[i]);
    }
    printf("result: %zu error%s, %zu warning%s, %zu note%s\n",
           e2d_findings_count(all, E2D_SEV_ERROR), e2d_findings_count(all, E2D_SEV_ERROR) == 1 ? "" : "s",
           e2d_findings_count(all, E2D_SEV_WARNING) - e2d_findings_count(all, E2D_SEV_ERROR),
           e2d_findings_count(all, E2D_SEV_WARNING) - e2d_findings_count(all, E2D_SEV_ERROR) == 1 ? "" : "s",
           all->count - e2d_findings_count(all, E2D_SEV_WARNING),
           all->count - e2d_findings_count(all, E2D_SEV_WARNING) == 1 ? "" : "s");
}

json_t *cli_json_findings(const struct e2d_findings *all)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < all->count; i++) {
        const struct e2d_finding *f = &all->v[i];
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "severity", e2d_severity_name(f->severity),
                           "code", f->code, "alt", f->alt >= 0 ? json_integer(f->alt) : json_null(),
                           "address", f->has_addr ? json_integer(f->addr) : json_null(), "offset",
                           f->has_offset ? json_integer((json_int_t)f->offset) : json_null(),
                           "message", cli_json_str(f->msg)));
    }
    return arr;
}

static json_t *json_doc(const char *path, const struct e2d_dfuse_file *f,
                        const struct e2d_memmap *map, const struct e2d_findings *all)
{
    json_t *targets = json_array();

    for (size_t t = 0; t < f->ntargets; t++) {
        const struct e2d_dfuse_target *tg = &f->targets[t];
        const struct e2d_alt *alt = alt_of(map, tg->alt);
        json_t *elements = json_array();

        for (uint32_t e = 0; e < tg->nelements; e++) {
            const struct e2d_dfuse_element *el = &f->elements[tg->first_element + e];
            struct e2d_sector first, last;
            json_t *sectors = json_null();
            if (alt && (alt->runs[0].type & E2D_MEM_ERASABLE) &&
                e2d_element_sectors(alt, el->span.addr, el->span.size, &first, &last))
                sectors = json_pack("{s:i, s:i}", "first", (json_int_t)first.index, "last",
                                    (json_int_t)last.index);
            json_array_append_new(elements,
                                  json_pack("{s:I, s:I, s:I, s:o}", "address", (json_int_t)el->span.addr,
                                            "size", (json_int_t)el->span.size, "offset",
                                            (json_int_t)el->offset, "erases", sectors));
        }
        json_array_append_new(targets,
                              json_pack("{s:i, s:o, s:I, s:I, s:o}", "alt", tg->alt, "name",
                                        tg->named ? cli_json_str(tg->name) : json_null(), "size_field",
                                        (json_int_t)tg->size_field, "offset", (json_int_t)tg->offset,
                                        "elements", elements));
    }
    return json_pack(
        "{s:o, s:I, s:I, s:i, s:{s:i, s:i, s:i, s:i, s:I, s:I, s:b}, s:o, s:o, s:o, s:{s:i, s:i, s:i}}",
        "file", cli_json_str(path), "size", (json_int_t)f->size, "image_size", (json_int_t)f->image_size,
        "targets_field", f->ntargets_field, "suffix", "vid", f->ids.vid, "pid", f->ids.pid,
        "bcd_device", f->ids.bcd_device, "bcd_dfu", f->bcd_dfu, "crc", (json_int_t)f->crc_stored,
        "crc_computed", (json_int_t)f->crc_computed, "crc_ok", f->crc_stored == f->crc_computed,
        "device", map ? cli_json_str(map->device[0] ? map->device : "layout") : json_null(),
        "targets", targets, "findings", cli_json_findings(all), "summary", "errors",
        (int)e2d_findings_count(all, E2D_SEV_ERROR), "warnings",
        (int)(e2d_findings_count(all, E2D_SEV_WARNING) - e2d_findings_count(all, E2D_SEV_ERROR)),
        "notes", (int)(all->count - e2d_findings_count(all, E2D_SEV_WARNING)));
}

int cli_inspect(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        CLI_MAP_LONGOPTS, {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    struct map_args m = {0};
    struct e2d_memmap map;
    struct e2d_input in;
    struct e2d_dfuse_file f;
    struct e2d_findings all;
    struct e2d_error err;
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
            print_help();
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("inspect takes one DfuSe file");
    e2d_memmap_init(&map);
    m.quiet = json;
    if (cli_map_given(&m) && (rc = cli_build_map(&map, &m, NULL)) != 0)
        return rc;
    if ((rc = cli_read_dfuse(argv[optind], &in, &f, &err)) != 0) {
        e2d_memmap_free(&map);
        return rc;
    }
    /* The file's own problems first, then the diagnosis against the map. */
    all = f.findings;
    e2d_findings_init(&f.findings);
    rc = 0;
    if (e2d_diagnose(&f, cli_map_given(&m) ? &map : NULL, &all, &err) != E2D_OK) {
        cli_input_error(argv[optind], &err);
        rc = EXIT_BAD_INPUT;
    } else if (cli_report_if_changed()) {
        /* The report would describe a file that no longer exists. */
        rc = EXIT_BAD_INPUT;
    } else {
        if (json)
            cli_json_print(json_doc(argv[optind], &f, cli_map_given(&m) ? &map : NULL, &all));
        else
            print_text(argv[optind], &f, cli_map_given(&m) ? &map : NULL, &all);
        rc = e2d_findings_count(&all, E2D_SEV_ERROR) ? EXIT_BAD_INPUT : 0;
    }
    e2d_findings_free(&all);
    e2d_dfuse_file_free(&f);
    cli_close_input(&in);
    e2d_memmap_free(&map);
    return rc;
}
