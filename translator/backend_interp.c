/* SPDX-License-Identifier: MIT */
/*
 * backend_interp.c - the cold-code engine: each IR block is compiled once
 * into a pre-decoded op stream run with direct threading (computed goto).
 *
 * Compiled form. A block owns a frame of 64-bit slots (code caches are per
 * vCPU and only one block runs at a time per vCPU, so the frame can be
 * static per block). Operands are host pointers: to frame slots (constants
 * are placed there at compile time), or straight into the guest register
 * file. So most guest instructions become one dispatch:
 *  - a GET_REG whose register is not overwritten before the value's last
 *    use reads the register itself (no copy);
 *  - a producer whose result is SET_REG'd writes the register directly
 *    (its other uses then read the register), if nothing between the two
 *    can observe or change that register (helper calls, possible
 *    exceptions, raw CPU-field accesses) and nothing overwrites it before
 *    the value's last use;
 *  - a flag computation whose SET_NZCV follows without an observer writes
 *    PSTATE.NZCV itself;
 *  - identity extensions cost nothing, and 32-bit truncations feeding
 *    32-bit ops vanish (every 32-bit handler reads only the low 32 bits of
 *    its operands);
 *  - neighbours fuse: an address ADD (and its shift) into the load/store
 *    ([base + imm], [base + idx << s]); a constant shift into the ALU op
 *    using it (shifted register operands); a compare, bit test or flag
 *    computation into the conditional exit after it.
 * Every decision is checked by tests/unit/test_ir.c, which runs random
 * blocks here and through a plain reference evaluator.
 * Handlers always read all operands before writing a result, so a result
 * may share a slot or register with an operand.
 *
 * Loads and stores test the soft TLB inline (one compare, one add) and go
 * to env->load_slow/store_slow otherwise; those may longjmp out, which is
 * safe because guest registers are written through.
 *
 * Chaining: LINK/COND exits jump straight into tb->link[i] when set; an
 * unchained exit reports itself in env->last_tb/last_exit so the
 * dispatcher can chain it (codecache_link, same page only). Indirect jumps
 * within the page look the target up in the code cache's jump cache; jumps
 * into another page use the dispatcher's recent translations of that page
 * (env->ctc, valid until the next context synchronization) and the jump
 * cache. Every chained step checks env->exit_request.
 */
#include <glib.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ir.h"
#include "ir_eval.h"
#include "ir_flags.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* One word of the op stream. */
typedef union IWord {
    const void *h;
    uint64_t *p;
    void *v;
    uint64_t u;
} IWord;

/* tb->code points at ops[], so that a chained jump is two dependent loads
 * (tb->link[n], then its code) before the first handler. */
typedef struct InterpCode {
    uint64_t *frame;
    uint32_t nwords;
    uint32_t nframe;
    IWord ops[];
} InterpCode;

static inline InterpCode *code_of(TranslationBlock *tb)
{
    return (InterpCode *)((char *)tb->code - offsetof(InterpCode, ops));
}

/* ---- handler list ---------------------------------------------------- */

#define ALU_OPS(X, W) \
    X(add##W) X(sub##W) X(mul##W) X(and##W) X(or##W) X(xor##W) X(andn##W) X(orn##W) \
    X(xorn##W) X(not##W) X(neg##W) X(shl##W) X(lshr##W) X(ashr##W) X(ror##W) \
    X(udiv##W) X(sdiv##W) X(clz##W) X(cls##W) X(rbit##W) X(bswap##W) X(adc##W) \
    X(sbc##W) X(eq##W) X(ne##W) X(ult##W) X(ule##W) X(slt##W) X(sle##W) \
    X(nzcv_add##W) X(nzcv_add##W##_s) X(nzcv_sub##W) X(nzcv_sub##W##_s) \
    X(nzcv_adc##W) X(nzcv_adc##W##_s) X(nzcv_sbc##W) X(nzcv_sbc##W##_s) \
    X(nzcv_logic##W) X(nzcv_logic##W##_s)

/* ALU ops with a shifted second operand: op(a, b SHIFT imm) */
#define SHOP3(X, op, W) X(op##_shl##W) X(op##_lsr##W) X(op##_asr##W)
#define SHOPS(X, W) \
    SHOP3(X, add, W) SHOP3(X, sub, W) SHOP3(X, and, W) SHOP3(X, or, W) \
    SHOP3(X, xor, W) SHOP3(X, andn, W) SHOP3(X, orn, W)

/* four forms of each access: [base], [base + imm], [base + idx << s], and
 * [base] followed by base + imm into another location (post-index) */
#define MEM3(X, name) X(name) X(name##_ri) X(name##_rr) X(name##_post)

/* pairs (LDP/STP): [base], [base + imm], [base] then post-index */
#define PAIR3(X, name) X(name) X(name##_ri) X(name##_post)

#define INTERP_HANDLERS(X) \
    X(mov) X(ld_nzcv) X(st_nzcv) \
    X(ldcpu8) X(ldcpu16) X(ldcpu32) X(ldcpu64) \
    X(stcpu8) X(stcpu16) X(stcpu32) X(stcpu64) \
    ALU_OPS(X, 64) ALU_OPS(X, 32) \
    X(umulh) X(smulh) \
    SHOPS(X, 64) SHOPS(X, 32) \
    X(andi) X(extract) X(sexti) X(deposit) X(select) X(cond) X(generic) \
    MEM3(X, ld8) MEM3(X, ld16) MEM3(X, ld32) MEM3(X, ld64) \
    MEM3(X, ld8s32) MEM3(X, ld16s32) MEM3(X, ld8s64) MEM3(X, ld16s64) MEM3(X, ld32s64) \
    MEM3(X, st8) MEM3(X, st16) MEM3(X, st32) MEM3(X, st64) \
    PAIR3(X, ld32p) PAIR3(X, ld32sp) PAIR3(X, ld64p) PAIR3(X, st32p) PAIR3(X, st64p) \
    X(call) X(call_x) X(barrier) \
    X(exit_link) X(exit_cond) X(exit_cc) X(exit_indirect) X(exit_dispatch) X(exit_exc) \
    X(exit_add64_cc) X(exit_sub64_cc) X(exit_logic64_cc) \
    X(exit_add32_cc) X(exit_sub32_cc) X(exit_logic32_cc) \
    X(exit_eq64) X(exit_ne64) X(exit_ult64) X(exit_ule64) X(exit_slt64) X(exit_sle64) \
    X(exit_eq32) X(exit_ne32) X(exit_ult32) X(exit_ule32) X(exit_slt32) X(exit_sle32) \
    X(exit_tstz) X(exit_tstnz)

enum {
#define X(name) H_##name,
    INTERP_HANDLERS(X)
#undef X
    H_COUNT
};

static const void *const *interp_labels;

static const char *const interp_names[H_COUNT] = {
#define X(name) [H_##name] = #name,
    INTERP_HANDLERS(X)
#undef X
};

/* ---- fast flag computation (same results as ir_flags.h) -------------- */

#if defined(__x86_64__)
/* The host's arithmetic sets the same N, Z and V; its carry is Arm's C for
 * an addition and the inverse (borrow) for a subtraction. */
#define FL_PACK(n, z, c, v) \
    (((uint32_t)(n) << 31) | ((uint32_t)(z) << 30) | ((uint32_t)(c) << 29) | ((uint32_t)(v) << 28))

static inline uint32_t fl_add64(uint64_t a, uint64_t b)
{
    uint8_t n, z, c, v;
    __asm__("add %5, %4\n\tsets %0\n\tsete %1\n\tsetc %2\n\tseto %3"
            : "=r"(n), "=r"(z), "=r"(c), "=r"(v), "+r"(a) : "r"(b) : "cc");
    return FL_PACK(n, z, c, v);
}

static inline uint32_t fl_sub64(uint64_t a, uint64_t b)
{
    uint8_t n, z, c, v;
    __asm__("cmp %5, %4\n\tsets %0\n\tsete %1\n\tsetae %2\n\tseto %3"
            : "=r"(n), "=r"(z), "=r"(c), "=r"(v) : "r"(a), "r"(b) : "cc");
    return FL_PACK(n, z, c, v);
}

static inline uint32_t fl_add32(uint32_t a, uint32_t b)
{
    uint8_t n, z, c, v;
    __asm__("addl %5, %4\n\tsets %0\n\tsete %1\n\tsetc %2\n\tseto %3"
            : "=r"(n), "=r"(z), "=r"(c), "=r"(v), "+r"(a) : "r"(b) : "cc");
    return FL_PACK(n, z, c, v);
}

static inline uint32_t fl_sub32(uint32_t a, uint32_t b)
{
    uint8_t n, z, c, v;
    __asm__("cmpl %5, %4\n\tsets %0\n\tsete %1\n\tsetae %2\n\tseto %3"
            : "=r"(n), "=r"(z), "=r"(c), "=r"(v) : "r"(a), "r"(b) : "cc");
    return FL_PACK(n, z, c, v);
}

static inline uint32_t fl_nz64(uint64_t r)
{
    uint8_t n, z;
    __asm__("test %2, %2\n\tsets %0\n\tsete %1" : "=r"(n), "=r"(z) : "r"(r) : "cc");
    return FL_PACK(n, z, 0, 0);
}

static inline uint32_t fl_nz32(uint32_t r)
{
    uint8_t n, z;
    __asm__("testl %2, %2\n\tsets %0\n\tsete %1" : "=r"(n), "=r"(z) : "r"(r) : "cc");
    return FL_PACK(n, z, 0, 0);
}
#else
static inline uint32_t fl_nz64(uint64_t r)
{
    return (uint32_t)((r >> 63) << 31) | (r == 0 ? NZCV_Z : 0);
}

static inline uint32_t fl_nz32(uint32_t r)
{
    return (r & 0x80000000u) | (r == 0 ? NZCV_Z : 0);
}

static inline uint32_t fl_add64(uint64_t a, uint64_t b)
{
    uint64_t r = a + b;
    return fl_nz64(r) | (r < a ? NZCV_C : 0) |
           (uint32_t)(((~(a ^ b) & (a ^ r)) >> 63) << 28);
}

static inline uint32_t fl_sub64(uint64_t a, uint64_t b)
{
    uint64_t r = a - b;
    return fl_nz64(r) | (a >= b ? NZCV_C : 0) | (uint32_t)((((a ^ b) & (a ^ r)) >> 63) << 28);
}

static inline uint32_t fl_add32(uint32_t a, uint32_t b)
{
    uint32_t r = a + b;
    return fl_nz32(r) | (r < a ? NZCV_C : 0) | (((~(a ^ b) & (a ^ r)) >> 31) << 28);
}

static inline uint32_t fl_sub32(uint32_t a, uint32_t b)
{
    uint32_t r = a - b;
    return fl_nz32(r) | (a >= b ? NZCV_C : 0) | ((((a ^ b) & (a ^ r)) >> 31) << 28);
}
#endif

static inline uint64_t rbit64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}

/* ---- the engine -------------------------------------------------------- */

#define NEXT(nw)          \
    do {                  \
        ip += (nw);       \
        goto *ip->h;      \
    } while (0)

#define P(k) (ip[k].p)
#define U(k) (ip[k].u)
#define A32(k) ((uint32_t)*P(k))

static void interp_run(EngineEnv *env, TranslationBlock *tb)
{
    static const void *const labels[H_COUNT] = {
#define X(name) [H_##name] = &&L_##name,
        INTERP_HANDLERS(X)
#undef X
    };
    if (!env) {
        interp_labels = labels;
        return;
    }

    void *cpu = env->cpu;
    volatile int *xreq = env->exit_request;
    uint64_t xt;  /* a jump into another page: its target */
    uint32_t xfl; /* ... and the translation flags of the block jumping */
/* An unchained LINK/COND exit n of block self to target: try the other-page
 * lookup, else report the exit for chaining (same page only). */
#define XPAGE_OR_REPORT(self, target, n)                                    \
    do {                                                                    \
        const TranslationBlock *self_ = (self);                             \
        if (((target) ^ self_->key.pc) & A64_PAGE_MASK) {                   \
            xt = (target);                                                  \
            xfl = self_->key.flags;                                         \
            goto xpage;                                                     \
        }                                                                   \
        env->last_tb = (TranslationBlock *)self_;                           \
        env->last_exit = (n);                                               \
    } while (0)
    const IWord *ip = (const IWord *)tb->code;
    goto *ip->h;

    /* guest state */
L_mov:
    *P(1) = *P(2);
    NEXT(3);
L_ld_nzcv:
    *P(1) = *(uint32_t *)ip[2].v;
    NEXT(3);
L_st_nzcv:
    *(uint32_t *)ip[1].v = A32(2) & 0xf0000000u;
    NEXT(3);
L_ldcpu8:
    *P(1) = *(uint8_t *)ip[2].v;
    NEXT(3);
L_ldcpu16: {
    uint16_t x;
    memcpy(&x, ip[2].v, 2);
    *P(1) = x;
    NEXT(3);
}
L_ldcpu32: {
    uint32_t x;
    memcpy(&x, ip[2].v, 4);
    *P(1) = x;
    NEXT(3);
}
L_ldcpu64: {
    uint64_t x;
    memcpy(&x, ip[2].v, 8);
    *P(1) = x;
    NEXT(3);
}
L_stcpu8:
    *(uint8_t *)ip[1].v = (uint8_t)*P(2);
    NEXT(3);
L_stcpu16: {
    uint16_t x = (uint16_t)*P(2);
    memcpy(ip[1].v, &x, 2);
    NEXT(3);
}
L_stcpu32: {
    uint32_t x = (uint32_t)*P(2);
    memcpy(ip[1].v, &x, 4);
    NEXT(3);
}
L_stcpu64: {
    uint64_t x = *P(2);
    memcpy(ip[1].v, &x, 8);
    NEXT(3);
}

    /* 64-bit arithmetic: [h, d, a, b] */
L_add64: *P(1) = *P(2) + *P(3); NEXT(4);
L_sub64: *P(1) = *P(2) - *P(3); NEXT(4);
L_mul64: *P(1) = *P(2) * *P(3); NEXT(4);
L_and64: *P(1) = *P(2) & *P(3); NEXT(4);
L_or64: *P(1) = *P(2) | *P(3); NEXT(4);
L_xor64: *P(1) = *P(2) ^ *P(3); NEXT(4);
L_andn64: *P(1) = *P(2) & ~*P(3); NEXT(4);
L_orn64: *P(1) = *P(2) | ~*P(3); NEXT(4);
L_xorn64: *P(1) = *P(2) ^ ~*P(3); NEXT(4);
L_not64: *P(1) = ~*P(2); NEXT(3);
L_neg64: *P(1) = 0 - *P(2); NEXT(3);
L_shl64: *P(1) = *P(2) << (*P(3) & 63); NEXT(4);
L_lshr64: *P(1) = *P(2) >> (*P(3) & 63); NEXT(4);
L_ashr64: *P(1) = (uint64_t)((int64_t)*P(2) >> (*P(3) & 63)); NEXT(4);
L_ror64: {
    uint64_t x = *P(2);
    unsigned s = *P(3) & 63;
    *P(1) = s ? (x >> s) | (x << (64 - s)) : x;
    NEXT(4);
}
L_udiv64: {
    uint64_t x = *P(2), y = *P(3);
    *P(1) = y ? x / y : 0;
    NEXT(4);
}
L_sdiv64: {
    int64_t x = (int64_t)*P(2), y = (int64_t)*P(3);
    *P(1) = y == 0 ? 0 : y == -1 ? 0 - (uint64_t)x : (uint64_t)(x / y);
    NEXT(4);
}
L_clz64: {
    uint64_t x = *P(2);
    *P(1) = x ? (uint64_t)__builtin_clzll(x) : 64;
    NEXT(3);
}
L_cls64: {
    uint64_t x = *P(2);
    uint64_t y = x ^ (uint64_t)((int64_t)x >> 63);
    *P(1) = (y ? (uint64_t)__builtin_clzll(y) : 64) - 1;
    NEXT(3);
}
L_rbit64: *P(1) = rbit64(*P(2)); NEXT(3);
L_bswap64: *P(1) = __builtin_bswap64(*P(2)); NEXT(3);
L_adc64: *P(1) = *P(2) + *P(3) + ((*P(4) >> 29) & 1); NEXT(5);
L_sbc64: *P(1) = *P(2) + ~*P(3) + ((*P(4) >> 29) & 1); NEXT(5);
L_eq64: *P(1) = *P(2) == *P(3); NEXT(4);
L_ne64: *P(1) = *P(2) != *P(3); NEXT(4);
L_ult64: *P(1) = *P(2) < *P(3); NEXT(4);
L_ule64: *P(1) = *P(2) <= *P(3); NEXT(4);
L_slt64: *P(1) = (int64_t)*P(2) < (int64_t)*P(3); NEXT(4);
L_sle64: *P(1) = (int64_t)*P(2) <= (int64_t)*P(3); NEXT(4);

    /* flags: [h, d, a, b (, c)] and the _s forms add [.., nzcv] */
L_nzcv_add64: *P(1) = fl_add64(*P(2), *P(3)); NEXT(4);
L_nzcv_add64_s: {
    uint32_t f = fl_add64(*P(2), *P(3));
    *P(1) = f;
    *(uint32_t *)ip[4].v = f;
    NEXT(5);
}
L_nzcv_sub64: *P(1) = fl_sub64(*P(2), *P(3)); NEXT(4);
L_nzcv_sub64_s: {
    uint32_t f = fl_sub64(*P(2), *P(3));
    *P(1) = f;
    *(uint32_t *)ip[4].v = f;
    NEXT(5);
}
L_nzcv_adc64:
    *P(1) = ir_flags_addc(64, *P(2), *P(3), (*P(4) >> 29) & 1);
    NEXT(5);
L_nzcv_adc64_s: {
    uint32_t f = ir_flags_addc(64, *P(2), *P(3), (*P(4) >> 29) & 1);
    *P(1) = f;
    *(uint32_t *)ip[5].v = f;
    NEXT(6);
}
L_nzcv_sbc64:
    *P(1) = ir_flags_addc(64, *P(2), ~*P(3), (*P(4) >> 29) & 1);
    NEXT(5);
L_nzcv_sbc64_s: {
    uint32_t f = ir_flags_addc(64, *P(2), ~*P(3), (*P(4) >> 29) & 1);
    *P(1) = f;
    *(uint32_t *)ip[5].v = f;
    NEXT(6);
}
L_nzcv_logic64: *P(1) = fl_nz64(*P(2)); NEXT(3);
L_nzcv_logic64_s: {
    uint32_t f = fl_nz64(*P(2));
    *P(1) = f;
    *(uint32_t *)ip[3].v = f;
    NEXT(4);
}

    /* 32-bit forms read only the low 32 bits of their operands */
L_add32: *P(1) = (uint32_t)(*P(2) + *P(3)); NEXT(4);
L_sub32: *P(1) = (uint32_t)(*P(2) - *P(3)); NEXT(4);
L_mul32: *P(1) = (uint32_t)(A32(2) * A32(3)); NEXT(4);
L_and32: *P(1) = (uint32_t)(*P(2) & *P(3)); NEXT(4);
L_or32: *P(1) = (uint32_t)(*P(2) | *P(3)); NEXT(4);
L_xor32: *P(1) = (uint32_t)(*P(2) ^ *P(3)); NEXT(4);
L_andn32: *P(1) = (uint32_t)(*P(2) & ~*P(3)); NEXT(4);
L_orn32: *P(1) = (uint32_t)(*P(2) | ~*P(3)); NEXT(4);
L_xorn32: *P(1) = (uint32_t)(*P(2) ^ ~*P(3)); NEXT(4);
L_not32: *P(1) = (uint32_t)~*P(2); NEXT(3);
L_neg32: *P(1) = (uint32_t)(0 - *P(2)); NEXT(3);
L_shl32: *P(1) = (uint32_t)(A32(2) << (*P(3) & 31)); NEXT(4);
L_lshr32: *P(1) = A32(2) >> (*P(3) & 31); NEXT(4);
L_ashr32: *P(1) = (uint32_t)((int32_t)A32(2) >> (*P(3) & 31)); NEXT(4);
L_ror32: {
    uint32_t x = A32(2);
    unsigned s = *P(3) & 31;
    *P(1) = s ? (uint32_t)((x >> s) | (x << (32 - s))) : x;
    NEXT(4);
}
L_udiv32: {
    uint32_t x = A32(2), y = A32(3);
    *P(1) = y ? x / y : 0;
    NEXT(4);
}
L_sdiv32: {
    int32_t x = (int32_t)A32(2), y = (int32_t)A32(3);
    *P(1) = y == 0 ? 0 : y == -1 ? (uint32_t)(0u - (uint32_t)x) : (uint32_t)(x / y);
    NEXT(4);
}
L_clz32: {
    uint32_t x = A32(2);
    *P(1) = x ? (uint64_t)__builtin_clz(x) : 32;
    NEXT(3);
}
L_cls32: {
    uint32_t x = A32(2);
    uint32_t y = x ^ (uint32_t)((int32_t)x >> 31);
    *P(1) = (y ? (uint64_t)__builtin_clz(y) : 32) - 1;
    NEXT(3);
}
L_rbit32: *P(1) = rbit64(A32(2)) >> 32; NEXT(3);
L_bswap32: *P(1) = __builtin_bswap32(A32(2)); NEXT(3);
L_adc32: *P(1) = (uint32_t)(*P(2) + *P(3) + ((*P(4) >> 29) & 1)); NEXT(5);
L_sbc32: *P(1) = (uint32_t)(*P(2) + ~*P(3) + ((*P(4) >> 29) & 1)); NEXT(5);
L_eq32: *P(1) = A32(2) == A32(3); NEXT(4);
L_ne32: *P(1) = A32(2) != A32(3); NEXT(4);
L_ult32: *P(1) = A32(2) < A32(3); NEXT(4);
L_ule32: *P(1) = A32(2) <= A32(3); NEXT(4);
L_slt32: *P(1) = (int32_t)A32(2) < (int32_t)A32(3); NEXT(4);
L_sle32: *P(1) = (int32_t)A32(2) <= (int32_t)A32(3); NEXT(4);
L_nzcv_add32: *P(1) = fl_add32(A32(2), A32(3)); NEXT(4);
L_nzcv_add32_s: {
    uint32_t f = fl_add32(A32(2), A32(3));
    *P(1) = f;
    *(uint32_t *)ip[4].v = f;
    NEXT(5);
}
L_nzcv_sub32: *P(1) = fl_sub32(A32(2), A32(3)); NEXT(4);
L_nzcv_sub32_s: {
    uint32_t f = fl_sub32(A32(2), A32(3));
    *P(1) = f;
    *(uint32_t *)ip[4].v = f;
    NEXT(5);
}
L_nzcv_adc32:
    *P(1) = ir_flags_addc(32, *P(2), *P(3), (*P(4) >> 29) & 1);
    NEXT(5);
L_nzcv_adc32_s: {
    uint32_t f = ir_flags_addc(32, *P(2), *P(3), (*P(4) >> 29) & 1);
    *P(1) = f;
    *(uint32_t *)ip[5].v = f;
    NEXT(6);
}
L_nzcv_sbc32:
    *P(1) = ir_flags_addc(32, *P(2), ~*P(3), (*P(4) >> 29) & 1);
    NEXT(5);
L_nzcv_sbc32_s: {
    uint32_t f = ir_flags_addc(32, *P(2), ~*P(3), (*P(4) >> 29) & 1);
    *P(1) = f;
    *(uint32_t *)ip[5].v = f;
    NEXT(6);
}
L_nzcv_logic32: *P(1) = fl_nz32(A32(2)); NEXT(3);
L_nzcv_logic32_s: {
    uint32_t f = fl_nz32(A32(2));
    *P(1) = f;
    *(uint32_t *)ip[3].v = f;
    NEXT(4);
}

    /* shifted-operand forms: [h, d, a, b, shift] */
#define SH64(op, EXPR)                                                             \
    L_##op##_shl64: { uint64_t y = *P(3) << U(4); *P(1) = EXPR; NEXT(5); }         \
    L_##op##_lsr64: { uint64_t y = *P(3) >> U(4); *P(1) = EXPR; NEXT(5); }         \
    L_##op##_asr64: { uint64_t y = (uint64_t)((int64_t)*P(3) >> U(4)); *P(1) = EXPR; NEXT(5); }
    SH64(add, *P(2) + y)
    SH64(sub, *P(2) - y)
    SH64(and, *P(2) & y)
    SH64(or, *P(2) | y)
    SH64(xor, *P(2) ^ y)
    SH64(andn, *P(2) & ~y)
    SH64(orn, *P(2) | ~y)
#undef SH64
#define SH32(op, EXPR)                                                             \
    L_##op##_shl32: { uint32_t y = A32(3) << U(4); *P(1) = (uint32_t)(EXPR); NEXT(5); } \
    L_##op##_lsr32: { uint32_t y = A32(3) >> U(4); *P(1) = (uint32_t)(EXPR); NEXT(5); } \
    L_##op##_asr32: {                                                              \
        uint32_t y = (uint32_t)((int32_t)A32(3) >> U(4));                          \
        *P(1) = (uint32_t)(EXPR);                                                  \
        NEXT(5);                                                                   \
    }
    SH32(add, A32(2) + y)
    SH32(sub, A32(2) - y)
    SH32(and, A32(2) & y)
    SH32(or, A32(2) | y)
    SH32(xor, A32(2) ^ y)
    SH32(andn, A32(2) & ~y)
    SH32(orn, A32(2) | ~y)
#undef SH32

L_umulh: *P(1) = (uint64_t)(((unsigned __int128)*P(2) * *P(3)) >> 64); NEXT(4);
L_smulh:
    *P(1) = (uint64_t)(((__int128)(int64_t)*P(2) * (int64_t)*P(3)) >> 64);
    NEXT(4);

    /* fields: [h, d, a, ...] */
L_andi: *P(1) = *P(2) & U(3); NEXT(4);
L_extract: *P(1) = (*P(2) >> U(3)) & U(4); NEXT(5);
L_sexti: *P(1) = (uint64_t)((int64_t)(*P(2) << U(3)) >> U(3)) & U(4); NEXT(5);
L_deposit: {
    uint64_t fm = U(5);
    *P(1) = ((*P(2) & ~fm) | ((*P(3) << U(4)) & fm)) & U(6);
    NEXT(7);
}
L_select: *P(1) = (*P(2) & 1) ? *P(3) : *P(4); NEXT(5);
L_cond: *P(1) = (U(3) >> (A32(2) >> 28)) & 1; NEXT(4);
L_generic: {
    /* [h, d, a0, a1, a2, op | type << 16 | atype << 24, imm] */
    uint64_t info = U(5);
    *P(1) = ir_eval_pure((unsigned)(info & 0xffff), (IrType)((info >> 16) & 0xff),
                         (IrType)((info >> 24) & 0xff), U(6), *P(2), *P(3), *P(4));
    NEXT(7);
}

    /* memory: [h, d|value, base, tlb array, add, cmpmask, memop, pc] and
     * for _ri [.., imm], for _rr [.., idx, shift] */
#define LOAD_BODY(name, T, EXT, ADDR, NW, POST)                                        \
    L_##name: {                                                                        \
        uint64_t va = ADDR;                                                            \
        const TlbEntry *e = (const TlbEntry *)ip[3].v + ((va >> A64_PAGE_BITS) & (TLB_SIZE - 1)); \
        T x;                                                                           \
        if (likely(e->tag_read == ((va + U(4)) & U(5))))                               \
            memcpy(&x, (const void *)(uintptr_t)(va + e->addend), sizeof(T));          \
        else                                                                           \
            x = (T)env->load_slow(cpu, va, (unsigned)U(6), U(7));                      \
        *P(1) = EXT;                                                                   \
        POST;                                                                          \
        NEXT(NW);                                                                      \
    }
#define LOAD_OP(name, T, EXT)                                  \
    LOAD_BODY(name, T, EXT, *P(2), 8, )                        \
    LOAD_BODY(name##_ri, T, EXT, *P(2) + U(8), 9, )            \
    LOAD_BODY(name##_rr, T, EXT, *P(2) + (*P(8) << U(9)), 10, ) \
    LOAD_BODY(name##_post, T, EXT, *P(2), 10, *P(9) = va + U(8))
    LOAD_OP(ld8, uint8_t, x)
    LOAD_OP(ld16, uint16_t, x)
    LOAD_OP(ld32, uint32_t, x)
    LOAD_OP(ld64, uint64_t, x)
    LOAD_OP(ld8s32, int8_t, (uint32_t)(int32_t)x)
    LOAD_OP(ld16s32, int16_t, (uint32_t)(int32_t)x)
    LOAD_OP(ld8s64, int8_t, (uint64_t)(int64_t)x)
    LOAD_OP(ld16s64, int16_t, (uint64_t)(int64_t)x)
    LOAD_OP(ld32s64, int32_t, (uint64_t)(int64_t)x)
#undef LOAD_OP
#undef LOAD_BODY

#define STORE_BODY(name, T, ADDR, NW, POST)                                                  \
    L_##name: {                                                                        \
        uint64_t va = ADDR;                                                            \
        T x = (T)*P(1);                                                                \
        const TlbEntry *e = (const TlbEntry *)ip[3].v + ((va >> A64_PAGE_BITS) & (TLB_SIZE - 1)); \
        if (likely(e->tag_write == ((va + U(4)) & U(5))))                              \
            memcpy((void *)(uintptr_t)(va + e->addend), &x, sizeof(T));                \
        else                                                                           \
            env->store_slow(cpu, va, (uint64_t)x, (unsigned)U(6), U(7)); \
        POST;                                                                          \
        NEXT(NW);                                                                      \
    }
#define STORE_OP(name, T)                                  \
    STORE_BODY(name, T, *P(2), 8, )                        \
    STORE_BODY(name##_ri, T, *P(2) + U(8), 9, )            \
    STORE_BODY(name##_rr, T, *P(2) + (*P(8) << U(9)), 10, ) \
    STORE_BODY(name##_post, T, *P(2), 10, *P(9) = va + U(8))
    STORE_OP(st8, uint8_t)
    STORE_OP(st16, uint16_t)
    STORE_OP(st32, uint32_t)
    STORE_OP(st64, uint64_t)
#undef STORE_OP
#undef STORE_BODY

    /* pairs: [h, d1|v1, base, tlb array, add, cmpmask, memop, pc, d2|v2]
     * and for _ri [.., imm], for _post [.., imm, dst]. The fast path needs
     * both elements in one page (add/cmpmask cover the pair); the slow
     * path does the two accesses in order, as the unfused code would. */
#define LDP_BODY(name, T, EXT, ADDR, NW, POST)                                         \
    L_##name: {                                                                        \
        uint64_t va = ADDR;                                                            \
        const TlbEntry *e = (const TlbEntry *)ip[3].v + ((va >> A64_PAGE_BITS) & (TLB_SIZE - 1)); \
        T x, y;                                                                        \
        if (likely(e->tag_read == ((va + U(4)) & U(5)))) {                             \
            memcpy(&x, (const void *)(uintptr_t)(va + e->addend), sizeof(T));          \
            memcpy(&y, (const void *)(uintptr_t)(va + sizeof(T) + e->addend), sizeof(T)); \
        } else {                                                                       \
            x = (T)env->load_slow(cpu, va, (unsigned)U(6), U(7));                      \
            y = (T)env->load_slow(cpu, va + sizeof(T), (unsigned)U(6), U(7));          \
        }                                                                              \
        *P(1) = EXT(x);                                                                \
        *P(8) = EXT(y);                                                                \
        POST;                                                                          \
        NEXT(NW);                                                                      \
    }
#define ZX(v) (v)
#define SX32(v) ((uint64_t)(int64_t)(v))
#define LDP_OP(name, T, EXT)                                   \
    LDP_BODY(name, T, EXT, *P(2), 9, )                         \
    LDP_BODY(name##_ri, T, EXT, *P(2) + U(9), 10, )            \
    LDP_BODY(name##_post, T, EXT, *P(2), 11, *P(10) = va + U(9))
    LDP_OP(ld32p, uint32_t, ZX)
    LDP_OP(ld32sp, int32_t, SX32)
    LDP_OP(ld64p, uint64_t, ZX)
#undef LDP_OP
#undef LDP_BODY
#undef ZX
#undef SX32

#define STP_BODY(name, T, ADDR, NW, POST)                                              \
    L_##name: {                                                                        \
        uint64_t va = ADDR;                                                            \
        T x = (T)*P(1), y = (T)*P(8);                                                  \
        const TlbEntry *e = (const TlbEntry *)ip[3].v + ((va >> A64_PAGE_BITS) & (TLB_SIZE - 1)); \
        if (likely(e->tag_write == ((va + U(4)) & U(5)))) {                            \
            memcpy((void *)(uintptr_t)(va + e->addend), &x, sizeof(T));                \
            memcpy((void *)(uintptr_t)(va + sizeof(T) + e->addend), &y, sizeof(T));    \
        } else {                                                                       \
            env->store_slow(cpu, va, (uint64_t)x, (unsigned)U(6), U(7));               \
            env->store_slow(cpu, va + sizeof(T), (uint64_t)y, (unsigned)U(6), U(7));   \
        }                                                                              \
        POST;                                                                          \
        NEXT(NW);                                                                      \
    }
#define STP_OP(name, T)                                        \
    STP_BODY(name, T, *P(2), 9, )                              \
    STP_BODY(name##_ri, T, *P(2) + U(9), 10, )                 \
    STP_BODY(name##_post, T, *P(2), 11, *P(10) = va + U(9))
    STP_OP(st32p, uint32_t)
    STP_OP(st64p, uint64_t)
#undef STP_OP
#undef STP_BODY

    /* helpers: [h, d, fn, a0, a1, a2, a3, pc] */
L_call_x:
    env->set_pc(cpu, U(7));
    /* fall through */
L_call: {
    IrHelperFn fn = (IrHelperFn)ip[2].v;
    *P(1) = fn(cpu, *P(3), *P(4), *P(5), *P(6));
    NEXT(8);
}
L_barrier:
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    NEXT(1);

    /* exits */
L_exit_link: {
    /* [h, &tb->link[0], target, ninsns, tb] */
    env->insn_count += U(3);
    TranslationBlock *nx = ((TranslationBlock **)ip[1].v)[0];
    if (likely(nx != NULL) && !*xreq) {
        ip = (const IWord *)nx->code;
        goto *ip->h;
    }
    if (!nx)
        XPAGE_OR_REPORT(ip[4].v, U(2), 0);
    *env->pc = U(2);
    return;
}
L_exit_cond: {
    /* [h, c, &tb->link[0], taken, not_taken, ninsns, tb] */
    unsigned n = (*P(1) & 1) ? 0 : 1;
    env->insn_count += U(5);
    TranslationBlock *nx = ((TranslationBlock **)ip[2].v)[n];
    if (likely(nx != NULL) && !*xreq) {
        ip = (const IWord *)nx->code;
        goto *ip->h;
    }
    if (!nx)
        XPAGE_OR_REPORT(ip[6].v, U(3 + n), n);
    *env->pc = U(3 + n);
    return;
}
L_exit_cc: {
    /* [h, nzcv, table, &tb->link[0], taken, not_taken, ninsns, tb] */
    unsigned n = ((U(2) >> (A32(1) >> 28)) & 1) ? 0 : 1;
    env->insn_count += U(6);
    TranslationBlock *nx = ((TranslationBlock **)ip[3].v)[n];
    if (likely(nx != NULL) && !*xreq) {
        ip = (const IWord *)nx->code;
        goto *ip->h;
    }
    if (!nx)
        XPAGE_OR_REPORT(ip[7].v, U(4 + n), n);
    *env->pc = U(4 + n);
    return;
}
    /* compare and branch: [h, a, b, nzcv, table, &tb->link[0], taken,
     * not_taken, ninsns, tb]: the flags are computed, stored and tested */
#define EXIT_FLAGS_CC(name, FLAGS)                                     \
    L_##name: {                                                        \
        uint32_t f = FLAGS;                                            \
        *(uint32_t *)ip[3].v = f;                                      \
        unsigned n = ((U(4) >> (f >> 28)) & 1) ? 0 : 1;                \
        env->insn_count += U(8);                                       \
        TranslationBlock *nx = ((TranslationBlock **)ip[5].v)[n];      \
        if (likely(nx != NULL) && !*xreq) {                            \
            ip = (const IWord *)nx->code;                              \
            goto *ip->h;                                               \
        }                                                              \
        if (!nx)                                                       \
            XPAGE_OR_REPORT(ip[9].v, U(6 + n), n);                     \
        *env->pc = U(6 + n);                                           \
        return;                                                        \
    }
    EXIT_FLAGS_CC(exit_add64_cc, fl_add64(*P(1), *P(2)))
    EXIT_FLAGS_CC(exit_sub64_cc, fl_sub64(*P(1), *P(2)))
    EXIT_FLAGS_CC(exit_logic64_cc, fl_nz64(*P(1)))
    EXIT_FLAGS_CC(exit_add32_cc, fl_add32(A32(1), A32(2)))
    EXIT_FLAGS_CC(exit_sub32_cc, fl_sub32(A32(1), A32(2)))
    EXIT_FLAGS_CC(exit_logic32_cc, fl_nz32(A32(1)))
#undef EXIT_FLAGS_CC

    /* compare (or test a bit) and branch: [h, a, b|mask, &tb->link[0],
     * taken, not_taken, ninsns, tb] */
#define EXIT_PRED(name, PRED)                                          \
    L_##name: {                                                        \
        unsigned n = (PRED) ? 0 : 1;                                   \
        env->insn_count += U(6);                                                \
        TranslationBlock *nx = ((TranslationBlock **)ip[3].v)[n];      \
        if (likely(nx != NULL) && !*xreq) {                            \
            ip = (const IWord *)nx->code;                              \
            goto *ip->h;                                               \
        }                                                              \
        if (!nx)                                                       \
            XPAGE_OR_REPORT(ip[7].v, U(4 + n), n);                     \
        *env->pc = U(4 + n);                                           \
        return;                                                        \
    }
    EXIT_PRED(exit_eq64, *P(1) == *P(2))
    EXIT_PRED(exit_ne64, *P(1) != *P(2))
    EXIT_PRED(exit_ult64, *P(1) < *P(2))
    EXIT_PRED(exit_ule64, *P(1) <= *P(2))
    EXIT_PRED(exit_slt64, (int64_t)*P(1) < (int64_t)*P(2))
    EXIT_PRED(exit_sle64, (int64_t)*P(1) <= (int64_t)*P(2))
    EXIT_PRED(exit_eq32, A32(1) == A32(2))
    EXIT_PRED(exit_ne32, A32(1) != A32(2))
    EXIT_PRED(exit_ult32, A32(1) < A32(2))
    EXIT_PRED(exit_ule32, A32(1) <= A32(2))
    EXIT_PRED(exit_slt32, (int32_t)A32(1) < (int32_t)A32(2))
    EXIT_PRED(exit_sle32, (int32_t)A32(1) <= (int32_t)A32(2))
    EXIT_PRED(exit_tstz, (*P(1) & U(2)) == 0)
    EXIT_PRED(exit_tstnz, (*P(1) & U(2)) != 0)
#undef EXIT_PRED
L_exit_indirect: {
    /* [h, target, ninsns, pc page, pa page, flags]: a target in this
     * block's page has the same translation; find it in the jump cache */
    uint64_t t = *P(1);
    env->insn_count += U(2);
    if (((t ^ U(3)) & A64_PAGE_MASK) == 0 && env->jump_cache) {
        TranslationBlock *nx = env->jump_cache[tb_jc_index(t)];
        if (nx && nx->key.pc == t && nx->key.flags == (uint32_t)U(5) &&
            (nx->key.pa & A64_PAGE_MASK) == U(4) && !*xreq) {
            ip = (const IWord *)nx->code;
            goto *ip->h;
        }
    }
    if (((t ^ U(3)) & A64_PAGE_MASK) != 0) {
        xt = t;
        xfl = (uint32_t)U(5);
        goto xpage;
    }
    *env->pc = t;
    return;
}
L_exit_dispatch:
    /* [h, target, ninsns]: state changed (context synchronization) */
    env->insn_count += U(2);
    *env->pc = U(1);
    engine_ctc_flush(env);
    return;
L_exit_exc:
    /* the raising helper returned: leave the PC it set */
    env->insn_count += U(1);
    engine_ctc_flush(env);
    return;

xpage: {
    /* a jump to xt in another page: the dispatcher's recent translation of
     * that page (valid until the next context synchronization) and the
     * jump cache find the block without leaving the engine */
    const EngineCodeTlb *e = engine_ctc_entry(env, xt);
    if (e->va_page == (xt & A64_PAGE_MASK) && e->gen == env->ctc_gen && e->flags == xfl &&
        env->jump_cache && !*xreq) {
        TranslationBlock *nx = env->jump_cache[tb_jc_index(xt)];
        if (nx && nx->key.pc == xt && nx->key.flags == xfl &&
            nx->key.pa == (e->pa_page | (xt & ~A64_PAGE_MASK))) {
            ip = (const IWord *)nx->code;
            goto *ip->h;
        }
    }
    *env->pc = xt;
    return;
}
}

static pthread_once_t labels_once = PTHREAD_ONCE_INIT;

static void labels_init(void)
{
    interp_run(NULL, NULL);
    const char *e = getenv("A64EMU_INTERP_DUMP");
    if (e && !strcmp(e, "labels")) {
        /* handler offsets from interp_run, for mapping profiles */
        for (unsigned h = 0; h < H_COUNT; h++)
            fprintf(stderr, "label %s %td\n", interp_names[h],
                    (const char *)interp_labels[h] - (const char *)(uintptr_t)interp_run);
    }
}

/* ---- compiler ----------------------------------------------------------- */

/* Per-thread scratch memory for one compilation: bump allocation in
 * chunks that are kept for the next block (compiling is on the path of
 * every new block, and malloc/free of a dozen arrays per block showed in
 * profiles of cold code). */
typedef struct ArenaChunk {
    struct ArenaChunk *next;
    size_t size, used;
    max_align_t data[];
} ArenaChunk;

static __thread ArenaChunk *arena_head, *arena_cur;

static void arena_reset(void)
{
    for (ArenaChunk *k = arena_head; k; k = k->next)
        k->used = 0;
    arena_cur = arena_head;
}

static void *arena_alloc(size_t size)
{
    size = (size + 15) & ~(size_t)15;
    while (arena_cur && arena_cur->used + size > arena_cur->size)
        arena_cur = arena_cur->next;
    if (!arena_cur) {
        size_t csz = size > (256u << 10) ? size : (256u << 10);
        ArenaChunk *k = g_malloc(sizeof(ArenaChunk) + csz);
        k->size = csz;
        k->used = 0;
        k->next = arena_head; /* emptier chunks go first next time: fine */
        arena_head = k;
        arena_cur = k;
    }
    void *p = (char *)arena_cur->data + arena_cur->used;
    arena_cur->used += size;
    return p;
}

static void *arena_zalloc(size_t size)
{
    return memset(arena_alloc(size), 0, size);
}

#define A_NEW(T, n) ((T *)arena_alloc(sizeof(T) * (size_t)(n)))
#define A_NEW0(T, n) ((T *)arena_zalloc(sizeof(T) * (size_t)(n)))

enum { LOC_NONE = 0, LOC_SLOT, LOC_CONST, LOC_REG, LOC_DUMP };

typedef struct Loc {
    uint8_t kind;
    uint32_t idx;
} Loc;

/* Address form of a load/store: 0 [base], 1 [base + imm], 2 [base + idx << sh],
 * 3 [base] then the ADD idx = base + imm (post-index). */
typedef struct MemFuse {
    uint8_t mode;
    IrValue base, idx;
    uint64_t imm;       /* offset (mode 1), shift (mode 2) or increment (mode 3) */
} MemFuse;

typedef struct RegIv {
    uint32_t d, L;  /* value defined (or read in place) at d, last used at L */
    bool write;     /* d writes the register (direct producer) */
    uint32_t next;  /* next interval of the same register */
} RegIv;

typedef struct CCtx {
    EngineEnv *env;
    const IrBlock *b;
    TranslationBlock *tb;
    uint32_t n;
    IrInst *I;          /* private copy with canonical operands */
    IrValue *canon;
    uint32_t *nuses;
    uint32_t *lastuse;
    uint8_t *skip;      /* not emitted */
    uint8_t *setflags;  /* flag producer also writes PSTATE.NZCV */
    uint8_t *atype;     /* type of operand 0 in the original block: operands
                         * are replaced by equal values of other types */
    Loc *loc;
    /* constants */
    uint64_t *cval;
    uint32_t nconst;
    uint32_t *chash;
    uint32_t chash_mask;
    uint32_t nslots;
    uint64_t *frame;
    /* output */
    IWord *w;
    uint32_t nw, wcap;
    bool fuse_cc;       /* the exit tests a COND's NZCV operand itself */
    IrValue fuse_flags; /* ... and computes that operand itself (flag op) */
    IrValue fuse_cmp;   /* the exit evaluates this compare itself */
    IrValue fuse_tst;   /* ... testing this EXTRACTed bit (EQ/NE with 0) */
    struct MemFuse *mf; /* address computations folded into loads/stores */
    IrValue *shfuse;    /* binop i takes operand 1 from this shift (or IR_NONE) */
    uint8_t *shswap;    /* ... and its operands were swapped (commutative) */
    uint8_t *postfused; /* an ADD done by the load/store before it */
    IrValue *pair;      /* load/store i also does this next access (LDP/STP) */
    /* register residency (allocate() only) */
    uint8_t *direct_set; /* SET_REG done by its producer */
    uint32_t *setpos;    /* positions of SET_REG, grouped by register */
    uint32_t setoff[33];
    uint32_t *anyw;      /* positions of ops that may write any register */
    uint32_t nanyw;
    RegIv *iv;           /* kept-in-register intervals, listed per register */
    uint32_t iv_head[32], niv;
    bool fail;
    /* A64EMU_INTERP_DUMP: where each handler word went (pos | h << 20) */
    bool dump;
    uint32_t *hpos, nh;
} CCtx;

static inline IrType vtype(const CCtx *c, IrValue v)
{
    return (IrType)c->I[v].type;
}

/* Original type of operand 0 of inst i (what decides an op's width). */
static inline IrType atype0(const CCtx *c, uint32_t i)
{
    return (IrType)c->atype[i];
}

/* The op stream under construction (per thread, kept between blocks). */
static __thread IWord *wbuf;
static __thread uint32_t wbuf_cap;

static void emit_word(CCtx *c, IWord x)
{
    if (c->nw == wbuf_cap) {
        wbuf_cap = wbuf_cap ? wbuf_cap * 2 : 1024;
        wbuf = g_renew(IWord, wbuf, wbuf_cap);
    }
    wbuf[c->nw++] = x;
    c->w = wbuf;
}

static void wh(CCtx *c, unsigned h)
{
    if (c->dump) {
        c->hpos = g_renew(uint32_t, c->hpos, c->nh + 1);
        c->hpos[c->nh++] = c->nw | (h << 20);
    }
    emit_word(c, (IWord){.h = interp_labels[h]});
}

static void wp(CCtx *c, void *p)
{
    emit_word(c, (IWord){.v = p});
}

static void wu(CCtx *c, uint64_t u)
{
    emit_word(c, (IWord){.u = u});
}

static uint32_t const_index(CCtx *c, uint64_t v)
{
    uint32_t h = (uint32_t)((v * 0x9e3779b97f4a7c15ull) >> 40) & c->chash_mask;
    for (;;) {
        uint32_t e = c->chash[h];
        if (e == UINT32_MAX) {
            c->cval[c->nconst] = v;
            c->chash[h] = c->nconst;
            return c->nconst++;
        }
        if (c->cval[e] == v)
            return e;
        h = (h + 1) & c->chash_mask;
    }
}

static uint64_t *loc_ptr(CCtx *c, Loc l)
{
    switch (l.kind) {
    case LOC_SLOT: return &c->frame[c->nconst + l.idx];
    case LOC_CONST: return &c->frame[l.idx];
    case LOC_REG: return &c->env->regs[l.idx];
    case LOC_DUMP: return &c->frame[c->nconst + c->nslots];
    default:
        c->fail = true;
        return &c->frame[c->nconst + c->nslots];
    }
}

/* Destination of inst i, operand k of inst i. */
static uint64_t *dst(CCtx *c, uint32_t i)
{
    return loc_ptr(c, c->loc[i]);
}

static uint64_t *arg(CCtx *c, uint32_t i, unsigned k)
{
    IrValue v = c->I[i].args[k];
    if (v == IR_NONE)
        return &c->frame[0]; /* constant 0 */
    return loc_ptr(c, c->loc[v]);
}

static uint64_t *val(CCtx *c, IrValue v)
{
    return loc_ptr(c, c->loc[v]);
}

/* An identity extension: result equals the operand bit for bit. */
static bool is_identity(const CCtx *c, const IrInst *in)
{
    if (in->op != IR_ZEXT && in->op != IR_SEXT && in->op != IR_EXTRACT)
        return false;
    unsigned sw = ir_type_bits(atype0(c, (uint32_t)(in - c->I)));
    unsigned tw = ir_type_bits((IrType)in->type);
    if (sw > tw)
        return false;
    switch (in->op) {
    case IR_ZEXT: return sw <= in->imm;
    case IR_SEXT: return in->imm >= tw;
    default: return (in->imm & 63) == 0 && (in->imm >> 8) >= sw;
    }
}

/* May operand k of inst in be a 64-bit value whose bits 63:32 are garbage
 * standing for an I32 value? True where the handler reads only the low 32
 * bits (see the 32-bit handlers and ir_eval_pure). */
static bool reads_low32_only(const CCtx *c, const IrInst *in, unsigned k)
{
    IrType t = (IrType)in->type;
    switch (in->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR: case IR_XOR:
    case IR_ANDN: case IR_ORN: case IR_XORN: case IR_NOT: case IR_NEG: case IR_SHL:
    case IR_LSHR: case IR_ASHR: case IR_ROR: case IR_CLZ: case IR_CLS: case IR_RBIT:
    case IR_BSWAP: case IR_UDIV: case IR_SDIV: case IR_ADC: case IR_SBC:
        return t == IR_I32;
    case IR_DEPOSIT: {
        unsigned lsb = in->imm & 63, len = (unsigned)(in->imm >> 8);
        return k == 0 ? t == IR_I32 : len <= 32 && lsb + len <= 64;
    }
    case IR_NZCV_ADD: case IR_NZCV_SUB: case IR_NZCV_LOGIC:
        return in->imm == 32;
    case IR_NZCV_ADC: case IR_NZCV_SBC:
        return k == 2 || in->imm == 32;
    case IR_COND: case IR_SET_NZCV:
        return true;
    case IR_EQ: case IR_NE: case IR_ULT: case IR_ULE: case IR_SLT: case IR_SLE:
        /* the 32-bit compare reads the low halves; the operands may have
         * reached the compare through identity extensions, so the width
         * is that of the original operand */
        return atype0(c, (uint32_t)(in - c->I)) == IR_I32;
    case IR_STORE:
        return k == 1 && (in->imm & IR_MO_SIZE) <= IR_MO_32;
    case IR_STORE_CPU:
        return atype0(c, (uint32_t)(in - c->I)) == IR_I32; /* stores 4 bytes */
    case IR_ZEXT: case IR_SEXT:
        return in->imm <= 32;
    case IR_EXTRACT:
        return (in->imm & 63) + (in->imm >> 8) <= 32;
    default:
        return false;
    }
}

/* Ops that end the "nothing can observe guest registers" window. */
static bool observes_state(const IrInst *in)
{
    return (in->flags & IR_F_MAYEXC) || in->op == IR_CALL || in->op == IR_LOAD_CPU ||
           in->op == IR_STORE_CPU;
}

#define DIRECT_WINDOW 64

static void analyse_uses(CCtx *c)
{
    for (uint32_t i = 0; i < c->n; i++) {
        c->nuses[i] = 0;
        c->lastuse[i] = 0;
    }
    for (uint32_t i = 0; i < c->n; i++) {
        if (c->skip[i])
            continue;
        const IrInst *in = &c->I[i];
        for (unsigned k = 0; k < 4; k++) {
            IrValue v = in->args[k];
            if (v == IR_NONE)
                continue;
            c->nuses[v]++;
            c->lastuse[v] = i;
        }
    }
    IrValue tv = c->canon[c->n]; /* the terminator's operand, canonical */
    if (tv != IR_NONE && tv < c->n) {
        c->nuses[tv]++;
        c->lastuse[tv] = c->n;
    }
}

/* Is the window (from, to) free of anything that reads or writes X[r]?
 * Every SET_REG r counts, also one turned into a direct write, whose
 * producer may lie inside the window. */
static bool reg_window_clear(CCtx *c, uint32_t from, uint32_t to, unsigned r)
{
    if (to - from > DIRECT_WINDOW)
        return false;
    for (uint32_t p = from + 1; p < to; p++) {
        const IrInst *in = &c->I[p];
        if (in->flags & IR_F_DEAD)
            continue;
        if ((in->op == IR_GET_REG && (in->imm & 31) == r && c->nuses[p]) ||
            (in->op == IR_SET_REG && (in->imm & 31) == r) ||
            (!c->skip[p] && observes_state(in)))
            return false;
    }
    return true;
}

static bool nzcv_window_clear(CCtx *c, uint32_t from, uint32_t to)
{
    if (to - from > DIRECT_WINDOW)
        return false;
    for (uint32_t p = from + 1; p < to; p++) {
        const IrInst *in = &c->I[p];
        if (in->flags & IR_F_DEAD)
            continue;
        if (in->op == IR_GET_NZCV || in->op == IR_SET_NZCV || (!c->skip[p] && observes_state(in)))
            return false;
    }
    return true;
}

static bool is_flag_op(unsigned op)
{
    return op == IR_NZCV_ADD || op == IR_NZCV_SUB || op == IR_NZCV_ADC || op == IR_NZCV_SBC ||
           op == IR_NZCV_LOGIC;
}

/* ---- guest-register residency bookkeeping ---- */

static void reg_tables_init(CCtx *c)
{
    uint32_t n = c->n;
    uint32_t cnt[33] = {0};
    c->direct_set = A_NEW0(uint8_t, n + 1);
    c->anyw = A_NEW(uint32_t, n + 1);
    c->nanyw = 0;
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (in->flags & IR_F_DEAD)
            continue;
        if (in->op == IR_SET_REG)
            cnt[(in->imm & 31) + 1]++;
        else if (!c->skip[i] && ((in->op == IR_CALL && (in->flags & IR_F_GUEST)) ||
                                 in->op == IR_STORE_CPU))
            c->anyw[c->nanyw++] = i;
    }
    for (unsigned r = 0; r < 32; r++)
        cnt[r + 1] += cnt[r];
    memcpy(c->setoff, cnt, sizeof(c->setoff));
    c->setpos = A_NEW(uint32_t, cnt[32] + 1);
    uint32_t fill[32];
    memcpy(fill, cnt, sizeof(fill));
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (!(in->flags & IR_F_DEAD) && in->op == IR_SET_REG)
            c->setpos[fill[in->imm & 31]++] = i;
    }
    for (unsigned r = 0; r < 32; r++)
        c->iv_head[r] = UINT32_MAX;
    c->iv = A_NEW(RegIv, n + 1);
    c->niv = 0;
}

static void reg_reserve(CCtx *c, unsigned r, uint32_t d, uint32_t L, bool write)
{
    /* at most one interval per value: n + 1 entries suffice */
    c->iv[c->niv] = (RegIv){d, L, write, c->iv_head[r]};
    c->iv_head[r] = c->niv++;
}

/* Does anything write X[r] strictly between d and L? (SET_REG at except
 * is the one being decided.) */
static bool reg_writes_between(CCtx *c, unsigned r, uint32_t d, uint32_t L, uint32_t except)
{
    if (L <= d + 1)
        return false;
    /* helpers that write guest state, raw CPU-field stores */
    uint32_t lo = 0, hi = c->nanyw;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (c->anyw[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->nanyw && c->anyw[lo] < L)
        return true;
    /* SET_REG r still emitted as a store */
    for (uint32_t k = c->setoff[r]; k < c->setoff[r + 1]; k++) {
        uint32_t p = c->setpos[k];
        if (p <= d)
            continue;
        if (p >= L)
            break;
        if (p != except && !c->direct_set[p])
            return true;
    }
    /* producers writing r directly */
    for (uint32_t k = c->iv_head[r]; k != UINT32_MAX; k = c->iv[k].next) {
        const RegIv *iv = &c->iv[k];
        if (iv->write && iv->d > d && iv->d < L)
            return true;
    }
    return false;
}

/* Would a write to X[r] at p clobber a value kept there? */
static bool reg_inside_reserved(CCtx *c, unsigned r, uint32_t p)
{
    for (uint32_t k = c->iv_head[r]; k != UINT32_MAX; k = c->iv[k].next) {
        const RegIv *iv = &c->iv[k];
        if (iv->d < p && p < iv->L)
            return true;
    }
    return false;
}

/* The emitted instruction after position p, or UINT32_MAX. */
static uint32_t next_emitted(const CCtx *c, uint32_t p)
{
    for (uint32_t q = p + 1; q < c->n; q++)
        if (!c->skip[q])
            return q;
    return UINT32_MAX;
}

/* The emitted instruction before position p, or UINT32_MAX. */
static uint32_t prev_emitted(const CCtx *c, uint32_t p)
{
    while (p-- > 0)
        if (!c->skip[p])
            return p;
    return UINT32_MAX;
}

static bool is_const_val(const CCtx *c, IrValue v, uint64_t *val)
{
    if (c->I[v].op != IR_CONST)
        return false;
    *val = c->I[v].imm;
    return true;
}

static void extend_use(CCtx *c, IrValue v, uint32_t pos)
{
    if (v != IR_NONE && c->lastuse[v] < pos)
        c->lastuse[v] = pos;
}

/* v = y << s by a constant (SHL, or DEPOSIT of y into zero that reaches
 * the top bit), computed just before pos and used once: *idx, *sh. */
static bool shift_source(CCtx *c, IrValue v, uint32_t pos, IrValue *idx, uint64_t *sh)
{
    const IrInst *in = &c->I[v];
    uint64_t k;
    if (c->skip[v] || c->nuses[v] != 1 || c->loc[v].kind != LOC_NONE || in->type != IR_I64 ||
        prev_emitted(c, pos) != v)
        return false;
    if (in->op == IR_SHL && is_const_val(c, in->args[1], &k)) {
        *idx = in->args[0];
        *sh = k & 63;
        return true;
    }
    if (in->op == IR_DEPOSIT && is_const_val(c, in->args[0], &k) && k == 0 &&
        (in->imm & 63) + (in->imm >> 8) == 64 && c->I[in->args[1]].type == IR_I64) {
        *idx = in->args[1];
        *sh = in->imm & 63;
        return true;
    }
    return false;
}

/* l1 and l2 access consecutive elements (LDP/STP): same kind, memop, type
 * and instruction, l2 right after l1, l2's address l1's plus the size. */
static bool pair_of(CCtx *c, uint32_t l1, uint32_t l2)
{
    const IrInst *a = &c->I[l1], *b = &c->I[l2];
    unsigned size = a->imm & IR_MO_SIZE;
    uint64_t k;
    if (b->op != a->op || b->imm != a->imm || b->type != a->type || b->pc_off != a->pc_off ||
        (size != IR_MO_32 && size != IR_MO_64))
        return false;
    if (a->op == IR_LOAD) {
        if (a->imm & IR_MO_SIGN) {
            if (size != IR_MO_32 || a->type != IR_I64)
                return false;
        } else if (a->type != IR_I64 && !(a->type == IR_I32 && size == IR_MO_32)) {
            return false;
        }
    } else {
        IrValue v2 = b->args[1];
        /* the second value is read at l1: it must exist by then */
        if (v2 > l1 && c->I[v2].op != IR_CONST)
            return false;
    }
    IrValue a2 = b->args[0];
    const IrInst *ai = &c->I[a2];
    if (c->skip[a2] || ai->op != IR_ADD || c->nuses[a2] != 1 || c->loc[a2].kind != LOC_NONE)
        return false;
    IrValue a1 = a->args[0];
    return ((ai->args[0] == a1 && is_const_val(c, ai->args[1], &k)) ||
            (ai->args[1] == a1 && is_const_val(c, ai->args[0], &k))) &&
           k == (1u << size);
}

static void fuse_neighbours(CCtx *c)
{
    uint32_t n = c->n;
    /* pairs of accesses of one LDP/STP become one access */
    for (uint32_t l = 0; l < n; l++) {
        const IrInst *in = &c->I[l];
        if (c->skip[l] || (in->op != IR_LOAD && in->op != IR_STORE))
            continue;
        uint32_t l2 = next_emitted(c, l);
        if (l2 == UINT32_MAX || !pair_of(c, l, l2))
            continue;
        IrValue a2 = c->I[l2].args[0];
        c->skip[a2] = 1;
        c->nuses[in->args[0]]--; /* the second address is not computed */
        c->skip[l2] = 1;
        c->pair[l] = l2;
        if (in->op == IR_STORE)
            extend_use(c, c->I[l2].args[1], l2);
    }
    /* loads and stores absorb the ADD (and shift) computing their address
     * right before them */
    for (uint32_t l = 0; l < n; l++) {
        const IrInst *in = &c->I[l];
        if (c->skip[l] || (in->op != IR_LOAD && in->op != IR_STORE))
            continue;
        IrValue a = in->args[0];
        const IrInst *ai = &c->I[a];
        if (c->skip[a] || ai->op != IR_ADD || ai->type != IR_I64 || c->nuses[a] != 1 ||
            c->loc[a].kind != LOC_NONE || prev_emitted(c, l) != a)
            continue;
        MemFuse *m = &c->mf[l];
        IrValue x = ai->args[0], y = ai->args[1];
        uint64_t k;
        if (c->pair[l] != IR_NONE && !is_const_val(c, x, &k) && !is_const_val(c, y, &k))
            continue; /* pairs have no [base + idx] form */
        if (is_const_val(c, y, &k)) {
            *m = (MemFuse){1, x, IR_NONE, k};
        } else if (is_const_val(c, x, &k)) {
            *m = (MemFuse){1, y, IR_NONE, k};
        } else {
            IrValue idx;
            uint64_t sh;
            if (shift_source(c, y, a, &idx, &sh)) {
                c->skip[y] = 1;
                *m = (MemFuse){2, x, idx, sh};
            } else if (shift_source(c, x, a, &idx, &sh)) {
                c->skip[x] = 1;
                *m = (MemFuse){2, y, idx, sh};
            } else {
                *m = (MemFuse){2, x, y, 0};
            }
        }
        c->skip[a] = 1;
        extend_use(c, m->base, l);
        extend_use(c, m->idx, l);
    }

    /* post-index: [base] followed right away by base + imm */
    for (uint32_t l = 0; l < n; l++) {
        const IrInst *in = &c->I[l];
        if (c->skip[l] || (in->op != IR_LOAD && in->op != IR_STORE) || c->mf[l].mode != 0)
            continue;
        uint32_t a = next_emitted(c, l);
        if (a == UINT32_MAX || c->I[a].op != IR_ADD || c->I[a].type != IR_I64)
            continue;
        IrValue base = in->args[0];
        const IrInst *ai = &c->I[a];
        uint64_t k;
        if (!((ai->args[0] == base && is_const_val(c, ai->args[1], &k)) ||
              (ai->args[1] == base && is_const_val(c, ai->args[0], &k))))
            continue;
        c->mf[l] = (MemFuse){3, base, a, k};
        c->skip[a] = 1;
        c->postfused[a] = 1;
    }

    /* a compare right before a conditional exit becomes part of it */
    IrValue tv = c->canon[n];
    if (!c->fuse_cc && c->b->term.kind == IR_TERM_COND && tv < n && !c->skip[tv] &&
        c->I[tv].op >= IR_EQ && c->I[tv].op <= IR_SLE && c->nuses[tv] == 1 &&
        prev_emitted(c, n) == tv) {
        const IrInst *ci = &c->I[tv];
        IrType at = atype0(c, tv);
        IrValue x = ci->args[0];
        uint64_t k;
        if ((ci->op == IR_EQ || ci->op == IR_NE) && is_const_val(c, ci->args[1], &k) && k == 0 &&
            !c->skip[x] && c->I[x].op == IR_EXTRACT && (c->I[x].imm >> 8) == 1 &&
            c->nuses[x] == 1 && c->loc[x].kind == LOC_NONE && prev_emitted(c, tv) == x) {
            /* TBZ/TBNZ: test one bit */
            c->skip[x] = 1;
            c->fuse_tst = x;
            extend_use(c, c->I[x].args[0], n);
        } else if (at != IR_I64 && at != IR_I32 && (ci->op == IR_SLT || ci->op == IR_SLE)) {
            at = IR_VOID; /* narrow signed compare: not fused */
        }
        if (at != IR_VOID) {
            c->skip[tv] = 1;
            c->fuse_cmp = tv;
            extend_use(c, ci->args[0], n);
            extend_use(c, ci->args[1], n);
        }
    }

    /* shifted register operands: an ALU op takes the constant shift
     * computed right before it */
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (c->skip[i] || (in->type != IR_I64 && in->type != IR_I32))
            continue;
        bool comm;
        switch (in->op) {
        case IR_ADD: case IR_AND: case IR_OR: case IR_XOR: comm = true; break;
        case IR_SUB: case IR_ANDN: case IR_ORN: comm = false; break;
        default: continue;
        }
        for (unsigned k = 1; k + 1 > (comm ? 0u : 1u); k--) {
            IrValue sv = in->args[k];
            const IrInst *si = &c->I[sv];
            uint64_t amt;
            if (c->skip[sv] || (si->op != IR_SHL && si->op != IR_LSHR && si->op != IR_ASHR) ||
                si->type != in->type || c->nuses[sv] != 1 || c->loc[sv].kind != LOC_NONE ||
                !is_const_val(c, si->args[1], &amt) || prev_emitted(c, i) != sv)
                continue;
            c->skip[sv] = 1;
            c->shfuse[i] = sv;
            c->shswap[i] = k == 0;
            extend_use(c, si->args[0], i);
            break;
        }
    }

    /* a flag computation right before a b.cond becomes part of the exit */
    if (c->fuse_cc) {
        IrValue q = c->I[c->canon[n]].args[0];
        unsigned op = c->I[q].op;
        if (!c->skip[q] && c->setflags[q] && c->nuses[q] == 2 &&
            (op == IR_NZCV_ADD || op == IR_NZCV_SUB || op == IR_NZCV_LOGIC) &&
            prev_emitted(c, n) == q) {
            c->skip[q] = 1;
            c->fuse_flags = q;
            extend_use(c, c->I[q].args[0], n);
            extend_use(c, c->I[q].args[1], n);
        }
    }
}

/* Decide every value's location. */
static void allocate(CCtx *c)
{
    uint32_t n = c->n;
    const IrBlock *b = c->b;

    /* 1. canonical operands; identity extensions become aliases */
    for (uint32_t i = 0; i < n; i++) {
        IrInst *in = &c->I[i];
        c->canon[i] = i;
        if (in->flags & IR_F_DEAD) {
            c->skip[i] = 1;
            continue;
        }
        for (unsigned k = 0; k < 4; k++)
            if (in->args[k] != IR_NONE)
                in->args[k] = c->canon[in->args[k]];
        if (in->op == IR_CONST) {
            c->skip[i] = 1;
        } else if (is_identity(c, in)) {
            c->canon[i] = in->args[0];
            c->skip[i] = 1;
        }
    }
    IrTerm term = b->term;
    /* canon[n]: the terminator's operand (b is const, so it is kept here) */
    if (term.kind == IR_TERM_COND || term.kind == IR_TERM_INDIRECT)
        term.value = c->canon[term.value];
    else
        term.value = IR_NONE;
    c->canon[n] = term.value;

    /* 2. 32-bit truncations whose every user reads only the low half */
    uint8_t *trunc_ok = A_NEW0(uint8_t, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (!c->skip[i] && in->op == IR_ZEXT && in->type == IR_I32 && in->imm == 32 &&
            atype0(c, i) == IR_I64)
            trunc_ok[i] = 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (c->skip[i])
            continue;
        for (unsigned k = 0; k < 4; k++) {
            IrValue v = in->args[k];
            if (v != IR_NONE && trunc_ok[v] && !reads_low32_only(c, in, k))
                trunc_ok[v] = 0;
        }
    }
    if (c->canon[n] != IR_NONE && c->canon[n] < n)
        trunc_ok[c->canon[n]] = 0;
    for (uint32_t i = 0; i < n; i++) {
        IrInst *in = &c->I[i];
        if (c->skip[i])
            continue;
        for (unsigned k = 0; k < 4; k++) {
            IrValue v = in->args[k];
            if (v != IR_NONE && trunc_ok[v])
                in->args[k] = c->I[v].args[0];
        }
    }
    for (uint32_t i = 0; i < n; i++)
        if (trunc_ok[i])
            c->skip[i] = 1;

    analyse_uses(c);

    /* 3. constants */
    c->chash_mask = 15;
    while (c->chash_mask + 1 < 2 * (n + 2))
        c->chash_mask = c->chash_mask * 2 + 1;
    c->chash = A_NEW(uint32_t, c->chash_mask + 1);
    memset(c->chash, 0xff, sizeof(uint32_t) * (c->chash_mask + 1));
    c->cval = A_NEW(uint64_t, n + 2);
    const_index(c, 0); /* index 0: zero, for unused operands */
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        if (in->op == IR_CONST && !(in->flags & IR_F_DEAD) && c->nuses[i])
            c->loc[i] = (Loc){LOC_CONST, const_index(c, in->imm)};
    }

    /* 4a. a COND used only by the conditional exit is folded into it: its
     *     NZCV operand then lives until the end of the block */
    if (term.kind == IR_TERM_COND) {
        IrValue v = term.value;
        if (v < n && c->I[v].op == IR_COND && !c->skip[v] && c->nuses[v] == 1) {
            c->skip[v] = 1;
            c->fuse_cc = true;
            c->lastuse[c->I[v].args[0]] = n;
        }
    }

    /* 4b. flag producers whose SET_NZCV follows with no observer between
     *     write PSTATE.NZCV themselves */
    for (uint32_t s = 0; s < n; s++) {
        const IrInst *in = &c->I[s];
        if (c->skip[s] || in->op != IR_SET_NZCV)
            continue;
        IrValue q = in->args[0];
        if (c->skip[q] || !is_flag_op(c->I[q].op) || c->setflags[q])
            continue;
        if (!nzcv_window_clear(c, q, s))
            continue;
        c->setflags[q] = 1;
        c->skip[s] = 1;
    }

    /* 4c. values kept in guest registers. A value may live in X[r] from
     *     its definition to its last use if nothing writes X[r] strictly
     *     between (a later write at the last use itself is fine). Two kinds:
     *     a producer whose result is SET_REG'd to r writes r directly (its
     *     other uses then read r), provided nothing between it and the
     *     SET_REG reads or writes r or can observe guest state; and a
     *     GET_REG reads r in place. */
    reg_tables_init(c);
    for (uint32_t s = 0; s < n; s++) {
        const IrInst *in = &c->I[s];
        if (c->skip[s] || in->op != IR_SET_REG)
            continue;
        IrValue q = in->args[0];
        const IrInst *pi = &c->I[q];
        unsigned r = in->imm & 31;
        if (c->skip[q] || pi->op == IR_GET_REG || pi->type == IR_VOID ||
            c->loc[q].kind != LOC_NONE)
            continue;
        uint32_t L = c->lastuse[q];
        if (!reg_window_clear(c, q, s, r) || reg_writes_between(c, r, q, L, s) ||
            reg_inside_reserved(c, r, q))
            continue;
        c->loc[q] = (Loc){LOC_REG, r};
        c->skip[s] = 1;
        c->direct_set[s] = 1;
        reg_reserve(c, r, q, L, true);
    }

    /* 5. GET_REG reads the register itself unless it is overwritten before
     *    the value's last use. */
    for (uint32_t g = 0; g < n; g++) {
        const IrInst *in = &c->I[g];
        if (in->op != IR_GET_REG || c->skip[g] || !c->nuses[g])
            continue;
        unsigned r = in->imm & 31;
        uint32_t L = c->lastuse[g];
        if (reg_writes_between(c, r, g, L, UINT32_MAX))
            continue;
        c->loc[g] = (Loc){LOC_REG, r};
        c->skip[g] = 1;
        reg_reserve(c, r, g, L, false);
    }

    /* 6. fusions with the neighbouring op (decided last: they need the
     *    final emission order) */
    fuse_neighbours(c);

    /* 7. frame slots for everything else, reusing dead slots */
    uint32_t *free_list = A_NEW(uint32_t, n + 1);
    uint32_t nfree = 0;
    uint32_t *die_head = A_NEW(uint32_t, n + 1), *die_next = A_NEW(uint32_t, n + 1);
    for (uint32_t i = 0; i <= n; i++)
        die_head[i] = UINT32_MAX;
    c->nslots = 0;
#define ALLOC_VALUE(v)                                                         \
    do {                                                                       \
        if (c->nuses[v] == 0) {                                                \
            c->loc[v] = (Loc){LOC_DUMP, 0};                                    \
        } else {                                                               \
            uint32_t slot_ = nfree ? free_list[--nfree] : c->nslots++;         \
            c->loc[v] = (Loc){LOC_SLOT, slot_};                                \
            uint32_t lu_ = c->lastuse[v];                                      \
            die_next[v] = die_head[lu_];                                       \
            die_head[lu_] = (v);                                               \
        }                                                                      \
    } while (0)
    for (uint32_t i = 0; i < n; i++) {
        const IrInst *in = &c->I[i];
        /* values that die at position p free their slot before p's output
         * is allocated (results may overwrite operands) */
        for (uint32_t v = die_head[i]; v != UINT32_MAX; v = die_next[v])
            free_list[nfree++] = c->loc[v].idx;
        if (!(c->skip[i] && !c->postfused[i]) && in->type != IR_VOID &&
            c->loc[i].kind == LOC_NONE)
            ALLOC_VALUE(i);
        /* the second load of a pair is written at the first */
        IrValue j = c->pair[i];
        if (j != IR_NONE && c->I[j].type != IR_VOID && c->loc[j].kind == LOC_NONE)
            ALLOC_VALUE(j);
    }
#undef ALLOC_VALUE
}

/* A64EMU_INTERP_DUMP=1 in the environment prints each block's operand
 * locations to stderr (debugging the allocator). */
int interp_dump_override = -1; /* tests force dumps on (1) or off (0) */

static bool interp_dump_enabled(void)
{
    static int from_env = -1;
    if (interp_dump_override >= 0)
        return interp_dump_override;
    if (from_env < 0) {
        const char *e = getenv("A64EMU_INTERP_DUMP");
        from_env = e && *e && *e != '0';
    }
    return from_env;
}

static void dump_alloc(const CCtx *c)
{
    static const char *const kinds[] = {"-", "slot", "const", "reg", "dump"};
    fprintf(stderr, "interp: block 0x%llx\n", (unsigned long long)c->b->pc);
    for (uint32_t i = 0; i < c->n; i++) {
        const IrInst *in = &c->I[i];
        if (in->flags & IR_F_DEAD)
            continue;
        fprintf(stderr, "  v%-4u %-10s %s args", i, ir_op_info[in->op].name,
                c->skip[i] ? "skip" : "emit");
        for (unsigned k = 0; k < 4; k++)
            if (in->args[k] != IR_NONE)
                fprintf(stderr, " v%u", in->args[k]);
        fprintf(stderr, "  -> %s %u  uses %u last %u%s\n", kinds[c->loc[i].kind], c->loc[i].idx,
                c->nuses[i], c->lastuse[i], c->setflags[i] ? " +nzcv" : "");
    }
    fprintf(stderr, "  term v%d%s\n", (int)c->canon[c->n], c->fuse_cc ? " (fused cond)" : "");
}

/* The op stream, one handler per line with its operand words. */
static void dump_ops(const CCtx *c)
{
    fprintf(stderr, "  ops (%u words, frame %u consts + %u slots):\n", c->nw, c->nconst,
            c->nslots);
    for (uint32_t k = 0; k < c->nh; k++) {
        uint32_t pos = c->hpos[k] & 0xfffff, h = c->hpos[k] >> 20;
        uint32_t end = k + 1 < c->nh ? (c->hpos[k + 1] & 0xfffff) : c->nw;
        fprintf(stderr, "    %-16s", interp_names[h]);
        for (uint32_t w = pos + 1; w < end; w++) {
            const void *p = c->w[w].v;
            const uint64_t *regs = c->env->regs;
            if (p >= (const void *)regs && p < (const void *)(regs + 32))
                fprintf(stderr, " x%u", (unsigned)((const uint64_t *)p - regs));
            else if (p >= (const void *)c->frame && p < (const void *)(c->frame + c->nconst))
                fprintf(stderr, " #0x%llx", (unsigned long long)*(const uint64_t *)p);
            else if (p >= (const void *)(c->frame + c->nconst) &&
                     p <= (const void *)(c->frame + c->nconst + c->nslots))
                fprintf(stderr, " s%u", (unsigned)((const uint64_t *)p - c->frame - c->nconst));
            else
                fprintf(stderr, " %llx", (unsigned long long)c->w[w].u);
        }
        fputc('\n', stderr);
    }
}

/* ---- emission: one function per IR opcode (a missing one fails the build) */

typedef void (*EmitFn)(CCtx *c, uint32_t i);

static void emit_generic(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    unsigned nargs = ir_op_info[in->op].nargs;
    IrType at = nargs ? atype0(c, i) : (IrType)in->type;
    wh(c, H_generic);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, nargs > 1 ? arg(c, i, 1) : &c->frame[0]);
    wp(c, nargs > 2 ? arg(c, i, 2) : &c->frame[0]);
    wu(c, (uint64_t)in->op | ((uint64_t)in->type << 16) | ((uint64_t)at << 24));
    wu(c, in->imm);
}

/* [h, d, a, b] with the 64- or 32-bit handler, else the generic one. */
static unsigned shop_base(unsigned op, bool w32)
{
    switch (op) {
    case IR_ADD: return w32 ? H_add_shl32 : H_add_shl64;
    case IR_SUB: return w32 ? H_sub_shl32 : H_sub_shl64;
    case IR_AND: return w32 ? H_and_shl32 : H_and_shl64;
    case IR_OR: return w32 ? H_or_shl32 : H_or_shl64;
    case IR_XOR: return w32 ? H_xor_shl32 : H_xor_shl64;
    case IR_ANDN: return w32 ? H_andn_shl32 : H_andn_shl64;
    default: return w32 ? H_orn_shl32 : H_orn_shl64;
    }
}

static void emit_bin(CCtx *c, uint32_t i, unsigned h64, unsigned h32, bool narrow_ok)
{
    IrType t = (IrType)c->I[i].type;
    IrValue sv = c->shfuse[i];
    if (sv != IR_NONE) {
        const IrInst *si = &c->I[sv];
        unsigned kind = si->op == IR_SHL ? 0 : si->op == IR_LSHR ? 1 : 2;
        unsigned w = t == IR_I32 ? 32 : 64;
        wh(c, shop_base(c->I[i].op, t == IR_I32) + kind);
        wp(c, dst(c, i));
        wp(c, arg(c, i, c->shswap[i] ? 1 : 0));
        wp(c, arg(c, sv, 0));
        wu(c, c->I[si->args[1]].imm % w);
        return;
    }
    unsigned h = t == IR_I64 ? h64 : t == IR_I32 ? h32 : narrow_ok ? h64 : H_COUNT;
    if (h == H_COUNT) {
        emit_generic(c, i);
        return;
    }
    wh(c, h);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, arg(c, i, 1));
}

static void emit_un(CCtx *c, uint32_t i, unsigned h64, unsigned h32)
{
    IrType t = (IrType)c->I[i].type;
    if (t != IR_I64 && t != IR_I32) {
        emit_generic(c, i);
        return;
    }
    wh(c, t == IR_I64 ? h64 : h32);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
}

static void emit_andi(CCtx *c, uint32_t i, uint64_t mask)
{
    wh(c, H_andi);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wu(c, mask);
}

static void emit_CONST(CCtx *c, uint32_t i)
{
    (void)c, (void)i; /* placed in the frame */
}

static void emit_GET_REG(CCtx *c, uint32_t i)
{
    wh(c, H_mov);
    wp(c, dst(c, i));
    wp(c, &c->env->regs[c->I[i].imm & 31]);
}

static void emit_SET_REG(CCtx *c, uint32_t i)
{
    wh(c, H_mov);
    wp(c, &c->env->regs[c->I[i].imm & 31]);
    wp(c, arg(c, i, 0));
}

static void emit_GET_NZCV(CCtx *c, uint32_t i)
{
    wh(c, H_ld_nzcv);
    wp(c, dst(c, i));
    wp(c, c->env->nzcv);
}

static void emit_SET_NZCV(CCtx *c, uint32_t i)
{
    wh(c, H_st_nzcv);
    wp(c, c->env->nzcv);
    wp(c, arg(c, i, 0));
}

static unsigned size_index(IrType t)
{
    switch (t) {
    case IR_I8: return 0;
    case IR_I16: return 1;
    case IR_I32: return 2;
    default: return 3;
    }
}

static void emit_LOAD_CPU(CCtx *c, uint32_t i)
{
    static const unsigned h[4] = {H_ldcpu8, H_ldcpu16, H_ldcpu32, H_ldcpu64};
    wh(c, h[size_index((IrType)c->I[i].type)]);
    wp(c, dst(c, i));
    wp(c, c->env->cpu_base + c->I[i].imm);
}

static void emit_STORE_CPU(CCtx *c, uint32_t i)
{
    static const unsigned h[4] = {H_stcpu8, H_stcpu16, H_stcpu32, H_stcpu64};
    wh(c, h[size_index(atype0(c, i))]);
    wp(c, c->env->cpu_base + c->I[i].imm);
    wp(c, arg(c, i, 0));
}

#define BIN(NAME, name, narrow)                                   \
    static void emit_##NAME(CCtx *c, uint32_t i)                  \
    {                                                             \
        emit_bin(c, i, H_##name##64, H_##name##32, narrow);       \
    }
BIN(ADD, add, false)
BIN(SUB, sub, false)
BIN(MUL, mul, false)
BIN(AND, and, true)
BIN(OR, or, true)
BIN(XOR, xor, true)
BIN(ANDN, andn, true)
BIN(ORN, orn, false)
BIN(XORN, xorn, false)
BIN(SHL, shl, false)
BIN(LSHR, lshr, false)
BIN(ASHR, ashr, false)
BIN(ROR, ror, false)
BIN(UDIV, udiv, false)
BIN(SDIV, sdiv, false)
#undef BIN

#define UN(NAME, name)                                            \
    static void emit_##NAME(CCtx *c, uint32_t i)                  \
    {                                                             \
        emit_un(c, i, H_##name##64, H_##name##32);                \
    }
UN(NOT, not)
UN(NEG, neg)
UN(CLZ, clz)
UN(CLS, cls)
UN(RBIT, rbit)
UN(BSWAP, bswap)
#undef UN

static void emit_UMULH(CCtx *c, uint32_t i)
{
    emit_bin(c, i, H_umulh, H_COUNT, false);
}

static void emit_SMULH(CCtx *c, uint32_t i)
{
    emit_bin(c, i, H_smulh, H_COUNT, false);
}

static void emit_ZEXT(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    emit_andi(c, i, ir_mask((unsigned)in->imm) & ir_type_mask((IrType)in->type));
}

static void emit_SEXT(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    unsigned from = in->imm >= 64 ? 64 : (unsigned)in->imm;
    wh(c, H_sexti);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wu(c, 64 - from);
    wu(c, ir_type_mask((IrType)in->type));
}

static void emit_EXTRACT(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    unsigned lsb = in->imm & 63, len = (unsigned)(in->imm >> 8) & 0xff;
    uint64_t mask = ir_mask(len) & ir_type_mask((IrType)in->type);
    if (lsb == 0) {
        emit_andi(c, i, mask);
        return;
    }
    wh(c, H_extract);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wu(c, lsb);
    wu(c, mask);
}

static void emit_DEPOSIT(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    unsigned lsb = in->imm & 63, len = (unsigned)(in->imm >> 8) & 0xff;
    wh(c, H_deposit);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, arg(c, i, 1));
    wu(c, lsb);
    wu(c, ir_mask(len) << lsb);
    wu(c, ir_type_mask((IrType)in->type));
}

static void emit_cmp(CCtx *c, uint32_t i, unsigned h64, unsigned h32, bool narrow_ok)
{
    IrType at = atype0(c, i);
    unsigned h = at == IR_I64 ? h64 : at == IR_I32 ? h32 : narrow_ok ? h64 : H_COUNT;
    if (h == H_COUNT) {
        emit_generic(c, i);
        return;
    }
    wh(c, h);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, arg(c, i, 1));
}

#define CMP(NAME, name, narrow)                                   \
    static void emit_##NAME(CCtx *c, uint32_t i)                  \
    {                                                             \
        emit_cmp(c, i, H_##name##64, H_##name##32, narrow);       \
    }
CMP(EQ, eq, true)
CMP(NE, ne, true)
CMP(ULT, ult, true)
CMP(ULE, ule, true)
CMP(SLT, slt, false)
CMP(SLE, sle, false)
#undef CMP

static void emit_SELECT(CCtx *c, uint32_t i)
{
    wh(c, H_select);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, arg(c, i, 1));
    wp(c, arg(c, i, 2));
}

/* Flag ops: [h, d, a, b (, carry)] and, for the _s forms, [nzcv]. */
static void emit_flags(CCtx *c, uint32_t i, unsigned h64, unsigned h32, unsigned nargs)
{
    const IrInst *in = &c->I[i];
    bool s = c->setflags[i];
    wh(c, (in->imm == 32 ? h32 : h64) + (s ? 1 : 0));
    wp(c, dst(c, i));
    for (unsigned k = 0; k < nargs; k++)
        wp(c, arg(c, i, k));
    if (s)
        wp(c, c->env->nzcv);
}

#define FLAGS(NAME, name, nargs)                                              \
    static void emit_##NAME(CCtx *c, uint32_t i)                              \
    {                                                                         \
        emit_flags(c, i, H_##name##64, H_##name##32, nargs);                  \
    }
FLAGS(NZCV_ADD, nzcv_add, 2)
FLAGS(NZCV_SUB, nzcv_sub, 2)
FLAGS(NZCV_ADC, nzcv_adc, 3)
FLAGS(NZCV_SBC, nzcv_sbc, 3)
FLAGS(NZCV_LOGIC, nzcv_logic, 1)
#undef FLAGS

static void emit_carry_op(CCtx *c, uint32_t i, unsigned h64, unsigned h32)
{
    IrType t = (IrType)c->I[i].type;
    if (t != IR_I64 && t != IR_I32) {
        emit_generic(c, i);
        return;
    }
    wh(c, t == IR_I64 ? h64 : h32);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wp(c, arg(c, i, 1));
    wp(c, arg(c, i, 2));
}

static void emit_ADC(CCtx *c, uint32_t i)
{
    emit_carry_op(c, i, H_adc64, H_adc32);
}

static void emit_SBC(CCtx *c, uint32_t i)
{
    emit_carry_op(c, i, H_sbc64, H_sbc32);
}

static void emit_COND(CCtx *c, uint32_t i)
{
    wh(c, H_cond);
    wp(c, dst(c, i));
    wp(c, arg(c, i, 0));
    wu(c, ir_cond_table((unsigned)c->I[i].imm & 15));
}

/* The TLB compare: tag == (va + add) & cmpmask. Unaligned accesses add
 * size-1 so that a page-crossing access misses (it indexes by va's page
 * but compares the last byte's page); aligned ones keep the low bits so
 * that a misaligned address misses. */
static void emit_mem_tail(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    unsigned mo = (unsigned)in->imm;
    unsigned size = 1u << (mo & IR_MO_SIZE);
    unsigned idx = (mo >> 8) & 15;
    if (idx >= TLB_MMU_IDX_COUNT)
        idx = TLB_MMU_IDX_COUNT - 1; /* rejected by the verifier */
    bool align = (mo & IR_MO_ALIGN) != 0;
    wp(c, &c->env->tlb->e[idx][0]);
    if (c->pair[i] != IR_NONE) {
        /* both elements: the second starts at va + size */
        wu(c, align ? size : 2 * size - 1);
        wu(c, A64_PAGE_MASK | (align ? size - 1 : 0));
    } else {
        wu(c, align ? 0 : size - 1);
        wu(c, A64_PAGE_MASK | (align ? size - 1 : 0));
    }
    wu(c, mo);
    wu(c, c->b->pc + in->pc_off);
}

/* Address operands after the handler's first word: base, then the tail,
 * then the mode's extra words. */
static void emit_address(CCtx *c, uint32_t i)
{
    const MemFuse *m = &c->mf[i];
    wp(c, m->mode ? val(c, m->base) : arg(c, i, 0));
    emit_mem_tail(c, i);
    if (m->mode == 1) {
        wu(c, m->imm);
    } else if (m->mode == 2) {
        wp(c, val(c, m->idx));
        wu(c, m->imm);
    } else if (m->mode == 3) {
        wu(c, m->imm);
        wp(c, dst(c, m->idx));
    }
}

/* LDP/STP: [h, d1|v1, base, tail, d2|v2] + the mode's words */
static void emit_pair(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    const MemFuse *m = &c->mf[i];
    IrValue j = c->pair[i];
    unsigned size = in->imm & IR_MO_SIZE;
    unsigned h;
    if (in->op == IR_STORE)
        h = size == IR_MO_64 ? H_st64p : H_st32p;
    else
        h = size == IR_MO_64 ? H_ld64p : (in->imm & IR_MO_SIGN) ? H_ld32sp : H_ld32p;
    wh(c, h + (m->mode == 3 ? 2 : m->mode));
    wp(c, in->op == IR_STORE ? arg(c, i, 1) : dst(c, i));
    wp(c, m->mode ? val(c, m->base) : arg(c, i, 0));
    emit_mem_tail(c, i);
    wp(c, in->op == IR_STORE ? arg(c, j, 1) : dst(c, j));
    if (m->mode == 1) {
        wu(c, m->imm);
    } else if (m->mode == 3) {
        wu(c, m->imm);
        wp(c, dst(c, m->idx));
    }
}

static void emit_LOAD(CCtx *c, uint32_t i)
{
    if (c->pair[i] != IR_NONE) {
        emit_pair(c, i);
        return;
    }
    const IrInst *in = &c->I[i];
    unsigned mo = (unsigned)in->imm;
    unsigned size = mo & IR_MO_SIZE;
    IrType t = (IrType)in->type;
    bool sign = (mo & IR_MO_SIGN) && (8u << size) < ir_type_bits(t);
    static const unsigned zh[4] = {H_ld8, H_ld16, H_ld32, H_ld64};
    unsigned h;
    bool fix = false;
    if (!sign) {
        h = zh[size & 3];
    } else if (t == IR_I64) {
        h = size == 0 ? H_ld8s64 : size == 1 ? H_ld16s64 : H_ld32s64;
    } else {
        h = size == 0 ? H_ld8s32 : H_ld16s32;
        fix = t != IR_I32; /* I16 result: sign-extend, then mask */
    }
    wh(c, h + c->mf[i].mode);
    wp(c, dst(c, i));
    emit_address(c, i);
    if (fix) {
        wh(c, H_andi);
        wp(c, dst(c, i));
        wp(c, dst(c, i));
        wu(c, ir_type_mask(t));
    }
}

static void emit_STORE(CCtx *c, uint32_t i)
{
    if (c->pair[i] != IR_NONE) {
        emit_pair(c, i);
        return;
    }
    static const unsigned h[4] = {H_st8, H_st16, H_st32, H_st64};
    wh(c, h[c->I[i].imm & 3] + c->mf[i].mode);
    wp(c, arg(c, i, 1));
    emit_address(c, i);
}

static void emit_CALL(CCtx *c, uint32_t i)
{
    const IrInst *in = &c->I[i];
    const IrHelperInfo *hi = &ir_helpers[in->imm];
    wh(c, (in->flags & IR_F_MAYEXC) ? H_call_x : H_call);
    wp(c, in->type == IR_VOID ? loc_ptr(c, (Loc){LOC_DUMP, 0}) : dst(c, i));
    wp(c, (void *)hi->fn);
    for (unsigned k = 0; k < 4; k++)
        wp(c, arg(c, i, k));
    wu(c, c->b->pc + in->pc_off);
}

static void emit_BARRIER(CCtx *c, uint32_t i)
{
    /* ISB needs nothing here: the lifter ends the block after it */
    if (c->I[i].imm != IR_BAR_ISB)
        wh(c, H_barrier);
}

static const EmitFn emitters[IR_OPCODE_COUNT] = {
#define IR_OP(name, nargs, flags, doc) [IR_##name] = emit_##name,
#include "ir_opcodes.def"
#undef IR_OP
};

static void emit_term(CCtx *c)
{
    const IrBlock *b = c->b;
    TranslationBlock *tb = c->tb;
    uint64_t ninsns = b->guest_insns;
    IrValue v = c->canon[c->n];
    switch (b->term.kind) {
    case IR_TERM_LINK:
        wh(c, H_exit_link);
        wp(c, &tb->link[0]);
        wu(c, b->term.target[0]);
        wu(c, ninsns);
        wp(c, tb);
        break;
    case IR_TERM_COND:
        if (c->fuse_tst != IR_NONE) {
            const IrInst *x = &c->I[c->fuse_tst];
            wh(c, c->I[c->fuse_cmp].op == IR_EQ ? H_exit_tstz : H_exit_tstnz);
            wp(c, arg(c, c->fuse_tst, 0));
            wu(c, 1ull << (x->imm & 63));
        } else if (c->fuse_cmp != IR_NONE) {
            const IrInst *ci = &c->I[c->fuse_cmp];
            /* narrow unsigned operands are zero-extended: the 64-bit
             * compare is right for them */
            bool w32 = atype0(c, c->fuse_cmp) == IR_I32;
            wh(c, (w32 ? H_exit_eq32 : H_exit_eq64) + (ci->op - IR_EQ));
            wp(c, arg(c, c->fuse_cmp, 0));
            wp(c, arg(c, c->fuse_cmp, 1));
        } else if (c->fuse_flags != IR_NONE) {
            const IrInst *q = &c->I[c->fuse_flags];
            static const unsigned hx[2][3] = {
                {H_exit_add64_cc, H_exit_sub64_cc, H_exit_logic64_cc},
                {H_exit_add32_cc, H_exit_sub32_cc, H_exit_logic32_cc},
            };
            unsigned k = q->op == IR_NZCV_ADD ? 0 : q->op == IR_NZCV_SUB ? 1 : 2;
            wh(c, hx[q->imm == 32][k]);
            wp(c, arg(c, c->fuse_flags, 0));
            wp(c, k == 2 ? &c->frame[0] : arg(c, c->fuse_flags, 1));
            wp(c, c->env->nzcv);
            wu(c, ir_cond_table((unsigned)c->I[v].imm & 15));
        } else if (c->fuse_cc) {
            wh(c, H_exit_cc);
            wp(c, val(c, c->I[v].args[0]));
            wu(c, ir_cond_table((unsigned)c->I[v].imm & 15));
        } else {
            wh(c, H_exit_cond);
            wp(c, val(c, v));
        }
        wp(c, &tb->link[0]);
        wu(c, b->term.target[0]);
        wu(c, b->term.target[1]);
        wu(c, ninsns);
        wp(c, tb);
        break;
    case IR_TERM_INDIRECT:
        wh(c, H_exit_indirect);
        wp(c, val(c, v));
        wu(c, ninsns);
        wu(c, tb->key.pc & A64_PAGE_MASK);
        wu(c, tb->key.pa & A64_PAGE_MASK);
        wu(c, tb->key.flags);
        break;
    case IR_TERM_DISPATCH:
        wh(c, H_exit_dispatch);
        wu(c, b->term.target[0]);
        wu(c, ninsns);
        break;
    case IR_TERM_EXCEPTION:
    default:
        wh(c, H_exit_exc);
        wu(c, ninsns);
        break;
    }
}

static bool interp_compile(EngineEnv *env, const IrBlock *b, TranslationBlock *tb)
{
    pthread_once(&labels_once, labels_init);
    if (b->term.kind == IR_TERM_NONE)
        return false;

    CCtx c = {.env = env, .b = b, .tb = tb, .n = b->n};
    uint32_t n = b->n;
    arena_reset();
    c.I = A_NEW(IrInst, n + 1);
    if (n)
        memcpy(c.I, b->insts, sizeof(IrInst) * n);
    c.canon = A_NEW(IrValue, n + 1);
    c.nuses = A_NEW0(uint32_t, n + 1);
    c.lastuse = A_NEW0(uint32_t, n + 1);
    c.skip = A_NEW0(uint8_t, n + 1);
    c.setflags = A_NEW0(uint8_t, n + 1);
    c.loc = A_NEW0(Loc, n + 1);
    c.atype = A_NEW0(uint8_t, n + 1);
    c.mf = A_NEW0(MemFuse, n + 1);
    c.shfuse = A_NEW(IrValue, n + 1);
    c.shswap = A_NEW0(uint8_t, n + 1);
    c.postfused = A_NEW0(uint8_t, n + 1);
    c.pair = A_NEW(IrValue, n + 1);
    for (uint32_t i = 0; i <= n; i++)
        c.pair[i] = IR_NONE;
    for (uint32_t i = 0; i <= n; i++)
        c.shfuse[i] = IR_NONE;
    c.fuse_flags = IR_NONE;
    c.fuse_cmp = IR_NONE;
    c.fuse_tst = IR_NONE;
    for (uint32_t i = 0; i < n; i++) {
        IrValue a0 = b->insts[i].args[0];
        c.atype[i] = a0 < n ? b->insts[a0].type : IR_VOID;
    }

    allocate(&c);
    c.dump = interp_dump_enabled();
    if (c.dump)
        dump_alloc(&c);

    uint32_t nframe = c.nconst + c.nslots + 1;
    uint64_t *frame = g_new0(uint64_t, nframe);
    memcpy(frame, c.cval, sizeof(uint64_t) * c.nconst);
    c.frame = frame;

    for (uint32_t i = 0; i < n; i++)
        if (!c.skip[i])
            emitters[c.I[i].op](&c, i);
    emit_term(&c);

    if (c.dump)
        dump_ops(&c);
    InterpCode *code = g_malloc(sizeof(InterpCode) + sizeof(IWord) * c.nw);
    code->frame = frame;
    code->nframe = nframe;
    code->nwords = c.nw;
    memcpy(code->ops, c.w, sizeof(IWord) * c.nw);

    g_free(c.hpos);

    if (c.fail) {
        g_free(code->frame);
        g_free(code);
        return false;
    }
    tb->code = code->ops;
    return true;
}

static void interp_execute(EngineEnv *env, TranslationBlock *tb)
{
    env->last_tb = NULL;
    interp_run(env, tb);
}

static void interp_free(TranslationBlock *tb)
{
    if (!tb->code)
        return;
    InterpCode *code = code_of(tb);
    g_free(code->frame);
    g_free(code);
    tb->code = NULL;
}

const Backend backend_interp = {
    .name = "interp",
    .compile = interp_compile,
    .execute = interp_execute,
    .free_code = interp_free,
};
