/* SPDX-License-Identifier: MIT */
/* fpbench.h - start-up of the FP/SIMD benchmarks: enable FP, then run the kernel. */
#ifndef A64EMU_FPBENCH_H
#define A64EMU_FPBENCH_H

#include "bench.h"

/*
 * The FP benchmarks are compiled with FP/AdvSIMD allowed (the guest runtime
 * is not: -mgeneral-regs-only). CPACR_EL1.FPEN = 0b11 (DDI 0487 D19.2.30)
 * must be set before the first FP instruction, so main() is kept free of
 * FP registers and calls the benchmark body, bench_main(), afterwards.
 */
int bench_main(void);

__attribute__((target("general-regs-only"))) int main(void)
{
    WRITE_SYSREG(cpacr_el1, 3u << 20);
    __asm__ volatile("isb" ::: "memory");
    return bench_main();
}

/* The bits of a double, for checksums (compared with QEMU's run). */
static inline uint64_t dbits(double d)
{
    uint64_t u;
    __builtin_memcpy(&u, &d, sizeof(u));
    return u;
}

#endif
