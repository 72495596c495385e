/* SPDX-License-Identifier: MIT */
/*
 * sysreg_pauth.c - the pointer-authentication key registers (DDI 0487
 * D19.2: APIAKeyLo_EL1/APIAKeyHi_EL1, APIBKey*, APDAKey*, APDBKey*,
 * APGAKey*), stored in cpu->pauth_keys. Present only with FEAT_PAuth;
 * accessible from EL1 up, trapped by HCR_EL2.APK and SCR_EL3.APK (EC 0x18,
 * pauth_key_access() in helper_pauth.c). Reset values are UNKNOWN; zero,
 * as QEMU.
 */
#include "helper_pauth.h"

static bool has_pauth(const A64Features *f) { return f->pauth; }

#define KEY(NAME, CRM, OP2, IDX)                                                    \
    {.name = NAME, .op0 = 3, .op1 = 0, .crn = 2, .crm = CRM, .op2 = OP2,            \
     .access = SR_ACC_PL1_RW, .present = has_pauth, .resetvalue = 0,                \
     .fieldoffset = SR_FIELD(pauth_keys[IDX]), .accessfn = pauth_key_access}

const SysRegInfo a64_sysreg_pauth_table[] = {
    KEY("APIAKeyLo_EL1", 1, 0, 0), KEY("APIAKeyHi_EL1", 1, 1, 1),
    KEY("APIBKeyLo_EL1", 1, 2, 2), KEY("APIBKeyHi_EL1", 1, 3, 3),
    KEY("APDAKeyLo_EL1", 2, 0, 4), KEY("APDAKeyHi_EL1", 2, 1, 5),
    KEY("APDBKeyLo_EL1", 2, 2, 6), KEY("APDBKeyHi_EL1", 2, 3, 7),
    KEY("APGAKeyLo_EL1", 3, 0, 8), KEY("APGAKeyHi_EL1", 3, 1, 9),
};
const size_t a64_sysreg_pauth_table_size =
    sizeof(a64_sysreg_pauth_table) / sizeof(a64_sysreg_pauth_table[0]);
