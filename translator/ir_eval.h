/* SPDX-License-Identifier: MIT */
/*
 * ir_eval.h - the value semantics of the IR's pure operations, written once:
 * constant folding uses it, and the interpreter uses it for the rarely seen
 * type/opcode combinations it has no specialised handler for.
 *
 * Conventions (ir_opcodes.def): integer values are zero-extended in a
 * 64-bit slot; results are masked to the result type here.
 */
#ifndef A64EMU_IR_EVAL_H
#define A64EMU_IR_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "ir_flags.h"

static inline unsigned ir_type_bits(IrType t)
{
    switch (t) {
    case IR_I1: return 1;
    case IR_I8: return 8;
    case IR_I16: return 16;
    case IR_I32: return 32;
    case IR_I64: return 64;
    case IR_I128: return 128;
    default: return 0;
    }
}

/* All-ones mask of n bits (n = 0..64). */
static inline uint64_t ir_mask(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static inline uint64_t ir_type_mask(IrType t)
{
    return ir_mask(ir_type_bits(t));
}

/* Sign-extend the low n bits (1..64) of x to 64 bits. */
static inline int64_t ir_sext64(uint64_t x, unsigned n)
{
    if (n >= 64)
        return (int64_t)x;
    unsigned s = 64 - n;
    return (int64_t)(x << s) >> s;
}

static inline uint64_t ir_clz64(uint64_t x, unsigned width)
{
    if (width < 64)
        x &= ir_mask(width);
    if (x == 0)
        return width;
    return (uint64_t)__builtin_clzll(x) - (64 - width);
}

/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>). */
static inline uint64_t ir_cls64(uint64_t x, unsigned width)
{
    uint64_t m = ir_mask(width);
    x &= m;
    uint64_t y = ((x >> 1) ^ x) & (m >> 1);
    return ir_clz64(y, width - 1);
}

static inline uint64_t ir_rbit64(uint64_t x, unsigned width)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < width; i++)
        r |= ((x >> i) & 1) << (width - 1 - i);
    return r;
}

static inline uint64_t ir_bswap(uint64_t x, unsigned width)
{
    switch (width) {
    case 16: return __builtin_bswap16((uint16_t)x);
    case 32: return __builtin_bswap32((uint32_t)x);
    case 64: return __builtin_bswap64(x);
    default: return x;
    }
}

/* Width (32 or 64) of a flag op's imm; anything else is treated as 64. */
static inline unsigned ir_flag_width(uint64_t imm)
{
    return imm == 32 ? 32 : 64;
}

/* The 16-bit truth table of condition cond over the 16 NZCV values
 * (bit k set <=> the condition holds for NZCV = k << 28). */
static inline uint16_t ir_cond_table(unsigned cond)
{
    uint16_t t = 0;
    for (unsigned k = 0; k < 16; k++)
        if (ir_cond_holds(cond, (uint32_t)k << 28))
            t |= (uint16_t)(1u << k);
    return t;
}

/* True for opcodes ir_eval_pure() can compute: no side effect, no guest
 * state, no memory. */
static inline bool ir_op_is_pure(unsigned op)
{
    switch (op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_UMULH: case IR_SMULH:
    case IR_UDIV: case IR_SDIV: case IR_AND: case IR_OR: case IR_XOR:
    case IR_ANDN: case IR_ORN: case IR_XORN: case IR_NOT: case IR_NEG:
    case IR_SHL: case IR_LSHR: case IR_ASHR: case IR_ROR: case IR_CLZ:
    case IR_CLS: case IR_RBIT: case IR_BSWAP: case IR_ZEXT: case IR_SEXT:
    case IR_EXTRACT: case IR_DEPOSIT: case IR_EQ: case IR_NE: case IR_ULT:
    case IR_ULE: case IR_SLT: case IR_SLE: case IR_SELECT: case IR_NZCV_ADD:
    case IR_NZCV_SUB: case IR_NZCV_ADC: case IR_NZCV_SBC: case IR_NZCV_LOGIC:
    case IR_ADC: case IR_SBC: case IR_COND:
        return true;
    default:
        return false;
    }
}

/*
 * Evaluate a pure op. type is the result type, atype the type of args[0]
 * (the operand width of comparisons), a0..a2 the operand values.
 */
static inline uint64_t ir_eval_pure(unsigned op, IrType type, IrType atype, uint64_t imm,
                                    uint64_t a0, uint64_t a1, uint64_t a2)
{
    unsigned w = ir_type_bits(type);
    unsigned aw = ir_type_bits(atype);
    uint64_t m = ir_mask(w);
    uint64_t r;
    if (w > 64)
        w = 64, m = ~0ull;
    if (aw == 0 || aw > 64)
        aw = 64;

    switch (op) {
    case IR_ADD: r = a0 + a1; break;
    case IR_SUB: r = a0 - a1; break;
    case IR_MUL: r = a0 * a1; break;
    case IR_UMULH: r = (uint64_t)(((unsigned __int128)a0 * a1) >> 64); break;
    case IR_SMULH:
        r = (uint64_t)(((__int128)(int64_t)a0 * (int64_t)a1) >> 64);
        break;
    case IR_UDIV:
        a0 &= m, a1 &= m;
        r = a1 ? a0 / a1 : 0;
        break;
    case IR_SDIV: {
        int64_t x = ir_sext64(a0, w), y = ir_sext64(a1, w);
        if (y == 0)
            r = 0;
        else if (y == -1)
            r = (uint64_t)0 - (uint64_t)x; /* MIN / -1 wraps to MIN */
        else
            r = (uint64_t)(x / y);
        break;
    }
    case IR_AND: r = a0 & a1; break;
    case IR_OR: r = a0 | a1; break;
    case IR_XOR: r = a0 ^ a1; break;
    case IR_ANDN: r = a0 & ~a1; break;
    case IR_ORN: r = a0 | ~a1; break;
    case IR_XORN: r = a0 ^ ~a1; break;
    case IR_NOT: r = ~a0; break;
    case IR_NEG: r = 0 - a0; break;
    case IR_SHL: r = a0 << (a1 % w); break;
    case IR_LSHR: r = (a0 & m) >> (a1 % w); break;
    case IR_ASHR: r = (uint64_t)(ir_sext64(a0, w) >> (a1 % w)); break;
    case IR_ROR: {
        unsigned s = (unsigned)(a1 % w);
        a0 &= m;
        r = s ? (a0 >> s) | (a0 << (w - s)) : a0;
        break;
    }
    case IR_CLZ: r = ir_clz64(a0, w); break;
    case IR_CLS: r = ir_cls64(a0, w); break;
    case IR_RBIT: r = ir_rbit64(a0, w); break;
    case IR_BSWAP: r = ir_bswap(a0, w); break;
    case IR_ZEXT: r = a0 & ir_mask((unsigned)imm); break;
    case IR_SEXT: r = (uint64_t)ir_sext64(a0, imm ? (unsigned)imm : 64); break;
    case IR_EXTRACT: {
        unsigned lsb = imm & 63, len = (unsigned)(imm >> 8) & 0xff;
        r = (a0 >> lsb) & ir_mask(len);
        break;
    }
    case IR_DEPOSIT: {
        unsigned lsb = imm & 63, len = (unsigned)(imm >> 8) & 0xff;
        uint64_t fm = ir_mask(len) << lsb;
        r = (a0 & ~fm) | ((a1 << lsb) & fm);
        break;
    }
    case IR_EQ: r = (a0 & ir_mask(aw)) == (a1 & ir_mask(aw)); break;
    case IR_NE: r = (a0 & ir_mask(aw)) != (a1 & ir_mask(aw)); break;
    case IR_ULT: r = (a0 & ir_mask(aw)) < (a1 & ir_mask(aw)); break;
    case IR_ULE: r = (a0 & ir_mask(aw)) <= (a1 & ir_mask(aw)); break;
    case IR_SLT: r = ir_sext64(a0, aw) < ir_sext64(a1, aw); break;
    case IR_SLE: r = ir_sext64(a0, aw) <= ir_sext64(a1, aw); break;
    case IR_SELECT: r = (a0 & 1) ? a1 : a2; break;
    case IR_NZCV_ADD: r = ir_flags_addc(ir_flag_width(imm), a0, a1, 0); break;
    case IR_NZCV_SUB: r = ir_flags_addc(ir_flag_width(imm), a0, ~a1, 1); break;
    case IR_NZCV_ADC:
        r = ir_flags_addc(ir_flag_width(imm), a0, a1, ir_flags_carry((uint32_t)a2));
        break;
    case IR_NZCV_SBC:
        r = ir_flags_addc(ir_flag_width(imm), a0, ~a1, ir_flags_carry((uint32_t)a2));
        break;
    case IR_NZCV_LOGIC: r = ir_flags_logic(ir_flag_width(imm), a0); break;
    case IR_ADC: r = a0 + a1 + ir_flags_carry((uint32_t)a2); break;
    case IR_SBC: r = a0 + ~a1 + ir_flags_carry((uint32_t)a2); break;
    case IR_COND: r = ir_cond_holds((unsigned)imm & 15, (uint32_t)a0); break;
    default: r = 0; break;
    }
    return r & m;
}

#endif
