/* SPDX-License-Identifier: MIT */
/*
 * trans_atomic.c - lifts the exclusive and atomic memory instructions:
 * LDXR/LDAXR/STXR/STLXR (B/H/W/X), LDXP/LDAXP/STXP/STLXP, CAS{A}{L}{B,H},
 * CASP{A}{L} and the FEAT_LSE read-modify-write ops LDADD, LDCLR, LDEOR,
 * LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN, SWP (every size and ordering; the
 * ST<op> aliases are the Rt == XZR forms). DDI 0487 C4.1.x, B2.9.
 *
 * Load-exclusives are plain IR: an aligned load, then the local monitor
 * (cpu->mon) is written with STORE_CPU. The rest call helpers in
 * helper_atomic.c that return the value for the destination register; the
 * register is written here, after the call, so a faulting instruction
 * changes no register. The only exception is CASP with X registers (four
 * data registers do not fit in a helper call): its helper reads and writes
 * the registers itself, after its memory access.
 *
 * Ordering: acquire -> DMB after the access, release -> DMB before. The
 * helpers use sequentially consistent host atomics, which covers both.
 */
#include <stddef.h>

#include "a64_decode.h"
#include "atomic_desc.h"
#include "translate.h"

static void atomic_release(DisasContext *s, bool rel)
{
    if (rel)
        ir_barrier(s->b, IR_BAR_DMB);
}

static void atomic_acquire(DisasContext *s, bool acq)
{
    if (acq)
        ir_barrier(s->b, IR_BAR_DMB);
}

/* Exclusive and atomic bases: SP when 31 (see ldst_base in trans_ldst.c
 * for the SP-alignment TODO). */
static IrValue atomic_base(DisasContext *s, unsigned rn)
{
    return a64_read_xreg_sp(s, rn);
}

static IrValue atomic_desc(DisasContext *s, unsigned sz, uint32_t extra)
{
    return ir_const64(s->b, a64_memop(s, sz, 0) | extra);
}

/* ---- load/store exclusive --------------------------------------------- */

/* Record the local monitor after a load-exclusive of `bytes` at addr that
 * read v0 (I64; the whole 8 bytes of a W pair) and, for a 16-byte pair,
 * has left the second doubleword in mon.val[1] already. */
static void excl_set_monitor(DisasContext *s, IrValue addr, IrValue v0, unsigned bytes)
{
    IrBlock *b = s->b;

    ir_store_cpu(b, offsetof(A64Cpu, mon.addr), addr);
    if (v0 != IR_NONE)
        ir_store_cpu(b, offsetof(A64Cpu, mon.val[0]), v0);
    ir_store_cpu(b, offsetof(A64Cpu, mon.size), ir_const32(b, bytes));
    ir_store_cpu(b, offsetof(A64Cpu, mon.valid), ir_const(b, IR_I8, 1));
}

/* LDXR, LDAXR (B/H/W/X): the access must be aligned to its size. */
bool trans_LDXR(DisasContext *s, arg_LDXR *a)
{
    IrBlock *b = s->b;
    unsigned sz = a->sz;
    bool sf = sz == 3;
    IrValue addr = atomic_base(s, a->rn);
    IrValue v = ir_load(b, sf ? IR_I64 : IR_I32, addr,
                        a64_memop(s, sz, IR_MO_ALIGN | (a->lasr ? IR_MO_ACQ : 0)));
    IrValue v64 = sf ? v : ir_zext(b, IR_I64, v, 32);

    excl_set_monitor(s, addr, v64, 1u << sz);
    a64_write_xreg(s, a->rt, v64); /* already zero-extended */
    atomic_acquire(s, a->lasr);
    return true;
}

/* LDXP, LDAXP. sz is bit 30: 0 = W pair (one 8-byte aligned access, single-
 * copy atomic as a whole), 1 = X pair (16-byte aligned, in a helper). With
 * Rt == Rt2 (CONSTRAINED UNPREDICTABLE) Rt2 wins, as in QEMU. */
bool trans_LDXP(DisasContext *s, arg_LDXP *a)
{
    IrBlock *b = s->b;
    IrValue addr = atomic_base(s, a->rn);
    IrValue lo, hi;

    if (a->sz == 0) {
        IrValue v = ir_load(b, IR_I64, addr,
                            a64_memop(s, 3, IR_MO_ALIGN | (a->lasr ? IR_MO_ACQ : 0)));
        excl_set_monitor(s, addr, v, 8);
        lo = ir_zext(b, IR_I64, v, 32);
        hi = ir_binop(b, IR_LSHR, IR_I64, v, ir_const64(b, 32));
    } else {
        lo = ir_call(b, HELPER_ldxp64, addr, atomic_desc(s, 3, 0), IR_NONE, IR_NONE);
        hi = ir_load_cpu(b, IR_I64, offsetof(A64Cpu, mon.val[1]));
    }
    a64_write_xreg(s, a->rt, lo);
    a64_write_xreg(s, a->rt2, hi);
    atomic_acquire(s, a->lasr);
    return true;
}

/* STXR, STLXR (B/H/W/X): Ws = 0 if stored, 1 if not. Rs == Rt or Rs == Rn
 * (CONSTRAINED UNPREDICTABLE): the data and address are read first, then
 * Ws is written, as in QEMU. */
bool trans_STXR(DisasContext *s, arg_STXR *a)
{
    IrValue addr = atomic_base(s, a->rn);
    IrValue data = a64_read_xreg(s, a->rt);
    IrValue st;

    atomic_release(s, a->lasr);
    st = ir_call(s->b, HELPER_stxr, addr, data, ir_const64(s->b, 0),
                 atomic_desc(s, a->sz, 0));
    a64_write_xreg(s, a->rs, st);
    return true;
}

/* STXP, STLXP: sz is bit 30 (0 = W pair, 1 = X pair); Rt at the lower
 * address. */
bool trans_STXP(DisasContext *s, arg_STXP *a)
{
    IrValue addr = atomic_base(s, a->rn);
    IrValue d1 = a64_read_xreg(s, a->rt);
    IrValue d2 = a64_read_xreg(s, a->rt2);
    IrValue st;

    atomic_release(s, a->lasr);
    st = ir_call(s->b, HELPER_stxr, addr, d1, d2,
                 atomic_desc(s, a->sz + 2, 1u << ATOMIC_DESC_PAIR_BIT));
    a64_write_xreg(s, a->rs, st);
    return true;
}

/* ---- compare and swap (FEAT_LSE) ---------------------------------------- */

/* CAS, CASA, CASL, CASAL (B/H/W/X): compare Rs with memory, store Rt if
 * equal; Rs receives the old memory value (zero-extended for W and
 * smaller). */
bool trans_CAS(DisasContext *s, arg_CAS *a)
{
    IrValue addr, old;

    if (!s->cpu->feat.lse)
        return false;
    addr = atomic_base(s, a->rn);
    atomic_release(s, a->rel);
    old = ir_call(s->b, HELPER_cas, addr, a64_read_xreg(s, a->rs), a64_read_xreg(s, a->rt),
                  atomic_desc(s, a->sz, 0));
    a64_write_xreg(s, a->rs, old);
    atomic_acquire(s, a->acq);
    return true;
}

/* CASP, CASPA, CASPL, CASPAL: sz is bit 30 (0 = W, 1 = X pairs). Rs and Rt
 * must be even (else unallocated). The pair is one access of twice the
 * register size, aligned to that size; Rs/Rt at the lower address. */
bool trans_CASP(DisasContext *s, arg_CASP *a)
{
    IrBlock *b = s->b;
    IrValue addr;

    if (!s->cpu->feat.lse || (a->rs & 1) || (a->rt & 1))
        return false;
    addr = atomic_base(s, a->rn);
    atomic_release(s, a->rel);
    if (a->sz == 0) {
        /* Two words as one 8-byte CAS: value = R[n+1]:R[n]. */
        IrValue c32 = ir_const64(b, 32);
        IrValue cmp = ir_binop(b, IR_OR, IR_I64,
                               ir_zext(b, IR_I64, a64_read_xreg(s, a->rs), 32),
                               ir_binop(b, IR_SHL, IR_I64, a64_read_xreg(s, a->rs + 1), c32));
        IrValue nv = ir_binop(b, IR_OR, IR_I64,
                              ir_zext(b, IR_I64, a64_read_xreg(s, a->rt), 32),
                              ir_binop(b, IR_SHL, IR_I64, a64_read_xreg(s, a->rt + 1), c32));
        IrValue old = ir_call(b, HELPER_cas, addr, cmp, nv, atomic_desc(s, 3, 0));
        a64_write_xreg(s, a->rs, ir_zext(b, IR_I64, old, 32));
        a64_write_xreg(s, a->rs + 1, ir_binop(b, IR_LSHR, IR_I64, old, c32));
    } else {
        uint32_t regs = (uint32_t)a->rs << ATOMIC_DESC_RS_SHIFT |
                        (uint32_t)a->rt << ATOMIC_DESC_RT_SHIFT;
        ir_call(b, HELPER_casp64, addr, atomic_desc(s, 3, regs), IR_NONE, IR_NONE);
    }
    atomic_acquire(s, a->acq);
    return true;
}

/* ---- LSE read-modify-write ---------------------------------------------- */

/* LD<op>{A}{L}{B,H} and SWP{A}{L}{B,H}: memory = op(memory, Rs), Rt = old
 * memory value (zero-extended, also for the signed min/max). Rt == XZR is
 * the ST<op> alias: the value is discarded. */
static bool do_atomic_rmw(DisasContext *s, const arg_ldst_atomic *a, unsigned op)
{
    IrValue addr, old;

    if (!s->cpu->feat.lse)
        return false;
    addr = atomic_base(s, a->rn);
    atomic_release(s, a->rel);
    old = ir_call(s->b, HELPER_atomic_rmw, addr, a64_read_xreg(s, a->rs),
                  atomic_desc(s, a->sz, op << ATOMIC_DESC_OP_SHIFT), IR_NONE);
    a64_write_xreg(s, a->rt, old);
    atomic_acquire(s, a->acq);
    return true;
}

bool trans_LDADD(DisasContext *s, arg_LDADD *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_ADD);
}

bool trans_LDCLR(DisasContext *s, arg_LDCLR *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_CLR);
}

bool trans_LDEOR(DisasContext *s, arg_LDEOR *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_EOR);
}

bool trans_LDSET(DisasContext *s, arg_LDSET *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_SET);
}

bool trans_LDSMAX(DisasContext *s, arg_LDSMAX *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_SMAX);
}

bool trans_LDSMIN(DisasContext *s, arg_LDSMIN *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_SMIN);
}

bool trans_LDUMAX(DisasContext *s, arg_LDUMAX *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_UMAX);
}

bool trans_LDUMIN(DisasContext *s, arg_LDUMIN *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_UMIN);
}

bool trans_SWP(DisasContext *s, arg_SWP *a)
{
    return do_atomic_rmw(s, a, ATOMIC_OP_SWP);
}
