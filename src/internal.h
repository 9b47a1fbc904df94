/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the library's modules; not installed. */
#ifndef ELF2DFU_INTERNAL_H
#define ELF2DFU_INTERNAL_H

#include <elf2dfu/error.h>
#include <elf2dfu/findings.h>
#include <stdarg.h>
#include <stdint.h>

#if defined(__GNUC__)
#define E2D_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define E2D_PRINTF(f, a)
#endif

/* "s" unless n is 1: "%" PRIu64 " byte%s", n, E2D_S(n). */
#define E2D_S(n) ((n) == 1 ? "" : "s")

/* Records status and message in err (which may be NULL) and returns status,
 * so a failure path reads: return e2d_fail(err, E2D_ERR_FORMAT, "...", ...). */
enum e2d_status e2d_fail(struct e2d_error *err, enum e2d_status status,
                         const char *fmt, ...) E2D_PRINTF(3, 4);

/* The same, with the 1-based line and column of a text input. */
enum e2d_status e2d_fail_at(struct e2d_error *err, enum e2d_status status, unsigned long line,
                            unsigned long column, const char *fmt, ...) E2D_PRINTF(5, 6);

void e2d_note(const struct e2d_log *log, const char *fmt, ...) E2D_PRINTF(2, 3);
void e2d_warn(const struct e2d_log *log, const char *fmt, ...) E2D_PRINTF(2, 3);

/* Grows *arr (of *cap elements of elem_size) so that it holds at least
 * need elements; doubles to keep appends amortised O(1). */
enum e2d_status e2d_grow(void **arr, size_t *cap, size_t need, size_t elem_size,
                         struct e2d_error *err);

struct e2d_image;

/* Hands a malloc'd buffer to the image, which frees it with itself; on
 * failure the buffer is freed at once. */
enum e2d_status e2d_image_adopt(struct e2d_image *img, void *buf, struct e2d_error *err);

/* Drops the segments from count on and frees the buffers from nowned on:
 * a loader taking back what it added. */
void e2d_image_truncate(struct e2d_image *img, size_t count, size_t nowned);

struct e2d_memmap;
struct e2d_alias;

/* The alias addr lies in (addr - from < size), or NULL: addr is then
 * already the address the bootloader programs. */
const struct e2d_alias *e2d_alias_at(const struct e2d_memmap *map, uint64_t addr);

/* Appends a finding: severity, code, alt and location come from *where. */
enum e2d_status e2d_finding_add(struct e2d_findings *f, const struct e2d_finding *where,
                                struct e2d_error *err, const char *fmt, ...) E2D_PRINTF(4, 5);
enum e2d_status e2d_finding_vadd(struct e2d_findings *f, const struct e2d_finding *where,
                                 struct e2d_error *err, const char *fmt, va_list ap)
    E2D_PRINTF(4, 0);

#endif
