/* SPDX-License-Identifier: MIT */
/*
 * pl061.c - the PL061 GPIO controller (Arm DDI 0190 "PrimeCell General
 * Purpose Input/Output (PL061) Technical Reference Manual"):
 *  - GPIODATA is read and written through the address mask (bits [9:2] of
 *    the offset select the lines); writes change output lines only, input
 *    lines read the level driven from outside (pl061_set_input, default
 *    low: the power button is not pressed);
 *  - interrupts per line (DDI 0190 3.3.3-3.3.9): edge-sensitive (IS = 0)
 *    on one edge chosen by IEV or on both with IBE, latched in RIS until
 *    GPIOIC clears them; level-sensitive (IS = 1) while the line is at the
 *    IEV level. The output line is RIS & IE != 0 (GPIOINTR);
 *  - AFSEL is stored (no alternate functions here); PrimeCell IDs.
 */
#include "pl061.h"

#include <stdlib.h>

#include "../translator/log.h"

struct Pl061State {
    IrqLine irq;
    MemRegion *mr;
    uint8_t data;        /* output latch for outputs */
    uint8_t in;          /* levels driven on the lines from outside */
    uint8_t old_in;      /* line levels at the last edge evaluation */
    uint8_t dir, is, ibe, iev, ie, ris, afsel;
};

/* Peripheral ID 0x00041061, PrimeCell ID 0xb105f00d (DDI 0190 3.3.12-13). */
static const uint8_t pl061_id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* The level each line has: outputs their latch, inputs the outside. */
static uint8_t levels(const Pl061State *s)
{
    return (uint8_t)((s->data & s->dir) | (s->in & ~s->dir));
}

static void update(Pl061State *s)
{
    uint8_t now = levels(s);
    uint8_t changed = (uint8_t)((now ^ s->old_in) & ~s->dir);
    s->old_in = now;
    /* Edges on input lines. */
    uint8_t edge = (uint8_t)(changed & ~s->is);
    uint8_t rising = (uint8_t)(edge & now), falling = (uint8_t)(edge & ~now);
    s->ris |= (uint8_t)(edge & s->ibe);
    s->ris |= (uint8_t)(~s->ibe & ((rising & s->iev) | (falling & ~s->iev)));
    /* Levels: asserted while the line is at the IEV level. */
    s->ris = (uint8_t)((s->ris & ~s->is) | (s->is & ~(now ^ s->iev)));
    irq_set(&s->irq, (s->ris & s->ie) != 0);
}

void pl061_set_input(Pl061State *s, unsigned pin, bool level)
{
    if (pin >= 8) {
        return;
    }
    uint8_t mask = (uint8_t)(1u << pin);
    s->in = (uint8_t)(level ? s->in | mask : s->in & ~mask);
    update(s);
}

static bool pl061_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value)
{
    Pl061State *s = opaque;
    uint32_t v = 0;
    if (offset < 0x400) {
        v = levels(s) & ((offset >> 2) & 0xff);
    } else {
        switch (offset & ~3ull) {
        case PL061_DIR: v = s->dir; break;
        case PL061_IS: v = s->is; break;
        case PL061_IBE: v = s->ibe; break;
        case PL061_IEV: v = s->iev; break;
        case PL061_IE: v = s->ie; break;
        case PL061_RIS: v = s->ris; break;
        case PL061_MIS: v = s->ris & s->ie; break;
        case PL061_AFSEL: v = s->afsel; break;
        default:
            if (offset >= PL061_PERIPHID0 && offset < PL061_PERIPHID0 + 0x20) {
                v = pl061_id[(offset - PL061_PERIPHID0) >> 2];
            } else if (log_on(LOG_GUEST_ERROR)) {
                log_printf("pl061: read of unknown register 0x%03llx\n",
                           (unsigned long long)offset);
            }
            break;
        }
    }
    v >>= (offset & 3) * 8;
    *value = size >= 4 ? v : v & ((1u << (size * 8)) - 1);
    return true;
}

static bool pl061_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    Pl061State *s = opaque;
    uint8_t v = (uint8_t)value;
    if (offset < 0x400) {
        /* Only the addressed output lines change (DDI 0190 3.3.1). */
        uint8_t mask = (uint8_t)(((offset >> 2) & 0xff) & s->dir);
        s->data = (uint8_t)((s->data & ~mask) | (v & mask));
    } else {
        switch (offset) {
        case PL061_DIR: s->dir = v; break;
        case PL061_IS: s->is = v; break;
        case PL061_IBE: s->ibe = v; break;
        case PL061_IEV: s->iev = v; break;
        case PL061_IE: s->ie = v; break;
        case PL061_IC: s->ris &= (uint8_t)~v; break;
        case PL061_AFSEL: s->afsel = v; break;
        default:
            if (log_on(LOG_GUEST_ERROR)) {
                log_printf("pl061: write of unknown/read-only register 0x%03llx\n",
                           (unsigned long long)offset);
            }
            return true;
        }
    }
    update(s);
    return true;
}

static const MemRegionOps pl061_ops = {
    .read = pl061_read,
    .write = pl061_write,
    .min_access = 1,
    .max_access = 4,
};

Pl061State *pl061_create(AddressSpace *as, uint64_t base, IrqLine irq)
{
    Pl061State *s = calloc(1, sizeof(*s));
    if (!s) {
        return NULL;
    }
    s->irq = irq;
    s->mr = as_add_mmio(as, "pl061", base, 0x1000, &pl061_ops, s);
    if (!s->mr) {
        free(s);
        return NULL;
    }
    return s;
}

void pl061_free(Pl061State *s)
{
    free(s);
}
