/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory libelf itself needs for an ELF file: it opens the file and reads
 * every program and section header through the same libelf calls the loader
 * makes, then exits. Its peak RSS is the floor under elf2dfu's for that file
 * (libelf keeps a descriptor of about 200 bytes per section from elf_begin
 * on, plus a copy of the section header table). */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t shnum = 0, phnum = 0;
    Elf *elf;
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: libelf_floor FILE.elf\n");
        return 2;
    }
    if (elf_version(EV_CURRENT) == EV_NONE || (fd = open(argv[1], O_RDONLY)) < 0)
        return 1;
    elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    if (!elf || elf_getshdrnum(elf, &shnum) != 0 || elf_getphdrnum(elf, &phnum) != 0) {
        fprintf(stderr, "libelf_floor: %s: %s\n", argv[1], elf_errmsg(-1));
        return 1;
    }
    for (size_t i = 0; i < shnum; i++) {
        GElf_Shdr sh;
        Elf_Scn *scn = elf_getscn(elf, i);
        if (!scn || !gelf_getshdr(scn, &sh))
            return 1;
    }
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(elf, (int)i, &ph))
            return 1;
    }
    printf("%zu sections, %zu program headers\n", shnum, phnum);
    elf_end(elf);
    close(fd);
    return 0;
}
