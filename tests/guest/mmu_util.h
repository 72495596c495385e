/* SPDX-License-Identifier: MIT */
/*
 * mmu_util.h - page tables and MMU switching for the mmu_* guest tests:
 * descriptor bits (DDI 0487 D8.3), an identity map of the UART (Device)
 * and RAM (Normal WB) with the 4 KiB granule, a test region at VA
 * 0x8000_0000 the tests map as they like, a fault hook that records the
 * syndrome, and loads/stores that survive a fault (the hook skips them).
 * Every table change is followed by the architected TLB maintenance
 * (DSB, TLBI, DSB, ISB), so QEMU and a64emu must agree whatever their TLBs
 * cache.
 */
#ifndef A64EMU_GUEST_MMU_UTIL_H
#define A64EMU_GUEST_MMU_UTIL_H

#include "rt.h"

/* descriptors */
#define D_TABLE 3ull
#define D_PAGE 3ull
#define D_BLOCK 1ull
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_AP(x) ((uint64_t)(x) << 6)   /* AP[2:1]: 0 EL1 RW, 1 RW, 2 EL1 RO, 3 RO */
#define D_SH(x) ((uint64_t)(x) << 8)
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define T_PXN (1ull << 59)
#define T_UXN (1ull << 60)
#define T_AP0 (1ull << 61)
#define T_AP1 (1ull << 62)

/* MAIR_EL1: 0 Device-nGnRnE, 1 Normal WB, 2 Normal NC */
#define MAIR_VALUE 0x44ff00ull
#define NORMAL (D_AF | D_ATTR(1) | D_SH(3))
#define DEVICE (D_AF | D_ATTR(0) | D_UXN | D_PXN)

/* TCR_EL1: T0SZ = 32 (4 GiB), 4K, WB walks, Inner Shareable, EPD1 (no
 * TTBR1 walks), IPS = 40 bits (every model's PA range covers it). */
#define TCR_4K_32 (32ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32)

#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

#define RAM_PA 0x40000000ull
#define UART_PA 0x09000000ull
#define TEST_VA 0x80000000ull      /* the region the tests map (L1 index 2) */

typedef uint64_t PageTable[512] __attribute__((aligned(4096)));

static PageTable pt_l1, pt_l2_dev, pt_l2_ram, pt_l3_ram, pt_l2_test, pt_l3_test;

extern char __stack_el0_top[];

static inline uint64_t pa_of(const void *p)
{
    return (uint64_t)(uintptr_t)p; /* identity mapped */
}

static inline void barrier_tables(void)
{
    __asm__ volatile("dsb ishst" ::: "memory");
}

static inline void tlbi_all(void)
{
    __asm__ volatile("dsb ishst; tlbi vmalle1; dsb ish; isb" ::: "memory");
}

static inline void tlbi_va(uint64_t va, uint64_t asid)
{
    uint64_t op = (asid << 48) | ((va >> 12) & 0xfffffffffffull);
    __asm__ volatile("dsb ishst; tlbi vae1, %0; dsb ish; isb" : : "r"(op) : "memory");
}

/* Identity map: UART as a 2 MiB Device block, the first 2 MiB of RAM in
 * pages (EL1 RWX; the EL0 stack EL0 RW, never executable), the rest of
 * the 128 MiB as 2 MiB blocks (EL1 RW, not executable), and an empty test
 * region at TEST_VA with one level-3 table (pt_l3_test). */
static void build_identity(void)
{
    memset(pt_l1, 0, sizeof(pt_l1));
    memset(pt_l2_dev, 0, sizeof(pt_l2_dev));
    memset(pt_l2_ram, 0, sizeof(pt_l2_ram));
    memset(pt_l3_ram, 0, sizeof(pt_l3_ram));
    memset(pt_l2_test, 0, sizeof(pt_l2_test));
    memset(pt_l3_test, 0, sizeof(pt_l3_test));
    pt_l1[0] = pa_of(pt_l2_dev) | D_TABLE;
    pt_l2_dev[UART_PA >> 21] = UART_PA | D_BLOCK | DEVICE;
    pt_l1[1] = pa_of(pt_l2_ram) | D_TABLE;
    pt_l2_ram[0] = pa_of(pt_l3_ram) | D_TABLE;
    uint64_t stack0 = pa_of(__stack_el0_top) - 0x4000;
    for (unsigned i = 0; i < 512; i++) {
        uint64_t pa = RAM_PA + i * 0x1000ull;
        if (pa >= stack0 && pa < pa_of(__stack_el0_top)) {
            pt_l3_ram[i] = pa | D_PAGE | NORMAL | D_AP(1) | D_UXN | D_PXN;
        } else {
            pt_l3_ram[i] = pa | D_PAGE | NORMAL;
        }
    }
    for (unsigned i = 1; i < 64; i++) {
        pt_l2_ram[i] = (RAM_PA + i * 0x200000ull) | D_BLOCK | NORMAL | D_UXN | D_PXN;
    }
    pt_l1[2] = pa_of(pt_l2_test) | D_TABLE;
    pt_l2_test[0] = pa_of(pt_l3_test) | D_TABLE;
    barrier_tables();
}

static void mmu_on(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
    WRITE_SYSREG(mair_el1, MAIR_VALUE);
    WRITE_SYSREG(tcr_el1, tcr);
    WRITE_SYSREG(ttbr0_el1, ttbr0);
    WRITE_SYSREG(ttbr1_el1, ttbr1);
    __asm__ volatile("isb" ::: "memory");
    tlbi_all();
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    __asm__ volatile("isb" ::: "memory");
}

__attribute__((unused)) static void mmu_off(void)
{
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~(SCTLR_M | SCTLR_C | SCTLR_I));
    __asm__ volatile("isb" ::: "memory");
}

/* Map one 4 KiB page of the test region (index = (va - TEST_VA) >> 12)
 * and invalidate its old translation. */
__attribute__((unused)) static void map_test(unsigned idx, uint64_t desc)
{
    pt_l3_test[idx] = desc;
    tlbi_va(TEST_VA + idx * 0x1000ull, 0);
}

/* ---- faults ------------------------------------------------------------ */

static volatile uint64_t f_esr, f_far, f_elr, f_count;
static volatile uint64_t f_log_esr[32], f_log_far[32];

extern char el0_return[];

/* Data aborts: skip the access. Instruction aborts: resume at x30 (the
 * tests branch with BLR). SVC #0xe1 from EL0: back to EL1 (run_el0). */
static ExcAction mmu_hook(ExcFrame *f, unsigned kind)
{
    unsigned ec = esr_ec(f->esr);
    if (kind == EXC_LOWER64_SYNC && ec == 0x15 && (f->esr & 0xffff) == 0xe1) {
        f->elr = (uint64_t)el0_return;
        f->spsr = 0x3c5;
        return EXC_ACT_RETURN;
    }
    f_esr = f->esr;
    f_far = f->far;
    f_elr = f->elr;
    f_log_esr[f_count & 31] = f->esr;
    f_log_far[f_count & 31] = f->far;
    f_count++;
    /* SPSR.BTYPE: QEMU's max implements FEAT_BTI, where an indirect branch
     * to a faulting target leaves the branch type in SPSR; not an MMU
     * matter, and the models differ: not printed (nor restored). */
    f->spsr &= ~0xc00ull;
    exc_print(f, kind);
    if (ec == 0x20 || ec == 0x21) {
        f->elr = f->x[30];
        return EXC_ACT_RETURN;
    }
    return EXC_ACT_SKIP;
}

/* uint64_t run_el0(fn, arg): ERET to fn at EL0t (SP_EL0, DAIF masked)
 * with x0 = arg; fn ends with SVC #0xe1, which mmu_hook turns into a
 * return here at EL1h. */
uint64_t run_el0(void *fn, uint64_t arg);
__asm__(
    ".text\n"
    ".global run_el0\n"
    "run_el0:\n"
    "    stp x29, x30, [sp, #-96]!\n"
    "    stp x19, x20, [sp, #16]\n"
    "    stp x21, x22, [sp, #32]\n"
    "    stp x23, x24, [sp, #48]\n"
    "    stp x25, x26, [sp, #64]\n"
    "    stp x27, x28, [sp, #80]\n"
    "    msr elr_el1, x0\n"
    "    mov x0, #0x3c0\n"
    "    msr spsr_el1, x0\n"
    "    mov x0, x1\n"
    "    eret\n"
    ".global el0_return\n"
    "el0_return:\n"
    "    ldp x19, x20, [sp, #16]\n"
    "    ldp x21, x22, [sp, #32]\n"
    "    ldp x23, x24, [sp, #48]\n"
    "    ldp x25, x26, [sp, #64]\n"
    "    ldp x27, x28, [sp, #80]\n"
    "    ldp x29, x30, [sp], #96\n"
    "    ret\n");

static inline void el0_exit(void)
{
    __asm__ volatile("svc #0xe1" ::: "memory");
}

/* Accesses that leave the default in place when they fault (skipped). */
static inline uint64_t ld64(uint64_t va)
{
    uint64_t v = 0xdeadull;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static inline void st64(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static inline uint64_t ldtr64(uint64_t va)
{
    uint64_t v = 0xdeadull;
    __asm__ volatile("ldtr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static inline void sttr64(uint64_t va, uint64_t v)
{
    __asm__ volatile("sttr %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

/* Expect the fault number k (counting from 0 at n) to have this ESR/FAR. */
__attribute__((unused)) static void expect_logged(const char *what, uint64_t n, unsigned k, uint64_t esr, uint64_t far)
{
    uint64_t i = (n + k) & 31;
    int ok = f_count > n + k && f_log_esr[i] == esr && f_log_far[i] == far;
    if (!ok) {
        printf("FAIL %s: ESR=0x%lx FAR=0x%lx; expected ESR=0x%lx FAR=0x%lx\n", what,
               (unsigned long)f_log_esr[i], (unsigned long)f_log_far[i], (unsigned long)esr,
               (unsigned long)far);
    } else {
        printf("PASS %s: ESR=0x%lx\n", what, (unsigned long)esr);
    }
    check_count(ok);
}

/* Expect exactly one fault since n with this ESR and FAR. */
__attribute__((unused)) static void expect_fault(const char *what, uint64_t n, uint64_t esr, uint64_t far)
{
    int ok = f_count == n + 1 && f_esr == esr && f_far == far;
    if (!ok) {
        printf("FAIL %s: %lu fault(s), ESR=0x%lx FAR=0x%lx; expected ESR=0x%lx FAR=0x%lx\n",
               what, (unsigned long)(f_count - n), (unsigned long)f_esr,
               (unsigned long)f_far, (unsigned long)esr, (unsigned long)far);
    } else {
        printf("PASS %s: ESR=0x%lx\n", what, (unsigned long)esr);
    }
    check_count(ok);
}

__attribute__((unused)) static void expect_no_fault(const char *what, uint64_t n)
{
    check_true(what, f_count == n);
}

#endif
