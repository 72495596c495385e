/* SPDX-License-Identifier: MIT */
/*
 * mmu_s2_vmid.c - VMID-tagged stage-2 translations (DDI 0487 D8.14): two
 * VMs (stage-2 tables A and B, VMIDs 1 and 2) map the same IPA to
 * different pages; switching VTTBR_EL2 between them needs no TLB
 * maintenance. Changing a stage-2 entry of the current VM followed by the
 * architected TLBI IPAS2E1IS + VMALLE1IS, or VMALLS12E1IS, or ALLE1, is
 * seen by the guest; the other VM keeps its mapping. HCR_EL2.VM on/off
 * switches between the remapped and the flat view, and AT S12E1R follows
 * the current VMID; with 16-bit VMIDs (VTCR_EL2.VS) VMIDs 0x101 and 0x201
 * are different VMs. Every result is architecturally defined, so QEMU and
 * a64emu must agree whatever their TLBs cache.
 */
#include "mmu_s2_util.h"

static S2Tables vm_a, vm_b;
static uint64_t pages[6][512] __attribute__((aligned(4096)));

static uint64_t guest_read(uint64_t ipa)
{
    return *(volatile uint64_t *)(uintptr_t)ipa;
}

static void set_entry(S2Tables *t, unsigned page)
{
    t->l3_test[0] = s2_pa(pages[page]) | S2_PAGE | S2_NORMAL | S2_AP(3);
    __asm__ volatile("dsb ishst" ::: "memory");
}

static void use_vm(S2Tables *t, unsigned vmid)
{
    WRITE_SYSREG(vttbr_el2, s2_pa(t->l1) | (uint64_t)vmid << 48);
    __asm__ volatile("isb" ::: "memory");
}

static uint64_t at_s12e1r(uint64_t va)
{
    __asm__ volatile("at s12e1r, %0; isb" : : "r"(va) : "memory");
    return READ_SYSREG(par_el1) & 0x0000fffffffff001ull;
}

static unsigned which(uint64_t v)
{
    for (unsigned i = 0; i < 6; i++) {
        if (v == pages[i][0]) {
            return i;
        }
    }
    return 99;
}

int main(void)
{
    if (!s2_check_el2()) {
        return 1;
    }
    for (unsigned i = 0; i < 6; i++) {
        pages[i][0] = 0xabc000 + i;
    }
    s2_build(&vm_a);
    s2_build(&vm_b);
    set_entry(&vm_a, 0);
    set_entry(&vm_b, 1);
    /* VM A also remaps the IPA of pages[4] to pages[5] */
    vm_a.l3_ram[(s2_pa(pages[4]) - RAM_PA) >> 12] =
        s2_pa(pages[5]) | S2_PAGE | S2_NORMAL | S2_AP(3);
    __asm__ volatile("dsb ish" ::: "memory");

    WRITE_SYSREG(sctlr_el1, 0x30d00800ull);
    s2_enable(&vm_a, 1, 0);
    s2_tlbi_all();
    check_eq("VM A sees page", which(s2_run(guest_read, TEST_IPA)), 0);
    use_vm(&vm_b, 2);
    check_eq("VM B sees page", which(s2_run(guest_read, TEST_IPA)), 1);
    use_vm(&vm_a, 1);
    check_eq("VM A again", which(s2_run(guest_read, TEST_IPA)), 0);
    check_eq("AT S12E1R in A", at_s12e1r(TEST_IPA), s2_pa(pages[0]));
    use_vm(&vm_b, 2);
    check_eq("AT S12E1R in B", at_s12e1r(TEST_IPA), s2_pa(pages[1]));

    /* change A while B is current, then invalidate A's entries by IPA
     * from A (the TLBIs act on the current VMID) */
    set_entry(&vm_a, 2);
    use_vm(&vm_a, 1);
    __asm__ volatile("tlbi ipas2e1is, %0; dsb ish; tlbi vmalle1is; dsb ish; isb"
                     : : "r"(TEST_IPA >> 12) : "memory");
    check_eq("A after IPAS2E1IS+VMALLE1IS", which(s2_run(guest_read, TEST_IPA)), 2);
    use_vm(&vm_b, 2);
    check_eq("B unchanged", which(s2_run(guest_read, TEST_IPA)), 1);

    set_entry(&vm_a, 3);
    use_vm(&vm_a, 1);
    __asm__ volatile("tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
    check_eq("A after VMALLS12E1IS", which(s2_run(guest_read, TEST_IPA)), 3);

    set_entry(&vm_b, 4);
    __asm__ volatile("tlbi alle1; dsb ish; isb" ::: "memory");
    use_vm(&vm_b, 2);
    check_eq("B after ALLE1", which(s2_run(guest_read, TEST_IPA)), 4);
    use_vm(&vm_a, 1);
    check_eq("A after ALLE1", which(s2_run(guest_read, TEST_IPA)), 3);

    /* HCR_EL2.VM: A remaps pages[4]'s IPA, the flat view does not */
    check_eq("VM on: remapped", which(s2_run(guest_read, s2_pa(pages[4]))), 5);
    WRITE_SYSREG(hcr_el2, HCR_RW);
    __asm__ volatile("isb" ::: "memory");
    check_eq("VM off: flat", which(s2_run(guest_read, s2_pa(pages[4]))), 4);
    WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM);
    __asm__ volatile("isb" ::: "memory");
    check_eq("VM on again", which(s2_run(guest_read, s2_pa(pages[4]))), 5);

    /* 16-bit-looking VMIDs: with 8-bit VMIDs (VTCR_EL2.VS = 0) only
     * VMID[7:0] counts, so 0x101 and 0x201 are the same VM (A's tables
     * under either value give A's mapping). */
    WRITE_SYSREG(vttbr_el2, s2_pa(vm_a.l1) | 0x101ull << 48);
    __asm__ volatile("isb; tlbi vmalls12e1; dsb ish; isb" ::: "memory");
    check_eq("VMID 0x101", which(s2_run(guest_read, TEST_IPA)), 3);
    show("VTTBR_EL2", READ_SYSREG(vttbr_el2) >> 48);
    /* 16-bit VMIDs (FEAT_VMID16): VTCR_EL2.VS = 1 makes 0x101 and 0x201
     * different VMs */
    uint64_t mmfr1 = READ_SYSREG(id_aa64mmfr1_el1);
    show("ID_AA64MMFR1_EL1.VMIDBits", (mmfr1 >> 4) & 0xf);
    if (((mmfr1 >> 4) & 0xf) == 2) {
        WRITE_SYSREG(vtcr_el2, VTCR_4K_32 | 1ull << 19);
        __asm__ volatile("isb; tlbi vmalls12e1; dsb ish; isb" ::: "memory");
        check_eq("VS=1 VMID 0x101 (A)", which(s2_run(guest_read, TEST_IPA)), 3);
        WRITE_SYSREG(vttbr_el2, s2_pa(vm_b.l1) | 0x201ull << 48);
        __asm__ volatile("isb" ::: "memory");
        check_eq("VS=1 VMID 0x201 (B)", which(s2_run(guest_read, TEST_IPA)), 4);
        WRITE_SYSREG(vttbr_el2, s2_pa(vm_a.l1) | 0x101ull << 48);
        __asm__ volatile("isb" ::: "memory");
        check_eq("VS=1 back to 0x101", which(s2_run(guest_read, TEST_IPA)), 3);
        show("VTTBR_EL2.VMID", READ_SYSREG(vttbr_el2) >> 48);
    }
    s2_print_log("unexpected");
    return 0;
}
