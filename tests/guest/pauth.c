/* SPDX-License-Identifier: MIT */
/*
 * pauth.c - pointer authentication (FEAT_PAuth, DDI 0487 D8.8 and C6.2):
 * the key registers, PACIA/PACIB/PACDA/PACDB and their Z forms, AUT*,
 * XPACI/XPACD, PACGA, the hint-space forms (PACIASP, AUTIASP, PACIAZ,
 * PACIA1716, XPACLRI...), SCTLR_EL1.EnIA/EnIB/EnDA/EnDB, the PAC field as
 * TCR_EL1.TxSZ/TBI/TBID place it (both address ranges), authentication
 * failures (error code in the pointer without FEAT_FPAC), RETAA/RETAB,
 * BRAA/BLRAA/BRAAZ, LDRAA/LDRAB with and without writeback, ERETAA.
 *
 * PAC values depend on the algorithm (QARMA5, or QEMU's IMPDEF one with
 * pauth-impdef=on), so they are printed and compared with QEMU's output;
 * what the architecture fixes (round trips, stripping, error codes, the
 * untouched bits) is checked here. Without FEAT_PAuth (cortex-a57, or
 * pauth=off) the hint-space forms must be NOPs and the rest UNDEFINED.
 */
#include "rt.h"

#define A83 ".arch armv8.3-a\n\t"

static uint64_t isar1_g;
static volatile unsigned nexc;
static volatile uint64_t last_esr, last_elr, last_far;
static volatile uint64_t resume_pc; /* where to resume after a bad branch */

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    nexc++;
    last_esr = f->esr;
    last_elr = f->elr;
    last_far = f->far;
    printf("exception: EC=0x%x ISS=0x%x\n", esr_ec(f->esr), (unsigned)(f->esr & 0x1ffffff));
    if (resume_pc) {
        f->elr = resume_pc;
        resume_pc = 0;
        return EXC_ACT_RETURN;
    }
    return EXC_ACT_SKIP;
}

static uint64_t rd_sctlr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
    return v;
}

static void wr_sctlr(uint64_t v)
{
    __asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(v) : "memory");
}

static void wr_tcr(uint64_t v)
{
    __asm__ volatile("msr tcr_el1, %0\n\tisb" : : "r"(v) : "memory");
}

#define EN_IA (1ull << 31)
#define EN_IB (1ull << 30)
#define EN_DA (1ull << 27)
#define EN_DB (1ull << 13)

static void set_keys(void)
{
    __asm__ volatile(A83 "msr apiakeylo_el1, %0\n\tmsr apiakeyhi_el1, %1\n\t"
                     "msr apibkeylo_el1, %2\n\tmsr apibkeyhi_el1, %3\n\t"
                     "msr apdakeylo_el1, %4\n\tmsr apdakeyhi_el1, %5\n\t"
                     "msr apdbkeylo_el1, %6\n\tmsr apdbkeyhi_el1, %7\n\t"
                     "msr apgakeylo_el1, %8\n\tmsr apgakeyhi_el1, %9\n\tisb"
                     :
                     : "r"(0x0123456789abcdefull), "r"(0xfedcba9876543210ull),
                       "r"(0x1111222233334444ull), "r"(0x5555666677778888ull),
                       "r"(0x9999aaaabbbbccccull), "r"(0xddddeeeeffff0000ull),
                       "r"(0x0f1e2d3c4b5a6978ull), "r"(0x8796a5b4c3d2e1f0ull),
                       "r"(0xec2802d4e0a488e9ull), "r"(0x84be85ce9804e94bull)
                     : "memory");
}

static void test_keys(void)
{
    uint64_t v[10];
    __asm__ volatile(A83 "mrs %0, apiakeylo_el1\n\tmrs %1, apiakeyhi_el1\n\t"
                     "mrs %2, apibkeylo_el1\n\tmrs %3, apibkeyhi_el1\n\t"
                     "mrs %4, apdakeylo_el1\n\tmrs %5, apdakeyhi_el1\n\t"
                     : "=r"(v[0]), "=r"(v[1]), "=r"(v[2]), "=r"(v[3]), "=r"(v[4]), "=r"(v[5]));
    __asm__ volatile(A83 "mrs %0, apdbkeylo_el1\n\tmrs %1, apdbkeyhi_el1\n\t"
                     "mrs %2, apgakeylo_el1\n\tmrs %3, apgakeyhi_el1\n\t"
                     : "=r"(v[6]), "=r"(v[7]), "=r"(v[8]), "=r"(v[9]));
    check_eq("APIAKeyLo", v[0], 0x0123456789abcdefull);
    check_eq("APIAKeyHi", v[1], 0xfedcba9876543210ull);
    check_eq("APIBKeyLo", v[2], 0x1111222233334444ull);
    check_eq("APIBKeyHi", v[3], 0x5555666677778888ull);
    check_eq("APDAKeyLo", v[4], 0x9999aaaabbbbccccull);
    check_eq("APDAKeyHi", v[5], 0xddddeeeeffff0000ull);
    check_eq("APDBKeyLo", v[6], 0x0f1e2d3c4b5a6978ull);
    check_eq("APDBKeyHi", v[7], 0x8796a5b4c3d2e1f0ull);
    check_eq("APGAKeyLo", v[8], 0xec2802d4e0a488e9ull);
    check_eq("APGAKeyHi", v[9], 0x84be85ce9804e94bull);
}

/* PAC with each key and the matching AUT; the signed value is shown. */
#define PAC_AUT(PAC, AUT, p, m, out_signed, out_auth)                           \
    do {                                                                        \
        uint64_t _s = (p), _a;                                                  \
        __asm__ volatile(A83 PAC " %0, %1" : "+r"(_s) : "r"(m));                \
        _a = _s;                                                                \
        __asm__ volatile(A83 AUT " %0, %1" : "+r"(_a) : "r"(m));                \
        out_signed = _s;                                                        \
        out_auth = _a;                                                          \
    } while (0)

/* buf = a b c (no libc here). */
static const char *cat3(char *buf, const char *a, const char *b, const char *c)
{
    char *o = buf;
    for (const char *const *p = (const char *const[]){a, b, c, 0}; *p; p++) {
        for (const char *q = *p; *q; q++) {
            *o++ = *q;
        }
    }
    *o = 0;
    return buf;
}

static uint64_t pac_field(unsigned bot, int tbi)
{
    uint64_t f = ((1ull << 55) - 1) & ~((1ull << bot) - 1);
    if (!tbi) {
        f |= 0xffull << 56;
    }
    return f;
}

/* All four keys on a pointer: the PACs are shown, the round trip and the
 * untouched bits are checked. bot: bottom PAC bit, tbi: top byte kept. */
static void sign_all(const char *what, uint64_t p, uint64_t m, unsigned bot, int tbi)
{
    uint64_t s, a, field = pac_field(bot, tbi);
    char name[64];
    static const char *const keys[4] = {"ia", "ib", "da", "db"};

    for (unsigned k = 0; k < 4; k++) {
        switch (k) {
        case 0: PAC_AUT("pacia", "autia", p, m, s, a); break;
        case 1: PAC_AUT("pacib", "autib", p, m, s, a); break;
        case 2: PAC_AUT("pacda", "autda", p, m, s, a); break;
        default: PAC_AUT("pacdb", "autdb", p, m, s, a); break;
        }
        char suffix[48];
        show(cat3(name, what, " pac", keys[k]), s);
        check_eq(cat3(name, what, cat3(suffix, " aut", keys[k], ""), " round trip"), a, p);
        check_eq(cat3(name, what, cat3(suffix, " pac", keys[k], ""), " keeps bits outside"),
                 s & ~field & ~(1ull << 55), p & ~field & ~(1ull << 55));
        check_eq(cat3(name, what, cat3(suffix, " pac", keys[k], ""), " keeps bit 55"),
                 (s >> 55) & 1, (p >> 55) & 1);
    }
}

static void test_basic(void)
{
    uint64_t p = 0x40001234, s, a, r;

    /* MMU off, TCR_EL1 = 0: T0SZ = 0 counts as 16 (48-bit), no TBI: the
     * PAC takes bits 63:56 and 54:48. */
    wr_tcr(0);
    sign_all("lo48", p, 0x55, 48, 0);
    sign_all("lo48 sp-like mod", 0x0000ffffdeadbeecull, 0x40080000, 48, 0);
    sign_all("hi48", 0xffff000012345678ull, 0x1234, 48, 0);

    /* Failed authentication without FEAT_FPAC: error code
     * key_number:NOT(key_number) in bits 62:61 of the stripped pointer. */
    PAC_AUT("pacia", "autia", p, 0x55, s, a);
    a = s;
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(0x56ull));
    check_eq("autia wrong modifier -> error code 01", a, p | (1ull << 61));
    a = s;
    __asm__ volatile(A83 "autib %0, %1" : "+r"(a) : "r"(0x55ull));
    show("autib of an IA-signed pointer", a);
    a = s ^ (1ull << 50);
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(0x55ull));
    check_eq("autia flipped PAC bit", a, p | (1ull << 61));
    a = 0xffff000012345678ull;
    __asm__ volatile(A83 "pacib %0, %1" : "+r"(a) : "r"(7ull));
    a ^= 1ull << 60;
    __asm__ volatile(A83 "autib %0, %1" : "+r"(a) : "r"(7ull));
    check_eq("autib upper range, error code 10", a, 0xdfff000012345678ull);
    a = 0x0000000012345678ull;
    __asm__ volatile(A83 "pacdb %0, %1" : "+r"(a) : "r"(7ull));
    a ^= 1ull << 49;
    __asm__ volatile(A83 "autdb %0, %1" : "+r"(a) : "r"(7ull));
    check_eq("autdb error code 10", a, 0x4000000012345678ull);

    /* A pointer with bad extension bits gets a PAC that cannot verify. */
    a = 0x0001000012345678ull;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(a) : "r"(1ull));
    show("pacia bad extension", a);
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(1ull));
    show("autia bad extension", a);

    /* Z forms: modifier 0. */
    s = p;
    __asm__ volatile(A83 "paciza %0" : "+r"(s));
    a = p;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(a) : "r"(0ull));
    check_eq("paciza = pacia with 0", s, a);
    show("paciza", s);
    __asm__ volatile(A83 "autiza %0" : "+r"(s));
    check_eq("autiza round trip", s, p);
    s = p;
    __asm__ volatile(A83 "pacizb %0\n\t" : "+r"(s));
    show("pacizb", s);
    __asm__ volatile(A83 "autizb %0" : "+r"(s));
    check_eq("autizb round trip", s, p);
    s = p;
    __asm__ volatile(A83 "pacdza %0" : "+r"(s));
    show("pacdza", s);
    __asm__ volatile(A83 "autdza %0" : "+r"(s));
    check_eq("autdza round trip", s, p);
    s = p;
    __asm__ volatile(A83 "pacdzb %0" : "+r"(s));
    show("pacdzb", s);
    __asm__ volatile(A83 "autdzb %0" : "+r"(s));
    check_eq("autdzb round trip", s, p);

    /* XPACI/XPACD strip; PACGA returns the top 32 bits of the PAC. */
    s = p;
    __asm__ volatile(A83 "pacia %0, %1\n\txpaci %0" : "+r"(s) : "r"(9ull));
    check_eq("xpaci", s, p);
    s = 0xffff800012345678ull;
    __asm__ volatile(A83 "pacda %0, %1\n\txpacd %0" : "+r"(s) : "r"(9ull));
    check_eq("xpacd upper", s, 0xffff800012345678ull);
    /* QARMA-64 test vector of the QARMA paper (Avanzi 2017, sigma2, 5
     * rounds: P = fb623599da6e8127, T = 477d469dec0b8762, w0 = APGAKeyHi,
     * k0 = APGAKeyLo, C = c003b93999b33765): PACGA returns C<63:32>. Only
     * QARMA5 gives it; the IMPDEF algorithm gives something else. */
    __asm__ volatile(A83 "pacga %0, %1, %2" : "=r"(r)
                     : "r"(0xfb623599da6e8127ull), "r"(0x477d469dec0b8762ull));
    if ((isar1_g >> 4) & 15) {
        check_eq("pacga = QARMA paper vector", r, 0xc003b93900000000ull);
    } else {
        show("pacga paper vector (IMPDEF)", r);
    }
    __asm__ volatile(A83 "pacga %0, %1, %2" : "=r"(r) : "r"(p), "r"(0x55ull));
    show("pacga", r);
    check_eq("pacga low half is zero", r & 0xffffffffull, 0);
    /* PACGA with SP as the modifier (Rm = 31) */
    __asm__ volatile(A83 "mov x9, sp\n\tpacga %0, %1, sp\n\tpacga x10, %1, x9\n\t"
                     "sub %0, %0, x10" : "=r"(r) : "r"(p) : "x9", "x10");
    check_eq("pacga Rm = SP", r, 0);
}

/* TCR_EL1 layouts: 39-bit VAs (T0SZ = T1SZ = 25), TBI0/TBI1, TBID. */
static void test_tcr(void)
{
    uint64_t s, a;
    /* T0SZ = 25, T1SZ = 25 */
    wr_tcr(25ull | 25ull << 16);
    sign_all("lo39", 0x0000000040001234ull, 0x77, 39, 0);
    sign_all("hi39", 0xffffff8000001000ull, 0x77, 39, 0);
    /* + TBI0 and TBI1: the top byte is kept (and excluded from the PAC) */
    wr_tcr(25ull | 25ull << 16 | 1ull << 37 | 1ull << 38);
    sign_all("lo39 tbi", 0x5a00000040001234ull, 0x77, 39, 1);
    sign_all("hi39 tbi", 0xa5ffff8000001000ull, 0x77, 39, 1);
    s = 0x5a00000040001234ull;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(s) : "r"(3ull));
    a = s ^ (1ull << 40);
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(3ull));
    check_eq("tbi: error code in bits 54:53", a, 0x5a20000040001234ull);
    s = 0x3c00000040001234ull;
    __asm__ volatile(A83 "pacia %0, %1\n\txpaci %0" : "+r"(s) : "r"(3ull));
    check_eq("tbi: xpaci keeps the tag", s, 0x3c00000040001234ull);
    /* TBID0: instruction keys see no TBI, data keys do. */
    wr_tcr(25ull | 25ull << 16 | 1ull << 37 | 1ull << 51);
    s = 0x0000000040001234ull;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(s) : "r"(3ull));
    show("tbid0 pacia", s);
    a = 0x0000000040001234ull;
    __asm__ volatile(A83 "pacda %0, %1" : "+r"(a) : "r"(3ull));
    show("tbid0 pacda", a);
    check_eq("tbid0 pacda keeps top byte", a >> 56, 0);
    __asm__ volatile(A83 "autia %0, %2\n\tautda %1, %2" : "+r"(s), "+r"(a) : "r"(3ull));
    check_eq("tbid0 autia", s, 0x40001234);
    check_eq("tbid0 autda", a, 0x40001234);
    /* 64 KiB-granule-style 42-bit VAs: T0SZ = 22 */
    wr_tcr(22ull | 1ull << 14);
    sign_all("lo42", 0x0000000040001234ull, 0x99, 42, 0);
    wr_tcr(0);
}

/* SCTLR_EL1.EnXX = 0: PAC/AUT leave the pointer alone (PACGA and XPAC
 * do not depend on them). */
static void test_enables(void)
{
    uint64_t sctlr = rd_sctlr(), s;
    wr_sctlr(sctlr & ~(EN_IA | EN_DB));
    s = 0x40001234;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(s) : "r"(1ull));
    check_eq("EnIA = 0: pacia is a NOP", s, 0x40001234);
    s = 0x40001234 | (1ull << 62);
    __asm__ volatile(A83 "autia %0, %1" : "+r"(s) : "r"(1ull));
    check_eq("EnIA = 0: autia is a NOP", s, 0x40001234 | (1ull << 62));
    s = 0x40001234;
    __asm__ volatile(A83 "pacdb %0, %1" : "+r"(s) : "r"(1ull));
    check_eq("EnDB = 0: pacdb is a NOP", s, 0x40001234);
    s = 0x40001234;
    __asm__ volatile(A83 "pacib %0, %1" : "+r"(s) : "r"(1ull));
    check_true("EnIB = 1: pacib signs", s != 0x40001234);
    /* All four keys disabled: QEMU 7.2 runs XPACI/XPACD/XPACLRI as NOPs
     * (the Arm ARM's Strip would still strip): shown, not checked. */
    wr_sctlr(sctlr & ~(EN_IA | EN_IB | EN_DA | EN_DB));
    s = 0x1234000040001234ull;
    __asm__ volatile(A83 "xpaci %0" : "+r"(s));
    show("all keys off: xpaci", s);
    s = 0x1234000040001234ull;
    __asm__ volatile(A83 "xpacd %0" : "+r"(s));
    show("all keys off: xpacd", s);
    __asm__ volatile(A83 "mov x30, %1\n\txpaclri\n\tmov %0, x30" : "=r"(s)
                     : "r"(0x1234000040001234ull) : "x30");
    show("all keys off: xpaclri", s);
    /* one data key on: XPACI strips */
    wr_sctlr((sctlr & ~(EN_IA | EN_IB | EN_DA | EN_DB)) | EN_DB);
    s = 0x1234000040001234ull;
    __asm__ volatile(A83 "xpaci %0" : "+r"(s));
    check_eq("EnDB only: xpaci strips", s, 0x40001234);
    wr_sctlr(sctlr);
    check_eq("SCTLR_EL1 EnIA/EnIB/EnDA/EnDB read back", rd_sctlr() & (EN_IA | EN_IB | EN_DA | EN_DB),
             EN_IA | EN_IB | EN_DA | EN_DB);
}

/* Hint-space forms. */
static void test_hints(void)
{
    uint64_t r, t, sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    /* PACIASP signs X30 with SP; PACIA x30, sp must agree. */
    __asm__ volatile(A83 "mov x30, %2\n\tpaciasp\n\tmov %0, x30\n\t"
                     "mov x30, %2\n\tmov x9, sp\n\tpacia x30, x9\n\tmov %1, x30"
                     : "=r"(r), "=r"(t) : "r"(0x40005678ull) : "x9", "x30");
    check_eq("paciasp = pacia x30, sp", r, t);
    __asm__ volatile(A83 "mov x30, %1\n\tautiasp\n\tmov %0, x30" : "=r"(t) : "r"(r) : "x30");
    check_eq("autiasp round trip", t, 0x40005678);
    __asm__ volatile(A83 "mov x30, %1\n\tpacibsp\n\tmov %0, x30" : "=r"(r) : "r"(0x40005678ull)
                     : "x30");
    show("pacibsp", r);
    __asm__ volatile(A83 "mov x30, %1\n\tautibsp\n\tmov %0, x30" : "=r"(t) : "r"(r) : "x30");
    check_eq("autibsp round trip", t, 0x40005678);
    __asm__ volatile(A83 "mov x30, %1\n\tpaciaz\n\tmov %0, x30" : "=r"(r) : "r"(0x40005678ull)
                     : "x30");
    show("paciaz", r);
    __asm__ volatile(A83 "mov x30, %1\n\tautiaz\n\tmov %0, x30" : "=r"(t) : "r"(r) : "x30");
    check_eq("autiaz round trip", t, 0x40005678);
    __asm__ volatile(A83 "mov x30, %1\n\tpacibz\n\tmov %0, x30" : "=r"(r) : "r"(0x40005678ull)
                     : "x30");
    show("pacibz", r);
    __asm__ volatile(A83 "mov x30, %1\n\tautibz\n\tmov %0, x30" : "=r"(t) : "r"(r) : "x30");
    check_eq("autibz round trip", t, 0x40005678);
    __asm__ volatile(A83 "mov x17, %1\n\tmov x16, #0x4242\n\tpacia1716\n\tmov %0, x17"
                     : "=r"(r) : "r"(0x40005678ull) : "x16", "x17");
    show("pacia1716", r);
    __asm__ volatile(A83 "mov x17, %1\n\tmov x16, #0x4242\n\tautia1716\n\tmov %0, x17"
                     : "=r"(t) : "r"(r) : "x16", "x17");
    check_eq("autia1716 round trip", t, 0x40005678);
    __asm__ volatile(A83 "mov x17, %1\n\tmov x16, #0x4242\n\tpacib1716\n\tmov %0, x17"
                     : "=r"(r) : "r"(0x40005678ull) : "x16", "x17");
    show("pacib1716", r);
    __asm__ volatile(A83 "mov x17, %1\n\tmov x16, #0x4243\n\tautib1716\n\tmov %0, x17"
                     : "=r"(t) : "r"(r) : "x16", "x17");
    show("autib1716 wrong modifier", t);
    __asm__ volatile(A83 "mov x30, %1\n\txpaclri\n\tmov %0, x30" : "=r"(t) : "r"(r) : "x30");
    check_eq("xpaclri", t, 0x40005678);
}

/* Functions that sign their return address and return with RETAA/RETAB. */
uint64_t signed_leaf_a(uint64_t x);
uint64_t signed_leaf_b(uint64_t x);
uint64_t bad_leaf_a(uint64_t x);
__asm__(".arch armv8.3-a\n"
        ".text\n"
        ".global signed_leaf_a\n"
        "signed_leaf_a:\n"
        "    paciasp\n"
        "    add x0, x0, #1\n"
        "    retaa\n"
        ".global signed_leaf_b\n"
        "signed_leaf_b:\n"
        "    pacibsp\n"
        "    stp x29, x30, [sp, #-16]!\n"
        "    add x0, x0, #2\n"
        "    ldp x29, x30, [sp], #16\n"
        "    retab\n"
        /* signs LR, then corrupts one PAC bit before RETAA */
        ".global bad_leaf_a\n"
        "bad_leaf_a:\n"
        "    paciasp\n"
        "    eor x30, x30, #(1 << 50)\n"
        "    retaa\n"
        ".arch armv8-a\n");

static uint64_t plus_one(uint64_t x)
{
    return x + 1;
}

static void test_branches(void)
{
    uint64_t r, fn = (uint64_t)(uintptr_t)plus_one, sfn, sp;
    unsigned n;

    check_eq("retaa", signed_leaf_a(41), 42);
    check_eq("retab", signed_leaf_b(40), 42);

    /* BLRAA Xn, Xm / BRAAZ / BLRABZ to a signed function pointer */
    sfn = fn;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(sfn) : "r"(0x1234ull));
    __asm__ volatile(A83 "mov x0, #5\n\tblraa %1, %2\n\tmov %0, x0"
                     : "=r"(r) : "r"(sfn), "r"(0x1234ull)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "x30", "memory", "cc");
    check_eq("blraa", r, 6);
    sfn = fn;
    __asm__ volatile(A83 "pacizb %0" : "+r"(sfn));
    __asm__ volatile(A83 "mov x0, #7\n\tblrabz %1\n\tmov %0, x0"
                     : "=r"(r) : "r"(sfn)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "x30", "memory", "cc");
    check_eq("blrabz", r, 8);
    /* BRAA with SP as the modifier: sign with the SP value */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    __asm__ volatile(A83 "adr x9, 1f\n\tmov x10, sp\n\tpacia x9, x10\n\tmov %0, #0\n\t"
                     "braa x9, sp\n\tmov %0, #1\n1:\n\t"
                     : "=r"(r) : : "x9", "x10");
    check_eq("braa x9, sp skipped the mov", r, 0);
    __asm__ volatile(A83 "adr x9, 1f\n\tpaciza x9\n\tmov %0, #0\n\t"
                     "braaz x9\n\tmov %0, #1\n1:\n\t"
                     : "=r"(r) : : "x9");
    check_eq("braaz", r, 0);

    /* RETAA with a corrupted PAC: without FEAT_FPAC the branch goes to
     * the pointer with the error code in bits 62:61, whose fetch faults
     * (instruction abort, address size with the MMU off). The hook resumes
     * at the landing pad after the call. */
    n = nexc;
    __asm__ volatile("adr x9, 1f\n\tstr x9, [%1]\n\tmov x0, #1\n\tbl bad_leaf_a\n"
                     "1:\n\tmov %0, x0"
                     : "=r"(r) : "r"(&resume_pc)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "x30", "memory", "cc");
    check_eq("bad retaa faulted once", nexc - n, 1);
    check_eq("bad retaa: instruction abort", esr_ec(last_esr), 0x21);
    show("bad retaa: ESR", last_esr);
    check_eq("bad retaa: ELR has the error code", last_elr >> 61, 1);
    show("bad retaa: ELR", last_elr);
    (void)sp;
}

/* LDRAA/LDRAB: the base is authenticated with the DA/DB key and modifier
 * 0, then the scaled offset is added. */
static uint64_t table[8] = {10, 11, 12, 13, 14, 15, 16, 17};

static void test_ldra(void)
{
    uint64_t base = (uint64_t)(uintptr_t)&table[4], sa = base, sb = base, v, wb;
    __asm__ volatile(A83 "pacdza %0\n\tpacdzb %1" : "+r"(sa), "+r"(sb));
    __asm__ volatile(A83 "ldraa %0, [%1]" : "=r"(v) : "r"(sa) : "memory");
    check_eq("ldraa [x]", v, 14);
    __asm__ volatile(A83 "ldraa %0, [%1, #16]" : "=r"(v) : "r"(sa) : "memory");
    check_eq("ldraa [x, #16]", v, 16);
    __asm__ volatile(A83 "ldrab %0, [%1, #-32]" : "=r"(v) : "r"(sb) : "memory");
    check_eq("ldrab [x, #-32]", v, 10);
    wb = sa;
    __asm__ volatile(A83 "ldraa %0, [%1, #24]!" : "=r"(v), "+r"(wb) : : "memory");
    check_eq("ldraa pre-index value", v, 17);
    check_eq("ldraa pre-index writeback (stripped + 24)", wb, base + 24);
    wb = sb;
    __asm__ volatile(A83 "ldrab %0, [%1, #-8]!" : "=r"(v), "+r"(wb) : : "memory");
    check_eq("ldrab pre-index value", v, 13);
    check_eq("ldrab pre-index writeback", wb, base - 8);
    /* A bad PAC: the load goes to the pointer with the error code and
     * faults (data abort, shown). */
    unsigned n = nexc;
    __asm__ volatile(A83 "ldraa %0, [%1]" : "=r"(v) : "r"(sb) : "memory");
    check_eq("ldraa with a DB-signed pointer faults", nexc - n, 1);
    show("ldraa bad: ESR", last_esr);
    show("ldraa bad: FAR", last_far);
}

/* ERETAA: ELR_EL1 signed with the IA key and SP as modifier; returns to
 * EL1 (SPSR = EL1h, interrupts masked) at the label. */
static void test_eretaa(void)
{
    uint64_t r;
    __asm__ volatile(A83 "adr x9, 1f\n\tmov x10, sp\n\tpacia x9, x10\n\tmsr elr_el1, x9\n\t"
                     "mov x10, #0x3c5\n\tmsr spsr_el1, x10\n\tmov %0, #0\n\teretaa\n\t"
                     "mov %0, #1\n1:\n\t"
                     : "=r"(r) : : "x9", "x10", "memory");
    check_eq("eretaa returned to the label", r, 0);
    __asm__ volatile(A83 "adr x9, 1f\n\tmov x10, sp\n\tpacib x9, x10\n\tmsr elr_el1, x9\n\t"
                     "mov x10, #0x3c5\n\tmsr spsr_el1, x10\n\tmov %0, #0\n\teretab\n\t"
                     "mov %0, #1\n1:\n\t"
                     : "=r"(r) : : "x9", "x10", "memory");
    check_eq("eretab returned to the label", r, 0);
}

/* EL0: same EL1&0 regime and keys as EL1; the key registers are
 * UNDEFINED there. */
static uint64_t el0_pac(uint64_t p)
{
    __asm__ volatile(A83 "pacia %0, %1\n\tpacdzb %0" : "+r"(p) : "r"(0x66ull));
    return p;
}

static uint64_t el0_key(uint64_t v)
{
    __asm__ volatile(A83 "mrs %0, apiakeylo_el1" : "+r"(v));
    return v;
}

static void test_el0(void)
{
    uint64_t p = 0x40001234, e1 = p, r;
    unsigned n = nexc;
    __asm__ volatile(A83 "pacia %0, %1\n\tpacdzb %0" : "+r"(e1) : "r"(0x66ull));
    r = rt_call_at(0x3c0, 0, el0_pac, p);
    check_eq("EL0 pacia+pacdzb = EL1's", r, e1);
    check_eq("EL0 PAC raised nothing", nexc - n, 0);
    r = rt_call_at(0x3c0, 0, el0_key, 0x5555);
    check_eq("EL0 key read UNDEFINED", nexc - n, 1);
    check_eq("EL0 key read: EC 0", esr_ec(last_esr), 0);
    check_eq("EL0 key read left Xt", r, 0x5555);
}

/* Without FEAT_PAuth: hint-space forms are NOPs, the rest UNDEFINED. */
static void test_absent(void)
{
    uint64_t r;
    unsigned n = nexc;
    __asm__ volatile(A83 "mov x30, #0x1234\n\tmov x17, #0x5678\n\tpaciasp\n\tautiasp\n\t"
                     "pacibsp\n\tautibsp\n\tpaciaz\n\tautiaz\n\tpacibz\n\tautibz\n\t"
                     "pacia1716\n\tautia1716\n\tpacib1716\n\tautib1716\n\txpaclri\n\t"
                     "add %0, x30, x17"
                     : "=r"(r) : : "x16", "x17", "x30");
    check_eq("hint-space PAC forms are NOPs", r, 0x1234 + 0x5678);
    check_eq("no exception from hints", nexc - n, 0);
    n = nexc;
    r = 0x40001234;
    __asm__ volatile(A83 "pacia %0, x1\n\tautia %0, x1\n\tpaciza %0\n\txpaci %0\n\t"
                     "pacga %0, %0, %0\n\tldraa x9, [%0]"
                     : "+r"(r) : : "x9", "memory");
    check_eq("PACIA/AUTIA/PACIZA/XPACI/PACGA/LDRAA undefined", nexc - n, 6);
    check_eq("last ESR is UNDEFINED", esr_ec(last_esr), 0);
    check_eq("register untouched", r, 0x40001234);
    n = nexc;
    __asm__ volatile(A83 "adr x9, 1f\n\tbraaz x9\n\tblraa x9, x10\n\t1:\n\t" : : : "x9", "x30");
    check_eq("BRAAZ/BLRAA undefined", nexc - n, 2);
    n = nexc;
    __asm__ volatile(A83 "retaa\n\teretaa" : : : "memory");
    check_eq("RETAA/ERETAA undefined", nexc - n, 2);
}

int main(void)
{
    uint64_t isar1;
    exc_set_hook(hook);
    __asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
    isar1_g = isar1;
    show("ID_AA64ISAR1 APA", (isar1 >> 4) & 15);
    show("ID_AA64ISAR1 API", (isar1 >> 8) & 15);
    show("ID_AA64ISAR1 GPA", (isar1 >> 24) & 15);
    show("ID_AA64ISAR1 GPI", (isar1 >> 28) & 15);
    if (!(isar1 & 0xff000ff0ull)) {
        test_absent();
        return 0;
    }
    set_keys();
    test_keys();
    wr_sctlr(rd_sctlr() | EN_IA | EN_IB | EN_DA | EN_DB);
    test_basic();
    test_tcr();
    test_enables();
    test_hints();
    test_branches();
    test_ldra();
    test_eretaa();
    test_el0();
    return 0;
}
