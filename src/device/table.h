/* SPDX-License-Identifier: BSD-2-Clause */
/* The device table's shape: families (facts shared by parts of one
 * bootloader and flash controller) and parts (flash size and organisation,
 * RAM). Data only: device.c is the code that reads it. */
#ifndef ELF2DFU_DEVICE_TABLE_H
#define ELF2DFU_DEVICE_TABLE_H

#include <elf2dfu/device.h>

struct e2d_family {
    const char *name;       /* "STM32F4" */
    const char *core;       /* "Cortex-M4" */
    enum e2d_arch arch;
    uint16_t vid, pid;      /* the bootloader in DFU mode */
    uint32_t flash_unit;    /* program unit of the main flash (and its OTP) */
    uint32_t option_unit;   /* program unit of the option bytes */
    const char *flash_name; /* alt 0's name, as the bootloader spells it */
    /* Alternate settings 1, 2 ... as the bootloader reports them (NULL ends
     * the list; "" leaves a number unused). */
    const char *alts[4];
    enum e2d_rdp rdp;       /* where the read-out protection byte is */
    uint32_t rdp_addr;
    /* OTP lock bytes: byte k from otp_lock_start locks OTP block k of
     * otp_block bytes; otp_locks 0: the family has none. */
    uint32_t otp_lock_start, otp_locks, otp_block;
    uint32_t alias;         /* the flash is also at this address (F7 ITCM); 0: none */
};

struct e2d_device {
    const char *name;               /* "stm32f405xg" */
    const struct e2d_family *family;
    uint32_t flash_kib;             /* what the part has, whatever its ROM reports */
    /* Flash sectors after "/0x08000000/", as a layout string writes them
     * (banks with a gap between them continue with "/0xADDR/..."). */
    const char *flash;
    enum e2d_bank mode;             /* DEFAULT: one organisation; else flash's mode */
    const char *other;              /* the other bank mode's sectors, or NULL */
    struct e2d_region ram[4];       /* RAM (size 0 ends the list) */
};

extern const struct e2d_family e2d_stm32f0, e2d_stm32f1cl, e2d_stm32f2, e2d_stm32f3, e2d_stm32f4,
    e2d_stm32f42x, e2d_stm32f72x, e2d_stm32f74x, e2d_stm32f76x, e2d_stm32g0, e2d_stm32g4,
    e2d_stm32h5, e2d_stm32h72x, e2d_stm32h74x, e2d_stm32h7ax, e2d_stm32l0, e2d_stm32l0e,
    e2d_stm32l4, e2d_stm32l4p, e2d_stm32l5, e2d_stm32u5, e2d_stm32wb, e2d_stm32c0,
    e2d_gd32vf103, e2d_gd32f30x, e2d_gd32f4xx, e2d_at32f415, e2d_at32f403a, e2d_apm32f0;

extern const struct e2d_device e2d_stm32_parts[];
extern const size_t e2d_stm32_nparts;
extern const struct e2d_device e2d_other_parts[];
extern const size_t e2d_other_nparts;

#endif
