/* SPDX-License-Identifier: MIT */
/*
 * timer.h - the per-CPU Generic Timer (DDI 0487 D11): EL1 physical and
 * virtual timers (CNTP_*, CNTV_*), the EL2 physical and virtual timers
 * (CNTHP_*, CNTHV_*), CNTVOFF_EL2, CNTHCTL_EL2, CNTKCTL_EL1 and the event
 * stream, reading the system counter of counter.h. Each timer output is a
 * level into a GIC PPI (IrqLine). The machine scheduler asks for the next
 * deadline to know how long an idle host thread may sleep.
 */
#ifndef A64EMU_TIMER_H
#define A64EMU_TIMER_H

#include <stdint.h>

#include "../devices/irq.h"
#include "../frontend/cpu.h"
#include "../frontend/sysregs.h"

enum { TIMER_PHYS, TIMER_VIRT, TIMER_HYP_PHYS, TIMER_HYP_VIRT, TIMER_SEC_PHYS, TIMER_COUNT };

/* Create cpu->timer and register its system-register rows. out[i] is the
 * PPI each timer drives (unconnected lines are fine). */
void timer_cpu_init(A64Cpu *cpu, const IrqLine out[TIMER_COUNT]);
void timer_cpu_free(A64Cpu *cpu);
/* Re-evaluate every timer of the CPU against the counter now and drive the
 * output lines (call between slices and when a deadline passes). */
void timer_update(A64Cpu *cpu);
/* Host monotonic time (counter_ns() scale) of the CPU's next timer event
 * (a timer firing or an event-stream tick), UINT64_MAX if none. */
uint64_t timer_next_deadline_ns(A64Cpu *cpu);

/* The system counter rows of frontend/sysreg_table.c (CNTFRQ_EL0,
 * CNTPCT_EL0, CNTVCT_EL0): their EL0 traps (CNTKCTL_EL1, or CNTHCTL_EL2
 * with E2H+TGE), the EL1 trap of CNTPCT (CNTHCTL_EL2.EL1PCTEN) and
 * CNTVCT = CNTPCT - CNTVOFF_EL2. Valid with or without cpu->timer. [sched] */
SysRegResult timer_access_cntfrq(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult timer_access_cntpct(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult timer_access_cntvct(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
uint64_t timer_read_cntpct(A64Cpu *cpu, const SysRegInfo *ri);
uint64_t timer_read_cntvct(A64Cpu *cpu, const SysRegInfo *ri);

#endif
