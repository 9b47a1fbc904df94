/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory map options: -d, -m (strings, @FILE, @-), --bank, --alias,
 * --align; and telling the user how a typed or pasted map was understood. */
#include "cli.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_map_option(struct map_args *m, int c, const char *arg)
{
    switch (c) {
    case 'd':
        m->device = arg;
        return 0;
    case 'm':
        if (m->nlayouts == sizeof m->layouts / sizeof m->layouts[0])
            return cli_usage_error("-m: at most %zu layout strings",
                                   sizeof m->layouts / sizeof m->layouts[0]);
        m->layouts[m->nlayouts++] = arg;
        return 0;
    case CLI_OPT_ALIGN:
        if (!cli_parse_u32(arg, 65536, &m->align) || m->align == 0 ||
            (m->align & (m->align - 1)) != 0)
            return cli_usage_error("--align: '%s' is not a power of two from 1 to 65536", arg);
        return 0;
    case CLI_OPT_BANK:
        if (strcmp(arg, "single") == 0)
            m->bank = E2D_BANK_SINGLE;
        else if (strcmp(arg, "dual") == 0)
            m->bank = E2D_BANK_DUAL;
        else
            return cli_usage_error("--bank: '%s' is not single or dual", arg);
        return 0;
    case CLI_OPT_ALIAS: {
        /* FROM=TO[:SIZE] */
        char from[32], to[32], size[32] = "0";
        const char *eq = strchr(arg, '='), *colon = eq ? strchr(eq, ':') : NULL;
        struct e2d_alias al;
        size_t lf = eq ? (size_t)(eq - arg) : 0;
        size_t lt = eq ? (colon ? (size_t)(colon - eq - 1) : strlen(eq + 1)) : 0;

        if (m->naliases == E2D_MAX_ALIASES)
            return cli_usage_error("--alias: at most %d", E2D_MAX_ALIASES);
        if (!eq || lf == 0 || lf >= sizeof from || lt == 0 || lt >= sizeof to ||
            (colon && strlen(colon + 1) >= sizeof size))
            return cli_usage_error("--alias: '%s' is not FROM=TO or FROM=TO:SIZE", arg);
        memcpy(from, arg, lf);
        from[lf] = '\0';
        memcpy(to, eq + 1, lt);
        to[lt] = '\0';
        if (colon)
            strcpy(size, colon + 1);
        if (!cli_parse_u32(from, UINT32_MAX, &al.from) || !cli_parse_u32(to, UINT32_MAX, &al.to) ||
            !cli_parse_u32(size, UINT32_MAX, &al.size))
            return cli_usage_error("--alias: '%s': FROM, TO and SIZE are numbers (0x... or "
                                   "decimal)",
                                   arg);
        m->aliases[m->naliases++] = al;
        return 0;
    }
    default:
        return -1;
    }
}

bool cli_map_given(const struct map_args *m)
{
    return m->device || m->nlayouts > 0;
}

/* "  @O/0x1FFF0000/1*16Kq" and a caret under column (1-based). */
static void show_caret(const char *text, size_t len, unsigned long column)
{
    fprintf(stderr, "  %.*s\n  %*s^\n", (int)len, text, (int)(column ? column - 1 : 0), "");
}

/* Line number (1-based) of text as a pointer and length. */
static void nth_line(const char *text, size_t len, unsigned long n, const char **s, size_t *l)
{
    const char *p = text, *end = text + len;
    for (unsigned long i = 1; i < n && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    *s = p;
    *l = (size_t)(end - p);
    if (memchr(p, '\n', *l))
        *l = (size_t)((const char *)memchr(p, '\n', *l) - p);
    if (*l && p[*l - 1] == '\r')
        (*l)--;
}

static int device_error(const char *what, const struct e2d_device_candidates *near,
                        bool ambiguous)
{
    if (ambiguous)
        fprintf(stderr, "elf2dfu: device '%s' is ambiguous; it fits:\n", what);
    else if (near->count)
        fprintf(stderr, "elf2dfu: unknown device '%s'; nearest:\n", what);
    else
        fprintf(stderr, "elf2dfu: unknown device '%s'\n", what);
    for (size_t i = 0; i < near->count; i++) {
        const struct e2d_device *d = near->v[i];
        char size[32];
        fprintf(stderr, "  %-14s %s, %s, %s flash\n", e2d_device_name(d), e2d_device_family(d),
                e2d_device_core(d), e2d_size_str(e2d_device_flash_size(d), size, sizeof size));
    }
    if (near->more)
        fprintf(stderr, "  ... and %zu more\n", near->more);
    fprintf(stderr, "'elf2dfu devices' lists every part.\n");
    /* The JSON error document gets the first line. */
    return cli_usage_error_quiet(ambiguous ? "device '%s' is ambiguous" : "unknown device '%s'",
                                 what);
}

static int from_device(struct e2d_memmap *map, const struct map_args *m, struct map_result *res)
{
    const char *name = m->device ? m->device : E2D_DEFAULT_DEVICE;
    const struct e2d_device *dev;
    struct e2d_device_candidates near;
    struct e2d_error err;

    if (e2d_device_lookup(name, &dev, &near, &err) != E2D_OK)
        return device_error(name, &near, near.count > 0 && strstr(err.msg, "ambiguous"));
    if (e2d_memmap_from_device(map, dev, m->bank, &err) != E2D_OK)
        return cli_usage_error("%s", err.msg);
    res->default_device = !m->device;
    res->has_ids = true;
    e2d_device_ids(dev, &res->vid, &res->pid);
    res->bcd_device = 0xFFFF;
    return 0;
}

/* The text of @FILE or @- (standard input). */
static int read_listing(const char *path, struct e2d_input *in)
{
    return cli_open_input(in, path);
}

static int from_listing(struct e2d_memmap *map, const char *arg, struct map_result *res)
{
    const char *path = arg + 1;
    struct e2d_input in;
    struct e2d_listing_info info;
    struct e2d_error err;
    int rc;

    if ((rc = read_listing(path, &in)) != 0)
        return rc;
    if (e2d_memmap_parse_listing(map, (const char *)in.data, (size_t)in.size, &info, &err) !=
        E2D_OK) {
        const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
        cli_error(name, "%s", err.msg);
        if (err.line && err.column) {
            const char *s;
            size_t len;
            nth_line((const char *)in.data, (size_t)in.size, err.line, &s, &len);
            show_caret(s, len, err.column);
        }
        cli_close_input(&in);
        return EXIT_BAD_INPUT;
    }
    if (info.has_ids) {
        res->has_ids = true;
        res->vid = info.vid;
        res->pid = info.pid;
        res->bcd_device = info.has_bcd ? info.bcd_device : 0xFFFF;
    }
    cli_close_input(&in);
    return 0;
}

/* "@-" is standard input; "@FILE" names a file when it exists or has no
 * '/' (a layout string always has one): a typo in a layout string should
 * come back as a layout error with a caret, not as "cannot open". */
static bool is_listing(const char *arg)
{
    struct stat sb;
    if (arg[0] != '@')
        return false;
    if (strcmp(arg, "@-") == 0 || !strchr(arg, '/'))
        return true;
    return stat(arg + 1, &sb) == 0 && !S_ISDIR(sb.st_mode);
}

static int from_layouts(struct e2d_memmap *map, const struct map_args *m, struct map_result *res)
{
    struct e2d_error err;

    for (size_t i = 0; i < m->nlayouts; i++) {
        if (is_listing(m->layouts[i])) {
            if (m->nlayouts > 1)
                return cli_usage_error("-m %s describes the whole device: give it alone",
                                       m->layouts[i]);
            return from_listing(map, m->layouts[i], res);
        }
        if (e2d_memmap_add_layout(map, m->layouts[i], 0, &err) != E2D_OK) {
            char what[64];
            snprintf(what, sizeof what, "-m #%zu (alt %zu)", i + 1, i);
            cli_error(what, "%s", err.msg);
            if (err.column)
                show_caret(m->layouts[i], strlen(m->layouts[i]), err.column);
            /* The option was given right; its content, a memory map, is
             * input (pasted from dfu-util -l). */
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}

static void note(const struct map_args *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(const struct map_args *m, const char *fmt, ...)
{
    va_list ap;
    if (m->quiet)
        return;
    fputs("elf2dfu: note: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Says how the map was understood: that decides the write unit and what
 * is checked. */
static void tell(const struct map_args *m, const struct e2d_memmap *map,
                 const struct e2d_recognition *r)
{
    char families[256] = "", size[32], part[32];

    for (size_t i = 0; i < r->nfamilies; i++)
        snprintf(families + strlen(families), sizeof families - strlen(families), "%s%s",
                 i ? ", " : "", r->families[i]);
    /* With --align the unit is the user's: only the recognition is news. */
    if (m->align) {
        if (!r->safe_default)
            note(m, "the memory map %s %s%s%s; --align: write unit %" PRIu32 " byte%s",
                 r->nfamilies == 1 ? "is the" : "fits", families,
                 r->nfamilies == 1 ? " family's" : "",
                 map->naliases ? " (flash alias applied)" : "", m->align,
                 m->align == 1 ? "" : "s");
    } else if (r->safe_default) {
        note(m, "the memory map is not one elf2dfu knows: write unit %" PRIu32
                " bytes, safe on every part it knows (--align sets another)",
             r->write_unit);
    } else if (r->nfamilies == 1) {
        note(m, "the memory map is the %s family's: write unit %" PRIu32 " byte%s%s", families,
             r->write_unit, r->write_unit == 1 ? "" : "s",
             map->naliases ? ", flash alias applied" : "");
    } else {
        note(m, "the memory map fits %s: write unit %" PRIu32 " byte%s, the largest of theirs",
             families, r->write_unit, r->write_unit == 1 ? "" : "s");
    }
    for (size_t i = 0; i < map->count; i++) {
        const struct e2d_alt *a = &map->alts[i];
        if (a->nruns && a->same_as >= 0)
            note(m, "alt %zu repeats alt %d's memory (the STM32G0B1/G0C1 ROM reports its alts "
                    "so): the image goes to alt %d",
                 i, a->same_as, a->same_as);
    }
    if (r->part_flash) {
        for (size_t i = 0; i < map->count; i++) {
            const struct e2d_alt *a = &map->alts[i];
            if (a->kind == E2D_KIND_FLASH && a->same_as < 0 && a->nruns)
                e2d_size_str(e2d_alt_end(a) - e2d_alt_start(a), size, sizeof size);
        }
        note(m, "the map's flash (%s) is more than any %s has (%s at most): bootloaders report "
                "their die's; -d with the part checks the image against its real size",
             size, families, e2d_size_str(r->part_flash, part, sizeof part));
    }
}

int cli_build_map(struct e2d_memmap *map, const struct map_args *m, struct map_result *res)
{
    struct map_result dummy;
    struct e2d_error err;
    int rc;

    if (!res)
        res = &dummy;
    memset(res, 0, sizeof *res);
    if (m->device && m->nlayouts > 0)
        return cli_usage_error("-d and -m exclude each other: give a device or layout strings");
    if (m->nlayouts == 0) {
        if ((rc = from_device(map, m, res)) != 0)
            return rc;
    } else {
        struct e2d_recognition r;
        if (m->bank != E2D_BANK_DEFAULT)
            return cli_usage_error("--bank goes with -d: a map says its own organisation");
        if ((rc = from_layouts(map, m, res)) != 0)
            return rc;
        if (e2d_device_recognise(map, &r, &err) != E2D_OK) {
            cli_error("-m", "%s", err.msg);
            return EXIT_BAD_INPUT;
        }
        tell(m, map, &r);
        for (size_t i = 0; i < r.nfamilies; i++)
            snprintf(res->families + strlen(res->families),
                     sizeof res->families - strlen(res->families), "%s%s", i ? ", " : "",
                     r.families[i]);
    }
    for (size_t i = 0; i < m->naliases; i++) {
        const struct e2d_alias *al = &m->aliases[i];
        if (e2d_memmap_add_alias(map, al->from, al->to, al->size, &err) != E2D_OK) {
            cli_error("--alias", "%s", err.msg);
            return EXIT_BAD_INPUT;
        }
    }
    if (m->align && e2d_memmap_set_write_unit(map, m->align, &err) != E2D_OK)
        return cli_usage_error("--align: %s", err.msg);
    return 0;
}
