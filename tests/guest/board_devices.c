/* SPDX-License-Identifier: MIT */
/*
 * board_devices.c - the virt board's PrimeCell devices as a driver sees
 * them: PL011/PL031/PL061 identification registers, the RTC counter, load
 * and match registers, the GPIO data mask and interrupt registers, the
 * UART's interrupt status. Expected values from Arm DDI 0183/0224/0190;
 * the run compares every line with QEMU's.
 */
#include "rt.h"

#define UART 0x09000000ul
#define RTC 0x09010000ul
#define GPIO 0x09030000ul

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

static uint32_t ids(uintptr_t base)
{
    uint32_t per = 0, cell = 0;
    for (unsigned i = 0; i < 4; i++) {
        per |= (rd32(base + 0xfe0 + 4 * i) & 0xff) << (8 * i);
        cell |= (rd32(base + 0xff0 + 4 * i) & 0xff) << (8 * i);
    }
    check_eq("PrimeCell ID", cell, 0xb105f00d);
    return per;
}

static void rtc(void)
{
    check_eq("PL031 peripheral ID", ids(RTC), 0x00141031);   /* r1 (QEMU) */
    check_eq("RTCCR (always enabled)", rd32(RTC + 0x0c), 1);
    /* Host time: after 2020, before 2106. */
    check_true("RTCDR is a plausible UTC time", rd32(RTC) > 1577836800u);
    wr32(RTC + 0x08, 1000);                       /* RTCLR */
    uint32_t d = rd32(RTC) - 1000;
    check_true("RTCDR counts on from RTCLR", d <= 1);
    check_eq("RTCLR reads back", rd32(RTC + 0x08), 1000);
    wr32(RTC + 0x04, 0x12345678);                 /* RTCMR */
    check_eq("RTCMR reads back", rd32(RTC + 0x04), 0x12345678);
    wr32(RTC + 0x10, 0xffffffff);                 /* IMSC: bit 0 only */
    check_eq("RTCIMSC", rd32(RTC + 0x10), 1);
    check_eq("RTCRIS", rd32(RTC + 0x14), 0);
    check_eq("RTCMIS", rd32(RTC + 0x18), 0);
    wr32(RTC + 0x10, 0);
}

static void gpio(void)
{
    check_eq("PL061 peripheral ID", ids(GPIO), 0x00041061);
    check_eq("GPIODIR reset", rd32(GPIO + 0x400), 0);
    check_eq("GPIOIE reset", rd32(GPIO + 0x410), 0);
    check_eq("GPIORIS reset", rd32(GPIO + 0x414), 0);
    /* Lines 0-2 outputs (the power key on line 3 stays an input). */
    wr32(GPIO + 0x400, 0x07);
    check_eq("GPIODIR", rd32(GPIO + 0x400), 0x07);
    wr32(GPIO + (0x05 << 2), 0xff);               /* lines 0 and 2 */
    show("GPIODATA outputs 0x05", rd32(GPIO + (0x07 << 2)));
    wr32(GPIO + (0x07 << 2), 0x02);
    show("GPIODATA outputs 0x02", rd32(GPIO + (0x07 << 2)));
    show("GPIODATA masked by 0x01", rd32(GPIO + (0x01 << 2)));
    wr32(GPIO + 0x408, 1u << 3);                  /* IBE */
    wr32(GPIO + 0x40c, 0x10);                     /* IEV */
    wr32(GPIO + 0x404, 0x20);                     /* IS */
    check_eq("GPIOIBE", rd32(GPIO + 0x408), 1u << 3);
    check_eq("GPIOIEV", rd32(GPIO + 0x40c), 0x10);
    check_eq("GPIOIS", rd32(GPIO + 0x404), 0x20);
    wr32(GPIO + 0x404, 0);
    wr32(GPIO + 0x41c, 0xff);                     /* IC */
    wr32(GPIO + 0x400, 0);
}

static void uart(void)
{
    check_eq("PL011 peripheral ID", ids(UART), 0x00141011);  /* r1 (QEMU) */
    /* Transmit raises TXRIS; ICR clears it (DDI 0183 3.3.13-14). */
    uart_puts("uart tx\n");
    show("UARTRIS TX after a write", rd32(UART + 0x3c) & 0x20);
    wr32(UART + 0x44, 0x20);
    show("UARTRIS TX after ICR", rd32(UART + 0x3c) & 0x20);
    wr32(UART + 0x38, 0x20);
    show("UARTMIS with TXIM", rd32(UART + 0x40) & 0x20);
    wr32(UART + 0x38, 0);
}

int main(void)
{
    rtc();
    gpio();
    uart();
    return 0;
}
