/* SPDX-License-Identifier: MIT */
/*
 * fptest.c - scalar FP comparison test: every stub of gen.py (one
 * instruction form each) over special and random operands under several
 * FPCR values; one line per stub and FPCR with a hash of the results,
 * FPSR and NZCV. -DVERBOSE=\"name\" prints every case of one stub,
 * -DONLY=\"prefix\" runs only the matching stubs.
 */
#include "rt.h"

typedef struct Stub {
    const char *name;
    void (*fn)(void);
    char kind;   /* f: FP result, i: integer result, c: NZCV only */
    char in;     /* h/s/d or i (integer input) */
    int nops;
} Stub;

#include "vals.h"
#include "cases.h"

#ifndef VERBOSE
#define VERBOSE ""
#endif
#ifndef ONLY
#define ONLY ""
#endif

static const uint32_t modes[] = {
    0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25, (1u << 24) | (1u << 25) | (2u << 22),
    1u << 19, (1u << 19) | (1u << 25) | (1u << 22), 1u << 26,
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

static int verbose;
static uint64_t hash;
static uint32_t fpsr_or;

static unsigned undefs;
static uint64_t last_esr;
static ExcAction hook(ExcFrame *f, unsigned kind)
{
    undefs++;
    last_esr = f->esr;
    return EXC_ACT_SKIP;
}

static void call_stub(void (*fn)(void), uint64_t a, uint64_t b, uint64_t c, uint64_t nz,
                      uint64_t *out)
{
    register uint64_t x0 __asm__("x0") = a;
    register uint64_t x1 __asm__("x1") = b;
    register uint64_t x2 __asm__("x2") = c;
    register uint64_t x3 __asm__("x3") = nz;
    register uint64_t x4 __asm__("x4") = (uint64_t)out;
    register uint64_t x5 __asm__("x5") = 0x5a5aa5a5deadbeefull;
    __asm__ volatile("blr %[fn]"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
                     : [fn] "r"(fn)
                     : "x6", "x7", "x8", "x9", "x30", "cc", "memory");
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static int prefix(const char *p, const char *s)
{
    while (*p && *p == *s) {
        p++;
        s++;
    }
    return *p == 0;
}

static void one(const Stub *st, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t c, uint64_t nz)
{
    uint64_t out[3];
    WRITE_SYSREG(fpcr, fpcr);
    WRITE_SYSREG(fpsr, 0);
    call_stub(st->fn, a, b, c, nz, out);
    uint32_t fpsr = (uint32_t)READ_SYSREG(fpsr);
    fpsr_or |= fpsr;
    uint64_t v[4] = {out[0], out[1], out[2], fpsr ^ (last_esr << 32)};
    last_esr = 0;
    for (int i = 0; i < 4; i++) {
        hash ^= v[i];
        hash *= 0x100000001b3ull;
        hash ^= hash >> 29;
    }
    if (verbose)
        printf("  %s fpcr=%x a=%lx b=%lx c=%lx nz=%lx -> %lx %lx nzcv=%lx fpsr=%x\n", st->name,
               fpcr, a, b, c, nz >> 28, out[0], out[1], out[2] >> 28, fpsr);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run(const Stub *st, uint32_t fpcr)
{
    const uint64_t *sp, *rn, *fm;
    unsigned nsp, nrn, nfm;
    switch (st->in) {
    case 'h': sp = spec_h; nsp = N(spec_h); rn = rnd_h; nrn = N(rnd_h); fm = fma_h; nfm = N(fma_h); break;
    case 's': sp = spec_s; nsp = N(spec_s); rn = rnd_s; nrn = N(rnd_s); fm = fma_s; nfm = N(fma_s); break;
    case 'd': sp = spec_d; nsp = N(spec_d); rn = rnd_d; nrn = N(rnd_d); fm = fma_d; nfm = N(fma_d); break;
    default: sp = ints; nsp = N(ints); rn = ints; nrn = 0; fm = ints; nfm = 0; break;
    }
    unsigned k = 0;
    switch (st->nops) {
    case 0:
        one(st, fpcr, 0, 0, 0, 0);
        break;
    case 1:
        for (unsigned i = 0; i < nsp; i++)
            one(st, fpcr, sp[i], 0, 0, 0);
        for (unsigned i = 0; i < nrn; i++)
            one(st, fpcr, rn[i], 0, 0, 0);
        break;
    case 2:
        for (unsigned i = 0; i < nsp; i++)
            for (unsigned j = 0; j < nsp; j++, k++)
                one(st, fpcr, sp[i], sp[j], 0, (uint64_t)(k & 15) << 28);
        for (unsigned i = 0; i < nrn; i++, k++)
            one(st, fpcr, rn[i], rn[(i * 7 + 3) % nrn], 0, (uint64_t)(k & 15) << 28);
        for (unsigned i = 0; i < nrn; i++, k++)
            one(st, fpcr, rn[i], sp[i % nsp], 0, (uint64_t)(k & 15) << 28);
        break;
    case 3:
        for (unsigned i = 0; i < nsp; i += 3)
            for (unsigned j = 1; j < nsp; j += 3)
                for (unsigned l = 2; l < nsp; l += 2)
                    one(st, fpcr, sp[i], sp[j], sp[l], 0);
        for (unsigned i = 0; i < nrn; i++)
            one(st, fpcr, rn[i], rn[(i * 7 + 3) % nrn], rn[(i * 13 + 5) % nrn], 0);
        for (unsigned i = 0; i < nrn; i++)
            one(st, fpcr, rn[i], rn[(i * 11 + 1) % nrn], sp[i % nsp], 0);
        /* near-cancelling a * b + c (c in the third slot: FMADD's Ra,
         * FMLA's accumulator) */
        for (unsigned i = 0; i + 2 < nfm; i += 3)
            one(st, fpcr, fm[i], fm[i + 1], fm[i + 2], 0);
        break;
    }
}

int main(void)
{
    /* CPACR_EL1.FPEN = 11: no FP traps at EL1/EL0 */
    WRITE_SYSREG(cpacr_el1, 3u << 20);
    __asm__ volatile("isb");
    exc_set_hook(hook);
    for (unsigned i = 0; i < N(stubs); i++) {
        const Stub *st = &stubs[i];
        if (ONLY[0] && !prefix(ONLY, st->name))
            continue;
        verbose = VERBOSE[0] && streq(VERBOSE, st->name);
        unsigned nm = prefix("fmovi_", st->name) ? 1 : NMODES;
        for (unsigned m = 0; m < nm; m++) {
            hash = 0xcbf29ce484222325ull;
            fpsr_or = 0;
            run(st, modes[m]);
            printf("%s %x %lx %x%s\n", st->name, modes[m], hash, fpsr_or, undefs ? " UNDEF" : "");
            undefs = 0;
        }
    }
    return 0;
}
