/* SPDX-License-Identifier: MIT */
/*
 * mmu_perm.c - stage-1 access permissions (DDI 0487 D8.4): the four AP[2:1]
 * values seen from EL0 and EL1, UXN/PXN, EL0 execution of EL1-only
 * memory, LDTR/STTR (EL0's permissions at EL1, PSTATE.UAO), PSTATE.PAN
 * (data accesses only; LDTR exempt; AT S1E1R vs AT S1E1RP), the
 * hierarchical APTable/UXNTable/PXNTable limits and TCR.HPD0. Features the
 * model lacks (PAN, PAN2, UAO, HPDS) are skipped after reading the ID
 * registers, so the same output is expected from QEMU for every -cpu.
 * ESR: EC 0x24 (lower EL) = 0x92000000, EC 0x25 = 0x96000000, EC 0x20 =
 * 0x82000000, EC 0x21 = 0x86000000 (with IL); DFSC 0x0f = permission L3.
 */
#include "mmu_util.h"

#define DABT_EL0 0x92000000ull
#define DABT_EL1 0x96000000ull
#define IABT_EL0 0x82000000ull
#define IABT_EL1 0x86000000ull
#define WNR (1ull << 6)
#define PERM3 0x0full

__asm__(
    ".section .text.mmu_code, \"ax\"\n"
    ".balign 4096\n"
    ".global code_page\n"
    "code_page:\n"
    "    mov x0, #0x5a\n"
    "    ret\n"
    ".balign 4096\n"
    ".text\n");
extern char code_page[];

static uint64_t data[4][512] __attribute__((aligned(4096)));
static uint64_t el0_out[512] __attribute__((aligned(4096)));

/* test VAs: page ap (0..3) with that AP; 8: EL0 output; 9: UXN code;
 * 10: EL1-only executable code; 11: PXN code */
#define VA_AP(ap) (TEST_VA + (uint64_t)(ap) * 0x1000)
#define VA_OUT (TEST_VA + 0x8000)
#define VA_UXN (TEST_VA + 0x9000)
#define VA_EL1X (TEST_VA + 0xa000)
#define VA_PXN (TEST_VA + 0xb000)
/* the hierarchical region: a second level-3 table under L2 index 2 */
#define VA_H (TEST_VA + 0x400000)
static PageTable pt_l3_h;

typedef uint64_t (*Fn)(void);

/* EL0: only registers, its stack and the test VAs (everything else is
 * EL1-only). Results go to VA_OUT; faulting accesses leave 0xdead. */
static void __attribute__((noinline)) el0_body(uint64_t unused)
{
    uint64_t *out = (uint64_t *)VA_OUT;
    for (unsigned ap = 0; ap < 4; ap++) {
        out[ap] = ld64(VA_AP(ap) + 8);
        st64(VA_AP(ap) + 16, 0x100 + ap);
    }
    out[4] = ((Fn)VA_UXN)();     /* UXN: instruction abort */
    out[5] = ((Fn)VA_EL1X)();    /* AP = 00, UXN = 0: EL0 may execute */
    out[6] = ((Fn)VA_PXN)();     /* PXN only: EL0 may execute */
    out[7] = ld64(VA_H + 0x3000 + 8);
    el0_exit();
}

static void map_pages(void)
{
    for (unsigned ap = 0; ap < 4; ap++) {
        for (unsigned i = 0; i < 4; i++) {
            data[ap][i] = 0x10 * ap + i;
        }
        map_test(ap, pa_of(data[ap]) | D_PAGE | NORMAL | D_AP(ap) | D_UXN | D_PXN);
    }
    map_test(8, pa_of(el0_out) | D_PAGE | NORMAL | D_AP(1) | D_UXN | D_PXN);
    map_test(9, pa_of(code_page) | D_PAGE | NORMAL | D_AP(3) | D_UXN);
    map_test(10, pa_of(code_page) | D_PAGE | NORMAL | D_AP(0));
    map_test(11, pa_of(code_page) | D_PAGE | NORMAL | D_AP(3) | D_PXN);
    /* hierarchical region: page 0..3 with AP = index, under pt_l3_h */
    for (unsigned ap = 0; ap < 4; ap++) {
        pt_l3_h[ap] = pa_of(data[ap]) | D_PAGE | NORMAL | D_AP(ap) | D_UXN | D_PXN;
    }
    pt_l3_h[4] = pa_of(code_page) | D_PAGE | NORMAL | D_AP(2);
    pt_l2_test[2] = pa_of(pt_l3_h) | D_TABLE;
    tlbi_all();
}

static void test_el0(void)
{
    uint64_t n = f_count;
    for (unsigned i = 0; i < 8; i++) {
        el0_out[i] = 0;
    }
    run_el0((void *)el0_body, 0);
    /* AP 00: no EL0 access; 01: RW; 10: none; 11: read-only */
    check_eq("EL0 read AP=00", el0_out[0], 0xdead);
    check_eq("EL0 read AP=01", el0_out[1], 0x11);
    check_eq("EL0 read AP=10", el0_out[2], 0xdead);
    check_eq("EL0 read AP=11", el0_out[3], 0x31);
    check_eq("EL0 write AP=01 landed", data[1][2], 0x101);
    check_eq("EL0 write AP=11 did not", data[3][2], 0x32);
    expect_logged("EL0 read AP=00 fault", n, 0, DABT_EL0 | PERM3, VA_AP(0) + 8);
    expect_logged("EL0 write AP=00 fault", n, 1, DABT_EL0 | WNR | PERM3, VA_AP(0) + 16);
    expect_logged("EL0 read AP=10 fault", n, 2, DABT_EL0 | PERM3, VA_AP(2) + 8);
    expect_logged("EL0 write AP=10 fault", n, 3, DABT_EL0 | WNR | PERM3, VA_AP(2) + 16);
    expect_logged("EL0 write AP=11 fault", n, 4, DABT_EL0 | WNR | PERM3, VA_AP(3) + 16);
    expect_logged("EL0 exec UXN fault", n, 5, IABT_EL0 | PERM3, VA_UXN);
    check_eq("EL0 exec of EL1-only memory", el0_out[5], 0x5a);
    check_eq("EL0 exec of PXN memory", el0_out[6], 0x5a);
    check_eq("EL0 read AP=11 below a plain table", el0_out[7], 0x31);
    check_eq("EL0 fault count", f_count - n, 6);
}

static void test_el1(void)
{
    uint64_t n = f_count;
    /* EL1: all readable, AP 1x read-only */
    check_eq("EL1 read AP=01", ld64(VA_AP(1)), 0x10);
    st64(VA_AP(2) + 24, 7);
    expect_fault("EL1 write AP=10", n, DABT_EL1 | WNR | PERM3, VA_AP(2) + 24);
    /* UXN code is executable at EL1, PXN code is not */
    n = f_count;
    check_eq("EL1 exec UXN page", ((Fn)VA_UXN)(), 0x5a);
    ((Fn)VA_PXN)();
    expect_fault("EL1 exec PXN page", n, IABT_EL1 | PERM3, VA_PXN);
    /* LDTR/STTR: EL0's permissions */
    n = f_count;
    check_eq("LDTR AP=01", ldtr64(VA_AP(1)), 0x10);
    ldtr64(VA_AP(0));
    expect_fault("LDTR AP=00", n, DABT_EL1 | PERM3, VA_AP(0));
    n = f_count;
    sttr64(VA_AP(3) + 8, 1);
    expect_fault("STTR AP=11", n, DABT_EL1 | WNR | PERM3, VA_AP(3) + 8);
    /* PSTATE.UAO: LDTR/STTR at EL1 use EL1's permissions */
    if ((READ_SYSREG(id_aa64mmfr2_el1) >> 4) & 0xf) {
        __asm__ volatile("msr uao, #1" ::: "memory");
        n = f_count;
        check_eq("LDTR AP=00 with UAO", ldtr64(VA_AP(0)), 0x00);
        expect_no_fault("UAO", n);
        __asm__ volatile("msr uao, #0" ::: "memory");
    }
}

static uint64_t at_s1e1r(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0; isb" : : "r"(va) : "memory");
    return READ_SYSREG(par_el1);
}

static void test_pan(void)
{
    unsigned pan = (READ_SYSREG(id_aa64mmfr1_el1) >> 20) & 0xf;
    if (pan == 0) {
        printf("PAN not implemented: skipped\n");
        return;
    }
    __asm__ volatile("msr pan, #1; isb" ::: "memory");
    uint64_t n = f_count;
    /* data accesses to EL0-accessible pages fault; EL1-only pages do not */
    check_eq("PAN read AP=00", ld64(VA_AP(0) + 8), 0x01);
    check_eq("PAN read AP=10", ld64(VA_AP(2) + 8), 0x21);
    expect_no_fault("PAN on EL1-only pages", n);
    ld64(VA_AP(1));
    expect_fault("PAN read AP=01", n, DABT_EL1 | PERM3, VA_AP(1));
    n = f_count;
    ld64(VA_AP(3));
    expect_fault("PAN read AP=11", n, DABT_EL1 | PERM3, VA_AP(3));
    n = f_count;
    st64(VA_AP(1) + 8, 3);
    expect_fault("PAN write AP=01", n, DABT_EL1 | WNR | PERM3, VA_AP(1) + 8);
    /* LDTR is an EL0 access: PAN does not apply */
    n = f_count;
    check_eq("PAN LDTR AP=01", ldtr64(VA_AP(1)), 0x10);
    /* instruction fetches are not affected (AP = 11, PXN = 0) */
    check_eq("PAN exec AP=11 page", ((Fn)VA_UXN)(), 0x5a);
    /* AT S1E1R ignores PAN */
    check_eq("PAN AT S1E1R", at_s1e1r(VA_AP(1)) & 1, 0);
    expect_no_fault("PAN exemptions", n);
    if (pan >= 2) {
        __asm__ volatile("at s1e1rp, %0; isb" : : "r"(VA_AP(1)) : "memory");
        check_eq("PAN AT S1E1RP PAR", READ_SYSREG(par_el1), 0x800 | PERM3 << 1 | 1);
        __asm__ volatile("at s1e1rp, %0; isb" : : "r"(VA_AP(0)) : "memory");
        check_eq("PAN AT S1E1RP EL1-only", READ_SYSREG(par_el1) & 1, 0);
    }
    __asm__ volatile("msr pan, #0; isb" ::: "memory");
    n = f_count;
    check_eq("PAN off: read AP=11", ld64(VA_AP(3) + 8), 0x31);
    expect_no_fault("PAN off", n);
}

/* Hierarchical limits on the level-2 descriptor of VA_H (D8.4.1). */
static void set_h_table(uint64_t bits)
{
    pt_l2_test[2] = pa_of(pt_l3_h) | D_TABLE | bits;
    tlbi_all();
}

static void el0_h_body(uint64_t unused)
{
    uint64_t *out = (uint64_t *)VA_OUT;
    out[0] = ld64(VA_H + 0x3000 + 8);         /* AP = 11 */
    out[1] = ((Fn)(VA_H + 0x4000))();          /* code, AP = 10 */
    el0_exit();
}

static void test_hierarchical(void)
{
    uint64_t n = f_count;
    /* APTable[0]: no EL0 access below (AP[1] treated as 0) */
    set_h_table(T_AP0);
    el0_out[0] = 0;
    run_el0((void *)el0_h_body, 0);
    check_eq("APTable[0]: EL0 read", el0_out[0], 0xdead);
    expect_logged("APTable[0] fault", n, 0, DABT_EL0 | PERM3, VA_H + 0x3008);
    check_eq("APTable[0]: EL0 exec unaffected", el0_out[1], 0x5a);
    /* EL1's permissions are unchanged (AP = 01 is EL1 RW) */
    n = f_count;
    st64(VA_H + 0x1000 + 8, 0x99);
    check_eq("APTable[0]: EL1 write AP=01", data[1][1], 0x99);
    /* APTable[1]: read-only below */
    set_h_table(T_AP1);
    n = f_count;
    st64(VA_H + 0x0000 + 8, 1);
    expect_fault("APTable[1]: EL1 write AP=00", n, DABT_EL1 | WNR | PERM3, VA_H + 8);
    check_eq("APTable[1]: EL1 read", ld64(VA_H + 0x0000 + 8), 0x01);
    /* UXNTable / PXNTable */
    set_h_table(T_UXN);
    n = f_count;
    run_el0((void *)el0_h_body, 0);
    expect_logged("UXNTable: EL0 exec", n, 0, IABT_EL0 | PERM3, VA_H + 0x4000);
    check_eq("UXNTable: EL1 exec", ((Fn)(VA_H + 0x4000))(), 0x5a);
    set_h_table(T_PXN);
    n = f_count;
    ((Fn)(VA_H + 0x4000))();
    expect_fault("PXNTable: EL1 exec", n, IABT_EL1 | PERM3, VA_H + 0x4000);
    /* TCR.HPD0 (FEAT_HPDS): the limits are ignored */
    if ((READ_SYSREG(id_aa64mmfr1_el1) >> 12) & 0xf) {
        WRITE_SYSREG(tcr_el1, TCR_4K_32 | 1ull << 41);
        tlbi_all();
        n = f_count;
        check_eq("HPD0: PXNTable ignored", ((Fn)(VA_H + 0x4000))(), 0x5a);
        expect_no_fault("HPD0", n);
        WRITE_SYSREG(tcr_el1, TCR_4K_32);
        tlbi_all();
    }
    set_h_table(0);
}

int main(void)
{
    exc_set_hook(mmu_hook);
    build_identity();
    map_pages();
    mmu_on(TCR_4K_32, pa_of(pt_l1), 0);
    test_el0();
    test_el1();
    test_pan();
    test_hierarchical();
    mmu_off();
    return 0;
}
