/* elf2dfu verify: does a DfuSe file program exactly the given firmware? */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_RANGES 20

static void print_help(void)
{
    printf("Usage: elf2dfu verify [-d DEVICE | -m LAYOUT...] [--fill BYTE] [--json] FILE.dfu INPUT...\n"
           "Exit 0 only if every loadable byte of the inputs is in FILE.dfu at the right\n"
           "alternate setting and address, and every other byte of FILE.dfu is fill.\n"
           "INPUT is a linked ELF or another DfuSe file.\n"
           "\n"
           "\n" CLI_MAP_HELP
           "                      ELF inputs are placed with it (default: %s).\n"
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

/* Inputs: ELF files go through the planner (so aliases and alts resolve as
 * when packing); DfuSe files contribute their elements as they are. Each
 * input is mapped once and kept open while its bytes are compared. */
struct verify_input {
    struct e2d_input map;
    struct e2d_dfuse_file dfu; /* when the input is a DfuSe file */
    bool is_dfu;
    struct e2d_elf *elf;
};

struct inputs {
    struct verify_input *v;
    size_t n;
    struct e2d_image img;
    struct e2d_plan plan;
};

static void free_inputs(struct inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        e2d_elf_close(in->v[i].elf);
        e2d_dfuse_file_free(&in->v[i].dfu);
        cli_close_input(&in->v[i].map);
    }
    free(in->v);
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

static int load_inputs(struct inputs *in, char **paths, int n, const struct e2d_memmap *map,
                       struct e2d_chunk **chunks, size_t *nchunks)
{
    struct e2d_error err;
    struct e2d_plan_options opts;
    size_t cap = 0;

    in->v = calloc((size_t)n, sizeof *in->v);
    if (!in->v) {
        cli_error(paths[0], "out of memory");
        return EXIT_BAD_INPUT;
    }
    for (int i = 0; i < n; i++) {
        struct verify_input *vi = &in->v[in->n++];
        int rc;

        e2d_dfuse_file_init(&vi->dfu);
        if ((rc = cli_open_input(&vi->map, paths[i])) != 0)
            return rc;
        if (vi->map.size >= 5 && memcmp(vi->map.data, "DfuSe", 5) == 0) {
            vi->is_dfu = true;
            if (e2d_dfuse_read(&vi->dfu, vi->map.data, vi->map.size, &err) != E2D_OK) {
                cli_input_error(paths[i], &err);
                return EXIT_BAD_INPUT;
            }
            if ((rc = check_dfu_input(paths[i], &vi->dfu)) != 0)
                return rc;
            continue;
        }
        if (e2d_elf_open_mem(&vi->elf, vi->map.data, (size_t)vi->map.size, &err) != E2D_OK ||
            e2d_elf_load(vi->elf, &in->img, NULL, &err) != E2D_OK) {
            cli_input_error(paths[i], &err);
            return EXIT_BAD_INPUT;
        }
    }
    e2d_plan_options_init(&opts);
    opts.allow_rdp2 = true; /* verifying, not writing: report what is there */
    if (in->img.count > 0) {
        if (e2d_plan_build(&in->plan, &in->img, map, &opts, &err) != E2D_OK ||
            e2d_chunks_from_plan(&in->plan, chunks, nchunks, &err) != E2D_OK) {
            cli_input_error(paths[0], &err);
            return EXIT_BAD_INPUT;
        }
        cap = *nchunks;
    }
    for (size_t i = 0; i < in->n; i++) {
        if (!in->v[i].is_dfu)
            continue;
        if (e2d_chunks_from_dfuse(&in->v[i].dfu, chunks, nchunks, &cap, &err) != E2D_OK) {
            cli_input_error(paths[i], &err);
            return EXIT_BAD_INPUT;
        }
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
        if (r->kind != E2D_DIFF_MISSING)
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
                              "found", r->kind != E2D_DIFF_MISSING ? json_string(got) : json_null()));
    }
    cli_json_print(json_pack("{s:o, s:b, s:I, s:I, s:o}", "file", cli_json_str(path), "match", d->total == 0,
                             "compared_bytes", (json_int_t)d->compared_bytes, "differing_ranges",
                             (json_int_t)d->total, "ranges", ranges));
}

int cli_verify(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_FILL };
    static const struct option longopts[] = {
        CLI_MAP_LONGOPTS,
        {"fill", required_argument, NULL, OPT_FILL}, {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    struct map_args m = {0};
    struct e2d_memmap map;
    struct e2d_input in;
    struct e2d_dfuse_file f;
    struct inputs inputs;
    struct e2d_chunk *chunks = NULL;
    size_t nchunks = 0;
    struct e2d_diffs diffs;
    struct e2d_error err;
    uint32_t fill = 0xFF;
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
        case OPT_FILL:
            if ((rc = cli_parse_fill(optarg, &fill)) != 0)
                return rc;
            break;
        case 'h':
            print_help();
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (argc - optind < 2)
        return cli_usage_error("verify takes a DfuSe file and at least one input");
    e2d_memmap_init(&map);
    m.quiet = json;
    if ((rc = cli_build_map(&map, &m, NULL)) != 0)
        return rc;
    memset(&inputs, 0, sizeof inputs);
    e2d_image_init(&inputs.img);
    e2d_plan_init(&inputs.plan);
    e2d_diffs_init(&diffs);
    if ((rc = cli_read_dfuse(argv[optind], &in, &f, &err)) != 0)
        goto out_map;
    if ((rc = check_dfu_input(argv[optind], &f)) != 0)
        goto out;
    if ((rc = load_inputs(&inputs, argv + optind + 1, argc - optind - 1, &map, &chunks, &nchunks)) != 0)
        goto out;
    if (e2d_compare(&f, chunks, nchunks, &map, (uint8_t)fill, &diffs, &err) != E2D_OK) {
        cli_input_error(argv[optind], &err);
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
        print_json(argv[optind], &diffs);
    else
        print_text(argv[optind], &diffs);
    rc = diffs.total ? EXIT_BAD_INPUT : 0;
out:
    e2d_diffs_free(&diffs);
    free(chunks);
    free_inputs(&inputs);
    e2d_dfuse_file_free(&f);
    cli_close_input(&in);
out_map:
    e2d_memmap_free(&map);
    return rc;
}
