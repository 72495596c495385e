/* SPDX-License-Identifier: MIT */
/*
 * fpref.c - the reference half of the FP test: an aarch64 Linux program
 * (static, run under qemu-aarch64) that executes each FpCase read from
 * stdin with the real instruction under the case's FPCR and writes the
 * destination register, FPSR and NZCV to stdout.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fpref.h"

typedef void (*FpStub)(const FpCase *c, FpResult *o);

/* Each stub: set FPCR, clear FPSR and NZCV, load the operands, run the
 * instruction, collect x0 | d0 (only one of them is written). */
#define FPOP(id, insn, kind, fmt, p1, p2, p3) \
    static void stub_##id(const FpCase *c, FpResult *o) \
    { \
        uint64_t r, fpsr, nzcv; \
        __asm__ volatile( \
            "msr fpcr, %[fpcr]\n\t" \
            "msr fpsr, xzr\n\t" \
            "msr nzcv, xzr\n\t" \
            "movi v0.2d, #0\n\t" \
            "mov x0, xzr\n\t" \
            "fmov d1, %[a]\n\t" \
            "fmov d2, %[b]\n\t" \
            "fmov d3, %[c]\n\t" \
            "mov x1, %[a]\n\t" \
            insn "\n\t" \
            "mrs %[fpsr], fpsr\n\t" \
            "mrs %[nzcv], nzcv\n\t" \
            "fmov x2, d0\n\t" \
            "orr %[r], x0, x2\n\t" \
            "msr fpcr, xzr\n\t" \
            : [r] "=&r"(r), [fpsr] "=&r"(fpsr), [nzcv] "=&r"(nzcv) \
            : [fpcr] "r"((uint64_t)c->fpcr), [a] "r"(c->a), [b] "r"(c->b), [c] "r"(c->c) \
            : "x0", "x1", "x2", "v0", "v1", "v2", "v3", "cc", "memory"); \
        o->r = r; \
        o->fpsr = (uint32_t)fpsr; \
        o->nzcv = (uint32_t)nzcv; \
    }
#include "fpops.def"
#undef FPOP

static const FpStub stubs[OP_COUNT] = {
#define FPOP(id, insn, kind, fmt, p1, p2, p3) [OP_##id] = stub_##id,
#include "fpops.def"
#undef FPOP
};

int main(void)
{
    enum { BATCH = 4096 };
    static FpCase in[BATCH];
    static FpResult out[BATCH];
    size_t n;
    while ((n = fread(in, sizeof(FpCase), BATCH, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (in[i].op >= OP_COUNT) {
                fprintf(stderr, "fpref: bad op %u\n", in[i].op);
                return 2;
            }
            stubs[in[i].op](&in[i], &out[i]);
        }
        if (fwrite(out, sizeof(FpResult), n, stdout) != n) {
            return 2;
        }
    }
    return 0;
}
