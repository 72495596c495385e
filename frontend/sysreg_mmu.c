/* SPDX-License-Identifier: MIT */
/*
 * sysreg_mmu.c - the MMU's part of the system-register table: TLB
 * maintenance (TLBI, DDI 0487 C5.5 and D8.14), address translation (AT,
 * C5.4), the EL2/EL3 translation controls (SCTLR/TCR/TTBR0/MAIR/AMAIR of
 * EL2 and EL3), and the write hooks of the translation controls and of the
 * cache maintenance instructions by VA (also used by the base table's EL1
 * rows, frontend/sysreg_table.c).
 *
 * TLBI operands (D8.14.? "TLB maintenance instruction operands"): VA[55:12]
 * in Xt[43:0], the ASID in Xt[63:48] (only [55:48] with 8-bit ASIDs); TTL
 * (Xt[47:44], FEAT_TTL) is not implemented and ignored. A "last level"
 * (VALE*) operation invalidates what VAE* does: only leaf entries are ever
 * cached. The Inner Shareable (IS) forms also ask every other vCPU of the
 * machine for a flush, which each applies at its next block boundary
 * (TLBI ... IS, and every EL1 form at EL1 with HCR_EL2.FB) is applied to
 * every vCPU's TLB directly, and the others are asked to leave their
 * chained blocks (exit_request): all vCPUs share one host thread
 * (round-robin), so the other TLBs are not in use meanwhile. With one host
 * thread per vCPU this must become a request the issuing DSB waits for
 * (tlb_request_flush is kept for that).
 *
 * Stage 2: entries are combined stage-1+2 translations tagged with the
 * VMID (mmu/tlb.h), so IPAS2E1/IPAS2LE1 (by IPA) drop every entry of the
 * current VMID (a superset, which the architecture permits; software
 * follows them with VMALLE1 anyway), VMALLS12E1 and VMALLE1 every entry
 * of the current VMID, ALLE1 every VMID's. With HCR_EL2.{E2H,TGE} = {1,1}
 * the EL1 forms executed at EL2 act on the EL2&0 regime.
 *
 * Not implemented (UNDEFINED, as the ID registers say): FEAT_TLBIOS (the
 * OS forms), FEAT_TLBIRANGE, FEAT_DPB (DC CVAP).
 */
#include "sysreg_mmu.h"

#include <stddef.h>
#include <string.h>

#include "../devices/virt.h"
#include "../translator/log.h"
#include "memaccess.h"
#include "sysreg_el2.h"

#define F(f) SR_FIELD(f)

#define HCR_FB (1ull << 9)

static bool has_el2(const A64Features *f) { return f->el2; }
static bool has_el3(const A64Features *f) { return f->el3; }
static bool has_vhe(const A64Features *f) { return f->el2 && f->vhe; }

/* ---- translation controls ------------------------------------------------ */

/* The EL n of a row stored in one of the uint64_t[4] arrays at base. */
static unsigned row_el(const SysRegInfo *ri, size_t base)
{
    return (unsigned)(((size_t)ri->fieldoffset - base) / sizeof(uint64_t)) & 3;
}

static uint64_t *row_field(A64Cpu *cpu, const SysRegInfo *ri)
{
    return (uint64_t *)((uint8_t *)cpu + ri->fieldoffset);
}

/* Drop the TLB entries of regime el's regime (EL0 counts as EL1&0). */
static void flush_regime(A64Cpu *cpu, unsigned el)
{
    tlb_flush_idx(&cpu->tlb, a64_regime_idx_mask(el == 0 ? 1 : el));
}

/* SCTLR_ELx: stored as written (as QEMU does), except the FEAT_MTE fields,
 * which are RES0 here. M and WXN are cached in TLB entries (the mapping and
 * its execute permission): a change drops the regime's entries. M and A
 * are translation flags, so the rows end the block (SR_ENDS_TB). */
#define SCTLR_MTE_BITS ((1ull << 37) | (3ull << 38) | (3ull << 40) | (1ull << 42) | \
                        (1ull << 43))

void a64_sctlr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned el = row_el(ri, offsetof(A64Cpu, sr.sctlr_el));
    uint64_t *p = row_field(cpu, ri);
    uint64_t old = *p;
    v &= ~(SCTLR_MTE_BITS | ri->res0);
    if ((v & (SCTLR_EE | SCTLR_E0E)) && !(old & (SCTLR_EE | SCTLR_E0E))) {
        log_unimp_once("sctlr:be", "SCTLR_ELx.EE/E0E: big-endian data accesses are not "
                       "implemented (ID_AA64MMFR0.BigEnd = 0)\n");
    }
    *p = v;
    if ((old ^ v) & (SCTLR_M | SCTLR_WXN)) {
        flush_regime(cpu, el);
    }
}

/* TCR_ELx: every field describes the walk (and TCR fields may be cached in
 * TLB entries): a change drops the regime's entries; for EL1 the ASID
 * (A1, AS) follows. */
void a64_tcr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned el = row_el(ri, offsetof(A64Cpu, sr.tcr_el));
    uint64_t *p = row_field(cpu, ri);
    uint64_t old = *p;
    *p = v & ~ri->res0;
    if (old != *p) {
        flush_regime(cpu, el);
        if (el <= 2) {
            a64_mmu_asid_changed(cpu);
        }
    }
}

/* VTCR_EL2 (D19.2.?): the stage-2 walk parameters of every VMID; cached
 * in the combined entries, so a change drops the EL1&0 entries; VS (16-bit
 * VMIDs) may change the current VMID. Bit 31 is RES1. */
static void vtcr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    uint64_t old = cpu->sr.vtcr_el2;
    cpu->sr.vtcr_el2 = (v & ~ri->res0) | (1ull << 31);
    if (old != cpu->sr.vtcr_el2) {
        flush_regime(cpu, 1);
        a64_mmu_asid_changed(cpu);
    }
}

/* VTTBR_EL2: a new VMID is a VM switch: the TLB parks the old VMID's
 * entries (no flush); a new base address alone needs the software's TLBI
 * (as a new TTBR). */
static void vttbr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->sr.vttbr_el2 = v & ~ri->res0;
    a64_mmu_asid_changed(cpu);
}

/* TTBRn_ELx: a new table base needs no TLB maintenance by itself (the
 * software's TLBI covers reuse of an ASID); a new EL1&0 ASID is a context
 * switch: tlb_asid_switch parks the old ASID's entries (no flush). */
void a64_ttbr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    uint64_t *p = row_field(cpu, ri);
    *p = v & ~ri->res0;
    size_t off = (size_t)ri->fieldoffset;
    if (off == offsetof(A64Cpu, sr.ttbr0_el[1]) || off == offsetof(A64Cpu, sr.ttbr1_el[1]) ||
        off == offsetof(A64Cpu, sr.ttbr0_el[2]) || off == offsetof(A64Cpu, sr.ttbr1_el[2])) {
        a64_mmu_asid_changed(cpu);
    }
}

/* MAIR_ELx: the attributes are cached in TLB entries (Device or not). */
void a64_mair_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned el = row_el(ri, offsetof(A64Cpu, sr.mair_el));
    uint64_t *p = row_field(cpu, ri);
    uint64_t old = *p;
    *p = v & ~ri->res0;
    if (old != *p) {
        flush_regime(cpu, el);
    }
}

/* ---- cache maintenance by VA ---------------------------------------------- */

void a64_dc_clean_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va)
{
    a64_cmo_check(cpu, va, false, cpu->pc);
}

void a64_dc_ivac_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va)
{
    a64_cmo_check(cpu, va, true, cpu->pc);
}

void a64_dc_zva_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va)
{
    a64_dc_zva(cpu, va, cpu->pc);
}

/* ---- TLBI ------------------------------------------------------------------ */

/* One TLB invalidation, as applied to any vCPU's TLB. */
typedef enum { TLBI_ALL, TLBI_VA, TLBI_ASID, TLBI_VMID } TlbiKind;
typedef struct TlbiOp {
    TlbiKind kind;
    unsigned mask;     /* MMU indexes */
    uint64_t va;
    int asid;          /* TLBI_VA: -1 any; TLBI_ASID: the ASID */
    uint16_t vmid;     /* TLBI_VMID */
} TlbiOp;

static void tlbi_apply(Tlb *t, const TlbiOp *op)
{
    switch (op->kind) {
    case TLBI_ALL:
        tlb_flush_idx(t, op->mask);
        break;
    case TLBI_VA:
        tlb_flush_va(t, op->mask, op->va, op->asid);
        break;
    case TLBI_ASID:
        tlb_flush_asid(t, op->mask, (uint16_t)op->asid);
        break;
    case TLBI_VMID:
        tlb_flush_vmid(t, op->mask, op->vmid);
        break;
    }
}

/* Inner Shareable: every vCPU of the machine (see the top comment). */
static void tlbi_broadcast(A64Cpu *cpu, const TlbiOp *op)
{
    Machine *m = cpu->machine;
    if (m == NULL) {
        return;
    }
    for (unsigned i = 0; i < m->ncpus && i < VIRT_MAX_CPUS; i++) {
        A64Cpu *o = m->cpus[i];
        if (o != NULL && o != cpu) {
            tlbi_apply(&o->tlb, op);
            __atomic_store_n(&o->exit_request, 1, __ATOMIC_SEQ_CST);
        }
    }
}

static uint64_t tlbi_va(uint64_t x)
{
    return (x & 0x00000fffffffffffull) << 12;
}

/* The ASID operand of regime el (1: EL1&0, 2: EL2&0), 8 bits unless
 * TCR.AS selects 16. */
static uint16_t tlbi_asid(A64Cpu *cpu, unsigned el, uint64_t x)
{
    MmuRegime r;
    a64_mmu_regime(cpu, el, &r);
    uint16_t asid = (uint16_t)(x >> 48);
    if (!((r.tcr >> 36) & 1) || !(r.features & MMU_FEAT_ASID16)) {
        asid &= 0xff;
    }
    return asid;
}

static bool e2h_tge(const A64Cpu *cpu)
{
    const uint64_t both = A64_HCR_E2H | A64_HCR_TGE;
    return cpu->feat.vhe && (cpu->sr.hcr_el2 & both) == both;
}

/* One handler for every TLBI: the encoding says which. */
static void tlbi_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t x)
{
    unsigned el = a64_current_el(cpu);
    unsigned el1 = A64_MMU_IDX_EL10_MASK;
    unsigned el2 = a64_regime_idx_mask(2), el3 = a64_regime_idx_mask(3);
    bool is = ri->crm == 3 || ri->crm == 0;
    TlbiOp op = { .kind = TLBI_ALL, .mask = 0, .asid = -1 };

    switch (ri->op1) {
    case 0: { /* EL1&0 (EL2&0 at EL2 with E2H+TGE), current VMID */
        bool host = el == 2 && e2h_tge(cpu);
        unsigned rel = host ? 2 : 1;
        op.mask = host ? el2 : el1;
        /* HCR_EL2.FB: EL1's TLBIs are broadcast in the Inner Shareable
         * domain. */
        if (el == 1 && cpu->feat.el2 && (cpu->sr.hcr_el2 & HCR_FB)) {
            is = true;
        }
        switch (ri->op2) {
        case 0: /* VMALLE1 */
            if (host) {
                op.kind = TLBI_ALL;
            } else {
                op.kind = TLBI_VMID;
                op.vmid = a64_current_vmid(cpu);
            }
            break;
        case 1: /* VAE1 */
        case 5: /* VALE1 */
            op.kind = TLBI_VA;
            op.va = tlbi_va(x);
            op.asid = tlbi_asid(cpu, rel, x);
            break;
        case 2: /* ASIDE1 */
            op.kind = TLBI_ASID;
            op.asid = tlbi_asid(cpu, rel, x);
            break;
        case 3: /* VAAE1 */
        case 7: /* VAALE1 */
            op.kind = TLBI_VA;
            op.va = tlbi_va(x);
            break;
        default:
            return;
        }
        break;
    }
    case 4: /* from EL2 */
        if (ri->crm == 0 || ri->crm == 4) {
            /* IPAS2E1, IPAS2LE1: the combined entries of the current VMID */
            op.kind = TLBI_VMID;
            op.mask = el1;
            op.vmid = a64_current_vmid(cpu);
            break;
        }
        switch (ri->op2) {
        case 0: /* ALLE2 */
            op.mask = el2;
            break;
        case 1: /* VAE2 */
        case 5: /* VALE2: with E2H, global entries and those of the ASID */
            op.kind = TLBI_VA;
            op.mask = el2;
            op.va = tlbi_va(x);
            if (cpu->feat.vhe && (cpu->sr.hcr_el2 & A64_HCR_E2H)) {
                op.asid = tlbi_asid(cpu, 2, x);
            }
            break;
        case 4: /* ALLE1: every VMID */
            op.mask = el1;
            break;
        case 6: /* VMALLS12E1: stage 1 and 2, current VMID */
            op.kind = TLBI_VMID;
            op.mask = el1;
            op.vmid = a64_current_vmid(cpu);
            break;
        default:
            return;
        }
        break;
    case 6: /* from EL3 */
        op.mask = el3;
        if (ri->op2 != 0) { /* VAE3, VALE3 */
            op.kind = TLBI_VA;
            op.va = tlbi_va(x);
        }
        break;
    default:
        return;
    }
    tlbi_apply(&cpu->tlb, &op);
    if (is) {
        tlbi_broadcast(cpu, &op);
    }
}

/* ---- AT --------------------------------------------------------------------- */

/* AT S1E1RP/S1E1WP exist with FEAT_PAN2 (ID_AA64MMFR1.PAN >= 2). */
static SysRegResult access_at_pan2(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return ((cpu->sr.id.mmfr1 >> 20) & 0xf) >= 2 ? SYSREG_OK : SYSREG_UNDEF;
}

/* AT S1E2* from EL3 with SCR_EL3.NS == 0: there is no Secure EL2. */
static SysRegResult access_at_s1e2(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (a64_current_el(cpu) == 3 && !(cpu->sr.scr_el3 & 1)) {
        return SYSREG_UNDEF;
    }
    return SYSREG_OK;
}

static void at_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va)
{
    MmuAccess acc = (ri->op2 & 1) ? MMU_ACC_WRITE : MMU_ACC_READ;
    unsigned el = 1;

    switch (ri->op1) {
    case 0:
        /* S1E1*, S1E0*: stage 1 only (the IPA with stage 2 on); at EL2
         * with E2H+TGE they translate in the EL2&0 regime. */
        acc |= MMU_ACC_S1_ONLY;
        if (a64_current_el(cpu) == 2 && e2h_tge(cpu)) {
            el = 2;
        }
        if (ri->crm == 9) { /* S1E1RP, S1E1WP: PSTATE.PAN applies */
            if (cpu->pstate & PSTATE_PAN) {
                acc |= MMU_ACC_PAN;
            }
        } else if (ri->op2 & 2) { /* S1E0R, S1E0W */
            acc |= MMU_ACC_UNPRIV;
        }
        break;
    case 4:
        if (ri->op2 < 4) { /* S1E2R, S1E2W (EL2 or EL2&0) */
            el = 2;
        } else if (ri->op2 & 2) { /* S12E0R, S12E0W: stages 1 and 2 */
            acc |= MMU_ACC_UNPRIV;
        }
        break;
    case 6: /* S1E3R, S1E3W */
        el = 3;
        break;
    }
    cpu->sr.par_el1 = a64_at(cpu, el, acc, va, cpu->pc);
}

/* ---- the table ---------------------------------------------------------------- */

#define TLBI(nm, o1, m, o2, acc, pres)                                              \
    { .name = "TLBI " nm, .op0 = 1, .op1 = o1, .crn = 8, .crm = m, .op2 = o2,        \
      .access = acc, .type = SR_SYS, .present = pres, .fieldoffset = SR_NO_FIELD,    \
      .writefn = tlbi_write }
/* EL1 forms: HCR_EL2.TTLB traps them to EL2 (a64_access_ttlb, [el2]). */
#define TLBI1(nm, m, o2)                                                            \
    { .name = "TLBI " nm, .op0 = 1, .op1 = 0, .crn = 8, .crm = m, .op2 = o2,         \
      .access = SR_ACC_PL1_W, .type = SR_SYS | SR_HTRAP_ACCESSFN,                    \
      .fieldoffset = SR_NO_FIELD, .accessfn = a64_access_ttlb, .writefn = tlbi_write }
#define TLBI2(nm, m, o2) TLBI(nm, 4, m, o2, SR_PL2_W | SR_PL3_W, has_el2)
#define TLBI3(nm, m, o2) TLBI(nm, 6, m, o2, SR_PL3_W, has_el3)

#define AT(nm, o1, m, o2, acc, pres, afn)                                           \
    { .name = "AT " nm, .op0 = 1, .op1 = o1, .crn = 7, .crm = m, .op2 = o2,          \
      .access = acc, .type = SR_SYS | SR_RAISES_EXC, .present = pres,                \
      .fieldoffset = SR_NO_FIELD, .accessfn = afn, .writefn = at_write }

#define CTRL(nm, o1, n, m, o2, acc, pres, fld, rst, wfn, extra)                     \
    { .name = nm, .op0 = 3, .op1 = o1, .crn = n, .crm = m, .op2 = o2, .access = acc,  \
      .type = extra, .present = pres, .fieldoffset = F(fld), .resetvalue = rst,      \
      .writefn = wfn }

/* SCTLR_EL2/EL3 reset to their RES1 bits (29:28, 23:22, 18, 16, 11, 5:4):
 * MMU, caches and alignment checks off, little-endian. TCR_EL2/EL3 bits
 * 31 and 23 are RES1. */
#define SCTLR_EL23_RES1 0x30c50830ull
#define TCR_EL23_RES1 0x80800000ull

const SysRegInfo a64_sysreg_mmu_table[] = {
    /* -- TLB maintenance, EL1&0 (C5.5) ---------------------------------------- */
    TLBI1("VMALLE1IS", 3, 0), TLBI1("VAE1IS", 3, 1), TLBI1("ASIDE1IS", 3, 2),
    TLBI1("VAAE1IS", 3, 3), TLBI1("VALE1IS", 3, 5), TLBI1("VAALE1IS", 3, 7),
    TLBI1("VMALLE1", 7, 0), TLBI1("VAE1", 7, 1), TLBI1("ASIDE1", 7, 2),
    TLBI1("VAAE1", 7, 3), TLBI1("VALE1", 7, 5), TLBI1("VAALE1", 7, 7),
    /* -- EL2 and stage 2 (EL2 and EL3 only) -------------------------------- */
    TLBI2("IPAS2E1IS", 0, 1), TLBI2("IPAS2LE1IS", 0, 5),
    TLBI2("ALLE2IS", 3, 0), TLBI2("VAE2IS", 3, 1), TLBI2("ALLE1IS", 3, 4),
    TLBI2("VALE2IS", 3, 5), TLBI2("VMALLS12E1IS", 3, 6),
    TLBI2("IPAS2E1", 4, 1), TLBI2("IPAS2LE1", 4, 5),
    TLBI2("ALLE2", 7, 0), TLBI2("VAE2", 7, 1), TLBI2("ALLE1", 7, 4),
    TLBI2("VALE2", 7, 5), TLBI2("VMALLS12E1", 7, 6),
    /* -- EL3 ----------------------------------------------------------------- */
    TLBI3("ALLE3IS", 3, 0), TLBI3("VAE3IS", 3, 1), TLBI3("VALE3IS", 3, 5),
    TLBI3("ALLE3", 7, 0), TLBI3("VAE3", 7, 1), TLBI3("VALE3", 7, 5),

    /* -- Address translation (C5.4) into PAR_EL1 ------------------------------ */
    AT("S1E1R", 0, 8, 0, SR_ACC_PL1_W, NULL, NULL),
    AT("S1E1W", 0, 8, 1, SR_ACC_PL1_W, NULL, NULL),
    AT("S1E0R", 0, 8, 2, SR_ACC_PL1_W, NULL, NULL),
    AT("S1E0W", 0, 8, 3, SR_ACC_PL1_W, NULL, NULL),
    AT("S1E1RP", 0, 9, 0, SR_ACC_PL1_W, NULL, access_at_pan2),
    AT("S1E1WP", 0, 9, 1, SR_ACC_PL1_W, NULL, access_at_pan2),
    AT("S1E2R", 4, 8, 0, SR_PL2_W | SR_PL3_W, has_el2, access_at_s1e2),
    AT("S1E2W", 4, 8, 1, SR_PL2_W | SR_PL3_W, has_el2, access_at_s1e2),
    AT("S12E1R", 4, 8, 4, SR_PL2_W | SR_PL3_W, has_el2, NULL),
    AT("S12E1W", 4, 8, 5, SR_PL2_W | SR_PL3_W, has_el2, NULL),
    AT("S12E0R", 4, 8, 6, SR_PL2_W | SR_PL3_W, has_el2, NULL),
    AT("S12E0W", 4, 8, 7, SR_PL2_W | SR_PL3_W, has_el2, NULL),
    AT("S1E3R", 6, 8, 0, SR_PL3_W, has_el3, NULL),
    AT("S1E3W", 6, 8, 1, SR_PL3_W, has_el3, NULL),

    /* -- EL2 (non-VHE) and EL3 translation controls (D19.2) ---------------- */
    CTRL("SCTLR_EL2", 4, 1, 0, 0, SR_ACC_PL2_RW, has_el2, sr.sctlr_el[2], SCTLR_EL23_RES1,
         a64_sctlr_write, SR_ENDS_TB),
    CTRL("TTBR0_EL2", 4, 2, 0, 0, SR_ACC_PL2_RW, has_el2, sr.ttbr0_el[2], 0,
         a64_ttbr_write, 0),
    CTRL("TCR_EL2", 4, 2, 0, 2, SR_ACC_PL2_RW, has_el2, sr.tcr_el[2], TCR_EL23_RES1,
         a64_tcr_write, 0),
    /* EL2&0 (FEAT_VHE): TTBR1_EL2; with E2H, TCR_EL2 has TCR_EL1's layout */
    CTRL("TTBR1_EL2", 4, 2, 0, 1, SR_ACC_PL2_RW, has_vhe, sr.ttbr1_el[2], 0,
         a64_ttbr_write, 0),
    /* Stage 2 (D19.2.?): VTCR_EL2 (bit 31 RES1), VTTBR_EL2, HPFAR_EL2
     * (written by a stage-2 abort: FIPA = IPA[47:12] at [43:4]). */
    CTRL("VTCR_EL2", 4, 2, 1, 2, SR_ACC_PL2_RW, has_el2, sr.vtcr_el2, 1ull << 31, vtcr_write,
         0),
    CTRL("VTTBR_EL2", 4, 2, 1, 0, SR_ACC_PL2_RW, has_el2, sr.vttbr_el2, 0, vttbr_write, 0),
    CTRL("HPFAR_EL2", 4, 6, 0, 4, SR_ACC_PL2_RW, has_el2, sr.hpfar_el2, 0, NULL, 0),
    CTRL("MAIR_EL2", 4, 10, 2, 0, SR_ACC_PL2_RW, has_el2, sr.mair_el[2], 0,
         a64_mair_write, 0),
    CTRL("AMAIR_EL2", 4, 10, 3, 0, SR_ACC_PL2_RW, has_el2, sr.amair_el[2], 0, NULL, 0),
    CTRL("SCTLR_EL3", 6, 1, 0, 0, SR_ACC_PL3_RW, has_el3, sr.sctlr_el[3], SCTLR_EL23_RES1,
         a64_sctlr_write, SR_ENDS_TB),
    CTRL("TTBR0_EL3", 6, 2, 0, 0, SR_ACC_PL3_RW, has_el3, sr.ttbr0_el[3], 0,
         a64_ttbr_write, 0),
    CTRL("TCR_EL3", 6, 2, 0, 2, SR_ACC_PL3_RW, has_el3, sr.tcr_el[3], TCR_EL23_RES1,
         a64_tcr_write, 0),
    CTRL("MAIR_EL3", 6, 10, 2, 0, SR_ACC_PL3_RW, has_el3, sr.mair_el[3], 0,
         a64_mair_write, 0),
    CTRL("AMAIR_EL3", 6, 10, 3, 0, SR_ACC_PL3_RW, has_el3, sr.amair_el[3], 0, NULL, 0),
};

const size_t a64_sysreg_mmu_table_size =
    sizeof(a64_sysreg_mmu_table) / sizeof(a64_sysreg_mmu_table[0]);
