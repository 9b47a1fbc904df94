/* An image: the bytes a loader found, each run at its load address.
 * Every input format (ELF today; HEX, S-record, raw binary later) produces
 * one, so overlap checks and placement are written once, in the planner. */
#ifndef ELF2DFU_IMAGE_H
#define ELF2DFU_IMAGE_H

#include <elf2dfu/arch.h>
#include <elf2dfu/error.h>
#include <stdint.h>

/* Where a segment came from, for messages: "segment 1 (.text ... .data)".
 * The names are borrowed from the loader (they live as long as its input);
 * nothing is formatted until a message needs it, so an image of 100,000
 * segments stays small. */
struct e2d_origin {
    const char *first;  /* first section name, or a label; NULL: none */
    const char *last;   /* last section name when nnames > 1 */
    uint32_t nnames;
    uint32_t index;     /* program header index, or E2D_NO_INDEX */
};

#define E2D_NO_INDEX UINT32_MAX

struct e2d_segment {
    uint64_t addr;       /* load address; 64-bit so the planner can refuse > 4 GiB */
    uint64_t size;       /* > 0 */
    const uint8_t *data; /* borrowed from the loader's mapping, never copied */
    struct e2d_origin origin;
};

struct e2d_image {
    struct e2d_segment *segs; /* in the order the loader found them */
    size_t count;
    size_t cap;
    struct e2d_build build;   /* what the input says it was built for */
};

void e2d_image_init(struct e2d_image *img);
void e2d_image_free(struct e2d_image *img);

/* Appends a segment; size 0 is ignored (nothing to program). label (may be
 * NULL) names it in messages and must outlive the image. */
enum e2d_status e2d_image_add(struct e2d_image *img, uint64_t addr, uint64_t size,
                              const uint8_t *data, const char *label,
                              struct e2d_error *err);

/* The same, with a full origin (loaders with numbered records/sections). */
enum e2d_status e2d_image_add_from(struct e2d_image *img, uint64_t addr, uint64_t size,
                                   const uint8_t *data, const struct e2d_origin *origin,
                                   struct e2d_error *err);

/* Formats an origin: "segment 1 (.text ... .data)", "segment 0", a label. */
const char *e2d_origin_str(const struct e2d_origin *o, char *buf, size_t size);

#endif
