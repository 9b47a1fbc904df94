/* Device memory as DfuSe bootloaders describe it: one alternate setting per
 * memory (flash, option bytes, OTP ...), each a list of sector runs. */
#ifndef ELF2DFU_MEMMAP_H
#define ELF2DFU_MEMMAP_H

#include <elf2dfu/error.h>
#include <stdbool.h>
#include <stdint.h>

/* Sector type bits, as the layout string's letter 'a'..'g' minus 'a' + 1. */
#define E2D_MEM_READABLE 1u
#define E2D_MEM_ERASABLE 2u
#define E2D_MEM_WRITABLE 4u

enum e2d_mem_kind {
    E2D_KIND_FLASH,  /* erasable: dfu-util erases every sector an element touches */
    E2D_KIND_OTP,    /* one-time programmable: never erased, bits only go 1 -> 0 */
    E2D_KIND_OPTION, /* option bytes: writing them resets the device */
    E2D_KIND_OTHER,
};

/* count sectors of size bytes each, from start. */
struct e2d_sector_run {
    uint32_t start;
    uint32_t count;
    uint32_t size;
    uint8_t type; /* E2D_MEM_* bits */
    uint32_t first_index; /* index of its first sector in the alt */
};

struct e2d_alt {
    char name[256]; /* trailing blanks removed: "Internal Flash" */
    enum e2d_mem_kind kind;
    uint32_t write_unit;      /* element start and length are multiples of it */
    bool has_rdp;             /* rdp_addr holds the read-out protection byte */
    uint32_t rdp_addr;
    struct e2d_sector_run *runs; /* ascending, non-overlapping */
    size_t nruns;
};

/* A second address window onto the same memory (the F7's ITCM view of its
 * flash): bootloaders only program the canonical addresses. */
struct e2d_alias {
    uint32_t from;
    uint32_t to;
    uint32_t size;
};

struct e2d_memmap {
    struct e2d_alt *alts; /* index == bAlternateSetting */
    size_t count;
    bool has_alias;
    struct e2d_alias alias;
    char device[64]; /* device name, or "" for a map built from layout strings */
};

/* A sector located by address; index counts sectors from the alt's start. */
struct e2d_sector {
    uint32_t start;
    uint32_t size;
    uint32_t index;
    uint8_t type;
};

void e2d_memmap_init(struct e2d_memmap *map);
void e2d_memmap_free(struct e2d_memmap *map);

/* Parses one DfuSe layout string ("@Internal Flash /0x08000000/04*016Kg,...")
 * and appends it as the next alternate setting. */
enum e2d_status e2d_memmap_add_layout(struct e2d_memmap *map, const char *layout,
                                      uint32_t write_unit, struct e2d_error *err);

/* Finds the sector holding addr in alt; false if addr is not in its map. */
bool e2d_alt_find_sector(const struct e2d_alt *alt, uint64_t addr, struct e2d_sector *out);

/* End (exclusive) of the run of back-to-back sectors that holds addr and all
 * have every bit of type_mask; 0 if the sector at addr lacks one of them. */
uint64_t e2d_alt_extent_end(const struct e2d_alt *alt, uint64_t addr, uint8_t type_mask);

/* Lowest and highest (exclusive) address the alt describes. */
uint32_t e2d_alt_start(const struct e2d_alt *alt);
uint64_t e2d_alt_end(const struct e2d_alt *alt);

const char *e2d_mem_kind_name(enum e2d_mem_kind kind);

#endif
