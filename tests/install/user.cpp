/* SPDX-License-Identifier: BSD-2-Clause */
// A C++ user of the installed library: converts an Intel HEX text held in
// memory into a DfuSe file in a std::vector and reads it back. Built by
// tests/install/install.sh through pkg-config, shared and static.
#include <elf2dfu/elf2dfu.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

static int fail(const char *what, const e2d_error &err)
{
    std::fprintf(stderr, "user: %s: %s\n", what, err.msg);
    return 1;
}

int main()
{
    // 16 bytes at 0x08000000: a vector table's first words.
    const std::string hex = ":020000040800F2\n"
                            ":1000000000000220C1000008C3000008C50000086D\n"
                            ":00000001FF\n";
    e2d_memmap map;
    e2d_image img;
    e2d_plan plan;
    e2d_plan_options opts;
    e2d_load_options load;
    e2d_dfuse_file back;
    e2d_source *src = nullptr;
    e2d_error err;
    e2d_dfu_ids ids = E2D_DFU_IDS_DEFAULT;
    std::vector<unsigned char> file;
    int rc = 0;

    e2d_memmap_init(&map);
    e2d_image_init(&img);
    e2d_plan_init(&plan);
    e2d_plan_options_init(&opts);
    e2d_load_options_init(&load);
    e2d_dfuse_file_init(&back);

    const e2d_device *dev = nullptr;
    if (e2d_device_lookup("STM32F405RGT6", &dev, nullptr, &err) != E2D_OK)
        return fail("lookup", err);
    if (e2d_memmap_from_device(&map, dev, E2D_BANK_DEFAULT, &err) != E2D_OK)
        return fail("map", err);
    if (e2d_source_load(&src, reinterpret_cast<const uint8_t *>(hex.data()), hex.size(), &load,
                        &img, &err) != E2D_OK)
        rc = fail("load", err);
    else if (e2d_plan_build(&plan, &img, &map, &opts, &err) != E2D_OK)
        rc = fail("plan", err);
    else if (e2d_dfuse_write(
                 &plan, &ids,
                 [](void *ctx, const void *buf, size_t len, e2d_error *) {
                     auto *v = static_cast<std::vector<unsigned char> *>(ctx);
                     const auto *b = static_cast<const unsigned char *>(buf);
                     v->insert(v->end(), b, b + len);
                     return E2D_OK;
                 },
                 &file, &err) != E2D_OK)
        rc = fail("write", err);
    else if (e2d_dfuse_read(&back, file.data(), file.size(), &err) != E2D_OK)
        rc = fail("read", err);
    else
        std::printf("%s %s: %zu bytes, %zu target(s), first element at 0x%08X\n", e2d_version(),
                    e2d_device_name(dev), file.size(), back.ntargets,
                    static_cast<unsigned>(back.elements[0].span.addr));

    e2d_dfuse_file_free(&back);
    e2d_plan_free(&plan);
    e2d_image_free(&img);
    e2d_source_close(src);
    e2d_memmap_free(&map);
    return rc;
}
