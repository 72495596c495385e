/* SPDX-License-Identifier: MIT */
/*
 * gic_internal.h - state shared by the GIC's parts: the distributor's
 * per-INTID state, each CPU's private interrupts (SGIs/PPIs: GICv3
 * redistributor, GICv2 banked registers), the CPU interface (ICC_* /
 * GICC) and the virtual interface (ICH_* list registers / GICH).
 *
 * One model serves both versions: the GICv2 registers are a different
 * view (ITARGETSR instead of IROUTER, SGI sources) of the same state.
 * Security: one security state only (GICD_CTLR.DS = 1), as QEMU's virt
 * without secure=on; Group 0 signals FIQ, Group 1 IRQ.
 */
#ifndef A64EMU_GIC_INTERNAL_H
#define A64EMU_GIC_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "gic.h"

#define GIC_NUM_PRIVATE 32
#define GIC_MAX_INTID 1020       /* 1020..1023 are special */
#define GIC_SPURIOUS 1023
#define GIC_NUM_LRS 4            /* ICH_VTR_EL2.ListRegs + 1 (QEMU's TCG model) */
#define GIC_PRIBITS_V3 5         /* QEMU 7.2 cortex-a57/a72/max: gic_pribits = 5 */
#define GIC_VPRIBITS 5
#define GIC_IDLE_PRIO 0xff
#define GIC_MAINT_PPI 9          /* maintenance interrupt: PPI 9 = INTID 25 (QEMU virt) */

/* GicIrq.flags */
enum {
    GIRQ_GROUP = 1u << 0,    /* GICD_IGROUPR: 1 = Group 1 */
    GIRQ_GRPMOD = 1u << 1,   /* GICD_IGRPMODR */
    GIRQ_ENABLED = 1u << 2,
    GIRQ_PENDING = 1u << 3,  /* the pending latch (edge, or ISPENDR) */
    GIRQ_LEVEL = 1u << 4,    /* the input line's level */
    GIRQ_ACTIVE = 1u << 5,
    GIRQ_EDGE = 1u << 6,     /* GICD_ICFGR Int_config[1]: edge-triggered */
};

typedef struct GicIrq {
    uint8_t flags;
    uint8_t prio;
    uint8_t targets;         /* GICv2 GICD_ITARGETSR (SPIs) */
    uint64_t router;         /* GICv3 GICD_IROUTER (SPIs) */
} GicIrq;

/* The pending state seen by the CPU interface: for a level-sensitive
 * interrupt the line or the latch, for an edge one the latch (IHI 0069
 * 4.1.1, QEMU's model). */
static inline bool girq_pending(const GicIrq *q)
{
    return (q->flags & GIRQ_PENDING) || (!(q->flags & GIRQ_EDGE) && (q->flags & GIRQ_LEVEL));
}

/* The best candidate for a CPU: INTID, priority and group. */
typedef struct GicHppi {
    unsigned irq;            /* GIC_SPURIOUS: none */
    uint8_t prio;
    uint8_t grp;             /* 0 or 1 */
} GicHppi;

typedef struct GicCpu {
    struct Gic *gic;
    A64Cpu *cpu;
    unsigned index;
    GicIrq priv[GIC_NUM_PRIVATE];
    uint16_t sgi_src[16];    /* GICv2: source CPUs with SGI n pending on this CPU */
    uint16_t sgi_active_src[16];

    /* GICv3 redistributor */
    uint32_t gicr_ctlr;
    uint32_t gicr_waker;

    /* CPU interface (GICv3 ICC_* / GICv2 GICC) */
    uint64_t icc_pmr;
    uint64_t icc_bpr[2];
    uint64_t icc_ctlr;       /* ICC_CTLR_EL1 (EOImode, CBPR) */
    uint64_t icc_ctlr_el3;
    uint64_t icc_igrpen[2];
    uint64_t icc_apr[2][4];  /* active priorities per group */
    uint32_t gicc_ctlr;      /* GICv2 GICC_CTLR */
    GicHppi hppi;            /* recomputed by gic_update_cpu */

    /* virtual interface (ICH_* / GICH) */
    uint64_t ich_hcr;
    uint64_t ich_vmcr;
    uint64_t ich_apr[2][4];
    uint64_t ich_lr[GIC_NUM_LRS];
    uint32_t gicv_ctlr_shadow;
    bool maint_level;        /* last level driven on the maintenance PPI */
    bool line_irq, line_fiq, line_virq, line_vfiq;
} GicCpu;

struct Gic {
    GicConfig cfg;
    unsigned num_irq;        /* 32 + num_spis */
    uint32_t gicd_ctlr;
    GicIrq *spi;             /* [num_irq]; entries below 32 unused */
    GicCpu *cpu;             /* [ncpus] */
    AddressSpace *as;
    /* One lock for the whole GIC, taken by every entry point (MMIO, system
     * registers, input lines), so that vCPUs on several host threads see
     * one consistent state. Recursive: the maintenance interrupt re-enters
     * through its own PPI line. */
    pthread_mutex_t lock;
};

static inline Gic *gic_lock(Gic *g)
{
    if (g) {
        pthread_mutex_lock(&g->lock);
    }
    return g;
}

static inline void gic_unlock_cleanup(Gic **g)
{
    if (*g) {
        pthread_mutex_unlock(&(*g)->lock);
    }
}

/* Hold the GIC lock until the end of the enclosing block. */
#define GIC_LOCKED(g) Gic *gic_guard_ __attribute__((cleanup(gic_unlock_cleanup))) = gic_lock(g)

static inline GicIrq *gic_irq(Gic *g, GicCpu *c, unsigned irq)
{
    return irq < GIC_NUM_PRIVATE ? &c->priv[irq] : &g->spi[irq];
}

/* gic.c */
void gic_update(Gic *g);                  /* every CPU */
void gic_drive_line(A64Cpu *cpu, bool *cur, uint32_t line, bool level);
void gic_update_cpu(GicCpu *c);           /* one CPU's HPPI and lines */
bool gic_irq_targets_cpu(Gic *g, unsigned irq, GicCpu *c);
GicCpu *gic_current(Gic *g);
void gic_set_irq_pending(Gic *g, GicCpu *c, unsigned irq, bool pend);
/* Acknowledge (activate) irq on c, clearing its pending latch. */
void gic_activate(Gic *g, GicCpu *c, unsigned irq);
void gic_deactivate(Gic *g, GicCpu *c, unsigned irq);
/* GICv3 SGI generation from ICC_SGI*R (value), grp = 0/1. */
void gic_v3_send_sgi(GicCpu *src, uint64_t value, unsigned grp);
void gic_cpuif_reset(GicCpu *c);

bool gic_hppi_can_preempt(const GicCpu *c);

/* gic_cpuif.c: physical active priorities */
void gic_v3_register_sysregs(GicCpu *c);
uint8_t gic_running_prio(const GicCpu *c);
uint8_t gic_gprio_mask(const GicCpu *c, unsigned grp);
void gic_apr_activate(GicCpu *c, unsigned grp, uint8_t prio);
int gic_highest_active_group(const GicCpu *c);
void gic_apr_drop(GicCpu *c, unsigned grp);
/* virtual interface on the list registers (ICH_LR layout, also GICv2's) */
void gic_virt_update(GicCpu *c);          /* VIRQ/VFIQ + maintenance */
uint32_t gic_ich_misr(const GicCpu *c);
uint32_t gic_ich_eisr(const GicCpu *c);
uint32_t gic_ich_elrsr(const GicCpu *c);
uint8_t gic_virt_running_prio(const GicCpu *c);
int gic_hppvi_index(const GicCpu *c);
bool gic_virt_can_preempt(const GicCpu *c, uint64_t lr);
void gic_virt_activate(GicCpu *c, int idx);
unsigned gic_virt_drop_prio(GicCpu *c);
int gic_virt_find_active(const GicCpu *c, uint32_t irq);
void gic_virt_deactivate(GicCpu *c, int idx);
void gic_virt_inc_eoicount(GicCpu *c);
uint64_t gic_virt_ack(GicCpu *c, int grp);       /* grp -1: GICv2 GICV */
void gic_virt_eoi(GicCpu *c, int grp, uint32_t irq);
void gic_virt_dir(GicCpu *c, uint32_t irq);
uint64_t gic_virt_hppir(GicCpu *c, int grp);
unsigned gic_read_vbpr(const GicCpu *c, unsigned grp);
void gic_write_vbpr(GicCpu *c, unsigned grp, unsigned v);

/* gic_v3.c: register arrays shared by both versions */
typedef enum GicBitReg { GBR_GROUP, GBR_ENABLE, GBR_PEND, GBR_ACTIVE } GicBitReg;
uint32_t gic_bitreg_read(Gic *g, GicCpu *c, unsigned first, GicBitReg r);
void gic_bitreg_write(Gic *g, GicCpu *c, unsigned first, GicBitReg r, bool set, uint32_t value);
uint32_t gic_icfgr_read(Gic *g, GicCpu *c, unsigned first);
void gic_icfgr_write(Gic *g, GicCpu *c, unsigned first, uint32_t value);
uint64_t gic_prio_read(Gic *g, GicCpu *c, unsigned first, unsigned size);
void gic_prio_write(Gic *g, GicCpu *c, unsigned first, unsigned size, uint64_t value);

/* gic_v2.c */
extern const MemRegionOps gic_v2_dist_ops, gic_v2_cpu_ops, gic_v2_hyp_ops, gic_v2_vcpu_ops;
/* gic_v3.c */
extern const MemRegionOps gic_v3_dist_ops, gic_v3_redist_ops;

#endif
