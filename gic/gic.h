/* SPDX-License-Identifier: MIT */
/*
 * gic.h - the Generic Interrupt Controller of the virt board: GICv3
 * (distributor, one redistributor per CPU, ICC_* system registers) or GICv2
 * (GICD/GICC), each with the virtualization extension (GICv3 ICH_* / ICV_*,
 * GICv2 GICH/GICV) when the board has EL2. The GIC drives each CPU's
 * A64_LINE_IRQ/FIQ/VIRQ/VFIQ (frontend/cpu.h a64_cpu_set_line); devices
 * drive the GIC through IrqLines (devices/irq.h) and never see it.
 * References: Arm IHI 0069 (GICv3/v4), IHI 0048B (GICv2).
 */
#ifndef A64EMU_GIC_H
#define A64EMU_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "../devices/irq.h"
#include "../frontend/cpu.h"
#include "../mmu/memory.h"

typedef struct Gic Gic;

typedef struct GicConfig {
    unsigned version;       /* 2 or 3 */
    unsigned ncpus;
    A64Cpu **cpus;          /* ncpus CPUs, already initialised */
    unsigned num_spis;      /* SPIs (INTID 32..32+num_spis-1); virt uses 256-32 */
    bool virt_ext;          /* EL2 present: ICH_*, GICH/GICV, maintenance PPI */
    bool security_ext;      /* EL3 present: two security states (GICD_CTLR.DS=0) */
    uint64_t dist_base, redist_base, cpu_base, hyp_base, vcpu_base;
} GicConfig;

/* Map the GIC's MMIO regions into as and register the ICC_* and ICH_* system
 * registers (GICv3) on every CPU (sets cpu->gic). NULL + one line on error. */
Gic *gic_create(AddressSpace *as, const GicConfig *cfg);
void gic_free(Gic *g);
/* An input line for SPI n (INTID 32 + n), for a device. */
IrqLine gic_spi_line(Gic *g, unsigned spi);
/* An input line for PPI n (INTID 16 + n) of one CPU (timers, PMU). */
IrqLine gic_ppi_line(Gic *g, unsigned cpu, unsigned ppi);

/* The vCPU the calling host thread is running, set by the scheduler around
 * each slice (frontend/cpu_exec.c); banked MMIO registers (GICv2 GICD
 * SGI/PPI registers, GICC, GICH, GICV) are those of this CPU. NULL outside
 * a slice: CPU 0's view. Defined in gic/gic.c. */
extern __thread A64Cpu *a64_current_cpu;

#endif
