/* Built-in device table: what a device's bootloader reports, corrected to
 * what the part really has (bootloaders may report more flash). */
#ifndef ELF2DFU_DEVICES_H
#define ELF2DFU_DEVICES_H

#include <elf2dfu/error.h>
#include <elf2dfu/memmap.h>

#define E2D_DEFAULT_DEVICE "stm32f722xe"

struct e2d_device {
    const char *name;        /* as given to -d */
    const char *description;
    const char *layouts[8];  /* one DfuSe layout string per alt, NULL-terminated */
    uint32_t write_unit;
    uint32_t itcm_alias;     /* flash window at this address moves to layouts[0]; 0: none */
};

const struct e2d_device *e2d_device_find(const char *name);
const struct e2d_device *e2d_device_at(size_t index); /* NULL past the end */

/* Builds the device's map; write_unit 0 keeps the device's own. */
enum e2d_status e2d_memmap_from_device(struct e2d_memmap *map, const struct e2d_device *dev,
                                       uint32_t write_unit, struct e2d_error *err);

/* Address of the read-out protection byte for an option-byte area starting at
 * base, for the families whose layout we know; false otherwise. */
bool e2d_option_rdp_addr(uint32_t base, uint32_t *rdp_addr);

#endif
