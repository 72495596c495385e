/* SPDX-License-Identifier: MIT */
/*
 * test_bitmask.c - DecodeBitMasks() (frontend/bitmask.c) against an
 * independent construction of the logical immediates and against
 * encodings produced by the GNU assembler.
 *
 * A logical immediate is a 2/4/8/16/32/64-bit element holding a rotated run
 * of 1..esize-1 ones, replicated to the register width (DDI 0487 C3.4.2
 * "Logical (immediate)"). There are 5334 such 64-bit values and 1302
 * 32-bit ones.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "frontend/bitmask.h"

/* ---- the reference set, built by enumeration ------------------------ */

static uint64_t ref_set[8192];
static unsigned ref_count;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Every (element size, run length, rotation), each once. */
static void build_ref_set(void)
{
    if (ref_count)
        return;
    for (unsigned esize = 2; esize <= 64; esize *= 2) {
        uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
        for (unsigned run = 1; run < esize; run++) {
            uint64_t elem = (1ull << run) - 1;
            for (unsigned rot = 0; rot < esize; rot++) {
                uint64_t e = rot ? ((elem >> rot) | (elem << (esize - rot))) & emask : elem;
                uint64_t v = 0;
                for (unsigned pos = 0; pos < 64; pos += esize)
                    v |= e << pos;
                ref_set[ref_count++] = v;
            }
        }
    }
    qsort(ref_set, ref_count, sizeof(ref_set[0]), cmp_u64);
}

static bool in_ref_set(uint64_t v)
{
    return bsearch(&v, ref_set, ref_count, sizeof(ref_set[0]), cmp_u64) != NULL;
}

/* Element size from N:imms, written as the Arm ARM table
 * (N = 1: 64; imms = 0xxxxx: 32; 10xxxx: 16; 110xxx: 8; 1110xx: 4;
 * 11110x: 2; 11111x: reserved). 0 = reserved. */
static unsigned table_esize(unsigned n, unsigned imms)
{
    if (n)
        return 64;
    if ((imms & 0x20) == 0)
        return 32;
    if ((imms & 0x30) == 0x20)
        return 16;
    if ((imms & 0x38) == 0x30)
        return 8;
    if ((imms & 0x3c) == 0x38)
        return 4;
    if ((imms & 0x3e) == 0x3c)
        return 2;
    return 0;
}

START_TEST(test_ref_set_size)
{
    build_ref_set();
    ck_assert_uint_eq(ref_count, 5334);
    for (unsigned i = 1; i < ref_count; i++)
        ck_assert_msg(ref_set[i - 1] != ref_set[i], "duplicate %llx",
                      (unsigned long long)ref_set[i]);
}
END_TEST

/* Every 64-bit encoding: valid iff the table says so, decoded values are
 * members, and the canonical encodings (immr < esize) cover the set once. */
START_TEST(test_all_encodings_64)
{
    build_ref_set();
    static uint64_t seen[8192];
    unsigned nseen = 0, nvalid = 0;

    for (unsigned n = 0; n < 2; n++) {
        for (unsigned imms = 0; imms < 64; imms++) {
            for (unsigned immr = 0; immr < 64; immr++) {
                uint64_t w = 0xdeadbeef;
                bool ok = a64_decode_bitmask(true, n, imms, immr, &w);
                unsigned esize = table_esize(n, imms);
                bool expect = esize && (imms & (esize - 1)) != esize - 1;
                ck_assert_msg(ok == expect, "N=%u imms=%u immr=%u: valid %d, expected %d", n,
                              imms, immr, ok, expect);
                if (!ok) {
                    ck_assert_msg(w == 0xdeadbeef, "output written for a reserved encoding");
                    continue;
                }
                nvalid++;
                ck_assert_msg(in_ref_set(w), "N=%u imms=%u immr=%u gives %llx, not a logical "
                              "immediate", n, imms, immr, (unsigned long long)w);
                /* run length and rotation as encoded */
                unsigned run = (imms & (esize - 1)) + 1;
                ck_assert_uint_eq(__builtin_popcountll(w), run * (64 / esize));
                /* immr bits above the element size are ignored */
                uint64_t w2;
                ck_assert(a64_decode_bitmask(true, n, imms, immr & (esize - 1), &w2));
                ck_assert(w2 == w);
                if (immr < esize)
                    seen[nseen++] = w;
            }
        }
    }
    ck_assert_uint_eq(nseen, 5334);
    qsort(seen, nseen, sizeof(seen[0]), cmp_u64);
    for (unsigned i = 0; i < nseen; i++)
        ck_assert_msg(seen[i] == ref_set[i], "canonical encodings do not cover the set");
    ck_assert_uint_gt(nvalid, nseen);
}
END_TEST

/* 32-bit: N = 1 is reserved; otherwise the value is the low word of the
 * 64-bit decode, and there are 1302 distinct values. */
START_TEST(test_all_encodings_32)
{
    unsigned canonical = 0;
    for (unsigned imms = 0; imms < 64; imms++) {
        for (unsigned immr = 0; immr < 64; immr++) {
            uint64_t w32, w64;
            ck_assert(!a64_decode_bitmask(false, 1, imms, immr, &w32));
            bool ok32 = a64_decode_bitmask(false, 0, imms, immr, &w32);
            bool ok64 = a64_decode_bitmask(true, 0, imms, immr, &w64);
            ck_assert_int_eq(ok32, ok64);
            if (!ok32)
                continue;
            ck_assert_msg(w32 == (uint32_t)w64, "imms=%u immr=%u", imms, immr);
            ck_assert_msg((w64 >> 32) == (uint32_t)w64, "not replicated to 64 bits");
            if (immr < table_esize(0, imms))
                canonical++;
        }
    }
    ck_assert_uint_eq(canonical, 1302);
}
END_TEST

/* Encodings chosen by aarch64-linux-gnu-as for AND #imm (sf, N, immr, imms). */
static const struct {
    unsigned sf, n, immr, imms;
    uint64_t value;
} known[] = {
    {1, 0, 0, 0x3c, 0x5555555555555555ull},
    {1, 0, 1, 0x3c, 0xaaaaaaaaaaaaaaaaull},
    {1, 1, 0, 0x07, 0xffull},
    {1, 1, 0, 0x1f, 0xffffffffull},
    {1, 1, 1, 0x00, 0x8000000000000000ull},
    {1, 1, 63, 0x3e, 0xfffffffffffffffeull},
    {1, 0, 0, 0x0f, 0x0000ffff0000ffffull},
    {1, 1, 63, 0x3d, 0x7ffffffffffffffeull},
    {1, 0, 0, 0x33, 0x0f0f0f0f0f0f0f0full},
    {1, 0, 2, 0x33, 0xc3c3c3c3c3c3c3c3ull},
    {1, 1, 0, 0x00, 0x1ull},
    {1, 1, 0, 0x3e, 0x7fffffffffffffffull},
    {1, 0, 24, 0x0f, 0x00ffff0000ffff00ull},
    {1, 0, 1, 0x21, 0x8001800180018001ull},
    {1, 1, 45, 0x2c, 0xfffffffffff80000ull},
    {0, 0, 1, 0x01, 0x80000001ull},
    {0, 0, 0, 0x3c, 0x55555555ull},
    {0, 0, 31, 0x1e, 0xfffffffeull},
    {0, 0, 0, 0x27, 0x00ff00ffull},
    {0, 0, 0, 0x1e, 0x7fffffffull},
    {0, 0, 3, 0x32, 0xe0e0e0e0ull},
    {0, 0, 26, 0x0b, 0x3ffc0ull},
};

START_TEST(test_known_pairs)
{
    for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        uint64_t w;
        ck_assert_msg(a64_decode_bitmask(known[i].sf, known[i].n, known[i].imms, known[i].immr,
                                         &w), "known[%u] rejected", i);
        ck_assert_msg(w == known[i].value, "known[%u]: %llx != %llx", i,
                      (unsigned long long)w, (unsigned long long)known[i].value);
    }
}
END_TEST

/* ---- bitfield moves: pseudocode with wmask/tmask vs the alias forms ---- */

static uint64_t xorshift(uint64_t *st)
{
    uint64_t x = *st;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *st = x;
}

static uint64_t wmask_of(unsigned w)
{
    return w == 64 ? ~0ull : (1ull << w) - 1;
}

static uint64_t ror_w(uint64_t x, unsigned r, unsigned w)
{
    x &= wmask_of(w);
    return r ? ((x >> r) | (x << (w - r))) & wmask_of(w) : x;
}

/* The SBFM/BFM/UBFM pseudocode (C6.2.254, C6.2.36, C6.2.367). */
static uint64_t bfm_pseudo(int kind, unsigned w, unsigned immr, unsigned imms, uint64_t dst,
                           uint64_t src)
{
    uint64_t wm, tm;
    ck_assert(a64_decode_bit_masks(w == 64, w == 64, imms, immr, false, &wm, &tm));
    uint64_t bot, top;
    if (kind == 1) { /* BFM */
        bot = (dst & ~wm) | (ror_w(src, immr, w) & wm);
        return ((dst & ~tm) | (bot & tm)) & wmask_of(w);
    }
    bot = ror_w(src, immr, w) & wm;
    top = kind == 0 && ((src >> imms) & 1) ? ~0ull : 0; /* SBFM: Replicate(src<S>) */
    return ((top & ~tm) | (bot & tm)) & wmask_of(w);
}

/* The aliases: extract (S >= R) or insert (S < R). */
static uint64_t bfm_alias(int kind, unsigned w, unsigned r, unsigned sb, uint64_t dst,
                          uint64_t src)
{
    uint64_t m = wmask_of(w);
    unsigned lsb, len;
    uint64_t field;
    if (sb >= r) {
        len = sb - r + 1;
        lsb = 0;
        field = (src & m) >> r;
    } else {
        len = sb + 1;
        lsb = w - r;
        field = src;
    }
    uint64_t fm = wmask_of(len);
    field &= fm;
    uint64_t res;
    if (kind == 1) {
        res = (dst & ~(fm << lsb)) | (field << lsb);
    } else if (kind == 2) {
        res = field << lsb;
    } else {
        int64_t sx = (int64_t)(field << (64 - len)) >> (64 - len);
        res = (uint64_t)sx << lsb;
    }
    return res & m;
}

START_TEST(test_bitfield_masks)
{
    uint64_t st = 0x9e3779b97f4a7c15ull;
    for (unsigned w = 32; w <= 64; w += 32) {
        for (unsigned r = 0; r < w; r++) {
            for (unsigned sb = 0; sb < w; sb++) {
                for (int iter = 0; iter < 4; iter++) {
                    uint64_t dst = xorshift(&st), src = xorshift(&st);
                    for (int kind = 0; kind < 3; kind++) {
                        uint64_t p = bfm_pseudo(kind, w, r, sb, dst, src);
                        uint64_t q = bfm_alias(kind, w, r, sb, dst, src);
                        ck_assert_msg(p == q, "kind %d W=%u R=%u S=%u: %llx != %llx", kind, w,
                                      r, sb, (unsigned long long)p, (unsigned long long)q);
                    }
                }
            }
        }
    }
}
END_TEST

static Suite *bitmask_suite(void)
{
    Suite *s = suite_create("bitmask");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_ref_set_size);
    tcase_add_test(tc, test_all_encodings_64);
    tcase_add_test(tc, test_all_encodings_32);
    tcase_add_test(tc, test_known_pairs);
    tcase_add_test(tc, test_bitfield_masks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bitmask_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
