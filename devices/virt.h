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
};

/* Build the board. Returns NULL and prints one line on error. */
Machine *virt_create(const MachineOptions *opt);
void virt_destroy(Machine *m);
/* The guest asked to stop (PSCI SYSTEM_OFF, semihosting SYS_EXIT): every
 * vCPU leaves its loop; the process exits with code. */
void machine_request_shutdown(Machine *m, int code);
/* Pull pending host input into the devices (UART receive FIFO). Cheap;
 * callable from the vCPU loop between blocks. */
void machine_poll_io(Machine *m);

#endif
