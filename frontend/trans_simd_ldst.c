/* SPDX-License-Identifier: MIT */
/*
 * trans_simd_ldst.c - lifts the SIMD&FP loads and stores to IR: LDR/STR of
 * B/H/S/D/Q registers (unscaled, pre/post-indexed, unsigned offset, register
 * offset, literal), LDP/STP/LDNP/STNP of S/D/Q, and the Advanced SIMD
 * structure loads and stores LD1-LD4/ST1-ST4 (multiple structures, single
 * structure to one lane, load-and-replicate), all with their post-index
 * forms (DDI 0487 C4.1.x "Loads and Stores", C7.2 LD1...ST4).
 *
 * The V registers live in A64Cpu.v[n][0] (bits 63:0) and v[n][1] (bits
 * 127:64) and are reached with LOAD_CPU/STORE_CPU. Rules every function here
 * follows (as trans_ldst.c, and translate.h):
 *  - every memory access of an instruction comes before any register write,
 *    so a faulting access leaves V and X registers untouched; a 128-bit
 *    access is two 64-bit IR accesses (low address first), both done before
 *    the register is written; base writeback is the very last write;
 *  - a load into a B/H/S/D register, and a 64-bit (Q == 0) structure load,
 *    zeroes the rest of the 128-bit register; a single-lane load keeps the
 *    other lanes;
 *  - the base is SP when Rn == 31; a post-index register Rm == 31 selects
 *    the immediate form (offset = bytes transferred).
 *
 * Alignment: with SCTLR_ELx.A set, each access is checked against its own
 * size; a Q register access against 16 bytes (a helper checks that before
 * the first half), and structure accesses against the element size. Without
 * the check, LD1/ST1 of several elements and the multiple-structure forms
 * are done in 64-bit chunks (elements are little-endian and contiguous), as
 * QEMU does for LD1/ST1; with it, one access per element.
 *
 * LD2-LD4/ST2-ST4 of 8-32 bit elements keep the accesses in IR and do the
 * (de)interleave in a helper through the cpu->simd_tmp staging area
 * (helper_simd_perm.c): the element-by-element IR is several times slower
 * in the interpreter.
 *
 * CONSTRAINED UNPREDICTABLE choices, as QEMU 7.2 (the differential
 * reference): LDP/LDNP with Rt == Rt2 leaves Rt2's value (the higher
 * address) in the register.
 */
#include <stddef.h>

#include "a64_decode.h"
#include "translate.h"

/* ---- gates --------------------------------------------------------------- */

/* Reserved encodings and a CPU without FP/AdvSIMD are UNDEFINED; then the
 * CPACR_EL1.FPEN check may trap (EC 0x07; then the exception is already
 * emitted and the instruction is done). The UNDEF has priority, as in the
 * Arm ARM's decode-then-CheckFPAdvSIMDEnabled64 order. */
#define VLS_GATE(s, valid)                                          \
    do {                                                            \
        if (!(s)->cpu->feat.fp || !(valid))                         \
            return false;                                           \
        if (!a64_fp_access_check(s))                                \
            return true;                                            \
    } while (0)

/* ---- V registers and addresses ------------------------------------------ */

static size_t vls_vofs(unsigned r, unsigned half)
{
    return offsetof(A64Cpu, v) + ((size_t)(r & 31) * 2 + half) * sizeof(uint64_t);
}

static IrValue vls_vget(DisasContext *s, unsigned r, unsigned half)
{
    return ir_load_cpu(s->b, IR_I64, vls_vofs(r, half));
}

static void vls_vset(DisasContext *s, unsigned r, unsigned half, IrValue v)
{
    ir_store_cpu(s->b, vls_vofs(r, half), v);
}

static IrValue vls_const(DisasContext *s, uint64_t v)
{
    return ir_const64(s->b, v);
}

static IrValue vls_add_imm(DisasContext *s, IrValue base, int64_t imm)
{
    if (imm == 0)
        return base;
    return ir_binop(s->b, IR_ADD, IR_I64, base, vls_const(s, (uint64_t)imm));
}

/* Base register: SP when rn == 31 (no SP alignment check, as trans_ldst.c). */
static IrValue vls_base(DisasContext *s, unsigned rn)
{
    return a64_read_xreg_sp(s, rn);
}

static bool vls_align_checked(DisasContext *s)
{
    return (s->tb_flags & A64_TBF_ALIGN) != 0;
}

/* A 16-byte access with SCTLR_ELx.A set: the whole access must be 16-byte
 * aligned (AArch64.CheckAlignment with size 16); the IR's 64-bit halves
 * only check 8. */
static void vls_check_align16(DisasContext *s, IrValue addr, bool is_store)
{
    if (vls_align_checked(s))
        ir_call(s->b, HELPER_simd_align16, addr, vls_const(s, is_store), IR_NONE, IR_NONE);
}

/* ---- one register of 1 << sz bytes (sz 0..4) ----------------------------- */

/* Load the value of one register: v[0] low 64 bits, v[1] high (0 below Q). */
static void vls_load_val(DisasContext *s, IrValue addr, unsigned sz, IrValue v[2])
{
    if (sz == 4) {
        vls_check_align16(s, addr, false);
        v[0] = ir_load(s->b, IR_I64, addr, a64_memop(s, 3, 0));
        v[1] = ir_load(s->b, IR_I64, vls_add_imm(s, addr, 8), a64_memop(s, 3, 0));
    } else {
        v[0] = ir_load(s->b, IR_I64, addr, a64_memop(s, sz, 0));
        v[1] = vls_const(s, 0);
    }
}

/* Write a loaded value: the whole 128-bit register (upper bits zero). */
static void vls_write_val(DisasContext *s, unsigned rt, const IrValue v[2])
{
    vls_vset(s, rt, 0, v[0]);
    vls_vset(s, rt, 1, v[1]);
}

/* Store the low 1 << sz bytes of V[rt]. */
static void vls_store_reg(DisasContext *s, unsigned rt, IrValue addr, unsigned sz)
{
    IrValue lo = vls_vget(s, rt, 0);

    if (sz == 4) {
        IrValue hi = vls_vget(s, rt, 1);
        vls_check_align16(s, addr, true);
        ir_store(s->b, addr, lo, a64_memop(s, 3, 0));
        ir_store(s->b, vls_add_imm(s, addr, 8), hi, a64_memop(s, 3, 0));
    } else {
        ir_store(s->b, addr, lo, a64_memop(s, sz, 0));
    }
}

static void vls_access(DisasContext *s, bool is_load, unsigned rt, IrValue addr, unsigned sz)
{
    if (is_load) {
        IrValue v[2];
        vls_load_val(s, addr, sz, v);
        vls_write_val(s, rt, v);
    } else {
        vls_store_reg(s, rt, addr, sz);
    }
}

/* ---- immediate offset forms ----------------------------------------------- */

typedef enum VlsIdx {
    VLS_OFFSET,   /* [Rn, #imm] */
    VLS_PRE,      /* [Rn, #imm]! */
    VLS_POST,     /* [Rn], #imm */
} VlsIdx;

static bool do_vls_imm(DisasContext *s, const arg_sls_imm *a, int64_t imm, bool is_load,
                       VlsIdx idx)
{
    VLS_GATE(s, true);
    IrValue base = vls_base(s, a->rn);
    IrValue addr = idx == VLS_POST ? base : vls_add_imm(s, base, imm);

    vls_access(s, is_load, a->rt, addr, a->sz);
    if (idx != VLS_OFFSET)
        a64_write_xreg_sp(s, a->rn, idx == VLS_POST ? vls_add_imm(s, base, imm) : addr);
    return true;
}

#define TRANS_VIMM(NAME, LOAD, IDX)                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_imm(s, a, a->imm, LOAD, IDX);                 \
    }
/* Unsigned offset: imm12 scaled by the register size. */
#define TRANS_VUIMM(NAME, LOAD)                                     \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_imm(s, a, (int64_t)a->imm << a->sz, LOAD,     \
                          VLS_OFFSET);                              \
    }

/* STUR/LDUR (SIMD&FP): unscaled signed offset. */
TRANS_VIMM(STUR_b, false, VLS_OFFSET)
TRANS_VIMM(LDUR_b, true, VLS_OFFSET)
TRANS_VIMM(STUR_h, false, VLS_OFFSET)
TRANS_VIMM(LDUR_h, true, VLS_OFFSET)
TRANS_VIMM(STUR_s, false, VLS_OFFSET)
TRANS_VIMM(LDUR_s, true, VLS_OFFSET)
TRANS_VIMM(STUR_d, false, VLS_OFFSET)
TRANS_VIMM(LDUR_d, true, VLS_OFFSET)
TRANS_VIMM(STUR_q, false, VLS_OFFSET)
TRANS_VIMM(LDUR_q, true, VLS_OFFSET)

/* STR/LDR (immediate, SIMD&FP), post-index. */
TRANS_VIMM(STR_b_post, false, VLS_POST)
TRANS_VIMM(LDR_b_post, true, VLS_POST)
TRANS_VIMM(STR_h_post, false, VLS_POST)
TRANS_VIMM(LDR_h_post, true, VLS_POST)
TRANS_VIMM(STR_s_post, false, VLS_POST)
TRANS_VIMM(LDR_s_post, true, VLS_POST)
TRANS_VIMM(STR_d_post, false, VLS_POST)
TRANS_VIMM(LDR_d_post, true, VLS_POST)
TRANS_VIMM(STR_q_post, false, VLS_POST)
TRANS_VIMM(LDR_q_post, true, VLS_POST)

/* STR/LDR (immediate, SIMD&FP), pre-index. */
TRANS_VIMM(STR_b_pre, false, VLS_PRE)
TRANS_VIMM(LDR_b_pre, true, VLS_PRE)
TRANS_VIMM(STR_h_pre, false, VLS_PRE)
TRANS_VIMM(LDR_h_pre, true, VLS_PRE)
TRANS_VIMM(STR_s_pre, false, VLS_PRE)
TRANS_VIMM(LDR_s_pre, true, VLS_PRE)
TRANS_VIMM(STR_d_pre, false, VLS_PRE)
TRANS_VIMM(LDR_d_pre, true, VLS_PRE)
TRANS_VIMM(STR_q_pre, false, VLS_PRE)
TRANS_VIMM(LDR_q_pre, true, VLS_PRE)

/* STR/LDR (immediate, SIMD&FP), unsigned offset. */
TRANS_VUIMM(STR_b_u, false)
TRANS_VUIMM(LDR_b_u, true)
TRANS_VUIMM(STR_h_u, false)
TRANS_VUIMM(LDR_h_u, true)
TRANS_VUIMM(STR_s_u, false)
TRANS_VUIMM(LDR_s_u, true)
TRANS_VUIMM(STR_d_u, false)
TRANS_VUIMM(LDR_d_u, true)
TRANS_VUIMM(STR_q_u, false)
TRANS_VUIMM(LDR_q_u, true)

/* ---- register offset -------------------------------------------------------- */

/* STR/LDR (register, SIMD&FP): Rn + ExtendReg(Rm, option, S ? sz : 0).
 * option<1> == 0 is unallocated. */
static bool do_vls_reg(DisasContext *s, const arg_sls_reg *a, bool is_load)
{
    IrBlock *b = s->b;

    VLS_GATE(s, (a->opt & 2) != 0);
    IrValue off = a64_read_xreg(s, a->rm);
    if (a->opt == 2)            /* UXTW */
        off = ir_zext(b, IR_I64, off, 32);
    else if (a->opt == 6)       /* SXTW */
        off = ir_sext(b, IR_I64, off, 32);
    /* 3: LSL (UXTX), 7: SXTX: the whole register */
    if (a->s && a->sz)
        off = ir_binop(b, IR_SHL, IR_I64, off, vls_const(s, a->sz));
    vls_access(s, is_load, a->rt, ir_binop(b, IR_ADD, IR_I64, vls_base(s, a->rn), off), a->sz);
    return true;
}

#define TRANS_VREG(NAME, LOAD)                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_reg(s, a, LOAD);                              \
    }

TRANS_VREG(STR_b_r, false)
TRANS_VREG(LDR_b_r, true)
TRANS_VREG(STR_h_r, false)
TRANS_VREG(LDR_h_r, true)
TRANS_VREG(STR_s_r, false)
TRANS_VREG(LDR_s_r, true)
TRANS_VREG(STR_d_r, false)
TRANS_VREG(LDR_d_r, true)
TRANS_VREG(STR_q_r, false)
TRANS_VREG(LDR_q_r, true)

/* ---- literal ------------------------------------------------------------------ */

/* LDR (literal, SIMD&FP): S/D/Q at PC + imm19 * 4. */
static bool do_vls_lit(DisasContext *s, const arg_sls_lit *a)
{
    VLS_GATE(s, true);
    vls_access(s, true, a->rt, vls_const(s, s->pc + (uint64_t)((int64_t)a->imm * 4)), a->sz);
    return true;
}

bool trans_LDR_s_lit(DisasContext *s, arg_LDR_s_lit *a)
{
    return do_vls_lit(s, a);
}

bool trans_LDR_d_lit(DisasContext *s, arg_LDR_d_lit *a)
{
    return do_vls_lit(s, a);
}

bool trans_LDR_q_lit(DisasContext *s, arg_LDR_q_lit *a)
{
    return do_vls_lit(s, a);
}

/* ---- pairs ----------------------------------------------------------------------
 * LDP/STP/LDNP/STNP (SIMD&FP): imm7 scaled by the register size; the
 * non-temporal forms are plain offset accesses. */

static bool do_vls_pair(DisasContext *s, const arg_sls_pair *a, bool is_load, VlsIdx idx)
{
    VLS_GATE(s, true);
    unsigned sz = a->sz;
    int64_t off = (int64_t)a->imm * ((int64_t)1 << sz); /* signed: multiply, not << */
    IrValue base = vls_base(s, a->rn);
    IrValue addr = idx == VLS_POST ? base : vls_add_imm(s, base, off);
    IrValue addr2 = vls_add_imm(s, addr, (int64_t)1 << sz);

    if (is_load) {
        IrValue v1[2], v2[2];
        vls_load_val(s, addr, sz, v1);
        vls_load_val(s, addr2, sz, v2);
        /* Both done: Rt, then Rt2 (wins when Rt == Rt2, as QEMU). */
        vls_write_val(s, a->rt, v1);
        vls_write_val(s, a->rt2, v2);
    } else {
        vls_store_reg(s, a->rt, addr, sz);
        vls_store_reg(s, a->rt2, addr2, sz);
    }
    if (idx != VLS_OFFSET)
        a64_write_xreg_sp(s, a->rn, idx == VLS_POST ? vls_add_imm(s, base, off) : addr);
    return true;
}

#define TRANS_VPAIR(NAME, LOAD, IDX)                                \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_pair(s, a, LOAD, IDX);                        \
    }

TRANS_VPAIR(STNP_s, false, VLS_OFFSET)
TRANS_VPAIR(LDNP_s, true, VLS_OFFSET)
TRANS_VPAIR(STNP_d, false, VLS_OFFSET)
TRANS_VPAIR(LDNP_d, true, VLS_OFFSET)
TRANS_VPAIR(STNP_q, false, VLS_OFFSET)
TRANS_VPAIR(LDNP_q, true, VLS_OFFSET)

TRANS_VPAIR(STP_s_post, false, VLS_POST)
TRANS_VPAIR(LDP_s_post, true, VLS_POST)
TRANS_VPAIR(STP_d_post, false, VLS_POST)
TRANS_VPAIR(LDP_d_post, true, VLS_POST)
TRANS_VPAIR(STP_q_post, false, VLS_POST)
TRANS_VPAIR(LDP_q_post, true, VLS_POST)

TRANS_VPAIR(STP_s, false, VLS_OFFSET)
TRANS_VPAIR(LDP_s, true, VLS_OFFSET)
TRANS_VPAIR(STP_d, false, VLS_OFFSET)
TRANS_VPAIR(LDP_d, true, VLS_OFFSET)
TRANS_VPAIR(STP_q, false, VLS_OFFSET)
TRANS_VPAIR(LDP_q, true, VLS_OFFSET)

TRANS_VPAIR(STP_s_pre, false, VLS_PRE)
TRANS_VPAIR(LDP_s_pre, true, VLS_PRE)
TRANS_VPAIR(STP_d_pre, false, VLS_PRE)
TRANS_VPAIR(LDP_d_pre, true, VLS_PRE)
TRANS_VPAIR(STP_q_pre, false, VLS_PRE)
TRANS_VPAIR(LDP_q_pre, true, VLS_PRE)

/* ---- structures: shared pieces ---------------------------------------------- */

/* Post-index writeback of a structure access: Rm == 31 adds the number of
 * bytes transferred, any other Rm adds X[m]. */
static void vls_struct_wb(DisasContext *s, unsigned rn, unsigned rm, IrValue base,
                          unsigned bytes)
{
    IrValue nb;

    if (rm == 31)
        nb = vls_add_imm(s, base, bytes);
    else
        nb = ir_binop(s->b, IR_ADD, IR_I64, base, a64_read_xreg(s, rm));
    a64_write_xreg_sp(s, rn, nb);
}

/* Field of ebits at lsb of a 64-bit value (the value itself when 64). */
static IrValue vls_field(DisasContext *s, IrValue x, unsigned lsb, unsigned ebits)
{
    if (ebits == 64)
        return x;
    return ir_extract(s->b, IR_I64, x, lsb, ebits);
}

/* Replicate an ebits element over 64 bits (ebits < 64: times 0x0101..). */
static IrValue vls_dup(DisasContext *s, IrValue e, unsigned ebits)
{
    static const uint64_t mul[3] = {0x0101010101010101ull, 0x0001000100010001ull,
                                    0x0000000100000001ull};
    if (ebits == 64)
        return e;
    return ir_binop(s->b, IR_MUL, IR_I64, e, vls_const(s, mul[ebits == 8 ? 0 : ebits == 16 ? 1 : 2]));
}

/* ---- multiple structures ------------------------------------------------------
 * LD1/ST1 (1-4 registers), LD2/ST2, LD3/ST3, LD4/ST4 (C7.2, shared decode
 * "AdvSIMD load/store multiple structures"). With nregs = rpt * selem
 * registers of elems elements each, memory element m holds:
 *   selem == 1: register m / elems, element m % elems (each register's
 *               bytes contiguous);
 *   selem  > 1: register m % selem, element m / selem (interleaved). */

#define VLS_MAX_BYTES 64

typedef struct VlsMult {
    unsigned rpt, selem, nregs, elems, ebits, esize, halves, bytes;
    bool per_elem;       /* one access per element (alignment checked) */
} VlsMult;

/* Memory element index of element e of register k. */
static unsigned vls_mem_index(const VlsMult *m, unsigned k, unsigned e)
{
    return m->selem == 1 ? k * m->elems + e : e * m->selem + k;
}

static bool do_vls_mult(DisasContext *s, const arg_sls_mult *a, bool is_load, unsigned rpt,
                        unsigned selem)
{
    IrBlock *b = s->b;
    VlsMult m;
    IrValue mem[VLS_MAX_BYTES];   /* 64-bit chunks, or elements when per_elem */
    IrValue out[4][2];

    /* size 11 with Q == 0 is reserved for LD2-LD4/ST2-ST4 */
    VLS_GATE(s, !(a->size == 3 && !a->q && selem != 1));
    m.rpt = rpt;
    m.selem = selem;
    m.nregs = rpt * selem;
    m.esize = 1u << a->size;
    m.ebits = 8 * m.esize;
    m.halves = a->q ? 2 : 1;
    m.elems = 8 * m.halves / m.esize;
    m.bytes = m.nregs * 8 * m.halves;
    m.per_elem = vls_align_checked(s) && a->size < 3;

    IrValue base = vls_base(s, a->rn);
    unsigned nacc = m.per_elem ? m.bytes / m.esize : m.bytes / 8;
    unsigned acc_sz = m.per_elem ? a->size : 3;
    unsigned acc_bytes = 1u << acc_sz;
    bool via_helper = !m.per_elem && selem > 1 && m.ebits < 64;

    if (via_helper) {
        /* LD2-LD4/ST2-ST4 of 8-32 bit elements: the memory side in 64-bit
         * chunks, staged in cpu->simd_tmp, the register side in C. */
        IrValue desc = vls_const(s, (uint64_t)a->rt | selem << 5 | (uint64_t)a->size << 8 |
                                        (uint64_t)a->q << 10);
        if (is_load) {
            for (unsigned i = 0; i < nacc; i++)
                mem[i] = ir_load(b, IR_I64, vls_add_imm(s, base, (int64_t)i * 8),
                                 a64_memop(s, 3, 0));
            for (unsigned i = 0; i < nacc; i++)
                ir_store_cpu(b, offsetof(A64Cpu, simd_tmp) + i * 8, mem[i]);
            ir_call(b, HELPER_simd_ldn, desc, IR_NONE, IR_NONE, IR_NONE);
        } else {
            ir_call(b, HELPER_simd_stn, desc, IR_NONE, IR_NONE, IR_NONE);
            for (unsigned i = 0; i < nacc; i++)
                ir_store(b, vls_add_imm(s, base, (int64_t)i * 8),
                         ir_load_cpu(b, IR_I64, offsetof(A64Cpu, simd_tmp) + i * 8),
                         a64_memop(s, 3, 0));
        }
    } else if (is_load) {
        for (unsigned i = 0; i < nacc; i++)
            mem[i] = ir_load(b, IR_I64, vls_add_imm(s, base, (int64_t)i * acc_bytes),
                             a64_memop(s, acc_sz, 0));
        /* Assemble each register half from its elements. */
        for (unsigned k = 0; k < m.nregs; k++) {
            for (unsigned h = 0; h < m.halves; h++) {
                unsigned per_half = 64 / m.ebits;
                IrValue v = IR_NONE;
                if (!m.per_elem && (selem == 1 || m.ebits == 64)) {
                    /* contiguous: the chunk is the register half */
                    unsigned mi = vls_mem_index(&m, k, h * per_half);
                    out[k][h] = mem[mi * m.esize / 8];
                    continue;
                }
                for (unsigned j = 0; j < per_half; j++) {
                    unsigned mi = vls_mem_index(&m, k, h * per_half + j);
                    IrValue e = m.per_elem ? mem[mi]
                                           : vls_field(s, mem[mi * m.esize / 8],
                                                       (mi * m.esize % 8) * 8, m.ebits);
                    v = j == 0 ? e : ir_deposit(b, IR_I64, v, e, j * m.ebits, m.ebits);
                }
                out[k][h] = v;
            }
        }
        /* All accesses done: write the registers (Q == 0 zeroes bits 127:64). */
        for (unsigned k = 0; k < m.nregs; k++) {
            unsigned r = (a->rt + k) & 31;
            vls_vset(s, r, 0, out[k][0]);
            vls_vset(s, r, 1, a->q ? out[k][1] : vls_const(s, 0));
        }
    } else {
        for (unsigned k = 0; k < m.nregs; k++)
            for (unsigned h = 0; h < m.halves; h++)
                out[k][h] = vls_vget(s, (a->rt + k) & 31, h);
        for (unsigned i = 0; i < nacc; i++) {
            IrValue v = IR_NONE;
            if (m.per_elem) {
                /* element i: register and element from the interleave */
                unsigned k = selem == 1 ? i / m.elems : i % selem;
                unsigned e = selem == 1 ? i % m.elems : i / selem;
                unsigned bit = e * m.ebits;
                v = out[k][bit / 64];
                if (bit % 64)
                    v = ir_binop(b, IR_LSHR, IR_I64, v, vls_const(s, bit % 64));
            } else if (selem == 1 || m.ebits == 64) {
                unsigned mi = i * 8 / m.esize;
                unsigned k = selem == 1 ? mi / m.elems : mi % selem;
                unsigned e = selem == 1 ? mi % m.elems : mi / selem;
                v = out[k][e * m.ebits / 64];
            } else {
                /* build the chunk from 64 / ebits interleaved elements */
                for (unsigned j = 0; j < 8 / m.esize; j++) {
                    unsigned mi = i * 8 / m.esize + j;
                    unsigned k = mi % selem, e = mi / selem;
                    unsigned bit = e * m.ebits;
                    IrValue f = vls_field(s, out[k][bit / 64], bit % 64, m.ebits);
                    v = j == 0 ? f : ir_deposit(b, IR_I64, v, f, j * m.ebits, m.ebits);
                }
            }
            ir_store(b, vls_add_imm(s, base, (int64_t)i * acc_bytes), v,
                     a64_memop(s, acc_sz, 0));
        }
    }
    if (a->post)
        vls_struct_wb(s, a->rn, a->rm, base, m.bytes);
    return true;
}

#define TRANS_VMULT(NAME, LOAD, RPT, SELEM)                         \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_mult(s, a, LOAD, RPT, SELEM);                 \
    }

TRANS_VMULT(ST1_m1, false, 1, 1)
TRANS_VMULT(ST1_m2, false, 2, 1)
TRANS_VMULT(ST1_m3, false, 3, 1)
TRANS_VMULT(ST1_m4, false, 4, 1)
TRANS_VMULT(ST2_m, false, 1, 2)
TRANS_VMULT(ST3_m, false, 1, 3)
TRANS_VMULT(ST4_m, false, 1, 4)
TRANS_VMULT(LD1_m1, true, 1, 1)
TRANS_VMULT(LD1_m2, true, 2, 1)
TRANS_VMULT(LD1_m3, true, 3, 1)
TRANS_VMULT(LD1_m4, true, 4, 1)
TRANS_VMULT(LD2_m, true, 1, 2)
TRANS_VMULT(LD3_m, true, 1, 3)
TRANS_VMULT(LD4_m, true, 1, 4)
TRANS_VMULT(ST1_m1_post, false, 1, 1)
TRANS_VMULT(ST1_m2_post, false, 2, 1)
TRANS_VMULT(ST1_m3_post, false, 3, 1)
TRANS_VMULT(ST1_m4_post, false, 4, 1)
TRANS_VMULT(ST2_m_post, false, 1, 2)
TRANS_VMULT(ST3_m_post, false, 1, 3)
TRANS_VMULT(ST4_m_post, false, 1, 4)
TRANS_VMULT(LD1_m1_post, true, 1, 1)
TRANS_VMULT(LD1_m2_post, true, 2, 1)
TRANS_VMULT(LD1_m3_post, true, 3, 1)
TRANS_VMULT(LD1_m4_post, true, 4, 1)
TRANS_VMULT(LD2_m_post, true, 1, 2)
TRANS_VMULT(LD3_m_post, true, 1, 3)
TRANS_VMULT(LD4_m_post, true, 1, 4)

/* ---- single structure, one lane ----------------------------------------------
 * LD1-LD4/ST1-ST4 (single structure): selem consecutive elements of
 * 1 << scale bytes, element k to/from lane index of V[(rt + k) % 32]; the
 * other lanes are kept. */

static bool do_vls_lane(DisasContext *s, const arg_sls_lane *a, bool is_load, unsigned selem,
                        unsigned scale)
{
    IrBlock *b = s->b;
    unsigned esize = 1u << scale, ebits = 8 * esize;
    unsigned bit = (unsigned)a->index * ebits;
    unsigned half = bit / 64, lsb = bit % 64;
    unsigned mo = a64_memop(s, scale, 0);
    IrValue v[4];

    VLS_GATE(s, true);
    IrValue base = vls_base(s, a->rn);
    if (is_load) {
        for (unsigned k = 0; k < selem; k++)
            v[k] = ir_load(b, IR_I64, vls_add_imm(s, base, (int64_t)k * esize), mo);
        for (unsigned k = 0; k < selem; k++) {
            unsigned r = (a->rt + k) & 31;
            IrValue nv = ebits == 64 ? v[k]
                                     : ir_deposit(b, IR_I64, vls_vget(s, r, half), v[k], lsb,
                                                  ebits);
            vls_vset(s, r, half, nv);
        }
    } else {
        for (unsigned k = 0; k < selem; k++) {
            IrValue d = vls_vget(s, (a->rt + k) & 31, half);
            if (lsb)
                d = ir_binop(b, IR_LSHR, IR_I64, d, vls_const(s, lsb));
            ir_store(b, vls_add_imm(s, base, (int64_t)k * esize), d, mo);
        }
    }
    if (a->post)
        vls_struct_wb(s, a->rn, a->rm, base, selem * esize);
    return true;
}

#define TRANS_VLANE(NAME, LOAD, SELEM, SCALE)                       \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_lane(s, a, LOAD, SELEM, SCALE);               \
    }
/* All four element sizes of one instruction and index mode. */
#define TRANS_VLANES(PFX, SFX, LOAD, SELEM)                         \
    TRANS_VLANE(PFX##_lb##SFX, LOAD, SELEM, 0)                      \
    TRANS_VLANE(PFX##_lh##SFX, LOAD, SELEM, 1)                      \
    TRANS_VLANE(PFX##_ls##SFX, LOAD, SELEM, 2)                      \
    TRANS_VLANE(PFX##_ld##SFX, LOAD, SELEM, 3)

TRANS_VLANES(ST1, , false, 1)
TRANS_VLANES(ST2, , false, 2)
TRANS_VLANES(ST3, , false, 3)
TRANS_VLANES(ST4, , false, 4)
TRANS_VLANES(LD1, , true, 1)
TRANS_VLANES(LD2, , true, 2)
TRANS_VLANES(LD3, , true, 3)
TRANS_VLANES(LD4, , true, 4)
TRANS_VLANES(ST1, _post, false, 1)
TRANS_VLANES(ST2, _post, false, 2)
TRANS_VLANES(ST3, _post, false, 3)
TRANS_VLANES(ST4, _post, false, 4)
TRANS_VLANES(LD1, _post, true, 1)
TRANS_VLANES(LD2, _post, true, 2)
TRANS_VLANES(LD3, _post, true, 3)
TRANS_VLANES(LD4, _post, true, 4)

/* ---- load and replicate ------------------------------------------------------
 * LD1R-LD4R: selem consecutive elements, element k replicated to every lane
 * of V[(rt + k) % 32] (Q == 0: bits 127:64 zeroed). */

static bool do_vls_rep(DisasContext *s, const arg_sls_rep *a, unsigned selem)
{
    IrBlock *b = s->b;
    unsigned esize = 1u << a->size, ebits = 8 * esize;
    IrValue v[4];

    VLS_GATE(s, true);
    IrValue base = vls_base(s, a->rn);
    for (unsigned k = 0; k < selem; k++)
        v[k] = ir_load(b, IR_I64, vls_add_imm(s, base, (int64_t)k * esize),
                       a64_memop(s, a->size, 0));
    for (unsigned k = 0; k < selem; k++) {
        unsigned r = (a->rt + k) & 31;
        IrValue d = vls_dup(s, v[k], ebits);
        vls_vset(s, r, 0, d);
        vls_vset(s, r, 1, a->q ? d : vls_const(s, 0));
    }
    if (a->post)
        vls_struct_wb(s, a->rn, a->rm, base, selem * esize);
    return true;
}

#define TRANS_VREP(NAME, SELEM)                                     \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_vls_rep(s, a, SELEM);                             \
    }

TRANS_VREP(LD1R, 1)
TRANS_VREP(LD2R, 2)
TRANS_VREP(LD3R, 3)
TRANS_VREP(LD4R, 4)
TRANS_VREP(LD1R_post, 1)
TRANS_VREP(LD2R_post, 2)
TRANS_VREP(LD3R_post, 3)
TRANS_VREP(LD4R_post, 4)
