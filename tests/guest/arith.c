/* SPDX-License-Identifier: MIT */
/*
 * arith.c - integer data processing: add/sub (flags, carry, shifted and
 * extended operands, immediates), logic (register and bitmask immediates),
 * shifts, move wide, bitfield and EXTR, 1-source (CLZ/CLS/RBIT/REV*),
 * multiply (MADD/MSUB/widening/high), divide (incl. by zero and overflow),
 * CRC32/CRC32C.
 *
 * Each instruction runs over a grid of operand pairs and incoming NZCV values.
 * Its result and NZCV are checked against a C model written here from the
 * Arm ARM pseudocode (C6.2), and a hash of all results is printed so that the
 * comparison with QEMU catches anything the model misses. Flag-preserving
 * instructions must leave NZCV exactly as set before them.
 */
#include "rt.h"

#define NF_N (1ull << 31)
#define NF_Z (1ull << 30)
#define NF_C (1ull << 29)
#define NF_V (1ull << 28)
#define W(x) ((uint64_t)(uint32_t)(x))
#define SX32(x) ((uint64_t)(int64_t)(int32_t)(x))

typedef uint64_t (*OpFn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout);

/* Run INSN with a in %[a], b in %[b], NZCV preset to fin; result %[r]. */
#define ASM_OP(fn, insn)                                                          \
    static NOINLINE uint64_t fn(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout) \
    {                                                                             \
        uint64_t r, f;                                                            \
        __asm__ volatile("msr nzcv, %[fin]\n\t" insn "\n\tmrs %[f], nzcv"        \
                         : [r] "=&r"(r), [f] "=&r"(f)                             \
                         : [a] "r"(a), [b] "r"(b), [fin] "r"(fin)                 \
                         : "cc");                                                 \
        *fout = f;                                                                \
        return r;                                                                 \
    }

/* A reference that leaves the flags alone. */
#define REF(fn, expr)                                                             \
    static uint64_t fn(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout)      \
    {                                                                             \
        *fout = fin;                                                              \
        return (expr);                                                            \
    }

/* ---- C models -------------------------------------------------------- */

/* AddWithCarry() (Arm ARM J1.1.3 shared/functions/integer). */
static uint64_t add_with_carry(uint64_t a, uint64_t b, unsigned c, int w, uint64_t *nzcv)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull;
    uint64_t r, carry;

    a &= mask;
    b &= mask;
    if (w == 64) {
        uint64_t s1 = a + b;
        r = s1 + c;
        carry = (s1 < a) | (r < s1);
    } else {
        uint64_t full = a + b + c;
        r = full & mask;
        carry = full >> 32;
    }
    uint64_t sign = 1ull << (w - 1);
    uint64_t v = ((a ^ r) & (b ^ r) & sign) != 0;
    *nzcv = ((r & sign) ? NF_N : 0) | (r == 0 ? NF_Z : 0) | (carry ? NF_C : 0) | (v ? NF_V : 0);
    return r;
}

static uint64_t logic_flags(uint64_t r, int w)
{
    uint64_t sign = 1ull << (w - 1);
    return ((r & sign) ? NF_N : 0) | (r == 0 ? NF_Z : 0);
}

static unsigned cin(uint64_t f)
{
    return (f & NF_C) != 0;
}

static uint64_t ror64(uint64_t x, unsigned s)
{
    s &= 63;
    return s ? (x >> s) | (x << (64 - s)) : x;
}

static uint64_t ror32(uint64_t x, unsigned s)
{
    uint32_t v = (uint32_t)x;
    s &= 31;
    return s ? (uint32_t)((v >> s) | (v << (32 - s))) : v;
}

/* Plain shift-and-add and shift-and-subtract models, so that the checks do
 * not use the MUL/UDIV instructions they are checking. */
static uint64_t soft_mul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (; b; b >>= 1, a <<= 1) {
        if (b & 1) {
            r += a;
        }
    }
    return r;
}

static uint64_t soft_umulh(uint64_t a, uint64_t b)
{
    uint64_t al = a & 0xffffffff, ah = a >> 32, bl = b & 0xffffffff, bh = b >> 32;
    uint64_t ll = soft_mul(al, bl), lh = soft_mul(al, bh), hl = soft_mul(ah, bl);
    uint64_t hh = soft_mul(ah, bh);
    uint64_t mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static uint64_t soft_smulh(uint64_t a, uint64_t b)
{
    uint64_t h = soft_umulh(a, b);
    if ((int64_t)a < 0) {
        h -= b;
    }
    if ((int64_t)b < 0) {
        h -= a;
    }
    return h;
}

static uint64_t soft_udiv(uint64_t n, uint64_t d)
{
    uint64_t q = 0, r = 0;

    if (d == 0) {
        return 0;   /* UDIV by zero gives 0 (C6.2.388) */
    }
    for (int i = 63; i >= 0; i--) {
        uint64_t carry = r >> 63;   /* the shift below would drop this bit */
        r = (r << 1) | ((n >> i) & 1);
        if (carry || r >= d) {
            r -= d;
            q |= 1ull << i;
        }
    }
    return q;
}

static uint64_t soft_sdiv(uint64_t n, uint64_t d, int w)
{
    uint64_t sign = 1ull << (w - 1), mask = w == 64 ? ~0ull : 0xffffffffull;
    int nneg = (n & sign) != 0, dneg = (d & sign) != 0;
    uint64_t un = nneg ? (-n & mask) : n & mask, ud = dneg ? (-d & mask) : d & mask;
    uint64_t q = soft_udiv(un, ud);   /* RoundTowardsZero; MIN/-1 wraps */
    return ((nneg != dneg) ? -q : q) & mask;
}

static uint64_t crc_bits(uint64_t crc, uint64_t data, int bytes, uint32_t poly)
{
    crc = (uint32_t)crc;
    for (int i = 0; i < bytes * 8; i++) {
        uint64_t bit = (crc ^ (data >> i)) & 1;
        crc = (crc >> 1) ^ (bit ? poly : 0);
    }
    return crc;
}

static uint64_t clz_n(uint64_t x, int w)
{
    uint64_t n = 0;
    for (int i = w - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t cls_n(uint64_t x, int w)
{
    uint64_t top = (x >> (w - 1)) & 1, n = 0;
    for (int i = w - 2; i >= 0 && ((x >> i) & 1) == top; i--) {
        n++;
    }
    return n;
}

static uint64_t rbit_n(uint64_t x, int w)
{
    uint64_t r = 0;
    for (int i = 0; i < w; i++) {
        r |= ((x >> i) & 1) << (w - 1 - i);
    }
    return r;
}

/* Reverse bytes within each chunk of `chunk` bytes of the low w bits. */
static uint64_t rev_chunks(uint64_t x, int w, int chunk)
{
    uint64_t r = 0;
    for (int i = 0; i < w / 8; i++) {
        int base = i / chunk * chunk, j = base + (chunk - 1 - i % chunk);
        r |= ((x >> (8 * i)) & 0xff) << (8 * j);
    }
    return r;
}

static uint64_t ubfx(uint64_t x, int lsb, int width)
{
    return (x >> lsb) & (width == 64 ? ~0ull : (1ull << width) - 1);
}

static uint64_t sbfx(uint64_t x, int lsb, int width, int w)
{
    uint64_t v = ubfx(x, lsb, width);
    if ((v >> (width - 1)) & 1) {
        v |= ~0ull << width;
    }
    return w == 64 ? v : W(v);
}

static uint64_t bfi(uint64_t dst, uint64_t src, int lsb, int width)
{
    uint64_t m = ((1ull << width) - 1) << lsb;
    return (dst & ~m) | ((src << lsb) & m);
}

/* ---- add / sub ------------------------------------------------------- */
ASM_OP(a_add64, "add %[r], %[a], %[b]")
REF(r_add64, a + b)
ASM_OP(a_add32, "add %w[r], %w[a], %w[b]")
REF(r_add32, W(a + b))
ASM_OP(a_adds64, "adds %[r], %[a], %[b]")
static uint64_t r_adds64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, b, 0, 64, o); }
ASM_OP(a_adds32, "adds %w[r], %w[a], %w[b]")
static uint64_t r_adds32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, b, 0, 32, o); }
ASM_OP(a_sub64, "sub %[r], %[a], %[b]")
REF(r_sub64, a - b)
ASM_OP(a_subs64, "subs %[r], %[a], %[b]")
static uint64_t r_subs64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~b, 1, 64, o); }
ASM_OP(a_subs32, "subs %w[r], %w[a], %w[b]")
static uint64_t r_subs32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~b, 1, 32, o); }
ASM_OP(a_adc64, "adc %[r], %[a], %[b]")
REF(r_adc64, a + b + cin(fin))
ASM_OP(a_adcs64, "adcs %[r], %[a], %[b]")
static uint64_t r_adcs64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, b, cin(f), 64, o); }
ASM_OP(a_adcs32, "adcs %w[r], %w[a], %w[b]")
static uint64_t r_adcs32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, b, cin(f), 32, o); }
ASM_OP(a_sbc32, "sbc %w[r], %w[a], %w[b]")
REF(r_sbc32, W(a - b - 1 + cin(fin)))
ASM_OP(a_sbcs64, "sbcs %[r], %[a], %[b]")
static uint64_t r_sbcs64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~b, cin(f), 64, o); }
ASM_OP(a_sbcs32, "sbcs %w[r], %w[a], %w[b]")
static uint64_t r_sbcs32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~b, cin(f), 32, o); }
ASM_OP(a_neg64, "neg %[r], %[b]")
REF(r_neg64, -b)
ASM_OP(a_ngcs32, "ngcs %w[r], %w[b]")
static uint64_t r_ngcs32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(0, ~b, cin(f), 32, o); }
/* shifted and extended register operands */
ASM_OP(a_add_lsl7, "add %[r], %[a], %[b], lsl #7")
REF(r_add_lsl7, a + (b << 7))
ASM_OP(a_sub_asr13, "sub %[r], %[a], %[b], asr #13")
REF(r_sub_asr13, a - (uint64_t)((int64_t)b >> 13))
ASM_OP(a_adds_lsr31_32, "adds %w[r], %w[a], %w[b], lsr #31")
static uint64_t r_adds_lsr31_32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, W(b) >> 31, 0, 32, o); }
ASM_OP(a_subs_asr5_32, "subs %w[r], %w[a], %w[b], asr #5")
static uint64_t r_subs_asr5_32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~(uint64_t)((int32_t)b >> 5), 1, 32, o); }
ASM_OP(a_add_sxtw2, "add %[r], %[a], %w[b], sxtw #2")
REF(r_add_sxtw2, a + (SX32(b) << 2))
ASM_OP(a_add_uxtb1, "add %[r], %[a], %w[b], uxtb #1")
REF(r_add_uxtb1, a + ((b & 0xff) << 1))
ASM_OP(a_sub_sxth, "sub %[r], %[a], %w[b], sxth")
REF(r_sub_sxth, a - (uint64_t)(int64_t)(int16_t)b)
ASM_OP(a_subs_uxth4_32, "subs %w[r], %w[a], %w[b], uxth #4")
static uint64_t r_subs_uxth4_32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~((b & 0xffff) << 4), 1, 32, o); }
ASM_OP(a_adds_sxtx3, "adds %[r], %[a], %[b], sxtx #3")
static uint64_t r_adds_sxtx3(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, b << 3, 0, 64, o); }
ASM_OP(a_cmn_sxtb, "cmn %[a], %w[b], sxtb\n\tmov %[r], xzr")
static uint64_t r_cmn_sxtb(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { add_with_carry(a, (uint64_t)(int64_t)(int8_t)b, 0, 64, o); return 0; }
ASM_OP(a_add_uxtw_sp, "mov x9, sp\n\tmov sp, %[a]\n\tadd %[r], sp, %w[b], uxtw #1\n\tmov sp, x9")
REF(r_add_uxtw_sp, a + (W(b) << 1))
/* immediates */
ASM_OP(a_add_imm, "add %[r], %[a], #0xabc")
REF(r_add_imm, a + 0xabc)
ASM_OP(a_add_imm12, "add %w[r], %w[a], #0x5a5, lsl #12")
REF(r_add_imm12, W(a + (0x5a5ull << 12)))
ASM_OP(a_subs_imm, "subs %[r], %[a], #4095")
static uint64_t r_subs_imm(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, ~4095ull, 1, 64, o); }
ASM_OP(a_adds_imm32, "adds %w[r], %w[a], #1")
static uint64_t r_adds_imm32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { return add_with_carry(a, 1, 0, 32, o); }
ASM_OP(a_cmp_imm12, "cmp %[a], #0x800, lsl #12\n\tmov %[r], xzr")
static uint64_t r_cmp_imm12(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { add_with_carry(a, ~(0x800ull << 12), 1, 64, o); return 0; }

/* ---- logic ----------------------------------------------------------- */
ASM_OP(a_and64, "and %[r], %[a], %[b]")
REF(r_and64, a & b)
ASM_OP(a_orr32, "orr %w[r], %w[a], %w[b]")
REF(r_orr32, W(a | b))
ASM_OP(a_eor64, "eor %[r], %[a], %[b]")
REF(r_eor64, a ^ b)
ASM_OP(a_bic64, "bic %[r], %[a], %[b]")
REF(r_bic64, a & ~b)
ASM_OP(a_orn32, "orn %w[r], %w[a], %w[b], asr #3")
REF(r_orn32, W(a | ~(uint64_t)((int32_t)b >> 3)))
ASM_OP(a_eon64, "eon %[r], %[a], %[b], ror #17")
REF(r_eon64, a ^ ~ror64(b, 17))
ASM_OP(a_and_ror, "and %[r], %[a], %[b], ror #63")
REF(r_and_ror, a & ror64(b, 63))
ASM_OP(a_ands64, "ands %[r], %[a], %[b]")
static uint64_t r_ands64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { uint64_t r = a & b; *o = logic_flags(r, 64); return r; }
ASM_OP(a_ands32, "ands %w[r], %w[a], %w[b], lsl #9")
static uint64_t r_ands32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { uint64_t r = W(a & (b << 9)); *o = logic_flags(r, 32); return r; }
ASM_OP(a_bics64, "bics %[r], %[a], %[b], lsr #60")
static uint64_t r_bics64(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { uint64_t r = a & ~(b >> 60); *o = logic_flags(r, 64); return r; }
ASM_OP(a_tst32, "tst %w[a], %w[b]\n\tmov %[r], xzr")
static uint64_t r_tst32(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { *o = logic_flags(W(a & b), 32); return 0; }
/* bitmask immediates (DecodeBitMasks, J1.1.3) */
ASM_OP(a_and_i1, "and %[r], %[a], #0x5555555555555555")
REF(r_and_i1, a & 0x5555555555555555ull)
ASM_OP(a_orr_i2, "orr %w[r], %w[a], #0xff00ff00")
REF(r_orr_i2, W(a | 0xff00ff00ull))
ASM_OP(a_eor_i3, "eor %[r], %[a], #0xfffffffffffffffe")
REF(r_eor_i3, a ^ 0xfffffffffffffffeull)
ASM_OP(a_ands_i4, "ands %[r], %[a], #0x0000ffff0000ffff")
static uint64_t r_ands_i4(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { uint64_t r = a & 0x0000ffff0000ffffull; *o = logic_flags(r, 64); return r; }
ASM_OP(a_ands_i5, "ands %w[r], %w[a], #0x3c")
static uint64_t r_ands_i5(uint64_t a, uint64_t b, uint64_t f, uint64_t *o) { uint64_t r = a & 0x3c; *o = logic_flags(r, 32); return r; }
ASM_OP(a_orr_i6, "orr %[r], %[a], #0x8000000000000001")
REF(r_orr_i6, a | 0x8000000000000001ull)
ASM_OP(a_eor_i7, "eor %[r], %[a], #0x3333333333333333")
REF(r_eor_i7, a ^ 0x3333333333333333ull)
ASM_OP(a_and_i8, "and %[r], %[a], #0x00000000fffff000")
REF(r_and_i8, a & 0xfffff000ull)
ASM_OP(a_orr_i9, "orr %w[r], %w[a], #0x1e1e1e1e")
REF(r_orr_i9, W(a | 0x1e1e1e1eull))
ASM_OP(a_and_i10, "and %[r], %[a], #0x7ffffffffffffffe")
REF(r_and_i10, a & 0x7ffffffffffffffeull)
ASM_OP(a_orr_sp, "mov x9, sp\n\torr sp, %[a], #0xf0\n\tmov %[r], sp\n\tmov sp, x9")
REF(r_orr_sp, a | 0xf0)

/* ---- shifts by register ------------------------------------------------ */
ASM_OP(a_lslv64, "lsl %[r], %[a], %[b]")
REF(r_lslv64, a << (b & 63))
ASM_OP(a_lsrv32, "lsr %w[r], %w[a], %w[b]")
REF(r_lsrv32, W(a) >> (b & 31))
ASM_OP(a_asrv64, "asr %[r], %[a], %[b]")
REF(r_asrv64, (uint64_t)((int64_t)a >> (b & 63)))
ASM_OP(a_asrv32, "asr %w[r], %w[a], %w[b]")
REF(r_asrv32, W((int32_t)a >> (b & 31)))
ASM_OP(a_rorv64, "ror %[r], %[a], %[b]")
REF(r_rorv64, ror64(a, (unsigned)b))
ASM_OP(a_rorv32, "ror %w[r], %w[a], %w[b]")
REF(r_rorv32, ror32(a, (unsigned)b))

/* ---- move wide --------------------------------------------------------- */
ASM_OP(a_movz, "movz %[r], #0xbeef, lsl #32")
REF(r_movz, 0xbeef00000000ull)
ASM_OP(a_movn32, "movn %w[r], #0x1234, lsl #16")
REF(r_movn32, W(~(0x1234ull << 16)))
ASM_OP(a_movk, "mov %[r], %[a]\n\tmovk %[r], #0xcafe, lsl #48")
REF(r_movk, (a & 0x0000ffffffffffffull) | 0xcafe000000000000ull)
ASM_OP(a_movk32, "mov %[r], %[a]\n\tmovk %w[r], #0xcafe")
REF(r_movk32, (W(a) & 0xffff0000ull) | 0xcafe)

/* ---- bitfield, EXTR -------------------------------------------------- */
ASM_OP(a_ubfx, "ubfx %[r], %[a], #5, #17")
REF(r_ubfx, ubfx(a, 5, 17))
ASM_OP(a_sbfx, "sbfx %[r], %[a], #60, #4")
REF(r_sbfx, sbfx(a, 60, 4, 64))
ASM_OP(a_sbfx32, "sbfx %w[r], %w[a], #3, #20")
REF(r_sbfx32, sbfx(a, 3, 20, 32))
ASM_OP(a_bfi, "mov %[r], %[b]\n\tbfi %[r], %[a], #8, #12")
REF(r_bfi, bfi(b, a, 8, 12))
ASM_OP(a_bfi32, "mov %[r], %[b]\n\tbfi %w[r], %w[a], #30, #2")
REF(r_bfi32, W(bfi(b, a, 30, 2)))
ASM_OP(a_bfxil, "mov %[r], %[b]\n\tbfxil %[r], %[a], #40, #24")
REF(r_bfxil, bfi(b, a >> 40, 0, 24))
ASM_OP(a_ubfiz, "ubfiz %[r], %[a], #40, #20")
REF(r_ubfiz, ubfx(a, 0, 20) << 40)
ASM_OP(a_sbfiz32, "sbfiz %w[r], %w[a], #7, #9")
REF(r_sbfiz32, W(sbfx(a, 0, 9, 64) << 7))
ASM_OP(a_lsl_i, "lsl %[r], %[a], #13")
REF(r_lsl_i, a << 13)
ASM_OP(a_lsr_i32, "lsr %w[r], %w[a], #31")
REF(r_lsr_i32, W(a) >> 31)
ASM_OP(a_asr_i32, "asr %w[r], %w[a], #7")
REF(r_asr_i32, W((int32_t)a >> 7))
ASM_OP(a_asr_i, "asr %[r], %[a], #63")
REF(r_asr_i, (uint64_t)((int64_t)a >> 63))
ASM_OP(a_sxtb, "sxtb %[r], %w[a]")
REF(r_sxtb, (uint64_t)(int64_t)(int8_t)a)
ASM_OP(a_sxth32, "sxth %w[r], %w[a]")
REF(r_sxth32, W((int16_t)a))
ASM_OP(a_sxtw, "sxtw %[r], %w[a]")
REF(r_sxtw, SX32(a))
ASM_OP(a_uxtb, "uxtb %w[r], %w[a]")
REF(r_uxtb, a & 0xff)
ASM_OP(a_uxth, "uxth %w[r], %w[a]")
REF(r_uxth, a & 0xffff)
ASM_OP(a_extr, "extr %[r], %[a], %[b], #19")
REF(r_extr, (b >> 19) | (a << 45))
ASM_OP(a_extr32, "extr %w[r], %w[a], %w[b], #5")
REF(r_extr32, W((W(b) >> 5) | (a << 27)))
ASM_OP(a_ror_i, "ror %[r], %[a], #7")
REF(r_ror_i, ror64(a, 7))
ASM_OP(a_ror_i32, "ror %w[r], %w[a], #31")
REF(r_ror_i32, ror32(a, 31))

/* ---- 1-source ------------------------------------------------------ */
ASM_OP(a_clz64, "clz %[r], %[a]")
REF(r_clz64, clz_n(a, 64))
ASM_OP(a_clz32, "clz %w[r], %w[a]")
REF(r_clz32, clz_n(W(a), 32))
ASM_OP(a_cls64, "cls %[r], %[a]")
REF(r_cls64, cls_n(a, 64))
ASM_OP(a_cls32, "cls %w[r], %w[a]")
REF(r_cls32, cls_n(W(a), 32))
ASM_OP(a_rbit64, "rbit %[r], %[a]")
REF(r_rbit64, rbit_n(a, 64))
ASM_OP(a_rbit32, "rbit %w[r], %w[a]")
REF(r_rbit32, rbit_n(W(a), 32))
ASM_OP(a_rev64, "rev %[r], %[a]")
REF(r_rev64, rev_chunks(a, 64, 8))
ASM_OP(a_rev32_w, "rev %w[r], %w[a]")
REF(r_rev32_w, rev_chunks(a, 32, 4))
ASM_OP(a_rev32_x, "rev32 %[r], %[a]")
REF(r_rev32_x, rev_chunks(a, 64, 4))
ASM_OP(a_rev16_x, "rev16 %[r], %[a]")
REF(r_rev16_x, rev_chunks(a, 64, 2))
ASM_OP(a_rev16_w, "rev16 %w[r], %w[a]")
REF(r_rev16_w, rev_chunks(a, 32, 2))

/* ---- multiply ------------------------------------------------------- */
ASM_OP(a_mul64, "mul %[r], %[a], %[b]")
REF(r_mul64, soft_mul(a, b))
ASM_OP(a_mul32, "mul %w[r], %w[a], %w[b]")
REF(r_mul32, W(soft_mul(a, b)))
ASM_OP(a_madd, "madd %[r], %[a], %[b], %[a]")
REF(r_madd, soft_mul(a, b) + a)
ASM_OP(a_msub32, "msub %w[r], %w[a], %w[b], %w[b]")
REF(r_msub32, W(b - soft_mul(a, b)))
ASM_OP(a_mneg, "mneg %[r], %[a], %[b]")
REF(r_mneg, -soft_mul(a, b))
ASM_OP(a_smull, "smull %[r], %w[a], %w[b]")
REF(r_smull, soft_mul(SX32(a), SX32(b)))
ASM_OP(a_umull, "umull %[r], %w[a], %w[b]")
REF(r_umull, soft_mul(W(a), W(b)))
ASM_OP(a_smaddl, "smaddl %[r], %w[a], %w[b], %[a]")
REF(r_smaddl, soft_mul(SX32(a), SX32(b)) + a)
ASM_OP(a_umsubl, "umsubl %[r], %w[a], %w[b], %[b]")
REF(r_umsubl, b - soft_mul(W(a), W(b)))
ASM_OP(a_smnegl, "smnegl %[r], %w[a], %w[b]")
REF(r_smnegl, -soft_mul(SX32(a), SX32(b)))
ASM_OP(a_smulh, "smulh %[r], %[a], %[b]")
REF(r_smulh, soft_smulh(a, b))
ASM_OP(a_umulh, "umulh %[r], %[a], %[b]")
REF(r_umulh, soft_umulh(a, b))

/* ---- divide (C6.2.388 UDIV, C6.2.268 SDIV: x/0 = 0, no trap) ---------- */
ASM_OP(a_udiv64, "udiv %[r], %[a], %[b]")
REF(r_udiv64, soft_udiv(a, b))
ASM_OP(a_udiv32, "udiv %w[r], %w[a], %w[b]")
REF(r_udiv32, soft_udiv(W(a), W(b)))
ASM_OP(a_sdiv64, "sdiv %[r], %[a], %[b]")
REF(r_sdiv64, soft_sdiv(a, b, 64))
ASM_OP(a_sdiv32, "sdiv %w[r], %w[a], %w[b]")
REF(r_sdiv32, soft_sdiv(a, b, 32))

/* ---- CRC32 (FEAT_CRC32, poly 0x04C11DB7 / 0x1EDC6F41 bit-reflected) ------- */
#define P_CRC32 0xEDB88320u
#define P_CRC32C 0x82F63B78u
ASM_OP(a_crc32b, "crc32b %w[r], %w[a], %w[b]")
REF(r_crc32b, crc_bits(a, b, 1, P_CRC32))
ASM_OP(a_crc32h, "crc32h %w[r], %w[a], %w[b]")
REF(r_crc32h, crc_bits(a, b, 2, P_CRC32))
ASM_OP(a_crc32w, "crc32w %w[r], %w[a], %w[b]")
REF(r_crc32w, crc_bits(a, b, 4, P_CRC32))
ASM_OP(a_crc32x, "crc32x %w[r], %w[a], %[b]")
REF(r_crc32x, crc_bits(a, b, 8, P_CRC32))
ASM_OP(a_crc32cb, "crc32cb %w[r], %w[a], %w[b]")
REF(r_crc32cb, crc_bits(a, b, 1, P_CRC32C))
ASM_OP(a_crc32ch, "crc32ch %w[r], %w[a], %w[b]")
REF(r_crc32ch, crc_bits(a, b, 2, P_CRC32C))
ASM_OP(a_crc32cw, "crc32cw %w[r], %w[a], %w[b]")
REF(r_crc32cw, crc_bits(a, b, 4, P_CRC32C))
ASM_OP(a_crc32cx, "crc32cx %w[r], %w[a], %[b]")
REF(r_crc32cx, crc_bits(a, b, 8, P_CRC32C))

typedef struct {
    const char *name;
    OpFn op, ref;
} OpCase;

#define C(n) { #n, a_##n, r_##n }
static const OpCase cases[] = {
    C(add64), C(add32), C(adds64), C(adds32), C(sub64), C(subs64), C(subs32),
    C(adc64), C(adcs64), C(adcs32), C(sbc32), C(sbcs64), C(sbcs32), C(neg64), C(ngcs32),
    C(add_lsl7), C(sub_asr13), C(adds_lsr31_32), C(subs_asr5_32), C(add_sxtw2),
    C(add_uxtb1), C(sub_sxth), C(subs_uxth4_32), C(adds_sxtx3), C(cmn_sxtb),
    C(add_uxtw_sp), C(add_imm), C(add_imm12), C(subs_imm), C(adds_imm32), C(cmp_imm12),
    C(and64), C(orr32), C(eor64), C(bic64), C(orn32), C(eon64), C(and_ror), C(ands64),
    C(ands32), C(bics64), C(tst32), C(and_i1), C(orr_i2), C(eor_i3), C(ands_i4),
    C(ands_i5), C(orr_i6), C(eor_i7), C(and_i8), C(orr_i9), C(and_i10), C(orr_sp),
    C(lslv64), C(lsrv32), C(asrv64), C(asrv32), C(rorv64), C(rorv32),
    C(movz), C(movn32), C(movk), C(movk32),
    C(ubfx), C(sbfx), C(sbfx32), C(bfi), C(bfi32), C(bfxil), C(ubfiz), C(sbfiz32),
    C(lsl_i), C(lsr_i32), C(asr_i32), C(asr_i), C(sxtb), C(sxth32), C(sxtw), C(uxtb),
    C(uxth), C(extr), C(extr32), C(ror_i), C(ror_i32),
    C(clz64), C(clz32), C(cls64), C(cls32), C(rbit64), C(rbit32), C(rev64), C(rev32_w),
    C(rev32_x), C(rev16_x), C(rev16_w),
    C(mul64), C(mul32), C(madd), C(msub32), C(mneg), C(smull), C(umull), C(smaddl),
    C(umsubl), C(smnegl), C(smulh), C(umulh),
    C(udiv64), C(udiv32), C(sdiv64), C(sdiv32),
    C(crc32b), C(crc32h), C(crc32w), C(crc32x), C(crc32cb), C(crc32ch), C(crc32cw),
    C(crc32cx),
};

static uint64_t vals[28] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 31, 32, 63, 64,
    0xffffffff80000000ull,
};
static const uint64_t flag_in[3] = { 0, NF_C, NF_N | NF_Z | NF_C | NF_V };

static uint64_t hash_step(uint64_t h, uint64_t v)
{
    h ^= v;
    h ^= h >> 29;
    return h * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
}

/* CRC-32 and CRC-32C of "123456789" are the catalogued check values
 * 0xCBF43926 and 0xE3069283 (Williams, "A painless guide to CRC"). */
static void crc_check_values(void)
{
    static const char msg[] = "123456789";
    uint32_t c = 0xffffffff, cc = 0xffffffff;

    for (int i = 0; i < 9; i++) {
        __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(c) : "r"(msg[i]));
        __asm__ volatile("crc32cb %w0, %w0, %w1" : "+r"(cc) : "r"(msg[i]));
    }
    check_eq("crc32 check value", ~c, 0xCBF43926u);
    check_eq("crc32c check value", ~cc, 0xE3069283u);
}

int main(void)
{
    uint64_t seed = 0x0123456789abcdefull, total = 0;
    unsigned nv = 24;

    for (; nv < sizeof(vals) / sizeof(vals[0]); nv++) {
        vals[nv] = rng_next(&seed);
    }
    printf("arith: %u instructions x %u operand pairs x 3 NZCV inputs\n",
           (unsigned)(sizeof(cases) / sizeof(cases[0])), nv * nv);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const OpCase *c = &cases[i];
        uint64_t h = 0;
        unsigned bad = 0;

        for (unsigned x = 0; x < nv; x++) {
            for (unsigned y = 0; y < nv; y++) {
                for (unsigned k = 0; k < 3; k++) {
                    uint64_t fo = 0, rfo = 0;
                    uint64_t r = c->op(vals[x], vals[y], flag_in[k], &fo);
                    uint64_t e = c->ref(vals[x], vals[y], flag_in[k], &rfo);

                    h = hash_step(hash_step(h, r), fo);
                    if (r != e || fo != rfo) {
                        if (!bad) {
                            printf("  %s(0x%lx, 0x%lx) nzcv_in=0x%lx: got 0x%lx nzcv 0x%lx, "
                                   "model 0x%lx nzcv 0x%lx\n", c->name, vals[x], vals[y],
                                   flag_in[k], r, fo, e, rfo);
                        }
                        bad++;
                    }
                }
            }
        }
        printf("%s %-16s hash=%016lx", bad ? "FAIL" : "PASS", c->name, h);
        if (bad) {
            printf(" (%u mismatches with the model)", bad);
        }
        printf("\n");
        check_count(bad == 0);
        total = hash_step(total, h);
    }
    crc_check_values();
    printf("arith total hash = %016lx\n", total);
    return 0;
}
