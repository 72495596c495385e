/* SPDX-License-Identifier: MIT */
/*
 * pl061.h - Arm PrimeCell GPIO (PL061, Arm DDI 0190): 8 lines with
 * direction, edge/level interrupts and PrimeCell IDs. On the virt board
 * line 3 is the power button (gpio-keys, KEY_POWER) as in QEMU.
 */
#ifndef A64EMU_PL061_H
#define A64EMU_PL061_H

#include <stdbool.h>
#include <stdint.h>

#include "../mmu/memory.h"
#include "irq.h"

typedef struct Pl061State Pl061State;

/* Register offsets (DDI 0190 3.2). GPIODATA spans 0x000-0x3fc: address
 * bits [9:2] mask which lines an access touches. */
enum {
    PL061_DATA = 0x000,
    PL061_DIR = 0x400,   /* 1 = output */
    PL061_IS = 0x404,    /* interrupt sense: 1 = level */
    PL061_IBE = 0x408,   /* both edges */
    PL061_IEV = 0x40c,   /* event: 1 = rising edge / high level */
    PL061_IE = 0x410,    /* interrupt mask (1 = enabled) */
    PL061_RIS = 0x414,
    PL061_MIS = 0x418,
    PL061_IC = 0x41c,    /* interrupt clear (WO) */
    PL061_AFSEL = 0x420,
    PL061_PERIPHID0 = 0xfe0,
};

#define VIRT_GPIO_PIN_POWER 3

Pl061State *pl061_create(AddressSpace *as, uint64_t base, IrqLine irq);
void pl061_free(Pl061State *s);
/* Drive input line pin (0-7) to level (ignored while it is an output). */
void pl061_set_input(Pl061State *s, unsigned pin, bool level);

#endif
