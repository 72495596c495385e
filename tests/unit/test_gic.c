/* SPDX-License-Identifier: MIT */
/*
 * test_gic.c - the GIC model against the architecture (IHI 0069 GICv3,
 * IHI 0048B GICv2), expectations worked out by hand from the spec:
 * SGI to self through ICC_SGI1R_EL1 and the IAR/EOIR/RPR life cycle,
 * priority masking and preemption by group priority (BPR), level versus
 * edge (ICFGR) pending semantics, EOImode split (EOIR drops, DIR
 * deactivates), SGI target lists and IRM across two CPUs, the virtual
 * interface (list registers, ICV_* through HCR_EL2.IMO, the maintenance
 * interrupt), and the GICv2 GICD/GICC/GICH/GICV views of the same state.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cpu.h"
#include "frontend/sysregs.h"
#include "gic/gic.h"

/* Until the scheduler's a64_cpu_set_line is linked in, record the lines
 * the same way (the real one also kicks the CPU). */
__attribute__((weak)) void a64_cpu_set_line(A64Cpu *cpu, uint32_t line, bool level)
{
    if (level) {
        __atomic_fetch_or(&cpu->irq_lines, line, __ATOMIC_SEQ_CST);
    } else {
        __atomic_fetch_and(&cpu->irq_lines, ~line, __ATOMIC_SEQ_CST);
    }
}

#define DIST 0x08000000ull
#define REDIST 0x080a0000ull
#define GICC 0x08010000ull
#define GICH 0x08030000ull
#define GICV 0x08040000ull
#define SGI_BASE(cpu) (REDIST + 0x20000ull * (cpu) + 0x10000)

typedef struct Rig {
    AddressSpace *as;
    A64Cpu *cpu[2];
    Gic *gic;
} Rig;

static Rig rig;

static void setup(unsigned version, unsigned ncpus, bool el2)
{
    memset(&rig, 0, sizeof(rig));
    rig.as = as_new();
    for (unsigned i = 0; i < ncpus; i++) {
        A64Cpu *cpu = calloc(1, sizeof(*cpu));
        a64_cpu_init(cpu, A64_CPU_MAX, i, rig.as, NULL);
        cpu->feat.el2 = el2;
        cpu->feat.gicv3 = version == 3;
        a64_cpu_reset(cpu, 0x40000000, 1);
        rig.cpu[i] = cpu;
    }
    GicConfig cfg = {
        .version = version, .ncpus = ncpus, .cpus = rig.cpu, .num_spis = 256,
        .virt_ext = el2, .dist_base = DIST, .redist_base = REDIST, .cpu_base = GICC,
        .hyp_base = GICH, .vcpu_base = GICV,
    };
    rig.gic = gic_create(rig.as, &cfg);
    ck_assert_ptr_nonnull(rig.gic);
    a64_current_cpu = rig.cpu[0];
}

static void teardown(void)
{
    gic_free(rig.gic);
    for (unsigned i = 0; i < 2; i++) {
        if (rig.cpu[i]) {
            a64_cpu_destroy(rig.cpu[i]);
            free(rig.cpu[i]);
        }
    }
    as_free(rig.as);
    a64_current_cpu = NULL;
}

static uint32_t rd32(uint64_t pa)
{
    uint64_t v = 0;
    ck_assert(as_read_n(rig.as, pa, 4, &v));
    return (uint32_t)v;
}

static void wr32(uint64_t pa, uint32_t v) { ck_assert(as_write_n(rig.as, pa, 4, v)); }
static void wr8(uint64_t pa, uint8_t v) { ck_assert(as_write_n(rig.as, pa, 1, v)); }

static const SysRegInfo *reg(A64Cpu *cpu, unsigned op1, unsigned crn, unsigned crm,
                             unsigned op2)
{
    const SysRegInfo *ri = sysreg_lookup(cpu, SYSREG_KEY(3, op1, crn, crm, op2));
    ck_assert_msg(ri != NULL, "S3_%u_C%u_C%u_%u missing", op1, crn, crm, op2);
    return ri;
}

static uint64_t mrs(A64Cpu *cpu, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    return sysreg_read_raw(cpu, reg(cpu, op1, crn, crm, op2));
}

static void msr(A64Cpu *cpu, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                uint64_t v)
{
    sysreg_write_raw(cpu, reg(cpu, op1, crn, crm, op2), v);
}

/* ICC registers (op1 0, CRn 12 unless noted) */
#define IAR0(c) mrs(c, 0, 12, 8, 0)
#define IAR1(c) mrs(c, 0, 12, 12, 0)
#define HPPIR1(c) mrs(c, 0, 12, 12, 2)
#define RPR(c) mrs(c, 0, 12, 11, 3)
#define EOIR0(c, v) msr(c, 0, 12, 8, 1, v)
#define EOIR1(c, v) msr(c, 0, 12, 12, 1, v)
#define DIR(c, v) msr(c, 0, 12, 11, 1, v)
#define PMR(c, v) msr(c, 0, 4, 6, 0, v)
#define BPR1(c, v) msr(c, 0, 12, 12, 3, v)
#define CTLR(c, v) msr(c, 0, 12, 12, 4, v)
#define IGRPEN0(c, v) msr(c, 0, 12, 12, 6, v)
#define IGRPEN1(c, v) msr(c, 0, 12, 12, 7, v)
#define SGI1R(c, v) msr(c, 0, 12, 11, 5, v)

static bool irq_line(A64Cpu *c) { return c->irq_lines & A64_LINE_IRQ; }
static bool fiq_line(A64Cpu *c) { return c->irq_lines & A64_LINE_FIQ; }

/* Distributor: both groups on; SPI n enabled, Group 1, priority p, routed
 * to CPU 0 (Aff 0.0.0.0). */
static void v3_spi(unsigned irq, uint8_t prio, bool group1)
{
    uint32_t bit = 1u << (irq % 32);
    uint32_t grp = rd32(DIST + 0x80 + 4 * (irq / 32));
    wr32(DIST + 0x80 + 4 * (irq / 32), group1 ? grp | bit : grp & ~bit);
    wr8(DIST + 0x400 + irq, prio);
    ck_assert(as_write_n(rig.as, DIST + 0x6000 + 8 * irq, 8, 0));
    wr32(DIST + 0x100 + 4 * (irq / 32), bit);
}

static void v3_cpu_on(A64Cpu *c)
{
    wr32(DIST, 3);   /* EnableGrp0 | EnableGrp1 */
    PMR(c, 0xff);
    IGRPEN0(c, 1);
    IGRPEN1(c, 1);
}

/* ---- GICv3 -------------------------------------------------------------- */

START_TEST(test_v3_ids)
{
    setup(3, 2, false);
    /* ITLinesNumber: 288 INTIDs = 9 blocks of 32 -> 8 */
    ck_assert_uint_eq(rd32(DIST + 4) & 0x1f, 8);
    ck_assert_uint_eq((rd32(DIST + 0xffe8) >> 4) & 0xf, 3);   /* PIDR2.ArchRev */
    ck_assert_uint_eq(rd32(DIST) & (1u << 4), 1u << 4);       /* ARE RAO */
    /* GICR_TYPER: Processor_Number, Last only on the final frame */
    uint64_t t0 = 0, t1 = 0;
    ck_assert(as_read_n(rig.as, REDIST + 8, 8, &t0));
    ck_assert(as_read_n(rig.as, REDIST + 0x20000 + 8, 8, &t1));
    ck_assert_uint_eq((t0 >> 8) & 0xffff, 0);
    ck_assert_uint_eq((t1 >> 8) & 0xffff, 1);
    ck_assert_uint_eq(t0 & 0x10, 0);
    ck_assert_uint_eq(t1 & 0x10, 0x10);
    ck_assert_uint_eq(t1 >> 32, rig.cpu[1]->sr.mpidr & 0xffffff);
    /* GICR_WAKER: asleep at reset; clearing ProcessorSleep wakes it */
    ck_assert_uint_eq(rd32(REDIST + 0x14), 6);
    wr32(REDIST + 0x14, 0);
    ck_assert_uint_eq(rd32(REDIST + 0x14), 0);
    /* SGIs read as edge-triggered in GICR_ICFGR0 */
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0xc00), 0xaaaaaaaau);
    /* ICC_CTLR_EL1: A3V, IDbits = 1, PRIbits = 4; ICC_SRE_EL1 = 7 */
    ck_assert_uint_eq(mrs(rig.cpu[0], 0, 12, 12, 4), 0x8c00);
    ck_assert_uint_eq(mrs(rig.cpu[0], 0, 12, 12, 5), 7);
    /* PMR keeps the 5 implemented priority bits */
    PMR(rig.cpu[0], 0xff);
    ck_assert_uint_eq(mrs(rig.cpu[0], 0, 4, 6, 0), 0xf8);
    teardown();
}
END_TEST

START_TEST(test_v3_sgi_self)
{
    setup(3, 1, false);
    A64Cpu *c = rig.cpu[0];
    v3_cpu_on(c);
    wr32(SGI_BASE(0) + 0x80, 1u << 3);        /* SGI 3: Group 1 */
    wr8(SGI_BASE(0) + 0x400 + 3, 0xa0);
    wr32(SGI_BASE(0) + 0x100, 1u << 3);
    ck_assert(!irq_line(c));
    SGI1R(c, (3ull << 24) | 1);               /* INTID 3, Aff 0.0.0, target list {0} */
    ck_assert(irq_line(c));
    ck_assert(!fiq_line(c));
    ck_assert_uint_eq(HPPIR1(c), 3);
    ck_assert_uint_eq(RPR(c), 0xff);
    ck_assert_uint_eq(IAR1(c), 3);
    ck_assert_uint_eq(RPR(c), 0xa0);
    ck_assert(!irq_line(c));
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x300), 1u << 3);    /* active */
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x200), 0);          /* not pending */
    ck_assert_uint_eq(HPPIR1(c), 1023);
    EOIR1(c, 3);
    ck_assert_uint_eq(RPR(c), 0xff);
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x300), 0);
    /* a Group 1 SGI is not generated by ICC_SGI0R_EL1 */
    msr(c, 0, 12, 11, 7, (3ull << 24) | 1);
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x200), 0);
    /* Group 0 interrupts signal FIQ and are taken through IAR0 */
    wr32(SGI_BASE(0) + 0x80, 0);
    msr(c, 0, 12, 11, 7, (3ull << 24) | 1);
    ck_assert(fiq_line(c));
    ck_assert(!irq_line(c));
    ck_assert_uint_eq(IAR1(c), 1023);
    ck_assert_uint_eq(IAR0(c), 3);
    EOIR0(c, 3);
    ck_assert_uint_eq(RPR(c), 0xff);
    teardown();
}
END_TEST

START_TEST(test_v3_priority_preemption)
{
    setup(3, 1, false);
    A64Cpu *c = rig.cpu[0];
    v3_cpu_on(c);
    v3_spi(40, 0x80, true);
    v3_spi(41, 0x40, true);
    v3_spi(42, 0x88, true);
    /* PMR masks priorities >= PMR */
    PMR(c, 0x80);
    wr32(DIST + 0x204, 1u << (40 - 32));      /* ISPENDR1: SPI 40 */
    ck_assert(!irq_line(c));
    ck_assert_uint_eq(IAR1(c), 1023);
    PMR(c, 0xf0);
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 40);
    ck_assert_uint_eq(RPR(c), 0x80);
    /* same group priority (BPR1 = 3 -> bits [7:3]): 0x88 does not preempt */
    wr32(DIST + 0x204, 1u << (42 - 32));
    ck_assert(!irq_line(c));
    ck_assert_uint_eq(HPPIR1(c), 42);
    ck_assert_uint_eq(IAR1(c), 1023);
    /* higher group priority preempts */
    wr32(DIST + 0x204, 1u << (41 - 32));
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 41);
    ck_assert_uint_eq(RPR(c), 0x40);
    EOIR1(c, 41);
    ck_assert_uint_eq(RPR(c), 0x80);
    EOIR1(c, 40);
    ck_assert_uint_eq(RPR(c), 0xff);
    /* SPI 42 is still pending and now signalled */
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 42);
    EOIR1(c, 42);
    /* BPR1 = 7 (group priority bit [7] only): 0x40 cannot preempt 0x60 */
    BPR1(c, 7);
    wr8(DIST + 0x400 + 40, 0x60);
    wr32(DIST + 0x204, 1u << (40 - 32));
    ck_assert_uint_eq(IAR1(c), 40);
    wr32(DIST + 0x204, 1u << (41 - 32));
    ck_assert(!irq_line(c));
    EOIR1(c, 40);
    ck_assert(irq_line(c));
    /* BPR1 below its minimum (3) reads back as the minimum */
    BPR1(c, 0);
    ck_assert_uint_eq(mrs(c, 0, 12, 12, 3), 3);
    teardown();
}
END_TEST

START_TEST(test_v3_level_edge)
{
    setup(3, 1, false);
    A64Cpu *c = rig.cpu[0];
    v3_cpu_on(c);
    v3_spi(33, 0x80, true);                   /* SPI 1: level (reset ICFGR) */
    IrqLine l = gic_spi_line(rig.gic, 1);
    irq_set(&l, 1);
    ck_assert(irq_line(c));
    ck_assert_uint_eq(rd32(DIST + 0x204) & 2, 2);
    ck_assert_uint_eq(IAR1(c), 33);
    /* active and still pending while the line stays high */
    ck_assert_uint_eq(rd32(DIST + 0x204) & 2, 2);
    ck_assert_uint_eq(rd32(DIST + 0x304) & 2, 2);
    irq_set(&l, 0);
    ck_assert_uint_eq(rd32(DIST + 0x204) & 2, 0);
    EOIR1(c, 33);
    ck_assert(!irq_line(c));
    /* edge: a pulse latches the pending state */
    wr32(DIST + 0xc08, 2u << 2);             /* ICFGR2: INTID 33 edge */
    ck_assert_uint_eq(rd32(DIST + 0xc08), 2u << 2);
    irq_set(&l, 1);
    irq_set(&l, 0);
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 33);
    ck_assert_uint_eq(rd32(DIST + 0x204) & 2, 0);
    /* a second edge while active makes it active and pending */
    irq_set(&l, 1);
    irq_set(&l, 0);
    ck_assert_uint_eq(rd32(DIST + 0x204) & 2, 2);
    ck_assert(!irq_line(c));                 /* same priority: no preemption */
    EOIR1(c, 33);
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 33);
    EOIR1(c, 33);
    ck_assert(!irq_line(c));
    /* ICPENDR clears a software-pended level interrupt */
    wr32(DIST + 0x204, 2);
    ck_assert(irq_line(c));
    wr32(DIST + 0x284, 2);
    ck_assert(!irq_line(c));
    teardown();
}
END_TEST

START_TEST(test_v3_eoimode)
{
    setup(3, 1, false);
    A64Cpu *c = rig.cpu[0];
    v3_cpu_on(c);
    v3_spi(50, 0x90, true);
    CTLR(c, 2);                                /* EOImode = 1 */
    ck_assert_uint_eq(mrs(c, 0, 12, 12, 4) & 2, 2);
    wr32(DIST + 0x204, 1u << (50 - 32));
    ck_assert_uint_eq(IAR1(c), 50);
    EOIR1(c, 50);
    ck_assert_uint_eq(RPR(c), 0xff);           /* priority dropped */
    ck_assert_uint_eq(rd32(DIST + 0x304), 1u << (50 - 32)); /* still active */
    /* still active: pending again it is not signalled */
    wr32(DIST + 0x204, 1u << (50 - 32));
    ck_assert(!irq_line(c));
    DIR(c, 50);
    ck_assert_uint_eq(rd32(DIST + 0x304), 0);
    ck_assert(irq_line(c));
    teardown();
}
END_TEST

START_TEST(test_v3_sgi_targets)
{
    setup(3, 2, false);
    for (unsigned i = 0; i < 2; i++) {
        v3_cpu_on(rig.cpu[i]);
        wr32(SGI_BASE(i) + 0x80, 0xffff);
        wr32(SGI_BASE(i) + 0x100, 0xffff);
    }
    /* target list {1} */
    SGI1R(rig.cpu[0], (5ull << 24) | 2);
    ck_assert(!irq_line(rig.cpu[0]));
    ck_assert(irq_line(rig.cpu[1]));
    ck_assert_uint_eq(rd32(SGI_BASE(1) + 0x200), 1u << 5);
    a64_current_cpu = rig.cpu[1];
    ck_assert_uint_eq(IAR1(rig.cpu[1]), 5);
    EOIR1(rig.cpu[1], 5);
    /* IRM = 1: everyone but the sender */
    SGI1R(rig.cpu[1], (1ull << 40) | (6ull << 24));
    ck_assert(irq_line(rig.cpu[0]));
    ck_assert(!irq_line(rig.cpu[1]));
    /* another Aff1 value reaches nobody */
    SGI1R(rig.cpu[0], (1ull << 16) | (7ull << 24) | 3);
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x200), 1u << 6);
    ck_assert_uint_eq(rd32(SGI_BASE(1) + 0x200), 0);
    /* SPI routing: IROUTER to CPU 1 */
    v3_spi(60, 0x80, true);
    ck_assert(as_write_n(rig.as, DIST + 0x6000 + 8 * 60, 8, 1));
    wr32(DIST + 0x204, 1u << (60 - 32));
    ck_assert_uint_eq(HPPIR1(rig.cpu[1]), 60);
    ck_assert_uint_eq(HPPIR1(rig.cpu[0]), 6);
    teardown();
}
END_TEST

/* ICH_* (op1 4) */
#define ICH_HCR(c, v) msr(c, 4, 12, 11, 0, v)
#define ICH_VMCR(c, v) msr(c, 4, 12, 11, 7, v)
#define ICH_LR(c, n, v) msr(c, 4, 12, 12, n, v)
#define LR_PEND (1ull << 62)
#define LR_ACT (1ull << 63)
#define LR_G1 (1ull << 60)
#define LR_EOI (1ull << 41)
#define LR_PRIO(p) ((uint64_t)(p) << 48)

START_TEST(test_v3_virtual)
{
    setup(3, 1, true);
    A64Cpu *c = rig.cpu[0];
    v3_cpu_on(c);
    /* ICH_VTR_EL2: 4 LRs, PRIbits = PREbits = 4, IDbits 1, A3V, nV4, TDS */
    ck_assert_uint_eq(mrs(c, 4, 12, 11, 1), 0x90b80003u);
    c->sr.hcr_el2 = (1ull << 4) | (1ull << 3);   /* IMO, FMO */
    ICH_HCR(c, 1);                                 /* En */
    ICH_VMCR(c, (0xf8ull << 24) | 2);              /* VPMR 0xf8, VENG1 */
    ck_assert(!(c->irq_lines & A64_LINE_VIRQ));
    ICH_LR(c, 0, LR_PEND | LR_G1 | LR_PRIO(0x80) | LR_EOI | 27);
    ICH_LR(c, 1, LR_PEND | LR_G1 | LR_PRIO(0x40) | 28);
    ck_assert(c->irq_lines & A64_LINE_VIRQ);
    /* ELRSR: LR2, LR3 empty */
    ck_assert_uint_eq(mrs(c, 4, 12, 11, 5), 0xc);
    /* EL1 accesses go to the virtual interface */
    ck_assert_uint_eq(HPPIR1(c), 28);
    ck_assert_uint_eq(IAR1(c), 28);
    ck_assert_uint_eq(RPR(c), 0x40);
    ck_assert_uint_eq(mrs(c, 4, 12, 12, 1) >> 62, 2);          /* LR1 active */
    ck_assert_uint_eq(mrs(c, 4, 12, 9, 0), 1u << (0x40 >> 3)); /* ICH_AP1R0 */
    ck_assert(!(c->irq_lines & A64_LINE_VIRQ));                /* 0x80 can't preempt */
    EOIR1(c, 28);
    ck_assert_uint_eq(mrs(c, 4, 12, 12, 1) >> 62, 0);
    ck_assert(c->irq_lines & A64_LINE_VIRQ);
    ck_assert_uint_eq(IAR1(c), 27);
    /* the EOI of an LR with EOI = 1 raises the maintenance interrupt */
    EOIR1(c, 27);
    ck_assert_uint_eq(mrs(c, 4, 12, 11, 3), 1);    /* ICH_EISR_EL2 */
    ck_assert_uint_eq(mrs(c, 4, 12, 11, 2), 1);    /* ICH_MISR_EL2.EOI */
    c->sr.hcr_el2 = 0;
    wr32(SGI_BASE(0) + 0x80, 1u << 25);
    wr32(SGI_BASE(0) + 0x100, 1u << 25);
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x200), 1u << 25);
    ck_assert(irq_line(c));
    ck_assert_uint_eq(IAR1(c), 25);
    ICH_LR(c, 0, 0);
    ck_assert_uint_eq(rd32(SGI_BASE(0) + 0x200), 0);
    EOIR1(c, 25);
    /* HW = 1: deactivating the virtual interrupt deactivates the physical */
    v3_spi(70, 0x80, true);
    CTLR(c, 2);
    wr32(DIST + 0x208, 1u << (70 - 64));
    ck_assert_uint_eq(IAR1(c), 70);
    EOIR1(c, 70);
    ck_assert_uint_eq(rd32(DIST + 0x308), 1u << (70 - 64));
    c->sr.hcr_el2 = (1ull << 4) | (1ull << 3);
    ICH_LR(c, 2, LR_PEND | LR_G1 | LR_PRIO(0x80) | (1ull << 61) | (70ull << 32) | 70);
    ck_assert_uint_eq(IAR1(c), 70);
    EOIR1(c, 70);
    ck_assert_uint_eq(rd32(DIST + 0x308), 0);
    teardown();
}
END_TEST

/* ---- GICv2 -------------------------------------------------------------- */

START_TEST(test_v2_sgi_spi)
{
    setup(2, 2, false);
    A64Cpu *c0 = rig.cpu[0], *c1 = rig.cpu[1];
    /* TYPER: 9 blocks of 32 INTIDs, 2 CPUs, no security extension */
    ck_assert_uint_eq(rd32(DIST + 4), 8 | 1 << 5);
    ck_assert_uint_eq((rd32(DIST + 0xfe8) >> 4) & 0xf, 2);
    /* ITARGETSR0 reads as the accessing CPU's bit */
    a64_current_cpu = c1;
    ck_assert_uint_eq(rd32(DIST + 0x800), 0x02020202u);
    a64_current_cpu = c0;
    ck_assert_uint_eq(rd32(DIST + 0x800), 0x01010101u);
    ck_assert_uint_eq(rd32(DIST + 0x100) & 0xffff, 0xffff);  /* SGIs always enabled */
    wr32(DIST, 1);
    for (unsigned i = 0; i < 2; i++) {
        a64_current_cpu = rig.cpu[i];
        wr32(GICC, 1);                        /* EnableGrp0 */
        wr32(GICC + 4, 0xf0);
        wr8(DIST + 0x400 + 2, 0x50);
    }
    /* CPU 0 sends SGI 2 to CPU 1 (target list) */
    a64_current_cpu = c0;
    wr32(DIST + 0xf00, (2u << 16) | 2);
    ck_assert(!irq_line(c0));
    ck_assert(irq_line(c1));
    a64_current_cpu = c1;
    ck_assert_uint_eq(rd32(DIST + 0xf10) & 0xff, 0);
    ck_assert_uint_eq((rd32(DIST + 0xf10) >> 16) & 0xff, 1);   /* source CPU 0 */
    ck_assert_uint_eq(rd32(GICC + 0x18), 2);
    ck_assert_uint_eq(rd32(GICC + 0xc), 2);   /* IAR: source CPU 0 in [12:10] */
    ck_assert_uint_eq(rd32(GICC + 0x14), 0x50);
    wr32(GICC + 0x10, 2);
    ck_assert_uint_eq(rd32(GICC + 0x14), 0xff);
    /* CPU 1 sends SGI 2 to itself: source 1 */
    wr32(DIST + 0xf00, (2u << 24) | 2);
    ck_assert_uint_eq(rd32(GICC + 0xc), 2 | 1 << 10);
    wr32(GICC + 0x10, 2 | 1 << 10);
    /* SPI 40 targeted at CPU 1 only, level from its line */
    wr8(DIST + 0x800 + 40, 2);
    wr8(DIST + 0x400 + 40, 0x80);
    wr32(DIST + 0x104, 1u << 8);
    IrqLine l = gic_spi_line(rig.gic, 8);
    irq_set(&l, 1);
    ck_assert(irq_line(c1));
    ck_assert(!irq_line(c0));
    ck_assert_uint_eq(rd32(GICC + 0xc), 40);
    irq_set(&l, 0);
    wr32(GICC + 0x10, 40);
    ck_assert(!irq_line(c1));
    /* Group 0 signals FIQ once GICC_CTLR.FIQEn is set */
    wr32(GICC, 1 | 1 << 3);
    irq_set(&l, 1);
    ck_assert(fiq_line(c1));
    ck_assert(!irq_line(c1));
    irq_set(&l, 0);
    teardown();
}
END_TEST

START_TEST(test_v2_virtual)
{
    setup(2, 1, true);
    A64Cpu *c = rig.cpu[0];
    /* GICH_VTR: 4 LRs, 5 priority bits */
    ck_assert_uint_eq(rd32(GICH + 4), 0x90000003u);
    wr32(GICH + 0, 1);                         /* GICH_HCR.En */
    wr32(GICV + 0, 1);                         /* GICV_CTLR.EnableGrp0 */
    wr32(GICV + 4, 0xf8);
    ck_assert_uint_eq(rd32(GICH + 8) >> 27, 0x1f);   /* VMPriMask */
    /* LR0: pending, priority 0xa0 (0x14 << 3), SGI 1 from CPU 3, EOI */
    wr32(GICH + 0x100, 1u << 28 | 0x14u << 23 | 1u << 19 | 3u << 10 | 1);
    ck_assert_uint_eq(rd32(GICH + 0x100), 1u << 28 | 0x14u << 23 | 1u << 19 | 3u << 10 | 1);
    ck_assert(c->irq_lines & A64_LINE_VIRQ);
    ck_assert_uint_eq(rd32(GICH + 0x30), 0xe);      /* ELRSR */
    ck_assert_uint_eq(rd32(GICV + 0xc), 1 | 3 << 10);
    ck_assert_uint_eq(rd32(GICV + 0x14), 0xa0);
    ck_assert_uint_eq(rd32(GICH + 0xf0), 1u << (0xa0 >> 3));
    ck_assert_uint_eq(rd32(GICH + 0x100) >> 28 & 3, 2);
    wr32(GICV + 0x10, 1 | 3 << 10);
    ck_assert_uint_eq(rd32(GICH + 0x100) >> 28 & 3, 0);
    ck_assert_uint_eq(rd32(GICH + 0x20), 1);        /* EISR */
    ck_assert_uint_eq(rd32(GICH + 0x10), 1);        /* MISR.EOI */
    /* the maintenance interrupt PPI 9 (INTID 25) is pending */
    ck_assert_uint_eq(rd32(DIST + 0x200) & (1u << 25), 1u << 25);
    teardown();
}
END_TEST

static Suite *gic_suite(void)
{
    Suite *s = suite_create("gic");
    TCase *tc = tcase_create("v3");
    tcase_add_test(tc, test_v3_ids);
    tcase_add_test(tc, test_v3_sgi_self);
    tcase_add_test(tc, test_v3_priority_preemption);
    tcase_add_test(tc, test_v3_level_edge);
    tcase_add_test(tc, test_v3_eoimode);
    tcase_add_test(tc, test_v3_sgi_targets);
    tcase_add_test(tc, test_v3_virtual);
    suite_add_tcase(s, tc);
    TCase *tc2 = tcase_create("v2");
    tcase_add_test(tc2, test_v2_sgi_spi);
    tcase_add_test(tc2, test_v2_virtual);
    suite_add_tcase(s, tc2);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gic_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
