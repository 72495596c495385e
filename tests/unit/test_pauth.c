/* SPDX-License-Identifier: MIT */
/*
 * test_pauth.c - pointer authentication: the QARMA-64 cipher against every
 * test vector of the QARMA paper (Avanzi, "The QARMA Block Cipher Family",
 * ToSC 2017(1), appendix: sigma0/1/2 with 5, 6 and 7 rounds), ComputePAC
 * and the IMPDEF hash against values QEMU 7.2's "max" printed (PACGA and
 * PACIA of a bare-metal guest, keys below), and the helpers' AddPAC/Auth
 * at every pauth_level: the PAuth2 XOR, FEAT_FPAC faults (EC 0x1c, and
 * not for combined instructions before FPACCOMBINE), SCTLR enables and the
 * HCR_EL2.API trap (EC 0x09).
 */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cpu.h"
#include "frontend/exception.h"
#include "frontend/helper_pauth.h"
#include "frontend/helpers.h"
#include "frontend/pauth_qarma5.h"

/* ---- the cipher ---------------------------------------------------------- */

START_TEST(test_qarma_paper_vectors)
{
    /* P, T, w0, k0 and the ciphertexts, from the paper. */
    const uint64_t p = 0xfb623599da6e8127ull, t = 0x477d469dec0b8762ull;
    const uint64_t w0 = 0x84be85ce9804e94bull, k0 = 0xec2802d4e0a488e9ull;
    static const uint64_t c[3][3] = {
        {0x3ee99a6c82af0c38ull, 0x9f5c41ec525603c9ull, 0xbcaf6c89de930765ull},
        {0x544b0ab95bda7c3aull, 0xa512dd1e4e3ec582ull, 0xedf67ff370a483f2ull},
        {0xc003b93999b33765ull, 0x270a787275c48d10ull, 0x5c06a7501b63b2fdull},
    };
    for (unsigned s = 0; s < 3; s++) {
        for (unsigned r = 5; r <= 7; r++) {
            ck_assert_msg(pauth_qarma64(p, t, w0, k0, r, s) == c[s][r - 5],
                          "sigma%u r=%u: %016llx", s, r,
                          (unsigned long long)pauth_qarma64(p, t, w0, k0, r, s));
        }
    }
    /* ComputePAC is the sigma2, 5-round instance with key0 = w0. */
    ck_assert_uint_eq(pauth_qarma5(p, t, w0, k0), 0xc003b93999b33765ull);
}
END_TEST

/* pauth_qarma5() has a vector version on x86-64 hosts: it must agree with
 * the generic cipher (checked against the paper above) everywhere. */
START_TEST(test_qarma5_fast_path)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned n = 0; n < 20000; n++) {
        uint64_t v[4];
        for (unsigned i = 0; i < 4; i++) {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            v[i] = x * 0x2545F4914F6CDD1Dull;
        }
        ck_assert_uint_eq(pauth_qarma5(v[0], v[1], v[2], v[3]),
                          pauth_qarma64(v[0], v[1], v[2], v[3], 5, 2));
    }
}
END_TEST

/* Keys of the QEMU run: Lo = 0x0123456789abcdef, Hi = 0xfedcba9876543210;
 * PACGA(0x40001234, 0x55) printed 0x5bc58f8300000000 (QARMA5) and
 * 0x1666d12700000000 (pauth-impdef=on). */
#define KLO 0x0123456789abcdefull
#define KHI 0xfedcba9876543210ull

START_TEST(test_qemu_known_answers)
{
    ck_assert_uint_eq(pauth_qarma5(0x40001234, 0x55, KHI, KLO) >> 32, 0x5bc58f83u);
    ck_assert_uint_eq(pauth_impdef(0x40001234, 0x55, KLO, KHI) >> 32, 0x1666d127u);
}
END_TEST

/* ---- the helpers ------------------------------------------------------------ */

static A64Cpu *new_cpu(unsigned level)
{
    A64Cpu *cpu = calloc(1, sizeof(*cpu));
    ck_assert_ptr_nonnull(cpu);
    a64_cpu_init(cpu, A64_CPU_MAX, 0, NULL, NULL);
    a64_cpu_reset(cpu, 0x40000000, 1);
    cpu->feat.pauth_level = (uint8_t)level;
    for (unsigned k = 0; k < 5; k++) {
        cpu->pauth_keys[2 * k] = KLO;
        cpu->pauth_keys[2 * k + 1] = KHI;
    }
    /* EnIA, EnIB, EnDA, EnDB */
    cpu->sr.sctlr_el[1] |= 1ull << 31 | 1ull << 30 | 1ull << 27 | 1ull << 13;
    cpu->sr.tcr_el[1] = 0;
    cpu->sr.vbar_el[1] = 0x40010000;
    cpu->pc = 0x40000100;
    return cpu;
}

static void free_cpu(A64Cpu *cpu)
{
    a64_cpu_destroy(cpu);
    free(cpu);
}

/* Run a helper; returns true if it raised (cpu->sr.esr_el[] has it). */
static bool call_raises(A64Cpu *cpu, uint64_t (*fn)(void *, uint64_t, uint64_t, uint64_t,
                                                    uint64_t),
                        uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *out)
{
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        *out = fn(cpu, a0, a1, a2, 0);
        return false;
    }
    return true;
}

START_TEST(test_addpac_pauth1)
{
    A64Cpu *cpu = new_cpu(PAUTH_LEVEL_PAUTH);
    uint64_t r;
    /* PACIA as QEMU printed it, lower and upper range, TCR_EL1 = 0. */
    r = helper_pac(cpu, 0x40001234, 0x55, PAUTH_KEY_IA, 0);
    ck_assert_uint_eq(r, 0x5b45000040001234ull);
    ck_assert_uint_eq(helper_aut(cpu, r, 0x55, PAUTH_KEY_IA, 0), 0x40001234);
    /* failure: error code 01 (key A) in bits 62:61; 10 for key B */
    ck_assert_uint_eq(helper_aut(cpu, r, 0x56, PAUTH_KEY_IA, 0), 0x2000000040001234ull);
    cpu->pauth_keys[2] ^= 1; /* make key IB differ from IA */
    ck_assert_uint_eq(helper_aut(cpu, r, 0x55, PAUTH_KEY_IB, 0), 0x4000000040001234ull);
    r = helper_pac(cpu, 0xffff000012345678ull, 0x55, PAUTH_KEY_IA, 0);
    ck_assert_uint_eq(r, 0x9ee4000012345678ull);
    ck_assert_uint_eq(helper_aut(cpu, r ^ (1ull << 60), 0x55, PAUTH_KEY_IA, 0),
                      0xbfff000012345678ull);
    ck_assert_uint_eq(helper_xpac(cpu, r, 0, 0, 0), 0xffff000012345678ull);
    /* PACGA */
    ck_assert_uint_eq(helper_pacga(cpu, 0x40001234, 0x55, 0, 0), 0x5bc58f8300000000ull);
    /* EnIA = 0: no change */
    cpu->sr.sctlr_el[1] &= ~(1ull << 31);
    ck_assert_uint_eq(helper_pac(cpu, 0x40001234, 0x55, PAUTH_KEY_IA, 0), 0x40001234);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_addpac_pauth2)
{
    A64Cpu *cpu = new_cpu(PAUTH_LEVEL_PAUTH2);
    uint64_t r;
    /* With zero extension bits the XOR gives what insertion gives. */
    r = helper_pac(cpu, 0x40001234, 0x55, PAUTH_KEY_IA, 0);
    ck_assert_uint_eq(r, 0x5b45000040001234ull);
    /* Upper range: the PAC (0x9e, 0x64) is XORed into the ones. */
    r = helper_pac(cpu, 0xffff000012345678ull, 0x55, PAUTH_KEY_IA, 0);
    ck_assert_uint_eq(r, 0x619b000012345678ull);
    ck_assert_uint_eq(helper_aut(cpu, r, 0x55, PAUTH_KEY_IA, 0), 0xffff000012345678ull);
    /* Failure without FPAC: the XOR leaves the flipped bit. */
    r = helper_pac(cpu, 0x40001234, 0x55, PAUTH_KEY_IA, 0);
    ck_assert_uint_eq(helper_aut(cpu, r ^ (1ull << 50), 0x55, PAUTH_KEY_IA, 0),
                      0x0004000040001234ull);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_fpac)
{
    uint64_t out = 0, r;
    A64Cpu *cpu = new_cpu(PAUTH_LEVEL_FPAC);
    r = helper_pac(cpu, 0x40001234, 0x55, PAUTH_KEY_DB, 0);
    ck_assert(!call_raises(cpu, helper_aut, r, 0x55, PAUTH_KEY_DB, &out));
    ck_assert_uint_eq(out, 0x40001234);
    /* AUTDB fails: EC 0x1c, ISS = data key (bit 1) | key B (bit 0) */
    ck_assert(call_raises(cpu, helper_aut, r ^ (1ull << 50), 0x55, PAUTH_KEY_DB, &out));
    ck_assert_uint_eq(cpu->sr.esr_el[1] >> 26, 0x1c);
    ck_assert_uint_eq(cpu->sr.esr_el[1] & 0x1ffffff, 3);
    ck_assert_uint_eq(cpu->sr.elr_el[1], 0x40000100);
    /* combined (LDRAB...) does not fault before FPACCOMBINE */
    cpu->pc = 0x40000100;
    cpu->pstate = (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF;
    ck_assert(!call_raises(cpu, helper_aut, r ^ (1ull << 50), 0x55,
                           PAUTH_KEY_DB | PAUTH_DESC_COMBINED, &out));
    ck_assert_uint_eq(out, 0x0004000040001234ull);
    cpu->feat.pauth_level = PAUTH_LEVEL_FPACCOMBINE;
    ck_assert(call_raises(cpu, helper_aut, r ^ (1ull << 50), 0x55,
                          PAUTH_KEY_DB | PAUTH_DESC_COMBINED, &out));
    ck_assert_uint_eq(cpu->sr.esr_el[1] >> 26, 0x1c);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_tbi_layout)
{
    A64Cpu *cpu = new_cpu(PAUTH_LEVEL_PAUTH);
    uint64_t r;
    /* T0SZ = 25 (39-bit), TBI0: PAC in bits 54:39, the tag kept. */
    cpu->sr.tcr_el[1] = 25 | 1ull << 37;
    r = helper_pac(cpu, 0xab00000040001234ull, 9, PAUTH_KEY_DA, 0);
    ck_assert_uint_eq(r & 0xff800000ffffffffull, 0xab00000040001234ull);
    ck_assert_uint_eq(helper_aut(cpu, r, 9, PAUTH_KEY_DA, 0), 0xab00000040001234ull);
    /* error code in bits 54:53 */
    ck_assert_uint_eq(helper_aut(cpu, r ^ (1ull << 45), 9, PAUTH_KEY_DA, 0),
                      0xab20000040001234ull);
    /* TBID0: instruction keys see the top byte as part of the field */
    cpu->sr.tcr_el[1] |= 1ull << 51;
    r = helper_pac(cpu, 0x0000000040001234ull, 9, PAUTH_KEY_IA, 0);
    ck_assert_uint_ne(r >> 56, 0);
    ck_assert_uint_eq(helper_xpac(cpu, r, 0, 0, 0), 0x40001234);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_trap_api)
{
    A64Cpu *cpu = new_cpu(PAUTH_LEVEL_PAUTH);
    uint64_t out = 0;
    cpu->feat.el2 = true;
    cpu->sr.hcr_el2 = 1ull << 31; /* RW; API = 0 */
    cpu->sr.vbar_el[2] = 0x40020000;
    ck_assert(call_raises(cpu, helper_pac, 0x40001234, 0, PAUTH_KEY_IA, &out));
    ck_assert_uint_eq(a64_current_el(cpu), 2);
    ck_assert_uint_eq(cpu->sr.esr_el[2] >> 26, 0x09);
    ck_assert_uint_eq(cpu->sr.esr_el[2] & 0x1ffffff, 0);
    /* with the key disabled there is no trap */
    cpu->pstate = (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF;
    cpu->sr.sctlr_el[1] &= ~(1ull << 31);
    ck_assert(!call_raises(cpu, helper_pac, 0x40001234, 0, PAUTH_KEY_IA, &out));
    ck_assert_uint_eq(out, 0x40001234);
    /* API = 1: no trap */
    cpu->sr.sctlr_el[1] |= 1ull << 31;
    cpu->sr.hcr_el2 |= 1ull << 41;
    ck_assert(!call_raises(cpu, helper_pac, 0x40001234, 0x55, PAUTH_KEY_IA, &out));
    ck_assert_uint_eq(out, 0x5b45000040001234ull);
    free_cpu(cpu);
}
END_TEST

static Suite *pauth_suite(void)
{
    Suite *s = suite_create("pauth");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_qarma_paper_vectors);
    tcase_add_test(tc, test_qarma5_fast_path);
    tcase_add_test(tc, test_qemu_known_answers);
    tcase_add_test(tc, test_addpac_pauth1);
    tcase_add_test(tc, test_addpac_pauth2);
    tcase_add_test(tc, test_fpac);
    tcase_add_test(tc, test_tbi_layout);
    tcase_add_test(tc, test_trap_api);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pauth_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
