/* Helpers shared by the library's modules; not installed. */
#ifndef ELF2DFU_INTERNAL_H
#define ELF2DFU_INTERNAL_H

#include <elf2dfu/error.h>

#if defined(__GNUC__)
#define E2D_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define E2D_PRINTF(f, a)
#endif

/* Records status and message in err (which may be NULL) and returns status,
 * so a failure path reads: return e2d_fail(err, E2D_ERR_FORMAT, "...", ...). */
enum e2d_status e2d_fail(struct e2d_error *err, enum e2d_status status,
                         const char *fmt, ...) E2D_PRINTF(3, 4);

void e2d_note(const struct e2d_log *log, const char *fmt, ...) E2D_PRINTF(2, 3);

/* Grows *arr (of *cap elements of elem_size) so that it holds at least
 * need elements; doubles to keep appends amortised O(1). */
enum e2d_status e2d_grow(void **arr, size_t *cap, size_t need, size_t elem_size,
                         struct e2d_error *err);

#endif
