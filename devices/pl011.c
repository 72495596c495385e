/* SPDX-License-Identifier: MIT */
/*
 * pl011.c - the PL011 UART (Arm DDI 0183 "PrimeCell UART (PL011) Technical
 * Reference Manual"), modelled at the level QEMU's virt board offers:
 *  - transmit is immediate: TXFE = 1, TXFF = BUSY = 0 always, and every
 *    write to DR raises the TX interrupt status (the FIFO is empty again);
 *  - receive FIFO of 16 entries with LCR_H.FEN = 1, else a 1-entry holding
 *    register; the RX interrupt status is set when a character arrives
 *    (the trigger level is one character, as in QEMU) and cleared by ICR
 *    or by emptying the FIFO;
 *  - line errors, modem lines, IrDA, DMA, loopback and baud timing are not
 *    modelled (receive timeout is never raised).
 * Registers are little-endian; 8-, 16- and 32-bit accesses are accepted,
 * and a 64-bit one acts as two 32-bit accesses (as in QEMU).
 */
#include "pl011.h"

#include <stdlib.h>
#include <string.h>

#include "../translator/log.h"

struct Pl011State {
    CharDev *chr;
    IrqLine irq;
    MemRegion *mr;
    uint32_t rx_fifo[PL011_FIFO_DEPTH];  /* data + error bits 11:8 */
    unsigned rx_pos, rx_count;
    uint32_t flags;      /* FR */
    uint32_t rsr;
    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
};

/* Peripheral and PrimeCell identification (DDI 0183 3.3.14-3.3.15),
 * values as QEMU's "arm" variant: part 0x011, revision r1p3 (0x14). */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static unsigned rx_depth(const Pl011State *s)
{
    return (s->lcr_h & PL011_LCRH_FEN) ? PL011_FIFO_DEPTH : 1;
}

static void update_irq(Pl011State *s)
{
    irq_set(&s->irq, (s->ris & s->imsc) != 0);
}

static void update_rx_flags(Pl011State *s)
{
    s->flags &= ~(PL011_FR_RXFE | PL011_FR_RXFF);
    if (s->rx_count == 0) {
        s->flags |= PL011_FR_RXFE;
    }
    if (s->rx_count >= rx_depth(s)) {
        s->flags |= PL011_FR_RXFF;
    }
    if (s->rx_count == 0) {
        s->ris &= ~PL011_INT_RX;   /* below the trigger level again */
    }
}

size_t pl011_receive(Pl011State *s, const uint8_t *buf, size_t len)
{
    size_t n = 0;
    while (n < len && s->rx_count < rx_depth(s)) {
        unsigned slot = (s->rx_pos + s->rx_count) % PL011_FIFO_DEPTH;
        s->rx_fifo[slot] = buf[n++];
        s->rx_count++;
    }
    if (n > 0) {
        /* Trigger level is one character (as QEMU): each arrival asserts
         * the RX interrupt status, ICR or emptying the FIFO clears it. */
        s->ris |= PL011_INT_RX;
        update_rx_flags(s);
        update_irq(s);
    }
    return n;
}

void pl011_poll(Pl011State *s)
{
    while (s->chr && s->rx_count < rx_depth(s)) {
        uint8_t buf[PL011_FIFO_DEPTH];
        size_t got = chardev_read(s->chr, buf, rx_depth(s) - s->rx_count);
        if (got == 0) {
            break;
        }
        pl011_receive(s, buf, got);
    }
}

void pl011_reset(Pl011State *s)
{
    s->rx_pos = s->rx_count = 0;
    s->flags = PL011_FR_TXFE | PL011_FR_RXFE;
    s->rsr = 0;
    s->ilpr = s->ibrd = s->fbrd = s->lcr_h = 0;
    s->cr = 0x300;       /* TXE | RXE, UARTEN clear (DDI 0183 3.3.8) */
    s->ifls = 0x12;      /* both FIFOs at 1/2 */
    s->imsc = s->ris = s->dmacr = 0;
    update_irq(s);
}

/* Value of the 32-bit register at word offset off; side effects (FIFO pop)
 * only when pop is set. Unknown offsets read as zero (logged). */
static uint32_t reg_read(Pl011State *s, uint64_t off, bool pop)
{
    switch (off) {
    case PL011_DR: {
        if (pop) {
            pl011_poll(s);
        }
        uint32_t c = s->rx_fifo[s->rx_pos];
        if (pop) {
            if (s->rx_count > 0) {
                s->rx_count--;
                s->rx_pos = (s->rx_pos + 1) % PL011_FIFO_DEPTH;
            }
            s->rsr = (c >> 8) & 0xf;
            update_rx_flags(s);
            update_irq(s);
            pl011_poll(s);
        }
        return c & 0xfff;
    }
    case PL011_RSR:
        return s->rsr;
    case PL011_FR:
        pl011_poll(s);
        return s->flags;
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCR_H:
        return s->lcr_h;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifls;
    case PL011_IMSC:
        return s->imsc;
    case PL011_RIS:
        pl011_poll(s);
        return s->ris;
    case PL011_MIS:
        pl011_poll(s);
        return s->ris & s->imsc;
    case PL011_DMACR:
        return s->dmacr;
    default:
        if (off >= PL011_PERIPHID0 && off < PL011_PERIPHID0 + 0x20) {
            return pl011_id[(off - PL011_PERIPHID0) >> 2];
        }
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("pl011: read of unknown register 0x%03llx\n", (unsigned long long)off);
        }
        return 0;
    }
}

static bool pl011_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value)
{
    Pl011State *s = opaque;
    if (size == 8) {
        /* QEMU splits a 64-bit access into two 32-bit register accesses. */
        uint64_t lo, hi;
        pl011_read(s, offset, 4, &lo);
        pl011_read(s, offset + 4, 4, &hi);
        *value = lo | hi << 32;
        return true;
    }
    /* Like QEMU, the register is selected by offset / 4 and a narrower
     * access returns its low bits; an access misaligned for its size reads
     * as zero. */
    if (offset & (size - 1)) {
        *value = 0;
        return true;
    }
    uint32_t v = reg_read(s, offset & ~3ull, true);
    *value = size >= 4 ? v : v & ((1u << (size * 8)) - 1);
    return true;
}

static bool pl011_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    Pl011State *s = opaque;
    uint32_t v = (uint32_t)value;

    if (size == 8) {
        pl011_write(s, offset, 4, v);
        return pl011_write(s, offset + 4, 4, value >> 32);
    }
    if (offset & (size - 1)) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("pl011: misaligned write at 0x%03llx ignored\n",
                       (unsigned long long)offset);
        }
        return true;
    }
    switch (offset & ~3ull) {
    case PL011_DR: {
        uint8_t ch = (uint8_t)v;
        chardev_write(s->chr, &ch, 1);
        s->ris |= PL011_INT_TX;
        break;
    }
    case PL011_RSR:
        s->rsr = 0;      /* ECR: any write clears the error bits */
        break;
    case PL011_FR:
        break;           /* read-only */
    case PL011_ILPR:
        s->ilpr = v & 0xff;
        break;
    case PL011_IBRD:
        s->ibrd = v & 0xffff;
        break;
    case PL011_FBRD:
        s->fbrd = v & 0x3f;
        break;
    case PL011_LCR_H:
        /* Switching the FIFOs on or off flushes them (DDI 0183 3.3.7). */
        if ((s->lcr_h ^ v) & PL011_LCRH_FEN) {
            s->rx_count = 0;
            s->rx_pos = 0;
        }
        s->lcr_h = v & 0xff;
        update_rx_flags(s);
        break;
    case PL011_CR:
        s->cr = v & 0xff87;
        break;
    case PL011_IFLS:
        s->ifls = v & 0x3f;
        break;
    case PL011_IMSC:
        s->imsc = v & 0x7ff;
        break;
    case PL011_ICR:
        s->ris &= ~v;
        break;
    case PL011_DMACR:
        s->dmacr = v & 7;
        if (v & 3) {
            log_unimp_once("pl011:dma", "pl011: DMA not implemented\n");
        }
        break;
    default:
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("pl011: write of unknown/read-only register 0x%03llx\n",
                       (unsigned long long)offset);
        }
        return true;
    }
    update_irq(s);
    return true;
}

static const MemRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .min_access = 1,
    .max_access = 8,
};

Pl011State *pl011_create(AddressSpace *as, uint64_t base, CharDev *chr, IrqLine irq)
{
    Pl011State *s = calloc(1, sizeof(*s));
    if (!s) {
        return NULL;
    }
    s->chr = chr;
    s->irq = irq;
    s->mr = as_add_mmio(as, "pl011", base, 0x1000, &pl011_ops, s);
    if (!s->mr) {
        free(s);
        return NULL;
    }
    pl011_reset(s);
    return s;
}

void pl011_free(Pl011State *s)
{
    free(s);
}
