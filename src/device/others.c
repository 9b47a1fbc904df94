/* SPDX-License-Identifier: BSD-2-Clause */
/* Parts of other vendors whose ROMs speak DfuSe as ST's do: GigaDevice,
 * Artery, Geehy. Same columns as stm32.c. */
#include "table.h"

#define KIB(n) ((n) * 1024u)
#define SRAM(n) {0x20000000u, KIB(n)}
#define ONE E2D_BANK_DEFAULT
#define TCM {0x10000000u, KIB(64)}

/* GD32F4xx sectors (the zephyr GD32 FMC v3 driver has the same layout). */
#define GD_512K "04*016Kg,01*064Kg,03*128Kg"
#define GD_1M "04*016Kg,01*064Kg,07*128Kg"
#define GD_2M GD_1M "," GD_1M
#define GD_3M GD_2M ",04*256Kg"

const struct e2d_device e2d_other_parts[] = {
    /* GD32VF103: the ROM's 2 KiB pages, the part's flash */
    {"gd32vf103x4", &e2d_gd32vf103, 16, "008*002Kg", ONE, NULL, {SRAM(6)}},
    {"gd32vf103x6", &e2d_gd32vf103, 32, "016*002Kg", ONE, NULL, {SRAM(10)}},
    {"gd32vf103x8", &e2d_gd32vf103, 64, "032*002Kg", ONE, NULL, {SRAM(20)}},
    {"gd32vf103xb", &e2d_gd32vf103, 128, "064*002Kg", ONE, NULL, {SRAM(32)}},
    /* GD32F305/F307 */
    {"gd32f305xc", &e2d_gd32f30x, 256, "128*002Kg", ONE, NULL, {SRAM(96)}},
    {"gd32f305xe", &e2d_gd32f30x, 512, "256*002Kg", ONE, NULL, {SRAM(96)}},
    {"gd32f305xg", &e2d_gd32f30x, 1024, "256*002Kg,128*004Kg", ONE, NULL, {SRAM(96)}},
    {"gd32f307xc", &e2d_gd32f30x, 256, "128*002Kg", ONE, NULL, {SRAM(96)}},
    {"gd32f307xe", &e2d_gd32f30x, 512, "256*002Kg", ONE, NULL, {SRAM(96)}},
    {"gd32f307xg", &e2d_gd32f30x, 1024, "256*002Kg,128*004Kg", ONE, NULL, {SRAM(96)}},
    /* GD32F4xx: F405/F407 have 128 KiB of SRAM and 64 KiB of TCM SRAM,
     * F450/F470 256 KiB and the same TCM. */
    {"gd32f405xe", &e2d_gd32f4xx, 512, GD_512K, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f405xg", &e2d_gd32f4xx, 1024, GD_1M, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f405xk", &e2d_gd32f4xx, 3072, GD_3M, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f407xe", &e2d_gd32f4xx, 512, GD_512K, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f407xg", &e2d_gd32f4xx, 1024, GD_1M, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f407xk", &e2d_gd32f4xx, 3072, GD_3M, ONE, NULL, {SRAM(128), TCM}},
    {"gd32f450xg", &e2d_gd32f4xx, 1024, GD_1M, ONE, NULL, {SRAM(256), TCM}},
    {"gd32f450xi", &e2d_gd32f4xx, 2048, GD_2M, ONE, NULL, {SRAM(256), TCM}},
    {"gd32f450xk", &e2d_gd32f4xx, 3072, GD_3M, ONE, NULL, {SRAM(256), TCM}},
    {"gd32f470xg", &e2d_gd32f4xx, 1024, GD_1M, ONE, NULL, {SRAM(256), TCM}},
    {"gd32f470xi", &e2d_gd32f4xx, 2048, GD_2M, ONE, NULL, {SRAM(256), TCM}},
    {"gd32f470xk", &e2d_gd32f4xx, 3072, GD_3M, ONE, NULL, {SRAM(256), TCM}},
    /* AT32F415 */
    {"at32f415xb", &e2d_at32f415, 128, "128*1Kg", ONE, NULL, {SRAM(32)}},
    {"at32f415xc", &e2d_at32f415, 256, "128*2Kg", ONE, NULL, {SRAM(32)}},
    /* AT32F403A/F407: 96 KiB of RAM from the factory (224 KiB with EOPB0) */
    {"at32f403axc", &e2d_at32f403a, 256, "128*002Kg", ONE, NULL, {SRAM(224)}},
    {"at32f403axe", &e2d_at32f403a, 512, "256*002Kg", ONE, NULL, {SRAM(224)}},
    {"at32f403axg", &e2d_at32f403a, 1024, "512*002Kg", ONE, NULL, {SRAM(224)}},
    {"at32f407xc", &e2d_at32f403a, 256, "128*002Kg", ONE, NULL, {SRAM(224)}},
    {"at32f407xe", &e2d_at32f403a, 512, "256*002Kg", ONE, NULL, {SRAM(224)}},
    {"at32f407xg", &e2d_at32f403a, 1024, "512*002Kg", ONE, NULL, {SRAM(224)}},
    /* APM32F072 */
    {"apm32f072x8", &e2d_apm32f0, 64, "032*0002Kg", ONE, NULL, {SRAM(16)}},
    {"apm32f072xb", &e2d_apm32f0, 128, "064*0002Kg", ONE, NULL, {SRAM(16)}},
};

const size_t e2d_other_nparts = sizeof e2d_other_parts / sizeof e2d_other_parts[0];
