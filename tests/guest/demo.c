/* SPDX-License-Identifier: MIT */
/*
 * demo.c - the default guest of `tools/setup.sh run`: a bare-metal program
 * that reports its exception level and a few results on the PL011 UART,
 * takes and returns from an exception, and powers the machine off.
 */
#include "rt.h"

static NOINLINE unsigned count_primes(unsigned limit)
{
    static uint8_t composite[10001];
    unsigned n = 0;

    for (unsigned i = 2; i <= limit; i++) {
        if (composite[i]) {
            continue;
        }
        n++;
        for (unsigned j = i * i; j <= limit; j += i) {
            composite[j] = 1;
        }
    }
    return n;
}

static NOINLINE uint32_t crc32_str(const char *s)
{
    uint32_t c = 0xffffffff;

    for (; *s; s++) {
        __asm__("crc32b %w0, %w0, %w1" : "+r"(c) : "r"(*s));
    }
    return ~c;
}

static uint32_t data[2000];

static NOINLINE void shell_sort(uint32_t *a, unsigned n)
{
    for (unsigned gap = n / 2; gap; gap /= 2) {
        for (unsigned i = gap; i < n; i++) {
            uint32_t v = a[i];
            unsigned j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) {
                a[j] = a[j - gap];
            }
            a[j] = v;
        }
    }
}

static ExcAction on_svc(ExcFrame *f, unsigned kind)
{
    printf("  exception taken: ESR_EL1=0x%lx (EC 0x%x, SVC #%lu), ELR_EL1=0x%lx\n", f->esr,
           esr_ec(f->esr), f->esr & 0xffff, f->elr);
    f->x[0] = f->x[0] * 2;   /* a "system call" that doubles its argument */
    return EXC_ACT_RETURN;
}

int main(void)
{
    uint64_t seed = 2024, r;
    unsigned sorted = 1;

    printf("a64emu demo: bare-metal arm64 guest\n");
    printf("running at EL%u, SCTLR_EL1.M=%lu (MMU off)\n", current_el(),
           READ_SYSREG(sctlr_el1) & 1);
    check_eq("primes below 10000", count_primes(10000), 1229);
    check_eq("crc32(\"123456789\")", crc32_str("123456789"), 0xcbf43926);
    for (unsigned i = 0; i < 2000; i++) {
        data[i] = (uint32_t)rng_next(&seed);
    }
    shell_sort(data, 2000);
    for (unsigned i = 1; i < 2000; i++) {
        sorted &= data[i - 1] <= data[i];
    }
    check_true("2000 numbers sorted", sorted);

    exc_set_hook(on_svc);
    __asm__ volatile("mov x0, #21\n\tsvc #42\n\tmov %0, x0" : "=r"(r) : : "x0", "memory");
    exc_set_hook(NULL);
    check_eq("svc #42 doubled 21", r, 42);

    if (check_failures() == 0) {
        printf("RESULT: all checks passed\n@@END@@\npowering off (PSCI SYSTEM_OFF)\n");
        rt_poweroff(0);
    }
    return 1;
}
