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

int elfgen_write(const struct elfgen *g, const char *path)
{
    static char shstrtab[] = "\0.shstrtab\0.seg0\0.seg1\0.seg2\0.seg3\0.seg4\0.seg5\0.seg6\0.seg7";
    int fd, rc = -1;
    Elf *e;
    GElf_Ehdr eh;
    Elf_Scn **scns = calloc(g->nsegs ? g->nsegs : 1, sizeof *scns);
    uint8_t **bufs = calloc(g->nsegs ? g->nsegs : 1, sizeof *bufs);

    if (elf_version(EV_CURRENT) == EV_NONE || !scns || !bufs)
        return -1;
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
    eh.e_machine = EM_ARM;
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
    {
        Elf_Scn *str = elf_newscn(e);
        Elf_Data *d = str ? elf_newdata(str) : NULL;
        GElf_Shdr sh;
        if (!d || !gelf_getshdr(str, &sh)) {
            rc = fail("shstrtab");
            goto out;
        }
        d->d_buf = shstrtab;
        d->d_size = sizeof shstrtab;
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
