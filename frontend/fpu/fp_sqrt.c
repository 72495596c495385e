/* SPDX-License-Identifier: MIT */
/*
 * fp_sqrt.c - FPSqrt in software (DDI 0487 shared/functions/float/fpsqrt).
 */
#include "softfp_int.h"

/* floor(sqrt(n)) for 2^126 <= n < 2^128, and whether it was exact: a
 * binary64 estimate (53 good bits), one integer Newton step (then off by
 * at most one or two), and an exact correction. */
static uint64_t isqrt128(u128 n, bool *exact)
{
    double est = __builtin_sqrt((double)n);
    u128 r = est >= 18446744073709551615.0 ? ~0ull : (u128)(uint64_t)est;
    r = (r + n / r) >> 1;
    if (r > ~0ull) {
        r = ~0ull;
    }
    while (r * r > n) {
        r--;
    }
    while (r < ~0ull && (r + 1) * (r + 1) <= n) {
        r++;
    }
    *exact = r * r == n;
    return (uint64_t)r;
}

uint64_t fp_sqrt_soft(FpFmt f, uint64_t a, FpCtx *ctx)
{
    FpVal x = fp_unpack(f, a, ctx, 0);
    if (fp_val_is_nan(&x)) {
        return fp_process_nan(f, &x, a, ctx);
    }
    if (x.cls == FPC_ZERO) {
        return fp_pack_zero(f, x.sign);
    }
    if (x.cls == FPC_INF && !x.sign) {
        return fp_pack_inf(f, false);
    }
    if (x.sign) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    /* value = mant * 2^e2; make the exponent even while putting the
     * significand's top bit at 127 or 126, so the root has 64 bits. */
    int32_t e2 = x.exp - 63;
    unsigned k = (e2 & 1) ? 63 : 64;
    u128 n = (u128)x.mant << k;
    bool exact;
    uint64_t r = isqrt128(n, &exact);
    return fp_round(f, false, (e2 - (int32_t)k) / 2 + 63, r | !exact, ctx->rmode, ctx, 0);
}
