/* SPDX-License-Identifier: MIT */
/* simdsum.c - benchmark: an Advanced SIMD checksum loop (widening adds, multiply-accumulate, shifts, FMLA, across-lanes). */
#include <arm_neon.h>

#include "fpbench.h"

#define LEN 65536
#define ROUNDS 1000

static uint8_t buf[LEN] __attribute__((aligned(16)));

/*
 * One pass over the buffer, 32 bytes per iteration: a Fletcher-style pair
 * of sums with widening pairwise adds (UADALP), a multiplicative mix
 * (MLA, SHL/USRA, EOR), and single-precision FMLA on the bytes converted
 * to float (UXTL, UCVTF); the lanes are folded at the end (ADDV, FADDP).
 */
static NOINLINE uint64_t simd_pass(const uint8_t *p, unsigned n, uint32_t salt)
{
    uint32x4_t s1 = vdupq_n_u32(salt), s2 = vdupq_n_u32(1), h = vdupq_n_u32(0x9e3779b9u);
    uint16x8_t w = vdupq_n_u16(0);
    float32x4_t f = vdupq_n_f32(0.0f), k = vdupq_n_f32(0.25f);
    const uint32x4_t mul = {0x01000193u, 0x85ebca6bu, 0xc2b2ae35u, 0x27d4eb2fu};

    for (unsigned i = 0; i < n; i += 32) {
        uint8x16_t a = vld1q_u8(p + i), b = vld1q_u8(p + i + 16);
        w = vpadalq_u8(w, a);
        w = vpadalq_u8(w, b);
        uint32x4_t x = vreinterpretq_u32_u8(veorq_u8(a, vrev32q_u8(b)));
        h = vmlaq_u32(x, h, mul);
        h = veorq_u32(h, vshrq_n_u32(h, 15));
        s1 = vaddq_u32(s1, x);
        s2 = vsraq_n_u32(s2, s1, 3);
        float32x4_t fa = vcvtq_f32_u32(vmovl_u16(vget_low_u16(vmovl_u8(vget_low_u8(a)))));
        f = vfmaq_f32(f, fa, k);
        k = vmulq_n_f32(k, 1.0000001f);
        if ((i & 0x3ff) == 0x3e0) {
            s2 = vpadalq_u16(s2, w);   /* fold before the 16-bit lanes overflow */
            w = vdupq_n_u16(0);
        }
    }
    s2 = vpadalq_u16(s2, w);
    uint64_t r = (uint64_t)vaddvq_u32(h) << 32 ^ vaddvq_u32(s1) ^ (uint64_t)vaddvq_u32(s2) << 17;
    float fs = vaddvq_f32(f);
    uint32_t fb;
    __builtin_memcpy(&fb, &fs, sizeof(fb));
    return r ^ fb;
}

int bench_main(void)
{
    uint64_t seed = 3, sum = 0, t0, t1;

    for (unsigned i = 0; i < LEN; i++) {
        buf[i] = (uint8_t)rng_next(&seed);
    }
    t0 = bench_ticks();
    for (unsigned r = 0; r < ROUNDS; r++) {
        uint64_t v = simd_pass(buf, LEN, r);
        sum = (sum << 5 | sum >> 59) ^ v;
        buf[(v >> 3) % LEN] ^= (uint8_t)v;
    }
    t1 = bench_ticks();
    bench_report("simdsum", sum, t0, t1);
    return 0;
}
