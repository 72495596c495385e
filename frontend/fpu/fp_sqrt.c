/* SPDX-License-Identifier: MIT */
/*
 * fp_sqrt.c - FPSqrt in software (DDI 0487 shared/functions/float/fpsqrt).
 */
#include "softfp_int.h"

/* floor(sqrt(n)) for n < 2^128, and whether it was exact. Digit-by-digit
 * (two bits of n per result bit). */
static uint64_t isqrt128(u128 n, bool *exact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (n >> 126);
        n <<= 2;
        root <<= 1;
        u128 trial = (root << 1) | 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
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
