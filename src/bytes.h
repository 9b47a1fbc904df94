/* SPDX-License-Identifier: BSD-2-Clause */
/* Little-endian field access on byte arrays: DfuSe is little-endian on every
 * host, and casting pointers to structs would depend on padding and alignment. */
#ifndef ELF2DFU_BYTES_H
#define ELF2DFU_BYTES_H

#include <stdint.h>

static inline void le16_write(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void le32_write(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline uint16_t le16_read(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t le32_read(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

#endif
