/* SPDX-License-Identifier: BSD-2-Clause */
/* dfucheck FILE.dfu INPUT.elf [--fill BYTE] [--alias FROM:TO:SIZE] [--align N]
 *
 * The end-to-end tests' oracle, written apart from libelf2dfu on purpose:
 * parses the DfuSe file strictly (UM0391, suffix CRC), then checks that every
 * byte of every allocated section of the ELF sits at its load address in the
 * file, and that every other byte in an element is fill. */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

struct elem {
    uint32_t addr, size;
    const uint8_t *data;
    uint8_t *claimed; /* 1 where an ELF byte was found */
};

static struct elem elems[4096];
static unsigned long align = 8; /* the F722's write unit, unless told */
static size_t nelems;

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int die(const char *msg, unsigned long long v)
{
    fprintf(stderr, "dfucheck: %s (0x%llx)\n", msg, v);
    return 1;
}

static int parse_dfu(const uint8_t *f, size_t n)
{
    size_t off = 11;
    uint32_t crc;

    if (n < 11 + 16 || memcmp(f, "DfuSe\x01", 6) != 0)
        return die("bad prefix", 0);
    if (rd32(f + 6) != n - 16)
        return die("DFUImageSize is not the file size without suffix", rd32(f + 6));
    if (memcmp(f + n - 8, "UFD\x10", 4) != 0 || f[n - 10] != 0x1A || f[n - 9] != 0x01)
        return die("bad suffix", 0);
    crc = ~(uint32_t)crc32(0, f, (uInt)(n - 4));
    if (crc != rd32(f + n - 4))
        return die("bad CRC", crc);
    for (unsigned t = 0; t < f[10]; t++) {
        uint32_t tsize, nel, sum = 0, prev_end = 0;
        if (n - 16 - off < 274 || memcmp(f + off, "Target", 6) != 0)
            return die("bad target prefix at", off);
        if (rd32(f + off + 7) != 1 || f[off + 11] == 0)
            return die("target not named", off);
        tsize = rd32(f + off + 266);
        nel = rd32(f + off + 270);
        off += 274;
        for (uint32_t e = 0; e < nel; e++) {
            struct elem *el = &elems[nelems];
            if (nelems == 4096 || n - 16 - off < 8)
                return die("element header out of file at", off);
            el->addr = rd32(f + off);
            el->size = rd32(f + off + 4);
            off += 8;
            if (el->size == 0 || el->size > n - 16 - off)
                return die("element size bad at", off);
            if (el->addr % align || el->size % align)
                return die("element not aligned to the write unit (--align)", el->addr);
            if (e > 0 && el->addr < prev_end)
                return die("elements not ascending", el->addr);
            prev_end = el->addr + el->size;
            el->data = f + off;
            el->claimed = calloc(el->size, 1);
            off += el->size;
            sum += 8 + el->size;
            nelems++;
        }
        if (sum != tsize)
            return die("dwTargetSize wrong", tsize);
    }
    if (off != n - 16)
        return die("trailing bytes before suffix at", off);
    return 0;
}

static int check_byte(uint64_t addr, uint8_t v)
{
    for (size_t i = 0; i < nelems; i++) {
        if (addr >= elems[i].addr && addr - elems[i].addr < elems[i].size) {
            size_t k = (size_t)(addr - elems[i].addr);
            if (elems[i].data[k] != v)
                return die("payload byte differs at", addr);
            if (elems[i].claimed[k])
                return die("payload byte claimed twice at", addr);
            elems[i].claimed[k] = 1;
            return 0;
        }
    }
    return die("payload byte missing at", addr);
}

int main(int argc, char **argv)
{
    unsigned long fill = 0xFF, alias_from = 0, alias_to = 0, alias_size = 0;
    size_t payload = 0, filled = 0, dfun;
    uint8_t *dfu;
    const uint8_t *raw;
    size_t rawn, shnum, phnum;
    struct stat sb;
    uint32_t crc;
    Elf *e;
    int fd;

    if (argc == 3 && strcmp(argv[1], "--fix-crc") == 0) {
        FILE *fp = fopen(argv[2], "r+b");
        uint8_t *b;
        long n;
        if (!fp || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 16)
            return die("cannot open", 0);
        b = malloc((size_t)n);
        rewind(fp);
        if (!b || fread(b, 1, (size_t)n, fp) != (size_t)n)
            return die("cannot read", 0);
        crc = ~(uint32_t)crc32(0, b, (uInt)(n - 4));
        for (int i = 0; i < 4; i++)
            b[n - 4 + i] = (uint8_t)(crc >> (8 * i));
        fseek(fp, n - 4, SEEK_SET);
        fwrite(b + n - 4, 1, 4, fp);
        fclose(fp);
        free(b);
        return 0;
    }
    if (argc < 3)
        return die("usage: dfucheck FILE.dfu INPUT.elf [--fill B] [--alias F:T:S] [--align N]", 0);
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--fill") == 0)
            fill = strtoul(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--align") == 0 && strtoul(argv[i + 1], NULL, 0) > 0)
            align = strtoul(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--alias") == 0 &&
                 sscanf(argv[i + 1], "%li:%li:%li", (long *)&alias_from, (long *)&alias_to,
                        (long *)&alias_size) == 3)
            ;
        else
            return die("bad option", 0);
    }
    fd = open(argv[1], O_RDONLY);
    if (fd < 0 || fstat(fd, &sb) != 0)
        return die("cannot open dfu", 0);
    dfun = (size_t)sb.st_size;
    dfu = malloc(dfun);
    if (!dfu || read(fd, dfu, dfun) != (ssize_t)dfun)
        return die("cannot read dfu", 0);
    close(fd);
    if (parse_dfu(dfu, dfun))
        return 1;

    elf_version(EV_CURRENT);
    fd = open(argv[2], O_RDONLY);
    e = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
    raw = e ? (const uint8_t *)elf_rawfile(e, &rawn) : NULL;
    if (!raw || elf_getshdrnum(e, &shnum) || elf_getphdrnum(e, &phnum))
        return die("cannot read elf", 0);
    for (size_t i = 1; i < shnum; i++) {
        GElf_Shdr sh;
        gelf_getshdr(elf_getscn(e, i), &sh);
        if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
            continue;
        for (size_t p = 0; p < phnum; p++) {
            GElf_Phdr ph;
            gelf_getphdr(e, (int)p, &ph);
            if (ph.p_type != PT_LOAD || sh.sh_offset < ph.p_offset ||
                sh.sh_offset + sh.sh_size > ph.p_offset + ph.p_filesz)
                continue;
            for (uint64_t k = 0; k < sh.sh_size; k++) {
                uint64_t lma = ph.p_paddr + (sh.sh_offset - ph.p_offset) + k;
                if (alias_size && lma >= alias_from && lma < alias_from + alias_size)
                    lma = lma - alias_from + alias_to;
                if (check_byte(lma, raw[sh.sh_offset + k]))
                    return 1;
                payload++;
            }
            break;
        }
    }
    for (size_t i = 0; i < nelems; i++) {
        for (uint32_t k = 0; k < elems[i].size; k++) {
            if (elems[i].claimed[k])
                continue;
            if (elems[i].data[k] != fill && elems[i].data[k] != 0xFF)
                return die("non-fill byte outside the payload at", elems[i].addr + k);
            filled++;
        }
        free(elems[i].claimed);
    }
    printf("dfucheck: %zu payload bytes in place, %zu fill bytes, %zu elements\n", payload,
           filled, nelems);
    elf_end(e);
    close(fd);
    free(dfu);
    return 0;
}
