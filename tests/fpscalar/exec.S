/* SPDX-License-Identifier: MIT */
/* exec_insn(state): run the one instruction in insn_slot with the whole
 * register state loaded from / stored back to *state. */
    .section .data.exec, "aw"
    .arch armv8.5-a+fp16
    .balign 4096
    .global exec_insn, insn_slot
exec_insn:
    stp x29, x30, [sp, #-96]!
    stp x19, x20, [sp, #16]
    stp x21, x22, [sp, #32]
    stp x23, x24, [sp, #48]
    stp x25, x26, [sp, #64]
    stp x27, x28, [sp, #80]
    msr tpidr_el1, x0
    add x1, x0, #272
    ldp q0, q1, [x1], #32
    ldp q2, q3, [x1], #32
    ldp q4, q5, [x1], #32
    ldp q6, q7, [x1], #32
    ldp q8, q9, [x1], #32
    ldp q10, q11, [x1], #32
    ldp q12, q13, [x1], #32
    ldp q14, q15, [x1], #32
    ldp q16, q17, [x1], #32
    ldp q18, q19, [x1], #32
    ldp q20, q21, [x1], #32
    ldp q22, q23, [x1], #32
    ldp q24, q25, [x1], #32
    ldp q26, q27, [x1], #32
    ldp q28, q29, [x1], #32
    ldp q30, q31, [x1], #32
    ldr x1, [x0, #248]
    msr nzcv, x1
    ldr x1, [x0, #256]
    msr fpcr, x1
    ldr x1, [x0, #264]
    msr fpsr, x1
    ldp x1, x2, [x0, #8]
    ldp x3, x4, [x0, #24]
    ldp x5, x6, [x0, #40]
    ldp x7, x8, [x0, #56]
    ldp x9, x10, [x0, #72]
    ldp x11, x12, [x0, #88]
    ldp x13, x14, [x0, #104]
    ldp x15, x16, [x0, #120]
    ldp x17, x18, [x0, #136]
    ldp x19, x20, [x0, #152]
    ldp x21, x22, [x0, #168]
    ldp x23, x24, [x0, #184]
    ldp x25, x26, [x0, #200]
    ldp x27, x28, [x0, #216]
    ldp x29, x30, [x0, #232]
    ldr x0, [x0]
insn_slot:
    nop
    msr tpidrro_el0, x0
    mrs x0, tpidr_el1
    stp x1, x2, [x0, #8]
    stp x3, x4, [x0, #24]
    stp x5, x6, [x0, #40]
    stp x7, x8, [x0, #56]
    stp x9, x10, [x0, #72]
    stp x11, x12, [x0, #88]
    stp x13, x14, [x0, #104]
    stp x15, x16, [x0, #120]
    stp x17, x18, [x0, #136]
    stp x19, x20, [x0, #152]
    stp x21, x22, [x0, #168]
    stp x23, x24, [x0, #184]
    stp x25, x26, [x0, #200]
    stp x27, x28, [x0, #216]
    stp x29, x30, [x0, #232]
    mrs x1, tpidrro_el0
    str x1, [x0]
    mrs x1, nzcv
    str x1, [x0, #248]
    mrs x1, fpsr
    str x1, [x0, #264]
    add x1, x0, #272
    stp q0, q1, [x1], #32
    stp q2, q3, [x1], #32
    stp q4, q5, [x1], #32
    stp q6, q7, [x1], #32
    stp q8, q9, [x1], #32
    stp q10, q11, [x1], #32
    stp q12, q13, [x1], #32
    stp q14, q15, [x1], #32
    stp q16, q17, [x1], #32
    stp q18, q19, [x1], #32
    stp q20, q21, [x1], #32
    stp q22, q23, [x1], #32
    stp q24, q25, [x1], #32
    stp q26, q27, [x1], #32
    stp q28, q29, [x1], #32
    stp q30, q31, [x1], #32
    ldp x19, x20, [sp, #16]
    ldp x21, x22, [sp, #32]
    ldp x23, x24, [sp, #48]
    ldp x25, x26, [sp, #64]
    ldp x27, x28, [sp, #80]
    ldp x29, x30, [sp], #96
    ret

/* exec_bare(): run insn_slot2 with no FP state loaded (for the FPEN trap) */
    .balign 64
    .global exec_bare, insn_slot2
exec_bare:
insn_slot2:
    nop
    ret
