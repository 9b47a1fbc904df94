/* SPDX-License-Identifier: BSD-2-Clause */
/* STM32 parts with a USB DFU bootloader (AN2606), one entry per flash
 * size: name, family (family.c: references and shared facts), flash in
 * KiB, sectors (a DfuSe layout string's runs after "/0x08000000/"), bank
 * mode of those sectors and the other mode's, and RAM.
 *
 * Flash sizes and sector organisation: the reference manual's flash
 * chapter (family.c names it); RAM: the datasheet's memory map (main SRAM
 * at 0x20000000, CCM or SRAM2 at 0x10000000, H7 AXI/AHB SRAM). The F410
 * has no USB, so no DFU bootloader: it is not here. */
#include "table.h"

#define KIB(n) ((n) * 1024u)
#define SRAM(n) {0x20000000u, KIB(n)}
#define CCM(n) {0x10000000u, KIB(n)}
#define SINGLE E2D_BANK_SINGLE
#define DUAL E2D_BANK_DUAL
#define ONE E2D_BANK_DEFAULT

/* F2/F4/F7 sector runs. */
#define F4_128K "04*016Kg,01*064Kg"
#define F4_256K "04*016Kg,01*064Kg,01*128Kg"
#define F4_384K "04*016Kg,01*064Kg,02*128Kg"
#define F4_512K "04*016Kg,01*064Kg,03*128Kg"
#define F4_768K "04*016Kg,01*064Kg,05*128Kg"
#define F4_1M "04*016Kg,01*064Kg,07*128Kg"
#define F4_1M5 "04*016Kg,01*064Kg,11*128Kg"
#define F4_1M_DUAL F4_512K "," F4_512K
#define F4_2M_DUAL F4_1M "," F4_1M
#define F74_512K "04*032Kg,01*128Kg,01*256Kg"
#define F74_1M "04*032Kg,01*128Kg,03*256Kg"
#define F76_2M "04*032Kg,01*128Kg,07*256Kg"

/* H7 RAM: DTCM, AXI SRAM, AHB SRAM, SRD/D3 SRAM. */
#define H74_RAM {SRAM(128), {0x24000000u, KIB(512)}, {0x30000000u, KIB(288)}, {0x38000000u, KIB(64)}}
#define H72_RAM {SRAM(128), {0x24000000u, KIB(320)}, {0x30000000u, KIB(32)}, {0x38000000u, KIB(16)}}
#define H7A_RAM {SRAM(128), {0x24000000u, KIB(1024)}, {0x30000000u, KIB(128)}, {0x38000000u, KIB(32)}}
#define U5_RAM(n) {SRAM(n), {0x28000000u, KIB(16)}}

const struct e2d_device e2d_stm32_parts[] = {
    /* F0 */
    {"stm32f042x4", &e2d_stm32f0, 16, "016*0001Kg", ONE, NULL, {SRAM(6)}},
    {"stm32f042x6", &e2d_stm32f0, 32, "032*0001Kg", ONE, NULL, {SRAM(6)}},
    {"stm32f048x6", &e2d_stm32f0, 32, "032*0001Kg", ONE, NULL, {SRAM(6)}},
    {"stm32f070x6", &e2d_stm32f0, 32, "032*0001Kg", ONE, NULL, {SRAM(6)}},
    {"stm32f070xb", &e2d_stm32f0, 128, "064*0002Kg", ONE, NULL, {SRAM(16)}},
    {"stm32f072x8", &e2d_stm32f0, 64, "032*0002Kg", ONE, NULL, {SRAM(16)}},
    {"stm32f072xb", &e2d_stm32f0, 128, "064*0002Kg", ONE, NULL, {SRAM(16)}},
    {"stm32f078xb", &e2d_stm32f0, 128, "064*0002Kg", ONE, NULL, {SRAM(16)}},
    /* F1 connectivity line */
    {"stm32f105x8", &e2d_stm32f1cl, 64, "032*002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f105xb", &e2d_stm32f1cl, 128, "064*002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f105xc", &e2d_stm32f1cl, 256, "128*002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f107xb", &e2d_stm32f1cl, 128, "064*002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f107xc", &e2d_stm32f1cl, 256, "128*002Kg", ONE, NULL, {SRAM(64)}},
    /* F2 */
    {"stm32f205xb", &e2d_stm32f2, 128, F4_128K, ONE, NULL, {SRAM(64)}},
    {"stm32f205xc", &e2d_stm32f2, 256, F4_256K, ONE, NULL, {SRAM(96)}},
    {"stm32f207xc", &e2d_stm32f2, 256, F4_256K, ONE, NULL, {SRAM(128)}},
    {"stm32f205xe", &e2d_stm32f2, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    {"stm32f207xe", &e2d_stm32f2, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    {"stm32f215xe", &e2d_stm32f2, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    {"stm32f217xe", &e2d_stm32f2, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    {"stm32f205xf", &e2d_stm32f2, 768, F4_768K, ONE, NULL, {SRAM(128)}},
    {"stm32f207xf", &e2d_stm32f2, 768, F4_768K, ONE, NULL, {SRAM(128)}},
    {"stm32f205xg", &e2d_stm32f2, 1024, F4_1M, ONE, NULL, {SRAM(128)}},
    {"stm32f207xg", &e2d_stm32f2, 1024, F4_1M, ONE, NULL, {SRAM(128)}},
    {"stm32f215xg", &e2d_stm32f2, 1024, F4_1M, ONE, NULL, {SRAM(128)}},
    {"stm32f217xg", &e2d_stm32f2, 1024, F4_1M, ONE, NULL, {SRAM(128)}},
    /* F3 */
    {"stm32f302xb", &e2d_stm32f3, 128, "064*0002Kg", ONE, NULL, {SRAM(32)}},
    {"stm32f302xc", &e2d_stm32f3, 256, "128*0002Kg", ONE, NULL, {SRAM(40)}},
    {"stm32f302xd", &e2d_stm32f3, 384, "192*0002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f302xe", &e2d_stm32f3, 512, "256*0002Kg", ONE, NULL, {SRAM(64)}},
    {"stm32f303xb", &e2d_stm32f3, 128, "064*0002Kg", ONE, NULL, {SRAM(32), CCM(8)}},
    {"stm32f303xc", &e2d_stm32f3, 256, "128*0002Kg", ONE, NULL, {SRAM(40), CCM(8)}},
    {"stm32f303xd", &e2d_stm32f3, 384, "192*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32f303xe", &e2d_stm32f3, 512, "256*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32f373x8", &e2d_stm32f3, 64, "032*0002Kg", ONE, NULL, {SRAM(16)}},
    {"stm32f373xb", &e2d_stm32f3, 128, "064*0002Kg", ONE, NULL, {SRAM(24)}},
    {"stm32f373xc", &e2d_stm32f3, 256, "128*0002Kg", ONE, NULL, {SRAM(32)}},
    /* F4, one bank */
    {"stm32f401xb", &e2d_stm32f4, 128, F4_128K, ONE, NULL, {SRAM(64)}},
    {"stm32f401xc", &e2d_stm32f4, 256, F4_256K, ONE, NULL, {SRAM(64)}},
    {"stm32f401xd", &e2d_stm32f4, 384, F4_384K, ONE, NULL, {SRAM(96)}},
    {"stm32f401xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(96)}},
    {"stm32f405xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f405xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f407xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f407xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f415xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f417xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f417xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(128), CCM(64)}},
    {"stm32f411xc", &e2d_stm32f4, 256, F4_256K, ONE, NULL, {SRAM(128)}},
    {"stm32f411xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    {"stm32f412xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(256)}},
    {"stm32f412xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(256)}},
    {"stm32f413xg", &e2d_stm32f4, 1024, F4_1M, ONE, NULL, {SRAM(320)}},
    {"stm32f413xh", &e2d_stm32f4, 1536, F4_1M5, ONE, NULL, {SRAM(320)}},
    {"stm32f423xh", &e2d_stm32f4, 1536, F4_1M5, ONE, NULL, {SRAM(320)}},
    {"stm32f446xc", &e2d_stm32f4, 256, F4_256K, ONE, NULL, {SRAM(128)}},
    {"stm32f446xe", &e2d_stm32f4, 512, F4_512K, ONE, NULL, {SRAM(128)}},
    /* F4, two banks: 2 MiB always, 1 MiB when DB1M is set */
    {"stm32f427xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(192), CCM(64)}},
    {"stm32f427xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(192), CCM(64)}},
    {"stm32f429xe", &e2d_stm32f42x, 512, F4_512K, ONE, NULL, {SRAM(192), CCM(64)}},
    {"stm32f429xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(192), CCM(64)}},
    {"stm32f429xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(192), CCM(64)}},
    {"stm32f437xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(192), CCM(64)}},
    {"stm32f437xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(192), CCM(64)}},
    {"stm32f439xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(192), CCM(64)}},
    {"stm32f439xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(192), CCM(64)}},
    {"stm32f469xe", &e2d_stm32f42x, 512, F4_512K, ONE, NULL, {SRAM(320), CCM(64)}},
    {"stm32f469xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(320), CCM(64)}},
    {"stm32f469xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(320), CCM(64)}},
    {"stm32f479xg", &e2d_stm32f42x, 1024, F4_1M, SINGLE, F4_1M_DUAL, {SRAM(320), CCM(64)}},
    {"stm32f479xi", &e2d_stm32f42x, 2048, F4_2M_DUAL, ONE, NULL, {SRAM(320), CCM(64)}},
    /* F72x/F73x: RAM is DTCM 64 KiB, SRAM1 176 KiB, SRAM2 16 KiB */
    {"stm32f722xc", &e2d_stm32f72x, 256, F4_256K, ONE, NULL, {SRAM(256)}},
    {"stm32f722xe", &e2d_stm32f72x, 512, F4_512K, ONE, NULL, {SRAM(256)}},
    {"stm32f723xc", &e2d_stm32f72x, 256, F4_256K, ONE, NULL, {SRAM(256)}},
    {"stm32f723xe", &e2d_stm32f72x, 512, F4_512K, ONE, NULL, {SRAM(256)}},
    {"stm32f730x8", &e2d_stm32f72x, 64, "04*016Kg", ONE, NULL, {SRAM(256)}},
    {"stm32f732xe", &e2d_stm32f72x, 512, F4_512K, ONE, NULL, {SRAM(256)}},
    {"stm32f733xe", &e2d_stm32f72x, 512, F4_512K, ONE, NULL, {SRAM(256)}},
    /* F74x/F75x: DTCM 64 KiB, SRAM1 240 KiB, SRAM2 16 KiB */
    {"stm32f745xe", &e2d_stm32f74x, 512, F74_512K, ONE, NULL, {SRAM(320)}},
    {"stm32f745xg", &e2d_stm32f74x, 1024, F74_1M, ONE, NULL, {SRAM(320)}},
    {"stm32f746xe", &e2d_stm32f74x, 512, F74_512K, ONE, NULL, {SRAM(320)}},
    {"stm32f746xg", &e2d_stm32f74x, 1024, F74_1M, ONE, NULL, {SRAM(320)}},
    {"stm32f750x8", &e2d_stm32f74x, 64, "02*032Kg", ONE, NULL, {SRAM(320)}},
    {"stm32f756xg", &e2d_stm32f74x, 1024, F74_1M, ONE, NULL, {SRAM(320)}},
    /* F76x/F77x: single bank from the factory; DTCM 128 KiB + SRAM 384 KiB */
    {"stm32f765xg", &e2d_stm32f76x, 1024, F74_1M, SINGLE, F4_1M_DUAL, {SRAM(512)}},
    {"stm32f765xi", &e2d_stm32f76x, 2048, F76_2M, SINGLE, F4_2M_DUAL, {SRAM(512)}},
    {"stm32f767xg", &e2d_stm32f76x, 1024, F74_1M, SINGLE, F4_1M_DUAL, {SRAM(512)}},
    {"stm32f767xi", &e2d_stm32f76x, 2048, F76_2M, SINGLE, F4_2M_DUAL, {SRAM(512)}},
    {"stm32f769xg", &e2d_stm32f76x, 1024, F74_1M, SINGLE, F4_1M_DUAL, {SRAM(512)}},
    {"stm32f769xi", &e2d_stm32f76x, 2048, F76_2M, SINGLE, F4_2M_DUAL, {SRAM(512)}},
    {"stm32f777xi", &e2d_stm32f76x, 2048, F76_2M, SINGLE, F4_2M_DUAL, {SRAM(512)}},
    {"stm32f779xi", &e2d_stm32f76x, 2048, F76_2M, SINGLE, F4_2M_DUAL, {SRAM(512)}},
    /* G0 (USB parts). The 256 KiB parts, whose bank 2 does not follow bank 1,
     * are not here. */
    {"stm32g0b1xb", &e2d_stm32g0, 128, "064*02Kg", ONE, NULL, {SRAM(144)}},
    {"stm32g0b1xe", &e2d_stm32g0, 512, "256*02Kg", ONE, NULL, {SRAM(144)}},
    {"stm32g0c1xe", &e2d_stm32g0, 512, "256*02Kg", ONE, NULL, {SRAM(144)}},
    /* G4. Category 3 parts of 128/256 KiB, whose bank 2 does not follow
     * bank 1 in dual-bank mode, are not here. */
    {"stm32g431x6", &e2d_stm32g4, 32, "016*02Kg", ONE, NULL, {SRAM(22), CCM(10)}},
    {"stm32g431x8", &e2d_stm32g4, 64, "032*02Kg", ONE, NULL, {SRAM(22), CCM(10)}},
    {"stm32g431xb", &e2d_stm32g4, 128, "064*02Kg", ONE, NULL, {SRAM(22), CCM(10)}},
    {"stm32g441xb", &e2d_stm32g4, 128, "064*02Kg", ONE, NULL, {SRAM(22), CCM(10)}},
    {"stm32g471xe", &e2d_stm32g4, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(96), CCM(32)}},
    {"stm32g473xe", &e2d_stm32g4, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(96), CCM(32)}},
    {"stm32g474xe", &e2d_stm32g4, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(96), CCM(32)}},
    {"stm32g483xe", &e2d_stm32g4, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(96), CCM(32)}},
    {"stm32g484xe", &e2d_stm32g4, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(96), CCM(32)}},
    {"stm32g491xc", &e2d_stm32g4, 256, "128*02Kg", ONE, NULL, {SRAM(96), CCM(16)}},
    {"stm32g491xe", &e2d_stm32g4, 512, "256*02Kg", ONE, NULL, {SRAM(96), CCM(16)}},
    {"stm32g4a1xe", &e2d_stm32g4, 512, "256*02Kg", ONE, NULL, {SRAM(96), CCM(16)}},
    /* H5: two banks, the second following the first */
    {"stm32h503xb", &e2d_stm32h5, 128, "016*08Kg", ONE, NULL, {SRAM(32)}},
    {"stm32h562xg", &e2d_stm32h5, 1024, "128*08Kg", ONE, NULL, {SRAM(640)}},
    {"stm32h562xi", &e2d_stm32h5, 2048, "256*08Kg", ONE, NULL, {SRAM(640)}},
    {"stm32h563xg", &e2d_stm32h5, 1024, "128*08Kg", ONE, NULL, {SRAM(640)}},
    {"stm32h563xi", &e2d_stm32h5, 2048, "256*08Kg", ONE, NULL, {SRAM(640)}},
    {"stm32h573xi", &e2d_stm32h5, 2048, "256*08Kg", ONE, NULL, {SRAM(640)}},
    /* H72x/H73x: one bank */
    {"stm32h723xe", &e2d_stm32h72x, 512, "04*128Kg", ONE, NULL, H72_RAM},
    {"stm32h723xg", &e2d_stm32h72x, 1024, "08*128Kg", ONE, NULL, H72_RAM},
    {"stm32h725xe", &e2d_stm32h72x, 512, "04*128Kg", ONE, NULL, H72_RAM},
    {"stm32h725xg", &e2d_stm32h72x, 1024, "08*128Kg", ONE, NULL, H72_RAM},
    {"stm32h730xb", &e2d_stm32h72x, 128, "01*128Kg", ONE, NULL, H72_RAM},
    {"stm32h733xg", &e2d_stm32h72x, 1024, "08*128Kg", ONE, NULL, H72_RAM},
    {"stm32h735xg", &e2d_stm32h72x, 1024, "08*128Kg", ONE, NULL, H72_RAM},
    /* H74x/H75x: bank 2 at 0x08100000 */
    {"stm32h743xg", &e2d_stm32h74x, 1024, "04*128Kg/0x08100000/04*128Kg", ONE, NULL, H74_RAM},
    {"stm32h743xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    {"stm32h745xg", &e2d_stm32h74x, 1024, "04*128Kg/0x08100000/04*128Kg", ONE, NULL, H74_RAM},
    {"stm32h745xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    {"stm32h747xg", &e2d_stm32h74x, 1024, "04*128Kg/0x08100000/04*128Kg", ONE, NULL, H74_RAM},
    {"stm32h747xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    {"stm32h750xb", &e2d_stm32h74x, 128, "01*128Kg", ONE, NULL, H74_RAM},
    {"stm32h753xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    {"stm32h755xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    {"stm32h757xi", &e2d_stm32h74x, 2048, "16*128Kg", ONE, NULL, H74_RAM},
    /* H7A3/H7B3/H7B0: bank 2 at 0x08100000 */
    {"stm32h7a3xg", &e2d_stm32h7ax, 1024, "064*08Kg/0x08100000/064*08Kg", ONE, NULL, H7A_RAM},
    {"stm32h7a3xi", &e2d_stm32h7ax, 2048, "256*08Kg", ONE, NULL, H7A_RAM},
    {"stm32h7b0xb", &e2d_stm32h7ax, 128, "016*08Kg", ONE, NULL, H7A_RAM},
    {"stm32h7b3xi", &e2d_stm32h7ax, 2048, "256*08Kg", ONE, NULL, H7A_RAM},
    /* L0 (USB parts): 128-byte pages */
    {"stm32l052x6", &e2d_stm32l0, 32, "256*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l052x8", &e2d_stm32l0, 64, "512*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l053x6", &e2d_stm32l0, 32, "256*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l053x8", &e2d_stm32l0, 64, "512*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l062x8", &e2d_stm32l0, 64, "512*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l063x8", &e2d_stm32l0, 64, "512*128g", ONE, NULL, {SRAM(8)}},
    {"stm32l072xb", &e2d_stm32l0e, 128, "1024*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l072xz", &e2d_stm32l0e, 192, "1536*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l073x8", &e2d_stm32l0e, 64, "512*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l073xb", &e2d_stm32l0e, 128, "1024*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l073xz", &e2d_stm32l0e, 192, "1536*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l082xb", &e2d_stm32l0e, 128, "1024*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l082xz", &e2d_stm32l0e, 192, "1536*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l083x8", &e2d_stm32l0e, 64, "512*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l083xb", &e2d_stm32l0e, 128, "1024*128g", ONE, NULL, {SRAM(20)}},
    {"stm32l083xz", &e2d_stm32l0e, 192, "1536*128g", ONE, NULL, {SRAM(20)}},
    /* L4: 2 KiB pages (L47x/L49x: two banks, the second following) */
    {"stm32l412x8", &e2d_stm32l4, 64, "0032*0002Kg", ONE, NULL, {SRAM(40), CCM(8)}},
    {"stm32l412xb", &e2d_stm32l4, 128, "0064*0002Kg", ONE, NULL, {SRAM(40), CCM(8)}},
    {"stm32l422xb", &e2d_stm32l4, 128, "0064*0002Kg", ONE, NULL, {SRAM(40), CCM(8)}},
    {"stm32l432xb", &e2d_stm32l4, 128, "0064*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l432xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l433xb", &e2d_stm32l4, 128, "0064*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l433xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l442xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l443xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(64), CCM(16)}},
    {"stm32l452xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(160), CCM(32)}},
    {"stm32l452xe", &e2d_stm32l4, 512, "0256*0002Kg", ONE, NULL, {SRAM(160), CCM(32)}},
    {"stm32l462xe", &e2d_stm32l4, 512, "0256*0002Kg", ONE, NULL, {SRAM(160), CCM(32)}},
    {"stm32l475xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l475xe", &e2d_stm32l4, 512, "0256*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l475xg", &e2d_stm32l4, 1024, "0512*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l476xc", &e2d_stm32l4, 256, "0128*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l476xe", &e2d_stm32l4, 512, "0256*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l476xg", &e2d_stm32l4, 1024, "0512*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l486xg", &e2d_stm32l4, 1024, "0512*0002Kg", ONE, NULL, {SRAM(96), CCM(32)}},
    {"stm32l496xe", &e2d_stm32l4, 512, "0256*0002Kg", ONE, NULL, {SRAM(320), CCM(64)}},
    {"stm32l496xg", &e2d_stm32l4, 1024, "0512*0002Kg", ONE, NULL, {SRAM(320), CCM(64)}},
    {"stm32l4a6xg", &e2d_stm32l4, 1024, "0512*0002Kg", ONE, NULL, {SRAM(320), CCM(64)}},
    /* L4+: dual bank from the factory (4 KiB pages), single bank 8 KiB */
    {"stm32l4p5xe", &e2d_stm32l4p, 512, "128*04Kg", DUAL, "064*08Kg", {SRAM(320)}},
    {"stm32l4p5xg", &e2d_stm32l4p, 1024, "256*04Kg", DUAL, "128*08Kg", {SRAM(320)}},
    {"stm32l4q5xg", &e2d_stm32l4p, 1024, "256*04Kg", DUAL, "128*08Kg", {SRAM(320)}},
    {"stm32l4r5xg", &e2d_stm32l4p, 1024, "256*04Kg", DUAL, "128*08Kg", {SRAM(640)}},
    {"stm32l4r5xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    {"stm32l4r7xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    {"stm32l4r9xg", &e2d_stm32l4p, 1024, "256*04Kg", DUAL, "128*08Kg", {SRAM(640)}},
    {"stm32l4r9xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    {"stm32l4s5xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    {"stm32l4s7xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    {"stm32l4s9xi", &e2d_stm32l4p, 2048, "512*04Kg", DUAL, "256*08Kg", {SRAM(640)}},
    /* L5: dual bank from the factory (2 KiB pages), single bank 4 KiB. The
     * 256 KiB parts are not here. */
    {"stm32l552xe", &e2d_stm32l5, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(256)}},
    {"stm32l562xe", &e2d_stm32l5, 512, "256*02Kg", DUAL, "128*04Kg", {SRAM(256)}},
    /* U5: two banks of 8 KiB pages, the second following */
    {"stm32u535xc", &e2d_stm32u5, 256, "032*08Kg", ONE, NULL, U5_RAM(256)},
    {"stm32u535xe", &e2d_stm32u5, 512, "064*08Kg", ONE, NULL, U5_RAM(256)},
    {"stm32u545xe", &e2d_stm32u5, 512, "064*08Kg", ONE, NULL, U5_RAM(256)},
    {"stm32u575xg", &e2d_stm32u5, 1024, "128*08Kg", ONE, NULL, U5_RAM(768)},
    {"stm32u575xi", &e2d_stm32u5, 2048, "256*08Kg", ONE, NULL, U5_RAM(768)},
    {"stm32u585xi", &e2d_stm32u5, 2048, "256*08Kg", ONE, NULL, U5_RAM(768)},
    {"stm32u595xi", &e2d_stm32u5, 2048, "256*08Kg", ONE, NULL, U5_RAM(2496)},
    {"stm32u595xj", &e2d_stm32u5, 4096, "512*08Kg", ONE, NULL, U5_RAM(2496)},
    {"stm32u599xj", &e2d_stm32u5, 4096, "512*08Kg", ONE, NULL, U5_RAM(2496)},
    {"stm32u5a5xj", &e2d_stm32u5, 4096, "512*08Kg", ONE, NULL, U5_RAM(2496)},
    {"stm32u5a9xj", &e2d_stm32u5, 4096, "512*08Kg", ONE, NULL, U5_RAM(2496)},
    /* WB: 4 KiB pages */
    {"stm32wb35xc", &e2d_stm32wb, 256, "064*04Kg", ONE, NULL, {SRAM(96)}},
    {"stm32wb35xe", &e2d_stm32wb, 512, "128*04Kg", ONE, NULL, {SRAM(96)}},
    {"stm32wb55xc", &e2d_stm32wb, 256, "064*04Kg", ONE, NULL, {SRAM(256)}},
    {"stm32wb55xe", &e2d_stm32wb, 512, "128*04Kg", ONE, NULL, {SRAM(256)}},
    {"stm32wb55xg", &e2d_stm32wb, 1024, "256*04Kg", ONE, NULL, {SRAM(256)}},
    /* C0 (the USB part) */
    {"stm32c071x8", &e2d_stm32c0, 64, "032*02Kg", ONE, NULL, {SRAM(24)}},
    {"stm32c071xb", &e2d_stm32c0, 128, "064*02Kg", ONE, NULL, {SRAM(24)}},
};

const size_t e2d_stm32_nparts = sizeof e2d_stm32_parts / sizeof e2d_stm32_parts[0];
