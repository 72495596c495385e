/* SPDX-License-Identifier: MIT */
/*
 * el3_traps.c - the exception model with EL3 and no EL2 (-M virt,secure=on;
 * main() stays at EL3): SCR_EL3 as the runtime set it, SMC from EL1 to EL3
 * (EC 0x17, ISS = imm16, ELR = the next instruction) in Non-secure and
 * Secure EL1, SMC at EL3 itself with SCR_EL3.SMD clear (taken) and set
 * (UNDEFINED), HVC without EL2 (UNDEFINED: QEMU drops its PSCI conduit
 * when the guest boots at EL3), WFI trapped by SCR_EL3.TWI (EC 0x01),
 * FP trapped by CPTR_EL3.TFP (EC 0x07) from EL1 and at EL3, and the
 * illegal ERET to the missing EL2 (EC 0x0e). DDI 0487 D1.10, D13.2.113
 * SCR_EL3, D13.2.31 CPTR_EL3. Compared with QEMU.
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define SPSR_EL1H 0x3c5ull
#define INSN_SMC 2
#define SCR_NS (1ull << 0)
#define SCR_SMD (1ull << 7)
#define SCR_TWI (1ull << 12)

static volatile unsigned n_exc;
static volatile uint64_t last_esr, last_el;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    n_exc++;
    last_esr = f->esr;
    last_el = f->el;
    printf("  exception at EL%lu vec=%u EC=0x%x IL=%lu ISS=0x%lx ELR=0x%lx SPSR=0x%lx\n",
           f->el, kind, esr_ec(f->esr), (f->esr >> 25) & 1, f->esr & 0x1ffffff, f->elr,
           f->spsr);
    if (esr_ec(f->esr) == 0x0e) {
        f->spsr &= ~(1ull << 20);
        return EXC_ACT_RETURN;
    }
    return EXC_ACT_SKIP;
}

static void expect(const char *what, unsigned n, unsigned el, unsigned ec)
{
    check_true(what, n_exc == n && (n == 0 || (last_el == el && esr_ec(last_esr) == ec)));
}

static uint64_t el1_smc(uint64_t x)
{
    register uint64_t x0 __asm__("x0") = 0x12345;
    __asm__ volatile("smc #0x99" : "+r"(x0) : : "memory");
    return x + 1;
}

static uint64_t el1_svc(uint64_t x)
{
    __asm__ volatile("svc #0x31" ::: "memory");
    return READ_SYSREG(CurrentEL);
}

static uint64_t el1_hvc(uint64_t x)
{
    register uint64_t x0 __asm__("x0") = 0x12345;
    __asm__ volatile("hvc #0x5" : "+r"(x0) : : "memory");
    return x0;
}

static uint64_t el1_wfi(uint64_t x)
{
    __asm__ volatile("wfi" ::: "memory");
    return 3;
}

static uint64_t el1_fp(uint64_t x)
{
    WRITE_SYSREG(cpacr_el1, 3ull << 20);
    __asm__ volatile("isb\n\t.inst 0x9e6703e0" ::: "memory"); /* fmov d0, xzr */
    return 4;
}

static uint64_t run_el1(uint64_t (*fn)(uint64_t), uint64_t arg)
{
    return rt_call_at(SPSR_EL1H, INSN_SMC, fn, arg);
}

static void set_scr(uint64_t v)
{
    WRITE_SYSREG(scr_el3, v);
    __asm__ volatile("isb");
}

int main(void)
{
    show("CurrentEL", current_el());
    if (current_el() != 3) {
        printf("FAIL: needs -M virt,secure=on\n");
        return 1;
    }
    uint64_t scr = READ_SYSREG(scr_el3);
    show("SCR_EL3 after boot", scr);
    exc_set_hook(hook);

    printf("SMC from Non-secure EL1\n");
    n_exc = 0;
    check_eq("el1_smc", run_el1(el1_smc, 1), 2);
    expect("SMC to EL3 (EC 0x17)", 1, 3, 0x17);

    printf("SMC and SVC from Secure EL1\n");
    set_scr(scr & ~SCR_NS);
    n_exc = 0;
    check_eq("el1_smc (Secure)", run_el1(el1_smc, 1), 2);
    expect("SMC to EL3 from Secure EL1", 1, 3, 0x17);
    n_exc = 0;
    show("CurrentEL of the Secure EL1 function", run_el1(el1_svc, 0));
    expect("SVC to Secure EL1", 1, 1, 0x15);
    set_scr(scr);

    printf("HVC from EL1 (no EL2; QEMU has no PSCI conduit when booting at EL3)\n");
    n_exc = 0;
    check_eq("HVC: X0 unchanged", run_el1(el1_hvc, 0), 0x12345);
    expect("HVC without EL2: UNDEFINED", 1, 1, 0x00);

    printf("SMC at EL3\n");
    n_exc = 0;
    __asm__ volatile("mov x0, #0x1234\n\tsmc #0x7" ::: "x0", "memory");
    expect("SMC at EL3 (EC 0x17 to EL3)", 1, 3, 0x17);
    set_scr(scr | SCR_SMD);
    n_exc = 0;
    __asm__ volatile("mov x0, #0x1234\n\tsmc #0x8" ::: "x0", "memory");
    expect("SMC at EL3 with SMD: UNDEFINED", 1, 3, 0x00);
    set_scr(scr);

    printf("WFI with SCR_EL3.TWI\n");
    set_scr(scr | SCR_TWI);
    n_exc = 0;
    check_eq("el1_wfi", run_el1(el1_wfi, 0), 3);
    expect("TWI trap (EC 0x01) to EL3", 1, 3, 0x01);
    set_scr(scr);

    printf("FP with CPTR_EL3.TFP\n");
    WRITE_SYSREG(cptr_el3, 1ull << 10);
    __asm__ volatile("isb");
    n_exc = 0;
    check_eq("el1_fp", run_el1(el1_fp, 0), 4);
    expect("TFP trap from EL1 (EC 0x07) to EL3", 1, 3, 0x07);
    n_exc = 0;
    __asm__ volatile(".inst 0x9e6703e0" ::: "memory");
    expect("TFP trap at EL3", 1, 3, 0x07);
    WRITE_SYSREG(cptr_el3, 0);
    __asm__ volatile("isb");

    printf("ERET to EL2 without EL2\n");
    n_exc = 0;
    __asm__ volatile("adr x1, 1f\n\t"
                     "msr elr_el3, x1\n\t"
                     "mov x1, #0x3c9\n\t"
                     "msr spsr_el3, x1\n\t"
                     "eret\n"
                     "1:\tnop" ::: "x1", "memory");
    expect("illegal return: EC 0x0e at EL3", 1, 3, 0x0e);
    show("CurrentEL after", current_el());
    return 0;
}
