/* SPDX-License-Identifier: BSD-2-Clause */
/* mkdfu OUT [--name-hex HEX] TARGET...
 *   TARGET = ALT[:NAME]=ADDR+SIZE[/BYTE][,ADDR+SIZE[/BYTE]...]
 * Writes a DfuSe file exactly as described (zero-length, descending,
 * overlapping or wrapping elements included), with a correct suffix CRC.
 * Test-only: written from UM0391 with zlib, independent of libelf2dfu, so
 * that the tests can hand the reader what no planner would produce.
 * --name-hex gives the next target's name as hex bytes (control bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint8_t *buf;
static size_t len, cap;

static void put(const void *p, size_t n)
{
    if (len + n > cap) {
        cap = (len + n) * 2 + 4096;
        buf = realloc(buf, cap);
        if (!buf)
            exit(2);
    }
    memcpy(buf + len, p, n);
    len += n;
}

static void put32(uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, 4);
}

static void set32(size_t off, uint32_t v)
{
    buf[off] = (uint8_t)v;
    buf[off + 1] = (uint8_t)(v >> 8);
    buf[off + 2] = (uint8_t)(v >> 16);
    buf[off + 3] = (uint8_t)(v >> 24);
}

static void hex_name(const char *hex, char *name, size_t size)
{
    size_t n = 0;
    for (; hex[0] && hex[1] && n + 1 < size; hex += 2) {
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1)
            break;
        name[n++] = (char)v;
    }
    name[n] = '\0';
}

int main(int argc, char **argv)
{
    char next_name[256] = "";
    int ntargets = 0;
    FILE *f;
    uLong crc;

    if (argc < 2) {
        fprintf(stderr, "usage: mkdfu OUT [--name-hex HEX] ALT[:NAME]=ADDR+SIZE[/BYTE],...\n");
        return 2;
    }
    put("DfuSe\x01", 6);
    put32(0); /* DFUImageSize, set below */
    put("\0", 1);
    for (int i = 2; i < argc; i++) {
        char name[256] = "", *spec = argv[i], *eq, *colon, *p;
        uint8_t hdr[274] = "Target";
        size_t start, nelem = 0;

        if (strcmp(argv[i], "--name-hex") == 0 && i + 1 < argc) {
            hex_name(argv[++i], next_name, sizeof next_name);
            continue;
        }
        eq = strchr(spec, '=');
        if (!eq)
            return 2;
        *eq = '\0';
        colon = strchr(spec, ':');
        if (colon) {
            *colon = '\0';
            snprintf(name, sizeof name, "%s", colon + 1);
        }
        if (next_name[0]) {
            memcpy(name, next_name, sizeof name);
            next_name[0] = '\0';
        }
        hdr[6] = (uint8_t)strtoul(spec, NULL, 0);
        if (name[0])
            hdr[7] = 1;
        memcpy(hdr + 11, name, strlen(name));
        start = len;
        put(hdr, sizeof hdr);
        for (p = eq + 1; *p;) {
            uint32_t addr = (uint32_t)strtoul(p, &p, 0), size = 0, byte = 0;
            if (*p == '+')
                size = (uint32_t)strtoul(p + 1, &p, 0);
            if (*p == '/')
                byte = (uint32_t)strtoul(p + 1, &p, 0);
            put32(addr);
            put32(size);
            for (uint32_t k = 0; k < size; k++) {
                uint8_t b = (uint8_t)(byte + k);
                put(&b, 1);
            }
            nelem++;
            if (*p == ',')
                p++;
            else if (*p)
                return 2;
        }
        set32(start + 266, (uint32_t)(len - start - 274));
        set32(start + 270, (uint32_t)nelem);
        ntargets++;
    }
    buf[10] = (uint8_t)ntargets;
    set32(6, (uint32_t)len);
    put("\xFF\xFF\x11\xDF\x83\x04\x1A\x01UFD\x10", 12);
    crc = ~crc32(0, buf, (uInt)len) & 0xFFFFFFFFul;
    put32((uint32_t)crc);
    f = fopen(argv[1], "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    free(buf);
    return 0;
}
