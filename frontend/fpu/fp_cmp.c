/* SPDX-License-Identifier: MIT */
/*
 * fp_cmp.c - FPCompare (FCMP/FCMPE), FPCompareEQ/GE/GT (vector compares) and
 * FPMax/FPMin/FPMaxNum/FPMinNum (DDI 0487 shared/functions/float).
 */
#include "softfp_int.h"

uint32_t fp_compare(FpFmt f, uint64_t a, uint64_t b, bool signal_all, FpCtx *ctx)
{
    if (FP_FAST && f != FP_H && fp_host_plain(f, a) && fp_host_plain(f, b)) {
        double x = fp_host_value(f, a), y = fp_host_value(f, b);
        return x == y ? 0x6u << 28 : x < y ? 0x8u << 28 : 0x2u << 28;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    if (fp_val_is_nan(&x) || fp_val_is_nan(&y)) {
        if (signal_all || x.cls == FPC_SNAN || y.cls == FPC_SNAN) {
            ctx->exc |= FP_EXC_IOC;
        }
        return 0x3u << 28;
    }
    int c = fp_val_cmp(&x, &y);
    return c == 0 ? 0x6u << 28 : c < 0 ? 0x8u << 28 : 0x2u << 28;
}

/* Quiet (EQ: IOC only for a signalling NaN) or signalling (GE/GT). */
static int cmp_pred(FpFmt f, uint64_t a, uint64_t b, bool signal_all, FpCtx *ctx)
{
    if (FP_FAST && f != FP_H && fp_host_plain(f, a) && fp_host_plain(f, b)) {
        double x = fp_host_value(f, a), y = fp_host_value(f, b);
        return x == y ? 0 : x < y ? -1 : 1;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    if (fp_val_is_nan(&x) || fp_val_is_nan(&y)) {
        if (signal_all || x.cls == FPC_SNAN || y.cls == FPC_SNAN) {
            ctx->exc |= FP_EXC_IOC;
        }
        return 2; /* unordered */
    }
    return fp_val_cmp(&x, &y);
}

bool fp_cmp_eq(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return cmp_pred(f, a, b, false, ctx) == 0;
}

bool fp_cmp_ge(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    int c = cmp_pred(f, a, b, true, ctx);
    return c == 0 || c == 1;
}

bool fp_cmp_gt(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return cmp_pred(f, a, b, true, ctx) == 1;
}

/* FPMax/FPMin after NaN processing: the larger (smaller) value; between
 * zeros +0 wins for max and -0 for min; the result is re-rounded, which
 * for an unflushed denormal is exact. */
static uint64_t minmax(FpFmt f, uint64_t a, FpVal x, uint64_t b, FpVal y, bool is_max,
                       FpCtx *ctx)
{
    uint64_t r;
    if (fp_process_nans(f, &x, a, &y, b, &r, ctx)) {
        return r;
    }
    int c = fp_val_cmp(&x, &y);
    const FpVal *w = (is_max ? c > 0 : c < 0) ? &x : &y;
    if (w->cls == FPC_INF) {
        return fp_pack_inf(f, w->sign);
    }
    if (w->cls == FPC_ZERO) {
        return fp_pack_zero(f, is_max ? (x.sign && y.sign) : (x.sign || y.sign));
    }
    return fp_round(f, w->sign, w->exp, w->mant, ctx->rmode, ctx, 0);
}

/* Both operands zero, normal or infinite, not both zero: the larger
 * (smaller) operand's bits are the result. */
static inline bool minmax_fast(FpFmt f, uint64_t a, uint64_t b, bool is_max, uint64_t *r)
{
    if (!FP_FAST || f == FP_H || !fp_host_plain(f, a) || !fp_host_plain(f, b)) {
        return false;
    }
    double x = fp_host_value(f, a), y = fp_host_value(f, b);
    if (x == 0 && y == 0) {
        return false;
    }
    uint64_t m = f == FP_S ? 0xffffffffu : ~0ull;
    *r = ((is_max ? x > y : x < y) ? a : b) & m;
    return true;
}

uint64_t fp_max(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    uint64_t r;
    if (minmax_fast(f, a, b, true, &r)) {
        return r;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    return minmax(f, a, x, b, y, true, ctx);
}

uint64_t fp_min(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    uint64_t r;
    if (minmax_fast(f, a, b, false, &r)) {
        return r;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    return minmax(f, a, x, b, y, false, ctx);
}

/* FPMaxNum/FPMinNum: a single quiet NaN is replaced by the infinity that
 * loses (-inf for max, +inf for min); signalling NaNs still propagate. */
static uint64_t minmax_num(FpFmt f, uint64_t a, uint64_t b, bool is_max, FpCtx *ctx)
{
    uint64_t r;
    if (minmax_fast(f, a, b, is_max, &r)) {
        return r;
    }
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    FpVal inf = { .cls = FPC_INF, .sign = is_max };
    if (x.cls == FPC_QNAN && y.cls != FPC_QNAN) {
        x = inf;
        a = fp_pack_inf(f, is_max);
    } else if (x.cls != FPC_QNAN && y.cls == FPC_QNAN) {
        y = inf;
        b = fp_pack_inf(f, is_max);
    }
    return minmax(f, a, x, b, y, is_max, ctx);
}

uint64_t fp_maxnm(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return minmax_num(f, a, b, true, ctx);
}

uint64_t fp_minnm(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return minmax_num(f, a, b, false, ctx);
}
