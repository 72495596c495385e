/* SPDX-License-Identifier: MIT */
/*
 * trans_simd_int.c - lift the Advanced SIMD integer instructions of
 * a64-simd-int.decode (DDI 0487 C4.1.x; per-instruction decode in C7.2).
 *
 * Each trans_ function checks the encoding (reserved sizes and Q values,
 * features: UNDEFINED before anything else, as decode precedes
 * CheckFPAdvSIMDEnabled() in the pseudocode), then the FP/SIMD access
 * check, then emits one call of the simd_int helper with a constant
 * descriptor (simd_int.h) that executes the instruction in place on the
 * V registers. With the interpreter a call is as cheap as the dozen IR ops
 * an ADD.16B would take on the two halves (the helper's common lane-wise
 * ops run as host SIMD); emitting IR for the hot ones is worth it once the
 * JIT compiles IR to host code.
 */
#include "translate.h"
#include "a64_decode.h"
#include "simd_int.h"

/* ---- common ------------------------------------------------------------ */

/* The access check, then the helper call. */
static bool si_emit(DisasContext *s, uint64_t desc, unsigned imm)
{
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IrBlock *b = s->b;
    ir_call(b, HELPER_simd_int, ir_const64(b, desc), ir_const64(b, imm), IR_NONE, IR_NONE);
    return true;
}

/* Element sizes a row accepts, one bit per size field value. */
enum {
    SZ_B = 1, SZ_H = 2, SZ_S = 4, SZ_D = 8,
    SZ_ALL = 15, SZ_BHS = 7, SZ_HS = 6,
};

static inline bool size_ok(unsigned sizes, unsigned size)
{
    return (sizes >> size) & 1;
}

/* ---- three same (vector, scalar) and three-register extension ---------- */

/* Vector: the 64-bit element size exists only with Q = 1 (size:Q = 110
 * is reserved in every row that has it). */
static bool do_3same(DisasContext *s, arg_si_qrrr *a, unsigned op, unsigned sizes, bool feat)
{
    if (!s->cpu->feat.fp || !feat || !size_ok(sizes, a->size) || (a->size == 3 && !a->q)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, a->rm, a->size, a->q ? SI_D_Q : 0, 0), 0);
}

static bool do_s3same(DisasContext *s, arg_si_rrr *a, unsigned op, unsigned sizes, bool feat)
{
    if (!s->cpu->feat.fp || !feat || !size_ok(sizes, a->size)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, a->rm, a->size, SI_D_SCALAR, 0), 0);
}

#define TRANS_3SAME(NAME, OP, SIZES)                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_3same(s, a, OP, SIZES, true);                       \
    }
#define TRANS_3SAME_F(NAME, OP, SIZES, FEAT)                          \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_3same(s, a, OP, SIZES, s->cpu->feat.FEAT); \
    }
#define TRANS_S3SAME(NAME, OP, SIZES)                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_s3same(s, a, OP, SIZES, true);                      \
    }
#define TRANS_S3SAME_F(NAME, OP, SIZES, FEAT)                         \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_s3same(s, a, OP, SIZES, s->cpu->feat.FEAT); \
    }

TRANS_3SAME(SHADD_v, SI_SHADD, SZ_BHS)
TRANS_3SAME(UHADD_v, SI_UHADD, SZ_BHS)
TRANS_3SAME(SRHADD_v, SI_SRHADD, SZ_BHS)
TRANS_3SAME(URHADD_v, SI_URHADD, SZ_BHS)
TRANS_3SAME(SHSUB_v, SI_SHSUB, SZ_BHS)
TRANS_3SAME(UHSUB_v, SI_UHSUB, SZ_BHS)
TRANS_3SAME(SQADD_v, SI_SQADD, SZ_ALL)
TRANS_3SAME(UQADD_v, SI_UQADD, SZ_ALL)
TRANS_3SAME(SQSUB_v, SI_SQSUB, SZ_ALL)
TRANS_3SAME(UQSUB_v, SI_UQSUB, SZ_ALL)
TRANS_3SAME(CMGT_v, SI_CMGT, SZ_ALL)
TRANS_3SAME(CMHI_v, SI_CMHI, SZ_ALL)
TRANS_3SAME(CMGE_v, SI_CMGE, SZ_ALL)
TRANS_3SAME(CMHS_v, SI_CMHS, SZ_ALL)
TRANS_3SAME(SSHL_v, SI_SSHL, SZ_ALL)
TRANS_3SAME(USHL_v, SI_USHL, SZ_ALL)
TRANS_3SAME(SQSHL_v, SI_SQSHL, SZ_ALL)
TRANS_3SAME(UQSHL_v, SI_UQSHL, SZ_ALL)
TRANS_3SAME(SRSHL_v, SI_SRSHL, SZ_ALL)
TRANS_3SAME(URSHL_v, SI_URSHL, SZ_ALL)
TRANS_3SAME(SQRSHL_v, SI_SQRSHL, SZ_ALL)
TRANS_3SAME(UQRSHL_v, SI_UQRSHL, SZ_ALL)
TRANS_3SAME(SMAX_v, SI_SMAX, SZ_BHS)
TRANS_3SAME(UMAX_v, SI_UMAX, SZ_BHS)
TRANS_3SAME(SMIN_v, SI_SMIN, SZ_BHS)
TRANS_3SAME(UMIN_v, SI_UMIN, SZ_BHS)
TRANS_3SAME(SABD_v, SI_SABD, SZ_BHS)
TRANS_3SAME(UABD_v, SI_UABD, SZ_BHS)
TRANS_3SAME(SABA_v, SI_SABA, SZ_BHS)
TRANS_3SAME(UABA_v, SI_UABA, SZ_BHS)
TRANS_3SAME(ADD_v, SI_ADD, SZ_ALL)
TRANS_3SAME(SUB_v, SI_SUB, SZ_ALL)
TRANS_3SAME(CMTST_v, SI_CMTST, SZ_ALL)
TRANS_3SAME(CMEQ_v, SI_CMEQ, SZ_ALL)
TRANS_3SAME(MLA_v, SI_MLA, SZ_BHS)
TRANS_3SAME(MLS_v, SI_MLS, SZ_BHS)
TRANS_3SAME(MUL_v, SI_MUL, SZ_BHS)
TRANS_3SAME(PMUL_v, SI_PMUL, SZ_B)
TRANS_3SAME(SMAXP_v, SI_SMAXP, SZ_BHS)
TRANS_3SAME(UMAXP_v, SI_UMAXP, SZ_BHS)
TRANS_3SAME(SMINP_v, SI_SMINP, SZ_BHS)
TRANS_3SAME(UMINP_v, SI_UMINP, SZ_BHS)
TRANS_3SAME(SQDMULH_v, SI_SQDMULH, SZ_HS)
TRANS_3SAME(SQRDMULH_v, SI_SQRDMULH, SZ_HS)
TRANS_3SAME(ADDP_v, SI_ADDP, SZ_ALL)
TRANS_3SAME_F(SQRDMLAH_v, SI_SQRDMLAH, SZ_HS, rdm)
TRANS_3SAME_F(SQRDMLSH_v, SI_SQRDMLSH, SZ_HS, rdm)
TRANS_3SAME_F(SDOT_v, SI_SDOT, SZ_S, dotprod)
TRANS_3SAME_F(UDOT_v, SI_UDOT, SZ_S, dotprod)
TRANS_3SAME_F(USDOT_v, SI_USDOT, SZ_S, i8mm)

/* SMMLA/UMMLA/USMMLA (FEAT_I8MM): 128-bit only, size 10. */
static bool do_mmla(DisasContext *s, arg_si_qrrr *a, unsigned op)
{
    if (!a->q) {
        return false;
    }
    return do_3same(s, a, op, SZ_S, s->cpu->feat.i8mm);
}

bool trans_SMMLA(DisasContext *s, arg_SMMLA *a)
{
    return do_mmla(s, a, SI_SMMLA);
}

bool trans_UMMLA(DisasContext *s, arg_UMMLA *a)
{
    return do_mmla(s, a, SI_UMMLA);
}

bool trans_USMMLA(DisasContext *s, arg_USMMLA *a)
{
    return do_mmla(s, a, SI_USMMLA);
}

TRANS_S3SAME(SQADD_s, SI_SQADD, SZ_ALL)
TRANS_S3SAME(UQADD_s, SI_UQADD, SZ_ALL)
TRANS_S3SAME(SQSUB_s, SI_SQSUB, SZ_ALL)
TRANS_S3SAME(UQSUB_s, SI_UQSUB, SZ_ALL)
TRANS_S3SAME(CMGT_s, SI_CMGT, SZ_D)
TRANS_S3SAME(CMHI_s, SI_CMHI, SZ_D)
TRANS_S3SAME(CMGE_s, SI_CMGE, SZ_D)
TRANS_S3SAME(CMHS_s, SI_CMHS, SZ_D)
TRANS_S3SAME(SSHL_s, SI_SSHL, SZ_D)
TRANS_S3SAME(USHL_s, SI_USHL, SZ_D)
TRANS_S3SAME(SQSHL_s, SI_SQSHL, SZ_ALL)
TRANS_S3SAME(UQSHL_s, SI_UQSHL, SZ_ALL)
TRANS_S3SAME(SRSHL_s, SI_SRSHL, SZ_D)
TRANS_S3SAME(URSHL_s, SI_URSHL, SZ_D)
TRANS_S3SAME(SQRSHL_s, SI_SQRSHL, SZ_ALL)
TRANS_S3SAME(UQRSHL_s, SI_UQRSHL, SZ_ALL)
TRANS_S3SAME(ADD_s, SI_ADD, SZ_D)
TRANS_S3SAME(SUB_s, SI_SUB, SZ_D)
TRANS_S3SAME(CMTST_s, SI_CMTST, SZ_D)
TRANS_S3SAME(CMEQ_s, SI_CMEQ, SZ_D)
TRANS_S3SAME(SQDMULH_s, SI_SQDMULH, SZ_HS)
TRANS_S3SAME(SQRDMULH_s, SI_SQRDMULH, SZ_HS)
TRANS_S3SAME_F(SQRDMLAH_s, SI_SQRDMLAH, SZ_HS, rdm)
TRANS_S3SAME_F(SQRDMLSH_s, SI_SQRDMLSH, SZ_HS, rdm)

/* ---- three different ------------------------------------------------------ */

/* size names the narrow elements; 64-bit narrow elements exist only for
 * PMULL (FEAT_PMULL). Q selects the upper halves ("2" forms). */
static bool do_3diff(DisasContext *s, arg_si_qrrr *a, unsigned op, unsigned sizes)
{
    if (!s->cpu->feat.fp || !size_ok(sizes, a->size)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, a->rm, a->size, a->q ? SI_D_Q : 0, 0), 0);
}

#define TRANS_3DIFF(NAME, OP, SIZES)                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_3diff(s, a, OP, SIZES);                             \
    }

TRANS_3DIFF(SADDL_v, SI_SADDL, SZ_BHS)
TRANS_3DIFF(UADDL_v, SI_UADDL, SZ_BHS)
TRANS_3DIFF(SADDW_v, SI_SADDW, SZ_BHS)
TRANS_3DIFF(UADDW_v, SI_UADDW, SZ_BHS)
TRANS_3DIFF(SSUBL_v, SI_SSUBL, SZ_BHS)
TRANS_3DIFF(USUBL_v, SI_USUBL, SZ_BHS)
TRANS_3DIFF(SSUBW_v, SI_SSUBW, SZ_BHS)
TRANS_3DIFF(USUBW_v, SI_USUBW, SZ_BHS)
TRANS_3DIFF(ADDHN_v, SI_ADDHN, SZ_BHS)
TRANS_3DIFF(RADDHN_v, SI_RADDHN, SZ_BHS)
TRANS_3DIFF(SABAL_v, SI_SABAL, SZ_BHS)
TRANS_3DIFF(UABAL_v, SI_UABAL, SZ_BHS)
TRANS_3DIFF(SUBHN_v, SI_SUBHN, SZ_BHS)
TRANS_3DIFF(RSUBHN_v, SI_RSUBHN, SZ_BHS)
TRANS_3DIFF(SABDL_v, SI_SABDL, SZ_BHS)
TRANS_3DIFF(UABDL_v, SI_UABDL, SZ_BHS)
TRANS_3DIFF(SMLAL_v, SI_SMLAL, SZ_BHS)
TRANS_3DIFF(UMLAL_v, SI_UMLAL, SZ_BHS)
TRANS_3DIFF(SQDMLAL_v, SI_SQDMLAL, SZ_HS)
TRANS_3DIFF(SMLSL_v, SI_SMLSL, SZ_BHS)
TRANS_3DIFF(UMLSL_v, SI_UMLSL, SZ_BHS)
TRANS_3DIFF(SQDMLSL_v, SI_SQDMLSL, SZ_HS)
TRANS_3DIFF(SMULL_v, SI_SMULL, SZ_BHS)
TRANS_3DIFF(UMULL_v, SI_UMULL, SZ_BHS)
TRANS_3DIFF(SQDMULL_v, SI_SQDMULL, SZ_HS)

/* PMULL{2}: 8-bit lanes, or (FEAT_PMULL) one 64x64 -> 128 product of the
 * lower (Q = 0) or upper (Q = 1) doublewords. */
bool trans_PMULL_v(DisasContext *s, arg_PMULL_v *a)
{
    if (a->size == 3) {
        if (!s->cpu->feat.fp ||
            !s->cpu->feat.pmull) {
            return false;
        }
        return si_emit(s, si_desc(SI_PMULL64, a->rd, a->rn, a->rm, 3, a->q ? SI_D_Q : 0, 0),
                       0);
    }
    return do_3diff(s, a, SI_PMULL, SZ_B);
}

static bool do_s3diff(DisasContext *s, arg_si_rrr *a, unsigned op)
{
    if (!s->cpu->feat.fp || !size_ok(SZ_HS, a->size)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, a->rm, a->size, SI_D_SCALAR, 0), 0);
}

bool trans_SQDMLAL_s(DisasContext *s, arg_SQDMLAL_s *a)
{
    return do_s3diff(s, a, SI_SQDMLAL);
}

bool trans_SQDMLSL_s(DisasContext *s, arg_SQDMLSL_s *a)
{
    return do_s3diff(s, a, SI_SQDMLSL);
}

bool trans_SQDMULL_s(DisasContext *s, arg_SQDMULL_s *a)
{
    return do_s3diff(s, a, SI_SQDMULL);
}

/* ---- two-register misc ---------------------------------------------------- */

/* SAME: the 64-bit size needs Q = 1; NOQ: Q is the "2" part selector (no
 * size:Q restriction beyond the size list). */
enum { MISC_SAME, MISC_NOQ };

static bool do_2misc(DisasContext *s, arg_si_qrr *a, unsigned op, unsigned sizes, int kind)
{
    if (!s->cpu->feat.fp || !size_ok(sizes, a->size) ||
        (kind == MISC_SAME && a->size == 3 && !a->q)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, 0, a->size, a->q ? SI_D_Q : 0, 0), 0);
}

static bool do_s2misc(DisasContext *s, arg_si_rr *a, unsigned op, unsigned sizes)
{
    if (!s->cpu->feat.fp || !size_ok(sizes, a->size)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, 0, a->size, SI_D_SCALAR, 0), 0);
}

#define TRANS_2MISC(NAME, OP, SIZES, KIND)                            \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_2misc(s, a, OP, SIZES, KIND);                       \
    }
#define TRANS_S2MISC(NAME, OP, SIZES)                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_s2misc(s, a, OP, SIZES);                            \
    }

TRANS_2MISC(SADDLP_v, SI_SADDLP, SZ_BHS, MISC_SAME)
TRANS_2MISC(UADDLP_v, SI_UADDLP, SZ_BHS, MISC_SAME)
TRANS_2MISC(SUQADD_v, SI_SUQADD, SZ_ALL, MISC_SAME)
TRANS_2MISC(USQADD_v, SI_USQADD, SZ_ALL, MISC_SAME)
TRANS_2MISC(CLS_v, SI_CLS, SZ_BHS, MISC_SAME)
TRANS_2MISC(CLZ_v, SI_CLZ, SZ_BHS, MISC_SAME)
TRANS_2MISC(SADALP_v, SI_SADALP, SZ_BHS, MISC_SAME)
TRANS_2MISC(UADALP_v, SI_UADALP, SZ_BHS, MISC_SAME)
TRANS_2MISC(SQABS_v, SI_SQABS, SZ_ALL, MISC_SAME)
TRANS_2MISC(SQNEG_v, SI_SQNEG, SZ_ALL, MISC_SAME)
TRANS_2MISC(CMGT0_v, SI_CMGT0, SZ_ALL, MISC_SAME)
TRANS_2MISC(CMGE0_v, SI_CMGE0, SZ_ALL, MISC_SAME)
TRANS_2MISC(CMEQ0_v, SI_CMEQ0, SZ_ALL, MISC_SAME)
TRANS_2MISC(CMLE0_v, SI_CMLE0, SZ_ALL, MISC_SAME)
TRANS_2MISC(CMLT0_v, SI_CMLT0, SZ_ALL, MISC_SAME)
TRANS_2MISC(ABS_v, SI_ABS, SZ_ALL, MISC_SAME)
TRANS_2MISC(NEG_v, SI_NEG, SZ_ALL, MISC_SAME)
TRANS_2MISC(XTN_v, SI_XTN, SZ_BHS, MISC_NOQ)
TRANS_2MISC(SQXTUN_v, SI_SQXTUN, SZ_BHS, MISC_NOQ)
TRANS_2MISC(SHLL_v, SI_SHLL, SZ_BHS, MISC_NOQ)
TRANS_2MISC(SQXTN_v, SI_SQXTN, SZ_BHS, MISC_NOQ)
TRANS_2MISC(UQXTN_v, SI_UQXTN, SZ_BHS, MISC_NOQ)

TRANS_S2MISC(SUQADD_s, SI_SUQADD, SZ_ALL)
TRANS_S2MISC(USQADD_s, SI_USQADD, SZ_ALL)
TRANS_S2MISC(SQABS_s, SI_SQABS, SZ_ALL)
TRANS_S2MISC(SQNEG_s, SI_SQNEG, SZ_ALL)
TRANS_S2MISC(CMGT0_s, SI_CMGT0, SZ_D)
TRANS_S2MISC(CMGE0_s, SI_CMGE0, SZ_D)
TRANS_S2MISC(CMEQ0_s, SI_CMEQ0, SZ_D)
TRANS_S2MISC(CMLE0_s, SI_CMLE0, SZ_D)
TRANS_S2MISC(CMLT0_s, SI_CMLT0, SZ_D)
TRANS_S2MISC(ABS_s, SI_ABS, SZ_D)
TRANS_S2MISC(NEG_s, SI_NEG, SZ_D)
TRANS_S2MISC(SQXTUN_s, SI_SQXTUN, SZ_BHS)
TRANS_S2MISC(SQXTN_s, SI_SQXTN, SZ_BHS)
TRANS_S2MISC(UQXTN_s, SI_UQXTN, SZ_BHS)

/* ---- across lanes, scalar pairwise ----------------------------------------- */

/* Reserved: 64-bit lanes, and 32-bit lanes of a 64-bit vector (size:Q =
 * 100), which would reduce only two lanes. */
static bool do_across(DisasContext *s, arg_si_qrr *a, unsigned op)
{
    if (!s->cpu->feat.fp || a->size == 3 || (a->size == 2 && !a->q)) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, 0, a->size, a->q ? SI_D_Q : 0, 0), 0);
}

#define TRANS_ACROSS(NAME, OP)                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_across(s, a, OP);                                   \
    }

TRANS_ACROSS(SADDLV, SI_SADDLV)
TRANS_ACROSS(UADDLV, SI_UADDLV)
TRANS_ACROSS(SMAXV, SI_SMAXV)
TRANS_ACROSS(UMAXV, SI_UMAXV)
TRANS_ACROSS(SMINV, SI_SMINV)
TRANS_ACROSS(UMINV, SI_UMINV)
TRANS_ACROSS(ADDV, SI_ADDV)

/* ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]; only size 11 is allocated. */
bool trans_ADDP_s(DisasContext *s, arg_ADDP_s *a)
{
    if (!s->cpu->feat.fp || a->size != 3) {
        return false;
    }
    return si_emit(s, si_desc(SI_ADDV, a->rd, a->rn, 0, 3, SI_D_Q, 0), 0);
}

/* ---- shift by immediate ------------------------------------------------------ */

/*
 * esize = 8 << HighestSetBit(immh); right shifts encode 2 * esize -
 * immh:immb (1..esize), left shifts immh:immb - esize (0..esize - 1).
 * For the narrowing and widening rows esize is the narrow size.
 */
static unsigned hsb4(unsigned immh)
{
    return immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : 0;
}

static unsigned shr_amount(unsigned esz, unsigned immh, unsigned immb)
{
    return (16u << esz) - ((immh << 3) | immb);
}

static unsigned shl_amount(unsigned esz, unsigned immh, unsigned immb)
{
    return ((immh << 3) | immb) - (8u << esz);
}

/* Vector, lane size from the row (the immh pattern of the row fixes it). */
static bool do_shift_v(DisasContext *s, arg_si_shift *a, unsigned op, unsigned esz, bool left,
                       bool narrow_or_long)
{
    unsigned sh = left ? shl_amount(esz, a->immh, a->immb) : shr_amount(esz, a->immh, a->immb);
    if (!s->cpu->feat.fp || (esz == 3 && (!a->q || narrow_or_long))) {
        return false;
    }
    return si_emit(s, si_desc(op, a->rd, a->rn, 0, esz, a->q ? SI_D_Q : 0, 0), sh);
}

#define TRANS_SHIFT1(NAME, OP, ESZ, LEFT, NL)                         \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_shift_v(s, a, OP, ESZ, LEFT, NL);                   \
    }
/* one trans_ per row: _vb, _vh, _vs (, _vd) */
#define TRANS_SHIFT4(NAME, OP, LEFT)                                  \
    TRANS_SHIFT1(NAME##b, OP, 0, LEFT, false)                         \
    TRANS_SHIFT1(NAME##h, OP, 1, LEFT, false)                         \
    TRANS_SHIFT1(NAME##s, OP, 2, LEFT, false)                         \
    TRANS_SHIFT1(NAME##d, OP, 3, LEFT, false)
#define TRANS_SHIFT3(NAME, OP, LEFT)                                  \
    TRANS_SHIFT1(NAME##b, OP, 0, LEFT, true)                          \
    TRANS_SHIFT1(NAME##h, OP, 1, LEFT, true)                          \
    TRANS_SHIFT1(NAME##s, OP, 2, LEFT, true)

TRANS_SHIFT4(SSHR_v, SI_SSHR, false)
TRANS_SHIFT4(USHR_v, SI_USHR, false)
TRANS_SHIFT4(SSRA_v, SI_SSRA, false)
TRANS_SHIFT4(USRA_v, SI_USRA, false)
TRANS_SHIFT4(SRSHR_v, SI_SRSHR, false)
TRANS_SHIFT4(URSHR_v, SI_URSHR, false)
TRANS_SHIFT4(SRSRA_v, SI_SRSRA, false)
TRANS_SHIFT4(URSRA_v, SI_URSRA, false)
TRANS_SHIFT4(SRI_v, SI_SRI, false)
TRANS_SHIFT4(SHL_v, SI_SHL, true)
TRANS_SHIFT4(SLI_v, SI_SLI, true)
TRANS_SHIFT4(SQSHLU_v, SI_SQSHLU, true)
TRANS_SHIFT4(SQSHL_vi, SI_SQSHLI, true)
TRANS_SHIFT4(UQSHL_vi, SI_UQSHLI, true)
TRANS_SHIFT3(SHRN_v, SI_SHRN, false)
TRANS_SHIFT3(SQSHRUN_v, SI_SQSHRUN, false)
TRANS_SHIFT3(RSHRN_v, SI_RSHRN, false)
TRANS_SHIFT3(SQRSHRUN_v, SI_SQRSHRUN, false)
TRANS_SHIFT3(SQSHRN_v, SI_SQSHRN, false)
TRANS_SHIFT3(UQSHRN_v, SI_UQSHRN, false)
TRANS_SHIFT3(SQRSHRN_v, SI_SQRSHRN, false)
TRANS_SHIFT3(UQRSHRN_v, SI_UQRSHRN, false)
TRANS_SHIFT3(SSHLL_v, SI_SSHLL, true)
TRANS_SHIFT3(USHLL_v, SI_USHLL, true)

/* Scalar: immh == 0000 is unallocated; D-only rows need immh<3> = 1,
 * the narrowing rows immh<3> = 0. */
enum { SS_D, SS_ALL, SS_NARROW };

static bool do_shift_s(DisasContext *s, arg_si_sshift *a, unsigned op, bool left, int kind)
{
    if (!s->cpu->feat.fp || a->immh == 0 || (kind == SS_D && !(a->immh & 8)) ||
        (kind == SS_NARROW && (a->immh & 8))) {
        return false;
    }
    unsigned esz = hsb4(a->immh);
    unsigned sh = left ? shl_amount(esz, a->immh, a->immb) : shr_amount(esz, a->immh, a->immb);
    return si_emit(s, si_desc(op, a->rd, a->rn, 0, esz, SI_D_SCALAR, 0), sh);
}

#define TRANS_SSHIFT(NAME, OP, LEFT, KIND)                            \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_shift_s(s, a, OP, LEFT, KIND);                      \
    }

TRANS_SSHIFT(SSHR_s, SI_SSHR, false, SS_D)
TRANS_SSHIFT(USHR_s, SI_USHR, false, SS_D)
TRANS_SSHIFT(SSRA_s, SI_SSRA, false, SS_D)
TRANS_SSHIFT(USRA_s, SI_USRA, false, SS_D)
TRANS_SSHIFT(SRSHR_s, SI_SRSHR, false, SS_D)
TRANS_SSHIFT(URSHR_s, SI_URSHR, false, SS_D)
TRANS_SSHIFT(SRSRA_s, SI_SRSRA, false, SS_D)
TRANS_SSHIFT(URSRA_s, SI_URSRA, false, SS_D)
TRANS_SSHIFT(SRI_s, SI_SRI, false, SS_D)
TRANS_SSHIFT(SHL_s, SI_SHL, true, SS_D)
TRANS_SSHIFT(SLI_s, SI_SLI, true, SS_D)
TRANS_SSHIFT(SQSHLU_s, SI_SQSHLU, true, SS_ALL)
TRANS_SSHIFT(SQSHL_si, SI_SQSHLI, true, SS_ALL)
TRANS_SSHIFT(UQSHL_si, SI_UQSHLI, true, SS_ALL)
TRANS_SSHIFT(SQSHRUN_s, SI_SQSHRUN, false, SS_NARROW)
TRANS_SSHIFT(SQRSHRUN_s, SI_SQRSHRUN, false, SS_NARROW)
TRANS_SSHIFT(SQSHRN_s, SI_SQSHRN, false, SS_NARROW)
TRANS_SSHIFT(UQSHRN_s, SI_UQSHRN, false, SS_NARROW)
TRANS_SSHIFT(SQRSHRN_s, SI_SQRSHRN, false, SS_NARROW)
TRANS_SSHIFT(UQRSHRN_s, SI_UQRSHRN, false, SS_NARROW)

/* ---- x indexed element ------------------------------------------------------- */

/*
 * size 01: 16-bit lanes, index H:L:M, Vm in V0-V15; size 10: 32-bit lanes,
 * index H:L, Vm = M:Rm. 8- and 64-bit lanes are unallocated for the
 * integer rows. The dot products index 32-bit groups (size 10 only).
 */
static bool idx_decode(unsigned size, int l, int m, int h, int rm4, unsigned *idx,
                       unsigned *rm)
{
    if (size == 1) {
        *idx = (h << 2) | (l << 1) | m;
        *rm = rm4;
        return true;
    }
    if (size == 2) {
        *idx = (h << 1) | l;
        *rm = (m << 4) | rm4;
        return true;
    }
    return false;
}

static bool do_idx(DisasContext *s, arg_si_idx *a, unsigned op, unsigned sizes, bool feat)
{
    unsigned idx, rm;
    if (!s->cpu->feat.fp || !feat || !size_ok(sizes, a->size) ||
        !idx_decode(a->size, a->l, a->m, a->h, a->rm, &idx, &rm)) {
        return false;
    }
    uint32_t flags = SI_D_INDEXED | (a->q ? SI_D_Q : 0);
    return si_emit(s, si_desc(op, a->rd, a->rn, rm, a->size, flags, idx), 0);
}

static bool do_sidx(DisasContext *s, arg_si_sidx *a, unsigned op, bool feat)
{
    unsigned idx, rm;
    if (!s->cpu->feat.fp || !feat ||
        !idx_decode(a->size, a->l, a->m, a->h, a->rm, &idx, &rm)) {
        return false;
    }
    uint32_t flags = SI_D_INDEXED | SI_D_SCALAR;
    return si_emit(s, si_desc(op, a->rd, a->rn, rm, a->size, flags, idx), 0);
}

#define TRANS_IDX(NAME, OP, SIZES, FEAT)                              \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_idx(s, a, OP, SIZES, FEAT);                         \
    }
#define TRANS_SIDX(NAME, OP, FEAT)                                    \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                 \
    {                                                                 \
        return do_sidx(s, a, OP, FEAT);                               \
    }

TRANS_IDX(MLA_vi, SI_MLA, SZ_HS, true)
TRANS_IDX(SMLAL_vi, SI_SMLAL, SZ_HS, true)
TRANS_IDX(UMLAL_vi, SI_UMLAL, SZ_HS, true)
TRANS_IDX(SQDMLAL_vi, SI_SQDMLAL, SZ_HS, true)
TRANS_IDX(MLS_vi, SI_MLS, SZ_HS, true)
TRANS_IDX(SMLSL_vi, SI_SMLSL, SZ_HS, true)
TRANS_IDX(UMLSL_vi, SI_UMLSL, SZ_HS, true)
TRANS_IDX(SQDMLSL_vi, SI_SQDMLSL, SZ_HS, true)
TRANS_IDX(MUL_vi, SI_MUL, SZ_HS, true)
TRANS_IDX(SMULL_vi, SI_SMULL, SZ_HS, true)
TRANS_IDX(UMULL_vi, SI_UMULL, SZ_HS, true)
TRANS_IDX(SQDMULL_vi, SI_SQDMULL, SZ_HS, true)
TRANS_IDX(SQDMULH_vi, SI_SQDMULH, SZ_HS, true)
TRANS_IDX(SQRDMULH_vi, SI_SQRDMULH, SZ_HS, true)
TRANS_IDX(SQRDMLAH_vi, SI_SQRDMLAH, SZ_HS, s->cpu->feat.rdm)
TRANS_IDX(SQRDMLSH_vi, SI_SQRDMLSH, SZ_HS, s->cpu->feat.rdm)
TRANS_IDX(SDOT_vi, SI_SDOT, SZ_S, s->cpu->feat.dotprod)
TRANS_IDX(UDOT_vi, SI_UDOT, SZ_S, s->cpu->feat.dotprod)

/* SUDOT/USDOT by element (FEAT_I8MM): the rows fix size (00 and 10); both
 * index 32-bit groups like SDOT (H:L, Vm = M:Rm). */
static bool do_i8mm_idx(DisasContext *s, arg_si_idx *a, unsigned op)
{
    unsigned idx = (a->h << 1) | a->l, rm = (a->m << 4) | a->rm;
    if (!s->cpu->feat.fp || !s->cpu->feat.i8mm) {
        return false;
    }
    uint32_t flags = SI_D_INDEXED | (a->q ? SI_D_Q : 0);
    return si_emit(s, si_desc(op, a->rd, a->rn, rm, 2, flags, idx), 0);
}

bool trans_SUDOT_vi(DisasContext *s, arg_SUDOT_vi *a)
{
    return do_i8mm_idx(s, a, SI_SUDOT);
}

bool trans_USDOT_vi(DisasContext *s, arg_USDOT_vi *a)
{
    return do_i8mm_idx(s, a, SI_USDOT);
}

TRANS_SIDX(SQDMLAL_si, SI_SQDMLAL, true)
TRANS_SIDX(SQDMLSL_si, SI_SQDMLSL, true)
TRANS_SIDX(SQDMULL_si, SI_SQDMULL, true)
TRANS_SIDX(SQDMULH_si, SI_SQDMULH, true)
TRANS_SIDX(SQRDMULH_si, SI_SQRDMULH, true)
TRANS_SIDX(SQRDMLAH_si, SI_SQRDMLAH, s->cpu->feat.rdm)
TRANS_SIDX(SQRDMLSH_si, SI_SQRDMLSH, s->cpu->feat.rdm)
