/* SPDX-License-Identifier: BSD-2-Clause */
/* DfuSe reader: round trip with the writer, other tools' conventions, and
 * one exact message for each broken field. */
#include "dfubuild.h"

#include <elf2dfu/dfuse.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static const struct tb_elem flash_elems[] = {{0x08000000, 16, 1}, {0x08004000, 8, 2}};
static const struct tb_elem otp_elems[] = {{0x1FF07800, 32, 3}};
static const struct tb_target base[] = {
    {0, "Internal Flash", flash_elems, 2},
    {2, "OTP Memory", otp_elems, 1},
};

/* Offsets in the base file. */
enum {
    T0 = 11,
    T0E0 = T0 + 274,
    T0E1 = T0E0 + 8 + 16,
    T1 = T0E1 + 8 + 8,
    T1E0 = T1 + 274,
    SUFFIX = T1E0 + 8 + 32,
    LEN = SUFFIX + 16,
};

static uint8_t *base_file(size_t *len)
{
    uint8_t *f = tb_build(base, 2, len);
    assert_int_equal(*len, LEN);
    return f;
}

static void round_trips(void **state)
{
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = base_file(&len);
    (void)state;

    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_OK);
    assert_int_equal(f.findings.count, 0);
    assert_int_equal(f.ntargets, 2);
    assert_int_equal(f.targets[0].alt, 0);
    assert_true(f.targets[0].named);
    assert_string_equal(f.targets[0].name, "Internal Flash");
    assert_int_equal(f.targets[0].nelements, 2);
    assert_int_equal(f.targets[1].alt, 2);
    assert_int_equal(f.nelements, 3);
    assert_int_equal(f.elements[1].span.addr, 0x08004000);
    assert_int_equal(f.elements[1].span.size, 8);
    assert_ptr_equal(f.elements[1].span.data, buf + T0E1 + 8); /* not copied */
    assert_int_equal(f.elements[2].span.data[0], 3);
    assert_int_equal(f.ids.vid, 0x0483);
    assert_int_equal(f.ids.pid, 0xDF11);
    assert_int_equal(f.crc_stored, f.crc_computed);
    e2d_dfuse_file_free(&f);
    free(buf);
}

static void accepts_other_tools_conventions(void **state)
{
    static const struct tb_target same_alt[] = {
        {0, NULL, flash_elems, 1},
        {0, "Second", flash_elems + 1, 1},
    };
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = base_file(&len);
    (void)state;

    /* DFUImageSize counting the suffix, as ST's tools and dfuse-pack write it. */
    tb_put32(buf + 6, LEN);
    /* bTargetNamed spelled 0x01000000. */
    tb_put32(buf + T0 + 7, 0x01000000);
    tb_fix_crc(buf, len);
    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_OK);
    assert_int_equal(f.findings.count, 0);
    assert_true(f.targets[0].named);
    e2d_dfuse_file_free(&f);
    free(buf);

    buf = tb_build(same_alt, 2, &len);
    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_OK);
    assert_int_equal(f.findings.count, 0);
    assert_false(f.targets[0].named);
    assert_string_equal(f.targets[0].name, "");
    assert_int_equal(f.targets[1].alt, 0);
    e2d_dfuse_file_free(&f);
    free(buf);
}

/* The DFU spec lets the suffix grow (bLength > 16); dfu-util and fwupd
 * then end the firmware where the longer suffix begins. */
static void accepts_a_longer_suffix(void **state)
{
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = base_file(&len), *longer = malloc(LEN + 1);
    (void)state;

    assert_non_null(longer);
    memcpy(longer, buf, SUFFIX);
    longer[SUFFIX] = 0xEE; /* the suffix's extra byte */
    memcpy(longer + SUFFIX + 1, buf + SUFFIX, 16);
    longer[LEN + 1 - 5] = 17;
    tb_fix_crc(longer, LEN + 1);
    assert_int_equal(e2d_dfuse_read(&f, longer, LEN + 1, &err), E2D_OK);
    assert_int_equal(f.suffix_size, 17);
    assert_int_equal(f.ntargets, 2);
    assert_int_equal(f.nelements, 3);
    assert_int_equal(f.findings.count, 1);
    assert_string_equal(f.findings.v[0].code, "suffix-length");
    assert_int_equal(f.findings.v[0].severity, E2D_SEV_WARNING);
    e2d_dfuse_file_free(&f);
    free(longer);
    free(buf);
}

struct broken {
    const char *what;
    size_t offset;  /* field to change */
    unsigned width; /* 1 or 4 bytes; 0: truncate the file to offset */
    uint32_t value;
    bool fix_crc;
    enum e2d_status status;
    const char *code; /* expected finding when status is E2D_OK */
    const char *msg;
};

static const struct broken cases[] = {
    {"prefix signature", 0, 1, 'X', true, E2D_ERR_FORMAT, NULL,
     "offset 0: signature is \"XfuSe\", expected \"DfuSe\" (not a DfuSe file)"},
    {"bVersion", 5, 1, 2, true, E2D_OK, "version", "bVersion is 2, expected 1"},
    {"DFUImageSize", 6, 4, 1000, true, E2D_OK, "image-size",
     "DFUImageSize is 1000, expected 639 (the file size without the suffix)"},
    {"bTargets too many", 10, 1, 3, true, E2D_ERR_FORMAT, NULL,
     "offset 639: target 2: its 274-byte prefix runs into the suffix (0 bytes left)"},
    {"bTargets too few", 10, 1, 1, true, E2D_OK, "target-count", "bTargets is 1, but 2 targets follow"},
    {"bTargets zero", 10, 1, 0, true, E2D_OK, "target-count", "bTargets is 0, but 2 targets follow"},
    {"target signature", T0 + 5, 1, 'X', true, E2D_ERR_FORMAT, NULL,
     "offset 11: target 0: signature is \"TargeX\", expected \"Target\""},
    {"second target signature", T1, 1, 't', true, E2D_ERR_FORMAT, NULL,
     "offset 325: target 1: signature is \"target\", expected \"Target\""},
    {"dwTargetSize", T0 + 266, 4, 99, true, E2D_OK, "target-size",
     "target 0: dwTargetSize is 99, expected 40 (its elements' sizes plus 8 bytes each)"},
    {"dwNbElements huge", T0 + 270, 4, 0xFFFFFFFF, true, E2D_ERR_FORMAT, NULL,
     "offset 281: target 0: dwNbElements is 4294967295, but only 354 bytes remain before the suffix"},
    {"dwNbElements short", T0 + 270, 4, 1, true, E2D_ERR_FORMAT, NULL,
     "offset 309: target 1: signature is \"\\x00@\\x00\\x08\\x08\\x00\", expected \"Target\""},
    {"dwElementSize too big", T0E0 + 4, 4, 0x10000, true, E2D_ERR_FORMAT, NULL,
     "offset 289: target 0, element 0: dwElementSize is 65536, but only 346 bytes remain before "
     "the suffix"},
    {"dwElementSize 4 GiB", T1E0 + 4, 4, 0xFFFFFFFF, true, E2D_ERR_FORMAT, NULL,
     "offset 603: target 1, element 0: dwElementSize is 4294967295, but only 32 bytes remain "
     "before the suffix"},
    {"bcdDFU", SUFFIX + 6, 1, 0x00, true, E2D_OK, "bcd-dfu",
     "bcdDFU is 0x0100, expected 0x011A (dfu-util refuses the file)"},
    {"suffix signature", SUFFIX + 9, 1, 'X', true, E2D_ERR_FORMAT, NULL,
     "offset 647: DFU suffix signature is \"UXD\", expected \"UFD\" (is the suffix missing?)"},
    {"bLength short", SUFFIX + 11, 1, 15, true, E2D_ERR_FORMAT, NULL,
     "offset 650: bLength is 15, expected 16"},
    {"CRC", SUFFIX + 12, 1, 0x00, false, E2D_OK, "crc", NULL},
    {"payload byte", T0E0 + 8, 1, 0xAA, false, E2D_OK, "crc", NULL},
    {"truncated to nothing", 0, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "0 bytes: too short for a DfuSe file (at least 27)"},
    {"truncated in prefix", 5, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "5 bytes: too short for a DfuSe file (at least 27)"},
    {"truncated after prefix", 11, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "11 bytes: too short for a DfuSe file (at least 27)"},
    {"truncated in target prefix", T0 + 100, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "offset 103: DFU suffix signature is \"\\x00\\x00\\x00\", expected \"UFD\" (is the suffix missing?)"},
    {"truncated after target prefix", T0E0, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "offset 277: DFU suffix signature is \"(\\x00\\x00\", expected \"UFD\" (is the suffix missing?)"},
    {"truncated in element", T0E0 + 12, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "offset 289: DFU suffix signature is \"\\x10\\x00\\x00\", expected \"UFD\" (is the suffix missing?)"},
    {"truncated before suffix", SUFFIX, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "offset 631: DFU suffix signature is \"\\x1b\\x1c\\x1d\", expected \"UFD\" (is the suffix missing?)"},
    {"truncated in suffix", SUFFIX + 8, 0, 0, false, E2D_ERR_FORMAT, NULL,
     "offset 639: DFU suffix signature is \"\\xff\\xff\\x11\", expected \"UFD\" (is the suffix missing?)"},
};

static void expect_msg(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("%s:\n  got      %s\n  expected %s", what, got, want);
}

static void one_message_per_broken_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct broken *c = &cases[i];
        struct e2d_dfuse_file f;
        struct e2d_error err = {0};
        size_t len;
        uint8_t *buf = base_file(&len);
        enum e2d_status st;

        if (c->width == 0)
            len = c->offset;
        else if (c->width == 1)
            buf[c->offset] = (uint8_t)c->value;
        else
            tb_put32(buf + c->offset, c->value);
        if (c->fix_crc)
            tb_fix_crc(buf, len);
        st = e2d_dfuse_read(&f, buf, len, &err);
        if (st != c->status)
            fail_msg("%s: status %d, expected %d (%s)", c->what, st, c->status, err.msg);
        if (st != E2D_OK) {
            expect_msg(c->what, err.msg, c->msg);
        } else {
            if (f.findings.count != 1)
                fail_msg("%s: %zu findings, expected 1", c->what, f.findings.count);
            assert_string_equal(f.findings.v[0].code, c->code);
            assert_int_equal(f.findings.v[0].severity, E2D_SEV_ERROR);
            if (c->msg)
                expect_msg(c->what, f.findings.v[0].msg, c->msg);
            else
                assert_non_null(strstr(f.findings.v[0].msg, "dwCRC is 0x"));
        }
        e2d_dfuse_file_free(&f);
        free(buf);
    }
}

static void reports_trailing_bytes(void **state)
{
    struct e2d_dfuse_file f;
    struct e2d_error err;
    size_t len;
    uint8_t *buf = base_file(&len), *big = malloc(LEN + 5);
    (void)state;

    memcpy(big, buf, SUFFIX);
    memset(big + SUFFIX, 0xEE, 5);
    memcpy(big + SUFFIX + 5, buf + SUFFIX, 16);
    tb_put32(big + 6, SUFFIX + 5);
    tb_fix_crc(big, LEN + 5);
    assert_int_equal(e2d_dfuse_read(&f, big, LEN + 5, &err), E2D_OK);
    assert_int_equal(f.findings.count, 1);
    assert_string_equal(f.findings.v[0].code, "trailing-data");
    assert_string_equal(f.findings.v[0].msg, "5 unexpected bytes between the last element and the suffix");
    assert_int_equal(f.findings.v[0].offset, SUFFIX);
    e2d_dfuse_file_free(&f);
    free(buf);
    free(big);
}

static void refuses_more_than_255_targets(void **state)
{
    enum { N = 256 };
    size_t len = 11 + N * 274 + 16;
    uint8_t *buf = calloc(1, len);
    struct e2d_dfuse_file f;
    struct e2d_error err;
    (void)state;

    memcpy(buf, "DfuSe\x01", 6);
    tb_put32(buf + 6, (uint32_t)(len - 16));
    buf[10] = (uint8_t)N; /* wraps to 0: the count cannot be written */
    for (size_t t = 0; t < N; t++)
        memcpy(buf + 11 + t * 274, "Target", 6);
    memcpy(buf + len - 16, "\xff\xff\x11\xdf\x83\x04\x1a\x01UFD\x10", 12);
    tb_fix_crc(buf, len);
    assert_int_equal(e2d_dfuse_read(&f, buf, len, &err), E2D_ERR_LIMIT);
    assert_string_equal(err.msg, "offset 69881: more than 255 targets: DfuSe counts them in one byte");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trips),
        cmocka_unit_test(accepts_other_tools_conventions),
        cmocka_unit_test(accepts_a_longer_suffix),
        cmocka_unit_test(one_message_per_broken_field),
        cmocka_unit_test(reports_trailing_bytes),
        cmocka_unit_test(refuses_more_than_255_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
