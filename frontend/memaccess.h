/* SPDX-License-Identifier: MIT */
/*
 * memaccess.h - guest memory accesses from the CPU's point of view: the
 * engines' slow paths (TLB miss, MMIO, code-page writes, page-crossing
 * accesses), instruction fetch for the translator, and host pointers for
 * atomics. All faults become guest exceptions built in one place
 * (a64_raise with the data/instruction abort syndrome); none crashes.
 *
 * With the MMU off (foundation issue) VA == PA; the stage-1/stage-2 walk
 * plugs in behind a64_translate_va() later without changing callers.
 */
#ifndef A64EMU_MEMACCESS_H
#define A64EMU_MEMACCESS_H

#include <stdbool.h>
#include <stdint.h>

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

#endif
