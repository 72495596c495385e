/* SPDX-License-Identifier: MIT */
/*
 * regime.c - what a translation regime's control registers say about one
 * virtual address: which VA range (TTBR0/TTBR1) it selects, the granule,
 * TxSZ, EPD, HPD, TBI and the output size (DDI 0487 D8.1-D8.2, pseudocode
 * AArch64.GetS1TTWParams, AArch64.S1TTWParamsEL10/EL2/EL3), and the ASID.
 *
 * TCR layouts: EL1&0 and EL2&0 (TCR_EL2 with HCR_EL2.E2H) have two sets
 * of fields (T0SZ/T1SZ, TG0/TG1, EPD0/1, HPD0/1, TBI0/1, TBID0/1) and IPS
 * at [34:32]; EL2 (non-VHE) and EL3 have one set, PS at [18:16], TBI at
 * [20], HPD at [24], TBID at [29].
 */
#include "mmu.h"

static unsigned bits(uint64_t v, unsigned lo, unsigned n)
{
    return (unsigned)((v >> lo) & ((1ull << n) - 1));
}

uint16_t mmu_regime_asid(const MmuRegime *r)
{
    if (!mmu_regime_two_ranges(r)) {
        return 0; /* EL2 (non-VHE) and EL3 have no ASID; EL2&0 has */
    }
    bool a1 = (r->tcr >> 22) & 1;
    uint16_t asid = (uint16_t)((a1 ? r->ttbr1 : r->ttbr0) >> 48);
    /* TCR_EL1.AS: 16-bit ASIDs, if implemented (ID_AA64MMFR0.ASIDBits);
     * with 8-bit ASIDs the upper TTBR bits are ignored. */
    if (!((r->tcr >> 36) & 1) || !(r->features & MMU_FEAT_ASID16)) {
        asid &= 0xff;
    }
    return asid;
}

/* Granule size (log2) of a TG0 / TG1 encoding; 0 = reserved. */
static unsigned tg0_bits(unsigned tg)
{
    static const uint8_t b[4] = { 12, 16, 14, 0 };
    return b[tg & 3];
}

static unsigned tg1_bits(unsigned tg)
{
    static const uint8_t b[4] = { 0, 14, 12, 16 };
    return b[tg & 3];
}

/* A reserved or unimplemented granule behaves as an implemented one, an
 * IMPLEMENTATION DEFINED choice (D8.1.7 "Translation granule"): the
 * smallest, as QEMU chooses. */
static unsigned sanitize_granule(const MmuRegime *r, unsigned gb)
{
    if ((gb == 12 && (r->features & MMU_FEAT_TGRAN4)) ||
        (gb == 14 && (r->features & MMU_FEAT_TGRAN16)) ||
        (gb == 16 && (r->features & MMU_FEAT_TGRAN64))) {
        return gb;
    }
    if (r->features & MMU_FEAT_TGRAN4) {
        return 12;
    }
    if (r->features & MMU_FEAT_TGRAN16) {
        return 14;
    }
    return 16;
}

void mmu_va_params(const MmuRegime *r, uint64_t va, bool data, MmuVaParams *p)
{
    uint64_t tcr = r->tcr;
    bool hpds = (r->features & MMU_FEAT_HPDS) != 0;
    bool tbid_ok = (r->features & MMU_FEAT_TBID) != 0;
    bool tbi, tbid;

    if (mmu_regime_two_ranges(r)) {
        /* Bit 55 selects the range whether or not the top byte is used
         * (D8.2.1 "Address tagging": the tag never affects the choice). */
        p->select = (va >> 55) & 1;
        if (p->select == 0) {
            p->tsz = bits(tcr, 0, 6);
            p->epd = bits(tcr, 7, 1);
            p->gran_bits = tg0_bits(bits(tcr, 14, 2));
            p->hpd = hpds && bits(tcr, 41, 1);
            tbi = bits(tcr, 37, 1);
            tbid = bits(tcr, 51, 1);
        } else {
            p->tsz = bits(tcr, 16, 6);
            p->epd = bits(tcr, 23, 1);
            p->gran_bits = tg1_bits(bits(tcr, 30, 2));
            p->hpd = hpds && bits(tcr, 42, 1);
            tbi = bits(tcr, 38, 1);
            tbid = bits(tcr, 52, 1);
        }
        p->ps = bits(tcr, 32, 3);
    } else {
        p->select = 0;
        p->tsz = bits(tcr, 0, 6);
        p->epd = false;
        p->gran_bits = tg0_bits(bits(tcr, 14, 2));
        p->hpd = hpds && bits(tcr, 24, 1);
        p->ps = bits(tcr, 16, 3);
        tbi = bits(tcr, 20, 1);
        tbid = bits(tcr, 29, 1);
    }
    p->gran_bits = sanitize_granule(r, p->gran_bits);
    /* TBID (FEAT_PAuth) limits TBI to data accesses. */
    p->tbi = tbi && !(data == false && tbid && tbid_ok);
}

unsigned mmu_output_bits(const MmuRegime *r, unsigned ps)
{
    /* TCR.{I}PS encodings (as ID_AA64MMFR0.PARange); values above the
     * implemented size behave as PAMax (D8.2.3 "Output address size"). */
    static const uint8_t ps_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
    unsigned ob = ps_bits[ps & 7];
    if (ob > r->pa_bits) {
        ob = r->pa_bits;
    }
    if (ob > 48) {
        ob = 48; /* no FEAT_LPA */
    }
    return ob;
}
