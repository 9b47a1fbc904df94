/* SPDX-License-Identifier: BSD-2-Clause */
/* elf2dfu [OPTIONS] INPUT.elf: the conversion. */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct pack_args {
    struct cli_inputs inputs;
    const char *output;
    struct map_args map;
    uint32_t fill;
    struct e2d_dfu_ids ids;
    bool vid_given, pid_given, did_given; /* else the bootloader's */
    bool dry_run;
    int verbosity; /* 0 quiet, 1 normal, 2 verbose */
    bool allow_rdp2;
    bool allow_unchecked;
    bool allow_overlap;
    bool sync;
    bool flash_hint;
    bool json;
};

static void print_help(FILE *f)
{
    fprintf(f,
            "Usage: elf2dfu [OPTIONS] INPUT...\n"
            "Convert firmware into a DfuSe (.dfu) file for dfu-util, STM32CubeProgrammer\n"
            "and DfuSe Demo. Writes INPUT.dfu beside the first input.\n"
            "\n"
            "INPUT is a linked ELF (also Keil .axf, IAR .out), Intel HEX or S-record file,\n"
            "recognised by its content, or FILE@ADDR: a raw binary at ADDR. Several\n"
            "inputs are merged into one image; a byte two inputs give is an error.\n"
            "\n"
            "  -o, --output FILE   write FILE instead of INPUT.dfu; '-' is standard output\n"
            "      --format F      the next input's format: elf, ihex, srec or bin\n"
            "      --allow-overlap take a byte two inputs give when they agree on it\n"
            CLI_MAP_HELP
            "      --fill BYTE     padding byte in flash (default 0xFF; OTP and option\n"
            "                      bytes are always padded with 0xFF)\n"
            "      --vid ID        USB vendor ID in the DFU suffix (default: the\n"
            "                      bootloader's, 0483 for ST's)\n"
            "      --pid ID        USB product ID in the DFU suffix (default: the\n"
            "                      bootloader's, DF11 for ST's)\n"
            "      --did ID        bcdDevice in the DFU suffix (default: ver= of a pasted\n"
            "                      dfu-util listing, else FFFF, any); IDs are hexadecimal,\n"
            "                      with or without 0x, as lsusb and dfu-util print them\n"
            "  -n, --dry-run       plan and report, write nothing\n"
            "  -v, --verbose       also print the element table, what was trimmed and\n"
            "                      the flash commands\n"
            "  -q, --quiet         print nothing on success\n"
            "      --flash-hint    print the dfu-util commands that flash the file\n"
            "      --json          print one JSON document on standard output: the plan,\n"
            "                      the file, the flash commands, or the error\n"
            "      --allow-rdp2    allow option bytes that set read-out protection level 2\n"
            "                      (makes the chip permanently unflashable)\n"
            "      --allow-unchecked-option-bytes\n"
            "                      write option bytes of a layout whose read-out\n"
            "                      protection byte is not known (refused by default)\n"
            "      --sync          fsync the output before renaming it into place\n"
            "      --list-devices  list the known parts and exit (elf2dfu devices)\n"
            "  -h, --help          show this help and exit\n"
            "  -V, --version       show the version and exit\n"
            "\n"
            "Without -d or -m the part is %s. An image whose ELF says it was built\n"
            "for another architecture or a core the part does not have is refused.\n"
            "\n"
            "Commands (elf2dfu COMMAND --help for each):\n"
            "  inspect FILE.dfu           show a DfuSe file and what it does to a device\n"
            "  verify FILE.dfu INPUT...   check a DfuSe file, or a read-back, against inputs\n"
            "  extract FILE.dfu           write its elements as binary, HEX or S-record\n"
            "  devices [PATTERN]          list the parts elf2dfu knows\n"
            "  map [-d DEVICE | -m ...]   print the memory map a conversion would use\n"
            "\n"
            "Exit status: 0 success, 1 bad input or image that cannot be placed,\n"
            "2 usage error.\n",
            E2D_DEFAULT_DEVICE);
}

static int bad_number(const char *opt, const char *arg, const char *what)
{
    return cli_usage_error("%s: '%s' is not %s", opt, arg, what);
}

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct pack_args *a)
{
    enum {
        OPT_FILL = 256,
        OPT_VID,
        OPT_PID,
        OPT_DID,
        OPT_RDP2,
        OPT_UNCHECKED,
        OPT_LIST,
        OPT_SYNC,
        OPT_FORMAT,
        OPT_OVERLAP,
        OPT_HINT,
        OPT_JSON
    };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        CLI_MAP_LONGOPTS,
        {"fill", required_argument, NULL, OPT_FILL},
        {"vid", required_argument, NULL, OPT_VID},
        {"pid", required_argument, NULL, OPT_PID},
        {"did", required_argument, NULL, OPT_DID},
        {"dry-run", no_argument, NULL, 'n'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"allow-rdp2", no_argument, NULL, OPT_RDP2},
        {"allow-unchecked-option-bytes", no_argument, NULL, OPT_UNCHECKED},
        {"sync", no_argument, NULL, OPT_SYNC},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"allow-overlap", no_argument, NULL, OPT_OVERLAP},
        {"list-devices", no_argument, NULL, OPT_LIST},
        {"flash-hint", no_argument, NULL, OPT_HINT},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    enum e2d_format format = E2D_FORMAT_AUTO;
    bool format_pending = false;
    int c;
    uint32_t v;

    opterr = 0;
    /* '-': inputs come back in order, so --format applies to the next. */
    while ((c = getopt_long(argc, argv, "-:o:d:m:nvqhV", longopts, NULL)) != -1) {
        int rc = cli_map_option(&a->map, c, optarg);
        if (rc >= 0) {
            if (rc > 0)
                return rc;
            continue;
        }
        switch (c) {
        case 1:
            if ((rc = cli_input_add(&a->inputs, optarg, format)) != 0)
                return rc;
            format = E2D_FORMAT_AUTO;
            format_pending = false;
            break;
        case OPT_FORMAT:
            if (!e2d_format_parse(optarg, &format))
                return cli_usage_error("--format: '%s' is not elf, ihex, srec or bin", optarg);
            format_pending = true;
            break;
        case OPT_OVERLAP:
            a->allow_overlap = true;
            break;
        case 'o':
            if (!*optarg)
                return cli_usage_error("-o: the output file name is empty");
            a->output = optarg;
            break;
        case OPT_FILL:
            if ((rc = cli_parse_fill(optarg, &a->fill)) != 0)
                return rc;
            break;
        case OPT_VID:
        case OPT_PID:
        case OPT_DID:
            if (!cli_parse_hex_id(optarg, &v))
                return bad_number(c == OPT_VID ? "--vid" : c == OPT_PID ? "--pid" : "--did",
                                  optarg, "a 16-bit hexadecimal ID (0000-FFFF, 0x optional)");
            if (c == OPT_VID) {
                a->ids.vid = (uint16_t)v;
                a->vid_given = true;
            } else if (c == OPT_PID) {
                a->ids.pid = (uint16_t)v;
                a->pid_given = true;
            } else {
                a->ids.bcd_device = (uint16_t)v;
                a->did_given = true;
            }
            break;
        case 'n':
            a->dry_run = true;
            break;
        case 'v':
            a->verbosity = 2;
            break;
        case 'q':
            a->verbosity = 0;
            break;
        case OPT_RDP2:
            a->allow_rdp2 = true;
            break;
        case OPT_UNCHECKED:
            a->allow_unchecked = true;
            break;
        case OPT_SYNC:
            a->sync = true;
            break;
        case OPT_HINT:
            a->flash_hint = true;
            break;
        case OPT_JSON:
            a->json = true; /* main() saw it already: errors are JSON too */
            break;
        case OPT_LIST:
            return cli_list_devices(NULL, false);
        case 'h':
            print_help(stdout);
            return 0;
        case 'V':
            printf("elf2dfu %s\n", E2D_VERSION);
            return 0;
        default:
            return cli_bad_option(c, argv, longopts);
        }
    }
    if (format_pending)
        return cli_usage_error("--format %s: no input follows it", e2d_format_name(format));
    if (a->inputs.n == 0)
        return cli_usage_error("no input file");
    if (a->json && a->output && strcmp(a->output, "-") == 0)
        return cli_usage_error("--json and -o -: both would go to standard output");
    for (size_t i = 0; i < a->inputs.n; i++)
        if (a->inputs.v[i].format == E2D_FORMAT_BIN && !a->inputs.v[i].has_addr)
            return cli_usage_error("%s: a raw binary needs its address: %s@0x08000000",
                                   a->inputs.v[i].arg, a->inputs.v[i].arg);
    return -1;
}

/* Which memory the plan is for: a surprise here (an F722's map for an F103
 * image) is the mistake this line exists to catch. */
static void print_header(FILE *f, const char *input, const struct e2d_memmap *map,
                         const struct map_result *mres)
{
    if (mres->default_device)
        fprintf(f, "%s for %s (default; -d selects another):\n", input, map->device);
    else if (map->device[0])
        fprintf(f, "%s for %s:\n", input, map->device);
    else if (map->family[0])
        fprintf(f, "%s for the memory map given (the %s family's):\n", input, map->family);
    else if (mres->families[0])
        fprintf(f, "%s for the memory map given (it fits %s):\n", input, mres->families);
    else
        fprintf(f, "%s for the memory map given:\n", input);
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

struct dfuse_job {
    const struct e2d_plan *plan;
    const struct e2d_dfu_ids *ids;
};

static enum e2d_status produce_dfuse(void *ctx, e2d_sink_fn sink, void *sink_ctx,
                                     struct e2d_error *err)
{
    const struct dfuse_job *job = ctx;
    enum e2d_status st = e2d_dfuse_write(job->plan, job->ids, sink, sink_ctx, err);

    /* Every byte is read: a file that changed meanwhile gave a mix of old
     * and new bytes (and a CRC over neither), which must not be kept. */
    if (st == E2D_OK && cli_changed_input(err))
        st = E2D_ERR_IO;
    return st;
}

static int write_output(const struct pack_args *a, const char *path, const struct e2d_plan *plan,
                        uint64_t size)
{
    struct dfuse_job job = {plan, &a->ids};
    struct e2d_output_options o = {.sync = a->sync, .temp_hook = cli_temp_hook};
    struct e2d_error err;

    if (e2d_output_file(path, size, &o, produce_dfuse, &job, &err) != E2D_OK) {
        cli_output_error(path, &err);
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* "fw.elf", or "boot.elf + app.hex + otp.bin" for several inputs. */
static void inputs_label(const struct cli_inputs *in, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < in->n && n + 1 < size; i++) {
        int k = snprintf(buf + n, size - n, "%s%s", i ? " + " : "", in->v[i].arg);
        if (k < 0)
            break;
        n += (size_t)k < size - n ? (size_t)k : size - n - 1;
    }
}

/* The document -n --json (and --json) prints: what was read, the file
 * written (or that would be), the plan, how to flash it, what was said. */
static void json_print_result(const struct pack_args *a, const char *path,
                              const struct e2d_memmap *map, const struct e2d_image *img,
                              const struct e2d_plan *plan, uint64_t size, json_t *messages)
{
    json_t *inputs = json_array();

    for (size_t i = 0; inputs && i < a->inputs.n; i++)
        json_array_append_new(inputs, json_pack("{s:o, s:s}", "file",
                                                cli_json_str(a->inputs.v[i].arg), "format",
                                                e2d_format_key(a->inputs.v[i].probed)));
    cli_json_print(json_pack(
        "{s:o, s:o, s:b, s:o, s:o, s:I, s:{s:i, s:i, s:i}, s:o, s:o, s:o, s:o}", "inputs", inputs,
        "output", a->dry_run ? json_null() : cli_json_str(path), "dry_run", a->dry_run,
        "device", map->device[0] ? cli_json_str(map->device) : json_null(), "family",
        map->family[0] ? cli_json_str(map->family) : json_null(), "size", (json_int_t)size,
        "suffix", "vid", a->ids.vid, "pid", a->ids.pid, "bcd_device", a->ids.bcd_device,
        "start_address", img->has_entry ? json_integer((json_int_t)img->entry) : json_null(),
        "targets", cli_json_plan(plan), "flash", cli_json_flash_hint(plan, map, path),
        "messages", messages));
}

int cli_pack(int argc, char **argv)
{
    struct pack_args a = {.fill = 0xFF, .ids = E2D_DFU_IDS_DEFAULT, .verbosity = 1};
    struct e2d_memmap map;
    struct e2d_image img;
    struct e2d_plan plan;
    struct e2d_plan_options opts;
    struct e2d_error err;
    char *output = NULL, label[1024];
    const char *first, *blame, *path;
    uint64_t size;
    FILE *info;
    struct cli_log_sink sink;
    struct map_result mres;
    int rc = parse_args(argc, argv, &a);

    if (rc >= 0) {
        cli_free_inputs(&a.inputs);
        return rc;
    }
    first = a.inputs.v[0].path;
    inputs_label(&a.inputs, label, sizeof label);
    /* An error about the image names the input, or nothing but "elf2dfu:"
     * when there are several (each segment then names its file). */
    blame = a.inputs.n == 1 ? a.inputs.v[0].arg : NULL;
    if (!a.output && !a.dry_run && strcmp(first, "-") == 0) {
        cli_free_inputs(&a.inputs);
        return cli_usage_error("reading standard input: name the output with -o FILE "
                               "(-o - for standard output)");
    }
    output = a.output ? NULL : cli_default_output(first);
    if (!a.output && !output) {
        cli_error(first, "out of memory");
        cli_free_inputs(&a.inputs);
        return EXIT_BAD_INPUT;
    }
    path = a.output ? a.output : output;
    /* With -o -, standard output carries the file: reports go to stderr. */
    info = a.output && strcmp(a.output, "-") == 0 ? stderr : stdout;
    e2d_memmap_init(&map);
    e2d_image_init(&img);
    e2d_plan_init(&plan);
    e2d_plan_options_init(&opts);
    opts.fill = (uint8_t)a.fill;
    opts.allow_rdp2 = a.allow_rdp2;
    opts.allow_unchecked_option_bytes = a.allow_unchecked;
    opts.allow_overlap = a.allow_overlap;
    /* With --json, standard output carries the document alone. */
    if (a.json)
        info = stderr;
    sink = (struct cli_log_sink){.info = info, .input = blame, .verbosity = a.verbosity};
    if (a.json && !(sink.messages = json_array())) {
        cli_error(NULL, "out of memory");
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    sink.log = (struct e2d_log){cli_log, &sink};
    opts.log = sink.log;

    a.map.quiet = a.verbosity == 0;
    if ((rc = cli_build_map(&map, &a.map, &mres)) != 0)
        goto out;
    /* The suffix names the bootloader the file is for, unless told. */
    if (mres.has_ids) {
        if (!a.vid_given)
            a.ids.vid = mres.vid;
        if (!a.pid_given)
            a.ids.pid = mres.pid;
        if (!a.did_given)
            a.ids.bcd_device = mres.bcd_device;
    }
    for (size_t i = 0; i < a.inputs.n && !a.dry_run; i++) {
        if (same_file(a.inputs.v[i].path, path)) {
            cli_error(a.inputs.v[i].arg, "the output would overwrite the input; choose another -o");
            rc = EXIT_BAD_INPUT;
            goto out;
        }
    }
    if ((rc = cli_load_inputs(&a.inputs, &img, true, &sink)) != 0)
        goto out;
    if (e2d_check_target(&img, &map, &opts.log, &err) != E2D_OK ||
        e2d_plan_build(&plan, &img, &map, &opts, &err) != E2D_OK ||
        /* The writer's own limits (255 targets, 32-bit sizes) are checked
         * for -n too: a dry run must fail where the real one would. */
        e2d_dfuse_size(&plan, &size, &err) != E2D_OK) {
        if (blame)
            cli_input_error(blame, &err);
        else if (!cli_report_if_changed())
            cli_error(NULL, "%s", err.msg);
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    if (!a.dry_run && (rc = write_output(&a, path, &plan, size)) != 0)
        goto out;
    if (a.json) {
        json_print_result(&a, path, &map, &img, &plan, size, sink.messages);
        sink.messages = NULL;
    } else {
        if (a.verbosity > 0) {
            print_header(info, label, &map, &mres);
            if (a.verbosity > 1 && img.has_entry)
                fprintf(info, "start address 0x%08" PRIX64 "%s (not programmed)\n", img.entry,
                        a.inputs.n > 1 ? ", the first input's" : "");
            cli_print_plan(info, &plan, a.verbosity);
        }
        /* A file on standard output has no name to flash it by. */
        if ((a.flash_hint || a.verbosity > 1) && strcmp(path, "-") != 0)
            cli_print_flash_hint(info, &plan, &map, path);
    }
    rc = 0;
out:
    json_decref(sink.messages);
    e2d_plan_free(&plan);
    e2d_image_free(&img);
    cli_free_inputs(&a.inputs);
    e2d_memmap_free(&map);
    free(output);
    return rc;
}
