/* SPDX-License-Identifier: MIT */
/*
 * test_fp_helpers.c - the scalar FP helpers (frontend/helper_fp.c): what
 * the wrappers add to softfp. FPCR is obeyed (rounding mode, FZ), FPSR
 * bits are OR'ed on top of the previous ones, the fp_desc.h descriptors
 * (rounding mode / FPCR, fraction bits, integer width, signedness, round
 * to odd) reach the library, a failed FCCMP condition raises nothing, and
 * FJCVTZS packs W and NZCV. Values checked against qemu-system-aarch64.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "frontend/cpu.h"
#include "frontend/fp_desc.h"
#include "frontend/fpu/softfp.h"
#include "frontend/helpers.h"

static A64Cpu *cpu;

static void setup(void)
{
    cpu = calloc(1, sizeof(*cpu));
}

static void teardown(void)
{
    free(cpu);
}

#define S_ONE 0x3f800000u
#define S_QNAN 0x7fc00000u
#define D_ONE 0x3ff0000000000000ull

START_TEST(test_rounding_from_fpcr)
{
    /* 1 + 1.5 * 2^-24 (three quarters of an ulp): RN rounds up, RZ down */
    uint64_t b = 0x33c00000u; /* 1.5 * 2^-24 */
    cpu->fpcr = 0;
    ck_assert_uint_eq(helper_fadd_s(cpu, S_ONE, b, 0, 0), 0x3f800001u);
    cpu->fpcr = FP_RZ << FPCR_RMODE_SHIFT;
    ck_assert_uint_eq(helper_fadd_s(cpu, S_ONE, b, 0, 0), S_ONE);
    cpu->fpcr = FP_RP << FPCR_RMODE_SHIFT;
    ck_assert_uint_eq(helper_fadd_s(cpu, S_ONE, 0x33000000u /* 2^-25 */, 0, 0), 0x3f800001u);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IXC);
}
END_TEST

START_TEST(test_fpsr_accumulates)
{
    cpu->fpsr = FPSR_QC | FP_EXC_DZC;
    helper_fdiv_d(cpu, D_ONE, 0, 0, 0);  /* 1/0: DZC */
    helper_fsqrt_s(cpu, 0xbf800000u, 0, 0, 0);  /* sqrt(-1): IOC */
    ck_assert_uint_eq(cpu->fpsr, FPSR_QC | FP_EXC_DZC | FP_EXC_IOC);
    /* FZ: a denormal input is flushed and raises IDC */
    cpu->fpsr = 0;
    cpu->fpcr = FPCR_FZ;
    ck_assert_uint_eq(helper_fmul_s(cpu, 1, S_ONE, 0, 0), 0);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IDC);
}
END_TEST

START_TEST(test_fcmp_condition)
{
    uint64_t desc = FP_DESC_CMP_SIGNAL | (0x5ull << 28);
    /* condition failed: the immediate NZCV, no exception even for a NaN */
    ck_assert_uint_eq(helper_fcmp_s(cpu, S_QNAN, S_ONE, 0, desc), 0x50000000u);
    ck_assert_uint_eq(cpu->fpsr, 0);
    /* passed, signalling compare of a quiet NaN: unordered, IOC */
    ck_assert_uint_eq(helper_fcmp_s(cpu, S_QNAN, S_ONE, 1, desc), 0x30000000u);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IOC);
    /* quiet compare: -0 == +0 gives Z and C */
    cpu->fpsr = 0;
    ck_assert_uint_eq(helper_fcmp_d(cpu, 1ull << 63, 0, 1, 0), 0x60000000u);
    ck_assert_uint_eq(helper_fcmp_h(cpu, 0x3c00, 0x4000, 1, 0), 0x80000000u);
    ck_assert_uint_eq(cpu->fpsr, 0);
}
END_TEST

START_TEST(test_frint_desc)
{
    uint64_t x25 = 0x40200000u;  /* 2.5f */
    cpu->fpcr = FP_RP << FPCR_RMODE_SHIFT;
    /* FRINTI follows FPCR (up), FRINTN ignores it (ties to even) */
    ck_assert_uint_eq(helper_frint_s(cpu, x25, FP_DESC_RINT(FP_DESC_RM_FPCR, false, 0), 0, 0),
                      0x40400000u);
    ck_assert_uint_eq(helper_frint_s(cpu, x25, FP_DESC_RINT(FP_RN, false, 0), 0, 0), 0x40000000u);
    ck_assert_uint_eq(helper_frint_s(cpu, x25, FP_DESC_RINT(FP_RA, false, 0), 0, 0), 0x40400000u);
    ck_assert_uint_eq(cpu->fpsr, 0);
    /* FRINTX raises IXC */
    helper_frint_s(cpu, x25, FP_DESC_RINT(FP_DESC_RM_FPCR, true, 0), 0, 0);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IXC);
    /* FRINT32Z of 2^31: out of range, -2^31 and IOC */
    cpu->fpsr = 0;
    ck_assert_uint_eq(helper_frint_s(cpu, 0x4f000000u, FP_DESC_RINT(FP_RZ, false, 32), 0, 0),
                      0xcf000000u);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IOC);
}
END_TEST

START_TEST(test_int_conversions)
{
    /* FCVTZS Wd, Sn, #1 of 1.5: 3 */
    ck_assert_uint_eq(helper_fcvt_to_int_s(cpu, 0x3fc00000u, FP_DESC_F2I(FP_RZ, 1, 32, false),
                                           0, 0), 3);
    /* FCVTMS Xd, Dn of -0.5: -1, zero-extended 64 bits; IXC */
    ck_assert_uint_eq(helper_fcvt_to_int_d(cpu, 0xbfe0000000000000ull,
                                           FP_DESC_F2I(FP_RM, 0, 64, false), 0, 0),
                      ~0ull);
    /* FCVTZS Wd of -1: the W result is zero-extended */
    ck_assert_uint_eq(helper_fcvt_to_int_s(cpu, 0xbf800000u, FP_DESC_F2I(FP_RZ, 0, 32, false),
                                           0, 0), 0xffffffffu);
    /* FCVTZU Wd of -1: saturates to 0, IOC */
    cpu->fpsr = 0;
    ck_assert_uint_eq(helper_fcvt_to_int_s(cpu, 0xbf800000u, FP_DESC_F2I(FP_RZ, 0, 32, true),
                                           0, 0), 0);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IOC);
    /* UCVTF Sd, Wn of 0xffffffff: 2^32 (RN), inexact */
    cpu->fpsr = 0;
    ck_assert_uint_eq(helper_fcvt_from_int_s(cpu, 0xffffffffu, FP_DESC_I2F(0, 32, true), 0, 0),
                      0x4f800000u);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IXC);
    /* ... SCVTF reads the same bits as -1; only the low 32 bits count */
    ck_assert_uint_eq(helper_fcvt_from_int_s(cpu, 0x12345678ffffffffull,
                                             FP_DESC_I2F(0, 32, false), 0, 0), 0xbf800000u);
    /* SCVTF Dd, Xn, #64 of 1: 2^-64 */
    ck_assert_uint_eq(helper_fcvt_from_int_d(cpu, 1, FP_DESC_I2F(64, 64, false), 0, 0),
                      0x3bf0000000000000ull);
}
END_TEST

START_TEST(test_fcvt)
{
    /* double 1 + 2^-30 to single: RN gives 1.0, round to odd (FCVTXN) sets the lsb */
    uint64_t d = D_ONE | (1ull << 22);
    ck_assert_uint_eq(helper_fcvt(cpu, d, FP_DESC_CVT(FP_S, FP_D, false), 0, 0), S_ONE);
    ck_assert_uint_eq(helper_fcvt(cpu, d, FP_DESC_CVT(FP_S, FP_D, true), 0, 0), 0x3f800001u);
    /* half 1.0 to double */
    ck_assert_uint_eq(helper_fcvt(cpu, 0x3c00, FP_DESC_CVT(FP_D, FP_H, false), 0, 0), D_ONE);
    /* BFCVT: round to nearest even on bit 16 */
    ck_assert_uint_eq(helper_bfcvt(cpu, 0x3f808000u, 0, 0, 0), 0x3f80);
    ck_assert_uint_eq(helper_bfcvt(cpu, 0x3f818000u, 0, 0, 0), 0x3f82);
}
END_TEST

START_TEST(test_fjcvtzs)
{
    /* 2.0: exact, Z = 1 (NZCV 0100 in bits 63:60) */
    uint64_t r = helper_fjcvtzs(cpu, 0x4000000000000000ull, 0, 0, 0);
    ck_assert_uint_eq(r, (0x40000000ull << 32) | 2);
    /* -1.5: -1, inexact, Z = 0 */
    r = helper_fjcvtzs(cpu, 0xbff8000000000000ull, 0, 0, 0);
    ck_assert_uint_eq(r, 0xffffffffu);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IXC);
    /* 2^32 + 5: modulo 2^32, out of range: IOC, Z = 0 */
    cpu->fpsr = 0;
    r = helper_fjcvtzs(cpu, 0x41f0000000500000ull, 0, 0, 0);
    ck_assert_uint_eq(r, 5);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IOC);
    /* FZ, positive denormal: the reference reports Z = 1 (IDC) */
    cpu->fpsr = 0;
    cpu->fpcr = FPCR_FZ;
    r = helper_fjcvtzs(cpu, 1, 0, 0, 0);
    ck_assert_uint_eq(r, 0x40000000ull << 32);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IDC);
}
END_TEST

START_TEST(test_binop_and_muladd)
{
    /* FMULX: 0 * inf = 2 with the sign of the product */
    ck_assert_uint_eq(helper_fbinop_s(cpu, 0x80000000u, 0x7f800000u, FP_OP_MULX, 0), 0xc0000000u);
    /* FCMGE mask of the element size */
    ck_assert_uint_eq(helper_fbinop_h(cpu, 0x4000, 0x3c00, FP_OP_CMGE, 0), 0xffff);
    ck_assert_uint_eq(helper_fbinop_d(cpu, D_ONE, D_ONE, FP_OP_CMGT, 0), 0);
    /* fused: -1 + 3 * (1/3 rounded down) = -2^-54 exactly (unfused: 0) */
    uint64_t third = 0x3fd5555555555555ull, three = 0x4008000000000000ull;
    uint64_t minus_one = 0xbff0000000000000ull;
    ck_assert_uint_eq(helper_fmuladd_d(cpu, minus_one, three, third, 0), 0xbc90000000000000ull);
}
END_TEST

static Suite *fp_helpers_suite(void)
{
    Suite *s = suite_create("fp_helpers");
    TCase *tc = tcase_create("helpers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rounding_from_fpcr);
    tcase_add_test(tc, test_fpsr_accumulates);
    tcase_add_test(tc, test_fcmp_condition);
    tcase_add_test(tc, test_frint_desc);
    tcase_add_test(tc, test_int_conversions);
    tcase_add_test(tc, test_fcvt);
    tcase_add_test(tc, test_fjcvtzs);
    tcase_add_test(tc, test_binop_and_muladd);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fp_helpers_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
