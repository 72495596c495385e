/* SPDX-License-Identifier: MIT */
/*
 * ldst.c - loads and stores in every addressing mode (C6.1.3): unsigned
 * offset, unscaled, pre/post-index (writeback), register offset with
 * LSL/UXTW/SXTW/SXTX, literal, pairs (incl. LDPSW, LDNP/STNP), unprivileged
 * (LDTR/STTR), acquire/release (LDAR/STLR/LDAPR), every size and sign
 * extension, PRFM. All accesses are naturally aligned: with the MMU off data
 * accesses are Device memory, where unaligned accesses fault.
 *
 * Each load is checked against a byte-by-byte C model of the buffer; each
 * store is applied to a shadow copy by the model and the buffers compared.
 */
#include "rt.h"

#define BUF 512
static uint8_t buf[BUF] ALIGNED(64);
static uint8_t shadow[BUF] ALIGNED(64);

static uint64_t rd(uint64_t addr, int size)
{
    const volatile uint8_t *p = (const volatile uint8_t *)addr;
    uint64_t v = 0;

    for (int i = size - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static uint64_t sx(uint64_t v, int bits)
{
    return bits == 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

#define W(x) ((uint64_t)(uint32_t)(x))
#define SW(x) ((uint64_t)(int64_t)(int32_t)(x))

typedef uint64_t (*LdFn)(uint64_t b, uint64_t i, uint64_t *wb);
typedef struct {
    const char *name;
    LdFn fn, model;
    int scale;       /* index values are k * scale */
    int signed_ok;   /* negative k allowed */
} LdCase;

/* %[r] result, %[b] base (in/out for writeback), %[i] index register. */
#define LD(name, insn, val, wbexpr)                                                 \
    static NOINLINE uint64_t a_##name(uint64_t b, uint64_t i, uint64_t *wb)         \
    {                                                                               \
        uint64_t r, bb = b;                                                         \
        __asm__ volatile(insn : [r] "=&r"(r), [b] "+r"(bb) : [i] "r"(i) : "memory"); \
        *wb = bb;                                                                   \
        return r;                                                                   \
    }                                                                               \
    static uint64_t m_##name(uint64_t b, uint64_t i, uint64_t *wb)                  \
    {                                                                               \
        *wb = (wbexpr);                                                             \
        return (val);                                                               \
    }

/* unsigned offset */
LD(ldrb_uoff, "ldrb %w[r], [%[b], #37]", rd(b + 37, 1), b)
LD(ldrh_uoff, "ldrh %w[r], [%[b], #86]", rd(b + 86, 2), b)
LD(ldrw_uoff, "ldr %w[r], [%[b], #124]", rd(b + 124, 4), b)
LD(ldrx_uoff, "ldr %[r], [%[b], #248]", rd(b + 248, 8), b)
LD(ldrsbx_uoff, "ldrsb %[r], [%[b], #5]", sx(rd(b + 5, 1), 8), b)
LD(ldrsbw_uoff, "ldrsb %w[r], [%[b], #200]", W(sx(rd(b + 200, 1), 8)), b)
LD(ldrshx_uoff, "ldrsh %[r], [%[b], #34]", sx(rd(b + 34, 2), 16), b)
LD(ldrshw_uoff, "ldrsh %w[r], [%[b], #2]", W(sx(rd(b + 2, 2), 16)), b)
LD(ldrsw_uoff, "ldrsw %[r], [%[b], #12]", sx(rd(b + 12, 4), 32), b)
/* unscaled */
LD(ldurx, "ldur %[r], [%[b], #-8]", rd(b - 8, 8), b)
LD(ldurw, "ldur %w[r], [%[b], #-252]", rd(b - 252, 4), b)
LD(ldurb, "ldurb %w[r], [%[b], #-3]", rd(b - 3, 1), b)
LD(ldursh, "ldursh %[r], [%[b], #-2]", sx(rd(b - 2, 2), 16), b)
LD(ldursbw, "ldursb %w[r], [%[b], #255]", W(sx(rd(b + 255, 1), 8)), b)
LD(ldursw, "ldursw %[r], [%[b], #-12]", sx(rd(b - 12, 4), 32), b)
/* pre-index */
LD(ldrx_pre, "ldr %[r], [%[b], #16]!", rd(b + 16, 8), b + 16)
LD(ldrb_pre, "ldrb %w[r], [%[b], #-1]!", rd(b - 1, 1), b - 1)
LD(ldrsw_pre, "ldrsw %[r], [%[b], #-4]!", sx(rd(b - 4, 4), 32), b - 4)
LD(ldrshw_pre, "ldrsh %w[r], [%[b], #-256]!", W(sx(rd(b - 256, 2), 16)), b - 256)
/* post-index */
LD(ldrw_post, "ldr %w[r], [%[b]], #-4", rd(b, 4), b - 4)
LD(ldrh_post, "ldrh %w[r], [%[b]], #2", rd(b, 2), b + 2)
LD(ldrsbx_post, "ldrsb %[r], [%[b]], #255", sx(rd(b, 1), 8), b + 255)
LD(ldrx_post, "ldr %[r], [%[b]], #-256", rd(b, 8), b - 256)
/* register offset */
LD(ldrx_lsl3, "ldr %[r], [%[b], %[i], lsl #3]", rd(b + (i << 3), 8), b)
LD(ldrx_reg, "ldr %[r], [%[b], %[i]]", rd(b + i, 8), b)
LD(ldrw_uxtw2, "ldr %w[r], [%[b], %w[i], uxtw #2]", rd(b + (W(i) << 2), 4), b)
LD(ldrw_sxtw, "ldr %w[r], [%[b], %w[i], sxtw]", rd(b + SW(i), 4), b)
LD(ldrh_sxtx1, "ldrh %w[r], [%[b], %[i], sxtx #1]", rd(b + (i << 1), 2), b)
LD(ldrsbx_sxtw, "ldrsb %[r], [%[b], %w[i], sxtw]", sx(rd(b + SW(i), 1), 8), b)
LD(ldrb_lsl0, "ldrb %w[r], [%[b], %[i], lsl #0]", rd(b + i, 1), b)
LD(ldrsw_uxtw2, "ldrsw %[r], [%[b], %w[i], uxtw #2]", sx(rd(b + (W(i) << 2), 4), 32), b)
LD(ldrshx_sxtw1, "ldrsh %[r], [%[b], %w[i], sxtw #1]", sx(rd(b + (SW(i) << 1), 2), 16), b)
/* unprivileged (at EL1 with the MMU off, an ordinary access) */
LD(ldtrx, "ldtr %[r], [%[b], #8]", rd(b + 8, 8), b)
LD(ldtrsb, "ldtrsb %[r], [%[b], #-7]", sx(rd(b - 7, 1), 8), b)
LD(ldtrh, "ldtrh %w[r], [%[b], #-64]", rd(b - 64, 2), b)
/* acquire */
LD(ldar, "ldar %[r], [%[b]]", rd(b, 8), b)
LD(ldarw, "ldar %w[r], [%[b]]", rd(b, 4), b)
LD(ldarh, "ldarh %w[r], [%[b]]", rd(b, 2), b)
LD(ldarb, "ldarb %w[r], [%[b]]", rd(b, 1), b)
LD(ldapr, "ldapr %[r], [%[b]]", rd(b, 8), b)
LD(ldaprb, "ldaprb %w[r], [%[b]]", rd(b, 1), b)
/* pairs: return r ^ rotated second register */
#define ROT(x) (((x) << 13) | ((x) >> 51))
#define LDP(name, insn, v1, v2, wbexpr)                                              \
    static NOINLINE uint64_t a_##name(uint64_t b, uint64_t i, uint64_t *wb)          \
    {                                                                                \
        uint64_t r, r2, bb = b;                                                      \
        __asm__ volatile(insn : [r] "=&r"(r), [r2] "=&r"(r2), [b] "+r"(bb)           \
                         : [i] "r"(i) : "memory");                                   \
        *wb = bb;                                                                    \
        return r ^ ROT(r2);                                                          \
    }                                                                                \
    static uint64_t m_##name(uint64_t b, uint64_t i, uint64_t *wb)                   \
    {                                                                                \
        uint64_t x1 = (v1), x2 = (v2);                                               \
        *wb = (wbexpr);                                                              \
        return x1 ^ ROT(x2);                                                         \
    }
LDP(ldpx, "ldp %[r], %[r2], [%[b], #16]", rd(b + 16, 8), rd(b + 24, 8), b)
LDP(ldpw_pre, "ldp %w[r], %w[r2], [%[b], #-8]!", rd(b - 8, 4), rd(b - 4, 4), b - 8)
LDP(ldpx_post, "ldp %[r], %[r2], [%[b]], #32", rd(b, 8), rd(b + 8, 8), b + 32)
LDP(ldpx_neg, "ldp %[r], %[r2], [%[b], #-256]", rd(b - 256, 8), rd(b - 248, 8), b)
LDP(ldpsw, "ldpsw %[r], %[r2], [%[b], #8]", sx(rd(b + 8, 4), 32), sx(rd(b + 12, 4), 32), b)
LDP(ldpsw_post, "ldpsw %[r], %[r2], [%[b]], #-252", sx(rd(b, 4), 32), sx(rd(b + 4, 4), 32),
    b - 252)
LDP(ldnpx, "ldnp %[r], %[r2], [%[b], #-16]", rd(b - 16, 8), rd(b - 8, 8), b)
LDP(ldnpw, "ldnp %w[r], %w[r2], [%[b], #252]", rd(b + 252, 4), rd(b + 256, 4), b)

#define L(n, scale, sok) { #n, a_##n, m_##n, scale, sok }
static const LdCase ld_cases[] = {
    L(ldrb_uoff, 0, 0), L(ldrh_uoff, 0, 0), L(ldrw_uoff, 0, 0), L(ldrx_uoff, 0, 0),
    L(ldrsbx_uoff, 0, 0), L(ldrsbw_uoff, 0, 0), L(ldrshx_uoff, 0, 0), L(ldrshw_uoff, 0, 0),
    L(ldrsw_uoff, 0, 0), L(ldurx, 0, 0), L(ldurw, 0, 0), L(ldurb, 0, 0), L(ldursh, 0, 0),
    L(ldursbw, 0, 0), L(ldursw, 0, 0), L(ldrx_pre, 0, 0), L(ldrb_pre, 0, 0),
    L(ldrsw_pre, 0, 0), L(ldrshw_pre, 0, 0), L(ldrw_post, 0, 0), L(ldrh_post, 0, 0),
    L(ldrsbx_post, 0, 0), L(ldrx_post, 0, 0),
    L(ldrx_lsl3, 1, 1), L(ldrx_reg, 8, 1), L(ldrw_uxtw2, 1, 0), L(ldrw_sxtw, 4, 1),
    L(ldrh_sxtx1, 1, 1), L(ldrsbx_sxtw, 1, 1), L(ldrb_lsl0, 1, 1), L(ldrsw_uxtw2, 1, 0),
    L(ldrshx_sxtw1, 1, 1),
    L(ldtrx, 0, 0), L(ldtrsb, 0, 0), L(ldtrh, 0, 0),
    L(ldar, 8, 1), L(ldarw, 4, 1), L(ldarh, 2, 1), L(ldarb, 1, 1), L(ldapr, 8, 1),
    L(ldaprb, 1, 1),
    L(ldpx, 0, 0), L(ldpw_pre, 0, 0), L(ldpx_post, 0, 0), L(ldpx_neg, 0, 0), L(ldpsw, 0, 0),
    L(ldpsw_post, 0, 0), L(ldnpx, 0, 0), L(ldnpw, 0, 0),
};

static const int64_t ks[] = { 0, 1, 2, 5, 8, 13, -1, -3, -8, -16 };

/* For acquire loads there is no offset: the "index" moves the base. */
static int moves_base(const LdCase *c)
{
    return c->name[0] == 'l' && c->name[1] == 'd' && c->name[2] == 'a';
}

static void fill(uint64_t seed)
{
    for (int i = 0; i < BUF; i++) {
        buf[i] = (uint8_t)rng_next(&seed);
        shadow[i] = buf[i];
    }
}

/* LDAPR* need FEAT_LRCPC (ID_AA64ISAR1_EL1.LRCPC != 0); without it they are
 * unallocated and must raise UNDEFINED (e.g. -cpu cortex-a57). */
static int has_rcpc;
static volatile unsigned undef_seen;

static ExcAction undef_hook(ExcFrame *f, unsigned kind)
{
    exc_print(f, kind);
    undef_seen += esr_ec(f->esr) == 0;
    return EXC_ACT_SKIP;
}

static void test_loads(void)
{
    for (unsigned n = 0; n < sizeof(ld_cases) / sizeof(ld_cases[0]); n++) {
        const LdCase *c = &ld_cases[n];
        unsigned bad = 0, kn = c->scale ? (c->signed_ok ? 10 : 6) : 1;

        if (!has_rcpc && c->name[3] == 'p' && c->name[2] == 'a') {
            uint64_t wb;
            unsigned before = undef_seen;

            exc_set_hook(undef_hook);
            c->fn((uint64_t)&buf[256], 0, &wb);
            exc_set_hook(NULL);
            check_true(c->name, undef_seen == before + 1);
            continue;
        }

        for (unsigned round = 0; round < 2; round++) {
            fill(0x1111 * (round + 1) + n);
            for (unsigned k = 0; k < kn; k++) {
                uint64_t base = (uint64_t)&buf[256], idx = (uint64_t)(ks[k] * c->scale);
                uint64_t wb = 0, mwb = 0, r, m;

                if (moves_base(c)) {
                    base += idx;
                }
                r = c->fn(base, idx, &wb);
                m = c->model(base, idx, &mwb);
                if (r != m || wb != mwb) {
                    if (!bad) {
                        printf("  %s base+0x%lx idx=%ld: got 0x%lx wb+0x%lx, model 0x%lx "
                               "wb+0x%lx\n", c->name, base - (uint64_t)buf, (int64_t)idx, r,
                               wb - (uint64_t)buf, m, mwb - (uint64_t)buf);
                    }
                    bad++;
                }
            }
        }
        printf("%s %s\n", bad ? "FAIL" : "PASS", c->name);
        check_count(bad == 0);
    }
}

/* ---- stores ---------------------------------------------------------- */
typedef uint64_t (*StFn)(uint64_t b, uint64_t i, uint64_t v, uint64_t *wb);
typedef struct {
    const char *name;
    StFn fn;
    uint64_t (*addr)(uint64_t b, uint64_t i, uint64_t *wb);
    int size, pair, scale, signed_ok;
} StCase;

/* %[v] value, %[v2] second value of a pair (= ~v), %[b] base, %[i] index. */
#define ST(name, insn, addrexpr, wbexpr)                                              \
    static NOINLINE uint64_t s_##name(uint64_t b, uint64_t i, uint64_t v, uint64_t *wb) \
    {                                                                                 \
        uint64_t bb = b, v2 = ~v;                                                     \
        __asm__ volatile(insn : [b] "+r"(bb) : [i] "r"(i), [v] "r"(v), [v2] "r"(v2)   \
                         : "memory");                                                 \
        *wb = bb;                                                                     \
        return 0;                                                                     \
    }                                                                                 \
    static uint64_t sa_##name(uint64_t b, uint64_t i, uint64_t *wb)                   \
    {                                                                                 \
        *wb = (wbexpr);                                                               \
        return (addrexpr);                                                            \
    }

ST(strb_uoff, "strb %w[v], [%[b], #255]", b + 255, b)
ST(strh_uoff, "strh %w[v], [%[b], #254]", b + 254, b)
ST(strw_uoff, "str %w[v], [%[b], #252]", b + 252, b)
ST(strx_uoff, "str %[v], [%[b], #248]", b + 248, b)
ST(sturx, "stur %[v], [%[b], #-256]", b - 256, b)
ST(sturh, "sturh %w[v], [%[b], #-6]", b - 6, b)
ST(strx_pre, "str %[v], [%[b], #-24]!", b - 24, b - 24)
ST(strb_pre, "strb %w[v], [%[b], #1]!", b + 1, b + 1)
ST(strw_post, "str %w[v], [%[b]], #-100", b, b - 100)
ST(strh_post, "strh %w[v], [%[b]], #2", b, b + 2)
ST(strx_lsl3, "str %[v], [%[b], %[i], lsl #3]", b + (i << 3), b)
ST(strw_sxtw2, "str %w[v], [%[b], %w[i], sxtw #2]", b + (SW(i) << 2), b)
ST(strb_reg, "strb %w[v], [%[b], %[i]]", b + i, b)
ST(strh_uxtw, "strh %w[v], [%[b], %w[i], uxtw #1]", b + (W(i) << 1), b)
ST(sttrx, "sttr %[v], [%[b], #-16]", b - 16, b)
ST(sttrb, "sttrb %w[v], [%[b], #9]", b + 9, b)
ST(stlr, "stlr %[v], [%[b]]", b, b)
ST(stlrw, "stlr %w[v], [%[b]]", b, b)
ST(stlrh, "stlrh %w[v], [%[b]]", b, b)
ST(stlrb, "stlrb %w[v], [%[b]]", b, b)
ST(stpx, "stp %[v], %[v2], [%[b], #-32]", b - 32, b)
ST(stpw_pre, "stp %w[v], %w[v2], [%[b], #8]!", b + 8, b + 8)
ST(stpx_post, "stp %[v], %[v2], [%[b]], #-64", b, b - 64)
ST(stnpw, "stnp %w[v], %w[v2], [%[b], #-256]", b - 256, b)
ST(stnpx, "stnp %[v], %[v2], [%[b], #240]", b + 240, b)

#define S(n, size, pair, scale, sok) { #n, s_##n, sa_##n, size, pair, scale, sok }
static const StCase st_cases[] = {
    S(strb_uoff, 1, 0, 0, 0), S(strh_uoff, 2, 0, 0, 0), S(strw_uoff, 4, 0, 0, 0),
    S(strx_uoff, 8, 0, 0, 0), S(sturx, 8, 0, 0, 0), S(sturh, 2, 0, 0, 0),
    S(strx_pre, 8, 0, 0, 0), S(strb_pre, 1, 0, 0, 0), S(strw_post, 4, 0, 0, 0),
    S(strh_post, 2, 0, 0, 0), S(strx_lsl3, 8, 0, 1, 1), S(strw_sxtw2, 4, 0, 1, 1),
    S(strb_reg, 1, 0, 1, 1), S(strh_uxtw, 2, 0, 1, 0), S(sttrx, 8, 0, 0, 0),
    S(sttrb, 1, 0, 0, 0), S(stlr, 8, 0, 8, 1), S(stlrw, 4, 0, 4, 1), S(stlrh, 2, 0, 2, 1),
    S(stlrb, 1, 0, 1, 1), S(stpx, 8, 1, 0, 0), S(stpw_pre, 4, 1, 0, 0),
    S(stpx_post, 8, 1, 0, 0), S(stnpw, 4, 1, 0, 0), S(stnpx, 8, 1, 0, 0),
};

static void model_store(uint64_t addr, uint64_t v, int size)
{
    uint64_t off = addr - (uint64_t)buf;

    for (int i = 0; i < size; i++) {
        shadow[off + i] = (uint8_t)(v >> (8 * i));
    }
}

static void test_stores(void)
{
    uint64_t seed = 99;

    for (unsigned n = 0; n < sizeof(st_cases) / sizeof(st_cases[0]); n++) {
        const StCase *c = &st_cases[n];
        unsigned bad = 0, kn = c->scale ? (c->signed_ok ? 10 : 6) : 1;

        fill(0x2222 + n);
        for (unsigned k = 0; k < kn; k++) {
            uint64_t base = (uint64_t)&buf[256], idx = (uint64_t)(ks[k] * c->scale);
            uint64_t v = rng_next(&seed), wb = 0, mwb = 0, a;

            if (c->name[1] == 't' && c->name[2] == 'l') {
                base += idx;   /* STLR*: no offset, move the base */
            }
            c->fn(base, idx, v, &wb);
            a = c->addr(base, idx, &mwb);
            model_store(a, v, c->size);
            if (c->pair) {
                model_store(a + c->size, ~v, c->size);
            }
            if (memcmp(buf, shadow, BUF) != 0 || wb != mwb) {
                if (!bad) {
                    printf("  %s idx=%ld: memory or writeback differs from the model\n",
                           c->name, (int64_t)idx);
                }
                bad++;
                memcpy(shadow, buf, BUF);
            }
        }
        printf("%s %s\n", bad ? "FAIL" : "PASS", c->name);
        check_count(bad == 0);
    }
}

/* Literal loads (LDR/LDRSW literal, C6.2.132) and PRFM (a hint: no effect). */
static void test_literals(void)
{
    uint64_t x, sw, w;

    __asm__ volatile("ldr %0, 1f\n\tldrsw %1, 2f\n\tldr %w2, 2f\n\tprfm pldl1keep, 1f\n\t"
                     "b 3f\n\t.balign 8\n1:\t.quad 0x1122334455667788\n2:\t.word 0x87654321\n3:"
                     : "=r"(x), "=r"(sw), "=r"(w));
    check_eq("ldr literal", x, 0x1122334455667788ull);
    check_eq("ldrsw literal", sw, 0xffffffff87654321ull);
    check_eq("ldr w literal", w, 0x87654321ull);
    __asm__ volatile("ldr %0, =0x0123456789abcdef" : "=r"(x));
    check_eq("ldr =const", x, 0x0123456789abcdefull);
    __asm__ volatile("prfm pldl1keep, [%0]\n\tprfm pstl2strm, [%0, #64]\n\t"
                     "prfm plil3keep, [%0, %1]\n\tprfum pldl1strm, [%0, #-1]"
                     : : "r"(buf + 64), "r"(8ul) : "memory");
    check_true("prfm is a no-op", 1);
}

/* Writeback with SP as the base register, and stores of XZR/WZR. */
static void test_sp_and_zr(void)
{
    uint64_t out[4] = { 1, 0x10002, 3, 4 }, sp_delta, a, b;

    __asm__ volatile("mov x9, sp\n\t"
                     "stp xzr, %[p], [sp, #-16]!\n\t"
                     "ldp %[a], %[b], [sp], #16\n\t"
                     "mov x10, sp\n\t"
                     "sub %[d], x9, x10\n\t"
                     "str wzr, [%[p]]\n\t"
                     "strh wzr, [%[p], #8]\n\t"
                     : [a] "=&r"(a), [b] "=&r"(b), [d] "=&r"(sp_delta)
                     : [p] "r"(out) : "x9", "x10", "memory");
    check_eq("stp xzr pre-index sp: first", a, 0);
    check_true("stp pre-index sp: second", b == (uint64_t)out);
    check_eq("sp restored after post-index", sp_delta, 0);
    check_eq("str wzr", out[0], 0);
    check_eq("strh wzr", out[1], 0x10000);
}

int main(void)
{
    has_rcpc = ((READ_SYSREG(id_aa64isar1_el1) >> 20) & 0xf) != 0;
    printf("FEAT_LRCPC %s\n", has_rcpc ? "implemented" : "not implemented: LDAPR is UNDEFINED");
    test_loads();
    test_stores();
    test_literals();
    test_sp_and_zr();
    return 0;
}
