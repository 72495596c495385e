/* SPDX-License-Identifier: MIT */
/*
 * trans_sys.c - lifting of the exception-generating instructions, hints,
 * barriers, PSTATE writes, system-register moves and system instructions,
 * and ERET (DDI 0487 C4.1.93, C5.1-C5.3, C6.2).
 *
 * System registers: the encoding is looked up in the CPU's table at
 * translation time (it is fixed per CPU); UNDEFINED encodings and EL
 * denials are decided here, plain storage registers become LOAD_CPU /
 * STORE_CPU, and everything else calls the one pipeline in sysregs.c.
 */
#include <inttypes.h>
#include <stdio.h>

#include "../devices/virt.h"
#include "../translator/log.h"
#include "a64_decode.h"
#include "exception.h"
#include "sysregs.h"
#include "translate.h"

/* ---- exception generation (C6.2 SVC, HVC, SMC, BRK, HLT) --------------- */

/* SVC: EC 0x15, ISS = imm16, preferred return = the next instruction. */
bool trans_SVC(DisasContext *s, arg_SVC *a)
{
    a64_gen_exception(s, EC_SVC64, a->imm & 0xffff, 0, true);
    return true;
}

/* HVC and SMC: UNDEFINED at EL0; everything else (PSCI conduit, EL2/EL3
 * presence, SCR_EL3.HCE/SMD, HCR_EL2.HCD/TSC) is decided at run time by
 * the helpers, which either perform a PSCI call (and may power the
 * machine off: end the block) or raise the exception. */
bool trans_HVC(DisasContext *s, arg_HVC *a)
{
    if (s->el == 0) {
        return false;
    }
    ir_call(s->b, HELPER_hvc, ir_const64(s->b, a->imm & 0xffff), IR_NONE, IR_NONE, IR_NONE);
    s->end = DISAS_UPDATE;
    return true;
}

bool trans_SMC(DisasContext *s, arg_SMC *a)
{
    if (s->el == 0) {
        return false;
    }
    ir_call(s->b, HELPER_smc, ir_const64(s->b, a->imm & 0xffff), IR_NONE, IR_NONE, IR_NONE);
    s->end = DISAS_UPDATE;
    return true;
}

/* BRK: EC 0x3c, ISS = imm16, preferred return = the BRK itself. */
bool trans_BRK(DisasContext *s, arg_BRK *a)
{
    a64_gen_exception(s, EC_BRK64, a->imm & 0xffff, 0, false);
    return true;
}

/* HLT: without halting debug it is UNDEFINED, except HLT #0xf000, the A64
 * semihosting trap, when -semihosting is given; QEMU refuses it at EL0
 * (no userspace semihosting by default) and so do we. */
bool trans_HLT(DisasContext *s, arg_HLT *a)
{
    Machine *m = s->cpu->machine;
    if (a->imm != 0xf000 || m == NULL || !m->semihosting || s->el == 0) {
        return false;
    }
    ir_call(s->b, HELPER_semihosting, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
    s->end = DISAS_UPDATE;
    return true;
}

/* ---- hints (C6.2.109 HINT and the named hints) -------------------------- */

bool trans_HINT(DisasContext *s, arg_HINT *a)
{
    return true; /* executes as NOP */
}

bool trans_YIELD(DisasContext *s, arg_YIELD *a)
{
    return true; /* a vCPU is a host thread: nothing to yield to */
}

/* WFI/WFE end the block: the loop may then halt the CPU or take an
 * interrupt, and exit requests are seen promptly by a guest waiting in a
 * WFI loop. */
bool trans_WFI(DisasContext *s, arg_WFI *a)
{
    ir_call(s->b, HELPER_wfi, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
    s->end = DISAS_UPDATE;
    return true;
}

bool trans_WFE(DisasContext *s, arg_WFE *a)
{
    ir_call(s->b, HELPER_wfe, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
    s->end = DISAS_UPDATE;
    return true;
}

bool trans_SEV(DisasContext *s, arg_SEV *a)
{
    ir_call(s->b, HELPER_sev, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
    return true;
}

/* SEVL: set the local event register. */
bool trans_SEVL(DisasContext *s, arg_SEVL *a)
{
    ir_store_cpu(s->b, offsetof(A64Cpu, event_reg), ir_const(s->b, IR_I8, 1));
    return true;
}

/* ---- barriers and CLREX (C6.2 CLREX, DMB, DSB, ISB, SB) ------------------ */

bool trans_CLREX(DisasContext *s, arg_CLREX *a)
{
    ir_store_cpu(s->b, offsetof(A64Cpu, mon.valid), ir_const(s->b, IR_I8, 0));
    return true;
}

bool trans_DSB(DisasContext *s, arg_DSB *a)
{
    ir_barrier(s->b, IR_BAR_DSB);
    return true;
}

bool trans_DMB(DisasContext *s, arg_DMB *a)
{
    ir_barrier(s->b, IR_BAR_DMB);
    return true;
}

/* ISB is a context synchronization event: end the block so that system
 * register changes are seen by the translation of what follows. */
bool trans_ISB(DisasContext *s, arg_ISB *a)
{
    ir_barrier(s->b, IR_BAR_ISB);
    s->end = DISAS_UPDATE;
    return true;
}

/* SB (FEAT_SB): nothing is executed speculatively here; a full barrier
 * is more than enough. */
bool trans_SB(DisasContext *s, arg_SB *a)
{
    if (!s->cpu->feat.sb) {
        return false;
    }
    ir_barrier(s->b, IR_BAR_DSB);
    return true;
}

/* ---- MSR (immediate), C5.1.3 / C6.2.229 ----------------------------------- */

static void gen_msr_i(DisasContext *s, unsigned field, unsigned crm, bool end_tb)
{
    ir_call(s->b, HELPER_msr_i, ir_const64(s->b, field), ir_const64(s->b, crm), IR_NONE,
            IR_NONE);
    if (end_tb) {
        s->end = DISAS_UPDATE;
    }
}

/* SPSel, PAN and UAO change the translation flags: end the block. */
bool trans_MSR_i_SPSEL(DisasContext *s, arg_MSR_i_SPSEL *a)
{
    if (s->el == 0) {
        return false;
    }
    gen_msr_i(s, 0x05, a->imm, true);
    return true;
}

bool trans_MSR_i_PAN(DisasContext *s, arg_MSR_i_PAN *a)
{
    if (!s->cpu->feat.pan || s->el == 0) {
        return false;
    }
    gen_msr_i(s, 0x04, a->imm, true);
    return true;
}

bool trans_MSR_i_UAO(DisasContext *s, arg_MSR_i_UAO *a)
{
    if (!s->cpu->feat.uao || s->el == 0) {
        return false;
    }
    gen_msr_i(s, 0x03, a->imm, true);
    return true;
}

bool trans_MSR_i_DIT(DisasContext *s, arg_MSR_i_DIT *a)
{
    if (!s->cpu->feat.dit) {
        return false;
    }
    gen_msr_i(s, 0x1a, a->imm, false);
    return true;
}

bool trans_MSR_i_SSBS(DisasContext *s, arg_MSR_i_SSBS *a)
{
    if (!s->cpu->feat.ssbs) {
        return false;
    }
    gen_msr_i(s, 0x19, a->imm, false);
    return true;
}

/* DAIFSet/DAIFClr: inline at EL1 and above (Linux masks and unmasks
 * interrupts all the time); at EL0 the helper applies SCTLR_EL1.UMA.
 * DAIFClr may unmask a pending interrupt: end the block so the loop looks. */
static bool do_daif(DisasContext *s, unsigned imm, bool set)
{
    if (s->el == 0) {
        gen_msr_i(s, set ? 0x1e : 0x1f, imm, !set);
        return true;
    }
    IrBlock *b = s->b;
    IrValue ps = ir_load_cpu(b, IR_I32, offsetof(A64Cpu, pstate));
    IrValue bits = ir_const32(b, (imm & 0xfu) << 6);
    ps = ir_binop(b, set ? IR_OR : IR_ANDN, IR_I32, ps, bits);
    ir_store_cpu(b, offsetof(A64Cpu, pstate), ps);
    if (!set) {
        s->end = DISAS_UPDATE;
    }
    return true;
}

bool trans_MSR_i_DAIFSET(DisasContext *s, arg_MSR_i_DAIFSET *a)
{
    return do_daif(s, a->imm, true);
}

bool trans_MSR_i_DAIFCLR(DisasContext *s, arg_MSR_i_DAIFCLR *a)
{
    return do_daif(s, a->imm, false);
}

/* ---- system registers and SYS (C5.2, C5.3) -------------------------------- */

static bool do_sysreg(DisasContext *s, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                      unsigned op2, unsigned rt, bool isread)
{
    IrBlock *b = s->b;
    uint32_t key = SYSREG_KEY(op0, op1, crn, crm, op2);
    /* E2H redirection and the _EL12 encodings (E2H is a translation flag) */
    bool e2h = (s->tb_flags & A64_TBF_E2H) != 0;
    const SysRegInfo *ri = sysreg_resolve(s->cpu, key, s->el, e2h, e2h && s->el == 0);

    /* 1. Unknown encodings are UNDEFINED, logged once per encoding. */
    if (ri == NULL) {
        if (log_on(LOG_UNIMP)) {
            char name[32], k[48];
            sysreg_key_name(key, name, sizeof(name));
            snprintf(k, sizeof(k), "sysreg:%s", name);
            log_unimp_once(k, "unimp: %s %s at 0x%016" PRIx64 ": UNDEFINED\n",
                           op0 == 1 ? (isread ? "SYSL" : "SYS") : (isread ? "MRS" : "MSR"),
                           name, s->pc);
        }
        return false;
    }
    /* 2. The EL is fixed for the block: decide the EL rules now. */
    if (!sysreg_el_allows(ri, s->el, isread)) {
        return false;
    }
    uint32_t iss = sysreg_iss(op0, op1, crn, crm, op2, rt, isread);
    bool plain = sysreg_is_plain_tb(ri, isread, s->tb_flags);
    if (isread) {
        IrValue v;
        if (!plain) {
            v = ir_call(b, HELPER_sysreg_read, ir_const64(b, iss), IR_NONE, IR_NONE, IR_NONE);
        } else if (ri->type & SR_NZCV) {
            v = ir_zext(b, IR_I64, ir_get_nzcv(b), 32);
        } else if (ri->type & SR_PSTATE) {
            IrValue ps = ir_load_cpu(b, IR_I32, offsetof(A64Cpu, pstate));
            ps = ir_binop(b, IR_AND, IR_I32, ps, ir_const32(b, (uint32_t)ri->resetvalue));
            v = ir_zext(b, IR_I64, ps, 32);
        } else if (ri->type & SR_CONST) {
            v = ir_const64(b, ri->resetvalue);
        } else if (ri->type & SR_NOP) {
            v = ir_const64(b, 0);
        } else {
            v = ir_load_cpu(b, IR_I64, (size_t)ri->fieldoffset);
        }
        a64_write_xreg(s, rt, v);
    } else {
        IrValue v = a64_read_xreg(s, rt);
        if (!plain) {
            ir_call(b, HELPER_sysreg_write, ir_const64(b, iss), v, IR_NONE, IR_NONE);
        } else if (ri->type & SR_NZCV) {
            IrValue v32 = ir_zext(b, IR_I32, v, 32);
            ir_set_nzcv(b, ir_binop(b, IR_AND, IR_I32, v32, ir_const32(b, PSTATE_NZCV_MASK)));
        } else if (ri->type & SR_PSTATE) {
            uint32_t mask = (uint32_t)ri->resetvalue;
            IrValue v32 = ir_zext(b, IR_I32, v, 32);
            IrValue ps = ir_load_cpu(b, IR_I32, offsetof(A64Cpu, pstate));
            ps = ir_binop(b, IR_ANDN, IR_I32, ps, ir_const32(b, mask));
            v32 = ir_binop(b, IR_AND, IR_I32, v32, ir_const32(b, mask));
            ir_store_cpu(b, offsetof(A64Cpu, pstate), ir_binop(b, IR_OR, IR_I32, ps, v32));
        } else if (!(ri->type & (SR_CONST | SR_NOP))) {
            if (ri->res0) {
                v = ir_binop(b, IR_AND, IR_I64, v, ir_const64(b, ~ri->res0));
            }
            ir_store_cpu(b, (size_t)ri->fieldoffset, v);
        }
        if (ri->type & SR_ENDS_TB) {
            s->end = DISAS_UPDATE;
        }
    }
    return true;
}

bool trans_MRS(DisasContext *s, arg_MRS *a)
{
    return do_sysreg(s, 2 + a->o0, a->op1, a->crn, a->crm, a->op2, a->rt, true);
}

bool trans_MSR_r(DisasContext *s, arg_MSR_r *a)
{
    return do_sysreg(s, 2 + a->o0, a->op1, a->crn, a->crm, a->op2, a->rt, false);
}

bool trans_SYS(DisasContext *s, arg_SYS *a)
{
    return do_sysreg(s, 1, a->op1, a->crn, a->crm, a->op2, a->rt, false);
}

bool trans_SYSL(DisasContext *s, arg_SYSL *a)
{
    return do_sysreg(s, 1, a->op1, a->crn, a->crm, a->op2, a->rt, true);
}

/* ---- ERET (C6.2.84) ---------------------------------------------------------- */

/* UNDEFINED at EL0. The helper restores PSTATE and PC and returns to the
 * CPU loop itself, so the block ends here like one that raised. */
bool trans_ERET(DisasContext *s, arg_ERET *a)
{
    if (s->el == 0) {
        return false;
    }
    ir_call(s->b, HELPER_eret, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
    ir_term_exception(s->b);
    s->end = DISAS_EXC;
    return true;
}
