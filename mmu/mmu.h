/* SPDX-License-Identifier: MIT */
/*
 * mmu.h - stage-1 and stage-2 address translation of the VMSAv8-64 (DDI 0487 D8,
 * pseudocode AArch64.S1Translate / AArch64.S1Walk): one function,
 * mmu_translate(), for every translation regime, driven by a small
 * snapshot of the regime's controls that the front end fills in. mmu/
 * never reads the CPU structure: what a walk depends on is in MmuRegime,
 * what the access is in MmuAccess, and the outcome in MmuResult or
 * MmuFault. Descriptors are read from the AddressSpace.
 *
 * Implemented: regimes EL1&0 (two VA ranges, ASIDs), EL2 (non-VHE), EL2&0
 * (FEAT_VHE: HCR_EL2.E2H, two ranges and ASIDs) and EL3; stage 2 of the
 * EL1&0 regime (mmu/walk_s2.c: VTCR_EL2/VTTBR_EL2, concatenated start
 * tables, S2AP/XN/MemAttr/AF, stage-1 walks through stage 2 with S1PTW
 * faults, HCR_EL2.PTW/DC, combined attributes); 4K/16K/64K granules; TxSZ 16..39 (48-bit VA and PA, no FEAT_LVA,
 * FEAT_LPA, FEAT_TTST); TBI; block and page descriptors at every legal
 * level; AP/UXN/PXN with the table-level APTable/UXNTable/PXNTable limits
 * (unless TCR.HPD with FEAT_HPDS); SCTLR.WXN; PAN; the access flag (faults
 * only: no FEAT_HAFDBS); nG; MAIR attributes; address-size checks of the
 * TTBR, table and output addresses; synchronous external aborts on walks.
 *
 * Deliberately not implemented (and not advertised in the ID registers):
 * HCR_EL2.FWB (FEAT_S2FWB), FEAT_TTS2UXN unless ID_AA64MMFR1.XNX says so,
 * Secure EL2 (VSTCR/VSTTBR), FEAT_LPA/LPA2/LVA (52-bit), FEAT_TTST, FEAT_HAFDBS,
 * FEAT_E0PD, FEAT_PAN3, FEAT_BTI's GP bit, big-endian descriptors
 * (SCTLR.EE), the contiguous hint (ignored: every entry is translated on its
 * own, which the architecture permits).
 */
#ifndef A64EMU_MMU_H
#define A64EMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "memory.h"

/* ---- the regime snapshot ---------------------------------------------- */

/* Features of the implementation that change how a walk behaves; the
 * front end derives them from the ID registers it advertises. */
enum {
    MMU_FEAT_TGRAN4 = 1u << 0,  /* ID_AA64MMFR0.TGran4 != 0xf */
    MMU_FEAT_TGRAN16 = 1u << 1, /* ID_AA64MMFR0.TGran16 != 0 */
    MMU_FEAT_TGRAN64 = 1u << 2, /* ID_AA64MMFR0.TGran64 != 0xf */
    MMU_FEAT_HPDS = 1u << 3,    /* ID_AA64MMFR1.HPDS: TCR.HPD{0,1} honoured */
    MMU_FEAT_ASID16 = 1u << 4,  /* ID_AA64MMFR0.ASIDBits = 16: TCR.AS honoured */
    MMU_FEAT_TBID = 1u << 5,    /* FEAT_PAuth: TCR.TBID{0,1} honoured */
    MMU_FEAT_XNX = 1u << 6,     /* ID_AA64MMFR1.XNX: stage-2 XN[1:0] (FEAT_TTS2UXN) */
};

typedef struct MmuRegime {
    AddressSpace *as;    /* where translation tables are read */
    uint8_t el;          /* the regime: 1 = EL1&0, 2 = EL2 or EL2&0, 3 = EL3 */
    bool e20;            /* el == 2 with HCR_EL2.E2H: the EL2&0 regime (VHE):
                          * TCR_EL2 in TCR_EL1's layout, TTBR0/1_EL2, ASIDs */
    bool enabled;        /* stage 1 on: SCTLR_ELx.M (and not HCR_EL2.TGE/DC) */
    bool secure;         /* a Secure regime: descriptors' NS/NSTable count */
    bool hcr_dc;         /* HCR_EL2.DC (EL1&0, stage 1 off): Normal WB default */
    uint8_t pa_bits;     /* PAMax, from ID_AA64MMFR0.PARange */
    uint16_t features;   /* MMU_FEAT_* */
    uint64_t sctlr;      /* SCTLR_ELx of the regime (M, WXN, I) */
    uint64_t tcr;        /* TCR_ELx (TCR_EL1 layout for EL1&0, else EL2/EL3's) */
    uint64_t ttbr0, ttbr1; /* ttbr1 only for EL1&0 */
    uint64_t mair;
    /* Stage 2 (EL1&0 only, D8.1.? "Stage 2 translation"): */
    bool s2_enabled;     /* HCR_EL2.VM or HCR_EL2.DC (as QEMU's effective HCR) */
    bool s2_ptw;         /* HCR_EL2.PTW: stage-1 walks into stage-2 Device fault */
    uint64_t vtcr;       /* VTCR_EL2 */
    uint64_t vttbr;      /* VTTBR_EL2 */
} MmuRegime;

/* Two VA ranges (TTBR0/TTBR1) and ASIDs: EL1&0 and EL2&0. */
static inline bool mmu_regime_two_ranges(const MmuRegime *r) { return r->el == 1 || r->e20; }
/* The current ASID of the regime: TTBR1's if TCR.A1 else TTBR0's, 8 bits
 * unless TCR.AS (with 16-bit ASIDs implemented); 0 for EL2/EL3. */
uint16_t mmu_regime_asid(const MmuRegime *r);

/* ---- the access ----------------------------------------------------------- */

typedef enum MmuAccessType {
    MMU_ACC_READ = 0,
    MMU_ACC_WRITE = 1,
    MMU_ACC_EXEC = 2,
} MmuAccessType;

/* An MmuAccess is an MmuAccessType ORed with these flags. */
enum {
    MMU_ACC_TYPE_MASK = 3,
    /* Checked with EL0's permissions: EL0 itself, LDTR/STTR at EL1,
     * AT S1E0R/W. Only meaningful in EL1&0. */
    MMU_ACC_UNPRIV = 1u << 2,
    /* PSTATE.PAN applies (privileged data access in EL1&0 with PAN set,
     * AT S1E1RP/WP): data accesses to EL0-accessible pages fault. */
    MMU_ACC_PAN = 1u << 3,
    /* Cache maintenance by VA (DC and IC by VA), AArch64.CheckPermission:
     * no Permission fault above EL0 except for a write-type one (DC IVAC,
     * which needs write permission); at EL0 (MMU_ACC_UNPRIV) the read type
     * needs read permission. PAN does not apply. */
    MMU_ACC_CMO = 1u << 4,
    /* Stage 1 only (AT S1E0R/W, S1E1R/W with stage 2 on): the result is the
     * IPA; stage-1 table walks still go through stage 2. */
    MMU_ACC_S1_ONLY = 1u << 5,
};
typedef unsigned MmuAccess;

static inline MmuAccessType mmu_acc_type(MmuAccess a)
{
    return (MmuAccessType)(a & MMU_ACC_TYPE_MASK);
}

/* ---- the outcome ------------------------------------------------------------ */

enum { MMU_PROT_R = 1, MMU_PROT_W = 2, MMU_PROT_X = 4 };

typedef struct MmuResult {
    uint64_t pa;         /* output address of va (after stage 2 if on) */
    uint64_t ipa;        /* stage-1 output address (== pa without stage 2) */
    uint8_t prot;        /* MMU_PROT_*: what this privilege may do here
                          * (PAN applied to R/W if the access had MMU_ACC_PAN;
                          * X never depends on PAN) */
    uint8_t attr;        /* memory attributes, MAIR encoding (MAIR byte);
                          * stage 1 and 2 combined */
    uint8_t sh;          /* shareability (descriptor SH[1:0]), combined */
    int8_t level;        /* level of the leaf descriptor (-1: stage 1 off) */
    uint8_t page_shift;  /* log2 of the stage-1 block/page size */
    uint8_t s2_shift;    /* log2 of the stage-2 leaf (0: no stage 2) */
    bool global;         /* no nG: valid for every ASID */
    bool ns;             /* Non-secure output */
    uint16_t asid;       /* the regime's ASID at translation time */
} MmuResult;

/* Device memory (MAIR attribute 0b0000xxxx). */
static inline bool mmu_attr_is_device(uint8_t attr) { return (attr & 0xf0) == 0; }

typedef enum MmuFaultType {
    MMU_FAULT_NONE = 0,
    MMU_FAULT_TRANSLATION,
    MMU_FAULT_ADDR_SIZE,
    MMU_FAULT_ACCESS_FLAG,
    MMU_FAULT_PERMISSION,
    MMU_FAULT_SYNC_EXT_WALK,  /* external abort reading a descriptor */
    /* Raised by the front end, not by mmu_translate(), but described here
     * so the syndrome is built from one structure: */
    MMU_FAULT_SYNC_EXT,       /* external abort on the access itself */
    MMU_FAULT_ALIGNMENT,
} MmuFaultType;

typedef struct MmuFault {
    MmuFaultType type;
    int8_t level;        /* lookup level the fault is reported at */
    bool ea;             /* external abort type (0: decode error, 1: slave error) */
    bool stage2;         /* stage-2 fault: taken to EL2 */
    bool s1ptw;          /* stage-2 fault on a stage-1 table walk */
    uint64_t ipa;        /* faulting IPA of a stage-2 fault (HPFAR_EL2) */
} MmuFault;

/* The DFSC/IFSC (and PAR_EL1.FST) code of a fault, DDI 0487 D17.2.40. */
unsigned mmu_fault_fsc(const MmuFault *f);

/* ---- translation ----------------------------------------------------------- */

/* Translate va for the access acc in regime r. Returns true and fills *res
 * on success; returns false and fills *fault otherwise. On a Permission
 * fault *res is filled too (the walk completed: the caller may need the
 * memory type to prioritise an alignment fault). With stage 1 disabled the
 * result is the flat mapping of AArch64.S1DisabledOutput (address-size
 * check against PAMax, Device-nGnRnE data, Normal instruction fetches). */
bool mmu_translate(const MmuRegime *r, uint64_t va, MmuAccess acc, MmuResult *res,
                   MmuFault *fault);

/* ---- stage 2 (mmu/walk_s2.c) -------------------------------------------- */

typedef struct MmuS2Result {
    uint64_t pa;
    uint8_t prot;        /* MMU_PROT_* for the access's privilege */
    uint8_t attr;        /* MemAttr[3:0] as a MAIR byte (QEMU's conversion) */
    uint8_t sh;
    int8_t level;
    uint8_t page_shift;
} MmuS2Result;

/* Stage-2 translation of ipa (AArch64.S2Translate) for acc; s1ptw: the
 * access is a stage-1 table walk read (needs read permission, and with
 * HCR_EL2.PTW must not be Device). On a fault *fault says stage2, s1ptw
 * and the IPA. r->s2_enabled must be set. */
bool mmu_s2_translate(const MmuRegime *r, uint64_t ipa, MmuAccess acc, bool s1ptw,
                      MmuS2Result *res, MmuFault *fault);
/* Combine stage-1 and stage-2 attributes (MAIR bytes) and shareability
 * (D8.5.? "Combining the stage 1 and stage 2 attributes", no FWB). */
uint8_t mmu_combine_attr(uint8_t s1, uint8_t s2);
unsigned mmu_combine_sh(unsigned s1, unsigned s2, uint8_t combined_attr);

/* ---- parts shared by the mmu/ files (not for the front end) ---------------- */

/* The VA parameters of one translation (AArch64.GetS1TTWParams). */
typedef struct MmuVaParams {
    unsigned select;     /* 0: TTBR0 range, 1: TTBR1 range */
    unsigned tsz;        /* TxSZ as programmed */
    unsigned gran_bits;  /* 12, 14 or 16 */
    unsigned ps;         /* TCR.IPS/PS */
    bool epd;            /* walks of this range disabled */
    bool hpd;            /* hierarchical permissions disabled */
    bool tbi;            /* top byte ignored (for this access type) */
} MmuVaParams;

void mmu_va_params(const MmuRegime *r, uint64_t va, bool data, MmuVaParams *p);
/* Output address size in bits: min(TCR PS/IPS, PAMax). */
unsigned mmu_output_bits(const MmuRegime *r, unsigned ps);
/* Stage-1 permissions of a leaf (mmu/perm.c): returns the MMU_PROT_* set
 * for the access's privilege. ap = AP[2:1]; xn/pxn after the table limits. */
unsigned mmu_s1_prot(const MmuRegime *r, MmuAccess acc, unsigned ap, bool xn, bool pxn);
/* Whether acc is allowed with prot (AArch64.CheckPermission's choice of
 * which permission an access kind needs). */
bool mmu_prot_allows(MmuAccess acc, unsigned prot);

#endif
