/* SPDX-License-Identifier: MIT */
/*
 * test_decode.c - checks the generated decoder (tools/decodetree.py) against
 * its own pattern table: every row decodes to itself (or to an earlier row
 * of the same { } overlap group), the decision tree agrees with a linear
 * first-match scan on random words, and known encodings reach the pattern
 * the .decode files name for them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64_decode.h"

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_next(uint64_t *st)
{
    uint64_t x = *st;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *st = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* The reference semantics of a64_decode_match(): first row in table order. */
static int linear_match(uint32_t insn)
{
    for (unsigned i = 0; i < a64_pattern_count; i++) {
        if ((insn & a64_patterns[i].mask) == a64_patterns[i].value) {
            return (int)i;
        }
    }
    return -1;
}

static int find_pattern(const char *name)
{
    for (unsigned i = 0; i < a64_pattern_count; i++) {
        if (strcmp(a64_patterns[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

START_TEST(test_table_sane)
{
    ck_assert_msg(a64_pattern_count > 0, "decoder has no patterns");
    ck_assert_ptr_null(a64_patterns[a64_pattern_count].name);
    for (unsigned i = 0; i < a64_pattern_count; i++) {
        const A64PatternInfo *p = &a64_patterns[i];
        ck_assert_ptr_nonnull(p->name);
        ck_assert_ptr_nonnull(p->where);
        ck_assert_msg((p->value & ~p->mask) == 0, "%s (%s): value 0x%08x outside mask 0x%08x",
                      p->name, p->where, p->value, p->mask);
        for (unsigned j = 0; j < i; j++) {
            ck_assert_msg(strcmp(a64_patterns[j].name, p->name) != 0,
                          "duplicate pattern name %s", p->name);
        }
    }
}
END_TEST

/* Each row, filled with random don't-care bits, must decode to itself or to
 * an earlier row it is allowed to overlap (same { } group). */
START_TEST(test_every_row)
{
    unsigned self_hits = 0;
    for (unsigned i = 0; i < a64_pattern_count; i++) {
        const A64PatternInfo *p = &a64_patterns[i];
        uint64_t st = 0x9e3779b97f4a7c15ull ^ ((uint64_t)i << 32) ^ i;
        bool hit_self = false;
        for (int k = 0; k < 64; k++) {
            uint32_t fill = (uint32_t)(rng_next(&st) >> 32);
            /* A few all-zero / all-one fills hit the boundary values. */
            if (k == 0) {
                fill = 0;
            } else if (k == 1) {
                fill = ~0u;
            }
            uint32_t insn = p->value | (fill & ~p->mask);
            int r = a64_decode_match(insn);
            int want = linear_match(insn);
            ck_assert_msg(r == want, "insn 0x%08x (from %s, %s): tree gives %d (%s), table order %d (%s)",
                          insn, p->name, p->where, r, r >= 0 ? a64_patterns[r].name : "none",
                          want, want >= 0 ? a64_patterns[want].name : "none");
            ck_assert_msg(r >= 0 && r <= (int)i, "insn 0x%08x (from %s) decodes to row %d", insn,
                          p->name, r);
            if (r == (int)i) {
                hit_self = true;
            } else {
                ck_assert_msg(p->group >= 0 && a64_patterns[r].group == p->group,
                              "insn 0x%08x of %s (%s) taken by %s (%s) outside a { } group",
                              insn, p->name, p->where, a64_patterns[r].name,
                              a64_patterns[r].where);
            }
        }
        /* A row wholly shadowed by earlier rows is legal but usually a bug;
         * report it without failing (random fill may just miss it). */
        if (!hit_self) {
            printf("test_decode: note: %s (%s) never reached in 64 samples\n", p->name, p->where);
        } else {
            self_hits++;
        }
    }
    ck_assert_uint_gt(self_hits, 0);
}
END_TEST

/* Arbitrary words: the decision tree must agree with the linear scan,
 * including on unallocated encodings (-1). */
START_TEST(test_random_words)
{
    uint64_t st = 0x123456789abcdefull;
    for (int k = 0; k < 300000; k++) {
        uint32_t insn = (uint32_t)(rng_next(&st) >> 32);
        int r = a64_decode_match(insn);
        int want = linear_match(insn);
        ck_assert_msg(r == want, "insn 0x%08x: tree gives %d (%s), table order %d (%s)", insn, r,
                      r >= 0 ? a64_patterns[r].name : "none", want,
                      want >= 0 ? a64_patterns[want].name : "none");
    }
}
END_TEST

/* Known encodings (assembled with aarch64-linux-gnu-as). names lists the
 * acceptable pattern names, '|'-separated; if the tables define none of
 * them yet, the check is skipped with a note. */
static const struct {
    uint32_t insn;
    const char *names;
    const char *text;
} known[] = {
    { 0x8b020020, "ADD_r", "add x0, x1, x2" },
    { 0x0b020020, "ADD_r", "add w0, w1, w2" },
    { 0x91000420, "ADD_i", "add x0, x1, #1" },
    { 0xf1000c3f, "SUBS_i", "cmp x1, #3" },
    { 0x8b224020, "ADD_x", "add x0, x1, w2, uxtw" },
    { 0xeb02003f, "SUBS_r", "cmp x1, x2" },
    { 0xaa0203e1, "ORR_r", "mov x1, x2" },
    { 0xb2400c20, "ORR_i", "orr x0, x1, #0xf" },
    { 0xd2800020, "MOVZ", "mov x0, #1" },
    { 0x92800000, "MOVN", "mov x0, #-1" },
    { 0xf2a00020, "MOVK", "movk x0, #1, lsl #16" },
    { 0x93407c00, "SBFM", "sxtw x0, w0" },
    { 0xd3607c00, "UBFM", "lsl x0, x0, #32" },
    { 0x93c20820, "EXTR", "extr x0, x1, x2, #2" },
    { 0x90000000, "ADRP", "adrp x0, ." },
    { 0x10000020, "ADR", "adr x0, .+4" },
    { 0x1a9f17e0, "CSINC", "cset w0, eq" },
    { 0x9a820020, "CSEL", "csel x0, x1, x2, eq" },
    { 0x9ac20c20, "SDIV", "sdiv x0, x1, x2" },
    { 0x9b020c20, "MADD", "madd x0, x1, x2, x3" },
    { 0x9bc27c20, "UMULH", "umulh x0, x1, x2" },
    { 0x5ac01020, "CLZ", "clz w0, w1" },
    { 0xdac00c20, "REV64|REV", "rev x0, x1" },
    { 0x9a020020, "ADC", "adc x0, x1, x2" },
    { 0xfa42a820, "CCMP_i", "ccmp x1, #2, #0, ge" },
    { 0x14000001, "B", "b .+4" },
    { 0x94000001, "BL", "bl .+4" },
    { 0x54000040, "B_cond", "b.eq .+8" },
    { 0xb4000040, "CBZ", "cbz x0, .+8" },
    { 0x35000040, "CBNZ", "cbnz w0, .+8" },
    { 0x36080040, "TBZ", "tbz w0, #1, .+8" },
    { 0xd61f0020, "BR", "br x1" },
    { 0xd63f0020, "BLR", "blr x1" },
    { 0xd65f03c0, "RET", "ret" },
    { 0xf9400020, "LDR_x_u", "ldr x0, [x1]" },
    { 0xb9000020, "STR_w_u", "str w0, [x1]" },
    { 0xf8627820, "LDR_x_r", "ldr x0, [x1, x2, lsl #3]" },
    { 0xa9bf7bfd, "STP_x_pre", "stp x29, x30, [sp, #-16]!" },
    { 0x58000040, "LDR_x_lit", "ldr x0, .+8" },
    { 0xc85f7c20, "LDXR", "ldxr x0, [x1]" },
    { 0xc8027c20, "STXR", "stxr w2, x0, [x1]" },
    { 0xf8200020, "LDADD", "ldadd x0, x0, [x1]" },
    { 0xc8a07c22, "CAS", "cas x0, x2, [x1]" },
    { 0xd503201f, "NOP|HINT", "nop" },
    { 0xd4000001, "SVC", "svc #0" },
    { 0xd5033f9f, "DSB", "dsb sy" },
    { 0xd53b4200, "MRS", "mrs x0, nzcv" },
    { 0xd51b4200, "MSR_r", "msr nzcv, x0" },
    { 0xd50342df, "MSR_i_DAIFSET", "msr daifset, #2" },
    { 0xd69f03e0, "ERET", "eret" },
    { 0xd503203f, "YIELD", "yield" },
    { 0xd503207f, "WFI", "wfi" },
    { 0xd5033fdf, "ISB", "isb" },
    { 0xd5033f5f, "CLREX", "clrex" },
    { 0xd4200000, "BRK", "brk #0" },
    { 0xd50b7e20, "SYS", "dc civac, x0" },
    { 0x38401420, "LDRB_post", "ldrb w0, [x1], #1" },
    { 0xf8408c20, "LDR_x_pre", "ldr x0, [x1, #8]!" },
    { 0x39800020, "LDRSB_x_u", "ldrsb x0, [x1]" },
    { 0xb8a0c820, "LDRSW_r", "ldrsw x0, [x1, w0, sxtw]" },
    { 0xf85f8020, "LDUR_x", "ldur x0, [x1, #-8]" },
    { 0x29400820, "LDP_w", "ldp w0, w2, [x1]" },
    { 0x69c00820, "LDPSW_pre", "ldpsw x0, x2, [x1, #0]!" },
    { 0xf9800020, "PRFM_u", "prfm pldl1keep, [x1]" },
    { 0xc8dffc20, "LDAR", "ldar x0, [x1]" },
    { 0xc89ffc20, "STLR", "stlr x0, [x1]" },
    { 0xc87f0c20, "LDXP", "ldxp x0, x3, [x1]" },
    { 0xf8a08020, "SWP", "swpa x0, x0, [x1]" },
    { 0x08207c82, "CASP", "casp w0, w1, w2, w3, [x4]" },
    { 0xf8bfc020, "LDAPR", "ldapr x0, [x1]" },
    { 0x9ac24c20, "CRC32", "crc32x w0, w1, x2" },
    { 0xd500401f, "CFINV", "cfinv" },
};

START_TEST(test_known_encodings)
{
    unsigned checked = 0;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        char buf[128];
        bool defined = false, ok = false;
        snprintf(buf, sizeof(buf), "%s", known[i].names);
        int r = a64_decode_match(known[i].insn);
        const char *got = r >= 0 ? a64_patterns[r].name : "(none)";
        for (char *save = NULL, *n = strtok_r(buf, "|", &save); n; n = strtok_r(NULL, "|", &save)) {
            if (find_pattern(n) >= 0) {
                defined = true;
                ok |= strcmp(got, n) == 0;
            }
        }
        if (!defined) {
            printf("test_decode: skip 0x%08x (%s): no pattern named %s yet\n", known[i].insn,
                   known[i].text, known[i].names);
            continue;
        }
        ck_assert_msg(ok, "0x%08x (%s) decodes to %s, expected %s", known[i].insn, known[i].text,
                      got, known[i].names);
        checked++;
    }
    printf("test_decode: %u known encodings checked\n", checked);
    ck_assert_uint_gt(checked, 0);
}
END_TEST

static Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_table_sane);
    tcase_add_test(tc, test_every_row);
    tcase_add_test(tc, test_random_words);
    tcase_add_test(tc, test_known_encodings);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decode_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
