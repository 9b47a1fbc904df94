/* SPDX-License-Identifier: BSD-2-Clause */
/* Motorola S-record (the srec(5) description, as binutils and srecord
 * write it): "S<type><count><address><data><checksum>"; the count covers
 * address, data and checksum, the checksum is the ones' complement of the
 * low byte of the sum of count, address and data. S0 header, S1/S2/S3 data
 * with 16/24/32-bit addresses, S5/S6 the number of data records so far,
 * S7/S8/S9 the end with a 32/24/16-bit start address. */
#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <string.h>

struct srec {
    struct text_job j; /* first: the driver's view */
    uint64_t records;  /* S1/S2/S3 so far, for S5/S6 */
    /* A second half cannot check an S5/S6 alone: the first count it met,
     * and the records it had seen then, wait for the first half's. */
    bool resumed, has_count;
    uint64_t count, records_then;
};

/* Address bytes per type; 0: no such type. */
static const uint8_t addr_bytes[10] = {2, 2, 3, 4, 0, 2, 3, 4, 3, 2};

static enum e2d_status record(struct srec *s, unsigned type, const uint8_t *rec, size_t n,
                              struct e2d_error *err)
{
    unsigned width = addr_bytes[type];
    uint8_t sum = 0;
    uint64_t addr = 0;

    if (n < 1 || (size_t)rec[0] + 1 != n)
        return e2d_text_fail(&s->j.t, 3, err,
                             "the record's count says %u bytes follow, the line holds %zu: the "
                             "record is cut or run together with another",
                             n ? rec[0] : 0, n ? n - 1 : 0);
    if (n < (size_t)width + 2)
        return e2d_text_fail(&s->j.t, 3, err, "an S%u record has a %u-byte address and a checksum",
                             type, width);
    for (size_t i = 0; i + 1 < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    /* (ones' complement: the checksum and the sum add up to 0xFF) */
    if (((unsigned)sum + rec[n - 1]) % 256 != 0xFF)
        return e2d_text_fail(&s->j.t, 2 + 2 * n, err,
                             "checksum 0x%02X, but the record's bytes call for 0x%02X: the file "
                             "is damaged; regenerate it",
                             rec[n - 1], (uint8_t)(0xFF - sum));
    for (unsigned i = 0; i < width; i++)
        addr = addr << 8 | rec[1 + i];
    switch (type) {
    case 0:
        return E2D_OK; /* a header: a name or version, nothing to program */
    case 1:
    case 2:
    case 3: {
        size_t len = n - 2 - width;
        uint8_t *to;
        s->records++;
        if (len == 0)
            return E2D_OK;
        if (addr + len > (1ull << 32))
            return e2d_text_fail(&s->j.t, 4, err,
                                 "data at 0x%08" PRIX64 "-0x%" PRIX64 " runs past 4 GiB: DfuSe "
                                 "addresses are 32-bit",
                                 addr, addr + len - 1);
        if (!(to = e2d_runs_at(&s->j.runs, addr, len, s->j.t.line, err)))
            return E2D_ERR_NOMEM;
        memcpy(to, rec + 1 + width, len);
        return E2D_OK;
    }
    case 5:
    case 6:
        if (n != (size_t)width + 2)
            return e2d_text_fail(&s->j.t, 3, err, "an S%u record holds only a count", type);
        if (s->resumed) {
            if (!s->has_count) {
                s->has_count = true;
                s->count = addr;
                s->records_then = s->records;
            }
            return E2D_OK;
        }
        if (addr != s->records)
            return e2d_text_fail(&s->j.t, 5, err,
                                 "S%u counts %" PRIu64 " data records, the file has %" PRIu64
                                 " before it: records are missing or repeated",
                                 type, addr, s->records);
        return E2D_OK;
    default: /* 7, 8, 9 */
        s->j.ended = true;
        if (!s->j.has_entry) {
            s->j.has_entry = true;
            s->j.entry = addr;
        }
        return E2D_OK;
    }
}

static size_t hint(const uint8_t *p, const uint8_t *end)
{
    int count = end - p >= 4 && p[0] == 'S' ? text_hex_pair(p + 2) : -1;
    return count < 0 ? 0 : 4 + 2 * (size_t)count;
}

/* Most lines are whole S1/S2/S3 records: decoded straight into the run,
 * checksum on the way; anything else goes the careful way. */
static bool fast_data(struct srec *s, const uint8_t *line, size_t len, struct e2d_error *err,
                      enum e2d_status *st)
{
    uint8_t head[5], sum = 0, cs;
    unsigned type, width;
    uint64_t addr = 0;
    size_t n;
    uint8_t *to;

    if (len < 6 || (type = (unsigned)(line[1] - '1')) > 2)
        return false;
    width = type + 2;
    /* "S" type, count and address, checksum: all there before decoding. */
    if (len < 2 + 2 * (1 + (size_t)width) + 2 ||
        !text_hex_sum(line + 2, 1 + width, head, &sum) || len != 4 + 2 * (size_t)head[0] ||
        head[0] < width + 2)
        return false;
    for (unsigned i = 0; i < width; i++)
        addr = addr << 8 | head[1 + i];
    n = head[0] - width - 1;
    if (n == 0 || addr + n > (1ull << 32))
        return false;
    if (!(to = e2d_runs_at(&s->j.runs, addr, n, s->j.t.line, err))) {
        *st = E2D_ERR_NOMEM;
        return true;
    }
    if (!text_hex_sum(line + 4 + 2 * width, n, to, &sum) ||
        !text_hex_sum(line + len - 2, 1, &cs, &(uint8_t){0}) || (uint8_t)(sum + cs) != 0xFF) {
        e2d_runs_unput(&s->j.runs, n);
        return false;
    }
    s->records++;
    return true;
}

static bool fast(struct text_job *j, const uint8_t *line, size_t len, struct e2d_error *err,
                 enum e2d_status *st)
{
    return fast_data((struct srec *)j, line, len, err, st);
}

static enum e2d_status whole(struct text_job *j, const uint8_t *line, size_t len,
                             struct e2d_error *err)
{
    struct srec *s = (struct srec *)j;
    uint8_t rec[TEXT_MAX_LINE / 2];
    size_t n;
    enum e2d_status st;

    if (len < 2 || line[1] < '0' || line[1] > '9' || line[1] == '4')
        return e2d_text_fail(&j->t, 2, err,
                             "the record type must be a digit 0-9 other than 4 (S4 is reserved)");
    if ((st = e2d_text_record(&j->t, line, len, 2, rec, &n, err)) != E2D_OK)
        return st;
    return record(s, (unsigned)(line[1] - '0'), rec, n, err);
}

static void resume(struct text_job *second, const uint8_t *text, const uint8_t *split)
{
    (void)text;
    (void)split;
    ((struct srec *)second)->resumed = true;
}

/* An S5/S6 in the second half counts the first half's records too. */
static bool meet(const struct text_job *first, const struct text_job *second)
{
    const struct srec *a = (const struct srec *)first, *b = (const struct srec *)second;
    return !b->has_count || b->count == a->records + b->records_then;
}

const struct text_format e2d_srec_format = {
    .size = sizeof(struct srec),
    .lead = 'S',
    .hint = hint,
    .fast = fast,
    .record = whole,
    .resume = resume,
    .meet = meet,
    .not_record = "expected a record ('S') at the start of the line",
    .after_end = "data after the end record (S7, S8 or S9): two files run together?",
    .no_end = "without an end record (S7, S8 or S9)",
};
