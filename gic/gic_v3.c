/* SPDX-License-Identifier: MIT */
/*
 * gic_v3.c - GICv3 memory-mapped registers: the distributor (GICD_*, IHI
 * 0069 12.9) with affinity routing always on (ARE RAO/WI, so its SGI/PPI
 * registers are RAZ/WI), and one redistributor per CPU (12.10/12.11): an
 * RD_base frame (GICR_CTLR, TYPER, WAKER, ...) and an SGI_base frame with
 * the SGI/PPI registers. Also the register-array helpers GICv2 shares.
 * Unknown offsets are RAZ/WI, as QEMU does.
 */
#include "gic_internal.h"

/* ---- shared register-array helpers ------------------------------------- */

uint32_t gic_bitreg_read(Gic *g, GicCpu *c, unsigned first, GicBitReg r)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 32; i++) {
        unsigned irq = first + i;
        if (irq >= g->num_irq) {
            break;
        }
        const GicIrq *q = gic_irq(g, c, irq);
        bool bit;
        switch (r) {
        case GBR_GROUP: bit = q->flags & GIRQ_GROUP; break;
        case GBR_ENABLE: bit = q->flags & GIRQ_ENABLED; break;
        case GBR_PEND: bit = girq_pending(q); break;
        case GBR_ACTIVE: bit = q->flags & GIRQ_ACTIVE; break;
        default: bit = false; break;
        }
        v |= (uint32_t)bit << i;
    }
    return v;
}

/* set: the ISxxx register (1 sets), else ICxxx (1 clears); GBR_GROUP
 * writes the value. */
void gic_bitreg_write(Gic *g, GicCpu *c, unsigned first, GicBitReg r, bool set, uint32_t value)
{
    for (unsigned i = 0; i < 32; i++) {
        unsigned irq = first + i;
        if (irq >= g->num_irq) {
            break;
        }
        GicIrq *q = gic_irq(g, c, irq);
        bool bit = (value >> i) & 1;
        uint8_t flag;
        switch (r) {
        case GBR_GROUP:
            q->flags = bit ? (q->flags | GIRQ_GROUP) : (q->flags & ~GIRQ_GROUP);
            continue;
        case GBR_ENABLE: flag = GIRQ_ENABLED; break;
        case GBR_PEND: flag = GIRQ_PENDING; break;
        case GBR_ACTIVE: flag = GIRQ_ACTIVE; break;
        default: continue;
        }
        if (!bit) {
            continue;
        }
        if (set) {
            q->flags |= flag;
        } else {
            q->flags &= ~flag;
        }
    }
    gic_update(g);
}

/* GICD/GICR_ICFGR<n>: two bits per INTID, Int_config[1] = edge. */
uint32_t gic_icfgr_read(Gic *g, GicCpu *c, unsigned first)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 16 && first + i < g->num_irq; i++) {
        if (gic_irq(g, c, first + i)->flags & GIRQ_EDGE) {
            v |= 2u << (2 * i);
        }
    }
    return v;
}

void gic_icfgr_write(Gic *g, GicCpu *c, unsigned first, uint32_t value)
{
    for (unsigned i = 0; i < 16 && first + i < g->num_irq; i++) {
        unsigned irq = first + i;
        if (irq < 16) {
            continue;   /* SGIs: always edge, read-only */
        }
        GicIrq *q = gic_irq(g, c, irq);
        if ((value >> (2 * i + 1)) & 1) {
            q->flags |= GIRQ_EDGE;
        } else {
            q->flags &= ~GIRQ_EDGE;
        }
    }
    gic_update(g);
}

/* Byte arrays (IPRIORITYR, ITARGETSR) in any access size. */
static uint64_t prio_read(Gic *g, GicCpu *c, unsigned first, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size && first + i < g->num_irq; i++) {
        v |= (uint64_t)gic_irq(g, c, first + i)->prio << (8 * i);
    }
    return v;
}

static void prio_write(Gic *g, GicCpu *c, unsigned first, unsigned size, uint64_t value)
{
    for (unsigned i = 0; i < size && first + i < g->num_irq; i++) {
        gic_irq(g, c, first + i)->prio = (uint8_t)(value >> (8 * i));
    }
    gic_update(g);
}

uint64_t gic_prio_read(Gic *g, GicCpu *c, unsigned first, unsigned size)
{
    return prio_read(g, c, first, size);
}

void gic_prio_write(Gic *g, GicCpu *c, unsigned first, unsigned size, uint64_t value)
{
    prio_write(g, c, first, size, value);
}

/* PIDR/CIDR at 0xffd0..0xfffc: QEMU's gicv3_idreg values (ARM, GIC-500
 * style), PIDR2.ArchRev = 3. */
static uint32_t v3_idreg(unsigned off)
{
    static const uint8_t ids[] = { 0x44, 0x00, 0x00, 0x00, 0x92, 0xB4, 0x3B, 0x00,
                                   0x0D, 0xF0, 0x05, 0xB1 };
    return ids[(off - 0xffd0) / 4];
}

#define GIC_IIDR 0x43b   /* Arm, r0p0, ProductID 0 (QEMU's gicv3_iidr) */

/* ---- distributor ---------------------------------------------------------- */

static bool dist_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    *value = 0;
    if (off >= 0x400 && off < 0x800) {
        unsigned irq = (unsigned)(off - 0x400);
        if (irq >= GIC_NUM_PRIVATE) {
            *value = prio_read(g, NULL, irq, size);
        }
        return true;
    }
    if (off >= 0x6100 && off < 0x6000 + 8ull * GIC_MAX_INTID) {
        unsigned irq = (unsigned)((off - 0x6000) / 8);
        if (irq < g->num_irq) {
            uint64_t r = g->spi[irq].router;
            *value = (off & 4) ? r >> 32 : (size == 8 ? r : (uint32_t)r);
        }
        return true;
    }
    if (size != 4) {
        return true;
    }
    if (off >= 0xffd0 && off <= 0xfffc) {
        *value = v3_idreg((unsigned)off);
        return true;
    }
    unsigned n = (unsigned)(off & 0x7f) / 4;
    switch (off) {
    case 0x0:
        *value = g->gicd_ctlr;
        return true;
    case 0x4: {
        /* ITLinesNumber = num_irq / 32 - 1 (QEMU 8.0's fixed formula; 7.2
         * reports one block less), IDbits = 15, A3V, No1N; no LPIs here */
        *value = (1u << 25) | (1u << 24) | (0xfu << 19) | (g->num_irq / 32 - 1);
        return true;
    }
    case 0x8:
        *value = GIC_IIDR;
        return true;
    default:
        break;
    }
    if (n == 0) {
        return true;  /* INTIDs 0-31 live in the redistributors (ARE = 1) */
    }
    if (off >= 0x80 && off < 0x100) {
        *value = gic_bitreg_read(g, NULL, 32 * n, GBR_GROUP);
    } else if (off >= 0x100 && off < 0x200) {
        *value = gic_bitreg_read(g, NULL, 32 * n, GBR_ENABLE);
    } else if (off >= 0x200 && off < 0x300) {
        *value = gic_bitreg_read(g, NULL, 32 * n, GBR_PEND);
    } else if (off >= 0x300 && off < 0x400) {
        *value = gic_bitreg_read(g, NULL, 32 * n, GBR_ACTIVE);
    } else if (off >= 0xc08 && off < 0xd00) {
        *value = gic_icfgr_read(g, NULL, (unsigned)(off - 0xc00) * 4);
    }
    /* IGRPMODR, NSACR: RAZ/WI with DS = 1 */
    return true;
}

static bool dist_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    if (off >= 0x400 && off < 0x800) {
        unsigned irq = (unsigned)(off - 0x400);
        if (irq >= GIC_NUM_PRIVATE) {
            prio_write(g, NULL, irq, size, value);
        }
        return true;
    }
    if (off >= 0x6100 && off < 0x6000 + 8ull * GIC_MAX_INTID) {
        unsigned irq = (unsigned)((off - 0x6000) / 8);
        if (irq < g->num_irq) {
            uint64_t r = g->spi[irq].router;
            if (size == 8) {
                r = value;
            } else if (off & 4) {
                r = (r & 0xffffffffull) | value << 32;
            } else {
                r = (r & ~0xffffffffull) | (uint32_t)value;
            }
            /* Aff3.Aff2.Aff1.Aff0; IRM is RES0 (No1N = 1) */
            g->spi[irq].router = r & 0xff00ffffffull;
            gic_update(g);
        }
        return true;
    }
    if (size != 4) {
        return true;
    }
    unsigned n = (unsigned)(off & 0x7f) / 4;
    uint32_t v = (uint32_t)value;
    if (off == 0) {
        /* EnableGrp0, EnableGrp1; ARE and DS read as one */
        g->gicd_ctlr = (v & 3) | (1u << 4) | (1u << 6);
        gic_update(g);
        return true;
    }
    if (off < 0x80 || n == 0) {
        return true;
    }
    if (off >= 0x80 && off < 0x100) {
        gic_bitreg_write(g, NULL, 32 * n, GBR_GROUP, true, v);
    } else if (off >= 0x100 && off < 0x200) {
        gic_bitreg_write(g, NULL, 32 * n, GBR_ENABLE, off < 0x180, v);
    } else if (off >= 0x200 && off < 0x300) {
        gic_bitreg_write(g, NULL, 32 * n, GBR_PEND, off < 0x280, v);
    } else if (off >= 0x300 && off < 0x400) {
        gic_bitreg_write(g, NULL, 32 * n, GBR_ACTIVE, off < 0x380, v);
    } else if (off >= 0xc08 && off < 0xd00) {
        gic_icfgr_write(g, NULL, (unsigned)(off - 0xc00) * 4, v);
    }
    return true;
}

const MemRegionOps gic_v3_dist_ops = {
    .read = dist_read, .write = dist_write, .min_access = 1, .max_access = 8,
};

/* ---- redistributors --------------------------------------------------------- */

/* GICR_TYPER: Affinity_Value = MPIDR Aff3.Aff2.Aff1.Aff0, Processor_Number,
 * Last for the final frame (IHI 0069 12.11.33). */
static uint64_t gicr_typer(Gic *g, GicCpu *c)
{
    uint64_t mpidr = c->cpu->sr.mpidr;
    uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
    return aff << 32 | (uint64_t)c->index << 8 |
           (c->index == g->cfg.ncpus - 1 ? 1u << 4 : 0);
}

static bool redist_read(void *opaque, uint64_t addr, unsigned size, uint64_t *value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    unsigned cpu = (unsigned)(addr / 0x20000);
    uint64_t off = addr % 0x20000;
    *value = 0;
    if (cpu >= g->cfg.ncpus) {
        return true;
    }
    GicCpu *c = &g->cpu[cpu];
    if (off >= 0x10400 && off < 0x10420) {
        *value = prio_read(g, c, (unsigned)(off - 0x10400), size);
        return true;
    }
    if (off == 0x8 || off == 0xc) {
        uint64_t t = gicr_typer(g, c);
        *value = off == 0xc ? t >> 32 : (size == 8 ? t : (uint32_t)t);
        return true;
    }
    if (size != 4) {
        return true;
    }
    if ((off >= 0xffd0 && off <= 0xfffc) || (off >= 0x1ffd0 && off <= 0x1fffc)) {
        *value = v3_idreg((unsigned)(off & 0xffff));
        return true;
    }
    switch (off) {
    case 0x0: *value = c->gicr_ctlr; break;
    case 0x4: *value = GIC_IIDR; break;
    case 0x14: *value = c->gicr_waker; break;
    case 0x10080: *value = gic_bitreg_read(g, c, 0, GBR_GROUP); break;
    case 0x10100: case 0x10180: *value = gic_bitreg_read(g, c, 0, GBR_ENABLE); break;
    case 0x10200: case 0x10280: *value = gic_bitreg_read(g, c, 0, GBR_PEND); break;
    case 0x10300: case 0x10380: *value = gic_bitreg_read(g, c, 0, GBR_ACTIVE); break;
    case 0x10c00: *value = gic_icfgr_read(g, c, 0); break;
    case 0x10c04: *value = gic_icfgr_read(g, c, 16); break;
    default: break;  /* IGRPMODR0, NSACR: RAZ/WI with DS = 1 */
    }
    return true;
}

static bool redist_write(void *opaque, uint64_t addr, unsigned size, uint64_t value)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    unsigned cpu = (unsigned)(addr / 0x20000);
    uint64_t off = addr % 0x20000;
    if (cpu >= g->cfg.ncpus) {
        return true;
    }
    GicCpu *c = &g->cpu[cpu];
    if (off >= 0x10400 && off < 0x10420) {
        prio_write(g, c, (unsigned)(off - 0x10400), size, value);
        return true;
    }
    if (size != 4) {
        return true;
    }
    uint32_t v = (uint32_t)value;
    switch (off) {
    case 0x14:
        /* ProcessorSleep is writable; ChildrenAsleep follows it at once
         * (IHI 0069 12.11.44, the Linux power-up handshake) */
        c->gicr_waker = (v & 2) ? 6 : 0;
        break;
    case 0x10080: gic_bitreg_write(g, c, 0, GBR_GROUP, true, v); break;
    case 0x10100: gic_bitreg_write(g, c, 0, GBR_ENABLE, true, v); break;
    case 0x10180: gic_bitreg_write(g, c, 0, GBR_ENABLE, false, v); break;
    case 0x10200: gic_bitreg_write(g, c, 0, GBR_PEND, true, v); break;
    case 0x10280: gic_bitreg_write(g, c, 0, GBR_PEND, false, v); break;
    case 0x10300: gic_bitreg_write(g, c, 0, GBR_ACTIVE, true, v); break;
    case 0x10380: gic_bitreg_write(g, c, 0, GBR_ACTIVE, false, v); break;
    case 0x10c04: gic_icfgr_write(g, c, 16, v); break;
    default: break;   /* GICR_CTLR (no LPIs), ICFGR0 (SGIs: RO) ... */
    }
    return true;
}

const MemRegionOps gic_v3_redist_ops = {
    .read = redist_read, .write = redist_write, .min_access = 1, .max_access = 8,
};
