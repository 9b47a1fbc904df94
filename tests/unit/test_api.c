/* SPDX-License-Identifier: BSD-2-Clause */
/* The rules elf2dfu.h states for every call: NULL where an object or a
 * path belongs is an error, not a crash; every free and close takes NULL,
 * a merely initialised object, and a second call. */
#include <elf2dfu/elf2dfu.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void frees_take_null_and_repeat(void **state)
{
    struct e2d_memmap map;
    struct e2d_image img;
    struct e2d_plan plan;
    struct e2d_dfuse_file f;
    struct e2d_findings fs;
    struct e2d_diffs d;
    struct e2d_layout l;
    struct e2d_input in;
    struct e2d_output *out = NULL;
    (void)state;

    e2d_memmap_free(NULL);
    e2d_image_free(NULL);
    e2d_plan_free(NULL);
    e2d_dfuse_file_free(NULL);
    e2d_findings_free(NULL);
    e2d_diffs_free(NULL);
    e2d_layout_free(NULL);
    e2d_input_close(NULL);
    e2d_elf_close(NULL);
    e2d_source_close(NULL);
    e2d_output_abort(NULL);
    e2d_output_abort(&out);

    e2d_memmap_init(&map);
    e2d_image_init(&img);
    e2d_plan_init(&plan);
    e2d_dfuse_file_init(&f);
    e2d_findings_init(&fs);
    e2d_diffs_init(&d);
    memset(&l, 0, sizeof l);
    memset(&in, 0, sizeof in);
    for (int twice = 0; twice < 2; twice++) {
        e2d_memmap_free(&map);
        e2d_image_free(&img);
        e2d_plan_free(&plan);
        e2d_dfuse_file_free(&f);
        e2d_findings_free(&fs);
        e2d_diffs_free(&d);
        e2d_layout_free(&l);
        e2d_input_close(&in);
    }
}

static void null_objects_are_errors(void **state)
{
    struct e2d_error err;
    struct e2d_memmap map;
    struct e2d_image img;
    struct e2d_plan plan;
    struct e2d_plan_options opts;
    struct e2d_dfuse_file f;
    struct e2d_input in;
    struct e2d_elf *elf = NULL;
    struct e2d_source *src = NULL;
    struct e2d_output *out = NULL;
    struct e2d_load_options lo;
    struct e2d_listing_info info;
    struct e2d_findings fs;
    struct e2d_diffs d;
    struct e2d_chunk *chunks = NULL;
    struct e2d_recognition r;
    const struct e2d_device *dev = NULL;
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    size_t n = 0, cap = 0;
    uint64_t size;
    (void)state;

    e2d_memmap_init(&map);
    e2d_image_init(&img);
    e2d_plan_init(&plan);
    e2d_plan_options_init(&opts);
    e2d_dfuse_file_init(&f);
    e2d_load_options_init(&lo);
    e2d_findings_init(&fs);

    assert_int_equal(e2d_input_open(NULL, "x", &err), E2D_ERR_ARG);
    assert_int_equal(e2d_input_open(&in, NULL, &err), E2D_ERR_ARG);
    e2d_input_close(&in);
    assert_int_equal(e2d_elf_open(NULL, "x", &err), E2D_ERR_ARG);
    assert_int_equal(e2d_elf_open(&elf, NULL, &err), E2D_ERR_ARG);
    assert_null(elf);
    assert_int_equal(e2d_elf_open_mem(&elf, NULL, 10, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_elf_load(NULL, &img, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_source_load(NULL, NULL, 0, &lo, &img, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_source_load(&src, NULL, 1, &lo, &img, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_source_load(&src, (const uint8_t *)"x", 1, NULL, &img, &err), E2D_ERR_ARG);

    assert_null(e2d_device_find(NULL));
    assert_int_equal(e2d_device_lookup(NULL, &dev, NULL, &err), E2D_ERR_ARG);
    assert_string_equal(e2d_device_name(NULL), "");
    assert_int_equal(e2d_device_flash_size(NULL), 0);
    assert_false(e2d_device_fits(NULL, "f405"));
    assert_int_equal(e2d_memmap_from_device(&map, NULL, E2D_BANK_DEFAULT, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_from_device(NULL, e2d_device_at(0), E2D_BANK_DEFAULT, &err),
                     E2D_ERR_ARG);
    assert_int_equal(e2d_device_recognise(NULL, &r, &err), E2D_ERR_ARG);

    assert_int_equal(e2d_layout_parse(NULL, "@F/0x0/1*1Kg", &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_add_layout(NULL, "@F/0x0/1*1Kg", 8, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_add_layout(&map, NULL, 8, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_set_layout(&map, 0, NULL, 8, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_parse_listing(NULL, "", 0, &info, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_add_alias(NULL, 0, 0x08000000, 16, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_memmap_set_write_unit(NULL, 8, &err), E2D_ERR_ARG);

    assert_int_equal(e2d_image_add(NULL, 0, 1, (const uint8_t *)"x", NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_check_target(NULL, &map, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_plan_build(NULL, &img, &map, &opts, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_plan_build(&plan, NULL, &map, &opts, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_plan_build(&plan, &img, NULL, &opts, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_plan_build(&plan, &img, &map, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_size(NULL, &size, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_size(&plan, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_write(NULL, &ids, e2d_output_write, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_write(&plan, &ids, NULL, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_read(NULL, "x", 1, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_dfuse_read(&f, NULL, 1, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_diagnose(NULL, &map, &fs, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_chunks_from_plan(NULL, &chunks, &n, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_chunks_from_dfuse(NULL, &chunks, &n, &cap, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_compare(NULL, NULL, 0, NULL, 0xFF, &d, &err), E2D_ERR_ARG);
    e2d_diffs_free(&d);
    assert_int_equal(e2d_compare_readback(NULL, 0, NULL, 0, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_ihex_write(NULL, 1, e2d_output_write, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_srec_write(NULL, 1, e2d_output_write, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_output_open(&out, NULL, NULL, &err), E2D_ERR_ARG);
    assert_null(out);
    assert_int_equal(e2d_output_open(NULL, "x.dfu", NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_output_reserve(NULL, 1, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_output_write(NULL, "x", 1, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_output_commit(NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_output_file(NULL, 0, NULL, NULL, NULL, &err), E2D_ERR_ARG);
    assert_int_equal(e2d_findings_count(NULL, E2D_SEV_NOTE), 0);
    /* No error object: the status alone. */
    assert_int_equal(e2d_plan_build(&plan, NULL, &map, &opts, NULL), E2D_ERR_ARG);

    e2d_findings_free(&fs);
    e2d_dfuse_file_free(&f);
    e2d_plan_free(&plan);
    e2d_image_free(&img);
    e2d_memmap_free(&map);
}

/* Queries answer "nothing" for NULL, as e2d_device_find's NULL flows into
 * them. */
static void queries_take_null(void **state)
{
    struct e2d_sector sec;
    enum e2d_format fmt = E2D_FORMAT_ELF;
    enum e2d_bank bank = E2D_BANK_SINGLE;
    uint16_t vid = 1, pid = 1;
    (void)state;

    assert_string_equal(e2d_device_family(NULL), "");
    assert_string_equal(e2d_device_core(NULL), "");
    e2d_device_ids(NULL, &vid, &pid);
    assert_int_equal(vid, 0);
    assert_int_equal(pid, 0);
    e2d_device_ids(e2d_device_at(0), NULL, NULL);
    assert_false(e2d_device_bank_modes(NULL, &bank));
    assert_int_equal(bank, E2D_BANK_DEFAULT);
    assert_int_equal(e2d_alt_start(NULL), 0);
    assert_int_equal(e2d_alt_end(NULL), 0);
    assert_false(e2d_alt_find_sector(NULL, 0, &sec));
    assert_int_equal(e2d_alt_extent_end(NULL, 0, 0), 0);
    assert_false(e2d_element_sectors(NULL, 0, 1, &sec, &sec));
    assert_int_equal(e2d_memmap_alt_at(NULL, 0), -1);
    assert_int_equal(e2d_format_probe(NULL, 10), E2D_FORMAT_UNKNOWN);
    assert_false(e2d_format_parse(NULL, &fmt));
    assert_false(e2d_format_parse("ihex", NULL));
    assert_int_equal(fmt, E2D_FORMAT_ELF);
    assert_int_equal(e2d_source_format(NULL), E2D_FORMAT_UNKNOWN);
    assert_false(e2d_input_contains(NULL, &sec));
    e2d_input_release(NULL, 0, 4096);
    assert_int_equal(e2d_input_check_unchanged(NULL, NULL), E2D_OK);
}

static void the_version_is_the_headers(void **state)
{
    (void)state;
    assert_string_equal(e2d_version(), E2D_VERSION);
    assert_int_equal(e2d_version_number(), E2D_VERSION_NUMBER);
    assert_string_equal(e2d_strerror(E2D_ERR_TARGET), "image built for another device");
    assert_string_equal(e2d_strerror((enum e2d_status)999), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frees_take_null_and_repeat),
        cmocka_unit_test(null_objects_are_errors),
        cmocka_unit_test(queries_take_null),
        cmocka_unit_test(the_version_is_the_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
