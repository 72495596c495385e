/* SPDX-License-Identifier: MIT */
/*
 * a64emu.c - the emulator program: qemu-system-aarch64-style options, the
 * virt board, and one vCPU run on the main thread. Anything we do not
 * support is refused by name (exit 1), never silently ignored.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../devices/chardev.h"
#include "../devices/virt.h"
#include "../frontend/cpu.h"
#include "../translator/log.h"

#define A64EMU_VERSION "0.1.0"

static const char usage_text[] =
    "usage: a64emu [options]\n"
    "Options follow qemu-system-aarch64:\n"
    "  -M, -machine virt[,PROP=VALUE...]  the board (only virt); properties\n"
    "                         virtualization=off, secure=off, gic-version=2, accel=tcg\n"
    "  -cpu cortex-a57|cortex-a72|max     CPU model (default cortex-a57)\n"
    "  -m SIZE                RAM size, MiB or with a K/M/G/T suffix (default 128M)\n"
    "  -smp 1                 number of CPUs (only 1 for now)\n"
    "  -kernel FILE           ELF64 AArch64 image, raw binary or arm64 Linux Image\n"
    "  -nographic             no display; serial port and Ctrl-A commands on stdio\n"
    "  -display none          no display\n"
    "  -serial DEV            stdio | mon:stdio | file:PATH | null | none\n"
    "  -semihosting           enable Arm semihosting (HLT #0xF000)\n"
    "  -semihosting-config enable=on[,target=native]\n"
    "  -d ITEM,...            debug log items (-d help lists them)\n"
    "  -D FILE                write the debug log to FILE (default stderr)\n"
    "  -no-reboot             exit instead of rebooting\n"
    "  -h, -help              this help\n"
    "  -version               version\n"
    "Own options:\n"
    "  --jit=off              execution engine (only the interpreter for now)\n"
    "Console: with -nographic or -serial mon:stdio, Ctrl-A x quits, Ctrl-A h helps.\n"
    "Exit status: the guest's (semihosting SYS_EXIT; PSCI SYSTEM_OFF gives 0).\n";

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("a64emu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* on/off/yes/no/true/false; -1 if none of them. */
static int parse_bool(const char *v)
{
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        return 1;
    }
    if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false")) {
        return 0;
    }
    return -1;
}

/* -M/-machine virt[,prop=value]... */
static void parse_machine(const char *arg)
{
    char *s = strdup(arg);
    char *save = NULL;
    bool have_type = false;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            if (have_type) {
                die("-machine %s: unexpected '%s'", arg, tok);
            }
            if (!strcmp(tok, "help") || !strcmp(tok, "?")) {
                printf("Supported machines are:\nvirt                 QEMU-compatible Arm Virtual Machine (arm64)\n");
                exit(0);
            }
            if (strcmp(tok, "virt")) {
                die("-machine %s: unsupported machine type '%s' (only virt)", arg, tok);
            }
            have_type = true;
            continue;
        }
        *eq = '\0';
        const char *key = tok, *val = eq + 1;
        if (!strcmp(key, "type")) {
            if (strcmp(val, "virt")) {
                die("-machine type=%s: unsupported machine type (only virt)", val);
            }
            have_type = true;
        } else if (!strcmp(key, "virtualization") || !strcmp(key, "secure")) {
            int b = parse_bool(val);
            if (b < 0) {
                die("-machine %s=%s: expected on or off", key, val);
            }
            if (b) {
                die("-machine %s=%s: not supported yet", key, val);
            }
        } else if (!strcmp(key, "gic-version")) {
            if (strcmp(val, "2")) {
                die("-machine gic-version=%s: not supported yet", val);
            }
        } else if (!strcmp(key, "accel")) {
            if (strcmp(val, "tcg")) {
                die("-machine accel=%s: not supported (only tcg)", val);
            }
        } else {
            die("-machine %s=%s: unsupported machine property '%s'", key, val, key);
        }
    }
    if (!have_type) {
        die("-machine %s: no machine type given (use virt)", arg);
    }
    free(s);
}

static A64CpuModel parse_cpu(const char *arg)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Available CPUs:\n  cortex-a57\n  cortex-a72\n  max\n");
        exit(0);
    }
    const char *comma = strchr(arg, ',');
    if (comma) {
        die("-cpu %s: CPU property '%s' not supported yet", arg, comma + 1);
    }
    if (!strcmp(arg, "cortex-a57")) {
        return A64_CPU_CORTEX_A57;
    }
    if (!strcmp(arg, "cortex-a72")) {
        return A64_CPU_CORTEX_A72;
    }
    if (!strcmp(arg, "max")) {
        return A64_CPU_MAX;
    }
    die("-cpu %s: unsupported CPU model (cortex-a57, cortex-a72, max)", arg);
}

/* qemu's -m: [size=]N[suffix], MiB without a suffix. */
static uint64_t parse_mem_size(const char *arg)
{
    const char *p = arg;
    if (!strncmp(p, "size=", 5)) {
        p += 5;
    }
    if (strchr(p, ',')) {
        die("-m %s: only a size is supported", arg);
    }
    char *end;
    errno = 0;
    unsigned long long n = strtoull(p, &end, 10);
    if (end == p || errno || *p == '-') {
        die("-m %s: bad size", arg);
    }
    unsigned shift = 20;
    if (*end) {
        switch (*end) {
        case 'b': case 'B': shift = 0; break;
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        case 't': case 'T': shift = 40; break;
        default: die("-m %s: bad size suffix", arg);
        }
        if (end[1]) {
            die("-m %s: bad size", arg);
        }
    }
    if (n == 0 || n > (UINT64_MAX >> shift)) {
        die("-m %s: bad size", arg);
    }
    return (uint64_t)n << shift;
}

static unsigned parse_smp(const char *arg)
{
    const char *p = arg;
    if (!strncmp(p, "cpus=", 5)) {
        p += 5;
    }
    char *end;
    unsigned long n = strtoul(p, &end, 10);
    if (end == p || *end) {
        die("-smp %s: only a CPU count is supported", arg);
    }
    if (n != 1) {
        die("-smp %s: only 1 CPU is supported for now", arg);
    }
    return 1;
}

static const char *parse_serial(const char *arg)
{
    if (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio") || !strcmp(arg, "null")) {
        return arg;
    }
    if (!strcmp(arg, "none")) {
        return "null";
    }
    if (!strncmp(arg, "file:", 5) && arg[5]) {
        return arg;
    }
    die("-serial %s: unsupported (stdio, mon:stdio, file:PATH, null, none)", arg);
}

static bool parse_semihosting_config(const char *arg)
{
    char *s = strdup(arg);
    char *save = NULL;
    bool enable = false;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            die("-semihosting-config %s: expected KEY=VALUE", arg);
        }
        *eq = '\0';
        const char *key = tok, *val = eq + 1;
        if (!strcmp(key, "enable")) {
            int b = parse_bool(val);
            if (b < 0) {
                die("-semihosting-config enable=%s: expected on or off", val);
            }
            enable = b;
        } else if (!strcmp(key, "target")) {
            if (strcmp(val, "native") && strcmp(val, "auto")) {
                die("-semihosting-config target=%s: not supported (native)", val);
            }
        } else {
            die("-semihosting-config %s=%s: unsupported property '%s'", key, val, key);
        }
    }
    free(s);
    return enable;
}

/* ---- signals ----------------------------------------------------------- */

static Machine *the_machine;
static volatile sig_atomic_t signal_count;

static void on_signal(int sig)
{
    if (signal_count++ || !the_machine) {
        chardev_restore_terminal();
        _exit(1);
    }
    static const char msg[] = "a64emu: terminating on signal\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) {
        /* nothing to do */
    }
    /* QEMU exits with status 0 after a terminating signal; so do we. */
    machine_request_shutdown(the_machine, 0);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
    MachineOptions opt = {
        .cpu_model = A64_CPU_CORTEX_A57,   /* QEMU's virt default CPU */
        .smp = 1,
        .ram_size = 128ull << 20,          /* QEMU's default -m */
        .el = 1,
    };
    const char *serial = NULL;
    const char *log_path = NULL;
    bool nographic = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || arg[1] == '\0') {
            die("unsupported argument '%s' (disk images are not supported)", arg);
        }
        /* Our own long options first. */
        if (!strncmp(arg, "--jit", 5) && (arg[5] == '=' || arg[5] == '\0')) {
            const char *v = arg[5] == '=' ? arg + 6 : NULL;
            if (!v) {
                die("option '--jit' needs a value: --jit=off");
            }
            if (strcmp(v, "off")) {
                die("--jit=%s: not supported yet (only off)", v);
            }
            continue;
        }
        /* qemu accepts --opt as well as -opt */
        const char *name = arg + 1;
        if (name[0] == '-') {
            name++;
        }
        if (!strcmp(name, "h") || !strcmp(name, "help")) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (!strcmp(name, "version")) {
            printf("a64emu version " A64EMU_VERSION
                   " (options compatible with qemu-system-aarch64 -M virt)\n");
            return 0;
        }
        if (!strcmp(name, "nographic")) {
            nographic = true;
            continue;
        }
        if (!strcmp(name, "semihosting")) {
            opt.semihosting = true;
            continue;
        }
        if (!strcmp(name, "no-reboot")) {
            continue; /* we never reboot: a reset request ends the run */
        }
        static const char *const with_arg[] = {
            "M", "machine", "cpu", "m", "smp", "kernel", "serial", "semihosting-config",
            "d", "D", "display", NULL,
        };
        bool known = false;
        for (unsigned k = 0; with_arg[k]; k++) {
            if (!strcmp(name, with_arg[k])) {
                known = true;
            }
        }
        if (!known) {
            die("unsupported option '%s'", arg);
        }
        if (i + 1 >= argc) {
            die("option '%s' needs an argument", arg);
        }
        const char *val = argv[++i];
        if (!strcmp(name, "M") || !strcmp(name, "machine")) {
            parse_machine(val);
        } else if (!strcmp(name, "cpu")) {
            opt.cpu_model = parse_cpu(val);
        } else if (!strcmp(name, "m")) {
            opt.ram_size = parse_mem_size(val);
        } else if (!strcmp(name, "smp")) {
            opt.smp = parse_smp(val);
        } else if (!strcmp(name, "kernel")) {
            opt.kernel = val;
        } else if (!strcmp(name, "serial")) {
            if (serial) {
                die("-serial %s: only one serial port is supported", val);
            }
            serial = parse_serial(val);
        } else if (!strcmp(name, "semihosting-config")) {
            opt.semihosting = parse_semihosting_config(val);
        } else if (!strcmp(name, "d")) {
            unsigned mask = 0;
            const char *bad = NULL;
            if (!strcmp(val, "help")) {
                log_print_help(stdout);
                return 0;
            }
            if (!log_parse(val, &mask, &bad)) {
                die("-d %s: unknown log item '%s' (try -d help)", val, bad ? bad : val);
            }
            log_mask = mask;
        } else if (!strcmp(name, "D")) {
            log_path = val;
        } else if (!strcmp(name, "display")) {
            if (strcmp(val, "none")) {
                die("-display %s: not supported (only none)", val);
            }
        }
    }

    if (!opt.kernel) {
        die("no -kernel image given (nothing to run; try -h)");
    }
    if (access(opt.kernel, R_OK) != 0) {
        die("-kernel %s: %s", opt.kernel, strerror(errno));
    }
    if (log_path && !log_open(log_path)) {
        die("-D %s: cannot open log file: %s", log_path, strerror(errno));
    }
    /* -nographic puts the serial port, multiplexed with the (future)
     * monitor, on stdio; without it we still have no display, so stdio. */
    opt.nographic = nographic;
    opt.serial = serial ? serial : (nographic ? "mon:stdio" : "stdio");

    Machine *m = virt_create(&opt);
    if (!m) {
        return 1;
    }
    the_machine = m;
    install_signals();

    int rc = a64_cpu_run(m->cpus[0]);
    int code = m->shutdown ? m->exit_code : rc;

    fflush(stdout);
    if (log_file()) {
        fflush(log_file());
    }
    the_machine = NULL;
    virt_destroy(m);
    chardev_restore_terminal();
    return code;
}
