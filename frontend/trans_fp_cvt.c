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

    FP_GATE(s, ftype, &f);
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

    FP_GATE(s, ftype, &f);
    unsigned intbits = sf ? 64 : 32;
    IrValue desc = ir_const64(s->b, FP_DESC_I2F(fbits, intbits, uns));
    IrValue r = fp_call(s, FP_HELPER3(fcvt_from_int), f, a64_read_xreg(s, rn), desc, IR_NONE,
                        IR_NONE);
    fp_write(s, rd, r);
    return true;
}

/* ---- fixed point: fbits = 64 - scale; the 32-bit forms need scale >= 32
 * (fbits <= 32), C7.2.236 SCVTF (scalar, fixed-point) etc. ---------------- */

static bool do_fixed(DisasContext *s, arg_fp_fixed *a, bool to_int, bool uns)
{
    if (!a->sf && a->scale < 32)
        return false;
    if (to_int)
        return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, FP_RZ, uns);
    return do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 64 - a->scale, uns);
}

FP_TRANS(SCVTF_fix, do_fixed, false, false)
FP_TRANS(UCVTF_fix, do_fixed, false, true)
FP_TRANS(FCVTZS_fix, do_fixed, true, false)
FP_TRANS(FCVTZU_fix, do_fixed, true, true)

/* ---- integer ------------------------------------------------------------ */

static bool do_int_i2f(DisasContext *s, arg_fp_int *a, bool uns)
{
    return do_i2f(s, a->sf, a->ftype, a->rd, a->rn, 0, uns);
}

/* FCVT<r>{S,U} (C7.2.71..): the rounding mode is in the name. */
static bool do_int_f2i(DisasContext *s, arg_fp_int *a, FpRounding rm, bool uns)
{
    return do_f2i(s, a->sf, a->ftype, a->rd, a->rn, 0, rm, uns);
}

FP_TRANS(SCVTF_g, do_int_i2f, false)
FP_TRANS(UCVTF_g, do_int_i2f, true)
FP_TRANS(FCVTNS_g, do_int_f2i, FP_RN, false)
FP_TRANS(FCVTNU_g, do_int_f2i, FP_RN, true)
FP_TRANS(FCVTPS_g, do_int_f2i, FP_RP, false)
FP_TRANS(FCVTPU_g, do_int_f2i, FP_RP, true)
FP_TRANS(FCVTMS_g, do_int_f2i, FP_RM, false)
FP_TRANS(FCVTMU_g, do_int_f2i, FP_RM, true)
FP_TRANS(FCVTZS_g, do_int_f2i, FP_RZ, false)
FP_TRANS(FCVTZU_g, do_int_f2i, FP_RZ, true)
FP_TRANS(FCVTAS_g, do_int_f2i, FP_RA, false)
FP_TRANS(FCVTAU_g, do_int_f2i, FP_RA, true)

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
