/* SPDX-License-Identifier: BSD-2-Clause */
/* Intel HEX (Intel, "Hexadecimal Object File Format Specification", rev. A,
 * 1988): ":LLAAAATT<data>CC" records; 00 data, 01 end of file, 02 extended
 * segment address, 03 start segment address, 04 extended linear address,
 * 05 start linear address. The checksum makes the record's bytes sum to 0. */
#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <string.h>

enum { DATA, END, EXT_SEGMENT, START_SEGMENT, EXT_LINEAR, START_LINEAR };

struct ihex {
    struct text_job j; /* first: the driver's view */
    uint64_t base;     /* from 02 (times 16) or 04 (times 65536) */
    bool segmented;    /* 02: offsets wrap within the 64 KiB segment */
};

static enum e2d_status put(struct ihex *h, uint64_t addr, const uint8_t *bytes, size_t n,
                           struct e2d_error *err)
{
    uint8_t *to;

    if (addr > (1ull << 32) || n > (1ull << 32) - addr)
        return e2d_text_fail(&h->j.t, 4, err,
                             "data at 0x%" PRIX64 "-0x%" PRIX64
                             " runs past 4 GiB: DfuSe addresses are 32-bit",
                             addr, addr + n - 1);
    if (!(to = e2d_runs_at(&h->j.runs, addr, n, h->j.t.line, err)))
        return E2D_ERR_NOMEM;
    memcpy(to, bytes, n);
    return E2D_OK;
}

static enum e2d_status data(struct ihex *h, uint16_t offset, const uint8_t *bytes, size_t n,
                            struct e2d_error *err)
{
    enum e2d_status st;

    if (n == 0)
        return E2D_OK;
    if (!h->segmented)
        return put(h, h->base + offset, bytes, n, err);
    /* The spec: segment base + ((offset + index) mod 64 KiB). */
    if ((size_t)offset + n > 0x10000) {
        size_t first = 0x10000 - offset;
        if ((st = put(h, h->base + offset, bytes, first, err)) != E2D_OK)
            return st;
        return put(h, h->base, bytes + first, n - first, err);
    }
    return put(h, h->base + offset, bytes, n, err);
}

static enum e2d_status record(struct ihex *h, const uint8_t *rec, size_t n, struct e2d_error *err)
{
    uint8_t sum = 0, len, type;
    uint16_t offset;

    if (n < 5)
        return e2d_text_fail(&h->j.t, 1, err,
                             "too short for a record (':' and at least 10 hex digits)");
    len = rec[0];
    offset = (uint16_t)(rec[1] << 8 | rec[2]);
    type = rec[3];
    if ((size_t)len + 5 != n)
        return e2d_text_fail(&h->j.t, 2, err,
                             "the record says %u data bytes, the line holds %zu: the record is "
                             "cut or run together with another",
                             len, n - 5);
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    if (sum != 0)
        return e2d_text_fail(&h->j.t, 2 * n, err,
                             "checksum 0x%02X, but the record's bytes call for 0x%02X: the file "
                             "is damaged; regenerate it",
                             rec[n - 1], (uint8_t)(rec[n - 1] - sum));
    switch (type) {
    case DATA:
        return data(h, offset, rec + 4, len, err);
    case END:
        if (len != 0)
            return e2d_text_fail(&h->j.t, 2, err, "an end-of-file record (01) carries no data");
        h->j.ended = true;
        return E2D_OK;
    case EXT_SEGMENT:
    case EXT_LINEAR:
        if (len != 2)
            return e2d_text_fail(&h->j.t, 2, err,
                                 "an extended address record (02, 04) has 2 data bytes");
        h->segmented = type == EXT_SEGMENT;
        h->base = (uint64_t)(rec[4] << 8 | rec[5]) << (type == EXT_SEGMENT ? 4 : 16);
        return E2D_OK;
    case START_SEGMENT:
    case START_LINEAR:
        if (len != 4)
            return e2d_text_fail(&h->j.t, 2, err,
                                 "a start address record (03, 05) has 4 data bytes");
        if (h->j.has_entry)
            return E2D_OK; /* the first start address stands */
        h->j.has_entry = true;
        h->j.entry = type == START_LINEAR
                            ? (uint64_t)rec[4] << 24 | (uint64_t)rec[5] << 16 | rec[6] << 8 | rec[7]
                            : ((uint64_t)(rec[4] << 8 | rec[5]) << 4) + (uint64_t)(rec[6] << 8 | rec[7]);
        return E2D_OK;
    default:
        return e2d_text_fail(&h->j.t, 8, err, "record type 0x%02X is not Intel HEX (00-05)",
                             type);
    }
}

/* Where the line at p ends if its length field is right. */
static size_t hint(const uint8_t *p, const uint8_t *end)
{
    int len = end - p >= 3 && p[0] == ':' ? text_hex_pair(p + 1) : -1;
    return len < 0 ? 0 : 11 + 2 * (size_t)len;
}

/* Most lines are whole data records in a linear address block: decoded
 * straight into the run, checksum on the way. Anything else, or a fault,
 * is left to the careful path, which also finds the words for the error. */
static bool fast_data(struct ihex *h, const uint8_t *line, size_t len, struct e2d_error *err,
                      enum e2d_status *st)
{
    uint8_t head[4], sum = 0, cs;
    uint64_t addr;
    uint8_t *to;

    if (len < 11 || !text_hex_sum(line + 1, 4, head, &sum) || head[3] != DATA ||
        len != 11 + 2 * (size_t)head[0] || head[0] == 0 || h->segmented)
        return false;
    addr = h->base + (uint32_t)(head[1] << 8 | head[2]);
    if (addr + head[0] > (1ull << 32))
        return false;
    if (!(to = e2d_runs_at(&h->j.runs, addr, head[0], h->j.t.line, err))) {
        *st = E2D_ERR_NOMEM;
        return true;
    }
    if (!text_hex_sum(line + 9, head[0], to, &sum) || !text_hex_sum(line + len - 2, 1, &cs, &sum) ||
        sum != 0) {
        e2d_runs_unput(&h->j.runs, head[0]);
        return false;
    }
    return true;
}

static bool fast(struct text_job *j, const uint8_t *line, size_t len, struct e2d_error *err,
                 enum e2d_status *st)
{
    return fast_data((struct ihex *)j, line, len, err, st);
}

static enum e2d_status whole(struct text_job *j, const uint8_t *line, size_t len,
                             struct e2d_error *err)
{
    uint8_t rec[TEXT_MAX_LINE / 2];
    size_t n;
    enum e2d_status st = e2d_text_record(&j->t, line, len, 1, rec, &n, err);

    return st == E2D_OK ? record((struct ihex *)j, rec, n, err) : st;
}

/* The address record in force at split: the last 02 or 04 before it (a
 * line ":02000002SSSS.." or ":02000004UUUU.."). None: linear from 0. */
static void resume(struct text_job *second, const uint8_t *text, const uint8_t *split)
{
    struct ihex *h = (struct ihex *)second;

    for (const uint8_t *p = split; p > text;) {
        const uint8_t *line = --p;
        while (line > text && line[-1] != '\n')
            line--;
        p = line;
        if (split - line >= 13 && memcmp(line, ":020000", 7) == 0 &&
            (line[8] == '2' || line[8] == '4') && line[7] == '0') {
            int hi = text_hex_pair(line + 9), lo = text_hex_pair(line + 11);
            if (hi >= 0 && lo >= 0) {
                h->segmented = line[8] == '2';
                h->base = (uint64_t)(hi << 8 | lo) << (h->segmented ? 4 : 16);
            }
            return;
        }
    }
}

static bool meet(const struct text_job *first, const struct text_job *second)
{
    (void)first;
    (void)second;
    return true;
}

const struct text_format e2d_ihex_format = {
    .size = sizeof(struct ihex),
    .lead = ':',
    .hint = hint,
    .fast = fast,
    .record = whole,
    .resume = resume,
    .meet = meet,
    .not_record = "expected a record (':') at the start of the line",
    .after_end = "data after the end-of-file record: two files run together?",
    .no_end = "without its end-of-file record (:00000001FF)",
};
