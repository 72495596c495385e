/* SPDX-License-Identifier: MIT */
/*
 * test_simd_int.c - the simd_int and crypto helpers against independent
 * references: FIPS-197 (AES-128 encryption and the equivalent inverse
 * cipher built from AESE/AESMC and AESD/AESIMC), FIPS 180-4 (SHA-1 and
 * SHA-256 of "abc" built from the SHA1* and SHA256* instructions the way
 * real code chains them, constants computed from the primes), and hand
 * checked saturation / rounding corner cases of the integer lanes.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cpu.h"
#include "frontend/helpers.h"
#include "frontend/simd_int.h"

static A64Cpu *cpu;

static void setup(void)
{
    cpu = calloc(1, sizeof(*cpu));
}

static void teardown(void)
{
    free(cpu);
}

static void crypto(unsigned op, unsigned rd, unsigned rn, unsigned rm)
{
    helper_crypto(cpu, cr_desc(op, rd, rn, rm, 0, 0), 0, 0, 0);
}

static void simd(unsigned op, unsigned rd, unsigned rn, unsigned rm, unsigned esz, uint32_t flags,
                 unsigned imm)
{
    helper_simd_int(cpu, si_desc(op, rd, rn, rm, esz, flags, 0), imm, 0, 0);
}

/* bytes b[0..15] <-> V register (byte 0 = bits 7:0) */
static void vset_bytes(unsigned r, const uint8_t *b)
{
    memcpy(cpu->v[r], b, 16); /* little-endian host */
}

static void vget_bytes(unsigned r, uint8_t *b)
{
    memcpy(b, cpu->v[r], 16);
}

static void vset_words(unsigned r, const uint32_t *w)
{
    cpu->v[r][0] = w[0] | (uint64_t)w[1] << 32;
    cpu->v[r][1] = w[2] | (uint64_t)w[3] << 32;
}

static uint32_t vword(unsigned r, unsigned i)
{
    return (uint32_t)(cpu->v[r][i / 2] >> (32 * (i % 2)));
}

static void vxor(unsigned d, unsigned a, unsigned b)
{
    cpu->v[d][0] = cpu->v[a][0] ^ cpu->v[b][0];
    cpu->v[d][1] = cpu->v[a][1] ^ cpu->v[b][1];
}

/* ---- AES ------------------------------------------------------------------ */

/* SubWord(w) through AESE: a state of four identical columns is not
 * changed by ShiftRows, so AESE(w:w:w:w, 0) = SubBytes in every column. */
static uint32_t sub_word(uint32_t w)
{
    uint32_t st[4] = {w, w, w, w};
    vset_words(20, st);
    cpu->v[21][0] = cpu->v[21][1] = 0;
    crypto(CR_AESE, 20, 21, 0);
    return vword(20, 0);
}

/* FIPS-197 5.2 key expansion for AES-128; rk[i] = round key i in V(i). */
static void aes128_expand(const uint8_t key[16])
{
    uint32_t w[44];
    uint8_t rcon = 1;
    memcpy(w, key, 16);
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word((t >> 8) | (t << 24)) ^ rcon; /* RotWord on the byte order */
            rcon = (uint8_t)((rcon << 1) ^ ((rcon & 0x80) ? 0x1b : 0));
        }
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned r = 0; r <= 10; r++) {
        vset_words(r, &w[4 * r]);
    }
}

START_TEST(test_aes128_fips197)
{
    /* FIPS-197 Appendix C.1 */
    static const uint8_t key[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t ct[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                   0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    uint8_t out[16];

    aes128_expand(key);
    vset_bytes(16, pt);
    for (unsigned r = 0; r < 9; r++) {
        crypto(CR_AESE, 16, r, 0);
        crypto(CR_AESMC, 16, 16, 0);
    }
    crypto(CR_AESE, 16, 9, 0);
    vxor(16, 16, 10);
    vget_bytes(16, out);
    ck_assert_mem_eq(out, ct, 16);

    /* equivalent inverse cipher: round keys 9..1 through InvMixColumns */
    for (unsigned r = 1; r <= 9; r++) {
        crypto(CR_AESIMC, r, r, 0);
    }
    crypto(CR_AESD, 16, 10, 0);
    for (unsigned r = 9; r >= 1; r--) {
        crypto(CR_AESIMC, 16, 16, 0);
        crypto(CR_AESD, 16, r, 0);
    }
    vxor(16, 16, 0);
    vget_bytes(16, out);
    ck_assert_mem_eq(out, pt, 16);
}
END_TEST

/* ---- SHA ------------------------------------------------------------------- */

static const unsigned primes[64] = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,
    59,  61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131,
    137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223,
    227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311,
};

/* floor(x^(1/k)) for k = 2, 3 by bisection */
static unsigned __int128 iroot(unsigned __int128 x, unsigned k)
{
    unsigned __int128 lo = 0, hi = (unsigned __int128)1 << (k == 2 ? 64 : 43);
    while (lo < hi) {
        unsigned __int128 mid = (lo + hi + 1) / 2, p = mid;
        for (unsigned i = 1; i < k; i++) {
            p *= mid;
        }
        if (p <= x) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/* FIPS 180-4 4.2.2 / 5.3.3: first 32 bits of the fractional parts of the
 * cube (square) roots of the primes. */
static uint32_t sha256_k(unsigned i)
{
    return (uint32_t)iroot((unsigned __int128)primes[i] << 96, 3);
}

static uint32_t sha256_h0(unsigned i)
{
    return (uint32_t)iroot((unsigned __int128)primes[i] << 64, 2);
}

/* the padded one-block message "abc" as 16 big-endian words */
static void abc_block(uint32_t m[16])
{
    memset(m, 0, 64);
    m[0] = 0x61626380;
    m[15] = 24;
}

static void vadd32(unsigned d, unsigned a, const uint32_t *k)
{
    uint32_t w[4];
    for (unsigned i = 0; i < 4; i++) {
        w[i] = vword(a, i) + k[i];
    }
    vset_words(d, w);
}

START_TEST(test_sha256_abc)
{
    static const uint32_t expect[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    uint32_t m[16], k[64], h[8];

    for (unsigned i = 0; i < 64; i++) {
        k[i] = sha256_k(i);
    }
    for (unsigned i = 0; i < 8; i++) {
        h[i] = sha256_h0(i);
    }
    abc_block(m);
    /* V0..V3 = W, V4 = ABCD, V5 = EFGH, V6 = tmp, V7 = ABCD saved */
    for (unsigned i = 0; i < 4; i++) {
        vset_words(i, &m[4 * i]);
    }
    vset_words(4, &h[0]);
    vset_words(5, &h[4]);
    for (unsigned i = 0; i < 16; i++) {
        vadd32(6, i % 4, &k[4 * i]);
        cpu->v[7][0] = cpu->v[4][0];
        cpu->v[7][1] = cpu->v[4][1];
        crypto(CR_SHA256H, 4, 5, 6);
        crypto(CR_SHA256H2, 5, 7, 6);
        if (i < 12) {
            crypto(CR_SHA256SU0, i % 4, (i + 1) % 4, 0);
            crypto(CR_SHA256SU1, i % 4, (i + 2) % 4, (i + 3) % 4);
        }
    }
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_uint_eq(vword(4 + i / 4, i % 4) + h[i], expect[i]);
    }
}
END_TEST

START_TEST(test_sha1_abc)
{
    static const uint32_t expect[5] = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c,
                                       0x9cd0d89d};
    static const uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    static const uint32_t kc[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    static const unsigned ops[4] = {CR_SHA1C, CR_SHA1P, CR_SHA1M, CR_SHA1P};
    uint32_t m[16];

    abc_block(m);
    for (unsigned i = 0; i < 4; i++) {
        vset_words(i, &m[4 * i]);
    }
    /* V4 = abcd, V5 = e (S), V6 = tmp, V7 = next e */
    vset_words(4, h);
    cpu->v[5][0] = h[4];
    cpu->v[5][1] = 0;
    for (unsigned i = 0; i < 20; i++) {
        uint32_t kk[4] = {kc[i / 5], kc[i / 5], kc[i / 5], kc[i / 5]};
        vadd32(6, i % 4, kk);
        crypto(CR_SHA1H, 7, 4, 0);
        crypto(ops[i / 5], 4, 5, 6);
        cpu->v[5][0] = cpu->v[7][0];
        cpu->v[5][1] = cpu->v[7][1];
        if (i < 16) {
            crypto(CR_SHA1SU0, i % 4, (i + 1) % 4, (i + 2) % 4);
            crypto(CR_SHA1SU1, i % 4, (i + 3) % 4, 0);
        }
    }
    for (unsigned i = 0; i < 4; i++) {
        ck_assert_uint_eq(vword(4, i) + h[i], expect[i]);
    }
    ck_assert_uint_eq(vword(5, 0) + h[4], expect[4]);
}
END_TEST

/* ---- integer lanes ------------------------------------------------------------ */

START_TEST(test_saturation_qc)
{
    /* SQRDMULH.8H: MIN * MIN saturates to MAX and sets QC */
    cpu->fpsr = 0;
    cpu->v[1][0] = cpu->v[1][1] = 0x8000800080008000ull;
    simd(SI_SQRDMULH, 0, 1, 1, 1, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[0][0], 0x7fff7fff7fff7fffull);
    ck_assert_uint_eq(cpu->fpsr, A64_FPSR_QC);

    /* SQDMLAL (scalar, S -> D): 0x8000_0000^2 doubled saturates to
     * INT64_MAX, then + 1 saturates again */
    cpu->fpsr = 0;
    cpu->v[2][0] = 0x80000000u;
    cpu->v[3][0] = 1;
    cpu->v[3][1] = 5;
    simd(SI_SQDMLAL, 3, 2, 2, 2, SI_D_SCALAR, 0);
    ck_assert_uint_eq(cpu->v[3][0], 0x7fffffffffffffffull);
    ck_assert_uint_eq(cpu->v[3][1], 0);
    ck_assert_uint_eq(cpu->fpsr, A64_FPSR_QC);

    /* UQADD.16B without saturation leaves QC alone */
    cpu->fpsr = 0;
    cpu->v[4][0] = 0x0102030405060708ull;
    cpu->v[4][1] = 0;
    simd(SI_UQADD, 5, 4, 4, 0, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[5][0], 0x020406080a0c0e10ull);
    ck_assert_uint_eq(cpu->fpsr, 0);
}
END_TEST

START_TEST(test_shift_rounding)
{
    /* SRSHL.2D by -1 of -3 rounds to -1; URSHL by -64 of 2^63 is 1 */
    cpu->v[1][0] = (uint64_t)-3;
    cpu->v[1][1] = 1ull << 63;
    cpu->v[2][0] = 0xff;           /* -1 */
    cpu->v[2][1] = 0xc0;           /* -64 */
    simd(SI_SRSHL, 0, 1, 2, 3, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[0][0], (uint64_t)-1);
    simd(SI_URSHL, 0, 1, 2, 3, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[0][1], 1);
    /* SQSHL by 127 of a negative lane saturates to MIN */
    cpu->v[2][0] = 0x7f;
    simd(SI_SQSHL, 0, 1, 2, 3, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[0][0], 1ull << 63);
    /* SQRSHRUN.8B #8 of 0x7f80 (rounds to 0x80) and of a negative lane */
    cpu->v[3][0] = 0x00000000ffff7f80ull;
    cpu->v[3][1] = 0;
    simd(SI_SQRSHRUN, 4, 3, 0, 0, 0, 8);
    ck_assert_uint_eq(cpu->v[4][0] & 0xffff, 0x0080);
    ck_assert_uint_eq(cpu->v[4][1], 0);
}
END_TEST

START_TEST(test_misc_lanes)
{
    /* CLS.4S: 0, -1, 1, 0x00ffffff */
    cpu->v[1][0] = 0xffffffff00000000ull;
    cpu->v[1][1] = 0x00ffffff00000001ull;
    simd(SI_CLS, 0, 1, 0, 2, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[0][0], 0x0000001f0000001full);
    ck_assert_uint_eq(cpu->v[0][1], 0x000000070000001eull);
    /* ADDP (scalar) */
    cpu->v[2][0] = 5;
    cpu->v[2][1] = (uint64_t)-7;
    simd(SI_ADDV, 3, 2, 0, 3, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[3][0], (uint64_t)-2);
    /* PMULL2 (64 x 64) of x^63 * x^63 = x^126 */
    cpu->v[4][1] = 1ull << 63;
    simd(SI_PMULL64, 5, 4, 4, 3, SI_D_Q, 0);
    ck_assert_uint_eq(cpu->v[5][0], 0);
    ck_assert_uint_eq(cpu->v[5][1], 1ull << 62);
    /* UDOT.4S of 0xff bytes: 4 * 255 * 255 per lane, plus the accumulator */
    cpu->v[6][0] = cpu->v[6][1] = ~0ull;
    cpu->v[7][0] = 1;
    cpu->v[7][1] = 0;
    simd(SI_UDOT, 7, 6, 6, 2, 0, 0);
    ck_assert_uint_eq(cpu->v[7][0], (uint64_t)260100 << 32 | 260101);
}
END_TEST

static Suite *simd_suite(void)
{
    Suite *s = suite_create("simd_int");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_aes128_fips197);
    tcase_add_test(tc, test_sha256_abc);
    tcase_add_test(tc, test_sha1_abc);
    tcase_add_test(tc, test_saturation_qc);
    tcase_add_test(tc, test_shift_rounding);
    tcase_add_test(tc, test_misc_lanes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(simd_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
