/* SPDX-License-Identifier: MIT */
/*
 * fdt.c - the virt board's flattened device tree (libfdt), see fdt.h. The
 * nodes follow QEMU 7.2's hw/arm/virt.c for the devices a64emu has (CPUs,
 * PSCI, memory, GIC, generic timer, PL011, PL031, PL061 + power key, the
 * 24 MHz APB clock) and leave out what it does not (flash, PMU, virtio-mmio,
 * PCIe, fw-cfg, platform bus, GICv2m/ITS, secure-world devices). libfdt
 * inserts each new node and property in front of its siblings, so creating
 * them in QEMU's order gives QEMU's layout.
 * Bindings: Linux Documentation/devicetree/bindings (arm/cpus.yaml,
 * arm/psci.yaml, timer/arm,arch_timer.yaml, interrupt-controller/arm,gic*.yaml).
 */
#include "fdt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* QEMU builds its tree in 1 MiB (FDT_MAX_SIZE); packed at the end. */
#define FDT_BUILD_SIZE (1u << 20)
/* -dtb files bigger than this are refused (QEMU reads up to 2 MiB too). */
#define FDT_FILE_MAX (2u << 20)

/* Interrupt specifier cells (bindings/interrupt-controller/arm,gic.yaml). */
#define GIC_FDT_IRQ_TYPE_SPI 0
#define GIC_FDT_IRQ_TYPE_PPI 1
#define GIC_FDT_IRQ_FLAGS_LEVEL_HI 4
#define GIC_FDT_IRQ_PPI_CPU_SHIFT 8   /* GICv2 PPIs: CPU mask in bits [15:8] */

/* PSCI 0.2+ function IDs (Arm DEN 0022): SMC64 where there is one. */
#define PSCI_FN_CPU_SUSPEND_64 0xc4000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON_64 0xc4000003u
#define PSCI_FN_MIGRATE_64 0xc4000005u

#define KEY_POWER 116                 /* Linux input-event-codes.h */
#define VIRT_GPIO_POWER_PIN 3         /* QEMU's GPIO_KEY_POWER line */
#define VIRT_APB_CLOCK_HZ 24000000u

typedef struct FdtBuild {
    void *fdt;
    int err;                          /* first libfdt error, 0 if none */
} FdtBuild;

static int node(FdtBuild *b, const char *path)
{
    if (b->err) {
        return -1;
    }
    const char *slash = strrchr(path, '/');
    int parent = 0;
    if (slash != path) {
        char *pp = strndup(path, (size_t)(slash - path));
        parent = fdt_path_offset(b->fdt, pp);
        free(pp);
    }
    int off = parent < 0 ? parent : fdt_add_subnode(b->fdt, parent, slash + 1);
    if (off < 0) {
        b->err = off;
        return -1;
    }
    return off;
}

static int lookup(FdtBuild *b, const char *path)
{
    if (b->err) {
        return -1;
    }
    int off = fdt_path_offset(b->fdt, path);
    if (off < 0) {
        b->err = off;
    }
    return off;
}

static void prop(FdtBuild *b, const char *path, const char *name, const void *val, int len)
{
    int off = lookup(b, path);
    if (off >= 0) {
        int r = fdt_setprop(b->fdt, off, name, val, len);
        if (r < 0) {
            b->err = r;
        }
    }
}

static void prop_str(FdtBuild *b, const char *path, const char *name, const char *s)
{
    prop(b, path, name, s, (int)strlen(s) + 1);
}

/* A string list ("a\0b\0"): len counts the final NUL. */
#define prop_strs(b, path, name, lit) prop(b, path, name, lit, (int)sizeof(lit))

static void prop_empty(FdtBuild *b, const char *path, const char *name)
{
    prop(b, path, name, NULL, 0);
}

/* n 32-bit cells, big-endian. */
static void prop_cells(FdtBuild *b, const char *path, const char *name, unsigned n, ...)
{
    fdt32_t cells[16];
    va_list ap;
    va_start(ap, n);
    for (unsigned i = 0; i < n && i < 16; i++) {
        cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
    }
    va_end(ap);
    prop(b, path, name, cells, (int)(n * sizeof(fdt32_t)));
}

/* reg with 2 address and 2 size cells per (base, size) pair. */
static void prop_reg64(FdtBuild *b, const char *path, unsigned npairs, const uint64_t *pairs)
{
    fdt64_t cells[16];
    for (unsigned i = 0; i < 2 * npairs && i < 16; i++) {
        cells[i] = cpu_to_fdt64(pairs[i]);
    }
    prop(b, path, "reg", cells, (int)(2 * npairs * sizeof(fdt64_t)));
}

VirtPsciConduit virt_psci_conduit(const MachineOptions *opt, unsigned boot_el)
{
    VirtPsciConduit c = opt->virtualization ? VIRT_PSCI_SMC : VIRT_PSCI_HVC;
    if ((c == VIRT_PSCI_HVC && boot_el >= 2) || (c == VIRT_PSCI_SMC && boot_el >= 3)) {
        return VIRT_PSCI_NONE;   /* the guest's own firmware/hypervisor answers */
    }
    return c;
}

static const char *cpu_compatible(A64CpuModel model)
{
    switch (model) {
    case A64_CPU_CORTEX_A72:
        return "arm,cortex-a72";
    case A64_CPU_CORTEX_A57:
    case A64_CPU_MAX:
    default:
        /* QEMU 7.2's max is built on the A57 and keeps its compatible. */
        return "arm,cortex-a57";
    }
}

void *virt_fdt_build(const MachineOptions *opt, unsigned boot_el)
{
    FdtBuild b = { .fdt = calloc(1, FDT_BUILD_SIZE) };
    if (!b.fdt) {
        return NULL;
    }
    int r = fdt_create_empty_tree(b.fdt, FDT_BUILD_SIZE);
    if (r < 0) {
        free(b.fdt);
        return NULL;
    }
    unsigned ncpus = opt->smp ? opt->smp : 1;
    uint32_t next_phandle = VIRT_FDT_PHANDLE_BASE;
    VirtPsciConduit psci = virt_psci_conduit(opt, boot_el);
    char path[64];

    /* Root (QEMU create_fdt). */
    prop_str(&b, "/", "compatible", "linux,dummy-virt");
    prop_cells(&b, "/", "#address-cells", 1, 2);
    prop_cells(&b, "/", "#size-cells", 1, 2);
    prop_str(&b, "/", "model", "linux,dummy-virt");
    node(&b, "/chosen");

    /* The APB clock every PrimeCell names (uartclk, apb_pclk). */
    uint32_t clk = next_phandle++;
    node(&b, "/apb-pclk");
    prop_str(&b, "/apb-pclk", "compatible", "fixed-clock");
    prop_cells(&b, "/apb-pclk", "#clock-cells", 1, 0);
    prop_cells(&b, "/apb-pclk", "clock-frequency", 1, VIRT_APB_CLOCK_HZ);
    prop_str(&b, "/apb-pclk", "clock-output-names", "clk24mhz");
    prop_cells(&b, "/apb-pclk", "phandle", 1, clk);

    /* Generic timer: secure EL1, non-secure EL1, virtual, EL2 physical
     * PPIs. With GICv2 the PPI flags carry the mask of CPUs that have it. */
    uint32_t tflags = GIC_FDT_IRQ_FLAGS_LEVEL_HI;
    if (opt->gic_version != 3) {
        unsigned n = ncpus < 8 ? ncpus : 8;
        tflags |= ((1u << n) - 1) << GIC_FDT_IRQ_PPI_CPU_SHIFT;
    }
    node(&b, "/timer");
    prop_strs(&b, "/timer", "compatible", "arm,armv8-timer\0arm,armv7-timer");
    prop_empty(&b, "/timer", "always-on");
    prop_cells(&b, "/timer", "interrupts", 12,
               GIC_FDT_IRQ_TYPE_PPI, VIRT_PPI_TIMER_S_EL1, tflags,
               GIC_FDT_IRQ_TYPE_PPI, VIRT_PPI_TIMER_NS_EL1, tflags,
               GIC_FDT_IRQ_TYPE_PPI, VIRT_PPI_TIMER_VIRT, tflags,
               GIC_FDT_IRQ_TYPE_PPI, VIRT_PPI_TIMER_NS_EL2, tflags);

    /* CPUs, highest first so they read in order; reg = MPIDR affinity
     * (Aff0 = index: at most 8 CPUs, one cluster). */
    node(&b, "/cpus");
    prop_cells(&b, "/cpus", "#address-cells", 1, 1);
    prop_cells(&b, "/cpus", "#size-cells", 1, 0);
    uint32_t cpu_phandle[VIRT_MAX_CPUS];
    for (int i = (int)ncpus - 1; i >= 0; i--) {
        snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
        node(&b, path);
        prop_str(&b, path, "device_type", "cpu");
        prop_str(&b, path, "compatible", cpu_compatible(opt->cpu_model));
        /* QEMU writes it from virt's conduit choice, before hw/arm/boot.c
         * may drop the /psci node for a guest booting above the conduit. */
        if (ncpus > 1) {
            prop_str(&b, path, "enable-method", "psci");
        }
        prop_cells(&b, path, "reg", 1, (uint32_t)i);
        cpu_phandle[i] = next_phandle++;
        prop_cells(&b, path, "phandle", 1, cpu_phandle[i]);
    }
    node(&b, "/cpus/cpu-map");
    node(&b, "/cpus/cpu-map/socket0");
    node(&b, "/cpus/cpu-map/socket0/cluster0");
    for (int i = (int)ncpus - 1; i >= 0; i--) {
        snprintf(path, sizeof(path), "/cpus/cpu-map/socket0/cluster0/core%d", i);
        node(&b, path);
        prop_cells(&b, path, "cpu", 1, cpu_phandle[i]);
    }

    /* The GIC (QEMU fdt_add_gic_node), the default interrupt parent. */
    uint32_t gic = next_phandle++;
    prop_cells(&b, "/", "interrupt-parent", 1, gic);
    const char *intc = "/intc@8000000";
    node(&b, intc);
    prop_cells(&b, intc, "#interrupt-cells", 1, 3);
    prop_empty(&b, intc, "interrupt-controller");
    prop_cells(&b, intc, "#address-cells", 1, 2);
    prop_cells(&b, intc, "#size-cells", 1, 2);
    prop_empty(&b, intc, "ranges");
    if (opt->gic_version == 3) {
        prop_str(&b, intc, "compatible", "arm,gic-v3");
        prop_cells(&b, intc, "#redistributor-regions", 1, 1);
        const uint64_t reg[] = { VIRT_GIC_DIST_BASE, 0x10000,
                                 VIRT_GIC_REDIST_BASE, VIRT_GIC_REDIST_SIZE };
        prop_reg64(&b, intc, 2, reg);
    } else {
        prop_str(&b, intc, "compatible", "arm,cortex-a15-gic");
        const uint64_t reg[] = { VIRT_GIC_DIST_BASE, 0x10000, VIRT_GIC_CPU_BASE, 0x10000,
                                 VIRT_GIC_HYP_BASE, 0x10000, VIRT_GIC_VCPU_BASE, 0x10000 };
        prop_reg64(&b, intc, opt->virtualization ? 4 : 2, reg);
    }
    if (opt->virtualization) {
        prop_cells(&b, intc, "interrupts", 3, GIC_FDT_IRQ_TYPE_PPI, VIRT_PPI_GIC_MAINT,
                   GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    }
    prop_cells(&b, intc, "phandle", 1, gic);

    /* PL011 UART: the console. */
    const char *uart = "/pl011@9000000";
    node(&b, uart);
    prop_strs(&b, uart, "compatible", "arm,pl011\0arm,primecell");
    const uint64_t uart_reg[] = { VIRT_UART_BASE, VIRT_UART_SIZE };
    prop_reg64(&b, uart, 1, uart_reg);
    prop_cells(&b, uart, "interrupts", 3, GIC_FDT_IRQ_TYPE_SPI, VIRT_SPI_UART,
               GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    prop_cells(&b, uart, "clocks", 2, clk, clk);
    prop_strs(&b, uart, "clock-names", "uartclk\0apb_pclk");
    prop_str(&b, "/chosen", "stdout-path", uart);

    /* PL031 RTC. */
    const char *rtc = "/pl031@9010000";
    node(&b, rtc);
    prop_strs(&b, rtc, "compatible", "arm,pl031\0arm,primecell");
    const uint64_t rtc_reg[] = { VIRT_RTC_BASE, 0x1000 };
    prop_reg64(&b, rtc, 1, rtc_reg);
    prop_cells(&b, rtc, "interrupts", 3, GIC_FDT_IRQ_TYPE_SPI, VIRT_SPI_RTC,
               GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    prop_cells(&b, rtc, "clocks", 1, clk);
    prop_str(&b, rtc, "clock-names", "apb_pclk");

    /* PL061 GPIO with the power button on line 3 (gpio-keys). */
    const char *gpio = "/pl061@9030000";
    uint32_t gpio_ph = next_phandle++;
    node(&b, gpio);
    const uint64_t gpio_reg[] = { VIRT_GPIO_BASE, 0x1000 };
    prop_reg64(&b, gpio, 1, gpio_reg);
    prop_strs(&b, gpio, "compatible", "arm,pl061\0arm,primecell");
    prop_cells(&b, gpio, "#gpio-cells", 1, 2);
    prop_empty(&b, gpio, "gpio-controller");
    prop_cells(&b, gpio, "interrupts", 3, GIC_FDT_IRQ_TYPE_SPI, VIRT_SPI_GPIO,
               GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    prop_cells(&b, gpio, "clocks", 1, clk);
    prop_str(&b, gpio, "clock-names", "apb_pclk");
    prop_cells(&b, gpio, "phandle", 1, gpio_ph);
    node(&b, "/gpio-keys");
    prop_str(&b, "/gpio-keys", "compatible", "gpio-keys");
    node(&b, "/gpio-keys/poweroff");
    prop_str(&b, "/gpio-keys/poweroff", "label", "GPIO Key Poweroff");
    prop_cells(&b, "/gpio-keys/poweroff", "linux,code", 1, KEY_POWER);
    prop_cells(&b, "/gpio-keys/poweroff", "gpios", 3, gpio_ph, VIRT_GPIO_POWER_PIN, 0);

    /* RAM. */
    snprintf(path, sizeof(path), "/memory@%llx", (unsigned long long)VIRT_RAM_BASE);
    node(&b, path);
    prop_str(&b, path, "device_type", "memory");
    const uint64_t mem_reg[] = { VIRT_RAM_BASE, opt->ram_size };
    prop_reg64(&b, path, 1, mem_reg);

    /* PSCI 1.0 (firmware-less: the emulator answers the calls). */
    if (psci != VIRT_PSCI_NONE) {
        node(&b, "/psci");
        prop_strs(&b, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
        prop_str(&b, "/psci", "method", psci == VIRT_PSCI_SMC ? "smc" : "hvc");
        prop_cells(&b, "/psci", "cpu_suspend", 1, PSCI_FN_CPU_SUSPEND_64);
        prop_cells(&b, "/psci", "cpu_off", 1, PSCI_FN_CPU_OFF);
        prop_cells(&b, "/psci", "cpu_on", 1, PSCI_FN_CPU_ON_64);
        prop_cells(&b, "/psci", "migrate", 1, PSCI_FN_MIGRATE_64);
    }

    if (b.err) {
        fprintf(stderr, "a64emu: building the device tree: %s\n", fdt_strerror(b.err));
        free(b.fdt);
        return NULL;
    }
    return b.fdt;
}

void *virt_fdt_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "a64emu: -dtb %s: %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = malloc(FDT_FILE_MAX + 1);
    size_t len = buf ? fread(buf, 1, FDT_FILE_MAX + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    const char *why = NULL;
    if (!buf) {
        why = "out of memory";
    } else if (err) {
        why = "read error";
    } else if (len > FDT_FILE_MAX) {
        why = "file too large for a device tree blob (over 2 MiB)";
    } else if (len < sizeof(struct fdt_header) || fdt_check_header(buf) != 0) {
        why = "not a valid device tree blob (bad header)";
    } else if (fdt_totalsize(buf) > len) {
        why = "device tree blob truncated (totalsize beyond the end of the file)";
    } else if (fdt_check_full(buf, len) != 0) {
        /* Walk every node and property once so that the fix-ups below
         * never follow a corrupt offset. */
        why = "not a valid device tree blob (corrupt structure or strings block)";
    }
    if (why) {
        fprintf(stderr, "a64emu: -dtb %s: %s\n", path, why);
        free(buf);
        return NULL;
    }
    size_t room = fdt_totalsize(buf) + FDT_BUILD_SIZE;
    void *fdt = malloc(room);
    int r = fdt ? fdt_open_into(buf, fdt, (int)room) : -FDT_ERR_NOSPACE;
    free(buf);
    if (r < 0) {
        fprintf(stderr, "a64emu: -dtb %s: not a valid device tree blob (%s)\n", path,
                fdt_strerror(r));
        free(fdt);
        return NULL;
    }
    return fdt;
}

/* Property of `cells` 32-bit cells holding v (1 or 2 cells). */
static int setprop_sized(void *fdt, int off, const char *name, int cells, uint64_t v)
{
    return cells == 1 ? fdt_setprop_u32(fdt, off, name, (uint32_t)v)
                      : fdt_setprop_u64(fdt, off, name, v);
}

bool virt_fdt_fixup(void *fdt, uint64_t ram_base, uint64_t ram_size, const char *bootargs,
                    uint64_t initrd_start, uint64_t initrd_size)
{
    const char *what = NULL;
    int r = 0;
    /* Root cell counts decide how /memory's reg is written (QEMU refuses
     * 0 or more than 2 cells, and 1 size cell with RAM of 4 GiB or more). */
    int len;
    const fdt32_t *ac = fdt_getprop(fdt, 0, "#address-cells", &len);
    int acells = ac && len == 4 ? (int)fdt32_to_cpu(*ac) : 2;
    const fdt32_t *sc = fdt_getprop(fdt, 0, "#size-cells", &len);
    int scells = sc && len == 4 ? (int)fdt32_to_cpu(*sc) : 1;
    if (acells < 1 || acells > 2 || scells < 1 || scells > 2) {
        fprintf(stderr, "a64emu: -dtb: invalid #address-cells or #size-cells in the root node\n");
        return false;
    }
    if (scells < 2 && ram_size >= (1ull << 32)) {
        fprintf(stderr, "a64emu: -dtb: device tree not compatible with RAM of 4 GiB or more\n");
        return false;
    }
    if (acells < 2 && ram_base + ram_size - 1 > UINT32_MAX) {
        fprintf(stderr, "a64emu: -dtb: RAM above 4 GiB needs #address-cells = 2\n");
        return false;
    }

    /* /memory (a unit-addressed memory@... matches too); created if absent. */
    int mem = fdt_path_offset(fdt, "/memory");
    if (mem < 0) {
        char name[32];
        snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)ram_base);
        mem = fdt_add_subnode(fdt, 0, name);
        if (mem >= 0) {
            r = fdt_setprop_string(fdt, mem, "device_type", "memory");
        }
    }
    if (mem < 0 || r < 0) {
        what = "/memory";
        r = mem < 0 ? mem : r;
        goto fail;
    }
    fdt32_t reg[4];
    int n = 0;
    if (acells == 2) {
        reg[n++] = cpu_to_fdt32((uint32_t)(ram_base >> 32));
    }
    reg[n++] = cpu_to_fdt32((uint32_t)ram_base);
    if (scells == 2) {
        reg[n++] = cpu_to_fdt32((uint32_t)(ram_size >> 32));
    }
    reg[n++] = cpu_to_fdt32((uint32_t)ram_size);
    r = fdt_setprop(fdt, mem, "reg", reg, n * (int)sizeof(fdt32_t));
    if (r < 0) {
        what = "/memory/reg";
        goto fail;
    }

    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen < 0) {
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    }
    if (chosen < 0) {
        what = "/chosen";
        r = chosen;
        goto fail;
    }
    if (bootargs && *bootargs) {
        r = fdt_setprop_string(fdt, chosen, "bootargs", bootargs);
        if (r < 0) {
            what = "/chosen/bootargs";
            goto fail;
        }
    }
    if (initrd_size) {
        /* One cell like QEMU unless the address needs two. */
        uint64_t end = initrd_start + initrd_size;
        int cells = end > UINT32_MAX ? 2 : 1;
        r = setprop_sized(fdt, chosen, "linux,initrd-start", cells, initrd_start);
        if (r >= 0) {
            r = setprop_sized(fdt, chosen, "linux,initrd-end", cells, end);
        }
        if (r < 0) {
            what = "/chosen/linux,initrd-start";
            goto fail;
        }
    }
    return true;

fail:
    fprintf(stderr, "a64emu: device tree: cannot set %s: %s\n", what, fdt_strerror(r));
    return false;
}

size_t virt_fdt_finish(void *fdt)
{
    fdt_pack(fdt);
    return fdt_totalsize(fdt);
}
