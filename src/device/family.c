/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-family facts: what one bootloader and one flash controller share.
 *
 * Layout strings for alts 1, 2 ... are written as the bootloader reports
 * them where a real `dfu-util -l` listing was seen (tests/data/dfu-util/);
 * the others are marked "from the RM" and give the addresses and sizes the
 * reference manual gives. An alt whose string is not known is left unused
 * (""), so that no target ever gets an alt number another memory has.
 *
 * References name the reference manual (its embedded flash memory and
 * option byte chapters, whose numbers move between revisions) and the
 * AN2606 section of the bootloader, by title.
 *
 * Write units (RM flash chapters; ST HAL FLASH_TYPEPROGRAM_*): F0/F1/F3 a
 * half-word; F2/F4 a word (PSIZE x32, the setting for 2.7-3.6 V); F7 eight
 * bytes (the 64-bit flash line, kept although the F7 can program bytes);
 * L0 a word; L4/L4+/L5/G0/G4/WB/C0 a double word (ECC); U5/H5/H7A3/B3 a
 * quad word; other H7 the 256-bit flash word. */
#include "table.h"

#define ST_VID 0x0483
#define ST_PID 0xDF11
#define FEATURE "@Device Feature/0xFFFF0000/01*004 e"
#define F4_OPTION "@Option Bytes  /0x1FFFC000/01*016 e"
#define F4_OTP "@OTP Memory /0x1FFF7800/01*512 e,01*016 e"

/* F04x, F070, F07x. RM0091 and RM0360 (flash: 1 KiB pages up to 32 KiB,
 * 2 KiB above; option bytes at 0x1FFFF800, RDP 0xCC = level 2). AN2606:
 * "STM32F04xxx", "STM32F070x6", "STM32F070xB", "STM32F071xx/072xx devices
 * bootloader". Strings: STM32F072 ROM descriptors. */
const struct e2d_family e2d_stm32f0 = {
    "STM32F0", "Cortex-M0", E2D_ARCH_ARMV6M, ST_VID, ST_PID, 2, 2, "Internal Flash  ",
    {"@Option Bytes  /0x1FFFF800/01*016 e", NULL},
    E2D_RDP_BYTE, 0x1FFFF800, 0, 0, 0, 0};

/* F105, F107. RM0008 (connectivity line: 2 KiB pages; read protection:
 * RDP 0xA5 unprotects, there is no permanent level). AN2606:
 * "STM32F105xx/107xx devices bootloader". */
const struct e2d_family e2d_stm32f1cl = {
    "STM32F1 connectivity line", "Cortex-M3", E2D_ARCH_ARMV7M, ST_VID, ST_PID, 2, 2,
    "Internal Flash  ", {"@Option Bytes  /0x1FFFF800/01*016 e", NULL},
    E2D_RDP_NO_LEVEL2, 0, 0, 0, 0, 0};

/* RM0033 (sectors 16/64/128 KiB; option bytes at 0x1FFFC000, RDP in
 * bits 15:8; OTP: 16 blocks of 32 bytes at 0x1FFF7800, lock bytes at
 * 0x1FFF7A00). AN2606: "STM32F2xxxx devices bootloader". The F2 ROM
 * reports the F4's strings. */
const struct e2d_family e2d_stm32f2 = {
    "STM32F2", "Cortex-M3", E2D_ARCH_ARMV7M, ST_VID, ST_PID, 4, 4, "Internal Flash  ",
    {F4_OPTION, F4_OTP, FEATURE, NULL},
    E2D_RDP_BYTE, 0x1FFFC001, 0x1FFF7A00, 16, 32, 0};

/* F302, F303, F373 (the USB parts). RM0316, RM0313 (2 KiB pages; option
 * bytes at 0x1FFFF800, RDP 0xCC = level 2). AN2606: "STM32F302xB(C)/
 * 303xB(C)", "STM32F302xD(E)/303xD(E)", "STM32F373xx devices bootloader".
 * Strings: STM32F303 ROM descriptors. */
const struct e2d_family e2d_stm32f3 = {
    "STM32F3", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 2, 2, "Internal Flash  ",
    {"@Option Bytes  /0x1FFFF800/01*016 e", NULL},
    E2D_RDP_BYTE, 0x1FFFF800, 0, 0, 0, 0};

/* Single-bank F4. RM0368 (F401), RM0090 (F405/407/415/417), RM0383
 * (F411), RM0402 (F412), RM0430 (F413/423), RM0390 (F446): sectors 16/64/
 * 128 KiB; option bytes at 0x1FFFC000, RDP in bits 15:8; OTP as the F2's.
 * AN2606: "STM32F40xxx/41xxx", "STM32F401xB(C)", "STM32F401xD(E)",
 * "STM32F411xx", "STM32F412xx", "STM32F413xx/423xx", "STM32F446xx devices
 * bootloader". Strings: F401, F407 and F411 listings. */
const struct e2d_family e2d_stm32f4 = {
    "STM32F4", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 4, 4, "Internal Flash  ",
    {F4_OPTION, F4_OTP, FEATURE, NULL},
    E2D_RDP_BYTE, 0x1FFFC001, 0x1FFF7A00, 16, 32, 0};

/* Dual-bank F4. RM0090 (F427/429/437/439: two banks at 2 MiB, DB1M at
 * 1 MiB), RM0386 (F469/479). AN2606: "STM32F42xxx/43xxx", "STM32F469xx/
 * 479xx devices bootloader". The option bytes of bank 2 (0x1FFEC000) come
 * second in the ROM's string: seen on F42x listings. */
const struct e2d_family e2d_stm32f42x = {
    "STM32F42x/F43x/F469/F479", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 4, 4,
    "Internal Flash  ",
    {"@Option Bytes  /0x1FFFC000/01*016 e/0x1FFEC000/01*016 e", F4_OTP, FEATURE, NULL},
    E2D_RDP_BYTE, 0x1FFFC001, 0x1FFF7A00, 16, 32, 0};

/* RM0431 (sectors 16/64/128 KiB; OTP: 16 blocks of 32 bytes at
 * 0x1FF07800, lock bytes at 0x1FF07A00; option bytes at 0x1FFF0000, RDP in
 * bits 15:8; the flash also on ITCM at 0x00200000). AN2606:
 * "STM32F72xxx/73xxx devices bootloader". Strings: an F722 listing. */
const struct e2d_family e2d_stm32f72x = {
    "STM32F72x/F73x", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 4, "Internal Flash  ",
    {"@Option Bytes  /0x1FFF0000/01*048 e", "@OTP Memory /0x1FF07800/01*528e", FEATURE, NULL},
    E2D_RDP_BYTE, 0x1FFF0001, 0x1FF07A00, 16, 32, 0x00200000};

/* RM0385 (sectors 32/128/256 KiB; OTP: 16 blocks of 64 bytes at
 * 0x1FF0F000, lock bytes at 0x1FF0F400; 32 bytes of option bytes at
 * 0x1FFF0000; ITCM alias). AN2606: "STM32F74xxx/75xxx devices bootloader".
 * Option and OTP strings from the RM. */
const struct e2d_family e2d_stm32f74x = {
    "STM32F74x/F75x", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 4, "Internal Flash  ",
    {"@Option Bytes  /0x1FFF0000/01*032 e", "@OTP Memory /0x1FF0F000/01*1024 e,01*016 e", FEATURE,
     NULL},
    E2D_RDP_BYTE, 0x1FFF0001, 0x1FF0F400, 16, 64, 0x00200000};

/* RM0410 (single bank: sectors 32/128/256 KiB; dual bank, nDBANK = 0:
 * 16/64/128 KiB per bank; factory: single; OTP and option bytes as the
 * F74x). AN2606: "STM32F76xxx/77xxx devices bootloader". */
const struct e2d_family e2d_stm32f76x = {
    "STM32F76x/F77x", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 4, "Internal Flash  ",
    {"@Option Bytes  /0x1FFF0000/01*032 e", "@OTP Memory /0x1FF0F000/01*1024 e,01*016 e", FEATURE,
     NULL},
    E2D_RDP_BYTE, 0x1FFF0001, 0x1FF0F400, 16, 64, 0x00200000};

/* G0B1, G0C1 (the USB parts). RM0444 (2 KiB pages; two banks from 256
 * KiB). AN2606: "STM32G0B0xx/B1xx/C1xx devices bootloader". This ROM names
 * its three alts "Internal Flash" with the flash's layout: option bytes
 * and OTP are not reachable through it, so the table has the flash only. */
const struct e2d_family e2d_stm32g0 = {
    "STM32G0", "Cortex-M0+", E2D_ARCH_ARMV6M, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* RM0440 (2 KiB pages; category 3 parts in single-bank mode 4 KiB).
 * AN2606: "STM32G431xx/441xx", "STM32G47xxx/48xxx", "STM32G491xx/4A1xx
 * devices bootloader". The ROM's other alts were not seen: flash only. */
const struct e2d_family e2d_stm32g4 = {
    "STM32G4", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* RM0481 (H56x/H57x: 8 KiB sectors, two banks), RM0492 (H503). AN2606:
 * "STM32H503xx", "STM32H562xx/563xx/573xx devices bootloader". A product
 * state instead of RDP; the other alts were not seen: flash only. */
const struct e2d_family e2d_stm32h5 = {
    "STM32H5", "Cortex-M33", E2D_ARCH_ARMV8M_MAIN, ST_VID, ST_PID, 16, 16, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* RM0468 (128 KiB sectors, 256-bit flash word; FLASH_OPTSR_CUR at
 * 0x5200201C, RDP in bits 15:8; 1 KiB OTP at 0x08FFF000). AN2606:
 * "STM32H72xxx/73xxx devices bootloader". Strings: an H72x/H73x listing. */
const struct e2d_family e2d_stm32h72x = {
    "STM32H72x/H73x", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 32, 4, "Internal Flash  ",
    {"@Option Bytes /0x5200201C/01*128 e", "@OTP Memory /0x08FFF000/01*1024 e", FEATURE, NULL},
    E2D_RDP_BYTE, 0x5200201D, 0, 0, 0, 0};

/* RM0433 (128 KiB sectors, 256-bit flash word, bank 2 at 0x08100000;
 * FLASH_OPTSR_CUR). AN2606: "STM32H74xxx/75xxx devices bootloader".
 * Strings: an H750 listing. */
const struct e2d_family e2d_stm32h74x = {
    "STM32H74x/H75x", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 32, 4, "Internal Flash   ",
    {"@Option Bytes   /0x5200201C/01*128 e", NULL},
    E2D_RDP_BYTE, 0x5200201D, 0, 0, 0, 0};

/* RM0455 (8 KiB sectors, 128-bit flash word, bank 2 at 0x08100000).
 * AN2606: "STM32H7A3xx/7B3xx/7B0xx devices bootloader". Strings: a later
 * ROM's listing; early ROMs report 2 KiB sectors and are not modelled. The
 * ROM's option-byte area is 297 bytes, an odd size, so its program unit
 * is taken as a byte: the ROM sets the option registers from whatever it
 * is given. */
const struct e2d_family e2d_stm32h7ax = {
    "STM32H7A3/H7B3/H7B0", "Cortex-M7", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 16, 1,
    "Internal Flash   ",
    {"@Option Bytes   /0x5200201C/01*297 e", "@OTP Memory   /0x08FFF000/01*1024 e", NULL},
    E2D_RDP_BYTE, 0x5200201D, 0, 0, 0, 0};

/* L052, L053, L062, L063 (the USB parts). RM0376, RM0367 (128-byte pages;
 * option bytes at 0x1FF80000, RDP in bits 7:0, 0xCC = level 2). AN2606:
 * "STM32L05xxx/06xxx devices bootloader". The data EEPROM's string was
 * not seen: it is left out. */
const struct e2d_family e2d_stm32l0 = {
    "STM32L05x/L06x", "Cortex-M0+", E2D_ARCH_ARMV6M, ST_VID, ST_PID, 4, 4, "Internal Flash  ",
    {"@Option Bytes  /0x1FF80000/01*032 e", NULL},
    E2D_RDP_BYTE, 0x1FF80000, 0, 0, 0, 0};

/* L072, L073, L082, L083. RM0376, RM0367 as above; 6 KiB of data EEPROM
 * at 0x08080000. AN2606: "STM32L07xxx/08xxx devices bootloader". Strings:
 * an L083 listing. */
const struct e2d_family e2d_stm32l0e = {
    "STM32L07x/L08x", "Cortex-M0+", E2D_ARCH_ARMV6M, ST_VID, ST_PID, 4, 4, "Internal Flash  ",
    {"@Option Bytes  /0x1FF80000/01*032 e", "@DATA Memory /0x08080000/2*3Ke", NULL},
    E2D_RDP_BYTE, 0x1FF80000, 0, 0, 0, 0};

/* RM0394 (L41x-L46x), RM0351 (L47x-L4Ax: two banks): 2 KiB pages;
 * option bytes at 0x1FFF7800, RDP in bits 7:0; 1 KiB OTP at 0x1FFF7000.
 * AN2606: "STM32L41xxx/42xxx" to "STM32L49xxx/4Axxx devices bootloader".
 * Strings: an L4 listing. */
const struct e2d_family e2d_stm32l4 = {
    "STM32L4", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {"@Option Bytes  /0x1FFF7800/01*040 e", "@OTP Memory /0x1FFF7000/01*0001Ke", FEATURE, NULL},
    E2D_RDP_BYTE, 0x1FFF7800, 0, 0, 0, 0};

/* L4R, L4S, L4P, L4Q. RM0432 (dual bank, the factory mode: 4 KiB pages;
 * single bank: 8 KiB). AN2606: "STM32L4Rxxx/4Sxxx", "STM32L4P5xx/Q5xx
 * devices bootloader". Other alts not seen: flash only. */
const struct e2d_family e2d_stm32l4p = {
    "STM32L4+", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* RM0438 (dual bank, the factory mode: 2 KiB pages; single bank: 4 KiB).
 * AN2606: "STM32L552xx/562xx devices bootloader". Flash only. */
const struct e2d_family e2d_stm32l5 = {
    "STM32L5", "Cortex-M33", E2D_ARCH_ARMV8M_MAIN, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* RM0456 (8 KiB pages, two banks; FLASH_OPTR at 0x40022040, RDP in bits
 * 7:0; 512 bytes of OTP at 0x0BFA0000). AN2606: "STM32U535xx/545xx",
 * "STM32U575xx/585xx", "STM32U59xxx/5Axxx devices bootloader". Strings: a
 * U5 listing. */
const struct e2d_family e2d_stm32u5 = {
    "STM32U5", "Cortex-M33", E2D_ARCH_ARMV8M_MAIN, ST_VID, ST_PID, 16, 16, "Internal Flash   ",
    {"@Option Bytes   /0x40022040/01*64 e", "@OTP Memory   /0x0BFA0000/01*512 e", NULL},
    E2D_RDP_BYTE, 0x40022040, 0, 0, 0, 0};

/* RM0434 (4 KiB pages; the wireless stack sits at the top of the flash).
 * AN2606: "STM32WB55xx/35xx devices bootloader". Flash only. */
const struct e2d_family e2d_stm32wb = {
    "STM32WB", "Cortex-M4", E2D_ARCH_ARMV7EM, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* C071 (the USB part). RM0490 (2 KiB pages). AN2606: "STM32C071xx devices
 * bootloader". Flash only. */
const struct e2d_family e2d_stm32c0 = {
    "STM32C0", "Cortex-M0+", E2D_ARCH_ARMV6M, ST_VID, ST_PID, 8, 8, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* GigaDevice's ROM (28e9:0189) speaks USB DFU on the parts with the USBFS
 * peripheral (GD32F105/107, F305/307, F4xx, VF103); parts with the USBD
 * peripheral (GD32F1x0's F150, F303) are programmed over USART only, so
 * they are not here. Security protection bytes are not modelled. */

/* GD32VF103 User Manual (FMC: 1 KiB pages). Two ROMs are seen: an early
 * one reports the 1 KiB pages of the part's flash, a later one (Longan
 * Nano listings) 2 KiB pages over 1 MiB. The table uses 2 KiB: padding
 * to it fills both of the pages it covers, right for either ROM. */
const struct e2d_family e2d_gd32vf103 = {
    "GD32VF103", "Bumblebee (RV32IMAC)", E2D_ARCH_RV32, 0x28E9, 0x0189, 4, 2, "Internal Flash  ",
    {"@Option Bytes  /0x1FFFF800/01*016 g", NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* GD32F30x User Manual (FMC: 2 KiB pages in the first 512 KiB, 4 KiB
 * above; word programming). Flash only. */
const struct e2d_family e2d_gd32f30x = {
    "GD32F305/F307", "Cortex-M4", E2D_ARCH_ARMV7EM, 0x28E9, 0x0189, 4, 2, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* GD32F4xx User Manual (FMC: the STM32F4's sectors, 16/64/128 KiB per
 * 1 MiB bank, then 256 KiB sectors above 2 MiB; word programming at
 * 2.7-3.6 V). Flash only. */
const struct e2d_family e2d_gd32f4xx = {
    "GD32F4xx", "Cortex-M4", E2D_ARCH_ARMV7EM, 0x28E9, 0x0189, 4, 4, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* AT32F415 Reference Manual (flash: 1 KiB sectors up to 128 KiB, 2 KiB at
 * 256 KiB). Artery's ROM: 2e3c:df11. Strings: an AT32F415 listing. */
const struct e2d_family e2d_at32f415 = {
    "AT32F415", "Cortex-M4", E2D_ARCH_ARMV7EM, 0x2E3C, 0xDF11, 4, 2, "Internal Flash  ",
    {"@Option Byte   /0x1FFFF800/02*016 e", NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* AT32F403A/407 Reference Manual (flash: 2 KiB sectors). Artery's ROM:
 * 2e3c:df11. Flash only. */
const struct e2d_family e2d_at32f403a = {
    "AT32F403A/F407", "Cortex-M4", E2D_ARCH_ARMV7EM, 0x2E3C, 0xDF11, 4, 2, "Internal Flash   ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};

/* APM32F072 User Manual (2 KiB pages, as the STM32F072). Geehy's ROM:
 * 314b:0106. Flash only. */
const struct e2d_family e2d_apm32f0 = {
    "APM32F072", "Cortex-M0+", E2D_ARCH_ARMV6M, 0x314B, 0x0106, 2, 2, "Internal Flash  ",
    {NULL}, E2D_RDP_UNKNOWN, 0, 0, 0, 0, 0};
