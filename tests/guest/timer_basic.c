/* SPDX-License-Identifier: MIT */
/*
 * timer_basic.c - the EL1 generic timers without interrupts (DDI 0487
 * D11.2): CNTFRQ, counters moving forward, CTL.ENABLE/IMASK/ISTATUS, CVAL
 * and the TVAL countdown (reads CVAL - count, writes CVAL = count + TVAL),
 * the EL0 access controls of CNTKCTL_EL1 (EC 0x18 traps to EL1), and WFE
 * woken by the event stream. Prints only values and booleans that do not
 * depend on timing.
 */
#include "rt.h"

#define FREQ 62500000ull

static volatile unsigned ntraps;
static volatile uint64_t trap_esr;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    if (esr_ec(f->esr) == 0x18) {
        ntraps++;
        trap_esr = f->esr;
        return EXC_ACT_SKIP;
    }
    return EXC_ACT_DEFAULT;
}

#define TIMER_OPS(pfx, ctl, cval, tval, cnt)                                                  \
    static uint64_t pfx##_ctl(void)                                                           \
    {                                                                                         \
        uint64_t v;                                                                           \
        __asm__ volatile("isb\n mrs %0, " #ctl : "=r"(v));                                    \
        return v;                                                                             \
    }                                                                                         \
    static void pfx##_set_ctl(uint64_t v) { __asm__ volatile("msr " #ctl ", %0\n isb" ::"r"(v)); } \
    static uint64_t pfx##_cval(void) { return READ_SYSREG(cval); }                            \
    static void pfx##_set_cval(uint64_t v) { __asm__ volatile("msr " #cval ", %0\n isb" ::"r"(v)); } \
    static uint64_t pfx##_tval(void)                                                          \
    {                                                                                         \
        uint64_t v;                                                                           \
        __asm__ volatile("isb\n mrs %0, " #tval : "=r"(v));                                   \
        return v;                                                                             \
    }                                                                                         \
    static void pfx##_set_tval(uint64_t v) { __asm__ volatile("msr " #tval ", %0\n isb" ::"r"(v)); } \
    static uint64_t pfx##_cnt(void)                                                           \
    {                                                                                         \
        uint64_t v;                                                                           \
        __asm__ volatile("isb\n mrs %0, " #cnt : "=r"(v));                                    \
        return v;                                                                             \
    }

TIMER_OPS(v, cntv_ctl_el0, cntv_cval_el0, cntv_tval_el0, cntvct_el0)
TIMER_OPS(p, cntp_ctl_el0, cntp_cval_el0, cntp_tval_el0, cntpct_el0)

typedef struct TimerOps {
    const char *name;
    uint64_t (*ctl)(void);
    void (*set_ctl)(uint64_t);
    uint64_t (*cval)(void);
    void (*set_cval)(uint64_t);
    uint64_t (*tval)(void);
    void (*set_tval)(uint64_t);
    uint64_t (*cnt)(void);
} TimerOps;

static const TimerOps timers[] = {
    { "virtual", v_ctl, v_set_ctl, v_cval, v_set_cval, v_tval, v_set_tval, v_cnt },
    { "physical", p_ctl, p_set_ctl, p_cval, p_set_cval, p_tval, p_set_tval, p_cnt },
};

static void test_timer(const TimerOps *t)
{
    printf("-- %s timer\n", t->name);
    t->set_ctl(0);
    check_eq("disabled: CTL", t->ctl(), 0);
    t->set_cval(0x123456789abcdef0ull);
    check_eq("CVAL reads back", t->cval(), 0x123456789abcdef0ull);

    /* ten seconds ahead, enabled and masked: not met */
    uint64_t now = t->cnt();
    t->set_cval(now + 10 * FREQ);
    t->set_ctl(3);
    check_eq("CVAL ahead: CTL (ENABLE|IMASK, no ISTATUS)", t->ctl(), 3);
    int32_t tv = (int32_t)t->tval();
    check_true("CVAL ahead: TVAL in (0, 10 s]", tv > 0 && (uint64_t)tv <= 10 * FREQ);
    check_eq("TVAL bits 63:32 are 0", t->tval() >> 32, 0);

    /* CVAL 0: met at once; TVAL negative */
    t->set_cval(0);
    check_eq("CVAL 0: CTL (ISTATUS set)", t->ctl(), 7);
    check_true("CVAL 0: TVAL negative", (int32_t)t->tval() < 0);
    /* ISTATUS is 0 while disabled */
    t->set_ctl(2);
    check_eq("disabled again: CTL (IMASK only)", t->ctl(), 2);
    /* writes to ISTATUS are ignored */
    t->set_ctl(6);
    check_eq("ISTATUS write ignored", t->ctl(), 2);

    /* TVAL writes: CVAL = count + SignExtend(TVAL) */
    t->set_ctl(3);
    uint64_t before = t->cnt();
    t->set_tval((uint32_t)-1000);
    uint64_t after = t->cnt();
    uint64_t cv = t->cval();
    check_true("TVAL -1000 sets CVAL = count - 1000", cv >= before - 1000 && cv <= after - 1000);
    check_eq("TVAL -1000: CTL (met)", t->ctl(), 7);
    before = t->cnt();
    t->set_tval(FREQ);
    after = t->cnt();
    cv = t->cval();
    check_true("TVAL 1 s sets CVAL = count + 1 s", cv >= before + FREQ && cv <= after + FREQ);
    check_eq("TVAL 1 s: CTL (not met yet)", t->ctl(), 3);
    uint32_t t1 = (uint32_t)t->tval();
    while (t->cnt() < before + 100) {
    }
    uint32_t t2 = (uint32_t)t->tval();
    check_true("TVAL counts down", t2 < t1);

    /* a short countdown: once the count passes CVAL, ISTATUS is set */
    t->set_tval(6250); /* 100 us */
    cv = t->cval();
    while (t->cnt() < cv) {
    }
    /* (QEMU updates ISTATUS from a host timer callback: allow it 1 s) */
    while (!(t->ctl() & 4) && t->cnt() < cv + FREQ) {
    }
    check_eq("after the countdown: CTL", t->ctl(), 7);
    /* changing CVAL back into the future clears ISTATUS */
    t->set_cval(t->cnt() + 10 * FREQ);
    check_eq("CVAL moved ahead: CTL", t->ctl(), 3);
    t->set_ctl(0);
}

/* EL0 accessors (run by rt_call_at at EL0t, back with SVC) */
static uint64_t el0_cntvct(uint64_t a) { return READ_SYSREG(cntvct_el0); }
static uint64_t el0_cntpct(uint64_t a) { return READ_SYSREG(cntpct_el0); }
static uint64_t el0_cntfrq(uint64_t a) { return READ_SYSREG(cntfrq_el0); }
static uint64_t el0_cntv_ctl(uint64_t a) { return READ_SYSREG(cntv_ctl_el0); }
static uint64_t el0_cntp_ctl(uint64_t a) { return READ_SYSREG(cntp_ctl_el0); }
static uint64_t el0_cntv_cval_w(uint64_t a)
{
    WRITE_SYSREG(cntv_cval_el0, a);
    return 0;
}

static void el0_try(const char *what, uint64_t kctl, uint64_t (*fn)(uint64_t), int expect_trap)
{
    WRITE_SYSREG(cntkctl_el1, kctl);
    __asm__ volatile("isb");
    unsigned before = ntraps;
    trap_esr = 0;
    rt_call_at(0x3c0, 0, fn, 0x55);
    int trapped = ntraps != before;
    printf("%s %s: CNTKCTL=0x%lx %s", trapped == expect_trap ? "PASS" : "FAIL", what,
           (unsigned long)kctl, trapped ? "trapped" : "no trap");
    if (trapped) {
        printf(" ESR=0x%lx", (unsigned long)trap_esr);
    }
    printf("\n");
    check_count(trapped == expect_trap);
}

static void test_el0(void)
{
    printf("-- EL0 access (CNTKCTL_EL1)\n");
    el0_try("CNTVCT", 0, el0_cntvct, 1);
    el0_try("CNTVCT", 1u << 1, el0_cntvct, 0);
    el0_try("CNTPCT", 1u << 1, el0_cntpct, 1);
    el0_try("CNTPCT", 1u << 0, el0_cntpct, 0);
    el0_try("CNTFRQ", 0, el0_cntfrq, 1);
    el0_try("CNTFRQ", 1u << 0, el0_cntfrq, 0);
    el0_try("CNTFRQ", 1u << 1, el0_cntfrq, 0);
    el0_try("CNTV_CTL", 3, el0_cntv_ctl, 1);
    el0_try("CNTV_CTL", 1u << 8, el0_cntv_ctl, 0);
    el0_try("CNTP_CTL", 1u << 8, el0_cntp_ctl, 1);
    el0_try("CNTP_CTL", 1u << 9, el0_cntp_ctl, 0);
    el0_try("CNTV_CVAL write", 1u << 9, el0_cntv_cval_w, 1);
    el0_try("CNTV_CVAL write", 1u << 8, el0_cntv_cval_w, 0);
    check_eq("CVAL written at EL0", READ_SYSREG(cntv_cval_el0), 0x55);
    WRITE_SYSREG(cntkctl_el1, 0x3ff);
    check_eq("CNTKCTL_EL1 bits 9:0 read back", READ_SYSREG(cntkctl_el1) & 0x3ff, 0x3ff);
    WRITE_SYSREG(cntkctl_el1, 0);
}

/* WFE with the event stream on (CNTKCTL_EL1.EVNTEN, EVNTI = 4: an event
 * every 32 ticks): WFE returns. */
static void test_event_stream(void)
{
    printf("-- event stream\n");
    WRITE_SYSREG(cntkctl_el1, (1u << 2) | (4u << 4));
    __asm__ volatile("isb\n sevl\n wfe"); /* consume the local event */
    for (int i = 0; i < 3; i++) {
        __asm__ volatile("wfe");
    }
    check_true("WFE returned (event stream)", 1);
    WRITE_SYSREG(cntkctl_el1, 0);
}

int main(void)
{
    exc_set_hook(hook);
    printf("timer_basic at EL%u\n", current_el());
    check_eq("CNTFRQ_EL0", READ_SYSREG(cntfrq_el0), FREQ);
    uint64_t a = READ_SYSREG(cntvct_el0);
    uint64_t b = READ_SYSREG(cntpct_el0);
    uint64_t c = READ_SYSREG(cntvct_el0);
    check_true("counters move forward", c >= a && b >= a);
    for (unsigned i = 0; i < sizeof(timers) / sizeof(timers[0]); i++) {
        test_timer(&timers[i]);
    }
    test_el0();
    test_event_stream();
    exc_set_hook(0);
    return 0;
}
