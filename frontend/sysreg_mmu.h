/* SPDX-License-Identifier: MIT */
/*
 * sysreg_mmu.h - the MMU's system registers and operations: the TLBI and
 * AT rows (their own table, registered by a64_cpu_init), the EL2/EL3
 * translation controls (with TTBR1_EL2 for VHE and the stage-2 VTCR_EL2,
 * VTTBR_EL2, HPFAR_EL2), and the write hooks that every SCTLR/TCR/TTBR/MAIR
 * row and the cache-maintenance-by-VA rows of the base table use.
 */
#ifndef A64EMU_SYSREG_MMU_H
#define A64EMU_SYSREG_MMU_H

#include "sysregs.h"

extern const SysRegInfo a64_sysreg_mmu_table[];
extern const size_t a64_sysreg_mmu_table_size;

/* Write hooks for rows whose storage is sr.sctlr_el[n], sr.tcr_el[n],
 * sr.ttbr0_el[n]/ttbr1_el[n], sr.mair_el[n] (n taken from the row's field
 * offset): store the value (minus res0) and drop what the TLB cached from
 * the old one. */
void a64_sctlr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v);
void a64_tcr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v);
void a64_ttbr_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v);
void a64_mair_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t v);

/* Cache maintenance by VA (DC CVAC/CVAU/CIVAC, IC IVAU; DC IVAC is the
 * write-type one) and DC ZVA. */
void a64_dc_clean_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va);
void a64_dc_ivac_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va);
void a64_dc_zva_write(A64Cpu *cpu, const SysRegInfo *ri, uint64_t va);

#endif
