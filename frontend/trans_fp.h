/* SPDX-License-Identifier: MIT */
/*
 * trans_fp.h - what the scalar FP lifters (trans_fp*.c) share: access to the
 * low element of a V register, precision selection from ftype/size fields,
 * feature tests and the helper-call shorthands.
 */
#ifndef A64EMU_TRANS_FP_H
#define A64EMU_TRANS_FP_H

#include <stddef.h>

#include "fp_desc.h"
#include "fpu/softfp.h"
#include "translate.h"

/* Byte offset of V[n] bits 63:0 (half 0) or 127:64 (half 1) in A64Cpu. */
static inline size_t fp_vreg_off(unsigned n, unsigned half)
{
    return offsetof(A64Cpu, v) + (size_t)(n & 31) * 16 + (half & 1) * 8;
}

/* Bits 63:0 of V[n]; the low 16/32/64 bits are the H/S/D register (the
 * helpers ignore the bits above the element). */
static inline IrValue fp_read(DisasContext *s, unsigned n)
{
    return ir_load_cpu(s->b, IR_I64, fp_vreg_off(n, 0));
}

/* Write an H/S/D register: v is the zero-extended element (I64), and the
 * rest of the 128-bit V register is zeroed (DDI 0487 C1.2.5: a scalar
 * write clears the unused upper bits). */
static inline void fp_write(DisasContext *s, unsigned d, IrValue v)
{
    ir_store_cpu(s->b, fp_vreg_off(d, 0), v);
    ir_store_cpu(s->b, fp_vreg_off(d, 1), ir_const64(s->b, 0));
}

static inline unsigned fp_bits(FpFmt f)
{
    return 8u << f;
}

static inline uint64_t fp_mask(FpFmt f)
{
    return f == FP_D ? ~0ull : (1ull << fp_bits(f)) - 1;
}

static inline uint64_t fp_sign_bit(FpFmt f)
{
    return 1ull << (fp_bits(f) - 1);
}

/* Features beyond Armv8.0 FP, per CPU model (A64Features, set in cpu.c
 * together with the ID register fields that advertise them). */
static inline bool fp_have_fp16(const DisasContext *s)
{
    return s->cpu->feat.fp16;
}
static inline bool fp_have_jscvt(const DisasContext *s)
{
    return s->cpu->feat.jscvt;
}
static inline bool fp_have_frintts(const DisasContext *s)
{
    return s->cpu->feat.frintts;
}
static inline bool fp_have_bf16(const DisasContext *s)
{
    return s->cpu->feat.bf16;
}

/*
 * The precision named by a scalar ftype field (00 S, 01 D, 11 H with
 * FEAT_FP16); false for the reserved 10 and for H without FEAT_FP16.
 */
static inline bool fp_ftype(const DisasContext *s, int ftype, FpFmt *f)
{
    switch (ftype) {
    case 0:
        *f = FP_S;
        return true;
    case 1:
        *f = FP_D;
        return true;
    case 3:
        *f = FP_H;
        return fp_have_fp16(s);
    default:
        return false;
    }
}

/*
 * The checks every scalar FP trans_ starts with, in the order of the
 * pseudocode: the FP feature and the precision (ftype 10, or half without
 * FEAT_FP16) are UNDEFINED (return false, EC 0x00); only then
 * CheckFPAdvSIMDEnabled64() (the trap is emitted, return true). *fmt gets
 * the precision.
 */
#define FP_GATE(s, ftype, fmt)                                      \
    do {                                                            \
        if (!(s)->cpu->feat.fp || !fp_ftype((s), (ftype), (fmt)))   \
            return false;                                           \
        if (!a64_fp_access_check(s))                                \
            return true;                                            \
    } while (0)

/* trans_NAME as a call of a shared lifter with per-instruction constants:
 * the instruction tables of trans_fp.c and trans_fp_cvt.c. */
#define FP_TRANS(NAME, FUNC, ...)                                   \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)               \
    {                                                               \
        return FUNC(s, a, __VA_ARGS__);                             \
    }

/* Helper ids of one operation in the three precisions, indexed by FpFmt. */
typedef struct FpHelper3 {
    unsigned id[4];
} FpHelper3;
#define FP_HELPER3(name) \
    ((FpHelper3){{0, HELPER_##name##_h, HELPER_##name##_s, HELPER_##name##_d}})

static inline IrValue fp_call(DisasContext *s, FpHelper3 h, FpFmt f, IrValue a0, IrValue a1,
                              IrValue a2, IrValue a3)
{
    return ir_call(s->b, h.id[f], a0, a1, a2, a3);
}

#endif
