/* SPDX-License-Identifier: MIT */
/*
 * memaccess.c - guest memory accesses from the CPU's side: TLB fill, the
 * engines' load/store slow paths (MMIO, code-page writes, page-crossing
 * accesses, alignment), instruction fetch, and the host-pointer/plain
 * accessors used by helpers. Every fault is described by an A64Exception
 * built in abort_exception() and delivered with a64_raise().
 *
 * Translation: the front end's half of the MMU. It describes the
 * regime an MMU index uses (a64_mmu_regime) and the access (EL0 view,
 * PAN), asks mmu_translate() (mmu/) for the walk, and turns the result
 * into a TLB entry or the fault into the architectural exception. Cache
 * maintenance by VA, AT and DC ZVA use the same walk with their own
 * permission rules. The TLB (mmu/tlb.h) is tagged by MMU index and ASID.
 */
#include "memaccess.h"

#include <string.h>

#include "../mmu/mmu.h"
#include "../translator/ir.h"
#include "../translator/log.h"
#include "sysregs.h"
#include "translate.h"

/* ISS bits of data/instruction aborts (DDI 0487 D17.2.40). */
#define ISS_EA (1u << 9)
#define ISS_CM (1u << 8)
#define ISS_S1PTW (1u << 7)
#define ISS_WNR (1u << 6)

#define HCR_DC (1ull << 12)
#define HCR_TGE (1ull << 27)
#define SCR_NS (1ull << 0)
#define SCR_EA (1ull << 3)

static MmuFault fault_of(MmuFaultType type, bool ea)
{
    MmuFault f = { .type = type, .ea = ea };
    return f;
}

/* ---- the translation regimes -------------------------------------------- */

/* EL2 is enabled in the current Security state (EL2Enabled()): implemented
 * and, with EL3, SCR_EL3.NS == 1 (no Secure EL2). */
static bool el2_enabled(const A64Cpu *cpu)
{
    return cpu->feat.el2 && (!cpu->feat.el3 || (cpu->sr.scr_el3 & SCR_NS));
}

/* HCR_EL2 as it acts (QEMU's arm_hcr_el2_eff): 0 while EL2 is disabled;
 * E2H only with FEAT_VHE; with E2H and TGE, VM and DC act as 0; with TGE,
 * PTW acts as 0. */
static uint64_t hcr_eff(const A64Cpu *cpu)
{
    if (!el2_enabled(cpu)) {
        return 0;
    }
    uint64_t h = cpu->sr.hcr_el2;
    if (!cpu->feat.vhe) {
        h &= ~A64_HCR_E2H;
    }
    if (h & HCR_TGE) {
        if (h & A64_HCR_E2H) {
            h &= ~(A64_HCR_VM | A64_HCR_DC);
        }
        h &= ~A64_HCR_PTW;
    }
    return h;
}

uint16_t a64_current_vmid(const A64Cpu *cpu)
{
    if (!el2_enabled(cpu)) {
        return 0;
    }
    uint16_t vmid = (uint16_t)(cpu->sr.vttbr_el2 >> 48);
    /* VTCR_EL2.VS (bit 19): 16-bit VMIDs with FEAT_VMID16, else the upper
     * 8 bits are ignored. */
    if (!(cpu->feat.vmid16 && (cpu->sr.vtcr_el2 & (1ull << 19)))) {
        vmid &= 0xff;
    }
    return vmid;
}

/* Stage 1 of a regime on (the snapshot's `enabled`): SCTLR_ELx.M, and for
 * EL1&0 not while HCR_EL2.TGE or DC act. */
static bool s1_on(const A64Cpu *cpu, unsigned el)
{
    if (el == 1 && (hcr_eff(cpu) & (HCR_TGE | HCR_DC))) {
        return false;
    }
    return (cpu->sr.sctlr_el[el] & 1) != 0;
}

/* The regime snapshot mmu/ translates with. It is rebuilt from the system
 * registers at every TLB miss rather than cached: that costs a few loads
 * next to a table walk, and no write path (the sysreg table, reset,
 * exception entry, another member's new register) can leave a stale copy
 * behind. What the TLB caches from a walk is dropped by the write hooks
 * of SCTLR/TCR/TTBR/MAIR (frontend/sysreg_mmu.c) and HCR_EL2 (through
 * a64_mmu_ctrl_changed) as the architecture requires. The
 * implementation's features come from the ID registers, so that the walk
 * does exactly what they advertise. Regime 2 is EL2&0 when HCR_EL2.E2H
 * acts (FEAT_VHE); regime 1 has stage 2 when HCR_EL2.VM or DC acts. */
void a64_mmu_regime(const A64Cpu *cpu, unsigned regime_el, MmuRegime *r)
{
    static const uint8_t parange_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
    const struct A64IdRegs *id = &cpu->sr.id;
    unsigned el = regime_el < 1 ? 1 : regime_el > 3 ? 3 : regime_el;
    uint64_t hcr = hcr_eff(cpu);

    memset(r, 0, sizeof(*r));
    r->as = cpu->as;
    r->el = (uint8_t)el;
    r->e20 = el == 2 && (hcr & A64_HCR_E2H);
    r->enabled = s1_on(cpu, el);
    r->hcr_dc = el == 1 && (hcr & HCR_DC);
    r->secure = cpu->feat.el3 && (el == 3 || !(cpu->sr.scr_el3 & SCR_NS));
    r->pa_bits = parange_bits[id->mmfr0 & 7];
    if (((id->mmfr0 >> 28) & 0xf) != 0xf) {
        r->features |= MMU_FEAT_TGRAN4;
    }
    if (((id->mmfr0 >> 20) & 0xf) != 0) {
        r->features |= MMU_FEAT_TGRAN16;
    }
    if (((id->mmfr0 >> 24) & 0xf) != 0xf) {
        r->features |= MMU_FEAT_TGRAN64;
    }
    if (((id->mmfr0 >> 4) & 0xf) == 2) {
        r->features |= MMU_FEAT_ASID16;
    }
    if (((id->mmfr1 >> 12) & 0xf) != 0) {
        r->features |= MMU_FEAT_HPDS;
    }
    if (((id->mmfr1 >> 28) & 0xf) != 0) {
        r->features |= MMU_FEAT_XNX;
    }
    /* TBID exists with FEAT_PAuth (ID_AA64ISAR1.APA/API/GPA/GPI). */
    if ((id->isar1 & 0xff000ff0ull) != 0) {
        r->features |= MMU_FEAT_TBID;
    }
    r->sctlr = cpu->sr.sctlr_el[el];
    r->tcr = cpu->sr.tcr_el[el];
    r->ttbr0 = cpu->sr.ttbr0_el[el];
    r->ttbr1 = (el == 1 || r->e20) ? cpu->sr.ttbr1_el[el] : 0;
    r->mair = cpu->sr.mair_el[el];
    if (el == 1 && (hcr & (A64_HCR_VM | A64_HCR_DC))) {
        r->s2_enabled = true;
        r->s2_ptw = (hcr & A64_HCR_PTW) != 0;
        r->vtcr = cpu->sr.vtcr_el2;
        r->vttbr = cpu->sr.vttbr_el2;
    }
}

/* ---- MMU indexes ---------------------------------------------------------- */

unsigned a64_mmu_idx_at(const A64Cpu *cpu, unsigned el)
{
    uint64_t hcr = hcr_eff(cpu);
    bool e2h = (hcr & A64_HCR_E2H) != 0;
    bool pan = (cpu->pstate & PSTATE_PAN) != 0;
    switch (el) {
    case 0:
        if (e2h && (hcr & HCR_TGE)) {
            return s1_on(cpu, 2) ? A64_MMU_IDX_EL20_0 : A64_MMU_IDX_PHYS;
        }
        return a64_stage1_enabled(cpu, 1) ? A64_MMU_IDX_EL10_0 : A64_MMU_IDX_PHYS;
    case 1:
        if (!a64_stage1_enabled(cpu, 1)) {
            return A64_MMU_IDX_PHYS;
        }
        return pan ? A64_MMU_IDX_EL10_1_PAN : A64_MMU_IDX_EL10_1;
    case 2:
        if (!s1_on(cpu, 2)) {
            return A64_MMU_IDX_PHYS;
        }
        if (e2h) {
            return pan ? A64_MMU_IDX_EL20_2_PAN : A64_MMU_IDX_EL20_2;
        }
        return A64_MMU_IDX_EL2;
    default:
        return s1_on(cpu, 3) ? A64_MMU_IDX_EL3 : A64_MMU_IDX_PHYS;
    }
}

unsigned a64_mmu_idx_unpriv_at(const A64Cpu *cpu, unsigned el, unsigned idx)
{
    if (cpu->pstate & PSTATE_UAO) {
        return idx;
    }
    if (el == 1 && idx != A64_MMU_IDX_PHYS) {
        return A64_MMU_IDX_EL10_0;
    }
    if (el == 2 && (idx == A64_MMU_IDX_EL20_2 || idx == A64_MMU_IDX_EL20_2_PAN) &&
        (hcr_eff(cpu) & A64_HCR_E2H) && (hcr_eff(cpu) & HCR_TGE)) {
        return A64_MMU_IDX_EL20_0;
    }
    return idx;
}

/* Translation regime of an MMU index; the MMU-off index uses the current
 * EL's regime. */
static unsigned regime_el(const A64Cpu *cpu, unsigned mmu_idx)
{
    switch (mmu_idx) {
    case A64_MMU_IDX_EL10_0:
    case A64_MMU_IDX_EL10_1:
    case A64_MMU_IDX_EL10_1_PAN:
        return 1;
    case A64_MMU_IDX_EL2: /* also A64_MMU_IDX_EL20_2_PAN */
    case A64_MMU_IDX_EL20_0:
    case A64_MMU_IDX_EL20_2:
        return 2;
    case A64_MMU_IDX_EL3:
        return 3;
    default: {
        unsigned el = a64_current_el(cpu);
        return el == 0 ? 1 : el;
    }
    }
}

unsigned a64_regime_idx_mask(unsigned regime_el)
{
    switch (regime_el) {
    case 2:
        return 1u << A64_MMU_IDX_EL2 | 1u << A64_MMU_IDX_EL20_0 | 1u << A64_MMU_IDX_EL20_2;
    case 3:
        return 1u << A64_MMU_IDX_EL3;
    default:
        return A64_MMU_IDX_EL10_MASK;
    }
}

/* The access an MMU index makes: EL0's permissions for the EL0 indexes
 * (also LDTR/STTR), PAN for the PAN indexes. The EL2 index is EL2&0's PAN
 * index while HCR_EL2.E2H acts (see A64_MMU_IDX_EL20_2_PAN). */
static MmuAccess idx_access(const A64Cpu *cpu, unsigned mmu_idx, A64Access acc)
{
    MmuAccess a = acc == A64_ACC_READ ? MMU_ACC_READ
                : acc == A64_ACC_WRITE ? MMU_ACC_WRITE : MMU_ACC_EXEC;
    if (mmu_idx == A64_MMU_IDX_EL10_0 || mmu_idx == A64_MMU_IDX_EL20_0) {
        a |= MMU_ACC_UNPRIV;
    } else if (mmu_idx == A64_MMU_IDX_EL10_1_PAN ||
               (mmu_idx == A64_MMU_IDX_EL20_2_PAN && (hcr_eff(cpu) & A64_HCR_E2H))) {
        a |= MMU_ACC_PAN;
    }
    return a;
}

/* ---- syndromes ---------------------------------------------------------- */

/* EL an abort is taken to (D1.10.1, "Routing of synchronous exceptions"):
 * the current EL, EL1 from EL0, EL2 from EL0 with HCR_EL2.TGE, EL2 for
 * every stage-2 fault, EL3 for external aborts with SCR_EL3.EA. */
static unsigned abort_target_el(const A64Cpu *cpu, const MmuFault *f)
{
    unsigned el = a64_current_el(cpu);
    unsigned t = el == 0 ? 1 : el;
    if (el == 0 && (hcr_eff(cpu) & HCR_TGE)) {
        t = 2;
    }
    if (f->stage2 && t < 2) {
        t = 2;
    }
    if (cpu->feat.el3 && (cpu->sr.scr_el3 & SCR_EA) &&
        (f->type == MMU_FAULT_SYNC_EXT || f->type == MMU_FAULT_SYNC_EXT_WALK)) {
        t = 3;
    }
    return t < el ? el : t;
}

/* ISS bits 24:14 of a data abort taken to EL2 (ISV, SAS, SSE, SRT, SF,
 * AR; D17.2.40), for the instruction classes QEMU 7.2 records them for:
 * single general-register loads and stores with an immediate offset
 * (unsigned offset; unscaled and unprivileged, not the pre/post-indexed
 * writeback forms), a register offset, LDR (literal), LDAR/STLR/LDLAR/
 * STLLR, LDAPR and LDAPUR/STLUR (AR = 1 for the acquire/release ones),
 * and LDRAA/LDRAB without writeback. 0 for everything else (pairs,
 * exclusives, atomics, SIMD&FP registers, system instructions). */
static uint32_t ldst_iss(uint32_t insn)
{
    unsigned rt = insn & 31, size = insn >> 30;
    unsigned opc = (insn >> 22) & 3;
    bool sign = false, sf, ar = false;

    if ((insn & 0x3b000000u) == 0x18000000u) {          /* LDR (literal) */
        if (insn & (1u << 26)) {
            return 0;                                    /* SIMD&FP */
        }
        unsigned lopc = insn >> 30;
        if (lopc == 3) {
            return 0;                                    /* PRFM */
        }
        size = lopc == 1 ? 3 : 2;
        sign = lopc == 2;
        sf = lopc != 0;
    } else if ((insn & 0x3f000000u) == 0x08000000u) {   /* exclusive/ordered */
        unsigned o2 = (insn >> 23) & 1, l = (insn >> 22) & 1, o1 = (insn >> 21) & 1;
        if (!o2 || o1) {
            return 0;                                    /* exclusives, pairs, CAS */
        }
        (void)l;
        ar = (insn >> 15) & 1;                           /* LDAR/STLR vs LDLAR/STLLR */
        sf = size == 3;
    } else if ((insn & 0x3ffffc00u) == 0x38bfc000u) {   /* LDAPR */
        ar = true;
        sf = size == 3;
    } else if ((insn & 0x3f200c00u) == 0x19000000u) {   /* LDAPUR/STLUR */
        if (opc == 2 && size == 3) {
            return 0;
        }
        if (opc == 3 && size > 1) {
            return 0;
        }
        ar = true;
        sign = opc >= 2;
        sf = sign ? !(opc & 1) : size == 3;
    } else if ((insn & 0xff200400u) == 0xf8200400u) {   /* LDRAA/LDRAB */
        if (insn & (1u << 11)) {
            return 0;                                    /* writeback */
        }
        size = 3;
        sf = true;
    } else {
        bool uimm = (insn & 0x3b000000u) == 0x39000000u;
        bool roff = (insn & 0x3b200c00u) == 0x38200800u;
        bool imm9 = (insn & 0x3b200000u) == 0x38000000u;
        if (!uimm && !roff && !imm9) {
            return 0;
        }
        if (insn & (1u << 26)) {
            return 0;                                    /* SIMD&FP */
        }
        if (imm9 && !roff && (((insn >> 10) & 3) == 1 || ((insn >> 10) & 3) == 3)) {
            return 0;                                    /* pre/post-index writeback */
        }
        if (size == 3 && opc == 2) {
            return 0;                                    /* PRFM */
        }
        if (opc == 3 && size > 1) {
            return 0;                                    /* unallocated */
        }
        sign = opc >= 2;
        sf = sign ? !(opc & 1) : size == 3;
    }
    return 1u << 24 | size << 22 | (sign ? 1u << 21 : 0) | rt << 16 | (sf ? 1u << 15 : 0) |
           (ar ? 1u << 14 : 0);
}

/* The instruction word at pc (for the ISS of an abort), without faulting. */
static bool insn_word(A64Cpu *cpu, uint64_t pc, uint32_t *w)
{
    uint64_t pa;
    A64Exception e;
    unsigned idx = a64_mmu_idx(cpu);
    if (idx >= TLB_MMU_IDX_COUNT) {
        idx = A64_MMU_IDX_PHYS;
    }
    if (!a64_translate_va(cpu, pc, A64_ACC_EXEC, idx, pc, &pa, &e)) {
        return false;
    }
    void *h = as_host_ptr(cpu->as, pa, 4);
    if (h == NULL) {
        return false;
    }
    memcpy(w, h, 4);
    return true;
}

/* The one place data and instruction abort syndromes are built (DDI 0487
 * D17.2.37 ESR_ELx: EC 0x20/0x21 and 0x24/0x25; ISS per D17.2.40/.41).
 * cm: a cache maintenance or address translation instruction (CM = 1,
 * WnR = 1). ISV: as QEMU 7.2, only for data aborts taken to EL2 that are
 * not S1PTW faults (stage-2 aborts, and EL2's own), from the instruction's
 * syndrome (ldst_iss). A stage-2 fault also sets HPFAR_EL2 = IPA[47:12] << 4 (the
 * FIPA field; written here, when the exception is built). */
static void abort_exception(A64Cpu *cpu, A64Access acc, uint64_t va, uint64_t pc,
                            const MmuFault *f, bool cm, A64Exception *e)
{
    unsigned target = abort_target_el(cpu, f);
    bool same = target == a64_current_el(cpu);
    uint32_t iss = mmu_fault_fsc(f) & 0x3f;

    if (f->ea && (f->type == MMU_FAULT_SYNC_EXT || f->type == MMU_FAULT_SYNC_EXT_WALK)) {
        iss |= ISS_EA;
    }
    if (f->s1ptw) {
        iss |= ISS_S1PTW;
    }
    memset(e, 0, sizeof(*e));
    e->type = A64_EXC_SYNC;
    if (acc == A64_ACC_EXEC) {
        e->ec = same ? EC_INSN_ABORT_SAME : EC_INSN_ABORT_LOWER;
    } else {
        e->ec = same ? EC_DATA_ABORT_SAME : EC_DATA_ABORT_LOWER;
        if (cm) {
            iss |= ISS_CM | ISS_WNR; /* WnR is 1 for CMOs and AT (D17.2.40) */
        } else if (acc == A64_ACC_WRITE) {
            iss |= ISS_WNR;
        }
        uint32_t w;
        /* QEMU 7.2 (merge_syn_data_abort): target EL2 and not S1PTW; its
         * EL2's own stage-1 aborts get the ISS too (architecturally only
         * stage-2 aborts do), EL0's stage-1 aborts taken to EL2 with TGE
         * do not (checked by the mmu_s2_vhe guest test). */
        bool iss_ok = f->stage2 || a64_current_el(cpu) == 2;
        if (target == 2 && !cm && !f->s1ptw && iss_ok && insn_word(cpu, pc, &w)) {
            iss |= ldst_iss(w);
        }
    }
    if (f->stage2 && target == 2) {
        cpu->sr.hpfar_el2 = ((f->ipa >> 12) & ((1ull << 40) - 1)) << 4;
    }
    e->iss = iss;
    e->il = true;
    e->far_valid = true;
    e->far = va;
    e->target_el = target;
    e->return_pc = pc;
    if (log_on(LOG_MMU)) {
        log_printf("mmu: %s abort va=0x%016llx fsc=0x%02x ea=%d s2=%d ipa=0x%llx "
                   "pc=0x%016llx\n",
                   acc == A64_ACC_EXEC ? "instruction" : "data", (unsigned long long)va,
                   mmu_fault_fsc(f), f->ea, f->stage2, (unsigned long long)f->ipa,
                   (unsigned long long)pc);
    }
}

static _Noreturn void raise_abort(A64Cpu *cpu, A64Access acc, uint64_t va, uint64_t pc,
                                  MmuFaultType type, bool ea)
{
    MmuFault f = fault_of(type, ea);
    A64Exception e;
    abort_exception(cpu, acc, va, pc, &f, false, &e);
    a64_raise(cpu, &e);
}

void a64_set_pc(void *cpu, uint64_t pc)
{
    ((A64Cpu *)cpu)->pc = pc;
}

/* ---- translation and TLB fill ---------------------------------------------- */

static bool tag_matches(uint64_t tag, uint64_t va)
{
    return tag != TLB_INVALID && (tag & A64_PAGE_MASK) == (va & A64_PAGE_MASK);
}

static uint64_t *entry_tag(TlbEntry *e, A64Access acc)
{
    return acc == A64_ACC_READ ? &e->tag_read
         : acc == A64_ACC_WRITE ? &e->tag_write : &e->tag_code;
}

static bool is_el10_idx(unsigned idx)
{
    return (A64_MMU_IDX_EL10_MASK >> idx) & 1;
}

/* Translate va's page for acc and enter it in the TLB. On a fault, fill
 * *exc and return NULL. size: the access size, for the alignment check
 * that the memory type requires (0: none, e.g. instruction fetch).
 * Unbacked addresses are entered as MMIO so that the slow path reports the
 * external abort on the access itself (not on the translation). */
static TlbEntry *translate_fill(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned idx,
                                unsigned size, uint64_t pc, A64Exception *exc)
{
    Tlb *t = &cpu->tlb;
    MmuRegime r;
    MmuResult res;
    MmuFault f;

    unsigned rel = regime_el(cpu, idx);
    a64_mmu_regime(cpu, rel, &r);
    uint16_t vmid = 0;
    bool tagged = idx != A64_MMU_IDX_PHYS && (is_el10_idx(idx) || r.e20);
    if (tagged) {
        /* The arrays hold the entries of one (VMID, ASID) context: follow
         * the regime if it changed behind the write hooks' back, and look
         * for a parked entry of the current context. */
        vmid = rel == 1 ? a64_current_vmid(cpu) : 0;
        tlb_ctx_switch(t, a64_regime_idx_mask(rel), vmid, mmu_regime_asid(&r));
        TlbEntry *e = tlb_restore(t, idx, va);
        if (e && tag_matches(*entry_tag(e, acc), va)) {
            return e;
        }
    }
    bool ok = mmu_translate(&r, va, idx_access(cpu, idx, acc), &res, &f);
    /* Alignment fault for unaligned accesses to Device memory (DDI 0487
     * B2.5.2), prioritised over a Permission fault. With the MMU off data
     * accesses are Device-nGnRnE too; QEMU 7.2 does not check those and
     * neither do we. */
    bool device = r.enabled && mmu_attr_is_device(res.attr);
    if ((ok || f.type == MMU_FAULT_PERMISSION) && device && acc != A64_ACC_EXEC && size > 1 &&
        (va & (size - 1)) != 0) {
        f = fault_of(MMU_FAULT_ALIGNMENT, false);
        ok = false;
    }
    if (!ok) {
        abort_exception(cpu, acc, va, pc, &f, false, exc);
        return NULL;
    }

    unsigned prot = ((res.prot & MMU_PROT_R) ? TLB_PROT_R : 0) |
                    ((res.prot & MMU_PROT_W) ? TLB_PROT_W : 0) |
                    ((res.prot & MMU_PROT_X) ? TLB_PROT_X : 0);
    uint64_t attrs = tlb_attrs(res.asid, !res.global, device, res.page_shift, res.attr) |
                     (uint64_t)vmid << TLB_ATTR_VMID_SHIFT;
    uint64_t pa_page = res.pa & A64_PAGE_MASK;
    MemRegion *mr = as_find(cpu->as, pa_page);
    bool ram = mr && mr->host && pa_page - mr->base + A64_PAGE_SIZE <= mr->size;
    TlbEntry *e;

    /* With the MMU off the only regime-dependent part of a translation is
     * the top byte (TBI) and the address-size check: a tagged VA is not
     * cached in the shared MMU-off index, it gets the scratch entry. */
    if (!r.enabled && (va >> r.pa_bits) != 0) {
        t->scratch_next ^= 1;
        e = &t->scratch[t->scratch_next];
        uint64_t page = va & A64_PAGE_MASK;
        e->tag_read = e->tag_write = e->tag_code = page | (ram && !device ? 0 : TLB_MMIO);
        e->addend = ram ? (uintptr_t)(mr->host + (pa_page - mr->base)) - (uintptr_t)page : 0;
        e->pa_page = pa_page;
        e->attrs = attrs;
        if (ram && mr->kind == MR_ROM) {
            e->tag_write = page | TLB_MMIO;
        } else if (ram && as_page_has_code(cpu->as, pa_page)) {
            e->tag_write |= TLB_NOTDIRTY;
        }
        return e;
    }

    if (ram && !device) {
        uint8_t *host = mr->host + (pa_page - mr->base);
        bool code = as_page_has_code(cpu->as, pa_page);
        tlb_set(t, idx, va, pa_page, host, prot, code, attrs);
        e = tlb_entry(t, idx, va);
        if (mr->kind == MR_ROM && e->tag_write != TLB_INVALID) {
            /* Stores to flash go to the slow path, which drops them. */
            e->tag_write = (va & A64_PAGE_MASK) | TLB_MMIO;
        }
    } else {
        /* MMIO, unbacked, or RAM mapped as Device: every access takes the
         * slow path (which checks Device alignment). */
        tlb_set(t, idx, va, pa_page, NULL, prot, 0, attrs);
        e = tlb_entry(t, idx, va);
    }
    return e;
}

static unsigned clamp_idx(unsigned mmu_idx)
{
    return mmu_idx < TLB_MMU_IDX_COUNT ? mmu_idx : A64_MMU_IDX_PHYS;
}

/* The TLB entry for an access of size bytes at va, filling it on a miss;
 * raises the guest exception on a fault. */
static TlbEntry *tlb_lookup(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                            unsigned size, uint64_t pc)
{
    mmu_idx = clamp_idx(mmu_idx);
    TlbEntry *e = tlb_entry(&cpu->tlb, mmu_idx, va);
    if (!tag_matches(*entry_tag(e, acc), va)) {
        A64Exception exc;
        e = translate_fill(cpu, va, acc, mmu_idx, size, pc, &exc);
        if (e == NULL) {
            a64_raise(cpu, &exc);
        }
    } else if ((e->attrs & TLB_ATTR_DEVICE) && size > 1 && (va & (size - 1)) != 0) {
        raise_abort(cpu, acc, va, pc, MMU_FAULT_ALIGNMENT, false);
    }
    return e;
}

bool a64_translate_va(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                      uint64_t pc, uint64_t *pa, A64Exception *exc)
{
    /* The dispatcher translates the PC here before every unchained block:
     * a good place to apply the other vCPUs' TLB flush requests. */
    if (tlb_has_requests(&cpu->tlb)) {
        tlb_take_requests(&cpu->tlb);
    }
    mmu_idx = clamp_idx(mmu_idx);
    TlbEntry *e = tlb_entry(&cpu->tlb, mmu_idx, va);
    if (!tag_matches(*entry_tag(e, acc), va)) {
        e = translate_fill(cpu, va, acc, mmu_idx, 0, pc, exc);
        if (e == NULL) {
            return false;
        }
    }
    *pa = e->pa_page | (va & ~A64_PAGE_MASK);
    return true;
}

/* ---- physical accesses within one page -------------------------------- */

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Device or unbacked read of size bytes (any size 1..8; sizes that are not
 * a power of two only occur in page-crossing parts and are done bytewise). */
static uint64_t phys_read(A64Cpu *cpu, uint64_t pa, unsigned size, uint64_t va, uint64_t pc)
{
    MemRegion *mr = as_find(cpu->as, pa);
    if (!mr) {
        /* QEMU: unassigned memory is a decode error -> EA = 0. */
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: read of unbacked PA 0x%llx (pc 0x%llx)\n",
                       (unsigned long long)pa, (unsigned long long)pc);
        }
        raise_abort(cpu, A64_ACC_READ, va, pc, MMU_FAULT_SYNC_EXT, false);
    }
    if (mr->kind != MR_MMIO) {
        uint64_t v = 0;
        if (pa - mr->base + size > mr->size) {
            raise_abort(cpu, A64_ACC_READ, va, pc, MMU_FAULT_SYNC_EXT, false);
        }
        memcpy(&v, mr->host + (pa - mr->base), size);
        return v;
    }
    if ((size & (size - 1)) != 0) {
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            v |= phys_read(cpu, pa + i, 1, va + i, pc) << (8 * i);
        }
        return v;
    }
    unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
    unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
    if (size < min || size > max || pa - mr->base + size > mr->size || !mr->ops->read) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: %u-byte read of %s+0x%llx not accepted\n", size, mr->name,
                       (unsigned long long)(pa - mr->base));
        }
        raise_abort(cpu, A64_ACC_READ, va, pc, MMU_FAULT_SYNC_EXT, false);
    }
    uint64_t v = 0;
    if (!mr->ops->read(mr->opaque, pa - mr->base, size, &v)) {
        raise_abort(cpu, A64_ACC_READ, va, pc, MMU_FAULT_SYNC_EXT, true);
    }
    return v & size_mask(size);
}

static void phys_write(A64Cpu *cpu, uint64_t pa, unsigned size, uint64_t value, uint64_t va,
                       uint64_t pc)
{
    MemRegion *mr = as_find(cpu->as, pa);
    if (!mr || pa - mr->base + size > mr->size) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: write to unbacked PA 0x%llx (pc 0x%llx)\n",
                       (unsigned long long)pa, (unsigned long long)pc);
        }
        raise_abort(cpu, A64_ACC_WRITE, va, pc, MMU_FAULT_SYNC_EXT, false);
    }
    switch (mr->kind) {
    case MR_ROM:
        return; /* flash in read-array mode ignores stray writes */
    case MR_RAM: {
        uint64_t page = pa & A64_PAGE_MASK;
        if (as_page_has_code(cpu->as, page)) {
            as_notify_code_write(cpu->as, page);
        }
        memcpy(mr->host + (pa - mr->base), &value, size);
        return;
    }
    case MR_MMIO:
        break;
    }
    if ((size & (size - 1)) != 0) {
        for (unsigned i = 0; i < size; i++) {
            phys_write(cpu, pa + i, 1, value >> (8 * i), va + i, pc);
        }
        return;
    }
    unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
    unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
    if (size < min || size > max || !mr->ops->write) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: %u-byte write of %s+0x%llx not accepted\n", size, mr->name,
                       (unsigned long long)(pa - mr->base));
        }
        raise_abort(cpu, A64_ACC_WRITE, va, pc, MMU_FAULT_SYNC_EXT, false);
    }
    if (!mr->ops->write(mr->opaque, pa - mr->base, size, value & size_mask(size))) {
        raise_abort(cpu, A64_ACC_WRITE, va, pc, MMU_FAULT_SYNC_EXT, true);
    }
}

/* ---- alignment ---------------------------------------------------------- */

/* Alignment is required by the memop (exclusives, atomics, acquire/release)
 * or by SCTLR_ELx.A of the regime (DDI 0487 B2.5.2). With the MMU off, data
 * accesses are architecturally Device-nGnRnE and so would also need
 * alignment; QEMU 7.2 does not enforce that, and we follow QEMU. */
static bool needs_align(const A64Cpu *cpu, unsigned memop, unsigned mmu_idx)
{
    if (memop & IR_MO_ALIGN) {
        return true;
    }
    return (cpu->sr.sctlr_el[regime_el(cpu, mmu_idx)] & SCTLR_A) != 0;
}

static void check_align(A64Cpu *cpu, uint64_t va, unsigned size, bool align,
                        A64Access acc, uint64_t pc)
{
    if (align && (va & (size - 1))) {
        raise_abort(cpu, acc, va, pc, MMU_FAULT_ALIGNMENT, false);
    }
}

static unsigned memop_idx(unsigned memop)
{
    unsigned idx = A64_MO_IDX(memop);
    return idx < TLB_MMU_IDX_COUNT ? idx : A64_MMU_IDX_PHYS;
}

static unsigned memop_size(unsigned memop)
{
    unsigned lg = memop & IR_MO_SIZE;
    /* 128-bit accesses are split by the lifter; the 64-bit slow path sees
     * at most 8 bytes. */
    return lg > 3 ? 8 : 1u << lg;
}

/* ---- load/store slow paths ------------------------------------------- */

/* Read size bytes within one page through its TLB entry e. */
static uint64_t page_read(A64Cpu *cpu, TlbEntry *e, uint64_t va, unsigned size, uint64_t pc)
{
    if (!(e->tag_read & TLB_MMIO)) {
        uint64_t v = 0;
        memcpy(&v, (void *)(uintptr_t)(va + e->addend), size);
        return v;
    }
    return phys_read(cpu, e->pa_page | (va & ~A64_PAGE_MASK), size, va, pc);
}

static void page_write(A64Cpu *cpu, TlbEntry *e, uint64_t va, unsigned size, uint64_t value,
                       uint64_t pc)
{
    if (e->tag_write & TLB_MMIO) {
        phys_write(cpu, e->pa_page | (va & ~A64_PAGE_MASK), size, value, va, pc);
        return;
    }
    if (e->tag_write & TLB_NOTDIRTY) {
        /* The page holds translated code: invalidate it first, then the
         * page is plain RAM again until code is translated from it. */
        if (as_page_has_code(cpu->as, e->pa_page)) {
            as_notify_code_write(cpu->as, e->pa_page);
        }
        e->tag_write &= ~TLB_NOTDIRTY;
    }
    memcpy((void *)(uintptr_t)(va + e->addend), &value, size);
}

uint64_t a64_load_slow(void *opaque, uint64_t va, unsigned memop, uint64_t pc)
{
    A64Cpu *cpu = opaque;
    unsigned size = memop_size(memop);
    unsigned idx = memop_idx(memop);
    uint64_t v;

    check_align(cpu, va, size, needs_align(cpu, memop, idx), A64_ACC_READ, pc);
    unsigned in_page = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
    if (size <= in_page) {
        TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_READ, idx, size, pc);
        v = page_read(cpu, e, va, size, pc);
    } else {
        /* Page-crossing: translate both pages before reading either, the
         * second page's faults reported at its first byte (as QEMU). */
        uint64_t va2 = va + in_page;
        TlbEntry *e1 = tlb_lookup(cpu, va, A64_ACC_READ, idx, size, pc);
        TlbEntry *e2 = tlb_lookup(cpu, va2, A64_ACC_READ, idx, size, pc);
        /* Consecutive pages use different TLB slots, so e1 is still valid. */
        uint64_t lo = page_read(cpu, e1, va, in_page, pc);
        v = lo | (page_read(cpu, e2, va2, size - in_page, pc) << (8 * in_page));
    }
    if ((memop & IR_MO_SIGN) && size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return v;
}

void a64_store_slow(void *opaque, uint64_t va, uint64_t value, unsigned memop, uint64_t pc)
{
    A64Cpu *cpu = opaque;
    unsigned size = memop_size(memop);
    unsigned idx = memop_idx(memop);

    check_align(cpu, va, size, needs_align(cpu, memop, idx), A64_ACC_WRITE, pc);
    unsigned in_page = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
    if (size <= in_page) {
        TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_WRITE, idx, size, pc);
        page_write(cpu, e, va, size, value, pc);
        return;
    }
    /* Page-crossing store: both pages are translated before any byte is
     * written, so a translation fault on either part leaves memory
     * unchanged. An external abort on the second part's physical access
     * comes after the first part was written, exactly as QEMU does. */
    uint64_t va2 = va + in_page;
    unsigned n2 = size - in_page;
    TlbEntry *e1 = tlb_lookup(cpu, va, A64_ACC_WRITE, idx, size, pc);
    TlbEntry *e2 = tlb_lookup(cpu, va2, A64_ACC_WRITE, idx, size, pc);
    /* consecutive pages use different TLB slots: e1 is still valid */
    page_write(cpu, e1, va, in_page, value, pc);
    page_write(cpu, e2, va2, n2, value >> (8 * in_page), pc);
}

/* ---- instruction fetch -------------------------------------------------- */

bool a64_fetch_insn(A64Cpu *cpu, uint64_t va, uint32_t *insn, uint64_t *pa,
                    A64Exception *exc)
{
    unsigned idx = a64_mmu_idx(cpu);
    if (idx >= TLB_MMU_IDX_COUNT) {
        idx = A64_MMU_IDX_PHYS;
    }
    uint64_t pc = va;
    uint64_t p;
    if (!a64_translate_va(cpu, va, A64_ACC_EXEC, idx, pc, &p, exc)) {
        return false;
    }
    MemRegion *mr = as_find(cpu->as, p);
    MmuFault ai = fault_of(MMU_FAULT_SYNC_EXT, false);
    if (!mr || p - mr->base + 4 > mr->size) {
        /* Unassigned: QEMU reports a decode error (EA = 0). */
        abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, false, exc);
        return false;
    }
    if (mr->kind == MR_MMIO) {
        uint64_t v = 0;
        unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
        unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
        if (4 < min || 4 > max || !mr->ops->read) {
            abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, false, exc);
            return false;
        }
        if (!mr->ops->read(mr->opaque, p - mr->base, 4, &v)) {
            ai.ea = true;
            abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, false, exc);
            return false;
        }
        *insn = (uint32_t)v;
        *pa = p;
        return true;
    }
    uint64_t pa_page = p & A64_PAGE_MASK;
    if (mr->kind == MR_RAM && !as_page_has_code(cpu->as, pa_page)) {
        /* The page is about to hold translated code: stores to it must
         * take the slow path from now on (TLB_NOTDIRTY). */
        as_mark_code(cpu->as, pa_page);
        tlb_flush_phys_write(&cpu->tlb, pa_page);
    }
    uint32_t w;
    memcpy(&w, mr->host + (p - mr->base), 4);
    *insn = w;
    *pa = p;
    return true;
}

/* ---- helpers' accesses ---------------------------------------------------- */

void *a64_host_rmw(A64Cpu *cpu, uint64_t va, unsigned size, bool align, unsigned mmu_idx,
                   uint64_t pc)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT) {
        mmu_idx = A64_MMU_IDX_PHYS;
    }
    unsigned memop = align ? IR_MO_ALIGN : 0;
    /* QEMU (single vCPU) performs an atomic as load-then-store, so its
     * faults before the read report WnR = 0; we do the same. */
    if (size & (size - 1) || size > 16) {
        size = 8;
    }
    check_align(cpu, va, size, needs_align(cpu, memop, mmu_idx), A64_ACC_READ, pc);
    if ((va & ~A64_PAGE_MASK) + size > A64_PAGE_SIZE) {
        return NULL; /* page-crossing (only possible unaligned): slow path */
    }
    TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_READ, mmu_idx, size, pc);
    if (e->tag_read & TLB_MMIO) {
        return NULL;
    }
    e = tlb_lookup(cpu, va, A64_ACC_WRITE, mmu_idx, size, pc);
    if (e->tag_write & TLB_MMIO) {
        return NULL;
    }
    if (e->tag_write & TLB_NOTDIRTY) {
        if (as_page_has_code(cpu->as, e->pa_page)) {
            as_notify_code_write(cpu->as, e->pa_page);
        }
        e->tag_write &= ~TLB_NOTDIRTY;
    }
    return (void *)(uintptr_t)(va + e->addend);
}

static unsigned size_log2(unsigned size)
{
    return size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

uint64_t a64_read_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t pc)
{
    unsigned memop = size_log2(size) | (a64_mmu_idx(cpu) << A64_MO_IDX_SHIFT);
    return a64_load_slow(cpu, va, memop, pc);
}

void a64_write_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t value, uint64_t pc)
{
    unsigned memop = size_log2(size) | (a64_mmu_idx(cpu) << A64_MO_IDX_SHIFT);
    a64_store_slow(cpu, va, value, memop, pc);
}

bool a64_read_mem_nofault(A64Cpu *cpu, uint64_t va, void *buf, size_t len)
{
    unsigned idx = a64_mmu_idx(cpu);
    uint8_t *out = buf;
    while (len > 0) {
        size_t chunk = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
        if (chunk > len) {
            chunk = len;
        }
        uint64_t pa;
        A64Exception exc;
        if (!a64_translate_va(cpu, va, A64_ACC_READ, idx, cpu->pc, &pa, &exc)) {
            return false;
        }
        /* RAM/ROM only: a debug read must not have device side effects. */
        void *host = as_host_ptr(cpu->as, pa, chunk);
        if (!host) {
            return false;
        }
        memcpy(out, host, chunk);
        out += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

/* ---- control-register changes --------------------------------------------- */

void a64_mmu_ctrl_changed(A64Cpu *cpu)
{
    tlb_flush_all(&cpu->tlb);
}

void a64_mmu_asid_changed(A64Cpu *cpu)
{
    MmuRegime r;
    a64_mmu_regime(cpu, 1, &r);
    tlb_ctx_switch(&cpu->tlb, A64_MMU_IDX_EL10_MASK, a64_current_vmid(cpu),
                   mmu_regime_asid(&r));
    a64_mmu_regime(cpu, 2, &r);
    if (r.e20) {
        tlb_ctx_switch(&cpu->tlb, a64_regime_idx_mask(2), 0, mmu_regime_asid(&r));
    }
}

/* ---- cache maintenance, DC ZVA, AT ------------------------------------------ */

/* DDI 0487 D7.5.9.? "Data and unified caches: ... by VA" and the Permission
 * fault rules of AArch64.CheckPermission: a clean/invalidate by VA can take
 * Translation, Address size and Access flag faults; a Permission fault
 * only for DC IVAC without write permission, or at EL0 without read
 * permission (IC IVAU: IMPLEMENTATION DEFINED, we fault). Reported as a
 * Data Abort with CM = 1 and WnR = 1. No caches are modelled, so nothing
 * else happens. */
void a64_cmo_check(A64Cpu *cpu, uint64_t va, bool write, uint64_t pc)
{
    unsigned idx = clamp_idx(a64_mmu_idx(cpu));
    A64Access acc = write ? A64_ACC_WRITE : A64_ACC_READ;
    TlbEntry *e = tlb_entry(&cpu->tlb, idx, va);
    if (tag_matches(*entry_tag(e, acc), va)) {
        return; /* mapped with that permission: no fault possible */
    }
    MmuRegime r;
    MmuResult res;
    MmuFault f;
    a64_mmu_regime(cpu, regime_el(cpu, idx), &r);
    MmuAccess a = (write ? MMU_ACC_WRITE : MMU_ACC_READ) | MMU_ACC_CMO |
                  (a64_current_el(cpu) == 0 ? MMU_ACC_UNPRIV : 0);
    if (!mmu_translate(&r, va, a, &res, &f)) {
        A64Exception exc;
        abort_exception(cpu, acc, va, pc, &f, true, &exc);
        a64_raise(cpu, &exc);
    }
}

/* DC ZVA (C5.3.? "DC ZVA"): a store of the whole block for translation
 * and permissions (faults with CM = 0, FAR = the block's address, as
 * QEMU), an Alignment fault on Device memory (AArch64.FirstStageTranslate:
 * DC ZVA to Device memory is always treated as unaligned), then zeroes as
 * ordinary stores so that MMIO, ROM and code-page tracking behave as for
 * STR. */
void a64_dc_zva(A64Cpu *cpu, uint64_t va, uint64_t pc)
{
    unsigned bytes = 4u << (cpu->sr.id.dczid & 0xf);
    uint64_t base = va & ~(uint64_t)(bytes - 1);
    unsigned idx = clamp_idx(a64_mmu_idx(cpu));
    TlbEntry *e = tlb_lookup(cpu, base, A64_ACC_WRITE, idx, 0, pc);
    if (e->attrs & TLB_ATTR_DEVICE) {
        raise_abort(cpu, A64_ACC_WRITE, base, pc, MMU_FAULT_ALIGNMENT, false);
    }
    for (unsigned off = 0; off < bytes; off += 8) {
        a64_write_mem(cpu, base + off, 8, 0, pc);
    }
}

/* PAR_EL1.SH for a successful AT: the shareability of the translation as
 * QEMU 7.2 reports it: the descriptor's SH for a stage-1 result (QEMU 7.2
 * does not apply PAREncodeShareability's Outer Shareable rule there, a
 * guest test checks a Device page), the combined value with stage 2
 * (Device and Normal Non-cacheable are then Outer Shareable). */
static unsigned par_sh(const MmuResult *res)
{
    return res->sh;
}

/* AT S1E* (C5.4 "A64 system instructions for address translation"): the
 * same walk as an access, into PAR_EL1 (D19.2.? PAR_EL1, 64-bit format;
 * bit 11 is RES1 in both forms). F = 0: PA[47:12], NS, SH, ATTR (MAIR
 * byte). F = 1: FST, PTW and S (stage 2, later). Only a synchronous
 * external abort on the walk is taken as an exception (D8.? "Address
 * translation instructions": CM = 1). No TLB entry is made. */
uint64_t a64_at(A64Cpu *cpu, unsigned regime_el, MmuAccess acc, uint64_t va, uint64_t pc)
{
    MmuRegime r;
    MmuResult res;
    MmuFault f;
    a64_mmu_regime(cpu, regime_el, &r);
    if (mmu_translate(&r, va, acc, &res, &f)) {
        return (res.pa & 0x0000fffffffff000ull) | ((uint64_t)res.attr << 56) |
               (1ull << 11) | (res.ns ? 1ull << 9 : 0) | ((uint64_t)par_sh(&res) << 7);
    }
    /* QEMU's do_ats_write: a stage-2 fault on the stage-1 walk of an AT
     * executed at EL1 is taken to EL2; a synchronous external abort on
     * the walk is always taken. */
    if ((f.s1ptw && a64_current_el(cpu) == 1) || f.type == MMU_FAULT_SYNC_EXT_WALK) {
        A64Exception exc;
        abort_exception(cpu, A64_ACC_READ, va, pc, &f, true, &exc);
        a64_raise(cpu, &exc);
    }
    return 1ull | ((uint64_t)mmu_fault_fsc(&f) << 1) | (1ull << 11) |
           (f.s1ptw ? 1ull << 8 : 0) | (f.stage2 ? 1ull << 9 : 0);
}
