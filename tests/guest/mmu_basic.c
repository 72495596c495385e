/* SPDX-License-Identifier: MIT */
/*
 * mmu_basic.c - the stage-1 MMU at EL1 with the 4 KiB granule (DDI 0487
 * D8): turning it on with an identity map, aliases, a 2 MiB block, data
 * aborts for translation faults at levels 0/1/3, a permission fault, an
 * access flag fault and an address size fault (ESR, FAR), instruction
 * aborts (PXN, no translation), a remapped code page running the new code
 * after TLBI, AT S1E1R/S1E1W/S1E0R into PAR_EL1, TBI, DC ZVA through an
 * alias, and turning the MMU off again. Expected syndromes are derived
 * from D17.2.37/D17.2.40 (EC 0x25 | IL = 0x96000000 plus DFSC/WnR).
 */
#include "mmu_util.h"

#define ESR_DABT 0x96000000ull   /* EC 0x25, IL */
#define ESR_IABT 0x86000000ull   /* EC 0x21, IL */
#define WNR (1ull << 6)

/* Two code pages with a function at the same offset (page aligned). */
__asm__(
    ".section .text.mmu_code, \"ax\"\n"
    ".balign 4096\n"
    ".global code_page_a\n"
    "code_page_a:\n"
    "    mov x0, #0xa1\n"
    "    ret\n"
    ".balign 4096\n"
    ".global code_page_b\n"
    "code_page_b:\n"
    "    mov x0, #0xb2\n"
    "    ret\n"
    ".balign 4096\n"
    ".text\n");
extern char code_page_a[], code_page_b[];

/* Data pages for the aliases (in the identity-mapped first 2 MiB). */
static uint64_t data_a[512] __attribute__((aligned(4096)));
static uint64_t data_b[512] __attribute__((aligned(4096)));

typedef uint64_t (*Fn)(void);

static uint64_t call_va(uint64_t va)
{
    return ((Fn)(uintptr_t)va)();
}

static void test_aliases(void)
{
    uint64_t n = f_count;
    data_a[3] = 0x1111;
    data_b[3] = 0x2222;
    map_test(0, pa_of(data_a) | D_PAGE | NORMAL | D_UXN);
    map_test(1, pa_of(data_b) | D_PAGE | NORMAL | D_UXN);
    check_eq("alias read page 0", ld64(TEST_VA + 24), 0x1111);
    check_eq("alias read page 1", ld64(TEST_VA + 0x1000 + 24), 0x2222);
    st64(TEST_VA + 0x1000 + 32, 0x3333);
    check_eq("alias write seen at PA", data_b[4], 0x3333);
    /* remap page 0 to data_b: after TLBI the new mapping is used */
    map_test(0, pa_of(data_b) | D_PAGE | NORMAL | D_UXN);
    check_eq("remapped read", ld64(TEST_VA + 24), 0x2222);
    /* a 2 MiB block at level 2 (VA 0x8020_0000 -> PA 0x4020_0000) */
    pt_l2_test[1] = (RAM_PA + 0x200000) | D_BLOCK | NORMAL | D_UXN;
    tlbi_va(TEST_VA + 0x200000, 0);
    st64(TEST_VA + 0x200000 + 0x1f0008, 0x4444);
    check_eq("block alias", ld64(RAM_PA + 0x200000 + 0x1f0008), 0x4444);
    expect_no_fault("no faults on valid mappings", n);
}

static void test_data_aborts(void)
{
    uint64_t n;
    /* level 3: no page */
    n = f_count;
    check_eq("unmapped page reads default", ld64(TEST_VA + 0x5000), 0xdead);
    expect_fault("translation fault L3", n, ESR_DABT | 0x07, TEST_VA + 0x5000);
    /* level 1: VA 0xc000_0000 has no level-1 entry */
    n = f_count;
    ld64(0xc0000010);
    expect_fault("translation fault L1", n, ESR_DABT | 0x05, 0xc0000010);
    /* level 0: outside the 4 GiB range of T0SZ = 32 */
    n = f_count;
    st64(0x100000000ull, 1);
    expect_fault("translation fault L0 (write)", n, ESR_DABT | WNR | 0x04, 0x100000000ull);
    /* permission: write to a read-only page */
    map_test(6, pa_of(data_a) | D_PAGE | NORMAL | D_AP(2) | D_UXN);
    n = f_count;
    check_eq("read-only page readable", ld64(TEST_VA + 0x6000 + 24), data_a[3]);
    st64(TEST_VA + 0x6000 + 8, 5);
    expect_fault("permission fault L3 (write)", n, ESR_DABT | WNR | 0x0f, TEST_VA + 0x6008);
    /* access flag */
    map_test(7, pa_of(data_a) | D_PAGE | D_ATTR(1) | D_SH(3) | D_UXN);
    n = f_count;
    ld64(TEST_VA + 0x7010);
    expect_fault("access flag fault L3", n, ESR_DABT | 0x0b, TEST_VA + 0x7010);
    /* address size: output address bit 41 with IPS = 40 bits */
    map_test(8, (1ull << 41) | D_PAGE | NORMAL | D_UXN);
    n = f_count;
    ld64(TEST_VA + 0x8000);
    expect_fault("address size fault L3", n, ESR_DABT | 0x03, TEST_VA + 0x8000);
    /* a level-2 table descriptor pointing at unassigned physical memory:
     * synchronous external abort on the level-3 walk (DFSC 0b010111) */
    pt_l2_test[3] = 0x0b000000 | D_TABLE;
    tlbi_all();
    n = f_count;
    ld64(TEST_VA + 0x600000);
    expect_fault("external abort on the walk", n, ESR_DABT | 0x17, TEST_VA + 0x600000);
    __asm__ volatile("at s1e1r, %0; isb" : : "r"(TEST_VA + 0x600000) : "memory");
    check_eq("AT with an external abort on the walk: taken, not in PAR",
             f_count - n, 2);
    pt_l2_test[3] = 0;
    tlbi_all();
    /* the invalid level-3 "block" encoding */
    map_test(9, pa_of(data_a) | D_BLOCK | NORMAL);
    n = f_count;
    ld64(TEST_VA + 0x9000);
    expect_fault("reserved L3 encoding", n, ESR_DABT | 0x07, TEST_VA + 0x9000);
}

static void test_code(void)
{
    uint64_t n = f_count;
    /* EL1 code read-only, executable, at an alias */
    map_test(16, pa_of(code_page_a) | D_PAGE | NORMAL | D_AP(2) | D_UXN);
    check_eq("code alias runs page a", call_va(TEST_VA + 0x10000), 0xa1);
    /* remap the same VA to the other code page: the new code must run */
    map_test(16, pa_of(code_page_b) | D_PAGE | NORMAL | D_AP(2) | D_UXN);
    check_eq("remapped code runs page b", call_va(TEST_VA + 0x10000), 0xb2);
    map_test(16, pa_of(code_page_a) | D_PAGE | NORMAL | D_AP(2) | D_UXN);
    check_eq("and back to page a", call_va(TEST_VA + 0x10000), 0xa1);
    expect_no_fault("code aliases", n);
    /* PXN: instruction abort, permission, level 3; FAR = ELR = the target */
    map_test(17, pa_of(code_page_a) | D_PAGE | NORMAL | D_AP(2) | D_PXN);
    n = f_count;
    call_va(TEST_VA + 0x11000);
    expect_fault("PXN instruction abort", n, ESR_IABT | 0x0f, TEST_VA + 0x11000);
    check_eq("PXN abort ELR", f_elr, TEST_VA + 0x11000);
    /* no translation */
    n = f_count;
    call_va(TEST_VA + 0x14000);
    expect_fault("instruction translation fault", n, ESR_IABT | 0x07, TEST_VA + 0x14000);
    /* EL1 never executes EL0-writable memory (AP = 01) */
    map_test(18, pa_of(code_page_a) | D_PAGE | NORMAL | D_AP(1));
    n = f_count;
    call_va(TEST_VA + 0x12000);
    expect_fault("EL0-writable code at EL1", n, ESR_IABT | 0x0f, TEST_VA + 0x12000);
}

static uint64_t at_s1e1r(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0; isb" : : "r"(va) : "memory");
    return READ_SYSREG(par_el1);
}

static uint64_t at_s1e1w(uint64_t va)
{
    __asm__ volatile("at s1e1w, %0; isb" : : "r"(va) : "memory");
    return READ_SYSREG(par_el1);
}

static uint64_t at_s1e0r(uint64_t va)
{
    __asm__ volatile("at s1e0r, %0; isb" : : "r"(va) : "memory");
    return READ_SYSREG(par_el1);
}

static void test_at(void)
{
    uint64_t n = f_count;
    /* success: PA[47:12], ATTR = MAIR byte (0xff), SH = 0b11, NS = 1
     * (Non-secure), bit 11 RES1 */
    uint64_t par_ok = 0xff00000000000000ull | (pa_of(data_a) & ~0xfffull) | 1u << 11 |
                      1u << 9 | 3u << 7;
    check_eq("AT S1E1R PAR", at_s1e1r(TEST_VA + 0x6123), par_ok);
    /* failures: F = 1, FST = DFSC, bit 11 RES1 */
    check_eq("AT S1E1W read-only PAR", at_s1e1w(TEST_VA + 0x6000), 0x800 | 0x0f << 1 | 1);
    check_eq("AT S1E1R unmapped PAR", at_s1e1r(TEST_VA + 0x5000), 0x800 | 0x07 << 1 | 1);
    check_eq("AT S1E1R no AF PAR", at_s1e1r(TEST_VA + 0x7000), 0x800 | 0x0b << 1 | 1);
    check_eq("AT S1E0R EL1-only PAR", at_s1e0r(TEST_VA + 0x6000), 0x800 | 0x0f << 1 | 1);
    check_eq("AT S1E1R level 1 PAR", at_s1e1r(0xc0000000), 0x800 | 0x05 << 1 | 1);
    expect_no_fault("AT does not fault", n);
}

static void test_tbi_dczva(void)
{
    uint64_t n = f_count;
    uint64_t tagged = 0x5a00000000000000ull | TEST_VA;
    ld64(tagged);
    expect_fault("tagged VA without TBI", n, ESR_DABT | 0x04, tagged);
    WRITE_SYSREG(tcr_el1, TCR_4K_32 | 1ull << 37);  /* TBI0 */
    tlbi_all();
    n = f_count;
    check_eq("tagged VA with TBI0", ld64(tagged + 24), data_b[3]);
    expect_no_fault("TBI", n);
    WRITE_SYSREG(tcr_el1, TCR_4K_32);
    tlbi_all();
    /* DC ZVA through an alias zeroes the 64-byte block at the PA */
    for (unsigned i = 0; i < 16; i++) {
        data_b[64 + i] = 0x77;
    }
    __asm__ volatile("dc zva, %0" : : "r"(TEST_VA + 0x200 + 0x18) : "memory");
    check_eq("DC ZVA zeroed first word", data_b[64], 0);
    check_eq("DC ZVA zeroed last word", data_b[71], 0);
    check_eq("DC ZVA left the next block", data_b[72], 0x77);
    /* DC CVAC / IC IVAU on a mapped page do not fault */
    n = f_count;
    __asm__ volatile("dc cvac, %0; dc civac, %0; dc cvau, %0; ic ivau, %0; dsb ish"
                     : : "r"(TEST_VA + 0x40) : "memory");
    expect_no_fault("cache maintenance on a mapped page", n);
    /* DC ZVA to an unmapped page: a data abort like a store */
    n = f_count;
    __asm__ volatile("dc zva, %0" : : "r"(TEST_VA + 0x5000) : "memory");
    expect_fault("DC ZVA translation fault", n, ESR_DABT | WNR | 0x07, TEST_VA + 0x5000);
}

int main(void)
{
    exc_set_hook(mmu_hook);
    build_identity();
    mmu_on(TCR_4K_32, pa_of(pt_l1), 0);
    check_eq("SCTLR_EL1.M", READ_SYSREG(sctlr_el1) & 1, 1);
    printf("MMU on, running at EL%u\n", current_el());
    test_aliases();
    test_data_aborts();
    test_code();
    test_at();
    test_tbi_dczva();
    mmu_off();
    check_eq("MMU off: VA = PA again", ld64(pa_of(&data_b[3])), 0x2222);
    return 0;
}
