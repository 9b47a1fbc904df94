/* SPDX-License-Identifier: BSD-2-Clause */
/* Compares the memory a DfuSe file programs with the bytes expected there
 * (from firmware, or from another DfuSe file). */
#ifndef ELF2DFU_COMPARE_H
#define ELF2DFU_COMPARE_H

#include <elf2dfu/api.h>
#include <elf2dfu/dfuse.h>
#include <elf2dfu/error.h>
#include <elf2dfu/plan.h>
#include <elf2dfu/span.h>

E2D_BEGIN_DECLS

enum e2d_diff_kind {
    E2D_DIFF_CHANGED, /* present, different bytes */
    E2D_DIFF_MISSING, /* expected, not in the file */
    E2D_DIFF_EXTRA,   /* in the file, not expected, and not fill */
    E2D_DIFF_NOT_READ, /* expected, outside every read-back (e2d_compare_readback) */
};

#define E2D_DIFF_SHOWN 16 /* bytes of each range kept for display */
#define E2D_DIFF_KEPT 1000 /* ranges kept; the rest are only counted */

struct e2d_diff {
    enum e2d_diff_kind kind;
    uint8_t alt;
    uint32_t addr;
    uint64_t size;
    uint8_t expected[E2D_DIFF_SHOWN]; /* CHANGED, MISSING */
    uint8_t found[E2D_DIFF_SHOWN];    /* CHANGED, EXTRA */
};

struct e2d_diffs {
    struct e2d_diff *v;
    size_t count;  /* kept in v */
    size_t cap;
    uint64_t total; /* all differing ranges, kept or not */
    uint64_t compared_bytes;
};

E2D_API void e2d_diffs_init(struct e2d_diffs *d);
E2D_API void e2d_diffs_free(struct e2d_diffs *d);

/* The data pieces of a plan, as expected chunks. *out is malloc'd. */
E2D_API enum e2d_status e2d_chunks_from_plan(const struct e2d_plan *plan, struct e2d_chunk **out,
                                     size_t *n, struct e2d_error *err);

/* Appends the elements of a DfuSe file as expected chunks. */
E2D_API enum e2d_status e2d_chunks_from_dfuse(const struct e2d_dfuse_file *f, struct e2d_chunk **out,
                                      size_t *n, size_t *cap, struct e2d_error *err);

/* Fills d with the ranges where file differs from the expected chunks;
 * bytes of the file no chunk expects must be padding: by the planner's
 * rule (e2d_fill_for), fill in the flash alts of map and 0xFF in its OTP,
 * option-byte and other alts; fill everywhere when map is NULL or does not
 * have the alt. The chunks are sorted in place. */
E2D_API enum e2d_status e2d_compare(const struct e2d_dfuse_file *file, struct e2d_chunk *expected,
                            size_t n, const struct e2d_memmap *map, uint8_t fill,
                            struct e2d_diffs *d, struct e2d_error *err);

/* Fills d with the payload bytes that memory read back from a device
 * (chunks by address; their alt is ignored) does not hold: different bytes
 * are CHANGED, payload outside every read-back NOT_READ. Bytes of a
 * read-back that no chunk expects are not compared: flash beyond the
 * firmware holds whatever it held. The expected chunks are sorted in
 * place. */
E2D_API enum e2d_status e2d_compare_readback(const struct e2d_chunk *readback, size_t nreadback,
                                     struct e2d_chunk *expected, size_t n, struct e2d_diffs *d,
                                     struct e2d_error *err);

E2D_END_DECLS

#endif
