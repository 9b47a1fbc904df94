/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu verify: does a DfuSe file program exactly the given firmware? */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_RANGES 20

static void print_help(void)
{
    printf("Usage: elf2dfu verify [OPTIONS] FILE.dfu INPUT...\n"
           "       elf2dfu verify [OPTIONS] --readback BIN@ADDR... INPUT...\n"
           "Exit 0 only if every loadable byte of the inputs is in FILE.dfu at the right\n"
           "alternate setting and address, and every other byte of FILE.dfu is fill.\n"
           "INPUT is what elf2dfu converts (ELF, Intel HEX, S-record, FILE@ADDR) or\n"
           "another DfuSe file.\n"
           "\n"
           "With --readback, FILE.dfu is not needed: the memory read back from the\n"
           "device (dfu-util -a 0 -s 0x08000000:524288 -U readback.bin) must hold every\n"
           "payload byte of the inputs inside its range; payload outside every\n"
           "read-back is reported as not read back; other bytes are not compared.\n"
           "\n"
           "The inputs are placed as a conversion places them, with the part or map\n"
           "below (default: %s).\n"
           "\n" CLI_MAP_HELP
           "      --readback BIN@ADDR  a read-back of device memory from ADDR (repeatable)\n"
           "      --format F      the next input's format: elf, ihex, srec or bin\n"
           "      --fill BYTE     the fill byte expected between payload (default 0xFF)\n"
           "      --json          one JSON document on standard output\n"
           "  -h, --help          show this help\n"
           "\n"
           "Exit status: 0 match, 1 differences or bad input, 2 usage.\n",
           E2D_DEFAULT_DEVICE);
}

static const char *kind_name(enum e2d_diff_kind k)
{
    switch (k) {
    case E2D_DIFF_CHANGED:
        return "changed";
    case E2D_DIFF_MISSING:
        return "missing";
    case E2D_DIFF_NOT_READ:
        return "not read back";
    case E2D_DIFF_EXTRA:
        break;
    }
    return "extra";
}

static void hex_bytes(char *out, const uint8_t *b, uint64_t size)
{
    size_t n = size < E2D_DIFF_SHOWN ? (size_t)size : E2D_DIFF_SHOWN;
    char *p = out;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, i ? " %02X" : "%02X", b[i]);
    strcpy(p, size > E2D_DIFF_SHOWN ? " ..." : "");
}

/* Inputs: firmware goes through the planner (so aliases and alts resolve
 * as when packing); DfuSe files contribute their elements as they are. */
struct inputs {
    struct cli_inputs in;
    struct e2d_dfuse_file *dfu; /* one per input, read when it is a DfuSe file */
    struct e2d_image img;
    struct e2d_plan plan;
};

static void free_inputs(struct inputs *in)
{
    for (size_t i = 0; in->dfu && i < in->in.n; i++)
        e2d_dfuse_file_free(&in->dfu[i]);
    free(in->dfu);
    cli_free_inputs(&in->in);
    e2d_image_free(&in->img);
    e2d_plan_free(&in->plan);
}

/* A DfuSe input is a reference: one every client refuses cannot be one. */
static int check_dfu_input(const char *path, const struct e2d_dfuse_file *f)
{
    for (size_t i = 0; i < f->findings.count; i++) {
        if (f->findings.v[i].severity == E2D_SEV_ERROR) {
            if (cli_report_if_changed())
                return EXIT_BAD_INPUT;
            cli_error(path, "not a valid DfuSe file: %s (see elf2dfu inspect)",
                      f->findings.v[i].msg);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}

static int load_inputs(struct inputs *in, const struct e2d_memmap *map,
                       struct e2d_chunk **chunks, size_t *nchunks)
{
    struct e2d_error err;
    struct e2d_plan_options opts;
    size_t cap = 0;
    int rc;

    if (!(in->dfu = calloc(in->in.n, sizeof *in->dfu))) {
        cli_error(NULL, "out of memory");
        return EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < in->in.n; i++)
        e2d_dfuse_file_init(&in->dfu[i]);
    if ((rc = cli_load_inputs(&in->in, &in->img, false, NULL)) != 0)
        return rc;
    e2d_plan_options_init(&opts);
    opts.allow_rdp2 = true;    /* verifying, not writing: report what is there */
    opts.allow_overlap = true; /* inputs that agree describe the same memory */
    if (in->img.count > 0) {
        if (e2d_plan_build(&in->plan, &in->img, map, &opts, &err) != E2D_OK ||
            e2d_chunks_from_plan(&in->plan, chunks, nchunks, &err) != E2D_OK) {
            cli_input_error(in->in.n == 1 ? in->in.v[0].arg : NULL, &err);
            return EXIT_BAD_INPUT;
        }
        cap = *nchunks;
    }
    for (size_t i = 0; i < in->in.n; i++) {
        const struct cli_input *ci = &in->in.v[i];
        if (ci->probed != E2D_FORMAT_DFUSE)
            continue;
        if (e2d_dfuse_read(&in->dfu[i], ci->file.data, ci->file.size, &err) != E2D_OK) {
            cli_input_error(ci->path, &err);
            return EXIT_BAD_INPUT;
        }
        if ((rc = check_dfu_input(ci->path, &in->dfu[i])) != 0)
            return rc;
        if (e2d_chunks_from_dfuse(&in->dfu[i], chunks, nchunks, &cap, &err) != E2D_OK) {
            cli_input_error(ci->path, &err);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}

/* --readback BIN@ADDR: device memory as chunks (alt unknown: 0). */
struct readbacks {
    struct cli_inputs in;
    struct e2d_chunk *v;
};

static int load_readbacks(struct readbacks *rb)
{
    if (rb->in.n && !(rb->v = calloc(rb->in.n, sizeof *rb->v))) {
        cli_error(NULL, "out of memory");
        return EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < rb->in.n; i++) {
        struct cli_input *ci = &rb->in.v[i];
        int rc;
        if ((rc = cli_open_input(&ci->file, ci->path)) != 0)
            return rc;
        ci->opened = true;
        if (ci->file.size > (1ull << 32) - ci->addr) {
            cli_error(ci->arg, "runs past 4 GiB");
            return EXIT_BAD_INPUT;
        }
        rb->v[i] = (struct e2d_chunk){
            0, {(uint32_t)ci->addr, (uint32_t)ci->file.size, ci->file.data}};
    }
    return 0;
}

static void print_text(const char *path, const struct e2d_diffs *d)
{
    char exp[4 * E2D_DIFF_SHOWN + 8], got[4 * E2D_DIFF_SHOWN + 8];

    for (size_t i = 0; i < d->count && i < SHOWN_RANGES; i++) {
        const struct e2d_diff *r = &d->v[i];
        printf("alt %u 0x%08" PRIX32 "-0x%08" PRIX64 " (%" PRIu64 " byte%s) %s", r->alt, r->addr,
               r->addr + r->size - 1, r->size, r->size == 1 ? "" : "s", kind_name(r->kind));
        hex_bytes(exp, r->expected, r->size);
        hex_bytes(got, r->found, r->size);
        if (r->kind != E2D_DIFF_EXTRA)
            printf(": expected %s", exp);
        if (r->kind != E2D_DIFF_MISSING && r->kind != E2D_DIFF_NOT_READ)
            printf("%s found %s", r->kind == E2D_DIFF_EXTRA ? ":" : ",", got);
        printf("\n");
    }
    if (d->total > SHOWN_RANGES)
        printf("... and %" PRIu64 " more differing ranges\n", d->total - SHOWN_RANGES);
    if (d->total == 0)
        printf("%s: matches (%" PRIu64 " byte%s compared)\n", path, d->compared_bytes,
               d->compared_bytes == 1 ? "" : "s");
    else
        printf("%s: %" PRIu64 " differing range%s\n", path, d->total, d->total == 1 ? "" : "s");
}

static void print_json(const char *path, const struct e2d_diffs *d)
{
    json_t *ranges = json_array();
    char exp[4 * E2D_DIFF_SHOWN + 8], got[4 * E2D_DIFF_SHOWN + 8];

    for (size_t i = 0; i < d->count; i++) {
        const struct e2d_diff *r = &d->v[i];
        hex_bytes(exp, r->expected, r->size);
        hex_bytes(got, r->found, r->size);
        json_array_append_new(
            ranges, json_pack("{s:s, s:i, s:I, s:I, s:o, s:o}", "kind", kind_name(r->kind), "alt",
                              r->alt, "address", (json_int_t)r->addr, "size", (json_int_t)r->size,
                              "expected", r->kind != E2D_DIFF_EXTRA ? json_string(exp) : json_null(),
                              "found",
                              r->kind != E2D_DIFF_MISSING && r->kind != E2D_DIFF_NOT_READ
                                  ? json_string(got)
                                  : json_null()));
    }
    cli_json_print(json_pack("{s:o, s:b, s:I, s:I, s:o}", "file", cli_json_str(path), "match", d->total == 0,
                             "compared_bytes", (json_int_t)d->compared_bytes, "differing_ranges",
                             (json_int_t)d->total, "ranges", ranges));
}

int cli_verify(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_FILL, OPT_READBACK, OPT_FORMAT };
    static const struct option longopts[] = {
        CLI_MAP_LONGOPTS,
        {"fill", required_argument, NULL, OPT_FILL},
        {"json", no_argument, NULL, OPT_JSON},
        {"readback", required_argument, NULL, OPT_READBACK},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct map_args m = {0};
    struct e2d_memmap map;
    struct e2d_input in = {0};
    struct e2d_dfuse_file f;
    struct inputs inputs;
    struct readbacks rb;
    struct e2d_chunk *chunks = NULL;
    size_t nchunks = 0;
    struct e2d_diffs diffs;
    struct e2d_error err;
    enum e2d_format format = E2D_FORMAT_AUTO;
    const char *dfu = NULL, *subject;
    uint32_t fill = 0xFF;
    bool json = false;
    int c, rc = 0;

    memset(&inputs, 0, sizeof inputs);
    memset(&rb, 0, sizeof rb);
    e2d_dfuse_file_init(&f);
    e2d_image_init(&inputs.img);
    e2d_plan_init(&inputs.plan);
    e2d_diffs_init(&diffs);
    e2d_memmap_init(&map);
    opterr = 0;
    /* '-': positional arguments in order, so --format applies to the next. */
    while (rc == 0 && (c = getopt_long(argc, argv, "-:d:m:h", longopts, NULL)) != -1) {
        if ((rc = cli_map_option(&m, c, optarg)) >= 0)
            continue;
        rc = 0;
        switch (c) {
        case 1:
            /* Without --readback the first is the DfuSe file to check. */
            if (!dfu && rb.in.n == 0 && format == E2D_FORMAT_AUTO)
                dfu = optarg;
            else
                rc = cli_input_add(&inputs.in, optarg, format);
            format = E2D_FORMAT_AUTO;
            break;
        case OPT_JSON:
            json = true;
            break;
        case OPT_FILL:
            rc = cli_parse_fill(optarg, &fill);
            break;
        case OPT_FORMAT:
            if (!e2d_format_parse(optarg, &format))
                rc = cli_usage_error("--format: '%s' is not elf, ihex, srec or bin", optarg);
            break;
        case OPT_READBACK:
            if (dfu)
                rc = cli_usage_error("--readback checks memory read from the device, not a "
                                     "DfuSe file: give it before the inputs, without FILE.dfu");
            else if ((rc = cli_input_add(&rb.in, optarg, E2D_FORMAT_BIN)) == 0 &&
                     !rb.in.v[rb.in.n - 1].has_addr)
                rc = cli_usage_error("--readback %s: give the address it was read from: "
                                     "%s@0x08000000",
                                     optarg, optarg);
            break;
        case 'h':
            print_help();
            goto out;
        default:
            rc = cli_bad_option(c, argv, longopts);
            break;
        }
    }
    if (rc != 0)
        goto out;
    if (rb.in.n == 0 && (!dfu || inputs.in.n == 0)) {
        rc = cli_usage_error("verify takes a DfuSe file and at least one input");
        goto out;
    }
    if (rb.in.n > 0 && inputs.in.n == 0) {
        rc = cli_usage_error("verify --readback takes at least one input");
        goto out;
    }
    subject = dfu ? dfu : rb.in.v[0].arg;
    m.quiet = json;
    if ((rc = cli_build_map(&map, &m, NULL)) != 0)
        goto out;
    if (dfu) {
        if ((rc = cli_read_dfuse(dfu, &in, &f, &err)) != 0)
            goto out;
        if ((rc = check_dfu_input(dfu, &f)) != 0)
            goto out;
    }
    if ((rc = load_readbacks(&rb)) != 0 ||
        (rc = load_inputs(&inputs, &map, &chunks, &nchunks)) != 0)
        goto out;
    if ((dfu ? e2d_compare(&f, chunks, nchunks, &map, (uint8_t)fill, &diffs, &err)
             : e2d_compare_readback(rb.v, rb.in.n, chunks, nchunks, &diffs, &err)) != E2D_OK) {
        cli_input_error(subject, &err);
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    {
        const char *changed = cli_changed_input(&err);
        if (changed) {
            cli_error(changed, "%s", err.msg);
            rc = EXIT_BAD_INPUT;
            goto out;
        }
    }
    if (json)
        print_json(subject, &diffs);
    else
        print_text(subject, &diffs);
    rc = diffs.total ? EXIT_BAD_INPUT : 0;
out:
    e2d_diffs_free(&diffs);
    free(chunks);
    free_inputs(&inputs);
    free(rb.v);
    cli_free_inputs(&rb.in);
    e2d_dfuse_file_free(&f);
    if (dfu)
        cli_close_input(&in);
    e2d_memmap_free(&map);
    return rc;
}
