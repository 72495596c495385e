/* SPDX-License-Identifier: MIT */
/*
 * translate.h - what every trans_<NAME>() sees: the disassembly context and
 * small IR-emitting helpers shared by all instruction groups.
 *
 * Contract of trans_<NAME>(DisasContext *s, arg_<NAME> *a):
 *  - emit IR for the one instruction at s->pc into s->b and return true;
 *  - return false to make the instruction UNDEFINED (feature absent,
 *    reserved field value); the caller then emits the UNDEF exception;
 *  - a guest register write must come after every op of the instruction
 *    that can fault, so that a faulting instruction leaves no trace;
 *  - to end the block, set s->end: DISAS_JUMP (a terminator was set with
 *    ir_term_*), DISAS_UPDATE (state changed, ir_term_dispatch(pc+4) is
 *    added by the loop), DISAS_EXC (an exception was raised).
 */
#ifndef A64EMU_TRANSLATE_H
#define A64EMU_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "../translator/ir.h"
#include "cpu.h"
#include "helpers.h"

typedef enum DisasEnd {
    DISAS_NEXT = 0,   /* continue with the next instruction */
    DISAS_JUMP,       /* the instruction set the block terminator */
    DISAS_UPDATE,     /* end the block, return to the dispatcher at pc+4 */
    DISAS_EXC,        /* exception raised; terminator set */
} DisasEnd;

typedef struct DisasContext {
    A64Cpu *cpu;      /* read-only use: features, model; never live state */
    IrBlock *b;
    uint64_t pc;      /* address of the instruction being translated */
    uint32_t insn;
    uint32_t tb_flags;
    unsigned el;      /* current EL at translation time */
    unsigned mmu_idx; /* for ordinary loads/stores */
    unsigned mmu_idx_unpriv; /* for LDTR/STTR */
    DisasEnd end;
} DisasContext;

/* Register operands. Encodings name register 31 either XZR or SP; use the
 * right accessor. Values are I64; for 32-bit forms, narrow with ir_zext. */
IrValue a64_read_xreg(DisasContext *s, unsigned r);        /* 31 = XZR (constant 0) */
IrValue a64_read_xreg_sp(DisasContext *s, unsigned r);     /* 31 = SP */
void a64_write_xreg(DisasContext *s, unsigned r, IrValue v);    /* 31 = discard; v is I64 */
void a64_write_xreg_sp(DisasContext *s, unsigned r, IrValue v); /* 31 = SP */
/* Writes of 32-bit results: zero-extends an I32 value into X[r]. */
void a64_write_wreg(DisasContext *s, unsigned r, IrValue v32); /* 31 = discard */
void a64_write_wreg_sp(DisasContext *s, unsigned r, IrValue v32);

/* Memory operand helpers: memop already carries mmu_idx bits. */
unsigned a64_memop(DisasContext *s, unsigned size_log2, unsigned extra_flags);
#define A64_MO_IDX_SHIFT 8
#define A64_MO_IDX(mo) (((mo) >> A64_MO_IDX_SHIFT) & 15)

/* Raise a synchronous exception from generated code: calls the
 * raise-exception helper with (ec, iss, return_pc-relative info) and ends
 * the block. return_to_next: ELR = pc + 4 (SVC/HVC/SMC) rather than pc. */
void a64_gen_exception(DisasContext *s, unsigned ec, uint32_t iss, unsigned target_el,
                       bool return_to_next);
/* UNDEFINED at s->pc (EC 0), logged under -d unimp. */
void a64_gen_undef(DisasContext *s);

/* Every FP/AdvSIMD trans_ calls this first (frontend/fpu/fp_access.c).
 * Returns false if FP is disabled at the current EL (CPACR_EL1.FPEN, from
 * the translation flags): the EC 0x07 trap was emitted, s->end = DISAS_EXC,
 * and the trans_ function must return true without emitting anything. */
bool a64_fp_access_check(DisasContext *s);

/* Translate one block starting at pc into b. Never fails: a fetch fault at
 * the first instruction raises the instruction abort (longjmp); one at a
 * later instruction ends the block before it. */
void a64_translate_block(A64Cpu *cpu, uint64_t pc, uint32_t flags, IrBlock *b);

/* The generated decoder (build/frontend/a64_decode.c). Returns false if no
 * pattern matched or the matched trans_ function returned false. */
bool a64_decode(DisasContext *s, uint32_t insn);

#endif
