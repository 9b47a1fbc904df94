/* SPDX-License-Identifier: BSD-2-Clause */
/* Checks that an image was built for the device it is about to be planned
 * for: the instruction set its ELF declares against the device's core, and
 * the Cortex-M vector table against the device's memory. */
#ifndef ELF2DFU_TARGET_H
#define ELF2DFU_TARGET_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/image.h>
#include <elf2dfu/memmap.h>

E2D_BEGIN_DECLS

/* Refuses (E2D_ERR_TARGET) an image the device's core cannot run: another
 * machine (RISC-V for an STM32, x86-64, AArch64), a 64-bit ELF, an Arm
 * profile that is not the M profile or is newer than the core's. Warns
 * through log about an image the core runs but that looks built for
 * another part: an older M profile (v6-M code on a Cortex-M7), an initial
 * stack pointer outside the device's RAM, a reset vector outside the image
 * or without the Thumb bit. What the image or the map does not say is not
 * checked. */
E2D_API enum e2d_status e2d_check_target(const struct e2d_image *img, const struct e2d_memmap *map,
                                  const struct e2d_log *log, struct e2d_error *err);

E2D_END_DECLS

#endif
