/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/dfuse.h>

#include "bytes.h"
#include "format.h"
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void e2d_dfuse_file_init(struct e2d_dfuse_file *f)
{
    if (!f)
        return;
    memset(f, 0, sizeof *f);
    e2d_findings_init(&f->findings);
}

void e2d_dfuse_file_free(struct e2d_dfuse_file *f)
{
    if (!f)
        return;
    free(f->targets);
    free(f->elements);
    e2d_findings_free(&f->findings);
    e2d_dfuse_file_init(f);
}

/* A field that contradicts the rest of the file: reported, parsing goes on. */
static enum e2d_status report(struct e2d_dfuse_file *f, enum e2d_severity sev, const char *code,
                              uint64_t offset, struct e2d_error *err, const char *fmt, ...)
    E2D_PRINTF(6, 7);

#define problem(f, ...) report(f, E2D_SEV_ERROR, __VA_ARGS__)

static enum e2d_status report(struct e2d_dfuse_file *f, enum e2d_severity sev, const char *code,
                              uint64_t offset, struct e2d_error *err, const char *fmt, ...)
{
    struct e2d_finding where = {.severity = sev, .code = code, .alt = -1,
                                .has_offset = true, .offset = offset};
    enum e2d_status st;
    va_list ap;

    va_start(ap, fmt);
    st = e2d_finding_vadd(&f->findings, &where, err, fmt, ap);
    va_end(ap);
    return st;
}

/* Signature bytes as text, with \xNN for anything unprintable; out holds
 * 4 * n + 1 characters. */
static void printable(char *out, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
            *out++ = (char)p[i];
        } else {
            *out++ = '\\';
            *out++ = 'x';
            *out++ = hex[p[i] >> 4];
            *out++ = hex[p[i] & 15];
        }
    }
    *out = '\0';
}

static enum e2d_status read_suffix(struct e2d_dfuse_file *f, const uint8_t *b, uint64_t len,
                                   struct e2d_error *err)
{
    const uint8_t *s = b + len - E2D_DFU_SUFFIX_SIZE;
    uint64_t off = len - E2D_DFU_SUFFIX_SIZE;
    enum e2d_status st = E2D_OK;

    if (memcmp(s + SUFFIX_SIGNATURE, SUFFIX_SIGNATURE_TEXT, 3) != 0) {
        char got[4 * 3 + 1];
        printable(got, s + SUFFIX_SIGNATURE, 3);
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset %" PRIu64 ": DFU suffix signature is \"%s\", expected \"UFD\" "
                        "(is the suffix missing?)",
                        off + 8, got);
    }
    /* The DFU spec lets a suffix grow; dfu-util and fwupd take a longer
     * one and end the firmware where it begins. */
    if (s[SUFFIX_LENGTH] < E2D_DFU_SUFFIX_SIZE)
        return e2d_fail(err, E2D_ERR_FORMAT, "offset %" PRIu64 ": bLength is %u, expected 16",
                        off + SUFFIX_LENGTH, s[SUFFIX_LENGTH]);
    if (s[SUFFIX_LENGTH] > len - E2D_DFUSE_PREFIX_SIZE)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset %" PRIu64 ": bLength is %u, longer than the file after the "
                        "DfuSe prefix",
                        off + SUFFIX_LENGTH, s[SUFFIX_LENGTH]);
    f->suffix_size = s[SUFFIX_LENGTH];
    f->ids.bcd_device = le16_read(s + SUFFIX_BCD_DEVICE);
    f->ids.pid = le16_read(s + SUFFIX_PID);
    f->ids.vid = le16_read(s + SUFFIX_VID);
    f->bcd_dfu = le16_read(s + SUFFIX_BCD_DFU);
    f->crc_stored = le32_read(s + SUFFIX_CRC);
    f->crc_computed = e2d_dfu_crc(E2D_DFU_CRC_INIT, b, (size_t)(len - 4));
    if (f->bcd_dfu != E2D_DFU_BCD)
        st = problem(f, "bcd-dfu", off + SUFFIX_BCD_DFU, err, "bcdDFU is 0x%04X, expected 0x%04X (dfu-util refuses the file)",
                     f->bcd_dfu, E2D_DFU_BCD);
    if (st == E2D_OK && f->suffix_size != E2D_DFU_SUFFIX_SIZE)
        st = report(f, E2D_SEV_WARNING, "suffix-length", off + SUFFIX_LENGTH, err,
                    "bLength is %u: a suffix longer than the usual 16 bytes (dfu-util and fwupd "
                    "accept it; other tools may not)",
                    f->suffix_size);
    if (st == E2D_OK && f->crc_stored != f->crc_computed)
        st = problem(f, "crc", off + SUFFIX_CRC, err, "dwCRC is 0x%08" PRIX32 ", expected 0x%08" PRIX32
                     " (the file is corrupt; every client refuses it)",
                     f->crc_stored, f->crc_computed);
    return st;
}

static enum e2d_status read_elements(struct e2d_dfuse_file *f, struct e2d_dfuse_target *t,
                                     size_t tindex, const uint8_t *b, uint64_t *off,
                                     uint64_t end, size_t *cap, struct e2d_error *err)
{
    uint64_t sum = 0;
    enum e2d_status st;

    /* Each element takes at least its 8-byte header: refuse a count the file
     * cannot hold before allocating for it. */
    if (t->nelements > (end - *off) / E2D_DFUSE_ELEMENT_HEADER_SIZE)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset %" PRIu64 ": target %zu: dwNbElements is %" PRIu32
                        ", but only %" PRIu64 " byte%s remain before the suffix",
                        t->offset + TARGET_ELEMENTS, tindex, t->nelements, end - *off, E2D_S(end - *off));
    st = e2d_grow((void **)&f->elements, cap, f->nelements + t->nelements, sizeof *f->elements,
                  err);
    if (st != E2D_OK)
        return st;
    t->first_element = f->nelements;
    for (uint32_t i = 0; i < t->nelements; i++) {
        struct e2d_dfuse_element *e = &f->elements[f->nelements];
        if (end - *off < E2D_DFUSE_ELEMENT_HEADER_SIZE)
            return e2d_fail(err, E2D_ERR_FORMAT,
                            "offset %" PRIu64 ": target %zu, element %" PRIu32
                            ": header runs into the suffix",
                            *off, tindex, i);
        e->offset = *off;
        e->span.addr = le32_read(b + *off + ELEMENT_ADDR);
        e->span.size = le32_read(b + *off + ELEMENT_SIZE);
        *off += E2D_DFUSE_ELEMENT_HEADER_SIZE;
        if (e->span.size > end - *off)
            return e2d_fail(err, E2D_ERR_FORMAT,
                            "offset %" PRIu64 ": target %zu, element %" PRIu32
                            ": dwElementSize is %" PRIu32 ", but only %" PRIu64
                            " byte%s remain before the suffix",
                            e->offset + ELEMENT_SIZE, tindex, i, e->span.size, end - *off, E2D_S(end - *off));
        e->span.data = b + *off;
        *off += e->span.size;
        sum += E2D_DFUSE_ELEMENT_HEADER_SIZE + (uint64_t)e->span.size;
        f->nelements++;
    }
    if (sum != t->size_field)
        return problem(f, "target-size", t->offset + TARGET_SIZE, err,
                       "target %zu: dwTargetSize is %" PRIu32 ", expected %" PRIu64
                       " (its elements' sizes plus 8 bytes each)",
                       tindex, t->size_field, sum);
    return E2D_OK;
}

static enum e2d_status read_target(struct e2d_dfuse_file *f, const uint8_t *b, uint64_t *off,
                                   uint64_t end, size_t *tcap, size_t *ecap,
                                   struct e2d_error *err)
{
    struct e2d_dfuse_target *t;
    size_t index = f->ntargets;
    enum e2d_status st;

    if (end - *off < E2D_DFUSE_TARGET_SIZE)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset %" PRIu64 ": target %zu: its 274-byte prefix runs into the suffix "
                        "(%" PRIu64 " byte%s left)",
                        *off, index, end - *off, E2D_S(end - *off));
    if (memcmp(b + *off, TARGET_SIGNATURE, TARGET_SIGNATURE_LEN) != 0) {
        char got[4 * 6 + 1];
        printable(got, b + *off, 6);
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset %" PRIu64 ": target %zu: signature is \"%s\", expected \"Target\"",
                        *off, index, got);
    }
    st = e2d_grow((void **)&f->targets, tcap, f->ntargets + 1, sizeof *f->targets, err);
    if (st != E2D_OK)
        return st;
    t = &f->targets[f->ntargets++];
    memset(t, 0, sizeof *t);
    t->offset = *off;
    t->alt = b[*off + TARGET_ALT];
    t->named = le32_read(b + *off + TARGET_NAMED) != 0;
    if (t->named) {
        memcpy(t->name, b + *off + TARGET_NAME, TARGET_NAME_LEN);
        t->name[255] = '\0';
    }
    t->size_field = le32_read(b + *off + TARGET_SIZE);
    t->nelements = le32_read(b + *off + TARGET_ELEMENTS);
    *off += E2D_DFUSE_TARGET_SIZE;
    return read_elements(f, t, index, b, off, end, ecap, err);
}

enum e2d_status e2d_dfuse_read(struct e2d_dfuse_file *f, const void *buf, uint64_t len,
                               struct e2d_error *err)
{
    const uint8_t *b = buf;
    uint64_t off = E2D_DFUSE_PREFIX_SIZE, end;
    size_t tcap = 0, ecap = 0;
    enum e2d_status st;

    if (!f)
        return e2d_fail(err, E2D_ERR_ARG, "no file object given");
    e2d_dfuse_file_init(f);
    if (!buf)
        return e2d_fail(err, E2D_ERR_ARG, "no bytes given");
    f->size = len;
    if (len < E2D_DFUSE_PREFIX_SIZE + E2D_DFU_SUFFIX_SIZE)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "%" PRIu64 " bytes: too short for a DfuSe file (at least 27)", len);
    if (memcmp(b, PREFIX_SIGNATURE, PREFIX_SIGNATURE_LEN) != 0) {
        char got[4 * 5 + 1];
        printable(got, b, 5);
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "offset 0: signature is \"%s\", expected \"DfuSe\" (not a DfuSe file)", got);
    }
    if ((st = read_suffix(f, b, len, err)) != E2D_OK)
        goto fail;
    end = len - f->suffix_size;
    if (b[PREFIX_VERSION] != PREFIX_VERSION_VALUE &&
        (st = problem(f, "version", PREFIX_VERSION, err, "bVersion is %u, expected 1",
                      b[PREFIX_VERSION])) != E2D_OK)
        goto fail;
    f->image_size = le32_read(b + PREFIX_IMAGE_SIZE);
    f->ntargets_field = b[PREFIX_TARGETS];
    /* UM0391 says "total file length"; fwupd wants it without the suffix
     * and dfuse-pack counts the suffix: both are accepted. */
    if (f->image_size != end && f->image_size != len &&
        (st = problem(f, "image-size", 6, err,
                      "DFUImageSize is %" PRIu32 ", expected %" PRIu64
                      " (the file size without the suffix)",
                      f->image_size, end)) != E2D_OK)
        goto fail;
    for (unsigned i = 0; i < f->ntargets_field; i++)
        if ((st = read_target(f, b, &off, end, &tcap, &ecap, err)) != E2D_OK)
            goto fail;
    if (off != end) {
        /* More data before the suffix: further targets bTargets did not count,
         * or garbage. */
        if (end - off >= E2D_DFUSE_TARGET_SIZE && memcmp(b + off, TARGET_SIGNATURE, TARGET_SIGNATURE_LEN) == 0) {
            while (off < end && f->ntargets < 255)
                if ((st = read_target(f, b, &off, end, &tcap, &ecap, err)) != E2D_OK)
                    goto fail;
            if (off < end) {
                st = e2d_fail(err, E2D_ERR_LIMIT,
                              "offset %" PRIu64 ": more than 255 targets: DfuSe counts them in "
                              "one byte",
                              off);
                goto fail;
            }
            st = problem(f, "target-count", 10, err,
                         "bTargets is %u, but %zu targets follow", f->ntargets_field,
                         f->ntargets);
        } else {
            st = problem(f, "trailing-data", off, err,
                         "%" PRIu64 " unexpected bytes between the last element and the suffix",
                         end - off);
        }
        if (st != E2D_OK)
            goto fail;
    }
    return E2D_OK;
fail:
    e2d_dfuse_file_free(f);
    return st;
}
