/* SPDX-License-Identifier: BSD-2-Clause */
/* Layout-string parsing and sector lookup. */
#include <elf2dfu/device.h>
#include <elf2dfu/memmap.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <string.h>

#define F722_FLASH "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,03*128Kg"

static void parses_f722_flash(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, F722_FLASH, 8, &err), E2D_OK);
    assert_int_equal(map.count, 1);
    assert_string_equal(map.alts[0].name, "Internal Flash");
    assert_int_equal(map.alts[0].kind, E2D_KIND_FLASH);
    assert_int_equal(map.alts[0].nruns, 3);
    assert_int_equal(map.alts[0].runs[0].start, 0x08000000);
    assert_int_equal(map.alts[0].runs[0].count, 4);
    assert_int_equal(map.alts[0].runs[0].size, 16 * 1024);
    assert_int_equal(map.alts[0].runs[0].type, 7);
    assert_int_equal(map.alts[0].runs[1].start, 0x08010000);
    assert_int_equal(map.alts[0].runs[2].start, 0x08020000);
    assert_int_equal(map.alts[0].runs[2].size, 128 * 1024);
    assert_int_equal(e2d_alt_end(&map.alts[0]), 0x08080000);
    e2d_memmap_free(&map);
}

static void parses_option_otp_and_units(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, "@Option Bytes  /0x1FFF0000/01*048 e", 8, &err),
                     E2D_OK);
    assert_int_equal(e2d_memmap_add_layout(&map, "@OTP Memory /0x1FF07800/01*528e", 8, &err),
                     E2D_OK);
    assert_int_equal(e2d_memmap_add_layout(&map, "@Ext /0x90000000/2*1Mg/0x90400000/4*512Bg", 8,
                                           &err),
                     E2D_OK);
    assert_int_equal(map.alts[0].kind, E2D_KIND_OPTION);
    assert_int_equal(map.alts[0].runs[0].size, 48);
    assert_int_equal(map.alts[0].runs[0].type, 5);
    /* Where the RDP byte is, is device knowledge: not the parser's. */
    assert_int_equal(map.alts[0].rdp, E2D_RDP_UNKNOWN);
    assert_int_equal(map.alts[1].kind, E2D_KIND_OTP);
    assert_int_equal(map.alts[1].runs[0].size, 528);
    assert_int_equal(map.alts[2].nruns, 2);
    assert_int_equal(map.alts[2].runs[0].size, 1024 * 1024);
    assert_int_equal(map.alts[2].runs[1].start, 0x90400000);
    assert_int_equal(map.alts[2].runs[1].size, 512);
    e2d_memmap_free(&map);
}

static void finds_sectors(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    struct e2d_sector s;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, F722_FLASH, 8, &err), E2D_OK);
    assert_true(e2d_alt_find_sector(&map.alts[0], 0x08000000, &s));
    assert_int_equal(s.index, 0);
    assert_true(e2d_alt_find_sector(&map.alts[0], 0x0800FFFF, &s));
    assert_int_equal(s.index, 3);
    assert_int_equal(s.start, 0x0800C000);
    assert_true(e2d_alt_find_sector(&map.alts[0], 0x08010000, &s));
    assert_int_equal(s.index, 4);
    assert_int_equal(s.size, 0x10000);
    assert_true(e2d_alt_find_sector(&map.alts[0], 0x0807FFFF, &s));
    assert_int_equal(s.index, 7);
    assert_int_equal(s.start, 0x08060000);
    assert_false(e2d_alt_find_sector(&map.alts[0], 0x08080000, &s));
    assert_false(e2d_alt_find_sector(&map.alts[0], 0x07FFFFFF, &s));
    assert_int_equal(e2d_alt_extent_end(&map.alts[0], 0x08001234, E2D_MEM_WRITABLE), 0x08080000);
    e2d_memmap_free(&map);
}

static void extent_stops_at_holes_and_readonly(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, "@F /0x08000000/2*1Kg,1*1Ka/0x08010000/1*1Kg", 8,
                                           &err),
                     E2D_OK);
    assert_int_equal(e2d_alt_extent_end(&map.alts[0], 0x08000000, E2D_MEM_WRITABLE), 0x08000800);
    assert_int_equal(e2d_alt_extent_end(&map.alts[0], 0x08000800, E2D_MEM_WRITABLE), 0);
    assert_int_equal(e2d_alt_extent_end(&map.alts[0], 0x08010000, E2D_MEM_WRITABLE), 0x08010400);
    e2d_memmap_free(&map);
}

struct bad_layout {
    const char *layout;
    const char *msg;
};

static const struct bad_layout bad_layouts[] = {
    {"", "layout string, column 1: expected '@' at the start"},
    {"Internal Flash/0x08000000/1*1Kg", "layout string, column 1: expected '@' at the start"},
    {"@Flash", "layout string: expected '/' after the name"},
    {"@ /0x08000000/1*1Kg", "layout string: the memory has no name"},
    {"@Flash/", "layout string, column 8: expected a hexadecimal address (0x...)"},
    {"@Flash/08000000/1*1Kg", "layout string, column 8: expected a hexadecimal address (0x...)"},
    {"@Flash/0x/1*1Kg", "layout string, column 10: expected an address"},
    {"@Flash/0x08000000", "layout string, column 18: expected '/' after the address"},
    {"@Flash/0x08000000/", "layout string, column 19: expected a sector count"},
    {"@Flash/0x08000000/1x1Kg", "layout string, column 20: expected '*' between sector count and size"},
    {"@Flash/0x08000000/1*Kg", "layout string, column 21: expected a sector size"},
    {"@Flash/0x08000000/1*1K", "layout string, column 23: expected a memory type letter a-g"},
    {"@Flash/0x08000000/1*1Kz", "layout string, column 23: expected a memory type letter a-g"},
    {"@Flash/0x08000000/0*1Kg", "layout string, column 19: the sector count must not be 0"},
    {"@Flash/0x08000000/1*0Kg", "layout string, column 21: the sector size must not be 0"},
    {"@Flash/0x08000000/1*1Kg,", "layout string, column 25: expected a sector count"},
    {"@Flash/0x08000000/1*1Kg junk", "layout string, column 25: unexpected 'j'"},
    {"@Flash/0x100000000/1*1Kg", "layout string, column 10: an address is larger than 32 bits"},
    {"@Flash/0xFFFFFC00/2*1Kg", "layout string, column 19: memory runs past the 4 GiB address space"},
    {"@Flash/0x08000000/99999*4096Mg",
     "layout string, column 19: memory runs past the 4 GiB address space"},
};

static void rejects_bad_layouts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_layouts / sizeof bad_layouts[0]; i++) {
        struct e2d_memmap map;
        struct e2d_error err;
        const char *col = strstr(bad_layouts[i].msg, "column ");
        e2d_memmap_init(&map);
        assert_int_equal(e2d_memmap_add_layout(&map, bad_layouts[i].layout, 8, &err), E2D_ERR_MAP);
        assert_string_equal(err.msg, bad_layouts[i].msg);
        /* The caret goes where the message says. */
        if (col)
            assert_int_equal(err.column, strtoul(col + 7, NULL, 10));
        assert_int_equal(map.count, 0);
        e2d_memmap_free(&map);
    }
}

/* What real bootloaders print: regions in any order (ST's own example),
 * 7-digit addresses, zero-padded counts, a blank before the type or the
 * count, a name with trailing blanks. */
static void accepts_what_bootloaders_print(void **state)
{
    static const char *const ok[] = {
        "@Flash /0xF000/1*4Ka/0xE000/1*4Kg/0x8000/2*24Kg",
        "@OTP Memory  /0x1FF7000/01*1024 e",
        "@Internal Flash  /0x08000000/0256*0002Kg",
        "@Internal Flash  /0x08000000/ 128*1Kg",
        "@Option Bytes  /0x1FFFC000/01*016 e/0x1FFEC000/01*016 e",
        "@Internal Flash  /0x08000000/1536*128g",
    };
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        e2d_memmap_init(&map);
        if (e2d_memmap_add_layout(&map, ok[i], 8, &err) != E2D_OK)
            fail_msg("%s: %s", ok[i], err.msg);
        e2d_memmap_free(&map);
    }
    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, ok[0], 8, &err), E2D_OK);
    assert_string_equal(map.alts[0].name, "Flash");
    assert_int_equal(map.alts[0].nruns, 3);
    /* 2*24K from 0x8000 reaches over 0xE000 and 0xF000, listed first: as
     * in dfu-util, a region listed earlier wins, and the sector of the
     * later one that overlaps it is not memory of its own. */
    assert_int_equal(map.alts[0].runs[0].start, 0x8000);
    assert_int_equal(map.alts[0].runs[0].count, 1);
    assert_int_equal(map.alts[0].runs[0].size, 24 * 1024);
    assert_int_equal(map.alts[0].runs[1].start, 0xE000);
    assert_int_equal(map.alts[0].runs[1].first_index, 1); /* indices in address order */
    assert_int_equal(map.alts[0].runs[2].start, 0xF000);
    assert_int_equal(map.alts[0].runs[2].type, 1);
    e2d_memmap_free(&map);
}

/* The STM32G0B1 ROM names three alts "Internal Flash" with one layout:
 * the repeats point at the first, whatever order they come in. */
static void repeated_alts(void **state)
{
    static const char g0[] = "@Internal Flash  /0x08000000/256*02Kg";
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_set_layout(&map, 2, g0, 8, &err), E2D_OK);
    assert_int_equal(e2d_memmap_set_layout(&map, 1, g0, 8, &err), E2D_OK);
    assert_int_equal(e2d_memmap_set_layout(&map, 0, g0, 8, &err), E2D_OK);
    assert_int_equal(map.alts[0].same_as, -1);
    assert_int_equal(map.alts[1].same_as, 0);
    assert_int_equal(map.alts[2].same_as, 0);
    assert_int_equal(e2d_memmap_alt_at(&map, 0x08001000), 0);
    assert_int_equal(e2d_memmap_set_layout(&map, 1, g0, 8, &err), E2D_ERR_MAP);
    assert_string_equal(err.msg, "alternate setting 1 is given twice");
    e2d_memmap_free(&map);
}

/* dfu-util -l as people paste it: banner, Runtime lines, alts from the
 * highest, CRLF. */
static void reads_a_dfu_util_listing(void **state)
{
    static const char text[] =
        "dfu-util 0.11\r\n\r\n"
        "Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.\r\n"
        "Found Runtime: [05ac:821a] ver=0042, devnum=7, cfg=1, intf=3, path=\"250-3\", alt=0, "
        "name=\"UNKNOWN\", serial=\"UNKNOWN\"\r\n"
        "Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path=\"250-3\", alt=2, "
        "name=\"@DATA Memory /0x08080000/2*3Ke\", serial=\"7FB4A4356231\"\r\n"
        "Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path=\"250-3\", alt=1, "
        "name=\"@Option Bytes  /0x1FF80000/01*032 e\", serial=\"7FB4A4356231\"\r\n"
        "Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path=\"250-3\", alt=0, "
        "name=\"@Internal Flash  /0x08000000/1536*128g\", serial=\"7FB4A4356231\"\r\n";
    struct e2d_memmap map;
    struct e2d_listing_info info;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_parse_listing(&map, text, strlen(text), &info, &err), E2D_OK);
    assert_true(info.from_dfu_util);
    assert_int_equal(info.nalts, 3);
    assert_int_equal(info.vid, 0x0483);
    assert_int_equal(info.pid, 0xDF11);
    assert_true(info.has_bcd);
    assert_int_equal(info.bcd_device, 0x2200);
    assert_int_equal(map.count, 3);
    assert_string_equal(map.alts[0].name, "Internal Flash");
    assert_int_equal(map.alts[0].runs[0].count, 1536);
    assert_int_equal(map.alts[1].kind, E2D_KIND_OPTION);
    assert_int_equal(map.alts[2].runs[0].start, 0x08080000);
    assert_int_equal(map.alts[0].write_unit, 0); /* undecided: recognition decides */
    e2d_memmap_free(&map);
}

/* A region split around an earlier one leaves more runs than the string
 * has regions (fuzz_listing found the overflow). */
static void split_regions_make_more_runs(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map,
                                           "@F/0x08002000/1*4Kg/0x08000000/4*4Kg/0x08010000/1*4Kg"
                                           "/0x08020000/1*4Kg",
                                           8, &err),
                     E2D_OK);
    assert_int_equal(map.alts[0].nruns, 5);
    assert_int_equal(map.alts[0].runs[0].start, 0x08000000);
    assert_int_equal(map.alts[0].runs[0].count, 2);
    assert_int_equal(map.alts[0].runs[1].start, 0x08002000);
    assert_int_equal(map.alts[0].runs[2].start, 0x08003000);
    assert_int_equal(map.alts[0].runs[2].count, 1);
    e2d_memmap_free(&map);
}

static void listing_faults(void **state)
{
    static const struct {
        const char *text;
        unsigned long line, column;
        const char *msg;
    } bad[] = {
        {"dfu-util 0.11\nNo DFU capable USB device available\n", 0, 0,
         "no memory described: expected layout strings (\"@Internal Flash /0x08000000/...\") or "
         "the \"Found DFU:\" lines of dfu-util -l"},
        {"Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path=\"1-1\", alt=0, "
         "name=\"@Internal Flash  /0x08000000/064*0002Kg\", serial=\"A\"\n"
         "Found DFU: [0483:df11] ver=2200, devnum=9, cfg=1, intf=0, path=\"1-2\", alt=0, "
         "name=\"@Internal Flash  /0x08000000/064*0002Kg\", serial=\"B\"\n",
         2, 0, "line 2: a second device: keep the lines of one (dfu-util -d VID:PID -l lists only "
               "that one)"},
        {"Found DFU: [1209:acee] ver=0000, devnum=17, cfg=1, intf=0, alt=0, name=\"Firmware\", "
         "serial=\"7a70\"\n",
         1, 73, "line 1: this alt's name is not a DfuSe layout string (\"@...\"): is the device an "
                "ST-style DfuSe bootloader?"},
        {"Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, alt=0, "
         "name=\"@Internal Flash  /0x08000000/064*0002Kq\", serial=\"A\"\n",
         1, 110, "line 1: alt 0: layout string, column 39: expected a memory type letter a-g"},
        {"@Internal Flash  /0x08000000/064*0002Kg\n  @Option Bytes /1FFFF800/01*016 e\n", 2, 18,
         "line 2: layout string, column 16: expected a hexadecimal address (0x...)"},
        /* Lines that quote an alt as dfu-util does, from another tool's log:
         * the same device rules. */
        {"INFO:x:Found Runtime: [0483:df11] devnum=45, cfg=1, intf=0, alt=0, "
         "name=\"@Internal Flash   /0x08000000/256*08Kg\"\n"
         "INFO:x:Found Runtime: [28e9:0189] devnum=45, cfg=1, intf=0, alt=1, "
         "name=\"@Option Bytes   /0x5200201C/01*297 e\"\n",
         2, 0, "line 2: a second device: keep the lines of one (dfu-util -d VID:PID -l lists only "
               "that one)"},
    };
    (void)state;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct e2d_memmap map;
        struct e2d_listing_info info;
        struct e2d_error err;
        e2d_memmap_init(&map);
        assert_int_equal(e2d_memmap_parse_listing(&map, bad[i].text, strlen(bad[i].text), &info,
                                                  &err),
                         E2D_ERR_MAP);
        if (strcmp(err.msg, bad[i].msg) != 0)
            fail_msg("case %zu:\n  got      %s\n  expected %s", i, err.msg, bad[i].msg);
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(err.column, bad[i].column);
        e2d_memmap_free(&map);
    }
}

static void rejects_overlapping_alts_and_bad_unit(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    (void)state;

    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_add_layout(&map, F722_FLASH, 8, &err), E2D_OK);
    assert_int_equal(e2d_memmap_add_layout(&map, "@Other /0x0807F000/1*4Kg", 8, &err), E2D_ERR_MAP);
    assert_string_equal(err.msg,
                        "layout string \"Other\" overlaps alternate setting 0 (Internal Flash)");
    assert_int_equal(e2d_memmap_add_layout(&map, "@X /0x09000000/1*4Kg", 3, &err), E2D_ERR_ARG);
    assert_string_equal(err.msg, "write unit 3 is not a power of two");
    assert_int_equal(map.count, 1);
    e2d_memmap_free(&map);
}

static void builds_devices(void **state)
{
    struct e2d_memmap map;
    struct e2d_error err;
    const struct e2d_device *xc = e2d_device_find("stm32f722xc");
    (void)state;

    assert_non_null(e2d_device_find(E2D_DEFAULT_DEVICE));
    assert_null(e2d_device_find("stm32f722"));
    assert_non_null(xc);
    e2d_memmap_init(&map);
    assert_int_equal(e2d_memmap_from_device(&map, xc, E2D_BANK_DEFAULT, &err), E2D_OK);
    assert_int_equal(map.count, 4); /* flash, option bytes, OTP, device feature */
    assert_int_equal(e2d_alt_end(&map.alts[0]), 0x08040000);
    assert_int_equal(map.alts[0].write_unit, 8);
    assert_int_equal(map.alts[1].kind, E2D_KIND_OPTION);
    assert_int_equal(map.alts[2].kind, E2D_KIND_OTP);
    assert_int_equal(map.naliases, 1);
    assert_int_equal(map.aliases[0].from, 0x00200000);
    assert_int_equal(map.aliases[0].to, 0x08000000);
    assert_int_equal(map.aliases[0].size, 256 * 1024);
    assert_string_equal(map.device, "stm32f722xc");
    e2d_memmap_free(&map);
    /* An unknown name gives NULL: passing it on is an error, not a crash. */
    assert_int_equal(e2d_memmap_from_device(&map, e2d_device_find("typo"), E2D_BANK_DEFAULT, &err), E2D_ERR_ARG);
    assert_int_equal(map.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_f722_flash),
        cmocka_unit_test(parses_option_otp_and_units),
        cmocka_unit_test(finds_sectors),
        cmocka_unit_test(extent_stops_at_holes_and_readonly),
        cmocka_unit_test(rejects_bad_layouts),
        cmocka_unit_test(accepts_what_bootloaders_print),
        cmocka_unit_test(repeated_alts),
        cmocka_unit_test(reads_a_dfu_util_listing),
        cmocka_unit_test(split_regions_make_more_runs),
        cmocka_unit_test(listing_faults),
        cmocka_unit_test(rejects_overlapping_alts_and_bad_unit),
        cmocka_unit_test(builds_devices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
