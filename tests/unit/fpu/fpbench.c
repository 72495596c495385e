/* SPDX-License-Identifier: MIT */
/*
 * fpbench.c - cost of softfp operations in ns per call: the host-FP fast
 * path (normal operands, RN), the same with IXC already set (no exactness
 * test), the pure software path, and the bare host instruction for scale.
 *   meson test -C build --benchmark fpu-bench   (or run ./fpbench [iters])
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../frontend/fpu/softfp_int.h"

#define N 1024
static uint64_t va[N], vb[N], vc[N];
static volatile uint64_t sink;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* typical values: normal, magnitude 2^-8 .. 2^8, positive (for sqrt) */
static void fill(FpFmt f)
{
    for (int i = 0; i < N; i++) {
        double x = (double)(rnd() % 1000000 + 1) / (double)(rnd() % 4000 + 1);
        uint64_t d;
        memcpy(&d, &x, 8);
        FpCtx c = fp_ctx_from_fpcr(0);
        uint64_t *v[3] = { &va[i], &vb[i], &vc[i] };
        for (int k = 0; k < 3; k++) {
            *v[k] = f == FP_D ? d : fp_convert(f, FP_D, d, &c);
            x = x * 1.37 + 0.11;
            memcpy(&d, &x, 8);
        }
    }
}

enum { OP_ADD, OP_MUL, OP_DIV, OP_FMA, OP_SQRT, OP_CVT, OP_CMP, OP_N };
static const char *opname[OP_N] = { "add", "mul", "div", "fma", "sqrt", "fcvtzs", "fcmp" };

static double bench(FpFmt f, int op, int mode, long iters)
{
    /* mode 0: fast path, exc clear; 1: fast, IXC preset; 2: software path */
    uint64_t acc = 0;
    double t0 = now();
    for (long it = 0; it < iters; it++) {
        int i = (int)(it & (N - 1));
        FpCtx c = fp_ctx_from_fpcr(0);
        if (mode == 1) c.exc = FP_EXC_IXC;
        uint64_t r;
        switch (op) {
        case OP_ADD: r = mode == 2 ? fp_addsub_soft(f, va[i], vb[i], false, &c)
                                   : fp_add(f, va[i], vb[i], &c); break;
        case OP_MUL: r = mode == 2 ? fp_mul_soft(f, va[i], vb[i], false, &c)
                                   : fp_mul(f, va[i], vb[i], &c); break;
        case OP_DIV: r = mode == 2 ? fp_div_soft(f, va[i], vb[i], &c)
                                   : fp_div(f, va[i], vb[i], &c); break;
        case OP_FMA: r = mode == 2 ? fp_muladd_soft(f, vc[i], va[i], vb[i], &c)
                                   : fp_muladd(f, vc[i], va[i], vb[i], &c); break;
        case OP_SQRT: r = mode == 2 ? fp_sqrt_soft(f, va[i], &c) : fp_sqrt(f, va[i], &c); break;
        case OP_CVT: r = fp_to_int(f, va[i], FP_RZ, 0, 64, false, &c); break;
        default: r = fp_compare(f, va[i], vb[i], false, &c); break;
        }
        acc += r + c.exc;
    }
    double t = now() - t0;
    sink = acc;
    return t * 1e9 / (double)iters;
}

static double bench_host(FpFmt f, int op, long iters)
{
    double t0 = now();
    if (f == FP_D) {
        volatile double acc = 0;
        for (long it = 0; it < iters; it++) {
            int i = (int)(it & (N - 1));
            double a, b, c;
            memcpy(&a, &va[i], 8);
            memcpy(&b, &vb[i], 8);
            memcpy(&c, &vc[i], 8);
            switch (op) {
            case OP_ADD: acc = a + b; break;
            case OP_MUL: acc = a * b; break;
            case OP_DIV: acc = a / b; break;
            case OP_FMA: acc = __builtin_fma(a, b, c); break;
            case OP_SQRT: acc = __builtin_sqrt(a); break;
            default: acc = (double)(long long)a; break;
            }
        }
        (void)acc;
    } else {
        volatile float acc = 0;
        for (long it = 0; it < iters; it++) {
            int i = (int)(it & (N - 1));
            float a, b, c;
            uint32_t u;
            u = (uint32_t)va[i]; memcpy(&a, &u, 4);
            u = (uint32_t)vb[i]; memcpy(&b, &u, 4);
            u = (uint32_t)vc[i]; memcpy(&c, &u, 4);
            switch (op) {
            case OP_ADD: acc = a + b; break;
            case OP_MUL: acc = a * b; break;
            case OP_DIV: acc = a / b; break;
            case OP_FMA: acc = __builtin_fmaf(a, b, c); break;
            case OP_SQRT: acc = __builtin_sqrtf(a); break;
            default: acc = (float)(long long)a; break;
            }
        }
        (void)acc;
    }
    return (now() - t0) * 1e9 / (double)iters;
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 4000000;
    static const FpFmt fmts[] = { FP_H, FP_S, FP_D };
    static const char *fname[] = { "", "half", "single", "double" };
    printf("ns per operation (%ld iterations, random normal operands, RN)\n", iters);
    printf("%-7s %-7s %10s %10s %10s %10s\n", "format", "op", "fast", "fast+IXC", "soft", "host");
    for (int k = 0; k < 3; k++) {
        FpFmt f = fmts[k];
        fill(f);
        for (int op = 0; op < OP_N; op++) {
            double fast = bench(f, op, 0, iters);
            double fastx = bench(f, op, 1, iters);
            double soft = op < OP_CVT ? bench(f, op, 2, iters) : fast;
            double host = f != FP_H && op != OP_CMP ? bench_host(f, op, iters) : 0;
            printf("%-7s %-7s %10.2f %10.2f %10.2f %10.2f\n", fname[f], opname[op], fast, fastx,
                   soft, host);
        }
    }
    return 0;
}
