/* SPDX-License-Identifier: MIT */
/*
 * helper_pauth.h - what the pointer-authentication lifter (trans_pauth.c),
 * helpers (helper_pauth.c) and key registers (sysreg_pauth.c) share.
 */
#ifndef A64EMU_HELPER_PAUTH_H
#define A64EMU_HELPER_PAUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "cpu.h"
#include "sysregs.h"

/* Keys, also the index of the key pair in cpu->pauth_keys[2k] (Lo) and
 * [2k + 1] (Hi). */
enum {
    PAUTH_KEY_IA = 0,
    PAUTH_KEY_IB = 1,
    PAUTH_KEY_DA = 2,
    PAUTH_KEY_DB = 3,
    PAUTH_KEY_GA = 4,
};

/* Descriptor argument of helper_pac/helper_aut: the key, and whether the
 * instruction is a combined one (BRAA, RETAA, LDRAA...: FEAT_FPAC faults
 * only with FEAT_FPACCOMBINE). */
#define PAUTH_DESC_KEY 3u
#define PAUTH_DESC_COMBINED 4u

/* cpu->feat.pauth_level: the value of ID_AA64ISAR1.APA (QARMA5) or .API
 * (IMPDEF), DDI 0487 D19.2.62. Each level includes the ones below. */
enum {
    PAUTH_LEVEL_PAUTH = 1,        /* FEAT_PAuth (QEMU 7.2's "max") */
    PAUTH_LEVEL_EPAC = 2,         /* FEAT_EPAC: bad extension -> PAC of 0 */
    PAUTH_LEVEL_PAUTH2 = 3,       /* FEAT_PAuth2: PAC XORed into the pointer */
    PAUTH_LEVEL_FPAC = 4,         /* FEAT_FPAC: failed AUT* faults (EC 0x1c) */
    PAUTH_LEVEL_FPACCOMBINE = 5,  /* FEAT_FPACCOMBINE: combined ones too */
};

/* Access function of the APxxKey_EL1 rows (HCR_EL2.APK, SCR_EL3.APK). */
SysRegResult pauth_key_access(A64Cpu *c, const SysRegInfo *ri, bool isread);

/* The key registers' rows (sysreg_pauth.c), present with feat.pauth. */
extern const SysRegInfo a64_sysreg_pauth_table[];
extern const size_t a64_sysreg_pauth_table_size;

#endif
