/* SPDX-License-Identifier: MIT */
/*
 * translate.c - the block translator: fetches guest instructions through
 * the MMU, hands each to the generated decoder (which calls one
 * trans_<NAME>() per pattern), and ends the block at a branch, an
 * exception or state change, a page boundary or a size cap. Also the small
 * lifter helpers every trans_ function shares (translate.h).
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>

#include "../translator/log.h"
#include "exception.h"
#include "memaccess.h"
#include "translate.h"

/* Longest block in guest instructions: bounds translation latency and the
 * work lost when a block is invalidated. */
#define A64_MAX_BLOCK_INSNS 128

/* ---- register operands ------------------------------------------------ */

IrValue a64_read_xreg(DisasContext *s, unsigned r)
{
    if (r >= 31)
        return ir_const64(s->b, 0);
    return ir_get_reg(s->b, r);
}

IrValue a64_read_xreg_sp(DisasContext *s, unsigned r)
{
    return ir_get_reg(s->b, r & 31);
}

void a64_write_xreg(DisasContext *s, unsigned r, IrValue v)
{
    if (r >= 31)
        return;
    ir_set_reg(s->b, r, v);
}

void a64_write_xreg_sp(DisasContext *s, unsigned r, IrValue v)
{
    ir_set_reg(s->b, r & 31, v);
}

void a64_write_wreg(DisasContext *s, unsigned r, IrValue v32)
{
    if (r >= 31)
        return;
    ir_set_reg(s->b, r, ir_zext(s->b, IR_I64, v32, 32));
}

void a64_write_wreg_sp(DisasContext *s, unsigned r, IrValue v32)
{
    ir_set_reg(s->b, r & 31, ir_zext(s->b, IR_I64, v32, 32));
}

unsigned a64_memop(DisasContext *s, unsigned size_log2, unsigned extra_flags)
{
    unsigned idx = (extra_flags & IR_MO_UNPRIV) ? s->mmu_idx_unpriv : s->mmu_idx;
    unsigned mo = (size_log2 & IR_MO_SIZE) | extra_flags;
    /* SCTLR_ELx.A: every data access is checked for alignment (D1.3.5) */
    if (s->tb_flags & A64_TBF_ALIGN)
        mo |= IR_MO_ALIGN;
    mo &= ~(15u << A64_MO_IDX_SHIFT);
    return mo | ((idx & 15u) << A64_MO_IDX_SHIFT);
}

/* ---- exceptions from generated code --------------------------------- */

void a64_gen_exception(DisasContext *s, unsigned ec, uint32_t iss, unsigned target_el,
                       bool return_to_next)
{
    IrBlock *b = s->b;
    IrValue a0 = ir_const64(b, ec);
    IrValue a1 = ir_const64(b, iss);
    IrValue a2 = ir_const64(b, target_el);
    IrValue a3 = ir_const64(b, return_to_next ? s->pc + 4 : s->pc);
    ir_call(b, HELPER_raise_exception, a0, a1, a2, a3);
    ir_term_exception(b);
    s->end = DISAS_EXC;
}

/* Disassembly for logs (one capstone handle per vCPU thread). */
static __thread csh cs_handle;
static __thread int cs_state; /* 0 = not tried, 1 = open, -1 = failed */

static bool disas_one(uint64_t pc, uint32_t insn, char *buf, size_t len)
{
    if (cs_state == 0)
        cs_state = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &cs_handle) == CS_ERR_OK ? 1
                                                                                        : -1;
    if (cs_state < 0)
        return false;
    cs_insn *ci;
    uint8_t bytes[4] = {(uint8_t)insn, (uint8_t)(insn >> 8), (uint8_t)(insn >> 16),
                        (uint8_t)(insn >> 24)};
    size_t cnt = cs_disasm(cs_handle, bytes, 4, pc, 1, &ci);
    if (cnt == 0)
        return false;
    snprintf(buf, len, "%s %s", ci[0].mnemonic, ci[0].op_str);
    cs_free(ci, cnt);
    return true;
}

void a64_gen_undef(DisasContext *s)
{
    if (log_on(LOG_UNIMP)) {
        char key[32], dis[256];
        snprintf(key, sizeof(key), "insn:%08" PRIx32, s->insn);
        if (!disas_one(s->pc, s->insn, dis, sizeof(dis)))
            snprintf(dis, sizeof(dis), "(capstone: not an instruction)");
        log_unimp_once(key, "unimp: UNDEFINED/unimplemented instruction 0x%08" PRIx32
                            " at 0x%016" PRIx64 ": %s\n",
                       s->insn, s->pc, dis);
    }
    IrBlock *b = s->b;
    ir_call(b, HELPER_undef, ir_const64(b, s->pc), IR_NONE, IR_NONE, IR_NONE);
    ir_term_exception(b);
    s->end = DISAS_EXC;
}

/* ---- the block loop ---------------------------------------------------- */

static void log_in_asm(uint64_t pc, const uint32_t *words, unsigned n)
{
    FILE *f = log_file();
    flockfile(f);
    fprintf(f, "----------------\nIN: \n");
    for (unsigned i = 0; i < n; i++) {
        char dis[256];
        uint64_t a = pc + 4ull * i;
        if (!disas_one(a, words[i], dis, sizeof(dis)))
            snprintf(dis, sizeof(dis), ".word 0x%08" PRIx32, words[i]);
        fprintf(f, "0x%016" PRIx64 ":  %08" PRIx32 "      %s\n", a, words[i], dis);
    }
    fprintf(f, "\n");
    funlockfile(f);
}

void a64_translate_block(A64Cpu *cpu, uint64_t pc, uint32_t flags, IrBlock *b)
{
    ir_block_reset(b, pc);
    DisasContext s = {
        .cpu = cpu,
        .b = b,
        .tb_flags = flags,
        .el = a64_tb_flags_el(flags),
        .mmu_idx = a64_tb_flags_mmu_idx(flags),
        .mmu_idx_unpriv = a64_tb_flags_unpriv_idx(flags),
    };

    /* PC alignment fault (D1.3.5.1): taken when the misaligned PC is used
     * to fetch; FAR holds the PC. */
    if (pc & 3) {
        A64Exception e = {
            .type = A64_EXC_SYNC,
            .ec = EC_PC_ALIGN,
            .il = true,
            .far_valid = true,
            .far = pc,
            .return_pc = pc,
        };
        a64_raise(cpu, &e);
    }

    uint32_t words[A64_MAX_BLOCK_INSNS];
    unsigned n = 0;
    uint64_t cur = pc;
    for (;;) {
        uint32_t insn;
        uint64_t pa;
        A64Exception exc;
        if (!a64_fetch_insn(cpu, cur, &insn, &pa, &exc)) {
            if (n == 0)
                a64_raise(cpu, &exc);
            /* end the block before it: the fault is taken when (and if)
             * execution gets there */
            ir_term_link(b, cur);
            break;
        }
        if (!as_page_has_code(cpu->as, pa & A64_PAGE_MASK)) {
            /* (a64_fetch_insn normally does this for RAM already) */
            as_mark_code(cpu->as, pa & A64_PAGE_MASK);
            tlb_flush_phys_write(&cpu->tlb, pa & A64_PAGE_MASK);
        }
        words[n] = insn;
        ir_set_guest_pc(b, cur);
        s.pc = cur;
        s.insn = insn;
        s.end = DISAS_NEXT;
        uint32_t mark = b->n;
        if (!a64_decode(&s, insn)) {
            /* discard whatever the trans_ function emitted before it gave up */
            b->n = mark;
            b->term = (IrTerm){.kind = IR_TERM_NONE, .value = IR_NONE};
            s.end = DISAS_NEXT;
            a64_gen_undef(&s);
        }
        n++;
        cur += 4;
        b->guest_insns = n;
        b->guest_bytes = 4 * n;
        if (s.end != DISAS_NEXT) {
            if (s.end == DISAS_UPDATE)
                ir_term_dispatch(b, cur);
            break;
        }
        if ((cur & (A64_PAGE_SIZE - 1)) == 0 || n >= A64_MAX_BLOCK_INSNS) {
            ir_term_link(b, cur);
            break;
        }
    }
    if (log_on(LOG_IN_ASM))
        log_in_asm(pc, words, n);
}
