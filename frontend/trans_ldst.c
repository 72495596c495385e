/* SPDX-License-Identifier: MIT */
/*
 * trans_ldst.c - lifts the A64 base integer loads and stores that are plain
 * memory accesses to IR: single register (unscaled, pre/post-indexed,
 * unprivileged, unsigned offset, register offset, literal), pairs, prefetch
 * hints, and the acquire/release forms LDAR/STLR, LDAPR, LDAPUR/STLUR.
 * Exclusives and LSE atomics are in trans_atomic.c.
 *
 * Rules every function here follows (DDI 0487 C4.1.x, and translate.h):
 *  - all memory accesses of an instruction come before any register write,
 *    so a faulting access leaves the registers untouched (both halves of a
 *    pair are loaded before either register is written); base writeback is
 *    the very last write;
 *  - store data is read before the base is written back, so a store with
 *    writeback and Rt == Rn stores the old Rt;
 *  - register 31 is SP as a base and XZR as data.
 *
 * CONSTRAINED UNPREDICTABLE choices, all as QEMU 7.2 (the differential
 * reference) behaves:
 *  - load with writeback and Rt == Rn (Rn != 31): Rn ends up holding the
 *    written-back address (the loaded value is overwritten);
 *  - store with writeback and Rt == Rn: the value stored is the original Rt;
 *  - LDP/LDPSW/LDNP with Rt == Rt2: Rt gets the value from the lower
 *    address (QEMU writes Rt2 first, then Rt);
 *  - LDP with writeback and Rn == Rt or Rn == Rt2: Rn holds the address.
 *
 * SP alignment checking (SCTLR_ELx.SA/SA0, D1.8.2) is not performed: QEMU
 * never checks it either, although its SCTLR_EL1 reset value has SA set. The
 * hook is ldst_base() below.
 */
#include "a64_decode.h"
#include "atomic_desc.h"
#include "translate.h"

/* ---- shared address and data helpers ------------------------------------ */

/* Base register of an address: SP when rn == 31.
 * TODO(SP alignment): when SCTLR_ELx.SA (EL1+) or SA0 (EL0) is set and rn is
 * 31, an SP that is not 16-byte aligned must raise an SP alignment fault
 * (EC 0x26) before the access. QEMU does not implement the check; adding it
 * needs the SA bits in the translation flags. */
static IrValue ldst_base(DisasContext *s, unsigned rn)
{
    return a64_read_xreg_sp(s, rn);
}

static IrValue ldst_add_imm(DisasContext *s, IrValue base, int64_t imm)
{
    if (imm == 0)
        return base;
    return ir_binop(s->b, IR_ADD, IR_I64, base, ir_const64(s->b, (uint64_t)imm));
}

/* memop for an ordinary access of 1 << sz bytes. */
static unsigned ldst_memop(DisasContext *s, unsigned sz, bool sign, unsigned extra)
{
    return a64_memop(s, sz, (sign ? IR_MO_SIGN : 0) | extra);
}

/* memop for LDTR/STTR: a64_memop() puts s->mmu_idx_unpriv (the EL0
 * permissions of the current regime, or the normal index when PSTATE.UAO is
 * set or at EL0/EL2/EL3; see a64_mmu_idx_unpriv()) in for IR_MO_UNPRIV. */
static unsigned ldst_memop_unpriv(DisasContext *s, unsigned sz, bool sign)
{
    return ldst_memop(s, sz, sign, IR_MO_UNPRIV);
}

/* Type of a loaded value: I64 for a 64-bit destination (X), else I32 (W). */
static IrType ldst_load_type(bool sf)
{
    return sf ? IR_I64 : IR_I32;
}

/* Write a loaded value to Rt (31 = XZR: discarded); 32-bit destinations
 * zero-extend into X[t]. */
static void ldst_write_rt(DisasContext *s, unsigned rt, IrValue v, bool sf)
{
    if (sf)
        a64_write_xreg(s, rt, v);
    else
        a64_write_wreg(s, rt, v);
}

/* Store data of Rt (31 = XZR). The STORE op writes the low 1 << sz bytes. */
static IrValue ldst_store_data(DisasContext *s, unsigned rt)
{
    return a64_read_xreg(s, rt);
}

/* One single-register access at addr: load into Rt or store Rt. Returns
 * after emitting the access and (for loads) the register write. */
static void ldst_access(DisasContext *s, bool is_load, unsigned rt, IrValue addr, bool sf,
                        unsigned memop)
{
    if (is_load) {
        IrValue v = ir_load(s->b, ldst_load_type(sf), addr, memop);
        ldst_write_rt(s, rt, v, sf);
    } else {
        ir_store(s->b, addr, ldst_store_data(s, rt), memop);
    }
}

/* ---- immediate forms -------------------------------------------------- */

typedef enum LdstIdx {
    LDST_OFFSET,   /* [Rn, #imm] */
    LDST_PRE,      /* [Rn, #imm]! */
    LDST_POST,     /* [Rn], #imm */
} LdstIdx;

/* Single register, immediate offset already scaled to bytes. */
static bool do_ldst_imm(DisasContext *s, const arg_ldst_imm *a, int64_t imm, bool is_load,
                        LdstIdx idx, bool unpriv)
{
    IrValue base = ldst_base(s, a->rn);
    IrValue addr = idx == LDST_POST ? base : ldst_add_imm(s, base, imm);
    unsigned mo = unpriv ? ldst_memop_unpriv(s, a->sz, a->sign)
                         : ldst_memop(s, a->sz, a->sign, 0);

    ldst_access(s, is_load, a->rt, addr, a->sf, mo);

    if (idx != LDST_OFFSET) {
        /* Writeback last (also wins over a load into Rt == Rn). */
        IrValue nb = idx == LDST_POST ? ldst_add_imm(s, base, imm) : addr;
        a64_write_xreg_sp(s, a->rn, nb);
    }
    return true;
}

/* One trans_ function per row of a64-ldst.decode; the rows carry the size,
 * signedness and register width, the macros the index mode. */
#define TRANS_IMM(NAME, LOAD, IDX, UNPRIV)                          \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_ldst_imm(s, a, a->imm, LOAD, IDX, UNPRIV);        \
    }
/* Unsigned offset: imm12 scaled by the access size. */
#define TRANS_UIMM(NAME, LOAD)                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_ldst_imm(s, a, (int64_t)a->imm << a->sz, LOAD,    \
                           LDST_OFFSET, false);                     \
    }

/* STUR*, LDUR*: unscaled signed 9-bit offset, no writeback. */
TRANS_IMM(STURB, false, LDST_OFFSET, false)
TRANS_IMM(LDURB, true, LDST_OFFSET, false)
TRANS_IMM(LDURSB_x, true, LDST_OFFSET, false)
TRANS_IMM(LDURSB_w, true, LDST_OFFSET, false)
TRANS_IMM(STURH, false, LDST_OFFSET, false)
TRANS_IMM(LDURH, true, LDST_OFFSET, false)
TRANS_IMM(LDURSH_x, true, LDST_OFFSET, false)
TRANS_IMM(LDURSH_w, true, LDST_OFFSET, false)
TRANS_IMM(STUR_w, false, LDST_OFFSET, false)
TRANS_IMM(LDUR_w, true, LDST_OFFSET, false)
TRANS_IMM(LDURSW, true, LDST_OFFSET, false)
TRANS_IMM(STUR_x, false, LDST_OFFSET, false)
TRANS_IMM(LDUR_x, true, LDST_OFFSET, false)

/* STR and LDR (immediate, post-index): access at Rn, then Rn += imm9. */
TRANS_IMM(STRB_post, false, LDST_POST, false)
TRANS_IMM(LDRB_post, true, LDST_POST, false)
TRANS_IMM(LDRSB_x_post, true, LDST_POST, false)
TRANS_IMM(LDRSB_w_post, true, LDST_POST, false)
TRANS_IMM(STRH_post, false, LDST_POST, false)
TRANS_IMM(LDRH_post, true, LDST_POST, false)
TRANS_IMM(LDRSH_x_post, true, LDST_POST, false)
TRANS_IMM(LDRSH_w_post, true, LDST_POST, false)
TRANS_IMM(STR_w_post, false, LDST_POST, false)
TRANS_IMM(LDR_w_post, true, LDST_POST, false)
TRANS_IMM(LDRSW_post, true, LDST_POST, false)
TRANS_IMM(STR_x_post, false, LDST_POST, false)
TRANS_IMM(LDR_x_post, true, LDST_POST, false)

/* STR and LDR (immediate, pre-index): Rn += imm9, access at the new Rn. */
TRANS_IMM(STRB_pre, false, LDST_PRE, false)
TRANS_IMM(LDRB_pre, true, LDST_PRE, false)
TRANS_IMM(LDRSB_x_pre, true, LDST_PRE, false)
TRANS_IMM(LDRSB_w_pre, true, LDST_PRE, false)
TRANS_IMM(STRH_pre, false, LDST_PRE, false)
TRANS_IMM(LDRH_pre, true, LDST_PRE, false)
TRANS_IMM(LDRSH_x_pre, true, LDST_PRE, false)
TRANS_IMM(LDRSH_w_pre, true, LDST_PRE, false)
TRANS_IMM(STR_w_pre, false, LDST_PRE, false)
TRANS_IMM(LDR_w_pre, true, LDST_PRE, false)
TRANS_IMM(LDRSW_pre, true, LDST_PRE, false)
TRANS_IMM(STR_x_pre, false, LDST_PRE, false)
TRANS_IMM(LDR_x_pre, true, LDST_PRE, false)

/* STTR*, LDTR*: unprivileged (EL0-permission) access, unscaled offset. */
TRANS_IMM(STTRB, false, LDST_OFFSET, true)
TRANS_IMM(LDTRB, true, LDST_OFFSET, true)
TRANS_IMM(LDTRSB_x, true, LDST_OFFSET, true)
TRANS_IMM(LDTRSB_w, true, LDST_OFFSET, true)
TRANS_IMM(STTRH, false, LDST_OFFSET, true)
TRANS_IMM(LDTRH, true, LDST_OFFSET, true)
TRANS_IMM(LDTRSH_x, true, LDST_OFFSET, true)
TRANS_IMM(LDTRSH_w, true, LDST_OFFSET, true)
TRANS_IMM(STTR_w, false, LDST_OFFSET, true)
TRANS_IMM(LDTR_w, true, LDST_OFFSET, true)
TRANS_IMM(LDTRSW, true, LDST_OFFSET, true)
TRANS_IMM(STTR_x, false, LDST_OFFSET, true)
TRANS_IMM(LDTR_x, true, LDST_OFFSET, true)

/* STR and LDR (immediate, unsigned offset). */
TRANS_UIMM(STRB_u, false)
TRANS_UIMM(LDRB_u, true)
TRANS_UIMM(LDRSB_x_u, true)
TRANS_UIMM(LDRSB_w_u, true)
TRANS_UIMM(STRH_u, false)
TRANS_UIMM(LDRH_u, true)
TRANS_UIMM(LDRSH_x_u, true)
TRANS_UIMM(LDRSH_w_u, true)
TRANS_UIMM(STR_w_u, false)
TRANS_UIMM(LDR_w_u, true)
TRANS_UIMM(LDRSW_u, true)
TRANS_UIMM(STR_x_u, false)
TRANS_UIMM(LDR_x_u, true)

/* ---- register offset ---------------------------------------------------- */

/* Offset register Rm (31 = XZR) extended by option and shifted left by sz if
 * S (DecodeRegExtend/ExtendReg). option<1> == 0 is unallocated: false. */
static bool ldst_reg_offset(DisasContext *s, unsigned rm, unsigned opt, bool shift,
                            unsigned sz, IrValue *out)
{
    IrBlock *b = s->b;
    IrValue off;

    if (!(opt & 2))
        return false;
    off = a64_read_xreg(s, rm);
    switch (opt) {
    case 2: /* UXTW */
        off = ir_zext(b, IR_I64, off, 32);
        break;
    case 6: /* SXTW */
        off = ir_sext(b, IR_I64, off, 32);
        break;
    default: /* 3: LSL (UXTX), 7: SXTX */
        break;
    }
    if (shift && sz)
        off = ir_binop(b, IR_SHL, IR_I64, off, ir_const64(b, sz));
    *out = off;
    return true;
}

static bool do_ldst_reg(DisasContext *s, const arg_ldst_reg *a, bool is_load)
{
    IrValue off, addr;

    if (!ldst_reg_offset(s, a->rm, a->opt, a->s, a->sz, &off))
        return false;
    addr = ir_binop(s->b, IR_ADD, IR_I64, ldst_base(s, a->rn), off);
    ldst_access(s, is_load, a->rt, addr, a->sf, ldst_memop(s, a->sz, a->sign, 0));
    return true;
}

/* STR and LDR (register offset). */
#define TRANS_REG(NAME, LOAD)                                       \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_ldst_reg(s, a, LOAD);                             \
    }

TRANS_REG(STRB_r, false)
TRANS_REG(LDRB_r, true)
TRANS_REG(LDRSB_x_r, true)
TRANS_REG(LDRSB_w_r, true)
TRANS_REG(STRH_r, false)
TRANS_REG(LDRH_r, true)
TRANS_REG(LDRSH_x_r, true)
TRANS_REG(LDRSH_w_r, true)
TRANS_REG(STR_w_r, false)
TRANS_REG(LDR_w_r, true)
TRANS_REG(LDRSW_r, true)
TRANS_REG(STR_x_r, false)
TRANS_REG(LDR_x_r, true)

/* ---- literal ------------------------------------------------------------ */

/* LDR (literal) W/X, LDRSW (literal): PC-relative, imm19 words. */
static bool do_ldr_lit(DisasContext *s, const arg_ldst_lit *a)
{
    IrValue addr = ir_const64(s->b, s->pc + (uint64_t)((int64_t)a->imm * 4));

    ldst_access(s, true, a->rt, addr, a->sf, ldst_memop(s, a->sz, a->sign, 0));
    return true;
}

bool trans_LDR_w_lit(DisasContext *s, arg_LDR_w_lit *a)
{
    return do_ldr_lit(s, a);
}

bool trans_LDR_x_lit(DisasContext *s, arg_LDR_x_lit *a)
{
    return do_ldr_lit(s, a);
}

bool trans_LDRSW_lit(DisasContext *s, arg_LDRSW_lit *a)
{
    return do_ldr_lit(s, a);
}

/* ---- prefetch hints ------------------------------------------------------
 * PRFM/PRFUM only hint the memory system; they never fault (C6.2 PRFM:
 * "treated as a NOP" if it would fault), so nothing is emitted. */

bool trans_PRFM_lit(DisasContext *s, arg_PRFM_lit *a)
{
    return true;
}

bool trans_PRFM_u(DisasContext *s, arg_PRFM_u *a)
{
    return true;
}

bool trans_PRFUM(DisasContext *s, arg_PRFUM *a)
{
    return true;
}

/* PRFM (register): the option<1> == 0 encodings stay unallocated. */
bool trans_PRFM_r(DisasContext *s, arg_PRFM_r *a)
{
    return (a->opt & 2) != 0;
}

/* ---- pairs ---------------------------------------------------------------
 * LDP/STP/LDPSW/LDNP/STNP (C6.2 LDP, STP...). imm7 is scaled by the element
 * size. The non-temporal forms are plain offset accesses (no cache model). */

static bool do_ldst_pair(DisasContext *s, const arg_ldst_pair *a, bool is_load, LdstIdx idx)
{
    IrBlock *b = s->b;
    unsigned sz = a->sz;
    int64_t off = (int64_t)a->imm * ((int64_t)1 << sz); /* signed imm: multiply, not << */
    IrValue base = ldst_base(s, a->rn);
    IrValue addr = idx == LDST_POST ? base : ldst_add_imm(s, base, off);
    IrValue addr2 = ldst_add_imm(s, addr, 1 << sz);
    unsigned mo = ldst_memop(s, sz, a->sign, 0);

    if (is_load) {
        bool sf = sz == 3 || a->sign;
        IrValue v1 = ir_load(b, ldst_load_type(sf), addr, mo);
        IrValue v2 = ir_load(b, ldst_load_type(sf), addr2, mo);
        /* Both loads are done: now the registers. Rt2 first so that Rt
         * wins when Rt == Rt2 (QEMU's order). */
        ldst_write_rt(s, a->rt2, v2, sf);
        ldst_write_rt(s, a->rt, v1, sf);
    } else {
        IrValue d1 = ldst_store_data(s, a->rt);
        IrValue d2 = ldst_store_data(s, a->rt2);
        ir_store(b, addr, d1, mo);
        ir_store(b, addr2, d2, mo);
    }

    if (idx != LDST_OFFSET) {
        IrValue nb = idx == LDST_POST ? ldst_add_imm(s, base, off) : addr;
        a64_write_xreg_sp(s, a->rn, nb);
    }
    return true;
}

#define TRANS_PAIR(NAME, LOAD, IDX)                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_ldst_pair(s, a, LOAD, IDX);                       \
    }

TRANS_PAIR(STNP_w, false, LDST_OFFSET)
TRANS_PAIR(LDNP_w, true, LDST_OFFSET)
TRANS_PAIR(STNP_x, false, LDST_OFFSET)
TRANS_PAIR(LDNP_x, true, LDST_OFFSET)

TRANS_PAIR(STP_w_post, false, LDST_POST)
TRANS_PAIR(LDP_w_post, true, LDST_POST)
TRANS_PAIR(LDPSW_post, true, LDST_POST)
TRANS_PAIR(STP_x_post, false, LDST_POST)
TRANS_PAIR(LDP_x_post, true, LDST_POST)

TRANS_PAIR(STP_w, false, LDST_OFFSET)
TRANS_PAIR(LDP_w, true, LDST_OFFSET)
TRANS_PAIR(LDPSW, true, LDST_OFFSET)
TRANS_PAIR(STP_x, false, LDST_OFFSET)
TRANS_PAIR(LDP_x, true, LDST_OFFSET)

TRANS_PAIR(STP_w_pre, false, LDST_PRE)
TRANS_PAIR(LDP_w_pre, true, LDST_PRE)
TRANS_PAIR(LDPSW_pre, true, LDST_PRE)
TRANS_PAIR(STP_x_pre, false, LDST_PRE)
TRANS_PAIR(LDP_x_pre, true, LDST_PRE)

/* ---- acquire/release ----------------------------------------------------
 * Load-Acquire: no later access may be observed before it -> barrier after.
 * Store-Release: no earlier access may be observed after it -> barrier
 * before. The single-threaded interpreter ignores barriers; they keep the
 * ordering for SMP and the JIT (which must not move accesses across them).
 *
 * Alignment: without FEAT_LSE2 an unaligned ordered access takes an
 * alignment fault (AArch64.CheckAlignment, AccType_ORDERED): IR_MO_ALIGN.
 * With FEAT_LSE2 (and SCTLR_ELx.nAA == 0) only an access crossing a 16-byte
 * boundary faults: a helper checks that before the access.
 * Note: QEMU 7.2 (no FEAT_LSE2) checks alignment for LDAR/STLR/LDAPUR/STLUR
 * but not for LDAPR; we check LDAPR too, as the architecture says. */

/* Alignment part of the memop of an ordered access at addr, emitting the
 * LSE2 granule check if needed. */
static unsigned ldst_ordered_align(DisasContext *s, IrValue addr, unsigned sz, bool is_store)
{
    if (!s->cpu->feat.lse2)
        return IR_MO_ALIGN;
    if (sz > 0) {
        unsigned desc = a64_memop(s, sz, 0) | (is_store ? 1u << ATOMIC_DESC_PAIR_BIT : 0);
        ir_call(s->b, HELPER_lse2_ordered_check, addr, ir_const64(s->b, desc), IR_NONE,
                IR_NONE);
    }
    return 0;
}

/* FEAT_LOR (LDLAR/STLLR). */
static bool ldst_have_lor(DisasContext *s)
{
    return s->cpu->feat.lor;
}

/* FEAT_LRCPC2 (LDAPUR/STLUR). */
static bool ldst_have_rcpc2(DisasContext *s)
{
    return s->cpu->feat.rcpc2;
}

static void ldst_load_acquire(DisasContext *s, unsigned rt, IrValue addr, unsigned sz,
                              bool sign, bool sf)
{
    unsigned mo = ldst_memop(s, sz, sign, IR_MO_ACQ | ldst_ordered_align(s, addr, sz, false));

    ldst_access(s, true, rt, addr, sf, mo);
    ir_barrier(s->b, IR_BAR_DMB);
}

static void ldst_store_release(DisasContext *s, unsigned rt, IrValue addr, unsigned sz)
{
    unsigned mo = ldst_memop(s, sz, false, IR_MO_REL | ldst_ordered_align(s, addr, sz, true));

    ir_barrier(s->b, IR_BAR_DMB);
    ldst_access(s, false, rt, addr, false, mo);
}

/* STLR, STLLR (o0 == 0, FEAT_LOR; LORegions are not modelled, so it is a
 * store-release). */
bool trans_STLR(DisasContext *s, arg_STLR *a)
{
    if (!a->lasr && !ldst_have_lor(s))
        return false;
    ldst_store_release(s, a->rt, ldst_base(s, a->rn), a->sz);
    return true;
}

/* LDAR, LDLAR (o0 == 0, FEAT_LOR). */
bool trans_LDAR(DisasContext *s, arg_LDAR *a)
{
    if (!a->lasr && !ldst_have_lor(s))
        return false;
    ldst_load_acquire(s, a->rt, ldst_base(s, a->rn), a->sz, false, a->sz == 3);
    return true;
}

/* LDAPR{B,H} (FEAT_LRCPC): Load-AcquirePC, implemented as the stronger
 * Load-Acquire. Decoded in the atomic-operations space (A=1 R=0 Rs=11111
 * o3:opc=1100). */
bool trans_LDAPR(DisasContext *s, arg_LDAPR *a)
{
    if (!s->cpu->feat.rcpc)
        return false;
    ldst_load_acquire(s, a->rt, ldst_base(s, a->rn), a->sz, false, a->sz == 3);
    return true;
}

/* STLUR*, LDAPUR* (FEAT_LRCPC2): unscaled signed offset, no writeback. */
static bool do_stlur(DisasContext *s, const arg_ldst_imm *a)
{
    if (!ldst_have_rcpc2(s))
        return false;
    ldst_store_release(s, a->rt, ldst_add_imm(s, ldst_base(s, a->rn), a->imm), a->sz);
    return true;
}

static bool do_ldapur(DisasContext *s, const arg_ldst_imm *a)
{
    if (!ldst_have_rcpc2(s))
        return false;
    ldst_load_acquire(s, a->rt, ldst_add_imm(s, ldst_base(s, a->rn), a->imm), a->sz,
                      a->sign, a->sf);
    return true;
}

#define TRANS_RCPC2(NAME, FN)                                       \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return FN(s, a);                                            \
    }

TRANS_RCPC2(STLURB, do_stlur)
TRANS_RCPC2(STLURH, do_stlur)
TRANS_RCPC2(STLUR_w, do_stlur)
TRANS_RCPC2(STLUR_x, do_stlur)
TRANS_RCPC2(LDAPURB, do_ldapur)
TRANS_RCPC2(LDAPURH, do_ldapur)
TRANS_RCPC2(LDAPURSB_x, do_ldapur)
TRANS_RCPC2(LDAPURSB_w, do_ldapur)
TRANS_RCPC2(LDAPURSH_x, do_ldapur)
TRANS_RCPC2(LDAPURSH_w, do_ldapur)
TRANS_RCPC2(LDAPURSW, do_ldapur)
TRANS_RCPC2(LDAPUR_w, do_ldapur)
TRANS_RCPC2(LDAPUR_x, do_ldapur)
