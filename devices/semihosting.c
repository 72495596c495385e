/* SPDX-License-Identifier: MIT */
/*
 * semihosting.c - Arm semihosting for A64 guests (Arm "Semihosting for
 * AArch32 and AArch64", v2.0): HLT #0xf000 with the operation in W0 and a
 * parameter block of 64-bit words at X1; the result goes to X0.
 *
 * What bare-metal tests and C libraries use: console output (WRITEC,
 * WRITE0, WRITE to the ":tt" handles), the ":semihosting-features" file,
 * EXIT / EXIT_EXTENDED (the exit code becomes the process exit status,
 * mapped as QEMU does), CLOCK, TIME, ELAPSED, TICKFREQ, ERRNO, ISTTY,
 * ISERROR, GET_CMDLINE, HEAPINFO, READ/READC from stdin. Opening host files
 * (and REMOVE, RENAME, SYSTEM, TMPNAM) is refused: a guest gets no access
 * to the host file system. A bad guest pointer makes the call fail with
 * -1 / EFAULT, as in QEMU; it never faults the guest or the host.
 */
#include "semihosting.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../frontend/memaccess.h"
#include "../timer/counter.h"
#include "../translator/log.h"
#include "virt.h"

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c,
    SYS_TMPNAM = 0x0d,
    SYS_REMOVE = 0x0e,
    SYS_RENAME = 0x0f,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_SYSTEM = 0x12,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

/* ADP_Stopped_ApplicationExit: a normal exit; its subcode is the status. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* Handles, as QEMU numbers them: SYS_OPEN takes the lowest free number
 * from 1 up (0 is never a handle); ":tt" opens the console (read: stdin,
 * write: stdout, append: stderr, the SH_EXT_STDOUT_STDERR convention) and
 * ":semihosting-features" a read-only in-memory file. The table is per
 * process, like QEMU's: semihosting predates SMP and guests serialise
 * their calls. */
typedef enum { HK_FREE, HK_STDIN, HK_STDOUT, HK_STDERR, HK_FEATURES } HandleKind;
#define SH_MAX_HANDLES 32

/* "SHFB" magic, then feature byte 0: SH_EXT_EXIT_EXTENDED (bit 0) and
 * SH_EXT_STDOUT_STDERR (bit 1). */
static const uint8_t features_file[] = {0x53, 0x48, 0x46, 0x42, 0x03};

static struct {
    HandleKind kind[SH_MAX_HANDLES];
    uint64_t pos[SH_MAX_HANDLES];   /* features file read position */
    int errno_val;
} sh;

/* ---- guest memory (virtual addresses of the calling EL) ---------------- */

static bool read_guest(A64Cpu *cpu, uint64_t va, void *buf, size_t len)
{
    return a64_read_mem_nofault(cpu, va, buf, len);
}

static bool read_arg(A64Cpu *cpu, uint64_t block, unsigned n, uint64_t *v)
{
    uint8_t b[8];
    if (!read_guest(cpu, block + 8ull * n, b, 8)) {
        return false;
    }
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) {
        x = (x << 8) | b[i];
    }
    *v = x;
    return true;
}

/* Write len bytes to guest memory without raising: translate each page,
 * then store through the address space (which keeps translated code
 * coherent). false if any part is unmapped or not writable. */
static bool write_guest(A64Cpu *cpu, uint64_t va, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        uint64_t pa;
        A64Exception exc;
        size_t chunk = A64_PAGE_SIZE - (va & (A64_PAGE_SIZE - 1));
        if (chunk > len) {
            chunk = len;
        }
        if (!a64_translate_va(cpu, va, A64_ACC_WRITE, a64_mmu_idx(cpu), cpu->pc, &pa, &exc)) {
            return false;
        }
        if (as_page_has_code(cpu->as, pa & A64_PAGE_MASK)) {
            as_notify_code_write(cpu->as, pa & A64_PAGE_MASK);
        }
        if (!as_write(cpu->as, pa, p, chunk)) {
            return false;
        }
        va += chunk;
        p += chunk;
        len -= chunk;
    }
    return true;
}

static bool write_arg(A64Cpu *cpu, uint64_t block, unsigned n, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(v >> (8 * i));
    }
    return write_guest(cpu, block + 8ull * n, b, 8);
}

/* ---- console ------------------------------------------------------------ */

/* Copy len bytes of guest memory at va to f; returns the bytes written. */
static uint64_t write_out(A64Cpu *cpu, FILE *f, uint64_t va, uint64_t len)
{
    uint8_t buf[512];
    uint64_t done = 0;
    while (done < len) {
        size_t n = len - done > sizeof(buf) ? sizeof(buf) : (size_t)(len - done);
        if (!read_guest(cpu, va + done, buf, n)) {
            break;
        }
        size_t w = fwrite(buf, 1, n, f);
        done += w;
        if (w < n) {
            break;
        }
    }
    fflush(f);
    return done;
}

/* ---- operations ------------------------------------------------------------ */

static int64_t fail(int err)
{
    sh.errno_val = err;
    return -1;
}

static int64_t alloc_handle(HandleKind kind)
{
    for (unsigned h = 1; h < SH_MAX_HANDLES; h++) {
        if (sh.kind[h] == HK_FREE) {
            sh.kind[h] = kind;
            sh.pos[h] = 0;
            return h;
        }
    }
    return fail(EMFILE);
}

static HandleKind handle_kind(uint64_t h)
{
    return h < SH_MAX_HANDLES ? sh.kind[h] : HK_FREE;
}

static int64_t sys_open(A64Cpu *cpu, uint64_t args)
{
    uint64_t name_va, mode, len;
    char name[32];
    if (!read_arg(cpu, args, 0, &name_va) || !read_arg(cpu, args, 1, &mode) ||
        !read_arg(cpu, args, 2, &len)) {
        return fail(EFAULT);
    }
    if (mode >= 12) {
        return fail(EINVAL);
    }
    if (len >= sizeof(name) || !read_guest(cpu, name_va, name, (size_t)len + 1) ||
        name[len] != '\0') {
        /* Not one of the special names (they are short): a host file. */
        log_unimp_once("semihosting:open", "semihosting SYS_OPEN of a host file: refused\n");
        return fail(EACCES);
    }
    if (strcmp(name, ":tt") == 0) {
        return alloc_handle(mode < 4 ? HK_STDIN : mode < 8 ? HK_STDOUT : HK_STDERR);
    }
    if (strcmp(name, ":semihosting-features") == 0) {
        if (mode != 0 && mode != 1) {
            return fail(EACCES);
        }
        return alloc_handle(HK_FEATURES);
    }
    log_unimp_once("semihosting:open", "semihosting SYS_OPEN of a host file: refused\n");
    return fail(EACCES);
}

/* SYS_WRITE/SYS_READ return the number of bytes NOT transferred. */
static int64_t sys_write(A64Cpu *cpu, uint64_t args)
{
    uint64_t h, buf, len;
    if (!read_arg(cpu, args, 0, &h) || !read_arg(cpu, args, 1, &buf) ||
        !read_arg(cpu, args, 2, &len)) {
        return fail(EFAULT);
    }
    HandleKind k = handle_kind(h);
    if (k != HK_STDOUT && k != HK_STDERR) {
        sh.errno_val = EBADF;
        return (int64_t)len;
    }
    return (int64_t)(len - write_out(cpu, k == HK_STDERR ? stderr : stdout, buf, len));
}

static int64_t sys_read(A64Cpu *cpu, uint64_t args)
{
    uint64_t h, buf, len;
    if (!read_arg(cpu, args, 0, &h) || !read_arg(cpu, args, 1, &buf) ||
        !read_arg(cpu, args, 2, &len)) {
        return fail(EFAULT);
    }
    HandleKind k = handle_kind(h);
    if (k == HK_FEATURES) {
        uint64_t left = sizeof(features_file) - sh.pos[h];
        uint64_t n = len < left ? len : left;
        if (n && !write_guest(cpu, buf, features_file + sh.pos[h], (size_t)n)) {
            sh.errno_val = EFAULT;
            return (int64_t)len;
        }
        sh.pos[h] += n;
        return (int64_t)(len - n);
    }
    if (k != HK_STDIN) {
        sh.errno_val = EBADF;
        return (int64_t)len;
    }
    uint8_t tmp[256];
    size_t want = len < sizeof(tmp) ? (size_t)len : sizeof(tmp);
    ssize_t got = want ? read(STDIN_FILENO, tmp, want) : 0;
    if (got < 0) {
        sh.errno_val = errno;
        return (int64_t)len;
    }
    if (got > 0 && !write_guest(cpu, buf, tmp, (size_t)got)) {
        sh.errno_val = EFAULT;
        return (int64_t)len;
    }
    return (int64_t)(len - (uint64_t)got);
}

static int64_t sys_seek(A64Cpu *cpu, uint64_t args)
{
    uint64_t h, pos;
    if (!read_arg(cpu, args, 0, &h) || !read_arg(cpu, args, 1, &pos)) {
        return fail(EFAULT);
    }
    switch (handle_kind(h)) {
    case HK_FEATURES:
        if (pos > sizeof(features_file)) {
            return fail(EINVAL);
        }
        sh.pos[h] = pos;
        return 0;
    case HK_FREE:
        return fail(EBADF);
    default:
        return fail(ESPIPE);
    }
}

static int64_t sys_flen(A64Cpu *cpu, uint64_t args)
{
    uint64_t h;
    if (!read_arg(cpu, args, 0, &h)) {
        return fail(EFAULT);
    }
    switch (handle_kind(h)) {
    case HK_FEATURES:
        return sizeof(features_file);
    case HK_FREE:
        return fail(EBADF);
    default:
        return fail(EINVAL);
    }
}

/* ISTTY: the host's answer for console handles (as QEMU asks the host). */
static int64_t sys_istty(A64Cpu *cpu, uint64_t args)
{
    uint64_t h;
    if (!read_arg(cpu, args, 0, &h)) {
        return fail(EFAULT);
    }
    switch (handle_kind(h)) {
    case HK_FREE:
        return fail(EBADF);
    case HK_FEATURES:
        return 0;
    case HK_STDIN:
        return isatty(STDIN_FILENO) ? 1 : 0;
    case HK_STDOUT:
        return isatty(STDOUT_FILENO) ? 1 : 0;
    default:
        return isatty(STDERR_FILENO) ? 1 : 0;
    }
}

/* The command line: the -kernel path (QEMU uses -append when given, else
 * the kernel file name; we have no -append yet). */
static int64_t sys_get_cmdline(A64Cpu *cpu, uint64_t args)
{
    uint64_t buf, size;
    Machine *m = cpu->machine;
    const char *cmd = (m && m->opt.kernel) ? m->opt.kernel : "";
    size_t n = strlen(cmd) + 1;
    if (!read_arg(cpu, args, 0, &buf) || !read_arg(cpu, args, 1, &size)) {
        return fail(EFAULT);
    }
    if (n > size) {
        return fail(E2BIG);
    }
    if (!write_arg(cpu, args, 1, n - 1) || !write_guest(cpu, buf, cmd, n)) {
        return fail(EFAULT);
    }
    return 0;
}

/* HEAPINFO: heap base/limit and stack base/limit. QEMU gives the largest
 * RAM gap not covered by the loaded image, heap from its bottom and the
 * stack from its top. Without the image extent we use the upper half of
 * the RAM: heap [RAM + size/2, RAM end), stack base = RAM end. */
static int64_t sys_heapinfo(A64Cpu *cpu, uint64_t args)
{
    uint64_t block;
    Machine *m = cpu->machine;
    uint64_t base = VIRT_RAM_BASE, size = m ? m->opt.ram_size : 0;
    if (!read_arg(cpu, args, 0, &block)) {
        return fail(EFAULT);
    }
    uint64_t heap = base + size / 2, limit = base + size;
    uint64_t v[4] = {heap, limit, limit, heap};
    for (unsigned i = 0; i < 4; i++) {
        if (!write_arg(cpu, block, i, v[i])) {
            return fail(EFAULT);
        }
    }
    return 0;
}

/* SYS_EXIT (A64 form: parameter block {reason, subcode}) and
 * SYS_EXIT_EXTENDED: ADP_Stopped_ApplicationExit exits with the subcode,
 * any other reason with 1 (QEMU semihosting/arm-compat-semi.c). */
static void sys_exit(A64Cpu *cpu, uint64_t args)
{
    uint64_t reason = 0, subcode = 0;
    int code;
    if (!read_arg(cpu, args, 0, &reason) || !read_arg(cpu, args, 1, &subcode)) {
        code = 1;
    } else if (reason == ADP_STOPPED_APPLICATION_EXIT) {
        code = (int)(subcode & 0xff);
    } else {
        code = 1;
    }
    fflush(stdout);
    fflush(stderr);
    if (cpu->machine) {
        machine_request_shutdown(cpu->machine, code);
    }
    cpu->exit_code = code;
    cpu->powered_off = true;
    cpu->exit_request = 1;
}

void semihosting_call(A64Cpu *cpu)
{
    uint32_t op = (uint32_t)cpu->x[0];
    uint64_t args = cpu->x[1];
    int64_t ret;

    if (log_on(LOG_INT)) {
        log_printf("semihosting call 0x%02x on CPU %u\n", op, cpu->index);
    }
    switch (op) {
    case SYS_OPEN:
        ret = sys_open(cpu, args);
        break;
    case SYS_CLOSE: {
        uint64_t h;
        if (!read_arg(cpu, args, 0, &h)) {
            ret = fail(EFAULT);
        } else if (handle_kind(h) == HK_FREE) {
            ret = fail(EBADF);
        } else {
            sh.kind[h] = HK_FREE;
            ret = 0;
        }
        break;
    }
    case SYS_WRITEC: {
        uint8_t c;
        if (read_guest(cpu, args, &c, 1)) {
            fputc(c, stdout);
            fflush(stdout);
        }
        ret = 0xdeadbeef; /* X0 is corrupted; QEMU writes this */
        break;
    }
    case SYS_WRITE0: {
        /* Write bytes up to the NUL, a page-bounded chunk at a time. */
        char buf[256];
        uint64_t va = args;
        for (;;) {
            size_t n = sizeof(buf) - (va & (sizeof(buf) - 1));
            if (!read_guest(cpu, va, buf, n)) {
                break;
            }
            size_t len = strnlen(buf, n);
            fwrite(buf, 1, len, stdout);
            if (len < n) {
                break;
            }
            va += n;
        }
        fflush(stdout);
        ret = 0xdeadbeef;
        break;
    }
    case SYS_WRITE:
        ret = sys_write(cpu, args);
        break;
    case SYS_READ:
        ret = sys_read(cpu, args);
        break;
    case SYS_READC: {
        int c = getchar();
        ret = c == EOF ? -1 : c;
        break;
    }
    case SYS_ISERROR: {
        uint64_t v;
        ret = read_arg(cpu, args, 0, &v) ? ((int64_t)v < 0) : fail(EFAULT);
        break;
    }
    case SYS_ISTTY:
        ret = sys_istty(cpu, args);
        break;
    case SYS_SEEK:
        ret = sys_seek(cpu, args);
        break;
    case SYS_FLEN:
        ret = sys_flen(cpu, args);
        break;
    case SYS_TMPNAM:
    case SYS_REMOVE:
    case SYS_RENAME:
    case SYS_SYSTEM:
        log_unimp_once("semihosting:host", "semihosting call 0x%02x (host file system or "
                       "shell): refused\n", op);
        ret = fail(EACCES);
        break;
    case SYS_CLOCK:
        /* centiseconds of execution */
        ret = (int64_t)(counter_ns() / 10000000ull);
        break;
    case SYS_TIME:
        ret = (int64_t)time(NULL);
        break;
    case SYS_ERRNO:
        ret = sh.errno_val;
        break;
    case SYS_GET_CMDLINE:
        ret = sys_get_cmdline(cpu, args);
        break;
    case SYS_HEAPINFO:
        ret = sys_heapinfo(cpu, args);
        break;
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED:
        sys_exit(cpu, args);
        ret = 0;
        break;
    case SYS_ELAPSED:
        /* 64-bit tick count written to the block; TICKFREQ gives ns */
        ret = write_arg(cpu, args, 0, counter_ns()) ? 0 : fail(EFAULT);
        break;
    case SYS_TICKFREQ:
        ret = 1000000000;
        break;
    default:
        log_unimp_once("semihosting:op", "unsupported semihosting call 0x%02x\n", op);
        ret = fail(ENOSYS);
        break;
    }
    cpu->x[0] = (uint64_t)ret;
}
