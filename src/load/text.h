/* What the Intel HEX and S-record loaders share: lines, hex digits, runs of
 * adjacent records coalesced into segments, and the rule that a byte
 * written twice must be written with the same value. */
#ifndef ELF2DFU_LOAD_TEXT_H
#define ELF2DFU_LOAD_TEXT_H

#include <elf2dfu/load.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest line either format can have (S-record: "S3", a 255-byte
 * record in hex, CR): longer is an error, not a reason to buffer. */
#define TEXT_MAX_LINE 520

struct text {
    const uint8_t *base, *p, *end;
    unsigned long line; /* of the line last returned, 1-based */
    const struct e2d_load_options *o;
    uint64_t released;  /* bytes already handed to o->consumed */
};

void text_init(struct text *t, const uint8_t *data, uint64_t size,
               const struct e2d_load_options *o);

/* The next line without its LF or CRLF; false at the end of the text. */
bool text_next_line(struct text *t, const uint8_t **line, size_t *len);

/* Value of a hex digit, 0xFF for any other byte. */
extern const uint8_t e2d_hex_value[256];

/* n bytes from 2n hex digits; false at the first that is not a digit
 * (*bad: its index in the digits). */
bool text_hex_bytes(const uint8_t *digits, size_t n, uint8_t *out, size_t *bad);

/* A record line's bytes: the hex digits from column skip + 1 on (trailing
 * blanks ignored) into out (TEXT_MAX_LINE / 2 bytes); *n: how many. On a
 * fault, err names the line and column (the format's name in what). */
enum e2d_status text_record(const struct text *t, const uint8_t *line, size_t len, size_t skip,
                            uint8_t *out, size_t *n, struct e2d_error *err);

/* Whether a line holds nothing but blanks. */
bool text_blank(const uint8_t *line, size_t len);

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

void runs_init(struct runs *r, struct e2d_image *img, const struct e2d_load_options *o);

/* Where to put n bytes that a record at line gives for addr. */
uint8_t *runs_at(struct runs *r, uint64_t addr, size_t n, unsigned long line,
                 struct e2d_error *err);

/* Closes the last run, then settles overlaps among this input's segments:
 * a byte given twice with the same value is kept once; with different
 * values it is an error naming both records' lines. */
enum e2d_status runs_finish(struct runs *r, struct e2d_error *err);

/* Frees what a failed load left open. */
void runs_abandon(struct runs *r);

/* Loaders for one format each (ihex.c, srec.c). */
enum e2d_status e2d_ihex_load(const uint8_t *data, uint64_t size,
                              const struct e2d_load_options *o, struct e2d_image *img,
                              struct e2d_error *err);
enum e2d_status e2d_srec_load(const uint8_t *data, uint64_t size,
                              const struct e2d_load_options *o, struct e2d_image *img,
                              struct e2d_error *err);

#endif
