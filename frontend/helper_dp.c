/* SPDX-License-Identifier: MIT */
/* helper_dp.c - helpers for the integer data-processing instructions. */
#include "helpers.h"

/*
 * CRC32{B,H,W,X} and CRC32C{B,H,W,X} (DDI 0487 C6.2.77/78).
 * a0 = accumulator (Wn), a1 = data (Xm, low `bytes` bytes used),
 * a2 = bytes (1, 2, 4, 8) | castagnoli << 8.
 *
 * The pseudocode bit-reverses acc and data, divides by the polynomial and
 * bit-reverses the result. That is the reflected (LSB-first) CRC update
 * with the reversed polynomials 0xEDB88320 (CRC-32) and 0x82F63B78
 * (CRC-32C), without the initial and final inversions.
 */
/* crc_nibble[p][n]: the 4-bit value n run through four steps of the bitwise
 * reflected update with polynomial p (0: CRC-32, 1: CRC-32C). Processing a
 * nibble at a time is eight times fewer steps than bit by bit. */
static const uint32_t crc_nibble[2][16] = {
    {0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158,
     0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4,
     0xa00ae278, 0xbdbdf21c},
    {0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1, 0x417b1dbc, 0x5125dad3, 0x61c69362,
     0x7198540d, 0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9, 0xc38d26c4, 0xd3d3e1ab,
     0xe330a81a, 0xf36e6f75},
};

uint64_t helper_crc32(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    unsigned bytes = a2 & 0xff;
    const uint32_t *tab = crc_nibble[(a2 >> 8) & 1];
    uint32_t crc = (uint32_t)a0;
    unsigned nibbles = bytes > 8 ? 16 : bytes * 2;
    uint64_t data = a1;

    for (unsigned i = 0; i < nibbles; i++) {
        crc = (crc >> 4) ^ tab[(crc ^ (uint32_t)data) & 15];
        data >>= 4;
    }
    return crc;
}
