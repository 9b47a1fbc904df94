/* SPDX-License-Identifier: BSD-2-Clause */
#include "elfgen.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what)
{
    fprintf(stderr, "elfgen: %s: %s\n", what, elf_errmsg(-1));
    return -1;
}

static GElf_Word name_at(const char *strtab, size_t size, const char *name)
{
    for (size_t i = 0; i + strlen(name) < size; i++)
        if (strcmp(strtab + i, name) == 0)
            return (GElf_Word)i;
    return 0;
}

static int add_section(Elf *e, const void *bytes, size_t size, GElf_Word name, GElf_Word type)
{
    Elf_Scn *scn = elf_newscn(e);
    Elf_Data *d = scn ? elf_newdata(scn) : NULL;
    GElf_Shdr sh;

    if (!d || !gelf_getshdr(scn, &sh))
        return fail("section");
    d->d_buf = (void *)bytes;
    d->d_size = size;
    d->d_type = ELF_T_BYTE;
    d->d_align = 1;
    sh.sh_name = name;
    sh.sh_type = type;
    sh.sh_addralign = 1;
    gelf_update_shdr(scn, &sh);
    return 0;
}

/* The non-allocated sections that say what the file was built for. The
 * attributes are little-endian: the tests only make them for such files. */
static int add_notes(Elf *e, const struct elfgen *g, const char *strtab, size_t strsize)
{
    static uint8_t attrs[32];

    if (g->has_arm_arch) {
        size_t n = 0, sub;
        attrs[n++] = 'A';
        n += 4; /* subsection length */
        memcpy(attrs + n, "aeabi", 6);
        n += 6;
        attrs[n++] = 1; /* Tag_File */
        sub = n;
        n += 4;
        attrs[n++] = 6; /* Tag_CPU_arch */
        attrs[n++] = (uint8_t)g->arm_arch;
        if (g->arm_profile) {
            attrs[n++] = 7; /* Tag_CPU_arch_profile */
            attrs[n++] = (uint8_t)g->arm_profile;
        }
        attrs[1] = (uint8_t)(n - 1);
        attrs[sub] = (uint8_t)(n - sub + 1);
        if (add_section(e, attrs, n, name_at(strtab, strsize, ".ARM.attributes"),
                        SHT_ARM_ATTRIBUTES) != 0)
            return -1;
    }
    if (g->comment &&
        add_section(e, g->comment, strlen(g->comment) + 1, name_at(strtab, strsize, ".comment"),
                    SHT_PROGBITS) != 0)
        return -1;
    return 0;
}

int elfgen_write(const struct elfgen *g, const char *path)
{
    static const char base[] = "\0.shstrtab\0.seg0\0.seg1\0.seg2\0.seg3\0.seg4\0.seg5\0.seg6\0.seg7";
    static const char notes[] = ".ARM.attributes\0.comment";
    /* The notes' names only when there are notes: the malformed-input
     * table pins the layout of the files without them. */
    static char shstrtab[sizeof base + sizeof notes];
    size_t shstrsize = sizeof base;
    int fd, rc = -1;
    Elf *e;
    GElf_Ehdr eh;
    Elf_Scn **scns = calloc(g->nsegs ? g->nsegs : 1, sizeof *scns);
    uint8_t **bufs = calloc(g->nsegs ? g->nsegs : 1, sizeof *bufs);

    if (elf_version(EV_CURRENT) == EV_NONE || !scns || !bufs)
        return -1;
    memcpy(shstrtab, base, sizeof base);
    if (g->has_arm_arch || g->comment) {
        memcpy(shstrtab + sizeof base, notes, sizeof notes);
        shstrsize += sizeof notes;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(path);
        return -1;
    }
    e = elf_begin(fd, ELF_C_WRITE, NULL);
    if (!e || !gelf_newehdr(e, g->elf_class) || !gelf_getehdr(e, &eh)) {
        rc = fail("ehdr");
        goto out;
    }
    eh.e_ident[EI_DATA] = g->msb ? ELFDATA2MSB : ELFDATA2LSB;
    eh.e_type = (GElf_Half)g->type;
    eh.e_machine = g->machine ? g->machine : EM_ARM;
    eh.e_version = EV_CURRENT;
    if (!gelf_update_ehdr(e, &eh)) {
        rc = fail("ehdr");
        goto out;
    }
    for (size_t i = 0; i < g->nsegs; i++) {
        const struct elfgen_seg *s = &g->segs[i];
        Elf_Data *d;
        GElf_Shdr sh;

        bufs[i] = malloc(s->size ? s->size : 1);
        for (uint64_t k = 0; k < s->size; k++)
            bufs[i][k] = s->contents ? s->contents[k] : (uint8_t)(s->byte + k);
        scns[i] = elf_newscn(e);
        d = scns[i] ? elf_newdata(scns[i]) : NULL;
        if (!d || !gelf_getshdr(scns[i], &sh)) {
            rc = fail("section");
            goto out;
        }
        d->d_buf = bufs[i];
        d->d_size = s->size;
        d->d_type = ELF_T_BYTE;
        d->d_align = 1;
        sh.sh_name = (GElf_Word)(11 + 6 * (i % 8));
        sh.sh_type = SHT_PROGBITS;
        /* A segment "without section" still needs its bytes in the file:
         * give them a non-allocated section. */
        sh.sh_flags = s->no_section ? 0 : SHF_ALLOC | SHF_EXECINSTR;
        sh.sh_addr = s->vaddr ? s->vaddr : s->paddr;
        sh.sh_addralign = 1;
        gelf_update_shdr(scns[i], &sh);
    }
    if (add_notes(e, g, shstrtab, shstrsize) != 0) {
        rc = -1;
        goto out;
    }
    {
        Elf_Scn *str = elf_newscn(e);
        Elf_Data *d = str ? elf_newdata(str) : NULL;
        GElf_Shdr sh;
        if (!d || !gelf_getshdr(str, &sh)) {
            rc = fail("shstrtab");
            goto out;
        }
        d->d_buf = shstrtab;
        d->d_size = shstrsize;
        d->d_type = ELF_T_BYTE;
        d->d_align = 1;
        sh.sh_name = 1;
        sh.sh_type = SHT_STRTAB;
        gelf_update_shdr(str, &sh);
        gelf_getehdr(e, &eh);
        if (elf_ndxscn(str) < SHN_LORESERVE) {
            eh.e_shstrndx = (GElf_Half)elf_ndxscn(str);
        } else {
            /* Too many sections for the field: it moves to section 0. */
            Elf_Scn *zero = elf_getscn(e, 0);
            GElf_Shdr sh0;
            gelf_getshdr(zero, &sh0);
            sh0.sh_link = (GElf_Word)elf_ndxscn(str);
            gelf_update_shdr(zero, &sh0);
            eh.e_shstrndx = SHN_XINDEX;
        }
        gelf_update_ehdr(e, &eh);
    }
    /* After the sections: past 65535 entries (PN_XNUM) libelf keeps the
     * count in section 0, which must exist by then. */
    if (g->nsegs > 0 && !gelf_newphdr(e, g->nsegs)) {
        rc = fail("phdr");
        goto out;
    }
    if (elf_update(e, ELF_C_NULL) < 0) {
        rc = fail("layout");
        goto out;
    }
    for (size_t i = 0; i < g->nsegs; i++) {
        GElf_Shdr sh;
        GElf_Phdr ph;
        gelf_getshdr(scns[i], &sh);
        memset(&ph, 0, sizeof ph);
        ph.p_type = g->segs[i].no_segment ? PT_NULL : PT_LOAD;
        ph.p_offset = sh.sh_offset;
        ph.p_paddr = g->segs[i].paddr;
        ph.p_vaddr = g->segs[i].vaddr ? g->segs[i].vaddr : g->segs[i].paddr;
        ph.p_filesz = g->segs[i].size;
        ph.p_memsz = g->segs[i].size;
        ph.p_flags = PF_R | PF_X;
        ph.p_align = 1;
        gelf_update_phdr(e, (int)i, &ph);
    }
    if (elf_update(e, ELF_C_WRITE) < 0) {
        rc = fail("write");
        goto out;
    }
    rc = 0;
out:
    if (e)
        elf_end(e);
    if (rc == 0 && g->no_sections) {
        /* Zero e_shoff, e_shnum and e_shstrndx: zero reads the same in
         * either byte order. */
        static const uint8_t zeros[8];
        bool is64 = g->elf_class == ELFCLASS64;
        if (pwrite(fd, zeros, is64 ? 8 : 4, is64 ? 0x28 : 0x20) < 0 ||
            pwrite(fd, zeros, 2, is64 ? 0x3C : 0x30) < 0 ||
            pwrite(fd, zeros, 2, is64 ? 0x3E : 0x32) < 0)
            rc = -1;
    }
    close(fd);
    for (size_t i = 0; i < g->nsegs; i++)
        free(bufs[i]);
    free(bufs);
    free(scns);
    return rc;
}
