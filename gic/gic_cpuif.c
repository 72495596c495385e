/* SPDX-License-Identifier: MIT */
/*
 * gic_cpuif.c - the GICv3 CPU interface as system registers: ICC_* (IHI
 * 0069 12.2), the virtual CPU interface ICV_* that EL1 reaches through the
 * same encodings when HCR_EL2.IMO/FMO route interrupts to EL2 (12.3), and
 * the hypervisor's ICH_* list registers (12.4). The active-priority and
 * list-register logic here also backs GICv2's GICC and GICV/GICH.
 *
 * One security state: ICC registers have the Non-secure view (Group 1 is
 * the Non-secure group 1 of QEMU's model, which uses BPR1 - 1 as its
 * binary point). Priorities: 5 bits at the CPU interface and 5 virtual
 * bits, as QEMU 7.2's cortex-a57/a72/max (gic_pribits, gic_vpribits).
 */
#include "gic_internal.h"

#include <string.h>

#include "../frontend/exception.h"
#include "../frontend/sysregs.h"

#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)

#define ICC_CTLR_CBPR (1ull << 0)
#define ICC_CTLR_EOIMODE (1ull << 1)

/* ICH_HCR_EL2 */
#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)
#define ICH_HCR_LRENPIE (1ull << 2)
#define ICH_HCR_NPIE (1ull << 3)
#define ICH_HCR_VGRP0EIE (1ull << 4)
#define ICH_HCR_VGRP0DIE (1ull << 5)
#define ICH_HCR_VGRP1EIE (1ull << 6)
#define ICH_HCR_VGRP1DIE (1ull << 7)
#define ICH_HCR_TC (1ull << 10)
#define ICH_HCR_TALL0 (1ull << 11)
#define ICH_HCR_TALL1 (1ull << 12)
#define ICH_HCR_TSEI (1ull << 13)
#define ICH_HCR_TDIR (1ull << 14)
#define ICH_HCR_EOICOUNT_SHIFT 27
#define ICH_HCR_EOICOUNT_MASK (0x1full << 27)

/* ICH_VMCR_EL2 */
#define VMCR_VENG0 (1ull << 0)
#define VMCR_VENG1 (1ull << 1)
#define VMCR_VACKCTL (1ull << 2)
#define VMCR_VFIQEN (1ull << 3)
#define VMCR_VCBPR (1ull << 4)
#define VMCR_VEOIM (1ull << 9)
#define VMCR_VBPR1_SHIFT 18
#define VMCR_VBPR0_SHIFT 21
#define VMCR_VPMR_SHIFT 24

/* ICH_LR<n>_EL2 */
#define LR_VINTID_MASK 0xffffffffull
#define LR_PINTID_SHIFT 32
#define LR_EOI (1ull << 41)
#define LR_PRIO_SHIFT 48
#define LR_GROUP (1ull << 60)
#define LR_HW (1ull << 61)
#define LR_STATE_SHIFT 62
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE (1ull << 63)
#define LR_STATE_MASK (3ull << 62)

/* ICH_MISR_EL2 */
#define MISR_EOI (1u << 0)
#define MISR_U (1u << 1)
#define MISR_LRENP (1u << 2)
#define MISR_NP (1u << 3)
#define MISR_VGRP0E (1u << 4)
#define MISR_VGRP0D (1u << 5)
#define MISR_VGRP1E (1u << 6)
#define MISR_VGRP1D (1u << 7)

static inline bool is_v3(const GicCpu *c) { return c->gic->cfg.version == 3; }

/* Preemption bits: GICv3 5 (QEMU), GICv2 7 (8 priority bits, BPR 0). */
static unsigned prebits(const GicCpu *c) { return is_v3(c) ? GIC_PRIBITS_V3 : 7; }
static unsigned min_bpr(const GicCpu *c) { return 7 - prebits(c); }
static unsigned num_aprs(const GicCpu *c) { return is_v3(c) ? 1 : 4; }

/* ---- physical active priorities ----------------------------------------- */

uint8_t gic_running_prio(const GicCpu *c)
{
    for (unsigned i = 0; i < num_aprs(c); i++) {
        uint32_t apr = (uint32_t)(c->icc_apr[0][i] | c->icc_apr[1][i]);
        if (apr) {
            return (uint8_t)((i * 32 + (unsigned)__builtin_ctz(apr)) << (min_bpr(c) + 1));
        }
    }
    return GIC_IDLE_PRIO;
}

/* Group priority mask (GroupBits()): Group 1 uses BPR1 - 1 unless CBPR
 * makes it share BPR0 (GICv3: ICC_CTLR_EL1.CBPR; GICv2: GICC_CTLR.CBPR
 * bit 4 with GICC_ABPR as BPR1). */
uint8_t gic_gprio_mask(const GicCpu *c, unsigned grp)
{
    bool cbpr = is_v3(c) ? (c->icc_ctlr & ICC_CTLR_CBPR) : (c->gicc_ctlr & (1u << 4));
    if (grp == 1 && cbpr) {
        grp = 0;
    }
    unsigned bpr = c->icc_bpr[grp] & 7;
    if (grp == 1 && bpr > 0) {
        bpr--;
    }
    return (uint8_t)(0xffu << (bpr + 1));
}

void gic_apr_activate(GicCpu *c, unsigned grp, uint8_t prio)
{
    unsigned bit = (prio & gic_gprio_mask(c, grp)) >> (8 - prebits(c));
    c->icc_apr[grp][bit / 32] |= 1ull << (bit % 32);
}

/* The group whose active priority is the highest (lowest bit), -1: none. */
int gic_highest_active_group(const GicCpu *c)
{
    for (unsigned i = 0; i < 4; i++) {
        uint32_t a0 = (uint32_t)c->icc_apr[0][i], a1 = (uint32_t)c->icc_apr[1][i];
        if (!a0 && !a1) {
            continue;
        }
        unsigned z0 = a0 ? (unsigned)__builtin_ctz(a0) : 32;
        unsigned z1 = a1 ? (unsigned)__builtin_ctz(a1) : 32;
        return z1 < z0 ? 1 : 0;
    }
    return -1;
}

/* Priority drop: clear the lowest set bit of the group's APRs. */
void gic_apr_drop(GicCpu *c, unsigned grp)
{
    for (unsigned i = 0; i < 4; i++) {
        uint64_t *p = &c->icc_apr[grp][i];
        if (*p) {
            *p &= *p - 1;
            return;
        }
    }
}

/* ---- virtual interface (list registers) --------------------------------- */

static unsigned lr_prio(uint64_t lr) { return (lr >> LR_PRIO_SHIFT) & 0xff; }
static unsigned lr_state(uint64_t lr) { return (lr >> LR_STATE_SHIFT) & 3; }
static unsigned lr_grp(uint64_t lr) { return lr & LR_GROUP ? 1 : 0; }
static unsigned min_vbpr(void) { return 7 - GIC_VPRIBITS; }

unsigned gic_read_vbpr(const GicCpu *c, unsigned grp)
{
    return (c->ich_vmcr >> (grp ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT)) & 7;
}

void gic_write_vbpr(GicCpu *c, unsigned grp, unsigned v)
{
    unsigned min = min_vbpr() + (grp ? 1 : 0);
    if (v < min) {
        v = min;
    }
    unsigned sh = grp ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
    c->ich_vmcr = (c->ich_vmcr & ~(7ull << sh)) | (uint64_t)(v & 7) << sh;
}

static uint8_t vpmr(const GicCpu *c) { return (c->ich_vmcr >> VMCR_VPMR_SHIFT) & 0xff; }

uint8_t gic_virt_running_prio(const GicCpu *c)
{
    uint32_t apr = (uint32_t)(c->ich_apr[0][0] | c->ich_apr[1][0]);
    if (apr) {
        return (uint8_t)((unsigned)__builtin_ctz(apr) << (min_vbpr() + 1));
    }
    return GIC_IDLE_PRIO;
}

static uint8_t vgprio_mask(const GicCpu *c, unsigned grp)
{
    if (grp == 1 && (c->ich_vmcr & VMCR_VCBPR)) {
        grp = 0;
    }
    unsigned bpr = gic_read_vbpr(c, grp);
    if (grp == 1 && bpr > 0) {
        bpr--;
    }
    return (uint8_t)(0xffu << (bpr + 1));
}

/* HighestPriorityVirtualInterrupt: the pending list register of highest
 * priority whose group is enabled in ICH_VMCR_EL2, -1 if none. */
int gic_hppvi_index(const GicCpu *c)
{
    int idx = -1;
    unsigned prio = 0xff;
    if (!(c->ich_vmcr & (VMCR_VENG0 | VMCR_VENG1))) {
        return -1;
    }
    for (unsigned i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = c->ich_lr[i];
        if (lr_state(lr) != 1) {
            continue;
        }
        if (!(c->ich_vmcr & (lr_grp(lr) ? VMCR_VENG1 : VMCR_VENG0))) {
            continue;
        }
        if (lr_prio(lr) < prio) {
            prio = lr_prio(lr);
            idx = (int)i;
        }
    }
    return idx;
}

bool gic_virt_can_preempt(const GicCpu *c, uint64_t lr)
{
    if (!(c->ich_hcr & ICH_HCR_EN)) {
        return false;
    }
    unsigned prio = lr_prio(lr);
    if (prio >= vpmr(c)) {
        return false;
    }
    uint8_t rprio = gic_virt_running_prio(c);
    if (rprio == GIC_IDLE_PRIO) {
        return true;
    }
    uint8_t mask = vgprio_mask(c, lr_grp(lr));
    return (prio & mask) < (rprio & mask);
}

/* Pending -> Active in list register idx, with its active priority. */
void gic_virt_activate(GicCpu *c, int idx)
{
    uint64_t lr = c->ich_lr[idx];
    unsigned grp = lr_grp(lr);
    unsigned bit = (lr_prio(lr) & vgprio_mask(c, grp)) >> (8 - GIC_VPRIBITS);
    c->ich_lr[idx] = (lr & ~LR_PENDING) | LR_ACTIVE;
    c->ich_apr[grp][0] |= 1ull << bit;
}

/* Drop the highest active virtual priority (Group 0 first on a tie);
 * returns the dropped priority, 0xff if none was active. */
unsigned gic_virt_drop_prio(GicCpu *c)
{
    uint64_t *a0 = &c->ich_apr[0][0], *a1 = &c->ich_apr[1][0];
    uint32_t v0 = (uint32_t)*a0, v1 = (uint32_t)*a1;
    if (!v0 && !v1) {
        return 0xff;
    }
    unsigned z0 = v0 ? (unsigned)__builtin_ctz(v0) : 32;
    unsigned z1 = v1 ? (unsigned)__builtin_ctz(v1) : 32;
    if (z0 <= z1) {
        *a0 &= *a0 - 1;
        return z0 << (min_vbpr() + 1);
    }
    *a1 &= *a1 - 1;
    return z1 << (min_vbpr() + 1);
}

int gic_virt_find_active(const GicCpu *c, uint32_t irq)
{
    for (unsigned i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = c->ich_lr[i];
        if ((lr & LR_ACTIVE) && (uint32_t)(lr & LR_VINTID_MASK) == irq) {
            return (int)i;
        }
    }
    return -1;
}

/* Deactivate list register idx; with HW = 1 also the physical INTID. */
void gic_virt_deactivate(GicCpu *c, int idx)
{
    uint64_t lr = c->ich_lr[idx];
    if (lr & LR_HW) {
        unsigned pirq = (lr >> LR_PINTID_SHIFT) & 0x1fff;
        if (pirq < c->gic->num_irq) {
            gic_deactivate(c->gic, c, pirq);
        }
    }
    c->ich_lr[idx] = lr & ~LR_ACTIVE;
}

void gic_virt_inc_eoicount(GicCpu *c)
{
    uint64_t n = ((c->ich_hcr & ICH_HCR_EOICOUNT_MASK) >> ICH_HCR_EOICOUNT_SHIFT) + 1;
    c->ich_hcr = (c->ich_hcr & ~ICH_HCR_EOICOUNT_MASK) |
                 ((n << ICH_HCR_EOICOUNT_SHIFT) & ICH_HCR_EOICOUNT_MASK);
}

uint32_t gic_ich_eisr(const GicCpu *c)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < GIC_NUM_LRS; i++) {
        if ((c->ich_lr[i] & (LR_STATE_MASK | LR_HW | LR_EOI)) == LR_EOI) {
            v |= 1u << i;
        }
    }
    return v;
}

uint32_t gic_ich_elrsr(const GicCpu *c)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = c->ich_lr[i];
        if (!(lr & LR_STATE_MASK) && ((lr & LR_HW) || !(lr & LR_EOI))) {
            v |= 1u << i;
        }
    }
    return v;
}

/* ICH_MISR_EL2 (IHI 0069 12.4.9). */
uint32_t gic_ich_misr(const GicCpu *c)
{
    uint32_t v = 0;
    unsigned valid = 0;
    bool pending = false;
    for (unsigned i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = c->ich_lr[i];
        if (lr & LR_STATE_MASK) {
            valid++;
        }
        if (lr_state(lr) == 1) {
            pending = true;
        }
    }
    if (gic_ich_eisr(c)) {
        v |= MISR_EOI;
    }
    if (valid < 2 && (c->ich_hcr & ICH_HCR_UIE)) {
        v |= MISR_U;
    }
    if ((c->ich_hcr & ICH_HCR_LRENPIE) && (c->ich_hcr & ICH_HCR_EOICOUNT_MASK)) {
        v |= MISR_LRENP;
    }
    if (!pending && (c->ich_hcr & ICH_HCR_NPIE)) {
        v |= MISR_NP;
    }
    if ((c->ich_hcr & ICH_HCR_VGRP0EIE) && (c->ich_vmcr & VMCR_VENG0)) {
        v |= MISR_VGRP0E;
    }
    if ((c->ich_hcr & ICH_HCR_VGRP0DIE) && !(c->ich_vmcr & VMCR_VENG0)) {
        v |= MISR_VGRP0D;
    }
    if ((c->ich_hcr & ICH_HCR_VGRP1EIE) && (c->ich_vmcr & VMCR_VENG1)) {
        v |= MISR_VGRP1E;
    }
    if ((c->ich_hcr & ICH_HCR_VGRP1DIE) && !(c->ich_vmcr & VMCR_VENG1)) {
        v |= MISR_VGRP1D;
    }
    return v;
}

/* Drive VIRQ/VFIQ from the list registers and the maintenance PPI from
 * ICH_MISR_EL2 (only while ICH_HCR_EL2.En). */
void gic_virt_update(GicCpu *c)
{
    bool virq = false, vfiq = false;
    int idx = gic_hppvi_index(c);
    if (idx >= 0 && gic_virt_can_preempt(c, c->ich_lr[idx])) {
        if (lr_grp(c->ich_lr[idx]) == 0 && (c->ich_vmcr & VMCR_VFIQEN)) {
            vfiq = true;
        } else {
            virq = true;
        }
    }
    gic_drive_line(c->cpu, &c->line_virq, A64_LINE_VIRQ, virq);
    gic_drive_line(c->cpu, &c->line_vfiq, A64_LINE_VFIQ, vfiq);
    bool maint = c->gic->cfg.virt_ext && (c->ich_hcr & ICH_HCR_EN) && gic_ich_misr(c) != 0;
    if (maint != c->maint_level) {
        c->maint_level = maint;
        IrqLine l = gic_ppi_line(c->gic, c->index, GIC_MAINT_PPI);
        irq_set(&l, maint);
    }
}

/* ---- ICC / ICV system registers -------------------------------------------- */

static GicCpu *cs(A64Cpu *cpu) { return cpu->gic; }

/* Should this EL1 ICC_* access go to the virtual interface (ICV_*)? */
static bool icv_access(A64Cpu *cpu, uint64_t hcr_flags)
{
    return a64_current_el(cpu) == 1 && (a64_hcr_eff(cpu) & hcr_flags & (HCR_IMO | HCR_FMO));
}

/* EL1 in a Security state with EL2 enabled: where the ICH_HCR_EL2 traps
 * apply */
static bool el1_under_el2(A64Cpu *cpu)
{
    return a64_current_el(cpu) == 1 && a64_el2_enabled(cpu);
}

static unsigned row_grp(const SysRegInfo *ri)
{
    /* crm 8: Group 0 registers (IAR0, EOIR0, HPPIR0, BPR0, AP0R) */
    return ri->crm == 8 ? 0 : 1;
}

/* Access functions: ICH_HCR_EL2.TALL0/TALL1/TC/TDIR trap EL1 accesses to
 * EL2 (IHI 0069 12.4.5). */
static SysRegResult acc_fiq(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (el1_under_el2(cpu) && (cs(cpu)->ich_hcr & ICH_HCR_TALL0)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

static SysRegResult acc_irq(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (el1_under_el2(cpu) && (cs(cpu)->ich_hcr & ICH_HCR_TALL1)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

static SysRegResult acc_common(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (el1_under_el2(cpu) && (cs(cpu)->ich_hcr & ICH_HCR_TC)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

static SysRegResult acc_dir(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (el1_under_el2(cpu) && (cs(cpu)->ich_hcr & ICH_HCR_TDIR)) {
        return SYSREG_TRAP_EL2;
    }
    return acc_common(cpu, ri, isread);
}

/* ICV_IAR0/1 (grp 0/1), GICV_IAR (grp -1: either group; GICv2 Group 1
 * needs VAckCtl, else 1022). Returns the LR's vINTID field. */
uint64_t gic_virt_ack(GicCpu *c, int grp)
{
    uint64_t intid = GIC_SPURIOUS;
    int idx = gic_hppvi_index(c);
    if (idx >= 0) {
        uint64_t lr = c->ich_lr[idx];
        if (grp < 0 && lr_grp(lr) == 1 && !(c->ich_vmcr & VMCR_VACKCTL)) {
            return 1022;
        }
        if ((grp < 0 || lr_grp(lr) == (unsigned)grp) && gic_virt_can_preempt(c, lr)) {
            intid = grp < 0 ? (lr & 0x3ff) : (lr & 0xffffff);
            if (intid < 1020) {
                gic_virt_activate(c, idx);
                /* GICv2 SGIs: the source CPUID (GICH_LR[12:10]) in IAR[12:10] */
                if (grp < 0 && intid < 16 && !(lr & LR_HW)) {
                    intid |= ((lr >> LR_PINTID_SHIFT) & 7) << 10;
                }
            } else {
                c->ich_lr[idx] &= ~LR_PENDING;
            }
        }
    }
    gic_virt_update(c);
    return intid;
}

/* ICV_EOIR0/1 (grp 0/1), GICV_EOIR (grp -1): priority drop, then the
 * deactivation unless VEOIM; an EOI matching no LR counts in EOIcount. */
void gic_virt_eoi(GicCpu *c, int grp, uint32_t irq)
{
    if (irq >= 1020 && irq <= 1023) {
        return;
    }
    unsigned dropprio = gic_virt_drop_prio(c);
    if (dropprio == 0xff) {
        gic_virt_update(c);
        return;
    }
    int idx = gic_virt_find_active(c, irq);
    if (idx < 0) {
        gic_virt_inc_eoicount(c);
    } else {
        uint64_t lr = c->ich_lr[idx];
        unsigned g = grp < 0 ? lr_grp(lr) : (unsigned)grp;
        unsigned gprio = lr_prio(lr) & vgprio_mask(c, g);
        if (lr_grp(lr) == g && gprio == dropprio && !(c->ich_vmcr & VMCR_VEOIM)) {
            gic_virt_deactivate(c, idx);
        }
    }
    gic_virt_update(c);
}

void gic_virt_dir(GicCpu *c, uint32_t irq)
{
    if (irq >= 1020 || !(c->ich_vmcr & VMCR_VEOIM)) {
        return;
    }
    int idx = gic_virt_find_active(c, irq);
    if (idx < 0) {
        gic_virt_inc_eoicount(c);
    } else {
        gic_virt_deactivate(c, idx);
    }
    gic_virt_update(c);
}

uint64_t gic_virt_hppir(GicCpu *c, int grp)
{
    int idx = gic_hppvi_index(c);
    if (idx >= 0 && (grp < 0 || lr_grp(c->ich_lr[idx]) == (unsigned)grp)) {
        return grp < 0 ? c->ich_lr[idx] & 0x3ff : c->ich_lr[idx] & 0xffffff;
    }
    return GIC_SPURIOUS;
}

static bool icc_no_enabled_hppi(const GicCpu *c)
{
    return c->hppi.irq == GIC_SPURIOUS || !c->icc_igrpen[c->hppi.grp];
}

static uint64_t hppir_value(const GicCpu *c, unsigned grp)
{
    if (icc_no_enabled_hppi(c) || c->hppi.grp != grp) {
        return GIC_SPURIOUS;
    }
    return c->hppi.irq;
}

static uint64_t r_iar(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = row_grp(ri);
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        return gic_virt_ack(c, (int)grp);
    }
    gic_update_cpu(c);
    uint64_t intid = gic_hppi_can_preempt(c) ? hppir_value(c, grp) : GIC_SPURIOUS;
    if (intid < 1020) {
        gic_apr_activate(c, c->hppi.grp, c->hppi.prio);
        gic_activate(c->gic, c, (unsigned)intid);
    }
    return intid;
}

static void w_eoir(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = row_grp(ri);
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        gic_virt_eoi(c, (int)grp, value & 0xffffff);
        return;
    }
    uint32_t irq = value & 0xffffff;
    if (irq >= c->gic->num_irq) {
        return;
    }
    int agrp = gic_highest_active_group(c);
    if (agrp < 0 || (unsigned)agrp != grp) {
        return;
    }
    gic_apr_drop(c, grp);
    if (!(c->icc_ctlr & ICC_CTLR_EOIMODE)) {
        gic_deactivate(c->gic, c, irq);
    } else {
        gic_update_cpu(c);
    }
}

static uint64_t r_hppir(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = row_grp(ri);
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        return gic_virt_hppir(c, (int)grp);
    }
    gic_update_cpu(c);
    return hppir_value(c, grp);
}

static uint64_t r_bpr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = row_grp(ri);
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        if (grp == 1 && (c->ich_vmcr & VMCR_VCBPR)) {
            unsigned v = gic_read_vbpr(c, 0) + 1;
            return v > 7 ? 7 : v;
        }
        return gic_read_vbpr(c, grp);
    }
    if (grp == 1 && a64_current_el(cpu) < 3 && (c->icc_ctlr & ICC_CTLR_CBPR)) {
        uint64_t v = c->icc_bpr[0] + 1;
        return v > 7 ? 7 : v;
    }
    return c->icc_bpr[grp];
}

static void w_bpr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = row_grp(ri);
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        if (grp == 1 && (c->ich_vmcr & VMCR_VCBPR)) {
            return;
        }
        gic_write_vbpr(c, grp, value & 7);
        gic_virt_update(c);
        return;
    }
    if (grp == 1 && a64_current_el(cpu) < 3 && (c->icc_ctlr & ICC_CTLR_CBPR)) {
        return;
    }
    uint64_t min = min_bpr(c) + (grp ? 1 : 0);
    value &= 7;
    c->icc_bpr[grp] = value < min ? min : value;
    gic_update_cpu(c);
}

static uint64_t r_ap(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = ri->crm & 1, n = ri->op2 & 3;
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        return c->ich_apr[grp][n];
    }
    return c->icc_apr[grp][n];
}

static void w_ap(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = ri->crm & 1, n = ri->op2 & 3;
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        c->ich_apr[grp][n] = value & 0xffffffffu;
        gic_virt_update(c);
        return;
    }
    c->icc_apr[grp][n] = value & 0xffffffffu;
    gic_update_cpu(c);
}

static void w_dir(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        gic_virt_dir(c, value & 0xffffff);
        return;
    }
    uint32_t irq = value & 0xffffff;
    if (irq >= c->gic->num_irq || !(c->icc_ctlr & ICC_CTLR_EOIMODE)) {
        return;
    }
    /* One security state: EL1 may deactivate a group's interrupt only
     * when that group is not routed to EL2 (QEMU's icc_dir_write). */
    if (a64_current_el(cpu) == 1) {
        GicIrq *q = gic_irq(c->gic, c, irq);
        uint64_t route = (q->flags & GIRQ_GROUP) ? HCR_IMO : HCR_FMO;
        if (a64_hcr_eff(cpu) & route) {
            return;
        }
    }
    gic_deactivate(c->gic, c, irq);
}

static uint64_t r_rpr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        return gic_virt_running_prio(c);
    }
    return gic_running_prio(c);
}

static uint64_t r_pmr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        return vpmr(c);
    }
    return c->icc_pmr;
}

static void w_pmr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        value &= (0xffu << (8 - GIC_VPRIBITS)) & 0xff;
        c->ich_vmcr = (c->ich_vmcr & ~(0xffull << VMCR_VPMR_SHIFT)) | value << VMCR_VPMR_SHIFT;
        gic_virt_update(c);
        return;
    }
    c->icc_pmr = value & ((0xffu << (8 - GIC_PRIBITS_V3)) & 0xff);
    gic_update_cpu(c);
}

static uint64_t r_ctlr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        uint64_t v = (1ull << 15) | (1ull << 11) | ((GIC_VPRIBITS - 1ull) << 8);
        if (c->ich_vmcr & VMCR_VEOIM) {
            v |= ICC_CTLR_EOIMODE;
        }
        if (c->ich_vmcr & VMCR_VCBPR) {
            v |= ICC_CTLR_CBPR;
        }
        return v;
    }
    return c->icc_ctlr;
}

static void w_ctlr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    if (icv_access(cpu, HCR_IMO | HCR_FMO)) {
        c->ich_vmcr &= ~(VMCR_VCBPR | VMCR_VEOIM);
        if (value & ICC_CTLR_CBPR) {
            c->ich_vmcr |= VMCR_VCBPR;
        }
        if (value & ICC_CTLR_EOIMODE) {
            c->ich_vmcr |= VMCR_VEOIM;
        }
        gic_virt_update(c);
        return;
    }
    uint64_t mask = ICC_CTLR_CBPR | ICC_CTLR_EOIMODE;
    c->icc_ctlr = (c->icc_ctlr & ~mask) | (value & mask);
    gic_update_cpu(c);
}

static uint64_t r_igrpen(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = ri->op2 & 1;
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        return (c->ich_vmcr >> grp) & 1;
    }
    return c->icc_igrpen[grp];
}

static void w_igrpen(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    unsigned grp = ri->op2 & 1;
    if (icv_access(cpu, grp ? HCR_IMO : HCR_FMO)) {
        c->ich_vmcr = (c->ich_vmcr & ~(1ull << grp)) | (value & 1) << grp;
        gic_virt_update(c);
        return;
    }
    c->icc_igrpen[grp] = value & 1;
    gic_update_cpu(c);
}

static void w_sgi(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    /* SGI0R: Group 0; SGI1R: Group 1 of this security state; ASGI1R: the
     * other state's Group 1, i.e. Secure Group 1, treated as Group 0 with
     * DS = 1 (QEMU's icc_generate_sgi) */
    unsigned grp = ri->op2 == 5 ? 1 : 0;
    gic_v3_send_sgi(cs(cpu), value, grp);
}

/* SGI generation from EL1 traps to EL2 while EL2 routes interrupts
 * (HCR_EL2.IMO or FMO): the hypervisor emulates the guest's IPIs (IHI 0069
 * 12.2.21 "Traps and enables"; KVM relies on it). */
static SysRegResult acc_sgi(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    if (a64_current_el(cpu) == 1 && (a64_hcr_eff(cpu) & (HCR_IMO | HCR_FMO))) {
        return SYSREG_TRAP_EL2;
    }
    return acc_common(cpu, ri, isread);
}

static uint64_t r_ctlr_el3(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    uint64_t v = c->icc_ctlr_el3;
    if (c->icc_ctlr & ICC_CTLR_EOIMODE) {
        v |= (1ull << 4) | (1ull << 3);   /* EOImode_EL1NS, EOImode_EL1S */
    }
    if (c->icc_ctlr & ICC_CTLR_CBPR) {
        v |= (1ull << 1) | (1ull << 0);   /* CBPR_EL1NS, CBPR_EL1S */
    }
    return v;
}

static void w_ctlr_el3(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    c->icc_ctlr &= ~(ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
    if (value & (1ull << 4)) {
        c->icc_ctlr |= ICC_CTLR_EOIMODE;
    }
    if (value & (1ull << 1)) {
        c->icc_ctlr |= ICC_CTLR_CBPR;
    }
    c->icc_ctlr_el3 = (c->icc_ctlr_el3 & ~(1ull << 2)) | (value & (1ull << 2));
    gic_update_cpu(c);
}

static uint64_t r_igrpen1_el3(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    return cs(cpu)->icc_igrpen[1];
}

static void w_igrpen1_el3(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    c->icc_igrpen[1] = value & 1;
    gic_update_cpu(c);
}

/* CPU reset: the whole interface (QEMU hangs icc_reset off ICC_PMR). */
static void reset_cpuif(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    if (cs(cpu)) {
        gic_cpuif_reset(cs(cpu));
        gic_update_cpu(cs(cpu));
        gic_virt_update(cs(cpu));
    }
}

/* ---- ICH_* ------------------------------------------------------------------ */

static uint64_t r_ich_ap(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    return cs(cpu)->ich_apr[ri->crm & 1][ri->op2 & 3];
}

static void w_ich_ap(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    c->ich_apr[ri->crm & 1][ri->op2 & 3] = value & 0xffffffffu;
    gic_virt_update(c);
}

static uint64_t r_ich_hcr(A64Cpu *cpu, const SysRegInfo *ri) { return cs(cpu)->ich_hcr; }

static void w_ich_hcr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    c->ich_hcr = value & (ICH_HCR_EN | ICH_HCR_UIE | ICH_HCR_LRENPIE | ICH_HCR_NPIE |
                          ICH_HCR_VGRP0EIE | ICH_HCR_VGRP0DIE | ICH_HCR_VGRP1EIE |
                          ICH_HCR_VGRP1DIE | ICH_HCR_TC | ICH_HCR_TALL0 | ICH_HCR_TALL1 |
                          ICH_HCR_TSEI | ICH_HCR_TDIR | ICH_HCR_EOICOUNT_MASK);
    gic_virt_update(c);
}

/* ICH_VTR_EL2: ListRegs = 3, TDS, nV4, A3V, IDbits = 1 (24 bits),
 * PREbits = PRIbits = 5 - 1 (QEMU's TCG values). */
static uint64_t r_ich_vtr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    return (GIC_NUM_LRS - 1) | (1ull << 19) | (1ull << 20) | (1ull << 21) | (1ull << 23) |
           ((GIC_VPRIBITS - 1ull) << 26) | ((GIC_VPRIBITS - 1ull) << 29);
}

static uint64_t r_ich_misr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu)->gic);
    return gic_ich_misr(cs(cpu));
}

static uint64_t r_ich_eisr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu)->gic);
    return gic_ich_eisr(cs(cpu));
}

static uint64_t r_ich_elrsr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    return gic_ich_elrsr(cs(cpu));
}

static uint64_t r_ich_vmcr(A64Cpu *cpu, const SysRegInfo *ri) { return cs(cpu)->ich_vmcr; }

static void w_ich_vmcr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    value &= VMCR_VENG0 | VMCR_VENG1 | VMCR_VCBPR | VMCR_VEOIM | (7ull << VMCR_VBPR1_SHIFT) |
             (7ull << VMCR_VBPR0_SHIFT) | (0xffull << VMCR_VPMR_SHIFT);
    c->ich_vmcr = value | VMCR_VFIQEN;
    gic_write_vbpr(c, 0, gic_read_vbpr(c, 0));
    gic_write_vbpr(c, 1, gic_read_vbpr(c, 1));
    gic_virt_update(c);
}

static unsigned lr_index(const SysRegInfo *ri) { return (ri->op2 & 7) | (ri->crm & 1) << 3; }

static uint64_t r_ich_lr(A64Cpu *cpu, const SysRegInfo *ri)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    return cs(cpu)->ich_lr[lr_index(ri)];
}

static void w_ich_lr(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    GIC_LOCKED(cs(cpu) ? cs(cpu)->gic : NULL);
    GicCpu *c = cs(cpu);
    /* the unimplemented low priority bits are RES0 */
    value &= ~((0xffull >> GIC_VPRIBITS) << LR_PRIO_SHIFT);
    value &= ~(1ull << 59);   /* NMI: RES0 without FEAT_GICv3_NMI */
    c->ich_lr[lr_index(ri)] = value;
    gic_virt_update(c);
}

static bool has_el2(const A64Features *f) { return f->el2; }
static bool has_el3(const A64Features *f) { return f->el3; }

#define IO (SR_IO | SR_ENDS_TB)
#define ICC(nm, cm, o2, acc, af, rd, wr)                                                \
    { .name = nm, .op0 = 3, .op1 = 0, .crn = 12, .crm = cm, .op2 = o2, .access = acc,  \
      .type = IO, .fieldoffset = SR_NO_FIELD, .accessfn = af, .readfn = rd, .writefn = wr }
#define ICH(nm, cm, o2, acc, rd, wr)                                                     \
    { .name = nm, .op0 = 3, .op1 = 4, .crn = 12, .crm = cm, .op2 = o2, .access = acc,   \
      .type = IO, .present = has_el2, .fieldoffset = SR_NO_FIELD, .readfn = rd,         \
      .writefn = wr }

static const SysRegInfo gicv3_rows[] = {
    { .name = "ICC_PMR_EL1", .op0 = 3, .op1 = 0, .crn = 4, .crm = 6, .op2 = 0,
      .access = SR_ACC_PL1_RW, .type = IO, .fieldoffset = SR_NO_FIELD,
      .accessfn = acc_common, .readfn = r_pmr, .writefn = w_pmr, .resetfn = reset_cpuif },
    ICC("ICC_IAR0_EL1", 8, 0, SR_ACC_PL1_R, acc_fiq, r_iar, NULL),
    ICC("ICC_EOIR0_EL1", 8, 1, SR_ACC_PL1_W, acc_fiq, NULL, w_eoir),
    ICC("ICC_HPPIR0_EL1", 8, 2, SR_ACC_PL1_R, acc_fiq, r_hppir, NULL),
    ICC("ICC_BPR0_EL1", 8, 3, SR_ACC_PL1_RW, acc_fiq, r_bpr, w_bpr),
    ICC("ICC_AP0R0_EL1", 8, 4, SR_ACC_PL1_RW, acc_fiq, r_ap, w_ap),
    ICC("ICC_AP1R0_EL1", 9, 0, SR_ACC_PL1_RW, acc_irq, r_ap, w_ap),
    ICC("ICC_DIR_EL1", 11, 1, SR_ACC_PL1_W, acc_dir, NULL, w_dir),
    ICC("ICC_RPR_EL1", 11, 3, SR_ACC_PL1_R, acc_common, r_rpr, NULL),
    ICC("ICC_SGI1R_EL1", 11, 5, SR_ACC_PL1_W, acc_sgi, NULL, w_sgi),
    ICC("ICC_ASGI1R_EL1", 11, 6, SR_ACC_PL1_W, acc_sgi, NULL, w_sgi),
    ICC("ICC_SGI0R_EL1", 11, 7, SR_ACC_PL1_W, acc_sgi, NULL, w_sgi),
    ICC("ICC_IAR1_EL1", 12, 0, SR_ACC_PL1_R, acc_irq, r_iar, NULL),
    ICC("ICC_EOIR1_EL1", 12, 1, SR_ACC_PL1_W, acc_irq, NULL, w_eoir),
    ICC("ICC_HPPIR1_EL1", 12, 2, SR_ACC_PL1_R, acc_irq, r_hppir, NULL),
    ICC("ICC_BPR1_EL1", 12, 3, SR_ACC_PL1_RW, acc_irq, r_bpr, w_bpr),
    ICC("ICC_CTLR_EL1", 12, 4, SR_ACC_PL1_RW, acc_common, r_ctlr, w_ctlr),
    /* SRE, DFB, DIB RAO/WI: system registers always on (QEMU) */
    { .name = "ICC_SRE_EL1", .op0 = 3, .op1 = 0, .crn = 12, .crm = 12, .op2 = 5,
      .access = SR_ACC_PL1_RW, .type = SR_CONST, .resetvalue = 0x7,
      .fieldoffset = SR_NO_FIELD },
    ICC("ICC_IGRPEN0_EL1", 12, 6, SR_ACC_PL1_RW, acc_fiq, r_igrpen, w_igrpen),
    ICC("ICC_IGRPEN1_EL1", 12, 7, SR_ACC_PL1_RW, acc_irq, r_igrpen, w_igrpen),
    { .name = "ICC_SRE_EL2", .op0 = 3, .op1 = 4, .crn = 12, .crm = 9, .op2 = 5,
      .access = SR_ACC_PL2_RW, .type = SR_CONST, .present = has_el2, .resetvalue = 0xf,
      .fieldoffset = SR_NO_FIELD },
    { .name = "ICC_CTLR_EL3", .op0 = 3, .op1 = 6, .crn = 12, .crm = 12, .op2 = 4,
      .access = SR_ACC_PL3_RW, .type = IO, .present = has_el3, .fieldoffset = SR_NO_FIELD,
      .readfn = r_ctlr_el3, .writefn = w_ctlr_el3 },
    { .name = "ICC_SRE_EL3", .op0 = 3, .op1 = 6, .crn = 12, .crm = 12, .op2 = 5,
      .access = SR_ACC_PL3_RW, .type = SR_CONST, .present = has_el3, .resetvalue = 0xf,
      .fieldoffset = SR_NO_FIELD },
    { .name = "ICC_IGRPEN1_EL3", .op0 = 3, .op1 = 6, .crn = 12, .crm = 12, .op2 = 7,
      .access = SR_ACC_PL3_RW, .type = IO, .present = has_el3, .fieldoffset = SR_NO_FIELD,
      .readfn = r_igrpen1_el3, .writefn = w_igrpen1_el3 },
    ICH("ICH_AP0R0_EL2", 8, 0, SR_ACC_PL2_RW, r_ich_ap, w_ich_ap),
    ICH("ICH_AP1R0_EL2", 9, 0, SR_ACC_PL2_RW, r_ich_ap, w_ich_ap),
    ICH("ICH_HCR_EL2", 11, 0, SR_ACC_PL2_RW, r_ich_hcr, w_ich_hcr),
    ICH("ICH_VTR_EL2", 11, 1, SR_ACC_PL2_R, r_ich_vtr, NULL),
    ICH("ICH_MISR_EL2", 11, 2, SR_ACC_PL2_R, r_ich_misr, NULL),
    ICH("ICH_EISR_EL2", 11, 3, SR_ACC_PL2_R, r_ich_eisr, NULL),
    ICH("ICH_ELRSR_EL2", 11, 5, SR_ACC_PL2_R, r_ich_elrsr, NULL),
    ICH("ICH_VMCR_EL2", 11, 7, SR_ACC_PL2_RW, r_ich_vmcr, w_ich_vmcr),
    ICH("ICH_LR0_EL2", 12, 0, SR_ACC_PL2_RW, r_ich_lr, w_ich_lr),
    ICH("ICH_LR1_EL2", 12, 1, SR_ACC_PL2_RW, r_ich_lr, w_ich_lr),
    ICH("ICH_LR2_EL2", 12, 2, SR_ACC_PL2_RW, r_ich_lr, w_ich_lr),
    ICH("ICH_LR3_EL2", 12, 3, SR_ACC_PL2_RW, r_ich_lr, w_ich_lr),
};

void gic_v3_register_sysregs(GicCpu *c)
{
    sysreg_register_table(c->cpu, gicv3_rows, sizeof(gicv3_rows) / sizeof(gicv3_rows[0]));
}
