/* SPDX-License-Identifier: MIT */
/*
 * gic_v2.c - GICv2 at EL1 (-M virt,gic-version=2), compared with QEMU:
 * GICD identification and the banked SGI/PPI view, SGIs to self through
 * GICD_SGIR with the source CPU in GICC_IAR[12:10], SPENDSGIR/CPENDSGIR,
 * SPIs pended with GICD_ISPENDR, the priority mask, preemption with
 * GICC_BPR, EOImode split (GICC_EOIR drops, GICC_DIR deactivates), groups
 * with GICC_CTLR.AckCtl and FIQEn, and interrupts taken as exceptions.
 * IHI 0048B chapter 4.
 */
#define GIC_UTIL_IMPL
#include "gic_util.h"

static volatile unsigned n_irq, n_fiq;
static volatile uint32_t seen[8];

void gic_test_irq(unsigned kind)
{
    uint32_t iar = rd32(GICC + 0xc);
    unsigned n = n_irq + n_fiq;
    if (n < 8) {
        seen[n] = iar | (kind == 6 ? 0x80000000u : 0);
    }
    if (kind == 5) {
        n_irq++;
    } else {
        n_fiq++;
    }
    if ((iar & 0x3ff) < 1020) {
        wr32(GICC + 0x10, iar);
    }
}

static void spi_config(unsigned irq, uint8_t prio, int group1)
{
    uint64_t g = GICD + 0x80 + 4 * (irq / 32);
    uint32_t bit = 1u << (irq % 32);
    wr32(g, group1 ? rd32(g) | bit : rd32(g) & ~bit);
    wr8(GICD + 0x400 + irq, prio);
    wr8(GICD + 0x800 + irq, 1);                /* CPU 0 */
    wr32(GICD + 0x100 + 4 * (irq / 32), bit);
}

static void spi_pend(unsigned irq) { wr32(GICD + 0x200 + 4 * (irq / 32), 1u << (irq % 32)); }

static void test_ids(void)
{
    check_eq("ID_AA64PFR0_EL1.GIC", (SYSREG_R("id_aa64pfr0_el1") >> 24) & 0xf, 0);
    check_eq("GICD_PIDR2.ArchRev", (rd32(GICD + 0xfe8) >> 4) & 0xf, 2);
    uint32_t typer = rd32(GICD + 4);
    show("GICD_TYPER.ITLinesNumber", typer & 0x1f);
    show("GICD_TYPER.CPUNumber", (typer >> 5) & 7);
    show("GICD_TYPER.SecurityExtn", (typer >> 10) & 1);
    show("GICD_ITARGETSR0", rd32(GICD + 0x800));
    show("GICD_ITARGETSR7", rd32(GICD + 0x81c));
    show("GICD_ISENABLER0 (SGIs RAO)", rd32(GICD + 0x100) & 0xffff);
    wr32(GICD + 0x180, 0xffff);
    show("GICD_ISENABLER0 after ICENABLER", rd32(GICD + 0x100) & 0xffff);
    show("GICD_ICFGR0", rd32(GICD + 0xc00));
    show("GICC_CTLR", rd32(GICC));
    show("GICC_PMR", rd32(GICC + 4));
    show("GICC_BPR", rd32(GICC + 8));
    show("GICC_ABPR", rd32(GICC + 0x1c));
    show("GICC_RPR idle", rd32(GICC + 0x14));
    show("GICC_HPPIR idle", rd32(GICC + 0x18));
    wr32(GICC + 4, 0xff);
    show("GICC_PMR after 0xff", rd32(GICC + 4));
}

static void test_sgi(void)
{
    wr32(GICD, 3);
    wr32(GICC, 1);                              /* EnableGrp0 */
    wr32(GICC + 4, 0xf0);
    wr8(GICD + 0x400 + 3, 0x80);
    wr32(GICD + 0xf00, (2u << 24) | 3);         /* SGI 3 to myself */
    show("GICD_ISPENDR0", rd32(GICD + 0x200));
    show("GICD_SPENDSGIR0", rd32(GICD + 0xf20));
    show("GICC_HPPIR", rd32(GICC + 0x18));
    uint32_t iar = rd32(GICC + 0xc);
    show("GICC_IAR", iar);
    show("GICC_RPR", rd32(GICC + 0x14));
    show("GICC_APR0", rd32(GICC + 0xd0));
    show("GICD_ISACTIVER0", rd32(GICD + 0x300));
    show("GICC_IAR again", rd32(GICC + 0xc));
    wr32(GICC + 0x10, iar);
    show("GICC_RPR after EOI", rd32(GICC + 0x14));
    show("GICD_ISACTIVER0 after EOI", rd32(GICD + 0x300));
    /* the target list form with CPU 0 */
    wr32(GICD + 0xf00, (1u << 16) | 4);
    show("GICD_SPENDSGIR1 (SGI 4)", rd32(GICD + 0xf24));
    wr32(GICD + 0xf14, 1);                      /* CPENDSGIR: SGI 4 from CPU 0 */
    show("GICD_SPENDSGIR1 after CPENDSGIR", rd32(GICD + 0xf24));
    show("GICD_ISPENDR0 after CPENDSGIR", rd32(GICD + 0x200));
    /* "all but me": nobody on one CPU */
    wr32(GICD + 0xf00, (1u << 24) | 5);
    show("GICD_ISPENDR0 after SGIR to others", rd32(GICD + 0x200));
    /* SPENDSGIR makes SGI 6 pending from CPU 0 */
    wr8(GICD + 0xf26, 1);
    iar = rd32(GICC + 0xc);
    show("GICC_IAR SPENDSGIR", iar);
    wr32(GICC + 0x10, iar);
}

static void test_priorities(void)
{
    spi_config(40, 0x80, 0);
    spi_config(41, 0x40, 0);
    spi_config(42, 0x81, 0);
    wr32(GICC + 4, 0x80);
    spi_pend(40);
    show("GICC_IAR masked by PMR", rd32(GICC + 0xc));
    show("GICC_HPPIR masked by PMR", rd32(GICC + 0x18));
    wr32(GICC + 4, 0xf0);
    show("GICC_IAR", rd32(GICC + 0xc));
    show("GICC_RPR", rd32(GICC + 0x14));
    spi_pend(42);
    show("GICC_HPPIR 0x81 pending", rd32(GICC + 0x18));
    show("GICC_IAR 0x81 vs 0x80 (BPR 0)", rd32(GICC + 0xc));
    show("GICC_RPR", rd32(GICC + 0x14));
    wr32(GICC + 0x10, 42);
    wr32(GICC + 8, 3);                          /* group priority [7:4] */
    show("GICC_BPR", rd32(GICC + 8));
    spi_pend(42);
    show("GICC_IAR 0x81 vs 0x80 (BPR 3)", rd32(GICC + 0xc));
    spi_pend(41);
    show("GICC_IAR 0x40", rd32(GICC + 0xc));
    show("GICC_RPR", rd32(GICC + 0x14));
    show("GICC_APR0", rd32(GICC + 0xd0));
    wr32(GICC + 0x10, 41);
    show("GICC_RPR after EOI 41", rd32(GICC + 0x14));
    wr32(GICC + 0x10, 40);
    show("GICC_IAR now", rd32(GICC + 0xc));
    wr32(GICC + 0x10, 42);
    wr32(GICC + 8, 0);
    show("GICC_RPR idle", rd32(GICC + 0x14));
}

static void test_eoimode(void)
{
    spi_config(50, 0xa0, 0);
    wr32(GICC, 1 | 1u << 9);                    /* EOImodeS */
    show("GICC_CTLR", rd32(GICC));
    spi_pend(50);
    show("GICC_IAR", rd32(GICC + 0xc));
    wr32(GICC + 0x10, 50);
    show("GICC_RPR after EOIR", rd32(GICC + 0x14));
    show("GICD_ISACTIVER1", rd32(GICD + 0x304));
    spi_pend(50);
    show("GICC_IAR while active", rd32(GICC + 0xc));
    wr32(GICC + 0x1000, 50);
    show("GICD_ISACTIVER1 after DIR", rd32(GICD + 0x304));
    show("GICC_IAR after DIR", rd32(GICC + 0xc));
    wr32(GICC + 0x10, 50);
    wr32(GICC + 0x1000, 50);
    wr32(GICC, 1);
}

static void test_groups(void)
{
    spi_config(60, 0x70, 1);                    /* Group 1 */
    wr32(GICC, 3);                              /* both groups, AckCtl = 0 */
    spi_pend(60);
    show("GICC_HPPIR Group 1, AckCtl 0", rd32(GICC + 0x18));
    show("GICC_IAR Group 1, AckCtl 0", rd32(GICC + 0xc));
    wr32(GICC, 3 | 1u << 2);                    /* AckCtl */
    show("GICC_IAR Group 1, AckCtl 1", rd32(GICC + 0xc));
    show("GICC_RPR", rd32(GICC + 0x14));
    show("GICC_NSAPR0", rd32(GICC + 0xe0));
    wr32(GICC + 0x10, 60);
    show("GICC_RPR after EOI", rd32(GICC + 0x14));
    wr32(GICC, 1);
}

static void test_exceptions(void)
{
    gic_vectors_install();
    n_irq = n_fiq = 0;
    spi_config(80, 0x90, 0);
    spi_config(81, 0x50, 0);
    spi_pend(80);
    wr8(GICD + 0x400 + 7, 0x60);
    wr32(GICD + 0xf00, (2u << 24) | 7);
    irq_unmask();
    for (volatile int i = 0; i < 1000 && n_irq + n_fiq < 2; i++) {
    }
    irq_mask();
    /* Group 0 as FIQ with FIQEn */
    wr32(GICC, 1 | 1u << 3);
    spi_pend(81);
    irq_unmask();
    for (volatile int i = 0; i < 1000 && n_irq + n_fiq < 3; i++) {
    }
    irq_mask();
    wr32(GICC, 1);
    gic_vectors_restore();
    show("IRQs taken", n_irq);
    show("FIQs taken", n_fiq);
    for (unsigned i = 0; i < 3; i++) {
        show("taken (bit 31 = FIQ)", seen[i]);
    }
    show("GICC_RPR after handlers", rd32(GICC + 0x14));
}

/* The EL1 virtual timer drives PPI 11 (INTID 27), level-sensitive. */
static void test_timer_ppi(void)
{
    wr8(GICD + 0x400 + 27, 0x70);
    wr32(GICD + 0x100, 1u << 27);
    uint64_t now = SYSREG_R("cntvct_el0");
    SYSREG_W("cntv_cval_el0", now);
    SYSREG_W("cntv_ctl_el0", 1);
    show("CNTV_CTL_EL0.ISTATUS", (SYSREG_R("cntv_ctl_el0") >> 2) & 1);
    show("GICD_ISPENDR0 bit 27", (rd32(GICD + 0x200) >> 27) & 1);
    show("GICC_IAR timer", rd32(GICC + 0xc));
    SYSREG_W("cntv_ctl_el0", 3);
    show("GICD_ISPENDR0 bit 27 masked", (rd32(GICD + 0x200) >> 27) & 1);
    wr32(GICC + 0x10, 27);
    show("GICC_IAR after mask", rd32(GICC + 0xc));
    SYSREG_W("cntv_ctl_el0", 0);
}

int main(void)
{
    test_ids();
    test_sgi();
    test_priorities();
    test_eoimode();
    test_groups();
    test_exceptions();
    test_timer_ppi();
    return 0;
}
