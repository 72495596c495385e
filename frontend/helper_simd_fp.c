/* SPDX-License-Identifier: MIT */
/*
 * helper_simd_fp.c - the Advanced SIMD floating-point instructions,
 * executed lane by lane on cpu->v with the bit-exact library (fpu/softfp.h).
 * The per-instruction pseudocode is DDI 0487 C7.2 (FADD (vector), FMLA (by
 * element), FMAXNMV, FCVTL, ...); the shared functions FPMulAdd,
 * FPMulAddH, FPProcessNaNs3H and Reduce are in J1 (shared/functions/float,
 * shared/functions/vector).
 *
 * One FpCtx serves the whole instruction: every lane ORs its exceptions
 * into it, and FPSR receives the union once at the end, which is what the
 * architecture's per-element FPProcessException() calls amount to when no
 * exception is trapped (FPCR.{IOE..IDE} are RES0 on the CPUs we model, so
 * no lane can stop the instruction half way).
 */
#include <stdbool.h>

#include "cpu.h"
#include "fp_desc.h"
#include "fpu/softfp.h"
#include "helpers.h"
#include "simd_fp.h"

/* ---- lanes ------------------------------------------------------------- */

static inline unsigned ebits(unsigned f)
{
    return 8u << f;
}

static inline uint64_t emask(unsigned f)
{
    return f >= 3 ? ~0ull : (1ull << ebits(f)) - 1;
}

static inline uint64_t vget(const uint64_t *v, unsigned f, unsigned i)
{
    unsigned bit = i * ebits(f);
    return (v[(bit >> 6) & 1] >> (bit & 63)) & emask(f);
}

static inline void vset(uint64_t *v, unsigned f, unsigned i, uint64_t x)
{
    unsigned bit = i * ebits(f);
    uint64_t m = emask(f) << (bit & 63);
    v[(bit >> 6) & 1] = (v[(bit >> 6) & 1] & ~m) | ((x << (bit & 63)) & m);
}

static inline FpBinOp binop_of(uint64_t a1)
{
    return a1 < FP_OP_BIN_COUNT ? (FpBinOp)a1 : FP_OP_ADD;
}

/*
 * The lanes of a whole register as an array of raw elements, and back:
 * the element loops then index plain arrays (one switch on the format per
 * register, not per lane).
 */
static inline void unpack(uint64_t *e, const uint64_t *v, unsigned f)
{
    unsigned i;

    switch (f) {
    case FP_H:
        for (i = 0; i < 8; i++) {
            e[i] = (v[i >> 2] >> (16 * (i & 3))) & 0xffff;
        }
        break;
    case FP_S:
        for (i = 0; i < 4; i++) {
            e[i] = (v[i >> 1] >> (32 * (i & 1))) & 0xffffffffu;
        }
        break;
    default:
        e[0] = v[0];
        e[1] = v[1];
        break;
    }
}

/* Lanes at and beyond `lanes` become zero. The whole register is built in
 * registers (no read-modify-write of memory per lane). */
static inline void pack(uint64_t *v, uint64_t *e, unsigned f, unsigned lanes)
{
    for (unsigned i = lanes; i < (16u >> f); i++) {
        e[i] = 0;
    }
    switch (f) {
    case FP_H:
        v[0] = (e[0] & 0xffff) | (e[1] & 0xffff) << 16 | (e[2] & 0xffff) << 32 |
               (e[3] & 0xffff) << 48;
        v[1] = (e[4] & 0xffff) | (e[5] & 0xffff) << 16 | (e[6] & 0xffff) << 32 |
               (e[7] & 0xffff) << 48;
        break;
    case FP_S:
        v[0] = (e[0] & 0xffffffffu) | e[1] << 32;
        v[1] = (e[2] & 0xffffffffu) | e[3] << 32;
        break;
    default:
        v[0] = e[0];
        v[1] = e[1];
        break;
    }
}

/* The two-operand operations as direct calls, resolved once per
 * instruction (the comparisons go through fp_binop's mask forms). */
typedef uint64_t BinFn(FpFmt f, uint64_t a, uint64_t b, FpCtx *x);

static uint64_t bin_cmeq(FpFmt f, uint64_t a, uint64_t b, FpCtx *x)
{
    return fp_binop(FP_OP_CMEQ, f, a, b, x);
}
static uint64_t bin_cmge(FpFmt f, uint64_t a, uint64_t b, FpCtx *x)
{
    return fp_binop(FP_OP_CMGE, f, a, b, x);
}
static uint64_t bin_cmgt(FpFmt f, uint64_t a, uint64_t b, FpCtx *x)
{
    return fp_binop(FP_OP_CMGT, f, a, b, x);
}
static uint64_t bin_acge(FpFmt f, uint64_t a, uint64_t b, FpCtx *x)
{
    return fp_binop(FP_OP_ACGE, f, a, b, x);
}
static uint64_t bin_acgt(FpFmt f, uint64_t a, uint64_t b, FpCtx *x)
{
    return fp_binop(FP_OP_ACGT, f, a, b, x);
}

static BinFn *const bin_fn[FP_OP_BIN_COUNT] = {
    [FP_OP_ADD] = fp_add, [FP_OP_SUB] = fp_sub, [FP_OP_MUL] = fp_mul,
    [FP_OP_MULX] = fp_mulx, [FP_OP_DIV] = fp_div, [FP_OP_MAX] = fp_max,
    [FP_OP_MIN] = fp_min, [FP_OP_MAXNM] = fp_maxnm, [FP_OP_MINNM] = fp_minnm,
    [FP_OP_ABD] = fp_abd, [FP_OP_RECPS] = fp_recps, [FP_OP_RSQRTS] = fp_rsqrts,
    [FP_OP_CMEQ] = bin_cmeq, [FP_OP_CMGE] = bin_cmge, [FP_OP_CMGT] = bin_cmgt,
    [FP_OP_ACGE] = bin_acge, [FP_OP_ACGT] = bin_acgt,
};

static inline BinFn *binfn_of(uint64_t a1)
{
    return bin_fn[binop_of(a1)];
}

/* ---- one-operand operations ------------------------------------------- */

/* An explicit rounding mode from a descriptor, or FPCR.RMode. */
static inline FpRounding desc_rmode(const FpCtx *x, unsigned rm)
{
    return rm == FP_DESC_RM_FPCR ? (FpRounding)x->rmode : (FpRounding)rm;
}

static uint64_t unop(unsigned op, uint64_t p, FpFmt f, uint64_t a, FpCtx *x)
{
    uint64_t ones = emask(f);

    switch (op) {
    case SFU_ABS:
        return fp_abs(f, a);
    case SFU_NEG:
        return fp_neg(f, a);
    case SFU_SQRT:
        return fp_sqrt(f, a, x);
    case SFU_RINT:
        if (FP_DESC_RINT_INTBITS(p)) {
            return fp_round_int_n(f, a, desc_rmode(x, FP_DESC_RINT_RM(p)),
                                  FP_DESC_RINT_INTBITS(p), x);
        }
        return fp_round_int(f, a, desc_rmode(x, FP_DESC_RINT_RM(p)), FP_DESC_RINT_EXACT(p), x);
    case SFU_F2I:
        return fp_to_int(f, a, desc_rmode(x, FP_DESC_F2I_RM(p)), FP_DESC_F2I_FBITS(p),
                         ebits(f), FP_DESC_F2I_UNSIGNED(p), x);
    case SFU_I2F:
        return fp_from_int(f, a, FP_DESC_I2F_FBITS(p), ebits(f), FP_DESC_I2F_UNSIGNED(p), x);
    case SFU_RECPE:
        return fp_recpe(f, a, x);
    case SFU_RSQRTE:
        return fp_rsqrte(f, a, x);
    case SFU_URECPE:
        return fp_urecpe((uint32_t)a);
    case SFU_URSQRTE:
        return fp_ursqrte((uint32_t)a);
    /* FCMxx (zero): LT/LE are GT/GE with the operands swapped (C7.2.59..). */
    case SFU_CMGT0:
        return fp_cmp_gt(f, a, 0, x) ? ones : 0;
    case SFU_CMEQ0:
        return fp_cmp_eq(f, a, 0, x) ? ones : 0;
    case SFU_CMLT0:
        return fp_cmp_gt(f, 0, a, x) ? ones : 0;
    case SFU_CMGE0:
        return fp_cmp_ge(f, a, 0, x) ? ones : 0;
    case SFU_CMLE0:
        return fp_cmp_ge(f, 0, a, x) ? ones : 0;
    default:
        return 0;
    }
}

/* ---- across lanes ------------------------------------------------------ */

/*
 * Reduce() (J1, shared/functions/vector): split the vector in halves,
 * reduce each, combine op(lo, hi). The tree shape decides which NaN wins
 * and the sign of a zero result, so it is followed exactly.
 */
static uint64_t reduce(BinFn *op, FpFmt f, const uint64_t *e, unsigned n, FpCtx *x)
{
    if (n == 1) {
        return e[0];
    }
    uint64_t hi = reduce(op, f, e + n / 2, n / 2, x);
    uint64_t lo = reduce(op, f, e, n / 2, x);
    return op(f, lo, hi, x);
}

/* ---- FEAT_FHM ---------------------------------------------------------- */

/* FMLAL/FMLSL (C7.2.112..): FPMulAddH(Vd[i], [-]Vn[i], Vm[j]); FMLSL
 * negates the half operand before the fused operation (FPNeg). */
static uint64_t fmlal_lane(uint64_t d, uint64_t n, uint64_t m, bool sub, FpCtx *x)
{
    return fp_muladd_h2s(d, sub ? fp_neg(FP_H, n) : n, m, x);
}

/* ---- FEAT_FCMA --------------------------------------------------------- */

/*
 * FCMLA (C7.2.64): one complex pair (re = lane 0, im = lane 1) of the
 * result from the pair of Vn and the (possibly indexed) pair of Vm:
 *   rot 0:   d.re += n.re * m.re          d.im += n.re * m.im
 *   rot 90:  d.re += n.im * -m.im         d.im += n.im * m.re
 *   rot 180: d.re += n.re * -m.re         d.im += n.re * -m.im
 *   rot 270: d.re += n.im * m.im          d.im += n.im * -m.re
 * each an FPMulAdd(addend, element of Vn, element of Vm) in that order.
 */
static void fcmla_pair(FpFmt f, unsigned rot, uint64_t *d, const uint64_t *n,
                       const uint64_t *m, FpCtx *x)
{
    uint64_t e1, e2, e3, e4;

    switch (rot & 3) {
    case 0:
        e1 = m[0];
        e2 = n[0];
        e3 = m[1];
        e4 = n[0];
        break;
    case 1:
        e1 = fp_neg(f, m[1]);
        e2 = n[1];
        e3 = m[0];
        e4 = n[1];
        break;
    case 2:
        e1 = fp_neg(f, m[0]);
        e2 = n[0];
        e3 = fp_neg(f, m[1]);
        e4 = n[0];
        break;
    default:
        e1 = m[1];
        e2 = n[1];
        e3 = fp_neg(f, m[0]);
        e4 = n[1];
        break;
    }
    d[0] = fp_muladd(f, d[0], e2, e1, x);
    d[1] = fp_muladd(f, d[1], e4, e3, x);
}

/* ---- the helper -------------------------------------------------------- */

uint64_t helper_simd_fp(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned op = (a0 >> SF_D_OP_SHIFT) & 0xff;
    unsigned rd = (a0 >> SF_D_RD_SHIFT) & 31;
    unsigned rn = (a0 >> SF_D_RN_SHIFT) & 31;
    unsigned rm = (a0 >> SF_D_RM_SHIFT) & 31;
    unsigned fv = (a0 >> SF_D_FMT_SHIFT) & 3;
    bool q = (a0 & SF_D_Q) != 0;
    unsigned idx = (a0 >> SF_D_IDX_SHIFT) & 7;
    FpFmt f = fv == 0 ? FP_S : (FpFmt)fv;
    FpCtx x = fp_ctx_from_fpcr_fpsr(c->fpcr, c->fpsr);
    uint64_t n[2], m[2], d[2], r[2] = {0, 0};
    uint64_t N[8], M[8], D[8], R[8];
    unsigned lanes = (q ? 16u : 8u) >> f;
    bool lanewise = true; /* R[] holds the result in format f */
    unsigned i;
    (void)a2, (void)a3;

    /* 64-bit loads: the V registers were written by 64-bit stores (IR and
     * this helper), and a 16-byte load of them would miss store forwarding */
    n[0] = c->v[rn][0];
    n[1] = c->v[rn][1];
    m[0] = c->v[rm][0];
    m[1] = c->v[rm][1];
    d[0] = c->v[rd][0];
    d[1] = c->v[rd][1];

    switch (op) {
    case SF_BIN: {
        BinFn *fn = binfn_of(a1);
        unpack(N, n, f);
        unpack(M, m, f);
        for (i = 0; i < lanes; i++) {
            R[i] = fn(f, N[i], M[i], &x);
        }
        break;
    }
    case SF_BIN_IDX: {
        BinFn *fn = binfn_of(a1);
        uint64_t e = vget(m, f, idx);
        unpack(N, n, f);
        for (i = 0; i < lanes; i++) {
            R[i] = fn(f, N[i], e, &x);
        }
        break;
    }
    case SF_FMLA:
    case SF_FMLS:
    case SF_FMLA_IDX:
    case SF_FMLS_IDX: {
        /* FMLS negates the Vn element before the fused operation: a NaN
         * there propagates with its sign flipped (FPNeg). */
        bool neg = op == SF_FMLS || op == SF_FMLS_IDX;
        unpack(N, n, f);
        unpack(D, d, f);
        if (op == SF_FMLA_IDX || op == SF_FMLS_IDX) {
            uint64_t e = vget(m, f, idx);
            for (i = 0; i < lanes; i++) {
                M[i] = e;
            }
        } else {
            unpack(M, m, f);
        }
        for (i = 0; i < lanes; i++) {
            R[i] = fp_muladd(f, D[i], neg ? fp_neg(f, N[i]) : N[i], M[i], &x);
        }
        break;
    }
    case SF_PAIR: {
        /* element k of the concatenation Vm:Vn is Vn[k] below `lanes`,
         * Vm[k - lanes] above */
        BinFn *fn = binfn_of(a1);
        unpack(N, n, f);
        unpack(M, m, f);
        for (i = 0; i < lanes / 2; i++) {
            R[i] = fn(f, N[2 * i], N[2 * i + 1], &x);
            R[lanes / 2 + i] = fn(f, M[2 * i], M[2 * i + 1], &x);
        }
        break;
    }
    case SF_ACROSS:
        unpack(N, n, f);
        R[0] = reduce(binfn_of(a1), f, N, lanes, &x);
        lanes = 1; /* a scalar result: the rest of Vd is zeroed */
        break;
    case SF_UNARY: {
        unsigned uo = a1 & 0xff;
        uint64_t p = a1 >> 8;
        unpack(N, n, f);
        switch (uo) {
        case SFU_RINT:
            if (FP_DESC_RINT_INTBITS(p)) {
                FpRounding rm = desc_rmode(&x, FP_DESC_RINT_RM(p));
                for (i = 0; i < lanes; i++) {
                    R[i] = fp_round_int_n(f, N[i], rm, FP_DESC_RINT_INTBITS(p), &x);
                }
            } else {
                FpRounding rm = desc_rmode(&x, FP_DESC_RINT_RM(p));
                bool exact = FP_DESC_RINT_EXACT(p);
                for (i = 0; i < lanes; i++) {
                    R[i] = fp_round_int(f, N[i], rm, exact, &x);
                }
            }
            break;
        case SFU_F2I: {
            FpRounding rm = desc_rmode(&x, FP_DESC_F2I_RM(p));
            unsigned fbits = FP_DESC_F2I_FBITS(p);
            bool uns = FP_DESC_F2I_UNSIGNED(p);
            for (i = 0; i < lanes; i++) {
                R[i] = fp_to_int(f, N[i], rm, fbits, ebits(f), uns, &x);
            }
            break;
        }
        case SFU_I2F: {
            unsigned fbits = FP_DESC_I2F_FBITS(p);
            bool uns = FP_DESC_I2F_UNSIGNED(p);
            for (i = 0; i < lanes; i++) {
                R[i] = fp_from_int(f, N[i], fbits, ebits(f), uns, &x);
            }
            break;
        }
        default:
            for (i = 0; i < lanes; i++) {
                R[i] = unop(uo, p, f, N[i], &x);
            }
            break;
        }
        break;
    }
    case SF_CVTL: {
        lanewise = false;
        /* FCVTL/FCVTL2 (C7.2.70): the narrow lanes from the half of Vn
         * selected by Q; the result is always 128 bits. */
        FpFmt from = (FpFmt)(f - 1);
        uint64_t src = n[q ? 1 : 0];
        lanes = 16u >> f;
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, fp_convert(f, from, vget(&src, from, i), &x));
        }
        q = true;
        break;
    }
    case SF_CVTN: {
        lanewise = false;
        /* FCVTN/FCVTN2/FCVTXN/FCVTXN2 (C7.2.74, C7.2.86): the narrow
         * results fill one half of Vd; "2" keeps the lower half. */
        FpFmt from = (FpFmt)(f + 1);
        uint64_t res = 0;
        if (a1 & 1) {
            x.rmode = FP_RO;
        }
        lanes = 8u >> f;
        for (i = 0; i < lanes; i++) {
            vset(&res, f, i, fp_convert(f, from, vget(n, from, i), &x));
        }
        if (q) {
            r[0] = d[0];
            r[1] = res;
        } else {
            r[0] = res;
        }
        break;
    }
    case SF_FMLAL:
    case SF_FMLAL_IDX: {
        lanewise = false;
        /* FMLAL/FMLSL (vector, by element) (C7.2.112..): the single lanes
         * of Vd accumulate products of half lanes of one half of the
         * 64/128-bit vector (the upper one for FMLAL2/FMLSL2). */
        bool sub = (a1 & 1) != 0;
        unsigned base = (a1 & 2) ? lanes : 0;
        uint64_t me = vget(m, FP_H, idx);
        for (i = 0; i < lanes; i++) {
            uint64_t e2 = op == SF_FMLAL_IDX ? me : vget(m, FP_H, base + i);
            vset(r, FP_S, i, fmlal_lane(vget(d, FP_S, i), vget(n, FP_H, base + i), e2, sub, &x));
        }
        break;
    }
    case SF_FCADD: {
        lanewise = false;
        /* FCADD (C7.2.57): rot 90 adds (-m.im, m.re), rot 270 (m.im, -m.re). */
        for (i = 0; i + 1 < lanes; i += 2) {
            uint64_t mre = vget(m, f, i), mim = vget(m, f, i + 1);
            uint64_t e1 = (a1 & 1) ? mim : fp_neg(f, mim);
            uint64_t e3 = (a1 & 1) ? fp_neg(f, mre) : mre;
            vset(r, f, i, fp_add(f, vget(n, f, i), e1, &x));
            vset(r, f, i + 1, fp_add(f, vget(n, f, i + 1), e3, &x));
        }
        break;
    }
    case SF_FCMLA:
    case SF_FCMLA_IDX:
        lanewise = false;
        for (i = 0; i + 1 < lanes; i += 2) {
            unsigned j = op == SF_FCMLA_IDX ? 2 * idx : i;
            uint64_t dd[2] = {vget(d, f, i), vget(d, f, i + 1)};
            uint64_t nn[2] = {vget(n, f, i), vget(n, f, i + 1)};
            uint64_t mm[2] = {vget(m, f, j), vget(m, f, j + 1)};
            fcmla_pair(f, (unsigned)a1, dd, nn, mm, &x);
            vset(r, f, i, dd[0]);
            vset(r, f, i + 1, dd[1]);
        }
        break;
    case SF_BFCVTN: {
        lanewise = false;
        /* BFCVTN/BFCVTN2 (C7.2.30): FPConvertBF per FPCR into the half of
         * Vd selected by Q; "2" keeps the lower half. */
        uint64_t res = 0;
        for (i = 0; i < 4; i++) {
            vset(&res, FP_H, i, fp_to_bf16(vget(n, FP_S, i), &x));
        }
        if (q) {
            r[0] = d[0];
            r[1] = res;
        } else {
            r[0] = res;
        }
        break;
    }
    case SF_BFDOT:
    case SF_BFDOT_IDX: {
        lanewise = false;
        /* BFDOT (vector, by element) (C7.2.27, C7.2.28): BFDotAdd per
         * 32-bit lane, which ignores FPCR and leaves FPSR alone. */
        uint64_t me = vget(m, FP_S, idx);
        for (i = 0; i < lanes; i++) {
            uint64_t e2 = op == SF_BFDOT_IDX ? me : vget(m, FP_S, i);
            vset(r, FP_S, i, fp_bfdotadd((uint32_t)vget(d, FP_S, i), (uint32_t)vget(n, FP_S, i),
                                         (uint32_t)e2));
        }
        break;
    }
    case SF_BFMLAL:
    case SF_BFMLAL_IDX: {
        lanewise = false;
        /* BFMLALB/BFMLALT (vector, by element) (C7.2.31, C7.2.32): the
         * even (B) or odd (T) BFloat16 lanes, widened exactly to single,
         * FPMulAdd per FPCR into the four single lanes of Vd. */
        unsigned t = a1 & 1;
        uint64_t me = vget(m, FP_H, idx) << 16;
        for (i = 0; i < 4; i++) {
            uint64_t e1 = vget(n, FP_H, 2 * i + t) << 16;
            uint64_t e2 = op == SF_BFMLAL_IDX ? me : vget(m, FP_H, 2 * i + t) << 16;
            vset(r, FP_S, i, fp_muladd(FP_S, vget(d, FP_S, i), e1, e2, &x));
        }
        q = true;
        break;
    }
    case SF_BFMMLA: {
        lanewise = false;
        /* BFMMLA (C7.2.33), BFMatMulAdd: result(i, j) = Vd(i, j) + row i of
         * Vn . row j of Vm, two BFDotAdd steps of two products each. */
        for (i = 0; i < 2; i++) {
            for (unsigned j = 0; j < 2; j++) {
                uint32_t sum = (uint32_t)vget(d, FP_S, 2 * i + j);
                for (unsigned k = 0; k < 2; k++) {
                    sum = fp_bfdotadd(sum, (uint32_t)vget(n, FP_S, 2 * i + k),
                                      (uint32_t)vget(m, FP_S, 2 * j + k));
                }
                vset(r, FP_S, 2 * i + j, sum);
            }
        }
        q = true;
        break;
    }
    default:
        return 0;
    }

    if (lanewise) {
        pack(r, R, f, lanes);
        q = true; /* pack() zeroed the lanes beyond the vector */
    }
    c->v[rd][0] = r[0];
    c->v[rd][1] = q ? r[1] : 0;
    c->fpsr |= x.exc;
    return 0;
}
