/* SPDX-License-Identifier: MIT */
/*
 * pauth2.c - FEAT_PAuth2, FEAT_FPAC and FEAT_FPACCOMBINE, which QEMU 7.2
 * does not have: run under a64emu only, with -cpu max,x-pauth-level=4
 * (PAuth2 + FPAC) or 5 (+ FPACCOMBINE); the program checks itself and
 * exits non-zero on a failed check. Expected values: DDI 0487 J1.1.2
 * AddPAC/Auth with FEAT_PAuth2 (the PAC is XORed into the pointer's
 * extension bits) from the FEAT_PAuth values QEMU printed for the same
 * keys (PACIA(0x40001234, 0x55) = 0x5b45000040001234 and
 * PACIA(0xffff000012345678, 0x55) = 0x9ee4000012345678); FPAC faults with
 * EC 0x1c, ISS<1> = data key, ISS<0> = key B (D17.2.37).
 */
#include "rt.h"

#define A83 ".arch armv8.3-a\n\t"

static volatile unsigned nexc;
static volatile uint64_t last_esr, last_elr;

static ExcAction hook(ExcFrame *f, unsigned kind)
{
    nexc++;
    last_esr = f->esr;
    last_elr = f->elr;
    printf("exception: EC=0x%x ISS=0x%x\n", esr_ec(f->esr), (unsigned)(f->esr & 0x1ffffff));
    return EXC_ACT_SKIP;
}

static uint64_t table[2] = {0x1111, 0x2222};

int main(void)
{
    uint64_t isar1, s, a, sctlr;
    unsigned level, n;

    exc_set_hook(hook);
    __asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
    level = (isar1 >> 4) & 15;
    show("ID_AA64ISAR1.APA", level);
    check_true("APA is 4 (FPAC) or 5 (FPACCOMBINE)", level == 4 || level == 5);
    __asm__ volatile(A83 "msr apiakeylo_el1, %0\n\tmsr apiakeyhi_el1, %1\n\t"
                     "msr apdbkeylo_el1, %0\n\tmsr apdbkeyhi_el1, %1\n\t"
                     "mrs %2, sctlr_el1\n\torr %2, %2, #(1 << 31)\n\torr %2, %2, #(1 << 13)\n\t"
                     "msr sctlr_el1, %2\n\tmsr tcr_el1, xzr\n\tisb"
                     : : "r"(0x0123456789abcdefull), "r"(0xfedcba9876543210ull), "r"(sctlr));

    /* PAuth2: zero extension bits -> the same as FEAT_PAuth's insertion */
    s = 0x40001234;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(s) : "r"(0x55ull));
    check_eq("pauth2 pacia lower", s, 0x5b45000040001234ull);
    /* upper range: PAC (0x9e, 0x64) XORed into the ones */
    s = 0xffff000012345678ull;
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(s) : "r"(0x55ull));
    check_eq("pauth2 pacia upper", s, 0x619b000012345678ull);
    a = s;
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(0x55ull));
    check_eq("pauth2 autia upper", a, 0xffff000012345678ull);

    /* FPAC: a failed AUTIA faults (ISS 0: instruction key A) and leaves
     * the register alone */
    n = nexc;
    a = 0x5b45000040001234ull;
    __asm__ volatile(A83 "autia %0, %1" : "+r"(a) : "r"(0x56ull));
    check_eq("fpac autia faulted", nexc - n, 1);
    check_eq("fpac autia EC", esr_ec(last_esr), 0x1c);
    check_eq("fpac autia ISS", last_esr & 0x1ffffff, 0);
    check_eq("fpac autia register unchanged", a, 0x5b45000040001234ull);
    /* AUTDB: ISS 3 (data key B) */
    s = (uint64_t)(uintptr_t)&table[0];
    __asm__ volatile(A83 "pacdzb %0" : "+r"(s));
    a = s ^ (1ull << 50);
    n = nexc;
    __asm__ volatile(A83 "autdzb %0" : "+r"(a));
    check_eq("fpac autdzb faulted", nexc - n, 1);
    check_eq("fpac autdzb ISS", last_esr & 0x1ffffff, 3);
    /* combined: LDRAB with a bad PAC faults with EC 0x1c only with
     * FPACCOMBINE; otherwise the load goes to the corrupted address
     * (data abort) */
    n = nexc;
    __asm__ volatile(A83 "ldrab %0, [%1, #8]" : "=r"(a) : "r"(s ^ (1ull << 50)) : "memory");
    check_eq("ldrab bad PAC faulted once", nexc - n, 1);
    if (level == 5) {
        check_eq("fpaccombine ldrab: EC 0x1c", esr_ec(last_esr), 0x1c);
        check_eq("fpaccombine ldrab: ISS 3", last_esr & 0x1ffffff, 3);
    } else {
        check_eq("fpac ldrab: data abort", esr_ec(last_esr), 0x25);
    }
    __asm__ volatile(A83 "ldrab %0, [%1, #8]" : "=r"(a) : "r"(s) : "memory");
    check_eq("ldrab good PAC", a, 0x2222);
    return 0;
}
