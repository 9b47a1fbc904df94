/* SPDX-License-Identifier: BSD-2-Clause */
/* The planner: places an image into a device's memory map as DfuSe targets
 * and elements. Pure: no I/O, so tests, fuzzers, --dry-run and the writer
 * all see the same structure. */
#ifndef ELF2DFU_PLAN_H
#define ELF2DFU_PLAN_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/image.h>
#include <elf2dfu/memmap.h>
#include <elf2dfu/span.h>
#include <stdbool.h>
#include <stdint.h>

E2D_BEGIN_DECLS

struct e2d_element {
    uint32_t addr;
    uint32_t size;
    size_t first_piece; /* into plan->pieces, ascending */
    size_t npieces;
    uint8_t fill;
    uint32_t first_sector; /* sector indices the element touches, inclusive */
    uint32_t last_sector;
};

struct e2d_target {
    uint8_t alt;
    char name[256];
    enum e2d_mem_kind kind;
    bool erasable;          /* dfu-util erases the sectors the elements touch */
    size_t first_element;   /* into plan->elements */
    size_t nelements;
    uint64_t payload_bytes; /* image bytes, without fill */
    uint32_t sectors_erased;
    uint64_t bytes_erased;
};

struct e2d_plan {
    struct e2d_target *targets; /* in file order: alt order, option bytes last */
    size_t ntargets;
    struct e2d_element *elements;
    size_t nelements;
    /* Payload of the elements, borrowed from the image. The bytes of an
     * element that no piece covers (alignment padding, filled gaps) are its
     * fill byte. */
    struct e2d_span *pieces;
    size_t npieces;
};

struct e2d_plan_options {
    uint8_t fill;     /* padding byte in erasable memory (0xFF in OTP/option bytes) */
    bool allow_rdp2;  /* permit option bytes that set read-out protection level 2 */
    /* permit option bytes in a layout whose read-out protection byte is not
     * known (level 2 cannot be ruled out) */
    bool allow_unchecked_option_bytes;
    /* permit two inputs that give the same bytes when the bytes are equal */
    bool allow_overlap;
    struct e2d_log log;
};

E2D_API void e2d_plan_options_init(struct e2d_plan_options *opts);

/* The padding byte the planner uses in alt: fill in flash, 0xFF (which
 * programs nothing) in OTP, option bytes and other memory. */
E2D_API uint8_t e2d_fill_for(const struct e2d_alt *alt, uint8_t fill);

E2D_API void e2d_plan_init(struct e2d_plan *plan);
E2D_API void e2d_plan_free(struct e2d_plan *plan);

/* Builds the plan. The plan borrows payload from img's segments: keep their
 * source open while the plan is used. */
E2D_API enum e2d_status e2d_plan_build(struct e2d_plan *plan, const struct e2d_image *img,
                               const struct e2d_memmap *map, const struct e2d_plan_options *opts,
                               struct e2d_error *err);

E2D_END_DECLS

#endif
