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
#include <string.h>

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
static uint64_t reduce(FpBinOp op, FpFmt f, const uint64_t *e, unsigned n, FpCtx *x)
{
    if (n == 1) {
        return e[0];
    }
    uint64_t hi = reduce(op, f, e + n / 2, n / 2, x);
    uint64_t lo = reduce(op, f, e, n / 2, x);
    return fp_binop(op, f, lo, hi, x);
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
    unsigned lanes = (q ? 128 : 64) / ebits(f);
    unsigned i;
    (void)a2, (void)a3;

    memcpy(n, c->v[rn], sizeof(n));
    memcpy(m, c->v[rm], sizeof(m));
    memcpy(d, c->v[rd], sizeof(d));

    switch (op) {
    case SF_BIN: {
        FpBinOp bo = binop_of(a1);
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, fp_binop(bo, f, vget(n, f, i), vget(m, f, i), &x));
        }
        break;
    }
    case SF_BIN_IDX: {
        FpBinOp bo = binop_of(a1);
        uint64_t e = vget(m, f, idx);
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, fp_binop(bo, f, vget(n, f, i), e, &x));
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
        bool indexed = op == SF_FMLA_IDX || op == SF_FMLS_IDX;
        for (i = 0; i < lanes; i++) {
            uint64_t e1 = vget(n, f, i);
            uint64_t e2 = vget(m, f, indexed ? idx : i);
            if (neg) {
                e1 = fp_neg(f, e1);
            }
            vset(r, f, i, fp_muladd(f, vget(d, f, i), e1, e2, &x));
        }
        break;
    }
    case SF_PAIR: {
        FpBinOp bo = binop_of(a1);
        uint64_t cat[16];
        for (i = 0; i < lanes; i++) {
            cat[i] = vget(n, f, i);
            cat[lanes + i] = vget(m, f, i);
        }
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, fp_binop(bo, f, cat[2 * i], cat[2 * i + 1], &x));
        }
        break;
    }
    case SF_ACROSS: {
        uint64_t e[8];
        for (i = 0; i < lanes && i < 8; i++) {
            e[i] = vget(n, f, i);
        }
        r[0] = reduce(binop_of(a1), f, e, lanes, &x);
        q = false; /* a scalar result: the rest of Vd is zeroed */
        break;
    }
    case SF_UNARY: {
        unsigned uo = a1 & 0xff;
        uint64_t p = a1 >> 8;
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, unop(uo, p, f, vget(n, f, i), &x));
        }
        break;
    }
    case SF_CVTL: {
        /* FCVTL/FCVTL2 (C7.2.70): the narrow lanes from the half of Vn
         * selected by Q; the result is always 128 bits. */
        FpFmt from = (FpFmt)(f - 1);
        uint64_t src = n[q ? 1 : 0];
        lanes = 128 / ebits(f);
        for (i = 0; i < lanes; i++) {
            vset(r, f, i, fp_convert(f, from, vget(&src, from, i), &x));
        }
        q = true;
        break;
    }
    case SF_CVTN: {
        /* FCVTN/FCVTN2/FCVTXN/FCVTXN2 (C7.2.74, C7.2.86): the narrow
         * results fill one half of Vd; "2" keeps the lower half. */
        FpFmt from = (FpFmt)(f + 1);
        uint64_t res = 0;
        if (a1 & 1) {
            x.rmode = FP_RO;
        }
        lanes = 64 / ebits(f);
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

    c->v[rd][0] = r[0];
    c->v[rd][1] = q ? r[1] : 0;
    c->fpsr |= x.exc;
    return 0;
}
