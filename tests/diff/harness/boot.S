/* SPDX-License-Identifier: MIT */
/* boot.S - start-up code, exception vectors and register save/restore glue
 * of the differential-test image (tests/diff). Runs at EL1 with the MMU off.
 *
 * Register use during a test case: none reserved. The harness reaches its
 * own data with ADRP (PC-relative) and parks one register in TPIDR_EL1, so
 * X0-X30 and SP are all random test state. The exception handler does not
 * touch the stack (SP may hold any value while a case runs). */
#include "harness.h"

    .section .text.boot, "ax"
    .global _start
_start:
    msr     daifset, #0xf
    adrp    x0, diff_stack_top
    add     x0, x0, :lo12:diff_stack_top
    mov     sp, x0
    adrp    x0, diff_vectors
    add     x0, x0, :lo12:diff_vectors
    msr     vbar_el1, x0
    /* CPACR_EL1.FPEN = 3 so MRS/MSR FPCR/FPSR in the sys class do not trap.
     * The harness itself is built with -mgeneral-regs-only. */
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    /* SCTLR_EL1: MMU, caches and alignment checks (A, SA, SA0) off; RES1
     * bits of Armv8.0 set (DDI 0487 D17.2.118). SPAN = 1: exceptions keep
     * PSTATE.PAN. Written explicitly so both emulators start equal. */
    ldr     x0, =0x30d00800
    msr     sctlr_el1, x0
    isb
    /* clear .bss */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  bl      diff_main
    b       diff_cases              /* generated: runs every case, then */
                                    /* branches to diff_done */

    .global diff_done
diff_done:
    adrp    x0, diff_stack_top
    add     x0, x0, :lo12:diff_stack_top
    mov     sp, x0
    bl      diff_finish
3:  b       3b

/* diff_enter(x0 = init table): called at the start of each case, with SP
 * possibly garbage from the previous case. */
    .global diff_enter
diff_enter:
    adrp    x1, diff_stack_top
    add     x1, x1, :lo12:diff_stack_top
    mov     sp, x1
    stp     x29, x30, [sp, #-16]!
    bl      diff_case_begin
    ldp     x29, x30, [sp], #16
    ret

/* diff_leave: called by `bl` at the end of each case with x0 = &diff_regs,
 * the case's x0 in TPIDR_EL1 and its x30 already stored. Stores the rest of
 * the architectural state, then reports on the harness stack. */
    .global diff_leave
diff_leave:
    stp     x1, x2, [x0, #8]
    stp     x3, x4, [x0, #24]
    stp     x5, x6, [x0, #40]
    stp     x7, x8, [x0, #56]
    stp     x9, x10, [x0, #72]
    stp     x11, x12, [x0, #88]
    stp     x13, x14, [x0, #104]
    stp     x15, x16, [x0, #120]
    stp     x17, x18, [x0, #136]
    stp     x19, x20, [x0, #152]
    stp     x21, x22, [x0, #168]
    stp     x23, x24, [x0, #184]
    stp     x25, x26, [x0, #200]
    stp     x27, x28, [x0, #216]
    str     x29, [x0, #232]
    mrs     x1, tpidr_el1
    str     x1, [x0]
    mov     x1, sp
    str     x1, [x0, #(DIFF_REG_SP * 8)]
    mrs     x1, nzcv
    str     x1, [x0, #(DIFF_REG_NZCV * 8)]
    adrp    x1, diff_stack_top
    add     x1, x1, :lo12:diff_stack_top
    mov     sp, x1
    stp     x29, x30, [sp, #-16]!
    bl      diff_case_end
    ldp     x29, x30, [sp], #16
    ret

/* diff_leave_fp: as diff_leave, for FP/SIMD cases: first stores V0-V31
 * into diff_vregs (the only FP register use of the harness besides the
 * case prologue that loads them), then continues in diff_leave. */
    .global diff_leave_fp
diff_leave_fp:
    stp     x1, x2, [x0, #8]
    adrp    x1, diff_vregs
    add     x1, x1, :lo12:diff_vregs
    stp     q0, q1, [x1, #0]
    stp     q2, q3, [x1, #32]
    stp     q4, q5, [x1, #64]
    stp     q6, q7, [x1, #96]
    stp     q8, q9, [x1, #128]
    stp     q10, q11, [x1, #160]
    stp     q12, q13, [x1, #192]
    stp     q14, q15, [x1, #224]
    stp     q16, q17, [x1, #256]
    stp     q18, q19, [x1, #288]
    stp     q20, q21, [x1, #320]
    stp     q22, q23, [x1, #352]
    stp     q24, q25, [x1, #384]
    stp     q26, q27, [x1, #416]
    stp     q28, q29, [x1, #448]
    stp     q30, q31, [x1, #480]
    ldp     x1, x2, [x0, #8]
    b       diff_leave

/* Synchronous exception from the current EL: log ESR/ELR/FAR/SPSR, skip the
 * instruction (ELR already points past SVC/HVC/SMC) and return. Uses only
 * x0-x2, saved in TPIDR_EL1 and diff_exc; no stack. */
diff_sync:
    msr     tpidr_el1, x0
    adrp    x0, diff_exc
    add     x0, x0, :lo12:diff_exc
    stp     x1, x2, [x0, #DIFF_EXC_SCRATCH]
    ldr     x1, [x0, #DIFF_EXC_COUNT]
    add     x2, x1, #1
    str     x2, [x0, #DIFF_EXC_COUNT]
    cmp     x1, #DIFF_EXC_MAXREC
    b.hs    1f
    add     x1, x0, x1, lsl #5
    add     x1, x1, #DIFF_EXC_REC
    mrs     x2, esr_el1
    str     x2, [x1]
    mrs     x2, elr_el1
    str     x2, [x1, #8]
    mrs     x2, far_el1
    str     x2, [x1, #16]
    mrs     x2, spsr_el1
    str     x2, [x1, #24]
1:  ldr     x1, [x0, #DIFF_EXC_COUNT]
    cmp     x1, #DIFF_EXC_LIMIT
    b.hi    diff_runaway_stub
    mrs     x1, esr_el1
    lsr     x1, x1, #26
    cmp     x1, #0x15               /* SVC, HVC, SMC: ELR is the next insn */
    b.eq    2f
    cmp     x1, #0x16
    b.eq    2f
    cmp     x1, #0x17
    b.eq    2f
    mrs     x1, elr_el1
    add     x1, x1, #4
    msr     elr_el1, x1
2:  ldp     x1, x2, [x0, #DIFF_EXC_SCRATCH]
    mrs     x0, tpidr_el1
    eret

diff_runaway_stub:
    adrp    x0, diff_stack_top
    add     x0, x0, :lo12:diff_stack_top
    mov     sp, x0
    bl      diff_runaway
4:  b       4b

diff_bad_stub:
    adrp    x1, diff_stack_top
    add     x1, x1, :lo12:diff_stack_top
    mov     sp, x1
    bl      diff_unexpected
5:  b       5b

.macro VEC_SYNC
    .p2align 7
    b       diff_sync
.endm
.macro VEC_BAD n
    .p2align 7
    mov     x0, #\n
    b       diff_bad_stub
.endm

    .p2align 11
    .global diff_vectors
diff_vectors:
    VEC_SYNC                /* current EL, SP_EL0 */
    VEC_BAD 1
    VEC_BAD 2
    VEC_BAD 3
    VEC_SYNC                /* current EL, SP_ELx */
    VEC_BAD 5
    VEC_BAD 6
    VEC_BAD 7
    VEC_BAD 8
    VEC_BAD 9
    VEC_BAD 10
    VEC_BAD 11
    VEC_BAD 12
    VEC_BAD 13
    VEC_BAD 14
    VEC_BAD 15
    .ltorg
