#include <elf2dfu/image.h>

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void e2d_image_init(struct e2d_image *img)
{
    memset(img, 0, sizeof *img);
}

void e2d_image_free(struct e2d_image *img)
{
    if (!img)
        return;
    free(img->segs);
    e2d_image_init(img);
}

enum e2d_status e2d_image_add(struct e2d_image *img, uint64_t addr, uint64_t size,
                              const uint8_t *data, const char *origin,
                              struct e2d_error *err)
{
    struct e2d_segment *s;
    enum e2d_status st;

    if (size == 0)
        return E2D_OK;
    st = e2d_grow((void **)&img->segs, &img->cap, img->count + 1, sizeof *img->segs, err);
    if (st != E2D_OK)
        return st;
    s = &img->segs[img->count++];
    s->addr = addr;
    s->size = size;
    s->data = data;
    snprintf(s->origin, sizeof s->origin, "%s", origin ? origin : "data");
    return E2D_OK;
}

uint64_t e2d_image_bytes(const struct e2d_image *img)
{
    uint64_t n = 0;
    for (size_t i = 0; i < img->count; i++)
        n += img->segs[i].size;
    return n;
}
