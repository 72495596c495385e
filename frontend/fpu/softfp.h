/* SPDX-License-Identifier: MIT */
/*
 * softfp.h - bit-exact Arm floating point (binary16/32/64) in software.
 *
 * Semantics follow the Arm ARM pseudocode (DDI 0487, shared/functions/float):
 * FPUnpack (FZ/FZ16 input flushing), FPProcessNaN(s)(3) (which NaN wins,
 * quieting, FPCR.DN default NaN), FPRound/FPRoundBase (tininess detected
 * before rounding, output flushing), and the per-operation exception rules.
 *
 * Values travel as raw bit patterns in the low 16/32/64 bits of a uint64_t
 * (upper bits ignored on input, zero on output). Every operation takes an
 * FpCtx: the FPCR mode bits it obeys, and `exc`, where it ORs the FPSR
 * cumulative exception bits it raises (FP_EXC_*, same bit positions as
 * FPSR, so the caller does `cpu->fpsr |= ctx.exc`).
 *
 * Not modelled (deliberately): FEAT_AFP (FPCR.AH/FIZ/NEP), trapped FP
 * exceptions (FPCR.{IOE..IDE} are RES0 on the CPUs we model), AArch32
 * "standard FPSCR value".
 */
#ifndef A64EMU_SOFTFP_H
#define A64EMU_SOFTFP_H

#include <stdbool.h>
#include <stdint.h>

/* Formats: the value is log2 of the size in bytes (matches vector element
 * size fields). */
typedef enum FpFmt {
    FP_H = 1, /* binary16 (IEEE half; AHP alternative format only in conversions) */
    FP_S = 2, /* binary32 */
    FP_D = 3, /* binary64 */
} FpFmt;

/* Rounding modes. 0..3 are the FPCR.RMode encoding. */
typedef enum FpRounding {
    FP_RN = 0,  /* to nearest, ties to even */
    FP_RP = 1,  /* towards +infinity */
    FP_RM = 2,  /* towards -infinity */
    FP_RZ = 3,  /* towards zero */
    FP_RA = 4,  /* to nearest, ties away from zero (FRINTA, FCVTA*) */
    FP_RO = 5,  /* round to odd (FCVTXN); only for fp_convert */
} FpRounding;

/* FPSR cumulative exception bits (DDI 0487 C5.2.8), also ctx->exc bits. */
#define FP_EXC_IOC (1u << 0)  /* invalid operation */
#define FP_EXC_DZC (1u << 1)  /* divide by zero */
#define FP_EXC_OFC (1u << 2)  /* overflow */
#define FP_EXC_UFC (1u << 3)  /* underflow */
#define FP_EXC_IXC (1u << 4)  /* inexact */
#define FP_EXC_IDC (1u << 7)  /* input denormal (flushed by FZ) */
#define FP_EXC_MASK 0x9fu
#define FPSR_QC (1u << 27)    /* saturation (integer SIMD; not set by softfp) */

/* FPCR fields (DDI 0487 C5.2.7). */
#define FPCR_FZ16 (1u << 19)
#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPCR_AHP (1u << 26)

typedef struct FpCtx {
    uint8_t rmode;  /* FpRounding used by operations that round per FPCR */
    bool fz;        /* FPCR.FZ: flush single/double denormals (IDC, UFC) */
    bool fz16;      /* FPCR.FZ16: flush half denormals (no IDC) */
    bool dn;        /* FPCR.DN: NaN results are the default NaN */
    bool ahp;       /* FPCR.AHP: half conversions use the alternative format */
    uint32_t exc;   /* out: FP_EXC_* accumulated (never cleared here) */
} FpCtx;

/* The context for A64 FP and AdvSIMD instructions: all use FPCR. */
static inline FpCtx fp_ctx_from_fpcr(uint32_t fpcr)
{
    FpCtx c;
    c.rmode = (fpcr >> FPCR_RMODE_SHIFT) & 3;
    c.fz = (fpcr & FPCR_FZ) != 0;
    c.fz16 = (fpcr & FPCR_FZ16) != 0;
    c.dn = (fpcr & FPCR_DN) != 0;
    c.ahp = (fpcr & FPCR_AHP) != 0;
    c.exc = 0;
    return c;
}

/* The same with ctx.exc seeded from FPSR's cumulative bits: operations then
 * skip the work of detecting a flag that is already set (the fast paths'
 * inexactness test). OR ctx.exc back into FPSR as usual. */
static inline FpCtx fp_ctx_from_fpcr_fpsr(uint32_t fpcr, uint32_t fpsr)
{
    FpCtx c = fp_ctx_from_fpcr(fpcr);
    c.exc = fpsr & FP_EXC_MASK;
    return c;
}

/* ---- arithmetic (round per ctx->rmode) --------------------------------- */
uint64_t fp_add(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_sub(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_mul(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_mulx(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);   /* FMULX: 0*inf = +-2 */
uint64_t fp_div(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
/* FPMulAdd: addend + op1*op2 with one rounding. FMSUB/FMLS negate op1,
 * FNMADD negates addend and op1, FNMSUB negates addend: callers apply
 * fp_neg() to the operands first, as the pseudocode does (a NaN operand
 * then propagates with its sign flipped). */
uint64_t fp_muladd(FpFmt f, uint64_t addend, uint64_t op1, uint64_t op2, FpCtx *ctx);
/* FPMulAddH (FMLAL/FMLSL, FEAT_FHM): binary32 addend + binary16 op1*op2
 * with one rounding to binary32; FZ16 flushes the half inputs, FZ the
 * addend and result. FMLSL: caller passes fp_neg(FP_H, op1). */
uint64_t fp_muladd_h2s(uint64_t addend, uint64_t op1, uint64_t op2, FpCtx *ctx);
/* BFDOT/BFMMLA step (FEAT_BF16 without EBF16): sum + e1.lo*e2.lo +
 * e1.hi*e2.hi for two pairs of BFloat16 packed in e1/e2, unfused, round to
 * odd, FZ and DN forced, no FPSR effect. BFMLALB/T is fp_muladd(FP_S, acc,
 * bf16 << 16, bf16 << 16) under FPCR. */
uint32_t fp_bfdotadd(uint32_t sum, uint32_t e1, uint32_t e2);
uint64_t fp_sqrt(FpFmt f, uint64_t a, FpCtx *ctx);
uint64_t fp_abd(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);    /* FABD: |a-b| */

/* No exceptions, no flushing, NaNs pass unchanged (DDI 0487 FPAbs/FPNeg). */
static inline uint64_t fp_abs(FpFmt f, uint64_t a)
{
    unsigned n = 8u << f;
    return a & ((n == 64 ? ~0ull : (1ull << n) - 1) >> 1);
}
static inline uint64_t fp_neg(FpFmt f, uint64_t a)
{
    unsigned n = 8u << f;
    uint64_t m = n == 64 ? ~0ull : (1ull << n) - 1;
    return (a ^ (1ull << (n - 1))) & m;
}

/* ---- min/max (FPMax/FPMin/FPMaxNum/FPMinNum: -0 < +0) ------------------ */
uint64_t fp_max(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_min(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
uint64_t fp_maxnm(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);  /* quiet NaN loses */
uint64_t fp_minnm(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);

/* ---- comparisons ------------------------------------------------------- */
/* FCMP (signal_all = false: IOC only for SNaN) / FCMPE (signal_all = true:
 * IOC for any NaN). Returns NZCV in bits 31:28 (A64Cpu.nzcv layout):
 * equal 0110, less 1000, greater 0010, unordered 0011. */
uint32_t fp_compare(FpFmt f, uint64_t a, uint64_t b, bool signal_all, FpCtx *ctx);
/* Vector predicates. EQ is quiet (IOC on SNaN), GE/GT signal on any NaN.
 * FCMLE/FCMLT x,#0 are ge(0,x)/gt(0,x); FACGE/FACGT pass fp_abs() values. */
bool fp_cmp_eq(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
bool fp_cmp_ge(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);
bool fp_cmp_gt(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);

/* ---- round to integral ------------------------------------------------- */
/* FRINT{N,P,M,Z,A,I,X}: rmode is explicit (FRINTI/FRINTX pass ctx->rmode);
 * exact = true (FRINTX) raises IXC when the value changes. */
uint64_t fp_round_int(FpFmt f, uint64_t a, FpRounding rmode, bool exact, FpCtx *ctx);
/* FRINT32{Z,X} / FRINT64{Z,X} (FEAT_FRINTTS, S and D only): out-of-range,
 * infinity and NaN give the most negative integer of intbits, with IOC. */
uint64_t fp_round_int_n(FpFmt f, uint64_t a, FpRounding rmode, unsigned intbits,
                        FpCtx *ctx);

/* ---- conversions ------------------------------------------------------- */
/* FCVT / FCVTL / FCVTN between any two formats, rounding per ctx->rmode
 * (FCVTXN: set ctx->rmode = FP_RO). Half in or out honours ctx->ahp;
 * FZ16 does not apply to conversions (FPUnpackCV/FPRoundCV). */
uint64_t fp_convert(FpFmt to, FpFmt from, uint64_t a, FpCtx *ctx);
/* binary32 -> BFloat16 (BFCVT, BFCVTN): FPConvertBF, rounding per
 * ctx->rmode, FZ/DN as for single precision. Returns the 16-bit pattern. */
uint64_t fp_to_bf16(uint64_t a, FpCtx *ctx);

/* FPToFixed: FCVT{N,P,M,Z,A}{S,U} incl. fixed point (fbits 0..intbits)
 * to a signed/unsigned integer of intbits (16, 32, 64) with saturation and
 * IOC; NaN gives 0. Result is zero-extended to 64 bits. */
uint64_t fp_to_int(FpFmt f, uint64_t a, FpRounding rmode, unsigned fbits, unsigned intbits,
                   bool is_unsigned, FpCtx *ctx);
/* FixedToFP: SCVTF/UCVTF of an intbits integer (low bits of v) with fbits
 * fraction bits, rounding per ctx->rmode. */
uint64_t fp_from_int(FpFmt f, uint64_t v, unsigned fbits, unsigned intbits, bool is_unsigned,
                     FpCtx *ctx);
/* FJCVTZS: double -> int32 modulo 2^32, round to zero. *z receives the Z
 * flag (1 iff the conversion was exact and in range); NZCV = 0Z00. */
uint32_t fp_fjcvtzs(uint64_t a, FpCtx *ctx, bool *z);

/* ---- estimates and Newton-Raphson steps -------------------------------- */
uint64_t fp_recpe(FpFmt f, uint64_t a, FpCtx *ctx);   /* FRECPE */
uint64_t fp_rsqrte(FpFmt f, uint64_t a, FpCtx *ctx);  /* FRSQRTE */
uint64_t fp_recpx(FpFmt f, uint64_t a, FpCtx *ctx);   /* FRECPX */
uint64_t fp_recps(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);  /* FRECPS: 2 - a*b fused */
uint64_t fp_rsqrts(FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx); /* FRSQRTS: (3 - a*b)/2 */
uint32_t fp_urecpe(uint32_t a);   /* URECPE */
uint32_t fp_ursqrte(uint32_t a);  /* URSQRTE */

/* ---- one entry point per arity, for table-driven helpers --------------- */
typedef enum FpBinOp {
    FP_OP_ADD, FP_OP_SUB, FP_OP_MUL, FP_OP_MULX, FP_OP_DIV,
    FP_OP_MAX, FP_OP_MIN, FP_OP_MAXNM, FP_OP_MINNM,
    FP_OP_ABD, FP_OP_RECPS, FP_OP_RSQRTS,
    FP_OP_CMEQ, FP_OP_CMGE, FP_OP_CMGT, FP_OP_ACGE, FP_OP_ACGT, /* all-ones/zero mask */
    FP_OP_BIN_COUNT
} FpBinOp;
uint64_t fp_binop(FpBinOp op, FpFmt f, uint64_t a, uint64_t b, FpCtx *ctx);

/* Classification helpers (no exceptions). */
bool fp_is_nan(FpFmt f, uint64_t a);
bool fp_is_snan(FpFmt f, uint64_t a);
uint64_t fp_default_nan(FpFmt f);

#endif
