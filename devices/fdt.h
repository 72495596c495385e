/* SPDX-License-Identifier: MIT */
/*
 * fdt.h - the virt board's device tree (libfdt): generated to describe what
 * a64emu has, in the shape QEMU 7.2's virt gives it (hw/arm/virt.c
 * create_fdt and friends), or read from a -dtb file; then /chosen and
 * /memory fixed up for the kernel as QEMU's hw/arm/boot.c arm_load_dtb.
 */
#ifndef A64EMU_FDT_H
#define A64EMU_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virt.h"

/* Phandles as QEMU allocates them (qemu_fdt_alloc_phandle from 0x8000). */
#define VIRT_FDT_PHANDLE_BASE 0x8000u

/* Does the board describe a PSCI conduit, and which (QEMU 7.2): virt picks
 * SMC with virtualization=on (HVC belongs to the guest's hypervisor), else
 * HVC; hw/arm/boot.c then disables it when the guest starts at or above
 * the EL that would answer it: HVC with a boot EL >= 2, SMC with boot EL 3
 * (e.g. an ELF at EL3 with secure=on, or secure=on with no kernel). */
typedef enum VirtPsciConduit { VIRT_PSCI_NONE, VIRT_PSCI_HVC, VIRT_PSCI_SMC } VirtPsciConduit;
VirtPsciConduit virt_psci_conduit(const MachineOptions *opt, unsigned boot_el);

/* Build the tree for opt (RAM size, CPUs, GIC version, EL2...) and the EL
 * CPU 0 boots at. Returns a malloc'd blob with room to grow, NULL on error. */
void *virt_fdt_build(const MachineOptions *opt, unsigned boot_el);
/* Read a -dtb file and check it (fdt_check_header, size); NULL after one
 * line "a64emu: -dtb PATH: why". The blob has room to grow. */
void *virt_fdt_load(const char *path);
/* arm_load_dtb's fix-ups: /memory reg = RAM, /chosen bootargs (when
 * bootargs is non-empty), linux,initrd-start/end (when initrd_size). One
 * error line and false on failure (e.g. a user blob with 0 cells). */
bool virt_fdt_fixup(void *fdt, uint64_t ram_base, uint64_t ram_size, const char *bootargs,
                    uint64_t initrd_start, uint64_t initrd_size);
/* Pack the blob; returns its size. */
size_t virt_fdt_finish(void *fdt);

#endif
