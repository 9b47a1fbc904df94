/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF loader: turns a linked executable into an image of its load bytes. */
#ifndef ELF2DFU_ELF_H
#define ELF2DFU_ELF_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/image.h>
#include <elf2dfu/input.h>
#include <stddef.h>

E2D_BEGIN_DECLS

/* An open ELF file. Segments loaded from it point into its mapping, so it
 * must outlive every image filled from it. */
struct e2d_elf;

/* Opens path ("-": standard input) through e2d_input_open. */
E2D_API enum e2d_status e2d_elf_open(struct e2d_elf **out, const char *path, struct e2d_error *err);

/* Reads an ELF held in memory (an e2d_input's data, a test's buffer); buf
 * must outlive the handle. */
E2D_API enum e2d_status e2d_elf_open_mem(struct e2d_elf **out, const void *buf, size_t len,
                                 struct e2d_error *err);

/* Appends the firmware bytes of every PT_LOAD segment to img, at the
 * segment's physical (load) address. Only bytes covered by allocated
 * sections with contents are kept: linkers also put ELF headers and
 * inter-section padding into segments, and those must never be programmed. */
E2D_API enum e2d_status e2d_elf_load(struct e2d_elf *elf, struct e2d_image *img,
                             const struct e2d_log *log, struct e2d_error *err);

E2D_API void e2d_elf_close(struct e2d_elf *elf);

E2D_END_DECLS

#endif
