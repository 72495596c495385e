/* SPDX-License-Identifier: MIT */
/*
 * mmu_granule.c - the three translation granules and VA sizes (DDI 0487
 * D8.1-D8.2): 4 KiB with T0SZ 32 (start level 1), 25 (level 1) and 16
 * (level 0), the TTBR1 range, 64 KiB (start level 2, 512 MiB blocks) and
 * 16 KiB (start level 2, 32 MiB blocks; only where ID_AA64MMFR0.TGran16
 * says it exists). Each configuration maps the UART and RAM with blocks,
 * aliases a page of the test region and takes translation faults whose
 * level (DFSC 0b0001LL) depends on the granule.
 */
#include "mmu_util.h"

#define DABT 0x96000000ull
#define TG0_64K (1ull << 14)
#define TG0_16K (2ull << 14)
/* TCR without T0SZ/TG0: walks WB, Inner Shareable, EPD1, IPS 40 bits */
#define TCR_BASE (1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32)

static uint64_t data4k[512] __attribute__((aligned(4096)));
static uint64_t data16k[2048] __attribute__((aligned(16384)));
static uint64_t data64k[8192] __attribute__((aligned(65536)));
static uint64_t pt64_l2[8] __attribute__((aligned(64)));
static uint64_t pt64_l3[8192] __attribute__((aligned(65536)));
static uint64_t pt16_l2[128] __attribute__((aligned(1024)));
static uint64_t pt16_l3[2048] __attribute__((aligned(16384)));
static PageTable pt_l0, pt_l1_hi;

static void fault_at(const char *what, uint64_t va, unsigned dfsc)
{
    uint64_t n = f_count;
    ld64(va);
    expect_fault(what, n, DABT | dfsc, va);
}

static void test_4k(void)
{
    printf("-- 4K granule\n");
    build_identity();
    pt_l3_test[1] = pa_of(data4k) | D_PAGE | NORMAL | D_UXN;
    data4k[1] = 0x4001;
    /* T0SZ 32: start level 1 */
    mmu_on(TCR_BASE | 32, pa_of(pt_l1), 0);
    check_eq("4K T0SZ=32 alias", ld64(TEST_VA + 0x1008), 0x4001);
    fault_at("4K T0SZ=32 L3", TEST_VA + 0x2000, 0x07);
    fault_at("4K T0SZ=32 L2", TEST_VA + 0x200000, 0x06);
    fault_at("4K T0SZ=32 L1", 0xc0000000, 0x05);
    fault_at("4K T0SZ=32 out of range", 1ull << 32, 0x04);
    mmu_off();
    /* T0SZ 25 (39-bit): still level 1, a bigger range */
    mmu_on(TCR_BASE | 25, pa_of(pt_l1), 0);
    check_eq("4K T0SZ=25 alias", ld64(TEST_VA + 0x1008), 0x4001);
    fault_at("4K T0SZ=25 L1", 1ull << 32, 0x05);
    fault_at("4K T0SZ=25 out of range", 1ull << 39, 0x04);
    mmu_off();
    /* T0SZ 16 (48-bit): level 0 first */
    memset(pt_l0, 0, sizeof(pt_l0));
    pt_l0[0] = pa_of(pt_l1) | D_TABLE;
    barrier_tables();
    mmu_on(TCR_BASE | 16, pa_of(pt_l0), 0);
    check_eq("4K T0SZ=16 alias", ld64(TEST_VA + 0x1008), 0x4001);
    fault_at("4K T0SZ=16 L1", 1ull << 32, 0x05);
    fault_at("4K T0SZ=16 L0", 1ull << 39, 0x04);
    fault_at("4K T0SZ=16 out of range", 1ull << 48, 0x04);
    mmu_off();
    /* the TTBR1 range: T1SZ 32, TG1 4K; VA[31:30] = 2 shares the test tables */
    memset(pt_l1_hi, 0, sizeof(pt_l1_hi));
    pt_l1_hi[2] = pa_of(pt_l2_test) | D_TABLE;
    barrier_tables();
    uint64_t tcr = (TCR_BASE & ~(1ull << 23)) | 32 | 32ull << 16 | 2ull << 30 |
                   1ull << 24 | 1ull << 26 | 3ull << 28;
    mmu_on(tcr, pa_of(pt_l1), pa_of(pt_l1_hi));
    check_eq("TTBR1 alias", ld64(0xffffffff80001008ull), 0x4001);
    check_eq("TTBR0 alias", ld64(TEST_VA + 0x1008), 0x4001);
    fault_at("TTBR1 L3", 0xffffffff80002000ull, 0x07);
    fault_at("TTBR1 L1", 0xffffffffc0000000ull, 0x05);
    fault_at("between the ranges", 0xfffffffe00000000ull, 0x04);
    /* EPD1: no walks of the TTBR1 range */
    WRITE_SYSREG(tcr_el1, tcr | 1ull << 23);
    tlbi_all();
    fault_at("TTBR1 with EPD1", 0xffffffff80001008ull, 0x04);
    mmu_off();
}

static void test_64k(void)
{
    printf("-- 64K granule\n");
    /* T0SZ 32, 64 KiB: start level 2 (VA[31:29]), level 3 VA[28:16] */
    memset(pt64_l2, 0, sizeof(pt64_l2));
    memset(pt64_l3, 0, sizeof(pt64_l3));
    pt64_l2[0] = 0x00000000 | D_BLOCK | DEVICE;            /* UART inside */
    pt64_l2[2] = RAM_PA | D_BLOCK | NORMAL;                /* RAM, 512 MiB */
    pt64_l2[4] = pa_of(pt64_l3) | D_TABLE;                 /* test region */
    pt64_l3[1] = pa_of(data64k) | D_PAGE | NORMAL | D_UXN;
    data64k[0x1001] = 0x64;
    barrier_tables();
    mmu_on(TCR_BASE | 32 | TG0_64K, pa_of(pt64_l2), 0);
    check_eq("64K alias (page offset 0x8008)", ld64(TEST_VA + 0x10000 + 0x8008), 0x64);
    st64(TEST_VA + 0x10000 + 0xfff8, 0x65);
    check_eq("64K alias write", data64k[0x1fff], 0x65);
    fault_at("64K L3", TEST_VA + 0x20000, 0x07);
    fault_at("64K L2", 0xa0000000, 0x06);
    fault_at("64K out of range", 1ull << 32, 0x04);
    __asm__ volatile("at s1e1r, %0; isb" : : "r"(TEST_VA + 0x1abcd) : "memory");
    check_eq("64K AT S1E1R PAR", READ_SYSREG(par_el1),
             0xff00000000000000ull | (pa_of(data64k) + 0xa000) | 0xb80);
    mmu_off();
}

static void test_16k(void)
{
    if (((READ_SYSREG(id_aa64mmfr0_el1) >> 20) & 0xf) == 0) {
        printf("-- 16K granule not implemented: skipped\n");
        return;
    }
    printf("-- 16K granule\n");
    /* T0SZ 32, 16 KiB: start level 2 (VA[31:25]), level 3 VA[24:14] */
    memset(pt16_l2, 0, sizeof(pt16_l2));
    memset(pt16_l3, 0, sizeof(pt16_l3));
    pt16_l2[UART_PA >> 25] = (UART_PA & ~0x1ffffffull) | D_BLOCK | DEVICE;
    for (unsigned i = 0; i < 4; i++) {
        pt16_l2[(RAM_PA >> 25) + i] = (RAM_PA + i * 0x2000000ull) | D_BLOCK | NORMAL;
    }
    pt16_l2[TEST_VA >> 25] = pa_of(pt16_l3) | D_TABLE;
    pt16_l3[1] = pa_of(data16k) | D_PAGE | NORMAL | D_UXN;
    data16k[0x401] = 0x16;
    barrier_tables();
    mmu_on(TCR_BASE | 32 | TG0_16K, pa_of(pt16_l2), 0);
    check_eq("16K alias (page offset 0x2008)", ld64(TEST_VA + 0x4000 + 0x2008), 0x16);
    fault_at("16K L3", TEST_VA + 0x8000, 0x07);
    fault_at("16K L2", TEST_VA + 0x2000000, 0x06);
    mmu_off();
}

int main(void)
{
    exc_set_hook(mmu_hook);
    test_4k();
    test_64k();
    test_16k();
    return 0;
}
