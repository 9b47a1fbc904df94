/* SPDX-License-Identifier: BSD-2-Clause */
/* verify's comparison and extract's Intel HEX writer. */
#include "dfubuild.h"

#include <elf2dfu/compare.h>
#include <elf2dfu/export.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static uint8_t bytes[256];

/* The file under test: two elements of counting bytes (0..15, then 16..23). */
static const struct tb_elem elems[] = {{0x08000000, 16, 0}, {0x08004000, 8, 16}};
static const struct tb_target file_targets[] = {{0, "Internal Flash", elems, 2}};

static void compare(struct e2d_chunk *exp, size_t n, struct e2d_diffs *d)
{
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = tb_build(file_targets, 1, &len);

    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_OK);
    assert_int_equal(e2d_compare(&f, exp, n, NULL, 0xFF, d, &err), E2D_OK);
    e2d_dfuse_file_free(&f);
    free(buf);
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)i;
    return 0;
}

static void matches(void **state)
{
    struct e2d_chunk exp[] = {{0, {0x08000000, 16, bytes}}, {0, {0x08004000, 8, bytes + 16}}};
    struct e2d_diffs d;
    (void)state;

    compare(exp, 2, &d);
    assert_int_equal(d.total, 0);
    assert_int_equal(d.compared_bytes, 24);
    e2d_diffs_free(&d);
}

static void finds_one_changed_byte(void **state)
{
    static uint8_t changed[16];
    struct e2d_chunk exp[] = {{0, {0x08000000, 16, changed}}, {0, {0x08004000, 8, bytes + 16}}};
    struct e2d_diffs d;
    (void)state;

    memcpy(changed, bytes, 16);
    changed[5] = 0xAA;
    compare(exp, 2, &d);
    assert_int_equal(d.total, 1);
    assert_int_equal(d.v[0].kind, E2D_DIFF_CHANGED);
    assert_int_equal(d.v[0].addr, 0x08000005);
    assert_int_equal(d.v[0].size, 1);
    assert_int_equal(d.v[0].expected[0], 0xAA);
    assert_int_equal(d.v[0].found[0], 5);
    e2d_diffs_free(&d);
}

static void finds_missing_segment_and_extra_bytes(void **state)
{
    /* Expected: the first element, and a segment the file lacks; the file's
     * second element is then extra (not fill). */
    struct e2d_chunk exp[] = {{0, {0x08000000, 16, bytes}}, {2, {0x1FF07800, 4, bytes}}};
    struct e2d_diffs d;
    (void)state;

    compare(exp, 2, &d);
    assert_int_equal(d.total, 2);
    assert_int_equal(d.v[0].kind, E2D_DIFF_MISSING);
    assert_int_equal(d.v[0].alt, 2);
    assert_int_equal(d.v[0].size, 4);
    assert_int_equal(d.v[1].kind, E2D_DIFF_EXTRA);
    assert_int_equal(d.v[1].addr, 0x08004000);
    assert_int_equal(d.v[1].size, 8);
    e2d_diffs_free(&d);
}

static void finds_element_at_wrong_address(void **state)
{
    struct e2d_chunk exp[] = {{0, {0x08000000, 16, bytes}}, {0, {0x08004008, 8, bytes + 16}}};
    struct e2d_diffs d;
    (void)state;

    compare(exp, 2, &d);
    assert_int_equal(d.total, 2);
    assert_int_equal(d.v[0].kind, E2D_DIFF_MISSING);
    assert_int_equal(d.v[0].addr, 0x08004008);
    assert_int_equal(d.v[1].kind, E2D_DIFF_EXTRA);
    assert_int_equal(d.v[1].addr, 0x08004000);
    e2d_diffs_free(&d);
}

static enum e2d_status text_sink(void *ctx, const void *buf, size_t len, struct e2d_error *err)
{
    (void)err;
    strncat(ctx, buf, len);
    return E2D_OK;
}

static void writes_intel_hex(void **state)
{
    static char out[1024];
    struct e2d_chunk c[] = {{0, {0x0800FFF8, 20, bytes}}};
    struct e2d_error err;
    (void)state;

    out[0] = '\0';
    assert_int_equal(e2d_ihex_write(c, 1, text_sink, out, &err), E2D_OK);
    /* The record that would cross 0x08010000 is split, with a new upper address. */
    assert_string_equal(out, ":020000040800F2\n"
                             ":08FFF8000001020304050607E5\n"
                             ":020000040801F1\n"
                             ":0C00000008090A0B0C0D0E0F1011121352\n"
                             ":00000001FF\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(matches, setup),
        cmocka_unit_test_setup(finds_one_changed_byte, setup),
        cmocka_unit_test_setup(finds_missing_segment_and_extra_bytes, setup),
        cmocka_unit_test_setup(finds_element_at_wrong_address, setup),
        cmocka_unit_test_setup(writes_intel_hex, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
