/* SPDX-License-Identifier: MIT */
/*
 * ir_flags.h - the meaning of the IR's flag and condition ops, written once
 * and used by every engine and by constant folding. NZCV values keep N, Z,
 * C, V in bits 31, 30, 29, 28 (PSTATE/SPSR layout).
 * Arm ARM DDI 0487 J1.1.3 AddWithCarry() and ConditionHolds().
 */
#ifndef A64EMU_IR_FLAGS_H
#define A64EMU_IR_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#define NZCV_N (1u << 31)
#define NZCV_Z (1u << 30)
#define NZCV_C (1u << 29)
#define NZCV_V (1u << 28)

/* AddWithCarry(x, y, carry) flags at width 32 or 64. */
static inline uint32_t ir_flags_addc(unsigned width, uint64_t x, uint64_t y, unsigned carry)
{
    uint32_t f = 0;
    if (width == 32) {
        uint32_t a = (uint32_t)x, b = (uint32_t)y;
        uint64_t wide = (uint64_t)a + b + carry;
        uint32_t r = (uint32_t)wide;
        f |= (r >> 31) ? NZCV_N : 0;
        f |= r == 0 ? NZCV_Z : 0;
        f |= (wide >> 32) ? NZCV_C : 0;
        f |= ((~(a ^ b) & (a ^ r)) >> 31) ? NZCV_V : 0;
    } else {
        uint64_t r = x + y + carry;
        bool c = carry ? (r <= x) : (r < x);
        f |= (r >> 63) ? NZCV_N : 0;
        f |= r == 0 ? NZCV_Z : 0;
        f |= c ? NZCV_C : 0;
        f |= ((~(x ^ y) & (x ^ r)) >> 63) ? NZCV_V : 0;
    }
    return f;
}

static inline uint32_t ir_flags_logic(unsigned width, uint64_t r)
{
    if (width == 32)
        r = (uint32_t)r;
    uint32_t f = r == 0 ? NZCV_Z : 0;
    f |= (r >> (width - 1)) & 1 ? NZCV_N : 0;
    return f;
}

static inline unsigned ir_flags_carry(uint32_t nzcv)
{
    return (nzcv >> 29) & 1;
}

/* ConditionHolds(cond) for A64 condition codes 0..15. */
static inline bool ir_cond_holds(unsigned cond, uint32_t nzcv)
{
    bool n = nzcv & NZCV_N, z = nzcv & NZCV_Z, c = nzcv & NZCV_C, v = nzcv & NZCV_V;
    bool r;
    switch ((cond >> 1) & 7) {
    case 0: r = z; break;            /* EQ/NE */
    case 1: r = c; break;            /* CS/CC */
    case 2: r = n; break;            /* MI/PL */
    case 3: r = v; break;            /* VS/VC */
    case 4: r = c && !z; break;      /* HI/LS */
    case 5: r = n == v; break;       /* GE/LT */
    case 6: r = n == v && !z; break; /* GT/LE */
    default: return true;            /* AL, NV: always */
    }
    return (cond & 1) ? !r : r;
}

#endif
