/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/image.h>

#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void e2d_image_init(struct e2d_image *img)
{
    if (img)
        memset(img, 0, sizeof *img);
}

void e2d_image_free(struct e2d_image *img)
{
    if (!img)
        return;
    for (size_t i = 0; i < img->nowned; i++)
        free(img->owned[i]);
    free(img->owned);
    free(img->segs);
    e2d_image_init(img);
}

enum e2d_status e2d_image_adopt(struct e2d_image *img, void *buf, struct e2d_error *err)
{
    if (e2d_grow((void **)&img->owned, &img->owned_cap, img->nowned + 1, sizeof *img->owned,
                 err) != E2D_OK) {
        free(buf);
        return E2D_ERR_NOMEM;
    }
    img->owned[img->nowned++] = buf;
    return E2D_OK;
}

void e2d_image_truncate(struct e2d_image *img, size_t count, size_t nowned)
{
    for (size_t i = nowned; i < img->nowned; i++)
        free(img->owned[i]);
    if (nowned < img->nowned)
        img->nowned = nowned;
    if (count < img->count)
        img->count = count;
}

uint8_t *e2d_image_alloc(struct e2d_image *img, size_t size, struct e2d_error *err)
{
    uint8_t *p;

    if (!img) {
        e2d_fail(err, E2D_ERR_ARG, "no image given");
        return NULL;
    }
    p = malloc(size ? size : 1);
    if (!p) {
        e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return e2d_image_adopt(img, p, err) == E2D_OK ? p : NULL;
}

enum e2d_status e2d_image_add_from(struct e2d_image *img, uint64_t addr, uint64_t size,
                                   const uint8_t *data, const struct e2d_origin *origin,
                                   struct e2d_error *err)
{
    struct e2d_segment *s;
    enum e2d_status st;

    if (!img || !origin)
        return e2d_fail(err, E2D_ERR_ARG, "no image or origin given");
    if (size == 0)
        return E2D_OK;
    if (!data)
        return e2d_fail(err, E2D_ERR_ARG, "no bytes given for the segment at 0x%08" PRIX64, addr);
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
    int n = 0;

    if (o->file) {
        n = snprintf(buf, size, "%s", o->file);
        if (n < 0 || (size_t)n + 1 >= size)
            return buf;
        if (!o->line && !o->first && o->index == E2D_NO_INDEX)
            return buf; /* a raw binary: the file says it all */
        buf[n++] = ' ';
        buf[n] = '\0';
    }
    buf += n;
    size -= (size_t)n;
    if (o->line)
        snprintf(buf, size, "line %" PRIu32, o->line);
    else if (o->index == E2D_NO_INDEX)
        snprintf(buf, size, "%s", first);
    else if (o->nnames == 0)
        snprintf(buf, size, "segment %" PRIu32, o->index);
    else if (o->nnames == 1)
        snprintf(buf, size, "segment %" PRIu32 " (%s)", o->index, first);
    else
        snprintf(buf, size, "segment %" PRIu32 " (%s%s%s)", o->index, first,
                 o->nnames == 2 ? " " : " ... ", o->last);
    return buf - n;
}
