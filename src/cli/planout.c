/* SPDX-License-Identifier: BSD-2-Clause */
/* What a conversion reports about its plan: the summary and element table,
 * the same as JSON, and the dfu-util commands that flash the file. */
#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* "0-1,7": the sectors a target's elements touch, as ranges, printed to f
 * and appended to ranges (JSON), each when not NULL. */
static void sector_ranges(FILE *f, const struct e2d_plan *plan, const struct e2d_target *t,
                          json_t *ranges)
{
    const char *sep = "";
    for (size_t i = 0; i < t->nelements; i++) {
        const struct e2d_element *el = &plan->elements[t->first_element + i];
        uint32_t first = el->first_sector, last = el->last_sector;
        /* Merge with the following elements while they continue the range. */
        while (i + 1 < t->nelements &&
               plan->elements[t->first_element + i + 1].first_sector == last + 1)
            last = plan->elements[t->first_element + ++i].last_sector;
        if (ranges)
            json_array_append_new(ranges, json_pack("[I, I]", (json_int_t)first,
                                                    (json_int_t)last));
        if (!f)
            continue;
        if (first == last)
            fprintf(f, "%s%" PRIu32, sep, first);
        else
            fprintf(f, "%s%" PRIu32 "-%" PRIu32, sep, first, last);
        sep = ",";
    }
}

static uint64_t written_bytes(const struct e2d_plan *plan, const struct e2d_target *tg)
{
    uint64_t written = 0;
    for (size_t e = 0; e < tg->nelements; e++)
        written += plan->elements[tg->first_element + e].size;
    return written;
}

static uint64_t fill_bytes(const struct e2d_plan *plan, const struct e2d_element *el)
{
    uint64_t fill = el->size;
    for (size_t p = 0; p < el->npieces; p++)
        fill -= plan->pieces[el->first_piece + p].size;
    return fill;
}

void cli_print_plan(FILE *f, const struct e2d_plan *plan, int verbosity)
{
    char size[32];

    for (size_t t = 0; t < plan->ntargets; t++) {
        const struct e2d_target *tg = &plan->targets[t];

        fprintf(f, "alt %u \"%s\": %zu element%s, %" PRIu64 " byte%s (%" PRIu64 " written), ",
                tg->alt, tg->name, tg->nelements, tg->nelements == 1 ? "" : "s",
                tg->payload_bytes, tg->payload_bytes == 1 ? "" : "s", written_bytes(plan, tg));
        if (tg->erasable) {
            fprintf(f, "erases sector%s ", tg->sectors_erased == 1 ? "" : "s");
            sector_ranges(f, plan, tg, NULL);
            fprintf(f, " (%s)\n", e2d_size_str(tg->bytes_erased, size, sizeof size));
        } else {
            fprintf(f, "%s, never erased\n", e2d_mem_kind_name(tg->kind));
        }
        if (verbosity < 2)
            continue;
        fprintf(f, "  %-4s %-10s %-10s %10s  %-8s %s\n", "#", "start", "end", "size",
                "sectors", "fill");
        for (size_t e = 0; e < tg->nelements; e++) {
            const struct e2d_element *el = &plan->elements[tg->first_element + e];
            char sectors[32];

            /* Memory that is never erased has no sectors to speak of. */
            if (!tg->erasable)
                snprintf(sectors, sizeof sectors, "-");
            else if (el->first_sector == el->last_sector)
                snprintf(sectors, sizeof sectors, "%" PRIu32, el->first_sector);
            else
                snprintf(sectors, sizeof sectors, "%" PRIu32 "-%" PRIu32, el->first_sector,
                         el->last_sector);
            fprintf(f, "  %-4zu 0x%08" PRIX32 " 0x%08" PRIX64 " %10" PRIu32 "  %-8s %" PRIu64 "\n",
                    e, el->addr, (uint64_t)el->addr + el->size - 1, el->size, sectors,
                    fill_bytes(plan, el));
        }
    }
}

json_t *cli_json_plan(const struct e2d_plan *plan)
{
    json_t *targets = json_array();

    for (size_t t = 0; targets && t < plan->ntargets; t++) {
        const struct e2d_target *tg = &plan->targets[t];
        json_t *elements = json_array(), *erases = json_null();

        for (size_t e = 0; elements && e < tg->nelements; e++) {
            const struct e2d_element *el = &plan->elements[tg->first_element + e];
            json_t *sectors = tg->erasable ? json_pack("{s:I, s:I}", "first",
                                                       (json_int_t)el->first_sector, "last",
                                                       (json_int_t)el->last_sector)
                                           : json_null();
            json_array_append_new(elements,
                                  json_pack("{s:I, s:I, s:I, s:o}", "address",
                                            (json_int_t)el->addr, "size", (json_int_t)el->size,
                                            "fill_bytes", (json_int_t)fill_bytes(plan, el),
                                            "erases", sectors));
        }
        if (tg->erasable) {
            json_t *ranges = json_array();
            sector_ranges(NULL, plan, tg, ranges);
            erases = json_pack("{s:I, s:I, s:o}", "sectors", (json_int_t)tg->sectors_erased,
                               "bytes", (json_int_t)tg->bytes_erased, "ranges", ranges);
        }
        json_array_append_new(
            targets, json_pack("{s:i, s:o, s:s, s:I, s:I, s:o, s:o}", "alt", tg->alt, "name",
                               cli_json_str(tg->name), "kind", e2d_mem_kind_key(tg->kind),
                               "payload_bytes", (json_int_t)tg->payload_bytes, "written_bytes",
                               (json_int_t)written_bytes(plan, tg), "erases", erases,
                               "elements", elements));
    }
    return targets;
}

/* ---- Flashing it ----------------------------------------------------------- */

/* The path as a shell word: as it is when it needs no quoting. */
static void shell_word(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool plain = *s != '\0';

    for (const char *p = s; *p; p++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/+-=:,@%",
                     *p))
            plain = false;
    if (plain) {
        snprintf(out, size, "%s", s);
        return;
    }
    out[n++] = '\'';
    for (const char *p = s; *p && n + 6 < size; p++) {
        if (*p == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *p;
        }
    }
    out[n++] = '\'';
    out[n] = '\0';
}

typedef void (*command_fn)(void *ctx, const char *cmd, const char *why);

/* dfu-util 0.11 writes only the targets of the alt given with -a (all of
 * them without -a, in one run that a reset by the option bytes cuts
 * short), stops after the first element with :will-reset, and refuses an
 * address with -D of a DfuSe file; -s ADDR:leave without -D jumps to the
 * application. So: one command per target in file order (option bytes are
 * last), then a start at the flash base. */
static void flash_commands(const struct e2d_plan *plan, const struct e2d_memmap *map,
                           const char *path, command_fn fn, void *ctx)
{
    char file[1024], cmd[1100];
    long flash_alt = -1;

    shell_word(path, file, sizeof file);
    for (size_t t = 0; t < plan->ntargets; t++) {
        const struct e2d_target *tg = &plan->targets[t];

        if (tg->kind == E2D_KIND_OPTION) {
            snprintf(cmd, sizeof cmd, "dfu-util -a %u -s :will-reset -D %s", tg->alt, file);
            fn(ctx, cmd, "option bytes: the device resets");
            continue;
        }
        snprintf(cmd, sizeof cmd, "dfu-util -a %u -D %s", tg->alt, file);
        fn(ctx, cmd, tg->kind == E2D_KIND_OTP ? "OTP: written once, for ever" : NULL);
        if (tg->kind == E2D_KIND_FLASH && flash_alt < 0)
            flash_alt = tg->alt;
    }
    if (flash_alt >= 0 && (size_t)flash_alt < map->count) {
        snprintf(cmd, sizeof cmd, "dfu-util -a %ld -s 0x%08" PRIX32 ":leave", flash_alt,
                 e2d_alt_start(&map->alts[flash_alt]));
        fn(ctx, cmd, "start the application");
    }
}

struct hint_printer {
    FILE *f;
    size_t width; /* of the longest command: the comments line up */
};

static void measure(void *ctx, const char *cmd, const char *why)
{
    struct hint_printer *h = ctx;
    (void)why;
    if (strlen(cmd) > h->width)
        h->width = strlen(cmd);
}

static void print_command(void *ctx, const char *cmd, const char *why)
{
    const struct hint_printer *h = ctx;
    if (why)
        fprintf(h->f, "  %-*s  # %s\n", (int)h->width, cmd, why);
    else
        fprintf(h->f, "  %s\n", cmd);
}

void cli_print_flash_hint(FILE *f, const struct e2d_plan *plan, const struct e2d_memmap *map,
                          const char *path)
{
    struct hint_printer h = {f, 0};

    flash_commands(plan, map, path, measure, &h);
    fputs("flash it with dfu-util 0.11, the device in its DFU bootloader:\n", f);
    flash_commands(plan, map, path, print_command, &h);
}

static void append_command(void *ctx, const char *cmd, const char *why)
{
    json_array_append_new(ctx, json_pack("{s:o, s:o}", "command", cli_json_str(cmd), "why",
                                         why ? json_string(why) : json_null()));
}

json_t *cli_json_flash_hint(const struct e2d_plan *plan, const struct e2d_memmap *map,
                            const char *path)
{
    json_t *a = json_array();

    if (a)
        flash_commands(plan, map, path, append_command, a);
    return a;
}
