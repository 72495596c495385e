/* SPDX-License-Identifier: MIT */
/*
 * pauth_el3.c - pointer authentication with EL3 (-M virt,secure=on, also
 * with virtualization=on; main() stays at EL3): SCR_EL3.API = 0 traps PAC
 * instructions from EL1 to EL3 (EC 0x09), SCR_EL3.APK = 0 traps the key
 * registers (EC 0x18); with EL2 present and HCR_EL2.API/APK = 0 the EL2
 * trap has priority; PAC at EL3 with SCTLR_EL3.EnIA and TCR_EL3.TBI.
 * DDI 0487 D8.8, D13.2.113 SCR_EL3. Compared with QEMU.
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define A83 ".arch armv8.3-a\n\t"
#define SCR_APK (1ull << 16)
#define SCR_API (1ull << 17)
#define HCR_RW (1ull << 31)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)
#define EN_ALL ((1ull << 31) | (1ull << 30) | (1ull << 27) | (1ull << 13))
#define SPSR_EL1H 0x3c5ull
#define INSN_SMC 2

static volatile unsigned n_exc;
static volatile uint64_t last_esr, last_el;

static ExcAction sync_hook(ExcFrame *f, unsigned kind)
{
    n_exc++;
    last_esr = f->esr;
    last_el = f->el;
    printf("  exception at EL%lu EC=0x%x ISS=0x%lx\n", f->el, esr_ec(f->esr),
           f->esr & 0x1ffffff);
    if (esr_ec(f->esr) == 0x18 && (f->esr & 1)) {
        unsigned rt = (f->esr >> 5) & 31;
        if (rt < 31) {
            f->x[rt] = 0x7777;
        }
    }
    return EXC_ACT_SKIP;
}

static uint64_t pacia(uint64_t p, uint64_t m)
{
    __asm__ volatile(A83 "pacia %0, %1" : "+r"(p) : "r"(m));
    return p;
}

static uint64_t autia(uint64_t p, uint64_t m)
{
    __asm__ volatile(A83 "autia %0, %1" : "+r"(p) : "r"(m));
    return p;
}

static uint64_t el1_pacia(uint64_t p)
{
    return pacia(p, 0x77);
}

static uint64_t read_key(uint64_t unused)
{
    uint64_t v;
    (void)unused;
    __asm__ volatile(A83 "mrs %0, apiakeylo_el1" : "=r"(v));
    return v;
}

static void set_scr(uint64_t v)
{
    WRITE_SYSREG(scr_el3, v);
    __asm__ volatile("isb");
}

static void expect(const char *name, unsigned n, unsigned el, unsigned ec)
{
    check_true(name, n_exc == n && (n == 0 || (last_el == el && esr_ec(last_esr) == ec)));
}

int main(void)
{
    uint64_t r, s, scr;
    unsigned has_el2;
    exc_set_hook(sync_hook);
    show("CurrentEL", current_el());
    if (current_el() != 3) {
        printf("FAIL: needs -M virt,secure=on\n");
        return 1;
    }
    has_el2 = ((READ_SYSREG(id_aa64pfr0_el1) >> 8) & 15) != 0;
    show("EL2 implemented", has_el2);
    scr = READ_SYSREG(scr_el3);
    show("SCR_EL3 API/APK from the runtime", scr & (SCR_API | SCR_APK));
    __asm__ volatile(A83 "msr apiakeylo_el1, %0\n\tmsr apiakeyhi_el1, %1\n\tisb"
                     : : "r"(0x0123456789abcdefull), "r"(0xfedcba9876543210ull));
    check_eq("key at EL3", read_key(0), 0x0123456789abcdefull);

    printf("EL3 regime\n");
    WRITE_SYSREG(sctlr_el3, READ_SYSREG(sctlr_el3) | EN_ALL);
    WRITE_SYSREG(tcr_el3, 1ull << 20); /* TBI */
    __asm__ volatile("isb");
    s = pacia(0x5500000040001234ull, 0x11);
    show("EL3 pacia tbi", s);
    check_eq("EL3 tag kept", s >> 56, 0x55);
    check_eq("EL3 autia", autia(s, 0x11), 0x5500000040001234ull);
    WRITE_SYSREG(tcr_el3, 0);
    __asm__ volatile("isb");

    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | EN_ALL);
    WRITE_SYSREG(tcr_el1, 0);
    if (has_el2) {
        printf("HCR_EL2.API/APK = 0 and SCR_EL3.API/APK = 0: EL2 first\n");
        WRITE_SYSREG(hcr_el2, HCR_RW);
        set_scr(scr & ~(SCR_API | SCR_APK));
        n_exc = 0;
        rt_call_at(SPSR_EL1H, INSN_SMC, el1_pacia, 0x40001234);
        expect("EL1 pacia traps to EL2", 1, 2, 0x09);
        n_exc = 0;
        rt_call_at(SPSR_EL1H, INSN_SMC, read_key, 0);
        expect("EL1 key read traps to EL2", 1, 2, 0x18);
        WRITE_SYSREG(hcr_el2, HCR_RW | HCR_API | HCR_APK);
        __asm__ volatile("isb");
    }
    printf("SCR_EL3.API/APK = 0: EL1 traps to EL3\n");
    set_scr(scr & ~(SCR_API | SCR_APK));
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_SMC, el1_pacia, 0x40001234);
    expect("EL1 pacia traps to EL3", 1, 3, 0x09);
    check_eq("trapped pacia left the register", r, 0x40001234);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_SMC, read_key, 0);
    expect("EL1 key read traps to EL3", 1, 3, 0x18);
    check_eq("trapped key read", r, 0x7777);
    show("  ESR", last_esr);

    printf("SCR_EL3.API/APK = 1\n");
    set_scr(scr | SCR_API | SCR_APK);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_SMC, el1_pacia, 0x40001234);
    expect("EL1 pacia no trap", 0, 0, 0);
    show("EL1 pacia", r);
    check_eq("EL1 key read", rt_call_at(SPSR_EL1H, INSN_SMC, read_key, 0),
             0x0123456789abcdefull);
    set_scr(scr);
    return 0;
}
