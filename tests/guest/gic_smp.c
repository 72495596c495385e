/* SPDX-License-Identifier: MIT */
/*
 * gic_smp.c - interrupts between two CPUs (-smp 2, GICv2 or GICv3 as the
 * machine has): CPU 1 is started with PSCI CPU_ON, enables its CPU
 * interface and polls it; CPU 0 sends it SGIs (GICv3 ICC_SGI1R_EL1 target
 * list and IRM = 1 broadcast; GICv2 GICD_SGIR target list / "others") and
 * routes an SPI to it (GICD_IROUTER / GICD_ITARGETSR); CPU 1 answers with
 * an SGI back, whose GICv2 IAR carries source CPU 1. Only CPU 0 prints.
 */
#define GIC_UTIL_IMPL
#include "gic_util.h"

void gic_test_irq(unsigned kind) { (void)kind; }

static int v3;
static volatile uint32_t ready, got[4], nrecv, stop;
uint64_t stack1[512] ALIGNED(16);   /* global: named by secondary_entry */

__asm__(".text\n\t.global secondary_entry\nsecondary_entry:\n\t"
        "msr spsel, #1\n\t"
        "adrp x1, stack1\n\tadd x1, x1, :lo12:stack1\n\tadd x1, x1, #4096\n\tmov sp, x1\n\t"
        "bl secondary_main\n1:\twfi\n\tb 1b\n");
extern char secondary_entry[];

static uint64_t psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    /* QEMU's virt: PSCI over HVC, over SMC when the board has EL2 */
    if ((SYSREG_R("id_aa64pfr0_el1") >> 8) & 0xf) {
        __asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    }
    return x0;
}

static void cpuif_on(unsigned cpu)
{
    if (v3) {
        wr32(GICR + 0x20000ul * cpu + 0x14, 0);
        wr32(GICR_SGI + 0x20000ul * cpu + 0x80, 0xffffffff);
        wr32(GICR_SGI + 0x20000ul * cpu + 0x100, 0xffff);
        SYSREG_W(ICC_PMR, 0xf0);
        SYSREG_W(ICC_IGRPEN1, 1);
    } else {
        wr32(GICC, 1);
        wr32(GICC + 4, 0xf0);
    }
}

static uint32_t ack(void)
{
    return v3 ? (uint32_t)SYSREG_R(ICC_IAR1) : rd32(GICC + 0xc);
}

static void eoi(uint32_t id)
{
    if (v3) {
        SYSREG_W(ICC_EOIR1, id);
    } else {
        wr32(GICC + 0x10, id);
    }
}

static void sgi_to(unsigned irq, unsigned cpu)
{
    if (v3) {
        SYSREG_W(ICC_SGI1R, (uint64_t)irq << 24 | 1u << cpu);
    } else {
        wr32(GICD + 0xf00, (1u << (16 + cpu)) | irq);
    }
}

void secondary_main(void)
{
    cpuif_on(1);
    ready = 1;
    while (!stop) {
        /* sleep as Linux's idle loop does: interrupts masked, WFI wakes
         * on a pending one (D1.6.2) */
        __asm__ volatile("wfi" ::: "memory");
        uint32_t id = ack();
        if ((id & 0x3ff) >= 1020) {
            continue;
        }
        if (nrecv < 4) {
            got[nrecv] = id;
        }
        eoi(id);
        nrecv++;
        if ((id & 0x3ff) == 5) {
            sgi_to(9, 0);                      /* answer CPU 0 */
        }
    }
    ready = 2;
}

static void wait_recv(unsigned n)
{
    for (unsigned i = 0; i < 2000000 && nrecv < n; i++) {
    }
}

int main(void)
{
    v3 = (SYSREG_R("id_aa64pfr0_el1") >> 24) & 0xf;
    show("GICv3", v3);
    wr32(GICD, v3 ? 3 : 1);
    cpuif_on(0);
    uint64_t r = psci(0xc4000003, 1, (uint64_t)secondary_entry, 0);
    show("CPU_ON", r);
    for (unsigned i = 0; i < 2000000 && !ready; i++) {
    }
    show("CPU 1 ready", ready);

    sgi_to(5, 1);
    wait_recv(1);
    check_eq("CPU 1 got SGI 5 from CPU 0", got[0], 5);
    uint32_t id = 1023;
    for (unsigned i = 0; i < 2000000 && (id & 0x3ff) >= 1020; i++) {
        id = ack();
    }
    check_eq("CPU 0 got SGI 9 (GICv2: from CPU 1)", id, v3 ? 9 : (9 | 1u << 10));
    eoi(id);

    /* broadcast to the others */
    if (v3) {
        SYSREG_W(ICC_SGI1R, (1ull << 40) | (6ull << 24));
    } else {
        wr32(GICD + 0xf00, (1u << 24) | 6);
    }
    wait_recv(2);
    show("CPU 1 got (others)", got[1]);
    show("CPU 0 pending SGIs", v3 ? rd32(GICR_SGI + 0x200) & 0xffff : rd32(GICD + 0x200) & 0xffff);

    /* SPI 45 routed to CPU 1 */
    wr8(GICD + 0x400 + 45, 0x80);
    if (v3) {
        wr32(GICD + 0x84, 0xffffffff);
        wr64(GICD + 0x6000 + 8 * 45, 1);
    } else {
        wr8(GICD + 0x800 + 45, 2);
    }
    wr32(GICD + 0x104, 1u << 13);
    wr32(GICD + 0x204, 1u << 13);
    wait_recv(3);
    check_eq("CPU 1 got SPI 45", got[2], 45);
    show("CPU 0 IAR", ack());
    show("messages on CPU 1", nrecv);
    stop = 1;
    sgi_to(7, 1);                               /* wake it from WFI */
    for (unsigned i = 0; i < 2000000 && ready != 2; i++) {
    }
    show("CPU 1 done", ready);
    return 0;
}
