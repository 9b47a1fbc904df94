/* Intel HEX (Intel, "Hexadecimal Object File Format Specification", rev. A,
 * 1988): ":LLAAAATT<data>CC" records; 00 data, 01 end of file, 02 extended
 * segment address, 03 start segment address, 04 extended linear address,
 * 05 start linear address. The checksum makes the record's bytes sum to 0. */
#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum { DATA, END, EXT_SEGMENT, START_SEGMENT, EXT_LINEAR, START_LINEAR };

struct ihex {
    struct text t;
    struct runs runs;
    struct e2d_image *img;
    uint64_t base;   /* from 02 (times 16) or 04 (times 65536) */
    bool segmented;  /* 02: offsets wrap within the 64 KiB segment */
    bool ended;
};

static enum e2d_status bad(const struct ihex *h, unsigned long column, struct e2d_error *err,
                           const char *what)
{
    return e2d_fail_at(err, E2D_ERR_FORMAT, h->t.line, column, "line %lu: %s", h->t.line, what);
}

static enum e2d_status put(struct ihex *h, uint64_t addr, const uint8_t *bytes, size_t n,
                           struct e2d_error *err)
{
    uint8_t *to;

    if (addr > (1ull << 32) || n > (1ull << 32) - addr)
        return e2d_fail_at(err, E2D_ERR_FORMAT, h->t.line, 4,
                           "line %lu: data at 0x%" PRIX64 "-0x%" PRIX64
                           " runs past 4 GiB: DfuSe addresses are 32-bit",
                           h->t.line, addr, addr + n - 1);
    if (!(to = runs_at(&h->runs, addr, n, h->t.line, err)))
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
        return bad(h, 1, err, "too short for a record (':' and at least 10 hex digits)");
    len = rec[0];
    offset = (uint16_t)(rec[1] << 8 | rec[2]);
    type = rec[3];
    if ((size_t)len + 5 != n) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "the record says %u data bytes, the line holds %zu: the record is cut or run "
                 "together with another",
                 len, n >= 5 ? n - 5 : 0);
        return bad(h, 2, err, msg);
    }
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    if (sum != 0) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "checksum 0x%02X, but the record's bytes call for 0x%02X: the file is damaged; "
                 "regenerate it",
                 rec[n - 1], (uint8_t)(rec[n - 1] - sum));
        return bad(h, 2 * n, err, msg);
    }
    switch (type) {
    case DATA:
        return data(h, offset, rec + 4, len, err);
    case END:
        if (len != 0)
            return bad(h, 2, err, "an end-of-file record (01) carries no data");
        h->ended = true;
        return E2D_OK;
    case EXT_SEGMENT:
    case EXT_LINEAR:
        if (len != 2)
            return bad(h, 2, err, "an extended address record (02, 04) has 2 data bytes");
        h->segmented = type == EXT_SEGMENT;
        h->base = (uint64_t)(rec[4] << 8 | rec[5]) << (type == EXT_SEGMENT ? 4 : 16);
        return E2D_OK;
    case START_SEGMENT:
    case START_LINEAR:
        if (len != 4)
            return bad(h, 2, err, "a start address record (03, 05) has 4 data bytes");
        h->img->has_entry = true;
        h->img->entry = type == START_LINEAR
                            ? (uint64_t)rec[4] << 24 | (uint64_t)rec[5] << 16 | rec[6] << 8 | rec[7]
                            : ((uint64_t)(rec[4] << 8 | rec[5]) << 4) + (uint64_t)(rec[6] << 8 | rec[7]);
        return E2D_OK;
    default: {
        char msg[96];
        snprintf(msg, sizeof msg, "record type 0x%02X is not Intel HEX (00-05)", type);
        return bad(h, 8, err, msg);
    }
    }
}

enum e2d_status e2d_ihex_load(const uint8_t *text, uint64_t size,
                              const struct e2d_load_options *o, struct e2d_image *img,
                              struct e2d_error *err)
{
    struct ihex h = {.img = img};
    uint8_t rec[TEXT_MAX_LINE / 2];
    const uint8_t *line;
    size_t len, n;
    enum e2d_status st = E2D_OK;
    bool any = false;

    text_init(&h.t, text, size, o);
    runs_init(&h.runs, img, o);
    while (st == E2D_OK && text_next_line(&h.t, &line, &len)) {
        if (text_blank(line, len))
            continue;
        if (h.ended)
            st = bad(&h, 1, err, "data after the end-of-file record: two files run together?");
        else if (line[0] != ':')
            st = bad(&h, 1, err, "expected a record (':') at the start of the line");
        else if ((st = text_record(&h.t, line, len, 1, rec, &n, err)) == E2D_OK)
            st = record(&h, rec, n, err);
        any = true;
    }
    if (st == E2D_OK && !any)
        st = e2d_fail(err, E2D_ERR_FORMAT, "no records: the file is empty");
    else if (st == E2D_OK && !h.ended)
        st = e2d_fail_at(err, E2D_ERR_FORMAT, h.t.line, 0,
                         "line %lu: the file ends without its end-of-file record "
                         "(:00000001FF): cut short?",
                         h.t.line);
    if (st != E2D_OK) {
        runs_abandon(&h.runs);
        return st;
    }
    return runs_finish(&h.runs, err);
}
