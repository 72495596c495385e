/* SPDX-License-Identifier: MIT */
/*
 * gic_v2.c - GICv2 memory-mapped registers (IHI 0048B chapter 4 and 5):
 * the distributor GICD with the SGI/PPI registers banked per CPU, the CPU
 * interface GICC, and for the virtualization extension the hypervisor
 * interface GICH (list registers, kept in the GICv3 ICH_LR layout) and the
 * virtual CPU interface GICV. Banked registers belong to a64_current_cpu.
 * No security extension (QEMU's virt without secure=on): GICC has the
 * single-state view; Group 0 signals FIQ only with GICC_CTLR.FIQEn.
 */
#include "gic_internal.h"

/* QEMU's arm_gic identification registers for a GICv2 (PIDR2.ArchRev 2). */
static uint32_t v2_idreg(unsigned off)
{
    static const uint8_t ids[] = { 0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1 };
    return ids[(off - 0xfd0) / 4];
}

#define GICC_CTLR_ACKCTL (1u << 2)
#define GICC_CTLR_EOIMODE (1u << 9)

/* ---- distributor ---------------------------------------------------------- */

static void sgi_sync_pending(GicCpu *c, unsigned irq)
{
    if (c->sgi_src[irq]) {
        c->priv[irq].flags |= GIRQ_PENDING;
    } else {
        c->priv[irq].flags &= ~GIRQ_PENDING;
    }
}

/* GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter 0 = the list, 1 = all
 * but the requester, 2 = the requester only. */
static void v2_send_sgi(Gic *g, GicCpu *src, uint32_t v)
{
    unsigned irq = v & 0xf;
    unsigned mask;
    unsigned all = (1u << g->cfg.ncpus) - 1;
    switch ((v >> 24) & 3) {
    case 0: mask = (v >> 16) & 0xff & all; break;
    case 1: mask = all & ~(1u << src->index); break;
    case 2: mask = 1u << src->index; break;
    default: return;
    }
    for (unsigned i = 0; i < g->cfg.ncpus; i++) {
        if (mask & (1u << i)) {
            GicCpu *c = &g->cpu[i];
            c->sgi_src[irq] |= (uint16_t)(1u << src->index);
            sgi_sync_pending(c, irq);
        }
    }
    gic_update(g);
}

static bool dist_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    *value = 0;
    if (off >= 0x400 && off < 0x800) {
        *value = gic_prio_read(g, c, (unsigned)(off - 0x400), size);
        return true;
    }
    if (off >= 0x800 && off < 0xc00) {
        unsigned first = (unsigned)(off - 0x800);
        if (g->cfg.ncpus == 1) {
            return true;   /* uniprocessor: RAZ/WI */
        }
        for (unsigned i = 0; i < size && first + i < g->num_irq; i++) {
            unsigned irq = first + i;
            /* ITARGETSR0-7 read as the accessing CPU's own bit */
            uint8_t t = irq < GIC_NUM_PRIVATE ? (uint8_t)(1u << c->index) : g->spi[irq].targets;
            *value |= (uint64_t)t << (8 * i);
        }
        return true;
    }
    if (off >= 0xf10 && off < 0xf30) {
        /* CPENDSGIR/SPENDSGIR: a byte per SGI, a bit per source CPU */
        unsigned first = (unsigned)(off & 0xf);
        for (unsigned i = 0; i < size && first + i < 16; i++) {
            *value |= (uint64_t)(c->sgi_src[first + i] & 0xff) << (8 * i);
        }
        return true;
    }
    if (size != 4) {
        return true;
    }
    if (off >= 0xfd0 && off <= 0xffc) {
        *value = v2_idreg((unsigned)off);
        return true;
    }
    unsigned n = (unsigned)(off & 0x7f) / 4;
    switch (off) {
    case 0x0:
        *value = g->gicd_ctlr;
        return true;
    case 0x4:
        /* ITLinesNumber, CPUNumber; SecurityExtn = 0 */
        *value = (g->num_irq / 32 - 1) | (g->cfg.ncpus - 1) << 5;
        return true;
    case 0x8:
        *value = 0x0200043b;   /* Arm, ProductID 2 (GICv2) */
        return true;
    default:
        break;
    }
    if (off >= 0x80 && off < 0x100) {
        *value = gic_bitreg_read(g, c, 32 * n, GBR_GROUP);
    } else if (off >= 0x100 && off < 0x200) {
        *value = gic_bitreg_read(g, c, 32 * n, GBR_ENABLE);
    } else if (off >= 0x200 && off < 0x300) {
        *value = gic_bitreg_read(g, c, 32 * n, GBR_PEND);
    } else if (off >= 0x300 && off < 0x400) {
        *value = gic_bitreg_read(g, c, 32 * n, GBR_ACTIVE);
    } else if (off >= 0xc00 && off < 0xd00) {
        *value = gic_icfgr_read(g, c, (unsigned)(off - 0xc00) * 4);
    }
    return true;
}

static bool dist_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    if (off >= 0x400 && off < 0x800) {
        gic_prio_write(g, c, (unsigned)(off - 0x400), size, value);
        return true;
    }
    if (off >= 0x800 && off < 0xc00) {
        unsigned first = (unsigned)(off - 0x800);
        uint8_t all = (uint8_t)((1u << g->cfg.ncpus) - 1);
        for (unsigned i = 0; i < size && first + i < g->num_irq; i++) {
            if (first + i >= GIC_NUM_PRIVATE) {
                g->spi[first + i].targets = (uint8_t)(value >> (8 * i)) & all;
            }
        }
        gic_update(g);
        return true;
    }
    if (off >= 0xf10 && off < 0xf30) {
        unsigned first = (unsigned)(off & 0xf);
        bool set = off >= 0xf20;
        for (unsigned i = 0; i < size && first + i < 16; i++) {
            uint16_t bits = (uint8_t)(value >> (8 * i));
            unsigned irq = first + i;
            if (set) {
                c->sgi_src[irq] |= bits;
            } else {
                c->sgi_src[irq] &= (uint16_t)~bits;
            }
            sgi_sync_pending(c, irq);
        }
        gic_update(g);
        return true;
    }
    if (size != 4) {
        return true;
    }
    unsigned n = (unsigned)(off & 0x7f) / 4;
    uint32_t v = (uint32_t)value;
    if (off == 0) {
        g->gicd_ctlr = v & 3;
        gic_update(g);
        return true;
    }
    if (off == 0xf00) {
        v2_send_sgi(g, c, v);
        return true;
    }
    if (off >= 0x80 && off < 0x100) {
        gic_bitreg_write(g, c, 32 * n, GBR_GROUP, true, v);
    } else if (off >= 0x100 && off < 0x200) {
        /* SGIs are always enabled (RAO/WI) */
        gic_bitreg_write(g, c, 32 * n, GBR_ENABLE, off < 0x180, n == 0 ? v & ~0xffffu : v);
    } else if (off >= 0x200 && off < 0x300) {
        /* SGI pending bits change through SPENDSGIR/CPENDSGIR only */
        gic_bitreg_write(g, c, 32 * n, GBR_PEND, off < 0x280, n == 0 ? v & ~0xffffu : v);
    } else if (off >= 0x300 && off < 0x400) {
        gic_bitreg_write(g, c, 32 * n, GBR_ACTIVE, off < 0x380, v);
    } else if (off >= 0xc00 && off < 0xd00) {
        gic_icfgr_write(g, c, (unsigned)(off - 0xc00) * 4, v);
    }
    return true;
}

const MemRegionOps gic_v2_dist_ops = {
    .read = dist_read, .write = dist_write, .min_access = 1, .max_access = 4,
};

/* ---- CPU interface GICC --------------------------------------------------- */

/* The HPPI as GICC_HPPIR/IAR report it: INTID with the SGI source CPU. */
static uint32_t hppi_value(GicCpu *c, bool alias)
{
    gic_update_cpu(c);
    if (c->hppi.irq == GIC_SPURIOUS || c->hppi.prio >= c->icc_pmr) {
        return GIC_SPURIOUS;
    }
    if (alias ? c->hppi.grp != 1
              : (c->hppi.grp == 1 && !(c->gicc_ctlr & GICC_CTLR_ACKCTL))) {
        return alias ? GIC_SPURIOUS : 1022;
    }
    uint32_t v = c->hppi.irq;
    if (v < 16 && c->sgi_src[v]) {
        v |= (uint32_t)__builtin_ctz(c->sgi_src[v]) << 10;
    }
    return v;
}

static uint32_t v2_ack(GicCpu *c, bool alias)
{
    uint32_t v = hppi_value(c, alias);
    if ((v & 0x3ff) >= 1020) {
        return v;
    }
    if (!gic_hppi_can_preempt(c)) {
        return GIC_SPURIOUS;
    }
    gic_apr_activate(c, c->hppi.grp, c->hppi.prio);
    gic_activate(c->gic, c, v & 0x3ff);
    return v;
}

static void v2_eoi(GicCpu *c, uint32_t value)
{
    unsigned irq = value & 0x3ff;
    if (irq >= c->gic->num_irq || gic_highest_active_group(c) < 0) {
        return;
    }
    GicIrq *q = gic_irq(c->gic, c, irq);
    gic_apr_drop(c, q->flags & GIRQ_GROUP ? 1 : 0);
    if (!(c->gicc_ctlr & GICC_CTLR_EOIMODE)) {
        gic_deactivate(c->gic, c, irq);
    } else {
        gic_update_cpu(c);
    }
}

static uint32_t v2_apr_read(GicCpu *c, unsigned grp, unsigned n)
{
    return (uint32_t)c->icc_apr[grp][n];
}

static bool cpu_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    *value = 0;
    if (size != 4) {
        return true;
    }
    switch (off) {
    case 0x00: *value = c->gicc_ctlr; break;
    case 0x04: *value = c->icc_pmr; break;
    case 0x08: *value = c->icc_bpr[0]; break;
    case 0x0c: *value = v2_ack(c, false); break;
    case 0x14: *value = gic_running_prio(c); break;
    case 0x18: *value = hppi_value(c, false); break;
    case 0x1c: *value = c->icc_bpr[1]; break;
    case 0x20: *value = v2_ack(c, true); break;
    case 0x28: *value = hppi_value(c, true); break;
    case 0xd0: case 0xd4: case 0xd8: case 0xdc:
        *value = v2_apr_read(c, 0, (unsigned)(off - 0xd0) / 4);
        break;
    case 0xe0: case 0xe4: case 0xe8: case 0xec:
        *value = v2_apr_read(c, 1, (unsigned)(off - 0xe0) / 4);
        break;
    case 0xfc: *value = 0x0002043b; break;   /* GICC_IIDR: arch version 2, Arm */
    default: break;
    }
    return true;
}

static bool cpu_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    if (size != 4) {
        return true;
    }
    uint32_t v = (uint32_t)value;
    switch (off) {
    case 0x00:
        /* EnableGrp0/1, AckCtl, FIQEn, CBPR, bypass disables, EOImode */
        c->gicc_ctlr = v & 0x3ff;
        break;
    case 0x04: c->icc_pmr = v & 0xff; break;
    case 0x08: c->icc_bpr[0] = v & 7; break;
    case 0x10: case 0x24: v2_eoi(c, v); return true;
    case 0x1c: c->icc_bpr[1] = (v & 7) < 1 ? 1 : (v & 7); break;
    case 0xd0: case 0xd4: case 0xd8: case 0xdc:
        c->icc_apr[0][(off - 0xd0) / 4] = v;
        break;
    case 0xe0: case 0xe4: case 0xe8: case 0xec:
        c->icc_apr[1][(off - 0xe0) / 4] = v;
        break;
    case 0x1000:
        if ((v & 0x3ff) < g->num_irq) {
            gic_deactivate(g, c, v & 0x3ff);
        }
        return true;
    default:
        return true;
    }
    gic_update_cpu(c);
    return true;
}

const MemRegionOps gic_v2_cpu_ops = {
    .read = cpu_read, .write = cpu_write, .min_access = 4, .max_access = 4,
};

/* ---- hypervisor interface GICH -------------------------------------------- */

/* GICH_LR (IHI 0048B 5.3.11) <-> ICH_LR_EL2 layout: VirtualID[9:0],
 * PhysicalID[19:10] (EOI at 19, CPUID at 12:10 when HW = 0),
 * Priority[27:23] (bits 7:3), State[29:28], Grp1[30], HW[31]. */
static uint64_t lr_from_v2(uint32_t v)
{
    return (uint64_t)(v & 0x3ff) | (uint64_t)((v >> 10) & 0x3ff) << 32 |
           (uint64_t)((v >> 23) & 0x1f) << 51 | (uint64_t)((v >> 28) & 3) << 62 |
           (uint64_t)((v >> 30) & 1) << 60 | (uint64_t)((v >> 31) & 1) << 61;
}

static uint32_t lr_to_v2(uint64_t lr)
{
    return (uint32_t)((lr & 0x3ff) | ((lr >> 32) & 0x3ff) << 10 | ((lr >> 51) & 0x1f) << 23 |
                      ((lr >> 62) & 3) << 28 | ((lr >> 60) & 1) << 30 | ((lr >> 61) & 1) << 31);
}

static bool hyp_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    *value = 0;
    if (size != 4) {
        return true;
    }
    if (off >= 0x100 && off < 0x100 + 4 * GIC_NUM_LRS) {
        *value = lr_to_v2(c->ich_lr[(off - 0x100) / 4]);
        return true;
    }
    switch (off) {
    case 0x00: *value = (uint32_t)c->ich_hcr; break;
    /* GICH_VTR: ListRegs = 3, PREbits = PRIbits = 5 - 1 */
    case 0x04: *value = (GIC_NUM_LRS - 1) | (GIC_VPRIBITS - 1u) << 26 | (GIC_VPRIBITS - 1u) << 29;
        break;
    case 0x08: *value = (uint32_t)c->ich_vmcr; break;
    case 0x10: *value = gic_ich_misr(c); break;
    case 0x20: *value = gic_ich_eisr(c); break;
    case 0x30: *value = gic_ich_elrsr(c); break;
    case 0xf0: *value = (uint32_t)(c->ich_apr[0][0] | c->ich_apr[1][0]); break;
    default: break;
    }
    return true;
}

static bool hyp_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    if (size != 4) {
        return true;
    }
    uint32_t v = (uint32_t)value;
    if (off >= 0x100 && off < 0x100 + 4 * GIC_NUM_LRS) {
        c->ich_lr[(off - 0x100) / 4] = lr_from_v2(v);
    } else if (off == 0x00) {
        /* En, UIE, LRENPIE, NPIE, VGrp*IE, EOICount: as ICH_HCR_EL2 */
        c->ich_hcr = v & (0xffu | 0x1fu << 27);
    } else if (off == 0x08) {
        /* VMGrp0En, VMGrp1En, VMAckCtl, VMFIQEn, VMCBPR, VEM, VMABP,
         * VMBP, VMPriMask[31:27]: the ICH_VMCR_EL2 positions */
        c->ich_vmcr = v & (0x1fu | 1u << 9 | 7u << 18 | 7u << 21 | 0x1fu << 27);
        gic_write_vbpr(c, 0, gic_read_vbpr(c, 0));
        gic_write_vbpr(c, 1, gic_read_vbpr(c, 1));
    } else if (off == 0xf0) {
        c->ich_apr[0][0] = v;
        c->ich_apr[1][0] = 0;
    } else {
        return true;
    }
    gic_virt_update(c);
    return true;
}

const MemRegionOps gic_v2_hyp_ops = {
    .read = hyp_read, .write = hyp_write, .min_access = 4, .max_access = 4,
};

/* ---- virtual CPU interface GICV (GICC layout on the list registers) ------- */

static bool vcpu_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    *value = 0;
    if (size != 4) {
        return true;
    }
    switch (off) {
    case 0x00: *value = (uint32_t)c->ich_vmcr & (0x1fu | 1u << 9); break;
    case 0x04: *value = (c->ich_vmcr >> 24) & 0xf8; break;
    case 0x08: *value = gic_read_vbpr(c, 0); break;
    case 0x0c: *value = gic_virt_ack(c, -1); break;
    case 0x14: *value = gic_virt_running_prio(c); break;
    case 0x18:
        /* the vINTID without the SGI source CPUID, as QEMU 7.2 */
        *value = gic_virt_hppir(c, -1);
        break;
    case 0x1c: *value = gic_read_vbpr(c, 1); break;
    case 0xd0: *value = (uint32_t)(c->ich_apr[0][0] | c->ich_apr[1][0]); break;
    case 0xfc: *value = 0x0002043b; break;
    default: break;
    }
    return true;
}

static bool vcpu_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    GicCpu *c = gic_current(g);
    if (size != 4) {
        return true;
    }
    uint32_t v = (uint32_t)value;
    uint64_t keep;
    switch (off) {
    case 0x00:
        keep = c->ich_vmcr & ~(uint64_t)(0x1fu | 1u << 9);
        c->ich_vmcr = keep | (v & (0x1fu | 1u << 9));
        break;
    case 0x04:
        c->ich_vmcr = (c->ich_vmcr & ~(0xffull << 24)) | (uint64_t)(v & 0xf8) << 24;
        break;
    case 0x08: gic_write_vbpr(c, 0, v & 7); break;
    case 0x1c: gic_write_vbpr(c, 1, v & 7); break;
    case 0x10: case 0x24: gic_virt_eoi(c, -1, v & 0x3ff); return true;
    case 0xd0: c->ich_apr[0][0] = v; c->ich_apr[1][0] = 0; break;
    case 0x1000: gic_virt_dir(c, v & 0x3ff); return true;
    default: return true;
    }
    gic_virt_update(c);
    return true;
}

const MemRegionOps gic_v2_vcpu_ops = {
    .read = vcpu_read, .write = vcpu_write, .min_access = 4, .max_access = 4,
};
