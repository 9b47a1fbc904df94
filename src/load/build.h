/* SPDX-License-Identifier: BSD-2-Clause */
/* The ELF loader's reading of what a file was built for (build.c). */
#ifndef ELF2DFU_LOAD_BUILD_H
#define ELF2DFU_LOAD_BUILD_H

#include <elf2dfu/arch.h>
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads the contents of an .ARM.attributes section into out->arch (and
 * arch_detail); leaves them alone when the contents do not say. */
void e2d_arm_attributes_parse(const uint8_t *data, size_t size, bool big_endian,
                              struct e2d_build *out);

/* Fills out from the header and sections of an ELF the loader checked. */
void e2d_elf_build_info(Elf *elf, const GElf_Ehdr *eh, const uint8_t *raw, size_t rawsize,
                        struct e2d_build *out);

#endif
