/* SPDX-License-Identifier: MIT */
/*
 * trans_fp_cvt.c - lift the A64 conversions between floating point and
 * general-register integers (DDI 0487 C4.1.96 "Conversion between
 * floating-point and fixed-point" and "... and integer"): SCVTF, UCVTF,
 * FCVT{N,P,M,Z,A}{S,U} (integer), the fixed-point SCVTF/UCVTF/FCVTZS/
 * FCVTZU, and FJCVTZS (FEAT_JSCVT). FMOV (general) is in
 * trans_simd_perm.c.
 *
 * Register 31 is XZR/WZR on the general-register side. FPToFixed and
 * FixedToFP are in the helpers (saturation, IOC, rounding per FPCR).
 */
#include "trans_fp.h"
#include "a64_decode.h"

/* FP -> general: FPToFixed(Vn, fbits, unsigned, rmode, intbits). The helper
 * returns the integer zero-extended to 64 bits, which is also the W form's
 * register write. */
static bool do_f2i(DisasContext *s, int sf, int ftype, unsigned rd, unsigned rn,
                   unsigned fbits, FpRounding rm, bool uns)
{
    FpFmt f;

    if (!s->cpu->feat.fp || !fp_ftype(s, ftype, &f))
        return false;
    if (!a64_fp_access_check(s))
        return true;
    unsigned intbits = sf ? 64 : 32;
    IrValue desc = ir_const64(s->b, FP_DESC_F2I(rm, fbits, intbits, uns));
    IrValue r = fp_call(s, FP_HELPER3(fcvt_to_int), f, fp_read(s, rn), desc, IR_NONE, IR_NONE);
    a64_write_xreg(s, rd, r);
    return true;
}

/* general -> FP: FixedToFP(Xn/Wn, fbits, unsigned, FPCR rounding). */
static bool do_i2f(DisasContext *s, int sf, int ftype, unsigned rd, unsigned rn,
                   unsigned fbits, bool uns)
{
    FpFmt f;

    if (!s->cpu->feat.fp || !fp_ftype(s, ftype, &f))
        return false;
    if (!a64_fp_access_check(s))
        return true;
    unsigned intbits = sf ? 64 : 32;
    IrValue desc = ir_const64(s->b, FP_DESC_I2F(fbits, intbits, uns));
    IrValue r = fp_call(s, FP_HELPER3(fcvt_from_int), f, a64_read_xreg(s, rn), desc, IR_NONE,
                        IR_NONE);
    fp_write(s, rd, r);
    return true;
}

/* ---- fixed point: fbits = 64 - scale; the 32-bit forms need scale >= 32
 * (fbits <= 32), C7.2.236 SCVTF (scalar, fixed-point) etc. ---------------- */

static bool fixed_ok(const arg_fp_fixed *a)
{
    return a->sf || a->scale >= 32;
}

bool trans_SCVTF_fix(DisasContext *s, arg_SCVTF_fix *a)
{
    return fixed_ok(a) && do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, false);
}

bool trans_UCVTF_fix(DisasContext *s, arg_UCVTF_fix *a)
{
    return fixed_ok(a) && do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, true);
}

bool trans_FCVTZS_fix(DisasContext *s, arg_FCVTZS_fix *a)
{
    return fixed_ok(a) && do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, FP_RZ, false);
}

bool trans_FCVTZU_fix(DisasContext *s, arg_FCVTZU_fix *a)
{
    return fixed_ok(a) && do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, FP_RZ, true);
}

/* ---- integer ------------------------------------------------------------ */

bool trans_SCVTF_g(DisasContext *s, arg_SCVTF_g *a)
{
    return do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 0, false);
}

bool trans_UCVTF_g(DisasContext *s, arg_UCVTF_g *a)
{
    return do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 0, true);
}

bool trans_FCVTNS_g(DisasContext *s, arg_FCVTNS_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RN, false);
}

bool trans_FCVTNU_g(DisasContext *s, arg_FCVTNU_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RN, true);
}

bool trans_FCVTPS_g(DisasContext *s, arg_FCVTPS_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RP, false);
}

bool trans_FCVTPU_g(DisasContext *s, arg_FCVTPU_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RP, true);
}

bool trans_FCVTMS_g(DisasContext *s, arg_FCVTMS_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RM, false);
}

bool trans_FCVTMU_g(DisasContext *s, arg_FCVTMU_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RM, true);
}

bool trans_FCVTZS_g(DisasContext *s, arg_FCVTZS_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RZ, false);
}

bool trans_FCVTZU_g(DisasContext *s, arg_FCVTZU_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RZ, true);
}

bool trans_FCVTAS_g(DisasContext *s, arg_FCVTAS_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RA, false);
}

bool trans_FCVTAU_g(DisasContext *s, arg_FCVTAU_g *a)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, FP_RA, true);
}

/*
 * FJCVTZS (C7.2.99, FEAT_JSCVT): double to int32 modulo 2^32, round to
 * zero; PSTATE.NZCV = 0:Z:0:0 with Z set iff the result is exact.
 */
bool trans_FJCVTZS(DisasContext *s, arg_FJCVTZS *a)
{
    IrBlock *b = s->b;

    if (!s->cpu->feat.fp || !fp_have_jscvt(s))
        return false;
    if (!a64_fp_access_check(s))
        return true;
    IrValue r = ir_call(b, HELPER_fjcvtzs, fp_read(s, a->rn), IR_NONE, IR_NONE, IR_NONE);
    ir_set_nzcv(b, ir_extract(b, IR_I32, r, 32, 32));
    a64_write_wreg(s, a->rd, ir_zext(b, IR_I32, r, 32));
    return true;
}
