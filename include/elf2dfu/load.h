/* SPDX-License-Identifier: BSD-2-Clause */
/* Inputs of every format behind one call: a linked ELF (Keil .axf and IAR
 * .out are ELF too), Intel HEX, Motorola S-record, or a raw binary at an
 * address. The format is probed from the content unless given; several
 * inputs load into one image, each segment remembering its file.
 *
 * Calling sequence, per input:
 *
 *   e2d_input_open(&in, path, &err);               (or any bytes in memory)
 *   e2d_load_options_init(&o);  o.name = path ... ;
 *   e2d_source_load(&src, in.data, in.size, &o, &img, &err);
 *   ... plan and write from img ...
 *   e2d_image_free(&img);  e2d_source_close(src);  e2d_input_close(&in);
 *
 * ELF and binary segments borrow from the bytes given, so those (and the
 * source) must outlive the image; HEX and S-record bytes are decoded into
 * memory the image owns. */
#ifndef ELF2DFU_LOAD_H
#define ELF2DFU_LOAD_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/image.h>
#include <stdbool.h>
#include <stdint.h>

E2D_BEGIN_DECLS

enum e2d_format {
    E2D_FORMAT_AUTO,    /* probe the content */
    E2D_FORMAT_ELF,
    E2D_FORMAT_IHEX,
    E2D_FORMAT_SREC,
    E2D_FORMAT_BIN,     /* raw bytes at an address */
    E2D_FORMAT_DFUSE,   /* recognised so it can be refused with a hint */
    E2D_FORMAT_UNKNOWN,
};

/* What the content looks like: ELF by its signature, DfuSe by its prefix,
 * Intel HEX by a ':' record, S-record by an 'S' and digit (after blank
 * lines); else UNKNOWN. A raw binary cannot be recognised. */
E2D_API enum e2d_format e2d_format_probe(const uint8_t *data, uint64_t size);

E2D_API const char *e2d_format_name(enum e2d_format f); /* "ELF", "Intel HEX" ... */
/* The name e2d_format_parse takes, for machines (JSON): "elf", "ihex",
 * "srec", "bin", "dfuse"; "auto" and "unknown" for the others. */
E2D_API const char *e2d_format_key(enum e2d_format f);

/* "elf", "ihex" (or "hex"), "srec" (or "s19", "mot"), "bin"; false if none. */
E2D_API bool e2d_format_parse(const char *name, enum e2d_format *out);

struct e2d_load_options {
    enum e2d_format format;  /* E2D_FORMAT_AUTO: probed */
    bool has_addr;           /* a raw binary's address (FILE@ADDR): required for BIN */
    uint64_t addr;
    const char *name;        /* names the input in its segments' origins (when several
                                inputs are merged); NULL: not named. Must outlive img */
    const struct e2d_log *log;
    /* Text formats are parsed front to back: the bytes [from, to) will not
     * be read again, so a caller that mapped the file may drop their pages
     * (e2d_input_release) and keep memory to the payload's size. Called
     * from two threads at once when a large text is parsed in halves. */
    void (*consumed)(void *ctx, uint64_t from, uint64_t to);
    void *consumed_ctx;
    /* Texts from this size on are parsed in two halves on two threads
     * (the result is the same); 0: 16 MiB. */
    uint64_t parallel_min;
};

E2D_API void e2d_load_options_init(struct e2d_load_options *o);

struct e2d_source; /* a loaded input: what its segments need kept open */

/* Appends the input's bytes to img. Intel HEX: record types 00-05, any
 * record length, either case, LF or CRLF; S-record: S0-S9 with 16-, 24- and
 * 32-bit addresses, S5/S6 counts checked. In both, the same byte written
 * twice must have the same value, and a start address is kept in img
 * (reported, never programmed). A fault in a text input sets err->line. */
E2D_API enum e2d_status e2d_source_load(struct e2d_source **out, const uint8_t *data, uint64_t size,
                                const struct e2d_load_options *o, struct e2d_image *img,
                                struct e2d_error *err);

E2D_API enum e2d_format e2d_source_format(const struct e2d_source *s);

/* Safe on NULL. */
E2D_API void e2d_source_close(struct e2d_source *s);

E2D_END_DECLS

#endif
