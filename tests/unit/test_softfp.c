/* SPDX-License-Identifier: MIT */
/*
 * test_softfp.c - directed cases for frontend/fpu (softfp): the estimate
 * tables of FRECPE/FRSQRTE/URECPE/URSQRTE (RecipEstimate and
 * RecipSqrtEstimate in DDI 0487 shared/functions/float), and the FPSR
 * exception rules (tininess before rounding, FZ/FZ16 flushing, DN, AHP,
 * saturation). The bulk verification is tests/unit/fpu (against the real
 * instructions under qemu-aarch64); these pin down the rules by name.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "frontend/fpu/softfp.h"

#define RN (FP_RN << FPCR_RMODE_SHIFT)
#define RP (FP_RP << FPCR_RMODE_SHIFT)
#define RM (FP_RM << FPCR_RMODE_SHIFT)
#define RZ (FP_RZ << FPCR_RMODE_SHIFT)

/* result and the exception bits of one operation */
#define CHECK_OP(expr_r, ctx, want_r, want_exc) \
    do { \
        uint64_t r_ = (expr_r); \
        ck_assert_msg(r_ == (uint64_t)(want_r) && (ctx).exc == (want_exc), \
                      "%s: got %llx exc %02x, want %llx exc %02x", #expr_r, \
                      (unsigned long long)r_, (ctx).exc, (unsigned long long)(want_r), \
                      (unsigned)(want_exc)); \
    } while (0)

static FpCtx ctx(uint32_t fpcr) { return fp_ctx_from_fpcr(fpcr); }

/* ---- estimates --------------------------------------------------------- */

START_TEST(test_recpe_values)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_recpe(FP_S, 0x3f800000, &c), c, 0x3f7f8000, 0);   /* 1.0 -> 0.998046875 */
    CHECK_OP(fp_recpe(FP_S, 0x40000000, &c), c, 0x3eff8000, 0);   /* 2.0 -> 0.4990234375 */
    CHECK_OP(fp_recpe(FP_S, 0x40400000, &c), c, 0x3eaa8000, 0);   /* 3.0 -> 0.333007812 */
    CHECK_OP(fp_recpe(FP_S, 0xbf800000, &c), c, 0xbf7f8000, 0);   /* sign is kept */
    CHECK_OP(fp_recpe(FP_D, 0x3ff0000000000000ull, &c), c, 0x3feff00000000000ull, 0);
    CHECK_OP(fp_recpe(FP_H, 0x3c00, &c), c, 0x3bfc, 0);
    /* special operands */
    CHECK_OP(fp_recpe(FP_S, 0x7f800000, &c), c, 0, 0);            /* 1/inf = +0 */
    CHECK_OP(fp_recpe(FP_S, 0x80000000, &c), c, 0xff800000, FP_EXC_DZC);
    c = ctx(RN);
    /* |x| < 2^-128: overflows, per rounding mode */
    CHECK_OP(fp_recpe(FP_S, 0x00100000, &c), c, 0x7f800000, FP_EXC_OFC | FP_EXC_IXC);
    c = ctx(RZ);
    CHECK_OP(fp_recpe(FP_S, 0x00100000, &c), c, 0x7f7fffff, FP_EXC_OFC | FP_EXC_IXC);
    /* a denormal estimate, and its flush under FZ */
    c = ctx(RN);
    CHECK_OP(fp_recpe(FP_S, 0x7e800000, &c), c, 0x007fc000, 0);   /* 2^126 -> ~2^-126 */
    c = ctx(RN | FPCR_FZ);
    CHECK_OP(fp_recpe(FP_S, 0x7e800000, &c), c, 0, FP_EXC_UFC);
}
END_TEST

START_TEST(test_rsqrte_values)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_rsqrte(FP_S, 0x3f800000, &c), c, 0x3f7f8000, 0);  /* 1.0 -> 0.998046875 */
    CHECK_OP(fp_rsqrte(FP_S, 0x40800000, &c), c, 0x3eff8000, 0);  /* 4.0 -> 0.4990234375 */
    CHECK_OP(fp_rsqrte(FP_S, 0x40000000, &c), c, 0x3f348000, 0);  /* 2.0 -> 0.705078125 */
    CHECK_OP(fp_rsqrte(FP_D, 0x4000000000000000ull, &c), c, 0x3fe6900000000000ull, 0);
    CHECK_OP(fp_rsqrte(FP_S, 0x7f800000, &c), c, 0, 0);
    CHECK_OP(fp_rsqrte(FP_S, 0x00000001, &c), c, 0x64b48000, 0);  /* smallest denormal */
    CHECK_OP(fp_rsqrte(FP_S, 0xbf800000, &c), c, 0x7fc00000, FP_EXC_IOC);
    c = ctx(RN);
    CHECK_OP(fp_rsqrte(FP_S, 0x80000000, &c), c, 0xff800000, FP_EXC_DZC);
}
END_TEST

START_TEST(test_unsigned_estimates)
{
    /* URECPE: operand < 0.5 (bit 31 clear) gives all ones */
    ck_assert_uint_eq(fp_urecpe(0x7fffffff), 0xffffffff);
    ck_assert_uint_eq(fp_urecpe(0x80000000), 511u << 23);
    ck_assert_uint_eq(fp_urecpe(0xffffffff), 256u << 23);
    ck_assert_uint_eq(fp_urecpe(0xc0000000), 341u << 23);
    /* URSQRTE: operand < 0.25 gives all ones */
    ck_assert_uint_eq(fp_ursqrte(0x3fffffff), 0xffffffff);
    ck_assert_uint_eq(fp_ursqrte(0x40000000), 511u << 23);
    ck_assert_uint_eq(fp_ursqrte(0xffffffff), 256u << 23);
    ck_assert_uint_eq(fp_ursqrte(0x80000000), 361u << 23);
    /* both tables are monotonically non-increasing over their domain */
    uint32_t prev = ~0u;
    for (uint32_t a = 256; a < 512; a++) {
        uint32_t e = fp_urecpe(a << 23);
        ck_assert_uint_le(e, prev);
        ck_assert_uint_ge(e >> 23, 256);
        prev = e;
    }
    prev = ~0u;
    for (uint32_t a = 128; a < 512; a++) {
        uint32_t e = fp_ursqrte(a << 23);
        ck_assert_uint_ge(e >> 23, 256);
        if (a != 256) {  /* the table restarts at the odd/even exponent seam */
            ck_assert_uint_le(e, prev);
        }
        prev = e;
    }
}
END_TEST

START_TEST(test_recpx)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_recpx(FP_S, 0x40400000, &c), c, 0x3f800000, 0);   /* exponent inverted */
    CHECK_OP(fp_recpx(FP_S, 0x00000001, &c), c, 0x7f000000, 0);   /* denormal: max exp */
    CHECK_OP(fp_recpx(FP_S, 0xff800000, &c), c, 0x80000000, 0);
    c = ctx(RN | FPCR_FZ);
    CHECK_OP(fp_recpx(FP_S, 0x00000001, &c), c, 0x7f000000, FP_EXC_IDC);
}
END_TEST

/* ---- FPSR rules ---------------------------------------------------------- */

START_TEST(test_tininess_before_rounding)
{
    /* (1 - 2^-24) * 2^-126 rounds up to the smallest normal, but it is tiny
     * before rounding and inexact: UFC and IXC. */
    FpCtx c = ctx(RN);
    CHECK_OP(fp_mul(FP_S, 0x3f7fffff, 0x00800000, &c), c, 0x00800000,
             FP_EXC_UFC | FP_EXC_IXC);
    /* exact denormal result: no UFC */
    c = ctx(RN);
    CHECK_OP(fp_mul(FP_S, 0x3f000000, 0x00800000, &c), c, 0x00400000, 0);
    /* under FZ the same value is flushed before rounding: UFC, never IXC */
    c = ctx(RN | FPCR_FZ);
    CHECK_OP(fp_mul(FP_S, 0x3f7fffff, 0x00800000, &c), c, 0, FP_EXC_UFC);
    /* half precision follows FZ16, and its input flush sets no IDC */
    c = ctx(RN | FPCR_FZ16);
    CHECK_OP(fp_add(FP_H, 0x0001, 0x0000, &c), c, 0, 0);
    c = ctx(RN | FPCR_FZ);
    CHECK_OP(fp_add(FP_H, 0x0001, 0x0000, &c), c, 0x0001, 0);
    CHECK_OP(fp_add(FP_S, 0x00000001, 0x00000000, &c), c, 0, FP_EXC_IDC);
}
END_TEST

START_TEST(test_nan_rules)
{
    FpCtx c = ctx(RN);
    /* SNaN wins over QNaN, is quieted, IOC */
    CHECK_OP(fp_add(FP_S, 0x7fc00001, 0x7f800002, &c), c, 0x7fc00002, FP_EXC_IOC);
    c = ctx(RN);
    /* first QNaN operand wins */
    CHECK_OP(fp_add(FP_S, 0xffc00003, 0x7fc00004, &c), c, 0xffc00003, 0);
    /* DN: the default NaN */
    c = ctx(RN | FPCR_DN);
    CHECK_OP(fp_mul(FP_D, 0xfff0000000000001ull, 0, &c), c, 0x7ff8000000000000ull, FP_EXC_IOC);
    /* inf - inf, 0 * inf: default NaN, IOC */
    c = ctx(RN);
    CHECK_OP(fp_sub(FP_S, 0x7f800000, 0x7f800000, &c), c, 0x7fc00000, FP_EXC_IOC);
    /* FMULX: 0 * inf = 2 with the product's sign */
    c = ctx(RN);
    CHECK_OP(fp_mulx(FP_S, 0x80000000, 0x7f800000, &c), c, 0xc0000000, 0);
    /* FMA: a quiet-NaN addend does not hide 0 * inf */
    c = ctx(RN);
    CHECK_OP(fp_muladd(FP_S, 0x7fc00005, 0, 0x7f800000, &c), c, 0x7fc00000, FP_EXC_IOC);
    /* FMA NaN order: addend, op1, op2 */
    c = ctx(RN);
    CHECK_OP(fp_muladd(FP_S, 0x7fc00001, 0x7fc00002, 0x7f800003, &c), c, 0x7fc00003,
             FP_EXC_IOC);
    /* FMAXNM: one quiet NaN loses; FMAX: it propagates */
    c = ctx(RN);
    CHECK_OP(fp_maxnm(FP_S, 0x7fc00000, 0x3f800000, &c), c, 0x3f800000, 0);
    CHECK_OP(fp_max(FP_S, 0x7fc00000, 0x3f800000, &c), c, 0x7fc00000, 0);
    /* -0 < +0 */
    CHECK_OP(fp_max(FP_S, 0x80000000, 0x00000000, &c), c, 0x00000000, 0);
    CHECK_OP(fp_min(FP_S, 0x00000000, 0x80000000, &c), c, 0x80000000, 0);
    /* FRECPS negates op1 first: its NaN comes back with the sign flipped */
    CHECK_OP(fp_recps(FP_S, 0x7fc00001, 0x3f800000, &c), c, 0xffc00001, 0);
}
END_TEST

START_TEST(test_zero_signs_and_overflow)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_sub(FP_S, 0x3f800000, 0x3f800000, &c), c, 0x00000000, 0);
    c = ctx(RM);
    CHECK_OP(fp_sub(FP_S, 0x3f800000, 0x3f800000, &c), c, 0x80000000, 0);
    c = ctx(RN);
    CHECK_OP(fp_mul(FP_S, 0x7f7fffff, 0x40000000, &c), c, 0x7f800000,
             FP_EXC_OFC | FP_EXC_IXC);
    c = ctx(RZ);
    CHECK_OP(fp_mul(FP_S, 0x7f7fffff, 0x40000000, &c), c, 0x7f7fffff,
             FP_EXC_OFC | FP_EXC_IXC);
    c = ctx(RN);
    CHECK_OP(fp_div(FP_D, 0x3ff0000000000000ull, 0x8000000000000000ull, &c), c,
             0xfff0000000000000ull, FP_EXC_DZC);
    c = ctx(RN);
    CHECK_OP(fp_sqrt(FP_S, 0x80000000, &c), c, 0x80000000, 0);     /* sqrt(-0) = -0 */
    CHECK_OP(fp_sqrt(FP_S, 0x40800000, &c), c, 0x40000000, 0);
    CHECK_OP(fp_sqrt(FP_S, 0xbf800000, &c), c, 0x7fc00000, FP_EXC_IOC);
}
END_TEST

START_TEST(test_compare)
{
    FpCtx c = ctx(RN);
    ck_assert_uint_eq(fp_compare(FP_S, 0x3f800000, 0x40000000, false, &c), 0x8u << 28);
    ck_assert_uint_eq(fp_compare(FP_S, 0x80000000, 0x00000000, false, &c), 0x6u << 28);
    ck_assert_uint_eq(fp_compare(FP_S, 0x7fc00000, 0x00000000, false, &c), 0x3u << 28);
    ck_assert_uint_eq(c.exc, 0);                                   /* FCMP: quiet NaN ok */
    ck_assert_uint_eq(fp_compare(FP_S, 0x7fc00000, 0x00000000, true, &c), 0x3u << 28);
    ck_assert_uint_eq(c.exc, FP_EXC_IOC);                          /* FCMPE signals */
    c = ctx(RN);
    ck_assert(!fp_cmp_eq(FP_D, 0x7ff8000000000000ull, 0, &c));
    ck_assert_uint_eq(c.exc, 0);
    ck_assert(!fp_cmp_ge(FP_D, 0x7ff8000000000000ull, 0, &c));
    ck_assert_uint_eq(c.exc, FP_EXC_IOC);
}
END_TEST

START_TEST(test_round_int)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_round_int(FP_S, 0x40200000, FP_RN, false, &c), c, 0x40000000, 0); /* 2.5->2 */
    CHECK_OP(fp_round_int(FP_S, 0x40200000, FP_RA, false, &c), c, 0x40400000, 0); /* ->3 */
    CHECK_OP(fp_round_int(FP_S, 0xbf000000, FP_RN, false, &c), c, 0x80000000, 0); /* -0 */
    CHECK_OP(fp_round_int(FP_S, 0xbf000000, FP_RM, false, &c), c, 0xbf800000, 0);
    CHECK_OP(fp_round_int(FP_S, 0x3fc00000, FP_RN, true, &c), c, 0x40000000, FP_EXC_IXC);
    /* FRINT32Z: out of range gives INT32_MIN, IOC only */
    c = ctx(RN);
    CHECK_OP(fp_round_int_n(FP_S, 0x4f000000, FP_RZ, 32, &c), c, 0xcf000000, FP_EXC_IOC);
    c = ctx(RN);
    CHECK_OP(fp_round_int_n(FP_S, 0xcf000000, FP_RZ, 32, &c), c, 0xcf000000, 0);
}
END_TEST

START_TEST(test_int_conversions)
{
    FpCtx c = ctx(RN);
    CHECK_OP(fp_to_int(FP_S, 0x501502f9, FP_RZ, 0, 32, false, &c), c, 0x7fffffff,
             FP_EXC_IOC);                                          /* 1e10 */
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_S, 0x7fc00000, FP_RZ, 0, 64, false, &c), c, 0, FP_EXC_IOC);
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_S, 0xbf000000, FP_RZ, 0, 32, true, &c), c, 0, FP_EXC_IXC);
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_S, 0xbf800000, FP_RZ, 0, 32, true, &c), c, 0, FP_EXC_IOC);
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_D, 0xc1e0000000000000ull, FP_RZ, 0, 32, false, &c), c, 0x80000000,
             0);                                                   /* -2^31 fits */
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_S, 0x3fc00000, FP_RA, 1, 32, false, &c), c, 3, 0); /* 1.5 #1 */
    c = ctx(RN);
    CHECK_OP(fp_to_int(FP_H, 0x3e00, FP_RN, 0, 16, false, &c), c, 2, FP_EXC_IXC);
    /* int -> fp, with rounding of a 25-bit value */
    c = ctx(RN);
    CHECK_OP(fp_from_int(FP_S, 0x1000001, 0, 32, false, &c), c, 0x4b800000, FP_EXC_IXC);
    c = ctx(RP);
    CHECK_OP(fp_from_int(FP_S, 0x1000001, 0, 32, false, &c), c, 0x4b800001, FP_EXC_IXC);
    c = ctx(RN);
    CHECK_OP(fp_from_int(FP_D, 0xffffffff, 0, 32, false, &c), c, 0xbff0000000000000ull, 0);
    CHECK_OP(fp_from_int(FP_D, 0xffffffff, 32, 32, true, &c), c, 0x3fefffffffe00000ull, 0);
    /* FJCVTZS: modulo 2^32, Z only when exact */
    c = ctx(RN);
    bool z;
    ck_assert_uint_eq(fp_fjcvtzs(0x41f0000000000001ull, &c, &z), 0);   /* 2^32+ε */
    ck_assert(!z);
    c = ctx(RN);
    ck_assert_uint_eq(fp_fjcvtzs(0xc000000000000000ull, &c, &z), 0xfffffffe);
    ck_assert(z);
    ck_assert_uint_eq(c.exc, 0);
}
END_TEST

START_TEST(test_fp_conversions)
{
    /* AHP: exponent 31 is a number; no infinities or NaNs in the format */
    FpCtx c = ctx(RN | FPCR_AHP);
    CHECK_OP(fp_convert(FP_S, FP_H, 0x7c00, &c), c, 0x47800000, 0);       /* 65536 */
    CHECK_OP(fp_convert(FP_H, FP_S, 0x7f800000, &c), c, 0x7fff, FP_EXC_IOC);
    c = ctx(RN | FPCR_AHP);
    CHECK_OP(fp_convert(FP_H, FP_S, 0x7fc00000, &c), c, 0x0000, FP_EXC_IOC);
    /* IEEE half: NaN payload kept top-aligned and quieted */
    c = ctx(RN);
    CHECK_OP(fp_convert(FP_D, FP_S, 0x7f800001, &c), c, 0x7ff8000020000000ull, FP_EXC_IOC);
    /* FZ16 does not apply to conversions */
    c = ctx(RN | FPCR_FZ16);
    CHECK_OP(fp_convert(FP_S, FP_H, 0x0001, &c), c, 0x33800000, 0);
    /* FCVTXN: round to odd */
    c = ctx(RN);
    c.rmode = FP_RO;
    CHECK_OP(fp_convert(FP_S, FP_D, 0x3ff0000000000001ull, &c), c, 0x3f800001, FP_EXC_IXC);
    /* BFCVT */
    c = ctx(RN);
    CHECK_OP(fp_to_bf16(0x3f808000, &c), c, 0x3f80, FP_EXC_IXC);          /* tie to even */
    CHECK_OP(fp_to_bf16(0x3f818000, &c), c, 0x3f82, FP_EXC_IXC);
}
END_TEST

static Suite *softfp_suite(void)
{
    Suite *s = suite_create("softfp");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_recpe_values);
    tcase_add_test(tc, test_rsqrte_values);
    tcase_add_test(tc, test_unsigned_estimates);
    tcase_add_test(tc, test_recpx);
    tcase_add_test(tc, test_tininess_before_rounding);
    tcase_add_test(tc, test_nan_rules);
    tcase_add_test(tc, test_zero_signs_and_overflow);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_round_int);
    tcase_add_test(tc, test_int_conversions);
    tcase_add_test(tc, test_fp_conversions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(softfp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
