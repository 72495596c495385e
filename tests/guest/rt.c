/* SPDX-License-Identifier: MIT */
/* rt.c - tiny bare-metal runtime for guest tests (see rt.h). */
#include "rt.h"

/* PL011 registers (Arm PrimeCell UART PL011 TRM, 3.2). */
#define UART_BASE 0x09000000ul
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_CR 0x30
#define UART_FR_TXFF (1u << 5)
#define UART_FR_RXFE (1u << 4)

/* Semihosting operations and exit reason (Arm semihosting spec 6.x). */
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
/* PSCI 1.x SYSTEM_OFF function ID (DEN0022). */
#define PSCI_SYSTEM_OFF 0x84000008u

static volatile uint32_t *uart_reg(unsigned off)
{
    return (volatile uint32_t *)(UART_BASE + off);
}

static unsigned checks, failures;
static volatile int exiting;
static volatile unsigned exc_depth;
static ExcHook exc_hook;

/* Programs that want main() at the boot EL define a strong 1. */
__attribute__((weak)) const int rt_keep_boot_el = 0;

void rt_init(void)
{
    /* UARTEN | TXE | RXE; harmless if the model ignores CR. */
    *uart_reg(UART_CR) = 0x301;
    if (rt_boot_el != 1) {
        printf("boot: started at EL%u, running at EL%u\n", rt_boot_el, current_el());
    }
}

void uart_putc(char c)
{
    while (*uart_reg(UART_FR) & UART_FR_TXFF) {
    }
    *uart_reg(UART_DR) = (uint8_t)c;
}

int uart_getc(unsigned timeout_ms)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0), start = READ_SYSREG(cntvct_el0);
    uint64_t limit = freq / 1000 * timeout_ms;

    while (*uart_reg(UART_FR) & UART_FR_RXFE) {
        if (READ_SYSREG(cntvct_el0) - start > limit) {
            return -1;
        }
    }
    return (int)(*uart_reg(UART_DR) & 0xff);
}

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}

/* ---- printf ---------------------------------------------------------- */

static int out_num(uint64_t v, unsigned base, int neg, int width, int zero, int left,
                   int upper)
{
    char buf[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0, len, count = 0;

    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    len = n + (neg ? 1 : 0);
    if (neg && zero) {
        uart_putc('-');
        count++;
    }
    if (!left) {
        for (; len < width; width--) {
            uart_putc(zero ? '0' : ' ');
            count++;
        }
    }
    if (neg && !zero) {
        uart_putc('-');
        count++;
    }
    while (n) {
        uart_putc(buf[--n]);
        count++;
    }
    for (; left && len < width; width--) {
        uart_putc(' ');
        count++;
    }
    return count + (neg ? 0 : 0);
}

int rt_vprintf(const char *fmt, va_list ap)
{
    int count = 0;

    for (; *fmt; fmt++) {
        int zero = 0, left = 0, width = 0, lng = 0;

        if (*fmt != '%') {
            uart_putc(*fmt);
            count++;
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '0') {
                zero = 1;
            } else if (*fmt == '-') {
                left = 1;
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng = 1;
            fmt++;
        }
        if (left) {
            zero = 0;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            count += out_num(mag, 10, v < 0, width, zero, left, 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            count += out_num(v, *fmt == 'u' ? 10 : 16, 0, width, zero, left, *fmt == 'X');
            break;
        }
        case 'p':
            uart_puts("0x");
            count += 2 + out_num((uint64_t)va_arg(ap, void *), 16, 0, width, zero, left, 0);
            break;
        case 'c':
            uart_putc((char)va_arg(ap, int));
            count++;
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = (int)strlen(s ? s : "(null)");
            for (; !left && len < width; width--, count++) {
                uart_putc(' ');
            }
            uart_puts(s ? s : "(null)");
            count += len;
            for (; left && len < width; width--, count++) {
                uart_putc(' ');
            }
            break;
        }
        case '%':
            uart_putc('%');
            count++;
            break;
        case 0:
            return count;
        default:
            uart_putc('%');
            uart_putc(*fmt);
            count += 2;
            break;
        }
    }
    return count;
}

int rt_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* ---- checks ---------------------------------------------------------- */

void check_eq(const char *name, uint64_t got, uint64_t expected)
{
    checks++;
    if (got == expected) {
        printf("PASS %s = 0x%lx\n", name, got);
    } else {
        failures++;
        printf("FAIL %s = 0x%lx, expected 0x%lx\n", name, got, expected);
    }
}

void check_true(const char *name, int cond)
{
    checks++;
    if (cond) {
        printf("PASS %s\n", name);
    } else {
        failures++;
        printf("FAIL %s\n", name);
    }
}

void check_count(int ok)
{
    checks++;
    failures += !ok;
}

void show(const char *name, uint64_t value)
{
    printf("%s = 0x%lx\n", name, value);
}

unsigned check_failures(void)
{
    return failures;
}

/* ---- exit ------------------------------------------------------------ */

void rt_exit(int code)
{
    uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)code };

    /* Without -semihosting HLT is UNDEFINED; the exception handler skips
     * it while `exiting` is set and we fall back to PSCI (exit code lost). */
    exiting = 1;
    rt_semihost(SYS_EXIT_EXTENDED, block);
    rt_hvc_call(PSCI_SYSTEM_OFF);
    rt_smc_call(PSCI_SYSTEM_OFF); /* the conduit with virtualization=on */
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void rt_poweroff(int code)
{
    uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)code };

    exiting = 1;
    rt_hvc_call(PSCI_SYSTEM_OFF);
    rt_smc_call(PSCI_SYSTEM_OFF);
    rt_semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void rt_finish(int rc)
{
    if (rc == 0 && failures == 0) {
        printf("RESULT: %u checks passed\n", checks);
        printf("@@END@@\n");
        rt_exit(0);
    }
    printf("RESULT: rc=%d, %u of %u checks failed\n", rc, failures, checks);
    rt_exit(rc ? rc : 1);
}

/* ---- exceptions ------------------------------------------------------ */

void exc_set_hook(ExcHook hook)
{
    exc_hook = hook;
}

static ExcHook exc_async_hook;

void exc_set_async_hook(ExcHook hook)
{
    exc_async_hook = hook;
}

static int ec_has_far(unsigned ec)
{
    /* FAR_ELx is valid for instruction/data aborts, PC alignment and
     * watchpoints (D17.2.40); UNKNOWN otherwise, so never print it then. */
    return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25 ||
           ec == 0x34 || ec == 0x35;
}

void exc_print(const ExcFrame *f, unsigned kind)
{
    unsigned ec = esr_ec(f->esr);

    if (f->el != 1) {
        printf("EXC EL%lu vec=%u ESR=0x%lx EC=0x%x ELR=0x%lx SPSR=0x%lx", f->el, kind, f->esr,
               ec, f->elr, f->spsr);
    } else {
        printf("EXC vec=%u ESR=0x%lx EC=0x%x ELR=0x%lx SPSR=0x%lx", kind, f->esr, ec, f->elr,
               f->spsr);
    }
    if (ec_has_far(ec) && !(f->esr & (1u << 10) && (ec == 0x24 || ec == 0x25))) {
        printf(" FAR=0x%lx\n", f->far);
    } else {
        printf(" FAR=-\n");
    }
}

uint64_t exc_skip_elr(const ExcFrame *f)
{
    unsigned ec = esr_ec(f->esr);

    if (ec == 0x15 || ec == 0x16 || ec == 0x17) {
        return f->elr;
    }
    return f->elr + 4;
}

void rt_exception(ExcFrame *f, unsigned kind)
{
    ExcAction act = EXC_ACT_DEFAULT;

    if (exiting) {
        /* HLT or HVC not implemented: skip it and try the next exit path. */
        f->elr = exc_skip_elr(f);
        return;
    }
    if (++exc_depth > 1) {
        printf("EXC nested exception\n");
        exc_print(f, kind);
        rt_exit(3);
    }
    if (exc_hook && (kind & 3) == 0) {
        act = exc_hook(f, kind);
    } else if (exc_async_hook && (kind & 3) != 0) {
        act = exc_async_hook(f, kind);
    }
    switch (act) {
    case EXC_ACT_RETURN:
        break;
    case EXC_ACT_SKIP:
        f->elr = exc_skip_elr(f);
        break;
    default:
        printf("EXC unexpected exception\n");
        exc_print(f, kind);
        rt_exit(3);
    }
    exc_depth--;
}

/* ---- freestanding string functions ---------------------------------- */

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;

    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;

    if (dp < sp) {
        while (n--) {
            *dp++ = *sp++;
        }
    } else {
        while (n--) {
            dp[n] = sp[n];
        }
    }
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;

    while (n--) {
        *dp++ = (uint8_t)c;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *ap = a, *bp = b;

    for (; n; n--, ap++, bp++) {
        if (*ap != *bp) {
            return *ap - *bp;
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}
