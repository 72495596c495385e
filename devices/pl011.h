/* SPDX-License-Identifier: MIT */
/*
 * pl011.h - Arm PrimeCell UART (PL011, DDI 0183) as on QEMU's virt board:
 * polled transmit that never fills, a 16-entry (or 1 with FIFOs off)
 * receive FIFO fed from a CharDev, interrupt status/mask registers and one
 * combined interrupt line.
 */
#ifndef A64EMU_PL011_H
#define A64EMU_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../mmu/memory.h"
#include "chardev.h"
#include "irq.h"

typedef struct Pl011State Pl011State;

/* Register offsets (DDI 0183 table 3-1). */
enum {
    PL011_DR = 0x000,
    PL011_RSR = 0x004,     /* read: RSR, write: ECR */
    PL011_FR = 0x018,
    PL011_ILPR = 0x020,
    PL011_IBRD = 0x024,
    PL011_FBRD = 0x028,
    PL011_LCR_H = 0x02c,
    PL011_CR = 0x030,
    PL011_IFLS = 0x034,
    PL011_IMSC = 0x038,
    PL011_RIS = 0x03c,
    PL011_MIS = 0x040,
    PL011_ICR = 0x044,
    PL011_DMACR = 0x048,
    PL011_PERIPHID0 = 0xfe0,
    PL011_PCELLID0 = 0xff0,
};

/* UARTFR bits */
enum {
    PL011_FR_BUSY = 1u << 3,
    PL011_FR_RXFE = 1u << 4,
    PL011_FR_TXFF = 1u << 5,
    PL011_FR_RXFF = 1u << 6,
    PL011_FR_TXFE = 1u << 7,
};

/* Interrupt bits (IMSC/RIS/MIS/ICR) */
enum {
    PL011_INT_RX = 1u << 4,
    PL011_INT_TX = 1u << 5,
    PL011_INT_RT = 1u << 6,
};

#define PL011_LCRH_FEN (1u << 4)
#define PL011_FIFO_DEPTH 16

/* Create the UART and map it at base (4 KiB) in as. chr may be NULL (no
 * host side). Returns NULL if the region cannot be added. */
Pl011State *pl011_create(AddressSpace *as, uint64_t base, CharDev *chr, IrqLine irq);
void pl011_free(Pl011State *s);
void pl011_reset(Pl011State *s);
/* Queue received bytes (as if they arrived on the line); returns how many
 * fitted in the receive FIFO. */
size_t pl011_receive(Pl011State *s, const uint8_t *buf, size_t len);
/* Pull pending host input into the FIFO (also done on guest reads). */
void pl011_poll(Pl011State *s);

#endif
