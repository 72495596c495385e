/* SPDX-License-Identifier: MIT */
/*
 * fp_cvt.c - conversions: FPConvert (incl. alternative half precision and
 * FCVTXN's round-to-odd), FPConvertBF, FPToFixed, FixedToFP, FPToFixedJS
 * (FJCVTZS). DDI 0487 shared/functions/float.
 */
#include <math.h>

#include "softfp_int.h"

/* FPConvertNaN: keep the payload below the quiet bit, top-aligned, and set
 * the quiet bit. */
static uint64_t convert_nan(unsigned to, FpFmt from, uint64_t a)
{
    const FpFmtInfo *fs = &fp_fmt_info[from], *ft = &fp_fmt_info[to];
    bool sign = (a >> (fs->n - 1)) & 1;
    uint64_t p51 = (a & fp_mask(fs->f - 1)) << (51 - (fs->f - 1));
    return fp_pack_inf(to, sign) | (1ull << (ft->f - 1)) | (p51 >> (51 - (ft->f - 1)));
}

uint64_t fp_convert(FpFmt to, FpFmt from, uint64_t a, FpCtx *ctx)
{
    if (FP_FAST && from == FP_S && to == FP_D && (((uint32_t)a >> 23) & 0xff) - 1u < 0xfeu) {
        return bits_f64((double)f32_of(a));     /* normal single: exact */
    }
    /* double -> single under RN when the result is a normal single before
     * and after rounding (2^-126 <= |a| < 2^127): the host rounds alike. */
    if (FP_FAST && from == FP_D && to == FP_S && ctx->rmode == FP_RN &&
        ((unsigned)(a >> 52) & 0x7ff) - (1023u - 126) <= 252u) {
        double d = f64_of(a);
        float r = (float)d;
        if ((double)r != d) {
            ctx->exc |= FP_EXC_IXC;
        }
        return bits_f32(r);
    }
    FpVal x = fp_unpack(from, a, ctx, FPM_CV);
    bool alt_hp = to == FP_H && ctx->ahp;
    if (fp_val_is_nan(&x)) {
        uint64_t r;
        if (alt_hp) {
            r = fp_pack_zero(to, x.sign);
        } else if (ctx->dn) {
            r = fp_pack_dnan(to);
        } else {
            r = convert_nan(to, from, a);
        }
        if (x.cls == FPC_SNAN || alt_hp) {
            ctx->exc |= FP_EXC_IOC;
        }
        return r;
    }
    if (x.cls == FPC_INF) {
        if (alt_hp) {
            ctx->exc |= FP_EXC_IOC;
            return fp_pack_zero(to, x.sign) | fp_mask(15);
        }
        return fp_pack_inf(to, x.sign);
    }
    if (x.cls == FPC_ZERO) {
        return fp_pack_zero(to, x.sign);
    }
    return fp_round(to, x.sign, x.exp, x.mant, (FpRounding)ctx->rmode, ctx, FPM_CV);
}

uint64_t fp_to_bf16(uint64_t a, FpCtx *ctx)
{
    FpVal x = fp_unpack(FP_S, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        if (x.cls == FPC_SNAN) {
            ctx->exc |= FP_EXC_IOC;
        }
        return ctx->dn ? fp_pack_dnan(FP_BF) : convert_nan(FP_BF, FP_S, a);
    }
    if (x.cls == FPC_INF) {
        return fp_pack_inf(FP_BF, x.sign);
    }
    if (x.cls == FPC_ZERO) {
        return fp_pack_zero(FP_BF, x.sign);
    }
    return fp_round(FP_BF, x.sign, x.exp, x.mant, (FpRounding)ctx->rmode, ctx, 0);
}

/* FPToFixed on the host for a normal binary32/64 operand whose scaled
 * value is below 2^62 in magnitude and whose result is in range (the host
 * rounds to integral exactly and the conversion is then exact); false
 * leaves the case to the software path. */
static bool to_int_fast(FpFmt f, uint64_t a, FpRounding rmode, unsigned fbits,
                        unsigned intbits, bool is_unsigned, FpCtx *ctx, uint64_t *res)
{
    int e = f == FP_S ? (int)(((uint32_t)a >> 23) & 0xff) - 127
                      : (int)((a >> 52) & 0x7ff) - 1023;
    if (e < -126 || e > 127 || e + (int)fbits >= 62) {
        return false;   /* denormal, zero (handled below anyway), inf/NaN, or too big */
    }
    double x = fp_host_value(f, a);
    if (fbits) {
        x *= f64_of((uint64_t)(1023 + fbits) << 52);   /* 2^fbits, exact */
    }
    double r;
    switch (rmode) {
    case FP_RN: r = nearbyint(x); break;
    case FP_RP: r = ceil(x); break;
    case FP_RM: r = floor(x); break;
    case FP_RA: r = round(x); break;
    default: r = trunc(x); break;
    }
    int64_t i = (int64_t)r;
    if (is_unsigned) {
        if (i < 0 || (intbits < 64 && (uint64_t)i > fp_mask(intbits))) {
            return false;
        }
    } else if (intbits < 64) {
        int64_t lim = (int64_t)1 << (intbits - 1);
        if (i < -lim || i >= lim) {
            return false;
        }
    }
    if (r != x) {
        ctx->exc |= FP_EXC_IXC;
    }
    *res = (uint64_t)i & fp_mask(intbits);
    return true;
}

uint64_t fp_to_int(FpFmt f, uint64_t a, FpRounding rmode, unsigned fbits, unsigned intbits,
                   bool is_unsigned, FpCtx *ctx)
{
    uint64_t fast;
    if (FP_FAST && f != FP_H && to_int_fast(f, a, rmode, fbits, intbits, is_unsigned, ctx,
                                             &fast)) {
        return fast;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    uint64_t umax = fp_mask(intbits);
    uint64_t smax = umax >> 1;      /* 2^(n-1) - 1; the minimum is smax + 1 negated */
    if (fp_val_is_nan(&x)) {
        /* The NaN's value counts as zero: result 0, Invalid Operation. */
        ctx->exc |= FP_EXC_IOC;
        return 0;
    }
    bool inexact = false, huge = x.cls == FPC_INF;
    uint64_t mag = 0;
    if (!huge) {
        mag = fp_round_to_integer(&x, (int)fbits, rmode, &inexact, &huge);
    }
    uint64_t r;
    bool overflow = false;
    if (is_unsigned) {
        if (x.sign && (mag != 0 || huge)) {
            r = 0;
            overflow = true;
        } else if (huge || mag > umax) {
            r = umax;
            overflow = true;
        } else {
            r = mag;
        }
    } else if (x.sign) {
        if (huge || mag > smax + 1) {
            r = (smax + 1) & umax;
            overflow = true;
        } else {
            r = (0 - mag) & umax;
        }
    } else {
        if (huge || mag > smax) {
            r = smax;
            overflow = true;
        } else {
            r = mag;
        }
    }
    if (overflow) {
        ctx->exc |= FP_EXC_IOC;
    } else if (inexact) {
        ctx->exc |= FP_EXC_IXC;
    }
    return r;
}

uint64_t fp_from_int(FpFmt f, uint64_t v, unsigned fbits, unsigned intbits, bool is_unsigned,
                     FpCtx *ctx)
{
    v &= fp_mask(intbits);
    bool sign = false;
    if (!is_unsigned && intbits < 64 && ((v >> (intbits - 1)) & 1)) {
        v |= ~fp_mask(intbits);
    }
    if (!is_unsigned && (int64_t)v < 0) {
        sign = true;
        v = 0 - v;
    }
    /* Exact on the host when the integer fits the significand: scaling by
     * 2^-fbits (fbits <= 64) keeps a binary32/64 result normal. */
    if (FP_FAST && (f == FP_S ? v < (1u << 24) : f == FP_D && v < (1ull << 53))) {
        double d = (double)v * f64_of((uint64_t)(1023 - fbits) << 52);   /* * 2^-fbits */
        if (sign) {
            d = -d;
        }
        return f == FP_S ? bits_f32((float)d) : bits_f64(d);
    }
    if (v == 0) {
        return fp_pack_zero(f, false);
    }
    return fp_round(f, sign, 63 - (int32_t)fbits, v, (FpRounding)ctx->rmode, ctx, 0);
}

uint32_t fp_fjcvtzs(uint64_t a, FpCtx *ctx, bool *z)
{
    FpVal x = fp_unpack(FP_D, a, ctx, 0);
    if (fp_val_is_nan(&x) || x.cls == FPC_INF) {
        ctx->exc |= FP_EXC_IOC;
        *z = false;
        return 0;
    }
    bool inexact, huge;
    uint64_t mag = fp_round_to_integer(&x, 0, FP_RZ, &inexact, &huge);
    uint32_t low;
    if (huge) {
        /* An integer >= 2^64: exact; its low 32 bits. */
        unsigned sh = x.exp - 63;
        low = sh >= 32 ? 0 : (uint32_t)(x.mant << sh);
    } else {
        low = (uint32_t)mag;
    }
    uint32_t r = x.sign ? 0 - low : low;
    bool overflow = huge || (x.sign ? mag > (1ull << 31) : mag > (1ull << 31) - 1);
    *z = true;
    if (overflow) {
        ctx->exc |= FP_EXC_IOC;
        *z = false;
    } else if (inexact) {
        ctx->exc |= FP_EXC_IXC;
        *z = false;
    } else if (x.cls == FPC_ZERO && (x.sign || (a & fp_mask(52)) != 0)) {
        /* -0.0, or a denormal flushed to zero. */
        *z = false;
    }
    return r;
}
