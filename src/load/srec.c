/* Motorola S-record (the srec(5) description, as binutils and srecord
 * write it): "S<type><count><address><data><checksum>"; the count covers
 * address, data and checksum, the checksum is the ones' complement of the
 * low byte of the sum of count, address and data. S0 header, S1/S2/S3 data
 * with 16/24/32-bit addresses, S5/S6 the number of data records so far,
 * S7/S8/S9 the end with a 32/24/16-bit start address. */
#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct srec {
    struct text t;
    struct runs runs;
    struct e2d_image *img;
    uint64_t records; /* S1/S2/S3 so far, for S5/S6 */
    bool ended;
};

static enum e2d_status bad(const struct srec *s, unsigned long column, struct e2d_error *err,
                           const char *what)
{
    return e2d_fail_at(err, E2D_ERR_FORMAT, s->t.line, column, "line %lu: %s", s->t.line, what);
}

/* Address bytes per type; 0: no such type. */
static const uint8_t addr_bytes[10] = {2, 2, 3, 4, 0, 2, 3, 4, 3, 2};

static enum e2d_status record(struct srec *s, unsigned type, const uint8_t *rec, size_t n,
                              struct e2d_error *err)
{
    unsigned width = addr_bytes[type];
    uint8_t sum = 0;
    uint64_t addr = 0;
    char msg[160];

    if (n < 1 || (size_t)rec[0] + 1 != n) {
        snprintf(msg, sizeof msg,
                 "the record's count says %u bytes follow, the line holds %zu: the record is "
                 "cut or run together with another",
                 n ? rec[0] : 0, n ? n - 1 : 0);
        return bad(s, 3, err, msg);
    }
    if (n < (size_t)width + 2) {
        snprintf(msg, sizeof msg, "an S%u record has a %u-byte address and a checksum", type,
                 width);
        return bad(s, 3, err, msg);
    }
    for (size_t i = 0; i + 1 < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    /* (ones' complement: the checksum and the sum add up to 0xFF) */
    if (((unsigned)sum + rec[n - 1]) % 256 != 0xFF) {
        snprintf(msg, sizeof msg,
                 "checksum 0x%02X, but the record's bytes call for 0x%02X: the file is damaged; "
                 "regenerate it",
                 rec[n - 1], (uint8_t)(0xFF - sum));
        return bad(s, 2 + 2 * n, err, msg);
    }
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
            return bad(s, 4, err, "data runs past 4 GiB: DfuSe addresses are 32-bit");
        if (!(to = runs_at(&s->runs, addr, len, s->t.line, err)))
            return E2D_ERR_NOMEM;
        memcpy(to, rec + 1 + width, len);
        return E2D_OK;
    }
    case 5:
    case 6:
        if (n != (size_t)width + 2) {
            snprintf(msg, sizeof msg, "an S%u record holds only a count", type);
            return bad(s, 3, err, msg);
        }
        if (addr != s->records) {
            snprintf(msg, sizeof msg,
                     "S%u counts %" PRIu64 " data records, the file has %" PRIu64
                     " before it: records are missing or repeated",
                     type, addr, s->records);
            return bad(s, 5, err, msg);
        }
        return E2D_OK;
    default: /* 7, 8, 9 */
        s->ended = true;
        s->img->has_entry = true;
        s->img->entry = addr;
        return E2D_OK;
    }
}

enum e2d_status e2d_srec_load(const uint8_t *text, uint64_t size,
                              const struct e2d_load_options *o, struct e2d_image *img,
                              struct e2d_error *err)
{
    struct srec s = {.img = img};
    uint8_t rec[TEXT_MAX_LINE / 2];
    const uint8_t *line;
    size_t len, n;
    enum e2d_status st = E2D_OK;
    bool any = false;

    text_init(&s.t, text, size, o);
    runs_init(&s.runs, img, o);
    while (st == E2D_OK && text_next_line(&s.t, &line, &len)) {
        if (text_blank(line, len))
            continue;
        any = true;
        if (s.ended)
            st = bad(&s, 1, err, "data after the end record (S7, S8 or S9): two files run "
                                 "together?");
        else if (line[0] != 'S')
            st = bad(&s, 1, err, "expected a record ('S') at the start of the line");
        else if (len < 2 || line[1] < '0' || line[1] > '9' || line[1] == '4')
            st = bad(&s, 2, err, "the record type must be a digit 0-9 other than 4 (S4 is "
                                 "reserved)");
        else if ((st = text_record(&s.t, line, len, 2, rec, &n, err)) == E2D_OK)
            st = record(&s, (unsigned)(line[1] - '0'), rec, n, err);
    }
    if (st == E2D_OK && !any)
        st = e2d_fail(err, E2D_ERR_FORMAT, "no records: the file is empty");
    else if (st == E2D_OK && !s.ended)
        st = e2d_fail_at(err, E2D_ERR_FORMAT, s.t.line, 0,
                         "line %lu: the file ends without an end record (S7, S8 or S9): cut "
                         "short?",
                         s.t.line);
    if (st != E2D_OK) {
        runs_abandon(&s.runs);
        return st;
    }
    return runs_finish(&s.runs, err);
}
