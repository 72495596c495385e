/* SPDX-License-Identifier: MIT */
/*
 * branch.c - branches and conditional operations: B.cond and CSEL/CSINC/
 * CSINV/CSNEG/CCMP/CCMN for all 16 conditions and all 16 NZCV values,
 * CBZ/CBNZ/TBZ/TBNZ, BL/BLR/BR/RET (incl. RET Xn), jump tables, recursion
 * and long loops (block chaining). Checked against ConditionHolds() from the
 * Arm ARM (J1.2.4 shared/functions/system) written in C here.
 */
#include "rt.h"

#define NF_N (1ull << 31)
#define NF_Z (1ull << 30)
#define NF_C (1ull << 29)
#define NF_V (1ull << 28)

static int cond_holds(unsigned cond, uint64_t f)
{
    int n = !!(f & NF_N), z = !!(f & NF_Z), c = !!(f & NF_C), v = !!(f & NF_V), r;

    switch (cond >> 1) {
    case 0: r = z; break;              /* EQ/NE */
    case 1: r = c; break;              /* CS/CC */
    case 2: r = n; break;              /* MI/PL */
    case 3: r = v; break;              /* VS/VC */
    case 4: r = c && !z; break;        /* HI/LS */
    case 5: r = n == v; break;         /* GE/LT */
    case 6: r = n == v && !z; break;   /* GT/LE */
    default: r = 1; break;             /* AL/NV */
    }
    if ((cond & 1) && cond != 15) {
        r = !r;
    }
    return r;
}

static uint64_t sub_flags(uint64_t a, uint64_t b, int w)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull, sign = 1ull << (w - 1);
    uint64_t r = (a - b) & mask;
    int c = (a & mask) >= (b & mask);
    int v = (((a ^ b) & (a ^ r)) & sign) != 0;
    return ((r & sign) ? NF_N : 0) | (r == 0 ? NF_Z : 0) | (c ? NF_C : 0) | (v ? NF_V : 0);
}

static uint64_t add_flags(uint64_t a, uint64_t b, int w)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull, sign = 1ull << (w - 1);
    uint64_t r = (a + b) & mask;
    int c = w == 64 ? r < a : (((a & mask) + (b & mask)) >> 32) != 0;
    int v = ((~(a ^ b) & (a ^ r)) & sign) != 0;
    return ((r & sign) ? NF_N : 0) | (r == 0 ? NF_Z : 0) | (c ? NF_C : 0) | (v ? NF_V : 0);
}

typedef struct {
    uint64_t (*bcond)(uint64_t f);
    uint64_t (*csel)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*csinc)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*csinv)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*csneg)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*ccmp)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*ccmn)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*ccmp_i)(uint64_t f, uint64_t a, uint64_t b);
    uint64_t (*cset)(uint64_t f, uint64_t a, uint64_t b);
} CondFns;

#define CSX(name, insn, cc)                                                          \
    static NOINLINE uint64_t name##_##cc(uint64_t f, uint64_t a, uint64_t b)         \
    {                                                                                \
        uint64_t r;                                                                  \
        __asm__ volatile("msr nzcv, %[f]\n\t" insn " " #cc                           \
                         : [r] "=r"(r) : [f] "r"(f), [a] "r"(a), [b] "r"(b) : "cc"); \
        return r;                                                                    \
    }
#define CCX(name, insn, cc)                                                          \
    static NOINLINE uint64_t name##_##cc(uint64_t f, uint64_t a, uint64_t b)         \
    {                                                                                \
        uint64_t r;                                                                  \
        __asm__ volatile("msr nzcv, %[f]\n\t" insn ", " #cc "\n\tmrs %[r], nzcv"     \
                         : [r] "=r"(r) : [f] "r"(f), [a] "r"(a), [b] "r"(b) : "cc"); \
        return r;                                                                    \
    }
#define COND(cc)                                                                     \
    static NOINLINE uint64_t bcond_##cc(uint64_t f)                                  \
    {                                                                                \
        uint64_t r;                                                                  \
        __asm__ volatile("msr nzcv, %1\n\tb." #cc " 1f\n\tmov %0, #0\n\tb 2f\n"     \
                         "1:\tmov %0, #1\n2:"                                        \
                         : "=r"(r) : "r"(f) : "cc");                                 \
        return r;                                                                    \
    }                                                                                \
    CSX(csel, "csel %[r], %[a], %[b],", cc)                                          \
    CSX(csinc, "csinc %w[r], %w[a], %w[b],", cc)                                     \
    CSX(csinv, "csinv %[r], %[a], %[b],", cc)                                        \
    CSX(csneg, "csneg %w[r], %w[a], %w[b],", cc)                                     \
    CSX(cset, "csinc %[r], xzr, xzr,", cc)                                                      \
    CCX(ccmp, "ccmp %[a], %[b], #0b1010", cc)                                        \
    CCX(ccmn, "ccmn %w[a], %w[b], #0b0101", cc)                                      \
    CCX(ccmp_i, "ccmp %w[a], #17, #0b0011", cc)
#define CF(cc) { bcond_##cc, csel_##cc, csinc_##cc, csinv_##cc, csneg_##cc, ccmp_##cc,  \
                 ccmn_##cc, ccmp_i_##cc, cset_##cc }

COND(eq) COND(ne) COND(cs) COND(cc) COND(mi) COND(pl) COND(vs) COND(vc)
COND(hi) COND(ls) COND(ge) COND(lt) COND(gt) COND(le) COND(al) COND(nv)

static const CondFns conds[16] = {
    CF(eq), CF(ne), CF(cs), CF(cc), CF(mi), CF(pl), CF(vs), CF(vc),
    CF(hi), CF(ls), CF(ge), CF(lt), CF(gt), CF(le), CF(al), CF(nv),
};
static const char *const cond_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
    "al", "nv",
};

static const uint64_t operands[] = {
    0, 1, 17, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff00000011ull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0x7fffffffffffffffull,
};
#define NOPS (sizeof(operands) / sizeof(operands[0]))

static void test_conditions(void)
{
    for (unsigned cc = 0; cc < 16; cc++) {
        unsigned bad = 0;

        for (uint64_t fl = 0; fl < 16; fl++) {
            uint64_t f = fl << 28;
            int h = cond_holds(cc, f);
            const CondFns *c = &conds[cc];

            bad += c->bcond(f) != (uint64_t)h;
            bad += c->cset(f, 0, 0) != (uint64_t)!h;   /* CSET is CSINC Xd, XZR, XZR, invert(cond) */
            for (unsigned i = 0; i < NOPS; i++) {
                for (unsigned j = 0; j < NOPS; j++) {
                    uint64_t a = operands[i], b = operands[j];

                    bad += c->csel(f, a, b) != (h ? a : b);
                    bad += c->csinc(f, a, b) != (uint32_t)(h ? a : b + 1);
                    bad += c->csinv(f, a, b) != (h ? a : ~b);
                    bad += c->csneg(f, a, b) != (uint32_t)(h ? a : -b);
                    bad += c->ccmp(f, a, b) != (h ? sub_flags(a, b, 64) : 0xaull << 28);
                    bad += c->ccmn(f, a, b) != (h ? add_flags(a, b, 32) : 0x5ull << 28);
                    bad += c->ccmp_i(f, a, b) != (h ? sub_flags(a, 17, 32) : 0x3ull << 28);
                }
            }
        }
        printf("%s cond %s: b.cond cset csel csinc csinv csneg ccmp ccmn\n",
               bad ? "FAIL" : "PASS", cond_names[cc]);
        check_count(bad == 0);
    }
}

/* CBZ/CBNZ/TBZ/TBNZ: 1 when the branch is taken. */
#define BR1(name, insn)                                                             \
    static NOINLINE uint64_t name(uint64_t x)                                       \
    {                                                                               \
        uint64_t r;                                                                 \
        __asm__ volatile(insn ", 1f\n\tmov %0, #0\n\tb 2f\n1:\tmov %0, #1\n2:"     \
                         : "=r"(r) : "r"(x));                                       \
        return r;                                                                   \
    }
BR1(cbz_w, "cbz %w1")
BR1(cbz_x, "cbz %1")
BR1(cbnz_w, "cbnz %w1")
BR1(cbnz_x, "cbnz %1")
BR1(tbz_0, "tbz %1, #0")
BR1(tbnz_31, "tbnz %w1, #31")
BR1(tbz_32, "tbz %1, #32")
BR1(tbnz_63, "tbnz %1, #63")

static void test_compare_branches(void)
{
    unsigned bad = 0;

    for (unsigned i = 0; i < NOPS; i++) {
        uint64_t x = operands[i];

        bad += cbz_w(x) != ((uint32_t)x == 0);
        bad += cbz_x(x) != (x == 0);
        bad += cbnz_w(x) != ((uint32_t)x != 0);
        bad += cbnz_x(x) != (x != 0);
        bad += tbz_0(x) != !(x & 1);
        bad += tbnz_31(x) != !!((x >> 31) & 1);
        bad += tbz_32(x) != !((x >> 32) & 1);
        bad += tbnz_63(x) != (x >> 63);
    }
    check_eq("cbz/cbnz/tbz/tbnz mismatches", bad, 0);
}

/* BL sets X30 to the next instruction; RET Xn returns through any register. */
static void test_links(void)
{
    uint64_t lr, label, r;

    __asm__ volatile("bl 1f\n1:\tmov %0, x30\n\tadr %1, 1b" : "=r"(lr), "=r"(label) : : "x30");
    check_true("bl writes the return address to x30", lr == label);

    __asm__ volatile("adr x5, 1f\n\tmov %0, #1\n\tret x5\n\tmov %0, #2\n1:"
                     : "=&r"(r) : : "x5");
    check_eq("ret x5", r, 1);

    __asm__ volatile("adr x16, 1f\n\tmov %0, #3\n\tbr x16\n\tmov %0, #4\n1:"
                     : "=&r"(r) : : "x16");
    check_eq("br x16", r, 3);

    __asm__ volatile("adr x17, 1f\n\tmov %0, #5\n\tblr x17\n\tb 2f\n1:\tadd %0, %0, #10\n\t"
                     "ret\n2:"
                     : "=&r"(r) : : "x17", "x30");
    check_eq("blr x17 and ret", r, 15);
}

static NOINLINE unsigned ack(unsigned m, unsigned n)
{
    if (m == 0) {
        return n + 1;
    }
    if (n == 0) {
        return ack(m - 1, 1);
    }
    return ack(m - 1, ack(m, n - 1));
}

static NOINLINE uint64_t fib_rec(unsigned n)
{
    return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2);
}

typedef uint64_t (*Fn)(uint64_t);
static NOINLINE uint64_t f_dbl(uint64_t x) { return x * 2; }
static NOINLINE uint64_t f_inc(uint64_t x) { return x + 1; }
static NOINLINE uint64_t f_sq(uint64_t x) { return x * x; }
static NOINLINE uint64_t f_neg(uint64_t x) { return -x; }
static Fn volatile fns[4] = { f_dbl, f_inc, f_sq, f_neg };

/* A dense switch: GCC compiles it to a jump table and BR. */
static NOINLINE uint64_t dispatch(unsigned op, uint64_t x)
{
    switch (op) {
    case 0: return x + 3;
    case 1: return x ^ 0x55;
    case 2: return x << 3;
    case 3: return x - 7;
    case 4: return x * 5;
    case 5: return x >> 1;
    case 6: return ~x;
    case 7: return x | 0x100;
    case 8: return x & 0xff0;
    case 9: return x + x;
    default: return 0;
    }
}

int main(void)
{
    uint64_t acc = 0, seed = 12345;

    test_conditions();
    test_compare_branches();
    test_links();

    /* Ackermann(2,3) = 9, Ackermann(3,3) = 61 (definition). */
    check_eq("ack(2,3)", ack(2, 3), 9);
    check_eq("ack(3,3)", ack(3, 3), 61);
    check_eq("fib_rec(20)", fib_rec(20), 6765);

    for (unsigned i = 0; i < 1000; i++) {
        acc = fns[i & 3](acc + i);
    }
    show("indirect call chain", acc);

    acc = 1;
    for (unsigned i = 0; i < 100000; i++) {
        acc = dispatch((unsigned)(rng_next(&seed) % 11), acc);
    }
    show("jump table dispatch", acc);

    /* A long counted loop: sum of i*i for i < 2^20 = (n-1)n(2n-1)/6. */
    uint64_t s = 0, n = 1u << 20;
    for (uint64_t i = 0; i < n; i++) {
        s += i * i;
    }
    check_eq("sum of squares", s, (n - 1) * n * (2 * n - 1) / 6);
    return 0;
}
