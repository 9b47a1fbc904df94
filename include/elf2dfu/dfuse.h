/* SPDX-License-Identifier: BSD-2-Clause */
/* DfuSe file format (ST UM0391): prefix, one target per alternate setting,
 * elements, and the 16-byte DFU suffix with its CRC. */
#ifndef ELF2DFU_DFUSE_H
#define ELF2DFU_DFUSE_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/findings.h>
#include <elf2dfu/plan.h>
#include <elf2dfu/span.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

E2D_BEGIN_DECLS

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

/* Size of the file the plan gives, suffix included; fails if a size field
 * would not fit its 32 bits. */
E2D_API enum e2d_status e2d_dfuse_size(const struct e2d_plan *plan, uint64_t *size,
                               struct e2d_error *err);

/* Streams the DfuSe file: payload goes straight from the pieces to the sink,
 * so memory does not grow with the image. */
E2D_API enum e2d_status e2d_dfuse_write(const struct e2d_plan *plan, const struct e2d_dfu_ids *ids,
                                e2d_sink_fn sink, void *ctx, struct e2d_error *err);

/* The DFU suffix CRC: CRC-32 without the final inversion. Start with
 * E2D_DFU_CRC_INIT and feed the bytes in order. */
#define E2D_DFU_CRC_INIT 0xFFFFFFFFu
E2D_API uint32_t e2d_dfu_crc(uint32_t crc, const void *buf, size_t len);

/* ---- Reading ---------------------------------------------------------- */

struct e2d_dfuse_element {
    struct e2d_span span; /* data points into the caller's buffer: never copied */
    uint64_t offset;      /* file offset of the element header */
};

struct e2d_dfuse_target {
    uint8_t alt;
    bool named;          /* bTargetNamed != 0 (ST tools write several spellings) */
    char name[256];
    uint32_t size_field; /* dwTargetSize as written */
    uint32_t nelements;
    size_t first_element; /* into file->elements */
    uint64_t offset;
};

struct e2d_dfuse_file {
    uint64_t size;
    uint32_t image_size;       /* DFUImageSize as written */
    uint8_t ntargets_field;    /* bTargets as written */
    struct e2d_dfuse_target *targets;
    size_t ntargets;
    struct e2d_dfuse_element *elements;
    size_t nelements;
    struct e2d_dfu_ids ids;
    uint16_t bcd_dfu;
    uint8_t suffix_size;       /* bLength: 16, or more for an extended suffix */
    uint32_t crc_stored;
    uint32_t crc_computed;
    /* Fields that do not match what the rest of the file says (bad CRC,
     * DFUImageSize ...): the file's contents are still readable. */
    struct e2d_findings findings;
};

E2D_API void e2d_dfuse_file_init(struct e2d_dfuse_file *f);
E2D_API void e2d_dfuse_file_free(struct e2d_dfuse_file *f);

/* Parses a DfuSe file held in buf (which must outlive f). Fails only when
 * the structure cannot be followed (wrong signature, a size that runs past
 * the end ...); inconsistent fields become error-level findings. */
E2D_API enum e2d_status e2d_dfuse_read(struct e2d_dfuse_file *f, const void *buf, uint64_t len,
                               struct e2d_error *err);

E2D_END_DECLS

#endif
