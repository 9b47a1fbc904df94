/* SPDX-License-Identifier: BSD-2-Clause */
/* The examples' firmware: blinks PD12, the STM32F4-Discovery's green LED,
 * on an STM32F405/F407. Small on purpose; the examples are about the build. */
#include <stdint.h>

#define RCC_AHB1ENR (*(volatile uint32_t *)0x40023830u)
#define GPIOD_MODER (*(volatile uint32_t *)0x40020C00u)
#define GPIOD_ODR (*(volatile uint32_t *)0x40020C14u)

/* In .data: its initial value lives in flash and the startup code copies it. */
static volatile uint32_t delay = 400000;

int main(void)
{
    RCC_AHB1ENR |= 1u << 3; /* GPIOD clock */
    GPIOD_MODER = (GPIOD_MODER & ~(3u << 24)) | (1u << 24);
    for (;;) {
        GPIOD_ODR ^= 1u << 12;
        for (uint32_t i = 0; i < delay; i++)
            __asm__ volatile("nop");
    }
}
