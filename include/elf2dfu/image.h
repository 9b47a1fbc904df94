/* SPDX-License-Identifier: BSD-2-Clause */
/* An image: the bytes the loaders found, each run at its load address.
 * Every input format (ELF, Intel HEX, S-record, raw binary) produces one,
 * and several inputs go into one image, so overlap checks and placement
 * are written once, in the planner. */
#ifndef ELF2DFU_IMAGE_H
#define ELF2DFU_IMAGE_H

#include <elf2dfu/api.h>
#include <elf2dfu/arch.h>
#include <elf2dfu/error.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

E2D_BEGIN_DECLS

/* Where a segment came from, for messages: "segment 1 (.text ... .data)",
 * "boot.hex line 12". The names are borrowed from the loader (they live as
 * long as its input) and the caller (file); nothing is formatted until a
 * message needs it, so an image of 100,000 segments stays small. */
struct e2d_origin {
    const char *file;   /* the input, when several are merged; NULL: not named */
    const char *first;  /* first section name, or a label; NULL: none */
    const char *last;   /* last section name when nnames > 1 */
    uint32_t nnames;
    uint32_t index;     /* program header index, or E2D_NO_INDEX */
    uint32_t line;      /* text formats: line of the first record; 0: none */
};

#define E2D_NO_INDEX UINT32_MAX

struct e2d_segment {
    uint64_t addr;       /* load address; 64-bit so the planner can refuse > 4 GiB */
    uint64_t size;       /* > 0 */
    const uint8_t *data; /* borrowed from the input's mapping, or owned by the image */
    struct e2d_origin origin;
};

struct e2d_image {
    struct e2d_segment *segs; /* in the order the loaders found them */
    size_t count;
    size_t cap;
    struct e2d_build build;   /* what the (last ELF) input says it was built for */
    bool has_entry;           /* the first start address an input gave (HEX 03/05, */
    uint64_t entry;           /*   S7-S9, ELF e_entry): reported, never programmed */
    /* Private: bytes decoded from text formats, freed with the image. */
    uint8_t **owned;
    size_t nowned, owned_cap;
};

E2D_API void e2d_image_init(struct e2d_image *img);
E2D_API void e2d_image_free(struct e2d_image *img);

/* Appends a segment; size 0 is ignored (nothing to program). label (may be
 * NULL) names it in messages and must outlive the image. */
E2D_API enum e2d_status e2d_image_add(struct e2d_image *img, uint64_t addr, uint64_t size,
                              const uint8_t *data, const char *label,
                              struct e2d_error *err);

/* The same, with a full origin (loaders with numbered records/sections). */
E2D_API enum e2d_status e2d_image_add_from(struct e2d_image *img, uint64_t addr, uint64_t size,
                                   const uint8_t *data, const struct e2d_origin *origin,
                                   struct e2d_error *err);

/* size bytes the image owns (and frees with itself), for loaders that
 * decode rather than borrow; NULL when out of memory. */
E2D_API uint8_t *e2d_image_alloc(struct e2d_image *img, size_t size, struct e2d_error *err);

/* Formats an origin: "segment 1 (.text ... .data)", "segment 0", a label,
 * "line 12", each after its file name when it has one. */
E2D_API const char *e2d_origin_str(const struct e2d_origin *o, char *buf, size_t size);

E2D_END_DECLS

#endif
