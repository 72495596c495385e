/* SPDX-License-Identifier: MIT */
/*
 * perm.c - stage-1 access permissions (DDI 0487 D8.4 "Memory access
 * control", pseudocode AArch64.S1ComputePermissions / CheckPermission):
 * AP[2:1] data permissions, UXN/PXN (XN in single-range regimes), the
 * "EL0-writable memory is never executable at EL1" rule, SCTLR.WXN, and
 * PSTATE.PAN.
 *
 *   AP[2:1]  EL1 (privileged)  EL0 (unprivileged)
 *     00        RW                 none
 *     01        RW                 RW
 *     10        RO                 none
 *     11        RO                 RO
 * EL2&0 (VHE) has the EL0 view as EL1&0. In EL2 (non-VHE) and EL3 there
 * is no EL0 view: AP[1] is ignored (RES1)
 * and only AP[2] (read-only) and XN count; PXN is RES0.
 */
#include "mmu.h"

#define SCTLR_WXN (1ull << 19)

unsigned mmu_s1_prot(const MmuRegime *r, MmuAccess acc, unsigned ap, bool xn, bool pxn)
{
    bool wxn = (r->sctlr & SCTLR_WXN) != 0;
    bool ap2 = (ap >> 1) & 1, ap1 = ap & 1;
    bool rd, wr, ex;

    if (!mmu_regime_two_ranges(r)) {
        rd = true;
        wr = !ap2;
        ex = !xn && !(wr && wxn);
    } else {
        bool user_r = ap1, user_w = ap1 && !ap2;
        bool priv_w = !ap2;
        if (acc & MMU_ACC_UNPRIV) {
            rd = user_r;
            wr = user_w;
            ex = !xn && !(user_w && wxn);
        } else {
            rd = true;
            wr = priv_w;
            /* Execute permission uses the permissions before PAN: PAN
             * never affects instruction fetches. */
            ex = !(pxn || user_w || (priv_w && wxn));
            /* PAN: a privileged data access to memory EL0 can read or
             * write faults (D8.4.2); cache maintenance is exempt. */
            if ((acc & MMU_ACC_PAN) && !(acc & MMU_ACC_CMO) && user_r) {
                rd = false;
                wr = false;
            }
        }
    }
    return (rd ? MMU_PROT_R : 0) | (wr ? MMU_PROT_W : 0) | (ex ? MMU_PROT_X : 0);
}

bool mmu_prot_allows(MmuAccess acc, unsigned prot)
{
    switch (mmu_acc_type(acc)) {
    case MMU_ACC_EXEC:
        return (prot & MMU_PROT_X) != 0;
    case MMU_ACC_WRITE:
        /* includes DC IVAC, which needs write permission */
        return (prot & MMU_PROT_W) != 0;
    case MMU_ACC_READ:
    default:
        if ((acc & MMU_ACC_CMO) && !(acc & MMU_ACC_UNPRIV)) {
            /* DC/IC by VA above EL0 cannot take a stage-1 Permission fault */
            return true;
        }
        return (prot & MMU_PROT_R) != 0;
    }
}
