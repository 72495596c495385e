/* SPDX-License-Identifier: MIT */
/*
 * sysreg_el2.c - the EL2 system registers (DDI 0487 D13.2: HCR_EL2,
 * MDCR_EL2, CPTR_EL2, HSTR_EL2, HACR_EL2, VPIDR_EL2, VMPIDR_EL2, the EL2
 * exception state and thread/context IDs) and the HCR_EL2 trap rules that
 * the EL1 rows of the other tables name in their access functions.
 *
 * Owned elsewhere: the EL2 translation controls, VTCR/VTTBR/HPFAR
 * (frontend/sysreg_mmu.c), CNTHCTL/CNTVOFF and the EL2 timers (timer/),
 * ICH_* (gic/). The _EL12/_EL02 encodings and the E2H redirection of EL1
 * encodings at EL2 are resolved in the pipeline (sysreg_resolve(),
 * frontend/sysregs.c), so they need no rows.
 *
 * Registers of AArch32 EL1 (DACR32_EL2, IFSR32_EL2, FPEXC32_EL2, SPSR_irq
 * and friends) do not exist: no EL is AArch32 here.
 */
#include "sysreg_el2.h"

#include "../translator/log.h"
#include "exception.h"
#include "memaccess.h"

#define F(f) SR_FIELD(f)

static bool has_el2(const A64Features *f) { return f->el2; }
static bool has_vhe(const A64Features *f) { return f->el2 && f->vhe; }
static bool has_el2_top(const A64Features *f) { return f->el2 && !f->el3; }

/* ---- HCR_EL2 trap rules of EL1 registers (D13.2.46) ------------------- */

/* The trap applies at EL1, and at EL0 for the registers EL0 can reach
 * (the cache maintenance by VA, CTR_EL0), when EL2 is enabled. */
static SysRegResult hcr_trap(A64Cpu *cpu, uint64_t bits)
{
    unsigned el = a64_current_el(cpu);
    if (el <= 1 && (a64_hcr_eff(cpu) & bits)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

/* TVM traps writes, TRVM reads of the virtual-memory controls: SCTLR_EL1,
 * TTBR0/1_EL1, TCR_EL1, ESR_EL1, FAR_EL1, AFSR0/1_EL1, MAIR_EL1,
 * AMAIR_EL1, CONTEXTIDR_EL1. */
SysRegResult a64_access_tvm(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return hcr_trap(cpu, isread ? HCR_TRVM : HCR_TVM);
}

/* TID1: AIDR_EL1, REVIDR_EL1 (and TCMTR/TLBTR of AArch32). */
SysRegResult a64_access_tid1(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return hcr_trap(cpu, HCR_TID1);
}

/* The EL0 controls of SCTLR (UCT, UCI, DZE, UMA, nTWI, nTWE): SCTLR_EL2's
 * in the EL2&0 host (E2H and TGE), SCTLR_EL1's otherwise. A refusal goes
 * to EL1, which HCR_EL2.TGE reroutes to EL2; in the host, to EL2. */
SysRegResult a64_el0_sctlr_trap(A64Cpu *cpu, uint64_t bit)
{
    if (a64_current_el(cpu) != 0) {
        return SYSREG_OK;
    }
    uint64_t hcr = a64_hcr_eff(cpu);
    if ((hcr & (HCR_E2H | HCR_TGE_BIT)) == (HCR_E2H | HCR_TGE_BIT)) {
        return (cpu->sr.sctlr_el[2] & bit) ? SYSREG_OK : SYSREG_TRAP_EL2;
    }
    return (cpu->sr.sctlr_el[1] & bit) ? SYSREG_OK : SYSREG_TRAP_EL1;
}

/* TID2: CTR_EL0, CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1. CTR_EL0 at EL0 is
 * first subject to SCTLR_ELx.UCT (the higher priority). */
SysRegResult a64_access_tid2(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    SysRegResult r = ri->op1 == 3 ? a64_el0_sctlr_trap(cpu, SCTLR_UCT) : SYSREG_OK;
    return r != SYSREG_OK ? r : hcr_trap(cpu, HCR_TID2);
}

/* TID3: the feature ID registers (op0 = 3, op1 = 0, CRn = 0, CRm = 1..7). */
SysRegResult a64_access_tid3(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return a64_current_el(cpu) == 1 ? hcr_trap(cpu, HCR_TID3) : SYSREG_OK;
}

/* TACR: ACTLR_EL1. */
SysRegResult a64_access_tacr(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return hcr_trap(cpu, HCR_TACR);
}

/* TSW: DC ISW, DC CSW, DC CISW. */
SysRegResult a64_access_tsw(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return hcr_trap(cpu, HCR_TSW);
}

/* TPC (TPCP): DC IVAC, DC CVAC, DC CIVAC (data cache to the PoC), after
 * the EL0 rule SCTLR_ELx.UCI of the rows that allow EL0. */
SysRegResult a64_access_tpc(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    SysRegResult r = a64_el0_sctlr_trap(cpu, SCTLR_UCI);
    return r != SYSREG_OK ? r : hcr_trap(cpu, HCR_TPCP);
}

/* TPU: IC IALLUIS, IC IALLU, IC IVAU, DC CVAU (to the PoU). */
SysRegResult a64_access_tpu(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    SysRegResult r = a64_el0_sctlr_trap(cpu, SCTLR_UCI);
    return r != SYSREG_OK ? r : hcr_trap(cpu, HCR_TPU);
}

/* TTLB: the EL1 TLB maintenance operations. */
SysRegResult a64_access_ttlb(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return hcr_trap(cpu, HCR_TTLB);
}

/* FEAT_LOR registers (QEMU's access_lor_ns): HCR_EL2.TLOR traps EL1
 * accesses to EL2, then SCR_EL3.TLOR EL1/EL2 accesses to EL3. */
SysRegResult a64_access_tlor(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    unsigned el = a64_current_el(cpu);
    if (el < 2 && (a64_hcr_eff(cpu) & HCR_TLOR)) {
        return SYSREG_TRAP_EL2;
    }
    if (el < 3 && cpu->feat.el3 && (cpu->sr.scr_el3 & SCR_EL3_TLOR)) {
        return SYSREG_TRAP_EL3;
    }
    return SYSREG_OK;
}

/* MIDR_EL1 and MPIDR_EL1 read at EL0/EL1 with EL2 enabled give the
 * virtual values (VPIDR_EL2, VMPIDR_EL2; D13.2.86/.87). */
uint64_t a64_midr_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    if (a64_current_el(cpu) <= 1 && a64_el2_enabled(cpu)) {
        return cpu->sr.vpidr_el2;
    }
    return cpu->sr.midr;
}

uint64_t a64_mpidr_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    if (a64_current_el(cpu) <= 1 && a64_el2_enabled(cpu)) {
        return cpu->sr.vmpidr_el2;
    }
    return cpu->sr.mpidr;
}

/* ---- HCR_EL2 ------------------------------------------------------------ */

/* The writable bits (QEMU's do_hcr_write for this CPU): the Armv8.0 bits
 * 33:0, E2H with FEAT_VHE, TLOR with FEAT_LOR, API/APK with FEAT_PAuth.
 * HCD is RES0 with EL3 (SCR_EL3.HCE rules HVC then); TSC is RES0 without
 * EL3 unless the board's PSCI conduit is SMC (QEMU then acts as EL3 and
 * lets EL2 trap its EL1's SMCs). */
static uint64_t hcr_valid_mask(const A64Cpu *cpu)
{
    uint64_t m = (1ull << 34) - 1;
    if (cpu->feat.vhe) {
        m |= HCR_E2H;
    }
    if (cpu->feat.lor) {
        m |= HCR_TLOR;
    }
    if (cpu->feat.pauth) {
        m |= HCR_API | HCR_APK;
    }
    if (cpu->feat.el3) {
        m &= ~HCR_HCD;
    } else if (!a64_psci_conduit_smc(cpu)) {
        m &= ~HCR_TSC;
    }
    return m;
}

/* Bits whose change alters translation (VM, DC: stage 2 and the EL1&0
 * stage 1; TGE, E2H: which regime EL0 uses): drop the TLB. The row ends
 * the block, so routing, masking (VI/VF/VSE, IMO...) and the translation
 * flags are looked at again before the next instruction. */
static void hcr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    uint64_t old = cpu->sr.hcr_el2;
    v &= hcr_valid_mask(cpu);
    cpu->sr.hcr_el2 = v;
    if ((old ^ v) & (HCR_VM | HCR_PTW | HCR_DC_BIT | HCR_TGE_BIT | HCR_E2H)) {
        a64_mmu_ctrl_changed(cpu);
    }
}

/* ---- CPTR_EL2 ------------------------------------------------------------ */

/* Stored as written (QEMU keeps the raw value and reads it per E2H); TFP
 * (E2H = 0) or FPEN (E2H = 1) take effect through the translation flags,
 * so the row ends the block. */

/* ---- reset hooks ----------------------------------------------------------- */

static void vpidr_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    cpu->sr.vpidr_el2 = cpu->sr.midr;
}

static void vmpidr_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    cpu->sr.vmpidr_el2 = cpu->sr.mpidr;
}

/* ---- the table ------------------------------------------------------------- */

#define EL2_ROW(nm, n, m, o2, fld, r0, extra)                                       \
    { .name = nm, .op0 = 3, .op1 = 4, .crn = n, .crm = m, .op2 = o2,                \
      .access = SR_ACC_PL2_RW, .type = extra, .present = has_el2,                    \
      .fieldoffset = F(fld), .res0 = r0 }

const SysRegInfo a64_sysreg_el2_table[] = {
    /* -- Hypervisor configuration (D13.2.46) -------------------------------- */
    { .name = "HCR_EL2", .op0 = 3, .op1 = 4, .crn = 1, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL2_RW, .type = SR_ENDS_TB, .present = has_el2,
      .fieldoffset = F(sr.hcr_el2), .writefn = hcr_write },
    /* MDCR_EL2: HPMN = 0 (no PMU), the debug trap bits stored (self-hosted
     * debug is not trapped yet). */
    EL2_ROW("MDCR_EL2", 1, 1, 1, sr.mdcr_el2, ~0x3ffffull, 0),
    EL2_ROW("CPTR_EL2", 1, 1, 2, sr.cptr_el2, 0, SR_ENDS_TB),
    /* HSTR_EL2 traps AArch32 CP15 accesses only: storage here. */
    EL2_ROW("HSTR_EL2", 1, 1, 3, sr.hstr_el2, ~0xffffull, 0),
    EL2_ROW("HACR_EL2", 1, 1, 7, sr.hacr_el2, 0, 0),
    /* ACTLR_EL2 is IMPLEMENTATION DEFINED: RAZ/WI as in QEMU. */
    { .name = "ACTLR_EL2", .op0 = 3, .op1 = 4, .crn = 1, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL2_RW, .type = SR_CONST, .present = has_el2,
      .fieldoffset = SR_NO_FIELD },

    /* -- Virtualization identification (D13.2.146/.147) ---------------------- */
    { .name = "VPIDR_EL2", .op0 = 3, .op1 = 4, .crn = 0, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL2_RW, .present = has_el2, .fieldoffset = F(sr.vpidr_el2),
      .resetfn = vpidr_reset, .res0 = 0xffffffff00000000ull },
    { .name = "VMPIDR_EL2", .op0 = 3, .op1 = 4, .crn = 0, .crm = 0, .op2 = 5,
      .access = SR_ACC_PL2_RW, .present = has_el2, .fieldoffset = F(sr.vmpidr_el2),
      .resetfn = vmpidr_reset },

    /* -- Exception state and vectors of EL2 ----------------------------------- */
    EL2_ROW("SPSR_EL2", 4, 0, 0, sr.spsr_el[2], 0, 0),
    EL2_ROW("ELR_EL2", 4, 0, 1, sr.elr_el[2], 0, 0),
    EL2_ROW("ESR_EL2", 5, 2, 0, sr.esr_el[2], 0, 0),
    EL2_ROW("FAR_EL2", 6, 0, 0, sr.far_el[2], 0, 0),
    EL2_ROW("AFSR0_EL2", 5, 1, 0, sr.afsr0_el[2], 0, 0),
    EL2_ROW("AFSR1_EL2", 5, 1, 1, sr.afsr1_el[2], 0, 0),
    EL2_ROW("VBAR_EL2", 12, 0, 0, sr.vbar_el[2], 0x7ff, 0),
    /* RVBAR_EL2 exists when EL2 is the highest EL: the reset address, 0. */
    { .name = "RVBAR_EL2", .op0 = 3, .op1 = 4, .crn = 12, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL2_R, .type = SR_CONST, .present = has_el2_top,
      .fieldoffset = SR_NO_FIELD },

    /* -- Thread and context IDs ---------------------------------------------- */
    EL2_ROW("TPIDR_EL2", 13, 0, 2, sr.tpidr_el[2], 0, 0),
    { .name = "CONTEXTIDR_EL2", .op0 = 3, .op1 = 4, .crn = 13, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL2_RW, .present = has_vhe, .fieldoffset = F(sr.contextidr_el2) },
};

const size_t a64_sysreg_el2_table_size =
    sizeof(a64_sysreg_el2_table) / sizeof(a64_sysreg_el2_table[0]);
