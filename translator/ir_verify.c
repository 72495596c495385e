/* SPDX-License-Identifier: MIT */
/*
 * ir_verify.c - structural and type checks on an IR block. Run after the
 * lifter and after the passes in debug builds; the engines may assume a
 * verified block (operands defined and typed, valid memops, a terminator).
 */
#include <inttypes.h>
#include <stdarg.h>

#include "ir.h"
#include "ir_eval.h"

typedef struct VCtx {
    const IrBlock *b;
    FILE *err;
    unsigned errors;
} VCtx;

__attribute__((format(printf, 3, 4))) static void verr(VCtx *c, int inst, const char *fmt, ...)
{
    c->errors++;
    if (!c->err || c->errors > 8)
        return;
    if (inst >= 0) {
        const IrInst *in = &c->b->insts[inst];
        const char *name = in->op < IR_OPCODE_COUNT ? ir_op_info[in->op].name : "?";
        fprintf(c->err, "ir_verify: block 0x%" PRIx64 " v%d (%s at +0x%x): ", c->b->pc, inst,
                name, in->pc_off);
    } else {
        fprintf(c->err, "ir_verify: block 0x%" PRIx64 " terminator: ", c->b->pc);
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    fputc('\n', c->err);
}

static bool is_int(IrType t)
{
    return t >= IR_I1 && t <= IR_I64;
}

/* Check operand k of inst i: a live, earlier, non-void value. Returns its
 * type or IR_VOID after reporting. */
static IrType arg_type(VCtx *c, uint32_t i, unsigned k)
{
    const IrInst *in = &c->b->insts[i];
    IrValue v = in->args[k];
    if (v == IR_NONE) {
        verr(c, (int)i, "operand %u missing", k);
        return IR_VOID;
    }
    if (v >= i) {
        verr(c, (int)i, "operand %u (v%u) not defined before use", k, v);
        return IR_VOID;
    }
    const IrInst *def = &c->b->insts[v];
    if (def->flags & IR_F_DEAD) {
        verr(c, (int)i, "operand %u (v%u) is a removed instruction", k, v);
        return IR_VOID;
    }
    if (!is_int((IrType)def->type)) {
        verr(c, (int)i, "operand %u (v%u) has no integer value (%s)", k, v,
             ir_type_name((IrType)def->type));
        return IR_VOID;
    }
    return (IrType)def->type;
}

static void want(VCtx *c, uint32_t i, unsigned k, IrType t)
{
    IrType at = arg_type(c, i, k);
    if (at != IR_VOID && at != t)
        verr(c, (int)i, "operand %u is %s, expected %s", k, ir_type_name(at), ir_type_name(t));
}

static void want_type(VCtx *c, uint32_t i, bool ok, const char *what)
{
    if (!ok)
        verr(c, (int)i, "result type %s invalid (%s)",
             ir_type_name((IrType)c->b->insts[i].type), what);
}

static void check_memop(VCtx *c, uint32_t i, uint64_t mo, bool load, IrType vt)
{
    unsigned size = mo & IR_MO_SIZE;
    if (size > IR_MO_64)
        verr(c, (int)i, "memop size %u unsupported (128-bit accesses are not implemented)",
             8u << size);
    if (mo >> 12)
        verr(c, (int)i, "memop has unknown bits 0x%" PRIx64, mo);
    if (((mo >> 8) & 15) >= 8)
        verr(c, (int)i, "memop mmu index %u out of range", (unsigned)((mo >> 8) & 15));
    if (load) {
        if ((mo & IR_MO_REL))
            verr(c, (int)i, "release ordering on a load");
        if (vt != IR_VOID && ir_type_bits(vt) < (8u << size))
            verr(c, (int)i, "load of %u bits into %s", 8u << size, ir_type_name(vt));
    } else {
        if (mo & (IR_MO_SIGN | IR_MO_ACQ))
            verr(c, (int)i, "sign/acquire flag on a store");
    }
}

static void check_inst(VCtx *c, uint32_t i)
{
    const IrInst *in = &c->b->insts[i];
    IrType t = (IrType)in->type;
    unsigned op = in->op;
    if (op >= IR_OPCODE_COUNT) {
        verr(c, (int)i, "bad opcode %u", op);
        return;
    }
    const IrOpInfo *info = &ir_op_info[op];

    /* unused operand slots must be empty (CALL checks its own) */
    if (op != IR_CALL) {
        for (unsigned k = info->nargs; k < 4; k++)
            if (in->args[k] != IR_NONE)
                verr(c, (int)i, "operand %u set but the op takes %u", k, info->nargs);
        unsigned need = info->flags;
        if ((in->flags & need) != need)
            verr(c, (int)i, "flags 0x%x lack the opcode's 0x%x", in->flags, need);
    }

    unsigned w = ir_type_bits(t);
    switch (op) {
    case IR_CONST:
        want_type(c, i, is_int(t), "integer");
        if (is_int(t) && (in->imm & ~ir_type_mask(t)))
            verr(c, (int)i, "constant 0x%" PRIx64 " does not fit %s", in->imm, ir_type_name(t));
        break;
    case IR_GET_REG:
        want_type(c, i, t == IR_I64, "I64");
        if (in->imm >= 32)
            verr(c, (int)i, "register %" PRIu64 " out of range", in->imm);
        break;
    case IR_SET_REG:
        want_type(c, i, t == IR_VOID, "void");
        want(c, i, 0, IR_I64);
        if (in->imm >= 32)
            verr(c, (int)i, "register %" PRIu64 " out of range", in->imm);
        break;
    case IR_GET_NZCV:
        want_type(c, i, t == IR_I32, "I32");
        break;
    case IR_SET_NZCV:
        want_type(c, i, t == IR_VOID, "void");
        want(c, i, 0, IR_I32);
        break;
    case IR_LOAD_CPU:
        want_type(c, i, t >= IR_I8 && t <= IR_I64, "I8..I64");
        if (in->imm >= (1u << 20))
            verr(c, (int)i, "cpu offset 0x%" PRIx64 " implausible", in->imm);
        break;
    case IR_STORE_CPU: {
        want_type(c, i, t == IR_VOID, "void");
        IrType at = arg_type(c, i, 0);
        if (at != IR_VOID && !(at >= IR_I8 && at <= IR_I64))
            verr(c, (int)i, "store of %s", ir_type_name(at));
        if (in->imm >= (1u << 20))
            verr(c, (int)i, "cpu offset 0x%" PRIx64 " implausible", in->imm);
        break;
    }
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR: case IR_XOR:
    case IR_ANDN: case IR_ORN: case IR_XORN:
        want_type(c, i, is_int(t), "integer");
        want(c, i, 0, t);
        want(c, i, 1, t);
        break;
    case IR_NOT: case IR_NEG:
        want_type(c, i, is_int(t), "integer");
        want(c, i, 0, t);
        break;
    case IR_UMULH: case IR_SMULH:
        want_type(c, i, t == IR_I64, "I64");
        want(c, i, 0, t);
        want(c, i, 1, t);
        break;
    case IR_UDIV: case IR_SDIV: case IR_SHL: case IR_LSHR: case IR_ASHR: case IR_ROR:
        want_type(c, i, t == IR_I32 || t == IR_I64, "I32/I64");
        want(c, i, 0, t);
        want(c, i, 1, t);
        break;
    case IR_CLZ: case IR_CLS: case IR_RBIT: case IR_BSWAP:
        want_type(c, i, t == IR_I32 || t == IR_I64, "I32/I64");
        want(c, i, 0, t);
        break;
    case IR_ZEXT:
        want_type(c, i, is_int(t), "integer");
        arg_type(c, i, 0);
        if (in->imm < 1 || in->imm > 64)
            verr(c, (int)i, "extension from %" PRIu64 " bits", in->imm);
        break;
    case IR_SEXT:
        want_type(c, i, is_int(t), "integer");
        arg_type(c, i, 0);
        if (in->imm < 1 || in->imm > 64 || (is_int(t) && in->imm > w))
            verr(c, (int)i, "sign extension from %" PRIu64 " bits to %s", in->imm,
                 ir_type_name(t));
        break;
    case IR_EXTRACT:
    case IR_DEPOSIT: {
        unsigned lsb = in->imm & 63, len = (unsigned)(in->imm >> 8);
        want_type(c, i, is_int(t), "integer");
        IrType at = arg_type(c, i, 0);
        if (op == IR_DEPOSIT) {
            if (at != IR_VOID && at != t)
                verr(c, (int)i, "operand 0 is %s, expected %s", ir_type_name(at),
                     ir_type_name(t));
            arg_type(c, i, 1);
        }
        if ((in->imm & 0xc0) || len < 1 || len > 64)
            verr(c, (int)i, "bad field imm 0x%" PRIx64, in->imm);
        else if (at != IR_VOID && lsb + len > ir_type_bits(at))
            verr(c, (int)i, "field lsb %u len %u outside %s", lsb, len, ir_type_name(at));
        else if (op == IR_EXTRACT && is_int(t) && len > w)
            verr(c, (int)i, "field of %u bits does not fit %s", len, ir_type_name(t));
        break;
    }
    case IR_EQ: case IR_NE: case IR_ULT: case IR_ULE: case IR_SLT: case IR_SLE: {
        want_type(c, i, t == IR_I1, "I1");
        IrType a0 = arg_type(c, i, 0), a1 = arg_type(c, i, 1);
        if (a0 != IR_VOID && a1 != IR_VOID && a0 != a1)
            verr(c, (int)i, "compare of %s with %s", ir_type_name(a0), ir_type_name(a1));
        break;
    }
    case IR_SELECT:
        want_type(c, i, is_int(t), "integer");
        want(c, i, 0, IR_I1);
        want(c, i, 1, t);
        want(c, i, 2, t);
        break;
    case IR_NZCV_ADD: case IR_NZCV_SUB: case IR_NZCV_ADC: case IR_NZCV_SBC:
    case IR_NZCV_LOGIC: {
        want_type(c, i, t == IR_I32, "I32");
        if (in->imm != 32 && in->imm != 64) {
            verr(c, (int)i, "flag width %" PRIu64, in->imm);
            break;
        }
        IrType ot = in->imm == 32 ? IR_I32 : IR_I64;
        want(c, i, 0, ot);
        if (op != IR_NZCV_LOGIC)
            want(c, i, 1, ot);
        if (op == IR_NZCV_ADC || op == IR_NZCV_SBC)
            want(c, i, 2, IR_I32);
        break;
    }
    case IR_ADC: case IR_SBC:
        want_type(c, i, t == IR_I32 || t == IR_I64, "I32/I64");
        want(c, i, 0, t);
        want(c, i, 1, t);
        want(c, i, 2, IR_I32);
        break;
    case IR_COND:
        want_type(c, i, t == IR_I1, "I1");
        want(c, i, 0, IR_I32);
        if (in->imm > 15)
            verr(c, (int)i, "condition %" PRIu64, in->imm);
        break;
    case IR_LOAD:
        want_type(c, i, t >= IR_I8 && t <= IR_I64, "I8..I64");
        want(c, i, 0, IR_I64);
        check_memop(c, i, in->imm, true, t);
        break;
    case IR_STORE:
        want_type(c, i, t == IR_VOID, "void");
        want(c, i, 0, IR_I64);
        arg_type(c, i, 1);
        check_memop(c, i, in->imm, false, IR_VOID);
        break;
    case IR_CALL: {
        if (in->imm >= ir_helper_count) {
            verr(c, (int)i, "helper %" PRIu64 " out of range", in->imm);
            break;
        }
        const IrHelperInfo *h = &ir_helpers[in->imm];
        if (t != h->ret)
            verr(c, (int)i, "result %s but helper %s returns %s", ir_type_name(t), h->name,
                 ir_type_name(h->ret));
        if (h->nargs > 4)
            verr(c, (int)i, "helper %s has %u arguments", h->name, h->nargs);
        for (unsigned k = 0; k < 4; k++) {
            if (k < h->nargs)
                arg_type(c, i, k);
            else if (in->args[k] != IR_NONE)
                verr(c, (int)i, "argument %u given but %s takes %u", k, h->name, h->nargs);
        }
        if ((in->flags & ~IR_F_DEAD) != h->flags)
            verr(c, (int)i, "flags 0x%x differ from helper %s's 0x%x", in->flags, h->name,
                 h->flags);
        break;
    }
    case IR_BARRIER:
        want_type(c, i, t == IR_VOID, "void");
        if (in->imm > IR_BAR_ISB)
            verr(c, (int)i, "barrier kind %" PRIu64, in->imm);
        break;
    default:
        verr(c, (int)i, "opcode not known to the verifier");
        break;
    }
}

bool ir_verify(const IrBlock *b, FILE *err)
{
    VCtx c = {.b = b, .err = err};
    if (b->n > b->cap || (b->n && !b->insts)) {
        verr(&c, -1, "instruction count %u exceeds capacity %u", b->n, b->cap);
        return false;
    }
    uint32_t last_off = 0;
    int last_live = -1;
    for (uint32_t i = 0; i < b->n; i++) {
        const IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        check_inst(&c, i);
        if (in->pc_off < last_off)
            verr(&c, (int)i, "guest pc offset goes backwards (0x%x after 0x%x)", in->pc_off,
                 last_off);
        if (b->guest_bytes && in->pc_off >= b->guest_bytes)
            verr(&c, (int)i, "guest pc offset 0x%x beyond the block's %u bytes", in->pc_off,
                 b->guest_bytes);
        last_off = in->pc_off;
        last_live = (int)i;
    }

    const IrTerm *t = &b->term;
    switch (t->kind) {
    case IR_TERM_LINK:
    case IR_TERM_DISPATCH:
        break;
    case IR_TERM_COND:
    case IR_TERM_INDIRECT: {
        IrType want_t = t->kind == IR_TERM_COND ? IR_I1 : IR_I64;
        if (t->value == IR_NONE || t->value >= b->n) {
            verr(&c, -1, "value v%u undefined", t->value);
            break;
        }
        const IrInst *def = &b->insts[t->value];
        if (def->flags & IR_F_DEAD)
            verr(&c, -1, "value v%u was removed", t->value);
        else if (def->type != want_t)
            verr(&c, -1, "value v%u is %s, expected %s", t->value,
                 ir_type_name((IrType)def->type), ir_type_name(want_t));
        break;
    }
    case IR_TERM_EXCEPTION: {
        /* The block must end in a helper that raises (it never returns). */
        const IrInst *last = last_live >= 0 ? &b->insts[last_live] : NULL;
        if (!last || last->op != IR_CALL || !(last->flags & IR_F_MAYEXC))
            verr(&c, -1, "EXCEPTION terminator without a raising helper call before it");
        break;
    }
    default:
        verr(&c, -1, "missing or invalid terminator (kind %d)", (int)t->kind);
        break;
    }
    if (c.errors > 8 && err)
        fprintf(err, "ir_verify: ... %u errors in all\n", c.errors);
    return c.errors == 0;
}
