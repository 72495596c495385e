/* SPDX-License-Identifier: MIT */
/*
 * trans_fp.c - lift A64 scalar floating point (DDI 0487 C4.1.96):
 * data-processing with 1, 2 and 3 sources, compare, conditional compare,
 * conditional select and FMOV (immediate). Conversions are in
 * trans_fp_cvt.c, the Advanced SIMD scalar FP rows in trans_fp_simd.c.
 *
 * Arithmetic goes through one helper per operation and precision
 * (helper_fp.c); sign manipulations (FABS, FNEG, the negations of FNMUL
 * and the fused forms) and selects are plain IR, since FPAbs/FPNeg raise
 * nothing and never flush (DDI 0487 shared/functions/float).
 *
 * Order of checks in every trans_: the FP feature, the encoding's reserved
 * values (UNDEFINED, EC 0x00) and only then the CPACR_EL1.FPEN access check,
 * as the decode pseudocode runs before CheckFPAdvSIMDEnabled64().
 */
#include "trans_fp.h"
#include "a64_decode.h"

/* ---- 1 source -------------------------------------------------------- */

/* FABS/FNEG (C7.2.46, C7.2.130): no exceptions, NaNs unchanged. */
static bool do_sign(DisasContext *s, arg_fp_rr *a, bool neg)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    IrValue v = fp_read(s, a->rn);
    if (neg)
        v = ir_binop(b, IR_XOR, IR_I64, v, ir_const64(b, fp_sign_bit(f)));
    v = ir_binop(b, IR_AND, IR_I64, v, ir_const64(b, fp_mask(f) >> (neg ? 0 : 1)));
    fp_write(s, a->rd, v);
    return true;
}

FP_TRANS(FABS_s, do_sign, false)
FP_TRANS(FNEG_s, do_sign, true)

bool trans_FSQRT_s(DisasContext *s, arg_FSQRT_s *a)
{
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    IrValue r = fp_call(s, FP_HELPER3(fsqrt), f, fp_read(s, a->rn), IR_NONE, IR_NONE, IR_NONE);
    fp_write(s, a->rd, r);
    return true;
}

/*
 * FCVT (C7.2.69) between half, single and double: ftype is the source,
 * opc the destination (same encoding). Half needs no FEAT_FP16 here (the
 * conversions are Armv8.0). opc = 10 is BFCVT (its own row, with ftype
 * 01); opc == ftype and ftype = 10 are unallocated.
 */
bool trans_FCVT_s(DisasContext *s, arg_FCVT_s *a)
{
    static const FpFmt fmt[4] = {FP_S, FP_D, 0, FP_H};

    if (!s->cpu->feat.fp || a->ftype == 2 || a->opc == 2 || a->opc == a->ftype)
        return false;
    if (!a64_fp_access_check(s))
        return true;
    IrValue desc = ir_const64(s->b, FP_DESC_CVT(fmt[a->opc], fmt[a->ftype], false));
    IrValue r = ir_call(s->b, HELPER_fcvt, fp_read(s, a->rn), desc, IR_NONE, IR_NONE);
    fp_write(s, a->rd, r);
    return true;
}

/* BFCVT Hd, Sn (C7.2.29, FEAT_BF16): single to BFloat16. */
bool trans_BFCVT(DisasContext *s, arg_BFCVT *a)
{
    if (!s->cpu->feat.fp || !fp_have_bf16(s))
        return false;
    if (!a64_fp_access_check(s))
        return true;
    fp_write(s, a->rd, ir_call(s->b, HELPER_bfcvt, fp_read(s, a->rn), IR_NONE, IR_NONE, IR_NONE));
    return true;
}

/*
 * FRINT<r> (C7.2.155..): round to an integral value in the same format.
 * rm is an FpRounding or FP_DESC_RM_FPCR; intbits 32/64 for FRINT32/64
 * (FEAT_FRINTTS, single and double only).
 */
static bool do_frint(DisasContext *s, arg_fp_rr *a, unsigned rm, bool exact, unsigned intbits)
{
    FpFmt f;

    /* FRINT32/64: single and double only, FEAT_FRINTTS (UNDEFINED
     * otherwise, before the access check) */
    if (intbits && (a->ftype == 3 || !fp_have_frintts(s)))
        return false;
    FP_GATE(s, a->ftype, &f);
    IrValue desc = ir_const64(s->b, FP_DESC_RINT(rm, exact, intbits));
    IrValue r = fp_call(s, FP_HELPER3(frint), f, fp_read(s, a->rn), desc, IR_NONE, IR_NONE);
    fp_write(s, a->rd, r);
    return true;
}

FP_TRANS(FRINTN_s, do_frint, FP_RN, false, 0)
FP_TRANS(FRINTP_s, do_frint, FP_RP, false, 0)
FP_TRANS(FRINTM_s, do_frint, FP_RM, false, 0)
FP_TRANS(FRINTZ_s, do_frint, FP_RZ, false, 0)
FP_TRANS(FRINTA_s, do_frint, FP_RA, false, 0)
FP_TRANS(FRINTX_s, do_frint, FP_DESC_RM_FPCR, true, 0)
FP_TRANS(FRINTI_s, do_frint, FP_DESC_RM_FPCR, false, 0)
FP_TRANS(FRINT32Z_s, do_frint, FP_RZ, false, 32)
FP_TRANS(FRINT32X_s, do_frint, FP_DESC_RM_FPCR, true, 32)
FP_TRANS(FRINT64Z_s, do_frint, FP_RZ, false, 64)
FP_TRANS(FRINT64X_s, do_frint, FP_DESC_RM_FPCR, true, 64)

/* ---- 2 source -------------------------------------------------------- */

/* FNMUL (C7.2.140) is FPNeg(FPMul()): the product is negated after
 * rounding, a NaN result included (default NaN too). */
static bool do_2src(DisasContext *s, arg_fp_rrr *a, FpHelper3 h, bool negate)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    IrValue r = fp_call(s, h, f, fp_read(s, a->rn), fp_read(s, a->rm), IR_NONE, IR_NONE);
    if (negate)
        r = ir_binop(b, IR_XOR, IR_I64, r, ir_const64(b, fp_sign_bit(f)));
    fp_write(s, a->rd, r);
    return true;
}

FP_TRANS(FMUL_s, do_2src, FP_HELPER3(fmul), false)
FP_TRANS(FDIV_s, do_2src, FP_HELPER3(fdiv), false)
FP_TRANS(FADD_s, do_2src, FP_HELPER3(fadd), false)
FP_TRANS(FSUB_s, do_2src, FP_HELPER3(fsub), false)
FP_TRANS(FMAX_s, do_2src, FP_HELPER3(fmax), false)
FP_TRANS(FMIN_s, do_2src, FP_HELPER3(fmin), false)
FP_TRANS(FMAXNM_s, do_2src, FP_HELPER3(fmaxnm), false)
FP_TRANS(FMINNM_s, do_2src, FP_HELPER3(fminnm), false)
FP_TRANS(FNMUL_s, do_2src, FP_HELPER3(fmul), true)

/* ---- 3 source (fused) ------------------------------------------------ */

/*
 * FMADD/FMSUB/FNMADD/FNMSUB (C7.2.92, ...): FPMulAdd(addend, op1, op2)
 * with op1 = -Rn for FMSUB/FNMADD and addend = -Ra for FNMADD/FNMSUB. The
 * pseudocode negates the operands before the operation, so a NaN operand
 * propagates with its sign flipped.
 */
static bool do_3src(DisasContext *s, arg_fp_rrrr *a, bool neg_n, bool neg_a)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    IrValue sign = ir_const64(b, fp_sign_bit(f));
    IrValue n = fp_read(s, a->rn);
    IrValue m = fp_read(s, a->rm);
    IrValue ra = fp_read(s, a->ra);
    if (neg_n)
        n = ir_binop(b, IR_XOR, IR_I64, n, sign);
    if (neg_a)
        ra = ir_binop(b, IR_XOR, IR_I64, ra, sign);
    fp_write(s, a->rd, fp_call(s, FP_HELPER3(fmuladd), f, ra, n, m, IR_NONE));
    return true;
}

FP_TRANS(FMADD, do_3src, false, false)
FP_TRANS(FMSUB, do_3src, true, false)
FP_TRANS(FNMADD, do_3src, true, true)
FP_TRANS(FNMSUB, do_3src, false, true)

/* ---- compare --------------------------------------------------------- */

/*
 * FCMP/FCMPE (C7.2.66/67) and FCCMP/FCCMPE (C7.2.62/63). cond < 0: the
 * unconditional forms. The helper does nothing but return `nzcv` when the
 * condition failed, so FPSR is untouched then. zero: compare with +0.0.
 */
static bool do_fcmp(DisasContext *s, int ftype, unsigned rn, unsigned rm, bool zero,
                    bool signal, int cond, unsigned nzcv)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_GATE(s, ftype, &f);
    IrValue passed;
    if (cond < 0 || cond >= 14)
        passed = ir_const64(b, 1);
    else
        passed = ir_select(b, IR_I64, ir_cond(b, ir_get_nzcv(b), (unsigned)cond),
                           ir_const64(b, 1), ir_const64(b, 0));
    IrValue n = fp_read(s, rn);
    IrValue m = zero ? ir_const64(b, 0) : fp_read(s, rm);
    uint64_t desc = (signal ? FP_DESC_CMP_SIGNAL : 0) | ((uint64_t)(nzcv & 15) << 28);
    IrValue r = fp_call(s, FP_HELPER3(fcmp), f, n, m, passed, ir_const64(b, desc));
    ir_set_nzcv(b, ir_zext(b, IR_I32, r, 32));
    return true;
}

static bool do_fcmp_a(DisasContext *s, arg_fp_cmp *a, bool zero, bool signal)
{
    return do_fcmp(s, a->ftype, a->rn, a->rm, zero, signal, -1, 0);
}

static bool do_fccmp_a(DisasContext *s, arg_fp_ccmp *a, bool signal)
{
    return do_fcmp(s, a->ftype, a->rn, a->rm, false, signal, a->cond, a->nzcv);
}

FP_TRANS(FCMP, do_fcmp_a, false, false)
FP_TRANS(FCMP_zero, do_fcmp_a, true, false)
FP_TRANS(FCMPE, do_fcmp_a, false, true)
FP_TRANS(FCMPE_zero, do_fcmp_a, true, true)
FP_TRANS(FCCMP, do_fccmp_a, false)
FP_TRANS(FCCMPE, do_fccmp_a, true)

/* FCSEL (C7.2.68): a plain select, no FP exceptions. */
bool trans_FCSEL(DisasContext *s, arg_FCSEL *a)
{
    IrBlock *b = s->b;
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    IrValue n = fp_read(s, a->rn);
    IrValue r = n;
    if (a->cond < 14) {
        IrValue c = ir_cond(b, ir_get_nzcv(b), a->cond);
        r = ir_select(b, IR_I64, c, n, fp_read(s, a->rm));
    }
    if (f != FP_D)
        r = ir_binop(b, IR_AND, IR_I64, r, ir_const64(b, fp_mask(f)));
    fp_write(s, a->rd, r);
    return true;
}

/* ---- immediate --------------------------------------------------------- */

/*
 * VFPExpandImm (shared/functions/vector): imm8 = a:b:cdefgh gives sign a,
 * exponent NOT(b):Replicate(b, E-3):cd and fraction efgh:Zeros(F-4).
 */
static uint64_t vfp_expand_imm(FpFmt f, unsigned imm8)
{
    unsigned n = fp_bits(f);
    unsigned e = f == FP_H ? 5 : f == FP_S ? 8 : 11;
    unsigned fr = n - e - 1;
    uint64_t sign = (imm8 >> 7) & 1;
    uint64_t bit6 = (imm8 >> 6) & 1;
    uint64_t exp = ((bit6 ^ 1) << (e - 1)) | ((bit6 ? (1ull << (e - 3)) - 1 : 0) << 2) |
                   ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (fr - 4);
    return (sign << (n - 1)) | (exp << fr) | frac;
}

bool trans_FMOVI_s(DisasContext *s, arg_FMOVI_s *a)
{
    FpFmt f;

    FP_GATE(s, a->ftype, &f);
    fp_write(s, a->rd, ir_const64(s->b, vfp_expand_imm(f, a->imm8)));
    return true;
}
