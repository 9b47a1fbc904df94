/* SPDX-License-Identifier: BSD-2-Clause */
/* Diagnosis of a DfuSe file against a device's memory map: what dfu-util
 * will do with each element, and everything that would make the flash
 * "succeed" while the board does not boot or loses data. The planner
 * guarantees the absence of every error and warning listed here, and the
 * tests check its output with this module. */
#ifndef ELF2DFU_DIAGNOSE_H
#define ELF2DFU_DIAGNOSE_H

#include <elf2dfu/api.h>
#include <elf2dfu/dfuse.h>
#include <elf2dfu/findings.h>
#include <elf2dfu/memmap.h>

E2D_BEGIN_DECLS

/* dfu-util sends an element in chunks of this size, erasing the sector of
 * each chunk's first and last byte unless it was the last one erased. */
#define E2D_DFU_UTIL_CHUNK 2048u

/* Appends findings about f to out. Without a map (map NULL), what any
 * device would suffer:
 *   zero-length, wraps-4gib, not-ascending, overlap (error).
 * With the device's map, also:
 *   unknown-alt, misaligned, outside-memory, read-only, erased-again,
 *   option-bytes-not-last, rdp2 (error); shared-sector, not-erasable,
 *   otp-lock (warning); erased-not-written (note).
 * Linear in elements and sectors touched (plus a sort of the elements). */
E2D_API enum e2d_status e2d_diagnose(const struct e2d_dfuse_file *f, const struct e2d_memmap *map,
                             struct e2d_findings *out, struct e2d_error *err);

/* The sectors of alt that [addr, addr + size) touches; false if any byte of
 * it is outside the map. */
E2D_API bool e2d_element_sectors(const struct e2d_alt *alt, uint32_t addr, uint32_t size,
                         struct e2d_sector *first, struct e2d_sector *last);

E2D_END_DECLS

#endif
