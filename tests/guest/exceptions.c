/* SPDX-License-Identifier: MIT */
/*
 * exceptions.c - synchronous exceptions taken to EL1 through VBAR_EL1 and
 * returned from with ERET (D1.10): SVC, BRK, UDF and an unallocated
 * encoding, HVC/SMC without EL2/EL3 (UNDEFINED unless a PSCI call), data
 * aborts on unmapped physical addresses (load and store), an instruction
 * abort, a PC alignment fault, ERET restoring NZCV from SPSR, a round trip
 * to EL0 (SVC from EL0, EL1-only registers UNDEFINED at EL0), and the EL1
 * system registers this issue needs (SPSel/SP_EL0, DAIF, TPIDR*, ELR/SPSR,
 * VBAR). ESR/ELR/SPSR/FAR of every exception are printed (QEMU comparison)
 * and the syndrome fields the Arm ARM defines are checked (D17.2.37 ESR_EL1).
 */
#include "rt.h"

/* Physical addresses with nothing behind them on the virt board (a gap in
 * QEMU's memory map between virtio-mmio and the platform bus, and one above
 * RAM below the high I/O regions, both within every CPU's PA range). */
#define UNMAPPED_LOW 0x0b000000ul
#define UNMAPPED_HIGH 0x1000000000ul

#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_SYSREG 0x18
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_CUR 0x25
#define EC_BRK64 0x3c
#define ESR_IL (1u << 25)

enum { MODE_SKIP, MODE_RET_X30, MODE_RETURN, MODE_SET_NZCV };
static volatile int mode;
static volatile uint64_t last_esr, last_elr, last_far, last_spsr, nexc;
static volatile unsigned last_kind;
static ExcFrame last_frame;

/* Return-to-EL1 path for the EL0 round trip (see run_el0 below). */
extern char el0_return[];
extern char el0_code[];
extern char rt_vectors[];
uint64_t run_el0(void *fn, uint64_t arg);

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    unsigned ec = esr_ec(f->esr);

    nexc++;
    last_esr = f->esr;
    last_elr = f->elr;
    last_far = f->far;
    last_spsr = f->spsr;
    last_kind = kind;
    last_frame = *f;
    exc_print(f, kind);
    if (kind == EXC_LOWER64_SYNC && ec == EC_SVC64 && (f->esr & 0xffff) == 0xe1) {
        /* EL0 asks to go back: resume EL1 at el0_return, EL1h, DAIF masked. */
        f->elr = (uint64_t)el0_return;
        f->spsr = 0x3c5;
        return EXC_ACT_RETURN;
    }
    switch (mode) {
    case MODE_RET_X30:
        f->elr = f->x[30];
        return EXC_ACT_RETURN;
    case MODE_SET_NZCV:
        f->spsr = (f->spsr & 0x0fffffffull) | 0xa0000000ull;   /* N and C */
        return EXC_ACT_RETURN;
    case MODE_RETURN:
        return EXC_ACT_RETURN;
    default:
        return EXC_ACT_SKIP;
    }
}

/*
 * uint64_t run_el0(fn, arg): ERET to fn at EL0t with x0 = arg and DAIF
 * masked; EL0 comes back with SVC #0xe1, which the hook turns into a return
 * to el0_return at EL1h with SP_EL1 as it was at the ERET. Returns EL0's x0.
 */
__asm__(
    ".text\n"
    ".global run_el0\n"
    "run_el0:\n"
    "    stp x29, x30, [sp, #-96]!\n"
    "    stp x19, x20, [sp, #16]\n"
    "    stp x21, x22, [sp, #32]\n"
    "    stp x23, x24, [sp, #48]\n"
    "    stp x25, x26, [sp, #64]\n"
    "    stp x27, x28, [sp, #80]\n"
    "    msr elr_el1, x0\n"
    "    mov x0, #0x3c0\n"
    "    msr spsr_el1, x0\n"
    "    mov x0, x1\n"
    "    eret\n"
    ".global el0_return\n"
    "el0_return:\n"
    "    ldp x19, x20, [sp, #16]\n"
    "    ldp x21, x22, [sp, #32]\n"
    "    ldp x23, x24, [sp, #48]\n"
    "    ldp x25, x26, [sp, #64]\n"
    "    ldp x27, x28, [sp, #80]\n"
    "    ldp x29, x30, [sp], #96\n"
    "    ret\n"
    /* EL0 code: x0 = pointer to a word; returns *x0 + 1 after a few traps. */
    ".global el0_code\n"
    "el0_code:\n"
    "    mov x19, x0\n"
    "    svc #0x10\n"
    "    mrs x1, currentel\n"
    "    mrs x1, sctlr_el1\n"
    "    mrs x1, tpidr_el0\n"
    "    ldr x2, [x19]\n"
    "    add x0, x2, x1\n"
    "    svc #0xe1\n"
    "    b .\n");

static void expect(const char *what, unsigned ec, uint64_t esr_exact, uint64_t n_before)
{
    int ok = nexc == n_before + 1 && esr_ec(last_esr) == ec &&
             (esr_exact == 0 || last_esr == esr_exact) && (last_esr & ESR_IL);
    check_true(what, ok);
}

static void test_svc_brk_undef(void)
{
    uint64_t n, label;

    mode = MODE_SKIP;
    n = nexc;
    __asm__ volatile("svc #0x1234\n1:\tadr %0, 1b" : "=r"(label) : : "memory");
    expect("svc #0x1234: EC 0x15, ISS = imm16", EC_SVC64, 0x56001234, n);
    check_true("svc: ELR is the next instruction", last_elr == label);

    n = nexc;
    __asm__ volatile("1:\tbrk #0x77\n\tadr %0, 1b" : "=r"(label) : : "memory");
    expect("brk #0x77: EC 0x3c, ISS = imm16", EC_BRK64, 0xf2000077, n);
    check_true("brk: ELR is the brk itself", last_elr == label);

    n = nexc;
    __asm__ volatile("1:\tudf #0xbad\n\tadr %0, 1b" : "=r"(label) : : "memory");
    expect("udf: EC 0", EC_UNKNOWN, ESR_IL, n);
    check_true("udf: ELR is the udf itself", last_elr == label);

    /* An unallocated data-processing (2 source) opcode: 0b000001. */
    n = nexc;
    __asm__ volatile(".inst 0x9ac00420" : : : "memory");
    expect("unallocated 0x9ac00420: EC 0", EC_UNKNOWN, ESR_IL, n);

    /*
     * HVC/SMC with no EL2/EL3 are UNDEFINED (C6.2.93, C6.2.245) - except
     * that QEMU's virt board, whose PSCI conduit is HVC when EL2 is absent,
     * takes every HVC as an SMCCC call: an unknown function ID returns
     * NOT_SUPPORTED (-1) in X0 (SMCCC DEN0028 7.1) without an exception.
     * SMC is not the conduit, so it is UNDEFINED.
     */
    {
        uint64_t x0;
        n = nexc;
        __asm__ volatile("mov x0, #0x1234\n\thvc #0\n\tmov %0, x0" : "=r"(x0) : : "x0", "x1",
                         "x2", "x3", "memory");
        check_true("hvc with an unknown SMCCC function: no exception", nexc == n);
        check_eq("hvc with an unknown SMCCC function: NOT_SUPPORTED", x0, ~0ull);
    }
    n = nexc;
    __asm__ volatile("mov x0, #0x1234\n\tsmc #0" : : : "x0", "memory");
    expect("smc without EL3: EC 0", EC_UNKNOWN, ESR_IL, n);
}

static void test_aborts(void)
{
    uint64_t n, v = 0x1234;

    mode = MODE_SKIP;
    n = nexc;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(UNMAPPED_LOW) : "memory");
    check_true("load from unmapped PA: data abort", nexc == n + 1 &&
               esr_ec(last_esr) == EC_DABT_CUR && (last_esr & 0x3f) == 0x10 &&
               !(last_esr & (1u << 6)));
    check_true("load abort: FAR is the address", last_far == UNMAPPED_LOW);
    check_eq("aborted load leaves its register alone", v, 0x1234);

    n = nexc;
    __asm__ volatile("str %0, [%1, #8]" : : "r"(v), "r"(UNMAPPED_HIGH) : "memory");
    check_true("store to unmapped PA: data abort, WnR", nexc == n + 1 &&
               esr_ec(last_esr) == EC_DABT_CUR && (last_esr & 0x3f) == 0x10 &&
               (last_esr & (1u << 6)));
    check_true("store abort: FAR is the address", last_far == UNMAPPED_HIGH + 8);

    n = nexc;
    __asm__ volatile("ldrb %w0, [%1, #3]" : "=r"(v) : "r"(UNMAPPED_LOW) : "memory");
    check_true("ldrb from unmapped PA: data abort", nexc == n + 1 &&
               esr_ec(last_esr) == EC_DABT_CUR && last_far == UNMAPPED_LOW + 3);

    /* Branch to nothing: instruction abort, ELR = FAR = target; come back
     * through the link register. */
    mode = MODE_RET_X30;
    n = nexc;
    /* RET rather than BLR: BLR would set PSTATE.BTYPE (FEAT_BTI, not in
     * scope here), which QEMU's "max" CPU then shows in SPSR. */
    __asm__ volatile("adr x30, 1f\n\tret %0\n1:" : : "r"(UNMAPPED_LOW) : "x30", "memory");
    check_true("fetch from unmapped PA: instruction abort", nexc == n + 1 &&
               esr_ec(last_esr) == EC_IABT_CUR && (last_esr & 0x3f) == 0x10);
    check_true("instruction abort: ELR and FAR are the target",
               last_elr == UNMAPPED_LOW && last_far == UNMAPPED_LOW);

    /* Branch to a misaligned address: PC alignment fault (D1.3.5.1). */
    n = nexc;
    __asm__ volatile("adr x9, 1f\n\tadd x9, x9, #2\n\tadr x30, 2f\n\tret x9\n1:\tnop\n2:"
                     : : : "x9", "x30", "memory");
    check_true("misaligned branch target: PC alignment fault",
               nexc == n + 1 && esr_ec(last_esr) == EC_PC_ALIGN &&
               (last_elr & 3) == 2 && last_far == last_elr);
    mode = MODE_SKIP;
}

/*
 * Precise exceptions (D1.10.1): at a fault in the middle of a block, every
 * earlier instruction's effects are visible (registers, flags, memory) and
 * no later one's. A translator that defers flag computation or register
 * write-back must materialise them at the faulting instruction.
 */
static void test_precise(void)
{
    static uint64_t cell;
    uint64_t n = nexc, x12_after, flags_after;

    mode = MODE_SKIP;
    cell = 0;
    __asm__ volatile("mov x9, #0x99\n\t"
                     "mov x10, #7\n\t"
                     "mov x11, #0x11\n\t"
                     "mov x12, #0x12\n\t"
                     "add x10, x10, #1\n\t"
                     "str x10, [%[cell]]\n\t"
                     "cmp x10, #9\n\t"            /* N=1 C=0: 8 - 9 borrows */
                     "ldr x11, [%[bad]]\n\t"      /* faults: x11 keeps 0x11 */
                     "mov x12, #0x34\n\t"         /* runs after the handler */
                     "cmn x12, #1\n\t"
                     "mov %[x12], x12\n\t"
                     "mrs %[fl], nzcv"
                     : [x12] "=r"(x12_after), [fl] "=r"(flags_after)
                     : [cell] "r"(&cell), [bad] "r"(UNMAPPED_LOW)
                     : "x9", "x10", "x11", "x12", "cc", "memory");
    check_true("precise: one data abort", nexc == n + 1 && esr_ec(last_esr) == EC_DABT_CUR);
    check_eq("precise: earlier register writes visible (x9)", last_frame.x[9], 0x99);
    check_eq("precise: earlier arithmetic visible (x10)", last_frame.x[10], 8);
    check_eq("precise: faulting load's destination unchanged (x11)", last_frame.x[11], 0x11);
    check_eq("precise: later instruction not executed (x12)", last_frame.x[12], 0x12);
    check_eq("precise: flags of the cmp before the fault in SPSR",
             last_frame.spsr >> 28, 0x8);
    check_eq("precise: earlier store visible", cell, 8);
    check_eq("precise: execution resumed after the fault", x12_after, 0x34);
    check_eq("precise: flags after resuming", flags_after >> 28, 0x0);
}

static void test_eret_spsr(void)
{
    uint64_t nzcv, n = nexc;

    /* The hook writes N and C into SPSR; ERET must restore them to PSTATE. */
    mode = MODE_SET_NZCV;
    __asm__ volatile("msr nzcv, xzr\n\tsvc #1\n\tmrs %0, nzcv" : "=r"(nzcv) : : "cc", "memory");
    mode = MODE_SKIP;
    check_true("svc taken", nexc == n + 1);
    check_eq("eret restores NZCV from SPSR", nzcv, 0xa0000000ull);
    check_eq("SPSR.M on exception from EL1h", last_spsr & 0x1f, 5);
    check_eq("SPSR.DAIF on exception", last_spsr & 0x3c0, 0x3c0);
}

static void test_el0(void)
{
    uint64_t word = 41, r, n = nexc;

    mode = MODE_SKIP;
    WRITE_SYSREG(tpidr_el0, 1);
    r = run_el0(el0_code, (uint64_t)&word);
    check_eq("el0 round trip result", r, 42);
    check_eq("el0: exceptions taken", nexc - n, 4);
    check_eq("back at EL1", current_el(), 1);
    check_true("svc #0xe1 from EL0 went to the lower-EL vector",
               last_kind == EXC_LOWER64_SYNC && last_esr == 0x560000e1);
    check_eq("SPSR.M of an exception from EL0", last_spsr & 0xf, 0);
}

static void test_sysregs(void)
{
    uint64_t v, sp0, daif;

    WRITE_SYSREG(tpidr_el1, 0x1122334455667788ull);
    check_eq("tpidr_el1", READ_SYSREG(tpidr_el1), 0x1122334455667788ull);
    WRITE_SYSREG(tpidr_el0, 0xfeedull);
    check_eq("tpidr_el0", READ_SYSREG(tpidr_el0), 0xfeedull);
    WRITE_SYSREG(tpidrro_el0, 0xabcdull);
    check_eq("tpidrro_el0", READ_SYSREG(tpidrro_el0), 0xabcdull);
    WRITE_SYSREG(elr_el1, 0x40001234ull);
    check_eq("elr_el1", READ_SYSREG(elr_el1), 0x40001234ull);
    WRITE_SYSREG(far_el1, 0x5555aaaaull);
    check_eq("far_el1", READ_SYSREG(far_el1), 0x5555aaaaull);
    WRITE_SYSREG(esr_el1, 0x96000010ull);
    check_eq("esr_el1", READ_SYSREG(esr_el1), 0x96000010ull);
    v = READ_SYSREG(vbar_el1);
    check_true("vbar_el1 holds the vector table", v == (uint64_t)rt_vectors);

    /* SPSel: with SPSel = 0, SP is SP_EL0. */
    WRITE_SYSREG(sp_el0, 0x40123450ull);
    __asm__ volatile("msr spsel, #0\n\tmov %0, sp\n\tmsr spsel, #1" : "=r"(sp0));
    check_eq("spsel #0 selects SP_EL0", sp0, 0x40123450ull);
    check_eq("spsel reads back 1", READ_SYSREG(spsel), 1);

    /* DAIF: DAIFSet/DAIFClr immediates and the register form. */
    __asm__ volatile("msr daifset, #0xf\n\tmrs %0, daif" : "=r"(daif));
    check_eq("daifset #0xf", daif, 0x3c0);
    __asm__ volatile("msr daifclr, #0xa\n\tmrs %0, daif\n\tmsr daifset, #0xf"
                     : "=r"(daif));
    check_eq("daifclr #0xa clears D and I", daif, 0x140);
    WRITE_SYSREG(daif, 0x2c0);
    check_eq("msr daif", READ_SYSREG(daif), 0x2c0);
    WRITE_SYSREG(daif, 0x3c0);

    WRITE_SYSREG(nzcv, 0x60000000ull);
    check_eq("msr/mrs nzcv", READ_SYSREG(nzcv), 0x60000000ull);
    check_eq("currentel", READ_SYSREG(CurrentEL), 4);
    WRITE_SYSREG(sp_el0, 0);
}

static void test_counter(void)
{
    uint64_t a = READ_SYSREG(cntvct_el0), b;

    for (volatile int i = 0; i < 10000; i++) {
    }
    b = READ_SYSREG(cntvct_el0);
    check_true("cntvct_el0 does not go backwards", b >= a);
    check_true("cntfrq_el0 is set", READ_SYSREG(cntfrq_el0) != 0);
}

int main(void)
{
    exc_set_hook(hook);
    test_svc_brk_undef();
    test_aborts();
    test_precise();
    test_eret_spsr();
    test_el0();
    test_sysregs();
    test_counter();
    exc_set_hook(NULL);
    printf("exceptions taken: %lu\n", nexc);
    return 0;
}
