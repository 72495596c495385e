/* SPDX-License-Identifier: MIT */
/*
 * fp_ops.c - the public arithmetic entry points: a host-FP fast path where
 * it is provably identical to the Arm rules, else the software path.
 *
 * The fast path is taken only when
 *  - rounding is FPCR.RMode = RN (the host's default, which we never change:
 *    host MXCSR/FPCR must stay at round-to-nearest, no FTZ/DAZ);
 *  - every operand is a normal number whose exponent lies in a window
 *    (binary32: 2^-60..2^61, 2^-40..2^41 for FMA; binary64: 2^-255..2^256)
 *    chosen so that every result of +, -, *, /, sqrt and fused
 *    multiply-add is zero or a normal number: no overflow, no underflow, no NaN (except sqrt of a negative,
 *    excluded), so FZ, DN and the NaN rules play no part and the host's
 *    IEEE 754 result, correctly rounded once, is the Arm result;
 *  - inexactness (IXC) is decided exactly, with error-free transformations
 *    (TwoSum, the FMA residual, or products that are exact in binary64),
 *    whose error terms the same window keeps clear of underflow; and it is
 *    not decided at all when ctx->exc already has IXC (callers may seed
 *    ctx->exc with FPSR's cumulative bits: see fp_ctx_from_fpcr_fpsr()).
 * binary16 always takes the software path.
 */
/* The error-free transformations need every operation rounded on its own. */
#pragma GCC optimize("fp-contract=off")

#include <math.h>

#include "softfp_int.h"

/* Operand in the window (sign ignored; zero, denormals, inf, NaN are not). */
static inline bool win_s(uint64_t a)
{
    return ((unsigned)(a >> 23) & 0xff) - (127u - 60) <= 120u;
}
/* Narrower for binary32 FMA: a cancelling a*b + c is a multiple of
 * ulp(a)*ulp(b) >= 2^(2*(-40-23)) = 2^-126, still normal. */
static inline bool win_s_fma(uint64_t a)
{
    return ((unsigned)(a >> 23) & 0xff) - (127u - 40) <= 80u;
}
static inline bool win_d(uint64_t a)
{
    return ((unsigned)(a >> 52) & 0x7ff) - (1023u - 255) <= 510u;
}

static inline bool fast_ok(const FpCtx *ctx)
{
    return FP_FAST && ctx->rmode == FP_RN;
}
static inline bool want_ixc(const FpCtx *ctx)
{
    return !(ctx->exc & FP_EXC_IXC);
}

/* TwoSum (Knuth): r = fl(x + y); true if x + y != r exactly. */
static inline bool sum_inexact_s(float x, float y, float r)
{
    float yv = r - x;
    float xv = r - yv;
    return ((x - xv) + (y - yv)) != 0.0f;
}
static inline bool sum_inexact_d(double x, double y, double r)
{
    double yv = r - x;
    double xv = r - yv;
    return ((x - xv) + (y - yv)) != 0.0;
}

/* ErrFma (Boldo and Muller, "Exact and approximated error of the FMA",
 * IEEE TC 2011): x*y + c = r + g + a2 exactly, where r = fl(x*y + c); so
 * the FMA was inexact iff g + a2 != 0. Valid without underflow, which the
 * window guarantees for every intermediate term. */
static inline double two_sum_err(double a, double b, double s)
{
    double bv = s - a;
    double av = s - bv;
    return (a - av) + (b - bv);
}

static inline bool fma_inexact_d(double x, double y, double c, double r)
{
    double p = x * y;
    double pe = fma(x, y, -p);           /* x*y = p + pe exactly */
    double a1 = c + pe;                  /* c + pe = a1 + a2 exactly */
    double a2 = two_sum_err(c, pe, a1);
    double b1 = p + a1;                  /* p + a1 = b1 + b2 exactly */
    double b2 = two_sum_err(p, a1, b1);
    double g = (b1 - r) + b2;
    return g + a2 != 0.0;
}

static uint64_t fast_addsub(FpFmt f, uint64_t a, uint64_t b, bool sub, FpCtx *ctx, bool *ok)
{
    *ok = true;
    if (f == FP_S && win_s(a) && win_s(b)) {
        float x = f32_of(a), y = sub ? -f32_of(b) : f32_of(b);
        float r = x + y;
        if (want_ixc(ctx) && sum_inexact_s(x, y, r)) {
            ctx->exc |= FP_EXC_IXC;
        }
        return bits_f32(r);
    }
    if (f == FP_D && win_d(a) && win_d(b)) {
        double x = f64_of(a), y = sub ? -f64_of(b) : f64_of(b);
        double r = x + y;
        if (want_ixc(ctx) && sum_inexact_d(x, y, r)) {
            ctx->exc |= FP_EXC_IXC;
        }
        return bits_f64(r);
    }
    *ok = false;
    return 0;
}

uint64_t fp_add(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        bool ok;
        uint64_t r = fast_addsub(f, a, b, false, ctx, &ok);
        if (ok) return r;
    }
    return fp_addsub_soft(f, a, b, false, ctx);
}

uint64_t fp_sub(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        bool ok;
        uint64_t r = fast_addsub(f, a, b, true, ctx, &ok);
        if (ok) return r;
    }
    return fp_addsub_soft(f, a, b, true, ctx);
}

static uint64_t fast_mul(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx, bool *ok)
{
    *ok = true;
    if (f == FP_S && win_s(a) && win_s(b)) {
        float x = f32_of(a), y = f32_of(b);
        float r = x * y;
        /* 24 x 24 bits: the product is exact in binary64. */
        if (want_ixc(ctx) && (double)r != (double)x * (double)y) {
            ctx->exc |= FP_EXC_IXC;
        }
        return bits_f32(r);
    }
    if (f == FP_D && win_d(a) && win_d(b)) {
        double x = f64_of(a), y = f64_of(b);
        double r = x * y;
        if (want_ixc(ctx) && fma(x, y, -r) != 0.0) {
            ctx->exc |= FP_EXC_IXC;
        }
        return bits_f64(r);
    }
    *ok = false;
    return 0;
}

uint64_t fp_mul(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        bool ok;
        uint64_t r = fast_mul(f, a, b, ctx, &ok);
        if (ok) return r;
    }
    return fp_mul_soft(f, a, b, false, ctx);
}

uint64_t fp_mulx(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    /* FMULX differs from FMUL only for 0 * inf, outside the window. */
    if (fast_ok(ctx)) {
        bool ok;
        uint64_t r = fast_mul(f, a, b, ctx, &ok);
        if (ok) return r;
    }
    return fp_mul_soft(f, a, b, true, ctx);
}

uint64_t fp_div(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        if (f == FP_S && win_s(a) && win_s(b)) {
            float x = f32_of(a), y = f32_of(b);
            float q = x / y;
            /* x - q*y is exact in binary64 (q*y has <= 48 bits). */
            if (want_ixc(ctx) && (double)x - (double)q * (double)y != 0.0) {
                ctx->exc |= FP_EXC_IXC;
            }
            return bits_f32(q);
        }
        if (f == FP_D && win_d(a) && win_d(b)) {
            double x = f64_of(a), y = f64_of(b);
            double q = x / y;
            if (want_ixc(ctx) && fma(-q, y, x) != 0.0) {
                ctx->exc |= FP_EXC_IXC;
            }
            return bits_f64(q);
        }
    }
    return fp_div_soft(f, a, b, ctx);
}

uint64_t fp_muladd(FpFmt f, uint64_t addend, uint64_t op1, uint64_t op2, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        if (f == FP_S && win_s_fma(addend) && win_s_fma(op1) && win_s_fma(op2)) {
            float c = f32_of(addend), x = f32_of(op1), y = f32_of(op2);
            float r = fmaf(x, y, c);
            if (want_ixc(ctx)) {
                /* p + c = s + e exactly (TwoSum in binary64, p exact). */
                double p = (double)x * (double)y;
                double s = p + (double)c;
                if (sum_inexact_d(p, (double)c, s) || (double)r != s) {
                    ctx->exc |= FP_EXC_IXC;
                }
            }
            return bits_f32(r);
        }
        if (f == FP_D && win_d(addend) && win_d(op1) && win_d(op2)) {
            double c = f64_of(addend), x = f64_of(op1), y = f64_of(op2);
            double r = fma(x, y, c);
            if (want_ixc(ctx) && fma_inexact_d(x, y, c, r)) {
                ctx->exc |= FP_EXC_IXC;
            }
            return bits_f64(r);
        }
    }
    return fp_muladd_soft(f, addend, op1, op2, ctx);
}

uint64_t fp_sqrt(FpFmt f, uint64_t a, FpCtx *ctx)
{
    if (fast_ok(ctx)) {
        if (f == FP_S && win_s(a) && !((a >> 31) & 1)) {
            float x = f32_of(a);
            float r = sqrtf(x);
            if (want_ixc(ctx) && (double)r * (double)r != (double)x) {
                ctx->exc |= FP_EXC_IXC;
            }
            return bits_f32(r);
        }
        if (f == FP_D && win_d(a) && !((a >> 63) & 1)) {
            double x = f64_of(a);
            double r = sqrt(x);
            if (want_ixc(ctx) && fma(r, r, -x) != 0.0) {
                ctx->exc |= FP_EXC_IXC;
            }
            return bits_f64(r);
        }
    }
    return fp_sqrt_soft(f, a, ctx);
}
