/* SPDX-License-Identifier: MIT */
/*
 * gic.c - the GIC's core: creation, input lines, the per-CPU choice of the
 * highest priority pending interrupt (HPPI) and the IRQ/FIQ outputs, and
 * the state changes shared by GICv2 and GICv3 (activate, deactivate,
 * SGI generation). The register views live in gic_v3.c (GICD/GICR),
 * gic_v2.c (GICD/GICC/GICH/GICV) and gic_cpuif.c (ICC_*, ICH_*, ICV_*).
 * References: IHI 0069 (GICv3) 4.1 (interrupt lifecycle), 4.8
 * (priority), IHI 0048B (GICv2) 3.
 */
#include "gic_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__thread A64Cpu *a64_current_cpu;

GicCpu *gic_current(Gic *g)
{
    A64Cpu *cpu = a64_current_cpu;
    if (cpu && cpu->gic && cpu->gic->gic == g) {
        return cpu->gic;
    }
    /* No CPU recorded (a test, or a device access outside a slice): the
     * banked view of CPU 0. */
    return &g->cpu[0];
}

/* Does SPI irq go to CPU c? GICv3 with ARE: GICD_IROUTER affinity (IRM is
 * RAZ/WI: GICD_TYPER.No1N = 1); GICv2: the GICD_ITARGETSR bit. */
bool gic_irq_targets_cpu(Gic *g, unsigned irq, GicCpu *c)
{
    if (irq < GIC_NUM_PRIVATE) {
        return true;
    }
    if (g->cfg.version == 3) {
        uint64_t aff = g->spi[irq].router & 0xff00ffffffull;
        uint64_t mpidr = c->cpu->sr.mpidr;
        uint64_t mine = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32;
        return aff == mine;
    }
    /* a uniprocessor GICv2 has no targets: ITARGETSR is RAZ/WI and every
     * SPI goes to the one CPU (QEMU's arm_gic) */
    return g->cfg.ncpus == 1 || ((g->spi[irq].targets >> c->index) & 1);
}

/* Is interrupt group grp enabled in the distributor? */
static bool dist_group_enabled(Gic *g, unsigned grp)
{
    return (g->gicd_ctlr >> grp) & 1;
}

static void consider(GicHppi *best, unsigned irq, const GicIrq *q)
{
    if (q->prio < best->prio || (q->prio == best->prio && irq < best->irq)) {
        best->irq = irq;
        best->prio = q->prio;
        best->grp = q->flags & GIRQ_GROUP ? 1 : 0;
    }
}

static bool candidate(Gic *g, const GicIrq *q)
{
    return (q->flags & GIRQ_ENABLED) && !(q->flags & GIRQ_ACTIVE) && girq_pending(q) &&
           dist_group_enabled(g, q->flags & GIRQ_GROUP ? 1 : 0);
}

/* The highest priority pending interrupt of c (ties: the lower INTID). */
static GicHppi compute_hppi(GicCpu *c)
{
    Gic *g = c->gic;
    GicHppi best = { .irq = GIC_SPURIOUS, .prio = GIC_IDLE_PRIO, .grp = 0 };
    for (unsigned i = 0; i < GIC_NUM_PRIVATE; i++) {
        if (candidate(g, &c->priv[i])) {
            consider(&best, i, &c->priv[i]);
        }
    }
    for (unsigned i = GIC_NUM_PRIVATE; i < g->num_irq; i++) {
        const GicIrq *q = &g->spi[i];
        if (candidate(g, q) && gic_irq_targets_cpu(g, i, c)) {
            consider(&best, i, q);
        }
    }
    /* an interrupt at the idle priority can never be signalled */
    if (best.prio == GIC_IDLE_PRIO) {
        best.irq = GIC_SPURIOUS;
    }
    return best;
}

/* Compare with the CPU's own line state (not a copy), so that a CPU
 * reset or anyone else clearing irq_lines cannot leave a level stuck. */
void gic_drive_line(A64Cpu *cpu, bool *cur, uint32_t line, bool level)
{
    bool now = __atomic_load_n(&cpu->irq_lines, __ATOMIC_ACQUIRE) & line;
    *cur = level;
    if (now != level) {
        a64_cpu_set_line(cpu, line, level);
    }
}

/* Could the HPPI be signalled now (ICC: CanSignalInterrupt, the PMR,
 * the running priority with the group priority bits, IHI 0069 4.8)? */
static bool hppi_can_preempt(const GicCpu *c)
{
    const GicHppi *h = &c->hppi;
    if (h->irq == GIC_SPURIOUS) {
        return false;
    }
    if (c->gic->cfg.version == 3) {
        if (!c->icc_igrpen[h->grp]) {
            return false;
        }
    } else if (!((c->gicc_ctlr >> h->grp) & 1)) {
        return false;
    }
    if (h->prio >= c->icc_pmr) {
        return false;
    }
    uint8_t rprio = gic_running_prio(c);
    if (rprio == GIC_IDLE_PRIO) {
        return true;
    }
    uint8_t mask = gic_gprio_mask(c, h->grp);
    return (h->prio & mask) < (rprio & mask);
}

bool gic_hppi_can_preempt(const GicCpu *c)
{
    return hppi_can_preempt(c);
}

void gic_update_cpu(GicCpu *c)
{
    c->hppi = compute_hppi(c);
    bool irq = false, fiq = false;
    if (hppi_can_preempt(c)) {
        /* One security state (DS = 1): Group 0 is FIQ, Group 1 IRQ (IHI
         * 0069 4.6.2). GICv2 without the security extension signals
         * Group 0 as FIQ only with GICC_CTLR.FIQEn (IHI 0048B 3.3). */
        if (c->hppi.grp == 0 &&
            (c->gic->cfg.version == 3 || (c->gicc_ctlr & (1u << 3)))) {
            fiq = true;
        } else {
            irq = true;
        }
    }
    gic_drive_line(c->cpu, &c->line_irq, A64_LINE_IRQ, irq);
    gic_drive_line(c->cpu, &c->line_fiq, A64_LINE_FIQ, fiq);
}

void gic_update(Gic *g)
{
    for (unsigned i = 0; i < g->cfg.ncpus; i++) {
        gic_update_cpu(&g->cpu[i]);
    }
}

void gic_set_irq_pending(Gic *g, GicCpu *c, unsigned irq, bool pend)
{
    GicIrq *q = gic_irq(g, c, irq);
    if (pend) {
        q->flags |= GIRQ_PENDING;
    } else {
        q->flags &= ~GIRQ_PENDING;
    }
}

/* Acknowledge: Pending -> Active (or Active and Pending for a level
 * interrupt whose line is still high); the pending latch is cleared
 * (IHI 0069 4.1.1). The caller updates the APRs. */
void gic_activate(Gic *g, GicCpu *c, unsigned irq)
{
    if (irq >= g->num_irq) {
        return;
    }
    GicIrq *q = gic_irq(g, c, irq);
    q->flags |= GIRQ_ACTIVE;
    q->flags &= ~GIRQ_PENDING;
    if (g->cfg.version == 2 && irq < 16) {
        /* GICv2: one source CPU at a time; the SGI stays pending while
         * other sources remain (IHI 0048B 3.2.2) */
        uint16_t src = c->sgi_src[irq];
        if (src) {
            unsigned s = (unsigned)__builtin_ctz(src);
            c->sgi_src[irq] = src & (uint16_t)~(1u << s);
            c->sgi_active_src[irq] = (uint16_t)(1u << s);
            if (c->sgi_src[irq]) {
                q->flags |= GIRQ_PENDING;
            }
        }
    }
    gic_update(g);
}

void gic_deactivate(Gic *g, GicCpu *c, unsigned irq)
{
    if (irq >= g->num_irq) {
        return;
    }
    GicIrq *q = gic_irq(g, c, irq);
    q->flags &= ~GIRQ_ACTIVE;
    if (irq < 16) {
        c->sgi_active_src[irq] = 0;
    }
    gic_update(g);
}

/* ICC_SGI0R_EL1 / ICC_SGI1R_EL1 (IHI 0069 12.2.21): TargetList[15:0],
 * Aff1[23:16], INTID[27:24], Aff2[39:32], IRM[40], Aff3[55:48]. The SGI is
 * made pending only where its configured group matches (QEMU's
 * gicv3_redist_send_sgi). */
void gic_v3_send_sgi(GicCpu *src, uint64_t value, unsigned grp)
{
    Gic *g = src->gic;
    unsigned irq = (value >> 24) & 0xf;
    bool irm = (value >> 40) & 1;
    uint64_t aff = ((value >> 16) & 0xff) | ((value >> 32) & 0xff) << 8 |
                   ((value >> 48) & 0xff) << 16;
    uint16_t targets = value & 0xffff;
    for (unsigned i = 0; i < g->cfg.ncpus; i++) {
        GicCpu *c = &g->cpu[i];
        if (irm) {
            if (c == src) {
                continue;
            }
        } else {
            uint64_t mpidr = c->cpu->sr.mpidr;
            uint64_t caff = ((mpidr >> 8) & 0xff) | ((mpidr >> 16) & 0xff) << 8 |
                            ((mpidr >> 32) & 0xff) << 16;
            unsigned aff0 = mpidr & 0xff;
            if (caff != aff || aff0 > 15 || !((targets >> aff0) & 1)) {
                continue;
            }
        }
        GicIrq *q = &c->priv[irq];
        if ((q->flags & GIRQ_GROUP ? 1u : 0u) != grp) {
            continue;
        }
        q->flags |= GIRQ_PENDING;
    }
    gic_update(g);
}

/* ---- input lines ---------------------------------------------------------- */

static void set_level(Gic *g, GicCpu *c, unsigned irq, int level)
{
    GicIrq *q = gic_irq(g, c, irq);
    bool was = q->flags & GIRQ_LEVEL;
    if (level) {
        q->flags |= GIRQ_LEVEL;
        /* a rising edge latches an edge-triggered interrupt */
        if (!was && (q->flags & GIRQ_EDGE)) {
            q->flags |= GIRQ_PENDING;
        }
    } else {
        q->flags &= ~GIRQ_LEVEL;
    }
    if (g->cfg.version == 3 && irq >= GIC_NUM_PRIVATE) {
        gic_update(g);
    } else if (irq < GIC_NUM_PRIVATE) {
        gic_update_cpu(c);
    } else {
        gic_update(g);
    }
}

static void spi_set(void *opaque, int n, int level)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    if (n >= GIC_NUM_PRIVATE && (unsigned)n < g->num_irq) {
        set_level(g, NULL, (unsigned)n, level);
    }
}

/* PPI lines carry (cpu << 8 | INTID). */
static void ppi_set(void *opaque, int n, int level)
{
    GIC_LOCKED((Gic *)opaque);
    Gic *g = opaque;
    unsigned cpu = (unsigned)n >> 8, irq = (unsigned)n & 0xff;
    if (cpu < g->cfg.ncpus && irq < GIC_NUM_PRIVATE) {
        set_level(g, &g->cpu[cpu], irq, level);
    }
}

IrqLine gic_spi_line(Gic *g, unsigned spi)
{
    IrqLine l = { 0 };
    if (g && GIC_NUM_PRIVATE + spi < g->num_irq) {
        l.set = spi_set;
        l.opaque = g;
        l.n = (int)(GIC_NUM_PRIVATE + spi);
    }
    return l;
}

IrqLine gic_ppi_line(Gic *g, unsigned cpu, unsigned ppi)
{
    IrqLine l = { 0 };
    if (g && cpu < g->cfg.ncpus && ppi < 16) {
        l.set = ppi_set;
        l.opaque = g;
        l.n = (int)(cpu << 8 | (16 + ppi));
    }
    return l;
}

/* ---- creation ------------------------------------------------------------- */

/* CPU interface reset (ICC_* of QEMU's icc_reset; GICC; ICH_*). */
void gic_cpuif_reset(GicCpu *c)
{
    unsigned min_bpr = 7 - GIC_PRIBITS_V3;
    c->icc_pmr = 0;
    if (c->gic->cfg.version == 3) {
        c->icc_bpr[0] = min_bpr;
        c->icc_bpr[1] = min_bpr + 1;
        c->icc_ctlr = (1ull << 15) | (1ull << 11) | ((GIC_PRIBITS_V3 - 1ull) << 8);
    } else {
        /* GICv2: GICC_BPR resets to the minimum 0 (8 priority bits),
         * GICC_ABPR to 1 (QEMU's arm_gic) */
        c->icc_bpr[0] = 0;
        c->icc_bpr[1] = 1;
        c->icc_ctlr = 0;
    }
    c->icc_ctlr_el3 = (1ull << 17) | (1ull << 15) | (1ull << 11) |
                      ((GIC_PRIBITS_V3 - 1ull) << 8);
    memset(c->icc_apr, 0, sizeof(c->icc_apr));
    memset(c->icc_igrpen, 0, sizeof(c->icc_igrpen));
    c->gicc_ctlr = 0;
    memset(c->ich_apr, 0, sizeof(c->ich_apr));
    memset(c->ich_lr, 0, sizeof(c->ich_lr));
    c->ich_hcr = 0;
    unsigned min_vbpr = 7 - GIC_VPRIBITS;
    /* VBPR1 (20:18), VBPR0 (23:21) at their minimum; GICv3: VFIQEn
     * (bit 3) RES1, GICv2: GICV_CTLR.FIQEn resets to 0 */
    c->ich_vmcr = (uint64_t)(min_vbpr + 1) << 18 | (uint64_t)min_vbpr << 21;
    if (c->gic->cfg.version == 3) {
        c->ich_vmcr |= 1ull << 3;
    }
}

static void dist_reset(Gic *g)
{
    /* GICv3 with DS = 1: ARE (bit 4) RAO/WI, DS (bit 6) RAO/WI */
    g->gicd_ctlr = g->cfg.version == 3 ? (1u << 4) | (1u << 6) : 0;
    for (unsigned i = 0; i < g->num_irq; i++) {
        GicIrq *q = &g->spi[i];
        memset(q, 0, sizeof(*q));
    }
    for (unsigned n = 0; n < g->cfg.ncpus; n++) {
        GicCpu *c = &g->cpu[n];
        memset(c->priv, 0, sizeof(c->priv));
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        memset(c->sgi_active_src, 0, sizeof(c->sgi_active_src));
        /* SGIs are edge-triggered (ICFGR0 reads 0xaaaaaaaa), SGIs are
         * always enabled in GICv2 (QEMU: GICD_ISENABLER0 bits 0-15 RAO) */
        for (unsigned i = 0; i < 16; i++) {
            c->priv[i].flags |= GIRQ_EDGE;
            if (g->cfg.version == 2) {
                c->priv[i].flags |= GIRQ_ENABLED;
            }
        }
        c->gicr_ctlr = 0;
        c->gicr_waker = 6;   /* ProcessorSleep | ChildrenAsleep */
        gic_cpuif_reset(c);
    }
}

Gic *gic_create(AddressSpace *as, const GicConfig *cfg)
{
    if ((cfg->version != 2 && cfg->version != 3) || cfg->ncpus == 0 ||
        (cfg->version == 2 && cfg->ncpus > 8) || cfg->num_spis > GIC_MAX_INTID - 32 ||
        (cfg->num_spis % 32) != 0) {
        fprintf(stderr, "a64emu: GIC: unsupported configuration (version %u, %u CPUs, "
                "%u SPIs)\n", cfg->version, cfg->ncpus, cfg->num_spis);
        return NULL;
    }
    Gic *g = calloc(1, sizeof(*g));
    if (!g) {
        return NULL;
    }
    g->cfg = *cfg;
    g->as = as;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&g->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    g->num_irq = GIC_NUM_PRIVATE + cfg->num_spis;
    g->spi = calloc(g->num_irq, sizeof(*g->spi));
    g->cpu = calloc(cfg->ncpus, sizeof(*g->cpu));
    if (!g->spi || !g->cpu) {
        gic_free(g);
        return NULL;
    }
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        GicCpu *c = &g->cpu[i];
        c->gic = g;
        c->cpu = cfg->cpus[i];
        c->index = i;
    }
    dist_reset(g);

    bool ok;
    if (cfg->version == 3) {
        ok = as_add_mmio(as, "gicv3.dist", cfg->dist_base, 0x10000, &gic_v3_dist_ops, g) &&
             as_add_mmio(as, "gicv3.redist", cfg->redist_base, 0x20000ull * cfg->ncpus,
                         &gic_v3_redist_ops, g);
    } else {
        ok = as_add_mmio(as, "gicv2.dist", cfg->dist_base, 0x10000, &gic_v2_dist_ops, g) &&
             as_add_mmio(as, "gicv2.cpu", cfg->cpu_base, 0x2000, &gic_v2_cpu_ops, g);
        if (ok && cfg->virt_ext) {
            ok = as_add_mmio(as, "gicv2.hyp", cfg->hyp_base, 0x1000, &gic_v2_hyp_ops, g) &&
                 as_add_mmio(as, "gicv2.vcpu", cfg->vcpu_base, 0x2000, &gic_v2_vcpu_ops, g);
        }
    }
    if (!ok) {
        fprintf(stderr, "a64emu: GIC: MMIO regions overlap other devices\n");
        gic_free(g);
        return NULL;
    }
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        A64Cpu *cpu = cfg->cpus[i];
        cpu->gic = &g->cpu[i];
        if (cfg->version == 3) {
            gic_v3_register_sysregs(&g->cpu[i]);
        }
    }
    return g;
}

void gic_free(Gic *g)
{
    if (!g) {
        return;
    }
    for (unsigned i = 0; g->cpu && i < g->cfg.ncpus; i++) {
        if (g->cpu[i].cpu && g->cpu[i].cpu->gic == &g->cpu[i]) {
            g->cpu[i].cpu->gic = NULL;
        }
    }
    free(g->spi);
    free(g->cpu);
    pthread_mutex_destroy(&g->lock);
    free(g);
}
