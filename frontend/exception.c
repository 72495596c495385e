/* SPDX-License-Identifier: MIT */
/*
 * exception.c - exception entry and return for AArch64 (DDI 0487 D1.10,
 * D1.11; pseudocode AArch64.TakeException, AArch64.ExceptionReturn,
 * IllegalExceptionReturn, SetPSTATEFromPSR).
 *
 * Routing (D1.10.1 and the pseudocode's route_to_el2 conditions): a
 * synchronous exception goes to the EL its source names (traps to EL2/EL3,
 * HVC, SMC) or to EL1 from EL0 and to the current EL above; HCR_EL2.TGE
 * sends what would go to EL1 to EL2. Interrupts follow SCR_EL3.IRQ/FIQ/EA
 * and HCR_EL2.IMO/FMO/AMO/TGE and are masked per D1.13.3, exactly as QEMU
 * 7.2's tables do (target_el_table, arm_excp_unmasked).
 */
#include "exception.h"

#include <string.h>

#include "../devices/virt.h"
#include "../translator/log.h"
#include "sysreg_el2.h"
#include "sysregs.h"

/* ---- EL2/EL3 state ------------------------------------------------------ */

bool a64_el2_enabled(const A64Cpu *cpu)
{
    return cpu->feat.el2 && (!cpu->feat.el3 || (cpu->sr.scr_el3 & SCR_EL3_NS));
}

uint64_t a64_hcr_eff(const A64Cpu *cpu)
{
    if (!a64_el2_enabled(cpu)) {
        return 0;
    }
    uint64_t h = cpu->sr.hcr_el2;
    if (h & HCR_TGE_BIT) {
        if (h & HCR_E2H) {
            h &= ~(HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_BSU | HCR_DC_BIT | HCR_TWI |
                   HCR_TWE | HCR_TID0 | HCR_TID2 | HCR_TPCP | HCR_TPU | HCR_TDZ | HCR_CD |
                   HCR_ID);
        } else {
            h |= HCR_FMO | HCR_IMO | HCR_AMO;
        }
        h &= ~(HCR_SWIO | HCR_PTW | HCR_VF | HCR_VI | HCR_VSE | HCR_FB | HCR_TID1 |
               HCR_TID3 | HCR_TSC | HCR_TACR | HCR_TSW | HCR_TTLB | HCR_TVM | HCR_HCD |
               HCR_TRVM | HCR_TLOR);
    }
    return h;
}

/* QEMU's virt (hw/arm/virt.c) picks SMC with virtualization=on, else HVC;
 * hw/arm/boot.c then disables a conduit that targets the EL the guest
 * boots at or one below it: HVC when booting at EL2 or EL3, SMC when
 * booting at EL3 (the guest is its own firmware then). The boot EL is the
 * one the board last reset CPU 0 at. */
static unsigned machine_boot_el(const Machine *m)
{
    if (m->cpus[0] != NULL) {
        return m->cpus[0]->reset_el;
    }
    return m->opt.secure ? 3 : m->opt.virtualization ? 2 : 1;
}

bool a64_psci_conduit_smc(const A64Cpu *cpu)
{
    const Machine *m = cpu->machine;
    return m != NULL && m->opt.virtualization && machine_boot_el(m) < 3;
}

bool a64_psci_conduit_hvc(const A64Cpu *cpu)
{
    const Machine *m = cpu->machine;
    /* no machine (unit tests): the HVC conduit, as the plain virt board */
    return m == NULL || (!m->opt.virtualization && machine_boot_el(m) < 2);
}

/* AArch64.CheckFPAdvSIMDEnabled / CheckFPAdvSIMDTrap and QEMU's
 * fp_exception_el(): CPACR_EL1.FPEN (ignored in the EL2&0 host, E2H+TGE),
 * CPTR_EL2 (FPEN in the CPACR layout under E2H, else TFP), CPTR_EL3.TFP. */
unsigned a64_fp_trap_el(const A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    if (!cpu->feat.el2 && !cpu->feat.el3) {
        unsigned fpen = (cpu->sr.cpacr_el1 >> CPACR_FPEN_SHIFT) & 3;
        return el >= 2 || fpen == 3 || (el == 1 && fpen == 1) ? 0 : 1;
    }
    uint64_t hcr = a64_hcr_eff(cpu);
    if ((hcr & (HCR_E2H | HCR_TGE_BIT)) != (HCR_E2H | HCR_TGE_BIT) && el <= 1) {
        unsigned fpen = (cpu->sr.cpacr_el1 >> CPACR_FPEN_SHIFT) & 3;
        if (fpen != 3 && !(fpen == 1 && el == 1)) {
            return 1;
        }
    }
    if (el <= 2 && cpu->feat.el2) {
        if (hcr & HCR_E2H) {
            unsigned fpen = (cpu->sr.cptr_el2 >> CPACR_FPEN_SHIFT) & 3;
            if (fpen != 3 && !(fpen == 1 && !(el == 0 && (hcr & HCR_TGE_BIT)))) {
                return 2;
            }
        } else if (a64_el2_enabled(cpu) && (cpu->sr.cptr_el2 & CPTR_TFP)) {
            return 2;
        }
    }
    if (cpu->feat.el3 && (cpu->sr.cptr_el3 & CPTR_TFP)) {
        return 3;
    }
    return 0;
}

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
 * current EL above (D1.10.1). An exception for EL1 goes to EL2 when
 * HCR_EL2.TGE is set (the "route_to_el2" of AArch64.TakeException's
 * callers); FP/AdvSIMD access traps rerouted so are reported as
 * uncategorized (D1.10.4, as QEMU's raise_exception does). An FP access
 * trap goes where a64_fp_trap_el() says (CPTR_EL2/EL3). */
static unsigned route_target_el(const A64Cpu *cpu, A64Exception *e)
{
    unsigned cur = a64_current_el(cpu);
    unsigned t = e->target_el;
    if (t == 0) {
        t = cur == 0 ? 1 : cur;
    }
    if (e->type == A64_EXC_SYNC && e->ec == EC_FP_ACCESS) {
        unsigned fp = a64_fp_trap_el(cpu);
        if (fp > t) {
            t = fp;
        }
    }
    if (t == 1 && e->type == A64_EXC_SYNC && (a64_hcr_eff(cpu) & HCR_TGE_BIT)) {
        t = 2;
        if (e->ec == EC_FP_ACCESS) {
            e->ec = EC_UNKNOWN;
            e->iss = 0;
        }
    }
    /* An exception is never taken to a lower EL than the current one. */
    if (t < cur) {
        t = cur;
    }
    return t;
}

void a64_take_exception(A64Cpu *cpu, const A64Exception *exc)
{
    unsigned cur = a64_current_el(cpu);
    A64Exception ecopy = *exc;
    A64Exception *e = &ecopy;
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
        /* PAN is set on entry to EL1, and to EL2 in the EL2&0 host (E2H
         * and TGE), when SCTLR_ELx.SPAN == 0 (D5.4.2). */
        bool host = (a64_hcr_eff(cpu) & (HCR_E2H | HCR_TGE_BIT)) == (HCR_E2H | HCR_TGE_BIT);
        new |= old & PSTATE_PAN;
        if ((target == 1 || (target == 2 && host)) && !(sctlr & SCTLR_SPAN)) {
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
 * (M[1] set, or EL0 with SP_ELx), to a higher or an unimplemented EL, to
 * EL2 when it is not enabled (Secure state), to EL1 from EL2 with
 * HCR_EL2.TGE, or to an EL that SCR_EL3.RW / HCR_EL2.RW make AArch32. */
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
    if (el == 2 && !a64_el2_enabled(cpu)) {
        return true;
    }
    uint64_t hcr = a64_hcr_eff(cpu);
    bool host = (hcr & (HCR_E2H | HCR_TGE_BIT)) == (HCR_E2H | HCR_TGE_BIT);
    /* to EL1 from EL2 with HCR_EL2.TGE (whatever E2H; QEMU's
     * exception_return checks the same) */
    if (el == 1 && cur == 2 && (hcr & HCR_TGE_BIT)) {
        return true;
    }
    /* Register width of the target EL (ELUsingAArch32): SCR_EL3.RW for
     * everything below EL3, HCR_EL2.RW for EL1 (and EL0 outside the host). */
    if (cur == 3 && el < 3 && cpu->feat.el3 && !(cpu->sr.scr_el3 & SCR_EL3_RW)) {
        return true;
    }
    if (el <= 1 && a64_el2_enabled(cpu) && !(cpu->sr.hcr_el2 & HCR_RW) && !(el == 0 && host)) {
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

/* ---- interrupts --------------------------------------------------------- */

/* Physical interrupt target EL, QEMU's arm_phys_excp_target_el() for an
 * AArch64-only CPU: SCR_EL3.IRQ/FIQ/EA -> EL3; else in Non-secure state
 * HCR_EL2.IMO/FMO/AMO or TGE -> EL2; else EL1, except that at EL2 and
 * EL3 the current EL is the target (masked by PSTATE there). */
static unsigned phys_target_el(const A64Cpu *cpu, A64ExcType type, uint64_t hcr)
{
    unsigned cur = a64_current_el(cpu);
    uint64_t scr_bit = type == A64_EXC_IRQ ? SCR_EL3_IRQ
                     : type == A64_EXC_FIQ ? SCR_EL3_FIQ : SCR_EL3_EA;
    uint64_t hcr_bit = type == A64_EXC_IRQ ? HCR_IMO : type == A64_EXC_FIQ ? HCR_FMO : HCR_AMO;
    if (cpu->feat.el3 && (cpu->sr.scr_el3 & scr_bit)) {
        return 3;
    }
    bool secure = cpu->feat.el3 && (cur == 3 || !(cpu->sr.scr_el3 & SCR_EL3_NS));
    if (secure) {
        return cur == 3 ? 3 : 1;
    }
    if (cpu->feat.el2 && (hcr & (hcr_bit | HCR_TGE_BIT))) {
        return 2;
    }
    return cur == 2 ? 2 : 1;
}

/* arm_excp_unmasked() (D1.13.3 table): never to a lower EL; to a higher EL
 * than EL1 not masked by PSTATE (except EL2 in the EL2&0 host); otherwise
 * the PSTATE bit decides. */
static bool phys_unmasked(const A64Cpu *cpu, unsigned target, uint32_t mask_bit, uint64_t hcr)
{
    unsigned cur = a64_current_el(cpu);
    if (cur > target) {
        return false;
    }
    if (target > cur && target != 1) {
        if (target == 3) {
            return true;
        }
        if ((hcr & (HCR_E2H | HCR_TGE_BIT)) != (HCR_E2H | HCR_TGE_BIT)) {
            return true;
        }
    }
    return !(cpu->pstate & mask_bit);
}

static bool take_async(A64Cpu *cpu, A64ExcType type, unsigned target)
{
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = type;
    e.target_el = target;
    e.return_pc = cpu->pc; /* the next instruction to execute */
    if (type == A64_EXC_SERROR) {
        e.ec = EC_SERROR; /* ISS 0: uncategorized (no RAS); IL = 1 as QEMU's syn_serror */
        e.il = true;
    }
    a64_take_exception(cpu, &e);
    return true;
}

/* Between blocks: physical FIQ, IRQ, then virtual IRQ, FIQ, SError, then
 * physical SError (QEMU's arm_cpu_exec_interrupt order). Virtual
 * interrupts (the GIC's virtual lines OR HCR_EL2.VI/VF/VSE) exist only
 * when the physical ones route to EL2 (IMO/FMO/AMO without TGE), are
 * taken to EL1 from EL0/EL1 and masked by PSTATE there. */
bool a64_check_interrupts(A64Cpu *cpu)
{
    uint32_t lines = __atomic_load_n(&cpu->irq_lines, __ATOMIC_RELAXED);
    if (lines != 0 || (cpu->sr.hcr_el2 & (HCR_VI | HCR_VF | HCR_VSE))) {
        uint64_t hcr = a64_hcr_eff(cpu);
        unsigned el = a64_current_el(cpu);
        if (lines & A64_LINE_FIQ) {
            unsigned t = phys_target_el(cpu, A64_EXC_FIQ, hcr);
            if (phys_unmasked(cpu, t, PSTATE_F, hcr)) {
                return take_async(cpu, A64_EXC_FIQ, t);
            }
        }
        if (lines & A64_LINE_IRQ) {
            unsigned t = phys_target_el(cpu, A64_EXC_IRQ, hcr);
            if (phys_unmasked(cpu, t, PSTATE_I, hcr)) {
                return take_async(cpu, A64_EXC_IRQ, t);
            }
        }
        if (el <= 1 && !(hcr & HCR_TGE_BIT)) {
            if ((hcr & HCR_IMO) && ((lines & A64_LINE_VIRQ) || (hcr & HCR_VI)) &&
                !(cpu->pstate & PSTATE_I)) {
                return take_async(cpu, A64_EXC_IRQ, 1);
            }
            if ((hcr & HCR_FMO) && ((lines & A64_LINE_VFIQ) || (hcr & HCR_VF)) &&
                !(cpu->pstate & PSTATE_F)) {
                return take_async(cpu, A64_EXC_FIQ, 1);
            }
            if ((hcr & HCR_AMO) && (hcr & HCR_VSE) && !(cpu->pstate & PSTATE_A)) {
                /* A virtual SError is taken once: taking it clears VSE. */
                cpu->sr.hcr_el2 &= ~HCR_VSE;
                return take_async(cpu, A64_EXC_SERROR, 1);
            }
        }
        if (lines & A64_LINE_SERROR) {
            unsigned t = phys_target_el(cpu, A64_EXC_SERROR, hcr);
            if (phys_unmasked(cpu, t, PSTATE_A, hcr)) {
                return take_async(cpu, A64_EXC_SERROR, t);
            }
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
