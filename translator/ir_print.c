/* SPDX-License-Identifier: MIT */
/* ir_print.c - readable dump of an IR block (-d op, -d op_raw). */
#include <inttypes.h>

#include "ir.h"

static const char *const cond_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};

static void print_reg(FILE *out, uint64_t r)
{
    if (r == 31)
        fprintf(out, "sp");
    else
        fprintf(out, "x%" PRIu64, r);
}

static void print_memop(FILE *out, uint64_t mo)
{
    fprintf(out, "%s%u", (mo & IR_MO_SIGN) ? "s" : "u", 8u << (mo & IR_MO_SIZE));
    if (mo & IR_MO_ALIGN)
        fprintf(out, ",align");
    if (mo & IR_MO_ACQ)
        fprintf(out, ",acq");
    if (mo & IR_MO_REL)
        fprintf(out, ",rel");
    if (mo & IR_MO_UNPRIV)
        fprintf(out, ",unpriv");
    /* mmu index lives in bits 8..11 (frontend A64_MO_IDX) */
    fprintf(out, ",idx%u", (unsigned)((mo >> 8) & 15));
    if (mo >> 12)
        fprintf(out, ",?0x%" PRIx64, mo >> 12);
}

static void print_imm(FILE *out, const IrInst *in)
{
    switch (in->op) {
    case IR_CONST:
        fprintf(out, "0x%" PRIx64, in->imm);
        break;
    case IR_GET_REG:
    case IR_SET_REG:
        print_reg(out, in->imm);
        break;
    case IR_LOAD_CPU:
    case IR_STORE_CPU:
        fprintf(out, "cpu+0x%" PRIx64, in->imm);
        break;
    case IR_ZEXT:
    case IR_SEXT:
        fprintf(out, "from %" PRIu64, in->imm);
        break;
    case IR_EXTRACT:
    case IR_DEPOSIT:
        fprintf(out, "lsb %u len %u", (unsigned)(in->imm & 63), (unsigned)(in->imm >> 8));
        break;
    case IR_NZCV_ADD:
    case IR_NZCV_SUB:
    case IR_NZCV_ADC:
    case IR_NZCV_SBC:
    case IR_NZCV_LOGIC:
        fprintf(out, "w%" PRIu64, in->imm);
        break;
    case IR_COND:
        fprintf(out, "%s", cond_names[in->imm & 15]);
        break;
    case IR_LOAD:
    case IR_STORE:
        print_memop(out, in->imm);
        break;
    case IR_CALL:
        if (in->imm < ir_helper_count)
            fprintf(out, "%s", ir_helpers[in->imm].name);
        else
            fprintf(out, "helper#%" PRIu64 "?", in->imm);
        break;
    case IR_BARRIER:
        fprintf(out, "%s", in->imm == IR_BAR_DMB   ? "dmb"
                           : in->imm == IR_BAR_DSB ? "dsb"
                           : in->imm == IR_BAR_ISB ? "isb"
                                                   : "?");
        break;
    default:
        if (in->imm)
            fprintf(out, "0x%" PRIx64, in->imm);
        break;
    }
}

/* Opcodes whose imm means something even when it is zero. */
static bool op_uses_imm(unsigned op)
{
    switch (op) {
    case IR_CONST: case IR_GET_REG: case IR_SET_REG: case IR_LOAD_CPU: case IR_STORE_CPU:
    case IR_ZEXT: case IR_SEXT: case IR_EXTRACT: case IR_DEPOSIT: case IR_NZCV_ADD:
    case IR_NZCV_SUB: case IR_NZCV_ADC: case IR_NZCV_SBC: case IR_NZCV_LOGIC: case IR_COND:
    case IR_LOAD: case IR_STORE: case IR_CALL: case IR_BARRIER:
        return true;
    default:
        return false;
    }
}

static void print_flags(FILE *out, unsigned f)
{
    if (f & (IR_F_SIDE | IR_F_MAYEXC | IR_F_GUEST))
        fprintf(out, "  [%s%s%s]", (f & IR_F_SIDE) ? "S" : "", (f & IR_F_MAYEXC) ? "X" : "",
                (f & IR_F_GUEST) ? "G" : "");
}

void ir_print(const IrBlock *b, FILE *out)
{
    fprintf(out, "IR block pc=0x%016" PRIx64 " insns=%u bytes=%u ops=%u\n", b->pc,
            b->guest_insns, b->guest_bytes, b->n);
    uint32_t last_off = UINT32_MAX;
    for (uint32_t i = 0; i < b->n; i++) {
        const IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        if (in->pc_off != last_off) {
            fprintf(out, " ---- 0x%016" PRIx64 "\n", b->pc + in->pc_off);
            last_off = in->pc_off;
        }
        const char *name = in->op < IR_OPCODE_COUNT ? ir_op_info[in->op].name : "?OP";
        fprintf(out, "  +%03x ", in->pc_off);
        if (in->type != IR_VOID)
            fprintf(out, "v%-4u %-4s = ", i, ir_type_name((IrType)in->type));
        else
            fprintf(out, "%-12s", "");
        fprintf(out, "%-10s", name);
        unsigned nargs = in->op < IR_OPCODE_COUNT ? ir_op_info[in->op].nargs : 4;
        bool first = true;
        for (unsigned k = 0; k < nargs && k < 4; k++) {
            if (in->args[k] == IR_NONE)
                continue;
            fprintf(out, "%sv%u", first ? " " : ", ", in->args[k]);
            first = false;
        }
        bool has_imm = in->imm != 0 || op_uses_imm(in->op);
        if (has_imm) {
            fprintf(out, "%s", first ? " " : ", ");
            print_imm(out, in);
        }
        print_flags(out, in->flags);
        fputc('\n', out);
    }
    const IrTerm *t = &b->term;
    switch (t->kind) {
    case IR_TERM_LINK:
        fprintf(out, "  term LINK 0x%" PRIx64 "\n", t->target[0]);
        break;
    case IR_TERM_COND:
        fprintf(out, "  term COND v%u ? 0x%" PRIx64 " : 0x%" PRIx64 "\n", t->value,
                t->target[0], t->target[1]);
        break;
    case IR_TERM_INDIRECT:
        fprintf(out, "  term INDIRECT v%u\n", t->value);
        break;
    case IR_TERM_DISPATCH:
        fprintf(out, "  term DISPATCH 0x%" PRIx64 "\n", t->target[0]);
        break;
    case IR_TERM_EXCEPTION:
        fprintf(out, "  term EXCEPTION\n");
        break;
    default:
        fprintf(out, "  term NONE(%d)\n", (int)t->kind);
        break;
    }
}
