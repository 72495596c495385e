/* SPDX-License-Identifier: MIT */
/* rt.h - tiny bare-metal runtime for guest tests: PL011 output, printf, checks, exceptions, exit. */
#ifndef A64EMU_GUEST_RT_H
#define A64EMU_GUEST_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NOINLINE __attribute__((noinline))
#define ALIGNED(n) __attribute__((aligned(n)))

/* Saved state of an exception; layout matches boot.S. el: the EL that
 * took it (whose vector table ran). */
typedef struct ExcFrame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far, sp;
    uint64_t el, pad;
} ExcFrame;

/* Vector entry kinds (index into the VBAR table / 0x80). */
enum {
    EXC_CUR_SP0_SYNC = 0,
    EXC_CUR_SPX_SYNC = 4,
    EXC_LOWER64_SYNC = 8,
};

/* What a hook wants done after an exception. */
typedef enum {
    EXC_ACT_DEFAULT,  /* let the runtime decide (print, then exit as failure) */
    EXC_ACT_RETURN,   /* ERET with the (possibly edited) frame */
    EXC_ACT_SKIP,     /* ERET to the instruction after the faulting one */
    EXC_ACT_EXIT,     /* print and exit with failure */
} ExcAction;

typedef ExcAction (*ExcHook)(ExcFrame *f, unsigned kind);

/* Install a hook for synchronous exceptions (NULL: none). */
void exc_set_hook(ExcHook hook);
/* Install a hook for IRQ, FIQ and SError (NULL: none; they are then
 * unexpected). */
void exc_set_async_hook(ExcHook hook);
/* Print "ESR=... EC=... ELR=... SPSR=... FAR=..." (FAR only when the
 * architecture defines it for this EC; otherwise it is UNKNOWN). */
void exc_print(const ExcFrame *f, unsigned kind);
/* ELR value that skips the faulting instruction (SVC/HVC/SMC already
 * point past it, D1.10.1 "preferred return address"). */
uint64_t exc_skip_elr(const ExcFrame *f);
static inline unsigned esr_ec(uint64_t esr) { return (unsigned)(esr >> 26) & 0x3f; }

/* Output (PL011 at 0x0900_0000). */
void uart_putc(char c);
void uart_puts(const char *s);
/* Polled input: the next received byte, or -1 after timeout_ms without one. */
int uart_getc(unsigned timeout_ms);
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vprintf(const char *fmt, va_list ap);
#define printf rt_printf

/* Checks: print one line each and count failures. */
void check_eq(const char *name, uint64_t got, uint64_t expected);
void check_true(const char *name, int cond);
/* Count a check whose PASS/FAIL line the caller printed itself. */
void check_count(int ok);
/* Print a value that is only compared against QEMU's output. */
void show(const char *name, uint64_t value);
unsigned check_failures(void);

/* Exit paths: semihosting SYS_EXIT_EXTENDED, then PSCI SYSTEM_OFF. */
void rt_exit(int code) __attribute__((noreturn));
/* Power off: PSCI SYSTEM_OFF first, then semihosting exit(code). */
void rt_poweroff(int code) __attribute__((noreturn));
/* Called by boot.S after main(): prints the end marker when rc == 0 and
 * no check failed, and exits. */
void rt_finish(int rc) __attribute__((noreturn));
void rt_init(void);

uint64_t rt_semihost(uint64_t op, void *block);
uint64_t rt_hvc_call(uint64_t fn);
uint64_t rt_smc_call(uint64_t fn);

/* Exception levels. The machine starts the program at rt_boot_el (1, or
 * 2 with -M virt,virtualization=on, 3 with secure=on); boot.S then drops
 * to EL1 unless the program defines
 *     const int rt_keep_boot_el = 1;
 * in which case main() runs at the boot EL, with the vector tables
 * rt_vectors_el1/2/3 installed at every EL below it, their stacks set up,
 * SCR_EL3 = NS|RW|HCE and HCR_EL2 = RW. */
extern unsigned rt_boot_el;
extern const int rt_keep_boot_el;
extern char rt_vectors_el1[], rt_vectors_el2[], rt_vectors_el3[];
/* Run fn(arg) at a lower EL: spsr is the SPSR of the ERET (e.g. 0x3c5 EL1h,
 * 0x3c0 EL0t, 0x3c9 EL2h), and insn how fn's return comes back to this EL
 * as an exception with ISS 0xfffe: 0 SVC, 1 HVC, 2 SMC. Exceptions fn
 * takes meanwhile go to the usual handlers. Returns fn's result. */
uint64_t rt_call_lower(uint64_t spsr, uint64_t (*fn)(uint64_t), uint64_t arg);
extern unsigned rt_call_insn;
static inline uint64_t rt_call_at(uint64_t spsr, unsigned insn, uint64_t (*fn)(uint64_t),
                                  uint64_t arg)
{
    rt_call_insn = insn;
    return rt_call_lower(spsr, fn, arg);
}

/* freestanding helpers (GCC may emit calls to the first four) */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Tiny deterministic PRNG (xorshift64*) for test data. */
static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

#define READ_SYSREG(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)))

static inline unsigned current_el(void)
{
    return (unsigned)(READ_SYSREG(CurrentEL) >> 2) & 3;
}

#endif
