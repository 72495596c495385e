/* SPDX-License-Identifier: MIT */
/*
 * tlb.h - the soft TLB: direct-mapped arrays of 4 KiB entries, one array
 * per MMU index (translation regime x privilege), each entry holding a host
 * addend so the engines' fast path is one compare and one add (TinyEMU,
 * QEMU's softmmu). Larger pages and blocks are entered 4 KiB at a time.
 *
 * A tag is the page-aligned virtual address; any low bit set (TLB_MMIO,
 * TLB_NOTDIRTY, or an invalid entry's all-ones) makes the fast-path compare
 * fail and sends the access to the slow path.
 */
#ifndef A64EMU_TLB_H
#define A64EMU_TLB_H

#include <stdint.h>

#include "memory.h"

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_MMU_IDX_COUNT 8   /* see frontend/cpu.h A64_MMU_IDX_* */

#define TLB_INVALID UINT64_MAX
#define TLB_MMIO 1ull         /* not RAM: go through MemRegionOps */
#define TLB_NOTDIRTY 2ull     /* write to a page that holds translated code */

typedef struct TlbEntry {
    uint64_t tag_read;
    uint64_t tag_write;
    uint64_t tag_code;
    uintptr_t addend;     /* host address = guest VA + addend (RAM only) */
    uint64_t pa_page;     /* physical page, for the slow path */
    uint64_t attrs;       /* frontend-defined (ASID/global/attributes) */
} TlbEntry;

typedef struct Tlb {
    TlbEntry e[TLB_MMU_IDX_COUNT][TLB_SIZE];
} Tlb;

static inline unsigned tlb_index(uint64_t va)
{
    return (unsigned)(va >> A64_PAGE_BITS) & (TLB_SIZE - 1);
}

static inline TlbEntry *tlb_entry(Tlb *t, unsigned mmu_idx, uint64_t va)
{
    return &t->e[mmu_idx][tlb_index(va)];
}

/* Fast-path test: the access of size bytes at va hits a RAM entry for
 * reading/writing and does not cross the page. */
static inline int tlb_hit(uint64_t tag, uint64_t va, unsigned size)
{
    return tag == (va & A64_PAGE_MASK) &&
           ((va & (A64_PAGE_SIZE - 1)) + size) <= A64_PAGE_SIZE;
}

/* prot bits for tlb_set */
enum { TLB_PROT_R = 1, TLB_PROT_W = 2, TLB_PROT_X = 4 };

/* Enter one 4 KiB page. host is the host pointer of the page (RAM/ROM) or
 * NULL for MMIO; rom pages are entered without TLB_PROT_W by the caller.
 * notdirty marks a RAM page that holds translated code. */
void tlb_set(Tlb *t, unsigned mmu_idx, uint64_t va, uint64_t pa, void *host,
             unsigned prot, int notdirty, uint64_t attrs);
void tlb_flush_all(Tlb *t);
void tlb_flush_idx(Tlb *t, unsigned mmu_idx_mask);
void tlb_flush_page(Tlb *t, unsigned mmu_idx_mask, uint64_t va);
/* Drop write entries that map physical page pa (it now holds code). */
void tlb_flush_phys_write(Tlb *t, uint64_t pa_page);

#endif
