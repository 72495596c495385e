/* SPDX-License-Identifier: MIT */
/*
 * mmu_asid.c - ASID-tagged translations (DDI 0487 D8.14, D8.15): two
 * address spaces A and B share the global identity map but map the test
 * VA (non-global) to different pages. Switching TTBR0_EL1 (or, with
 * TCR_EL1.A1, TTBR1_EL1) between them needs no TLB maintenance because
 * the ASIDs differ; TLBI ASIDE1 / VAE1 / VAAE1 invalidate one address
 * space's entries while the other is current; 16-bit ASIDs (TCR_EL1.AS)
 * keep 0x0101 and 0x0201 apart. Every result is architecturally defined,
 * so QEMU (which flushes its TLB on an ASID change) and a64emu (which
 * keeps entries tagged) must print the same.
 */
#include "mmu_util.h"

static PageTable pt_l1_b, pt_l2_test_b, pt_l3_test_b;
static uint64_t data[4][512] __attribute__((aligned(4096)));

#define ASID(a) ((uint64_t)(a) << 48)
#define TCR_AS (1ull << 36)
#define TCR_A1 (1ull << 22)

static void set_ttbr0(uint64_t v)
{
    WRITE_SYSREG(ttbr0_el1, v);
    __asm__ volatile("isb" ::: "memory");
}

static void set_ttbrs(uint64_t t0, uint64_t t1)
{
    WRITE_SYSREG(ttbr0_el1, t0);
    WRITE_SYSREG(ttbr1_el1, t1);
    __asm__ volatile("isb" ::: "memory");
}

static void tlbi(const char *op, uint64_t x)
{
    __asm__ volatile("dsb ishst" ::: "memory");
    if (op[0] == 'a') {
        __asm__ volatile("tlbi aside1, %0" : : "r"(x) : "memory");
    } else if (op[2] == 'a') {
        __asm__ volatile("tlbi vaae1is, %0" : : "r"(x) : "memory");
    } else {
        __asm__ volatile("tlbi vale1is, %0" : : "r"(x) : "memory");
    }
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

int main(void)
{
    exc_set_hook(mmu_hook);
    for (unsigned i = 0; i < 4; i++) {
        data[i][0] = 0xa0 + 0x10 * i;
    }
    build_identity();
    memcpy(pt_l1_b, pt_l1, sizeof(pt_l1));
    pt_l1_b[2] = pa_of(pt_l2_test_b) | D_TABLE;
    pt_l2_test_b[0] = pa_of(pt_l3_test_b) | D_TABLE;
    pt_l3_test[0] = pa_of(data[0]) | D_PAGE | NORMAL | D_NG | D_UXN | D_PXN;
    pt_l3_test_b[0] = pa_of(data[1]) | D_PAGE | NORMAL | D_NG | D_UXN | D_PXN;
    barrier_tables();
    uint64_t ta = pa_of(pt_l1), tb = pa_of(pt_l1_b);
    uint64_t n = f_count;

    mmu_on(TCR_4K_32, ta | ASID(1), 0);
    check_eq("ASID 1 sees A", ld64(TEST_VA), 0xa0);
    set_ttbr0(tb | ASID(2));
    check_eq("ASID 2 sees B", ld64(TEST_VA), 0xb0);
    for (unsigned i = 0; i < 3; i++) {
        set_ttbr0(ta | ASID(1));
        check_eq("switch back to A", ld64(TEST_VA), 0xa0);
        set_ttbr0(tb | ASID(2));
        check_eq("switch back to B", ld64(TEST_VA), 0xb0);
    }

    /* remap A while B is current; TLBI ASIDE1 for A's ASID */
    pt_l3_test[0] = pa_of(data[2]) | D_PAGE | NORMAL | D_NG | D_UXN | D_PXN;
    tlbi("aside1", ASID(1));
    check_eq("B unaffected by A's TLBI", ld64(TEST_VA), 0xb0);
    set_ttbr0(ta | ASID(1));
    check_eq("A after TLBI ASIDE1", ld64(TEST_VA), 0xc0);
    /* remap B while A is current; TLBI VALE1IS with B's ASID */
    pt_l3_test_b[0] = pa_of(data[3]) | D_PAGE | NORMAL | D_NG | D_UXN | D_PXN;
    tlbi("vale1is", ASID(2) | TEST_VA >> 12);
    check_eq("A unaffected by B's TLBI", ld64(TEST_VA), 0xc0);
    set_ttbr0(tb | ASID(2));
    check_eq("B after TLBI VALE1IS", ld64(TEST_VA), 0xd0);
    /* remap A from B; TLBI VAAE1IS (every ASID) */
    pt_l3_test[0] = pa_of(data[0]) | D_PAGE | NORMAL | D_NG | D_UXN | D_PXN;
    tlbi("vaae1is", TEST_VA >> 12);
    set_ttbr0(ta | ASID(1));
    check_eq("A after TLBI VAAE1IS", ld64(TEST_VA), 0xa0);

    /* 16-bit ASIDs: 0x0101 and 0x0201 are different address spaces */
    WRITE_SYSREG(tcr_el1, TCR_4K_32 | TCR_AS);
    tlbi_all();
    for (unsigned i = 0; i < 2; i++) {
        set_ttbr0(ta | ASID(0x0101));
        check_eq("16-bit ASID 0x0101", ld64(TEST_VA), 0xa0);
        set_ttbr0(tb | ASID(0x0201));
        check_eq("16-bit ASID 0x0201", ld64(TEST_VA), 0xd0);
    }

    /* TCR_EL1.A1: the ASID comes from TTBR1_EL1 */
    WRITE_SYSREG(tcr_el1, TCR_4K_32 | TCR_AS | TCR_A1);
    tlbi_all();
    for (unsigned i = 0; i < 2; i++) {
        set_ttbrs(ta, ASID(0x0301));
        check_eq("A1: A with ASID 0x0301", ld64(TEST_VA), 0xa0);
        set_ttbrs(tb, ASID(0x0302));
        check_eq("A1: B with ASID 0x0302", ld64(TEST_VA), 0xd0);
    }
    expect_no_fault("no faults", n);

    /* unmapping in the current address space */
    pt_l3_test_b[0] = 0;
    tlbi("vale1is", ASID(0x0302) | TEST_VA >> 12);
    ld64(TEST_VA + 8);
    expect_fault("B unmapped", n, 0x96000007, TEST_VA + 8);
    set_ttbrs(ta, ASID(0x0301));
    check_eq("A still mapped", ld64(TEST_VA), 0xa0);
    mmu_off();
    return 0;
}
