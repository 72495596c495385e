/* SPDX-License-Identifier: MIT */
/*
 * gic_v3.c - GICv3 at EL1 (-M virt,gic-version=3), compared with QEMU:
 * identification and the redistributor wake-up handshake, SGI to self
 * through ICC_SGI1R_EL1, SPIs made pending with GICD_ISPENDR, the priority
 * mask, preemption by group priority (BPR1), EOImode split (EOIR drops
 * the priority, DIR deactivates), Group 0 versus Group 1 (IAR0/IAR1, FIQ
 * versus IRQ), level versus edge configuration, and interrupts taken as
 * exceptions. IAR, HPPIR and RPR values are printed so that any
 * difference from QEMU shows. IHI 0069 chapters 4 and 12.
 */
#define GIC_UTIL_IMPL
#include "gic_util.h"

static volatile unsigned n_irq, n_fiq;
static volatile uint32_t seen[8];

void gic_test_irq(unsigned kind)
{
    /* acknowledge through the group's IAR, record, EOI */
    uint64_t id = kind == 5 ? SYSREG_R(ICC_IAR1) : SYSREG_R(ICC_IAR0);
    unsigned n = n_irq + n_fiq;
    if (n < 8) {
        seen[n] = (uint32_t)id | (kind == 6 ? 0x80000000u : 0);
    }
    if (kind == 5) {
        n_irq++;
    } else {
        n_fiq++;
    }
    if (id < 1020) {
        if (kind == 5) {
            SYSREG_W(ICC_EOIR1, id);
        } else {
            SYSREG_W(ICC_EOIR0, id);
        }
    }
}

static void spi_config(unsigned irq, uint8_t prio, int group1)
{
    uint64_t g = GICD + 0x80 + 4 * (irq / 32);
    uint32_t bit = 1u << (irq % 32);
    wr32(g, group1 ? rd32(g) | bit : rd32(g) & ~bit);
    wr8(GICD + 0x400 + irq, prio);
    wr64(GICD + 0x6000 + 8 * irq, 0);          /* to Aff 0.0.0.0 */
    wr32(GICD + 0x100 + 4 * (irq / 32), bit);  /* enable */
}

static void spi_pend(unsigned irq) { wr32(GICD + 0x200 + 4 * (irq / 32), 1u << (irq % 32)); }

static void test_ids(void)
{
    uint64_t pfr0 = SYSREG_R("id_aa64pfr0_el1");
    check_eq("ID_AA64PFR0_EL1.GIC", (pfr0 >> 24) & 0xf, 1);
    check_eq("GICD_PIDR2.ArchRev", (rd32(GICD + 0xffe8) >> 4) & 0xf, 3);
    check_eq("GICR_PIDR2.ArchRev", (rd32(GICR + 0xffe8) >> 4) & 0xf, 3);
    uint32_t typer = rd32(GICD + 4);
    show("GICD_TYPER.IDbits", (typer >> 19) & 0x1f);
    show("GICD_TYPER.A3V", (typer >> 24) & 1);
    check_eq("GICD_CTLR.ARE (RAO)", (rd32(GICD) >> 4) & 1, 1);
    uint64_t rt = rd64(GICR + 8);
    show("GICR_TYPER.Affinity", rt >> 32);
    show("GICR_TYPER.Processor_Number", (rt >> 8) & 0xffff);
    show("GICR_TYPER.Last", (rt >> 4) & 1);
    show("GICR_WAKER at reset", rd32(GICR + 0x14));
    wr32(GICR + 0x14, 0);                       /* clear ProcessorSleep */
    show("GICR_WAKER awake", rd32(GICR + 0x14));
    show("GICR_ICFGR0", rd32(GICR_SGI + 0xc00));
    show("ICC_SRE_EL1", SYSREG_R(ICC_SRE));
    show("ICC_CTLR_EL1", SYSREG_R(ICC_CTLR));
    SYSREG_W(ICC_PMR, 0xff);
    show("ICC_PMR_EL1 after 0xff", SYSREG_R(ICC_PMR));
    show("ICC_BPR0_EL1", SYSREG_R(ICC_BPR0));
    show("ICC_BPR1_EL1", SYSREG_R(ICC_BPR1));
    SYSREG_W(ICC_BPR1, 0);
    show("ICC_BPR1_EL1 after 0", SYSREG_R(ICC_BPR1));
    show("ICC_RPR_EL1 idle", SYSREG_R(ICC_RPR));
    show("ICC_HPPIR1_EL1 idle", SYSREG_R(ICC_HPPIR1));
}

static void test_sgi_self(void)
{
    wr32(GICD, 3);                              /* EnableGrp0 | EnableGrp1 */
    SYSREG_W(ICC_IGRPEN0, 1);
    SYSREG_W(ICC_IGRPEN1, 1);
    SYSREG_W(ICC_PMR, 0xf0);
    wr32(GICR_SGI + 0x80, 0xffff);              /* SGIs Group 1 */
    wr8(GICR_SGI + 0x400 + 1, 0x80);
    wr32(GICR_SGI + 0x100, 1u << 1);
    SYSREG_W(ICC_SGI1R, (1ull << 24) | 1);      /* SGI 1 to Aff 0.0.0 list {0} */
    show("GICR_ISPENDR0 after SGI1R", rd32(GICR_SGI + 0x200));
    show("HPPIR1", SYSREG_R(ICC_HPPIR1));
    show("HPPIR0", SYSREG_R(ICC_HPPIR0));
    show("IAR1", SYSREG_R(ICC_IAR1));
    show("RPR", SYSREG_R(ICC_RPR));
    show("AP1R0", SYSREG_R(ICC_AP1R0));
    show("GICR_ISACTIVER0", rd32(GICR_SGI + 0x300));
    show("IAR1 again", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 1);
    show("RPR after EOI", SYSREG_R(ICC_RPR));
    show("GICR_ISACTIVER0 after EOI", rd32(GICR_SGI + 0x300));
    /* ICC_SGI0R_EL1 does not make a Group 1 SGI pending */
    SYSREG_W(ICC_SGI0R, (1ull << 24) | 1);
    show("GICR_ISPENDR0 after SGI0R", rd32(GICR_SGI + 0x200));
    /* a disabled SGI is pending but not signalled */
    wr8(GICR_SGI + 0x400 + 2, 0x80);
    SYSREG_W(ICC_SGI1R, (2ull << 24) | 1);
    show("ISPENDR0 disabled SGI 2", rd32(GICR_SGI + 0x200));
    show("HPPIR1 disabled SGI 2", SYSREG_R(ICC_HPPIR1));
    wr32(GICR_SGI + 0x280, 1u << 2);
    /* wrong target list: nobody */
    SYSREG_W(ICC_SGI1R, (1ull << 24) | 2);
    show("ISPENDR0 SGI to list {1}", rd32(GICR_SGI + 0x200));
}

static void test_priorities(void)
{
    spi_config(40, 0x80, 1);
    spi_config(41, 0x40, 1);
    spi_config(42, 0x88, 1);
    SYSREG_W(ICC_BPR1, 3);
    SYSREG_W(ICC_PMR, 0x80);
    spi_pend(40);
    show("IAR1 masked by PMR 0x80", SYSREG_R(ICC_IAR1));
    show("HPPIR1 masked by PMR", SYSREG_R(ICC_HPPIR1));
    SYSREG_W(ICC_PMR, 0xf0);
    show("IAR1 PMR 0xf0", SYSREG_R(ICC_IAR1));
    show("RPR", SYSREG_R(ICC_RPR));
    spi_pend(42);
    show("HPPIR1 with 0x88 pending", SYSREG_R(ICC_HPPIR1));
    show("IAR1 same group priority", SYSREG_R(ICC_IAR1));
    spi_pend(41);
    show("IAR1 preempting", SYSREG_R(ICC_IAR1));
    show("RPR", SYSREG_R(ICC_RPR));
    show("AP1R0", SYSREG_R(ICC_AP1R0));
    SYSREG_W(ICC_EOIR1, 41);
    show("RPR after EOI 41", SYSREG_R(ICC_RPR));
    SYSREG_W(ICC_EOIR1, 40);
    show("RPR after EOI 40", SYSREG_R(ICC_RPR));
    show("IAR1 now", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 42);
    /* BPR1 = 7: only priority bit 7 is group priority */
    SYSREG_W(ICC_BPR1, 7);
    wr8(GICD + 0x400 + 40, 0x60);
    spi_pend(40);
    show("IAR1 (0x60)", SYSREG_R(ICC_IAR1));
    spi_pend(41);
    show("IAR1 0x40 vs running 0x60, BPR1 7", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 40);
    show("IAR1 after EOI", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 41);
    SYSREG_W(ICC_BPR1, 3);
    /* equal priorities: the lower INTID first */
    wr8(GICD + 0x400 + 40, 0x90);
    wr8(GICD + 0x400 + 41, 0x90);
    spi_pend(41);
    spi_pend(40);
    show("IAR1 tie", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 40);
    show("IAR1 tie second", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 41);
    show("RPR idle", SYSREG_R(ICC_RPR));
}

static void test_eoimode(void)
{
    spi_config(50, 0xa0, 1);
    SYSREG_W(ICC_CTLR, 2);                      /* EOImode = 1 */
    show("ICC_CTLR_EL1 EOImode", SYSREG_R(ICC_CTLR));
    spi_pend(50);
    show("IAR1", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 50);
    show("RPR after EOIR (dropped)", SYSREG_R(ICC_RPR));
    show("GICD_ISACTIVER1 (still active)", rd32(GICD + 0x304));
    spi_pend(50);
    show("IAR1 while active", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_DIR, 50);
    show("GICD_ISACTIVER1 after DIR", rd32(GICD + 0x304));
    show("IAR1 after DIR", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 50);
    SYSREG_W(ICC_DIR, 50);
    SYSREG_W(ICC_CTLR, 0);
    show("GICD_ISACTIVER1 end", rd32(GICD + 0x304));
}

static void test_groups(void)
{
    spi_config(60, 0x70, 0);                    /* Group 0 */
    spi_pend(60);
    show("HPPIR1 (Group 0 pending)", SYSREG_R(ICC_HPPIR1));
    show("HPPIR0", SYSREG_R(ICC_HPPIR0));
    show("IAR1 (Group 0 pending)", SYSREG_R(ICC_IAR1));
    show("IAR0", SYSREG_R(ICC_IAR0));
    show("AP0R0", SYSREG_R(ICC_AP0R0));
    show("RPR", SYSREG_R(ICC_RPR));
    SYSREG_W(ICC_EOIR1, 60);                    /* wrong group: ignored */
    show("RPR after EOIR1", SYSREG_R(ICC_RPR));
    SYSREG_W(ICC_EOIR0, 60);
    show("RPR after EOIR0", SYSREG_R(ICC_RPR));
    /* the group disabled at the CPU interface */
    SYSREG_W(ICC_IGRPEN0, 0);
    spi_pend(60);
    show("HPPIR0 Group 0 disabled", SYSREG_R(ICC_HPPIR0));
    show("IAR0 Group 0 disabled", SYSREG_R(ICC_IAR0));
    SYSREG_W(ICC_IGRPEN0, 1);
    show("IAR0 re-enabled", SYSREG_R(ICC_IAR0));
    SYSREG_W(ICC_EOIR0, 60);
    /* ... and at the distributor */
    wr32(GICD, 2);
    spi_pend(60);
    show("HPPIR0 EnableGrp0 = 0", SYSREG_R(ICC_HPPIR0));
    wr32(GICD, 3);
    show("IAR0 EnableGrp0 = 1", SYSREG_R(ICC_IAR0));
    SYSREG_W(ICC_EOIR0, 60);
}

static void test_level_edge(void)
{
    spi_config(70, 0x80, 1);
    show("GICD_ICFGR4 reset", rd32(GICD + 0xc10));
    wr32(GICD + 0xc10, 0xffffffff);
    show("GICD_ICFGR4 all ones", rd32(GICD + 0xc10));
    wr32(GICD + 0xc10, 0);
    spi_pend(70);
    show("ISPENDR2 level, set", rd32(GICD + 0x208));
    wr32(GICD + 0x288, 1u << 6);
    show("ISPENDR2 after ICPENDR", rd32(GICD + 0x208));
    spi_pend(70);
    show("IAR1 level", SYSREG_R(ICC_IAR1));
    show("ISPENDR2 after ack", rd32(GICD + 0x208));
    SYSREG_W(ICC_EOIR1, 70);
    wr32(GICD + 0xc10, 2u << 12);               /* INTID 70 edge */
    spi_pend(70);
    show("IAR1 edge", SYSREG_R(ICC_IAR1));
    spi_pend(70);
    show("ISPENDR2 active+pending", rd32(GICD + 0x208));
    show("ISACTIVER2", rd32(GICD + 0x308));
    SYSREG_W(ICC_EOIR1, 70);
    show("IAR1 again", SYSREG_R(ICC_IAR1));
    SYSREG_W(ICC_EOIR1, 70);
    show("ISPENDR2 end", rd32(GICD + 0x208));
    /* ISACTIVER/ICACTIVER by software */
    wr32(GICD + 0x308, 1u << 6);
    show("ISACTIVER2 set", rd32(GICD + 0x308));
    wr32(GICD + 0x388, 1u << 6);
    show("ISACTIVER2 cleared", rd32(GICD + 0x308));
    show("IPRIORITYR70 byte", rd8(GICD + 0x400 + 70));
    show("IROUTER70", rd64(GICD + 0x6000 + 8 * 70));
}

static void test_exceptions(void)
{
    gic_vectors_install();
    n_irq = n_fiq = 0;
    spi_config(80, 0x90, 1);
    spi_config(81, 0x50, 0);
    spi_pend(80);
    spi_pend(81);
    SYSREG_W(ICC_SGI1R, (1ull << 24) | 1);      /* SGI 1, priority 0x80 */
    irq_unmask();
    for (volatile int i = 0; i < 1000 && n_irq + n_fiq < 3; i++) {
    }
    irq_mask();
    gic_vectors_restore();
    show("IRQs taken", n_irq);
    show("FIQs taken", n_fiq);
    for (unsigned i = 0; i < 3; i++) {
        show("taken (bit 31 = FIQ)", seen[i]);
    }
    show("RPR after handlers", SYSREG_R(ICC_RPR));
}

/* The EL1 virtual timer drives PPI 11 (INTID 27), level-sensitive. */
static void test_timer_ppi(void)
{
    wr8(GICR_SGI + 0x400 + 27, 0x70);
    wr32(GICR_SGI + 0x100, 1u << 27);
    uint64_t now = SYSREG_R("cntvct_el0");
    SYSREG_W("cntv_cval_el0", now);
    SYSREG_W("cntv_ctl_el0", 1);                /* enabled, not masked: fires */
    show("CNTV_CTL_EL0.ISTATUS", (SYSREG_R("cntv_ctl_el0") >> 2) & 1);
    show("GICR_ISPENDR0 bit 27", (rd32(GICR_SGI + 0x200) >> 27) & 1);
    show("IAR1 timer", SYSREG_R(ICC_IAR1));
    show("GICR_ISPENDR0 bit 27 while active", (rd32(GICR_SGI + 0x200) >> 27) & 1);
    SYSREG_W("cntv_ctl_el0", 3);                /* IMASK: the line drops */
    show("GICR_ISPENDR0 bit 27 masked", (rd32(GICR_SGI + 0x200) >> 27) & 1);
    SYSREG_W(ICC_EOIR1, 27);
    show("IAR1 after mask", SYSREG_R(ICC_IAR1));
    SYSREG_W("cntv_ctl_el0", 0);
}

int main(void)
{
    test_ids();
    test_sgi_self();
    test_priorities();
    test_eoimode();
    test_groups();
    test_level_edge();
    test_exceptions();
    test_timer_ppi();
    return 0;
}
