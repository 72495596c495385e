/* SPDX-License-Identifier: MIT */
/*
 * sysreg_el2.h - the EL2 and EL3 system registers (frontend/sysreg_el2.c,
 * sysreg_el3.c), their bit names, and the trap rules that EL1 rows of
 * other tables use (HCR_EL2 trap bits, DDI 0487 D13.2.46).
 */
#ifndef A64EMU_SYSREG_EL2_H
#define A64EMU_SYSREG_EL2_H

#include "sysregs.h"

extern const SysRegInfo a64_sysreg_el2_table[];
extern const size_t a64_sysreg_el2_table_size;
extern const SysRegInfo a64_sysreg_el3_table[];
extern const size_t a64_sysreg_el3_table_size;

/* HCR_EL2 (D13.2.46) */
#define HCR_VM    (1ull << 0)
#define HCR_SWIO  (1ull << 1)
#define HCR_PTW   (1ull << 2)
#define HCR_FMO   (1ull << 3)
#define HCR_IMO   (1ull << 4)
#define HCR_AMO   (1ull << 5)
#define HCR_VF    (1ull << 6)
#define HCR_VI    (1ull << 7)
#define HCR_VSE   (1ull << 8)
#define HCR_FB    (1ull << 9)
#define HCR_BSU   (3ull << 10)
#define HCR_DC_BIT (1ull << 12)
#define HCR_TWI   (1ull << 13)
#define HCR_TWE   (1ull << 14)
#define HCR_TID0  (1ull << 15)
#define HCR_TID1  (1ull << 16)
#define HCR_TID2  (1ull << 17)
#define HCR_TID3  (1ull << 18)
#define HCR_TSC   (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR  (1ull << 21)
#define HCR_TSW   (1ull << 22)
#define HCR_TPCP  (1ull << 23)
#define HCR_TPU   (1ull << 24)
#define HCR_TTLB  (1ull << 25)
#define HCR_TVM   (1ull << 26)
#define HCR_TGE_BIT (1ull << 27)
#define HCR_TDZ   (1ull << 28)
#define HCR_HCD   (1ull << 29)
#define HCR_TRVM  (1ull << 30)
#define HCR_RW    (1ull << 31)
#define HCR_CD    (1ull << 32)
#define HCR_ID    (1ull << 33)
#define HCR_E2H   (1ull << 34)
#define HCR_TLOR  (1ull << 35)
#define HCR_APK   (1ull << 40)
#define HCR_API   (1ull << 41)

/* SCR_EL3 (D13.2.113) */
#define SCR_EL3_NS   (1ull << 0)
#define SCR_EL3_IRQ  (1ull << 1)
#define SCR_EL3_FIQ  (1ull << 2)
#define SCR_EL3_EA   (1ull << 3)
#define SCR_EL3_FW   (1ull << 4)
#define SCR_EL3_AW   (1ull << 5)
#define SCR_EL3_SMD  (1ull << 7)
#define SCR_EL3_HCE  (1ull << 8)
#define SCR_EL3_RW   (1ull << 10)
#define SCR_EL3_TWI  (1ull << 12)
#define SCR_EL3_TWE  (1ull << 13)
#define SCR_EL3_TLOR (1ull << 14)
#define SCR_EL3_APK  (1ull << 16)
#define SCR_EL3_API  (1ull << 17)

/* CPTR_EL2 without E2H (TFP) and with E2H (FPEN, the CPACR_EL1 layout);
 * CPTR_EL3 */
#define CPTR_TFP     (1ull << 10)
#define CPTR_TTA     (1ull << 20)
#define CPTR_TCPAC   (1ull << 31)
#define CPTR_EL2_RES1 0x33ffull   /* bits 13:12, 9:0 (no SVE/SME) without E2H */

/* Trap rules of EL1 registers (access functions of their rows; OK at
 * EL2/EL3). tvm: TVM for writes / TRVM for reads (the virtual-memory
 * controls); tid1/2/3: ID groups; tacr: ACTLR_EL1; tsw: DC by set/way;
 * tpc: DC by VA to the PoC; tpu: IC and DC to the PoU; ttlb: TLBI EL1. */
/* EL0 rule of an SCTLR_ELx bit (UCT, UCI, DZE, UMA): SCTLR_EL2 in the
 * EL2&0 host, else SCTLR_EL1. OK above EL0. */
SysRegResult a64_el0_sctlr_trap(A64Cpu *cpu, uint64_t bit);
SysRegResult a64_access_tvm(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tid1(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tid2(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tid3(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tacr(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tsw(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tpc(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_tpu(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
SysRegResult a64_access_ttlb(A64Cpu *cpu, const SysRegInfo *ri, bool isread);
/* HCR_EL2.TLOR / SCR_EL3.TLOR: the FEAT_LOR registers. */
SysRegResult a64_access_tlor(A64Cpu *cpu, const SysRegInfo *ri, bool isread);

/* MIDR_EL1/MPIDR_EL1 as read: VPIDR_EL2/VMPIDR_EL2 at EL1 (and EL0)
 * when EL2 is enabled. */
uint64_t a64_midr_read(A64Cpu *cpu, const SysRegInfo *ri);
uint64_t a64_mpidr_read(A64Cpu *cpu, const SysRegInfo *ri);

#endif
