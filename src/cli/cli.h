/* Shared pieces of the elf2dfu command line. */
#ifndef ELF2DFU_CLI_H
#define ELF2DFU_CLI_H

#include <elf2dfu/elf2dfu.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* Prints "elf2dfu: what: msg" to stderr. */
void cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a usage error and the --help hint; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* strtoul base 0 on the whole string: "0x1F" and "31"; false if it is not a
 * number or is above max. */
bool cli_parse_u32(const char *s, uint32_t max, uint32_t *out);

/* Fills map from -d DEVICE or the -m LAYOUT list; write_unit 0: default. */
int cli_build_map(struct e2d_memmap *map, const char *device, char **layouts,
                  size_t nlayouts, uint32_t write_unit);

int cli_pack(int argc, char **argv);

#endif
