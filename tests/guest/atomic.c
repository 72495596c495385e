/* SPDX-License-Identifier: MIT */
/*
 * atomic.c - exclusives and LSE atomics: LDXR/STXR (all sizes), LDAXR/STLXR,
 * LDXP/STXP/LDAXP/STLXP, CLREX and the local monitor (B2.9), CAS/CASP and
 * LDADD/LDCLR/LDEOR/LDSET/LD[SU]MAX/LD[SU]MIN/SWP in every size and ordering,
 * and the ST<op> aliases. Results are checked against C models of the
 * read-modify-write (C6.2 pseudocode) run on plain loads and stores.
 */
#include "rt.h"

static uint64_t mem[8] ALIGNED(64);

/* ---- exclusives ------------------------------------------------------ */

/* Increment with an LDXR/STXR loop; count failed store-exclusives. */
static NOINLINE uint64_t xinc(uint64_t *p, unsigned n, unsigned *fails)
{
    uint64_t v;
    unsigned st, f = 0;

    for (unsigned i = 0; i < n; i++) {
        __asm__ volatile("1:\tldxr %0, [%2]\n\tadd %0, %0, #3\n\tstxr %w1, %0, [%2]\n\t"
                         "cbz %w1, 2f\n\tadd %w3, %w3, #1\n\tb 1b\n2:"
                         : "=&r"(v), "=&r"(st), "+r"(p), "+r"(f) : : "memory");
    }
    *fails = f;
    return v;
}

static void test_exclusives(void)
{
    unsigned fails, st;
    uint64_t v, v2;

    mem[0] = 100;
    v = xinc(&mem[0], 1000, &fails);
    check_eq("ldxr/stxr loop result", v, 3100);
    check_eq("ldxr/stxr loop memory", mem[0], 3100);
    /* Without interference the loop must eventually succeed; an
     * implementation may fail spuriously, so only print the count. */
    check_true("ldxr/stxr loop made progress", fails < 1000);

    /* STXR with the monitor in the Open Access state fails (B2.9.3). */
    mem[1] = 0x55;
    __asm__ volatile("clrex\n\tstxr %w0, %2, [%1]" : "=&r"(st) : "r"(&mem[1]), "r"(7ul)
                     : "memory");
    check_eq("stxr after clrex fails", st, 1);
    check_eq("stxr after clrex leaves memory", mem[1], 0x55);
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[1]), "r"(7ul) : "memory");
    check_eq("ldxr; clrex; stxr fails", st, 1);
    /* A second STXR after a successful one fails: the first cleared the monitor. */
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]\n\tstxr %w1, %4, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[1]), "r"(8ul), "r"(9ul) : "memory");
    check_eq("second stxr fails", st, 1);
    check_eq("second stxr memory", mem[1], 8);

    /* Sizes, with acquire/release, and the zero-extension of narrow loads. */
    mem[2] = 0x8899aabbccddeeffull;
    __asm__ volatile("ldxrb %w0, [%2]\n\tadd %w0, %w0, #1\n\tstxrb %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[2]) : "memory");
    check_eq("ldxrb/stxrb status", st, 0);
    __asm__ volatile("ldaxrh %w0, [%2]\n\teor %w0, %w0, #0xff\n\tstlxrh %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"((uint8_t *)&mem[2] + 2) : "memory");
    check_eq("ldaxrh/stlxrh status", st, 0);
    __asm__ volatile("ldaxr %w0, [%2]\n\tror %w0, %w0, #4\n\tstlxr %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"((uint8_t *)&mem[2] + 4) : "memory");
    check_eq("ldaxr w/stlxr w status", st, 0);
    /* model: byte0 ff+1 = 00; half at 2: ccdd ^ 00ff = cc22; word at 4: 8899aabb ror 4 */
    check_eq("narrow exclusives memory", mem[2], 0xb8899aabcc22ee00ull);

    /* Pairs: 64-bit and 32-bit, with acquire/release. */
    mem[4] = 0x1111111111111111ull;
    mem[5] = 0x2222222222222222ull;
    __asm__ volatile("ldxp %0, %1, [%3]\n\tstxp %w2, %1, %0, [%3]"
                     : "=&r"(v), "=&r"(v2), "=&r"(st) : "r"(&mem[4]) : "memory");
    check_eq("ldxp/stxp status", st, 0);
    check_true("ldxp/stxp swapped", mem[4] == 0x2222222222222222ull &&
                                        mem[5] == 0x1111111111111111ull && v == 0x1111111111111111ull);
    mem[6] = 0x00000002aaaaaaaaull;
    __asm__ volatile("ldaxp %w0, %w1, [%3]\n\tadd %w0, %w0, %w1\n\tstlxp %w2, %w0, %w1, [%3]"
                     : "=&r"(v), "=&r"(v2), "=&r"(st) : "r"(&mem[6]) : "memory");
    check_eq("ldaxp/stlxp w status", st, 0);
    check_eq("ldaxp/stlxp w memory", mem[6], 0x00000002aaaaaaacull);
    (void)v2;
}

/* ---- LSE ------------------------------------------------------------- */

typedef uint64_t (*AtFn)(uint64_t *p, uint64_t v);
typedef struct {
    const char *name;
    AtFn fn;
    int op, size;
} AtCase;

enum { OP_ADD, OP_CLR, OP_EOR, OP_SET, OP_SMAX, OP_SMIN, OP_UMAX, OP_UMIN, OP_SWP };

#define AT(name, insn)                                                        \
    static NOINLINE uint64_t name(uint64_t *p, uint64_t v)                    \
    {                                                                         \
        uint64_t r;                                                           \
        __asm__ volatile(insn : [r] "=&r"(r) : [p] "r"(p), [v] "r"(v) : "memory"); \
        return r;                                                             \
    }
/* Each op in all sizes; orderings rotate through none/A/L/AL. */
AT(ldadd_x, "ldadd %[v], %[r], [%[p]]")
AT(ldadda_w, "ldadda %w[v], %w[r], [%[p]]")
AT(ldaddlh, "ldaddlh %w[v], %w[r], [%[p]]")
AT(ldaddalb, "ldaddalb %w[v], %w[r], [%[p]]")
AT(ldclra_x, "ldclra %[v], %[r], [%[p]]")
AT(ldclrl_w, "ldclrl %w[v], %w[r], [%[p]]")
AT(ldclralh, "ldclralh %w[v], %w[r], [%[p]]")
AT(ldclrb, "ldclrb %w[v], %w[r], [%[p]]")
AT(ldeorl_x, "ldeorl %[v], %[r], [%[p]]")
AT(ldeoral_w, "ldeoral %w[v], %w[r], [%[p]]")
AT(ldeorh, "ldeorh %w[v], %w[r], [%[p]]")
AT(ldeorab, "ldeorab %w[v], %w[r], [%[p]]")
AT(ldsetal_x, "ldsetal %[v], %[r], [%[p]]")
AT(ldset_w, "ldset %w[v], %w[r], [%[p]]")
AT(ldsetah, "ldsetah %w[v], %w[r], [%[p]]")
AT(ldsetlb, "ldsetlb %w[v], %w[r], [%[p]]")
AT(ldsmax_x, "ldsmax %[v], %[r], [%[p]]")
AT(ldsmaxa_w, "ldsmaxa %w[v], %w[r], [%[p]]")
AT(ldsmaxlh, "ldsmaxlh %w[v], %w[r], [%[p]]")
AT(ldsmaxalb, "ldsmaxalb %w[v], %w[r], [%[p]]")
AT(ldsmina_x, "ldsmina %[v], %[r], [%[p]]")
AT(ldsminl_w, "ldsminl %w[v], %w[r], [%[p]]")
AT(ldsminalh, "ldsminalh %w[v], %w[r], [%[p]]")
AT(ldsminb, "ldsminb %w[v], %w[r], [%[p]]")
AT(ldumaxl_x, "ldumaxl %[v], %[r], [%[p]]")
AT(ldumaxal_w, "ldumaxal %w[v], %w[r], [%[p]]")
AT(ldumaxh, "ldumaxh %w[v], %w[r], [%[p]]")
AT(ldumaxab, "ldumaxab %w[v], %w[r], [%[p]]")
AT(lduminal_x, "lduminal %[v], %[r], [%[p]]")
AT(ldumin_w, "ldumin %w[v], %w[r], [%[p]]")
AT(lduminah, "lduminah %w[v], %w[r], [%[p]]")
AT(lduminlb, "lduminlb %w[v], %w[r], [%[p]]")
AT(swp_x, "swp %[v], %[r], [%[p]]")
AT(swpa_w, "swpa %w[v], %w[r], [%[p]]")
AT(swplh, "swplh %w[v], %w[r], [%[p]]")
AT(swpalb, "swpalb %w[v], %w[r], [%[p]]")
/* ST<op> aliases: Rt = XZR, no result. */
AT(stadd_x, "stadd %[v], [%[p]]\n\tmov %[r], xzr")
AT(stclrl_w, "stclrl %w[v], [%[p]]\n\tmov %[r], xzr")
AT(steorh, "steorh %w[v], [%[p]]\n\tmov %[r], xzr")
AT(stsetlb, "stsetlb %w[v], [%[p]]\n\tmov %[r], xzr")
AT(stsmax_x, "stsmax %[v], [%[p]]\n\tmov %[r], xzr")
AT(stuminl_w, "stuminl %w[v], [%[p]]\n\tmov %[r], xzr")

#define A(n, op, size) { #n, n, op, size }
static const AtCase at_cases[] = {
    A(ldadd_x, OP_ADD, 8), A(ldadda_w, OP_ADD, 4), A(ldaddlh, OP_ADD, 2),
    A(ldaddalb, OP_ADD, 1), A(ldclra_x, OP_CLR, 8), A(ldclrl_w, OP_CLR, 4),
    A(ldclralh, OP_CLR, 2), A(ldclrb, OP_CLR, 1), A(ldeorl_x, OP_EOR, 8),
    A(ldeoral_w, OP_EOR, 4), A(ldeorh, OP_EOR, 2), A(ldeorab, OP_EOR, 1),
    A(ldsetal_x, OP_SET, 8), A(ldset_w, OP_SET, 4), A(ldsetah, OP_SET, 2),
    A(ldsetlb, OP_SET, 1), A(ldsmax_x, OP_SMAX, 8), A(ldsmaxa_w, OP_SMAX, 4),
    A(ldsmaxlh, OP_SMAX, 2), A(ldsmaxalb, OP_SMAX, 1), A(ldsmina_x, OP_SMIN, 8),
    A(ldsminl_w, OP_SMIN, 4), A(ldsminalh, OP_SMIN, 2), A(ldsminb, OP_SMIN, 1),
    A(ldumaxl_x, OP_UMAX, 8), A(ldumaxal_w, OP_UMAX, 4), A(ldumaxh, OP_UMAX, 2),
    A(ldumaxab, OP_UMAX, 1), A(lduminal_x, OP_UMIN, 8), A(ldumin_w, OP_UMIN, 4),
    A(lduminah, OP_UMIN, 2), A(lduminlb, OP_UMIN, 1), A(swp_x, OP_SWP, 8),
    A(swpa_w, OP_SWP, 4), A(swplh, OP_SWP, 2), A(swpalb, OP_SWP, 1),
    A(stadd_x, OP_ADD | 0x100, 8), A(stclrl_w, OP_CLR | 0x100, 4),
    A(steorh, OP_EOR | 0x100, 2), A(stsetlb, OP_SET | 0x100, 1),
    A(stsmax_x, OP_SMAX | 0x100, 8), A(stuminl_w, OP_UMIN | 0x100, 4),
};

static uint64_t mask_of(int size)
{
    return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static int64_t sext(uint64_t v, int size)
{
    int sh = 64 - 8 * size;
    return (int64_t)(v << sh) >> sh;
}

static uint64_t model_op(int op, uint64_t old, uint64_t v, int size)
{
    uint64_t m = mask_of(size);

    old &= m;
    v &= m;
    switch (op & 0xff) {
    case OP_ADD: return (old + v) & m;
    case OP_CLR: return old & ~v;
    case OP_EOR: return old ^ v;
    case OP_SET: return old | v;
    case OP_SMAX: return sext(old, size) > sext(v, size) ? old : v;
    case OP_SMIN: return sext(old, size) < sext(v, size) ? old : v;
    case OP_UMAX: return old > v ? old : v;
    case OP_UMIN: return old < v ? old : v;
    default: return v;
    }
}

static const uint64_t at_vals[] = {
    0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x8000000000000000ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
    0x0123456789abcdefull, 0xfedcba9876543210ull,
};
#define NAV (sizeof(at_vals) / sizeof(at_vals[0]))

static void test_lse(void)
{
    for (unsigned n = 0; n < sizeof(at_cases) / sizeof(at_cases[0]); n++) {
        const AtCase *c = &at_cases[n];
        unsigned bad = 0;

        for (unsigned i = 0; i < NAV; i++) {
            for (unsigned j = 0; j < NAV; j++) {
                /* Operate on the middle element of a guarded region so that
                 * narrow ops touching their neighbours are caught too. */
                uint64_t guard = 0xa5a5a5a5a5a5a5a5ull, fill = at_vals[i], v = at_vals[j];
                uint8_t *p = (uint8_t *)&mem[3] + (8 - c->size) / 2 / c->size * c->size;
                uint64_t before[3], after[3], r, exp_r, exp_mem;

                mem[2] = guard;
                mem[3] = guard ^ 0xffff;
                mem[4] = guard;
                memcpy(p, &fill, (size_t)c->size);
                memcpy(before, &mem[2], sizeof(before));
                r = c->fn((uint64_t *)p, v | (c->size < 8 ? 0xdead000000000000ull : 0));
                memcpy(after, &mem[2], sizeof(after));

                exp_r = (c->op & 0x100) ? 0 : fill & mask_of(c->size);
                exp_mem = model_op(c->op, fill, v, c->size);
                memcpy((uint8_t *)before + (p - (uint8_t *)&mem[2]), &exp_mem,
                       (size_t)c->size);
                if (r != exp_r || memcmp(before, after, sizeof(before)) != 0) {
                    if (!bad) {
                        printf("  %s(mem=0x%lx, v=0x%lx): returned 0x%lx (model 0x%lx), "
                               "memory 0x%lx (model 0x%lx)\n", c->name, fill, v, r, exp_r,
                               after[1], before[1]);
                    }
                    bad++;
                }
            }
        }
        printf("%s %s\n", bad ? "FAIL" : "PASS", c->name);
        check_count(bad == 0);
    }
}

/* CAS: compare with Rs, store Rt if equal; Rs always gets the old value. */
#define CAS(name, insn)                                                             \
    static NOINLINE uint64_t name(uint64_t *p, uint64_t cmp, uint64_t v)            \
    {                                                                               \
        __asm__ volatile(insn : [s] "+&r"(cmp) : [p] "r"(p), [t] "r"(v) : "memory"); \
        return cmp;                                                                 \
    }
CAS(cas_x, "cas %[s], %[t], [%[p]]")
CAS(casa_w, "casa %w[s], %w[t], [%[p]]")
CAS(caslh, "caslh %w[s], %w[t], [%[p]]")
CAS(casalb, "casalb %w[s], %w[t], [%[p]]")
CAS(casal_x, "casal %[s], %[t], [%[p]]")
CAS(casl_w, "casl %w[s], %w[t], [%[p]]")
CAS(casah, "casah %w[s], %w[t], [%[p]]")
CAS(casb, "casb %w[s], %w[t], [%[p]]")

static void test_cas(void)
{
    static const struct {
        const char *name;
        uint64_t (*fn)(uint64_t *, uint64_t, uint64_t);
        int size;
    } cases[] = {
        { "cas_x", cas_x, 8 }, { "casa_w", casa_w, 4 }, { "caslh", caslh, 2 },
        { "casalb", casalb, 1 }, { "casal_x", casal_x, 8 }, { "casl_w", casl_w, 4 },
        { "casah", casah, 2 }, { "casb", casb, 1 },
    };

    for (unsigned n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
        unsigned bad = 0;
        int size = cases[n].size;
        uint64_t m = mask_of(size);

        for (unsigned i = 0; i < NAV; i++) {
            for (int eq = 0; eq < 2; eq++) {
                uint64_t old = at_vals[i], cmp = eq ? old : old ^ 0x11, nv = ~old;
                uint64_t r, exp_mem = (eq ? nv : old) & m;

                mem[0] = 0xa5a5a5a5a5a5a5a5ull;
                memcpy(&mem[0], &old, (size_t)size);
                /* For narrow sizes the high bits of Rs are ignored in the
                 * comparison (only the low bits are compared). */
                r = cases[n].fn(&mem[0], cmp | (size < 8 ? 0xbeef000000000000ull : 0), nv);
                if (r != (old & m) ||
                    (mem[0] & m) != exp_mem ||
                    (size < 8 && (mem[0] & ~m) != (0xa5a5a5a5a5a5a5a5ull & ~m))) {
                    if (!bad) {
                        printf("  %s(old=0x%lx, eq=%d): Rs=0x%lx memory 0x%lx\n",
                               cases[n].name, old, eq, r, mem[0]);
                    }
                    bad++;
                }
            }
        }
        printf("%s %s\n", bad ? "FAIL" : "PASS", cases[n].name);
        check_count(bad == 0);
    }

    /* CASP needs even/odd consecutive register pairs: pin them. */
    for (int eq = 0; eq < 2; eq++) {
        register uint64_t s0 __asm__("x4") = 0x1111 + !eq;
        register uint64_t s1 __asm__("x5") = 0x2222;
        register uint64_t t0 __asm__("x6") = 0x3333;
        register uint64_t t1 __asm__("x7") = 0x4444;
        mem[4] = 0x1111;
        mem[5] = 0x2222;
        __asm__ volatile("caspal x4, x5, x6, x7, [%[p]]"
                         : "+r"(s0), "+r"(s1) : [p] "r"(&mem[4]), "r"(t0), "r"(t1) : "memory");
        check_true(eq ? "caspal equal" : "caspal not equal",
                   s0 == 0x1111 && s1 == 0x2222 &&
                   mem[4] == (eq ? 0x3333u : 0x1111u) && mem[5] == (eq ? 0x4444u : 0x2222u));
    }
    {
        register uint64_t s0 __asm__("x8") = 0xffffffff00000001ull;
        register uint64_t s1 __asm__("x9") = 0xffffffff00000002ull;
        register uint64_t t0 __asm__("x10") = 0x5;
        register uint64_t t1 __asm__("x11") = 0x6;
        mem[6] = 0x0000000200000001ull;
        __asm__ volatile("casp w8, w9, w10, w11, [%[p]]"
                         : "+r"(s0), "+r"(s1) : [p] "r"(&mem[6]), "r"(t0), "r"(t1) : "memory");
        check_true("casp w", s0 == 1 && s1 == 2 && mem[6] == 0x0000000600000005ull);
    }
}

/* Without FEAT_LSE (ID_AA64ISAR0_EL1.Atomic < 2, e.g. -cpu cortex-a57) the
 * LSE encodings are unallocated: one must raise UNDEFINED. */
static volatile unsigned undef_seen;

static ExcAction undef_hook(ExcFrame *f, unsigned kind)
{
    exc_print(f, kind);
    undef_seen += esr_ec(f->esr) == 0;
    return EXC_ACT_SKIP;
}

int main(void)
{
    unsigned lse = (unsigned)(READ_SYSREG(id_aa64isar0_el1) >> 20) & 0xf;

    test_exclusives();
    if (lse >= 2) {
        printf("FEAT_LSE implemented\n");
        test_lse();
        test_cas();
    } else {
        printf("FEAT_LSE not implemented: LSE encodings must be UNDEFINED\n");
        exc_set_hook(undef_hook);
        ldadd_x(&mem[0], 1);
        casal_x(&mem[0], 0, 1);
        swpalb((uint64_t *)&mem[0], 1);
        exc_set_hook(NULL);
        check_eq("UNDEFINED LSE instructions", undef_seen, 3);
    }
    return 0;
}
