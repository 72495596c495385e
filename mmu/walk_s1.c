/* SPDX-License-Identifier: MIT */
/*
 * walk_s1.c - the stage-1 translation table walk (DDI 0487 D8.2-D8.3,
 * pseudocode AArch64.S1Translate, AArch64.S1Walk, AArch64.S1DisabledOutput)
 * and mmu_translate(), the one entry point for every regime.
 *
 * Order of the checks (each fault reported at the level given):
 *   TxSZ out of range, VA outside the selected range, EPD   translation, 0
 *   TTBR base address above the output size                 address size, 0
 *   per level: descriptor read not from RAM/ROM             sync external on walk, L
 *              invalid, reserved level-3 encoding,
 *              block at a level where blocks do not exist   translation, L
 *              next table / output address too large        address size, L
 *   leaf: AF == 0 (no hardware update)                       access flag, L
 *         permissions                                        permission, L
 * With stage 2 on (EL1&0), every descriptor read is first translated by
 * stage 2 (its faults are S1PTW faults at the stage-2 level), and the
 * output address then goes through stage 2 with the access's permissions.
 * Alignment faults due to the memory type, and external aborts on the
 * access itself, are the front end's (it knows the access size).
 */
#include <string.h>

#include "mmu.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)     /* table (levels 0-2) or page (level 3) */
#define DESC_NS (1ull << 5)
#define DESC_AF (1ull << 10)
#define DESC_NG (1ull << 11)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)      /* XN in single-range regimes */
#define TABLE_PXN (1ull << 59)
#define TABLE_UXN (1ull << 60)     /* XNTable in single-range regimes */
#define TABLE_AP0 (1ull << 61)     /* APTable[0]: no EL0 access below */
#define TABLE_AP1 (1ull << 62)     /* APTable[1]: read-only below */
#define TABLE_NS (1ull << 63)

#define ADDR_MASK_48 0x0000ffffffffffffull
#define SCTLR_I (1ull << 12)

static uint64_t mask(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static bool fail(MmuFault *f, MmuFaultType type, int level)
{
    f->type = type;
    f->level = (int8_t)level;
    return false;
}

/* A descriptor read. Translation tables must be in memory: a descriptor
 * address that is not RAM or ROM is a synchronous external abort on the
 * walk (decode error, as an unassigned address in QEMU), never a device
 * access with side effects. Descriptors are read single-copy atomically.
 * With stage 2 on, the descriptor address is an IPA translated by stage 2
 * first (AArch64.S2Translate with s2fs1walk): a stage-2 fault there is
 * the walk's fault (S1PTW, *fault filled, returns false with *s2fault). */
static bool read_desc(const MmuRegime *r, uint64_t pa, uint64_t *d, MmuFault *fault,
                      bool *s2fault)
{
    *s2fault = false;
    if (r->s2_enabled) {
        MmuS2Result s2;
        if (!mmu_s2_translate(r, pa, MMU_ACC_READ, true, &s2, fault)) {
            *s2fault = true;
            return false;
        }
        pa = s2.pa;
    }
    void *h = r->as ? as_host_ptr(r->as, pa, 8) : NULL;
    if (h == NULL) {
        return false;
    }
    if (((uintptr_t)h & 7) == 0) {
        *d = __atomic_load_n((const uint64_t *)h, __ATOMIC_RELAXED);
    } else {
        memcpy(d, h, 8);
    }
    return true;
}

/* Levels at which a block descriptor exists (no FEAT_LPA/LPA2): 1 and 2
 * for 4K, 2 for 16K and 64K (D8.3.1, Table D8-...: "Block descriptor"). */
static bool block_allowed(unsigned gran_bits, int level)
{
    if (gran_bits == 12) {
        return level == 1 || level == 2;
    }
    return level == 2;
}

/* AArch64.S1DisabledOutput: VA == PA after the address-size check against
 * PAMax (the top byte ignored per TBI even here); data accesses are
 * Device-nGnRnE, instruction fetches Normal (Write-Through if SCTLR.I,
 * else Non-cacheable), both Outer Shareable. */
static bool s1_disabled(const MmuRegime *r, uint64_t va, MmuAccess acc, MmuResult *res,
                        MmuFault *fault)
{
    bool exec = mmu_acc_type(acc) == MMU_ACC_EXEC;
    MmuVaParams p;
    mmu_va_params(r, va, !exec, &p);
    unsigned top = p.tbi ? 55 : 63;
    unsigned pab = r->pa_bits;

    if (pab <= top && ((va >> pab) & mask(top - pab + 1)) != 0) {
        return fail(fault, MMU_FAULT_ADDR_SIZE, 0);
    }
    res->pa = va & mask(pab);
    res->prot = MMU_PROT_R | MMU_PROT_W | MMU_PROT_X;
    if (r->hcr_dc) {
        res->attr = 0xff;  /* HCR_EL2.DC: Normal Write-Back */
        res->sh = 0;
    } else if (exec) {
        res->attr = (r->sctlr & SCTLR_I) ? 0xaa : 0x44;
        res->sh = 2;
    } else {
        res->attr = 0x00;
        res->sh = 2;
    }
    res->level = -1;
    res->page_shift = 12;
    res->global = true;
    res->ns = !r->secure;
    res->asid = 0;
    return true;
}

/* The output of stage 1 through stage 2 (AArch64.FullTranslate): a
 * stage-1 fault has priority (it was reported before we get here); then
 * the stage-2 walk of the IPA with the access's own permissions. */
static bool apply_s2(const MmuRegime *r, MmuAccess acc, MmuResult *res, MmuFault *fault)
{
    res->ipa = res->pa;
    if (!r->s2_enabled || (acc & MMU_ACC_S1_ONLY)) {
        return true;
    }
    MmuS2Result s2;
    if (!mmu_s2_translate(r, res->pa, acc, false, &s2, fault)) {
        return false;
    }
    res->pa = s2.pa;
    res->prot &= s2.prot;
    res->attr = mmu_combine_attr(res->attr, s2.attr);
    res->sh = (uint8_t)mmu_combine_sh(res->sh, s2.sh, res->attr);
    res->s2_shift = s2.page_shift;
    return true;
}

bool mmu_translate(const MmuRegime *r, uint64_t va, MmuAccess acc, MmuResult *res,
                   MmuFault *fault)
{
    memset(res, 0, sizeof(*res));
    memset(fault, 0, sizeof(*fault));
    if (!r->enabled) {
        return s1_disabled(r, va, acc, res, fault) && apply_s2(r, acc, res, fault);
    }

    MmuVaParams p;
    mmu_va_params(r, va, mmu_acc_type(acc) != MMU_ACC_EXEC, &p);

    /* TxSZ outside 16..39 (no FEAT_LVA, no FEAT_TTST): the IMPLEMENTATION
     * DEFINED choice of a level-0 Translation fault, as QEMU makes. */
    if (p.tsz < 16 || p.tsz > 39) {
        return fail(fault, MMU_FAULT_TRANSLATION, 0);
    }
    unsigned inputsize = 64 - p.tsz;
    unsigned top = p.tbi ? 55 : 63;
    /* VA[top:inputsize] must be all zeros (TTBR0 range) or all ones
     * (TTBR1 range); the gap between the ranges is a Translation fault. */
    uint64_t upper = (va >> inputsize) & mask(top - inputsize + 1);
    if (upper != (p.select ? mask(top - inputsize + 1) : 0)) {
        return fail(fault, MMU_FAULT_TRANSLATION, 0);
    }
    /* TCR.EPDn: no walks for this range, a TLB miss is a Translation
     * fault. */
    if (p.epd) {
        return fail(fault, MMU_FAULT_TRANSLATION, 0);
    }

    unsigned gb = p.gran_bits;
    unsigned stride = gb - 3;
    /* Start level: 4 - ceil((inputsize - granule bits) / stride). */
    const int start = 4 - (int)((inputsize - gb + stride - 1) / stride);
    int level = start;
    unsigned first_bits = inputsize - (gb + stride * (unsigned)(3 - level));
    unsigned ob = mmu_output_bits(r, p.ps);

    uint64_t ttbr = p.select ? r->ttbr1 : r->ttbr0;
    uint64_t table = ttbr & ADDR_MASK_48;
    if (table >> ob) {
        return fail(fault, MMU_FAULT_ADDR_SIZE, 0);
    }
    /* The table is aligned to its size: the low BADDR bits (RES0) and
     * CnP are not part of the address. */
    table &= ~mask(first_bits + 3);

    bool ap_noel0 = false, ap_ro = false, xn_t = false, pxn_t = false, ns_t = false;
    uint64_t d;
    unsigned shift;
    for (;;) {
        shift = gb + stride * (unsigned)(3 - level);
        unsigned nbits = level == start ? first_bits : stride;
        uint64_t idx = (va >> shift) & mask(nbits);
        bool s2fault;
        if (!read_desc(r, table | (idx << 3), &d, fault, &s2fault)) {
            if (s2fault) {
                return false;
            }
            fault->ea = false;
            return fail(fault, MMU_FAULT_SYNC_EXT_WALK, level);
        }
        if (!(d & DESC_VALID)) {
            return fail(fault, MMU_FAULT_TRANSLATION, level);
        }
        bool is_table = (d & DESC_TABLE) && level < 3;
        if (!(d & DESC_TABLE) && (level == 3 || !block_allowed(gb, level))) {
            /* the reserved level-3 encoding, or a block where none exist */
            return fail(fault, MMU_FAULT_TRANSLATION, level);
        }
        uint64_t addr = d & ADDR_MASK_48 & ~mask(gb);
        if (addr >> ob) {
            return fail(fault, MMU_FAULT_ADDR_SIZE, level);
        }
        if (!is_table) {
            break;
        }
        /* Hierarchical limits (D8.4.1): they only ever remove
         * permissions; TCR.HPD turns them off, except NSTable. */
        if (!p.hpd) {
            ap_noel0 |= (d & TABLE_AP0) != 0;
            ap_ro |= (d & TABLE_AP1) != 0;
            xn_t |= (d & TABLE_UXN) != 0;
            pxn_t |= (d & TABLE_PXN) != 0;
        }
        ns_t |= (d & TABLE_NS) != 0;
        table = addr;
        level++;
    }

    /* The leaf: block (levels 1-2) or page (level 3). */
    uint64_t oa = d & ADDR_MASK_48 & ~mask(shift);
    res->pa = oa | (va & mask(shift));
    res->level = (int8_t)level;
    res->page_shift = (uint8_t)shift;
    res->attr = (uint8_t)(r->mair >> (8 * ((d >> 2) & 7)));
    res->sh = (uint8_t)((d >> 8) & 3);
    res->ns = !r->secure || ns_t || (d & DESC_NS);
    res->global = !mmu_regime_two_ranges(r) || !(d & DESC_NG);
    res->asid = mmu_regime_asid(r);

    /* Access flag: no hardware update (FEAT_HAFDBS not implemented). */
    if (!(d & DESC_AF)) {
        return fail(fault, MMU_FAULT_ACCESS_FLAG, level);
    }

    unsigned ap = (unsigned)(d >> 6) & 3;
    if (ap_noel0) {
        ap &= ~1u;  /* APTable[0]: AP[1] behaves as 0 */
    }
    if (ap_ro) {
        ap |= 2u;   /* APTable[1]: AP[2] behaves as 1 */
    }
    bool xn = (d & DESC_UXN) || xn_t;
    bool pxn = (d & DESC_PXN) || pxn_t;
    res->prot = (uint8_t)mmu_s1_prot(r, acc, ap, xn, pxn);
    if (!mmu_prot_allows(acc, res->prot)) {
        return fail(fault, MMU_FAULT_PERMISSION, level);
    }
    return apply_s2(r, acc, res, fault);
}
