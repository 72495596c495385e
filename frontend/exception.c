/* SPDX-License-Identifier: MIT */
/*
 * exception.c - exception entry and return for AArch64 (DDI 0487 D1.10,
 * D1.11; pseudocode AArch64.TakeException, AArch64.ExceptionReturn,
 * IllegalExceptionReturn, SetPSTATEFromPSR).
 *
 * Routing for now: every exception goes to EL1 when taken from EL0 or EL1
 * (EL2/EL3 and their routing controls, HCR_EL2.TGE/AMO/IMO/FMO and
 * SCR_EL3.EA/IRQ/FIQ, come with the system issue).
 */
#include "exception.h"

#include <string.h>

#include "../translator/log.h"
#include "sysregs.h"

static const char *ec_name(unsigned ec)
{
    switch (ec) {
    case EC_UNKNOWN: return "UNDEFINED";
    case EC_WFX: return "WFI/WFE";
    case EC_FP_ACCESS: return "FP access";
    case EC_ILLEGAL_STATE: return "Illegal execution state";
    case EC_SVC64: return "SVC";
    case EC_HVC64: return "HVC";
    case EC_SMC64: return "SMC";
    case EC_SYSREG: return "MSR/MRS/SYS trap";
    case EC_INSN_ABORT_LOWER: return "Instruction abort (lower EL)";
    case EC_INSN_ABORT_SAME: return "Instruction abort";
    case EC_PC_ALIGN: return "PC alignment";
    case EC_DATA_ABORT_LOWER: return "Data abort (lower EL)";
    case EC_DATA_ABORT_SAME: return "Data abort";
    case EC_SP_ALIGN: return "SP alignment";
    case EC_FP_EXC64: return "FP exception";
    case EC_SERROR: return "SError";
    case EC_BRK64: return "BRK";
    default: return "?";
    }
}

static const char *type_name(A64ExcType t)
{
    static const char *const names[] = {"sync", "IRQ", "FIQ", "SError"};
    return names[t & 3];
}

/* Target EL when the exception does not name one: EL1 from EL0/EL1, the
 * current EL above (D1.10.1, without EL2/EL3 routing controls yet). */
static unsigned route_target_el(const A64Cpu *cpu, const A64Exception *e)
{
    unsigned cur = a64_current_el(cpu);
    unsigned t = e->target_el;
    if (t == 0) {
        t = cur == 0 ? 1 : cur;
    }
    /* An exception is never taken to a lower EL than the current one. */
    if (t < cur) {
        t = cur;
    }
    return t;
}

void a64_take_exception(A64Cpu *cpu, const A64Exception *e)
{
    unsigned cur = a64_current_el(cpu);
    unsigned target = route_target_el(cpu, e);
    uint32_t old = cpu->pstate;
    uint64_t spsr = (uint64_t)(old & ~PSTATE_NZCV_MASK) | (cpu->nzcv & PSTATE_NZCV_MASK);
    uint64_t vector = cpu->sr.vbar_el[target];

    /* Vector offset (D1.10.2): 0x000 current EL with SP_EL0, 0x200 current
     * EL with SP_ELx, 0x400 lower EL using AArch64; plus 0x80 per type. */
    if (target == cur) {
        vector += (old & PSTATE_SP) ? 0x200 : 0x000;
    } else {
        vector += 0x400;
    }
    vector += 0x80u * (unsigned)e->type;

    if (e->type == A64_EXC_SYNC || e->type == A64_EXC_SERROR) {
        uint64_t esr = ((uint64_t)(e->ec & 0x3f) << 26) | (e->il ? (1u << 25) : 0) |
                       (e->iss & 0x1ffffff);
        cpu->sr.esr_el[target] = esr;
        if (e->far_valid) {
            cpu->sr.far_el[target] = e->far;
        }
    }
    cpu->sr.spsr_el[target] = spsr;
    cpu->sr.elr_el[target] = e->return_pc;

    /* New PSTATE: EL, SP_ELx, D/A/I/F masked, IL = SS = 0, BTYPE = 0,
     * UAO = 0; PAN set if SCTLR_ELx.SPAN == 0 (else kept); SSBS from
     * SCTLR_ELx.DSSBS; DIT kept. */
    uint32_t new = (target << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF;
    uint64_t sctlr = cpu->sr.sctlr_el[target];
    if (cpu->feat.pan) {
        new |= old & PSTATE_PAN;
        if (target == 1 && !(sctlr & SCTLR_SPAN)) {
            new |= PSTATE_PAN;
        }
    }
    if (cpu->feat.dit) {
        new |= old & PSTATE_DIT;
    }
    if (cpu->feat.ssbs && (sctlr & SCTLR_DSSBS)) {
        new |= PSTATE_SSBS;
    }

    if (log_on(LOG_INT)) {
        log_printf("Taking exception %s EC=0x%02x [%s] ISS=0x%07x on CPU %u from EL%u "
                   "to EL%u: ELR=0x%016llx SPSR=0x%08llx -> PC=0x%016llx\n",
                   type_name(e->type), e->ec, e->type == A64_EXC_SYNC ? ec_name(e->ec) : "-",
                   e->iss, cpu->index, cur, target, (unsigned long long)e->return_pc,
                   (unsigned long long)spsr, (unsigned long long)vector);
        if (e->far_valid) {
            log_printf("...with FAR 0x%016llx\n", (unsigned long long)e->far);
        }
    }

    a64_cpu_switch_sp(cpu, old, new);
    cpu->pstate = new;
    cpu->pc = vector;
    cpu->halted = false;
}

_Noreturn void a64_raise(A64Cpu *cpu, const A64Exception *e)
{
    a64_take_exception(cpu, e);
    siglongjmp(cpu->jmp_env, 1);
}

_Noreturn void a64_raise_sync(A64Cpu *cpu, unsigned ec, uint32_t iss, bool far_valid,
                              uint64_t far)
{
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = A64_EXC_SYNC;
    e.ec = ec;
    e.iss = iss;
    e.il = true;
    e.far_valid = far_valid;
    e.far = far;
    e.target_el = 0;
    e.return_pc = cpu->pc;
    a64_raise(cpu, &e);
}

/* PSTATE bits that exist on this CPU (SPSR layout), besides NZCV. */
static uint32_t pstate_valid_mask(const A64Cpu *cpu)
{
    uint32_t m = PSTATE_SP | PSTATE_EL_MASK | PSTATE_DAIF | PSTATE_IL | PSTATE_SS;
    if (cpu->feat.pan) {
        m |= PSTATE_PAN;
    }
    if (cpu->feat.uao) {
        m |= PSTATE_UAO;
    }
    if (cpu->feat.dit) {
        m |= PSTATE_DIT;
    }
    if (cpu->feat.ssbs) {
        m |= PSTATE_SSBS;
    }
    return m;
}

static bool el_implemented(const A64Cpu *cpu, unsigned el)
{
    switch (el) {
    case 0:
    case 1:
        return true;
    case 2:
        return cpu->feat.el2;
    default:
        return cpu->feat.el3;
    }
}

/* IllegalExceptionReturn() (D1.11.5 "Illegal return events from AArch64
 * state"): returning to AArch32 (not implemented), to a reserved mode
 * (M[1] set, or EL0 with SP_ELx), to a higher or an unimplemented EL. */
static bool illegal_return(const A64Cpu *cpu, uint32_t spsr)
{
    unsigned cur = a64_current_el(cpu);
    unsigned el = (spsr >> PSTATE_EL_SHIFT) & 3;
    if (spsr & PSTATE_nRW) {
        return true;
    }
    if (spsr & 2) {
        return true;
    }
    if (el == 0 && (spsr & PSTATE_SP)) {
        return true;
    }
    if (el > cur || !el_implemented(cpu, el)) {
        return true;
    }
    return false;
}

void a64_eret(A64Cpu *cpu)
{
    unsigned cur = a64_current_el(cpu);
    uint32_t spsr = (uint32_t)cpu->sr.spsr_el[cur];
    uint64_t elr = cpu->sr.elr_el[cur];
    uint32_t old = cpu->pstate;
    uint32_t new;

    /* AArch64.ExceptionReturn clears the local exclusive monitor and sends
     * a local event. */
    cpu->mon.valid = false;
    cpu->event_reg = true;

    if (illegal_return(cpu, spsr)) {
        /* SetPSTATEFromPSR with illegal_psr_state: EL, SP and nRW stay;
         * IL is set; NZCV, DAIF and PAN come from SPSR; the other fields
         * are UNKNOWN (kept). */
        uint32_t from_spsr = PSTATE_DAIF | (cpu->feat.pan ? PSTATE_PAN : 0);
        new = (old & ~from_spsr) | (spsr & from_spsr) | PSTATE_IL;
        new &= ~PSTATE_SS;
        if (log_on(LOG_INT)) {
            log_printf("Illegal exception return at EL%u: SPSR=0x%08x ELR=0x%016llx\n", cur,
                       spsr, (unsigned long long)elr);
        }
    } else {
        new = spsr & pstate_valid_mask(cpu);
        /* Software step is not implemented: PSTATE.SS stays 0
         * (DebugExceptionReturnSS() with debug exceptions disabled). */
        new &= ~PSTATE_SS;
        if (log_on(LOG_INT)) {
            log_printf("Exception return from EL%u to EL%u PC 0x%016llx\n", cur,
                       (spsr >> PSTATE_EL_SHIFT) & 3, (unsigned long long)elr);
        }
    }
    cpu->nzcv = spsr & PSTATE_NZCV_MASK;
    a64_cpu_switch_sp(cpu, old, new);
    cpu->pstate = new;
    cpu->pc = elr;
}

/* Interrupt routing and masking skeleton (D1.13.3 "Asynchronous exception
 * masking"): an IRQ/FIQ/SError targeting EL1 is taken from EL0 always and
 * from EL1 when PSTATE.I/F/A is clear. The foundation has no interrupt
 * sources, so nothing is ever pending. */
static bool irq_pending(const A64Cpu *cpu) { (void)cpu; return false; }
static bool fiq_pending(const A64Cpu *cpu) { (void)cpu; return false; }

static bool take_async(A64Cpu *cpu, A64ExcType type)
{
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = type;
    e.target_el = 1;
    e.return_pc = cpu->pc; /* the next instruction to execute */
    a64_take_exception(cpu, &e);
    return true;
}

bool a64_check_interrupts(A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    /* Target EL1: masked at EL1 by PSTATE.{F,I}; never taken from EL2/EL3. */
    if (el <= 1) {
        if (fiq_pending(cpu) && (el == 0 || !(cpu->pstate & PSTATE_F))) {
            return take_async(cpu, A64_EXC_FIQ);
        }
        if (irq_pending(cpu) && (el == 0 || !(cpu->pstate & PSTATE_I))) {
            return take_async(cpu, A64_EXC_IRQ);
        }
    }
    /* PSTATE.IL set by an illegal exception return: the next instruction
     * raises the Illegal Execution state exception (EC 0x0e, D1.11.6)
     * before it executes. ERET always leaves the block, so checking here,
     * between blocks, is exact. */
    if (cpu->pstate & PSTATE_IL) {
        A64Exception e;
        memset(&e, 0, sizeof(e));
        e.type = A64_EXC_SYNC;
        e.ec = EC_ILLEGAL_STATE;
        e.il = true;
        e.return_pc = cpu->pc;
        a64_take_exception(cpu, &e);
        return true;
    }
    return false;
}
