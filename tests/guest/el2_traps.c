/* SPDX-License-Identifier: MIT */
/*
 * el2_traps.c - the exception model with EL2 (-M virt,virtualization=on;
 * main() stays at EL2): HVC from EL1 to EL2 (EC 0x16, ISS = imm16), HVC
 * with HCR_EL2.HCD UNDEFINED, SMC trapped by HCR_EL2.TSC (EC 0x17, ELR =
 * the SMC), MSR/MRS traps to EL2 (EC 0x18) by
 * TVM/TRVM, TID3, TID2, TACR, TPU/TSW, TLOR, WFI trapped by TWI (EC 0x01), FP
 * trapped by CPTR_EL2.TFP (EC 0x07), HCR_EL2.TGE routing of EL0
 * exceptions to EL2, VPIDR/VMPIDR seen by EL1, an illegal exception return
 * (EC 0x0e), and a virtual IRQ/FIQ/SError pended by HCR_EL2.VI/VF/VSE
 * with IMO/FMO/AMO, taken at EL1. QEMU's SMC conduit makes an SMC from
 * EL1 a firmware call unless TSC traps it. Every syndrome is printed and compared
 * with QEMU (DDI 0487 D1.10, D13.2.46 HCR_EL2, D17.2.37 ESR_ELx).
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define HCR_RW (1ull << 31)
#define SPSR_EL1H 0x3c5ull
#define SPSR_EL1H_UNMASKED 0x005ull
#define SPSR_EL0T 0x3c0ull
#define INSN_SVC 0
#define INSN_HVC 1

/* What the hooks saw. */
static volatile unsigned n_exc;
static volatile uint64_t last_esr, last_el, last_kind, last_elr;

static void record(ExcFrame *f, unsigned kind)
{
    n_exc++;
    last_esr = f->esr;
    last_el = f->el;
    last_kind = kind;
    last_elr = f->elr;
    if ((kind & 3) == 1 || (kind & 3) == 2) {
        /* IRQ/FIQ: no syndrome */
        printf("  exception at EL%lu vec=%u ELR=0x%lx\n", f->el, kind, f->elr);
        return;
    }
    printf("  exception at EL%lu vec=%u EC=0x%x IL=%lu ISS=0x%lx ELR=0x%lx\n", f->el, kind,
           esr_ec(f->esr), (f->esr >> 25) & 1, f->esr & 0x1ffffff, f->elr);
}

/* Sync: log, then return past the instruction (SVC/HVC/SMC-to-EL3 point
 * past it already). A trapped MRS gets 0x7777 as its result. */
static ExcAction sync_hook(ExcFrame *f, unsigned kind)
{
    record(f, kind);
    unsigned ec = esr_ec(f->esr);
    if (ec == 0x18 && (f->esr & 1)) {
        unsigned rt = (f->esr >> 5) & 31;
        if (rt < 31) {
            f->x[rt] = 0x7777;
        }
    }
    if (ec == 0x0e) {
        f->spsr &= ~(1ull << 20); /* clear PSTATE.IL and retry */
        return EXC_ACT_RETURN;
    }
    if (ec == 0x17 && f->el == 2) {
        f->elr += 4; /* a trapped SMC returns to the SMC itself */
        return EXC_ACT_RETURN;
    }
    return EXC_ACT_SKIP;
}

/* IRQ/FIQ/SError at EL1: drop the virtual interrupt source at EL2 would
 * need an HVC; instead mask it in the returned SPSR. */
static ExcAction async_hook(ExcFrame *f, unsigned kind)
{
    record(f, kind);
    f->spsr |= 0x1c0; /* A, I, F */
    return EXC_ACT_RETURN;
}

static void expect(const char *what, unsigned n, unsigned el, unsigned ec)
{
    check_true(what, n_exc == n && (n == 0 || (last_el == el && esr_ec(last_esr) == ec)));
}

/* ---- code run at EL1 / EL0 ---------------------------------------------- */

static uint64_t el1_hvc(uint64_t x)
{
    __asm__ volatile("hvc #0x1234" ::: "memory");
    return x + 1;
}

static uint64_t el1_smc(uint64_t x)
{
    register uint64_t x0 __asm__("x0") = 0x12345; /* not a PSCI function */
    __asm__ volatile("smc #0x42" : "+r"(x0) : : "memory");
    return x0;
}

static uint64_t el1_sctlr_read(uint64_t x)
{
    return READ_SYSREG(sctlr_el1);
}

static uint64_t el1_sctlr_write(uint64_t x)
{
    WRITE_SYSREG(sctlr_el1, 0x30d00800); /* boot.S's value */
    return 0;
}

static uint64_t el1_ttbr0_rw(uint64_t x)
{
    uint64_t v = READ_SYSREG(ttbr0_el1);
    WRITE_SYSREG(ttbr0_el1, x);
    WRITE_SYSREG(mair_el1, x);
    return v;
}

static uint64_t el1_id(uint64_t x)
{
    return READ_SYSREG(id_aa64mmfr0_el1) + READ_SYSREG(midr_el1) * 0 +
           (READ_SYSREG(ctr_el0) << 32);
}

static uint64_t el1_actlr(uint64_t x)
{
    return READ_SYSREG(actlr_el1);
}

/* LORC_EL1 (FEAT_LOR on max; UNDEFINED on the Cortex-A57) */
static uint64_t el1_lor(uint64_t x)
{
    uint64_t v;
    __asm__ volatile("mrs %0, s3_0_c10_c4_3" : "=r"(v) : : "memory");
    return v;
}

static uint64_t el1_cache(uint64_t x)
{
    __asm__ volatile("ic iallu\n\tdc cvau, %0\n\tdc isw, xzr" : : "r"(x) : "memory");
    return 0;
}

static uint64_t el1_wfi(uint64_t x)
{
    __asm__ volatile("wfi" ::: "memory");
    return 5;
}

static uint64_t el1_fp(uint64_t x)
{
    WRITE_SYSREG(cpacr_el1, 3ull << 20);
    __asm__ volatile("isb\n\t.inst 0x9e6703e0" ::: "memory"); /* fmov d0, xzr */
    return 6;
}

static uint64_t el1_ids(uint64_t x)
{
    return (READ_SYSREG(midr_el1) << 32) | (READ_SYSREG(mpidr_el1) & 0xffffffff);
}

static uint64_t el0_svc(uint64_t x)
{
    __asm__ volatile("svc #0x77" ::: "memory");
    __asm__ volatile(".inst 0x00000000" ::: "memory"); /* UDF #0 */
    return 7;
}

/* EL1 with interrupts unmasked: a pending virtual interrupt is taken. */
static uint64_t el1_unmasked(uint64_t x)
{
    for (volatile int i = 0; i < 10; i++) {
    }
    return n_exc;
}

/* ---- the tests at EL2 ----------------------------------------------------- */

static uint64_t run_el1(uint64_t hcr, uint64_t (*fn)(uint64_t), uint64_t arg)
{
    WRITE_SYSREG(hcr_el2, HCR_RW | hcr);
    __asm__ volatile("isb");
    uint64_t r = rt_call_at(SPSR_EL1H, INSN_HVC, fn, arg);
    WRITE_SYSREG(hcr_el2, HCR_RW);
    __asm__ volatile("isb");
    return r;
}

static void illegal_return(void)
{
    /* ERET from EL2 to EL3 (a higher EL): illegal; PSTATE.IL set, EL2 kept,
     * the next instruction takes EC 0x0e at EL2. */
    __asm__ volatile("adr x1, 1f\n\t"
                     "msr elr_el2, x1\n\t"
                     "mov x1, #0x3cd\n\t"
                     "msr spsr_el2, x1\n\t"
                     "eret\n"
                     "1:\tnop" ::: "x1", "memory");
}

int main(void)
{
    show("CurrentEL", current_el());
    if (current_el() != 2) {
        printf("FAIL: needs -M virt,virtualization=on\n");
        return 1;
    }
    show("HCR_EL2 after boot", READ_SYSREG(hcr_el2));
    uint64_t pfr0 = READ_SYSREG(id_aa64pfr0_el1);
    show("ID_AA64PFR0_EL1: EL2, EL3 implemented", (((pfr0 >> 8) & 0xf) != 0) * 2 +
                                                    (((pfr0 >> 12) & 0xf) != 0));
    exc_set_hook(sync_hook);
    exc_set_async_hook(async_hook);

    printf("HVC #0x1234 from EL1\n");
    n_exc = 0;
    check_eq("el1_hvc result", run_el1(0, el1_hvc, 1), 2);
    expect("HVC to EL2 (EC 0x16)", 1, 2, 0x16);
    check_eq("HVC ISS", last_esr & 0xffff, 0x1234);

    printf("HVC with HCR_EL2.HCD (return through an SMC trapped by TSC)\n");
    n_exc = 0;
    WRITE_SYSREG(hcr_el2, HCR_RW | (1ull << 29) | (1ull << 19));
    __asm__ volatile("isb");
    rt_call_at(SPSR_EL1H, 2, el1_hvc, 1);
    WRITE_SYSREG(hcr_el2, HCR_RW);
    __asm__ volatile("isb");
    expect("HVC UNDEFINED at EL1", 1, 1, 0x00);

    printf("SMC from EL1\n");
    n_exc = 0;
    /* QEMU's virt with virtualization=on has the SMC conduit: every SMC
     * that reaches "EL3" is a firmware call, unknown ones NOT_SUPPORTED */
    check_eq("SMC (conduit) with an unknown function: X0", run_el1(0, el1_smc, 1), ~0ull);
    expect("SMC (conduit): no exception", 0, 0, 0);
    n_exc = 0;
    run_el1(1ull << 19, el1_smc, 1);
    expect("SMC trapped by TSC to EL2 (EC 0x17)", 1, 2, 0x17);

    printf("TVM/TRVM\n");
    n_exc = 0;
    show("SCTLR_EL1 read with TVM", run_el1(1ull << 26, el1_sctlr_read, 0));
    run_el1(1ull << 26, el1_sctlr_write, 0);
    expect("TVM traps the SCTLR_EL1 write, not the read", 1, 2, 0x18);
    n_exc = 0;
    check_eq("TRVM: trapped read gives the hook's value", run_el1(1ull << 30, el1_sctlr_read, 0),
             0x7777);
    run_el1(1ull << 30, el1_sctlr_write, 0);
    expect("TRVM traps the SCTLR_EL1 read, not the write", 1, 2, 0x18);
    n_exc = 0;
    run_el1((1ull << 26) | (1ull << 30), el1_ttbr0_rw, 0x1000);
    show("TVM|TRVM exceptions for TTBR0 read/write, MAIR write", n_exc);
    n_exc = 0;
    run_el1(0, el1_ttbr0_rw, 0);
    expect("no traps without TVM", 0, 0, 0);

    printf("TID3/TID2, TACR, TPU/TSW\n");
    n_exc = 0;
    show("ID reads with TID3|TID2", run_el1((1ull << 18) | (1ull << 17), el1_id, 0));
    show("traps", n_exc);
    n_exc = 0;
    show("ACTLR_EL1 with TACR", run_el1(1ull << 21, el1_actlr, 0));
    expect("TACR trap", 1, 2, 0x18);
    n_exc = 0;
    run_el1((1ull << 24) | (1ull << 22), el1_cache, 0x40000000);
    show("TPU|TSW traps (IC IALLU, DC CVAU, DC ISW)", n_exc);

    n_exc = 0;
    show("LORC_EL1 with TLOR", run_el1(1ull << 35, el1_lor, 0));
    show("TLOR exceptions", n_exc);

    printf("WFI with TWI\n");
    n_exc = 0;
    check_eq("el1_wfi", run_el1(1ull << 13, el1_wfi, 0), 5);
    expect("TWI trap (EC 0x01)", 1, 2, 0x01);

    printf("FP with CPTR_EL2.TFP\n");
    WRITE_SYSREG(cptr_el2, 0x33ffull | (1ull << 10));
    n_exc = 0;
    run_el1(0, el1_fp, 0);
    expect("TFP trap (EC 0x07) to EL2", 1, 2, 0x07);
    WRITE_SYSREG(cptr_el2, 0x33ffull);
    n_exc = 0;
    run_el1(0, el1_fp, 0);
    expect("no trap with TFP clear", 0, 0, 0);

    printf("VPIDR/VMPIDR\n");
    WRITE_SYSREG(vpidr_el2, 0x41234567);
    WRITE_SYSREG(vmpidr_el2, 0x80000103);
    show("MIDR:MPIDR seen at EL1", run_el1(0, el1_ids, 0));
    show("MIDR at EL2", READ_SYSREG(midr_el1));

    printf("TGE: EL0 exceptions to EL2\n");
    n_exc = 0;
    WRITE_SYSREG(hcr_el2, HCR_RW | (1ull << 27));
    __asm__ volatile("isb");
    check_eq("el0 result", rt_call_at(SPSR_EL0T, INSN_SVC, el0_svc, 0), 7);
    WRITE_SYSREG(hcr_el2, HCR_RW);
    __asm__ volatile("isb");
    show("EL0 exceptions taken", n_exc);
    expect("last went to EL2 (UNDEF)", 2, 2, 0x00);

    printf("illegal exception return\n");
    n_exc = 0;
    illegal_return();
    expect("illegal return: EC 0x0e at EL2", 1, 2, 0x0e);
    /* ERET to EL1 with HCR_EL2.TGE set (E2H = 0) is illegal too */
    n_exc = 0;
    WRITE_SYSREG(hcr_el2, HCR_RW | (1ull << 27));
    __asm__ volatile("isb\n\t"
                     "adr x1, 1f\n\t"
                     "msr elr_el2, x1\n\t"
                     "mov x1, #0x3c5\n\t"
                     "msr spsr_el2, x1\n\t"
                     "eret\n"
                     "1:\tnop" ::: "x1", "memory");
    WRITE_SYSREG(hcr_el2, HCR_RW);
    __asm__ volatile("isb");
    expect("ERET to EL1 with TGE: EC 0x0e at EL2", 1, 2, 0x0e);
    show("CurrentEL after", current_el());

    printf("virtual interrupts\n");
    static const struct { const char *name; uint64_t hcr; } virqs[] = {
        { "VI with IMO", (1ull << 4) | (1ull << 7) },
        { "VF with FMO", (1ull << 3) | (1ull << 6) },
        { "VSE with AMO", (1ull << 5) | (1ull << 8) },
        { "VI without IMO", 1ull << 7 },
    };
    for (unsigned i = 0; i < 4; i++) {
        n_exc = 0;
        WRITE_SYSREG(hcr_el2, HCR_RW | virqs[i].hcr);
        __asm__ volatile("isb");
        uint64_t r = rt_call_at(SPSR_EL1H_UNMASKED, INSN_HVC, el1_unmasked, 0);
        printf("%s: %lu taken, kind %lu, EL%lu\n", virqs[i].name, r, r ? last_kind : 0,
               r ? last_el : 0);
        show("HCR_EL2 after", READ_SYSREG(hcr_el2));
        WRITE_SYSREG(hcr_el2, HCR_RW);
        __asm__ volatile("isb");
    }
    return 0;
}
