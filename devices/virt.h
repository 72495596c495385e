/* SPDX-License-Identifier: MIT */
/*
 * virt.h - the `virt` board: QEMU's memory map (RAM at 0x4000_0000, PL011
 * at 0x0900_0000, ...), its CPUs and devices, wired up explicitly.
 */
#ifndef A64EMU_VIRT_H
#define A64EMU_VIRT_H

#include <stdbool.h>
#include <stdint.h>

#include "../frontend/cpu.h"
#include "../mmu/memory.h"

#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE 0x08000000ull
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_UART_SIZE 0x1000ull
#define VIRT_RTC_BASE 0x09010000ull
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_MAX_CPUS 8
/* QEMU's virt memory map (hw/arm/virt.c base_memmap) and interrupts */
#define VIRT_GIC_DIST_BASE 0x08000000ull   /* GICD, 64 KiB */
#define VIRT_GIC_CPU_BASE 0x08010000ull    /* GICv2 GICC, 64 KiB */
#define VIRT_GIC_HYP_BASE 0x08030000ull    /* GICv2 GICH, 64 KiB */
#define VIRT_GIC_VCPU_BASE 0x08040000ull   /* GICv2 GICV, 64 KiB */
#define VIRT_GIC_REDIST_BASE 0x080a0000ull /* GICv3 redistributors, 0xf60000 */
#define VIRT_GIC_REDIST_SIZE 0x00f60000ull
#define VIRT_GPIO_BASE 0x09030000ull       /* PL061 */
#define VIRT_SECURE_UART_BASE 0x09040000ull
#define VIRT_SPI_UART 1                    /* SPI numbers (INTID - 32) */
#define VIRT_SPI_RTC 2
#define VIRT_SPI_GPIO 7
#define VIRT_PPI_TIMER_S_EL1 13            /* PPI numbers (INTID - 16) */
#define VIRT_PPI_TIMER_NS_EL1 14
#define VIRT_PPI_TIMER_VIRT 11
#define VIRT_PPI_TIMER_NS_EL2 10
#define VIRT_PPI_TIMER_NS_EL2_VIRT 12
#define VIRT_PPI_GIC_MAINT 9
#define VIRT_PPI_PMU 7

typedef struct CharDev CharDev;
typedef struct Pl011State Pl011State;

typedef struct MachineOptions {
    A64CpuModel cpu_model;
    unsigned smp;
    uint64_t ram_size;
    const char *kernel;
    const char *serial;       /* "stdio", "file:PATH", "null" */
    bool semihosting;
    bool nographic;
    unsigned el;              /* EL the boot CPU starts at (1 for now) */
    /* session 2 [board] */
    unsigned gic_version;     /* 2 or 3 (-M virt,gic-version=; QEMU's default is 2) */
    bool virtualization;      /* -M virt,virtualization=on: EL2, boot at EL2 */
    bool secure;              /* -M virt,secure=on: EL3, boot at EL3 */
    bool no_reboot;
    const char *initrd;       /* -initrd */
    const char *append;       /* -append */
    const char *dtb;          /* -dtb: use this blob instead of generating one */
    const char *dumpdtb;      /* -machine dumpdtb=FILE: write the DT and exit 0 */
    bool pauth_impdef;        /* -cpu max,pauth-impdef=on */
    bool pauth;               /* -cpu max,pauth=off turns it off */
    unsigned pauth_level;     /* -cpu max,x-pauth-level=N (1-5; 0: QEMU 7.2's 1) [board] */
    unsigned nloaders;        /* -device loader,file=F,addr=A[,force-raw=on] */
    struct {
        const char *file;
        uint64_t addr;
        bool force_raw;
        bool has_addr;
        /* [board] -device loader,addr=A,data=V,data-len=N (no file) */
        uint64_t data;
        unsigned data_len;    /* 1, 2, 4 or 8; 0: a file loader */
        int cpu_num;          /* cpu-num=N: that CPU starts at addr (-1: none) */
    } loaders[8];
} MachineOptions;

struct Machine {
    MachineOptions opt;
    AddressSpace *as;
    A64Cpu *cpus[VIRT_MAX_CPUS];
    unsigned ncpus;
    CharDev *serial;
    Pl011State *uart;
    bool semihosting;
    volatile bool shutdown;   /* guest asked to power off / exit */
    int exit_code;            /* process exit status after shutdown */
    uint64_t entry;           /* where CPU 0 started (loader) */
    uint64_t kernel_entry;    /* the image's entry (after the boot stub) */
    MemRegion *ram, *flash;
    /* session 2 */
    struct Gic *gic;          /* [gic] */
    void *rtc, *gpio;         /* Pl031State, Pl061State [board] */
    uint64_t dtb_addr;        /* where the device tree blob was put */
    volatile bool reset_requested; /* PSCI SYSTEM_RESET (exit unless we reboot) */
    uint64_t loader_pc[VIRT_MAX_CPUS]; /* -device loader,cpu-num=N start [board] */
    unsigned loader_pc_set;   /* bit N: loader_pc[N] valid [board] */
};

/* Build the board. Returns NULL and prints one line on error. */
Machine *virt_create(const MachineOptions *opt);
void virt_destroy(Machine *m);
/* PSCI SYSTEM_RESET without -no-reboot: a new machine with the same
 * options (images reloaded, every device and CPU reset), the console kept
 * open. Frees m; NULL + one line on error [board]. */
Machine *virt_reboot(Machine *m);
/* The guest asked to stop (PSCI SYSTEM_OFF, semihosting SYS_EXIT): every
 * vCPU leaves its loop; the process exits with code. */
void machine_request_shutdown(Machine *m, int code);
/* The same from a signal handler: only sets flags, kicks nobody [board]. */
void machine_request_shutdown_async(Machine *m, int code);
/* Pull pending host input into the devices (UART receive FIFO). Cheap;
 * callable from the vCPU loop between blocks. */
void machine_poll_io(Machine *m);
/* Run every vCPU until shutdown and return the exit status: one host
 * thread, round-robin time slices, sleeping when every CPU waits (WFI) until
 * the next timer deadline or host input (devices/machine_loop.c) [smp]. */
int machine_run(Machine *m);
/* A timer of cpu (running on this thread) was reprogrammed: make sure the
 * current slice ends by deadline_ns (counter_ns() time) so the timer is
 * serviced on time; never ends the slice early. [sched] */
void machine_deadline_hint(Machine *m, A64Cpu *cpu, uint64_t deadline_ns);
/* cpu got a reason to run (an interrupt line rose) while another CPU runs
 * a slice: that slice is cut to the multi-CPU length. [sched] */
void machine_cpu_woken(Machine *m, A64Cpu *cpu);

#endif
