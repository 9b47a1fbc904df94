#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>

void cli_error(const char *what, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "elf2dfu: %s: ", what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("elf2dfu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'elf2dfu --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

int cli_bad_option(int c, char **argv)
{
    if (c == ':')
        return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
    return cli_usage_error("unknown option '%s'", argv[optind - 1]);
}

int cli_parse_fill(const char *arg, uint32_t *fill)
{
    if (!cli_parse_u32(arg, 0xFF, fill))
        return cli_usage_error("--fill: '%s' is not a byte (0-255, or 0x00-0xFF)", arg);
    return 0;
}

bool cli_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    char *end;
    unsigned long long v;

    /* strtoull accepts leading blanks and a sign; a number here has neither. */
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *out = (uint32_t)v;
    return true;
}

int cli_build_map(struct e2d_memmap *map, const struct map_args *m)
{
    const char *device = m->device;
    char *const *layouts = m->layouts;
    size_t nlayouts = m->nlayouts;
    uint32_t write_unit = m->align;
    struct e2d_error err;

    if (device && nlayouts > 0)
        return cli_usage_error("-d and -m exclude each other: give a device or layout strings");
    if (nlayouts > 0) {
        for (size_t i = 0; i < nlayouts; i++) {
            if (e2d_memmap_add_layout(map, layouts[i], write_unit ? write_unit : 8, &err) !=
                E2D_OK) {
                char what[64];
                snprintf(what, sizeof what, "-m #%zu (alt %zu)", i + 1, i);
                cli_error(what, "%s", err.msg);
                /* The option was given right; its content, a memory map,
                 * is input (pasted from dfu-util -l, later map files). */
                return EXIT_BAD_INPUT;
            }
        }
        return 0;
    }
    {
        const struct e2d_device *dev = e2d_device_find(device ? device : E2D_DEFAULT_DEVICE);
        if (!dev) {
            fprintf(stderr, "elf2dfu: unknown device '%s'; known devices:\n", device);
            for (size_t i = 0; e2d_device_at(i); i++)
                fprintf(stderr, "  %-14s %s\n", e2d_device_at(i)->name,
                        e2d_device_at(i)->description);
            return EXIT_USAGE;
        }
        if (e2d_memmap_from_device(map, dev, write_unit, &err) != E2D_OK) {
            cli_error(dev->name, "%s", err.msg);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}

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
        m->layouts[m->nlayouts++] = (char *)(uintptr_t)arg;
        return 0;
    case CLI_OPT_ALIGN:
        if (!cli_parse_u32(arg, 65536, &m->align) || m->align == 0 ||
            (m->align & (m->align - 1)) != 0)
            return cli_usage_error("--align: '%s' is not a power of two from 1 to 65536", arg);
        return 0;
    default:
        return -1;
    }
}

bool cli_map_given(const struct map_args *m)
{
    return m->device || m->nlayouts > 0;
}

int cli_read_dfuse(const char *path, struct e2d_input *in, struct e2d_dfuse_file *f,
                   struct e2d_error *err)
{
    e2d_dfuse_file_init(f);
    if (e2d_input_open(in, path, err) != E2D_OK || e2d_dfuse_read(f, in->data, in->size, err) != E2D_OK) {
        cli_error(path, "%s", err->msg);
        e2d_input_close(in);
        return EXIT_BAD_INPUT;
    }
    return 0;
}
