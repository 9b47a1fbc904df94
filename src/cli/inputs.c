/* SPDX-License-Identifier: BSD-2-Clause */
/* Inputs on the command line, shared by the conversion and verify: a file
 * in any format the library loads, "FILE@ADDR" for a raw binary, and
 * --format before an input to say what it is. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int cli_input_spec(const char *arg, enum e2d_format forced, struct cli_input *out)
{
    const char *at = strrchr(arg, '@');
    struct stat sb;
    uint32_t addr;

    memset(out, 0, sizeof *out);
    out->arg = arg;
    out->path = arg;
    out->format = forced;
    /* "FILE@ADDR" unless the whole argument names a file ("build@2/x"). */
    if (!at || at == arg || stat(arg, &sb) == 0)
        return 0;
    if (at[1] < '0' || at[1] > '9')
        return 0;
    if (!cli_parse_u32(at + 1, UINT32_MAX, &addr))
        return cli_usage_error("%s: '%s' is not an address (FILE@0x08000000 for a raw binary)",
                               arg, at + 1);
    if (forced != E2D_FORMAT_AUTO && forced != E2D_FORMAT_BIN)
        return cli_usage_error("%s: an address is for a raw binary, not --format %s", arg,
                               e2d_format_name(forced));
    out->path_buf = strndup(arg, (size_t)(at - arg));
    if (!out->path_buf)
        return cli_usage_error("out of memory");
    out->path = out->path_buf;
    out->format = E2D_FORMAT_BIN;
    out->has_addr = true;
    out->addr = addr;
    return 0;
}

int cli_input_add(struct cli_inputs *in, const char *arg, enum e2d_format forced)
{
    struct cli_input *more;
    int rc;

    if (!(more = realloc(in->v, (in->n + 1) * sizeof *in->v)))
        return cli_usage_error("out of memory");
    in->v = more;
    if ((rc = cli_input_spec(arg, forced, &in->v[in->n])) != 0)
        return rc;
    if (strcmp(in->v[in->n].path, "-") == 0) {
        for (size_t i = 0; i < in->n; i++)
            if (strcmp(in->v[i].path, "-") == 0)
                return cli_usage_error("standard input ('-') can be read once");
    }
    in->n++;
    return 0;
}

/* Notes are detail for -v; warnings say that the result may not be what
 * was meant, so they are printed even with -q (on stderr, as build logs
 * keep it). */
void cli_log(void *ctx, enum e2d_severity sev, const char *msg)
{
    const struct cli_log_sink *l = ctx;

    if (l->messages)
        json_array_append_new(l->messages,
                              json_pack("{s:s, s:o}", "severity", e2d_severity_name(sev),
                                        "message", cli_json_str(msg)));
    if (sev >= E2D_SEV_WARNING && l->input)
        fprintf(stderr, "elf2dfu: %s: warning: %s\n", l->input, msg);
    else if (sev >= E2D_SEV_WARNING)
        fprintf(stderr, "elf2dfu: warning: %s\n", msg);
    else if (l->verbosity >= 2)
        fprintf(l->info, "note: %s\n", msg);
}

static void released(void *ctx, uint64_t from, uint64_t to)
{
    e2d_input_release(ctx, from, to);
}

int cli_load_inputs(struct cli_inputs *in, struct e2d_image *img, bool refuse_dfuse,
                    struct cli_log_sink *sink)
{
    for (size_t i = 0; i < in->n; i++) {
        struct cli_input *ci = &in->v[i];
        struct e2d_load_options o;
        struct e2d_error err;
        int rc;

        if ((rc = cli_open_input(&ci->file, ci->path)) != 0)
            return rc;
        ci->opened = true;
        e2d_load_options_init(&o);
        o.format = ci->format;
        o.has_addr = ci->has_addr;
        o.addr = ci->addr;
        /* One input is named by the messages' prefix; several by each
         * segment's origin. */
        o.name = in->n > 1 ? ci->arg : NULL;
        o.log = sink ? &sink->log : NULL;
        o.consumed = released;
        o.consumed_ctx = &ci->file;
        ci->probed = o.format != E2D_FORMAT_AUTO ? o.format
                                                 : e2d_format_probe(ci->file.data, ci->file.size);
        if (ci->probed == E2D_FORMAT_DFUSE && !refuse_dfuse)
            continue; /* the caller reads it as a DfuSe file */
        if (sink)
            sink->input = ci->arg;
        if (e2d_source_load(&ci->src, ci->file.data, ci->file.size, &o, img, &err) != E2D_OK) {
            cli_input_error(ci->path, &err);
            return EXIT_BAD_INPUT;
        }
    }
    if (sink)
        sink->input = in->n == 1 ? in->v[0].arg : NULL;
    return 0;
}

void cli_free_inputs(struct cli_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        e2d_source_close(in->v[i].src);
        if (in->v[i].opened)
            cli_close_input(&in->v[i].file);
        free(in->v[i].path_buf);
    }
    free(in->v);
    memset(in, 0, sizeof *in);
}

/* Extensions that name the format, not the firmware: Project.axf and
 * Project.hex both make Project.dfu. */
char *cli_default_output(const char *input)
{
    static const char *const exts[] = {".elf", ".axf", ".out", ".hex", ".ihex", ".s19",
                                       ".srec", ".mot", ".bin"};
    size_t n = strlen(input);
    char *out = malloc(n + 5);

    if (!out)
        return NULL;
    memcpy(out, input, n + 1);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && strcasecmp(input + n - k, exts[i]) == 0 && input[n - k - 1] != '/') {
            out[n - k] = '\0';
            break;
        }
    }
    strcat(out, ".dfu");
    return out;
}
