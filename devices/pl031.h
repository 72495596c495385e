/* SPDX-License-Identifier: MIT */
/*
 * pl031.h - Arm PrimeCell Real Time Clock (PL031, Arm DDI 0224) as on
 * QEMU's virt board: a 32-bit seconds counter running from the host's
 * UTC wall clock, a match register raising the interrupt, PrimeCell IDs.
 */
#ifndef A64EMU_PL031_H
#define A64EMU_PL031_H

#include <stdbool.h>
#include <stdint.h>

#include "../mmu/memory.h"
#include "irq.h"

typedef struct Pl031State Pl031State;

/* Register offsets (DDI 0224 3.2). */
enum {
    PL031_DR = 0x000,    /* data: the current counter (RO) */
    PL031_MR = 0x004,    /* match */
    PL031_LR = 0x008,    /* load: sets the counter */
    PL031_CR = 0x00c,    /* control: bit 0 starts the clock */
    PL031_IMSC = 0x010,  /* interrupt mask set/clear (bit 0) */
    PL031_RIS = 0x014,   /* raw interrupt status */
    PL031_MIS = 0x018,   /* masked interrupt status */
    PL031_ICR = 0x01c,   /* interrupt clear (WO) */
    PL031_PERIPHID0 = 0xfe0,
};

/* Map the RTC at base (4 KiB). now_fn returns host seconds (NULL: the
 * UTC wall clock); tests pass a fake one. NULL if the region fails. */
Pl031State *pl031_create(AddressSpace *as, uint64_t base, IrqLine irq,
                         uint64_t (*now_fn)(void));
void pl031_free(Pl031State *s);
/* Raise the match interrupt if the counter has reached the match value
 * (the board calls it between slices; guest accesses check too). */
void pl031_poll(Pl031State *s);

#endif
