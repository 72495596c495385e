/* SPDX-License-Identifier: MIT */
/*
 * pl031.c - the PL031 RTC (Arm DDI 0224 "PrimeCell Real Time Clock (PL031)
 * Technical Reference Manual") at the level QEMU's model has it:
 *  - RTCDR counts seconds: the host's UTC time plus an offset that writes
 *    of RTCLR change (QEMU starts from the host's UTC time too, -rtc
 *    base=utc);
 *  - RTCCR reads 1: the clock always runs (QEMU: "permanently enabled");
 *  - when the counter equals RTCMR the raw interrupt (bit 0) is set; it
 *    stays set until RTCICR clears it; the line is RIS & IMSC. The match is
 *    noticed on register accesses and when the board polls (between time
 *    slices), so an idle machine sees it at its next wake-up;
 *  - 8/16-bit accesses read the low bits of the 32-bit register.
 */
#include "pl031.h"

#include <stdlib.h>
#include <time.h>

#include "../translator/log.h"

struct Pl031State {
    IrqLine irq;
    MemRegion *mr;
    uint64_t (*now)(void);
    int64_t offset;          /* RTCDR = now + offset (mod 2^32) */
    uint32_t mr_val, lr, imsc, ris;
    bool armed;              /* the match has not fired since MR/LR were set */
};

/* Peripheral ID 0x00141031 (revision 1, as QEMU), PrimeCell ID 0xb105f00d
 * (DDI 0224 3.3.10-11). */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static uint64_t host_utc(void)
{
    return (uint64_t)time(NULL);
}

static uint32_t counter(const Pl031State *s)
{
    return (uint32_t)(s->now() + (uint64_t)s->offset);
}

static void update_irq(Pl031State *s)
{
    irq_set(&s->irq, (s->ris & s->imsc & 1) != 0);
}

void pl031_poll(Pl031State *s)
{
    /* Signed difference: the counter wraps at 2^32 like the hardware. */
    if (s->armed && (int32_t)(counter(s) - s->mr_val) >= 0) {
        s->armed = false;
        s->ris |= 1;
        update_irq(s);
    }
}

static void rearm(Pl031State *s)
{
    /* A match value already passed would only fire after a wrap. */
    s->armed = (int32_t)(s->mr_val - counter(s)) > 0;
}

static bool pl031_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value)
{
    Pl031State *s = opaque;
    uint32_t v = 0;
    pl031_poll(s);
    switch (offset & ~3ull) {
    case PL031_DR:
        v = counter(s);
        break;
    case PL031_MR:
        v = s->mr_val;
        break;
    case PL031_LR:
        v = s->lr;
        break;
    case PL031_CR:
        v = 1;
        break;
    case PL031_IMSC:
        v = s->imsc;
        break;
    case PL031_RIS:
        v = s->ris;
        break;
    case PL031_MIS:
        v = s->ris & s->imsc;
        break;
    default:
        if (offset >= PL031_PERIPHID0 && offset < PL031_PERIPHID0 + 0x20) {
            v = pl031_id[(offset - PL031_PERIPHID0) >> 2];
        } else if (log_on(LOG_GUEST_ERROR)) {
            log_printf("pl031: read of unknown register 0x%03llx\n",
                       (unsigned long long)offset);
        }
        break;
    }
    v >>= (offset & 3) * 8;
    *value = size >= 4 ? v : v & ((1u << (size * 8)) - 1);
    return true;
}

static bool pl031_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    Pl031State *s = opaque;
    uint32_t v = (uint32_t)value;
    switch (offset) {
    case PL031_MR:
        s->mr_val = v;
        rearm(s);
        break;
    case PL031_LR:
        s->lr = v;
        s->offset = (int64_t)v - (int64_t)s->now();
        rearm(s);
        break;
    case PL031_CR:
        break;            /* always running */
    case PL031_IMSC:
        s->imsc = v & 1;
        break;
    case PL031_ICR:
        s->ris &= ~v;
        break;
    default:
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("pl031: write of unknown/read-only register 0x%03llx\n",
                       (unsigned long long)offset);
        }
        return true;
    }
    pl031_poll(s);
    update_irq(s);
    return true;
}

static const MemRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .min_access = 1,
    .max_access = 4,
};

Pl031State *pl031_create(AddressSpace *as, uint64_t base, IrqLine irq,
                         uint64_t (*now_fn)(void))
{
    Pl031State *s = calloc(1, sizeof(*s));
    if (!s) {
        return NULL;
    }
    s->irq = irq;
    s->now = now_fn ? now_fn : host_utc;
    s->mr = as_add_mmio(as, "pl031", base, 0x1000, &pl031_ops, s);
    if (!s->mr) {
        free(s);
        return NULL;
    }
    return s;
}

void pl031_free(Pl031State *s)
{
    free(s);
}
