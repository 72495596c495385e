/* SPDX-License-Identifier: MIT */
/*
 * walk_s2.c - the stage-2 translation of the EL1&0 regime (DDI 0487 D8,
 * "Stage 2 translation"; pseudocode AArch64.S2Translate, AArch64.S2Walk,
 * AArch64.S2CheckPermission) and the combination of the two stages'
 * attributes (D8.5 "Combining the stage 1 and stage 2 attributes").
 *
 * VTCR_EL2: T0SZ [5:0], SL0 [7:6], IRGN0/ORGN0/SH0 (walk cacheability,
 * not modelled), TG0 [15:14], PS [18:16], VS [19] (FEAT_VMID16, used by
 * the front end for the VMID). VTTBR_EL2: BADDR [47:1], VMID [63:48].
 *
 * The start level is given by SL0 (4K: 2 - SL0, 16K/64K: 3 - SL0), and the
 * start level may resolve up to 4 more bits than a table holds: that many
 * tables are concatenated (up to 16) and VTTBR is aligned to their total
 * size. An inconsistent SL0/T0SZ/PS combination, T0SZ out of range or an
 * IPA above the input size is a stage-2 Translation fault at level 0 (the
 * pseudocode's AArch64.S2InconsistentSL, S2TxSZFaults, IPAIsOutOfRange;
 * QEMU's check_s2_mmu_setup makes the same choices).
 *
 * Stage-2 descriptors: S2AP [7:6] (bit 6 read, bit 7 write), MemAttr [5:2]
 * (no FEAT_S2FWB), SH [9:8], AF [10], XN [54] (XN[1:0] = [54:53] with
 * FEAT_XNX); blocks at the same levels as stage 1.
 */
#include <string.h>

#include "mmu.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)
#define DESC_AF (1ull << 10)
#define ADDR_MASK_48 0x0000ffffffffffffull

static uint64_t mask(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static bool s2_fail(MmuFault *f, MmuFaultType type, int level, uint64_t ipa, bool s1ptw)
{
    f->type = type;
    f->level = (int8_t)level;
    f->stage2 = true;
    f->s1ptw = s1ptw;
    f->ipa = ipa;
    return false;
}

static bool read_desc(const MmuRegime *r, uint64_t pa, uint64_t *d)
{
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

/* Granule of VTCR_EL2.TG0 (00 4K, 01 64K, 10 16K); a reserved or
 * unimplemented value is treated as an implemented one (smallest), as
 * for stage 1. */
static unsigned s2_granule(const MmuRegime *r)
{
    static const uint8_t b[4] = { 12, 16, 14, 0 };
    unsigned gb = b[(r->vtcr >> 14) & 3];
    if ((gb == 12 && (r->features & MMU_FEAT_TGRAN4)) ||
        (gb == 14 && (r->features & MMU_FEAT_TGRAN16)) ||
        (gb == 16 && (r->features & MMU_FEAT_TGRAN64))) {
        return gb;
    }
    if (r->features & MMU_FEAT_TGRAN4) {
        return 12;
    }
    return (r->features & MMU_FEAT_TGRAN16) ? 14 : 16;
}

static bool block_allowed(unsigned gran_bits, int level)
{
    if (gran_bits == 12) {
        return level == 1 || level == 2;
    }
    return level == 2;
}

/* Stage-2 permissions (AArch64.S2CheckPermission without FEAT_XNX, or
 * with it: XN[1:0] 00 executable, 01 not at EL1, 10 never, 11 not at EL0). */
static unsigned s2_prot(const MmuRegime *r, uint64_t d, bool el0)
{
    unsigned prot = 0;
    if (d & (1ull << 6)) {
        prot |= MMU_PROT_R;
    }
    if (d & (1ull << 7)) {
        prot |= MMU_PROT_W;
    }
    unsigned xn = (unsigned)(d >> 53) & 3;
    bool exec;
    if (r->features & MMU_FEAT_XNX) {
        exec = xn == 0 || (xn == 1 && el0) || (xn == 3 && !el0);
    } else {
        exec = !(xn & 2);
    }
    if (exec) {
        prot |= MMU_PROT_X;
    }
    return prot;
}

/* QEMU's convert_stage2_attrs (HCR_EL2.CD not modelled): MemAttr[3:2]
 * outer, [1:0] inner; 00 outer = Device with [1:0] as the Device type;
 * Write-Through/Write-Back get the read/write-allocate hints. */
static uint8_t s2_attr_to_mair(unsigned memattr)
{
    unsigned hi = (memattr >> 2) & 3, lo = memattr & 3;
    unsigned hihint = 0, lohint = 0;
    if (hi != 0) {
        if (hi != 1) {
            hihint = 3;
        }
        if (lo != 1) {
            lohint = 3;
        }
    }
    return (uint8_t)(hi << 6 | hihint << 4 | lo << 2 | lohint);
}

bool mmu_s2_translate(const MmuRegime *r, uint64_t ipa, MmuAccess acc, bool s1ptw,
                      MmuS2Result *res, MmuFault *fault)
{
    memset(res, 0, sizeof(*res));
    unsigned tsz = (unsigned)(r->vtcr & 0x3f);
    unsigned sl0 = (unsigned)(r->vtcr >> 6) & 3;
    unsigned gb = s2_granule(r);
    unsigned stride = gb - 3;
    unsigned ob = mmu_output_bits(r, (unsigned)(r->vtcr >> 16) & 7);

    /* T0SZ out of range (no FEAT_LVA/FEAT_TTST): Translation fault, level 0. */
    if (tsz < 16 || tsz > 39) {
        return s2_fail(fault, MMU_FAULT_TRANSLATION, 0, ipa, s1ptw);
    }
    unsigned inputsize = 64 - tsz;
    int start = gb == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
    /* AArch64.S2InconsistentSL: the start level must resolve between 1 and
     * stride + 4 bits (at most 16 concatenated tables); level 0 needs the
     * 4K granule and more than 42 output bits; level 1 with 16K/64K needs
     * more than 40/42 output bits; the input size cannot exceed the
     * output size (CONSTRAINED UNPREDICTABLE: fault, as QEMU). SL0 = 3 is
     * reserved (start level -1 or 0 otherwise unreachable). */
    int startbits = (int)inputsize - ((3 - start) * (int)stride + (int)gb);
    bool bad = sl0 == 3 || start < 0 || startbits < 1 || startbits > (int)stride + 4;
    if (gb == 12 && start == 0 && ob <= 42) {
        bad = true;
    }
    if (gb == 14 && (start == 0 || (start == 1 && ob <= 40))) {
        bad = true;
    }
    if (gb == 16 && (start == 0 || (start == 1 && ob <= 42))) {
        bad = true;
    }
    if (inputsize > ob) {
        bad = true;
    }
    if (bad) {
        return s2_fail(fault, MMU_FAULT_TRANSLATION, 0, ipa, s1ptw);
    }
    /* IPA above the input size. */
    if ((ipa >> inputsize) != 0) {
        return s2_fail(fault, MMU_FAULT_TRANSLATION, 0, ipa, s1ptw);
    }

    uint64_t table = r->vttbr & ADDR_MASK_48 & ~1ull;
    if (table >> ob) {
        return s2_fail(fault, MMU_FAULT_ADDR_SIZE, 0, ipa, s1ptw);
    }
    table &= ~mask((unsigned)startbits + 3);

    int level = start;
    unsigned shift;
    uint64_t d;
    for (;;) {
        shift = gb + stride * (unsigned)(3 - level);
        unsigned nbits = level == start ? (unsigned)startbits : stride;
        uint64_t idx = (ipa >> shift) & mask(nbits);
        if (!read_desc(r, table | (idx << 3), &d)) {
            fault->ea = false;
            return s2_fail(fault, MMU_FAULT_SYNC_EXT_WALK, level, ipa, s1ptw);
        }
        if (!(d & DESC_VALID)) {
            return s2_fail(fault, MMU_FAULT_TRANSLATION, level, ipa, s1ptw);
        }
        bool is_table = (d & DESC_TABLE) && level < 3;
        if (!(d & DESC_TABLE) && (level == 3 || !block_allowed(gb, level))) {
            return s2_fail(fault, MMU_FAULT_TRANSLATION, level, ipa, s1ptw);
        }
        uint64_t addr = d & ADDR_MASK_48 & ~mask(gb);
        if (addr >> ob) {
            return s2_fail(fault, MMU_FAULT_ADDR_SIZE, level, ipa, s1ptw);
        }
        if (!is_table) {
            break;
        }
        table = addr;
        level++;
    }

    res->pa = (d & ADDR_MASK_48 & ~mask(shift)) | (ipa & mask(shift));
    res->level = (int8_t)level;
    res->page_shift = (uint8_t)shift;
    res->attr = s2_attr_to_mair((unsigned)(d >> 2) & 0xf);
    res->sh = (uint8_t)((d >> 8) & 3);
    if (!(d & DESC_AF)) {
        return s2_fail(fault, MMU_FAULT_ACCESS_FLAG, level, ipa, s1ptw);
    }
    res->prot = (uint8_t)s2_prot(r, d, (acc & MMU_ACC_UNPRIV) != 0);

    bool ok;
    if (s1ptw) {
        /* A stage-1 walk is a read, whatever the access (S2CheckPermission's
         * s2fs1walk); with HCR_EL2.PTW, walking Device memory faults. */
        ok = (res->prot & MMU_PROT_R) && !(r->s2_ptw && mmu_attr_is_device(res->attr));
    } else {
        switch (mmu_acc_type(acc)) {
        case MMU_ACC_EXEC:
            ok = (res->prot & MMU_PROT_X) != 0;
            break;
        case MMU_ACC_WRITE:
            ok = (res->prot & MMU_PROT_W) != 0;
            break;
        default:
            /* DC/IC by VA take no stage-2 Permission fault (only DC IVAC,
             * the write type, needs write permission). */
            ok = (res->prot & MMU_PROT_R) != 0 || (acc & MMU_ACC_CMO);
            break;
        }
    }
    if (!ok) {
        return s2_fail(fault, MMU_FAULT_PERMISSION, level, ipa, s1ptw);
    }
    return true;
}

/* ---- combining the stages ---------------------------------------------------- */

/* One cacheability nibble (MAIR encoding): Non-cacheable wins, then
 * stage-1 Write-Through, then stage-2 Write-Through (stage 1's allocation
 * hints), else Write-Back. */
static unsigned combine_nibble(unsigned s1, unsigned s2)
{
    if (s1 == 4 || s2 == 4) {
        return 4;
    }
    if (((s1 >> 2) & 3) == 0 || ((s1 >> 2) & 3) == 2) {
        return s1;
    }
    if (((s2 >> 2) & 3) == 2) {
        return 2u << 2 | (s1 & 3);
    }
    return s1;
}

uint8_t mmu_combine_attr(uint8_t s1, uint8_t s2)
{
    if (s1 == 0xf0) {
        s1 = 0xff; /* Tagged Normal (FEAT_MTE) as Normal WB */
    }
    unsigned s1lo = s1 & 0xf, s2lo = s2 & 0xf, s1hi = s1 >> 4, s2hi = s2 >> 4;
    if (s1hi == 0 || s2hi == 0) {
        /* Device wins; the stronger Device type of the two */
        unsigned a = s1hi == 0 ? s1lo : 0xc, b = s2hi == 0 ? s2lo : 0xc;
        unsigned d = a < b ? a : b;
        return (uint8_t)(d & 0xc);
    }
    return (uint8_t)(combine_nibble(s1hi, s2hi) << 4 | combine_nibble(s1lo, s2lo));
}

unsigned mmu_combine_sh(unsigned s1, unsigned s2, uint8_t combined_attr)
{
    unsigned sh;
    if (s1 == 2 || s2 == 2) {
        sh = 2;
    } else if (s1 == 3 || s2 == 3) {
        sh = 3;
    } else {
        sh = 0;
    }
    /* Device and Normal Inner/Outer Non-cacheable are Outer Shareable. */
    if ((combined_attr & 0xf0) == 0 || combined_attr == 0x44) {
        sh = 2;
    }
    return sh;
}
