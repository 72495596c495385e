/* SPDX-License-Identifier: MIT */
/*
 * simd_fp.h - the contract between trans_simd_fp.c and helper_simd_fp.c:
 * the operations of the simd_fp helper and the constant descriptor the
 * lifter passes to it (frontend/helpers.def).
 *
 * One call executes one whole Advanced SIMD floating-point instruction in
 * place on cpu->v: it reads every source register first (so Vd may be a
 * source too), computes all lanes with one FpCtx (the FPSR cumulative bits
 * of all lanes are OR'ed, as the architecture accumulates them), writes Vd
 * (bits 127:64 zeroed for 64-bit vectors, everything above the element for
 * the across-lanes results) and ORs the exceptions into FPSR.
 *
 *   a0 = sf_desc(op, rd, rn, rm, fmt, q, idx)
 *   a1 = the operation's parameter (below)
 */
#ifndef A64EMU_SIMD_FP_H
#define A64EMU_SIMD_FP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Operations ("fmt" is the element FpFmt: 1 half, 2 single, 3 double).
 * Lanes: 64 or 128 bits (Q) divided by the element size.
 */
typedef enum SfOp {
    SF_BIN,         /* Vd[i] = binop(Vn[i], Vm[i]); a1 = FpBinOp */
    SF_BIN_IDX,     /* Vd[i] = binop(Vn[i], Vm[idx]); a1 = FpBinOp */
    SF_FMLA,        /* Vd[i] = FPMulAdd(Vd[i], Vn[i], Vm[i]) */
    SF_FMLS,        /* Vd[i] = FPMulAdd(Vd[i], FPNeg(Vn[i]), Vm[i]) */
    SF_FMLA_IDX,    /* as SF_FMLA with Vm[idx] */
    SF_FMLS_IDX,
    SF_PAIR,        /* Vd[i] = binop(C[2i], C[2i+1]), C = Vm:Vn; a1 = FpBinOp */
    SF_ACROSS,      /* element 0 of Vd = Reduce(binop, Vn); a1 = FpBinOp */
    SF_UNARY,       /* Vd[i] = unop(Vn[i]); a1 = SfUnOp | param << 8 */
    SF_CVTL,        /* Vd[i] (fmt) = FPConvert(Vn half Q [i] (fmt - 1)) */
    SF_CVTN,        /* Vd half Q [i] (fmt) = FPConvert(Vn[i] (fmt + 1)); a1 = 1: round to odd */
    SF_FMLAL,       /* FEAT_FHM: Vd[i] (single) += Vn part[i] * Vm part[i] (half);
                     * a1 = bit 0 FMLSL, bit 1 part (FMLAL2) */
    SF_FMLAL_IDX,   /* the same with Vm[idx] (half, from the whole Vm) */
    SF_FCADD,       /* FEAT_FCMA: a1 = rot (0: 90, 1: 270) */
    SF_FCMLA,       /* a1 = rot (0..3: 0, 90, 180, 270 degrees) */
    SF_FCMLA_IDX,   /* the same with the complex pair Vm[2 idx], Vm[2 idx + 1] */
    /* FEAT_BF16 */
    SF_BFCVTN,      /* Vd half Q [i] (BFloat16) = FPConvertBF(Vn[i] (single)) */
    SF_BFDOT,       /* Vd[i] (single) = BFDotAdd(Vd[i], Vn[i], Vm[i]) (pairs of BFloat16) */
    SF_BFDOT_IDX,   /* the same with the pair Vm[idx] (32-bit element) */
    SF_BFMLAL,      /* Vd[i] (4S) = FPMulAdd(Vd[i], Vn[2i+t], Vm[2i+t]) (BFloat16); a1 = t */
    SF_BFMLAL_IDX,  /* the same with Vm[idx] (16-bit element) */
    SF_BFMMLA,      /* Vd (2x2 single) += Vn (2x4) * Vm (2x4)^T, BFDotAdd steps */
    SF_OP_COUNT
} SfOp;

/* Unary operations of SF_UNARY; the parameter above bit 8 of a1 is an
 * fp_desc.h descriptor where noted (its integer width is the element
 * size). */
typedef enum SfUnOp {
    SFU_ABS, SFU_NEG, SFU_SQRT,
    SFU_RINT,       /* FP_DESC_RINT */
    SFU_F2I,        /* FP_DESC_F2I (FCVT[NPMZA][SU], fixed-point FCVTZ[SU]) */
    SFU_I2F,        /* FP_DESC_I2F (SCVTF/UCVTF, also fixed point) */
    SFU_RECPE, SFU_RSQRTE, SFU_URECPE, SFU_URSQRTE,
    SFU_CMGT0, SFU_CMEQ0, SFU_CMLT0, SFU_CMGE0, SFU_CMLE0,
    SFU_OP_COUNT
} SfUnOp;

#define SF_D_OP_SHIFT   0   /* 8 bits: SfOp */
#define SF_D_RD_SHIFT   8
#define SF_D_RN_SHIFT   13
#define SF_D_RM_SHIFT   18
#define SF_D_FMT_SHIFT  23  /* 2 bits: FpFmt of the elements */
#define SF_D_Q          (1u << 25)  /* 128-bit vector; CVTL/CVTN/FMLAL: upper half */
#define SF_D_IDX_SHIFT  26  /* 3 bits: element index of the by-element forms */

static inline uint64_t sf_desc(unsigned op, unsigned rd, unsigned rn, unsigned rm,
                               unsigned fmt, bool q, unsigned idx)
{
    return (uint64_t)op << SF_D_OP_SHIFT | (uint64_t)(rd & 31) << SF_D_RD_SHIFT |
           (uint64_t)(rn & 31) << SF_D_RN_SHIFT | (uint64_t)(rm & 31) << SF_D_RM_SHIFT |
           (uint64_t)(fmt & 3) << SF_D_FMT_SHIFT | (q ? SF_D_Q : 0) |
           (uint64_t)(idx & 7) << SF_D_IDX_SHIFT;
}

static inline uint64_t sf_unop(unsigned unop, uint64_t param)
{
    return (uint64_t)unop | param << 8;
}

#endif
