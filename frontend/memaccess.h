/* SPDX-License-Identifier: MIT */
/*
 * memaccess.h - guest memory accesses from the CPU's point of view: the
 * engines' slow paths (TLB miss, MMIO, code-page writes, page-crossing
 * accesses), instruction fetch for the translator, and host pointers for
 * atomics. All faults become guest exceptions built in one place
 * (a64_raise with the data/instruction abort syndrome); none crashes.
 *
 * Translation goes through mmu/ (mmu_translate) with a regime snapshot
 * built from the system registers, stage 2 included (HCR_EL2.VM/DC for the
 * EL1&0 regime); the soft TLB caches the combined result per MMU index,
 * tagged by ASID and VMID (mmu/tlb.h). Stage-2 aborts are taken to EL2
 * with HPFAR_EL2 and, as QEMU 7.2, the instruction syndrome (ISV).
 */
#ifndef A64EMU_MEMACCESS_H
#define A64EMU_MEMACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "../mmu/mmu.h"
#include "cpu.h"
#include "exception.h"

typedef enum A64Access { A64_ACC_READ, A64_ACC_WRITE, A64_ACC_EXEC } A64Access;

/* EngineEnv slow paths (memop as in ir.h with mmu_idx in A64_MO_IDX bits;
 * pc = guest address of the accessing instruction). May longjmp. */
uint64_t a64_load_slow(void *cpu, uint64_t va, unsigned memop, uint64_t pc);
void a64_store_slow(void *cpu, uint64_t va, uint64_t value, unsigned memop, uint64_t pc);
void a64_set_pc(void *cpu, uint64_t pc);

/* Translate va for an access; on success fill *pa and return true; on a
 * fault fill *exc (ready for a64_raise, return_pc = pc) and return false. */
bool a64_translate_va(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                      uint64_t pc, uint64_t *pa, A64Exception *exc);

/* Fetch one instruction word for the translator. false + *exc on fault. */
bool a64_fetch_insn(A64Cpu *cpu, uint64_t va, uint32_t *insn, uint64_t *pa,
                    A64Exception *exc);

/* Host pointer to size bytes of RAM at va for a read-modify-write access
 * (atomics, exclusives): checks alignment if align, translation and
 * permissions for both read and write; raises the guest exception on a
 * fault (pc = accessing instruction). Returns NULL if the location is not
 * RAM (MMIO): the caller then falls back to a64_load_slow/a64_store_slow. */
void *a64_host_rmw(A64Cpu *cpu, uint64_t va, unsigned size, bool align, unsigned mmu_idx,
                   uint64_t pc);

/* Plain accesses by helpers (semihosting parameter blocks, DC ZVA...):
 * raise on fault. */
uint64_t a64_read_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t pc);
void a64_write_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t value, uint64_t pc);

/* Best-effort debug/semihosting access without raising: false on fault. */
bool a64_read_mem_nofault(A64Cpu *cpu, uint64_t va, void *buf, size_t len);

/* ---- the MMU from the CPU's side (added by mmu) ---------------------------- */

/* MMU indexes of the EL1&0 regime (ASID- and VMID-tagged in the TLB). */
#define A64_MMU_IDX_EL10_MASK                                                     \
    (1u << A64_MMU_IDX_EL10_0 | 1u << A64_MMU_IDX_EL10_1 | 1u << A64_MMU_IDX_EL10_1_PAN)

#define A64_HCR_VM (1ull << 0)
#define A64_HCR_PTW (1ull << 2)
#define A64_HCR_DC (1ull << 12)
#define A64_HCR_TGE (1ull << 27)
#define A64_HCR_E2H (1ull << 34)

/* Whether the TLB index of regime_el's regime (1 = EL1&0) is used rather
 * than the flat MMU-off index: stage 1 on (SCTLR_ELx.M, and for EL1&0 not
 * HCR_EL2.TGE/DC while EL2 is enabled, D8.2.11), or for EL1&0 stage 2 on
 * (HCR_EL2.VM/DC: the IPA still goes through stage 2 with stage 1 off).
 * cpu.c's a64_mmu_idx()/a64_tb_flags() use this on every block dispatch. */
static inline bool a64_stage1_enabled(const A64Cpu *cpu, unsigned regime_el)
{
    if (regime_el <= 1) {
        bool el2_on = cpu->feat.el2 && (!cpu->feat.el3 || (cpu->sr.scr_el3 & 1));
        uint64_t hcr = el2_on ? cpu->sr.hcr_el2 : 0;
        bool host = (hcr & A64_HCR_TGE) && (hcr & A64_HCR_E2H) && cpu->feat.vhe;
        if (!host && (hcr & (A64_HCR_VM | A64_HCR_DC))) {
            return true; /* stage 2 on (QEMU's effective HCR: E2H+TGE clear VM/DC) */
        }
        if (hcr & (A64_HCR_TGE | A64_HCR_DC)) {
            return false;
        }
        return (cpu->sr.sctlr_el[1] & 1) != 0;
    }
    return (cpu->sr.sctlr_el[regime_el & 3] & 1) != 0;
}
/* The TLB index of ordinary accesses at el (A64_MMU_IDX_PHYS while the
 * regime translates nothing), with VHE: EL2 with HCR_EL2.E2H uses the
 * EL2&0 regime (EL20_2, EL20_2_PAN with PSTATE.PAN), EL0 with E2H and TGE
 * too (EL20_0). */
unsigned a64_mmu_idx_at(const A64Cpu *cpu, unsigned el);
/* The index of LDTR/STTR-style accesses at el given the ordinary one: the
 * EL0 view from EL1, and from EL2 with E2H+TGE, unless PSTATE.UAO. */
unsigned a64_mmu_idx_unpriv_at(const A64Cpu *cpu, unsigned el, unsigned idx);
/* The snapshot mmu_translate() works from, for regime_el (1, 2 or 3). */
void a64_mmu_regime(const A64Cpu *cpu, unsigned regime_el, MmuRegime *r);
/* The MMU indexes whose TLB entries come from regime_el's regime. */
unsigned a64_regime_idx_mask(unsigned regime_el);

/* Control-register writes that change translation (frontend/sysreg_mmu.c
 * and other rows: HCR_EL2 TGE/DC/VM, SCR_EL3.NS owners should call
 * a64_mmu_ctrl_changed()): drop what the TLB cached from the old values. */
void a64_mmu_ctrl_changed(A64Cpu *cpu);
/* The EL1&0 (or EL2&0) ASID or the VMID may have changed (TTBR0/1_EL1,
 * TTBR0/1_EL2, TCR_EL1/EL2.A1/AS, VTTBR_EL2, VTCR_EL2.VS writes): switch
 * the TLB context (parks entries, no flush). */
void a64_mmu_asid_changed(A64Cpu *cpu);
/* The current VMID (VTTBR_EL2.VMID, 8 bits unless VTCR_EL2.VS with
 * FEAT_VMID16); 0 while EL2 is disabled. */
uint16_t a64_current_vmid(const A64Cpu *cpu);

/* Cache maintenance by VA (DC CVAC/CVAU/CIVAC/CVAP/IVAC, IC IVAU): the
 * translation and permission checks of the current EL; a fault is raised
 * as a data abort with CM = 1. write: DC IVAC (needs write permission). */
void a64_cmo_check(A64Cpu *cpu, uint64_t va, bool write, uint64_t pc);
/* DC ZVA: zero the block of 4 << DCZID_EL0.BS bytes containing va, as a
 * store (faults with CM = 0, WnR = 1; Device memory: Alignment fault). */
void a64_dc_zva(A64Cpu *cpu, uint64_t va, uint64_t pc);
/* AT: translate va in regime_el's regime with the access acc (MMU_ACC_*
 * flags choose EL0's view and PAN; MMU_ACC_S1_ONLY for AT S1E0/S1E1 with
 * stage 2 on) and return the PAR_EL1 value. An external abort on the walk
 * is raised as a data abort (CM = 1), and so is a stage-2 fault on the
 * stage-1 walk of an AT executed at EL1 (to EL2, with HPFAR_EL2), as QEMU;
 * other stage-2 faults are reported in PAR (S = 1, PTW). */
uint64_t a64_at(A64Cpu *cpu, unsigned regime_el, MmuAccess acc, uint64_t va, uint64_t pc);

#endif
