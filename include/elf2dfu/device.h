/* SPDX-License-Identifier: BSD-2-Clause */
/* The device table: every part elf2dfu knows, with what its bootloader
 * reports corrected to what the part really has (ROMs often report the
 * die's largest flash), and the facts a layout string does not carry:
 * write units, the read-out protection byte, OTP lock bytes, flash
 * aliases, RAM, the CPU core.
 *
 * Parts are named like "stm32f405xg": the x stands for the pin-count letter
 * of the ordering code, which does not change the memory. */
#ifndef ELF2DFU_DEVICE_H
#define ELF2DFU_DEVICE_H

#include <elf2dfu/api.h>
#include <elf2dfu/error.h>
#include <elf2dfu/memmap.h>

E2D_BEGIN_DECLS

#define E2D_DEFAULT_DEVICE "stm32f722xe"

struct e2d_device; /* a part in the table */

/* How many parts the table has. */
E2D_API size_t e2d_device_count(void);

/* The index-th part (NULL past the end), in table order. */
E2D_API const struct e2d_device *e2d_device_at(size_t index);

/* A part by its table name ("stm32f405xg"), case-insensitive; NULL if none. */
E2D_API const struct e2d_device *e2d_device_find(const char *name);

/* Parts that come nearest to what was asked for. */
#define E2D_MAX_CANDIDATES 12
struct e2d_device_candidates {
    const struct e2d_device *v[E2D_MAX_CANDIDATES];
    size_t count;
    size_t more; /* matches not listed */
};

/* A part as people write it: the ordering code or the name on the chip
 * ("STM32F405RGT6", "stm32f405rg", "f405rg", "GD32VF103CBT6"), the table
 * name, or a prefix that only one part has ("stm32h750"), any case. The
 * pin-count letter and package or temperature suffixes do not matter.
 * E2D_ERR_ARG when no part or several fit: near then lists the candidates
 * (every fit when it is ambiguous, the closest names when nothing fits). */
E2D_API enum e2d_status e2d_device_lookup(const char *what, const struct e2d_device **out,
                                  struct e2d_device_candidates *near, struct e2d_error *err);

/* Whether what, written as for e2d_device_lookup, names this part or
 * starts its name ("f405" fits every STM32F405). */
E2D_API bool e2d_device_fits(const struct e2d_device *dev, const char *what);

E2D_API const char *e2d_device_name(const struct e2d_device *dev);   /* "stm32f405xg" */
E2D_API const char *e2d_device_family(const struct e2d_device *dev); /* "STM32F4" */
E2D_API const char *e2d_device_core(const struct e2d_device *dev);   /* "Cortex-M4" */
E2D_API uint32_t e2d_device_flash_size(const struct e2d_device *dev); /* bytes */
E2D_API void e2d_device_ids(const struct e2d_device *dev, uint16_t *vid, uint16_t *pid);

/* Flash bank modes: some parts organise their flash differently when an
 * option bit selects dual-bank mode (F76x/F77x, F42x, G4, L4+, L5). */
enum e2d_bank {
    E2D_BANK_DEFAULT, /* as the part leaves the factory */
    E2D_BANK_SINGLE,
    E2D_BANK_DUAL,
};

/* Whether the part has both modes; *factory receives its factory mode. */
E2D_API bool e2d_device_bank_modes(const struct e2d_device *dev, enum e2d_bank *factory);

/* Builds the part's map: its alternate settings as its bootloader numbers
 * them, and every fact above. A mode the part does not have is an error. */
E2D_API enum e2d_status e2d_memmap_from_device(struct e2d_memmap *map, const struct e2d_device *dev,
                                       enum e2d_bank bank, struct e2d_error *err);

/* ---- Maps from layout strings -------------------------------------------- */

#define E2D_MAX_FAMILIES 8
struct e2d_recognition {
    /* Families whose bootloader reports these addresses and sectors. */
    const char *families[E2D_MAX_FAMILIES];
    size_t nfamilies;
    bool applied;        /* their facts (which agree) were applied */
    bool safe_default;   /* nothing matched: every alt got the largest write unit in the table */
    uint32_t write_unit; /* the flash write unit now in the map */
    uint32_t part_flash; /* the map's flash is larger than any matching part's: the largest
                            such part's size (a ROM reporting its die's flash), else 0 */
};

/* For a map built from layout strings (-m, a pasted dfu-util listing):
 * finds the families whose bootloaders report the same addresses and
 * sectors, and applies what they agree on (write units, option-byte and
 * OTP facts, flash alias, core, RAM). Alts whose write unit is still
 * undecided get the family's unit, or, when nothing matched, the largest
 * of the table. */
E2D_API enum e2d_status e2d_device_recognise(struct e2d_memmap *map, struct e2d_recognition *out,
                                     struct e2d_error *err);

/* The largest write unit of any part: safe wherever nothing is known. */
E2D_API uint32_t e2d_device_max_write_unit(void);

E2D_END_DECLS

#endif
