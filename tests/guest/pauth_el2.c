/* SPDX-License-Identifier: MIT */
/*
 * pauth_el2.c - pointer authentication with EL2 (-M virt,virtualization=on;
 * main() stays at EL2): PAC at EL2 with SCTLR_EL2.EnIA and TCR_EL2 (T0SZ,
 * TBI), HCR_EL2.API = 0 trapping PAC instructions from EL1 (EC 0x09, also
 * PACGA, not when the key is disabled, never XPAC), HCR_EL2.APK = 0
 * trapping the key registers from EL1 (EC 0x18), and the EL2&0 regime
 * (HCR_EL2.E2H: TCR_EL2 with two ranges; EL0 in the host with TGE uses
 * SCTLR_EL2 and is not trapped by API). DDI 0487 D8.8, D13.2.46 HCR_EL2.
 * PAC values are printed and compared with QEMU.
 */
#include "rt.h"

const int rt_keep_boot_el = 1;

#define A83 ".arch armv8.3-a\n\t"
#define HCR_RW (1ull << 31)
#define HCR_TGE (1ull << 27)
#define HCR_E2H (1ull << 34)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)
#define EN_ALL ((1ull << 31) | (1ull << 30) | (1ull << 27) | (1ull << 13))
#define SPSR_EL1H 0x3c5ull
#define SPSR_EL0T 0x3c0ull
#define INSN_SVC 0
#define INSN_HVC 1

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

static void set_hcr(uint64_t v)
{
    WRITE_SYSREG(hcr_el2, v);
    __asm__ volatile("isb");
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

/* At EL1 (or EL0): what a kernel/user would run. */
static uint64_t el1_pacia(uint64_t p)
{
    return pacia(p, 0x77);
}

static uint64_t el1_pacga(uint64_t p)
{
    uint64_t r;
    __asm__ volatile(A83 "pacga %0, %1, %1" : "=r"(r) : "r"(p));
    return r;
}

static uint64_t el1_xpaci(uint64_t p)
{
    __asm__ volatile(A83 "xpaci %0" : "+r"(p));
    return p;
}

static uint64_t el1_read_key(uint64_t unused)
{
    uint64_t v;
    (void)unused;
    __asm__ volatile(A83 "mrs %0, apiakeylo_el1" : "=r"(v));
    return v;
}

static void expect(const char *name, unsigned n, unsigned el, unsigned ec)
{
    check_true(name, n_exc == n && (n == 0 || (last_el == el && esr_ec(last_esr) == ec)));
}

int main(void)
{
    uint64_t r, s;
    exc_set_hook(sync_hook);
    show("CurrentEL", current_el());
    if (current_el() != 2) {
        printf("FAIL: needs -M virt,virtualization=on\n");
        return 1;
    }
    /* keys from EL2 */
    __asm__ volatile(A83 "msr apiakeylo_el1, %0\n\tmsr apiakeyhi_el1, %1\n\t"
                     "msr apgakeylo_el1, %1\n\tmsr apgakeyhi_el1, %0\n\tisb"
                     : : "r"(0x0123456789abcdefull), "r"(0xfedcba9876543210ull));
    check_eq("key readable at EL2", el1_read_key(0), 0x0123456789abcdefull);

    printf("EL2 regime (no E2H)\n");
    WRITE_SYSREG(sctlr_el2, READ_SYSREG(sctlr_el2) | EN_ALL);
    WRITE_SYSREG(tcr_el2, 0);
    __asm__ volatile("isb");
    s = pacia(0x40001234, 0x55);
    show("EL2 pacia", s);
    check_eq("EL2 autia", autia(s, 0x55), 0x40001234);
    /* TCR_EL2.T0SZ = 25, TBI (bit 20): the tag stays, PAC in 54:39 */
    WRITE_SYSREG(tcr_el2, 25 | 1ull << 20);
    __asm__ volatile("isb");
    s = pacia(0x7700000040001234ull, 0x55);
    show("EL2 pacia tbi t0sz=25", s);
    check_eq("EL2 tbi keeps the tag", s >> 56, 0x77);
    check_eq("EL2 autia tbi", autia(s, 0x55), 0x7700000040001234ull);
    check_eq("EL2 autia tbi fail: code in 54:53", autia(s ^ (1ull << 45), 0x55),
             0x7720000040001234ull);
    WRITE_SYSREG(tcr_el2, 0);
    /* SCTLR_EL2.EnIA = 0: no change at EL2 */
    WRITE_SYSREG(sctlr_el2, READ_SYSREG(sctlr_el2) & ~(1ull << 31));
    __asm__ volatile("isb");
    check_eq("EL2 EnIA = 0: pacia NOP", pacia(0x40001234, 0x55), 0x40001234);
    WRITE_SYSREG(sctlr_el2, READ_SYSREG(sctlr_el2) | EN_ALL);
    __asm__ volatile("isb");

    printf("HCR_EL2.API = 0, APK = 0: EL1 traps\n");
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | EN_ALL);
    WRITE_SYSREG(tcr_el1, 0);
    set_hcr(HCR_RW);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_pacia, 0x40001234);
    expect("EL1 pacia traps to EL2 (EC 0x09)", 1, 2, 0x09);
    check_eq("trapped pacia left the register", r, 0x40001234);
    n_exc = 0;
    rt_call_at(SPSR_EL1H, INSN_HVC, el1_pacga, 0x40001234);
    expect("EL1 pacga traps to EL2", 1, 2, 0x09);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_xpaci, 0x40001234);
    expect("EL1 xpaci does not trap", 0, 0, 0);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_read_key, 0);
    expect("EL1 key read traps to EL2 (EC 0x18)", 1, 2, 0x18);
    check_eq("trapped key read", r, 0x7777);
    show("  ESR", last_esr);
    /* key disabled at EL1: PACIA is a NOP and does not trap */
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~(1ull << 31));
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_pacia, 0x40001234);
    expect("EL1 EnIA = 0: no trap", 0, 0, 0);
    check_eq("EL1 EnIA = 0: pacia NOP", r, 0x40001234);
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | EN_ALL);

    printf("HCR_EL2.API = 1, APK = 1\n");
    set_hcr(HCR_RW | HCR_API | HCR_APK);
    n_exc = 0;
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_pacia, 0x40001234);
    expect("EL1 pacia no trap", 0, 0, 0);
    show("EL1 pacia", r);
    check_eq("EL1 pacia = EL2 pacia (same key, regime layout)", r, pacia(0x40001234, 0x77));
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_read_key, 0);
    check_eq("EL1 key read with APK", r, 0x0123456789abcdefull);
    r = rt_call_at(SPSR_EL1H, INSN_HVC, el1_pacga, 0x40001234);
    show("EL1 pacga", r);

    printf("EL2&0 (E2H)\n");
    set_hcr(HCR_RW | HCR_API | HCR_APK | HCR_E2H);
    /* TCR_EL2 now has TCR_EL1's layout: T0SZ = T1SZ = 25, TBI1 */
    WRITE_SYSREG(tcr_el2, 25 | 25ull << 16 | 1ull << 38);
    __asm__ volatile("isb");
    s = pacia(0xffffff8000001000ull, 0x99);
    show("E2H pacia upper tbi1", s);
    check_eq("E2H upper: tag kept", s >> 56, 0xff);
    check_eq("E2H autia upper", autia(s, 0x99), 0xffffff8000001000ull);
    s = pacia(0x0000000040001234ull, 0x99);
    show("E2H pacia lower", s);
    check_eq("E2H autia lower", autia(s, 0x99), 0x40001234);
    /* EL0 in the host (TGE): SCTLR_EL2 enables, API does not trap */
    set_hcr(HCR_RW | HCR_E2H | HCR_TGE);
    n_exc = 0;
    r = rt_call_at(SPSR_EL0T, INSN_SVC, el1_pacia, 0x40001234);
    expect("host EL0 pacia: no trap", 0, 0, 0);
    show("host EL0 pacia", r);
    set_hcr(HCR_RW);
    WRITE_SYSREG(tcr_el2, 0);
    __asm__ volatile("isb");
    return 0;
}
