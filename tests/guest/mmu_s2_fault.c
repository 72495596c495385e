/* SPDX-License-Identifier: MIT */
/*
 * mmu_s2_fault.c - stage-2 translation of an EL1 guest (DDI 0487 D8):
 * mapped and unmapped IPAs, S2AP read/write permissions, the stage-2
 * access flag, XN, Translation faults at levels 0-3, and the syndromes
 * the hypervisor sees in ESR_EL2 (EC 0x24/0x20, DFSC/IFSC, WnR, and the
 * instruction syndrome ISV/SAS/SSE/SRT/SF/AR for single-register
 * loads/stores), FAR_EL2 (the VA) and HPFAR_EL2 (IPA[47:12] << 4). Then
 * stage 1 on at EL1 with a table in unmapped IPA space (S1PTW faults),
 * HCR_EL2.PTW with a table in stage-2 Device memory, and AT S12E1R/W,
 * S12E0R, S1E1R from EL2 (PAR_EL1) and AT S1E1R from EL1 (a stage-2 fault
 * on its walk is taken to EL2). Printed values are compared with QEMU.
 */
#include "mmu_s2_util.h"

static S2Tables vm;
static uint64_t pages[9][512] __attribute__((aligned(4096)));

#define IPA(i) (TEST_IPA + (uint64_t)(i) * 0x1000)

/* ---- EL1 guest code (stage 1 off: VA == IPA) -------------------------- */

#define LD(insn, reg, addr)                                                         \
    ({ register uint64_t _a __asm__("x1") = (addr);                                \
       register uint64_t _v __asm__(reg) = 0;                                      \
       __asm__ volatile(insn : "+r"(_v) : "r"(_a) : "memory"); _v; })
#define ST(insn, reg, addr, val)                                                    \
    do { register uint64_t _a __asm__("x1") = (addr);                              \
         register uint64_t _v __asm__(reg) = (val);                                \
         __asm__ volatile(insn : : "r"(_a), "r"(_v) : "memory"); } while (0)

static volatile uint64_t g_vals[16];

static uint64_t guest_data(uint64_t has_lse)
{
    g_vals[0] = LD("ldr x5, [x1]", "x5", IPA(0));            /* mapped */
    ST("str w6, [x1]", "x6", IPA(1), 0x66);                  /* read-only */
    g_vals[1] = LD("ldr x7, [x1]", "x7", IPA(1));            /* read-only: ok */
    g_vals[2] = LD("ldrsb x7, [x1]", "x7", IPA(2));          /* no access */
    g_vals[3] = LD("ldrh w8, [x1, #2]", "x8", IPA(3));       /* AF = 0 */
    g_vals[4] = LD("ldr x9, [x1]", "x9", IPA(4));            /* write-only */
    ST("str x10, [x1]", "x10", IPA(4), 0x1010);              /* write-only: ok */
    g_vals[5] = LD("ldr x11, [x1]", "x11", IPA(5));          /* unmapped L3 */
    g_vals[6] = LD("ldr x12, [x1], #8", "x12", IPA(5));      /* post-index: ISV = 0 */
    g_vals[6] = LD("ldr x12, [x1, #8]!", "x12", IPA(5));     /* pre-index: ISV = 0 */
    g_vals[7] = LD("ldp x13, x14, [x1]", "x13", IPA(5));     /* pair: ISV = 0 */
    g_vals[8] = LD("ldar x15, [x1]", "x15", IPA(5));         /* AR = 1 */
    ST("stlr w16, [x1]", "x16", IPA(5), 1);                  /* AR = 1, WnR */
    g_vals[9] = LD("ldxr x17, [x1]", "x17", IPA(5));         /* exclusive: ISV = 0 */
    g_vals[10] = LD("ldur w18, [x1, #-4]", "x18", IPA(5) + 4);
    g_vals[11] = LD("ldrsw x4, [x1]", "x4", IPA(5));
    g_vals[12] = LD("ldrsh w5, [x1]", "x5", IPA(5));
    g_vals[13] = LD("ldtr x7, [x1]", "x7", IPA(5));          /* unprivileged: ISV = 1 */
    ST("strb w3, [x1, #5]", "x3", IPA(5), 3);
    ST("sturh w2, [x1, #-2]", "x2", IPA(5) + 2, 2);
    g_vals[14] = LD("ldr x6, [x1]", "x6", TEST_IPA + 0x200000);  /* unmapped L2 */
    g_vals[14] = LD("ldr x6, [x1]", "x6", 0xc0000000ull);        /* unmapped L1 */
    g_vals[14] = LD("ldr x6, [x1]", "x6", 0x100000000ull);       /* IPA too large: L0 */
    {
        register uint64_t a __asm__("x1") = IPA(5);
        register uint64_t b __asm__("x3") = 0x10;
        register uint64_t v __asm__("x2") = 0;
        __asm__ volatile("ldr x2, [x1, x3]" : "+r"(v) : "r"(a), "r"(b) : "memory");
        if (has_lse) {
            __asm__ volatile("ldadd x3, x2, [x1]" : "+r"(v) : "r"(a), "r"(b) : "memory");
        }
        g_vals[15] = v;
    }
    return 0x600d;
}

typedef void (*Fn)(void);

static uint64_t guest_exec(uint64_t arg)
{
    (void)arg;
    ((Fn)(uintptr_t)IPA(7))();   /* executable: returns */
    ((Fn)(uintptr_t)IPA(6))();   /* XN: instruction abort */
    ((Fn)(uintptr_t)IPA(5))();   /* unmapped */
    ((Fn)(uintptr_t)IPA(9))();   /* XN[1:0] = 01: not at EL1 with FEAT_XNX */
    ((Fn)(uintptr_t)IPA(10))();  /* XN[1:0] = 11: EL1 only with FEAT_XNX */
    return 0xe1ec;
}

/* EL0 in the VM (HCR_EL2.TGE = 0, EL1 stage 1 off): its stage-2 aborts go
 * to EL2 too; it ends by touching S2_DONE_VA. x0 = IPA(5). */
uint64_t el0_vm_probe(uint64_t ipa);
__asm__("    .text\n"
        "    .global el0_vm_probe\n"
        "el0_vm_probe:\n"
        "    ldr w2, [x0]\n"              /* unmapped at stage 2 */
        "    sub x4, x0, #0x5000\n"
        "    ldr x3, [x4]\n"              /* IPA(0): mapped */
        "    strh w3, [x4, #0x1000]\n"    /* IPA(1): read-only */
        "    mov x0, x3\n"
        "    mov x1, #0xdead0000\n"
        "    ldr x1, [x1]\n"
        "    b .\n");

/* ---- stage 1 on: the walk goes through stage 2 ------------------------ */

typedef uint64_t S1Table[512] __attribute__((aligned(4096)));
static S1Table s1_l1, s1_l2_dev, s1_l2_test, s1_l3_b;

#define D_AF (1ull << 10)
#define S1_NORMAL (3ull | D_AF | 1ull << 2 | 3ull << 8)        /* page, MAIR 1 */
#define S1_BLOCK_NORMAL (1ull | D_AF | 1ull << 2 | 3ull << 8)
#define S1_BLOCK_DEV (1ull | D_AF | 0ull << 2 | 1ull << 54 | 1ull << 53)

static uint64_t guest_s1(uint64_t arg)
{
    (void)arg;
    g_vals[0] = LD("ldr x5, [x1]", "x5", 0x80000000ull);       /* S1PTW: L3 table unmapped */
    ST("str x6, [x1]", "x6", 0x80000008ull, 6);                /* S1PTW, write */
    g_vals[1] = LD("ldr x7, [x1]", "x7", 0x80200000ull);       /* -> IPA(0) */
    g_vals[2] = LD("ldr x8, [x1]", "x8", 0x80201000ull);       /* -> IPA(5): stage 2 */
    ST("str w9, [x1]", "x9", 0x80202000ull, 9);                /* -> IPA(1): RO */
    g_vals[3] = LD("ldr x10, [x1]", "x10", 0x80400000ull);     /* table in Device IPA */
    {
        register uint64_t a __asm__("x1") = 0x80000000ull;
        __asm__ volatile("at s1e1r, x1; isb" : : "r"(a) : "memory");
        g_vals[4] = READ_SYSREG(par_el1);
        a = 0x80201000ull;
        __asm__ volatile("at s1e1r, x1; isb" : : "r"(a) : "memory");
        g_vals[5] = READ_SYSREG(par_el1);
    }
    ((Fn)(uintptr_t)0x80000010ull)();                          /* fetch: S1PTW */
    return 0x5151;
}

static void show_vals(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        printf("  val[%u]=%llx\n", i, (unsigned long long)g_vals[i]);
        g_vals[i] = 0;
    }
}

#define AT_FN(name, insn)                                                        \
    static uint64_t name(uint64_t va)                                            \
    {                                                                            \
        __asm__ volatile(insn ", %0; isb" : : "r"(va) : "memory");              \
        return READ_SYSREG(par_el1);                                             \
    }
AT_FN(at_s12e1r, "at s12e1r")
AT_FN(at_s12e1w, "at s12e1w")
AT_FN(at_s12e0r, "at s12e0r")
AT_FN(at_s1e1r, "at s1e1r")

int main(void)
{
    if (!s2_check_el2()) {
        return 1;
    }
    for (unsigned i = 0; i < 9; i++) {
        for (unsigned j = 0; j < 512; j++) {
            pages[i][j] = 0x1111111111111111ull * (i + 1) + j;
        }
    }
    /* code pages: RET */
    pages[6][0] = 0xd65f03c0d65f03c0ull;
    pages[7][0] = 0xd65f03c0d65f03c0ull;
    __asm__ volatile("dc cvau, %0; dc cvau, %1; dsb ish; ic iallu; dsb ish; isb"
                     : : "r"(pages[6]), "r"(pages[7]) : "memory");

    s2_build(&vm);
    vm.l3_test[0] = s2_pa(pages[0]) | S2_PAGE | S2_NORMAL | S2_AP(3);
    vm.l3_test[1] = s2_pa(pages[1]) | S2_PAGE | S2_NORMAL | S2_AP(1);
    vm.l3_test[2] = s2_pa(pages[2]) | S2_PAGE | S2_NORMAL | S2_AP(0);
    vm.l3_test[3] = (s2_pa(pages[3]) | S2_PAGE | S2_NORMAL | S2_AP(3)) & ~S2_AF;
    vm.l3_test[4] = s2_pa(pages[4]) | S2_PAGE | S2_NORMAL | S2_AP(2);
    vm.l3_test[6] = s2_pa(pages[6]) | S2_PAGE | S2_NORMAL | S2_AP(3) | S2_XN;
    vm.l3_test[7] = s2_pa(pages[7]) | S2_PAGE | S2_NORMAL | S2_AP(3);
    vm.l3_test[8] = s2_pa(pages[8]) | S2_PAGE | S2_AF | S2_ATTR(1) | S2_AP(3);  /* Device */
    vm.l3_test[9] = s2_pa(pages[7]) | S2_PAGE | S2_NORMAL | S2_AP(3) | 1ull << 53;
    vm.l3_test[10] = s2_pa(pages[7]) | S2_PAGE | S2_NORMAL | S2_AP(3) | 3ull << 53;
    __asm__ volatile("dsb ish" ::: "memory");

    /* EL1 stage 1 stays off for the first runs */
    WRITE_SYSREG(sctlr_el1, 0x30d00800ull);
    s2_enable(&vm, 1, 0);
    s2_tlbi_all();

    printf("data accesses, stage 1 off\n");
    show("guest", s2_run(guest_data, ((READ_SYSREG(id_aa64isar0_el1) >> 20) & 0xf) != 0));
    show_vals(16);
    check_eq("write-only store landed", pages[4][0], 0x1010);
    check_eq("read-only page unchanged", pages[1][0], 0x1111111111111111ull * 2);
    s2_print_log("data");

    printf("instruction fetches, stage 1 off\n");
    show("guest", s2_run(guest_exec, 0));
    s2_print_log("exec");

    printf("EL0 in the VM\n");
    show("el0", s2_run_at(el0_vm_probe, IPA(5), 0));
    s2_print_log("el0");

    /* Stage 1: identity for the UART (Device block) and RAM (1 GiB block),
     * VA 0x8000_0000 -> L3 table at IPA(5) (unmapped at stage 2),
     * VA 0x8020_0000 -> L3 table s1_l3_b (RAM): pages -> IPA(0), IPA(5),
     * IPA(1); VA 0x8040_0000 -> L3 table at IPA(8) (stage-2 Device), whose
     * entry 0 maps IPA(0). */
    memset(s1_l1, 0, sizeof(s1_l1));
    s1_l1[0] = s2_pa(s1_l2_dev) | 3;
    s1_l2_dev[UART_PA >> 21] = UART_PA | S1_BLOCK_DEV;
    s1_l1[1] = RAM_PA | S1_BLOCK_NORMAL;
    s1_l1[2] = s2_pa(s1_l2_test) | 3;
    s1_l2_test[0] = IPA(5) | 3;
    s1_l2_test[1] = s2_pa(s1_l3_b) | 3;
    s1_l2_test[2] = IPA(8) | 3;
    s1_l3_b[0] = IPA(0) | S1_NORMAL;
    s1_l3_b[1] = IPA(5) | S1_NORMAL;
    s1_l3_b[2] = IPA(1) | S1_NORMAL;
    pages[8][0] = IPA(0) | S1_NORMAL;
    __asm__ volatile("dsb ish" ::: "memory");
    WRITE_SYSREG(mair_el1, 0x44ff00ull);
    WRITE_SYSREG(tcr_el1, 32ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32);
    WRITE_SYSREG(ttbr0_el1, s2_pa(s1_l1));
    __asm__ volatile("isb" ::: "memory");
    WRITE_SYSREG(sctlr_el1, 0x30d00800ull | 1 | 1 << 2 | 1 << 12);
    __asm__ volatile("isb; tlbi vmalls12e1; dsb ish; isb" ::: "memory");

    printf("stage 1 on, HCR_EL2.PTW = 0\n");
    show("guest", s2_run(guest_s1, 0));
    show_vals(6);
    s2_print_log("s1");

    s2_enable(&vm, 1, HCR_PTW);
    s2_tlbi_all();
    printf("stage 1 on, HCR_EL2.PTW = 1\n");
    show("guest", s2_run(guest_s1, 0));
    show_vals(6);
    s2_print_log("s1ptw");

    printf("AT from EL2\n");
    show("S12E1R ok", at_s12e1r(0x80200000ull));
    show("S1E1R ok", at_s1e1r(0x80200000ull));
    show("S12E1R s2 translation", at_s12e1r(0x80201000ull));
    show("S12E1W s2 permission", at_s12e1w(0x80202000ull));
    show("S12E1R s1ptw", at_s12e1r(0x80000000ull));
    show("S1E1R s1ptw", at_s1e1r(0x80000000ull));
    show("S12E0R s1 permission", at_s12e0r(0x80200000ull));
    show("S12E1R device ptw", at_s12e1r(0x80400000ull));
    s2_enable(&vm, 1, 0);
    show("S12E1R ptw off", at_s12e1r(0x80400000ull));
    show("S12E1R uart", at_s12e1r(UART_PA));
    show("S1E1R uart", at_s1e1r(UART_PA));
    return 0;
}
