#include <elf2dfu/devices.h>

#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Layouts as the F722 system bootloader (0483:DF11, bcdDevice 0x2200) reports
 * them, with the flash cut to the part's real size. Sectors 0-3 16 KiB, 4
 * 64 KiB, 5-7 128 KiB (RM0431). The 64-bit flash line is the write unit we
 * keep even though the F7 can program bytes: it costs nothing on erased flash
 * and keeps the file valid for families that need it. */
static const struct e2d_device devices[] = {
    {
        .name = "stm32f722xe",
        .description = "STM32F722xE, 512 KiB flash",
        .layouts = {"@Internal Flash  /0x08000000/04*016Kg,01*064Kg,03*128Kg",
                    "@Option Bytes  /0x1FFF0000/01*048 e",
                    "@OTP Memory /0x1FF07800/01*528e", NULL},
        .write_unit = 8,
        .itcm_alias = 0x00200000,
    },
    {
        .name = "stm32f722xc",
        .description = "STM32F722xC, 256 KiB flash",
        .layouts = {"@Internal Flash  /0x08000000/04*016Kg,01*064Kg,01*128Kg",
                    "@Option Bytes  /0x1FFF0000/01*048 e",
                    "@OTP Memory /0x1FF07800/01*528e", NULL},
        .write_unit = 8,
        .itcm_alias = 0x00200000,
    },
};

const struct e2d_device *e2d_device_find(const char *name)
{
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strcmp(devices[i].name, name) == 0)
            return &devices[i];
    return NULL;
}

const struct e2d_device *e2d_device_at(size_t index)
{
    return index < sizeof devices / sizeof devices[0] ? &devices[index] : NULL;
}

/* RDP sits in bits 15:8 of the first option word on F2/F4/F7 (RM0033,
 * RM0090, RM0431) and in bits 7:0 on F0/F1/F3 and L4/G4/WB. */
static const struct {
    uint32_t base;
    uint32_t offset;
} rdp_table[] = {
    {0x1FFFC000u, 1}, /* F2, F4 */
    {0x1FFF0000u, 1}, /* F7 */
    {0x1FFFF800u, 0}, /* F0, F1, F3 */
    {0x1FFF7800u, 0}, /* L4, G4, WB */
};

bool e2d_option_rdp_addr(uint32_t base, uint32_t *rdp_addr)
{
    for (size_t i = 0; i < sizeof rdp_table / sizeof rdp_table[0]; i++) {
        if (rdp_table[i].base == base) {
            *rdp_addr = base + rdp_table[i].offset;
            return true;
        }
    }
    return false;
}

enum e2d_status e2d_memmap_from_device(struct e2d_memmap *map, const struct e2d_device *dev,
                                       uint32_t write_unit, struct e2d_error *err)
{
    enum e2d_status st;

    if (!map || !dev)
        return e2d_fail(err, E2D_ERR_ARG, "no device given (e2d_device_find returns NULL for "
                                          "an unknown name)");
    for (size_t i = 0; dev->layouts[i]; i++) {
        st = e2d_memmap_add_layout(map, dev->layouts[i], write_unit ? write_unit : dev->write_unit,
                                   err);
        if (st != E2D_OK)
            return st;
    }
    if (dev->itcm_alias && map->count > 0) {
        const struct e2d_alt *flash = &map->alts[0];
        map->has_alias = true;
        map->alias.from = dev->itcm_alias;
        map->alias.to = e2d_alt_start(flash);
        map->alias.size = (uint32_t)(e2d_alt_end(flash) - e2d_alt_start(flash));
    }
    snprintf(map->device, sizeof map->device, "%s", dev->name);
    return E2D_OK;
}
