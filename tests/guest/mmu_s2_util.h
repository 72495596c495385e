/* SPDX-License-Identifier: MIT */
/*
 * mmu_s2_util.h - a minimal hypervisor for the mmu_s2_* guest tests (run
 * with -M virt,virtualization=on, so main() starts at EL2): stage-2 tables
 * (DDI 0487 D8, stage 2 descriptors) with the 4 KiB granule and a 4 GiB
 * IPA space starting at level 1 (VTCR_EL2.T0SZ = 32, SL0 = 1), an EL2
 * vector table that logs stage-2 aborts from EL1 (ESR_EL2, FAR_EL2,
 * HPFAR_EL2) and skips the access, and s2_run() that ERETs to a function
 * at EL1 which returns to EL2 with HVC #0.
 *
 * IPA map (identity unless a test changes it): the UART as a 2 MiB Device
 * block, the first 2 MiB of RAM as pages (s2_l3_ram), the rest of the
 * first 128 MiB of RAM as 2 MiB blocks, and a test region at IPA
 * 0x8000_0000 with one level-3 table (s2_l3_test) the tests fill.
 */
#ifndef A64EMU_GUEST_MMU_S2_UTIL_H
#define A64EMU_GUEST_MMU_S2_UTIL_H

#include "rt.h"

/* rt: stay at the boot EL (EL2) instead of dropping to EL1 */
const int rt_keep_boot_el = 1;

#define S2_TABLE 3ull
#define S2_PAGE 3ull
#define S2_BLOCK 1ull
#define S2_ATTR(x) ((uint64_t)(x) << 2)   /* MemAttr[3:0] */
#define S2_AP(x) ((uint64_t)(x) << 6)     /* S2AP: bit 0 read, bit 1 write */
#define S2_SH(x) ((uint64_t)(x) << 8)
#define S2_AF (1ull << 10)
#define S2_XN (1ull << 54)
#define S2_NORMAL (S2_AF | S2_ATTR(0xf) | S2_SH(3))
#define S2_DEVICE (S2_AF | S2_ATTR(0x1) | S2_XN)

/* VTCR_EL2: T0SZ 32, SL0 1 (start at level 1), WB walks, Inner
 * Shareable, 4K granule, PS 40 bits, bit 31 RES1. */
#define VTCR_4K_32 (32ull | 1ull << 6 | 1ull << 8 | 1ull << 10 | 3ull << 12 | 2ull << 16 | \
                    1ull << 31)
#define HCR_VM (1ull << 0)
#define HCR_PTW (1ull << 2)
#define HCR_RW (1ull << 31)

#define RAM_PA 0x40000000ull
#define UART_PA 0x09000000ull
#define TEST_IPA 0x80000000ull
#define S2_DONE_VA 0xdead0000ull   /* unmapped at stage 2: "EL0 done" */

typedef uint64_t S2Table[512] __attribute__((aligned(4096)));

/* One set of stage-2 tables (a VM). */
typedef struct S2Tables {
    S2Table l1, l2_dev, l2_ram, l3_ram, l2_test, l3_test;
} S2Tables;

static inline uint64_t s2_pa(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static void s2_build(S2Tables *t)
{
    memset(t, 0, sizeof(*t));
    t->l1[0] = s2_pa(t->l2_dev) | S2_TABLE;
    t->l2_dev[UART_PA >> 21] = UART_PA | S2_BLOCK | S2_DEVICE | S2_AP(3);
    t->l1[1] = s2_pa(t->l2_ram) | S2_TABLE;
    t->l2_ram[0] = s2_pa(t->l3_ram) | S2_TABLE;
    for (unsigned i = 0; i < 512; i++) {
        t->l3_ram[i] = (RAM_PA + i * 0x1000ull) | S2_PAGE | S2_NORMAL | S2_AP(3);
    }
    for (unsigned i = 1; i < 64; i++) {
        t->l2_ram[i] = (RAM_PA + i * 0x200000ull) | S2_BLOCK | S2_NORMAL | S2_AP(3);
    }
    t->l1[2] = s2_pa(t->l2_test) | S2_TABLE;
    t->l2_test[0] = s2_pa(t->l3_test) | S2_TABLE;
    __asm__ volatile("dsb ish" ::: "memory");
}

static inline void s2_tlbi_all(void)
{
    __asm__ volatile("dsb ishst; tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
}

/* Enter VM vmid with tables t (HCR_EL2.VM on, EL1 in AArch64). */
static void s2_enable(S2Tables *t, unsigned vmid, uint64_t hcr_extra)
{
    WRITE_SYSREG(vtcr_el2, VTCR_4K_32);
    WRITE_SYSREG(vttbr_el2, s2_pa(t->l1) | (uint64_t)vmid << 48);
    __asm__ volatile("isb" ::: "memory");
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM | hcr_extra);
    __asm__ volatile("isb" ::: "memory");
}

/* ---- the EL2 side ------------------------------------------------------ */

typedef struct S2Frame {
    uint64_t x[31];
    uint64_t elr, spsr;
} S2Frame;

typedef struct S2Log {
    uint64_t esr, far, hpfar;
} S2Log;

static volatile S2Log s2_log[64];
static volatile unsigned s2_nlog;
static volatile uint64_t s2_guest_x0;   /* x0 of the guest at its HVC */
uint64_t s2_host_sp;                    /* used by the assembly below */

/* Called from the vectors: 0 = ERET with the frame, 1 = back to s2_run's
 * caller (HVC from EL1, SVC from EL0). Aborts from EL1/EL0, and data
 * aborts at EL2 itself, are logged; data aborts skip the access,
 * instruction aborts resume at x30 (the tests branch with BLR). */
int s2_handler(unsigned kind, S2Frame *f)
{
    uint64_t esr = READ_SYSREG(esr_el2);
    unsigned ec = esr_ec(esr);
    if (kind == EXC_CUR_SPX_SYNC && ec == 0x25) {
        if (s2_nlog < 64) {
            volatile S2Log *l = &s2_log[s2_nlog++];
            l->esr = esr;
            l->far = READ_SYSREG(far_el2);
            l->hpfar = 0;   /* not a stage-2 fault: UNKNOWN */
        }
        f->elr += 4;
        return 0;
    }
    if (kind == EXC_LOWER64_SYNC) {
        if (ec == 0x16 || ec == 0x15) {
            s2_guest_x0 = f->x[0];
            return 1;
        }
        if (ec == 0x24 && READ_SYSREG(far_el2) == S2_DONE_VA) {
            /* EL0 in a VM (no HVC there) ends by touching S2_DONE_VA */
            s2_guest_x0 = f->x[0];
            return 1;
        }
        if (ec == 0x24 || ec == 0x20) {
            if (s2_nlog < 64) {
                volatile S2Log *l = &s2_log[s2_nlog++];
                l->esr = esr;
                l->far = READ_SYSREG(far_el2);
                l->hpfar = READ_SYSREG(hpfar_el2);
            }
            f->elr = ec == 0x24 ? f->elr + 4 : f->x[30];
            return 0;
        }
    }
    printf("FAIL: unexpected EL2 exception kind %u ESR %llx ELR %llx FAR %llx\n", kind,
           (unsigned long long)esr, (unsigned long long)f->elr,
           (unsigned long long)READ_SYSREG(far_el2));
    rt_exit(1);
}

__asm__(
    "    .text\n"
    "    .balign 2048\n"
    "s2_vectors:\n"
    "    .irp idx, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
    "    .balign 0x80\n"
    "    sub sp, sp, #272\n"
    "    stp x0, x1, [sp]\n"
    "    mov x0, #\\idx\n"
    "    b s2_common\n"
    "    .endr\n"
    "s2_common:\n"
    "    stp x2, x3, [sp, #16]\n"
    "    stp x4, x5, [sp, #32]\n"
    "    stp x6, x7, [sp, #48]\n"
    "    stp x8, x9, [sp, #64]\n"
    "    stp x10, x11, [sp, #80]\n"
    "    stp x12, x13, [sp, #96]\n"
    "    stp x14, x15, [sp, #112]\n"
    "    stp x16, x17, [sp, #128]\n"
    "    stp x18, x19, [sp, #144]\n"
    "    stp x20, x21, [sp, #160]\n"
    "    stp x22, x23, [sp, #176]\n"
    "    stp x24, x25, [sp, #192]\n"
    "    stp x26, x27, [sp, #208]\n"
    "    stp x28, x29, [sp, #224]\n"
    "    str x30, [sp, #240]\n"
    "    mrs x2, elr_el2\n"
    "    mrs x3, spsr_el2\n"
    "    stp x2, x3, [sp, #248]\n"
    "    mov x1, sp\n"
    "    bl s2_handler\n"
    "    cbnz w0, 1f\n"
    "    ldp x2, x3, [sp, #248]\n"
    "    msr elr_el2, x2\n"
    "    msr spsr_el2, x3\n"
    "    ldp x2, x3, [sp, #16]\n"
    "    ldp x4, x5, [sp, #32]\n"
    "    ldp x6, x7, [sp, #48]\n"
    "    ldp x8, x9, [sp, #64]\n"
    "    ldp x10, x11, [sp, #80]\n"
    "    ldp x12, x13, [sp, #96]\n"
    "    ldp x14, x15, [sp, #112]\n"
    "    ldp x16, x17, [sp, #128]\n"
    "    ldp x18, x19, [sp, #144]\n"
    "    ldp x20, x21, [sp, #160]\n"
    "    ldp x22, x23, [sp, #176]\n"
    "    ldp x24, x25, [sp, #192]\n"
    "    ldp x26, x27, [sp, #208]\n"
    "    ldp x28, x29, [sp, #224]\n"
    "    ldr x30, [sp, #240]\n"
    "    ldp x0, x1, [sp]\n"
    "    add sp, sp, #272\n"
    "    eret\n"
    "1:  adrp x2, s2_host_sp\n"
    "    ldr x2, [x2, :lo12:s2_host_sp]\n"
    "    mov sp, x2\n"
    "    ldp x19, x20, [sp, #16]\n"
    "    ldp x21, x22, [sp, #32]\n"
    "    ldp x23, x24, [sp, #48]\n"
    "    ldp x25, x26, [sp, #64]\n"
    "    ldp x27, x28, [sp, #80]\n"
    "    ldp x29, x30, [sp], #96\n"
    "    ret\n"
    /* s2_enter(fn, sp, arg, spsr): ERET to s2_tramp (EL1: sp is SP_EL1,
     * back with HVC) or s2_tramp0 (EL0: SP_EL0, back with SVC) */
    "    .global s2_enter\n"
    "s2_enter:\n"
    "    stp x29, x30, [sp, #-96]!\n"
    "    stp x19, x20, [sp, #16]\n"
    "    stp x21, x22, [sp, #32]\n"
    "    stp x23, x24, [sp, #48]\n"
    "    stp x25, x26, [sp, #64]\n"
    "    stp x27, x28, [sp, #80]\n"
    "    mov x6, sp\n"
    "    adrp x4, s2_host_sp\n"
    "    str x6, [x4, :lo12:s2_host_sp]\n"
    "    and x5, x3, #0xc\n"
    "    cbnz x5, 2f\n"
    "    msr sp_el0, x1\n"
    "    adr x4, s2_tramp0\n"
    "    b 3f\n"
    "2:  msr sp_el1, x1\n"
    "    adr x4, s2_tramp\n"
    "3:  msr elr_el2, x4\n"
    "    msr spsr_el2, x3\n"
    "    mov x1, x0\n"
    "    mov x0, x2\n"
    "    eret\n"
    "s2_tramp:\n"
    "    blr x1\n"
    "    hvc #0\n"
    "    b .\n"
    /* EL0 (with HCR_EL2.TGE, SVC goes to EL2) */
    "s2_tramp0:\n"
    "    blr x1\n"
    "    svc #0\n"
    "    b .\n"
    "    .global s2_vectors\n");

extern char s2_vectors[];
void s2_enter(uint64_t (*fn)(uint64_t), uint64_t sp, uint64_t arg, uint64_t spsr);

static uint8_t s2_guest_stack[16384] __attribute__((aligned(16)));

/* Run fn(arg) at EL1 (under whatever HCR_EL2/VTTBR_EL2 are set) until it
 * returns; its return value (x0 at the HVC) is the result. */
static uint64_t s2_run_at(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t spsr)
{
    WRITE_SYSREG(vbar_el2, (uint64_t)(uintptr_t)s2_vectors);
    __asm__ volatile("isb" ::: "memory");
    s2_enter(fn, (uint64_t)(uintptr_t)(s2_guest_stack + sizeof(s2_guest_stack)), arg, spsr);
    return s2_guest_x0;
}

/* EL1h with D, A, I, F masked */
static inline uint64_t s2_run(uint64_t (*fn)(uint64_t), uint64_t arg)
{
    return s2_run_at(fn, arg, 0x3c5);
}

/* Print and clear the abort log. */
static void s2_print_log(const char *what)
{
    for (unsigned i = 0; i < s2_nlog; i++) {
        printf("%s[%u]: ESR_EL2=%llx FAR_EL2=%llx HPFAR_EL2=%llx\n", what, i,
               (unsigned long long)s2_log[i].esr, (unsigned long long)s2_log[i].far,
               (unsigned long long)s2_log[i].hpfar);
    }
    s2_nlog = 0;
}

static int s2_check_el2(void)
{
    unsigned el = (unsigned)(READ_SYSREG(CurrentEL) >> 2) & 3;
    if (el != 2) {
        printf("FAIL: main runs at EL%u, not EL2 (needs virtualization=on)\n", el);
        return 0;
    }
    WRITE_SYSREG(vbar_el2, (uint64_t)(uintptr_t)s2_vectors);
    __asm__ volatile("isb" ::: "memory");
    return 1;
}

#endif
