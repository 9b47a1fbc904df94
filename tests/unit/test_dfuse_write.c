/* SPDX-License-Identifier: BSD-2-Clause */
/* DfuSe writer: byte layout of every field, the suffix CRC, streaming. */
#include <elf2dfu/dfuse.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct membuf {
    uint8_t data[8192];
    size_t len;
    size_t calls;
    size_t fail_after; /* 0: never */
};

static enum e2d_status mem_sink(void *ctx, const void *buf, size_t len, struct e2d_error *err)
{
    struct membuf *m = ctx;
    if (m->fail_after && ++m->calls >= m->fail_after) {
        snprintf(err->msg, sizeof err->msg, "disk full");
        err->status = E2D_ERR_IO;
        return E2D_ERR_IO;
    }
    assert_true(len <= sizeof m->data - m->len);
    memcpy(m->data + m->len, buf, len);
    m->len += len;
    return E2D_OK;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void crc_matches_check_value(void **state)
{
    (void)state;
    assert_int_equal(e2d_dfu_crc(E2D_DFU_CRC_INIT, "123456789", 9), 0x340BC6D9u);
    /* Fed in pieces, the result is the same. */
    assert_int_equal(e2d_dfu_crc(e2d_dfu_crc(E2D_DFU_CRC_INIT, "1234", 4), "56789", 5),
                     0x340BC6D9u);
    assert_int_equal(e2d_dfu_crc(E2D_DFU_CRC_INIT, "", 0), 0xFFFFFFFFu);
}

static const uint8_t data[5] = {1, 2, 3, 4, 5};

/* One target (alt 2, "OTP Memory") with one element: 3 fill bytes, 5 data. */
static void one_target_plan(struct e2d_plan *plan, struct e2d_target *t, struct e2d_element *e,
                            struct e2d_span *p)
{
    memset(plan, 0, sizeof *plan);
    memset(t, 0, sizeof *t);
    t->alt = 2;
    strcpy(t->name, "OTP Memory");
    t->nelements = 1;
    *e = (struct e2d_element){.addr = 0x1FF07800, .size = 8, .first_piece = 0, .npieces = 1,
                              .fill = 0xFF};
    p[0] = (struct e2d_span){.addr = 0x1FF07803, .size = 5, .data = data};
    plan->targets = t;
    plan->ntargets = 1;
    plan->elements = e;
    plan->nelements = 1;
    plan->pieces = p;
    plan->npieces = 1;
}

static void writes_every_field(void **state)
{
    struct e2d_plan plan;
    struct e2d_target t;
    struct e2d_element e;
    struct e2d_span p[2];
    struct e2d_dfu_ids ids = {0x1209, 0xBEEF, 0x2200};
    struct membuf m = {0};
    struct e2d_error err;
    uint64_t size;
    const uint8_t *f = m.data;
    (void)state;

    one_target_plan(&plan, &t, &e, p);
    assert_int_equal(e2d_dfuse_write(&plan, &ids, mem_sink, &m, &err), E2D_OK);
    assert_int_equal(e2d_dfuse_size(&plan, &size, &err), E2D_OK);
    assert_int_equal(m.len, 11 + 274 + 8 + 8 + 16);
    assert_int_equal(size, m.len);
    assert_memory_equal(f, "DfuSe\x01", 6);
    assert_int_equal(rd32(f + 6), m.len - 16); /* DFUImageSize without suffix */
    assert_int_equal(f[10], 1);
    f += 11;
    assert_memory_equal(f, "Target", 6);
    assert_int_equal(f[6], 2);
    assert_int_equal(rd32(f + 7), 1);
    assert_string_equal((const char *)f + 11, "OTP Memory");
    for (size_t i = 11 + 10; i < 266; i++)
        assert_int_equal(f[i], 0);
    assert_int_equal(rd32(f + 266), 8 + 8);
    assert_int_equal(rd32(f + 270), 1);
    f += 274;
    assert_int_equal(rd32(f), 0x1FF07800);
    assert_int_equal(rd32(f + 4), 8);
    assert_memory_equal(f + 8, "\xFF\xFF\xFF\x01\x02\x03\x04\x05", 8);
    f += 16;
    assert_int_equal(rd16(f), 0x2200);
    assert_int_equal(rd16(f + 2), 0xBEEF);
    assert_int_equal(rd16(f + 4), 0x1209);
    assert_int_equal(rd16(f + 6), 0x011A);
    assert_memory_equal(f + 8, "UFD", 3);
    assert_int_equal(f[11], 16);
    assert_int_equal(rd32(f + 12), ~(uint32_t)crc32(0, m.data, (uInt)(m.len - 4)));
}

static void unnamed_target_has_flag_zero(void **state)
{
    struct e2d_plan plan;
    struct e2d_target t;
    struct e2d_element e;
    struct e2d_span p[2];
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    struct membuf m = {0};
    struct e2d_error err;
    (void)state;

    one_target_plan(&plan, &t, &e, p);
    t.name[0] = '\0';
    assert_int_equal(e2d_dfuse_write(&plan, &ids, mem_sink, &m, &err), E2D_OK);
    assert_int_equal(rd32(m.data + 11 + 7), 0);
    assert_int_equal(rd16(m.data + m.len - 12), 0x0483);
    assert_int_equal(rd16(m.data + m.len - 14), 0xDF11);
    assert_int_equal(rd16(m.data + m.len - 16), 0xFFFF);
}

static void output_is_deterministic(void **state)
{
    struct e2d_plan plan;
    struct e2d_target t;
    struct e2d_element e;
    struct e2d_span p[2];
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    static struct membuf a, b;
    struct e2d_error err;
    (void)state;

    one_target_plan(&plan, &t, &e, p);
    assert_int_equal(e2d_dfuse_write(&plan, &ids, mem_sink, &a, &err), E2D_OK);
    assert_int_equal(e2d_dfuse_write(&plan, &ids, mem_sink, &b, &err), E2D_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
}

static void sink_errors_stop_the_write(void **state)
{
    struct e2d_plan plan;
    struct e2d_target t;
    struct e2d_element e;
    struct e2d_span p[2];
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    struct membuf m = {.fail_after = 2};
    struct e2d_error err;
    (void)state;

    one_target_plan(&plan, &t, &e, p);
    assert_int_equal(e2d_dfuse_write(&plan, &ids, mem_sink, &m, &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "disk full");
    assert_int_equal(m.calls, 2); /* the staged file, then the suffix */
}

static void refuses_more_than_255_targets(void **state)
{
    struct e2d_plan plan = {0};
    struct e2d_error err;
    uint64_t size;
    (void)state;

    plan.targets = calloc(256, sizeof *plan.targets);
    plan.ntargets = 256;
    assert_int_equal(e2d_dfuse_size(&plan, &size, &err), E2D_ERR_LIMIT);
    assert_string_equal(err.msg, "256 targets: DfuSe allows at most 255");
    free(plan.targets);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc_matches_check_value),
        cmocka_unit_test(writes_every_field),
        cmocka_unit_test(unnamed_target_has_flag_zero),
        cmocka_unit_test(output_is_deterministic),
        cmocka_unit_test(sink_errors_stop_the_write),
        cmocka_unit_test(refuses_more_than_255_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
