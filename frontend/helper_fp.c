/* SPDX-License-Identifier: MIT */
/*
 * helper_fp.c - helpers for scalar floating point: thin wrappers around the
 * bit-exact library (fpu/softfp.h) that take operands as bit patterns,
 * obey the current FPCR and OR the raised exceptions into FPSR.
 *
 * One helper per operation and precision (_h binary16, _s binary32,
 * _d binary64) so that the common cases need no dispatch. Every helper is
 * usable per element by the vector code: operands in the low bits of a0..,
 * result zero-extended. None can raise a guest exception: trapped FP
 * exceptions are not implemented (FPCR.{IOE..IDE} are RES0 on the CPUs we
 * model), so the rows are IR_F_SIDE only (FPSR is written).
 */
#include "cpu.h"
#include "fp_desc.h"
#include "fpu/softfp.h"
#include "helpers.h"

static inline FpCtx ctx_of(const A64Cpu *c)
{
    return fp_ctx_from_fpcr(c->fpcr);
}

static inline uint64_t done(A64Cpu *c, const FpCtx *x, uint64_t r)
{
    c->fpsr |= x->exc;
    return r;
}

/* An explicit rounding mode from a descriptor, or FPCR.RMode (FP_DESC_RM_FPCR). */
static inline FpRounding desc_rmode(const FpCtx *x, unsigned rm)
{
    return rm == FP_DESC_RM_FPCR ? (FpRounding)x->rmode : (FpRounding)rm;
}

#define FP_HELPER_FMT(name, f, body)                                                  \
    uint64_t helper_##name(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2,         \
                           uint64_t a3)                                                \
    {                                                                                  \
        A64Cpu *c = cpu;                                                               \
        FpCtx x = ctx_of(c);                                                           \
        const FpFmt fmt = (f);                                                         \
        (void)a0, (void)a1, (void)a2, (void)a3, (void)fmt;                             \
        uint64_t r = (body);                                                           \
        return done(c, &x, r);                                                         \
    }

/* The three precisions of one operation; body uses fmt, x, a0..a3. */
#define FP_HELPER(name, body)                                                         \
    FP_HELPER_FMT(name##_h, FP_H, body)                                               \
    FP_HELPER_FMT(name##_s, FP_S, body)                                               \
    FP_HELPER_FMT(name##_d, FP_D, body)

/* ---- arithmetic (C7.2 FADD .. FMINNM, FSQRT, FMADD ..) ---------------- */
FP_HELPER(fadd, fp_add(fmt, a0, a1, &x))
FP_HELPER(fsub, fp_sub(fmt, a0, a1, &x))
FP_HELPER(fmul, fp_mul(fmt, a0, a1, &x))
FP_HELPER(fdiv, fp_div(fmt, a0, a1, &x))
FP_HELPER(fmax, fp_max(fmt, a0, a1, &x))
FP_HELPER(fmin, fp_min(fmt, a0, a1, &x))
FP_HELPER(fmaxnm, fp_maxnm(fmt, a0, a1, &x))
FP_HELPER(fminnm, fp_minnm(fmt, a0, a1, &x))
/* FPMulAdd(addend = a0, op1 = a1, op2 = a2): the caller negates operands */
FP_HELPER(fmuladd, fp_muladd(fmt, a0, a1, a2, &x))
FP_HELPER(fsqrt, fp_sqrt(fmt, a0, &x))
/* the less common two-operand operations: a2 = FpBinOp */
FP_HELPER(fbinop, a2 < FP_OP_BIN_COUNT ? fp_binop((FpBinOp)a2, fmt, a0, a1, &x) : 0)

/* ---- estimates (FRECPE, FRSQRTE, FRECPX) ----------------------------- */
FP_HELPER(frecpe, fp_recpe(fmt, a0, &x))
FP_HELPER(frsqrte, fp_rsqrte(fmt, a0, &x))
FP_HELPER(frecpx, fp_recpx(fmt, a0, &x))

/*
 * FCMP/FCMPE/FCCMP/FCCMPE (C7.2.x, FPCompare): a2 = condition passed (1)
 * or not (0, no comparison, no exception: NZCV = the immediate), a3 =
 * FP_DESC_CMP_*. Returns NZCV in bits 31:28.
 */
FP_HELPER(fcmp, a2 ? fp_compare(fmt, a0, a1, (a3 & FP_DESC_CMP_SIGNAL) != 0, &x)
                   : (uint32_t)(a3 & FP_DESC_CMP_NZCV))

/* FRINT<r> / FRINT32<r> / FRINT64<r>: a1 = FP_DESC_RINT(...) */
FP_HELPER(frint,
          FP_DESC_RINT_INTBITS(a1)
              ? fp_round_int_n(fmt, a0, desc_rmode(&x, FP_DESC_RINT_RM(a1)),
                               FP_DESC_RINT_INTBITS(a1), &x)
              : fp_round_int(fmt, a0, desc_rmode(&x, FP_DESC_RINT_RM(a1)),
                             FP_DESC_RINT_EXACT(a1), &x))

/* FPToFixed (FCVT[NPMZA][SU], fixed-point FCVTZ[SU]): a1 = FP_DESC_F2I(...) */
FP_HELPER(fcvt_to_int,
          fp_to_int(fmt, a0, desc_rmode(&x, FP_DESC_F2I_RM(a1)), FP_DESC_F2I_FBITS(a1),
                    FP_DESC_F2I_INTBITS(a1), FP_DESC_F2I_UNSIGNED(a1), &x))

/* FixedToFP (SCVTF/UCVTF): a1 = FP_DESC_I2F(...) */
FP_HELPER(fcvt_from_int,
          fp_from_int(fmt, a0, FP_DESC_I2F_FBITS(a1), FP_DESC_I2F_INTBITS(a1),
                      FP_DESC_I2F_UNSIGNED(a1), &x))

/*
 * FCVT between precisions (and FCVTL/FCVTN/FCVTXN per element): a1 =
 * FP_DESC_CVT(to, from, round_to_odd).
 */
uint64_t helper_fcvt(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    FpCtx x = ctx_of(c);
    if (FP_DESC_CVT_RO(a1))
        x.rmode = FP_RO;
    uint64_t r = fp_convert(FP_DESC_CVT_TO(a1), FP_DESC_CVT_FROM(a1), a0, &x);
    return done(c, &x, r);
}

/* BFCVT (FEAT_BF16): binary32 -> BFloat16 */
uint64_t helper_bfcvt(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    FpCtx x = ctx_of(c);
    uint64_t r = fp_to_bf16(a0, &x);
    return done(c, &x, r);
}

/*
 * FJCVTZS (C7.2.99): the W result in bits 31:0, NZCV (0Z00) in bits 63:32.
 * FPToFixedJS gives Z = 0 for a positive denormal flushed by FPCR.FZ
 * ("sign == '0' && value == 0.0 && !IsZero(op<51:0>)"); the reference
 * (QEMU 7.2) sets Z there, and the differential tests follow it.
 */
uint64_t helper_fjcvtzs(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    FpCtx x = ctx_of(c);
    bool z = false;
    uint32_t r = fp_fjcvtzs(a0, &x, &z);
    if (x.fz && (a0 >> 52) == 0 && (a0 << 12) != 0)
        z = true;
    return done(c, &x, ((uint64_t)(z ? 0x40000000u : 0) << 32) | r);
}
