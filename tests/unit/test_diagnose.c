/* SPDX-License-Identifier: BSD-2-Clause */
/* Diagnosis: each DfuFileMgr-style fault gets its finding, and the planner's
 * own output never gets an error or warning. */
#include "dfubuild.h"

#include <elf2dfu/device.h>
#include <elf2dfu/diagnose.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

static struct e2d_memmap map;

static int setup(void **state)
{
    struct e2d_error err;
    (void)state;
    e2d_memmap_init(&map);
    return e2d_memmap_from_device(&map, e2d_device_find("stm32f722xe"), E2D_BANK_DEFAULT, &err) == E2D_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    e2d_memmap_free(&map);
    return 0;
}

/* Diagnoses a file built from targets against m (NULL: no map). */
static void diagnose_with(const struct e2d_memmap *m, const struct tb_target *t, size_t nt,
                          struct e2d_findings *out)
{
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = tb_build(t, nt, &len);

    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_OK);
    e2d_findings_init(out);
    assert_int_equal(e2d_diagnose(&f, m, out, &err), E2D_OK);
    e2d_dfuse_file_free(&f);
    free(buf);
}

static void diagnose(const struct tb_target *t, size_t nt, struct e2d_findings *out)
{
    diagnose_with(&map, t, nt, out);
}

static const struct e2d_finding *find(const struct e2d_findings *f, const char *code)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->v[i].code, code) == 0)
            return &f->v[i];
    return NULL;
}

static void expect(const struct tb_target *t, size_t nt, const char *code,
                   enum e2d_severity sev, uint32_t addr, const char *msg)
{
    struct e2d_findings out;
    const struct e2d_finding *f;

    diagnose(t, nt, &out);
    f = find(&out, code);
    if (!f)
        fail_msg("no %s finding", code);
    assert_int_equal(f->severity, sev);
    assert_int_equal(f->addr, addr);
    assert_string_equal(f->msg, msg);
    e2d_findings_free(&out);
}

static void clean_file_has_only_notes(void **state)
{
    static const struct tb_elem e[] = {{0x08000000, 0x4000, 0}, {0x08060000, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 2}};
    struct e2d_findings out;
    (void)state;

    diagnose(t, 1, &out);
    assert_int_equal(e2d_findings_count(&out, E2D_SEV_WARNING), 0);
    assert_int_equal(out.count, 1); /* sector 7 only partly rewritten */
    assert_string_equal(out.v[0].code, "erased-not-written");
    assert_int_equal(out.v[0].addr, 0x08060000);
    e2d_findings_free(&out);
}

static void unsorted_elements(void **state)
{
    static const struct tb_elem e[] = {{0x08004000, 0x100, 0}, {0x08000000, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 2}};
    (void)state;
    expect(t, 1, "not-ascending", E2D_SEV_ERROR, 0x08000000,
           "target 0 element 1 starts below element 0 before it (0x08004000): elements must "
           "ascend, or dfu-util erases sectors it already wrote");
}

static void overlapping_elements(void **state)
{
    static const struct tb_elem e[] = {{0x08000000, 0x100, 0}, {0x08000080, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 2}};
    (void)state;
    expect(t, 1, "overlap", E2D_SEV_ERROR, 0x08000080,
           "target 0 element 1 (0x08000080-0x0800017F) overlaps target 0 element 0 "
           "(0x08000000-0x080000FF): dfu-util writes those bytes twice, the second time over data");
}

/* dfu-util writes every target of the chosen alt: two targets for one alt
 * that share bytes write them twice (OTP: the second write fails or ANDs
 * into the first). */
static void overlap_across_targets_of_one_alt(void **state)
{
    static const struct tb_elem a[] = {{0x1FF07800, 32, 1}};
    static const struct tb_elem b[] = {{0x1FF07810, 32, 9}};
    static const struct tb_elem flash[] = {{0x08000000, 0x100, 0}};
    static const struct tb_target t[] = {
        {2, "OTP Memory", a, 1}, {0, "Internal Flash", flash, 1}, {2, "OTP again", b, 1}};
    (void)state;
    expect(t, 3, "overlap", E2D_SEV_ERROR, 0x1FF07810,
           "target 2 element 0 (0x1FF07810-0x1FF0782F) overlaps target 0 element 0 "
           "(0x1FF07800-0x1FF0781F): dfu-util writes those bytes twice, the second time over data");
}

/* Faults that break any device are found without -d or -m. */
static void structural_faults_without_a_map(void **state)
{
    static const struct tb_elem e[] = {{0x08000100, 0x10, 0}, {0x08000000, 0, 0},
                                       {0x08000000, 0x20, 0}, {0x08000108, 8, 0},
                                       {0xFFFFFFF8, 16, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 5}};
    static const char *const codes[] = {"zero-length", "not-ascending", "overlap", "wraps-4gib"};
    struct e2d_findings out;
    (void)state;

    diagnose_with(NULL, t, 1, &out);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!find(&out, codes[i]))
            fail_msg("no %s finding without a map", codes[i]);
    assert_string_equal(find(&out, "wraps-4gib")->msg,
                        "target 0 element 4 (0xFFFFFFF8, 16 bytes) runs past the end of the "
                        "4 GiB address space");
    /* Nothing that needs a map. */
    assert_null(find(&out, "outside-memory"));
    assert_null(find(&out, "erased-not-written"));
    e2d_findings_free(&out);
}

static void element_coming_back_to_an_erased_sector(void **state)
{
    /* Sector 0, then sector 1, then sector 0 again: dfu-util erases sector 0
     * a second time and the first element's bytes are gone. */
    static const struct tb_elem e[] = {{0x08000000, 0x100, 0}, {0x08004000, 0x100, 0},
                                       {0x08000200, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 3}};
    (void)state;
    expect(t, 1, "erased-again", E2D_SEV_ERROR, 0x08000200,
           "element 2 comes back to sector 0 (0x08000000), erased earlier: dfu-util erases it "
           "again and the 256 bytes written there are lost");
}

static void small_pages_inside_a_chunk(void **state)
{
    /* 1 KiB pages: one 2 KiB chunk at 0x08000200 touches pages 0, 1 and 2;
     * dfu-util erases all three, so coming back to page 1 loses data. */
    static const struct tb_elem e[] = {{0x08000200, 0x800, 0}, {0x08000600, 8, 0}};
    static const struct tb_target t[] = {{0, "Flash", e, 2}};
    struct e2d_error err;
    (void)state;

    e2d_memmap_free(&map);
    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, "@Flash /0x08000000/8*1Kg", 8, &err), E2D_OK);
    expect(t, 1, "erased-again", E2D_SEV_ERROR, 0x08000600,
           "element 1 comes back to sector 1 (0x08000400), erased earlier: dfu-util erases it "
           "again and the 1024 bytes written there are lost");
}

static void misaligned_element(void **state)
{
    static const struct tb_elem e[] = {{0x08000003, 0x101, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 1}};
    (void)state;
    expect(t, 1, "misaligned", E2D_SEV_ERROR, 0x08000003,
           "element 0 (0x08000003, 257 bytes): start and length must be multiples of the 8-byte "
           "write unit");
}

static void shared_sector(void **state)
{
    static const struct tb_elem e[] = {{0x08000000, 0x100, 0}, {0x08001000, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 2}};
    (void)state;
    expect(t, 1, "shared-sector", E2D_SEV_WARNING, 0x08001000,
           "elements 0 and 1 share sector 0 (0x08000000): a tool that erases per element loses "
           "the first one");
}

static void outside_the_map(void **state)
{
    static const struct tb_elem e[] = {{0x08080000, 0x100, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 1}};
    static const struct tb_target bad_alt[] = {{7, "Other", e, 1}};
    (void)state;
    expect(t, 1, "outside-memory", E2D_SEV_ERROR, 0x08080000,
           "element 0 (0x08080000-0x080800FF) is outside Internal Flash (0x08000000-0x0807FFFF)");
    {
        struct e2d_findings out;
        diagnose(bad_alt, 1, &out);
        assert_non_null(find(&out, "unknown-alt"));
        assert_string_equal(find(&out, "unknown-alt")->msg,
                            "target 0 is for alternate setting 7, which the device does not have "
                            "(dfu-util skips it)");
        e2d_findings_free(&out);
    }
}

static void zero_length_element(void **state)
{
    static const struct tb_elem e[] = {{0x08000000, 0, 0}};
    static const struct tb_target t[] = {{0, "Internal Flash", e, 1}};
    (void)state;
    expect(t, 1, "zero-length", E2D_SEV_ERROR, 0x08000000,
           "target 0 element 0 is empty: dfu-util fails on it");
}

static void option_bytes_not_last_and_rdp2(void **state)
{
    static const struct tb_elem flash[] = {{0x08000000, 0x100, 0}};
    /* Payload bytes are byte, byte+1 ...: starting at 0xCB puts 0xCC at +1. */
    static const struct tb_elem opt[] = {{0x1FFF0000, 16, 0xCB}};
    static const struct tb_target t[] = {{1, "Option Bytes", opt, 1}, {0, "Internal Flash", flash, 1}};
    (void)state;
    expect(t, 2, "option-bytes-not-last", E2D_SEV_ERROR, 0x1FFF0000,
           "option bytes are target 0 of 2: writing them resets the device, so the targets after "
           "them are never written");
    expect(t, 2, "rdp2", E2D_SEV_ERROR, 0x1FFF0001,
           "sets read-out protection level 2 (0xCC): the chip can never be flashed or debugged again");
}

static void otp_lock_byte(void **state)
{
    static const struct tb_elem otp[] = {{0x1FF07A00, 8, 0xFE}};
    static const struct tb_target t[] = {{2, "OTP Memory", otp, 1}};
    struct e2d_findings out;
    (void)state;

    expect(t, 1, "otp-lock", E2D_SEV_WARNING, 0x1FF07A00,
           "writes OTP lock byte 0xFE: block 0 (0x1FF07800) can never be written again");
    diagnose(t, 1, &out);
    /* 0xFE, then 0xFF (harmless), then 0x00, 0x01 ...: blocks 0, 2-7 locked. */
    assert_int_equal(e2d_findings_count(&out, E2D_SEV_WARNING), 7);
    e2d_findings_free(&out);
}

/* The planner's invariants, checked by the diagnosis: plan, write, read back. */
static void planner_output_is_clean(void **state)
{
    static uint8_t payload[0x30000];
    static const struct {
        uint32_t addr, size;
    } cases[][4] = {
        {{0x08000000, 0x1234}, {0x08003FFD, 9}, {0x08060001, 3}, {0, 0}},
        {{0x08000001, 1}, {0x08000002, 1}, {0x08004000, 0x20000}, {0x1FF07800, 33}},
        {{0x08010000, 0x10000}, {0x08020005, 0x1FFF0}, {0x1FFF0000, 16}, {0x1FF07A0F, 1}},
        {{0x00200000, 100}, {0x08004000, 100}, {0x0807FFF8, 8}, {0, 0}},
    };
    (void)state;

    memset(payload, 0x5A, sizeof payload);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct e2d_image img;
        struct e2d_plan plan;
        struct e2d_plan_options opts;
        struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
        struct tb_buf b = {0};
        struct e2d_dfuse_file f;
        struct e2d_findings out;
        struct e2d_error err;

        e2d_image_init(&img);
        e2d_plan_options_init(&opts);
        for (size_t i = 0; i < 4 && cases[c][i].size; i++)
            assert_int_equal(e2d_image_add(&img, cases[c][i].addr, cases[c][i].size, payload, "s", &err),
                             E2D_OK);
        assert_int_equal(e2d_plan_build(&plan, &img, &map, &opts, &err), E2D_OK);
        assert_int_equal(e2d_dfuse_write(&plan, &ids, tb_sink, &b, &err), E2D_OK);
        assert_int_equal(e2d_dfuse_read(&f, b.data, b.len, &err), E2D_OK);
        assert_int_equal(f.findings.count, 0);
        e2d_findings_init(&out);
        assert_int_equal(e2d_diagnose(&f, &map, &out, &err), E2D_OK);
        for (size_t i = 0; i < out.count; i++)
            /* otp-lock is about what the firmware asks for (case 2 locks
             * block 15 on purpose), not about placement. */
            if (out.v[i].severity >= E2D_SEV_WARNING && strcmp(out.v[i].code, "otp-lock") != 0)
                fail_msg("case %zu: %s: %s", c, out.v[i].code, out.v[i].msg);
        e2d_findings_free(&out);
        e2d_dfuse_file_free(&f);
        e2d_plan_free(&plan);
        e2d_image_free(&img);
        free(b.data);
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(clean_file_has_only_notes),
        T(unsorted_elements),
        T(overlapping_elements),
        T(overlap_across_targets_of_one_alt),
        T(structural_faults_without_a_map),
        T(element_coming_back_to_an_erased_sector),
        T(small_pages_inside_a_chunk),
        T(misaligned_element),
        T(shared_sector),
        T(outside_the_map),
        T(zero_length_element),
        T(option_bytes_not_last_and_rdp2),
        T(otp_lock_byte),
        T(planner_output_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
