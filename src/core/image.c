#include <elf2dfu/image.h>

#include "internal.h"

#include <inttypes.h>
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

enum e2d_status e2d_image_add_from(struct e2d_image *img, uint64_t addr, uint64_t size,
                                   const uint8_t *data, const struct e2d_origin *origin,
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
    s->origin = *origin;
    return E2D_OK;
}

enum e2d_status e2d_image_add(struct e2d_image *img, uint64_t addr, uint64_t size,
                              const uint8_t *data, const char *label,
                              struct e2d_error *err)
{
    struct e2d_origin o = {.first = label, .nnames = label ? 1 : 0, .index = E2D_NO_INDEX};
    return e2d_image_add_from(img, addr, size, data, &o, err);
}

const char *e2d_origin_str(const struct e2d_origin *o, char *buf, size_t size)
{
    const char *first = o->first ? o->first : "data";

    if (o->index == E2D_NO_INDEX)
        snprintf(buf, size, "%s", first);
    else if (o->nnames == 0)
        snprintf(buf, size, "segment %" PRIu32, o->index);
    else if (o->nnames == 1)
        snprintf(buf, size, "segment %" PRIu32 " (%s)", o->index, first);
    else
        snprintf(buf, size, "segment %" PRIu32 " (%s%s%s)", o->index, first,
                 o->nnames == 2 ? " " : " ... ", o->last);
    return buf;
}
