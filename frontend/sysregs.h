/* SPDX-License-Identifier: MIT */
/*
 * sysregs.h - the system-register table and the one MRS/MSR/SYS pipeline.
 *
 * Every system register (and every SYS operation: DC, IC, TLBI, AT) is one
 * SysRegInfo row naming its encoding, who may access it, how it is stored
 * and its reset value, like QEMU's ARMCPRegInfo. Rows are static tables;
 * each CPU keeps a GHashTable from encoding to row, built when the CPU is
 * created and filtered by its features. Subsystems (gic/, timer/, mmu/)
 * add their own tables with sysreg_register_table().
 *
 * Pipeline (sysreg_access_check(), fixed order, DDI 0487 D1.12 and the
 * per-register "Accessibility" pseudocode):
 *   1. the encoding must be in the CPU's table, else UNDEFINED (logged once)
 *   2. the access bits for the current EL (SR_PLn_R/W), else UNDEFINED
 *   3. SR_FPU rows: CPACR_EL1.FPEN, else EC 0x07 to EL1
 *   4. the row's access() hook: OK, UNDEF or a trap to EL1/EL2/EL3 (EC 0x18)
 *   5. read()/write() hook, or the storage field, or the constant.
 * The translator runs steps 1-2 at translation time (EL is part of the
 * block key) and inlines plain storage rows; everything else calls the
 * sysreg_read/sysreg_write helpers, which run the whole pipeline.
 */
#ifndef A64EMU_SYSREGS_H
#define A64EMU_SYSREGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

/* Result of an access check. */
typedef enum SysRegResult {
    SYSREG_OK = 0,
    SYSREG_UNDEF,       /* UNDEFINED: EC 0x00 to the usual EL */
    SYSREG_TRAP_EL1,    /* trapped, EC 0x18, to EL1 (from EL0: SCTLR_EL1.UCT, ...) */
    SYSREG_TRAP_EL2,    /* trapped, EC 0x18, to EL2 (HCR_EL2 bits, later) */
    SYSREG_TRAP_EL3,    /* trapped, EC 0x18, to EL3 (later) */
} SysRegResult;

/* Access bits: a Rd/Wr permission per EL. The SR_ACC_* combinations give
 * the usual "from ELn up" rules. */
enum {
    SR_PL0_R = 1u << 0, SR_PL0_W = 1u << 1,
    SR_PL1_R = 1u << 2, SR_PL1_W = 1u << 3,
    SR_PL2_R = 1u << 4, SR_PL2_W = 1u << 5,
    SR_PL3_R = 1u << 6, SR_PL3_W = 1u << 7,
};
#define SR_ACC_PL3_RW (SR_PL3_R | SR_PL3_W)
#define SR_ACC_PL2_RW (SR_PL2_R | SR_PL2_W | SR_ACC_PL3_RW)
#define SR_ACC_PL1_RW (SR_PL1_R | SR_PL1_W | SR_ACC_PL2_RW)
#define SR_ACC_PL0_RW (SR_PL0_R | SR_PL0_W | SR_ACC_PL1_RW)
#define SR_ACC_PL1_R (SR_PL1_R | SR_PL2_R | SR_PL3_R)
#define SR_ACC_PL0_R (SR_PL0_R | SR_ACC_PL1_R)
#define SR_ACC_PL1_W (SR_PL1_W | SR_PL2_W | SR_PL3_W)
#define SR_ACC_PL0_W (SR_PL0_W | SR_ACC_PL1_W)
#define SR_ACC_PL2_R (SR_PL2_R | SR_PL3_R)

/* Type flags. */
enum {
    SR_CONST = 1u << 0,     /* value is resetvalue; writes (if allowed) ignored */
    SR_NOP = 1u << 1,       /* no state: reads 0, writes ignored (SYS ops) */
    SR_IO = 1u << 2,        /* value changes by itself (counters): never inline */
    SR_ALIAS = 1u << 3,     /* storage owned elsewhere: not reset from the table */
    SR_ENDS_TB = 1u << 4,   /* a write ends the block (translation flags or
                             * interrupt masking may change) */
    SR_RAISES_EXC = 1u << 5, /* the hooks may raise a guest exception (DC ZVA) */
    SR_FPU = 1u << 6,       /* CPACR_EL1.FPEN applies (FPCR, FPSR) */
    SR_SYS = 1u << 7,       /* a SYS/SYSL operation (op0 = 1), not a register */
    SR_EL0_ACCESSFN = 1u << 8, /* the access function can only refuse at EL0
                                * (SCTLR_EL1.UCT/UMA/UCI/DZE, CNTKCTL_EL1,
                                * IDST): above EL0 the translator skips it */
    SR_PSTATE = 1u << 9,    /* PSTATE bits: value = PSTATE & resetvalue, at
                             * their SPSR positions (DAIF, PAN, UAO, DIT, SSBS) */
    SR_NZCV = 1u << 10,     /* PSTATE.NZCV (the IR's GET_NZCV/SET_NZCV) */
    SR_HTRAP_ACCESSFN = 1u << 11, /* [el2] at EL1 the access function can only
                                   * refuse through HCR_EL2 trap bits: the
                                   * translator skips it unless A64_TBF_HTRAP
                                   * (and skips it at EL2/EL3) */
};

typedef struct SysRegInfo SysRegInfo;

typedef SysRegResult (*SysRegAccessFn)(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
typedef uint64_t (*SysRegReadFn)(A64Cpu *cpu, const SysRegInfo *ri);
typedef void (*SysRegWriteFn)(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value);
typedef void (*SysRegResetFn)(A64Cpu *cpu, const SysRegInfo *ri);
/* Is this row present on a CPU with these features? NULL: always. */
typedef bool (*SysRegPresentFn)(const A64Features *f);

struct SysRegInfo {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint8_t access;           /* SR_PL* bits */
    uint16_t type;            /* SR_* type flags */
    SysRegPresentFn present;
    uint64_t resetvalue;
    /* Storage: byte offset of a uint64_t in A64Cpu, or SR_NO_FIELD. */
    ptrdiff_t fieldoffset;
    /* Bits that read as zero and ignore writes (RES0 / unimplemented);
     * applied to plain field writes. */
    uint64_t res0;
    SysRegAccessFn accessfn;
    SysRegReadFn readfn;
    SysRegWriteFn writefn;
    SysRegResetFn resetfn;
};

#define SR_NO_FIELD ((ptrdiff_t)-1)
#define SR_FIELD(f) ((ptrdiff_t)offsetof(A64Cpu, f))

/* Encoding key: op0:op1:CRn:CRm:op2 = bits 20:5 of the MRS/MSR/SYS word. */
#define SYSREG_KEY(op0, op1, crn, crm, op2)                                       \
    ((uint32_t)(((op0) & 3) << 14 | ((op1) & 7) << 11 | ((crn) & 15) << 7 |       \
                ((crm) & 15) << 3 | ((op2) & 7)))
static inline uint32_t sysreg_key_of(const SysRegInfo *ri)
{
    return SYSREG_KEY(ri->op0, ri->op1, ri->crn, ri->crm, ri->op2);
}

/* ESR ISS of a trapped MSR/MRS/SYS (EC 0x18, DDI 0487 D17.2.37):
 * Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Dir[0]
 * (Dir = 1 for reads). The translator passes this word to the helpers: it
 * carries the key, the register number and the direction. */
static inline uint32_t sysreg_iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                                  unsigned op2, unsigned rt, bool isread)
{
    return (op0 & 3) << 20 | (op2 & 7) << 17 | (op1 & 7) << 14 | (crn & 15) << 10 |
           (rt & 31) << 5 | (crm & 15) << 1 | (isread ? 1 : 0);
}
static inline uint32_t sysreg_iss_to_key(uint32_t iss)
{
    return SYSREG_KEY((iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 15, (iss >> 1) & 15,
                      (iss >> 17) & 7);
}

/* The base table (frontend/sysreg_table.c). */
extern const SysRegInfo a64_sysreg_table[];
extern const size_t a64_sysreg_table_size;

/* Build cpu->sysregs from the base table (filtered by cpu->feat). */
void sysreg_init_cpu(A64Cpu *cpu);
void sysreg_free_cpu(A64Cpu *cpu);
/* Add a subsystem's rows. A duplicate encoding is a programming error
 * (reported and aborted: tables are not guest-controlled). */
void sysreg_register_table(A64Cpu *cpu, const SysRegInfo *rows, size_t n);
/* Write every row's reset value into its storage (or call its reset hook). */
void sysreg_reset_all(A64Cpu *cpu);

const SysRegInfo *sysreg_lookup(const A64Cpu *cpu, uint32_t key);
/* Step 2 of the pipeline: may the current EL read/write it at all? */
bool sysreg_el_allows(const SysRegInfo *ri, unsigned el, bool isread);
/* Steps 2-4. On failure, fills *e (ready for a64_raise) and returns false.
 * iss as built by sysreg_iss(); pc is the accessing instruction. */
struct A64Exception;
bool sysreg_access_check(A64Cpu *cpu, const SysRegInfo *ri, uint32_t iss, uint64_t pc,
                         struct A64Exception *e);
/* Step 5 without the checks (debuggers, tests, reset). */
uint64_t sysreg_read_raw(A64Cpu *cpu, const SysRegInfo *ri);
void sysreg_write_raw(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value);
/* May the translator, at EL el, access the register inline: as a
 * constant, a storage field, PSTATE bits or NZCV (no hooks, no access
 * function that applies at this EL, not IO/FPU)? */
bool sysreg_is_plain(const SysRegInfo *ri, bool isread, unsigned el);
/* [el2] The same for a block with translation flags tbflags (the EL, and
 * A64_TBF_HTRAP for rows with SR_HTRAP_ACCESSFN). */
bool sysreg_is_plain_tb(const SysRegInfo *ri, bool isread, uint32_t tbflags);
/* [el2] The row an MRS/MSR/SYS encoding reaches at EL el (DDI 0487
 * D5.6 / D13.2 "Virtualization Host Extensions"): with e2h (HCR_EL2.E2H,
 * EL2 enabled), EL1 encodings used at EL2 reach the EL2 registers (and
 * the EL0 timer encodings in the EL2&0 host reach the EL2 timers), the
 * _EL12/_EL02 encodings at EL2/EL3 reach the EL1/EL0 ones; without e2h
 * the _EL12/_EL02 encodings do not exist. NULL: UNDEFINED. */
const SysRegInfo *sysreg_resolve(const A64Cpu *cpu, uint32_t key, unsigned el, bool e2h,
                                 bool host);

/* The whole pipeline, raising the guest exception on failure (used by the
 * helpers). value is the register (read) or Xt (write / SYS). */
uint64_t sysreg_do_read(A64Cpu *cpu, uint32_t iss);
void sysreg_do_write(A64Cpu *cpu, uint32_t iss, uint64_t value);

/* A printable name "S3_0_C1_C0_0" for an encoding (buf >= 24 bytes). */
const char *sysreg_key_name(uint32_t key, char *buf, size_t len);

/* Access function of the feature ID space rows (EL0: UNDEF or FEAT_IDST
 * trap). */
SysRegResult sysreg_access_id_space(A64Cpu *cpu, const SysRegInfo *ri, bool isread);

/* Fill cpu->sr.id, MIDR and MPIDR from cpu->model, cpu->feat and
 * cpu->index (cpu.c). */
void a64_cpu_set_id_regs(A64Cpu *cpu);

/* Values shared by cpu.c, sysreg_table.c and tests. */
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)
#define SCTLR_UMA (1ull << 9)
#define SCTLR_I (1ull << 12)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_NTWI (1ull << 16)
#define SCTLR_NTWE (1ull << 18)
#define SCTLR_WXN (1ull << 19)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_E0E (1ull << 24)
#define SCTLR_EE (1ull << 25)
#define SCTLR_UCI (1ull << 26)
#define SCTLR_DSSBS (1ull << 44)

#define CPACR_FPEN_SHIFT 20
#define CNTKCTL_EL0PCTEN (1ull << 0)
#define CNTKCTL_EL0VCTEN (1ull << 1)

#endif
