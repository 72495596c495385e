/* SPDX-License-Identifier: MIT */
/*
 * el2_vhe.c - FEAT_VHE on -cpu max with -M virt,virtualization=on (main()
 * stays at EL2): with HCR_EL2.E2H the EL1 register encodings used at EL2
 * reach the EL2 registers (CONTEXTIDR, MAIR, FAR, ELR, SPSR, VBAR, SCTLR,
 * CPACR -> CPTR_EL2) and the _EL12 encodings reach the EL1 registers;
 * without E2H the EL1 registers keep their values; with E2H and TGE (the
 * EL2&0 host) EL0 exceptions go to EL2, PSTATE.PAN is set on entry when
 * SCTLR_EL2.SPAN is 0, and an ERET to EL1 is an illegal return (DDI 0487
 * D5.6 "Virtualization Host Extensions", D13.2.46 HCR_EL2.E2H/TGE).
 * Values are compared with QEMU.
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define HCR_RW (1ull << 31)
#define HCR_E2H (1ull << 34)
#define HCR_TGE (1ull << 27)

static volatile unsigned n_exc;
static volatile uint64_t last_esr, last_pan;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    n_exc++;
    last_esr = f->esr;
    last_pan = READ_SYSREG(pan);
    printf("  exception at EL%lu vec=%u EC=0x%x ISS=0x%lx PAN=%lu\n", f->el, kind,
           esr_ec(f->esr), f->esr & 0x1ffffff, (last_pan >> 22) & 1);
    if (esr_ec(f->esr) == 0x0e) {
        f->spsr &= ~(1ull << 20);
        return EXC_ACT_RETURN;
    }
    return EXC_ACT_SKIP;
}

static void set_hcr(uint64_t v)
{
    WRITE_SYSREG(hcr_el2, v);
    __asm__ volatile("isb");
}

static uint64_t el0_svc(uint64_t x)
{
    __asm__ volatile("svc #0x55" ::: "memory");
    return 9;
}

int main(void)
{
    exc_set_hook(hook);
    show("ID_AA64MMFR1_EL1.VH", (READ_SYSREG(id_aa64mmfr1_el1) >> 8) & 0xf);
    set_hcr(HCR_RW | HCR_E2H);
    show("HCR_EL2 with E2H", READ_SYSREG(hcr_el2));

    printf("EL1 encodings reach EL2 registers\n");
    WRITE_SYSREG(contextidr_el1, 0x11);
    WRITE_SYSREG(contextidr_el12, 0x22);
    check_eq("CONTEXTIDR_EL2 via CONTEXTIDR_EL1", READ_SYSREG(contextidr_el2), 0x11);
    check_eq("CONTEXTIDR_EL12", READ_SYSREG(contextidr_el12), 0x22);
    WRITE_SYSREG(mair_el1, 0x44ff);
    WRITE_SYSREG(mair_el12, 0x1234);
    check_eq("MAIR_EL2 via MAIR_EL1", READ_SYSREG(mair_el2), 0x44ff);
    WRITE_SYSREG(far_el1, 0x1000);
    WRITE_SYSREG(far_el12, 0x2000);
    check_eq("FAR_EL2 via FAR_EL1", READ_SYSREG(far_el2), 0x1000);
    WRITE_SYSREG(elr_el1, 0x3000);
    WRITE_SYSREG(elr_el12, 0x4000);
    check_eq("ELR_EL2 via ELR_EL1", READ_SYSREG(elr_el2), 0x3000);
    WRITE_SYSREG(spsr_el1, 0x3c5);
    WRITE_SYSREG(spsr_el12, 0x3c4);
    check_eq("SPSR_EL2 via SPSR_EL1", READ_SYSREG(spsr_el2), 0x3c5);
    check_eq("VBAR_EL1 reads VBAR_EL2", READ_SYSREG(vbar_el1), (uint64_t)rt_vectors_el2);
    check_eq("VBAR_EL12 reads VBAR_EL1", READ_SYSREG(vbar_el12), (uint64_t)rt_vectors_el1);
    check_eq("SCTLR_EL1 reads SCTLR_EL2", READ_SYSREG(sctlr_el1), READ_SYSREG(sctlr_el2));
    check_eq("SCTLR_EL12 reads SCTLR_EL1", READ_SYSREG(sctlr_el12), 0x30d00800);
    WRITE_SYSREG(cpacr_el1, 3ull << 20);
    show("CPTR_EL2 after CPACR_EL1 = FPEN 3", READ_SYSREG(cptr_el2));
    WRITE_SYSREG(cpacr_el12, 1ull << 20);

    set_hcr(HCR_RW);
    printf("without E2H\n");
    check_eq("CONTEXTIDR_EL1", READ_SYSREG(contextidr_el1), 0x22);
    check_eq("MAIR_EL1", READ_SYSREG(mair_el1), 0x1234);
    check_eq("FAR_EL1", READ_SYSREG(far_el1), 0x2000);
    check_eq("ELR_EL1", READ_SYSREG(elr_el1), 0x4000);
    check_eq("SPSR_EL1", READ_SYSREG(spsr_el1), 0x3c4);
    check_eq("CPACR_EL1", READ_SYSREG(cpacr_el1), 1ull << 20);
    /* (CONTEXTIDR_EL12 without E2H is UNDEFINED, D13.2.27; QEMU 7.2 takes
     * no exception, so it is not compared here.) */
    WRITE_SYSREG(cpacr_el1, 3ull << 20);
    WRITE_SYSREG(cptr_el2, 0x33ff);

    printf("EL2&0 host (E2H, TGE)\n");
    uint64_t sctlr2 = READ_SYSREG(sctlr_el2);
    WRITE_SYSREG(sctlr_el2, sctlr2 & ~(1ull << 23)); /* SPAN = 0 */
    set_hcr(HCR_RW | HCR_E2H | HCR_TGE);
    n_exc = 0;
    check_eq("EL0 function result", rt_call_at(0x3c0, 0, el0_svc, 0), 9);
    check_true("SVC from host EL0 to EL2, PAN set on entry",
               n_exc == 1 && esr_ec(last_esr) == 0x15 && (last_pan >> 22) == 1);
    WRITE_SYSREG(pan, 0);
    n_exc = 0;
    __asm__ volatile("adr x1, 1f\n\t"
                     "msr elr_el2, x1\n\t"
                     "mov x1, #0x3c5\n\t"
                     "msr spsr_el2, x1\n\t"
                     "eret\n"
                     "1:\tnop" ::: "x1", "memory");
    check_true("ERET to EL1 in the host: illegal return", n_exc == 1 &&
               esr_ec(last_esr) == 0x0e);
    show("CurrentEL after", current_el());
    WRITE_SYSREG(pan, 0);
    set_hcr(HCR_RW);
    WRITE_SYSREG(sctlr_el2, sctlr2);
    return 0;
}
