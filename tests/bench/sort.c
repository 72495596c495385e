/* SPDX-License-Identifier: MIT */
/* sort.c - benchmark: quicksort (median of three, insertion sort for short runs) of 64-bit keys. */
#include "bench.h"

#define N 100000
#define ROUNDS 30

static uint64_t a[N];

static void insertion(uint64_t *v, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        uint64_t x = v[i];
        long j = i - 1;
        while (j >= lo && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static NOINLINE void quicksort(uint64_t *v, long lo, long hi)
{
    while (hi - lo > 16) {
        long mid = lo + (hi - lo) / 2, i = lo, j = hi;
        uint64_t x = v[lo], y = v[mid], z = v[hi], p, t;

        /* median of three */
        p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        while (i <= j) {
            while (v[i] < p) {
                i++;
            }
            while (v[j] > p) {
                j--;
            }
            if (i <= j) {
                t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller half, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
    insertion(v, lo, hi);
}

int main(void)
{
    uint64_t seed = 7, sum = 0, t0, t1;
    unsigned bad = 0;

    t0 = bench_ticks();
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (long i = 0; i < N; i++) {
            a[i] = rng_next(&seed) >> (r & 7) * 8;   /* later rounds: many duplicates */
        }
        quicksort(a, 0, N - 1);
        for (long i = 1; i < N; i++) {
            bad += a[i - 1] > a[i];
        }
        sum = sum * 31 + a[N / 2] + a[N / 3];
    }
    t1 = bench_ticks();
    check_eq("out-of-order pairs after sorting", bad, 0);
    bench_report("sort", sum, t0, t1);
    return 0;
}
