/* SPDX-License-Identifier: BSD-2-Clause */
/* mkhex OUT ihex|srec [--len N] [--crlf] [--segment] [--width 2|3|4]
 *       [--shuffle SEED] [--random SEED:COUNT:BASE:SPAN] [ADDR:FILE...]
 *
 * Writes Intel HEX or S-record for the tests, written apart from the
 * library on purpose: the bytes of each FILE at ADDR (or COUNT random
 * pieces of random bytes in [BASE, BASE+SPAN), never overlapping), N data
 * bytes per record (default 16, at most 255), CRLF line ends, 02 (segment)
 * instead of 04 (linear) address records, a fixed S-record address width,
 * data records in a shuffled order. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct piece {
    uint32_t addr;
    uint32_t size;
    uint8_t *data;
};

struct rec {
    uint32_t addr;
    const uint8_t *data;
    uint32_t len;
};

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *eol = "\n";

static void hex_line(FILE *f, uint8_t len, uint16_t addr, uint8_t type, const uint8_t *d)
{
    uint8_t sum = (uint8_t)(len + (addr >> 8) + addr + type);
    fprintf(f, ":%02X%04X%02X", len, addr, type);
    for (unsigned i = 0; i < len; i++) {
        fprintf(f, "%02X", d[i]);
        sum = (uint8_t)(sum + d[i]);
    }
    fprintf(f, "%02X%s", (uint8_t)-sum, eol);
}

static void s_line(FILE *f, int type, uint32_t addr, int width, const uint8_t *d, unsigned len)
{
    uint8_t count = (uint8_t)(width + len + 1), sum = count;
    fprintf(f, "S%d%02X", type, count);
    for (int i = width - 1; i >= 0; i--) {
        uint8_t b = (uint8_t)(addr >> (8 * i));
        fprintf(f, "%02X", b);
        sum = (uint8_t)(sum + b);
    }
    for (unsigned i = 0; i < len; i++) {
        fprintf(f, "%02X", d[i]);
        sum = (uint8_t)(sum + d[i]);
    }
    fprintf(f, "%02X%s", (uint8_t)~sum, eol);
}

int main(int argc, char **argv)
{
    struct piece p[4096];
    struct rec *recs = NULL;
    size_t np = 0, nr = 0, cap = 0;
    unsigned len = 16, width = 0;
    bool srec, segment = false;
    uint64_t shuffle = 0;
    FILE *f;

    if (argc < 3 || (strcmp(argv[2], "ihex") != 0 && strcmp(argv[2], "srec") != 0)) {
        fprintf(stderr, "usage: mkhex OUT ihex|srec [options] ADDR:FILE...\n");
        return 2;
    }
    srec = strcmp(argv[2], "srec") == 0;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--len") == 0 && i + 1 < argc) {
            len = (unsigned)strtoul(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--crlf") == 0) {
            eol = "\r\n";
        } else if (strcmp(argv[i], "--segment") == 0) {
            segment = true;
        } else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
            width = (unsigned)strtoul(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--shuffle") == 0 && i + 1 < argc) {
            shuffle = strtoull(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--random") == 0 && i + 1 < argc) {
            char *s = argv[++i];
            uint64_t seed = strtoull(s, &s, 0), count, base, span, at;
            count = strtoull(s + 1, &s, 0);
            base = strtoull(s + 1, &s, 0);
            span = strtoull(s + 1, &s, 0);
            rng ^= seed * 0x9E3779B97F4A7C15ull;
            at = base;
            for (uint64_t k = 0; k < count && np < 4096; k++) {
                uint32_t gap = (uint32_t)(next() % 600), size = 1 + (uint32_t)(next() % 700);
                if (at + gap + size > base + span)
                    break;
                at += gap;
                p[np].addr = (uint32_t)at;
                p[np].size = size;
                p[np].data = malloc(size);
                for (uint32_t b = 0; b < size; b++)
                    p[np].data[b] = (uint8_t)next();
                at += size;
                np++;
            }
        } else {
            char *colon = strchr(argv[i], ':');
            FILE *in;
            long n;
            if (!colon || np == 4096)
                return fprintf(stderr, "mkhex: bad argument '%s'\n", argv[i]), 2;
            p[np].addr = (uint32_t)strtoul(argv[i], NULL, 0);
            in = fopen(colon + 1, "rb");
            if (!in || fseek(in, 0, SEEK_END) != 0 || (n = ftell(in)) < 0)
                return fprintf(stderr, "mkhex: cannot read '%s'\n", colon + 1), 2;
            rewind(in);
            p[np].size = (uint32_t)n;
            p[np].data = malloc((size_t)n + 1);
            if (fread(p[np].data, 1, (size_t)n, in) != (size_t)n)
                return 2;
            fclose(in);
            np++;
        }
    }
    if (len == 0 || len > 255 || (srec && len > 250))
        return fprintf(stderr, "mkhex: --len must be 1-255 (S-record: 1-250)\n"), 2;
    /* Cut the pieces into records that do not cross a 64 KiB boundary
     * (HEX addresses are 16-bit within a segment or linear block). */
    for (size_t i = 0; i < np; i++) {
        for (uint32_t off = 0; off < p[i].size;) {
            uint32_t a = p[i].addr + off, n = p[i].size - off < len ? p[i].size - off : len;
            uint32_t boundary = (a | 0xFFFF) + 1;
            if (!srec && boundary - a < n)
                n = boundary - a;
            if (nr == cap) {
                cap = cap ? 2 * cap : 1024;
                recs = realloc(recs, cap * sizeof *recs);
                if (!recs)
                    return 2;
            }
            recs[nr++] = (struct rec){a, p[i].data + off, n};
            off += n;
        }
    }
    if (shuffle) {
        rng ^= shuffle;
        for (size_t i = nr; i > 1; i--) {
            size_t j = (size_t)(next() % i);
            struct rec t = recs[i - 1];
            recs[i - 1] = recs[j];
            recs[j] = t;
        }
    }
    if (!(f = fopen(argv[1], "wb")))
        return perror(argv[1]), 2;
    if (srec) {
        uint32_t max = 0;
        for (size_t i = 0; i < nr; i++)
            if (recs[i].addr + recs[i].len > max)
                max = recs[i].addr + recs[i].len;
        if (!width)
            width = max <= 0x10000 ? 2 : max <= 0x1000000 ? 3 : 4;
        s_line(f, 0, 0, 2, (const uint8_t *)"mkhex", 5);
        for (size_t i = 0; i < nr; i++)
            s_line(f, (int)width - 1, recs[i].addr, (int)width, recs[i].data, recs[i].len);
        if (nr <= 0xFFFF)
            s_line(f, 5, (uint32_t)nr, 2, NULL, 0);
        s_line(f, 11 - (int)width, 0, (int)width, NULL, 0);
    } else {
        uint32_t upper = UINT32_MAX;
        for (size_t i = 0; i < nr; i++) {
            uint32_t hi = recs[i].addr >> 16;
            if (hi != upper) {
                uint8_t ela[2];
                upper = hi;
                if (segment) { /* a segment of hi << 12 paragraphs: base hi << 16 */
                    ela[0] = (uint8_t)(hi << 12 >> 8);
                    ela[1] = (uint8_t)(hi << 12);
                    hex_line(f, 2, 0, 2, ela);
                } else {
                    ela[0] = (uint8_t)(hi >> 8);
                    ela[1] = (uint8_t)hi;
                    hex_line(f, 2, 0, 4, ela);
                }
            }
            hex_line(f, (uint8_t)recs[i].len, (uint16_t)recs[i].addr, 0, recs[i].data);
        }
        hex_line(f, 0, 0, 1, NULL);
    }
    /* Freed so that the sanitizer build of the tests reports no leak. */
    free(recs);
    for (size_t i = 0; i < np; i++)
        free(p[i].data);
    return fclose(f) == 0 ? 0 : 2;
}
