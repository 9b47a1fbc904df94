/* SPDX-License-Identifier: BSD-2-Clause */
/* A device's memory as text: layout strings one per line, or the output
 * of `dfu-util -l` pasted as it is (banner, "Found Runtime" lines, alts in
 * any order, CRLF). Every "Found DFU" line carries its alt number, the
 * bootloader's USB IDs and its layout string; everything else is not ours
 * to judge and is skipped. */
#include <elf2dfu/memmap.h>

#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct line {
    const char *s; /* not NUL-terminated */
    size_t len;
    unsigned long number;
};

/* The device a "Found DFU" line is about: two in one listing are refused. */
struct device_id {
    bool has_ids;
    uint16_t vid, pid;
    char where[64]; /* path="..." or devnum=..., as written */
};

static const char *find_in(const struct line *l, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; n <= l->len && i <= l->len - n; i++)
        if (memcmp(l->s + i, what, n) == 0)
            return l->s + i;
    return NULL;
}

static bool hex16(const char *p, const char *end, uint16_t *out)
{
    unsigned v = 0;
    if (end - p < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        int c = tolower((unsigned char)p[i]);
        if (!isxdigit(c))
            return false;
        v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
    }
    *out = (uint16_t)v;
    return true;
}

static enum e2d_status bad_line(const struct line *l, const char *at, struct e2d_error *err,
                                const char *what)
{
    unsigned long col = at ? (unsigned long)(at - l->s) + 1 : 0; /* 0: the whole line */
    return e2d_fail_at(err, E2D_ERR_MAP, l->number, col, "line %lu: %s", l->number, what);
}

/* "name=" ends at the quote before ", serial=" (dfu-util's next field), or
 * at the last quote of the line. */
static const char *name_end(const struct line *l, const char *start)
{
    const char *end = l->s + l->len, *q = NULL;
    for (const char *p = start; p < end; p++) {
        if (*p != '"')
            continue;
        q = p;
        if ((size_t)(end - p) >= 10 && memcmp(p, "\", serial=", 10) == 0)
            return p;
    }
    return q;
}

/* A "Found DFU:" line (strict: it must have its [VID:PID]), or another
 * line that quotes an alt the same way: a tool's log ("Found Runtime:" from
 * pydfuutil, which means DFU mode there), a comment in someone's source. */
static enum e2d_status parse_found(struct e2d_memmap *map, const struct line *l, bool strict,
                                   struct device_id *first, bool *have_first,
                                   struct e2d_listing_info *info, struct e2d_error *err)
{
    const char *end = l->s + l->len, *p, *name, *close;
    struct device_id id = {0};
    unsigned long alt = 0;
    char layout[512];
    enum e2d_status st;

    p = find_in(l, "[");
    if (p && hex16(p + 1, end, &id.vid) && p + 5 < end && p[5] == ':' &&
        hex16(p + 6, end, &id.pid))
        id.has_ids = true;
    else if (strict)
        return bad_line(l, p, err, "expected [VID:PID] after \"Found DFU:\"");
    if ((p = find_in(l, "path=\"")) != NULL || (p = find_in(l, "devnum=")) != NULL) {
        size_t n = 0;
        while (p + n < end && p[n] != ',' && n + 1 < sizeof id.where)
            n++;
        memcpy(id.where, p, n);
    }
    if (*have_first && (id.has_ids != first->has_ids || id.vid != first->vid ||
                        id.pid != first->pid || strcmp(id.where, first->where) != 0))
        return bad_line(l, NULL, err,
                        "a second device: keep the lines of one (dfu-util -d VID:PID -l lists "
                        "only that one)");
    if (!*have_first) {
        *first = id;
        *have_first = true;
        info->has_ids = id.has_ids;
        info->vid = id.vid;
        info->pid = id.pid;
        info->bcd_device = 0xFFFF;
        if ((p = find_in(l, "ver=")) != NULL && hex16(p + 4, end, &info->bcd_device))
            info->has_bcd = true;
        /* The bootloader's IDs tell families apart that report the same
         * memory (an STM32F0 and a GD32's). */
        map->has_ids = id.has_ids;
        map->vid = id.vid;
        map->pid = id.pid;
        map->bcd_device = info->bcd_device;
    }
    p = find_in(l, "alt=");
    if (!p || p + 4 >= end || !isdigit((unsigned char)p[4]))
        return bad_line(l, p, err, "expected alt=N");
    for (p += 4; p < end && isdigit((unsigned char)*p); p++) {
        alt = alt * 10 + (unsigned long)(*p - '0');
        if (alt > 255)
            return bad_line(l, p, err, "alt is larger than 255");
    }
    name = find_in(l, "name=\"");
    if (!name)
        return bad_line(l, NULL, err, "expected name=\"...\"");
    name += 6;
    close = name_end(l, name);
    if (!close || close < name)
        return bad_line(l, name, err, "the name has no closing quote");
    if (close == name || *name != '@')
        return bad_line(l, name, err,
                        "this alt's name is not a DfuSe layout string (\"@...\"): is the device "
                        "an ST-style DfuSe bootloader?");
    if ((size_t)(close - name) >= sizeof layout)
        return bad_line(l, name, err, "the layout string is too long");
    memcpy(layout, name, (size_t)(close - name));
    layout[close - name] = '\0';
    st = e2d_memmap_set_layout(map, alt, layout, 0, err);
    if (st != E2D_OK && err && err->column)
        err->column += (unsigned long)(name - l->s);
    if (st != E2D_OK && err) {
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        snprintf(err->msg, sizeof err->msg, "line %lu: alt %lu: %.440s", l->number, alt, msg);
        err->line = l->number;
    }
    if (st == E2D_OK)
        info->nalts++;
    return st;
}

static enum e2d_status parse_layout_line(struct e2d_memmap *map, const struct line *l,
                                         const char *at, struct e2d_listing_info *info,
                                         struct e2d_error *err)
{
    char layout[512];
    size_t n = (size_t)(l->s + l->len - at);
    enum e2d_status st;

    while (n > 0 && isspace((unsigned char)at[n - 1]))
        n--;
    if (n >= sizeof layout)
        return bad_line(l, at, err, "the layout string is too long");
    memcpy(layout, at, n);
    layout[n] = '\0';
    st = e2d_memmap_set_layout(map, info->next_alt, layout, 0, err);
    if (st != E2D_OK && err) {
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        snprintf(err->msg, sizeof err->msg, "line %lu: %.460s", l->number, msg);
        err->line = l->number;
        if (err->column)
            err->column += (unsigned long)(at - l->s);
        return st;
    }
    info->next_alt++;
    info->nalts++;
    return E2D_OK;
}

enum e2d_status e2d_memmap_parse_listing(struct e2d_memmap *map, const char *text, size_t len,
                                         struct e2d_listing_info *info, struct e2d_error *err)
{
    struct device_id first = {0};
    bool have_first = false;
    struct line l = {text, 0, 0};
    size_t pos = 0;

    if (!map || !info || (!text && len))
        return e2d_fail(err, E2D_ERR_ARG, "no map, text or result given");
    memset(info, 0, sizeof *info);
    while (pos < len) {
        const char *s = text + pos, *nl = memchr(s, '\n', len - pos), *at;
        enum e2d_status st = E2D_OK;

        l.s = s;
        l.len = nl ? (size_t)(nl - s) : len - pos;
        l.number++;
        pos += l.len + (nl != NULL);
        if (l.len > 0 && s[l.len - 1] == '\r')
            l.len--;
        if (memchr(l.s, '\0', l.len))
            return bad_line(&l, memchr(l.s, '\0', l.len), err, "a NUL byte: is this a text file?");
        for (at = l.s; at < l.s + l.len && isspace((unsigned char)*at); at++)
            ;
        if (at < l.s + l.len && *at == '@') {
            if (info->from_dfu_util)
                return bad_line(&l, at, err, "a layout string among dfu-util's lines: give one or "
                                             "the other");
            st = parse_layout_line(map, &l, at, info, err);
            info->from_layouts = true;
        } else if ((size_t)(l.s + l.len - at) >= 10 && memcmp(at, "Found DFU:", 10) == 0) {
            if (info->from_layouts)
                return bad_line(&l, at, err, "a dfu-util line among layout strings: give one or "
                                             "the other");
            st = parse_found(map, &l, true, &first, &have_first, info, err);
            info->from_dfu_util = true;
        } else if (find_in(&l, "name=\"@") && find_in(&l, "alt=")) {
            if (info->from_layouts)
                return bad_line(&l, at, err, "a dfu-util line among layout strings: give one or "
                                             "the other");
            st = parse_found(map, &l, false, &first, &have_first, info, err);
            info->from_dfu_util = true;
        }
        /* Anything else (banner, dfu-util's "Found Runtime" lines for other
         * devices, prompts, blank lines, "# comments") describes no memory. */
        if (st != E2D_OK)
            return st;
    }
    if (info->nalts == 0)
        return e2d_fail(err, E2D_ERR_MAP,
                        "no memory described: expected layout strings (\"@Internal Flash "
                        "/0x08000000/...\") or the \"Found DFU:\" lines of dfu-util -l");
    return E2D_OK;
}
