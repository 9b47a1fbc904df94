/* SPDX-License-Identifier: BSD-2-Clause */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The long option arg names ("--out=x" -> output), exactly or as the only
 * option it abbreviates; NULL if none, *ambiguous if several. */
static const struct option *long_option_named(const char *arg, const struct option *longopts,
                                              bool *ambiguous)
{
    const char *eq = strchr(arg + 2, '=');
    size_t n = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
    const struct option *found = NULL;

    *ambiguous = false;
    for (const struct option *o = longopts; o && o->name; o++) {
        if (strncmp(o->name, arg + 2, n) != 0)
            continue;
        if (o->name[n] == '\0')
            return o;
        *ambiguous = found != NULL;
        found = o;
    }
    return *ambiguous ? NULL : found;
}

int cli_bad_option(int c, char **argv, const struct option *longopts)
{
    const char *arg = argv[optind - 1];
    const struct option *o = NULL;
    bool ambiguous = false, is_long = false;

    /* getopt_long says little: optopt is the short option at fault, or the
     * long option's value, or 0 for an unknown long option. argv[optind - 1]
     * is the word it was reading, except for a short option inside a
     * cluster ("-Dx"), when it is still the word before. */
    if (arg[0] == '-' && arg[1] == '-' && arg[2] != '\0') {
        o = long_option_named(arg, longopts, &ambiguous);
        is_long = optopt == 0 || (o && o->val == optopt);
    }
    if (!is_long) {
        if (c == ':')
            return cli_usage_error("option '-%c' needs a value", optopt);
        if (optopt > ' ' && optopt < 127)
            return cli_usage_error("unknown option '-%c'", optopt);
        return cli_usage_error("unknown option '%s'", arg);
    }
    if (ambiguous)
        return cli_usage_error("option '%s' is ambiguous: give more of its name", arg);
    if (!o)
        return cli_usage_error("unknown option '%s'", arg);
    if (c == ':')
        return cli_usage_error("option '--%s' needs a value", o->name);
    if (strchr(arg, '=') && o->has_arg == no_argument)
        return cli_usage_error("option '--%s' takes no value", o->name);
    return cli_usage_error("unknown option '%s'", arg);
}

int cli_parse_fill(const char *arg, uint32_t *fill)
{
    if (!cli_parse_u32(arg, 0xFF, fill))
        return cli_usage_error("--fill: '%s' is not a byte (0-255, or 0x00-0xFF)", arg);
    return 0;
}

/* Digits in base, the whole string, at most max. strtoull would also take
 * blanks, a sign, and (base 0) a leading 0 as octal: "010" must be ten. */
static bool parse_digits(const char *s, int base, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;

    if (*s == '\0')
        return false;
    for (; *s; s++) {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return false;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > max)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool has_hex_prefix(const char *s)
{
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

bool cli_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    if (has_hex_prefix(s))
        return parse_digits(s + 2, 16, max, out);
    return parse_digits(s, 10, max, out);
}

bool cli_parse_hex_id(const char *s, uint32_t *out)
{
    return parse_digits(has_hex_prefix(s) ? s + 2 : s, 16, 0xFFFF, out);
}

int cli_read_dfuse(const char *path, struct e2d_input *in, struct e2d_dfuse_file *f,
                   struct e2d_error *err)
{
    int rc;

    e2d_dfuse_file_init(f);
    if ((rc = cli_open_input(in, path)) != 0)
        return rc;
    if (e2d_dfuse_read(f, in->data, in->size, err) != E2D_OK) {
        cli_input_error(path, err);
        cli_close_input(in);
        return EXIT_BAD_INPUT;
    }
    return 0;
}
