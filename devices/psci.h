/* SPDX-License-Identifier: MIT */
/* psci.h - firmware-less PSCI over HVC/SMC, as QEMU's virt board provides it. */
#ifndef A64EMU_PSCI_H
#define A64EMU_PSCI_H

#include <stdbool.h>

#include "../frontend/cpu.h"

/* If X0 holds a PSCI function ID this board implements, perform it, write
 * the result to X0 and return true; otherwise return false (the caller then
 * treats the HVC/SMC as it architecturally would). */
bool psci_call(A64Cpu *cpu);

#endif
