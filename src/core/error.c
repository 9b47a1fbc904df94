/* SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

const char *e2d_strerror(enum e2d_status status)
{
    switch (status) {
#define E2D_STATUS_CASE(name, text) \
    case name:                      \
        return text;
        E2D_STATUS_TABLE(E2D_STATUS_CASE)
#undef E2D_STATUS_CASE
    }
    return "unknown status";
}

const char *e2d_size_str(unsigned long long bytes, char *buf, size_t size)
{
    if (bytes != 0 && bytes % (1024 * 1024) == 0)
        snprintf(buf, size, "%llu MiB", bytes / (1024 * 1024));
    else if (bytes != 0 && bytes % 1024 == 0)
        snprintf(buf, size, "%llu KiB", bytes / 1024);
    else
        snprintf(buf, size, "%llu byte%s", bytes, E2D_S(bytes));
    return buf;
}

enum e2d_status e2d_fail(struct e2d_error *err, enum e2d_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = status;
        err->line = 0;
        err->column = 0;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

enum e2d_status e2d_fail_at(struct e2d_error *err, enum e2d_status status, unsigned long line,
                            unsigned long column, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = status;
        err->line = line;
        err->column = column;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

static void vlog(const struct e2d_log *log, enum e2d_severity sev, const char *fmt, va_list ap)
{
    char buf[512];

    if (!log || !log->fn)
        return;
    vsnprintf(buf, sizeof buf, fmt, ap);
    log->fn(log->ctx, sev, buf);
}

void e2d_note(const struct e2d_log *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(log, E2D_SEV_NOTE, fmt, ap);
    va_end(ap);
}

void e2d_warn(const struct e2d_log *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(log, E2D_SEV_WARNING, fmt, ap);
    va_end(ap);
}

enum e2d_status e2d_grow(void **arr, size_t *cap, size_t need, size_t elem_size,
                         struct e2d_error *err)
{
    size_t ncap;
    void *p;

    if (need <= *cap)
        return E2D_OK;
    ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem_size)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    p = realloc(*arr, ncap * elem_size);
    if (!p)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory (%zu bytes)", ncap * elem_size);
    *arr = p;
    *cap = ncap;
    return E2D_OK;
}
