/* SPDX-License-Identifier: MIT */
/* semihosting.h - Arm semihosting (HLT #0xF000 in A64), the calls bare-metal tests use. */
#ifndef A64EMU_SEMIHOSTING_H
#define A64EMU_SEMIHOSTING_H

#include "../frontend/cpu.h"

/* Perform the call in W0 with parameter block X1; result in X0. */
void semihosting_call(A64Cpu *cpu);

#endif
