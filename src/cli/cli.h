/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared pieces of the elf2dfu command line. */
#ifndef ELF2DFU_CLI_H
#define ELF2DFU_CLI_H

#include <elf2dfu/elf2dfu.h>
#include <elf2dfu/input.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* Prints "elf2dfu: what: msg" to stderr ("elf2dfu: msg" when what is NULL)
 * and, with --json, keeps the first one for the error document. */
void cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --json was given: cli_finish prints {"error": ...} when the command
 * failed without printing its document. */
void cli_report_json(bool on);
bool cli_report_is_json(void);

/* Signal handling (signals.c): installed once at start. The temporary
 * output file named through cli_temp_hook (an e2d_temp_hook) is removed
 * when the process dies by a signal; a SIGBUS in a watched input's mapping
 * becomes "FILE changed while being read", exit 1. */
void cli_signals_init(void);
void cli_temp_hook(void *ctx, const char *path);
void cli_watch_input(const struct e2d_input *in, const char *path);
void cli_unwatch_input(const struct e2d_input *in);

/* Opens an input and watches it; cli_close_input undoes both. On failure
 * the error is printed and the exit status returned. */
int cli_open_input(struct e2d_input *in, const char *path);
void cli_close_input(struct e2d_input *in);

/* The path of the first open input that changed since it was opened (err
 * then says how), or NULL. Asked after the last byte is read and before
 * the output is committed, and after any failure, since a truncated input
 * shows as a write error ("Bad address"). */
const char *cli_changed_input(struct e2d_error *err);

/* Prints a failure to produce output: blamed on the input that changed
 * meanwhile if there is one, else on the output. */
void cli_output_error(const char *output, const struct e2d_error *err);

/* Prints a failure to read an input: blamed on whichever input changed
 * meanwhile if one did, else on this one. */
void cli_input_error(const char *input, const struct e2d_error *err);

/* If an input changed since it was opened, says so and returns true: the
 * caller's own complaint about its contents would be about a mix of old
 * and new bytes. */
bool cli_report_if_changed(void);

/* The end of every command: the JSON error document if one is owed, then
 * stdout flushed and checked; returns the exit status. */
int cli_finish(int rc);

/* A usage error already explained on stderr: only recorded for the JSON
 * error document; returns EXIT_USAGE. */
int cli_usage_error_quiet(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a usage error and the --help hint; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getopt_long's ':' (missing value) and '?' (unknown option, or a value
 * given to an option that takes none) as usage errors; returns EXIT_USAGE. */
struct option;
int cli_bad_option(int c, char **argv, const struct option *longopts);

/* --fill BYTE; returns 0 or the exit status of a usage error. */
int cli_parse_fill(const char *arg, uint32_t *fill);

/* A decimal ("31") or 0x-hexadecimal ("0x1F") number, the whole string, at
 * most max; never octal ("010" is ten). */
bool cli_parse_u32(const char *s, uint32_t max, uint32_t *out);

/* A 16-bit USB ID, hexadecimal with or without 0x ("0483", "0xDF11"), as
 * lsusb and dfu-util write them. */
bool cli_parse_hex_id(const char *s, uint32_t *out);


/* ---- Inputs (inputs.c) --------------------------------------------------- */

/* Where warnings and -v notes go while inputs load and the image is planned. */
struct cli_log_sink {
    struct e2d_log log;  /* fn cli_log, ctx this sink */
    FILE *info;          /* notes go here with -v */
    const char *input;   /* the input warnings are about; NULL: several */
    int verbosity;       /* 0 quiet, 1 normal, 2 verbose */
    json_t *messages;    /* --json: every note and warning is appended here too */
};

void cli_log(void *ctx, enum e2d_severity sev, const char *msg);

struct cli_input {
    const char *arg;        /* as given: names the input in messages */
    const char *path;       /* the file (arg without @ADDR) */
    char *path_buf;
    enum e2d_format format; /* given (--format, FILE@ADDR) or AUTO */
    enum e2d_format probed; /* what it is */
    bool has_addr;
    uint64_t addr;
    struct e2d_input file;
    bool opened;
    struct e2d_source *src;
};

struct cli_inputs {
    struct cli_input *v;
    size_t n;
};

/* An input argument: "FILE", or "FILE@ADDR" for a raw binary (unless a file
 * has that very name); forced is the --format before it. */
int cli_input_spec(const char *arg, enum e2d_format forced, struct cli_input *out);
int cli_input_add(struct cli_inputs *in, const char *arg, enum e2d_format forced);

/* Opens and loads every input into img, in order; DfuSe files are left for
 * the caller (verify) unless refuse_dfuse. Errors are printed; returns 0 or
 * the exit status. */
int cli_load_inputs(struct cli_inputs *in, struct e2d_image *img, bool refuse_dfuse,
                    struct cli_log_sink *sink);
void cli_free_inputs(struct cli_inputs *in);

/* INPUT.dfu from the first input, without a format's extension. */
char *cli_default_output(const char *input);

/* -d / -m / --align / --alias / --bank, shared by the commands that need a
 * memory map (map.c). */
struct map_args {
    const char *device;
    const char *layouts[256];
    size_t nlayouts;
    uint32_t align;
    struct e2d_alias aliases[E2D_MAX_ALIASES];
    size_t naliases;
    enum e2d_bank bank;
    bool quiet; /* no notes on how the map was understood */
};

/* What building the map learned, for the summary and the DFU suffix. */
struct map_result {
    bool default_device;  /* neither -d nor -m: the default part */
    bool has_ids;         /* the bootloader's IDs, from a pasted listing or the table */
    uint16_t vid, pid, bcd_device;
    char families[192];   /* a pasted map: the families it fits, "STM32F2, STM32F4" */
};

enum { CLI_OPT_ALIGN = 300, CLI_OPT_ALIAS, CLI_OPT_BANK };
#define CLI_MAP_LONGOPTS                                         \
    {"device", required_argument, NULL, 'd'},                   \
    {"map", required_argument, NULL, 'm'},                      \
    {"align", required_argument, NULL, CLI_OPT_ALIGN},          \
    {"alias", required_argument, NULL, CLI_OPT_ALIAS},          \
    {"bank", required_argument, NULL, CLI_OPT_BANK}

/* Handles the options above; returns -1 if c is not one of them, else 0 or
 * the exit status of a usage error. */
int cli_map_option(struct map_args *m, int c, const char *arg);
bool cli_map_given(const struct map_args *m);

/* Builds the map from -d, or -m (layout strings, @FILE, @- for standard
 * input), or the default part; prints how a typed or pasted map was
 * understood (unless quiet). Returns 0 or the exit status after printing
 * the error. res may be NULL. */
int cli_build_map(struct e2d_memmap *map, const struct map_args *m, struct map_result *res);

/* Lines for help texts. */
#define CLI_MAP_HELP                                                                         \
    "  -d, --device NAME   the part: STM32F405RGT6, stm32f405rg, f405rg ... (elf2dfu\n"     \
    "                      devices lists them)\n"                                           \
    "  -m, --map LAYOUT    DfuSe layout string, one per alternate setting in alt\n"        \
    "                      order; or @FILE (layout strings, or dfu-util -l output\n"       \
    "                      as it is), @- for standard input\n"                             \
    "      --bank single|dual  the flash organisation of parts that have both\n"           \
    "      --alias FROM=TO[:SIZE]  addresses FROM.. are the memory at TO (such as\n"       \
    "                      a flash's ITCM view)\n"                                         \
    "      --align N       write unit in bytes, a power of two (default: the part's)\n"

/* The file being reported on is mapped and parsed; on failure the error is
 * printed and the exit status returned. */
int cli_read_dfuse(const char *path, struct e2d_input *in, struct e2d_dfuse_file *f,
                   struct e2d_error *err);

/* JSON output shared by the commands. */
json_t *cli_json_findings(const struct e2d_findings *all);
json_t *cli_json_str(const char *s); /* any bytes: non-UTF-8 becomes '?' */
void cli_json_print(json_t *doc); /* prints to stdout and releases doc; NULL: out of memory */

/* ---- A conversion's plan (planout.c) ------------------------------------- */

/* One line per target ("alt 0 ... erases sectors 0-1 (32 KiB)"), and with
 * verbosity 2 each target's element table. */
void cli_print_plan(FILE *f, const struct e2d_plan *plan, int verbosity);
json_t *cli_json_plan(const struct e2d_plan *plan); /* the targets array */

/* The dfu-util commands that program the file at path and start the
 * application, printed with a heading, or as a JSON array of strings. */
void cli_print_flash_hint(FILE *f, const struct e2d_plan *plan, const struct e2d_memmap *map,
                          const char *path);
json_t *cli_json_flash_hint(const struct e2d_plan *plan, const struct e2d_memmap *map,
                            const char *path);

/* The parts whose name or family matches pattern (NULL: all). */
int cli_list_devices(const char *pattern, bool json);

int cli_pack(int argc, char **argv);
int cli_devices(int argc, char **argv);
int cli_map(int argc, char **argv);
int cli_inspect(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_extract(int argc, char **argv);

#endif
