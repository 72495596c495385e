/* SPDX-License-Identifier: MIT */
/*
 * timer_el2.c - the generic timer seen from EL2 (-M virt,virtualization=on;
 * DDI 0487 D11.2, D19.11): CNTVOFF_EL2 applied to CNTVCT and to the EL1
 * virtual timer, the CNTHCTL_EL2 traps of EL1 physical counter/timer
 * accesses, the EL2 physical timer CNTHP_*, and with FEAT_VHE (max) the
 * E2H redirection of CNTP_* and CNTV_* to the EL2 timers and the *_EL02
 * aliases of the EL1 timers. Only timing-independent results are printed.
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define FREQ 62500000ull
#define HCR_E2H (1ull << 34)

static volatile unsigned ntraps;
static volatile uint64_t trap_esr;
static volatile unsigned trap_el;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    unsigned ec = esr_ec(f->esr);
    if (ec == 0x18 || ec == 0x00) {
        ntraps++;
        trap_esr = f->esr;
        trap_el = (unsigned)f->el;
        return EXC_ACT_SKIP;
    }
    return EXC_ACT_DEFAULT;
}

#define RD(r) ({ __asm__ volatile("isb" ::: "memory"); READ_SYSREG(r); })
#define WR(r, v) do { WRITE_SYSREG(r, v); __asm__ volatile("isb" ::: "memory"); } while (0)

/* EL1 probes (rt_call_at(EL1h, HVC)) */
static uint64_t el1_cntvct(uint64_t a) { return READ_SYSREG(cntvct_el0); }
static uint64_t el1_cntpct(uint64_t a) { return READ_SYSREG(cntpct_el0); }
static uint64_t el1_cntp_ctl(uint64_t a) { return READ_SYSREG(cntp_ctl_el0); }
static uint64_t el1_cntv_ctl(uint64_t a) { return READ_SYSREG(cntv_ctl_el0); }

static void el1_try(const char *what, uint64_t hctl, uint64_t (*fn)(uint64_t), int expect_trap)
{
    WR(cnthctl_el2, hctl);
    unsigned before = ntraps;
    trap_esr = 0;
    rt_call_at(0x3c5, 1, fn, 0);
    int trapped = ntraps != before;
    printf("%s EL1 %s: CNTHCTL=0x%lx %s", trapped == expect_trap ? "PASS" : "FAIL", what,
           (unsigned long)hctl, trapped ? "trapped" : "no trap");
    if (trapped) {
        printf(" to EL%u ESR=0x%lx", trap_el, (unsigned long)trap_esr);
    }
    printf("\n");
    check_count(trapped == expect_trap);
}

static void test_cntvoff(void)
{
    printf("-- CNTVOFF_EL2\n");
    WR(cntvoff_el2, 0);
    check_eq("CNTVOFF_EL2 = 0", RD(cntvoff_el2), 0);
    uint64_t off = 100 * FREQ; /* 100 s */
    WR(cntvoff_el2, off);
    check_eq("CNTVOFF_EL2 reads back", RD(cntvoff_el2), off);
    uint64_t p0 = RD(cntpct_el0);
    uint64_t v = RD(cntvct_el0);
    uint64_t p1 = RD(cntpct_el0);
    check_true("EL2: CNTVCT = CNTPCT - CNTVOFF", v >= p0 - off && v <= p1 - off);
    WR(cnthctl_el2, 3);
    p0 = RD(cntpct_el0);
    v = rt_call_at(0x3c5, 1, el1_cntvct, 0);
    p1 = RD(cntpct_el0);
    check_true("EL1: CNTVCT = CNTPCT - CNTVOFF", v >= p0 - off && v <= p1 - off);

    /* the EL1 virtual timer compares CVAL with the virtual count */
    WR(cntv_ctl_el0, 0);
    WR(cntv_cval_el0, RD(cntpct_el0) - off);
    WR(cntv_ctl_el0, 3);
    check_eq("virtual timer, CVAL = virtual count: CTL", RD(cntv_ctl_el0), 7);
    /* (QEMU 7.2 keeps ISTATUS set here although CNTVCT < CVAL; not compared) */
    WR(cntv_cval_el0, RD(cntpct_el0));
    int32_t tv = (int32_t)RD(cntv_tval_el0);
    check_true("virtual TVAL ~ CNTVOFF ahead", tv > (int32_t)(off - FREQ) && (uint64_t)tv <= off);
    /* moving CNTVOFF makes it fire */
    WR(cntvoff_el2, 0);
    check_eq("CNTVOFF 0: CTL (met)", RD(cntv_ctl_el0), 7);
    WR(cntv_ctl_el0, 0);
}

static void test_cnthctl(void)
{
    printf("-- CNTHCTL_EL2 traps of EL1\n");
    el1_try("CNTPCT", 0, el1_cntpct, 1);
    el1_try("CNTPCT", 1, el1_cntpct, 0);
    el1_try("CNTPCT", 2, el1_cntpct, 1);
    el1_try("CNTP_CTL", 0, el1_cntp_ctl, 1);
    el1_try("CNTP_CTL", 1, el1_cntp_ctl, 1);
    el1_try("CNTP_CTL", 2, el1_cntp_ctl, 0);
    el1_try("CNTVCT", 0, el1_cntvct, 0);
    el1_try("CNTV_CTL", 0, el1_cntv_ctl, 0);
    WR(cnthctl_el2, 0x3ff & ~0x300ull);
    check_eq("CNTHCTL_EL2 bits 7:0 read back", RD(cnthctl_el2) & 0xff, 0xff);
    WR(cnthctl_el2, 3);
}

static void test_cnthp(void)
{
    printf("-- CNTHP (EL2 physical timer)\n");
    WR(cnthp_ctl_el2, 0);
    check_eq("CNTHP_CTL disabled", RD(cnthp_ctl_el2), 0);
    WR(cnthp_cval_el2, 0);
    WR(cnthp_ctl_el2, 3);
    check_eq("CNTHP CVAL 0: CTL", RD(cnthp_ctl_el2), 7);
    WR(cnthp_tval_el2, FREQ);
    check_eq("CNTHP TVAL 1 s: CTL", RD(cnthp_ctl_el2), 3);
    uint64_t cv = RD(cnthp_cval_el2);
    WR(cnthp_tval_el2, 3125);
    cv = RD(cnthp_cval_el2);
    while (RD(cntpct_el0) < cv) {
    }
    /* (QEMU updates ISTATUS from a host timer callback: allow it 1 s) */
    while (!(RD(cnthp_ctl_el2) & 4) && RD(cntpct_el0) < cv + FREQ) {
    }
    check_eq("CNTHP after countdown: CTL", RD(cnthp_ctl_el2), 7);
    /* the EL1 physical timer is a different one */
    WR(cntp_ctl_el0, 0);
    check_eq("CNTP_CTL still disabled", RD(cntp_ctl_el0), 0);
    WR(cnthp_ctl_el2, 0);
}

static void test_vhe(void)
{
    printf("-- E2H (FEAT_VHE)\n");
    WR(cntp_ctl_el0, 0);
    WR(cntv_ctl_el0, 0);
    WR(cntp_cval_el0, 0x1111);
    WR(cntv_cval_el0, 0x2222);
    WR(cnthp_cval_el2, 0x3333);
    WR(cnthp_ctl_el2, 2);
    WR(hcr_el2, RD(hcr_el2) | HCR_E2H);
    check_eq("E2H: CNTP_CVAL_EL0 reaches CNTHP_CVAL", RD(cntp_cval_el0), 0x3333);
    check_eq("E2H: CNTP_CTL_EL0 reaches CNTHP_CTL", RD(cntp_ctl_el0), 2);
    check_eq("E2H: CNTP_CVAL_EL02 is the EL1 one", RD(s3_5_c14_c2_2), 0x1111);
    check_eq("E2H: CNTV_CVAL_EL02 is the EL1 one", RD(s3_5_c14_c3_2), 0x2222);
    WR(cntv_cval_el0, 0x4444);
    WR(cntv_ctl_el0, 2);
    check_eq("E2H: CNTV_CVAL_EL0 reaches CNTHV_CVAL", RD(s3_4_c14_c3_2), 0x4444);
    check_eq("E2H: CNTHV_CTL", RD(s3_4_c14_c3_1), 2);
    WR(s3_5_c14_c3_2, 0x5555);
    WR(hcr_el2, RD(hcr_el2) & ~HCR_E2H);
    check_eq("E2H off: CNTV_CVAL_EL0 is the EL1 one again", RD(cntv_cval_el0), 0x5555);
    check_eq("E2H off: CNTHP_CVAL", RD(cnthp_cval_el2), 0x3333);
    WR(cnthp_ctl_el2, 0);
    WR(s3_4_c14_c3_1, 0);
}

int main(void)
{
    exc_set_hook(hook);
    printf("timer_el2 at EL%u\n", current_el());
    if (current_el() != 2) {
        printf("needs -M virt,virtualization=on\n");
        return 1;
    }
    show("CNTHCTL_EL2 at reset", RD(cnthctl_el2));
    show("CNTVOFF_EL2 at reset", RD(cntvoff_el2));
    test_cnthctl();
    test_cntvoff();
    test_cnthp();
    uint64_t vh = (READ_SYSREG(id_aa64mmfr1_el1) >> 8) & 0xf;
    if (vh) {
        test_vhe();
    } else {
        printf("-- no FEAT_VHE\n");
    }
    exc_set_hook(0);
    return 0;
}
