/* SPDX-License-Identifier: MIT */
/*
 * irq.h - an interrupt line from a device to its interrupt controller
 * (TinyEMU's IRQSignal): the device knows only this, never the GIC.
 */
#ifndef A64EMU_IRQ_H
#define A64EMU_IRQ_H

typedef struct IrqLine {
    void (*set)(void *opaque, int n, int level);
    void *opaque;
    int n;          /* line number at the receiver (e.g. GIC INTID) */
} IrqLine;

/* Drive the line; a line that is not connected (set == NULL) is a no-op. */
static inline void irq_set(const IrqLine *l, int level)
{
    if (l && l->set) {
        l->set(l->opaque, l->n, level);
    }
}

#endif
