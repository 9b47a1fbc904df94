/* SPDX-License-Identifier: BSD-2-Clause */
/* What an ELF says it was built for: e_machine and class, the Arm build
 * attributes (.ARM.attributes, "ELF for the Arm Architecture" and the
 * "Addenda to, and Errata in, the ABI for the Arm Architecture", section
 * "Build attributes"), and who linked it (.comment, section names).
 *
 * Nothing here fails: an attribute section that cannot be read says
 * nothing, and the image is then checked as one of unknown build. */
#include "build.h"

#include <elf.h>
#include <stdbool.h>
#include <string.h>

/* Tag_CPU_arch values (the addenda's table; 10 is v7 of any profile). */
static enum e2d_arch arm_arch(uint64_t cpu_arch, uint64_t profile, const char **detail)
{
    static const char *const names[] = {
        "pre-ARMv4", "ARMv4",   "ARMv4T", "ARMv5T",  "ARMv5TE",   "ARMv5TEJ",  "ARMv6",
        "ARMv6KZ",   "ARMv6T2", "ARMv6K", "ARMv7",   NULL,        NULL,        NULL,
        "ARMv8-A",   "ARMv8-R", NULL,     NULL,      "ARMv8.1-A", "ARMv8.2-A", "ARMv8.3-A",
        NULL,        "ARMv9-A",
    };

    *detail = NULL;
    switch (cpu_arch) {
    case 11: /* v6-M */
    case 12: /* v6S-M */
        return E2D_ARCH_ARMV6M;
    case 13:
        return E2D_ARCH_ARMV7EM;
    case 16:
        return E2D_ARCH_ARMV8M_BASE;
    case 17:
        return E2D_ARCH_ARMV8M_MAIN;
    case 21:
        return E2D_ARCH_ARMV81M_MAIN;
    case 10:
        if (profile == 'M')
            return E2D_ARCH_ARMV7M;
        *detail = profile == 'A' ? "ARMv7-A" : profile == 'R' ? "ARMv7-R" : "ARMv7";
        return E2D_ARCH_ARM_OTHER;
    default:
        if (cpu_arch < sizeof names / sizeof names[0] && names[cpu_arch]) {
            *detail = names[cpu_arch];
            return E2D_ARCH_ARM_OTHER;
        }
        return E2D_ARCH_UNKNOWN; /* a value from a later addenda */
    }
}

static bool uleb(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;

    for (unsigned shift = 0; *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool skip_string(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nul = memchr(*p, '\0', (size_t)(end - *p));

    if (!nul)
        return false;
    *p = nul + 1;
    return true;
}

static uint32_t read32(const uint8_t *p, bool big)
{
    return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The attributes of a Tag_File sub-subsection. The type of an attribute's
 * value follows from its tag: 4, 5 and 67 are strings, 32 a number and a
 * string, other tags below 32 numbers, and from 32 on odd tags strings. */
static void file_attributes(const uint8_t *p, const uint8_t *end, uint64_t *cpu_arch,
                            uint64_t *profile)
{
    while (p < end) {
        uint64_t tag, value;
        if (!uleb(&p, end, &tag))
            return;
        if (tag == 4 || tag == 5 || tag == 67 || tag == 65 || (tag > 32 && (tag & 1))) {
            if (!skip_string(&p, end))
                return;
            continue;
        }
        if (!uleb(&p, end, &value))
            return;
        if (tag == 32 && !skip_string(&p, end))
            return;
        if (tag == 6)
            *cpu_arch = value;
        else if (tag == 7)
            *profile = value;
    }
}

void e2d_arm_attributes_parse(const uint8_t *data, size_t size, bool big_endian,
                              struct e2d_build *out)
{
    const uint8_t *p = data, *end = data + size;
    uint64_t cpu_arch = UINT64_MAX, profile = 0;

    if (!data || size < 1 || *p++ != 'A')
        return;
    /* Subsections: length (counting itself), vendor, then sub-subsections
     * of tag, length (counting tag and itself) and content. */
    while ((size_t)(end - p) >= 4) {
        uint32_t len = read32(p, big_endian);
        const uint8_t *sub = p + 4, *sub_end;
        if (len < 4 || len > (size_t)(end - p))
            return;
        sub_end = p + len;
        p = sub_end;
        if ((size_t)(sub_end - sub) < 6 || memcmp(sub, "aeabi", 6) != 0)
            continue; /* another vendor's attributes */
        sub += 6;
        while (sub < sub_end) {
            const uint8_t *tag_at = sub, *body;
            uint64_t tag;
            uint32_t sublen;
            if (!uleb(&sub, sub_end, &tag) || (size_t)(sub_end - sub) < 4)
                return;
            sublen = read32(sub, big_endian);
            body = sub + 4;
            if (sublen < (size_t)(body - tag_at) || sublen > (size_t)(sub_end - tag_at))
                return;
            if (tag == 1) /* Tag_File: the whole file's attributes */
                file_attributes(body, tag_at + sublen, &cpu_arch, &profile);
            sub = tag_at + sublen;
        }
    }
    if (cpu_arch != UINT64_MAX)
        out->arch = arm_arch(cpu_arch, profile, &out->arch_detail);
}

static bool contains(const uint8_t *p, size_t n, const char *what)
{
    size_t k = strlen(what);

    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(p + i, what, k) == 0)
            return true;
    return false;
}

/* .comment holds each tool's identification, NUL-separated: "GCC: (...)",
 * "Linker: LLD ...", "Component: Arm Compiler ... Tool: armlink", IAR's
 * tools and command lines. The linker's word counts. */
static enum e2d_toolchain from_comment(const uint8_t *p, size_t n)
{
    if (contains(p, n, "armlink") || contains(p, n, "ArmLink") || contains(p, n, "ARM Compiler") ||
        contains(p, n, "Arm Compiler"))
        return E2D_TOOLCHAIN_ARM;
    if (contains(p, n, "IAR"))
        return E2D_TOOLCHAIN_IAR;
    if (contains(p, n, "GCC:") || contains(p, n, "LLD") || contains(p, n, "clang") ||
        contains(p, n, "rustc"))
        return E2D_TOOLCHAIN_GNU;
    return E2D_TOOLCHAIN_UNKNOWN;
}

/* Output section names each linker leaves: armlink's execution regions
 * (ER_IROM1, RW_IRAM1) and "$$" symbols' sections, IAR's ".iar." and
 * ".intvec". */
static enum e2d_toolchain from_section_name(const char *name)
{
    if (strncmp(name, "ER_", 3) == 0 || strncmp(name, "RW_", 3) == 0 || strstr(name, "$$"))
        return E2D_TOOLCHAIN_ARM;
    if (strncmp(name, ".iar.", 5) == 0 || strcmp(name, ".intvec") == 0)
        return E2D_TOOLCHAIN_IAR;
    return E2D_TOOLCHAIN_UNKNOWN;
}

/* The bytes of a section with file contents, or NULL. */
static const uint8_t *section_bytes(const GElf_Shdr *sh, const uint8_t *raw, size_t rawsize)
{
    if (sh->sh_type == SHT_NOBITS || sh->sh_offset > rawsize ||
        sh->sh_size > rawsize - sh->sh_offset)
        return NULL;
    return raw + sh->sh_offset;
}

void e2d_elf_build_info(Elf *elf, const GElf_Ehdr *eh, const uint8_t *raw, size_t rawsize,
                        struct e2d_build *out)
{
    size_t shnum = 0, shstrndx = SHN_UNDEF;
    enum e2d_toolchain by_name = E2D_TOOLCHAIN_UNKNOWN;

    memset(out, 0, sizeof *out);
    out->machine = eh->e_machine;
    out->elf_class = eh->e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
    if (eh->e_machine == EM_RISCV && out->elf_class == 32)
        out->arch = E2D_ARCH_RV32;
    if (elf_getshdrnum(elf, &shnum) != 0 || elf_getshdrstrndx(elf, &shstrndx) != 0)
        return;
    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(elf, i);
        GElf_Shdr sh;
        const char *name;
        const uint8_t *bytes;

        if (!scn || !gelf_getshdr(scn, &sh))
            return;
        bytes = section_bytes(&sh, raw, rawsize);
        if (eh->e_machine == EM_ARM && sh.sh_type == SHT_ARM_ATTRIBUTES && bytes)
            e2d_arm_attributes_parse(bytes, sh.sh_size, eh->e_ident[EI_DATA] == ELFDATA2MSB, out);
        name = elf_strptr(elf, shstrndx, sh.sh_name);
        if (!name)
            continue;
        if (strcmp(name, ".comment") == 0 && bytes && out->toolchain == E2D_TOOLCHAIN_UNKNOWN)
            out->toolchain = from_comment(bytes, sh.sh_size);
        if (by_name == E2D_TOOLCHAIN_UNKNOWN)
            by_name = from_section_name(name);
    }
    if (out->toolchain == E2D_TOOLCHAIN_UNKNOWN)
        out->toolchain = by_name;
}
