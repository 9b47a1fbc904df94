/* Layout-string parsing and sector lookup. */
#include <elf2dfu/devices.h>
#include <elf2dfu/memmap.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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
    assert_true(map.alts[0].has_rdp);
    assert_int_equal(map.alts[0].rdp_addr, 0x1FFF0001);
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
    {"@Flash/0x08000000/0*1Kg", "layout string, column 23: sector count and size must not be 0"},
    {"@Flash/0x08000000/1*0Kg", "layout string, column 23: sector count and size must not be 0"},
    {"@Flash/0x08000000/1*1Kg,", "layout string, column 25: expected a sector count"},
    {"@Flash/0x08000000/1*1Kg junk", "layout string, column 25: unexpected 'j'"},
    {"@Flash/0x100000000/1*1Kg", "layout string, column 10: an address is larger than 32 bits"},
    {"@Flash/0xFFFFFC00/2*1Kg", "layout string, column 23: memory runs past the 4 GiB address space"},
    {"@Flash/0x08000000/99999*4096Mg",
     "layout string, column 30: memory runs past the 4 GiB address space"},
    {"@Flash/0x08001000/1*1Kg/0x08000000/1*1Kg",
     "layout string: address 0x08000000 overlaps or precedes the memory before it"},
};

static void rejects_bad_layouts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_layouts / sizeof bad_layouts[0]; i++) {
        struct e2d_memmap map;
        struct e2d_error err;
        e2d_memmap_init(&map);
        assert_int_equal(e2d_memmap_add_layout(&map, bad_layouts[i].layout, 8, &err), E2D_ERR_MAP);
        assert_string_equal(err.msg, bad_layouts[i].msg);
        assert_int_equal(map.count, 0);
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
    assert_int_equal(e2d_memmap_from_device(&map, xc, 0, &err), E2D_OK);
    assert_int_equal(map.count, 3);
    assert_int_equal(e2d_alt_end(&map.alts[0]), 0x08040000);
    assert_int_equal(map.alts[0].write_unit, 8);
    assert_int_equal(map.alts[1].kind, E2D_KIND_OPTION);
    assert_int_equal(map.alts[2].kind, E2D_KIND_OTP);
    assert_true(map.has_alias);
    assert_int_equal(map.alias.from, 0x00200000);
    assert_int_equal(map.alias.to, 0x08000000);
    assert_int_equal(map.alias.size, 256 * 1024);
    assert_string_equal(map.device, "stm32f722xc");
    e2d_memmap_free(&map);
    /* An unknown name gives NULL: passing it on is an error, not a crash. */
    assert_int_equal(e2d_memmap_from_device(&map, e2d_device_find("typo"), 0, &err), E2D_ERR_ARG);
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
        cmocka_unit_test(rejects_overlapping_alts_and_bad_unit),
        cmocka_unit_test(builds_devices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
