/* SPDX-License-Identifier: MIT */
/* boot.S - bare-metal entry, EL1 vector table and exception save/restore for guest tests. */

/*
 * Entered at the ELF entry point at EL1 with the MMU off (QEMU virt without
 * virtualization=on/secure=on, and a64emu). We set up SP_EL1, VBAR_EL1 and a
 * known SCTLR_EL1, clear .bss, call main() and hand its result to rt_exit().
 *
 * Exception frame layout (must match ExcFrame in rt.h):
 *   0..247  x0..x30
 *   248 elr, 256 spsr, 264 esr, 272 far, 280 sp (the interrupted SP_EL1)
 */
#define FRAME_SIZE 288

    .section .text.boot, "ax"
    .global _start
_start:
    msr     spsel, #1
    adrp    x0, __stack_el1_top
    add     x0, x0, :lo12:__stack_el1_top
    mov     sp, x0
    adrp    x0, __stack_el0_top
    add     x0, x0, :lo12:__stack_el0_top
    msr     sp_el0, x0

    adrp    x0, rt_vectors
    add     x0, x0, :lo12:rt_vectors
    msr     vbar_el1, x0

    /*
     * SCTLR_EL1 (D13.2.118): M=0, A=0, C=0, SA=0, SA0=0, I=0 and the v8.0
     * RES1 bits 29,28,23,22,20,11 (later features give some of them
     * meanings; 1 is their architectural legacy behaviour). Writing a known
     * value keeps the tests independent of each model's reset value.
     */
    movz    x0, #0x0800
    movk    x0, #0x30d0, lsl #16
    msr     sctlr_el1, x0
    isb

    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:
    bl      rt_init
    bl      main
    bl      rt_finish
3:  b       3b

/*
 * Vector table (D1.10.2, "Exception vectors"): 16 entries of 0x80 bytes,
 * 2 KB aligned. Each entry saves x0/x1, puts its index in x0 and joins the
 * common path. Index = group * 4 + type, where group is
 * 0 current EL SP0, 1 current EL SPx, 2 lower EL AArch64, 3 lower EL AArch32
 * and type is 0 sync, 1 IRQ, 2 FIQ, 3 SError.
 */
    .macro VENTRY idx
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\idx
    b       exc_common
    .endm

    .text
    .balign 2048
    .global rt_vectors
rt_vectors:
    VENTRY 0
    VENTRY 1
    VENTRY 2
    VENTRY 3
    VENTRY 4
    VENTRY 5
    VENTRY 6
    VENTRY 7
    VENTRY 8
    VENTRY 9
    VENTRY 10
    VENTRY 11
    VENTRY 12
    VENTRY 13
    VENTRY 14
    VENTRY 15

exc_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mrs     x1, elr_el1
    mrs     x2, spsr_el1
    stp     x1, x2, [sp, #248]
    mrs     x1, esr_el1
    mrs     x2, far_el1
    stp     x1, x2, [sp, #264]
    add     x1, sp, #FRAME_SIZE
    str     x1, [sp, #280]

    mov     x1, x0
    mov     x0, sp
    bl      rt_exception

    /* The handler may have changed ELR/SPSR (skip, redirect) or registers. */
    ldp     x1, x2, [sp, #248]
    msr     elr_el1, x1
    msr     spsr_el1, x2
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret

/*
 * void rt_semihost(uint64_t op, void *block) - HLT #0xF000 is the A64
 * semihosting trap (Arm "Semihosting for AArch32 and AArch64", 2.3).
 * Returns the host's X0.
 */
    .global rt_semihost
rt_semihost:
    hlt     #0xf000
    ret

/* uint64_t rt_hvc_call(uint64_t fn) - SMCCC call over HVC (PSCI on virt). */
    .global rt_hvc_call
rt_hvc_call:
    hvc     #0
    ret
