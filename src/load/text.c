/* SPDX-License-Identifier: BSD-2-Clause */
#include "text.h"

#include "internal.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hand pages back every so often, not every line: madvise is a system call. */
#define RELEASE_STEP (4u << 20)

/* Below this a second thread costs more than it saves. */
#define PARALLEL_MIN (16ull << 20)

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

bool e2d_text_next_line(struct text *t, size_t hint, const uint8_t **line, size_t *len)
{
    const uint8_t *nl;
    size_t n, left = (size_t)(t->end - t->p);

    if (t->p >= t->end)
        return false;
    /* Records say how long they are: look there before searching. */
    if (hint && hint < left && t->p[hint] == '\n')
        nl = t->p + hint;
    else if (hint && hint + 1 < left && t->p[hint] == '\r' && t->p[hint + 1] == '\n')
        nl = t->p + hint + 1;
    else
        nl = memchr(t->p, '\n', left);
    n = nl ? (size_t)(nl - t->p) : left;
    *line = t->p;
    t->p += n + (nl != NULL);
    if (n > 0 && (*line)[n - 1] == '\r')
        n--;
    *len = n;
    t->line++;
    if (t->o->consumed && (size_t)(*line - t->released) >= RELEASE_STEP) {
        t->o->consumed(t->o->consumed_ctx, (uint64_t)(t->released - t->base),
                       (uint64_t)(*line - t->base));
        t->released = *line;
    }
    return true;
}

enum e2d_status e2d_text_fail(const struct text *t, unsigned long column, struct e2d_error *err,
                              const char *fmt, ...)
{
    char what[sizeof err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, column, "line %lu: %s", t->line, what);
}

bool e2d_text_hex_bytes(const uint8_t *digits, size_t n, uint8_t *out, size_t *bad)
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

bool e2d_text_blank(const uint8_t *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return false;
    return true;
}

enum e2d_status e2d_text_record(const struct text *t, const uint8_t *line, size_t len, size_t skip,
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
    if (!e2d_text_hex_bytes(line + skip, (len - skip) / 2, out, &bad)) {
        uint8_t c = line[skip + bad];

        /* A control byte is named by its value: printed, it could move the
         * terminal's cursor (or be 0x10-0x19, one bit away from a digit). */
        if (c < 0x20 || c >= 0x7F)
            return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, skip + bad + 1,
                               "line %lu, column %zu: byte 0x%02X is not a hex digit", t->line,
                               skip + bad + 1, c);
        return e2d_fail_at(err, E2D_ERR_FORMAT, t->line, skip + bad + 1,
                           "line %lu, column %zu: '%c' is not a hex digit", t->line, skip + bad + 1,
                           c);
    }
    *n = (len - skip) / 2;
    return E2D_OK;
}

void e2d_runs_init(struct runs *r, struct e2d_image *img, const struct e2d_load_options *o)
{
    memset(r, 0, sizeof *r);
    r->img = img;
    r->o = o;
    r->first_seg = img->count;
}

enum e2d_status e2d_runs_close(struct runs *r, struct e2d_error *err)
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

uint8_t *e2d_runs_at(struct runs *r, uint64_t addr, size_t n, unsigned long line,
                 struct e2d_error *err)
{
    if (r->open && addr != r->start + r->len && e2d_runs_close(r, err) != E2D_OK)
        return NULL;
    if (!r->open) {
        r->open = true;
        r->start = addr;
        r->len = 0;
        r->line = line;
    }
    if (e2d_grow((void **)&r->buf, &r->cap, r->len + n, 1, err) != E2D_OK)
        return NULL;
    r->len += n;
    return r->buf + r->len - n;
}

void e2d_runs_unput(struct runs *r, size_t n)
{
    r->len -= n;
    if (r->len == 0)
        r->open = false;
}

void e2d_runs_abandon(struct runs *r)
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

/* This input's segments in address order; a later one that overlaps what
 * came before keeps only what is new, once the shared bytes are found
 * equal. Sorted by start, the earlier segments cover of a later one's
 * range a prefix, [start, covered end): every one starts at or before it.
 * Sorting is O(n log n) whatever order the records came in. */
enum e2d_status e2d_text_settle(struct e2d_image *img, size_t first, struct e2d_error *err)
{
    struct e2d_segment *v = img->segs + first;
    size_t n = img->count - first, kept = 0;
    uint64_t covered = 0;

    for (size_t i = 1; i < n; i++) {
        if (seg_cmp(&v[i - 1], &v[i]) > 0) {
            qsort(v, n, sizeof *v, seg_cmp);
            break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct e2d_segment s = v[i];
        uint64_t end = s.addr + s.size, shared;

        if (kept > 0 && s.addr < covered) {
            /* The kept segments that hold the prefix, last first. */
            for (size_t j = kept; j-- > 0 && v[j].addr + v[j].size > s.addr;) {
                const struct e2d_segment *k = &v[j];
                uint64_t lo = k->addr > s.addr ? k->addr : s.addr;
                uint64_t hi = k->addr + k->size < end ? k->addr + k->size : end;
                for (uint64_t a = lo; a < hi; a++) {
                    uint8_t theirs = k->data[a - k->addr], ours = s.data[a - s.addr];
                    if (theirs != ours)
                        return e2d_fail_at(err, E2D_ERR_FORMAT, s.origin.line, 0,
                                           "line %" PRIu32 ": the records from here write 0x%02X "
                                           "at 0x%08" PRIX64 ", where those from line %" PRIu32
                                           " wrote 0x%02X: the file contradicts itself; "
                                           "regenerate it",
                                           s.origin.line, ours, a, k->origin.line, theirs);
                }
            }
            if (end <= covered)
                continue; /* nothing new */
            shared = covered - s.addr;
            s.data += shared;
            s.size -= shared;
            s.addr += shared;
        }
        if (end > covered)
            covered = end;
        v[kept++] = s;
    }
    img->count = first + kept;
    return E2D_OK;
}

/* ---- The driver --------------------------------------------------------- */

static enum e2d_status lines(const struct text_format *f, struct text_job *j,
                             struct e2d_error *err)
{
    const uint8_t *line;
    size_t len;
    enum e2d_status st = E2D_OK;

    while (st == E2D_OK && e2d_text_next_line(&j->t, f->hint(j->t.p, j->t.end), &line, &len)) {
        if (!j->ended && len > 0 && line[0] == f->lead && f->fast(j, line, len, err, &st)) {
            j->any = true;
            continue;
        }
        if (e2d_text_blank(line, len))
            continue;
        j->any = true;
        if (j->ended || line[0] != f->lead)
            st = e2d_text_fail(&j->t, 1, err, "%s", j->ended ? f->after_end : f->not_record);
        else
            st = f->record(j, line, len, err);
    }
    return st;
}

static void job_init(struct text_job *j, const uint8_t *text, const uint8_t *from,
                     const uint8_t *to, const struct e2d_load_options *o, struct e2d_image *img)
{
    j->t = (struct text){.base = text, .p = from, .end = to, .o = o, .released = from};
    e2d_runs_init(&j->runs, img, o);
}

/* The whole text in one job: the result, or the exact fault. */
static enum e2d_status serial(const struct text_format *f, const uint8_t *data, uint64_t size,
                              const struct e2d_load_options *o, struct e2d_image *img,
                              struct e2d_error *err)
{
    struct text_job *j = calloc(1, f->size);
    size_t first = img->count;
    enum e2d_status st;

    if (!j)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    job_init(j, data, data, data + size, o, img);
    st = lines(f, j, err);
    if (st == E2D_OK && !j->any)
        st = e2d_fail(err, E2D_ERR_FORMAT, "no records: the file is empty");
    else if (st == E2D_OK && !j->ended)
        st = e2d_fail_at(err, E2D_ERR_FORMAT, j->t.line, 0,
                         "line %lu: the file ends %s: cut short?", j->t.line, f->no_end);
    if (st == E2D_OK)
        st = e2d_runs_close(&j->runs, err);
    e2d_runs_abandon(&j->runs);
    if (st == E2D_OK && img->count == first)
        st = e2d_fail(err, E2D_ERR_FORMAT, "no data records: nothing to program");
    if (st == E2D_OK && j->has_entry && !img->has_entry) {
        img->has_entry = true;
        img->entry = j->entry;
    }
    free(j);
    return st == E2D_OK ? e2d_text_settle(img, first, err) : st;
}

struct half {
    const struct text_format *f;
    struct text_job *job;
    struct e2d_error err;
    enum e2d_status st;
};

static void *second_half(void *arg)
{
    struct half *h = arg;
    h->st = lines(h->f, h->job, &h->err);
    if (h->st == E2D_OK)
        h->st = e2d_runs_close(&h->job->runs, &h->err);
    return NULL;
}

/* Both halves at once: the second on a thread into its own image, then
 * its segments (lines renumbered) and buffers move behind the first's.
 * Any fault, or halves that do not fit, and the text is parsed again in
 * one piece, which says exactly what is wrong where. */
static enum e2d_status parallel(const struct text_format *f, const uint8_t *data,
                                const uint8_t *split, uint64_t size,
                                const struct e2d_load_options *o, struct e2d_image *img,
                                struct e2d_error *err)
{
    struct text_job *a = calloc(1, f->size), *b = calloc(1, f->size);
    struct e2d_image second;
    struct half h = {f, b, {0}, E2D_OK};
    size_t first = img->count, owned = img->nowned;
    enum e2d_status st = E2D_ERR_NOMEM;
    pthread_t thread;
    bool started;

    e2d_image_init(&second);
    if (!a || !b)
        goto again;
    job_init(a, data, data, split, o, img);
    job_init(b, data, split, data + size, o, &second);
    f->resume(b, data, split);
    started = pthread_create(&thread, NULL, second_half, &h) == 0;
    if (!started)
        second_half(&h);
    st = lines(f, a, err);
    if (st == E2D_OK)
        st = e2d_runs_close(&a->runs, err);
    if (started)
        pthread_join(thread, NULL);
    if (st != E2D_OK || h.st != E2D_OK || !f->meet(a, b) || !(a->any || b->any) ||
        !(a->ended || b->ended) || (a->ended && b->any))
        goto again;
    for (size_t i = 0; i < second.count; i++) {
        struct e2d_segment s = second.segs[i];
        s.origin.line += (uint32_t)a->t.line;
        if ((st = e2d_image_add_from(img, s.addr, s.size, s.data, &s.origin, err)) != E2D_OK)
            goto again;
    }
    for (size_t i = 0; i < second.nowned; i++) {
        if ((st = e2d_image_adopt(img, second.owned[i], err)) != E2D_OK) {
            second.owned[i] = NULL; /* freed by the failed adopt */
            goto again;
        }
        second.owned[i] = NULL;
    }
    if (img->count == first)
        goto again; /* no data: the serial pass says so */
    if (!img->has_entry && (a->has_entry || b->has_entry)) {
        img->has_entry = true;
        img->entry = a->has_entry ? a->entry : b->entry;
    }
    /* A contradiction is worded by the lines of the runs it falls in,
     * which the halves cut differently: the one-piece pass words it. */
    if ((st = e2d_text_settle(img, first, err)) == E2D_OK) {
        e2d_runs_abandon(&a->runs);
        e2d_runs_abandon(&b->runs);
        e2d_image_free(&second);
        free(a);
        free(b);
        return E2D_OK;
    }
again:
    if (a)
        e2d_runs_abandon(&a->runs);
    if (b)
        e2d_runs_abandon(&b->runs);
    e2d_image_free(&second);
    e2d_image_truncate(img, first, owned);
    free(a);
    free(b);
    return serial(f, data, size, o, img, err);
}

enum e2d_status e2d_text_load(const struct text_format *f, const uint8_t *data, uint64_t size,
                          const struct e2d_load_options *o, struct e2d_image *img,
                          struct e2d_error *err)
{
    uint64_t min = o->parallel_min ? o->parallel_min : PARALLEL_MIN;
    const uint8_t *split, *nl;

    if (size < min || size < 2)
        return serial(f, data, size, o, img, err);
    /* Halves meet at a line start. */
    split = data + size / 2;
    nl = memchr(split, '\n', (size_t)(data + size - split));
    if (!nl || nl + 1 >= data + size)
        return serial(f, data, size, o, img, err);
    return parallel(f, data, nl + 1, size, o, img, err);
}
