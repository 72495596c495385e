/* SPDX-License-Identifier: MIT */
/* ir.c - the IR opcode table and the block builder. */
#include "ir.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

const IrOpInfo ir_op_info[IR_OPCODE_COUNT] = {
#define IR_OP(name, nargs, flags, doc) [IR_##name] = {#name, nargs, flags, doc},
#include "ir_opcodes.def"
#undef IR_OP
};

void ir_block_init(IrBlock *b, uint64_t pc)
{
    memset(b, 0, sizeof(*b));
    b->cap = 256;
    b->insts = g_new(IrInst, b->cap);
    b->pc = pc;
}

void ir_block_reset(IrBlock *b, uint64_t pc)
{
    IrInst *insts = b->insts;
    uint32_t cap = b->cap;
    memset(b, 0, sizeof(*b));
    b->insts = insts;
    b->cap = cap;
    b->pc = pc;
}

void ir_block_free(IrBlock *b)
{
    g_free(b->insts);
    b->insts = NULL;
    b->n = b->cap = 0;
}

void ir_set_guest_pc(IrBlock *b, uint64_t pc)
{
    b->cur_pc_off = (uint32_t)(pc - b->pc);
}

IrValue ir_emit(IrBlock *b, IrOpcode op, IrType type, IrValue a0, IrValue a1,
                IrValue a2, uint64_t imm)
{
    if (b->n == b->cap) {
        b->cap *= 2;
        b->insts = g_renew(IrInst, b->insts, b->cap);
    }
    IrInst *in = &b->insts[b->n];
    in->op = (uint16_t)op;
    in->type = (uint8_t)type;
    in->flags = ir_op_info[op].flags;
    in->pc_off = b->cur_pc_off;
    in->args[0] = a0;
    in->args[1] = a1;
    in->args[2] = a2;
    in->args[3] = IR_NONE;
    in->imm = imm;
    return b->n++;
}

static inline IrType ty(const IrBlock *b, IrValue v)
{
    return (IrType)b->insts[v].type;
}

IrValue ir_const(IrBlock *b, IrType type, uint64_t v)
{
    switch (type) {
    case IR_I1: v &= 1; break;
    case IR_I8: v &= 0xff; break;
    case IR_I16: v &= 0xffff; break;
    case IR_I32: v &= 0xffffffffu; break;
    default: break;
    }
    return ir_emit(b, IR_CONST, type, IR_NONE, IR_NONE, IR_NONE, v);
}

IrValue ir_get_reg(IrBlock *b, unsigned reg)
{
    return ir_emit(b, IR_GET_REG, IR_I64, IR_NONE, IR_NONE, IR_NONE, reg);
}

void ir_set_reg(IrBlock *b, unsigned reg, IrValue v)
{
    ir_emit(b, IR_SET_REG, IR_VOID, v, IR_NONE, IR_NONE, reg);
}

IrValue ir_get_nzcv(IrBlock *b)
{
    return ir_emit(b, IR_GET_NZCV, IR_I32, IR_NONE, IR_NONE, IR_NONE, 0);
}

void ir_set_nzcv(IrBlock *b, IrValue nzcv)
{
    ir_emit(b, IR_SET_NZCV, IR_VOID, nzcv, IR_NONE, IR_NONE, 0);
}

IrValue ir_load_cpu(IrBlock *b, IrType type, size_t offset)
{
    return ir_emit(b, IR_LOAD_CPU, type, IR_NONE, IR_NONE, IR_NONE, offset);
}

void ir_store_cpu(IrBlock *b, size_t offset, IrValue v)
{
    ir_emit(b, IR_STORE_CPU, IR_VOID, v, IR_NONE, IR_NONE, offset);
}

IrValue ir_binop(IrBlock *b, IrOpcode op, IrType type, IrValue x, IrValue y)
{
    return ir_emit(b, op, type, x, y, IR_NONE, 0);
}

IrValue ir_unop(IrBlock *b, IrOpcode op, IrType type, IrValue x)
{
    return ir_emit(b, op, type, x, IR_NONE, IR_NONE, 0);
}

IrValue ir_zext(IrBlock *b, IrType type, IrValue x, unsigned from_bits)
{
    return ir_emit(b, IR_ZEXT, type, x, IR_NONE, IR_NONE, from_bits);
}

IrValue ir_sext(IrBlock *b, IrType type, IrValue x, unsigned from_bits)
{
    return ir_emit(b, IR_SEXT, type, x, IR_NONE, IR_NONE, from_bits);
}

IrValue ir_extract(IrBlock *b, IrType type, IrValue x, unsigned lsb, unsigned len)
{
    return ir_emit(b, IR_EXTRACT, type, x, IR_NONE, IR_NONE, lsb | (len << 8));
}

IrValue ir_deposit(IrBlock *b, IrType type, IrValue x, IrValue field, unsigned lsb,
                   unsigned len)
{
    return ir_emit(b, IR_DEPOSIT, type, x, field, IR_NONE, lsb | (len << 8));
}

IrValue ir_cmp(IrBlock *b, IrOpcode op, IrValue x, IrValue y)
{
    return ir_emit(b, op, IR_I1, x, y, IR_NONE, 0);
}

IrValue ir_select(IrBlock *b, IrType type, IrValue c, IrValue x, IrValue y)
{
    return ir_emit(b, IR_SELECT, type, c, x, y, 0);
}

IrValue ir_nzcv_add(IrBlock *b, unsigned width, IrValue x, IrValue y)
{
    return ir_emit(b, IR_NZCV_ADD, IR_I32, x, y, IR_NONE, width);
}

IrValue ir_nzcv_sub(IrBlock *b, unsigned width, IrValue x, IrValue y)
{
    return ir_emit(b, IR_NZCV_SUB, IR_I32, x, y, IR_NONE, width);
}

IrValue ir_nzcv_adc(IrBlock *b, unsigned width, IrValue x, IrValue y, IrValue nzcv)
{
    return ir_emit(b, IR_NZCV_ADC, IR_I32, x, y, nzcv, width);
}

IrValue ir_nzcv_sbc(IrBlock *b, unsigned width, IrValue x, IrValue y, IrValue nzcv)
{
    return ir_emit(b, IR_NZCV_SBC, IR_I32, x, y, nzcv, width);
}

IrValue ir_nzcv_logic(IrBlock *b, unsigned width, IrValue result)
{
    return ir_emit(b, IR_NZCV_LOGIC, IR_I32, result, IR_NONE, IR_NONE, width);
}

IrValue ir_adc(IrBlock *b, IrType type, IrValue x, IrValue y, IrValue nzcv)
{
    return ir_emit(b, IR_ADC, type, x, y, nzcv, 0);
}

IrValue ir_sbc(IrBlock *b, IrType type, IrValue x, IrValue y, IrValue nzcv)
{
    return ir_emit(b, IR_SBC, type, x, y, nzcv, 0);
}

IrValue ir_cond(IrBlock *b, IrValue nzcv, unsigned cond)
{
    return ir_emit(b, IR_COND, IR_I1, nzcv, IR_NONE, IR_NONE, cond & 15);
}

IrValue ir_load(IrBlock *b, IrType type, IrValue addr, unsigned memop)
{
    return ir_emit(b, IR_LOAD, type, addr, IR_NONE, IR_NONE, memop);
}

void ir_store(IrBlock *b, IrValue addr, IrValue v, unsigned memop)
{
    ir_emit(b, IR_STORE, IR_VOID, addr, v, IR_NONE, memop);
}

IrValue ir_call(IrBlock *b, unsigned helper, IrValue a0, IrValue a1, IrValue a2,
                IrValue a3)
{
    const IrHelperInfo *h = &ir_helpers[helper];
    IrValue v = ir_emit(b, IR_CALL, h->ret, a0, a1, a2, helper);
    b->insts[v].args[3] = a3;
    b->insts[v].flags = h->flags;
    return v;
}

void ir_barrier(IrBlock *b, unsigned kind)
{
    ir_emit(b, IR_BARRIER, IR_VOID, IR_NONE, IR_NONE, IR_NONE, kind);
}

void ir_term_link(IrBlock *b, uint64_t target)
{
    b->term = (IrTerm){.kind = IR_TERM_LINK, .value = IR_NONE, .target = {target, 0}};
}

void ir_term_cond(IrBlock *b, IrValue cond, uint64_t taken, uint64_t not_taken)
{
    b->term = (IrTerm){.kind = IR_TERM_COND, .value = cond, .target = {taken, not_taken}};
}

void ir_term_indirect(IrBlock *b, IrValue target)
{
    b->term = (IrTerm){.kind = IR_TERM_INDIRECT, .value = target};
}

void ir_term_dispatch(IrBlock *b, uint64_t next_pc)
{
    b->term = (IrTerm){.kind = IR_TERM_DISPATCH, .value = IR_NONE, .target = {next_pc, 0}};
}

void ir_term_exception(IrBlock *b)
{
    b->term = (IrTerm){.kind = IR_TERM_EXCEPTION, .value = IR_NONE};
}

const char *ir_type_name(IrType t)
{
    static const char *const names[] = {"void", "i1", "i8", "i16", "i32", "i64", "i128"};
    return (unsigned)t < G_N_ELEMENTS(names) ? names[t] : "?";
}
