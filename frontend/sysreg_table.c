/* SPDX-License-Identifier: MIT */
/*
 * sysreg_table.c - the base system-register table: special-purpose
 * registers (PSTATE fields), identification, EL1 system control, exception
 * state, thread IDs, the debug registers Linux touches, the system counter,
 * and the cache and TLB maintenance operations (SYS, op0 = 1).
 *
 * Grouped as in DDI 0487 D17/D19 and commented with the trap bit that
 * controls each group. Registers of EL2/EL3, the GIC CPU interface and
 * the timers are added by their own issues/subsystems.
 *
 * TLBI and AT are the MMU's own table (frontend/sysreg_mmu.c).
 * Deliberately unimplemented here (UNDEFINED, logged once): the PMU (ID_AA64DFR0.PMUVer = 0),
 * RAS, pointer authentication keys, SVE/SME, MTE.
 */
#include <string.h>

#include "../timer/counter.h"
#include "../timer/timer.h"
#include "../translator/log.h"
#include "exception.h"
#include "memaccess.h"
#include "sysreg_el2.h"
#include "sysreg_mmu.h"
#include "sysregs.h"

#define F(f) SR_FIELD(f)

/* ---- presence predicates (features of the CPU model) ---------------- */

static bool has_pan(const A64Features *f) { return f->pan; }
static bool has_uao(const A64Features *f) { return f->uao; }
static bool has_dit(const A64Features *f) { return f->dit; }
static bool has_ssbs(const A64Features *f) { return f->ssbs; }
static bool has_el2_or_el3(const A64Features *f) { return f->el2 || f->el3; } /* [el2] */
static bool has_lor(const A64Features *f) { return f->lor; }

/* ---- access functions, named after the control they check ----------- */

/* SCTLR_EL1.UMA: EL0 access to DAIF (D19.2.118). */
static SysRegResult access_uma(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return a64_el0_sctlr_trap(cpu, SCTLR_UMA); /* SCTLR_EL2 in the EL2&0 host [el2] */
}

/* SCTLR_EL1.DZE: EL0 DC ZVA. */
static SysRegResult access_dze(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return a64_el0_sctlr_trap(cpu, SCTLR_DZE); /* SCTLR_EL2 in the EL2&0 host [el2] */
}

/* The feature ID space (op0 = 3, op1 = 0, CRn = 0, CRm = 0..7) at EL0:
 * UNDEFINED, or with FEAT_IDST a trap to EL1 with EC 0x18 (D19.2, the
 * "ID register" accessibility; Linux emulates such reads either way). */
SysRegResult sysreg_access_id_space(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (a64_current_el(cpu) == 0) {
        return cpu->feat.idst ? SYSREG_TRAP_EL1 : SYSREG_UNDEF;
    }
    /* [el2] HCR_EL2.TID3 traps EL1 reads of CRm = 1..7 (the feature ID
     * registers, also the reserved ones); TID1 REVIDR_EL1. */
    if (ri->crm != 0) {
        return a64_access_tid3(cpu, ri, isread);
    }
    if (ri->op2 == 6) {
        return a64_access_tid1(cpu, ri, isread);
    }
    return SYSREG_OK;
}

/* SP_EL0 is UNDEFINED while it is the current stack pointer (PSTATE.SP == 0),
 * DDI 0487 C5.2.16. */
static SysRegResult access_sp_el0(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return (cpu->pstate & PSTATE_SP) ? SYSREG_OK : SYSREG_UNDEF;
}

/* CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0 access checks and counter reads:
 * timer/timer.c (CNTKCTL_EL1, CNTHCTL_EL2 traps; CNTVOFF_EL2). */

/* ---- PSTATE fields as registers (C5.2) ------------------------------- */

/* NZCV and the one-field PSTATE registers (DAIF, PAN, UAO, DIT, SSBS) are
 * SR_NZCV / SR_PSTATE rows: the pipeline and the translator access them
 * directly. SPSel also switches the stack pointer: */
static uint64_t pstate_bits_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->pstate & (uint32_t)ri->resetvalue;
}

static void spsel_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    uint32_t old = cpu->pstate;
    uint32_t new = (old & ~PSTATE_SP) | ((uint32_t)v & PSTATE_SP);
    a64_cpu_switch_sp(cpu, old, new);
    cpu->pstate = new;
}

static uint64_t currentel_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->pstate & PSTATE_EL_MASK;
}

/* x[31] holds the current SP; SP_EL0 is only accessible while it is not
 * the current one (access_sp_el0), SP_EL1 only from EL2 and above. */
static uint64_t sp_el_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->sp_el[ri->resetvalue & 3];
}

static void sp_el_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->sp_el[ri->resetvalue & 3] = v;
}

/* FPCR/FPSR (the FP helpers read them from A64Cpu). FPCR keeps
 * AHP, DN, FZ, RMode and FZ16, and Len/Stride (no function in AArch64,
 * kept for AArch32 context switching, DDI 0487 C5.2.8); the trap enables
 * are RAZ/WI (trapped FP exceptions are not implemented), as in QEMU.
 * FPSR keeps the cumulative flags IOC..IXC, IDC and QC, and bits 31:28
 * (RES0 in AArch64, stored as QEMU does). */
#define FPCR_MASK 0x07ff0000u
#define FPSR_MASK 0xf800009fu

static uint64_t fpcr_read(A64Cpu *cpu, const SysRegInfo *ri) { return cpu->fpcr; }
#define FPCR_FZ16 (1u << 19)
static void fpcr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    /* FZ16 is RES0 without FEAT_FP16 (DDI 0487 C5.2.8), as in QEMU. */
    uint32_t mask = cpu->feat.fp16 ? FPCR_MASK : FPCR_MASK & ~FPCR_FZ16;
    cpu->fpcr = (uint32_t)v & mask;
}
static uint64_t fpsr_read(A64Cpu *cpu, const SysRegInfo *ri) { return cpu->fpsr; }
static void fpsr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->fpsr = (uint32_t)v & FPSR_MASK;
}

/* ---- system control -------------------------------------------------- */

/* SCTLR_EL1, TTBR0/1_EL1, TCR_EL1, MAIR_EL1: the MMU's write hooks
 * (frontend/sysreg_mmu.c) store them and drop what the TLB cached. */

/* OSLAR_EL1 write sets OSLSR_EL1.OSLK (bit 1) (D19.3). */
static void oslar_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->sr.oslsr_el1 = (cpu->sr.oslsr_el1 & ~2ull) | ((v & 1) << 1);
}

/* CCSIDR_EL1 selected by CSSELR_EL1.{Level, InD}. */
static uint64_t ccsidr_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    unsigned sel = cpu->sr.csselr_el1 & 0xf;
    return sel < 4 ? cpu->sr.id.ccsidr[sel] : 0;
}

/* DCZID_EL0.DZP (bit 4) reads 1 when DC ZVA is prohibited at the current
 * EL: at EL0 when SCTLR_EL1.DZE == 0. */
static uint64_t dczid_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    uint64_t v = cpu->sr.id.dczid;
    if (a64_current_el(cpu) == 0 && !(cpu->sr.sctlr_el[1] & SCTLR_DZE)) {
        v |= 1u << 4;
    }
    return v;
}

/* ---- SYS operations --------------------------------------------------- */

/* DC ZVA, DC/IC by VA: frontend/sysreg_mmu.c (translation and permission
 * checks); TLBI and AT rows live in its own table. */

/* ---- the table -------------------------------------------------------- */

#define PSTATE_ROW(nm, o0, o1, n, m, o2, acc, mask, pres, extra)                     \
    { .name = nm, .op0 = o0, .op1 = o1, .crn = n, .crm = m, .op2 = o2, .access = acc, \
      .type = SR_ALIAS | SR_PSTATE | (extra), .present = pres, .resetvalue = mask,   \
      .fieldoffset = SR_NO_FIELD }

/* Feature ID space rows (op1 = 0): readable from EL0 only to be trapped
 * (sysreg_access_id_space). The other identification registers (op1 = 1,
 * CLIDR, AIDR) are plain EL1 registers. */
#define ID_ROW(nm, o1, m, o2, fld)                                                  \
    { .name = nm, .op0 = 3, .op1 = o1, .crn = 0, .crm = m, .op2 = o2,               \
      .access = (o1) == 0 ? SR_ACC_PL0_R : SR_ACC_PL1_R,                             \
      .type = SR_ALIAS | SR_HTRAP_ACCESSFN | ((o1) == 0 ? SR_EL0_ACCESSFN : 0),      \
      .fieldoffset = F(fld), .accessfn = (o1) == 0 ? sysreg_access_id_space          \
                                       : (o2) == 1 ? a64_access_tid2                 \
                                                   : a64_access_tid1 }

#define STORE_ROW(nm, o0, o1, n, m, o2, acc, fld, rst, r0)                          \
    { .name = nm, .op0 = o0, .op1 = o1, .crn = n, .crm = m, .op2 = o2, .access = acc, \
      .fieldoffset = F(fld), .resetvalue = rst, .res0 = r0 }
/* An EL1 virtual-memory control: HCR_EL2.TVM/TRVM trap it [el2]. */
#define TVM_ROW(nm, o0, o1, n, m, o2, fld)                                          \
    { .name = nm, .op0 = o0, .op1 = o1, .crn = n, .crm = m, .op2 = o2,              \
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN, .fieldoffset = F(fld),    \
      .accessfn = a64_access_tvm }

/* Cache maintenance with no effect here: EL1-only, or EL0-capable under
 * an access rule (SCTLR_EL1.UCI). */
#define SYS_NOP_EL1(nm, o1, n, m, o2, afn)                                          \
    { .name = nm, .op0 = 1, .op1 = o1, .crn = n, .crm = m, .op2 = o2,               \
      .access = SR_ACC_PL1_W, .type = SR_SYS | SR_NOP | SR_HTRAP_ACCESSFN,           \
      .fieldoffset = SR_NO_FIELD, .accessfn = afn }

/* Cache maintenance by VA: translated with permission checks (a fault is
 * a Data Abort with CM = 1), otherwise no effect. */
#define SYS_CMO_EL1(nm, o1, n, m, o2, wfn, afn)                                     \
    { .name = nm, .op0 = 1, .op1 = o1, .crn = n, .crm = m, .op2 = o2,               \
      .access = SR_ACC_PL1_W, .type = SR_SYS | SR_RAISES_EXC | SR_HTRAP_ACCESSFN,    \
      .fieldoffset = SR_NO_FIELD, .accessfn = afn, .writefn = wfn }

#define SYS_CMO_EL0(nm, o1, n, m, o2, afn)                                          \
    { .name = nm, .op0 = 1, .op1 = o1, .crn = n, .crm = m, .op2 = o2,               \
      .access = SR_ACC_PL0_W,                                                        \
      .type = SR_SYS | SR_RAISES_EXC | SR_EL0_ACCESSFN | SR_HTRAP_ACCESSFN,          \
      .fieldoffset = SR_NO_FIELD, .accessfn = afn, .writefn = a64_dc_clean_write }

const SysRegInfo a64_sysreg_table[] = {
    /* -- Special-purpose registers, C5.2 (op0 = 3, CRn = 4) ------------- */
    { .name = "NZCV", .op0 = 3, .op1 = 3, .crn = 4, .crm = 2, .op2 = 0,
      .access = SR_ACC_PL0_RW, .type = SR_ALIAS | SR_NZCV, .fieldoffset = SR_NO_FIELD },
    /* DAIF: EL0 access per SCTLR_EL1.UMA. A write may unmask interrupts, so
     * it ends the block to let the loop look at pending interrupts. */
    { .name = "DAIF", .op0 = 3, .op1 = 3, .crn = 4, .crm = 2, .op2 = 1,
      .access = SR_ACC_PL0_RW,
      .type = SR_ALIAS | SR_PSTATE | SR_ENDS_TB | SR_EL0_ACCESSFN,
      .resetvalue = PSTATE_DAIF, .fieldoffset = SR_NO_FIELD, .accessfn = access_uma },
    { .name = "SPSel", .op0 = 3, .op1 = 0, .crn = 4, .crm = 2, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_ALIAS | SR_ENDS_TB, .resetvalue = PSTATE_SP,
      .fieldoffset = SR_NO_FIELD, .readfn = pstate_bits_read, .writefn = spsel_write },
    { .name = "CurrentEL", .op0 = 3, .op1 = 0, .crn = 4, .crm = 2, .op2 = 2,
      .access = SR_ACC_PL1_R, .type = SR_ALIAS, .fieldoffset = SR_NO_FIELD,
      .readfn = currentel_read },
    PSTATE_ROW("PAN", 3, 0, 4, 2, 3, SR_ACC_PL1_RW, PSTATE_PAN, has_pan, SR_ENDS_TB),
    PSTATE_ROW("UAO", 3, 0, 4, 2, 4, SR_ACC_PL1_RW, PSTATE_UAO, has_uao, SR_ENDS_TB),
    PSTATE_ROW("DIT", 3, 3, 4, 2, 5, SR_ACC_PL0_RW, PSTATE_DIT, has_dit, 0),
    PSTATE_ROW("SSBS", 3, 3, 4, 2, 6, SR_ACC_PL0_RW, PSTATE_SSBS, has_ssbs, 0),
    { .name = "FPCR", .op0 = 3, .op1 = 3, .crn = 4, .crm = 4, .op2 = 0,
      .access = SR_ACC_PL0_RW, .type = SR_ALIAS | SR_FPU, .fieldoffset = SR_NO_FIELD,
      .readfn = fpcr_read, .writefn = fpcr_write },
    { .name = "FPSR", .op0 = 3, .op1 = 3, .crn = 4, .crm = 4, .op2 = 1,
      .access = SR_ACC_PL0_RW, .type = SR_ALIAS | SR_FPU, .fieldoffset = SR_NO_FIELD,
      .readfn = fpsr_read, .writefn = fpsr_write },
    { .name = "SP_EL0", .op0 = 3, .op1 = 0, .crn = 4, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_ALIAS, .resetvalue = 0,
      .fieldoffset = SR_NO_FIELD, .accessfn = access_sp_el0, .readfn = sp_el_read,
      .writefn = sp_el_write },
    { .name = "SP_EL1", .op0 = 3, .op1 = 4, .crn = 4, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL2_RW, .type = SR_ALIAS, .present = has_el2_or_el3, .resetvalue = 1,
      .fieldoffset = SR_NO_FIELD, .readfn = sp_el_read, .writefn = sp_el_write },

    /* -- Exception state, EL1 (D19.2) ------------------------------------ */
    STORE_ROW("SPSR_EL1", 3, 0, 4, 0, 0, SR_ACC_PL1_RW, sr.spsr_el[1], 0, 0),
    STORE_ROW("ELR_EL1", 3, 0, 4, 0, 1, SR_ACC_PL1_RW, sr.elr_el[1], 0, 0),
    TVM_ROW("ESR_EL1", 3, 0, 5, 2, 0, sr.esr_el[1]),
    TVM_ROW("FAR_EL1", 3, 0, 6, 0, 0, sr.far_el[1]),
    TVM_ROW("AFSR0_EL1", 3, 0, 5, 1, 0, sr.afsr0_el[1]),
    TVM_ROW("AFSR1_EL1", 3, 0, 5, 1, 1, sr.afsr1_el[1]),
    /* VBAR_EL1 bits 10:0 are RES0 (the vector table is 2 KiB aligned). */
    STORE_ROW("VBAR_EL1", 3, 0, 12, 0, 0, SR_ACC_PL1_RW, sr.vbar_el[1], 0, 0x7ff),

    /* -- Identification (D19.2; HCR_EL2.TID* traps later) ---------------- */
    /* MIDR/MPIDR: VPIDR_EL2/VMPIDR_EL2 at EL1 when EL2 is enabled [el2] */
    { .name = "MIDR_EL1", .op0 = 3, .op1 = 0, .crn = 0, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL0_R, .type = SR_ALIAS | SR_EL0_ACCESSFN,
      .fieldoffset = SR_NO_FIELD, .accessfn = sysreg_access_id_space,
      .readfn = a64_midr_read },
    { .name = "MPIDR_EL1", .op0 = 3, .op1 = 0, .crn = 0, .crm = 0, .op2 = 5,
      .access = SR_ACC_PL0_R, .type = SR_ALIAS | SR_EL0_ACCESSFN,
      .fieldoffset = SR_NO_FIELD, .accessfn = sysreg_access_id_space,
      .readfn = a64_mpidr_read },
    ID_ROW("REVIDR_EL1", 0, 0, 6, sr.id.revidr),
    ID_ROW("ID_AA64PFR0_EL1", 0, 4, 0, sr.id.pfr0),
    ID_ROW("ID_AA64PFR1_EL1", 0, 4, 1, sr.id.pfr1),
    ID_ROW("ID_AA64ZFR0_EL1", 0, 4, 4, sr.id.zfr0),
    ID_ROW("ID_AA64SMFR0_EL1", 0, 4, 5, sr.id.smfr0),
    ID_ROW("ID_AA64DFR0_EL1", 0, 5, 0, sr.id.dfr0),
    ID_ROW("ID_AA64DFR1_EL1", 0, 5, 1, sr.id.dfr1),
    ID_ROW("ID_AA64AFR0_EL1", 0, 5, 4, sr.id.afr0),
    ID_ROW("ID_AA64AFR1_EL1", 0, 5, 5, sr.id.afr1),
    ID_ROW("ID_AA64ISAR0_EL1", 0, 6, 0, sr.id.isar0),
    ID_ROW("ID_AA64ISAR1_EL1", 0, 6, 1, sr.id.isar1),
    ID_ROW("ID_AA64ISAR2_EL1", 0, 6, 2, sr.id.isar2),
    ID_ROW("ID_AA64MMFR0_EL1", 0, 7, 0, sr.id.mmfr0),
    ID_ROW("ID_AA64MMFR1_EL1", 0, 7, 1, sr.id.mmfr1),
    ID_ROW("ID_AA64MMFR2_EL1", 0, 7, 2, sr.id.mmfr2),
    ID_ROW("CLIDR_EL1", 1, 0, 1, sr.id.clidr),
    ID_ROW("AIDR_EL1", 1, 0, 7, sr.id.aidr),
    { .name = "CCSIDR_EL1", .op0 = 3, .op1 = 1, .crn = 0, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL1_R, .type = SR_ALIAS | SR_HTRAP_ACCESSFN,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tid2, .readfn = ccsidr_read },
    /* CSSELR_EL1: Level (3:1) and InD (0); TnD needs FEAT_MTE2. */
    { .name = "CSSELR_EL1", .op0 = 3, .op1 = 2, .crn = 0, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN, .fieldoffset = F(sr.csselr_el1),
      .res0 = ~0xfull, .accessfn = a64_access_tid2 },
    /* CTR_EL0 at EL0 per SCTLR_EL1.UCT, then HCR_EL2.TID2 [el2] */
    { .name = "CTR_EL0", .op0 = 3, .op1 = 3, .crn = 0, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL0_R, .type = SR_ALIAS | SR_EL0_ACCESSFN | SR_HTRAP_ACCESSFN,
      .fieldoffset = F(sr.id.ctr), .accessfn = a64_access_tid2 },
    { .name = "DCZID_EL0", .op0 = 3, .op1 = 3, .crn = 0, .crm = 0, .op2 = 7,
      .access = SR_ACC_PL0_R, .type = SR_ALIAS, .fieldoffset = SR_NO_FIELD,
      .readfn = dczid_read },

    /* -- System control, EL1 (D19.2) --------------------------------------
     * SCTLR_EL1 resets to QEMU's value for these cores, 0x00c50838: SA, SA0,
     * CP15BEN, EOS, nTWI, nTWE, EIS, SPAN; MMU, caches and alignment
     * checking off. */
    { .name = "SCTLR_EL1", .op0 = 3, .op1 = 0, .crn = 1, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_ENDS_TB | SR_HTRAP_ACCESSFN,
      .resetvalue = 0x00c50838, .fieldoffset = F(sr.sctlr_el[1]),
      .accessfn = a64_access_tvm, .writefn = a64_sctlr_write },
    /* ACTLR_EL1 is IMPLEMENTATION DEFINED; RAZ/WI here as in QEMU. */
    { .name = "ACTLR_EL1", .op0 = 3, .op1 = 0, .crn = 1, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL1_RW, .type = SR_CONST | SR_HTRAP_ACCESSFN, .resetvalue = 0,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tacr },
    /* CPACR_EL1: only FPEN has an effect (no SVE/SME/trace); the other bits
     * are RES0 and, as in QEMU, stored as written. FP enables will be part
     * of the translation flags with the FP issue, hence ENDS_TB. */
    { .name = "CPACR_EL1", .op0 = 3, .op1 = 0, .crn = 1, .crm = 0, .op2 = 2,
      .access = SR_ACC_PL1_RW, .type = SR_ENDS_TB, .fieldoffset = F(sr.cpacr_el1) },

    /* -- Virtual memory control, EL1 (D19.2; HCR_EL2.TVM/TRVM later): the
     * MMU's hooks (frontend/sysreg_mmu.c) keep the TLB coherent. ----------- */
    { .name = "TTBR0_EL1", .op0 = 3, .op1 = 0, .crn = 2, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN,
      .accessfn = a64_access_tvm, .fieldoffset = F(sr.ttbr0_el[1]),
      .writefn = a64_ttbr_write },
    { .name = "TTBR1_EL1", .op0 = 3, .op1 = 0, .crn = 2, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN,
      .accessfn = a64_access_tvm, .fieldoffset = F(sr.ttbr1_el[1]),
      .writefn = a64_ttbr_write },
    { .name = "TCR_EL1", .op0 = 3, .op1 = 0, .crn = 2, .crm = 0, .op2 = 2,
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN,
      .accessfn = a64_access_tvm, .fieldoffset = F(sr.tcr_el[1]),
      .writefn = a64_tcr_write },
    { .name = "MAIR_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 2, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_HTRAP_ACCESSFN,
      .accessfn = a64_access_tvm, .fieldoffset = F(sr.mair_el[1]),
      .writefn = a64_mair_write },
    TVM_ROW("AMAIR_EL1", 3, 0, 10, 3, 0, sr.amair_el[1]),
    STORE_ROW("PAR_EL1", 3, 0, 7, 4, 0, SR_ACC_PL1_RW, sr.par_el1, 0, 0),
    /* (bits 63:32 are RES0; stored as written, as in QEMU) */
    TVM_ROW("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, sr.contextidr_el1),
    /* FEAT_LOR with no LORegions (LORID_EL1 = 0): the region registers are
     * RAZ/WI as the architecture allows when LORID_EL1.LR == 0.
     * HCR_EL2.TLOR / SCR_EL3.TLOR trap them [el2]. */
    { .name = "LORSA_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 4, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = SR_CONST, .present = has_lor,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tlor },
    { .name = "LOREA_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 4, .op2 = 1,
      .access = SR_ACC_PL1_RW, .type = SR_CONST, .present = has_lor,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tlor },
    { .name = "LORN_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 4, .op2 = 2,
      .access = SR_ACC_PL1_RW, .type = SR_CONST, .present = has_lor,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tlor },
    { .name = "LORC_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 4, .op2 = 3,
      .access = SR_ACC_PL1_RW, .type = SR_CONST, .present = has_lor,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tlor },
    { .name = "LORID_EL1", .op0 = 3, .op1 = 0, .crn = 10, .crm = 4, .op2 = 7,
      .access = SR_ACC_PL1_R, .type = SR_CONST, .present = has_lor,
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_tlor },

    /* -- Thread ID registers (D19.2) ------------------------------------- */
    STORE_ROW("TPIDR_EL0", 3, 3, 13, 0, 2, SR_ACC_PL0_RW, sr.tpidr_el[0], 0, 0),
    STORE_ROW("TPIDRRO_EL0", 3, 3, 13, 0, 3, SR_ACC_PL0_R | SR_ACC_PL1_W, sr.tpidrro_el0,
              0, 0),
    STORE_ROW("TPIDR_EL1", 3, 0, 13, 0, 4, SR_ACC_PL1_RW, sr.tpidr_el[1], 0, 0),

    /* -- Debug (D19.3): storage only; self-hosted debug events (breakpoints,
     * watchpoints, software step) are not generated yet. ID_AA64DFR0
     * advertises the minimum of 2 breakpoints and 2 watchpoints. -------- */
    STORE_ROW("MDSCR_EL1", 2, 0, 0, 2, 2, SR_ACC_PL1_RW, sr.mdscr_el1, 0, 0),
    STORE_ROW("MDCCINT_EL1", 2, 0, 0, 2, 0, SR_ACC_PL1_RW, sr.mdccint_el1, 0, 0),
    { .name = "MDRAR_EL1", .op0 = 2, .op1 = 0, .crn = 1, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL1_R, .type = SR_CONST, .fieldoffset = SR_NO_FIELD },
    { .name = "OSLAR_EL1", .op0 = 2, .op1 = 0, .crn = 1, .crm = 0, .op2 = 4,
      .access = SR_ACC_PL1_W, .fieldoffset = SR_NO_FIELD, .writefn = oslar_write },
    /* OSLSR_EL1: OSLM = 0b10 (OS lock implemented), OSLK = 1 after reset. */
    { .name = "OSLSR_EL1", .op0 = 2, .op1 = 0, .crn = 1, .crm = 1, .op2 = 4,
      .access = SR_ACC_PL1_R, .fieldoffset = F(sr.oslsr_el1), .resetvalue = 0xa },
    STORE_ROW("OSDLR_EL1", 2, 0, 1, 3, 4, SR_ACC_PL1_RW, sr.osdlr_el1, 0, ~1ull),
    STORE_ROW("DBGBVR0_EL1", 2, 0, 0, 0, 4, SR_ACC_PL1_RW, sr.dbgbvr[0], 0, 0),
    STORE_ROW("DBGBCR0_EL1", 2, 0, 0, 0, 5, SR_ACC_PL1_RW, sr.dbgbcr[0], 0, 0),
    STORE_ROW("DBGWVR0_EL1", 2, 0, 0, 0, 6, SR_ACC_PL1_RW, sr.dbgwvr[0], 0, 0),
    STORE_ROW("DBGWCR0_EL1", 2, 0, 0, 0, 7, SR_ACC_PL1_RW, sr.dbgwcr[0], 0, 0),
    STORE_ROW("DBGBVR1_EL1", 2, 0, 0, 1, 4, SR_ACC_PL1_RW, sr.dbgbvr[1], 0, 0),
    STORE_ROW("DBGBCR1_EL1", 2, 0, 0, 1, 5, SR_ACC_PL1_RW, sr.dbgbcr[1], 0, 0),
    STORE_ROW("DBGWVR1_EL1", 2, 0, 0, 1, 6, SR_ACC_PL1_RW, sr.dbgwvr[1], 0, 0),
    STORE_ROW("DBGWCR1_EL1", 2, 0, 0, 1, 7, SR_ACC_PL1_RW, sr.dbgwcr[1], 0, 0),

    /* -- Generic timer: the counter part (D11, D19.11); the timers come
     * with timer/. EL0 access per CNTKCTL_EL1, which resets to 0 (as in
     * QEMU: EL0 counter reads trap until the OS enables them). ----------- */
    { .name = "CNTFRQ_EL0", .op0 = 3, .op1 = 3, .crn = 14, .crm = 0, .op2 = 0,
      .access = SR_ACC_PL0_R | SR_ACC_PL1_W, .type = 0,
      .fieldoffset = F(sr.cntfrq),
      .resetvalue = COUNTER_FREQ_HZ, .res0 = 0xffffffff00000000ull,
      .accessfn = timer_access_cntfrq },
    { .name = "CNTPCT_EL0", .op0 = 3, .op1 = 3, .crn = 14, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL0_R, .type = SR_IO, .fieldoffset = SR_NO_FIELD,
      .accessfn = timer_access_cntpct, .readfn = timer_read_cntpct },
    { .name = "CNTVCT_EL0", .op0 = 3, .op1 = 3, .crn = 14, .crm = 0, .op2 = 2,
      .access = SR_ACC_PL0_R, .type = SR_IO | SR_EL0_ACCESSFN, .fieldoffset = SR_NO_FIELD,
      .accessfn = timer_access_cntvct, .readfn = timer_read_cntvct },
    /* CNTKCTL_EL1: EL0PCTEN, EL0VCTEN, EVNTEN, EVNTDIR, EVNTI, EL0VTEN,
     * EL0PTEN (bits 9:0); RES0 bits are stored as written, as in QEMU. */
    STORE_ROW("CNTKCTL_EL1", 3, 0, 14, 1, 0, SR_ACC_PL1_RW, sr.cntkctl_el1, 0, 0),

    /* -- Cache maintenance (C5.3, SYS op0 = 1): no caches are modelled, so
     * these only check permissions. EL0 forms per SCTLR_EL1.UCI. -------- */
    /* [el2] HCR_EL2.TPU (to the PoU), TPCP (to the PoC), TSW (set/way) */
    SYS_NOP_EL1("IC IALLUIS", 0, 7, 1, 0, a64_access_tpu),
    SYS_NOP_EL1("IC IALLU", 0, 7, 5, 0, a64_access_tpu),
    SYS_CMO_EL0("IC IVAU", 3, 7, 5, 1, a64_access_tpu),
    SYS_CMO_EL1("DC IVAC", 0, 7, 6, 1, a64_dc_ivac_write, a64_access_tpc),
    SYS_NOP_EL1("DC ISW", 0, 7, 6, 2, a64_access_tsw),
    SYS_NOP_EL1("DC CSW", 0, 7, 10, 2, a64_access_tsw),
    SYS_NOP_EL1("DC CISW", 0, 7, 14, 2, a64_access_tsw),
    SYS_CMO_EL0("DC CVAC", 3, 7, 10, 1, a64_access_tpc),
    SYS_CMO_EL0("DC CVAU", 3, 7, 11, 1, a64_access_tpu),
    SYS_CMO_EL0("DC CIVAC", 3, 7, 14, 1, a64_access_tpc),
    /* DC ZVA, EL0 per SCTLR_EL1.DZE */
    { .name = "DC ZVA", .op0 = 1, .op1 = 3, .crn = 7, .crm = 4, .op2 = 1,
      .access = SR_ACC_PL0_W, .type = SR_SYS | SR_RAISES_EXC | SR_EL0_ACCESSFN,
      .fieldoffset = SR_NO_FIELD, .accessfn = access_dze, .writefn = a64_dc_zva_write },

    /* (TLB maintenance and AT: frontend/sysreg_mmu.c) */
};

const size_t a64_sysreg_table_size = sizeof(a64_sysreg_table) / sizeof(a64_sysreg_table[0]);
