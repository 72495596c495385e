/* SPDX-License-Identifier: MIT */
/*
 * ir.h - the typed SSA IR that the A64 lifter produces and both engines run.
 *
 * A block is a list of IrInst in program order; an instruction's result is
 * named by its index (an IrValue). Guest state is reached only through
 * explicit GET_/SET_ ops so that passes can forward and remove them. Every
 * block ends in exactly one IrTerm. The IR knows nothing of Arm encodings or
 * host code: the frontend emits it, translator/ passes and engines consume it.
 *
 * Values: integers of IR_I1..IR_I64 live zero-extended in 64-bit slots.
 * IR_I128 is reserved for the SIMD work (two 64-bit halves).
 */
#ifndef A64EMU_IR_H
#define A64EMU_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum IrType {
    IR_VOID = 0,
    IR_I1,
    IR_I8,
    IR_I16,
    IR_I32,
    IR_I64,
    IR_I128,
} IrType;

/* Opcode flags (see ir_opcodes.def). */
enum {
    IR_F_SIDE = 1u << 0,
    IR_F_MAYEXC = 1u << 1,
    IR_F_GUEST = 1u << 2,
    IR_F_DEAD = 1u << 7, /* set by passes: instruction removed */
};

typedef enum IrOpcode {
#define IR_OP(name, nargs, flags, doc) IR_##name,
#include "ir_opcodes.def"
#undef IR_OP
    IR_OPCODE_COUNT
} IrOpcode;

typedef struct IrOpInfo {
    const char *name;
    uint8_t nargs;
    uint8_t flags;
    const char *doc;
} IrOpInfo;

extern const IrOpInfo ir_op_info[IR_OPCODE_COUNT];

/* An SSA value: the index of the instruction that produced it. */
typedef uint32_t IrValue;
#define IR_NONE UINT32_MAX

/* IrMemOp, carried in imm of LOAD/STORE. */
enum {
    IR_MO_8 = 0,
    IR_MO_16 = 1,
    IR_MO_32 = 2,
    IR_MO_64 = 3,
    IR_MO_128 = 4,
    IR_MO_SIZE = 7,        /* log2 of the access size in bytes */
    IR_MO_SIGN = 1u << 3,  /* sign-extend a load to the result type */
    IR_MO_ALIGN = 1u << 4, /* must be aligned to its size, else alignment fault */
    IR_MO_ACQ = 1u << 5,   /* load-acquire */
    IR_MO_REL = 1u << 6,   /* store-release */
    IR_MO_UNPRIV = 1u << 7, /* LDTR/STTR: checked as EL0 */
};
#define IR_MO_BYTES(mo) (1u << ((mo) & IR_MO_SIZE))

/* BARRIER kinds, in imm. */
enum { IR_BAR_DMB = 0, IR_BAR_DSB = 1, IR_BAR_ISB = 2 };

typedef struct IrInst {
    uint16_t op;      /* IrOpcode */
    uint8_t type;     /* IrType of the result (IR_VOID if none) */
    uint8_t flags;    /* IR_F_* copied from the opcode table or helper table */
    uint32_t pc_off;  /* byte offset of the guest instruction in the block */
    IrValue args[4];
    uint64_t imm;
} IrInst;

/* How a block ends. */
typedef enum IrTermKind {
    IR_TERM_NONE = 0,  /* not yet set (verifier error) */
    IR_TERM_LINK,      /* go to target[0]; chainable */
    IR_TERM_COND,      /* cond (I1) ? target[0] : target[1]; both chainable */
    IR_TERM_INDIRECT,  /* go to the address in value (I64) */
    IR_TERM_DISPATCH,  /* go to target[0] through the main loop (state changed:
                        * re-evaluate flags, interrupts; never chained) */
    IR_TERM_EXCEPTION, /* the last CALL raised an exception; never reached */
} IrTermKind;

typedef struct IrTerm {
    IrTermKind kind;
    IrValue value;     /* COND: condition; INDIRECT: target address */
    uint64_t target[2];
} IrTerm;

typedef struct IrBlock {
    uint64_t pc;            /* guest virtual address of the first instruction */
    uint32_t guest_insns;   /* number of guest instructions */
    uint32_t guest_bytes;   /* bytes of guest code covered */
    IrInst *insts;
    uint32_t n, cap;
    uint32_t cur_pc_off;    /* pc_off stamped on new instructions */
    IrTerm term;
} IrBlock;

/* ---- building ------------------------------------------------------ */

void ir_block_init(IrBlock *b, uint64_t pc);
void ir_block_reset(IrBlock *b, uint64_t pc);
void ir_block_free(IrBlock *b);

/* Start a new guest instruction at guest address pc: following
 * instructions carry pc - b->pc as their pc_off. */
void ir_set_guest_pc(IrBlock *b, uint64_t pc);

/* Generic emitter; the helpers below are the readable way in. */
IrValue ir_emit(IrBlock *b, IrOpcode op, IrType type, IrValue a0, IrValue a1,
                IrValue a2, uint64_t imm);

IrValue ir_const(IrBlock *b, IrType type, uint64_t v);
static inline IrValue ir_const64(IrBlock *b, uint64_t v) { return ir_const(b, IR_I64, v); }
static inline IrValue ir_const32(IrBlock *b, uint32_t v) { return ir_const(b, IR_I32, v); }

IrValue ir_get_reg(IrBlock *b, unsigned reg);          /* I64; 31 = SP */
void ir_set_reg(IrBlock *b, unsigned reg, IrValue v);  /* v must be I64 */
IrValue ir_get_nzcv(IrBlock *b);
void ir_set_nzcv(IrBlock *b, IrValue nzcv);
IrValue ir_load_cpu(IrBlock *b, IrType type, size_t offset);
void ir_store_cpu(IrBlock *b, size_t offset, IrValue v);

IrValue ir_binop(IrBlock *b, IrOpcode op, IrType type, IrValue x, IrValue y);
IrValue ir_unop(IrBlock *b, IrOpcode op, IrType type, IrValue x);
IrValue ir_zext(IrBlock *b, IrType type, IrValue x, unsigned from_bits);
IrValue ir_sext(IrBlock *b, IrType type, IrValue x, unsigned from_bits);
IrValue ir_extract(IrBlock *b, IrType type, IrValue x, unsigned lsb, unsigned len);
IrValue ir_deposit(IrBlock *b, IrType type, IrValue x, IrValue field, unsigned lsb,
                   unsigned len);
IrValue ir_cmp(IrBlock *b, IrOpcode op, IrValue x, IrValue y); /* EQ..SLE, I1 */
IrValue ir_select(IrBlock *b, IrType type, IrValue c, IrValue x, IrValue y);

/* width is 32 or 64 */
IrValue ir_nzcv_add(IrBlock *b, unsigned width, IrValue x, IrValue y);
IrValue ir_nzcv_sub(IrBlock *b, unsigned width, IrValue x, IrValue y);
IrValue ir_nzcv_adc(IrBlock *b, unsigned width, IrValue x, IrValue y, IrValue nzcv);
IrValue ir_nzcv_sbc(IrBlock *b, unsigned width, IrValue x, IrValue y, IrValue nzcv);
IrValue ir_nzcv_logic(IrBlock *b, unsigned width, IrValue result);
IrValue ir_adc(IrBlock *b, IrType type, IrValue x, IrValue y, IrValue nzcv);
IrValue ir_sbc(IrBlock *b, IrType type, IrValue x, IrValue y, IrValue nzcv);
IrValue ir_cond(IrBlock *b, IrValue nzcv, unsigned cond);

IrValue ir_load(IrBlock *b, IrType type, IrValue addr, unsigned memop);
void ir_store(IrBlock *b, IrValue addr, IrValue v, unsigned memop);

/* helper is a HelperId; flags come from the helper table. Pass IR_NONE
 * for unused arguments. Result type I64 (or IR_VOID for void helpers). */
IrValue ir_call(IrBlock *b, unsigned helper, IrValue a0, IrValue a1, IrValue a2,
                IrValue a3);
void ir_barrier(IrBlock *b, unsigned kind);

void ir_term_link(IrBlock *b, uint64_t target);
void ir_term_cond(IrBlock *b, IrValue cond, uint64_t taken, uint64_t not_taken);
void ir_term_indirect(IrBlock *b, IrValue target);
void ir_term_dispatch(IrBlock *b, uint64_t next_pc);
void ir_term_exception(IrBlock *b);

/* ---- helper-call metadata, filled in by the frontend's helper table ---- */

typedef uint64_t (*IrHelperFn)(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2,
                               uint64_t a3);
typedef struct IrHelperInfo {
    const char *name;
    IrHelperFn fn;
    uint8_t nargs;
    uint8_t flags;      /* IR_F_* */
    IrType ret;         /* IR_I64 or IR_VOID */
} IrHelperInfo;

/* The frontend provides the table (frontend/helpers.c). */
extern const IrHelperInfo ir_helpers[];
extern const unsigned ir_helper_count;

/* ---- passes, printer, verifier (translator/ir_*.c) ------------------ */

/* Returns true if the block is well formed; on error prints why to err. */
bool ir_verify(const IrBlock *b, FILE *err);
void ir_print(const IrBlock *b, FILE *out);
const char *ir_type_name(IrType t);

void ir_opt_const_fold(IrBlock *b);
void ir_opt_getset_elim(IrBlock *b);  /* forward SET->GET, drop dead SET_NZCV/SET_REG */
void ir_opt_dce(IrBlock *b);
void ir_optimize(IrBlock *b);         /* the standard pipeline */

#endif
