/* SPDX-License-Identifier: MIT */
/*
 * sysreg_el3.c - the EL3 system registers (DDI 0487 D13.2: SCR_EL3,
 * CPTR_EL3, MDCR_EL3, the EL3 exception state, SP_EL2, RVBAR_EL3). The
 * EL3 translation controls are the MMU's (frontend/sysreg_mmu.c).
 * AArch32-only state (SDER32_EL3) does not exist: no EL is AArch32.
 */
#include "sysreg_el2.h"

#include "exception.h"
#include "memaccess.h"

#define F(f) SR_FIELD(f)

static bool has_el3(const A64Features *f) { return f->el3; }
static bool has_el3_el2(const A64Features *f) { return f->el3 && f->el2; }

/* SCR_EL3 (QEMU's scr_write for an AArch64 EL3): the Armv8.0 bits 13:0
 * with FW and AW RES1 and NET RES0; HCE only with EL2; TLOR with FEAT_LOR,
 * API/APK with FEAT_PAuth. RW is stored as written (ERET to an EL it
 * makes AArch32 is an illegal return). NS changes the translation regime
 * of EL1&0/EL2 (Secure or not) and IRQ/FIQ/EA the routing: drop the TLB,
 * end the block (SR_ENDS_TB). */
static uint64_t scr_valid(const A64Cpu *cpu)
{
    uint64_t m = 0x3fffull & ~(1ull << 6);
    if (!cpu->feat.el2) {
        m &= ~SCR_EL3_HCE;
    }
    if (cpu->feat.lor) {
        m |= SCR_EL3_TLOR;
    }
    if (cpu->feat.pauth) {
        m |= SCR_EL3_API | SCR_EL3_APK;
    }
    return m;
}

static void scr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    uint64_t old = cpu->sr.scr_el3;
    v = (v | SCR_EL3_FW | SCR_EL3_AW) & scr_valid(cpu);
    cpu->sr.scr_el3 = v;
    if ((old ^ v) & SCR_EL3_NS) {
        a64_mmu_ctrl_changed(cpu);
    }
}

static void scr_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    cpu->sr.scr_el3 = SCR_EL3_FW | SCR_EL3_AW;
}

/* SP_EL2 from EL3 (the EL2 stack pointer is banked in sp_el[2] unless it
 * is the current one, which it never is at EL3). */
static uint64_t sp_el2_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->sp_el[2];
}

static void sp_el2_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->sp_el[2] = v;
}

#define EL3_ROW(nm, n, m, o2, fld, r0, extra)                                       \
    { .name = nm, .op0 = 3, .op1 = 6, .crn = n, .crm = m, .op2 = o2,                \
      .access = SR_ACC_PL3_RW, .type = extra, .present = has_el3,                    \
      .fieldoffset = F(fld), .res0 = r0 }

const SysRegInfo a64_sysreg_el3_table[] = {
    { .name = "SCR_EL3", .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL3_RW, .type = SR_ENDS_TB, .present = has_el3,
      .fieldoffset = F(sr.scr_el3), .writefn = scr_write, .resetfn = scr_reset },
    /* CPTR_EL3: TFP (FP/AdvSIMD to EL3, via the translation flags), TTA,
     * TAM, TCPAC stored; EZ/ESM need SVE/SME. */
    EL3_ROW("CPTR_EL3", 1, 1, 2, sr.cptr_el3, ~((1ull << 10) | (1ull << 20) | (1ull << 30) |
                                                (1ull << 31)), SR_ENDS_TB),
    /* MDCR_EL3: the debug and PMU trap/enable bits, stored (not acted on). */
    EL3_ROW("MDCR_EL3", 1, 3, 1, sr.mdcr_el3, 0, 0),
    { .name = "ACTLR_EL3", .op0 = 3, .op1 = 6, .crn = 1, .crm = 0, .op2 = 1,
      .access = SR_ACC_PL3_RW, .type = SR_CONST, .present = has_el3,
      .fieldoffset = SR_NO_FIELD },
    EL3_ROW("SPSR_EL3", 4, 0, 0, sr.spsr_el[3], 0, 0),
    EL3_ROW("ELR_EL3", 4, 0, 1, sr.elr_el[3], 0, 0),
    EL3_ROW("ESR_EL3", 5, 2, 0, sr.esr_el[3], 0, 0),
    EL3_ROW("FAR_EL3", 6, 0, 0, sr.far_el[3], 0, 0),
    EL3_ROW("AFSR0_EL3", 5, 1, 0, sr.afsr0_el[3], 0, 0),
    EL3_ROW("AFSR1_EL3", 5, 1, 1, sr.afsr1_el[3], 0, 0),
    EL3_ROW("VBAR_EL3", 12, 0, 0, sr.vbar_el[3], 0x7ff, 0),
    EL3_ROW("TPIDR_EL3", 13, 0, 2, sr.tpidr_el[3], 0, 0),
    /* RVBAR_EL3: the reset address, 0 on virt (QEMU's rvbar default). */
    { .name = "RVBAR_EL3", .op0 = 3, .op1 = 6, .crn = 12, .crm = 0, .op2 = 1,
      .access = SR_PL3_R, .type = SR_CONST, .present = has_el3,
      .fieldoffset = SR_NO_FIELD },
    { .name = "SP_EL2", .op0 = 3, .op1 = 6, .crn = 4, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL3_RW, .type = SR_ALIAS, .present = has_el3_el2,
      .fieldoffset = SR_NO_FIELD, .readfn = sp_el2_read, .writefn = sp_el2_write },
};

const size_t a64_sysreg_el3_table_size =
    sizeof(a64_sysreg_el3_table) / sizeof(a64_sysreg_el3_table[0]);
