/* SPDX-License-Identifier: MIT */
/* fpmatmul.c - benchmark: double-precision matrix multiply (scalar FMADD/FMUL/FADD, loads). */
#include "fpbench.h"

#define N 64
#define ROUNDS 80

static double a[N][N], b[N][N], c[N][N];

/* C = A * B + C / 2 (i-k-j order: the inner loop streams rows of B and C). */
static NOINLINE void matmul(void)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            c[i][j] *= 0.5;
        }
        for (int k = 0; k < N; k++) {
            double aik = a[i][k];
            for (int j = 0; j < N; j++) {
                c[i][j] += aik * b[k][j];
            }
        }
    }
}

int bench_main(void)
{
    uint64_t seed = 7, sum = 0, t0, t1;

    /* values in [-1, 1) with 53 random bits: every rounding mode matters */
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(int64_t)rng_next(&seed) * 0x1p-63;
            b[i][j] = (double)(int64_t)rng_next(&seed) * 0x1p-63;
        }
    }
    t0 = bench_ticks();
    for (int r = 0; r < ROUNDS; r++) {
        matmul();
        b[r % N][(r * 7) % N] += c[(r * 3) % N][r % N] * 0x1p-10;
    }
    t1 = bench_ticks();
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            sum = (sum << 7 | sum >> 57) ^ dbits(c[i][j]);
        }
    }
    bench_report("fpmatmul", sum, t0, t1);
    return 0;
}
