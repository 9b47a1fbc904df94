/* SPDX-License-Identifier: BSD-2-Clause */
/* Planner rules: alignment, gap policy, targets, and every refusal. */
#include <elf2dfu/device.h>
#include <elf2dfu/plan.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static uint8_t payload[1 << 16];

struct fx {
    struct e2d_memmap map;
    struct e2d_image img;
    struct e2d_plan plan;
    struct e2d_plan_options opts;
    struct e2d_error err;
};

static int setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 7 + 1);
    e2d_memmap_init(&f.map);
    e2d_image_init(&f.img);
    e2d_plan_init(&f.plan);
    e2d_plan_options_init(&f.opts);
    assert_int_equal(e2d_memmap_from_device(&f.map, e2d_device_find("stm32f722xe"), E2D_BANK_DEFAULT, &f.err),
                     E2D_OK);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    e2d_plan_free(&f->plan);
    e2d_image_free(&f->img);
    e2d_memmap_free(&f->map);
    return 0;
}

static void add(struct fx *f, uint64_t addr, uint64_t size, const char *name)
{
    assert_int_equal(e2d_image_add(&f->img, addr, size, payload, name, &f->err), E2D_OK);
}

static enum e2d_status build(struct fx *f)
{
    return e2d_plan_build(&f->plan, &f->img, &f->map, &f->opts, &f->err);
}

static const struct e2d_element *element(struct fx *f, size_t t, size_t e)
{
    assert_true(t < f->plan.ntargets);
    assert_true(e < f->plan.targets[t].nelements);
    return &f->plan.elements[f->plan.targets[t].first_element + e];
}

static const struct e2d_span *piece(struct fx *f, const struct e2d_element *el, size_t p)
{
    assert_true(p < el->npieces);
    return &f->plan.pieces[el->first_piece + p];
}

static void pads_to_write_unit(void **state)
{
    struct fx *f = *state;
    const struct e2d_element *el;

    add(f, 0x08000003, 10, "a");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.ntargets, 1);
    el = element(f, 0, 0);
    assert_int_equal(el->addr, 0x08000000);
    assert_int_equal(el->size, 16);
    /* 3 bytes of fill, the data, 3 bytes of fill. */
    assert_int_equal(el->npieces, 1);
    assert_int_equal(el->fill, 0xFF);
    assert_ptr_equal(piece(f, el, 0)->data, payload);
    assert_int_equal(piece(f, el, 0)->addr, 0x08000003);
    assert_int_equal(piece(f, el, 0)->size, 10);
    assert_int_equal(f->plan.targets[0].payload_bytes, 10);
}

static void align_option_overrides(void **state)
{
    struct fx *f = *state;
    e2d_memmap_free(&f->map);
    assert_int_equal(e2d_memmap_from_device(&f->map, e2d_device_find("stm32f722xe"),
                                            E2D_BANK_DEFAULT, &f->err),
                     E2D_OK);
    assert_int_equal(e2d_memmap_set_write_unit(&f->map, 32, &f->err), E2D_OK);
    add(f, 0x08000021, 1, "a");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(element(f, 0, 0)->addr, 0x08000020);
    assert_int_equal(element(f, 0, 0)->size, 32);
}

static void shared_write_unit_is_one_element(void **state)
{
    struct fx *f = *state;
    const struct e2d_element *el;

    add(f, 0x08004003, 5, "cfg_a");
    add(f, 0x08004009, 3, "cfg_b");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.targets[0].nelements, 1);
    el = element(f, 0, 0);
    assert_int_equal(el->addr, 0x08004000);
    assert_int_equal(el->size, 16);
    /* fill 3, data 5, fill 1, data 3, fill 4 */
    assert_int_equal(el->npieces, 2);
    assert_int_equal(piece(f, el, 0)->addr, 0x08004003);
    assert_int_equal(piece(f, el, 1)->addr, 0x08004009);
    assert_int_equal(piece(f, el, 1)->size, 3);
}

static void fills_gap_inside_a_sector_with_fill_byte(void **state)
{
    struct fx *f = *state;
    const struct e2d_element *el;

    f->opts.fill = 0x00;
    add(f, 0x08000000, 0x100, "text");
    add(f, 0x08003000, 0x10, "cfg");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.targets[0].nelements, 1);
    el = element(f, 0, 0);
    assert_int_equal(el->size, 0x3010);
    assert_int_equal(el->npieces, 2);
    assert_int_equal(piece(f, el, 1)->addr, 0x08003000);
    assert_int_equal(el->fill, 0x00);
    assert_int_equal(f->plan.targets[0].sectors_erased, 1);
    assert_int_equal(f->plan.targets[0].bytes_erased, 16 * 1024);
}

static void fills_gap_into_the_next_payload_sector(void **state)
{
    struct fx *f = *state;

    add(f, 0x08000000, 0x100, "text");
    add(f, 0x08004010, 0x10, "cfg");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.targets[0].nelements, 1);
    assert_int_equal(element(f, 0, 0)->first_sector, 0);
    assert_int_equal(element(f, 0, 0)->last_sector, 1);
    assert_int_equal(f->plan.targets[0].sectors_erased, 2);
}

static void never_fills_across_an_empty_sector(void **state)
{
    struct fx *f = *state;

    add(f, 0x08000000, 0x100, "text");
    add(f, 0x0800C001, 7, "tag");   /* sector 3; sectors 1-2 hold nothing */
    add(f, 0x08060000, 0x80, "table"); /* sector 7 */
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.targets[0].nelements, 3);
    assert_int_equal(element(f, 0, 0)->addr, 0x08000000);
    assert_int_equal(element(f, 0, 0)->size, 0x100);
    assert_int_equal(element(f, 0, 1)->addr, 0x0800C000);
    assert_int_equal(element(f, 0, 1)->size, 8);
    assert_int_equal(element(f, 0, 1)->first_sector, 3);
    assert_int_equal(element(f, 0, 2)->first_sector, 7);
    assert_int_equal(f->plan.targets[0].sectors_erased, 3);
    assert_int_equal(f->plan.targets[0].bytes_erased, (16 + 16 + 128) * 1024);
}

static void never_fills_across_a_hole_in_the_map(void **state)
{
    struct fx *f = *state;

    e2d_memmap_free(&f->map);
    assert_int_equal(e2d_memmap_add_layout(&f->map, "@Flash /0x08000000/1*2Kg/0x08010000/1*2Kg", 8,
                                           &f->err),
                     E2D_OK);
    add(f, 0x08000000, 0x10, "a");
    add(f, 0x08010000, 0x10, "b");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.targets[0].nelements, 2);
}

static void input_order_does_not_matter(void **state)
{
    struct fx *f = *state;
    struct e2d_plan other;

    add(f, 0x08060000, 0x80, "table");
    add(f, 0x08000000, 0x100, "text");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(element(f, 0, 0)->addr, 0x08000000);
    assert_int_equal(element(f, 0, 1)->addr, 0x08060000);
    other = f->plan;
    e2d_plan_init(&f->plan);
    e2d_image_free(&f->img);
    add(f, 0x08000000, 0x100, "text");
    add(f, 0x08060000, 0x80, "table");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(other.nelements, f->plan.nelements);
    assert_memory_equal(other.elements, f->plan.elements, other.nelements * sizeof *other.elements);
    e2d_plan_free(&other);
}

static void moves_itcm_alias_to_flash(void **state)
{
    struct fx *f = *state;

    add(f, 0x00200000, 0x100, "text");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(element(f, 0, 0)->addr, 0x08000000);
}

static void refuses_segment_straddling_the_alias_end(void **state)
{
    struct fx *f = *state;

    add(f, 0x0027FFF0, 0x20, "text");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg, "text at 0x0027FFF0-0x0028000F runs past the end of the alias "
                                    "at 0x00200000-0x0027FFFF");
}

static void otp_is_padded_with_ff_and_never_gap_filled(void **state)
{
    struct fx *f = *state;
    const struct e2d_element *el;

    f->opts.fill = 0x00;
    add(f, 0x1FF07800, 32, "otp");
    add(f, 0x1FF07A00, 1, "otp_lock");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.ntargets, 1);
    assert_int_equal(f->plan.targets[0].alt, 2);
    assert_int_equal(f->plan.targets[0].kind, E2D_KIND_OTP);
    assert_false(f->plan.targets[0].erasable);
    assert_int_equal(f->plan.targets[0].nelements, 2);
    el = element(f, 0, 1);
    assert_int_equal(el->addr, 0x1FF07A00);
    assert_int_equal(el->size, 8);
    assert_int_equal(el->fill, 0xFF);
    assert_int_equal(f->plan.targets[0].sectors_erased, 0);
}

static void option_bytes_target_goes_last(void **state)
{
    struct fx *f = *state;

    add(f, 0x1FFF0000, 16, "opt");
    add(f, 0x1FF07800, 32, "otp");
    add(f, 0x08000000, 0x100, "text");
    assert_int_equal(build(f), E2D_OK);
    assert_int_equal(f->plan.ntargets, 3);
    assert_int_equal(f->plan.targets[0].alt, 0);
    assert_int_equal(f->plan.targets[1].alt, 2);
    assert_int_equal(f->plan.targets[2].alt, 1);
    assert_int_equal(f->plan.targets[2].kind, E2D_KIND_OPTION);
    assert_string_equal(f->plan.targets[2].name, "Option Bytes");
}

static void refuses_rdp_level_2_unless_allowed(void **state)
{
    struct fx *f = *state;
    static const uint8_t opt[16] = {0xFD, 0xCC, 0xFF, 0xFF};

    assert_int_equal(e2d_image_add(&f->img, 0x1FFF0000, sizeof opt, opt, "optbytes", &f->err),
                     E2D_OK);
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg,
                        "optbytes sets read-out protection level 2 (0xCC at 0x1FFF0001): the chip "
                        "could never be flashed or debugged again; pass --allow-rdp2 only if that "
                        "is what you want");
    f->opts.allow_rdp2 = true;
    assert_int_equal(build(f), E2D_OK);
}

/* Every part in the table: 0xCC in its RDP byte is refused; where the
 * byte's place is not known, any option bytes are. */
static void no_part_can_be_locked_forever(void **state)
{
    static uint8_t bytes[4096];
    const struct e2d_device *d;
    size_t checked = 0;
    (void)state;

    for (size_t i = 0; (d = e2d_device_at(i)) != NULL; i++) {
        struct e2d_memmap map;
        struct e2d_plan_options opts;
        struct e2d_error err;

        e2d_memmap_init(&map);
        e2d_plan_options_init(&opts);
        assert_int_equal(e2d_memmap_from_device(&map, d, E2D_BANK_DEFAULT, &err), E2D_OK);
        for (size_t a = 0; a < map.count; a++) {
            const struct e2d_alt *alt = &map.alts[a];
            const struct e2d_sector_run *run = &alt->runs[0];
            struct e2d_image img;
            struct e2d_plan plan;
            enum e2d_status st;

            if (alt->kind != E2D_KIND_OPTION || alt->nruns == 0)
                continue;
            for (size_t r = 0; r < alt->nruns; r++)
                if (alt->rdp_addr >= alt->runs[r].start &&
                    alt->rdp_addr - alt->runs[r].start < alt->runs[r].size)
                    run = &alt->runs[r];
            assert_true(run->size <= sizeof bytes);
            memset(bytes, 0xFF, sizeof bytes);
            if (alt->rdp == E2D_RDP_BYTE)
                bytes[alt->rdp_addr - run->start] = 0xCC;
            e2d_image_init(&img);
            e2d_plan_init(&plan);
            assert_int_equal(e2d_image_add(&img, run->start, run->size, bytes, "ob", &err), E2D_OK);
            st = e2d_plan_build(&plan, &img, &map, &opts, &err);
            if (alt->rdp == E2D_RDP_NO_LEVEL2) {
                if (st != E2D_OK)
                    fail_msg("%s: %s", e2d_device_name(d), err.msg);
            } else if (st != E2D_ERR_PLACE ||
                       !strstr(err.msg, alt->rdp == E2D_RDP_BYTE ? "level 2 (0xCC"
                                                                  : "cannot be ruled out")) {
                fail_msg("%s: level 2 not refused (%s)", e2d_device_name(d),
                         st == E2D_OK ? "planned" : err.msg);
            }
            checked++;
            e2d_plan_free(&plan);
            e2d_image_free(&img);
        }
        e2d_memmap_free(&map);
    }
    assert_true(checked >= 150);
}

static void refuses_padded_option_bytes(void **state)
{
    struct fx *f = *state;

    add(f, 0x1FFF0000, 13, "optbytes");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg, "option bytes at 0x1FFF0000-0x1FFF000F do not fill whole 4-byte "
                                    "write units: padding would set 3 option bytes the firmware "
                                    "does not define; define them all");
}

static void refuses_overlap(void **state)
{
    struct fx *f = *state;

    add(f, 0x08000000, 0x100, "seg A");
    add(f, 0x080000F0, 0x20, "seg B");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg, "seg B at 0x080000F0-0x0800010F overlaps seg A at "
                                    "0x08000000-0x080000FF");
}

static void refuses_ram_load_address_with_hint(void **state)
{
    struct fx *f = *state;

    add(f, 0x08000000, 0x100, "text");
    add(f, 0x20000000, 4, "segment 1 (.data)");
    f->img.build.toolchain = E2D_TOOLCHAIN_GNU;
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg,
                        "segment 1 (.data) at 0x20000000-0x20000003 is outside every writable "
                        "memory of stm32f722xe; nearest is Option Bytes (alt 1) at "
                        "0x1FFF0000-0x1FFF002F; that is RAM: does the linker script lack "
                        "'AT> FLASH' for this section?");
    /* Each linker in its own words. */
    f->img.build.toolchain = E2D_TOOLCHAIN_ARM;
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_non_null(strstr(f->err.msg, "that is RAM: in the scatter file"));
    f->img.build.toolchain = E2D_TOOLCHAIN_IAR;
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_non_null(strstr(f->err.msg, "that is RAM: does the linker configuration (.icf)"));
    /* The part's own RAM, not only the Cortex-M SRAM region: the F722's
     * DTCM ends at 0x2003FFFF, so 0x30000000 gets no RAM hint. */
    e2d_image_free(&f->img);
    add(f, 0x30000000, 4, "x");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_null(strstr(f->err.msg, "RAM"));
}

static void says_how_much_too_big(void **state)
{
    struct fx *f = *state;

    e2d_memmap_free(&f->map);
    assert_int_equal(e2d_memmap_from_device(&f->map, e2d_device_find("stm32f722xc"), E2D_BANK_DEFAULT, &f->err),
                     E2D_OK);
    add(f, 0x08000000, 0x40010, "text");
    add(f, 0x08040010, 0x20, "data");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg,
                        "image too big for Internal Flash of stm32f722xc (0x08000000-0x0803FFFF, "
                        "256 KiB): it reaches 0x0804002F, 48 bytes too many; check -d or make the "
                        "image smaller");
}

static void refuses_addresses_above_4gib(void **state)
{
    struct fx *f = *state;

    add(f, 0x100000000ull, 4, "far");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg,
                        "far at 0x100000000 (4 bytes) lies beyond 4 GiB: DfuSe addresses are 32-bit");
    e2d_image_free(&f->img);
    add(f, 0xFFFFFFF0ull, 0x20, "wrap");
    assert_int_equal(build(f), E2D_ERR_PLACE);
}

static void refuses_read_only_memory(void **state)
{
    struct fx *f = *state;

    e2d_memmap_free(&f->map);
    assert_int_equal(e2d_memmap_add_layout(&f->map, "@Flash /0x08000000/1*2Ka,1*2Kg", 8, &f->err),
                     E2D_OK);
    add(f, 0x08000000, 0x10, "boot");
    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg, "boot at 0x08000000 is in read-only memory (Flash, alt 0); the "
                                    "nearest writable memory is Flash (alt 0) at "
                                    "0x08000800-0x08000FFF");
}

static void refuses_empty_image_and_map(void **state)
{
    struct fx *f = *state;

    assert_string_equal(e2d_strerror(E2D_ERR_PLACE), "image cannot be placed in the device's memory");
    assert_string_equal(e2d_strerror((enum e2d_status)99), "unknown status");

    assert_int_equal(build(f), E2D_ERR_PLACE);
    assert_string_equal(f->err.msg, "the image is empty: nothing to program");
    e2d_memmap_free(&f->map);
    add(f, 0x08000000, 0x10, "a");
    assert_int_equal(build(f), E2D_ERR_MAP);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_part_can_be_locked_forever),
        T(pads_to_write_unit),
        T(align_option_overrides),
        T(shared_write_unit_is_one_element),
        T(fills_gap_inside_a_sector_with_fill_byte),
        T(fills_gap_into_the_next_payload_sector),
        T(never_fills_across_an_empty_sector),
        T(never_fills_across_a_hole_in_the_map),
        T(input_order_does_not_matter),
        T(moves_itcm_alias_to_flash),
        T(refuses_segment_straddling_the_alias_end),
        T(otp_is_padded_with_ff_and_never_gap_filled),
        T(option_bytes_target_goes_last),
        T(refuses_rdp_level_2_unless_allowed),
        T(refuses_padded_option_bytes),
        T(refuses_overlap),
        T(refuses_ram_load_address_with_hint),
        T(says_how_much_too_big),
        T(refuses_addresses_above_4gib),
        T(refuses_read_only_memory),
        T(refuses_empty_image_and_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
