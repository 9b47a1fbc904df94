/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF loading: classes, byte orders, types, trimming, and malformed files. */
#include "../common/elfgen.h"

#include <elf2dfu/elf.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static int setup(void **state)
{
    int fd;
    (void)state;
    strcpy(path, "/tmp/e2d-test-elf-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

struct loaded {
    struct e2d_elf *elf;
    struct e2d_image img;
    struct e2d_error err;
    enum e2d_status st;
    char notes[1024];
};

static void collect_note(void *ctx, enum e2d_severity sev, const char *msg)
{
    struct loaded *l = ctx;
    if (sev == E2D_SEV_WARNING)
        strncat(l->notes, "warning: ", sizeof l->notes - strlen(l->notes) - 2);
    strncat(l->notes, msg, sizeof l->notes - strlen(l->notes) - 2);
    strcat(l->notes, "\n");
}

static void load_path(struct loaded *l)
{
    struct e2d_log log = {collect_note, l};
    memset(l, 0, sizeof *l);
    e2d_image_init(&l->img);
    l->st = e2d_elf_open(&l->elf, path, &l->err);
    if (l->st == E2D_OK)
        l->st = e2d_elf_load(l->elf, &l->img, &log, &l->err);
}

static void unload(struct loaded *l)
{
    e2d_image_free(&l->img);
    e2d_elf_close(l->elf);
}

static void write_elf(int cls, bool msb, int type, const struct elfgen_seg *segs, size_t n,
                      bool no_sections)
{
    struct elfgen g = {.elf_class = cls, .msb = msb, .type = type, .segs = segs, .nsegs = n,
                       .no_sections = no_sections};
    assert_int_equal(elfgen_write(&g, path), 0);
}

static void check_classes_and_byte_orders(int cls, bool msb)
{
    static const struct elfgen_seg segs[] = {
        {.paddr = 0x08000000, .size = 100, .byte = 0x10},
        {.paddr = 0x08000400, .vaddr = 0x20000000, .size = 8, .byte = 0x80},
    };
    struct loaded l;

    write_elf(cls, msb, ET_EXEC, segs, 2, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_OK);
    assert_int_equal(l.img.count, 2);
    assert_int_equal(l.img.segs[0].addr, 0x08000000);
    assert_int_equal(l.img.segs[0].size, 100);
    assert_int_equal(l.img.segs[0].data[0], 0x10);
    assert_int_equal(l.img.segs[0].data[99], (uint8_t)(0x10 + 99));
    /* The load address, not the run address. */
    assert_int_equal(l.img.segs[1].addr, 0x08000400);
    assert_int_equal(l.img.segs[1].data[7], 0x87);
    {
        char buf[96];
        assert_string_equal(e2d_origin_str(&l.img.segs[1].origin, buf, sizeof buf),
                            "segment 1 (.seg1)");
    }
    unload(&l);
}

static void loads_elf32_lsb(void **state)
{
    (void)state;
    check_classes_and_byte_orders(ELFCLASS32, false);
}

static void loads_elf32_msb(void **state)
{
    (void)state;
    check_classes_and_byte_orders(ELFCLASS32, true);
}

static void loads_elf64_lsb(void **state)
{
    (void)state;
    check_classes_and_byte_orders(ELFCLASS64, false);
}

static void loads_elf64_msb(void **state)
{
    (void)state;
    check_classes_and_byte_orders(ELFCLASS64, true);
}

static void loads_et_dyn_and_keeps_64bit_addresses(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x100000000ull, .size = 4};
    struct loaded l;
    (void)state;

    write_elf(ELFCLASS64, false, ET_DYN, &seg, 1, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_OK);
    assert_int_equal(l.img.segs[0].addr, 0x100000000ull); /* the planner refuses it */
    unload(&l);
}

static void whole_segment_without_section_headers(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x08000000, .size = 16};
    struct loaded l;
    (void)state;

    write_elf(ELFCLASS32, false, ET_EXEC, &seg, 1, true);
    load_path(&l);
    assert_int_equal(l.st, E2D_OK);
    assert_int_equal(l.img.count, 1);
    assert_int_equal(l.img.segs[0].size, 16);
    {
        char buf[96];
        assert_string_equal(e2d_origin_str(&l.img.segs[0].origin, buf, sizeof buf), "segment 0");
    }
    unload(&l);
}

static void skips_segment_no_section_covers(void **state)
{
    static const struct elfgen_seg segs[] = {
        {.paddr = 0x08000000, .size = 16},
        {.paddr = 0x08001000, .size = 16, .no_section = true},
    };
    struct loaded l;
    (void)state;

    write_elf(ELFCLASS32, false, ET_EXEC, segs, 2, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_OK);
    assert_int_equal(l.img.count, 1);
    assert_string_equal(l.notes,
                        "segment 1 (0x08001000, 16 bytes) holds no allocated section: skipped\n");
    unload(&l);
}

static void fails_when_nothing_is_firmware(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x08001000, .size = 16, .no_section = true};
    struct loaded l;
    (void)state;

    write_elf(ELFCLASS32, false, ET_EXEC, &seg, 1, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_ERR_FORMAT);
    assert_string_equal(l.err.msg, "no loadable segment holds an allocated section with contents: "
                                   "nothing to program");
    unload(&l);
    write_elf(ELFCLASS32, false, ET_EXEC, NULL, 0, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_ERR_FORMAT);
    assert_string_equal(l.err.msg, "has no program headers, so nothing to load: is it a linked "
                                   "executable?");
    unload(&l);
}

static void refuses_relocatable_and_core(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x08000000, .size = 16};
    struct loaded l;
    (void)state;

    write_elf(ELFCLASS32, false, ET_REL, &seg, 1, false);
    load_path(&l);
    assert_int_equal(l.st, E2D_ERR_FORMAT);
    assert_string_equal(l.err.msg, "is a relocatable object (.o), not a linked executable: link it "
                                   "first and pass the .elf the linker writes");
    unload(&l);
    write_elf(ELFCLASS32, false, ET_CORE, &seg, 1, false);
    load_path(&l);
    assert_string_equal(l.err.msg, "is a core dump, not a linked executable");
    unload(&l);
}

/* Reads path into a buffer so a test can break one field. */
static uint8_t *slurp(size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(*len);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static enum e2d_status load_mem(const void *buf, size_t len, struct e2d_error *err)
{
    struct e2d_elf *elf;
    struct e2d_image img;
    enum e2d_status st;

    e2d_image_init(&img);
    st = e2d_elf_open_mem(&elf, buf, len, err);
    if (st == E2D_OK)
        st = e2d_elf_load(elf, &img, NULL, err);
    e2d_image_free(&img);
    e2d_elf_close(elf);
    return st;
}

enum field { PHOFF, PHNUM, P_OFFSET, P_FILESZ, P_PADDR };

/* Offsets of ELF32 / ELF64 little-endian header fields. */
static void break_field(uint8_t *buf, int cls, enum field f, uint64_t v)
{
    bool is64 = cls == ELFCLASS64;
    uint64_t phoff = is64 ? (uint64_t)buf[0x20] | (uint64_t)buf[0x21] << 8
                          : (uint64_t)buf[0x1C] | (uint64_t)buf[0x1D] << 8;
    switch (f) {
    case PHOFF:
        is64 ? put64(buf + 0x20, v) : put32(buf + 0x1C, (uint32_t)v);
        break;
    case PHNUM:
        buf[is64 ? 0x38 : 0x2C] = (uint8_t)v;
        buf[is64 ? 0x39 : 0x2D] = (uint8_t)(v >> 8);
        break;
    case P_OFFSET:
        is64 ? put64(buf + phoff + 8, v) : put32(buf + phoff + 4, (uint32_t)v);
        break;
    case P_PADDR:
        is64 ? put64(buf + phoff + 24, v) : put32(buf + phoff + 12, (uint32_t)v);
        break;
    case P_FILESZ:
        is64 ? put64(buf + phoff + 32, v) : put32(buf + phoff + 16, (uint32_t)v);
        break;
    }
}

struct broken {
    int cls;
    enum field field;
    uint64_t value;
    const char *msg_prefix;
};

static const struct broken broken_cases[] = {
    {ELFCLASS32, PHOFF, 0xFFFFFF00u, "program header table (1 entry at offset 0xffffff00) runs past"},
    {ELFCLASS32, PHNUM, 500, "program header table (500 entries at offset 0x34) runs past"},
    {ELFCLASS32, P_OFFSET, 0x7FFFFFF0u, "segment 0 (offset 0x7ffffff0, 16 bytes) runs past the end"},
    {ELFCLASS32, P_FILESZ, 0x10000000u, "segment 0 (offset 0x"},
    {ELFCLASS64, P_OFFSET, 0xFFFFFFFFFFFFFFF8ull, "segment 0: offset 0xfffffffffffffff8 + size 0x10 overflows"},
    {ELFCLASS64, P_PADDR, 0xFFFFFFFFFFFFFFF8ull, "segment 0: load address 0xfffffffffffffff8 + size 0x10 overflows"},
    {ELFCLASS64, PHOFF, 0xFFFFFFFFFFFFFF00ull, "program header table (1 entry at offset 0xffffffffffffff00) runs past"},
};

static void refuses_broken_headers(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x08000000, .size = 16};
    (void)state;

    for (size_t i = 0; i < sizeof broken_cases / sizeof broken_cases[0]; i++) {
        const struct broken *b = &broken_cases[i];
        struct e2d_error err;
        size_t len;
        uint8_t *buf;

        write_elf(b->cls, false, ET_EXEC, &seg, 1, false);
        buf = slurp(&len);
        break_field(buf, b->cls, b->field, b->value);
        err.msg[0] = '\0';
        assert_int_not_equal(load_mem(buf, len, &err), E2D_OK);
        if (strncmp(err.msg, b->msg_prefix, strlen(b->msg_prefix)) != 0)
            fail_msg("case %zu: got \"%s\", expected \"%s...\"", i, err.msg, b->msg_prefix);
        free(buf);
    }
}

static void refuses_non_elf_empty_and_truncated(void **state)
{
    static const struct elfgen_seg seg = {.paddr = 0x08000000, .size = 16};
    struct e2d_error err;
    size_t len;
    uint8_t *buf;
    (void)state;

    assert_int_equal(load_mem("hello, world\n", 13, &err), E2D_ERR_FORMAT);
    assert_string_equal(err.msg, "not an ELF file (no \\177ELF signature)");
    assert_int_equal(load_mem("", 0, &err), E2D_ERR_FORMAT);
    assert_string_equal(err.msg, "empty file, not an ELF file");
    write_elf(ELFCLASS32, false, ET_EXEC, &seg, 1, false);
    buf = slurp(&len);
    /* Cut inside the ELF header, then inside the program headers, then inside the data. */
    assert_int_not_equal(load_mem(buf, 30, &err), E2D_OK);
    assert_int_not_equal(load_mem(buf, 60, &err), E2D_OK);
    assert_int_not_equal(load_mem(buf, 0x60, &err), E2D_OK);
    free(buf);
}

static void reports_unopenable_files(void **state)
{
    struct e2d_elf *elf;
    struct e2d_error err;
    (void)state;

    assert_int_equal(e2d_elf_open(&elf, "/nonexistent/fw.elf", &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "cannot open: No such file or directory");
    assert_null(elf);
    assert_int_equal(e2d_elf_open(&elf, "/tmp", &err), E2D_ERR_IO);
    assert_string_equal(err.msg, "is a directory, not a file");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(loads_elf32_lsb),
        T(loads_elf32_msb),
        T(loads_elf64_lsb),
        T(loads_elf64_msb),
        T(loads_et_dyn_and_keeps_64bit_addresses),
        T(whole_segment_without_section_headers),
        T(skips_segment_no_section_covers),
        T(fails_when_nothing_is_firmware),
        T(refuses_relocatable_and_core),
        T(refuses_broken_headers),
        T(refuses_non_elf_empty_and_truncated),
        T(reports_unopenable_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
