/* SPDX-License-Identifier: MIT */
/*
 * fp_estimate.c - FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE: the
 * architectural estimate tables, computed by the integer algorithms of the
 * pseudocode RecipEstimate/RecipSqrtEstimate (DDI 0487
 * shared/functions/float/fprecipestimate, fprsqrtestimate, and
 * UnsignedRecipEstimate/UnsignedRSqrtEstimate). FEAT_RPRES's increased
 * precision needs FPCR.AH, which is not modelled.
 */
#include "softfp_int.h"

/* a in 256..511 (a fixed-point value in [0.5, 1) in units of 1/512);
 * returns 256..511, the reciprocal in [1, 2) in units of 1/256. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;                  /* the interval's midpoint, units of 1/1024 */
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;             /* round to nearest */
}

/* a in 128..511 ([0.25, 1) in units of 1/512); returns 256..511. */
static unsigned rsqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    /* The pseudocode steps b up from 512 while a*(b+1)^2 < 2^28: the
     * result is the smallest t = b+1 with a*t*t >= 2^28. */
    uint64_t t = 513;
    while ((uint64_t)a * t * t < (1ull << 28)) {
        t++;
    }
    return (unsigned)(t / 2);       /* (b + 1) DIV 2 */
}

static uint16_t recip_tab[256];
static uint16_t rsqrt_tab[384];

__attribute__((constructor)) static void estimate_tables_init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        recip_tab[i] = (uint16_t)recip_estimate(256 + i);
    }
    for (unsigned i = 0; i < 384; i++) {
        rsqrt_tab[i] = (uint16_t)rsqrt_estimate(128 + i);
    }
}

static inline unsigned recip_est(unsigned a) { return recip_tab[a - 256]; }
static inline unsigned rsqrt_est(unsigned a) { return rsqrt_tab[a - 128]; }

uint64_t fp_recpe(FpFmt f, uint64_t a, FpCtx *ctx)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    FpVal x = fp_unpack(f, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        return fp_process_nan(f, &x, a, ctx);
    }
    if (x.cls == FPC_INF) {
        return fp_pack_zero(f, x.sign);
    }
    if (x.cls == FPC_ZERO) {
        ctx->exc |= FP_EXC_DZC;
        return fp_pack_inf(f, x.sign);
    }
    /* |x| < 2^-(bias+1): the reciprocal overflows. */
    if (x.exp < -(fi->bias + 1)) {
        bool to_inf;
        switch (ctx->rmode) {
        case FP_RN: to_inf = true; break;
        case FP_RP: to_inf = !x.sign; break;
        case FP_RM: to_inf = x.sign; break;
        default: to_inf = false; break;
        }
        ctx->exc |= FP_EXC_OFC | FP_EXC_IXC;
        return to_inf ? fp_pack_inf(f, x.sign) : fp_pack_max_normal(f, x.sign);
    }
    /* |x| >= 2^(bias-1) under flush-to-zero: the denormal result flushes. */
    if (fp_uses_fz(f, ctx, 0) && x.exp >= fi->bias - 1) {
        ctx->exc |= FP_EXC_UFC;
        return fp_pack_zero(f, x.sign);
    }
    uint64_t fraction = (a & fp_mask(fi->f)) << (52 - fi->f);
    int exp = (int)((a >> fi->f) & fp_mask(fi->e));
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & fp_mask(52);
        } else {
            fraction = (fraction << 1) & fp_mask(52);
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = 2 * fi->bias - 1 - exp;   /* 29, 253, 2045 minus exp */
    unsigned est = recip_est(scaled);
    fraction = (uint64_t)(est & 0xff) << 44;
    if (result_exp == 0) {
        fraction = (1ull << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return fp_pack_zero(f, x.sign) | ((uint64_t)result_exp << fi->f) |
           (fraction >> (52 - fi->f));
}

uint64_t fp_rsqrte(FpFmt f, uint64_t a, FpCtx *ctx)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    FpVal x = fp_unpack(f, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        return fp_process_nan(f, &x, a, ctx);
    }
    if (x.cls == FPC_ZERO) {
        ctx->exc |= FP_EXC_DZC;
        return fp_pack_inf(f, x.sign);
    }
    if (x.sign) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if (x.cls == FPC_INF) {
        return fp_pack_zero(f, false);
    }
    uint64_t fraction = (a & fp_mask(fi->f)) << (52 - fi->f);
    int exp = (int)((a >> fi->f) & fp_mask(fi->e));
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = (fraction << 1) & fp_mask(52);
    }
    unsigned scaled = (exp & 1) == 0 ? 256 | (unsigned)(fraction >> 44)
                                     : 128 | (unsigned)(fraction >> 45);
    int result_exp = (3 * fi->bias - 1 - exp) / 2;  /* (44|380|3068 - exp) DIV 2 */
    unsigned est = rsqrt_est(scaled);
    return ((uint64_t)result_exp << fi->f) | ((uint64_t)(est & 0xff) << (fi->f - 8));
}

uint64_t fp_recpx(FpFmt f, uint64_t a, FpCtx *ctx)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    FpVal x = fp_unpack(f, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        return fp_process_nan(f, &x, a, ctx);
    }
    uint64_t e = (a >> fi->f) & fp_mask(fi->e);
    uint64_t re = e == 0 ? fp_mask(fi->e) - 1 : (~e & fp_mask(fi->e));
    return fp_pack_zero(f, x.sign) | (re << fi->f);
}

uint32_t fp_urecpe(uint32_t a)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return (uint32_t)recip_est(a >> 23) << 23;
}

uint32_t fp_ursqrte(uint32_t a)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return (uint32_t)rsqrt_est(a >> 23) << 23;
}
