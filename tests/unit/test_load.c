/* SPDX-License-Identifier: BSD-2-Clause */
/* The loader seam: probing, Intel HEX and S-record records, raw binaries,
 * and the rule that a byte given twice must agree. */
#include <elf2dfu/load.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static enum e2d_status load_with(const char *text, size_t len, const struct e2d_load_options *o,
                                 struct e2d_image *img, struct e2d_error *err)
{
    struct e2d_source *src = NULL;
    enum e2d_status st = e2d_source_load(&src, (const uint8_t *)text, len, o, img, err);

    e2d_source_close(src);
    return st;
}

static enum e2d_status load_n(const char *text, size_t len, enum e2d_format format,
                              struct e2d_image *img, struct e2d_error *err)
{
    struct e2d_load_options o;

    e2d_load_options_init(&o);
    o.format = format;
    return load_with(text, len, &o, img, err);
}

static enum e2d_status load(const char *text, enum e2d_format format, struct e2d_image *img,
                            struct e2d_error *err)
{
    return load_n(text, strlen(text), format, img, err);
}

static void probes_by_content(void **state)
{
    (void)state;
    assert_int_equal(e2d_format_probe((const uint8_t *)"\177ELF\1\1\1", 7), E2D_FORMAT_ELF);
    assert_int_equal(e2d_format_probe((const uint8_t *)"!<arch>\n", 8), E2D_FORMAT_ELF);
    assert_int_equal(e2d_format_probe((const uint8_t *)"DfuSe\1", 6), E2D_FORMAT_DFUSE);
    assert_int_equal(e2d_format_probe((const uint8_t *)"\r\n\n:10000000", 12), E2D_FORMAT_IHEX);
    assert_int_equal(e2d_format_probe((const uint8_t *)"S00F0000", 8), E2D_FORMAT_SREC);
    assert_int_equal(e2d_format_probe((const uint8_t *)":X", 2), E2D_FORMAT_UNKNOWN);
    assert_int_equal(e2d_format_probe((const uint8_t *)"SX", 2), E2D_FORMAT_UNKNOWN);
    assert_int_equal(e2d_format_probe((const uint8_t *)"\0\0\x04\x20", 4), E2D_FORMAT_UNKNOWN);
}

static void format_names(void **state)
{
    enum e2d_format f;
    (void)state;
    assert_true(e2d_format_parse("HEX", &f));
    assert_int_equal(f, E2D_FORMAT_IHEX);
    assert_true(e2d_format_parse("s19", &f));
    assert_int_equal(f, E2D_FORMAT_SREC);
    assert_false(e2d_format_parse("coff", &f));
    assert_string_equal(e2d_format_name(E2D_FORMAT_SREC), "S-record");
    /* The machine names are the ones --format takes. */
    for (enum e2d_format g = E2D_FORMAT_ELF; g <= E2D_FORMAT_BIN; g++) {
        assert_true(e2d_format_parse(e2d_format_key(g), &f));
        assert_int_equal(f, g);
    }
    assert_string_equal(e2d_format_key(E2D_FORMAT_DFUSE), "dfuse");
}

/* Adjacent records are one segment; the addressing records move it. */
static void intel_hex_records(void **state)
{
    struct e2d_image img;
    struct e2d_error err;
    (void)state;

    e2d_image_init(&img);
    assert_int_equal(load(":020000040800F2\n"
                          ":0400000001020304F2\n"
                          ":0400040005060708DE\n"
                          ":0400000508000045AA\n"
                          ":020000021000EC\n"
                          ":02000000AABB99\n"
                          ":00000001FF\n",
                          E2D_FORMAT_AUTO, &img, &err),
                     E2D_OK);
    assert_int_equal(img.count, 2);
    /* Sorted: 02 record data at 0x10000 comes first. */
    assert_int_equal(img.segs[0].addr, 0x10000);
    assert_int_equal(img.segs[0].size, 2);
    assert_int_equal(img.segs[1].addr, 0x08000000);
    assert_int_equal(img.segs[1].size, 8);
    assert_memory_equal(img.segs[1].data, "\1\2\3\4\5\6\7\x08", 8);
    assert_int_equal(img.segs[1].origin.line, 2);
    assert_true(img.has_entry);
    assert_int_equal(img.entry, 0x08000045);
    e2d_image_free(&img);
}

/* A record that crosses the end of a 64 KiB segment wraps in it (02). */
static void segment_addresses_wrap(void **state)
{
    struct e2d_image img;
    struct e2d_error err;
    (void)state;

    e2d_image_init(&img);
    assert_int_equal(load(":020000021000EC\n:04FFFE0001020304F5\n:00000001FF\n", E2D_FORMAT_IHEX,
                          &img, &err),
                     E2D_OK);
    assert_int_equal(img.count, 2);
    assert_int_equal(img.segs[0].addr, 0x10000);
    assert_int_equal(img.segs[0].size, 2);
    assert_int_equal(img.segs[1].addr, 0x1FFFE);
    e2d_image_free(&img);
}

/* Overlaps within one file: equal bytes are taken once, even when the
 * earlier segments were already trimmed (found by fuzz_srec). */
static void repeated_bytes_must_agree(void **state)
{
    struct e2d_image img;
    struct e2d_error err;
    (void)state;

    e2d_image_init(&img);
    /* [0,10), [5,20), [8,12): all agree. */
    assert_int_equal(load("S10D000000010203040506070809C5\n"
                          "S1120005050607080900000000000000000000C5\n"
                          "S107000808090000DF\n"
                          "S9030000FC\n",
                          E2D_FORMAT_SREC, &img, &err),
                     E2D_OK);
    assert_int_equal(img.count, 2);
    assert_int_equal(img.segs[0].addr, 0);
    assert_int_equal(img.segs[0].size, 10);
    assert_int_equal(img.segs[1].addr, 10);
    assert_int_equal(img.segs[1].size, 10);
    e2d_image_free(&img);

    e2d_image_init(&img);
    assert_int_equal(load("S10D000000010203040506070809C5\n"
                          "S107000808FF0000E9\n"
                          "S9030000FC\n",
                          E2D_FORMAT_SREC, &img, &err),
                     E2D_ERR_FORMAT);
    assert_string_equal(err.msg, "line 2: the records from here write 0xFF at 0x00000009, where "
                                 "those from line 1 wrote 0x09: the file contradicts itself; "
                                 "regenerate it");
    assert_int_equal(err.line, 2);
    e2d_image_free(&img);
}

static enum e2d_status load_halves(const char *text, uint64_t parallel_min,
                                   struct e2d_image *img, struct e2d_error *err)
{
    struct e2d_load_options o;

    e2d_load_options_init(&o);
    o.parallel_min = parallel_min;
    return load_with(text, strlen(text), &o, img, err);
}

/* Parsed in two halves (parallel_min below the size), a text gives what it
 * gives in one piece: the address record in force where the halves meet,
 * an S5 count across them, and faults worded as in one piece. */
static void halves_give_what_one_piece_gives(void **state)
{
    static const char *const texts[] = {
        /* 04 before the split, data after it */
        (":020000040800F2\n:0400000001020304F2\n:0400040005060708DE\n:0400080009090909D0\n"
         ":04000C000A0A0A0AC8\n:00000001FF\n"),
        /* two S-records, then S5 counting both, after the split */
        "S0030000FC\nS107000001020304EE\nS107000405060708DA\nS5030002FA\nS9030000FC\n",
        /* S5 that counts wrong, in the second half */
        "S0030000FC\nS107000001020304EE\nS107000405060708DA\nS5030003F9\nS9030000FC\n",
        /* end of file in the first half, data in the second */
        ":0400000001020304F2\n:00000001FF\n:0400040005060708DE\n:0400080009090909D0\n",
    };
    (void)state;

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct e2d_image one, two;
        struct e2d_error e1 = {0}, e2 = {0};
        enum e2d_status s1, s2;

        e2d_image_init(&one);
        e2d_image_init(&two);
        s1 = load_halves(texts[i], UINT64_MAX, &one, &e1);
        s2 = load_halves(texts[i], 2, &two, &e2);
        assert_int_equal(s1, s2);
        assert_string_equal(e1.msg, e2.msg);
        if (s1 == E2D_OK) {
            uint64_t n1 = 0, n2 = 0;
            for (size_t k = 0; k < one.count; k++)
                n1 += one.segs[k].size;
            for (size_t k = 0; k < two.count; k++)
                n2 += two.segs[k].size;
            assert_int_equal(n1, n2);
            assert_int_equal(one.segs[0].addr, two.segs[0].addr);
        }
        e2d_image_free(&one);
        e2d_image_free(&two);
    }
}

/* One data record of n bytes at address 0 and the end record, as Intel
 * HEX or S-record (S1); upper or lower case digits. */
static size_t data_record(char *out, size_t cap, bool srec, const uint8_t *data, size_t n,
                          bool lower)
{
    const char *fmt = lower ? "%02x" : "%02X";
    unsigned sum = srec ? (unsigned)(n + 3) : (unsigned)n;
    size_t len = (size_t)snprintf(out, cap, srec ? "S1" : ":");

    len += (size_t)snprintf(out + len, cap - len, fmt, (unsigned)(srec ? n + 3 : n));
    len += (size_t)snprintf(out + len, cap - len, srec ? "0000" : "000000");
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(out + len, cap - len, fmt, data[i]);
        sum += data[i];
    }
    len += (size_t)snprintf(out + len, cap - len, fmt,
                            srec ? (unsigned)(~sum & 0xFF) : (unsigned)(-sum & 0xFF));
    len += (size_t)snprintf(out + len, cap - len, srec ? "\nS9030000FC\n" : "\n:00000001FF\n");
    return len;
}

/* The digit decoders work on several digits at once, then one by one:
 * every value decodes in every lane, and every byte that is not a hex
 * digit is refused in every column, also where the checksum still adds up
 * (0x10-0x19 have the low bits of '0'-'9'). */
static void digits_decode_in_every_lane(void **state)
{
    char text[256];
    uint8_t data[48];
    (void)state;

    for (int srec = 0; srec <= 1; srec++) {
        for (size_t n = 1; n <= 47; n++) {
            struct e2d_image img;
            struct e2d_error err;
            size_t len;

            for (size_t i = 0; i < n; i++)
                data[i] = (uint8_t)(i * 37 + n * 11);
            len = data_record(text, sizeof text, srec, data, n, n % 2);
            e2d_image_init(&img);
            assert_int_equal(load_n(text, len, E2D_FORMAT_AUTO, &img, &err), E2D_OK);
            assert_int_equal(img.count, 1);
            assert_int_equal(img.segs[0].size, n);
            assert_memory_equal(img.segs[0].data, data, n);
            e2d_image_free(&img);
        }
        /* Digits start after ':' or "S1"; the record line ends before '\n'. */
        for (size_t pos = srec ? 2 : 1;; pos++) {
            size_t len = data_record(text, sizeof text, srec, data, 47, false);

            if (text[pos] == '\n')
                break;
            for (unsigned c = 0; c < 256; c++) {
                struct e2d_image img;
                struct e2d_error err;
                char saved = text[pos];

                if (isxdigit((int)c))
                    continue;
                text[pos] = (char)c;
                e2d_image_init(&img);
                if (load_n(text, len, E2D_FORMAT_AUTO, &img, &err) == E2D_OK)
                    fail_msg("%s: byte 0x%02X in column %zu accepted", srec ? "S-record" : "HEX",
                             c, pos + 1);
                e2d_image_free(&img);
                text[pos] = saved;
            }
        }
    }
}

static void raw_binaries_need_an_address(void **state)
{
    static const uint8_t bytes[4] = {1, 2, 3, 4};
    struct e2d_load_options o;
    struct e2d_source *src = NULL;
    struct e2d_image img;
    struct e2d_error err;
    char buf[64];
    (void)state;

    e2d_image_init(&img);
    e2d_load_options_init(&o);
    o.format = E2D_FORMAT_BIN;
    assert_int_equal(e2d_source_load(&src, bytes, 4, &o, &img, &err), E2D_ERR_ARG);
    o.has_addr = true;
    o.addr = 0xFFFFFFFE;
    assert_int_equal(e2d_source_load(&src, bytes, 4, &o, &img, &err), E2D_ERR_FORMAT);
    o.addr = 0x08000000;
    o.name = "cal.bin";
    assert_int_equal(e2d_source_load(&src, bytes, 4, &o, &img, &err), E2D_OK);
    assert_int_equal(e2d_source_format(src), E2D_FORMAT_BIN);
    /* Borrowed, not copied; named by the file alone. */
    assert_ptr_equal(img.segs[0].data, bytes);
    assert_string_equal(e2d_origin_str(&img.segs[0].origin, buf, sizeof buf), "cal.bin");
    e2d_source_close(src);
    e2d_image_free(&img);
}

static void origins_name_file_and_line(void **state)
{
    struct e2d_origin o = {.file = "boot.hex", .line = 12, .index = E2D_NO_INDEX};
    char buf[64], tiny[9];
    (void)state;

    assert_string_equal(e2d_origin_str(&o, buf, sizeof buf), "boot.hex line 12");
    o = (struct e2d_origin){.file = "a.elf", .first = ".text", .nnames = 1, .index = 0};
    assert_string_equal(e2d_origin_str(&o, buf, sizeof buf), "a.elf segment 0 (.text)");
    /* Cut to the buffer, always terminated. */
    o = (struct e2d_origin){.file = "longname.hex", .line = 1, .index = E2D_NO_INDEX};
    assert_string_equal(e2d_origin_str(&o, tiny, sizeof tiny), "longname");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(probes_by_content),
        cmocka_unit_test(format_names),
        cmocka_unit_test(intel_hex_records),
        cmocka_unit_test(segment_addresses_wrap),
        cmocka_unit_test(repeated_bytes_must_agree),
        cmocka_unit_test(halves_give_what_one_piece_gives),
        cmocka_unit_test(digits_decode_in_every_lane),
        cmocka_unit_test(raw_binaries_need_an_address),
        cmocka_unit_test(origins_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
