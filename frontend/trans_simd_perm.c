/* SPDX-License-Identifier: MIT */
/*
 * trans_simd_perm.c - lifts the Advanced SIMD and FP instructions that only
 * move bits: DUP/INS/UMOV/SMOV, MOVI/MVNI/ORR/BIC/FMOV (vector immediate),
 * EXT, TBL/TBX, ZIP/UZP/TRN, REV16/32/64, CNT, NOT, RBIT, AND/BIC/ORR/ORN/
 * EOR/BSL/BIT/BIF (vector), FMOV between general and FP registers and FMOV
 * (register) (DDI 0487 C7.2).
 *
 * Each 128-bit register is handled as two 64-bit halves (A64Cpu.v[n][0] =
 * bits 63:0, v[n][1] = bits 127:64) with plain integer IR; element-wise
 * shuffles within a half use mask-and-shift networks instead of one op per
 * element. TBL/TBX (data-dependent indices), 8/16-bit ZIP/UZP and the
 * 128-bit CNT call helpers (helper_simd_perm.c), which are several times
 * faster than the equivalent IR in the interpreter. A 64-bit (Q == 0) vector result, and any write of a
 * B/H/S/D register, zeroes bits 127:64 (the Arm ARM's V[d] = 64-bit value);
 * the element forms INS and FMOV Vd.D[1] keep the rest of the register.
 * All sources are read before the destination is written, so Rd may equal
 * any source register.
 */
#include <stddef.h>

#include "a64_decode.h"
#include "translate.h"

/* ---- gates --------------------------------------------------------------- */

/* Reserved encodings and a CPU without FP/AdvSIMD are UNDEFINED, before the
 * CPACR_EL1.FPEN check (a64_fp_access_check: EC 0x07 trap, already emitted
 * when it returns false). */
#define VP_GATE(s, valid)                                           \
    do {                                                            \
        if (!(s)->cpu->feat.fp || !(valid))                         \
            return false;                                           \
        if (!a64_fp_access_check(s))                                \
            return true;                                            \
    } while (0)

/* FEAT_FP16 (half-precision FMOV forms), per CPU model (cpu.c). */
static bool vp_have_fp16(DisasContext *s)
{
    return s->cpu->feat.fp16;
}

/* ---- halves of V registers ----------------------------------------------- */

static size_t vp_vofs(unsigned r, unsigned half)
{
    return offsetof(A64Cpu, v) + ((size_t)(r & 31) * 2 + half) * sizeof(uint64_t);
}

static IrValue vp_get(DisasContext *s, unsigned r, unsigned half)
{
    return ir_load_cpu(s->b, IR_I64, vp_vofs(r, half));
}

static void vp_set(DisasContext *s, unsigned r, unsigned half, IrValue v)
{
    ir_store_cpu(s->b, vp_vofs(r, half), v);
}

static IrValue vp_k(DisasContext *s, uint64_t v)
{
    return ir_const64(s->b, v);
}

/* Write a vector result: Q == 0 zeroes bits 127:64. */
static void vp_write(DisasContext *s, unsigned rd, IrValue lo, IrValue hi, bool q)
{
    vp_set(s, rd, 0, lo);
    vp_set(s, rd, 1, q ? hi : vp_k(s, 0));
}

static IrValue vp_bin(DisasContext *s, IrOpcode op, IrValue x, IrValue y)
{
    return ir_binop(s->b, op, IR_I64, x, y);
}

static IrValue vp_shl(DisasContext *s, IrValue x, unsigned n)
{
    return n ? vp_bin(s, IR_SHL, x, vp_k(s, n)) : x;
}

static IrValue vp_shr(DisasContext *s, IrValue x, unsigned n)
{
    return n ? vp_bin(s, IR_LSHR, x, vp_k(s, n)) : x;
}

static IrValue vp_andk(DisasContext *s, IrValue x, uint64_t k)
{
    return vp_bin(s, IR_AND, x, vp_k(s, k));
}

/* Element of ebits at index idx of V[r] (zero-extended to 64 bits). */
static IrValue vp_elem(DisasContext *s, unsigned r, unsigned idx, unsigned ebits)
{
    unsigned bit = idx * ebits;
    IrValue h = vp_get(s, r, bit / 64);
    return ebits == 64 ? h : ir_extract(s->b, IR_I64, h, bit % 64, ebits);
}

/* 64-bit pattern with the low `width` bits of every 2*width-bit group set:
 * width 32 -> 0x00000000ffffffff, 16 -> 0x0000ffff0000ffff, 8 -> 0x00ff00ff.. */
static uint64_t vp_even_mask(unsigned width)
{
    uint64_t unit = width >= 64 ? ~0ull : (1ull << width) - 1;
    uint64_t m = 0;
    for (unsigned i = 0; i < 64; i += 2 * width)
        m |= unit << i;
    return m;
}

/* Replicate the low ebits of x (zero above) over 64 bits. */
static IrValue vp_dup(DisasContext *s, IrValue x, unsigned ebits)
{
    if (ebits == 64)
        return x;
    return vp_bin(s, IR_MUL, x, vp_k(s, ebits == 8 ? 0x0101010101010101ull
                                        : ebits == 16 ? 0x0001000100010001ull
                                                      : 0x0000000100000001ull));
}

/* Element size of the copy group: the lowest set bit of imm5; -1 when
 * imm5<3:0> == 0 (reserved). */
static int vp_copy_size(unsigned imm5)
{
    for (int i = 0; i < 4; i++)
        if (imm5 & (1u << i))
            return i;
    return -1;
}

/* ---- copy: DUP, INS, UMOV, SMOV -------------------------------------------- */

/* DUP (element, vector): Vd.T = Vn.Ts[index] in every lane. */
bool trans_DUP_elem(DisasContext *s, arg_DUP_elem *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0 && !(size == 3 && !a->q));
    unsigned ebits = 8u << size;
    IrValue d = vp_dup(s, vp_elem(s, a->rn, a->imm5 >> (size + 1), ebits), ebits);
    vp_write(s, a->rd, d, d, a->q);
    return true;
}

/* DUP (element, scalar), alias MOV Vd, Vn.T[index]: the element alone,
 * the rest of Vd zeroed. */
bool trans_DUP_scalar(DisasContext *s, arg_DUP_scalar *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0);
    vp_write(s, a->rd, vp_elem(s, a->rn, a->imm5 >> (size + 1), 8u << size), IR_NONE, false);
    return true;
}

/* DUP (general): Vd.T = the low element bits of Xn (31 = XZR). */
bool trans_DUP_gen(DisasContext *s, arg_DUP_gen *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0 && !(size == 3 && !a->q));
    unsigned ebits = 8u << size;
    IrValue x = a64_read_xreg(s, a->rn);
    if (ebits < 64)
        x = ir_extract(s->b, IR_I64, x, 0, ebits);
    IrValue d = vp_dup(s, x, ebits);
    vp_write(s, a->rd, d, d, a->q);
    return true;
}

/* Insert value x (low ebits) as element idx of Vd, keeping the rest. */
static void vp_insert(DisasContext *s, unsigned rd, unsigned idx, unsigned ebits, IrValue x)
{
    unsigned bit = idx * ebits;
    if (ebits == 64) {
        vp_set(s, rd, bit / 64, x);
        return;
    }
    vp_set(s, rd, bit / 64, ir_deposit(s->b, IR_I64, vp_get(s, rd, bit / 64), x, bit % 64, ebits));
}

/* INS (general), alias MOV Vd.Ts[index], Rn. */
bool trans_INS_gen(DisasContext *s, arg_INS_gen *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0);
    vp_insert(s, a->rd, a->imm5 >> (size + 1), 8u << size, a64_read_xreg(s, a->rn));
    return true;
}

/* INS (element), alias MOV Vd.Ts[index1], Vn.Ts[index2]: imm4 >> size is
 * the source index (its low bits are ignored). */
bool trans_INS_elem(DisasContext *s, arg_INS_elem *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0);
    unsigned ebits = 8u << size;
    IrValue e = vp_elem(s, a->rn, (unsigned)a->imm4 >> size, ebits);
    vp_insert(s, a->rd, a->imm5 >> (size + 1), ebits, e);
    return true;
}

/* UMOV: Wd (Q == 0, B/H/S elements) or Xd (Q == 1, D element) = element. */
bool trans_UMOV(DisasContext *s, arg_UMOV *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0 && (a->q ? size == 3 : size < 3));
    a64_write_xreg(s, a->rd, vp_elem(s, a->rn, a->imm5 >> (size + 1), 8u << size));
    return true;
}

/* SMOV: sign-extended element into Wd (Q == 0: B/H) or Xd (Q == 1: B/H/S). */
bool trans_SMOV(DisasContext *s, arg_SMOV *a)
{
    int size = vp_copy_size(a->imm5);

    VP_GATE(s, size >= 0 && size < (a->q ? 3 : 2));
    unsigned ebits = 8u << size;
    IrValue e = vp_elem(s, a->rn, a->imm5 >> (size + 1), ebits);
    if (a->q)
        a64_write_xreg(s, a->rd, ir_sext(s->b, IR_I64, e, ebits));
    else
        a64_write_wreg(s, a->rd, ir_sext(s->b, IR_I32, ir_zext(s->b, IR_I32, e, 32), ebits));
    return true;
}

/* ---- modified immediate --------------------------------------------------- */

/* VFPExpandImm of imm8 for a half, single or double (N = 16/32/64). */
static uint64_t vp_vfp_expand(unsigned imm8, unsigned n)
{
    unsigned e = n == 16 ? 5 : n == 32 ? 8 : 11;   /* exponent bits */
    unsigned f = n - e - 1;                          /* fraction bits */
    uint64_t sign = (imm8 >> 7) & 1;
    uint64_t b6 = (imm8 >> 6) & 1;
    /* exp = NOT(b):Replicate(b, e-3):imm8<5:4> */
    uint64_t exp = ((b6 ^ 1) << (e - 1)) | ((b6 ? (1ull << (e - 3)) - 1 : 0) << 2) |
                   ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (f - 4);
    return (sign << (n - 1)) | (exp << f) | frac;
}

/* AdvSIMDExpandImm(op, cmode, imm8) (DDI 0487 shared pseudocode). */
static uint64_t vp_expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
    uint64_t i = imm8;

    switch (cmode >> 1) {
    case 0: return i * 0x0000000100000001ull;
    case 1: return (i << 8) * 0x0000000100000001ull;
    case 2: return (i << 16) * 0x0000000100000001ull;
    case 3: return (i << 24) * 0x0000000100000001ull;
    case 4: return i * 0x0001000100010001ull;
    case 5: return (i << 8) * 0x0001000100010001ull;
    case 6:
        if (!(cmode & 1))
            return ((i << 8) | 0xff) * 0x0000000100000001ull;
        return ((i << 16) | 0xffff) * 0x0000000100000001ull;
    default:
        if (!(cmode & 1)) {
            if (!op)
                return i * 0x0101010101010101ull;
            uint64_t r = 0;
            for (unsigned b = 0; b < 8; b++)
                if (imm8 & (1u << b))
                    r |= 0xffull << (8 * b);
            return r;
        }
        if (!op)
            return vp_vfp_expand(imm8, 32) * 0x0000000100000001ull;
        return vp_vfp_expand(imm8, 64);
    }
}

typedef enum VpImmOp { VP_IMM_MOV, VP_IMM_MVN, VP_IMM_ORR, VP_IMM_BIC } VpImmOp;

static bool do_modimm(DisasContext *s, const arg_sp_modimm *a, VpImmOp kind, bool valid)
{
    VP_GATE(s, valid);
    uint64_t imm = vp_expand_imm(a->op, a->cmode, a->imm);
    IrValue lo, hi;

    switch (kind) {
    case VP_IMM_MOV:
        lo = hi = vp_k(s, imm);
        break;
    case VP_IMM_MVN:
        lo = hi = vp_k(s, ~imm);
        break;
    case VP_IMM_ORR:
        lo = vp_bin(s, IR_OR, vp_get(s, a->rd, 0), vp_k(s, imm));
        hi = a->q ? vp_bin(s, IR_OR, vp_get(s, a->rd, 1), vp_k(s, imm)) : IR_NONE;
        break;
    default:
        lo = vp_andk(s, vp_get(s, a->rd, 0), ~imm);
        hi = a->q ? vp_andk(s, vp_get(s, a->rd, 1), ~imm) : IR_NONE;
        break;
    }
    vp_write(s, a->rd, lo, hi, a->q);
    return true;
}

#define TRANS_MODIMM(NAME, KIND, VALID)                             \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_modimm(s, a, KIND, VALID);                        \
    }

TRANS_MODIMM(MOVI_s32, VP_IMM_MOV, true)
TRANS_MODIMM(MOVI_s16, VP_IMM_MOV, true)
TRANS_MODIMM(MOVI_msl, VP_IMM_MOV, true)
TRANS_MODIMM(MOVI_b, VP_IMM_MOV, true)
TRANS_MODIMM(MOVI_d, VP_IMM_MOV, true)          /* Q == 0: MOVI Dd, #imm */
TRANS_MODIMM(FMOV_vs, VP_IMM_MOV, true)
TRANS_MODIMM(FMOV_vd, VP_IMM_MOV, a->q)         /* Q == 0 reserved */
TRANS_MODIMM(MVNI_s32, VP_IMM_MVN, true)
TRANS_MODIMM(MVNI_s16, VP_IMM_MVN, true)
TRANS_MODIMM(MVNI_msl, VP_IMM_MVN, true)
TRANS_MODIMM(ORR_vi32, VP_IMM_ORR, true)
TRANS_MODIMM(ORR_vi16, VP_IMM_ORR, true)
TRANS_MODIMM(BIC_vi32, VP_IMM_BIC, true)
TRANS_MODIMM(BIC_vi16, VP_IMM_BIC, true)

/* FMOV (vector, immediate) half precision (FEAT_FP16), o2 == 1. */
bool trans_FMOV_vh(DisasContext *s, arg_FMOV_vh *a)
{
    VP_GATE(s, vp_have_fp16(s));
    IrValue d = vp_k(s, vp_vfp_expand(a->imm, 16) * 0x0001000100010001ull);
    vp_write(s, a->rd, d, d, a->q);
    return true;
}

/* ---- EXT ---------------------------------------------------------------- */

/* EXT: bytes imm4.. of the concatenation Vm:Vn (Vn lowest). Q == 0 uses
 * the low halves only; imm4<3> == 1 is then reserved. */
bool trans_EXT(DisasContext *s, arg_EXT *a)
{
    VP_GATE(s, a->q || a->imm4 < 8);
    unsigned pos = (unsigned)a->imm4 * 8;

    if (!a->q) {
        IrValue n = vp_get(s, a->rn, 0);
        IrValue r = n;
        if (pos)
            r = vp_bin(s, IR_OR, vp_shr(s, n, pos), vp_shl(s, vp_get(s, a->rm, 0), 64 - pos));
        vp_write(s, a->rd, r, IR_NONE, false);
        return true;
    }
    IrValue src[4] = {vp_get(s, a->rn, 0), vp_get(s, a->rn, 1), vp_get(s, a->rm, 0),
                      vp_get(s, a->rm, 1)};
    IrValue out[2];
    for (unsigned h = 0; h < 2; h++) {
        unsigned bit = pos + 64 * h, w = bit / 64, sh = bit % 64;
        out[h] = sh == 0 ? src[w]
                         : vp_bin(s, IR_OR, vp_shr(s, src[w], sh), vp_shl(s, src[w + 1], 64 - sh));
    }
    vp_write(s, a->rd, out[0], out[1], true);
    return true;
}

/* ---- TBL, TBX ------------------------------------------------------------- */

/* The helper works in place on cpu->v; desc packs the register numbers
 * (helper_simd_perm.c documents the layout). */
static bool do_tbl(DisasContext *s, const arg_sp_tbl *a, bool tbx)
{
    VP_GATE(s, true);
    uint64_t desc = (uint64_t)a->rd | (uint64_t)a->rn << 5 | (uint64_t)a->rm << 10 |
                    (uint64_t)a->len << 15 | (uint64_t)a->q << 17 | (uint64_t)tbx << 18;
    ir_call(s->b, HELPER_simd_tbl, vp_k(s, desc), IR_NONE, IR_NONE, IR_NONE);
    return true;
}

bool trans_TBL(DisasContext *s, arg_TBL *a)
{
    return do_tbl(s, a, false);
}

bool trans_TBX(DisasContext *s, arg_TBX *a)
{
    return do_tbl(s, a, true);
}

/* ---- ZIP, UZP, TRN -------------------------------------------------------
 * Within a 64-bit half, elements of ebits move with shift-and-mask steps:
 *  spread: the elements of a 32-bit value to every other slot (element i to
 *          slot 2i), by halving steps (x | x << w) & even_mask(w), w = 16..ebits;
 *  gather: the inverse (even slots to a packed 32-bit value). */

static IrValue vp_spread(DisasContext *s, IrValue x32, unsigned ebits)
{
    for (unsigned w = 16; w >= ebits; w >>= 1)
        x32 = vp_andk(s, vp_bin(s, IR_OR, x32, vp_shl(s, x32, w)), vp_even_mask(w));
    return x32;
}

static IrValue vp_gather(DisasContext *s, IrValue x, unsigned ebits)
{
    x = vp_andk(s, x, vp_even_mask(ebits));
    for (unsigned w = ebits; w <= 16; w <<= 1)
        x = vp_andk(s, vp_bin(s, IR_OR, x, vp_shr(s, x, w)), vp_even_mask(2 * w));
    return x;
}

typedef enum VpPerm { VP_ZIP, VP_UZP, VP_TRN } VpPerm;

static bool do_perm(DisasContext *s, const arg_sp_rrr *a, VpPerm kind, unsigned part)
{
    VP_GATE(s, !(a->size == 3 && !a->q));
    unsigned ebits = 8u << a->size;
    unsigned nh = a->q ? 2 : 1;
    IrValue n[2], m[2], out[2] = {IR_NONE, IR_NONE};

    if (ebits == 64) {
        /* .2D: all three pick element `part` of each source */
        vp_write(s, a->rd, vp_get(s, a->rn, part), vp_get(s, a->rm, part), true);
        return true;
    }
    if (kind != VP_TRN && ebits < 32) {
        /* 8/16-bit ZIP/UZP: one helper call beats the shift networks */
        uint64_t desc = (uint64_t)a->rd | (uint64_t)a->rn << 5 | (uint64_t)a->rm << 10 |
                        (uint64_t)a->size << 15 | (uint64_t)a->q << 17 |
                        (uint64_t)((kind == VP_UZP ? 2 : 0) | part) << 18;
        ir_call(s->b, HELPER_simd_zipuzp, vp_k(s, desc), IR_NONE, IR_NONE, IR_NONE);
        return true;
    }
    for (unsigned h = 0; h < nh; h++) {
        n[h] = vp_get(s, a->rn, h);
        m[h] = vp_get(s, a->rm, h);
    }
    switch (kind) {
    case VP_TRN: {
        /* TRN1: even lanes from Vn, odd lanes from Vm's even lanes;
         * TRN2: Vn's odd lanes to even lanes, Vm's odd lanes stay. */
        uint64_t ev = vp_even_mask(ebits);
        for (unsigned h = 0; h < nh; h++) {
            IrValue x = part ? vp_andk(s, vp_shr(s, n[h], ebits), ev) : vp_andk(s, n[h], ev);
            IrValue y = part ? vp_andk(s, m[h], ~ev) : vp_andk(s, vp_shl(s, m[h], ebits), ~ev);
            out[h] = vp_bin(s, IR_OR, x, y);
        }
        break;
    }
    case VP_ZIP: {
        /* Interleave the lower (ZIP1) or upper (ZIP2) halves of the
         * element vectors: with Q == 1 those are whole 64-bit halves, each
         * output half taking 32 bits of each source; with Q == 0, 32 bits. */
        for (unsigned h = 0; h < nh; h++) {
            IrValue sn, sm;
            if (a->q) {
                sn = vp_shr(s, n[part], 32 * h);
                sm = vp_shr(s, m[part], 32 * h);
            } else {
                sn = vp_shr(s, n[0], 32 * part);
                sm = vp_shr(s, m[0], 32 * part);
            }
            if (!(a->q ? h == 1 : part == 1)) {
                sn = ir_zext(s->b, IR_I64, sn, 32);
                sm = ir_zext(s->b, IR_I64, sm, 32);
            }
            out[h] = vp_bin(s, IR_OR, vp_spread(s, sn, ebits),
                            vp_shl(s, vp_spread(s, sm, ebits), ebits));
        }
        break;
    }
    default: {
        /* UZP1: even elements of Vn:Vm (Vn lowest), UZP2: odd ones. */
        IrValue g[4];
        unsigned ng = 0;
        for (unsigned h = 0; h < nh; h++)
            g[ng++] = vp_gather(s, vp_shr(s, n[h], part * ebits), ebits);
        for (unsigned h = 0; h < nh; h++)
            g[ng++] = vp_gather(s, vp_shr(s, m[h], part * ebits), ebits);
        for (unsigned h = 0; h < nh; h++)
            out[h] = vp_bin(s, IR_OR, g[2 * h], vp_shl(s, g[2 * h + 1], 32));
        break;
    }
    }
    vp_write(s, a->rd, out[0], out[1], a->q);
    return true;
}

bool trans_ZIP1(DisasContext *s, arg_ZIP1 *a)
{
    return do_perm(s, a, VP_ZIP, 0);
}

bool trans_ZIP2(DisasContext *s, arg_ZIP2 *a)
{
    return do_perm(s, a, VP_ZIP, 1);
}

bool trans_UZP1(DisasContext *s, arg_UZP1 *a)
{
    return do_perm(s, a, VP_UZP, 0);
}

bool trans_UZP2(DisasContext *s, arg_UZP2 *a)
{
    return do_perm(s, a, VP_UZP, 1);
}

bool trans_TRN1(DisasContext *s, arg_TRN1 *a)
{
    return do_perm(s, a, VP_TRN, 0);
}

bool trans_TRN2(DisasContext *s, arg_TRN2 *a)
{
    return do_perm(s, a, VP_TRN, 1);
}

/* ---- two-register misc: REV*, CNT, NOT, RBIT -------------------------------- */

/* Apply fn to each half of Vn and write Vd (Q == 0: low half only). */
typedef IrValue (*VpUnary)(DisasContext *s, IrValue x, unsigned arg);

static void vp_map(DisasContext *s, const arg_sp_rr *a, VpUnary fn, unsigned arg)
{
    IrValue lo = vp_get(s, a->rn, 0);
    IrValue hi = a->q ? vp_get(s, a->rn, 1) : IR_NONE;
    lo = fn(s, lo, arg);
    if (a->q)
        hi = fn(s, hi, arg);
    vp_write(s, a->rd, lo, hi, a->q);
}

/* Reverse the order of ebits elements inside each container of cbits
 * (arg = cbits << 8 | ebits): swap adjacent groups of w bits for
 * w = cbits/2 .. ebits. */
static IrValue vp_rev(DisasContext *s, IrValue x, unsigned arg)
{
    unsigned cbits = arg >> 8, ebits = arg & 0xff;

    /* shortcuts: a byte swap reverses bytes in 64 bits, a rotation by 32
     * swaps the words */
    if (cbits == 64 && ebits == 32)
        return vp_bin(s, IR_ROR, x, vp_k(s, 32));
    if (cbits == 64 ? ebits <= 16 : cbits == 32 && ebits == 8) {
        x = ir_unop(s->b, IR_BSWAP, IR_I64, x);
        if (cbits == 32)
            x = vp_bin(s, IR_ROR, x, vp_k(s, 32));   /* words back in place */
        cbits = 16;                                   /* bytes of each H swapped */
        if (ebits == 8)
            return x;
        ebits = 8;
    }
    for (unsigned w = cbits / 2; w >= ebits; w >>= 1) {
        uint64_t ev = vp_even_mask(w);
        x = vp_bin(s, IR_OR, vp_andk(s, vp_shr(s, x, w), ev), vp_shl(s, vp_andk(s, x, ev), w));
    }
    return x;
}

static bool do_rev(DisasContext *s, const arg_sp_rr *a, unsigned cbits)
{
    unsigned ebits = 8u << a->size;

    VP_GATE(s, ebits < cbits);
    vp_map(s, a, vp_rev, cbits << 8 | ebits);
    return true;
}

bool trans_REV64_v(DisasContext *s, arg_REV64_v *a)
{
    return do_rev(s, a, 64);
}

bool trans_REV32_v(DisasContext *s, arg_REV32_v *a)
{
    return do_rev(s, a, 32);
}

bool trans_REV16_v(DisasContext *s, arg_REV16_v *a)
{
    return do_rev(s, a, 16);
}

/* Population count of each byte. */
static IrValue vp_cnt8(DisasContext *s, IrValue x, unsigned arg)
{
    (void)arg;
    x = vp_bin(s, IR_SUB, x, vp_andk(s, vp_shr(s, x, 1), 0x5555555555555555ull));
    x = vp_bin(s, IR_ADD, vp_andk(s, x, 0x3333333333333333ull),
               vp_andk(s, vp_shr(s, x, 2), 0x3333333333333333ull));
    return vp_andk(s, vp_bin(s, IR_ADD, x, vp_shr(s, x, 4)), 0x0f0f0f0f0f0f0f0full);
}

/* CNT: bytes only (size != 0 reserved). The Q == 0 form (the popcount
 * idiom) stays in IR; the 128-bit one is a helper call. */
bool trans_CNT_v(DisasContext *s, arg_CNT_v *a)
{
    VP_GATE(s, a->size == 0);
    if (a->q) {
        uint64_t desc = (uint64_t)a->rd | (uint64_t)a->rn << 5 | 1ull << 17;
        ir_call(s->b, HELPER_simd_cnt, vp_k(s, desc), IR_NONE, IR_NONE, IR_NONE);
        return true;
    }
    vp_map(s, a, vp_cnt8, 0);
    return true;
}

static IrValue vp_not(DisasContext *s, IrValue x, unsigned arg)
{
    (void)arg;
    return ir_unop(s->b, IR_NOT, IR_I64, x);
}

bool trans_NOT_v(DisasContext *s, arg_NOT_v *a)
{
    VP_GATE(s, true);
    vp_map(s, a, vp_not, 0);
    return true;
}

/* Bit-reverse each byte: reverse all 64 bits, then put the bytes back. */
static IrValue vp_rbit8(DisasContext *s, IrValue x, unsigned arg)
{
    (void)arg;
    return ir_unop(s->b, IR_BSWAP, IR_I64, ir_unop(s->b, IR_RBIT, IR_I64, x));
}

bool trans_RBIT_v(DisasContext *s, arg_RBIT_v *a)
{
    VP_GATE(s, true);
    vp_map(s, a, vp_rbit8, 0);
    return true;
}

/* ---- three same, logical ------------------------------------------------- */

typedef enum VpLogic {
    VP_AND, VP_BIC, VP_ORR, VP_ORN, VP_EOR, VP_BSL, VP_BIT, VP_BIF
} VpLogic;

static bool do_logic(DisasContext *s, const arg_sp_rrr *a, VpLogic kind)
{
    VP_GATE(s, true);
    unsigned nh = a->q ? 2 : 1;
    IrValue out[2] = {IR_NONE, IR_NONE};

    for (unsigned h = 0; h < nh; h++) {
        IrValue n = vp_get(s, a->rn, h), m = vp_get(s, a->rm, h), d;
        switch (kind) {
        case VP_AND: out[h] = vp_bin(s, IR_AND, n, m); break;
        case VP_BIC: out[h] = vp_bin(s, IR_ANDN, n, m); break;
        case VP_ORR: out[h] = vp_bin(s, IR_OR, n, m); break;
        case VP_ORN: out[h] = vp_bin(s, IR_ORN, n, m); break;
        case VP_EOR: out[h] = vp_bin(s, IR_XOR, n, m); break;
        case VP_BSL:
            /* Vd selects: 1 -> Vn, 0 -> Vm */
            d = vp_get(s, a->rd, h);
            out[h] = vp_bin(s, IR_XOR, m, vp_bin(s, IR_AND, vp_bin(s, IR_XOR, n, m), d));
            break;
        case VP_BIT:
            /* insert Vn's bits where Vm is 1 */
            d = vp_get(s, a->rd, h);
            out[h] = vp_bin(s, IR_XOR, d, vp_bin(s, IR_AND, vp_bin(s, IR_XOR, d, n), m));
            break;
        default:
            /* BIF: insert Vn's bits where Vm is 0 */
            d = vp_get(s, a->rd, h);
            out[h] = vp_bin(s, IR_XOR, d, vp_bin(s, IR_ANDN, vp_bin(s, IR_XOR, d, n), m));
            break;
        }
    }
    vp_write(s, a->rd, out[0], out[1], a->q);
    return true;
}

#define TRANS_LOGIC(NAME, KIND)                                     \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return do_logic(s, a, KIND);                                \
    }

TRANS_LOGIC(AND_v, VP_AND)
TRANS_LOGIC(BIC_v, VP_BIC)
TRANS_LOGIC(ORR_v, VP_ORR)
TRANS_LOGIC(ORN_v, VP_ORN)
TRANS_LOGIC(EOR_v, VP_EOR)
TRANS_LOGIC(BSL_v, VP_BSL)
TRANS_LOGIC(BIT_v, VP_BIT)
TRANS_LOGIC(BIF_v, VP_BIF)

/* ---- FMOV (general) and FMOV (register) -----------------------------------
 * Pure bit moves: no FP exception, no FPCR effect. A write to an H/S/D
 * register zeroes the rest of the V register; FMOV Vd.D[1], Xn keeps the
 * low half. */

/* FP register (low fbits of V[rn]) to a general register, zero-extended. */
static bool do_fmov_to_gen(DisasContext *s, const arg_sp_fmov *a, unsigned fbits,
                           unsigned half, bool valid)
{
    VP_GATE(s, valid);
    IrValue v = vp_get(s, a->rn, half);
    if (fbits < 64)
        v = ir_extract(s->b, IR_I64, v, 0, fbits);
    a64_write_xreg(s, a->rd, v);
    return true;
}

/* General register to an FP register of fbits (zeroing the rest). */
static bool do_fmov_from_gen(DisasContext *s, const arg_sp_fmov *a, unsigned fbits, bool valid)
{
    VP_GATE(s, valid);
    IrValue x = a64_read_xreg(s, a->rn);
    if (fbits < 64)
        x = ir_extract(s->b, IR_I64, x, 0, fbits);
    vp_write(s, a->rd, x, IR_NONE, false);
    return true;
}

bool trans_FMOV_wh(DisasContext *s, arg_FMOV_wh *a)
{
    return do_fmov_to_gen(s, a, 16, 0, vp_have_fp16(s));
}

bool trans_FMOV_xh(DisasContext *s, arg_FMOV_xh *a)
{
    return do_fmov_to_gen(s, a, 16, 0, vp_have_fp16(s));
}

bool trans_FMOV_ws(DisasContext *s, arg_FMOV_ws *a)
{
    return do_fmov_to_gen(s, a, 32, 0, true);
}

bool trans_FMOV_xd(DisasContext *s, arg_FMOV_xd *a)
{
    return do_fmov_to_gen(s, a, 64, 0, true);
}

/* FMOV Xd, Vn.D[1] */
bool trans_FMOV_xd1(DisasContext *s, arg_FMOV_xd1 *a)
{
    return do_fmov_to_gen(s, a, 64, 1, true);
}

bool trans_FMOV_hw(DisasContext *s, arg_FMOV_hw *a)
{
    return do_fmov_from_gen(s, a, 16, vp_have_fp16(s));
}

bool trans_FMOV_hx(DisasContext *s, arg_FMOV_hx *a)
{
    return do_fmov_from_gen(s, a, 16, vp_have_fp16(s));
}

bool trans_FMOV_sw(DisasContext *s, arg_FMOV_sw *a)
{
    return do_fmov_from_gen(s, a, 32, true);
}

bool trans_FMOV_dx(DisasContext *s, arg_FMOV_dx *a)
{
    return do_fmov_from_gen(s, a, 64, true);
}

/* FMOV Vd.D[1], Xn: only the top half is written. */
bool trans_FMOV_d1x(DisasContext *s, arg_FMOV_d1x *a)
{
    VP_GATE(s, true);
    vp_set(s, a->rd, 1, a64_read_xreg(s, a->rn));
    return true;
}

/* FMOV (register): copy the low fbits, zero the rest. */
static bool do_fmov_rr(DisasContext *s, const arg_sp_fmov *a, unsigned fbits, bool valid)
{
    VP_GATE(s, valid);
    IrValue v = vp_get(s, a->rn, 0);
    if (fbits < 64)
        v = ir_extract(s->b, IR_I64, v, 0, fbits);
    vp_write(s, a->rd, v, IR_NONE, false);
    return true;
}

bool trans_FMOV_rr_s(DisasContext *s, arg_FMOV_rr_s *a)
{
    return do_fmov_rr(s, a, 32, true);
}

bool trans_FMOV_rr_d(DisasContext *s, arg_FMOV_rr_d *a)
{
    return do_fmov_rr(s, a, 64, true);
}

bool trans_FMOV_rr_h(DisasContext *s, arg_FMOV_rr_h *a)
{
    return do_fmov_rr(s, a, 16, vp_have_fp16(s));
}
