/* SPDX-License-Identifier: MIT */
/*
 * timer.c - the per-CPU Generic Timer (DDI 0487 D11.2 "The AArch64 view of
 * the Generic Timer", registers in D19.11): the EL1 physical and virtual
 * timers (CNTP_*, CNTV_*), the EL2 physical timer (CNTHP_*, with EL2), the
 * EL2 virtual timer (CNTHV_*, with FEAT_VHE), the secure physical timer
 * (CNTPS_*, with EL3), CNTVOFF_EL2, CNTHCTL_EL2, the
 * EL0/EL1 access traps of CNTKCTL_EL1/CNTHCTL_EL2 and the event streams.
 *
 * A timer is state {CTL.ENABLE, CTL.IMASK, CVAL}; everything else is
 * computed when needed: ISTATUS = ENABLE && count >= CVAL (unsigned 64-bit,
 * count = the physical count, less CNTVOFF_EL2 for the EL1 virtual timer),
 * the output level = ISTATUS && !IMASK, TVAL = (CVAL - count)[31:0]. The
 * level drives the timer's PPI (an IrqLine) whenever it may change: on
 * writes here and in timer_update(), which the machine loop calls between
 * slices; timer_next_deadline_ns() tells it when the next change is due.
 *
 * As in QEMU 7.2, the EL2 virtual timer compares with the physical count
 * (no offset), and the virtual count read at EL2 with HCR_EL2.E2H (or at
 * EL0 with E2H and TGE) has no offset.
 */
#include "timer.h"

#include <stdlib.h>

#include "../frontend/sysregs.h"
#include "../devices/virt.h"
#include "counter.h"

/* CNTx_CTL bits (D19.11.14) */
#define CTL_ENABLE (1ull << 0)
#define CTL_IMASK (1ull << 1)
#define CTL_ISTATUS (1ull << 2)

/* HCR_EL2 and SCR_EL3 bits this file reads (D19.2.48, D19.2.120) */
#define T_HCR_TGE (1ull << 27)
#define T_HCR_E2H (1ull << 34)
#define T_SCR_NS (1ull << 0)
#define T_SCR_ST (1ull << 11)

/* CNTKCTL_EL1 / CNTHCTL_EL2 with E2H = 1 (D19.11.2, D19.11.18) */
#define KCTL_EL0PCTEN 0
#define KCTL_EL0VCTEN 1
#define KCTL_EVNTEN (1ull << 2)
#define KCTL_EVNTDIR (1ull << 3)
#define KCTL_EVNTI_SHIFT 4
#define KCTL_EL0VTEN 8
#define KCTL_EL0PTEN 9
/* CNTHCTL_EL2 bits of the EL1 traps: E2H = 0 at bits 0/1, E2H = 1 at 10/11 */
#define HCTL_EL1PCTEN_E2H0 0
#define HCTL_EL1PCEN_E2H0 1
#define HCTL_EL1PCTEN_E2H1 10
#define HCTL_EL1PTEN_E2H1 11
/* bits of CNTHCTL_EL2 we keep (no FEAT_ECV) */
#define HCTL_MASK 0xfffull

typedef struct TimerEvt {
    uint64_t cfg;     /* EVNTEN/EVNTDIR/EVNTI the next tick was computed for */
    uint64_t next;    /* count value of the next event */
} TimerEvt;

typedef struct A64Timer {
    A64Cpu *cpu;
    IrqLine out[TIMER_COUNT];
    uint64_t ctl[TIMER_COUNT];   /* ENABLE and IMASK only */
    uint64_t cval[TIMER_COUNT];
    int level[TIMER_COUNT];      /* last level driven, -1: never */
    uint64_t cntvoff;            /* CNTVOFF_EL2 */
    uint64_t cnthctl;            /* CNTHCTL_EL2, as written (layout per E2H) */
    TimerEvt evt[2];             /* [0] EL1 (CNTKCTL_EL1), [1] EL2 (CNTHCTL_EL2) */
} A64Timer;

static inline bool bit(uint64_t v, unsigned n) { return (v >> n) & 1; }

/* ---- state around the timers ------------------------------------------- */

static bool is_secure(const A64Cpu *cpu)
{
    return cpu->feat.el3 && !(cpu->sr.scr_el3 & T_SCR_NS) && a64_current_el(cpu) < 3;
}

/* EL2Enabled(): EL2 implemented and the current state non-secure (no
 * FEAT_SEL2). */
static bool el2_enabled(const A64Cpu *cpu)
{
    return cpu->feat.el2 && (!cpu->feat.el3 || (cpu->sr.scr_el3 & T_SCR_NS));
}

/* HCR_EL2 as it applies (0 when EL2 is not enabled). */
static uint64_t hcr_eff(const A64Cpu *cpu)
{
    if (!el2_enabled(cpu)) {
        return 0;
    }
    uint64_t h = cpu->sr.hcr_el2;
    if (!cpu->feat.vhe) {
        h &= ~T_HCR_E2H;
    }
    return h;
}

static bool e2h_tge(const A64Cpu *cpu)
{
    return (hcr_eff(cpu) & (T_HCR_E2H | T_HCR_TGE)) == (T_HCR_E2H | T_HCR_TGE);
}

/* CNTVOFF_EL2 as the EL1 virtual timer sees it: 0 without EL2. */
static uint64_t voff_timer(const A64Cpu *cpu)
{
    return el2_enabled(cpu) ? cpu->timer->cntvoff : 0;
}

/* The offset of CNTVCT_EL0 as read at the current EL (QEMU's
 * gt_virt_cnt_offset: none at EL2 with E2H, nor at EL0 with E2H+TGE). */
static uint64_t voff_read(const A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    uint64_t h = hcr_eff(cpu);
    if (el == 2 && (h & T_HCR_E2H)) {
        return 0;
    }
    if (el == 0 && e2h_tge(cpu)) {
        return 0;
    }
    return voff_timer(cpu);
}

static uint64_t timer_offset(const A64Cpu *cpu, unsigned t)
{
    return t == TIMER_VIRT ? voff_timer(cpu) : 0;
}

static bool timer_exists(const A64Cpu *cpu, unsigned t)
{
    switch (t) {
    case TIMER_HYP_PHYS: return cpu->feat.el2;
    case TIMER_HYP_VIRT: return cpu->feat.vhe;
    case TIMER_SEC_PHYS: return cpu->feat.el3;
    default: return true;
    }
}

static bool istatus(const A64Cpu *cpu, unsigned t, uint64_t count)
{
    const A64Timer *tm = cpu->timer;
    return (tm->ctl[t] & CTL_ENABLE) && count - timer_offset(cpu, t) >= tm->cval[t];
}

/* Drive timer t's output from its state at physical count `count`. */
static void timer_eval(A64Cpu *cpu, unsigned t, uint64_t count)
{
    A64Timer *tm = cpu->timer;
    int level = istatus(cpu, t, count) && !(tm->ctl[t] & CTL_IMASK);
    if (level != tm->level[t]) {
        tm->level[t] = level;
        irq_set(&tm->out[t], level);
    }
}

/* Deadline (host ns) at which timer t's output rises; UINT64_MAX if it
 * is disabled, masked or already firing. */
static uint64_t timer_deadline(const A64Cpu *cpu, unsigned t, uint64_t count)
{
    const A64Timer *tm = cpu->timer;
    if ((tm->ctl[t] & (CTL_ENABLE | CTL_IMASK)) != CTL_ENABLE || istatus(cpu, t, count)) {
        return UINT64_MAX;
    }
    uint64_t fire = tm->cval[t] + timer_offset(cpu, t); /* physical count */
    if (fire < tm->cval[t] || fire > UINT64_MAX / 16) {
        return UINT64_MAX; /* wraps: never, for any practical purpose */
    }
    return counter_ticks_to_ns(fire);
}

/* Something may have moved a deadline earlier: have the machine loop's
 * ticker end the slice by then (the write runs on the CPU's thread).
 * Ending the slice at once instead would starve a CPU whose timer
 * interrupt handler reprograms the timer, while other CPUs get whole
 * slices. */
static void deadline_changed(A64Cpu *cpu)
{
    if (cpu->machine) {
        machine_deadline_hint(cpu->machine, cpu, timer_next_deadline_ns(cpu));
    }
}

/* ---- event streams (D11.2.3 "Event streams") ------------------------------ */

/* The next count value after `now` at which bit EVNTI of the count makes
 * the transition EVNTDIR selects (0: 0 to 1, 1: 1 to 0). */
static uint64_t evt_next(uint64_t cfg, uint64_t now)
{
    unsigned n = (unsigned)(cfg >> KCTL_EVNTI_SHIFT) & 15;
    uint64_t period = 2ull << n;
    uint64_t base = now & ~(period - 1);
    uint64_t cand = (cfg & KCTL_EVNTDIR) ? base + period : base + (period >> 1);
    if (cand <= now) {
        cand += period;
    }
    return cand;
}

/* Stream i (0: CNTKCTL_EL1 on the virtual count, 1: CNTHCTL_EL2 on the
 * physical count): its control bits, 0 if disabled. */
static uint64_t evt_cfg(const A64Cpu *cpu, unsigned i)
{
    uint64_t v = i == 0 ? cpu->sr.cntkctl_el1 : (cpu->feat.el2 ? cpu->timer->cnthctl : 0);
    v &= KCTL_EVNTEN | KCTL_EVNTDIR | (15ull << KCTL_EVNTI_SHIFT);
    return (v & KCTL_EVNTEN) ? v : 0;
}

static uint64_t evt_count(const A64Cpu *cpu, unsigned i, uint64_t pcount)
{
    return i == 0 ? pcount - voff_timer(cpu) : pcount;
}

/* Set the event register when a stream ticked since the last look. */
static void evt_update(A64Cpu *cpu, uint64_t pcount)
{
    A64Timer *tm = cpu->timer;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t cfg = evt_cfg(cpu, i);
        TimerEvt *e = &tm->evt[i];
        uint64_t c = evt_count(cpu, i, pcount);
        if (cfg != e->cfg) {
            e->cfg = cfg;
            e->next = cfg ? evt_next(cfg, c) : UINT64_MAX;
            continue;
        }
        if (cfg && c >= e->next) {
            __atomic_store_n(&cpu->event_reg, true, __ATOMIC_RELEASE);
            e->next = evt_next(cfg, c);
        }
    }
}

/* ---- public interface ------------------------------------------------------ */

void timer_update(A64Cpu *cpu)
{
    if (!cpu->timer) {
        return;
    }
    uint64_t count = counter_ticks();
    for (unsigned t = 0; t < TIMER_COUNT; t++) {
        if (timer_exists(cpu, t)) {
            timer_eval(cpu, t, count);
        }
    }
    evt_update(cpu, count);
}

uint64_t timer_next_deadline_ns(A64Cpu *cpu)
{
    A64Timer *tm = cpu->timer;
    if (!tm) {
        return UINT64_MAX;
    }
    uint64_t count = counter_ticks();
    uint64_t best = UINT64_MAX;
    for (unsigned t = 0; t < TIMER_COUNT; t++) {
        if (timer_exists(cpu, t)) {
            uint64_t d = timer_deadline(cpu, t, count);
            if (d < best) {
                best = d;
            }
        }
    }
    /* Event-stream ticks matter only to a CPU waiting in WFE: a running
     * CPU sees its event register set at the next slice boundary. */
    if (cpu->halted && cpu->wfe_halt) {
        for (unsigned i = 0; i < 2; i++) {
            const TimerEvt *e = &tm->evt[i];
            if (e->cfg && e->cfg == evt_cfg(cpu, i)) {
                uint64_t phys = e->next + (i == 0 ? voff_timer(cpu) : 0);
                uint64_t d = phys > UINT64_MAX / 16 ? UINT64_MAX : counter_ticks_to_ns(phys);
                if (d < best) {
                    best = d;
                }
            }
        }
    }
    return best;
}

/* ---- register access -------------------------------------------------------- */

/* Which timer a CNTx_{CTL,CVAL,TVAL} row is: CRm 2 = physical, 3 =
 * virtual; op1 3 = the EL0 names (EL1 timers), 4 = CNTH*_EL2, 7 =
 * CNTPS_*_EL1. Under E2H the pipeline (sysreg_resolve, frontend/sysregs.c)
 * sends the EL0 names at EL2 (and at EL0 in the EL2&0 host) to the CNTH*
 * rows, and the *_EL02 encodings to the EL0-name rows. */
static unsigned row_timer(const A64Cpu *cpu, const SysRegInfo *ri)
{
    bool virt = ri->crm == 3;
    switch (ri->op1) {
    case 4:
        return virt ? TIMER_HYP_VIRT : TIMER_HYP_PHYS;
    case 7:
        return TIMER_SEC_PHYS;
    default:
        return virt ? TIMER_VIRT : TIMER_PHYS;
    }
}

static uint64_t ctl_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    unsigned t = row_timer(cpu, ri);
    uint64_t v = cpu->timer->ctl[t];
    if (istatus(cpu, t, counter_ticks())) {
        v |= CTL_ISTATUS;
    }
    return v;
}

static void ctl_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned t = row_timer(cpu, ri);
    cpu->timer->ctl[t] = v & (CTL_ENABLE | CTL_IMASK);
    timer_eval(cpu, t, counter_ticks());
    if (v & CTL_ENABLE) {
        deadline_changed(cpu);
    }
}

static uint64_t cval_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->timer->cval[row_timer(cpu, ri)];
}

static void cval_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned t = row_timer(cpu, ri);
    cpu->timer->cval[t] = v;
    timer_eval(cpu, t, counter_ticks());
    if (cpu->timer->ctl[t] & CTL_ENABLE) {
        deadline_changed(cpu);
    }
}

/* TVAL (D11.2.4): reads (CVAL - count)[31:0]; a write sets CVAL = count +
 * SignExtend(TVAL[31:0]). count is the timer's own view. */
static uint64_t tval_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    unsigned t = row_timer(cpu, ri);
    uint64_t count = counter_ticks() - timer_offset(cpu, t);
    return (uint32_t)(cpu->timer->cval[t] - count);
}

static void tval_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    unsigned t = row_timer(cpu, ri);
    uint64_t now = counter_ticks();
    cpu->timer->cval[t] = now - timer_offset(cpu, t) + (uint64_t)(int64_t)(int32_t)v;
    timer_eval(cpu, t, now);
    if (cpu->timer->ctl[t] & CTL_ENABLE) {
        deadline_changed(cpu);
    }
}

/* Reset: CTL.ENABLE and CVAL are UNKNOWN architecturally; 0 as QEMU. */
static void ctl_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    unsigned t = ri->op1 == 4 ? (ri->crm == 3 ? TIMER_HYP_VIRT : TIMER_HYP_PHYS)
                 : ri->op1 == 7 ? TIMER_SEC_PHYS
                 : ri->crm == 3 ? TIMER_VIRT : TIMER_PHYS;
    A64Timer *tm = cpu->timer;
    tm->ctl[t] = 0;
    tm->cval[t] = 0;
    if (tm->level[t] != 0) {
        tm->level[t] = 0;
        irq_set(&tm->out[t], 0);
    }
}

static void no_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    (void)cpu;
    (void)ri;
}

/* CNTVOFF_EL2 / CNTHCTL_EL2 */
static uint64_t cntvoff_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->timer->cntvoff;
}

static void cntvoff_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->timer->cntvoff = v;
    timer_eval(cpu, TIMER_VIRT, counter_ticks());
    deadline_changed(cpu);
}

static uint64_t cnthctl_read(A64Cpu *cpu, const SysRegInfo *ri)
{
    return cpu->timer->cnthctl;
}

static void cnthctl_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v)
{
    cpu->timer->cnthctl = v & HCTL_MASK;
    deadline_changed(cpu);
}

static void cntvoff_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    cpu->timer->cntvoff = 0;
}

/* CNTHCTL_EL2 resets with EL1PCTEN and EL1PCEN set, as QEMU 7.2's virt
 * shows at EL2 (architecturally UNKNOWN): EL1 may use the physical
 * counter and timer until EL2 says otherwise. */
#define CNTHCTL_RESET 3
static void cnthctl_reset(A64Cpu *cpu, const SysRegInfo *ri)
{
    cpu->timer->cnthctl = CNTHCTL_RESET;
}

/* ---- access checks (the Accessibility pseudocode of D19.11) ---------------- */

static SysRegResult trap_el1_or_tge(const A64Cpu *cpu)
{
    return (hcr_eff(cpu) & T_HCR_TGE) ? SYSREG_TRAP_EL2 : SYSREG_TRAP_EL1;
}

/* CNTPCT_EL0 (phys) / CNTVCT_EL0: CNTKCTL_EL1.EL0{P,V}CTEN at EL0,
 * CNTHCTL_EL2.EL1PCTEN for the physical count below EL2. */
static SysRegResult counter_access(A64Cpu *cpu, bool phys)
{
    unsigned el = a64_current_el(cpu);
    uint64_t hctl = cpu->timer ? cpu->timer->cnthctl : 0;
    bool e2h = hcr_eff(cpu) & T_HCR_E2H;
    if (el == 0) {
        if (e2h_tge(cpu)) {
            return bit(hctl, phys ? KCTL_EL0PCTEN : KCTL_EL0VCTEN) ? SYSREG_OK
                                                                   : SYSREG_TRAP_EL2;
        }
        if (!bit(cpu->sr.cntkctl_el1, phys ? KCTL_EL0PCTEN : KCTL_EL0VCTEN)) {
            return trap_el1_or_tge(cpu);
        }
    }
    if (el <= 1 && phys && el2_enabled(cpu) &&
        !bit(hctl, e2h ? HCTL_EL1PCTEN_E2H1 : HCTL_EL1PCTEN_E2H0)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

SysRegResult timer_access_cntpct(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return counter_access(cpu, true);
}

SysRegResult timer_access_cntvct(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    return counter_access(cpu, false);
}

/* CNTFRQ_EL0: at EL0 readable if either EL0 counter access is enabled;
 * writable only at the highest implemented EL (else UNDEFINED, as QEMU's
 * gt_cntfrq_access). */
SysRegResult timer_access_cntfrq(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    unsigned el = a64_current_el(cpu);
    unsigned highest = cpu->feat.el3 ? 3 : cpu->feat.el2 ? 2 : 1;
    if (el != 0) {
        return (isread || el >= highest) ? SYSREG_OK : SYSREG_UNDEF;
    }
    const uint64_t both = (1ull << KCTL_EL0PCTEN) | (1ull << KCTL_EL0VCTEN);
    if (e2h_tge(cpu)) {
        uint64_t hctl = cpu->timer ? cpu->timer->cnthctl : 0;
        return (hctl & both) ? SYSREG_OK : SYSREG_TRAP_EL2;
    }
    return (cpu->sr.cntkctl_el1 & both) ? SYSREG_OK : trap_el1_or_tge(cpu);
}

uint64_t timer_read_cntpct(A64Cpu *cpu, const SysRegInfo *ri)
{
    return counter_ticks();
}

uint64_t timer_read_cntvct(A64Cpu *cpu, const SysRegInfo *ri)
{
    return counter_ticks() - (cpu->timer ? voff_read(cpu) : 0);
}

/* CNTP_* / CNTV_* (EL0 names): CNTKCTL_EL1.EL0{P,V}TEN at EL0 (CNTHCTL_EL2
 * with E2H+TGE), CNTHCTL_EL2.EL1PCEN (EL1PTEN with E2H) for the physical
 * timer below EL2. */
static SysRegResult el0_timer_access(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    unsigned el = a64_current_el(cpu);
    bool phys = ri->crm == 2;
    uint64_t hctl = cpu->timer->cnthctl;
    bool e2h = hcr_eff(cpu) & T_HCR_E2H;
    if (el == 0) {
        if (e2h_tge(cpu)) {
            return bit(hctl, phys ? KCTL_EL0PTEN : KCTL_EL0VTEN) ? SYSREG_OK : SYSREG_TRAP_EL2;
        }
        if (!bit(cpu->sr.cntkctl_el1, phys ? KCTL_EL0PTEN : KCTL_EL0VTEN)) {
            return trap_el1_or_tge(cpu);
        }
    }
    if (el <= 1 && phys && el2_enabled(cpu) &&
        !bit(hctl, e2h ? HCTL_EL1PTEN_E2H1 : HCTL_EL1PCEN_E2H0)) {
        return SYSREG_TRAP_EL2;
    }
    return SYSREG_OK;
}

/* CNTPS_*_EL1: EL3, or Secure EL1 when SCR_EL3.ST (else trapped to EL3);
 * UNDEFINED in Non-secure EL1 and at EL2 (D19.11.21, QEMU's
 * gt_stimer_access). */
static SysRegResult stimer_access(A64Cpu *cpu, const SysRegInfo *ri, bool isread)
{
    switch (a64_current_el(cpu)) {
    case 1:
        if (!is_secure(cpu)) {
            return SYSREG_UNDEF;
        }
        return (cpu->sr.scr_el3 & T_SCR_ST) ? SYSREG_OK : SYSREG_TRAP_EL3;
    case 3:
        return SYSREG_OK;
    default:
        return SYSREG_UNDEF;
    }
}

/* ---- rows ----------------------------------------------------------------------- */

static bool has_el2(const A64Features *f) { return f->el2; }
static bool has_vhe(const A64Features *f) { return f->vhe; }
static bool has_el3(const A64Features *f) { return f->el3; }

#define TROW(nm, o1, cm, o2, acc, pres, afn, rd, wr, rst)                                  \
    { .name = nm, .op0 = 3, .op1 = o1, .crn = 14, .crm = cm, .op2 = o2, .access = acc,     \
      .type = SR_IO, .present = pres, .fieldoffset = SR_NO_FIELD, .accessfn = afn,         \
      .readfn = rd, .writefn = wr, .resetfn = rst }
/* One timer: TVAL (op2 0), CTL (op2 1), CVAL (op2 2). */
#define TIMER_ROWS(pfx, sfx, o1, cm, acc, pres, afn)                                       \
    TROW(pfx "_TVAL" sfx, o1, cm, 0, acc, pres, afn, tval_read, tval_write, no_reset),     \
    TROW(pfx "_CTL" sfx, o1, cm, 1, acc, pres, afn, ctl_read, ctl_write, ctl_reset),       \
    TROW(pfx "_CVAL" sfx, o1, cm, 2, acc, pres, afn, cval_read, cval_write, no_reset)

static const SysRegInfo timer_rows[] = {
    TIMER_ROWS("CNTP", "_EL0", 3, 2, SR_ACC_PL0_RW, NULL, el0_timer_access),
    TIMER_ROWS("CNTV", "_EL0", 3, 3, SR_ACC_PL0_RW, NULL, el0_timer_access),
    TIMER_ROWS("CNTHP", "_EL2", 4, 2, SR_ACC_PL2_RW, has_el2, NULL),
    TIMER_ROWS("CNTHV", "_EL2", 4, 3, SR_ACC_PL2_RW, has_vhe, NULL),
    TIMER_ROWS("CNTPS", "_EL1", 7, 2, SR_ACC_PL1_RW, has_el3, stimer_access),
};

static const SysRegInfo timer_ctl_rows[] = {
    { .name = "CNTVOFF_EL2", .op0 = 3, .op1 = 4, .crn = 14, .crm = 0, .op2 = 3,
      .access = SR_ACC_PL2_RW, .type = SR_IO, .present = has_el2,
      .fieldoffset = SR_NO_FIELD, .readfn = cntvoff_read, .writefn = cntvoff_write,
      .resetfn = cntvoff_reset },
    { .name = "CNTHCTL_EL2", .op0 = 3, .op1 = 4, .crn = 14, .crm = 1, .op2 = 0,
      .access = SR_ACC_PL2_RW, .type = SR_IO, .present = has_el2,
      .fieldoffset = SR_NO_FIELD, .readfn = cnthctl_read, .writefn = cnthctl_write,
      .resetfn = cnthctl_reset },
};

void timer_cpu_init(A64Cpu *cpu, const IrqLine out[TIMER_COUNT])
{
    A64Timer *tm = cpu->timer;
    if (!tm) {
        tm = calloc(1, sizeof(*tm));
        if (!tm) {
            abort(); /* host out of memory at start-up */
        }
        cpu->timer = tm;
        sysreg_register_table(cpu, timer_rows, sizeof(timer_rows) / sizeof(timer_rows[0]));
        sysreg_register_table(cpu, timer_ctl_rows,
                              sizeof(timer_ctl_rows) / sizeof(timer_ctl_rows[0]));
    }
    tm->cpu = cpu;
    for (unsigned t = 0; t < TIMER_COUNT; t++) {
        if (out) {
            tm->out[t] = out[t];
        }
        tm->ctl[t] = 0;
        tm->cval[t] = 0;
        tm->level[t] = -1;
    }
    tm->cntvoff = 0;
    tm->cnthctl = CNTHCTL_RESET;
    timer_update(cpu); /* drive every line low once */
}

void timer_cpu_free(A64Cpu *cpu)
{
    free(cpu->timer);
    cpu->timer = NULL;
}
