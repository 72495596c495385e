/* SPDX-License-Identifier: MIT */
/*
 * fault.c - the fault status code of an MMU fault: the DFSC/IFSC field of
 * ESR_ELx for data and instruction aborts and PAR_EL1.FST after a failed
 * AT (DDI 0487 D17.2.40 "ISS encoding for an exception from a Data Abort",
 * long-descriptor format). The front end builds the rest of the syndrome
 * from the same MmuFault in one place (frontend/memaccess.c).
 */
#include "mmu.h"

unsigned mmu_fault_fsc(const MmuFault *f)
{
    unsigned lvl = f->level < 0 ? 0 : (unsigned)f->level & 3;
    switch (f->type) {
    case MMU_FAULT_ADDR_SIZE:
        return 0x00 | lvl;   /* 0b0000LL */
    case MMU_FAULT_TRANSLATION:
        return 0x04 | lvl;   /* 0b0001LL */
    case MMU_FAULT_ACCESS_FLAG:
        return 0x08 | lvl;   /* 0b0010LL */
    case MMU_FAULT_PERMISSION:
        return 0x0c | lvl;   /* 0b0011LL */
    case MMU_FAULT_SYNC_EXT:
        return 0x10;         /* 0b010000, not on a walk */
    case MMU_FAULT_SYNC_EXT_WALK:
        return 0x14 | lvl;   /* 0b0101LL */
    case MMU_FAULT_ALIGNMENT:
        return 0x21;         /* 0b100001 */
    case MMU_FAULT_NONE:
    default:
        return 0;
    }
}
