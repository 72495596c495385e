/* SPDX-License-Identifier: MIT */
/*
 * helper_pauth.c - run-time half of pointer authentication (FEAT_PAuth,
 * with FEAT_EPAC, FEAT_PAuth2, FEAT_FPAC and FEAT_FPACCOMBINE selected by
 * cpu->feat.pauth_level, the value of ID_AA64ISAR1.APA/API): AddPAC, Auth,
 * Strip and PACGA as the Arm ARM's shared pseudocode has them (DDI 0487
 * J1.1.2 aarch64/functions/pac: AddPAC, Auth, Strip, CalculateBottomPACBit,
 * EffectiveTBI, and the per-key AddPACIA/AuthIA/... wrappers with their
 * SCTLR_ELx.EnIA/EnIB/EnDA/EnDB enables and HCR_EL2.API / SCR_EL3.API
 * traps, EC 0x09), plus ERETAA/ERETAB.
 *
 * The PAC itself is pauth_qarma5() or, with pauth-impdef=on,
 * pauth_impdef() (pauth_qarma5.c). QARMA5 costs a few hundred
 * nanoseconds, and a kernel built with return-address signing runs
 * PACIASP/AUTIASP around most calls: a small per-thread cache of recent
 * (pointer, modifier, key) -> PAC results makes the AUTIASP of a PACIASP,
 * and repeated calls from the same place, cheap. The key is part of the
 * tag, so the cache never needs flushing and any vCPU may share it.
 *
 * Helpers with IR_F_MAYEXC run with cpu->pc = their instruction, which is
 * the preferred return address of the traps and of the FPAC fault.
 */
#include <setjmp.h>
#include <string.h>

#include "exception.h"
#include "helper_pauth.h"
#include "helpers.h"
#include "pauth_qarma5.h"
#include "sysregs.h"

#define EC_PAC_TRAP 0x09  /* TrapPACUse: PAC instruction trapped by HCR_EL2/SCR_EL3.API */
#define EC_PAC_FAIL 0x1c  /* FailedPointerAuth (FEAT_FPAC) */

/* Bits of HCR_EL2 / SCR_EL3 / SCTLR_ELx / TCR_ELx used here. */
#define HCR_TGE (1ull << 27)
#define HCR_E2H (1ull << 34)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)
#define SCR_NS (1ull << 0)
#define SCR_APK (1ull << 16)
#define SCR_API (1ull << 17)

/* SCTLR_ELx enable bit of each key (PAUTH_KEY_*). */
static const uint64_t sctlr_enable[4] = {
    1ull << 31, /* EnIA */
    1ull << 30, /* EnIB */
    1ull << 27, /* EnDA */
    1ull << 13, /* EnDB */
};

/* ---- the translation regime of the current EL ---------------------------- */

/* EL2Enabled(): EL2 exists and this is the Non-secure state (we have no
 * Secure EL2). */
static bool el2_enabled(const A64Cpu *c)
{
    return c->feat.el2 && (!c->feat.el3 || (c->sr.scr_el3 & SCR_NS));
}

static bool hcr_e2h(const A64Cpu *c)
{
    return c->feat.vhe && el2_enabled(c) && (c->sr.hcr_el2 & HCR_E2H);
}

/* S1TranslationRegime() of the current EL: 1, 2 or 3. EL0 is in the EL2&0
 * regime when HCR_EL2.{E2H,TGE} = {1,1} (ELIsInHost(EL0)). */
static unsigned regime_el(const A64Cpu *c, unsigned el)
{
    if (el >= 2) {
        return el;
    }
    if (el == 0 && hcr_e2h(c) && (c->sr.hcr_el2 & HCR_TGE)) {
        return 2;
    }
    return 1;
}

/* PtrHasUpperAndLowerAddRanges(): EL1&0, or EL2&0 with E2H. */
static bool two_ranges(const A64Cpu *c, unsigned regime)
{
    return regime == 1 || (regime == 2 && hcr_e2h(c));
}

static uint64_t bits(uint64_t v, unsigned lo, unsigned len)
{
    return (v >> lo) & ((1ull << len) - 1);
}

/* Bits hi:lo set. */
static uint64_t mask_range(unsigned hi, unsigned lo)
{
    return (~0ull >> (63 - hi)) & (~0ull << lo);
}

/* EffectiveTBI(ptr, is_instr, PSTATE.EL) with FEAT_PAuth's TBID. */
static bool effective_tbi(const A64Cpu *c, unsigned regime, uint64_t ptr, bool is_instr)
{
    uint64_t tcr = c->sr.tcr_el[regime];
    bool tbi, tbid;
    if (two_ranges(c, regime)) {
        bool upper = (ptr >> 55) & 1;
        tbi = (tcr >> (upper ? 38 : 37)) & 1;
        tbid = (tcr >> (upper ? 52 : 51)) & 1;
    } else {
        tbi = (tcr >> 20) & 1;
        tbid = (tcr >> 29) & 1;
    }
    return tbi && (!tbid || !is_instr);
}

/* CalculateBottomPACBit(top_bit): 64 - TxSZ of the range top_bit selects,
 * TxSZ clamped to 16..39 as QEMU and the CONSTRAINED UNPREDICTABLE FORCE
 * choice do (no FEAT_TTST, no FEAT_LVA in our ID registers). */
static unsigned bottom_pac_bit(const A64Cpu *c, unsigned regime, bool top_bit)
{
    uint64_t tcr = c->sr.tcr_el[regime];
    unsigned tsz;
    if (two_ranges(c, regime) && top_bit) {
        tsz = (unsigned)bits(tcr, 16, 6);
    } else {
        tsz = (unsigned)bits(tcr, 0, 6);
    }
    if (tsz > 39) {
        tsz = 39;
    }
    if (tsz < 16) {
        tsz = 16;
    }
    return 64 - tsz;
}

/* ---- the PAC function -------------------------------------------------- */

typedef struct PacCacheEntry {
    uint64_t data, modifier, lo, hi, pac;
    bool valid, impdef;
} PacCacheEntry;

#define PAC_CACHE_SIZE 512
static __thread PacCacheEntry pac_cache[PAC_CACHE_SIZE];

/* ComputePAC(data, modifier, KeyHi, KeyLo) of key k (PAUTH_KEY_*). */
static uint64_t compute_pac(const A64Cpu *c, uint64_t data, uint64_t modifier, unsigned k)
{
    uint64_t lo = c->pauth_keys[2 * k], hi = c->pauth_keys[2 * k + 1];
    bool impdef = c->feat.pauth_impdef;
    uint64_t h = (data ^ (data >> 17) ^ modifier * 0x9e3779b97f4a7c15ull ^ lo);
    PacCacheEntry *e = &pac_cache[(h ^ (h >> 29)) & (PAC_CACHE_SIZE - 1)];

    if (e->valid && e->data == data && e->modifier == modifier && e->lo == lo && e->hi == hi &&
        e->impdef == impdef) {
        return e->pac;
    }
    uint64_t pac = impdef ? pauth_impdef(data, modifier, lo, hi)
                          : pauth_qarma5(data, modifier, hi, lo);
    *e = (PacCacheEntry){data, modifier, lo, hi, pac, true, impdef};
    return pac;
}

/* ---- traps and faults ----------------------------------------------------- */

_Noreturn static void raise_to(A64Cpu *c, unsigned ec, uint32_t iss, unsigned target_el)
{
    A64Exception e;
    memset(&e, 0, sizeof(e));
    e.type = A64_EXC_SYNC;
    e.ec = ec;
    e.iss = iss;
    e.il = true;
    e.target_el = target_el;
    e.return_pc = c->pc;
    a64_raise(c, &e);
}

/* The TrapEL2/TrapEL3 conditions of AddPACIA & co. (and PACGA): PAC
 * instructions trap with EC 0x09 while HCR_EL2.API / SCR_EL3.API is 0. At
 * EL0 in the EL2&0 host regime ({E2H,TGE} = {1,1}) HCR_EL2.API does not
 * apply. */
static void check_pac_trap(A64Cpu *c, unsigned el)
{
    if (el <= 1 && el2_enabled(c) && !(c->sr.hcr_el2 & HCR_API)) {
        bool host = hcr_e2h(c) && (c->sr.hcr_el2 & HCR_TGE);
        if (el == 1 || !host) {
            raise_to(c, EC_PAC_TRAP, 0, 2);
        }
    }
    if (el <= 2 && c->feat.el3 && !(c->sr.scr_el3 & SCR_API)) {
        raise_to(c, EC_PAC_TRAP, 0, 3);
    }
}

/* Is key k enabled for the current EL (SCTLR_ELx.EnXX of its regime)?
 * Disabled keys make PAC and AUT return the pointer unchanged, before
 * any trap check. */
static bool key_enabled(const A64Cpu *c, unsigned regime, unsigned k)
{
    return (c->sr.sctlr_el[regime] & sctlr_enable[k]) != 0;
}

/* ---- AddPAC, Auth, Strip ----------------------------------------------------- */

static uint64_t add_pac(const A64Cpu *c, unsigned regime, uint64_t ptr, uint64_t modifier,
                        unsigned k)
{
    bool data = k >= PAUTH_KEY_DA;
    bool tbi = effective_tbi(c, regime, ptr, !data);
    unsigned top = tbi ? 55 : 63;
    unsigned level = c->feat.pauth_level;
    bool selbit;

    /* With two ranges, bit 55 picks the range whenever tagging is on for
     * either of them, so that the pointer keeps its range (the awkward
     * TBI0 != TBI1 cases). */
    if (two_ranges(c, regime)) {
        uint64_t tcr = c->sr.tcr_el[regime];
        bool tbi0 = (tcr >> 37) & 1, tbi1 = (tcr >> 38) & 1;
        bool tbid0 = (tcr >> 51) & 1, tbid1 = (tcr >> 52) & 1;
        bool use55 = data ? (tbi0 || tbi1) : ((tbi1 && !tbid1) || (tbi0 && !tbid0));
        selbit = (ptr >> (use55 ? 55 : 63)) & 1;
    } else {
        selbit = (ptr >> (tbi ? 55 : 63)) & 1;
    }
    unsigned bot = bottom_pac_bit(c, regime, selbit);
    uint64_t ext = selbit ? ~0ull : 0;
    uint64_t field = mask_range(top, bot);      /* the extension bits, top:bot */
    uint64_t ext_ptr = (ptr & ~field) | (ext & field);
    uint64_t pac = compute_pac(c, ext_ptr, modifier, k);

    /* A pointer with bad extension bits gets a corrupted PAC, so that it
     * can never authenticate: FEAT_EPAC zeroes it, the base architecture
     * flips its top bit, FEAT_PAuth2 does nothing (the XOR below already
     * spoils it). */
    uint64_t x = ptr & field;
    if (x != 0 && x != field) {
        if (level == PAUTH_LEVEL_EPAC) {
            pac = 0;
        } else if (level < PAUTH_LEVEL_PAUTH2) {
            pac ^= 1ull << (top - 1);
        }
    }
    uint64_t low = ptr & mask_range(bot - 1, 0);
    uint64_t mid = mask_range(54, bot);        /* PAC bits below bit 55 */
    uint64_t result = low | (uint64_t)selbit << 55;
    if (level < PAUTH_LEVEL_PAUTH2) {
        result |= pac & mid;
        result |= (tbi ? ptr : pac) & mask_range(63, 56);
    } else {
        result |= (ptr ^ pac) & mid;
        result |= (tbi ? ptr : ptr ^ pac) & mask_range(63, 56);
    }
    return result;
}

/* The pointer with its PAC field replaced by copies of bit 55 (the
 * original_ptr of Auth and the result of Strip). */
static uint64_t strip_pac(const A64Cpu *c, unsigned regime, uint64_t ptr, bool data,
                          bool *tbi_out, unsigned *bot_out)
{
    bool tbi = effective_tbi(c, regime, ptr, !data);
    bool b55 = (ptr >> 55) & 1;
    unsigned bot = bottom_pac_bit(c, regime, b55);
    uint64_t field = mask_range(tbi ? 55 : 63, bot);
    if (tbi_out) {
        *tbi_out = tbi;
        *bot_out = bot;
    }
    return (ptr & ~field) | ((b55 ? ~0ull : 0) & field);
}

static uint64_t auth(A64Cpu *c, unsigned regime, uint64_t ptr, uint64_t modifier, unsigned k,
                     bool combined)
{
    bool data = k >= PAUTH_KEY_DA;
    unsigned keynum = k & 1;  /* 0: key A, 1: key B */
    unsigned level = c->feat.pauth_level;
    bool tbi;
    unsigned bot;
    uint64_t orig = strip_pac(c, regime, ptr, data, &tbi, &bot);
    uint64_t pac = compute_pac(c, orig, modifier, k);
    uint64_t cmp = mask_range(54, bot) | (tbi ? 0 : mask_range(63, 56));

    if (level < PAUTH_LEVEL_PAUTH2) {
        if (((pac ^ ptr) & cmp) == 0) {
            return orig;
        }
        /* error_code = key_number:NOT(key_number), just below the top
         * bit of the field (bits 54:53 with TBI, else 62:61). */
        uint64_t code = keynum ? 2 : 1;
        unsigned at = tbi ? 53 : 61;
        return (orig & ~(3ull << at)) | code << at;
    }
    uint64_t result = ptr ^ (pac & cmp);
    bool fpac = level >= PAUTH_LEVEL_FPACCOMBINE || (level >= PAUTH_LEVEL_FPAC && !combined);
    if (fpac) {
        uint64_t f = mask_range(tbi ? 54 : 63, bot);
        uint64_t want = ((result >> 55) & 1) ? f : 0;
        if ((result & f) != want) {
            /* FailedPointerAuth: ISS<1> = data key, ISS<0> = key B. */
            raise_to(c, EC_PAC_FAIL, (data ? 2u : 0u) | keynum, 0);
        }
    }
    return result;
}

/* ---- the helpers -------------------------------------------------------------- */

/* PACIA, PACIZA, PACIASP, PACIA1716, ... : AddPACxx(ptr, modifier). */
uint64_t helper_pac(void *cpu, uint64_t ptr, uint64_t modifier, uint64_t desc, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned el = a64_current_el(c), regime = regime_el(c, el);
    unsigned k = desc & PAUTH_DESC_KEY;
    if (!key_enabled(c, regime, k)) {
        return ptr;
    }
    check_pac_trap(c, el);
    return add_pac(c, regime, ptr, modifier, k);
}

/* AUTIA..., and the authentication of the combined instructions
 * (BRAA, BLRAA, RETAA, LDRAA...: desc has PAUTH_DESC_COMBINED). */
uint64_t helper_aut(void *cpu, uint64_t ptr, uint64_t modifier, uint64_t desc, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned el = a64_current_el(c), regime = regime_el(c, el);
    unsigned k = desc & PAUTH_DESC_KEY;
    if (!key_enabled(c, regime, k)) {
        return ptr;
    }
    check_pac_trap(c, el);
    return auth(c, regime, ptr, modifier, k, (desc & PAUTH_DESC_COMBINED) != 0);
}

/* XPACI, XPACD, XPACLRI: Strip(ptr, data); never trapped. The Arm ARM's
 * Strip() does not look at the key enables, but QEMU 7.2, our reference,
 * executes XPAC* as NOPs while all four SCTLR_ELx.EnIA/EnIB/EnDA/EnDB of
 * the regime are 0 (its "pauth_active" translation flag), and so do we:
 * the differential tests compare against it, and software only strips
 * pointers it signed, i.e. with a key enabled. */
uint64_t helper_xpac(void *cpu, uint64_t ptr, uint64_t data, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned regime = regime_el(c, a64_current_el(c));
    uint64_t any = sctlr_enable[0] | sctlr_enable[1] | sctlr_enable[2] | sctlr_enable[3];
    if (!(c->sr.sctlr_el[regime] & any)) {
        return ptr;
    }
    return strip_pac(c, regime, ptr, data != 0, NULL, NULL);
}

/* PACGA: ComputePAC(Xn, Xm|SP, APGAKey)<63:32>:Zeros(32). No enable bit,
 * only the traps. */
uint64_t helper_pacga(void *cpu, uint64_t x, uint64_t modifier, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    check_pac_trap(c, a64_current_el(c));
    return compute_pac(c, x, modifier, PAUTH_KEY_GA) & 0xffffffff00000000ull;
}

/* ERETAA/ERETAB (a0 = 1 for key B): AuthIA/IB(ELR_ELx, SP, combined),
 * then the exception return to the authenticated address. a64_eret()
 * takes the new PC from ELR_ELx; the register itself must not change,
 * so it is swapped in for the return and restored. */
uint64_t helper_eretaa(void *cpu, uint64_t keyb, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned el = a64_current_el(c);
    uint64_t elr = c->sr.elr_el[el];
    uint64_t target = helper_aut(c, elr, c->x[31],
                                 (keyb ? PAUTH_KEY_IB : PAUTH_KEY_IA) | PAUTH_DESC_COMBINED, 0);
    c->sr.elr_el[el] = target;
    a64_eret(c);
    c->sr.elr_el[el] = elr;
    siglongjmp(c->jmp_env, 1);
}

/* ---- key registers (sysreg_pauth.c) ------------------------------------------ */

/* APxxKey_EL1 accesses: trapped to EL2 from EL1 while HCR_EL2.APK = 0, to
 * EL3 from EL1/EL2 while SCR_EL3.APK = 0 (EC 0x18). */
SysRegResult pauth_key_access(A64Cpu *c, const SysRegInfo *ri, bool isread)
{
    unsigned el = a64_current_el(c);
    (void)ri;
    (void)isread;
    if (el == 1 && el2_enabled(c) && !(c->sr.hcr_el2 & HCR_APK)) {
        return SYSREG_TRAP_EL2;
    }
    if (el <= 2 && c->feat.el3 && !(c->sr.scr_el3 & SCR_APK)) {
        return SYSREG_TRAP_EL3;
    }
    return SYSREG_OK;
}
