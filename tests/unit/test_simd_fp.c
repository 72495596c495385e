/* SPDX-License-Identifier: MIT */
/*
 * test_simd_fp.c - the simd_fp helper (vector floating point): the lane
 * shapes the per-element softfp tests cannot see. Reduce()'s tree order
 * for FMAXV & co (which NaN wins), pairwise operand order, the upper half
 * zeroed for 64-bit vectors, FCVTN2/FCVTL2 halves, FPSR accumulated over
 * all lanes on top of the previous bits, Vd as a source (FMLA, aliasing),
 * FMLS negating a NaN operand, and the by-element index. Values were
 * checked against qemu-system-aarch64 -cpu max.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "frontend/cpu.h"
#include "frontend/fp_desc.h"
#include "frontend/fpu/softfp.h"
#include "frontend/helpers.h"
#include "frontend/simd_fp.h"

static A64Cpu *cpu;

static void setup(void)
{
    cpu = calloc(1, sizeof(*cpu));
}

static void teardown(void)
{
    free(cpu);
}

static void sf(unsigned op, unsigned rd, unsigned rn, unsigned rm, FpFmt f, bool q, unsigned idx,
               uint64_t param)
{
    helper_simd_fp(cpu, sf_desc(op, rd, rn, rm, f, q, idx), param, 0, 0);
}

static void vset_s(unsigned r, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    cpu->v[r][0] = a | (uint64_t)b << 32;
    cpu->v[r][1] = c | (uint64_t)d << 32;
}

static uint32_t vs(unsigned r, unsigned i)
{
    return (uint32_t)(cpu->v[r][i / 2] >> (32 * (i & 1)));
}

#define ONE 0x3f800000u
#define TWO 0x40000000u
#define QNAN_A 0x7fc0000au
#define SNAN_B 0x7f80000bu
#define QNAN_B 0x7fc0000bu

/* FMAXV: Reduce() combines op(op(e0, e1), op(e2, e3)). With e0 a quiet NaN
 * and e2 a signalling one, the tree returns e0 (both halves give quiet
 * NaNs, the first wins); a left-to-right chain would return e2 quieted. */
START_TEST(test_across_tree_order)
{
    vset_s(1, QNAN_A, ONE, SNAN_B, TWO);
    sf(SF_ACROSS, 0, 1, 0, FP_S, true, 0, FP_OP_MAX);
    ck_assert_uint_eq(cpu->v[0][0], QNAN_A);
    ck_assert_uint_eq(cpu->v[0][1], 0);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IOC);

    /* FMINNMV: quiet NaNs lose; -0 < +0 */
    cpu->fpsr = 0;
    vset_s(1, 0x7fc00000u, 0x00000000u, 0x80000000u, 0x7fc00001u);
    sf(SF_ACROSS, 2, 1, 0, FP_S, true, 0, FP_OP_MINNM);
    ck_assert_uint_eq(cpu->v[2][0], 0x80000000u);
    ck_assert_uint_eq(cpu->fpsr, 0);

    /* half precision, 4H (Q = 0): lanes 4..7 are not part of the vector */
    cpu->v[1][0] = 0x4000bc0040003c00ull; /* 1, 2, -1, 2 */
    cpu->v[1][1] = 0x7c007c007c007c00ull; /* +inf: ignored */
    sf(SF_ACROSS, 3, 1, 0, FP_H, false, 0, FP_OP_MAX);
    ck_assert_uint_eq(cpu->v[3][0], 0x4000);
}
END_TEST

/* FADDP: pairs of the concatenation Vm:Vn, Vn's pairs first. */
START_TEST(test_pairwise_order)
{
    vset_s(1, ONE, TWO, 0x40400000u, 0x40800000u);       /* 1 2 3 4 */
    vset_s(2, 0x40a00000u, 0x40c00000u, 0x40e00000u, 0x41000000u); /* 5 6 7 8 */
    sf(SF_PAIR, 0, 1, 2, FP_S, true, 0, FP_OP_ADD);
    ck_assert_uint_eq(vs(0, 0), 0x40400000u);  /* 3 */
    ck_assert_uint_eq(vs(0, 1), 0x40e00000u);  /* 7 */
    ck_assert_uint_eq(vs(0, 2), 0x41300000u);  /* 11 */
    ck_assert_uint_eq(vs(0, 3), 0x41700000u);  /* 15 */
    /* 2S: Vn[0]+Vn[1], Vm[0]+Vm[1]; upper half zeroed */
    sf(SF_PAIR, 3, 1, 2, FP_S, false, 0, FP_OP_ADD);
    ck_assert_uint_eq(cpu->v[3][0], 0x41300000ull << 32 | 0x40400000u);
    ck_assert_uint_eq(cpu->v[3][1], 0);
}
END_TEST

/* FPSR: every lane's exceptions, OR'ed into what FPSR already held. */
START_TEST(test_fpsr_accumulates)
{
    cpu->fpsr = FPSR_QC;
    vset_s(1, 0x3f800001u, 0x7f7fffffu, ONE, 0x00800000u);
    vset_s(2, 0x3f800001u, 0x7f7fffffu, ONE, 0x3f000000u);
    /* lane 0 inexact, lane 1 overflow, lane 3 exact tiny (no UFC) */
    sf(SF_BIN, 0, 1, 2, FP_S, true, 0, FP_OP_MUL);
    ck_assert_uint_eq(cpu->fpsr, FPSR_QC | FP_EXC_IXC | FP_EXC_OFC);
    ck_assert_uint_eq(vs(0, 3), 0x00400000u);
    ck_assert_uint_eq(vs(0, 1), 0x7f800000u);
}
END_TEST

/* Vd as accumulator and as a source of the same lanes; FMLS negates the
 * Vn element before the fused operation, NaNs included. */
START_TEST(test_fmla_fmls)
{
    vset_s(0, ONE, ONE, ONE, ONE);
    sf(SF_FMLA, 0, 0, 0, FP_S, true, 0, 0); /* 1 + 1 * 1 */
    ck_assert_uint_eq(vs(0, 0), TWO);
    ck_assert_uint_eq(vs(0, 3), TWO);

    vset_s(0, ONE, ONE, 0, 0);
    vset_s(1, 0x7fc00001u, TWO, 0, 0);
    vset_s(2, ONE, 0x40400000u, 0, 0);
    sf(SF_FMLS, 0, 1, 2, FP_S, false, 0, 0);
    ck_assert_uint_eq(vs(0, 0), 0xffc00001u);   /* -NaN */
    ck_assert_uint_eq(vs(0, 1), 0xc0a00000u);   /* 1 - 2 * 3 = -5 */
    ck_assert_uint_eq(cpu->v[0][1], 0);

    /* by element: every lane times Vm[3] */
    vset_s(1, ONE, TWO, 0x40400000u, 0x40800000u);
    vset_s(2, 0, 0, 0, TWO);
    sf(SF_BIN_IDX, 3, 1, 2, FP_S, true, 3, FP_OP_MUL);
    ck_assert_uint_eq(vs(3, 0), TWO);
    ck_assert_uint_eq(vs(3, 3), 0x41000000u);
}
END_TEST

/* FCVTN writes the lower half and zeroes the upper, FCVTN2 keeps the
 * lower; FCVTL2 reads the upper half. */
START_TEST(test_cvt_halves)
{
    cpu->v[1][0] = 0x3ff0000000000000ull; /* 1.0 */
    cpu->v[1][1] = 0xc000000000000000ull; /* -2.0 */
    cpu->v[0][0] = 0x1111111111111111ull;
    cpu->v[0][1] = 0x2222222222222222ull;
    sf(SF_CVTN, 0, 1, 0, FP_S, true, 0, 0);
    ck_assert_uint_eq(cpu->v[0][0], 0x1111111111111111ull);
    ck_assert_uint_eq(cpu->v[0][1], 0xc0000000ull << 32 | ONE);
    sf(SF_CVTN, 2, 1, 0, FP_S, false, 0, 0);
    ck_assert_uint_eq(cpu->v[2][0], 0xc0000000ull << 32 | ONE);
    ck_assert_uint_eq(cpu->v[2][1], 0);

    cpu->v[1][1] = 0xc00000003f800000ull;
    sf(SF_CVTL, 3, 1, 0, FP_D, true, 0, 0);
    ck_assert_uint_eq(cpu->v[3][0], 0x3ff0000000000000ull);
    ck_assert_uint_eq(cpu->v[3][1], 0xc000000000000000ull);

    /* FCVTXN: round to odd (1 + 2^-30 is inexact in single: LSB set) */
    cpu->fpsr = 0;
    cpu->v[1][0] = 0x3ff0000004000000ull;
    sf(SF_CVTN, 4, 1, 0, FP_S, false, 0, 1);
    ck_assert_uint_eq(vs(4, 0), 0x3f800001u);
    ck_assert_uint_eq(cpu->fpsr, FP_EXC_IXC);
}
END_TEST

/* 64-bit vectors zero bits 127:64; unary lanes with a descriptor. */
START_TEST(test_unary_q0)
{
    vset_s(1, 0x3fc00000u, 0xbfc00000u, ONE, ONE); /* 1.5, -1.5 */
    cpu->v[0][1] = ~0ull;
    sf(SF_UNARY, 0, 1, 0, FP_S, false, 0, (uint64_t)SFU_F2I | FP_DESC_F2I(FP_RN, 0, 0, false) << 8);
    ck_assert_uint_eq(vs(0, 0), 2);
    ck_assert_uint_eq(vs(0, 1), 0xfffffffeu);
    ck_assert_uint_eq(cpu->v[0][1], 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("simd_fp");
    TCase *tc = tcase_create("lanes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_across_tree_order);
    tcase_add_test(tc, test_pairwise_order);
    tcase_add_test(tc, test_fpsr_accumulates);
    tcase_add_test(tc, test_fmla_fmls);
    tcase_add_test(tc, test_cvt_halves);
    tcase_add_test(tc, test_unary_q0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
