/* SPDX-License-Identifier: MIT */
/*
 * test_flags.c - the IR flag semantics (translator/ir_flags.h) against
 * reference definitions: AddWithCarry() computed with 128-bit arithmetic
 * (C = unsigned sum does not fit, V = signed sum does not fit; DDI 0487
 * J1.1.3), logical flags, and ConditionHolds() for all 16 conditions
 * written out from the condition-code table (C1.2.4).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "translator/ir_flags.h"

/* AddWithCarry(x, y, carry) at width 32 or 64, returning NZCV<<28. */
static uint32_t ref_addc(unsigned width, uint64_t x, uint64_t y, unsigned carry)
{
    unsigned __int128 usum;
    __int128 ssum;
    uint64_t r;
    bool n, z, c, v;

    if (width == 32) {
        x = (uint32_t)x;
        y = (uint32_t)y;
        usum = (unsigned __int128)x + y + carry;
        ssum = (__int128)(int32_t)x + (int32_t)y + carry;
        r = (uint32_t)usum;
        n = (r >> 31) & 1;
        c = usum != (unsigned __int128)r;
        v = ssum != (__int128)(int32_t)r;
    } else {
        usum = (unsigned __int128)x + y + carry;
        ssum = (__int128)(int64_t)x + (int64_t)y + carry;
        r = (uint64_t)usum;
        n = r >> 63;
        c = usum != (unsigned __int128)r;
        v = ssum != (__int128)(int64_t)r;
    }
    z = r == 0;
    return (uint32_t)n << 31 | (uint32_t)z << 30 | (uint32_t)c << 29 | (uint32_t)v << 28;
}

/* The comparison view of SUBS: C = x >= y unsigned, plus signed order.
 * (Plain comparisons in the loops: check's per-assert bookkeeping is slow.) */
static void check_sub_meaning(unsigned width, uint64_t x, uint64_t y, uint32_t f)
{
    uint64_t m = width == 32 ? 0xffffffffull : ~0ull;
    x &= m;
    y &= m;
    int64_t sx = width == 32 ? (int32_t)x : (int64_t)x;
    int64_t sy = width == 32 ? (int32_t)y : (int64_t)y;
    bool ok = ir_cond_holds(0, f) == (x == y)      /* EQ */
              && ir_cond_holds(2, f) == (x >= y)   /* HS */
              && ir_cond_holds(8, f) == (x > y)    /* HI */
              && ir_cond_holds(9, f) == (x <= y)   /* LS */
              && ir_cond_holds(10, f) == (sx >= sy) /* GE */
              && ir_cond_holds(11, f) == (sx < sy)  /* LT */
              && ir_cond_holds(12, f) == (sx > sy)  /* GT */
              && ir_cond_holds(13, f) == (sx <= sy); /* LE */
    if (!ok)
        ck_abort_msg("compare w%u %llx, %llx: flags %08x disagree with the order", width,
                     (unsigned long long)x, (unsigned long long)y, f);
}

static const uint64_t edges[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
    0x100000000ull, 0x17fffffffull, 0x180000000ull, 0xffffffff00000000ull,
    0xffffffff7fffffffull, 0xffffffff80000000ull,
    0x7ffffffffffffffeull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x8000000000000001ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
};
#define N_EDGES (sizeof(edges) / sizeof(edges[0]))

static uint64_t xorshift(uint64_t *st)
{
    uint64_t x = *st;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *st = x;
}

static void check_addc(unsigned width, uint64_t x, uint64_t y, unsigned carry)
{
    uint32_t got = ir_flags_addc(width, x, y, carry);
    uint32_t want = ref_addc(width, x, y, carry);
    if (got != want)
        ck_abort_msg( "addc w%u %llx + %llx + %u: %08x != %08x", width,
                  (unsigned long long)x, (unsigned long long)y, carry, got, want);
}

START_TEST(test_addc_edges)
{
    for (unsigned w = 32; w <= 64; w += 32)
        for (unsigned i = 0; i < N_EDGES; i++)
            for (unsigned j = 0; j < N_EDGES; j++)
                for (unsigned c = 0; c < 2; c++) {
                    check_addc(w, edges[i], edges[j], c);
                    /* SUBS = x + NOT(y) + 1 */
                    uint32_t f = ir_flags_addc(w, edges[i], ~edges[j], 1);
                    check_sub_meaning(w, edges[i], edges[j], f);
                }
}
END_TEST

START_TEST(test_addc_random)
{
    uint64_t st = 0x243f6a8885a308d3ull;
    for (int i = 0; i < 1000000; i++) {
        uint64_t x = xorshift(&st), y = xorshift(&st);
        unsigned c = i & 1;
        /* bias some operands toward small and extreme magnitudes */
        if ((i & 6) == 2)
            y = (uint64_t)-(int64_t)(x & 0xff);
        if ((i & 14) == 4)
            x >>= (x & 63);
        check_addc(32, x, y, c);
        check_addc(64, x, y, c);
        check_sub_meaning(64, x, y, ir_flags_addc(64, x, ~y, 1));
        check_sub_meaning(32, x, y, ir_flags_addc(32, x, ~y, 1));
    }
}
END_TEST

START_TEST(test_logic)
{
    uint64_t st = 0x13198a2e03707344ull;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = i < (int)N_EDGES ? edges[i] : xorshift(&st);
        for (unsigned w = 32; w <= 64; w += 32) {
            uint64_t v = w == 32 ? (uint32_t)r : r;
            bool n = (v >> (w - 1)) & 1, z = v == 0;
            uint32_t want = (uint32_t)n << 31 | (uint32_t)z << 30;
            if (ir_flags_logic(w, r) != want)
                ck_abort_msg("logic w%u %llx", w, (unsigned long long)r);
        }
    }
}
END_TEST

/* The condition table, one row per encoding. */
static bool ref_cond(unsigned cond, bool n, bool z, bool c, bool v)
{
    switch (cond) {
    case 0: return z;                /* EQ */
    case 1: return !z;               /* NE */
    case 2: return c;                /* CS/HS */
    case 3: return !c;               /* CC/LO */
    case 4: return n;                /* MI */
    case 5: return !n;               /* PL */
    case 6: return v;                /* VS */
    case 7: return !v;               /* VC */
    case 8: return c && !z;          /* HI */
    case 9: return !c || z;          /* LS */
    case 10: return n == v;          /* GE */
    case 11: return n != v;          /* LT */
    case 12: return !z && n == v;    /* GT */
    case 13: return z || n != v;     /* LE */
    case 14: return true;            /* AL */
    default: return true;            /* NV: behaves as AL */
    }
}

START_TEST(test_cond_all)
{
    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned f = 0; f < 16; f++) {
            uint32_t nzcv = f << 28;
            bool want = ref_cond(cond, f & 8, f & 4, f & 2, f & 1);
            ck_assert_msg(ir_cond_holds(cond, nzcv) == want, "cond %u nzcv %x", cond, f);
            /* bits outside 31:28 must not matter */
            ck_assert(ir_cond_holds(cond, nzcv | 0x0fffffffu) == want);
        }
    }
}
END_TEST

START_TEST(test_carry)
{
    for (unsigned f = 0; f < 16; f++)
        ck_assert_uint_eq(ir_flags_carry(f << 28), (f >> 1) & 1);
}
END_TEST

static Suite *flags_suite(void)
{
    Suite *s = suite_create("flags");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_addc_edges);
    tcase_add_test(tc, test_addc_random);
    tcase_add_test(tc, test_logic);
    tcase_add_test(tc, test_cond_all);
    tcase_add_test(tc, test_carry);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(flags_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
