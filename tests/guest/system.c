/* SPDX-License-Identifier: MIT */
/*
 * system.c - hints, barriers and the system instructions ordinary bare-metal
 * start-up code uses: NOP/YIELD/SEV/SEVL/WFE and unallocated hints (which
 * execute as NOP, C6.2.98 HINT), DMB/DSB/ISB/CLREX with every option, cache
 * and TLB maintenance at EL1, DC ZVA, FPCR/FPSR behind CPACR_EL1.FPEN (trap
 * EC 0x07 while disabled, D17.2.30), ID registers (MIDR, MPIDR, CTR,
 * DCZID, CNTFRQ) and SCTLR_EL1 read-back.
 */
#include "rt.h"

static volatile unsigned nexc;
static volatile uint64_t last_esr;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    exc_print(f, kind);
    nexc++;
    last_esr = f->esr;
    return EXC_ACT_SKIP;
}

static void test_hints(void)
{
    uint64_t x = 5;
    unsigned n = nexc;

    /* SEVL sets the local event register, so the WFE after it returns at
     * once (D1.6.1); never a bare WFI: nothing would wake it. */
    __asm__ volatile("nop\n\tyield\n\tsev\n\tsevl\n\twfe\n\t"
                     "hint #0x50\n\thint #0x7f\n\thint #0x2f\n\t"
                     "csdb\n\tadd %0, %0, #1"
                     : "+r"(x) : : "memory");
    check_eq("hints run as NOPs", x, 6);
    check_eq("hints raised no exception", nexc - n, 0);
}

static void test_barriers(void)
{
    unsigned n = nexc;

    __asm__ volatile("dmb sy\n\tdmb ish\n\tdmb ishld\n\tdmb ishst\n\tdmb osh\n\tdmb nsh\n\t"
                     "dmb ld\n\tdmb st\n\tdmb oshld\n\tdmb nshst\n\tdmb #0\n\t"
                     "dsb sy\n\tdsb ish\n\tdsb ishst\n\tdsb nsh\n\tdsb oshld\n\tdsb #1\n\t"
                     "isb\n\tisb #0\n\tclrex\n\tclrex #0\n\tclrex #5"
                     : : : "memory");
    check_eq("barriers raised no exception", nexc - n, 0);
}

static uint8_t zbuf[4096] ALIGNED(2048);

static void test_maintenance(void)
{
    unsigned n = nexc;
    uint64_t dczid, zeroed = 0, bs;

    __asm__ volatile("dc civac, %0\n\tdc cvac, %0\n\tdc cvau, %0\n\tdc ivac, %0\n\t"
                     "ic ivau, %0\n\tic iallu\n\tic ialluis\n\tdsb ish\n\tisb"
                     : : "r"(zbuf) : "memory");
    __asm__ volatile("tlbi vmalle1\n\ttlbi vmalle1is\n\ttlbi vae1, %0\n\ttlbi vale1is, %0\n\t"
                     "tlbi aside1, xzr\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
                     : : "r"((uint64_t)zbuf >> 12) : "memory");
    check_eq("cache and TLB maintenance raised no exception", nexc - n, 0);

    /* DC ZVA zeroes one naturally aligned block of 4 << DCZID_EL0.BS bytes. */
    dczid = READ_SYSREG(dczid_el0);
    bs = 4ull << (dczid & 0xf);
    if (dczid & 0x10) {
        printf("DC ZVA prohibited (DCZID_EL0.DZP)\n");
        return;
    }
    memset(zbuf, 0xff, sizeof(zbuf));
    __asm__ volatile("dc zva, %0" : : "r"(zbuf + 1024 + 8) : "memory");
    for (unsigned i = 0; i < sizeof(zbuf); i++) {
        zeroed += zbuf[i] == 0;
    }
    check_true("dc zva zeroes exactly one block", zeroed == bs && bs <= 2048 &&
               zbuf[1024 + 8] == 0 && zbuf[1024] == 0 && zbuf[1023] == 0xff &&
               zbuf[1024 + bs] == 0xff);
}

static void test_fp_control(void)
{
    uint64_t cpacr = READ_SYSREG(cpacr_el1), v;
    unsigned n;

    /* FPEN = 0b00: MRS/MSR FPCR/FPSR trap to EL1 with EC 0x07. */
    WRITE_SYSREG(cpacr_el1, cpacr & ~(3ull << 20));
    __asm__ volatile("isb");
    n = nexc;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v) : : "memory");
    check_true("fpcr with CPACR_EL1.FPEN=0 traps (EC 0x07)",
               nexc == n + 1 && esr_ec(last_esr) == 0x07);

    WRITE_SYSREG(cpacr_el1, cpacr | (3ull << 20));
    __asm__ volatile("isb");
    n = nexc;
    /* AHP, DN, FZ and RMode (D17.2.48) */
    WRITE_SYSREG(fpcr, 0x07c00000ull);
    check_eq("fpcr read-back", READ_SYSREG(fpcr), 0x07c00000ull);
    WRITE_SYSREG(fpcr, 0);
    /* QC and the cumulative flags IDC, IXC, UFC, OFC, DZC, IOC (D17.2.51) */
    WRITE_SYSREG(fpsr, 0x0800009full);
    check_eq("fpsr read-back", READ_SYSREG(fpsr), 0x0800009full);
    WRITE_SYSREG(fpsr, 0);
    check_eq("fpcr/fpsr with FPEN=0b11: no exception", nexc - n, 0);
    WRITE_SYSREG(cpacr_el1, cpacr);
    __asm__ volatile("isb");
}

static void test_id_registers(void)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);

    /* Uniprocessor virt board, CPU 0: RES1 bit 31, U = 0, affinity 0. */
    check_eq("mpidr_el1", mpidr, 0x80000000ull);
    check_true("midr_el1 is not zero", READ_SYSREG(midr_el1) != 0);
    check_true("ctr_el0 bit 31 is RES1", (READ_SYSREG(ctr_el0) >> 31) & 1);
    check_eq("cntfrq_el0 (62.5 MHz on virt)", READ_SYSREG(cntfrq_el0), 62500000);
    check_eq("sctlr_el1 holds what boot.S wrote", READ_SYSREG(sctlr_el1), 0x30d00800);
    /* EL1 field: 0b0001 AArch64 only, 0b0010 AArch64 and AArch32 */
    check_true("id_aa64pfr0_el1.EL1 is implemented", ((READ_SYSREG(id_aa64pfr0_el1) >> 4) & 0xf) != 0);
}

int main(void)
{
    exc_set_hook(hook);
    test_hints();
    test_barriers();
    test_maintenance();
    test_fp_control();
    test_id_registers();
    exc_set_hook(NULL);
    return 0;
}
