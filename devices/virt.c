/* SPDX-License-Identifier: MIT */
/*
 * virt.c - the `virt` board, wired up explicitly with QEMU's memory map
 * (hw/arm/virt.c, docs/system/arm/virt.rst): flash at 0 (128 MiB, two
 * 64 MiB banks in QEMU, empty here), GIC at 0x0800_0000, PL011 at
 * 0x0900_0000, PL031 at 0x0901_0000, PL061 at 0x0903_0000, RAM from
 * 0x4000_0000; the device tree (fdt.c) and the Linux boot protocol (kernel,
 * initrd and DTB placement) as QEMU's hw/arm/boot.c.
 */
#include "virt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "fdt.h"
#include "irq.h"
#include "loader.h"
#include "pl011.h"
#include "pl031.h"
#include "pl061.h"
#include "../gic/gic.h"
#include "../timer/timer.h"

static Machine *virt_create_with_serial(const MachineOptions *opt, CharDev *serial);

/* Largest -m the board accepts: RAM must stay below 256 GiB, as QEMU's
 * virt memory map (the high I/O regions start there). */
#define VIRT_RAM_MAX (255ull << 30)

/* A store hit a page holding translated code: drop that page's blocks in
 * every vCPU's code cache. */
static void virt_code_write(void *opaque, uint64_t pa_page)
{
    Machine *m = opaque;
    for (unsigned i = 0; i < m->ncpus; i++) {
        if (m->cpus[i] && m->cpus[i]->cc) {
            codecache_invalidate_page(m->cpus[i]->cc, pa_page);
        }
    }
}

/* Ctrl-A x on the console. */
static void virt_console_quit(void *opaque)
{
    machine_request_shutdown(opaque, 0);
}

/* The GIC input for a device's SPI (unconnected without a GIC). */
static IrqLine virt_spi(Machine *m, unsigned spi)
{
    IrqLine none = { 0 };
    return m->gic ? gic_spi_line(m->gic, spi) : none;
}

/* Where QEMU puts the initrd for a Linux kernel: far enough into RAM that
 * the kernel does not clobber it, but low: half of RAM below 256 MiB, else
 * 128 MiB; above the kernel's image_size in any case; page aligned. */
static uint64_t virt_initrd_start(const Machine *m, const KernelInfo *ki)
{
    uint64_t half = m->opt.ram_size / 2;
    uint64_t at = VIRT_RAM_BASE + (half < (128ull << 20) ? half : (128ull << 20));
    if (ki->high > at) {
        at = ki->high;
    }
    return (at + 0xfff) & ~0xfffull;
}

static bool virt_dump_dtb(const char *path, const void *fdt, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(fdt, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "a64emu: -machine dumpdtb=%s: %s\n", path, strerror(errno));
        if (f) {
            fclose(f);
        }
        return false;
    }
    fprintf(stderr, "a64emu: info: dtb dumped to %s. Exiting.\n", path);
    return true;
}

/* The EL CPU 0 starts at, as QEMU (hw/arm/boot.c do_cpu_reset): a Linux
 * kernel (Image or raw) at EL2 when the board has EL2, else EL1,
 * Non-secure even with EL3; anything else (ELF, -device loader, nothing)
 * in the reset state, the highest EL. */
static unsigned virt_boot_el(const MachineOptions *opt, const KernelInfo *ki)
{
    if (ki->is_linux) {
        return opt->virtualization ? 2 : 1;
    }
    return opt->secure ? 3 : opt->virtualization ? 2 : 1;
}

/* -initrd, the device tree (generated or -dtb) with /chosen filled in, put
 * where QEMU puts it, X0 of the boot stub, dumpdtb, -device loader. */
static bool virt_load_dtb(Machine *m, const KernelInfo *ki)
{
    const MachineOptions *opt = &m->opt;
    uint64_t ram_end = VIRT_RAM_BASE + opt->ram_size;
    uint64_t initrd_start = 0, initrd_size = 0;
    if (ki->is_linux) {
        initrd_start = virt_initrd_start(m, ki);
        if (opt->initrd) {
            if (initrd_start >= ram_end) {
                fprintf(stderr, "a64emu: -initrd %s: not enough space after the kernel to "
                        "load it (raise -m)\n", opt->initrd);
                return false;
            }
            if (!loader_load_initrd(m->as, opt->initrd, initrd_start, ram_end - initrd_start,
                                    &initrd_size)) {
                return false;
            }
        }
    }

    void *fdt = opt->dtb ? virt_fdt_load(opt->dtb) : virt_fdt_build(opt, virt_boot_el(opt, ki));
    if (!fdt) {
        return false;
    }
    /* -append goes into /chosen whatever the payload (QEMU arm_load_dtb);
     * the initrd is loaded only for a Linux-style kernel. */
    bool ok = virt_fdt_fixup(fdt, VIRT_RAM_BASE, opt->ram_size, opt->append, initrd_start,
                             initrd_size);
    size_t size = ok ? virt_fdt_finish(fdt) : 0;
    if (ok && opt->dumpdtb) {
        ok = virt_dump_dtb(opt->dumpdtb, fdt, size);
        free(fdt);
        return ok;
    }

    /* Placement: after the initrd on a 2 MiB boundary for a Linux kernel
     * (early arm64 kernels map the 2 MiB block around it); at the base of
     * RAM for an ELF that leaves room below itself, or with no kernel. */
    uint64_t at = 0;
    if (ok && ki->is_linux) {
        at = (initrd_start + initrd_size + (2ull << 20) - 1) & ~((2ull << 20) - 1);
        if (at >= ram_end || size > ram_end - at) {
            fprintf(stderr, "a64emu: not enough space for the device tree after the "
                    "kernel/initrd (raise -m)\n");
            ok = false;
        }
    } else if (ok && opt->kernel) {
        if (ki->low > VIRT_RAM_BASE && size <= ki->low - VIRT_RAM_BASE) {
            at = VIRT_RAM_BASE;
        } else if (ki->high <= VIRT_RAM_BASE && size <= opt->ram_size) {
            at = VIRT_RAM_BASE;
        }
    } else if (ok && size <= opt->ram_size) {
        at = VIRT_RAM_BASE;
    }
    if (ok && at) {
        ok = as_load_image(m->as, at, fdt, size);
        m->dtb_addr = at;
        if (ki->is_linux) {
            loader_write_boot_stub(m->as, VIRT_RAM_BASE, at, ki->kernel_entry);
        }
    }
    free(fdt);
    if (!ok) {
        return false;
    }

    /* -device loader: after the kernel, so it may patch it. */
    for (unsigned i = 0; i < opt->nloaders; i++) {
        const typeof(opt->loaders[0]) *l = &opt->loaders[i];
        uint64_t entry = l->addr;
        if (l->file) {
            if (!loader_load_generic(m->as, l->file, l->addr, l->has_addr, l->force_raw,
                                     &entry)) {
                return false;
            }
        } else if (l->data_len) {
            if (!loader_store_data(m->as, l->addr, l->data, l->data_len)) {
                return false;
            }
        }
        if (l->cpu_num >= 0) {
            if ((unsigned)l->cpu_num >= opt->smp) {
                fprintf(stderr, "a64emu: -device loader: cpu-num=%d but only %u CPU(s)\n",
                        l->cpu_num, opt->smp);
                return false;
            }
            m->loader_pc[l->cpu_num] = entry;
            m->loader_pc_set |= 1u << l->cpu_num;
        }
    }
    return true;
}

Machine *virt_create(const MachineOptions *opt)
{
    return virt_create_with_serial(opt, NULL);
}

Machine *virt_reboot(Machine *m)
{
    MachineOptions opt = m->opt;
    CharDev *serial = m->serial;   /* the console stays open, as in QEMU */
    m->serial = NULL;
    virt_destroy(m);
    return virt_create_with_serial(&opt, serial);
}

static Machine *virt_create_with_serial(const MachineOptions *opt, CharDev *serial)
{
    if (opt->smp < 1 || opt->smp > VIRT_MAX_CPUS) {
        fprintf(stderr, "a64emu: -smp %u: between 1 and %u CPUs\n", opt->smp, VIRT_MAX_CPUS);
        chardev_close(serial);
        return NULL;
    }
    if (opt->ram_size == 0 || opt->ram_size > VIRT_RAM_MAX) {
        fprintf(stderr, "a64emu: -m: RAM size must be between 4K and 255G\n");
        chardev_close(serial);
        return NULL;
    }
    Machine *m = calloc(1, sizeof(*m));
    if (!m) {
        chardev_close(serial);
        return NULL;
    }
    m->serial = serial;
    m->opt = *opt;
    m->opt.ram_size = (opt->ram_size + A64_PAGE_SIZE - 1) & A64_PAGE_MASK;
    m->semihosting = opt->semihosting;
    m->as = as_new();
    if (!m->as) {
        goto fail;
    }
    m->as->code_write = virt_code_write;
    m->as->code_write_opaque = m;

    m->flash = as_add_rom(m->as, "virt.flash", VIRT_FLASH_BASE, VIRT_FLASH_SIZE);
    m->ram = as_add_ram(m->as, "virt.ram", VIRT_RAM_BASE, m->opt.ram_size);
    if (!m->flash || !m->ram) {
        fprintf(stderr, "a64emu: cannot allocate %llu bytes of guest RAM\n",
                (unsigned long long)m->opt.ram_size);
        goto fail;
    }

    /* Images first (hw/arm/boot.c arm_setup_direct_kernel_boot), then the
     * device tree that describes where they went. */
    KernelInfo ki;
    memset(&ki, 0, sizeof(ki));
    if (opt->kernel) {
        if (!loader_load_kernel(m->as, opt->kernel, VIRT_RAM_BASE, m->opt.ram_size, 0, &ki)) {
            goto fail;
        }
        m->entry = ki.entry;
        m->kernel_entry = ki.kernel_entry;
    }
    if (!virt_load_dtb(m, &ki)) {
        goto fail;
    }
    if (opt->dumpdtb) {
        m->shutdown = true;     /* nothing to run: the caller exits 0 */
        return m;
    }

    unsigned el = virt_boot_el(opt, &ki);
    for (unsigned i = 0; i < opt->smp; i++) {
        A64Cpu *cpu = calloc(1, sizeof(*cpu));
        if (!cpu) {
            goto fail;
        }
        m->cpus[i] = cpu;
        m->ncpus = i + 1;
        a64_cpu_init(cpu, opt->cpu_model, i, m->as, m);
        /* The board decides which ELs and which GIC CPU interface exist
         * (QEMU removes EL2/EL3 unless virtualization=/secure=on). */
        cpu->feat.el2 = opt->virtualization;
        cpu->feat.el3 = opt->secure;
        cpu->feat.gicv3 = opt->gic_version == 3;
        if (opt->cpu_model == A64_CPU_MAX) {
            cpu->feat.pauth = opt->pauth;
            cpu->feat.pauth_impdef = opt->pauth && opt->pauth_impdef;
            if (opt->pauth_level) {
                cpu->feat.pauth_level = (uint8_t)opt->pauth_level;
            }
        } else {
            cpu->feat.pauth = cpu->feat.pauth_impdef = false;
        }
        a64_cpu_features_changed(cpu);
        tlb_flush_all(&cpu->tlb);
        a64_cpu_reset(cpu, (m->loader_pc_set >> i) & 1 ? m->loader_pc[i] : m->entry, el);
        /* Secondary CPUs wait for PSCI CPU_ON (QEMU's virt with PSCI). */
        if (i > 0) {
            cpu->powered_off = true;
        }
    }

    /* GIC [gic] */
    {
        /* QEMU's virt: NUM_IRQS = 256 SPIs (GIC num-irq 256 + 32), GICv2
         * unless gic-version=3, the virtualization extension (GICH/GICV,
         * ICH_*, maintenance PPI 9) with virtualization=on. */
        GicConfig gc = {
            .version = opt->gic_version == 3 ? 3 : 2,
            .ncpus = m->ncpus,
            .cpus = m->cpus,
            .num_spis = 256,
            .virt_ext = opt->virtualization,
            .security_ext = opt->secure,
            .dist_base = VIRT_GIC_DIST_BASE,
            .redist_base = VIRT_GIC_REDIST_BASE,
            .cpu_base = VIRT_GIC_CPU_BASE,
            .hyp_base = VIRT_GIC_HYP_BASE,
            .vcpu_base = VIRT_GIC_VCPU_BASE,
        };
        m->gic = gic_create(m->as, &gc);
        if (!m->gic) {
            goto fail;
        }
    }
    /* end GIC */

    /* Generic timers into their PPIs (QEMU's virt: ARCH_TIMER_*_IRQ). */
    for (unsigned i = 0; i < m->ncpus; i++) {
        IrqLine out[TIMER_COUNT] = { { 0 } };
        if (m->gic) {
            out[TIMER_PHYS] = gic_ppi_line(m->gic, i, VIRT_PPI_TIMER_NS_EL1);
            out[TIMER_VIRT] = gic_ppi_line(m->gic, i, VIRT_PPI_TIMER_VIRT);
            out[TIMER_HYP_PHYS] = gic_ppi_line(m->gic, i, VIRT_PPI_TIMER_NS_EL2);
            out[TIMER_HYP_VIRT] = gic_ppi_line(m->gic, i, VIRT_PPI_TIMER_NS_EL2_VIRT);
            out[TIMER_SEC_PHYS] = gic_ppi_line(m->gic, i, VIRT_PPI_TIMER_S_EL1);
        }
        timer_cpu_init(m->cpus[i], out);
    }

    if (!m->serial) {
        m->serial = chardev_open(opt->serial ? opt->serial : "null");
    }
    if (!m->serial) {
        goto fail;
    }
    chardev_set_quit_handler(m->serial, virt_console_quit, m);
    m->uart = pl011_create(m->as, VIRT_UART_BASE, m->serial, virt_spi(m, VIRT_SPI_UART));
    if (!m->uart) {
        goto fail;
    }
    m->rtc = pl031_create(m->as, VIRT_RTC_BASE, virt_spi(m, VIRT_SPI_RTC), NULL);
    m->gpio = pl061_create(m->as, VIRT_GPIO_BASE, virt_spi(m, VIRT_SPI_GPIO));
    if (!m->rtc || !m->gpio) {
        goto fail;
    }

    return m;

fail:
    virt_destroy(m);
    return NULL;
}

void virt_destroy(Machine *m)
{
    if (!m) {
        return;
    }
    pl011_free(m->uart);
    m->uart = NULL;
    pl031_free(m->rtc);
    pl061_free(m->gpio);
    if (m->gic) {
        gic_free(m->gic);
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        if (m->cpus[i]) {
            if (m->cpus[i]->timer) {
                timer_cpu_free(m->cpus[i]);
            }
            a64_cpu_destroy(m->cpus[i]);
            free(m->cpus[i]);
        }
    }
    pl011_free(m->uart);
    chardev_close(m->serial);
    as_free(m->as);
    free(m);
}

void machine_request_shutdown(Machine *m, int code)
{
    if (!m->shutdown) {
        m->exit_code = code;
        m->shutdown = true;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        A64Cpu *cpu = m->cpus[i];
        if (cpu) {
            cpu->exit_code = m->exit_code;
            cpu->powered_off = true;
            cpu->exit_request = 1;
            /* Wake a CPU sleeping in WFI so the machine loop sees it. */
            a64_cpu_kick(cpu);
        }
    }
}

void machine_request_shutdown_async(Machine *m, int code)
{
    if (!m->shutdown) {
        m->exit_code = code;
        m->shutdown = true;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        A64Cpu *cpu = m->cpus[i];
        if (cpu) {
            cpu->exit_code = m->exit_code;
            cpu->powered_off = true;
            cpu->exit_request = 1;
        }
    }
}

void machine_poll_io(Machine *m)
{
    if (m->uart) {
        pl011_poll(m->uart);
    }
    if (m->rtc) {
        pl031_poll(m->rtc);
    }
}
