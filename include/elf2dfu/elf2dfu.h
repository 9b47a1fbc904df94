/* SPDX-License-Identifier: BSD-2-Clause */
/* libelf2dfu: linked firmware in, DfuSe file out. Umbrella header.
 *
 * The rules every call follows:
 *
 * - A fallible call returns an enum e2d_status and, unless E2D_OK, fills
 *   the caller's struct e2d_error (which may be NULL) with a message that
 *   names no file: only the caller knows which file the user thinks of.
 * - NULL where an object, a path or a callback belongs is E2D_ERR_ARG,
 *   never a crash; a query (e2d_device_name, e2d_alt_end, ...) answers
 *   "nothing" ("", 0, false) for NULL, so e2d_device_find's NULL can flow
 *   into it.
 * - A call initialises its output objects itself, and a failed call leaves
 *   them safe to free. Every *_free, *_close and e2d_output_abort takes
 *   NULL and objects that were only initialised (or zeroed), and may be
 *   called twice; a freed object is initialised again.
 * - Nothing is copied that can be borrowed. What borrows from what, and so
 *   must be freed after it:
 *
 *     the input's bytes (e2d_input, or the caller's buffer)
 *       <- an e2d_source (e2d_source_load) and the segments of an image
 *          <- a plan (e2d_plan_build): its pieces point into the segments
 *             <- the DfuSe file written from it (e2d_dfuse_write) while it
 *                is written
 *     a DfuSe file's buffer <- e2d_dfuse_file (elements point into it)
 *                              <- chunks (e2d_chunks_from_dfuse)
 *
 * - The library never prints, exits, installs signal handlers or keeps
 *   state between calls; notes and warnings go to an e2d_log sink the
 *   caller gives (or nowhere). It may run a second thread inside one call
 *   (large text inputs, the CRC of large files) and joins it before
 *   returning.
 * - A typical conversion:
 *
 *     e2d_memmap_from_device (or e2d_memmap_add_layout, e2d_memmap_parse_listing)
 *     e2d_input_open -> e2d_source_load (any number of inputs, one image)
 *     e2d_check_target -> e2d_plan_build -> e2d_dfuse_size
 *     e2d_output_open -> e2d_output_reserve -> e2d_dfuse_write
 *     e2d_output_commit, or e2d_output_abort on any failure
 *
 *   README.md has it as a complete program; the tests compile it as printed. */
#ifndef ELF2DFU_ELF2DFU_H
#define ELF2DFU_ELF2DFU_H

#include <elf2dfu/api.h>
#include <elf2dfu/arch.h>
#include <elf2dfu/compare.h>
#include <elf2dfu/device.h>
#include <elf2dfu/diagnose.h>
#include <elf2dfu/dfuse.h>
#include <elf2dfu/elf.h>
#include <elf2dfu/error.h>
#include <elf2dfu/findings.h>
#include <elf2dfu/export.h>
#include <elf2dfu/image.h>
#include <elf2dfu/input.h>
#include <elf2dfu/load.h>
#include <elf2dfu/memmap.h>
#include <elf2dfu/output.h>
#include <elf2dfu/plan.h>
#include <elf2dfu/target.h>

#endif
