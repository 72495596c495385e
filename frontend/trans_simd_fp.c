/* SPDX-License-Identifier: MIT */
/*
 * trans_simd_fp.c - lift the Advanced SIMD floating-point vector
 * instructions of a64-simd-fp.decode (DDI 0487 C4.1.96; per-instruction
 * decode and pseudocode in C7.2).
 *
 * Each trans_ function checks the FP feature and the encoding (reserved
 * size/Q values, FEAT_FP16/FHM/FCMA/FRINTTS: UNDEFINED first, as decode
 * precedes CheckFPAdvSIMDEnabled64() in the pseudocode), then the
 * CPACR_EL1.FPEN access check, then emits one call of the simd_fp helper
 * with a constant descriptor (simd_fp.h): the helper runs every lane with
 * the bit-exact softfp library, in place on the V registers, and ORs the
 * lanes' exceptions into FPSR. FABS and FNEG, which raise nothing and never
 * flush (FPAbs, FPNeg), are plain IR on the two 64-bit halves.
 */
#include "trans_fp.h"
#include "a64_decode.h"
#include "simd_fp.h"

/* ---- common ------------------------------------------------------------ */

/* FEAT_FHM (FMLAL/FMLSL, ID_AA64ISAR0_EL1.FHM), FEAT_FCMA (FCMLA/FCADD,
 * ID_AA64ISAR1_EL1.FCMA) and FEAT_BF16 (ID_AA64ISAR1_EL1.BF16), per CPU
 * model (cpu.c). */
static bool sf_have_fhm(const DisasContext *s)
{
    return s->cpu->feat.fhm;
}

static bool sf_have_fcma(const DisasContext *s)
{
    return s->cpu->feat.fcma;
}

static bool sf_have_bf16(const DisasContext *s)
{
    return s->cpu->feat.bf16;
}

/* The access check, then the helper call. */
static bool sf_emit(DisasContext *s, uint64_t desc, uint64_t param)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IrBlock *b = s->b;
    ir_call(b, HELPER_simd_fp, ir_const64(b, desc), ir_const64(b, param), IR_NONE, IR_NONE);
    return true;
}

/*
 * The element format of a vector row: the FP16 class (half, FEAT_FP16),
 * or sz (0 single, 1 double; double needs Q = 1: sz:Q = 10 is reserved).
 */
static bool sf_fmt(DisasContext *s, bool half, int sz, int q, FpFmt *f)
{
    if (half) {
        *f = FP_H;
        return fp_have_fp16(s);
    }
    if (sz && !q) {
        return false;
    }
    *f = sz ? FP_D : FP_S;
    return true;
}

/* ---- three same -------------------------------------------------------- */

static bool do_3same(DisasContext *s, arg_sf_3 *a, bool half, unsigned op, uint64_t param)
{
    FpFmt f;

    if (!s->cpu->feat.fp) {
        return false;
    }
    if (!sf_fmt(s, half, a->sz, a->q, &f)) {
        return false;
    }
    return sf_emit(s, sf_desc(op, a->rd, a->rn, a->rm, f, a->q, 0), param);
}

#define TRANS_3SAME(NAME, OP, PARAM)                                  \
    bool trans_##NAME##_v(DisasContext *s, arg_##NAME##_v *a)         \
    {                                                                 \
        return do_3same(s, a, false, OP, PARAM);                      \
    }                                                                 \
    bool trans_##NAME##_vh(DisasContext *s, arg_##NAME##_vh *a)       \
    {                                                                 \
        return do_3same(s, a, true, OP, PARAM);                       \
    }

TRANS_3SAME(FMAXNM, SF_BIN, FP_OP_MAXNM)
TRANS_3SAME(FMLA, SF_FMLA, 0)
TRANS_3SAME(FADD, SF_BIN, FP_OP_ADD)
TRANS_3SAME(FMULX, SF_BIN, FP_OP_MULX)
TRANS_3SAME(FCMEQ, SF_BIN, FP_OP_CMEQ)
TRANS_3SAME(FMAX, SF_BIN, FP_OP_MAX)
TRANS_3SAME(FRECPS, SF_BIN, FP_OP_RECPS)
TRANS_3SAME(FMINNM, SF_BIN, FP_OP_MINNM)
TRANS_3SAME(FMLS, SF_FMLS, 0)
TRANS_3SAME(FSUB, SF_BIN, FP_OP_SUB)
TRANS_3SAME(FMIN, SF_BIN, FP_OP_MIN)
TRANS_3SAME(FRSQRTS, SF_BIN, FP_OP_RSQRTS)
TRANS_3SAME(FMAXNMP, SF_PAIR, FP_OP_MAXNM)
TRANS_3SAME(FADDP, SF_PAIR, FP_OP_ADD)
TRANS_3SAME(FMUL, SF_BIN, FP_OP_MUL)
TRANS_3SAME(FCMGE, SF_BIN, FP_OP_CMGE)
TRANS_3SAME(FACGE, SF_BIN, FP_OP_ACGE)
TRANS_3SAME(FMAXP, SF_PAIR, FP_OP_MAX)
TRANS_3SAME(FDIV, SF_BIN, FP_OP_DIV)
TRANS_3SAME(FMINNMP, SF_PAIR, FP_OP_MINNM)
TRANS_3SAME(FABD, SF_BIN, FP_OP_ABD)
TRANS_3SAME(FCMGT, SF_BIN, FP_OP_CMGT)
TRANS_3SAME(FACGT, SF_BIN, FP_OP_ACGT)
TRANS_3SAME(FMINP, SF_PAIR, FP_OP_MIN)

/*
 * FMLAL, FMLSL, FMLAL2, FMLSL2 (vector) (C7.2.112..., FEAT_FHM): 2S/4S
 * accumulate products of the 2H/4H lanes of the lower (the "2" forms: the
 * upper) half of the 64/128-bit operands.
 */
static bool do_fmlal(DisasContext *s, arg_sf_3 *a, bool sub, bool part)
{
    if (!s->cpu->feat.fp || !sf_have_fhm(s)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_FMLAL, a->rd, a->rn, a->rm, FP_S, a->q, 0),
                   (sub ? 1 : 0) | (part ? 2 : 0));
}

bool trans_FMLAL_v(DisasContext *s, arg_FMLAL_v *a)
{
    return do_fmlal(s, a, false, false);
}

bool trans_FMLSL_v(DisasContext *s, arg_FMLSL_v *a)
{
    return do_fmlal(s, a, true, false);
}

bool trans_FMLAL2_v(DisasContext *s, arg_FMLAL2_v *a)
{
    return do_fmlal(s, a, false, true);
}

bool trans_FMLSL2_v(DisasContext *s, arg_FMLSL2_v *a)
{
    return do_fmlal(s, a, true, true);
}

/* ---- three-register extension: FCMLA, FCADD (FEAT_FCMA) ----------------- */

/* size 01 half (FEAT_FP16), 10 single, 11 double (Q = 1); 00 reserved. */
static bool fcma_fmt(DisasContext *s, int size, int q, FpFmt *f)
{
    switch (size) {
    case 1:
        *f = FP_H;
        return fp_have_fp16(s);
    case 2:
        *f = FP_S;
        return true;
    case 3:
        *f = FP_D;
        return q != 0;
    default:
        return false;
    }
}

bool trans_FCMLA_v(DisasContext *s, arg_FCMLA_v *a)
{
    FpFmt f;

    if (!s->cpu->feat.fp || !sf_have_fcma(s) || !fcma_fmt(s, a->size, a->q, &f)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_FCMLA, a->rd, a->rn, a->rm, f, a->q, 0), a->rot);
}

bool trans_FCADD_v(DisasContext *s, arg_FCADD_v *a)
{
    FpFmt f;

    if (!s->cpu->feat.fp || !sf_have_fcma(s) || !fcma_fmt(s, a->size, a->q, &f)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_FCADD, a->rd, a->rn, a->rm, f, a->q, 0), a->rot);
}

/* ---- FEAT_BF16 ---------------------------------------------------------- */

/* BFDOT (vector) (C7.2.27): 2S/4S += dot products of BFloat16 pairs. */
bool trans_BFDOT_v(DisasContext *s, arg_BFDOT_v *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_BFDOT, a->rd, a->rn, a->rm, FP_S, a->q, 0), 0);
}

/* BFMLALB/BFMLALT (vector) (C7.2.31): Q selects the odd (T) lanes; the
 * vector is always 128 bits. */
bool trans_BFMLAL_v(DisasContext *s, arg_BFMLAL_v *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_BFMLAL, a->rd, a->rn, a->rm, FP_S, true, 0), a->q);
}

/* BFMMLA (C7.2.33): 128-bit only (the row fixes Q = 1). */
bool trans_BFMMLA(DisasContext *s, arg_BFMMLA *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_BFMMLA, a->rd, a->rn, a->rm, FP_S, true, 0), 0);
}

/* BFCVTN/BFCVTN2 (C7.2.30): 4S -> 4H BFloat16 into the half of Vd
 * selected by Q. */
bool trans_BFCVTN_v(DisasContext *s, arg_BFCVTN_v *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_BFCVTN, a->rd, a->rn, 0, FP_S, a->q, 0), 0);
}

/* ---- two-register miscellaneous ---------------------------------------- */

static bool do_2misc(DisasContext *s, arg_sf_2 *a, bool half, unsigned unop, uint64_t param)
{
    FpFmt f;

    if (!s->cpu->feat.fp) {
        return false;
    }
    if (!sf_fmt(s, half, a->sz, a->q, &f)) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_UNARY, a->rd, a->rn, 0, f, a->q, 0), sf_unop(unop, param));
}

#define TRANS_2MISC(NAME, UNOP, PARAM)                                \
    bool trans_##NAME##_v(DisasContext *s, arg_##NAME##_v *a)         \
    {                                                                 \
        return do_2misc(s, a, false, UNOP, PARAM);                    \
    }                                                                 \
    bool trans_##NAME##_vh(DisasContext *s, arg_##NAME##_vh *a)       \
    {                                                                 \
        return do_2misc(s, a, true, UNOP, PARAM);                     \
    }

/* The integer width of the conversions is the element size (the helper
 * fills it in); FRINTX/FRINTI and SCVTF/UCVTF round per FPCR. */
#define RINT(rm, exact) FP_DESC_RINT(rm, exact, 0)
#define F2I(rm, uns) FP_DESC_F2I(rm, 0, 0, uns)

TRANS_2MISC(FRINTN, SFU_RINT, RINT(FP_RN, false))
TRANS_2MISC(FRINTM, SFU_RINT, RINT(FP_RM, false))
TRANS_2MISC(FRINTP, SFU_RINT, RINT(FP_RP, false))
TRANS_2MISC(FRINTZ, SFU_RINT, RINT(FP_RZ, false))
TRANS_2MISC(FRINTA, SFU_RINT, RINT(FP_RA, false))
TRANS_2MISC(FRINTX, SFU_RINT, RINT(FP_DESC_RM_FPCR, true))
TRANS_2MISC(FRINTI, SFU_RINT, RINT(FP_DESC_RM_FPCR, false))
TRANS_2MISC(FCVTNS, SFU_F2I, F2I(FP_RN, false))
TRANS_2MISC(FCVTMS, SFU_F2I, F2I(FP_RM, false))
TRANS_2MISC(FCVTAS, SFU_F2I, F2I(FP_RA, false))
TRANS_2MISC(FCVTPS, SFU_F2I, F2I(FP_RP, false))
TRANS_2MISC(FCVTZS, SFU_F2I, F2I(FP_RZ, false))
TRANS_2MISC(FCVTNU, SFU_F2I, F2I(FP_RN, true))
TRANS_2MISC(FCVTMU, SFU_F2I, F2I(FP_RM, true))
TRANS_2MISC(FCVTAU, SFU_F2I, F2I(FP_RA, true))
TRANS_2MISC(FCVTPU, SFU_F2I, F2I(FP_RP, true))
TRANS_2MISC(FCVTZU, SFU_F2I, F2I(FP_RZ, true))
TRANS_2MISC(SCVTF, SFU_I2F, FP_DESC_I2F(0, 0, false))
TRANS_2MISC(UCVTF, SFU_I2F, FP_DESC_I2F(0, 0, true))
TRANS_2MISC(FCMGT0, SFU_CMGT0, 0)
TRANS_2MISC(FCMEQ0, SFU_CMEQ0, 0)
TRANS_2MISC(FCMLT0, SFU_CMLT0, 0)
TRANS_2MISC(FCMGE0, SFU_CMGE0, 0)
TRANS_2MISC(FCMLE0, SFU_CMLE0, 0)
TRANS_2MISC(FRECPE, SFU_RECPE, 0)
TRANS_2MISC(FRSQRTE, SFU_RSQRTE, 0)
TRANS_2MISC(FSQRT, SFU_SQRT, 0)

/*
 * FABS/FNEG (vector) (C7.2.47, C7.2.131): clear or flip the sign bit of
 * every lane; no exception, no flushing, NaNs unchanged.
 */
static bool do_sign(DisasContext *s, arg_sf_2 *a, bool half, bool neg)
{
    IrBlock *b = s->b;
    FpFmt f;

    if (!s->cpu->feat.fp) {
        return false;
    }
    if (!sf_fmt(s, half, a->sz, a->q, &f)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    uint64_t sign = f == FP_H ? 0x8000800080008000ull
                  : f == FP_S ? 0x8000000080000000ull : 0x8000000000000000ull;
    IrValue lo = ir_load_cpu(b, IR_I64, fp_vreg_off(a->rn, 0));
    IrValue hi = a->q ? ir_load_cpu(b, IR_I64, fp_vreg_off(a->rn, 1)) : ir_const64(b, 0);
    IrOpcode opc = neg ? IR_XOR : IR_AND;
    IrValue m = ir_const64(b, neg ? sign : ~sign);
    lo = ir_binop(b, opc, IR_I64, lo, m);
    if (a->q) {
        hi = ir_binop(b, opc, IR_I64, hi, m);
    }
    ir_store_cpu(b, fp_vreg_off(a->rd, 0), lo);
    ir_store_cpu(b, fp_vreg_off(a->rd, 1), hi);
    return true;
}

bool trans_FABS_v(DisasContext *s, arg_FABS_v *a)
{
    return do_sign(s, a, false, false);
}

bool trans_FABS_vh(DisasContext *s, arg_FABS_vh *a)
{
    return do_sign(s, a, true, false);
}

bool trans_FNEG_v(DisasContext *s, arg_FNEG_v *a)
{
    return do_sign(s, a, false, true);
}

bool trans_FNEG_vh(DisasContext *s, arg_FNEG_vh *a)
{
    return do_sign(s, a, true, true);
}

/* FRINT32Z/FRINT32X/FRINT64Z/FRINT64X (vector) (FEAT_FRINTTS): single and
 * double only. */
static bool do_frintn(DisasContext *s, arg_sf_2 *a, bool exact, unsigned intbits)
{
    if (!s->cpu->feat.fp || !fp_have_frintts(s)) {
        return false;
    }
    unsigned rm = exact ? FP_DESC_RM_FPCR : FP_RZ;
    return do_2misc(s, a, false, SFU_RINT, FP_DESC_RINT(rm, exact, intbits));
}

bool trans_FRINT32Z_v(DisasContext *s, arg_FRINT32Z_v *a)
{
    return do_frintn(s, a, false, 32);
}

bool trans_FRINT32X_v(DisasContext *s, arg_FRINT32X_v *a)
{
    return do_frintn(s, a, true, 32);
}

bool trans_FRINT64Z_v(DisasContext *s, arg_FRINT64Z_v *a)
{
    return do_frintn(s, a, false, 64);
}

bool trans_FRINT64X_v(DisasContext *s, arg_FRINT64X_v *a)
{
    return do_frintn(s, a, true, 64);
}

/* URECPE/URSQRTE (C7.2.370, C7.2.374): 32-bit unsigned lanes only. */
static bool do_uest(DisasContext *s, arg_sf_2 *a, unsigned unop)
{
    if (!s->cpu->feat.fp || a->sz) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_UNARY, a->rd, a->rn, 0, FP_S, a->q, 0), sf_unop(unop, 0));
}

bool trans_URECPE_v(DisasContext *s, arg_URECPE_v *a)
{
    return do_uest(s, a, SFU_URECPE);
}

bool trans_URSQRTE_v(DisasContext *s, arg_URSQRTE_v *a)
{
    return do_uest(s, a, SFU_URSQRTE);
}

/*
 * FCVTL/FCVTL2 (C7.2.70): sz 0 = 4H -> 4S, 1 = 2S -> 2D, from the half of
 * Vn selected by Q. Half-precision conversions are Armv8.0 (no FEAT_FP16).
 */
bool trans_FCVTL_v(DisasContext *s, arg_FCVTL_v *a)
{
    if (!s->cpu->feat.fp) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_CVTL, a->rd, a->rn, 0, a->sz ? FP_D : FP_S, a->q, 0), 0);
}

/* FCVTN/FCVTN2 (C7.2.74): sz 0 = 4S -> 4H, 1 = 2D -> 2S, into the half of
 * Vd selected by Q. */
bool trans_FCVTN_v(DisasContext *s, arg_FCVTN_v *a)
{
    if (!s->cpu->feat.fp) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_CVTN, a->rd, a->rn, 0, a->sz ? FP_S : FP_H, a->q, 0), 0);
}

/* FCVTXN/FCVTXN2 (C7.2.86): 2D -> 2S rounding to odd; sz = 0 reserved. */
bool trans_FCVTXN_v(DisasContext *s, arg_FCVTXN_v *a)
{
    if (!s->cpu->feat.fp || !a->sz) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_CVTN, a->rd, a->rn, 0, FP_S, a->q, 0), 1);
}

/* ---- across lanes ------------------------------------------------------ */

/* Single precision exists only as 4S (Q = 0 reserved); half as 4H or 8H. */
static bool do_across(DisasContext *s, arg_sf_2 *a, bool half, FpBinOp op)
{
    if (!s->cpu->feat.fp) {
        return false;
    }
    if (half ? !fp_have_fp16(s) : !a->q) {
        return false;
    }
    return sf_emit(s, sf_desc(SF_ACROSS, a->rd, a->rn, 0, half ? FP_H : FP_S, a->q, 0), op);
}

#define TRANS_ACROSS(NAME, OP)                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_across(s, a, false, OP);                            \
    }                                                                 \
    bool trans_##NAME##_h(DisasContext *s, arg_##NAME##_h *a)         \
    {                                                                 \
        return do_across(s, a, true, OP);                             \
    }

TRANS_ACROSS(FMAXNMV, FP_OP_MAXNM)
TRANS_ACROSS(FMAXV, FP_OP_MAX)
TRANS_ACROSS(FMINNMV, FP_OP_MINNM)
TRANS_ACROSS(FMINV, FP_OP_MIN)

/* ---- shift by immediate: fixed-point conversions ----------------------- */

/*
 * SCVTF/UCVTF/FCVTZS/FCVTZU (vector, fixed-point) (C7.2.236...): the
 * element size from immh (one row per size), fbits = 2 * esize -
 * immh:immb; double needs Q = 1, half FEAT_FP16.
 */
static bool do_fix(DisasContext *s, arg_sf_shift *a, FpFmt f, bool to_int, bool uns)
{
    if (!s->cpu->feat.fp) {
        return false;
    }
    if ((f == FP_H && !fp_have_fp16(s)) || (f == FP_D && !a->q)) {
        return false;
    }
    unsigned fbits = 2 * fp_bits(f) - (unsigned)((a->immh << 3) | a->immb);
    uint64_t p = to_int ? sf_unop(SFU_F2I, FP_DESC_F2I(FP_RZ, fbits, 0, uns))
                        : sf_unop(SFU_I2F, FP_DESC_I2F(fbits, 0, uns));
    return sf_emit(s, sf_desc(SF_UNARY, a->rd, a->rn, 0, f, a->q, 0), p);
}

#define TRANS_FIX(NAME, TO_INT, UNS)                                        \
    bool trans_##NAME##_vfixh(DisasContext *s, arg_##NAME##_vfixh *a)       \
    {                                                                       \
        return do_fix(s, a, FP_H, TO_INT, UNS);                             \
    }                                                                       \
    bool trans_##NAME##_vfixs(DisasContext *s, arg_##NAME##_vfixs *a)       \
    {                                                                       \
        return do_fix(s, a, FP_S, TO_INT, UNS);                             \
    }                                                                       \
    bool trans_##NAME##_vfixd(DisasContext *s, arg_##NAME##_vfixd *a)       \
    {                                                                       \
        return do_fix(s, a, FP_D, TO_INT, UNS);                             \
    }

TRANS_FIX(SCVTF, false, false)
TRANS_FIX(UCVTF, false, true)
TRANS_FIX(FCVTZS, true, false)
TRANS_FIX(FCVTZU, true, true)

/* ---- vector x indexed element ------------------------------------------ */

/*
 * The element format, Vm and the index of the FP by-element rows: size
 * 00 half (FEAT_FP16), index H:L:M, Vm in V0-V15; 10 single, index H:L,
 * Vm = M:Rm; 11 double, index H, Vm = M:Rm (L = 1 and Q = 0 reserved);
 * 01 reserved.
 */
static bool idx_decode(DisasContext *s, arg_sf_idx *a, FpFmt *f, unsigned *rm, unsigned *idx)
{
    switch (a->size) {
    case 0:
        *f = FP_H;
        *idx = (unsigned)(a->h << 2 | a->l << 1 | a->m);
        *rm = (unsigned)a->rm;
        return fp_have_fp16(s);
    case 2:
        *f = FP_S;
        *idx = (unsigned)(a->h << 1 | a->l);
        *rm = (unsigned)(a->m << 4 | a->rm);
        return true;
    case 3:
        *f = FP_D;
        *idx = (unsigned)a->h;
        *rm = (unsigned)(a->m << 4 | a->rm);
        return !a->l && a->q;
    default:
        return false;
    }
}

static bool do_idx(DisasContext *s, arg_sf_idx *a, unsigned op, uint64_t param)
{
    FpFmt f;
    unsigned rm, idx;

    if (!s->cpu->feat.fp || !idx_decode(s, a, &f, &rm, &idx)) {
        return false;
    }
    return sf_emit(s, sf_desc(op, a->rd, a->rn, rm, f, a->q, idx), param);
}

bool trans_FMLA_vi(DisasContext *s, arg_FMLA_vi *a)
{
    return do_idx(s, a, SF_FMLA_IDX, 0);
}

bool trans_FMLS_vi(DisasContext *s, arg_FMLS_vi *a)
{
    return do_idx(s, a, SF_FMLS_IDX, 0);
}

bool trans_FMUL_vi(DisasContext *s, arg_FMUL_vi *a)
{
    return do_idx(s, a, SF_BIN_IDX, FP_OP_MUL);
}

bool trans_FMULX_vi(DisasContext *s, arg_FMULX_vi *a)
{
    return do_idx(s, a, SF_BIN_IDX, FP_OP_MULX);
}

/* FMLAL/FMLSL/FMLAL2/FMLSL2 (by element) (FEAT_FHM): size 10, the half
 * element H:L:M of V0-V15. */
static bool do_fmlal_idx(DisasContext *s, arg_sf_idx *a, bool sub, bool part)
{
    if (!s->cpu->feat.fp || !sf_have_fhm(s)) {
        return false;
    }
    unsigned idx = (unsigned)(a->h << 2 | a->l << 1 | a->m);
    return sf_emit(s, sf_desc(SF_FMLAL_IDX, a->rd, a->rn, a->rm, FP_S, a->q, idx),
                   (sub ? 1 : 0) | (part ? 2 : 0));
}

bool trans_FMLAL_vi(DisasContext *s, arg_FMLAL_vi *a)
{
    return do_fmlal_idx(s, a, false, false);
}

bool trans_FMLSL_vi(DisasContext *s, arg_FMLSL_vi *a)
{
    return do_fmlal_idx(s, a, true, false);
}

bool trans_FMLAL2_vi(DisasContext *s, arg_FMLAL2_vi *a)
{
    return do_fmlal_idx(s, a, false, true);
}

bool trans_FMLSL2_vi(DisasContext *s, arg_FMLSL2_vi *a)
{
    return do_fmlal_idx(s, a, true, true);
}

/*
 * FCMLA (by element) (C7.2.65, FEAT_FCMA): size 01 half (FEAT_FP16), pair
 * index H:L (H = 1 with Q = 0 reserved); 10 single, pair index H (L = 1
 * or Q = 0 reserved); Vm = M:Rm.
 */
bool trans_FCMLA_vi(DisasContext *s, arg_FCMLA_vi *a)
{
    FpFmt f;
    unsigned idx;

    if (!s->cpu->feat.fp || !sf_have_fcma(s)) {
        return false;
    }
    switch (a->size) {
    case 1:
        if (!fp_have_fp16(s) || (a->h && !a->q)) {
            return false;
        }
        f = FP_H;
        idx = (unsigned)(a->h << 1 | a->l);
        break;
    case 2:
        if (a->l || !a->q) {
            return false;
        }
        f = FP_S;
        idx = (unsigned)a->h;
        break;
    default:
        return false;
    }
    unsigned rm = (unsigned)(a->m << 4 | a->rm);
    return sf_emit(s, sf_desc(SF_FCMLA_IDX, a->rd, a->rn, rm, f, a->q, idx), a->rot);
}

/* BFDOT (by element) (C7.2.28): the BFloat16 pair H:L of Vm = M:Rm. */
bool trans_BFDOT_vi(DisasContext *s, arg_BFDOT_vi *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    unsigned idx = (unsigned)(a->h << 1 | a->l);
    unsigned rm = (unsigned)(a->m << 4 | a->rm);
    return sf_emit(s, sf_desc(SF_BFDOT_IDX, a->rd, a->rn, rm, FP_S, a->q, idx), 0);
}

/* BFMLALB/BFMLALT (by element) (C7.2.32): the BFloat16 element H:L:M of
 * V0-V15; Q selects T. */
bool trans_BFMLAL_vi(DisasContext *s, arg_BFMLAL_vi *a)
{
    if (!s->cpu->feat.fp || !sf_have_bf16(s)) {
        return false;
    }
    unsigned idx = (unsigned)(a->h << 2 | a->l << 1 | a->m);
    return sf_emit(s, sf_desc(SF_BFMLAL_IDX, a->rd, a->rn, a->rm, FP_S, true, idx), a->q);
}
