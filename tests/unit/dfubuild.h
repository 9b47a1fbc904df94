/* SPDX-License-Identifier: BSD-2-Clause */
/* Test helper: builds DfuSe files in memory through the real writer from a
 * short description, so tests can break one field at a time. */
#ifndef ELF2DFU_TEST_DFUBUILD_H
#define ELF2DFU_TEST_DFUBUILD_H

#include <elf2dfu/dfuse.h>
#include <stdlib.h>
#include <string.h>

struct tb_elem {
    uint32_t addr;
    uint32_t size;
    uint8_t byte; /* contents: byte, byte + 1, ... */
};

struct tb_target {
    uint8_t alt;
    const char *name; /* NULL: unnamed */
    const struct tb_elem *elems;
    size_t n;
};

struct tb_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
};

static inline enum e2d_status tb_sink(void *ctx, const void *buf, size_t len, struct e2d_error *err)
{
    struct tb_buf *b = ctx;
    (void)err;
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = realloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, buf, len);
    b->len += len;
    return E2D_OK;
}

/* Returns a malloc'd file; *len receives its size. */
static inline uint8_t *tb_build(const struct tb_target *t, size_t nt, size_t *len)
{
    struct e2d_plan plan;
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    struct tb_buf b = {0};
    struct e2d_error err;
    size_t ne = 0, k = 0;
    uint8_t *payload;

    for (size_t i = 0; i < nt; i++)
        ne += t[i].n;
    memset(&plan, 0, sizeof plan);
    plan.targets = calloc(nt ? nt : 1, sizeof *plan.targets);
    plan.elements = calloc(ne ? ne : 1, sizeof *plan.elements);
    plan.pieces = calloc(ne ? ne : 1, sizeof *plan.pieces);
    payload = malloc(1 << 20);
    for (size_t i = 0; i < (1 << 20); i++)
        payload[i] = (uint8_t)i;
    plan.ntargets = nt;
    for (size_t i = 0; i < nt; i++) {
        struct e2d_target *tg = &plan.targets[i];
        tg->alt = t[i].alt;
        if (t[i].name)
            strncpy(tg->name, t[i].name, sizeof tg->name - 1);
        tg->first_element = k;
        tg->nelements = t[i].n;
        for (size_t e = 0; e < t[i].n; e++, k++) {
            plan.elements[k] = (struct e2d_element){.addr = t[i].elems[e].addr,
                                                    .size = t[i].elems[e].size,
                                                    .first_piece = k, .npieces = 1};
            plan.pieces[k] = (struct e2d_span){.addr = t[i].elems[e].addr,
                                                .size = t[i].elems[e].size,
                                                .data = payload + t[i].elems[e].byte};
        }
    }
    plan.nelements = plan.npieces = ne;
    if (e2d_dfuse_write(&plan, &ids, tb_sink, &b, &err) != E2D_OK)
        abort();
    free(payload);
    free(plan.targets);
    free(plan.elements);
    free(plan.pieces);
    *len = b.len;
    return b.data;
}

static inline void tb_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Recomputes the suffix CRC after a test changed a byte. */
static inline void tb_fix_crc(uint8_t *buf, size_t len)
{
    tb_put32(buf + len - 4, e2d_dfu_crc(E2D_DFU_CRC_INIT, buf, len - 4));
}

#endif
