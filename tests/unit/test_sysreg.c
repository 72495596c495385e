/* SPDX-License-Identifier: MIT */
/*
 * test_sysreg.c - the system-register table and its pipeline: table
 * invariants (unique encodings, storage or hooks for every stateful row,
 * access bits consistent with the encoding's op1), ID register values
 * against each model's features, reset values, the access checks of the
 * MRS/MSR pipeline (UNDEFINED vs trapped, with the right syndrome), and
 * exception entry/return state (ESR/ELR/SPSR/PSTATE/vector).
 */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cpu.h"
#include "frontend/exception.h"
#include "frontend/sysregs.h"

static A64Cpu *new_cpu(A64CpuModel model)
{
    A64Cpu *cpu = calloc(1, sizeof(*cpu));
    ck_assert_ptr_nonnull(cpu);
    a64_cpu_init(cpu, model, 0, NULL, NULL);
    a64_cpu_reset(cpu, 0x40000000, 1);
    return cpu;
}

static void free_cpu(A64Cpu *cpu)
{
    a64_cpu_destroy(cpu);
    free(cpu);
}

static const SysRegInfo *find(A64Cpu *cpu, unsigned op0, unsigned op1, unsigned crn,
                              unsigned crm, unsigned op2)
{
    return sysreg_lookup(cpu, SYSREG_KEY(op0, op1, crn, crm, op2));
}

static uint64_t rd(A64Cpu *cpu, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                   unsigned op2)
{
    const SysRegInfo *ri = find(cpu, op0, op1, crn, crm, op2);
    ck_assert_msg(ri != NULL, "S%u_%u_C%u_C%u_%u missing", op0, op1, crn, crm, op2);
    return sysreg_read_raw(cpu, ri);
}

static unsigned fld(uint64_t v, unsigned shift) { return (unsigned)(v >> shift) & 0xf; }

/* Run the access check as an instruction at the CPU's current EL would. */
static bool check_access(A64Cpu *cpu, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                         unsigned op2, bool isread, A64Exception *e)
{
    const SysRegInfo *ri = find(cpu, op0, op1, crn, crm, op2);
    ck_assert_ptr_nonnull(ri);
    uint32_t iss = sysreg_iss(op0, op1, crn, crm, op2, 3, isread);
    return sysreg_access_check(cpu, ri, iss, 0x1000, e);
}

static void set_el(A64Cpu *cpu, unsigned el, bool spx)
{
    uint32_t old = cpu->pstate;
    uint32_t new = (old & ~(PSTATE_EL_MASK | PSTATE_SP)) | (el << PSTATE_EL_SHIFT) |
                   (spx ? PSTATE_SP : 0);
    a64_cpu_switch_sp(cpu, old, new);
    cpu->pstate = new;
}

/* ---- table invariants ----------------------------------------------------- */

START_TEST(test_unique_encodings)
{
    for (size_t i = 0; i < a64_sysreg_table_size; i++) {
        const SysRegInfo *a = &a64_sysreg_table[i];
        ck_assert_ptr_nonnull(a->name);
        for (size_t j = i + 1; j < a64_sysreg_table_size; j++) {
            const SysRegInfo *b = &a64_sysreg_table[j];
            ck_assert_msg(sysreg_key_of(a) != sysreg_key_of(b) || a->present != b->present,
                          "%s and %s share an encoding", a->name, b->name);
            ck_assert_msg(strcmp(a->name, b->name) != 0, "name %s twice", a->name);
        }
    }
}
END_TEST

START_TEST(test_rows_have_state_or_hooks)
{
    for (size_t i = 0; i < a64_sysreg_table_size; i++) {
        const SysRegInfo *ri = &a64_sysreg_table[i];
        bool readable = ri->access & (SR_PL0_R | SR_PL1_R | SR_PL2_R | SR_PL3_R);
        bool writable = ri->access & (SR_PL0_W | SR_PL1_W | SR_PL2_W | SR_PL3_W);
        ck_assert_msg(readable || writable, "%s: no access at any EL", ri->name);
        if (ri->type & (SR_CONST | SR_NOP)) {
            ck_assert_msg(ri->fieldoffset == SR_NO_FIELD, "%s: CONST/NOP with storage",
                          ri->name);
            continue;
        }
        /* PSTATE/NZCV rows are stored in PSTATE itself */
        bool pstate = ri->type & (SR_PSTATE | SR_NZCV);
        ck_assert_msg(!pstate || ri->fieldoffset == SR_NO_FIELD, "%s: PSTATE row with field",
                      ri->name);
        bool field = ri->fieldoffset != SR_NO_FIELD || pstate;
        if (ri->fieldoffset != SR_NO_FIELD) {
            ck_assert_msg(ri->fieldoffset >= 0 &&
                              (size_t)ri->fieldoffset + 8 <= sizeof(A64Cpu) &&
                              ri->fieldoffset % 8 == 0,
                          "%s: bad storage offset", ri->name);
        }
        if (readable) {
            ck_assert_msg(field || ri->readfn, "%s: readable without storage or hook",
                          ri->name);
        }
        if (writable) {
            ck_assert_msg(field || ri->writefn, "%s: writable without storage or hook",
                          ri->name);
        }
        ck_assert_msg((ri->resetvalue & ri->res0) == 0 || (ri->type & SR_ALIAS),
                      "%s: reset value has RES0 bits", ri->name);
    }
}
END_TEST

/* The encoding's op1 names the lowest EL that can use it (D19.1.2):
 * op1 = 4/5 EL2, 6 EL3, and op1 = 3 is the only one EL0 registers use
 * (the feature ID space, op1 = 0, is reached from EL0 only to be trapped). */
START_TEST(test_access_matches_op1)
{
    for (size_t i = 0; i < a64_sysreg_table_size; i++) {
        const SysRegInfo *ri = &a64_sysreg_table[i];
        bool el0 = ri->access & (SR_PL0_R | SR_PL0_W);
        bool el1 = ri->access & (SR_PL1_R | SR_PL1_W);
        if (ri->op1 == 4 || ri->op1 == 5) {
            ck_assert_msg(!el0 && !el1, "%s: EL2 register open to EL0/EL1", ri->name);
        } else if (ri->op1 == 6) {
            ck_assert_msg(ri->access == SR_ACC_PL3_RW || !(ri->access & ~SR_ACC_PL3_RW),
                          "%s: EL3 register open below EL3", ri->name);
        } else if (ri->op1 != 3 && el0) {
            ck_assert_msg(ri->accessfn != NULL,
                          "%s: op1 = %u register readable at EL0 without an access rule",
                          ri->name, ri->op1);
        }
        /* Higher ELs can do what lower ones can. */
        for (unsigned el = 0; el < 3; el++) {
            for (int r = 0; r < 2; r++) {
                if (sysreg_el_allows(ri, el, r) && (el > 0 || ri->op1 == 3)) {
                    ck_assert_msg(sysreg_el_allows(ri, el + 1, r), "%s: EL%u but not EL%u",
                                  ri->name, el, el + 1);
                }
            }
        }
        if (ri->type & SR_EL0_ACCESSFN) {
            ck_assert_msg(ri->accessfn != NULL, "%s: SR_EL0_ACCESSFN without accessfn",
                          ri->name);
        }
        if (ri->op0 == 1) {
            ck_assert_msg(ri->type & SR_SYS, "%s: op0 = 1 row not marked SR_SYS", ri->name);
        } else {
            ck_assert_msg(!(ri->type & SR_SYS), "%s: SR_SYS on a register", ri->name);
        }
    }
}
END_TEST

/* ---- models: ID registers describe the features ---------------------- */

static void check_ids(A64CpuModel model)
{
    A64Cpu *cpu = new_cpu(model);
    const A64Features *f = &cpu->feat;
    uint64_t pfr0 = rd(cpu, 3, 0, 0, 4, 0), pfr1 = rd(cpu, 3, 0, 0, 4, 1);
    uint64_t isar0 = rd(cpu, 3, 0, 0, 6, 0), isar1 = rd(cpu, 3, 0, 0, 6, 1);
    uint64_t mmfr0 = rd(cpu, 3, 0, 0, 7, 0), mmfr1 = rd(cpu, 3, 0, 0, 7, 1);
    uint64_t mmfr2 = rd(cpu, 3, 0, 0, 7, 2), dfr0 = rd(cpu, 3, 0, 0, 5, 0);

    ck_assert_uint_eq(fld(pfr0, 0), 1);                 /* EL0 AArch64 only */
    ck_assert_uint_eq(fld(pfr0, 4), 1);                 /* EL1 AArch64 only */
    ck_assert_uint_eq(fld(pfr0, 8), f->el2 ? 1 : 0);
    ck_assert_uint_eq(fld(pfr0, 12), f->el3 ? 1 : 0);
    /* FP, AdvSIMD: 0 = Armv8.0, 1 = with FEAT_FP16 (max), as QEMU 7.2 */
    ck_assert_uint_eq(fld(pfr0, 16), model == A64_CPU_MAX ? 1 : 0);
    ck_assert_uint_eq(fld(pfr0, 20), model == A64_CPU_MAX ? 1 : 0);
    ck_assert_uint_eq(fld(pfr0, 24), 0);                /* no GIC sysregs yet */
    ck_assert_uint_eq(fld(pfr0, 32), 0);                /* no SVE */
    ck_assert_uint_eq(fld(pfr0, 48), f->dit ? 1 : 0);
    ck_assert_uint_eq(fld(pfr1, 0), 0);                 /* no BTI */
    ck_assert_uint_eq(fld(pfr1, 4), f->ssbs ? 2 : 0);
    ck_assert_uint_eq(fld(pfr1, 8), 0);                 /* no MTE */
    /* ISAR0 FP/SIMD/crypto fields (AES, SHA1, SHA2, RDM, SHA3, SM3, SM4,
     * DP, FHM): QEMU 7.2's cortex-a57/a72 ISAR0 is 0x11120 (AES+PMULL,
     * SHA1, SHA256, CRC32); its max 0x1221111110212120 (RNDR, TLB, TS and
     * Atomic belong to other features) */
    ck_assert_uint_eq(isar0 & 0x000ffffff000fff0ull,
                      model == A64_CPU_MAX ? 0x0001111110002120ull : 0x1120);
    /* ISAR1 JSCVT, FCMA, FRINTTS, BF16, I8MM: all 1 on QEMU 7.2 max */
    ck_assert_uint_eq(isar1 & 0x00f0f00f000ff000ull,
                      model == A64_CPU_MAX ? 0x0010100100011000ull : 0);
    ck_assert_uint_eq(fld(isar0, 16), f->crc32 ? 1 : 0);
    ck_assert_uint_eq(fld(isar0, 20), f->lse ? 2 : 0);
    ck_assert_uint_eq(fld(isar0, 52), f->flagm2 ? 2 : f->flagm ? 1 : 0);
    /* PAuth [pauth]: APA = GPA = 1 on max (QARMA5, as QEMU 7.2), none on
     * the Cortex models; API/GPI only with pauth-impdef=on */
    ck_assert_uint_eq(fld(isar1, 4), f->pauth && !f->pauth_impdef ? f->pauth_level : 0);
    ck_assert_uint_eq(fld(isar1, 24), f->pauth && !f->pauth_impdef ? 1 : 0);
    ck_assert_uint_eq(fld(isar1, 8) | fld(isar1, 28), 0);
    ck_assert_uint_eq(f->pauth, model == A64_CPU_MAX);
    ck_assert_uint_eq(fld(isar1, 20), f->rcpc2 ? 2 : f->rcpc ? 1 : 0);
    ck_assert_uint_eq(fld(isar1, 36), f->sb ? 1 : 0);
    ck_assert_uint_eq(rd(cpu, 3, 0, 0, 6, 2), 0);
    ck_assert_uint_eq(fld(mmfr0, 8) | fld(mmfr0, 16), 0); /* little-endian only */
    ck_assert_uint_eq(fld(mmfr1, 16), f->lor ? 1 : 0);
    /* PAN: 2 (FEAT_PAN2, AT S1E1RP/WP) on max, added by mmu */
    ck_assert_uint_eq(fld(mmfr1, 20), f->pan ? (model == A64_CPU_MAX ? 2 : 1) : 0);
    ck_assert_uint_eq(fld(mmfr1, 8), 0);                /* no VHE */
    ck_assert_uint_eq(fld(mmfr2, 4), f->uao ? 1 : 0);
    ck_assert_uint_eq(fld(mmfr2, 32), f->lse2 ? 1 : 0);
    ck_assert_uint_eq(fld(mmfr2, 36), f->idst ? 1 : 0);
    ck_assert_uint_eq(fld(dfr0, 0), 6);                 /* Armv8.0 debug */
    ck_assert_uint_eq(fld(dfr0, 8), 0);                 /* no PMU */
    ck_assert_uint_eq(rd(cpu, 3, 0, 0, 4, 4), 0);       /* ZFR0 */
    /* a feature's registers exist exactly when it is advertised */
    ck_assert_int_eq(find(cpu, 3, 0, 4, 2, 3) != NULL, f->pan);
    ck_assert_int_eq(find(cpu, 3, 0, 4, 2, 4) != NULL, f->uao);
    ck_assert_int_eq(find(cpu, 3, 3, 4, 2, 5) != NULL, f->dit);
    ck_assert_int_eq(find(cpu, 3, 3, 4, 2, 6) != NULL, f->ssbs);
    ck_assert_int_eq(find(cpu, 3, 0, 10, 4, 7) != NULL, f->lor);
    ck_assert_ptr_null(find(cpu, 3, 4, 4, 1, 0));       /* SP_EL1: no EL2 */
    /* DC ZVA block size 64 bytes */
    ck_assert_uint_eq(rd(cpu, 3, 3, 0, 0, 7) & 0x1f, 4);
    /* MPIDR: RES1 bit 31, Aff0 = CPU index */
    ck_assert_uint_eq(rd(cpu, 3, 0, 0, 0, 5), 0x80000000u);
    free_cpu(cpu);
}

START_TEST(test_ids_per_model)
{
    check_ids(A64_CPU_CORTEX_A57);
    check_ids(A64_CPU_CORTEX_A72);
    check_ids(A64_CPU_MAX);
}
END_TEST

START_TEST(test_model_features)
{
    A64Cpu *a57 = new_cpu(A64_CPU_CORTEX_A57), *a72 = new_cpu(A64_CPU_CORTEX_A72);
    A64Cpu *max = new_cpu(A64_CPU_MAX);
    ck_assert_uint_eq(rd(a57, 3, 0, 0, 0, 0), 0x411fd070);
    ck_assert_uint_eq(rd(a72, 3, 0, 0, 0, 0), 0x410fd083);
    ck_assert_uint_eq(rd(max, 3, 0, 0, 0, 0), 0x000f0510);
    /* v8.0 + CRC32 */
    ck_assert(a57->feat.crc32 && !a57->feat.lse && !a57->feat.pan && !a57->feat.rcpc);
    ck_assert(a72->feat.crc32 && !a72->feat.lse && !a72->feat.uao && !a72->feat.sb);
    ck_assert(max->feat.crc32 && max->feat.lse && !max->feat.lse2 && max->feat.rcpc &&
              max->feat.pan && max->feat.uao && max->feat.dit && max->feat.ssbs &&
              max->feat.sb && max->feat.flagm2 && max->feat.fp && !max->feat.el2);
    free_cpu(a57);
    free_cpu(a72);
    free_cpu(max);
}
END_TEST

/* ---- reset -------------------------------------------------------------- */

START_TEST(test_reset_values)
{
    A64Cpu *cpu = new_cpu(A64_CPU_MAX);
    ck_assert_uint_eq(cpu->pc, 0x40000000);
    ck_assert_uint_eq(a64_current_el(cpu), 1);
    ck_assert_uint_eq(cpu->pstate & PSTATE_SP, PSTATE_SP);
    ck_assert_uint_eq(cpu->pstate & PSTATE_DAIF, PSTATE_DAIF);
    ck_assert_uint_eq(rd(cpu, 3, 0, 1, 0, 0), 0x00c50838);   /* SCTLR_EL1: MMU off */
    ck_assert_uint_eq(rd(cpu, 3, 3, 14, 0, 0), 62500000);    /* CNTFRQ_EL0 */
    ck_assert_uint_eq(rd(cpu, 2, 0, 1, 1, 4), 0xa);          /* OSLSR_EL1 */
    ck_assert_uint_eq(rd(cpu, 3, 0, 1, 0, 2), 0);            /* CPACR_EL1 */
    ck_assert_uint_eq(rd(cpu, 3, 0, 14, 1, 0), 0);           /* CNTKCTL_EL1 */
    ck_assert_uint_eq(rd(cpu, 3, 0, 4, 2, 2), 4);            /* CurrentEL */
    ck_assert_uint_eq(rd(cpu, 3, 0, 0, 7, 7), 0);            /* reserved ID space: RAZ */
    ck_assert_uint_eq(a64_mmu_idx(cpu), A64_MMU_IDX_PHYS);
    uint32_t f = a64_tb_flags(cpu);
    ck_assert_uint_eq(a64_tb_flags_el(f), 1);
    ck_assert_uint_eq(a64_tb_flags_mmu_idx(f), A64_MMU_IDX_PHYS);
    ck_assert(f & A64_TBF_SPSEL);
    ck_assert_ptr_null(find(cpu, 3, 0, 15, 0, 0));            /* IMPDEF: unknown */
    ck_assert_ptr_nonnull(find(cpu, 1, 0, 7, 8, 0));          /* AT S1E1R (mmu) */
    free_cpu(cpu);
}
END_TEST

/* ---- the access pipeline -------------------------------------------------- */

START_TEST(test_el0_undef_and_traps)
{
    A64Cpu *cpu = new_cpu(A64_CPU_CORTEX_A72);
    A64Exception e;
    set_el(cpu, 0, false);

    /* EL1 registers from EL0: UNDEFINED (EC 0, IL) */
    ck_assert(!check_access(cpu, 3, 0, 1, 0, 0, true, &e));   /* SCTLR_EL1 */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert_uint_eq(e.iss, 0);
    ck_assert(e.il);
    ck_assert_uint_eq(e.return_pc, 0x1000);
    ck_assert(!check_access(cpu, 3, 0, 4, 2, 2, true, &e));   /* CurrentEL */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert(!check_access(cpu, 3, 3, 13, 0, 3, false, &e)); /* TPIDRRO_EL0 write */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert(!check_access(cpu, 3, 0, 0, 0, 0, true, &e));   /* MIDR: no IDST on a72 */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert(check_access(cpu, 3, 3, 13, 0, 3, true, &e));   /* TPIDRRO_EL0 read */
    ck_assert(check_access(cpu, 3, 3, 13, 0, 2, false, &e));  /* TPIDR_EL0 */
    ck_assert(check_access(cpu, 3, 3, 4, 2, 0, true, &e));    /* NZCV */

    /* SCTLR_EL1.UCT/UMA/UCI/DZE = 0 (reset): trapped to EL1, EC 0x18 */
    ck_assert(!check_access(cpu, 3, 3, 0, 0, 1, true, &e));   /* CTR_EL0 */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert_uint_eq(e.target_el, 1);
    ck_assert_uint_eq(e.iss, sysreg_iss(3, 3, 0, 0, 1, 3, true));
    ck_assert_uint_eq(e.iss, 0x32c061);  /* Op0 3, Op2 1, Op1 3, CRn 0, Rt 3, CRm 0, read */
    ck_assert(!check_access(cpu, 3, 3, 4, 2, 1, false, &e));  /* DAIF write */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert(!check_access(cpu, 1, 3, 7, 4, 1, false, &e));  /* DC ZVA */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert_uint_eq(e.iss, sysreg_iss(1, 3, 7, 4, 1, 3, false));
    ck_assert(!check_access(cpu, 1, 3, 7, 5, 1, false, &e));  /* IC IVAU */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert(!check_access(cpu, 1, 0, 7, 5, 0, false, &e));  /* IC IALLU: EL1 only */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert(!check_access(cpu, 1, 0, 8, 7, 0, false, &e));  /* TLBI VMALLE1 */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    /* DCZID_EL0.DZP reads 1 while DC ZVA is prohibited at EL0 */
    ck_assert_uint_eq(rd(cpu, 3, 3, 0, 0, 7), 0x14);
    cpu->sr.sctlr_el[1] |= SCTLR_UCT | SCTLR_UMA | SCTLR_UCI | SCTLR_DZE;
    ck_assert(check_access(cpu, 3, 3, 0, 0, 1, true, &e));
    ck_assert(check_access(cpu, 3, 3, 4, 2, 1, false, &e));
    ck_assert(check_access(cpu, 1, 3, 7, 4, 1, false, &e));
    ck_assert(check_access(cpu, 1, 3, 7, 5, 1, false, &e));
    ck_assert_uint_eq(rd(cpu, 3, 3, 0, 0, 7), 0x4);

    /* counters: CNTKCTL_EL1.EL0VCTEN / EL0PCTEN (reset 0) */
    ck_assert(!check_access(cpu, 3, 3, 14, 0, 2, true, &e));  /* CNTVCT_EL0 */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert(!check_access(cpu, 3, 3, 14, 0, 0, true, &e));  /* CNTFRQ_EL0 */
    cpu->sr.cntkctl_el1 = CNTKCTL_EL0VCTEN;
    ck_assert(check_access(cpu, 3, 3, 14, 0, 2, true, &e));
    ck_assert(check_access(cpu, 3, 3, 14, 0, 0, true, &e));
    ck_assert(!check_access(cpu, 3, 3, 14, 0, 1, true, &e)); /* CNTPCT still trapped */
    ck_assert(!check_access(cpu, 3, 3, 14, 0, 0, false, &e)); /* CNTFRQ write: EL1 */
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_idst_and_fp_traps)
{
    A64Cpu *cpu = new_cpu(A64_CPU_MAX);
    A64Exception e;

    /* FPCR at EL1 with CPACR_EL1.FPEN = 00: EC 0x07 to EL1 */
    ck_assert(!check_access(cpu, 3, 3, 4, 4, 0, true, &e));
    ck_assert_uint_eq(e.ec, EC_FP_ACCESS);
    ck_assert_uint_eq(e.iss, 0x1e00000);
    ck_assert_uint_eq(e.target_el, 1);
    cpu->sr.cpacr_el1 = 1ull << CPACR_FPEN_SHIFT;  /* 01: EL0 still trapped */
    ck_assert(check_access(cpu, 3, 3, 4, 4, 1, false, &e));
    set_el(cpu, 0, false);
    ck_assert(!check_access(cpu, 3, 3, 4, 4, 0, true, &e));
    ck_assert_uint_eq(e.ec, EC_FP_ACCESS);
    cpu->sr.cpacr_el1 = 3ull << CPACR_FPEN_SHIFT;
    ck_assert(check_access(cpu, 3, 3, 4, 4, 0, true, &e));

    /* FEAT_IDST: ID registers from EL0 trap with EC 0x18 */
    ck_assert(!check_access(cpu, 3, 0, 0, 4, 0, true, &e));
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    ck_assert_uint_eq(e.iss, sysreg_iss(3, 0, 0, 4, 0, 3, true));
    ck_assert(!check_access(cpu, 3, 0, 0, 7, 7, true, &e));  /* reserved ID space too */
    ck_assert_uint_eq(e.ec, EC_SYSREG);
    /* PAN is an EL1 register; DIT and SSBS are EL0's */
    ck_assert(!check_access(cpu, 3, 0, 4, 2, 3, true, &e));
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert(check_access(cpu, 3, 3, 4, 2, 5, true, &e));
    ck_assert(check_access(cpu, 3, 3, 4, 2, 6, false, &e));
    free_cpu(cpu);
}
END_TEST

START_TEST(test_sp_el0_and_spsel)
{
    A64Cpu *cpu = new_cpu(A64_CPU_MAX);
    A64Exception e;
    const SysRegInfo *spsel = find(cpu, 3, 0, 4, 2, 0);
    const SysRegInfo *sp_el0 = find(cpu, 3, 0, 4, 1, 0);

    cpu->x[31] = 0x1111;                 /* SP_EL1 (current) */
    sysreg_write_raw(cpu, sp_el0, 0x2222);
    ck_assert(check_access(cpu, 3, 0, 4, 1, 0, true, &e));
    ck_assert_uint_eq(sysreg_read_raw(cpu, sp_el0), 0x2222);
    /* SPSel = 0: SP_EL0 becomes the current SP, and is UNDEFINED as a
     * register (C5.2.16) */
    sysreg_write_raw(cpu, spsel, 0);
    ck_assert_uint_eq(cpu->x[31], 0x2222);
    ck_assert_uint_eq(cpu->sp_el[1], 0x1111);
    ck_assert_uint_eq(sysreg_read_raw(cpu, spsel), 0);
    ck_assert(!check_access(cpu, 3, 0, 4, 1, 0, true, &e));
    ck_assert_uint_eq(e.ec, EC_UNKNOWN);
    ck_assert_uint_eq(a64_tb_flags(cpu) & A64_TBF_SPSEL, 0);
    sysreg_write_raw(cpu, spsel, 1);
    ck_assert_uint_eq(cpu->x[31], 0x1111);
    ck_assert_uint_eq(cpu->sp_el[0], 0x2222);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_write_semantics)
{
    A64Cpu *cpu = new_cpu(A64_CPU_MAX);
    const SysRegInfo *vbar = find(cpu, 3, 0, 12, 0, 0);
    const SysRegInfo *nzcv = find(cpu, 3, 3, 4, 2, 0);
    const SysRegInfo *daif = find(cpu, 3, 3, 4, 2, 1);
    const SysRegInfo *sctlr = find(cpu, 3, 0, 1, 0, 0);
    const SysRegInfo *oslar = find(cpu, 2, 0, 1, 0, 4);

    sysreg_write_raw(cpu, vbar, 0x40000fff);
    ck_assert_uint_eq(sysreg_read_raw(cpu, vbar), 0x40000800);
    sysreg_write_raw(cpu, nzcv, ~0ull);
    ck_assert_uint_eq(cpu->nzcv, 0xf0000000u);
    ck_assert_uint_eq(sysreg_read_raw(cpu, nzcv), 0xf0000000u);
    sysreg_write_raw(cpu, daif, 0x140);
    ck_assert_uint_eq(cpu->pstate & PSTATE_DAIF, 0x140);
    ck_assert_uint_eq(a64_current_el(cpu), 1);
    /* SCTLR_EL1.M changes the MMU index and the block key */
    uint32_t before = a64_tb_flags(cpu);
    sysreg_write_raw(cpu, sctlr, sysreg_read_raw(cpu, sctlr) | SCTLR_M | SCTLR_A);
    ck_assert_uint_eq(a64_mmu_idx(cpu), A64_MMU_IDX_EL10_1);
    ck_assert_uint_ne(a64_tb_flags(cpu), before);
    ck_assert(a64_tb_flags(cpu) & A64_TBF_ALIGN);
    ck_assert_uint_eq(a64_mmu_idx_unpriv(cpu), A64_MMU_IDX_EL10_0);
    cpu->pstate |= PSTATE_PAN | PSTATE_UAO;
    ck_assert_uint_eq(a64_mmu_idx(cpu), A64_MMU_IDX_EL10_1_PAN);
    ck_assert_uint_eq(a64_mmu_idx_unpriv(cpu), A64_MMU_IDX_EL10_1_PAN);
    ck_assert(sctlr->type & SR_ENDS_TB);
    /* OS lock */
    sysreg_write_raw(cpu, oslar, 0);
    ck_assert_uint_eq(rd(cpu, 2, 0, 1, 1, 4), 0x8);
    sysreg_write_raw(cpu, oslar, 1);
    ck_assert_uint_eq(rd(cpu, 2, 0, 1, 1, 4), 0xa);
    /* CCSIDR follows CSSELR */
    sysreg_write_raw(cpu, find(cpu, 3, 2, 0, 0, 0), 1);
    ck_assert_uint_eq(rd(cpu, 3, 1, 0, 0, 0), cpu->sr.id.ccsidr[1]);
    free_cpu(cpu);
}
END_TEST

/* ---- exception entry and return ----------------------------------------- */

START_TEST(test_take_exception_and_eret)
{
    A64Cpu *cpu = new_cpu(A64_CPU_MAX);
    cpu->sr.vbar_el[1] = 0x40080000;
    cpu->pc = 0x40001000;
    cpu->nzcv = 0x60000000;
    cpu->pstate = (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DIT; /* EL1h, unmasked */
    cpu->x[31] = 0x5000;
    cpu->sp_el[0] = 0x6000;

    A64Exception e = {.type = A64_EXC_SYNC, .ec = EC_SVC64, .iss = 0x42, .il = true,
                      .return_pc = 0x40001004};
    a64_take_exception(cpu, &e);
    ck_assert_uint_eq(cpu->pc, 0x40080200);                 /* current EL, SPx */
    ck_assert_uint_eq(cpu->sr.esr_el[1], 0x56000042);
    ck_assert_uint_eq(cpu->sr.elr_el[1], 0x40001004);
    ck_assert_uint_eq(cpu->sr.spsr_el[1], 0x61000005);     /* NZCV, DIT, EL1h */
    ck_assert_uint_eq(cpu->pstate & PSTATE_DAIF, PSTATE_DAIF);
    ck_assert_uint_eq(cpu->pstate & PSTATE_DIT, PSTATE_DIT); /* DIT is kept */
    ck_assert_uint_eq(cpu->pstate & PSTATE_PAN, 0);          /* SPAN = 1 at reset */
    ck_assert_uint_eq(cpu->x[31], 0x5000);

    /* ERET back to EL0t: SP_EL0 becomes current, monitor cleared */
    cpu->sr.spsr_el[1] = 0x80000000;                       /* EL0t, N */
    cpu->sr.elr_el[1] = 0x40002000;
    cpu->mon.valid = true;
    a64_eret(cpu);
    ck_assert_uint_eq(a64_current_el(cpu), 0);
    ck_assert_uint_eq(cpu->pc, 0x40002000);
    ck_assert_uint_eq(cpu->nzcv, 0x80000000);
    ck_assert_uint_eq(cpu->x[31], 0x6000);
    ck_assert_uint_eq(cpu->sp_el[1], 0x5000);
    ck_assert(!cpu->mon.valid);
    ck_assert(!a64_check_interrupts(cpu));

    /* from EL0 to the lower-EL vector; PAN set because SPAN = 0 */
    cpu->sr.sctlr_el[1] &= ~SCTLR_SPAN;
    e = (A64Exception){.type = A64_EXC_SYNC, .ec = EC_BRK64, .iss = 7, .il = true,
                       .return_pc = 0x40002000};
    a64_take_exception(cpu, &e);
    ck_assert_uint_eq(cpu->pc, 0x40080400);
    ck_assert_uint_eq(cpu->sr.spsr_el[1], 0x80000000);
    ck_assert_uint_eq(cpu->pstate & PSTATE_PAN, PSTATE_PAN);
    ck_assert_uint_eq(cpu->x[31], 0x5000);

    /* illegal return (to EL2, not implemented): stays at EL1 with IL set,
     * then the Illegal Execution state exception EC 0x0e */
    cpu->sr.spsr_el[1] = 0x20000009;                       /* EL2h, C */
    cpu->sr.elr_el[1] = 0x40003000;
    a64_eret(cpu);
    ck_assert_uint_eq(a64_current_el(cpu), 1);
    ck_assert(cpu->pstate & PSTATE_IL);
    ck_assert_uint_eq(cpu->pc, 0x40003000);
    ck_assert_uint_eq(cpu->nzcv, 0x20000000);
    ck_assert(a64_check_interrupts(cpu));
    ck_assert_uint_eq(cpu->sr.esr_el[1], (uint64_t)EC_ILLEGAL_STATE << 26 | 1u << 25);
    ck_assert_uint_eq(cpu->sr.elr_el[1], 0x40003000);
    ck_assert(cpu->sr.spsr_el[1] & PSTATE_IL);
    ck_assert_uint_eq(cpu->pstate & PSTATE_IL, 0);

    /* IRQ vector offset from EL1t: 0x000 + 0x80 */
    cpu->pstate &= ~PSTATE_SP;
    e = (A64Exception){.type = A64_EXC_IRQ, .return_pc = 0x40004000};
    uint64_t esr = cpu->sr.esr_el[1];
    a64_take_exception(cpu, &e);
    ck_assert_uint_eq(cpu->pc, 0x40080080);
    ck_assert_uint_eq(cpu->sr.esr_el[1], esr);              /* not written for IRQs */
    free_cpu(cpu);
}
END_TEST

/* The helper entry of the pipeline raises by longjmp: catch it here. */
START_TEST(test_do_read_raises)
{
    A64Cpu *cpu = new_cpu(A64_CPU_CORTEX_A57);
    cpu->sr.vbar_el[1] = 0x40080000;
    set_el(cpu, 0, false);
    cpu->pc = 0x40005000;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        (void)sysreg_do_read(cpu, sysreg_iss(3, 0, 1, 0, 0, 5, true));
        ck_abort_msg("EL0 read of SCTLR_EL1 did not raise");
    }
    ck_assert_uint_eq(cpu->sr.esr_el[1], 0x02000000);       /* EC 0, IL */
    ck_assert_uint_eq(cpu->sr.elr_el[1], 0x40005000);
    ck_assert_uint_eq(cpu->pc, 0x40080400);
    ck_assert_uint_eq(a64_current_el(cpu), 1);
    /* an encoding the CPU does not have */
    cpu->pc = 0x40006000;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        (void)sysreg_do_read(cpu, sysreg_iss(3, 0, 15, 0, 0, 1, true));
        ck_abort_msg("unknown register did not raise");
    }
    ck_assert_uint_eq(cpu->sr.esr_el[1], 0x02000000);
    ck_assert_uint_eq(cpu->sr.elr_el[1], 0x40006000);
    ck_assert_uint_eq(cpu->pc, 0x40080200);
    free_cpu(cpu);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sysreg");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_unique_encodings);
    tcase_add_test(tc, test_rows_have_state_or_hooks);
    tcase_add_test(tc, test_access_matches_op1);
    suite_add_tcase(s, tc);
    tc = tcase_create("models");
    tcase_add_test(tc, test_ids_per_model);
    tcase_add_test(tc, test_model_features);
    tcase_add_test(tc, test_reset_values);
    suite_add_tcase(s, tc);
    tc = tcase_create("pipeline");
    tcase_add_test(tc, test_el0_undef_and_traps);
    tcase_add_test(tc, test_idst_and_fp_traps);
    tcase_add_test(tc, test_sp_el0_and_spsel);
    tcase_add_test(tc, test_write_semantics);
    tcase_add_test(tc, test_do_read_raises);
    suite_add_tcase(s, tc);
    tc = tcase_create("exceptions");
    tcase_add_test(tc, test_take_exception_and_eret);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
