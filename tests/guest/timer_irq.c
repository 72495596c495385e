/* SPDX-License-Identifier: MIT */
/*
 * timer_irq.c - generic timer interrupts through the GIC (GICv2 or GICv3,
 * whichever the board has): the EL1 virtual timer (PPI 27) and physical
 * timer (PPI 30) raise an IRQ once the count reaches CVAL, taken while the
 * CPU sleeps in WFI; CTL.IMASK holds it back (ISTATUS still set) and
 * clearing IMASK delivers it; the handler sees ISTATUS and masks the timer.
 * Prints only orderings and booleans, never counts or times.
 */
#define GIC_UTIL_IMPL
#include "gic_util.h"

#define FREQ 62500000ull

static int v3;
static volatile unsigned nirq;
static volatile unsigned last_intid;
static volatile uint64_t ctl_seen;

void gic_test_irq(unsigned kind)
{
    uint32_t iar = v3 ? (uint32_t)SYSREG_R(ICC_IAR1) : rd32(GICC + 0xc);
    unsigned id = iar & 0x3ff;
    if (id == 27) {
        ctl_seen = SYSREG_R("cntv_ctl_el0");
        SYSREG_W("cntv_ctl_el0", 3); /* IMASK: the level drops */
    } else if (id == 30) {
        ctl_seen = SYSREG_R("cntp_ctl_el0");
        SYSREG_W("cntp_ctl_el0", 3);
    }
    last_intid = id;
    nirq++;
    if (id < 1020) {
        if (v3) {
            SYSREG_W(ICC_EOIR1, iar);
        } else {
            wr32(GICC + 0x10, iar);
        }
    }
}

static void gic_setup(void)
{
    const uint32_t ppis = (1u << 27) | (1u << 30);
    v3 = ((READ_SYSREG(id_aa64pfr0_el1) >> 24) & 0xf) != 0;
    printf("GICv%d\n", v3 ? 3 : 2);
    if (v3) {
        wr32(GICR + 0x14, 0); /* GICR_WAKER: awake */
        wr32(GICD, 3);        /* EnableGrp0 | EnableGrp1 */
        wr32(GICR_SGI + 0x80, rd32(GICR_SGI + 0x80) | ppis); /* Group 1 */
        wr8(GICR_SGI + 0x400 + 27, 0x80);
        wr8(GICR_SGI + 0x400 + 30, 0x80);
        wr32(GICR_SGI + 0x100, ppis);
        SYSREG_W(ICC_PMR, 0xff);
        SYSREG_W(ICC_IGRPEN1, 1);
    } else {
        wr32(GICD, 1);        /* Group 0, signalled as IRQ */
        wr8(GICD + 0x400 + 27, 0x80);
        wr8(GICD + 0x400 + 30, 0x80);
        wr32(GICD + 0x100, ppis);
        wr32(GICC + 4, 0xff); /* PMR */
        wr32(GICC, 1);
    }
}

#define WAIT_IRQ(n0, cntreg, limit)                                                      \
    do {                                                                                  \
        while (nirq == (n0) && SYSREG_R(cntreg) < (limit)) {                              \
            __asm__ volatile("wfi");                                                      \
        }                                                                                 \
    } while (0)

static void test_virt(void)
{
    printf("-- virtual timer\n");
    SYSREG_W("cntv_ctl_el0", 0);
    unsigned n0 = nirq;
    uint64_t start = SYSREG_R("cntvct_el0");
    SYSREG_W("cntv_cval_el0", start + FREQ / 100); /* 10 ms */
    SYSREG_W("cntv_ctl_el0", 1);
    irq_unmask();
    check_true("no IRQ before CVAL", nirq == n0 || SYSREG_R("cntvct_el0") >= start + FREQ / 100);
    WAIT_IRQ(n0, "cntvct_el0", start + 5 * FREQ);
    irq_mask();
    check_eq("one IRQ", nirq - n0, 1);
    check_eq("its INTID (PPI 27)", last_intid, 27);
    check_eq("CTL in the handler (ENABLE|ISTATUS)", ctl_seen, 5);
    check_true("taken after CVAL", SYSREG_R("cntvct_el0") >= start + FREQ / 100);

    /* IMASK: condition met, no interrupt */
    n0 = nirq;
    SYSREG_W("cntv_ctl_el0", 3);
    SYSREG_W("cntv_tval_el0", FREQ / 1000); /* 1 ms */
    uint64_t cv = SYSREG_R("cntv_cval_el0");
    irq_unmask();
    while (SYSREG_R("cntvct_el0") < cv + FREQ / 100) {
    }
    /* (QEMU updates ISTATUS from a host timer callback: allow it 1 s) */
    while (!(SYSREG_R("cntv_ctl_el0") & 4) && SYSREG_R("cntvct_el0") < cv + FREQ) {
    }
    check_eq("masked: CTL (ISTATUS set)", SYSREG_R("cntv_ctl_el0"), 7);
    check_eq("masked: no IRQ", nirq - n0, 0);
    /* clearing IMASK delivers it */
    SYSREG_W("cntv_ctl_el0", 1);
    uint64_t now = SYSREG_R("cntvct_el0");
    WAIT_IRQ(n0, "cntvct_el0", now + 5 * FREQ);
    irq_mask();
    check_eq("unmasked: one IRQ", nirq - n0, 1);
    check_eq("unmasked: INTID", last_intid, 27);

    /* disabling the timer drops the line: no IRQ */
    n0 = nirq;
    SYSREG_W("cntv_cval_el0", 0);
    SYSREG_W("cntv_ctl_el0", 0);
    irq_unmask();
    now = SYSREG_R("cntvct_el0");
    while (SYSREG_R("cntvct_el0") < now + FREQ / 200) {
    }
    irq_mask();
    check_eq("disabled: no IRQ", nirq - n0, 0);
}

static void test_phys(void)
{
    printf("-- physical timer\n");
    SYSREG_W("cntp_ctl_el0", 0);
    unsigned n0 = nirq;
    SYSREG_W("cntp_tval_el0", FREQ / 200); /* 5 ms */
    uint64_t cv = SYSREG_R("cntp_cval_el0");
    SYSREG_W("cntp_ctl_el0", 1);
    irq_unmask();
    WAIT_IRQ(n0, "cntpct_el0", cv + 5 * FREQ);
    irq_mask();
    check_eq("one IRQ", nirq - n0, 1);
    check_eq("its INTID (PPI 30)", last_intid, 30);
    check_eq("CTL in the handler", ctl_seen, 5);
    check_true("taken after CVAL", SYSREG_R("cntpct_el0") >= cv);
    SYSREG_W("cntp_ctl_el0", 0);
}

/* Both timers, the later-due one first: IRQs arrive in CVAL order. */
static void test_order(void)
{
    printf("-- two timers\n");
    unsigned n0 = nirq;
    uint64_t now = SYSREG_R("cntpct_el0");
    SYSREG_W("cntp_cval_el0", now + FREQ / 50);  /* 20 ms */
    SYSREG_W("cntv_cval_el0", SYSREG_R("cntvct_el0") + FREQ / 500); /* 2 ms */
    SYSREG_W("cntp_ctl_el0", 1);
    SYSREG_W("cntv_ctl_el0", 1);
    irq_unmask();
    WAIT_IRQ(n0, "cntpct_el0", now + 5 * FREQ);
    unsigned first = last_intid;
    WAIT_IRQ(n0 + 1, "cntpct_el0", now + 5 * FREQ);
    irq_mask();
    check_eq("two IRQs", nirq - n0, 2);
    check_eq("first: virtual (PPI 27)", first, 27);
    check_eq("second: physical (PPI 30)", last_intid, 30);
    SYSREG_W("cntp_ctl_el0", 0);
    SYSREG_W("cntv_ctl_el0", 0);
}

int main(void)
{
    printf("timer_irq at EL%u\n", current_el());
    gic_setup();
    gic_vectors_install();
    test_virt();
    test_phys();
    test_order();
    gic_vectors_restore();
    return 0;
}
