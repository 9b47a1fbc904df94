/* Intel HEX output (extended linear addressing), for extract. */
#ifndef ELF2DFU_IHEX_H
#define ELF2DFU_IHEX_H

#include <elf2dfu/compare.h>
#include <elf2dfu/dfuse.h>

/* Streams the chunks (ascending, non-overlapping) as Intel HEX to sink. */
enum e2d_status e2d_ihex_write(const struct e2d_chunk *chunks, size_t n, e2d_sink_fn sink,
                               void *ctx, struct e2d_error *err);

#endif
