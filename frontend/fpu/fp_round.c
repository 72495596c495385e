/* SPDX-License-Identifier: MIT */
/*
 * fp_round.c - FPUnpack, FPRound and NaN processing: the core every other
 * softfp operation is built on (DDI 0487 shared/functions/float:
 * FPUnpackBase, FPRoundBase, FPProcessNaN, FPProcessNaNs, FPProcessNaNs3).
 */
#include "softfp_int.h"

const FpFmtInfo fp_fmt_info[4] = {
    [FP_BF] = { 16, 8, 7, 127, -126 },
    [FP_H] = { 16, 5, 10, 15, -14 },
    [FP_S] = { 32, 8, 23, 127, -126 },
    [FP_D] = { 64, 11, 52, 1023, -1022 },
};

uint64_t fp_round(unsigned f, bool sign, int32_t exp, uint64_t mant, FpRounding rm,
                  FpCtx *ctx, unsigned mode)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    unsigned lz = fp_clz64(mant);
    mant <<= lz;
    exp -= lz;

    /* Flush-to-zero happens before rounding, judged on the unrounded
     * exponent; it signals UFC but never IXC. BFloat16 follows FZ. */
    bool fz = f == FP_H ? (ctx->fz16 && !(mode & FPM_CV)) : ctx->fz;
    if (fz && exp < fi->emin) {
        ctx->exc |= FP_EXC_UFC;
        return fp_pack_zero(f, sign);
    }
    int32_t biased = exp - fi->emin + 1;
    if (biased <= 0) {
        mant = fp_shr_sticky(mant, (unsigned)(1 - biased));
        biased = 0;
    }
    unsigned sh = 63 - fi->f;
    uint64_t int_mant = mant >> sh;
    uint64_t rem = mant & fp_mask(sh);
    uint64_t half = 1ull << (sh - 1);

    /* Tininess is detected before rounding: underflow if the result is
     * denormal before rounding and inexact. */
    if (biased == 0 && rem != 0) {
        ctx->exc |= FP_EXC_UFC;
    }
    bool round_up, overflow_to_inf;
    switch ((int)rm) {
    case FP_RN:
        round_up = rem > half || (rem == half && (int_mant & 1));
        overflow_to_inf = true;
        break;
    case FP_RA:
        round_up = rem >= half;
        overflow_to_inf = true;
        break;
    case FP_RP:
        round_up = rem != 0 && !sign;
        overflow_to_inf = !sign;
        break;
    case FP_RM:
        round_up = rem != 0 && sign;
        overflow_to_inf = sign;
        break;
    case FP_RO_INF:
        round_up = false;
        overflow_to_inf = true;
        break;
    default: /* FP_RZ, FP_RO */
        round_up = false;
        overflow_to_inf = false;
        break;
    }
    if (round_up) {
        int_mant++;
        if (int_mant == 1ull << fi->f) {
            biased = 1; /* denormal rounded up to the smallest normal */
        }
        if (int_mant == 1ull << (fi->f + 1)) {
            biased++;
            int_mant >>= 1;
        }
    }
    if ((rm == FP_RO || rm == FP_RO_INF) && rem != 0) {
        int_mant |= 1;
    }
    uint64_t result;
    bool inexact = rem != 0;
    if (f == FP_H && (mode & FPM_CV) && ctx->ahp) {
        /* Alternative half precision: no infinities; overflow is an
         * Invalid Operation with the largest magnitude, not inexact. */
        if (biased >= (1 << fi->e)) {
            ctx->exc |= FP_EXC_IOC;
            return fp_pack_zero(f, sign) | fp_mask(15);
        }
    } else if (biased >= (1 << fi->e) - 1) {
        ctx->exc |= FP_EXC_OFC | FP_EXC_IXC;
        return overflow_to_inf ? fp_pack_inf(f, sign) : fp_pack_max_normal(f, sign);
    }
    result = fp_pack_zero(f, sign) | ((uint64_t)biased << fi->f) | (int_mant & fp_mask(fi->f));
    if (inexact) {
        ctx->exc |= FP_EXC_IXC;
    }
    return result;
}

uint64_t fp_round128(unsigned f, bool sign, int32_t e2, u128 m, FpRounding rm, FpCtx *ctx,
                     unsigned mode)
{
    unsigned msb = 127 - fp_clz128(m);
    uint64_t mant;
    if (msb > 63) {
        mant = (uint64_t)fp_shr_sticky128(m, msb - 63);
    } else {
        mant = (uint64_t)m << (63 - msb);
    }
    return fp_round(f, sign, e2 + (int32_t)msb, mant, rm, ctx, mode);
}

uint64_t fp_pack_const(unsigned f, bool sign, uint64_t m, int k)
{
    FpCtx c = { 0 };
    return fp_round128(f, sign, k, m, FP_RN, &c, 0);
}

uint64_t fp_process_nan(FpFmt f, const FpVal *v, uint64_t bits, FpCtx *ctx)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    bits &= fp_mask(fi->n);
    if (v->cls == FPC_SNAN) {
        bits |= 1ull << (fi->f - 1);
        ctx->exc |= FP_EXC_IOC;
    }
    if (ctx->dn) {
        bits = fp_pack_dnan(f);
    }
    return bits;
}

bool fp_process_nans(FpFmt f, const FpVal *a, uint64_t ab, const FpVal *b, uint64_t bb,
                     uint64_t *res, FpCtx *ctx)
{
    if (a->cls == FPC_SNAN) {
        *res = fp_process_nan(f, a, ab, ctx);
    } else if (b->cls == FPC_SNAN) {
        *res = fp_process_nan(f, b, bb, ctx);
    } else if (a->cls == FPC_QNAN) {
        *res = fp_process_nan(f, a, ab, ctx);
    } else if (b->cls == FPC_QNAN) {
        *res = fp_process_nan(f, b, bb, ctx);
    } else {
        return false;
    }
    return true;
}

bool fp_process_nans3(FpFmt f, const FpVal *a, uint64_t ab, const FpVal *b, uint64_t bb,
                      const FpVal *c, uint64_t cb, uint64_t *res, FpCtx *ctx)
{
    if (a->cls == FPC_SNAN) {
        *res = fp_process_nan(f, a, ab, ctx);
    } else if (b->cls == FPC_SNAN) {
        *res = fp_process_nan(f, b, bb, ctx);
    } else if (c->cls == FPC_SNAN) {
        *res = fp_process_nan(f, c, cb, ctx);
    } else if (a->cls == FPC_QNAN) {
        *res = fp_process_nan(f, a, ab, ctx);
    } else if (b->cls == FPC_QNAN) {
        *res = fp_process_nan(f, b, bb, ctx);
    } else if (c->cls == FPC_QNAN) {
        *res = fp_process_nan(f, c, cb, ctx);
    } else {
        return false;
    }
    return true;
}

/* Magnitude order: zero < finite (by exp, mant) < infinity. */
static int mag_cmp(const FpVal *a, const FpVal *b)
{
    if (a->cls != b->cls) {
        int ra = a->cls == FPC_ZERO ? 0 : a->cls == FPC_FINITE ? 1 : 2;
        int rb = b->cls == FPC_ZERO ? 0 : b->cls == FPC_FINITE ? 1 : 2;
        return ra < rb ? -1 : 1;
    }
    if (a->cls != FPC_FINITE) {
        return 0;
    }
    if (a->exp != b->exp) {
        return a->exp < b->exp ? -1 : 1;
    }
    return a->mant < b->mant ? -1 : a->mant > b->mant;
}

int fp_val_cmp(const FpVal *a, const FpVal *b)
{
    bool za = a->cls == FPC_ZERO, zb = b->cls == FPC_ZERO;
    if (za && zb) {
        return 0;                       /* +0 == -0 */
    }
    bool na = a->sign && !za, nb = b->sign && !zb;
    if (na != nb) {
        return na ? -1 : 1;
    }
    int m = mag_cmp(a, b);
    return na ? -m : m;
}

uint64_t fp_round_to_integer(const FpVal *v, int scale, FpRounding rm, bool *inexact,
                             bool *huge)
{
    *huge = false;
    *inexact = false;
    if (v->cls == FPC_ZERO) {
        return 0;
    }
    int32_t e = v->exp + scale;  /* value = mant * 2^(e-63) */
    uint64_t ip, rem, half;
    bool rem_nonzero, gt_half, eq_half;
    if (e >= 64) {
        *huge = true;
        return 0;
    }
    if (e >= 63) {
        ip = v->mant;
        rem_nonzero = gt_half = eq_half = false;
    } else if (e >= 0) {
        unsigned sh = 63 - e;
        ip = v->mant >> sh;
        rem = v->mant & fp_mask(sh);
        half = 1ull << (sh - 1);
        rem_nonzero = rem != 0;
        gt_half = rem > half;
        eq_half = rem == half;
    } else {
        /* |value| < 1: the whole value is the error. */
        ip = 0;
        rem_nonzero = true;
        gt_half = e == -1 && v->mant != 1ull << 63;
        eq_half = e == -1 && v->mant == 1ull << 63;
    }
    /* Rounding of a sign-magnitude value: "up" increases the magnitude. */
    bool up;
    switch (rm) {
    case FP_RN: up = gt_half || (eq_half && (ip & 1)); break;
    case FP_RA: up = gt_half || eq_half; break;
    case FP_RP: up = rem_nonzero && !v->sign; break;
    case FP_RM: up = rem_nonzero && v->sign; break;
    default: up = false; break;
    }
    *inexact = rem_nonzero;
    if (up) {
        ip++;
        if (ip == 0) {
            *huge = true;   /* 2^64 */
        }
    }
    return ip;
}
