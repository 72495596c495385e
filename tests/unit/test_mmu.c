/* SPDX-License-Identifier: MIT */
/*
 * test_mmu.c - stage-1 translation (mmu/) on hand-built page tables in a
 * fake RAM: every granule and level, blocks and pages, VA ranges, TBI,
 * permissions (AP, UXN/PXN, hierarchical limits, HPD, PAN, WXN, EL2/EL3
 * rules), access flag, address-size and external-abort faults with their
 * levels and fault status codes, attributes and ASIDs; the soft TLB's
 * ASID tagging, parking and TLBI; and the front end's glue: abort
 * syndromes, AT into PAR_EL1, TLBI and TTBR writes through the sysreg
 * rows.
 *
 * Every expected value is derived here from DDI 0487 (D8, D17.2.40, the
 * PAR_EL1 layout): VAs are built from the table indexes they should use,
 * so that the expected physical address can be read off the descriptors.
 */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virt.h"
#include "frontend/cpu.h"
#include "frontend/exception.h"
#include "frontend/memaccess.h"
#include "frontend/sysregs.h"
#include "frontend/translate.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x01000000ull /* 16 MiB of tables and data */

/* descriptor bits (D8.3) */
#define D_TABLE 3ull
#define D_PAGE 3ull
#define D_BLOCK 1ull
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define D_AP(x) ((uint64_t)(x) << 6)      /* AP[2:1] */
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_SH(x) ((uint64_t)(x) << 8)
#define T_PXN (1ull << 59)
#define T_UXN (1ull << 60)
#define T_AP0 (1ull << 61)
#define T_AP1 (1ull << 62)

/* TCR_EL1 fields (D19.2.? TCR_EL1) */
#define T0SZ(n) ((uint64_t)(n))
#define T1SZ(n) ((uint64_t)(n) << 16)
#define TG0_4K (0ull << 14)
#define TG0_64K (1ull << 14)
#define TG0_16K (2ull << 14)
#define TG1_16K (1ull << 30)
#define TG1_4K (2ull << 30)
#define TG1_64K (3ull << 30)
#define EPD0 (1ull << 7)
#define EPD1 (1ull << 23)
#define TCR_A1 (1ull << 22)
#define IPS(n) ((uint64_t)(n) << 32)
#define TCR_AS (1ull << 36)
#define TBI0 (1ull << 37)
#define HPD0 (1ull << 41)

/* MAIR: 0 Device-nGnRnE, 1 Normal WB RW-allocate, 2 Normal NC, 3 Device-nGnRE */
#define MAIR_VAL 0x0444ff00ull

static AddressSpace *as;

static void setup(void)
{
    as = as_new();
    ck_assert_ptr_nonnull(as_add_ram(as, "ram", RAM_BASE, RAM_SIZE));
}

static void teardown(void)
{
    as_free(as);
    as = NULL;
}

static void put(uint64_t pa, uint64_t desc)
{
    ck_assert(as_write_n(as, pa, 8, desc));
}

static MmuRegime regime(unsigned el, uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
    MmuRegime r;
    memset(&r, 0, sizeof(r));
    r.as = as;
    r.el = (uint8_t)el;
    r.enabled = true;
    r.pa_bits = 48;
    r.features = MMU_FEAT_TGRAN4 | MMU_FEAT_TGRAN16 | MMU_FEAT_TGRAN64 | MMU_FEAT_ASID16 |
                 MMU_FEAT_HPDS;
    r.sctlr = 1;
    r.tcr = tcr;
    r.ttbr0 = ttbr0;
    r.ttbr1 = ttbr1;
    r.mair = MAIR_VAL;
    return r;
}

/* Translate, expecting success with this PA. */
static MmuResult ok(const MmuRegime *r, uint64_t va, MmuAccess acc, uint64_t pa)
{
    MmuResult res;
    MmuFault f;
    bool good = mmu_translate(r, va, acc, &res, &f);
    ck_assert_msg(good, "va 0x%llx: fault type %d level %d", (unsigned long long)va,
                  f.type, f.level);
    ck_assert_uint_eq(res.pa, pa);
    return res;
}

/* Translate, expecting this fault at this level. */
static void bad(const MmuRegime *r, uint64_t va, MmuAccess acc, MmuFaultType type, int level)
{
    MmuResult res;
    MmuFault f;
    bool good = mmu_translate(r, va, acc, &res, &f);
    ck_assert_msg(!good, "va 0x%llx translated to 0x%llx", (unsigned long long)va,
                  (unsigned long long)res.pa);
    ck_assert_int_eq(f.type, type);
    ck_assert_int_eq(f.level, level);
}

/* ---- 4K granule --------------------------------------------------------- */

/* T0SZ = 16: 48-bit VA, start level 0; indexes VA[47:39], [38:30],
 * [29:21], [20:12]. */
#define L0 (RAM_BASE + 0x0000)
#define L1 (RAM_BASE + 0x1000)
#define L2 (RAM_BASE + 0x2000)
#define L3 (RAM_BASE + 0x3000)
#define VA4K(i0, i1, i2, i3, off)                                                   \
    ((uint64_t)(i0) << 39 | (uint64_t)(i1) << 30 | (uint64_t)(i2) << 21 |            \
     (uint64_t)(i3) << 12 | (off))

static void build_4k(void)
{
    put(L0 + 1 * 8, L1 | D_TABLE);
    put(L1 + 2 * 8, L2 | D_TABLE);
    put(L2 + 3 * 8, L3 | D_TABLE);
    put(L3 + 4 * 8, 0x40800000 | D_PAGE | D_AF | D_ATTR(1) | D_SH(3));
    put(L2 + 5 * 8, 0x40a00000 | D_BLOCK | D_AF | D_ATTR(1));        /* 2 MiB */
    put(L1 + 3 * 8, 0xc0000000 | D_BLOCK | D_AF | D_ATTR(0));        /* 1 GiB */
    put(L0 + 2 * 8, 0x00000000 | D_BLOCK | D_AF);                    /* no L0 blocks */
    put(L3 + 6 * 8, 0x40806000 | D_BLOCK | D_AF);                    /* reserved at L3 */
    put(L3 + 7 * 8, 0x40807000 | D_PAGE);                            /* AF = 0 */
}

START_TEST(test_4k_levels)
{
    build_4k();
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), L0, 0);
    MmuResult res = ok(&r, VA4K(1, 2, 3, 4, 0x567), MMU_ACC_READ, 0x40800567);
    ck_assert_int_eq(res.level, 3);
    ck_assert_uint_eq(res.page_shift, 12);
    ck_assert_uint_eq(res.attr, 0xff);
    ck_assert_uint_eq(res.sh, 3);
    ck_assert(res.global);
    res = ok(&r, VA4K(1, 2, 5, 0, 0x12345), MMU_ACC_WRITE, 0x40a12345);
    ck_assert_int_eq(res.level, 2);
    ck_assert_uint_eq(res.page_shift, 21);
    res = ok(&r, VA4K(1, 3, 0, 0, 0x1234567), MMU_ACC_READ, 0xc1234567);
    ck_assert_int_eq(res.level, 1);
    ck_assert_uint_eq(res.page_shift, 30);
    ck_assert(mmu_attr_is_device(res.attr));
    /* invalid at each level */
    bad(&r, VA4K(3, 0, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    bad(&r, VA4K(1, 7, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 1);
    bad(&r, VA4K(1, 2, 9, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 2);
    bad(&r, VA4K(1, 2, 3, 8, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 3);
    /* a block at level 0, the block encoding at level 3 */
    bad(&r, VA4K(2, 0, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    bad(&r, VA4K(1, 2, 3, 6, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 3);
    /* access flag */
    bad(&r, VA4K(1, 2, 3, 7, 0), MMU_ACC_READ, MMU_FAULT_ACCESS_FLAG, 3);
}
END_TEST

START_TEST(test_4k_small_va)
{
    /* T0SZ = 39: 25-bit VA, start level 2 with 16 entries (VA[24:21]) */
    uint64_t t = RAM_BASE + 0x300000;
    put(t + 3 * 8, 0x40600000 | D_BLOCK | D_AF);
    MmuRegime r = regime(1, T0SZ(39) | TG0_4K | IPS(5), t, 0);
    ok(&r, (3ull << 21) | 0x1234, MMU_ACC_READ, 0x40601234);
    bad(&r, 1ull << 25, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* T0SZ = 25: 39-bit VA, start level 1 (VA[38:30]) */
    put(t + 0x1000 + 5 * 8, 0x80000000 | D_BLOCK | D_AF);
    r = regime(1, T0SZ(25) | TG0_4K | IPS(5), t + 0x1000, 0);
    ok(&r, (5ull << 30) | 0xabcdef, MMU_ACC_READ, 0x80abcdef);
    bad(&r, 1ull << 39, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* TxSZ outside 16..39 */
    r = regime(1, T0SZ(40) | TG0_4K | IPS(5), t, 0);
    bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    r = regime(1, T0SZ(15) | TG0_4K | IPS(5), t, 0);
    bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
}
END_TEST

/* ---- 16K and 64K granules ------------------------------------------------- */

START_TEST(test_16k)
{
    /* T0SZ = 16, 16 KiB: start level 0 with 2 entries (VA[47]), then
     * VA[46:36], [35:25], [24:14]; blocks only at level 2 (32 MiB). */
    uint64_t t0 = RAM_BASE + 0x100000, t1 = t0 + 0x4000, t2 = t0 + 0x8000, t3 = t0 + 0xc000;
    put(t0 + 1 * 8, t1 | D_TABLE);
    put(t1 + 2 * 8, t2 | D_TABLE);
    put(t2 + 3 * 8, t3 | D_TABLE);
    put(t3 + 4 * 8, 0x40c04000 | D_PAGE | D_AF);
    put(t2 + 5 * 8, 0x42000000 | D_BLOCK | D_AF);
    put(t1 + 3 * 8, 0x80000000 | D_BLOCK | D_AF);  /* no level-1 blocks */
    MmuRegime r = regime(1, T0SZ(16) | TG0_16K | IPS(5), t0, 0);
    uint64_t va = 1ull << 47 | 2ull << 36 | 3ull << 25 | 4ull << 14 | 0x1567;
    MmuResult res = ok(&r, va, MMU_ACC_READ, 0x40c05567);
    ck_assert_uint_eq(res.page_shift, 14);
    res = ok(&r, 1ull << 47 | 2ull << 36 | 5ull << 25 | 0x123456, MMU_ACC_READ, 0x42123456);
    ck_assert_int_eq(res.level, 2);
    ck_assert_uint_eq(res.page_shift, 25);
    bad(&r, 1ull << 47 | 3ull << 36, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 1);
    bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* TTBR1 with TG1 = 16K (TG1 encodes 16K as 0b01) */
    r = regime(1, T0SZ(16) | TG0_4K | T1SZ(16) | TG1_16K | IPS(5), 0, t0);
    ok(&r, 0xffff000000000000ull | va, MMU_ACC_READ, 0x40c05567);
    /* 16K not implemented: behaves as 4K (the smallest implemented) */
    r = regime(1, T0SZ(16) | TG0_16K | IPS(5), L0, 0);
    r.features &= ~MMU_FEAT_TGRAN16;
    build_4k();
    ok(&r, VA4K(1, 2, 3, 4, 0x567), MMU_ACC_READ, 0x40800567);
}
END_TEST

START_TEST(test_64k)
{
    /* T0SZ = 16, 64 KiB: start level 1 with 64 entries (VA[47:42]), then
     * VA[41:29], [28:16]; blocks at level 2 (512 MiB). */
    uint64_t t1 = RAM_BASE + 0x200000, t2 = t1 + 0x10000, t3 = t1 + 0x20000;
    put(t1 + 1 * 8, t2 | D_TABLE);
    put(t2 + 2 * 8, t3 | D_TABLE);
    put(t3 + 3 * 8, 0x40e00000 | D_PAGE | D_AF);
    put(t2 + 4 * 8, 0x60000000 | D_BLOCK | D_AF);
    put(t1 + 2 * 8, 0x80000000 | D_BLOCK | D_AF);  /* no level-1 blocks (no LPA) */
    MmuRegime r = regime(1, T0SZ(16) | TG0_64K | IPS(5), t1, 0);
    MmuResult res = ok(&r, 1ull << 42 | 2ull << 29 | 3ull << 16 | 0x4567, MMU_ACC_READ,
                       0x40e04567);
    ck_assert_int_eq(res.level, 3);
    ck_assert_uint_eq(res.page_shift, 16);
    res = ok(&r, 1ull << 42 | 4ull << 29 | 0x1234567, MMU_ACC_READ, 0x61234567);
    ck_assert_int_eq(res.level, 2);
    bad(&r, 2ull << 42, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 1);
    /* TTBR1 64K (TG1 = 0b11), T1SZ = 22: 42-bit range, start level 2 */
    uint64_t t4 = RAM_BASE + 0x230000;  /* 8192 entries: 64 KiB aligned */
    put(t4 + 6 * 8, 0x40000000 | D_BLOCK | D_AF);
    r = regime(1, T0SZ(16) | TG0_4K | T1SZ(22) | TG1_64K | IPS(5), 0, t4);
    ok(&r, 0xfffffc0000000000ull | 6ull << 29 | 0x10, MMU_ACC_READ, 0x40000010);
    bad(&r, 0xfffff80000000000ull, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
}
END_TEST

/* ---- ranges, TBI, EPD, address size, external abort ------------------------- */

START_TEST(test_ranges_tbi)
{
    build_4k();
    uint64_t t1 = RAM_BASE + 0x400000;
    put(t1 + 1 * 8, L1 | D_TABLE);  /* TTBR1 shares the lower levels */
    uint64_t tcr = T0SZ(16) | TG0_4K | T1SZ(16) | TG1_4K | IPS(5);
    MmuRegime r = regime(1, tcr, L0, t1);
    ok(&r, 0xffff000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ, 0x40800008);
    /* outside both ranges */
    bad(&r, 0x0001000000000000ull, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    bad(&r, 0xfffe000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ,
        MMU_FAULT_TRANSLATION, 0);
    /* tagged VA: a fault without TBI, translated with TBI0 */
    uint64_t tagged = 0x5a00000000000000ull | VA4K(1, 2, 3, 4, 8);
    bad(&r, tagged, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    r.tcr |= TBI0;
    ok(&r, tagged, MMU_ACC_READ, 0x40800008);
    ok(&r, tagged, MMU_ACC_EXEC, 0x40800008);   /* no TBID without PAuth */
    r.features |= MMU_FEAT_TBID;
    r.tcr |= 1ull << 51;                        /* TBID0: data only */
    bad(&r, tagged, MMU_ACC_EXEC, MMU_FAULT_TRANSLATION, 0);
    /* EPD0 / EPD1 */
    r = regime(1, tcr | EPD0, L0, t1);
    bad(&r, VA4K(1, 2, 3, 4, 8), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    ok(&r, 0xffff000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ, 0x40800008);
    r = regime(1, tcr | EPD1, L0, t1);
    bad(&r, 0xffff000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ,
        MMU_FAULT_TRANSLATION, 0);
    /* EL2: one range; bit 55 set is outside it */
    r = regime(2, T0SZ(16) | TG0_4K | (5ull << 16), L0, 0);
    ok(&r, VA4K(1, 2, 3, 4, 8), MMU_ACC_READ, 0x40800008);
    bad(&r, 0xffff000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ,
        MMU_FAULT_TRANSLATION, 0);
    r.tcr |= 1ull << 20;  /* TCR_EL2.TBI */
    ok(&r, 0x7700000000000000ull | VA4K(1, 2, 3, 4, 8), MMU_ACC_READ, 0x40800008);
}
END_TEST

START_TEST(test_address_size)
{
    build_4k();
    /* IPS = 40 bits: a TTBR above it, a table address above it, an output
     * address above it (each at the level of the offending register or
     * descriptor; the TTBR at level 0). */
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(2), L0 | 1ull << 40, 0);
    bad(&r, VA4K(1, 2, 3, 4, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 0);
    r.ttbr0 = L0 | 1;  /* CnP is not part of the address */
    ok(&r, VA4K(1, 2, 3, 4, 0), MMU_ACC_READ, 0x40800000);
    put(L1 + 9 * 8, (1ull << 40) | D_TABLE);
    bad(&r, VA4K(1, 9, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 1);
    put(L3 + 9 * 8, (1ull << 41) | D_PAGE | D_AF);
    bad(&r, VA4K(1, 2, 3, 9, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 3);
    /* IPS = 48 but PAMax = 44: the effective size is 44 bits */
    put(L3 + 10 * 8, (1ull << 44) | D_PAGE | D_AF);
    put(L3 + 11 * 8, (1ull << 43) | D_PAGE | D_AF);
    r = regime(1, T0SZ(16) | TG0_4K | IPS(5), L0, 0);
    r.pa_bits = 44;
    bad(&r, VA4K(1, 2, 3, 10, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 3);
    ok(&r, VA4K(1, 2, 3, 11, 0), MMU_ACC_READ, 1ull << 43);
    /* EL2/EL3 use PS at [18:16]: 32 bits */
    r = regime(3, T0SZ(16) | TG0_4K | (0ull << 16), L0, 0);
    ok(&r, VA4K(1, 2, 3, 4, 0), MMU_ACC_READ, 0x40800000);
    bad(&r, VA4K(1, 2, 3, 11, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 3);
}
END_TEST

START_TEST(test_walk_external_abort)
{
    build_4k();
    /* TTBR into unbacked space: the level-0 read aborts */
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), 0x10000000, 0);
    bad(&r, VA4K(1, 2, 3, 4, 0), MMU_ACC_READ, MMU_FAULT_SYNC_EXT_WALK, 0);
    /* a level-2 table pointer to unbacked space: the level-3 read aborts */
    put(L2 + 12 * 8, 0x20000000 | D_TABLE);
    r.ttbr0 = L0;
    bad(&r, VA4K(1, 2, 12, 0, 0), MMU_ACC_READ, MMU_FAULT_SYNC_EXT_WALK, 3);
    MmuFault f = { .type = MMU_FAULT_SYNC_EXT_WALK, .level = 3 };
    ck_assert_uint_eq(mmu_fault_fsc(&f), 0x17);  /* 0b010111 */
}
END_TEST

START_TEST(test_fsc_codes)
{
    /* DDI 0487 D17.2.40 DFSC, long-descriptor format */
    static const struct { MmuFaultType t; int level; unsigned fsc; } cases[] = {
        { MMU_FAULT_ADDR_SIZE, 0, 0x00 }, { MMU_FAULT_ADDR_SIZE, 3, 0x03 },
        { MMU_FAULT_TRANSLATION, 0, 0x04 }, { MMU_FAULT_TRANSLATION, 3, 0x07 },
        { MMU_FAULT_ACCESS_FLAG, 1, 0x09 }, { MMU_FAULT_ACCESS_FLAG, 3, 0x0b },
        { MMU_FAULT_PERMISSION, 1, 0x0d }, { MMU_FAULT_PERMISSION, 3, 0x0f },
        { MMU_FAULT_SYNC_EXT, 0, 0x10 }, { MMU_FAULT_SYNC_EXT_WALK, 0, 0x14 },
        { MMU_FAULT_ALIGNMENT, 0, 0x21 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MmuFault f = { .type = cases[i].t, .level = (int8_t)cases[i].level };
        ck_assert_uint_eq(mmu_fault_fsc(&f), cases[i].fsc);
    }
}
END_TEST

/* ---- permissions ------------------------------------------------------------ */

/* One page per AP value at L3 indexes 20..23 of the 4K tables. */
static uint64_t perm_va(unsigned ap)
{
    return VA4K(1, 2, 3, 20 + ap, 0x10);
}

static void build_perm(uint64_t extra)
{
    build_4k();
    for (unsigned ap = 0; ap < 4; ap++) {
        put(L3 + (20 + ap) * 8, (0x40900000 + ap * 0x1000) | D_PAGE | D_AF | D_AP(ap) | extra);
    }
}

static bool allowed(const MmuRegime *r, uint64_t va, MmuAccess acc)
{
    MmuResult res;
    MmuFault f;
    if (mmu_translate(r, va, acc, &res, &f)) {
        return true;
    }
    ck_assert_int_eq(f.type, MMU_FAULT_PERMISSION);
    ck_assert_int_eq(f.level, 3);
    return false;
}

START_TEST(test_perm_ap)
{
    build_perm(0);
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), L0, 0);
    /*            AP:   00  01  10  11   (D8.4.1 data access permissions) */
    static const bool el1_r[4] = { 1, 1, 1, 1 }, el1_w[4] = { 1, 1, 0, 0 };
    static const bool el0_r[4] = { 0, 1, 0, 1 }, el0_w[4] = { 0, 1, 0, 0 };
    /* EL1 cannot execute what EL0 can write (AP = 01); EL0 execution does
     * not depend on AP, only on UXN */
    static const bool el1_x[4] = { 1, 0, 1, 1 }, el0_x[4] = { 1, 1, 1, 1 };
    for (unsigned ap = 0; ap < 4; ap++) {
        uint64_t va = perm_va(ap);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_READ), el1_r[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_WRITE), el1_w[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_EXEC), el1_x[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_READ | MMU_ACC_UNPRIV), el0_r[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_WRITE | MMU_ACC_UNPRIV), el0_w[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_EXEC | MMU_ACC_UNPRIV), el0_x[ap]);
        /* PAN: EL1 data accesses fault where EL0 has data access (AP[1]);
         * instruction fetches are not affected */
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_READ | MMU_ACC_PAN), !el0_r[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_WRITE | MMU_ACC_PAN),
                         el1_w[ap] && !el0_r[ap]);
        ck_assert_int_eq(allowed(&r, va, MMU_ACC_EXEC | MMU_ACC_PAN), el1_x[ap]);
        /* the prot set reports the same */
        MmuResult res;
        MmuFault f;
        ck_assert(mmu_translate(&r, va, MMU_ACC_READ, &res, &f));
        ck_assert_uint_eq(res.prot, MMU_PROT_R | (el1_w[ap] ? MMU_PROT_W : 0) |
                                    (el1_x[ap] ? MMU_PROT_X : 0));
    }
    /* WXN: writable memory is never executable (here EL1-writable AP = 00;
     * EL0: AP = 01) */
    r.sctlr |= 1ull << 19;
    ck_assert(!allowed(&r, perm_va(0), MMU_ACC_EXEC));
    ck_assert(allowed(&r, perm_va(2), MMU_ACC_EXEC));
    ck_assert(!allowed(&r, perm_va(1), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(0), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
}
END_TEST

START_TEST(test_perm_xn_tables)
{
    build_perm(D_UXN);
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), L0, 0);
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC));
    build_perm(D_PXN);
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_EXEC));

    /* hierarchical limits on the level-2 table descriptor */
    build_perm(0);
    put(L2 + 3 * 8, L3 | D_TABLE | T_AP0);   /* no EL0 access below */
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_READ | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(1), MMU_ACC_WRITE));
    ck_assert(allowed(&r, perm_va(1), MMU_ACC_EXEC));  /* EL0 can no longer write it */
    put(L2 + 3 * 8, L3 | D_TABLE | T_AP1);   /* read-only below */
    ck_assert(!allowed(&r, perm_va(0), MMU_ACC_WRITE));
    ck_assert(!allowed(&r, perm_va(1), MMU_ACC_WRITE | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(1), MMU_ACC_READ | MMU_ACC_UNPRIV));
    put(L2 + 3 * 8, L3 | D_TABLE | T_UXN);
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC));
    put(L1 + 2 * 8, L2 | D_TABLE | T_PXN);   /* two levels up works too */
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_EXEC));
    /* TCR.HPD0 (FEAT_HPDS) disables the table limits */
    r.tcr |= HPD0;
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC));
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC | MMU_ACC_UNPRIV));
    /* ... unless FEAT_HPDS is not implemented (HPD0 is then RES0) */
    r.features &= ~MMU_FEAT_HPDS;
    ck_assert(!allowed(&r, perm_va(3), MMU_ACC_EXEC));
}
END_TEST

START_TEST(test_perm_el2_el3)
{
    /* One range, no EL0: AP[1] ignored, AP[2] read-only, PXN ignored, XN */
    build_perm(D_PXN);
    put(L3 + 30 * 8, 0x40950000 | D_PAGE | D_AF | D_UXN);
    for (unsigned el = 2; el <= 3; el++) {
        MmuRegime r = regime(el, T0SZ(16) | TG0_4K | (5ull << 16), L0, 0);
        ck_assert(allowed(&r, perm_va(1), MMU_ACC_WRITE));
        ck_assert(allowed(&r, perm_va(1), MMU_ACC_EXEC));
        ck_assert(!allowed(&r, perm_va(3), MMU_ACC_WRITE));
        ck_assert(allowed(&r, perm_va(3), MMU_ACC_EXEC));
        ck_assert(!allowed(&r, VA4K(1, 2, 3, 30, 0), MMU_ACC_EXEC));
        /* nG is ignored: no ASIDs */
        MmuResult res = ok(&r, perm_va(0), MMU_ACC_READ, 0x40900010);
        ck_assert(res.global);
        ck_assert_uint_eq(res.asid, 0);
    }
}
END_TEST

START_TEST(test_cmo_perm)
{
    build_perm(0);
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), L0, 0);
    /* above EL0 a clean/invalidate by VA has no permission fault; DC IVAC
     * needs write permission; at EL0 reading must be allowed */
    ck_assert(allowed(&r, perm_va(2), MMU_ACC_READ | MMU_ACC_CMO | MMU_ACC_PAN));
    ck_assert(!allowed(&r, perm_va(2), MMU_ACC_WRITE | MMU_ACC_CMO));
    ck_assert(allowed(&r, perm_va(1), MMU_ACC_WRITE | MMU_ACC_CMO | MMU_ACC_PAN));
    ck_assert(!allowed(&r, perm_va(0), MMU_ACC_READ | MMU_ACC_CMO | MMU_ACC_UNPRIV));
    ck_assert(allowed(&r, perm_va(3), MMU_ACC_READ | MMU_ACC_CMO | MMU_ACC_UNPRIV));
    /* but a translation fault is still a fault */
    bad(&r, VA4K(1, 2, 3, 40, 0), MMU_ACC_READ | MMU_ACC_CMO, MMU_FAULT_TRANSLATION, 3);
}
END_TEST

/* ---- attributes, ASIDs, stage 1 off ------------------------------------------- */

START_TEST(test_attrs_asid)
{
    build_4k();
    put(L3 + 40 * 8, 0x40910000 | D_PAGE | D_AF | D_NG | D_ATTR(2) | D_SH(2));
    uint64_t ttbr0 = L0 | 0x1234ull << 48, ttbr1 = 0x5678ull << 48;
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), ttbr0, ttbr1);
    MmuResult res = ok(&r, VA4K(1, 2, 3, 40, 0), MMU_ACC_READ, 0x40910000);
    ck_assert(!res.global);
    ck_assert_uint_eq(res.attr, 0x44);
    ck_assert_uint_eq(res.sh, 2);
    ck_assert(res.ns);
    ck_assert_uint_eq(res.asid, 0x34);           /* 8-bit ASIDs: TCR.AS = 0 */
    r.tcr |= TCR_AS;
    ck_assert_uint_eq(mmu_regime_asid(&r), 0x1234);
    r.tcr |= TCR_A1;                             /* the ASID comes from TTBR1 */
    ck_assert_uint_eq(mmu_regime_asid(&r), 0x5678);
    r.features &= ~MMU_FEAT_ASID16;              /* AS is RES0 with 8-bit ASIDs */
    ck_assert_uint_eq(mmu_regime_asid(&r), 0x78);
    /* Secure regime: NS from the descriptor */
    r.secure = true;
    res = ok(&r, VA4K(1, 2, 3, 40, 0), MMU_ACC_READ, 0x40910000);
    ck_assert(!res.ns);
}
END_TEST

START_TEST(test_s1_disabled)
{
    MmuRegime r = regime(1, 0, 0, 0);
    r.enabled = false;
    MmuResult res = ok(&r, 0x0000ffffffff1234ull, MMU_ACC_READ, 0x0000ffffffff1234ull);
    ck_assert_uint_eq(res.attr, 0x00);           /* Device-nGnRnE */
    ck_assert_uint_eq(res.sh, 2);
    ck_assert(res.global);
    res = ok(&r, 0x40000000, MMU_ACC_EXEC, 0x40000000);
    ck_assert_uint_eq(res.attr, 0x44);           /* Normal NC (SCTLR.I = 0) */
    r.sctlr |= 1ull << 12;
    res = ok(&r, 0x40000000, MMU_ACC_EXEC, 0x40000000);
    ck_assert_uint_eq(res.attr, 0xaa);           /* Normal WT */
    /* VA bits between PAMax and the top are an address size fault */
    bad(&r, 1ull << 48, MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 0);
    r.pa_bits = 44;
    bad(&r, 1ull << 44, MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 0);
    /* ... except the top byte with TBI */
    bad(&r, 0x5a00000040000000ull, MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 0);
    r.tcr = TBI0;
    ok(&r, 0x5a00000040000000ull, MMU_ACC_READ, 0x40000000);
}
END_TEST

/* ---- the TLB -------------------------------------------------------------------- */

static Tlb *new_tlb(void)
{
    Tlb *t = malloc(sizeof(Tlb));
    tlb_flush_all(t);
    return t;
}

static bool hits(Tlb *t, unsigned idx, uint64_t va)
{
    return tlb_hit(tlb_entry(t, idx, va)->tag_read, va, 1);
}

START_TEST(test_tlb_asid)
{
    Tlb *t = new_tlb();
    static uint8_t page[4096] __attribute__((aligned(4096)));
    unsigned rw = TLB_PROT_R | TLB_PROT_W;
    unsigned m = 1u << 0 | 1u << 1;
    tlb_asid_switch(t, m, 5);
    tlb_set(t, 1, 0x1000, 0x40000000, page, rw, 0, tlb_attrs(5, 1, 0, 12, 0xff));
    tlb_set(t, 1, 0x2000, 0x40001000, page, rw, 0, tlb_attrs(5, 0, 0, 12, 0xff));
    tlb_set(t, 0, 0x3000, 0x40002000, page, rw, 0, tlb_attrs(5, 1, 0, 12, 0xff));
    /* switching to ASID 6: the non-global entries leave, global stay */
    tlb_asid_switch(t, m, 6);
    ck_assert(!hits(t, 1, 0x1000));
    ck_assert(!hits(t, 0, 0x3000));
    ck_assert(hits(t, 1, 0x2000));
    ck_assert_ptr_null(tlb_restore(t, 1, 0x1000));   /* not ASID 6's */
    /* and come back with ASID 5 without a walk */
    tlb_asid_switch(t, m, 5);
    ck_assert_ptr_nonnull(tlb_restore(t, 1, 0x1000));
    ck_assert(hits(t, 1, 0x1000));
    ck_assert_ptr_nonnull(tlb_restore(t, 0, 0x3000));
    ck_assert_uint_eq(tlb_entry(t, 0, 0x3000)->pa_page, 0x40002000);

    /* TLBI VAE1 with ASID 7 removes the global entry, not ASID 5's */
    tlb_flush_va(t, m, 0x1000, 7);
    ck_assert(hits(t, 1, 0x1000));
    tlb_flush_va(t, m, 0x2000, 7);
    ck_assert(!hits(t, 1, 0x2000));
    tlb_flush_va(t, m, 0x1000, 5);
    ck_assert(!hits(t, 1, 0x1000));
    /* TLBI ASIDE1 also reaches parked entries */
    tlb_set(t, 1, 0x1000, 0x40000000, page, rw, 0, tlb_attrs(5, 1, 0, 12, 0xff));
    tlb_asid_switch(t, m, 9);
    tlb_flush_asid(t, m, 5);
    tlb_asid_switch(t, m, 5);
    ck_assert_ptr_null(tlb_restore(t, 1, 0x1000));
    /* ... and TLBI VAAE1 (any ASID) too */
    tlb_set(t, 1, 0x1000, 0x40000000, page, rw, 0, tlb_attrs(5, 1, 0, 12, 0xff));
    tlb_asid_switch(t, m, 9);
    tlb_flush_va(t, m, 0x1000, -1);
    tlb_asid_switch(t, m, 5);
    ck_assert_ptr_null(tlb_restore(t, 1, 0x1000));
    free(t);
}
END_TEST


/* VMID contexts: a VMID switch parks global entries too; TLBI by VMID
 * (tlb_flush_vmid) reaches parked entries of that VMID only, and the
 * arrays only when that VMID is current. */
START_TEST(test_tlb_vmid)
{
    Tlb *t = new_tlb();
    static uint8_t page[4096] __attribute__((aligned(4096)));
    unsigned rw = TLB_PROT_R | TLB_PROT_W;
    unsigned m = 1u << 0 | 1u << 1;
    uint64_t v1 = 1ull << TLB_ATTR_VMID_SHIFT, v2 = 2ull << TLB_ATTR_VMID_SHIFT;
    tlb_ctx_switch(t, m, 1, 5);
    tlb_set(t, 1, 0x1000, 0x40000000, page, rw, 0, tlb_attrs(5, 0, 0, 12, 0xff) | v1);
    tlb_set(t, 1, 0x2000, 0x40001000, page, rw, 0, tlb_attrs(5, 1, 0, 12, 0xff) | v1);
    tlb_ctx_switch(t, m, 2, 5);
    ck_assert(!hits(t, 1, 0x1000));
    ck_assert(!hits(t, 1, 0x2000));
    ck_assert_ptr_null(tlb_restore(t, 1, 0x1000));
    tlb_set(t, 1, 0x1000, 0x40005000, page, rw, 0, tlb_attrs(5, 0, 0, 12, 0xff) | v2);
    /* back to VMID 1: its global and ASID 5 entries come back */
    tlb_ctx_switch(t, m, 1, 5);
    ck_assert_ptr_nonnull(tlb_restore(t, 1, 0x1000));
    ck_assert_uint_eq(tlb_entry(t, 1, 0x1000)->pa_page, 0x40000000);
    ck_assert_ptr_nonnull(tlb_restore(t, 1, 0x2000));
    /* an ASID switch within VMID 1 keeps the global entry */
    tlb_ctx_switch(t, m, 1, 6);
    ck_assert(hits(t, 1, 0x1000));
    ck_assert(!hits(t, 1, 0x2000));
    /* TLBI of VMID 2 while VMID 1 is current: the arrays stay */
    tlb_flush_vmid(t, m, 2);
    ck_assert(hits(t, 1, 0x1000));
    tlb_ctx_switch(t, m, 2, 5);
    ck_assert_ptr_null(tlb_restore(t, 1, 0x1000));
    /* TLBI of the current VMID empties the arrays, not VMID 1's parking */
    tlb_set(t, 1, 0x3000, 0x40006000, page, rw, 0, tlb_attrs(5, 0, 0, 12, 0xff) | v2);
    tlb_flush_vmid(t, m, 2);
    ck_assert(!hits(t, 1, 0x3000));
    tlb_ctx_switch(t, m, 1, 6);
    ck_assert_ptr_nonnull(tlb_restore(t, 1, 0x1000));
    tlb_ctx_switch(t, m, 1, 5);
    ck_assert_ptr_nonnull(tlb_restore(t, 1, 0x2000));
    free(t);
}
END_TEST

START_TEST(test_tlb_large_and_tags)
{
    Tlb *t = new_tlb();
    static uint8_t page[4096] __attribute__((aligned(4096)));
    unsigned r = TLB_PROT_R;
    /* two pages of one 2 MiB block, entered separately */
    tlb_set(t, 1, 0x40200000, 0x40200000, page, r, 0, tlb_attrs(0, 0, 0, 21, 0xff));
    tlb_set(t, 1, 0x403ff000, 0x403ff000, page, r, 0, tlb_attrs(0, 0, 0, 21, 0xff));
    tlb_set(t, 1, 0x40400000, 0x40400000, page, r, 0, tlb_attrs(0, 0, 0, 12, 0xff));
    /* a TLBI for another address of the block drops both */
    tlb_flush_va(t, 1u << 1, 0x40300000, -1);
    ck_assert(!hits(t, 1, 0x40200000));
    ck_assert(!hits(t, 1, 0x403ff000));
    ck_assert(hits(t, 1, 0x40400000));
    /* a tagged entry is found by the untagged TLBI operand (VA[55:12]) */
    uint64_t tagged = 0x3400000000005000ull;
    tlb_set(t, 1, tagged, 0x40005000, page, r, 0, tlb_attrs(0, 0, 0, 12, 0xff));
    ck_assert(hits(t, 1, tagged));
    tlb_flush_va(t, 1u << 1, 0x5000, -1);
    ck_assert(!hits(t, 1, tagged));
    /* requests from other vCPUs are applied by the owner */
    tlb_set(t, 1, 0x40400000, 0x40400000, page, r, 0, 0);
    tlb_request_flush(t, 1u << 1);
    ck_assert(hits(t, 1, 0x40400000));
    ck_assert(tlb_take_requests(t));
    ck_assert(!hits(t, 1, 0x40400000));
    ck_assert(!tlb_take_requests(t));
    free(t);
}
END_TEST

/* ---- the front end: syndromes, AT, TLBI and TTBR rows ---------------------------- */

static A64Cpu *new_cpu(void)
{
    A64Cpu *cpu = calloc(1, sizeof(*cpu));
    ck_assert_ptr_nonnull(cpu);
    a64_cpu_init(cpu, A64_CPU_MAX, 0, as, NULL);
    a64_cpu_reset(cpu, RAM_BASE, 1);
    /* EL1&0: 4K, 48-bit, the tables above, MMU on */
    cpu->sr.tcr_el[1] = T0SZ(16) | TG0_4K | T1SZ(16) | TG1_4K | IPS(5);
    cpu->sr.ttbr0_el[1] = L0 | 0x11ull << 48;
    cpu->sr.mair_el[1] = MAIR_VAL;
    cpu->sr.sctlr_el[1] |= SCTLR_M;
    return cpu;
}

static void free_cpu(A64Cpu *cpu)
{
    a64_cpu_destroy(cpu);
    free(cpu);
}

static void sys_write(A64Cpu *cpu, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                      unsigned op2, uint64_t v)
{
    const SysRegInfo *ri = sysreg_lookup(cpu, SYSREG_KEY(op0, op1, crn, crm, op2));
    ck_assert_ptr_nonnull(ri);
    sysreg_write_raw(cpu, ri, v);
}

START_TEST(test_abort_syndromes)
{
    build_perm(0);
    A64Cpu *cpu = new_cpu();
    uint64_t pa;
    A64Exception e;
    ck_assert_uint_eq(a64_mmu_idx(cpu), A64_MMU_IDX_EL10_1);
    ck_assert(a64_translate_va(cpu, perm_va(0), A64_ACC_WRITE, A64_MMU_IDX_EL10_1, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40900010);
    /* write to a read-only page at EL1: EC 0x25, WnR, DFSC permission L3 */
    ck_assert(!a64_translate_va(cpu, perm_va(2), A64_ACC_WRITE, A64_MMU_IDX_EL10_1, 0x1234,
                                &pa, &e));
    ck_assert_uint_eq(e.ec, 0x25);
    ck_assert_uint_eq(e.iss, (1u << 6) | 0x0f);
    ck_assert(e.far_valid);
    ck_assert_uint_eq(e.far, perm_va(2));
    ck_assert_uint_eq(e.target_el, 1);
    ck_assert_uint_eq(e.return_pc, 0x1234);
    /* translation fault on a read: no WnR, DFSC 0b000111 */
    ck_assert(!a64_translate_va(cpu, VA4K(1, 2, 3, 50, 0), A64_ACC_READ, A64_MMU_IDX_EL10_1,
                                0, &pa, &e));
    ck_assert_uint_eq(e.iss, 0x07);
    /* from EL0: to EL1 as a lower-EL abort (EC 0x24 / instruction 0x20) */
    cpu->pstate &= ~PSTATE_EL_MASK;
    ck_assert_uint_eq(a64_mmu_idx(cpu), A64_MMU_IDX_EL10_0);
    ck_assert(!a64_translate_va(cpu, perm_va(0), A64_ACC_READ, A64_MMU_IDX_EL10_0, 0, &pa, &e));
    ck_assert_uint_eq(e.ec, 0x24);
    ck_assert_uint_eq(e.iss, 0x0f);
    ck_assert_uint_eq(e.target_el, 1);
    put(L3 + 51 * 8, 0x40951000 | D_PAGE | D_AF | D_AP(1) | D_UXN);
    ck_assert(!a64_translate_va(cpu, VA4K(1, 2, 3, 51, 4), A64_ACC_EXEC, A64_MMU_IDX_EL10_0,
                                0, &pa, &e));
    ck_assert_uint_eq(e.ec, 0x20);
    ck_assert_uint_eq(e.iss, 0x0f);
    ck_assert_uint_eq(e.far, VA4K(1, 2, 3, 51, 4));
    /* at EL1, the same page: EL0-writable, so not executable (EC 0x21) */
    cpu->pstate |= 1u << PSTATE_EL_SHIFT;
    ck_assert(!a64_translate_va(cpu, VA4K(1, 2, 3, 51, 4), A64_ACC_EXEC, A64_MMU_IDX_EL10_1,
                                0, &pa, &e));
    ck_assert_uint_eq(e.ec, 0x21);
    /* PAN index: EL0-readable pages fault for data */
    ck_assert(!a64_translate_va(cpu, perm_va(3), A64_ACC_READ, A64_MMU_IDX_EL10_1_PAN, 0, &pa,
                                &e));
    ck_assert_uint_eq(e.iss, 0x0f);
    ck_assert(a64_translate_va(cpu, perm_va(0), A64_ACC_READ, A64_MMU_IDX_EL10_1_PAN, 0, &pa,
                               &e));
    free_cpu(cpu);
}
END_TEST

START_TEST(test_at_par)
{
    build_perm(D_ATTR(1) | D_SH(3));
    A64Cpu *cpu = new_cpu();
    /* AT S1E1R on a Normal WB Inner Shareable page: PA, ATTR 0xff, SH 0b11,
     * NS = 1 (no EL3: Non-secure), bit 11 RES1 */
    sys_write(cpu, 1, 0, 7, 8, 0, perm_va(2));
    ck_assert_uint_eq(cpu->sr.par_el1, 0xff00000040902000ull | 1u << 11 | 1u << 9 | 3u << 7);
    /* AT S1E1W of the same read-only page: permission fault level 3:
     * F = 1, FST = 0b001111 */
    sys_write(cpu, 1, 0, 7, 8, 1, perm_va(2));
    ck_assert_uint_eq(cpu->sr.par_el1, 1u | 0x0fu << 1 | 1u << 11);
    /* AT S1E0R of an EL1-only page faults, of an EL0-readable one not */
    sys_write(cpu, 1, 0, 7, 8, 2, perm_va(0));
    ck_assert_uint_eq(cpu->sr.par_el1 & 0x7f, 1u | 0x0fu << 1);
    sys_write(cpu, 1, 0, 7, 8, 2, perm_va(3));
    ck_assert_uint_eq(cpu->sr.par_el1 & 1, 0);
    /* AT S1E1RP honours PSTATE.PAN, S1E1R does not */
    cpu->pstate |= PSTATE_PAN;
    sys_write(cpu, 1, 0, 7, 9, 0, perm_va(3));
    ck_assert_uint_eq(cpu->sr.par_el1 & 0x7f, 1u | 0x0fu << 1);
    sys_write(cpu, 1, 0, 7, 8, 0, perm_va(3));
    ck_assert_uint_eq(cpu->sr.par_el1 & 1, 0);
    /* translation fault level 3: FST 0b000111 */
    sys_write(cpu, 1, 0, 7, 8, 0, VA4K(1, 2, 3, 60, 0));
    ck_assert_uint_eq(cpu->sr.par_el1, 1u | 0x07u << 1 | 1u << 11);
    /* Device memory: ATTR 0x00, SH as the descriptor says (QEMU 7.2 does
     * not force Outer Shareable for a stage-1 result; guest test
     * mmu_s2_fault checks it against QEMU) */
    sys_write(cpu, 1, 0, 7, 8, 0, VA4K(1, 3, 0, 0, 0x123));
    ck_assert_uint_eq(cpu->sr.par_el1, 0x00000000c0000000ull | 1u << 11 | 1u << 9);
    /* MMU off: the flat mapping, Device-nGnRnE */
    cpu->sr.sctlr_el[1] &= ~SCTLR_M;
    sys_write(cpu, 1, 0, 7, 8, 0, 0x12345678);
    ck_assert_uint_eq(cpu->sr.par_el1, 0x12345000ull | 1u << 11 | 1u << 9 | 2u << 7);
    free_cpu(cpu);
}
END_TEST

START_TEST(test_tlbi_and_ttbr_rows)
{
    build_4k();
    put(L3 + 70 * 8, 0x40960000 | D_PAGE | D_AF | D_NG | D_ATTR(1));
    A64Cpu *cpu = new_cpu();
    uint64_t pa;
    A64Exception e;
    uint64_t g = VA4K(1, 2, 3, 4, 0), ng = VA4K(1, 2, 3, 70, 0);
    Tlb *t = &cpu->tlb;
    unsigned i1 = A64_MMU_IDX_EL10_1;
    ck_assert(a64_translate_va(cpu, g, A64_ACC_READ, i1, 0, &pa, &e));
    ck_assert(a64_translate_va(cpu, ng, A64_ACC_READ, i1, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40960000);
    ck_assert(hits(t, i1, g) && hits(t, i1, ng));
    ck_assert_uint_eq(tlb_entry(t, i1, ng)->attrs & (TLB_ATTR_NG | TLB_ATTR_ASID_MASK),
                      TLB_ATTR_NG | 0x11);
    /* MSR TTBR0_EL1 with a new ASID: the nG entry leaves, the global one stays */
    sys_write(cpu, 3, 0, 2, 0, 0, L0 | 0x22ull << 48);
    ck_assert(hits(t, i1, g));
    ck_assert(!hits(t, i1, ng));
    /* the remapped nG page for ASID 0x22 is walked again */
    put(L3 + 70 * 8, 0x40970000 | D_PAGE | D_AF | D_NG | D_ATTR(1));
    ck_assert(a64_translate_va(cpu, ng, A64_ACC_READ, i1, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40970000);
    /* back to ASID 0x11: its (stale, never invalidated) entry is still
     * there, as the architecture allows without a TLBI */
    sys_write(cpu, 3, 0, 2, 0, 0, L0 | 0x11ull << 48);
    ck_assert(a64_translate_va(cpu, ng, A64_ACC_READ, i1, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40960000);
    /* TLBI VAE1 (Xt = ASID << 48 | VA >> 12) removes it */
    sys_write(cpu, 1, 0, 8, 7, 1, 0x11ull << 48 | ng >> 12);
    ck_assert(!hits(t, i1, ng));
    ck_assert(a64_translate_va(cpu, ng, A64_ACC_READ, i1, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40970000);
    /* TLBI ASIDE1 of another ASID leaves it; TLBI VMALLE1 drops all */
    sys_write(cpu, 1, 0, 8, 7, 2, 0x22ull << 48);
    ck_assert(hits(t, i1, ng));
    sys_write(cpu, 1, 0, 8, 3, 0, 0);
    ck_assert(!hits(t, i1, ng) && !hits(t, i1, g));
    /* TLBI VAAE1 ignores the ASID field */
    ck_assert(a64_translate_va(cpu, ng, A64_ACC_READ, i1, 0, &pa, &e));
    sys_write(cpu, 1, 0, 8, 7, 3, 0x77ull << 48 | ng >> 12);
    ck_assert(!hits(t, i1, ng));
    /* a MAIR change drops the EL1&0 entries (attributes are cached) */
    ck_assert(a64_translate_va(cpu, g, A64_ACC_READ, i1, 0, &pa, &e));
    sys_write(cpu, 3, 0, 10, 2, 0, MAIR_VAL | 0xffull << 32);
    ck_assert(!hits(t, i1, g));
    free_cpu(cpu);
}
END_TEST

/* ---- robustness ---------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random tables, controls and addresses: mmu_translate never crashes and
 * its successes are consistent (page offset kept, output within the
 * output size, a leaf level and size the granule allows). */
START_TEST(test_random_walks)
{
    for (unsigned iter = 0; iter < 20000; iter++) {
        if ((iter & 2047) == 0) {
            /* refill 64 KiB of RAM with descriptors pointing mostly inside it */
            for (uint64_t off = 0; off < 0x10000; off += 8) {
                uint64_t d = rnd();
                if (d & 6) {
                    /* mostly valid tables/pages/blocks with AF inside the area */
                    d = (d & 0xfff0000000000ffcull) | (RAM_BASE + (rnd() & 0xf000)) | 1 |
                        D_AF | ((d & 0x18) ? 2 : 0);
                }
                put(RAM_BASE + off, d);
            }
        }
        unsigned t0sz = 16 + (unsigned)(rnd() % 24);
        uint64_t tcr = (rnd() & 0x1f7fc0ffc0ull) | t0sz | (16 + rnd() % 24) << 16;
        MmuRegime r = regime(1 + (unsigned)(rnd() % 3), tcr, RAM_BASE + (rnd() & 0xfff8),
                             RAM_BASE + (rnd() & 0xfff8));
        r.enabled = (rnd() & 7) != 0;
        r.pa_bits = (uint8_t)(32 + (rnd() % 17));
        r.features = (uint16_t)(rnd() & 0x3f);
        r.sctlr = rnd();
        uint64_t va = rnd();
        if (rnd() & 3) {
            va &= (1ull << (64 - t0sz)) - 1;  /* mostly inside the TTBR0 range */
        }
        MmuAccess acc = (MmuAccess)(rnd() % 3) | (MmuAccess)(rnd() & 0x1c);
        MmuResult res;
        MmuFault f;
        if (mmu_translate(&r, va, acc, &res, &f)) {
            ck_assert_uint_le(res.page_shift, 30);
            ck_assert_uint_ge(res.page_shift, 12);
            uint64_t m = (1ull << res.page_shift) - 1;
            ck_assert_uint_eq(res.pa & m, va & m);
            ck_assert_uint_eq(res.pa >> 48, 0);
            ck_assert(mmu_prot_allows(acc, res.prot));
        } else {
            ck_assert_int_ne(f.type, MMU_FAULT_NONE);
            ck_assert_int_ge(f.level, 0);
            ck_assert_int_le(f.level, 3);
        }
    }
}
END_TEST

START_TEST(test_tlbi_broadcast)
{
    build_4k();
    A64Cpu *c0 = new_cpu(), *c1 = new_cpu();
    Machine *m = calloc(1, sizeof(*m));
    m->cpus[0] = c0;
    m->cpus[1] = c1;
    m->ncpus = 2;
    c0->machine = c1->machine = m;
    uint64_t pa, va = VA4K(1, 2, 3, 4, 0);
    A64Exception e;
    ck_assert(a64_translate_va(c1, va, A64_ACC_READ, A64_MMU_IDX_EL10_1, 0, &pa, &e));
    ck_assert(hits(&c1->tlb, A64_MMU_IDX_EL10_1, va));
    /* the non-IS form is local */
    sys_write(c0, 1, 0, 8, 7, 0, 0);
    ck_assert(!c1->exit_request);
    ck_assert(hits(&c1->tlb, A64_MMU_IDX_EL10_1, va));
    /* TLBI VAE1IS from CPU 0: CPU 1's entry goes at once (all vCPUs share
     * one host thread), and CPU 1 is asked to leave its chained blocks */
    ck_assert(a64_translate_va(c1, VA4K(1, 2, 5, 0, 0), A64_ACC_READ, A64_MMU_IDX_EL10_1, 0, &pa,
                               &e));
    sys_write(c0, 1, 0, 8, 3, 1, va >> 12);
    ck_assert(c1->exit_request);
    ck_assert(!hits(&c1->tlb, A64_MMU_IDX_EL10_1, va));
    ck_assert(hits(&c1->tlb, A64_MMU_IDX_EL10_1, VA4K(1, 2, 5, 0, 0)));  /* by VA only */
    /* TLBI VMALLE1IS: everything of the VMID on both */
    c1->exit_request = 0;
    sys_write(c0, 1, 0, 8, 3, 0, 0);
    ck_assert(c1->exit_request);
    ck_assert(!hits(&c1->tlb, A64_MMU_IDX_EL10_1, VA4K(1, 2, 5, 0, 0)));
    c0->machine = c1->machine = NULL;
    free(m);
    free_cpu(c0);
    free_cpu(c1);
}
END_TEST

/* Run one raising operation; return ESR_EL1 (0 if nothing was raised).
 * The exception is taken to EL1; the test then returns to EL1h. */
static uint64_t raised(A64Cpu *cpu, void (*op)(A64Cpu *, uint64_t), uint64_t arg)
{
    cpu->sr.esr_el[1] = 0;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        op(cpu, arg);
        return 0;
    }
    cpu->pstate = (cpu->pstate & ~PSTATE_EL_MASK) | 1u << PSTATE_EL_SHIFT;
    return cpu->sr.esr_el[1];
}

static void op_dc_ivac(A64Cpu *cpu, uint64_t va) { sys_write(cpu, 1, 0, 7, 6, 1, va); }
static void op_dc_cvac(A64Cpu *cpu, uint64_t va) { sys_write(cpu, 1, 3, 7, 10, 1, va); }
static void op_ic_ivau(A64Cpu *cpu, uint64_t va) { sys_write(cpu, 1, 3, 7, 5, 1, va); }
static void op_dc_zva(A64Cpu *cpu, uint64_t va) { sys_write(cpu, 1, 3, 7, 4, 1, va); }
static void op_load4(A64Cpu *cpu, uint64_t va)
{
    a64_load_slow(cpu, va, 2 | A64_MMU_IDX_EL10_1 << A64_MO_IDX_SHIFT, 0);
}
static void op_at_s1e1r(A64Cpu *cpu, uint64_t va) { sys_write(cpu, 1, 0, 7, 8, 0, va); }

START_TEST(test_cmo_device_syndromes)
{
    build_perm(D_ATTR(1));  /* Normal memory */
    put(L3 + 80 * 8, 0x40980000 | D_PAGE | D_AF | D_ATTR(0));   /* Device */
    A64Cpu *cpu = new_cpu();
    /* DC IVAC needs write permission: Data Abort, CM = 1, WnR = 1 */
    ck_assert_uint_eq(raised(cpu, op_dc_ivac, perm_va(2)), 0x96000000u | 0x140 | 0x0f);
    ck_assert_uint_eq(cpu->sr.far_el[1], perm_va(2));
    ck_assert_uint_eq(raised(cpu, op_dc_ivac, perm_va(0)), 0);
    /* clean by VA at EL1: no permission fault, but translation faults */
    ck_assert_uint_eq(raised(cpu, op_dc_cvac, perm_va(2)), 0);
    ck_assert_uint_eq(raised(cpu, op_dc_cvac, VA4K(1, 2, 3, 90, 0)), 0x96000000u | 0x147);
    /* at EL0 (SCTLR_EL1.UCI): read permission needed, lower-EL abort */
    cpu->sr.sctlr_el[1] |= SCTLR_UCI;
    cpu->pstate &= ~PSTATE_EL_MASK;
    ck_assert_uint_eq(raised(cpu, op_ic_ivau, perm_va(0)), 0x92000000u | 0x14f);
    cpu->pstate &= ~PSTATE_EL_MASK;
    ck_assert_uint_eq(raised(cpu, op_dc_cvac, perm_va(3)), 0);
    cpu->pstate |= 1u << PSTATE_EL_SHIFT;
    /* Device memory: unaligned access and DC ZVA are Alignment faults
     * (DFSC 0b100001); aligned accesses are fine */
    ck_assert_uint_eq(raised(cpu, op_load4, VA4K(1, 2, 3, 80, 2)), 0x96000021u);
    ck_assert_uint_eq(raised(cpu, op_load4, VA4K(1, 2, 3, 80, 4)), 0);
    ck_assert_uint_eq(raised(cpu, op_dc_zva, VA4K(1, 2, 3, 80, 0x40)), 0x96000061u);
    /* DC ZVA on Normal memory zeroes the 64-byte block */
    put(0x40900000 + 0x48, 0x1234);
    ck_assert_uint_eq(raised(cpu, op_dc_zva, perm_va(0) + 0x38), 0);
    uint64_t v = 1;
    ck_assert(as_read_n(as, 0x40900048, 8, &v));
    ck_assert_uint_eq(v, 0);
    /* an external abort on the walk during AT is taken: CM = 1, WnR = 1 */
    put(L2 + 13 * 8, 0x20000000 | D_TABLE);
    ck_assert_uint_eq(raised(cpu, op_at_s1e1r, VA4K(1, 2, 13, 0, 0)), 0x96000000u | 0x157);
    free_cpu(cpu);
}
END_TEST


/* ---- stage 2 ------------------------------------------------------------------ */

/* Stage-2 descriptor bits (D8.3, stage 2): S2AP[7:6] (6 read, 7 write),
 * MemAttr[5:2], SH[9:8], AF[10], XN[54]. */
#define S2_AP(x) ((uint64_t)(x) << 6)
#define S2_MEM(x) ((uint64_t)(x) << 2)
#define S2_XN (1ull << 54)
#define S2_RW (S2_AP(3) | S2_MEM(0xf) | S2_SH(3) | D_AF)
#define S2_SH(x) ((uint64_t)(x) << 8)
/* VTCR_EL2 fields */
#define VT0SZ(n) ((uint64_t)(n))
#define VSL0(n) ((uint64_t)(n) << 6)
#define VTG0_4K (0ull << 14)
#define VTG0_64K (1ull << 14)
#define VTG0_16K (2ull << 14)
#define VPS(n) ((uint64_t)(n) << 16)

/* Stage-2 tables live at RAM_BASE + 1 MiB: two concatenated level-1
 * tables (8 KiB aligned) for a 40-bit IPA space, then L2/L3 tables. */
#define S2_L1 (RAM_BASE + 0x100000)
#define S2_L2 (RAM_BASE + 0x104000)
#define S2_L3 (RAM_BASE + 0x105000)

/* An EL1&0 regime with stage 1 off and stage 2 on (4K, T0SZ 24, SL0 1:
 * start at level 1 with 10 index bits, i.e. 2 concatenated tables). */
static MmuRegime s2_regime(uint64_t vtcr)
{
    MmuRegime r = regime(1, T0SZ(16) | TG0_4K | IPS(5), 0, 0);
    r.enabled = false;
    r.s2_enabled = true;
    r.vtcr = vtcr;
    r.vttbr = S2_L1 | 5ull << 48;
    return r;
}

#define VTCR_40 (VT0SZ(24) | VSL0(1) | VTG0_4K | VPS(2))
/* IPA of L1 index i1 (10 bits), L2 index i2, L3 index i3 */
#define IPA4K(i1, i2, i3, off)                                                      \
    ((uint64_t)(i1) << 30 | (uint64_t)(i2) << 21 | (uint64_t)(i3) << 12 | (off))

static void build_s2(void)
{
    /* L1 index 513 lives in the second concatenated table */
    put(S2_L1 + 513 * 8, S2_L2 | D_TABLE);
    put(S2_L2 + 5 * 8, S2_L3 | D_TABLE);
    put(S2_L3 + 7 * 8, 0x40a07000 | D_PAGE | S2_RW);
    put(S2_L3 + 8 * 8, 0x40a08000 | D_PAGE | S2_AP(1) | S2_MEM(0xf) | D_AF);  /* RO */
    put(S2_L3 + 9 * 8, 0x40a09000 | D_PAGE | S2_AP(2) | S2_MEM(0xf) | D_AF);  /* WO */
    put(S2_L3 + 10 * 8, 0x40a0a000 | D_PAGE | S2_RW | S2_XN);
    put(S2_L3 + 11 * 8, 0x40a0b000 | D_PAGE | S2_AP(3) | S2_MEM(0xf));       /* AF 0 */
    put(S2_L3 + 12 * 8, 0x40a0c000 | D_PAGE | S2_AP(3) | S2_MEM(0x1) | D_AF); /* Device */
    put(S2_L3 + 13 * 8, 0x10000000000ull | D_PAGE | S2_RW);                  /* PA >= 2^40 */
    put(S2_L2 + 6 * 8, 0x40c00000 | D_BLOCK | S2_RW);                         /* 2 MiB */
    put(S2_L1 + 1 * 8, 0x80000000ull | D_BLOCK | S2_RW);                      /* 1 GiB */
    put(S2_L1 + 2 * 8, 0x40d00000 | D_PAGE | S2_RW);   /* table to 0x40d00000: empty */
}

static void s2_ok(const MmuRegime *r, uint64_t ipa, MmuAccess acc, uint64_t pa)
{
    MmuS2Result res;
    MmuFault f;
    memset(&f, 0, sizeof(f));
    bool good = mmu_s2_translate(r, ipa, acc, false, &res, &f);
    ck_assert_msg(good, "ipa 0x%llx: fault %d level %d", (unsigned long long)ipa, f.type,
                  f.level);
    ck_assert_uint_eq(res.pa, pa);
}

static void s2_bad(const MmuRegime *r, uint64_t ipa, MmuAccess acc, MmuFaultType type,
                   int level)
{
    MmuS2Result res;
    MmuFault f;
    memset(&f, 0, sizeof(f));
    bool good = mmu_s2_translate(r, ipa, acc, false, &res, &f);
    ck_assert_msg(!good, "ipa 0x%llx translated", (unsigned long long)ipa);
    ck_assert_int_eq(f.type, type);
    ck_assert_int_eq(f.level, level);
    ck_assert(f.stage2);
    ck_assert(!f.s1ptw);
    ck_assert_uint_eq(f.ipa, ipa);
}

START_TEST(test_s2_walk)
{
    build_s2();
    MmuRegime r = s2_regime(VTCR_40);
    s2_ok(&r, IPA4K(513, 5, 7, 0x123), MMU_ACC_READ, 0x40a07123);
    s2_ok(&r, IPA4K(513, 5, 7, 0x123), MMU_ACC_WRITE, 0x40a07123);
    s2_ok(&r, IPA4K(513, 5, 7, 0x123), MMU_ACC_EXEC, 0x40a07123);
    s2_ok(&r, IPA4K(513, 6, 300, 0x45), MMU_ACC_READ, 0x40c00000 + (300 << 12) + 0x45);
    s2_ok(&r, IPA4K(1, 17, 3, 8), MMU_ACC_READ, 0x80000000ull + (17 << 21) + (3 << 12) + 8);
    /* S2AP: read-only, write-only, XN; the access flag */
    s2_ok(&r, IPA4K(513, 5, 8, 0), MMU_ACC_READ, 0x40a08000);
    s2_bad(&r, IPA4K(513, 5, 8, 0), MMU_ACC_WRITE, MMU_FAULT_PERMISSION, 3);
    s2_bad(&r, IPA4K(513, 5, 9, 0), MMU_ACC_READ, MMU_FAULT_PERMISSION, 3);
    s2_ok(&r, IPA4K(513, 5, 9, 0), MMU_ACC_WRITE, 0x40a09000);
    s2_ok(&r, IPA4K(513, 5, 9, 0), MMU_ACC_EXEC, 0x40a09000);  /* fetch: XN only */
    s2_bad(&r, IPA4K(513, 5, 10, 0), MMU_ACC_EXEC, MMU_FAULT_PERMISSION, 3);
    s2_ok(&r, IPA4K(513, 5, 10, 0), MMU_ACC_READ, 0x40a0a000);
    s2_bad(&r, IPA4K(513, 5, 11, 0), MMU_ACC_READ, MMU_FAULT_ACCESS_FLAG, 3);
    /* DC by VA needs no stage-2 read permission, DC IVAC needs write */
    s2_ok(&r, IPA4K(513, 5, 9, 0), MMU_ACC_READ | MMU_ACC_CMO, 0x40a09000);
    s2_bad(&r, IPA4K(513, 5, 8, 0), MMU_ACC_WRITE | MMU_ACC_CMO, MMU_FAULT_PERMISSION, 3);
    /* translation faults at each level; a page descriptor at level 1 is a
     * table whose (empty) level-2 table is at 0x40d00000 */
    s2_bad(&r, IPA4K(513, 5, 20, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 3);
    s2_bad(&r, IPA4K(513, 7, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 2);
    s2_bad(&r, IPA4K(3, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 1);
    s2_bad(&r, IPA4K(2, 0, 0, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 2);
    /* IPA beyond the 40-bit input size: level 0 */
    s2_bad(&r, 1ull << 40, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* output address above PS (40 bits): address size fault at the leaf */
    s2_bad(&r, IPA4K(513, 5, 13, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 3);
    /* VTTBR above PS: address size, level 0 */
    r.vttbr = 1ull << 41;
    s2_bad(&r, IPA4K(513, 5, 7, 0), MMU_ACC_READ, MMU_FAULT_ADDR_SIZE, 0);
    /* inconsistent controls are level-0 translation faults:
     * SL0 0 (level 2) would need 19 bits at the start level (> 9 + 4) */
    r = s2_regime(VT0SZ(24) | VSL0(0) | VTG0_4K | VPS(2));
    s2_bad(&r, IPA4K(513, 5, 7, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* SL0 2 (level 0) with only 40 output bits */
    r = s2_regime(VT0SZ(24) | VSL0(2) | VTG0_4K | VPS(2));
    s2_bad(&r, IPA4K(513, 5, 7, 0), MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    /* SL0 3 reserved; T0SZ 40 out of range; IPA size above PS */
    r = s2_regime(VT0SZ(24) | VSL0(3) | VTG0_4K | VPS(2));
    s2_bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    r = s2_regime(VT0SZ(40) | VSL0(0) | VTG0_4K | VPS(2));
    s2_bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
    r = s2_regime(VT0SZ(20) | VSL0(1) | VTG0_4K | VPS(2));
    s2_bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
}
END_TEST

/* 16K and 64K stage-2 granules: T0SZ 28 / 22 starting at level 2. */
START_TEST(test_s2_granules)
{
    /* 16K: 36-bit IPA, level 2 resolves IPA[35:25] (11 bits, one table),
     * level 3 IPA[24:14] */
    const uint64_t t16 = RAM_BASE + 0x108000, t64 = RAM_BASE + 0x110000;  /* aligned */
    put(S2_L1 + 3 * 8, t16 | D_TABLE);
    put(t16 + 9 * 8, 0x40a10000 | D_PAGE | S2_RW);
    MmuRegime r = s2_regime(VT0SZ(28) | VSL0(1) | VTG0_16K | VPS(2));
    s2_ok(&r, 3ull << 25 | 9ull << 14 | 0x3ffe, MMU_ACC_READ, 0x40a13ffe);
    /* 64K: 42-bit IPA, level 2 resolves IPA[41:29] (13 bits), level 3
     * IPA[28:16]; PS 42 bits */
    put(S2_L1 + 4 * 8, t64 | D_TABLE);
    put(t64 + 2 * 8, 0x40a20000 | D_PAGE | S2_RW);
    r = s2_regime(VT0SZ(22) | VSL0(1) | VTG0_64K | VPS(3));
    s2_ok(&r, 4ull << 29 | 2ull << 16 | 0xfedc, MMU_ACC_READ, 0x40a2fedc);
    /* 64K level 1 start (SL0 2) needs more than 42 output bits */
    r = s2_regime(VT0SZ(22) | VSL0(2) | VTG0_64K | VPS(3));
    s2_bad(&r, 0, MMU_ACC_READ, MMU_FAULT_TRANSLATION, 0);
}
END_TEST

/* Stage 1 on top of stage 2: the stage-1 tables are at IPAs that stage 2
 * maps elsewhere; the output goes through stage 2; S1PTW faults. */
#define S1_TAB_IPA 0x80000000ull   /* stage-1 L0 table's IPA */
START_TEST(test_s2_two_stage)
{
    build_s2();
    /* stage 2: IPA 1 GiB block at 0x8000_0000 -> PA 0x4000_0000 + ...
     * replaced by a table: IPA 0x8000_0000 + i*4K -> PA S1 table pages */
    put(S2_L1 + 2 * 8, (RAM_BASE + 0x106000) | D_TABLE);          /* L2 for IPA 2-3 GiB */
    put(RAM_BASE + 0x106000 + 0 * 8, (RAM_BASE + 0x107000) | D_TABLE);
    uint64_t s2l3 = RAM_BASE + 0x107000;
    put(s2l3 + 0 * 8, L0 | D_PAGE | S2_RW);             /* IPA 0x80000000 -> L0 */
    put(s2l3 + 1 * 8, L1 | D_PAGE | S2_RW);             /* IPA 0x80001000 -> L1 */
    put(s2l3 + 2 * 8, L2 | D_PAGE | S2_AP(2) | S2_MEM(0xf) | D_AF);  /* write-only */
    put(s2l3 + 3 * 8, L3 | D_PAGE | S2_AP(3) | S2_MEM(0x1) | D_AF);  /* Device */
    /* stage 1 (4K, 48-bit): L0 -> L1 (IPA 0x80001000) -> L2 tables */
    put(L0 + 1 * 8, (S1_TAB_IPA + 0x1000) | D_TABLE);
    put(L1 + 2 * 8, (S1_TAB_IPA + 0x2000) | D_TABLE);   /* walk needs read: WO faults */
    put(L1 + 4 * 8, (S1_TAB_IPA + 0x5000) | D_TABLE);   /* unmapped at stage 2 */
    put(L1 + 5 * 8, (S1_TAB_IPA + 0x3000) | D_TABLE);   /* a Device-at-stage-2 table */
    put(L1 + 6 * 8, IPA4K(513, 0, 0, 0) | D_BLOCK | D_AF | D_ATTR(1) | D_SH(3));
    put(L3 + 0 * 8, 0x40000000 | D_BLOCK | D_AF);        /* L3 as an L2 table: block */
    MmuRegime r = s2_regime(VTCR_40);
    r.enabled = true;
    r.ttbr0 = S1_TAB_IPA;
    /* 1 GiB stage-1 block at IPA 513 GiB, stage-2 2 MiB block at L2 index 6 */
    MmuResult res = ok(&r, VA4K(1, 6, 6, 300, 0x45), MMU_ACC_READ,
                       0x40c00000 + (300 << 12) + 0x45);
    ck_assert_uint_eq(res.ipa, IPA4K(513, 6, 300, 0x45));
    ck_assert_uint_eq(res.attr, 0xff);
    ck_assert_uint_eq(res.sh, 3);
    /* the same through a read-only stage-2 page: write faults at stage 2 */
    res = ok(&r, VA4K(1, 6, 5, 8, 0), MMU_ACC_READ, 0x40a08000);
    ck_assert_uint_eq(res.prot & MMU_PROT_W, 0);
    MmuFault f;
    ck_assert(!mmu_translate(&r, VA4K(1, 6, 5, 8, 0), MMU_ACC_WRITE, &res, &f));
    ck_assert(f.stage2 && !f.s1ptw);
    ck_assert_int_eq(f.type, MMU_FAULT_PERMISSION);
    ck_assert_uint_eq(f.ipa, IPA4K(513, 5, 8, 0));
    /* ... unless only stage 1 is asked (AT S1E1W): the IPA */
    res = ok(&r, VA4K(1, 6, 5, 8, 0), MMU_ACC_WRITE | MMU_ACC_S1_ONLY, IPA4K(513, 5, 8, 0));
    /* Device at stage 2 wins: Device-nGnRE, Outer Shareable */
    res = ok(&r, VA4K(1, 6, 5, 12, 0), MMU_ACC_READ, 0x40a0c000);
    ck_assert_uint_eq(res.attr, 0x04);
    ck_assert_uint_eq(res.sh, 2);
    /* S1PTW: the level-2 table (IPA 0x80002000) is write-only at stage 2 */
    ck_assert(!mmu_translate(&r, VA4K(1, 2, 0, 0, 0), MMU_ACC_READ, &res, &f));
    ck_assert(f.stage2 && f.s1ptw);
    ck_assert_int_eq(f.type, MMU_FAULT_PERMISSION);
    ck_assert_int_eq(f.level, 3);
    ck_assert_uint_eq(f.ipa, S1_TAB_IPA + 0x2000 + 0 * 8);
    /* S1PTW: a table IPA stage 2 does not map (stage-2 level 3) */
    ck_assert(!mmu_translate(&r, VA4K(1, 4, 7, 0, 0), MMU_ACC_WRITE, &res, &f));
    ck_assert(f.stage2 && f.s1ptw);
    ck_assert_int_eq(f.type, MMU_FAULT_TRANSLATION);
    ck_assert_int_eq(f.level, 3);
    ck_assert_uint_eq(f.ipa, S1_TAB_IPA + 0x5000 + 7 * 8);
    /* HCR_EL2.PTW: a walk into stage-2 Device memory is a permission fault */
    r.s2_ptw = false;
    ck_assert(mmu_translate(&r, VA4K(1, 5, 0, 0, 0), MMU_ACC_READ, &res, &f) ||
              !f.s1ptw);
    r.s2_ptw = true;
    ck_assert(!mmu_translate(&r, VA4K(1, 5, 0, 0, 0), MMU_ACC_READ, &res, &f));
    ck_assert(f.s1ptw);
    ck_assert_int_eq(f.type, MMU_FAULT_PERMISSION);
    /* stage-1 faults come first and are not stage-2 faults */
    r.s2_ptw = false;
    ck_assert(!mmu_translate(&r, VA4K(1, 7, 0, 0, 0), MMU_ACC_READ, &res, &f));
    ck_assert(!f.stage2 && !f.s1ptw);
    ck_assert_int_eq(f.type, MMU_FAULT_TRANSLATION);
    ck_assert_int_eq(f.level, 1);
}
END_TEST

/* Combining attributes (D8.5, QEMU's combined_attrs_nofwb). */
START_TEST(test_s2_combine_attrs)
{
    ck_assert_uint_eq(mmu_combine_attr(0xff, 0xff), 0xff);
    ck_assert_uint_eq(mmu_combine_attr(0xff, 0x44), 0x44);       /* NC wins */
    ck_assert_uint_eq(mmu_combine_attr(0xfe, 0xbb), 0xba);       /* S2 WT, S1 hints */
    ck_assert_uint_eq(mmu_combine_attr(0xaa, 0xff), 0xaa);       /* S1 WT */
    ck_assert_uint_eq(mmu_combine_attr(0x04, 0xff), 0x04);       /* S1 Device */
    ck_assert_uint_eq(mmu_combine_attr(0xff, 0x08), 0x08);       /* S2 Device-nGRE */
    ck_assert_uint_eq(mmu_combine_attr(0x0c, 0x04), 0x04);       /* stronger Device */
    ck_assert_uint_eq(mmu_combine_attr(0x00, 0x0c), 0x00);
    ck_assert_uint_eq(mmu_combine_sh(0, 3, 0xff), 3);
    ck_assert_uint_eq(mmu_combine_sh(2, 3, 0xff), 2);
    ck_assert_uint_eq(mmu_combine_sh(0, 0, 0x04), 2);
    ck_assert_uint_eq(mmu_combine_sh(0, 0, 0x44), 2);
    ck_assert_uint_eq(mmu_combine_sh(0, 0, 0xff), 0);
}
END_TEST

/* Random stage-2 tables built from a model (per 2 MiB slot of a 4 GiB IPA
 * space starting at level 1: nothing, a 1 GiB block, a 2 MiB block, or
 * pages with random S2AP/XN/AF), then random IPAs: the walk must agree
 * with the model's direct lookup. */
typedef struct S2Model {
    int l1[4];               /* 0 invalid, 1 GiB block, 2 table */
    int kind[4][512];        /* per L1/L2: 0 none, 1 GiB block (at [i][0]),
                              * 2 MiB block, 3 pages */
    uint64_t desc[4][512];   /* block descriptor bits / page table attributes */
    uint64_t page[4][512][8];/* the first 8 pages of a page table (rest invalid) */
} S2Model;

START_TEST(test_s2_random)
{
    static S2Model m;
    const uint64_t l1 = RAM_BASE + 0x200000;   /* 4 entries (T0SZ 32, SL0 1) */
    const uint64_t tab = RAM_BASE + 0x210000;  /* L2 tables, then L3 tables */
    rng_state = 0x5eed5eedull;
    for (unsigned iter = 0; iter < 40; iter++) {
        memset(&m, 0, sizeof(m));
        for (unsigned i = 0; i < 512; i++) {
            put(l1 + i * 8, 0);
        }
        unsigned next_l3 = 0;
        for (unsigned a = 0; a < 4; a++) {
            unsigned k = (unsigned)(rnd() % 3);
            uint64_t l2 = tab + a * 0x1000;
            m.l1[a] = (int)k;
            if (k == 0) {
                continue;
            }
            if (k == 1) {
                m.desc[a][0] = (rnd() & 3) << 6 | (rnd() & 1 ? D_AF : 0) |
                               (rnd() & 1 ? S2_XN : 0);
                put(l1 + a * 8, (uint64_t)(a + 4) << 30 | D_BLOCK | m.desc[a][0]);
                continue;
            }
            put(l1 + a * 8, l2 | D_TABLE);
            for (unsigned b = 0; b < 512; b++) {
                put(l2 + b * 8, 0);
            }
            for (unsigned n = 0; n < 6; n++) {
                unsigned b = (unsigned)(rnd() % 16);
                uint64_t d = (rnd() & 3) << 6 | (rnd() & 1 ? D_AF : 0) |
                             (rnd() & 1 ? S2_XN : 0);
                if (rnd() & 1) {
                    m.kind[a][b] = 2;
                    m.desc[a][b] = d;
                    put(l2 + b * 8, (0x100000000ull + ((uint64_t)a << 30) + ((uint64_t)b << 21)) |
                                        D_BLOCK | d);
                } else if (m.kind[a][b] != 3 && next_l3 < 64) {
                    uint64_t l3 = tab + 0x4000 + next_l3++ * 0x1000;
                    m.kind[a][b] = 3;
                    put(l2 + b * 8, l3 | D_TABLE);
                    for (unsigned c = 0; c < 512; c++) {
                        put(l3 + c * 8, 0);
                    }
                    for (unsigned c = 0; c < 8; c++) {
                        uint64_t pd = rnd() & 1 ? ((rnd() & 3) << 6 | (rnd() & 1 ? D_AF : 0) |
                                                   (rnd() & 1 ? S2_XN : 0) | 1) : 0;
                        m.page[a][b][c] = pd;
                        if (pd) {
                            put(l3 + c * 8, (0x200000000ull + ((uint64_t)a << 30) +
                                             ((uint64_t)b << 21) + ((uint64_t)c << 12)) |
                                                D_PAGE | (pd & ~1ull));
                        }
                    }
                }
            }
        }
        MmuRegime r = s2_regime(VT0SZ(32) | VSL0(1) | VTG0_4K | VPS(2));
        r.vttbr = l1;
        for (unsigned q = 0; q < 500; q++) {
            unsigned a = (unsigned)(rnd() % 4), b = (unsigned)(rnd() % 16),
                     c = (unsigned)(rnd() % 10);
            uint64_t off = rnd() & 0xfff;
            uint64_t ipa = (uint64_t)a << 30 | (uint64_t)b << 21 | (uint64_t)c << 12 | off;
            MmuAccess acc = (MmuAccess)(rnd() % 3);
            /* the model: a direct lookup, no descriptor decoding */
            uint64_t d = 0, pa = 0;
            bool valid = false;
            if (m.l1[a] == 1) {
                valid = true;
                d = m.desc[a][0];
                pa = ((uint64_t)(a + 4) << 30) | (ipa & ((1ull << 30) - 1));
            } else if (m.l1[a] == 2 && m.kind[a][b] == 2) {
                valid = true;
                d = m.desc[a][b];
                pa = 0x100000000ull + ((uint64_t)a << 30) + ((uint64_t)b << 21) +
                     (ipa & ((1ull << 21) - 1));
            } else if (m.l1[a] == 2 && m.kind[a][b] == 3) {
                d = c < 8 ? m.page[a][b][c] : 0;
                valid = d != 0;
                pa = 0x200000000ull + ((uint64_t)a << 30) + ((uint64_t)b << 21) +
                     ((uint64_t)c << 12) + off;
            }
            MmuS2Result res;
            MmuFault f;
            bool got = mmu_s2_translate(&r, ipa, acc, false, &res, &f);
            if (!valid) {
                ck_assert(!got);
                ck_assert_int_eq(f.type, MMU_FAULT_TRANSLATION);
                continue;
            }
            bool af = (d & D_AF) != 0;
            bool perm = acc == MMU_ACC_EXEC ? !(d & S2_XN)
                      : acc == MMU_ACC_WRITE ? (d >> 7) & 1 : (d >> 6) & 1;
            if (!af) {
                ck_assert(!got);
                ck_assert_int_eq(f.type, MMU_FAULT_ACCESS_FLAG);
            } else if (!perm) {
                ck_assert(!got);
                ck_assert_int_eq(f.type, MMU_FAULT_PERMISSION);
            } else {
                ck_assert_msg(got, "ipa %llx fault %d", (unsigned long long)ipa, f.type);
                ck_assert_uint_eq(res.pa, pa);
            }
        }
    }
}
END_TEST

/* The front end: stage-2 aborts to EL2 with HPFAR, VMID-tagged TLB
 * entries surviving a VMID switch, TLBI VMALLS12E1. */
START_TEST(test_s2_frontend)
{
    build_s2();
    A64Cpu *cpu = calloc(1, sizeof(*cpu));
    a64_cpu_init(cpu, A64_CPU_MAX, 0, as, NULL);
    cpu->feat.el2 = true;
    a64_cpu_features_changed(cpu);
    a64_cpu_reset(cpu, RAM_BASE, 1);
    cpu->sr.hcr_el2 = 1ull << 31 | 1;  /* RW, VM */
    cpu->sr.vtcr_el2 = VTCR_40;
    cpu->sr.vttbr_el2 = S2_L1 | 1ull << 48;
    cpu->sr.sctlr_el[1] &= ~SCTLR_M;
    a64_mmu_ctrl_changed(cpu);
    /* stage 1 off, stage 2 on: the EL1&0 index, not the flat one */
    unsigned idx = a64_mmu_idx(cpu);
    ck_assert_uint_eq(idx, A64_MMU_IDX_EL10_1);
    uint64_t pa;
    A64Exception e;
    ck_assert(a64_translate_va(cpu, IPA4K(513, 5, 7, 0x10), A64_ACC_READ, idx, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40a07010);
    /* a stage-2 write permission fault: EC 0x24 to EL2, WnR, DFSC 0x0f,
     * HPFAR_EL2 = IPA[47:12] << 4, FAR = VA */
    ck_assert(!a64_translate_va(cpu, IPA4K(513, 5, 8, 0x20), A64_ACC_WRITE, idx, 0, &pa, &e));
    ck_assert_uint_eq(e.ec, 0x24);
    ck_assert_uint_eq(e.target_el, 2);
    ck_assert_uint_eq(e.iss & 0x1ff, 1u << 6 | 0x0f);
    ck_assert_uint_eq(e.far, IPA4K(513, 5, 8, 0x20));
    ck_assert_uint_eq(cpu->sr.hpfar_el2, (IPA4K(513, 5, 8, 0) >> 12) << 4);
    /* VMID 2: the entry of VMID 1 is parked, not used */
    ck_assert(hits(&cpu->tlb, idx, IPA4K(513, 5, 7, 0x10)));
    sys_write(cpu, 3, 4, 2, 1, 0, S2_L1 | 2ull << 48);   /* VTTBR_EL2 */
    ck_assert(!hits(&cpu->tlb, idx, IPA4K(513, 5, 7, 0x10)));
    /* change the mapping without TLBI: VMID 2 walks and sees the new one */
    put(S2_L3 + 7 * 8, 0x40a17000 | D_PAGE | S2_RW);
    ck_assert(a64_translate_va(cpu, IPA4K(513, 5, 7, 0x10), A64_ACC_READ, idx, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40a17010);
    /* back to VMID 1: its parked entry (the old mapping, allowed until a
     * TLBI) comes back without a walk */
    sys_write(cpu, 3, 4, 2, 1, 0, S2_L1 | 1ull << 48);
    ck_assert(a64_translate_va(cpu, IPA4K(513, 5, 7, 0x10), A64_ACC_READ, idx, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40a07010);
    /* TLBI VMALLS12E1 (current VMID) drops it */
    cpu->pstate = (cpu->pstate & ~PSTATE_EL_MASK) | 2u << PSTATE_EL_SHIFT;
    sys_write(cpu, 1, 4, 8, 7, 6, 0);
    cpu->pstate = (cpu->pstate & ~PSTATE_EL_MASK) | 1u << PSTATE_EL_SHIFT;
    ck_assert(a64_translate_va(cpu, IPA4K(513, 5, 7, 0x10), A64_ACC_READ, idx, 0, &pa, &e));
    ck_assert_uint_eq(pa, 0x40a17010);
    /* AT S12E1R from EL2 gives the PA, AT S1E1R the IPA (stage 1 off) */
    cpu->pstate = (cpu->pstate & ~PSTATE_EL_MASK) | 2u << PSTATE_EL_SHIFT;
    sys_write(cpu, 1, 4, 7, 8, 4, IPA4K(513, 5, 7, 0x10));
    ck_assert_uint_eq(cpu->sr.par_el1 & 0xfffffffff001ull, 0x40a17000);
    sys_write(cpu, 1, 0, 7, 8, 0, IPA4K(513, 5, 7, 0x10));
    ck_assert_uint_eq(cpu->sr.par_el1 & 0xfffffffff001ull, IPA4K(513, 5, 7, 0));
    /* AT S12E1W of a read-only page: F, FST permission L3, S = 1 */
    sys_write(cpu, 1, 4, 7, 8, 5, IPA4K(513, 5, 8, 0));
    ck_assert_uint_eq(cpu->sr.par_el1, 1u | 0x0fu << 1 | 1u << 9 | 1u << 11);
    free_cpu(cpu);
}
END_TEST

static Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("walk");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_4k_levels);
    tcase_add_test(tc, test_4k_small_va);
    tcase_add_test(tc, test_16k);
    tcase_add_test(tc, test_64k);
    tcase_add_test(tc, test_ranges_tbi);
    tcase_add_test(tc, test_address_size);
    tcase_add_test(tc, test_walk_external_abort);
    tcase_add_test(tc, test_fsc_codes);
    tcase_add_test(tc, test_random_walks);
    tcase_add_test(tc, test_s2_walk);
    tcase_add_test(tc, test_s2_granules);
    tcase_add_test(tc, test_s2_two_stage);
    tcase_add_test(tc, test_s2_combine_attrs);
    tcase_add_test(tc, test_s2_random);
    suite_add_tcase(s, tc);
    tc = tcase_create("permissions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_perm_ap);
    tcase_add_test(tc, test_perm_xn_tables);
    tcase_add_test(tc, test_perm_el2_el3);
    tcase_add_test(tc, test_cmo_perm);
    tcase_add_test(tc, test_attrs_asid);
    tcase_add_test(tc, test_s1_disabled);
    suite_add_tcase(s, tc);
    tc = tcase_create("tlb");
    tcase_add_test(tc, test_tlb_asid);
    tcase_add_test(tc, test_tlb_vmid);
    tcase_add_test(tc, test_tlb_large_and_tags);
    suite_add_tcase(s, tc);
    tc = tcase_create("frontend");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_abort_syndromes);
    tcase_add_test(tc, test_at_par);
    tcase_add_test(tc, test_tlbi_and_ttbr_rows);
    tcase_add_test(tc, test_tlbi_broadcast);
    tcase_add_test(tc, test_cmo_device_syndromes);
    tcase_add_test(tc, test_s2_frontend);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
