/* A whole input file mapped read-only: parsers get (pointer, length) and
 * never copy what they point into. */
#ifndef ELF2DFU_INPUT_H
#define ELF2DFU_INPUT_H

#include <elf2dfu/error.h>
#include <stdint.h>

struct e2d_input {
    const uint8_t *data;
    uint64_t size;
    void *map;       /* for munmap; NULL for an empty file */
    uint64_t map_size;
};

enum e2d_status e2d_input_open(struct e2d_input *in, const char *path, struct e2d_error *err);
void e2d_input_close(struct e2d_input *in);

#endif
