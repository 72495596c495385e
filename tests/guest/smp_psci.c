/* SPDX-License-Identifier: MIT */
/*
 * smp_psci.c - PSCI power management of a second CPU (-smp 2; Arm DEN 0022):
 * CPU_ON starts CPU 1 (at EL2 if there is one, else EL1, as QEMU) with
 * X0 = context_id, both CPUs print in an
 * order fixed by a flag handshake, AFFINITY_INFO reports ON then OFF after
 * CPU_OFF, CPU_ON again restarts it, ALREADY_ON / INVALID_PARAMETERS for
 * bad targets, PSCI_FEATURES, and CPU_SUSPEND (standby) returning once an
 * interrupt is pending. The conduit is HVC, or SMC when EL2 exists
 * (-M virt,virtualization=on), as QEMU's virt.
 */
#include "gic_util.h"

#define FREQ 62500000ull

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND64 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON64 0xc4000003u
#define PSCI_AFFINITY_INFO64 0xc4000004u
#define PSCI_MIGRATE 0x84000005u
#define PSCI_FEATURES 0x8400000au

static int use_smc;

static int64_t psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    if (use_smc) {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    }
    return (int64_t)x0;
}

static volatile unsigned stage;
static volatile uint64_t cpu1_ctx;
uint8_t cpu1_stack[4096] ALIGNED(16);

#define CTX1 0x1234abcd5678ull
#define CTX2 0x0badc0ffee00ull

static void set_stage(unsigned s)
{
    __asm__ volatile("dmb sy" ::: "memory");
    stage = s;
    __asm__ volatile("dsb sy\n sev" ::: "memory");
}

static void wait_stage(unsigned s)
{
    while (stage != s) {
        __asm__ volatile("yield" ::: "memory");
    }
    __asm__ volatile("dmb sy" ::: "memory");
}

void cpu1_main(uint64_t ctx);

/* CPU 1 enters here from CPU_ON: X0 = context_id, MMU off. */
__asm__(".text\n"
        ".global cpu1_entry\n"
        "cpu1_entry:\n"
        "    adrp x1, cpu1_stack + 4096\n"
        "    add x1, x1, :lo12:cpu1_stack + 4096\n"
        "    mov sp, x1\n"
        "    bl cpu1_main\n"
        "1:  b 1b\n");
extern char cpu1_entry[];

void cpu1_main(uint64_t ctx)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);
    cpu1_ctx = ctx;
    if (ctx == CTX1) {
        wait_stage(1);
        printf("cpu1: up at EL%u, MPIDR.Aff0 = %lu, context_id %s\n", current_el(),
               (unsigned long)(mpidr & 0xff), ctx == CTX1 ? "ok" : "WRONG");
        set_stage(2);
        wait_stage(3);
        printf("cpu1: second message, now CPU_OFF\n");
        set_stage(4);
    } else {
        wait_stage(5);
        printf("cpu1: restarted at EL%u, context_id %s\n", current_el(),
               ctx == CTX2 ? "ok" : "WRONG");
        set_stage(6);
    }
    psci(PSCI_CPU_OFF, 0, 0, 0);
    printf("FAIL cpu1: CPU_OFF returned\n");
    for (;;) {
    }
}

static int64_t affinity(uint64_t mpidr)
{
    return psci(PSCI_AFFINITY_INFO64, mpidr, 0, 0);
}

/* Poll AFFINITY_INFO until CPU 1 is OFF (1), for at most 5 s. */
static int64_t wait_off(void)
{
    uint64_t end = READ_SYSREG(cntvct_el0) + 5 * FREQ;
    int64_t r;
    while ((r = affinity(1)) != 1 && READ_SYSREG(cntvct_el0) < end) {
    }
    return r;
}

/* CPU_SUSPEND (standby) on CPU 0: returns when the virtual timer's PPI is
 * pending at the GIC (IRQs stay masked). */
static void test_suspend(void)
{
    int v3 = ((READ_SYSREG(id_aa64pfr0_el1) >> 24) & 0xf) != 0;
    if (v3) {
        wr32(GICR + 0x14, 0);
        wr32(GICD, 3);
        wr32(GICR_SGI + 0x80, rd32(GICR_SGI + 0x80) | (1u << 27));
        wr8(GICR_SGI + 0x400 + 27, 0x80);
        wr32(GICR_SGI + 0x100, 1u << 27);
        SYSREG_W(ICC_PMR, 0xff);
        SYSREG_W(ICC_IGRPEN1, 1);
    } else {
        wr32(GICD, 1);
        wr8(GICD + 0x400 + 27, 0x80);
        wr32(GICD + 0x100, 1u << 27);
        wr32(GICC + 4, 0xff);
        wr32(GICC, 1);
    }
    irq_mask();
    SYSREG_W("cntv_tval_el0", FREQ / 500); /* 2 ms */
    uint64_t cv = SYSREG_R("cntv_cval_el0");
    SYSREG_W("cntv_ctl_el0", 1);
    int64_t r = psci(PSCI_CPU_SUSPEND64, 0, 0, 0);
    check_eq("CPU_SUSPEND (standby) returns SUCCESS", (uint64_t)r, 0);
    /* it may return early (a WFI may), so wait for the timer itself */
    while (!(SYSREG_R("cntv_ctl_el0") & 4) && SYSREG_R("cntvct_el0") < cv + 5 * FREQ) {
    }
    SYSREG_W("cntv_ctl_el0", 0);
    check_eq("CPU_SUSPEND with a bad power state", (uint64_t)psci(PSCI_CPU_SUSPEND64,
             1u << 24, 0, 0), (uint64_t)-2);
}

int main(void)
{
    use_smc = ((READ_SYSREG(id_aa64pfr0_el1) >> 8) & 0xf) != 0;
    printf("smp_psci at EL%u, conduit %s\n", current_el(), use_smc ? "SMC" : "HVC");
    show("PSCI_VERSION", (uint64_t)psci(PSCI_VERSION, 0, 0, 0));
    check_eq("PSCI_FEATURES(CPU_ON64)", (uint64_t)psci(PSCI_FEATURES, PSCI_CPU_ON64, 0, 0), 0);
    check_eq("PSCI_FEATURES(AFFINITY_INFO64)",
             (uint64_t)psci(PSCI_FEATURES, PSCI_AFFINITY_INFO64, 0, 0), 0);
    check_eq("PSCI_FEATURES(MIGRATE)", (uint64_t)psci(PSCI_FEATURES, PSCI_MIGRATE, 0, 0),
             (uint64_t)-1);
    check_eq("AFFINITY_INFO(cpu 1) before CPU_ON: OFF", (uint64_t)affinity(1), 1);
    check_eq("AFFINITY_INFO(cpu 0): ON", (uint64_t)affinity(0), 0);
    check_eq("AFFINITY_INFO(no such cpu)", (uint64_t)affinity(0x100), (uint64_t)-2);
    check_eq("CPU_ON(no such cpu)", (uint64_t)psci(PSCI_CPU_ON64, 0x100, (uint64_t)cpu1_entry,
             0), (uint64_t)-2);
    check_eq("CPU_ON(cpu 0, already on)", (uint64_t)psci(PSCI_CPU_ON64, 0,
             (uint64_t)cpu1_entry, 0), (uint64_t)-4);

    check_eq("CPU_ON(cpu 1)", (uint64_t)psci(PSCI_CPU_ON64, 1, (uint64_t)cpu1_entry, CTX1), 0);
    printf("cpu0: started cpu1\n");
    set_stage(1);
    wait_stage(2);
    printf("cpu0: cpu1 reported\n");
    check_eq("AFFINITY_INFO(cpu 1): ON", (uint64_t)affinity(1), 0);
    check_eq("CPU_ON(cpu 1) again: ALREADY_ON", (uint64_t)psci(PSCI_CPU_ON64, 1,
             (uint64_t)cpu1_entry, CTX1), (uint64_t)-4);
    set_stage(3);
    wait_stage(4);
    check_eq("AFFINITY_INFO(cpu 1) after CPU_OFF: OFF", (uint64_t)wait_off(), 1);

    int64_t r = psci(PSCI_CPU_ON64, 1, (uint64_t)cpu1_entry, CTX2);
    check_eq("CPU_ON(cpu 1) after CPU_OFF", (uint64_t)r, 0);
    set_stage(5);
    wait_stage(6);
    printf("cpu0: cpu1 restarted\n");
    check_eq("AFFINITY_INFO(cpu 1) after the second CPU_OFF: OFF", (uint64_t)wait_off(), 1);

    test_suspend();
    return 0;
}
