/* SPDX-License-Identifier: MIT */
/* bench.h - shared start/stop reporting for the bare-metal benchmarks. */
#ifndef A64EMU_BENCH_H
#define A64EMU_BENCH_H

#include "rt.h"

/*
 * Each benchmark prints its name, a checksum of its results (so a wrong
 * emulation is noticed: run.sh compares it with QEMU's) and the generic
 * timer ticks spent in the kernel. Under `qemu-system-aarch64 -icount
 * shift=0` one instruction is one nanosecond of virtual time, so run.sh turns
 * those ticks into a guest instruction count (ticks * 1e9 / CNTFRQ).
 */
static inline uint64_t bench_ticks(void)
{
    uint64_t t;

    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
    return t;
}

static inline void bench_report(const char *name, uint64_t checksum, uint64_t t0, uint64_t t1)
{
    printf("bench %s checksum=%016lx\n", name, checksum);
    printf("ticks=%lu cntfrq=%lu\n", t1 - t0, READ_SYSREG(cntfrq_el0));
}

#endif
