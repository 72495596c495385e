/* SPDX-License-Identifier: MIT */
/*
 * fp_access.c - the CPACR_EL1.FPEN check every FP/AdvSIMD instruction makes
 * before touching V registers, FPCR or FPSR (DDI 0487 D19.2.30, and
 * "AArch64.CheckFPAdvSIMDEnabled" in the shared pseudocode).
 */
#include "../translate.h"
#include "../exception.h"

bool a64_fp_access_check(DisasContext *s)
{
    if (s->tb_flags & A64_TBF_FPEN) {
        return true;
    }
    /* EC 0x07 to EL1. ISS as the sysreg pipeline (and QEMU) report A64
     * traps: CV = 1, COND = 0b1110. ELR = the trapped instruction. */
    a64_gen_exception(s, EC_FP_ACCESS, (1u << 24) | (0xeu << 20), 1, false);
    return false;
}
