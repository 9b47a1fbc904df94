/* SPDX-License-Identifier: BSD-2-Clause */
#include <elf2dfu/elf.h>

#include "build.h"
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct e2d_elf {
    struct e2d_input in; /* the file, when opened by path */
    Elf *elf;
    const uint8_t *raw;
    size_t rawsize;
};

/* A section whose bytes are firmware: allocated and with file contents. */
struct content {
    uint64_t off;
    uint64_t size;
    const char *name;
};

static enum e2d_status libelf_init(struct e2d_error *err)
{
    /* elf_version only records the version the caller expects; calling it
     * again is harmless, which keeps the library free of init calls. */
    if (elf_version(EV_CURRENT) == EV_NONE)
        return e2d_fail(err, E2D_ERR_UNSUPPORTED, "libelf is too old: %s", elf_errmsg(-1));
    return E2D_OK;
}

/* Says why libelf refused a file that starts like an ELF file. */
static enum e2d_status begin_failed(const uint8_t *id, size_t n, struct e2d_error *err)
{
    size_t ehdr = n > EI_CLASS && id[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (n >= SELFMAG && memcmp(id, ELFMAG, SELFMAG) == 0 && n < ehdr)
        return e2d_fail(err, E2D_ERR_FORMAT, "truncated ELF header (%zu of %zu bytes)", n, ehdr);
    return e2d_fail(err, E2D_ERR_FORMAT, "cannot read as ELF: %s", elf_errmsg(-1));
}

static const char *entries(uint64_t n)
{
    return n == 1 ? "entry" : "entries";
}

static enum e2d_status check_kind(struct e2d_elf *h, struct e2d_error *err)
{
    switch (elf_kind(h->elf)) {
    case ELF_K_ELF:
        break;
    case ELF_K_AR:
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "is an archive (.a), not a linked executable: pass the .elf the linker wrote");
    default: {
        size_t n = 0;
        const uint8_t *id = (const uint8_t *)elf_rawfile(h->elf, &n);
        /* libelf calls a file with the signature but an unknown class, byte
         * order or version "not ELF"; say which byte is wrong. */
        if (id && n >= EI_NIDENT && memcmp(id, ELFMAG, SELFMAG) == 0)
            return e2d_fail(err, E2D_ERR_FORMAT,
                            "unsupported ELF identification: class %u, data encoding %u, "
                            "version %u (expected 1 or 2, 1 or 2, and 1)",
                            id[EI_CLASS], id[EI_DATA], id[EI_VERSION]);
        if (id && n < EI_NIDENT && n >= SELFMAG && memcmp(id, ELFMAG, SELFMAG) == 0)
            return begin_failed(id, n, err);
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "not an ELF file (no \\177ELF signature)");
    }
    }
    h->raw = (const uint8_t *)elf_rawfile(h->elf, &h->rawsize);
    if (!h->raw)
        return e2d_fail(err, E2D_ERR_FORMAT, "cannot read the ELF file: %s", elf_errmsg(-1));
    return E2D_OK;
}

enum e2d_status e2d_elf_open(struct e2d_elf **out, const char *path, struct e2d_error *err)
{
    struct e2d_input in;
    enum e2d_status st;

    if (!out)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the ELF handle given");
    *out = NULL;
    if ((st = e2d_input_open(&in, path, err)) != E2D_OK)
        return st;
    if ((st = e2d_elf_open_mem(out, in.data, (size_t)in.size, err)) != E2D_OK) {
        e2d_input_close(&in);
        return st;
    }
    (*out)->in = in;
    return E2D_OK;
}

enum e2d_status e2d_elf_open_mem(struct e2d_elf **out, const void *buf, size_t len,
                                 struct e2d_error *err)
{
    struct e2d_elf *h;
    enum e2d_status st;

    if (!out)
        return e2d_fail(err, E2D_ERR_ARG, "no place for the ELF handle given");
    *out = NULL;
    if ((st = libelf_init(err)) != E2D_OK)
        return st;
    if (len == 0)
        return e2d_fail(err, E2D_ERR_FORMAT, "empty file, not an ELF file");
    if (!buf)
        return e2d_fail(err, E2D_ERR_ARG, "no ELF image given");
    h = calloc(1, sizeof *h);
    if (!h)
        return e2d_fail(err, E2D_ERR_NOMEM, "out of memory");
    /* elf_memory takes a non-const pointer but only reads with ELF_C_READ. */
    h->elf = elf_memory((char *)(uintptr_t)buf, len);
    if (!h->elf) {
        st = begin_failed(buf, len, err);
        goto fail;
    }
    if ((st = check_kind(h, err)) != E2D_OK)
        goto fail;
    *out = h;
    return E2D_OK;
fail:
    e2d_elf_close(h);
    return st;
}

void e2d_elf_close(struct e2d_elf *h)
{
    if (!h)
        return;
    if (h->elf)
        elf_end(h->elf);
    e2d_input_close(&h->in);
    free(h);
}

/* True when count entries of entsize bytes at off lie inside the file. */
static bool table_fits(uint64_t off, uint64_t count, uint64_t entsize, uint64_t filesize)
{
    if (off > filesize)
        return false;
    return entsize == 0 || count <= (filesize - off) / entsize;
}

static enum e2d_status check_header(struct e2d_elf *h, GElf_Ehdr *eh, size_t *phnum,
                                    struct e2d_error *err)
{
    if (!gelf_getehdr(h->elf, eh))
        return e2d_fail(err, E2D_ERR_FORMAT, "truncated or corrupt ELF header: %s",
                        elf_errmsg(-1));
    switch (eh->e_type) {
    case ET_EXEC:
    case ET_DYN:
        break;
    case ET_REL:
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "is a relocatable object (.o), not a linked executable: link it first "
                        "and pass the .elf the linker writes");
    case ET_CORE:
        return e2d_fail(err, E2D_ERR_FORMAT, "is a core dump, not a linked executable");
    default:
        return e2d_fail(err, E2D_ERR_UNSUPPORTED, "ELF type %u is not an executable",
                        (unsigned)eh->e_type);
    }
    /* Checked before libelf reads the table, so the message can say why. */
    {
        uint64_t claimed = eh->e_phnum;
        if (claimed == PN_XNUM) {
            /* The real count is section 0's sh_info; libelf would quietly
             * cap it to what fits in the file. */
            GElf_Shdr sh0;
            Elf_Scn *zero = elf_getscn(h->elf, 0);
            if (!zero || !gelf_getshdr(zero, &sh0))
                return e2d_fail(err, E2D_ERR_FORMAT,
                                "e_phnum is PN_XNUM but section 0, which holds the count, "
                                "cannot be read: %s",
                                elf_errmsg(-1));
            claimed = sh0.sh_info;
        }
        if (!table_fits(eh->e_phoff, claimed, eh->e_phentsize, h->rawsize))
            return e2d_fail(err, E2D_ERR_FORMAT,
                            "program header table (%" PRIu64 " %s at offset 0x%" PRIx64
                            ") runs past the end of the file (%zu bytes)",
                            claimed, entries(claimed), (uint64_t)eh->e_phoff, h->rawsize);
    }
    if (elf_getphdrnum(h->elf, phnum) != 0)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "program header table is corrupt or runs past the end of the file (%s)",
                        elf_errmsg(-1));
    if (*phnum == 0)
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "has no program headers, so nothing to load: is it a linked executable?");
    if (eh->e_phentsize != gelf_fsize(h->elf, ELF_T_PHDR, 1, EV_CURRENT))
        return e2d_fail(err, E2D_ERR_FORMAT, "program header entry size %u is wrong for this ELF class",
                        (unsigned)eh->e_phentsize);
    if (!table_fits(eh->e_phoff, *phnum, eh->e_phentsize, h->rawsize))
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "program header table (%zu %s at offset 0x%" PRIx64
                        ") runs past the end of the file (%zu bytes)",
                        *phnum, entries(*phnum), (uint64_t)eh->e_phoff, h->rawsize);
    return E2D_OK;
}

static int content_cmp(const void *a, const void *b)
{
    const struct content *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return (x->size > y->size) - (x->size < y->size);
}

/* Collects the allocated sections with contents, sorted by file offset.
 * *count 0 with *have_sections false: the file has no section headers. */
static enum e2d_status collect_sections(struct e2d_elf *h, const GElf_Ehdr *eh,
                                        struct content **out, size_t *count,
                                        bool *have_sections, struct e2d_error *err)
{
    size_t shnum, shstrndx, cap = 0;
    struct content *v = NULL;
    enum e2d_status st;

    *out = NULL;
    *count = 0;
    *have_sections = false;
    if (eh->e_shoff == 0)
        return E2D_OK;
    /* libelf quietly reports no sections when the table is cut off; the file
     * would then load whole segments, headers and padding included. */
    if (eh->e_shnum != 0 && !table_fits(eh->e_shoff, eh->e_shnum, eh->e_shentsize, h->rawsize))
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "section header table (%u %s at offset 0x%" PRIx64
                        ") runs past the end of the file (%zu bytes): truncated file?",
                        (unsigned)eh->e_shnum, entries(eh->e_shnum), (uint64_t)eh->e_shoff,
                        h->rawsize);
    if (elf_getshdrnum(h->elf, &shnum) != 0)
        return e2d_fail(err, E2D_ERR_FORMAT, "cannot read the section header count: %s",
                        elf_errmsg(-1));
    if (shnum == 0)
        return E2D_OK;
    if (eh->e_shentsize != gelf_fsize(h->elf, ELF_T_SHDR, 1, EV_CURRENT) ||
        !table_fits(eh->e_shoff, shnum, eh->e_shentsize, h->rawsize))
        return e2d_fail(err, E2D_ERR_FORMAT,
                        "section header table (%zu %s at offset 0x%" PRIx64
                        ") is corrupt or runs past the end of the file",
                        shnum, entries(shnum), (uint64_t)eh->e_shoff);
    if (elf_getshdrstrndx(h->elf, &shstrndx) != 0)
        shstrndx = SHN_UNDEF;
    *have_sections = true;

    for (size_t i = 1; i < shnum; i++) {
        Elf_Scn *scn = elf_getscn(h->elf, i);
        GElf_Shdr sh;
        const char *name = NULL;

        if (!scn || !gelf_getshdr(scn, &sh)) {
            free(v);
            return e2d_fail(err, E2D_ERR_FORMAT, "cannot read section header %zu: %s", i,
                            elf_errmsg(-1));
        }
        if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
            continue;
        if (shstrndx != SHN_UNDEF)
            name = elf_strptr(h->elf, shstrndx, sh.sh_name);
        if (!name)
            name = "?";
        if (sh.sh_offset > h->rawsize || sh.sh_size > h->rawsize - sh.sh_offset) {
            free(v);
            return e2d_fail(err, E2D_ERR_FORMAT,
                            "section %s (offset 0x%" PRIx64 ", %" PRIu64
                            " byte%s) runs past the end of the file (%zu bytes)",
                            name, (uint64_t)sh.sh_offset, (uint64_t)sh.sh_size,
                            E2D_S(sh.sh_size), h->rawsize);
        }
        st = e2d_grow((void **)&v, &cap, *count + 1, sizeof *v, err);
        if (st != E2D_OK) {
            free(v);
            return st;
        }
        v[(*count)++] = (struct content){sh.sh_offset, sh.sh_size, name};
    }
    /* Linkers write section headers in file order already; glibc's qsort
     * would still allocate a copy of the array. */
    for (size_t i = 1; i < *count; i++) {
        if (content_cmp(&v[i - 1], &v[i]) > 0) {
            qsort(v, *count, sizeof *v, content_cmp);
            break;
        }
    }
    *out = v;
    return E2D_OK;
}

static bool ends_before(const struct content *c, uint64_t off)
{
    return c->off + c->size <= off;
}

/* First section that ends after off. Segments come in file order, so the
 * search gallops forward from where the previous one stopped (*hint):
 * O(log distance) per segment instead of O(log n). */
static size_t first_section_after(const struct content *secs, size_t n, uint64_t off,
                                  size_t *hint)
{
    size_t lo = 0, hi = n, step = 1;

    if (*hint < n && (*hint == 0 || ends_before(&secs[*hint - 1], off))) {
        lo = *hint;
        while (lo + step < n && ends_before(&secs[lo + step], off)) {
            lo += step;
            step *= 2;
        }
        hi = lo + step < n ? lo + step + 1 : n;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ends_before(&secs[mid], off))
            lo = mid + 1;
        else
            hi = mid;
    }
    *hint = lo;
    return lo;
}

/* Adds to img the parts of segment [off, off+filesz) that sections cover. */
static enum e2d_status add_covered(struct e2d_elf *h, struct e2d_image *img, size_t index,
                                   const GElf_Phdr *ph, const struct content *secs,
                                   size_t nsecs, size_t *hint, const struct e2d_log *log,
                                   struct e2d_error *err)
{
    uint64_t seg_end = ph->p_offset + ph->p_filesz;
    uint64_t covered = 0;
    size_t lo = first_section_after(secs, nsecs, ph->p_offset, hint);
    while (lo < nsecs && secs[lo].off < seg_end) {
        uint64_t start = secs[lo].off > ph->p_offset ? secs[lo].off : ph->p_offset;
        uint64_t end = start;
        struct e2d_origin origin = {.first = secs[lo].name, .index = (uint32_t)index};

        /* Back-to-back sections become one run: fewer, larger pieces. */
        for (; lo < nsecs && secs[lo].off <= end && secs[lo].off < seg_end; lo++) {
            uint64_t e = secs[lo].off + secs[lo].size;
            if (e > seg_end)
                e = seg_end;
            if (e > end) {
                origin.last = secs[lo].name;
                origin.nnames++;
                end = e;
            }
        }
        if (end > start) {
            enum e2d_status st = e2d_image_add_from(img, ph->p_paddr + (start - ph->p_offset),
                                                    end - start, h->raw + start, &origin, err);
            if (st != E2D_OK)
                return st;
            covered += end - start;
        }
    }
    if (covered == 0)
        e2d_note(log, "segment %zu (0x%08" PRIX64 ", %" PRIu64
                      " byte%s) holds no allocated section: skipped",
                 index, (uint64_t)ph->p_paddr, (uint64_t)ph->p_filesz, E2D_S(ph->p_filesz));
    else if (covered < ph->p_filesz)
        e2d_note(log, "segment %zu (0x%08" PRIX64 ", %" PRIu64 " bytes): %" PRIu64
                      " byte%s not covered by any section (ELF headers or padding) left out",
                 index, (uint64_t)ph->p_paddr, (uint64_t)ph->p_filesz, ph->p_filesz - covered,
                 E2D_S(ph->p_filesz - covered));
    return E2D_OK;
}

/* BFD's rule (what objcopy and the linker itself do): when every loadable
 * segment says load address 0, the field was never filled in, and the run
 * address is where the bytes go. */
static bool paddr_missing(struct e2d_elf *h, size_t phnum)
{
    bool any_vaddr = false;

    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(h->elf, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_filesz == 0)
            continue;
        if (ph.p_paddr != 0)
            return false;
        any_vaddr |= ph.p_vaddr != 0;
    }
    return any_vaddr;
}

struct file_range {
    uint64_t start, end;
};

static int range_cmp(const void *a, const void *b)
{
    const struct file_range *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* An allocated section with contents that no loadable segment holds is in
 * the file but not in the image: the program headers do not load it, so
 * nothing programs it. A linker script mistake more often than not. */
static enum e2d_status warn_unloaded(struct e2d_elf *h, size_t phnum, const struct content *secs,
                                     size_t nsecs, const struct e2d_log *log,
                                     struct e2d_error *err)
{
    struct file_range *r = NULL;
    size_t n = 0, cap = 0, j = 0, reported = 0, unloaded = 0;

    if (!log || !log->fn || nsecs == 0)
        return E2D_OK;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        enum e2d_status st;
        if (!gelf_getphdr(h->elf, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_filesz == 0)
            continue;
        if ((st = e2d_grow((void **)&r, &cap, n + 1, sizeof *r, err)) != E2D_OK) {
            free(r);
            return st;
        }
        r[n++] = (struct file_range){ph.p_offset, ph.p_offset + ph.p_filesz};
    }
    if (n > 1)
        qsort(r, n, sizeof *r, range_cmp);
    /* Both lists ascend by start: one sweep. reach is how far segments
     * cover the section from its start on without a gap. */
    for (size_t i = 0; i < nsecs; i++) {
        uint64_t start = secs[i].off, end = secs[i].off + secs[i].size, reach = start;
        while (j < n && r[j].end <= start)
            j++;
        /* Stop once the section is covered: segments that follow one
         * another in the file would otherwise all be walked for each. */
        for (size_t k = j; k < n && r[k].start <= reach && reach < end; k++)
            if (r[k].end > reach)
                reach = r[k].end;
        if (reach >= end)
            continue;
        unloaded++;
        if (reported++ < 5)
            e2d_warn(log,
                     "section %s (%" PRIu64 " byte%s at file offset 0x%" PRIx64
                     ") is allocated but %s: not programmed",
                     secs[i].name, secs[i].size, E2D_S(secs[i].size), start,
                     reach == start ? "in no loadable segment (PT_LOAD)"
                                    : "not wholly in a loadable segment (PT_LOAD)");
    }
    if (unloaded > 5)
        e2d_warn(log, "%zu more allocated sections outside the loadable segments", unloaded - 5);
    free(r);
    return E2D_OK;
}

enum e2d_status e2d_elf_load(struct e2d_elf *h, struct e2d_image *img,
                             const struct e2d_log *log, struct e2d_error *err)
{
    GElf_Ehdr eh;
    size_t phnum, nsecs, loaded = 0, hint = 0;
    struct content *secs = NULL;
    bool have_sections, use_vaddr;
    enum e2d_status st;

    if (!h || !img)
        return e2d_fail(err, E2D_ERR_ARG, "no ELF handle or image given");
    if ((st = check_header(h, &eh, &phnum, err)) != E2D_OK)
        return st;
    if ((st = collect_sections(h, &eh, &secs, &nsecs, &have_sections, err)) != E2D_OK)
        return st;
    e2d_elf_build_info(h->elf, &eh, h->raw, h->rawsize, &img->build);
    if (eh.e_entry && !img->has_entry) {
        img->has_entry = true;
        img->entry = eh.e_entry;
    }
    use_vaddr = paddr_missing(h, phnum);
    if (use_vaddr)
        e2d_warn(log, "every loadable segment has load address 0 (p_paddr unset): placing them "
                      "at their run addresses (p_vaddr), as objcopy does");

    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;

        if (!gelf_getphdr(h->elf, (int)i, &ph)) {
            st = e2d_fail(err, E2D_ERR_FORMAT, "cannot read program header %zu: %s", i,
                          elf_errmsg(-1));
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_filesz == 0)
            continue;
        if (use_vaddr)
            ph.p_paddr = ph.p_vaddr;
        if (ph.p_filesz > UINT64_MAX - ph.p_offset) {
            st = e2d_fail(err, E2D_ERR_FORMAT,
                          "segment %zu: offset 0x%" PRIx64 " + size 0x%" PRIx64 " overflows", i,
                          (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz);
            goto out;
        }
        if (ph.p_offset > h->rawsize || ph.p_filesz > h->rawsize - ph.p_offset) {
            st = e2d_fail(err, E2D_ERR_FORMAT,
                          "segment %zu (offset 0x%" PRIx64 ", %" PRIu64
                          " byte%s) runs past the end of the file (%zu bytes): truncated file?",
                          i, (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz, E2D_S(ph.p_filesz),
                          h->rawsize);
            goto out;
        }
        if (ph.p_filesz > UINT64_MAX - ph.p_paddr) {
            st = e2d_fail(err, E2D_ERR_FORMAT,
                          "segment %zu: load address 0x%" PRIx64 " + size 0x%" PRIx64
                          " overflows",
                          i, (uint64_t)ph.p_paddr, (uint64_t)ph.p_filesz);
            goto out;
        }
        if (have_sections) {
            st = add_covered(h, img, i, &ph, secs, nsecs, &hint, log, err);
        } else {
            struct e2d_origin origin = {.index = (uint32_t)i};
            st = e2d_image_add_from(img, ph.p_paddr, ph.p_filesz, h->raw + ph.p_offset, &origin,
                                    err);
        }
        if (st != E2D_OK)
            goto out;
        loaded++;
    }
    /* With nothing loaded at all, the error below says it better. */
    if (have_sections && img->count > 0 &&
        (st = warn_unloaded(h, phnum, secs, nsecs, log, err)) != E2D_OK)
        goto out;
    if (img->count == 0)
        st = e2d_fail(err, E2D_ERR_FORMAT,
                      loaded ? "no loadable segment holds an allocated section with contents: "
                               "nothing to program"
                             : "no loadable segment with data (PT_LOAD with p_filesz > 0): "
                               "nothing to program");
out:
    free(secs);
    return st;
}
