#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Hand pages back every so often, not every line: madvise is a system call. */
#define RELEASE_STEP (4u << 20)

/* '0'-'9', 'A'-'F', 'a'-'f'; 0xFF for every other byte. */
const uint8_t e2d_hex_value[256] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

void text_init(struct text *t, const uint8_t *data, uint64_t size,
               const struct e2d_load_options *o)
{
    t->base = t->p = data;
    t->end = data + size;
    t->line = 0;
    t->o = o;
    t->released = 0;
}

bool text_next_line(struct text *t, const uint8_t **line, size_t *len)
{
    const uint8_t *nl;
    size_t n;

    if (t->p >= t->end)
        return false;
    nl = memchr(t->p, '\n', (size_t)(t->end - t->p));
    n = nl ? (size_t)(nl - t->p) : (size_t)(t->end - t->p);
    *line = t->p;
    t->p += n + (nl != NULL);
    if (n > 0 && (*line)[n - 1] == '\r')
        n--;
    *len = n;
    t->line++;
    if (t->o->consumed && (uint64_t)(t->p - t->base) - t->released >= RELEASE_STEP) {
        t->released = (uint64_t)(*line - t->base);
        t->o->consumed(t->o->consumed_ctx, t->released);
    }
    return true;
}

bool text_hex_bytes(const uint8_t *digits, size_t n, uint8_t *out, size_t *bad)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t hi = e2d_hex_value[digits[2 * i]], lo = e2d_hex_value[digits[2 * i + 1]];
        if ((hi | lo) & 0xF0) {
            *bad = 2 * i + (hi > 15 ? 0 : 1);
            return false;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool text_blank(const uint8_t *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return false;
    return true;
}

enum e2d_status text_record(const struct text *t, const uint8_t *line, size_t len, size_t skip,
                            uint8_t *out, size_t *n, struct e2d_error *err)
{
    size_t bad;

    while (len > skip && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (len > TEXT_MAX_LINE)
        return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, TEXT_MAX_LINE + 1,
                           "line %lu: %zu characters, longer than any record can be: is this "
                           "a HEX or S-record file?",
                           t->line, len);
    if ((len - skip) % 2)
        return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, len,
                           "line %lu: an odd number of hex digits: the record is cut or has a "
                           "stray character",
                           t->line);
    if (!text_hex_bytes(line + skip, (len - skip) / 2, out, &bad))
        return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, skip + bad + 1,
                           "line %lu, column %zu: '%c' is not a hex digit", t->line, skip + bad + 1,
                           line[skip + bad] >= 0x20 && line[skip + bad] < 0x7F ? line[skip + bad]
                                                                                 : '?');
    *n = (len - skip) / 2;
    return E2D_OK;
}

void runs_init(struct runs *r, struct e2d_image *img, const struct e2d_load_options *o)
{
    memset(r, 0, sizeof *r);
    r->img = img;
    r->o = o;
    r->first_seg = img->count;
}

static enum e2d_status runs_close(struct runs *r, struct e2d_error *err)
{
    struct e2d_origin origin = {.file = r->o->name, .index = E2D_NO_INDEX};
    uint8_t *buf;

    if (!r->open)
        return E2D_OK;
    r->open = false;
    /* Give back what doubling reserved beyond the run. */
    buf = r->len < r->cap ? realloc(r->buf, r->len) : r->buf;
    if (!buf)
        buf = r->buf;
    r->buf = NULL;
    r->cap = 0;
    if (e2d_image_adopt(r->img, buf, err) != E2D_OK)
        return E2D_ERR_NOMEM;
    origin.line = (uint32_t)(r->line > UINT32_MAX ? UINT32_MAX : r->line);
    return e2d_image_add_from(r->img, r->start, r->len, buf, &origin, err);
}

uint8_t *runs_at(struct runs *r, uint64_t addr, size_t n, unsigned long line,
                 struct e2d_error *err)
{
    if (r->open && addr != r->start + r->len && runs_close(r, err) != E2D_OK)
        return NULL;
    if (!r->open) {
        r->open = true;
        r->start = addr;
        r->len = 0;
        r->line = line;
    }
    if (n > r->cap - r->len) {
        size_t cap = r->cap ? r->cap : 4096;
        uint8_t *more;
        while (cap - r->len < n) {
            if (cap > SIZE_MAX / 2) {
                e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
                return NULL;
            }
            cap *= 2;
        }
        if (!(more = realloc(r->buf, cap))) {
            e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
            return NULL;
        }
        r->buf = more;
        r->cap = cap;
    }
    r->len += n;
    return r->buf + r->len - n;
}

void runs_abandon(struct runs *r)
{
    free(r->buf);
    r->buf = NULL;
    r->open = false;
}

static int seg_cmp(const void *a, const void *b)
{
    const struct e2d_segment *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return (x->origin.line > y->origin.line) - (x->origin.line < y->origin.line);
}

/* This input's segments in address order; a later one that overlaps the
 * one before keeps only what is new, once the shared bytes are found
 * equal. Sorting is O(n log n) whatever order the records came in. */
static enum e2d_status settle(struct runs *r, struct e2d_error *err)
{
    struct e2d_segment *v = r->img->segs + r->first_seg;
    size_t n = r->img->count - r->first_seg, kept = 0;

    for (size_t i = 1; i < n; i++) {
        if (seg_cmp(&v[i - 1], &v[i]) > 0) {
            qsort(v, n, sizeof *v, seg_cmp);
            break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct e2d_segment s = v[i];
        if (kept > 0) {
            const struct e2d_segment *last = &v[kept - 1];
            uint64_t last_end = last->addr + last->size;
            if (s.addr < last_end) {
                uint64_t shared = (last_end < s.addr + s.size ? last_end : s.addr + s.size) -
                                  s.addr;
                if (memcmp(last->data + (s.addr - last->addr), s.data, shared) != 0) {
                    uint64_t k = 0;
                    while (last->data[s.addr - last->addr + k] == s.data[k])
                        k++;
                    return e2d_fail_at(err, E2D_ERR_FORMAT, s.origin.line, 0,
                                       "line %" PRIu32 ": the records from here write 0x%02X "
                                       "at 0x%08" PRIX64 ", where those from line %" PRIu32
                                       " wrote 0x%02X: the file contradicts itself; "
                                       "regenerate it",
                                       s.origin.line, s.data[k], s.addr + k, last->origin.line,
                                       last->data[s.addr - last->addr + k]);
                }
                if (s.addr + s.size <= last_end)
                    continue; /* nothing new */
                s.data += shared;
                s.size -= shared;
                s.addr += shared;
            }
        }
        v[kept++] = s;
    }
    r->img->count = r->first_seg + kept;
    return E2D_OK;
}

enum e2d_status runs_finish(struct runs *r, struct e2d_error *err)
{
    enum e2d_status st = runs_close(r, err);

    if (st != E2D_OK) {
        runs_abandon(r);
        return st;
    }
    if (r->img->count == r->first_seg)
        return e2d_fail(err, E2D_ERR_FORMAT, "no data records: nothing to program");
    return settle(r, err);
}
