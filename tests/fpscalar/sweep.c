/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - random encodings around every a64-fp.decode row (and anywhere
 * in the scalar FP space), each run once with a random full register
 * state and FPCR; prints the exception class and a hash of the state after.
 * Every 8th encoding is also run with CPACR_EL1.FPEN = 00 (UNDEF or the
 * EC 0x07 trap, with its ISS). Compared line by line with QEMU.
 */
#include "rt.h"
#include "sweep.h"
#include "vals.h"

typedef struct State {
    uint64_t x[31];
    uint64_t nzcv, fpcr, fpsr;
    uint64_t v[32][2];
} State;

extern void exec_insn(State *st);
extern uint32_t insn_slot[];
extern void exec_bare(void);
extern uint32_t insn_slot2[];

#ifndef NCASES
#define NCASES 20000
#endif
#ifndef SEED
#define SEED 1
#endif

static uint64_t last_esr;
static ExcAction hook(ExcFrame *f, unsigned kind)
{
    last_esr = f->esr;
    return EXC_ACT_SKIP;
}

static const uint32_t modes[] = {
    0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25, (1u << 24) | (1u << 25) | (2u << 22),
    1u << 19, (1u << 19) | (1u << 25) | (1u << 22), 1u << 26, (1u << 26) | (1u << 24),
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static State st;
static uint64_t rs = SEED * 0x9e3779b97f4a7c15ull + 1;

static uint64_t fpval(void)
{
    uint64_t r = rng_next(&rs);
    switch (r % 4) {
    case 0: return spec_h[(r >> 8) % N(spec_h)] | (spec_h[(r >> 20) % N(spec_h)] << 16) |
                   ((uint64_t)spec_s[(r >> 32) % N(spec_s)] << 32);
    case 1: return spec_s[(r >> 8) % N(spec_s)] | (spec_s[(r >> 20) % N(spec_s)] << 32);
    case 2: return spec_d[(r >> 8) % N(spec_d)];
    default: return rng_next(&rs);
    }
}

int main(void)
{
    WRITE_SYSREG(cpacr_el1, 3u << 20);
    __asm__ volatile("isb");
    exc_set_hook(hook);
    for (unsigned i = 0; i < NCASES; i++) {
        unsigned p = rng_next(&rs) % N(pat_mask);
        uint32_t insn = pat_val[p] | ((uint32_t)rng_next(&rs) & ~pat_mask[p]);
        uint64_t r = rng_next(&rs);
        if (((r >> 40) & 3) == 0) {
            /* anywhere in the scalar FP space: M 0 S 1111x */
            insn = ((uint32_t)rng_next(&rs) & 0xa1ffffffu) | 0x1e000000u;
        } else if ((r & 3) == 0) {
            static const unsigned bits[] = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 29};
            insn ^= 1u << bits[(r >> 8) % N(bits)];
        }
        for (int j = 0; j < 31; j++)
            st.x[j] = (rng_next(&rs) & 1) ? ints[rng_next(&rs) % N(ints)] : fpval();
        for (int j = 0; j < 32; j++) {
            st.v[j][0] = fpval();
            st.v[j][1] = fpval();
        }
        st.nzcv = (rng_next(&rs) & 15) << 28;
        st.fpcr = modes[rng_next(&rs) % N(modes)];
        st.fpsr = (rng_next(&rs) & 1) ? 0 : 0x9f;
        /* An encoding none of our rows matches is kept only inside the
         * scalar FP space (bit 30 = 0): the neighbours in the Advanced SIMD
         * scalar space are other groups' instructions (and QEMU 7.2 aborts
         * on some unallocated FP16 two-register-misc encodings). */
        if (insn & (1u << 30)) {
            int ok = 0;
            for (unsigned q = 0; q < N(pat_mask); q++)
                ok |= (insn & pat_mask[q]) == pat_val[q];
            if (!ok)
                continue;
        }
        insn_slot[0] = insn;
        __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(insn_slot) : "memory");
        last_esr = ~0ull;
        exec_insn(&st);
        if ((i & 7) == 0) {
            /* the same encoding with CPACR_EL1.FPEN = 00: UNDEF or EC 0x07 */
            insn_slot2[0] = insn;
            __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(insn_slot2) : "memory");
            WRITE_SYSREG(cpacr_el1, 0);
            __asm__ volatile("isb");
            uint64_t e0 = last_esr;
            last_esr = ~0ull;
            exec_bare();
            printf("  trap %08x esr=%lx\n", insn, last_esr);
            WRITE_SYSREG(cpacr_el1, 3u << 20);
            __asm__ volatile("isb");
            last_esr = e0;
        }
        uint64_t h = 0xcbf29ce484222325ull;
        const uint64_t *w = (const uint64_t *)&st;
        for (unsigned k = 0; k < sizeof(st) / 8; k++) {
            h ^= w[k];
            h *= 0x100000001b3ull;
            h ^= h >> 29;
        }
        printf("%u %08x %s %lx %lx\n", i, insn, pat_name[p], last_esr == ~0ull ? 0xff : last_esr >> 26, h);
    }
    return 0;
}
