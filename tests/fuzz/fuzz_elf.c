/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF loading through libelf into the image (with its build attributes),
 * the target check, then planning and writing:
 * any file either converts or fails with a message. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct e2d_elf *elf;
    struct e2d_image img;
    struct e2d_memmap map;
    struct e2d_plan plan;
    struct e2d_plan_options opts;
    struct e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    struct e2d_error err = {0}, target_err = {0};
    enum e2d_status st;

    e2d_image_init(&img);
    e2d_memmap_init(&map);
    e2d_plan_options_init(&opts);
    if (e2d_memmap_from_device(&map, e2d_device_find(E2D_DEFAULT_DEVICE), E2D_BANK_DEFAULT, &err) != E2D_OK)
        abort();
    st = e2d_elf_open_mem(&elf, data, size, &err);
    if (st == E2D_OK)
        st = e2d_elf_load(elf, &img, NULL, &err);
    if (st == E2D_OK) {
        for (size_t i = 0; i < img.count; i++)
            FUZZ_ASSERT(img.segs[i].size > 0 && img.segs[i].data >= data &&
                            img.segs[i].data + img.segs[i].size <= data + size,
                        "segment %zu outside the input", i);
        /* What the file says it was built for is read from bytes too; the
         * planner still gets the image whatever the check says. */
        if (e2d_check_target(&img, &map, NULL, &target_err) != E2D_OK)
            FUZZ_ASSERT(target_err.msg[0] != '\0', "target refused without a message");
        st = e2d_plan_build(&plan, &img, &map, &opts, &err);
        if (st == E2D_OK) {
            FUZZ_ASSERT(e2d_dfuse_write(&plan, &ids, fuzz_null_sink, NULL, &err) == E2D_OK ||
                            err.status == E2D_ERR_LIMIT,
                        "%s", err.msg);
            e2d_plan_free(&plan);
        }
    }
    FUZZ_ASSERT(st == E2D_OK || err.msg[0] != '\0', "failure without a message");
    e2d_elf_close(elf);
    e2d_image_free(&img);
    e2d_memmap_free(&map);
    return 0;
}
