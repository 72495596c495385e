/* SPDX-License-Identifier: MIT */
/*
 * gic_util.h - helpers for the GIC guest tests: MMIO accessors, the virt
 * board's GIC addresses, and an EL1 vector table of our own that sends
 * IRQ/FIQ (current EL, SPx) to gic_test_irq() and anything else to a
 * failure report; it is installed only around the parts of a test that
 * take interrupts, the runtime's table is restored afterwards.
 */
#ifndef A64EMU_GUEST_GIC_UTIL_H
#define A64EMU_GUEST_GIC_UTIL_H

#include "rt.h"

#define GICD 0x08000000ul
#define GICC 0x08010000ul
#define GICH 0x08030000ul
#define GICV 0x08040000ul
#define GICR 0x080a0000ul
#define GICR_SGI (GICR + 0x10000ul)

static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t rd8(uint64_t a) { return *(volatile uint8_t *)a; }
static inline void wr8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint64_t rd64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void wr64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

#define SYSREG_R(name)                                                                \
    ({                                                                                \
        uint64_t _v;                                                                  \
        __asm__ volatile("mrs %0, " name : "=r"(_v) : : "memory");                  \
        _v;                                                                           \
    })
#define SYSREG_W(name, v) __asm__ volatile("msr " name ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

/* ICC_* by their generic names (assemblers without GICv3 names accept these) */
#define ICC_PMR "s3_0_c4_c6_0"
#define ICC_IAR0 "s3_0_c12_c8_0"
#define ICC_EOIR0 "s3_0_c12_c8_1"
#define ICC_HPPIR0 "s3_0_c12_c8_2"
#define ICC_BPR0 "s3_0_c12_c8_3"
#define ICC_AP0R0 "s3_0_c12_c8_4"
#define ICC_AP1R0 "s3_0_c12_c9_0"
#define ICC_DIR "s3_0_c12_c11_1"
#define ICC_RPR "s3_0_c12_c11_3"
#define ICC_SGI1R "s3_0_c12_c11_5"
#define ICC_SGI0R "s3_0_c12_c11_7"
#define ICC_IAR1 "s3_0_c12_c12_0"
#define ICC_EOIR1 "s3_0_c12_c12_1"
#define ICC_HPPIR1 "s3_0_c12_c12_2"
#define ICC_BPR1 "s3_0_c12_c12_3"
#define ICC_CTLR "s3_0_c12_c12_4"
#define ICC_SRE "s3_0_c12_c12_5"
#define ICC_IGRPEN0 "s3_0_c12_c12_6"
#define ICC_IGRPEN1 "s3_0_c12_c12_7"

/* Interrupts taken: kind 5 = IRQ, 6 = FIQ (vector index). */
void gic_test_irq(unsigned kind);
void gic_vectors_install(void);
void gic_vectors_restore(void);

static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #3\n\tisb" ::: "memory"); }
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #3\n\tisb" ::: "memory"); }

#ifdef GIC_UTIL_IMPL
static uint64_t saved_vbar;

void gic_unexpected(uint64_t kind, uint64_t esr, uint64_t elr)
{
    printf("FAIL: unexpected exception vec=%lu ESR=0x%lx ELR=0x%lx\n", kind, esr, elr);
    rt_exit(1);
}

#define GIC_VENTRY_OTHER(idx)                                                         \
    ".balign 0x80\n\tmov x0, #" #idx "\n\tmrs x1, esr_el1\n\tmrs x2, elr_el1\n\t"  \
    "b gic_unexpected\n\t"
#define GIC_VENTRY_INT(idx)                                                           \
    ".balign 0x80\n\tsub sp, sp, #192\n\tstp x0, x1, [sp, #0]\n\tmov x0, #" #idx "\n\t" \
    "b gic_int_common\n\t"

__asm__(".text\n\t.balign 2048\n\t.global gic_vectors\ngic_vectors:\n\t"
        GIC_VENTRY_OTHER(0) GIC_VENTRY_OTHER(1) GIC_VENTRY_OTHER(2) GIC_VENTRY_OTHER(3)
        GIC_VENTRY_OTHER(4) GIC_VENTRY_INT(5) GIC_VENTRY_INT(6) GIC_VENTRY_OTHER(7)
        GIC_VENTRY_OTHER(8) GIC_VENTRY_OTHER(9) GIC_VENTRY_OTHER(10) GIC_VENTRY_OTHER(11)
        GIC_VENTRY_OTHER(12) GIC_VENTRY_OTHER(13) GIC_VENTRY_OTHER(14) GIC_VENTRY_OTHER(15)
        "\ngic_int_common:\n\t"
        "stp x2, x3, [sp, #16]\n\tstp x4, x5, [sp, #32]\n\tstp x6, x7, [sp, #48]\n\t"
        "stp x8, x9, [sp, #64]\n\tstp x10, x11, [sp, #80]\n\tstp x12, x13, [sp, #96]\n\t"
        "stp x14, x15, [sp, #112]\n\tstp x16, x17, [sp, #128]\n\tstp x18, x29, [sp, #144]\n\t"
        "str x30, [sp, #160]\n\tmrs x1, elr_el1\n\tmrs x2, spsr_el1\n\tstp x1, x2, [sp, #168]\n\t"
        "bl gic_test_irq\n\t"
        "ldp x1, x2, [sp, #168]\n\tmsr elr_el1, x1\n\tmsr spsr_el1, x2\n\t"
        "ldp x2, x3, [sp, #16]\n\tldp x4, x5, [sp, #32]\n\tldp x6, x7, [sp, #48]\n\t"
        "ldp x8, x9, [sp, #64]\n\tldp x10, x11, [sp, #80]\n\tldp x12, x13, [sp, #96]\n\t"
        "ldp x14, x15, [sp, #112]\n\tldp x16, x17, [sp, #128]\n\tldp x18, x29, [sp, #144]\n\t"
        "ldr x30, [sp, #160]\n\tldp x0, x1, [sp, #0]\n\tadd sp, sp, #192\n\teret\n\t");

extern char gic_vectors[];

void gic_vectors_install(void)
{
    saved_vbar = SYSREG_R("vbar_el1");
    SYSREG_W("vbar_el1", (uint64_t)gic_vectors);
}

void gic_vectors_restore(void)
{
    SYSREG_W("vbar_el1", saved_vbar);
}
#endif

#endif
