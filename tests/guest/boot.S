/* SPDX-License-Identifier: MIT */
/* boot.S - bare-metal entry, EL1/EL2/EL3 vector tables and exception save/restore for guest tests. */

/*
 * Entered at the ELF entry point with the MMU off, at the EL the machine
 * starts an ELF at: EL1 (QEMU virt by default), EL2 (virtualization=on),
 * EL3 (secure=on). rt_boot_el records it. Unless the program defines
 * rt_keep_boot_el = 1, we configure the higher ELs (vectors, stacks, known
 * SCTLR, SCR_EL3 = NS|RW|HCE, HCR_EL2 = RW) and drop to EL1h, so every test
 * runs at EL1 whatever the machine; with rt_keep_boot_el main() runs at
 * the boot EL, with EL1 (and EL2) prepared below it for rt_call_lower().
 * Then: SP_EL1, SP_EL0, VBAR_EL1, a known SCTLR_EL1, .bss cleared, main(),
 * rt_finish().
 *
 * Exception frame layout (must match ExcFrame in rt.h):
 *   0..247  x0..x30
 *   248 elr, 256 spsr, 264 esr, 272 far, 280 sp (the interrupted SP_ELx),
 *   288 el (the EL that took the exception)
 */
#define FRAME_SIZE 304

/* SCTLR_EL1 (D13.2.118): M=0, A=0, C=0, SA=0, SA0=0, I=0 and the v8.0
 * RES1 bits 29,28,23,22,20,11. SCTLR_EL2/EL3: their RES1 bits 29,28,23,22,
 * 18,16,11,5,4, MMU/caches/alignment checks off. */
#define SCTLR_EL1_VAL 0x30d00800
#define SCTLR_EL23_VAL 0x30c50830
/* SCR_EL3: NS | FW | AW | HCE | RW (D13.2.113) */
#define SCR_EL3_VAL 0x531
/* HCR_EL2: RW (EL1 is AArch64) */
#define HCR_EL2_VAL 0x80000000
/* SPSR for EL1h with D, A, I, F masked */
#define SPSR_EL1H 0x3c5

    .macro LOADADDR reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
    .endm

    .section .text.boot, "ax"
    .global _start
_start:
    msr     spsel, #1
    mrs     x19, CurrentEL
    ubfx    x19, x19, #2, #2
    LOADADDR x0, rt_boot_el
    str     w19, [x0]
    LOADADDR x20, rt_keep_boot_el
    ldr     w20, [x20]
    cmp     x19, #3
    b.eq    from_el3
    cmp     x19, #2
    b.eq    from_el2
    b       el1_entry

from_el3:
    LOADADDR x0, __stack_el3_top
    mov     sp, x0
    LOADADDR x0, rt_vectors_el3
    msr     vbar_el3, x0
    ldr     x0, =SCTLR_EL23_VAL
    msr     sctlr_el3, x0
    ldr     x0, =SCR_EL3_VAL
    msr     scr_el3, x0
    /* EL2 present (ID_AA64PFR0_EL1.EL2)? prepare it too */
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #8, #4
    cbz     x0, 1f
    ldr     x0, =HCR_EL2_VAL
    msr     hcr_el2, x0
    LOADADDR x0, rt_vectors_el2
    msr     vbar_el2, x0
    ldr     x0, =SCTLR_EL23_VAL
    msr     sctlr_el2, x0
    LOADADDR x0, __stack_el2_top
    msr     sp_el2, x0
1:  bl      setup_el1
    cbnz    w20, el_common
    ldr     x0, =SPSR_EL1H
    msr     spsr_el3, x0
    LOADADDR x0, el1_entry
    msr     elr_el3, x0
    eret

from_el2:
    LOADADDR x0, __stack_el2_top
    mov     sp, x0
    LOADADDR x0, rt_vectors_el2
    msr     vbar_el2, x0
    ldr     x0, =SCTLR_EL23_VAL
    msr     sctlr_el2, x0
    ldr     x0, =HCR_EL2_VAL
    msr     hcr_el2, x0
    bl      setup_el1
    cbnz    w20, el_common
    ldr     x0, =SPSR_EL1H
    msr     spsr_el2, x0
    LOADADDR x0, el1_entry
    msr     elr_el2, x0
    eret

/* From EL2/EL3: SP_EL1, SP_EL0, VBAR_EL1 and SCTLR_EL1 for EL1 below. */
setup_el1:
    LOADADDR x0, __stack_el1_top
    msr     sp_el1, x0
    LOADADDR x0, __stack_el0_top
    msr     sp_el0, x0
    LOADADDR x0, rt_vectors_el1
    msr     vbar_el1, x0
    ldr     x0, =SCTLR_EL1_VAL
    msr     sctlr_el1, x0
    isb
    ret

el1_entry:
    msr     spsel, #1
    LOADADDR x0, __stack_el1_top
    mov     sp, x0
    LOADADDR x0, __stack_el0_top
    msr     sp_el0, x0
    LOADADDR x0, rt_vectors_el1
    msr     vbar_el1, x0
    ldr     x0, =SCTLR_EL1_VAL
    msr     sctlr_el1, x0
    isb

el_common:
    LOADADDR x0, __bss_start
    LOADADDR x1, __bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:
    bl      rt_init
    bl      main
    bl      rt_finish
3:  b       3b

    .ltorg

/*
 * Vector tables (D1.10.2, "Exception vectors"): 16 entries of 0x80 bytes,
 * 2 KB aligned, one table per EL. Each entry saves x0/x1, puts its index in
 * x0 and joins the EL's common path. Index = group * 4 + type, where group
 * is 0 current EL SP0, 1 current EL SPx, 2 lower EL AArch64, 3 lower EL
 * AArch32 and type is 0 sync, 1 IRQ, 2 FIQ, 3 SError.
 */
    .macro VENTRY idx, el
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\idx
    b       exc_common_el\el
    .endm

    .macro VTABLE el
    .balign 2048
    .global rt_vectors_el\el
rt_vectors_el\el:
    VENTRY 0, \el
    VENTRY 1, \el
    VENTRY 2, \el
    VENTRY 3, \el
    VENTRY 4, \el
    VENTRY 5, \el
    VENTRY 6, \el
    VENTRY 7, \el
    VENTRY 8, \el
    VENTRY 9, \el
    VENTRY 10, \el
    VENTRY 11, \el
    VENTRY 12, \el
    VENTRY 13, \el
    VENTRY 14, \el
    VENTRY 15, \el
    .endm

    /*
     * The common path of EL n: save the registers and the EL's syndrome
     * registers, then either finish an rt_call_lower() (SVC/HVC/SMC #0xfffe
     * from the lower EL while a call is active: restore the caller's
     * callee-saved registers and SP, return x0) or call rt_exception() and
     * ERET with the (possibly edited) frame.
     */
    .macro EXC_COMMON el
exc_common_el\el:
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
    mrs     x1, elr_el\el
    mrs     x2, spsr_el\el
    stp     x1, x2, [sp, #248]
    mrs     x1, esr_el\el
    mrs     x2, far_el\el
    stp     x1, x2, [sp, #264]
    add     x1, sp, #FRAME_SIZE
    mov     x2, #\el
    stp     x1, x2, [sp, #280]

    /* rt_call_lower return? ESR = EC 0x15/0x16/0x17, IL, ISS 0xfffe */
    LOADADDR x2, rt_call_active
    ldr     w3, [x2]
    cbz     w3, 5f
    mrs     x1, esr_el\el
    lsr     x3, x1, #26
    sub     x3, x3, #0x15
    cmp     x3, #2
    b.hi    5f
    and     x1, x1, #0xffff
    mov     x3, #0xfffe
    cmp     x1, x3
    b.ne    5f
    str     wzr, [x2]
    ldr     x0, [sp, #0]
    b       rt_call_lower_done
5:
    mov     x1, x0
    mov     x0, sp
    bl      rt_exception

    /* The handler may have changed ELR/SPSR (skip, redirect) or registers. */
    ldp     x1, x2, [sp, #248]
    msr     elr_el\el, x1
    msr     spsr_el\el, x2
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
    .endm

    .text
    VTABLE 1
    VTABLE 2
    VTABLE 3
    EXC_COMMON 1
    EXC_COMMON 2
    EXC_COMMON 3

    /* The EL1 table keeps its old name for tests that install it. */
    .global rt_vectors
    .set    rt_vectors, rt_vectors_el1

/*
 * uint64_t rt_call_lower(uint64_t spsr, uint64_t (*fn)(uint64_t), uint64_t arg)
 * Run fn(arg) at the EL and stack selected by spsr (an ERET from the
 * current EL) and return its result here. fn returns to rt_lower_ret,
 * which makes the call SVC/HVC/SMC #0xfffe back to the caller's EL
 * (chosen by rt_call_insn: 0 SVC, 1 HVC, 2 SMC). Callee-saved registers
 * and SP are kept in rt_call_save.
 */
    .global rt_call_lower
rt_call_lower:
    LOADADDR x9, rt_call_save
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    mrs     x10, CurrentEL
    ubfx    x10, x10, #2, #2
    str     x10, [x9, #104]
    LOADADDR x9, rt_call_active
    mov     w10, #1
    str     w10, [x9]
    mov     x3, x0
    mov     x0, x2
    LOADADDR x30, rt_lower_ret
    mrs     x10, CurrentEL
    ubfx    x10, x10, #2, #2
    cmp     x10, #3
    b.eq    1f
    cmp     x10, #2
    b.eq    2f
    msr     spsr_el1, x3
    msr     elr_el1, x1
    eret
2:  msr     spsr_el2, x3
    msr     elr_el2, x1
    eret
1:  msr     spsr_el3, x3
    msr     elr_el3, x1
    eret

rt_lower_ret:
    LOADADDR x9, rt_call_insn
    ldr     w9, [x9]
    cmp     w9, #1
    b.eq    1f
    b.hi    2f
    svc     #0xfffe
    b       .
1:  hvc     #0xfffe
    b       .
2:  smc     #0xfffe
    b       .

/* Entered from an exception common path with x0 = fn's result. */
rt_call_lower_done:
    LOADADDR x9, rt_call_save
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

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

/* uint64_t rt_smc_call(uint64_t fn) - SMCCC call over SMC (PSCI on virt
 * with virtualization=on). */
    .global rt_smc_call
rt_smc_call:
    smc     #0
    ret

    .data
    .balign 8
    .global rt_boot_el
rt_boot_el:
    .word   0
    .global rt_call_active
rt_call_active:
    .word   0
    .global rt_call_insn
rt_call_insn:
    .word   0
    .word   0
rt_call_save:
    .skip   112
