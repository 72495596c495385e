/* SPDX-License-Identifier: MIT */
/*
 * helper_simd_perm.c - helpers for the Advanced SIMD permutes and SIMD&FP
 * loads/stores whose work is cheaper in C than as IR element moves: TBL/TBX
 * (data-dependent byte indices), ZIP/UZP of 8/16-bit elements, CNT, the
 * (de)interleave step of LD2-LD4/ST2-ST4, and the 16-byte alignment check of
 * Q-register accesses. All work in place on cpu->v and read every source
 * before writing the destination, so Rd may be any source.
 *
 * The V registers are viewed as byte arrays: element i of a register is at
 * byte offset i * esize of v[n] (little-endian host, checked below).
 */
#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "helpers.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the SIMD helpers view V registers as little-endian byte arrays");

/* The element kernels below take the element size (and structure count)
 * as parameters but are always inlined with constants from a switch, so
 * that each case compiles to straight-line moves: a generic byte loop is
 * slower than the IR it replaces. */
#define SIMD_INLINE static inline __attribute__((always_inline))

SIMD_INLINE void simd_copy_elem(uint8_t *d, const uint8_t *s, unsigned es)
{
    memcpy(d, s, es);
}

/* Write a 16-byte result to V[rd]; q == 0 keeps only the low 8 bytes and
 * zeroes bits 127:64. */
static void simd_put(A64Cpu *c, unsigned rd, const uint8_t *res, bool q)
{
    memcpy(&c->v[rd & 31][0], res, 8);
    if (q)
        memcpy(&c->v[rd & 31][1], res + 8, 8);
    else
        c->v[rd & 31][1] = 0;
}

/* TBL/TBX (DDI 0487 C7.2 TBL, TBX): a0 = desc with
 *   bits 4:0 Rd, 9:5 Rn (first table register), 14:10 Rm (indices),
 *   16:15 len (table of len + 1 registers Rn..Rn+len, modulo 32),
 *   17 Q (16 result bytes, else 8 and bits 127:64 zeroed), 18 TBX.
 * Result byte i = table byte Vm.B[i] if it is below 16 * (len + 1), else 0
 * (TBL) or the unchanged byte of Vd (TBX). Table and indices are copied
 * before Vd is written, since Rd may be one of them. */
uint64_t helper_simd_tbl(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned rd = a0 & 31, rn = (a0 >> 5) & 31, rm = (a0 >> 10) & 31;
    unsigned limit = (((a0 >> 15) & 3) + 1) * 16;
    bool q = (a0 >> 17) & 1, tbx = (a0 >> 18) & 1;
    uint8_t idx[16], res[16];

    (void)a1;
    (void)a2;
    (void)a3;
    memcpy(idx, c->v[rm], 16);
    if (tbx)
        memcpy(res, c->v[rd], 16);
    else
        memset(res, 0, 16);
    for (unsigned i = 0; i < (q ? 16u : 8u); i++) {
        unsigned x = idx[i];
        if (x < limit)
            res[i] = ((const uint8_t *)c->v[(rn + x / 16) & 31])[x % 16];
    }
    simd_put(c, rd, res, q);
    return 0;
}

/* ZIP1/ZIP2/UZP1/UZP2 (C7.2): a0 = desc with bits 4:0 Rd, 9:5 Rn, 14:10 Rm,
 * 16:15 size, 17 Q, 19:18 op (0 ZIP1, 1 ZIP2, 2 UZP1, 3 UZP2).
 *   ZIP: result element 2i = Vn[part * n/2 + i], 2i+1 = Vm[part * n/2 + i];
 *   UZP: result = elements part, part + 2, ... of the concatenation Vm:Vn. */
SIMD_INLINE void simd_zipuzp_k(uint8_t *res, const uint8_t *src, unsigned es, unsigned bytes,
                               unsigned op)
{
    unsigned n = bytes / es, part = op & 1;

    if (op < 2) {
        for (unsigned i = 0; i < n / 2; i++) {
            unsigned from = (part * (n / 2) + i) * es;
            simd_copy_elem(res + 2 * i * es, src + from, es);
            simd_copy_elem(res + (2 * i + 1) * es, src + bytes + from, es);
        }
    } else {
        for (unsigned i = 0; i < n; i++)
            simd_copy_elem(res + i * es, src + (2 * i + part) * es, es);
    }
}

uint64_t helper_simd_zipuzp(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned rd = a0 & 31, rn = (a0 >> 5) & 31, rm = (a0 >> 10) & 31;
    unsigned size = (a0 >> 15) & 3;
    bool q = (a0 >> 17) & 1;
    unsigned op = (a0 >> 18) & 3;
    unsigned bytes = q ? 16 : 8;
    uint8_t src[32], res[16];

    (void)a1;
    (void)a2;
    (void)a3;
    memcpy(src, c->v[rn], bytes);          /* Vn then Vm: the concatenation */
    memcpy(src + bytes, c->v[rm], bytes);
    switch (size << 1 | q) {
    case 0: simd_zipuzp_k(res, src, 1, 8, op); break;
    case 1: simd_zipuzp_k(res, src, 1, 16, op); break;
    case 2: simd_zipuzp_k(res, src, 2, 8, op); break;
    case 3: simd_zipuzp_k(res, src, 2, 16, op); break;
    case 4: simd_zipuzp_k(res, src, 4, 8, op); break;
    case 5: simd_zipuzp_k(res, src, 4, 16, op); break;
    default: simd_zipuzp_k(res, src, 8, 16, op); break;
    }
    simd_put(c, rd, res, q);
    return 0;
}

/* CNT (C7.2): a0 = desc with bits 4:0 Rd, 9:5 Rn, 17 Q; popcount of each
 * byte. */
uint64_t helper_simd_cnt(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned rd = a0 & 31, rn = (a0 >> 5) & 31;
    bool q = (a0 >> 17) & 1;
    uint64_t r[2];

    (void)a1;
    (void)a2;
    (void)a3;
    for (unsigned h = 0; h < 2; h++) {
        uint64_t x = c->v[rn][h];
        x = x - ((x >> 1) & 0x5555555555555555ull);
        x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
        r[h] = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    }
    c->v[rd][0] = r[0];
    c->v[rd][1] = q ? r[1] : 0;
    return 0;
}

/* LD2-LD4 / ST2-ST4 (multiple structures), the register side. desc: bits
 * 4:0 Rt, 7:5 selem (2-4), 9:8 size, 10 Q. cpu->simd_tmp holds the
 * selem * (Q ? 16 : 8) bytes in memory order; memory element m belongs to
 * register (Rt + m % selem) % 32, element m / selem.
 * simd_ldn: the loads are done (into simd_tmp): de-interleave into the
 * registers (Q == 0 zeroes bits 127:64). simd_stn: interleave the registers
 * into simd_tmp for the stores that follow. */
SIMD_INLINE void simd_deint_k(uint8_t *res, const uint8_t *mem, unsigned es, unsigned bytes,
                              unsigned selem)
{
    for (unsigned e = 0; e < bytes / es; e++)
        for (unsigned k = 0; k < selem; k++)
            simd_copy_elem(res + k * 16 + e * es, mem + (e * selem + k) * es, es);
}

SIMD_INLINE void simd_int_k(uint8_t *mem, const uint8_t *regs, unsigned es, unsigned bytes,
                            unsigned selem)
{
    for (unsigned e = 0; e < bytes / es; e++)
        for (unsigned k = 0; k < selem; k++)
            simd_copy_elem(mem + (e * selem + k) * es, regs + k * 16 + e * es, es);
}

/* Dispatch on (selem, size, Q) with constants; F is a kernel above. */
#define SIMD_STRUCT_CASES(F, DST, SRC)                                  \
    switch ((selem - 2) << 3 | size << 1 | q) {                         \
    case 0x00: F(DST, SRC, 1, 8, 2); break;                             \
    case 0x01: F(DST, SRC, 1, 16, 2); break;                            \
    case 0x02: F(DST, SRC, 2, 8, 2); break;                             \
    case 0x03: F(DST, SRC, 2, 16, 2); break;                            \
    case 0x04: F(DST, SRC, 4, 8, 2); break;                             \
    case 0x05: F(DST, SRC, 4, 16, 2); break;                            \
    case 0x07: F(DST, SRC, 8, 16, 2); break;                            \
    case 0x08: F(DST, SRC, 1, 8, 3); break;                             \
    case 0x09: F(DST, SRC, 1, 16, 3); break;                            \
    case 0x0a: F(DST, SRC, 2, 8, 3); break;                             \
    case 0x0b: F(DST, SRC, 2, 16, 3); break;                            \
    case 0x0c: F(DST, SRC, 4, 8, 3); break;                             \
    case 0x0d: F(DST, SRC, 4, 16, 3); break;                            \
    case 0x0f: F(DST, SRC, 8, 16, 3); break;                            \
    case 0x10: F(DST, SRC, 1, 8, 4); break;                             \
    case 0x11: F(DST, SRC, 1, 16, 4); break;                            \
    case 0x12: F(DST, SRC, 2, 8, 4); break;                             \
    case 0x13: F(DST, SRC, 2, 16, 4); break;                            \
    case 0x14: F(DST, SRC, 4, 8, 4); break;                             \
    case 0x15: F(DST, SRC, 4, 16, 4); break;                            \
    case 0x17: F(DST, SRC, 8, 16, 4); break;                            \
    default: return 0; /* size 3 with Q == 0 is reserved (not lifted) */ \
    }

uint64_t helper_simd_ldn(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned rt = a0 & 31, selem = (a0 >> 5) & 7, size = (a0 >> 8) & 3;
    bool q = (a0 >> 10) & 1;
    uint8_t res[64];

    (void)a1;
    (void)a2;
    (void)a3;
    if (selem < 2 || selem > 4)
        return 0;
    SIMD_STRUCT_CASES(simd_deint_k, res, (const uint8_t *)c->simd_tmp)
    for (unsigned k = 0; k < selem; k++)
        simd_put(c, rt + k, res + k * 16, q);
    return 0;
}

uint64_t helper_simd_stn(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned rt = a0 & 31, selem = (a0 >> 5) & 7, size = (a0 >> 8) & 3;
    bool q = (a0 >> 10) & 1;
    uint8_t regs[64];

    (void)a1;
    (void)a2;
    (void)a3;
    if (selem < 2 || selem > 4)
        return 0;
    for (unsigned k = 0; k < selem; k++)
        memcpy(regs + k * 16, c->v[(rt + k) & 31], 16);
    SIMD_STRUCT_CASES(simd_int_k, (uint8_t *)c->simd_tmp, regs)
    return 0;
}

/* A 16-byte SIMD&FP access with SCTLR_ELx.A set: a0 = address, a1 = 1 for
 * a store. An address not 16-byte aligned takes the alignment fault (data
 * abort, DFSC 0x21) before any part of the access; syndrome and routing as
 * memaccess.c's abort_exception() (ISV = 0, WnR for stores). */
uint64_t helper_simd_align16(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;

    (void)a2;
    (void)a3;
    if (a0 & 15) {
        unsigned el = a64_current_el(c);
        A64Exception e = {
            .type = A64_EXC_SYNC,
            .ec = el == 0 ? EC_DATA_ABORT_LOWER : EC_DATA_ABORT_SAME,
            .iss = 0x21u | (a1 ? 1u << 6 : 0),
            .il = true,
            .far_valid = true,
            .far = a0,
            .target_el = el == 0 ? 1 : el,
            .return_pc = c->pc,
        };
        a64_raise(c, &e);
    }
    return 0;
}
