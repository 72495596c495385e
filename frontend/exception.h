/* SPDX-License-Identifier: MIT */
/*
 * exception.h - taking and returning from exceptions (DDI 0487 D1.10-D1.11).
 *
 * Every synchronous exception is described by an A64Exception and taken in
 * exactly one place, a64_take_exception(), which writes ESR/ELR/SPSR/FAR of
 * the target EL, switches PSTATE and SP, and sets PC to the vector.
 * a64_raise() does that and then longjmps to the CPU loop: it is how
 * helpers and memory slow paths report guest faults from inside a block.
 */
#ifndef A64EMU_EXCEPTION_H
#define A64EMU_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Exception classes (ESR_ELx.EC), DDI 0487 D17.2.37. */
enum {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,
    EC_ILLEGAL_STATE = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_INSN_ABORT_LOWER = 0x20,
    EC_INSN_ABORT_SAME = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DATA_ABORT_LOWER = 0x24,
    EC_DATA_ABORT_SAME = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_FP_EXC64 = 0x2c,
    EC_SERROR = 0x2f,
    EC_BRK64 = 0x3c,
};

typedef enum A64ExcType {
    A64_EXC_SYNC = 0,
    A64_EXC_IRQ = 1,
    A64_EXC_FIQ = 2,
    A64_EXC_SERROR = 3,
} A64ExcType;

typedef struct A64Exception {
    A64ExcType type;
    unsigned ec;
    uint32_t iss;
    bool il;            /* instruction length bit: 1 for 32-bit insns */
    bool far_valid;
    uint64_t far;
    unsigned target_el; /* 0: route by the architecture's rules */
    uint64_t return_pc; /* preferred return address (ELR) */
} A64Exception;

/* Write the exception state and jump to the vector. Does not longjmp. */
void a64_take_exception(A64Cpu *cpu, const A64Exception *e);
/* Take the exception and abandon the current block. */
_Noreturn void a64_raise(A64Cpu *cpu, const A64Exception *e);
/* Convenience: synchronous exception with ELR = cpu->pc. */
_Noreturn void a64_raise_sync(A64Cpu *cpu, unsigned ec, uint32_t iss, bool far_valid,
                              uint64_t far);
/* ERET: restore PSTATE from SPSR_ELx and PC from ELR_ELx (with the
 * illegal-return checks). */
void a64_eret(A64Cpu *cpu);
/* Between blocks: take a pending, unmasked interrupt (none exist yet: the
 * GIC issue adds the sources), or the Illegal Execution state exception
 * when PSTATE.IL is set. Returns true if an exception was taken (PC and
 * PSTATE changed: recompute the translation flags). Never longjmps. */
bool a64_check_interrupts(A64Cpu *cpu);

/* ---- EL2/EL3 state used by routing and traps [el2] -------------------- */
/* EL2 is implemented and enabled in the current Security state
 * (EL2Enabled(): no EL3, or SCR_EL3.NS). */
bool a64_el2_enabled(const A64Cpu *cpu);
/* HCR_EL2 as it acts (QEMU's arm_hcr_el2_eff, DDI 0487 D13.2.46): 0 when
 * EL2 is not enabled; TGE forces IMO/FMO/AMO (E2H = 0) and clears the
 * trap bits it overrides. */
uint64_t a64_hcr_eff(const A64Cpu *cpu);
/* The EL an FP/AdvSIMD access at the current EL traps to (CPACR_EL1.FPEN,
 * CPTR_EL2.TFP or FPEN under E2H, CPTR_EL3.TFP), 0 when enabled. */
unsigned a64_fp_trap_el(const A64Cpu *cpu);
/* The board's PSCI conduit (QEMU virt: SMC with virtualization=on, else
 * HVC; none when the guest boots at or above the conduit's EL): an
 * HVC/SMC through it is a firmware call (unknown functions return
 * NOT_SUPPORTED), never an exception. */
bool a64_psci_conduit_smc(const A64Cpu *cpu);
bool a64_psci_conduit_hvc(const A64Cpu *cpu);

#endif
