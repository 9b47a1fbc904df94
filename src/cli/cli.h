/* Shared pieces of the elf2dfu command line. */
#ifndef ELF2DFU_CLI_H
#define ELF2DFU_CLI_H

#include <elf2dfu/elf2dfu.h>
#include <elf2dfu/input.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* Prints "elf2dfu: what: msg" to stderr. */
void cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a usage error and the --help hint; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getopt_long's ':' (missing value) and '?' (unknown option) as usage
 * errors; returns EXIT_USAGE. */
int cli_bad_option(int c, char **argv);

/* --fill BYTE; returns 0 or the exit status of a usage error. */
int cli_parse_fill(const char *arg, uint32_t *fill);

/* strtoul base 0 on the whole string: "0x1F" and "31"; false if it is not a
 * number or is above max. */
bool cli_parse_u32(const char *s, uint32_t max, uint32_t *out);


/* -d / -m / --align, shared by the commands that need a memory map. */
struct map_args {
    const char *device;
    char *layouts[256];
    size_t nlayouts;
    uint32_t align;
};

/* Handles -d, -m and --align (long option value CLI_OPT_ALIGN); returns -1 if
 * c is not one of them, else 0 or the exit status of a usage error. */
enum { CLI_OPT_ALIGN = 300 };
int cli_map_option(struct map_args *m, int c, const char *arg);
bool cli_map_given(const struct map_args *m);

/* Fills map from -d DEVICE or the -m LAYOUT list (default device if neither);
 * returns 0 or the exit status after printing the error. */
int cli_build_map(struct e2d_memmap *map, const struct map_args *m);

/* The file being reported on is mapped and parsed; on failure the error is
 * printed and the exit status returned. */
int cli_read_dfuse(const char *path, struct e2d_input *in, struct e2d_dfuse_file *f,
                   struct e2d_error *err);

/* JSON output shared by inspect and verify. */
#include <jansson.h>
json_t *cli_json_findings(const struct e2d_findings *all);
json_t *cli_json_str(const char *s); /* any bytes: non-UTF-8 becomes '?' */
void cli_json_print(json_t *doc); /* prints to stdout and releases doc */

int cli_pack(int argc, char **argv);
int cli_inspect(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_extract(int argc, char **argv);

#endif
