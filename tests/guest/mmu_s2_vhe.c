/* SPDX-License-Identifier: MIT */
/*
 * mmu_s2_vhe.c - the EL2&0 translation regime of FEAT_VHE (DDI 0487 D8,
 * HCR_EL2.E2H = 1): TCR_EL2 in TCR_EL1's layout with two VA ranges
 * (TTBR0_EL2 and TTBR1_EL2), ASID-tagged non-global entries switched by
 * TTBR0_EL2 writes without TLB maintenance, TLBI VAE2 with an ASID, AT
 * S1E2R, PSTATE.PAN at EL2, LDTR at EL2 with TGE (the EL0 view), and EL0
 * running in the EL2&0 regime with HCR_EL2.TGE (its faults and SVC go to
 * EL2). Compared with QEMU.
 */
#include "mmu_s2_util.h"

typedef uint64_t Table[512] __attribute__((aligned(4096)));
static Table a_l1, b_l1, l2_dev, l2_ram, l3_ram, l2_test_a, l3_test_a, l2_test_b, l3_test_b,
    u_l1, u_l2, u_l3;
static uint64_t data[5][512] __attribute__((aligned(4096)));

#define D_TABLE 3ull
#define D_PAGE 3ull
#define D_BLOCK 1ull
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_AP(x) ((uint64_t)(x) << 6)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define NORMAL (D_AF | 1ull << 2 | 3ull << 8)
#define DEVICE (D_AF | D_UXN | D_PXN)

#define HCR_E2H (1ull << 34)
#define HCR_TGE (1ull << 27)
#define TEST_VA 0x80000000ull
#define UPPER_VA 0xffffffff80000000ull
/* TCR_EL2 with E2H (TCR_EL1 layout): T0SZ = T1SZ = 32, 4K granules, WB
 * Inner Shareable walks, IPS 40 bits */
#define TCR_E2H (32ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 32ull << 16 | 1ull << 24 | \
                 1ull << 26 | 3ull << 28 | 2ull << 30 | 2ull << 32)

static uint64_t rd(uint64_t va)
{
    register uint64_t a __asm__("x1") = va;
    register uint64_t v __asm__("x5") = 0;
    __asm__ volatile("ldr x5, [x1]" : "+r"(v) : "r"(a) : "memory");
    return v;
}

static uint64_t rd_unpriv(uint64_t va)
{
    register uint64_t a __asm__("x1") = va;
    register uint64_t v __asm__("x6") = 0;
    __asm__ volatile("ldtr x6, [x1]" : "+r"(v) : "r"(a) : "memory");
    return v;
}

static unsigned which(uint64_t v)
{
    for (unsigned i = 0; i < 5; i++) {
        if (v == data[i][0]) {
            return i;
        }
    }
    return 99;
}

/* EL0 code (no stack): x0 = TEST_VA; returns its first word */
uint64_t el0_probe(uint64_t va);
__asm__("    .text\n"
        "    .global el0_probe\n"
        "el0_probe:\n"
        "    ldr x2, [x0]\n"              /* EL0 RW: ok */
        "    ldr x3, [x0, #0x1000]\n"     /* EL2 only: abort to EL2 */
        "    mov x5, #0xffffffff80000000\n"
        "    ldr x4, [x5]\n"              /* upper range, EL2 only */
        "    str x2, [x0, #8]\n"          /* EL0 RW: ok */
        "    mov x0, x2\n"
        "    ret\n");

static void tlbi_all(void)
{
    __asm__ volatile("dsb ishst; tlbi alle2; dsb ish; isb" ::: "memory");
}

int main(void)
{
    if (!s2_check_el2()) {
        return 1;
    }
    if (((READ_SYSREG(id_aa64mmfr1_el1) >> 8) & 0xf) == 0) {
        printf("no FEAT_VHE\n");
        return 0;
    }
    for (unsigned i = 0; i < 5; i++) {
        data[i][0] = 0xd0d0 + i;
    }
    /* EL2&0 tables: identity map (EL2 only, EL0 may execute the first
     * 2 MiB of RAM), test pages at TEST_VA, one page in the upper range */
    a_l1[0] = s2_pa(l2_dev) | D_TABLE;
    l2_dev[UART_PA >> 21] = UART_PA | D_BLOCK | DEVICE;
    a_l1[1] = s2_pa(l2_ram) | D_TABLE;
    l2_ram[0] = s2_pa(l3_ram) | D_TABLE;
    for (unsigned i = 0; i < 512; i++) {
        l3_ram[i] = (RAM_PA + i * 0x1000ull) | D_PAGE | NORMAL;
    }
    for (unsigned i = 1; i < 64; i++) {
        l2_ram[i] = (RAM_PA + i * 0x200000ull) | D_BLOCK | NORMAL | D_UXN | D_PXN;
    }
    memcpy(b_l1, a_l1, sizeof(a_l1));
    a_l1[2] = s2_pa(l2_test_a) | D_TABLE;
    l2_test_a[0] = s2_pa(l3_test_a) | D_TABLE;
    l3_test_a[0] = s2_pa(data[0]) | D_PAGE | NORMAL | D_NG | D_AP(1) | D_UXN | D_PXN;
    l3_test_a[1] = s2_pa(data[1]) | D_PAGE | NORMAL | D_UXN | D_PXN;
    b_l1[2] = s2_pa(l2_test_b) | D_TABLE;
    l2_test_b[0] = s2_pa(l3_test_b) | D_TABLE;
    l3_test_b[0] = s2_pa(data[3]) | D_PAGE | NORMAL | D_NG | D_AP(1) | D_UXN | D_PXN;
    l3_test_b[1] = l3_test_a[1];
    u_l1[2] = s2_pa(u_l2) | D_TABLE;
    u_l2[0] = s2_pa(u_l3) | D_TABLE;
    u_l3[0] = s2_pa(data[2]) | D_PAGE | NORMAL | D_UXN | D_PXN;
    __asm__ volatile("dsb ish" ::: "memory");

    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_E2H);
    __asm__ volatile("isb" ::: "memory");
    WRITE_SYSREG(mair_el2, 0x44ff00ull);
    WRITE_SYSREG(tcr_el2, TCR_E2H);
    WRITE_SYSREG(ttbr0_el2, s2_pa(a_l1) | 1ull << 48);
    WRITE_SYSREG(ttbr1_el2, s2_pa(u_l1));
    __asm__ volatile("isb" ::: "memory");
    tlbi_all();
    WRITE_SYSREG(sctlr_el2, READ_SYSREG(sctlr_el2) | 1 | 1 << 2 | 1 << 12);
    __asm__ volatile("isb" ::: "memory");
    printf("EL2&0 on\n");
    check_eq("TEST_VA in ASID 1", which(rd(TEST_VA)), 0);
    check_eq("global page", which(rd(TEST_VA + 0x1000)), 1);
    check_eq("TTBR1_EL2 range", which(rd(UPPER_VA)), 2);

    /* ASID switch without TLBI: ASID 2's tables */
    WRITE_SYSREG(ttbr0_el2, s2_pa(b_l1) | 2ull << 48);
    __asm__ volatile("isb" ::: "memory");
    check_eq("TEST_VA in ASID 2", which(rd(TEST_VA)), 3);
    check_eq("global page in ASID 2", which(rd(TEST_VA + 0x1000)), 1);
    WRITE_SYSREG(ttbr0_el2, s2_pa(a_l1) | 1ull << 48);
    __asm__ volatile("isb" ::: "memory");
    check_eq("back to ASID 1", which(rd(TEST_VA)), 0);

    /* change ASID 1's page; with E2H and TGE, TLBI VAE1IS acts on the
     * EL2&0 regime (by VA and ASID). (TLBI VAE2IS with E2H should too, but
     * QEMU 7.2 leaves the EL2&0 entry in place, so it is not compared.) */
    l3_test_a[0] = s2_pa(data[4]) | D_PAGE | NORMAL | D_NG | D_AP(1) | D_UXN | D_PXN;
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_E2H | HCR_TGE);
    __asm__ volatile("isb; dsb ishst; tlbi vae1is, %0; dsb ish; isb"
                     : : "r"(1ull << 48 | TEST_VA >> 12) : "memory");
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_E2H);
    __asm__ volatile("isb" ::: "memory");
    check_eq("after TLBI VAE1IS (E2H, TGE)", which(rd(TEST_VA)), 4);

    /* AT S1E2R in the EL2&0 regime */
    __asm__ volatile("at s1e2r, %0; isb" : : "r"(UPPER_VA) : "memory");
    check_eq("AT S1E2R upper", READ_SYSREG(par_el1) & 0xfffffffff001ull, s2_pa(data[2]));
    __asm__ volatile("at s1e2r, %0; isb" : : "r"(TEST_VA) : "memory");
    show("PAR_EL1", READ_SYSREG(par_el1));

    /* PSTATE.PAN at EL2 with E2H: EL0-accessible data faults */
    __asm__ volatile("msr pan, #1; isb" ::: "memory");
    show("PAN: EL0 page", rd(TEST_VA));
    check_eq("PAN: EL2 page", which(rd(TEST_VA + 0x1000)), 1);
    __asm__ volatile("msr pan, #0; isb" ::: "memory");
    s2_print_log("pan");

    /* HCR_EL2.TGE: LDTR at EL2 is an EL0 access; EL0 runs in EL2&0 */
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_E2H | HCR_TGE);
    __asm__ volatile("isb" ::: "memory");
    check_eq("LDTR EL0 page", which(rd_unpriv(TEST_VA)), 4);
    show("LDTR EL2 page", rd_unpriv(TEST_VA + 0x1000));
    s2_print_log("ldtr");
    check_eq("EL0 probe", which(s2_run_at(el0_probe, TEST_VA, 0)), 4);
    check_eq("EL0 store", data[4][1], data[4][0]);
    s2_print_log("el0");
    return 0;
}
