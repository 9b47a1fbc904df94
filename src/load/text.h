/* SPDX-License-Identifier: BSD-2-Clause */
/* What the Intel HEX and S-record loaders share: lines, hex digits, runs of
 * adjacent records coalesced into segments, and the rule that a byte
 * written twice must be written with the same value. */
#ifndef ELF2DFU_LOAD_TEXT_H
#define ELF2DFU_LOAD_TEXT_H

#include "internal.h"

#include <elf2dfu/load.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The longest line either format can have (S-record: "S3", a 255-byte
 * record in hex, CR): longer is an error, not a reason to buffer. */
#define TEXT_MAX_LINE 520

struct text {
    const uint8_t *base;   /* the whole text: offsets for o->consumed */
    const uint8_t *p, *end; /* what is left of this text (or half of it) */
    unsigned long line;    /* of the line last returned, 1-based within this part */
    const struct e2d_load_options *o;
    const uint8_t *released; /* handed to o->consumed up to here */
};

/* The next line without its LF or CRLF; false at the end of the text.
 * hint: the line's length if the record's own length field is right (then
 * no search for its end), or 0. */
bool e2d_text_next_line(struct text *t, size_t hint, const uint8_t **line, size_t *len);

/* Value of a hex digit, 0xFF for any other byte. */
extern const uint8_t e2d_hex_value[256];

/* The value of the two hex digits at p, or -1. */
static inline int text_hex_pair(const uint8_t *p)
{
    unsigned hi = e2d_hex_value[p[0]], lo = e2d_hex_value[p[1]];
    return (hi | lo) & 0xF0 ? -1 : (int)(hi << 4 | lo);
}

/* n bytes from 2n hex digits into out, their sum added to *sum; false if
 * any is not a hex digit (out is then partly written). The fast path,
 * inlined into each format's: e2d_text_record finds where and why. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight hex digits to four bytes in a 64-bit word, all byte lanes at once
 * (no carries cross lanes: every lane keeps its top bit for the tests).
 * *ok loses its top bits where a lane is not a hex digit. */
#define TEXT_LANES(b) (0x0101010101010101ull * (b))
static inline uint32_t text_swar8(const uint8_t *digits, uint64_t *ok)
{
    const uint64_t high = TEXT_LANES(0x80);
    uint64_t v, lower, digit, letter, nib, t;

    memcpy(&v, digits, 8);
    lower = v | TEXT_LANES(0x20); /* 'A'-'F' as 'a'-'f'; digits unchanged */
    /* Digits are tested on v: lower would also turn 0x10-0x19 into '0'-'9'. */
    digit = ((v | high) - TEXT_LANES('0')) & ((high | TEXT_LANES('9')) - v);
    letter = ((lower | high) - TEXT_LANES('a')) & ((high | TEXT_LANES('f')) - lower);
    *ok &= (digit | letter) & ~v & high;
    nib = (lower & TEXT_LANES(0x0F)) + ((lower >> 6) & TEXT_LANES(1)) * 9;
    t = ((nib << 4) | (nib >> 8)) & 0x00FF00FF00FF00FFull;
    t = (t | (t >> 8)) & 0x0000FFFF0000FFFFull;
    return (uint32_t)(t | (t >> 16));
}
#endif

#ifdef __SSE2__
#include <emmintrin.h>
/* Sixteen hex digits to eight bytes, stored at out; *ok loses lanes that
 * are not hex digits, *acc gains the bytes' sum (in its low 64 bits). The
 * SWAR step above, twice as wide: every x86-64 has SSE2. */
static inline void text_sse2_16(const uint8_t *digits, uint8_t *out, __m128i *ok, __m128i *acc)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)digits);
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    /* Signed compares: bytes from 0x80 on are negative and fail both. */
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
    const __m128i nib = _mm_add_epi8(_mm_and_si128(lower, _mm_set1_epi8(0x0F)),
                                     _mm_and_si128(letter, _mm_set1_epi8(9)));
    /* Each 16-bit lane holds high nibble then low nibble (little endian). */
    const __m128i pairs = _mm_or_si128(_mm_and_si128(_mm_slli_epi16(nib, 4), _mm_set1_epi16(0x00F0)),
                                       _mm_srli_epi16(nib, 8));
    const __m128i bytes = _mm_packus_epi16(pairs, pairs);

    *ok = _mm_and_si128(*ok, _mm_or_si128(digit, letter));
    *acc = _mm_add_epi64(*acc, _mm_sad_epu8(bytes, _mm_setzero_si128()));
    _mm_storel_epi64((__m128i *)(void *)out, bytes);
}
#endif

static inline bool text_hex_sum(const uint8_t *digits, size_t n, uint8_t *out, uint8_t *sum)
{
    unsigned bad = 0, acc = *sum;
    size_t i = 0;

#ifdef __SSE2__
    if (n >= 8) {
        __m128i ok = _mm_set1_epi8(-1), total = _mm_setzero_si128();
        for (; i + 8 <= n; i += 8)
            text_sse2_16(digits + 2 * i, out + i, &ok, &total);
        if (_mm_movemask_epi8(ok) != 0xFFFF)
            return false;
        acc += (unsigned)_mm_cvtsi128_si32(total);
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    {
        uint64_t ok = TEXT_LANES(0x80);
        for (; i + 4 <= n; i += 4) {
            uint32_t w = text_swar8(digits + 2 * i, &ok);
            memcpy(out + i, &w, 4);
            acc += (w & 0xFF) + (w >> 8 & 0xFF) + (w >> 16 & 0xFF) + (w >> 24);
        }
        if (ok != TEXT_LANES(0x80))
            return false;
    }
#endif
    for (; i < n; i++) {
        unsigned hi = e2d_hex_value[digits[2 * i]], lo = e2d_hex_value[digits[2 * i + 1]];
        uint8_t b = (uint8_t)(hi << 4 | lo);
        bad |= hi | lo;
        out[i] = b;
        acc += b;
    }
    *sum = (uint8_t)acc;
    return !(bad & 0xF0);
}

/* A format error at a column of the line t returned last: "line N: " and
 * the formatted words. */
enum e2d_status e2d_text_fail(const struct text *t, unsigned long column, struct e2d_error *err,
                              const char *fmt, ...) E2D_PRINTF(4, 5);

/* n bytes from 2n hex digits; false at the first that is not a digit
 * (*bad: its index in the digits). */
bool e2d_text_hex_bytes(const uint8_t *digits, size_t n, uint8_t *out, size_t *bad);

/* A record line's bytes: the hex digits from column skip + 1 on (trailing
 * blanks ignored) into out (TEXT_MAX_LINE / 2 bytes); *n: how many. On a
 * fault, err names the line and column. */
enum e2d_status e2d_text_record(const struct text *t, const uint8_t *line, size_t len, size_t skip,
                            uint8_t *out, size_t *n, struct e2d_error *err);

/* Whether a line holds nothing but blanks. */
bool e2d_text_blank(const uint8_t *line, size_t len);

/* Coalesces records into segments: each record's bytes go on the open run
 * when they start where it ends; otherwise the run becomes a segment (its
 * buffer owned by the image) and a new one starts. */
struct runs {
    struct e2d_image *img;
    const struct e2d_load_options *o;
    size_t first_seg; /* this input's segments in img start here */
    uint8_t *buf;
    size_t len, cap;
    uint64_t start;
    unsigned long line; /* of the run's first record */
    bool open;
};

void e2d_runs_init(struct runs *r, struct e2d_image *img, const struct e2d_load_options *o);

/* Closes the open run into a segment. */
enum e2d_status e2d_runs_close(struct runs *r, struct e2d_error *err);

/* Where to put n bytes that a record at line gives for addr. */
uint8_t *e2d_runs_at(struct runs *r, uint64_t addr, size_t n, unsigned long line,
                 struct e2d_error *err);

/* Takes back the last n bytes e2d_runs_at gave (a record the fast path could
 * not take after all). */
void e2d_runs_unput(struct runs *r, size_t n);

/* Settles overlaps among an input's segments (img->segs from first on): a
 * byte given twice with the same value is kept once; with different
 * values it is an error naming both records' lines. */
enum e2d_status e2d_text_settle(struct e2d_image *img, size_t first, struct e2d_error *err);

/* Frees what a failed load left open. */
void e2d_runs_abandon(struct runs *r);

/* A format's parser over a part of the text. Every format's state begins
 * with this. */
struct text_job {
    struct text t;
    struct runs runs;
    bool any;       /* a record was seen */
    bool ended;     /* the end record was seen */
    bool has_entry; /* a start address was seen */
    uint64_t entry;
};

struct text_format {
    size_t size; /* of the format's state, which begins with a struct text_job */
    char lead;   /* the character every record starts with */
    /* Where the line at p ends if its record's length field is right. */
    size_t (*hint)(const uint8_t *p, const uint8_t *end);
    /* The common case (a whole data record) straight into the runs; false
     * leaves the line to record(), which also words the faults. */
    bool (*fast)(struct text_job *j, const uint8_t *line, size_t len, struct e2d_error *err,
                 enum e2d_status *st);
    enum e2d_status (*record)(struct text_job *j, const uint8_t *line, size_t len,
                              struct e2d_error *err);
    /* The second half's job begins where the first leaves off: it takes
     * the state in force at split from the text before it (HEX: the last
     * address record). */
    void (*resume)(struct text_job *second, const uint8_t *text, const uint8_t *split);
    /* Whether the halves fit together (S-record counts); if not, the whole
     * text is parsed again in one piece to say what is wrong, where. */
    bool (*meet)(const struct text_job *first, const struct text_job *second);
    const char *not_record; /* "expected a record (':') at the start of the line" */
    const char *after_end;  /* "data after the end-of-file record: ..." */
    const char *no_end;     /* "without its end-of-file record (:00000001FF)" */
};

/* Parses a text with a format: in one piece, or in two halves on two
 * threads when it is large, with the same result either way. */
enum e2d_status e2d_text_load(const struct text_format *f, const uint8_t *data, uint64_t size,
                          const struct e2d_load_options *o, struct e2d_image *img,
                          struct e2d_error *err);

extern const struct text_format e2d_ihex_format, e2d_srec_format;

#endif
