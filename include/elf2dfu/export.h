/* SPDX-License-Identifier: BSD-2-Clause */
/* Text outputs for extract: Intel HEX and S-record. */
#ifndef ELF2DFU_EXPORT_H
#define ELF2DFU_EXPORT_H

#include <elf2dfu/api.h>
#include <elf2dfu/span.h>

E2D_BEGIN_DECLS

/* Streams the chunks (ascending, non-overlapping) as Intel HEX to sink:
 * 16-byte data records, extended linear address records, the end record. */
E2D_API enum e2d_status e2d_ihex_write(const struct e2d_chunk *chunks, size_t n, e2d_sink_fn sink,
                               void *ctx, struct e2d_error *err);

/* The same as S-records: an S0 header, S3 records of 32 bytes (32-bit
 * addresses), an S5 or S6 count, and an S7 end record. */
E2D_API enum e2d_status e2d_srec_write(const struct e2d_chunk *chunks, size_t n, e2d_sink_fn sink,
                               void *ctx, struct e2d_error *err);

E2D_END_DECLS

#endif
