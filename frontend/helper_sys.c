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
#include "sysregs.h"

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
        if (a64_current_el(c) == 0 && !(c->sr.sctlr_el[1] & SCTLR_UMA)) {
            uint32_t iss = sysreg_iss(0, field >> 3, 4, (unsigned)crm, field & 7, 31, false);
            A64Exception e;
            memset(&e, 0, sizeof(e));
            e.type = A64_EXC_SYNC;
            e.ec = EC_SYSREG;
            e.iss = iss;
            e.il = true;
            e.target_el = 1;
            e.return_pc = c->pc;
            a64_raise(c, &e);
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

/* Is an interrupt pending that would end a WFI at once? The foundation
 * has no interrupt sources (the GIC issue adds them). */
static bool wfi_wakeup_pending(const A64Cpu *cpu)
{
    (void)cpu;
    return false;
}

/* WFI (C6.2.353): if it would wait and we are at EL0 with SCTLR_EL1.nTWI
 * == 0, it traps to EL1 (EC 0x01, TI = 0, CV = 1, COND = 0b1110, as QEMU
 * reports it). Otherwise the CPU would sleep until an interrupt; nothing
 * can wake it yet, so WFI completes at once (allowed: a WFI may end for
 * any reason). With interrupt sources this sets cpu->halted, which the
 * CPU loop honours. */
uint64_t helper_wfi(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    if (wfi_wakeup_pending(c)) {
        return 0;
    }
    if (a64_current_el(c) == 0 && !(c->sr.sctlr_el[1] & SCTLR_NTWI)) {
        A64Exception e;
        memset(&e, 0, sizeof(e));
        e.type = A64_EXC_SYNC;
        e.ec = EC_WFX;
        e.iss = (1u << 24) | (0xeu << 20);
        e.il = true;
        e.target_el = 1;
        e.return_pc = c->pc;
        a64_raise(c, &e);
    }
    return 0;
}

/* WFE: consume the event register if set; otherwise it would wait for an
 * event, which with no event sources (timer event stream, other CPUs'
 * SEV arriving asynchronously) completes at once, as QEMU's WFE does. */
uint64_t helper_wfe(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    c->event_reg = false;
    return 0;
}

/* SEV: signal an event to every PE of the machine. */
uint64_t helper_sev(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    Machine *m = c->machine;
    if (m) {
        for (unsigned i = 0; i < m->ncpus; i++) {
            if (m->cpus[i]) {
                __atomic_store_n(&m->cpus[i]->event_reg, true, __ATOMIC_RELAXED);
                m->cpus[i]->halted = false;
            }
        }
    } else {
        c->event_reg = true;
    }
    return 0;
}

/* ---- firmware services ------------------------------------------------------ */

/* HVC #imm from EL1 with no EL2: a PSCI call (QEMU's virt conduit) or
 * UNDEFINED (D1.10 "HVC ... is UNDEFINED if EL2 is not implemented"). */
uint64_t helper_hvc(void *cpu, uint64_t imm, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    if (psci_call(c)) {
        return 0;
    }
    if (log_on(LOG_UNIMP)) {
        log_unimp_once("hvc:nopsci", "HVC #0x%04x with X0=0x%llx is not a PSCI call and "
                       "EL2 is not implemented: UNDEFINED\n", (unsigned)imm,
                       (unsigned long long)c->x[0]);
    }
    a64_raise_sync(c, EC_UNKNOWN, 0, false, 0);
}

/* HLT #0xf000 with -semihosting (the translator checks both). */
uint64_t helper_semihosting(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    semihosting_call(cpu);
    return 0;
}
