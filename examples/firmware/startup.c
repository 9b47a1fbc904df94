/* SPDX-License-Identifier: BSD-2-Clause */
/* Vector table and reset handler: copies .data from flash, clears .bss,
 * calls main. The symbols come from stm32f405.ld. */
#include <stdint.h>

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
int main(void);

void Reset_Handler(void);
void Default_Handler(void);

void Reset_Handler(void)
{
    uint32_t *src = _sidata, *dst = _sdata;
    while (dst < _edata)
        *dst++ = *src++;
    for (dst = _sbss; dst < _ebss; dst++)
        *dst = 0;
    main();
    for (;;)
        ;
}

void Default_Handler(void)
{
    for (;;)
        ;
}

/* Initial stack pointer, then the Cortex-M4 exceptions; the peripheral
 * interrupts are not used. */
__attribute__((section(".isr_vector"), used)) static void *const vectors[16] = {
    _estack,         Reset_Handler,   Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, 0,
    0,               0,               0,               Default_Handler,
    Default_Handler, 0,               Default_Handler, Default_Handler,
};
