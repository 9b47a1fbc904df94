/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/arch.h>

#include <elf.h>
#include <stddef.h>

const char *e2d_arch_name(enum e2d_arch arch)
{
    switch (arch) {
    case E2D_ARCH_ARMV6M:
        return "ARMv6-M";
    case E2D_ARCH_ARMV7M:
        return "ARMv7-M";
    case E2D_ARCH_ARMV7EM:
        return "ARMv7E-M";
    case E2D_ARCH_ARMV8M_BASE:
        return "ARMv8-M Baseline";
    case E2D_ARCH_ARMV8M_MAIN:
        return "ARMv8-M Mainline";
    case E2D_ARCH_ARMV81M_MAIN:
        return "ARMv8.1-M Mainline";
    case E2D_ARCH_ARM_OTHER:
        return "Arm, not M-profile";
    case E2D_ARCH_RV32:
        return "RV32";
    case E2D_ARCH_UNKNOWN:
        break;
    }
    return "unknown";
}

/* Arm v8-M Architecture Reference Manual: Baseline is v6-M plus a few
 * instructions, Mainline is v7-M's; an M33's DSP extension is v7E-M's. */
bool e2d_arch_runs(enum e2d_arch core, enum e2d_arch image)
{
    if (core == image)
        return true;
    switch (core) {
    case E2D_ARCH_ARMV7M:
        return image == E2D_ARCH_ARMV6M;
    case E2D_ARCH_ARMV7EM:
        return image == E2D_ARCH_ARMV6M || image == E2D_ARCH_ARMV7M;
    case E2D_ARCH_ARMV8M_BASE:
        return image == E2D_ARCH_ARMV6M;
    case E2D_ARCH_ARMV8M_MAIN:
        return image == E2D_ARCH_ARMV6M || image == E2D_ARCH_ARMV7M ||
               image == E2D_ARCH_ARMV7EM || image == E2D_ARCH_ARMV8M_BASE;
    case E2D_ARCH_ARMV81M_MAIN:
        return image != E2D_ARCH_ARM_OTHER && image != E2D_ARCH_RV32 &&
               image != E2D_ARCH_UNKNOWN;
    default:
        return false;
    }
}

const char *e2d_machine_name(uint16_t machine)
{
    switch (machine) {
    case EM_ARM:
        return "Arm";
    case EM_RISCV:
        return "RISC-V";
    case EM_AARCH64:
        return "AArch64";
    case EM_X86_64:
        return "x86-64";
    case EM_386:
        return "x86";
    case EM_XTENSA:
        return "Xtensa";
    case EM_AVR:
        return "AVR";
    case EM_MSP430:
        return "MSP430";
    case EM_MIPS:
        return "MIPS";
    case EM_PPC:
        return "PowerPC";
    case EM_PPC64:
        return "PowerPC 64";
    case EM_SPARC:
        return "SPARC";
    case EM_S390:
        return "S/390";
    case EM_LOONGARCH:
        return "LoongArch";
    default:
        return NULL;
    }
}
