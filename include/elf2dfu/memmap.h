/* SPDX-License-Identifier: BSD-2-Clause */
/* Device memory as DfuSe bootloaders describe it: one alternate setting per
 * memory (flash, option bytes, OTP ...), each a list of sector runs, plus
 * what elf2dfu knows about the device (write units, where the read-out
 * protection byte is, RAM, core) once the device module has applied it.
 *
 * Layout strings are parsed here for their syntax only; the device module
 * (device.h) adds the facts a layout string does not carry. */
#ifndef ELF2DFU_MEMMAP_H
#define ELF2DFU_MEMMAP_H

#include <elf2dfu/api.h>
#include <elf2dfu/arch.h>
#include <elf2dfu/error.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

E2D_BEGIN_DECLS

/* Sector type bits, as the layout string's letter 'a'..'g' minus 'a' + 1. */
#define E2D_MEM_READABLE 1u
#define E2D_MEM_ERASABLE 2u
#define E2D_MEM_WRITABLE 4u

enum e2d_mem_kind {
    E2D_KIND_FLASH,  /* erasable: dfu-util erases every sector an element touches */
    E2D_KIND_OTP,    /* one-time programmable: never erased, bits only go 1 -> 0 */
    E2D_KIND_OPTION, /* option bytes: writing them resets the device */
    E2D_KIND_RAM,    /* volatile memory the bootloader can write */
    E2D_KIND_OTHER,
};

/* count sectors of size bytes each, from start. */
struct e2d_sector_run {
    uint32_t start;
    uint32_t count;
    uint32_t size;
    uint8_t type;         /* E2D_MEM_* bits */
    uint32_t first_index; /* index of its first sector in the alt (set by the map) */
};

/* ---- Layout strings: syntax -------------------------------------------- */

/* "@Internal Flash  /0x08000000/04*016Kg,01*064Kg": a name and its runs,
 * in address order whatever order the string gives them in. */
struct e2d_layout {
    char name[256]; /* trailing blanks removed: "Internal Flash" */
    struct e2d_sector_run *runs;
    size_t nruns;
};

/* Parses one layout string. A syntax error sets err->column (1-based) to
 * the first character that could not be understood. */
E2D_API enum e2d_status e2d_layout_parse(struct e2d_layout *out, const char *text,
                                 struct e2d_error *err);
E2D_API void e2d_layout_free(struct e2d_layout *l);

/* Whether two run lists describe the same memory. */
E2D_API bool e2d_layout_same_memory(const struct e2d_sector_run *a, size_t na,
                            const struct e2d_sector_run *b, size_t nb);

/* ---- The map ------------------------------------------------------------- */

/* What is known of an option-byte area's read-out protection byte. */
enum e2d_rdp {
    E2D_RDP_UNKNOWN,   /* not known: level 2 cannot be ruled out */
    E2D_RDP_BYTE,      /* rdp_addr holds it; 0xCC there is level 2 (permanent) */
    E2D_RDP_NO_LEVEL2, /* the family has no permanent protection level */
};

struct e2d_alt {
    char name[256];
    enum e2d_mem_kind kind;
    uint32_t write_unit; /* element start and length are multiples of it */
    enum e2d_rdp rdp;
    uint32_t rdp_addr;
    /* OTP lock bytes: otp_locks bytes from otp_lock_start, byte k locking
     * block k of otp_block bytes from the alt's start (none: otp_locks 0). */
    uint32_t otp_lock_start;
    uint32_t otp_locks;
    uint32_t otp_block;
    /* An earlier alt this one repeats exactly (the STM32G0B1 ROM names three
     * alts "Internal Flash" with one layout): data goes to that one. -1: no. */
    int same_as;
    struct e2d_sector_run *runs; /* ascending, non-overlapping; none: no such alt */
    size_t nruns;
};

/* A second address window onto the same memory (the F7's ITCM view of its
 * flash): bootloaders only program the canonical addresses. */
struct e2d_alias {
    uint32_t from;
    uint32_t to;
    uint32_t size;
};

struct e2d_region {
    uint32_t start;
    uint32_t size;
};

#define E2D_MAX_ALIASES 4
#define E2D_MAX_RAM 8

struct e2d_memmap {
    struct e2d_alt *alts; /* index == bAlternateSetting */
    size_t count;
    struct e2d_alias aliases[E2D_MAX_ALIASES];
    size_t naliases;
    /* Device facts, when known (from the device table, or a recognised map). */
    struct e2d_region ram[E2D_MAX_RAM]; /* for the vector table check */
    size_t nram;
    enum e2d_arch arch;
    const char *core;  /* "Cortex-M4", or NULL */
    char device[64];   /* the part ("stm32f405xg"), or "" */
    char family[64];   /* the family ("STM32F4"), or "" */
    /* The bootloader's USB IDs (a pasted listing or the device table). */
    bool has_ids;
    uint16_t vid, pid, bcd_device;
};

/* A sector located by address; index counts sectors from the alt's start. */
struct e2d_sector {
    uint32_t start;
    uint32_t size;
    uint32_t index;
    uint8_t type;
};

E2D_API void e2d_memmap_init(struct e2d_memmap *map);
E2D_API void e2d_memmap_free(struct e2d_memmap *map);

/* Parses a layout string and makes it alternate setting alt (any order;
 * alts never set stay empty). A name with "Option" in it is option bytes,
 * "OTP" is OTP, an erasable memory is flash, else other: the device module
 * corrects this where it knows better. write_unit 0: to be decided (by the
 * device module; the planner refuses a map with an undecided unit). An alt
 * whose layout repeats an earlier one's exactly is marked same_as; any
 * other overlap between alts is an error. */
E2D_API enum e2d_status e2d_memmap_set_layout(struct e2d_memmap *map, size_t alt, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err);

/* The same, as the next alternate setting. */
E2D_API enum e2d_status e2d_memmap_add_layout(struct e2d_memmap *map, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err);

/* What a listing said besides the layouts. */
struct e2d_listing_info {
    bool from_dfu_util; /* "Found DFU:" lines */
    bool from_layouts;  /* bare layout strings, alt 0, 1 ... in order */
    size_t nalts;
    size_t next_alt;    /* layout strings: the next alt number */
    bool has_ids;       /* the bootloader's USB IDs (dfu-util lines) */
    uint16_t vid, pid;
    bool has_bcd;
    uint16_t bcd_device; /* ver= */
};

/* Reads a device's memory from text: layout strings one per line (alt 0,
 * 1 ... in order), or the output of `dfu-util -l` as it is (banner and
 * "Found Runtime" lines skipped, alts in any order, CRLF, one device).
 * Alts get write unit 0 (undecided, see e2d_device_recognise). An error
 * sets err->line and err->column. */
E2D_API enum e2d_status e2d_memmap_parse_listing(struct e2d_memmap *map, const char *text, size_t len,
                                         struct e2d_listing_info *info, struct e2d_error *err);

/* Addresses [from, from + size) are the same memory as [to, to + size).
 * size 0: to the end of the alt holding to. */
E2D_API enum e2d_status e2d_memmap_add_alias(struct e2d_memmap *map, uint32_t from, uint32_t to,
                                     uint32_t size, struct e2d_error *err);

/* Gives every alt write unit (a power of two): --align. */
E2D_API enum e2d_status e2d_memmap_set_write_unit(struct e2d_memmap *map, uint32_t write_unit,
                                          struct e2d_error *err);

/* Finds the sector holding addr in alt; false if addr is not in its map. */
E2D_API bool e2d_alt_find_sector(const struct e2d_alt *alt, uint64_t addr, struct e2d_sector *out);

/* End (exclusive) of the run of back-to-back sectors that holds addr and all
 * have every bit of type_mask; 0 if the sector at addr lacks one of them. */
E2D_API uint64_t e2d_alt_extent_end(const struct e2d_alt *alt, uint64_t addr, uint8_t type_mask);

/* Lowest and highest (exclusive) address the alt describes. */
E2D_API uint32_t e2d_alt_start(const struct e2d_alt *alt);
E2D_API uint64_t e2d_alt_end(const struct e2d_alt *alt);

/* The alt whose memory holds addr (a repeated alt: the first), or -1. */
E2D_API long e2d_memmap_alt_at(const struct e2d_memmap *map, uint64_t addr);

E2D_API const char *e2d_mem_kind_name(enum e2d_mem_kind kind); /* "flash", "OTP", "option bytes" ... */
E2D_API const char *e2d_mem_kind_key(enum e2d_mem_kind kind);  /* "flash", "otp", "option" ... (JSON) */

E2D_END_DECLS

#endif
