/* SPDX-License-Identifier: MIT */
/*
 * helper_sys.c - run-time halves of the system instructions: raising
 * exceptions from generated code, the MRS/MSR/SYS pipeline entry points,
 * MSR (immediate), ERET, WFI/WFE/SEV, and the firmware-style services
 * reached through HVC (PSCI) and HLT (semihosting).
 *
 * Helpers with IR_F_MAYEXC run with cpu->pc = the address of their
 * instruction (the engine calls set_pc first), which is what ELR gets for
 * exceptions they raise.
 */
#include <string.h>

#include "../devices/psci.h"
#include "../devices/semihosting.h"
#include "../devices/virt.h"
#include "../translator/log.h"
#include "exception.h"
#include "helpers.h"
#include "sysreg_el2.h"
#include "sysregs.h"

/* A synchronous exception at the current instruction (cpu->pc) or, with
 * next, at the following one (HVC, SMC). */
static _Noreturn void raise_at(A64Cpu *c, unsigned ec, uint32_t iss, unsigned target, bool next)
{
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = A64_EXC_SYNC;
    e.ec = ec;
    e.iss = iss;
    e.il = true;
    e.target_el = target;
    e.return_pc = c->pc + (next ? 4 : 0);
    a64_raise(c, &e);
}

/* ---- exceptions ---------------------------------------------------------- */

uint64_t helper_raise_exception(void *cpu, uint64_t ec, uint64_t iss, uint64_t target_el,
                                uint64_t return_pc)
{
    A64Cpu *c = cpu;
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = A64_EXC_SYNC;
    e.ec = (unsigned)ec;
    e.iss = (uint32_t)iss;
    e.il = true;
    e.target_el = (unsigned)target_el;
    e.return_pc = return_pc;
    a64_raise(c, &e);
}

/* UNDEFINED (EC 0x00, ISS 0, IL = 1) at a0 = the instruction's address. */
uint64_t helper_undef(void *cpu, uint64_t pc, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    c->pc = pc;
    a64_raise_sync(c, EC_UNKNOWN, 0, false, 0);
}

/* ---- system registers ----------------------------------------------------- */

uint64_t helper_sysreg_read(void *cpu, uint64_t iss, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return sysreg_do_read(cpu, (uint32_t)iss);
}

uint64_t helper_sysreg_write(void *cpu, uint64_t iss, uint64_t value, uint64_t a2,
                             uint64_t a3)
{
    sysreg_do_write(cpu, (uint32_t)iss, value);
    return 0;
}

/* MSR (immediate) for the PSTATE fields, C5.1.3 / C6.2.229. The
 * translator has already rejected fields this CPU does not have and the
 * EL1-only fields at EL0. a0 = op1 << 3 | op2, a1 = CRm. */
uint64_t helper_msr_i(void *cpu, uint64_t field, uint64_t crm, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint32_t old = c->pstate, new = old;
    unsigned bit = crm & 1;

    switch (field) {
    case 0x05: /* SPSel */
        new = (old & ~PSTATE_SP) | (bit ? PSTATE_SP : 0);
        a64_cpu_switch_sp(c, old, new);
        break;
    case 0x03: /* UAO */
        new = (old & ~PSTATE_UAO) | (bit ? PSTATE_UAO : 0);
        break;
    case 0x04: /* PAN */
        new = (old & ~PSTATE_PAN) | (bit ? PSTATE_PAN : 0);
        break;
    case 0x19: /* SSBS */
        new = (old & ~PSTATE_SSBS) | (bit ? PSTATE_SSBS : 0);
        break;
    case 0x1a: /* DIT */
        new = (old & ~PSTATE_DIT) | (bit ? PSTATE_DIT : 0);
        break;
    case 0x1e: /* DAIFSet */
    case 0x1f: /* DAIFClr */
        /* EL0 access per SCTLR_EL1.UMA: trapped to EL1 as EC 0x18 with
         * Op0 = 0, CRn = 4, Rt = 0b11111 (D19.2.118). */
        SysRegResult r = a64_el0_sctlr_trap(c, SCTLR_UMA);
        if (r != SYSREG_OK) {
            uint32_t iss = sysreg_iss(0, field >> 3, 4, (unsigned)crm, field & 7, 31, false);
            raise_at(c, EC_SYSREG, iss, r == SYSREG_TRAP_EL2 ? 2 : 1, false);
        }
        if (field == 0x1e) {
            new = old | (((uint32_t)crm & 0xf) << 6);
        } else {
            new = old & ~(((uint32_t)crm & 0xf) << 6);
        }
        break;
    default:
        a64_raise_sync(c, EC_UNKNOWN, 0, false, 0);
    }
    c->pstate = new;
    return 0;
}

/* ---- exception return ---------------------------------------------------- */

/* ERET: restore PSTATE/PC and go back to the CPU loop, which recomputes
 * the translation flags (EL, SP, PAN... may all have changed) and takes
 * the Illegal Execution state exception if PSTATE.IL is now set. */
uint64_t helper_eret(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    a64_eret(c);
    siglongjmp(c->jmp_env, 1);
}

/* ---- wait for interrupt / event ------------------------------------------ */

/* WFI/WFE traps (D1.16.2, AArch64.CheckForWFxTrap): SCTLR_EL1.nTWI/nTWE
 * at EL0 (SCTLR_EL2's in the EL2&0 host) to EL1, HCR_EL2.TWI/TWE at EL0/EL1
 * to EL2, SCR_EL3.TWI/TWE below EL3 to EL3, in that order of priority.
 * EC 0x01 with CV = 1, COND = 0b1110 and TI = 0 (WFI) / 1 (WFE), as QEMU
 * reports them. Only taken when the instruction would wait (QEMU checks
 * for a pending interrupt first for WFI; a WFE with the event register
 * set completes). */
static void wfx_trap_check(A64Cpu *c, bool is_wfe)
{
    unsigned el = a64_current_el(c);
    uint64_t hcr = a64_hcr_eff(c);
    uint32_t iss = (1u << 24) | (0xeu << 20) | (is_wfe ? 1u : 0u);
    unsigned target = 0;

    if (el == 0) {
        SysRegResult r = a64_el0_sctlr_trap(c, is_wfe ? SCTLR_NTWE : SCTLR_NTWI);
        if (r != SYSREG_OK) {
            target = r == SYSREG_TRAP_EL2 ? 2 : 1;
        }
    }
    if (target == 0 && el <= 1 && (hcr & (is_wfe ? HCR_TWE : HCR_TWI))) {
        target = 2;
    }
    if (target == 0 && el <= 2 && c->feat.el3 &&
        (c->sr.scr_el3 & (is_wfe ? SCR_EL3_TWE : SCR_EL3_TWI))) {
        target = 3;
    }
    if (target != 0) {
        raise_at(c, EC_WFX, iss, target, false);
    }
}

/* WFI (C6.2.353): completes at once when an interrupt is pending (even a
 * masked one); otherwise it may trap, else the CPU halts until an
 * interrupt or a kick (the CPU loop honours cpu->halted). */
uint64_t helper_wfi(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    if (a64_cpu_wakeup_pending(c)) {
        return 0;
    }
    wfx_trap_check(c, false);
    a64_cpu_wfi(c); /* sleeps until an interrupt or a kick [sched] */
    return 0;
}

/* WFE: consume the event register if set; otherwise it may trap, else it
 * waits for an event (sched's a64_cpu_wfe). QEMU 7.2 never traps WFE (its
 * WFE only yields); we trap it when it would really wait. */
uint64_t helper_wfe(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    if (__atomic_load_n(&c->event_reg, __ATOMIC_ACQUIRE) || a64_cpu_wakeup_pending(c)) {
        a64_cpu_wfe(c); /* consumes the event register [sched] */
        return 0;
    }
    wfx_trap_check(c, true);
    a64_cpu_wfe(c);
    return 0;
}

/* SEV: signal an event to every PE of the machine (and wake those in
 * WFE) [sched]. */
uint64_t helper_sev(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    a64_cpu_sev(cpu);
    return 0;
}

/* ---- firmware services ------------------------------------------------------ */

/* HVC #imm at EL1/EL2/EL3 (QEMU's pre_hvc helper and exception path): a
 * firmware (PSCI) call when the board's conduit is HVC, whatever X0 and
 * the EL; else UNDEFINED without EL2, when SCR_EL3.HCE == 0
 * (with EL3) or HCR_EL2.HCD == 1 (without); else EC 0x16 with ISS = imm16
 * to EL2 (to EL3 from EL3), preferred return the next instruction. */
uint64_t helper_hvc(void *cpu, uint64_t imm, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    if (a64_psci_conduit_hvc(c) && psci_call(c)) {
        return 0;
    }
    bool undef;
    if (!c->feat.el2) {
        undef = true;
    } else if (c->feat.el3) {
        undef = !(c->sr.scr_el3 & SCR_EL3_HCE);
    } else {
        undef = (c->sr.hcr_el2 & HCR_HCD) != 0;
    }
    if (undef) {
        if (!c->feat.el2 && log_on(LOG_UNIMP)) {
            log_unimp_once("hvc:nopsci", "HVC #0x%04x with X0=0x%llx is not a PSCI call and "
                           "EL2 is not implemented: UNDEFINED\n", (unsigned)imm,
                           (unsigned long long)c->x[0]);
        }
        raise_at(c, EC_UNKNOWN, 0, 0, false);
    }
    raise_at(c, EC_HVC64, (uint32_t)imm & 0xffff, a64_current_el(c) == 3 ? 3 : 2, true);
}

/* SMC #imm at EL1/EL2/EL3 (QEMU's pre_smc table): HCR_EL2.TSC traps it
 * from EL1 to EL2 (EC 0x17, preferred return the SMC itself), before
 * anything else; then a firmware (PSCI) call when the conduit is SMC;
 * else with EL3 and SCR_EL3.SMD == 0 EC 0x17 to EL3 (preferred return the
 * next instruction); else UNDEFINED. */
uint64_t helper_smc(void *cpu, uint64_t imm, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint32_t iss = (uint32_t)imm & 0xffff;
    bool conduit = a64_psci_conduit_smc(c);
    if (!c->feat.el3 && !conduit) {
        raise_at(c, EC_UNKNOWN, 0, 0, false);
    }
    if (a64_current_el(c) == 1 && (a64_hcr_eff(c) & HCR_TSC)) {
        raise_at(c, EC_SMC64, iss, 2, false);
    }
    if (conduit && psci_call(c)) {
        return 0;
    }
    if (!c->feat.el3 || (c->sr.scr_el3 & SCR_EL3_SMD)) {
        raise_at(c, EC_UNKNOWN, 0, 0, false);
    }
    raise_at(c, EC_SMC64, iss, 3, true);
}

/* HLT #0xf000 with -semihosting (the translator checks both). */
uint64_t helper_semihosting(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    semihosting_call(cpu);
    return 0;
}
