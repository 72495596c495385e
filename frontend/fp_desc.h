/* SPDX-License-Identifier: MIT */
/*
 * fp_desc.h - constant "descriptor" arguments of the FP helpers
 * (helper_fp.c): the lifter packs the per-instruction parameters of a
 * conversion, rounding or comparison into one immediate so that one helper
 * per precision serves every variant. Shared by the scalar and vector FP
 * lifters.
 */
#ifndef A64EMU_FP_DESC_H
#define A64EMU_FP_DESC_H

/* Rounding-mode field value meaning "FPCR.RMode" (FRINTI, FRINTX, SCVTF..);
 * 0..4 are FpRounding values (FP_RN .. FP_RA). */
#define FP_DESC_RM_FPCR 7u

/* fcvt_to_int: rmode, fraction bits (0..64), integer width (16/32/64), U */
#define FP_DESC_F2I(rm, fbits, intbits, uns) \
    ((uint64_t)(rm) | ((uint64_t)(fbits) << 8) | ((uint64_t)(intbits) << 16) | \
     ((uint64_t)((uns) ? 1 : 0) << 24))
#define FP_DESC_F2I_RM(d) ((unsigned)(d) & 7)
#define FP_DESC_F2I_FBITS(d) ((unsigned)((d) >> 8) & 0xff)
#define FP_DESC_F2I_INTBITS(d) ((unsigned)((d) >> 16) & 0xff)
#define FP_DESC_F2I_UNSIGNED(d) ((((d) >> 24) & 1) != 0)

/* fcvt_from_int: fraction bits, integer width, U (rounding per FPCR) */
#define FP_DESC_I2F(fbits, intbits, uns) \
    ((uint64_t)(fbits) | ((uint64_t)(intbits) << 8) | ((uint64_t)((uns) ? 1 : 0) << 16))
#define FP_DESC_I2F_FBITS(d) ((unsigned)(d) & 0xff)
#define FP_DESC_I2F_INTBITS(d) ((unsigned)((d) >> 8) & 0xff)
#define FP_DESC_I2F_UNSIGNED(d) ((((d) >> 16) & 1) != 0)

/* frint: rmode, exact (FRINTX: IXC when inexact), intbits (0: FRINT<r>,
 * 32/64: FRINT32<r>/FRINT64<r>) */
#define FP_DESC_RINT(rm, exact, intbits) \
    ((uint64_t)(rm) | ((uint64_t)((exact) ? 1 : 0) << 3) | ((uint64_t)(intbits) << 8))
#define FP_DESC_RINT_RM(d) ((unsigned)(d) & 7)
#define FP_DESC_RINT_EXACT(d) ((((d) >> 3) & 1) != 0)
#define FP_DESC_RINT_INTBITS(d) ((unsigned)((d) >> 8) & 0xff)

/* fcvt: destination and source FpFmt, round to odd (FCVTXN) */
#define FP_DESC_CVT(to, from, ro) \
    ((uint64_t)(to) | ((uint64_t)(from) << 4) | ((uint64_t)((ro) ? 1 : 0) << 8))
#define FP_DESC_CVT_TO(d) ((FpFmt)((d) & 15))
#define FP_DESC_CVT_FROM(d) ((FpFmt)(((d) >> 4) & 15))
#define FP_DESC_CVT_RO(d) ((((d) >> 8) & 1) != 0)

/* fcmp: signalling comparison (FCMPE/FCCMPE); NZCV used when the
 * condition failed, in bits 31:28 */
#define FP_DESC_CMP_SIGNAL 1u
#define FP_DESC_CMP_NZCV 0xf0000000u

#endif
