/* SPDX-License-Identifier: MIT */
/*
 * helper_simd_perm.c - helpers for the Advanced SIMD permutes and SIMD&FP
 * loads/stores whose work does not fit plain IR: TBL/TBX (data-dependent
 * byte indices) and the 16-byte alignment check of Q-register accesses.
 */
#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "helpers.h"

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
    unsigned nregs = ((a0 >> 15) & 3) + 1;
    bool q = (a0 >> 17) & 1, tbx = (a0 >> 18) & 1;
    unsigned nbytes = q ? 16 : 8;
    uint8_t table[64], idx[16], out[16];
    uint64_t res[2] = {0, 0};

    (void)a1;
    (void)a2;
    (void)a3;
    for (unsigned r = 0; r < nregs; r++) {
        for (unsigned h = 0; h < 2; h++) {
            uint64_t v = c->v[(rn + r) & 31][h];
            for (unsigned i = 0; i < 8; i++)
                table[r * 16 + h * 8 + i] = (uint8_t)(v >> (8 * i));
        }
    }
    for (unsigned i = 0; i < 16; i++) {
        idx[i] = (uint8_t)(c->v[rm][i / 8] >> (8 * (i % 8)));
        out[i] = (uint8_t)(c->v[rd][i / 8] >> (8 * (i % 8)));
    }
    for (unsigned i = 0; i < nbytes; i++) {
        if (idx[i] < nregs * 16)
            out[i] = table[idx[i]];
        else if (!tbx)
            out[i] = 0;
    }
    for (unsigned i = 0; i < nbytes; i++)
        res[i / 8] |= (uint64_t)out[i] << (8 * (i % 8));
    c->v[rd][0] = res[0];
    c->v[rd][1] = q ? res[1] : 0;
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
