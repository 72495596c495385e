/* SPDX-License-Identifier: MIT */
/*
 * softfp_int.h - internals shared by the softfp files: format parameters,
 * the unpacked value, FPUnpack, FPRound and NaN processing.
 *
 * An unpacked finite non-zero value is mant * 2^(exp - 63) with mant
 * normalized (bit 63 set), i.e. "mantissa" in [1,2) times 2^exp as in the
 * pseudocode's FPRoundBase. Operations compute an exact result, or one
 * whose lost low bits are ORed into bit 0 ("sticky"), and hand it to
 * fp_round(), which is FPRoundBase.
 */
#ifndef A64EMU_SOFTFP_INT_H
#define A64EMU_SOFTFP_INT_H

#include <string.h>

#include "softfp.h"

typedef unsigned __int128 u128;

/* Format parameters. Index: FpFmt, and 0 = BFloat16 (FPRoundBase with
 * isbfloat16: binary32's exponent range, 7 fraction bits). */
typedef struct FpFmtInfo {
    uint8_t n;      /* bits */
    uint8_t e;      /* exponent bits */
    uint8_t f;      /* fraction bits */
    int16_t bias;
    int16_t emin;   /* minimum_exp = 1 - bias */
} FpFmtInfo;
extern const FpFmtInfo fp_fmt_info[4];
#define FP_BF 0     /* internal pseudo-format */

enum { FPC_ZERO, FPC_FINITE, FPC_INF, FPC_QNAN, FPC_SNAN };

typedef struct FpVal {
    uint8_t cls;
    bool sign;
    bool denorm;    /* a denormal input that was not flushed */
    int32_t exp;
    uint64_t mant;
} FpVal;

/* Internal rounding mode: round to odd, overflow to infinity (the
 * non-IEEE mode of BFDOT/BFMMLA without FEAT_EBF16). */
#define FP_RO_INF ((FpRounding)6)

/* fp_unpack/fp_round modes */
enum {
    FPM_CV = 1,     /* FPUnpackCV/FPRoundCV: FZ16 ignored, AHP honoured */
};

static inline unsigned fp_clz64(uint64_t x) { return x ? (unsigned)__builtin_clzll(x) : 64; }
static inline unsigned fp_clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? fp_clz64(hi) : 64 + fp_clz64((uint64_t)x);
}
static inline uint64_t fp_mask(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

/* Shift right, ORing every bit shifted out into bit 0. */
static inline uint64_t fp_shr_sticky(uint64_t x, unsigned d)
{
    if (d == 0) return x;
    if (d >= 64) return x != 0;
    return (x >> d) | ((x & ((1ull << d) - 1)) != 0);
}
static inline u128 fp_shr_sticky128(u128 x, unsigned d)
{
    if (d == 0) return x;
    if (d >= 128) return x != 0;
    return (x >> d) | ((x & (((u128)1 << d) - 1)) != 0);
}

static inline bool fp_uses_fz(FpFmt f, const FpCtx *ctx, unsigned mode)
{
    return f == FP_H ? (ctx->fz16 && !(mode & FPM_CV)) : ctx->fz;
}

static inline uint64_t fp_pack_zero(unsigned f, bool sign)
{
    return (uint64_t)sign << (fp_fmt_info[f].n - 1);
}
static inline uint64_t fp_pack_inf(unsigned f, bool sign)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    return fp_pack_zero(f, sign) | (fp_mask(fi->e) << fi->f);
}
static inline uint64_t fp_pack_max_normal(unsigned f, bool sign)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    return fp_pack_zero(f, sign) | ((fp_mask(fi->e) - 1) << fi->f) | fp_mask(fi->f);
}
static inline uint64_t fp_pack_dnan(unsigned f)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    return (fp_mask(fi->e) << fi->f) | (1ull << (fi->f - 1));
}
/* A small exact constant: m * 2^(k) with m < 2^(f+1). */
uint64_t fp_pack_const(unsigned f, bool sign, uint64_t m, int k);

/* FPUnpackBase. Sets IDC for a flushed single/double denormal. (Inline:
 * it is the hottest part of the software path.) */
static inline FpVal fp_unpack(FpFmt f, uint64_t bits, FpCtx *ctx, unsigned mode)
{
    const FpFmtInfo *fi = &fp_fmt_info[f];
    FpVal v = { 0 };
    bits &= fp_mask(fi->n);
    v.sign = bits >> (fi->n - 1);
    uint64_t frac = bits & fp_mask(fi->f);
    uint64_t e = (bits >> fi->f) & fp_mask(fi->e);
    if (e == 0) {
        if (frac == 0) {
            v.cls = FPC_ZERO;
        } else if (fp_uses_fz(f, ctx, mode)) {
            /* Flushed input denormal. IDC for single/double only: the
             * pseudocode's FZ16 path does not signal it. */
            v.cls = FPC_ZERO;
            if (f != FP_H) {
                ctx->exc |= FP_EXC_IDC;
            }
        } else {
            unsigned lz = fp_clz64(frac);
            v.cls = FPC_FINITE;
            v.denorm = true;
            v.mant = frac << lz;
            v.exp = fi->emin - fi->f + 63 - (int)lz;
        }
    } else if (e == fp_mask(fi->e) && !(f == FP_H && (mode & FPM_CV) && ctx->ahp)) {
        if (frac == 0) {
            v.cls = FPC_INF;
        } else {
            v.cls = (frac >> (fi->f - 1)) & 1 ? FPC_QNAN : FPC_SNAN;
        }
    } else {
        v.cls = FPC_FINITE;
        v.mant = (1ull << 63) | (frac << (63 - fi->f));
        v.exp = (int)e - fi->bias;
    }
    return v;
}

/* FPRoundBase of the value (-1)^sign * mant * 2^(exp-63); mant != 0, need
 * not be normalized. */
uint64_t fp_round(unsigned f, bool sign, int32_t exp, uint64_t mant, FpRounding rm,
                  FpCtx *ctx, unsigned mode);
/* Same for value = (-1)^sign * m * 2^e2, m != 0 any 128-bit integer. */
uint64_t fp_round128(unsigned f, bool sign, int32_t e2, u128 m, FpRounding rm, FpCtx *ctx,
                     unsigned mode);

/* FPProcessNaN: quiet an SNaN (IOC), or the default NaN under FPCR.DN. */
uint64_t fp_process_nan(FpFmt f, const FpVal *v, uint64_t bits, FpCtx *ctx);
/* FPProcessNaNs / FPProcessNaNs3: returns true and sets *res if any
 * operand is a NaN. */
bool fp_process_nans(FpFmt f, const FpVal *a, uint64_t ab, const FpVal *b, uint64_t bb,
                     uint64_t *res, FpCtx *ctx);
bool fp_process_nans3(FpFmt f, const FpVal *a, uint64_t ab, const FpVal *b, uint64_t bb,
                      const FpVal *c, uint64_t cb, uint64_t *res, FpCtx *ctx);

static inline bool fp_val_is_nan(const FpVal *v) { return v->cls >= FPC_QNAN; }

/* Exact comparison of two non-NaN values: -1, 0, 1. */
int fp_val_cmp(const FpVal *a, const FpVal *b);

/* Integer rounding of a finite value scaled by 2^scale (FPRoundInt,
 * FPToFixed): magnitude rounded per rm, and whether it was inexact.
 * *huge is set if the magnitude is >= 2^64 (value not returned). */
uint64_t fp_round_to_integer(const FpVal *v, int scale, FpRounding rm, bool *inexact,
                             bool *huge);

/* Software reference paths (the fast paths in the public functions fall
 * back to these). */
uint64_t fp_addsub_soft(FpFmt f, uint64_t a, uint64_t b, bool sub, FpCtx *ctx);
uint64_t fp_mul_soft(FpFmt f, uint64_t a, uint64_t b, bool mulx, FpCtx *ctx);
uint64_t fp_div_soft(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_muladd_soft(FpFmt f, uint64_t c, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_sqrt_soft(FpFmt f, uint64_t a, FpCtx *ctx);

/* Host binary32/binary64 arithmetic is IEEE 754 with no excess precision:
 * the fast paths (fp_ops.c, and exact-case shortcuts elsewhere) rely on it. */
#if (defined(__x86_64__) || defined(__aarch64__)) && defined(__FLT_EVAL_METHOD__) && \
    __FLT_EVAL_METHOD__ == 0 && !defined(__FAST_MATH__)
#define FP_FAST 1
#else
#define FP_FAST 0
#endif

static inline float f32_of(uint64_t b)
{
    uint32_t u = (uint32_t)b;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline uint64_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline double f64_of(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}
static inline uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* A binary32/binary64 operand that is zero, normal or infinite: one the
 * host compares and converts exactly, with no Arm flag at stake (no NaN,
 * no denormal that FZ would flush with IDC). */
static inline bool fp_host_plain(FpFmt f, uint64_t a)
{
    if (f == FP_S) {
        uint32_t e = ((uint32_t)a >> 23) & 0xff;
        return (e - 1u < 0xfeu) || (a & 0x7fffff) == 0;
    }
    uint64_t e = (a >> 52) & 0x7ff;
    return (e - 1u < 0x7feu) || (a & 0xfffffffffffffull) == 0;
}

/* Its value as a host double (exact). */
static inline double fp_host_value(FpFmt f, uint64_t a)
{
    return f == FP_S ? (double)f32_of(a) : f64_of(a);
}

#endif
