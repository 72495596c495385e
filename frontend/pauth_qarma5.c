/* SPDX-License-Identifier: MIT */
/*
 * pauth_qarma5.c - the PAC functions: QARMA5 as the Arm ARM's ComputePAC
 * (DDI 0487 J1.1.2, aarch64/functions/pac/computepac, with PACSub,
 * PACInvSub, PACCellShuffle, PACCellInvShuffle, PACMult, TweakShuffle,
 * TweakInvShuffle, RotCell, TweakCellRot, TweakCellInvRot) and the IMPDEF
 * hash of QEMU's pauth-impdef=on.
 *
 * The state is 16 4-bit cells, cell i in bits 4i+3:4i. The cipher is
 * written once for any round count and S-box so that the unit test can
 * check it against every published QARMA-64 vector; ComputePAC is the
 * 5-round, sigma2 instance. The substitutions go a byte at a time through
 * 256-entry tables built at compile time from the S-box packed in a
 * 64-bit constant (nibble n = S[n]), the cell and tweak permutations
 * through per-byte tables built once; PACMult works on the four 16-bit
 * rows at once.
 */
#include "pauth_qarma5.h"

#include <pthread.h>
#include <stdbool.h>

/* ---- substitution ----------------------------------------------------- */

/* PACSub is sigma2 of the QARMA paper (a PRINCE-family S-box); PACInvSub
 * its inverse. Packed: nibble n holds S[n]. */
#define SIGMA2     0xA12D5473E90CF86Bull
#define SIGMA2_INV 0x37C40F6291BA8DE5ull

#define NIB(c, n) ((unsigned)(((c) >> (4 * (n))) & 15))
#define BYTE(c, x) (uint8_t)(NIB(c, (x) >> 4) << 4 | NIB(c, (x) & 15))
#define T4(c, x) BYTE(c, x), BYTE(c, (x) + 1), BYTE(c, (x) + 2), BYTE(c, (x) + 3)
#define T16(c, x) T4(c, x), T4(c, (x) + 4), T4(c, (x) + 8), T4(c, (x) + 12)
#define T64(c, x) T16(c, x), T16(c, (x) + 16), T16(c, (x) + 32), T16(c, (x) + 48)
#define T256(c) T64(c, 0), T64(c, 64), T64(c, 128), T64(c, 192)

static const uint8_t sub2[256] = {T256(SIGMA2)};
static const uint8_t sub2_inv[256] = {T256(SIGMA2_INV)};

static inline uint64_t sub_bytes(uint64_t x, const uint8_t *t)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 64; i += 8) {
        r |= (uint64_t)t[(x >> i) & 0xff] << i;
    }
    return r;
}

/* ---- permutations ------------------------------------------------------ */

/* PACCellShuffle: output cell j is input cell cell_src[j]. */
static const uint8_t cell_src[16] = {13, 6, 11, 0, 7, 12, 1, 10, 8, 3, 14, 5, 2, 9, 4, 15};

/* TweakShuffle: output cell j is input cell tweak_src[j], passed through
 * TweakCellRot where TWEAK_ROT has bit j set (the tweak's LFSR cells);
 * TweakInvShuffle undoes it. */
static const uint8_t tweak_src[16] = {4, 5, 6, 7, 11, 2, 3, 8, 12, 13, 14, 15, 0, 1, 10, 9};
#define TWEAK_ROT 0xd894u /* cells 2, 4, 7, 11, 12, 14, 15 */

/* TweakCellRot: out<3> = in<0> XOR in<1>, out<2:0> = in<3:1>. */
static inline unsigned tweak_cell_rot(unsigned c)
{
    return (c >> 1) | (((c ^ (c >> 1)) & 1) << 3);
}

/* TweakCellInvRot: out<3:1> = in<2:0>, out<0> = in<0> XOR in<3>. */
static inline unsigned tweak_cell_inv_rot(unsigned c)
{
    return ((c << 1) & 0xe) | ((c ^ (c >> 3)) & 1);
}

/* Each permutation is applied a byte at a time: table[b][v] is where the
 * two cells of input byte b, with value v, land (already passed through
 * their TweakCellRot/InvRot). Built once. */
enum { P_CELL, P_CELL_INV, P_TWEAK, P_TWEAK_INV, P_COUNT };
static uint64_t perm_tab[P_COUNT][8][256];
static pthread_once_t perm_once = PTHREAD_ONCE_INIT;

static void perm_build(uint64_t tab[8][256], const uint8_t dst[16], const uint8_t fn[16])
{
    for (unsigned b = 0; b < 8; b++) {
        for (unsigned v = 0; v < 256; v++) {
            uint64_t o = 0;
            for (unsigned h = 0; h < 2; h++) {
                unsigned i = 2 * b + h, c = (v >> (4 * h)) & 15;
                c = fn[i] == 1 ? tweak_cell_rot(c) : fn[i] == 2 ? tweak_cell_inv_rot(c) : c;
                o |= (uint64_t)c << (4 * dst[i]);
            }
            tab[b][v] = o;
        }
    }
}

static void perm_init(void)
{
    uint8_t dst[16], fn[16];
    for (unsigned j = 0; j < 16; j++) {      /* out j = in cell_src[j] */
        dst[cell_src[j]] = (uint8_t)j;
        fn[j] = 0;
    }
    perm_build(perm_tab[P_CELL], dst, fn);
    for (unsigned j = 0; j < 16; j++) {
        dst[j] = cell_src[j];
    }
    perm_build(perm_tab[P_CELL_INV], dst, fn);
    for (unsigned j = 0; j < 16; j++) {      /* out j = rot?(in tweak_src[j]) */
        dst[tweak_src[j]] = (uint8_t)j;
        fn[tweak_src[j]] = (TWEAK_ROT >> j) & 1;
    }
    perm_build(perm_tab[P_TWEAK], dst, fn);
    for (unsigned j = 0; j < 16; j++) {      /* out tweak_src[j] = invrot?(in j) */
        dst[j] = tweak_src[j];
        fn[j] = ((TWEAK_ROT >> j) & 1) ? 2 : 0;
    }
    perm_build(perm_tab[P_TWEAK_INV], dst, fn);
}

static inline uint64_t perm(unsigned which, uint64_t x)
{
    const uint64_t(*t)[256] = perm_tab[which];
    return t[0][x & 0xff] | t[1][(x >> 8) & 0xff] | t[2][(x >> 16) & 0xff] |
           t[3][(x >> 24) & 0xff] | t[4][(x >> 32) & 0xff] | t[5][(x >> 40) & 0xff] |
           t[6][(x >> 48) & 0xff] | t[7][x >> 56];
}

#define cell_shuffle(x) perm(P_CELL, x)
#define cell_inv_shuffle(x) perm(P_CELL_INV, x)
#define tweak_shuffle(x) perm(P_TWEAK, x)
#define tweak_inv_shuffle(x) perm(P_TWEAK_INV, x)

/* ---- PACMult ----------------------------------------------------------- */

/* RotCell(cell, a) on every cell: rotate each nibble left by a. */
static inline uint64_t rot_cells(uint64_t x, unsigned a)
{
    uint64_t keep = a == 1 ? 0xeeeeeeeeeeeeeeeeull : 0xccccccccccccccccull;
    return ((x << a) & keep) | ((x >> (4 - a)) & ~keep);
}

/* PACMult: the involutory MixColumns. Cells i, i+4, i+8, i+12 form column
 * i; row k is the 16 bits of cells 4k..4k+3, so one XOR of rows does a
 * step of the pseudocode's loop for all four columns. */
static uint64_t pac_mult(uint64_t x)
{
    uint64_t r1 = rot_cells(x, 1), r2 = rot_cells(x, 2);
#define ROW(v, k) (((v) >> (16 * (k))) & 0xffff)
    uint64_t t0 = ROW(r1, 2) ^ ROW(r2, 1) ^ ROW(r1, 0);
    uint64_t t1 = ROW(r1, 3) ^ ROW(r1, 1) ^ ROW(r2, 0);
    uint64_t t2 = ROW(r2, 3) ^ ROW(r1, 2) ^ ROW(r1, 0);
    uint64_t t3 = ROW(r1, 3) ^ ROW(r2, 2) ^ ROW(r1, 1);
#undef ROW
    return t3 | t2 << 16 | t1 << 32 | t0 << 48;
}

/* ---- the cipher ---------------------------------------------------------- */

/* Round constants c0..c7 (digits of pi; ComputePAC uses RC[0..4]) and
 * alpha, the reflection constant. */
static const uint64_t round_const[8] = {
    0x0000000000000000ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull,
    0x082EFA98EC4E6C89ull, 0x452821E638D01377ull, 0xBE5466CF34E90C6Cull,
    0x3F84D5B5B5470917ull, 0x9216D5D98979FB1Bull,
};
#define QARMA_ALPHA 0xC0AC29B7C97C50DDull

/* ComputePAC with r rounds each way and the given S-box tables. key0 is
 * the whitening key (w0), key1 the core key (k0). */
static uint64_t qarma(uint64_t data, uint64_t modifier, uint64_t key0, uint64_t key1,
                      unsigned rounds, const uint8_t *sub, const uint8_t *inv)
{
    /* modk0 = key0<0>:key0<63:2>:(key0<63> EOR key0<1>) */
    uint64_t modk0 = (key0 >> 1 | key0 << 63) ^ (key0 >> 63);
    pthread_once(&perm_once, perm_init);
    uint64_t mod = modifier;
    uint64_t w = data ^ key0;

    for (unsigned i = 0; i < rounds; i++) {
        w ^= key1 ^ mod ^ round_const[i];
        if (i > 0) {
            w = pac_mult(cell_shuffle(w));
        }
        w = sub_bytes(w, sub);
        mod = tweak_shuffle(mod);
    }
    w ^= modk0 ^ mod;
    w = pac_mult(cell_shuffle(w));
    w = sub_bytes(w, sub);
    w = pac_mult(cell_shuffle(w));
    w ^= key1;
    w = cell_inv_shuffle(w);
    w = sub_bytes(w, inv);
    w = cell_inv_shuffle(pac_mult(w));
    w ^= key0 ^ mod;
    for (unsigned i = 0; i < rounds; i++) {
        w = sub_bytes(w, inv);
        if (i < rounds - 1) {
            w = cell_inv_shuffle(pac_mult(w));
        }
        mod = tweak_inv_shuffle(mod);
        w ^= key1 ^ mod ^ round_const[rounds - 1 - i] ^ QARMA_ALPHA;
    }
    return w ^ modk0;
}

/* ---- x86-64 with SSSE3: one cell per byte --------------------------------- */

#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>

/* With each 4-bit cell in its own byte of an XMM register, every step is
 * a byte shuffle: PACSub/PACInvSub and RotCell are PSHUFB table lookups,
 * the cell and tweak permutations are PSHUFB with constant indexes, and
 * PACMult is three shuffles of the rotated cells. About ten times faster
 * than the table version above, which stays for other hosts. */
#define SSSE3 __attribute__((target("ssse3")))

typedef struct QarmaVec {
    uint8_t sub[16], inv[16], rot1[16], rot2[16], trot[16], tinvrot[16];
    uint8_t cell[16], cell_inv[16], tweak[16], tweak_inv[16];
    uint8_t tmask[16], tinvmask[16];   /* 0xff where the tweak cell rotates */
    uint8_t ma[16], mb[16], mc[16];    /* PACMult source cells */
    uint8_t rc[5][16];                 /* RC[i] */
    uint8_t rca[5][16];                /* RC[i] ^ alpha */
} QarmaVec;
static QarmaVec qv __attribute__((aligned(16)));
static bool have_ssse3;

static void cells_of(uint8_t out[16], uint64_t x)
{
    for (unsigned j = 0; j < 16; j++) {
        out[j] = (uint8_t)((x >> (4 * j)) & 15);
    }
}

static void vec_init(void)
{
    for (unsigned c = 0; c < 16; c++) {
        qv.sub[c] = (uint8_t)NIB(SIGMA2, c);
        qv.inv[c] = (uint8_t)NIB(SIGMA2_INV, c);
        qv.rot1[c] = (uint8_t)(((c << 1) | (c >> 3)) & 15);
        qv.rot2[c] = (uint8_t)(((c << 2) | (c >> 2)) & 15);
        qv.trot[c] = (uint8_t)tweak_cell_rot(c);
        qv.tinvrot[c] = (uint8_t)tweak_cell_inv_rot(c);
    }
    for (unsigned j = 0; j < 16; j++) {
        unsigned row = j / 4, i = j % 4;
        static const uint8_t a[4] = {12, 8, 12, 8}, b[4] = {4, 0, 4, 0}, c[4] = {8, 12, 0, 4};
        qv.cell[j] = cell_src[j];
        qv.cell_inv[cell_src[j]] = (uint8_t)j;
        qv.tweak[j] = tweak_src[j];
        qv.tweak_inv[tweak_src[j]] = (uint8_t)j;
        qv.tmask[j] = (TWEAK_ROT >> j) & 1 ? 0xff : 0;
        qv.tinvmask[j] = qv.tmask[j];
        qv.ma[j] = (uint8_t)(a[row] + i);
        qv.mb[j] = (uint8_t)(b[row] + i);
        qv.mc[j] = (uint8_t)(c[row] + i);
    }
    for (unsigned r = 0; r < 5; r++) {
        cells_of(qv.rc[r], round_const[r]);
        cells_of(qv.rca[r], round_const[r] ^ QARMA_ALPHA);
    }
    have_ssse3 = __builtin_cpu_supports("ssse3");
}

#define LD(a) _mm_load_si128((const __m128i *)(a))

static inline SSSE3 __m128i v_expand(uint64_t x)
{
    __m128i v = _mm_cvtsi64_si128((long long)x);
    __m128i m = _mm_set1_epi8(0x0f);
    __m128i lo = _mm_and_si128(v, m);
    __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), m);
    return _mm_unpacklo_epi8(lo, hi);
}

static inline SSSE3 uint64_t v_compress(__m128i c)
{
    __m128i t = _mm_maddubs_epi16(c, _mm_set1_epi16(0x1001));
    t = _mm_packus_epi16(t, t);
    return (uint64_t)_mm_cvtsi128_si64(t);
}

static inline SSSE3 __m128i v_mult(__m128i s)
{
    __m128i r1 = _mm_shuffle_epi8(LD(qv.rot1), s);
    __m128i r2 = _mm_shuffle_epi8(LD(qv.rot2), s);
    return _mm_xor_si128(_mm_xor_si128(_mm_shuffle_epi8(r1, LD(qv.ma)),
                                       _mm_shuffle_epi8(r1, LD(qv.mb))),
                         _mm_shuffle_epi8(r2, LD(qv.mc)));
}

static inline SSSE3 __m128i v_tweak(__m128i t)
{
    __m128i p = _mm_shuffle_epi8(t, LD(qv.tweak));
    __m128i r = _mm_shuffle_epi8(LD(qv.trot), p);
    __m128i m = LD(qv.tmask);
    return _mm_or_si128(_mm_and_si128(m, r), _mm_andnot_si128(m, p));
}

static inline SSSE3 __m128i v_tweak_inv(__m128i t)
{
    __m128i r = _mm_shuffle_epi8(LD(qv.tinvrot), t);
    __m128i m = LD(qv.tinvmask);
    __m128i u = _mm_or_si128(_mm_and_si128(m, r), _mm_andnot_si128(m, t));
    return _mm_shuffle_epi8(u, LD(qv.tweak_inv));
}

/* The same steps as qarma() with rounds = 5. */
static SSSE3 uint64_t qarma5_ssse3(uint64_t data, uint64_t modifier, uint64_t key0,
                                   uint64_t key1)
{
    uint64_t modk0_64 = (key0 >> 1 | key0 << 63) ^ (key0 >> 63);
    __m128i k0 = v_expand(key0), k1 = v_expand(key1), modk0 = v_expand(modk0_64);
    __m128i mod = v_expand(modifier);
    __m128i w = _mm_xor_si128(v_expand(data), k0);
    __m128i sub = LD(qv.sub), inv = LD(qv.inv);
    __m128i cell = LD(qv.cell), cell_inv = LD(qv.cell_inv);

    for (unsigned i = 0; i < 5; i++) {
        w = _mm_xor_si128(w, _mm_xor_si128(_mm_xor_si128(k1, mod), LD(qv.rc[i])));
        if (i > 0) {
            w = v_mult(_mm_shuffle_epi8(w, cell));
        }
        w = _mm_shuffle_epi8(sub, w);
        mod = v_tweak(mod);
    }
    w = _mm_xor_si128(w, _mm_xor_si128(modk0, mod));
    w = v_mult(_mm_shuffle_epi8(w, cell));
    w = _mm_shuffle_epi8(sub, w);
    w = v_mult(_mm_shuffle_epi8(w, cell));
    w = _mm_xor_si128(w, k1);
    w = _mm_shuffle_epi8(w, cell_inv);
    w = _mm_shuffle_epi8(inv, w);
    w = _mm_shuffle_epi8(v_mult(w), cell_inv);
    w = _mm_xor_si128(w, _mm_xor_si128(k0, mod));
    for (unsigned i = 0; i < 5; i++) {
        w = _mm_shuffle_epi8(inv, w);
        if (i < 4) {
            w = _mm_shuffle_epi8(v_mult(w), cell_inv);
        }
        mod = v_tweak_inv(mod);
        w = _mm_xor_si128(w, _mm_xor_si128(_mm_xor_si128(k1, mod), LD(qv.rca[4 - i])));
    }
    return v_compress(_mm_xor_si128(w, modk0));
}

static pthread_once_t vec_once = PTHREAD_ONCE_INIT;

uint64_t pauth_qarma5(uint64_t data, uint64_t modifier, uint64_t key0, uint64_t key1)
{
    pthread_once(&vec_once, vec_init);
    if (have_ssse3) {
        return qarma5_ssse3(data, modifier, key0, key1);
    }
    return qarma(data, modifier, key0, key1, 5, sub2, sub2_inv);
}
#else
uint64_t pauth_qarma5(uint64_t data, uint64_t modifier, uint64_t key0, uint64_t key1)
{
    return qarma(data, modifier, key0, key1, 5, sub2, sub2_inv);
}
#endif

uint64_t pauth_qarma64(uint64_t plaintext, uint64_t tweak, uint64_t w0, uint64_t k0,
                       unsigned rounds, unsigned sbox)
{
    /* The three S-boxes of the paper, sigma0..sigma2. */
    static const uint8_t sigma[3][16] = {
        {0, 14, 2, 10, 9, 15, 8, 11, 6, 4, 3, 7, 13, 12, 1, 5},
        {10, 13, 14, 6, 15, 7, 3, 5, 9, 8, 0, 12, 11, 1, 2, 4},
        {11, 6, 8, 15, 12, 0, 9, 14, 3, 7, 4, 5, 13, 2, 1, 10},
    };
    uint8_t s[16], si[16], sub[256], inv[256];

    if (sbox > 2 || rounds < 1 || rounds > 7) {
        return 0;
    }
    for (unsigned n = 0; n < 16; n++) {
        s[n] = sigma[sbox][n];
        si[s[n]] = (uint8_t)n;
    }
    for (unsigned x = 0; x < 256; x++) {
        sub[x] = (uint8_t)(s[x >> 4] << 4 | s[x & 15]);
        inv[x] = (uint8_t)(si[x >> 4] << 4 | si[x & 15]);
    }
    return qarma(plaintext, tweak, w0, k0, rounds, sub, inv);
}

/* ---- IMPDEF ------------------------------------------------------------- */

/* XXH64's primes and its pieces for an input of exactly four 64-bit lanes
 * (one stripe: round, merge, avalanche). QEMU's qemu_xxhash64_4() does not
 * add the input length before the avalanche, and neither do we. */
#define XXH_P1 0x9E3779B185EBCA87ull
#define XXH_P2 0xC2B2AE3D27D4EB4Full
#define XXH_P3 0x165667B19E3779F9ull
#define XXH_P4 0x85EBCA77C2B2AE63ull
#define XXH_SEED 1ull

static inline uint64_t rol64(uint64_t x, unsigned r)
{
    return x << r | x >> (64 - r);
}

static inline uint64_t xxh_round(uint64_t acc, uint64_t in)
{
    return rol64(acc + in * XXH_P2, 31) * XXH_P1;
}

static inline uint64_t xxh_merge(uint64_t acc, uint64_t v)
{
    return (acc ^ xxh_round(0, v)) * XXH_P1 + XXH_P4;
}

uint64_t pauth_impdef(uint64_t data, uint64_t modifier, uint64_t key_lo, uint64_t key_hi)
{
    uint64_t v1 = xxh_round(XXH_SEED + XXH_P1 + XXH_P2, data);
    uint64_t v2 = xxh_round(XXH_SEED + XXH_P2, modifier);
    uint64_t v3 = xxh_round(XXH_SEED, key_lo);
    uint64_t v4 = xxh_round(XXH_SEED - XXH_P1, key_hi);
    uint64_t h = rol64(v1, 1) + rol64(v2, 7) + rol64(v3, 12) + rol64(v4, 18);

    h = xxh_merge(h, v1);
    h = xxh_merge(h, v2);
    h = xxh_merge(h, v3);
    h = xxh_merge(h, v4);
    h ^= h >> 33;
    h *= XXH_P2;
    h ^= h >> 29;
    h *= XXH_P3;
    h ^= h >> 32;
    return h;
}
