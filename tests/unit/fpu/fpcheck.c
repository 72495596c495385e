/* SPDX-License-Identifier: MIT */
/*
 * fpcheck.c - the host half of the FP reference test. Generates cases for
 * every row of fpops.def (operands chosen to hit zeros, infinities, quiet
 * and signalling NaNs with payloads, denormals, extreme normals, rounding
 * and integer-conversion boundaries, and random bits) under random FPCR
 * modes, runs them through the real instructions (fpref under
 * qemu-aarch64) and through softfp, and reports every difference.
 *
 *   fpcheck --ref fpref.elf [--qemu qemu-aarch64] [--count N] [--seed S]
 *           [--op NAME] [--max-print N] [--strict] [--exhaustive-h] [--skip REASON]
 * --exhaustive-h: every binary16 input of every one-operand half-precision
 * operation under four FPCR settings, instead of random cases.
 * Exit 0: no mismatch; 1: mismatches; 77: skipped (no qemu-aarch64 or no
 * reference program).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fpref.h"

typedef struct OpDesc {
    const char *name, *insn;
    int kind, fmt, p1, p2, p3;
} OpDesc;

static const OpDesc ops[OP_COUNT] = {
#define FPOP(id, insn, kind, fmt, p1, p2, p3) \
    [OP_##id] = { #id, insn, kind, fmt, p1, p2, p3 },
#include "fpops.def"
#undef FPOP
};

/* ---- random numbers (xorshift64*) ----------------------------------------- */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static unsigned rndn(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- operand generation --------------------------------------------------- */
static unsigned fbits_of(int f) { return f == FP_H ? 10 : f == FP_S ? 23 : 52; }
static unsigned ebits_of(int f) { return f == FP_H ? 5 : f == FP_S ? 8 : 11; }
static unsigned nbits_of(int f) { return 8u << f; }
static uint64_t mask_of(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

static uint64_t make(int f, int sign, uint64_t bexp, uint64_t frac)
{
    unsigned F = fbits_of(f), E = ebits_of(f);
    return ((uint64_t)(sign & 1) << (E + F)) | ((bexp & mask_of(E)) << F) | (frac & mask_of(F));
}

/* A value of magnitude about 2^e (unbiased), random fraction, clamped. */
static uint64_t around(int f, int e, int sign)
{
    int bias = (1 << (ebits_of(f) - 1)) - 1;
    int be = e + bias;
    if (be < 1) be = 1;
    if (be > 2 * bias) be = 2 * bias;
    uint64_t frac;
    switch (rndn(4)) {
    case 0: frac = 0; break;
    case 1: frac = (rnd() >> (61 + rndn(3))) << (fbits_of(f) - 3); break; /* few bits */
    case 2: frac = mask_of(fbits_of(f)) - rndn(3); break;               /* just below 2^(e+1) */
    default: frac = rnd(); break;
    }
    return make(f, sign, (uint64_t)be, frac);
}

static uint64_t special(int f)
{
    unsigned F = fbits_of(f);
    uint64_t fm = mask_of(F), emax = mask_of(ebits_of(f));
    int s = rndn(2);
    int bias = (int)(emax >> 1);
    switch (rndn(24)) {
    case 0: return make(f, s, 0, 0);                              /* zero */
    case 1: return make(f, s, emax, 0);                           /* infinity */
    case 2: return make(f, s, emax, 1ull << (F - 1));             /* default-like qNaN */
    case 3: return make(f, s, emax, (1ull << (F - 1)) | (rnd() & fm)); /* qNaN payload */
    case 4: return make(f, s, emax, 1 + rndn(3));                 /* sNaN small payload */
    case 5: return make(f, s, emax, (rnd() & (fm >> 1)) | 1);     /* sNaN payload */
    case 6: return make(f, s, 0, 1);                              /* min denormal */
    case 7: return make(f, s, 0, fm);                             /* max denormal */
    case 8: return make(f, s, 0, rnd() & fm);                     /* denormal */
    case 9: return make(f, s, 0, (rnd() & fm) >> rndn(F));        /* small denormal */
    case 10: return make(f, s, 1, rndn(2) ? 0 : rnd() & fm);      /* min normal */
    case 11: return make(f, s, emax - 1, fm - rndn(2));           /* max normal */
    case 12: return make(f, s, (uint64_t)bias, rndn(3));          /* 1.0 + ulps */
    case 13: return make(f, s, (uint64_t)bias - 1, fm - rndn(3)); /* 1.0 - ulps */
    case 14: return make(f, s, 1 + rndn((unsigned)emax - 1), 0);  /* power of two */
    case 15: {                                                     /* n + 0.5 */
        int e = rndn(F < 12 ? 10 : 24);
        return around(f, e, s) | 0;
    }
    case 16: {                                                     /* integer + half */
        unsigned k = rndn(F > 30 ? 30 : F);
        uint64_t v = (rnd() & mask_of(k)) | (1ull << k);
        /* v + 0.5 : exponent k, fraction v's lower bits then 1 */
        uint64_t frac = ((v & mask_of(k)) << 1 | 1) << (F - k - 1);
        return make(f, s, (uint64_t)(bias + k), frac);
    }
    case 17: {                                                     /* integer limits */
        static const int lim[] = { 15, 16, 31, 32, 63, 64 };
        int e = lim[rndn(6)];
        if (e > bias) e = bias;
        uint64_t frac = rndn(3) == 0 ? fm - rndn(2) : rndn(3);
        return make(f, s, (uint64_t)(bias + e - (frac > 4 ? 1 : 0)), frac);
    }
    case 18: return around(f, -bias - 1 + (int)rndn(4), s);        /* near denormal edge */
    case 19: return around(f, bias - (int)rndn(3), s);             /* near overflow */
    case 20: {                                                     /* fast-path window edges */
        int w = f == FP_S ? (rndn(2) ? 40 : 60) : f == FP_D ? 255 : 10;
        return around(f, (rndn(2) ? w : -w) + (int)rndn(5) - 2, s);
    }
    case 21: return make(f, s, emax - 1 - rndn(2), rnd());         /* tiny recips */
    case 22: return make(f, s, 1 + rndn(3), rnd());
    default: return rnd() & mask_of(nbits_of(f));
    }
}

static uint64_t gen_fp(int f)
{
    switch (rndn(5)) {
    case 0: case 1: return special(f);
    case 2: return rnd() & mask_of(nbits_of(f));
    default: {
        int bias = (1 << (ebits_of(f) - 1)) - 1;
        int range = bias < 40 ? bias : 40;
        return around(f, (int)rndn(2 * range) - range, rndn(2));
    }
    }
}

/* Same value in another format (exact or near), via softfp. */
static uint64_t conv(int to, int from, uint64_t v)
{
    FpCtx c = fp_ctx_from_fpcr(0);
    return fp_convert(to, from, v, &c);
}

/* An operand related to x: equal, negated, a few ulps away, or scaled by a
 * power of two near the precision (cancellation and tie cases). */
static uint64_t related(int f, uint64_t x)
{
    unsigned F = fbits_of(f);
    switch (rndn(5)) {
    case 0: return x;
    case 1: return x ^ (1ull << (nbits_of(f) - 1));
    case 2: return (x + rndn(5) - 2) & mask_of(nbits_of(f));
    case 3: {
        int64_t e = (int64_t)((x >> F) & mask_of(ebits_of(f))) - (int64_t)rndn(F + 4);
        if (e < 0) e = 0;
        return make(f, rndn(2), (uint64_t)e, rndn(2) ? 0 : rnd());
    }
    default: return gen_fp(f);
    }
}

static uint64_t gen_int(unsigned bits, bool is_unsigned)
{
    uint64_t v;
    switch (rndn(6)) {
    case 0: {   /* exactly k significant bits, maybe a tie pattern */
        unsigned k = 1 + rndn(bits);
        v = (1ull << (k - 1)) | (rnd() & mask_of(k - 1));
        if (rndn(2) && k > 12) {
            unsigned t = rndn(k - 1);
            v = (v >> t << t) | (1ull << (t ? t - 1 : 0));
        }
        break;
    }
    case 1: {
        static const uint64_t sp[] = { 0, 1, 2, 3, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
                                       0x80000000, 0xffffffff, 0x7fffffffffffffffull,
                                       0x8000000000000000ull, ~0ull, 0xfff0, 0xffffff,
                                       0x1000001, 0x20000000000001ull };
        v = sp[rndn(sizeof(sp) / sizeof(sp[0]))];
        break;
    }
    case 2: v = 0 - (rnd() >> rndn(64)); break;
    default: v = rnd() >> rndn(64); break;
    }
    (void)is_unsigned;
    return v & mask_of(bits);
}

static uint32_t gen_fpcr(void)
{
    uint32_t c = (uint32_t)rndn(4) << FPCR_RMODE_SHIFT;
    if (rndn(4) == 0) return c;
    if (rndn(2)) c |= FPCR_FZ;
    if (rndn(2)) c |= FPCR_FZ16;
    if (rndn(3) == 0) c |= FPCR_DN;
    if (rndn(3) == 0) c |= FPCR_AHP;
    return c;
}

static void gen_case(int op, FpCase *c)
{
    const OpDesc *d = &ops[op];
    int f = d->fmt;
    c->op = (uint32_t)op;
    c->fpcr = gen_fpcr();
    c->a = c->b = c->c = 0;
    switch (d->kind) {
    case K_BIN:
    case K_CMP:
        c->a = gen_fp(f);
        c->b = rndn(3) == 0 ? related(f, c->a) : gen_fp(f);
        break;
    case K_TER:
        c->a = gen_fp(f);
        c->b = gen_fp(f);
        if (rndn(3) == 0) {
            /* addend near -(a*b): massive cancellation */
            FpCtx x = fp_ctx_from_fpcr(0);
            uint64_t p = fp_mul(FP_D, conv(FP_D, f, c->a), conv(FP_D, f, c->b), &x);
            c->c = related(f, conv(f, FP_D, p ^ (1ull << 63)));
        } else {
            c->c = rndn(4) == 0 ? related(f, c->a) : gen_fp(f);
        }
        break;
    case K_CVT:
        c->a = gen_fp(d->p1);
        break;
    case K_F2I: {
        if (rndn(2)) {
            c->a = gen_fp(f);
        } else {
            /* near an integer limit of the destination, scaled by fbits */
            int bits = d->p2 & 0xff;
            int e = (int)(bits - 2 + rndn(4)) - d->p3;
            int bias = (1 << (ebits_of(f) - 1)) - 1;
            if (e > bias) e = (int)rndn((unsigned)bias);
            c->a = around(f, e, rndn(2));
        }
        break;
    }
    case K_I2F: {
        unsigned bits = d->p1 & 0xff;
        c->a = gen_int(bits, d->p1 >> 8);
        break;
    }
    case K_UEST:
        c->a = gen_int(32, true) | gen_int(32, true) << 32;
        break;
    case K_FMLAL:
        c->a = gen_fp(FP_H) | gen_fp(FP_H) << 16;
        c->b = gen_fp(FP_H) | (rndn(3) ? gen_fp(FP_H) : related(FP_H, c->a >> 16)) << 16;
        c->c = gen_fp(FP_S) | gen_fp(FP_S) << 32;
        break;
    case K_BFDOT:
    case K_BFMLAL:
        /* BFloat16: the top halves of binary32 values */
        for (int i = 0; i < 4; i++) {
            c->a |= (gen_fp(FP_S) >> 16) << (16 * i);
            c->b |= (gen_fp(FP_S) >> 16) << (16 * i);
        }
        c->c = gen_fp(FP_S) | gen_fp(FP_S) << 32;
        break;
    default:
        c->a = gen_fp(f);
        break;
    }
}

/* ---- the softfp side ------------------------------------------------------ */
/* FPSR bits the softfp side starts with: cases whose index is odd start
 * with some cumulative bits already set (as a helper seeding ctx.exc from
 * FPSR does), which must only be ORed into the result. */
static uint32_t seed_exc(size_t i)
{
    static const uint32_t seeds[] = { FP_EXC_IXC, FP_EXC_IXC | FP_EXC_UFC, FP_EXC_IOC,
                                      FP_EXC_MASK };
    return (i & 1) ? seeds[(i >> 1) & 3] : 0;
}

static void soft_exec(const FpCase *c, FpResult *o, uint32_t seed)
{
    const OpDesc *d = &ops[c->op];
    FpCtx x = fp_ctx_from_fpcr_fpsr(c->fpcr, seed);
    int f = d->fmt;
    uint64_t r = 0;
    uint32_t nzcv = 0;
    FpRounding rm;
    switch (d->kind) {
    case K_BIN:
        r = fp_binop((FpBinOp)d->p1, f, c->a, c->b, &x);
        break;
    case K_TER: {
        uint64_t a = c->a, ad = c->c;
        if (d->p1 == 1 || d->p1 == 2) a = fp_neg(f, a);
        if (d->p1 >= 2) ad = fp_neg(f, ad);
        r = fp_muladd(f, ad, a, c->b, &x);
        break;
    }
    case K_UN:
        switch (d->p1) {
        case 0: r = fp_sqrt(f, c->a, &x); break;
        case 1: r = fp_recpe(f, c->a, &x); break;
        case 2: r = fp_rsqrte(f, c->a, &x); break;
        case 3: r = fp_recpx(f, c->a, &x); break;
        case 4: r = fp_abs(f, c->a & mask_of(nbits_of(f))); break;
        default: r = fp_neg(f, c->a); break;
        }
        break;
    case K_RINT:
        rm = d->p1 < 0 ? (FpRounding)x.rmode : (FpRounding)d->p1;
        r = fp_round_int(f, c->a, rm, d->p2, &x);
        break;
    case K_RINTN:
        rm = d->p1 < 0 ? (FpRounding)x.rmode : (FpRounding)d->p1;
        r = fp_round_int_n(f, c->a, rm, (unsigned)d->p2, &x);
        break;
    case K_CMP:
        nzcv = fp_compare(f, c->a, c->b, d->p1, &x);
        break;
    case K_CVT:
        if (d->p2) x.rmode = FP_RO;
        r = fp_convert(f, d->p1, c->a, &x);
        break;
    case K_BFCVT:
        r = fp_to_bf16(c->a, &x);
        break;
    case K_F2I:
        r = fp_to_int(f, c->a, (FpRounding)d->p1, (unsigned)d->p3, d->p2 & 0xff, d->p2 >> 8, &x);
        break;
    case K_I2F:
        r = fp_from_int(f, c->a, (unsigned)d->p2, d->p1 & 0xff, d->p1 >> 8, &x);
        break;
    case K_FJCVT: {
        bool z;
        r = fp_fjcvtzs(c->a, &x, &z);
        nzcv = z ? 0x40000000u : 0;
        break;
    }
    case K_FMLAL:
        for (int i = 0; i < 2; i++) {
            uint64_t h1 = (c->a >> (16 * i)) & 0xffff, h2 = (c->b >> (16 * i)) & 0xffff;
            if (d->p1) h1 = fp_neg(FP_H, h1);
            r |= fp_muladd_h2s((c->c >> (32 * i)) & 0xffffffff, h1, h2, &x) << (32 * i);
        }
        break;
    case K_BFDOT:
        for (int i = 0; i < 2; i++) {
            r |= (uint64_t)fp_bfdotadd((uint32_t)(c->c >> (32 * i)), (uint32_t)(c->a >> (32 * i)),
                                       (uint32_t)(c->b >> (32 * i))) << (32 * i);
        }
        break;
    case K_BFMLAL:
        for (int i = 0; i < 2; i++) {
            unsigned sh = 16 * (2 * i + d->p1);
            uint64_t e1 = ((c->a >> sh) & 0xffff) << 16, e2 = ((c->b >> sh) & 0xffff) << 16;
            r |= fp_muladd(FP_S, (c->c >> (32 * i)) & 0xffffffff, e1, e2, &x) << (32 * i);
        }
        break;
    case K_UEST:
        for (int i = 0; i < 2; i++) {
            uint32_t v = (uint32_t)(c->a >> (32 * i));
            uint64_t e = d->p1 ? fp_ursqrte(v) : fp_urecpe(v);
            r |= e << (32 * i);
        }
        break;
    }
    o->r = r;
    o->fpsr = x.exc;
    o->nzcv = nzcv;
}

/* Known deviations of the reference (QEMU 7.2) from the Arm ARM, where
 * softfp follows the architecture. Adjusts the reference result and
 * returns true when one applies (counted, not a mismatch; --strict shows
 * them). */
static bool qemu_quirk(const FpCase *c, FpResult *w, const FpResult *o)
{
    switch (c->op) {
    case OP_FCVTZS_HH_F3:
        /* FCVTZS Hd, Hn, #fbits: QEMU 7.2 writes the 32-bit sign-extended
         * integer into the register; the architecture writes 16 bits and
         * zeroes the rest (a lifter matter; softfp returns 16 bits). */
        if ((w->r >> 16) != 0 && (w->r & 0xffff) == o->r) {
            w->r &= 0xffff;
            return true;
        }
        return false;
    case OP_FJCVTZS:
        /* FJCVTZS of a positive denormal flushed by FPCR.FZ: Z must be 0
         * (FPToFixedJS; QEMU fixed it in 9.0.2, issue #2375). */
        if ((c->fpcr & FPCR_FZ) && (c->a >> 52) == 0 && (c->a & ((1ull << 52) - 1)) &&
            w->nzcv == 0x40000000u && o->nzcv == 0) {
            w->nzcv = 0;
            return true;
        }
        return false;
    default:
        return false;
    }
}

/* ---- driver ---------------------------------------------------------------- */
/* One binary16 (or 16-bit integer) operand: small enough to test all. */
static bool half_unary(int op)
{
    const OpDesc *d = &ops[op];
    switch (d->kind) {
    case K_UN: case K_RINT: case K_F2I: return d->fmt == FP_H;
    case K_CVT: return d->p1 == FP_H;
    case K_I2F: return (d->p1 & 0xff) == 16;
    default: return false;
    }
}

static int run_ref(const char *qemu, const char *ref, const char *in, const char *out)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (!freopen(in, "rb", stdin) || !freopen(out, "wb", stdout)) _exit(126);
        execlp(qemu, qemu, ref, (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static bool in_path(const char *prog)
{
    if (strchr(prog, '/')) return access(prog, X_OK) == 0;
    const char *p = getenv("PATH");
    if (!p) return false;
    char buf[4096];
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
        if (access(buf, X_OK) == 0) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

int main(int argc, char **argv)
{
    const char *qemu = "qemu-aarch64", *ref = NULL, *only = NULL, *skip = NULL;
    long count = 2000, max_print = 40;
    uint64_t seed = (uint64_t)time(NULL);
    bool seed_given = false, strict = false, exhaustive_h = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--qemu") && i + 1 < argc) qemu = argv[++i];
        else if (!strcmp(argv[i], "--ref") && i + 1 < argc) ref = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 0);
            seed_given = true;
        } else if (!strcmp(argv[i], "--op") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--max-print") && i + 1 < argc) max_print = atol(argv[++i]);
        else if (!strcmp(argv[i], "--skip") && i + 1 < argc) skip = argv[++i];
        else if (!strcmp(argv[i], "--strict")) strict = true;
        else if (!strcmp(argv[i], "--exhaustive-h")) exhaustive_h = true;
        else {
            fprintf(stderr, "usage: %s --ref fpref.elf [--qemu PROG] [--count N] [--seed S] "
                            "[--op NAME] [--max-print N] [--strict] [--exhaustive-h]\n", argv[0]);
            return 2;
        }
    }
    if (skip) {
        printf("SKIP: %s\n", skip);
        return 77;
    }
    if (!ref || access(ref, R_OK) != 0) {
        printf("SKIP: reference program not built\n");
        return 77;
    }
    if (!in_path(qemu)) {
        printf("SKIP: %s not found (apt-get install qemu-user)\n", qemu);
        return 77;
    }
    if (!seed_given) seed = 1;  /* reproducible by default */
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;

    int nops = 0;
    for (int op = 0; op < OP_COUNT; op++) {
        if ((!only || strstr(ops[op].name, only)) && (!exhaustive_h || half_unary(op))) nops++;
    }
    /* Exhaustive: every binary16 input (or 16-bit integer) under these
     * FPCR settings, which together cover each mode bit. */
    static const uint32_t ex_fpcr[] = {
        0,
        (FP_RP << FPCR_RMODE_SHIFT) | FPCR_FZ16,
        (FP_RM << FPCR_RMODE_SHIFT) | FPCR_DN | FPCR_AHP,
        (FP_RZ << FPCR_RMODE_SHIFT) | FPCR_FZ16 | FPCR_FZ | FPCR_AHP | FPCR_DN,
    };
    if (exhaustive_h) count = 65536 * 4;
    size_t n = (size_t)nops * (size_t)count;
    FpCase *cases = malloc(n * sizeof(*cases));
    FpResult *want = malloc(n * sizeof(*want));
    if (!cases || !want) return 2;
    size_t k = 0;
    for (long i = 0; i < count; i++) {
        for (int op = 0; op < OP_COUNT; op++) {
            if (only && !strstr(ops[op].name, only)) continue;
            if (!exhaustive_h) {
                gen_case(op, &cases[k++]);
            } else if (half_unary(op)) {
                FpCase *c = &cases[k++];
                memset(c, 0, sizeof(*c));
                c->op = (uint32_t)op;
                c->a = (uint64_t)(i & 0xffff);
                c->fpcr = ex_fpcr[i >> 16];
            }
        }
    }

    char in[] = "/tmp/fpcheck-in-XXXXXX", out[] = "/tmp/fpcheck-out-XXXXXX";
    int fi = mkstemp(in), fo = mkstemp(out);
    if (fi < 0 || fo < 0) return 2;
    FILE *fin = fdopen(fi, "wb");
    fwrite(cases, sizeof(*cases), n, fin);
    fclose(fin);
    close(fo);
    int rc = run_ref(qemu, ref, in, out);
    FILE *fout = fopen(out, "rb");
    size_t got = fout ? fread(want, sizeof(*want), n, fout) : 0;
    if (fout) fclose(fout);
    unlink(in);
    unlink(out);
    if (rc != 0 || got != n) {
        printf("FAIL: reference run exited %d with %zu/%zu results\n", rc, got, n);
        return 1;
    }

    static long bad_per_op[OP_COUNT];
    long bad = 0, quirks = 0;
    for (size_t i = 0; i < n; i++) {
        FpResult o;
        uint32_t seed = seed_exc(i);
        soft_exec(&cases[i], &o, seed);
        FpResult wq = want[i];
        wq.fpsr |= seed;
        const FpResult *w = &wq;
        if (!strict && qemu_quirk(&cases[i], &wq, &o)) {
            quirks++;
        }
        if (o.r == w->r && o.fpsr == w->fpsr && o.nzcv == w->nzcv) continue;
        bad++;
        bad_per_op[cases[i].op]++;
        if (bad <= max_print) {
            const FpCase *c = &cases[i];
            printf("MISMATCH %-14s fpcr=%08x a=%016llx b=%016llx c=%016llx\n"
                   "   qemu   r=%016llx fpsr=%02x nzcv=%x\n   softfp r=%016llx fpsr=%02x nzcv=%x\n",
                   ops[c->op].name, c->fpcr, (unsigned long long)c->a,
                   (unsigned long long)c->b, (unsigned long long)c->c,
                   (unsigned long long)w->r, w->fpsr, w->nzcv >> 28, (unsigned long long)o.r,
                   o.fpsr, o.nzcv >> 28);
        }
    }
    if (bad) {
        printf("per-op mismatches:");
        for (int op = 0; op < OP_COUNT; op++) {
            if (bad_per_op[op]) printf(" %s:%ld", ops[op].name, bad_per_op[op]);
        }
        printf("\n");
    }
    printf("%zu cases (%d ops x %ld, seed %llu): %ld mismatches, %ld known QEMU 7.2 "
           "deviations\n", n, nops, count, (unsigned long long)seed, bad, quirks);
    free(cases);
    free(want);
    return bad ? 1 : 0;
}
