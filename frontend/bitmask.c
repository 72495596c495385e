/* SPDX-License-Identifier: MIT */
/* bitmask.c - DecodeBitMasks() for logical immediates and bitfield moves. */
#include "bitmask.h"

/* Ones(len) for 0 <= len <= 64. */
static uint64_t ones(unsigned len)
{
    return len >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
}

/* ROR of an esize-bit element. */
static uint64_t ror_elem(uint64_t x, unsigned r, unsigned esize)
{
    if (r == 0)
        return x;
    return ((x >> r) | (x << (esize - r))) & ones(esize);
}

/* Replicate an esize-bit element across 64 bits. */
static uint64_t replicate(uint64_t elem, unsigned esize)
{
    uint64_t v = elem;
    for (unsigned w = esize; w < 64; w *= 2)
        v |= v << w;
    return v;
}

/*
 * DDI 0487 J1.1.3 DecodeBitMasks(immN, imms, immr, immediate, M):
 *   len = HighestSetBit(immN:NOT(imms)); len < 1 is UNDEFINED;
 *   levels = Ones(len); immediate && (imms AND levels) == levels is UNDEFINED;
 *   S = imms AND levels; R = immr AND levels; d = (S - R)<len-1:0>;
 *   wmask = Replicate(ROR(Ones(S+1), R)); tmask = Replicate(Ones(d+1)).
 * The pseudocode asserts M >= esize; for M = 32 that means N = 0, which the
 * instruction decode also requires, so N = 1 with M = 32 is rejected here.
 */
bool a64_decode_bit_masks(bool is64, unsigned n, unsigned imms, unsigned immr,
                          bool immediate, uint64_t *wmask, uint64_t *tmask)
{
    unsigned combined = ((n & 1) << 6) | (~imms & 0x3f);
    if (combined == 0)
        return false;
    unsigned len = 31 - __builtin_clz(combined);
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (!is64 && esize > 32)
        return false;
    unsigned levels = esize - 1;
    if (immediate && (imms & levels) == levels)
        return false;
    unsigned s = imms & levels;
    unsigned r = immr & levels;
    unsigned d = (s - r) & levels;
    uint64_t width_mask = is64 ? ~(uint64_t)0 : 0xffffffffu;

    if (wmask)
        *wmask = replicate(ror_elem(ones(s + 1), r, esize), esize) & width_mask;
    if (tmask)
        *tmask = replicate(ones(d + 1), esize) & width_mask;
    return true;
}
