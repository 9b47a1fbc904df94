/* SPDX-License-Identifier: BSD-2-Clause */
/* Test-only ELF writer (libelf): builds executables with chosen class,
 * byte order, type and segments, for cases the cross compiler cannot make. */
#ifndef ELF2DFU_TEST_ELFGEN_H
#define ELF2DFU_TEST_ELFGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elfgen_seg {
    uint64_t paddr;  /* load address */
    uint64_t vaddr;  /* run address; 0: same as paddr */
    uint64_t size;
    uint8_t byte;    /* contents: byte, byte+1, ... (wrapping) */
    bool no_section; /* segment without a covering section */
    bool no_segment; /* allocated section that no PT_LOAD holds (PT_NULL instead) */
    uint8_t *contents; /* if set, the segment's bytes instead of the pattern */
};

struct elfgen {
    int elf_class; /* ELFCLASS32 or ELFCLASS64 */
    bool msb;      /* big-endian */
    int type;      /* ET_EXEC, ET_REL ... */
    bool no_sections;
    const struct elfgen_seg *segs;
    size_t nsegs;
    uint16_t machine;          /* e_machine; 0: EM_ARM */
    bool has_arm_arch;         /* write an .ARM.attributes section with: */
    int arm_arch;              /* Tag_CPU_arch */
    int arm_profile;           /* Tag_CPU_arch_profile ('A', 'R', 'M'); 0: not given */
    const char *comment;       /* contents of a .comment section, or NULL */
};

/* Writes the ELF to path; returns 0, or -1 with a message on stderr. */
int elfgen_write(const struct elfgen *g, const char *path);

#endif
