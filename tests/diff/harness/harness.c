// SPDX-License-Identifier: MIT
// harness.c - C part of the differential-test image: sandbox fill and
// checksum, and the line-oriented state dump that run_diff.py compares.
// Built freestanding with -mgeneral-regs-only (no FP/SIMD state touched).
#include <stdint.h>
#include "harness.h"

#define UART_DR ((volatile uint32_t *)0x09000000)

uint64_t diff_regs[DIFF_NREGS + 1];
// V0..V31 after an FP/SIMD case (boot.S diff_leave_fp): lo, hi per register.
uint64_t diff_vregs[64] __attribute__((aligned(16)));
// count, scratch x1/x2, pad, then DIFF_EXC_MAXREC records of
// {esr, elr, far, spsr}.
uint64_t diff_exc[4 + 4 * DIFF_EXC_MAXREC] __attribute__((aligned(16)));
uint64_t diff_stack[2048] __attribute__((aligned(16)));
extern uint64_t diff_stack_top[];
__asm__(".global diff_stack_top\n.set diff_stack_top, diff_stack + 16384\n");

static const uint64_t *cur_init;
static uint64_t ncases;
// Compact mode (init flags bit 1): the per-case state lines are hashed
// instead of printed, and one "case N h=HASH" line is written; run_diff.py
// reruns a mismatching case in full mode to show the difference.
static int compact;
static uint64_t line_hash;

static void putc_(char c)
{
    if (compact)
        line_hash = (line_hash ^ (uint8_t)c) * 0x100000001b3ull;
    else
        *UART_DR = (uint8_t)c;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void puthex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putc_("0123456789abcdef"[(v >> (i * 4)) & 15]);
}

static void putdec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        putc_(buf[--n]);
}

// Semihosting SYS_EXIT_EXTENDED (0x20) with ADP_Stopped_ApplicationExit.
static void __attribute__((noreturn)) semi_exit(uint64_t code)
{
    static uint64_t blk[2];
    blk[0] = 0x20026;
    blk[1] = code;
    register uint64_t x0 __asm__("x0") = 0x20;
    register uint64_t x1 __asm__("x1") = (uint64_t)blk;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void diff_main(void)
{
    puts_("diff-harness 1\n");
}

// Sandbox words: mostly random, with edge values mixed in so that loads
// see 0, -1, sign boundaries and small numbers.
void diff_case_begin(const uint64_t *init)
{
    volatile uint64_t *sb = (volatile uint64_t *)DIFF_SANDBOX;
    uint64_t s = init[DIFF_INIT_SEED / 8];

    cur_init = init;
    diff_exc[DIFF_EXC_COUNT / 8] = 0;
    *(volatile uint64_t *)(DIFF_RAM_END - 16) = 0;
    *(volatile uint64_t *)(DIFF_RAM_END - 8) = 0;
    // Reset every piece of state the sys class may change, so that each
    // case depends on its own initial state only (and minimises alone):
    // FPCR, FPSR, TPIDR*, SP_EL0, ELR/SPSR/ESR/FAR_EL1, DAIF, and
    // PSTATE.{UAO, PAN, SSBS, DIT} (MSR immediate, as .inst so that the
    // assembler needs no -march), and the exclusive monitor.
    __asm__ volatile(
        "msr fpcr, xzr\n msr fpsr, xzr\n"
        "msr tpidr_el0, xzr\n msr tpidrro_el0, xzr\n msr sp_el0, xzr\n"
        "msr elr_el1, xzr\n msr spsr_el1, xzr\n msr esr_el1, xzr\n"
        "msr far_el1, xzr\n msr daifset, #0xf\n"
        ".inst 0xd500407f\n"       // MSR UAO, #0
        ".inst 0xd500409f\n"       // MSR PAN, #0
        ".inst 0xd503403f\n"       // MSR SSBS, #0
        ".inst 0xd503405f\n"       // MSR DIT, #0
        "clrex\n isb\n" ::: "memory");
    for (unsigned i = 0; i < DIFF_SANDBOX_SIZE / 8; i++) {
        uint64_t r = splitmix(&s);
        switch (r & 15) {
        case 0: r = 0; break;
        case 1: r = ~0ull; break;
        case 2: r >>= 56; break;
        case 3: r = 0x8000000000000000ull >> (r >> 58); break;
        case 4: r = (r >> 60) | 0x7fffffff80000000ull; break;
        default: break;
        }
        sb[i] = r;
    }
}

static int ec_has_far(uint64_t ec)
{
    return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 ||
           ec == 0x25 || ec == 0x34 || ec == 0x35;
}

void diff_case_end(void)
{
    static const char names[] = "0123456789";
    volatile uint64_t *sb = (volatile uint64_t *)DIFF_SANDBOX;
    uint64_t h = 0xcbf29ce484222325ull;
    uint64_t flags = cur_init[DIFF_INIT_SEED / 8 + 2];

    ncases++;
    compact = 0;
    puts_("case ");
    putdec(cur_init[DIFF_INIT_SEED / 8 + 1]);
    compact = (flags & 2) != 0;
    line_hash = 0xcbf29ce484222325ull;
    if (!compact)
        putc_('\n');
    for (int i = 0; i < 31; i++) {
        putc_('x');
        putc_(names[i / 10]);
        putc_(names[i % 10]);
        putc_('=');
        puthex(diff_regs[i], 16);
        putc_('\n');
    }
    puts_("sp=");
    puthex(diff_regs[DIFF_REG_SP], 16);
    puts_("\nnzcv=");
    puthex(diff_regs[DIFF_REG_NZCV] >> 28, 1);
    putc_('\n');
    for (unsigned i = 0; i < DIFF_SANDBOX_SIZE / 8; i++) {
        uint64_t w = sb[i];
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
        if (flags & 1) {
            puts_("m");
            puthex(i * 8, 3);
            putc_('=');
            puthex(w, 16);
            putc_('\n');
        }
    }
    puts_("mem=");
    puthex(h, 16);
    // System state the sys class can write: compared even when no MRS in
    // the case reads it back. PSTATE.{DAIF,PAN,UAO,DIT,SSBS} read with MRS
    // (as .inst: no -march needed), OR-ed (their bits are disjoint).
    uint64_t fpcr, fpsr, tp0, tpro, spel0, daif, pan, uao, dit, ssbs;
    __asm__ volatile("mrs %0, fpcr\n mrs %1, fpsr\n mrs %2, tpidr_el0\n"
                     "mrs %3, tpidrro_el0\n mrs %4, sp_el0\n mrs %5, daif"
                     : "=r"(fpcr), "=r"(fpsr), "=r"(tp0), "=r"(tpro),
                       "=r"(spel0), "=r"(daif));
    __asm__ volatile("mrs %0, s3_0_c4_c2_3\n mrs %1, s3_0_c4_c2_4\n"
                     "mrs %2, s3_3_c4_c2_5\n mrs %3, s3_3_c4_c2_6"
                     : "=r"(pan), "=r"(uao), "=r"(dit), "=r"(ssbs));
    puts_("\nfpcr=");
    puthex(fpcr, 8);
    puts_("\nfpsr=");
    puthex(fpsr, 8);
    puts_("\ntpidr_el0=");
    puthex(tp0, 16);
    puts_("\ntpidrro_el0=");
    puthex(tpro, 16);
    puts_("\nsp_el0=");
    puthex(spel0, 16);
    puts_("\npstate=");
    puthex(daif | pan | uao | dit | ssbs, 8);
    // The last 16 bytes of RAM (-m 128M): the abort class stores across the
    // end of RAM, whose first part may land here.
    puts_("\nramend=");
    puthex(*(volatile uint64_t *)(DIFF_RAM_END - 16), 16);
    puthex(*(volatile uint64_t *)(DIFF_RAM_END - 8), 16);
    if (flags & DIFF_FLAG_FP) {
        for (int i = 0; i < 32; i++) {
            puts_("\nv");
            putc_(names[i / 10]);
            putc_(names[i % 10]);
            putc_('=');
            puthex(diff_vregs[2 * i + 1], 16);
            puthex(diff_vregs[2 * i], 16);
        }
    }
    puts_("\nexc=");
    uint64_t n = diff_exc[DIFF_EXC_COUNT / 8];
    putdec(n);
    putc_('\n');
    for (uint64_t i = 0; i < n && i < DIFF_EXC_MAXREC; i++) {
        const uint64_t *r = &diff_exc[DIFF_EXC_REC / 8 + 4 * i];
        putc_('e');
        putdec(i);
        puts_(" esr=");
        puthex(r[0], 8);
        puts_(" elr=");
        puthex(r[1], 16);
        puts_(" far=");
        if (ec_has_far(r[0] >> 26))
            puthex(r[2], 16);
        else
            putc_('-');
        // SPSR.BTYPE (bits 11:10, FEAT_BTI) is masked: QEMU -cpu max sets it
        // on BR/BLR even without guarded pages; issue 2 has no BTI.
        puts_(" spsr=");
        puthex(r[3] & ~0xc00ull, 8);
        putc_('\n');
    }
    if (compact) {
        compact = 0;
        puts_(" h=");
        puthex(line_hash, 16);
        putc_('\n');
    }
}

void diff_finish(void)
{
    puts_("end ");
    putdec(ncases);
    putc_('\n');
    semi_exit(0);
}

void diff_runaway(void)
{
    puts_("\nerror: runaway exceptions in case ");
    putdec(cur_init ? cur_init[DIFF_INIT_SEED / 8 + 1] : ~0ull);
    uint64_t esr, elr;
    __asm__ volatile("mrs %0, esr_el1; mrs %1, elr_el1" : "=r"(esr), "=r"(elr));
    puts_(" esr=");
    puthex(esr, 8);
    puts_(" elr=");
    puthex(elr, 16);
    putc_('\n');
    semi_exit(4);
}

void diff_unexpected(uint64_t vec)
{
    uint64_t esr, elr;
    __asm__ volatile("mrs %0, esr_el1; mrs %1, elr_el1" : "=r"(esr), "=r"(elr));
    puts_("\nerror: unexpected exception vector ");
    putdec(vec);
    puts_(" esr=");
    puthex(esr, 8);
    puts_(" elr=");
    puthex(elr, 16);
    putc_('\n');
    semi_exit(3);
}
