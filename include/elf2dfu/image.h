/* An image: the bytes a loader found, each run at its load address.
 * Every input format (ELF today; HEX, S-record, raw binary later) produces
 * one, so overlap checks and placement are written once, in the planner. */
#ifndef ELF2DFU_IMAGE_H
#define ELF2DFU_IMAGE_H

#include <elf2dfu/error.h>
#include <stdint.h>

struct e2d_segment {
    uint64_t addr;       /* load address; 64-bit so the planner can refuse > 4 GiB */
    uint64_t size;       /* > 0 */
    const uint8_t *data; /* borrowed from the loader's mapping, never copied */
    char origin[80];     /* for messages, e.g. "segment 1 (.text .rodata)" */
};

struct e2d_image {
    struct e2d_segment *segs; /* in the order the loader found them */
    size_t count;
    size_t cap;
};

void e2d_image_init(struct e2d_image *img);
void e2d_image_free(struct e2d_image *img);

/* Appends a segment; size 0 is ignored (nothing to program). */
enum e2d_status e2d_image_add(struct e2d_image *img, uint64_t addr, uint64_t size,
                              const uint8_t *data, const char *origin,
                              struct e2d_error *err);

/* Total number of payload bytes. */
uint64_t e2d_image_bytes(const struct e2d_image *img);

#endif
