/* SPDX-License-Identifier: MIT */
/*
 * fp_arith.c - FPAdd, FPSub, FPMul, FPMulX, FPDiv in software (DDI 0487
 * shared/functions/float), plus FABD and the table-driven fp_binop().
 */
#include "softfp_int.h"

/* Exact (or sticky) sum of two finite non-zero values, rounded. */
static uint64_t add_finite(FpFmt f, const FpVal *x, const FpVal *y, bool ysign, FpCtx *ctx)
{
    const FpVal *big = x, *small = y;
    bool bsign = x->sign, ssign = ysign;
    if (y->exp > x->exp || (y->exp == x->exp && y->mant > x->mant)) {
        big = y;
        small = x;
        bsign = ysign;
        ssign = x->sign;
    }
    /* Both significands at bit 125; the smaller shifted right with a
     * sticky bit: with >= 62 guard bits the rounding stays exact. */
    u128 a = (u128)big->mant << 62;
    u128 b = fp_shr_sticky128((u128)small->mant << 62, (unsigned)(big->exp - small->exp));
    u128 s;
    if (bsign == ssign) {
        s = a + b;
    } else {
        s = a - b;
        if (s == 0) {
            /* Exact zero: +0 except when rounding towards -infinity. */
            return fp_pack_zero(f, ctx->rmode == FP_RM);
        }
    }
    return fp_round128(f, bsign, big->exp - 125, s, ctx->rmode, ctx, 0);
}

uint64_t fp_addsub_soft(FpFmt f, uint64_t a, uint64_t b, bool sub, FpCtx *ctx)
{
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    uint64_t r;
    if (fp_process_nans(f, &x, a, &y, b, &r, ctx)) {
        return r;
    }
    bool ys = y.sign ^ sub;
    if (x.cls == FPC_INF && y.cls == FPC_INF && x.sign != ys) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if (x.cls == FPC_INF) {
        return fp_pack_inf(f, x.sign);
    }
    if (y.cls == FPC_INF) {
        return fp_pack_inf(f, ys);
    }
    if (x.cls == FPC_ZERO && y.cls == FPC_ZERO) {
        return fp_pack_zero(f, x.sign == ys ? x.sign : ctx->rmode == FP_RM);
    }
    if (x.cls == FPC_ZERO) {
        return fp_round(f, ys, y.exp, y.mant, ctx->rmode, ctx, 0);
    }
    if (y.cls == FPC_ZERO) {
        return fp_round(f, x.sign, x.exp, x.mant, ctx->rmode, ctx, 0);
    }
    return add_finite(f, &x, &y, ys, ctx);
}

uint64_t fp_mul_soft(FpFmt f, uint64_t a, uint64_t b, bool mulx, FpCtx *ctx)
{
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    uint64_t r;
    if (fp_process_nans(f, &x, a, &y, b, &r, ctx)) {
        return r;
    }
    bool s = x.sign ^ y.sign;
    if ((x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF)) {
        if (mulx) {
            return fp_pack_const(f, s, 1, 1);   /* FMULX: +-2.0 */
        }
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        return fp_pack_inf(f, s);
    }
    if (x.cls == FPC_ZERO || y.cls == FPC_ZERO) {
        return fp_pack_zero(f, s);
    }
    u128 p = (u128)x.mant * y.mant;
    return fp_round128(f, s, x.exp + y.exp - 126, p, ctx->rmode, ctx, 0);
}

uint64_t fp_div_soft(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    FpVal x = fp_unpack(f, a, ctx, 0);
    FpVal y = fp_unpack(f, b, ctx, 0);
    uint64_t r;
    if (fp_process_nans(f, &x, a, &y, b, &r, ctx)) {
        return r;
    }
    bool s = x.sign ^ y.sign;
    if ((x.cls == FPC_INF && y.cls == FPC_INF) || (x.cls == FPC_ZERO && y.cls == FPC_ZERO)) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if (x.cls == FPC_INF || y.cls == FPC_ZERO) {
        if (x.cls != FPC_INF) {
            ctx->exc |= FP_EXC_DZC;
        }
        return fp_pack_inf(f, s);
    }
    if (x.cls == FPC_ZERO || y.cls == FPC_INF) {
        return fp_pack_zero(f, s);
    }
    /* 64+ quotient bits; a non-zero remainder becomes the sticky bit. */
    u128 n = (u128)x.mant << 64;
    u128 q = n / y.mant;
    uint64_t rem = (uint64_t)(n - q * y.mant);
    q |= rem != 0;
    return fp_round128(f, s, x.exp - y.exp - 64, q, ctx->rmode, ctx, 0);
}

uint64_t fp_abd(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    /* FABD = FPAbs(FPSub(a, b)): a NaN result loses its sign too. */
    return fp_abs(f, fp_sub(f, a, b, ctx));
}

uint64_t fp_binop(FpBinOp op, FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    uint64_t ones = fp_mask(8u << f);
    switch (op) {
    case FP_OP_ADD: return fp_add(f, a, b, ctx);
    case FP_OP_SUB: return fp_sub(f, a, b, ctx);
    case FP_OP_MUL: return fp_mul(f, a, b, ctx);
    case FP_OP_MULX: return fp_mulx(f, a, b, ctx);
    case FP_OP_DIV: return fp_div(f, a, b, ctx);
    case FP_OP_MAX: return fp_max(f, a, b, ctx);
    case FP_OP_MIN: return fp_min(f, a, b, ctx);
    case FP_OP_MAXNM: return fp_maxnm(f, a, b, ctx);
    case FP_OP_MINNM: return fp_minnm(f, a, b, ctx);
    case FP_OP_ABD: return fp_abd(f, a, b, ctx);
    case FP_OP_RECPS: return fp_recps(f, a, b, ctx);
    case FP_OP_RSQRTS: return fp_rsqrts(f, a, b, ctx);
    case FP_OP_CMEQ: return fp_cmp_eq(f, a, b, ctx) ? ones : 0;
    case FP_OP_CMGE: return fp_cmp_ge(f, a, b, ctx) ? ones : 0;
    case FP_OP_CMGT: return fp_cmp_gt(f, a, b, ctx) ? ones : 0;
    case FP_OP_ACGE: return fp_cmp_ge(f, fp_abs(f, a), fp_abs(f, b), ctx) ? ones : 0;
    case FP_OP_ACGT: return fp_cmp_gt(f, fp_abs(f, a), fp_abs(f, b), ctx) ? ones : 0;
    default: return 0;
    }
}

bool fp_is_nan(FpFmt f, uint64_t a)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    return ((a >> fi->f) & fp_mask(fi->e)) == fp_mask(fi->e) && (a & fp_mask(fi->f)) != 0;
}

bool fp_is_snan(FpFmt f, uint64_t a)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    return fp_is_nan(f, a) && !((a >> (fi->f - 1)) & 1);
}

uint64_t fp_default_nan(FpFmt f)
{
    return fp_pack_dnan(f);
}
