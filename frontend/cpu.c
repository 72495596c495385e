/* SPDX-License-Identifier: MIT */
/*
 * cpu.c - CPU models, creation and reset, stack-pointer banking, and the
 * translation flags / MMU index of the current state.
 *
 * Models: the identification registers describe exactly what a64emu
 * implements for the model, computed from A64Features (so a feature the
 * team adds later is advertised by flipping one flag):
 *   cortex-a57, cortex-a72: Armv8.0-A + CRC32, AArch64 only at every EL,
 *       EL0 and EL1 (EL2/EL3 come with the system issue);
 *   max: the a72 set + LSE atomics, LSE2, LRCPC and LRCPC2, LOR, FlagM
 *       and FlagM2, PAN, UAO, DIT, SSBS2, SB, IDST.
 * Every model has FP/AdvSIMD and the Armv8.0 crypto (AES, PMULL, SHA1,
 * SHA256); max adds FP16, FHM, FCMA, BF16, FRINTTS, JSCVT, RDM, DotProd,
 * I8MM, SHA512, SHA3, SM3 and SM4.
 */
#include "cpu.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "exception.h"
#include "helper_pauth.h"
#include "memaccess.h"
#include "sysreg_el2.h"
#include "sysreg_mmu.h"
#include "sysregs.h"

/* ---- identification -------------------------------------------------- */

static uint64_t field(unsigned shift, uint64_t v) { return v << shift; }

static void set_features(A64Cpu *cpu, A64CpuModel model)
{
    A64Features *f = &cpu->feat;
    memset(f, 0, sizeof(*f));
    f->crc32 = true;
    if (model == A64_CPU_MAX) {
        f->lse = true;
        /* FEAT_LSE2 (unaligned atomics within 16 bytes) is implemented but not
         * advertised: QEMU 7.2, our reference, lacks it (ID_AA64MMFR2.AT = 0)
         * and faults those accesses; turning it on is one line here. */
        f->lse2 = false;
        f->rcpc = true;
        f->rcpc2 = true;
        f->lor = true;
        f->flagm = true;
        f->flagm2 = true;
        f->pan = true;
        f->uao = true;
        f->dit = true;
        f->ssbs = true;
        f->sb = true;
        f->idst = true;
        /* [pauth] FEAT_PAuth as QEMU 7.2's max (APA = 1: no PAuth2/FPAC) */
        f->pauth = true;
        f->pauth_level = 1;
    }
    /* FP/AdvSIMD and crypto (issue 3): the Cortex-A57/A72 have Armv8.0 FP
     * and AdvSIMD and the Armv8.0 Cryptographic Extension (AES with PMULL,
     * SHA1, SHA256), as QEMU's models; max has every extension we
     * implement, as QEMU 7.2's max. */
    f->fp = true;
    f->aes = f->pmull = f->sha1 = f->sha256 = true;
    if (model == A64_CPU_MAX) {
        f->sha512 = f->sha3 = f->sm3 = f->sm4 = true;
        f->rdm = f->dotprod = f->i8mm = true;
        f->fp16 = f->fhm = f->fcma = f->bf16 = f->frintts = f->jscvt = true;
    }
}

/* The ID register values of this model (DDI 0487 D19.2; field layouts of
 * ID_AA64*). Not-implemented fields are 0 except where the architecture
 * uses 0xf for "not implemented" (FP, AdvSIMD). */
void a64_cpu_set_id_regs(A64Cpu *cpu)
{
    const A64Features *f = &cpu->feat;
    struct A64IdRegs *id = &cpu->sr.id;
    A64CpuModel model = cpu->model;

    memset(id, 0, sizeof(*id));
    switch (model) {
    case A64_CPU_CORTEX_A57:
        cpu->sr.midr = 0x411fd070;   /* Arm, r1p0, part 0xd07 */
        id->ccsidr[0] = 0x701fe00a;  /* L1 D: 32 KiB, 2-way, 64-byte lines */
        id->ccsidr[1] = 0x201fe012;  /* L1 I: 48 KiB, 3-way */
        id->ccsidr[2] = 0x70ffe07a;  /* L2: 2 MiB, 16-way */
        break;
    case A64_CPU_CORTEX_A72:
        cpu->sr.midr = 0x410fd083;   /* Arm, r0p3, part 0xd08 */
        id->ccsidr[0] = 0x701fe00a;
        id->ccsidr[1] = 0x201fe012;
        id->ccsidr[2] = 0x707fe07a;  /* L2: 1 MiB */
        break;
    case A64_CPU_MAX:
    default:
        /* QEMU's "max": implementer 0, architecture 0xf (ID registers),
         * part 0x051 ('Q'). */
        cpu->sr.midr = 0x000f0510;
        id->ccsidr[0] = 0x701fe00a;
        id->ccsidr[1] = 0x201fe012;
        id->ccsidr[2] = 0x70ffe07a;
        break;
    }
    /* MPIDR: bit 31 RES1, U = 0, Aff0 = CPU number (virt with <= 8 CPUs). */
    cpu->sr.mpidr = (1ull << 31) | (cpu->index & 0xff);
    id->revidr = 0;
    id->aidr = 0;
    /* CLIDR: L1 separate I/D, L2 unified; LoC = 2; LoUIS = LoUU = 1 on the
     * Cortex models, 0 on max (no maintenance needed to the PoU, matching
     * CTR_EL0.IDC below and QEMU's max). */
    id->clidr = model == A64_CPU_MAX ? 0x02000023 : 0x0a200023;
    /* CTR_EL0: 64-byte I/D lines, PIPT I-cache, ERG/CWG 64 bytes. "max"
     * adds IDC and DIC: stores reach instruction fetch without cache
     * maintenance here (translated code is invalidated by the stores). */
    id->ctr = 0x8444c004;
    if (model == A64_CPU_MAX) {
        id->ctr |= (1ull << 28) | (1ull << 29);
    }
    /* DCZID_EL0.BS = 4: DC ZVA zeroes 64 bytes, as in QEMU. */
    id->dczid = 4;

    /* ID_AA64PFR0: EL0..EL3 (1 = AArch64 only), FP, AdvSIMD, DIT. */
    id->pfr0 = field(0, 1) | field(4, 1) | field(8, f->el2 ? 1 : 0) |
               field(12, f->el3 ? 1 : 0) |
               field(16, f->fp ? (f->fp16 ? 1 : 0) : 0xf) |   /* FP (1: + FP16) */
               field(20, f->fp ? (f->fp16 ? 1 : 0) : 0xf) |   /* AdvSIMD */
               field(24, f->gicv3 ? 1 : 0) |   /* GIC: ICC_* system registers [gic] */
               field(48, f->dit ? 1 : 0);
    /* ID_AA64PFR1: SSBS = 2 (FEAT_SSBS2: MSR/MRS SSBS). */
    id->pfr1 = field(4, f->ssbs ? 2 : 0);
    /* ID_AA64DFR0: DebugVer = 6 (Armv8.0 debug), 2 breakpoints (BRPs = 1),
     * 2 watchpoints (WRPs = 1), 1 context comparator (CTX_CMPs = 0); no
     * PMU (PMUVer = 0), no trace, DoubleLock implemented (0). */
    id->dfr0 = field(0, 6) | field(12, 1) | field(20, 1);
    /* ID_AA64ISAR0: CRC32, Atomic = 2 (LSE), TS = 1 FlagM / 2 FlagM2. */
    id->isar0 = field(16, f->crc32 ? 1 : 0) | field(20, f->lse ? 2 : 0) |
                field(52, f->flagm2 ? 2 : f->flagm ? 1 : 0);
    /* ID_AA64ISAR0 crypto/SIMD fields [fp]: AES = 1 (2 with PMULL), SHA1,
     * SHA2 = 1 (2 with SHA512), RDM, SHA3, SM3, SM4, DP, FHM. */
    id->isar0 |= field(4, f->aes ? (f->pmull ? 2 : 1) : 0) | field(8, f->sha1 ? 1 : 0) |
                 field(12, f->sha256 ? (f->sha512 ? 2 : 1) : 0) | field(28, f->rdm ? 1 : 0) |
                 field(32, f->sha3 ? 1 : 0) | field(36, f->sm3 ? 1 : 0) |
                 field(40, f->sm4 ? 1 : 0) | field(44, f->dotprod ? 1 : 0) |
                 field(48, f->fhm ? 1 : 0);
    /* ID_AA64ISAR1: LRCPC = 1 (LDAPR) / 2 (+LDAPUR/STLUR), SB. */
    id->isar1 = field(20, f->rcpc2 ? 2 : f->rcpc ? 1 : 0) | field(36, f->sb ? 1 : 0);
    /* ID_AA64ISAR1 FP/SIMD fields [fp]: JSCVT, FCMA, FRINTTS, BF16, I8MM. */
    id->isar1 |= field(12, f->jscvt ? 1 : 0) | field(16, f->fcma ? 1 : 0) |
                 field(32, f->frintts ? 1 : 0) | field(44, f->bf16 ? 1 : 0) |
                 field(52, f->i8mm ? 1 : 0);
    /* ID_AA64ISAR1 pointer authentication [pauth]: APA and GPA for QARMA5,
     * API and GPI for the IMPDEF algorithm (pauth-impdef=on). */
    if (f->pauth) {
        id->isar1 |= f->pauth_impdef ? field(8, f->pauth_level) | field(28, 1)
                                     : field(4, f->pauth_level) | field(24, 1);
    }
    id->isar2 = 0;
    /* ID_AA64MMFR0 (what mmu/ implements, DDI 0487 D19.2.64): PARange 44
     * bits (4) on the Cortex models, 48 bits (5) on max (no FEAT_LPA);
     * 16-bit ASIDs; little-endian only (BigEnd = BigEndEL0 = 0); no
     * separate Secure memory (SNSMem = 0); 4 KiB and 64 KiB granules
     * (TGran4 = TGran64 = 0), 16 KiB on max (TGran16 = 1); stage-2
     * granules as stage 1 (TGranX_2 = 0). */
    id->mmfr0 = field(0, model == A64_CPU_MAX ? 5 : 4) | field(4, 2) |
                field(20, model == A64_CPU_MAX ? 1 : 0);
    /* ID_AA64MMFR1: HPDS = 1 on max (TCR.HPD0/HPD1 honoured), LO
     * (FEAT_LOR), PAN = 2 on max (FEAT_PAN2: AT S1E1RP/WP), 1 with plain
     * FEAT_PAN; no HAFDBS (access flag faults only). */
    id->mmfr1 = field(8, f->vhe ? 1 : 0) | /* VH: FEAT_VHE [el2] */
                /* VMIDBits = 2 (FEAT_VMID16), XNX (FEAT_XNX: stage-2
                 * XN[1:0]) on max, as QEMU 7.2 [stage2] */
                field(4, f->vmid16 ? 2 : 0) | field(28, model == A64_CPU_MAX ? 1 : 0) |
                field(12, model == A64_CPU_MAX ? 1 : 0) | field(16, f->lor ? 1 : 0) |
                field(20, f->pan ? (model == A64_CPU_MAX ? 2 : 1) : 0);
    /* ID_AA64MMFR2: UAO, AT = 1 (FEAT_LSE2), IDS = 1 (FEAT_IDST); VARange
     * = 0 (48-bit VAs, no FEAT_LVA), ST = 0 (TxSZ up to 39), no CnP, TTL,
     * BBM, E0PD. */
    id->mmfr2 = field(4, f->uao ? 1 : 0) | field(32, f->lse2 ? 1 : 0) |
                field(36, f->idst ? 1 : 0);
}

/* ---- stack pointer banking ------------------------------------------- */

/* Which SP_ELn a PSTATE selects: SP_EL0 when PSTATE.SP == 0. */
static unsigned sp_index(uint32_t pstate)
{
    return (pstate & PSTATE_SP) ? (pstate & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT : 0;
}

void a64_cpu_switch_sp(A64Cpu *cpu, uint32_t old_pstate, uint32_t new_pstate)
{
    unsigned o = sp_index(old_pstate), n = sp_index(new_pstate);
    if (o == n) {
        return;
    }
    cpu->sp_el[o] = cpu->x[31];
    cpu->x[31] = cpu->sp_el[n];
}

/* ---- translation flags and MMU index ---------------------------------- */

/* SCTLR of the regime of el: EL0 uses SCTLR_EL1, or SCTLR_EL2 in the
 * EL2&0 host (E2H and TGE) [el2]. */
static uint64_t regime_sctlr(const A64Cpu *cpu, unsigned el)
{
    if (el == 0 && cpu->feat.el2 &&
        (a64_hcr_eff(cpu) & (HCR_E2H | HCR_TGE_BIT)) == (HCR_E2H | HCR_TGE_BIT)) {
        return cpu->sr.sctlr_el[2];
    }
    return cpu->sr.sctlr_el[el == 0 ? 1 : el];
}

/* The TLB indexes (memaccess.c: PHYS while the regime's stage 1 is off,
 * the PAN variants, the EL2&0 regime under E2H). */
unsigned a64_mmu_idx(const A64Cpu *cpu)
{
    return a64_mmu_idx_at(cpu, a64_current_el(cpu));
}

unsigned a64_mmu_idx_unpriv(const A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    return a64_mmu_idx_unpriv_at(cpu, el, a64_mmu_idx_at(cpu, el));
}

/* Called by the dispatcher before every block lookup: keep it cheap (one
 * stage-1 check, no repeated index computation). */
uint32_t a64_tb_flags(const A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    uint64_t sctlr = regime_sctlr(cpu, el);
    unsigned idx = a64_mmu_idx_at(cpu, el);
    bool s1 = idx != A64_MMU_IDX_PHYS;
    uint32_t f = el;
    if (cpu->pstate & PSTATE_SP) {
        f |= A64_TBF_SPSEL;
    }
    if (cpu->pstate & PSTATE_PAN) {
        f |= A64_TBF_PAN;
    }
    if (cpu->pstate & PSTATE_UAO) {
        f |= A64_TBF_UAO;
    }
    if (s1) {
        f |= A64_TBF_MMU;
    }
    if (sctlr & SCTLR_A) {
        f |= A64_TBF_ALIGN;
    }
    if (cpu->pstate & PSTATE_SS) {
        f |= A64_TBF_SS;
    }
    f |= idx << A64_TBF_MMU_IDX_SHIFT;
    f |= a64_mmu_idx_unpriv_at(cpu, el, idx) << A64_TBF_UNPRIV_IDX_SHIFT;
    /* FP/AdvSIMD enabled at this EL: CPACR_EL1.FPEN, CPTR_EL2, CPTR_EL3
     * (a64_fp_trap_el(), exception.c). */
    if (a64_fp_trap_el(cpu) == 0) {
        f |= A64_TBF_FPEN;
    }
    /* [el2] E2H (EL2/EL3; at EL0 only in the EL2&0 host) and HCR_EL2
     * trap bits that apply to EL1 register accesses. */
    if (cpu->feat.el2) {
        uint64_t hcr = a64_hcr_eff(cpu);
        if (hcr & HCR_E2H) {
            if (el >= 2 || (el == 0 && (hcr & HCR_TGE_BIT))) {
                f |= A64_TBF_E2H;
            }
        }
        if (el == 1 && (hcr & (HCR_TVM | HCR_TRVM | HCR_TID1 | HCR_TID2 | HCR_TID3 |
                               HCR_TACR | HCR_TSW | HCR_TPCP | HCR_TPU | HCR_TTLB |
                               HCR_TIDCP | HCR_TLOR))) {
            f |= A64_TBF_HTRAP;
        }
    }
    return f;
}

/* ---- life cycle -------------------------------------------------------- */

/* The CPU's own system-register tables (gic/ and timer/ add theirs when
 * they attach). */
static void register_cpu_tables(A64Cpu *cpu)
{
    sysreg_init_cpu(cpu);
    sysreg_register_table(cpu, a64_sysreg_mmu_table, a64_sysreg_mmu_table_size);
    sysreg_register_table(cpu, a64_sysreg_el2_table, a64_sysreg_el2_table_size);
    sysreg_register_table(cpu, a64_sysreg_el3_table, a64_sysreg_el3_table_size);
    sysreg_register_table(cpu, a64_sysreg_pauth_table, a64_sysreg_pauth_table_size);
}

/* [el2] Features that follow from the board's choices: FEAT_VHE on max
 * only when EL2 exists (QEMU's max has it; the Cortex models are v8.0). */
void a64_cpu_features_changed(A64Cpu *cpu)
{
    A64Features *f = &cpu->feat;
    f->vhe = cpu->model == A64_CPU_MAX && f->el2;
    /* [stage2] FEAT_VMID16 on max, advertised with or without EL2 as
     * QEMU 7.2's max does */
    f->vmid16 = cpu->model == A64_CPU_MAX;
    a64_cpu_set_id_regs(cpu);
    sysreg_free_cpu(cpu);
    register_cpu_tables(cpu);
    tlb_flush_all(&cpu->tlb);
}

void a64_cpu_init(A64Cpu *cpu, A64CpuModel model, unsigned index, AddressSpace *as,
                  Machine *machine)
{
    memset(cpu, 0, sizeof(*cpu));
    cpu->model = model;
    cpu->index = index;
    cpu->as = as;
    cpu->machine = machine;
    set_features(cpu, model);
    a64_cpu_set_id_regs(cpu);

    /* The engine reaches guest state through these pointers: the A64Cpu
     * must not move after a64_cpu_init(). */
    EngineEnv *env = &cpu->env;
    env->cpu = cpu;
    env->regs = cpu->x;
    env->nzcv = &cpu->nzcv;
    env->pc = &cpu->pc;
    env->cpu_base = (uint8_t *)cpu;
    env->tlb = &cpu->tlb;
    env->exit_request = &cpu->exit_request;
    env->load_slow = a64_load_slow;
    env->store_slow = a64_store_slow;
    env->set_pc = a64_set_pc;
    env->insn_count = 0;

    tlb_flush_all(&cpu->tlb);
    register_cpu_tables(cpu);
    cpu->cc = codecache_new(&backend_interp, &cpu->env);
    a64_cpu_reset(cpu, 0, 1);
}

/* Warm reset (D1.9 "Reset"): PC = entry at the given EL with SP_ELx
 * selected, D/A/I/F masked, MMU and caches off (SCTLR reset value);
 * general-purpose registers zeroed (architecturally UNKNOWN; zero matches
 * QEMU). An EL the CPU does not implement is replaced by the highest one
 * below it. */
void a64_cpu_reset(A64Cpu *cpu, uint64_t entry, unsigned el)
{
    if (el > 3) {
        el = 1;
    }
    if (el == 3 && !cpu->feat.el3) {
        el = 2;
    }
    if (el == 2 && !cpu->feat.el2) {
        el = 1;
    }
    memset(cpu->x, 0, sizeof(cpu->x));
    memset(cpu->sp_el, 0, sizeof(cpu->sp_el));
    memset(cpu->v, 0, sizeof(cpu->v));
    cpu->fpcr = 0;
    cpu->fpsr = 0;
    cpu->nzcv = 0;
    cpu->pstate = (el << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF;
    cpu->reset_el = el;
    cpu->pc = entry;
    memset(&cpu->mon, 0, sizeof(cpu->mon));
    cpu->event_reg = false;
    cpu->halted = false;
    cpu->powered_off = false;
    cpu->exit_request = 0;
    cpu->exit_code = 0;

    /* Registers without a table row here are cleared too (EL2/EL3 state). */
    A64SysRegs keep_id = cpu->sr;
    memset(&cpu->sr, 0, sizeof(cpu->sr));
    cpu->sr.midr = keep_id.midr;
    cpu->sr.mpidr = keep_id.mpidr;
    cpu->sr.id = keep_id.id;
    sysreg_reset_all(cpu);

    /* [el2] Starting below the highest EL is what QEMU's boot code does for
     * a Linux kernel (hw/arm/boot.c do_cpu_reset): with EL3 it leaves it
     * configured for a Non-secure AArch64 world below (SCR_EL3.NS, RW), HVC
     * enabled when EL2 exists (HCE), pointer authentication not trapped
     * (API, APK); EL1 below EL2 is AArch64 (HCR_EL2.RW). */
    if (el < 3 && cpu->feat.el3) {
        cpu->sr.scr_el3 |= SCR_EL3_NS | SCR_EL3_RW;
        if (cpu->feat.el2) {
            cpu->sr.scr_el3 |= SCR_EL3_HCE;
        }
        if (cpu->feat.pauth) {
            cpu->sr.scr_el3 |= SCR_EL3_API | SCR_EL3_APK;
        }
    }
    if (el < 2 && cpu->feat.el2) {
        cpu->sr.hcr_el2 |= HCR_RW;
    }

    /* Translated code stays valid: blocks are keyed by physical address
     * and translation flags. */
    tlb_flush_all(&cpu->tlb);
}

void a64_cpu_destroy(A64Cpu *cpu)
{
    if (cpu->cc) {
        codecache_free(cpu->cc);
        cpu->cc = NULL;
    }
    sysreg_free_cpu(cpu);
}
