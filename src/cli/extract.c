/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu extract: the elements of a DfuSe file as raw binaries or Intel HEX. */
#include "cli.h"

#include <elf2dfu/export.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("Usage: elf2dfu extract [-o DIR] [--format bin|ihex|srec] [--force] FILE.dfu\n"
           "Write each element as FILE-altN-0xADDRESS.bin, or each target as\n"
           "FILE-altN.hex with --format ihex (FILE-altN.srec with --format srec), and\n"
           "print the names written.\n"
           "\n"
           "  -o, --output-dir DIR  directory to write to (default: beside FILE.dfu)\n"
           "      --format FORMAT   bin (default), ihex or srec\n"
           "      --force           extract from a file with a bad CRC or other\n"
           "                        error-level problems (each is printed as a warning)\n"
           "  -h, --help            show this help\n"
           "\n"
           "Exit status: 0 written, 1 bad input or write error, 2 usage.\n");
}


struct extract_job {
    const struct e2d_chunk *chunks;
    size_t n;
    enum e2d_format format;
};

static enum e2d_status produce(void *ctx, e2d_sink_fn sink, void *sink_ctx,
                               struct e2d_error *err)
{
    const struct extract_job *job = ctx;
    enum e2d_status st;

    if (job->format == E2D_FORMAT_IHEX)
        st = e2d_ihex_write(job->chunks, job->n, sink, sink_ctx, err);
    else if (job->format == E2D_FORMAT_SREC)
        st = e2d_srec_write(job->chunks, job->n, sink, sink_ctx, err);
    else
        st = sink(sink_ctx, job->chunks[0].span.data, job->chunks[0].span.size, err);
    if (st == E2D_OK && cli_changed_input(err))
        st = E2D_ERR_IO;
    return st;
}

static int write_one(const char *path, const struct e2d_chunk *chunks, size_t n,
                     enum e2d_format format)
{
    struct extract_job job = {chunks, n, format};
    struct e2d_error err;
    /* Text: not worth computing ahead. */
    uint64_t size = format != E2D_FORMAT_BIN ? 0 : chunks[0].span.size;

    struct e2d_output_options o = {.temp_hook = cli_temp_hook};

    if (e2d_output_file(path, size, &o, produce, &job, &err) != E2D_OK) {
        cli_output_error(path, &err);
        return EXIT_BAD_INPUT;
    }
    printf("%s\n", path);
    return 0;
}

/* Appends "-N" when a name was already used in this run (several targets
 * for one alt). */
static void unique_name(char *name, size_t size, char **used, size_t nused, const char *ext)
{
    char base[4096];
    snprintf(base, sizeof base, "%s", name);
    for (unsigned k = 2;; k++) {
        bool clash = false;
        char probe[4096];
        snprintf(probe, sizeof probe, "%s%s", base, ext);
        for (size_t i = 0; i < nused && !clash; i++)
            clash = strcmp(used[i], probe) == 0;
        if (!clash) {
            snprintf(name, size, "%s", probe);
            return;
        }
        snprintf(base, sizeof base, "%s-%u", name, k);
    }
}

/* unique_name, then records the name as used. */
static int claim_name(char *name, size_t size, char **used, size_t *nused, const char *ext)
{
    unique_name(name, size, used, *nused, ext);
    used[*nused] = strdup(name);
    if (!used[*nused]) {
        cli_error(name, "out of memory");
        return EXIT_BAD_INPUT;
    }
    (*nused)++;
    return 0;
}

int cli_extract(int argc, char **argv)
{
    enum { OPT_FORMAT = 256, OPT_FORCE };
    static const struct option longopts[] = {
        {"output-dir", required_argument, NULL, 'o'}, {"format", required_argument, NULL, OPT_FORMAT},
        {"force", no_argument, NULL, OPT_FORCE}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    enum e2d_format format = E2D_FORMAT_BIN;
    bool force = false;
    struct e2d_input in;
    struct e2d_dfuse_file f;
    struct e2d_error err;
    char prefix[4096], *copy, **used;
    size_t nused = 0;
    int c, rc = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return cli_usage_error("-o: the directory name is empty");
            dir = optarg;
            break;
        case OPT_FORMAT:
            if (!e2d_format_parse(optarg, &format) || format == E2D_FORMAT_ELF)
                return cli_usage_error("--format: '%s' is not bin, ihex or srec", optarg);
            break;
        case OPT_FORCE:
            force = true;
            break;
        case 'h':
            print_help();
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("extract takes one DfuSe file");
    if ((rc = cli_read_dfuse(argv[optind], &in, &f, &err)) != 0)
        return rc;
    /* Bytes from a file every client refuses are not firmware anyone can
     * trust: say so, and copy them out only when asked to. */
    for (size_t i = 0; i < f.findings.count; i++) {
        const struct e2d_finding *fd = &f.findings.v[i];
        if (fd->severity < E2D_SEV_ERROR)
            continue;
        if (cli_report_if_changed()) {
            rc = EXIT_BAD_INPUT;
            goto out;
        }
        if (!force) {
            cli_error(argv[optind], "%s (see elf2dfu inspect; --force extracts anyway)", fd->msg);
            rc = EXIT_BAD_INPUT;
            goto out;
        }
        fprintf(stderr, "elf2dfu: %s: warning: %s; extracting anyway (--force)\n", argv[optind],
                fd->msg);
    }
    /* FILE.dfu -> FILE, placed in DIR when given. */
    copy = strdup(argv[optind]);
    if (!copy) {
        cli_error(argv[optind], "out of memory");
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    if (dir)
        snprintf(prefix, sizeof prefix, "%s/%s", dir, basename(copy));
    else
        snprintf(prefix, sizeof prefix, "%s", argv[optind]);
    free(copy);
    if (strlen(prefix) > 4 && strcmp(prefix + strlen(prefix) - 4, ".dfu") == 0)
        prefix[strlen(prefix) - 4] = '\0';

    used = calloc(f.nelements + f.ntargets + 1, sizeof *used);
    if (!used) {
        cli_error(argv[optind], "out of memory");
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    for (size_t t = 0; t < f.ntargets && rc == 0; t++) {
        const struct e2d_dfuse_target *tg = &f.targets[t];
        struct e2d_chunk *chunks = calloc(tg->nelements + 1, sizeof *chunks);
        size_t n = 0;
        char name[4200];

        for (uint32_t e = 0; chunks && e < tg->nelements; e++) {
            const struct e2d_dfuse_element *el = &f.elements[tg->first_element + e];
            if (el->span.size)
                chunks[n++] = (struct e2d_chunk){tg->alt, el->span};
        }
        if (!chunks) {
            cli_error(argv[optind], "out of memory");
            rc = EXIT_BAD_INPUT;
        } else if (format != E2D_FORMAT_BIN) {
            snprintf(name, sizeof name, "%s-alt%u", prefix, tg->alt);
            rc = claim_name(name, sizeof name, used, &nused,
                            format == E2D_FORMAT_IHEX ? ".hex" : ".srec");
            if (rc == 0)
                rc = write_one(name, chunks, n, format);
        } else {
            for (size_t i = 0; i < n && rc == 0; i++) {
                snprintf(name, sizeof name, "%s-alt%u-0x%08" PRIX32, prefix, tg->alt, chunks[i].span.addr);
                rc = claim_name(name, sizeof name, used, &nused, ".bin");
                if (rc == 0)
                    rc = write_one(name, &chunks[i], 1, E2D_FORMAT_BIN);
            }
        }
        free(chunks);
    }
    for (size_t i = 0; i < nused; i++)
        free(used[i]);
    free(used);
out:
    e2d_dfuse_file_free(&f);
    cli_close_input(&in);
    return rc;
}
