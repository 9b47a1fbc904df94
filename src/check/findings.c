/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/findings.h>

#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void e2d_findings_init(struct e2d_findings *f)
{
    if (f)
        memset(f, 0, sizeof *f);
}

void e2d_findings_free(struct e2d_findings *f)
{
    if (!f)
        return;
    free(f->v);
    e2d_findings_init(f);
}

size_t e2d_findings_count(const struct e2d_findings *f, enum e2d_severity at_least)
{
    size_t n = 0;
    for (size_t i = 0; f && i < f->count; i++)
        n += f->v[i].severity >= at_least;
    return n;
}

const char *e2d_severity_name(enum e2d_severity s)
{
    switch (s) {
    case E2D_SEV_NOTE:
        return "note";
    case E2D_SEV_WARNING:
        return "warning";
    case E2D_SEV_ERROR:
        break;
    }
    return "error";
}

enum e2d_status e2d_finding_vadd(struct e2d_findings *f, const struct e2d_finding *where,
                                 struct e2d_error *err, const char *fmt, va_list ap)
{
    struct e2d_finding *n;
    enum e2d_status st;

    st = e2d_grow((void **)&f->v, &f->cap, f->count + 1, sizeof *f->v, err);
    if (st != E2D_OK)
        return st;
    n = &f->v[f->count++];
    *n = *where;
    vsnprintf(n->msg, sizeof n->msg, fmt, ap);
    return E2D_OK;
}

enum e2d_status e2d_finding_add(struct e2d_findings *f, const struct e2d_finding *where,
                                struct e2d_error *err, const char *fmt, ...)
{
    enum e2d_status st;
    va_list ap;

    va_start(ap, fmt);
    st = e2d_finding_vadd(f, where, err, fmt, ap);
    va_end(ap);
    return st;
}
