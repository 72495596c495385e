/* SPDX-License-Identifier: MIT */
/* harness.h - constants shared by the differential-test harness (boot.S,
 * harness.c) and mirrored in tests/diff/gen.py; keep the three in sync. */
#ifndef DIFF_HARNESS_H
#define DIFF_HARNESS_H

/* Sandbox buffer that random loads and stores may touch: a fixed physical
 * address in RAM (64 MiB past the image base), 2 KiB long. */
#define DIFF_SANDBOX        0x44000000
#define DIFF_SANDBOX_SIZE   2048
/* End of RAM with the default -m 128M (the abort class straddles it). */
#define DIFF_RAM_END        0x48000000

/* Register save area (diff_regs): x0..x30, then sp, then nzcv. */
#define DIFF_REG_SP         31
#define DIFF_REG_NZCV       32
#define DIFF_NREGS          33

/* Per-case initial state table emitted by gen.py: x0..x30, sp, nzcv,
 * sandbox seed. */
#define DIFF_INIT_SP        (31 * 8)
#define DIFF_INIT_NZCV      (32 * 8)
#define DIFF_INIT_SEED      (33 * 8)
/* FP/SIMD cases (init flags bit 2): FPCR at 288, V0..V31 (lo, hi) from
 * 304; loaded by the generated case prologue (gen.py case_asm). */
#define DIFF_INIT_FPCR      (36 * 8)
#define DIFF_INIT_V         (38 * 8)
#define DIFF_FLAG_FP        4

/* Exception log (diff_exc): count, scratch[2], pad, then records. */
#define DIFF_EXC_COUNT      0
#define DIFF_EXC_SCRATCH    8
#define DIFF_EXC_REC        32
#define DIFF_EXC_RECSIZE    32
#define DIFF_EXC_MAXREC     32
/* More exceptions than this in one case means a runaway: give up. */
#define DIFF_EXC_LIMIT      4096

#endif
