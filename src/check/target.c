/* SPDX-License-Identifier: BSD-2-Clause */
/* Is the image for this device? The ELF's machine and Arm build attributes
 * against the core, and the Cortex-M vector table against the memory. */
#include <elf2dfu/target.h>

#include "internal.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* How the device is named in messages: "stm32f722xe", "an STM32F4", or
 * the map. */
static const char *who(const struct e2d_memmap *map, char *buf, size_t size)
{
    if (map->device[0])
        snprintf(buf, size, "%s", map->device);
    else if (map->family[0])
        snprintf(buf, size, "the %s family", map->family);
    else
        snprintf(buf, size, "the memory map given");
    return buf;
}

static bool is_arm_m(enum e2d_arch a)
{
    return a >= E2D_ARCH_ARMV6M && a <= E2D_ARCH_ARMV81M_MAIN;
}

/* The image's instruction set for messages: "ARMv7E-M", "ARMv7-A". */
static const char *image_arch(const struct e2d_build *b)
{
    return b->arch_detail ? b->arch_detail : e2d_arch_name(b->arch);
}

/* Profiles by what they suggest about the part: code for a smaller core
 * runs on a larger one, but a v6-M image for a Cortex-M7 is more likely
 * built for an F0 than meant for it. */
static int tier(enum e2d_arch a)
{
    switch (a) {
    case E2D_ARCH_ARMV6M:
    case E2D_ARCH_ARMV8M_BASE:
        return 0;
    case E2D_ARCH_ARMV7M:
    case E2D_ARCH_ARMV7EM:
        return 1;
    default:
        return 2;
    }
}

static enum e2d_status check_machine(const struct e2d_build *b, const struct e2d_memmap *map,
                                     const struct e2d_log *log, struct e2d_error *err)
{
    const char *machine = e2d_machine_name(b->machine);
    char dev[96], mname[32];

    who(map, dev, sizeof dev);
    if (!machine) {
        snprintf(mname, sizeof mname, "ELF machine %u", (unsigned)b->machine);
        machine = mname;
    }
    if (b->machine != EM_ARM && b->machine != EM_RISCV)
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for %s, not for a microcontroller: pass the firmware's ELF "
                        "(from arm-none-eabi-gcc or the like), not a program for a computer",
                        machine);
    if (b->machine == EM_RISCV && b->elf_class == 64)
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for 64-bit RISC-V (RV64): parts with a DfuSe bootloader are "
                        "32-bit; wrong file?");
    if (map->arch == E2D_ARCH_RV32 && b->machine != EM_RISCV)
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for %s (%s), but %s is a RISC-V part (%s): wrong file, or "
                        "wrong -d?",
                        machine, image_arch(b), dev, map->core ? map->core : "RV32");
    if (is_arm_m(map->arch) && b->machine != EM_ARM)
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for %s, but %s is an Arm part (%s): wrong file, or wrong -d?",
                        machine, dev, map->core ? map->core : e2d_arch_name(map->arch));
    if (b->machine != EM_ARM)
        return E2D_OK;
    if (b->arch == E2D_ARCH_ARM_OTHER)
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for %s, not for a Cortex-M (the M profile): check -mcpu "
                        "(-mcpu=cortex-m4 and the like)",
                        image_arch(b));
    if (!is_arm_m(map->arch) || !is_arm_m(b->arch))
        return E2D_OK;
    if (!e2d_arch_runs(map->arch, b->arch))
        return e2d_fail(err, E2D_ERR_TARGET,
                        "built for %s, which %s's %s (%s) cannot run: wrong file, or wrong -d?",
                        image_arch(b), dev, map->core ? map->core : "core",
                        e2d_arch_name(map->arch));
    if (tier(b->arch) < tier(map->arch))
        e2d_warn(log,
                 "built for %s, which %s's %s (%s) runs, but images for it are usually built "
                 "for another part: check -d%s",
                 image_arch(b), dev, map->core ? map->core : "core", e2d_arch_name(map->arch),
                 map->device[0] ? "" : " (or the layout strings)");
    return E2D_OK;
}

/* ---- The vector table -------------------------------------------------------- */

/* addr as the bootloader sees it: an alias address becomes canonical. */
static uint64_t canonical(const struct e2d_memmap *map, uint64_t addr)
{
    const struct e2d_alias *al = e2d_alias_at(map, addr);
    return al ? al->to + (addr - al->from) : addr;
}

/* The segment that holds canonical address addr, or NULL. */
static const struct e2d_segment *segment_at(const struct e2d_image *img,
                                            const struct e2d_memmap *map, uint64_t addr)
{
    for (size_t i = 0; i < img->count; i++) {
        const struct e2d_segment *s = &img->segs[i];
        uint64_t start = canonical(map, s->addr);
        if (addr >= start && addr - start < s->size)
            return s;
    }
    return NULL;
}

/* The vector table is at the start of flash when the image is there (a
 * whole firmware), else at the image's lowest flash address (an
 * application behind a bootloader). */
static bool find_vectors(const struct e2d_image *img, const struct e2d_memmap *map,
                         uint64_t *at, const uint8_t **words)
{
    uint64_t best = UINT64_MAX;
    const struct e2d_segment *seg = NULL;

    for (size_t i = 0; i < img->count; i++) {
        uint64_t a = canonical(map, img->segs[i].addr);
        long alt = e2d_memmap_alt_at(map, a);
        if (alt >= 0 && map->alts[alt].kind == E2D_KIND_FLASH && a < best) {
            best = a;
            seg = &img->segs[i];
        }
    }
    if (!seg || seg->size < 8 || (best & 3) != 0)
        return false;
    *at = best;
    *words = seg->data;
    return true;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void list_ram(const struct e2d_memmap *map, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < map->nram && n + 1 < size; i++) {
        int k = snprintf(buf + n, size - n, "%s0x%08" PRIX32 "-0x%08" PRIX64, i ? ", " : "",
                         map->ram[i].start,
                         (uint64_t)map->ram[i].start + map->ram[i].size - 1);
        if (k < 0 || (size_t)k >= size - n)
            break;
        n += (size_t)k;
    }
}

static void check_vectors(const struct e2d_image *img, const struct e2d_memmap *map,
                          const struct e2d_log *log)
{
    uint64_t at;
    const uint8_t *words;
    uint32_t sp, reset;
    char dev[96], ram[256];

    if (!find_vectors(img, map, &at, &words))
        return;
    sp = le32(words);
    reset = le32(words + 4);
    who(map, dev, sizeof dev);
    if (map->nram > 0) {
        bool in_ram = false;
        /* The initial stack pointer is the top of a stack: one past its
         * last byte, so the end of a RAM region counts. */
        for (size_t i = 0; i < map->nram; i++)
            in_ram |= sp > map->ram[i].start && sp - map->ram[i].start <= map->ram[i].size;
        if (!in_ram) {
            list_ram(map, ram, sizeof ram);
            e2d_warn(log,
                     "the vector table at 0x%08" PRIX64 " sets the stack pointer to 0x%08" PRIX32
                     ", outside the RAM of %s (%s): built for another part?",
                     at, sp, dev, ram);
        }
    }
    if (!(reset & 1))
        e2d_warn(log,
                 "the vector table at 0x%08" PRIX64 " has reset vector 0x%08" PRIX32
                 " without the Thumb bit: a Cortex-M faults on it; is this a vector table?",
                 at, reset);
    else if (!segment_at(img, map, canonical(map, reset & ~1u)))
        e2d_warn(log,
                 "the vector table at 0x%08" PRIX64 " has reset vector 0x%08" PRIX32
                 ", outside the image: the part would start code that is not in this file",
                 at, reset);
}

enum e2d_status e2d_check_target(const struct e2d_image *img, const struct e2d_memmap *map,
                                  const struct e2d_log *log, struct e2d_error *err)
{
    const struct e2d_build *b;
    enum e2d_status st;

    if (!img || !map)
        return e2d_fail(err, E2D_ERR_ARG, "no image or map given");
    b = &img->build;
    if (b->machine != 0 && (st = check_machine(b, map, log, err)) != E2D_OK)
        return st;
    /* Only a Cortex-M starts from such a table: an ELF must say it is built
     * for one (its build attributes); an input that cannot say (HEX, a
     * binary) is checked when the device is one. */
    if (is_arm_m(b->arch) || (b->machine == 0 && is_arm_m(map->arch)))
        check_vectors(img, map, log);
    return E2D_OK;
}
