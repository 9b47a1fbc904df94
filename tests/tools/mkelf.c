/* SPDX-License-Identifier: BSD-2-Clause */
/* mkelf OUT [--64] [--msb] [--type exec|rel|dyn|core] [--no-sections]
 *           --seg PADDR:SIZE[:BYTE[:VADDR]] ... --seg-file PADDR:FILE ...
 *           --many COUNT:PADDR:SIZE:STRIDE   (COUNT segments, STRIDE apart)
 *           --orphan ADDR:SIZE   (an allocated section in no PT_LOAD)
 *           --machine N  --arm-arch TAG[:PROFILE]  --comment TEXT
 *               (e_machine; an .ARM.attributes section with Tag_CPU_arch and
 *               Tag_CPU_arch_profile, e.g. 13 or 10:A; a .comment section)
 * Writes a synthetic ELF for the end-to-end tests and benchmarks. */
#include "../common/elfgen.h"

#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    struct elfgen g = {.elf_class = ELFCLASS32, .type = ET_EXEC};
    size_t max = (size_t)argc, n = 0;
    struct elfgen_seg *segs;
    int rc;

    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], "--many") == 0)
            max += strtoull(argv[i + 1], NULL, 0);
    segs = calloc(max, sizeof *segs);
    if (argc < 2 || !segs) {
        fprintf(stderr, "usage: mkelf OUT [--64] [--msb] [--type T] [--no-sections] "
                        "--seg PADDR:SIZE[:BYTE[:VADDR]]...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--64") == 0) {
            g.elf_class = ELFCLASS64;
        } else if (strcmp(argv[i], "--msb") == 0) {
            g.msb = true;
        } else if (strcmp(argv[i], "--machine") == 0 && i + 1 < argc) {
            g.machine = (uint16_t)strtoul(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--arm-arch") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            g.has_arm_arch = true;
            g.arm_arch = (int)strtol(p, &p, 0);
            g.arm_profile = *p == ':' ? (unsigned char)p[1] : 0;
        } else if (strcmp(argv[i], "--comment") == 0 && i + 1 < argc) {
            g.comment = argv[++i];
        } else if (strcmp(argv[i], "--no-sections") == 0) {
            g.no_sections = true;
        } else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) {
            const char *t = argv[++i];
            g.type = strcmp(t, "rel") == 0 ? ET_REL : strcmp(t, "dyn") == 0 ? ET_DYN
                   : strcmp(t, "core") == 0 ? ET_CORE : ET_EXEC;
        } else if (strcmp(argv[i], "--seg") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            segs[n].paddr = strtoull(p, &p, 0);
            segs[n].size = *p == ':' ? strtoull(p + 1, &p, 0) : 0;
            segs[n].byte = (uint8_t)(*p == ':' ? strtoul(p + 1, &p, 0) : 0);
            segs[n].vaddr = *p == ':' ? strtoull(p + 1, &p, 0) : 0;
            n++;
        } else if (strcmp(argv[i], "--orphan") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            segs[n].paddr = strtoull(p, &p, 0);
            segs[n].size = *p == ':' ? strtoull(p + 1, &p, 0) : 0;
            segs[n].no_segment = true;
            n++;
        } else if (strcmp(argv[i], "--many") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            unsigned long long count = strtoull(p, &p, 0), addr, size, stride;
            addr = strtoull(p + 1, &p, 0);
            size = strtoull(p + 1, &p, 0);
            stride = strtoull(p + 1, &p, 0);
            for (unsigned long long k = 0; k < count; k++, n++) {
                segs[n].paddr = addr + k * stride;
                segs[n].size = size;
                segs[n].byte = (uint8_t)k;
            }
        } else if (strcmp(argv[i], "--seg-file") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            FILE *f;
            long size;
            segs[n].paddr = strtoull(p, &p, 0);
            f = *p == ':' ? fopen(p + 1, "rb") : NULL;
            if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
                fprintf(stderr, "mkelf: cannot read '%s'\n", argv[i]);
                return 2;
            }
            rewind(f);
            segs[n].size = (uint64_t)size;
            segs[n].contents = malloc((size_t)size + 1);
            if (!segs[n].contents || fread(segs[n].contents, 1, (size_t)size, f) != (size_t)size)
                return 2;
            fclose(f);
            n++;
        } else {
            fprintf(stderr, "mkelf: bad argument '%s'\n", argv[i]);
            return 2;
        }
    }
    g.segs = segs;
    g.nsegs = n;
    rc = elfgen_write(&g, argv[1]);
    for (size_t i = 0; i < n; i++)
        free(segs[i].contents);
    free(segs);
    return rc == 0 ? 0 : 1;
}
