/* SPDX-License-Identifier: MIT */
/*
 * counter.h - the system counter (DDI 0487 D11.1 "The Generic Timer"): one
 * 62.5 MHz count shared by every CPU of the process, as QEMU's virt board
 * reports it in CNTFRQ_EL0. It is driven by host monotonic time and starts
 * near zero when first read. The per-CPU timers (CNTV_*, CNTP_*) and their
 * interrupts come with the timer issue and read the same count.
 */
#ifndef A64EMU_COUNTER_H
#define A64EMU_COUNTER_H

#include <stdint.h>

/* Counter frequency in Hz: 62.5 MHz, one tick every 16 ns. */
#define COUNTER_FREQ_HZ 62500000ull

/* The physical count (CNTPCT_EL0). Monotonic, thread-safe. */
uint64_t counter_ticks(void);
/* Nanoseconds of host monotonic time since the counter's epoch. */
uint64_t counter_ns(void);
/* Ticks to nanoseconds and back (for timer deadlines). */
static inline uint64_t counter_ticks_to_ns(uint64_t ticks) { return ticks * 16; }
static inline uint64_t counter_ns_to_ticks(uint64_t ns) { return ns / 16; }

#endif
