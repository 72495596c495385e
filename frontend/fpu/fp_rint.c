/* SPDX-License-Identifier: MIT */
/*
 * fp_rint.c - FPRoundInt (FRINTN/P/M/Z/A/I/X) and FPRoundIntN
 * (FRINT32Z/32X/64Z/64X, FEAT_FRINTTS), DDI 0487 shared/functions/float.
 */
#include <math.h>

#include "softfp_int.h"

/* Encode the integer (-1)^sign * mag exactly (mag fits the format). */
static uint64_t pack_integer(FpFmt f, bool sign, uint64_t mag, FpCtx *ctx)
{
    if (mag == 0) {
        return fp_pack_zero(f, sign);
    }
    return fp_round(f, sign, 63, mag, FP_RZ, ctx, 0);
}

uint64_t fp_round_int(FpFmt f, uint64_t a, FpRounding rmode, bool exact, FpCtx *ctx)
{
    /* A normal binary32/64 operand: the host's rounding functions are exact
     * and keep the sign of a zero result, as FPRoundInt does. */
    if (FP_FAST && f != FP_H) {
        unsigned e = f == FP_S ? (((uint32_t)a >> 23) & 0xff) : ((a >> 52) & 0x7ff);
        unsigned emax = f == FP_S ? 0xff : 0x7ff;
        if (e - 1u < emax - 1u) {
            double x = fp_host_value(f, a), r;
            switch (rmode) {
            case FP_RN: r = nearbyint(x); break;
            case FP_RP: r = ceil(x); break;
            case FP_RM: r = floor(x); break;
            case FP_RA: r = round(x); break;
            default: r = trunc(x); break;
            }
            if (exact && r != x) {
                ctx->exc |= FP_EXC_IXC;
            }
            return f == FP_S ? bits_f32((float)r) : bits_f64(r);
        }
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        return fp_process_nan(f, &x, a, ctx);
    }
    if (x.cls == FPC_INF) {
        return fp_pack_inf(f, x.sign);
    }
    if (x.cls == FPC_ZERO) {
        return fp_pack_zero(f, x.sign);
    }
    if (x.exp >= fp_fmt_info[f].f) {
        /* Already integral (no fraction bits). */
        return fp_round(f, x.sign, x.exp, x.mant, FP_RZ, ctx, 0);
    }
    bool inexact, huge;
    uint64_t mag = fp_round_to_integer(&x, 0, rmode, &inexact, &huge);
    uint64_t r = pack_integer(f, x.sign, mag, ctx);
    if (inexact && exact) {
        ctx->exc |= FP_EXC_IXC;
    }
    return r;
}

uint64_t fp_round_int_n(FpFmt f, uint64_t a, FpRounding rmode, unsigned intbits, FpCtx *ctx)
{
    FpVal x = fp_unpack(f, a, ctx, 0);
    /* NaN, infinity and out-of-range values: the most negative integer,
     * Invalid Operation (and not Inexact). */
    uint64_t most_neg = fp_round(f, true, (int32_t)intbits - 1, 1ull << 63, FP_RZ, ctx, 0);
    if (fp_val_is_nan(&x) || x.cls == FPC_INF) {
        ctx->exc |= FP_EXC_IOC;
        return most_neg;
    }
    if (x.cls == FPC_ZERO) {
        return fp_pack_zero(f, x.sign);
    }
    bool inexact, huge;
    uint64_t mag = fp_round_to_integer(&x, 0, rmode, &inexact, &huge);
    uint64_t lim = 1ull << (intbits - 1);
    if (huge || mag > lim || (mag == lim && !x.sign)) {
        ctx->exc |= FP_EXC_IOC;
        return most_neg;
    }
    uint64_t r = pack_integer(f, x.sign, mag, ctx);
    if (inexact) {
        ctx->exc |= FP_EXC_IXC;
    }
    return r;
}
