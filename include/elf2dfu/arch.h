/* SPDX-License-Identifier: BSD-2-Clause */
/* What a firmware image was built for: the instruction set, from the ELF
 * header and the Arm build attributes, and the toolchain that linked it.
 * Devices say what their core runs in the same terms (memmap.h), so the
 * two can be compared before anything is planned. */
#ifndef ELF2DFU_ARCH_H
#define ELF2DFU_ARCH_H

#include <elf2dfu/api.h>
#include <stdbool.h>
#include <stdint.h>

E2D_BEGIN_DECLS

/* Instruction sets, in the terms of the Arm build attributes (Tag_CPU_arch
 * and Tag_CPU_arch_profile) and of the RISC-V ELF class. */
enum e2d_arch {
    E2D_ARCH_UNKNOWN,
    E2D_ARCH_ARMV6M,       /* Cortex-M0, M0+ */
    E2D_ARCH_ARMV7M,       /* Cortex-M3 */
    E2D_ARCH_ARMV7EM,      /* Cortex-M4, M7 */
    E2D_ARCH_ARMV8M_BASE,  /* Cortex-M23 */
    E2D_ARCH_ARMV8M_MAIN,  /* Cortex-M33 */
    E2D_ARCH_ARMV81M_MAIN, /* Cortex-M55, M85 */
    E2D_ARCH_ARM_OTHER,    /* an A or R profile, or an Arm before v6-M: no Cortex-M */
    E2D_ARCH_RV32,         /* 32-bit RISC-V (GD32VF103's Bumblebee) */
};

/* "ARMv7E-M", "RV32" ...; "unknown". */
E2D_API const char *e2d_arch_name(enum e2d_arch arch);

/* Whether a core of arch core runs code built for arch image (v6-M code
 * runs on every Cortex-M; v7E-M code on a Cortex-M33 with its DSP
 * extension, which every such STM32 has). */
E2D_API bool e2d_arch_runs(enum e2d_arch core, enum e2d_arch image);

/* Who linked the image: it decides how a hint about the linker's
 * configuration is worded. */
enum e2d_toolchain {
    E2D_TOOLCHAIN_UNKNOWN,
    E2D_TOOLCHAIN_GNU,   /* GNU ld or LLVM lld: a linker script */
    E2D_TOOLCHAIN_ARM,   /* Arm Compiler / Keil MDK armlink: a scatter file */
    E2D_TOOLCHAIN_IAR,   /* IAR ILINK: a linker configuration (.icf) */
};

/* What the input says about its target. All zero: nothing said (HEX,
 * S-record and raw binaries carry none of it). */
struct e2d_build {
    uint16_t machine;        /* ELF e_machine (EM_ARM 40, EM_RISCV 243); 0: not an ELF */
    uint8_t elf_class;       /* 32 or 64 */
    enum e2d_arch arch;      /* from the Arm build attributes or the RISC-V class */
    const char *arch_detail; /* the attributes' own name for an E2D_ARCH_ARM_OTHER
                                ("ARMv7-A"), else NULL */
    enum e2d_toolchain toolchain;
};

/* "Arm", "RISC-V", "x86-64" ... for an ELF e_machine; NULL if not known. */
E2D_API const char *e2d_machine_name(uint16_t machine);

E2D_END_DECLS

#endif
