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
    "                         virtualization=on|off, secure=on|off, gic-version=2|3|max,\n"
    "                         dumpdtb=FILE (write the device tree and exit), accel=tcg\n"
    "  -cpu MODEL[,PROP=on|off...]  cortex-a57 (default), cortex-a72 or max;\n"
    "                         max takes pauth=, pauth-impdef=, sve=off and\n"
    "                         x-pauth-level=1..5 (PAuth, EPAC, PAuth2, FPAC, FPACCOMBINE)\n"
    "  -m SIZE                RAM size, MiB or with a K/M/G/T suffix (default 128M)\n"
    "  -smp [cpus=]N          number of CPUs (1 to 8)\n"
    "  -kernel FILE           ELF64 AArch64 image, raw binary or arm64 Linux Image\n"
    "                         (also gzip-compressed)\n"
    "  -initrd FILE           initial ramdisk for a Linux kernel\n"
    "  -append STRING         kernel command line (/chosen/bootargs)\n"
    "  -dtb FILE              use this device tree blob instead of generating one\n"
    "  -device loader,file=F[,addr=A][,force-raw=on][,cpu-num=N]\n"
    "  -device loader,addr=A,data=V,data-len=1|2|4|8\n"
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

/* An unsigned number: decimal, 0x hex or 0 octal (QEMU's qemu_strtou64). */
static bool parse_u64(const char *v, uint64_t *out)
{
    char *end;
    if (!*v || *v == '-') {
        return false;
    }
    errno = 0;
    unsigned long long n = strtoull(v, &end, 0);
    if (errno || *end) {
        return false;
    }
    *out = n;
    return true;
}

/* -M/-machine virt[,prop=value]... */
static void parse_machine(const char *arg, MachineOptions *opt)
{
    /* Several -machine options merge (QEMU): the type may come earlier. */
    static bool type_seen;
    char *s = strdup(arg);
    char *save = NULL;
    bool have_type = false;
    bool first = true;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save), first = false) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            if (have_type || !first) {
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
            if (!strcmp(key, "secure")) {
                opt->secure = b;
            } else {
                opt->virtualization = b;
            }
        } else if (!strcmp(key, "gic-version")) {
            /* QEMU 7.2 under TCG: "max" is the newest GIC it emulates (3);
             * "host" needs KVM. */
            if (!strcmp(val, "2")) {
                opt->gic_version = 2;
            } else if (!strcmp(val, "3") || !strcmp(val, "max")) {
                opt->gic_version = 3;
            } else if (!strcmp(val, "host")) {
                die("-machine gic-version=host: requires KVM (use 2, 3 or max)");
            } else {
                die("-machine gic-version=%s: invalid GIC version (2, 3, max)", val);
            }
        } else if (!strcmp(key, "dumpdtb")) {
            if (!*val) {
                die("-machine dumpdtb=: needs a file name");
            }
            opt->dumpdtb = strdup(val);
        } else if (!strcmp(key, "accel")) {
            if (strcmp(val, "tcg")) {
                die("-machine accel=%s: not supported (only tcg)", val);
            }
        } else {
            die("-machine %s=%s: unsupported machine property '%s'", key, val, key);
        }
    }
    if (!have_type && !type_seen) {
        die("-machine %s: no machine type given (use virt)", arg);
    }
    type_seen = true;
    free(s);
}

/* -cpu MODEL[,prop=value]...: the properties QEMU's max CPU has that we
 * implement; any other is refused by name. */
static void parse_cpu(const char *arg, MachineOptions *opt)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Available CPUs:\n  cortex-a57\n  cortex-a72\n  max\n");
        exit(0);
    }
    char *s = strdup(arg);
    char *save = NULL;
    char *model = strtok_r(s, ",", &save);
    if (!model) {
        die("-cpu %s: no CPU model given", arg);
    }
    if (!strcmp(model, "cortex-a57")) {
        opt->cpu_model = A64_CPU_CORTEX_A57;
    } else if (!strcmp(model, "cortex-a72")) {
        opt->cpu_model = A64_CPU_CORTEX_A72;
    } else if (!strcmp(model, "max")) {
        opt->cpu_model = A64_CPU_MAX;
    } else {
        die("-cpu %s: unsupported CPU model '%s' (cortex-a57, cortex-a72, max)", arg, model);
    }
    bool is_max = opt->cpu_model == A64_CPU_MAX;
    for (char *tok = strtok_r(NULL, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        const char *val = eq ? eq + 1 : "on";   /* QEMU: "prop" alone means prop=on */
        if (eq) {
            *eq = '\0';
        }
        const char *key = tok;
        int b = parse_bool(val);
        if (!strcmp(key, "pauth") || !strcmp(key, "pauth-impdef")) {
            if (!is_max) {
                die("-cpu %s: property '%s' not found for CPU model %s (only max)", arg, key,
                    model);
            }
            if (b < 0) {
                die("-cpu %s: %s=%s: expected on or off", arg, key, val);
            }
            if (!strcmp(key, "pauth")) {
                opt->pauth = b;
            } else {
                opt->pauth_impdef = b;
            }
        } else if (!strcmp(key, "x-pauth-level")) {
            /* a64emu's own: beyond QEMU 7.2's FEAT_PAuth (1): 2 EPAC,
             * 3 PAuth2, 4 FPAC, 5 FPACCOMBINE (ID_AA64ISAR1.APA/API). */
            if (!is_max) {
                die("-cpu %s: property '%s' not found for CPU model %s (only max)", arg, key,
                    model);
            }
            if (strlen(val) != 1 || val[0] < '1' || val[0] > '5') {
                die("-cpu %s: x-pauth-level=%s: expected 1 to 5", arg, val);
            }
            opt->pauth_level = (unsigned)(val[0] - '0');
        } else if (!strcmp(key, "sve")) {
            if (b < 0) {
                die("-cpu %s: sve=%s: expected on or off", arg, val);
            }
            if (b) {
                die("-cpu %s: property 'sve=on' not supported (no SVE; use sve=off)", arg);
            }
        } else {
            die("-cpu %s: CPU property '%s' not supported", arg, key);
        }
    }
    if (opt->pauth_impdef && !opt->pauth) {
        die("-cpu %s: pauth-impdef=on requires pauth=on", arg);
    }
    free(s);
}

/* -device loader,... (QEMU's generic loader, docs/system/generic-loader.rst):
 * file=F[,addr=A][,force-raw=on][,cpu-num=N] or addr=A,data=V,data-len=N. */
static void parse_device(const char *arg, MachineOptions *opt)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Devices: loader (file=F[,addr=A][,force-raw=on][,cpu-num=N] or "
               "addr=A,data=V,data-len=N)\n");
        exit(0);
    }
    char *s = strdup(arg);
    char *save = NULL;
    char *type = strtok_r(s, ",", &save);
    if (!type || strcmp(type, "loader")) {
        die("-device %s: unsupported device '%s' (only loader)", arg, type ? type : "");
    }
    if (opt->nloaders >= sizeof(opt->loaders) / sizeof(opt->loaders[0])) {
        die("-device %s: too many loaders (at most %zu)", arg,
            sizeof(opt->loaders) / sizeof(opt->loaders[0]));
    }
    typeof(opt->loaders[0]) *l = &opt->loaders[opt->nloaders];
    memset(l, 0, sizeof(*l));
    l->cpu_num = -1;
    bool has_data = false;
    for (char *tok = strtok_r(NULL, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            die("-device %s: expected KEY=VALUE, got '%s'", arg, tok);
        }
        *eq = '\0';
        const char *key = tok, *val = eq + 1;
        uint64_t n;
        if (!strcmp(key, "file")) {
            l->file = strdup(val);
        } else if (!strcmp(key, "addr")) {
            if (!parse_u64(val, &l->addr)) {
                die("-device %s: bad addr '%s'", arg, val);
            }
            l->has_addr = true;
        } else if (!strcmp(key, "force-raw")) {
            int b = parse_bool(val);
            if (b < 0) {
                die("-device %s: force-raw=%s: expected on or off", arg, val);
            }
            l->force_raw = b;
        } else if (!strcmp(key, "data")) {
            if (!parse_u64(val, &l->data)) {
                die("-device %s: bad data '%s'", arg, val);
            }
            has_data = true;
        } else if (!strcmp(key, "data-len")) {
            if (!parse_u64(val, &n) || (n != 1 && n != 2 && n != 4 && n != 8)) {
                die("-device %s: data-len=%s: must be 1, 2, 4 or 8", arg, val);
            }
            l->data_len = (unsigned)n;
        } else if (!strcmp(key, "cpu-num")) {
            if (!parse_u64(val, &n) || n >= VIRT_MAX_CPUS) {
                die("-device %s: bad cpu-num '%s'", arg, val);
            }
            l->cpu_num = (int)n;
        } else {
            die("-device %s: unsupported loader property '%s'", arg, key);
        }
    }
    /* The combinations QEMU's loader accepts (hw/core/generic-loader.c). */
    if (l->file) {
        if (has_data || l->data_len) {
            die("-device %s: data and file cannot both be given", arg);
        }
        if (l->force_raw && !l->has_addr) {
            die("-device %s: force-raw=on needs addr", arg);
        }
    } else if (has_data || l->data_len) {
        if (!has_data || !l->data_len || !l->has_addr) {
            die("-device %s: data needs data-len and addr", arg);
        }
    } else if (!l->has_addr || l->cpu_num < 0) {
        die("-device %s: needs file=, data= or addr= with cpu-num=", arg);
    }
    opt->nloaders++;
    free(s);
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

/* -smp N or -smp cpus=N (one socket, one thread per core). */
static unsigned parse_smp(const char *arg)
{
    char *s = strdup(arg);
    char *save = NULL;
    unsigned long cpus = 0;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        const char *v = tok;
        if (eq) {
            *eq = '\0';
            v = eq + 1;
            if (strcmp(tok, "cpus") && strcmp(tok, "maxcpus")) {
                die("-smp %s: property '%s' not supported (only cpus=N)", arg, tok);
            }
        } else if (tok != s) {
            die("-smp %s: unexpected '%s'", arg, tok);
        }
        char *end;
        errno = 0;
        unsigned long n = strtoul(v, &end, 10);
        if (end == v || *end || errno || *v == '-') {
            die("-smp %s: bad CPU count '%s'", arg, v);
        }
        if (!eq || !strcmp(tok, "cpus")) {
            cpus = n;
        } else if (cpus && n != cpus) {
            die("-smp %s: maxcpus must equal cpus (no CPU hotplug)", arg);
        }
    }
    free(s);
    if (cpus < 1 || cpus > VIRT_MAX_CPUS) {
        die("-smp %s: between 1 and %u CPUs", arg, VIRT_MAX_CPUS);
    }
    return (unsigned)cpus;
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
    machine_request_shutdown_async(the_machine, 0);
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
    /* Static: option strings it points at stay reachable until exit. */
    static MachineOptions opt = {
        .cpu_model = A64_CPU_CORTEX_A57,   /* QEMU's virt default CPU */
        .smp = 1,
        .ram_size = 128ull << 20,          /* QEMU's default -m */
        .el = 1,
        .gic_version = 2,                  /* QEMU's virt default */
        .pauth = true,                     /* on for max (QEMU's default) */
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
            opt.no_reboot = true;
            continue;
        }
        static const char *const with_arg[] = {
            "M", "machine", "cpu", "m", "smp", "kernel", "serial", "semihosting-config",
            "d", "D", "display", "initrd", "append", "dtb", "device", NULL,
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
            parse_machine(val, &opt);
        } else if (!strcmp(name, "cpu")) {
            parse_cpu(val, &opt);
        } else if (!strcmp(name, "initrd")) {
            opt.initrd = val;
        } else if (!strcmp(name, "append")) {
            opt.append = val;
        } else if (!strcmp(name, "dtb")) {
            opt.dtb = val;
        } else if (!strcmp(name, "device")) {
            parse_device(val, &opt);
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

    if (opt.initrd && !opt.kernel) {
        die("-initrd only allowed with -kernel");
    }
    if (opt.append && !opt.kernel) {
        die("-append only allowed with -kernel");
    }
    if (!opt.kernel && !opt.dumpdtb && !opt.nloaders) {
        die("no -kernel image given (nothing to run; try -h)");
    }
    if (opt.kernel && access(opt.kernel, R_OK) != 0) {
        die("-kernel %s: %s", opt.kernel, strerror(errno));
    }
    if (opt.initrd && access(opt.initrd, R_OK) != 0) {
        die("-initrd %s: %s", opt.initrd, strerror(errno));
    }
    if (opt.dtb && access(opt.dtb, R_OK) != 0) {
        die("-dtb %s: %s", opt.dtb, strerror(errno));
    }
    for (unsigned k = 0; k < opt.nloaders; k++) {
        if (opt.loaders[k].file && access(opt.loaders[k].file, R_OK) != 0) {
            die("-device loader,file=%s: %s", opt.loaders[k].file, strerror(errno));
        }
    }
    if (opt.cpu_model != A64_CPU_MAX) {
        opt.pauth = opt.pauth_impdef = false;
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
    if (opt.dumpdtb) {
        /* -machine dumpdtb=FILE: written by virt_create; nothing runs. */
        virt_destroy(m);
        return 0;
    }
    the_machine = m;
    install_signals();

    int code;
    for (;;) {
        int rc = machine_run(m);
        code = m->shutdown ? m->exit_code : rc;
        /* PSCI SYSTEM_RESET: QEMU reboots unless -no-reboot. */
        if (!m->reset_requested || opt.no_reboot || signal_count) {
            break;
        }
        the_machine = NULL;
        m = virt_reboot(m);
        if (!m) {
            chardev_restore_terminal();
            return 1;
        }
        the_machine = m;
    }

    fflush(stdout);
    if (log_file()) {
        fflush(log_file());
    }
    the_machine = NULL;
    virt_destroy(m);
    chardev_restore_terminal();
    return code;
}
