/* SPDX-License-Identifier: MIT */
/*
 * fp_fma.c - FPMulAdd (one rounding of addend + op1*op2) and the fused
 * Newton-Raphson steps FPRecipStepFused / FPRSqrtStepFused (DDI 0487
 * shared/functions/float).
 */
#include "softfp_int.h"

/* (-1)^cs*c + (-1)^ps*p*2^pe2 exactly, where c is a finite non-zero FpVal and
 * p a non-zero 128-bit product, rounded once. scale_down: extra power of
 * two applied to the sum (FRSQRTS halves it before rounding). */
static uint64_t add_product(unsigned f, bool cs, const FpVal *c, bool ps, u128 p, int32_t pe2,
                            int scale, FpRounding rm, FpCtx *ctx)
{
    /* Normalize the product to bit 125 (value = pn * 2^(pexp - 125)); a
     * product of two <= 53-bit significands has >= 20 trailing zero bits
     * at bit 0 after that, so nothing is lost. */
    unsigned msb = 127 - fp_clz128(p);
    u128 pn = msb > 125 ? fp_shr_sticky128(p, msb - 125) : p << (125 - msb);
    int32_t pexp = pe2 + (int32_t)msb;
    u128 cn = (u128)c->mant << 62;
    int32_t cexp = c->exp;

    u128 big = pn, small = cn;
    int32_t bexp = pexp, sexp = cexp;
    bool bs = ps, ss = cs;
    if (cexp > pexp || (cexp == pexp && cn > pn)) {
        big = cn;
        small = pn;
        bexp = cexp;
        sexp = pexp;
        bs = cs;
        ss = ps;
    }
    small = fp_shr_sticky128(small, (unsigned)(bexp - sexp));
    u128 s;
    if (bs == ss) {
        /* May carry into bit 126: still fits. */
        s = big + small;
    } else {
        s = big - small;
        if (s == 0) {
            return fp_pack_zero(f, rm == FP_RM);
        }
    }
    return fp_round128(f, bs, bexp - 125 + scale, s, rm, ctx, 0);
}

static inline bool is_infzero(const FpVal *a, const FpVal *b)
{
    return (a->cls == FPC_INF && b->cls == FPC_ZERO) || (a->cls == FPC_ZERO && b->cls == FPC_INF);
}

/* FPMulAdd after NaN processing; f is the format of the addend and the
 * result (the product's operands may be narrower: FPMulAddH). */
static uint64_t muladd_vals(FpFmt f, FpVal c, FpVal a, FpVal b, FpCtx *ctx)
{
    bool infzero = is_infzero(&a, &b);
    bool ps = a.sign ^ b.sign;
    bool pinf = a.cls == FPC_INF || b.cls == FPC_INF;
    bool pzero = a.cls == FPC_ZERO || b.cls == FPC_ZERO;
    if (infzero || (c.cls == FPC_INF && pinf && c.sign != ps)) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if ((c.cls == FPC_INF && !c.sign) || (pinf && !ps)) {
        return fp_pack_inf(f, false);
    }
    if ((c.cls == FPC_INF && c.sign) || (pinf && ps)) {
        return fp_pack_inf(f, true);
    }
    if (c.cls == FPC_ZERO && pzero) {
        return fp_pack_zero(f, c.sign == ps ? c.sign : ctx->rmode == FP_RM);
    }
    if (pzero) {
        return fp_round(f, c.sign, c.exp, c.mant, ctx->rmode, ctx, 0);
    }
    u128 p = (u128)a.mant * b.mant;
    if (c.cls == FPC_ZERO) {
        return fp_round128(f, ps, a.exp + b.exp - 126, p, ctx->rmode, ctx, 0);
    }
    return add_product(f, c.sign, &c, ps, p, a.exp + b.exp - 126, 0, ctx->rmode, ctx);
}

uint64_t fp_muladd_soft(FpFmt f, uint64_t cb, uint64_t ab, uint64_t bb, FpCtx *ctx)
{
    FpVal c = fp_unpack(f, cb, ctx, 0);
    FpVal a = fp_unpack(f, ab, ctx, 0);
    FpVal b = fp_unpack(f, bb, ctx, 0);
    uint64_t r;
    bool done = fp_process_nans3(f, &c, cb, &a, ab, &b, bb, &r, ctx);
    /* A quiet-NaN addend does not hide the invalid 0 * inf. */
    if (c.cls == FPC_QNAN && is_infzero(&a, &b)) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(f);
    }
    if (done) {
        return r;
    }
    return muladd_vals(f, c, a, b, ctx);
}

/* FPProcessNaN of a binary16 operand, then FPConvertNaN to binary32. */
static uint64_t half_nan_to_single(const FpVal *v, uint64_t bits, FpCtx *ctx)
{
    FpCtx quiet = *ctx;
    quiet.dn = false;       /* DN applies to the single-precision result */
    uint64_t h = fp_process_nan(FP_H, v, bits, &quiet);
    ctx->exc = quiet.exc;
    if (ctx->dn) {
        return fp_pack_dnan(FP_S);
    }
    return ((h & 0x8000) << 16) | 0x7fc00000 | ((h & 0x1ff) << 13);
}

uint64_t fp_muladd_h2s(uint64_t addend, uint64_t op1, uint64_t op2, FpCtx *ctx)
{
    FpVal c = fp_unpack(FP_S, addend, ctx, 0);
    FpVal a = fp_unpack(FP_H, op1, ctx, 0);
    FpVal b = fp_unpack(FP_H, op2, ctx, 0);
    /* FPProcessNaNs3H: signalling NaNs first (addend, op1, op2), then
     * quiet ones; a half NaN is processed, then widened. */
    uint64_t r;
    bool done = true;
    if (c.cls == FPC_SNAN) {
        r = fp_process_nan(FP_S, &c, addend, ctx);
    } else if (a.cls == FPC_SNAN) {
        r = half_nan_to_single(&a, op1, ctx);
    } else if (b.cls == FPC_SNAN) {
        r = half_nan_to_single(&b, op2, ctx);
    } else if (c.cls == FPC_QNAN) {
        r = fp_process_nan(FP_S, &c, addend, ctx);
    } else if (a.cls == FPC_QNAN) {
        r = half_nan_to_single(&a, op1, ctx);
    } else if (b.cls == FPC_QNAN) {
        r = half_nan_to_single(&b, op2, ctx);
    } else {
        done = false;
    }
    if (c.cls == FPC_QNAN && is_infzero(&a, &b)) {
        ctx->exc |= FP_EXC_IOC;
        return fp_pack_dnan(FP_S);
    }
    if (done) {
        return r;
    }
    return muladd_vals(FP_S, c, a, b, ctx);
}

uint32_t fp_bfdotadd(uint32_t sum, uint32_t e1, uint32_t e2)
{
    /* Unfused: each product and sum rounded to odd (overflow to infinity),
     * denormal inputs and results flushed, default NaN, FPSR untouched. */
    FpCtx c = { .rmode = FP_RO_INF, .fz = true, .dn = true };
    uint64_t t1 = fp_mul(FP_S, (uint64_t)(e1 << 16), (uint64_t)(e2 << 16), &c);
    uint64_t t2 = fp_mul(FP_S, e1 & 0xffff0000u, e2 & 0xffff0000u, &c);
    uint64_t t = fp_add(FP_S, t1, t2, &c);
    return (uint32_t)fp_add(FP_S, sum, t, &c);
}

/* FPRecipStepFused (FRECPS): 2 - a*b, and FPRSqrtStepFused (FRSQRTS):
 * (3 - a*b)/2, each with one rounding. op1 is negated before anything else,
 * so a NaN op1 propagates with its sign flipped. */
static uint64_t step_fused(FpFmt f, uint64_t ab, uint64_t bb, bool rsqrt, FpCtx *ctx)
{
    ab = fp_neg(f, ab);
    FpVal a = fp_unpack(f, ab, ctx, 0);
    FpVal b = fp_unpack(f, bb, ctx, 0);
    uint64_t r;
    if (fp_process_nans(f, &a, ab, &b, bb, &r, ctx)) {
        return r;
    }
    bool ps = a.sign ^ b.sign;
    if ((a.cls == FPC_INF && b.cls == FPC_ZERO) || (a.cls == FPC_ZERO && b.cls == FPC_INF)) {
        return rsqrt ? fp_pack_const(f, false, 3, -1) : fp_pack_const(f, false, 2, 0);
    }
    if (a.cls == FPC_INF || b.cls == FPC_INF) {
        return fp_pack_inf(f, ps);
    }
    FpVal k = { .cls = FPC_FINITE, .sign = false, .exp = rsqrt ? 1 : 1,
                .mant = rsqrt ? 3ull << 62 : 1ull << 63 };
    if (a.cls == FPC_ZERO || b.cls == FPC_ZERO) {
        /* 2 + 0 or (3 + 0)/2: exact constants. */
        return rsqrt ? fp_pack_const(f, false, 3, -1) : fp_pack_const(f, false, 2, 0);
    }
    u128 p = (u128)a.mant * b.mant;
    return add_product(f, false, &k, ps, p, a.exp + b.exp - 126, rsqrt ? -1 : 0, ctx->rmode,
                       ctx);
}

uint64_t fp_recps(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return step_fused(f, a, b, false, ctx);
}

uint64_t fp_rsqrts(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx)
{
    return step_fused(f, a, b, true, ctx);
}
