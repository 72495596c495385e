/* SPDX-License-Identifier: MIT */
/* memcpy.c - benchmark: 8-byte and byte-wise copy loops, memset and a compare over 256 KiB buffers. */
#include "bench.h"

#define LEN (256 * 1024)
#define ROUNDS 1800

static uint64_t src[LEN / 8], dst[LEN / 8];

/* Unrolled 64-bit copy (LDP/STP after the compiler is done with it). */
static NOINLINE void copy64(uint64_t *d, const uint64_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i += 4) {
        uint64_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        d[i] = a;
        d[i + 1] = b;
        d[i + 2] = c;
        d[i + 3] = e;
    }
}

static NOINLINE void copy8(uint8_t *d, const uint8_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        d[i] = s[i];
    }
}

static NOINLINE void fill64(uint64_t *d, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        d[i] = v;
    }
}

static NOINLINE uint64_t sum64(const uint64_t *p, unsigned n)
{
    uint64_t s = 0;

    for (unsigned i = 0; i < n; i++) {
        s += p[i] ^ (s >> 7);
    }
    return s;
}

int main(void)
{
    uint64_t seed = 3, sum = 0, t0, t1;

    for (unsigned i = 0; i < LEN / 8; i++) {
        src[i] = rng_next(&seed);
    }
    t0 = bench_ticks();
    for (unsigned r = 0; r < ROUNDS; r++) {
        src[r] += r;
        copy64(dst, src, LEN / 8);
        if (r % 4 == 0) {
            copy8((uint8_t *)dst + 1, (const uint8_t *)src + 3, LEN / 2);
        }
        if (r % 8 == 0) {
            fill64(dst + LEN / 16, r, LEN / 32);
        }
        sum += sum64(dst, LEN / 8);
    }
    t1 = bench_ticks();
    copy64(dst, src, LEN / 8);
    check_true("copy64 copies", memcmp(dst, src, LEN) == 0);
    bench_report("memcpy", sum, t0, t1);
    return 0;
}
