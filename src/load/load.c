/* SPDX-License-Identifier: BSD-2-Clause */
/* The one way in: probes the format, runs its loader, names the input in
 * the segments it added. */
#include <elf2dfu/elf.h>
#include <elf2dfu/load.h>

#include "internal.h"
#include "text.h"

#include <ctype.h>
#include <ar.h>
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct e2d_source {
    enum e2d_format format;
    struct e2d_elf *elf; /* ELF segments borrow names and bytes through it */
};

void e2d_load_options_init(struct e2d_load_options *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

enum e2d_format e2d_format_probe(const uint8_t *data, uint64_t size)
{
    uint64_t i = 0;

    if (!data)
        return E2D_FORMAT_UNKNOWN;
    /* An archive (.a) goes to the ELF loader, which says what it is. */
    if ((size >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0) ||
        (size >= SARMAG && memcmp(data, ARMAG, SARMAG) == 0))
        return E2D_FORMAT_ELF;
    if (size >= 5 && memcmp(data, "DfuSe", 5) == 0)
        return E2D_FORMAT_DFUSE;
    /* Text formats may start with blank lines. */
    while (i < size && i < 4096 && isspace(data[i]))
        i++;
    if (size - i >= 2 && data[i] == ':' && e2d_hex_value[data[i + 1]] != 0xFF)
        return E2D_FORMAT_IHEX;
    if (size - i >= 2 && data[i] == 'S' && data[i + 1] >= '0' && data[i + 1] <= '9')
        return E2D_FORMAT_SREC;
    return E2D_FORMAT_UNKNOWN;
}

/* Per format: the key --format and JSON use, and the name messages use. */
static const struct {
    const char *key, *name;
} formats[] = {
    [E2D_FORMAT_AUTO] = {"auto", "probed"},      [E2D_FORMAT_ELF] = {"elf", "ELF"},
    [E2D_FORMAT_IHEX] = {"ihex", "Intel HEX"},   [E2D_FORMAT_SREC] = {"srec", "S-record"},
    [E2D_FORMAT_BIN] = {"bin", "raw binary"},    [E2D_FORMAT_DFUSE] = {"dfuse", "DfuSe"},
    [E2D_FORMAT_UNKNOWN] = {"unknown", "unknown"},
};

/* Any value, also one a caller made up, has an entry. */
static size_t format_index(enum e2d_format f)
{
    return (size_t)f < sizeof formats / sizeof formats[0] ? (size_t)f : E2D_FORMAT_UNKNOWN;
}

const char *e2d_format_name(enum e2d_format f)
{
    return formats[format_index(f)].name;
}

const char *e2d_format_key(enum e2d_format f)
{
    return formats[format_index(f)].key;
}

bool e2d_format_parse(const char *name, enum e2d_format *out)
{
    static const struct {
        const char *name;
        enum e2d_format f;
    } names[] = {
        {"elf", E2D_FORMAT_ELF},   {"ihex", E2D_FORMAT_IHEX}, {"hex", E2D_FORMAT_IHEX},
        {"srec", E2D_FORMAT_SREC}, {"s19", E2D_FORMAT_SREC},  {"mot", E2D_FORMAT_SREC},
        {"bin", E2D_FORMAT_BIN},
    };

    for (size_t i = 0; name && out && i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    }
    return false;
}

static enum e2d_status load_bin(const uint8_t *data, uint64_t size,
                                const struct e2d_load_options *o, struct e2d_image *img,
                                struct e2d_error *err)
{
    struct e2d_origin origin = {.file = o->name, .index = E2D_NO_INDEX};

    if (!o->has_addr)
        return e2d_fail(err, E2D_ERR_ARG,
                        "a raw binary needs the address it goes to: FILE@0x08000000");
    if (size == 0)
        return e2d_fail(err, E2D_ERR_FORMAT, "is empty: nothing to program");
    if (o->addr > UINT32_MAX || size > (1ull << 32) - o->addr)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "%" PRIu64 " bytes at 0x%" PRIX64 " run past 4 GiB: DfuSe addresses "
                        "are 32-bit",
                        size, o->addr);
    return e2d_image_add_from(img, o->addr, size, data, &origin, err);
}

static enum e2d_status load_elf(struct e2d_source *s, const uint8_t *data, uint64_t size,
                                const struct e2d_load_options *o, struct e2d_image *img,
                                struct e2d_error *err)
{
    enum e2d_status st = e2d_elf_open_mem(&s->elf, data, (size_t)size, err);

    if (st == E2D_OK)
        st = e2d_elf_load(s->elf, img, o->log, err);
    return st;
}

enum e2d_status e2d_source_load(struct e2d_source **out, const uint8_t *data, uint64_t size,
                                const struct e2d_load_options *o, struct e2d_image *img,
                                struct e2d_error *err)
{
    struct e2d_source *s;
    size_t first;
    enum e2d_status st;

    if (!out || !o || !img || (!data && size))
        return e2d_fail(err, E2D_ERR_ARG, "no source, options, image or data given");
    *out = NULL;
    if (size > SIZE_MAX)
        return e2d_fail(err, E2D_ERR_LIMIT, "too large for this machine's address space");
    if (!(s = calloc(1, sizeof *s)))
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    s->format = o->format != E2D_FORMAT_AUTO ? o->format
                : o->has_addr                 ? E2D_FORMAT_BIN
                                              : e2d_format_probe(data, size);
    first = img->count;
    if (size == 0 && s->format != E2D_FORMAT_BIN) {
        e2d_source_close(s);
        return e2d_fail(err, E2D_ERR_FORMAT, "empty file: nothing to convert");
    }
    switch (s->format) {
    case E2D_FORMAT_ELF:
        st = load_elf(s, data, size, o, img, err);
        break;
    case E2D_FORMAT_IHEX:
        st = e2d_text_load(&e2d_ihex_format, data, size, o, img, err);
        break;
    case E2D_FORMAT_SREC:
        st = e2d_text_load(&e2d_srec_format, data, size, o, img, err);
        break;
    case E2D_FORMAT_BIN:
        st = load_bin(data, size, o, img, err);
        break;
    case E2D_FORMAT_DFUSE:
        st = e2d_fail(err, E2D_ERR_FORMAT,
                      "is already a DfuSe file: see 'elf2dfu inspect', or pass the .elf");
        break;
    default:
        st = e2d_fail(err, E2D_ERR_FORMAT,
                      "not an ELF, Intel HEX or S-record file (no \\177ELF signature, no ':' "
                      "or 'S' record at the start): for a raw binary give its address, "
                      "FILE@0x08000000");
        break;
    }
    if (st != E2D_OK) {
        e2d_source_close(s);
        return st;
    }
    for (size_t i = first; i < img->count; i++)
        img->segs[i].origin.file = o->name;
    *out = s;
    return E2D_OK;
}

enum e2d_format e2d_source_format(const struct e2d_source *s)
{
    return s ? s->format : E2D_FORMAT_UNKNOWN;
}

void e2d_source_close(struct e2d_source *s)
{
    if (!s)
        return;
    e2d_elf_close(s->elf);
    free(s);
}
