/* SPDX-License-Identifier: MIT */
/*
 * helper_simd_int.c - the Advanced SIMD integer instructions, executed lane
 * by lane on cpu->v (DDI 0487 C7.2, the per-instruction pseudocode; the
 * shared functions SatQ, SignedSatQ, UnsignedSatQ, PolynomialMult and
 * the shift/rounding rules of SSHL etc. in J1).
 *
 * Each lane is handled as a 64-bit raw value (zero-extended); an element
 * function sees the raw bits of its operands and the element size in the
 * context, sign-extends where the instruction is signed, computes in
 * 128-bit arithmetic where the pseudocode's unbounded integers can exceed
 * 64 bits, and returns the raw result bits. Lane order, register access and
 * zeroing are done once, by shape, in helper_simd_int(). The most common
 * lane-wise operations also have a whole-register version (fast_same(),
 * GCC vector types) that the helper prefers; the differential tests check
 * the two against the reference alike.
 */
#include <string.h>

#include "cpu.h"
#include "helpers.h"
#include "simd_int.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

typedef struct SiCtx {
    unsigned esz;     /* narrow (or only) element size, log2 bytes */
    unsigned imm;     /* shift amount of the by-immediate shifts */
    bool qc;          /* a lane saturated */
} SiCtx;

typedef uint64_t SiFn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m);

/* ---- lanes ----------------------------------------------------------- */

static inline unsigned ebits(unsigned esz)
{
    return 8u << esz;
}

static inline uint64_t emask(unsigned esz)
{
    return esz >= 3 ? ~0ull : (1ull << ebits(esz)) - 1;
}

static inline int64_t sx(uint64_t x, unsigned esz)
{
    unsigned sh = 64 - ebits(esz);
    return (int64_t)(x << sh) >> sh;
}

static inline uint64_t vget(const uint64_t *v, unsigned esz, unsigned i)
{
    unsigned bit = i * ebits(esz);
    return (v[bit >> 6] >> (bit & 63)) & emask(esz);
}

static inline void vset(uint64_t *v, unsigned esz, unsigned i, uint64_t x)
{
    unsigned bit = i * ebits(esz);
    uint64_t m = emask(esz) << (bit & 63);
    v[bit >> 6] = (v[bit >> 6] & ~m) | ((x << (bit & 63)) & m);
}

/* SignedSatQ / UnsignedSatQ (J1.3): clamp to the element range, note QC. */
static uint64_t sat_s(SiCtx *c, i128 v, unsigned esz)
{
    i128 max = (i128)(emask(esz) >> 1);
    i128 min = -max - 1;
    if (v > max) {
        c->qc = true;
        v = max;
    } else if (v < min) {
        c->qc = true;
        v = min;
    }
    return (uint64_t)v & emask(esz);
}

static uint64_t sat_u(SiCtx *c, i128 v, unsigned esz)
{
    if (v < 0) {
        c->qc = true;
        return 0;
    }
    if (v > (i128)emask(esz)) {
        c->qc = true;
        return emask(esz);
    }
    return (uint64_t)v;
}

/* ---- three same ------------------------------------------------------ */

#define E (c->esz)
#define SN sx(n, E)
#define SM sx(m, E)
#define SD sx(d, E)
#define MASK(v) ((uint64_t)(v) & emask(E))
#define ONES(cond) ((cond) ? emask(E) : 0)

static uint64_t f_shadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((i128)SN + SM) >> 1);
}
static uint64_t f_uhadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((u128)n + m) >> 1);
}
static uint64_t f_srhadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((i128)SN + SM + 1) >> 1);
}
static uint64_t f_urhadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((u128)n + m + 1) >> 1);
}
static uint64_t f_shsub(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((i128)SN - SM) >> 1);
}
static uint64_t f_uhsub(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((i128)n - (i128)m) >> 1);
}
static uint64_t f_sqadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)SN + SM, E);
}
static uint64_t f_uqadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)n + (i128)m, E);
}
static uint64_t f_sqsub(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)SN - SM, E);
}
static uint64_t f_uqsub(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)n - (i128)m, E);
}
static uint64_t f_cmgt(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN > SM);
}
static uint64_t f_cmhi(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(n > m);
}
static uint64_t f_cmge(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN >= SM);
}
static uint64_t f_cmhs(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(n >= m);
}
static uint64_t f_cmtst(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES((n & m) != 0);
}
static uint64_t f_cmeq(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(n == m);
}

/*
 * The shift-by-register family (C7.2 SSHL, SRSHL, SQSHL, SQRSHL and the U
 * forms): shift = SInt(Vm<7:0>); the element (Int(x, unsigned)) plus the
 * rounding constant 1 << (-shift - 1) is shifted left by shift (right for
 * negative shift, flooring), then truncated or saturated. In unbounded
 * integers; here a left shift of esize or more only ever yields zero bits
 * or saturation, and a right shift by more than esize + 1 gives the same
 * result as one by esize + 1, so 128 bits suffice.
 */
static uint64_t shl_reg(SiCtx *c, uint64_t n, uint64_t m, bool is_unsigned, bool round,
                        bool sat)
{
    int shift = (int8_t)(m & 0xff);
    i128 x = is_unsigned ? (i128)n : (i128)SN;
    i128 r;

    if (shift >= 0) {
        if (x == 0) {
            return 0;
        }
        if ((unsigned)shift >= ebits(E)) {
            if (!sat) {
                return 0;
            }
            /* |x| << esize is outside every esize-bit range */
            c->qc = true;
            if (is_unsigned) {
                return emask(E);
            }
            return x < 0 ? MASK(emask(E) >> 1) + 1 : emask(E) >> 1;
        }
        r = x * ((i128)1 << shift); /* not <<: x may be negative */
    } else {
        unsigned k = (unsigned)-shift;
        if (k > ebits(E) + 1) {
            k = ebits(E) + 1;
        }
        if (round) {
            x += (i128)1 << (k - 1);
        }
        r = x >> k;
    }
    if (sat) {
        return is_unsigned ? sat_u(c, r, E) : sat_s(c, r, E);
    }
    return MASK(r);
}

static uint64_t f_sshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, false, false, false);
}
static uint64_t f_ushl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, true, false, false);
}
static uint64_t f_srshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, false, true, false);
}
static uint64_t f_urshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, true, true, false);
}
static uint64_t f_sqshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, false, false, true);
}
static uint64_t f_uqshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, true, false, true);
}
static uint64_t f_sqrshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, false, true, true);
}
static uint64_t f_uqrshl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return shl_reg(c, n, m, true, true, true);
}

static uint64_t f_smax(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return SN >= SM ? n : m;
}
static uint64_t f_umax(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return n >= m ? n : m;
}
static uint64_t f_smin(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return SN <= SM ? n : m;
}
static uint64_t f_umin(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return n <= m ? n : m;
}
static uint64_t f_sabd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 r = (i128)SN - SM;
    return MASK(r < 0 ? -r : r);
}
static uint64_t f_uabd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n >= m ? n - m : m - n);
}
static uint64_t f_saba(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_sabd(c, 0, n, m));
}
static uint64_t f_uaba(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_uabd(c, 0, n, m));
}
static uint64_t f_add(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n + m);
}
static uint64_t f_sub(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n - m);
}
static uint64_t f_mla(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + n * m);
}
static uint64_t f_mls(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d - n * m);
}
static uint64_t f_mul(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n * m);
}

/* PolynomialMult (J1.3): carry-less product of two 64-bit values. */
static u128 clmul64(uint64_t a, uint64_t b)
{
    u128 r = 0;
    for (unsigned i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= (u128)a << i;
        }
    }
    return r;
}

static uint64_t f_pmul(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK((uint64_t)clmul64(n, m));
}

/* SQDMULH / SQRDMULH: SignedSatQ((2 * n * m + round) >> esize). */
static uint64_t f_sqdmulh(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, ((i128)2 * SN * SM) >> ebits(E), E);
}
static uint64_t f_sqrdmulh(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 r = (i128)2 * SN * SM + ((i128)1 << (ebits(E) - 1));
    return sat_s(c, r >> ebits(E), E);
}
/* SQRDMLAH / SQRDMLSH (FEAT_RDM): accumulate at 2 * esize before the
 * rounding shift, one saturation. */
static uint64_t f_sqrdmlah(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 r = ((i128)SD * ((i128)1 << ebits(E))) + (i128)2 * SN * SM + ((i128)1 << (ebits(E) - 1));
    return sat_s(c, r >> ebits(E), E);
}
static uint64_t f_sqrdmlsh(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 r = ((i128)SD * ((i128)1 << ebits(E))) - (i128)2 * SN * SM + ((i128)1 << (ebits(E) - 1));
    return sat_s(c, r >> ebits(E), E);
}

/* SDOT / UDOT (FEAT_DotProd): 32-bit lane += sum of four byte products. */
static uint64_t f_sdot(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    uint32_t r = (uint32_t)d;
    for (unsigned k = 0; k < 4; k++) {
        r += (uint32_t)((int32_t)(int8_t)(n >> (8 * k)) * (int32_t)(int8_t)(m >> (8 * k)));
    }
    return r;
}
static uint64_t f_udot(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    uint32_t r = (uint32_t)d;
    for (unsigned k = 0; k < 4; k++) {
        r += (uint32_t)(uint8_t)(n >> (8 * k)) * (uint8_t)(m >> (8 * k));
    }
    return r;
}

/* USDOT: unsigned bytes of n by signed bytes of m; SUDOT the other way
 * round (FEAT_I8MM). */
static uint64_t f_usdot(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    uint32_t r = (uint32_t)d;
    for (unsigned k = 0; k < 4; k++) {
        r += (uint32_t)((int32_t)(uint8_t)(n >> (8 * k)) * (int32_t)(int8_t)(m >> (8 * k)));
    }
    return r;
}
static uint64_t f_sudot(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return f_usdot(c, d, m, n);
}

/* ---- two-register misc (unary; m unused) ----------------------------- */

static unsigned clz_e(uint64_t x, unsigned esz)
{
    if (x == 0) {
        return ebits(esz);
    }
    return (unsigned)__builtin_clzll(x) - (64 - ebits(esz));
}

static uint64_t f_cls(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    int64_t v = SN;
    uint64_t y = (uint64_t)(v ^ (v >> 63)) & emask(E);
    return clz_e(y, E) - 1;
}
static uint64_t f_clz(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return clz_e(n, E);
}
static uint64_t f_sqabs(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 v = SN;
    return sat_s(c, v < 0 ? -v : v, E);
}
static uint64_t f_sqneg(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, -(i128)SN, E);
}
static uint64_t f_abs(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    i128 v = SN;
    return MASK(v < 0 ? -v : v);
}
static uint64_t f_neg(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(-n);
}
static uint64_t f_cmgt0(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN > 0);
}
static uint64_t f_cmge0(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN >= 0);
}
static uint64_t f_cmeq0(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(n == 0);
}
static uint64_t f_cmle0(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN <= 0);
}
static uint64_t f_cmlt0(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return ONES(SN < 0);
}
/* SUQADD: signed accumulator + unsigned operand, signed saturation;
 * USQADD: unsigned accumulator + signed operand, unsigned saturation. */
static uint64_t f_suqadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)SD + (i128)n, E);
}
static uint64_t f_usqadd(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)d + SN, E);
}

/* ---- shift by immediate (same size; shift in c->imm) ----------------- */

#define SH (c->imm)

static uint64_t f_sshr(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK((i128)SN >> SH);
}
static uint64_t f_ushr(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK((u128)n >> SH);
}
static uint64_t f_ssra(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_sshr(c, 0, n, 0));
}
static uint64_t f_usra(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_ushr(c, 0, n, 0));
}
static uint64_t f_srshr(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((i128)SN + ((i128)1 << (SH - 1))) >> SH);
}
static uint64_t f_urshr(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((u128)n + ((u128)1 << (SH - 1))) >> SH);
}
static uint64_t f_srsra(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_srshr(c, 0, n, 0));
}
static uint64_t f_ursra(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(d + f_urshr(c, 0, n, 0));
}
/* SRI: shift right and insert; the top SH bits of the lane are kept. */
static uint64_t f_sri(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    if (SH >= ebits(E)) {
        return d;
    }
    uint64_t keep = ~(emask(E) >> SH) & emask(E);
    return (d & keep) | (n >> SH);
}
static uint64_t f_shl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n << SH);
}
/* SLI: shift left and insert; the low SH bits of the lane are kept. */
static uint64_t f_sli(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    uint64_t ins = (emask(E) << SH) & emask(E);
    return (d & ~ins) | ((n << SH) & ins);
}
static uint64_t f_sqshlu(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)SN * ((i128)1 << SH), E);
}
static uint64_t f_sqshli(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)SN * ((i128)1 << SH), E);
}
static uint64_t f_uqshli(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)((u128)n << SH), E);
}

/* ---- long: E is the narrow size, the result 2 * esize ---------------- */

#define WMASK(v) ((uint64_t)(v) & emask(E + 1))
#define SDW sx(d, E + 1)

static uint64_t f_saddl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(SN + SM);
}
static uint64_t f_uaddl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n + m);
}
static uint64_t f_ssubl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(SN - SM);
}
static uint64_t f_usubl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n - m);
}
static uint64_t f_sabdl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    int64_t r = SN - SM;
    return WMASK(r < 0 ? -r : r);
}
static uint64_t f_uabdl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n >= m ? n - m : m - n);
}
static uint64_t f_sabal(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + f_sabdl(c, 0, n, m));
}
static uint64_t f_uabal(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + f_uabdl(c, 0, n, m));
}
static uint64_t f_smull(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK((uint64_t)SN * (uint64_t)SM);
}
static uint64_t f_umull(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n * m);
}
static uint64_t f_smlal(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + (uint64_t)SN * (uint64_t)SM);
}
static uint64_t f_umlal(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + n * m);
}
static uint64_t f_smlsl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d - (uint64_t)SN * (uint64_t)SM);
}
static uint64_t f_umlsl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d - n * m);
}
/* SQDMULL: SignedSatQ(2 * n * m, 2 * esize); SQDMLAL/SQDMLSL saturate
 * the doubled product, then the accumulation (both set QC). */
static uint64_t f_sqdmull(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)2 * SN * SM, E + 1);
}
static uint64_t f_sqdmlal(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    int64_t p = sx(f_sqdmull(c, 0, n, m), E + 1);
    return sat_s(c, (i128)SDW + p, E + 1);
}
static uint64_t f_sqdmlsl(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    int64_t p = sx(f_sqdmull(c, 0, n, m), E + 1);
    return sat_s(c, (i128)SDW - p, E + 1);
}
static uint64_t f_pmull(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK((uint64_t)clmul64(n, m));
}
/* SHLL: widen and shift left by esize; SSHLL/USHLL by the immediate. */
static uint64_t f_shll(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n << ebits(E));
}
static uint64_t f_sshll(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK((uint64_t)SN << SH);
}
static uint64_t f_ushll(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n << SH);
}

/* ---- wide: n is 2 * esize, m narrow ----------------------------------- */

static uint64_t f_saddw(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n + (uint64_t)SM);
}
static uint64_t f_uaddw(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n + m);
}
static uint64_t f_ssubw(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n - (uint64_t)SM);
}
static uint64_t f_usubw(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(n - m);
}

/* ---- narrow: n (and m) are 2 * esize, the result esize ---------------- */

#define SNW sx(n, E + 1)

/* ADDHN etc.: the high half of the 2 * esize sum (modulo 2^(2 * esize)),
 * rounded by adding 1 << (esize - 1) first for the R forms. */
static uint64_t f_addhn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(WMASK(n + m) >> ebits(E));
}
static uint64_t f_raddhn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(WMASK(n + m + (1ull << (ebits(E) - 1))) >> ebits(E));
}
static uint64_t f_subhn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(WMASK(n - m) >> ebits(E));
}
static uint64_t f_rsubhn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(WMASK(n - m + (1ull << (ebits(E) - 1))) >> ebits(E));
}
static uint64_t f_xtn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n);
}
static uint64_t f_sqxtn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, SNW, E);
}
static uint64_t f_uqxtn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)n, E);
}
static uint64_t f_sqxtun(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, SNW, E);
}
/* Narrowing right shifts: shift 1..esize of the 2 * esize lane. */
static i128 rnd(unsigned sh)
{
    return (i128)1 << (sh - 1);
}
static uint64_t f_shrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(n >> SH);
}
static uint64_t f_rshrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return MASK(((u128)n + (u128)rnd(SH)) >> SH);
}
static uint64_t f_sqshrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, (i128)SNW >> SH, E);
}
static uint64_t f_sqrshrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_s(c, ((i128)SNW + rnd(SH)) >> SH, E);
}
static uint64_t f_uqshrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)(n >> SH), E);
}
static uint64_t f_uqrshrn(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, ((i128)n + rnd(SH)) >> SH, E);
}
static uint64_t f_sqshrun(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, (i128)SNW >> SH, E);
}
static uint64_t f_sqrshrun(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return sat_u(c, ((i128)SNW + rnd(SH)) >> SH, E);
}

/* ---- pairlong: d wide, n and m the two narrow lanes of a pair -------- */

static uint64_t f_sadalp(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + (uint64_t)SN + (uint64_t)SM);
}
static uint64_t f_uadalp(SiCtx *c, uint64_t d, uint64_t n, uint64_t m)
{
    return WMASK(d + n + m);
}

/* ---- the operation table ---------------------------------------------- */

enum { SH_SAME, SH_PAIR, SH_LONG, SH_WIDE, SH_NARROW, SH_PAIRLONG, SH_ACROSS, SH_PMULL64,
       SH_MMLA };

static const struct {
    SiFn *fn;
    uint8_t shape;
} si_ops[SI_OP_COUNT] = {
    [SI_SHADD] = {f_shadd, SH_SAME},     [SI_UHADD] = {f_uhadd, SH_SAME},
    [SI_SRHADD] = {f_srhadd, SH_SAME},   [SI_URHADD] = {f_urhadd, SH_SAME},
    [SI_SHSUB] = {f_shsub, SH_SAME},     [SI_UHSUB] = {f_uhsub, SH_SAME},
    [SI_SQADD] = {f_sqadd, SH_SAME},     [SI_UQADD] = {f_uqadd, SH_SAME},
    [SI_SQSUB] = {f_sqsub, SH_SAME},     [SI_UQSUB] = {f_uqsub, SH_SAME},
    [SI_CMGT] = {f_cmgt, SH_SAME},       [SI_CMHI] = {f_cmhi, SH_SAME},
    [SI_CMGE] = {f_cmge, SH_SAME},       [SI_CMHS] = {f_cmhs, SH_SAME},
    [SI_CMTST] = {f_cmtst, SH_SAME},     [SI_CMEQ] = {f_cmeq, SH_SAME},
    [SI_SSHL] = {f_sshl, SH_SAME},       [SI_USHL] = {f_ushl, SH_SAME},
    [SI_SRSHL] = {f_srshl, SH_SAME},     [SI_URSHL] = {f_urshl, SH_SAME},
    [SI_SQSHL] = {f_sqshl, SH_SAME},     [SI_UQSHL] = {f_uqshl, SH_SAME},
    [SI_SQRSHL] = {f_sqrshl, SH_SAME},   [SI_UQRSHL] = {f_uqrshl, SH_SAME},
    [SI_SMAX] = {f_smax, SH_SAME},       [SI_UMAX] = {f_umax, SH_SAME},
    [SI_SMIN] = {f_smin, SH_SAME},       [SI_UMIN] = {f_umin, SH_SAME},
    [SI_SABD] = {f_sabd, SH_SAME},       [SI_UABD] = {f_uabd, SH_SAME},
    [SI_SABA] = {f_saba, SH_SAME},       [SI_UABA] = {f_uaba, SH_SAME},
    [SI_ADD] = {f_add, SH_SAME},         [SI_SUB] = {f_sub, SH_SAME},
    [SI_MLA] = {f_mla, SH_SAME},         [SI_MLS] = {f_mls, SH_SAME},
    [SI_MUL] = {f_mul, SH_SAME},         [SI_PMUL] = {f_pmul, SH_SAME},
    [SI_SQDMULH] = {f_sqdmulh, SH_SAME}, [SI_SQRDMULH] = {f_sqrdmulh, SH_SAME},
    [SI_SQRDMLAH] = {f_sqrdmlah, SH_SAME}, [SI_SQRDMLSH] = {f_sqrdmlsh, SH_SAME},
    [SI_SDOT] = {f_sdot, SH_SAME},       [SI_UDOT] = {f_udot, SH_SAME},
    [SI_USDOT] = {f_usdot, SH_SAME},     [SI_SUDOT] = {f_sudot, SH_SAME},

    [SI_CLS] = {f_cls, SH_SAME},         [SI_CLZ] = {f_clz, SH_SAME},
    [SI_SQABS] = {f_sqabs, SH_SAME},     [SI_SQNEG] = {f_sqneg, SH_SAME},
    [SI_ABS] = {f_abs, SH_SAME},         [SI_NEG] = {f_neg, SH_SAME},
    [SI_CMGT0] = {f_cmgt0, SH_SAME},     [SI_CMGE0] = {f_cmge0, SH_SAME},
    [SI_CMEQ0] = {f_cmeq0, SH_SAME},     [SI_CMLE0] = {f_cmle0, SH_SAME},
    [SI_CMLT0] = {f_cmlt0, SH_SAME},     [SI_SUQADD] = {f_suqadd, SH_SAME},
    [SI_USQADD] = {f_usqadd, SH_SAME},

    [SI_SSHR] = {f_sshr, SH_SAME},       [SI_USHR] = {f_ushr, SH_SAME},
    [SI_SSRA] = {f_ssra, SH_SAME},       [SI_USRA] = {f_usra, SH_SAME},
    [SI_SRSHR] = {f_srshr, SH_SAME},     [SI_URSHR] = {f_urshr, SH_SAME},
    [SI_SRSRA] = {f_srsra, SH_SAME},     [SI_URSRA] = {f_ursra, SH_SAME},
    [SI_SRI] = {f_sri, SH_SAME},         [SI_SHL] = {f_shl, SH_SAME},
    [SI_SLI] = {f_sli, SH_SAME},         [SI_SQSHLU] = {f_sqshlu, SH_SAME},
    [SI_SQSHLI] = {f_sqshli, SH_SAME},   [SI_UQSHLI] = {f_uqshli, SH_SAME},

    /* pairwise: the lane-wise fast path on de-interleaved operands */
    [SI_ADDP] = {NULL, SH_PAIR},         [SI_SMAXP] = {NULL, SH_PAIR},
    [SI_UMAXP] = {NULL, SH_PAIR},        [SI_SMINP] = {NULL, SH_PAIR},
    [SI_UMINP] = {NULL, SH_PAIR},

    [SI_SADDL] = {f_saddl, SH_LONG},     [SI_UADDL] = {f_uaddl, SH_LONG},
    [SI_SSUBL] = {f_ssubl, SH_LONG},     [SI_USUBL] = {f_usubl, SH_LONG},
    [SI_SABAL] = {f_sabal, SH_LONG},     [SI_UABAL] = {f_uabal, SH_LONG},
    [SI_SABDL] = {f_sabdl, SH_LONG},     [SI_UABDL] = {f_uabdl, SH_LONG},
    [SI_SMLAL] = {f_smlal, SH_LONG},     [SI_UMLAL] = {f_umlal, SH_LONG},
    [SI_SMLSL] = {f_smlsl, SH_LONG},     [SI_UMLSL] = {f_umlsl, SH_LONG},
    [SI_SMULL] = {f_smull, SH_LONG},     [SI_UMULL] = {f_umull, SH_LONG},
    [SI_SQDMLAL] = {f_sqdmlal, SH_LONG}, [SI_SQDMLSL] = {f_sqdmlsl, SH_LONG},
    [SI_SQDMULL] = {f_sqdmull, SH_LONG}, [SI_PMULL] = {f_pmull, SH_LONG},
    [SI_PMULL64] = {NULL, SH_PMULL64},
    [SI_SHLL] = {f_shll, SH_LONG},       [SI_SSHLL] = {f_sshll, SH_LONG},
    [SI_USHLL] = {f_ushll, SH_LONG},

    [SI_SADDW] = {f_saddw, SH_WIDE},     [SI_UADDW] = {f_uaddw, SH_WIDE},
    [SI_SSUBW] = {f_ssubw, SH_WIDE},     [SI_USUBW] = {f_usubw, SH_WIDE},

    [SI_ADDHN] = {f_addhn, SH_NARROW},   [SI_RADDHN] = {f_raddhn, SH_NARROW},
    [SI_SUBHN] = {f_subhn, SH_NARROW},   [SI_RSUBHN] = {f_rsubhn, SH_NARROW},
    [SI_XTN] = {f_xtn, SH_NARROW},       [SI_SQXTN] = {f_sqxtn, SH_NARROW},
    [SI_UQXTN] = {f_uqxtn, SH_NARROW},   [SI_SQXTUN] = {f_sqxtun, SH_NARROW},
    [SI_SHRN] = {f_shrn, SH_NARROW},     [SI_RSHRN] = {f_rshrn, SH_NARROW},
    [SI_SQSHRN] = {f_sqshrn, SH_NARROW}, [SI_UQSHRN] = {f_uqshrn, SH_NARROW},
    [SI_SQRSHRN] = {f_sqrshrn, SH_NARROW}, [SI_UQRSHRN] = {f_uqrshrn, SH_NARROW},
    [SI_SQSHRUN] = {f_sqshrun, SH_NARROW}, [SI_SQRSHRUN] = {f_sqrshrun, SH_NARROW},

    [SI_SADDLP] = {f_saddl, SH_PAIRLONG}, [SI_UADDLP] = {f_uaddl, SH_PAIRLONG},
    [SI_SADALP] = {f_sadalp, SH_PAIRLONG}, [SI_UADALP] = {f_uadalp, SH_PAIRLONG},

    /* reductions: reduce() */
    [SI_ADDV] = {NULL, SH_ACROSS},       [SI_SADDLV] = {NULL, SH_ACROSS},
    [SI_UADDLV] = {NULL, SH_ACROSS},     [SI_SMAXV] = {NULL, SH_ACROSS},
    [SI_UMAXV] = {NULL, SH_ACROSS},      [SI_SMINV] = {NULL, SH_ACROSS},
    [SI_UMINV] = {NULL, SH_ACROSS},
    [SI_SMMLA] = {NULL, SH_MMLA},        [SI_UMMLA] = {NULL, SH_MMLA},
    [SI_USMMLA] = {NULL, SH_MMLA},
};


/* ---- whole-register fast paths ------------------------------------------ */

/*
 * The common lane-wise operations on all lanes at once with GCC vector
 * types (the compiler emits host SIMD for them); the generic per-lane
 * path above stays the definition, and the differential tests compare the
 * two. Vectors are the V register's bytes in host order: this needs a
 * little-endian host, where lane i of every size sits at byte i * size.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "lane layout assumes a little-endian host");

#define FAST_SAME(SUF, UT, ST, BITS)                                                    \
    static bool fast_same_##SUF(unsigned op, const uint64_t *pd, const uint64_t *pn,    \
                                const uint64_t *pm, uint64_t *pr, unsigned sh, bool q,  \
                                bool *qc)                                               \
    {                                                                                   \
        UT n, m, d, r, k;                                                               \
        VU64 qmask = {~0ull, q ? ~0ull : 0};                                            \
        ST sn, sm, sr;                                                                  \
        memcpy(&n, pn, 16);                                                             \
        memcpy(&m, pm, 16);                                                             \
        memcpy(&d, pd, 16);                                                             \
        sn = (ST)n;                                                                     \
        sm = (ST)m;                                                                     \
        switch (op) {                                                                   \
        case SI_ADD: r = n + m; break;                                                  \
        case SI_SUB: r = n - m; break;                                                  \
        case SI_MUL: r = n * m; break;                                                  \
        case SI_MLA: r = d + n * m; break;                                              \
        case SI_MLS: r = d - n * m; break;                                              \
        case SI_CMEQ: r = (UT)(n == m); break;                                          \
        case SI_CMTST: r = (UT)((n & m) != 0); break;                                   \
        case SI_CMHI: r = (UT)(n > m); break;                                           \
        case SI_CMHS: r = (UT)(n >= m); break;                                          \
        case SI_CMGT: r = (UT)(sn > sm); break;                                         \
        case SI_CMGE: r = (UT)(sn >= sm); break;                                        \
        case SI_CMEQ0: r = (UT)(n == 0); break;                                         \
        case SI_CMGT0: r = (UT)(sn > 0); break;                                         \
        case SI_CMGE0: r = (UT)(sn >= 0); break;                                        \
        case SI_CMLE0: r = (UT)(sn <= 0); break;                                        \
        case SI_CMLT0: r = (UT)(sn < 0); break;                                         \
        case SI_UMAX: k = (UT)(n > m); r = (n & k) | (m & ~k); break;                   \
        case SI_UMIN: k = (UT)(n < m); r = (n & k) | (m & ~k); break;                   \
        case SI_SMAX: k = (UT)(sn > sm); r = (n & k) | (m & ~k); break;                 \
        case SI_SMIN: k = (UT)(sn < sm); r = (n & k) | (m & ~k); break;                 \
        case SI_UABD: k = (UT)(n > m); r = ((n - m) & k) | ((m - n) & ~k); break;       \
        case SI_SABD: k = (UT)(sn > sm); r = ((n - m) & k) | ((m - n) & ~k); break;     \
        case SI_UABA: k = (UT)(n > m); r = d + (((n - m) & k) | ((m - n) & ~k)); break; \
        case SI_SABA: k = (UT)(sn > sm); r = d + (((n - m) & k) | ((m - n) & ~k)); break; \
        case SI_NEG: r = -n; break;                                                     \
        case SI_ABS: k = (UT)(sn < 0); r = (-n & k) | (n & ~k); break;                  \
        case SI_UHADD: r = (n >> 1) + (m >> 1) + (n & m & 1); break;                    \
        case SI_URHADD: r = (n >> 1) + (m >> 1) + ((n | m) & 1); break;                 \
        case SI_SHADD: r = (UT)((sn >> 1) + (sm >> 1)) + (n & m & 1); break;            \
        case SI_SRHADD: r = (UT)((sn >> 1) + (sm >> 1)) + ((n | m) & 1); break;         \
        case SI_UQADD:                                                                  \
            r = n + m;                                                                  \
            k = (UT)(r < n);                                                            \
            r |= k;                                                                     \
            goto sat;                                                                   \
        case SI_UQSUB:                                                                  \
            r = n - m;                                                                  \
            k = (UT)(n < m);                                                            \
            r &= ~k;                                                                    \
            goto sat;                                                                   \
        case SI_SQADD:                                                                  \
        case SI_SQSUB:                                                                  \
            r = op == SI_SQADD ? n + m : n - m;                                         \
            sr = (ST)r;                                                                 \
            /* overflow: operands agree in sign (after negating m for SUB) and the   \
             * result does not */                                                       \
            k = op == SI_SQADD ? (UT)(((sn ^ sr) & (sm ^ sr)) < 0)                      \
                               : (UT)(((sn ^ sm) & (sn ^ sr)) < 0);                     \
            r = (r & ~k) | (k & ((UT)(sn >> (BITS - 1)) ^ (~(n ^ n) >> 1)));       \
            goto sat;                                                                   \
        case SI_USHR: r = sh >= BITS ? n ^ n : n >> sh; break;                          \
        case SI_SSHR: r = (UT)(sn >> (sh >= BITS ? BITS - 1 : sh)); break;              \
        case SI_USRA: r = d + (sh >= BITS ? n ^ n : n >> sh); break;                    \
        case SI_SSRA: r = d + (UT)(sn >> (sh >= BITS ? BITS - 1 : sh)); break;          \
        case SI_SHL: r = n << sh; break;                                                \
        default:                                                                        \
            return false;                                                               \
        }                                                                               \
        r &= (UT)qmask;                                                                 \
        memcpy(pr, &r, 16);                                                             \
        return true;                                                                    \
    sat:                                                                                \
        r &= (UT)qmask;                                                                 \
        k &= (UT)qmask;                                                                 \
        for (unsigned i = 0; i < 128 / BITS; i++) {                                     \
            if (k[i]) {                                                                 \
                *qc = true;                                                             \
            }                                                                           \
        }                                                                               \
        memcpy(pr, &r, 16);                                                             \
        return true;                                                                    \
    }

typedef uint8_t VU8 __attribute__((vector_size(16)));
typedef int8_t VS8 __attribute__((vector_size(16)));
typedef uint16_t VU16 __attribute__((vector_size(16)));
typedef int16_t VS16 __attribute__((vector_size(16)));
typedef uint32_t VU32 __attribute__((vector_size(16)));
typedef int32_t VS32 __attribute__((vector_size(16)));
typedef uint64_t VU64 __attribute__((vector_size(16)));
typedef int64_t VS64 __attribute__((vector_size(16)));

FAST_SAME(8, VU8, VS8, 8)
FAST_SAME(16, VU16, VS16, 16)
FAST_SAME(32, VU32, VS32, 32)
FAST_SAME(64, VU64, VS64, 64)

/* r may be one of d, n, m: every input is loaded before r is written. */
static bool fast_same(unsigned op, unsigned esz, const uint64_t *d, const uint64_t *n,
                      const uint64_t *m, uint64_t *r, unsigned sh, bool q, bool *qc)
{
    switch (esz) {
    case 0:
        return fast_same_8(op, d, n, m, r, sh, q, qc);
    case 1:
        return fast_same_16(op, d, n, m, r, sh, q, qc);
    case 2:
        return fast_same_32(op, d, n, m, r, sh, q, qc);
    default:
        return fast_same_64(op, d, n, m, r, sh, q, qc);
    }
}



/* Narrowing without saturation (XTN, SHRN, RSHRN: the hot ones in string
 * routines, which use SHRN #4 to build a nibble mask): the 64-bit result
 * for the half the caller places. */
typedef uint8_t VU8H __attribute__((vector_size(8)));
typedef uint16_t VU16H __attribute__((vector_size(8)));
typedef uint32_t VU32H __attribute__((vector_size(8)));

static bool fast_narrow(unsigned op, unsigned esz, const uint64_t *pn, unsigned sh,
                        uint64_t *out)
{
    if (op == SI_XTN) {
        sh = 0;
    } else if (op != SI_SHRN && op != SI_RSHRN) {
        return false;
    }
    bool rnd = op == SI_RSHRN;
    switch (esz) {
    case 0: {
        VU16 x;
        memcpy(&x, pn, 16);
        if (rnd) {
            /* the rounding carry can reach bit 16: add in halves */
            x = (x >> sh) + ((x >> (sh - 1)) & 1);
        } else {
            x = x >> sh;
        }
        VU8H y = __builtin_convertvector(x, VU8H);
        memcpy(out, &y, 8);
        return true;
    }
    case 1: {
        VU32 x;
        memcpy(&x, pn, 16);
        x = rnd ? (x >> sh) + ((x >> (sh - 1)) & 1) : x >> sh;
        VU16H y = __builtin_convertvector(x, VU16H);
        memcpy(out, &y, 8);
        return true;
    }
    case 2: {
        VU64 x;
        memcpy(&x, pn, 16);
        x = rnd ? (x >> sh) + ((x >> (sh - 1)) & 1) : x >> sh;
        VU32H y = __builtin_convertvector(x, VU32H);
        memcpy(out, &y, 8);
        return true;
    }
    default:
        return false;
    }
}

/* Lanes viewed by size (little-endian host, see above). */
typedef union SiLanes {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
    int8_t sb[16];
    int16_t sh[8];
    int32_t ss[4];
    int64_t sd[2];
} SiLanes;

/*
 * Whole-register versions of two long shapes that loops of byte data use
 * (UXTL/SXTL/USHLL/SSHLL/SHLL and the pairwise long adds SADDLP, UADDLP,
 * SADALP, UADALP): typed lanes instead of vget()/vset() and an element
 * function per lane. Results wrap at the wide lane size as WMASK() does.
 * false: not one of these ops (the caller falls back to the lane loop).
 */
static bool fast_long_shift(unsigned op, unsigned esz, bool q, const uint64_t *vn, unsigned imm,
                            uint64_t *r)
{
    if (op != SI_SHLL && op != SI_SSHLL && op != SI_USHLL) {
        return false;
    }
    SiLanes n, o;
    unsigned elems = 8u >> esz, base = q ? elems : 0, i;
    unsigned sh = op == SI_SHLL ? ebits(esz) : imm;
    bool sgn = op == SI_SSHLL;
    memcpy(&n, vn, 16);
    switch (esz) {
    case 0:
        for (i = 0; i < elems; i++) {
            uint32_t x = sgn ? (uint32_t)(int32_t)n.sb[base + i] : n.b[base + i];
            o.h[i] = (uint16_t)(x << sh);
        }
        break;
    case 1:
        for (i = 0; i < elems; i++) {
            uint32_t x = sgn ? (uint32_t)(int32_t)n.sh[base + i] : n.h[base + i];
            o.s[i] = x << sh;
        }
        break;
    case 2:
        for (i = 0; i < elems; i++) {
            uint64_t x = sgn ? (uint64_t)(int64_t)n.ss[base + i] : n.s[base + i];
            o.d[i] = x << sh;
        }
        break;
    default:
        return false;
    }
    memcpy(r, &o, 16);
    return true;
}

static bool fast_pairlong(unsigned op, unsigned esz, bool q, const uint64_t *vd,
                          const uint64_t *vn, uint64_t *r)
{
    SiLanes n, d, o;
    bool acc = op == SI_SADALP || op == SI_UADALP;
    bool sgn = op == SI_SADDLP || op == SI_SADALP;
    unsigned elems = (q ? 16u : 8u) >> (esz + 1), i;
    memcpy(&n, vn, 16);
    memcpy(&d, vd, 16);
    memset(&o, 0, 16);
    switch (esz) {
    case 0:
        for (i = 0; i < elems; i++) {
            uint32_t x = sgn ? (uint32_t)((int32_t)n.sb[2 * i] + n.sb[2 * i + 1])
                             : (uint32_t)n.b[2 * i] + n.b[2 * i + 1];
            o.h[i] = (uint16_t)((acc ? d.h[i] : 0) + x);
        }
        break;
    case 1:
        for (i = 0; i < elems; i++) {
            uint32_t x = sgn ? (uint32_t)((int32_t)n.sh[2 * i] + n.sh[2 * i + 1])
                             : (uint32_t)n.h[2 * i] + n.h[2 * i + 1];
            o.s[i] = (acc ? d.s[i] : 0) + x;
        }
        break;
    case 2:
        for (i = 0; i < elems; i++) {
            uint64_t x = sgn ? (uint64_t)((int64_t)n.ss[2 * i] + n.ss[2 * i + 1])
                             : (uint64_t)n.s[2 * i] + n.s[2 * i + 1];
            o.d[i] = (acc ? d.d[i] : 0) + x;
        }
        break;
    default:
        return false;
    }
    memcpy(r, &o, 16);
    return true;
}

/* Pairwise operands: ev/od = the first/second lane of each adjacent pair
 * of Vm:Vn (Vn lowest), so that the pairwise op is a lane-wise op. For
 * 64-bit vectors the pairs come from Vm<63:0>:Vn<63:0>; the upper half of
 * ev/od is then don't-care (the lane-wise op zeroes it). */
#define SI_EVEN8 {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}
#define SI_ODD8 {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31}

static void deinterleave(unsigned esz, bool q, const uint64_t *n, const uint64_t *m,
                         uint64_t *ev, uint64_t *od)
{
    VU64 a, b;
    memcpy(&a, n, 16);
    memcpy(&b, m, 16);
    if (!q) {
        a = (VU64){a[0], b[0]};
        b = a;
    }
    switch (esz) {
    case 0: {
        VU8 e = __builtin_shuffle((VU8)a, (VU8)b, (VU8)SI_EVEN8);
        VU8 o = __builtin_shuffle((VU8)a, (VU8)b, (VU8)SI_ODD8);
        memcpy(ev, &e, 16);
        memcpy(od, &o, 16);
        break;
    }
    case 1: {
        VU16 e = __builtin_shuffle((VU16)a, (VU16)b, (VU16){0, 2, 4, 6, 8, 10, 12, 14});
        VU16 o = __builtin_shuffle((VU16)a, (VU16)b, (VU16){1, 3, 5, 7, 9, 11, 13, 15});
        memcpy(ev, &e, 16);
        memcpy(od, &o, 16);
        break;
    }
    case 2: {
        VU32 e = __builtin_shuffle((VU32)a, (VU32)b, (VU32){0, 2, 4, 6});
        VU32 o = __builtin_shuffle((VU32)a, (VU32)b, (VU32){1, 3, 5, 7});
        memcpy(ev, &e, 16);
        memcpy(od, &o, 16);
        break;
    }
    default: {
        VU64 e = {a[0], b[0]}, o = {a[1], b[1]};
        memcpy(ev, &e, 16);
        memcpy(od, &o, 16);
        break;
    }
    }
}

/* Reductions (across lanes), one loop per lane type. */
#define SI_REDUCE(U, S)                                                   \
    switch (op) {                                                         \
    case SI_ADDV:                                                         \
    case SI_UADDLV:                                                       \
        for (i = 0; i < elems; i++) {                                     \
            acc += l.U[i];                                                \
        }                                                                 \
        break;                                                            \
    case SI_SADDLV:                                                       \
        for (i = 0; i < elems; i++) {                                     \
            acc += (uint64_t)(int64_t)l.S[i];                             \
        }                                                                 \
        break;                                                            \
    case SI_UMAXV:                                                        \
        acc = l.U[0];                                                     \
        for (i = 1; i < elems; i++) {                                     \
            acc = l.U[i] > acc ? l.U[i] : acc;                            \
        }                                                                 \
        break;                                                            \
    case SI_UMINV:                                                        \
        acc = l.U[0];                                                     \
        for (i = 1; i < elems; i++) {                                     \
            acc = l.U[i] < acc ? l.U[i] : acc;                            \
        }                                                                 \
        break;                                                            \
    case SI_SMAXV:                                                        \
        sacc = l.S[0];                                                    \
        for (i = 1; i < elems; i++) {                                     \
            sacc = l.S[i] > sacc ? l.S[i] : sacc;                         \
        }                                                                 \
        acc = (uint64_t)sacc;                                             \
        break;                                                            \
    default: /* SI_SMINV */                                               \
        sacc = l.S[0];                                                    \
        for (i = 1; i < elems; i++) {                                     \
            sacc = l.S[i] < sacc ? l.S[i] : sacc;                         \
        }                                                                 \
        acc = (uint64_t)sacc;                                             \
        break;                                                            \
    }

static uint64_t reduce(unsigned op, unsigned esz, unsigned elems, const uint64_t *v)
{
    SiLanes l;
    uint64_t acc = 0;
    int64_t sacc;
    unsigned i;
    memcpy(&l, v, 16);
    switch (esz) {
    case 0:
        SI_REDUCE(b, sb)
        break;
    case 1:
        SI_REDUCE(h, sh)
        break;
    case 2:
        SI_REDUCE(s, ss)
        break;
    default:
        SI_REDUCE(d, sd)
        break;
    }
    /* the long forms keep 2 * esize bits, the others esize */
    return acc & emask(op == SI_SADDLV || op == SI_UADDLV ? esz + 1 : esz);
}

/*
 * a0 = descriptor (simd_int.h), a1 = shift amount for the by-immediate
 * shifts. The trans_ functions have already rejected reserved sizes, so
 * every descriptor reaching here is a valid instruction.
 */
uint64_t helper_simd_int(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *cp = cpu;
    unsigned op = (a0 >> SI_D_OP_SHIFT) & 0xff;
    unsigned rd = (a0 >> SI_D_RD_SHIFT) & 31;
    unsigned rn = (a0 >> SI_D_RN_SHIFT) & 31;
    unsigned rm = (a0 >> SI_D_RM_SHIFT) & 31;
    unsigned esz = (a0 >> SI_D_ESZ_SHIFT) & 3;
    bool q = a0 & SI_D_Q;
    bool scalar = a0 & SI_D_SCALAR;
    bool indexed = a0 & SI_D_INDEXED;
    unsigned idx = (a0 >> SI_D_IDX_SHIFT) & 15;
    SiCtx c = {.esz = esz, .imm = (unsigned)a1, .qc = false};
    uint64_t vn[2], vm[2], vd[2], r[2] = {0, 0};
    unsigned elems, i;

    (void)a2;
    (void)a3;
    if (op >= SI_OP_COUNT) {
        return 0;
    }
    SiFn *fn = si_ops[op].fn;
    if (si_ops[op].shape == SH_SAME && !scalar && !indexed) {
        /* the common case straight on the register file */
        if (fast_same(op, esz, cp->v[rd], cp->v[rn], cp->v[rm], cp->v[rd], c.imm, q, &c.qc)) {
            if (c.qc) {
                cp->fpsr |= A64_FPSR_QC;
            }
            return 0;
        }
    }
    memcpy(vn, cp->v[rn], sizeof(vn));
    memcpy(vm, cp->v[rm], sizeof(vm));
    memcpy(vd, cp->v[rd], sizeof(vd));
    uint64_t mfix = indexed ? vget(vm, esz, idx) : 0;

    switch (si_ops[op].shape) {
    case SH_SAME:
        elems = scalar ? 1 : (q ? 16u : 8u) >> esz;
        if (indexed) {
            for (i = 0; i < elems; i++) {
                vset(vm, esz, i, mfix);
            }
        }
        if (!scalar && fast_same(op, esz, vd, vn, vm, r, c.imm, q, &c.qc)) {
            break;
        }
        for (i = 0; i < elems; i++) {
            vset(r, esz, i, fn(&c, vget(vd, esz, i), vget(vn, esz, i), vget(vm, esz, i)));
        }
        break;
    case SH_PAIR: {
        /* pairwise = the lane-wise op on the de-interleaved Vm:Vn */
        static const uint8_t base_op[] = {
            [SI_ADDP - SI_ADDP] = SI_ADD, [SI_SMAXP - SI_ADDP] = SI_SMAX,
            [SI_UMAXP - SI_ADDP] = SI_UMAX, [SI_SMINP - SI_ADDP] = SI_SMIN,
            [SI_UMINP - SI_ADDP] = SI_UMIN,
        };
        uint64_t ev[2], od[2];
        deinterleave(esz, q, vn, vm, ev, od);
        fast_same(base_op[op - SI_ADDP], esz, vd, ev, od, r, 0, q, &c.qc);
        break;
    }
    case SH_LONG:
    case SH_WIDE: {
        unsigned base = 0;
        if (!scalar && !indexed && fast_long_shift(op, esz, q, vn, c.imm, r)) {
            break;
        }
        elems = scalar ? 1 : 8u >> esz;
        if (q && !scalar) {
            base = elems;
        }
        for (i = 0; i < elems; i++) {
            uint64_t ni = si_ops[op].shape == SH_WIDE ? vget(vn, esz + 1, i)
                                                      : vget(vn, esz, base + i);
            uint64_t mi = indexed ? mfix : vget(vm, esz, base + i);
            vset(r, esz + 1, i, fn(&c, vget(vd, esz + 1, i), ni, mi));
        }
        break;
    }
    case SH_NARROW: {
        elems = scalar ? 1 : 8u >> esz;
        unsigned base = 0;
        if (q && !scalar) {
            r[0] = vd[0];
            base = elems;
        }
        if (!scalar && fast_narrow(op, esz, vn, c.imm, &r[q ? 1 : 0])) {
            break;
        }
        for (i = 0; i < elems; i++) {
            vset(r, esz, base + i, fn(&c, 0, vget(vn, esz + 1, i), vget(vm, esz + 1, i)));
        }
        break;
    }
    case SH_PAIRLONG:
        if (fast_pairlong(op, esz, q, vd, vn, r)) {
            break;
        }
        elems = (q ? 16u : 8u) >> (esz + 1);
        for (i = 0; i < elems; i++) {
            vset(r, esz + 1, i,
                 fn(&c, vget(vd, esz + 1, i), vget(vn, esz, 2 * i), vget(vn, esz, 2 * i + 1)));
        }
        break;
    case SH_ACROSS:
        elems = (q ? 16u : 8u) >> esz;
        r[0] = reduce(op, esz, elems, vn);
        break;
    case SH_MMLA:
        /* Vd (2x2 words, row-major) += Vn (2x8 bytes, rows = halves) times
         * Vm (8x2 bytes, columns = halves): lane 2i+j += row i . column j */
        for (i = 0; i < 4; i++) {
            uint64_t row = vn[i >> 1], col = vm[i & 1];
            uint32_t acc = (uint32_t)vget(vd, 2, i);
            for (unsigned k = 0; k < 8; k++) {
                uint8_t a = (uint8_t)(row >> (8 * k)), b = (uint8_t)(col >> (8 * k));
                int32_t x = op == SI_SMMLA ? (int8_t)a : a;
                int32_t y = op == SI_UMMLA ? b : (int8_t)b;
                acc += (uint32_t)(x * y);
            }
            vset(r, 2, i, acc);
        }
        break;
    case SH_PMULL64: {
        u128 p = clmul64(vn[q], vm[q]);
        r[0] = (uint64_t)p;
        r[1] = (uint64_t)(p >> 64);
        break;
    }
    }
    memcpy(cp->v[rd], r, sizeof(r));
    if (c.qc) {
        cp->fpsr |= A64_FPSR_QC;
    }
    return 0;
}
