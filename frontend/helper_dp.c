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
uint64_t helper_crc32(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    unsigned bytes = a2 & 0xff;
    uint32_t poly = (a2 >> 8) & 1 ? 0x82f63b78u : 0xedb88320u;
    uint32_t crc = (uint32_t)a0;
    unsigned bits = bytes > 8 ? 64 : bytes * 8;
    uint64_t data = a1;

    for (unsigned i = 0; i < bits; i++) {
        uint32_t in = (crc ^ (uint32_t)data) & 1;
        crc = (crc >> 1) ^ (in ? poly : 0);
        data >>= 1;
    }
    return crc;
}
