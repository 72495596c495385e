/* SPDX-License-Identifier: MIT */
/*
 * virt.c - the `virt` board, wired up explicitly with QEMU's memory map
 * (hw/arm/virt.c, docs/system/arm/virt.rst): flash at 0 (128 MiB, two
 * 64 MiB banks in QEMU, empty here), PL011 at 0x0900_0000, RAM from
 * 0x4000_0000. GIC, RTC, virtio and the device tree come with later issues.
 */
#include "virt.h"

#include <stdio.h>
#include <stdlib.h>

#include "chardev.h"
#include "irq.h"
#include "loader.h"
#include "pl011.h"

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

Machine *virt_create(const MachineOptions *opt)
{
    if (opt->smp < 1 || opt->smp > VIRT_MAX_CPUS) {
        fprintf(stderr, "a64emu: -smp %u: between 1 and %u CPUs\n", opt->smp, VIRT_MAX_CPUS);
        return NULL;
    }
    if (opt->ram_size == 0 || opt->ram_size > VIRT_RAM_MAX) {
        fprintf(stderr, "a64emu: -m: RAM size must be between 4K and 255G\n");
        return NULL;
    }
    Machine *m = calloc(1, sizeof(*m));
    if (!m) {
        return NULL;
    }
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

    m->serial = chardev_open(opt->serial ? opt->serial : "null");
    if (!m->serial) {
        goto fail;
    }
    chardev_set_quit_handler(m->serial, virt_console_quit, m);
    IrqLine no_irq = { 0 };   /* the GIC arrives with a later issue */
    m->uart = pl011_create(m->as, VIRT_UART_BASE, m->serial, no_irq);
    if (!m->uart) {
        goto fail;
    }

    if (opt->kernel) {
        KernelInfo ki;
        /* No device tree yet: X0 = 0 for Linux-style images. */
        if (!loader_load_kernel(m->as, opt->kernel, VIRT_RAM_BASE, m->opt.ram_size, 0, &ki)) {
            goto fail;
        }
        m->entry = ki.entry;
        m->kernel_entry = ki.kernel_entry;
    }

    unsigned el = opt->el ? opt->el : 1;
    for (unsigned i = 0; i < opt->smp; i++) {
        A64Cpu *cpu = calloc(1, sizeof(*cpu));
        if (!cpu) {
            goto fail;
        }
        m->cpus[i] = cpu;
        m->ncpus = i + 1;
        a64_cpu_init(cpu, opt->cpu_model, i, m->as, m);
        tlb_flush_all(&cpu->tlb);
        a64_cpu_reset(cpu, m->entry, el);
        /* Secondary CPUs wait for PSCI CPU_ON (QEMU's virt with PSCI). */
        if (i > 0) {
            cpu->powered_off = true;
        }
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
    for (unsigned i = 0; i < m->ncpus; i++) {
        if (m->cpus[i]) {
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
        }
    }
}

void machine_poll_io(Machine *m)
{
    if (m->uart) {
        pl011_poll(m->uart);
    }
}
