/* SPDX-License-Identifier: MIT */
/*
 * test_pl011.c - the PL011 UART against its TRM (Arm DDI 0183): reset
 * values, identification registers, flag register, receive FIFO depth with
 * and without LCR_H.FEN, interrupt status/mask/clear and the output line,
 * transmit through a file back end, access sizes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/chardev.h"
#include "devices/pl011.h"
#include "mmu/memory.h"

#define BASE 0x09000000ull

typedef struct IrqProbe {
    int level;
    unsigned changes;
} IrqProbe;

static void probe_set(void *opaque, int n, int level)
{
    IrqProbe *p = opaque;
    (void)n;
    if (p->level != level) {
        p->changes++;
    }
    p->level = level;
}

typedef struct Rig {
    AddressSpace *as;
    Pl011State *uart;
    CharDev *chr;
    IrqProbe irq;
    char path[64];
} Rig;

static void rig_init(Rig *r, bool with_file)
{
    memset(r, 0, sizeof(*r));
    r->as = as_new();
    if (with_file) {
        snprintf(r->path, sizeof(r->path), "/tmp/test_pl011_%d.out", (int)getpid());
        char spec[80];
        snprintf(spec, sizeof(spec), "file:%s", r->path);
        r->chr = chardev_open(spec);
        ck_assert_ptr_nonnull(r->chr);
    }
    IrqLine line = { probe_set, &r->irq, 33 };
    r->uart = pl011_create(r->as, BASE, r->chr, line);
    ck_assert_ptr_nonnull(r->uart);
}

static void rig_free(Rig *r)
{
    pl011_free(r->uart);
    chardev_close(r->chr);
    if (r->path[0]) {
        unlink(r->path);
    }
    as_free(r->as);
}

static uint32_t rd(Rig *r, uint64_t off)
{
    uint64_t v = 0;
    ck_assert(as_read_n(r->as, BASE + off, 4, &v));
    return (uint32_t)v;
}

static void wr(Rig *r, uint64_t off, uint32_t v)
{
    ck_assert(as_write_n(r->as, BASE + off, 4, v));
}

static void rx(Rig *r, const char *s, size_t expect_taken)
{
    size_t n = pl011_receive(r->uart, (const uint8_t *)s, strlen(s));
    ck_assert_uint_eq(n, expect_taken);
}

START_TEST(test_reset_and_id)
{
    Rig r;
    rig_init(&r, false);
    ck_assert_uint_eq(rd(&r, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
    ck_assert_uint_eq(rd(&r, PL011_CR), 0x300);
    ck_assert_uint_eq(rd(&r, PL011_IFLS), 0x12);
    ck_assert_uint_eq(rd(&r, PL011_LCR_H), 0);
    ck_assert_uint_eq(rd(&r, PL011_IMSC), 0);
    ck_assert_uint_eq(rd(&r, PL011_RIS), 0);
    ck_assert_uint_eq(rd(&r, PL011_MIS), 0);
    ck_assert_uint_eq(rd(&r, PL011_RSR), 0);
    /* UARTPeriphID0-3 = 0x11 0x10 0x14 0x00 (part 0x011, Arm, r1p3),
     * UARTPCellID0-3 = 0x0d 0xf0 0x05 0xb1 */
    static const uint32_t id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(&r, PL011_PERIPHID0 + 4 * i), id[i]);
    }
    ck_assert_int_eq(r.irq.level, 0);
    rig_free(&r);
}
END_TEST

START_TEST(test_registers_rw)
{
    Rig r;
    rig_init(&r, false);
    wr(&r, PL011_IBRD, 0x12345);        /* 16-bit field */
    ck_assert_uint_eq(rd(&r, PL011_IBRD), 0x2345);
    wr(&r, PL011_FBRD, 0xff);           /* 6-bit field */
    ck_assert_uint_eq(rd(&r, PL011_FBRD), 0x3f);
    wr(&r, PL011_LCR_H, 0x70);
    ck_assert_uint_eq(rd(&r, PL011_LCR_H), 0x70);
    wr(&r, PL011_CR, 0x301);
    ck_assert_uint_eq(rd(&r, PL011_CR), 0x301);
    wr(&r, PL011_IFLS, 0x09);
    ck_assert_uint_eq(rd(&r, PL011_IFLS), 0x09);
    wr(&r, PL011_ILPR, 0x55);
    ck_assert_uint_eq(rd(&r, PL011_ILPR), 0x55);
    wr(&r, PL011_FR, 0);                /* read-only */
    ck_assert_uint_eq(rd(&r, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
    pl011_reset(r.uart);
    ck_assert_uint_eq(rd(&r, PL011_IBRD), 0);
    ck_assert_uint_eq(rd(&r, PL011_CR), 0x300);
    rig_free(&r);
}
END_TEST

START_TEST(test_rx_no_fifo)
{
    Rig r;
    rig_init(&r, false);
    /* FEN = 0: a one-character holding register */
    rx(&r, "ab", 1);
    ck_assert_uint_eq(rd(&r, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFF);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'a');
    ck_assert_uint_eq(rd(&r, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
    rx(&r, "c", 1);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'c');
    rig_free(&r);
}
END_TEST

START_TEST(test_rx_fifo)
{
    Rig r;
    rig_init(&r, false);
    wr(&r, PL011_LCR_H, PL011_LCRH_FEN | 0x60);
    rx(&r, "0123456789abcdefXYZ", 16);
    ck_assert(rd(&r, PL011_FR) & PL011_FR_RXFF);
    ck_assert(!(rd(&r, PL011_FR) & PL011_FR_RXFE));
    for (unsigned i = 0; i < 16; i++) {
        ck_assert_uint_eq(rd(&r, PL011_DR), (uint32_t)"0123456789abcdef"[i]);
        ck_assert(!(rd(&r, PL011_FR) & PL011_FR_RXFF));
    }
    ck_assert(rd(&r, PL011_FR) & PL011_FR_RXFE);
    /* FIFO wraps around */
    rx(&r, "hello", 5);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'h');
    rx(&r, "!", 1);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'e');
    /* toggling FEN flushes the FIFO */
    wr(&r, PL011_LCR_H, 0x60);
    ck_assert(rd(&r, PL011_FR) & PL011_FR_RXFE);
    rx(&r, "zz", 1);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'z');
    rig_free(&r);
}
END_TEST

START_TEST(test_interrupts)
{
    Rig r;
    rig_init(&r, false);
    wr(&r, PL011_LCR_H, PL011_LCRH_FEN);
    /* RX status without the mask: RIS only, line low */
    rx(&r, "xy", 2);
    ck_assert(rd(&r, PL011_RIS) & PL011_INT_RX);
    ck_assert_uint_eq(rd(&r, PL011_MIS), 0);
    ck_assert_int_eq(r.irq.level, 0);
    /* unmasking raises the line, MIS = RIS & IMSC */
    wr(&r, PL011_IMSC, PL011_INT_RX);
    ck_assert_uint_eq(rd(&r, PL011_MIS), PL011_INT_RX);
    ck_assert_int_eq(r.irq.level, 1);
    /* draining the FIFO clears RX status and the line */
    rd(&r, PL011_DR);
    ck_assert_int_eq(r.irq.level, 1);
    rd(&r, PL011_DR);
    ck_assert_uint_eq(rd(&r, PL011_RIS) & PL011_INT_RX, 0);
    ck_assert_int_eq(r.irq.level, 0);
    /* ICR clears it too */
    rx(&r, "q", 1);
    ck_assert_int_eq(r.irq.level, 1);
    wr(&r, PL011_ICR, PL011_INT_RX);
    ck_assert_int_eq(r.irq.level, 0);
    ck_assert_uint_eq(rd(&r, PL011_DR), 'q');
    /* TX: writing DR empties the (instant) FIFO -> TX status */
    ck_assert_uint_eq(rd(&r, PL011_RIS) & PL011_INT_TX, 0);
    wr(&r, PL011_DR, 'A');
    ck_assert(rd(&r, PL011_RIS) & PL011_INT_TX);
    ck_assert_int_eq(r.irq.level, 0);     /* masked */
    wr(&r, PL011_IMSC, PL011_INT_TX);
    ck_assert_int_eq(r.irq.level, 1);
    wr(&r, PL011_ICR, 0x7ff);
    ck_assert_uint_eq(rd(&r, PL011_RIS), 0);
    ck_assert_int_eq(r.irq.level, 0);
    rig_free(&r);
}
END_TEST

START_TEST(test_tx_and_sizes)
{
    Rig r;
    rig_init(&r, true);
    const char *msg = "Hi\n";
    for (const char *p = msg; *p; p++) {
        ck_assert(rd(&r, PL011_FR) & PL011_FR_TXFE);
        ck_assert(!(rd(&r, PL011_FR) & (PL011_FR_TXFF | PL011_FR_BUSY)));
        ck_assert(as_write_n(r.as, BASE + PL011_DR, 1, (uint8_t)*p));  /* strb */
    }
    ck_assert(as_write_n(r.as, BASE + PL011_DR, 2, 0x4142));           /* only 8 bits go out */
    uint64_t v;
    ck_assert(as_read_n(r.as, BASE + PL011_FR, 1, &v));                /* ldrb FR */
    ck_assert_uint_eq(v, PL011_FR_TXFE | PL011_FR_RXFE);
    ck_assert(as_read_n(r.as, BASE + PL011_FR, 2, &v));
    ck_assert_uint_eq(v, PL011_FR_TXFE | PL011_FR_RXFE);
    ck_assert(as_read_n(r.as, BASE + PL011_FR, 8, &v));                /* 64-bit: FR | ILPR<<32 */
    ck_assert_uint_eq(v, PL011_FR_TXFE | PL011_FR_RXFE);
    /* as QEMU: register = offset / 4, narrower reads give its low bits,
     * misaligned accesses read as zero */
    ck_assert(as_read_n(r.as, BASE + PL011_FR + 2, 2, &v));
    ck_assert_uint_eq(v, PL011_FR_TXFE | PL011_FR_RXFE);
    ck_assert(as_read_n(r.as, BASE + PL011_FR + 1, 4, &v));
    ck_assert_uint_eq(v, 0);
    /* unknown offsets read as zero */
    ck_assert(as_read_n(r.as, BASE + 0x800, 4, &v));
    ck_assert_uint_eq(v, 0);
    chardev_close(r.chr);
    r.chr = NULL;
    FILE *f = fopen(r.path, "rb");
    ck_assert_ptr_nonnull(f);
    char buf[16] = { 0 };
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(buf, "Hi\nB");
    /* the UART still works with no back end (output dropped) */
    pl011_free(r.uart);
    as_free(r.as);
    r.as = as_new();
    IrqLine none = { 0 };
    r.uart = pl011_create(r.as, BASE, NULL, none);
    wr(&r, PL011_DR, 'x');
    rig_free(&r);
}
END_TEST

static Suite *pl011_suite(void)
{
    Suite *s = suite_create("pl011");
    TCase *tc = tcase_create("pl011");
    tcase_add_test(tc, test_reset_and_id);
    tcase_add_test(tc, test_registers_rw);
    tcase_add_test(tc, test_rx_no_fifo);
    tcase_add_test(tc, test_rx_fifo);
    tcase_add_test(tc, test_interrupts);
    tcase_add_test(tc, test_tx_and_sizes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pl011_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
