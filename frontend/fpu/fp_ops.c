/* SPDX-License-Identifier: MIT */
/*
 * fp_ops.c - the public arithmetic entry points: a host-FP fast path where
 * it is provably identical to the Arm rules, else the software path.
 */
#include "softfp_int.h"

uint64_t fp_add(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return fp_addsub_soft(f, a, b, false, ctx);
}

uint64_t fp_sub(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return fp_addsub_soft(f, a, b, true, ctx);
}

uint64_t fp_mul(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return fp_mul_soft(f, a, b, false, ctx);
}

uint64_t fp_mulx(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return fp_mul_soft(f, a, b, true, ctx);
}

uint64_t fp_div(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return fp_div_soft(f, a, b, ctx);
}

uint64_t fp_muladd(FpFmt f, uint64_t addend, uint64_t op1, uint64_t op2, FpCtx *ctx)
{
    return fp_muladd_soft(f, addend, op1, op2, ctx);
}

uint64_t fp_sqrt(FpFmt f, uint64_t a, FpCtx *ctx)
{
    return fp_sqrt_soft(f, a, ctx);
}
