/* SPDX-License-Identifier: MIT */
/*
 * simd_int.h - the contract between trans_simd_int.c and helper_simd_int.c:
 * operation numbers and the descriptor that the lifter passes, as a
 * constant, to the simd_int helper (frontend/helpers.def).
 *
 * One helper call executes one whole Advanced SIMD integer instruction in
 * place on cpu->v: it reads every source register first, computes, then
 * writes Vd (zeroing what the architecture says is zeroed: bits 127:64 for
 * 64-bit vectors, everything above the element for scalar forms) and ORs
 * FPSR.QC if any lane saturated.
 */
#ifndef A64EMU_SIMD_INT_H
#define A64EMU_SIMD_INT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Operations. The helper's table gives each its element function and its
 * shape (how lanes are read and written):
 *   same     Vd[i] = f(Vd[i], Vn[i], Vm[i]) at one element size
 *   pair     as same, operands the adjacent pairs of Vm:Vn (ADDP, SMAXP..)
 *   long     wide Vd[i] = f(wide Vd[i], narrow Vn[i], narrow Vm[i]), the
 *            narrow lanes from the half selected by Q ("2" forms)
 *   wide     wide Vd[i] = f(-, wide Vn[i], narrow Vm[i])
 *   narrow   narrow result = f(-, wide Vn[i], wide Vm[i]) written to the
 *            half selected by Q (the other half kept for Q = 1, zeroed for 0)
 *   pairlong wide Vd[i] = f(wide Vd[i], Vn[2i], Vn[2i+1])
 *   across   reduction of all lanes of Vn into element 0 of Vd
 *   mmla     the FEAT_I8MM matrix multiply-accumulate
 * "esz" in the descriptor is always the narrow (or only) element size.
 */
typedef enum SiOp {
    /* same */
    SI_SHADD, SI_UHADD, SI_SRHADD, SI_URHADD, SI_SHSUB, SI_UHSUB,
    SI_SQADD, SI_UQADD, SI_SQSUB, SI_UQSUB,
    SI_CMGT, SI_CMHI, SI_CMGE, SI_CMHS, SI_CMTST, SI_CMEQ,
    SI_SSHL, SI_USHL, SI_SRSHL, SI_URSHL, SI_SQSHL, SI_UQSHL, SI_SQRSHL, SI_UQRSHL,
    SI_SMAX, SI_UMAX, SI_SMIN, SI_UMIN, SI_SABD, SI_UABD, SI_SABA, SI_UABA,
    SI_ADD, SI_SUB, SI_MLA, SI_MLS, SI_MUL, SI_PMUL,
    SI_SQDMULH, SI_SQRDMULH, SI_SQRDMLAH, SI_SQRDMLSH,
    SI_SDOT, SI_UDOT, SI_USDOT, SI_SUDOT,
    /* same, unary (two-register misc) */
    SI_CLS, SI_CLZ, SI_SQABS, SI_SQNEG, SI_ABS, SI_NEG,
    SI_CMGT0, SI_CMGE0, SI_CMEQ0, SI_CMLE0, SI_CMLT0, SI_SUQADD, SI_USQADD,
    /* same, shift by immediate (imm = shift) */
    SI_SSHR, SI_USHR, SI_SSRA, SI_USRA, SI_SRSHR, SI_URSHR, SI_SRSRA, SI_URSRA,
    SI_SRI, SI_SHL, SI_SLI, SI_SQSHLU, SI_SQSHLI, SI_UQSHLI,
    /* pair */
    SI_ADDP, SI_SMAXP, SI_UMAXP, SI_SMINP, SI_UMINP,
    /* long (also by element) */
    SI_SADDL, SI_UADDL, SI_SSUBL, SI_USUBL, SI_SABAL, SI_UABAL, SI_SABDL, SI_UABDL,
    SI_SMLAL, SI_UMLAL, SI_SMLSL, SI_UMLSL, SI_SMULL, SI_UMULL,
    SI_SQDMLAL, SI_SQDMLSL, SI_SQDMULL, SI_PMULL, SI_PMULL64,
    SI_SHLL, SI_SSHLL, SI_USHLL,
    /* wide */
    SI_SADDW, SI_UADDW, SI_SSUBW, SI_USUBW,
    /* narrow */
    SI_ADDHN, SI_RADDHN, SI_SUBHN, SI_RSUBHN,
    SI_XTN, SI_SQXTN, SI_UQXTN, SI_SQXTUN,
    SI_SHRN, SI_RSHRN, SI_SQSHRN, SI_UQSHRN, SI_SQRSHRN, SI_UQRSHRN, SI_SQSHRUN,
    SI_SQRSHRUN,
    /* pairlong */
    SI_SADDLP, SI_UADDLP, SI_SADALP, SI_UADALP,
    /* across (ADDV with esz 3 and Q = 1 is scalar ADDP) */
    SI_ADDV, SI_SADDLV, SI_UADDLV, SI_SMAXV, SI_UMAXV, SI_SMINV, SI_UMINV,
    /* 2x8 by 8x2 byte matrix multiply-accumulate into 2x2 words (FEAT_I8MM) */
    SI_SMMLA, SI_UMMLA, SI_USMMLA,
    SI_OP_COUNT
} SiOp;

/* Descriptor bits. */
#define SI_D_OP_SHIFT     0   /* 8 bits: SiOp */
#define SI_D_RD_SHIFT     8
#define SI_D_RN_SHIFT     13
#define SI_D_RM_SHIFT     18
#define SI_D_ESZ_SHIFT    23  /* 2 bits: log2 of the element size in bytes */
#define SI_D_Q            (1u << 25)  /* 128-bit vector; for long/wide/narrow: upper half */
#define SI_D_SCALAR       (1u << 26)  /* one element, the rest of Vd zeroed */
#define SI_D_INDEXED      (1u << 27)  /* Vm operand is element idx of Vm for every lane */
#define SI_D_IDX_SHIFT    28  /* 4 bits: element index */

static inline uint64_t si_desc(unsigned op, unsigned rd, unsigned rn, unsigned rm,
                               unsigned esz, uint32_t flags, unsigned idx)
{
    return (uint64_t)op << SI_D_OP_SHIFT | (uint64_t)(rd & 31) << SI_D_RD_SHIFT |
           (uint64_t)(rn & 31) << SI_D_RN_SHIFT | (uint64_t)(rm & 31) << SI_D_RM_SHIFT |
           (uint64_t)(esz & 3) << SI_D_ESZ_SHIFT | flags |
           (uint64_t)(idx & 15) << SI_D_IDX_SHIFT;
}

/* FPSR.QC, the cumulative saturation bit (DDI 0487 C5.2.8). */
#define A64_FPSR_QC (1u << 27)

/*
 * The crypto helper (helper_crypto.c): one call per instruction, a0 =
 * op | rd << 8 | rn << 13 | rm << 18 | ra << 23 | imm << 28 (imm: XAR's
 * rotation or SM3TT's imm2).
 */
typedef enum CrOp {
    CR_AESE, CR_AESD, CR_AESMC, CR_AESIMC,
    CR_SHA1C, CR_SHA1P, CR_SHA1M, CR_SHA1SU0, CR_SHA1H, CR_SHA1SU1,
    CR_SHA256H, CR_SHA256H2, CR_SHA256SU0, CR_SHA256SU1,
    CR_SHA512H, CR_SHA512H2, CR_SHA512SU0, CR_SHA512SU1,
    CR_EOR3, CR_BCAX, CR_RAX1, CR_XAR,
    CR_SM3PARTW1, CR_SM3PARTW2, CR_SM3SS1, CR_SM3TT1A, CR_SM3TT1B, CR_SM3TT2A,
    CR_SM3TT2B, CR_SM4E, CR_SM4EKEY,
    CR_OP_COUNT
} CrOp;

static inline uint64_t cr_desc(unsigned op, unsigned rd, unsigned rn, unsigned rm,
                               unsigned ra, unsigned imm)
{
    return (uint64_t)op | (uint64_t)(rd & 31) << 8 | (uint64_t)(rn & 31) << 13 |
           (uint64_t)(rm & 31) << 18 | (uint64_t)(ra & 31) << 23 | (uint64_t)(imm & 63) << 28;
}

#endif
