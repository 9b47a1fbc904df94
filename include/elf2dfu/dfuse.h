/* DfuSe file format (ST UM0391): prefix, one target per alternate setting,
 * elements, and the 16-byte DFU suffix with its CRC. */
#ifndef ELF2DFU_DFUSE_H
#define ELF2DFU_DFUSE_H

#include <elf2dfu/error.h>
#include <elf2dfu/plan.h>
#include <stddef.h>
#include <stdint.h>

#define E2D_DFUSE_PREFIX_SIZE 11u
#define E2D_DFUSE_TARGET_SIZE 274u
#define E2D_DFUSE_ELEMENT_HEADER_SIZE 8u
#define E2D_DFU_SUFFIX_SIZE 16u
#define E2D_DFU_BCD 0x011Au

/* USB IDs in the suffix; 0xFFFF means "any device". */
struct e2d_dfu_ids {
    uint16_t vid;
    uint16_t pid;
    uint16_t bcd_device;
};

/* ST's system bootloader: 0483:DF11, any bcdDevice. */
#define E2D_DFU_IDS_DEFAULT {0x0483, 0xDF11, 0xFFFF}

/* Receives the file as it is produced, in order; returns E2D_OK or fills err. */
typedef enum e2d_status (*e2d_sink_fn)(void *ctx, const void *buf, size_t len,
                                       struct e2d_error *err);

/* Size of the file the plan gives, suffix included; fails if a size field
 * would not fit its 32 bits. */
enum e2d_status e2d_dfuse_size(const struct e2d_plan *plan, uint64_t *size,
                               struct e2d_error *err);

/* Streams the DfuSe file: payload goes straight from the pieces to the sink,
 * so memory does not grow with the image. */
enum e2d_status e2d_dfuse_write(const struct e2d_plan *plan, const struct e2d_dfu_ids *ids,
                                e2d_sink_fn sink, void *ctx, struct e2d_error *err);

/* The DFU suffix CRC: CRC-32 without the final inversion. Start with
 * E2D_DFU_CRC_INIT and feed the bytes in order. */
#define E2D_DFU_CRC_INIT 0xFFFFFFFFu
uint32_t e2d_dfu_crc(uint32_t crc, const void *buf, size_t len);

#endif
