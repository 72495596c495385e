/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - the architectural state of one AArch64 CPU and its links to the
 * machine. One A64Cpu per vCPU; nothing here is global, so several CPUs
 * (and several machines in one test binary) can exist at once.
 *
 * SP handling: x[31] always holds the *current* stack pointer (SP_EL0 or
 * SP_ELx as selected by PSTATE.EL/SP); the other banked SPs live in
 * sp_el[]. a64_cpu_switch_sp() swaps on EL or SPSel changes. XZR is never
 * stored: the lifter turns register 31 into a constant 0 where the
 * encoding means XZR.
 */
#ifndef A64EMU_CPU_H
#define A64EMU_CPU_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../mmu/memory.h"
#include "../mmu/tlb.h"
#include "../translator/engine.h"

/* PSTATE bits other than NZCV, kept in SPSR layout (DDI 0487 C5.2.19). */
#define PSTATE_SP   (1u << 0)     /* SPSel: 1 = SP_ELx */
#define PSTATE_EL_SHIFT 2
#define PSTATE_EL_MASK (3u << 2)
#define PSTATE_nRW  (1u << 4)     /* always 0: AArch64 only */
#define PSTATE_F    (1u << 6)
#define PSTATE_I    (1u << 7)
#define PSTATE_A    (1u << 8)
#define PSTATE_D    (1u << 9)
#define PSTATE_DAIF (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_BTYPE_SHIFT 10
#define PSTATE_SSBS (1u << 12)
#define PSTATE_IL   (1u << 20)
#define PSTATE_SS   (1u << 21)
#define PSTATE_PAN  (1u << 22)
#define PSTATE_UAO  (1u << 23)
#define PSTATE_DIT  (1u << 24)
#define PSTATE_TCO  (1u << 25)
#define PSTATE_NZCV_MASK 0xf0000000u

/* MMU indexes: which TLB array an access uses. */
enum {
    A64_MMU_IDX_EL10_0 = 0,   /* EL1&0 regime, EL0 access */
    A64_MMU_IDX_EL10_1 = 1,   /* EL1&0 regime, EL1 access */
    A64_MMU_IDX_EL10_1_PAN = 2,
    A64_MMU_IDX_EL2 = 3,
    A64_MMU_IDX_EL20_0 = 4,
    A64_MMU_IDX_EL20_2 = 5,
    A64_MMU_IDX_EL3 = 6,
    A64_MMU_IDX_PHYS = 7,     /* MMU off: VA = PA */
    /* EL2&0 regime, EL2 access with PSTATE.PAN [stage2]: shares the array
     * of the non-VHE EL2 index (the two never coexist: an HCR_EL2.E2H
     * change flushes the TLB), so the index count stays 8 */
    A64_MMU_IDX_EL20_2_PAN = A64_MMU_IDX_EL2,
};

/* CPU models and features. */
typedef enum A64CpuModel { A64_CPU_CORTEX_A57, A64_CPU_CORTEX_A72, A64_CPU_MAX } A64CpuModel;

typedef struct A64Features {
    bool lse;       /* FEAT_LSE atomics */
    bool crc32;
    bool lse2;      /* FEAT_LSE2 unaligned-atomic rules */
    bool rcpc;      /* LDAPR */
    bool el2, el3;
    /* added by sys: the ID registers are computed from these flags */
    bool flagm, flagm2; /* CFINV/RMIF/SETF, AXFLAG/XAFLAG */
    bool pan;       /* FEAT_PAN: PSTATE.PAN, SCTLR_EL1.SPAN */
    bool uao;       /* FEAT_UAO: PSTATE.UAO */
    bool dit;       /* FEAT_DIT: PSTATE.DIT */
    bool ssbs;      /* FEAT_SSBS2: PSTATE.SSBS, MSR/MRS SSBS */
    bool sb;        /* FEAT_SB: the SB barrier */
    bool fp;        /* FP and AdvSIMD instructions (issue 3); false: ID says absent */
    bool lor;       /* FEAT_LOR: LDLAR/STLLR and the LOR* registers (no regions) */
    bool rcpc2;     /* FEAT_LRCPC2: LDAPUR/STLUR */
    bool idst;      /* FEAT_IDST: EL0 reads of the ID space trap with EC 0x18 */
    /* added by simdint (issue 3); ID_AA64ISAR0 fields in parentheses */
    bool aes;       /* FEAT_AES: AESE/AESD/AESMC/AESIMC (AES >= 1) */
    bool pmull;     /* FEAT_PMULL: PMULL/PMULL2 of 64-bit lanes (AES = 2) */
    bool sha1;      /* FEAT_SHA1 (SHA1 = 1) */
    bool sha256;    /* FEAT_SHA256 (SHA2 >= 1) */
    bool sha512;    /* FEAT_SHA512 (SHA2 = 2) */
    bool sha3;      /* FEAT_SHA3: EOR3, BCAX, RAX1, XAR (SHA3 = 1) */
    bool sm3;       /* FEAT_SM3 (SM3 = 1) */
    bool sm4;       /* FEAT_SM4 (SM4 = 1) */
    bool rdm;       /* FEAT_RDM: SQRDMLAH/SQRDMLSH (RDM = 1) */
    bool dotprod;   /* FEAT_DotProd: SDOT/UDOT (DP = 1) */
    bool i8mm;      /* FEAT_I8MM: USDOT/SUDOT, SMMLA/UMMLA/USMMLA (ISAR1.I8MM = 1) */
    /* added by fp (issue 3, session 2): FP extensions beyond Armv8.0 */
    bool fp16;      /* FEAT_FP16: half-precision arithmetic (PFR0.FP = AdvSIMD = 1) */
    bool fhm;       /* FEAT_FHM: FMLAL/FMLSL (ISAR0.FHM = 1) */
    bool fcma;      /* FEAT_FCMA: FCMLA/FCADD (ISAR1.FCMA = 1) */
    bool bf16;      /* FEAT_BF16: BFCVT*, BFDOT, BFMMLA, BFMLAL (ISAR1.BF16 = 1) */
    bool frintts;   /* FEAT_FRINTTS: FRINT32/64{Z,X} (ISAR1.FRINTTS = 1) */
    bool jscvt;     /* FEAT_JSCVT: FJCVTZS (ISAR1.JSCVT = 1) */
    /* session 2, issue 4 (owners in brackets; el2/el3 above are set from
     * -machine virtualization=on / secure=on, as QEMU removes EL2/EL3 from
     * the ID registers when the board does not enable them) */
    bool vhe;       /* FEAT_VHE: HCR_EL2.E2H, the EL2&0 regime, *_EL12 [el2] */
    bool vmid16;    /* FEAT_VMID16: VTCR_EL2.VS [stage2] */
    bool gicv3;     /* ICC_* system registers present (board has a GICv3) [gic] */
    bool pauth;     /* FEAT_PAuth + PAuth2 + FPAC: PAC*, AUT*, XPAC*, RETAA... [pauth] */
    bool pauth_impdef; /* -cpu max,pauth-impdef=on: IMPDEF algorithm, else QARMA5 */
    uint8_t pauth_level; /* ID_AA64ISAR1.APA/API value: 1 FEAT_PAuth (QEMU 7.2's max) ..
                          * 5 FPACCOMBINE, PAUTH_LEVEL_* in helper_pauth.h [pauth] */
} A64Features;

/* System-register storage. Each register is described once in the sysreg
 * table (frontend/sysreg_table.c) with its offset in this struct. */
typedef struct A64SysRegs {
    uint64_t sctlr_el[4];
    uint64_t vbar_el[4];
    uint64_t elr_el[4];
    uint64_t spsr_el[4];
    uint64_t esr_el[4];
    uint64_t far_el[4];
    uint64_t tpidr_el[4];     /* [0] = TPIDR_EL0 */
    uint64_t tpidrro_el0;
    uint64_t cpacr_el1;
    uint64_t midr, mpidr;
    uint64_t cntfrq;
    uint64_t mair_el[4], tcr_el[4], ttbr0_el[4], ttbr1_el[4];
    uint64_t contextidr_el1;
    uint64_t par_el1;
    uint64_t mdscr_el1;
    uint64_t actlr_el[4];
    uint64_t amair_el[4];
    uint64_t afsr0_el[4], afsr1_el[4];
    uint64_t hcr_el2, scr_el3;
    uint64_t cntkctl_el1;
    uint64_t osdlr_el1, oslsr_el1;
    /* added by sys */
    uint64_t csselr_el1;
    uint64_t mdccint_el1;
    uint64_t dbgbvr[2], dbgbcr[2], dbgwvr[2], dbgwcr[2]; /* the 2 BRPs/WRPs in ID_AA64DFR0 */
    struct A64IdRegs {        /* identification registers, set per model */
        uint64_t revidr, ctr, dczid, clidr, aidr;
        uint64_t ccsidr[4];   /* by CSSELR.{Level,InD}: [0] L1 D, [1] L1 I, [2] L2 */
        uint64_t pfr0, pfr1, dfr0, dfr1, afr0, afr1;
        uint64_t isar0, isar1, isar2;
        uint64_t mmfr0, mmfr1, mmfr2;
        uint64_t zfr0, smfr0;
    } id;
    uint64_t extra[64];       /* spare slots for table rows without a field yet */
    /* session 2: EL2/EL3 registers [el2] and stage 2 [stage2] add their
     * fields below, each with a comment naming the register. */
    uint64_t vtcr_el2;        /* VTCR_EL2 [stage2] */
    uint64_t vttbr_el2;       /* VTTBR_EL2 [stage2] */
    uint64_t hpfar_el2;       /* HPFAR_EL2 [stage2] */
    uint64_t mdcr_el2;        /* MDCR_EL2 [el2] */
    uint64_t cptr_el2;        /* CPTR_EL2 (nVHE layout; E2H view converted) [el2] */
    uint64_t hstr_el2;        /* HSTR_EL2 [el2] */
    uint64_t hacr_el2;        /* HACR_EL2 [el2] */
    uint64_t vpidr_el2;       /* VPIDR_EL2: MIDR_EL1 as EL1 reads it [el2] */
    uint64_t vmpidr_el2;      /* VMPIDR_EL2: MPIDR_EL1 as EL1 reads it [el2] */
    uint64_t contextidr_el2;  /* CONTEXTIDR_EL2 (FEAT_VHE) [el2] */
    uint64_t cptr_el3;        /* CPTR_EL3 [el2] */
    uint64_t mdcr_el3;        /* MDCR_EL3 [el2] */
} A64SysRegs;

/* Exclusive monitor (local). */
typedef struct A64Monitor {
    bool valid;
    uint64_t addr;      /* virtual address of the exclusive access */
    unsigned size;      /* bytes (total, 16 for a 64-bit pair) */
    uint64_t val[2];    /* values seen by the load-exclusive */
} A64Monitor;

typedef struct Machine Machine;
struct GicCpu;
struct A64Timer;

/* Interrupt inputs of a CPU (bits of A64Cpu.irq_lines). The interrupt
 * controller drives IRQ/FIQ and, for its virtual CPU interface (GICv3
 * ICH_*, GICv2 GICH), VIRQ/VFIQ; exception.c ORs in HCR_EL2.VI/VF/VSE
 * itself. Levels, not edges: a line stays set until the source drops it. */
#define A64_LINE_IRQ    (1u << 0)
#define A64_LINE_FIQ    (1u << 1)
#define A64_LINE_VIRQ   (1u << 2)
#define A64_LINE_VFIQ   (1u << 3)
#define A64_LINE_SERROR (1u << 4)

/* Where a halted vCPU's host thread sleeps [sched]: a64_cpu_kick() bumps
 * seq and wakes it. One per host thread that runs vCPUs (the machine loop
 * shares one among the CPUs it runs; a64_cpu_run() uses the CPU's own). */
typedef struct A64Waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;      /* CLOCK_MONOTONIC timed waits */
    uint64_t seq;             /* bumped by every notify (under lock) */
} A64Waiter;

typedef struct A64Cpu {
    /* guest-visible state touched by the engines */
    uint64_t x[32];
    uint64_t pc;
    uint32_t nzcv;
    uint32_t pstate;          /* PSTATE without NZCV, SPSR layout */
    uint64_t sp_el[4];        /* banked SPs not currently in x[31] */
    uint64_t v[32][2];        /* V0..V31 (issue 3) */
    uint32_t fpcr, fpsr;
    uint64_t simd_tmp[8];     /* not architectural: staging of the 64 bytes of
                               * an LD2-LD4/ST2-ST4 between its memory accesses
                               * and the (de)interleave helper (simdmem) */
    A64Monitor mon;
    A64SysRegs sr;

    /* identity */
    unsigned index;           /* vCPU number */
    A64CpuModel model;
    A64Features feat;
    bool halted;              /* WFI/powered off */
    bool event_reg;           /* the WFE event register (SEV/SEVL set it) */
    struct _GHashTable *sysregs; /* encoding -> const SysRegInfo * (frontend/sysregs.h) */

    /* execution machinery */
    Tlb tlb;
    EngineEnv env;
    CodeCache *cc;
    sigjmp_buf jmp_env;       /* exceptions raised inside a block land here */
    volatile int exit_request;
    uint64_t insn_count;
    Machine *machine;
    AddressSpace *as;
    bool powered_off;
    int exit_code;            /* set by semihosting SYS_EXIT / PSCI SYSTEM_OFF */

    /* session 2, issue 4 */
    volatile uint32_t irq_lines; /* A64_LINE_* (atomic: a64_cpu_set_line) */
    struct GicCpu *gic;       /* this CPU's GIC CPU interface / redistributor [gic] */
    struct A64Timer *timer;   /* generic timer state of this CPU [timer] */
    uint64_t pauth_keys[10];  /* APIA lo/hi, APIB, APDA, APDB, APGA [pauth] */
    unsigned reset_el;        /* EL of the last a64_cpu_reset (CPU 0: the boot EL) [el2] */
    volatile int kick_pending; /* a64_cpu_kick(): end the slice [sched] */
    bool wfe_halt;            /* halted by WFE: the event register wakes it [sched] */
    A64Waiter *waiter;        /* notified by kicks; NULL: none sleeps [sched] */
    A64Waiter own_waiter;     /* used by a64_cpu_run() [sched] */
} A64Cpu;

/* Drive one of the CPU's interrupt inputs (any thread); kicks the CPU
 * (a64_cpu_kick) when the level changes. */
void a64_cpu_set_line(A64Cpu *cpu, uint32_t line, bool level);
/* Make the CPU leave its current block soon and re-check interrupts,
 * requests and timers; wakes it from WFI/WFE sleep. Any thread. */
void a64_cpu_kick(A64Cpu *cpu);

static inline unsigned a64_current_el(const A64Cpu *cpu)
{
    return (cpu->pstate & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT;
}

/* Translation flags of the current state: everything a block's
 * translation depends on besides the PC (part of TbKey). Layout: */
#define A64_TBF_EL_MASK   0x3u        /* PSTATE.EL */
#define A64_TBF_SPSEL     (1u << 2)   /* PSTATE.SP */
#define A64_TBF_PAN       (1u << 3)   /* PSTATE.PAN (changes the mmu_idx) */
#define A64_TBF_UAO       (1u << 4)   /* PSTATE.UAO (LDTR/STTR mmu_idx) */
#define A64_TBF_MMU       (1u << 5)   /* SCTLR_ELx.M of the current regime */
#define A64_TBF_ALIGN     (1u << 6)   /* SCTLR_ELx.A: check alignment of every access */
#define A64_TBF_SS        (1u << 7)   /* PSTATE.SS (software step, later) */
#define A64_TBF_MMU_IDX_SHIFT 8       /* bits 11:8: a64_mmu_idx() */
#define A64_TBF_UNPRIV_IDX_SHIFT 12   /* bits 15:12: a64_mmu_idx_unpriv() */
#define A64_TBF_FPEN      (1u << 16)  /* FP/AdvSIMD usable at this EL (CPACR_EL1.FPEN) */
#define A64_TBF_E2H       (1u << 17)  /* HCR_EL2.E2H with EL2 enabled: EL1 encodings at
                                       * EL2 reach EL2 registers, *_EL12 exist [el2] */
#define A64_TBF_HTRAP     (1u << 18)  /* at EL0/EL1 with EL2 enabled, HCR_EL2 has trap
                                       * bits set: run access functions of every row
                                       * (no inlined accesses) [el2] */
uint32_t a64_tb_flags(const A64Cpu *cpu);
static inline unsigned a64_tb_flags_el(uint32_t flags) { return flags & A64_TBF_EL_MASK; }
static inline unsigned a64_tb_flags_mmu_idx(uint32_t flags)
{
    return (flags >> A64_TBF_MMU_IDX_SHIFT) & 15;
}
static inline unsigned a64_tb_flags_unpriv_idx(uint32_t flags)
{
    return (flags >> A64_TBF_UNPRIV_IDX_SHIFT) & 15;
}
/* MMU index for the current EL's ordinary accesses. */
unsigned a64_mmu_idx(const A64Cpu *cpu);
/* MMU index for LDTR/STTR-style unprivileged accesses (EL0 view from EL1
 * unless PSTATE.UAO). */
unsigned a64_mmu_idx_unpriv(const A64Cpu *cpu);

void a64_cpu_init(A64Cpu *cpu, A64CpuModel model, unsigned index, AddressSpace *as,
                  Machine *machine);
void a64_cpu_reset(A64Cpu *cpu, uint64_t entry, unsigned el);
/* The board changed cpu->feat (el2, el3, gicv3, pauth... from the machine
 * options): recompute the features that follow from them (vhe on max with
 * EL2), the ID registers, and rebuild the system-register table. Call it
 * before a64_cpu_reset() and before gic/timer register their rows. */
void a64_cpu_features_changed(A64Cpu *cpu);
void a64_cpu_destroy(A64Cpu *cpu);
/* Bank the current SP out of x[31] and load the one selected by pstate. */
void a64_cpu_switch_sp(A64Cpu *cpu, uint32_t old_pstate, uint32_t new_pstate);

/* The main loop: run until the CPU powers off or exit_request with
 * stop set. Returns the exit code. */
int a64_cpu_run(A64Cpu *cpu);
/* Run one time slice for the machine scheduler (devices/machine_loop.c):
 * returns when the CPU halts (WFI/WFE with nothing pending), powers off,
 * the machine shuts down, or a64_cpu_kick() is called. [smp] */
void a64_cpu_run_slice(A64Cpu *cpu);
/* With A64EMU_STATS set, print the CPU's instruction count to stderr. */
void a64_cpu_print_stats(const A64Cpu *cpu);

/* [sched] WFI/WFE after the trap decision (helper_sys.c): if nothing would
 * end the wait at once, halt the CPU and leave the block; the loop then
 * sleeps the host thread until an interrupt line, a timer deadline, host
 * input or a kick (WFE also: the event register, set by SEV or the event
 * stream). a64_cpu_sev(): SEV, an event to every PE of the machine. */
void a64_cpu_wfi(A64Cpu *cpu);
void a64_cpu_wfe(A64Cpu *cpu);
void a64_cpu_sev(A64Cpu *cpu);
/* Would a halted CPU wake now (WFI wake-up events, DDI 0487 D1.16.2: any
 * interrupt line, masked or not; for WFE also the event register)? */
bool a64_cpu_wakeup_pending(const A64Cpu *cpu);
void a64_waiter_init(A64Waiter *w);
void a64_waiter_notify(A64Waiter *w);
uint64_t a64_waiter_seq(A64Waiter *w);
/* Sleep until w->seq differs from seen or counter_ns() >= deadline_ns. */
void a64_waiter_wait(A64Waiter *w, uint64_t seen, uint64_t deadline_ns);

#endif
