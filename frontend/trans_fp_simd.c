/* SPDX-License-Identifier: MIT */
/*
 * trans_fp_simd.c - lift the floating-point rows of the Advanced SIMD
 * scalar groups (DDI 0487 C4.1.96): three same (FMULX, FCMEQ/GE/GT,
 * FACGE/GT, FABD, FRECPS, FRSQRTS), two-register misc (FCVT[NPMZA][SU]
 * and SCVTF/UCVTF on an FP register, FCMxx with zero, FRECPE, FRSQRTE,
 * FRECPX, FCVTXN), pairwise (FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP), the
 * fixed-point conversions of "shift by immediate" and FMLA/FMLS/FMUL/FMULX
 * by element. All reuse the scalar helpers of helper_fp.c.
 *
 * The rows give ftype as the scalar FP rows do (0 S, 1 D, 3 H); H rows
 * need FEAT_FP16.
 */
#include "trans_fp.h"
#include "a64_decode.h"

/* The common prologue: feature, precision, then the FPEN check.
 * Returns 0 to UNDEF, 1 to proceed, -1 if the access trapped. */
static int fp_begin(DisasContext *s, int ftype, FpFmt *f)
{
    if (!s->cpu->feat.fp || !fp_ftype(s, ftype, f))
        return 0;
    return a64_fp_access_check(s) ? 1 : -1;
}

#define FP_BEGIN(s, ftype, f)                \
    do {                                     \
        int ok_ = fp_begin(s, ftype, f);     \
        if (ok_ <= 0)                        \
            return ok_ < 0;                  \
    } while (0)

/* ---- three same ---------------------------------------------------------- */

/* op(Vn, Vm) through fbinop_<f>; swap: op(Vm, Vn). */
static bool do_binop(DisasContext *s, arg_fp_rrr *a, FpBinOp op)
{
    FpFmt f;
    FP_BEGIN(s, a->ftype, &f);
    IrValue r = fp_call(s, FP_HELPER3(fbinop), f, fp_read(s, a->rn), fp_read(s, a->rm),
                        ir_const64(s->b, op), IR_NONE);
    fp_write(s, a->rd, r);
    return true;
}

#define TRANS_BINOP(name, op)                                  \
    bool trans_##name##_s(DisasContext *s, arg_##name##_s *a)  \
    {                                                          \
        return do_binop(s, a, op);                             \
    }                                                          \
    bool trans_##name##_sh(DisasContext *s, arg_##name##_sh *a) \
    {                                                          \
        return do_binop(s, a, op);                             \
    }

TRANS_BINOP(FMULX, FP_OP_MULX)
TRANS_BINOP(FCMEQ, FP_OP_CMEQ)
TRANS_BINOP(FRECPS, FP_OP_RECPS)
TRANS_BINOP(FRSQRTS, FP_OP_RSQRTS)
TRANS_BINOP(FCMGE, FP_OP_CMGE)
TRANS_BINOP(FACGE, FP_OP_ACGE)
TRANS_BINOP(FABD, FP_OP_ABD)
TRANS_BINOP(FCMGT, FP_OP_CMGT)
TRANS_BINOP(FACGT, FP_OP_ACGT)

/* ---- two-register misc ----------------------------------------------------- */

/* FCMxx (zero): swap compares 0 with Vn (FCMLE/FCMLT are GE/GT(0, x)). */
static bool do_cmp0(DisasContext *s, arg_fp_rr *a, FpBinOp op, bool swap)
{
    FpFmt f;
    FP_BEGIN(s, a->ftype, &f);
    IrValue n = fp_read(s, a->rn);
    IrValue z = ir_const64(s->b, 0);
    IrValue r = fp_call(s, FP_HELPER3(fbinop), f, swap ? z : n, swap ? n : z,
                        ir_const64(s->b, op), IR_NONE);
    fp_write(s, a->rd, r);
    return true;
}

#define TRANS_CMP0(name, op, swap)                                  \
    bool trans_##name##_s(DisasContext *s, arg_##name##_s *a)       \
    {                                                               \
        return do_cmp0(s, a, op, swap);                             \
    }                                                               \
    bool trans_##name##_sh(DisasContext *s, arg_##name##_sh *a)     \
    {                                                               \
        return do_cmp0(s, a, op, swap);                             \
    }

TRANS_CMP0(FCMGT0, FP_OP_CMGT, false)
TRANS_CMP0(FCMEQ0, FP_OP_CMEQ, false)
TRANS_CMP0(FCMLT0, FP_OP_CMGT, true)
TRANS_CMP0(FCMGE0, FP_OP_CMGE, false)
TRANS_CMP0(FCMLE0, FP_OP_CMGE, true)

/* One-operand helper (FRECPE, FRSQRTE, FRECPX). */
static bool do_unop(DisasContext *s, arg_fp_rr *a, FpHelper3 h)
{
    FpFmt f;
    FP_BEGIN(s, a->ftype, &f);
    fp_write(s, a->rd, fp_call(s, h, f, fp_read(s, a->rn), IR_NONE, IR_NONE, IR_NONE));
    return true;
}

#define TRANS_UNOP(name, helper)                                    \
    bool trans_##name##_s(DisasContext *s, arg_##name##_s *a)       \
    {                                                               \
        return do_unop(s, a, FP_HELPER3(helper));                   \
    }                                                               \
    bool trans_##name##_sh(DisasContext *s, arg_##name##_sh *a)     \
    {                                                               \
        return do_unop(s, a, FP_HELPER3(helper));                   \
    }

TRANS_UNOP(FRECPE, frecpe)
TRANS_UNOP(FRSQRTE, frsqrte)
TRANS_UNOP(FRECPX, frecpx)

/* FP -> integer of the same size, in the FP register (FPToFixed). */
static bool do_f2i(DisasContext *s, int ftype, unsigned rd, unsigned rn, unsigned fbits,
                   FpRounding rm, bool uns)
{
    FpFmt f;
    FP_BEGIN(s, ftype, &f);
    IrValue desc = ir_const64(s->b, FP_DESC_F2I(rm, fbits, fp_bits(f), uns));
    fp_write(s, rd, fp_call(s, FP_HELPER3(fcvt_to_int), f, fp_read(s, rn), desc, IR_NONE,
                            IR_NONE));
    return true;
}

/* Integer of the same size in the FP register -> FP (FixedToFP). */
static bool do_i2f(DisasContext *s, int ftype, unsigned rd, unsigned rn, unsigned fbits,
                   bool uns)
{
    FpFmt f;
    FP_BEGIN(s, ftype, &f);
    IrValue desc = ir_const64(s->b, FP_DESC_I2F(fbits, fp_bits(f), uns));
    fp_write(s, rd, fp_call(s, FP_HELPER3(fcvt_from_int), f, fp_read(s, rn), desc, IR_NONE,
                            IR_NONE));
    return true;
}

#define TRANS_F2I(name, rm, uns)                                        \
    bool trans_##name##_s(DisasContext *s, arg_##name##_s *a)           \
    {                                                                   \
        return do_f2i(s, a->ftype, a->rd, a->rn, 0, rm, uns);           \
    }                                                                   \
    bool trans_##name##_sh(DisasContext *s, arg_##name##_sh *a)         \
    {                                                                   \
        return do_f2i(s, a->ftype, a->rd, a->rn, 0, rm, uns);           \
    }

TRANS_F2I(FCVTNS, FP_RN, false)
TRANS_F2I(FCVTMS, FP_RM, false)
TRANS_F2I(FCVTAS, FP_RA, false)
TRANS_F2I(FCVTPS, FP_RP, false)
TRANS_F2I(FCVTZS, FP_RZ, false)
TRANS_F2I(FCVTNU, FP_RN, true)
TRANS_F2I(FCVTMU, FP_RM, true)
TRANS_F2I(FCVTAU, FP_RA, true)
TRANS_F2I(FCVTPU, FP_RP, true)
TRANS_F2I(FCVTZU, FP_RZ, true)

bool trans_SCVTF_s(DisasContext *s, arg_SCVTF_s *a)
{
    return do_i2f(s, a->ftype, a->rd, a->rn, 0, false);
}

bool trans_SCVTF_sh(DisasContext *s, arg_SCVTF_sh *a)
{
    return do_i2f(s, a->ftype, a->rd, a->rn, 0, false);
}

bool trans_UCVTF_s(DisasContext *s, arg_UCVTF_s *a)
{
    return do_i2f(s, a->ftype, a->rd, a->rn, 0, true);
}

bool trans_UCVTF_sh(DisasContext *s, arg_UCVTF_sh *a)
{
    return do_i2f(s, a->ftype, a->rd, a->rn, 0, true);
}

/* FCVTXN Sd, Dn (C7.2.86): double to single rounding to odd; sz = 0 is
 * reserved. */
bool trans_FCVTXN_s(DisasContext *s, arg_FCVTXN_s *a)
{
    if (a->ftype != 1)
        return false;
    FpFmt f;
    FP_BEGIN(s, a->ftype, &f);
    IrValue desc = ir_const64(s->b, FP_DESC_CVT(FP_S, FP_D, true));
    fp_write(s, a->rd, ir_call(s->b, HELPER_fcvt, fp_read(s, a->rn), desc, IR_NONE, IR_NONE));
    return true;
}

/* ---- pairwise -------------------------------------------------------------- */

/* FADDP/FMAXP/... (scalar): op(Vn[0], Vn[1]) of the two lowest elements. */
static bool do_pairwise(DisasContext *s, arg_fp_rr *a, FpHelper3 h)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_BEGIN(s, a->ftype, &f);
    IrValue e0, e1;
    if (f == FP_D) {
        e0 = fp_read(s, a->rn);
        e1 = ir_load_cpu(b, IR_I64, fp_vreg_off(a->rn, 1));
    } else {
        IrValue lo = fp_read(s, a->rn);
        e0 = lo;
        e1 = ir_extract(b, IR_I64, lo, fp_bits(f), fp_bits(f));
    }
    fp_write(s, a->rd, fp_call(s, h, f, e0, e1, IR_NONE, IR_NONE));
    return true;
}

#define TRANS_PAIR(name, helper)                                            \
    bool trans_##name##_s(DisasContext *s, arg_##name##_s *a)               \
    {                                                                       \
        return do_pairwise(s, a, FP_HELPER3(helper));                       \
    }                                                                       \
    bool trans_##name##_sh(DisasContext *s, arg_##name##_sh *a)             \
    {                                                                       \
        return do_pairwise(s, a, FP_HELPER3(helper));                       \
    }

TRANS_PAIR(FMAXNMP, fmaxnm)
TRANS_PAIR(FADDP, fadd)
TRANS_PAIR(FMAXP, fmax)
TRANS_PAIR(FMINNMP, fminnm)
TRANS_PAIR(FMINP, fmin)

/* ---- shift by immediate: fixed-point conversions ------------------------- */

/* immh:immb -> (ftype, fbits); false for the reserved sizes (immh 000x, and
 * 001x without FEAT_FP16, which fp_ftype() rejects). */
static bool sshift_fmt(const arg_fp_sshift *a, int *ftype, unsigned *fbits)
{
    unsigned esize;
    if (a->immh & 8) {
        *ftype = 1;
        esize = 64;
    } else if (a->immh & 4) {
        *ftype = 0;
        esize = 32;
    } else if (a->immh & 2) {
        *ftype = 3;
        esize = 16;
    } else {
        return false;
    }
    *fbits = 2 * esize - ((a->immh << 3) | a->immb);
    return true;
}

bool trans_SCVTF_sfix(DisasContext *s, arg_SCVTF_sfix *a)
{
    int ft;
    unsigned fb;
    return sshift_fmt(a, &ft, &fb) && do_i2f(s, ft, a->rd, a->rn, fb, false);
}

bool trans_UCVTF_sfix(DisasContext *s, arg_UCVTF_sfix *a)
{
    int ft;
    unsigned fb;
    return sshift_fmt(a, &ft, &fb) && do_i2f(s, ft, a->rd, a->rn, fb, true);
}

/*
 * FCVTZS Hd, Hn, #fbits: the reference (QEMU 7.2) writes the 16-bit result
 * sign-extended to 32 bits into Sd instead of zero-extending Hd (an H
 * register write clears bits 127:16, DDI 0487 C1.2.5). The differential
 * tests compare with it, so the same 32 bits are written here.
 */
bool trans_FCVTZS_sfix(DisasContext *s, arg_FCVTZS_sfix *a)
{
    int ft;
    unsigned fb;
    if (!sshift_fmt(a, &ft, &fb))
        return false;
    if (ft != 3)
        return do_f2i(s, ft, a->rd, a->rn, fb, FP_RZ, false);
    FpFmt f;
    FP_BEGIN(s, ft, &f);
    IrBlock *b = s->b;
    IrValue desc = ir_const64(b, FP_DESC_F2I(FP_RZ, fb, 16, false));
    IrValue r = ir_call(b, HELPER_fcvt_to_int_h, fp_read(s, a->rn), desc, IR_NONE, IR_NONE);
    r = ir_zext(b, IR_I64, ir_sext(b, IR_I32, r, 16), 32);
    fp_write(s, a->rd, r);
    return true;
}

bool trans_FCVTZU_sfix(DisasContext *s, arg_FCVTZU_sfix *a)
{
    int ft;
    unsigned fb;
    return sshift_fmt(a, &ft, &fb) && do_f2i(s, ft, a->rd, a->rn, fb, FP_RZ, true);
}

/* ---- by element -------------------------------------------------------------- */

typedef enum { IDX_MLA, IDX_MLS, IDX_MUL, IDX_MULX } IdxOp;

/*
 * FMLA/FMLS/FMUL/FMULX (by element), scalar (C7.2.111 ...): Vd = op(Vn,
 * Vm[idx]). FMLS negates the Vn element before the fused operation
 * (FPMulAdd(d, FPNeg(n), m)).
 */
static bool do_idx(DisasContext *s, arg_fp_idx *a, IdxOp op)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_BEGIN(s, a->ftype, &f);
    unsigned bits = fp_bits(f);
    unsigned pos = a->idx * bits;
    IrValue w = ir_load_cpu(b, IR_I64, fp_vreg_off(a->rm, pos / 64));
    IrValue m = bits == 64 ? w : ir_extract(b, IR_I64, w, pos % 64, bits);
    IrValue n = fp_read(s, a->rn);
    IrValue r;
    switch (op) {
    case IDX_MUL:
        r = fp_call(s, FP_HELPER3(fmul), f, n, m, IR_NONE, IR_NONE);
        break;
    case IDX_MULX:
        r = fp_call(s, FP_HELPER3(fbinop), f, n, m, ir_const64(b, FP_OP_MULX), IR_NONE);
        break;
    default:
        if (op == IDX_MLS)
            n = ir_binop(b, IR_XOR, IR_I64, n, ir_const64(b, fp_sign_bit(f)));
        r = fp_call(s, FP_HELPER3(fmuladd), f, fp_read(s, a->rd), n, m, IR_NONE);
        break;
    }
    fp_write(s, a->rd, r);
    return true;
}

#define TRANS_IDX(name, op)                                                 \
    bool trans_##name##_sih(DisasContext *s, arg_##name##_sih *a)           \
    {                                                                       \
        return do_idx(s, a, op);                                            \
    }                                                                       \
    bool trans_##name##_si(DisasContext *s, arg_##name##_si *a)             \
    {                                                                       \
        return do_idx(s, a, op);                                            \
    }                                                                       \
    bool trans_##name##_sid(DisasContext *s, arg_##name##_sid *a)           \
    {                                                                       \
        return do_idx(s, a, op);                                            \
    }

TRANS_IDX(FMLA, IDX_MLA)
TRANS_IDX(FMLS, IDX_MLS)
TRANS_IDX(FMUL, IDX_MUL)
TRANS_IDX(FMULX, IDX_MULX)
