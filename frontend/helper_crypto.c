/* SPDX-License-Identifier: MIT */
/*
 * helper_crypto.c - the cryptographic extension instructions (DDI 0487
 * C7.2 AESE ... XAR, and the shared functions AESSubBytes, AESShiftRows,
 * AESMixColumns and their inverses, SHAchoose/SHAparity/SHAmajority,
 * SHA256hash, SHAhashSIGMA0/1, ROL/ROR in J1.3).
 *
 * The 128-bit values are handled as four 32-bit words w[0] (bits 31:0) ..
 * w[3] (bits 127:96), two 64-bit halves, or sixteen bytes b[0] (bits 7:0)
 * .. b[15]; the AES state byte b[i] is row i % 4, column i / 4, as in
 * FIPS-197 with byte 0 the first input byte.
 */
#include <string.h>

#include "cpu.h"
#include "helpers.h"
#include "simd_int.h"

typedef struct CrVec {
    uint32_t w[4];
} CrVec;

static CrVec cr_get(const A64Cpu *c, unsigned r)
{
    CrVec v;
    for (unsigned i = 0; i < 2; i++) {
        v.w[2 * i] = (uint32_t)c->v[r][i];
        v.w[2 * i + 1] = (uint32_t)(c->v[r][i] >> 32);
    }
    return v;
}

static void cr_put(A64Cpu *c, unsigned r, CrVec v)
{
    c->v[r][0] = v.w[0] | (uint64_t)v.w[1] << 32;
    c->v[r][1] = v.w[2] | (uint64_t)v.w[3] << 32;
}

static inline uint8_t cr_byte(const CrVec *v, unsigned i)
{
    return (uint8_t)(v->w[i / 4] >> (8 * (i % 4)));
}

static inline void cr_set_byte(CrVec *v, unsigned i, uint8_t x)
{
    unsigned sh = 8 * (i % 4);
    v->w[i / 4] = (v->w[i / 4] & ~(0xffu << sh)) | ((uint32_t)x << sh);
}

static inline uint32_t rol32(uint32_t x, unsigned n)
{
    n &= 31;
    return n ? (x << n) | (x >> (32 - n)) : x;
}

static inline uint32_t ror32(uint32_t x, unsigned n)
{
    return rol32(x, 32 - (n & 31));
}

static inline uint64_t ror64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x >> n) | (x << (64 - n)) : x;
}

/* ---- AES ---------------------------------------------------------------- */

/* The S-box is computed rather than transcribed: the multiplicative inverse
 * in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 followed by the FIPS-197
 * affine transformation (b ^ rotl(b,1..4) ^ 0x63). */
static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, unsigned n)
{
    return (uint8_t)((x << n) | (x >> (8 - n)));
}

__attribute__((constructor)) static void aes_tables_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        if (x) {
            for (unsigned y = 1; y < 256; y++) {
                if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                    inv = (uint8_t)y;
                    break;
                }
            }
        }
        uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

/* AESE: SubBytes(ShiftRows(Vd EOR Vn)); the two commute. AESD likewise
 * with the inverses. ShiftRows: row r rotates left by r columns. */
static CrVec aes_round(CrVec st, bool decrypt)
{
    CrVec out;
    for (unsigned r = 0; r < 4; r++) {
        for (unsigned c = 0; c < 4; c++) {
            unsigned from = decrypt ? r + 4 * ((c + 4 - r) % 4) : r + 4 * ((c + r) % 4);
            uint8_t b = cr_byte(&st, from);
            cr_set_byte(&out, r + 4 * c, decrypt ? aes_inv_sbox[b] : aes_sbox[b]);
        }
    }
    return out;
}

static CrVec aes_mix(CrVec st, bool inverse)
{
    static const uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t *k = inverse ? inv : fwd;
    CrVec out;
    for (unsigned c = 0; c < 4; c++) {
        uint8_t a[4];
        for (unsigned r = 0; r < 4; r++) {
            a[r] = cr_byte(&st, r + 4 * c);
        }
        for (unsigned r = 0; r < 4; r++) {
            uint8_t b = 0;
            for (unsigned j = 0; j < 4; j++) {
                b ^= gf_mul(a[j], k[(j + 4 - r) % 4]);
            }
            cr_set_byte(&out, r + 4 * c, b);
        }
    }
    return out;
}

/* ---- SHA-1 / SHA-256 -------------------------------------------------------- */

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/* SHA1C/SHA1P/SHA1M: four rounds; X = Vd (a, b, c, d), Y = Sn (e),
 * W = Vm. The 160-bit Y:X rotates left by 32 after each round. */
static CrVec sha1_rounds(CrVec x, uint32_t y, CrVec w,
                         uint32_t (*f)(uint32_t, uint32_t, uint32_t))
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = f(x.w[1], x.w[2], x.w[3]);
        y = y + rol32(x.w[0], 5) + t + w.w[e];
        x.w[1] = rol32(x.w[1], 30);
        uint32_t top = x.w[3];
        x.w[3] = x.w[2];
        x.w[2] = x.w[1];
        x.w[1] = x.w[0];
        x.w[0] = y;
        y = top;
    }
    return x;
}

static uint32_t sigma0_256(uint32_t x)
{
    return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
}

static uint32_t sigma1_256(uint32_t x)
{
    return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}

static uint32_t s0_256(uint32_t x)
{
    return ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
}

static uint32_t s1_256(uint32_t x)
{
    return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10);
}

/* SHA256hash(X, Y, W, part1): X = (a, b, c, d), Y = (e, f, g, h). */
static CrVec sha256_hash(CrVec x, CrVec y, CrVec w, bool part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.w[0], y.w[1], y.w[2]);
        uint32_t maj = sha_majority(x.w[0], x.w[1], x.w[2]);
        uint32_t t = y.w[3] + sigma1_256(y.w[0]) + chs + w.w[e];
        x.w[3] = t + x.w[3];
        y.w[3] = t + sigma0_256(x.w[0]) + maj;
        /* <Y, X> = ROL(Y : X, 32) */
        uint32_t xtop = x.w[3], ytop = y.w[3];
        for (unsigned i = 3; i > 0; i--) {
            x.w[i] = x.w[i - 1];
            y.w[i] = y.w[i - 1];
        }
        x.w[0] = ytop;
        y.w[0] = xtop;
    }
    return part1 ? x : y;
}

/* ---- SHA-512 ------------------------------------------------------------------ */

static uint64_t sigma0_512(uint64_t x)
{
    return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
}

static uint64_t sigma1_512(uint64_t x)
{
    return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41);
}

static uint64_t s0_512(uint64_t x)
{
    return ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
}

static uint64_t s1_512(uint64_t x)
{
    return ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6);
}

/* ---- SM3 / SM4 ------------------------------------------------------------------ */

/* The SM4 S-box of GB/T 32907-2016 (the standard gives it as a table). */
static const uint8_t sm4_sbox[256] = {
    0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
    0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
    0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
    0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
    0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
    0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
    0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
    0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
    0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
    0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
    0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
    0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
    0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
    0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
    0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
    0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
};

static uint32_t sm4_tau(uint32_t x)
{
    uint32_t r = 0;
    for (unsigned i = 0; i < 4; i++) {
        r |= (uint32_t)sm4_sbox[(x >> (8 * i)) & 0xff] << (8 * i);
    }
    return r;
}

/* SM4E (key = false: L(B) = B ^ rol 2, 10, 18, 24) and SM4EKEY (L'(B) =
 * B ^ rol 13, 23): four rounds, word i updated from the other three. */
static CrVec sm4_rounds(CrVec x, CrVec rk, bool key)
{
    for (unsigned i = 0; i < 4; i++) {
        uint32_t t = sm4_tau(x.w[(i + 1) % 4] ^ x.w[(i + 2) % 4] ^ x.w[(i + 3) % 4] ^ rk.w[i]);
        if (key) {
            t ^= rol32(t, 13) ^ rol32(t, 23);
        } else {
            t ^= rol32(t, 2) ^ rol32(t, 10) ^ rol32(t, 18) ^ rol32(t, 24);
        }
        x.w[i] ^= t;
    }
    return x;
}

/* SM3TT1A/1B/2A/2B: one compression step on Vd = (.., A/E state words). */
static CrVec sm3tt(CrVec d, CrVec n, CrVec m, unsigned imm2, unsigned kind)
{
    uint32_t t;
    switch (kind) {
    case 0: /* TT1A */
    case 2: /* TT2A */
        t = sha_parity(d.w[3], d.w[2], d.w[1]);
        break;
    case 1: /* TT1B */
        t = sha_majority(d.w[3], d.w[2], d.w[1]);
        break;
    default: /* TT2B */
        t = sha_choose(d.w[3], d.w[2], d.w[1]);
        break;
    }
    t += d.w[0] + m.w[imm2 & 3];
    uint32_t d3 = d.w[3], d2 = d.w[2];
    d.w[0] = d.w[1];
    if (kind < 2) {
        t += n.w[3] ^ rol32(d3, 12);
        d.w[1] = rol32(d2, 9);
    } else {
        t += n.w[3];
        t ^= rol32(t, 9) ^ rol32(t, 17);
        d.w[1] = rol32(d2, 19);
    }
    d.w[2] = d3;
    d.w[3] = t;
    return d;
}

/* ---- the helper ------------------------------------------------------------------- */

uint64_t helper_crypto(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned op = a0 & 0xff;
    unsigned rd = (a0 >> 8) & 31, rn = (a0 >> 13) & 31, rm = (a0 >> 18) & 31;
    unsigned ra = (a0 >> 23) & 31, imm = (a0 >> 28) & 63;
    CrVec d = cr_get(c, rd), n = cr_get(c, rn), m = cr_get(c, rm), a = cr_get(c, ra);
    CrVec r;
    uint64_t d0 = c->v[rd][0], d1 = c->v[rd][1];
    uint64_t n0 = c->v[rn][0], n1 = c->v[rn][1];
    uint64_t m0 = c->v[rm][0], m1 = c->v[rm][1];
    uint64_t a0v = c->v[ra][0], a1v = c->v[ra][1];

    (void)a1;
    (void)a2;
    (void)a3;
    memset(&r, 0, sizeof(r));
    switch (op) {
    case CR_AESE:
    case CR_AESD:
        for (unsigned i = 0; i < 4; i++) {
            d.w[i] ^= n.w[i];
        }
        r = aes_round(d, op == CR_AESD);
        break;
    case CR_AESMC:
    case CR_AESIMC:
        r = aes_mix(n, op == CR_AESIMC);
        break;
    case CR_SHA1C:
        r = sha1_rounds(d, n.w[0], m, sha_choose);
        break;
    case CR_SHA1P:
        r = sha1_rounds(d, n.w[0], m, sha_parity);
        break;
    case CR_SHA1M:
        r = sha1_rounds(d, n.w[0], m, sha_majority);
        break;
    case CR_SHA1SU0:
        /* (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm */
        c->v[rd][0] = d1 ^ d0 ^ m0;
        c->v[rd][1] = n0 ^ d1 ^ m1;
        return 0;
    case CR_SHA1H:
        r.w[0] = rol32(n.w[0], 30);
        break;
    case CR_SHA1SU1: {
        /* T = Vd EOR LSR(Vn, 32); each word ROL 1, the top one also
         * EOR ROL(T<31:0>, 2) */
        uint32_t t[4] = {d.w[0] ^ n.w[1], d.w[1] ^ n.w[2], d.w[2] ^ n.w[3], d.w[3]};
        for (unsigned i = 0; i < 4; i++) {
            r.w[i] = rol32(t[i], 1);
        }
        r.w[3] ^= rol32(t[0], 2);
        break;
    }
    case CR_SHA256H:
        r = sha256_hash(d, n, m, true);
        break;
    case CR_SHA256H2:
        r = sha256_hash(n, d, m, false);
        break;
    case CR_SHA256SU0: {
        /* T = Vn<31:0> : Vd<127:32> */
        uint32_t t[4] = {d.w[1], d.w[2], d.w[3], n.w[0]};
        for (unsigned i = 0; i < 4; i++) {
            r.w[i] = s0_256(t[i]) + d.w[i];
        }
        break;
    }
    case CR_SHA256SU1: {
        /* T0 = Vm<31:0> : Vn<127:32>; T1 = Vm<127:64>, then the new words */
        uint32_t t0[4] = {n.w[1], n.w[2], n.w[3], m.w[0]};
        r.w[0] = s1_256(m.w[2]) + d.w[0] + t0[0];
        r.w[1] = s1_256(m.w[3]) + d.w[1] + t0[1];
        r.w[2] = s1_256(r.w[0]) + d.w[2] + t0[2];
        r.w[3] = s1_256(r.w[1]) + d.w[3] + t0[3];
        break;
    }
    case CR_SHA512H: {
        /* X = Vn, Y = Vm, W = Vd */
        uint64_t hi = ((m1 & n0) ^ (~m1 & n1)) + sigma1_512(m1) + d1;
        uint64_t tmp = hi + m0;
        uint64_t lo = ((tmp & m1) ^ (~tmp & n0)) + sigma1_512(tmp) + d0;
        c->v[rd][0] = lo;
        c->v[rd][1] = hi;
        return 0;
    }
    case CR_SHA512H2: {
        uint64_t hi = ((n0 & m1) ^ (n0 & m0) ^ (m1 & m0)) + sigma0_512(m0) + d1;
        uint64_t lo = ((hi & m0) ^ (hi & m1) ^ (m1 & m0)) + sigma0_512(hi) + d0;
        c->v[rd][0] = lo;
        c->v[rd][1] = hi;
        return 0;
    }
    case CR_SHA512SU0:
        c->v[rd][0] = d0 + s0_512(d1);
        c->v[rd][1] = d1 + s0_512(n0);
        return 0;
    case CR_SHA512SU1:
        c->v[rd][0] = d0 + s1_512(n0) + m0;
        c->v[rd][1] = d1 + s1_512(n1) + m1;
        return 0;
    case CR_EOR3:
        c->v[rd][0] = n0 ^ m0 ^ a0v;
        c->v[rd][1] = n1 ^ m1 ^ a1v;
        return 0;
    case CR_BCAX:
        c->v[rd][0] = n0 ^ (m0 & ~a0v);
        c->v[rd][1] = n1 ^ (m1 & ~a1v);
        return 0;
    case CR_RAX1:
        c->v[rd][0] = n0 ^ ror64(m0, 63);
        c->v[rd][1] = n1 ^ ror64(m1, 63);
        return 0;
    case CR_XAR:
        c->v[rd][0] = ror64(n0 ^ m0, imm);
        c->v[rd][1] = ror64(n1 ^ m1, imm);
        return 0;
    case CR_SM3PARTW1: {
        for (unsigned i = 0; i < 4; i++) {
            uint32_t w = i < 3 ? m.w[i + 1] : r.w[0];
            uint32_t t = d.w[i] ^ n.w[i] ^ rol32(w, 15);
            r.w[i] = t ^ rol32(t, 15) ^ rol32(t, 23);
        }
        break;
    }
    case CR_SM3PARTW2: {
        uint32_t t = n.w[0] ^ rol32(m.w[0], 7);
        for (unsigned i = 0; i < 4; i++) {
            r.w[i] = d.w[i] ^ n.w[i] ^ rol32(m.w[i], 7);
        }
        r.w[3] ^= rol32(t, 15) ^ rol32(t, 30) ^ rol32(t, 6);
        break;
    }
    case CR_SM3SS1:
        r.w[3] = rol32(rol32(n.w[3], 12) + m.w[3] + a.w[3], 7);
        break;
    case CR_SM3TT1A:
    case CR_SM3TT1B:
    case CR_SM3TT2A:
    case CR_SM3TT2B:
        r = sm3tt(d, n, m, imm, op - CR_SM3TT1A);
        break;
    case CR_SM4E:
        r = sm4_rounds(d, n, false);
        break;
    case CR_SM4EKEY:
        r = sm4_rounds(n, m, true);
        break;
    default:
        return 0;
    }
    cr_put(c, rd, r);
    return 0;
}
